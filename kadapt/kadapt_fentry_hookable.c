// SPDX-License-Identifier: GPL-2.0
/*
 * Which functions fbt can hook, so that it offers probes for those only
 * (as illumos' fbt does): not toxic text, not init text (freed after
 * boot, though kallsyms still names it), and nothing the mechanism
 * refuses (kadapt_fentry_mech_ok(), kadapt_fentry_mech_add_bad()).
 *
 * A listing asks about every kernel function, and a name lookup costs a
 * scan of all symbols before Linux 6.2 (kallsyms_lookup_name() became a
 * binary search in "kallsyms: Improve the performance of
 * kallsyms_lookup_name()").  So the kernel's text is walked once, by
 * address (each step a binary search): the names of the functions that
 * cannot be hooked go into a hash set, the hashes of the others into a
 * sorted array.  Offered are the names the walk saw as hookable and
 * never as not (static functions may share a name).  Not offered are
 * aliases (kallsyms gives one name per address; the function keeps its
 * probes under that one), section markers, and the data symbols that
 * /proc/kallsyms of Linux 7.2 shows as "t"/"T".  Module functions are
 * looked up by name, where the mechanism refuses some by address
 * (fprobe).
 */
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/jhash.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/bsearch.h>
#include <linux/mm.h>
#include "kadapt_internal.h"

#define KADAPT_BAD_BITS	12

struct kadapt_bad {
	struct hlist_node node;
	u32 hash;
	char name[];
};

static DEFINE_HASHTABLE(kadapt_bad_set, KADAPT_BAD_BITS);
static DEFINE_MUTEX(kadapt_bad_lock);
static bool kadapt_bad_built;
static bool kadapt_offer_all;	/* the walk failed: cannot tell */
/* jhash of each function name the walk found hookable, sorted */
static u32 *kadapt_good;
static unsigned int kadapt_ngood, kadapt_good_cap;

static int kadapt_good_add(const char *name)
{
	if (kadapt_ngood == kadapt_good_cap) {
		unsigned int cap = kadapt_good_cap ? 2 * kadapt_good_cap : 16384;
		u32 *n = kvmalloc_array(cap, sizeof(*n), GFP_KERNEL);

		if (!n)
			return -ENOMEM;
		if (kadapt_ngood)
			memcpy(n, kadapt_good, kadapt_ngood * sizeof(*n));
		kvfree(kadapt_good);
		kadapt_good = n;
		kadapt_good_cap = cap;
	}
	kadapt_good[kadapt_ngood++] = jhash(name, strlen(name), 0);
	return 0;
}

static int kadapt_u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static bool kadapt_good_has(const char *name)
{
	u32 h = jhash(name, strlen(name), 0);

	return bsearch(&h, kadapt_good, kadapt_ngood, sizeof(h),
		       kadapt_u32_cmp) != NULL;
}

static bool kadapt_bad_has(const char *name)
{
	u32 h = jhash(name, strlen(name), 0);
	struct kadapt_bad *b;

	hash_for_each_possible(kadapt_bad_set, b, node, h) {
		if (b->hash == h && !strcmp(b->name, name))
			return true;
	}
	return false;
}

