/* State directories of the first release (store/legacy.h): their text
 * checkpoint and their records hold lines as typed, without placement, so
 * the commands build the tree from them, here, once.  Every record is then
 * converted to this release's form: undone in a copy of the tree from the
 * newest back, each step shows where its lines were, and the store keeps
 * the converted records (written at the next commit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/replay.h"
#include "../store/checkpoint.h"
#include "../store/legacy.h"
#include "state.h"

#define MAX_WARNINGS 10

/* ---- running recorded lines as commands ---------------------------------- */

typedef struct lapp {
	vsh_session h;           /* a batch session over the database */
	vsh_replay r;
	char *line;              /* the line being built */
	size_t linecap;
	uint32_t entered[STORE_MAX_DEPTH]; /* nodes of the sections entered */
	unsigned nentered;
	vsh_store *vs;
	unsigned warned;
} lapp;

static void sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int lapp_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		    size_t tlen, bool probe)
{
	(void)ctx, (void)line, (void)len, (void)probe;
	return vsh_exec(s, text, tlen, 0);
}

static int lapp_init(lapp *a, vsh_session *s, cfg_db *db)
{
	memset(a, 0, sizeof *a);
	a->vs = s->store;
	vsh_io io = { .write = sink, .ask = NULL, .ctx = NULL };
	if (vsh_session_init(&a->h, db, s->vs, s->model, s->low_latency, LEVEL_MANAGE, io) != 0)
		return -1;
	a->h.batch = true;
	vsh_replay_init(&a->r, &a->h, lapp_run, a);
	a->r.started = true;
	return 0;
}

static void lapp_fini(lapp *a)
{
	vsh_session_fini(&a->h);
	free(a->line);
}

/* Run `text` indented by `indent` through the replay. */
static int run_line(lapp *a, unsigned indent, const char *text, size_t len)
{
	if (indent + len + 1 > a->linecap) {
		size_t cap = indent + len + 256;
		char *p = realloc(a->line, cap);
		if (!p)
			return -1;
		a->line = p;
		a->linecap = cap;
	}
	memset(a->line, ' ', indent);
	memcpy(a->line + indent, text, len);
	return vsh_replay_line(&a->r, a->line, indent + len);
}

/* The nodes above c, from the top level down; their number. */
static unsigned chain_of(const store_chglist *l, const store_chg *c, uint32_t *chain)
{
	unsigned d = 0;
	for (uint32_t n = c->node; n != STORE_NO_NODE && d < STORE_MAX_DEPTH; n = l->nodes[n].up)
		chain[d++] = n;
	for (unsigned i = 0; i < d / 2; i++) {
		uint32_t x = chain[i];
		chain[i] = chain[d - 1 - i];
		chain[d - 1 - i] = x;
	}
	return d;
}

/* The section an identity path names, in the candidate or (with `any`)
 * on either side; NULL when it is not there. */
static cfg_entry *find_path(cfg_db *db, const store_chglist *l, const uint32_t *chain, unsigned d,
			    bool any)
{
	cfg_entry *p = cfg_root(db);
	for (unsigned i = 0; i < d && p; i++) {
		const store_elem *el = &l->nodes[chain[i]].el;
		cfg_entry *e = cfg_get(db, p, el->text, el->idlen, CFG_CANDIDATE);
		if (!e && any)
			e = cfg_get(db, p, el->text, el->idlen, CFG_RUNNING);
		p = e;
	}
	return p;
}

/* Enter the sections above c and run `t` as a command. */
static int add_line(lapp *a, const store_chglist *l, const store_chg *c, const char *t,
		    uint32_t tlen)
{
	uint32_t chain[STORE_MAX_DEPTH];
	unsigned d = chain_of(l, c, chain);
	vsh_session *s = &a->h;
	unsigned shared = 0;
	while (shared < d && shared < a->nentered && a->entered[shared] == chain[shared])
		shared++;
	if (s->depth < 2 || (unsigned)s->depth < shared + 2)
		shared = 0;
	a->r.use_indent = true;
	run_line(a, shared, "#", 1); /* back to the deepest shared section */
	a->nentered = shared;
	for (unsigned i = shared; i < d; i++) {
		const store_elem *el = &l->nodes[chain[i]].el;
		if (run_line(a, i, el->text, el->len) != 0 || (unsigned)s->depth != i + 3) {
			a->nentered = 0;
			return -1;
		}
		a->entered[a->nentered++] = chain[i];
	}
	if (run_line(a, d, t, tlen) != 0) {
		a->nentered = 0;
		return -1;
	}
	return 0;
}

