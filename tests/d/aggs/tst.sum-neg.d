#pragma D option quiet

BEGIN
{
	@s = sum(-5);
	@s = sum(2);
	printa("%@d\n", @s);
	exit(0);
}
