/* ! wants a scalar operand */
BEGIN
{
	trace(!"a");
}
