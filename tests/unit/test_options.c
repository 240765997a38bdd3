// SPDX-License-Identifier: GPL-2.0
/*
 * dtrace(1)'s option and program-text handling without a device: -x
 * option values and messages as illumos dt_options.c gives them (run-time
 * options refused while tracing, options that cannot work here refused),
 * macro arguments and variables ($1, $$1, $target ...) with illumos'
 * meaning and errors, cpp's line markers mapped back to the script
 * (when the machine has a cpp), and -c/-p processes: held until let go,
 * their end reported in illumos' words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "dt_consumer.h"
#include "test_harness.h"

static int opt(struct dt_opts *o, const char *name, const char *val,
	       const char *want_err)
{
	char err[128] = "";
	int rc = dt_opt_set(o, name, val, err, sizeof(err));

	if (want_err) {
		CHECK(rc < 0 && !strcmp(err, want_err), "%s=%s: rc %d, '%s'",
		      name, val ? val : "(none)", rc, err);
	} else {
		CHECK(rc == 0, "%s=%s: %s", name, val ? val : "(none)", err);
	}
	return rc;
}

static void test_options(void)
{
	struct dt_opts o;
	dt_u64 ns;

	dt_opts_init(&o);
	/* Rates: units, hz, a bare number in ns; 0 is refused. */
	CHECK(dt_parse_rate("10hz", &ns) == 0 && ns == 100000000ULL, "10hz");
	CHECK(dt_parse_rate("2sec", &ns) == 0 && ns == 2000000000ULL, "2sec");
	CHECK(dt_parse_rate("5ms", &ns) == 0 && ns == 5000000ULL, "5ms");
	CHECK(dt_parse_rate("0x10", &ns) == 0 && ns == 16, "0x10 ns");
	CHECK(dt_parse_rate("1fortnight", &ns) < 0, "bad unit");
	CHECK(dt_parse_rate("0", &ns) < 0, "0");
	opt(&o, "aggrate", "20hz", NULL);
	opt(&o, "statusrate", "1s", NULL);
	CHECK(o.agg_ns == 50000000ULL && o.status_ns == 1000000000ULL, "rates");

	/* illumos dt_opt_runtime(): words and numbers. */
	opt(&o, "quiet", NULL, NULL);
	CHECK(o.quiet, "quiet");
	opt(&o, "quiet", "no", NULL);
	CHECK(!o.quiet, "quiet=no");
	opt(&o, "quiet", "0", NULL);
	CHECK(o.quiet, "quiet=0 still sets it, as illumos");
	opt(&o, "quiet", "", NULL);
	CHECK(!o.quiet, "quiet= unsets");
	opt(&o, "aggsortpos", "2", NULL);
	opt(&o, "aggsortkeypos", "1", NULL);
	CHECK(o.aggsortpos == 2 && o.aggsortkeypos == 1, "aggsort positions");
	opt(&o, "aggsortpos", "-1", "Invalid value for specified option");
	opt(&o, "flowindent", "yes", NULL);
	CHECK(o.flowindent, "flowindent=yes");

	/* Names illumos knows that cannot work here: said so. */
	opt(&o, "aggpack", NULL, "Option not supported by DTrace for Linux");
	opt(&o, "grabanon", NULL, "Option not supported by DTrace for Linux");
	opt(&o, "bufpolicy", "ring", NULL);
	CHECK(o.bufpolicy == DTRACE_BUFPOLICY_RING, "ring");
	opt(&o, "bufpolicy", "fill", NULL);
	CHECK(o.bufpolicy == DTRACE_BUFPOLICY_FILL, "fill");
	opt(&o, "bufpolicy", "other", "Invalid value for specified option");
	opt(&o, "bufpolicy", "switch", NULL);
	CHECK(o.bufpolicy == DTRACE_BUFPOLICY_SWITCH, "switch");
	opt(&o, "nosuch", "1", "Invalid option name");
	opt(&o, "cpp", "1", "Invalid value for specified option");

	/* Sizes, speculation, cpp arguments in order. */
	opt(&o, "specsize", "64k", NULL);
	opt(&o, "nspec", "4", NULL);
	CHECK(o.specsize == 65536 && o.nspec == 4, "speculation sizes");
	opt(&o, "nspec", "5000", "Invalid value for specified option");
	opt(&o, "define", "X=1", NULL);
	opt(&o, "undef", "Y", NULL);
	opt(&o, "incdir", "/tmp", NULL);
	CHECK(o.ncppargs == 3 && !strcmp(o.cppargs[0], "-DX=1") &&
	      !strcmp(o.cppargs[1], "-UY") && !strcmp(o.cppargs[2], "-I/tmp"),
	      "cpp arguments");

	/* While tracing only the dynamic run-time options change. */
	o.active = 1;
	opt(&o, "bufsize", "1m", "Operation illegal when tracing is active");
	opt(&o, "switchrate", "10hz", NULL);
	opt(&o, "aggsortrev", NULL, NULL);
	CHECK(o.aggsortrev && o.switch_ns == 100000000ULL, "dynamic options");
	dt_opts_fini(&o);
}

