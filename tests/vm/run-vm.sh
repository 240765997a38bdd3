#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [--target TARGET] ENV INITRD [MODE]
#
# Boot the kernel fetched for TARGET (default $DTRACE_VM_TARGET, see
# lib.sh) in QEMU (TCG) with INITRD, as ENV:
#   native     the kernel alone
#   xen-dom0   the kernel as a Xen PV dom0 under the suite's hypervisor
# MODE is "tests" (default) or "demo" (see init).
#
# The console goes to $DTRACE_VM_WORK/logs/KVER/ENV-MODE.log.  In tests
# mode the results are written to $DTRACE_VM_WORK/logs/KVER/ENV.results,
# one "PASS|FAIL NAME DETAIL" line per test, including two checks of the
# run itself: "completed" (the guest reached its end marker) and
# "console-clean" (no BUG/WARNING/Oops/stall in the kernel's messages).
# Exit status: 0 if everything passed.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

target=$DTRACE_VM_TARGET
if [ "${1:-}" = --target ]; then
	target=${2:-}
	shift 2 || true
fi
[ $# -ge 2 ] || vm_die "usage: run-vm.sh [--target SUITE:FLAVOUR] native|xen-dom0 INITRD [tests|demo]"
env=$1
initrd=$2
mode=${3:-tests}
timeout=${DTRACE_VM_TIMEOUT:-300}
vm_load_kernel_env "$target"
[ -f "$initrd" ] || vm_die "initrd $initrd not found"
command -v qemu-system-x86_64 > /dev/null ||
	vm_die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

logs=$(vm_logs "$KVER")
mkdir -p "$logs"
log=$logs/$env-$mode.log
results=$logs/$env.results
args="dtrace_test_mode=$mode dtrace_test_env=$env panic=-1 quiet"

case $env in
native)
	qemu=(-m 1024 -kernel "$VMLINUZ" -initrd "$initrd"
	      -append "console=ttyS0 $args")
	;;
xen-dom0)
	[ -n "$XEN" ] && [ -f "$XEN" ] ||
		vm_die "no Xen hypervisor was fetched for $KSUITE"
	# Xen takes the kernel and initrd as multiboot modules; dom0 is PV.
	# The default CPU model is used on purpose: dom0 fails with -cpu max.
	qemu=(-m 2048 -kernel "$XEN"
	      -append "console=com1 dom0_mem=1024M,max:1024M"
	      -initrd "$VMLINUZ console=hvc0 $args,$initrd")
	case "$VMLINUZ$initrd" in *,*)
		vm_die "paths must not contain commas (QEMU multiboot module list)" ;;
	esac
	;;
*)
	vm_die "unknown environment '$env' (native or xen-dom0)"
	;;
esac

# One host thread runs both vCPUs (DTRACE_VM_TCG_THREAD=multi: one each).
# With multi-threaded TCG a vCPU may still execute code in its old form
# after the other vCPU patched it (static keys, tracepoints, kprobes): a
# 7.2 kernel died at boot of an "Oops: int3" that way.  Single-threaded
# TCG is as fast on a 2-CPU host and showed no such failure.
tcg=tcg,thread=${DTRACE_VM_TCG_THREAD:-single}
vm_log "vm: booting $KVER as $env ($mode), log $log"
start=$(date +%s)
timeout -k 10 "$timeout" \
	qemu-system-x86_64 -accel "$tcg" -smp 2 -nic none -display none -monitor none \
	-serial stdio -no-reboot "${qemu[@]}" < /dev/null > "$log" 2>&1
qrc=$?
secs=$(($(date +%s) - start))
# QEMU's own console has CR LF line ends.
sed -i 's/\r$//' "$log"
vm_log "vm: $env finished in ${secs}s (qemu status $qrc)"

[ "$mode" = tests ] || exit $qrc

# Per-test lines from tests.sh.
awk '$1 == "TEST-RESULT" {
	d = ""; for (i = 4; i <= NF; i++) d = d (i > 4 ? " " : "") $i
	print $3, $2, d }' "$log" > "$results"
# A test that printed nothing (the guest died or hung first) failed too.
for t in $(sh "$VM_DIR/tests.sh" --list); do
	awk -v t="$t" '$2 == t { f = 1 } END { exit !f }' "$results" ||
		echo "FAIL $t no result printed (guest stopped early?)" >> "$results"
done

if grep -q '^=== DTRACE-VM END' "$log"; then
	echo "PASS completed guest finished in ${secs}s" >> "$results"
else
	why="no end marker"
	[ $qrc -eq 124 ] && why="timed out after ${timeout}s"
	echo "FAIL completed $why (qemu status $qrc); see $log" >> "$results"
fi

# Kernel trouble, looked for in the console (which shows what happened
# before a hang) and in the dmesg dump; Xen's own "(XEN)" lines (which
# may contain such words harmlessly) and the test output are not kernel
# messages.
pattern='BUG:|WARNING:|Oops|general protection|kernel BUG at|Kernel panic'
pattern+='|RCU stall|rcu_sched self-detected stall|rcu: INFO|rcu_preempt detected'
pattern+='|soft lockup|hard LOCKUP|hung_task|blocked for more than'
pattern+='|Call Trace:|UBSAN:|KASAN:|list_add corruption|list_del corruption'
pattern+='|refcount_t:|segfault at|double fault|stack-protector'
# The hypervisor's own fatal messages count as well.
xenpattern='Panic on CPU|Xen BUG at|Assertion .* failed|FATAL (PAGE FAULT|TRAP)'
xenpattern+='|Hardware Dom0 crashed|domain_crash|Dom0 .*crash'
bad=$({ grep -v -e '^(XEN)' -e '^TEST-RESULT ' -e '^  | ' "$log" |
	grep -E "$pattern"; grep '^(XEN)' "$log" | grep -E "$xenpattern"; } |
	sort -u)
if [ -z "$bad" ]; then
	echo "PASS console-clean no BUG/WARNING/Oops/stall in the kernel log" >> "$results"
else
	echo "FAIL console-clean $(echo "$bad" | head -n 1 | cut -c1-160)" \
		"($(echo "$bad" | wc -l) lines; see $log)" >> "$results"
fi

awk '{ printf "  %-4s %s/%s/%s  %s\n", $1, k, env, $2, substr($0, length($1 $2) + 3) }' \
	k="$KVER" env="$env" "$results"
! grep -q '^FAIL' "$results"
