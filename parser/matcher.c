/* Matching a line against a graph: an NFA walk over the live (node, path)
 * states, token by token.
 *
 * For each token every live state offers its transitions: keywords the
 * token is a case-insensitive prefix of (exact = PT_RANK_EXACT_KEYWORD,
 * shorter = PT_RANK_PARTIAL_KEYWORD) and parameters whose type accepts the
 * token (rank from ptype_parse).  Only the transitions of the best rank
 * survive; when that walk fails after dropping a reading, the line is
 * walked again with every parameter reading kept (a word one command
 * types as a number and another as a string), and '?' always lists what
 * follows every reading.  A partial keyword may match several keywords:
 * all of them stay alive, and the line is ambiguous only if, when it ends
 * or dies, the live paths still disagree on a keyword ("d cu" is display
 * current-configuration because only display has a child starting with
 * "cu"; "dis c" is ambiguous).  The caret then goes under the first
 * disputed word.
 *
 * Inside repetition groups a state also carries its pass counts: a loop
 * edge is taken only while the group allows another pass (or, in an
 * any-order group, while that alternative is unused), and a group is left
 * only after its minimum number of passes (pw_step).
 *
 * States are recorded as small (node, parent, token) records; argument
 * values are parsed again only for the winning path, so a line costs no
 * copies of parser_args.  States that reach the same node with the same
 * pass counts are merged (the first kept), which bounds the work.
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

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PW_MAX_CANDS 256

typedef struct pw_cand {
	uint32_t node;
	int32_t rec;    /* parent record, or the state's own record when continuing */
	int16_t amb;
	int16_t val;    /* the token's parsed value (pw_walk.vals), -1 if none */
	uint8_t rank;
	bool swallow;
	bool cont;      /* a rest-of-line parameter going on over this token */
	pw_reps reps;
} pw_cand;

