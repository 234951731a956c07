/* Setting a session's own changes aside and putting them back, with the
 * conflict marks of lines another commit touched meanwhile (see state.h).
 * The changes go back physically (store/chglist.h): exactly the lines the
 * session had, whatever another session committed under them. */
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "ui.h"

void vsh_aside_free(vsh_aside *a)
{
	free(a->rec);
	for (int i = 0; i < VSH_MAX_DEPTH; i++)
		for (unsigned k = 0; k < a->fp[i].n; k++)
			free(a->fp[i].id[k]);
	memset(a, 0, sizeof *a);
}

int vsh_aside_take(vsh_session *s, vsh_aside *a)
{
	memset(a, 0, sizeof *a);
	if (store_pending_record(s->db, &a->rec, &a->len) != 0)
		return -1;
	a->depth = s->depth;
	cfg_entry *root = cfg_root(s->db);
	for (int i = 0; i < s->depth; i++) {
		cfg_entry *anc[STORE_MAX_DEPTH];
		unsigned d = 0;
		for (cfg_entry *e = s->stack[i].sect; e && e != root && d < STORE_MAX_DEPTH;
		     e = cfg_parent(e))
			anc[d++] = e;
		vsh_frame_path *fp = &a->fp[i];
		for (unsigned k = 0; k < d; k++) {
			cfg_entry *e = anc[d - 1 - k];
			const char *t = cfg_text(e, CFG_CANDIDATE);
			if (!t)
				t = cfg_text(e, CFG_RUNNING);
			size_t il = cfg_idlen(e);
			fp->id[k] = t ? strndup(t, il) : NULL;
			fp->idlen[k] = il;
			fp->n = k + 1;
			if (!fp->id[k])
				return -1;
		}
	}
	cfg_discard(s->db);
	return 0;
}

/* The view stack's sections looked up again (entries may have been made
 * afresh); views whose section went away are closed. */
static void aside_frames(vsh_session *s, const vsh_aside *a)
{
	cfg_entry *root = cfg_root(s->db);
	int depth = a->depth < s->depth ? a->depth : s->depth;
	for (int i = 0; i < depth; i++) {
		const vsh_frame_path *fp = &a->fp[i];
		cfg_entry *e = root;
		for (unsigned k = 0; k < fp->n && e; k++)
			e = cfg_get(s->db, e, fp->id[k], fp->idlen[k], CFG_CANDIDATE);
		if (!e) {
			s->depth = i > 1 ? i : 1;
			return;
		}
		s->stack[i].sect = e;
	}
}

/* ---- identity key sets ---------------------------------------------- */

typedef struct kset {
	uint64_t *k;
	uint32_t *val;
	size_t n, cap;
} kset;

static void kset_free(kset *ks)
{
	free(ks->k);
	free(ks->val);
	memset(ks, 0, sizeof *ks);
}

static int kset_init(kset *ks, size_t expect)
{
	memset(ks, 0, sizeof *ks);
	ks->cap = 16;
	while (ks->cap < expect * 2 + 16)
		ks->cap *= 2;
	ks->k = calloc(ks->cap, sizeof *ks->k);
	ks->val = calloc(ks->cap, sizeof *ks->val);
	return ks->k && ks->val ? 0 : -1;
}

/* Keys are never 0 in the set (0 marks a free slot). */
static void kset_put(kset *ks, uint64_t key, uint32_t val)
{
	key |= 1;
	size_t i = (size_t)key & (ks->cap - 1);
	while (ks->k[i] && ks->k[i] != key)
		i = (i + 1) & (ks->cap - 1);
	if (!ks->k[i]) {
		ks->k[i] = key;
		ks->val[i] = val;
		ks->n++;
	}
}

static bool kset_get(const kset *ks, uint64_t key, uint32_t *val)
{
	if (!ks->cap)
		return false;
	key |= 1;
	size_t i = (size_t)key & (ks->cap - 1);
	while (ks->k[i]) {
		if (ks->k[i] == key) {
			if (val)
				*val = ks->val[i];
			return true;
		}
		i = (i + 1) & (ks->cap - 1);
	}
	return false;
}

