#pragma D option quiet

/* tick-N fires on one CPU: ten firings, then exit */
profile:::tick-100hz
{
	@ticks = count();
}

profile:::tick-100hz
/++n == 10/
{
	exit(0);
}
