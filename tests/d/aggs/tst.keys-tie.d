#pragma D option quiet

/* equal values sort by key */
BEGIN
{
	@k["zeta"] = count();
	@k["alpha"] = count();
	@k["mid"] = count();
	printa("%s %@d\n", @k);
	exit(0);
}