typedef struct pw_cands {
	int n, best;
	bool pruned; /* a candidate was dropped for a better-ranked one */
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

/* ---- repetition groups ----------------------------------------------- */

/* The groups around a node, outermost first; returns how many. */
static int chain_of(const pg_frozen *f, uint16_t grp, uint16_t out[PG_MAX_NEST])
{
	uint16_t tmp[PG_MAX_NEST];
	int n = 0;

	for (uint16_t g = grp; g && n < PG_MAX_NEST; g = f->groups[g].parent)
		tmp[n++] = g;
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* The alternative of any-order group g that node n lies in. */
static unsigned alt_in(const pg_frozen *f, const pg_node *n, uint16_t g)
{
	uint16_t h = n->grp;

	if (h == g)
		return n->alt;
	while (h && f->groups[h].parent != g)
		h = f->groups[h].parent;
	return h ? f->groups[h].alt_in_parent : 0;
}

static bool leave_ok(const pg_frozen *f, uint16_t g, uint64_t v)
{
	const pg_group *gr = &f->groups[g];
	return gr->kind != PG_REP || v >= gr->min;
}

bool pw_step_groups(const pg_frozen *f, const pg_node *from, const pw_reps *reps, uint32_t to,
		    uint16_t loop_grp, pw_reps *out)
{
	const pg_node *tn = &f->nodes[to];
	uint16_t cf[PG_MAX_NEST], ct[PG_MAX_NEST];
	int keep;

	int nf = chain_of(f, from->grp, cf);
	int nt = chain_of(f, tn->grp, ct);
	if (nf != reps->n)
		return false;
	if (loop_grp) {
		int L = -1;
		for (int i = 0; i < nf; i++)
			if (cf[i] == loop_grp)
				L = i;
		if (L < 0)
			return false;
		for (int i = nf - 1; i > L; i--)
			if (!leave_ok(f, cf[i], reps->v[i]))
				return false;
		const pg_group *gr = &f->groups[loop_grp];
		uint64_t v = reps->v[L];
		if (gr->kind == PG_REP) {
			if (v + 1 > gr->max)
				return false;
			v++;
		} else {
			uint64_t bit = (uint64_t)1 << alt_in(f, tn, loop_grp);
			if (v & bit)
				return false;
			v |= bit;
		}
		for (int i = 0; i < L; i++)
			out->v[i] = reps->v[i];
		out->v[L] = v;
		keep = L + 1;
	} else {
		keep = 0;
		while (keep < nf && keep < nt && cf[keep] == ct[keep])
			keep++;
		for (int i = nf - 1; i >= keep; i--)
			if (!leave_ok(f, cf[i], reps->v[i]))
				return false;
		for (int i = 0; i < keep; i++)
			out->v[i] = reps->v[i];
	}
	for (int i = keep; i < nt; i++)
		out->v[i] = f->groups[ct[i]].kind == PG_REP ? 1 : (uint64_t)1 << alt_in(f, tn, ct[i]);
	out->n = (uint8_t)nt;
	return true;
}

static bool reps_eq(const pw_reps *a, const pw_reps *b)
{
	if (a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->v[i] != b->v[i])
			return false;
	return true;
}

int pw_each_next(const pw_walk *w, const pw_state *st, pw_next_fn fn, void *arg)
{
	const pg_frozen *f = w->f;
	const pg_node *n = &f->nodes[st->node];
	const uint32_t *kids = pg_kw(f, n);
	uint32_t nk = (uint32_t)n->nkw + n->npar + n->nend;
	const uint32_t *loop = pg_loop(f, n);
	pw_reps r;
	int rc;

	for (uint32_t k = 0; k < nk; k++) {
		if (!pw_visible(w, &f->nodes[kids[k]]) || !pw_step(f, n, &st->reps, kids[k], 0, &r))
			continue;
		if ((rc = fn(arg, w, st, kids[k], &r)) != 0)
			return rc;
	}
	for (uint32_t k = 0; k < n->nloop; k++) {
		uint32_t to = loop[2 * k];
		if (!pw_visible(w, &f->nodes[to]) ||
		    !pw_step(f, n, &st->reps, to, (uint16_t)loop[2 * k + 1], &r))
			continue;
		if ((rc = fn(arg, w, st, to, &r)) != 0)
			return rc;
	}
	return 0;
}

/* ---- ambiguity --------------------------------------------------------- */

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
			const pg_node *na = &w->f->nodes[ra->node], *nb = &w->f->nodes[rb->node];
			if (na->type == PN_KEYWORD && nb->type == PN_KEYWORD && na->lc != nb->lc &&
			    strcmp(pg_str(w->f, na->lc), pg_str(w->f, nb->lc)) != 0)
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

/* ---- one token ---------------------------------------------------------- */

/* Parse token i as an interface number: it follows the interface type
 * bound last on the path (through keywords and other interface numbers,
 * as in `port 10GE 1/0/1 to 1/0/4`).  Isolated so that the scratch
 * arguments only cost stack when an interface number is tried. */
static __attribute__((noinline)) int parse_after(const pw_walk *w, int32_t prec, const ptype *t,
						 const lex_token *tok, parser_value *v)
{
	parser_args scratch;

	scratch.n = 0;
	for (; prec >= 0; prec = w->recs[prec].parent) {
		const pg_node *pn = &w->f->nodes[w->recs[prec].node];
		const parser_param *pq = pn->type == PN_PARAM ? pg_param_of(w->g, pn) : NULL;
		if (pn->type == PN_KEYWORD || (pq && pq->type->kind == PT_IFNUM))
			continue;
		break;
	}
	if (prec >= 0) {
		const pg_node *pn = &w->f->nodes[w->recs[prec].node];
		const parser_param *pp = pn->type == PN_PARAM ? pg_param_of(w->g, pn) : NULL;
		if (pp && !(pp->type->flags & PTF_REST_OF_LINE)) {
			scratch.a[0].keyword = false;
			scratch.a[0].name = pp->name;
			scratch.a[0].tok = w->recs[prec].tok;
			if (ptype_parse(pp->type, &w->l->tok[w->recs[prec].tok], NULL,
					&scratch.a[0].v) > 0)
				scratch.n = 1;
		}
	}
	return ptype_parse(t, tok, &scratch, v);
}

static void add_cand(const pw_walk *w, pw_cands *c, uint32_t node, const pw_state *from,
		     int rank, bool swallow, bool cont, const pw_reps *reps, int val)
{
	if (w->keep_all) {
		/* Keywords come first (pw_run): an exact one replaces the
		 * partial ones found so far and shuts out later partial ones. */
		if (rank == PT_RANK_PARTIAL_KEYWORD && c->best == PT_RANK_EXACT_KEYWORD)
			return;
		if (rank == PT_RANK_EXACT_KEYWORD && c->best < PT_RANK_EXACT_KEYWORD)
			c->n = 0;
		if (rank > c->best)
			c->best = rank;
	} else {
		if (rank < c->best) {
			c->pruned = true;
			return;
		}
		if (rank > c->best) {
			c->pruned |= c->n > 0;
			c->best = rank;
			c->n = 0;
		}
	}
	for (int i = 0; i < c->n; i++) {
		pw_cand *o = &c->v[i];
		if (o->node == node && o->swallow == swallow && reps_eq(&o->reps, reps)) {
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
	c->v[c->n++] = (pw_cand){ node, from->rec, from->amb, (int16_t)val, (uint8_t)rank, swallow,
				  cont, *reps };
}

uint32_t pw_kw_run(const pg_frozen *f, const pg_node *n, const char *key, size_t klen,
		   uint64_t key8, uint32_t *first)
{
	const uint64_t *keys = f->kwkey + n->kids;
	const uint32_t *kw = pg_kw(f, n);
	uint32_t lo = 0, hi = n->nkw;

	/* Lower bound: the first keyword >= key.  Equal keys decide on the
	 * bytes after the eighth (only a key longer than 8 has any). */
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (keys[mid] < key8 ||
		    (keys[mid] == key8 && klen > 8 &&
		     strcmp(pg_str(f, f->nodes[kw[mid]].lc) + 8, key + 8) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	if (klen < 8) {
		uint64_t mask = ~(uint64_t)0 << (8 * (8 - klen));
		while (lo < n->nkw && (keys[lo] & mask) == key8)
			lo++;
	} else {
		while (lo < n->nkw && keys[lo] == key8 &&
		       (klen == 8 ||
			strncmp(pg_str(f, f->nodes[kw[lo]].lc) + 8, key + 8, klen - 8) == 0))
			lo++;
	}
	return lo;
}

/* The keyword transitions of state st for the lower-case token key. */
static void keyword_cands(const pw_walk *w, const pw_state *st, const char *key, size_t klen,
			  uint64_t key8, pw_cands *c)
{
	const pg_frozen *f = w->f;
	const pg_node *n = &f->nodes[st->node];
	const uint32_t *kw = pg_kw(f, n);
	pw_reps r;
	uint32_t k = 0, end = 0;

	if (n->nkw)
		end = pw_kw_run(f, n, key, klen, key8, &k);
	for (; k < end; k++) {
		const pg_node *kn = &f->nodes[kw[k]];
		if (!pw_visible(w, kn) || !pw_step(f, n, &st->reps, kw[k], 0, &r))
			continue;
		add_cand(w, c, kw[k], st,
			 kn->kwlen == klen ? PT_RANK_EXACT_KEYWORD : PT_RANK_PARTIAL_KEYWORD, false,
			 false, &r, -1);
	}
	const uint32_t *loop = pg_loop(f, n);
	for (uint32_t j = 0; j < n->nloop; j++) {
		const pg_node *kn = &f->nodes[loop[2 * j]];
		if (kn->type != PN_KEYWORD || strncmp(pg_str(f, kn->lc), key, klen) != 0 ||
		    !pw_visible(w, kn) ||
		    !pw_step(f, n, &st->reps, loop[2 * j], (uint16_t)loop[2 * j + 1], &r))
			continue;
		add_cand(w, c, loop[2 * j], st,
			 kn->kwlen == klen ? PT_RANK_EXACT_KEYWORD : PT_RANK_PARTIAL_KEYWORD, false,
			 false, &r, -1);
	}
}

/* What one token parsed as, per parameter type: several live states often
 * offer the same type, or types that parse alike (a group name in
 * several commands).  Accepted values are kept in the walk for binding. */
#define MEMO_SIZE PW_TRACE_TYPES
typedef struct parse_memo {
	int n;
	bool odd; /* a parse the memo does not describe (pw_trace.odd) */
	struct {
		const ptype *t;
		int rank;
		int val; /* index in w->vals, -1 when not kept */
	} e[MEMO_SIZE];
} parse_memo;

/* One parameter transition of state st to node `to` for token i (inline:
 * a node may offer many parameters, each tried for every token). */
static inline __attribute__((always_inline)) void
param_cand(pw_walk *w, const pw_state *st, uint32_t to, const pw_reps *r, int i, pw_cands *c,
	   parse_memo *memo)
{
	const pg_node *pn = &w->f->nodes[to];
	const parser_param *pp = pg_param_of(w->g, pn);
	parser_value val;
	int rank;

	if (!pp || !pp->type)
		return;
	const ptype *t = pp->type;
	if (t->kind != PT_IFNUM && !(t->flags & PTF_REST_OF_LINE)) {
		for (int k = 0; k < memo->n; k++)
			if (pw_parses_alike(memo->e[k].t, t)) {
				if (memo->e[k].rank > 0)
					add_cand(w, c, to, st, memo->e[k].rank, false, false, r,
						 memo->e[k].val);
				return;
			}
		int vi = w->nvals < PW_MAX_VALS ? w->nvals : -1;
		parser_value *v = vi >= 0 ? &w->vals[vi] : &val;
		rank = ptype_parse(t, &w->l->tok[i], NULL, v);
		if (rank <= 0)
			vi = -1;
		else if (vi >= 0)
			w->nvals++;
		if (memo->n < MEMO_SIZE) {
			memo->e[memo->n].t = t;
			memo->e[memo->n].rank = rank;
			memo->e[memo->n++].val = vi;
		} else {
			memo->odd = true;
		}
		if (rank > 0)
			add_cand(w, c, to, st, rank, false, false, r, vi);
		return;
	}
	memo->odd = true;
	if (t->flags & PTF_REST_OF_LINE) {
		lex_token rest;
		pw_rest_token(w->l, i, &rest);
		rank = ptype_parse(t, &rest, NULL, &val);
		if (rank > 0)
			add_cand(w, c, to, st, rank, true, false, r, -1);
		return;
	}
	rank = parse_after(w, st->rec, t, &w->l->tok[i], &val);
	if (rank > 0)
		add_cand(w, c, to, st, rank, false, false, r, -1);
}

static void param_cands(pw_walk *w, const pw_state *st, int i, pw_cands *c, parse_memo *memo)
{
	const pg_frozen *f = w->f;
	const pg_node *n = &f->nodes[st->node];
	const uint32_t *par = pg_par(f, n);
	const uint32_t *loop = pg_loop(f, n);
	pw_reps r;

	for (uint32_t k = 0; k < n->npar; k++)
		if (pw_visible(w, &f->nodes[par[k]]) && pw_step(f, n, &st->reps, par[k], 0, &r))
			param_cand(w, st, par[k], &r, i, c, memo);
	for (uint32_t k = 0; k < n->nloop; k++) {
		uint32_t to = loop[2 * k];
		if (f->nodes[to].type == PN_PARAM && pw_visible(w, &f->nodes[to]) &&
		    pw_step(f, n, &st->reps, to, (uint16_t)loop[2 * k + 1], &r))
			param_cand(w, st, to, &r, i, c, memo);
	}
}

/* ---- errors ------------------------------------------------------------- */

struct next_kinds {
	bool kw, par, end;
	const pg_frozen *f;
};

static int note_kind(void *arg, const pw_walk *w, const pw_state *st, uint32_t node,
		     const pw_reps *reps)
{
	struct next_kinds *k = arg;
	(void)w, (void)st, (void)reps;
	switch (k->f->nodes[node].type) {
	case PN_KEYWORD:
		k->kw = true;
		break;
	case PN_PARAM:
		k->par = true;
		break;
	default:
		k->end = true;
		break;
	}
	return 0;
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
		const pg_node *n = &w->f->nodes[w->live[s].node];
		const parser_param *pp = n->type == PN_PARAM ? pg_param_of(w->g, n) : NULL;
		if (w->live[s].swallow || !pp || pp->type->kind == PT_IFNUM ||
		    pp->type->kind == PT_STRING)
			continue;
		struct next_kinds k = { false, false, false, w->f };
		pw_each_next(w, &w->live[s], note_kind, &k);
		if (k.par)
			continue;
		if (k.end && ptype_parse(pp->type, &w->l->tok[i], NULL, &v) > 0)
			return true;
	}
	return false;
}

parser_status pw_dead_end(const pw_walk *w, int i, int *err_tok)
{
	int amb = pw_ambiguous_tok(w, NULL, 0);
	struct next_kinds k = { false, false, false, w->f };

	*err_tok = i;
	if (amb >= 0) {
		*err_tok = amb;
		return PM_AMBIGUOUS;
	}
	if (i == 0)
		return PM_UNRECOGNIZED;
	if (surplus_value(w, i))
		return PM_TOO_MANY;
	for (int s = 0; s < w->nlive; s++)
		if (!w->live[s].swallow)
			pw_each_next(w, &w->live[s], note_kind, &k);
	return k.par ? PM_WRONG_PARAM : k.kw ? PM_UNRECOGNIZED : PM_TOO_MANY;
}

/* ---- the walk ----------------------------------------------------------- */

/* Lower-case ASCII letters of the eight bytes of x (other bytes, UTF-8
 * included, are kept). */
static inline uint64_t lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t h = x & ~high;                         /* the low 7 bits of each byte */
	uint64_t ge_a = h + ones * (0x80 - 'A');        /* top bit: byte >= 'A' */
	uint64_t gt_z = h + ones * (0x80 - 'Z' - 1);    /* top bit: byte > 'Z' */
	return x | (((ge_a ^ gt_z) & ~x & high) >> 2);  /* ASCII upper case: + 0x20 */
}

/* dst = src[0..n) lowered, followed by at least one NUL (dst has room
 * for n + 8 bytes); returns pg_kwkey(dst, n).  Whole words are stored and
 * the key is taken from a register: reading back bytes just written one
 * by one stalls the load. */
uint64_t pw_lower_key(char *dst, const char *src, size_t n)
{
	uint64_t x, first = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, src + i, 8);
		x = lower8(x);
		memcpy(dst + i, &x, 8);
		if (i == 0)
			first = x;
	}
	x = 0; /* the rest, zero-padded */
	for (size_t j = 0; i + j < n; j++)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		x |= (uint64_t)(unsigned char)src[i + j] << (8 * j);
#else
		x |= (uint64_t)(unsigned char)src[i + j] << (8 * (7 - j));
#endif
	x = lower8(x);
	memcpy(dst + i, &x, 8);
	if (i == 0)
		first = x;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	first = __builtin_bswap64(first);
#endif
	return first;
}

parser_status pw_run(pw_walk *w, const parser_graph *g, const parser_scope *sc, const lex_line *l,
		     int ntok, bool keep_all)
{
	return pw_run_traced(w, g, sc, l, ntok, keep_all, NULL);
}

/* Copy a step's live nodes and parse memo into the trace. */
static void trace_step(const pw_walk *w, int i, bool kw, const parse_memo *memo)
{
	pw_trace *tr = w->trace;
	pw_trace_step *ts = &tr->step[i];
	ts->kw = kw;
	ts->ntypes = 0;
	ts->nlive = 0;
	for (int s = 0; s < w->nlive && ts->nlive <= PW_TRACE_LIVE; s++) {
		int k = 0;
		while (k < ts->nlive && ts->live[k] != w->live[s].node)
			k++;
		if (k < ts->nlive)
			continue;
		if (ts->nlive == PW_TRACE_LIVE)
			ts->nlive++; /* too many to keep */
		else
			ts->live[ts->nlive++] = w->live[s].node;
	}
	if (!memo)
		return;
	tr->odd |= memo->odd;
	for (int k = 0; k < memo->n; k++) {
		ts->type[k] = memo->e[k].t;
		ts->rank[k] = (int8_t)memo->e[k].rank;
	}
	ts->ntypes = (uint8_t)memo->n;
}

parser_status pw_run_traced(pw_walk *w, const parser_graph *g, const parser_scope *sc,
			    const lex_line *l, int ntok, bool keep_all, pw_trace *trace)
{
	pw_cands c;
	char key[PG_MAX_KEYWORD + 8];

	w->nvals = 0;
	w->g = g;
	w->f = &g->f;
	w->l = l;
	w->level = sc->level;
	w->avail = sc->avail;
	w->nrecs = 0;
	w->nlive = 1;
	w->live[0] = (pw_state){ .node = sc->root, .rec = -1, .amb = -1 };
	w->status = PM_OK;
	w->err_tok = 0;
	w->amb_seen = false;
	w->keep_all = keep_all;
	w->pruned = false;
	w->trace = ntok <= PW_TRACE_TOKENS ? trace : NULL;
	if (w->trace)
		w->trace->odd = false;
	if (pg_freeze((parser_graph *)g) != 0 || sc->root >= g->f.nnodes ||
	    g->f.nodes[sc->root].type != PN_ROOT) {
		w->status = PM_UNRECOGNIZED;
		w->nlive = 0;
		return w->status;
	}

	for (int i = 0; i < ntok; i++) {
		const lex_token *tok = &l->tok[i];

		c.n = 0;
		c.best = 0;
		c.pruned = false;
		/* Keywords: the run of children starting with the token. */
		size_t klen = tok->quoted ? 0 : tok->len; /* the text's length when unquoted */
		if (klen > 0 && klen <= PG_MAX_KEYWORD) {
			uint64_t key8 = pw_lower_key(key, tok->text, klen);
			for (int s = 0; s < w->nlive; s++)
				if (!w->live[s].swallow)
					keyword_cands(w, &w->live[s], key, klen, key8, &c);
		}
		bool kw_took = c.n > 0;
		/* Parameters, unless an exact keyword already won. */
		if (c.best < PT_RANK_EXACT_KEYWORD) {
			parse_memo memo;
			memo.n = 0;
			memo.odd = false;
			for (int s = 0; s < w->nlive; s++) {
				const pw_state *st = &w->live[s];
				if (st->swallow) {
					memo.odd = true;
					add_cand(w, &c, st->node, st, PT_RANK_STRING, true, true,
						 &st->reps, -1);
				} else {
					param_cands(w, st, i, &c, &memo);
				}
			}
			if (w->trace)
				trace_step(w, i, kw_took, &memo);
		} else if (w->trace) {
			trace_step(w, i, kw_took, NULL);
		}

		w->pruned |= c.pruned;
		if (c.n == 0) {
			w->status = pw_dead_end(w, i, &w->err_tok);
			return w->status;
		}
		if (c.best >= PT_RANK_PARTIAL_KEYWORD && c.best != PT_RANK_EXACT_KEYWORD &&
		    !w->amb_seen) {
			/* Partial keywords kept side by side (with keep_all, beside
			 * parameter readings) must agree, or the line is ambiguous. */
			const char *first = NULL;
			for (int k = 0; k < c.n; k++) {
				if (c.v[k].rank != PT_RANK_PARTIAL_KEYWORD)
					continue;
				const char *kw = pg_str(w->f, w->f->nodes[c.v[k].node].lc);
				if (!first)
					first = kw;
				else if (strcmp(kw, first) != 0)
					w->amb_seen = true;
			}
		}
		w->nlive = 0;
		for (int k = 0; k < c.n && w->nlive < PW_MAX_LIVE; k++) {
			int32_t rec = c.v[k].rec;
			if (!c.v[k].cont) {
				if (w->nrecs == PW_MAX_RECS)
					break;
				w->recs[w->nrecs] = (pw_rec){ c.v[k].node, rec, (uint16_t)i,
							      c.v[k].val };
				rec = w->nrecs++;
			}
			w->live[w->nlive++] = (pw_state){ c.v[k].node, rec, c.v[k].amb,
							  c.v[k].swallow, c.v[k].reps };
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
	int32_t chain[LEX_MAX_TOKENS + 8];
	int depth = 0;

	for (int32_t r = rec; r >= 0; r = w->recs[r].parent) {
		if (depth == (int)(sizeof(chain) / sizeof(chain[0])))
			return false;
		chain[depth++] = r;
	}
	args->n = 0;
	while (depth > 0) {
		const pw_rec *r = &w->recs[chain[--depth]];
		const pg_node *n = &w->f->nodes[r->node];
		lex_token rest;

		if (n->flags & PNF_PIPE_BAR)
			continue;
		if (n->flags & PNF_PIPE_KIND) {
			if (pipe_kind)
				*pipe_kind = pg_str(w->f, n->text);
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
			a->name = pg_str(w->f, n->text);
			a->type = NULL;
			a->keyword = true;
			a->v.kind = -1;
			a->v.str = a->name;
			a->v.canon[0] = '\0';
		} else {
			const parser_param *pp = pg_param_of(w->g, n);
			if (!pp)
				return false;
			const ptype *t = pp->type;
			const lex_token *tok = &w->l->tok[r->tok];
			a->name = pp->name;
			a->type = t;
			a->keyword = false;
			if (r->val >= 0) {
				a->v = w->vals[r->val]; /* parsed while matching */
			} else {
				if (t->flags & PTF_REST_OF_LINE) {
					pw_rest_token(w->l, r->tok, &rest);
					tok = &rest;
				}
				if (ptype_parse(t, tok, args, &a->v) <= 0)
					return false;
			}
		}
		args->n++;
	}
	return true;
}

/* The complete command of the live states (lowest id wins), or NULL. */
struct best_end {
	const pg_node *best;
	int32_t rec;
	const pg_frozen *f;
};

static int note_end(void *arg, const pw_walk *w, const pw_state *st, uint32_t node,
		    const pw_reps *reps)
{
	struct best_end *b = arg;
	const pg_node *e = &b->f->nodes[node];
	(void)w, (void)reps;
	if (e->type == PN_END && (!b->best || e->ref < b->best->ref)) {
		b->best = e;
		b->rec = st->rec;
	}
	return 0;
}

/* One match of the line: a walk (keep_all as pw_run) and the choice of its
 * complete command. */
static parser_status match_walk(pw_walk *w, const parser_graph *g, const parser_scope *sc,
				const lex_line *l, parser_match *m, bool keep_all, pw_trace *trace,
				int32_t *path)
{
	m->status = PM_OK;
	m->err_tok = 0;
	m->err_col = 0;
	m->cmd = NULL;
	m->cmd_id = UINT32_MAX;
	m->args.n = 0;
	m->pipe_kind = NULL;
	m->pipe_pattern = NULL;

	if (pw_run_traced(w, g, sc, l, l->ntok, keep_all, trace) != PM_OK) {
		m->status = w->status;
		m->err_tok = w->err_tok;
		m->err_col = w->err_tok < l->ntok ? l->tok[w->err_tok].col : l->body_len + 1;
		return m->status;
	}
	int amb = pw_ambiguous_tok(w, NULL, 0);
	if (amb >= 0) {
		m->status = PM_AMBIGUOUS;
		m->err_tok = amb;
		m->err_col = l->tok[amb].col;
		return m->status;
	}
	/* Complete commands: the lowest id wins among overlapping ones. */
	struct best_end be = { NULL, -1, w->f };
	for (int s = 0; s < w->nlive; s++) {
		const pg_node *n = &w->f->nodes[w->live[s].node];
		const uint32_t *end = pg_end(w->f, n);
		pw_reps r;
		for (uint32_t k = 0; k < n->nend; k++)
			if (pw_visible(w, &w->f->nodes[end[k]]) &&
			    pw_step(w->f, n, &w->live[s].reps, end[k], 0, &r))
				note_end(&be, w, &w->live[s], end[k], &r);
	}
	if (!be.best) {
		m->status = PM_INCOMPLETE;
		m->err_tok = l->ntok;
		m->err_col = l->body_len + 1;
		return m->status;
	}
	m->cmd = pg_cmd(g, be.best->ref);
	if (!m->cmd || !pw_bind(w, be.rec, &m->args, &m->pipe_kind, &m->pipe_pattern)) {
		m->cmd = NULL;
		m->args.n = 0;
		m->status = PM_TOO_MANY;
		m->err_tok = l->ntok - 1;
		m->err_col = l->tok[l->ntok - 1].col;
		return m->status;
	}
	m->cmd_id = be.best->ref;
	if (path)
		*path = be.rec;
	return PM_OK;
}

static parser_status match_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
				  parser_match *m, parser_match_cache *mc)
{
	pw_walk w;
	pw_trace trace;
	int32_t path = -1;

	if (mc && pmc_lookup(mc, g, sc, l, m)) {
		if (!pmc_checking(mc))
			return PM_OK;
		parser_match *cached = malloc(sizeof *cached);
		if (!cached)
			return PM_OK;
		*cached = *m;
		match_scoped(g, sc, l, m, NULL);
		pmc_compare(mc, cached, m);
		free(cached);
		return m->status;
	}
	if (match_walk(&w, g, sc, l, m, false, mc ? &trace : NULL, &path) == PM_OK) {
		if (mc && w.trace && !trace.odd)
			pmc_record(mc, &w, sc, &trace, path, m);
		return PM_OK;
	}
	if (m->status == PM_AMBIGUOUS || !w.pruned)
		return m->status;
	/* The best reading of some token led nowhere: walk again with every
	 * reading.  Its error is reported only when it got further. */
	parser_status status = m->status;
	int err_tok = m->err_tok;
	size_t err_col = m->err_col;
	if (match_walk(&w, g, sc, l, m, true, NULL, NULL) == PM_OK)
		return PM_OK;
	if (m->err_tok <= err_tok) {
		m->status = status;
		m->err_tok = err_tok;
		m->err_col = err_col;
	}
	return m->status;
}

parser_status parser_match_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
				  parser_match *m)
{
	return match_scoped(g, sc, l, m, NULL);
}

parser_status parser_match_cached(const parser_graph *g, const parser_scope *sc, const lex_line *l,
				  parser_match *m, parser_match_cache *mc)
{
	return match_scoped(g, sc, l, m, mc);
}

parser_status parser_match_line(const parser_graph *g, const lex_line *l, int level,
				parser_match *m)
{
	parser_scope sc = { PARSER_ROOT, PARSER_AVAIL_ALL, level };
	return parser_match_scoped(g, &sc, l, m);
}

int parser_reachable(const parser_graph *g, const parser_scope *sc, const lex_line *l, int ntok,
		     parser_cmd_fn fn, void *arg)
{
	pw_walk *w = malloc(sizeof *w);
	uint8_t *seen = NULL;
	uint32_t *stack = NULL;
	int n = -1;

	if (!w || pw_run(w, g, sc, l, ntok, false) != PM_OK)
		goto out;
	const pg_frozen *f = w->f;
	seen = calloc(f->nnodes / 8 + 1, 1);
	stack = malloc(f->nnodes * sizeof *stack);
	if (!seen || !stack)
		goto out;
	size_t top = 0;
	for (int s = 0; s < w->nlive; s++)
		if (!(seen[w->live[s].node / 8] & (1u << (w->live[s].node % 8)))) {
			seen[w->live[s].node / 8] |= (uint8_t)(1u << (w->live[s].node % 8));
			stack[top++] = w->live[s].node;
		}
	n = 0;
	while (top) {
		const pg_node *nd = &f->nodes[stack[--top]];
		const uint32_t *kids = pg_kw(f, nd);
		uint32_t nk = (uint32_t)nd->nkw + nd->npar + nd->nend;
		for (uint32_t k = 0; k < nk + nd->nloop; k++) {
			uint32_t c = k < nk ? kids[k] : pg_loop(f, nd)[2 * (k - nk)];
			if (!pw_visible(w, &f->nodes[c]) || (seen[c / 8] & (1u << (c % 8))))
				continue;
			seen[c / 8] |= (uint8_t)(1u << (c % 8));
			if (f->nodes[c].type == PN_END) {
				fn(arg, f->nodes[c].ref);
				n++;
			} else {
				stack[top++] = c;
			}
		}
	}
out:
	free(w);
	free(seen);
	free(stack);
	return n;
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

/* Handlers ask for their arguments by name, several times a line: the
 * first two bytes settle most comparisons. */
static bool same_name(const char *a, const char *b)
{
	return a[0] == b[0] && (a[0] == '\0' || (a[1] == b[1] && strcmp(a, b) == 0));
}

const parser_value *parser_arg_nth(const parser_match *m, const char *name, int i)
{
	for (int k = 0; k < m->args.n; k++) {
		const parser_arg *a = &m->args.a[k];
		if (!a->keyword && same_name(a->name, name) && i-- == 0)
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
		if (!m->args.a[k].keyword && same_name(m->args.a[k].name, name))
			n++;
	return n;
}

bool parser_kw(const parser_match *m, const char *keyword)
{
	int k0 = tolower((unsigned char)keyword[0]);

	for (int k = 0; k < m->args.n; k++)
		if (m->args.a[k].keyword && tolower((unsigned char)m->args.a[k].name[0]) == k0 &&
		    strcasecmp(m->args.a[k].name, keyword) == 0)
			return true;
	return false;
}
