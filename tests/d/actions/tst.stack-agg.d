#pragma D option quiet

/* stacks as aggregation keys */
fbt::vfs_read:entry
/pid == $target/
{
	@[stack(5)] = count();
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
