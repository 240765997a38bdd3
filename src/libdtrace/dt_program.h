/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiled form of a D program: what the compiler (dt_compile) hands
 * to the consumer (dt_consume / dt_enable).  The compiler decides the
 * record layout of every clause; the consumer turns the program into an
 * ENABLE blob (src/common/dtrace_abi.h) for each probe a clause matches,
 * and uses the same layout to format what comes back.
 */
#ifndef DT_PROGRAM_H
#define DT_PROGRAM_H

#include "dtrace_types.h"
#include "dif.h"

/* A DIF object owned by the program (malloc'd tables). */
struct dt_difo {
	dt_u32 *insns;
	dt_u32 ninsns;
	dt_u64 *inttab;
	dt_u32 nints;
	char *strtab;
	dt_u32 strtab_len;
	dt_u32 rtype;		/* DIF_TYPE_INT / DIF_TYPE_STRING */
	dt_u32 rsize;		/* int: 8 (values are stored as 64 bits); string: strsize */
};

/* One value computed at probe time and stored in the record (or used as key). */
struct dt_value {
	struct dt_difo difo;
	dt_u32 offset;		/* payload offset (record values only) */
	int is_string;
	int is_signed;		/* for integers: the D type's signedness */
	int size;		/* for integers: the D type's size (1, 2, 4, 8) */
	int fmt;		/* enum dt_value_fmt */
};

/*
 * Statements.  Those marked "consumer" are carried out by the consumer
 * when it reaches the clause's record in the stream (the ECB is enabled
 * with DTRACE_ECB_F_RECORD so there is one even without values).
 */
enum dt_stmt_kind {
	DT_STMT_TRACE,		/* trace(v): one value */
	DT_STMT_PRINTF,		/* printf(fmt, v...): fmt + nvals values */
	DT_STMT_EXIT,		/* exit(v): one value */
	DT_STMT_AGG,		/* @name[keys] = fn(v): no record bytes */
	DT_STMT_DIFEXPR,	/* x = ...; strtok(s, ","); vals[0], no bytes */
	DT_STMT_PRINTA,		/* consumer: printa([fmt,] @a, ...): aggids */
	DT_STMT_TRUNC,		/* consumer: trunc(@a [, n]): vals 0 or 1 */
	DT_STMT_CLEAR,		/* consumer: clear(@a) */
	DT_STMT_NORMALIZE,	/* consumer: normalize(@a, n): vals[0] = n */
	DT_STMT_DENORMALIZE,	/* consumer: denormalize(@a) */
	DT_STMT_SETOPT,		/* consumer: setopt(opt [, val]) */
	DT_STMT_SPECULATE,	/* speculate(id): vals[0] = id, no bytes */
	DT_STMT_COMMIT,		/* commit(id): vals[0] = id, no bytes */
	DT_STMT_DISCARD,	/* discard(id): vals[0] = id, no bytes */
	DT_STMT_STACK,		/* stack([n]): nframes 8-byte slots at offset */
	DT_STMT_USTACK,		/* ustack([n]): likewise, user addresses */
	DT_STMT_TRACEMEM,	/* tracemem(addr, n): vals[0] = addr, size n */
	DT_STMT_SYSTEM,		/* consumer, -w: system(fmt, v...) like printf */
	DT_STMT_FREOPEN,	/* consumer, -w: freopen(fmt, v...) */
};

/*
 * How a recorded integer prints (trace(), printf's %s-less default,
 * aggregation keys): func()/sym()/mod() name the kernel text the value
 * points into, uaddr()/usym()/umod() the current task's.
 */
enum dt_value_fmt {
	DT_VFMT_NONE = 0,
	DT_VFMT_SYM,		/* sym(), func(): "vmlinux`vfs_read" */
	DT_VFMT_SYMOFF,		/* %a: "vmlinux`vfs_read+0x10" */
	DT_VFMT_MOD,		/* mod(): "vmlinux" */
	DT_VFMT_UADDR,		/* uaddr(): hex address */
	DT_VFMT_USYM,		/* usym(), ufunc() */
	DT_VFMT_UMOD,		/* umod() */
};

