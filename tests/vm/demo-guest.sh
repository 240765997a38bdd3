#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh: what tests/demo.sh shows, run inside the QEMU guest.
# Each command is echoed as typed, followed by its real output.

export PATH=/usr/bin:/bin:/usr/sbin:/sbin

run() {	# COMMAND-LINE
	echo
	echo "# $1"
	eval "$1" 2>&1
	echo "(exit status $?)"
}

run "insmod /lib/dtrace/dtrace.ko"
if ! grep -q '^dtrace ' /proc/modules; then
	echo "DEMO-FAILED: insmod dtrace.ko"
	dmesg | tail -n 20
	exit 1
fi

run "dtrace -n 'BEGIN { printf(\"hello, world\\n\"); exit(0); }'"

# Some activity for the next one-liners to see.
(while :; do ls / > /dev/null; read -r _ < /proc/version; sleep 0.2; done) &
load=$!
run "dtrace -n 'syscall:::entry { @[execname] = count(); } tick-2s { exit(0); }'"
run "dtrace -q -n 'fbt::vfs_read:entry { @[execname] = count(); } tick-1s { printf(\"vfs_read calls in 1 s:\\n\"); exit(0); }'"
kill $load
run "dtrace -l -n 'fbt::vfs_read:entry'"
run "rmmod dtrace"
echo "DEMO-DONE"
