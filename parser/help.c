/* '?' help and TAB completion: the same walk as the matcher over the words
 * before the cursor, then a listing of what the live states accept next. */
#include "graph_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iftype.h"

/* Buckets in listing order. */
enum { B_KW, B_PARAM, B_DYN, B_BAR, B_CR, B_COUNT };

typedef struct bucket {
	size_t n, cap;
	parser_help_item *v;
	bool *ifname; /* B_PARAM: item came from an interface-name parameter */
} bucket;

typedef struct collect {
	bucket b[B_COUNT];
	bool oom;
	bool have_iftype;
	bool want_dyn;   /* call the parameters' dyn callbacks */
	void *dynctx;
} collect;

static void copy_trunc(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

#define HELP_MAX_ITEMS 2048 /* per bucket; dynamic values beyond it are not listed */

static void add_item(collect *c, int which, const char *token, const char *help, bool ifname)
{
	bucket *b = &c->b[which];

	/* Keywords are the same word in any case; values are case-sensitive. */
	for (size_t i = 0; i < b->n; i++)
		if ((which == B_KW ? strcasecmp(b->v[i].token, token)
				   : strcmp(b->v[i].token, token)) == 0)
			return;
	if (b->n == HELP_MAX_ITEMS)
		return;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 16;
		parser_help_item *nv = realloc(b->v, nc * sizeof(*nv));
		bool *nf = realloc(b->ifname, nc * sizeof(*nf));
		if (nv)
			b->v = nv;
		if (nf)
			b->ifname = nf;
		if (!nv || !nf) {
			c->oom = true;
			return;
		}
		b->cap = nc;
	}
	copy_trunc(b->v[b->n].token, sizeof(b->v[b->n].token), token);
	copy_trunc(b->v[b->n].help, sizeof(b->v[b->n].help), help ? help : "");
	b->ifname[b->n] = ifname;
	b->n++;
}

static void free_collect(collect *c)
{
	for (int i = 0; i < B_COUNT; i++) {
		free(c->b[i].v);
		free(c->b[i].ifname);
	}
}

static int cmp_item(const void *a, const void *b)
{
	return pw_kwcmp(((const parser_help_item *)a)->token, ((const parser_help_item *)b)->token);
}

struct dyn_sink {
	collect *c;
};

static void emit_dyn(void *arg, const char *value, const char *help)
{
	struct dyn_sink *s = arg;

	if (value)
		add_item(s->c, B_DYN, value, help, false);
}

static bool prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

struct list_ctx {
	collect *c;
	const char *word;
	int found;
};

/* One transition of a live state, for the listing. */
static int list_one(void *arg, const pw_walk *w, const pw_state *st, uint32_t node,
		    const pw_reps *reps)
{
	struct list_ctx *lc = arg;
	collect *c = lc->c;
	const char *word = lc->word;
	const pg_frozen *f = w->f;
	const pg_node *kn = &f->nodes[node];
	(void)reps;

	if (kn->type == PN_KEYWORD) {
		const char *text = pg_str(f, kn->text);
		if (word && !prefix_ci(text, word))
			return 0;
		/* The output filters' `|`, `>` and `>>` come last and are not
		 * completed. */
		bool bar = (kn->flags & PNF_PIPE_BAR) ||
			   ((kn->flags & PNF_PIPE_KIND) && text[0] == '>');
		add_item(c, bar ? B_BAR : B_KW, text, pg_str(f, kn->help), false);
		lc->found++;
		return 0;
	}
	if (kn->type == PN_END) {
		if (!word)
			add_item(c, B_CR, "<cr>", "", false);
		return 0;
	}
	const parser_param *pp = pg_param_of(w->g, kn);
	if (!pp || !pp->type)
		return 0;
	const ptype *t = pp->type;
	if (t->kind == PT_IFTYPE) {
		c->have_iftype = true;
		for (size_t i = 0; i < iftype_count; i++)
			if (!word || prefix_ci(iftype_table[i].name, word)) {
				add_item(c, B_PARAM, iftype_table[i].name, iftype_table[i].help, false);
				lc->found++;
			}
		return 0;
	}
	if (word)
		return 0;
	add_item(c, B_PARAM, t->help_token ? t->help_token : pp->name, pg_str(f, kn->help),
		 t->kind == PT_IFNAME);
	if (pp->dyn && c->want_dyn) {
		parser_args *bound = malloc(sizeof(*bound));
		struct dyn_sink sink = { c };
		if (!bound) {
			c->oom = true;
			return 0;
		}
		if (!pw_bind(w, st->rec, bound, NULL, NULL))
			bound->n = 0;
		pp->dyn(c->dynctx, bound, emit_dyn, &sink);
		free(bound);
	}
	return 0;
}

