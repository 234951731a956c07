/* Building configuration-line texts from pieces.  Handlers build several
 * lookup keys per typed line ("peer G as-number", "group G"); a replay of
 * a large file spent a sixth of its time formatting them with snprintf,
 * which these plain copies avoid. */
#ifndef VRPSH_VIEWS_STRJOIN_H
#define VRPSH_VIEWS_STRJOIN_H

#include <stddef.h>
#include <string.h>

/* Concatenates the NUL-terminated strings up to the NULL that ends the
 * list into buf.  Returns the length written, or 0 (buf then holds "")
 * when the result does not fit in len bytes with its NUL or is empty. */
size_t view_strjoin(char *buf, size_t len, ...);

/* Like view_strjoin, appended at buf + at (at < len, buf[at] == '\0' not
 * required).  Returns the new total length, or 0 when it does not fit. */
size_t view_strjoin_at(char *buf, size_t len, size_t at, ...);

/* Append s[0..n) at buf + at (at < len): the new length, or 0 (buf then
 * holds "") when it does not fit with its NUL.  For the pieces whose
 * length is known (a literal's, a name measured once), where a copy of
 * known length is a few moves. */
static inline size_t view_strput(char *buf, size_t len, size_t at, const char *s, size_t n)
{
	if (at >= len || n >= len - at) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	memcpy(buf + at, s, n);
	buf[at + n] = '\0';
	return at + n;
}

/* The same for a string literal. */
#define VIEW_STRPUT_LIT(buf, len, at, lit) view_strput(buf, len, at, lit, sizeof(lit) - 1)

#endif
