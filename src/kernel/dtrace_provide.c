// SPDX-License-Identifier: GPL-2.0
/*
 * PROVIDE: ask a provider to create on-demand probes.  The whole request
 * is validated before any probe is created, so a bad entry creates
 * nothing.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>

#include "dtrace_impl.h"

static const struct dtrace_provider *dtrace_provider_find(const char *name)
{
	if (!strcmp(name, prov_fbt.name))
		return &prov_fbt;
	if (!strcmp(name, prov_profile.name))
		return &prov_profile;
	return NULL;
}

static bool dtrace_provider_known(const char *name)
{
	return !strcmp(name, "dtrace") || !strcmp(name, "syscall");
}

int dtrace_provide(const struct dtrace_provide_req *req)
{
	const struct dtrace_provider *prov;
	char pname[DTRACE_PROVNAMELEN];
	const char *s, *end;
	char *buf;
	u32 i, nuls = 0;
	int err = 0;

	memcpy(pname, req->prov, sizeof(pname));
	if (!memchr(pname, '\0', sizeof(pname)))
		return -EINVAL;
	prov = dtrace_provider_find(pname);
	if (!prov) {
		pr_debug("dtrace: provide: no on-demand probes in '%s'\n",
			 pname);
		return dtrace_provider_known(pname) ? -EINVAL : -ENOENT;
	}
	if (req->nentries == 0 && req->buflen == 0)
		return 0;
	if (req->buflen == 0 || req->buflen > DTRACE_PROVIDE_MAXBUF ||
	    req->nentries > req->buflen / 3)
		return -EINVAL;

	buf = vmemdup_user(u64_to_user_ptr(req->buf), req->buflen);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (buf[req->buflen - 1] != '\0')
		goto inval;
	for (i = 0; i < req->buflen; i++)
		nuls += buf[i] == '\0';
	if (nuls != 3 * req->nentries)
		goto inval;

	/* Pass 1: validate every entry. */
	end = buf + req->buflen;
	for (s = buf, i = 0; i < req->nentries; i++) {
		const char *mod = s, *func = mod + strlen(mod) + 1;
		const char *name = func + strlen(func) + 1;

		s = name + strlen(name) + 1;
		if (s > end)
			goto inval;
		err = prov->validate(mod, func, name);
		if (err) {
			pr_debug("dtrace: provide %s: bad entry '%s:%s:%s'\n",
				 pname, mod, func, name);
			goto out;
		}
	}

	/* Pass 2: create, dropping the lock now and then. */
	mutex_lock(&dtrace_lock);
	for (s = buf, i = 0; i < req->nentries; i++) {
		const char *mod = s, *func = mod + strlen(mod) + 1;
		const char *name = func + strlen(func) + 1;

		s = name + strlen(name) + 1;
		if (i && (i & 1023) == 0) {
			mutex_unlock(&dtrace_lock);
			if (fatal_signal_pending(current)) {
				err = -EINTR;
				goto out;
			}
			cond_resched();
			mutex_lock(&dtrace_lock);
		}
		err = prov->provide(mod, func, name);
		if (err)
			break;
	}
	mutex_unlock(&dtrace_lock);
	goto out;
inval:
	pr_debug("dtrace: provide %s: malformed entry buffer\n", pname);
	err = -EINVAL;
out:
	kvfree(buf);
	return err;
}
