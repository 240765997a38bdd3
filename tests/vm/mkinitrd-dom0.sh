#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitrd-dom0.sh OUT.cpio.gz DOM0DIR KVER DOMU-VMLINUZ DOMU-INITRD [MEMORY]
#
# Build the initramfs of the Xen PV dom0 that runs the tests in a domU
# (the "xen-domu" environment): busybox (static), init and
# xen-domu-host.sh, the Xen driver modules of dom0's kernel KVER and the
# toolstack (xl, xenstored, xenconsoled, xen-init-dom0) from DOM0DIR (the
# suite's packages as fetch-kernel.sh --xen-tools extracted them), every
# shared library they need from the same packages, and the domU's kernel
# and initramfs (the normal test initramfs).  MEMORY: the domU's MiB
# (default 512).
#
# A domU that boots from a disk (tests/pkg-bake.sh: a baked image with
# its own kernel and initramfs as DOMU-VMLINUZ and DOMU-INITRD) is
# described by the environment: DTRACE_DOMU_DISK, the xl disk spec (its
# hotplug script is xen-block-hotplug, which needs the xenstore client),
# DTRACE_DOMU_CMDLINE, the domU's kernel command line, and
# DTRACE_DOM0_MODULES, the .ko files dom0 loads first, in order (the
# disk's driver and xen-blkback).

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 5 ] ||
	vm_die "usage: mkinitrd-dom0.sh OUT.cpio.gz DOM0DIR KVER DOMU-VMLINUZ DOMU-INITRD [MEMORY]"
out=$1
dom0=$(cd "$2" && pwd)
kver=$3
domu_kernel=$4
domu_initrd=$5
memory=${6:-512}

busybox=$(vm_static_busybox)
[ -f "$domu_kernel" ] && [ -f "$domu_initrd" ] || vm_die "domU kernel or initramfs missing"
xenbin=$(cd "$dom0" && ls -d usr/lib/xen-[0-9]*/bin 2>/dev/null | head -n 1 || true)
[ -n "$xenbin" ] && [ -x "$dom0/$xenbin/xl" ] || vm_die "no Xen toolstack in $dom0"
kmods=$(cd "$dom0" && ls -d {usr/,}lib/modules/"$kver" 2>/dev/null | head -n 1 || true)
[ -n "$kmods" ] || vm_die "no modules of $kver in $dom0"

root=$(mktemp -d "${TMPDIR:-/tmp}/dtrace-initrd-dom0.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/dtrace/domu,lib/modules,dev,proc,sys,tmp,etc,root,var,run}
cp "$busybox" "$root/bin/busybox"
cp "$VM_DIR/init" "$root/init"
chmod 755 "$root/init"
cp "$VM_DIR/xen-domu-host.sh" "$root/lib/dtrace/"
cp "$domu_kernel" "$root/lib/dtrace/domu/vmlinuz"
cp "$domu_initrd" "$root/lib/dtrace/domu/initrd.cpio.gz"
cp -r "$dom0/$kmods" "$root/lib/modules/"
mkdir -p "$root/$xenbin" "$root/etc/xen"
for t in xl xenstored xenconsoled xen-init-dom0; do
	cp "$dom0/$xenbin/$t" "$root/$xenbin/"
done
[ ! -f "$dom0/etc/xen/xl.conf" ] || cp "$dom0/etc/xen/xl.conf" "$root/etc/xen/"
dom0_modules=
for ko in ${DTRACE_DOM0_MODULES:-}; do
	mkdir -p "$root/lib/dtrace/dom0-modules"
	cp "$ko" "$root/lib/dtrace/dom0-modules/"
	dom0_modules="$dom0_modules $(basename "$ko")"
done
if [ -n "${DTRACE_DOMU_DISK:-}" ]; then
	# The xenstore client (one program, named by what it does).
	[ -x "$dom0/usr/bin/xenstore" ] || vm_die "no xenstore client in $dom0"
	cp "$dom0/usr/bin/xenstore" "$root/$xenbin/"
	for t in read write; do
		ln -s xenstore "$root/$xenbin/xenstore-$t"
	done
	cp "$VM_DIR/xen-block-hotplug" "$root/lib/dtrace/"
	chmod 755 "$root/lib/dtrace/xen-block-hotplug"
fi

# Shared libraries, all from the suite's packages (the host's may differ):
# follow DT_NEEDED from the programs through the libraries.
libdirs=$(cd "$dom0" && find . -name '*.so*' -printf '%h\n' | sed 's,^\./,,' |
	grep -v -e /python -e /xenfsimage -e /gconv | sort -u)
# glibc loads libgcc_s itself (for pthread_cancel, which xl uses).
declare -A seen=()
queue=$(find "$root/$xenbin" -type f)
first=1
while [ -n "$queue" ]; do
	next=
	for f in $queue; do
		needed=$(objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }')
		[ $first -eq 0 ] || needed="$needed libgcc_s.so.1"
		first=0
		for so in $needed; do
			[ -z "${seen[$so]:-}" ] || continue
			seen[$so]=1
			lib=
			for d in $libdirs; do
				[ -e "$dom0/$d/$so" ] && { lib=$d/$so; break; }
			done
			[ -n "$lib" ] || vm_die "$so (needed by ${f#"$root/"}) is not in $dom0"
			mkdir -p "$root/$(dirname "$lib")"
			cp -L "$dom0/$lib" "$root/$lib"
			next="$next $root/$lib"
		done
	done
	queue=$next
done
# The dynamic loader at the path the programs name.
interp=$(readelf -l "$root/$xenbin/xl" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ -n "$interp" ] && [ -e "$dom0$interp" ] || vm_die "no program interpreter '$interp' in $dom0"
mkdir -p "$root$(dirname "$interp")"
cp -L "$dom0$interp" "$root$interp"

used=$(for d in $libdirs; do [ ! -d "$root/$d" ] || echo "/$d"; done | tr '\n' ':')
cat > "$root/lib/dtrace/xen-domu.env" <<EOT
XEN_BIN=/$xenbin
XEN_LIBS=${used%:}
DOMU_MEMORY=$memory
DOM0_MODULES='${dom0_modules# }'
DOMU_DISK='${DTRACE_DOMU_DISK:-}'
DOMU_CMDLINE='${DTRACE_DOMU_CMDLINE:-}'
EOT

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
vm_log "initrd: $out ($(du -k "$out" | cut -f1) KiB, dom0 of a PV domU)"
