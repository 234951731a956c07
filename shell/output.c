/* Output of display commands: buffering, the pipe filter, block selection
 * (see output.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"

static void out_flush(vsh_out *o)
{
	vsh_write(o->s, o->buf, o->n);
	o->n = 0;
}

static void out_raw(vsh_out *o, const char *p, size_t len)
{
	if (len + 1 > sizeof o->buf - o->n) {
		out_flush(o);
		if (len + 1 > sizeof o->buf) {
			vsh_write(o->s, p, len);
			vsh_write(o->s, "\n", 1);
			return;
		}
	}
	memcpy(o->buf + o->n, p, len);
	o->n += len;
	o->buf[o->n++] = '\n';
}

void vsh_out_line(vsh_out *o, const char *line, size_t len)
{
	if (vsh_filter_pass(&o->pipe, line, len))
		out_raw(o, line, len);
}

/* Does top-level line `line` start a block that the selection shows? */
static bool block_selected(const vsh_out *o, const char *line, size_t len)
{
	static const char *const sections[] = { "interface ", "ip vpn-instance ", "bgp ",
						"aaa", "user-interface " };
	switch (o->sel) {
	case VSH_SEL_ALL:
		return true;
	case VSH_SEL_NONE:
		return false;
	case VSH_SEL_SYSTEM:
		for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
			size_t pl = strlen(sections[i]);
			if (len >= pl && strncmp(line, sections[i], pl) == 0)
				return false;
		}
		return true;
	case VSH_SEL_PREFIX:
		break;
	}
	size_t pl = strlen(o->prefix);
	if (len <= pl || strncmp(line, o->prefix, pl) != 0 || line[pl] != ' ')
		return false;
	if (!o->instance)
		return true;
	const char *rest = line + pl + 1;
	size_t rl = len - pl - 1;
	/* Compare the first word after the prefix (interface names are
	 * given canonical). */
	size_t wl = 0;
	while (wl < rl && rest[wl] != ' ')
		wl++;
	return strlen(o->instance) == wl && strncmp(rest, o->instance, wl) == 0;
}

/* cfg_emit_fn: applies the block selection, then the pipe filter. */
void vsh_out_emit(void *arg, const char *line, size_t len)
{
	vsh_out *o = arg;

	if (o->sel == VSH_SEL_ALL) {
		vsh_out_line(o, line, len);
		return;
	}
	if (len == 1 && line[0] == '#') {
		o->sep_pending = true;
		o->keep = false;
		return;
	}
	if (len == 6 && memcmp(line, "return", 6) == 0) {
		o->keep = true;
	} else if (line[0] != ' ') {
		o->keep = block_selected(o, line, len);
	}
	if (!o->keep)
		return;
	if (o->sep_pending) {
		vsh_out_line(o, "#", 1);
		o->sep_pending = false;
	}
	vsh_out_line(o, line, len);
}

int vsh_out_init(vsh_out *o, vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	memset(o, 0, offsetof(vsh_out, buf));
	o->s = s;
	o->sel = VSH_SEL_ALL;
	if (!m->pipe_kind) /* (the memset left the filter passing all) */
		return 0;
	enum vsh_filter_kind kind;
	if (strcasecmp(m->pipe_kind, "include") == 0)
		kind = VSH_FILTER_INCLUDE;
	else if (strcasecmp(m->pipe_kind, "exclude") == 0)
		kind = VSH_FILTER_EXCLUDE;
	else if (strcasecmp(m->pipe_kind, "begin") == 0)
		kind = VSH_FILTER_BEGIN;
	else {
		snprintf(err, errlen, "Error: Unknown output filter '%s'.", m->pipe_kind);
		return -1;
	}
	if (vsh_filter_init(&o->pipe, kind, m->pipe_pattern) != 0) {
		snprintf(err, errlen, VSH_FILTER_BAD_REGEX);
		return -1;
	}
	return 0;
}

void vsh_out_fini(vsh_out *o)
{
	out_flush(o);
	vsh_filter_fini(&o->pipe);
}

void vsh_out_printf(vsh_out *o, const char *fmt, ...)
{
	char buf[2048], *p = buf;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf) {
		p = malloc((size_t)n + 1);
		if (!p)
			return;
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	const char *q = p, *end = p + n;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *e = nl ? nl : end;
		vsh_out_line(o, q, (size_t)(e - q));
		q = nl ? nl + 1 : end;
	}
	if (p != buf)
		free(p);
}

vsh_out *vsh_out_new(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_out *o = malloc(sizeof *o);
	if (!o) {
		snprintf(err, errlen, "Error: Out of memory.");
		return NULL;
	}
	if (vsh_out_init(o, s, m, err, errlen) != 0) {
		free(o);
		return NULL;
	}
	return o;
}

void vsh_out_free(vsh_out *o)
{
	if (!o)
		return;
	vsh_out_fini(o);
	free(o);
}
