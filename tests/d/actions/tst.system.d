#pragma D option quiet

BEGIN
{
	system("echo from system %d", 42);
	exit(0);
}
