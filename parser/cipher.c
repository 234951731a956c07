#include "cipher.h"

#include <string.h>

bool parser_is_device_cipher(const char *s, size_t n)
{
	/* Both shapes start with '$', '%' or '@': other words (every
	 * case-insensitive string typed) leave at once. */
	if (!s || n < 10 || (s[0] != '$' && s[0] != '%' && s[0] != '@'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	if (s[0] == '$' && s[3] == '$' && s[n - 1] == '$' && s[1] != '$' && s[2] != '$')
		return true;
	/* A marker of the punctuation the device uses, at both ends; the
	 * middle may hold any printable character, double quotes included. */
	size_t mark = strspn(s, "%^#@+$");
	return mark >= 4 && memcmp(s, s + n - 4, 4) == 0 && strchr("%@", s[0]) != NULL;
}
