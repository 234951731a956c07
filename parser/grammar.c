/* The Format compiler: Format strings -> the builder's match graph.
 *
 * A Format is read twice.  The first pass checks it (brackets, parameter
 * names, help line count) without touching the graph; the second builds
 * nodes, carrying a "frontier": the set of nodes after which the next token
 * may come.  A keyword or parameter gets an edge from every frontier node;
 * `[ x ]` adds x's frontier to the current one; `{ a | b }` is the union of
 * the alternatives' frontiers.  At the end every frontier node gets an edge
 * to the command's END node.
 *
 * Repetitions are compiled once.  `{ x } &<m-n>` builds x inside a new
 * group and adds loop edges from x's last nodes back to its first nodes;
 * `{ a | b | c } *` builds each alternative inside one group and adds loop
 * edges from the end of each alternative to the start of every other.  The
 * matcher counts the passes (graph_priv.h), so a Format with `&<1-255>` or
 * a thirty-option `*` group costs one copy of its body, not hundreds.
 *
 * Sharing: a new token reuses an existing child c of frontier node p when
 * the frontier is exactly {p}, c is the same keyword (or the same parameter
 * name and type) and c has no other parent.  Then every path to c is a path
 * to p plus this token, for the new command as for the old ones, so sharing
 * never makes a command accept a line it should not.  Nodes with several
 * parents (joins after optional parts) and nodes inside repetition groups
 * (which carry loop edges and pass counts) are never shared. */
#include "graph_priv.h"
#include "grammar_priv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FMT_MAX_TOKENS 1024 /* tokens in one Format */
#define FMT_MAX_FRONTIER 1024
#define FMT_MAX_TOUCHED 8192
#define FMT_MAX_FIRST 256   /* first nodes of one repetition body (or alternative) */
#define FMT_MAX_ALTS 64     /* alternatives of an any-order group */

/* ---- string arena ----------------------------------------------------- */

struct pb_chunk {
	struct pb_chunk *next;
	size_t used, size;
	char data[];
};

static const char *pb_strndup(pb_builder *b, const char *s, size_t n)
{
	struct pb_chunk *c = b->strings;

	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > 65536 ? n + 1 : 65536;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = b->strings;
		b->strings = c;
	}
	char *p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* ---- the graph -------------------------------------------------------- */

/* Make room for one more element in a growable array of `size`-byte
 * elements holding n of *cap.  Returns false when out of memory. */
static bool grow(void **arr, uint32_t n, uint32_t *cap, size_t size)
{
	if (n < *cap)
		return true;
	uint32_t nc = *cap ? *cap * 2 : 64;
	void *na = nc > *cap ? realloc(*arr, (size_t)nc * size) : NULL;
	if (!na)
		return false;
	*arr = na;
	*cap = nc;
	return true;
}

int pw_kwcmp(const char *a, const char *b)
{
	return strcasecmp(a, b);
}

static int32_t new_node(pb_builder *b)
{
	if (b->nnodes == UINT32_MAX / 2 ||
	    !grow((void **)&b->nodes, b->nnodes, &b->cap, sizeof(pb_node)))
		return -1;
	memset(&b->nodes[b->nnodes], 0, sizeof(pb_node));
	return (int32_t)b->nnodes++;
}

parser_graph *parser_graph_new(void)
{
	parser_graph *g = calloc(1, sizeof(*g));

	if (!g || !(g->b = calloc(1, sizeof(*g->b)))) {
		free(g);
		return NULL;
	}
	g->b->ngroups = 1; /* group 0 is "none" */
	if (new_node(g->b) != 0) {
		parser_graph_free(g);
		return NULL;
	}
	g->b->nodes[0].type = PN_ROOT;
	g->dirty = true;
	return g;
}

static void node_free_children(pb_node *n)
{
	free(n->kw);
	free(n->par);
	free(n->end);
	free(n->loop);
}

void parser_graph_free(parser_graph *g)
{
	if (!g)
		return;
	pb_builder *b = g->b;
	if (b) {
		for (uint32_t i = 0; i < b->nnodes; i++)
			node_free_children(&b->nodes[i]);
		free(b->nodes);
		free(b->groups);
		free(b->params);
		free(b->shares);
		while (b->strings) {
			struct pb_chunk *c = b->strings;
			b->strings = c->next;
			free(c);
		}
		free(b);
	}
	free(g->fmem);
	free(g->cmds);
	free(g->pcache);
	free(g);
}

void parser_graph_reserve_ids(parser_graph *g, uint32_t n)
{
	if (g && n > g->cmd_count) {
		g->cmd_count = n;
		g->dirty = true;
	}
}

size_t parser_graph_ncmds(const parser_graph *g)
{
	return g ? g->cmd_count : 0;
}

uint32_t parser_graph_root_new(parser_graph *g)
{
	if (!g || !g->b)
		return UINT32_MAX;
	int32_t id = new_node(g->b);
	if (id < 0)
		return UINT32_MAX;
	g->b->nodes[id].type = PN_ROOT;
	g->dirty = true;
	return (uint32_t)id;
}

int parser_graph_share_root(parser_graph *g, uint32_t root, uint32_t shared)
{
	pb_builder *b = g ? g->b : NULL;

	if (!b || root >= b->nnodes || shared >= b->nnodes || b->nodes[root].type != PN_ROOT ||
	    b->nodes[shared].type != PN_ROOT || root == shared)
		return -1;
	if (!grow((void **)&b->shares, b->nshares, &b->capshares, sizeof(*b->shares)))
		return -1;
	b->shares[b->nshares][0] = root;
	b->shares[b->nshares][1] = shared;
	b->nshares++;
	g->dirty = true;
	return 0;
}

