#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: build the libFuzzer targets and run each for a bounded time over
# the committed corpus.
#
#   tests/fuzz/run.sh [build|run|gen|all]     (default: all = build + run)
#
#   build  configure the tree with clang and -fsanitize=fuzzer-no-link,
#          address,undefined in its own build directory, build libdtrace
#          there and link fuzz_compile, fuzz_dif and gen_dif_corpus
#   run    run each target for DTRACE_FUZZ_TIME seconds (default 60) over
#          tests/fuzz/corpus/TARGET; new inputs go to the build directory,
#          never into the source tree
#   gen    rewrite tests/fuzz/corpus/dif/ with gen_dif_corpus (after build)
#
# Why a script and not a configure option: the targets need every object
# built with clang and the sanitizers, i.e. a build of its own.  Using the
# project's own configure and Makefile for that build keeps the list of
# library sources (and the flex/bison rules) in one place, the *.mk
# fragments, so nothing here goes stale when the library grows; the
# script only adds the flags and links the targets.
#
# Prints and writes to BUILD/fuzz.results one line per target, the way
# tests/run-all.sh records its tests: "PASS fuzz/TARGET ..." or
# "FAIL fuzz/TARGET ... ARTIFACT" (the input that crashed, leaked or hung;
# reproduce with "BUILD/TARGET ARTIFACT").  Exits 1 if any failed.
#
# Environment: DTRACE_FUZZ_TIME (seconds per target), DTRACE_FUZZ_SRC
# (the configured source tree, default this checkout: run ./autogen.sh
# first), DTRACE_FUZZ_BUILD (default $DTRACE_VM_WORK/fuzz, i.e.
# tests/vm/.work/fuzz), DTRACE_FUZZ_CC
# (default clang), DTRACE_FUZZ_JOBS (make -j, default 1), DTRACE_FUZZ_SEED
# (libFuzzer's -seed, to repeat a run; each log names the seed it used).
# Debian packages: clang libclang-rt-dev (libFuzzer and the sanitizer
# runtimes).

set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SRC=${DTRACE_FUZZ_SRC:-$TOP}
SRC=$(cd "$SRC" && pwd) || exit 1
B=${DTRACE_FUZZ_BUILD:-${DTRACE_VM_WORK:-$TOP/tests/vm/.work}/fuzz}
CC=${DTRACE_FUZZ_CC:-clang}
TIME=${DTRACE_FUZZ_TIME:-60}
JOBS=${DTRACE_FUZZ_JOBS:-1}
TARGETS="fuzz_compile fuzz_dif"
# Inputs longer than this are not tried: big enough for any construct,
# small enough that no single input takes long.
declare -A MAXLEN=([fuzz_compile]=4096 [fuzz_dif]=8192)
declare -A CORPUS=([fuzz_compile]=compile [fuzz_dif]=dif)
# Words of the input language, which random mutation rarely spells.
declare -A DICT=([fuzz_compile]=compile.dict)

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS_FUZZ="-g -O1 -fno-omit-frame-pointer $SAN"
mkdir -p "$B" || exit 1
B=$(cd "$B" && pwd)
RESULTS=$B/fuzz.results

say() { echo "fuzz: $*" >&2; }
result() {	# PASS|FAIL NAME DETAIL...
	echo "$*" | tee -a "$RESULTS"
}

# Fails with the fix when clang or libFuzzer is missing.
check_toolchain() {
	local t=$B/toolcheck
	if ! command -v "$CC" > /dev/null; then
		echo "$CC not found: apt-get install clang libclang-rt-dev"
		return 1
	fi
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ return d && n > 99 && d[99] == 1; }' > "$t.c"
	if ! "$CC" -fsanitize=fuzzer,address,undefined -o "$t" "$t.c" \
		> "$t.log" 2>&1; then
		echo "$CC cannot build libFuzzer targets (-fsanitize=fuzzer):" \
		     "$(head -n 1 "$t.log"); apt-get install libclang-rt-dev"
		return 1
	fi
}

