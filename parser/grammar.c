/* The Format compiler: Format strings -> one match graph per view.
 *
 * A Format is read twice.  The first pass checks it (brackets, parameter
 * names, help line count, path length) without touching the graph; the
 * second builds nodes, carrying a "frontier": the set of nodes after which
 * the next token may come.  A keyword or parameter gets an edge from every
 * frontier node; `[ x ]` adds x's frontier to the current one; `{ a | b }`
 * is the union of the alternatives' frontiers; `{ x } &<m-n>` is x unrolled
 * n times, the copies after the m-th optional; `{ a | b } *` repeats one of
 * the alternatives 1..(number of alternatives) times.  At the end every
 * frontier node gets an edge to the command's END node.
 *
 * Sharing: a new token reuses an existing child c of frontier node p when
 * the frontier is exactly {p}, c is the same keyword (or the same parameter
 * name and type) and c has no other parent.  Then every path to c is a path
 * to p plus this token, for the new command as for the old ones, so sharing
 * never makes a command accept a line it should not.  Nodes with several
 * parents (joins after optional parts) are never shared. */
#include "graph_priv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FMT_MAX_TOKENS 256  /* tokens in one Format */
#define FMT_MAX_REPEAT 64   /* upper bound of &<m-n> */
#define FMT_MAX_FRONTIER 512
#define FMT_MAX_TOUCHED 4096

/* ---- string arena ----------------------------------------------------- */

struct pg_chunk {
	struct pg_chunk *next;
	size_t used, size;
	char data[];
};

static const char *pg_strndup(parser_graph *g, const char *s, size_t n)
{
	struct pg_chunk *c = g->strings;

	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > 8192 ? n + 1 : 8192;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = g->strings;
		g->strings = c;
	}
	char *p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* ---- the graph -------------------------------------------------------- */

int pw_kwcmp(const char *a, const char *b)
{
	return strcasecmp(a, b);
}

parser_graph *parser_graph_new(void)
{
	parser_graph *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->cap = 64;
	g->nodes = calloc(g->cap, sizeof(pnode));
	if (!g->nodes) {
		free(g);
		return NULL;
	}
	g->nnodes = 1;
	g->nodes[0].type = PN_ROOT;
	g->nodes[0].level = 0;
	return g;
}

static void node_free_children(pnode *n)
{
	free(n->kw);
	free(n->par);
	free(n->end);
	n->kw = n->par = n->end = NULL;
	n->nkw = n->npar = n->nend = 0;
	n->capkw = n->cappar = n->capend = 0;
}

void parser_graph_free(parser_graph *g)
{
	if (!g)
		return;
	for (uint32_t i = 0; i < g->nnodes; i++)
		node_free_children(&g->nodes[i]);
	free(g->nodes);
	while (g->strings) {
		struct pg_chunk *c = g->strings;
		g->strings = c->next;
		free(c);
	}
	free(g);
}

size_t parser_graph_ncmds(const parser_graph *g)
{
	return g ? g->ncmds : 0;
}

static bool push_child(uint32_t **arr, uint16_t *n, uint16_t *cap, uint32_t child, size_t at)
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
	(*arr)[at] = child;
	(*n)++;
	return true;
}

static bool add_edge(parser_graph *g, uint32_t from, uint32_t to)
{
	pnode *p = &g->nodes[from];
	pnode *c = &g->nodes[to];
	bool ok;

	switch (c->type) {
	case PN_KEYWORD: {
		/* Sorted by keyword, equal keywords in insertion order. */
		size_t at = p->nkw;
		while (at > 0 && strcmp(g->nodes[p->kw[at - 1]].lc, c->lc) > 0)
			at--;
		ok = push_child(&p->kw, &p->nkw, &p->capkw, to, at);
		break;
	}
	case PN_PARAM:
		ok = push_child(&p->par, &p->npar, &p->cappar, to, p->npar);
		break;
	default:
		ok = push_child(&p->end, &p->nend, &p->capend, to, p->nend);
		break;
	}
	if (ok)
		c->indeg++;
	return ok;
}

static int32_t new_node(parser_graph *g)
{
	if (g->nnodes >= PG_MAX_NODES)
		return -1;
	if (g->nnodes == g->cap) {
		uint32_t nc = g->cap * 2;
		pnode *nn = realloc(g->nodes, nc * sizeof(pnode));
		if (!nn)
			return -1;
		g->nodes = nn;
		g->cap = nc;
	}
	memset(&g->nodes[g->nnodes], 0, sizeof(pnode));
	return (int32_t)g->nnodes++;
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
} ftok;

