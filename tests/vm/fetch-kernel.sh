#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh: download Debian's current 6.1 amd64 kernel (image,
# headers, kbuild) and the Xen hypervisor with a private apt setup (the
# host's package state is never touched), extract them into the cache and
# make the headers usable from there.  Writes $DTRACE_VM_CACHE/kernel.env.
#
# The Debian mirror is taken from the host's apt sources; set
# DTRACE_VM_MIRROR to override it.  Everything is cached: a second run
# with a fresh enough package list does no network access.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

APTROOT=$DTRACE_VM_CACHE/apt
DEBS=$DTRACE_VM_CACHE/debs
REFRESH_HOURS=${DTRACE_VM_REFRESH_HOURS:-24}

mkdir -p "$APTROOT/etc" "$APTROOT/lists/partial" \
	 "$APTROOT/cache/archives/partial" "$DEBS"
exec 9>"$DTRACE_VM_CACHE/.lock"
flock 9

# --- Which mirror: the host's Debian (not security, not third-party) ---

# Print "URI<TAB>SUITES<TAB>SIGNED-BY" for every enabled binary source.
host_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '
		{ sub(/#.*/, "") }
		$1 == "deb" {
			i = 2; opts = ""
			if ($2 ~ /^\[/) {
				while (i <= NF) { opts = opts " " $i
					if ($i ~ /\]$/) { i++; break }; i++ }
			}
			sb = ""
			if (match(opts, /signed-by=[^] ]+/))
				sb = substr(opts, RSTART + 10, RLENGTH - 10)
			printf "%s\t%s\t%s\n", $i, $(i + 1), sb
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && enabled != "no")
				for (u = 1; u <= nu; u++)
					printf "%s\t%s\t%s\n", uri[u], suites, sb
			types = ""; suites = ""; sb = ""; enabled = ""; nu = 0
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		{
			key = tolower($1); $1 = ""; val = substr($0, 2)
			if (key == "types:") types = val
			else if (key == "suites:") suites = val
			else if (key == "enabled:") enabled = tolower(val)
			else if (key == "signed-by:" && val ~ /^\//) sb = val
			else if (key == "uris:") nu = split(val, uri, " ")
		}
		END { flush() }' "$f"
	done
}

# The first source that carries the host's own release (or the suite we
# want), excluding security archives and non-Debian repositories.
pick_mirror() {
	local codename=
	[ -r /etc/os-release ] && codename=$(. /etc/os-release; echo "${VERSION_CODENAME:-}")
	host_sources | awk -F'\t' -v c="$codename" -v s="$DTRACE_VM_SUITE" '
		$1 ~ /security/ || $1 ~ /^cdrom:/ { next }
		{
			n = split($2, su, " ")
			for (i = 1; i <= n; i++)
				if ((c != "" && su[i] == c) || su[i] == s) {
					print $1 "\t" $3; exit
				}
		}'
}

MIRROR=${DTRACE_VM_MIRROR:-}
SIGNED_BY=
if [ -z "$MIRROR" ]; then
	line=$(pick_mirror || true)
	MIRROR=${line%%$'\t'*}
	SIGNED_BY=${line#*$'\t'}
	[ "$SIGNED_BY" != "$line" ] || SIGNED_BY=
fi
if [ -z "$SIGNED_BY" ] && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
	SIGNED_BY=/usr/share/keyrings/debian-archive-keyring.gpg
fi
[ -n "$MIRROR" ] || vm_die "no Debian mirror found in /etc/apt/sources.list{,.d}; set DTRACE_VM_MIRROR"

opts=
[ -z "$SIGNED_BY" ] || opts="[signed-by=$SIGNED_BY] "
cat > "$APTROOT/etc/sources.list.new" <<EOF
deb ${opts}${MIRROR} ${DTRACE_VM_SUITE} main
EOF
cat > "$APTROOT/etc/apt.conf" <<EOF
Dir::Etc::SourceList "$APTROOT/etc/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$APTROOT/lists";
Dir::Cache "$APTROOT/cache";
Dir::State::status "/dev/null";
APT::Architecture "amd64";
Acquire::Languages "none";
EOF
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
	vm_log "fetch: apt-get update ($DTRACE_VM_SUITE, private lists)"
	if ! apt-get -q update > "$APTROOT/update.log" 2>&1; then
		if [ -f "$(vm_kernel_env)" ]; then
			vm_log "fetch: apt-get update failed, using the cached kernel"
			cat "$(vm_kernel_env)"
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
deps=$(apt-cache depends linux-image-amd64 xen-system-amd64 2>/dev/null)
image=$(dep_of '^linux-image-[0-9]' "$deps")
xen=$(dep_of '^xen-hypervisor-[0-9]' "$deps")
[ -n "$image" ] || vm_die "cannot resolve linux-image-amd64 in $DTRACE_VM_SUITE"
KVER=${image#linux-image-}
headers=linux-headers-$KVER
deps=$(apt-cache depends "$headers" 2>/dev/null)
common=$(dep_of '^linux-headers-.*-common$' "$deps")
kbuild=$(dep_of '^linux-kbuild-' "$deps")
[ -n "$common" ] && [ -n "$kbuild" ] && [ -n "$xen" ] ||
	vm_die "cannot resolve headers/kbuild/xen packages for $KVER"
pkgs="$image-unsigned $headers $common $kbuild $xen"

# "package=version" lines, the candidate versions.
stamp=$(apt-cache show --no-all-versions $pkgs 2>/dev/null |
	awk '$1 == "Package:" { p = $2 } $1 == "Version:" { print p "=" $2 }')
[ "$(wc -l <<< "$stamp")" -eq 5 ] || vm_die "cannot find versions of: $pkgs"
version_of() { sed -n "s/^$1=//p" <<< "$stamp"; }
KROOT=$DTRACE_VM_CACHE/kernels/$KVER-$(version_of "$headers")

if [ ! -f "$KROOT/.complete" ] || [ "$(cat "$KROOT/.complete")" != "$stamp" ]; then
	vm_log "fetch: downloading $pkgs"
	rm -rf "$KROOT"
	mkdir -p "$KROOT/root"
	(
		cd "$DEBS"
		missing=
		for p in $pkgs; do
			v=$(version_of "$p")
			ls "${p}_${v//:/%3a}_"*.deb > /dev/null 2>&1 || missing="$missing $p"
		done
		[ -z "$missing" ] || apt-get -q download $missing > "$APTROOT/download.log" 2>&1 ||
			{ cat "$APTROOT/download.log" >&2; exit 1; }
	) || vm_die "apt-get download failed"
	for p in $pkgs; do
		v=$(version_of "$p")
		deb=$(ls "$DEBS/${p}_${v//:/%3a}_"*.deb | head -n 1)
		case $p in
		linux-image-*)	# only /boot: the in-tree modules are not needed
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KROOT/root" ./boot ;;
		*)
			dpkg-deb -x "$deb" "$KROOT/root" ;;
		esac
	done
	# The arch headers include the common tree by absolute path.
	sed -i "s|^include /usr/src/|include $KROOT/root/usr/src/|" \
		"$KROOT/root/usr/src/$headers/Makefile"
	xengz=$(ls "$KROOT"/root/boot/xen-*-amd64.gz | head -n 1)
	gunzip -c "$xengz" > "$KROOT/xen"
	echo "$stamp" > "$KROOT/.complete"
	# Older kernels are not needed any more.
	find "$DTRACE_VM_CACHE/kernels" -mindepth 1 -maxdepth 1 \
		! -path "$KROOT" -exec rm -rf {} +
	find "$DEBS" -name '*.deb' -mtime +30 -delete
fi

cat > "$(vm_kernel_env).tmp" <<EOF
KVER=$KVER
KROOT=$KROOT/root
KBUILD_DIR=$KROOT/root/usr/src/$headers
VMLINUZ=$KROOT/root/boot/vmlinuz-$KVER
XEN=$KROOT/xen
EOF
mv "$(vm_kernel_env).tmp" "$(vm_kernel_env)"
vm_log "fetch: kernel $KVER ready"
cat "$(vm_kernel_env)"
