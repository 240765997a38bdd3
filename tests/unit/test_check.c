// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace --check without a device: the report printed from a made-up
 * DTRACEIOC_CHECK answer, the exit decision (every self-test OK), and
 * sanitizing of an answer whose strings are not terminated.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "test_harness.h"

static void add(struct dtrace_check *ck, dt_u32 kind, const char *name,
		dt_u32 result, const char *text)
{
	struct dtrace_check_item *it = &ck->items[ck->nitems++];

	it->kind = kind;
	it->result = result;
	snprintf(it->name, sizeof(it->name), "%s", name);
	snprintf(it->text, sizeof(it->text), "%s", text);
}

static void make(struct dtrace_check *ck)
{
	memset(ck, 0, sizeof(*ck));
	snprintf(ck->release, sizeof(ck->release), "6.1.0-50-amd64");
	snprintf(ck->built_for, sizeof(ck->built_for), "6.1.0-50-amd64");
	snprintf(ck->guest_name, sizeof(ck->guest_name), "Xen PV dom0");
	ck->guest = DTRACE_GUEST_XEN_PV_DOM0;
	add(ck, DTRACE_CHECK_PROVIDER, "dtrace", 0, "ioctl");
	add(ck, DTRACE_CHECK_PROVIDER, "fbt", 0, "kprobe");
	add(ck, DTRACE_CHECK_BUILD, "paravirt-xxl", 1, "CONFIG_PARAVIRT_XXL");
	add(ck, DTRACE_CHECK_BUILD, "ibt", 0, "CONFIG_X86_KERNEL_IBT");
	add(ck, DTRACE_CHECK_BUILD, "xen-pv", 1, "CONFIG_XEN_PV");
	add(ck, DTRACE_CHECK_TEST, "irq-masking", DTRACE_CHECK_OK, "held off");
	add(ck, DTRACE_CHECK_TEST, "timer", DTRACE_CHECK_OK, "");
}

/* Print @ck; returns dt_check_print()'s value, the text in *@out. */
static int print(const struct dtrace_check *ck, char **out)
{
	size_t len;
	FILE *fp = open_memstream(out, &len);
	int ret;

	if (!fp) {
		perror("open_memstream");
		exit(1);
	}
	ret = dt_check_print(fp, "dtrace", ck);
	fclose(fp);
	return ret;
}

static void test_all_ok(void)
{
	struct dtrace_check ck;
	char *out;
	int ret;

	make(&ck);
	ret = print(&ck, &out);
	CHECK(ret == 0, "all OK returned %d", ret);
	CHECK(!strcmp(out,
		      "dtrace: kernel 6.1.0-50-amd64, guest: Xen PV dom0\n"
		      "dtrace: built for: 6.1.0-50-amd64 paravirt-xxl xen-pv\n"
		      "dtrace: built without: ibt\n"
		      "dtrace: provider dtrace: ioctl\n"
		      "dtrace: provider fbt: kprobe\n"
		      "dtrace: self-test irq-masking: OK (held off)\n"
		      "dtrace: self-test timer: OK\n"
		      "dtrace: 2 of 2 self-tests OK\n"), "got:\n%s", out);
	free(out);
}

static void test_not_ok(void)
{
	struct dtrace_check ck;
	char *out;
	int ret;

	make(&ck);
	add(&ck, DTRACE_CHECK_TEST, "fbt-probe", DTRACE_CHECK_FAILED,
	    "fired 0 times");
	add(&ck, DTRACE_CHECK_TEST, "syscall-hook", DTRACE_CHECK_SKIPPED,
	    "in use");
	add(&ck, DTRACE_CHECK_TEST, "future", 7, "");
	ret = print(&ck, &out);
	CHECK(ret == 3, "failed + skipped + unknown returned %d", ret);
	CHECK(strstr(out, "dtrace: self-test fbt-probe: FAILED (fired 0 "
		      "times)\n") != NULL, "got:\n%s", out);
	CHECK(strstr(out, "dtrace: self-test syscall-hook: skipped (in use)\n")
	      != NULL, "got:\n%s", out);
	CHECK(strstr(out, "dtrace: self-test future: unknown result\n")
	      != NULL, "got:\n%s", out);
	CHECK(strstr(out, "dtrace: 2 of 5 self-tests OK\n") != NULL,
	      "got:\n%s", out);
	free(out);
}

static void test_no_tests(void)
{
	struct dtrace_check ck;
	char *out;
	int ret;

	make(&ck);
	ck.nitems = 2;		/* the providers only */
	ret = print(&ck, &out);
	CHECK(ret == -1, "no self-test returned %d", ret);
	CHECK(strstr(out, "dtrace: built without: -\n") != NULL, "got:\n%s",
	      out);
	CHECK(strstr(out, "dtrace: no self-test ran\n") != NULL, "got:\n%s",
	      out);
	free(out);
}

static void test_sanitize(void)
{
	struct dtrace_check ck;
	char *out;
	dt_u32 i;

	memset(&ck, 'x', sizeof(ck));
	ck.nitems = 100000;
	for (i = 0; i < DTRACE_CHECK_MAXITEMS; i++) {
		ck.items[i].kind = DTRACE_CHECK_TEST;
		ck.items[i].result = DTRACE_CHECK_OK;
	}
	dt_check_sanitize(&ck);
	CHECK_EQ(ck.nitems, DTRACE_CHECK_MAXITEMS, "nitems clamped");
	CHECK_EQ(strlen(ck.release), sizeof(ck.release) - 1, "release");
	CHECK_EQ(strlen(ck.guest_name), sizeof(ck.guest_name) - 1, "guest");
	CHECK_EQ(strlen(ck.items[0].name), DTRACE_CHECK_NAMELEN - 1, "name");
	CHECK_EQ(strlen(ck.items[DTRACE_CHECK_MAXITEMS - 1].text),
		 DTRACE_CHECK_TEXTLEN - 1, "text");
	CHECK(print(&ck, &out) == 0, "sanitized all-OK answer");
	free(out);
}

static void test_result_str(void)
{
	CHECK(!strcmp(dt_check_result_str(DTRACE_CHECK_OK), "OK"), "OK");
	CHECK(!strcmp(dt_check_result_str(DTRACE_CHECK_FAILED), "FAILED"),
	      "FAILED");
	CHECK(!strcmp(dt_check_result_str(DTRACE_CHECK_SKIPPED), "skipped"),
	      "skipped");
	/* The ioctl's size is part of its number: keep it under 16 KiB. */
	CHECK(sizeof(struct dtrace_check) < (1u << 14), "size %zu",
	      sizeof(struct dtrace_check));
}

int main(void)
{
	test_all_ok();
	test_not_ok();
	test_no_tests();
	test_sanitize();
	test_result_str();
	return th_done("test_check");
}
