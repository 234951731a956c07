/* Command line tokeniser: validation (length, control characters, UTF-8)
 * and splitting into tokens with their typed columns. */
#include "lexer.h"

#include <stdint.h>
#include <string.h>

static inline bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Eight bytes at a time (x holds line[i..i+8) in memory order).  The
 * tests are exact for the word as a whole, and a byte flagged by
 * swar_less is the first of the word that is below n when it is the
 * lowest one flagged. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

static inline uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

/* The top bit of each byte below n (n <= 128). */
static inline uint64_t swar_less(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGH;
}

/* Are all eight bytes printable ASCII (0x20..0x7E)? */
static inline bool swar_printable(uint64_t x)
{
	return !(swar_less(x, 0x20) | (((x + ONES) | x) & HIGH));
}

/* Index of the first byte flagged in m (little-endian order), m != 0. */
static inline size_t swar_first(uint64_t m)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(m) / 8;
#else
	return (size_t)__builtin_clzll(m) / 8;
#endif
}

/* Validate line[0..len): at most LEX_MAX_LINE characters, well-formed UTF-8
 * (no overlong forms, no surrogates, nothing above U+10FFFF), and no control
 * characters (C0 except TAB, DEL, C1).  Errors are reported at the first
 * offending byte. */
static lex_status validate(const unsigned char *s, size_t len, size_t *err_col)
{
	size_t nchars = 0;
	size_t i = 0;
	/* A line of at most LEX_MAX_LINE bytes cannot have too many characters. */
	size_t limit = len > LEX_MAX_LINE ? LEX_MAX_LINE : SIZE_MAX;

	while (i < len) {
		unsigned char c = s[i];
		size_t n; /* bytes in this character */

		if (limit == SIZE_MAX) {
			/* fast path: a run of printable ASCII */
			while (i + 8 <= len && swar_printable(load8((const char *)s + i)))
				i += 8;
			if (i == len)
				return LEX_OK;
			c = s[i];
			while ((unsigned char)(c - 0x20) < 0x5F) {
				if (++i == len)
					return LEX_OK;
				c = s[i];
			}
		}
		if (++nchars > limit) {
			*err_col = i;
			return LEX_ERR_TOO_LONG;
		}
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7F) {
				*err_col = i;
				return LEX_ERR_CONTROL;
			}
			i++;
			continue;
		}
		/* Lead byte: number of continuation bytes and the allowed range of
		 * the first one (which excludes overlong forms and surrogates). */
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
		} else if (c == 0xE0) {
			n = 3;
			lo = 0xA0;
		} else if (c >= 0xE1 && c <= 0xEC) {
			n = 3;
		} else if (c == 0xED) {
			n = 3;
			hi = 0x9F;
		} else if (c >= 0xEE && c <= 0xEF) {
			n = 3;
		} else if (c == 0xF0) {
			n = 4;
			lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3) {
			n = 4;
		} else if (c == 0xF4) {
			n = 4;
			hi = 0x8F;
		} else {
			*err_col = i;
			return LEX_ERR_UTF8;
		}
		if (i + n > len || s[i + 1] < lo || s[i + 1] > hi ||
		    (n > 2 && !is_cont(s[i + 2])) || (n > 3 && !is_cont(s[i + 3]))) {
			*err_col = i;
			return LEX_ERR_UTF8;
		}
		if (c == 0xC2 && s[i + 1] <= 0x9F) { /* U+0080..U+009F */
			*err_col = i;
			return LEX_ERR_CONTROL;
		}
		i += n;
	}
	return LEX_OK;
}

lex_status lex_split(const char *line, size_t len, lex_line *out, size_t *err_col)
{
	size_t dummy;
	lex_status st;

	if (!err_col)
		err_col = &dummy;
	*err_col = 0;
	out->ntok = 0;
	out->raw = out->body = out->buf;
	out->buf[0] = '\0';
	out->len = out->body_len = 0;
	out->trailing_space = true;

	if (len > 0 && line[len - 1] == '\n') {
		len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
	}
	st = validate((const unsigned char *)line, len, err_col);
	if (st != LEX_OK)
		return st;
	/* validate() bounds len by 4 bytes a character. */

	char *raw = out->buf;
	memcpy(raw, line, len);
	raw[len] = '\0';
	out->len = len;

	size_t blen = len;
	while (blen > 0 && is_blank((unsigned char)line[blen - 1]))
		blen--;
	/* body is raw itself unless trailing blanks must be cut off */
	char *body = raw;
	if (blen < len) {
		body = raw + len + 1;
		memcpy(body, line, blen);
		body[blen] = '\0';
	}
	out->body = body;
	out->body_len = blen;
	out->trailing_space = blen < len || len == 0;

	/* Token texts: one more copy of the body, in which the byte after
	 * each token (a blank, its closing quote, or the end) becomes a NUL;
	 * token i's text sits at its own column (one further when quoted). */
	char *dst = raw + 2 * (len + 1);
	memcpy(dst, line, blen);
	dst[blen] = '\0';
	/* The count and each token are built in registers and stored once:
	 * the byte stores into the buffer could alias out->ntok, which
	 * would otherwise be read back from memory for every token. */
	int ntok = 0;
	size_t i = 0;
	while (i < blen) {
		if (is_blank((unsigned char)line[i])) {
			i++;
			continue;
		}
		if (ntok == LEX_MAX_TOKENS) {
			*err_col = i;
			return LEX_ERR_TOO_MANY;
		}
		lex_token t;
		size_t start = i;

		if (line[i] == '"') {
			size_t j = i + 1;
			while (j < blen && !(line[j] == '"' && (j + 1 == blen ||
							  is_blank((unsigned char)line[j + 1]))))
				j++;
			if (j >= blen) {
				*err_col = i;
				return LEX_ERR_QUOTE;
			}
			t.text = dst + i + 1;
			dst[j] = '\0';
			t.quoted = true;
			i = j + 1;
		} else {
			/* to the next blank: after validate() the only bytes
			 * below 0x21 are blanks */
			for (;;) {
				if (i + 8 > blen) {
					while (i < blen && !is_blank((unsigned char)line[i]))
						i++;
					break;
				}
				uint64_t m = swar_less(load8(line + i), 0x21);
				if (m) {
					i += swar_first(m);
					break;
				}
				i += 8;
			}
			t.text = dst + start;
			dst[i] = '\0';
			t.quoted = false;
		}
		t.col = (uint16_t)start;
		t.len = (uint16_t)(i - start);
		out->tok[ntok++] = t;
	}
	out->ntok = ntok;
	return LEX_OK;
}

const char *lex_strerror(lex_status st)
{
	switch (st) {
	case LEX_OK:
		return "No error.";
	case LEX_ERR_TOO_LONG:
		return "The command line is too long (more than 3100 characters).";
	case LEX_ERR_CONTROL:
		return "The command line contains a control character.";
	case LEX_ERR_UTF8:
		return "The command line is not valid UTF-8.";
	case LEX_ERR_QUOTE:
		return "The command line has a double quotation mark that is not closed.";
	case LEX_ERR_TOO_MANY:
		return "The command line has too many words.";
	}
	return "Unknown error.";
}
