// SPDX-License-Identifier: GPL-2.0
/*
 * The dtrace provider: dtrace:::BEGIN fires for one consumer on the CPU
 * that runs its GO ioctl, dtrace:::END on STOP.  Both fire from process
 * context with interrupts masked by the firing path itself.
 */
#include <linux/err.h>

#include "dtrace_impl.h"

static const struct dtrace_provider prov_dtrace = {
	.name = "dtrace",
};

static struct dtrace_probe *dtrace_begin_probe, *dtrace_end_probe;

int prov_dtrace_init(void)
{
	struct dtrace_probe *p;

	mutex_lock(&dtrace_lock);
	p = dtrace_probe_create(&prov_dtrace, "", "", "BEGIN", NULL);
	if (!IS_ERR(p)) {
		dtrace_begin_probe = p;
		p = dtrace_probe_create(&prov_dtrace, "", "", "END", NULL);
		if (!IS_ERR(p))
			dtrace_end_probe = p;
	}
	mutex_unlock(&dtrace_lock);
	return PTR_ERR_OR_ZERO(p);
}

void dtrace_fire_begin(struct dtrace_consumer *c)
{
	static const u64 args[DTRACE_NARGS];

	dtrace_probe_for(dtrace_begin_probe, args, NULL, c);
}

void dtrace_fire_end(struct dtrace_consumer *c)
{
	static const u64 args[DTRACE_NARGS];

	dtrace_probe_for(dtrace_end_probe, args, NULL, c);
}
