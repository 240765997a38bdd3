// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer's aggregation actions and record-level output, byte for
 * byte against the illumos formats: printa() without and with a format,
 * of one and of several aggregations (joined on keys), the aggsort*
 * options, trunc(), clear(), normalize()/denormalize(), the "printed"
 * rule for the final print, error records, drop messages, setopt() at
 * run time, flowindent and the order records of several CPUs print in
 * (illumos' per-CPU order, or temporal).  No device: hand-built programs and
 * snapshots, as the kernel packs them.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "test_harness.h"

#define STRSIZE 32

static char *g_buf;
static size_t g_len;
static FILE *g_fp;

static void out_open(void)
{
	g_buf = NULL;
	g_len = 0;
	g_fp = open_memstream(&g_buf, &g_len);
}

/* Close the stream and compare with @want; frees the text. */
#define OUT_IS(want, ...) do {						\
	fclose(g_fp);							\
	CHECK(strcmp(g_buf, (want)) == 0, __VA_ARGS__);			\
	if (strcmp(g_buf, (want)))					\
		fprintf(stderr, "got:\n[%s]\nwant:\n[%s]\n", g_buf,	\
			(want));					\
	free(g_buf);							\
} while (0)

/* ---- a program: @c[s] = count(); @s[s] = sum(); @q = quantize(); @a[i] = avg() */

static struct dt_aggdesc aggs[4];
static struct dt_value key_str, key_int;
static struct dt_stmt stmts[4];
static struct dt_clause clause;
static struct dt_program pgm;

static void build(void)
{
	int i;

	memset(aggs, 0, sizeof(aggs));
	aggs[0].name = "c";
	aggs[0].fn = DTRACE_AGG_COUNT;
	aggs[1].name = "s";
	aggs[1].fn = DTRACE_AGG_SUM;
	for (i = 0; i < 2; i++) {
		aggs[i].nkeys = 1;
		aggs[i].key_is_string[0] = 1;
		aggs[i].keysize = STRSIZE;
	}
	aggs[2].name = "q";
	aggs[2].fn = DTRACE_AGG_QUANTIZE;
	aggs[3].name = "a";
	aggs[3].fn = DTRACE_AGG_AVG;
	aggs[3].nkeys = 1;
	aggs[3].keysize = 8;
	memset(&key_str, 0, sizeof(key_str));
	key_str.is_string = 1;
	key_str.difo.rsize = STRSIZE;
	memset(&key_int, 0, sizeof(key_int));
	key_int.size = 4;
	key_int.is_signed = 1;
	key_int.difo.rsize = 8;
	memset(stmts, 0, sizeof(stmts));
	for (i = 0; i < 4; i++) {
		stmts[i].kind = DT_STMT_AGG;
		stmts[i].aggid = i;
	}
	stmts[0].keys = stmts[1].keys = &key_str;
	stmts[0].nkeys = stmts[1].nkeys = 1;
	stmts[3].keys = &key_int;
	stmts[3].nkeys = 1;
	memset(&clause, 0, sizeof(clause));
	clause.stmts = stmts;
	clause.nstmts = 4;
	memset(&pgm, 0, sizeof(pgm));
	pgm.clauses = &clause;
	pgm.nclauses = 1;
	pgm.aggs = aggs;
	pgm.naggs = 4;
	pgm.strsize = STRSIZE;
}

static unsigned char snapbuf[65536];
static size_t snaplen;

static void put(dt_u32 aggid, const void *key, dt_u32 keysize,
		const dt_s64 *v, dt_u32 nvals)
{
	struct dtrace_aggrec ar = { aggid, keysize, nvals, 0 };

	memcpy(snapbuf + snaplen, &ar, sizeof(ar));
	snaplen += sizeof(ar);
	memset(snapbuf + snaplen, 0, (keysize + 7) & ~7u);
	memcpy(snapbuf + snaplen, key, keysize);
	snaplen += (keysize + 7) & ~7u;
	memcpy(snapbuf + snaplen, v, 8 * nvals);
	snaplen += 8 * nvals;
}

