// SPDX-License-Identifier: GPL-2.0
/*
 * What dtrace does with a compiled program: list the probes it names
 * (-l), or enable it and trace until exit(), ^C or (-c/-p) the end of
 * the processes, with illumos dtrace(1M)'s messages; -S prints each
 * clause's DIF as it goes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace_cmd.h"
#include "dt_dis.h"

static FILE *open_output(void)
{
	FILE *fp;

	if (!g_cmd.ofile)
		return stdout;
	fp = fopen(g_cmd.ofile, "a");
	if (!fp)
		fatal("failed to open output file '%s': %s\n", g_cmd.ofile,
		      strerror(errno));
	return fp;
}

static struct dt_handle *open_dtrace(void)
{
	char err[256];
	struct dt_handle *h = dt_open(NULL, err, sizeof(err));

	if (!h)
		fatal("failed to initialize dtrace: %s\n", err);
	h->pname = g_cmd.pname;
	return h;
}

/* ---- -S ------------------------------------------------------------ */

static void dis_difo(const struct dt_difo *d)
{
	struct difo dp;

	if (!d || d->ninsns == 0)
		return;
	memset(&dp, 0, sizeof(dp));
	dp.insns = d->insns;
	dp.ninsns = d->ninsns;
	dp.inttab = d->inttab;
	dp.nints = d->nints;
	dp.strtab = d->strtab;
	dp.strtab_len = d->strtab_len;
	dp.rtype = d->rtype;
	dp.rsize = d->rsize;
	dt_dis(&dp, stderr);
}

void print_dif(const struct dt_program *pgm)
{
	int c, s, v;

	for (c = 0; c < pgm->nclauses; c++) {
		const struct dt_clause *cl = &pgm->clauses[c];

		dis_difo(cl->pred);
		for (s = 0; s < cl->nstmts; s++) {
			const struct dt_stmt *st = &cl->stmts[s];

			for (v = 0; v < st->nkeys; v++)
				dis_difo(&st->keys[v].difo);
			for (v = 0; v < st->nvals; v++)
				dis_difo(&st->vals[v].difo);
		}
	}
	fflush(stderr);
}

/* ---- -l ------------------------------------------------------------ */

static int list_one(const struct dtrace_probedesc *pd, void *arg)
{
	FILE *fp = arg;

	fprintf(fp, "%5u %10s %17s %33s %s\n", pd->id, pd->prov, pd->mod,
		pd->func, pd->name);
	return 0;
}

static int list_probes(struct dt_handle *h, FILE *out,
		       struct dt_probespec *specs, int nspecs)
{
	struct dt_probespec all = { "", "", "", "", "", 0, 0 };
	int status = E_SUCCESS, i;
	size_t p;

	if (nspecs == 0 && dt_provide_spec(h, &all, 1) < 0)
		fatal("%s\n", h->errmsg);
	for (i = 0; i < nspecs; i++)
		if (dt_provide_spec(h, &specs[i], 1) < 0)
			fatal("%s\n", h->errmsg);
	if (dt_probes_refresh(h) < 0)
		fatal("%s\n", h->errmsg);

	fprintf(out, "%5s %10s %17s %33s %s\n", "ID", "PROVIDER", "MODULE",
		"FUNCTION", "NAME");
	if (nspecs == 0)
		dt_probe_iter(h, NULL, list_one, out);
	for (i = 0; i < nspecs; i++) {
		for (p = 0; p < h->nprobes; p++)
			if (dt_spec_match(&specs[i], &h->probes[p]))
				break;
		if (p == h->nprobes) {
			fflush(out);
			fprintf(stderr, "%s: failed to match %s:%s:%s:%s: No "
				"probe matches description\n", g_cmd.pname,
				specs[i].prov, specs[i].mod, specs[i].func,
				specs[i].name);
			status = E_ERROR;
			continue;
		}
		dt_probe_iter(h, &specs[i], list_one, out);
	}
	return status;
}

static void spec_copy(struct dt_probespec *d, const struct dt_probespec *s)
{
	d->prov = strdup(s->prov);
	d->mod = strdup(s->mod);
	d->func = strdup(s->func);
	d->name = strdup(s->name);
	d->text = strdup(s->text ? s->text : "");
	if (!d->prov || !d->mod || !d->func || !d->name || !d->text)
		fatal("failed to allocate memory\n");
}

