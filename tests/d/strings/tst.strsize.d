#pragma D option quiet
#pragma D option strsize=16

BEGIN
{
	printf("%s\n", "0123456789abcdefghijklmnopqrstuvwxyz");
	exit(0);
}
