#pragma D option quiet

BEGIN
{
	printf("[%s] [%10s] [%-10s] [%.3s]\n", "abc", "abc", "abc", "abcdef");
	printf("%c%c%c\n", 'D', 'i', 'F');
	printf("100%%\n");
	exit(0);
}
