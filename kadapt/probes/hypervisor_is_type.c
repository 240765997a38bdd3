// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 4.15, "x86/virt: Add enum for hypervisors to replace x86_hyper":
 * hypervisor_is_type() tells which hypervisor the kernel detected
 * (X86_HYPER_KVM, X86_HYPER_XEN_PV, ...).
 */
#include <asm/hypervisor.h>

bool kadapt_probe(void)
{
	return hypervisor_is_type(X86_HYPER_KVM);
}
