#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d %d\n", 7 + 3, 7 - 10, 6 * 7, 17 / 5, 17 % 5);
	printf("%d %d\n", -17 / 5, -17 % 5);
	printf("%d %d %d\n", 1 << 10, 1024 >> 3, -16 >> 2);
	printf("%d %d %d %d\n", 0xf0 & 0x3c, 0xf0 | 0x0f, 0xff ^ 0x0f, ~0);
	exit(0);
}
