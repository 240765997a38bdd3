// SPDX-License-Identifier: GPL-2.0
/*
 * Options: -x name[=value], the command's option letters, #pragma D
 * option and setopt() all come here.  The names, value syntax and
 * messages are illumos' (dt_options.c); every illumos option is known, so
 * a script that uses one we cannot honour is refused with a message that
 * says so, never silently run with different output.  As in illumos only
 * the "dynamic run-time" options may change once tracing is active.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dt_consumer.h"

#define DT_DEFAULT_BUFSIZE	(4u << 20)
#define DT_DEFAULT_STRSIZE	256
#define DT_DEFAULT_DYNVARSIZE	(1u << 20)
#define DT_NSEC			1000000000ULL

#define EMSG_NAME	"Invalid option name"
#define EMSG_VAL	"Invalid value for specified option"
#define EMSG_ACTIVE	"Operation illegal when tracing is active"
#define EMSG_NOTSUP	"Option not supported by DTrace for Linux"

void dt_opts_init(struct dt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->bufsize = DT_DEFAULT_BUFSIZE;
	o->aggsize = DT_DEFAULT_BUFSIZE;
	o->dynvarsize = DT_DEFAULT_DYNVARSIZE;
	/* illumos' 1 Hz: how often drops are reported shows in output. */
	o->switch_ns = DT_NSEC;
	o->status_ns = DT_NSEC;
	o->agg_ns = DT_NSEC;
	o->clean_ns = DT_NSEC / 100;
	o->strsize = DT_DEFAULT_STRSIZE;
	o->bufpolicy = DTRACE_BUFPOLICY_SWITCH;
	o->nspec = 1;			/* illumos' defaults */
	o->specsize = 32u << 10;
	o->aggsortpos = DT_OPT_UNSET;
	o->aggsortkeypos = DT_OPT_UNSET;
	o->stackframes = DT_OPT_UNSET;
	o->ustackframes = DT_OPT_UNSET;
	o->stackindent = DT_OPT_UNSET;
}

void dt_opts_fini(struct dt_opts *o)
{
	int i;

	for (i = 0; i < o->ncppargs; i++)
		free(o->cppargs[i]);
	free(o->cppargs);
	free(o->cpppath);
	o->cppargs = NULL;
	o->ncppargs = 0;
	o->cpppath = NULL;
}

int dt_parse_size(const char *s, dt_u64 *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case '\0':
		break;
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	default:
		return -1;
	}
	if (*end && end[1] != '\0')
		return -1;
	if (shift && v > (~0ULL >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

/* illumos dt_opt_rate(): a number with a time unit or "hz"; bare is ns. */
int dt_parse_rate(const char *s, dt_u64 *ns)
{
	static const struct {
		const char *name;
		dt_u64 mul;	/* ns per unit; 0: a frequency */
	} units[] = {
		{ "ns", 1 }, { "nsec", 1 }, { "us", 1000 }, { "usec", 1000 },
		{ "ms", 1000000 }, { "msec", 1000000 },
		{ "s", DT_NSEC }, { "sec", DT_NSEC },
		{ "m", 60 * DT_NSEC }, { "min", 60 * DT_NSEC },
		{ "h", 3600 * DT_NSEC }, { "hour", 3600 * DT_NSEC },
		{ "d", 86400 * DT_NSEC }, { "day", 86400 * DT_NSEC },
		{ "hz", 0 }, { "", 1 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || (dt_s64)v < 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].name))
			continue;
		if (units[i].mul == 0)
			v = v ? DT_NSEC / v : 0;
		else if (v > ~0ULL / units[i].mul)
			return -1;
		else
			v *= units[i].mul;
		/* illumos takes 0; here it would make the consumer spin. */
		if (v == 0)
			return -1;
		*ns = v;
		return 0;
	}
	return -1;
}

/*
 * illumos dt_opt_runtime(): no value is 0 (set), "" or a negative word
 * ("no", "off", ...) unsets, a positive word is 1, else a number >= 0.
 */
static int dt_parse_runtime(const char *s, dt_s64 *out)
{
	static const char *const pos[] = {
		"yes", "enable", "enabled", "true", "on", "set", NULL
	};
	static const char *const neg[] = {
		"no", "disable", "disabled", "false", "off", "unset", NULL
	};
	unsigned long long v;
	char *end;
	int i;

	if (!s) {
		*out = 0;
		return 0;
	}
	if (!*s) {
		*out = DT_OPT_UNSET;
		return 0;
	}
	for (i = 0; pos[i]; i++) {
		if (!strcasecmp(s, pos[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, neg[i])) {
			*out = DT_OPT_UNSET;
			return 0;
		}
	}
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end || errno || (dt_s64)v < 0)
		return -1;
	*out = (dt_s64)v;
	return 0;
}

