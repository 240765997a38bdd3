// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt masking in probe context.  local_irq_save() is the kernel's
 * own primitive: with CONFIG_PARAVIRT_XXL it goes through pv_ops, which
 * under Xen PV masks event-channel delivery in the vcpu_info instead of
 * executing cli/popf (which Xen PV would silently ignore).  So the same
 * source is correct natively and under Xen PV; nothing to select here.
 */
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include "kadapt_internal.h"

unsigned long kadapt_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void kadapt_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

bool kadapt_in_nmi(void)
{
	return in_nmi() != 0;
}
