#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-all.sh: the whole test suite, as CI runs it.
#
#   1. setup    install missing Debian packages (as root; apt-get)
#   2. kernel   fetch each kernel of the matrix, its headers and Xen (cached)
#   3. build    user space and helpers once; per kernel dtrace.ko (in a
#               chroot of the kernel's release when it is not the host's),
#               the DKMS build and the initramfs
#   4. unit     "make check": the user-space unit test programs; then
#               the libFuzzer targets (tests/fuzz/run.sh), each for
#               DTRACE_FUZZ_TIME seconds (default 60) over its corpus
#   5. vm       boot each kernel in QEMU (TCG) in each of its environments
#               (natively, as a Xen PV dom0, as a Xen PV domU) and run
#               tests/vm/tests.sh
#   6. packages the Debian and RPM packages: tests/pkg-build.sh builds them
#               (with lintian, rpmlint and make distcheck) into
#               $DTRACE_VM_WORK/packages; tests/pkg-install.sh installs,
#               upgrades (a newer kernel's headers) and removes the .debs
#               in a Debian 12 chroot with two kernels; tests/pkg-bake.sh
#               bakes them into a Debian 12 cloud image and boots it
#               natively and as a Xen PV domU, where the dtrace one-liner
#               must work with no manual step (DTRACE_PKG_TESTS=0 leaves
#               this phase out)
#
# The matrix is DTRACE_VM_KERNELS, a list of kernel targets
# "SUITE:FLAVOUR[:ENV+ENV...]" (see tests/vm/lib.sh); an entry without
# environments gets DTRACE_VM_ENVS (default "native xen-dom0").  Default:
# Debian 12's 6.1 and 13's 6.12 natively and as Xen PV dom0 (each with
# its own release's Xen: 4.17 and 4.20), 11's 5.10 and unstable's newest
# kernel natively, and the cloud and rt (PREEMPT_RT) flavours of 6.1 and
# 6.12 natively, and 6.1's cloud kernel also as a Xen PV domU (the
# stand-in for an EC2 PV instance; its dom0 is bookworm's amd64 kernel).
# A cell that cannot run (no Xen for the suite, a kernel
# without CONFIG_XEN_DOM0, no module for the kernel) is listed as SKIP
# with the reason, in the results and the matrix table.
#
# tests/dkms-exclusive.sh proves that DKMS (the host's and each build
# chroot's) skips a kernel outside dkms.conf's BUILD_EXCLUSIVE_* range.
# After the build, tests/kadapt-config-diff.sh checks each kernel's
# generated kadapt_config.h against facts about the kernel (its image's
# config, exports, header text) and that the headers of 5.10, 6.1, 6.12
# and unstable differ.
#
# Every step, unit test program and in-VM test counts as one test; names
# of kernel-specific ones start with the kernel version, e.g.
# 6.12.41+deb13-amd64/native/syscall-count.  Prints the results, a
# kernel x environment table and then one line "N passed, N failed";
# exits 1 if any failed.  Logs are under tests/vm/.work/logs
# (DTRACE_VM_WORK), per kernel in logs/KVER/.
#
# Environment: DTRACE_VM_KERNELS, DTRACE_VM_ENVS, DTRACE_VM_TIMEOUT
# (seconds per VM, default 300, 450 for xen-domu), DTRACE_VM_DOM0_TARGET
# (the dom0 of xen-domu, default SUITE:amd64), DTRACE_VM_CORPUS_TARGETS
# (targets whose cells also run the D corpus tests/d, default
# "bookworm:amd64"), DTRACE_VM_MIRROR, DTRACE_VM_CACHE, DTRACE_VM_WORK
# (see tests/vm/lib.sh).

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tests/vm/lib.sh

KERNELS=${DTRACE_VM_KERNELS:-bookworm:amd64 bullseye:amd64:native trixie:amd64 sid:amd64:native bookworm:cloud:native+xen-domu bookworm:rt:native trixie:cloud:native trixie:rt:native}
ENVS=${DTRACE_VM_ENVS:-native xen-dom0}
LOGS=$DTRACE_VM_WORK/logs
mkdir -p "$LOGS"
ALL=$LOGS/all.results	# "PASS|FAIL|SKIP NAME DETAIL"
MATRIX=$LOGS/matrix	# "KERNEL ENV BUILD LOAD PASSED FAILED SECS"
find "$LOGS" \( -name '*.results' -o -name '*.log' -o -name '*.path' \) -delete
rm -f "$MATRIX"
: > "$ALL"
START=$(date +%s)

