// SPDX-License-Identifier: GPL-2.0
/*
 * Probe descriptions: glob matching, the probe list (DTRACEIOC_PROBES)
 * and asking on-demand providers for probes (DTRACEIOC_PROVIDE): fbt is
 * asked for an "entry" and a "return" probe per kernel text symbol named
 * in /proc/kallsyms (those the spec's name matches) and creates them for
 * the functions it can hook, the profile provider one probe per tick-N /
 * profile-N name a spec uses.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "dt_consumer.h"

#define DT_PROBES_PAGE	1024

int dt_glob_match(const char *pat, const char *s)
{
	if (!pat || !*pat)
		return 1;
	return fnmatch(pat, s, 0) == 0;
}

static int dt_is_glob(const char *s)
{
	return s && strpbrk(s, "*?[") != NULL;
}

int dt_spec_match(const struct dt_probespec *sp,
		  const struct dtrace_probedesc *pd)
{
	return dt_glob_match(sp->prov, pd->prov) &&
	       dt_glob_match(sp->mod, pd->mod) &&
	       dt_glob_match(sp->func, pd->func) &&
	       dt_glob_match(sp->name, pd->name);
}

/* ^(tick|profile)-[0-9]+(ns|nsec|us|usec|ms|msec|s|sec|m|min|h|hour|d|day|hz)?$ */
int dt_profile_name_ok(const char *name)
{
	static const char *const units[] = {
		"", "ns", "nsec", "us", "usec", "ms", "msec", "s", "sec", "m",
		"min", "h", "hour", "d", "day", "hz", NULL
	};
	const char *p;
	int i;

	if (!strncmp(name, "tick-", 5))
		p = name + 5;
	else if (!strncmp(name, "profile-", 8))
		p = name + 8;
	else
		return 0;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	for (i = 0; units[i]; i++)
		if (!strcmp(p, units[i]))
			return 1;
	return 0;
}

static char *dt_strndup_trim(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

void dt_spec_free(struct dt_probespec *sp)
{
	free(sp->prov);
	free(sp->mod);
	free(sp->func);
	free(sp->name);
	free(sp->text);
	memset(sp, 0, sizeof(*sp));
}

int dt_spec_parse(const char *text, int field, struct dt_probespec *sp)
{
	char **fields[4] = { &sp->prov, &sp->mod, &sp->func, &sp->name };
	const char *pieces[4], *p;
	int k = 0, i;

	memset(sp, 0, sizeof(*sp));
	if (field < 1 || field > 4)
		return -1;
	/* "a:b:c" names the last k fields up to and including @field. */
	pieces[k++] = text;
	for (p = text; *p; p++) {
		if (*p != ':')
			continue;
		if (k == field)
			return -1;	/* more pieces than fields */
		pieces[k++] = p + 1;
	}
	for (i = 0; i < k; i++) {
		const char *b = pieces[i];
		const char *e = i + 1 < k ? pieces[i + 1] - 1 : b + strlen(b);

		*fields[field - k + i] = dt_strndup_trim(b, e - b);
	}
	for (i = 0; i < 4; i++)
		if (!*fields[i] && !(*fields[i] = strdup("")))
			goto fail;
	sp->text = dt_strndup_trim(text, strlen(text));
	if (!sp->text)
		goto fail;
	return 0;
fail:
	dt_spec_free(sp);
	return -1;
}

static int dt_probe_cmp(const void *a, const void *b)
{
	const struct dtrace_probedesc *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int dt_probes_refresh(struct dt_handle *h)
{
	struct dtrace_probedesc *all = NULL, *n;
	size_t count = 0, cap = 0;
	struct dtrace_probes_req req;
	dt_u32 first = 1;

	for (;;) {
		if (cap - count < DT_PROBES_PAGE) {
			cap = cap ? cap * 2 : 4 * DT_PROBES_PAGE;
			n = realloc(all, cap * sizeof(*all));
			if (!n) {
				free(all);
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "out of memory listing probes");
				return -1;
			}
			all = n;
		}
		memset(&req, 0, sizeof(req));
		req.first = first;
		req.max = DT_PROBES_PAGE;
		req.buf = (dt_u64)(uintptr_t)(all + count);
		if (ioctl(h->fd, DTRACEIOC_PROBES, &req) < 0) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "failed to list probes: %s", strerror(errno));
			free(all);
			return -1;
		}
		if (req.count > DT_PROBES_PAGE) {
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "module returned too many probes");
			free(all);
			return -1;
		}
		if (req.count == 0)
			break;
		for (size_t i = count; i < count + req.count; i++) {
			struct dtrace_probedesc *d = &all[i];

			d->prov[sizeof(d->prov) - 1] = '\0';
			d->mod[sizeof(d->mod) - 1] = '\0';
			d->func[sizeof(d->func) - 1] = '\0';
			d->name[sizeof(d->name) - 1] = '\0';
		}
		count += req.count;
		if (all[count - 1].id < first || all[count - 1].id == UINT32_MAX)
			break;
		first = all[count - 1].id + 1;
		if (req.count < DT_PROBES_PAGE)
			break;
	}
	qsort(all, count, sizeof(*all), dt_probe_cmp);
	free(h->probes);
	h->probes = all;
	h->nprobes = count;
	return 0;
}

