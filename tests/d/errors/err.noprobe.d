syscall::no_such_syscall:entry
{
}
