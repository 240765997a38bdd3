#pragma D option quiet

BEGIN
{
	@l = lquantize(-15, -10, 10, 5);
	@l = lquantize(-7, -10, 10, 5);
	@l = lquantize(0, -10, 10, 5);
	@l = lquantize(12, -10, 10, 5);
	exit(0);
}
