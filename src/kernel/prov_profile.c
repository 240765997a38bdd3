// SPDX-License-Identifier: GPL-2.0
/*
 * The profile provider: profile-N[unit] fires on every online CPU,
 * tick-N[unit] on one CPU (the one that armed it), N per second without
 * a unit.  arg0 is the interrupted kernel PC (0 in user mode), arg1 the
 * user PC (0 in kernel mode), as in illumos.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/smp.h>
#include <linux/err.h>

#include "dtrace_impl.h"
#include "../../kadapt/kadapt.h"

#define PROFILE_MIN_INTERVAL	(10 * NSEC_PER_USEC)

struct profile_probe {
	struct dtrace_probe *probe;
	u64 interval;			/* ns */
	bool per_cpu;			/* profile-* rather than tick-* */
	bool stopping;
	struct kadapt_timer *timers;	/* [nr_cpu_ids] or [1] */
};

static const struct {
	const char *name;
	u64 mult;			/* ns per unit; 0: hertz */
} profile_units[] = {
	{ "", 0 }, { "hz", 0 }, { "ns", 1 }, { "nsec", 1 },
	{ "us", NSEC_PER_USEC }, { "usec", NSEC_PER_USEC },
	{ "ms", NSEC_PER_MSEC }, { "msec", NSEC_PER_MSEC }, { "s", NSEC_PER_SEC },
	{ "sec", NSEC_PER_SEC }, { "m", 60 * NSEC_PER_SEC },
	{ "min", 60 * NSEC_PER_SEC }, { "h", 3600 * NSEC_PER_SEC },
	{ "hour", 3600 * NSEC_PER_SEC }, { "d", 86400 * NSEC_PER_SEC },
	{ "day", 86400 * NSEC_PER_SEC },
};

/* Parse "profile-997", "tick-10ms", ...: 0 and the interval, or -EINVAL. */
static int profile_parse(const char *name, u64 *interval, bool *per_cpu)
{
	const char *s;
	u64 n = 0;
	unsigned int i, digits = 0;

	if (!strncmp(name, "profile-", 8)) {
		*per_cpu = true;
		s = name + 8;
	} else if (!strncmp(name, "tick-", 5)) {
		*per_cpu = false;
		s = name + 5;
	} else {
		return -EINVAL;
	}
	for (; isdigit(*s); s++) {
		if (++digits > 18)
			return -EINVAL;
		n = n * 10 + (*s - '0');
	}
	if (!digits || n == 0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(profile_units); i++) {
		if (strcmp(s, profile_units[i].name))
			continue;
		if (!profile_units[i].mult) {
			*interval = NSEC_PER_SEC / n;
		} else {
			if (n > KTIME_MAX / profile_units[i].mult)
				return -EINVAL;
			*interval = n * profile_units[i].mult;
		}
		return *interval >= PROFILE_MIN_INTERVAL ? 0 : -EINVAL;
	}
	return -EINVAL;
}

static int profile_validate(const char *mod, const char *func,
			    const char *name)
{
	u64 interval;
	bool per_cpu;

	if (*mod || *func)
		return -EINVAL;
	return profile_parse(name, &interval, &per_cpu);
}

static int profile_provide(const char *mod, const char *func,
			   const char *name)
{
	struct profile_probe *pp;
	struct dtrace_probe *p;
	int err;

	if (dtrace_probe_lookup(prov_profile.name, mod, func, name))
		return 0;
	pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	if (!pp)
		return -ENOMEM;
	err = profile_parse(name, &pp->interval, &pp->per_cpu);
	if (err)
		goto fail;
	p = dtrace_probe_create(&prov_profile, mod, func, name, pp);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto fail;
	}
	pp->probe = p;
	return 0;
fail:
	kfree(pp);
	return err;
}

static u64 profile_fire(struct kadapt_timer *t, struct pt_regs *regs)
{
	struct profile_probe *pp = t->data;
	u64 args[DTRACE_NARGS] = { 0 };

	if (READ_ONCE(pp->stopping))
		return 0;
	if (regs) {
		if (user_mode(regs))
			args[1] = instruction_pointer(regs);
		else
			args[0] = instruction_pointer(regs);
	}
	dtrace_probe(pp->probe, args, regs);
	return pp->interval;
}

/* Runs on each online CPU (IPI) for profile-*. */
static void profile_start_here(void *arg)
{
	struct profile_probe *pp = arg;

	kadapt_timer_start(&pp->timers[smp_processor_id()], pp->interval);
}

static int profile_enable(struct dtrace_probe *p)
{
	struct profile_probe *pp = p->pdata;
	unsigned int n = pp->per_cpu ? nr_cpu_ids : 1, i;

	pp->timers = kcalloc(n, sizeof(*pp->timers), GFP_KERNEL);
	if (!pp->timers)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		kadapt_timer_init(&pp->timers[i], profile_fire, pp);
	WRITE_ONCE(pp->stopping, false);
	if (pp->per_cpu) {
		on_each_cpu(profile_start_here, pp, 1);
	} else {
		/* Pinned to the CPU doing GO. */
		preempt_disable();
		kadapt_timer_start(&pp->timers[0], pp->interval);
		preempt_enable();
	}
	return 0;
}

static void profile_disable(struct dtrace_probe *p)
{
	struct profile_probe *pp = p->pdata;
	unsigned int n = pp->per_cpu ? nr_cpu_ids : 1, i;

	WRITE_ONCE(pp->stopping, true);
	for (i = 0; i < n; i++)
		kadapt_timer_cancel(&pp->timers[i]);
	kfree(pp->timers);
	pp->timers = NULL;
}

static void profile_destroy(struct dtrace_probe *p)
{
	kfree(p->pdata);
	p->pdata = NULL;
}

const struct dtrace_provider prov_profile = {
	.name = "profile",
	.validate = profile_validate,
	.provide = profile_provide,
	.enable = profile_enable,
	.disable = profile_disable,
	.destroy = profile_destroy,
};

static const char *const profile_defaults[] = {
	"profile-97", "profile-199", "profile-499", "profile-997",
	"profile-4999", "tick-1", "tick-10", "tick-100", "tick-500",
	"tick-1000", "tick-5000",
};

int prov_profile_init(void)
{
	unsigned int i;
	int err = 0;

	mutex_lock(&dtrace_lock);
	for (i = 0; i < ARRAY_SIZE(profile_defaults) && !err; i++)
		err = profile_provide("", "", profile_defaults[i]);
	mutex_unlock(&dtrace_lock);
	return err;
}
