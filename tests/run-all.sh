#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-all.sh: the whole test suite, as CI runs it.
#
#   1. setup    install missing Debian packages (as root; apt-get)
#   2. kernel   fetch Debian's 6.1 kernel, headers and Xen (cached)
#   3. build    user space, dtrace.ko for that kernel, helpers, initramfs
#   4. unit     "make check": the user-space unit test programs
#   5. vm       boot the kernel natively and as a Xen PV dom0 in QEMU (TCG)
#               and run tests/vm/tests.sh inside each
#
# Every step, unit test program and in-VM test counts as one test.  Prints
# a table and then one line "N passed, N failed"; exits 1 if any failed.
# Logs are under tests/vm/.work/logs (DTRACE_VM_WORK).
#
# Environment: DTRACE_VM_ENVS (default "native xen-dom0"), DTRACE_VM_TIMEOUT
# (seconds per VM, default 300), DTRACE_VM_MIRROR, DTRACE_VM_CACHE,
# DTRACE_VM_WORK (see tests/vm/lib.sh).

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tests/vm/lib.sh

ENVS=${DTRACE_VM_ENVS:-native xen-dom0}
LOGS=$DTRACE_VM_WORK/logs
mkdir -p "$LOGS"
ALL=$LOGS/all.results	# "PASS|FAIL SUITE/NAME DETAIL"
rm -f "$LOGS"/*.results "$LOGS"/*.log
: > "$ALL"
START=$(date +%s)

add() {	# SUITE RESULTS-FILE: append "PASS name detail" lines as SUITE/name
	awk -v s="$1" '{ $2 = s "/" $2; print }' "$2" >> "$ALL"
}
record() {	# PASS|FAIL SUITE/NAME DETAIL...
	echo "$*" >> "$ALL"
}
phase() { vm_log "== $* ($(($(date +%s) - START))s)"; }

# A step that must work for the next ones: FAIL is recorded, then the
# tests that depend on it are recorded as not run.
not_run() {	# SUITE REASON NAME...
	local suite=$1 reason=$2
	shift 2
	for n in "$@"; do
		record FAIL "$suite/$n" "not run: $reason"
	done
}
vm_tests() { sh tests/vm/tests.sh --list; echo completed; echo console-clean; }

# 1. setup ------------------------------------------------------------------
phase "setup: packages"
if tests/vm/install-deps.sh > "$LOGS/setup.log" 2>&1; then
	record PASS setup/packages "build and VM packages present"
else
	record FAIL setup/packages "$(tail -n 1 "$LOGS/setup.log"); see $LOGS/setup.log"
	cat "$LOGS/setup.log" >&2
fi

# 2. kernel -----------------------------------------------------------------
phase "kernel: fetch"
kernel=0
if tests/vm/fetch-kernel.sh > "$LOGS/fetch.log" 2>&1; then
	vm_load_kernel_env
	record PASS setup/kernel "Debian kernel $KVER and Xen fetched"
	kernel=1
else
	record FAIL setup/kernel "fetching the kernel failed; see $LOGS/fetch.log"
	tail -n 20 "$LOGS/fetch.log" >&2
fi

# 3. build ------------------------------------------------------------------
initrd=
if [ $kernel -eq 1 ]; then
	phase "build"
	initrd=$(tests/vm/build-for-kernel.sh)
	add build "$LOGS/build.results"
	# Names look like "build-user": keep the suite prefix short.
	sed -i 's, build/build-, build/,' "$ALL"
fi

# 4. unit tests -------------------------------------------------------------
phase "unit: make check"
user=$DTRACE_VM_WORK/user
# Even when the dtrace command failed to link, the unit tests may build.
if [ -f "$user/Makefile" ]; then
	find "$user" -name '*.trs' -delete
	make -C "$user" -j"$JOBS" -k check > "$LOGS/unit.log" 2>&1
	unit_rc=$?
	ntrs=0
	while read -r trs; do
		ntrs=$((ntrs + 1))
		name=$(basename "$trs" .trs)
		res=$(sed -n 's/^:test-result: //p' "$trs" | sort -u | tr '\n' ' ')
		case " $res" in
		*" FAIL "*|*" ERROR "*|*" XPASS "*|" ")
			record FAIL "unit/$name" "${res:-no result}; see ${trs%.trs}.log" ;;
		*" PASS "*|*" XFAIL "*)
			record PASS "unit/$name" "$res" ;;
		*)	# SKIP only
			record SKIP "unit/$name" "$res" ;;
		esac
	done < <(find "$user" -name '*.trs' | sort)
	if [ $ntrs -eq 0 ]; then
		record FAIL unit/make-check "no unit test ran (make check status $unit_rc); see $LOGS/unit.log"
	elif [ $unit_rc -ne 0 ] && ! grep -q '^FAIL unit/' "$ALL"; then
		record FAIL unit/make-check "make check failed (status $unit_rc) though no test failed; see $LOGS/unit.log"
	fi
else
	record FAIL unit/make-check "not run: user space was not configured"
fi

# 5. VMs --------------------------------------------------------------------
for env in $ENVS; do
	phase "vm: $env"
	if [ -n "$initrd" ] && [ -f "$initrd" ]; then
		tests/vm/run-vm.sh "$env" "$initrd" > /dev/null 2> "$LOGS/run-$env.log"
		if [ -s "$LOGS/$env.results" ]; then
			add "$env" "$LOGS/$env.results"
		else
			record FAIL "$env/run" "run-vm.sh failed: $(tail -n 1 "$LOGS/run-$env.log")"
		fi
	else
		# shellcheck disable=SC2046
		not_run "$env" "no kernel/module/initramfs (see build results)" $(vm_tests)
	fi
done

# Report --------------------------------------------------------------------
phase "done"
echo
echo "Results (logs in $LOGS):"
awk '{ d = ""; for (i = 3; i <= NF; i++) d = d " " $i
	printf "  %-4s %-32s%s\n", $1, $2, d }' "$ALL"
# Context of failed in-VM tests, from the console logs.
for env in $ENVS; do
	log=$LOGS/$env-tests.log
	[ -f "$log" ] && grep -q "^FAIL" "$LOGS/$env.results" 2>/dev/null || continue
	echo
	echo "--- $env: output of failed tests (from $log)"
	awk '/^TEST-RESULT .* FAIL/ { p = 1; print; next }
	     /^TEST-RESULT / { p = 0 } /^=== / { p = 0 }
	     p && /^  \| / { print }' "$log" | head -n 150
done
passed=$(grep -c '^PASS ' "$ALL")
failed=$(grep -c '^FAIL ' "$ALL")
skipped=$(grep -c '^SKIP ' "$ALL")
echo
echo "took $(($(date +%s) - START))s"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
