/* count() with no key, printed at exit */
BEGIN
{
	@ = count();
	@ = count();
	@ = count();
	exit(0);
}
