#pragma D option quiet

BEGIN
{
	@c["b"] = count();
	@c["a"] = count();
	@c["a"] = count();
	@s["a"] = sum(10);
	@s["b"] = sum(20);
	printa("%s=%@d\n", @c);
	printa("%-4s %@4d %@4d|\n", @c, @s);
	exit(0);
}