add() {	# PREFIX RESULTS-FILE: append its lines with names as PREFIX/name
	awk -v s="$1" '{ $2 = s "/" $2; print }' "$2" >> "$ALL"
}
record() {	# PASS|FAIL|SKIP NAME DETAIL...
	echo "$*" >> "$ALL"
}
phase() { vm_log "== $* ($(($(date +%s) - START))s)"; }

# A step that must work for the next ones: FAIL is recorded, then the
# tests that depend on it are recorded as not run.
not_run() {	# PREFIX REASON NAME...
	local prefix=$1 reason=$2
	shift 2
	for n in "$@"; do
		record FAIL "$prefix/$n" "not run: $reason"
	done
}
# The D corpus (tests/d) runs on these targets' cells only: it takes
# minutes, and the issue asks for 6.1 natively and as Xen PV dom0.
CORPUS_TARGETS=${DTRACE_VM_CORPUS_TARGETS:-bookworm:amd64}
corpus_for() {	# TARGET: 1 if the corpus runs there, else 0
	case " $CORPUS_TARGETS " in *" $1 "*) echo 1 ;; *) echo 0 ;; esac
}
vm_tests() {	# [TARGET]
	DTRACE_VM_CORPUS=$(corpus_for "${1:-}") sh tests/vm/tests.sh --list
	echo completed
	echo console-clean
}

# The matrix: target i has TGT[i] (SUITE:FLAVOUR), TENVS[i], and once
# fetched KV[i] (the kernel version, the name prefix of its results).
TGT=()
TENVS=()
KV=()
for k in $KERNELS; do
	vm_target "$k"
	TGT+=("$T_SUITE:$T_FLAVOUR")
	TENVS+=("${T_ENVS:-$ENVS}")
	KV+=("$T_ID")	# until the version is known
done

# 1. setup ------------------------------------------------------------------
phase "setup: packages"
if tests/vm/install-deps.sh > "$LOGS/setup.log" 2>&1; then
	record PASS setup/packages "build and VM packages present"
else
	record FAIL setup/packages "$(tail -n 1 "$LOGS/setup.log"); see $LOGS/setup.log"
	cat "$LOGS/setup.log" >&2
fi

# 2. kernels (in parallel: mostly downloads) ----------------------------------
phase "kernel: fetch ${TGT[*]}"
for i in "${!TGT[@]}"; do
	vm_target "${TGT[i]}"
	tests/vm/fetch-kernel.sh "${TGT[i]}" > "$LOGS/fetch-$T_ID.log" 2>&1 &
	# A PV domU needs a dom0: by default the suite's amd64 kernel, with
	# Xen's toolstack (see tests/vm/run-vm.sh).
	case " ${TENVS[i]} " in *" xen-domu "*)
		dom0=${DTRACE_VM_DOM0_TARGET:-$T_SUITE:amd64}
		tests/vm/fetch-kernel.sh --xen-tools "$dom0" \
			> "$LOGS/fetch-dom0-${dom0//:/-}.log" 2>&1 &
	esac
done
wait
FETCHED=()
for i in "${!TGT[@]}"; do
	vm_target "${TGT[i]}"
	if grep -q '^KVER=' "$LOGS/fetch-$T_ID.log" && (vm_load_kernel_env "${TGT[i]}") 2>/dev/null; then
		vm_load_kernel_env "${TGT[i]}"
		KV[i]=$KVER
		record PASS "$KVER/setup/kernel" "Debian $T_SUITE kernel $KVER fetched"
		FETCHED[i]=1
	else
		record FAIL "${KV[i]}/setup/kernel" \
			"fetching the $T_SUITE kernel failed; see $LOGS/fetch-$T_ID.log"
		tail -n 20 "$LOGS/fetch-$T_ID.log" >&2
		FETCHED[i]=0
	fi
done

# 3. build ------------------------------------------------------------------
phase "build: user space"
tests/vm/build-for-kernel.sh --user-only
add build "$LOGS/build.results"
# Per kernel: the chroot builds are independent, so they run side by side.
phase "build: dtrace.ko for ${KV[*]}"
for i in "${!TGT[@]}"; do
	[ "${FETCHED[i]}" = 1 ] || continue
	tests/vm/build-for-kernel.sh --kernel-only "${TGT[i]}" \
		> "$LOGS/initrd-$i.path" 2> "$LOGS/build-kernel-$i.log" &
done
wait
INITRD=()
for i in "${!TGT[@]}"; do
	INITRD[i]=
	[ "${FETCHED[i]}" = 1 ] || continue
	add "${KV[i]}/build" "$(vm_logs "${KV[i]}")/build.results"
	INITRD[i]=$(cat "$LOGS/initrd-$i.path")