static void put_s(dt_u32 aggid, const char *k, dt_s64 v)
{
	char key[STRSIZE] = { 0 };

	strncpy(key, k, STRSIZE - 1);
	put(aggid, key, STRSIZE, &v, 1);
}

static void merge(struct dt_aggtab *t)
{
	CHECK(dt_agg_merge(t, &pgm, snapbuf, snaplen) == 0, "merge");
	snaplen = 0;
}

/* "  key<pad to 50> value..." as illumos prints a string-keyed row. */
static void row(char *dst, size_t len, const char *key, int n, ...)
{
	va_list ap;
	size_t o;
	int i;

	o = (size_t)snprintf(dst, len, "  %-50s", key);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(dst + o, len - o, " %16lld",
				      va_arg(ap, long long));
	va_end(ap);
	snprintf(dst + o, len - o, "\n");
}

static void fill_c_s(struct dt_aggtab *t)
{
	dt_aggtab_init(t);
	put_s(0, "bash", 3);
	put_s(0, "sshd", 10);
	put_s(0, "init", 12);
	put_s(1, "bash", 100);
	put_s(1, "init", 7);
	merge(t);
}

static void test_printa_default(void)
{
	struct dt_aggtab t;
	struct dt_opts o;
	char a[128], b[128], c[128], want[512];
	int ids[2] = { 0, 1 };

	fill_c_s(&t);
	dt_opts_init(&o);
	out_open();
	CHECK(dt_printa_default(g_fp, &pgm, &t, ids, 1, &o) == 0, "printa");
	row(a, sizeof(a), "bash", 1, 3LL);
	row(b, sizeof(b), "sshd", 1, 10LL);
	row(c, sizeof(c), "init", 1, 12LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "printa(@c): newline, rows by value");

	/* @c was printed: the final print leaves it out. */
	out_open();
	CHECK(dt_agg_print(g_fp, &pgm, &t, &o) == 0, "final");
	row(a, sizeof(a), "init", 1, 7LL);
	row(b, sizeof(b), "bash", 1, 100LL);
	snprintf(want, sizeof(want), "%s%s", a, b);
	OUT_IS(want, "final print: only what printa() did not print");

	/* aggsortkey, aggsortrev and both. */
	o.aggsortkey = 1;
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, &o);
	row(a, sizeof(a), "bash", 1, 3LL);
	row(b, sizeof(b), "init", 1, 12LL);
	row(c, sizeof(c), "sshd", 1, 10LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "aggsortkey");
	o.aggsortrev = 1;
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, &o);
	snprintf(want, sizeof(want), "\n%s%s%s", c, b, a);
	OUT_IS(want, "aggsortkey + aggsortrev");
	o.aggsortkey = 0;
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, &o);
	row(a, sizeof(a), "init", 1, 12LL);
	row(b, sizeof(b), "sshd", 1, 10LL);
	row(c, sizeof(c), "bash", 1, 3LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "aggsortrev");
	dt_aggtab_free(&t);
}

