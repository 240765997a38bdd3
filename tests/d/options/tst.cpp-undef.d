BEGIN
{
#ifdef EXTRA
	printf("extra\n");
#else
	printf("plain\n");
#endif
	exit(0);
}
