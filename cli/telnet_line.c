/* The login line reader (see telnet_line.h). */
#include <string.h>

#include "telnet_line.h"

enum { T_IAC = 255, T_SB = 250, T_SE = 240, T_WILL = 251, T_DONT = 254 };
enum { TS_DATA, TS_IAC, TS_OPT, TS_SB, TS_SB_IAC };

void cli_tline_start(cli_tline *t, bool echo)
{
	t->len = 0;
	t->buf[0] = '\0';
	t->echo = echo;
	t->esc = 0;
}

static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *len < cap; i++)
		out[(*len)++] = s[i];
}

/* Telnet commands: true when c was part of one. */
static bool telnet(cli_tline *t, unsigned char c)
{
	switch (t->tstate) {
	case TS_IAC:
		t->tstate = c == T_SB ? TS_SB : c >= T_WILL && c <= T_DONT ? TS_OPT : TS_DATA;
		/* IAC IAC is a data byte 255: not a character of a name */
		return true;
	case TS_OPT:
		t->tstate = TS_DATA;
		return true;
	case TS_SB:
		if (c == T_IAC)
			t->tstate = TS_SB_IAC;
		return true;
	case TS_SB_IAC:
		t->tstate = c == T_SE ? TS_DATA : TS_SB;
		return true;
	default:
		if (c == T_IAC) {
			t->tstate = TS_IAC;
			return true;
		}
		return false;
	}
}

/* ESC [ params final, ESC O final, or ESC and one key: all dropped. */
static bool escape(cli_tline *t, unsigned char c)
{
	if (t->esc == 0) {
		if (c != 0x1b)
			return false;
		t->esc = 1;
		return true;
	}
	if (t->esc == 1)
		t->esc = c == '[' || c == 'O' ? c : 0;
	else if (t->esc == 'O' || c < 0x20 || c > 0x3f)
		t->esc = 0; /* the final byte */
	return true;
}

int cli_tline_feed(cli_tline *t, const unsigned char *in, size_t n, size_t *used, char *out,
		   size_t outcap, size_t *outlen)
{
	static const char rubout[] = "\b \b";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];
		if (telnet(t, c) || escape(t, c))
			continue;
		unsigned char prev = t->prev;
		t->prev = c;
		if ((c == '\n' || c == '\0') && prev == '\r')
			continue; /* the pair of the CR before */
		if (c == '\r' || c == '\n') {
			t->buf[t->len] = '\0';
			*used = i + 1;
			return CLI_TLINE_LINE;
		}
		if (c == 0x7f || c == 0x08) {
			if (t->len > 0) {
				t->len--;
				if (t->echo)
					put(out, outcap, outlen, rubout, 3);
			}
		} else if (c == 0x15) { /* Ctrl+U */
			for (; t->len > 0; t->len--)
				if (t->echo)
					put(out, outcap, outlen, rubout, 3);
		} else if (c == 0x03) { /* Ctrl+C */
			put(out, outcap, outlen, "\a", 1);
		} else if (c == 0x04) { /* Ctrl+D */
			if (t->len == 0) {
				*used = i + 1;
				return CLI_TLINE_EOF;
			}
		} else if (c >= 0x20 && t->len < CLI_TLINE_MAX) {
			t->buf[t->len++] = (char)c;
			if (t->echo)
				put(out, outcap, outlen, (const char *)&c, 1);
		}
	}
	t->buf[t->len] = '\0';
	*used = n;
	return CLI_TLINE_MORE;
}