static void test_printa_joined(void)
{
	struct dt_aggtab t;
	struct dt_opts o;
	char a[160], b[160], c[160], want[600];
	int ids[2] = { 0, 1 };

	fill_c_s(&t);
	dt_opts_init(&o);
	out_open();
	CHECK(dt_printa_default(g_fp, &pgm, &t, ids, 2, &o) == 0, "joined");
	/* Sorted on @c's value; @s has no "sshd": 0. */
	row(a, sizeof(a), "bash", 2, 3LL, 100LL);
	row(b, sizeof(b), "sshd", 2, 10LL, 0LL);
	row(c, sizeof(c), "init", 2, 12LL, 7LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "printa(@c, @s)");

	/* aggsortpos=1: on @s's value. */
	o.aggsortpos = 1;
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 2, &o);
	snprintf(want, sizeof(want), "\n%s%s%s", b, c, a);
	OUT_IS(want, "printa(@c, @s) with aggsortpos=1");
	o.aggsortpos = DT_OPT_UNSET;

	out_open();
	CHECK(dt_printa_format(g_fp, "%-10s %@8d %@x\n", &pgm, &t, ids, 2,
			       &o) == 0, "joined, format");
	OUT_IS("bash              3 64\n"
	       "sshd             10 0\n"
	       "init             12 7\n", "printa(\"%%-10s %%@8d %%@x\", @c, @s)");

	/* @c in second place: "zsh" only in @s sorts first on @s's 0... */
	ids[0] = 1;
	ids[1] = 0;
	put_s(1, "zsh", 1);
	merge(&t);
	out_open();
	dt_printa_format(g_fp, "%s %@d %@d\n", &pgm, &t, ids, 2, &o);
	OUT_IS("sshd 0 10\nzsh 1 0\ninit 7 12\nbash 100 3\n",
	       "printa(@s, @c): rows missing from @c show 0");
	ids[0] = 0;
	ids[1] = 1;

	/* A '%@' past the last aggregation repeats the last one. */
	ids[1] = 0;
	out_open();
	dt_printa_format(g_fp, "%s:%@d:%@d:%@d|", &pgm, &t, ids, 1, &o);
	OUT_IS("bash:3:3:3|sshd:10:10:10|init:12:12:12|",
	       "extra %%@ conversions");
	out_open();
	dt_printa_format(g_fp, "x\n", &pgm, &t, ids, 1, &o);
	OUT_IS("x\nx\nx\n", "printa() format without conversions");
	/* Too many key conversions: an error, as illumos' EDT_DMISMATCH. */
	out_open();
	CHECK(dt_printa_format(g_fp, "%s %s\n", &pgm, &t, ids, 1, &o) < 0,
	      "mismatch");
	fclose(g_fp);
	free(g_buf);
	dt_aggtab_free(&t);
}

static void test_actions(void)
{
	struct dt_aggtab t;
	char a[128], b[128], c[128], want[512];
	int ids[1] = { 0 };

	/* trunc(@c, 2): the two largest stay. */
	fill_c_s(&t);
	CHECK(dt_agg_trunc(&t, &pgm, 0, 2) == 0 && t.nents == 4, "trunc 2");
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(a, sizeof(a), "sshd", 1, 10LL);
	row(b, sizeof(b), "init", 1, 12LL);
	snprintf(want, sizeof(want), "\n%s%s", a, b);
	OUT_IS(want, "trunc(@c, 2)");
	dt_aggtab_free(&t);

	/* trunc(@c, -1): the smallest stays; trunc(@c): nothing does. */
	fill_c_s(&t);
	dt_agg_trunc(&t, &pgm, 0, -1);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(a, sizeof(a), "bash", 1, 3LL);
	snprintf(want, sizeof(want), "\n%s", a);
	OUT_IS(want, "trunc(@c, -1)");
	dt_agg_trunc(&t, &pgm, 0, 0);
	CHECK(t.nents == 2, "trunc(@c) removed @c only: %zu", t.nents);
	dt_aggtab_free(&t);

	/* clear(): values 0, keys stay (then sorted by key). */
	fill_c_s(&t);
	dt_agg_clear(&t, &pgm, 0);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(a, sizeof(a), "bash", 1, 0LL);
	row(b, sizeof(b), "init", 1, 0LL);
	row(c, sizeof(c), "sshd", 1, 0LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "clear(@c)");
	/* New data after clear() adds to the zeroes. */
	put_s(0, "sshd", 4);
	merge(&t);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(c, sizeof(c), "sshd", 1, 4LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "clear(@c), then more");
	dt_aggtab_free(&t);

	/* normalize(@s, 10): existing entries only; denormalize(). */
	fill_c_s(&t);
	ids[0] = 1;
	dt_agg_normalize(&t, 1, 10);
	put_s(1, "zsh", 50);
	merge(&t);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(a, sizeof(a), "init", 1, 0LL);
	row(b, sizeof(b), "zsh", 1, 50LL);
	row(c, sizeof(c), "bash", 1, 10LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "normalize(@s, 10): sorted on raw values");
	dt_agg_denormalize(&t, 1);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	row(a, sizeof(a), "init", 1, 7LL);
	row(c, sizeof(c), "bash", 1, 100LL);
	snprintf(want, sizeof(want), "\n%s%s%s", a, b, c);
	OUT_IS(want, "denormalize(@s)");
	out_open();
	dt_agg_normalize(&t, 1, 10);
	dt_printa_format(g_fp, "%s=%@d;", &pgm, &t, ids, 1, NULL);
	OUT_IS("init=0;zsh=5;bash=10;", "normalized %%@d");
	dt_aggtab_free(&t);
}

