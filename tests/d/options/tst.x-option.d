BEGIN
{
	printf("x quiet\n");
	exit(0);
}
