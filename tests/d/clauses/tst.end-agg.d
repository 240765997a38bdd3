#pragma D option quiet

BEGIN
{
	@a = sum(1);
	exit(0);
}

END
{
	@a = sum(1);
	printa("total %@d\n", @a);
}
