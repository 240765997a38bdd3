#pragma D option quiet

typedef unsigned char byte_t;

BEGIN
{
	printf("%d %d\n", sizeof (byte_t), (byte_t)257);
	exit(0);
}