static void conflict_add(vsh_store *vs, uint64_t key, const store_chg *pc)
{
	if (vs->nconf == vs->capconf) {
		size_t cap = vs->capconf ? vs->capconf * 2 : 16;
		uint64_t *v = realloc(vs->conflicts, cap * sizeof *v);
		if (!v)
			return;
		vs->conflicts = v;
		vs->capconf = cap;
	}
	vs->conflicts[vs->nconf++] = key;
	if (!vs->conflict_line) {
		char line[512];
		store_chg_text(pc, false, line, sizeof line);
		vs->conflict_line = strdup(line);
	}
}

void vsh_conflicts_clear(vsh_store *vs)
{
	vs->nconf = 0;
	free(vs->conflict_line);
	vs->conflict_line = NULL;
}

/* Mark the pending lines (pl) that the incoming changes (in) touch: the
 * same line, a section above it, or a line below a pending section. */
static void mark_conflicts(vsh_store *vs, const store_chglist *pl, const store_chglist *in)
{
	kset self, anc;
	if (kset_init(&self, pl->n) != 0 || kset_init(&anc, pl->nn) != 0) {
		kset_free(&self);
		kset_free(&anc);
		return;
	}
	for (size_t i = 0; i < pl->n; i++) {
		const store_chg *c = &pl->v[i];
		if (c->moved) /* places are not configuration: they never conflict */
			continue;
		kset_put(&self, store_chg_key(pl, c), (uint32_t)i);
		for (uint32_t nd = c->node; nd != STORE_NO_NODE; nd = pl->nodes[nd].up)
			kset_put(&anc, store_node_line_key(pl, nd), (uint32_t)i);
	}
	for (size_t i = 0; i < in->n; i++) {
		const store_chg *c = &in->v[i];
		uint32_t pi;
		if (c->moved)
			continue;
		uint64_t k = store_chg_key(in, c);
		bool hit = kset_get(&self, k, &pi) || kset_get(&anc, k, &pi);
		for (uint32_t nd = c->node; !hit && nd != STORE_NO_NODE; nd = in->nodes[nd].up)
			hit = kset_get(&self, store_node_line_key(in, nd), &pi);
		if (hit)
			conflict_add(vs, store_chg_key(pl, &pl->v[pi]), &pl->v[pi]);
	}
	kset_free(&self);
	kset_free(&anc);
}

/* A pending line whose section another commit removed stays out, marked. */
static void restore_fail(void *arg, const store_chglist *l, const store_chg *c, bool inverse)
{
	(void)inverse;
	conflict_add(arg, store_chg_key(l, c), c);
}

void vsh_aside_restore(vsh_session *s, vsh_aside *a, const store_chglist *incoming)
{
	vsh_store *vs = s->store;
	if (a->rec) {
		store_chglist pl;
		store_chglist_init(&pl);
		if (store_chglist_add(&pl, a->rec, a->len, true) == 0) {
			a->rec = NULL;
			if (incoming && vs)
				mark_conflicts(vs, &pl, incoming);
			store_chglist_apply(s->db, &pl, 0, pl.n, false, vs ? restore_fail : NULL, vs);
			vsh_ui_rebase(s, &pl); /* VTY settings merge per VTY */
		}
		store_chglist_free(&pl);
	}
	aside_frames(s, a);
	vsh_aside_free(a);
}

bool vsh_conflicts_pending(vsh_session *s)
{
	vsh_store *vs = s->store;
	if (!vs->nconf)
		return false;
	char *rec;
	size_t len;
	if (store_pending_record(s->db, &rec, &len) != 0 || !rec)
		return false;
	store_chglist pl;
	store_chglist_init(&pl);
	bool hit = false;
	if (store_chglist_add(&pl, rec, len, true) == 0) {
		kset ks;
		if (kset_init(&ks, vs->nconf) == 0) {
			for (size_t i = 0; i < vs->nconf; i++)
				kset_put(&ks, vs->conflicts[i], 0);
			for (size_t i = 0; i < pl.n && !hit; i++) {
				hit = !pl.v[i].moved &&
				      kset_get(&ks, store_chg_key(&pl, &pl.v[i]), NULL);
				if (hit) {
					char line[512];
					store_chg_text(&pl.v[i], false, line, sizeof line);
					free(vs->conflict_line);
					vs->conflict_line = strdup(line);
				}
			}
		}
		kset_free(&ks);
	} else {
		free(rec);
	}
	store_chglist_free(&pl);
	return hit;
}
