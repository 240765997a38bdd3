// SPDX-License-Identifier: GPL-2.0
/*
 * The dtrace provider: dtrace:::BEGIN fires for one consumer on the CPU
 * that runs its GO ioctl, dtrace:::END on STOP.  Both fire from process
 * context with interrupts masked by the firing path itself.
 * dtrace:::ERROR fires from within the firing path, for the consumer
 * whose ECB faulted (dtrace_firing.c).
 */
#include <linux/err.h>

#include "dtrace_impl.h"

static const struct dtrace_provider prov_dtrace = {
	.name = "dtrace",
};

static struct dtrace_probe *dtrace_begin_probe, *dtrace_end_probe;
static struct dtrace_probe *dtrace_error_probe;

int prov_dtrace_init(void)
{
	struct dtrace_probe *p;

	mutex_lock(&dtrace_lock);
	p = dtrace_probe_create(&prov_dtrace, "", "", "BEGIN", NULL);
	if (!IS_ERR(p)) {
		dtrace_begin_probe = p;
		p = dtrace_probe_create(&prov_dtrace, "", "", "END", NULL);
		if (!IS_ERR(p)) {
			dtrace_end_probe = p;
			p = dtrace_probe_create(&prov_dtrace, "", "", "ERROR",
						NULL);
			if (!IS_ERR(p))
				dtrace_error_probe = p;
		}
	}
	mutex_unlock(&dtrace_lock);
	return PTR_ERR_OR_ZERO(p);
}

bool dtrace_probe_is_end(const struct dtrace_probe *p)
{
	return p == dtrace_end_probe;
}

struct dtrace_probe *dtrace_probe_error(void)
{
	return dtrace_error_probe;
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
