#pragma D option quiet

BEGIN
{
	printf("tab\there\n");
	printf("quote\" backslash\\ bell-free\n");
	printf("%s\n", "octal\101\102");
	exit(0);
}