typedef struct fctx {
	parser_graph *g;
	const parser_cmd *cmd;
	ftok t[FMT_MAX_TOKENS];
	int nt;
	int nocc, ndist;
	/* help lines */
	const char *hl[FMT_MAX_TOKENS];
	uint16_t hlen[FMT_MAX_TOKENS];
	int nhelp;
	bool per_distinct;
	/* error */
	char *err;
	size_t errlen;
	bool failed;
	/* nodes whose level was lowered, to restore on failure */
	uint32_t touched[FMT_MAX_TOUCHED];
	uint8_t old_level[FMT_MAX_TOUCHED];
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

static const parser_param *find_param(const parser_cmd *cmd, const char *name, size_t len)
{
	if (!cmd->params)
		return NULL;
	for (const parser_param *p = cmd->params; p->name; p++)
		if (strlen(p->name) == len && memcmp(p->name, name, len) == 0)
			return p;
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
			unsigned a, b;
			int used = 0;
			if (sscanf(s + i, "&<%u-%u>%n", &a, &b, &used) != 2 || used == 0)
				return fail(c, "bad repetition at column %zu", i);
			if (a > b || b == 0 || b > FMT_MAX_REPEAT)
				return fail(c, "repetition bounds &<%u-%u> out of range", a, b);
			t->type = FT_REP;
			t->rmin = (uint16_t)a;
			t->rmax = (uint16_t)b;
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
			t->param = find_param(c->cmd, t->s, t->len);
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

static int split_help(fctx *c)
{
	const char *h = c->cmd->help;

	c->nhelp = 0;
	if (h && *h) {
		for (;;) {
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

static int check_alts(fctx *c, int i, int end, int *maxlen, int *nalts);

/* Check the sequence starting at i; returns the index of the token that
 * ends it (a '|' or a close, or nt), or -1.  *maxlen: longest path. */
static int check_seq(fctx *c, int i, int *maxlen)
{
	int total = 0;
	bool any = false;

	while (i < c->nt) {
		ftok *t = &c->t[i];
		if (t->type == FT_BAR || t->type == FT_RBRACK || t->type == FT_RBRACE)
			break;
		if (t->type == FT_KW || t->type == FT_PARAM) {
			total++;
			i++;
			any = true;
			continue;
		}
		if (t->type == FT_REP || t->type == FT_STAR)
			return fail(c, "repetition without a group");
		/* '[' or '{' */
		int want = t->type == FT_LBRACK ? FT_RBRACK : FT_RBRACE;
		int depth = 0, j;
		for (j = i; j < c->nt; j++) {
			int ty = c->t[j].type;
			if (ty == FT_LBRACK || ty == FT_LBRACE)
				depth++;
			else if (ty == FT_RBRACK || ty == FT_RBRACE)
				if (--depth == 0)
					break;
		}
		if (j >= c->nt || c->t[j].type != want)
			return fail(c, "unbalanced brackets");
		t->close = (uint16_t)j;
		int ml = 0, nalts = 0;
		if (check_alts(c, i + 1, j, &ml, &nalts) < 0)
			return -1;
		int reps = 1;
		i = j + 1;
		if (i < c->nt && c->t[i].type == FT_REP) {
			reps = c->t[i].rmax;
			i++;
		} else if (i < c->nt && c->t[i].type == FT_STAR) {
			reps = nalts;
			i++;
		}
		total += ml * reps;
		any = true;
	}
	if (!any)
		return fail(c, "empty alternative or group");
	*maxlen = total;
	return i;
}

static int check_alts(fctx *c, int i, int end, int *maxlen, int *nalts)
{
	*maxlen = 0;
	*nalts = 0;
	for (;;) {
		int ml = 0;
		int j = check_seq(c, i, &ml);
		if (j < 0)
			return -1;
		(*nalts)++;
		if (ml > *maxlen)
			*maxlen = ml;
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

static void touch(fctx *c, uint32_t id)
{
	pnode *n = &c->g->nodes[id];

	if (n->level <= c->cmd->level)
		return;
	if (c->ntouched == FMT_MAX_TOUCHED) {
		fail(c, "too many nodes");
		return;
	}
	c->touched[c->ntouched] = id;
	c->old_level[c->ntouched] = n->level;
	c->ntouched++;
	n->level = c->cmd->level;
}

static bool same_token(const pnode *n, uint8_t type, const char *lc, const parser_param *p,
		       uint8_t flags)
{
	if (n->type != type || n->flags != flags)
		return false;
	if (type == PN_KEYWORD)
		return strcmp(n->lc, lc) == 0;
	return strcmp(n->param->name, p->name) == 0 && n->param->type == p->type;
}

/* Attach one token after frontier f; returns the node id or -1. */
static int32_t attach(fctx *c, const frontier *f, uint8_t type, const char *text, size_t len,
		      const parser_param *p, const char *help, size_t hlen, uint8_t flags)
{
	parser_graph *g = c->g;
	char lc[PG_MAX_KEYWORD + 1] = "";

	if (type == PN_KEYWORD) {
		for (size_t i = 0; i < len; i++)
			lc[i] = (char)tolower((unsigned char)text[i]);
		lc[len] = '\0';
	}
	if (f->n == 1) {
		const pnode *pn = &g->nodes[f->v[0]];
		const uint32_t *kids = type == PN_KEYWORD ? pn->kw : pn->par;
		uint16_t nk = type == PN_KEYWORD ? pn->nkw : pn->npar;
		for (uint16_t i = 0; i < nk; i++) {
			const pnode *k = &g->nodes[kids[i]];
			if (k->indeg == 1 && same_token(k, type, lc, p, flags)) {
				touch(c, kids[i]);
				return (int32_t)kids[i];
			}
		}
	}
	int32_t id = new_node(g);
	if (id < 0) {
		fail(c, "graph full");
		return -1;
	}
	pnode *n = &g->nodes[id];
	n->type = type;
	n->flags = flags;
	n->level = c->cmd->level;
	n->param = p;
	if (type == PN_KEYWORD) {
		n->text = pg_strndup(g, text, len);
		n->lc = pg_strndup(g, lc, len);
		n->kwlen = (uint8_t)len;
	}
	n->help = pg_strndup(g, help ? help : "", help ? hlen : 0);
	if ((type == PN_KEYWORD && (!n->text || !n->lc)) || !n->help) {
		fail(c, "out of memory");
		return -1;
	}
	for (int i = 0; i < f->n; i++) {
		if (!add_edge(g, f->v[i], (uint32_t)id)) {
			fail(c, "out of memory");
			return -1;
		}
	}
	return id;
}

static int build_alts(fctx *c, int i, int end, const frontier *in, frontier *out);

static int build_seq(fctx *c, int i, int end, const frontier *in, frontier *out)
{
	frontier *cur = malloc(sizeof(*cur));
	frontier *tmp = malloc(sizeof(*tmp));
	frontier *acc = malloc(sizeof(*acc));
	int rc = -1;

	if (!cur || !tmp || !acc) {
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
					    t->len, t->param, c->hl[li], c->hlen[li], 0);
			if (id < 0)
				goto done;
			cur->n = 0;
			fr_add(cur, (uint32_t)id, c);
			i++;
			continue;
		}
		/* a group: '[' or '{' with an optional repetition suffix */
		int close = t->close;
		int rmin = t->type == FT_LBRACK ? 0 : 1, rmax = 1;
		int next = close + 1;
		if (next < c->nt && c->t[next].type == FT_REP) {
			rmin = t->type == FT_LBRACK ? 0 : c->t[next].rmin;
			rmax = c->t[next].rmax;
			next++;
		} else if (next < c->nt && c->t[next].type == FT_STAR) {
			int nalts = 1, depth = 0;
			for (int j = i + 1; j < close; j++) {
				int ty = c->t[j].type;
				if (ty == FT_LBRACK || ty == FT_LBRACE)
					depth++;
				else if (ty == FT_RBRACK || ty == FT_RBRACE)
					depth--;
				else if (ty == FT_BAR && depth == 0)
					nalts++;
			}
			rmax = nalts;
			next++;
		}
		acc->n = 0;
		if (rmin == 0)
			*acc = *cur;
		for (int r = 1; r <= rmax && !c->failed; r++) {
			if (build_alts(c, i + 1, close, cur, tmp) < 0)
				goto done;
			*cur = *tmp;
			if (r >= rmin)
				for (int k = 0; k < cur->n; k++)
					fr_add(acc, cur->v[k], c);
		}
		*cur = *acc;
		i = next;
	}
	if (!c->failed) {
		*out = *cur;
		rc = 0;
	}
done:
	free(cur);
	free(tmp);
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
		int j = i, depth = 0;
		/* end of this alternative: a '|' at depth 0 */
		while (j < end) {
			int ty = c->t[j].type;
			if (ty == FT_LBRACK || ty == FT_LBRACE)
				depth++;
			else if (ty == FT_RBRACK || ty == FT_RBRACE)
				depth--;
			else if (ty == FT_BAR && depth == 0)
				break;
			j++;
		}
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
	int32_t bar = attach(c, in, PN_KEYWORD, "|", 1, NULL, PIPE_BAR_HELP,
			     strlen(PIPE_BAR_HELP), PNF_PIPE_BAR);
	if (bar < 0)
		goto done;
	f->n = 0;
	fr_add(f, (uint32_t)bar, c);
	kinds->n = 0;
	for (size_t k = 0; k < sizeof(pipe_kinds) / sizeof(pipe_kinds[0]); k++) {
		int32_t id = attach(c, f, PN_KEYWORD, pipe_kinds[k].kw, strlen(pipe_kinds[k].kw),
				    NULL, pipe_kinds[k].help, strlen(pipe_kinds[k].help),
				    PNF_PIPE_KIND);
		if (id < 0)
			goto done;
		fr_add(kinds, (uint32_t)id, c);
		if (!pipe_kinds[k].regex)
			fr_add(out, (uint32_t)id, c);
	}
	int32_t rx = attach(c, kinds, PN_PARAM, NULL, 0, &pipe_regex_param, PIPE_REGEX_HELP,
			    strlen(PIPE_REGEX_HELP), PNF_PIPE_REGEX);
	if (rx < 0)
		goto done;
	fr_add(out, (uint32_t)rx, c);
	redir->n = 0;
	for (size_t k = 0; k < sizeof(redirects) / sizeof(redirects[0]); k++) {
		int32_t id = attach(c, in, PN_KEYWORD, redirects[k].kw, strlen(redirects[k].kw),
				    NULL, redirects[k].help, strlen(redirects[k].help),
				    PNF_PIPE_KIND);
		if (id < 0)
			goto done;
		fr_add(redir, (uint32_t)id, c);
	}
	int32_t file = attach(c, redir, PN_PARAM, NULL, 0, &pipe_file_param, PIPE_FILE_HELP,
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

/* Undo a failed add: drop the new nodes and every edge to them, restore
 * lowered levels. */
static void rollback(parser_graph *g, uint32_t old_n, fctx *c)
{
	for (uint32_t i = 0; i < old_n; i++) {
		pnode *n = &g->nodes[i];
		uint32_t *arrs[3] = { n->kw, n->par, n->end };
		uint16_t *cnts[3] = { &n->nkw, &n->npar, &n->nend };
		for (int a = 0; a < 3; a++) {
			uint16_t w = 0;
			for (uint16_t r = 0; r < *cnts[a]; r++)
				if (arrs[a][r] < old_n)
					arrs[a][w++] = arrs[a][r];
			*cnts[a] = w;
		}
	}
	for (uint32_t i = old_n; i < g->nnodes; i++)
		node_free_children(&g->nodes[i]);
	g->nnodes = old_n;
	for (int i = c->ntouched - 1; i >= 0; i--)
		g->nodes[c->touched[i]].level = c->old_level[i];
}

int parser_graph_add(parser_graph *g, const parser_cmd *cmd, char *err, size_t errlen)
{
	fctx *c = calloc(1, sizeof(*c));
	frontier *f = NULL, *fe = NULL;
	uint32_t old_n = g->nnodes;
	int rc = -1;

	if (err && errlen)
		err[0] = '\0';
	if (!c) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->g = g;
	c->cmd = cmd;
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
	int ml = 0;
	int stop = check_seq(c, 0, &ml);
	if (stop < 0)
		goto out;
	if (stop != c->nt) { /* a stray '|', ']' or '}' at the top level */
		fail(c, "unbalanced brackets");
		goto out;
	}
	if (ml > PARSER_MAX_ARGS) {
		fail(c, "longest path has %d words, more than %d", ml, PARSER_MAX_ARGS);
		goto out;
	}

	f = malloc(sizeof(*f));
	fe = malloc(sizeof(*fe));
	if (!f || !fe) {
		fail(c, "out of memory");
		goto out;
	}
	frontier root = { .n = 1, .v = { 0 } };
	if (build_seq(c, 0, c->nt, &root, f) < 0)
		goto fail_build;
	for (int i = 0; i < f->n; i++)
		if (f->v[i] == 0) {
			fail(c, "the command may be empty");
			goto fail_build;
		}
	if (cmd->flags & PARSER_CMD_PIPE) {
		if (build_pipe(c, f, fe) < 0)
			goto fail_build;
		for (int i = 0; i < fe->n; i++)
			fr_add(f, fe->v[i], c);
	}
	int32_t end = new_node(g);
	if (end < 0) {
		fail(c, "graph full");
		goto fail_build;
	}
	pnode *en = &g->nodes[end];
	en->type = PN_END;
	en->level = cmd->level;
	en->cmd = cmd;
	en->order = (uint32_t)g->ncmds;
	for (int i = 0; i < f->n; i++)
		if (!add_edge(g, f->v[i], (uint32_t)end)) {
			fail(c, "out of memory");
			goto fail_build;
		}
	if (c->failed)
		goto fail_build;
	g->ncmds++;
	rc = 0;
	goto out;
fail_build:
	rollback(g, old_n, c);
out:
	free(f);
	free(fe);
	free(c);
	return rc;
}
