/* The login configuration file of the state directory (see logincfg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/replay.h"
#include "logincfg.h"
#include "state.h"

#define HEADER "!vrpsh login configuration 1\n"

/* Top-level lines and sections a login needs. */
static bool wanted(const char *t)
{
	return t && (strcmp(t, "aaa") == 0 || strncmp(t, "user-interface ", 15) == 0 ||
		     strncmp(t, "header login information", 24) == 0);
}

typedef struct textbuf {
	char *p;
	size_t len, cap;
	bool oom;
} textbuf;

static void put(textbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 2 > b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 4096;
		while (cap < b->len + n + 2)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void emit_line(void *arg, const char *line, size_t len)
{
	if (len == 6 && memcmp(line, "return", 6) == 0)
		return;
	put(arg, line, len);
	put(arg, "\n", 1);
}

struct walk {
	cfg_db *db;
	textbuf *b;
};

static int visit(void *arg, cfg_entry *e)
{
	struct walk *w = arg;

	if (wanted(cfg_text(e, CFG_RUNNING)))
		cfg_render_this(w->db, e, CFG_RUNNING, emit_line, w->b);
	return 0;
}

char *vsh_logincfg_render(cfg_db *db, size_t *len)
{
	textbuf b = { NULL, 0, 0, false };
	struct walk w = { db, &b };

	put(&b, HEADER, sizeof HEADER - 1);
	cfg_foreach_child(db, cfg_root(db), CFG_RUNNING, visit, &w);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

/* Write the file from db unless it holds that text already. */
static int write_if_changed(const char *dir, cfg_db *db, char *err, size_t errlen)
{
	size_t len;
	char *text = vsh_logincfg_render(db, &len);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = store_logincfg_write(dir, text, len, err, errlen);
	free(text);
	return rc;
}

/* After a commit, with the state directory's lock held by it. */
static void hook_after(void *arg, cfg_db *db)
{
	vsh_session *s = arg;
	char msg[256];

	/* Every commit compares (the sections are small), so that a file
	 * left stale by a crash is put right by the next commit of any kind. */
	if (vsh_store_dir(s) && write_if_changed(vsh_store_dir(s), db, msg, sizeof msg) != 0)
		vsh_store_warn(s->store, "%s: %s", VSH_LOGINCFG_NAME, msg);
}

int vsh_logincfg_attach(vsh_session *s, char *err, size_t errlen)
{
	if (cfg_hook_add_after(s->db, hook_after, s) != 0) {
		snprintf(err, errlen, "too many commit hooks");
		return -1;
	}
	return 0;
}

int vsh_logincfg_refresh(vsh_session *s, char *err, size_t errlen)
{
	if (!vsh_store_dir(s))
		return 0;
	/* The store's lock, held apart from the store's own taking and
	 * dropping of it: no commit writes the file meanwhile. */
	int hold = store_lock_hold(s->store->st, err, errlen);
	if (hold < 0)
		return -1;
	/* The session may not have loaded the configuration yet (lazy
	 * start); then it loads the current one, else it catches up. */
	if (vsh_store_need(s, err, errlen) != 0) {
		store_lock_release(hold);
		return -1;
	}
	vsh_store_sync(s);
	int rc = write_if_changed(vsh_store_dir(s), s->db, err, errlen);
	store_lock_release(hold);
	return rc;
}

static void discard(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

cfg_db *vsh_logincfg_load(const char *dir, view_set *vs, const vsh_model *m, bool low_latency,
			  char *err, size_t errlen)
{
	char *text;
	size_t len;
	vsh_session s;

	if (store_logincfg_read(dir, &text, &len, err, errlen) != 0)
		return NULL;
	if (len < sizeof HEADER - 1 || memcmp(text, HEADER, sizeof HEADER - 1) != 0) {
		snprintf(err, errlen, "%s/%s: not a login configuration", dir, VSH_LOGINCFG_NAME);
		free(text);
		return NULL;
	}
	cfg_db *db = cfg_db_new();
	vsh_io io = { .write = discard };
	if (!db || vsh_db_init(db, err, errlen) != 0 ||
	    vsh_session_init(&s, db, vs, m, low_latency, LEVEL_MANAGE, io) != 0) {
		if (!db)
			snprintf(err, errlen, "out of memory");
		free(text);
		cfg_db_free(db);
		return NULL;
	}
	s.batch = true;
	vsh_replay r;
	vsh_replay_init(&r, &s, NULL, NULL);
	vsh_replay_text(&r, text, len, true, NULL);
	free(text);
	int rc = cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
	vsh_session_fini(&s);
	if (rc != 0) {
		cfg_db_free(db);
		return NULL;
	}
	return db;
}
