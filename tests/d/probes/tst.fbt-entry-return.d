#pragma D option quiet

fbt::vfs_read:entry
/pid == $target/
{
	@e = count();
}

fbt::vfs_read:return
/pid == $target/
{
	@r = count();
}

syscall::exit_group:entry
/pid == $target/
{
	printa("entry %@d\n", @e);
	printa("return %@d\n", @r);
	exit(0);
}
