#pragma D option quiet

BEGIN
{
	printf("%d %d %d %d\n", 1 && 0, 1 || 0, !5, !0);
	printf("%d %d %d\n", 3 < 4, 3 >= 4, 3 != 4);
	printf("%s\n", 2 > 1 ? "yes" : "no");
	printf("%d\n", 0 ? 10 : 1 ? 20 : 30);
	exit(0);
}
