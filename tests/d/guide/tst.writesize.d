/* DTrace Guide, "Aggregations": quantize() of read sizes */
syscall::pread64:entry
/pid == $target/
{
	@["pread64"] = quantize(arg2);
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
