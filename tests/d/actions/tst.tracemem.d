#pragma D option quiet

syscall::openat:entry
/pid == $target && copyinstr(arg1) == "/proc/version"/
{
	tracemem(copyin(arg1, 6), 6);
	exit(0);
}
