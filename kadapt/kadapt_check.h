/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kadapt facts for the self-check (DTRACEIOC_CHECK): what kadapt_config.h
 * decided for this build, as data, so that nothing outside kadapt/ needs
 * to test KADAPT_HAVE_*.
 */
#ifndef KADAPT_CHECK_H
#define KADAPT_CHECK_H

#include <linux/types.h>

struct kadapt_build_fact {
	const char *name;	/* short, stable: "paravirt-xxl", "ibt" */
	const char *source;	/* what decided it: "CONFIG_PARAVIRT_XXL" */
	bool set;
};

/* The build-time facts, *@n of them, in a fixed order. */
const struct kadapt_build_fact *kadapt_build_facts(unsigned int *n);
/* The kernel release kadapt_config.h was generated for. */
const char *kadapt_build_release(void);
/* Are interrupts masked on this CPU (pv-aware, like kadapt_irq_save)? */
bool kadapt_irqs_disabled(void);

#endif /* KADAPT_CHECK_H */
