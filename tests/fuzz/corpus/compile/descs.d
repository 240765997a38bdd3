 syscall::read:entry, fbt:vmlinux:vfs_*:entry,a:b,
  profile:::tick-1s /pid/ { } tick-1s END{}fbt::[a-c]?x: