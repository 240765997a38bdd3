#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh [--xen-tools] [TARGET]: download a Debian kernel (image,
# headers, kbuild) and the Xen hypervisor of the same suite with a private
# apt setup (the host's package state is never touched), extract them into
# the cache and make the headers usable from there.  TARGET is
# "SUITE:FLAVOUR" (default $DTRACE_VM_TARGET, bookworm:amd64); the
# kernel is the one linux-image-FLAVOUR currently points to.  Writes
# $DTRACE_VM_CACHE/kernel-SUITE-FLAVOUR.env (see lib.sh).
#
# --xen-tools also prepares the kernel as the dom0 of a Xen PV domU: its
# Xen driver modules and the suite's Xen toolstack (xl, xenstored,
# xenconsoled and their shared libraries) go to DOM0 in the .env.
#
# The Debian mirror is taken from the host's apt sources; set
# DTRACE_VM_MIRROR to override it.  Everything is cached: a second run
# with a fresh enough package list does no network access.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

XEN_TOOLS=0
if [ "${1:-}" = --xen-tools ]; then
	XEN_TOOLS=1
	shift
fi
TARGET=${1:-$DTRACE_VM_TARGET}
vm_target "$TARGET"	# T_SUITE, T_FLAVOUR, T_ID
ENVFILE=$(vm_kernel_env "$TARGET")
APTROOT=$DTRACE_VM_CACHE/apt-$T_SUITE
DEBS=$DTRACE_VM_CACHE/debs
REFRESH_HOURS=${DTRACE_VM_REFRESH_HOURS:-24}

mkdir -p "$APTROOT/etc" "$APTROOT/lists/partial" \
	 "$APTROOT/cache/archives/partial" "$DEBS" "$DTRACE_VM_CACHE/kernels"
# Flavours of one suite share its package lists: one fetch per suite at
# a time (run-all.sh fetches all targets at once).
exec 7>"$DTRACE_VM_CACHE/.lock-suite-$T_SUITE"
flock 7
exec 9>"$DTRACE_VM_CACHE/.lock-$T_ID"
flock 9

vm_mirror "$T_SUITE"
opts=
[ -z "$SIGNED_BY" ] || opts="[signed-by=$SIGNED_BY] "
cat > "$APTROOT/etc/sources.list.new" <<EOT
deb ${opts}${MIRROR} ${T_SUITE} main
EOT
cat > "$APTROOT/etc/apt.conf" <<EOT
Dir::Etc::SourceList "$APTROOT/etc/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$APTROOT/lists";
Dir::Cache "$APTROOT/cache";
Dir::State::status "/dev/null";
APT::Architecture "amd64";
Acquire::Languages "none";
Acquire::Check-Valid-Until "false";
EOT
# (A mirror may be a snapshot whose Release files are past their
# Valid-Until date: sid's is valid for a week.  Signatures are checked.)
# The unprivileged _apt user may not reach a cache under a private home.
[ "$(id -u)" != 0 ] || echo 'APT::Sandbox::User "root";' >> "$APTROOT/etc/apt.conf"
export APT_CONFIG=$APTROOT/etc/apt.conf

# Refresh the package list when the source changed or it is old.
stale=1
if cmp -s "$APTROOT/etc/sources.list.new" "$APTROOT/etc/sources.list" &&
   [ -n "$(find "$APTROOT/updated" -mmin -$((REFRESH_HOURS * 60)) 2>/dev/null)" ]; then
	stale=0
fi
mv "$APTROOT/etc/sources.list.new" "$APTROOT/etc/sources.list"
if [ $stale -eq 1 ]; then
	vm_log "fetch: apt-get update ($T_SUITE, private lists)"
	if ! apt-get -q update > "$APTROOT/update.log" 2>&1; then
		if [ -f "$ENVFILE" ]; then
			vm_log "fetch: apt-get update failed, using the cached kernel"
			cat "$ENVFILE"
			exit 0
		fi
		cat "$APTROOT/update.log" >&2
		vm_die "apt-get update of the private package list failed"
	fi
	touch "$APTROOT/updated"
fi

# --- Resolve package names (the kernel ABI number changes) ---

