# SPDX-License-Identifier: GPL-2.0
#
# corpus.sh: runs the D script corpus (tests/d, see tests/d/README.md)
# inside the guest; sourced by tests.sh, which provides pass/fail/show and
# $T.  One result per script, named d/AREA/FILE (FILE without ".d").
#
# The corpus runs where the kernel command line has dtrace_corpus=1 (the
# host's run-vm.sh adds it when DTRACE_VM_CORPUS=1; tests.sh --list looks
# at that variable), so that CI runs it on the cells the issue names
# without multiplying the time of every cell.

# The corpus sits next to tests.sh in the guest, in the source tree above it.
CORPUS=$(dirname "$0")/d
[ -d "$CORPUS" ] || CORPUS=$(dirname "$0")/../d

corpus_wanted() {
	if [ -r /proc/cmdline ] && [ "${1:-}" != --list ]; then
		grep -q 'dtrace_corpus=1' /proc/cmdline
	else
		[ "${DTRACE_VM_CORPUS:-0}" = 1 ]
	fi
}

corpus_scripts() {
	for f in "$CORPUS"/*/tst.*.d "$CORPUS"/*/err.*.d; do
		[ -f "$f" ] && echo "${f#"$CORPUS"/}"
	done | sort
}

corpus_list() {
	corpus_scripts | sed 's/\.d$//; s,^,d/,'
}

# Does every line of OUT match the same line of RE (EREs, anchored)?
corpus_match_re() {	# RE OUT
	awk -v out="$2" 'BEGIN { n = 0; m = 0 }
	{ want[n++] = $0 }
	END {
		while ((getline line < out) > 0) {
			if (m >= n || line !~ ("^(" want[m] ")$")) {
				printf "line %d: \"%s\" does not match /%s/\n",
				       m + 1, line, want[m]
				exit 1
			}
			m++
		}
		if (m != n) { printf "%d lines, want %d\n", m, n; exit 1 }
	}' "$1"
}

# Compare $T/corpus.STREAM with the expected file or regular expressions,
# where they exist.  Sets why and returns 1 on a difference.
corpus_compare() {	# STREAM EXACT-FILE RE-FILE
	if [ -f "$dir/$2" ] &&
	   ! diff -u "$dir/$2" $T/corpus.$1 > $T/corpus.diff 2>&1; then
		why="std$1 differs from $2"
	elif [ -f "$dir/$3" ] &&
	     ! corpus_match_re "$dir/$3" $T/corpus.$1 > $T/corpus.diff; then
		why="std$1 does not match $3: $(cat $T/corpus.diff)"
	else
		return 0
	fi
	return 1
}

# shellcheck disable=SC2034 # CUR and T0 are read by pass/fail (tests.sh)
# One script: run it from its directory as the .args file says (default
# "-s %s"; %s is the script's file name), then compare.
corpus_one() {	# AREA/FILE.d
	rel=$1
	dir=$CORPUS/${rel%/*}
	file=${rel##*/}
	CUR=d/${rel%.d}
	T0=$(uptime_s)
	args="-s %s"
	[ -f "$dir/$file.args" ] && args=$(cat "$dir/$file.args")
	# The .args line is a printf format and shell words (quotes allowed).
	# shellcheck disable=SC2059
	eval "set -- $(printf "$args" "$file")"
	want_status=0
	case $file in err.*) want_status=1 ;; esac
	[ -f "$dir/$file.status" ] && want_status=$(cat "$dir/$file.status")
	(cd "$dir" && timeout -s KILL $DT_TIMEOUT dtrace "$@") \
		> $T/corpus.out 2> $T/corpus.err
	rc=$?
	why=
	if [ ! -f "$dir/$file.out" ] && [ ! -f "$dir/$file.re" ] &&
	   [ ! -f "$dir/$file.err" ] && [ ! -f "$dir/$file.err.re" ] &&
	   [ ! -f "$dir/$file.check" ]; then
		# A script that only has to exit proves too little.
		why="no expected output ($file.out, .re, .err, .err.re or .check)"
	elif [ $rc -ne "$want_status" ]; then
		why="exit status $rc, want $want_status"
	elif corpus_compare out "$file.out" "$file.re" &&
	     corpus_compare err "$file.err" "$file.err.re" &&
	     [ -f "$dir/$file.check" ] &&
	     ! sh "$dir/$file.check" $T/corpus.out $T/corpus.err \
		> $T/corpus.diff 2>&1; then
		why="$file.check failed: $(head -n 3 $T/corpus.diff)"
	fi
	if [ -z "$why" ]; then
		pass "$file"
		# dtrace_corpus_show=1: the output of passing scripts too, to
		# review when writing expected files.
		! grep -q 'dtrace_corpus_show=1' /proc/cmdline ||
			show $T/corpus.out $T/corpus.err
	else
		fail "$file: $why"
		show $T/corpus.diff $T/corpus.out $T/corpus.err
	fi
	rm -f $T/corpus.diff
}

t_corpus() {
	for s in $(corpus_scripts); do
		corpus_one "$s"
	done
}
