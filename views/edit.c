/* Lookup and edit helpers for the interface, VPN-instance and BGP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"

int view_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

cfg_entry *view_line_get(const vsh_session *s, const cfg_entry *parent, const char *id, size_t idlen)
{
	if (!parent)
		return NULL;
	return cfg_get(s->db, parent, id, idlen, CFG_CANDIDATE);
}

cfg_entry *view_line_gets(const vsh_session *s, const cfg_entry *parent, const char *id)
{
	return view_line_get(s, parent, id, strlen(id));
}

void view_line_prefetch(const vsh_session *s, const cfg_entry *parent, const char *id,
			size_t idlen)
{
	cfg_prefetch(s->db, parent, id, idlen);
}

const char *view_line_text(const cfg_entry *e)
{
	return e ? cfg_text(e, CFG_CANDIDATE) : NULL;
}

int view_line_set(vsh_session *s, cfg_entry *parent, const char *text, size_t idlen, cfg_order ord,
	     unsigned flags, cfg_entry **out, char *err, size_t errlen)
{
	char cerr[256];
	cfg_entry *e = NULL;

	cerr[0] = '\0';
	if (cfg_set(s->db, parent, text, idlen, ord, flags, &e, cerr, sizeof cerr) == 0) {
		if (out)
			*out = e;
		return 0;
	}
	const char *msg = cerr;
	if (strncmp(msg, "Error:", 6) == 0)
		msg += 6;
	while (*msg == ' ')
		msg++;
	return view_fail(err, errlen, "Error: %s", *msg ? msg : "The configuration cannot be changed.");
}

/* Lines in creation order use their own creation number as order key
 * (CFG_KEY_SEQ); replacing an existing line keeps its place. */
int view_line_created(vsh_session *s, cfg_entry *parent, const char *text, size_t idlen,
		     uint32_t cls, uint32_t sub, unsigned flags, cfg_entry **out, char *err,
		     size_t errlen)
{
	cfg_order ord = { cls, CFG_KEY_SEQ, sub };

	return view_line_set(s, parent, text, idlen, ord, flags, out, err, errlen);
}

bool view_line_del(vsh_session *s, cfg_entry *parent, const char *id, size_t idlen)
{
	cfg_entry *e = view_line_get(s, parent, id, idlen);

	if (!e)
		return false;
	cfg_delete(s->db, e);
	return true;
}

cfg_entry *view_line_sect(const vsh_session *s)
{
	return vsh_top(s)->sect;
}

struct prefixed {
	const char *const *prefixes;
	view_line_list *out;
};

static int prefixed_visit(void *arg, cfg_entry *e)
{
	struct prefixed *c = arg;
	view_line_list *l = c->out;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	for (const char *const *p = c->prefixes; t && *p; p++) {
		if (strncmp(t, *p, strlen(*p)) != 0)
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 16;
			cfg_entry **v = realloc(l->v, cap * sizeof *v);
			if (!v) {
				l->oom = true;
				return 1;
			}
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = e;
		break;
	}
	return 0;
}

void view_lines_prefixed(vsh_session *s, cfg_entry *sect, const char *const *prefixes,
			 view_line_list *out)
{
	struct prefixed c = { prefixes, out };

	memset(out, 0, sizeof *out);
	cfg_foreach_child(s->db, sect, CFG_CANDIDATE, prefixed_visit, &c);
}

void view_lines_prefixed_any(vsh_session *s, cfg_entry *sect, const char *const *prefixes,
			     view_line_list *out)
{
	struct prefixed c = { prefixes, out };

	memset(out, 0, sizeof *out);
	cfg_foreach_child_unordered(s->db, sect, CFG_CANDIDATE, prefixed_visit, &c);
}

size_t view_lines_del_prefixed(vsh_session *s, cfg_entry *sect, const char *const *prefixes)
{
	view_line_list l;

	view_lines_prefixed(s, sect, prefixes, &l);
	for (size_t i = 0; i < l.n; i++)
		cfg_delete(s->db, l.v[i]);
	free(l.v);
	return l.n;
}
