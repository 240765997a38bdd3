#pragma D option quiet

/* several aggregations print in the order they were declared */
BEGIN
{
	@b = count();
	@a["x"] = sum(3);
	@a["y"] = sum(1);
	@c[1, 2] = max(9);
	exit(0);
}
