#pragma D option quiet

syscall::openat:return
/pid == $target && errno != 0/
{
	printf("errno %d\n", errno);
	exit(0);
}