static bool push_u32(uint32_t **arr, uint16_t *n, uint16_t *cap, uint32_t v, size_t at)
{
	if (*n == *cap) {
		if (*cap >= UINT16_MAX / 2)
			return false;
		uint16_t nc = *cap ? (uint16_t)(*cap * 2) : 4;
		uint32_t *na = realloc(*arr, nc * sizeof(uint32_t));
		if (!na)
			return false;
		*arr = na;
		*cap = nc;
	}
	memmove(*arr + at + 1, *arr + at, (*n - at) * sizeof(uint32_t));
	(*arr)[at] = v;
	(*n)++;
	return true;
}

static bool add_edge(pb_builder *b, uint32_t from, uint32_t to)
{
	pb_node *p = &b->nodes[from];
	pb_node *c = &b->nodes[to];
	bool ok;

	switch (c->type) {
	case PN_KEYWORD: {
		/* Sorted by keyword, equal keywords in insertion order. */
		size_t at = p->nkw;
		while (at > 0 && strcmp(b->nodes[p->kw[at - 1]].lc, c->lc) > 0)
			at--;
		ok = push_u32(&p->kw, &p->nkw, &p->capkw, to, at);
		break;
	}
	case PN_PARAM:
		ok = push_u32(&p->par, &p->npar, &p->cappar, to, p->npar);
		break;
	default:
		ok = push_u32(&p->end, &p->nend, &p->capend, to, p->nend);
		break;
	}
	if (ok)
		c->indeg++;
	return ok;
}

/* A loop edge from -> to for group grp (two entries per edge). */
static bool add_loop(pb_builder *b, uint32_t from, uint32_t to, uint16_t grp)
{
	pb_node *p = &b->nodes[from];

	for (uint16_t i = 0; i + 1 < p->nloop; i += 2)
		if (p->loop[i] == to && p->loop[i + 1] == grp)
			return true;
	return push_u32(&p->loop, &p->nloop, &p->caploop, to, p->nloop) &&
	       push_u32(&p->loop, &p->nloop, &p->caploop, grp, p->nloop);
}

/* ---- Format tokens ---------------------------------------------------- */

enum ftok_type { FT_KW, FT_PARAM, FT_LBRACK, FT_RBRACK, FT_LBRACE, FT_RBRACE, FT_BAR,
		 FT_REP, FT_STAR };

typedef struct ftok {
	uint8_t type;
	const char *s;   /* keyword or parameter name */
	uint16_t len;
	uint16_t close;  /* brackets: index of the matching close */
	uint16_t occ;    /* keyword/param: occurrence index in the Format */
	uint16_t dist;   /* keyword/param: index of its first spelling */
	uint16_t rmin, rmax; /* FT_REP */
	const parser_param *param;
	uint32_t pidx;   /* index of param in the command's params */
} ftok;

/* An open repetition group while its body is built. */
typedef struct gctx {
	uint16_t grp;
	uint8_t alt;            /* the alternative being built (PG_ANY) */
	const struct frontier *in;
	uint32_t *first;        /* nodes attached from `in` (for PG_ANY: of this alternative) */
	int nfirst;
} gctx;

typedef struct fctx {
	pb_builder *b;
	parser_graph *g;
	const parser_cmd *cmd;
	uint32_t id, avail;
	ftok t[FMT_MAX_TOKENS];
	int nt;
	int nocc, ndist;
	/* help lines */
	const char *hl[FMT_MAX_TOKENS];
	uint16_t hlen[FMT_MAX_TOKENS];
	int nhelp;
	bool per_distinct;
	/* open groups, outermost first */
	gctx open[PG_MAX_NEST];
	int nopen;
	/* error */
	char *err;
	size_t errlen;
	bool failed;
	/* nodes whose level or availability grew, to restore on failure */
	uint32_t touched[FMT_MAX_TOUCHED];
	uint8_t old_level[FMT_MAX_TOUCHED];
	uint32_t old_avail[FMT_MAX_TOUCHED];
	int ntouched;
} fctx;

typedef struct frontier {
	int n;
	uint32_t v[FMT_MAX_FRONTIER];
} frontier;

static int fail(fctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(fctx *c, const char *fmt, ...)
{
	if (!c->failed && c->err && c->errlen) {
		int w = snprintf(c->err, c->errlen, "format '%s': ",
				 c->cmd->format ? c->cmd->format : "(null)");
		if (w >= 0 && (size_t)w < c->errlen) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(c->err + w, c->errlen - (size_t)w, fmt, ap);
			va_end(ap);
		}
	}
	c->failed = true;
	return -1;
}

static bool is_special(char ch)
{
	return ch == '[' || ch == ']' || ch == '{' || ch == '}' || ch == '|';
}

static const parser_param *find_param(const parser_cmd *cmd, const char *name, size_t len,
				      uint32_t *idx)
{
	if (!cmd->params)
		return NULL;
	for (const parser_param *p = cmd->params; p->name; p++)
		if (strlen(p->name) == len && memcmp(p->name, name, len) == 0) {
			*idx = (uint32_t)(p - cmd->params);
			return p;
		}
	return NULL;
}

