#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests.sh: the tests that run inside the QEMU guest (busybox sh), as root,
# with dtrace.ko, dtrace and the helpers in the initramfs.  Each test prints
# exactly one line "TEST-RESULT <name> PASS|FAIL <detail>" to the console;
# run-vm.sh collects them.  On failure the test's output follows, indented
# with "  | ".
#
#   tests.sh [TEST...]     default: all tests, in order
#   tests.sh --list        the names of the results it will print

PATH=/usr/bin:/bin:/usr/sbin:/sbin
export PATH
T=/tmp/dt-tests
KPROBES=/sys/kernel/debug/kprobes/list
# tracefs, which debugfs mounts on its tracing/ directory.
FTRACE_ON=/sys/kernel/debug/tracing/enabled_functions
# Longest any single dtrace run may take before it is killed.
DT_TIMEOUT=120

# Results are named after the running test function (t_foo_bar: foo-bar).
# Each ends with the test's duration.
uptime_s() { cut -d' ' -f1 /proc/uptime; }
took() { awk -v a="$T0" -v b="$(uptime_s)" 'BEGIN { printf "[%.1fs]", b - a }'; }
pass() { echo "TEST-RESULT $CUR PASS $* $(took)"; }
fail() { echo "TEST-RESULT $CUR FAIL $* $(took)"; }

# Show a file under a failed result (bounded, so a flood cannot hide the rest).
show() {
	for f in "$@"; do
		[ -s "$f" ] || continue
		echo "  | --- ${f##*/} ($(wc -l < "$f") lines)"
		head -n 40 "$f" | sed 's/^/  | /'
	done
}

# Run dtrace with a time limit; stdout/stderr to $T/NAME.out/.err.
# Sets rc.
dt() {	# NAME ARGS...
	n=$1
	shift
	timeout -s KILL $DT_TIMEOUT dtrace "$@" > $T/$n.out 2> $T/$n.err
	rc=$?
}

# The last line of a file that is just a number (how count() aggregations
# print), or empty.
last_number() {
	sed -n 's/^[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$1" | tail -n 1
}

# Wait up to N seconds for FILE to contain PATTERN, while process PID lives.
wait_for() {	# FILE PATTERN SECONDS PID
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		alive $4 || return 1
		usleep 100000
		i=$((i + 1))
	done
	return 1
}

# Is process $1 still running (and not a zombie)?
alive() {
	[ -d /proc/$1 ] && ! grep -q '^State:.*Z' /proc/$1/status 2>/dev/null
}

# Wait up to N seconds for process $1 to exit; 1 if it is still there.
wait_exit() {	# PID SECONDS
	i=0
	while alive $1; do
		[ $i -ge $(($2 * 10)) ] && return 1
		usleep 100000
		i=$((i + 1))
	done
	return 0
}

# Count how often PROBE fires for a helper process.  The helper is started
# first and blocks opening a FIFO; dtrace is started with a predicate on
# the helper's pid; once dtrace's BEGIN output shows tracing is on, the
# FIFO is opened to let the helper do its work.  dtrace exits when the
# helper calls exit_group.  Sets count, why (what went wrong) and note.
# $PRED, if set, is ANDed to the pid predicate.
count_for_helper() {	# NAME PROBE HELPER ARGS...
	n=$1
	probe=$2
	shift 2
	fifo=$T/$n.fifo
	rm -f $fifo
	mkfifo $fifo
	count=
	why=
	note=
	"$@" $fifo > $T/$n.helper 2>&1 &
	hp=$!
	prog="BEGIN { printf(\"tracing-on\\n\"); }
$probe /pid == $hp${PRED:+ && ($PRED)}/ { @c = count(); }
syscall::exit_group:entry /pid == $hp/ { exit(0); }"
	echo "$prog" > $T/$n.d
	dtrace -n "$prog" > $T/$n.out 2> $T/$n.err &
	dp=$!
	if ! wait_for $T/$n.out tracing-on 20 $dp; then
		if ! alive $dp; then
			why="dtrace exited before tracing"
			kill -9 $hp 2>/dev/null
			wait $hp 2>/dev/null
			wait $dp
			return
		fi
		note="(no BEGIN output within 20 s, went on)"
	fi
	# Let the helper go (bounded: opening blocks if the helper is gone).
	timeout 10 sh -c ": > $fifo" || why="${why}helper not waiting on its FIFO; "
	wait $hp
	hrc=$?
	[ $hrc -eq 0 ] || why="${why}helper exited $hrc; "
	if ! wait_exit $dp 30; then
		why="${why}dtrace did not exit on exit_group, sent SIGINT; "
		kill -INT $dp
		if ! wait_exit $dp 15; then
			kill -9 $dp
			why="${why}then SIGKILL; "
		fi
	fi
	wait $dp
	drc=$?
	[ $drc -eq 0 ] || why="${why}dtrace exit status $drc; "
	count=$(last_number $T/$n.out)
}

