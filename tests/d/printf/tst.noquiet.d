BEGIN
{
	printf("value %d", 7);
	exit(0);
}