static int dt_cpparg_add(struct dt_opts *o, const char *flag, const char *val)
{
	size_t n = strlen(flag) + (val ? strlen(val) : 0) + 1;
	char **nv, *a = malloc(n);

	if (!a)
		return -1;
	snprintf(a, n, "%s%s", flag, val ? val : "");
	nv = realloc(o->cppargs, (o->ncppargs + 1) * sizeof(*nv));
	if (!nv) {
		free(a);
		return -1;
	}
	o->cppargs = nv;
	o->cppargs[o->ncppargs++] = a;
	return 0;
}

enum dt_optkind {
	OK_CFLAG,	/* compile-time flag: no value */
	OK_CPPARG,	/* -D, -U, -I: a value */
	OK_CPPPATH,
	OK_SIZE,	/* run-time sizes */
	OK_RATE,
	OK_FLAG,	/* illumos dt_opt_runtime() values */
	OK_VALUE,
	OK_BUFPOLICY,
	OK_BUFRESIZE,
	OK_DROPTAGS,
	OK_ENCODING,
	OK_NOTSUP,	/* known to illumos, not available here */
};

enum dt_optclass { OC_COMPILE, OC_RUNTIME, OC_DYNAMIC };

struct dt_option {
	const char *name;
	enum dt_optclass cls;
	enum dt_optkind kind;
	const char *arg;	/* OK_CPPARG: the cpp flag */
};

