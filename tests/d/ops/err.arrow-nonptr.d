/* -> wants a pointer on its left */
BEGIN
{
	trace(pid->x);
}
