/* One line typed over telnet before a login: the user name (echoed) or
 * the password (not echoed), taken from the client's bytes as they come.
 *
 * Telnet commands (IAC ..., subnegotiations IAC SB ... IAC SE) and the
 * terminal's escape sequences are skipped; CR, LF, CR LF and CR NUL each
 * end a line once; Backspace and Delete rub out the last character,
 * Ctrl+U the whole line; Ctrl+C rings the bell; Ctrl+D on an empty line
 * ends the connection; other control characters are dropped, and so is
 * what goes past the longest line.  The reader keeps no pointer to its
 * input: it is a state machine fed any number of bytes at a time. */
#ifndef VRPSH_CLI_TELNET_LINE_H
#define VRPSH_CLI_TELNET_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_TLINE_MAX 256 /* longest line kept, in bytes */

typedef struct cli_tline {
	char buf[CLI_TLINE_MAX + 1];
	size_t len;
	bool echo;            /* echo what is typed (the user name) */
	unsigned char prev;   /* the last data byte: a LF or NUL after a CR is its pair */
	int tstate;           /* telnet command parsing */
	int esc;              /* escape sequence parsing */
} cli_tline;

enum cli_tline_event {
	CLI_TLINE_MORE,  /* all input taken, no line yet */
	CLI_TLINE_LINE,  /* a line is complete in buf (NUL-terminated) */
	CLI_TLINE_EOF,   /* Ctrl+D on an empty line */
};

/* Start reading a line (echo: show what is typed).  The telnet and CR
 * state of the line before is kept. */
void cli_tline_start(cli_tline *t, bool echo);

/* Take bytes in[0..n) up to the end of a line: *used gets how many were
 * taken (the rest belongs to what follows), and what the client must see
 * (the echo, Backspace rub-outs, the bell) is appended to out, at most
 * outcap bytes in all (*outlen counts them).  Returns an enum
 * cli_tline_event. */
int cli_tline_feed(cli_tline *t, const unsigned char *in, size_t n, size_t *used, char *out,
		   size_t outcap, size_t *outlen);

#endif
