#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [native|xen-dom0]: see dtrace work, from a fresh checkout.
#
# Installs the packages it needs (as root), fetches Debian's 6.1 kernel,
# builds dtrace.ko for it and the dtrace command, boots the kernel in QEMU
# (natively by default, or as a Xen PV dom0) and runs a few one-liners
# there (tests/vm/demo-guest.sh), showing their real output.  On a machine
# whose own kernel has module support, "make && sudo make install" and
# "sudo modprobe dtrace" do the same for real.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tests/vm/lib.sh

env=${1:-native}
case $env in native|xen-dom0) ;; *)
	echo "usage: tests/demo.sh [native|xen-dom0]" >&2; exit 2 ;;
esac

tests/vm/install-deps.sh || exit 1
vm_log "demo: fetching the kernel"
tests/vm/fetch-kernel.sh > /dev/null || vm_die "fetching the kernel failed"
vm_load_kernel_env
initrd=$(tests/vm/build-for-kernel.sh)
if [ -z "$initrd" ] || [ ! -f "$initrd" ]; then
	grep -h '^FAIL' "$DTRACE_VM_WORK/logs/build.results" \
		"$(vm_logs "$KVER")/build.results" >&2
	vm_die "the build failed (see above)"
fi
tests/vm/run-vm.sh "$env" "$initrd" demo
log=$(vm_logs "$KVER")/$env-demo.log

echo
echo "=== in the QEMU guest ($env):"
awk '/^=== DTRACE-VM BEGIN/ { p = 1; next } /^=== DTRACE-VM DMESG BEGIN/ { p = 0 }
     p' "$log"
echo "=== (full console log: $log)"
grep -q '^DEMO-DONE' "$log"
