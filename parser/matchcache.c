/* The match cache: a line of a shape matched before is matched again
 * without walking the graph.
 *
 * A walk is a function of the scope and of what each word does at its
 * step: which keywords of the live states it is a prefix of, and how each
 * parameter type tried there ranks it (pw_trace).  A shape keeps the words
 * of the steps where the walk read keywords (or where some keyword took
 * the word) as text; for the other steps it keeps the live nodes, and the
 * types tried with their ranks.  A new line fits the shape when its
 * keyword words are the same text, and each of its other words is a
 * prefix of no keyword of those nodes and ranks as before under every
 * type: the walk would then make the same states, records and choice, and
 * only the parameter values differ.  Lines the ranks cannot describe
 * (rest-of-line parameters, interface numbers read after their type,
 * pipes) are never cached.
 *
 * A shape also remembers the word each parameter step took last and what
 * its types made of it: a word spelled as the last one (configurations
 * repeat AS numbers and interfaces from line to line) fits again without
 * being parsed again, since a type's parse depends on the word alone. */
#include "graph_priv.h"

#include <stdlib.h>
#include <string.h>

#define MC_SETS 256
#define MC_WAYS 4
#define MC_TEXT 192
#define MC_TYPES 24
#define MC_ARGS 32
#define MC_NODES 32
#define MC_MEMO_TEXT 32 /* the longest word remembered, with its NUL */

typedef struct mc_tok {
	uint16_t off, len; /* keyword step: the word's text in e->text, its length */
	uint8_t param;     /* a parameter step: checked by ranks */
	uint8_t quoted;
	uint8_t t0, nt;    /* parameter step: its types e->type[t0, t0 + nt) */
	uint8_t n0, nn;    /* parameter step: its live nodes e->node[n0, n0 + nn) */
} mc_tok;

typedef struct mc_arg {
	const char *name;
	const ptype *type;
	bool keyword;
	uint8_t tok;
	int8_t ti; /* the step type whose value it takes; -1: parsed again */
} mc_arg;

typedef struct mc_entry {
	bool used;
	uint8_t ntok, ntypes, nargs, nnodes;
	uint32_t root, avail;
	int level;
	const parser_cmd *cmd;
	uint32_t cmd_id;
	mc_tok tok[PW_TRACE_TOKENS];
	const ptype *type[MC_TYPES];
	int8_t rank[MC_TYPES];
	uint32_t node[MC_NODES];
	mc_arg arg[MC_ARGS];
	/* the last word of each parameter step (mlen 0: none) and its values;
	 * mmiss: lines in a row whose word there was another */
	uint8_t mlen[PW_TRACE_TOKENS], mmiss[PW_TRACE_TOKENS];
	char mtext[PW_TRACE_TOKENS][MC_MEMO_TEXT];
	parser_value memo[MC_TYPES];
	char text[MC_TEXT];
} mc_entry;

struct parser_match_cache {
	const parser_graph *g;
	const pg_node *nodes;     /* the frozen graph the shapes were made on */
	unsigned long hits, lookups, mismatches;
	bool check;               /* parser_match_cache_check */
	uint8_t next[MC_SETS];
	mc_entry *e[MC_SETS];     /* MC_WAYS each, made when first used */
};

parser_match_cache *parser_match_cache_new(void)
{
	return calloc(1, sizeof(parser_match_cache));
}

void parser_match_cache_free(parser_match_cache *mc)
{
	if (!mc)
		return;
	for (int s = 0; s < MC_SETS; s++)
		free(mc->e[s]);
	free(mc);
}

void parser_match_cache_check(parser_match_cache *mc, bool on)
{
	if (mc)
		mc->check = on;
}

void parser_match_cache_stats(const parser_match_cache *mc, unsigned long *hits,
			      unsigned long *lookups, unsigned long *mismatches)
{
	*hits = mc ? mc->hits : 0;
	*lookups = mc ? mc->lookups : 0;
	*mismatches = mc ? mc->mismatches : 0;
}

