// SPDX-License-Identifier: GPL-2.0
/*
 * Consumer tests without a device: printf formatting, trace() widths,
 * probe-description globs and parsing, kallsyms scanning, aggregation
 * merging and printing, the ENABLE blob and record printing.  Expected
 * output is written out by hand from the illumos formats.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dt_consumer.h"

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		failures++; \
	} \
} while (0)

static void check_str(int line, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		fprintf(stderr, "line %d:\n  got  [%s]\n  want [%s]\n", line,
			got, want);
		failures++;
	}
}
#define CHECK_STR(got, want) check_str(__LINE__, (got), (want))

/* A memory stream and its text. */
struct mem {
	FILE *fp;
	char *buf;
	size_t len;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
}

static char *mem_text(struct mem *m)
{
	fclose(m->fp);
	return m->buf;
}

/* ---- printf ------------------------------------------------------- */

static unsigned char payload[256];

static struct dt_value ival(dt_u32 off, dt_u64 v, int size, int is_signed)
{
	struct dt_value x;

	memset(&x, 0, sizeof(x));
	x.offset = off;
	x.size = size;
	x.is_signed = is_signed;
	x.difo.rsize = 8;
	memcpy(payload + off, &v, 8);
	return x;
}

static struct dt_value sval(dt_u32 off, const char *s, dt_u32 strsize)
{
	struct dt_value x;

	memset(&x, 0, sizeof(x));
	x.offset = off;
	x.is_string = 1;
	x.difo.rsize = strsize;
	x.difo.rtype = DIF_TYPE_STRING;
	memset(payload + off, 0, strsize);
	strncpy((char *)payload + off, s, strsize);
	return x;
}

static char *fmt(const char *f, struct dt_value *v, int n)
{
	struct mem m;
	int rc;

	mem_open(&m);
	rc = dt_printf_format(m.fp, f, v, n, payload, sizeof(payload));
	CHECK(rc == 0);
	return mem_text(&m);
}

