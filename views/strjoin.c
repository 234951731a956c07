#include "strjoin.h"

#include <stdarg.h>
#include <string.h>

static size_t join_va(char *buf, size_t len, size_t at, va_list ap)
{
	const char *part;

	if (len == 0 || at >= len)
		return 0;
	while ((part = va_arg(ap, const char *)) != NULL) {
		size_t n = strlen(part);
		if (n >= len - at) {
			buf[0] = '\0';
			return 0;
		}
		memcpy(buf + at, part, n);
		at += n;
	}
	buf[at] = '\0';
	return at;
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
