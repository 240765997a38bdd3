#pragma D option quiet

/* avg() rounds toward zero as integer division */
BEGIN
{
	@a = avg(1);
	@a = avg(2);
	printa("%@d\n", @a);
	exit(0);
}