static int tokenize_format(fctx *c)
{
	const char *s = c->cmd->format;
	size_t i = 0;

	c->nt = 0;
	while (s[i]) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (c->nt == FMT_MAX_TOKENS)
			return fail(c, "too many tokens");
		ftok *t = &c->t[c->nt];
		memset(t, 0, sizeof(*t));
		char ch = s[i];
		if (is_special(ch)) {
			t->type = ch == '[' ? FT_LBRACK : ch == ']' ? FT_RBRACK : ch == '{' ? FT_LBRACE :
				  ch == '}' ? FT_RBRACE : FT_BAR;
			i++;
		} else if (ch == '*') {
			t->type = FT_STAR;
			i++;
		} else if (ch == '&') {
			unsigned a, bnd;
			int used = 0;
			if (sscanf(s + i, "&<%u-%u>%n", &a, &bnd, &used) != 2 || used == 0)
				return fail(c, "bad repetition at column %zu", i);
			if (a > bnd || bnd == 0 || bnd > UINT16_MAX)
				return fail(c, "repetition bounds &<%u-%u> out of range", a, bnd);
			t->type = FT_REP;
			t->rmin = (uint16_t)a;
			t->rmax = (uint16_t)bnd;
			i += (size_t)used;
		} else if (ch == '<') {
			size_t j = i + 1;
			while (s[j] && s[j] != '>' && s[j] != ' ')
				j++;
			if (s[j] != '>' || j == i + 1)
				return fail(c, "bad parameter at column %zu", i);
			t->type = FT_PARAM;
			t->s = s + i + 1;
			t->len = (uint16_t)(j - i - 1);
			t->param = find_param(c->cmd, t->s, t->len, &t->pidx);
			if (!t->param)
				return fail(c, "unknown parameter <%.*s>", (int)t->len, t->s);
			if (!t->param->type)
				return fail(c, "parameter <%.*s> has no type", (int)t->len, t->s);
			i = j + 1;
		} else {
			size_t j = i;
			while (s[j] && s[j] != ' ' && s[j] != '\t' && !is_special(s[j]))
				j++;
			if (j - i > PG_MAX_KEYWORD)
				return fail(c, "keyword too long at column %zu", i);
			for (size_t k = i; k < j; k++)
				if (s[k] == '<' || s[k] == '>' || s[k] == '&' || s[k] == '"' ||
				    s[k] == '*')
					return fail(c, "bad keyword at column %zu", i);
			t->type = FT_KW;
			t->s = s + i;
			t->len = (uint16_t)(j - i);
			i = j;
		}
		c->nt++;
	}
	if (c->nt == 0)
		return fail(c, "empty");
	return 0;
}

/* Occurrence and first-spelling indices of keywords and parameters. */
static void number_tokens(fctx *c)
{
	c->nocc = c->ndist = 0;
	for (int i = 0; i < c->nt; i++) {
		ftok *t = &c->t[i];
		if (t->type != FT_KW && t->type != FT_PARAM)
			continue;
		t->occ = (uint16_t)c->nocc++;
		t->dist = (uint16_t)c->ndist;
		for (int j = 0; j < i; j++) {
			ftok *u = &c->t[j];
			if (u->type == t->type && u->len == t->len &&
			    (t->type == FT_KW ? strncasecmp(u->s, t->s, t->len) == 0
					      : memcmp(u->s, t->s, t->len) == 0)) {
				t->dist = u->dist;
				break;
			}
		}
		if (t->dist == c->ndist)
			c->ndist++;
	}
}

/* Help lines: one per token occurrence, or one per distinct token. */
static int split_help(fctx *c)
{
	const char *h = c->cmd->help;

	c->nhelp = 0;
	c->per_distinct = false;
	for (; h && *h;) {
		const char *nl = strchr(h, '\n');
		size_t len = nl ? (size_t)(nl - h) : strlen(h);
		if (c->nhelp == FMT_MAX_TOKENS)
			return fail(c, "too many help lines");
		c->hl[c->nhelp] = h;
		c->hlen[c->nhelp] = (uint16_t)(len > 159 ? 159 : len);
		c->nhelp++;
		if (!nl || nl[1] == '\0')
			break; /* a final '\n' ends the last line */
		h = nl + 1;
	}
	if (c->nhelp == c->nocc) {
		c->per_distinct = false;
	} else if (c->nhelp == c->ndist) {
		c->per_distinct = true;
	} else {
		if (c->nocc == c->ndist)
			return fail(c, "%d help lines for %d keywords and parameters", c->nhelp,
				    c->nocc);
		return fail(c, "%d help lines for %d keywords and parameters (%d distinct)",
			    c->nhelp, c->nocc, c->ndist);
	}
	return 0;
}

/* ---- pass 1: structure check ----------------------------------------- */

static int check_alts(fctx *c, int i, int end, int *nalts, int depth);

/* Check the sequence starting at i; returns the index of the token that
 * ends it (a '|' or a close, or nt), or -1. */
