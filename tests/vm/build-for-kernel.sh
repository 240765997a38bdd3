#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-for-kernel.sh [--kernel-only|--user-only] [TARGET]: build
# everything the VM needs for the kernel that fetch-kernel.sh fetched for
# TARGET (default $DTRACE_VM_TARGET), outside the source tree:
#
#   $DTRACE_VM_WORK/src          copy of the source tree (autogen runs here)
#   $DTRACE_VM_WORK/user         user space, configure --without-module
#   $DTRACE_VM_WORK/stage        its "make install DESTDIR=" tree
#   $DTRACE_VM_WORK/helpers      static test helpers (tests/vm/helpers)
#   $DTRACE_VM_WORK/kernel-KVER  dtrace.ko for KVER
#   $DTRACE_VM_WORK/dkms-KVER    "make dist" + dkms add/build (private trees)
#   $DTRACE_VM_WORK/initrd-KVER.cpio.gz
#
# User space and the helpers do not depend on the kernel: they are built
# on the host once and run on every kernel (--user-only builds just them,
# --kernel-only reuses them).
# A kernel of the host's own Debian release is built on the host
# (configure --with-linux-obj=...; make module); a kernel of another
# release is built with that release's compiler in a chroot
# (tests/vm/chroot.sh), with kadapt/build-module, and DKMS there as well.
#
# Each step's output is in $DTRACE_VM_WORK/logs/build-STEP.log (shared
# steps) or logs/KVER/build-STEP.log; outcomes go to logs/build.results
# and logs/KVER/build.results as "PASS|FAIL|SKIP build-STEP DETAIL"; a
# failed step skips only what depends on it.  Prints the initramfs path;
# exit status 0 when it was built.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

kernel_only=0
user_only=0
case ${1:-} in
--kernel-only) kernel_only=1; shift ;;
--user-only) user_only=1; shift ;;
esac
TARGET=${1:-$DTRACE_VM_TARGET}
W=$DTRACE_VM_WORK
mkdir -p "$W/logs"
[ $kernel_only -eq 1 ] || : > "$W/logs/build.results"
if [ $user_only -eq 0 ]; then
	vm_load_kernel_env "$TARGET"
	KLOGS=$(vm_logs "$KVER")
	mkdir -p "$KLOGS"
	: > "$KLOGS/build.results"
fi

