#pragma D option quiet

BEGIN
{
	s = "abcabc";
	printf("%d %d %d\n", index(s, "c"), rindex(s, "c"), index(s, "abc", 1));
	exit(0);
}
