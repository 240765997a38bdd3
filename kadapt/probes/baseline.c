// SPDX-License-Identifier: GPL-2.0
/*
 * Not a kernel feature: a trivial module source that compiles against any
 * kernel.  If it fails, the toolchain or the build tree is broken and no
 * other probe result means anything.
 */
#include <linux/module.h>

int kadapt_probe(void)
{
	return 0;
}
