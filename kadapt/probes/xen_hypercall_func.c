// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.13, commit b4845bb63838 "x86/xen: add central hypercall
 * functions" (also in stable 5.10.232, 6.1.121, 6.12.6): hypercalls go
 * through a static call (__SCT__xen_hypercall) to real functions
 * xen_hypercall_pv, _hvm, _intel, _amd instead of the hypercall page.
 * Those functions then join the text no probe may be placed on.
 */
#include <asm/xen/hypercall.h>

void *kadapt_probe(void)
{
	return xen_hypercall_func;
}
