#pragma D option quiet

BEGIN
{
	printf("[%*d] [%-*d]\n", 6, 7, 6, 7);
	printf("[%.*s]\n", 2, "hello");
	exit(0);
}
