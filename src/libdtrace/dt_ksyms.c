// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel addresses to symbols for printf("%a"), as illumos
 * dtrace_addr2str() prints them: "module`symbol+0xoffset", "module`symbol"
 * at its first byte, "0x..." when nothing contains the address.  The
 * symbols come from /proc/kallsyms (core kernel symbols are in module
 * "vmlinux", as fbt names them).  kallsyms has no sizes: a symbol is
 * taken to end where the next one (by address) starts, and the last one
 * of the table to contain nothing after its first byte.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_consumer.h"

struct dt_ksym {
	dt_u64 addr;
	char *name;
	const char *mod;	/* points into the module name pool */
	size_t idx;		/* line order, to keep sorting stable */
};

struct dt_ksyms {
	struct dt_ksym *sym;	/* sorted by address */
	size_t n;
	char **mods;
	size_t nmods;
};

static const char *dt_ksyms_mod(struct dt_ksyms *ks, const char *mod)
{
	char **nm;
	size_t i;

	for (i = 0; i < ks->nmods; i++)
		if (!strcmp(ks->mods[i], mod))
			return ks->mods[i];
	nm = realloc(ks->mods, (ks->nmods + 1) * sizeof(*nm));
	if (!nm)
		return NULL;
	ks->mods = nm;
	nm[ks->nmods] = strdup(mod);
	return nm[ks->nmods] ? nm[ks->nmods++] : NULL;
}

static int dt_ksym_cmp(const void *a, const void *b)
{
	const struct dt_ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct dt_ksyms *dt_ksyms_load(FILE *fp)
{
	struct dt_ksyms *ks = calloc(1, sizeof(*ks));
	char line[512];
	size_t cap = 0;

	if (!ks)
		return NULL;
	while (fgets(line, sizeof(line), fp)) {
		unsigned long long addr;
		char type, name[256], mod[128] = "vmlinux";
		struct dt_ksym *s;
		const char *m;

		if (sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type,
			   name, mod) < 3)
			continue;
		/* Absolute and undefined symbols are not in the kernel. */
		if (addr == 0 || strchr("aAuUwWvV", type))
			continue;
		if (ks->n == cap) {
			cap = cap ? cap * 2 : 4096;
			s = realloc(ks->sym, cap * sizeof(*s));
			if (!s)
				break;
			ks->sym = s;
		}
		m = dt_ksyms_mod(ks, mod);
		s = &ks->sym[ks->n];
		s->name = strdup(name);
		s->addr = addr;
		s->mod = m;
		s->idx = ks->n;
		if (!s->name || !m) {
			free(s->name);
			break;
		}
		ks->n++;
	}
	qsort(ks->sym, ks->n, sizeof(*ks->sym), dt_ksym_cmp);
	return ks;
}

void dt_ksyms_free(struct dt_ksyms *ks)
{
	size_t i;

	if (!ks)
		return;
	for (i = 0; i < ks->n; i++)
		free(ks->sym[i].name);
	for (i = 0; i < ks->nmods; i++)
		free(ks->mods[i]);
	free(ks->sym);
	free(ks->mods);
	free(ks);
}

int dt_ksyms_lookup(const struct dt_ksyms *ks, dt_u64 addr, const char **mod,
		    const char **name, dt_u64 *start)
{
	size_t lo = 0, hi = ks ? ks->n : 0;
	const struct dt_ksym *s;

	/* The last symbol at or below addr. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ks->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	s = &ks->sym[lo - 1];
	/* The last symbol contains only its first byte. */
	if (lo == ks->n && s->addr != addr)
		return -1;
	/* Several names at one address: the first one listed wins. */
	while (s > ks->sym && s[-1].addr == s->addr)
		s--;
	*mod = s->mod;
	*name = s->name;
	*start = s->addr;
	return 0;
}

/* The lowest symbol address of @mod: where illumos' mod() keys merge. */
int dt_ksyms_modbase(const struct dt_ksyms *ks, const char *mod, dt_u64 *base)
{
	size_t i;

	for (i = 0; ks && i < ks->n; i++) {
		if (!strcmp(ks->sym[i].mod, mod)) {
			*base = ks->sym[i].addr;
			return 0;
		}
	}
	return -1;
}

void dt_ksyms_addr2str(const struct dt_ksyms *ks, dt_u64 addr, char *buf,
		       size_t len)
{
	const char *mod, *name;
	dt_u64 start;

	if (dt_ksyms_lookup(ks, addr, &mod, &name, &start) < 0)
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	else if (start == addr)
		snprintf(buf, len, "%s`%s", mod, name);
	else
		snprintf(buf, len, "%s`%s+0x%llx", mod, name,
			 (unsigned long long)(addr - start));
}

static struct dt_ksyms *dt_ksyms_dflt;
static int dt_ksyms_tried;

void dt_ksyms_set_default(struct dt_ksyms *ks)
{
	dt_ksyms_dflt = ks;
	dt_ksyms_tried = 1;
}

const struct dt_ksyms *dt_ksyms_default(void)
{
	FILE *fp;

	if (!dt_ksyms_tried) {
		dt_ksyms_tried = 1;
		fp = fopen("/proc/kallsyms", "r");
		if (fp) {
			dt_ksyms_dflt = dt_ksyms_load(fp);
			fclose(fp);
		}
	}
	return dt_ksyms_dflt;
}