int do_list(void)
{
	struct dt_probespec *specs = NULL;
	struct dt_handle *h;
	int nspecs = 0, i, c, s, status, scripts = 0;
	FILE *out;

	for (i = 0; i < g_cmd.npieces; i++)
		scripts |= g_cmd.pieces[i].kind == P_SCRIPT;
	if (scripts) {
		/* As illumos: compile everything, list each clause's probes. */
		struct dt_program *pgm = compile_pieces();

		for (c = 0; c < pgm->nclauses; c++) {
			for (s = 0; s < pgm->clauses[c].nspecs; s++) {
				specs = realloc(specs,
						(nspecs + 1) * sizeof(*specs));
				if (!specs)
					fatal("failed to allocate memory\n");
				spec_copy(&specs[nspecs++],
					  &pgm->clauses[c].specs[s]);
			}
		}
		dt_program_free(pgm);
	}
	for (i = 0; i < g_cmd.npieces && !scripts; i++) {
		struct piece *pc = &g_cmd.pieces[i];

		specs = realloc(specs, (nspecs + 1) * sizeof(*specs));
		if (!specs)
			fatal("failed to allocate memory\n");
		if (dt_spec_parse(pc->name, pc->field, &specs[nspecs]) < 0)
			fatal("invalid probe specifier %s: too many ':' "
			      "pieces\n", pc->arg);
		nspecs++;
	}

	h = open_dtrace();
	out = open_output();
	status = list_probes(h, out, specs, nspecs);
	for (i = 0; i < nspecs; i++)
		dt_spec_free(&specs[i]);
	free(specs);
	fflush(out);
	dt_close(h);
	return status;
}

/* ---- tracing ------------------------------------------------------- */

static volatile sig_atomic_t g_intr;

static void on_signal(int sig)
{
	(void)sig;
	g_intr = 1;
}

/* -c/-p: say which process went; stop once all have. */
static int procs_gone(void *arg)
{
	char msg[128];
	int i, alive = 0;

	(void)arg;
	for (i = 0; i < g_cmd.nprocs; i++) {
		if (dt_proc_poll(&g_cmd.procs[i], msg, sizeof(msg)))
			notice("%s\n", msg);
		alive += g_cmd.procs[i].alive;
	}
	return g_cmd.nprocs > 0 && alive == 0;
}

static void count_matches(const struct dt_handle *h,
			  const struct dt_program *pgm)
{
	size_t e;

	for (e = 0; e < h->necbs; e++) {
		const struct dt_clause *cl = &pgm->clauses[h->ecbs[e].clause];
		struct piece *pc = piece_at(cl->specs[h->ecbs[e].spec].line);

		if (pc)
			pc->matched++;
	}
}

static void enable_or_die(struct dt_handle *h, const struct dt_program *pgm)
{
	const struct dt_probespec *bad;
	struct piece *pc;

	if (dt_enable(h, pgm, &bad) == 0)
		return;
	pc = bad ? piece_at(bad->line) : NULL;
	if (pc && pc->kind == P_SCRIPT)
		fatal("failed to compile script %s: line %d: %s\n", pc->arg,
		      bad->line - pc->first_line + 1, h->errmsg);
	if (pc)
		fatal("invalid probe specifier %s: %s\n", pc->arg, h->errmsg);
	fatal("failed to enable '%s': %s\n", g_cmd.pieces[0].name, h->errmsg);
}

int do_trace(void)
{
	struct dt_program *pgm = compile_pieces();
	struct sigaction sa;
	struct dt_handle *h;
	size_t total = 0;
	int i, status;

	if (g_cmd.opts.difv)
		print_dif(pgm);
	if (g_cmd.compile_only) {
		dt_program_free(pgm);
		return E_SUCCESS;
	}

	h = open_dtrace();
	h->opts = g_cmd.opts;
	h->out = open_output();
	enable_or_die(h, pgm);
	count_matches(h, pgm);
	for (i = 0; i < g_cmd.npieces; i++) {
		struct piece *pc = &g_cmd.pieces[i];

		notice("%s '%s' matched %zu probe%s\n",
		       pc->kind == P_SCRIPT ? "script" : "description",
		       pc->name, pc->matched, pc->matched == 1 ? "" : "s");
		total += pc->matched;
	}
	/* As illumos: nothing to trace is an error unless -Z allows it. */
	if (total == 0 && !h->opts.zdefs)
		fatal("no probes matched\n");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (dt_go(h) < 0)
		fatal("%s\n", h->errmsg);
	if (h->opts.destructive)
		notice("allowing destructive actions\n");
	/* Now that tracing is on, the -c commands may run. */
	for (i = 0; i < g_cmd.nprocs; i++)
		dt_proc_continue(&g_cmd.procs[i]);
	h->stop_fn = procs_gone;
	g_cmd.live = &h->opts;
	if (dt_run(h, &g_intr) < 0)
		fatal("processing aborted: %s\n", h->errmsg);

	status = h->exit_status;
	if (h->out != stdout && fclose(h->out) == EOF)
		fatal("failed to close output file '%s'\n", g_cmd.ofile);
	h->out = stdout;
	g_cmd.live = NULL;
	for (i = 0; i < g_cmd.nprocs; i++)
		dt_proc_release(&g_cmd.procs[i]);
	dt_close(h);
	dt_program_free(pgm);
	return status;
}
