// SPDX-License-Identifier: GPL-2.0
/*
 * The program dtrace compiles: the text of every -n, -P, -m, -f and -s
 * joined in order (one line range each, so that a compiler error names
 * its piece), scripts run through cpp with -C, "#pragma D option" lines
 * applied as -x would (before compiling: strsize shapes the program),
 * macro arguments and variables substituted, then compiled once.
 * Messages follow illumos dtrace(1M): "failed to compile script F: ...",
 * "invalid probe specifier S: ...".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* asprintf */
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace_cmd.h"

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
 * "line N: " as illumos prefixes a script's compiler messages; after cpp
 * (whose line markers name the file) "\"file\", line N: ".
 */
static void piece_where(const struct piece *pc, int line, char *buf,
			size_t len)
{
	if (pc->cpp && line >= 1 && line <= pc->map.n)
		snprintf(buf, len, "\"%s\", line %d: ",
			 pc->map.file[line - 1], pc->map.line[line - 1]);
	else
		snprintf(buf, len, "line %d: ", line);
}

/* Apply "#pragma D option name[=value]" lines as -x; the text stays. */
static void script_pragmas(struct piece *pc, const char *text)
{
	const char *line = text;
	int lineno = 1;
	char err[128];

	for (; line && *line; lineno++) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char buf[512], *p = buf, *name, *val;

		snprintf(buf, sizeof(buf), "%.*s", (int)n, line);
		line = nl ? nl + 1 : NULL;
		p += strspn(p, " \t");
		if (strncmp(p, "#pragma", 7) || !strchr(" \t", p[7]))
			continue;
		name = strtok(p + 7, " \t\r");
		if (!name || strcmp(name, "D") ||
		    !(name = strtok(NULL, " \t\r")) || strcmp(name, "option") ||
		    !(name = strtok(NULL, " \t\r")))
			continue;
		val = strchr(name, '=');
		if (val)
			*val++ = '\0';
		if (dt_opt_set(&g_cmd.opts, name, val, err, sizeof(err)) < 0) {
			char where[1100];

			piece_where(pc, lineno, where, sizeof(where));
			fatal("failed to compile script %s: %sfailed to set "
			      "option '%s': %s\n", pc->arg, where, name, err);
		}
	}
}

/* The -n text up to the first '{', '/' or ';', as illumos reports it. */
static char *crop_desc(const char *s)
{
	return strndup(s, strcspn(s, "{/;"));
}

void add_piece(enum piece_kind kind, int field, const char *arg)
{
	struct piece *pc;

	g_cmd.pieces = realloc(g_cmd.pieces,
			       (g_cmd.npieces + 1) * sizeof(*g_cmd.pieces));
	if (!g_cmd.pieces)
		fatal("failed to allocate memory for arguments\n");
	pc = &g_cmd.pieces[g_cmd.npieces++];
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

/* A script's text: read, preprocessed with -C, pragmas applied. */
static char *script_text(struct piece *pc)
{
	char *text = read_file(pc->arg), *out, err[256];

	if (!text)
		fatal("failed to open %s: %s\n", pc->arg, strerror(errno));
	if (g_cmd.opts.cpp) {
		if (dt_cpp(&g_cmd.opts, pc->arg, text, &out, &pc->map, err,
			   sizeof(err)) < 0)
			fatal("failed to compile script %s: %s\n", pc->arg,
			      err);
		free(text);
		text = out;
		pc->cpp = 1;
	}
	script_pragmas(pc, text);
	return text;
}

static char *build_source(int *is_clause)
{
	char *src = strdup(""), *text, *n;
	int line = 1, i;

	*is_clause = 0;
	for (i = 0; i < g_cmd.npieces && src; i++) {
		struct piece *pc = &g_cmd.pieces[i];

		if (pc->kind == P_SCRIPT) {
			text = script_text(pc);
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

struct piece *piece_at(int line)
{
	int i;

	for (i = 0; i < g_cmd.npieces; i++)
		if (line >= g_cmd.pieces[i].first_line &&
		    line < g_cmd.pieces[i].first_line + g_cmd.pieces[i].nlines)
			return &g_cmd.pieces[i];
	return g_cmd.npieces ? &g_cmd.pieces[g_cmd.npieces - 1] : NULL;
}

static void compile_error(const struct dt_error *err, struct piece *pc)
{
	char where[1100];
	int line;

	if (!pc)
		pc = piece_at(err->line);
	if (!pc)
		fatal("failed to compile program: %s\n", err->msg);
	line = err->line - pc->first_line + 1;
	if (pc->kind == P_SCRIPT) {
		if (err->line <= 0)
			fatal("failed to compile script %s: %s\n", pc->arg,
			      err->msg);
		piece_where(pc, line, where, sizeof(where));
		fatal("failed to compile script %s: %s%s\n", pc->arg, where,
		      err->msg);
	}
	if (err->line > 0)
		fatal("invalid probe specifier %s: %s at line %d, column %d\n",
		      pc->arg, err->msg, line, err->col);
	fatal("invalid probe specifier %s: %s\n", pc->arg, err->msg);
}

/* $1 .. $n, $$n, $target ...: substituted before compiling. */
static char *expand_macros(const char *src)
{
	struct dt_macros m;
	struct dt_error err;
	char *out;
	int i;

	memset(&m, 0, sizeof(m));
	m.argc = g_cmd.margc;
	m.argv = g_cmd.margv;
	m.defaultargs = g_cmd.opts.defaultargs;
	m.used = calloc(m.argc + 1, 1);
	for (i = 0; i < g_cmd.nprocs; i++)
		m.target = g_cmd.procs[i].pid;
	/* illumos: $0 is the script's name while a script compiles. */
	for (i = 0; i < g_cmd.npieces; i++) {
		if (g_cmd.pieces[i].kind == P_SCRIPT) {
			g_cmd.margv[0] = (char *)g_cmd.pieces[i].arg;
			break;
		}
	}
	if (!m.used)
		fatal("failed to allocate memory\n");
	out = dt_macro_expand(src, &m, &err);
	if (!out)
		compile_error(&err, NULL);
	if (dt_macro_check_unused(&m, &err) < 0)
		compile_error(&err, &g_cmd.pieces[0]);
	free(m.used);
	return out;
}

struct dt_program *compile_pieces(void)
{
	struct dt_program *pgm;
	struct dt_error err;
	char *src, *x, msg[128];
	int is_clause, i;

	if (g_cmd.npieces == 0)
		fatal("no probes specified\n");
	src = build_source(&is_clause);
	x = expand_macros(src);
	free(src);
	memset(&err, 0, sizeof(err));
	pgm = dt_compile(x, is_clause, g_cmd.opts.strsize, &err);
	free(x);
	if (!pgm)
		compile_error(&err, NULL);
	/* Options the compiler found in the program text, as -x. */
	for (i = 0; i < pgm->npragma_opts; i++) {
		char *name = strdup(pgm->pragma_opts[i]), *val;

		if (!name)
			fatal("failed to allocate memory\n");
		val = strchr(name, '=');
		if (val)
			*val++ = '\0';
		if (dt_opt_set(&g_cmd.opts, name, val, msg, sizeof(msg)) < 0)
			fatal("failed to set option %s: %s\n", name, msg);
		free(name);
	}
	return pgm;
}