# ---------------------------------------------------------------------------

t_insmod() {
	if insmod /lib/dtrace/dtrace.ko > $T/insmod.out 2>&1; then
		if [ -c /dev/dtrace ]; then
			pass "dtrace.ko loaded, /dev/dtrace present"
		else
			fail "loaded but /dev/dtrace is missing"
			ls -l /dev > $T/dev.txt
			show $T/dev.txt
		fi
	else
		fail "insmod dtrace.ko failed"
		show $T/insmod.out
		dmesg | tail -n 20 > $T/dmesg.txt
		show $T/dmesg.txt
		return 1
	fi
}

t_environment() {
	want=$(sed -n 's/.*dtrace_test_env=\([^ ]*\).*/\1/p' /proc/cmdline)
	hv=$(cat /sys/hypervisor/type 2>/dev/null)
	gt=$(cat /sys/hypervisor/guest_type 2>/dev/null)
	# Xen gives dom0 the null UUID; the toolstack gives each domU its own.
	uuid=$(cat /sys/hypervisor/uuid 2>/dev/null)
	got="native"
	[ "$hv" = xen ] && got="xen-$gt"
	null=00000000-0000-0000-0000-000000000000
	case $want in
	xen-dom0) ok=0; [ "$got" = xen-PV ] && [ "$uuid" = $null ] && ok=1 ;;
	xen-domu) ok=0; [ "$got" = xen-PV ] && [ -n "$uuid" ] &&
		[ "$uuid" != $null ] && ok=1 ;;
	native) ok=0; [ "$hv" = "" ] && ok=1 ;;
	*) ok=0 ;;
	esac
	if [ $ok -eq 1 ]; then
		pass "$want: hypervisor='$hv' guest_type='$gt' uuid=$uuid $(uname -r)"
	else
		fail "expected $want, found hypervisor='$hv' guest_type='$gt' uuid='$uuid'"
	fi
}

# dtrace --check: every self-test OK, the guest type the environment's,
# and -V naming the same guest.
t_check() {
	want=$(sed -n 's/.*dtrace_test_env=\([^ ]*\).*/\1/p' /proc/cmdline)
	dt check --check
	crc=$rc
	guest=$(sed -n 's/^dtrace: kernel .*, guest: //p' $T/check.out)
	ntests=$(grep -c '^dtrace: self-test ' $T/check.out)
	nok=$(grep -c '^dtrace: self-test [a-z-]*: OK' $T/check.out)
	missing=
	for st in irq-masking safe-load fbt-probe timer syscall-hook stack-trace; do
		grep -q "^dtrace: self-test $st: " $T/check.out ||
			missing="$missing $st"
	done
	# QEMU TCG sets the CPUID hypervisor bit: natively any non-Xen type.
	case $want/$guest in
	xen-dom0/"Xen PV dom0") gok=1 ;;
	xen-domu/"Xen PV domU") gok=1 ;;
	native/"bare metal"|native/KVM|native/"other hypervisor") gok=1 ;;
	*) gok=0 ;;
	esac
	dt version -V
	vok=0
	grep -q "^dtrace: guest: $guest\$" $T/version.out && vok=1
	if [ $crc -eq 0 ] && [ -z "$missing" ] && [ "$nok" -eq "$ntests" ] &&
	   [ $gok -eq 1 ] && [ $vok -eq 1 ]; then
		pass "$want: guest '$guest', $nok of $ntests self-tests OK, -V agrees"
	else
		fail "exit $crc, guest '$guest' for $want, $nok of $ntests self-tests OK, missing:${missing:- none}, -V agrees: $vok"
		show $T/check.out $T/check.err $T/version.out $T/version.err
	fi
}

