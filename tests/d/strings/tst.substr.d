#pragma D option quiet

BEGIN
{
	printf("[%s]\n", substr("hello world", 6));
	printf("[%s]\n", substr("hello world", 0, 5));
	printf("[%s]\n", substr("hello world", -5));
	printf("[%s]\n", substr("hello world", -5, 2));
	printf("[%s]\n", substr("hello", 10));
	printf("[%s]\n", substr("hello", 1, 0));
	exit(0);
}
