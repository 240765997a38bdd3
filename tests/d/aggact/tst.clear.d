#pragma D option quiet

BEGIN
{
	@n["x"] = count();
	@n["x"] = count();
	clear(@n);
	printa("%s %@d\n", @n);
	@n["x"] = count();
	printa("%s %@d\n", @n);
	exit(0);
}
