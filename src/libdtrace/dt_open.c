// SPDX-License-Identifier: GPL-2.0
/*
 * Opening the DTrace device and checking that the module speaks our ABI.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dt_consumer.h"

static struct dt_handle *dt_handle_alloc(void)
{
	struct dt_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fd = -1;
	h->out = stdout;
	h->err = stderr;
	h->pname = "dtrace";
	dt_opts_init(&h->opts);
	dt_aggtab_init(&h->aggs);
	return h;
}

struct dt_handle *dt_handle_nodev(void)
{
	struct dt_handle *h = dt_handle_alloc();

	if (h)
		h->ncpus = 1;
	return h;
}

static const char *dt_open_errstr(int err)
{
	switch (err) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return "DTrace device not available (is the dtrace module loaded?)";
	case EACCES:
	case EPERM:
		return "DTrace requires additional privileges (run as root)";
	case EBUSY:
		return "DTrace device is busy";
	default:
		return strerror(err);
	}
}

struct dt_handle *dt_open(const char *dev, char *err, size_t errlen)
{
	struct dtrace_version v;
	struct dt_handle *h;
	int fd;

	if (!dev)
		dev = "/dev/" DTRACE_DEVNAME;

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", dt_open_errstr(errno));
		return NULL;
	}

	memset(&v, 0, sizeof(v));
	if (ioctl(fd, DTRACEIOC_VERSION, &v) < 0) {
		snprintf(err, errlen, "DTrace device does not answer "
			 "VERSION: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (v.abi != DTRACE_ABI_VERSION) {
		snprintf(err, errlen, "DTrace module ABI version %u does not "
			 "match this library's version %u", v.abi,
			 DTRACE_ABI_VERSION);
		close(fd);
		return NULL;
	}
	if (v.ncpus == 0 || v.ncpus > 65536) {
		snprintf(err, errlen, "DTrace module reports %u CPUs", v.ncpus);
		close(fd);
		return NULL;
	}

	h = dt_handle_alloc();
	if (!h) {
		snprintf(err, errlen, "out of memory");
		close(fd);
		return NULL;
	}
	h->fd = fd;
	h->ncpus = v.ncpus;
	memcpy(h->release, v.release, sizeof(h->release));
	h->release[sizeof(h->release) - 1] = '\0';
	return h;
}

void dt_close(struct dt_handle *h)
{
	if (!h)
		return;
	if (h->fd >= 0)
		close(h->fd);
	dt_aggtab_free(&h->aggs);
	free(h->probes);
	free(h->ecbs);
	free(h->snap);
	free(h);
}