/* Sorted by name; every option illumos knows. */
static const struct dt_option dt_options[] = {
	{ "aggpercpu", OC_COMPILE, OK_NOTSUP, NULL },
	{ "aggrate", OC_DYNAMIC, OK_RATE, NULL },
	{ "aggsize", OC_RUNTIME, OK_SIZE, NULL },
	{ "aggsortkey", OC_DYNAMIC, OK_FLAG, NULL },
	{ "aggsortkeypos", OC_DYNAMIC, OK_VALUE, NULL },
	{ "aggsortpos", OC_DYNAMIC, OK_VALUE, NULL },
	{ "aggsortrev", OC_DYNAMIC, OK_FLAG, NULL },
	{ "agghist", OC_DYNAMIC, OK_NOTSUP, NULL },
	{ "aggpack", OC_DYNAMIC, OK_NOTSUP, NULL },
	{ "aggzoom", OC_DYNAMIC, OK_NOTSUP, NULL },
	{ "amin", OC_COMPILE, OK_NOTSUP, NULL },
	{ "argref", OC_COMPILE, OK_NOTSUP, NULL },
	{ "bufpolicy", OC_RUNTIME, OK_BUFPOLICY, NULL },
	{ "bufresize", OC_RUNTIME, OK_BUFRESIZE, NULL },
	{ "bufsize", OC_RUNTIME, OK_SIZE, NULL },
	{ "cleanrate", OC_RUNTIME, OK_RATE, NULL },
	{ "core", OC_COMPILE, OK_NOTSUP, NULL },
	{ "cpp", OC_COMPILE, OK_CFLAG, NULL },
	{ "cpphdrs", OC_COMPILE, OK_CFLAG, NULL },
	{ "cpppath", OC_COMPILE, OK_CPPPATH, NULL },
	{ "cpu", OC_RUNTIME, OK_NOTSUP, NULL },
	{ "ctypes", OC_COMPILE, OK_NOTSUP, NULL },
	{ "debug", OC_COMPILE, OK_NOTSUP, NULL },
	{ "defaultargs", OC_COMPILE, OK_CFLAG, NULL },
	{ "define", OC_COMPILE, OK_CPPARG, "-D" },
	{ "destructive", OC_RUNTIME, OK_FLAG, NULL },
	{ "droptags", OC_COMPILE, OK_DROPTAGS, NULL },
	{ "dtypes", OC_COMPILE, OK_NOTSUP, NULL },
	{ "dynvarsize", OC_RUNTIME, OK_SIZE, NULL },
	{ "empty", OC_COMPILE, OK_NOTSUP, NULL },
	{ "encoding", OC_COMPILE, OK_ENCODING, NULL },
	{ "errtags", OC_COMPILE, OK_NOTSUP, NULL },
	{ "evaltime", OC_COMPILE, OK_NOTSUP, NULL },
	{ "flowindent", OC_DYNAMIC, OK_FLAG, NULL },
	{ "grabanon", OC_RUNTIME, OK_NOTSUP, NULL },
	{ "incdir", OC_COMPILE, OK_CPPARG, "-I" },
	{ "iregs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "jstackframes", OC_RUNTIME, OK_NOTSUP, NULL },
	{ "jstackstrsize", OC_RUNTIME, OK_NOTSUP, NULL },
	{ "kdefs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "knodefs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "late", OC_COMPILE, OK_NOTSUP, NULL },
	{ "lazyload", OC_COMPILE, OK_NOTSUP, NULL },
	{ "ldpath", OC_COMPILE, OK_NOTSUP, NULL },
	{ "libdir", OC_COMPILE, OK_NOTSUP, NULL },
	{ "linkmode", OC_COMPILE, OK_NOTSUP, NULL },
	{ "linktype", OC_COMPILE, OK_NOTSUP, NULL },
	{ "nolibs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "nspec", OC_RUNTIME, OK_VALUE, NULL },
	{ "pgmax", OC_COMPILE, OK_NOTSUP, NULL },
	{ "pspec", OC_COMPILE, OK_NOTSUP, NULL },
	{ "quiet", OC_DYNAMIC, OK_FLAG, NULL },
	{ "rawbytes", OC_DYNAMIC, OK_FLAG, NULL },
	{ "setenv", OC_COMPILE, OK_NOTSUP, NULL },
	{ "specsize", OC_RUNTIME, OK_SIZE, NULL },
	{ "stackframes", OC_RUNTIME, OK_VALUE, NULL },
	{ "stackindent", OC_DYNAMIC, OK_VALUE, NULL },
	{ "statusrate", OC_RUNTIME, OK_RATE, NULL },
	{ "stdc", OC_COMPILE, OK_NOTSUP, NULL },
	{ "strip", OC_COMPILE, OK_NOTSUP, NULL },
	{ "strsize", OC_RUNTIME, OK_SIZE, NULL },
	{ "switchrate", OC_DYNAMIC, OK_RATE, NULL },
	{ "syslibdir", OC_COMPILE, OK_NOTSUP, NULL },
	{ "temporal", OC_RUNTIME, OK_FLAG, NULL },
	{ "tree", OC_COMPILE, OK_NOTSUP, NULL },
	{ "tregs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "udefs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "undef", OC_COMPILE, OK_CPPARG, "-U" },
	{ "unodefs", OC_COMPILE, OK_NOTSUP, NULL },
	{ "unsetenv", OC_COMPILE, OK_NOTSUP, NULL },
	{ "ustackframes", OC_RUNTIME, OK_VALUE, NULL },
	{ "verbose", OC_COMPILE, OK_CFLAG, NULL },
	{ "version", OC_COMPILE, OK_NOTSUP, NULL },
	{ "zdefs", OC_COMPILE, OK_CFLAG, NULL },
};

static const struct dt_option *dt_opt_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dt_options) / sizeof(dt_options[0]); i++)
		if (!strcmp(dt_options[i].name, name))
			return &dt_options[i];
	return NULL;
}

static int *dt_opt_cflag(struct dt_opts *o, const char *name)
{
	if (!strcmp(name, "cpp"))
		return &o->cpp;
	if (!strcmp(name, "defaultargs"))
		return &o->defaultargs;
	if (!strcmp(name, "verbose"))
		return &o->difv;
	if (!strcmp(name, "zdefs"))
		return &o->zdefs;
	return NULL;
}

static int dt_opt_size(struct dt_opts *o, const char *name, const char *val)
{
	dt_u64 v;

	if (dt_parse_size(val, &v) < 0)
		return -1;
	if (!strcmp(name, "bufsize") || !strcmp(name, "aggsize")) {
		if (v < DTRACE_MIN_BUFSIZE || v > DTRACE_MAX_BUFSIZE)
			return -1;
		*(name[0] == 'b' ? &o->bufsize : &o->aggsize) = v;
	} else if (!strcmp(name, "dynvarsize")) {
		if (v > DTRACE_MAX_DYNVARSIZE)
			return -1;
		o->dynvarsize = v;
	} else if (!strcmp(name, "specsize")) {
		if (v > DTRACE_MAX_BUFSIZE)
			return -1;
		o->specsize = v;
	} else {	/* strsize: a multiple of 8, like every record value */
		if (v == 0 || v > 65536)
			return -1;
		o->strsize = (dt_u32)((v + 7) & ~7ULL);
	}
	return 0;
}

