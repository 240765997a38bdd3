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

# ---------------------------------------------------------------------------
# dtrace(1) options and consumer output (illumos' words and formats).

# -c: $target is the command's pid, dtrace stops when it exits and says so.
t_opt_c() {
	dt optc -n 'syscall::getpid:entry /pid == $target/ { @n = count(); }' \
	    -c 'getpid_n 7'
	pid=$(sed -n 's/^dtrace: pid \([0-9]*\) has exited$/\1/p' $T/optc.err)
	n=$(last_number $T/optc.out)
	if [ $rc -eq 0 ] && [ -n "$pid" ] && [ "$n" = 7 ] &&
	   grep -q "^dtrace: description 'syscall::getpid:entry ' matched 1 probe\$" $T/optc.err; then
		pass "count() = 7 for \$target, 'pid $pid has exited', exit 0"
	else
		fail "exit $rc, count '$n' (want 7), pid '$pid'"
		show $T/optc.out $T/optc.err
	fi
}

# -c with a command that fails: illumos' "exited with status"; -q hides it.
t_opt_c_status() {
	dt optcs -q -n 'BEGIN { printf("on\n"); }' -c 'getpid_n'
	qrc=$rc
	dt optcs2 -n 'BEGIN { }' -c 'getpid_n'
	if [ $qrc -eq 0 ] && grep -q '^on$' $T/optcs.out &&
	   ! grep -q '^dtrace: pid' $T/optcs.err &&
	   grep -q '^dtrace: pid [0-9]* exited with status 2$' $T/optcs2.err; then
		pass "-q hides the notice; 'pid N exited with status 2' without"
	else
		fail "exit $qrc and $rc"
		show $T/optcs.out $T/optcs.err $T/optcs2.err
	fi
}

# -p: an existing process; dtrace stops when it is gone.
t_opt_p() {
	fifo=$T/optp.fifo
	rm -f $fifo
	mkfifo $fifo
	getpid_n 11 $fifo > $T/optp.helper 2>&1 &
	hp=$!
	dtrace -p $hp -n 'BEGIN { printf("tracing-on\n"); }
	    syscall::getpid:entry /pid == $target/ { @n = count(); }' \
	    > $T/optp.out 2> $T/optp.err &
	dp=$!
	wait_for $T/optp.out tracing-on 20 $dp
	timeout 10 sh -c ": > $fifo"
	wait $hp
	wait_exit $dp 30 || kill -INT $dp
	wait $dp
	rc=$?
	n=$(last_number $T/optp.out)
	if [ $rc -eq 0 ] && [ "$n" = 11 ] &&
	   grep -q "^dtrace: pid $hp has exited\$" $T/optp.err; then
		pass "-p $hp: count() = 11, 'pid $hp has exited'"
	else
		fail "exit $rc, count '$n' (want 11)"
		show $T/optp.out $T/optp.err
	fi
}

# Macro arguments: $1 an integer, $$2 a string, $3 unused is an error.
# (-C needs a cpp, which the test guest does not have: make check runs it.)
t_opt_macro_args() {
	cat > $T/margs.d <<'EOF'
#!/usr/sbin/dtrace -s
#pragma D option quiet
BEGIN
{
	printf("%d %d %s\n", $1, $1 * 2, $$2);
	exit(0);
}
EOF
	dt margs -s $T/margs.d 21 hello
	out=$(cat $T/margs.out)
	dt margsbad -s $T/margs.d 1 2 3
	if [ $rc -eq 1 ] && [ "$out" = "21 42 hello" ] &&
	   [ "$(cat $T/margsbad.err)" = "dtrace: failed to compile script $T/margs.d: extraneous argument '3' (\$3 is not referenced)" ]; then
		pass "\$1, \$\$2: '$out'; $(cat $T/margsbad.err)"
	else
		fail "exit $rc, output '$out' (want '21 42 hello')"
		show $T/margs.out $T/margs.err $T/margsbad.err
	fi
}

# -e compiles only; -S prints the DIF; a bad option is refused.
t_opt_e_S() {
	dt opte -e -S -n 'BEGIN { trace(40 + 2); }'
	erc=$rc
	dt optx -x nosuchoption -n BEGIN
	if [ $erc -eq 0 ] && [ ! -s $T/opte.out ] &&
	   grep -q 'DIFO returns integer' $T/opte.err &&
	   [ $rc -eq 1 ] &&
	   [ "$(cat $T/optx.err)" = "dtrace: failed to set -x nosuchoption: Invalid option name" ]; then
		pass "-e: no tracing, exit 0; -S prints DIF; -x nosuchoption refused"
	else
		fail "-e exit $erc, -x exit $rc"
		show $T/opte.out $T/opte.err $T/optx.err
	fi
}