bool pmc_checking(const parser_match_cache *mc)
{
	return mc->check;
}

static bool same_value(const parser_value *a, const parser_value *b)
{
	return a->kind == b->kind && strcmp(a->canon, b->canon) == 0 &&
	       (a->str == b->str || (a->str && b->str && strcmp(a->str, b->str) == 0));
}

void pmc_compare(parser_match_cache *mc, const parser_match *cached, const parser_match *walked)
{
	bool same = cached->status == walked->status && cached->cmd == walked->cmd &&
		    cached->cmd_id == walked->cmd_id && cached->args.n == walked->args.n &&
		    cached->pipe_kind == walked->pipe_kind &&
		    cached->pipe_pattern == walked->pipe_pattern;
	for (int k = 0; same && k < cached->args.n; k++) {
		const parser_arg *a = &cached->args.a[k], *b = &walked->args.a[k];
		same = a->name == b->name && a->type == b->type && a->keyword == b->keyword &&
		       a->tok == b->tok && same_value(&a->v, &b->v);
	}
	if (!same)
		mc->mismatches++;
}

/* The cache holds shapes of one frozen graph. */
static bool same_graph(parser_match_cache *mc, const parser_graph *g)
{
	if (g->dirty)
		return false;
	if (mc->g == g && mc->nodes == g->f.nodes)
		return true;
	for (int s = 0; s < MC_SETS; s++)
		for (int k = 0; mc->e[s] && k < MC_WAYS; k++)
			mc->e[s][k].used = false;
	mc->g = g;
	mc->nodes = g->f.nodes;
	return true;
}

/* Is the unquoted word a prefix of a keyword that one of the nodes offers
 * (as the walk's keyword step looks for them)? */
static bool takes_keyword(const pg_frozen *f, const uint32_t *nodes, int nn, const lex_token *t)
{
	char key[PG_MAX_KEYWORD + 8];
	size_t klen = t->len;

	if (klen == 0 || klen > PG_MAX_KEYWORD)
		return false;
	uint64_t key8 = pw_lower_key(key, t->text, klen);
	for (int i = 0; i < nn; i++) {
		const pg_node *n = &f->nodes[nodes[i]];
		uint32_t first;
		if (n->nkw && pw_kw_run(f, n, key, klen, key8, &first) > first)
			return true;
		const uint32_t *loop = pg_loop(f, n);
		for (uint32_t j = 0; j < n->nloop; j++) {
			const pg_node *kn = &f->nodes[loop[2 * j]];
			if (kn->type == PN_KEYWORD && strncmp(pg_str(f, kn->lc), key, klen) == 0)
				return true;
		}
	}
	return false;
}

