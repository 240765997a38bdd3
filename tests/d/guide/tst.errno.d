/* DTrace Guide, "Actions and Subroutines": failed opens with their errno */
#pragma D option quiet

syscall::openat:return
/pid == $target && arg1 == -1/
{
	printf("%s failed, errno %d\n", probefunc, errno);
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