static void test_printf(void)
{
	struct dt_value v[4];
	char *s;

	v[0] = ival(0, 0xffffffffULL, 4, 1);
	v[1] = ival(8, 0xffffffffULL, 4, 0);
	v[2] = ival(16, 42, 8, 1);
	s = fmt("a=%d b=%u c=%i%%\n", v, 3);
	CHECK_STR(s, "a=-1 b=4294967295 c=42%\n");
	free(s);

	v[0] = ival(0, 42, 4, 1);
	s = fmt("[%5d][%-5d][%05d][%+d][% d]", (struct dt_value[]){
		v[0], v[0], v[0], v[0], v[0] }, 5);
	CHECK_STR(s, "[   42][42   ][00042][+42][ 42]");
	free(s);

	v[0] = ival(0, 255, 8, 0);
	s = fmt("%x %X %#x %o %#o %lx %llu %hd %lu",
		(struct dt_value[]){ v[0], v[0], v[0], v[0], v[0], v[0], v[0],
				     v[0], v[0] }, 9);
	/* The size prefix names the conversion; the D type (8 bytes) rules */
	CHECK_STR(s, "ff FF 0xff 377 0377 ff 255 255 255");
	free(s);
	/* %hhd prints the value as its D type; %zu, %ju are not D. */
	v[1] = ival(8, 0xfd, 1, 1);
	s = fmt("%hhd", &v[1], 1);
	CHECK_STR(s, "-3");
	free(s);
	{
		struct mem m;

		mem_open(&m);
		CHECK(dt_printf_format(m.fp, "%zu", v, 1, payload,
				       sizeof(payload)) < 0);
		CHECK(dt_printf_format(m.fp, "%ju", v, 1, payload,
				       sizeof(payload)) < 0);
		free(mem_text(&m));
	}

	/* A negative int (4 bytes) in hex is 32 bits wide, as illumos. */
	v[0] = ival(0, (dt_u64)-2, 4, 1);
	s = fmt("%x", v, 1);
	CHECK_STR(s, "fffffffe");
	free(s);
	/* A signed char prints as its D type: -1 */
	v[0] = ival(0, 0xff, 1, 1);
	s = fmt("%d", v, 1);
	CHECK_STR(s, "-1");
	free(s);
	/* unsigned short 0xffff as %d: zero-extended by %u, sign by %d */
	v[0] = ival(0, 0x1ffff, 2, 0);
	s = fmt("%u", v, 1);
	CHECK_STR(s, "65535");
	free(s);

	v[0] = ival(0, 'A', 1, 1);
	v[1] = sval(8, "hello", 32);
	s = fmt("%c|%s|%-8s|%8s|%.3s|", (struct dt_value[]){
		v[0], v[1], v[1], v[1], v[1] }, 5);
	CHECK_STR(s, "A|hello|hello   |   hello|hel|");
	free(s);

	v[0] = ival(0, 0xffffffff81000000ULL, 8, 0);
	s = fmt("%p %#p", (struct dt_value[]){ v[0], v[0] }, 2);
	CHECK_STR(s, "ffffffff81000000 0xffffffff81000000");
	free(s);

	/* %*d takes the width from a value */
	v[0] = ival(0, 6, 4, 1);
	v[1] = ival(8, 7, 4, 1);
	s = fmt("[%*d]", v, 2);
	CHECK_STR(s, "[     7]");
	free(s);

	/* illumos pfcheck_dint(): %d of an unsigned type prints as %u. */
	v[0] = ival(0, 0xffffffffULL, 4, 0);
	v[1] = ival(8, (dt_u64)-3, 8, 1);
	s = fmt("%d %i %u|%x|%o|%X", (struct dt_value[]){ v[0], v[1], v[1],
		v[0], v[0], v[1] }, 6);
	CHECK_STR(s, "4294967295 -3 18446744073709551613|ffffffff|"
		  "37777777777|FFFFFFFFFFFFFFFD");
	free(s);

	/* Dynamic width and precision; a negative width left-justifies. */
	v[0] = ival(0, (dt_u64)-6, 4, 1);
	v[1] = ival(8, 42, 4, 1);
	v[2] = ival(16, 2, 4, 1);
	v[3] = sval(24, "abcdef", 32);
	s = fmt("[%*d][%.*s][%?d]", (struct dt_value[]){ v[0], v[1], v[2],
		v[3], v[1] }, 5);
	CHECK_STR(s, "[42    ][ab][              42]");
	free(s);
	/* illumos drops a zero precision: "%.0s" is the whole string. */
	s = fmt("[%.0s][%+5d][% d][%-+4d|]", (struct dt_value[]){ v[3], v[1],
		v[1], v[1] }, 4);
	CHECK_STR(s, "[abcdef][  +42][ 42][+42 |]");
	free(s);

	/* %S escapes up to the nul, %C as strchr2esc(). */
	v[0] = sval(0, "a\tb\"c\\\001\351", 16);
	v[1] = ival(16, '\n', 1, 1);
	v[2] = ival(24, 'x', 1, 1);
	s = fmt("%S|%C|%C|%c", (struct dt_value[]){ v[0], v[1], v[2], v[2] },
		4);
	CHECK_STR(s, "a\\tb\\\"c\\\\\\001\\351|\\n|x|x");
	free(s);

	/* %Y and %T of walltimestamp, local time (here UTC). */
	setenv("TZ", "UTC", 1);
	tzset();
	v[0] = ival(0, 1764129600ULL * 1000000000ULL + 5, 8, 0);
	s = fmt("%Y|%T|%-22Y|", (struct dt_value[]){ v[0], v[0], v[0] }, 3);
	CHECK_STR(s, "2025 Nov 26 04:00:00|Wed, 26 Nov 2025 04:00:00 UTC|"
		  "2025 Nov 26 04:00:00  |");
	free(s);

	/* %a and %A: kernel symbol+offset; no process for %A. */
	{
		static const char ks[] =
			"ffffffff81000000 T _stext\n"
			"ffffffff81001000 T do_sys_open\n"
			"ffffffff81001000 T alias_of_open\n"
			"ffffffff81002000 t vfs_read\n"
			"0000000000000000 A abs_sym\n"
			"ffffffffc0001000 t ext4_open\t[ext4]\n"
			"ffffffffc0002000 t ext4_end\t[ext4]\n";
		FILE *kf = fmemopen((void *)ks, sizeof(ks) - 1, "r");
		struct dt_ksyms *k = dt_ksyms_load(kf);

		fclose(kf);
		dt_ksyms_set_default(k);
		v[0] = ival(0, 0xffffffff8100101cULL, 8, 0);
		v[1] = ival(8, 0xffffffff81001000ULL, 8, 0);
		v[2] = ival(16, 0xffffffffc0001010ULL, 8, 0);
		v[3] = ival(24, 0x1000, 8, 0);
		s = fmt("%a|%a|%a|%a|%-20a|%A", (struct dt_value[]){ v[0],
			v[1], v[2], v[3], v[1], v[3] }, 6);
		CHECK_STR(s, "vmlinux`do_sys_open+0x1c|vmlinux`do_sys_open|"
			  "ext4`ext4_open+0x10|0x1000|vmlinux`do_sys_open |"
			  "0x1000");
		free(s);
		dt_ksyms_set_default(NULL);
		dt_ksyms_free(k);
	}

	/* "%%" prints '%'; conversions illumos does not know fail. */
	{
		struct mem m;

		v[0] = ival(0, 1, 4, 1);
		mem_open(&m);
		CHECK(dt_printf_format(m.fp, "%5%", v, 1, payload,
				       sizeof(payload)) < 0);
		CHECK(dt_printf_format(m.fp, "%q", v, 1, payload,
				       sizeof(payload)) < 0);
		CHECK(dt_printf_format(m.fp, "%f", v, 1, payload,
				       sizeof(payload)) < 0);
		CHECK(dt_printf_format(m.fp, "%s", v, 1, payload,
				       sizeof(payload)) < 0);
		free(mem_text(&m));
	}

	/* No conversions at all */
	s = fmt("plain text\n", NULL, 0);
	CHECK_STR(s, "plain text\n");
	free(s);

	/* A value beyond the payload is an error, not a read overrun. */
	{
		struct dt_value bad = ival(0, 1, 8, 1);
		struct mem m;

		bad.offset = 252;
		mem_open(&m);
		CHECK(dt_printf_format(m.fp, "%d", &bad, 1, payload,
				       sizeof(payload)) < 0);
		CHECK(dt_printf_format(m.fp, "%d %d", &bad, 0, payload,
				       sizeof(payload)) < 0);
		free(mem_text(&m));
	}
}