static int kadapt_bad_add(const char *name)
{
	size_t len = strlen(name) + 1;
	struct kadapt_bad *b;

	if (kadapt_bad_has(name))
		return 0;
	b = kmalloc(sizeof(*b) + len, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->hash = jhash(name, len - 1, 0);
	memcpy(b->name, name, len);
	hash_add(kadapt_bad_set, &b->node, b->hash);
	return 0;
}

/*
 * The function around @addr: its name into @buf (KSYM_SYMBOL_LEN), its
 * start and its end as kallsyms sizes it ("name+0xOFF/0xSIZE [mod]").
 */
static int kadapt_func_at(unsigned long addr, char *buf,
			  unsigned long *start, unsigned long *end)
{
	unsigned long off, size;
	char *plus, *slash, *sp;

	sprint_symbol(buf, addr);
	if (!strncmp(buf, "0x", 2))
		return -ENOENT;
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	plus = strrchr(buf, '+');
	slash = plus ? strchr(plus, '/') : NULL;
	if (!slash)
		return -ENOENT;
	*plus = '\0';
	*slash = '\0';
	if (kstrtoul(plus + 1, 0, &off) || kstrtoul(slash + 1, 0, &size) ||
	    off > addr || !size)
		return -ENOENT;
	*start = addr - off;
	*end = *start + size;
	return *end > addr ? 0 : -ENOENT;
}

/* Add the functions in [@start, @end) that fbt cannot hook (all if @all). */
static int kadapt_bad_walk(unsigned long start, unsigned long end, bool all)
{
	unsigned long a, fstart, fend;
	unsigned int n = 0;
	char *buf;
	int err = 0;

	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (a = start; a < end && !err; a = fend) {
		if (kadapt_func_at(a, buf, &fstart, &fend)) {
			err = -ENOENT;	/* text kallsyms cannot name */
			break;
		}
		/* ftrace's padding before each function is no function */
		if (!strncmp(buf, "__pfx_", 6))
			continue;
		if (all || kadapt_addr_is_toxic(fstart) ||
			 !kadapt_fentry_mech_ok(fstart))
			err = kadapt_bad_add(buf);
		else
			err = kadapt_good_add(buf);
		if ((++n & 255) == 0)
			cond_resched();
	}
	kfree(buf);
	return err;
}

/* All functions in [@start, @end): for the mechanism's own refusals. */
int kadapt_fentry_bad_range(unsigned long start, unsigned long end)
{
	return kadapt_bad_walk(start, end, true);
}

static void kadapt_bad_free(void)
{
	struct hlist_node *tmp;
	struct kadapt_bad *b;
	int bkt;

	hash_for_each_safe(kadapt_bad_set, bkt, tmp, b, node) {
		hash_del(&b->node);
		kfree(b);
	}
	kvfree(kadapt_good);
	kadapt_good = NULL;
	kadapt_ngood = 0;
	kadapt_good_cap = 0;
	kadapt_bad_built = false;
}

static int kadapt_bad_build(void)
{
	unsigned long stext = kadapt_lookup_name("_stext");
	unsigned long etext = kadapt_lookup_name("_etext");
	unsigned long sinit = kadapt_lookup_name("_sinittext");
	unsigned long einit = kadapt_lookup_name("_einittext");
	int err = -ENOENT;

	if (stext && etext > stext)
		err = kadapt_bad_walk(stext, etext, false);
	if (!err && sinit && einit > sinit)
		err = kadapt_bad_walk(sinit, einit, true);
	if (!err)
		err = kadapt_fentry_mech_add_bad();
	if (!err)
		sort(kadapt_good, kadapt_ngood, sizeof(*kadapt_good),
		     kadapt_u32_cmp, NULL);
	if (err) {
		pr_warn(KADAPT_PFX "fbt cannot tell which functions it can hook (%d); offering all\n",
			err);
		kadapt_bad_free();
		kadapt_bad_built = true;	/* not retried */
		kadapt_offer_all = true;
		return err;
	}
	kadapt_bad_built = true;	/* not retried: one walk per load */
	return err;
}

bool kadapt_fentry_can_hook(const char *mod, const char *func)
{
	char sym[KADAPT_FENTRY_SYMLEN];
	unsigned long addr;
	bool ok = true;

	if (!func || !*func)
		return false;
	if (mod && *mod && strcmp(mod, "vmlinux")) {
		if (!kadapt_fentry_mech_by_addr() ||
		    snprintf(sym, sizeof(sym), "%s:%s", mod, func) >= sizeof(sym))
			return true;
		addr = kadapt_lookup_name(sym);
		return addr && !kadapt_addr_is_toxic(addr) &&
		       kadapt_fentry_mech_ok(addr);
	}
	mutex_lock(&kadapt_bad_lock);
	if (!kadapt_bad_built)
		kadapt_bad_build();	/* on failure: empty set, all offered */
	ok = kadapt_offer_all ||
	     (kadapt_good_has(func) && !kadapt_bad_has(func));
	mutex_unlock(&kadapt_bad_lock);
	return ok;
}

void kadapt_fentry_exit(void)
{
	mutex_lock(&kadapt_bad_lock);
	kadapt_bad_free();
	mutex_unlock(&kadapt_bad_lock);
}
