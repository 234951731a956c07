/* Output line filters (see linefilter.h). */
#include <stdlib.h>
#include <string.h>

#include "linefilter.h"

/* glibc's regcomp copies the tree of a repeated expression for each
 * repetition operator and each count of a bound, so stacked operators
 * (`e+++...`) and nested bounds grow it exponentially: a short pattern
 * took gigabytes.  Such patterns are refused as invalid: two repetition
 * operators in a row, or bounds whose counts multiply past BOUND_MAX (an
 * overestimate for bounds side by side, exact for nested ones). */
#define BOUND_MAX 65536UL

static bool pattern_tame(const char *p)
{
	unsigned long product = 1;
	bool after_rep = false, in_bracket = false;

	for (; *p; p++) {
		if (in_bracket) {
			if (*p == ']')
				in_bracket = false;
			continue;
		}
		if (*p == '\\' && p[1]) {
			p++;
			after_rep = false;
			continue;
		}
		if (*p == '[') {
			in_bracket = true;
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
			after_rep = false;
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			if (after_rep)
				return false;
			after_rep = true;
			if (*p == '{') {
				unsigned long most = 0, v = 0;
				for (p++; *p && *p != '}'; p++) {
					if (*p >= '0' && *p <= '9') {
						v = v * 10 + (unsigned long)(*p - '0');
						if (v > BOUND_MAX)
							return false;
					} else {
						most = v > most ? v : most;
						v = 0;
					}
				}
				most = v > most ? v : most;
				if (!*p)
					return true; /* unterminated: regcomp refuses it */
				product *= most ? most : 1;
				if (product > BOUND_MAX)
					return false;
			}
			continue;
		}
		after_rep = false;
	}
	return true;
}

int vsh_filter_init_case(vsh_filter *f, enum vsh_filter_kind kind, const char *pattern,
			 bool icase)
{
	memset(f, 0, sizeof *f);
	if (kind == VSH_FILTER_NONE)
		return 0;
	if (!pattern || !pattern_tame(pattern) ||
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
