#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# chroot.sh SUITE HEADERS.deb COMMON.deb KBUILD.deb
#
# Prepare the build chroot for a kernel of Debian SUITE and print its
# directory.  A kernel must be built with the compiler it was built with
# (newer kernels reject older compilers, and an older kernel may not
# build warning-free with a newer one), so a kernel from another release
# than the host's is built in a minimal chroot of its own release:
# $DTRACE_VM_CACHE/chroots/SUITE, made once with debootstrap from the
# host's mirror and kept.  Into it go the compiler the headers package
# asks for, the kbuild package (installed with apt, for its
# dependencies), dkms, and the headers trees, unpacked in /usr/src as
# the packages would put them.  Needs root (debootstrap, chroot).

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || vm_die "usage: chroot.sh SUITE HEADERS.deb COMMON.deb KBUILD.deb"
suite=$1
headers=$2
common=$3
kbuild=$4
[ "$(id -u)" = 0 ] || vm_die "building in a $suite chroot needs root"
command -v debootstrap > /dev/null ||
	vm_die "debootstrap missing (apt-get install debootstrap)"

root=$DTRACE_VM_CACHE/chroots/$suite
mkdir -p "$DTRACE_VM_CACHE/chroots"
exec 8>"$root.lock"
flock 8

# What kadapt-probe, build-module and kbuild run, besides the compiler.
BASE=make,libc6-dev,libelf-dev,bc,kmod,bison,flex,rsync,cpio,xz-utils,zstd,file

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }
# apt-get in the chroot; the mirror may be a snapshot past its Release
# files' Valid-Until date (see fetch-kernel.sh).
in_root_apt() { in_root apt-get -o Acquire::Check-Valid-Until=false "$@"; }

if [ ! -f "$root/.complete" ]; then
	vm_mirror "$suite"
	vm_log "chroot: debootstrap $suite (once; kept in $root)"
	rm -rf "$root"
	kr=()
	[ -z "$SIGNED_BY" ] || kr=(--keyring="$SIGNED_BY")
	debootstrap --variant=minbase "${kr[@]}" --include="$BASE" \
		"$suite" "$root" "$MIRROR" >&2 ||
		vm_die "debootstrap $suite failed"
	touch "$root/.complete"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

stamp=$root/.kernel-$(basename "$headers" .deb)
if [ ! -f "$stamp" ]; then
	# The compiler the headers package asks for: "gcc-14",
	# "gcc-16-for-host" or (up to 5.10) "linux-compiler-gcc-10-x86".
	cc=$(dpkg-deb -f "$headers" Depends | tr ',' '\n' |
	     sed -n 's/^ *\(\(linux-compiler-\)\{0,1\}gcc-[0-9][^ ]*\).*/\1/p' |
	     head -n 1)
	[ -n "$cc" ] || cc=gcc
	mkdir -p "$root/var/cache/dtrace-debs"
	cp "$kbuild" "$root/var/cache/dtrace-debs/"
	kb=/var/cache/dtrace-debs/$(basename "$kbuild")
	vm_log "chroot: installing $cc and $(basename "$kbuild") in $suite"
	# dkms too, for the DKMS build check.
	if ! in_root_apt -q -y --no-install-recommends install "$cc" "$kb" dkms >&2; then
		in_root_apt -q update >&2 || true
		in_root_apt -q -y --no-install-recommends install "$cc" "$kb" dkms >&2 ||
			vm_die "cannot install $cc, the kbuild package and dkms in the $suite chroot"
	fi
	# Only the trees in /usr/src: a plain unpack of ./lib/modules would
	# replace a merged-/usr "lib" symlink by a directory.  The -common
	# tree is shared by a release's flavours and is unpacked once: the
	# build of another flavour may be reading it right now.
	for d in "$common" "$headers"; do
		tree=$root/.tree-$(basename "$d" .deb)
		[ ! -f "$tree" ] || continue
		dpkg-deb --fsys-tarfile "$d" | tar -x -C "$root" ./usr/src ||
			vm_die "cannot unpack $(basename "$d") into the $suite chroot"
		touch "$tree"
	done
	# Where dkms and "make -C /lib/modules/VER/build" look for them.
	kver=$(dpkg-deb -f "$headers" Package)
	kver=${kver#linux-headers-}
	mkdir -p "$root/lib/modules/$kver"
	ln -sfn "/usr/src/linux-headers-$kver" "$root/lib/modules/$kver/build"
	touch "$stamp"
fi
echo "$root"