static int check_seq(fctx *c, int i, int depth)
{
	bool any = false;

	while (i < c->nt) {
		ftok *t = &c->t[i];
		if (t->type == FT_BAR || t->type == FT_RBRACK || t->type == FT_RBRACE)
			break;
		if (t->type == FT_KW || t->type == FT_PARAM) {
			i++;
			any = true;
			continue;
		}
		if (t->type == FT_REP || t->type == FT_STAR)
			return fail(c, "repetition without a group");
		/* '[' or '{' */
		int want = t->type == FT_LBRACK ? FT_RBRACK : FT_RBRACE;
		int d = 0, j;
		for (j = i; j < c->nt; j++) {
			int ty = c->t[j].type;
			if (ty == FT_LBRACK || ty == FT_LBRACE)
				d++;
			else if (ty == FT_RBRACK || ty == FT_RBRACE)
				if (--d == 0)
					break;
		}
		if (j >= c->nt || c->t[j].type != want)
			return fail(c, "unbalanced brackets");
		t->close = (uint16_t)j;
		bool rep = j + 1 < c->nt &&
			   (c->t[j + 1].type == FT_STAR ||
			    (c->t[j + 1].type == FT_REP && c->t[j + 1].rmax > 1));
		if (rep && depth == PG_MAX_NEST)
			return fail(c, "repetitions nested more than %d deep", PG_MAX_NEST);
		int nalts = 0;
		if (check_alts(c, i + 1, j, &nalts, depth + rep) < 0)
			return -1;
		if (j + 1 < c->nt && c->t[j + 1].type == FT_STAR && nalts > FMT_MAX_ALTS)
			return fail(c, "more than %d alternatives in an any-order group",
				    FMT_MAX_ALTS);
		i = j + 1;
		if (i < c->nt && (c->t[i].type == FT_REP || c->t[i].type == FT_STAR))
			i++;
		any = true;
	}
	if (!any)
		return fail(c, "empty alternative or group");
	return i;
}

static int check_alts(fctx *c, int i, int end, int *nalts, int depth)
{
	*nalts = 0;
	for (;;) {
		int j = check_seq(c, i, depth);
		if (j < 0)
			return -1;
		(*nalts)++;
		if (j == end)
			return 0;
		if (j >= c->nt || c->t[j].type != FT_BAR)
			return fail(c, "unbalanced brackets");
		i = j + 1;
	}
}

/* ---- pass 2: build ---------------------------------------------------- */

static void fr_add(frontier *f, uint32_t v, fctx *c)
{
	for (int i = 0; i < f->n; i++)
		if (f->v[i] == v)
			return;
	if (f->n == FMT_MAX_FRONTIER) {
		fail(c, "too many ways through the Format");
		return;
	}
	f->v[f->n++] = v;
}

static bool fr_has(const frontier *f, uint32_t v)
{
	for (int i = 0; i < f->n; i++)
		if (f->v[i] == v)
			return true;
	return false;
}

/* A shared node serves one more command: its level and availability may
 * grow; remember the old values to restore them if the Format fails. */
static void touch(fctx *c, uint32_t id)
{
	pb_node *n = &c->b->nodes[id];

	if (n->level <= c->cmd->level && (n->avail | c->avail) == n->avail)
		return;
	if (c->ntouched == FMT_MAX_TOUCHED) {
		fail(c, "too many nodes");
		return;
	}
	c->touched[c->ntouched] = id;
	c->old_level[c->ntouched] = n->level;
	c->old_avail[c->ntouched] = n->avail;
	c->ntouched++;
	if (n->level > c->cmd->level)
		n->level = c->cmd->level;
	n->avail |= c->avail;
}

/* Two parameter types that accept the same values the same way (a
 * hand-written table's descriptor and a generated one, say). */
static bool same_ptype(const ptype *a, const ptype *b)
{
	return a == b || (a->kind == b->kind && a->min == b->min && a->max == b->max &&
			  a->flags == b->flags && a->help_token && b->help_token &&
			  strcmp(a->help_token, b->help_token) == 0);
}

static bool same_token(const pb_node *n, uint8_t type, const char *lc, const parser_param *p,
		       uint8_t flags)
{
	if (n->type != type || n->flags != flags || n->noshare)
		return false;
	if (type == PN_KEYWORD)
		return strcmp(n->lc, lc) == 0;
	return strcmp(n->param->name, p->name) == 0 && same_ptype(n->param->type, p->type);
}

static uint32_t new_param(fctx *c, uint32_t pidx)
{
	pb_builder *b = c->b;

	if (!grow((void **)&b->params, b->nparams, &b->capparams, sizeof(*b->params))) {
		fail(c, "out of memory");
		return 0;
	}
	b->params[b->nparams] = (pg_param){ c->id, pidx };
	return b->nparams++;
}

/* The help of a keyword that leads to several commands, when the
 * commands' helps only name them: what the names have in common beyond
 * the keyword, word by word ("vlan batch" for two `vlan batch` forms),
 * else words of its own for the usual leading verbs, else the keyword. */
static const struct {
	const char *kw, *help;
} verb_help[] = {
	{ "undo", "Cancel a setting or restore its default" },
	{ "display", "Show information" },
	{ "reset", "Reset counters or state" },
	{ "clear", "Clear information" },
	{ "debugging", "Enable debugging" },
	{ "set", "Set a value" },
	{ "test", "Run a test" },
	{ "ping", "Check that a host can be reached" },
	{ "tracert", "Trace the route to a host" },
};

