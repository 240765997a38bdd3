/* DTrace Guide, "Introduction": countdown.d (ticks shortened) */
dtrace:::BEGIN
{
	i = 10;
}

profile:::tick-100msec
/i > 0/
{
	trace(i--);
}

profile:::tick-100msec
/i == 0/
{
	trace("blastoff!");
	exit(0);
}
