/* Links from interfaces to the BGP connect-interface lines that name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "ifref.h"
#include "order.h"

#define CI_WORD " connect-interface "

int view_ifref_add(vsh_session *s, const struct if_type *t, const uint32_t n[3], cfg_entry *line,
		   char *err, size_t errlen)
{
	char text[64];
	cfg_entry *root = cfg_root(s->db);
	int len = snprintf(text, sizeof text, "interface ");

	if (iftype_format(t, n, text + len, sizeof text - (size_t)len) == 0)
		return view_fail(err, errlen, "Error: The interface name is invalid.");
	cfg_entry *ifs = view_line_gets(s, root, text);
	if (!ifs) {
		if (t->logical)
			return view_fail(err, errlen, "Error: The interface %s does not exist.",
					 text + len);
		/* A physical port's section exists without configuration. */
		cfg_order ord = { ORD_INTERFACE, (uint64_t)t->order << 32 | n[0], 0 };
		if (t->ndims == 3)
			ord.sub = (n[1] & 0xffffu) << 16 | (n[2] & 0xffffu);
		if (view_line_set(s, root, text, strlen(text), ord, CFG_F_SECTION | CFG_F_IMPLICIT, &ifs,
			     err, errlen) != 0)
			return -1;
	}
	if (cfg_own(ifs, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

size_t view_ifref_name(const char *text, char *buf, size_t buflen)
{
	const struct if_type *t;
	uint32_t n[3];
	const char *p;

	if (!text || strncmp(text, "peer ", 5) != 0)
		return 0;
	p = text + 5;
	if (*p == '"') {
		p = strchr(p + 1, '"');
		if (!p)
			return 0;
		p++;
	} else {
		p += strcspn(p, " ");
	}
	if (strncmp(p, CI_WORD, sizeof CI_WORD - 1) != 0)
		return 0;
	p += sizeof CI_WORD - 1;
	size_t len = strcspn(p, " ");
	if (len == 0 || len >= buflen)
		return 0;
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (!iftype_parse_name(buf, &t, n)) {
		buf[0] = '\0';
		return 0;
	}
	return len;
}

static void push(view_ifref_list *l, cfg_entry *e)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? 2 * l->cap : 8;
		cfg_entry **nv = realloc(l->v, ncap * sizeof *nv);
		if (!nv)
			return;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = e;
}

struct users {
	const char *ifname;
	view_ifref_list *named, *stale;
	cfg_entry *first;
};

static int users_visit(void *arg, cfg_entry *e)
{
	struct users *u = arg;
	char name[64];

	if (view_ifref_name(cfg_text(e, CFG_CANDIDATE), name, sizeof name) &&
	    strcmp(name, u->ifname) == 0) {
		if (!u->first)
			u->first = e;
		if (!u->named)
			return 1;
		push(u->named, e);
	} else if (u->stale) {
		push(u->stale, e);
	}
	return 0;
}

cfg_entry *view_ifref_users(vsh_session *s, cfg_entry *ifsect, const char *ifname,
			    view_ifref_list *named, view_ifref_list *stale)
{
	struct users u = { ifname, named, stale, NULL };

	if (!ifsect)
		return NULL;
	cfg_foreach_owned(s->db, ifsect, CFG_CANDIDATE, users_visit, &u);
	return u.first;
}
