#pragma D option quiet

BEGIN
{
	trace(*(int *)8);
}

BEGIN
{
	printf("still running\n");
	exit(0);
}
