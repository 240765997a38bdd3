syscall:::entry:extra
{
}
