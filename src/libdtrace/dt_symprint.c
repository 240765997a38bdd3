// SPDX-License-Identifier: GPL-2.0
/*
 * Values that name code, printed as illumos does: sym()/func() as
 * "vmlinux`vfs_read", mod() as "vmlinux" (dt_print_sym(), dt_print_mod():
 * "  %-50s"), stack() one "module`function+0xoffset" frame a line after a
 * newline, indented by stackindent (dt_print_stack()).  User addresses
 * (uaddr(), usym(), umod(), ustack()) print as hex: illumos does so too
 * when it cannot look inside the process.  In aggregation keys sym() and
 * mod() values merge by function and module, as dt_aggregate.c does.
 */
#include <string.h>

#include "dt_consumer.h"

void dt_symval_str(dt_u64 v, int fmt, char *buf, size_t len)
{
	const struct dt_ksyms *ks = dt_ksyms_default();
	const char *mod, *name;
	dt_u64 start;

	switch (fmt) {
	case DT_VFMT_SYM:
		if (dt_ksyms_lookup(ks, v, &mod, &name, &start) == 0)
			snprintf(buf, len, "%s`%s", mod, name);
		else
			snprintf(buf, len, "0x%llx", (unsigned long long)v);
		return;
	case DT_VFMT_SYMOFF:
		dt_ksyms_addr2str(ks, v, buf, len);
		return;
	case DT_VFMT_MOD:
		if (dt_ksyms_lookup(ks, v, &mod, &name, &start) == 0)
			snprintf(buf, len, "%s", mod);
		else
			snprintf(buf, len, "0x%llx", (unsigned long long)v);
		return;
	default:	/* user addresses: no process symbols to look in */
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
		return;
	}
}

void dt_print_symval(FILE *fp, dt_u64 v, int fmt)
{
	char buf[512];

	dt_symval_str(v, fmt, buf, sizeof(buf));
	fprintf(fp, "  %-50s", buf);
}

dt_u64 dt_symval_key(dt_u64 v, int fmt)
{
	const struct dt_ksyms *ks = dt_ksyms_default();
	const char *mod, *name;
	dt_u64 start;

	if (fmt != DT_VFMT_SYM && fmt != DT_VFMT_MOD)
		return v;
	if (dt_ksyms_lookup(ks, v, &mod, &name, &start) < 0)
		return v;
	if (fmt == DT_VFMT_MOD && dt_ksyms_modbase(ks, mod, &start) < 0)
		return v;
	return start;
}

void dt_print_stack(FILE *fp, const unsigned char *frames, size_t nframes,
		    int indent, int user)
{
	char buf[512];
	size_t i;

	fputc('\n', fp);
	for (i = 0; i < nframes; i++) {
		dt_u64 pc;

		memcpy(&pc, frames + 8 * i, 8);
		if (pc == 0)
			break;
		if (user)
			snprintf(buf, sizeof(buf), "0x%llx",
				 (unsigned long long)pc);
		else
			dt_ksyms_addr2str(dt_ksyms_default(), pc, buf,
					  sizeof(buf));
		fprintf(fp, "%*s%s\n", indent, "", buf);
	}
}
