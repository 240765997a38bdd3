// SPDX-License-Identifier: GPL-2.0
/* The character device class: class_create() lost its owner in 6.4. */
#include <linux/module.h>
#include <linux/device.h>
#include "kadapt_internal.h"

/* Returns the class or an ERR_PTR(), like class_create(). */
struct class *kadapt_class_create(const char *name)
{
#if defined(KADAPT_HAVE_CLASS_CREATE_ONE_ARG)
	return class_create(name);
#else
	return class_create(THIS_MODULE, name);
#endif
}
