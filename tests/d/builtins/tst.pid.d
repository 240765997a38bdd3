#pragma D option quiet

syscall::getpid:entry
/pid == $target/
{
	printf("%d %d %d %s\n", pid == $target, tid == pid, ppid > 0, execname);
	exit(0);
}
