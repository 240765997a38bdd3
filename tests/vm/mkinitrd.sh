#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitrd.sh OUT.cpio.gz MODULE.ko STAGE HELPERDIR
#
# Build the test initramfs: busybox (static) as the whole userland, the
# module, the installed user space from STAGE (a "make install DESTDIR="
# tree) with every shared library it needs and the dynamic loader, the
# static test helpers, and the guest scripts (init, tests.sh,
# demo-guest.sh).

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || vm_die "usage: mkinitrd.sh OUT.cpio.gz MODULE.ko STAGE HELPERDIR"
out=$1
ko=$2
stage=$(cd "$3" && pwd)
helpers=$4

busybox=$(vm_static_busybox)
[ -f "$ko" ] || vm_die "module $ko not found"

root=$(mktemp -d "${TMPDIR:-/tmp}/dtrace-initrd.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/dtrace,dev,proc,sys,tmp,etc,root}
cp "$busybox" "$root/bin/busybox"
cp "$VM_DIR/init" "$root/init"
cp "$VM_DIR/tests.sh" "$VM_DIR/corpus.sh" "$VM_DIR/demo-guest.sh" "$ko" \
	"$root/lib/dtrace/"
cp -r "$VM_DIR/../d" "$root/lib/dtrace/d"
chmod 755 "$root/init"

# User space as installed, without what only a compiler needs.
(cd "$stage" && find . \( -path ./usr/include -o -path ./usr/share/man \
	-o -path '*/pkgconfig' \) -prune -o \( -type f -o -type l \) \
	! -name '*.a' ! -name '*.la' -print) |
	(cd "$stage" && cpio -pdm --quiet "$root")
dtrace=$(find "$root" -path '*/bin/dtrace' -type f | head -n 1)
[ -n "$dtrace" ] || vm_die "no bin/dtrace in $stage"
[ "$dtrace" = "$root/usr/bin/dtrace" ] || ln -sf "${dtrace#"$root"}" "$root/usr/bin/dtrace"
cp "$helpers"/* "$root/usr/bin/"

# The host's C preprocessor for "dtrace -C" (cpp runs cc1 from its own
# libexec directory, which therefore keeps its path).
if command -v cpp > /dev/null && cc1=$(cpp -print-prog-name=cc1) &&
   [ -x "$cc1" ]; then
	cp -L "$(command -v cpp)" "$root/usr/bin/cpp"
	mkdir -p "$root$(dirname "$cc1")"
	cp -L "$cc1" "$root$cc1"
fi

# Shared libraries from the host for every ELF in the image (the staged
# libraries are found through LD_LIBRARY_PATH and are already there).
libpath=$(find "$stage" -name '*.so*' -printf '%h\n' | sort -u | tr '\n' ':')
find "$root" -type f -perm -u+x ! -path "$root/bin/busybox" | while read -r f; do
	file -L "$f" | grep -q 'ELF.*dynamically linked' || continue
	LD_LIBRARY_PATH=$libpath ldd "$f" | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }'
done | sort -u | while read -r lib; do
	case $lib in "$stage"/*) continue ;; esac
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# The loader's usual x86-64 path is /lib64 -> /lib/x86_64-linux-gnu.
if [ -e /lib64/ld-linux-x86-64.so.2 ] && [ ! -e "$root/lib64/ld-linux-x86-64.so.2" ]; then
	mkdir -p "$root/lib64"
	cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
fi

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
vm_log "initrd: $out ($(du -k "$out" | cut -f1) KiB)"
