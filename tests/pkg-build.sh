#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# pkg-build.sh [OUTDIR]: build the release tarball, the Debian packages
# and the RPM packages from a clean copy of the tree, and check them.
#
#   1. copy      the files git knows (tracked, or new and not ignored) into
#                a work directory: nothing a build left in the checkout
#   2. dist      autogen.sh, configure --without-module, make dist; the
#                tarball must carry every file of the copy except the
#                .gitignore files and .ci/ (see Makefile.am's EXTRA_DIST)
#   3. distcheck make distcheck (user space only: the flags
#                DISTCHECK_CONFIGURE_FLAGS=--without-module in Makefile.am,
#                since a CI host has no headers of its own kernel)
#   4. version   debian/changelog and the generated rpm/dtrace.spec carry
#                AC_INIT's version (configure.ac is the one place)
#   5. deb       dpkg-buildpackage -us -uc in the unpacked tarball (source
#                and binary packages), lintian on the .changes (any E: or
#                not overridden W: fails), the packages' contents
#   6. rpm       rpmbuild -ba rpm/dtrace.spec in the build directory with
#                the tarball as Source0 and a private _topdir, rpm
#                -qpl/-qpR/--scripts checks, rpmlint with rpm/dtrace.rpmlintrc
#   7. sign      dkms build of the packaged module source signs dtrace.ko
#                with /var/lib/dkms/mok.key (private mount namespace; the
#                cached kernel of the host's release, else SKIP)
#
# Prints "PASS|FAIL|SKIP pkg/NAME DETAIL" per check; exits 1 if any
# failed.  The packages, the tarball and the log (pkg-build.log) are left
# in OUTDIR (default DTRACE_PKG_OUT, else tests/vm/.work/pkg).  Needs the
# build packages of tests/vm/install-deps.sh (debhelper, dh-dkms, lintian,
# rpm, rpmlint, ...).