# While a consumer uses the syscall hooks, --check skips that self-test
# (and so exits 1) but runs the others.
t_check_in_use() {
	prog='BEGIN { printf("tracing-on\n"); } syscall::getppid:entry { @c = count(); }'
	dtrace -q -n "$prog" > $T/inuse.out 2> $T/inuse.err &
	dp=$!
	if ! wait_for $T/inuse.out tracing-on 20 $dp; then
		fail "the syscall consumer did not start"
		kill -9 $dp 2>/dev/null
		wait $dp
		show $T/inuse.out $T/inuse.err
		return
	fi
	dt check-in-use --check
	kill -INT $dp
	wait_exit $dp 15 || kill -9 $dp
	wait $dp
	skipped=$(grep -c '^dtrace: self-test syscall-hook: skipped (in use)$' $T/check-in-use.out)
	nok=$(grep -c '^dtrace: self-test [a-z-]*: OK' $T/check-in-use.out)
	nall=$(grep -c '^dtrace: self-test ' $T/check-in-use.out)
	if [ $rc -eq 1 ] && [ "$skipped" -eq 1 ] && [ "$nok" -ge 5 ] &&
	   [ "$nok" -eq $((nall - 1)) ]; then
		pass "exit 1, syscall-hook skipped (in use), the $nok others OK"
	else
		fail "exit $rc (want 1), syscall-hook skipped: $skipped, $nok of $((nall - 1)) others OK"
		show $T/check-in-use.out $T/check-in-use.err $T/inuse.err
	fi
}

t_begin_hello() {
	dt hello -n 'BEGIN { printf("hello\n"); exit(0); }'
	# Without -q the line carries the probe: "CPU ID :BEGIN hello".
	if [ $rc -eq 0 ] && grep -q ':BEGIN hello[[:space:]]*$' $T/hello.out; then
		pass "printed ':BEGIN hello', exit 0"
	else
		fail "exit $rc, no ':BEGIN hello' line in stdout"
		show $T/hello.out $T/hello.err
	fi
}

t_quiet() {
	dt quiet -q -n 'BEGIN { printf("quiet-%d\n", 7); exit(0); }'
	out=$(grep -v '^[[:space:]]*$' $T/quiet.out)
	if [ $rc -eq 0 ] && [ "$out" = "quiet-7" ]; then
		pass "-q prints only the printf output"
	else
		fail "exit $rc, stdout not exactly 'quiet-7'"
		show $T/quiet.out $T/quiet.err
	fi
}

t_trace_int() {
	dt trace -n 'BEGIN { trace(40 + 2); exit(0); }'
	if [ $rc -eq 0 ] && grep -q '[[:space:]]42[[:space:]]*$' $T/trace.out; then
		pass "trace(40 + 2) printed 42"
	else
		fail "exit $rc, no 42 at the end of a line"
		show $T/trace.out $T/trace.err
	fi
}

t_end_probe() {
	dt end -q -n 'BEGIN { exit(0); } END { printf("end-%d\n", 42); }'
	if [ $rc -eq 0 ] && grep -q '^end-42$' $T/end.out; then
		pass "END fired after exit(0) in BEGIN"
	else
		fail "exit $rc, no 'end-42' line"
		show $T/end.out $T/end.err
	fi
}

t_script_file() {
	cat > $T/prog.d <<'EOF'
BEGIN
{
	printf("from a script, %s\n", "ok");
	exit(0);
}
EOF
	dt script -q -s $T/prog.d -o $T/script.o
	if [ $rc -eq 0 ] && grep -q '^from a script, ok$' $T/script.o; then
		pass "-s FILE -o OUT: output in OUT"
	else
		fail "exit $rc, 'from a script, ok' not in the -o file"
		show $T/script.o $T/script.out $T/script.err
	fi
}

t_syscall_count() {
	count_for_helper getpid syscall::getpid:entry getpid_n 1000
	if [ "$count" = 1000 ] && [ -z "$why" ]; then
		pass "count() = 1000 for 1000 getpid calls $note"
	else
		fail "count() = '${count}', expected 1000; $why$note"
		show $T/getpid.d $T/getpid.out $T/getpid.err $T/getpid.helper
	fi
}

t_fbt_count() {
	echo "some data for read_file" > $T/data.txt
	count_for_helper vfsread fbt::vfs_read:entry read_file $T/data.txt 250
	if [ "$count" = 250 ] && [ -z "$why" ]; then
		pass "count() = 250 for 250 pread calls $note"
	else
		fail "count() = '${count}', expected 250; $why$note"
		show $T/vfsread.d $T/vfsread.out $T/vfsread.err $T/vfsread.helper
	fi
}

