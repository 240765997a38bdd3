# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the package tests (tests/pkg-install.sh, tests/pkg-bake.sh):
# Debian chroots made with debootstrap from the host's mirror, kept in
# $DTRACE_VM_CACHE/pkg/ as pristine copies (tests work on a copy), and
# apt inside them with the downloaded packages kept in
# $DTRACE_VM_CACHE/pkg/archives-SUITE (bind-mounted as the chroot's
# /var/cache/apt/archives, so a cached run downloads nothing twice and a
# baked image carries no package files).  Sourced after lib.sh.  Root.

PKG_CACHE=$DTRACE_VM_CACHE/pkg

# pkg_base NAME SUITE INCLUDES [SETUP]: print the directory of the cached
# chroot NAME: "debootstrap --variant=minbase --include=INCLUDES SUITE",
# then the shell function SETUP ROOT if given (run with the chroot's
# mounts up).  Made once (flock'ed); never changed afterwards.
pkg_base() {
	local name=$1 suite=$2 inc=$3 setup=${4:-} root kr=()
	root=$PKG_CACHE/$name
	mkdir -p "$PKG_CACHE"
	exec 6>"$root.lock"
	flock 6
	if [ ! -f "$root/.complete" ] || [ "$(cat "$root/.complete")" != "$suite $inc $setup" ]; then
		vm_mirror "$suite"
		vm_log "pkg: debootstrap $suite into $root (once)"
		pkg_umount "$root"
		rm -rf --one-file-system "$root"
		[ -z "$SIGNED_BY" ] || kr=(--keyring="$SIGNED_BY")
		debootstrap --variant=minbase "${kr[@]}" --include="$inc" \
			"$suite" "$root" "$MIRROR" >&2 || { exec 6>&-; return 1; }
		if [ -n "$setup" ]; then
			pkg_mount "$root" "$suite"
			if ! "$setup" "$root" >&2; then
				pkg_umount "$root"
				exec 6>&-
				return 1
			fi
			pkg_umount "$root"
		fi
		echo "$suite $inc $setup" > "$root/.complete"
	fi
	exec 6>&-
	echo "$root"
}

# pkg_copy BASE DIR: a fresh copy of the cached chroot BASE as DIR.
pkg_copy() {
	pkg_umount "$2"
	rm -rf --one-file-system "$2"
	mkdir -p "$(dirname "$2")"
	cp -a "$1" "$2"
	rm -f "$2/.complete"
}

# pkg_mount ROOT SUITE: /proc, /sys, /dev and the shared package cache.
pkg_mount() {
	local root=$1 arch=$PKG_CACHE/archives-$2
	mkdir -p "$arch/partial"
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
	mountpoint -q "$root/sys" || mount -t sysfs sys "$root/sys"
	mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
	mountpoint -q "$root/var/cache/apt/archives" ||
		mount --bind "$arch" "$root/var/cache/apt/archives"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	# The host's mirror may be a snapshot past its Valid-Until date; the
	# shared cache is not reachable by apt's unprivileged _apt user.
	cat > "$root/etc/apt/apt.conf.d/99dtrace-test" <<-EOT
	Acquire::Check-Valid-Until "false";
	APT::Sandbox::User "root";
	EOT
}

pkg_umount() {
	local m
	[ -d "$1" ] || return 0
	for m in var/cache/apt/archives dev sys proc; do
		! mountpoint -q "$1/$m" || umount -l "$1/$m"
	done
	rm -f "$1/etc/apt/apt.conf.d/99dtrace-test"
}

# pkg_in ROOT CMD...: run CMD in the chroot with a clean environment.
pkg_in() {
	local root=$1
	shift
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}

# pkg_apt ROOT ARGS...: apt-get -y in the chroot; one at a time, for
# the chroots share the package cache (and its lock).
pkg_apt() {
	local root=$1
	shift
	(
		flock 5
		pkg_in "$root" apt-get -q -y -o Dpkg::Use-Pty=0 "$@"
	) 5> "$PKG_CACHE/.apt.lock"
}

# pkg_debs DEBDIR: set PKG_DKMS and PKG_UTILS to the newest
# dtrace-dkms_*.deb and dtrace-utils_*.deb in DEBDIR.
pkg_debs() {
	PKG_DKMS=$(ls -t "$1"/dtrace-dkms_*_all.deb "$1"/dtrace-dkms_*.deb 2>/dev/null | head -n 1)
	PKG_UTILS=$(ls -t "$1"/dtrace-utils_*_amd64.deb "$1"/dtrace-utils_*.deb 2>/dev/null | head -n 1)
	[ -n "$PKG_DKMS" ] && [ -n "$PKG_UTILS" ]
}
