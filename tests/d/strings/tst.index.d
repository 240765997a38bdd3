#pragma D option quiet

BEGIN
{
	printf("%d %d %d\n", index("foobarbar", "bar"),
	    index("foobarbar", "bar", 4), index("foo", "x"));
	printf("%d %d\n", rindex("foobarbar", "bar"), rindex("foo", "x"));
	exit(0);
}
