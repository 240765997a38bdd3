#pragma D option quiet

BEGIN
{
	printf("%d %i %u %x %X %o\n", 42, -42, 42, 255, 255, 8);
	printf("[%5d] [%-5d] [%05d] [%+d]\n", 42, 42, 42, 42);
	printf("%#x %#o\n", 255, 8);
	printf("%lld %llu\n", -9223372036854775807 - 1, 0xffffffffffffffff);
	exit(0);
}
