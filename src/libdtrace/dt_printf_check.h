/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time checking of printf() formats against their arguments.
 */
#ifndef DT_PRINTF_CHECK_H
#define DT_PRINTF_CHECK_H

#include "dt_parse.h"

/*
 * @args is the argument list of @call: the format string literal (escapes
 * already decoded) followed by the typed value arguments.  Returns 0, or
 * -1 with the error set in @pcb.
 */
int dt_printf_check(struct dt_pcb *pcb, struct dt_node *args,
		    struct dt_node *call);

/*
 * printa()'s format @fmt against aggregation @ad with key types @keys:
 * conversions take the keys in order, %@ conversions the aggregation's
 * value.
 */
int dt_printa_check(struct dt_pcb *pcb, struct dt_node *fmt,
		    struct dt_node *call, const struct dt_aggdesc *ad,
		    const struct dt_type *keys);

#endif /* DT_PRINTF_CHECK_H */