static void remove_line(cfg_db *db, const store_chglist *l, const store_chg *c, const char *t)
{
	uint32_t chain[STORE_MAX_DEPTH];
	unsigned d = chain_of(l, c, chain);
	cfg_entry *p = find_path(db, l, chain, d, false);
	cfg_entry *e = p ? cfg_get(db, p, t, c->line.idlen, CFG_CANDIDATE) : NULL;
	if (e)
		cfg_delete(db, e);
}

/* The text a change leaves (*nt, NULL: deleted, its length returned) and
 * the one it replaces (*ot), applied forward or undone. */
static uint32_t sides(const store_chg *c, bool inverse, const char **nt, const char **ot)
{
	*nt = inverse ? c->old_text : c->new_text;
	*ot = inverse ? c->new_text : c->old_text;
	return inverse ? c->old_len : c->new_len;
}

/* Apply changes [from, to) of l to the candidate of a->h.db through the
 * commands, forward or (inverse) backward.  A command can drop other lines
 * as a side effect (binding a VPN instance drops the addresses); the
 * records name the final state of every line they change, so a last pass
 * puts each named line back as recorded. */
static void lapp_apply(lapp *a, const store_chglist *l, size_t from, size_t to, bool inverse)
{
	cfg_db *db = a->h.db;
	size_t *retry = NULL, nretry = 0;
	vsh_to_user(&a->h);
	(void)vsh_exec(&a->h, "system-view", 11, 0);
	a->nentered = 0;
	retry = malloc((to - from + 1) * sizeof *retry);
	for (size_t k = from; k < to; k++) {
		size_t idx = inverse ? to - 1 - (k - from) : k;
		const store_chg *c = &l->v[idx];
		const char *nt, *ot;
		uint32_t nl = sides(c, inverse, &nt, &ot);
		if (!nt)
			remove_line(db, l, c, ot);
		else if (add_line(a, l, c, nt, nl) != 0 && retry)
			retry[nretry++] = idx; /* it may need a line that comes later */
	}
	for (bool progress = true; progress && nretry;) {
		size_t keep = 0;
		progress = false;
		for (size_t i = 0; i < nretry; i++) {
			const store_chg *c = &l->v[retry[i]];
			if (add_line(a, l, c, inverse ? c->old_text : c->new_text,
				     inverse ? c->old_len : c->new_len) == 0)
				progress = true;
			else
				retry[keep++] = retry[i];
		}
		nretry = keep;
	}
	/* every named line as recorded */
	for (size_t k = from; k < to; k++) {
		size_t idx = inverse ? to - 1 - (k - from) : k;
		const store_chg *c = &l->v[idx];
		const char *nt, *ot;
		uint32_t nl = sides(c, inverse, &nt, &ot);
		uint32_t chain[STORE_MAX_DEPTH];
		unsigned d = chain_of(l, c, chain);
		cfg_entry *p = find_path(db, l, chain, d, false);
		cfg_entry *e = p ? cfg_get(db, p, nt ? nt : ot, c->line.idlen, CFG_CANDIDATE) : NULL;
		if (!nt) {
			if (e)
				cfg_delete(db, e);
			continue;
		}
		const char *have = e ? cfg_text(e, CFG_CANDIDATE) : NULL;
		if (have && strlen(have) == nl && memcmp(have, nt, nl) == 0)
			continue;
		if (e) {
			cfg_set_seq(db, p, nt, nl, c->line.idlen, cfg_order_of(e), cfg_flags(e), 0, NULL,
				    NULL, 0);
		} else if (add_line(a, l, c, nt, nl) != 0 && a->vs && a->warned++ < MAX_WARNINGS) {
			vsh_store_warn(a->vs, "%s: '%.*s' of an old record could not be made again",
				       store_path(a->vs->st), (int)nl, nt);
		}
	}
	free(retry);
	vsh_to_user(&a->h);
}

/* ---- converting records ------------------------------------------------------- */

/* The entry change c names in db (either side): its line, after the
 * sections above it.  A line the commands could not make again is made
 * here plainly, so that the record still says what it was. */
static cfg_entry *entry_of(cfg_db *db, const store_chglist *l, const store_chg *c)
{
	uint32_t chain[STORE_MAX_DEPTH];
	unsigned d = chain_of(l, c, chain);
	cfg_entry *p = find_path(db, l, chain, d, true);
	if (!p)
		return NULL;
	cfg_entry *e = cfg_get(db, p, c->line.text, c->line.idlen, CFG_CANDIDATE);
	return e ? e : cfg_get(db, p, c->line.text, c->line.idlen, CFG_RUNNING);
}

/* Record i of the legacy directory, in this release's form, from the
 * copy `db` that holds the state after it: undo it there (through the
 * commands), read where each line was, commit (db then holds the state
 * before it).  The record's buffer, or NULL. */