/* ---- trace() widths (illumos dt_consume_cpu / dt_print_bytes) ------ */

static void test_trace_widths(void)
{
	struct mem m;
	unsigned char str[16] = "bash";
	unsigned char empty[4] = { 0 };
	char *s;

	mem_open(&m);
	dt_print_int(m.fp, 42, 8, 0);
	dt_print_int(m.fp, (dt_u64)-1, 8, 0);
	dt_print_int(m.fp, 0xffffffffULL, 4, 0);
	dt_print_int(m.fp, 7, 2, 0);
	dt_print_int(m.fp, 255, 1, 0);
	s = mem_text(&m);
	CHECK_STR(s, "               42"
		     "               -1"
		     "       -1"
		     "     7"
		     " 255");
	free(s);

	mem_open(&m);
	dt_print_int(m.fp, 42, 8, 1);
	fputc('|', m.fp);
	dt_print_int(m.fp, (dt_u64)-5, 4, 1);
	s = mem_text(&m);
	CHECK_STR(s, "42|-5");
	free(s);

	mem_open(&m);
	dt_print_bytes(m.fp, str, sizeof(str), -33, 0);
	fputc('|', m.fp);
	dt_print_bytes(m.fp, str, sizeof(str), -33, 1);
	fputc('|', m.fp);
	dt_print_bytes(m.fp, str, sizeof(str), -50, 0);
	fputc('|', m.fp);
	s = mem_text(&m);
	CHECK_STR(s, "  bash                             |bash|"
		     "  bash                                              |");
	free(s);

	/* An empty string is not a string to illumos: a hex dump. */
	mem_open(&m);
	dt_print_bytes(m.fp, empty, sizeof(empty), -33, 0);
	s = mem_text(&m);
	CHECK_STR(s, "\n"
		  "             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f"
		  "  0123456789abcdef\n"
		  "         0: 00 00 00 00                                    "
		  "  ....\n");
	free(s);
}

/* ---- probe descriptions ------------------------------------------- */

