/* DTrace Guide, "Speculative Tracing": keep only failed opens' traces */
#pragma D option quiet

syscall::openat:entry
/pid == $target/
{
	self->spec = speculation();
	speculate(self->spec);
	printf("open %s\n", copyinstr(arg1));
}

syscall::openat:return
/self->spec && arg1 == -1/
{
	commit(self->spec);
	self->spec = 0;
}

syscall::openat:return
/self->spec/
{
	discard(self->spec);
	self->spec = 0;
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
