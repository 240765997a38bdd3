// SPDX-License-Identifier: GPL-2.0
/*
 * The Xen hypercall page (stubs every 32 bytes) is declared here until
 * "x86/xen: remove hypercall page" (mainline 7fa0da537368, 6.13; also in
 * stable 5.10.232, 6.1.121, 6.12.6), which replaced it by static-call
 * stubs (xen_hypercall_func).  Either way its text must not be probed.
 */
#include <asm/xen/hypercall.h>

void *kadapt_probe(void)
{
	return hypercall_page;
}
