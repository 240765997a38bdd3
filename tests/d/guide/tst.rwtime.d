/* DTrace Guide, "Variables": rwtime.d (the target instead of $1) */
#pragma D option quiet

syscall::pread64:entry
/pid == $target/
{
	ts[probefunc] = timestamp;
}

syscall::pread64:return
/pid == $target && ts[probefunc] != 0/
{
	printf("%d nsecs\n", timestamp - ts[probefunc]);
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
