#pragma D option quiet

BEGIN
{
	@["b"] = sum(1);
	@["a"] = sum(2);
	setopt("aggsortkey");
	printa("%s %@d\n", @);
	setopt("aggsortkey", "false");
	printa("%s %@d\n", @);
	exit(0);
}
