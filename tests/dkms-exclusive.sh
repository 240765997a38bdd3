#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-exclusive.sh TARBALL [CHROOT...]: prove that dkms.conf's
# BUILD_EXCLUSIVE_* directives make DKMS skip a kernel the module does not
# support, instead of attempting (and failing) a build that would break
# the kernel package's installation.
#
# With the "make dist" TARBALL added to a private DKMS tree, for each DKMS
# (the host's, then the one in each CHROOT, e.g. a trixie build chroot):
#
#   control      "dkms build -k 6.1.0-99-amd64" with the same tree: not
#                excluded (the build is attempted, and fails on the fake tree)
#   too-old      "dkms build -k 4.19.0-99-amd64" (below the supported
#                range; a kernel tree whose .config has everything the
#                module needs): exit 77 (skipped; 9 before DKMS 3.0), the
#                BUILD_EXCLUSIVE message, and no build attempted
#   no-kprobes   "dkms build" for an in-range release whose .config lacks
#                CONFIG_KPROBES: the same (BUILD_EXCLUSIVE_CONFIG)
#   autoinstall  "dkms autoinstall -k 4.19.0-99-amd64", as the kernel
#                postinst hook runs it: exit 0.  DKMS 3.0.11 and later
#                treat a skipped module as skipped ("Autoinstall fixes",
#                dkms-project/dkms#314); with 3.0.10 (Debian 12), which
#                fails autoinstall for any BUILD_EXCLUSIVE skip, dkms.conf
#                itself leaves an unsupported kernel out of autoinstall.
#                DKMS 2.x (Debian 11) is reported as SKIP if it fails
#
# Prints "PASS|FAIL|SKIP dkms-exclusive/DKMS/CASE DETAIL"; exit 1 if any
# failed.  Needs root for a CHROOT.

