#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# pkg-install.sh DEBDIR: install, upgrade and remove the Debian packages
# (DEBDIR/dtrace-dkms_*.deb, dtrace-utils_*.deb, from tests/pkg-build.sh)
# in a Debian 12 chroot, as a machine with two kernels would:
#
#   chroot       a bookworm chroot (debootstrap, cached in
#                $DTRACE_VM_CACHE/pkg, used as a copy) with dkms and the
#                headers of two kernels: linux-headers-amd64 and
#                linux-headers-cloud-amd64
#   install      "apt-get install ./dtrace-dkms_*.deb ./dtrace-utils_*.deb"
#   built/KVER   for each kernel: "dkms status" says installed and
#                /lib/modules/KVER/updates/dkms/dtrace.ko is that kernel's
#   upgrade      a newer kernel: bookworm-backports added to the sources,
#                "apt-get install linux-headers-amd64/bookworm-backports"
#                (6.12); the headers' postinst hook (dkms autoinstall)
#                builds the module for it, nobody calls dkms here
#   unsupported  the headers of kernels dtrace does not support, packaged
#                as Debian's headers are, their postinst running the same
#                hooks: one without CONFIG_KPROBES (outside dkms.conf's
#                BUILD_EXCLUSIVE_*), one whose API no variant of a required
#                primitive compiles against (the probe stage, which
#                dkms.conf runs before autoinstall builds, says so): each
#                package installs (exit 0, "ii") although DKMS 3.0.10 fails
#                autoinstall for a skip or a failed build, the output names
#                the reason, and no module is built for it
#   remove       "apt-get remove --purge dtrace-utils dtrace-dkms": dkms
#                knows no dtrace, no dtrace.ko is left in any kernel's tree
#
# Prints "PASS|FAIL|SKIP pkg-install/NAME DETAIL"; exits 1 if any failed.
# Log: $DTRACE_VM_WORK/logs/pkg-install.log.  Needs root.

set -uo pipefail
. "$(dirname "$0")/vm/lib.sh"
. "$(dirname "$0")/vm/pkg-lib.sh"

