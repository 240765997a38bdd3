/* commit() may not follow data-recording actions in its clause */
BEGIN
{
	printf("x");
	commit(1);
}