static void test_avg_quantize(void)
{
	struct dt_aggtab t;
	dt_s64 q[DTRACE_QUANTIZE_NBUCKETS] = { 0 };
	dt_s64 avg[2] = { 2, 30 };
	dt_s32 pid = 42;
	dt_s64 key = pid;
	int ids[1] = { 3 };

	dt_aggtab_init(&t);
	put(3, &key, 8, avg, 2);
	q[DTRACE_QUANTIZE_ZEROBUCKET + 1] = 20;	/* value 1 */
	q[DTRACE_QUANTIZE_ZEROBUCKET + 3] = 10;	/* value 4 */
	put(2, NULL, 0, q, DTRACE_QUANTIZE_NBUCKETS);
	merge(&t);

	dt_agg_normalize(&t, 3, 3);
	out_open();
	dt_printa_default(g_fp, &pgm, &t, ids, 1, NULL);
	/* avg 30 / 3 / 2 = 5; an int key prints " %8d" */
	OUT_IS("\n       42                5\n", "normalized avg()");
	out_open();
	dt_printa_format(g_fp, "%d %@d\n", &pgm, &t, ids, 1, NULL);
	OUT_IS("42 5\n", "printa(\"%%d %%@d\") of avg()");

	ids[0] = 2;
	dt_agg_normalize(&t, 2, 10);
	out_open();
	dt_printa_format(g_fp, "q:%@d", &pgm, &t, ids, 1, NULL);
	OUT_IS("q:\n"
	       "           value  ------------- Distribution ------------- count    \n"
	       "               0 |                                         0        \n"
	       "               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
	       "               2 |                                         0        \n"
	       "               4 |@@@@@@@@@@@@@                            1        \n"
	       "               8 |                                         0        \n",
	       "%%@d of a normalized quantize(): counts / 10, bars unchanged");
	dt_aggtab_free(&t);
}

/* ---- error records, drops ------------------------------------------- */

static struct dtrace_probedesc probes[5];
static struct dt_ecbinfo ecbs[5];

static struct dt_handle *handle(const struct dt_program *p)
{
	struct dt_handle *h = dt_handle_nodev();
	static const char *const names[5][4] = {
		{ "dtrace", "", "", "BEGIN" },
		{ "fbt", "vmlinux", "foo", "entry" },
		{ "fbt", "vmlinux", "bar", "entry" },
		{ "fbt", "vmlinux", "bar", "return" },
		{ "fbt", "vmlinux", "foo", "return" },
	};
	int i;

	for (i = 0; i < 5; i++) {
		memset(&probes[i], 0, sizeof(probes[i]));
		probes[i].id = 1 + 10 * i;
		strcpy(probes[i].prov, names[i][0]);
		strcpy(probes[i].mod, names[i][1]);
		strcpy(probes[i].func, names[i][2]);
		strcpy(probes[i].name, names[i][3]);
		ecbs[i] = (struct dt_ecbinfo){ (dt_u32)i + 1, (dt_u32)i, 0, 0 };
	}
	h->probes = malloc(sizeof(probes));
	memcpy(h->probes, probes, sizeof(probes));
	h->nprobes = 5;
	h->ecbs = malloc(sizeof(ecbs));
	memcpy(h->ecbs, ecbs, sizeof(ecbs));
	h->necbs = 5;
	h->pgm = p;
	return h;
}