# -F: flowindent for fbt entry and return, as illumos indents.
t_opt_flowindent() {
	echo "some data for read_file" > $T/data.txt
	dt flow -F -n 'fbt::vfs_read:entry, fbt::vfs_read:return
	    /pid == $target/ { }' -c "read_file $T/data.txt 2"
	ent=$(grep -c '^ *[0-9]*  -> vfs_read *$' $T/flow.out)
	ret=$(grep -c '^ *[0-9]*  <- vfs_read *$' $T/flow.out)
	if [ $rc -eq 0 ] && head -n 1 $T/flow.out | grep -q '^CPU FUNCTION *$' &&
	   [ "$ent" -eq 2 ] && [ "$ret" -eq 2 ]; then
		pass "-F: 'CPU FUNCTION', 2 '-> vfs_read', 2 '<- vfs_read'"
	else
		fail "exit $rc, $ent entries, $ret returns (want 2 and 2)"
		show $T/flow.out $T/flow.err
	fi
}

# printa() with and without a format, trunc(), as illumos prints them.
t_printa() {
	dt printa -q -n 'BEGIN { @c["b"] = count(); @c["a"] = count();
	    @c["a"] = count(); @s["a"] = sum(10); @s["b"] = sum(20);
	    printa(@c); printa("%-4s %@4d %@4d|\n", @c, @s);
	    trunc(@s, 1); printa("%s=%@d\n", @s); exit(0); }'
	agg_expect printa "printa(@c), printa(fmt, @c, @s), trunc(@s, 1)" <<'EOF'

  b                                                                 1
  a                                                                 2
b       1   20|
a       2   10|
b=20

EOF
}

# %S (escaped up to the nul), %Y, %5d%%.
t_printf_conv() {
	dt pfconv -q -n 'BEGIN { printf("%S|%Y|%5d%%\n", "a\tb",
	    walltimestamp, 7); exit(0); }'
	line=$(head -n 1 $T/pfconv.out)
	if [ $rc -eq 0 ] && echo "$line" | grep -Eq '^a\\tb\|[0-9]{4} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\|    7%$'; then
		pass "printf: '$line'"
	else
		fail "exit $rc, '$line'"
		show $T/pfconv.out $T/pfconv.err
	fi
}

# A DIF fault: illumos' message from the error record, tracing goes on.
t_error_record() {
	dt errrec -q -n 'BEGIN { x = 0; } BEGIN { printf("%d\n", 1 / x); }
	    BEGIN { printf("after\n"); exit(0); }'
	if [ $rc -eq 0 ] && [ "$(cat $T/errrec.out)" = after ] &&
	   grep -Eq '^dtrace: error on enabled probe ID 2 \(ID [0-9]+: dtrace:::BEGIN\): divide-by-zero in action #1 at DIF offset [0-9]+$' $T/errrec.err; then
		pass "$(cat $T/errrec.err)"
	else
		fail "exit $rc"
		show $T/errrec.out $T/errrec.err
	fi
}

ALL="${ALL% rmmod} opt_c opt_c_status opt_p opt_macro_args opt_e_S
     opt_flowindent printa printf_conv error_record rmmod"

# The D script corpus, on the cells that ask for it (see corpus.sh).
. "$(dirname "$0")/corpus.sh"
corpus_wanted "$@" && ALL="${ALL% rmmod} corpus rmmod"

# ---------------------------------------------------------------------------
# D variables (global, self->, this->, associative arrays), DIF faults
# reported as error records, dynamic-variable drops, user-memory
# subroutines.

# Expect exactly the text on stdin as the non-empty lines of $T/NAME.out.
var_expect() {	# NAME WHAT
	cat > $T/$1.want
	grep -v '^[[:space:]]*$' $T/$1.out > $T/$1.got
	if [ $rc -eq 0 ] && cmp -s $T/$1.want $T/$1.got; then
		pass "$2"
	else
		fail "exit $rc, output differs"
		diff $T/$1.want $T/$1.got | head -n 20
		show $T/$1.err
	fi
}