static int shared_help(fctx *c, uint32_t id, const char *help, size_t hlen)
{
	pb_node *n = &c->b->nodes[id];
	if (!n->namehelp || !(c->cmd->flags & PARSER_CMD_NAME_HELP) || !help ||
	    (strlen(n->help) == hlen && memcmp(n->help, help, hlen) == 0))
		return 0;
	/* the common leading words */
	size_t common = 0, i = 0;
	const char *old = n->help;
	while (i < hlen && old[i] && tolower((unsigned char)old[i]) ==
				     tolower((unsigned char)help[i])) {
		i++;
		if ((i == hlen || help[i] == ' ') && (old[i] == '\0' || old[i] == ' '))
			common = i;
	}
	const char *nh = NULL;
	size_t nl = 0;
	/* more than the keyword itself in common: that */
	if (common > strlen(n->text)) {
		nh = help;
		nl = common;
	}
	for (size_t k = 0; k < sizeof verb_help / sizeof verb_help[0] && !nh; k++)
		if (strcmp(n->lc, verb_help[k].kw) == 0) {
			nh = verb_help[k].help;
			nl = strlen(nh);
		}
	if (!nh) {
		nh = n->text;
		nl = strlen(nh);
	}
	if (strlen(old) == nl && memcmp(old, nh, nl) == 0)
		return 0;
	const char *copy = pb_strndup(c->b, nh, nl);
	if (!copy) {
		fail(c, "out of memory");
		return -1;
	}
	c->b->nodes[id].help = copy;
	return 0;
}

/* Attach one token after frontier f; returns the node id or -1. */
static int32_t attach(fctx *c, const frontier *f, uint8_t type, const char *text, size_t len,
		      const parser_param *p, uint32_t pidx, const char *help, size_t hlen,
		      uint8_t flags)
{
	pb_builder *b = c->b;
	char lc[PG_MAX_KEYWORD + 1] = "";

	if (type == PN_KEYWORD) {
		for (size_t i = 0; i < len; i++)
			lc[i] = (char)tolower((unsigned char)text[i]);
		lc[len] = '\0';
	}
	if (f->n == 1 && c->nopen == 0) {
		const pb_node *pn = &b->nodes[f->v[0]];
		const uint32_t *kids = type == PN_KEYWORD ? pn->kw : pn->par;
		uint16_t nk = type == PN_KEYWORD ? pn->nkw : pn->npar;
		for (uint16_t i = 0; i < nk; i++) {
			const pb_node *k = &b->nodes[kids[i]];
			if (k->indeg == 1 && same_token(k, type, lc, p, flags)) {
				touch(c, kids[i]);
				if (type == PN_KEYWORD && shared_help(c, kids[i], help, hlen) != 0)
					return -1;
				return (int32_t)kids[i];
			}
		}
	}
	int32_t id = new_node(b);
	if (id < 0) {
		fail(c, "graph full");
		return -1;
	}
	pb_node *n = &b->nodes[id];
	n->type = type;
	n->flags = flags;
	n->level = c->cmd->level;
	n->avail = c->avail;
	n->param = p;
	if (type == PN_PARAM) {
		n->ref = new_param(c, pidx);
		n = &b->nodes[id];
	}
	if (type == PN_KEYWORD) {
		n->text = pb_strndup(b, text, len);
		n->lc = pb_strndup(b, lc, len);
		n->kwlen = (uint8_t)len;
	}
	n->help = pb_strndup(b, help ? help : "", help ? hlen : 0);
	n->namehelp = type == PN_KEYWORD && (c->cmd->flags & PARSER_CMD_NAME_HELP);
	if ((type == PN_KEYWORD && (!n->text || !n->lc)) || !n->help) {
		fail(c, "out of memory");
		return -1;
	}
	if (c->nopen) {
		const gctx *in = &c->open[c->nopen - 1];
		n->grp = in->grp;
		n->alt = in->alt;
		n->noshare = true;
	}
	for (int i = 0; i < f->n; i++) {
		if (!add_edge(b, f->v[i], (uint32_t)id)) {
			fail(c, "out of memory");
			return -1;
		}
	}
	/* A first node of every open group whose entry frontier it hangs from. */
	for (int k = 0; k < c->nopen; k++) {
		gctx *gc = &c->open[k];
		bool first = false;
		for (int i = 0; i < f->n && !first; i++)
			first = fr_has(gc->in, f->v[i]);
		if (!first)
			continue;
		if (gc->nfirst == FMT_MAX_FIRST) {
			fail(c, "too many ways into a repetition");
			return -1;
		}
		gc->first[gc->nfirst++] = (uint32_t)id;
	}
	return id;
}

static int build_alts(fctx *c, int i, int end, const frontier *in, frontier *out);

static uint16_t new_group(fctx *c, uint8_t kind, uint16_t min, uint16_t max)
{
	pb_builder *b = c->b;

	if (b->ngroups == UINT16_MAX) {
		fail(c, "too many repetition groups");
		return 0;
	}
	if (!grow((void **)&b->groups, b->ngroups, &b->capgroups, sizeof(*b->groups))) {
		fail(c, "out of memory");
		return 0;
	}
	pg_group *gr = &b->groups[b->ngroups];
	memset(gr, 0, sizeof(*gr));
	gr->kind = kind;
	gr->min = min;
	gr->max = max;
	if (c->nopen) {
		gr->parent = c->open[c->nopen - 1].grp;
		gr->alt_in_parent = c->open[c->nopen - 1].alt;
	}
	return (uint16_t)b->ngroups++;
}

/* The end of the alternative that starts at i (a '|' at depth 0, or end). */
static int alt_end(const fctx *c, int i, int end)
{
	int depth = 0;

	for (; i < end; i++) {
		int ty = c->t[i].type;
		if (ty == FT_LBRACK || ty == FT_LBRACE)
			depth++;
		else if (ty == FT_RBRACK || ty == FT_RBRACE)
			depth--;
		else if (ty == FT_BAR && depth == 0)
			break;
	}
	return i;
}