static void done(struct dt_handle *h)
{
	h->out = stdout;
	h->pgm = NULL;
	dt_close(h);
}

static void test_errors_drops(void)
{
	struct dt_handle *h = handle(&pgm);
	/* Kernel action 1, @c[k] = count(): illumos' action #3. */
	struct dtrace_errrec er = { 1, 1, 12, DIF_FAULT_BADADDR, 0 };
	struct dtrace_status o, n;
	char msg[512];

	CHECK(dt_errrec_msg(h, &er, msg, sizeof(msg)) == 0, "errrec");
	CHECK(!strcmp(msg, "error on enabled probe ID 1 (ID 1: dtrace:::BEGIN):"
		      " invalid address (0x0) in action #3 at DIF offset 12\n"),
	      "%s", msg);
	er = (struct dtrace_errrec){ 2, 0, ~0u, DIF_FAULT_DIVZERO, 5 };
	dt_errrec_msg(h, &er, msg, sizeof(msg));
	CHECK(!strcmp(msg, "error on enabled probe ID 2 (ID 11: fbt:vmlinux:"
		      "foo:entry): divide-by-zero in predicate\n"), "%s", msg);
	er = (struct dtrace_errrec){ 3, 2, 40, DIF_FAULT_BADALIGN, 0x1001 };
	dt_errrec_msg(h, &er, msg, sizeof(msg));
	CHECK(!strcmp(msg, "error on enabled probe ID 3 (ID 21: fbt:vmlinux:"
		      "bar:entry): invalid alignment (0x1001) in action #6 at "
		      "DIF offset 40\n"), "%s", msg);
	/* illumos shows no address for the privilege faults. */
	er = (struct dtrace_errrec){ 1, 1, 8, DIF_FAULT_KPRIV, 0xffff };
	dt_errrec_msg(h, &er, msg, sizeof(msg));
	CHECK(strstr(msg, "): invalid kernel access in action #3 at DIF "
		     "offset 8\n") != NULL, "%s", msg);
	er.epid = 99;
	CHECK(dt_errrec_msg(h, &er, msg, sizeof(msg)) < 0, "unknown epid");

	memset(&o, 0, sizeof(o));
	n = o;
	n.dyndrops = 1;
	out_open();
	dt_report_status_drops(g_fp, &o, &n, 0);
	o = n;
	n.dyndrops = 4;
	dt_report_status_drops(g_fp, &o, &n, 1);
	dt_report_status_drops(g_fp, &n, &n, 0);
	dt_report_cpu_drops(g_fp, 1, 1, 0, 0);
	dt_report_cpu_drops(g_fp, 0, 7, 1, 0);
	dt_report_cpu_drops(g_fp, 3, 2, 0, 1);
	dt_report_cpu_drops(g_fp, 3, 0, 0, 1);
	OUT_IS("dtrace: 1 dynamic variable drop\n"
	       "dtrace: [DTRACEDROP_DYNAMIC] 3 dynamic variable drops\n"
	       "dtrace: 1 drop on CPU 1\n"
	       "dtrace: 7 aggregation drops on CPU 0\n"
	       "dtrace: [DTRACEDROP_PRINCIPAL] 2 drops on CPU 3\n",
	       "drop messages");
	done(h);
}

/* ---- records: printa(), setopt(), flowindent ------------------------- */

