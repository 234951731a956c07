/* A growable output buffer behind a session's vsh_io.write: lets a front end
 * decide after a command where its output goes (replay prints the
 * "FILE:LINE:" echo of a failing line before the caret the command printed). */
#ifndef VRPSH_CLI_OUTBUF_H
#define VRPSH_CLI_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cli_outbuf {
	char *buf;
	size_t len, cap;
	size_t spill;   /* flush to `to` once len exceeds this (0 = never) */
	FILE *to;       /* where spilled output goes */
	bool spilled;   /* part of the current command's output is already out */
	bool oom;       /* an append failed; output was lost */
} cli_outbuf;

void cli_outbuf_init(cli_outbuf *b, FILE *to, size_t spill);
void cli_outbuf_free(cli_outbuf *b);

/* vsh_io.write callback; ctx is the cli_outbuf. */
void cli_outbuf_write(void *ctx, const char *buf, size_t len);

/* Write the buffered text to f and empty the buffer. */
void cli_outbuf_flush(cli_outbuf *b, FILE *f);

/* Forget the buffered text and the spilled mark (start of a command). */
void cli_outbuf_reset(cli_outbuf *b);

#endif
