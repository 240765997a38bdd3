#pragma D option quiet

BEGIN
{
	a = 1;
	b = a + 1;
	c = a + b * 10;
}

BEGIN
{
	printf("%d %d %d\n", a, b, c);
	exit(0);
}