static void test_records(void)
{
	struct dt_program p = pgm;
	struct dt_clause cl[2];
	struct dt_stmt st[3];
	struct dt_value tv;
	struct dt_handle *h;
	struct dtrace_rechdr rh = { 1, 8, 0 };
	unsigned char pl[8] = { 0 };
	int ids[1] = { 0 };
	char a[128], want[512];

	memset(st, 0, sizeof(st));
	st[0].kind = DT_STMT_PRINTA;
	st[0].aggids = ids;
	st[0].naggids = 1;
	st[1].kind = DT_STMT_SETOPT;
	st[1].opt = "quiet";
	memset(&tv, 0, sizeof(tv));
	tv.size = 8;
	tv.is_signed = 1;
	tv.difo.rsize = 8;
	st[2].kind = DT_STMT_TRUNC;
	st[2].aggid = 0;
	st[2].vals = &tv;
	st[2].nvals = 1;
	memset(cl, 0, sizeof(cl));
	cl[0].stmts = st;
	cl[0].nstmts = 2;
	cl[0].recsize = 8;
	cl[1].stmts = &st[2];
	cl[1].nstmts = 1;
	cl[1].recsize = 8;
	p.clauses = cl;
	p.nclauses = 2;

	h = handle(&p);
	h->ecbs[1].clause = 1;	/* epid 2: trunc(@c, n) */
	fill_c_s(&h->aggs);
	out_open();
	h->out = g_fp;
	pl[0] = 1;		/* trunc(@c, 1) */
	rh.epid = 2;
	CHECK(dt_print_record(h, 0, &rh, pl) == 0, "trunc record");
	rh.epid = 1;
	CHECK(dt_print_record(h, 0, &rh, pl) == 0, "printa record");
	CHECK(h->opts.quiet, "setopt(\"quiet\") took effect");
	row(a, sizeof(a), "init", 1, 12LL);
	snprintf(want, sizeof(want),
		 "CPU     ID                    FUNCTION:NAME\n"
		 "  0     11                        foo:entry \n"
		 "  0      1                           :BEGIN \n%s", a);
	OUT_IS(want, "trunc() and printa() records; quiet: no newline");

	/* setopt() of a run-time option while tracing: refused. */
	{
		char err[128];

		h->opts.active = 1;
		CHECK(dt_opt_set(&h->opts, "bufsize", "1m", err,
				 sizeof(err)) < 0 &&
		      !strcmp(err, "Operation illegal when tracing is active"),
		      "%s", err);
		CHECK(dt_opt_set(&h->opts, "aggsortrev", NULL, err,
				 sizeof(err)) == 0 && h->opts.aggsortrev,
		      "dynamic option while active");
	}
	done(h);
}

static void test_flowindent(void)
{
	struct dt_program p = pgm;
	struct dt_clause cl;
	struct dt_handle *h;
	struct dtrace_rechdr rh = { 0, 0, 0 };
	static const dt_u32 seq[] = { 2, 3, 4, 5, 1 };
	int i;

	memset(&cl, 0, sizeof(cl));	/* the default action */
	p.clauses = &cl;
	p.nclauses = 1;
	h = handle(&p);
	h->opts.flowindent = 1;
	h->opts.quiet = 1;	/* flowindent prints its prefix anyway */
	out_open();
	h->out = g_fp;
	for (i = 0; i < 5; i++) {
		rh.epid = seq[i];
		h->next_epid = i < 4 ? seq[i + 1] : 0;
		CHECK(dt_print_record(h, 1, &rh, NULL) == 0, "record %d", i);
	}
	OUT_IS("CPU FUNCTION                                 \n"
	       "  1  -> foo                                   "
	       "  1    -> bar                                 "
	       "  1    <- bar                                 "
	       "  1  <- foo                                   "
	       "  1 | :BEGIN                                  ",
	       "flowindent");
	done(h);
}

/* ---- the order records print in -------------------------------------- */

static size_t put_rec(unsigned char *b, size_t off, dt_u32 epid, dt_u64 ts)
{
	struct dtrace_rechdr rh = { epid, 0, ts };

	memcpy(b + off, &rh, sizeof(rh));
	return off + sizeof(rh);
}

/* Three probes (BEGIN, END, tick-1s), one default-action clause each. */
static struct dt_handle *order_handle(struct dt_program *p,
				      struct dt_clause *cl)
{
	struct dt_handle *h = dt_handle_nodev();
	static const char *const names[3] = { "BEGIN", "END", "tick-1s" };
	int i;