static void test_globs(void)
{
	struct dt_probespec sp;
	struct dtrace_probedesc pd;

	CHECK(dt_glob_match("", "anything"));
	CHECK(dt_glob_match(NULL, "anything"));
	CHECK(dt_glob_match("sys*", "syscall"));
	CHECK(!dt_glob_match("sys*", "fbt"));
	CHECK(dt_glob_match("re?d", "read"));
	CHECK(!dt_glob_match("re?d", "readv"));
	CHECK(dt_glob_match("[a-c]at", "bat"));
	CHECK(!dt_glob_match("[a-c]at", "rat"));
	CHECK(dt_glob_match("*", ""));

	CHECK(dt_spec_parse("syscall::read:entry", 4, &sp) == 0);
	CHECK_STR(sp.prov, "syscall");
	CHECK_STR(sp.mod, "");
	CHECK_STR(sp.func, "read");
	CHECK_STR(sp.name, "entry");

	memset(&pd, 0, sizeof(pd));
	pd.id = 7;
	strcpy(pd.prov, "syscall");
	strcpy(pd.mod, "vmlinux");
	strcpy(pd.func, "read");
	strcpy(pd.name, "entry");
	CHECK(dt_spec_match(&sp, &pd));
	strcpy(pd.func, "readv");
	CHECK(!dt_spec_match(&sp, &pd));
	dt_spec_free(&sp);

	/* -n BEGIN: only the name */
	CHECK(dt_spec_parse(" BEGIN ", 4, &sp) == 0);
	CHECK_STR(sp.prov, "");
	CHECK_STR(sp.name, "BEGIN");
	dt_spec_free(&sp);
	/* -f vmlinux:do_sys_open: module and function */
	CHECK(dt_spec_parse("vmlinux:do_sys_open", 3, &sp) == 0);
	CHECK_STR(sp.prov, "");
	CHECK_STR(sp.mod, "vmlinux");
	CHECK_STR(sp.func, "do_sys_open");
	CHECK_STR(sp.name, "");
	dt_spec_free(&sp);
	/* -P syscall */
	CHECK(dt_spec_parse("syscall", 1, &sp) == 0);
	CHECK_STR(sp.prov, "syscall");
	CHECK_STR(sp.func, "");
	dt_spec_free(&sp);
	/* -m with three pieces is one too many */
	CHECK(dt_spec_parse("a:b:c", 2, &sp) < 0);
	CHECK(dt_spec_parse("a:b:c:d:e", 4, &sp) < 0);

	CHECK(dt_profile_name_ok("tick-1s"));
	CHECK(dt_profile_name_ok("tick-10ms"));
	CHECK(dt_profile_name_ok("profile-997hz"));
	CHECK(dt_profile_name_ok("profile-97"));
	CHECK(dt_profile_name_ok("tick-5sec"));
	CHECK(!dt_profile_name_ok("tick-"));
	CHECK(!dt_profile_name_ok("tick-1fortnight"));
	CHECK(!dt_profile_name_ok("tock-1s"));
	CHECK(!dt_profile_name_ok("tick-*"));
}

struct fbt_seen {
	char names[16][96];
	int n;
};

static int fbt_collect(void *arg, const char *mod, const char *func)
{
	struct fbt_seen *s = arg;

	if (s->n < 16)
		snprintf(s->names[s->n++], 96, "%s:%s", mod, func);
	return 0;
}

static void test_kallsyms(void)
{
	static const char ksyms[] =
		"ffffffff81000000 T _stext\n"
		"ffffffff81001000 T do_sys_open\n"
		"ffffffff81002000 t do_sys_openat2\n"
		"ffffffff81003000 D some_data\n"
		"ffffffff81004000 T __pfx_do_sys_open\n"
		"ffffffff81005000 t vfs_read.isra.0\n"
		"ffffffffc0001000 t ext4_open\t[ext4]\n"
		"ffffffffc0002000 t dtrace_probe\t[dtrace]\n"
		"ffffffffc0003000 T do_sys_thing\t[mymod]\n";
	struct fbt_seen s = { .n = 0 };
	FILE *fp;

	fp = fmemopen((void *)ksyms, sizeof(ksyms) - 1, "r");
	CHECK(dt_kallsyms_scan(fp, "", "do_sys_*", fbt_collect, &s) == 3);
	fclose(fp);
	CHECK(s.n == 3);
	CHECK_STR(s.names[0], "vmlinux:do_sys_open");
	CHECK_STR(s.names[1], "vmlinux:do_sys_openat2");
	CHECK_STR(s.names[2], "mymod:do_sys_thing");

	s.n = 0;
	fp = fmemopen((void *)ksyms, sizeof(ksyms) - 1, "r");
	CHECK(dt_kallsyms_scan(fp, "", "", fbt_collect, &s) == 6);
	fclose(fp);
	CHECK_STR(s.names[3], "vmlinux:vfs_read.isra.0");
	CHECK_STR(s.names[4], "ext4:ext4_open");

	s.n = 0;
	fp = fmemopen((void *)ksyms, sizeof(ksyms) - 1, "r");
	CHECK(dt_kallsyms_scan(fp, "ext4", "*", fbt_collect, &s) == 1);
	fclose(fp);
}

/* ---- options ------------------------------------------------------- */