t_var_global_string() {
	dt vglob -q -n 'BEGIN { s = "abc"; n = 40; n += 2; t = strjoin(s, "def"); s = "xyz"; printf("%s %s %d\n", s, t, n); exit(0); }'
	var_expect vglob "global string (copied by value) and integer scalars" <<'EOF'
xyz abcdef 42
EOF
}

t_var_assoc() {
	dt vassoc -q -n 'BEGIN { a[1, "x"] = 5; a[2, "y"] = 7; a[1, "x"] += 1; a[2, "y"] = 0; k["one"] = "uno"; printf("%d %d %d %s\n", a[1, "x"], a[2, "y"], a[3, "z"], k["one"]); exit(0); }'
	var_expect vassoc "associative arrays: update, delete by 0, missing is 0" <<'EOF'
6 0 0 uno
EOF
}

# this-> is shared by the clauses of one firing.
t_var_this() {
	dt vthis -q -n 'BEGIN { this->x = 5; this->s = "five"; }
BEGIN { printf("%d %s\n", this->x + 1, this->s); exit(0); }'
	var_expect vthis "clause-locals across the clauses of one firing" <<'EOF'
6 five
EOF
}

# self->ts timing with quantize(): every getpid() of the helper takes
# some time, so each of its 300 calls lands in some bucket; self->ts is
# cleared so the dynamic variables do not grow.
t_var_self_quantize() {
	fifo=$T/vself.fifo
	rm -f $fifo
	mkfifo $fifo
	getpid_n 300 $fifo > $T/vself.helper 2>&1 &
	hp=$!
	dtrace -q -n "BEGIN { printf(\"tracing-on\\n\"); }
syscall::getpid:entry /pid == $hp/ { self->ts = timestamp; }
syscall::getpid:return /self->ts/ { @q = quantize(timestamp - self->ts); @n = count(); self->ts = 0; }
syscall::exit_group:entry /pid == $hp/ { exit(0); }" \
		> $T/vself.raw 2> $T/vself.err &
	dp=$!
	wait_for $T/vself.raw tracing-on 20 $dp
	timeout 10 sh -c ": > $fifo"
	wait $hp
	if ! wait_exit $dp 30; then
		kill -INT $dp
		wait_exit $dp 15 || kill -9 $dp
	fi
	wait $dp
	rc=$?
	total=$(awk '$2 == "|" || $2 ~ /^\|/ { s += $NF } END { print s + 0 }' $T/vself.raw)
	n=$(last_number $T/vself.raw)
	if [ $rc -eq 0 ] && [ "$total" = 300 ] && [ "$n" = 300 ] &&
	   grep -q 'Distribution' $T/vself.raw; then
		pass "self->ts timing: 300 getpid() latencies in quantize()"
	else
		fail "exit $rc, quantize total '$total', count '$n' (want 300)"
		show $T/vself.raw $T/vself.err $T/vself.helper
	fi
}

# A bad address faults: the error record is printed as illumos does and
# the clause's later actions do not run; the other clause does.
t_var_fault() {
	dt vfault -q -n 'BEGIN { trace(copyinstr(0)); printf("not reached %d\n", 1); }
BEGIN { printf("second clause\n"); exit(0); }'
	if [ $rc -eq 0 ] && grep -q 'second clause' $T/vfault.out &&
	   ! grep -q 'not reached' $T/vfault.out &&
	   grep -q 'error on enabled probe ID 1 (ID [0-9]*: dtrace:::BEGIN): invalid address (0x0) in action #1 at DIF offset [0-9]*' $T/vfault.err; then
		pass "copyinstr(0): $(grep -o 'invalid address.*' $T/vfault.err | head -n 1)"
	else
		fail "exit $rc, no illumos error message or wrong actions ran"
		show $T/vfault.out $T/vfault.err
	fi
}

# A tiny dynvarsize: stores are dropped and reported.
t_var_dyndrops() {
	dt vdrops -q -x dynvarsize=2k -n 'BEGIN { n = 0; }
tick-1ms { a[timestamp] = 1; n++; }
tick-1ms /n == 200/ { exit(0); }'
	if [ $rc -eq 0 ] && grep -q 'dynamic variable drop' $T/vdrops.err; then
		pass "$(grep 'dynamic variable drop' $T/vdrops.err | head -n 1)"
	else
		fail "exit $rc, no dynamic variable drops reported"
		show $T/vdrops.out $T/vdrops.err
	fi
}

