// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace(1): option parsing on top of libdtrace.  Options may come in
 * any order and between them the macro arguments ($1 ...), as with
 * illumos dtrace(1M); messages and exit statuses follow it (0, or the
 * exit() value; 1 on errors; 2 on usage errors).  The program text is
 * dtrace_src.c's, what is done with it dtrace_run.c's.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtrace_cmd.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1"
#endif

#define OPT_CHECK	256	/* --check */

struct cmd g_cmd = { .pname = "dtrace" };

static void usage(FILE *fp)
{
	static const char pa[] = "[[ predicate ] action ]";

	fprintf(fp, "Usage: %s [-CeFhHlqSVwZ] [-b bufsz] [-c cmd] "
		"[-D name[=def]]\n\t[-I path] [-o output] [-p pid] "
		"[-s script] [-U name]\n\t[-x opt[=val]]\n\n"
		"\t[-P provider %s]\n"
		"\t[-m [ provider: ] module %s]\n"
		"\t[-f [[ provider: ] module: ] func %s]\n"
		"\t[-n [[[ provider: ] module: ] func: ] name %s]\n"
		"\t[ args ... ]\n\n"
		"\tpredicate -> '/' D-expression '/'\n"
		"\t   action -> '{' D-statements '}'\n\n"
		"\t-b  set trace buffer size\n"
		"\t-c  run specified command and exit upon its completion\n"
		"\t-C  run cpp(1) preprocessor on script files\n"
		"\t-D  define symbol when invoking preprocessor\n"
		"\t-e  exit after compiling request but prior to enabling "
		"probes\n"
		"\t-f  enable or list probes matching the specified function "
		"name\n"
		"\t-F  coalesce trace output by function\n"
		"\t-h  print this help\n"
		"\t-H  print included files when invoking preprocessor\n"
		"\t-I  add include directory to preprocessor search path\n"
		"\t-l  list probes matching specified criteria\n"
		"\t-m  enable or list probes matching the specified module name\n"
		"\t-n  enable or list probes matching the specified probe name\n"
		"\t-o  set output file\n"
		"\t-p  trace specified process-ID and exit upon its completion\n"
		"\t-P  enable or list probes matching the specified provider "
		"name\n"
		"\t-q  set quiet mode (only output explicitly traced data)\n"
		"\t-s  enable or list probes according to the specified D "
		"script\n"
		"\t-S  print D compiler intermediate code\n"
		"\t-U  undefine symbol when invoking preprocessor\n"
		"\t-V  report DTrace API version\n"
		"\t-w  permit destructive actions\n"
		"\t-x  enable or modify compiler and tracing options\n"
		"\t-Z  permit probe descriptions that match zero probes\n"
		"\t--check  report the kernel environment and run the "
		"module's self-tests\n",
		g_cmd.pname, pa, pa, pa, pa);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", g_cmd.pname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(E_ERROR);
}

