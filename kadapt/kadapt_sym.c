// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols and text: name lookup, address naming, and the addresses no
 * probe may ever be placed on.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <xen/xen.h>
#include "kadapt_internal.h"

typedef unsigned long (*kadapt_kln_t)(const char *name);
static kadapt_kln_t kadapt_kln;

/*
 * Text ranges resolved at init; [start, end), 0 when absent.  A range is
 * start_sym..end_sym, or start_sym and @size bytes, or (size 0, no
 * end_sym) the whole function start_sym as kallsyms sizes it.
 */
struct kadapt_text_range {
	const char *start_sym;
	const char *end_sym;
	unsigned long size;
	unsigned long start;
	unsigned long end;
};

static struct kadapt_text_range kadapt_toxic_ranges[] = {
	{ "__entry_text_start", "__entry_text_end" },
	{ "__noinstr_text_start", "__noinstr_text_end" },
	{ "__irqentry_text_start", "__irqentry_text_end" },
	{ "__softirqentry_text_start", "__softirqentry_text_end" },
	{ "__kprobes_text_start", "__kprobes_text_end" },
#if defined(KADAPT_HAVE_HYPERCALL_PAGE)
	/* Xen hypercall stubs, one per 32 bytes; see probes/hypercall_page.c */
	{ "hypercall_page", NULL, PAGE_SIZE },
#endif
#if defined(KADAPT_HAVE_XEN_HYPERCALL_FUNC)
	/*
	 * What replaced the page (probes/xen_hypercall_func.c): every
	 * hypercall calls the static call trampoline, which jumps to one of
	 * these; the first hvm call patches the static call.  Some kernels
	 * place them in .noinstr.text, some (stable backports) in .text.
	 */
	{ "__SCT__xen_hypercall" },
	{ "xen_hypercall_pv" },
	{ "xen_hypercall_hvm" },
	{ "xen_hypercall_intel" },
	{ "xen_hypercall_amd" },
	{ "__xen_hypercall_setfunc" },
#endif
};

#if defined(KADAPT_HAVE_EXPORT_KALLSYMS_LOOKUP_NAME)
static int kadapt_find_kln(void)
{
	kadapt_kln = kallsyms_lookup_name;
	return 0;
}
#else
/*
 * kallsyms_lookup_name() is not exported since 5.7 (commit 0bd476e6c671
 * "kallsyms: unexport kallsyms_lookup_name() and
 * kallsyms_on_each_symbol()").  kprobes still resolve names with it, so a
 * kprobe registered on it reveals its address.  With IBT the probe sits
 * after the endbr64; step back to the symbol start, which an indirect
 * call needs.
 */
static int kadapt_find_kln(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	char sym[KSYM_SYMBOL_LEN];
	unsigned long addr, off = 0;
	char *plus, *slash;
	int ret;

	ret = register_kprobe(&kp);
	if (ret < 0)
		return ret;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	sprint_symbol(sym, addr);
	plus = strchr(sym, '+');
	slash = plus ? strchr(plus, '/') : NULL;
	if (!slash || strncmp(sym, "kallsyms_lookup_name+", 21))
		return -ENOENT;
	*slash = '\0';
	if (kstrtoul(plus + 1, 0, &off))
		return -ENOENT;
	kadapt_kln = (kadapt_kln_t)(addr - off);
	return 0;
}
#endif

/* Size of the function at @addr per kallsyms ("name+0x0/0xSIZE"), or 0. */
static unsigned long kadapt_func_size(unsigned long addr)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long size;
	char *slash, *sp;

	sprint_symbol(sym, addr);
	slash = strstr(sym, "+0x0/");
	if (!slash)
		return 0;
	slash += 5;
	sp = strchr(slash, ' ');	/* " [module]" */
	if (sp)
		*sp = '\0';
	return kstrtoul(slash, 0, &size) ? 0 : size;
}

int kadapt_sym_init(void)
{
	struct kadapt_text_range *r;
	int i, ret;

	ret = kadapt_find_kln();
	if (ret) {
		pr_err(KADAPT_PFX "cannot find kallsyms_lookup_name (%d)\n",
		       ret);
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(kadapt_toxic_ranges); i++) {
		r = &kadapt_toxic_ranges[i];
		r->start = kadapt_kln(r->start_sym);
		if (!r->start)
			continue;
		if (r->end_sym)
			r->end = kadapt_kln(r->end_sym);
		else if (r->size)
			r->end = r->start + r->size;
		else
			r->end = r->start + kadapt_func_size(r->start);
		if (r->end <= r->start)
			r->start = r->end = 0;
	}
	return 0;
}

void kadapt_sym_exit(void)
{
	kadapt_kln = NULL;
}

unsigned long kadapt_lookup_name(const char *name)
{
	if (!kadapt_kln || !name)
		return 0;
	if (!strncmp(name, "vmlinux:", 8))
		name += 8;
	return kadapt_kln(name);
}

/* "name" into @buf; *@in_module tells whether it had a " [mod]" suffix. */
static int kadapt_name_of(unsigned long addr, char *buf, size_t len,
			  bool *in_module)
{
	char sym[KSYM_SYMBOL_LEN];
	char *sp;
	ssize_t n;

	sprint_symbol_no_offset(sym, addr);
	/* Unknown addresses come back as "0x..." */
	if (!strncmp(sym, "0x", 2))
		return -ENOENT;
	sp = strchr(sym, ' ');
	if (sp)
		*sp = '\0';
	if (in_module)
		*in_module = sp != NULL;
	n = strscpy(buf, sym, len);
	return n < 0 ? n : 0;
}

int kadapt_addr_to_name(unsigned long addr, char *buf, size_t len)
{
	return kadapt_name_of(addr, buf, len, NULL);
}

bool kadapt_addr_is_toxic(unsigned long addr)
{
	char name[KSYM_NAME_LEN];
	bool in_module = false;
	int i;

	/* Our own code runs inside probe handlers. */
	if (within_module(addr, THIS_MODULE))
		return true;
	for (i = 0; i < ARRAY_SIZE(kadapt_toxic_ranges); i++) {
		if (addr >= kadapt_toxic_ranges[i].start &&
		    addr < kadapt_toxic_ranges[i].end)
			return true;
	}
	if (kadapt_name_of(addr, name, sizeof(name), &in_module))
		return false;
	/*
	 * Also by name: hypercall stubs a newer kernel may add (the ranges
	 * above cover the ones known when this was written).
	 */
	if (!strncmp(name, "xen_hypercall", 13) ||
	    !strncmp(name, "__xen_hypercall", 15))
		return true;
	/* pv irq thunks: what kadapt_irq_save() itself calls. */
	if (!strncmp(name, "__raw_callee_save_", 18))
		return true;
	/*
	 * Under Xen PV the kernel's xen_* code implements the pv ops
	 * (interrupt flag, iret, sysret, page tables, upcalls) that a probe
	 * handler relies on; a breakpoint there can recurse or hit a
	 * context where Xen does not expect one.
	 */
	if (xen_pv_domain() && !in_module && !strncmp(name, "xen_", 4))
		return true;
	return false;
}
