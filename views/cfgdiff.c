/* The difference between the running configurations of two databases, as
 * a journal record that turns the first into the second (rollback to a
 * configuration file).  Lines match by identity under matching sections;
 * removals come first, then additions and modifications in the render
 * order of the target, the order in which a rendered configuration
 * replays. */
#include <stdlib.h>
#include <string.h>

#include "cfgdiff.h"

typedef struct dctx {
	cfg_db *from, *to;
	cfg_jwriter w;
	cfg_jtext path[CFG_JOURNAL_MAX_DEPTH];
	unsigned depth;
	cfg_entry *other;   /* the counterpart section in the other tree, or NULL */
	bool too_deep;
} dctx;

static void push(dctx *d, const char *t, size_t idlen)
{
	if (d->depth == CFG_JOURNAL_MAX_DEPTH) {
		d->too_deep = true;
		return;
	}
	d->path[d->depth].p = t;
	d->path[d->depth].len = (uint32_t)strlen(t);
	d->path[d->depth].idlen = (uint32_t)idlen;
	d->depth++;
}

static int walk_removals(void *arg, cfg_entry *e);
static int walk_additions(void *arg, cfg_entry *e);

/* Recurse into the children of e (a section of `db`) with `other` as the
 * counterpart. */
static void below(dctx *d, cfg_db *db, cfg_entry *e, cfg_entry *other, cfg_visit_fn fn)
{
	if (!(cfg_flags(e) & CFG_F_SECTION) || d->depth >= CFG_JOURNAL_MAX_DEPTH) {
		d->too_deep |= (cfg_flags(e) & CFG_F_SECTION) != 0;
		return;
	}
	cfg_entry *save = d->other;
	unsigned sd = d->depth;
	push(d, cfg_text(e, CFG_RUNNING), cfg_idlen(e));
	d->other = other;
	cfg_foreach_child(db, e, CFG_RUNNING, fn, d);
	d->other = save;
	d->depth = sd;
}

/* Lines of `from` that `to` does not have. */
static int walk_removals(void *arg, cfg_entry *e)
{
	dctx *d = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	size_t il = cfg_idlen(e);
	cfg_entry *o = d->other ? cfg_get(d->to, d->other, t, il, CFG_RUNNING) : NULL;
	if (!o && !(cfg_flags(e) & CFG_F_IMPLICIT)) {
		cfg_jwriter_add_texts(&d->w, d->path, d->depth, (uint32_t)il, t, (uint32_t)strlen(t),
				      NULL, 0);
		return 0;
	}
	below(d, d->from, e, o, walk_removals);
	return 0;
}

/* Lines of `to` that `from` lacks or holds with another text. */
static int walk_additions(void *arg, cfg_entry *e)
{
	dctx *d = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	size_t il = cfg_idlen(e);
	cfg_entry *o = d->other ? cfg_get(d->from, d->other, t, il, CFG_RUNNING) : NULL;
	const char *ot = o ? cfg_text(o, CFG_RUNNING) : NULL;
	bool implicit = (cfg_flags(e) & CFG_F_IMPLICIT) != 0;
	if ((!ot && !implicit) || (ot && strcmp(ot, t) != 0))
		cfg_jwriter_add_texts(&d->w, d->path, d->depth, (uint32_t)il, ot,
				      ot ? (uint32_t)strlen(ot) : 0, t, (uint32_t)strlen(t));
	below(d, d->to, e, o, walk_additions);
	return 0;
}

int vsh_cfg_diff_record(cfg_db *from, cfg_db *to, char **rec, size_t *len)
{
	dctx d;
	cfg_jmeta m;

	memset(&d, 0, sizeof d);
	memset(&m, 0, sizeof m);
	*rec = NULL;
	*len = 0;
	d.from = from;
	d.to = to;
	cfg_jwriter_init(&d.w);
	cfg_jwriter_begin(&d.w, &m);
	d.other = cfg_root(to);
	cfg_foreach_child(from, cfg_root(from), CFG_RUNNING, walk_removals, &d);
	d.other = cfg_root(from);
	cfg_foreach_child(to, cfg_root(to), CFG_RUNNING, walk_additions, &d);
	if (d.too_deep || cfg_jwriter_end(&d.w) != 0) {
		cfg_jwriter_free(&d.w);
		return -1;
	}
	*rec = d.w.buf;
	*len = d.w.len;
	return 0;
}
