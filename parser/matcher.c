/* Matching a line against a graph: an NFA walk over the live (node, path)
 * states, token by token.
 *
 * For each token every live state offers its transitions: keywords the
 * token is a case-insensitive prefix of (exact = PT_RANK_EXACT_KEYWORD,
 * shorter = PT_RANK_PARTIAL_KEYWORD) and parameters whose type accepts the
 * token (rank from ptype_parse).  Only the transitions of the best rank
 * survive.  A partial keyword may match several keywords: all of them stay
 * alive, and the line is ambiguous only if, when it ends or dies, the live
 * paths still disagree on a keyword ("d cu" is display current-configuration
 * because only display has a child starting with "cu"; "dis c" is
 * ambiguous).  The caret then goes under the first disputed word.
 *
 * States are recorded as small (node, parent, token) records; argument
 * values are parsed again only for the winning path, so a line costs no
 * copies of parser_args.  States that reach the same node are merged (the
 * first kept), which bounds the work by the size of the graph.
 *
 * Errors when a token has no transition: on the first token Unrecognized;
 * Too many parameters if a complete command's last parameter would have
 * taken it (one value too many); otherwise Wrong parameter if some live
 * state could take a parameter here, else Unrecognized if some could take
 * a keyword, else (the command was complete) Too many parameters.  The
 * caret column is the token's column as typed.  When the tokens run out
 * before a command is complete the caret goes one column past the last
 * typed character (trailing blanks do not count), where the next word
 * would start. */
#include "graph_priv.h"

#include <string.h>
#include <strings.h>

#define PW_MAX_CANDS 256

typedef struct pw_cand {
	uint32_t node;
	int32_t rec;    /* parent record, or the state's own record when continuing */
	int16_t amb;
	uint8_t rank;
	bool swallow;
	bool cont;      /* a rest-of-line parameter going on over this token */
} pw_cand;

typedef struct pw_cands {
	int n, best;
	pw_cand v[PW_MAX_CANDS];
} pw_cands;

void pw_rest_token(const lex_line *l, int i, lex_token *out)
{
	size_t col = l->tok[i].col;

	out->text = l->body + col;
	out->col = (uint16_t)col;
	out->len = (uint16_t)(l->body_len - col);
	out->quoted = false;
}

/* Earliest token where the paths ending at records a and b took different
 * keywords, or -1.  Walks both back to their common part. */
static int diverge(const pw_walk *w, int32_t a, int32_t b)
{
	int found = -1;

	while (a != b && a >= 0 && b >= 0) {
		const pw_rec *ra = &w->recs[a], *rb = &w->recs[b];
		if (ra->tok > rb->tok) {
			a = ra->parent;
		} else if (rb->tok > ra->tok) {
			b = rb->parent;
		} else {
			const pnode *na = &w->g->nodes[ra->node], *nb = &w->g->nodes[rb->node];
			if (na->type == PN_KEYWORD && nb->type == PN_KEYWORD &&
			    strcmp(na->lc, nb->lc) != 0)
				found = ra->tok;
			a = ra->parent;
			b = rb->parent;
		}
	}
	return found;
}

static int16_t amb_min(int a, int b)
{
	if (a < 0)
		return (int16_t)b;
	if (b < 0)
		return (int16_t)a;
	return (int16_t)(a < b ? a : b);
}

int pw_ambiguous_tok(const pw_walk *w, const int *idx, int n)
{
	int amb = -1;

	if (!w->amb_seen)
		return -1;
	if (!idx)
		n = w->nlive;
	for (int i = 0; i < n; i++) {
		const pw_state *a = &w->live[idx ? idx[i] : i];
		amb = amb_min(amb, a->amb);
		for (int j = 0; j < i; j++) {
			const pw_state *b = &w->live[idx ? idx[j] : j];
			amb = amb_min(amb, diverge(w, a->rec, b->rec));
		}
	}
	return amb;
}

/* Parse token i as the interface number after the parameter at record
 * prec (the interface type); isolated so that the scratch arguments only
 * cost stack when an interface number is tried. */
static __attribute__((noinline)) int parse_after(const pw_walk *w, int32_t prec, const ptype *t,
						 const lex_token *tok, parser_value *v)
{
	parser_args scratch;

	scratch.n = 0;
	if (prec >= 0) {
		const pnode *pn = &w->g->nodes[w->recs[prec].node];
		if (pn->type == PN_PARAM && !(pn->param->type->flags & PTF_REST_OF_LINE)) {
			scratch.a[0].keyword = false;
			scratch.a[0].name = pn->param->name;
			scratch.a[0].tok = w->recs[prec].tok;
			if (ptype_parse(pn->param->type, &w->l->tok[w->recs[prec].tok], NULL,
					&scratch.a[0].v) > 0)
				scratch.n = 1;
		}
	}
	return ptype_parse(t, tok, &scratch, v);
}

