// SPDX-License-Identifier: GPL-2.0
/*
 * Facts for the self-check: the KADAPT_HAVE_* decisions of this build as
 * a table, and the interrupt-state query the interrupt-masking self-test
 * uses.
 */
#include <linux/kernel.h>
#include <linux/irqflags.h>
#include "kadapt_internal.h"
#include "kadapt_check.h"

/*
 * kadapt-probe defines each KADAPT_HAVE_* it sets to 1: kadapt_is_set()
 * is then 1, and 0 for one left undefined (the IS_ENABLED() trick).
 */
#define KADAPT_SET_1 0,
#define kadapt_is_set(x) __kadapt_is_set(x)
#define __kadapt_is_set(val) ___kadapt_is_set(KADAPT_SET_##val)
#define ___kadapt_is_set(junk_or_0) __kadapt_second(junk_or_0 1, 0, 0)
#define __kadapt_second(ignored, val, ...) val

#define KADAPT_FACT(name, macro, source) \
	{ name, source, kadapt_is_set(macro) }

static const struct kadapt_build_fact kadapt_facts[] = {
	KADAPT_FACT("paravirt", KADAPT_HAVE_CONFIG_PARAVIRT,
		    "CONFIG_PARAVIRT"),
	KADAPT_FACT("paravirt-xxl", KADAPT_HAVE_CONFIG_PARAVIRT_XXL,
		    "CONFIG_PARAVIRT_XXL"),
	KADAPT_FACT("xen-pv", KADAPT_HAVE_CONFIG_XEN_PV, "CONFIG_XEN_PV"),
	KADAPT_FACT("xen-dom0", KADAPT_HAVE_CONFIG_XEN_DOM0,
		    "CONFIG_XEN_DOM0"),
	KADAPT_FACT("xen-pvhvm", KADAPT_HAVE_CONFIG_XEN_PVHVM,
		    "CONFIG_XEN_PVHVM"),
	KADAPT_FACT("kvm-guest", KADAPT_HAVE_CONFIG_KVM_GUEST,
		    "CONFIG_KVM_GUEST"),
	KADAPT_FACT("ibt", KADAPT_HAVE_CONFIG_X86_KERNEL_IBT,
		    "CONFIG_X86_KERNEL_IBT"),
	KADAPT_FACT("kprobes", KADAPT_HAVE_CONFIG_KPROBES, "CONFIG_KPROBES"),
	KADAPT_FACT("kprobes-on-ftrace", KADAPT_HAVE_CONFIG_KPROBES_ON_FTRACE,
		    "CONFIG_KPROBES_ON_FTRACE"),
	KADAPT_FACT("kallsyms-all", KADAPT_HAVE_CONFIG_KALLSYMS_ALL,
		    "CONFIG_KALLSYMS_ALL"),
	KADAPT_FACT("kallsyms-lookup-name-exported",
		    KADAPT_HAVE_EXPORT_KALLSYMS_LOOKUP_NAME,
		    "Module.symvers: kallsyms_lookup_name"),
	KADAPT_FACT("hypercall-page", KADAPT_HAVE_HYPERCALL_PAGE,
		    "probes/hypercall_page.c"),
	KADAPT_FACT("copy-from-kernel-nofault",
		    KADAPT_HAVE_COPY_FROM_KERNEL_NOFAULT,
		    "probes/copy_from_kernel_nofault.c"),
	KADAPT_FACT("copy-from-user-nofault",
		    KADAPT_HAVE_COPY_FROM_USER_NOFAULT,
		    "probes/copy_from_user_nofault.c"),
	KADAPT_FACT("hrtimer-setup", KADAPT_HAVE_HRTIMER_SETUP,
		    "probes/hrtimer_setup.c"),
	KADAPT_FACT("hypervisor-is-type", KADAPT_HAVE_HYPERVISOR_IS_TYPE,
		    "probes/hypervisor_is_type.c"),
	KADAPT_FACT("preempt-rt", KADAPT_HAVE_CONFIG_PREEMPT_RT,
		    "CONFIG_PREEMPT_RT"),
	KADAPT_FACT("xen-hypercall-func", KADAPT_HAVE_XEN_HYPERCALL_FUNC,
		    "probes/xen_hypercall_func.c"),
	KADAPT_FACT("fprobe-pt-regs", KADAPT_HAVE_FPROBE_REGS,
		    "probes/fprobe_regs.c"),
	KADAPT_FACT("fprobe-ftrace-regs", KADAPT_HAVE_FPROBE_FTRACE_REGS,
		    "probes/fprobe_ftrace_regs.c"),
	KADAPT_FACT("ftrace-regs-members", KADAPT_HAVE_FTRACE_REGS_MEMBERS,
		    "probes/ftrace_regs_members.c"),
	KADAPT_FACT("kretprobe-get", KADAPT_HAVE_KRETPROBE_GET,
		    "probes/kretprobe_get.c"),
	KADAPT_FACT("stack-trace-save", KADAPT_HAVE_STACK_TRACE_SAVE,
		    "probes/stack_trace_save.c"),
	KADAPT_FACT("mmap-read-trylock", KADAPT_HAVE_MMAP_READ_TRYLOCK,
		    "probes/mmap_read_trylock.c"),
};

const struct kadapt_build_fact *kadapt_build_facts(unsigned int *n)
{
	*n = ARRAY_SIZE(kadapt_facts);
	return kadapt_facts;
}

const char *kadapt_build_release(void)
{
	return KADAPT_KERNEL_RELEASE;
}

/* Under PARAVIRT_XXL the kernel's save_fl pv op (Xen: the upcall mask). */
bool kadapt_irqs_disabled(void)
{
	return irqs_disabled();
}