# step NAME DESCRIPTION COMMAND...: run COMMAND with its output in the
# step's log; record and show the outcome.  $LOGS says where.
step() {
	local name=$1 desc=$2 log=$LOGS/build-$1.log start rc
	shift 2
	start=$(date +%s)
	vm_log "build: $desc"
	( "$@" ) > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "PASS build-$name $desc ($(($(date +%s) - start))s)" >> "$LOGS/build.results"
	else
		echo "FAIL build-$name $desc failed (status $rc); see $log" >> "$LOGS/build.results"
		vm_log "build: $desc FAILED; last lines of $log:"
		tail -n 25 "$log" | sed 's/^/    /' >&2
	fi
	return $rc
}
skip() {	# NAME REASON
	echo "SKIP build-$1 $2" >> "$LOGS/build.results"
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
		--exclude=modules.order --exclude=/.autogen-inputs \
		"$TOP_DIR/" "$W/src/" || return 1
	local s=$W/src sum
	# rsync keeps modification times, so "newer than configure" can miss
	# an edit: autogen runs again whenever the autotools inputs change.
	sum=$(cd "$s" && find configure.ac Makefile.am src -name configure.ac \
		-o -name '*.am' -o -name '*.mk' | sort | xargs cat | md5sum)
	if [ ! -x "$s/configure" ] ||
	   [ "$sum" != "$(cat "$s/.autogen-inputs" 2>/dev/null)" ]; then
		(cd "$s" && ./autogen.sh) || return 1
		echo "$sum" > "$s/.autogen-inputs"
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

build_helpers() {
	mkdir -p "$W/helpers"
	local c
	for c in "$VM_DIR"/helpers/*.c; do
		gcc -static -O2 -Wall -Wextra -Werror -o "$W/helpers/$(basename "$c" .c)" \
			"$c" || return 1
	done
}

# The module must carry this kernel's vermagic.
check_vermagic() {	# KO
	modinfo "$1" | grep -E '^(vermagic|license)'
	modinfo -F vermagic "$1" | grep -q "^$KVER " || {
		echo "$1 was built for another kernel (want $KVER)"
		return 1
	}
}

# Any compiler or kbuild warning fails the build: the module must build
# cleanly on every supported kernel.
no_warnings() {	# LOG
	! grep -E -i 'warning:|error:' "$1" | grep -v '^make.*ignored' |
		sed 's/^/unexpected: /' | grep .
}

# --- host build (the host's own Debian release) ---

build_module_host() {
	local dir=$W/kernel-$KVER
	mkdir -p "$dir"
	cd "$dir" || return 1
	if [ ! -f config.status ] || [ "$W/src/configure" -nt config.status ]; then
		"$W/src/configure" --prefix=/usr --with-linux-obj="$KBUILD_DIR" ||
			return 1
	fi
	rm -f dtrace.ko
	make -j"$JOBS" module || return 1
	check_vermagic dtrace.ko
}

# After "dkms build" (status RC) in TREE: show its make.log, find the
# module (sets ko) and check its vermagic.
dkms_result() {	# RC TREE VERSION
	cat "$2/dtrace/$3/build/make.log" 2>/dev/null
	[ "$1" -eq 0 ] || return "$1"
	ko=$(find "$2/dtrace/$3/$KVER" -name 'dtrace.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "dkms build made no dtrace.ko"; return 1; }
	check_vermagic "$ko"
}

# The DKMS route, as a user would take it: "make dist" tarball, then
# dkms add/build for this kernel, with private dkms and source trees.
build_dkms_host() {
	local d=$W/dkms-$KVER tarball ver ko
	tarball=$(ls -t "$W"/user/*.tar.gz | head -n 1)
	ver=$(basename "$tarball" .tar.gz)
	ver=${ver#*-}
	rm -rf "$d"
	mkdir -p "$d/src" "$d/tree"
	tar -xzf "$tarball" -C "$d/src" || return 1
	dkms add --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace -v "$ver" &&
	dkms build --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace -v "$ver" \
		-k "$KVER" --kernelsourcedir "$KBUILD_DIR"
	dkms_result $? "$d/tree" "$ver" || return 1
	echo "built $ko"
}

# --- chroot build (another Debian release) ---

CHROOT=
# Inside the chroot, this checkout's files live under /build/KEY.
CKEY=/build/$(echo "$W" | sha256sum | cut -c1-12)

prepare_chroot() {
	# shellcheck disable=SC2086
	"$VM_DIR/chroot.sh" "$KSUITE" $KDEBS > "$KLOGS/chroot.path" || return 1
	cat "$KLOGS/chroot.path"
}

# in_chroot COMMAND...: run COMMAND in the chroot, with a /proc of its
# own (objtool and dkms read it) that vanishes with the command.
in_chroot() {
	unshare -m --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 1
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			LC_ALL=C HOME=/root "$@"' sh "$CHROOT" "$@"
}

build_module_chroot() {
	local dir=$W/kernel-$KVER kdir=/usr/src/linux-headers-$KVER
	local work=$CKEY/kernel-$KVER
	mkdir -p "$dir" "$CHROOT$CKEY"
	rm -f "$dir/dtrace.ko"
	# A copy per kernel: the flavours of a suite build at the same time.
	rsync -a --delete "$W/src/" "$CHROOT$CKEY/src-$KVER/" || return 1
	in_chroot "$CKEY/src-$KVER/kadapt/build-module" -w "$work" -k "$work/kadapt-config" \
		"$kdir" || return 1
	cp "$CHROOT$work/dtrace.ko" "$dir/dtrace.ko" || return 1
	# Where a host build leaves it (tests/kadapt-config-diff.sh reads it).
	mkdir -p "$dir/kadapt-config"
	cp "$CHROOT$work/kadapt-config/kadapt_config.h" "$dir/kadapt-config/" ||
		return 1
	check_vermagic "$dir/dtrace.ko"
}

build_dkms_chroot() {
	# Per kernel: the flavours of a suite build side by side in its chroot.
	local tarball ver d=$CKEY/dkms-$KVER ko
	tarball=$(ls -t "$W"/user/*.tar.gz | head -n 1)
	ver=$(basename "$tarball" .tar.gz)
	ver=${ver#*-}
	[ -x "$CHROOT/usr/sbin/dkms" ] || [ -x "$CHROOT/usr/bin/dkms" ] ||
		{ echo "no dkms in the $KSUITE chroot"; return 1; }
	rm -rf "$CHROOT$d"
	mkdir -p "$CHROOT$d/src" "$CHROOT$d/tree"
	tar -xzf "$tarball" -C "$CHROOT$d/src" || return 1
	in_chroot dkms add --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace -v "$ver" &&
	in_chroot dkms build --sourcetree "$d/src" --dkmstree "$d/tree" -m dtrace \
		-v "$ver" -k "$KVER"
	dkms_result $? "$CHROOT$d/tree" "$ver" || return 1
	echo "built ${ko#"$CHROOT"} in the $KSUITE chroot"
}

# --- steps ---

LOGS=$W/logs
if [ $kernel_only -eq 0 ]; then
	ok=1
	step copy "copy the source tree and run autogen" copy_tree || ok=0
	if [ $ok -eq 1 ]; then
		step user "build user space (dtrace, libdtrace)" build_user &&
			step dist "make dist (the DKMS tarball)" make -C "$W/user" dist
		step privcheck-self "the privileged-instruction check detects each instruction" \
			"$VM_DIR/../check-privileged.sh" --self-test
	fi
	step helpers "build the static test helpers" build_helpers
fi
if [ $user_only -eq 1 ]; then
	! grep -q '^FAIL' "$W/logs/build.results"
	exit
fi
user=0
grep -q '^PASS build-user ' "$W/logs/build.results" 2>/dev/null && user=1
dist=0
grep -q '^PASS build-dist ' "$W/logs/build.results" 2>/dev/null && dist=1
helpers=0
grep -q '^PASS build-helpers ' "$W/logs/build.results" 2>/dev/null && helpers=1

LOGS=$KLOGS
module=0
if [ ! -d "$W/src/kadapt" ]; then
	echo "FAIL build-module not built: no source copy (build-copy failed)" >> "$LOGS/build.results"
elif [ "$KSUITE" = "$(vm_host_codename)" ]; then
	step module "build dtrace.ko for $KVER" build_module_host && module=1
	if [ $dist -eq 1 ]; then
		step dkms "build dtrace.ko for $KVER with DKMS" build_dkms_host
	else
		skip dkms "not run: no make dist tarball (see build-dist)"
	fi
elif [ "$(id -u)" != 0 ]; then
	# debootstrap and chroot need root: this kernel cannot be built here.
	skip module "needs root: a $KSUITE kernel is built in a $KSUITE chroot"
	skip dkms "needs root: a $KSUITE kernel is built in a $KSUITE chroot"
else
	if step chroot "prepare the $KSUITE build chroot" prepare_chroot; then
		CHROOT=$(cat "$KLOGS/chroot.path")
		step module "build dtrace.ko for $KVER in the $KSUITE chroot" \
			build_module_chroot && module=1
		if [ $dist -eq 1 ]; then
			step dkms "build dtrace.ko for $KVER with DKMS in the $KSUITE chroot" \
				build_dkms_chroot
		else
			skip dkms "not run: no make dist tarball (see build-dist)"
		fi
	else
		echo "FAIL build-module not built: no $KSUITE chroot (see build-chroot)" >> "$LOGS/build.results"
	fi
fi
if [ $module -eq 1 ]; then
	step warnings "dtrace.ko builds for $KVER without warnings" \
		no_warnings "$LOGS/build-module.log"
	step privcheck "dtrace.ko has no Xen-PV-unsafe privileged instructions" \
		"$VM_DIR/../check-privileged.sh" "$W/kernel-$KVER/dtrace.ko"
fi

INITRD=$W/initrd-$KVER.cpio.gz
rm -f "$INITRD"
if [ $user -eq 1 ] && [ $module -eq 1 ] && [ $helpers -eq 1 ]; then
	step initrd "build the test initramfs" "$VM_DIR/mkinitrd.sh" "$INITRD" \
		"$W/kernel-$KVER/dtrace.ko" "$W/stage" "$W/helpers"
fi
[ -f "$INITRD" ] && echo "$INITRD"
