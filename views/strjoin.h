/* Building configuration-line texts from pieces.  Handlers build several
 * lookup keys per typed line ("peer G as-number", "group G"); a replay of
 * a large file spent a sixth of its time formatting them with snprintf,
 * which these plain copies avoid. */
#ifndef VRPSH_VIEWS_STRJOIN_H
#define VRPSH_VIEWS_STRJOIN_H

#include <stddef.h>

/* Concatenates the NUL-terminated strings up to the NULL that ends the
 * list into buf.  Returns the length written, or 0 (buf then holds "")
 * when the result does not fit in len bytes with its NUL or is empty. */
size_t view_strjoin(char *buf, size_t len, ...);

/* Like view_strjoin, appended at buf + at (at < len, buf[at] == '\0' not
 * required).  Returns the new total length, or 0 when it does not fit. */
size_t view_strjoin_at(char *buf, size_t len, size_t at, ...);

#endif