set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=${1:-${DTRACE_PKG_OUT:-$TOP/tests/vm/.work/pkg}}
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd -P)
LOG=$OUT/pkg-build.log
W=$OUT/work
rm -rf "$W" "$OUT"/*.deb "$OUT"/*.rpm "$OUT"/*.tar.* "$OUT"/*.dsc \
	"$OUT"/*.changes "$OUT"/*.buildinfo
mkdir -p "$W"
: > "$LOG"
export LC_ALL=C
JOBS=2
failed=0

say() {	# PASS|FAIL|SKIP NAME DETAIL...
	[ "$1" != FAIL ] || failed=1
	echo "$*"
	echo "=== $*" >> "$LOG"
}
# run NAME CMD...: CMD's output goes to the log; its status is returned.
run() {
	local name=$1 rc
	shift
	echo "=== $name: $*" >> "$LOG"
	"$@" >> "$LOG" 2>&1
	rc=$?
	[ $rc -eq 0 ] || echo "=== $name: exit $rc" >> "$LOG"
	return $rc
}
finish() {
	[ $failed -eq 0 ] || echo "pkg-build: failed; log: $LOG" >&2
	exit $failed
}

# 1. A clean copy ------------------------------------------------------------
SRC=$W/src
mkdir -p "$SRC"
if git -C "$TOP" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	# Tracked files and new ones not ignored; deleted ones are left out.
	git -C "$TOP" ls-files -z --cached --others --exclude-standard |
		(cd "$TOP" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		sort -z > "$W/files"
	if (cd "$TOP" && tar --null -T "$W/files" -cf -) | tar -xf - -C "$SRC"; then
		say PASS pkg/copy "$(tr -cd '\0' < "$W/files" | wc -c) files from git ls-files"
	else
		say FAIL pkg/copy "cannot copy the tree"
		finish
	fi
else
	# An unpacked release tarball: it is the clean tree.
	tar -C "$TOP" --exclude=./tests/vm/.work -cf - . | tar -xf - -C "$SRC"
	: > "$W/files"
	say PASS pkg/copy "no git: the tree as it is"
fi

# 2. make dist ---------------------------------------------------------------
B=$W/build
mkdir -p "$B"
if ! run autogen "$SRC/autogen.sh" ||
   ! (cd "$B" && run configure "$SRC/configure" --without-module) ||
   ! run dist make -C "$B" dist; then
	say FAIL pkg/dist "autogen, configure or make dist failed; see $LOG"
	finish
fi
# AC_INIT's version, as configure put it into the Makefile.
VERSION=$(sed -n 's/^PACKAGE_VERSION = //p' "$B/Makefile")
TARBALL=$B/dtrace-$VERSION.tar.gz
if [ -f "$TARBALL" ]; then
	say PASS pkg/dist "dtrace-$VERSION.tar.gz ($(du -k "$TARBALL" | cut -f1) KiB)"
	cp -p "$TARBALL" "$OUT/"
else
	say FAIL pkg/dist "make dist made no dtrace-$VERSION.tar.gz"
	finish
fi

# Every file of the tree is in the tarball, except what a release tarball
# should not carry: .gitignore files and .ci/ (the repository's CI hook).
if [ -s "$W/files" ]; then
	tr '\0' '\n' < "$W/files" | grep -v -e '^\.ci/' -e '\(^\|/\)\.gitignore$' |
		sort > "$W/files.want"
	tar -tzf "$TARBALL" | sed -n "s,^dtrace-$VERSION/,,p" | grep -v '/$' |
		sed '/^$/d' | sort > "$W/files.dist"
	missing=$(comm -23 "$W/files.want" "$W/files.dist")
	if [ -z "$missing" ]; then
		say PASS pkg/dist-complete "the tarball has all $(wc -l < "$W/files.want") files of the tree (besides .gitignore, .ci/) and $(comm -13 "$W/files.want" "$W/files.dist" | wc -l) generated ones"
	else
		echo "$missing" >> "$LOG"
		say FAIL pkg/dist-complete "not in the tarball: $(echo "$missing" | head -n 5 | tr '\n' ' ')($(echo "$missing" | wc -l) files; list in $LOG)"
	fi
else
	say SKIP pkg/dist-complete "no git: no list of the tree's files to compare with"
fi

# 3. make distcheck ----------------------------------------------------------
if run distcheck make -C "$B" distcheck; then
	say PASS pkg/distcheck "builds and passes make check out of tree from the tarball (--without-module: no kernel headers here)"
else
	say FAIL pkg/distcheck "make distcheck failed; see $LOG"
fi

# 4. One version -------------------------------------------------------------
dv=$(cd "$SRC" && dpkg-parsechangelog -S Version 2>> "$LOG")
if [ "$dv" = "$VERSION" ]; then
	say PASS pkg/version-debian "debian/changelog $dv = AC_INIT $VERSION"
else
	say FAIL pkg/version-debian "debian/changelog is at $dv, configure.ac (AC_INIT) at $VERSION"
fi
sv=$(rpmspec -q --srpm --qf '%{version}' "$B/rpm/dtrace.spec" 2>> "$LOG")
if [ "$sv" = "$VERSION" ]; then
	say PASS pkg/version-rpm "rpm/dtrace.spec $sv = AC_INIT $VERSION"
else
	say FAIL pkg/version-rpm "rpm/dtrace.spec is at '$sv', configure.ac (AC_INIT) at $VERSION"
fi

# What the DKMS source tree must hold: dkms.conf, Kbuild, the probe stage
# and the kernel-side sources, as in the tree.  Paths relative to it.
(cd "$SRC" && {
	echo dkms.conf
	echo Kbuild
	ls kadapt/build-module kadapt/kadapt-probe kadapt/*.[ch] \
	   kadapt/probes/*.c src/kernel/*.[ch] src/common/*.[ch]
} | sort) > "$W/dkms.want"
# check_dkms_tree NAME LISTFILE: LISTFILE is the package's file list.
check_dkms_tree() {
	local name=$1 list=$2 extra lack
	sed -n "s,^/usr/src/dtrace-$VERSION/,,p" "$list" | sort > "$W/$name.dkms"
	lack=$(comm -23 "$W/dkms.want" "$W/$name.dkms")
	extra=$(comm -13 "$W/dkms.want" "$W/$name.dkms" | grep -v -x -e kadapt -e kadapt/probes -e src -e src/kernel -e src/common)
	if [ -z "$lack$extra" ]; then
		say PASS "pkg/$name-dkms-tree" "/usr/src/dtrace-$VERSION: dkms.conf, Kbuild, kadapt/ with the probe stage, src/kernel, src/common ($(wc -l < "$W/dkms.want") files)"
	else
		say FAIL "pkg/$name-dkms-tree" "/usr/src/dtrace-$VERSION: missing: $(echo $lack | head -c 200); unexpected: $(echo $extra | head -c 200)"
	fi
}

# 5. Debian ------------------------------------------------------------------
D=$W/deb
mkdir -p "$D"
tar -xzf "$TARBALL" -C "$D"
if (cd "$D/dtrace-$VERSION" && run dpkg-buildpackage dpkg-buildpackage -us -uc -j$JOBS); then
	say PASS pkg/deb-build "dpkg-buildpackage -us -uc: $(cd "$D" && ls *.deb *.dsc | tr '\n' ' ')"
	cp -p "$D"/*.deb "$D"/*.dsc "$D"/*.tar.* "$D"/*.changes "$D"/*.buildinfo "$OUT/"
else
	say FAIL pkg/deb-build "dpkg-buildpackage failed; see $LOG"
fi
DKMS_DEB=$D/dtrace-dkms_${VERSION}_all.deb
UTILS_DEB=$(ls "$D"/dtrace-utils_"${VERSION}"_*.deb 2>/dev/null | head -n 1)
CHANGES=$(ls "$D"/dtrace_"${VERSION}"_*.changes 2>/dev/null | head -n 1)

if [ -n "$CHANGES" ]; then
	# Overridden tags are not printed; I: and P: are information only.
	lintian -I --pedantic --fail-on none "$CHANGES" > "$W/lintian.out" 2>> "$LOG"
	cat "$W/lintian.out" >> "$LOG"
	cp "$W/lintian.out" "$OUT/lintian.txt"
	bad=$(grep -E '^[EW]: ' "$W/lintian.out")
	info=$(grep -cE '^[IPX]: ' "$W/lintian.out")
	if [ -z "$bad" ]; then
		say PASS pkg/lintian "no errors or warnings (lintian $(lintian --version | awk '{print $2}'); $info info/pedantic tags, in $OUT/lintian.txt)"
	else
		say FAIL pkg/lintian "$(echo "$bad" | head -n 3 | tr '\n' ' ')($(echo "$bad" | wc -l) E/W; $OUT/lintian.txt)"
	fi
else
	say FAIL pkg/lintian "not run: no .changes"
fi

if [ -f "$DKMS_DEB" ]; then
	dpkg-deb -c "$DKMS_DEB" | awk '{ print substr($6, 2) }' | sed 's,/$,,' > "$W/deb-dkms.list"
	check_dkms_tree deb "$W/deb-dkms.list"
	dpkg-deb --ctrl-tarfile "$DKMS_DEB" | tar -xOf - ./postinst ./prerm > "$W/deb-dkms.scripts" 2>/dev/null
	dep=$(dpkg-deb -f "$DKMS_DEB" Depends)
	pv=$(dpkg-deb --fsys-tarfile "$DKMS_DEB" | tar -xOf - "./usr/src/dtrace-$VERSION/dkms.conf" | sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p')
	if grep -q "/usr/lib/dkms/common.postinst" "$W/deb-dkms.scripts" &&
	   grep -q "dkms remove -m \$DKMS_NAME -v \$DKMS_VERSION --all" "$W/deb-dkms.scripts" &&
	   grep -q '^DKMS_NAME=dtrace$' "$W/deb-dkms.scripts" &&
	   grep -q "^DKMS_VERSION=$VERSION\$" "$W/deb-dkms.scripts" &&
	   [ "$pv" = "$VERSION" ] && echo "$dep" | grep -q 'dkms'; then
		say PASS pkg/deb-dkms-scripts "postinst registers and builds dtrace/$VERSION with DKMS (common.postinst), prerm removes it; dkms.conf PACKAGE_VERSION=$pv; Depends: $dep"
	else
		say FAIL pkg/deb-dkms-scripts "postinst/prerm/dkms.conf do not register dtrace/$VERSION with DKMS (PACKAGE_VERSION=$pv; Depends: $dep)"
	fi
else
	say FAIL pkg/deb-dkms-tree "no dtrace-dkms_${VERSION}_all.deb"
fi
if [ -n "$UTILS_DEB" ]; then
	dpkg-deb -c "$UTILS_DEB" | awk '{ print substr($6, 2) }' > "$W/deb-utils.list"
	ml=$(dpkg-deb --fsys-tarfile "$UTILS_DEB" | tar -xOf - ./usr/lib/modules-load.d/dtrace.conf 2>/dev/null | grep -v '^#')
	lack=
	for f in /usr/bin/dtrace /usr/share/man/man1/dtrace.1.gz /usr/lib/modules-load.d/dtrace.conf; do
		grep -qx "$f" "$W/deb-utils.list" || lack="$lack $f"
	done
	if [ -z "$lack" ] && [ "$ml" = dtrace ]; then
		say PASS pkg/deb-utils-files "/usr/bin/dtrace, dtrace.1.gz, modules-load.d/dtrace.conf (loads dtrace at boot); Recommends: $(dpkg-deb -f "$UTILS_DEB" Recommends)"
	else
		say FAIL pkg/deb-utils-files "missing:${lack:- none}; modules-load.d/dtrace.conf says '$ml'"
	fi
else
	say FAIL pkg/deb-utils-files "no dtrace-utils_${VERSION}_*.deb"
fi

# 6. RPM ---------------------------------------------------------------------
R=$W/rpm
mkdir -p "$R"
# Building on Debian's rpm: there is no rpm database of installed
# packages, so build dependencies cannot be checked (--nodeps);
# systemd-rpm-macros, which defines _modulesloaddir on Fedora, is not
# there; and Debian's brp-compress needs bash (it runs "read -d" under
# /bin/sh, leaving man pages uncompressed), so the post-install steps run
# it with bash.
osp=$(rpm --eval '%{__os_install_post}' |
	sed '/^ *$/d; s,^ *,,; s,^/usr/lib/rpm/brp-compress,bash &,' | paste -sd';')
# As the README says, in the build directory: rpmbuild -ba --define
# "_sourcedir $PWD" rpm/dtrace.spec; here with a private _topdir.
if (cd "$B" && run rpmbuild rpmbuild -ba --define "_sourcedir $PWD" \
	--nodeps --define "_topdir $R" \
	--define "_modulesloaddir /usr/lib/modules-load.d" \
	--define "__os_install_post $osp" \
	--define "_smp_mflags -j$JOBS" rpm/dtrace.spec); then
	say PASS pkg/rpm-build "rpmbuild -ba rpm/dtrace.spec: $(find "$R/RPMS" "$R/SRPMS" -name '*.rpm' -printf '%f ')"
	cp -p "$R"/RPMS/*/*.rpm "$R"/SRPMS/*.rpm "$OUT/"
else
	say FAIL pkg/rpm-build "rpmbuild failed; see $LOG"
fi
DKMS_RPM=$(ls "$R"/RPMS/noarch/dtrace-dkms-"$VERSION"-*.noarch.rpm 2>/dev/null | head -n 1)
MAIN_RPM=$(ls "$R"/RPMS/x86_64/dtrace-"$VERSION"-*.x86_64.rpm 2>/dev/null | head -n 1)
if [ -n "$DKMS_RPM" ]; then
	rpm -qpl "$DKMS_RPM" > "$W/rpm-dkms.list" 2>> "$LOG"
	check_dkms_tree rpm "$W/rpm-dkms.list"
	rpm -qp --scripts "$DKMS_RPM" > "$W/rpm-dkms.scripts" 2>> "$LOG"
	req=$(rpm -qpR "$DKMS_RPM" 2>> "$LOG" | grep -v '^rpmlib(' | tr '\n' ' ')
	if awk '/^postinstall/ { p = 1 } /^preuninstall/ { p = 0 } p' "$W/rpm-dkms.scripts" |
		grep -q "dkms add -m dtrace -v $VERSION" &&
	   awk '/^postinstall/ { p = 1 } /^preuninstall/ { p = 0 } p' "$W/rpm-dkms.scripts" |
		grep -q "dkms install -m dtrace -v $VERSION" &&
	   awk '/^preuninstall/ { p = 1 } p' "$W/rpm-dkms.scripts" |
		grep -q "dkms remove -m dtrace -v $VERSION" &&
	   echo " $req" | grep -q ' dkms '; then
		say PASS pkg/rpm-dkms-scripts "%post dkms add/build/install, %preun dkms remove of dtrace/$VERSION; Requires: $req"
	else
		say FAIL pkg/rpm-dkms-scripts "the scriptlets do not add/build/install and remove dtrace/$VERSION (Requires: $req)"
	fi
else
	say FAIL pkg/rpm-dkms-tree "no dtrace-dkms-$VERSION noarch rpm"
fi
if [ -n "$MAIN_RPM" ]; then
	rpm -qpl "$MAIN_RPM" > "$W/rpm-main.list" 2>> "$LOG"
	lack=
	for f in /usr/bin/dtrace /usr/share/man/man1/dtrace.1.gz /usr/lib/modules-load.d/dtrace.conf; do
		grep -qx "$f" "$W/rpm-main.list" || lack="$lack $f"
	done
	if [ -z "$lack" ]; then
		say PASS pkg/rpm-main-files "/usr/bin/dtrace, dtrace.1.gz, modules-load.d/dtrace.conf; Recommends: $(rpm -qp --recommends "$MAIN_RPM" 2>/dev/null | tr '\n' ' ')"
	else
		say FAIL pkg/rpm-main-files "missing:$lack"
	fi
else
	say FAIL pkg/rpm-main-files "no dtrace-$VERSION x86_64 rpm"
fi

if ! command -v rpmlint > /dev/null; then
	say SKIP pkg/rpmlint "rpmlint is not installed"
elif [ -n "$DKMS_RPM$MAIN_RPM" ]; then
	# Fedora's rpmlint configuration (rpmlint's configs/Fedora/fedora.toml,
	# and rpmlint-fedora-license-data for SPDX names) is not in Debian's
	# rpmlint: these lines give its verdicts.  Debian's rpm also strips
	# only debug sections (brp-strip -g) where Fedora's find-debuginfo
	# strips into a -debuginfo package.  And rpmlint 2.4.0 (Debian 12)
	# records a man page's section where it wants its name (FilesCheck:
	# group 'category', later rpmlint: 'binary'), so it warns for every
	# binary; pkg/rpm-main-files checks that dtrace.1.gz is there.
	cat > "$W/fedora-like.toml" <<-'EOF'
	CompressExtension = "gz"
	Filters = [
	    ' no-signature',
	    ' no-packager-tag',
	    ' no-group-tag',
	    ' no-buildroot-tag',
	    ' invalid-license GPL-2.0-only',
	    ' unstripped-binary-or-object /usr/bin/dtrace',
	    ' no-manual-page-for-binary dtrace',
	]
	EOF
	rpmlint -c "$W/fedora-like.toml" -r "$SRC/rpm/dtrace.rpmlintrc" \
		"$R"/RPMS/*/*.rpm "$R"/SRPMS/*.rpm "$B/rpm/dtrace.spec" \
		> "$W/rpmlint.out" 2>&1
	rc=$?
	cat "$W/rpmlint.out" >> "$LOG"
	cp "$W/rpmlint.out" "$OUT/rpmlint.txt"
	bad=$(grep -E ': [EW]: ' "$W/rpmlint.out")
	if [ $rc -eq 0 ] && [ -z "$bad" ]; then
		say PASS pkg/rpmlint "no errors or warnings ($(rpmlint --version 2>/dev/null | head -n 1); filters in rpm/dtrace.rpmlintrc)"
	else
		say FAIL pkg/rpmlint "exit $rc: $(echo "$bad" | head -n 3 | tr '\n' ' ')($OUT/rpmlint.txt)"
	fi
fi

# 7. DKMS signs the module ---------------------------------------------------
# DKMS (3.0.10 in Debian 12) signs every module it builds when it finds
# the kernel's scripts/sign-file, with /var/lib/dkms/mok.key and mok.pub
# (made by DKMS when missing).  Here with a key of our own, for a kernel
# of the host's release (the harness's cached headers, host compiler), in
# a private mount namespace: the host's /var/lib/dkms, /lib/modules and
# /usr/src are not touched.
sign_check() {
	local tgt kb ko signer s=$W/sign
	. "$TOP/tests/vm/lib.sh"
	tgt=${DTRACE_PKG_SIGN_TARGET:-$(vm_host_codename):amd64}
	if [ "$(id -u)" != 0 ] || ! unshare -m true 2> /dev/null; then
		say SKIP pkg/dkms-sign "needs root and unshare -m (a private /var/lib/dkms)"
		return
	fi
	if ! command -v dkms > /dev/null || ! command -v openssl > /dev/null; then
		say SKIP pkg/dkms-sign "needs dkms and openssl (tests/vm/install-deps.sh)"
		return
	fi
	if ! (vm_load_kernel_env "$tgt") > /dev/null 2>&1; then
		say SKIP pkg/dkms-sign "no cached $tgt kernel (tests/vm/fetch-kernel.sh $tgt)"
		return
	fi
	vm_load_kernel_env "$tgt"
	kb=$KBUILD_DIR
	[ -f "$DKMS_DEB" ] || { say FAIL pkg/dkms-sign "no dtrace-dkms .deb"; return; }
	mkdir -p "$s/deb"
	dpkg-deb -x "$DKMS_DEB" "$s/deb"
	openssl req -new -x509 -nodes -days 30 -subj "/CN=dtrace pkg-build test key" \
		-newkey rsa:2048 -keyout "$s/mok.key" -outform DER \
		-out "$s/mok.pub" >> "$LOG" 2>&1
	echo "=== dkms-sign: dkms build for $KVER in a private namespace" >> "$LOG"
	# shellcheck disable=SC2016
	unshare -m bash -ec '
		s=$1 kb=$2 kver=$3 v=$4
		mount --make-rprivate /
		for d in /var/lib/dkms /lib/modules /usr/src; do
			mkdir -p "$s/ns$d"
			mount --bind "$s/ns$d" "$d"
		done
		mkdir -p "/lib/modules/$kver"
		ln -s "$kb" "/lib/modules/$kver/build"
		cp -a "$s/deb/usr/src/dtrace-$v" /usr/src/
		cp "$s/mok.key" "$s/mok.pub" /var/lib/dkms/
		dkms add -m dtrace -v "$v"
		dkms build -m dtrace -v "$v" -k "$kver"
	' sign "$s" "$kb" "$KVER" "$VERSION" > "$s/dkms.log" 2>&1
	cat "$s/dkms.log" >> "$LOG"
	ko=$(ls "$s/ns/var/lib/dkms/dtrace/$VERSION/$KVER"/*/module/dtrace.ko* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		say FAIL pkg/dkms-sign "dkms build for $KVER made no module: $(tail -n 2 "$s/dkms.log" | tr '\n' ' ')"
		return
	fi
	case $ko in
	*.xz) xz -dc "$ko" > "$s/dtrace.ko" ;;
	*.gz) gzip -dc "$ko" > "$s/dtrace.ko" ;;
	*.zst) zstd -qdc "$ko" > "$s/dtrace.ko" ;;
	*) cp "$ko" "$s/dtrace.ko" ;;
	esac
	signer=$(modinfo -F signer "$s/dtrace.ko" 2>/dev/null)
	if [ "$(tail -c 28 "$s/dtrace.ko")" = "~Module signature appended~" ] &&
	   [ "$signer" = "dtrace pkg-build test key" ]; then
		say PASS pkg/dkms-sign "dkms build for $KVER signed dtrace.ko with /var/lib/dkms/mok.key (signer '$signer', $(modinfo -F sig_hashalgo "$s/dtrace.ko"))"
	else
		say FAIL pkg/dkms-sign "dtrace.ko built for $KVER is not signed by /var/lib/dkms/mok.key (signer '$signer'; see $LOG)"
	fi
}
sign_check

finish