[ $# -eq 1 ] || vm_die "usage: pkg-install.sh DEBDIR"
LOGS=$DTRACE_VM_WORK/logs
mkdir -p "$LOGS"
LOG=$LOGS/pkg-install.log
: > "$LOG"
failed=0
say() {	# PASS|FAIL|SKIP NAME DETAIL...
	local r=$1 n=$2
	shift 2
	[ "$r" != FAIL ] || failed=1
	echo "$r pkg-install/$n $*"
	echo "=== $r pkg-install/$n $*" >> "$LOG"
}
# log CMD...: run CMD, its output to the log; its status.
log() { echo "+ $*" >> "$LOG"; "$@" >> "$LOG" 2>&1; }

if [ "$(id -u)" != 0 ]; then
	say SKIP run "needs root (debootstrap, chroot)"
	exit 0
fi
pkg_debs "$1" || { say FAIL run "no dtrace-dkms_*.deb and dtrace-utils_*.deb in $1"; exit 1; }
SUITE=bookworm
START=$(date +%s)

# The cached chroot: what a Debian 12 machine with two kernels' headers has.
setup() {
	pkg_apt "$1" install --no-install-recommends dkms \
		linux-headers-amd64 linux-headers-cloud-amd64
}
if ! base=$(pkg_base $SUITE-dkms $SUITE ca-certificates setup 2>> "$LOG"); then
	say FAIL chroot "debootstrap or apt-get in the $SUITE chroot failed; see $LOG"
	exit 1
fi
root=$DTRACE_VM_WORK/pkg-install/root
pkg_copy "$base" "$root"
trap 'pkg_umount "$root"' EXIT
pkg_mount "$root" $SUITE
inr() { pkg_in "$root" "$@"; }

# Kernels with headers: /lib/modules/KVER/build.
kernels() {
	local d b
	for d in "$root"/lib/modules/*; do
		b=$(readlink "$d/build") || continue
		case $b in /*) b=$root$b ;; *) b=$d/$b ;; esac
		[ ! -e "$b/include" ] || basename "$d"
	done
}
KVERS=$(kernels)
if [ "$(echo "$KVERS" | wc -w)" -ge 2 ]; then
	say PASS chroot "$SUITE, $(inr dkms --version), headers of" $KVERS
else
	say FAIL chroot "want the headers of two kernels in the chroot, have: ${KVERS:-none}; see $LOG"
	exit 1
fi

# built NAME KVER: dkms status says installed, the module is that kernel's.
built() {
	local k=$2 st ko vm
	st=$(inr dkms status -m dtrace -k "$k" 2>/dev/null)
	ko=$(ls "$root/lib/modules/$k/updates/dkms"/dtrace.ko* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		say FAIL "$1" "no /lib/modules/$k/updates/dkms/dtrace.ko (dkms status: ${st:-nothing})"
		return
	fi
	vm=$(inr modinfo -F vermagic "${ko#"$root"}" 2>&1)
	if [[ $st == *"$k"*installed* ]] && [[ $vm == "$k "* ]]; then
		say PASS "$1" "$st; $(basename "$ko") vermagic $vm"
	else
		say FAIL "$1" "dkms status '$st', ${ko#"$root"} vermagic '$vm'"
	fi
}
state() { inr dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | tr -d ' '; }
purged() { case $(state "$1") in ''|un|pn) return 0 ;; *) return 1 ;; esac; }

# --- install -------------------------------------------------------------
mkdir -p "$root/tmp/debs"
cp "$PKG_DKMS" "$PKG_UTILS" "$root/tmp/debs/"
d=/tmp/debs
if log pkg_apt "$root" install "$d/$(basename "$PKG_DKMS")" "$d/$(basename "$PKG_UTILS")" &&
   [ "$(state dtrace-dkms)" = ii ] && [ "$(state dtrace-utils)" = ii ]; then
	say PASS install "apt-get install ./$(basename "$PKG_DKMS") ./$(basename "$PKG_UTILS"): both ii"
else
	say FAIL install "apt-get install of the packages failed (dtrace-dkms '$(state dtrace-dkms)', dtrace-utils '$(state dtrace-utils)'); see $LOG"
fi
for k in $KVERS; do
	built "built/$k" "$k"
done
# The command is there and runs (no module needed for its usage text).
out=$(inr dtrace -h 2>&1)
if inr sh -c 'command -v dtrace' > /dev/null && echo "$out" | grep -q '^Usage: dtrace'; then
	say PASS command "$(inr sh -c 'command -v dtrace') runs in the chroot ($(echo "$out" | head -n 1 | cut -c1-60))"
else
	say FAIL command "no dtrace command, or dtrace -h printed no usage: $(echo "$out" | head -n 1)"
fi

# --- a newer kernel: its headers' hook builds the module ---------------------
vm_mirror $SUITE
echo "deb $MIRROR $SUITE-backports main" > "$root/etc/apt/sources.list.d/backports.list"
# (Only the headers from backports, and what they need from there.)
if log pkg_apt "$root" update &&
   log pkg_apt "$root" install --no-install-recommends linux-headers-amd64/$SUITE-backports; then
	new=$(comm -13 <(echo "$KVERS" | tr ' ' '\n' | sort) <(kernels | sort))
	if [ -z "$new" ]; then
		say FAIL upgrade "linux-headers-amd64 from $SUITE-backports installed no new kernel's headers; see $LOG"
	fi
	for k in $new; do
		if [ "$(state "linux-headers-$k")" != ii ]; then
			say FAIL "upgrade/$k" "linux-headers-$k is '$(state "linux-headers-$k")', not ii; see $LOG"
		elif ! grep -q "autoinstall.*$k\|$k.*autoinstall" "$LOG"; then
			say FAIL "upgrade/$k" "the headers' postinst did not run dkms autoinstall for $k; see $LOG"
		else
			say PASS "upgrade/$k" "linux-headers-$k from $SUITE-backports: ii, its hook ran dkms autoinstall"
			built "built/$k" "$k"
		fi
		KVERS="$KVERS $k"
	done
else
	say FAIL upgrade "apt-get install linux-headers-amd64/$SUITE-backports failed; see $LOG"
fi

# --- unsupported kernels: custom kernels' headers ----------------------------
# Headers packages made like the distribution's: the cloud kernel's build
# tree under a release of its own, whose postinst runs
# /etc/kernel/header_postinst.d as Debian's headers do.  One lacks
# CONFIG_KPROBES (dkms.conf's BUILD_EXCLUSIVE_CONFIG skips it); the other
# passes those tests but has an API no variant of a required primitive
# compiles against (tracepoint_probe_register() renamed in its own copy of
# the common headers): the probe stage, run by dkms.conf before
# autoinstall builds, skips it with its message.  Either way the package
# installs and no module is built.
src=$(echo "$KVERS" | tr ' ' '\n' | grep -- '-cloud-amd64$' | head -n 1)
common=$(sed -n 's,^include /usr/src/\([^/]*\)/Makefile$,\1,p' \
	 "$root/usr/src/linux-headers-$src/Makefile" 2>/dev/null)

unsupported() {	# NAME WHAT (pkgdir's tree is then edited by the caller)
	local name=$1 what=$2 out rc why
	bad=${src%-cloud-amd64}-$name
	pkgdir=$DTRACE_VM_WORK/pkg-install/linux-headers-$bad
	rm -rf "$pkgdir"
	mkdir -p "$pkgdir/DEBIAN" "$pkgdir/usr/src" "$pkgdir/lib/modules/$bad"
	cp -a "$root/usr/src/linux-headers-$src" "$pkgdir/usr/src/linux-headers-$bad"
	ln -s "/usr/src/linux-headers-$bad" "$pkgdir/lib/modules/$bad/build"
	cat > "$pkgdir/DEBIAN/control" <<EOT
Package: linux-headers-$bad
Version: 1
Architecture: amd64
Maintainer: dtrace test <root@localhost>
Depends: $(inr dpkg-query -W -f='${Depends}' "linux-headers-$src")
Description: headers of a custom kernel: $what (dtrace test)
 Made by tests/pkg-install.sh.
EOT
	cat > "$pkgdir/DEBIAN/postinst" <<EOT
#!/bin/sh -e
# As linux-headers-*.postinst of Debian's kernel packages.
if [ -d /etc/kernel/header_postinst.d ]; then
	DEB_MAINT_PARAMS="\$*" run-parts --report --exit-on-error --arg=$bad /etc/kernel/header_postinst.d
fi
EOT
	chmod 755 "$pkgdir/DEBIAN/postinst"
}

unsupported_install() {	# NAME WHAT REASON-ERE
	local name=$1 what=$2 ere=$3 out rc why
	if ! log dpkg-deb -b -Zgzip "$pkgdir" "$root/tmp/debs/linux-headers-${bad}_1_amd64.deb"; then
		say FAIL "unsupported/$name" "cannot build the custom headers package; see $LOG"
		return
	fi
	out=$(pkg_apt "$root" install "/tmp/debs/linux-headers-${bad}_1_amd64.deb" 2>&1)
	rc=$?
	echo "$out" >> "$LOG"
	why=$(echo "$out" | grep -E "$ere" | head -n 1)
	if [ $rc -eq 0 ] && [ "$(state "linux-headers-$bad")" = ii ]; then
		say PASS "unsupported/$name/install" "linux-headers-$bad ($what): apt-get exit 0, ii"
	else
		say FAIL "unsupported/$name/install" "linux-headers-$bad: apt-get exit $rc, state '$(state "linux-headers-$bad")': $(echo "$out" | grep -E 'rror|exit status' | head -n 2 | tr '\n' ' ')"
	fi
	if [ -n "$why" ]; then
		say PASS "unsupported/$name/reason" "$(echo "$why" | cut -c1-200)"
	else
		say FAIL "unsupported/$name/reason" "the install output does not say why dtrace was not built for $bad; see $LOG"
	fi
	if ls "$root/lib/modules/$bad/updates/dkms"/dtrace.ko* > /dev/null 2>&1; then
		say FAIL "unsupported/$name/not-built" "a dtrace.ko was built for $bad"
	else
		say PASS "unsupported/$name/not-built" "no dtrace.ko for $bad"
	fi
	log pkg_apt "$root" remove --purge "linux-headers-$bad"
}

if [ -z "$src" ] || [ -z "$common" ]; then
	say FAIL unsupported "no cloud kernel headers to make custom kernels' from"
else
	unsupported nokprobes "no CONFIG_KPROBES"
	sed -i 's/^CONFIG_KPROBES=y$/# CONFIG_KPROBES is not set/' \
		"$pkgdir/usr/src/linux-headers-$bad/.config"
	unsupported_install nokprobes "no CONFIG_KPROBES" \
		'dtrace.*(unsupported|BUILD_EXCLUSIVE)|BUILD_EXCLUSIVE.*dtrace'

	unsupported noapi "tracepoint_probe_register() renamed"
	cp -a "$root/usr/src/$common" "$pkgdir/usr/src/$common-noapi"
	sed -i 's/\btracepoint_probe_register(/tracepoint_probe_register_renamed(/' \
		"$pkgdir/usr/src/$common-noapi/include/linux/tracepoint.h"
	echo "include /usr/src/$common-noapi/Makefile" \
		> "$pkgdir/usr/src/linux-headers-$bad/Makefile"
	unsupported_install noapi "tracepoint_probe_register() renamed" \
		'dtrace: not built for kernel .*unsupported: .*tracepoint registration'
fi

# --- remove ------------------------------------------------------------------
if log pkg_apt "$root" remove --purge dtrace-utils dtrace-dkms; then
	st=$(inr dkms status -m dtrace 2>/dev/null)
	left=$(cd "$root" && ls -d lib/modules/*/updates/dkms/dtrace.ko* var/lib/dkms/dtrace \
		usr/src/dtrace-* 2>/dev/null | tr '\n' ' ')
	if [ -z "$st$left" ] && purged dtrace-dkms && purged dtrace-utils; then
		say PASS remove "purged: dkms status empty, no dtrace.ko in $(kernels | tr "\n" " ")"
	else
		say FAIL remove "after purge: dkms status '$st', left: ${left:-nothing}, states '$(state dtrace-dkms)' '$(state dtrace-utils)'"
	fi
else
	say FAIL remove "apt-get remove --purge failed; see $LOG"
fi

echo "=== took $(($(date +%s) - START))s" >> "$LOG"
pkg_umount "$root"
trap - EXIT
# The chroot (about 1 GB) is kept only to look into a failure.
[ $failed -ne 0 ] || rm -rf --one-file-system "$DTRACE_VM_WORK/pkg-install"
exit $failed