static char *convert(lapp *a, const store_legacy *lg, size_t i, size_t *len)
{
	cfg_db *db = a->h.db;
	const store_chglist *l = &lg->changes;
	size_t from = l->n, to = 0;
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].rec == i) {
			from = k < from ? k : from;
			to = k + 1;
		}
	if (from > to)
		from = to;
	lapp_apply(a, l, from, to, true);
	store_meta m = lg->meta[i];
	m.seqhw = cfg_seq_counter(db);
	store_wr w;
	store_wr_begin(&w, &m);
	for (size_t k = from; k < to; k++) {
		const store_chg *c = &l->v[k];
		cfg_entry *e = entry_of(db, l, c);
		if (!e) {
			/* neither side has it: made plainly, so that the record
			 * keeps the line */
			uint32_t chain[STORE_MAX_DEPTH];
			unsigned d = chain_of(l, c, chain);
			cfg_entry *p = find_path(db, l, chain, d, true);
			cfg_order o = { 0, CFG_KEY_SEQ, 0 };
			if (!p || cfg_set_seq(db, p, c->line.text, c->line.len, c->line.idlen, o, 0, 0, &e,
					      NULL, 0) != 0 || !e) {
				store_wr_free(&w);
				return NULL;
			}
		}
		char *ot = c->old_text ? strndup(c->old_text, c->old_len) : NULL;
		char *nt = c->new_text ? strndup(c->new_text, c->new_len) : NULL;
		store_wr_change(&w, db, e, ot, nt);
		free(ot);
		free(nt);
	}
	uint64_t rl;
	char err[128];
	if (store_wr_end(&w, &rl) != 0 ||
	    cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, sizeof err) != 0) {
		store_wr_free(&w);
		return NULL;
	}
	char *rec = w.head.p;
	*len = w.head.len;
	w.head.p = NULL;
	store_wr_free(&w);
	return rec;
}

/* ---- loading ---------------------------------------------------------------------- */

static int clear_visit(void *arg, cfg_entry *e)
{
	return cfg_delete(arg, e) != 0;
}

int vsh_legacy_load(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	if (store_legacy_read(vs->st, err, errlen) != 0)
		return -1;
	const store_legacy *lg = store_legacy_get(vs->st);
	lapp a;
	if (lapp_init(&a, s, s->db) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* the checkpoint's configuration, then the records after it */
	if (lg->ckpt) {
		cfg_foreach_child(s->db, cfg_root(s->db), CFG_CANDIDATE, clear_visit, s->db);
		vsh_to_user(&a.h);
		vsh_replay rp;
		vsh_replay_init(&rp, &a.h, lapp_run, &a);
		unsigned long bad = vsh_replay_text(&rp, lg->ckpt, lg->ckpt_len, true, NULL);
		if (bad)
			vsh_store_warn(vs, "%s/checkpoint: %lu lines failed to load", store_path(vs->st),
				       bad);
		vsh_to_user(&a.h);
	}
	size_t first = lg->changes.n;
	for (size_t k = 0; k < lg->changes.n; k++)
		if (lg->changes.v[k].rec >= lg->first_after) {
			first = k;
			break;
		}
	lapp_apply(&a, &lg->changes, first, lg->changes.n, false);
	lapp_fini(&a);
	if (cfg_commit_ex(s->db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen) != 0)
		return -1;

	/* the history, converted on a copy of the tree */
	char **recs = calloc(lg->nrec + 1, sizeof *recs);
	size_t *lens = calloc(lg->nrec + 1, sizeof *lens);
	cfg_db *copy = cfg_db_new();
	int rc = -1;
	if (!recs || !lens || !copy) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	cfg_seq_origin(copy, (uint16_t)vs->session_id);
	if (store_tree_copy(s->db, copy, err, errlen) != 0)
		goto out;
	cfg_seq_floor(copy, cfg_seq_counter(s->db));
	if (lapp_init(&a, s, copy) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
	for (size_t i = lg->nrec; i-- > 0 && rc == 0;) {
		recs[i] = convert(&a, lg, i, &lens[i]);
		if (!recs[i]) {
			snprintf(err, errlen, "record %llu of the first release's journal cannot be "
					      "converted",
				 (unsigned long long)lg->meta[i].seq);
			rc = -1;
		}
	}
	lapp_fini(&a);
	/* later creations come after everything the conversion made */
	cfg_seq_floor(s->db, cfg_seq_counter(copy));
	if (rc == 0)
		rc = store_legacy_adopt(vs->st, s->db, recs, lens, err, errlen);
	if (rc == 0) {
		recs = NULL; /* the store has them */
		lens = NULL;
	}
out:
	if (recs)
		for (size_t i = 0; i < lg->nrec; i++)
			free(recs[i]);
	free(recs);
	free(lens);
	cfg_db_free(copy);
	return rc;
}
