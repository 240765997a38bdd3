#pragma D option quiet

BEGIN
{
	@a = avg(-10);
	@a = avg(-3);
	@m = min(-1);
	@m = min(-100);
	@x = max(-1);
	@x = max(-100);
	exit(0);
}