/* A repeated group (tokens i+1 .. close-1) entered from `in`; adds its
 * exits to out.  kind PG_REP: the alternatives repeated min..max times;
 * PG_ANY: the alternatives in any order, each once.  A body (or an
 * alternative) that may be empty, as in `{ [ a ] | [ b ] } *`, makes the
 * group optional: its empty path is the same as taking no pass at all, so
 * it adds `in` to out and no loop edge. */
static int build_repeat(fctx *c, int i, int close, uint8_t kind, uint16_t min, uint16_t max,
			const frontier *in, frontier *out)
{
	uint16_t grp = new_group(c, kind, min, max);
	frontier *body = malloc(sizeof(*body));
	uint32_t *first = malloc(FMT_MAX_ALTS * FMT_MAX_FIRST * sizeof(uint32_t));
	int nfirst[FMT_MAX_ALTS];
	uint32_t(*exits)[2] = malloc(FMT_MAX_FRONTIER * sizeof(*exits)); /* (node, alt) */
	int nexits = 0, nalts = 0;
	bool may_be_empty = false;
	int rc = -1;

	if (!body || !first || !exits) {
		fail(c, "out of memory");
		goto done;
	}
	if (c->failed)
		goto done;
	gctx *gc = &c->open[c->nopen++];
	gc->grp = grp;
	gc->in = in;
	for (int a = i + 1; a < close && !c->failed; nalts++) {
		int e = alt_end(c, a, close);
		/* PG_REP bodies are one alternative set built at once. */
		if (kind == PG_REP)
			e = close;
		gc->alt = (uint8_t)(kind == PG_ANY ? nalts : 0);
		gc->first = first + (size_t)nalts * FMT_MAX_FIRST;
		gc->nfirst = 0;
		if (build_alts(c, a, e, in, body) < 0)
			break;
		nfirst[nalts] = gc->nfirst;
		for (int k = 0; k < body->n; k++) {
			if (fr_has(in, body->v[k])) {
				may_be_empty = true;
				continue;
			}
			if (nexits == FMT_MAX_FRONTIER) {
				fail(c, "too many ways through the Format");
				break;
			}
			exits[nexits][0] = body->v[k];
			exits[nexits][1] = (uint32_t)nalts;
			nexits++;
		}
		a = e + 1;
	}
	c->nopen--;
	if (c->failed)
		goto done;
	/* Loop edges: from each exit back to the first nodes (of every other
	 * alternative, for an any-order group). */
	for (int x = 0; x < nexits; x++) {
		for (int a = 0; a < nalts; a++) {
			if (kind == PG_ANY && (uint32_t)a == exits[x][1])
				continue;
			for (int k = 0; k < nfirst[a]; k++)
				if (!add_loop(c->b, exits[x][0], first[(size_t)a * FMT_MAX_FIRST + k],
					      grp)) {
					fail(c, "out of memory");
					goto done;
				}
		}
		fr_add(out, exits[x][0], c);
	}
	if (may_be_empty)
		for (int k = 0; k < in->n; k++)
			fr_add(out, in->v[k], c);
	rc = c->failed ? -1 : 0;
done:
	free(body);
	free(first);
	free(exits);
	return rc;
}

static int build_seq(fctx *c, int i, int end, const frontier *in, frontier *out)
{
	frontier *cur = malloc(sizeof(*cur));
	frontier *acc = malloc(sizeof(*acc));
	int rc = -1;

	if (!cur || !acc) {
		fail(c, "out of memory");
		goto done;
	}
	*cur = *in;
	while (i < end && !c->failed) {
		ftok *t = &c->t[i];
		if (t->type == FT_BAR)
			break;
		if (t->type == FT_KW || t->type == FT_PARAM) {
			int li = c->per_distinct ? t->dist : t->occ;
			int32_t id = attach(c, cur, t->type == FT_KW ? PN_KEYWORD : PN_PARAM, t->s,
					    t->len, t->param, t->pidx, c->hl[li], c->hlen[li], 0);
			if (id < 0)
				goto done;
			cur->n = 0;
			fr_add(cur, (uint32_t)id, c);
			i++;
			continue;
		}
		/* a group: '[' or '{' with an optional repetition suffix */
		int close = t->close;
		bool optional = t->type == FT_LBRACK;
		int next = close + 1;
		acc->n = 0;
		if (next < c->nt && c->t[next].type == FT_STAR) {
			if (build_repeat(c, i, close, PG_ANY, 1, 0, cur, acc) < 0)
				goto done;
			next++;
		} else if (next < c->nt && c->t[next].type == FT_REP && c->t[next].rmax > 1) {
			uint16_t rmin = c->t[next].rmin;
			if (rmin == 0)
				optional = true;
			if (build_repeat(c, i, close, PG_REP, rmin ? rmin : 1, c->t[next].rmax, cur,
					 acc) < 0)
				goto done;
			next++;
		} else {
			if (next < c->nt && c->t[next].type == FT_REP) {
				if (c->t[next].rmin == 0)
					optional = true;
				next++;
			}
			if (build_alts(c, i + 1, close, cur, acc) < 0)
				goto done;
		}
		if (optional)
			for (int k = 0; k < cur->n; k++)
				fr_add(acc, cur->v[k], c);
		*cur = *acc;
		i = next;
	}
	if (!c->failed) {
		*out = *cur;
		rc = 0;
	}
done:
	free(cur);
	free(acc);
	return c->failed ? -1 : rc;
}