int dt_probe_iter(struct dt_handle *h, const struct dt_probespec *sp,
		  int (*fn)(const struct dtrace_probedesc *, void *),
		  void *arg)
{
	size_t i;
	int rc;

	for (i = 0; i < h->nprobes; i++) {
		if (sp && !dt_spec_match(sp, &h->probes[i]))
			continue;
		rc = fn(&h->probes[i], arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- PROVIDE ------------------------------------------------------- */

struct dt_provbuf {
	struct dt_handle *h;
	const char *prov;
	const char *namepat;	/* fbt: which of entry/return to provide */
	char *buf;
	size_t len;
	dt_u32 n;
	int err;
};

static int dt_provbuf_flush(struct dt_provbuf *pb)
{
	struct dtrace_provide_req req;

	if (pb->n == 0)
		return 0;
	memset(&req, 0, sizeof(req));
	snprintf(req.prov, sizeof(req.prov), "%s", pb->prov);
	req.nentries = pb->n;
	req.buflen = (dt_u32)pb->len;
	req.buf = (dt_u64)(uintptr_t)pb->buf;
	pb->n = 0;
	pb->len = 0;
	if (ioctl(pb->h->fd, DTRACEIOC_PROVIDE, &req) < 0) {
		snprintf(pb->h->errmsg, sizeof(pb->h->errmsg),
			 "provider %s failed to create probes: %s", pb->prov,
			 strerror(errno));
		pb->err = 1;
		return -1;
	}
	return 0;
}

static int dt_provbuf_add(struct dt_provbuf *pb, const char *mod,
			  const char *func, const char *name)
{
	size_t lm = strlen(mod) + 1, lf = strlen(func) + 1;
	size_t ln = strlen(name) + 1;

	if (lm > DTRACE_MODNAMELEN || lf > DTRACE_FUNCNAMELEN ||
	    ln > DTRACE_NAMELEN)
		return 0;	/* cannot be named in a probedesc: skip */
	if (pb->len + lm + lf + ln > DTRACE_PROVIDE_MAXBUF &&
	    dt_provbuf_flush(pb) < 0)
		return -1;
	memcpy(pb->buf + pb->len, mod, lm);
	pb->len += lm;
	memcpy(pb->buf + pb->len, func, lf);
	pb->len += lf;
	memcpy(pb->buf + pb->len, name, ln);
	pb->len += ln;
	pb->n++;
	return 0;
}

static int dt_fbt_add(void *arg, const char *mod, const char *func)
{
	struct dt_provbuf *pb = arg;

	if (dt_glob_match(pb->namepat, "entry") &&
	    dt_provbuf_add(pb, mod, func, "entry") < 0)
		return -1;
	if (dt_glob_match(pb->namepat, "return") &&
	    dt_provbuf_add(pb, mod, func, "return") < 0)
		return -1;
	return 0;
}

long dt_kallsyms_scan(FILE *fp, const char *modpat, const char *funcpat,
		      dt_fbt_cb *cb, void *arg)
{
	char line[1024], *addr, *type, *sym, *mod, *save;
	long n = 0;

	while (fgets(line, sizeof(line), fp)) {
		addr = strtok_r(line, " \t\n", &save);
		type = strtok_r(NULL, " \t\n", &save);
		sym = strtok_r(NULL, " \t\n", &save);
		mod = strtok_r(NULL, " \t\n", &save);
		if (!addr || !type || !sym || type[1] != '\0')
			continue;
		if (type[0] != 't' && type[0] != 'T')
			continue;
		if (mod) {
			size_t l = strlen(mod);

			if (mod[0] != '[' || mod[l - 1] != ']')
				continue;
			mod[l - 1] = '\0';
			mod++;
		} else {
			mod = "vmlinux";
		}
		/*
		 * Our own code must not be traced; ftrace padding and the
		 * out-of-line ".cold" parts of functions are no functions.
		 */
		if (!strcmp(mod, "dtrace") || !strncmp(sym, "__pfx_", 6) ||
		    strstr(sym, ".cold"))
			continue;
		if (!dt_glob_match(modpat, mod) || !dt_glob_match(funcpat, sym))
			continue;
		if (cb(arg, mod, sym) < 0)
			return -1;
		n++;
	}
	return n;
}

/* Whether @sp can name fbt probes worth creating. */
static int dt_spec_wants_fbt(const struct dt_probespec *sp, int listing)
{
	if (!dt_glob_match(sp->name, "entry") &&
	    !dt_glob_match(sp->name, "return"))
		return 0;
	if (listing)
		return dt_glob_match(sp->prov, "fbt");
	/*
	 * Enabling: only an explicit fbt provider, so that ":::entry" does
	 * not instrument every kernel function.
	 */
	if (!strcmp(sp->prov, "fbt"))
		return 1;
	return sp->prov[0] && dt_is_glob(sp->prov) &&
	       dt_glob_match(sp->prov, "fbt") && sp->func[0] &&
	       strcmp(sp->func, "*") != 0;
}

static int dt_spec_wants_profile(const struct dt_probespec *sp)
{
	if (!dt_glob_match(sp->prov, "profile"))
		return 0;
	if (sp->mod[0] || sp->func[0])
		return 0;
	return !dt_is_glob(sp->name) && dt_profile_name_ok(sp->name);
}

int dt_provide_spec(struct dt_handle *h, const struct dt_probespec *sp,
		    int listing)
{
	struct dt_provbuf pb = { .h = h };
	int rc = 0;

	if (dt_spec_wants_profile(sp)) {
		char one[DTRACE_NAMELEN + 4];

		pb.prov = "profile";
		pb.buf = one;
		if (dt_provbuf_add(&pb, "", "", sp->name) < 0 ||
		    dt_provbuf_flush(&pb) < 0)
			return -1;
	}

	if (dt_spec_wants_fbt(sp, listing)) {
		FILE *fp = fopen("/proc/kallsyms", "r");

		if (!fp)
			return 0;	/* no symbols: fbt offers nothing */
		pb.prov = "fbt";
		pb.namepat = sp->name;
		pb.buf = malloc(DTRACE_PROVIDE_MAXBUF);
		if (!pb.buf) {
			fclose(fp);
			snprintf(h->errmsg, sizeof(h->errmsg), "out of memory");
			return -1;
		}
		if (dt_kallsyms_scan(fp, sp->mod, sp->func, dt_fbt_add, &pb) < 0 ||
		    dt_provbuf_flush(&pb) < 0)
			rc = -1;
		fclose(fp);
		free(pb.buf);
	}
	return rc;
}
