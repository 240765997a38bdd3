#pragma D option quiet

BEGIN
{
	@v["a"] = sum(1);
	@v["b"] = sum(2);
	@v["c"] = sum(3);
	@v["d"] = sum(4);
	trunc(@v, 2);
	printa("%s %@d\n", @v);
	trunc(@v);
	printa("%s %@d\n", @v);
	printf("empty\n");
	exit(0);
}
