#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# pkg-bake.sh DEBDIR: bake the packages (DEBDIR/dtrace-dkms_*.deb,
# dtrace-utils_*.deb) into a Debian 12 cloud image as an image builder
# does, boot it and use dtrace there with no manual step:
#
#   chroot     "debootstrap --variant=minbase --include=systemd-sysv,..."
#              of bookworm (cached in $DTRACE_VM_CACHE/pkg, used as a copy)
#   install    in the chroot "apt-get install linux-image-cloud-amd64
#              linux-headers-cloud-amd64 ./dtrace-dkms_*.deb
#              ./dtrace-utils_*.deb"
#   built      DKMS built dtrace.ko for the chroot's kernel (its vermagic),
#              not for the host's ("uname -r")
#   image      the chroot as a raw disk image: one ext4 file system on the
#              whole disk ("mkfs.ext4 -d", no loop device or mount)
#   native/*, xen-domu/*  the image booted in QEMU (TCG) with its own
#              kernel and initramfs, natively (root=/dev/vda) and as a Xen
#              PV domU (root=/dev/xvda; tests/vm/boot-image.sh): a systemd
#              unit of this test (not of the packages) runs
#                dtrace -n 'syscall:::entry { @[execname] = count(); }
#                           tick-2s { exit(0); }'
#              after boot, prints its output on the console and powers off.
#              Checks: "dtrace" (exit 0, probes matched, an aggregation of
#              program names and counts), "module" (dtrace.ko was loaded
#              at boot, by the packages), "console-clean" (no BUG, WARNING,
#              Oops, stall... in the kernel's messages; the patterns of
#              run-vm.sh).
#
# The README's "Baking into a cloud image" gives these steps as commands.
# Prints "PASS|FAIL|SKIP pkg-bake/NAME DETAIL"; exits 1 if any failed.
# Log: $DTRACE_VM_WORK/logs/pkg-bake.log, consoles next to it.  Root.

set -uo pipefail
. "$(dirname "$0")/vm/lib.sh"
. "$(dirname "$0")/vm/pkg-lib.sh"
. "$(dirname "$0")/vm/console-patterns.sh"

