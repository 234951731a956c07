/* The "  ---- More ----" pager. */
#include <stdio.h>
#include <stdlib.h>
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

static void pass(cli_pager *p, const char *buf, size_t len);
static void gather(cli_pager *p, const char *buf, size_t len);

/* The filter ends with the command: a last line without its line end is
 * judged as it is. */
static void filter_end(cli_pager *p)
{
	if (p->filter.kind == VSH_FILTER_NONE)
		return;
	size_t n = p->llen;
	p->llen = 0;
	bool keep = n > 0 && !p->stopped && vsh_filter_pass(&p->filter, p->line, n);
	vsh_filter_fini(&p->filter);
	if (keep)
		pass(p, p->line, n);
}

void cli_pager_start(cli_pager *p, int page)
{
	filter_end(p);
	p->page = page > 0 ? page : 0;
	p->shown = 0;
	p->at_bol = true;
	p->stopped = false;
}

void cli_pager_page_off(void *ctx)
{
	cli_pager *p = ctx;
	p->page = 0;
}

void cli_pager_fini(cli_pager *p)
{
	filter_end(p);
	free(p->line);
	p->line = NULL;
	p->lcap = 0;
}

static void erase(cli_pager *p, size_t n)
{
	char seq[32];
	int k = snprintf(seq, sizeof seq, "\033[%zuD", n);

	p->out(p->ctx, seq, (size_t)k);
	for (size_t i = 0; i < n; i++)
		p->out(p->ctx, " ", 1);
	p->out(p->ctx, seq, (size_t)k);
}

/* After '+', '-' or '/': the pattern up to Enter, echoed after the key
 * (Backspace rubs out), then erased.  False when it was abandoned (Ctrl+C,
 * end of input, any other control key) or is no valid regular
 * expression (the output stops then, with the message a `|` filter
 * gives). */
static bool read_filter(cli_pager *p, int k)
{
	char pat[CLI_PAGER_PATTERN_MAX + 1];
	size_t n = 0;
	char c0 = (char)k;

	p->out(p->ctx, &c0, 1);
	for (;;) {
		int c = p->key ? p->key(p->ctx) : -1;
		if (c == '\r' || c == '\n')
			break;
		if (c == 0x7f || c == 0x08) {
			if (n > 0) {
				n--;
				p->out(p->ctx, "\b \b", 3);
			}
			continue;
		}
		if (c < 0x20 || c == 0x7f) { /* Ctrl+C, end of input, ... */
			erase(p, n + 1);
			return false;
		}
		if (n < CLI_PAGER_PATTERN_MAX) {
			char ch = (char)c;
			pat[n++] = ch;
			p->out(p->ctx, &ch, 1);
		}
	}
	erase(p, n + 1);
	pat[n] = '\0';
	filter_end(p);
	enum vsh_filter_kind kind = k == '+' ? VSH_FILTER_INCLUDE
				    : k == '-' ? VSH_FILTER_EXCLUDE : VSH_FILTER_BEGIN;
	if (vsh_filter_init(&p->filter, kind, pat) != 0) {
		static const char msg[] = VSH_FILTER_BAD_REGEX "\n";
		p->out(p->ctx, msg, sizeof msg - 1);
		return false;
	}
	return true;
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
	case '+':
	case '-':
	case '/':
		if (read_filter(p, k)) {
			p->shown = 0;
			return true;
		}
		/* fall through */
	default:
		p->stopped = true;
		return false;
	}
}

/* Output after the filter: line by line, stopping each screenful. */
static void pass(cli_pager *p, const char *buf, size_t len)
{
	if (p->page == 0 && !p->stopped) {
		if (len > 0) {
			p->out(p->ctx, buf, len);
			p->at_bol = buf[len - 1] == '\n';
		}
		return;
	}
	while (len > 0 && !p->stopped) {
		if (p->page > 0 && p->at_bol && p->shown >= p->page) {
			if (!more(p))
				return;
			/* a filter typed at the prompt takes the rest */
			if (p->filter.kind != VSH_FILTER_NONE) {
				gather(p, buf, len);
				return;
			}
		}
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

/* Gather whole lines for the filter and pass those it keeps; a line
 * longer than memory allows is judged by its beginning. */
static void gather(cli_pager *p, const char *buf, size_t len)
{
	while (len > 0 && p->filter.kind != VSH_FILTER_NONE && !p->stopped) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) + 1 : len;
		if (p->llen + n > p->lcap) {
			size_t cap = p->lcap ? p->lcap : 256;
			while (cap < p->llen + n)
				cap *= 2;
			char *l = realloc(p->line, cap);
			if (l) {
				p->line = l;
				p->lcap = cap;
			}
		}
		size_t take = n < p->lcap - p->llen ? n : p->lcap - p->llen;
		/* (buf may be this very line, handed back by pass) */
		if (take)
			memmove(p->line + p->llen, buf, take);
		p->llen += take;
		buf += n;
		len -= n;
		if (!nl)
			return;
		size_t ll = p->llen;
		p->llen = 0;
		bool ends = ll > 0 && p->line[ll - 1] == '\n';
		bool keep = vsh_filter_pass(&p->filter, p->line, ends ? ll - 1 : ll);
		if (p->filter.begun) /* `/`: from here on, everything */
			vsh_filter_fini(&p->filter);
		if (keep && ll > 0)
			pass(p, p->line, ll);
	}
	if (len > 0 && !p->stopped)
		pass(p, buf, len);
}

void cli_pager_write(void *ctx, const char *buf, size_t len)
{
	cli_pager *p = ctx;

	if (p->filter.kind != VSH_FILTER_NONE)
		gather(p, buf, len);
	else
		pass(p, buf, len);
}