static char *expand(const char *src, int argc, char **argv, int defargs,
		    struct dt_error *err, unsigned char *used)
{
	struct dt_macros m = { argc, argv, 4242, defargs, used };

	return dt_macro_expand(src, &m, err);
}

static void test_macros(void)
{
	char *argv[] = { "prog.d", "42", "hello", "-7", "\"quoted\"", "foo" };
	unsigned char used[6] = { 0 };
	struct dt_macros m = { 6, argv, 0, 0, used };
	struct dt_error err;
	char *s;

	s = expand("syscall::$2:entry /$1 > 0/ { trace($1 + $3); "
		   "printf(\"$1 %s %s %s\", $$1, $4, $5); x = $target; }",
		   6, argv, 0, &err, used);
	CHECK(s && !strcmp(s, "syscall::hello:entry /42 > 0/ { "
			   "trace(42 + (-7)); printf(\"$1 %s %s %s\", "
			   "\"42\", \"quoted\", foo); x = 4242; }"),
	      "expanded: %s", s ? s : err.msg);
	free(s);
	CHECK(dt_macro_check_unused(&m, &err) == 0, "all used");
	used[5] = 0;
	CHECK(dt_macro_check_unused(&m, &err) < 0 &&
	      !strcmp(err.msg, "extraneous argument 'foo' ($5 is not "
		      "referenced)"), "%s", err.msg);

	/* Comments and strings are left alone; errors point at the '$'. */
	s = expand("/* $9 */ BEGIN\n{ // $9\n\ttrace(\"$9\"); trace($9); }",
		   6, argv, 0, &err, NULL);
	CHECK(!s && !strcmp(err.msg, "macro argument $9 is not defined") &&
	      err.line == 3 && err.col == 21, "%s at %d:%d", err.msg,
	      err.line, err.col);
	s = expand("BEGIN { trace($nosuch); }", 6, argv, 0, &err, NULL);
	CHECK(!s && !strcmp(err.msg, "macro variable $nosuch is not defined"),
	      "%s", err.msg);
	/* defaultargs: 0 and "". */
	s = expand("BEGIN { trace($9); trace($$9); }", 6, argv, 1, &err, NULL);
	CHECK(s && !strcmp(s, "BEGIN { trace(0); trace(\"\"); }"), "%s",
	      s ? s : err.msg);
	free(s);
	/* $pid is ours; a string argument's quotes are escaped. */
	{
		char *a2[] = { "x", "a\"b" };
		char want[128];

		s = expand("BEGIN { trace($$1); trace($pid); }", 2, a2, 0,
			   &err, NULL);
		snprintf(want, sizeof(want),
			 "BEGIN { trace(\"a\\\"b\"); trace(%d); }",
			 (int)getpid());
		CHECK(s && !strcmp(s, want), "%s", s ? s : err.msg);
		free(s);
	}
}

