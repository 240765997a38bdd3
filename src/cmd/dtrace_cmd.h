/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dtrace command's parts: dtrace.c (options, modes), dtrace_src.c
 * (the program text: -n/-P/-m/-f/-s pieces, pragmas, cpp, macro
 * arguments, compiling and compiler messages) and dtrace_run.c (-l,
 * tracing, -c/-p processes, -S).
 */
#ifndef DTRACE_CMD_H
#define DTRACE_CMD_H

#include "dt_consumer.h"

#define E_SUCCESS	0
#define E_ERROR		1
#define E_USAGE		2

enum piece_kind { P_DESC, P_SCRIPT };

/* One -n/-P/-m/-f/-s argument and where its text sits in the program. */
struct piece {
	enum piece_kind kind;
	int field;		/* P_DESC: 1 -P, 2 -m, 3 -f, 4 -n */
	const char *arg;	/* as given */
	char *name;		/* for "matched N probes" messages */
	int first_line, nlines;
	size_t matched;
	struct dt_linemap map;	/* -C: where cpp's lines came from */
	int cpp;
};

struct cmd {
	const char *pname;
	struct piece *pieces;
	int npieces;
	struct dt_opts opts;
	const char *ofile;
	char **margv;		/* macro arguments, margv[0] = $0 */
	int margc;
	struct dt_proc *procs;	/* -c and -p */
	int nprocs;
	const char **pcmds;	/* -c/-p arguments, in order */
	int *ppids;		/* 0 for -c, the pid for -p */
	int npcmds;
	int compile_only;	/* -e */
	const struct dt_opts *live;	/* while tracing: setopt() changes */
};

extern struct cmd g_cmd;

void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2),
					       noreturn));
/* A message unless quiet, as illumos notice(). */
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void add_piece(enum piece_kind kind, int field, const char *arg);
/*
 * Read, preprocess (-C), apply pragmas and expand macros in every piece
 * and compile the program; any problem is fatal with illumos' words.
 */
struct dt_program *compile_pieces(void);
struct piece *piece_at(int line);

int do_list(void);
int do_trace(void);
/* -S: each clause's DIF, to stderr, as illumos prints it. */
void print_dif(const struct dt_program *pgm);

#endif /* DTRACE_CMD_H */
