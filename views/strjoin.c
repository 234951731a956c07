#include "strjoin.h"

#include <stdarg.h>
#include <string.h>

/* One pass a piece, byte by byte: the pieces are words of a line, a few
 * bytes each, for which a strlen() and a memcpy() call cost more than the
 * copy itself. */
static size_t join_va(char *buf, size_t len, size_t at, va_list ap)
{
	const char *part;

	if (len == 0 || at >= len)
		return 0;
	char *d = buf + at, *last = buf + len - 1; /* last: room for the NUL */
	while ((part = va_arg(ap, const char *)) != NULL) {
		for (; *part; part++) {
			if (d == last) {
				buf[0] = '\0';
				return 0;
			}
			*d++ = *part;
		}
	}
	*d = '\0';
	return (size_t)(d - buf);
}

size_t view_strjoin(char *buf, size_t len, ...)
{
	va_list ap;
	va_start(ap, len);
	size_t n = join_va(buf, len, 0, ap);
	va_end(ap);
	return n;
}

size_t view_strjoin_at(char *buf, size_t len, size_t at, ...)
{
	va_list ap;
	va_start(ap, at);
	size_t n = join_va(buf, len, at, ap);
	va_end(ap);
	return n;
}
