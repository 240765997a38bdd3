
 +vmlinux`vfs_read(\+0x[0-9a-f]+)?
( +[a-z_0-9]+`[A-Za-z_.0-9]+\+0x[0-9a-f]+
)*.*
