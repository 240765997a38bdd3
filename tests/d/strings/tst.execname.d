#pragma D option quiet

syscall::getpid:entry
/execname == "getpid_n"/
{
	printf("%s %d\n", execname, strlen(execname));
	exit(0);
}
