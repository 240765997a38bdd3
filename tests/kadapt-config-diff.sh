#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kadapt-config-diff.sh TARGET...: check the kadapt_config.h that the
# build phase generated for each kernel target (SUITE:FLAVOUR, see
# tests/vm/lib.sh) against facts about that kernel taken from elsewhere
# than the probe stage:
#
#   config-*     every KADAPT_HAVE_CONFIG_X equals CONFIG_X in the config
#                shipped in the kernel image package (not the headers')
#   hypercall-page       the compile probe equals the symbol's presence
#                (System.map where the image ships a real one, else the
#                export in Module.symvers: the kernel exports it where
#                it exists)
#   xen-hypercall-func   the compile probe equals the export of the
#                static call trampoline __SCT__xen_hypercall
#   fprobe       an fprobe handler form was found iff CONFIG_FPROBE
#   stack-trace  stack_trace_save() found iff CONFIG_STACKTRACE
#   hrtimer-setup, timer-delete-sync, mmap-lock, import-ns-token,
#   nofault, sched-exit-group-dead
#                the compile probe equals what the kernel's own header
#                text declares
#
# and that the headers of Debian 11, 12, 13 and unstable (amd64) are
# pairwise different.  Prints "PASS|FAIL|SKIP NAME DETAIL" lines; names
# are KVER/kadapt-config/CHECK.  Headers are read from
# $DTRACE_VM_WORK/kernel-KVER/kadapt-config/ (tests/vm/build-for-kernel.sh).
# A kernel whose header was not built is SKIPped; so is a pair whose
# suite is not in the matrix.  Exit status 1 if any check failed.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tests/vm/lib.sh