static void add_cand(const pw_walk *w, pw_cands *c, uint32_t node, const pw_state *from,
		     int rank, bool swallow, bool cont)
{
	if (rank < c->best)
		return;
	if (rank > c->best) {
		c->best = rank;
		c->n = 0;
	}
	for (int i = 0; i < c->n; i++) {
		pw_cand *o = &c->v[i];
		if (o->node == node && o->swallow == swallow) {
			/* Two paths meet: the first is kept, but if they chose
			 * different keywords on the way the line stays ambiguous. */
			if (w->amb_seen) {
				o->amb = amb_min(o->amb, from->amb);
				o->amb = amb_min(o->amb, diverge(w, o->rec, from->rec));
			}
			return;
		}
	}
	if (c->n == PW_MAX_CANDS)
		return;
	c->v[c->n++] = (pw_cand){ node, from->rec, from->amb, (uint8_t)rank, swallow, cont };
}

/* First index in the sorted keyword children whose lc is >= key. */
static uint16_t kw_lower_bound(const parser_graph *g, const pnode *n, const char *key)
{
	uint16_t lo = 0, hi = n->nkw;

	while (lo < hi) {
		uint16_t mid = (uint16_t)((lo + hi) / 2);
		if (strcmp(g->nodes[n->kw[mid]].lc, key) < 0)
			lo = (uint16_t)(mid + 1);
		else
			hi = mid;
	}
	return lo;
}

/* Is token i one more value for the typed parameter a complete command has
 * just taken (a ninth VPN target after eight, a second hop count)?  That is
 * "too many", even where optional keywords could still follow.  Free
 * strings do not count: nearly any word would be one.  Nor does a state
 * that takes a further parameter: there the token stands at a parameter
 * position and is a wrong value for it (`idle-timeout 5 60`). */
static bool surplus_value(const pw_walk *w, int i)
{
	parser_value v;

	for (int s = 0; s < w->nlive; s++) {
		const pnode *n = &w->g->nodes[w->live[s].node];
		bool can_end = false;
		if (w->live[s].swallow || n->type != PN_PARAM || n->param->type->kind == PT_IFNUM ||
		    n->param->type->kind == PT_STRING)
			continue;
		bool more_params = false;
		for (uint16_t k = 0; k < n->npar && !more_params; k++)
			more_params = pw_visible(&w->g->nodes[n->par[k]], w->level);
		if (more_params)
			continue;
		for (uint16_t k = 0; k < n->nend && !can_end; k++)
			can_end = pw_visible(&w->g->nodes[n->end[k]], w->level);
		if (can_end && ptype_parse(n->param->type, &w->l->tok[i], NULL, &v) > 0)
			return true;
	}
	return false;
}

parser_status pw_dead_end(const pw_walk *w, int i, int *err_tok)
{
	bool kw = false, par = false;
	int amb = pw_ambiguous_tok(w, NULL, 0);

	*err_tok = i;
	if (amb >= 0) {
		*err_tok = amb;
		return PM_AMBIGUOUS;
	}
	if (i == 0)
		return PM_UNRECOGNIZED;
	if (surplus_value(w, i))
		return PM_TOO_MANY;
	for (int s = 0; s < w->nlive; s++) {
		const pnode *n = &w->g->nodes[w->live[s].node];
		if (w->live[s].swallow)
			continue;
		for (uint16_t k = 0; k < n->npar && !par; k++)
			par = pw_visible(&w->g->nodes[n->par[k]], w->level);
		for (uint16_t k = 0; k < n->nkw && !kw; k++)
			kw = pw_visible(&w->g->nodes[n->kw[k]], w->level);
	}
	return par ? PM_WRONG_PARAM : kw ? PM_UNRECOGNIZED : PM_TOO_MANY;
}

