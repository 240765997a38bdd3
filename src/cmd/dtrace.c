// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace(1): option parsing on top of libdtrace.  The probe clauses of
 * every -n, -P, -m, -f and -s are joined (in order, one per line range)
 * and compiled once; messages and exit statuses follow illumos dtrace.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* asprintf */
#endif

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt_consumer.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1"
#endif

#define E_SUCCESS	0
#define E_ERROR		1
#define E_USAGE		2

#define OPT_CHECK	256	/* --check */

enum piece_kind { P_DESC, P_SCRIPT };

/* One -n/-P/-m/-f/-s argument and where its text sits in the program. */
struct piece {
	enum piece_kind kind;
	int field;		/* P_DESC: 1 -P, 2 -m, 3 -f, 4 -n */
	const char *arg;	/* as given */
	char *name;		/* for "matched N probes" messages */
	int first_line, nlines;
	size_t matched;
};

static const char *g_pname = "dtrace";
static struct piece *g_pieces;
static int g_npieces;
static volatile sig_atomic_t g_intr;

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: %s [-hlqVwZ] [-b bufsz] [-o output] [-s script] "
		"[-x opt[=val]]\n"
		"\t[-P provider [[ predicate ] action ]]\n"
		"\t[-m [ provider: ] module [[ predicate ] action ]]\n"
		"\t[-f [[ provider: ] module: ] func [[ predicate ] action ]]\n"
		"\t[-n [[[ provider: ] module: ] func: ] name "
		"[[ predicate ] action ]]\n\n"
		"\tpredicate -> '/' D-expression '/'\n"
		"\t   action -> '{' D-statements '}'\n\n"
		"\t-b  set trace buffer size\n"
		"\t-f  enable or list probes matching the specified function "
		"name\n"
		"\t-h  print this help\n"
		"\t-l  list probes matching specified criteria\n"
		"\t-m  enable or list probes matching the specified module name\n"
		"\t-n  enable or list probes matching the specified probe name\n"
		"\t-o  set output file\n"
		"\t-P  enable or list probes matching the specified provider "
		"name\n"
		"\t-q  set quiet mode (only output explicitly traced data)\n"
		"\t-s  enable or list probes according to the specified D "
		"script\n"
		"\t-V  report DTrace API version\n"
		"\t-w  permit destructive actions\n"
		"\t-x  enable or modify compiler and tracing options\n"
		"\t-Z  permit probe descriptions that match zero probes\n"
		"\t--check  report the kernel environment and run the "
		"module's self-tests\n",
		g_pname);
}

static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", g_pname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(E_ERROR);
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp) || !buf) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

static int count_lines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Blank out "#!" on line 1 and "#pragma D option" lines (applying the
 * options), keeping every line so compiler positions stay right.
 */
static void script_pragmas(struct piece *pc, char *text, struct dt_opts *o)
{
	char *line = text, *nl, err[128];
	int lineno = 1;

	for (; line && *line; line = nl ? nl + 1 : NULL, lineno++) {
		char *p = line, *name, *val;

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (lineno == 1 && !strncmp(line, "#!", 2)) {
			memset(line, ' ', strlen(line));
		} else if (!strncmp(p, "#pragma", 7)) {
			char buf[256];

			snprintf(buf, sizeof(buf), "%s", p + 7);
			name = strtok(buf, " \t");
			if (name && !strcmp(name, "D") &&
			    (name = strtok(NULL, " \t")) &&
			    !strcmp(name, "option") &&
			    (name = strtok(NULL, " \t\r"))) {
				val = strchr(name, '=');
				if (val)
					*val++ = '\0';
				if (dt_opt_set(o, name, val, err,
					       sizeof(err)) < 0)
					fatal("failed to compile script %s: "
					      "%s:%d:%d: failed to set option "
					      "%s: %s\n", pc->arg, pc->arg,
					      lineno, 1, name, err);
			}
			memset(line, ' ', strlen(line));
		}
		if (nl)
			*nl = '\n';
	}
}

/* The -n text up to the first '{', '/' or ';', as illumos reports it. */
static char *crop_desc(const char *s)
{
	return strndup(s, strcspn(s, "{/;"));
}

static void add_piece(enum piece_kind kind, int field, const char *arg)
{
	struct piece *pc;

	g_pieces = realloc(g_pieces, (g_npieces + 1) * sizeof(*g_pieces));
	if (!g_pieces)
		fatal("failed to allocate memory for arguments\n");
	pc = &g_pieces[g_npieces++];
	memset(pc, 0, sizeof(*pc));
	pc->kind = kind;
	pc->field = field;
	pc->arg = arg;
	pc->name = kind == P_SCRIPT ? strdup(arg) : crop_desc(arg);
}