done
# Names look like "build/build-user": keep the suite prefix short.
sed -i 's,build/build-,build/,' "$ALL"

# Each kernel's kadapt_config.h against facts about that kernel.
phase "build: kadapt_config.h of ${KV[*]} against the kernels' facts"
# shellcheck disable=SC2046
tests/kadapt-config-diff.sh $(printf '%s\n' "${TGT[@]}" | sort -u) \
	> "$LOGS/kadapt-config.results" 2> "$LOGS/kadapt-config.log"
cat "$LOGS/kadapt-config.results" >> "$ALL"
if [ ! -s "$LOGS/kadapt-config.results" ]; then
	record FAIL kadapt-config/run "tests/kadapt-config-diff.sh reported nothing; see $LOGS/kadapt-config.log"
fi

# dkms.conf's BUILD_EXCLUSIVE_*: an unsupported kernel is skipped, with
# the host's DKMS and that of each build chroot of the matrix.
phase "build: DKMS skips unsupported kernels"
tarball=$(ls -t "$DTRACE_VM_WORK"/user/*.tar.gz 2>/dev/null | head -n 1)
if [ -n "$tarball" ]; then
	roots=()
	for s in $(printf '%s\n' "${TGT[@]}" | cut -d: -f1 | sort -u); do
		[ ! -f "$DTRACE_VM_CACHE/chroots/$s/.complete" ] ||
			roots+=("$DTRACE_VM_CACHE/chroots/$s")
	done
	tests/dkms-exclusive.sh "$tarball" "${roots[@]}" \
		> "$LOGS/dkms-exclusive.results" 2> "$LOGS/dkms-exclusive.log"
	cat "$LOGS/dkms-exclusive.results" >> "$ALL"
	[ -s "$LOGS/dkms-exclusive.results" ] ||
		record FAIL dkms-exclusive/run "no results; see $LOGS/dkms-exclusive.log"
else
	record FAIL dkms-exclusive/run "not run: no make dist tarball (see build-dist)"
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

# 4b. fuzzing: libFuzzer targets of the compiler and of verifier + VM ----------
phase "fuzz: tests/fuzz/run.sh, ${DTRACE_FUZZ_TIME:-60}s per target"
rm -f "$DTRACE_VM_WORK/fuzz/fuzz.results"
DTRACE_FUZZ_SRC=$DTRACE_VM_WORK/src DTRACE_FUZZ_BUILD=$DTRACE_VM_WORK/fuzz \
	DTRACE_FUZZ_JOBS=$JOBS tests/fuzz/run.sh > "$LOGS/fuzz.log" 2>&1
if [ -s "$DTRACE_VM_WORK/fuzz/fuzz.results" ]; then
	cat "$DTRACE_VM_WORK/fuzz/fuzz.results" >> "$ALL"
else
	record FAIL fuzz/run "tests/fuzz/run.sh reported nothing; see $LOGS/fuzz.log"
fi

# 5. VMs (one at a time: the tests time things) -------------------------------
# Why target i cannot run in ENV at all (empty: it can).
cell_skip_reason() {	# I ENV
	local cfg
	vm_load_kernel_env "${TGT[$1]}"
	cfg=$(dirname "$KROOT")/facts/config
	case $2 in
	xen-*)
		if [ -f "$cfg" ] && ! grep -q '^CONFIG_XEN_PV=y$' "$cfg"; then
			echo "kernel $KVER is built without CONFIG_XEN_PV"
		elif [ "$2" = xen-dom0 ] && [ -f "$cfg" ] &&
		     ! grep -q '^CONFIG_XEN_DOM0=y$' "$cfg"; then
			echo "kernel $KVER is built without CONFIG_XEN_DOM0"
		elif [ -z "$XEN" ] || [ ! -f "$XEN" ]; then
			echo "no Xen hypervisor package in $KSUITE"
		fi
		;;
	esac
}
for i in "${!TGT[@]}"; do
	k=${KV[i]}
	klogs=$(vm_logs "$k")
	mkdir -p "$klogs"
	build=FAIL
	grep -q '^PASS build-module ' "$klogs/build.results" 2>/dev/null && build=ok
	for env in ${TENVS[i]}; do
		phase "vm: $k $env"
		why=
		[ "${FETCHED[i]}" != 1 ] || why=$(cell_skip_reason "$i" "$env")
		if [ -n "$why" ]; then
			for n in $(vm_tests "${TGT[i]}"); do
				record SKIP "$k/$env/$n" "not run: $why"
			done
			echo "$k $env skip - 0 0 - $why" >> "$MATRIX"
		elif [ -n "${INITRD[i]}" ] && [ -f "${INITRD[i]}" ]; then
			t0=$(date +%s)
			DTRACE_VM_CORPUS=$(corpus_for "${TGT[i]}") \
			tests/vm/run-vm.sh --target "${TGT[i]}" "$env" "${INITRD[i]}" \
				> /dev/null 2> "$klogs/run-$env.log"
			secs=$(($(date +%s) - t0))
			if [ -s "$klogs/$env.results" ]; then
				add "$k/$env" "$klogs/$env.results"
				res=$klogs/$env.results
			else
				record FAIL "$k/$env/run" "run-vm.sh failed: $(tail -n 1 "$klogs/run-$env.log")"
				res=/dev/null
			fi
			load=FAIL
			grep -q '^PASS insmod ' "$res" && load=ok
			echo "$k $env $build $load $(grep -c '^PASS ' "$res")" \
			     "$(grep -c '^FAIL ' "$res") $secs" >> "$MATRIX"
		elif why=$(sed -n 's/^SKIP build-module //p' "$klogs/build.results" 2>/dev/null) &&
		     [ -n "$why" ]; then
			for n in $(vm_tests "${TGT[i]}"); do
				record SKIP "$k/$env/$n" "not run: $why"
			done
			echo "$k $env skip - 0 0 - $why" >> "$MATRIX"
		else
			# shellcheck disable=SC2046
			not_run "$k/$env" "no kernel/module/initramfs (see build results)" $(vm_tests "${TGT[i]}")
			echo "$k $env $build - 0 $(vm_tests "${TGT[i]}" | wc -l) -" >> "$MATRIX"
		fi
	done
done

# 6. packages: build, then install/upgrade/remove and bake into an image ------
# Each script prints "PASS|FAIL|SKIP NAME DETAIL" lines; one that printed
# nothing failed as a whole, and what needs the packages is not run
# without them.
pkg_phase() {	# NAME SCRIPT ARGS...: run a package test script
	local name=$1
	shift
	# (The scripts keep their own logs, NAME.log in LOGS or OUT.)
	"$@" > "$LOGS/$name.results" 2> "$LOGS/$name-stderr.log"
	cat "$LOGS/$name.results" >> "$ALL"
	[ -s "$LOGS/$name.results" ] ||
		not_run "$name" "$1 printed no result; see $LOGS/$name-stderr.log" run
}
if [ "${DTRACE_PKG_TESTS:-1}" != 0 ]; then
	pkgout=$DTRACE_VM_WORK/packages
	rm -rf "$pkgout"
	mkdir -p "$pkgout"
	phase "packages: tests/pkg-build.sh"
	pkg_phase pkg-build tests/pkg-build.sh "$pkgout"
	if ls "$pkgout"/dtrace-dkms_*.deb "$pkgout"/dtrace-utils_*.deb > /dev/null 2>&1; then
		phase "packages: tests/pkg-install.sh"
		pkg_phase pkg-install tests/pkg-install.sh "$pkgout"
		phase "packages: tests/pkg-bake.sh"
		pkg_phase pkg-bake tests/pkg-bake.sh "$pkgout"
	else
		not_run pkg-install "tests/pkg-build.sh made no .debs" run
		not_run pkg-bake "tests/pkg-build.sh made no .debs" run
	fi
fi

# Report --------------------------------------------------------------------
phase "done"
echo
echo "Results (logs in $LOGS):"
awk '{ d = ""; for (i = 3; i <= NF; i++) d = d " " $i
	printf "  %-4s %-48s%s\n", $1, $2, d }' "$ALL"
# Context of failed in-VM tests, from the console logs.
for i in "${!TGT[@]}"; do
	klogs=$(vm_logs "${KV[i]}")
	for env in ${TENVS[i]}; do
		log=$klogs/$env-tests.log
		[ -f "$log" ] && grep -q "^FAIL" "$klogs/$env.results" 2>/dev/null || continue
		echo
		echo "--- ${KV[i]} $env: output of failed tests (from $log)"
		awk '/^TEST-RESULT .* FAIL/ { p = 1; print; next }
		     /^TEST-RESULT / { p = 0 } /^=== / { p = 0 }
		     p && /^  \| / { print }' "$log" | head -n 150
	done
done
echo
echo "Kernel matrix (build: dtrace.ko built; load: insmod worked; secs: the VM run):"
{
	echo "kernel env build load passed failed secs"
	cat "$MATRIX" 2>/dev/null
} | awk '{ d = ""; for (i = 8; i <= NF; i++) d = d " " $i
	printf "  %-30s %-9s %-5s %-5s %6s %6s %5s%s\n", $1, $2, $3, $4, $5, $6, $7, d }'
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
