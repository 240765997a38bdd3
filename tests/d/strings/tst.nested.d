#pragma D option quiet

BEGIN
{
	printf("%s\n", toupper(substr(strjoin("hello", " world"), 6)));
	printf("%d\n", strlen(basename(dirname("/a/bb/ccc/d"))));
	exit(0);
}
