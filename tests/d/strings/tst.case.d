#pragma D option quiet

BEGIN
{
	printf("%s %s\n", toupper("MiXeD 123"), tolower("MiXeD 123"));
	exit(0);
}
