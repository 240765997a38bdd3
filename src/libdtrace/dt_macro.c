// SPDX-License-Identifier: GPL-2.0
/*
 * Macro arguments and macro variables, substituted in the program text
 * before it is compiled, with illumos' meaning (dt_lex.l, dt_subr.c):
 * in an expression $1 .. $n becomes an integer if the argument looks like
 * one, an identifier if it is one, else a string (surrounding quotes
 * stripped); $$n is always a string; $pid, $target, $uid ... are
 * integers.  In a probe description the text goes in as it is (so that
 * "syscall::$1:entry" and "pid$target:::entry" work).  Nothing inside
 * string or character constants and comments is touched.  Errors are
 * illumos': "macro argument $2 is not defined", "extraneous argument
 * 'x' ($1 is not referenced)".
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt_consumer.h"

struct dt_mbuf {
	char *s;
	size_t len, cap;
	int err;
};

static void dt_mput(struct dt_mbuf *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *ns = realloc(b->s, cap);

		if (!ns) {
			b->err = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void dt_merr(struct dt_error *err, int line, int col,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = line;
	err->col = col;
}

/* illumos strbadidnum(): neither an integer nor an identifier? */
static int dt_bad_idnum(const char *s)
{
	char *end;

	if (!*s)
		return 1;
	if (isdigit((unsigned char)*s) || *s == '-' || *s == '+') {
		strtoull(*s == '-' || *s == '+' ? s + 1 : s, &end, 0);
		/* An integer may end in a size suffix: u, l, ul, ll ... */
		return end == s || (*end && strspn(end, "uUlL") !=
				    strlen(end));
	}
	if (!isalpha((unsigned char)*s) && *s != '_' && *s != '`')
		return 1;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '`')
			return 1;
	return 0;
}

/* A D string literal whose value is @s's text (escapes kept). */
static void dt_mput_str(struct dt_mbuf *b, const char *s, size_t n)
{
	size_t i;

	dt_mput(b, "\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			dt_mput(b, s + i, 2);
			i++;
		} else if (s[i] == '"') {
			dt_mput(b, "\\\"", 2);
		} else if (s[i] == '\n') {
			dt_mput(b, "\\n", 2);
		} else {
			dt_mput(b, s + i, 1);
		}
	}
	dt_mput(b, "\"", 1);
}

static int dt_macro_var(const struct dt_macros *m, const char *name,
			long long *v)
{
	if (!strcmp(name, "pid"))
		*v = getpid();
	else if (!strcmp(name, "ppid"))
		*v = getppid();
	else if (!strcmp(name, "pgid"))
		*v = getpgrp();
	else if (!strcmp(name, "sid"))
		*v = getsid(0);
	else if (!strcmp(name, "uid"))
		*v = getuid();
	else if (!strcmp(name, "euid"))
		*v = geteuid();
	else if (!strcmp(name, "gid"))
		*v = getgid();
	else if (!strcmp(name, "egid"))
		*v = getegid();
	else if (!strcmp(name, "target"))
		*v = m->target;
	else
		return -1;
	return 0;
}

/* Substitute the macro at @p ('$'); returns its length in the source. */
static size_t dt_macro_one(const char *p, struct dt_macros *m, int expr,
			   int line, int col, struct dt_mbuf *b,
			   struct dt_error *err)
{
	int str = p[1] == '$';
	const char *q = p + 1 + str, *v;
	char tok[64], num[32];
	size_t n;