static void test_options(void)
{
	struct dt_opts o;
	char err[128];
	dt_u64 v;

	dt_opts_init(&o);
	CHECK(o.bufsize == 4u << 20 && o.aggsize == 4u << 20);
	CHECK(o.switch_ns == 1000000000ULL && o.status_ns == o.switch_ns &&
	      o.agg_ns == o.switch_ns);
	CHECK(dt_parse_size("4m", &v) == 0 && v == 4u << 20);
	CHECK(dt_parse_size("512k", &v) == 0 && v == 512u << 10);
	CHECK(dt_parse_size("1G", &v) == 0 && v == 1ULL << 30);
	CHECK(dt_parse_size("4096", &v) == 0 && v == 4096);
	CHECK(dt_parse_size("4x", &v) < 0);
	CHECK(dt_parse_size("m", &v) < 0);
	CHECK(dt_opt_set(&o, "bufsize", "16k", err, sizeof(err)) == 0 &&
	      o.bufsize == 16384);
	CHECK(dt_opt_set(&o, "aggsize", "1m", err, sizeof(err)) == 0 &&
	      o.aggsize == 1u << 20);
	CHECK(dt_opt_set(&o, "bufsize", "1", err, sizeof(err)) < 0);
	CHECK(dt_opt_set(&o, "switchrate", "100hz", err, sizeof(err)) == 0 &&
	      o.switch_ns == 10000000ULL);
	CHECK(dt_opt_set(&o, "switchrate", "250ms", err, sizeof(err)) == 0 &&
	      o.switch_ns == 250000000ULL);
	CHECK(dt_opt_set(&o, "switchrate", "2hz", err, sizeof(err)) == 0 &&
	      o.switch_ns == 500000000ULL);
	/* illumos dt_opt_rate(): a bare number is nanoseconds. */
	CHECK(dt_opt_set(&o, "switchrate", "2000", err, sizeof(err)) == 0 &&
	      o.switch_ns == 2000ULL);
	CHECK(dt_opt_set(&o, "strsize", "100", err, sizeof(err)) == 0 &&
	      o.strsize == 104);
	CHECK(dt_opt_set(&o, "quiet", NULL, err, sizeof(err)) == 0 && o.quiet);
	CHECK(dt_opt_set(&o, "nosuchoption", "1", err, sizeof(err)) < 0);
	CHECK_STR(err, "Invalid option name");
}

/* ---- aggregations -------------------------------------------------- */

#define STRSIZE 32

/* A hand-built program: five aggregations and the statements using them. */
static struct dt_aggdesc aggs[5];
static struct dt_value keys_str[1], keys_int[1];
static struct dt_stmt agg_stmts[5];
static struct dt_clause agg_clause;
static struct dt_program agg_pgm;

static void build_agg_program(void)
{
	memset(aggs, 0, sizeof(aggs));
	aggs[0].name = "calls";		/* @calls[execname] = count() */
	aggs[0].fn = DTRACE_AGG_COUNT;
	aggs[0].nkeys = 1;
	aggs[0].key_is_string[0] = 1;
	aggs[0].keysize = STRSIZE;
	aggs[1].name = "bytes";		/* @bytes[pid] = sum(arg2) (pid: int) */
	aggs[1].fn = DTRACE_AGG_SUM;
	aggs[1].nkeys = 1;
	aggs[1].keysize = 8;
	aggs[2].name = "";		/* @ = avg(x) */
	aggs[2].fn = DTRACE_AGG_AVG;
	aggs[3].name = "lo";		/* @lo = min(x) */
	aggs[3].fn = DTRACE_AGG_MIN;
	aggs[4].name = "hi";		/* @hi = max(x) */
	aggs[4].fn = DTRACE_AGG_MAX;

	memset(keys_str, 0, sizeof(keys_str));
	keys_str[0].is_string = 1;
	keys_str[0].difo.rsize = STRSIZE;
	memset(keys_int, 0, sizeof(keys_int));
	keys_int[0].size = 4;
	keys_int[0].is_signed = 1;
	keys_int[0].difo.rsize = 8;

	memset(agg_stmts, 0, sizeof(agg_stmts));
	for (int i = 0; i < 5; i++) {
		agg_stmts[i].kind = DT_STMT_AGG;
		agg_stmts[i].aggid = i;
	}
	agg_stmts[0].keys = keys_str;
	agg_stmts[0].nkeys = 1;
	agg_stmts[1].keys = keys_int;
	agg_stmts[1].nkeys = 1;

	memset(&agg_clause, 0, sizeof(agg_clause));
	agg_clause.stmts = agg_stmts;
	agg_clause.nstmts = 5;
	memset(&agg_pgm, 0, sizeof(agg_pgm));
	agg_pgm.clauses = &agg_clause;
	agg_pgm.nclauses = 1;
	agg_pgm.aggs = aggs;
	agg_pgm.naggs = 5;
	agg_pgm.strsize = STRSIZE;
}

