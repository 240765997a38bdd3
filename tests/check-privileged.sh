#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check-privileged.sh OBJECT...: fail if a built object (dtrace.ko) contains
# an instruction that a Xen PV guest kernel may not execute directly: under
# Xen PV, cli/sti/popf leave event delivery unchanged, lidt/sidt/lgdt touch
# descriptor tables the guest does not own, and control-register or MSR
# writes fault.  The module must reach all of these through the kernel's
# paravirt-aware interfaces instead.  Prints each offending instruction
# with the function that holds it.
#
# .altinstr_replacement is not scanned: it holds the kernel's own
# alternatives (e.g. the native "cli" for a pv irq op), which the kernel
# patches in at boot only where the feature test allows it, and never
# under Xen PV (ALT_NOT(X86_FEATURE_XENPV)).
#
# "check-privileged.sh --self-test" proves the check can fail: it
# assembles an object with each forbidden instruction and expects each
# one to be reported.

set -uo pipefail

# objdump mnemonics (AT&T syntax), as a regex on the mnemonic field.
FORBIDDEN='^(cli|sti|popf[lqw]?|lidt[lq]?|sidt[lq]?|lgdt[lq]?|sgdt[lq]?|lmsw|wrmsr|wbinvd|invlpg|hlt)$'

scan() {	# OBJECT: print "function: instruction" per hit
	objdump -d --no-show-raw-insn "$1" | awk -v re="$FORBIDDEN" '
		/^Disassembly of section / {
			skip = ($4 == ".altinstr_replacement:")
			next
		}
		skip { next }
		/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
		/^ *[0-9a-f]+:\t/ {
			split($0, f, "\t")
			insn = f[2]
			split(insn, w, " ")
			m = w[1]
			if (m ~ re || (m ~ /^mov/ && insn ~ /,%(cr|dr)[0-9]/))
				printf "%s: %s\n", fn, insn
		}'
}

self_test() {
	local d rc=0 insn out
	d=$(mktemp -d) || return 1
	cat > "$d/bad.s" <<'ASM'
	.text
	.globl bad
bad:	cli
	sti
	popfq
	lidt (%rax)
	sidt (%rax)
	lgdt (%rax)
	mov %rax, %cr0
	mov %rax, %cr3
	wrmsr
	ret
ASM
	# The kernel's own alternatives section is exempt (see above).
	printf '\t.section .altinstr_replacement,"ax"\n\tcli\n' >> "$d/bad.s"
	as -o "$d/bad.o" "$d/bad.s" || { rm -rf "$d"; return 1; }
	out=$(scan "$d/bad.o")
	if [ "$(grep -c 'cli' <<<"$out")" -ne 1 ]; then
		echo "self-test: cli in .altinstr_replacement was reported"
		rc=1
	fi
	for insn in cli sti popf lidt sidt lgdt '%cr0' '%cr3' wrmsr; do
		if ! grep -q -- "$insn" <<<"$out"; then
			echo "self-test: $insn was not detected"
			rc=1
		fi
	done
	printf '\t.text\ngood:\tpushfq\n\tpopq %%rax\n\tret\n' > "$d/good.s"
	as -o "$d/good.o" "$d/good.s" && [ -z "$(scan "$d/good.o")" ] || {
		echo "self-test: a clean object was reported"
		rc=1
	}
	rm -rf "$d"
	[ $rc -eq 0 ] && echo "self-test: every forbidden instruction detected"
	return $rc
}

if [ "${1:-}" = --self-test ]; then
	self_test
	exit
fi
[ $# -gt 0 ] || { echo "usage: $0 OBJECT... | --self-test" >&2; exit 2; }
status=0
for obj in "$@"; do
	[ -f "$obj" ] || { echo "$obj: no such file"; status=1; continue; }
	hits=$(scan "$obj")
	if [ -n "$hits" ]; then
		echo "$obj: privileged instructions (Xen PV unsafe):"
		echo "$hits" | sed 's/^/  /'
		status=1
	else
		echo "$obj: no privileged instructions"
	fi
done
exit $status
