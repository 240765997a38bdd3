// SPDX-License-Identifier: GPL-2.0
/*
 * Environment: what the module runs on, and the checks that the running
 * kernel is the one kadapt_config.h describes.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <generated/utsrelease.h>
#include <asm/cpufeature.h>
#include <asm/hypervisor.h>
#include <xen/xen.h>
#include "kadapt_internal.h"

/* kadapt_config.h must describe the tree we are compiled against. */
#if !(defined(CONFIG_PARAVIRT_XXL) == defined(KADAPT_HAVE_CONFIG_PARAVIRT_XXL) \
	&& defined(CONFIG_XEN_PV) == defined(KADAPT_HAVE_CONFIG_XEN_PV) \
	&& defined(CONFIG_KPROBES) == defined(KADAPT_HAVE_CONFIG_KPROBES) \
	&& defined(CONFIG_X86_KERNEL_IBT) == \
	   defined(KADAPT_HAVE_CONFIG_X86_KERNEL_IBT))
#error "kadapt_config.h was generated for another kernel: rerun kadapt-probe"
#endif

enum kadapt_guest kadapt_guest_type(void)
{
	if (xen_pv_domain())
		return xen_initial_domain() ? KADAPT_XEN_PV_DOM0 :
					      KADAPT_XEN_PV_DOMU;
	if (xen_hvm_domain())
		return KADAPT_XEN_HVM;
	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return KADAPT_BARE_METAL;
#if defined(KADAPT_HAVE_HYPERVISOR_IS_TYPE)
	if (hypervisor_is_type(X86_HYPER_KVM))
		return KADAPT_KVM;
#endif
	return KADAPT_OTHER_HV;
}

const char *kadapt_guest_name(enum kadapt_guest g)
{
	switch (g) {
	case KADAPT_BARE_METAL:
		return "bare metal";
	case KADAPT_KVM:
		return "KVM";
	case KADAPT_XEN_HVM:
		return "Xen HVM";
	case KADAPT_XEN_PV_DOM0:
		return "Xen PV dom0";
	case KADAPT_XEN_PV_DOMU:
		return "Xen PV domU";
	case KADAPT_OTHER_HV:
		return "other hypervisor";
	}
	return "unknown";
}

int kadapt_init(void)
{
	int ret;

	if (strcmp(UTS_RELEASE, KADAPT_KERNEL_RELEASE)) {
		pr_err(KADAPT_PFX "kadapt_config.h is for %s but the module was compiled for %s: rebuild it (dkms build -k %s)\n",
		       KADAPT_KERNEL_RELEASE, UTS_RELEASE, UTS_RELEASE);
		return -ENOEXEC;
	}
	if (strcmp(utsname()->release, UTS_RELEASE)) {
		pr_err(KADAPT_PFX "built for %s, running %s: build it for the running kernel (dkms autoinstall -k %s)\n",
		       UTS_RELEASE, utsname()->release, utsname()->release);
		return -ENOEXEC;
	}
#if !defined(KADAPT_HAVE_CONFIG_XEN_PV)
	if (xen_pv_domain()) {
		pr_err(KADAPT_PFX "Xen PV guest, but built for a kernel without CONFIG_XEN_PV: rebuild against this kernel's headers\n");
		return -ENODEV;
	}
#endif
	ret = kadapt_sym_init();
	if (ret)
		return ret;
	ret = kadapt_syscall_init();
	if (ret) {
		kadapt_sym_exit();
		return ret;
	}
	pr_info(KADAPT_PFX "%s, %s, fbt via %s\n", utsname()->release,
		kadapt_guest_name(kadapt_guest_type()),
		kadapt_fentry_mechanism());
	return 0;
}

void kadapt_exit(void)
{
	kadapt_fentry_exit();
	kadapt_sym_exit();
}