/* Append one aggrec to @buf. */
static size_t put_agg(unsigned char *buf, size_t off, dt_u32 aggid,
		      const void *key, dt_u32 keysize, dt_s64 v0, dt_s64 v1,
		      dt_u32 nvals)
{
	struct dtrace_aggrec ar = { aggid, keysize, nvals, 0 };
	dt_s64 v[2] = { v0, v1 };

	memcpy(buf + off, &ar, sizeof(ar));
	off += sizeof(ar);
	memset(buf + off, 0, (keysize + 7) & ~7u);
	if (keysize)
		memcpy(buf + off, key, keysize);
	off += (keysize + 7) & ~7u;
	memcpy(buf + off, v, 8 * nvals);
	return off + 8 * nvals;
}

static size_t put_str_key(unsigned char *buf, size_t off, dt_u32 aggid,
			  const char *s, dt_s64 v)
{
	char key[STRSIZE] = { 0 };

	strncpy(key, s, STRSIZE - 1);
	return put_agg(buf, off, aggid, key, STRSIZE, v, 0, 1);
}

static size_t put_int_key(unsigned char *buf, size_t off, dt_u32 aggid,
			  dt_s64 k, dt_s64 v)
{
	return put_agg(buf, off, aggid, &k, 8, v, 0, 1);
}

static void test_aggregations(void)
{
	unsigned char cpu0[1024], cpu1[1024];
	size_t l0 = 0, l1 = 0;
	struct dt_aggtab t;
	struct mem m;
	char *s;

	build_agg_program();
	dt_aggtab_init(&t);

	l0 = put_str_key(cpu0, l0, 0, "bash", 3);
	l0 = put_str_key(cpu0, l0, 0, "sshd", 10);
	l0 = put_int_key(cpu0, l0, 1, 100, 4096);
	l0 = put_int_key(cpu0, l0, 1, -1, 5);	/* -1 as int: 0xffffffff */
	l0 = put_agg(cpu0, l0, 2, NULL, 0, 2, 30, 2);	/* avg: 2 of sum 30 */
	l0 = put_agg(cpu0, l0, 3, NULL, 0, 7, 0, 1);
	l0 = put_agg(cpu0, l0, 4, NULL, 0, 7, 0, 1);

	l1 = put_str_key(cpu1, l1, 0, "bash", 9);	/* bash: 3 + 9 = 12 */
	l1 = put_str_key(cpu1, l1, 0, "dtrace", 1);
	l1 = put_str_key(cpu1, l1, 0, "init", 12);	/* ties with bash */
	l1 = put_int_key(cpu1, l1, 1, 100, 4096);	/* 8192 */
	l1 = put_int_key(cpu1, l1, 1, 7, 5);		/* ties with -1 */
	l1 = put_agg(cpu1, l1, 2, NULL, 0, 1, 3, 2);	/* avg: 33 / 3 = 11 */
	l1 = put_agg(cpu1, l1, 3, NULL, 0, -4, 0, 1);
	l1 = put_agg(cpu1, l1, 4, NULL, 0, 3, 0, 1);

	CHECK(dt_agg_merge(&t, &agg_pgm, cpu0, l0) == 0);
	CHECK(dt_agg_merge(&t, &agg_pgm, cpu1, l1) == 0);
	CHECK(t.nents == 10);

	mem_open(&m);
	CHECK(dt_agg_print(m.fp, &agg_pgm, &t, NULL) == 0);
	s = mem_text(&m);
	/*
	 * illumos: string keys "  %-50s", int keys by D size (" %8d" for
	 * a 4-byte int), values " %16lld"; per aggregation in id order,
	 * rows by value, ties by key (ints as unsigned of their size).
	 */
	CHECK_STR(s,
		"  dtrace                                                    "
		"        1\n"
		"  sshd                                                      "
		"       10\n"
		"  bash                                                      "
		"       12\n"
		"  init                                                      "
		"       12\n"
		"        7                5\n"
		"       -1                5\n"
		"      100             8192\n"
		"               11\n"
		"               -4\n"
		"                7\n");
	free(s);

	/* Malformed buffers are refused. */
	{
		unsigned char bad[64];
		size_t l = put_int_key(bad, 0, 9, 1, 1);	/* no aggid 9 */

		CHECK(dt_agg_merge(&t, &agg_pgm, bad, l) < 0);
		l = put_agg(bad, 0, 1, "xx", 2, 1, 0, 1);	/* keysize */
		CHECK(dt_agg_merge(&t, &agg_pgm, bad, l) < 0);
		l = put_int_key(bad, 0, 1, 1, 1);
		CHECK(dt_agg_merge(&t, &agg_pgm, bad, l - 8) < 0);
	}
	dt_aggtab_free(&t);
}

