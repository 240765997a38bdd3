# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# What counts as kernel trouble in a console log (sourced by run-vm.sh
# and tests/pkg-bake.sh): VM_BAD_KERNEL for the kernel's messages (not
# Xen's own "(XEN)" lines, which may contain such words harmlessly, nor
# test output), VM_BAD_XEN for the hypervisor's fatal messages.
VM_BAD_KERNEL='BUG:|WARNING:|Oops|general protection|kernel BUG at|Kernel panic'
VM_BAD_KERNEL+='|RCU stall|rcu_sched self-detected stall|rcu: INFO|rcu_preempt detected'
VM_BAD_KERNEL+='|soft lockup|hard LOCKUP|hung_task|blocked for more than'
VM_BAD_KERNEL+='|Call Trace:|UBSAN:|KASAN:|list_add corruption|list_del corruption'
VM_BAD_KERNEL+='|refcount_t:|segfault at|double fault|stack-protector'
VM_BAD_XEN='Panic on CPU|Xen BUG at|Assertion .* failed|FATAL (PAGE FAULT|TRAP)'
VM_BAD_XEN+='|Hardware Dom0 crashed|domain_crash|Dom0 .*crash'
