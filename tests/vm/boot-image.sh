#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# boot-image.sh native|xen-domu IMAGE VMLINUZ INITRD LOG
#
# Boot a disk image (a whole-disk ext4 file system, label-less root on
# the disk itself, as tests/pkg-bake.sh makes it) in QEMU (TCG) with the
# image's own kernel and initramfs, given as VMLINUZ and INITRD as a boot
# loader (or pvgrub) would load them from its /boot:
#   native    the disk is /dev/vda (virtio), root=/dev/vda
#   xen-domu  the kernel is a Xen PV domU whose disk is /dev/xvda,
#             root=/dev/xvda: QEMU runs Xen and the dom0 of the
#             harness's xen-domu environment (DTRACE_VM_DOM0_TARGET,
#             default bookworm:amd64, fetched with fetch-kernel.sh
#             --xen-tools; see run-vm.sh), the image is dom0's virtio disk
#             and dom0 hands it to the domU through blkback
# The guest must power itself off.  LOG gets the guest's console (for
# xen-domu the domU's; the whole machine's is LOG with .dom0.log for
# .log).  Exit status: QEMU's (124: timed out, DTRACE_VM_TIMEOUT seconds,
# default 600).

set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 5 ] || vm_die "usage: boot-image.sh native|xen-domu IMAGE VMLINUZ INITRD LOG"
env=$1
image=$2
vmlinuz=$3
initrd=$4
log=$5
timeout=${DTRACE_VM_TIMEOUT:-600}
for f in "$image" "$vmlinuz" "$initrd"; do
	[ -f "$f" ] || vm_die "$f not found"
done
mkdir -p "$(dirname "$log")"
disk=(-drive "file=$image,if=virtio,format=raw,cache=unsafe")

case $env in
native)
	qemu=(-m 1024 -kernel "$vmlinuz" -initrd "$initrd"
	      -append "root=/dev/vda ro console=ttyS0 panic=-1")
	conlog=$log
	;;
xen-domu)
	dom0_target=${DTRACE_VM_DOM0_TARGET:-bookworm:amd64}
	DOM0=
	vm_load_kernel_env "$dom0_target"
	[ -n "$DOM0" ] || [ ! -f "$(dirname "$KROOT")/.complete-dom0" ] ||
		DOM0=$(dirname "$KROOT")/dom0
	[ -n "$XEN" ] && [ -f "$XEN" ] || vm_die "no Xen hypervisor was fetched for $KSUITE"
	[ -n "${DOM0:-}" ] && [ -d "$DOM0" ] ||
		vm_die "no dom0 toolstack for $dom0_target: run tests/vm/fetch-kernel.sh --xen-tools $dom0_target"
	# dom0's drivers for the disk: virtio (PCI, block) and blkback, from
	# the dom0 kernel's image package, uncompressed for busybox insmod.
	mods=$DTRACE_VM_WORK/dom0-disk-modules/$KVER
	if [ ! -f "$mods/.complete" ]; then
		deb=$(ls "$DTRACE_VM_CACHE"/debs/{linux-image-"$KVER"-unsigned,linux-binary-"$KVER",linux-image-"$KVER"}_*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || vm_die "no image package of $KVER in $DTRACE_VM_CACHE/debs"
		rm -rf "$mods"
		mkdir -p "$mods/x"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$mods/x" --wildcards \
			'*/kernel/drivers/virtio/*' '*/kernel/drivers/block/virtio_blk.ko*' \
			'*/kernel/drivers/block/xen-blkback/*' ||
			vm_die "cannot extract dom0's disk drivers from $deb"
		find "$mods/x" -name '*.ko.xz' -exec xz -d {} +
		find "$mods/x" -name '*.ko.zst' -exec zstd -q -d --rm {} +
		find "$mods/x" -name '*.ko' -exec mv {} "$mods/" \;
		rm -rf "$mods/x"
		touch "$mods/.complete"
	fi
	# Load order: each module after the ones it depends on.
	order=
	add_mod() {	# NAME (as modinfo's depends names it)
		local f d
		f=$(ls "$mods/$1.ko" "$mods/${1//_/-}.ko" 2>/dev/null | head -n 1)
		[ -n "$f" ] || return 0	# built in
		case " $order " in *" $f "*) return 0 ;; esac
		for d in $(modinfo -F depends "$f" | tr ',' ' '); do
			add_mod "$d"
		done
		order="$order $f"
	}
	for m in virtio_pci virtio_blk xen-blkback; do
		add_mod "$m"
	done
	dom0_initrd=$DTRACE_VM_WORK/initrd-dom0-image.cpio.gz
	DTRACE_DOM0_MODULES=$order \
	DTRACE_DOMU_DISK="format=raw, vdev=xvda, access=rw, backendtype=phy, script=/lib/dtrace/xen-block-hotplug, target=/dev/vda" \
	DTRACE_DOMU_CMDLINE="root=/dev/xvda ro console=hvc0 panic=-1" \
		"$VM_DIR/mkinitrd-dom0.sh" "$dom0_initrd" "$DOM0" "$KVER" \
		"$vmlinuz" "$initrd" 768 || vm_die "building the dom0 initramfs failed"
	dom0_args="dtrace_test_mode=xendomu dtrace_domu_timeout=$((timeout - 60)) panic=-1 quiet"
	qemu=(-m 2048 -kernel "$XEN"
	      -append "console=com1 dom0_mem=1024M,max:1024M"
	      -initrd "$VMLINUZ console=hvc0 $dom0_args,$dom0_initrd")
	case "$VMLINUZ$dom0_initrd" in *,*)
		vm_die "paths must not contain commas (QEMU multiboot module list)" ;;
	esac
	conlog=${log%.log}.dom0.log
	;;
*)
	vm_die "unknown environment '$env' (native or xen-domu)"
	;;
esac

vm_log "vm: booting $(basename "$image") as $env, log $conlog"
start=$(date +%s)
timeout -k 10 "$timeout" \
	qemu-system-x86_64 -accel tcg,thread=${DTRACE_VM_TCG_THREAD:-single} -smp 2 \
	-nic none -display none -monitor none -serial stdio -no-reboot \
	"${disk[@]}" "${qemu[@]}" < /dev/null > "$conlog" 2>&1
qrc=$?
sed -i 's/\r$//' "$conlog"
vm_log "vm: $env finished in $(($(date +%s) - start))s (qemu status $qrc)"
if [ "$env" = xen-domu ]; then
	awk '/^=== DTRACE-DOMU CONSOLE END/ { p = 0 } p { sub(/\r+$/, ""); print }
	     /^=== DTRACE-DOMU CONSOLE BEGIN/ { p = 1 }' "$conlog" > "$log"
fi
exit $qrc
