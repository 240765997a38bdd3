#pragma D option quiet

/* the classic: time a system call with a thread-local timestamp */
syscall::getpid:entry
/pid == $target/
{
	self->ts = timestamp;
}

syscall::getpid:return
/self->ts/
{
	@calls["getpid"] = count();
	@ordered = sum(timestamp >= self->ts);
	self->ts = 0;
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
