#pragma D option quiet

/* sum() keyed by a string and an integer; sorted by value */
BEGIN
{
	@s["b", 2] = sum(20);
	@s["a", 1] = sum(5);
	@s["a", 1] = sum(5);
	@s["c", 3] = sum(-7);
	exit(0);
}
