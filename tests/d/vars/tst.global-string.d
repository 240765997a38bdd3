#pragma D option quiet

BEGIN
{
	s = "first";
	t = strjoin(s, "-joined");
	s = "second";
	printf("%s %s\n", s, t);
	exit(0);
}
