#pragma D option quiet

BEGIN
{
	printf("%s %s %s\n", lltostr(0), lltostr(-123), lltostr(9223372036854775807));
	exit(0);
}