# Every pread of the 24-byte file returns 24 from vfs_read: fbt return
# probes fire once per call, with the return value in arg1.
t_fbt_return() {
	echo "some data for read_file" > $T/data.txt
	PRED="arg1 == 24 && arg0 == 0"
	count_for_helper vfsret fbt::vfs_read:return read_file $T/data.txt 250
	PRED=
	if [ "$count" = 250 ] && [ -z "$why" ]; then
		pass "count() = 250 for 250 preads returning 24 $note"
	else
		fail "count() = '${count}' with arg1 == 24, expected 250; $why$note"
		show $T/vfsret.d $T/vfsret.out $T/vfsret.err $T/vfsret.helper
	fi
}

# A glob over functions some of which fbt cannot hook (vfs_caches_init*
# are __init, freed after boot; under fprobe, notrace ones): fbt offers
# probes for the others only, so the whole enabling works, as in illumos.
t_fbt_glob() {
	echo "some data for read_file" > $T/data.txt
	read_file $T/data.txt 1000000000 > $T/glob.helper 2>&1 &
	hp=$!
	dt glob -n 'fbt::vfs_*:entry { @[probefunc] = count(); } tick-1s { exit(0); }'
	kill -9 $hp 2>/dev/null
	wait $hp 2>/dev/null
	nread=$(awk '$1 == "vfs_read" && $2 ~ /^[0-9]+$/ { print $2 }' $T/glob.out)
	nfunc=$(awk 'NF == 2 && $2 ~ /^[0-9]+$/' $T/glob.out | wc -l)
	if [ $rc -eq 0 ] && [ "${nread:-0}" -gt 0 ]; then
		pass "fbt::vfs_*:entry enabled; vfs_read counted $nread, $nfunc functions fired"
	else
		fail "exit $rc, vfs_read count '${nread}'"
		show $T/glob.out $T/glob.err $T/glob.helper
	fi
}

# An __init function is in kallsyms but its text is gone: no fbt probe.
t_fbt_init_unlisted() {
	want="dtrace: failed to match fbt::vfs_caches_init:entry: No probe matches description"
	dt initfn -l -n 'fbt::vfs_caches_init:entry'
	rows=$(awk 'NR > 1 && NF >= 4' $T/initfn.out | wc -l)
	if ! grep -qw 'vfs_caches_init' /proc/kallsyms; then
		fail "vfs_caches_init not in /proc/kallsyms: nothing shown"
	elif [ $rc -eq 1 ] && [ "$rows" -eq 0 ] &&
	     [ "$(cat $T/initfn.err)" = "$want" ]; then
		pass "not listed: $want"
	else
		fail "exit $rc (want 1), $rows rows (want 0), stderr must be: $want"
		show $T/initfn.out $T/initfn.err
	fi
}

t_profile_tick() {
	dt tick -q -n 'tick-10ms { @t = count(); } tick-1s { exit(0); }'
	count=$(last_number $T/tick.out)
	# 100 expected; TCG timing is loose, so only a wide range is checked.
	if [ $rc -eq 0 ] && [ -n "$count" ] && [ "$count" -ge 10 ] &&
	   [ "$count" -le 200 ]; then
		pass "tick-10ms fired $count times in 1 s"
	else
		fail "exit $rc, tick-10ms count '$count' not in 10..200"
		show $T/tick.out $T/tick.err
	fi
}

t_list() {
	dt list -l
	missing=
	for p in dtrace syscall profile fbt; do
		awk -v p=$p '$2 == p { f = 1 } END { exit !f }' $T/list.out ||
			missing="$missing $p"
	done
	nl=$(($(wc -l < $T/list.out) - 1))
	if [ $rc -eq 0 ] && [ -z "$missing" ]; then
		pass "$nl probes listed, providers dtrace syscall profile fbt present"
	else
		fail "exit $rc, $nl probes, missing:${missing:- none}"
		show $T/list.out $T/list.err
	fi
}

t_list_one() {	# PROBE
	dt $CUR -l -n "$1"
	nrows=$(awk 'NR > 1 && NF >= 4' $T/$CUR.out | wc -l)
	match=$(awk -v s="$1" 'NR > 1 { split(s, a, ":")
		if ($2 == a[1] && $(NF - 1) == a[3] && $NF == a[4]) print }' \
		$T/$CUR.out | wc -l)
	if [ $rc -eq 0 ] && [ "$nrows" -eq 1 ] && [ "$match" -eq 1 ]; then
		pass "dtrace -l -n $1 lists exactly that probe"
	else
		fail "exit $rc, $nrows rows, $match matching $1"
		show $T/$CUR.out $T/$CUR.err
	fi
}

