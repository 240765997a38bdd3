#pragma D option quiet

BEGIN
{
	@d = stddev(2); @d = stddev(4); @d = stddev(4); @d = stddev(4);
	@d = stddev(5); @d = stddev(5); @d = stddev(7); @d = stddev(9);
	exit(0);
}
