#pragma D option quiet

syscall::getp*:entry
/pid == $target/
{
	@[probefunc] = count();
}

syscall::exit_group:entry
/pid == $target/
{
	printa("%s %@d\n", @);
	exit(0);
}
