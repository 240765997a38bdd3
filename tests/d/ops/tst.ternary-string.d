#pragma D option quiet

BEGIN
{
	x = 3;
	s = x > 2 ? "big" : "small";
	printf("%s %s\n", s, x == 3 ? strjoin("thr", "ee") : "other");
	exit(0);
}
