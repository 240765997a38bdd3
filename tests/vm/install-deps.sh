#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh: make sure the Debian packages that building and the
# QEMU tests need are installed.  As root, missing ones are installed with
# apt-get (after an apt-get update); otherwise the command to run is
# printed.  Does nothing when all are present.

set -euo pipefail

PKGS=(
	# build: autotools, D compiler front end, kernel module (kbuild)
	autoconf automake libtool make gcc libc6-dev bison flex
	libelf-dev bc kmod binutils dkms
	# harness: kernel download/extraction, initramfs, VMs
	qemu-system-x86 busybox-static cpio gzip xz-utils file rsync
	debian-archive-keyring
	# chroots of other Debian releases, for their kernels' compilers
	debootstrap
	# package tests: the baked cloud image's file system (mkfs.ext4 -d)
	e2fsprogs
	# fuzzing (tests/fuzz): clang, libFuzzer and the sanitizer runtimes
	clang libclang-rt-dev
	# packaging (tests/pkg-build.sh): .deb with debhelper and dh-dkms,
	# lintian; .rpm with Debian's rpm (rpmbuild, rpmspec) and rpmlint;
	# openssl makes the key of the DKMS module-signing check
	debhelper dh-dkms lintian rpm rpmlint openssl
)

missing=()
for p in "${PKGS[@]}"; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$s" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing packages: ${missing[*]}" >&2
	echo "install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/dtrace-apt.XXXXXX")
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# An unreachable third-party source makes "update" fail without harm to
# what is needed here: only the install decides.
apt-get -q update > "$log" 2>&1 || echo "(apt-get update reported errors)" >&2
if ! apt-get -q -y --no-install-recommends install "${missing[@]}" \
	>> "$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "apt-get failed (full log: $log)" >&2
	exit 1
fi
rm -f "$log"
