// SPDX-License-Identifier: GPL-2.0
/*
 * The user-variable table of an enabling: checked (the kernel gets it
 * from user space) and laid out once, then shared by the verifier and
 * the VM.  Compiled unchanged into dtrace.ko and the user-space tests.
 */
#include "dif_vm.h"

int dif_vartab_check(const struct dtrace_vardesc *vd, dt_u32 n,
		     dt_u32 strsize, dt_u32 nids[DIF_NSCOPES],
		     const char **why)
{
	dt_u32 i, j, s, cnt[DIF_NSCOPES] = { 0, 0, 0 };

	for (s = 0; s < DIF_NSCOPES; s++)
		nids[s] = 0;
	*why = NULL;
	if (n > DIF_NSCOPES * DTRACE_MAX_VARS) {
		*why = "too many variables";
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct dtrace_vardesc *v = &vd[i];

		if (v->id < DIF_VAR_OTHER_UBASE ||
		    v->id - DIF_VAR_OTHER_UBASE >= DTRACE_MAX_VARS)
			*why = "variable id out of range";
		else if (v->scope >= DIF_NSCOPES)
			*why = "unknown variable scope";
		else if (v->kind != DTRACE_VKIND_SCALAR &&
			 v->kind != DTRACE_VKIND_ARRAY)
			*why = "unknown variable kind";
		else if (v->scope == DTRACE_VSCOPE_LOCAL &&
			 v->kind == DTRACE_VKIND_ARRAY)
			*why = "clause-local array";
		else if (v->type == DIF_TYPE_INT ? v->size != 8 :
			 v->type != DIF_TYPE_STRING || v->size != strsize ||
			 strsize == 0)
			*why = "bad variable type or size";
		if (*why != NULL)
			return -1;
		if (++cnt[v->scope] > DTRACE_MAX_VARS) {
			*why = "too many variables";
			return -1;
		}
		s = v->id - DIF_VAR_OTHER_UBASE + 1;
		if (s > nids[v->scope])
			nids[v->scope] = s;
	}
	/* Duplicates: n is at most 3072, so the quadratic pass is bounded. */
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (vd[i].id == vd[j].id && vd[i].scope == vd[j].scope) {
				*why = "duplicate variable id";
				return -1;
			}
		}
	}
	return 0;
}

void dif_vartab_fill(struct dif_vartab *vt, const struct dtrace_vardesc *vd,
		     dt_u32 n, dt_u32 strsize, const dt_u32 nids[DIF_NSCOPES])
{
	dt_u32 i, s;

	for (s = 0; s < DIF_NSCOPES; s++) {
		vt->nids[s] = nids[s];
		vt->area[s] = 0;
		for (i = 0; i < nids[s]; i++) {
			vt->vars[s][i].present = 0;
			vt->vars[s][i].kind = 0;
			vt->vars[s][i].type = 0;
			vt->vars[s][i].pad = 0;
			vt->vars[s][i].size = 0;
			vt->vars[s][i].offset = 0;
		}
	}
	vt->strsize = strsize;
	for (i = 0; i < n; i++) {
		struct dif_var *v;

		s = vd[i].scope;
		v = &vt->vars[s][vd[i].id - DIF_VAR_OTHER_UBASE];
		v->present = 1;
		v->kind = (dt_u8)vd[i].kind;
		v->type = (dt_u8)vd[i].type;
		v->size = vd[i].size;
		if (vd[i].kind == DTRACE_VKIND_SCALAR &&
		    s != DTRACE_VSCOPE_THREAD) {
			v->offset = vt->area[s];
			vt->area[s] += (v->size + 7) & ~7u;
		}
	}
}
