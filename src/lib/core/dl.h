/*
 * dl.h - libraries loaded when first needed (dlopen(3))
 *
 * libcurl (MTA-STS fetches) and libunbound (validated DNS) are large and
 * pull in further libraries; most runs need neither, so they are loaded
 * on first use instead of at every start.  Ownership: a loaded library
 * stays loaded for the life of the process.
 */
#ifndef MT_DL_H
#define MT_DL_H

#include <stdbool.h>
#include <stddef.h>

/* One function to resolve: its name and where its address goes. */
struct mt_dl_sym {
	const char	*name;
	void		*fp;	/* address of a function pointer variable */
};

/*
 * mt_dl_load - dlopen(3) lib and resolve every syms[i] into *syms[i].fp.
 * False on failure, with the reason ("cannot load libcurl.so.4: ...",
 * "libcurl.so.4 has no curl_easy_init") in why.
 */
bool	 mt_dl_load(const char *lib, const struct mt_dl_sym *syms, size_t n,
	    char *why, size_t whylen);

#endif /* MT_DL_H */
