#pragma D option quiet

BEGIN
{
	printf("%d %d %d\n", uid, gid, cpu >= 0);
	printf("%d %d\n", timestamp > 0, walltimestamp > 1500000000000000000);
	printf("%d %d\n", vtimestamp > 0, curthread != 0);
	printf("%d %d\n", epid > 0, id > 0);
	exit(0);
}