[ $# -eq 1 ] || vm_die "usage: pkg-bake.sh DEBDIR"
LOGS=$DTRACE_VM_WORK/logs
mkdir -p "$LOGS"
LOG=$LOGS/pkg-bake.log
: > "$LOG"
failed=0
say() {	# PASS|FAIL|SKIP NAME DETAIL...
	local r=$1 n=$2
	shift 2
	[ "$r" != FAIL ] || failed=1
	echo "$r pkg-bake/$n $*"
	echo "=== $r pkg-bake/$n $*" >> "$LOG"
}
log() { echo "+ $*" >> "$LOG"; "$@" >> "$LOG" 2>&1; }
# not_run REASON NAME...: checks that depend on a failed step.
not_run() {
	local why=$1 n
	shift
	for n in "$@"; do
		say FAIL "$n" "not run: $why"
	done
}
BOOT_CHECKS="native/dtrace native/module native/console-clean xen-domu/dtrace xen-domu/module xen-domu/console-clean"

if [ "$(id -u)" != 0 ]; then
	say SKIP run "needs root (debootstrap, chroot)"
	exit 0
fi
pkg_debs "$1" || { say FAIL run "no dtrace-dkms_*.deb and dtrace-utils_*.deb in $1"; exit 1; }
SUITE=bookworm
# What a minimal bootable cloud image needs besides the kernel.
INCLUDE=systemd-sysv,udev,kmod,e2fsprogs,procps
START=$(date +%s)
WORK=$DTRACE_VM_WORK/pkg-bake
root=$WORK/root

if ! base=$(pkg_base $SUITE-bake $SUITE $INCLUDE 2>> "$LOG"); then
	say FAIL chroot "debootstrap of $SUITE failed; see $LOG"
	not_run "no chroot" install built image $BOOT_CHECKS
	exit 1
fi
say PASS chroot "debootstrap --variant=minbase --include=$INCLUDE $SUITE"
pkg_copy "$base" "$root"
trap 'pkg_umount "$root"' EXIT
pkg_mount "$root" $SUITE

# --- install: the kernel, its headers and the packages, in one apt run ----
mkdir -p "$root/tmp/debs"
cp "$PKG_DKMS" "$PKG_UTILS" "$root/tmp/debs/"
if log pkg_apt "$root" install --no-install-recommends \
	linux-image-cloud-amd64 linux-headers-cloud-amd64 \
	"/tmp/debs/$(basename "$PKG_DKMS")" "/tmp/debs/$(basename "$PKG_UTILS")"; then
	say PASS install "linux-image-cloud-amd64 linux-headers-cloud-amd64 ./$(basename "$PKG_DKMS") ./$(basename "$PKG_UTILS")"
else
	say FAIL install "apt-get install in the chroot failed; see $LOG"
fi
rm -rf "$root/tmp/debs"

# --- built for the chroot's kernel, not the host's -------------------------
kver=$(cd "$root/boot" 2>/dev/null && ls vmlinuz-* 2>/dev/null | sed 's/^vmlinuz-//' | head -n 1)
ko=$(ls "$root/lib/modules/$kver/updates/dkms"/dtrace.ko* 2>/dev/null | head -n 1)
host=$(uname -r)
if [ -z "$kver" ]; then
	say FAIL built "no kernel in the chroot's /boot"
elif [ -z "$ko" ]; then
	say FAIL built "no /lib/modules/$kver/updates/dkms/dtrace.ko; see $LOG"
else
	vm=$(pkg_in "$root" modinfo -F vermagic "${ko#"$root"}" 2>&1)
	hostko=$(ls "$root/lib/modules/$host"/updates/dkms/dtrace.ko* 2>/dev/null)
	if [[ $vm == "$kver "* ]] && [ "$kver" != "$host" ] && [ -z "$hostko" ]; then
		say PASS built "dtrace.ko for the chroot's kernel $kver (vermagic $vm), none for the host's $host"
	else
		say FAIL built "dtrace.ko for $kver has vermagic '$vm'; host $host; host module: ${hostko:-none}"
	fi
fi

# --- the test's own unit (not the packages'): the one-liner after boot -------
ONELINER='syscall:::entry { @[execname] = count(); } tick-2s { exit(0); }'
cat > "$root/usr/local/sbin/dtrace-bake-check" <<EOT
#!/bin/sh
# tests/pkg-bake.sh: run the one-liner once after boot, print its output
# and the kernel log on the console, power off.
exec > /dev/console 2>&1
echo "=== DTRACE-BAKE BEGIN \$(uname -r)"
echo "BAKE-MODULE \$(grep '^dtrace ' /proc/modules | cut -d' ' -f1-3)"
dtrace -n '$ONELINER'
echo "BAKE-STATUS \$?"
echo "=== DTRACE-VM DMESG BEGIN"
dmesg
echo "=== DTRACE-VM DMESG END"
echo "=== DTRACE-BAKE END"
systemctl poweroff --no-block
EOT
chmod 755 "$root/usr/local/sbin/dtrace-bake-check"
cat > "$root/etc/systemd/system/dtrace-bake-check.service" <<EOT
[Unit]
Description=dtrace one-liner after boot (tests/pkg-bake.sh)
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/dtrace-bake-check

[Install]
WantedBy=multi-user.target
EOT
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/dtrace-bake-check.service \
	"$root/etc/systemd/system/multi-user.target.wants/"
echo "LABEL=root / ext4 defaults 0 1" > "$root/etc/fstab"
echo dtrace-bake > "$root/etc/hostname"

# --- the disk image: ext4 on the whole disk --------------------------------
pkg_umount "$root"
trap - EXIT
img=$WORK/disk.img
rm -f "$img"
cp "$root/boot/vmlinuz-$kver" "$WORK/vmlinuz" 2>/dev/null
cp "$root/boot/initrd.img-$kver" "$WORK/initrd.img" 2>/dev/null
if [ -f "$WORK/vmlinuz" ] && [ -f "$WORK/initrd.img" ] &&
   log truncate -s 3G "$img" && log mkfs.ext4 -q -F -L root -d "$root" "$img"; then
	say PASS image "$(basename "$img"): ext4 on the whole disk, $(du -m "$img" | cut -f1) MiB used; kernel and initramfs from its /boot"
else
	say FAIL image "making the image failed (kernel/initramfs of '$kver' in /boot?); see $LOG"
	not_run "no image" $BOOT_CHECKS
	exit 1
fi

# --- boot it ------------------------------------------------------------------
# check ENV LOG: the one-liner's output on the console.
check() {
	local env=$1 con=$2 out st rows bad kmsgs
	out=$(awk '/^=== DTRACE-BAKE BEGIN/ { p = 1 } p { print } /^BAKE-STATUS/ { exit }' "$con")
	st=$(echo "$out" | sed -n 's/^BAKE-STATUS \([0-9]*\).*/\1/p')
	# Aggregation rows: "  execname  count".
	rows=$(echo "$out" | grep -c -E '^ +[^ ].* +[0-9]+$')
	echo "$out" | sed 's/^/  | /' >> "$LOG"
	if [ "$st" = 0 ] && [ "$rows" -gt 0 ] &&
	   echo "$out" | grep -q -E 'dtrace: description .* matched [0-9]+ probes?$'; then
		say PASS "$env/dtrace" "exit 0, $rows programs counted, e.g.$(echo "$out" | grep -E '^ +[^ ].* +[0-9]+$' | tail -n 1 | tr -s ' ')"
	elif [ -z "$out" ]; then
		say FAIL "$env/dtrace" "the one-liner never ran (boot failed?); see $con"
	else
		say FAIL "$env/dtrace" "exit '${st:-none}', $rows aggregation rows: $(echo "$out" | grep -v '^===' | head -n 3 | tr '\n' ' ' | cut -c1-160); see $con"
	fi
	if echo "$out" | grep -q '^BAKE-MODULE dtrace '; then
		say PASS "$env/module" "dtrace.ko loaded at boot: $(echo "$out" | sed -n 's/^BAKE-MODULE //p')"
	else
		say FAIL "$env/module" "dtrace.ko was not loaded at boot; see $con"
	fi
	kmsgs=$(grep -v -e '^(XEN)' -e '^  | ' "$con"
		[ "$env" != xen-domu ] || grep -v -e '^(XEN)' -e '^  | ' "${con%.log}.dom0.log")
	bad=$({ echo "$kmsgs" | grep -E "$VM_BAD_KERNEL"
		[ "$env" != xen-domu ] || grep '^(XEN)' "${con%.log}.dom0.log" | grep -E "$VM_BAD_XEN"; } | sort -u)
	if [ -z "$bad" ]; then
		say PASS "$env/console-clean" "no BUG/WARNING/Oops/stall in the kernel log"
	else
		say FAIL "$env/console-clean" "$(echo "$bad" | head -n 1 | cut -c1-160) ($(echo "$bad" | wc -l) lines; see $con)"
	fi
}
for env in native xen-domu; do
	con=$LOGS/pkg-bake-$env.log
	rm -f "$con" "${con%.log}.dom0.log"
	if [ "$env" = xen-domu ] &&
	   ! log "$VM_DIR/fetch-kernel.sh" --xen-tools "${DTRACE_VM_DOM0_TARGET:-$SUITE:amd64}"; then
		not_run "fetching the dom0 kernel and Xen failed; see $LOG" \
			"$env/dtrace" "$env/module" "$env/console-clean"
		continue
	fi
	# Each boot starts from the pristine image.
	cp --sparse=always "$img" "$WORK/boot.img"
	log "$VM_DIR/boot-image.sh" "$env" "$WORK/boot.img" "$WORK/vmlinuz" "$WORK/initrd.img" "$con"
	check "$env" "$con"
done
rm -f "$WORK/boot.img"
# The chroot and the image (about 2 GB) are kept only to look into a failure.
[ $failed -ne 0 ] || rm -rf --one-file-system "$root" "$img"

echo "=== took $(($(date +%s) - START))s" >> "$LOG"
exit $failed