static int build_alts(fctx *c, int i, int end, const frontier *in, frontier *out)
{
	frontier *f = malloc(sizeof(*f));

	if (!f)
		return fail(c, "out of memory");
	out->n = 0;
	while (i < end && !c->failed) {
		int j = alt_end(c, i, end);
		if (build_seq(c, i, j, in, f) < 0)
			break;
		for (int k = 0; k < f->n; k++)
			fr_add(out, f->v[k], c);
		i = j + 1;
	}
	free(f);
	return c->failed ? -1 : 0;
}

/* The output filters: `| { begin | exclude | include } <regular-expression>`,
 * `| { count | section | no-more | ignore-case }`, and `> <file-name>` /
 * `>> <file-name>`.  Each filter's last parameter takes the rest of the
 * line, and the words after count, section, no-more and ignore-case may
 * go on too: a chain of filters (`| include vpn | count`) is read from
 * that text by the shell (shell/outchain.h), which also refuses what it
 * does not know.  parser_match reports the first filter's keyword and the
 * text after it. */
static const ptype pt_pipe_regex = { PT_STRING, "STRING<1-255>", 1, 255, PTF_REST_OF_LINE };
static const parser_param pipe_regex_param = { "regular-expression", &pt_pipe_regex, NULL };
static const ptype pt_pipe_file = { PT_STRING, "STRING<1-64>", 1, 64, PTF_REST_OF_LINE };
static const parser_param pipe_file_param = { "file-name", &pt_pipe_file, NULL };
static const struct {
	const char *kw, *help;
	bool regex; /* takes a regular expression, else may end the command */
} pipe_kinds[] = {
	{ "begin", "Show the output from the first line that matches", true },
	{ "count", "Show the number of lines of the output", false },
	{ "exclude", "Show only the lines that do not match", true },
	{ "ignore-case", "Match the regular expressions regardless of case", false },
	{ "include", "Show only the lines that match", true },
	{ "no-more", "Show the output without stopping at each screen", false },
	{ "section", "Filter the output by section", false },
};
static const struct {
	const char *kw, *help;
} redirects[] = {
	{ ">", "Save the output to a file" },
	{ ">>", "Add the output to the end of a file" },
};
#define PIPE_BAR_HELP "Filter the output"
#define PIPE_REGEX_HELP "Regular expression (more filters may follow)"
#define PIPE_FILE_HELP "File name"

const parser_param *pg_pipe_param(uint32_t idx)
{
	return idx == PG_PIPE_FILE ? &pipe_file_param : &pipe_regex_param;
}

static int build_pipe(fctx *c, const frontier *in, frontier *out)
{
	frontier *f = malloc(sizeof(*f));
	frontier *kinds = malloc(sizeof(*kinds));
	frontier *redir = malloc(sizeof(*redir));
	int rc = -1;

	if (!f || !kinds || !redir) {
		fail(c, "out of memory");
		goto done;
	}
	out->n = 0;
	int32_t bar = attach(c, in, PN_KEYWORD, "|", 1, NULL, 0, PIPE_BAR_HELP,
			     strlen(PIPE_BAR_HELP), PNF_PIPE_BAR);
	if (bar < 0)
		goto done;
	f->n = 0;
	fr_add(f, (uint32_t)bar, c);
	kinds->n = 0;
	for (size_t k = 0; k < sizeof(pipe_kinds) / sizeof(pipe_kinds[0]); k++) {
		int32_t id = attach(c, f, PN_KEYWORD, pipe_kinds[k].kw, strlen(pipe_kinds[k].kw),
				    NULL, 0, pipe_kinds[k].help, strlen(pipe_kinds[k].help),
				    PNF_PIPE_KIND);
		if (id < 0)
			goto done;
		fr_add(kinds, (uint32_t)id, c);
		if (!pipe_kinds[k].regex)
			fr_add(out, (uint32_t)id, c);
	}
	/* The filters' parameters are not the command's: their param entries
	 * say so with the indexes PG_PIPE_REGEX and PG_PIPE_FILE. */
	int32_t rx = attach(c, kinds, PN_PARAM, NULL, 0, &pipe_regex_param, PG_PIPE_REGEX,
			    PIPE_REGEX_HELP, strlen(PIPE_REGEX_HELP), PNF_PIPE_REGEX);
	if (rx < 0)
		goto done;
	fr_add(out, (uint32_t)rx, c);
	redir->n = 0;
	for (size_t k = 0; k < sizeof(redirects) / sizeof(redirects[0]); k++) {
		int32_t id = attach(c, in, PN_KEYWORD, redirects[k].kw, strlen(redirects[k].kw),
				    NULL, 0, redirects[k].help, strlen(redirects[k].help),
				    PNF_PIPE_KIND);
		if (id < 0)
			goto done;
		fr_add(redir, (uint32_t)id, c);
	}
	int32_t file = attach(c, redir, PN_PARAM, NULL, 0, &pipe_file_param, PG_PIPE_FILE,
			      PIPE_FILE_HELP,
			      strlen(PIPE_FILE_HELP), PNF_PIPE_REGEX);
	if (file < 0)
		goto done;
	fr_add(out, (uint32_t)file, c);
	rc = 0;
done:
	free(f);
	free(kinds);
	free(redir);
	return c->failed ? -1 : rc;
}

