/* The "  ---- More ----" pager. */
#include <string.h>

#include "pager.h"

void cli_pager_init(cli_pager *p, void (*out)(void *ctx, const char *buf, size_t len),
		    int (*key)(void *ctx), void *ctx)
{
	memset(p, 0, sizeof *p);
	p->out = out;
	p->key = key;
	p->ctx = ctx;
	p->at_bol = true;
}

void cli_pager_start(cli_pager *p, int page)
{
	p->page = page > 0 ? page : 0;
	p->shown = 0;
	p->at_bol = true;
	p->stopped = false;
}

/* A screenful is out and more follows: ask.  Returns false when the user
 * stopped the output. */
static bool more(cli_pager *p)
{
	p->out(p->ctx, CLI_PAGER_PROMPT, sizeof CLI_PAGER_PROMPT - 1);
	int k = p->key ? p->key(p->ctx) : -1;
	p->out(p->ctx, CLI_PAGER_ERASE, sizeof CLI_PAGER_ERASE - 1);
	switch (k) {
	case ' ':
		p->shown = 0;
		return true;
	case '\r':
	case '\n':
		p->shown = p->page - 1;
		return true;
	default:
		p->stopped = true;
		return false;
	}
}

void cli_pager_write(void *ctx, const char *buf, size_t len)
{
	cli_pager *p = ctx;

	if (p->page == 0 && !p->stopped) {
		if (len > 0) {
			p->out(p->ctx, buf, len);
			p->at_bol = buf[len - 1] == '\n';
		}
		return;
	}
	while (len > 0 && !p->stopped) {
		if (p->page > 0 && p->at_bol && p->shown >= p->page && !more(p))
			return;
		/* Up to and including the next line end, or the rest. */
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) + 1 : len;
		p->out(p->ctx, buf, n);
		if (nl) {
			p->shown++;
			p->at_bol = true;
		} else {
			p->at_bol = false;
		}
		buf += n;
		len -= n;
	}
}