build() {
	local lib log=$B/build.log inc f
	: > "$log"
	if ! msg=$(check_toolchain); then
		say "$msg"
		echo "$msg" >> "$log"
		return 1
	fi
	if [ ! -x "$SRC/configure" ]; then
		say "$SRC has no configure: run ./autogen.sh there first" 2>&1 |
			tee -a "$log" >&2
		return 1
	fi
	mkdir -p "$B/lib"
	# The library: the project's own build, compiled for fuzzing.
	(
		cd "$B/lib" || exit 1
		if [ ! -f config.status ] || [ "$SRC/configure" -nt config.status ]; then
			"$SRC/configure" --quiet --without-module CC="$CC" \
				CFLAGS="$CFLAGS_FUZZ -fsanitize=fuzzer-no-link" || exit 1
		fi
		make -j"$JOBS" src/libdtrace/dt_grammar.h &&
		make -j"$JOBS" src/libdtrace/libdtrace.la
	) >> "$log" 2>&1 || { say "building libdtrace failed; see $log"; return 1; }
	lib=$B/lib/src/libdtrace/.libs/libdtrace.a
	inc="-I$SRC/src/common -I$SRC/src/libdtrace -I$B/lib/src/libdtrace"
	for f in fuzz_compile fuzz_dif; do
		# shellcheck disable=SC2086
		"$CC" $CFLAGS_FUZZ -fsanitize=fuzzer -std=gnu11 -Wall -Wextra \
			$inc -o "$B/$f" "$SRC/tests/fuzz/$f.c" "$lib" >> "$log" 2>&1 ||
			{ say "linking $f failed; see $log"; return 1; }
	done
	# shellcheck disable=SC2086
	"$CC" $CFLAGS_FUZZ -fsanitize=fuzzer-no-link -std=gnu11 -Wall -Wextra \
		$inc -o "$B/gen_dif_corpus" "$SRC/tests/fuzz/gen_dif_corpus.c" \
		"$lib" >> "$log" 2>&1 ||
		{ say "linking gen_dif_corpus failed; see $log"; return 1; }
	say "built $TARGETS in $B"
}

# One target for TIME seconds; records PASS or FAIL with the artifact.
run_one() {	# TARGET
	local t=$1 log=$B/$1.log work=$B/corpus-$1 art=$B/artifacts/$1 rc a
	local opt=()
	[ -z "${DICT[$t]:-}" ] || opt+=(-dict="$SRC/tests/fuzz/${DICT[$t]}")
	[ -z "${DTRACE_FUZZ_SEED:-}" ] || opt+=(-seed="$DTRACE_FUZZ_SEED")
	mkdir -p "$work" "$art"
	rm -f "$art"/*
	say "$t: ${TIME}s over tests/fuzz/corpus/${CORPUS[$t]}"
	# The first directory receives new inputs; the committed one is read.
	nice -n 10 "$B/$t" -max_total_time="$TIME" -max_len="${MAXLEN[$t]}" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${opt[@]}" \
		-artifact_prefix="$art/" "$work" "$SRC/tests/fuzz/corpus/${CORPUS[$t]}" \
		> "$log" 2>&1
	rc=$?
	a=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && [ -z "$a" ]; then
		result PASS "fuzz/$t" "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log") runs in ${TIME}s," \
			"corpus $(find "$work" "$SRC/tests/fuzz/corpus/${CORPUS[$t]}" -type f | wc -l) inputs"
	else
		result FAIL "fuzz/$t" "$(grep -m 1 -E 'runtime error|^==[0-9]+== ?ERROR|^SUMMARY|^fuzz_[a-z]+: ' "$log" | sed 's/^==[0-9]*== *//' | cut -c 1-200);" \
			"input ${a:-(none written)}; see $log"
	fi
}

run() {
	local t
	for t in $TARGETS; do
		if [ -x "$B/$t" ]; then
			run_one "$t"
		else
			result FAIL "fuzz/$t" "not run: not built; see $B/build.log"
		fi
	done
}

gen() {
	local d=$TOP/tests/fuzz/corpus/dif
	[ -x "$B/gen_dif_corpus" ] || { say "build first"; return 1; }
	rm -rf "$d"
	mkdir -p "$d"
	"$B/gen_dif_corpus" "$d"
}

: > "$RESULTS"
case ${1:-all} in
build)	build || exit 1 ;;
run)	run ;;
gen)	gen || exit 1 ;;
all)
	if ! build; then
		for t in $TARGETS; do
			result FAIL "fuzz/$t" "not run: build failed:" \
				"$(tail -n 1 "$B/build.log" | cut -c 1-220); see $B/build.log"
		done
	fi
	[ -s "$RESULTS" ] || run
	;;
*)	echo "usage: $0 [build|run|gen|all]" >&2; exit 2 ;;
esac
! grep -q '^FAIL ' "$RESULTS"