struct dt_stmt {
	enum dt_stmt_kind kind;
	int line, col;		/* source position of the statement */
	char *fmt;		/* PRINTF: the format, escapes already decoded */
	struct dt_value *vals;	/* TRACE/EXIT: 1; PRINTF: n; AGG: 0 or 1 (fn argument) */
	int nvals;
	struct dt_value *keys;	/* AGG: key expressions */
	int nkeys;
	struct dt_value *incr;	/* AGG of the quantize family: increment or NULL */
	int aggid;		/* AGG, TRUNC, CLEAR, (DE)NORMALIZE: dt_program.aggs */
	int *aggids;		/* PRINTA: the aggregations, in order */
	int naggids;
	char *opt, *optval;	/* SETOPT: option and value (NULL: none) */
	dt_u32 offset;		/* STACK, USTACK, TRACEMEM: payload offset */
	dt_u32 size;		/* STACK, USTACK: nframes * 8; TRACEMEM: n */
};

/* A probe description as written: fields may hold globs or be empty. */
struct dt_probespec {
	char *prov, *mod, *func, *name;
	char *text;		/* as written, for messages */
	int line, col;
};

struct dt_clause {
	struct dt_probespec *specs;
	int nspecs;
	struct dt_difo *pred;	/* NULL: no predicate */
	struct dt_stmt *stmts;
	int nstmts;		/* 0: the default action (print the probe) */
	dt_u32 recsize;		/* payload bytes, a multiple of 8 */
};

struct dt_aggdesc {
	char *name;		/* without '@'; "" for the anonymous @ */
	int fn;			/* DTRACE_AGG_* */
	int nkeys;
	int key_is_string[8];	/* per key (DTRACE_MAX_AGGKEYS) */
	dt_u32 key_type[8];	/* per key: DIF_TYPE_INT, _STRING, _STACK, _USTACK */
	dt_u32 key_bytes[8];	/* per key: 8, strsize, or frames * 8 */
	dt_u32 keysize;		/* bytes of the packed key: the sum of key_bytes */
	dt_s32 lq_base;		/* lquantize(): lower bound, step, levels */
	dt_u32 lq_step;
	dt_u32 lq_levels;
	dt_u16 llq_factor;	/* llquantize(): factor, magnitudes, steps */
	dt_u16 llq_low;
	dt_u16 llq_high;
	dt_u16 llq_nsteps;
};

/* A user variable as the ENABLE blob's dtrace_vardesc describes it. */
struct dt_var {
	char *name;		/* without "self->" / "this->" */
	dt_u32 id;		/* DIF_VAR_OTHER_UBASE + n, per scope */
	int scope;		/* DTRACE_VSCOPE_* */
	int kind;		/* DTRACE_VKIND_* */
	dt_u32 type;		/* DIF_TYPE_INT / DIF_TYPE_STRING */
	dt_u32 size;		/* 8, or strsize for strings */
};

struct dt_program {
	struct dt_clause *clauses;
	int nclauses;
	struct dt_aggdesc *aggs;
	int naggs;
	struct dt_var *vars;	/* user variables of every scope */
	int nvars;
	dt_u32 strsize;		/* the strsize the layout was computed with */
	/*
	 * Options set in the program text (#pragma D option name=value),
	 * in order: the consumer applies them as if given with -x.
	 */
	char **pragma_opts;	/* "name" or "name=value" */
	int npragma_opts;
};

/* Compiler errors: message plus the position it points at. */
struct dt_error {
	char msg[512];		/* e.g. "syntax error near \"}\"" */
	int line, col;		/* 1-based; 0 when not tied to a position */
};

#define DT_COMPILE_DEFAULT	0

/*
 * Compile @src (a D program, or a single probe clause as given to -n when
 * @is_clause is set: "BEGIN { ... }" or just "syscall::read:entry").
 * Returns NULL and fills @err on any error.
 */
struct dt_program *dt_compile(const char *src, int is_clause, dt_u32 strsize,
			      struct dt_error *err);

/*
 * dt_compile() with the options of the command line that shape the
 * compiled program (-x name=value); 0 means the default.  A "#pragma D
 * option" in the program text overrides them.
 */
struct dt_compile_opts {
	dt_u32 strsize;		/* default 256 */
	dt_u32 stackframes;	/* stack()'s frames, default 20 */
	dt_u32 ustackframes;	/* ustack()'s frames, default 100 */
};
struct dt_program *dt_compile_with(const char *src, int is_clause,
				   const struct dt_compile_opts *opts,
				   struct dt_error *err);
void dt_program_free(struct dt_program *pgm);

#endif /* DT_PROGRAM_H */