static int dt_opt_rate(struct dt_opts *o, const char *name, const char *val)
{
	dt_u64 ns;

	if (dt_parse_rate(val, &ns) < 0)
		return -1;
	if (!strcmp(name, "switchrate"))
		o->switch_ns = ns;
	else if (!strcmp(name, "statusrate"))
		o->status_ns = ns;
	else if (!strcmp(name, "aggrate"))
		o->agg_ns = ns;
	else
		o->clean_ns = ns;
	return 0;
}

static int dt_opt_value(struct dt_opts *o, const char *name, const char *val)
{
	dt_s64 v;
	int set;

	if (dt_parse_runtime(val, &v) < 0)
		return -1;
	set = v != DT_OPT_UNSET;
	if (!strcmp(name, "quiet"))
		o->quiet = set;
	else if (!strcmp(name, "flowindent"))
		o->flowindent = set;
	else if (!strcmp(name, "rawbytes"))
		o->rawbytes = set;
	else if (!strcmp(name, "aggsortkey"))
		o->aggsortkey = set;
	else if (!strcmp(name, "aggsortrev"))
		o->aggsortrev = set;
	else if (!strcmp(name, "destructive"))
		o->destructive = set;
	else if (!strcmp(name, "temporal"))
		o->temporal = set;
	else if (!strcmp(name, "aggsortpos"))
		o->aggsortpos = v;
	else if (!strcmp(name, "aggsortkeypos"))
		o->aggsortkeypos = v;
	else if (!strcmp(name, "stackframes"))
		o->stackframes = v;
	else if (!strcmp(name, "ustackframes"))
		o->ustackframes = v;
	else if (!strcmp(name, "nspec")) {
		/* The module takes 0 .. 1024 speculation buffers. */
		if (v == DT_OPT_UNSET || v > 1024)
			return -1;
		o->nspec = (dt_u32)v;
	}
	else
		o->stackindent = v;
	return 0;
}

int dt_opt_set(struct dt_opts *o, const char *name, const char *val,
	       char *err, size_t errlen)
{
	const struct dt_option *op = dt_opt_lookup(name);
	const char *msg = EMSG_VAL;
	int *flag;

	if (!op) {
		snprintf(err, errlen, EMSG_NAME);
		return -1;
	}
	if (op->cls == OC_RUNTIME && o->active) {
		snprintf(err, errlen, EMSG_ACTIVE);
		return -1;
	}
	switch (op->kind) {
	case OK_CFLAG:
		if (val)
			goto bad;
		if (!strcmp(name, "cpphdrs"))
			return dt_cpparg_add(o, "-H", NULL) < 0 ? -1 : 0;
		flag = dt_opt_cflag(o, name);
		*flag = 1;
		return 0;
	case OK_CPPARG:
		if (!val || dt_cpparg_add(o, op->arg, val) < 0)
			goto bad;
		return 0;
	case OK_CPPPATH:
		if (!val)
			goto bad;
		free(o->cpppath);
		o->cpppath = strdup(val);
		return 0;
	case OK_SIZE:
		if (!val || dt_opt_size(o, name, val) < 0)
			goto bad;
		return 0;
	case OK_RATE:
		if (!val || dt_opt_rate(o, name, val) < 0)
			goto bad;
		return 0;
	case OK_FLAG:
	case OK_VALUE:
		if (dt_opt_value(o, name, val) < 0)
			goto bad;
		return 0;
	case OK_BUFPOLICY:
		/* fill: the module stops the CPU's tracing, STATUS says so. */
		if (val && !strcmp(val, "switch"))
			o->bufpolicy = DTRACE_BUFPOLICY_SWITCH;
		else if (val && !strcmp(val, "fill"))
			o->bufpolicy = DTRACE_BUFPOLICY_FILL;
		else if (val && !strcmp(val, "ring"))
			o->bufpolicy = DTRACE_BUFPOLICY_RING;
		else
			goto bad;
		return 0;
	case OK_BUFRESIZE:
		/* The module allocates all or fails: nothing to resize. */
		if (val && (!strcmp(val, "auto") || !strcmp(val, "manual")))
			return 0;
		goto bad;
	case OK_DROPTAGS:
		o->droptags = 1;
		return 0;
	case OK_ENCODING:
		if (val && !strcmp(val, "ascii"))
			return 0;
		if (val && !strcmp(val, "utf8"))
			msg = EMSG_NOTSUP;
		goto bad;
	case OK_NOTSUP:
		msg = EMSG_NOTSUP;
		goto bad;
	}
bad:
	snprintf(err, errlen, "%s", msg);
	return -1;
}
