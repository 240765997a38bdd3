#pragma D option quiet

BEGIN
{
	name[1] = "alpha";
	name[2] = strjoin("be", "ta");
	printf("%s %s\n", name[1], name[2]);
	exit(0);
}