[ $# -gt 0 ] || set -- bullseye:amd64 bookworm:amd64 trixie:amd64 sid:amd64
failed=0
say() {	# PASS|FAIL|SKIP NAME DETAIL...
	[ "$1" != FAIL ] || failed=1
	echo "$*"
}

# have HEADER NAME: is KADAPT_HAVE_NAME defined?
have() { grep -q "^#define KADAPT_HAVE_$2 1" "$1"; }
listed() { grep -qE "^(#define|/\* #undef) KADAPT_HAVE_$2[ 	]" "$1"; }
yn() { if "$@"; then echo yes; else echo no; fi; }

# expect PREFIX CHECK HEADER-ANSWER FACT-ANSWER WHAT
expect() {
	if [ "$3" = "$4" ]; then
		say PASS "$1/$2" "$3, as $5"
	else
		say FAIL "$1/$2" "kadapt_config.h says $3, but $5 says $4"
	fi
}

declare -A SUITE_HDR	# suite (amd64 flavour) -> header

for t in "$@"; do
	vm_target "$t"
	if ! (vm_load_kernel_env "$t") > /dev/null 2>&1; then
		say SKIP "$T_ID/kadapt-config" "kernel $t not fetched"
		continue
	fi
	vm_load_kernel_env "$t"
	p=$KVER/kadapt-config
	h=$DTRACE_VM_WORK/kernel-$KVER/kadapt-config/kadapt_config.h
	if [ ! -f "$h" ]; then
		say SKIP "$p" "no $h (dtrace.ko was not built for $KVER)"
		continue
	fi
	[ "$T_FLAVOUR" != amd64 ] || SUITE_HDR[$T_SUITE]=$h
	# The image's config and System.map (fetch-kernel.sh: KCONFIG, KSYSMAP).
	cfg=$(dirname "$KROOT")/facts/config
	sysmap=$(dirname "$KROOT")/facts/System.map
	symvers=$KBUILD_DIR/Module.symvers
	# The version-independent headers (the "-common" package).
	inc=$(find "$KROOT/usr/src" -maxdepth 4 -path '*/include/linux/hrtimer.h' |
	      head -n 1)
	inc=${inc%/include/linux/hrtimer.h}

	# 1. CONFIG_* values, all of those the header lists.
	if [ ! -f "$cfg" ]; then
		say SKIP "$p/config" "no image config (rerun tests/vm/fetch-kernel.sh)"
	else
		bad=
		n=0
		for c in $(sed -n 's/^.*KADAPT_HAVE_CONFIG_\([A-Z0-9_]*\)[ 	].*/\1/p' "$h"); do
			n=$((n + 1))
			a=$(yn have "$h" "CONFIG_$c")
			f=$(yn grep -qE "^CONFIG_$c=[ym]\$" "$cfg")
			[ "$a" = "$f" ] || bad="$bad CONFIG_$c(header $a, image $f)"
		done
		if [ $n -eq 0 ]; then
			say FAIL "$p/config" "no KADAPT_HAVE_CONFIG_* in $h"
		elif [ -n "$bad" ]; then
			say FAIL "$p/config" "differs from the image's config:$bad"
		else
			say PASS "$p/config" "all $n CONFIG_ values as in the image's config" \
				"(IBT $(yn have "$h" CONFIG_X86_KERNEL_IBT), XEN_PV $(yn have "$h" CONFIG_XEN_PV))"
		fi
	fi

	# 2. The hypercall page and what replaced it.
	exported() { [ -f "$symvers" ] &&
		awk -v s="$1" '$2 == s { f = 1 } END { exit !f }' "$symvers"; }
	if [ -f "$sysmap" ] && [ "$(wc -l < "$sysmap")" -gt 1000 ]; then
		expect "$p" hypercall-page "$(yn have "$h" HYPERCALL_PAGE)" \
			"$(yn grep -q ' hypercall_page$' "$sysmap")" "System.map"
	else
		expect "$p" hypercall-page "$(yn have "$h" HYPERCALL_PAGE)" \
			"$(yn exported hypercall_page)" \
			"Module.symvers (the image's System.map is a placeholder)"
	fi
	if listed "$h" XEN_HYPERCALL_FUNC; then
		expect "$p" xen-hypercall-func "$(yn have "$h" XEN_HYPERCALL_FUNC)" \
			"$(yn exported __SCT__xen_hypercall)" \
			"Module.symvers (__SCT__xen_hypercall)"
	else
		say SKIP "$p/xen-hypercall-func" "no such probe in this header"
	fi

	# 3. fprobe: any handler form the probe stage found.
	if [ -f "$cfg" ] && grep -qE '^(#define|/\* #undef) KADAPT_HAVE_FPROBE' "$h"; then
		expect "$p" fprobe \
			"$(yn grep -q '^#define KADAPT_HAVE_FPROBE[A-Z0-9_]* 1' "$h")" \
			"$(yn grep -qE '^CONFIG_FPROBE=y$' "$cfg")" "the image's CONFIG_FPROBE"
	else
		say SKIP "$p/fprobe" "no fprobe probe in this header or no image config"
	fi
	if [ -f "$cfg" ] && listed "$h" STACK_TRACE_SAVE; then
		expect "$p" stack-trace "$(yn have "$h" STACK_TRACE_SAVE)" \
			"$(yn grep -qE '^CONFIG_STACKTRACE=y$' "$cfg")" "the image's CONFIG_STACKTRACE"
	else
		say SKIP "$p/stack-trace" "no stack trace probe in this header or no image config"
	fi

	# 4. Declarations, from the header text itself.
	if [ -z "$inc" ] || [ ! -d "$inc/include/linux" ]; then
		say SKIP "$p/headers" "no kernel header tree under $KROOT/usr/src"
		continue
	fi
	L=$inc/include/linux
	declares() { grep -qE "$2" "$L/$1" 2>/dev/null; }
	expect "$p" hrtimer-setup "$(yn have "$h" HRTIMER_SETUP)" \
		"$(yn declares hrtimer.h '^(extern )?void hrtimer_setup\(')" "linux/hrtimer.h"
	expect "$p" timer-delete-sync "$(yn have "$h" TIMER_DELETE_SYNC)" \
		"$(yn declares timer.h 'int timer_delete_sync\(')" "linux/timer.h"
	expect "$p" mmap-lock "$(yn have "$h" MMAP_READ_TRYLOCK)" \
		"$(yn declares mmap_lock.h 'bool (__must_check )?mmap_read_trylock\(')" \
		"linux/mmap_lock.h"
	expect "$p" import-ns-token "$(yn have "$h" MODULE_IMPORT_NS_TOKEN)" \
		"$(yn declares module.h 'define MODULE_IMPORT_NS\(ns\).*(#ns|__stringify\(ns\))')" \
		"linux/module.h"
	expect "$p" nofault "$(yn have "$h" COPY_FROM_KERNEL_NOFAULT)" \
		"$(yn declares uaccess.h 'long copy_from_kernel_nofault\(')" "linux/uaccess.h"
	expect "$p" sched-exit-group-dead \
		"$(yn have "$h" SCHED_PROCESS_EXIT_GROUP_DEAD)" \
		"$(yn declares ../trace/events/sched.h \
		'TP_PROTO\(struct task_struct \*p, bool group_dead\)')" \
		"trace/events/sched.h"
done

# 5. Different kernels, different answers.
hdr_set() { grep -E '^(#define|/\* #undef) KADAPT_HAVE_' "$1" |
	sed -E 's,^#define (KADAPT_HAVE_[A-Z0-9_]*) 1.*,\1=1,;
		s,^/\* #undef (KADAPT_HAVE_[A-Z0-9_]*) .*,\1=0,' | sort; }
suites="bullseye bookworm trixie sid"
for a in $suites; do
	for b in $suites; do
		[[ "$a" < "$b" ]] || continue
		n=kadapt-config/differ-$a-$b
		if [ -z "${SUITE_HDR[$a]:-}" ] || [ -z "${SUITE_HDR[$b]:-}" ]; then
			say SKIP "$n" "$a:amd64 and $b:amd64 not both in the matrix and built"
			continue
		fi
		d=$(diff <(hdr_set "${SUITE_HDR[$a]}") <(hdr_set "${SUITE_HDR[$b]}") |
		    sed -n 's/^> KADAPT_HAVE_//p' | head -n 4 | tr '\n' ' ')
		if ! cmp -s <(hdr_set "${SUITE_HDR[$a]}") <(hdr_set "${SUITE_HDR[$b]}"); then
			say PASS "$n" "$b differs from $a: ${d:-fewer facts}"
		else
			say FAIL "$n" "the $a and $b headers decide the same"
		fi
	done
done
exit $failed
