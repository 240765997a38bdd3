# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# Shared settings and helpers for the QEMU test harness (sourced, not run).
#
# Directories (all overridable from the environment):
#   DTRACE_VM_CACHE  downloaded Debian packages and the extracted kernels;
#                    kept between runs and between clones of the repo.
#   DTRACE_VM_WORK   per-checkout build products, initramfs images, logs.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$VM_DIR/../.." && pwd)

: "${DTRACE_VM_CACHE:=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/dtrace-linux/vm}"
: "${DTRACE_VM_WORK:=$VM_DIR/.work}"
# Which Debian release provides the kernel under test (6.1 is bookworm's).
: "${DTRACE_VM_SUITE:=bookworm}"
export DTRACE_VM_CACHE DTRACE_VM_WORK DTRACE_VM_SUITE

JOBS=$(nproc 2>/dev/null || echo 2)

vm_log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
vm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Current kernel description written by fetch-kernel.sh: KVER, KROOT,
# KBUILD_DIR, VMLINUZ, XEN.
vm_kernel_env() { echo "$DTRACE_VM_CACHE/kernel.env"; }

vm_load_kernel_env() {
	local env
	env=$(vm_kernel_env)
	[ -f "$env" ] || vm_die "no kernel fetched yet: run tests/vm/fetch-kernel.sh"
	# shellcheck disable=SC1090
	. "$env"
	[ -f "$VMLINUZ" ] && [ -d "$KBUILD_DIR" ] ||
		vm_die "kernel cache $env is stale: rerun tests/vm/fetch-kernel.sh"
}

# Where the module, user-space build and initramfs for kernel KVER live.
vm_build_dir() { echo "$DTRACE_VM_WORK/build-$1"; }