t_bad_script() {
	dt bad -n 'BEGIN { x = ; }'
	if [ $rc -eq 1 ] && grep -qi 'error' $T/bad.err; then
		pass "exit 1: $(head -n 1 $T/bad.err)"
	else
		fail "exit $rc (want 1), stderr must report an error"
		show $T/bad.out $T/bad.err
	fi
}

# Hooks on vfs_read: kprobes list them in $KPROBES; fprobe (and kprobes
# on ftrace) attach ftrace ops, which tracefs lists in enabled_functions.
fbt_hooks() {	# FILE: vfs_read's lines from both
	{ grep -w vfs_read $KPROBES; grep -w '^vfs_read' $FTRACE_ON; } \
		> $1 2>/dev/null
}

t_kill_cleanup() {
	dtrace -n 'fbt::vfs_read:entry, fbt::vfs_read:return { @c = count(); }' \
		> $T/kill.out 2> $T/kill.err &
	dp=$!
	armed=0
	i=0
	while [ $i -lt 300 ]; do
		fbt_hooks $T/hooks.armed
		[ -s $T/hooks.armed ] && { armed=1; break; }
		alive $dp || break
		usleep 100000
		i=$((i + 1))
	done
	cat /etc/hostname /proc/version > /dev/null 2>&1
	kill -9 $dp 2>/dev/null
	wait $dp 2>/dev/null
	# The hooks go on close of /dev/dtrace, which the kill triggers.
	i=0
	while [ $i -lt 50 ]; do
		fbt_hooks $T/hooks.after
		[ -s $T/hooks.after ] || break
		usleep 100000
		i=$((i + 1))
	done
	cat $KPROBES > $T/kprobes.after 2>/dev/null
	seen=
	grep -qw '^vfs_read' $T/hooks.armed && seen="enabled_functions"
	grep -v '^vfs_read' $T/hooks.armed | grep -q . && seen="$seen kprobes/list"
	if [ $armed -eq 1 ] && [ ! -s $T/hooks.after ] &&
	   cmp -s $T/kprobes.before $T/kprobes.after; then
		pass "vfs_read entry+return hooks (in:$seen) gone after kill -9"
	else
		fail "armed=$armed, vfs_read hooks after kill -9: $(wc -l < $T/hooks.after), kprobes $(wc -l < $T/kprobes.after) (before: $(wc -l < $T/kprobes.before))"
		show $T/kill.err $T/hooks.armed $T/hooks.after $T/kprobes.after
	fi
}

t_rmmod() {
	if rmmod dtrace > $T/rmmod.out 2>&1 && ! grep -q '^dtrace ' /proc/modules; then
		pass "rmmod dtrace succeeded"
	else
		fail "rmmod dtrace failed"
		show $T/rmmod.out
		grep '^dtrace ' /proc/modules > $T/modules.txt
		show $T/modules.txt
	fi
}

t_list_getpid() { t_list_one syscall::getpid:entry; }
t_list_vfs_read() { t_list_one fbt::vfs_read:entry; }

# --- D string and byte-order subroutines --------------------------------

t_subr_strings() {
	dt subr -q -n 'BEGIN { printf("%s %d %s\n", strjoin("a","b"), strlen("hello"), substr("hello", 1, 3)); exit(0); }'
	out=$(grep -v '^[[:space:]]*$' $T/subr.out)
	if [ $rc -eq 0 ] && [ "$out" = "ab 5 ell" ]; then
		pass "strjoin, strlen, substr in the kernel VM"
	else
		fail "exit $rc, stdout not exactly 'ab 5 ell'"
		show $T/subr.out $T/subr.err
	fi
}

