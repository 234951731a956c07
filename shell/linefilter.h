/* The filter of output lines that keeps those matching a regular
 * expression, those not matching it, or all from the first matching one
 * on: a command's `| include | exclude | begin REGEX`, and the pager's
 * `+ - / REGEX` at its More prompt. */
#ifndef VRPSH_VIEWS_LINEFILTER_H
#define VRPSH_VIEWS_LINEFILTER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#define VSH_FILTER_BAD_REGEX "Error: Invalid regular expression."

enum vsh_filter_kind { VSH_FILTER_NONE, VSH_FILTER_INCLUDE, VSH_FILTER_EXCLUDE, VSH_FILTER_BEGIN };

typedef struct vsh_filter {
	enum vsh_filter_kind kind;
	regex_t re;
	bool begun;   /* BEGIN: a line has matched, every line passes now */
	char *tmp;    /* the line NUL-terminated, for regexec */
	size_t tmpcap;
} vsh_filter;

/* A filter of `kind` with POSIX extended regular expression `pattern`
 * (VSH_FILTER_NONE: everything passes, pattern unused).  -1 when the
 * pattern is invalid: the filter is VSH_FILTER_NONE then. */
int vsh_filter_init(vsh_filter *f, enum vsh_filter_kind kind, const char *pattern);
/* The same, matching regardless of case when icase is set. */
int vsh_filter_init_case(vsh_filter *f, enum vsh_filter_kind kind, const char *pattern,
			 bool icase);

/* Whether line[0..len) (without its line end) is shown. */
bool vsh_filter_pass(vsh_filter *f, const char *line, size_t len);

/* Whether the expression matches line[0..len), whatever the kind. */
bool vsh_filter_matches(vsh_filter *f, const char *line, size_t len);

/* Free what the filter holds; it passes everything afterwards. */
void vsh_filter_fini(vsh_filter *f);

#endif
