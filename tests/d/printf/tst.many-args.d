#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d %d %d %d %d %s %s\n", 1, 2, 3, 4, 5, 6, 7, 8,
	    "nine", "ten");
	exit(0);
}