/* The D text a -P/-m/-f/-n argument stands for. */
static char *desc_text(const struct piece *pc)
{
	struct dt_probespec sp;
	char *t;

	if (pc->field == 4) {
		/* A bare description gets the default action. */
		if (strchr(pc->arg, '{'))
			return strdup(pc->arg);
		if (asprintf(&t, "%s {}", pc->arg) < 0)
			return NULL;
		return t;
	}
	if (dt_spec_parse(pc->name, pc->field, &sp) < 0)
		fatal("invalid probe specifier %s: too many ':' pieces\n",
		      pc->arg);
	if (asprintf(&t, "%s:%s:%s:%s %s", sp.prov, sp.mod, sp.func, sp.name,
		     strchr(pc->arg, '{') || strchr(pc->arg, '/') ?
		     pc->arg + strlen(pc->name) : "{}") < 0)
		t = NULL;
	dt_spec_free(&sp);
	return t;
}

static char *build_source(struct dt_opts *o, int *is_clause)
{
	char *src = strdup(""), *text, *n;
	int line = 1, i;

	*is_clause = 0;
	for (i = 0; i < g_npieces && src; i++) {
		struct piece *pc = &g_pieces[i];

		if (pc->kind == P_SCRIPT) {
			text = read_file(pc->arg);
			if (!text)
				fatal("failed to open %s: %s\n", pc->arg,
				      strerror(errno));
			script_pragmas(pc, text, o);
		} else {
			text = desc_text(pc);
			*is_clause = 1;
		}
		if (!text)
			fatal("failed to allocate memory\n");
		pc->first_line = line;
		pc->nlines = count_lines(text);
		line += pc->nlines;
		if (asprintf(&n, "%s%s\n", src, text) < 0)
			n = NULL;
		free(src);
		free(text);
		src = n;
	}
	if (!src)
		fatal("failed to allocate memory\n");
	return src;
}

static struct piece *piece_at(int line)
{
	int i;

	for (i = 0; i < g_npieces; i++)
		if (line >= g_pieces[i].first_line &&
		    line < g_pieces[i].first_line + g_pieces[i].nlines)
			return &g_pieces[i];
	return g_npieces ? &g_pieces[g_npieces - 1] : NULL;
}

static void compile_error(const struct dt_error *err)
{
	struct piece *pc = piece_at(err->line);
	int line = pc ? err->line - pc->first_line + 1 : err->line;

	if (!pc)
		fatal("failed to compile program: %s\n", err->msg);
	if (pc->kind == P_SCRIPT)
		fatal("failed to compile script %s: %s:%d:%d: %s\n", pc->arg,
		      pc->arg, line, err->col, err->msg);
	if (err->line > 0)
		fatal("invalid probe specifier %s: %s at line %d, column %d\n",
		      pc->arg, err->msg, line, err->col);
	fatal("invalid probe specifier %s: %s\n", pc->arg, err->msg);
}

static FILE *open_output(const char *ofile)
{
	FILE *fp;

	if (!ofile)
		return stdout;
	fp = fopen(ofile, "a");
	if (!fp)
		fatal("failed to open output file '%s': %s\n", ofile,
		      strerror(errno));
	return fp;
}

static struct dt_handle *open_dtrace(void)
{
	char err[256];
	struct dt_handle *h = dt_open(NULL, err, sizeof(err));

	if (!h)
		fatal("failed to initialize dtrace: %s\n", err);
	return h;
}

/* ---- -l ------------------------------------------------------------ */

static int list_one(const struct dtrace_probedesc *pd, void *arg)
{
	FILE *fp = arg;

	fprintf(fp, "%5u %10s %17s %33s %s\n", pd->id, pd->prov, pd->mod,
		pd->func, pd->name);
	return 0;
}

static int list_probes(struct dt_handle *h, FILE *out,
		       struct dt_probespec *specs, int nspecs)
{
	struct dt_probespec all = { "", "", "", "", "", 0, 0 };
	int status = E_SUCCESS, i;
	size_t p;

	if (nspecs == 0) {
		if (dt_provide_spec(h, &all, 1) < 0)
			fatal("%s\n", h->errmsg);
	}
	for (i = 0; i < nspecs; i++)
		if (dt_provide_spec(h, &specs[i], 1) < 0)
			fatal("%s\n", h->errmsg);
	if (dt_probes_refresh(h) < 0)
		fatal("%s\n", h->errmsg);

