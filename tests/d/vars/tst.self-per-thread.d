#pragma D option quiet

/* another thread does not see this thread's self-> variables */
syscall::getpid:entry
/pid == $target/
{
	self->mine = 1;
}

syscall::getpid:entry
/pid != $target && self->mine/
{
	leak++;
}

syscall::exit_group:entry
/pid == $target/
{
	printf("%d %d\n", self->mine, leak);
	exit(0);
}
