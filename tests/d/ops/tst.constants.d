#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d\n", 0x1F, 017, 'A', '\n');
	printf("%d %d\n", 10u, 5000000000);
	exit(0);
}
