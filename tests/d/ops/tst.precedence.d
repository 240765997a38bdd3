#pragma D option quiet

BEGIN
{
	printf("%d %d %d\n", 2 + 3 * 4, (2 + 3) * 4, 1 + 2 << 3);
	printf("%d %d\n", 1 | 2 ^ 3 & 4, 10 - 4 - 3);
	printf("%d\n", 1 < 2 == 1);
	exit(0);
}
