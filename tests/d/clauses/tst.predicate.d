#pragma D option quiet

BEGIN
{
	x = 5;
}

BEGIN
/x > 3 && x < 10/
{
	printf("in range\n");
}

BEGIN
/x == 4 || !x/
{
	printf("wrong\n");
}

BEGIN
{
	exit(0);
}