void notice(const char *fmt, ...)
{
	const struct dt_opts *o = g_cmd.live ? g_cmd.live : &g_cmd.opts;
	va_list ap;

	if (o->quiet)
		return;
	fprintf(stderr, "%s: ", g_cmd.pname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* illumos' message names the option letter and its argument: "-b 1x". */
static void set_opt(const char *name, const char *val, const char *what,
		    const char *arg)
{
	char err[128];

	if (dt_opt_set(&g_cmd.opts, name, val, err, sizeof(err)) < 0)
		fatal("failed to set %s%s%s: %s\n", what, arg ? " " : "",
		      arg ? arg : "", err);
}

static void add_margv(const char *arg)
{
	char **n = realloc(g_cmd.margv, (g_cmd.margc + 1) * sizeof(*n));

	if (!n)
		fatal("failed to allocate memory for arguments\n");
	g_cmd.margv = n;
	g_cmd.margv[g_cmd.margc++] = (char *)arg;
}

static void add_proc(const char *arg, int pid)
{
	const char **c = realloc(g_cmd.pcmds,
				 (g_cmd.npcmds + 1) * sizeof(*c));
	int *p = c ? realloc(g_cmd.ppids, (g_cmd.npcmds + 1) * sizeof(*p))
		   : NULL;

	if (!c || !p)
		fatal("failed to allocate memory for arguments\n");
	g_cmd.pcmds = c;
	g_cmd.ppids = p;
	c[g_cmd.npcmds] = arg;
	p[g_cmd.npcmds++] = pid;
}

/* On any exit (fatal() too): a -c command never let go is killed. */
static void release_procs(void)
{
	int i;

	for (i = 0; i < g_cmd.nprocs; i++)
		dt_proc_release(&g_cmd.procs[i]);
}

/* -c and -p, in order, before compiling: $target is the last one. */
static void start_procs(void)
{
	char err[256];
	int i;

	g_cmd.procs = calloc(g_cmd.npcmds ? g_cmd.npcmds : 1,
			     sizeof(*g_cmd.procs));
	if (!g_cmd.procs)
		fatal("failed to allocate memory\n");
	atexit(release_procs);
	for (i = 0; i < g_cmd.npcmds; i++) {
		struct dt_proc *p = &g_cmd.procs[g_cmd.nprocs];
		int rc = g_cmd.ppids[i] ?
			 dt_proc_grab(p, g_cmd.ppids[i], err, sizeof(err)) :
			 dt_proc_create(p, g_cmd.pcmds[i], err, sizeof(err));

		if (rc < 0)
			fatal("%s\n", err);
		g_cmd.nprocs++;
	}
}

static int do_version(void)
{
	char err[256];
	struct dt_handle *h;

	printf("%s: DTrace for Linux %s (D 1.13)\n", g_cmd.pname,
	       PACKAGE_VERSION);
	printf("%s: library ABI version %u\n", g_cmd.pname, DTRACE_ABI_VERSION);
	h = dt_open(NULL, err, sizeof(err));
	if (h) {
		struct dtrace_check ck;

		printf("%s: module ABI version %u, kernel %s, %u CPUs\n",
		       g_cmd.pname, DTRACE_ABI_VERSION, h->release, h->ncpus);
		/* Older modules have no CHECK: then no guest line. */
		if (dt_check(h, DTRACE_CHECK_F_NOTESTS, &ck) == 0)
			printf("%s: guest: %s\n", g_cmd.pname, ck.guest_name);
		dt_close(h);
	} else {
		printf("%s: module: %s\n", g_cmd.pname, err);
	}
	return E_SUCCESS;
}

static int do_check(void)
{
	struct dtrace_check ck;
	char err[256];
	struct dt_handle *h = dt_open(NULL, err, sizeof(err));
	int notok;

	if (!h)
		fatal("failed to initialize dtrace: %s\n", err);
	if (dt_check(h, 0, &ck) < 0)
		fatal("%s\n", h->errmsg);
	dt_close(h);
	notok = dt_check_print(stdout, g_cmd.pname, &ck);
	fflush(stdout);
	return notok == 0 ? E_SUCCESS : E_ERROR;
}

static long parse_pid(const char *s)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(s, &end, 10);
	if (errno || end == s || *end || pid <= 0)
		fatal("invalid pid: %s\n", s);
	return pid;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 }
	};
	int c, list = 0, version = 0, check = 0;
	char *p;

	if (argv[0] && (p = strrchr(argv[0], '/')))
		g_cmd.pname = p + 1;
	else if (argv[0])
		g_cmd.pname = argv[0];
	dt_opts_init(&g_cmd.opts);
	add_margv(argv[0] ? argv[0] : "dtrace");	/* $0 */
	argv[0] = (char *)g_cmd.pname;	/* for getopt's messages */

	if (argc == 1) {
		usage(stderr);
		return E_USAGE;
	}

	/* As illumos: options and macro arguments in any order. */
	while (optind < argc) {
		c = getopt_long(argc, argv,
				"+b:c:CD:ef:FhHI:lm:n:o:p:P:qs:SU:Vwx:Z",
				longopts, NULL);
		if (c == -1) {
			add_margv(argv[optind++]);
			continue;
		}
		switch (c) {
		case 'b':
			set_opt("bufsize", optarg, "-b", optarg);
			break;
		case 'c':
			add_proc(optarg, 0);
			break;
		case 'C':
			set_opt("cpp", NULL, "-C", NULL);
			break;
		case 'D':
			set_opt("define", optarg, "-D", optarg);
			break;
		case 'e':
			g_cmd.compile_only = 1;
			break;
		case 'f':
			add_piece(P_DESC, 3, optarg);
			break;
		case 'F':
			set_opt("flowindent", NULL, "-F", NULL);
			break;
		case 'h':
			usage(stdout);
			return E_SUCCESS;
		case 'H':
			set_opt("cpphdrs", NULL, "-H", NULL);
			break;
		case 'I':
			set_opt("incdir", optarg, "-I", optarg);
			break;
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
			g_cmd.ofile = optarg;
			break;
		case 'p':
			add_proc(optarg, (int)parse_pid(optarg));
			break;
		case 'P':
			add_piece(P_DESC, 1, optarg);
			break;
		case 'q':
			set_opt("quiet", NULL, "-q", NULL);
			break;
		case 's':
			add_piece(P_SCRIPT, 0, optarg);
			break;
		case 'S':
			set_opt("verbose", NULL, "-S", NULL);
			break;
		case 'U':
			set_opt("undef", optarg, "-U", optarg);
			break;
		case 'V':
			version = 1;
			break;
		case 'w':
			set_opt("destructive", NULL, "-w", NULL);
			break;
		case 'x':
			p = strchr(optarg, '=');
			if (p)
				*p++ = '\0';
			set_opt(optarg, p, "-x", optarg);
			break;
		case 'Z':
			set_opt("zdefs", NULL, "-Z", NULL);
			break;
		case OPT_CHECK:
			check = 1;
			break;
		default:
			usage(stderr);
			return E_USAGE;
		}
	}
	if (list + version + check > 1) {
		fprintf(stderr, "%s: only one of the [-lV] and --check options "
			"can be specified at a time\n", g_cmd.pname);
		return E_USAGE;
	}
	if (version)
		return do_version();
	if (check)
		return do_check();
	if (list)
		return do_list();
	if (!g_cmd.compile_only)
		start_procs();
	return do_trace();
}
