/* trace() cannot record an aggregation */
BEGIN
{
	@a = count();
	trace(@a);
}
