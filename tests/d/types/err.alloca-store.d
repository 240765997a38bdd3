/* stores through pointers, even into alloca() memory, are not supported */
BEGIN
{
	this->p = (int *)alloca(sizeof (int));
	*this->p = 1;
}
