#pragma D option quiet

BEGIN
{
	@c["b"] = count();
	@c["a"] = count();
	@c["a"] = count();
	printa(@c);
	printf("--\n");
	exit(0);
}
