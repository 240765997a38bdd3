/* DTrace Guide, "Introduction": hello.d */
BEGIN
{
	trace("hello, world");
	exit(0);
}
