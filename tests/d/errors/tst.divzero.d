#pragma D option quiet

BEGIN
{
	x = 0;
}

BEGIN
{
	printf("%d\n", 1 / x);
}

BEGIN
{
	printf("after\n");
	exit(0);
}
