#define SQUARE(x) ((x) * (x))

BEGIN
{
#ifdef EXTRA
	printf("extra %d\n", EXTRA);
#endif
	printf("%d\n", SQUARE(7));
	exit(0);
}
