// SPDX-License-Identifier: GPL-2.0
/*
 * MODULE_IMPORT_NS(NS) took a bare token until Linux 6.13, commit
 * cdd30ebb1b9f "module: Convert symbol namespace to string literal";
 * since then it takes a string literal, and a token no longer compiles.
 * (A literal also compiles on older kernels, but there it is stored
 * with its quotes and names another namespace.)
 */
#include <linux/module.h>

MODULE_IMPORT_NS(KADAPT_PROBE_NS);
