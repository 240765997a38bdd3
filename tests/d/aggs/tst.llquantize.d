#pragma D option quiet

BEGIN
{
	@l = llquantize(1, 10, 0, 2, 10);
	@l = llquantize(15, 10, 0, 2, 10);
	@l = llquantize(150, 10, 0, 2, 10);
	@l = llquantize(99, 10, 0, 2, 10);
	exit(0);
}
