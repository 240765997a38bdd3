BEGIN
{
	trace(099);
}
