// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler and the consumer together, without a device: D programs
 * from tests/d/aggact are compiled, the kernel's part is played by hand
 * (the aggregation snapshot it would hand over, the clause's record with
 * the values it would store) and the consumer's output is compared with
 * what illumos prints.  This pins the contract of dt_program.h between
 * the two: statement kinds, aggregation ids, recorded trunc()/normalize()
 * values, pragma options.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"
#include "test_harness.h"

struct aggval {
	const char *agg;	/* name without '@' */
	const char *skey;	/* string key, or NULL */
	dt_s64 ikey;		/* else an integer key */
	dt_s64 v;
};

static int aggid_of(const struct dt_program *p, const char *name)
{
	int i;

	for (i = 0; i < p->naggs; i++)
		if (!strcmp(p->aggs[i].name, name))
			return i;
	return -1;
}

/* The AGGSNAP buffer the kernel would give for @vals (count/sum only). */
static size_t snapshot(const struct dt_program *p, const struct aggval *vals,
		       int n, unsigned char *buf)
{
	size_t off = 0;
	int i;

	for (i = 0; i < n; i++) {
		int id = aggid_of(p, vals[i].agg);
		const struct dt_aggdesc *ad = &p->aggs[id];
		struct dtrace_aggrec ar = { (dt_u32)id, ad->keysize, 1, 0 };

		memcpy(buf + off, &ar, sizeof(ar));
		off += sizeof(ar);
		memset(buf + off, 0, (ad->keysize + 7) & ~7u);
		if (vals[i].skey)
			strncpy((char *)buf + off, vals[i].skey, p->strsize - 1);
		else if (ad->keysize)
			memcpy(buf + off, &vals[i].ikey, 8);
		off += (ad->keysize + 7) & ~7u;
		memcpy(buf + off, &vals[i].v, 8);
		off += 8;
	}
	return off;
}

/*
 * Compile @src, merge @vals, print clause 0's record with @recvals[i]
 * stored for its i-th valued statement, then the final print; compare
 * everything printed with @want.
 */
static void replay(const char *what, const char *src,
		   const struct aggval *vals, int nvals,
		   const dt_s64 *recvals, int nrecvals, const char *want)
{
	static unsigned char snap[65536];
	struct dtrace_probedesc pd;
	struct dt_ecbinfo ecb = { 1, 0, 0, 0 };
	struct dtrace_rechdr rh = { 1, 0, 0 };
	struct dt_program *p;
	struct dt_error err;
	struct dt_handle *h;
	unsigned char *payload;
	char *buf = NULL, errbuf[128];
	size_t len = 0;
	FILE *fp;
	int i, s, k = 0;

	p = dt_compile(src, 0, 256, &err);
	CHECK(p != NULL, "%s: compile: %d:%d: %s", what, err.line, err.col,
	      err.msg);
	if (!p)
		return;
	h = dt_handle_nodev();
	memset(&pd, 0, sizeof(pd));
	pd.id = 1;
	strcpy(pd.prov, "dtrace");
	strcpy(pd.name, "BEGIN");
	h->probes = malloc(sizeof(pd));
	memcpy(h->probes, &pd, sizeof(pd));
	h->nprobes = 1;
	h->ecbs = malloc(sizeof(ecb));
	memcpy(h->ecbs, &ecb, sizeof(ecb));
	h->necbs = 1;
	h->pgm = p;
	for (i = 0; i < p->npragma_opts; i++) {
		char *name = strdup(p->pragma_opts[i]), *val = strchr(name, '=');

		if (val)
			*val++ = '\0';
		CHECK(dt_opt_set(&h->opts, name, val, errbuf,
				 sizeof(errbuf)) == 0, "%s: pragma %s: %s",
		      what, name, errbuf);
		free(name);
	}
	CHECK(dt_agg_merge(&h->aggs, p, snap, snapshot(p, vals, nvals, snap))
	      == 0, "%s: merge", what);

	payload = calloc(1, p->clauses[0].recsize + 8);
	for (s = 0; s < p->clauses[0].nstmts; s++) {
		const struct dt_stmt *st = &p->clauses[0].stmts[s];

		if (st->nvals == 0 || st->kind == DT_STMT_AGG ||
		    st->kind == DT_STMT_DIFEXPR || k >= nrecvals)
			continue;
		memcpy(payload + st->vals[0].offset, &recvals[k++], 8);
	}
	rh.size = p->clauses[0].recsize;
	fp = open_memstream(&buf, &len);
	h->out = fp;
	CHECK(dt_print_record(h, 0, &rh, payload) == 0, "%s: record", what);
	CHECK(dt_agg_print(fp, p, &h->aggs, &h->opts) == 0, "%s: final",
	      what);
	fclose(fp);
	CHECK(!strcmp(buf, want), "%s:\ngot:\n[%s]\nwant:\n[%s]", what, buf,
	      want);
	free(buf);
	free(payload);
	h->out = stdout;
	h->pgm = NULL;
	dt_close(h);
	dt_program_free(p);
}

