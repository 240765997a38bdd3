#pragma D option quiet

tick-10ms
{
	n++;
}

tick-10ms
/n == 5/
{
	printf("%s %d\n", probename, n);
	exit(0);
}