	memset(cl, 0, sizeof(*cl));
	*p = pgm;
	p->clauses = cl;
	p->nclauses = 1;
	h->ncpus = 2;
	h->probes = calloc(3, sizeof(*h->probes));
	h->ecbs = calloc(3, sizeof(*h->ecbs));
	for (i = 0; i < 3; i++) {
		h->probes[i].id = (dt_u32)i + 1;
		strcpy(h->probes[i].prov, i < 2 ? "dtrace" : "profile");
		strcpy(h->probes[i].name, names[i]);
		h->ecbs[i] = (struct dt_ecbinfo){ (dt_u32)i + 1, (dt_u32)i,
						  0, 0 };
	}
	h->nprobes = 3;
	h->necbs = 3;
	h->pgm = p;
	return h;
}

static void test_order(void)
{
	unsigned char b0[256], b1[256], *bufs[2] = { b0, b1 };
	size_t lens[2];
	dt_u64 drops[2] = { 0, 2 };
	struct dt_program p;
	struct dt_clause cl;
	struct dt_handle *h;
	char *ebuf = NULL;
	size_t elen = 0;
	FILE *efp;

	/* First round, running: the CPU that ran BEGIN goes first. */
	h = order_handle(&p, &cl);
	lens[0] = put_rec(b0, 0, 3, 5);
	lens[1] = put_rec(b1, put_rec(b1, 0, 1, 1), 3, 6);
	out_open();
	h->out = g_fp;
	efp = open_memstream(&ebuf, &elen);
	h->err = efp;
	CHECK(dt_consume_bufs(h, bufs, lens, drops) == 0, "round 1");
	/* Later rounds: CPU order. */
	lens[0] = put_rec(b0, 0, 3, 7);
	lens[1] = put_rec(b1, 0, 3, 8);
	drops[1] = 0;
	CHECK(dt_consume_bufs(h, bufs, lens, drops) == 0, "round 2");
	OUT_IS("CPU     ID                    FUNCTION:NAME\n"
	       "  1      1                           :BEGIN \n"
	       "  1      3                         :tick-1s \n"
	       "  0      3                         :tick-1s \n"
	       "  0      3                         :tick-1s \n"
	       "  1      3                         :tick-1s \n",
	       "BEGIN's CPU first, then CPU order");
	fclose(efp);
	CHECK(!strcmp(ebuf, "dtrace: 2 drops on CPU 1\n"), "drops: '%s'",
	      ebuf);
	free(ebuf);
	h->err = stderr;
	done(h);

	/* Stopped: BEGIN and END on CPU 0; END's CPU last, BEGIN first. */
	h = order_handle(&p, &cl);
	h->stopped = 1;
	lens[0] = put_rec(b0, put_rec(b0, put_rec(b0, 0, 1, 1), 3, 3), 2, 9);
	lens[1] = put_rec(b1, 0, 3, 4);
	drops[1] = 0;
	out_open();
	h->out = g_fp;
	CHECK(dt_consume_bufs(h, bufs, lens, drops) == 0, "stopped");
	OUT_IS("CPU     ID                    FUNCTION:NAME\n"
	       "  0      1                           :BEGIN \n"
	       "  1      3                         :tick-1s \n"
	       "  0      3                         :tick-1s \n"
	       "  0      2                             :END \n",
	       "BEGIN first, END's CPU last");
	done(h);

	/* temporal: the same records in time order. */
	h = order_handle(&p, &cl);
	h->stopped = 1;
	h->opts.temporal = 1;
	out_open();
	h->out = g_fp;
	CHECK(dt_consume_bufs(h, bufs, lens, drops) == 0, "temporal");
	OUT_IS("CPU     ID                    FUNCTION:NAME\n"
	       "  0      1                           :BEGIN \n"
	       "  0      3                         :tick-1s \n"
	       "  1      3                         :tick-1s \n"
	       "  0      2                             :END \n",
	       "temporal");
	/* A record longer than its buffer is refused, not read past. */
	lens[1] = put_rec(b1, 0, 3, 4);
	memcpy(b1 + 4, &(dt_u32){ 64 }, 4);
	CHECK(dt_consume_bufs(h, bufs, lens, drops) < 0, "malformed");
	done(h);
}

