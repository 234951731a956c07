/* Decimal digits without the printf family: canonical spellings and
 * configuration-line keys are built for every candidate value the matcher
 * tries and for every line a replay sets. */
#ifndef VRPSH_PARSER_DECIMAL_H
#define VRPSH_PARSER_DECIMAL_H

#include <stdint.h>

/* Writes the decimal digits of v at p (at most 20, not NUL-terminated);
 * returns the end. */
static inline char *parser_put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

#endif
