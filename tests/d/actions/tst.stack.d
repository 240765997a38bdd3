#pragma D option quiet

/* the kernel stack at vfs_read names vfs_read itself first */
fbt::vfs_read:entry
/pid == $target/
{
	stack();
	exit(0);
}