static unsigned set_of(const parser_scope *sc, const lex_line *l)
{
	const lex_token *t = &l->tok[0];
	uint32_t h = 2166136261u;
	h = (h ^ sc->root) * 16777619u;
	h = (h ^ sc->avail) * 16777619u;
	h = (h ^ (uint32_t)sc->level) * 16777619u;
	h = (h ^ (uint32_t)l->ntok) * 16777619u;
	for (const char *p = t->text; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return (h ^ (h >> 15)) % MC_SETS;
}

static bool keyword_steps_fit(const mc_entry *e, const lex_line *l)
{
	for (int i = 0; i < e->ntok; i++) {
		const mc_tok *k = &e->tok[i];
		const lex_token *t = &l->tok[i];
		if (t->quoted != k->quoted)
			return false;
		if (!k->param && (t->len != k->len || strcmp(t->text, e->text + k->off) != 0))
			return false;
	}
	return true;
}

static bool memo_has(const mc_entry *e, int i, const lex_token *t)
{
	return t->len == e->mlen[i] && memcmp(t->text, e->mtext[i], t->len) == 0;
}

/* The parameter steps, parsing each word under the step's types into
 * vals[] (indexed as e->type), unless it is the step's last word (bit i of
 * *same: its values are in e->memo). */
static bool param_steps_fit(parser_match_cache *mc, const mc_entry *e, const lex_line *l,
			    parser_value *vals, uint32_t *same)
{
	*same = 0;
	for (int i = 0; i < e->ntok; i++) {
		const mc_tok *k = &e->tok[i];
		const lex_token *t = &l->tok[i];
		if (!k->param)
			continue;
		if (memo_has(e, i, t)) {
			*same |= 1u << i;
			continue;
		}
		if (!t->quoted && takes_keyword(&mc->g->f, e->node + k->n0, k->nn, t))
			return false;
		for (int j = k->t0; j < k->t0 + k->nt; j++)
			if (ptype_parse(e->type[j], t, NULL, &vals[j]) != e->rank[j])
				return false;
	}
	return true;
}

/* The words of a line that fitted, parsed, become the steps' last. */
static void remember(mc_entry *e, const lex_line *l, const parser_value *vals, uint32_t same)
{
	for (int i = 0; i < e->ntok; i++) {
		const mc_tok *k = &e->tok[i];
		const lex_token *t = &l->tok[i];
		if (!k->param)
			continue;
		if (same & (1u << i)) {
			e->mmiss[i] = 0;
			continue;
		}
		/* a step whose word keeps changing (a name per line) is tried
		 * again only now and then */
		if (++e->mmiss[i] == 0)
			e->mmiss[i] = 32;
		e->mlen[i] = 0;
		if (t->len >= MC_MEMO_TEXT || (e->mmiss[i] > 4 && e->mmiss[i] % 32 != 0))
			continue;
		memcpy(e->mtext[i], t->text, t->len);
		memcpy(&e->memo[k->t0], &vals[k->t0], k->nt * sizeof *vals);
		e->mlen[i] = (uint8_t)t->len;
	}
}

static bool fill(const mc_entry *e, const lex_line *l, const parser_value *vals, uint32_t same,
		 parser_match *m)
{
	m->status = PM_OK;
	m->err_tok = 0;
	m->err_col = 0;
	m->cmd = e->cmd;
	m->cmd_id = e->cmd_id;
	m->pipe_kind = NULL;
	m->pipe_pattern = NULL;
	m->args.n = 0;
	for (int k = 0; k < e->nargs; k++) {
		const mc_arg *ea = &e->arg[k];
		parser_arg *a = &m->args.a[k];
		a->name = ea->name;
		a->type = ea->type;
		a->keyword = ea->keyword;
		a->tok = ea->tok;
		if (ea->keyword) {
			a->v.kind = -1;
			a->v.str = ea->name;
			a->v.canon[0] = '\0';
		} else if (ea->ti >= 0 && (same & (1u << ea->tok))) {
			a->v = e->memo[ea->ti];
			a->v.str = l->tok[ea->tok].text; /* the word of this line */
		} else if (ea->ti >= 0) {
			a->v = vals[ea->ti];
		} else if (ptype_parse(ea->type, &l->tok[ea->tok], &m->args, &a->v) <= 0) {
			return false; /* cannot happen: the same word parsed before */
		}
		m->args.n = k + 1;
	}
	return true;
}

bool pmc_lookup(parser_match_cache *mc, const parser_graph *g, const parser_scope *sc,
		const lex_line *l, parser_match *m)
{
	parser_value vals[MC_TYPES];

	if (l->ntok <= 0 || l->ntok > PW_TRACE_TOKENS || !same_graph(mc, g))
		return false;
	mc->lookups++;
	mc_entry *set = mc->e[set_of(sc, l)];
	uint32_t same;
	for (int w = 0; set && w < MC_WAYS; w++) {
		mc_entry *e = &set[w];
		if (!e->used || e->ntok != l->ntok || e->root != sc->root || e->avail != sc->avail ||
		    e->level != sc->level || !keyword_steps_fit(e, l) ||
		    !param_steps_fit(mc, e, l, vals, &same))
			continue;
		if (!fill(e, l, vals, same, m))
			return false;
		remember(e, l, vals, same);
		mc->hits++;
		return true;
	}
	return false;
}

void pmc_record(parser_match_cache *mc, const pw_walk *w, const parser_scope *sc,
		const pw_trace *trace, int32_t path, const parser_match *m)
{
	const lex_line *l = w->l;
	int32_t rec_of[PW_TRACE_TOKENS];
	mc_entry e;

	if (!same_graph(mc, w->g) || l->ntok <= 0 || l->ntok > PW_TRACE_TOKENS ||
	    m->pipe_kind || m->pipe_pattern || m->args.n > MC_ARGS)
		return;
	/* one record per word, in order */
	for (int i = 0; i < l->ntok; i++)
		rec_of[i] = -1;
	for (int32_t r = path; r >= 0; r = w->recs[r].parent) {
		int t = w->recs[r].tok;
		if (t >= l->ntok || rec_of[t] >= 0)
			return;
		rec_of[t] = r;
	}
	memset(&e, 0, offsetof(mc_entry, text));
	size_t ntext = 0;
	for (int i = 0; i < l->ntok; i++) {
		const pw_trace_step *ts = &trace->step[i];
		const lex_token *t = &l->tok[i];
		mc_tok *k = &e.tok[i];
		if (rec_of[i] < 0)
			return;
		k->quoted = t->quoted;
		k->param = w->f->nodes[w->recs[rec_of[i]].node].type == PN_PARAM && !ts->kw &&
			   ts->ntypes > 0 && ts->nlive <= PW_TRACE_LIVE &&
			   i > 0; /* the first word picks the set */
		if (k->param) {
			if (e.ntypes + ts->ntypes > MC_TYPES || e.nnodes + ts->nlive > MC_NODES)
				return;
			k->n0 = e.nnodes;
			k->nn = ts->nlive;
			for (int j = 0; j < ts->nlive; j++)
				e.node[e.nnodes++] = ts->live[j];
			k->t0 = e.ntypes;
			k->nt = ts->ntypes;
			for (int j = 0; j < ts->ntypes; j++) {
				e.type[e.ntypes] = ts->type[j];
				e.rank[e.ntypes++] = ts->rank[j];
			}
		} else {
			size_t n = strlen(t->text);
			if (ntext + n + 1 > MC_TEXT)
				return;
			memcpy(e.text + ntext, t->text, n + 1);
			k->off = (uint16_t)ntext;
			k->len = t->len;
			ntext += n + 1;
		}
	}
	for (int a = 0; a < m->args.n; a++) {
		const parser_arg *pa = &m->args.a[a];
		mc_arg *ea = &e.arg[a];
		ea->name = pa->name;
		ea->type = pa->type;
		ea->keyword = pa->keyword;
		ea->tok = (uint8_t)pa->tok;
		ea->ti = -1;
		if (pa->keyword || pa->tok < 0 || pa->tok >= l->ntok)
			continue;
		const mc_tok *k = &e.tok[pa->tok];
		if (!k->param)
			continue;
		for (int j = k->t0; j < k->t0 + k->nt && ea->ti < 0; j++)
			if (pw_parses_alike(e.type[j], pa->type))
				ea->ti = (int8_t)j;
		if (ea->ti < 0)
			return; /* a value the walk did not parse: leave the line alone */
	}
	e.used = true;
	e.ntok = (uint8_t)l->ntok;
	e.nargs = (uint8_t)m->args.n;
	e.root = sc->root;
	e.avail = sc->avail;
	e.level = sc->level;
	e.cmd = m->cmd;
	e.cmd_id = m->cmd_id;
	unsigned s = set_of(sc, l);
	if (!mc->e[s] && !(mc->e[s] = calloc(MC_WAYS, sizeof(mc_entry))))
		return; /* out of memory: the line is not cached */
	mc_entry *slot = &mc->e[s][mc->next[s]];
	mc->next[s] = (uint8_t)((mc->next[s] + 1) % MC_WAYS);
	memcpy(slot, &e, offsetof(mc_entry, text) + ntext);
}
