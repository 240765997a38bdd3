#pragma D option quiet

BEGIN
{
	@bytes["r"] = sum(3000);
	@bytes["w"] = sum(1000);
	normalize(@bytes, 1000);
	printa("%s %@d\n", @bytes);
	denormalize(@bytes);
	printa("%s %@d\n", @bytes);
	exit(0);
}