static void test_cpp(void)
{
	static const char text[] =
		"#!/usr/sbin/dtrace -s\n"
		"#define TWICE(x) ((x) * 2)\n"
		"BEGIN\n"
		"{\n"
		"\ttrace(TWICE(EXTRA));\n"
		"}\n";
	struct dt_linemap map;
	struct dt_opts o;
	char err[128], *out;
	int i, line = 0;

	if (access("/usr/bin/cpp", X_OK) != 0) {
		printf("test_options: no /usr/bin/cpp, -C not tested\n");
		return;
	}
	dt_opts_init(&o);
	opt(&o, "define", "EXTRA=21", NULL);
	CHECK(dt_cpp(&o, "dir/prog.d", text, &out, &map, err,
		     sizeof(err)) == 0, "cpp: %s", err);
	if (!out)
		return;
	CHECK(strstr(out, "trace(((21) * 2));") != NULL, "%s", out);
	/* The trace() line is line 5 of the script, whatever cpp did. */
	for (i = 0, line = 1; out[i]; i++) {
		if (!strncmp(out + i, "trace(", 6))
			break;
		line += out[i] == '\n';
	}
	CHECK(line >= 1 && line <= map.n && map.line[line - 1] == 5 &&
	      !strcmp(map.file[line - 1], "dir/prog.d"), "line %d -> %d",
	      line, line <= map.n ? map.line[line - 1] : -1);
	free(out);
	dt_linemap_free(&map);

	/* A cpp error is illumos' "Preprocessor failed ..." */
	CHECK(dt_cpp(&o, "p.d", "#error stop\n", &out, &map, err,
		     sizeof(err)) < 0 && !strcmp(err, "Preprocessor failed to "
						 "process input program"),
	      "%s", err);
	dt_opts_fini(&o);
}

/* Poll @p until it is gone (at most 5 s); its message in @msg. */
static int wait_gone(struct dt_proc *p, char *msg, size_t len)
{
	struct timespec ts = { 0, 10000000 };
	int i;

	for (i = 0; i < 500; i++) {
		if (dt_proc_poll(p, msg, len))
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void test_procs(void)
{
	struct dt_proc p;
	char err[256], msg[128], want[128];
	struct timespec ts = { 0, 100000000 };

	/* Held at exec: it does not run (no exit) until let go. */
	/* illumos splits the command on blanks, quotes or not. */
	CHECK(dt_proc_create(&p, "false", err, sizeof(err)) == 0,
	      "create: %s", err);
	nanosleep(&ts, NULL);
	CHECK(!dt_proc_poll(&p, msg, sizeof(msg)) && p.alive, "held");
	dt_proc_continue(&p);
	CHECK(wait_gone(&p, msg, sizeof(msg)), "exited");
	snprintf(want, sizeof(want), "pid %d exited with status 1", p.pid);
	CHECK(!strcmp(msg, want), "'%s'", msg);
	dt_proc_release(&p);

	CHECK(dt_proc_create(&p, "true", err, sizeof(err)) == 0, "%s", err);
	dt_proc_continue(&p);
	CHECK(wait_gone(&p, msg, sizeof(msg)), "true exited");
	snprintf(want, sizeof(want), "pid %d has exited", p.pid);
	CHECK(!strcmp(msg, want), "'%s'", msg);
	dt_proc_release(&p);

	CHECK(dt_proc_create(&p, "sleep 10", err, sizeof(err)) == 0, "%s",
	      err);
	dt_proc_continue(&p);
	kill(p.pid, SIGKILL);
	CHECK(wait_gone(&p, msg, sizeof(msg)), "killed");
	snprintf(want, sizeof(want), "pid %d terminated by SIGKILL", p.pid);
	CHECK(!strcmp(msg, want), "'%s'", msg);
	dt_proc_release(&p);

	/* Never let go: released (dtrace failed), it must not run on. */
	CHECK(dt_proc_create(&p, "sleep 10", err, sizeof(err)) == 0, "%s",
	      err);
	dt_proc_release(&p);
	CHECK(kill(p.pid, 0) < 0, "held child killed on release");

	CHECK(dt_proc_create(&p, "no-such-command-x", err, sizeof(err)) < 0 &&
	      !strcmp(err, "failed to execute no-such-command-x: No such "
		      "file or directory"), "%s", err);
	CHECK(dt_proc_grab(&p, 999999999, err, sizeof(err)) < 0 &&
	      !strcmp(err, "failed to grab pid 999999999: No such process"),
	      "%s", err);
	/* -p: ourselves, alive. */
	CHECK(dt_proc_grab(&p, getpid(), err, sizeof(err)) == 0 &&
	      !dt_proc_poll(&p, msg, sizeof(msg)), "grab self");
}

int main(void)
{
	test_options();
	test_macros();
	test_cpp();
	test_procs();
	return th_done("test_options");
}
