/* Links from interfaces to the BGP connect-interface lines that name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "ifref.h"
#include "interface.h"

#define CI_WORD " connect-interface "

int view_ifref_add(vsh_session *s, const struct if_type *t, const uint32_t n[IF_NUM_MAX], cfg_entry *line,
		   char *err, size_t errlen)
{
	cfg_entry *ifs = view_if_section(s, t, n, NULL, err, errlen);

	if (!ifs)
		return -1;
	if (cfg_own(ifs, line) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	return 0;
}

/* The interface a connect-interface line names ("peer G connect-interface
 * LoopBack0 2001:DB8::1" -> "LoopBack0"), copied into buf; returns its
 * length, 0 when the line names only an address. */
static size_t ifref_name(const char *text, char *buf, size_t buflen)
{
	const struct if_type *t;
	uint32_t n[IF_NUM_MAX];
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
		if (!nv) {
			l->oom = true;
			return;
		}
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = e;
}

struct users {
	const char *ifname;
	view_ifref_list *stale;
	cfg_entry *first;
};

static int users_visit(void *arg, cfg_entry *e)
{
	struct users *u = arg;
	char name[64];

	if (ifref_name(cfg_text(e, CFG_CANDIDATE), name, sizeof name) &&
	    strcmp(name, u->ifname) == 0) {
		u->first = e;
		return 1;
	}
	if (u->stale)
		push(u->stale, e);
	return 0;
}

cfg_entry *view_ifref_users(vsh_session *s, cfg_entry *ifsect, const char *ifname,
			    view_ifref_list *stale)
{
	struct users u = { ifname, stale, NULL };

	if (!ifsect)
		return NULL;
	cfg_foreach_owned(s->db, ifsect, CFG_CANDIDATE, users_visit, &u);
	return u.first;
}