# Each apt-cache run reads the whole list (about half a second): few runs.
dep_of() {	# REGEX DEPENDS-OUTPUT: first dependency matching REGEX
	awk -v re="$1" '$1 == "Depends:" && $2 ~ re { print $2; exit }' <<< "$2"
}
deps=$(apt-cache depends "linux-image-$T_FLAVOUR" xen-system-amd64 2>/dev/null)
image=$(dep_of '^linux-image-[0-9]' "$deps")
xen=$(dep_of '^xen-hypervisor-[0-9]' "$deps")
[ -n "$image" ] || vm_die "cannot resolve linux-image-$T_FLAVOUR in $T_SUITE"
KVER=${image#linux-image-}
headers=linux-headers-$KVER
deps=$(apt-cache depends "$headers" 2>/dev/null)
common=$(dep_of '^linux-headers-.*-common' "$deps")
kbuild=$(dep_of '^linux-kbuild-' "$deps")
[ -n "$common" ] && [ -n "$kbuild" ] ||
	vm_die "cannot resolve the headers/kbuild packages of $KVER"
[ -n "$xen" ] || vm_log "fetch: no Xen hypervisor in $T_SUITE (xen-dom0 cannot run)"

# "package=version" lines, the candidate versions.  The image is in
# linux-binary-VER (newer kernels), else in linux-image-VER-unsigned
# (the signed one has the same vmlinuz, plus a dependency on it).
stamp=$(apt-cache show --no-all-versions "linux-binary-$KVER" "$image-unsigned" \
	"$image" $headers $common $kbuild $xen 2>/dev/null |
	awk '$1 == "Package:" { p = $2 } $1 == "Version:" { print p "=" $2 }')
version_of() { sed -n "s/^$1=//p" <<< "$stamp"; }
for kimage in "linux-binary-$KVER" "$image-unsigned" "$image"; do
	[ -z "$(version_of "$kimage")" ] || break
done
pkgs="$kimage $headers $common $kbuild $xen"
stamp=$(for p in $pkgs; do
	v=$(version_of "$p")
	[ -n "$v" ] || vm_die "cannot find the version of $p in $T_SUITE"
	echo "$p=$v"
done)
KROOT=$DTRACE_VM_CACHE/kernels/$T_ID/$KVER-$(version_of "$headers")

deb_of() {	# PACKAGE: its downloaded file
	local v
	v=$(version_of "$1")
	ls "$DEBS/${1}_${v//:/%3a}_"*.deb 2>/dev/null | head -n 1
}

if [ ! -f "$KROOT/.complete" ] || [ "$(cat "$KROOT/.complete")" != "$stamp" ]; then
	vm_log "fetch: downloading $pkgs"
	rm -rf "$KROOT"
	mkdir -p "$KROOT/root"
	missing=
	for p in $pkgs; do
		[ -n "$(deb_of "$p")" ] || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		# shellcheck disable=SC2086
		(cd "$DEBS" && apt-get -q download $missing) > "$APTROOT/download.log" 2>&1 ||
			{ cat "$APTROOT/download.log" >&2; vm_die "apt-get download failed"; }
	fi
	for p in $pkgs; do
		deb=$(deb_of "$p")
		case $p in
		"$kimage")	# only the vmlinuz: the in-tree modules are not needed
			f=$(dpkg-deb -c "$deb" | awk '{ print $6 }' |
			    grep -E '^\./(boot/vmlinuz-|usr/lib/modules/[^/]*/vmlinuz$)' |
			    head -n 1)
			[ -n "$f" ] || vm_die "no vmlinuz in $deb"
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KROOT/root" "$f"
			mkdir -p "$KROOT/root/boot"
			[ "$f" = "./boot/vmlinuz-$KVER" ] ||
				mv "$KROOT/root/$f" "$KROOT/root/boot/vmlinuz-$KVER"
			;;
		xen-hypervisor-*)
			dpkg-deb -x "$deb" "$KROOT/root"
			xengz=$(ls "$KROOT"/root/boot/xen-*-amd64.gz | head -n 1)
			gunzip -c "$xengz" > "$KROOT/xen"
			;;
		*)
			dpkg-deb -x "$deb" "$KROOT/root" ;;
		esac
	done
	# The arch headers refer to the common tree (and newer ones to
	# themselves) by absolute path.
	sed -i -e "s|^include /usr/src/|include $KROOT/root/usr/src/|" \
	       -e "s|^KBUILD_OUTPUT=/usr/src/|KBUILD_OUTPUT=$KROOT/root/usr/src/|" \
		"$KROOT/root/usr/src/$headers/Makefile"
	echo "$stamp" > "$KROOT/.complete"
	# Older kernels of this target are not needed any more.
	find "$DTRACE_VM_CACHE/kernels/$T_ID" -mindepth 1 -maxdepth 1 \
		! -path "$KROOT" -exec rm -rf {} +
	find "$DEBS" -name '*.deb' -mtime +30 -delete
fi

# --- dom0 of a Xen PV domU: Xen driver modules and the toolstack ---

# The toolstack's packages: xen-utils-VER and what it needs to run,
# following only library and Xen packages (not python3, udev, perl...).
xen_tool_pkgs() {
	local want=$1 seen='' next p
	while [ -n "$want" ]; do
		seen="$seen $want"
		# shellcheck disable=SC2086
		next=$(apt-cache depends --no-recommends --no-suggests --no-conflicts \
			--no-breaks --no-replaces --no-enhances $want 2>/dev/null |
			awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 !~ /^</ { print $2 }' |
			grep -E '^(lib|zlib|xen)' | sort -u)
		want=
		for p in $next; do
			case " $seen " in *" $p "*) ;; *) want="$want $p" ;; esac
		done
	done
	echo $seen
}

