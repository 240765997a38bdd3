// SPDX-License-Identifier: GPL-2.0
/*
 * Before Linux 6.4 (commit 1aaba11da9aa "driver core: class: remove
 * module * from class_create()"): class_create(owner, name).
 */
#include <linux/module.h>
#include <linux/device.h>

struct class *kadapt_probe(void)
{
	return class_create(THIS_MODULE, "kadapt_probe");
}
