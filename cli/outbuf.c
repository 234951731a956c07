/* Growable output buffer for the non-interactive front ends. */
#include <stdlib.h>
#include <string.h>

#include "outbuf.h"

void cli_outbuf_init(cli_outbuf *b, FILE *to, size_t spill)
{
	memset(b, 0, sizeof(*b));
	b->to = to;
	b->spill = spill;
}

void cli_outbuf_free(cli_outbuf *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

void cli_outbuf_flush(cli_outbuf *b, FILE *f)
{
	if (b->len)
		fwrite(b->buf, 1, b->len, f);
	b->len = 0;
}

void cli_outbuf_reset(cli_outbuf *b)
{
	b->len = 0;
	b->spilled = false;
}

void cli_outbuf_write(void *ctx, const char *buf, size_t len)
{
	cli_outbuf *b = ctx;

	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len)
			cap *= 2;
		char *nb = realloc(b->buf, cap);
		if (!nb) {
			/* Keep what fits in order rather than lose everything. */
			cli_outbuf_flush(b, b->to ? b->to : stdout);
			fwrite(buf, 1, len, b->to ? b->to : stdout);
			b->spilled = true;
			b->oom = true;
			return;
		}
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, buf, len);
	b->len += len;
	/* Large outputs (a whole configuration) go out as they come: only the
	 * error report of a failing command needs holding back, and commands
	 * that fail print little. */
	if (b->spill && b->to && b->len > b->spill) {
		cli_outbuf_flush(b, b->to);
		b->spilled = true;
	}
}