	fprintf(out, "%5s %10s %17s %33s %s\n", "ID", "PROVIDER", "MODULE",
		"FUNCTION", "NAME");
	if (nspecs == 0)
		dt_probe_iter(h, NULL, list_one, out);
	for (i = 0; i < nspecs; i++) {
		for (p = 0; p < h->nprobes; p++)
			if (dt_spec_match(&specs[i], &h->probes[p]))
				break;
		if (p == h->nprobes) {
			fflush(out);
			fprintf(stderr, "%s: failed to match %s:%s:%s:%s: No "
				"probe matches description\n", g_pname,
				specs[i].prov, specs[i].mod, specs[i].func,
				specs[i].name);
			status = E_ERROR;
			continue;
		}
		dt_probe_iter(h, &specs[i], list_one, out);
	}
	return status;
}

static int do_list(const char *ofile, struct dt_opts *o)
{
	struct dt_probespec *specs = NULL;
	struct dt_program *pgm = NULL;
	struct dt_handle *h;
	int nspecs = 0, i, c, s, status;
	FILE *out;

	for (i = 0; i < g_npieces; i++) {
		struct piece *pc = &g_pieces[i];

		if (pc->kind == P_DESC) {
			specs = realloc(specs, (nspecs + 1) * sizeof(*specs));
			if (!specs)
				fatal("failed to allocate memory\n");
			if (dt_spec_parse(pc->name, pc->field,
					  &specs[nspecs]) < 0)
				fatal("invalid probe specifier %s: too many "
				      "':' pieces\n", pc->arg);
			nspecs++;
		}
	}
	for (i = 0; i < g_npieces; i++) {
		struct piece *pc = &g_pieces[i];
		struct dt_error err;
		char *text;

		if (pc->kind != P_SCRIPT)
			continue;
		text = read_file(pc->arg);
		if (!text)
			fatal("failed to open %s: %s\n", pc->arg,
			      strerror(errno));
		script_pragmas(pc, text, o);
		pc->first_line = 1;
		pc->nlines = count_lines(text);
		memset(&err, 0, sizeof(err));
		pgm = dt_compile(text, 0, o->strsize, &err);
		free(text);
		if (!pgm) {
			fatal("failed to compile script %s: %s:%d:%d: %s\n",
			      pc->arg, pc->arg, err.line, err.col, err.msg);
		}
		for (c = 0; c < pgm->nclauses; c++) {
			for (s = 0; s < pgm->clauses[c].nspecs; s++) {
				const struct dt_probespec *sp =
					&pgm->clauses[c].specs[s];

				specs = realloc(specs,
						(nspecs + 1) * sizeof(*specs));
				if (!specs)
					fatal("failed to allocate memory\n");
				specs[nspecs].prov = strdup(sp->prov);
				specs[nspecs].mod = strdup(sp->mod);
				specs[nspecs].func = strdup(sp->func);
				specs[nspecs].name = strdup(sp->name);
				specs[nspecs].text = strdup(sp->text ?
							    sp->text : "");
				nspecs++;
			}
		}
		dt_program_free(pgm);
	}

	h = open_dtrace();
	out = open_output(ofile);
	status = list_probes(h, out, specs, nspecs);
	for (i = 0; i < nspecs; i++)
		dt_spec_free(&specs[i]);
	free(specs);
	fflush(out);
	dt_close(h);
	return status;
}

/* ---- tracing ------------------------------------------------------- */

static void on_signal(int sig)
{
	(void)sig;
	g_intr = 1;
}