# copyinstr() of a user string: execve()'s path, in the calling process.
t_var_copyinstr() {
	dtrace -q -n 'BEGIN { printf("tracing-on\n"); }
syscall::execve:entry /basename(copyinstr(arg0)) == "true"/ { printf("%s\n", copyinstr(arg0)); exit(0); }' \
		> $T/vcopy.raw 2> $T/vcopy.err &
	dp=$!
	wait_for $T/vcopy.raw tracing-on 20 $dp
	i=0
	while alive $dp && [ $i -lt 50 ]; do
		/bin/true
		usleep 100000
		i=$((i + 1))
	done
	wait_exit $dp 15 || kill -9 $dp
	wait $dp
	rc=$?
	if [ $rc -eq 0 ] && grep -qx '/bin/true' $T/vcopy.raw; then
		pass "copyinstr(arg0) of execve(\"/bin/true\")"
	else
		fail "exit $rc, /bin/true not printed"
		show $T/vcopy.raw $T/vcopy.err
	fi
}

# Thread-locals of exited threads are freed: 300 processes each leave a
# self-> variable behind in a store that holds about 60, and none is
# dropped (var-dyndrops shows that drops would be reported).
t_var_self_exit() {
	dtrace -q -x dynvarsize=4k -n 'BEGIN { printf("tracing-on\n"); }
syscall::execve:entry { self->x = 1; }
syscall::execve:entry /basename(copyinstr(arg0)) == "false"/ { exit(0); }' \
		> $T/vexit.raw 2> $T/vexit.err &
	dp=$!
	wait_for $T/vexit.raw tracing-on 20 $dp
	i=0
	while [ $i -lt 300 ]; do
		/bin/true
		i=$((i + 1))
	done
	/bin/false
	wait_exit $dp 15 || kill -9 $dp
	wait $dp
	rc=$?
	if [ $rc -eq 0 ] && ! grep -q 'dynamic variable drop' $T/vexit.err; then
		pass "300 exited processes' self->x freed: no drops in a 4k store"
	else
		fail "exit $rc, thread-locals of exited processes not freed?"
		show $T/vexit.raw $T/vexit.err
	fi
}

# Hostile ENABLE blobs (tests/vm/helpers/enable_fuzz.c): mutations of a
# valid enabling with variables, speculations, stacks and tracemem; each
# is rejected, or accepted and run.  The console must stay clean.
t_enable_fuzz() {
	timeout -s KILL 300 enable_fuzz 2000 $$ > $T/efuzz.out 2> $T/efuzz.err
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "$(cat $T/efuzz.out)"
	else
		fail "exit $rc"
		show $T/efuzz.out $T/efuzz.err
	fi
}

# illumos' unit names for profile rates: nsec, usec, msec.
t_profile_msec() {
	dt pmsec -q -n 'tick-100msec { printf("tick\n"); exit(0); }'
	if [ $rc -eq 0 ] && grep -qx 'tick' $T/pmsec.out; then
		pass "tick-100msec fired"
	else
		fail "exit $rc"
		show $T/pmsec.out $T/pmsec.err
	fi
}

# bufpolicy in the kernel buffer: ring keeps the newest records, oldest
# first and in order; fill stops recording on a full CPU but still
# records dtrace:::END in the room kept for it.
t_bufpolicy_ring() {
	dt bring -q -x bufpolicy=ring -x bufsize=4k -n 'BEGIN { i = 0; } tick-1ms { i++; printf("%d %d %d %d %d %d %d %d\n", i, i, i, i, i, i, i, i); } tick-1ms /i >= 1500/ { exit(0); }'
	awk 'BEGIN { p = 0; bad = 0 } NF == 8 { if ($1 <= p || $2 != $1 || $8 != $1) bad++; p = $1; n++ } END { print n + 0, p, bad }' $T/bring.out > $T/bring.sum
	read n last bad < $T/bring.sum
	if [ $rc -eq 0 ] && [ "$bad" = 0 ] && [ "${last:-0}" -ge 1500 ] &&
	   [ "${n:-0}" -gt 10 ]; then
		pass "ring: $n records in order, the newest ($last) kept"
	else
		fail "exit $rc, ring output: n=$n last=$last out of order=$bad"
		show $T/bring.out $T/bring.err
	fi
}

