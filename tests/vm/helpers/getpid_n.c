// SPDX-License-Identifier: GPL-2.0
/*
 * getpid_n N [FIFO]: after FIFO is opened by a writer (if given), make
 * exactly N getpid system calls, then exit.  syscall() is used because
 * glibc may answer getpid() without entering the kernel.
 */
#include <sys/syscall.h>
#include "wait_fifo.h"

int main(int argc, char **argv)
{
	long i, n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: getpid_n N [FIFO]\n");
		return 2;
	}
	n = parse_count(argv[1]);
	wait_fifo(argc == 3 ? argv[2] : NULL);
	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
	return 0;
}