parser_status pw_run(pw_walk *w, const parser_graph *g, const lex_line *l, int ntok, int level)
{
	pw_cands c;
	char key[PG_MAX_KEYWORD + 1];
	parser_value val;

	w->g = g;
	w->l = l;
	w->level = level;
	w->nrecs = 0;
	w->nlive = 1;
	w->live[0] = (pw_state){ 0, -1, -1, false };
	w->status = PM_OK;
	w->err_tok = 0;
	w->amb_seen = false;

	for (int i = 0; i < ntok; i++) {
		const lex_token *tok = &l->tok[i];

		c.n = 0;
		c.best = 0;
		/* Keywords: the run of children starting with the token. */
		size_t klen = strlen(tok->text);
		if (!tok->quoted && klen > 0 && klen <= PG_MAX_KEYWORD) {
			for (size_t k = 0; k < klen; k++) {
				char ch = tok->text[k];
				key[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
			}
			key[klen] = '\0';
			for (int s = 0; s < w->nlive; s++) {
				if (w->live[s].swallow)
					continue;
				const pnode *n = &g->nodes[w->live[s].node];
				for (uint16_t k = kw_lower_bound(g, n, key); k < n->nkw; k++) {
					const pnode *kn = &g->nodes[n->kw[k]];
					if (strncmp(kn->lc, key, klen) != 0)
						break;
					if (!pw_visible(kn, level))
						continue;
					add_cand(w, &c, n->kw[k], &w->live[s],
						 kn->kwlen == klen ? PT_RANK_EXACT_KEYWORD
								   : PT_RANK_PARTIAL_KEYWORD,
						 false, false);
				}
			}
		}
		/* Parameters, unless an exact keyword already won. */
		if (c.best < PT_RANK_EXACT_KEYWORD) {
			for (int s = 0; s < w->nlive; s++) {
				const pw_state *st = &w->live[s];
				if (st->swallow) {
					add_cand(w, &c, st->node, st, PT_RANK_STRING, true, true);
					continue;
				}
				const pnode *n = &g->nodes[st->node];
				for (uint16_t k = 0; k < n->npar; k++) {
					const pnode *pn = &g->nodes[n->par[k]];
					const ptype *t = pn->param->type;
					int r;
					if (!pw_visible(pn, level))
						continue;
					if (t->flags & PTF_REST_OF_LINE) {
						lex_token rest;
						pw_rest_token(l, i, &rest);
						r = ptype_parse(t, &rest, NULL, &val);
						if (r > 0)
							add_cand(w, &c, n->par[k], st, r, true, false);
						continue;
					}
					if (t->kind == PT_IFNUM)
						r = parse_after(w, st->rec, t, tok, &val);
					else
						r = ptype_parse(t, tok, NULL, &val);
					if (r > 0)
						add_cand(w, &c, n->par[k], st, r, false, false);
				}
			}
		}

		if (c.n == 0) {
			w->status = pw_dead_end(w, i, &w->err_tok);
			return w->status;
		}
		if (c.best == PT_RANK_PARTIAL_KEYWORD && !w->amb_seen) {
			const char *first = g->nodes[c.v[0].node].lc;
			for (int k = 1; k < c.n; k++)
				if (strcmp(g->nodes[c.v[k].node].lc, first) != 0)
					w->amb_seen = true;
		}
		w->nlive = 0;
		for (int k = 0; k < c.n && w->nlive < PW_MAX_LIVE; k++) {
			int32_t rec = c.v[k].rec;
			if (!c.v[k].cont) {
				if (w->nrecs == PW_MAX_RECS)
					break;
				w->recs[w->nrecs] = (pw_rec){ c.v[k].node, rec, (uint16_t)i };
				rec = w->nrecs++;
			}
			w->live[w->nlive++] = (pw_state){ c.v[k].node, rec, c.v[k].amb, c.v[k].swallow };
		}
		if (w->nlive == 0) { /* out of records: the line is beyond any grammar */
			w->status = PM_TOO_MANY;
			w->err_tok = i;
			return w->status;
		}
	}
	return PM_OK;
}

bool pw_bind(const pw_walk *w, int32_t rec, parser_args *args, const char **pipe_kind,
	     const char **pipe_pattern)
{
	int32_t chain[PARSER_MAX_ARGS + 8];
	int depth = 0;

	for (int32_t r = rec; r >= 0; r = w->recs[r].parent) {
		if (depth == (int)(sizeof(chain) / sizeof(chain[0])))
			return false;
		chain[depth++] = r;
	}
	args->n = 0;
	while (depth > 0) {
		const pw_rec *r = &w->recs[chain[--depth]];
		const pnode *n = &w->g->nodes[r->node];
		lex_token rest;

		if (n->flags & PNF_PIPE_BAR)
			continue;
		if (n->flags & PNF_PIPE_KIND) {
			if (pipe_kind)
				*pipe_kind = n->text;
			continue;
		}
		if (n->flags & PNF_PIPE_REGEX) {
			if (pipe_pattern)
				*pipe_pattern = w->l->body + w->l->tok[r->tok].col;
			continue;
		}
		if (args->n == PARSER_MAX_ARGS)
			return false;
		parser_arg *a = &args->a[args->n];
		a->tok = r->tok;
		if (n->type == PN_KEYWORD) {
			a->name = n->text;
			a->keyword = true;
			a->v.kind = -1;
			a->v.str = n->text;
			a->v.canon[0] = '\0';
		} else {
			const ptype *t = n->param->type;
			const lex_token *tok = &w->l->tok[r->tok];
			a->name = n->param->name;
			a->keyword = false;
			if (t->flags & PTF_REST_OF_LINE) {
				pw_rest_token(w->l, r->tok, &rest);
				tok = &rest;
			}
			if (ptype_parse(t, tok, args, &a->v) <= 0)
				return false;
		}
		args->n++;
	}
	return true;
}

parser_status parser_match_line(const parser_graph *g, const lex_line *l, int level,
				parser_match *m)
{
	pw_walk w;

	m->status = PM_OK;
	m->err_tok = 0;
	m->err_col = 0;
	m->cmd = NULL;
	m->args.n = 0;
	m->pipe_kind = NULL;
	m->pipe_pattern = NULL;

	if (pw_run(&w, g, l, l->ntok, level) != PM_OK) {
		m->status = w.status;
		m->err_tok = w.err_tok;
		m->err_col = l->tok[w.err_tok].col;
		return m->status;
	}
	int amb = pw_ambiguous_tok(&w, NULL, 0);
	if (amb >= 0) {
		m->status = PM_AMBIGUOUS;
		m->err_tok = amb;
		m->err_col = l->tok[amb].col;
		return m->status;
	}
	/* Complete commands: the first added wins among overlapping ones. */
	const pnode *best = NULL;
	int32_t best_rec = -1;
	for (int s = 0; s < w.nlive; s++) {
		const pnode *n = &g->nodes[w.live[s].node];
		for (uint16_t k = 0; k < n->nend; k++) {
			const pnode *e = &g->nodes[n->end[k]];
			if (pw_visible(e, level) && (!best || e->order < best->order)) {
				best = e;
				best_rec = w.live[s].rec;
			}
		}
	}
	if (!best) {
		m->status = PM_INCOMPLETE;
		m->err_tok = l->ntok;
		m->err_col = l->body_len + 1;
		return m->status;
	}
	if (!pw_bind(&w, best_rec, &m->args, &m->pipe_kind, &m->pipe_pattern)) {
		m->args.n = 0;
		m->status = PM_TOO_MANY;
		m->err_tok = l->ntok - 1;
		m->err_col = l->tok[l->ntok - 1].col;
		return m->status;
	}
	m->cmd = best->cmd;
	return PM_OK;
}

static const char msg_unrecognized[] = "Error: Unrecognized command found at '^' position.";
static const char msg_wrong_param[] = "Error: Wrong parameter found at '^' position.";
static const char msg_incomplete[] = "Error: Incomplete command found at '^' position.";
static const char msg_too_many[] = "Error: Too many parameters found at '^' position.";
static const char msg_ambiguous[] = "Error: Ambiguous command found at '^' position.";

const char *parser_status_message(parser_status st)
{
	switch (st) {
	case PM_OK:
		return NULL;
	case PM_UNRECOGNIZED:
		return msg_unrecognized;
	case PM_WRONG_PARAM:
		return msg_wrong_param;
	case PM_INCOMPLETE:
		return msg_incomplete;
	case PM_TOO_MANY:
		return msg_too_many;
	case PM_AMBIGUOUS:
		return msg_ambiguous;
	}
	return NULL;
}

const parser_value *parser_arg_nth(const parser_match *m, const char *name, int i)
{
	for (int k = 0; k < m->args.n; k++) {
		const parser_arg *a = &m->args.a[k];
		if (!a->keyword && strcmp(a->name, name) == 0 && i-- == 0)
			return &a->v;
	}
	return NULL;
}

const parser_value *parser_arg_get(const parser_match *m, const char *name)
{
	return parser_arg_nth(m, name, 0);
}

int parser_arg_count(const parser_match *m, const char *name)
{
	int n = 0;

	for (int k = 0; k < m->args.n; k++)
		if (!m->args.a[k].keyword && strcmp(m->args.a[k].name, name) == 0)
			n++;
	return n;
}

bool parser_kw(const parser_match *m, const char *keyword)
{
	for (int k = 0; k < m->args.n; k++)
		if (m->args.a[k].keyword && strcasecmp(m->args.a[k].name, keyword) == 0)
			return true;
	return false;
}
