#pragma D option quiet

BEGIN
{
	@mn = min(10); @mn = min(-3); @mn = min(7);
	@mx = max(10); @mx = max(-3); @mx = max(7);
	@av = avg(10); @av = avg(-3); @av = avg(7);
	exit(0);
}
