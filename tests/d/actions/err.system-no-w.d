BEGIN
{
	system("echo hi");
	exit(0);
}
