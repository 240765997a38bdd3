// SPDX-License-Identifier: GPL-2.0
/*
 * -c and -p: the processes dtrace(1) traces and waits for.  -c starts
 * the command stopped right after its exec, as illumos' Pcreate() does
 * (ptrace: the child asks to be traced, execs, and the kernel stops it
 * before its first instruction), so that $target is its pid and nothing
 * the command does is missed, while what the child did before the exec
 * (in dtrace's name) is not traced; tracing starts, then it is let go.
 * -p takes a running process.  Either way dtrace stops when all of them
 * are gone, saying so as illumos' prochandler() does ("pid 123 has
 * exited", "... exited with status 2", "... terminated by SIGKILL").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* pipe2 */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_consumer.h"

/* The command line split on white space, as illumos make_argv(). */
static char **dt_proc_argv(const char *cmd, char **buf)
{
	char *s = strdup(cmd), *p, **argv;
	int argc = 0;

	*buf = s;
	argv = s ? calloc(strlen(cmd) / 2 + 2, sizeof(*argv)) : NULL;
	if (!argv)
		return NULL;
	for (p = strtok(s, " \t\n\r\f\v"); p; p = strtok(NULL, " \t\n\r\f\v"))
		argv[argc++] = p;
	if (argc == 0)
		argv[argc++] = s;
	return argv;
}

/* execvp()'s search, done first so a bad command fails before tracing. */
static int dt_proc_findexec(const char *file)
{
	const char *path = getenv("PATH");
	char full[4096];

	if (strchr(file, '/'))
		return access(file, X_OK) == 0 ? 0 : errno;
	if (!path)
		path = "/bin:/usr/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		struct stat st;

		snprintf(full, sizeof(full), "%.*s%s%s", (int)n, path,
			 n ? "/" : "", file);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(full, X_OK) == 0)
			return 0;
		path += n + (path[n] == ':');
	}
	return ENOENT;
}

int dt_proc_create(struct dt_proc *p, const char *cmd, char *err,
		   size_t errlen)
{
	char *buf, **argv = dt_proc_argv(cmd, &buf);
	int ep[2], e = 0, st;
	pid_t r;

	memset(p, 0, sizeof(*p));
	if (!argv) {
		free(buf);
		snprintf(err, errlen, "failed to allocate memory");
		return -1;
	}
	/* A CLOEXEC pipe: it says errno if exec fails, nothing if it works. */
	e = dt_proc_findexec(argv[0]);
	if (e || pipe2(ep, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "failed to execute %s: %s", argv[0],
			 strerror(e ? e : errno));
		free(argv);
		free(buf);
		return -1;
	}
	p->pid = fork();
	if (p->pid == 0) {
		close(ep[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0)
			execvp(argv[0], argv);
		e = errno;
		if (write(ep[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(ep[1]);
	if (p->pid < 0 || read(ep[0], &e, sizeof(e)) == sizeof(e)) {
		e = p->pid < 0 ? errno : e;
		if (p->pid > 0)
			waitpid(p->pid, &st, 0);
		close(ep[0]);
		snprintf(err, errlen, "failed to execute %s: %s", argv[0],
			 strerror(e));
		free(argv);
		free(buf);
		return -1;
	}
	close(ep[0]);
	free(argv);
	free(buf);
	/* The exec worked: the child stops with SIGTRAP before running. */
	while ((r = waitpid(p->pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (r != p->pid || !WIFSTOPPED(st)) {
		snprintf(err, errlen, "failed to execute %s: %s", cmd,
			 "process did not stop at exec");
		return -1;
	}
	p->created = 1;
	p->held = 1;
	p->alive = 1;
	return 0;
}

static int dt_proc_exists(pid_t pid)
{
	char path[64], line[256];
	FILE *fp;
	int alive = 1;

	if (kill(pid, 0) < 0 && errno == ESRCH)
		return 0;
	/* A zombie is gone as far as tracing it goes. */
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fp = fopen(path, "r");
	if (!fp)
		return errno != ENOENT;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "State:", 6))
			alive = !strchr(line, 'Z');
	fclose(fp);
	return alive;
}

int dt_proc_grab(struct dt_proc *p, long pid, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (pid <= 0 || !dt_proc_exists((pid_t)pid)) {
		snprintf(err, errlen, "failed to grab pid %ld: %s", pid,
			 strerror(ESRCH));
		return -1;
	}
	p->pid = (pid_t)pid;
	p->alive = 1;
	return 0;
}

void dt_proc_continue(struct dt_proc *p)
{
	/* Detaching resumes it, with no signal: the command runs. */
	if (p->created && p->held) {
		ptrace(PTRACE_DETACH, p->pid, NULL, NULL);
		p->held = 0;
	}
}

static const char *dt_signame(int sig, char *buf, size_t len)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" },
		{ SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" },
		{ SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
		{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
		{ SIGKILL, "SIGKILL" }, { SIGUSR1, "SIGUSR1" },
		{ SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
		{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" },
		{ SIGTERM, "SIGTERM" }, { SIGSYS, "SIGSYS" },
		{ SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(buf, len, "SIG#%d", sig);
	return buf;
}

int dt_proc_poll(struct dt_proc *p, char *msg, size_t len)
{
	char sb[32];
	int st;

	if (!p->alive)
		return 0;
	if (p->created) {
		pid_t r = waitpid(p->pid, &st, WNOHANG);

		if (r == 0 || (r < 0 && errno == EINTR))
			return 0;
		p->alive = 0;
		if (r > 0 && WIFSIGNALED(st))
			snprintf(msg, len, "pid %d terminated by %s",
				 (int)p->pid, dt_signame(WTERMSIG(st), sb,
							 sizeof(sb)));
		else if (r > 0 && WEXITSTATUS(st) != 0)
			snprintf(msg, len, "pid %d exited with status %d",
				 (int)p->pid, WEXITSTATUS(st));
		else
			snprintf(msg, len, "pid %d has exited", (int)p->pid);
		return 1;
	}
	if (dt_proc_exists(p->pid))
		return 0;
	p->alive = 0;
	snprintf(msg, len, "pid %d has exited", (int)p->pid);
	return 1;
}

void dt_proc_release(struct dt_proc *p)
{
	int st;

	/* A command never let go must not run untraced: as Prelease(). */
	if (p->created && p->held) {
		kill(p->pid, SIGKILL);
		ptrace(PTRACE_DETACH, p->pid, NULL, NULL);
		waitpid(p->pid, &st, 0);
		p->held = 0;
		p->alive = 0;
	}
	if (p->created && p->alive)
		waitpid(p->pid, &st, WNOHANG);
}