t_bufpolicy_fill() {
	dt bfill -q -x bufpolicy=fill -x bufsize=4k -n 'BEGIN { i = 0; } tick-1ms { i++; printf("%d %d %d %d %d %d %d %d\n", i, i, i, i, i, i, i, i); } tick-1ms /i >= 1500/ { exit(0); } END { printf("end reached\n"); }'
	lines=$(grep -c '^[0-9]' $T/bfill.out)
	if [ $rc -eq 0 ] && grep -q 'end reached' $T/bfill.out &&
	   [ "$lines" -lt 1500 ]; then
		pass "fill: $lines records, then full; END still recorded"
	else
		fail "exit $rc, $lines records, END line missing or buffer never filled"
		show $T/bfill.out $T/bfill.err
	fi
}

# Before rmmod, which stays last.
ALL="${ALL% rmmod} var_global_string var_assoc var_this var_self_quantize
     var_fault var_dyndrops var_copyinstr var_self_exit enable_fuzz
     profile_msec bufpolicy_ring bufpolicy_fill rmmod"

# ---------------------------------------------------------------------------
# Hostile input to every ioctl (tests/vm/helpers/ioctl_fuzz.c): mutated
# ENABLE blobs run through GO/snapshots/STOP, bad pointers, sizes and cpu
# numbers, PROBES/PROVIDE/CHECK/unknown ioctls, children killed while
# tracing.  The console check catches any oops or WARN; this test checks
# that the module answered consistently and that, afterwards, it holds no
# hook, no reference and no vmalloc memory it did not hold before.
# Replay a failure with the seed (and iteration) the output names:
#   ioctl_fuzz 0 SEED ITERATION 1

IOCTL_FUZZ_SECONDS=20

hook_state() {	# FILE: every kprobe and ftrace-op hook in the kernel
	{ cat $KPROBES; cat $FTRACE_ON; } > $1 2>/dev/null
}

vmalloc_kb() {
	awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo
}

dtrace_refs() {
	awk '$1 == "dtrace" { print $3 }' /proc/modules
}

t_ioctl_fuzz() {
	seed=$(($(date +%s) % 1000000))
	hook_state $T/ifz.before
	vm0=$(vmalloc_kb)
	timeout -s KILL $((IOCTL_FUZZ_SECONDS + 60)) \
		ioctl_fuzz $IOCTL_FUZZ_SECONDS $seed > $T/ifz.out 2>&1
	rc=$?
	# Consumers are torn down on close; give a killed child's a moment.
	i=0
	while [ $i -lt 50 ]; do
		hook_state $T/ifz.after
		cmp -s $T/ifz.before $T/ifz.after && break
		usleep 100000
		i=$((i + 1))
	done
	vm1=$(vmalloc_kb)
	refs=$(dtrace_refs)
	grow=$((${vm1:-0} - ${vm0:-0}))
	sum=$(sed -n 's/^ioctl_fuzz: seed [0-9]*: //p' $T/ifz.out)
	if [ $rc -eq 0 ] && cmp -s $T/ifz.before $T/ifz.after &&
	   [ "$refs" = 0 ] && [ $grow -lt 4096 ]; then
		pass "seed $seed: $sum; hooks as before, vmalloc ${grow} kB"
		# The per-ioctl counts, for the log.
		sed -n -e 's/^ioctl_fuzz:   /  | /p' \
		    -e 's/^ioctl_fuzz: \(.*inconsistencies\)$/  | \1/p' $T/ifz.out
	else
		fail "seed $seed: exit $rc, hooks as before: $(cmp -s $T/ifz.before $T/ifz.after && echo yes || echo no), module refs ${refs:-?}, vmalloc ${grow} kB more"
		diff $T/ifz.before $T/ifz.after > $T/ifz.hooks-diff 2>&1
		grep -v '^ioctl_fuzz:   ' $T/ifz.out > $T/ifz.problems
		show $T/ifz.problems $T/ifz.hooks-diff
	fi
}

# Before rmmod, which stays last.
ALL="${ALL% rmmod} ioctl_fuzz rmmod"

# ---------------------------------------------------------------------------
# stack()/ustack() aggregation keys, vtimestamp, dtrace:::ERROR.

