#pragma D option quiet

BEGIN
{
	printf("%s\n", strjoin("foo", "bar"));
	printf("%s\n", strjoin(strjoin("a", "b"), strjoin("c", "d")));
	printf("[%s]\n", strjoin("", ""));
	exit(0);
}
