#pragma D option quiet

BEGIN
{
	@[probename, 1] = count();
	@[probename, 2] = count();
	@[probename, 2] = count();
	printa("%s %d %@d\n", @);
	exit(0);
}
