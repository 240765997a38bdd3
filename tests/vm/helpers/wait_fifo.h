/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the VM test helpers: block until the test script says go.
 *
 * Only open(2) is used (an open of a FIFO for reading blocks until a writer
 * opens it), never read(2), so that waiting adds no vfs_read() call and no
 * system call that a test counts.
 */
#ifndef WAIT_FIFO_H
#define WAIT_FIFO_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void wait_fifo(const char *path)
{
	int fd;

	if (!path)
		return;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static inline long parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0) {
		fprintf(stderr, "bad count: %s\n", s);
		exit(2);
	}
	return n;
}

#endif /* WAIT_FIFO_H */