/* ---- the ENABLE blob and records ------------------------------------ */

static dt_u32 insns_a[] = { 0x23000001, 0x23000101 };
static dt_u64 ints_a[] = { 0x1122334455667788ULL };
static char strs_a[] = "hello";

static void test_enable_blob(void)
{
	struct dt_value tv, pv[2], ev;
	struct dt_stmt st0[2], st1[1];
	struct dt_clause cl[2];
	struct dt_program pgm;
	struct dt_difo pred;
	struct dtrace_probedesc probes[3];
	struct dt_ecbinfo ecbs[3];
	struct dt_opts o;
	const struct dtrace_enable_hdr *hdr;
	const struct dtrace_ecbdesc *ed;
	const struct dtrace_actdesc *ad;
	const struct dtrace_vardesc *vd;
	struct dt_var vars[3];
	unsigned char *b;
	void *blob;
	size_t len;
	int i;

	memset(&tv, 0, sizeof(tv));
	tv.difo.insns = insns_a;
	tv.difo.ninsns = 2;
	tv.difo.inttab = ints_a;
	tv.difo.nints = 1;
	tv.difo.strtab = strs_a;
	tv.difo.strtab_len = 6;
	tv.difo.rsize = 8;
	tv.size = 8;
	tv.offset = 0;
	pv[0] = tv;
	pv[0].offset = 8;
	pv[1] = tv;
	pv[1].offset = 16;
	pv[1].is_string = 1;
	pv[1].difo.rtype = DIF_TYPE_STRING;
	pv[1].difo.rsize = 64;
	ev = tv;
	ev.offset = 0;

	memset(st0, 0, sizeof(st0));
	st0[0].kind = DT_STMT_TRACE;
	st0[0].vals = &tv;
	st0[0].nvals = 1;
	st0[1].kind = DT_STMT_PRINTF;
	st0[1].fmt = "%d %s\n";
	st0[1].vals = pv;
	st0[1].nvals = 2;
	memset(st1, 0, sizeof(st1));
	st1[0].kind = DT_STMT_EXIT;
	st1[0].vals = &ev;
	st1[0].nvals = 1;

	memset(&pred, 0, sizeof(pred));
	pred.insns = insns_a;
	pred.ninsns = 1;

	memset(cl, 0, sizeof(cl));
	cl[0].stmts = st0;
	cl[0].nstmts = 2;
	cl[0].recsize = 80;
	cl[0].pred = &pred;
	cl[1].stmts = st1;
	cl[1].nstmts = 1;
	cl[1].recsize = 8;
	memset(&pgm, 0, sizeof(pgm));
	pgm.clauses = cl;
	pgm.nclauses = 2;
	pgm.strsize = 64;
	pgm.vars = vars;
	pgm.nvars = 3;
	for (i = 0; i < 3; i++)
		vars[i] = (struct dt_var){ NULL, DIF_VAR_OTHER_UBASE + i,
			DTRACE_VSCOPE_GLOBAL, DTRACE_VKIND_SCALAR,
			DIF_TYPE_INT, 8 };

	memset(probes, 0, sizeof(probes));
	probes[0].id = 11;
	probes[1].id = 12;
	probes[2].id = 13;
	ecbs[0] = (struct dt_ecbinfo){ 1, 0, 0, 0 };
	ecbs[1] = (struct dt_ecbinfo){ 2, 2, 0, 0 };
	ecbs[2] = (struct dt_ecbinfo){ 3, 1, 1, 0 };
	dt_opts_init(&o);
	o.bufsize = 65536;

	CHECK(dt_enable_build(&pgm, ecbs, 3, probes, &o, &blob, &len) == 0);
	b = blob;
	hdr = blob;
	CHECK(hdr->magic == DTRACE_ENABLE_MAGIC);
	CHECK(hdr->abi == DTRACE_ABI_VERSION);
	CHECK(hdr->necbs == 3);
	CHECK(hdr->strsize == 64 && hdr->nvars == 3 && hdr->naggs == 0);
	CHECK(hdr->vars_off % 8 == 0 && hdr->dynvarsize == 1u << 20);
	vd = (const void *)(b + hdr->vars_off);
	CHECK(vd[2].id == DIF_VAR_OTHER_UBASE + 2 && vd[2].size == 8 &&
	      vd[2].scope == DTRACE_VSCOPE_GLOBAL);
	CHECK(hdr->bufsize == 65536 && hdr->aggsize == 4u << 20);
	CHECK(hdr->ecbs_off % 8 == 0);
	ed = (const void *)(b + hdr->ecbs_off);
	CHECK(ed[0].epid == 1 && ed[0].probe == 11 && ed[0].size == 80);
	CHECK(ed[1].epid == 2 && ed[1].probe == 13);
	CHECK(ed[2].epid == 3 && ed[2].probe == 12 && ed[2].size == 8);
	CHECK(ed[0].nactions == 3 && ed[2].nactions == 1);
	/* The clause's actions are shared by its ECBs. */
	CHECK(ed[0].actions_off == ed[1].actions_off);
	CHECK(ed[0].pred.ninsns == 1 && ed[2].pred.ninsns == 0);
	CHECK(ed[0].actions_off % 8 == 0);
	ad = (const void *)(b + ed[0].actions_off);
	CHECK(ad[0].kind == DTRACE_ACT_STORE && ad[0].offset == 0 &&
	      ad[0].size == 8);
	CHECK(ad[1].kind == DTRACE_ACT_STORE && ad[1].offset == 8);
	CHECK(ad[2].kind == DTRACE_ACT_STORE && ad[2].offset == 16 &&
	      ad[2].size == 64 && ad[2].difo.rtype == DIF_TYPE_STRING);
	CHECK(ad[0].difo.ninsns == 2 && ad[0].difo.insns_off % 4 == 0);
	CHECK(!memcmp(b + ad[0].difo.insns_off, insns_a, sizeof(insns_a)));
	CHECK(ad[0].difo.nints == 1 && ad[0].difo.inttab_off % 8 == 0);
	CHECK(!memcmp(b + ad[0].difo.inttab_off, ints_a, 8));
	CHECK(ad[0].difo.strtab_len == 6 &&
	      !memcmp(b + ad[0].difo.strtab_off, "hello", 6));
	CHECK(ad[0].difo.inttab_off + 8 <= len);
	ad = (const void *)(b + ed[2].actions_off);
	CHECK(ad[0].kind == DTRACE_ACT_EXIT && ad[0].size == 8);
	free(blob);

	/* Record printing, through a handle without a device. */
	{
		struct dt_handle *h = dt_handle_nodev();
		struct dtrace_rechdr rh;
		unsigned char pl[80];
		dt_s64 v = 1234;
		struct mem m;
		char *s;

		strcpy(probes[0].func, "read");
		strcpy(probes[0].name, "entry");
		strcpy(probes[1].prov, "profile");
		strcpy(probes[1].name, "tick-1s");
		h->probes = malloc(sizeof(probes));
		memcpy(h->probes, probes, sizeof(probes));
		h->nprobes = 3;
		h->ecbs = malloc(sizeof(ecbs));
		memcpy(h->ecbs, ecbs, sizeof(ecbs));
		h->necbs = 3;
		h->pgm = &pgm;
		mem_open(&m);
		h->out = m.fp;

		memset(pl, 0, sizeof(pl));
		memcpy(pl, &v, 8);
		v = 77;
		memcpy(pl + 8, &v, 8);
		strcpy((char *)pl + 16, "str");
		rh.epid = 1;
		rh.size = 80;
		rh.timestamp = 5;
		CHECK(dt_print_record(h, 1, &rh, pl) == 0);
		v = 3;
		memcpy(pl, &v, 8);
		rh.epid = 3;
		rh.size = 8;
		CHECK(dt_print_record(h, 0, &rh, pl) == 0);
		CHECK(h->exiting && h->exit_status == 3);
		rh.epid = 4;	/* unknown epid */
		CHECK(dt_print_record(h, 0, &rh, pl) < 0);
		rh.epid = 1;	/* too short for the clause */
		rh.size = 8;
		CHECK(dt_print_record(h, 0, &rh, pl) < 0);

		h->opts.quiet = 1;
		memcpy(pl, &(dt_s64){ 1234 }, 8);
		rh.size = 80;
		CHECK(dt_print_record(h, 1, &rh, pl) == 0);
		s = mem_text(&m);
		CHECK_STR(s,
			"CPU     ID                    FUNCTION:NAME\n"
			"  1     11                       read:entry "
			"             1234"
			"77 str\n"
			"\n"
			"  0     12                         :tick-1s \n"
			"123477 str\n");
		free(s);
		h->out = stdout;
		h->pgm = NULL;
		dt_close(h);
	}
}

int main(void)
{
	test_printf();
	test_trace_widths();
	test_globs();
	test_kallsyms();
	test_options();
	test_aggregations();
	test_enable_blob();
	if (failures) {
		fprintf(stderr, "test_consume: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_consume: all checks passed\n");
	return 0;
}
