#pragma D option quiet
#pragma D option bufpolicy=ring
#pragma D option bufsize=4k

/* a ring buffer keeps the newest records: the last ones survive */
tick-1ms
/i < 500/
{
	printf("%d\n", ++i);
}

tick-1ms
/i == 500/
{
	exit(0);
}
