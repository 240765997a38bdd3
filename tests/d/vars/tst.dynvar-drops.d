#pragma D option quiet
#pragma D option dynvarsize=1k

/* a tiny dynamic variable space fills up: the drops are reported */
BEGIN
{
	n = 0;
}

tick-1ms
/n < 200/
{
	n++;
	big[n] = n;
}

tick-1ms
/n == 200/
{
	exit(0);
}
