#pragma D option quiet

BEGIN
{
	@q["small"] = quantize(1);
	@q["large"] = quantize(1024);
	@q["large"] = quantize(2047);
	exit(0);
}