# Strings from the probe's environment (execname, probename: kernel
# memory read through the probe-safe loads) into the subroutines.
t_subr_env() {
	dt subrenv -q -n 'BEGIN { printf("%s|%s|%s|%d|%s|%x\n", toupper(execname), basename(strjoin("/usr/sbin/", execname)), dirname(strjoin("/usr/sbin/", execname)), rindex(probename, "GIN"), lltostr(-42), htons(0x1234)); exit(0); }'
	out=$(grep -v '^[[:space:]]*$' $T/subrenv.out)
	want="DTRACE|dtrace|/usr/sbin|2|-42|3412"
	if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then
		pass "subroutines on execname/probename: $want"
	else
		fail "exit $rc, stdout not exactly '$want'"
		show $T/subrenv.out $T/subrenv.err
	fi
}

ALL="environment check check_in_use begin_hello quiet trace_int end_probe script_file
     syscall_count fbt_count fbt_return fbt_glob fbt_init_unlisted
     profile_tick list list_getpid list_vfs_read bad_script kill_cleanup rmmod"
# Before rmmod, which stays last.
ALL="${ALL% rmmod} subr_strings subr_env rmmod"

# ---------------------------------------------------------------------------
# Aggregating functions beyond count(): exact illumos output.

# Compare $T/NAME.out with the expected text on stdin, byte for byte.
agg_expect() {	# NAME WHAT
	cat > $T/$1.want
	if [ $rc -eq 0 ] && cmp -s $T/$1.want $T/$1.out; then
		pass "$2"
	else
		fail "exit $rc, output differs from illumos'"
		diff $T/$1.want $T/$1.out | head -n 40
		show $T/$1.err
	fi
}

t_agg_quantize() {
	dt quantize -q -n 'BEGIN { @q = quantize(1); @q = quantize(2);
	    @q = quantize(1000); exit(0); }'
	agg_expect quantize "quantize(1, 2, 1000): the histogram byte for byte" <<'EOF'


           value  ------------- Distribution ------------- count    
               0 |                                         0        
               1 |@@@@@@@@@@@@@                            1        
               2 |@@@@@@@@@@@@@                            1        
               4 |                                         0        
               8 |                                         0        
              16 |                                         0        
              32 |                                         0        
              64 |                                         0        
             128 |                                         0        
             256 |                                         0        
             512 |@@@@@@@@@@@@@                            1        
            1024 |                                         0        

EOF
}

t_agg_quantize_keys() {
	dt quantizek -q -n 'BEGIN { @q["b"] = quantize(-5); @q["a"] = quantize(1);
	    @q["a"] = quantize(1); @q["a"] = quantize(4); exit(0); }'
	agg_expect quantizek "keyed quantize(): keys above histograms, sorted" <<'EOF'

  b                                                 
           value  ------------- Distribution ------------- count    
              -8 |                                         0        
              -4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        
              -2 |                                         0        

  a                                                 
           value  ------------- Distribution ------------- count    
               0 |                                         0        
               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        
               2 |                                         0        
               4 |@@@@@@@@@@@@@                            1        
               8 |                                         0        

EOF
}

# Every getpid() of the helper (see count_for_helper) lands in one bucket,
# whichever CPU it ran on: per-CPU histograms merged.
t_agg_quantize_getpid() {
	fifo=$T/qgetpid.fifo
	rm -f $fifo
	mkfifo $fifo
	getpid_n 300 $fifo > $T/qgetpid.helper 2>&1 &
	hp=$!
	dtrace -q -n "BEGIN { printf(\"tracing-on\\n\"); }
syscall::getpid:entry /pid == $hp/ { @q = quantize(300); }
syscall::exit_group:entry /pid == $hp/ { exit(0); }" \
		> $T/qgetpid.raw 2> $T/qgetpid.err &
	dp=$!
	wait_for $T/qgetpid.raw tracing-on 20 $dp
	timeout 10 sh -c ": > $fifo"
	wait $hp
	if ! wait_exit $dp 30; then
		kill -INT $dp
		wait_exit $dp 15 || kill -9 $dp
	fi
	wait $dp
	rc=$?
	sed 1d $T/qgetpid.raw > $T/qgetpid.out	# the tracing-on line
	agg_expect qgetpid "quantize() per CPU, merged: 300 calls in bucket 256" <<'EOF'


           value  ------------- Distribution ------------- count    
             128 |                                         0        
             256 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 300      
             512 |                                         0        

EOF
}

t_agg_stddev() {
	dt stddev -q -n 'BEGIN { @s["x"] = stddev(2); @s["x"] = stddev(4);
	    @s["x"] = stddev(4); @s["x"] = stddev(4); @s["x"] = stddev(5);
	    @s["x"] = stddev(5); @s["x"] = stddev(7); @s["x"] = stddev(9);
	    @s["y"] = stddev(-10); @s["y"] = stddev(10); @s["z"] = stddev(1);
	    exit(0); }'
	agg_expect stddev "stddev(): 2, 10 and 0, sorted by value" <<'EOF'

  z                                                                 0
  x                                                                 2
  y                                                                10
