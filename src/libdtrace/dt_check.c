// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace --check: ask the module what it runs on and how its self-tests
 * went (DTRACEIOC_CHECK), and print the answer one fact per line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dt_consumer.h"

/* The syscall self-test waits for a system call: make some. */
static pid_t dt_check_helper(void)
{
	struct timespec ts = { 0, 2000000 };	/* 2 ms */
	pid_t parent = getpid(), pid = fork();

	if (pid != 0)
		return pid;	/* parent, or -1: the kernel waits for others */
	/* Never outlive the parent, even if it is killed. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (getppid() == parent)
		nanosleep(&ts, NULL);
	_exit(0);
}

int dt_check(struct dt_handle *h, unsigned int flags, struct dtrace_check *ck)
{
	pid_t helper = -1;
	int ret, err;

	memset(ck, 0, sizeof(*ck));
	ck->flags = flags;
	if (!(flags & DTRACE_CHECK_F_NOTESTS)) {
		fflush(NULL);	/* the helper must not flush our buffers */
		helper = dt_check_helper();
	}
	ret = ioctl(h->fd, DTRACEIOC_CHECK, ck);
	err = errno;
	if (helper > 0) {
		kill(helper, SIGKILL);
		while (waitpid(helper, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (ret < 0) {
		if (err == ENOTTY)
			snprintf(h->errmsg, sizeof(h->errmsg), "the dtrace "
				 "module does not support the check (built "
				 "from an older version?)");
		else
			snprintf(h->errmsg, sizeof(h->errmsg), "DTrace "
				 "device refused the check: %s",
				 strerror(err));
		return -1;
	}
	dt_check_sanitize(ck);
	return 0;
}

/* Nothing the kernel returned may make us read past a field. */
void dt_check_sanitize(struct dtrace_check *ck)
{
	dt_u32 i;

	ck->release[sizeof(ck->release) - 1] = '\0';
	ck->built_for[sizeof(ck->built_for) - 1] = '\0';
	ck->guest_name[sizeof(ck->guest_name) - 1] = '\0';
	if (ck->nitems > DTRACE_CHECK_MAXITEMS)
		ck->nitems = DTRACE_CHECK_MAXITEMS;
	for (i = 0; i < ck->nitems; i++) {
		struct dtrace_check_item *it = &ck->items[i];

		it->name[sizeof(it->name) - 1] = '\0';
		it->text[sizeof(it->text) - 1] = '\0';
	}
}

const char *dt_check_result_str(dt_u32 result)
{
	switch (result) {
	case DTRACE_CHECK_OK:
		return "OK";
	case DTRACE_CHECK_FAILED:
		return "FAILED";
	case DTRACE_CHECK_SKIPPED:
		return "skipped";
	default:
		return "unknown result";
	}
}

/* Print the facts of one kind whose result is @set, space separated. */
static int dt_check_facts(FILE *fp, const struct dtrace_check *ck, int set)
{
	int n = 0;
	dt_u32 i;

	for (i = 0; i < ck->nitems; i++) {
		const struct dtrace_check_item *it = &ck->items[i];

		if (it->kind != DTRACE_CHECK_BUILD || !it->result != !set)
			continue;
		fprintf(fp, " %s", it->name);
		n++;
	}
	return n;
}

int dt_check_print(FILE *fp, const char *pname, const struct dtrace_check *ck)
{
	int notok = 0, ntests = 0;
	dt_u32 i;

	fprintf(fp, "%s: kernel %s, guest: %s\n", pname, ck->release,
		ck->guest_name);
	fprintf(fp, "%s: built for: %s", pname, ck->built_for);
	dt_check_facts(fp, ck, 1);
	fprintf(fp, "\n%s: built without:", pname);
	if (!dt_check_facts(fp, ck, 0))
		fprintf(fp, " -");
	fputc('\n', fp);
	for (i = 0; i < ck->nitems; i++) {
		const struct dtrace_check_item *it = &ck->items[i];

		if (it->kind == DTRACE_CHECK_PROVIDER)
			fprintf(fp, "%s: provider %s: %s\n", pname, it->name,
				it->text);
	}
	for (i = 0; i < ck->nitems; i++) {
		const struct dtrace_check_item *it = &ck->items[i];

		if (it->kind != DTRACE_CHECK_TEST)
			continue;
		ntests++;
		if (it->result != DTRACE_CHECK_OK)
			notok++;
		fprintf(fp, "%s: self-test %s: %s", pname, it->name,
			dt_check_result_str(it->result));
		if (it->text[0])
			fprintf(fp, " (%s)", it->text);
		fputc('\n', fp);
	}
	if (!ntests) {
		fprintf(fp, "%s: no self-test ran\n", pname);
		return -1;
	}
	fprintf(fp, "%s: %d of %d self-tests OK\n", pname, ntests - notok,
		ntests);
	return notok;
}
