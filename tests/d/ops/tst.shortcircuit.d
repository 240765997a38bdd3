#pragma D option quiet

BEGIN
{
	x = 0;
	printf("%d %d\n", 0 && 1 / x, 1 || 1 / x);
	exit(0);
}
