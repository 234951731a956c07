/* Output line filters (see linefilter.h). */
#include <stdlib.h>
#include <string.h>

#include "linefilter.h"

int vsh_filter_init_case(vsh_filter *f, enum vsh_filter_kind kind, const char *pattern,
			 bool icase)
{
	memset(f, 0, sizeof *f);
	if (kind == VSH_FILTER_NONE)
		return 0;
	if (!pattern ||
	    regcomp(&f->re, pattern, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0)) != 0)
		return -1;
	f->kind = kind;
	return 0;
}

int vsh_filter_init(vsh_filter *f, enum vsh_filter_kind kind, const char *pattern)
{
	return vsh_filter_init_case(f, kind, pattern, false);
}

bool vsh_filter_matches(vsh_filter *f, const char *line, size_t len)
{
	if (f->kind == VSH_FILTER_NONE)
		return true;
	if (len + 1 > f->tmpcap) {
		size_t cap = len + 1 > 256 ? len + 1 : 256;
		char *p = realloc(f->tmp, cap);
		if (!p)
			return false;
		f->tmp = p;
		f->tmpcap = cap;
	}
	memcpy(f->tmp, line, len);
	f->tmp[len] = '\0';
	return regexec(&f->re, f->tmp, 0, NULL, 0) == 0;
}

bool vsh_filter_pass(vsh_filter *f, const char *line, size_t len)
{
	if (f->kind == VSH_FILTER_NONE || (f->kind == VSH_FILTER_BEGIN && f->begun))
		return true;
	bool hit = vsh_filter_matches(f, line, len);
	switch (f->kind) {
	case VSH_FILTER_INCLUDE:
		return hit;
	case VSH_FILTER_EXCLUDE:
		return !hit;
	default:
		f->begun = hit;
		return hit;
	}
}

void vsh_filter_fini(vsh_filter *f)
{
	if (f->kind != VSH_FILTER_NONE)
		regfree(&f->re);
	free(f->tmp);
	memset(f, 0, sizeof *f);
}
