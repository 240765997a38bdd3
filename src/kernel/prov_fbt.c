// SPDX-License-Identifier: GPL-2.0
/*
 * The fbt provider: fbt:MOD:FUNC:entry and fbt:MOD:FUNC:return, created
 * on demand by PROVIDE for the functions kadapt says it can hook (the
 * library may provide every kernel function at once for a listing).
 * Probes store names only; the symbol is resolved by kadapt when a
 * consumer arms the probe, which still refuses toxic and unknown
 * functions.  kadapt picks the mechanism (fprobe or kprobes).
 *
 * Arguments: at entry arg0..arg5 are the function's arguments.  At
 * return, as in illumos, arg1 is the return value; illumos' arg0 is the
 * offset of the returning instruction within the function, which neither
 * fprobe nor kretprobes can tell (they hook the return address, not the
 * ret instruction), so arg0 is 0 here rather than something that looks
 * like an offset but is not.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/err.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

static bool fbt_name_ok(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++) {
		if (!isalnum(*s) && *s != '_' && *s != '.' && *s != '$')
			return false;
	}
	return n > 0 && n < max;
}

static int fbt_validate(const char *mod, const char *func, const char *name)
{
	if (!fbt_name_ok(mod, DTRACE_MODNAMELEN) ||
	    !fbt_name_ok(func, DTRACE_FUNCNAMELEN) ||
	    (strcmp(name, "entry") && strcmp(name, "return")))
		return -EINVAL;
	return 0;
}

/*
 * As illumos' fbt, no probe for a function that cannot be instrumented
 * (toxic, freed init text, refused by the mechanism): a glob such as
 * fbt::vfs_*:entry then enables what it lists.
 */
static int fbt_provide(const char *mod, const char *func, const char *name)
{
	struct dtrace_probe *p;

	if (!kadapt_fentry_can_hook(mod, func))
		return 0;
	p = dtrace_probe_create(&prov_fbt, mod, func, name, NULL);
	return PTR_ERR_OR_ZERO(p);
}

static void fbt_handler(struct kadapt_fentry *fe, struct pt_regs *regs)
{
	u64 args[DTRACE_NARGS] = { 0 };
	unsigned int i;

	for (i = 0; i < 6; i++)
		args[i] = kadapt_fentry_arg(regs, i);
	dtrace_probe(fe->data, args, regs);
}

static void fbt_return_handler(struct kadapt_fentry *fe,
			       struct pt_regs *regs, unsigned long retval)
{
	u64 args[DTRACE_NARGS] = { 0 };

	args[1] = retval;
	dtrace_probe(fe->data, args, regs);
}

static int fbt_enable(struct dtrace_probe *p)
{
	struct kadapt_fentry *fe = kzalloc(sizeof(*fe), GFP_KERNEL);
	int err;

	if (!fe)
		return -ENOMEM;
	if (!strcmp(p->name, "return"))
		fe->exit_handler = fbt_return_handler;
	else
		fe->handler = fbt_handler;
	fe->data = p;
	err = kadapt_fentry_register(fe, p->mod, p->func);
	if (err) {
		kfree(fe);
		return err;
	}
	p->pdata = fe;
	return 0;
}

static void fbt_disable(struct dtrace_probe *p)
{
	struct kadapt_fentry *fe = p->pdata;

	kadapt_fentry_unregister(fe);
	p->pdata = NULL;
	kfree(fe);
}

const struct dtrace_provider prov_fbt = {
	.name = "fbt",
	.validate = fbt_validate,
	.provide = fbt_provide,
	.enable = fbt_enable,
	.disable = fbt_disable,
};
