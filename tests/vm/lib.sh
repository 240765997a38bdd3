# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# Shared settings and helpers for the QEMU test harness (sourced, not run).
#
# Directories (all overridable from the environment):
#   DTRACE_VM_CACHE  downloaded Debian packages, the extracted kernels and
#                    the build chroots; kept between runs and between
#                    clones of the repo.
#   DTRACE_VM_WORK   per-checkout build products, initramfs images, logs.
#
# Kernel targets.  A target names a Debian kernel as "SUITE:FLAVOUR"
# (bookworm:amd64 is Debian 12's 6.1); the version is resolved when it is
# fetched.  The scripts work on DTRACE_VM_TARGET (default
# "$DTRACE_VM_SUITE:amd64", i.e. bookworm:amd64).  run-all.sh runs every
# target of DTRACE_VM_KERNELS; there an entry may end in ":ENV+ENV" to
# choose its environments (default DTRACE_VM_ENVS).

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$VM_DIR/../.." && pwd)

: "${DTRACE_VM_CACHE:=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/dtrace-linux/vm}"
: "${DTRACE_VM_WORK:=$VM_DIR/.work}"
: "${DTRACE_VM_SUITE:=bookworm}"
: "${DTRACE_VM_TARGET:=$DTRACE_VM_SUITE:amd64}"
export DTRACE_VM_CACHE DTRACE_VM_WORK DTRACE_VM_SUITE DTRACE_VM_TARGET

JOBS=$(nproc 2>/dev/null || echo 2)

vm_log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
vm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# vm_target TARGET: set T_SUITE, T_FLAVOUR, T_ENVS (space separated, may
# be empty) and T_ID ("SUITE-FLAVOUR", for file names).  FLAVOUR is the
# Debian kernel flavour: "amd64", or "cloud", "rt" ... which stand for
# "cloud-amd64", "rt-amd64" (the linux-image-FLAVOUR package).
vm_target() {
	local rest
	T_SUITE=${1%%:*}
	rest=${1#"$T_SUITE"}
	rest=${rest#:}
	T_FLAVOUR=${rest%%:*}
	[ -n "$T_FLAVOUR" ] || T_FLAVOUR=amd64
	case $T_FLAVOUR in amd64|*-amd64) ;; *) T_FLAVOUR=$T_FLAVOUR-amd64 ;; esac
	T_ENVS=
	case $rest in *:*) T_ENVS=${rest#*:}; T_ENVS=${T_ENVS//+/ } ;; esac
	case "$T_SUITE$T_FLAVOUR" in ''|*[!a-z0-9.-]*)
		vm_die "bad kernel target '$1' (want SUITE:FLAVOUR, e.g. bookworm:amd64)" ;;
	esac
	T_ID=$T_SUITE-$T_FLAVOUR
}

# The host's Debian release (its codename), if it is Debian.
vm_host_codename() {
	[ -r /etc/os-release ] && (. /etc/os-release; echo "${VERSION_CODENAME:-}")
}

# Kernel description written by fetch-kernel.sh for the target: KVER,
# KSUITE, KROOT, KBUILD_DIR, VMLINUZ, XEN, KDEBS (the packages' files),
# KCONFIG and KSYSMAP (the image package's own config and System.map:
# facts about the kernel independent of the headers).
vm_kernel_env() {
	vm_target "${1:-$DTRACE_VM_TARGET}"
	echo "$DTRACE_VM_CACHE/kernel-$T_ID.env"
}

vm_load_kernel_env() {
	local env
	env=$(vm_kernel_env "${1:-}")
	[ -f "$env" ] || vm_die "no kernel fetched for ${1:-$DTRACE_VM_TARGET} yet: run tests/vm/fetch-kernel.sh"
	# shellcheck disable=SC1090
	. "$env"
	[ -f "$VMLINUZ" ] && [ -d "$KROOT" ] ||
		vm_die "kernel cache $env is stale: rerun tests/vm/fetch-kernel.sh"
}

# Where the module and initramfs for kernel KVER live, and its logs.
vm_build_dir() { echo "$DTRACE_VM_WORK/build-$1"; }
vm_logs() { echo "$DTRACE_VM_WORK/logs/$1"; }

# --- The Debian mirror: the host's (not security, not third-party) ---

# Print "URI<TAB>SUITES<TAB>SIGNED-BY" for every enabled binary source.
vm_host_sources() {
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

# vm_mirror SUITE: set MIRROR and SIGNED_BY (keyring file, may be empty)
# from DTRACE_VM_MIRROR or the first host source that carries the host's
# own release or SUITE, excluding security and non-Debian archives.
vm_mirror() {
	local line
	MIRROR=${DTRACE_VM_MIRROR:-}
	SIGNED_BY=
	if [ -z "$MIRROR" ]; then
		line=$(vm_host_sources | awk -F'\t' -v c="$(vm_host_codename)" -v s="$1" '
			$1 ~ /security/ || $1 ~ /^cdrom:/ { next }
			{
				n = split($2, su, " ")
				for (i = 1; i <= n; i++)
					if ((c != "" && su[i] == c) || su[i] == s) {
						print $1 "\t" $3; exit
					}
			}' || true)
		MIRROR=${line%%$'\t'*}
		SIGNED_BY=${line#*$'\t'}
		[ "$SIGNED_BY" != "$line" ] || SIGNED_BY=
	fi
	if [ -z "$SIGNED_BY" ] && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
		SIGNED_BY=/usr/share/keyrings/debian-archive-keyring.gpg
	fi
	[ -n "$MIRROR" ] ||
		vm_die "no Debian mirror found in /etc/apt/sources.list{,.d}; set DTRACE_VM_MIRROR"
}

# The host's static busybox, which the test initramfs images run on.
vm_static_busybox() {
	local b
	for b in /bin/busybox /usr/bin/busybox; do
		if [ -x "$b" ] && file -L "$b" |
			grep -q -E 'statically linked|static-pie linked'; then
			echo "$b"
			return 0
		fi
	done
	vm_die "no static busybox found (apt-get install busybox-static)"
}
