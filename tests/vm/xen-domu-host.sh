#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xen-domu-host.sh: runs in the Xen PV dom0 of the "xen-domu" environment
# (busybox sh, from init).  Starts the Xen toolstack that mkinitrd-dom0.sh
# put in the initramfs, boots the test initramfs in a PV domU with "xl
# create" (no disk, no network), waits for the domU to power off, and
# prints the domU's console log, which xenconsoled wrote to a file,
# between "=== DTRACE-DOMU CONSOLE BEGIN/END" markers (run-vm.sh takes
# the domU's results from there).  Toolstack trouble is printed indented
# with "  | ".
#
# Kernel command line: dtrace_domu_mode= (tests or demo, the domU's
# dtrace_test_mode), dtrace_domu_timeout= (seconds the domU may run).

. /lib/dtrace/xen-domu.env	# XEN_BIN, XEN_LIBS, DOMU_MEMORY (mkinitrd-dom0.sh)
export PATH=$XEN_BIN:$PATH
export LD_LIBRARY_PATH=$XEN_LIBS
D=/lib/dtrace/domu
LOGDIR=/var/log/xen
NAME=dtrace-domu

arg() { sed -n "s/.*$1=\\([a-z0-9]*\\).*/\\1/p" /proc/cmdline; }
mode=$(arg dtrace_domu_mode)
limit=$(arg dtrace_domu_timeout)

# Show a toolstack log on the console, marked as not being kernel output.
show() {
	for f in "$@"; do
		[ -s "$f" ] || continue
		echo "  | --- $f"
		tail -n 40 "$f" | sed 's/^/  | /'
	done
}
trouble() {
	echo "DOMU-HOST: $*"
	show $LOGDIR/xl-create.log
	for f in $LOGDIR/*.log $LOGDIR/console/*.log; do
		[ "$f" = $LOGDIR/xl-create.log ] || show "$f"
	done
}

mkdir -p /var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored \
	 /var/lock $LOGDIR/console /proc/xen

# The dom0 kernel's Xen devices: /dev/xen/evtchn, privcmd, gntdev and
# gntalloc; xenfs gives xenstored /proc/xen/xsd_kva and xsd_port.
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do
	ko=$(find /lib/modules -name "$m.ko" | head -n 1)
	if [ -z "$ko" ]; then
		# Built into the kernel, or missing.
		[ -d "/sys/module/$(echo $m | tr - _)" ] && continue
		trouble "no module $m.ko"
		exit 1
	fi
	insmod "$ko" 2> /tmp/insmod.err ||
		{ trouble "insmod $m failed: $(cat /tmp/insmod.err)"; exit 1; }
done
# A domU with a disk (mkinitrd-dom0.sh): the disk's driver and blkback.
for ko in $DOM0_MODULES; do
	insmod /lib/dtrace/dom0-modules/$ko 2> /tmp/insmod.err ||
		{ trouble "insmod $ko failed: $(cat /tmp/insmod.err)"; exit 1; }
done
# xenconsoled gives each guest console a pty.
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts || { trouble "cannot mount devpts"; exit 1; }
mount -t xenfs xenfs /proc/xen || { trouble "cannot mount xenfs"; exit 1; }
grep -q control_d /proc/xen/capabilities ||
	{ trouble "not the control domain (no control_d in /proc/xen/capabilities)"; exit 1; }

xenstored --pid-file /var/run/xenstored.pid > $LOGDIR/xenstored.log 2>&1 ||
	{ trouble "xenstored failed"; exit 1; }
# dom0's own entries (name, domid) in the store, as the boot scripts do.
xen-init-dom0 > $LOGDIR/xen-init-dom0.log 2>&1 || { trouble "xen-init-dom0 failed"; exit 1; }
xenconsoled --pid-file=/var/run/xenconsoled.pid --log=guest \
	--log-dir=$LOGDIR/console > $LOGDIR/xenconsoled.log 2>&1 ||
	{ trouble "xenconsoled failed"; exit 1; }

extra="console=hvc0 dtrace_test_mode=${mode:-tests} dtrace_test_env=xen-domu panic=-1 quiet"
[ -z "$DOMU_CMDLINE" ] || extra=$DOMU_CMDLINE
cat > /tmp/domu.cfg <<EOT
name = "$NAME"
type = "pv"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.cpio.gz"
extra = "$extra"
memory = $DOMU_MEMORY
vcpus = 2
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOT
if [ -n "$DOMU_DISK" ]; then
	# The disk's device appears once its driver has probed it.
	dev=$(echo "$DOMU_DISK" | sed -n 's/.*target=\([^,]*\).*/\1/p')
	n=0
	while [ -n "$dev" ] && [ ! -b "$dev" ] && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	[ -z "$dev" ] || [ -b "$dev" ] || { trouble "no disk $dev for the domU"; exit 1; }
	echo "disk = [ '$DOMU_DISK' ]" >> /tmp/domu.cfg
fi

# "xl create -F" stays in the foreground until the domain is gone.
echo "DOMU-HOST: xl create (PV, ${DOMU_MEMORY} MiB, 2 vCPUs, limit ${limit:-none}s)"
start=$(cut -d. -f1 /proc/uptime)
xl -v create -F /tmp/domu.cfg > $LOGDIR/xl-create.log 2>&1 &
xlpid=$!
why=
while [ -d /proc/$xlpid ] && ! grep -q '^State:.*Z' /proc/$xlpid/status 2>/dev/null; do
	if [ -n "$limit" ] && [ $(($(cut -d. -f1 /proc/uptime) - start)) -ge "$limit" ]; then
		trouble "domU still running after ${limit}s: destroying it"
		xl destroy $NAME >> $LOGDIR/xl-create.log 2>&1
		why=", destroyed at the time limit"
		break
	fi
	sleep 1
done
wait $xlpid
xrc=$?
echo "DOMU-HOST: domU gone after $(($(cut -d. -f1 /proc/uptime) - start))s$why, xl status $xrc"
[ $xrc -eq 0 ] || trouble "xl create failed"

# xenconsoled writes the log as the guest prints; give it a moment to
# notice the end of the domain.
sleep 1
log=$LOGDIR/console/guest-$NAME.log
[ -f "$log" ] || trouble "no console log $log"
echo "=== DTRACE-DOMU CONSOLE BEGIN"
cat "$log" 2>/dev/null
echo
echo "=== DTRACE-DOMU CONSOLE END"
