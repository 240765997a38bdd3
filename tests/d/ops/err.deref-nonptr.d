/* only pointers can be dereferenced */
BEGIN
{
	trace(*1);
}
