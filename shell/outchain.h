/* A display command's chain of output filters, as typed after it:
 *
 *   | { include | exclude | begin } REGEX    keep matching lines, lines not
 *                                            matching, or all from the
 *                                            first match on
 *   | count                                  "Total lines: N." instead
 *   | section                                the regular expressions keep
 *                                            or drop whole sections
 *   | ignore-case                            they match regardless of case
 *   | no-more                                no paging
 *   > FILE  /  >> FILE                       write the output to FILE of
 *                                            the state directory (replace /
 *                                            append); last in the chain
 *
 * Filters apply in the order typed (at most 32 regular expressions);
 * keywords may be abbreviated.  A filter word that is not one of these is
 * refused, as is a regular expression filter without its expression.
 * A regular expression runs to the next `|` standing alone (blanks around
 * it), or to a final `> FILE` / `>> FILE`.  The modifiers section,
 * ignore-case and no-more may also stand right before a regular expression
 * filter, without a `|` between them (`| section include bgp`). */
#ifndef VRPSH_SHELL_OUTCHAIN_H
#define VRPSH_SHELL_OUTCHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "linefilter.h"

#define VSH_CHAIN_MAX 32
#define VSH_CHAIN_REGEX_MAX 255
#define VSH_CHAIN_FILE_MAX 64

typedef struct vsh_chain_stage {
	enum vsh_filter_kind kind;
	char *regex;
} vsh_chain_stage;

typedef struct vsh_chain {
	vsh_chain_stage st[VSH_CHAIN_MAX];
	int n;
	bool count, section, ignore_case, no_more;
	char *file;   /* redirect target, NULL = the terminal */
	bool append;  /* >> */
} vsh_chain;

/* Parse the chain that starts with filter keyword `kind` (as the parser
 * reports it: "include", ">", ...) followed by `rest` (NULL when nothing
 * follows).  Returns 0, or -1 with a one-line "Error: ..." message (c is
 * then empty). */
int vsh_chain_parse(vsh_chain *c, const char *kind, const char *rest, char *err, size_t errlen);
void vsh_chain_free(vsh_chain *c);

#endif
