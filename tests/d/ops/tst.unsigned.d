#pragma D option quiet

BEGIN
{
	printf("%u\n", (unsigned int)-1);
	printf("%d\n", (char)300);
	printf("%d\n", (unsigned char)300);
	printf("%d\n", (short)70000);
	printf("%d %d\n", sizeof (int), sizeof (long long));
	exit(0);
}
