/* the two values of ?: must have compatible types */
BEGIN
{
	trace(pid ? "a" : 2);
}
