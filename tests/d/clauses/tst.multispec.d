#pragma D option quiet

/* one clause, two probe descriptions */
BEGIN, END
{
	printf("%s\n", probename);
}

BEGIN
{
	exit(0);
}
