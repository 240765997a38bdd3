#pragma D option quiet
#pragma D option bufsize=64k

BEGIN
{
	printf("small buffer\n");
	exit(0);
}
