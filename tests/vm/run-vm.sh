#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [--target TARGET] ENV INITRD [MODE]
#
# Boot the kernel fetched for TARGET (default $DTRACE_VM_TARGET, see
# lib.sh) in QEMU (TCG) with INITRD, as ENV:
#   native     the kernel alone
#   xen-dom0   the kernel as a Xen PV dom0 under the suite's hypervisor
#   xen-domu   the kernel as a Xen PV domU (as on an EC2 PV instance):
#              the dom0 is DTRACE_VM_DOM0_TARGET (default the suite's
#              amd64 kernel, fetched with fetch-kernel.sh --xen-tools),
#              whose initramfs (mkinitrd-dom0.sh) carries Xen's toolstack,
#              this kernel and INITRD; it creates the domU with "xl create"
#              and prints the domU's console log (xen-domu-host.sh)
# MODE is "tests" (default) or "demo" (see init).
#
# The console goes to $DTRACE_VM_WORK/logs/KVER/ENV-MODE.log (for
# xen-domu the domU's; the whole machine's is in ENV-MODE.dom0.log).  In tests
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
[ $# -ge 2 ] || vm_die "usage: run-vm.sh [--target SUITE:FLAVOUR] native|xen-dom0|xen-domu INITRD [tests|demo]"
env=$1
initrd=$2
mode=${3:-tests}
# A domU boots after Xen and its dom0 have: it gets more time.
timeout=${DTRACE_VM_TIMEOUT:-$([ "$1" = xen-domu ] && echo 450 || echo 300)}
vm_load_kernel_env "$target"
[ -f "$initrd" ] || vm_die "initrd $initrd not found"
command -v qemu-system-x86_64 > /dev/null ||
	vm_die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

logs=$(vm_logs "$KVER")
mkdir -p "$logs"
log=$logs/$env-$mode.log
results=$logs/$env.results
args="dtrace_test_mode=$mode dtrace_test_env=$env panic=-1 quiet"
# The D corpus (tests/vm/corpus.sh) takes a few more minutes.
if [ "${DTRACE_VM_CORPUS:-0}" = 1 ]; then
	args+=" dtrace_corpus=1"
	[ "${DTRACE_VM_CORPUS_SHOW:-0}" != 1 ] || args+=" dtrace_corpus_show=1"
	[ -n "${DTRACE_VM_TIMEOUT:-}" ] || timeout=$((timeout + 600))
fi

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
xen-domu)
	# The domU is this kernel; the dom0 is another one (a domU-only
	# kernel such as "cloud" has no CONFIG_XEN_DOM0).
	domu_kernel=$VMLINUZ
	domu_kver=$KVER
	dom0_target=${DTRACE_VM_DOM0_TARGET:-$KSUITE:amd64}
	DOM0=
	vm_load_kernel_env "$dom0_target"
	# (The .env of a fetch without --xen-tools may not name it.)
	[ -n "$DOM0" ] || [ ! -f "$(dirname "$KROOT")/.complete-dom0" ] ||
		DOM0=$(dirname "$KROOT")/dom0
	[ -n "$XEN" ] && [ -f "$XEN" ] ||
		vm_die "no Xen hypervisor was fetched for $KSUITE"
	[ -n "${DOM0:-}" ] && [ -d "$DOM0" ] ||
		vm_die "no dom0 toolstack for $dom0_target: run tests/vm/fetch-kernel.sh --xen-tools $dom0_target"
	dom0_initrd=$DTRACE_VM_WORK/initrd-dom0-$(basename "$initrd")
	"$VM_DIR/mkinitrd-dom0.sh" "$dom0_initrd" "$DOM0" "$KVER" \
		"$domu_kernel" "$initrd" 512 || vm_die "building the dom0 initramfs failed"
	# The domU must be stopped before QEMU's time is up, so that its log
	# is still printed: Xen and dom0 take about 15 s to boot (TCG), and
	# may take several times that on a busy host.
	dom0_args="dtrace_test_mode=xendomu dtrace_domu_mode=$mode"
	dom0_args+=" dtrace_domu_timeout=$((timeout - 120)) panic=-1 quiet"
	qemu=(-m 2048 -kernel "$XEN"
	      -append "console=com1 dom0_mem=1024M,max:1024M"
	      -initrd "$VMLINUZ console=hvc0 $dom0_args,$dom0_initrd")
	case "$VMLINUZ$dom0_initrd" in *,*)
		vm_die "paths must not contain commas (QEMU multiboot module list)" ;;
	esac
	KVER=$domu_kver
	;;
