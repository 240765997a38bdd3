#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-for-kernel.sh: build everything the VM needs for the kernel that
# fetch-kernel.sh fetched, outside the source tree:
#
#   $DTRACE_VM_WORK/src          copy of the source tree (autogen runs here)
#   $DTRACE_VM_WORK/user         user space, configure --without-module
#   $DTRACE_VM_WORK/stage        its "make install DESTDIR=" tree
#   $DTRACE_VM_WORK/kernel-KVER  configure --with-linux-obj=...; make module
#   $DTRACE_VM_WORK/dkms         "make dist" + dkms add/build (private trees)
#   $DTRACE_VM_WORK/helpers      static test helpers (tests/vm/helpers)
#   $DTRACE_VM_WORK/initrd-KVER.cpio.gz
#
# Each step's output is in $DTRACE_VM_WORK/logs/build-STEP.log.  The
# outcome of each step is written to $DTRACE_VM_WORK/logs/build.results as
# "PASS|FAIL build-STEP DETAIL"; a failed step skips only what depends
# on it.  Exit status 0 when the initramfs was built.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

vm_load_kernel_env
W=$DTRACE_VM_WORK
LOGS=$W/logs
mkdir -p "$LOGS"
RESULTS=$LOGS/build.results
: > "$RESULTS"

# step NAME DESCRIPTION COMMAND...: run COMMAND with its output in the
# step's log; record and show the outcome.
step() {
	local name=$1 desc=$2 log=$LOGS/build-$1.log start rc
	shift 2
	start=$(date +%s)
	vm_log "build: $desc"
	( "$@" ) > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "PASS build-$name $desc ($(($(date +%s) - start))s)" >> "$RESULTS"
	else
		echo "FAIL build-$name $desc failed (status $rc); see $log" >> "$RESULTS"
		vm_log "build: $desc FAILED; last lines of $log:"
		tail -n 25 "$log" | sed 's/^/    /' >&2
	fi
	return $rc
}

copy_tree() {
	mkdir -p "$W/src"
	# Generated autotools files are not copied (the copy makes its own and
	# keeps them: excluded files are not deleted), nor build products.
	rsync -a --delete --exclude=/.git --exclude=/tests/vm/.work \
		--exclude=/tests/vm/.cache \
		--exclude=/configure --exclude=/aclocal.m4 --exclude=/build-aux \
		--exclude=/autom4te.cache --exclude=/config.h.in \
		--exclude=/config.status --exclude=/config.log --exclude=/libtool \
		--exclude=/Makefile --exclude=/Makefile.in --exclude='/m4/l*.m4' \
		--exclude=/config.h --exclude=/stamp-h1 --exclude=/dkms.conf \
		--exclude=/kadapt-config --exclude=/module-build \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
		--exclude='*.la' --exclude='*.lo' --exclude=.libs --exclude=.deps \
		--exclude=.dirstamp --exclude=Module.symvers \
		--exclude=modules.order \
		"$TOP_DIR/" "$W/src/" || return 1
	local s=$W/src
	if [ ! -x "$s/configure" ] ||
	   [ -n "$(find "$s/configure.ac" "$s/Makefile.am" "$s/src" \
		   -name 'configure.ac' -newer "$s/configure" -o \
		   -name '*.am' -newer "$s/configure" -o \
		   -name '*.mk' -newer "$s/configure")" ]; then
		(cd "$s" && ./autogen.sh)
	fi
}

build_user() {
	mkdir -p "$W/user"
	cd "$W/user" || return 1
	if [ ! -f config.status ] || [ "$W/src/configure" -nt config.status ]; then
		"$W/src/configure" --prefix=/usr --without-module || return 1
	fi
	make -j"$JOBS" || return 1
	rm -rf "$W/stage"
	make install DESTDIR="$W/stage"
}

build_module() {
	local dir=$W/kernel-$KVER
	mkdir -p "$dir"
	cd "$dir" || return 1
	if [ ! -f config.status ] || [ "$W/src/configure" -nt config.status ]; then
		"$W/src/configure" --prefix=/usr --with-linux-obj="$KBUILD_DIR" ||
			return 1
	fi
	rm -f dtrace.ko
	make -j"$JOBS" module || return 1
	modinfo dtrace.ko | grep -E '^(vermagic|license)'
	modinfo -F vermagic dtrace.ko | grep -q "^$KVER " || {
		echo "dtrace.ko was built for another kernel (want $KVER)"
		return 1
	}
}

# The DKMS route, as a user would take it: "make dist" tarball, then
# dkms add/build for this kernel, with private dkms and source trees.
build_dkms() {
	local d=$W/dkms tarball ver ko
	make -C "$W/user" dist || return 1
	tarball=$(ls -t "$W"/user/*.tar.gz | head -n 1)
	ver=$(basename "$tarball" .tar.gz)
	ver=${ver#*-}
	rm -rf "$d"
	mkdir -p "$d/src" "$d/tree"
	tar -xzf "$tarball" -C "$d/src" || return 1
	dkms add --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace -v "$ver" &&
	dkms build --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace -v "$ver" \
		-k "$KVER" --kernelsourcedir "$KBUILD_DIR"
	local rc=$?
	cat "$d/tree/dtrace/$ver/build/make.log" 2>/dev/null
	[ $rc -eq 0 ] || return $rc
	ko=$(find "$d/tree/dtrace/$ver/$KVER" -name 'dtrace.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "dkms build made no dtrace.ko"; return 1; }
	modinfo -F vermagic "$ko" | grep -q "^$KVER " || {
		echo "$ko was built for another kernel (want $KVER)"
		return 1
	}
	echo "built $ko"
}

build_helpers() {
	mkdir -p "$W/helpers"
	local c
	for c in "$VM_DIR"/helpers/*.c; do
		gcc -static -O2 -Wall -Wextra -Werror -o "$W/helpers/$(basename "$c" .c)" \
			"$c" || return 1
	done
}

ok=1
step copy "copy the source tree and run autogen" copy_tree || ok=0
user=0
module=0
if [ $ok -eq 1 ]; then
	step user "build user space (dtrace, libdtrace)" build_user && user=1
	step module "build dtrace.ko for $KVER" build_module && module=1
	step privcheck-self "the privileged-instruction check detects each instruction" \
		"$VM_DIR/../check-privileged.sh" --self-test
	[ $module -eq 0 ] ||
		step privcheck "dtrace.ko has no Xen-PV-unsafe privileged instructions" \
			"$VM_DIR/../check-privileged.sh" "$W/kernel-$KVER/dtrace.ko"
	[ $user -eq 0 ] ||
		step dkms "build dtrace.ko for $KVER with DKMS" build_dkms
fi
helpers=0
step helpers "build the static test helpers" build_helpers && helpers=1

INITRD=$W/initrd-$KVER.cpio.gz
rm -f "$INITRD"
if [ $user -eq 1 ] && [ $module -eq 1 ] && [ $helpers -eq 1 ]; then
	step initrd "build the test initramfs" "$VM_DIR/mkinitrd.sh" "$INITRD" \
		"$W/kernel-$KVER/dtrace.ko" "$W/stage" "$W/helpers"
fi
[ -f "$INITRD" ] && echo "$INITRD"