	if (isdigit((unsigned char)*q)) {
		int i = 0;

		for (n = 0; isdigit((unsigned char)q[n]); n++)
			i = i > 100000 ? i : i * 10 + (q[n] - '0');
		if (i >= m->argc && !m->defaultargs) {
			dt_merr(err, line, col, "macro argument %.*s is not "
				"defined", (int)(q + n - p), p);
			return 0;
		}
		v = i < m->argc ? m->argv[i] : str ? "" : "0";
		if (i < m->argc && m->used)
			m->used[i] = 1;
		if (!expr)
			dt_mput(b, v, strlen(v));
		else if (str)
			dt_mput_str(b, v, strlen(v));
		else if (dt_bad_idnum(v)) {
			size_t l = strlen(v);

			if (l > 1 && v[0] == '"' && v[l - 1] == '"')
				dt_mput_str(b, v + 1, l - 2);
			else
				dt_mput_str(b, v, l);
		} else if (*v == '-' || *v == '+') {
			/* One token in illumos: keep it one here too. */
			dt_mput(b, "(", 1);
			dt_mput(b, v, strlen(v));
			dt_mput(b, ")", 1);
		} else {
			dt_mput(b, v, strlen(v));
		}
		return (size_t)(q + n - p);
	}
	for (n = 0; isalnum((unsigned char)q[n]) || q[n] == '_'; n++)
		;
	if (n == 0 || n >= sizeof(tok)) {
		/* A lone '$' is not D: leave it for the compiler to refuse. */
		dt_mput(b, p, 1);
		return 1;
	}
	memcpy(tok, q, n);
	tok[n] = '\0';
	{
		long long x;

		if (dt_macro_var(m, tok, &x) < 0) {
			dt_merr(err, line, col, "macro variable %.*s is not "
				"defined", (int)(q + n - p), p);
			return 0;
		}
		snprintf(num, sizeof(num), "%lld", x);
	}
	if (str && expr)
		dt_mput_str(b, num, strlen(num));
	else
		dt_mput(b, num, strlen(num));
	return (size_t)(q + n - p);
}

/* After '/' closing... a predicate ends when the next non-blank is one of these. */
static int dt_pred_ends_at(const char *p)
{
	while (*p && strchr(" \t\r\n\f\v", *p))
		p++;
	return !*p || *p == ';' || *p == '{' || *p == '/';
}

char *dt_macro_expand(const char *src, struct dt_macros *m,
		      struct dt_error *err)
{
	struct dt_mbuf b = { NULL, 0, 0, 0 };
	const char *p = src;
	int line = 1, col = 1, depth = 0, pred = 0;

	memset(err, 0, sizeof(*err));
	dt_mput(&b, "", 0);
	while (*p) {
		const char *start = p;
		size_t n = 1;

		if (*p == '$') {
			n = dt_macro_one(p, m, depth > 0 || pred, line, col,
					 &b, err);
			if (n == 0) {
				free(b.s);
				return NULL;
			}
			p += n;
			col += (int)n;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			n = e ? (size_t)(e + 2 - p) : strlen(p);
		} else if (p[0] == '/' && p[1] == '/') {
			n = strcspn(p, "\n");
		} else if ((*p == '"' || *p == '\'') && (depth > 0 || pred)) {
			/* To the closing quote (or the line's end). */
			for (n = 1; p[n] && p[n] != *p && p[n] != '\n'; n++)
				if (p[n] == '\\' && p[n + 1])
					n++;
			if (p[n] == *p)
				n++;
		} else if (*p == '{' && !pred) {
			depth++;
		} else if (*p == '}' && depth > 0) {
			depth--;
		} else if (*p == '/' && depth == 0) {
			if (!pred)
				pred = 1;
			else if (dt_pred_ends_at(p + 1))
				pred = 0;
		}
		dt_mput(&b, start, n);
		for (; start < p + n; start++) {
			if (*start == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		p += n;
	}
	if (b.err) {
		free(b.s);
		dt_merr(err, 0, 0, "out of memory");
		return NULL;
	}
	return b.s;
}

int dt_macro_check_unused(const struct dt_macros *m, struct dt_error *err)
{
	int i;

	memset(err, 0, sizeof(*err));
	for (i = 1; i < m->argc; i++) {
		if (m->used && !m->used[i]) {
			dt_merr(err, 0, 0, "extraneous argument '%s' ($%d is "
				"not referenced)", m->argv[i], i);
			return -1;
		}
	}
	return 0;
}