/* List what state st accepts next.  word == NULL: full help; otherwise
 * only keywords and interface types starting with word.  Returns the number
 * of entries that matched (before removing duplicates). */
static int list_state(const pw_walk *w, const pw_state *st, const char *word, collect *c)
{
	struct list_ctx lc = { c, word, 0 };

	if (st->swallow) {
		/* Inside a rest-of-line parameter: more words, or the end. */
		const pg_node *n = &w->f->nodes[st->node];
		const parser_param *pp = pg_param_of(w->g, n);
		if (!word && pp)
			add_item(c, B_PARAM, pp->type->help_token, pg_str(w->f, n->help), false);
		const uint32_t *end = pg_end(w->f, n);
		pw_reps r;
		for (uint32_t k = 0; k < n->nend && !word; k++)
			if (pw_visible(w, &w->f->nodes[end[k]]) &&
			    pw_step(w->f, n, &st->reps, end[k], 0, &r))
				add_item(c, B_CR, "<cr>", "", false);
		return 0;
	}
	pw_each_next(w, st, list_one, &lc);
	return lc.found;
}

static int note_param(void *arg, const pw_walk *w, const pw_state *st, uint32_t node,
		      const pw_reps *reps)
{
	(void)arg, (void)st, (void)reps;
	return w->f->nodes[node].type == PN_PARAM;
}

/* Could live state s be in the middle of typing a parameter value?  (The
 * unfinished word need not be valid yet: "2001:db8" on the way to an
 * address.) */
static bool takes_param(const pw_walk *w, int s)
{
	if (w->live[s].swallow)
		return true;
	return pw_each_next(w, &w->live[s], note_param, NULL) != 0;
}

/* Walk the words before the cursor and collect the listing. */
static int gather(const parser_graph *g, const parser_scope *sc, const lex_line *l, bool want_dyn,
		  void *dynctx, collect *c, parser_status *status, size_t *err_col, bool *partial)
{
	pw_walk *w = malloc(sizeof(*w));
	bool full = l->ntok == 0 || l->trailing_space;
	int nmatch = full ? l->ntok : l->ntok - 1;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->want_dyn = want_dyn;
	c->dynctx = dynctx;
	*status = PM_OK;
	*err_col = 0;
	*partial = !full;
	if (!w) {
		c->oom = true;
		return -1;
	}
	if (pw_run(w, g, sc, l, nmatch, true) != PM_OK) {
		*status = w->status;
		*err_col = w->err_tok < l->ntok ? l->tok[w->err_tok].col : 0;
		free(w);
		return -1;
	}
	const char *word = full ? NULL : l->tok[l->ntok - 1].text;
	if (word && l->tok[l->ntok - 1].quoted)
		word = NULL; /* a quoted word is never a keyword */
	/* The states that take the unfinished word (all of them for full help)
	 * must agree on the keywords before it. */
	int took[PW_MAX_LIVE], ntook = 0, amb;
	for (int s = 0; s < w->nlive; s++) {
		int found = 0;
		if (full || word)
			found = list_state(w, &w->live[s], word, c);
		if (full || found > 0 || takes_param(w, s))
			took[ntook++] = s;
	}
	if (!full && ntook == 0) {
		*status = pw_dead_end(w, l->ntok - 1, &amb);
		*err_col = l->tok[amb].col;
		free(w);
		return -1;
	}
	amb = pw_ambiguous_tok(w, took, ntook);
	if (amb >= 0) {
		*status = PM_AMBIGUOUS;
		*err_col = l->tok[amb].col;
		free(w);
		return -1;
	}
	if (c->have_iftype) {
		/* Interface types stand for the glued names as well. */
		bucket *b = &c->b[B_PARAM];
		size_t k = 0;
		for (size_t i = 0; i < b->n; i++)
			if (!b->ifname[i]) {
				b->v[k] = b->v[i];
				b->ifname[k++] = false;
			}
		b->n = k;
	}
	if (c->b[B_KW].n > 1)
		qsort(c->b[B_KW].v, c->b[B_KW].n, sizeof(parser_help_item), cmp_item);
	free(w);
	return c->oom ? -1 : rc;
}

int parser_help(const parser_graph *g, const lex_line *l, int level, void *dynctx,
		parser_help_list *out)
{
	parser_scope sc = { PARSER_ROOT, PARSER_AVAIL_ALL, level };
	return parser_help_scoped(g, &sc, l, dynctx, out);
}

