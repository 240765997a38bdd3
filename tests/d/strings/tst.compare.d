#pragma D option quiet

BEGIN
{
	printf("%d %d %d\n", "abc" == "abc", "abc" < "abd", "b" > "abc");
	printf("%d %d\n", "x" != "x", "" < "a");
	exit(0);
}