# Kernel stacks as keys (with an integer key after them): every firing
# lands in some entry, none is lost or merged wrongly; one call site in
# one thread gives one ustack() key.
t_agg_stack_key() {
	dt aggstk -q -n 'tick-1ms { @s[stack(), 7] = count(); @n = count(); }
tick-1ms /++i == 200/ { exit(0); }
BEGIN { @u[ustack(3)] = count(); @u[ustack(3)] = count(); }
END { printa("S %@d\n", @s); printa("N %@d\n", @n); printa("U %@d\n", @u); }'
	awk '$1 == "S" { s += $2; k++ } $1 == "N" { n = $2 } $1 == "U" { u = u " " $2 }
	    END { print s + 0, n + 0, k + 0, u }' $T/aggstk.out > $T/aggstk.sum
	read s n k u < $T/aggstk.sum
	if [ $rc -eq 0 ] && [ "$s" = "$n" ] && [ "$n" -ge 200 ] &&
	   [ "$k" -ge 1 ] && [ "$u" = 2 ]; then
		pass "stack() keys: $n firings in $k stacks; one ustack() key counted twice"
	else
		fail "exit $rc, stack sum '$s' vs count '$n' in '$k' keys, ustack counts '$u'"
		show $T/aggstk.out $T/aggstk.err
	fi
}

# vtimestamp: the thread's on-CPU time: positive, never above the time
# since boot, never going back within a thread (300 getpid() calls).
t_vtimestamp() {
	dt vtime1 -q -n 'BEGIN { a = vtimestamp; b = vtimestamp;
printf("%d %d %d\n", a > 0, b >= a, b <= timestamp); exit(0); }'
	fifo=$T/vtime.fifo
	rm -f $fifo
	mkfifo $fifo
	getpid_n 300 $fifo > $T/vtime.helper 2>&1 &
	hp=$!
	dtrace -q -n "BEGIN { printf(\"tracing-on\\n\"); }
syscall::getpid:entry /pid == $hp/ { self->v = vtimestamp; }
syscall::getpid:return /self->v/ { @back = sum(vtimestamp < self->v); @n = count(); self->v = 0; }
syscall::exit_group:entry /pid == $hp/ { exit(0); }
END { printa(\"back %@d\\n\", @back); printa(\"n %@d\\n\", @n); }" \
		> $T/vtime.raw 2> $T/vtime.err &
	dp=$!
	wait_for $T/vtime.raw tracing-on 20 $dp
	timeout 10 sh -c ": > $fifo"
	wait $hp
	if ! wait_exit $dp 30; then
		kill -INT $dp
		wait_exit $dp 15 || kill -9 $dp
	fi
	wait $dp
	rc2=$?
	if [ $rc -eq 0 ] && [ "$(cat $T/vtime1.out)" = "1 1 1" ] &&
	   [ $rc2 -eq 0 ] && grep -qx 'back 0' $T/vtime.raw &&
	   grep -qx 'n 300' $T/vtime.raw; then
		pass "vtimestamp positive, below timestamp, monotonic in 300 calls"
	else
		fail "exit $rc/$rc2, '$(cat $T/vtime1.out)'"
		show $T/vtime1.err $T/vtime.raw $T/vtime.err
	fi
}

# dtrace:::ERROR with illumos' arguments (epid, action, DIF offset,
# fault, address), besides the error message; an ERROR clause that
# faults itself is only counted: no second message, no recursion.
t_error_probe() {
	dt errprobe -q -n 'BEGIN { x = 0; }
BEGIN { trace(1 / x); }
BEGIN { trace(*(int *)8); }
dtrace:::ERROR { printf("%d %d %d %d %x\n", arg1, arg2, arg3, arg4, arg5); }
dtrace:::ERROR { trace(*(int *)16); }
BEGIN { printf("after\n"); exit(0); }'
	nerr=$(grep -c 'error on enabled probe' $T/errprobe.err)
	if [ $rc -eq 0 ] &&
	   grep -Eqx '2 1 [0-9]+ 5 0' $T/errprobe.out &&
	   grep -Eqx '3 1 [0-9]+ 2 8' $T/errprobe.out &&
	   grep -qx after $T/errprobe.out && [ "$nerr" = 2 ] &&
	   ! grep -q 'ID 5 ' $T/errprobe.err; then
		pass "ERROR fired twice with illumos' arguments; its own fault not reported"
	else
		fail "exit $rc, $nerr error messages"
		show $T/errprobe.out $T/errprobe.err
	fi
}

ALL="${ALL% rmmod} agg_stack_key vtimestamp error_probe rmmod"

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