int parser_help_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
		       void *dynctx, parser_help_list *out)
{
	collect c;
	bool partial;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = gather(g, sc, l, true, dynctx, &c, &out->status, &out->err_col, &partial);
	out->at_start = l->ntok == 0;
	if (rc == 0) {
		size_t total = 0;
		for (int i = 0; i < B_COUNT; i++)
			total += c.b[i].n;
		if (total) {
			out->items = malloc(total * sizeof(*out->items));
			if (!out->items) {
				free_collect(&c);
				return -1;
			}
			for (int i = 0; i < B_COUNT; i++) {
				if (c.b[i].n == 0)
					continue;
				memcpy(out->items + out->n, c.b[i].v, c.b[i].n * sizeof(*out->items));
				out->n += c.b[i].n;
			}
			out->cap = total;
		}
	}
	free_collect(&c);
	return rc;
}

void parser_help_free(parser_help_list *h)
{
	if (!h)
		return;
	free(h->items);
	h->items = NULL;
	h->n = h->cap = 0;
}

/* ---- formatting ------------------------------------------------------- */

typedef struct sbuf {
	char *s;
	size_t n, cap;
	bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 256;
		while (nc < b->n + n + 1)
			nc *= 2;
		char *ns = realloc(b->s, nc);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = nc;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_pad(sbuf *b, size_t n)
{
	static const char spaces[] = "                                        ";
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		sb_put(b, spaces, k);
		n -= k;
	}
}

/* End the current line: drop trailing blanks, add '\n'. */
static void sb_eol(sbuf *b)
{
	if (b->oom)
		return;
	while (b->n > 0 && (b->s[b->n - 1] == ' ' || b->s[b->n - 1] == '\t'))
		b->n--;
	sb_put(b, "\n", 1);
}

#define PARTIAL_COLUMN 40

char *parser_help_format(const parser_help_list *h, bool partial)
{
	sbuf b = { 0 };

	sb_put(&b, "", 0);
	if (partial) {
		for (size_t i = 0; i < h->n; i += 2) {
			sb_str(&b, "  ");
			sb_str(&b, h->items[i].token);
			if (i + 1 < h->n) {
				size_t w = ptype_utf8_len(h->items[i].token);
				sb_pad(&b, w < PARTIAL_COLUMN ? PARTIAL_COLUMN - w : 1);
				sb_str(&b, h->items[i + 1].token);
			}
			sb_eol(&b);
		}
	} else {
		size_t width = 0;
		if (h->at_start && h->n > 0) {
			sb_str(&b, "Current view commands:");
			sb_eol(&b);
		}
		for (size_t i = 0; i < h->n; i++) {
			size_t w = ptype_utf8_len(h->items[i].token);
			if (strcmp(h->items[i].token, "<cr>") != 0 && w > width)
				width = w;
		}
		for (size_t i = 0; i < h->n; i++) {
			const parser_help_item *it = &h->items[i];
			if (strcmp(it->token, "<cr>") == 0) {
				sb_str(&b, " <cr>");
			} else {
				sb_str(&b, "  ");
				sb_str(&b, it->token);
				sb_pad(&b, width + 2 - ptype_utf8_len(it->token));
				sb_str(&b, it->help);
			}
			sb_eol(&b);
		}
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- completion ------------------------------------------------------- */

size_t parser_complete(const parser_graph *g, const lex_line *l, int level, char ***out)
{
	parser_scope sc = { PARSER_ROOT, PARSER_AVAIL_ALL, level };
	return parser_complete_scoped(g, &sc, l, out);
}

size_t parser_complete_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
			      char ***out)
{
	collect c;
	parser_status st;
	size_t col;
	bool partial;
	size_t n = 0;

	*out = NULL;
	if (gather(g, sc, l, false, NULL, &c, &st, &col, &partial) < 0) {
		free_collect(&c);
		return 0;
	}
	/* Keywords, then interface types (the other parameter items are value
	 * placeholders, not words to insert). */
	size_t total = c.b[B_KW].n + c.b[B_PARAM].n;
	char **v = total ? calloc(total, sizeof(char *)) : NULL;
	if (v) {
		for (size_t i = 0; i < c.b[B_KW].n; i++)
			v[n++] = strdup(c.b[B_KW].v[i].token);
		for (size_t i = 0; i < c.b[B_PARAM].n; i++) {
			const char *tk = c.b[B_PARAM].v[i].token;
			bool is_type = false;
			for (size_t t = 0; t < iftype_count && !is_type; t++)
				is_type = strcmp(iftype_table[t].name, tk) == 0;
			if (is_type && c.have_iftype)
				v[n++] = strdup(tk);
		}
		for (size_t i = 0; i < n; i++)
			if (!v[i]) { /* out of memory: give nothing rather than a hole */
				parser_completions_free(v, n);
				v = NULL;
				n = 0;
				break;
			}
		if (v && n == 0) {
			free(v);
			v = NULL;
		}
	}
	free_collect(&c);
	*out = v;
	return n;
}

void parser_completions_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
