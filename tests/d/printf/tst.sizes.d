#pragma D option quiet

BEGIN
{
	printf("%hd %hhd %ld %lu\n", (short)-2, (char)-3, -4L, 5UL);
	exit(0);
}
