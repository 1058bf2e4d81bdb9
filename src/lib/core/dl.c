/*
 * dl.c - libraries loaded when first needed; see dl.h.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "core/dl.h"

bool
mt_dl_load(const char *lib, const struct mt_dl_sym *syms, size_t n,
    char *why, size_t whylen)
{
	const char *e;
	void *h, *sym;
	size_t i;

	if ((h = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		/* dlerror() usually names the library already. */
		if ((e = dlerror()) != NULL &&
		    strncmp(e, lib, strlen(lib)) == 0)
			(void)snprintf(why, whylen, "cannot load %s", e);
		else
			(void)snprintf(why, whylen, "cannot load %s: %s", lib,
			    e != NULL ? e : "?");
		return false;
	}
	for (i = 0; i < n; i++) {
		if ((sym = dlsym(h, syms[i].name)) == NULL) {
			(void)snprintf(why, whylen, "%s has no %s", lib,
			    syms[i].name);
			return false;	/* the handle stays: harmless */
		}
		/* An object pointer into a function pointer. */
		memcpy(syms[i].fp, &sym, sizeof(sym));
	}
	return true;
}
