
 +vmlinux`vfs_read(\+0x[0-9a-f]+)?
 +3