int main(void)
{
	/* tests/d/aggact/tst.printa-fmt.d */
	static const struct aggval fmt_vals[] = {
		{ "c", "b", 0, 1 }, { "c", "a", 0, 2 },
		{ "s", "a", 0, 10 }, { "s", "b", 0, 20 },
	};
	/* tests/d/aggact/tst.normalize.d */
	static const struct aggval norm_vals[] = {
		{ "bytes", "r", 0, 3000 }, { "bytes", "w", 0, 1000 },
	};
	/* tests/d/aggact/tst.trunc.d */
	static const struct aggval trunc_vals[] = {
		{ "v", "a", 0, 1 }, { "v", "b", 0, 2 }, { "v", "c", 0, 3 },
		{ "v", "d", 0, 4 },
	};
	static const struct aggval setopt_vals[] = {
		{ "", "b", 0, 1 }, { "", "a", 0, 2 },
	};
	static const struct aggval sortkey_vals[] = {
		{ "", NULL, 3, 1 }, { "", NULL, 1, 3 }, { "", NULL, 2, 2 },
	};
	static const dt_s64 norm_rec[] = { 1000, 0 };
	static const dt_s64 trunc_rec[] = { 2, 0 };
	static const dt_s64 exit0[] = { 0 };

	replay("printa-fmt",
	       "#pragma D option quiet\n"
	       "BEGIN\n{\n"
	       "\t@c[\"b\"] = count(); @c[\"a\"] = count(); @c[\"a\"] = count();\n"
	       "\t@s[\"a\"] = sum(10); @s[\"b\"] = sum(20);\n"
	       "\tprinta(\"%s=%@d\\n\", @c);\n"
	       "\tprinta(\"%-4s %@4d %@4d|\\n\", @c, @s);\n"
	       "\texit(0);\n}\n", fmt_vals, 4, exit0, 1,
	       "b=1\na=2\nb       1   20|\na       2   10|\n");
	replay("normalize",
	       "#pragma D option quiet\n"
	       "BEGIN\n{\n"
	       "\t@bytes[\"r\"] = sum(3000); @bytes[\"w\"] = sum(1000);\n"
	       "\tnormalize(@bytes, 1000);\n"
	       "\tprinta(\"%s %@d\\n\", @bytes);\n"
	       "\tdenormalize(@bytes);\n"
	       "\tprinta(\"%s %@d\\n\", @bytes);\n"
	       "\texit(0);\n}\n", norm_vals, 2, norm_rec, 2,
	       "w 1\nr 3\nw 1000\nr 3000\n");
	replay("trunc",
	       "#pragma D option quiet\n"
	       "BEGIN\n{\n"
	       "\t@v[\"a\"] = sum(1); @v[\"b\"] = sum(2); @v[\"c\"] = sum(3);\n"
	       "\t@v[\"d\"] = sum(4);\n"
	       "\ttrunc(@v, 2);\n"
	       "\tprinta(\"%s %@d\\n\", @v);\n"
	       "\ttrunc(@v);\n"
	       "\tprinta(\"%s %@d\\n\", @v);\n"
	       "\tprintf(\"empty\\n\");\n"
	       "\texit(0);\n}\n", trunc_vals, 4, trunc_rec, 2,
	       "c 3\nd 4\nempty\n");
	replay("setopt",
	       "#pragma D option quiet\n"
	       "BEGIN\n{\n"
	       "\t@[\"b\"] = sum(1); @[\"a\"] = sum(2);\n"
	       "\tsetopt(\"aggsortkey\");\n"
	       "\tprinta(\"%s %@d\\n\", @);\n"
	       "\tsetopt(\"aggsortkey\", \"false\");\n"
	       "\tprinta(\"%s %@d\\n\", @);\n"
	       "\texit(0);\n}\n", setopt_vals, 2, exit0, 1,
	       "a 2\nb 1\nb 1\na 2\n");
	/* Not printed by printa(): the final print, sorted by key. */
	replay("aggsortkey",
	       "#pragma D option quiet\n"
	       "#pragma D option aggsortkey\n"
	       "BEGIN\n{\n"
	       "\t@[3] = sum(1); @[1] = sum(3); @[2] = sum(2);\n"
	       "\texit(0);\n}\n", sortkey_vals, 3, exit0, 1,
	       "        1                3\n"
	       "        2                2\n"
	       "        3                1\n");
	/* Without quiet: the probe, printa()'s newline and rows, newline. */
	replay("printa-default",
	       "BEGIN\n{\n"
	       "\t@c[\"b\"] = count(); @c[\"a\"] = count(); @c[\"a\"] = count();\n"
	       "\tprinta(@c);\n"
	       "\texit(0);\n}\n", fmt_vals, 2, exit0, 1,
	       "CPU     ID                    FUNCTION:NAME\n"
	       "  0      1                           :BEGIN \n"
	       "  b                                                 "
	       "                1\n"
	       "  a                                                 "
	       "                2\n\n");
	return th_done("test_replay");
}
