// SPDX-License-Identifier: GPL-2.0
/*
 * fbt on kprobes (entry) and kretprobes (return), for kernels without a
 * usable fprobe.  Each is registered disabled, the address kprobes
 * resolved is checked, and only then armed.
 *
 * With CONFIG_X86_KERNEL_IBT a function starts with endbr64; kprobes
 * places a probe on symbol+0 just past it by itself.  With
 * CONFIG_KPROBES_ON_FTRACE a probe on an fentry site becomes an ftrace
 * hook, transparently.  CONFIG_OPTPROBES may turn other int3 probes into
 * jumps; kprobes decides that (never with a post_handler, and we set none).
 * kretprobes that cannot get an instance (more concurrent calls than
 * maxactive) count nmissed and skip the return.
 */
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ptrace.h>
#include <linux/mutex.h>
#include "kadapt_internal.h"

#if !defined(KADAPT_FENTRY_FPROBE)

#if defined(KADAPT_HAVE_KRETPROBE_GET)
#define kadapt_ri_rp(ri)	get_kretprobe(ri)
#elif defined(KADAPT_HAVE_KRETPROBE_INSTANCE_RP)
#define kadapt_ri_rp(ri)	((ri)->rp)
#endif

struct kadapt_kprobe {
	struct kprobe kp;		/* entry, if fe->handler */
	struct kretprobe rp;		/* return, if fe->exit_handler */
	struct kadapt_fentry *fe;
	bool entry, exit;		/* which of the two are registered */
	char sym[KADAPT_FENTRY_SYMLEN];
};

static int kadapt_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kadapt_kprobe *kk = container_of(kp, struct kadapt_kprobe, kp);

	kk->fe->handler(kk->fe, regs);
	return 0;	/* single-step the original instruction */
}
NOKPROBE_SYMBOL(kadapt_kprobe_pre);

#if defined(kadapt_ri_rp)
static int kadapt_kretprobe_ret(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct kadapt_kprobe *kk = container_of(kadapt_ri_rp(ri),
						struct kadapt_kprobe, rp);

	kk->fe->exit_handler(kk->fe, regs, regs_return_value(regs));
	return 0;
}
NOKPROBE_SYMBOL(kadapt_kretprobe_ret);

static int kadapt_kretprobe_add(struct kadapt_kprobe *kk)
{
	int ret;

	kk->rp.kp.symbol_name = kk->sym;
	kk->rp.kp.flags = KPROBE_FLAG_DISABLED;
	kk->rp.handler = kadapt_kretprobe_ret;
	ret = register_kretprobe(&kk->rp);
	if (ret < 0)
		return ret == -EINVAL ? -EPERM : ret;
	if (kadapt_addr_is_toxic((unsigned long)kk->rp.kp.addr)) {
		unregister_kretprobe(&kk->rp);
		return -EPERM;
	}
	return 0;
}
#else
static int kadapt_kretprobe_add(struct kadapt_kprobe *kk)
{
	return -EOPNOTSUPP;	/* no kretprobe form kadapt knows */
}
#endif

static int kadapt_kprobe_add(struct kadapt_kprobe *kk)
{
	int ret;

	kk->kp.symbol_name = kk->sym;
	kk->kp.pre_handler = kadapt_kprobe_pre;
	kk->kp.flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&kk->kp);
	if (ret < 0)	/* kprobes' blacklist and non-text: -EINVAL */
		return ret == -EINVAL ? -EPERM : ret;
	if (kadapt_addr_is_toxic((unsigned long)kk->kp.addr)) {
		unregister_kprobe(&kk->kp);
		return -EPERM;
	}
	return 0;
}

int kadapt_fentry_arm(struct kadapt_fentry *fe, const char *sym,
		      unsigned long addr)
{
	struct kadapt_kprobe *kk = kzalloc(sizeof(*kk), GFP_KERNEL);
	int ret = 0;

	if (!kk)
		return -ENOMEM;
	strscpy(kk->sym, sym, sizeof(kk->sym));
	kk->fe = fe;
	kk->entry = fe->handler;
	kk->exit = fe->exit_handler;
	if (kk->exit) {
		ret = kadapt_kretprobe_add(kk);
		if (ret < 0)
			goto out_free;
	}
	if (kk->entry) {
		ret = kadapt_kprobe_add(kk);
		if (ret < 0)
			goto out_unreg_ret;
	}
	/* Both are checked: arm them. */
	if (kk->exit)
		ret = enable_kretprobe(&kk->rp);
	if (!ret && kk->entry)
		ret = enable_kprobe(&kk->kp);
	if (ret < 0)
		goto out_unreg;
	fe->priv = kk;
	return 0;

out_unreg:
	if (kk->entry)
		unregister_kprobe(&kk->kp);
out_unreg_ret:
	if (kk->exit)
		unregister_kretprobe(&kk->rp);
out_free:
	kfree(kk);
	return ret;
}

void kadapt_fentry_disarm(struct kadapt_fentry *fe)
{
	struct kadapt_kprobe *kk = fe->priv;

	/* Each waits (synchronize_rcu) until no handler runs any more. */
	if (kk->entry)
		unregister_kprobe(&kk->kp);
	if (kk->exit)
		unregister_kretprobe(&kk->rp);
	fe->priv = NULL;
	kfree(kk);
}

/* kprobes refuse by range (its blacklist), not by a per-address test. */
bool kadapt_fentry_mech_ok(unsigned long addr)
{
	return true;
}

bool kadapt_fentry_mech_by_addr(void)
{
	return false;
}

#if defined(KADAPT_HAVE_KPROBE_BLACKLIST_ENTRY)
/*
 * kprobes' blacklist (probes/kprobe_blacklist_entry.c): NOKPROBE_SYMBOL
 * functions and areas such as entry text.  Its section, _kprobe_blacklist,
 * is init data, freed after boot; the list built from it at boot stays.
 * Modules add and remove entries under kprobe_mutex, which is held here.
 */
int kadapt_fentry_mech_add_bad(void)
{
	struct list_head *head = (void *)kadapt_lookup_name("kprobe_blacklist");
	struct mutex *lock = (void *)kadapt_lookup_name("kprobe_mutex");
	struct kprobe_blacklist_entry *ent;
	int err = 0;

	if (!head || !lock)
		return 0;	/* not found: offered, refused on enabling */
	mutex_lock(lock);
	list_for_each_entry(ent, head, list) {
		err = kadapt_fentry_bad_range(ent->start_addr, ent->end_addr);
		if (err)
			break;
	}
	mutex_unlock(lock);
	return err;
}
#else
int kadapt_fentry_mech_add_bad(void)
{
	return 0;
}
#endif

const char *kadapt_fentry_mechanism(void)
{
	return "kprobe";
}

#endif /* !KADAPT_FENTRY_FPROBE */
