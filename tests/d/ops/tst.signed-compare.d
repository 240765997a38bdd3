#pragma D option quiet

BEGIN
{
	printf("%d %d\n", -1 < 0, (unsigned int)-1 > 0);
	printf("%d\n", (unsigned long)-1 == 0xffffffffffffffff);
	exit(0);
}
