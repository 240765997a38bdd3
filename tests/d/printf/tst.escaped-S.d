#pragma D option quiet

BEGIN
{
	printf("%S\n", "tab\there");
	exit(0);
}