*)
	vm_die "unknown environment '$env' (native, xen-dom0 or xen-domu)"
	;;
esac

# One host thread runs both vCPUs (DTRACE_VM_TCG_THREAD=multi: one each).
# With multi-threaded TCG a vCPU may still execute code in its old form
# after the other vCPU patched it (static keys, tracepoints, kprobes): a
# 7.2 kernel died at boot of an "Oops: int3" that way.  Single-threaded
# TCG is as fast on a 2-CPU host and showed no such failure.
tcg=tcg,thread=${DTRACE_VM_TCG_THREAD:-single}
conlog=$log
[ "$env" != xen-domu ] || conlog=${log%.log}.dom0.log
vm_log "vm: booting $KVER as $env ($mode), log $conlog"
start=$(date +%s)
timeout -k 10 "$timeout" \
	qemu-system-x86_64 -accel "$tcg" -smp 2 -nic none -display none -monitor none \
	-serial stdio -no-reboot "${qemu[@]}" < /dev/null > "$conlog" 2>&1
qrc=$?
secs=$(($(date +%s) - start))
# QEMU's own console has CR LF line ends.
sed -i 's/\r$//' "$conlog"
vm_log "vm: $env finished in ${secs}s (qemu status $qrc)"
if [ "$env" = xen-domu ]; then
	# The domU's console as xenconsoled logged it (its own CR LF too).
	awk '/^=== DTRACE-DOMU CONSOLE END/ { p = 0 } p { sub(/\r+$/, ""); print }
	     /^=== DTRACE-DOMU CONSOLE BEGIN/ { p = 1 }' "$conlog" > "$log"
	# The dom0's own console, without the domU's.
	dom0log=$(awk '/^=== DTRACE-DOMU CONSOLE BEGIN/ { p = 1 } !p { print }
		/^=== DTRACE-DOMU CONSOLE END/ { p = 0 }' "$conlog")
fi

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

if [ "$env" = xen-domu ] && ! grep -q '^=== DTRACE-VM END' <<< "$dom0log"; then
	why="dom0 did not finish"
	[ $qrc -eq 124 ] && why="timed out after ${timeout}s"
	grep -q '^=== DTRACE-DOMU CONSOLE END' "$conlog" || why="$why, printed no domU log"
	echo "FAIL completed $why (qemu status $qrc); see $conlog" >> "$results"
elif grep -q '^=== DTRACE-VM END' "$log"; then
	echo "PASS completed guest finished in ${secs}s" >> "$results"
else
	why="no end marker"
	[ $qrc -eq 124 ] && why="timed out after ${timeout}s"
	[ "$env" != xen-domu ] ||
		why="$why in the domU's log; dom0: $(grep '^DOMU-HOST: ' <<< "$dom0log" | tail -n 1)"
	echo "FAIL completed $why (qemu status $qrc); see $log" >> "$results"
fi

# Kernel trouble, looked for in the console (which shows what happened
# before a hang) and in the dmesg dump; Xen's own "(XEN)" lines (which
# may contain such words harmlessly) and the test output are not kernel
# messages.
. "$VM_DIR/console-patterns.sh"
pattern=$VM_BAD_KERNEL
# The hypervisor's own fatal messages count as well.
xenpattern=$VM_BAD_XEN
# For xen-domu: the domU's console, then the dom0's and Xen's.
kmsgs() { grep -v -e '^(XEN)' -e '^TEST-RESULT ' -e '^  | ' "$log"
	[ "$env" != xen-domu ] || grep -v -e '^(XEN)' -e '^  | ' <<< "$dom0log"; }
bad=$({ kmsgs | grep -E "$pattern"; grep '^(XEN)' "$conlog" | grep -E "$xenpattern"; } |
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
