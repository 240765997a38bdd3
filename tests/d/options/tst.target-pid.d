#pragma D option quiet

syscall::exit_group:entry
/pid == $target/
{
	printf("%d\n", $pid != $target && $target > 0);
	exit(0);
}
