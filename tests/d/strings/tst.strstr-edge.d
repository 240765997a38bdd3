#pragma D option quiet

BEGIN
{
	printf("[%s] [%s]\n", strstr("abc", ""), strstr("abc", "abc"));
	printf("%d\n", strstr("abc", "x") == NULL);
	exit(0);
}
