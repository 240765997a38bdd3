#pragma D option quiet

BEGIN
{
	@k[10] = count();
	@k[-2] = count();
	@k[-2] = count();
	@k[300] = count();
	@k[300] = count();
	@k[300] = count();
	printa("%d %@d\n", @k);
	exit(0);
}
