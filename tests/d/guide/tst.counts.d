/* DTrace Guide, "Aggregations": system calls by process name */
syscall:::entry
/pid == $target/
{
	@counts[execname] = count();
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
