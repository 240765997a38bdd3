#pragma D option quiet

/* an associative array as a counter, across many firings */
BEGIN
{
	n = 0;
}

tick-1ms
/n < 30/
{
	n++;
	seen[n % 3]++;
}

tick-1ms
/n == 30/
{
	printf("%d %d %d\n", seen[0], seen[1], seen[2]);
	exit(0);
}
