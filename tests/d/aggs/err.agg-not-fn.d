/* an aggregation takes the result of an aggregating function */
BEGIN
{
	@a = 1;
}
