/* a predicate must be a scalar */
BEGIN
/execname/
{
	exit(0);
}