/*
 * @[stack(2)] = count(): the key prints as illumos dt_print_stack()
 * ("\n", a frame a line at stackindent), the value on a line of its
 * own; keys compare byte by byte; with printa(fmt) a stack key is an
 * error (no %k).
 */
static void test_stack_keys(void)
{
	static const char ks[] =
		"ffffffff81001000 T do_sys_open\n"
		"ffffffff81002000 t vfs_read\n"
		"ffffffff81003000 T _etext\n";
	static struct dt_aggdesc sa;
	static struct dt_stmt st;
	static struct dt_clause sc;
	static struct dt_program sp;
	FILE *kf = fmemopen((void *)ks, sizeof(ks) - 1, "r");
	struct dt_ksyms *k = dt_ksyms_load(kf);
	dt_u64 k1[2] = { 0xffffffff81002005ULL, 0xffffffff81001010ULL };
	dt_u64 k2[2] = { 0xffffffff81001000ULL, 0 };
	dt_s64 one = 1, three = 3;
	struct dt_aggtab t;
	struct dt_opts o;
	int id = 0;

	fclose(kf);
	dt_ksyms_set_default(k);
	memset(&sa, 0, sizeof(sa));
	sa.name = "";
	sa.fn = DTRACE_AGG_COUNT;
	sa.nkeys = 1;
	sa.key_type[0] = DIF_TYPE_STACK;
	sa.key_bytes[0] = 16;
	sa.keysize = 16;
	memset(&st, 0, sizeof(st));
	st.kind = DT_STMT_AGG;
	memset(&sc, 0, sizeof(sc));
	sc.stmts = &st;
	sc.nstmts = 1;
	memset(&sp, 0, sizeof(sp));
	sp.clauses = &sc;
	sp.nclauses = 1;
	sp.aggs = &sa;
	sp.naggs = 1;
	sp.strsize = STRSIZE;

	dt_aggtab_init(&t);
	put(0, k1, 16, &three, 1);
	put(0, k2, 16, &one, 1);
	CHECK(dt_agg_merge(&t, &sp, snapbuf, snaplen) == 0, "stack merge");
	snaplen = 0;
	dt_opts_init(&o);
	out_open();
	CHECK(dt_agg_print(g_fp, &sp, &t, &o) == 0, "stack print");
	OUT_IS("\n"
	       "              vmlinux`do_sys_open\n"
	       "                1\n"
	       "\n"
	       "              vmlinux`vfs_read+0x5\n"
	       "              vmlinux`do_sys_open+0x10\n"
	       "                3\n", "stack keys, by value");

	o.stackindent = 4;
	out_open();
	CHECK(dt_printa_default(g_fp, &sp, &t, &id, 1, &o) == 0, "printa");
	OUT_IS("\n"
	       "\n"
	       "    vmlinux`do_sys_open\n"
	       "                1\n"
	       "\n"
	       "    vmlinux`vfs_read+0x5\n"
	       "    vmlinux`do_sys_open+0x10\n"
	       "                3\n", "stackindent");

	out_open();
	CHECK(dt_printa_format(g_fp, "%d %@d\n", &sp, &t, &id, 1, &o) < 0,
	      "a stack key takes no integer conversion");
	fclose(g_fp);
	free(g_buf);
	dt_aggtab_free(&t);
	dt_ksyms_set_default(NULL);
	dt_ksyms_free(k);
}

int main(void)
{
	build();
	test_printa_default();
	test_printa_joined();
	test_actions();
	test_avg_quantize();
	test_errors_drops();
	test_records();
	test_flowindent();
	test_order();
	test_stack_keys();
	return th_done("test_printa");
}
