BEGIN
{
	printf("never printed\n");
	exit(0);
}
