/* Output of display commands: buffering, the output filters, block
 * selection (see output.h).
 *
 * A line goes through the regular-expression filters in the order typed;
 * with `| section` they judge whole sections instead (a line that starts
 * in the first column and the indented lines after it: a block of
 * `display current-configuration`; the "#" lines between blocks are
 * dropped), which are gathered first.  `| count`
 * counts what passes and prints "Total lines: N." at the end.  `> FILE`
 * and `>> FILE` write to a file of the state directory that the store
 * opens and puts in place (store/outfile.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/outfile.h"
#include "../views/store.h"
#include "output.h"

/* ---- the sink ---------------------------------------------------------- */

static void out_flush(vsh_out *o)
{
	if (o->file) {
		if (o->n && fwrite(o->buf, 1, o->n, store_outfile_stream(o->file)) != o->n)
			o->file_failed = true;
	} else {
		vsh_write(o->s, o->buf, o->n);
	}
	o->n = 0;
}

static void out_raw(vsh_out *o, const char *p, size_t len)
{
	if (len + 1 > sizeof o->buf - o->n) {
		out_flush(o);
		if (len + 1 > sizeof o->buf) {
			if (o->file) {
				FILE *f = store_outfile_stream(o->file);
				if (fwrite(p, 1, len, f) != len || fputc('\n', f) == EOF)
					o->file_failed = true;
			} else {
				vsh_write(o->s, p, len);
				vsh_write(o->s, "\n", 1);
			}
			return;
		}
	}
	memcpy(o->buf + o->n, p, len);
	o->n += len;
	o->buf[o->n++] = '\n';
}

/* A line that passed every filter. */
static void emit(vsh_out *o, const char *line, size_t len)
{
	o->passed++;
	if (!o->chain.count)
		out_raw(o, line, len);
}

/* ---- | section ------------------------------------------------------------ */

/* Does any line of the gathered section match filter f? */
static bool section_matches(vsh_out *o, vsh_filter *f)
{
	const char *p = o->sec, *end = o->sec + o->seclen;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (vsh_filter_matches(f, p, (size_t)(nl - p)))
			return true;
		p = nl + 1;
	}
	return false;
}

static void section_flush(vsh_out *o)
{
	bool keep = o->seclen > 0;

	for (int i = 0; keep && i < o->chain.n; i++) {
		vsh_filter *f = &o->flt[i];
		switch (f->kind) {
		case VSH_FILTER_INCLUDE:
			keep = section_matches(o, f);
			break;
		case VSH_FILTER_EXCLUDE:
			keep = !section_matches(o, f);
			break;
		case VSH_FILTER_BEGIN:
			if (!f->begun)
				f->begun = section_matches(o, f);
			keep = f->begun;
			break;
		default:
			break;
		}
	}
	for (const char *p = o->sec, *end = o->sec + o->seclen; keep && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		emit(o, p, (size_t)(nl - p));
		p = nl + 1;
	}
	o->seclen = 0;
}

static void section_add(vsh_out *o, const char *line, size_t len)
{
	if (len == 0 || line[0] != ' ')
		section_flush(o);
	/* "#" between blocks separates sections; it is none itself */
	if (len == 1 && line[0] == '#')
		return;
	if (o->seclen + len + 1 > o->seccap) {
		size_t cap = o->seccap ? 2 * o->seccap : 4096;
		while (cap < o->seclen + len + 1)
			cap *= 2;
		char *p = realloc(o->sec, cap);
		if (!p) { /* out of memory: the section so far goes out unfiltered */
			section_flush(o);
			emit(o, line, len);
			return;
		}
		o->sec = p;
		o->seccap = cap;
	}
	memcpy(o->sec + o->seclen, line, len);
	o->seclen += len;
	o->sec[o->seclen++] = '\n';
}

void vsh_out_line(vsh_out *o, const char *line, size_t len)
{
	if (o->chain.section && o->chain.n) {
		section_add(o, line, len);
		return;
	}
	for (int i = 0; i < o->chain.n; i++)
		if (!vsh_filter_pass(&o->flt[i], line, len))
			return;
	emit(o, line, len);
}

/* ---- block selection --------------------------------------------------------- */

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

/* cfg_emit_fn: applies the block selection, then the filters. */
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

/* ---- > FILE, >> FILE --------------------------------------------------------- */

/* A name of the state directory that output may be written to: 1 to 64
 * printable characters without '/' or blanks, with an extension, not
 * hidden and not a lock.  (The directory's own files have no
 * extension.) */
static bool file_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > VSH_CHAIN_FILE_MAX || name[0] == '.' || !strchr(name + 1, '.') ||
	    (n >= 5 && strcmp(name + n - 5, ".lock") == 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= 0x20 || (unsigned char)name[i] >= 0x7f || name[i] == '/')
			return false;
	return true;
}

static int file_open(vsh_out *o, char *err, size_t errlen)
{
	const char *dir = vsh_store_dir(o->s);
	const char *name = o->chain.file;
	int e = 0;

	if (!file_name_ok(name)) {
		snprintf(err, errlen, "Error: The file name %s is invalid.", name);
		return -1;
	}
	if (!dir) {
		snprintf(err, errlen, "Error: There is no state directory to write %s to.", name);
		return -1;
	}
	o->file = store_outfile_open(dir, name, o->chain.append, &e);
	if (!o->file && e == STORE_OUTFILE_NOT_REGULAR) {
		snprintf(err, errlen, "Error: %s is not a regular file.", name);
		return -1;
	}
	if (!o->file) {
		snprintf(err, errlen, "Error: The file %s cannot be opened (%s).", name, strerror(e));
		return -1;
	}
	return 0;
}

static void file_close(vsh_out *o)
{
	if (!o->file)
		return;
	int e = store_outfile_close(o->file, !o->file_failed);
	o->file = NULL;
	if (e)
		vsh_printf(o->s, "Error: The file %s could not be written (%s).\n", o->chain.file,
			   strerror(e));
}

/* ---- start and end ---------------------------------------------------------- */

int vsh_out_init(vsh_out *o, vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	memset(o, 0, offsetof(vsh_out, buf));
	o->s = s;
	o->sel = VSH_SEL_ALL;
	if (!m->pipe_kind)
		return 0;
	if (vsh_chain_parse(&o->chain, m->pipe_kind, m->pipe_pattern, err, errlen) != 0)
		return -1;
	for (int i = 0; i < o->chain.n; i++) {
		if (vsh_filter_init_case(&o->flt[i], o->chain.st[i].kind, o->chain.st[i].regex,
					 o->chain.ignore_case) != 0) {
			snprintf(err, errlen, VSH_FILTER_BAD_REGEX);
			goto fail;
		}
	}
	if (o->chain.file && file_open(o, err, errlen) != 0)
		goto fail;
	if (o->chain.no_more && !o->chain.file && s->io.page_off)
		s->io.page_off(s->io.ctx);
	return 0;
fail:
	for (int i = 0; i < o->chain.n; i++)
		vsh_filter_fini(&o->flt[i]);
	vsh_chain_free(&o->chain);
	return -1;
}

void vsh_out_fini(vsh_out *o)
{
	if (o->chain.section && o->chain.n)
		section_flush(o);
	if (o->chain.count) {
		char line[64];
		int n = snprintf(line, sizeof line, "Total lines: %zu.", o->passed);
		out_raw(o, line, (size_t)n);
	}
	out_flush(o);
	file_close(o);
	for (int i = 0; i < o->chain.n; i++)
		vsh_filter_fini(&o->flt[i]);
	vsh_chain_free(&o->chain);
	free(o->sec);
	o->sec = NULL;
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