DOM0=$KROOT/dom0
if [ $XEN_TOOLS -eq 1 ]; then
	[ -n "$xen" ] || vm_die "no Xen in $T_SUITE: no dom0 toolstack"
	xver=${xen#xen-hypervisor-}
	xver=${xver%-amd64}
	tpkgs=$(xen_tool_pkgs "xen-utils-$xver xen-utils-common xenstore-utils")
	# shellcheck disable=SC2086
	tstamp=$(apt-cache show --no-all-versions $tpkgs 2>/dev/null |
		awk '$1 == "Package:" { p = $2 } $1 == "Version:" { print p "=" $2 }' |
		sort)
	if [ ! -f "$KROOT/.complete-dom0" ] || [ "$(cat "$KROOT/.complete-dom0")" != "$tstamp" ]; then
		vm_log "fetch: dom0 toolstack:" $tpkgs
		rm -rf "$DOM0"
		mkdir -p "$DOM0"
		missing=
		while IFS='=' read -r p v; do
			ls "$DEBS/${p}_${v//:/%3a}_"*.deb > /dev/null 2>&1 || missing="$missing $p"
		done <<< "$tstamp"
		[ -n "$(deb_of "$kimage")" ] || missing="$missing $kimage"
		if [ -n "$missing" ]; then
			# shellcheck disable=SC2086
			(cd "$DEBS" && apt-get -q download $missing) > "$APTROOT/download.log" 2>&1 ||
				{ cat "$APTROOT/download.log" >&2; vm_die "apt-get download failed"; }
		fi
		while IFS='=' read -r p v; do
			dpkg-deb -x "$(ls "$DEBS/${p}_${v//:/%3a}_"*.deb | head -n 1)" "$DOM0"
		done <<< "$tstamp"
		# The kernel's Xen drivers (xenfs, evtchn, privcmd, gntdev...),
		# uncompressed so that busybox insmod can load them.
		dpkg-deb --fsys-tarfile "$(deb_of "$kimage")" |
			tar -x -C "$DOM0" --wildcards '*/modules/*/kernel/drivers/xen/*'
		find "$DOM0" -name '*.ko.xz' -exec xz -d {} +
		find "$DOM0" -name '*.ko.zst' -exec zstd -q -d --rm {} +
		find "$DOM0" -name '*.ko.gz' -exec gzip -d {} +
		echo "$tstamp" > "$KROOT/.complete-dom0"
	fi
fi

# The image's own config and System.map, for tests that check the probe
# stage against them (not the headers' copy: an independent source).
# Kept apart from the .complete stamp so that adding them never forces a
# re-extraction of a kernel tree other runs may be using.  Newer images
# (linux-binary-VER) keep them in linux-base-VER.
facts=$KROOT/facts
if [ ! -f "$facts/config" ] || [ ! -f "$facts/System.map" ]; then
	rm -rf "$facts.tmp"
	mkdir -p "$facts.tmp"
	src=$kimage
	[ "$kimage" != "linux-binary-$KVER" ] || src=linux-base-$KVER
	v=$(version_of "$kimage")
	deb=$(ls "$DEBS/${src}_${v//:/%3a}_"*.deb 2>/dev/null | head -n 1) || true
	if [ -z "$deb" ]; then
		(cd "$DEBS" && apt-get -q download "$src=$v") > "$APTROOT/download.log" 2>&1 ||
			{ cat "$APTROOT/download.log" >&2; vm_die "apt-get download $src failed"; }
		deb=$(ls "$DEBS/${src}_${v//:/%3a}_"*.deb | head -n 1)
	fi
	# Only some of these exist in a given package.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$facts.tmp" \
		"./boot/config-$KVER" "./boot/System.map-$KVER" \
		"./usr/lib/modules/$KVER/config" "./usr/lib/modules/$KVER/System.map" \
		2>/dev/null || true
	for f in config System.map; do
		for g in "$facts.tmp/boot/$f-$KVER" "$facts.tmp/usr/lib/modules/$KVER/$f"; do
			[ ! -f "$g" ] || mv "$g" "$facts.tmp/$f"
		done
		[ -f "$facts.tmp/$f" ] || vm_die "no $f for $KVER in $deb"
	done
	rm -rf "$facts.tmp/boot" "$facts.tmp/usr" "$facts"
	mv "$facts.tmp" "$facts"
fi

kdebs=
for p in $headers $common $kbuild; do
	kdebs="$kdebs $(deb_of "$p")"
done
cat > "$ENVFILE.tmp" <<EOT
KTARGET=$T_SUITE:$T_FLAVOUR
KSUITE=$T_SUITE
KVER=$KVER
KROOT=$KROOT/root
KBUILD_DIR=$KROOT/root/usr/src/$headers
VMLINUZ=$KROOT/root/boot/vmlinuz-$KVER
XEN=$([ -z "$xen" ] || echo "$KROOT/xen")
KCONFIG=$facts/config
KSYSMAP=$facts/System.map
DOM0=$([ ! -f "$KROOT/.complete-dom0" ] || echo "$DOM0")
KDEBS="${kdebs# }"
EOT
mv "$ENVFILE.tmp" "$ENVFILE"
vm_log "fetch: kernel $KVER ($T_SUITE) ready"
cat "$ENVFILE"