set -uo pipefail
[ $# -ge 1 ] || { echo "usage: dkms-exclusive.sh TARBALL [CHROOT...]" >&2; exit 2; }
tarball=$(readlink -f "$1")
shift
failed=0
say() {	# PASS|FAIL|SKIP NAME DETAIL...
	[ "$1" != FAIL ] || failed=1
	echo "$*"
}

ver=$(basename "$tarball" .tar.gz)
ver=${ver#*-}

# dkms.conf's BUILD_EXCLUSIVE_CONFIG must list every option the probe
# stage requires (but CONFIG_X86_64: BUILD_EXCLUSIVE_ARCH), or a kernel
# without one fails to build, which fails its package's installation.
src=$(tar -tzf "$tarball" | head -n 1)
src=${src%%/*}
CONFIGS=$(tar -xzOf "$tarball" "$src/dkms.conf" |
	  sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"$/\1/p')
need=$(tar -xzOf "$tarball" "$src/kadapt/kadapt-probe" |
       sed -n 's/^need "[^"]*" \(CONFIG_[A-Z0-9_]*\)$/\1/p' |
       grep -vx CONFIG_X86_64 | sort | tr '\n' ' ')
have=$(printf '%s\n' $CONFIGS | sort | tr '\n' ' ')
if [ -n "$need" ] && [ "$need" = "$have" ]; then
	say PASS "dkms-exclusive/config-list" "BUILD_EXCLUSIVE_CONFIG = the probe stage's required options: $have"
else
	say FAIL "dkms-exclusive/config-list" "BUILD_EXCLUSIVE_CONFIG has '$have', the probe stage needs '$need'"
fi
OLD=4.19.0-99-amd64
NEW=6.1.0-99-amd64

# run_cases LABEL ROOT: ROOT is "" for the host; all paths below are
# inside ROOT, under /var/tmp/dkms-exclusive.
run_cases() {
	local label=$1 root=$2 d=/var/tmp/dkms-exclusive out rc dv
	local -a run
	if [ -n "$root" ]; then
		run=(chroot "$root" /usr/bin/env -i
		     PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C)
	else
		run=(env LC_ALL=C)
	fi
	if ! "${run[@]}" sh -c 'command -v dkms' > /dev/null 2>&1; then
		say SKIP "dkms-exclusive/$label/run" "no dkms in ${root:-the host}"
		return
	fi
	dv=$("${run[@]}" dkms --version 2>/dev/null)
	rm -rf "$root$d"
	mkdir -p "$root$d/src" "$root$d/tree" "$root$d/ks-old/include" \
		 "$root$d/ks-nokprobes/include"
	tar -xzf "$tarball" -C "$root$d/src" || { say FAIL "dkms-exclusive/$label/run" "cannot unpack $tarball"; return; }
	# Kernel trees reduced to what DKMS looks at before building: include/
	# (there are headers) and the .config BUILD_EXCLUSIVE_CONFIG reads.
	printf '%s=y\n' $CONFIGS > "$root$d/ks-old/.config"
	printf '%s=y\n' $CONFIGS | sed 's/^CONFIG_KPROBES=y$/# CONFIG_KPROBES is not set/' \
		> "$root$d/ks-nokprobes/.config"
	local -a dk=(dkms --sourcetree "$d/src" --dkmstree "$d/tree")
	if ! out=$("${run[@]}" "${dk[@]}" add -m dtrace -v "$ver" 2>&1); then
		say FAIL "dkms-exclusive/$label/add" "dkms add failed: $(echo "$out" | tail -n 1)"
		return
	fi

	# DKMS before 3.0 (Debian 11: 2.8) exits 9 for an excluded kernel and
	# knows no BUILD_EXCLUSIVE_CONFIG; 3.0 and later exit 77 ("skipped").
	local skip_rc=77 old_dkms=0
	case $dv in dkms:2.*|dkms-2.*) skip_rc=9; old_dkms=1 ;; esac

	# build_case NAME KVER KSRC WHY
	build_case() {
		out=$("${run[@]}" "${dk[@]}" build -m dtrace -v "$ver" -k "$2" \
			--kernelsourcedir "$d/$3" 2>&1)
		rc=$?
		if [ $rc -eq $skip_rc ] && echo "$out" | grep -q 'BUILD_EXCLUSIVE directive' &&
		   [ ! -e "$root$d/tree/dtrace/$ver/build/make.log" ]; then
			say PASS "dkms-exclusive/$label/$1" "$dv: $4: skipped (exit $rc), nothing built"
		else
			say FAIL "dkms-exclusive/$label/$1" "$dv: $4: exit $rc (want $skip_rc): $(echo "$out" | grep -v '^Sign\|^Binary' | tail -n 2 | tr '\n' ' ')"
		fi
	}
	# The control: the same tree under a supported release is not
	# excluded, so DKMS attempts the build (which fails on this fake tree).
	out=$("${run[@]}" "${dk[@]}" build -m dtrace -v "$ver" -k "$NEW" \
		--kernelsourcedir "$d/ks-old" 2>&1)
	rc=$?
	if [ $rc -ne 77 ] && [ $rc -ne 0 ] && ! echo "$out" | grep -q 'BUILD_EXCLUSIVE'; then
		say PASS "dkms-exclusive/$label/control" "$dv: kernel $NEW: not excluded, build attempted (exit $rc on a fake tree)"
	else
		say FAIL "dkms-exclusive/$label/control" "$dv: kernel $NEW: exit $rc: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
	"${run[@]}" "${dk[@]}" remove -m dtrace -v "$ver" -k "$NEW" > /dev/null 2>&1
	"${run[@]}" "${dk[@]}" add -m dtrace -v "$ver" > /dev/null 2>&1
	rm -rf "$root$d/tree/dtrace/$ver/build"
	build_case too-old "$OLD" ks-old "kernel $OLD"
	if [ $old_dkms = 1 ]; then
		say SKIP "dkms-exclusive/$label/no-kprobes" "$dv has no BUILD_EXCLUSIVE_CONFIG (DKMS 3.0.11); the probe stage stops such a build naming CONFIG_KPROBES"
	else
		build_case no-kprobes "$NEW" ks-nokprobes "kernel $NEW without CONFIG_KPROBES"
	fi

	out=$("${run[@]}" "${dk[@]}" autoinstall -k "$OLD" --kernelsourcedir "$d/ks-old" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		say PASS "dkms-exclusive/$label/autoinstall" "$dv: autoinstall for $OLD exits 0 (module skipped)"
	elif [ $rc -ne 0 ] && [ $old_dkms = 1 ] &&
	     echo "$out" | grep -q 'BUILD_EXCLUSIVE directive'; then
		say SKIP "dkms-exclusive/$label/autoinstall" "$dv fails autoinstall on any BUILD_EXCLUSIVE skip (exit $rc; fixed in 3.0.11, dkms-project/dkms#314)"
	else
		say FAIL "dkms-exclusive/$label/autoinstall" "$dv: autoinstall for $OLD: exit $rc: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
	rm -rf "$root$d"
}

run_cases host ""
for r in "$@"; do
	[ -d "$r" ] || { say SKIP "dkms-exclusive/$(basename "$r")/run" "no chroot $r"; continue; }
	[ "$(id -u)" = 0 ] || { say SKIP "dkms-exclusive/$(basename "$r")/run" "a chroot needs root"; continue; }
	run_cases "$(basename "$r")" "$r"
done
exit $failed