EOF
}

t_agg_lquantize() {
	dt lquantize -q -n 'BEGIN { @l = lquantize(1, 0, 10, 2);
	    @l = lquantize(3, 0, 10, 2); @l = lquantize(3, 0, 10, 2);
	    @l = lquantize(4, 0, 10, 2); @l = lquantize(9, 0, 10, 2);
	    @l = lquantize(10, 0, 10, 2); @l = lquantize(11, 0, 10, 2);
	    @l = lquantize(-1, 0, 10, 2);
	    @l = lquantize(4294967301, 0, 10, 2); exit(0); }'
	# 4294967301 is 2^32 + 5: illumos buckets the low 32 bits.
	agg_expect lquantize "lquantize(x, 0, 10, 2): the histogram byte for byte" <<'EOF'


           value  ------------- Distribution ------------- count    
             < 0 |@@@@                                     1        
               0 |@@@@                                     1        
               2 |@@@@@@@@@                                2        
               4 |@@@@@@@@@                                2        
               6 |                                         0        
               8 |@@@@                                     1        
           >= 10 |@@@@@@@@@                                2        

EOF
}

t_agg_llquantize() {
	dt llquantize -q -n 'BEGIN {
	    @ll = llquantize(0, 10, 0, 2, 10);
	    @ll = llquantize(5, 10, 0, 2, 10);
	    @ll = llquantize(5, 10, 0, 2, 10);
	    @ll = llquantize(15, 10, 0, 2, 10);
	    @ll = llquantize(99, 10, 0, 2, 10);
	    @ll = llquantize(100, 10, 0, 2, 10);
	    @ll = llquantize(950, 10, 0, 2, 10);
	    @ll = llquantize(5000, 10, 0, 2, 10);
	    @ll = llquantize(-3, 10, 0, 2, 10);
	    exit(0); }'
	agg_expect llquantize "llquantize(x, 10, 0, 2, 10): the histogram byte for byte" <<'EOF'


           value  ------------- Distribution ------------- count    
             < 1 |@@@@@@@@@                                2        
               1 |                                         0        
               2 |                                         0        
               3 |                                         0        
               4 |                                         0        
               5 |@@@@@@@@@                                2        
               6 |                                         0        
               7 |                                         0        
               8 |                                         0        
               9 |                                         0        
              10 |@@@@                                     1        
              20 |                                         0        
              30 |                                         0        
              40 |                                         0        
              50 |                                         0        
              60 |                                         0        
              70 |                                         0        
              80 |                                         0        
              90 |@@@@                                     1        
             100 |@@@@                                     1        
             200 |                                         0        
             300 |                                         0        
             400 |                                         0        
             500 |                                         0        
             600 |                                         0        
             700 |                                         0        
             800 |                                         0        
             900 |@@@@                                     1        
         >= 1000 |@@@@                                     1        

EOF
}

# Before rmmod, which stays last.
ALL="${ALL% rmmod} agg_quantize agg_quantize_keys agg_quantize_getpid
     agg_stddev agg_lquantize agg_llquantize rmmod"

# The D script corpus, on the cells that ask for it (see corpus.sh).
. "$(dirname "$0")/corpus.sh"
corpus_wanted "$@" && ALL="${ALL% rmmod} corpus rmmod"

if [ "${1:-}" = --list ]; then
	for t in insmod $ALL; do
		if [ $t = corpus ]; then corpus_list; else echo $t | tr _ -; fi
	done
	exit 0
fi

mkdir -p $T
cat $KPROBES > $T/kprobes.before 2>/dev/null
CUR=insmod
T0=$(uptime_s)
if ! t_insmod; then
	# Without the module nothing else can pass: say so for every test.
	# shellcheck disable=SC2048 # test names are single words
	for t in ${*:-$ALL}; do
		CUR=$(echo $t | tr _ -)
		fail "not run: dtrace.ko did not load"
	done
	exit 1
fi
# shellcheck disable=SC2048
for t in ${*:-$ALL}; do
	CUR=$(echo $t | tr _ -)
	T0=$(uptime_s)
	t_$t
done
