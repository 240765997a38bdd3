#pragma D option quiet

BEGIN
{
	trace(1);
	trace("two");
	trace(-3);
	exit(0);
}
