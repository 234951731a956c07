/* An editing session: its view stack and its prompt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../views/models.h"
#include "../views/order.h"
#include "session_priv.h"
#include "../views/store.h"

/* ---- sessions -------------------------------------------------------- */

int vsh_session_init(vsh_session *s, cfg_db *db, view_set *vs, const vsh_model *m,
		     bool low_latency, int level, vsh_io io)
{
	memset(s, 0, sizeof *s);
	s->work = malloc(sizeof *s->work);
	if (!s->work)
		return -1;
	s->db = db;
	s->vs = vs;
	s->model = m ? m : model_default();
	s->low_latency = low_latency;
	s->level = level;
	s->io = io;
	s->depth = 1;
	s->stack[0].view = VIEW_USER;
	s->stack[0].sect = cfg_root(db);
	s->stack[0].suffix[0] = '\0';
	return 0;
}

void vsh_session_fini(vsh_session *s)
{
	if (!s)
		return;
	free(s->work);
	s->work = NULL;
}

int vsh_db_init(cfg_db *db, char *err, size_t errlen)
{
	static const char line[] = "sysname HUAWEI";
	cfg_order ord = { ORD_SYSNAME, 0, 0 };

	if (cfg_set(db, cfg_root(db), line, strlen("sysname"), ord, 0, NULL, err, errlen) != 0)
		return -1;
	return cfg_commit(db, err, errlen);
}

const view_frame *vsh_top(const vsh_session *s)
{
	return &s->stack[s->depth - 1];
}

static int push(vsh_session *s, view_id v, cfg_entry *sect, const char *suffix, int whole)
{
	if ((size_t)v >= view_count() || v == VIEW_USER)
		return -1;
	view_id parent = view_parent(v);
	int d = s->depth;
	while (d > 0 && s->stack[d - 1].view != parent)
		d--;
	if (d == 0 || d >= VSH_MAX_DEPTH)
		return -1;

	const char *base = s->stack[d - 1].suffix;
	size_t blen = strlen(base);
	if (!suffix)
		suffix = "";
	/* A suffix that already starts with the parent's is whole. */
	if (whole > 0 || (whole < 0 && blen && strncmp(suffix, base, blen) == 0))
		blen = 0;
	size_t slen = strlen(suffix);
	if (blen + slen >= sizeof s->stack[0].suffix)
		return -1;

	view_frame *f = &s->stack[d];
	f->view = v;
	f->sect = sect;
	if (blen)
		memmove(f->suffix, base, blen);
	memcpy(f->suffix + blen, suffix, slen + 1);
	s->depth = d + 1;
	return 0;
}

int vsh_push(vsh_session *s, view_id v, cfg_entry *sect, const char *suffix)
{
	return push(s, v, sect, suffix, -1);
}

int vsh_push_as(vsh_session *s, view_id v, cfg_entry *sect, const char *suffix, bool whole)
{
	return push(s, v, sect, suffix, whole);
}

void vsh_pop(vsh_session *s)
{
	if (s->depth > 1)
		s->depth--;
}

void vsh_to_user(vsh_session *s)
{
	s->depth = 1;
	s->immediate = false;
}
/* ---- prompts --------------------------------------------------------- */

const char *vsh_hostname(const vsh_session *s, size_t *len)
{
	static const char dflt[] = "HUAWEI";
	const cfg_entry *e = cfg_get(s->db, cfg_root(s->db), "sysname", 7, CFG_RUNNING);
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;

	if (t && strncmp(t, "sysname ", 8) == 0 && t[8]) {
		if (len)
			*len = strlen(t + 8);
		return t + 8;
	}
	if (len)
		*len = sizeof dflt - 1;
	return dflt;
}

size_t vsh_prompt(const vsh_session *s, char *buf, size_t buflen)
{
	char err[512];
	if (s->store) /* the host name is configuration */
		(void)vsh_store_need(s, err, sizeof err);
	size_t hl;
	const char *host = vsh_hostname(s, &hl);
	const view_frame *f = vsh_top(s);
	int n;

	if (!buf || buflen == 0)
		return 0;
	if (f->view == VIEW_USER) {
		n = snprintf(buf, buflen, "<%.*s>", (int)hl, host);
	} else {
		const char *mark = s->immediate ? "" : cfg_pending(s->db) ? "*" : "~";
		n = snprintf(buf, buflen, "[%s%.*s%s]", mark, (int)hl, host, f->suffix);
	}
	if (n < 0)
		return 0;
	return (size_t)n < buflen ? (size_t)n : buflen - 1;
}

