/* DTrace Guide, "Variables": trussrw.d, for pread64 */
syscall::pread64:entry
/pid == $target/
{
	printf("%s(%d, 0x%p, %4d)", probefunc, arg0, arg1, arg2);
}

syscall::pread64:return
/pid == $target/
{
	printf("\t\t = %d\n", arg1);
}

syscall::exit_group:entry
/pid == $target/
{
	exit(0);
}