/* Undo a failed add: drop the new nodes, groups and params and every edge
 * to them, restore grown levels and availability. */
static void rollback(pb_builder *b, uint32_t old_n, uint32_t old_groups, uint32_t old_params,
		     fctx *c)
{
	for (uint32_t i = 0; i < old_n; i++) {
		pb_node *n = &b->nodes[i];
		uint32_t *arrs[3] = { n->kw, n->par, n->end };
		uint16_t *cnts[3] = { &n->nkw, &n->npar, &n->nend };
		for (int a = 0; a < 3; a++) {
			uint16_t w = 0;
			for (uint16_t r = 0; r < *cnts[a]; r++)
				if (arrs[a][r] < old_n)
					arrs[a][w++] = arrs[a][r];
			*cnts[a] = w;
		}
		uint16_t w = 0;
		for (uint16_t r = 0; r + 1 < n->nloop; r += 2)
			if (n->loop[r] < old_n) {
				n->loop[w++] = n->loop[r];
				n->loop[w++] = n->loop[r + 1];
			}
		n->nloop = w;
	}
	for (uint32_t i = old_n; i < b->nnodes; i++)
		node_free_children(&b->nodes[i]);
	b->nnodes = old_n;
	b->ngroups = old_groups;
	b->nparams = old_params;
	for (int i = c->ntouched - 1; i >= 0; i--) {
		b->nodes[c->touched[i]].level = c->old_level[i];
		b->nodes[c->touched[i]].avail = c->old_avail[i];
	}
}

static int remember_cmd(parser_graph *g, uint32_t id, const parser_cmd *cmd)
{
	if (id >= g->ncmds) {
		uint32_t nc = g->ncmds ? g->ncmds : 64;
		while (nc <= id)
			nc *= 2;
		const parser_cmd **na = realloc(g->cmds, nc * sizeof(*na));
		if (!na)
			return -1;
		memset(na + g->ncmds, 0, (nc - g->ncmds) * sizeof(*na));
		g->cmds = na;
		g->ncmds = nc;
	}
	g->cmds[id] = cmd;
	return 0;
}

int parser_graph_add_at(parser_graph *g, uint32_t root, const parser_cmd *cmd, uint32_t id,
			uint32_t avail, char *err, size_t errlen)
{
	fctx *c;
	frontier *f = NULL, *fe = NULL;
	pb_builder *b = g ? g->b : NULL;
	int rc = -1;

	if (err && errlen)
		err[0] = '\0';
	if (!b || root >= b->nnodes || b->nodes[root].type != PN_ROOT || id == UINT32_MAX) {
		if (err && errlen)
			snprintf(err, errlen, "no such root, or the graph cannot take commands");
		return -1;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return -1;
	}
	uint32_t old_n = b->nnodes, old_groups = b->ngroups, old_params = b->nparams;
	c->b = b;
	c->g = g;
	c->cmd = cmd;
	c->id = id;
	c->avail = avail ? avail : PARSER_AVAIL_ALL;
	c->err = err;
	c->errlen = errlen;
	if (!cmd->format) {
		fail(c, "no Format");
		goto out;
	}
	if (tokenize_format(c) < 0)
		goto out;
	number_tokens(c);
	if (split_help(c) < 0)
		goto out;
	int stop = check_seq(c, 0, 0);
	if (stop < 0)
		goto out;
	if (stop != c->nt) { /* a stray '|', ']' or '}' at the top level */
		fail(c, "unbalanced brackets");
		goto out;
	}

	f = malloc(sizeof(*f));
	fe = malloc(sizeof(*fe));
	if (!f || !fe) {
		fail(c, "out of memory");
		goto out;
	}
	frontier *rootf = fe;
	rootf->n = 1;
	rootf->v[0] = root;
	if (build_seq(c, 0, c->nt, rootf, f) < 0)
		goto fail_build;
	if (fr_has(f, root)) {
		fail(c, "the command may be empty");
		goto fail_build;
	}
	if (cmd->flags & PARSER_CMD_PIPE) {
		if (build_pipe(c, f, fe) < 0)
			goto fail_build;
		for (int i = 0; i < fe->n; i++)
			fr_add(f, fe->v[i], c);
	}
	int32_t end = new_node(b);
	if (end < 0) {
		fail(c, "graph full");
		goto fail_build;
	}
	pb_node *en = &b->nodes[end];
	en->type = PN_END;
	en->level = cmd->level;
	en->avail = c->avail;
	en->ref = id;
	en->noshare = true;
	for (int i = 0; i < f->n; i++)
		if (!add_edge(b, f->v[i], (uint32_t)end)) {
			fail(c, "out of memory");
			goto fail_build;
		}
	if (c->failed || remember_cmd(g, id, cmd) != 0) {
		fail(c, "out of memory");
		goto fail_build;
	}
	if (id >= g->cmd_count)
		g->cmd_count = id + 1;
	g->dirty = true;
	rc = 0;
	goto out;
fail_build:
	rollback(b, old_n, old_groups, old_params, c);
out:
	free(f);
	free(fe);
	free(c);
	return rc;
}

int parser_graph_add(parser_graph *g, const parser_cmd *cmd, char *err, size_t errlen)
{
	return parser_graph_add_at(g, PARSER_ROOT, cmd, g ? g->cmd_count : 0, PARSER_AVAIL_ALL,
				   err, errlen);
}