static int do_trace(const char *ofile, struct dt_opts *o, int destructive)
{
	const struct dt_probespec *bad;
	struct dt_program *pgm;
	struct dt_handle *h;
	struct dt_error err;
	struct sigaction sa;
	int is_clause, i;
	size_t e;
	char *src;

	if (g_npieces == 0)
		fatal("no probes specified\n");

	src = build_source(o, &is_clause);
	memset(&err, 0, sizeof(err));
	pgm = dt_compile(src, is_clause, o->strsize, &err);
	free(src);
	if (!pgm)
		compile_error(&err);

	h = open_dtrace();
	h->opts = *o;
	h->out = open_output(ofile);

	if (dt_enable(h, pgm, &bad) < 0) {
		struct piece *pc = bad ? piece_at(bad->line) : NULL;

		if (pc && pc->kind == P_SCRIPT)
			fatal("failed to compile script %s: line %d: %s\n",
			      pc->arg, bad->line - pc->first_line + 1,
			      h->errmsg);
		if (pc)
			fatal("invalid probe specifier %s: %s\n", pc->arg,
			      h->errmsg);
		fatal("failed to enable '%s': %s\n", g_pieces[0].name,
		      h->errmsg);
	}

	for (e = 0; e < h->necbs; e++) {
		const struct dt_clause *cl = &pgm->clauses[h->ecbs[e].clause];
		struct piece *pc = piece_at(cl->specs[h->ecbs[e].spec].line);

		if (pc)
			pc->matched++;
	}
	for (i = 0; i < g_npieces && !h->opts.quiet; i++) {
		struct piece *pc = &g_pieces[i];

		fprintf(stderr, "%s: %s '%s' matched %zu probe%s\n", g_pname,
			pc->kind == P_SCRIPT ? "script" : "description",
			pc->name, pc->matched, pc->matched == 1 ? "" : "s");
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (dt_go(h) < 0)
		fatal("%s\n", h->errmsg);
	if (destructive && !h->opts.quiet)
		fprintf(stderr, "%s: allowing destructive actions\n", g_pname);
	if (dt_run(h, &g_intr) < 0)
		fatal("processing aborted: %s\n", h->errmsg);

	i = h->exit_status;
	if (h->out != stdout && fclose(h->out) == EOF)
		fatal("failed to close output file '%s'\n", ofile);
	h->out = stdout;
	dt_close(h);
	dt_program_free(pgm);
	return i;
}

static int do_version(void)
{
	char err[256];
	struct dt_handle *h;

	printf("%s: DTrace for Linux %s (D 1.13)\n", g_pname, PACKAGE_VERSION);
	printf("%s: library ABI version %u\n", g_pname, DTRACE_ABI_VERSION);
	h = dt_open(NULL, err, sizeof(err));
	if (h) {
		struct dtrace_check ck;

		printf("%s: module ABI version %u, kernel %s, %u CPUs\n",
		       g_pname, DTRACE_ABI_VERSION, h->release, h->ncpus);
		/* Older modules have no CHECK: then no guest line. */
		if (dt_check(h, DTRACE_CHECK_F_NOTESTS, &ck) == 0)
			printf("%s: guest: %s\n", g_pname, ck.guest_name);
		dt_close(h);
	} else {
		printf("%s: module: %s\n", g_pname, err);
	}
	return E_SUCCESS;
}

static int do_check(void)
{
	struct dtrace_check ck;
	struct dt_handle *h = open_dtrace();
	int notok;

	if (dt_check(h, 0, &ck) < 0)
		fatal("%s\n", h->errmsg);
	dt_close(h);
	notok = dt_check_print(stdout, g_pname, &ck);
	fflush(stdout);
	return notok == 0 ? E_SUCCESS : E_ERROR;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 }
	};
	const char *ofile = NULL;
	struct dt_opts opts;
	int c, list = 0, version = 0, check = 0, destructive = 0;
	char err[128], *p;

	if (argv[0] && (p = strrchr(argv[0], '/')))
		g_pname = p + 1;
	else if (argv[0])
		g_pname = argv[0];
	argv[0] = (char *)g_pname;	/* for getopt's messages */

	dt_opts_init(&opts);
	if (argc == 1) {
		usage(stderr);
		return E_USAGE;
	}

	while ((c = getopt_long(argc, argv, "+b:f:hlm:n:o:P:qs:Vwx:Z",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (dt_opt_set(&opts, "bufsize", optarg, err,
				       sizeof(err)) < 0)
				fatal("failed to set -b %s: %s\n", optarg, err);
			break;
		case 'f':
			add_piece(P_DESC, 3, optarg);
			break;
		case 'h':
			usage(stdout);
			return E_SUCCESS;
		case 'l':
			list = 1;
			break;
		case 'm':
			add_piece(P_DESC, 2, optarg);
			break;
		case 'n':
			add_piece(P_DESC, 4, optarg);
			break;
		case 'o':
			ofile = optarg;
			break;
		case 'P':
			add_piece(P_DESC, 1, optarg);
			break;
		case 'q':
			opts.quiet = 1;
			break;
		case 's':
			add_piece(P_SCRIPT, 0, optarg);
			break;
		case 'V':
			version = 1;
			break;
		case 'w':
			destructive = 1;
			break;
		case 'x':
			p = strchr(optarg, '=');
			if (p)
				*p++ = '\0';
			if (dt_opt_set(&opts, optarg, p, err, sizeof(err)) < 0)
				fatal("failed to set -x %s: %s\n", optarg, err);
			break;
		case 'Z':
			opts.zdefs = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		default:
			usage(stderr);
			return E_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: extraneous argument '%s'\n", g_pname,
			argv[optind]);
		usage(stderr);
		return E_USAGE;
	}
	if (list + version + check > 1) {
		fprintf(stderr, "%s: only one of the [-lV] and --check options "
			"can be specified at a time\n", g_pname);
		return E_USAGE;
	}
	if (version)
		return do_version();
	if (check)
		return do_check();
	if (list)
		return do_list(ofile, &opts);
	return do_trace(ofile, &opts, destructive);
}
