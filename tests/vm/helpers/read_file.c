// SPDX-License-Identifier: GPL-2.0
/*
 * read_file FILE N [FIFO]: open FILE, wait for FIFO to be opened by a
 * writer (if given), then call pread(2) on it exactly N times.  Every
 * call goes through vfs_read() once, whatever the file's size, so an
 * fbt::vfs_read:entry probe predicated on this pid fires exactly N times.
 */
#include "wait_fifo.h"

int main(int argc, char **argv)
{
	char buf[512];
	long i, n;
	int fd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: read_file FILE N [FIFO]\n");
		return 2;
	}
	n = parse_count(argv[2]);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	wait_fifo(argc == 4 ? argv[3] : NULL);
	for (i = 0; i < n; i++) {
		if (pread(fd, buf, sizeof(buf), 0) < 0) {
			perror("pread");
			return 1;
		}
	}
	return 0;
}
