/* The command set (see cmdset.h).
 *
 * Command ids: the hand-written rows first, in table order, then the
 * generated rows in gen_cmds order; the lower id wins when two commands
 * match the same line, so a hand-written row beats a generated one.  A
 * generated row whose Format is also a hand-written row's is replaced by
 * it and left out.
 *
 * Roots: PARSER_ROOT is "All views", root 1 "All views except the user
 * view", and view v has root 2 + v, sharing the first (and, but for the
 * user view, the second). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../views/models.h"
#include "cmdset.h"

#define ROOT_ANY PARSER_ROOT
#define ROOT_CONFIG 1u
#define ROOT_OF(v) (2u + (uint32_t)(v))

/* The graph compiled at build time; the build tool itself has none. */
extern const char vrpsh_graph_blob[] __attribute__((weak));
extern const char vrpsh_graph_blob_end[] __attribute__((weak));

struct view_set {
	uint32_t avail;
	parser_match_cache *mc; /* shapes of the lines this session matched */
};

/* ---- hand-written rows --------------------------------------------------- */

static const view_cmd *const *all_tables(size_t *n)
{
	static const view_cmd *const tables[] = {
		view_cmds_system, view_cmds_display, view_cmds_interface, view_cmds_vpn,
		view_cmds_bgp, view_cmds_display_bgp, view_cmds_display_if, view_cmds_aaa,
		view_cmds_ui, view_cmds_terminal, view_cmds_history, view_cmds_trial, view_cmds_cfgsession,
		view_cmds_display_ifdesc, view_cmds_display_vpn, view_cmds_display_vlan,
		view_cmds_display_memory, view_cmds_display_device,
		view_cmds_display_log, view_cmds_display_saved, view_cmds_display_aaa,
	};
	*n = sizeof tables / sizeof tables[0];
	return tables;
}

static struct {
	bool done;
	const view_cmd **rows;
	uint32_t n;
} hand;

static bool hand_init(void)
{
	size_t ntables, n = 0;
	const view_cmd *const *tables = all_tables(&ntables);

	if (hand.done)
		return hand.rows != NULL;
	hand.done = true;
	for (size_t t = 0; t < ntables; t++)
		for (const view_cmd *r = tables[t]; r->pc.format; r++)
			n++;
	hand.rows = malloc((n ? n : 1) * sizeof(*hand.rows));
	if (!hand.rows)
		return false;
	for (size_t t = 0; t < ntables; t++)
		for (const view_cmd *r = tables[t]; r->pc.format; r++)
			hand.rows[hand.n++] = r;
	return true;
}

/* ---- generated rows, made into commands on first use ------------------- */

static ptype *gen_pt;        /* by gen_ptypes index, filled when help is set */
static const parser_cmd **gen_pc; /* by gen_cmds index */

static const ptype *gen_ptype_at(uint32_t i)
{
	if (i >= gen_nptypes)
		return NULL;
	if (!gen_pt && !(gen_pt = calloc(gen_nptypes, sizeof(*gen_pt))))
		return NULL;
	ptype *t = &gen_pt[i];
	if (!t->help_token) {
		const gen_ptype *g = &gen_ptypes[i];
		t->kind = (enum ptype_kind)g->kind;
		t->min = g->min;
		t->max = g->max;
		t->flags = g->flags;
		t->help_token = gen_str + g->help;
	}
	return t;
}

/* Is w (wl bytes) one of the blank-separated words of text? */
static bool title_has(const char *text, const char *w, size_t wl)
{
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		const char *q = p;
		while (*q && *q != ' ')
			q++;
		if ((size_t)(q - p) == wl && strncasecmp(p, w, wl) == 0)
			return true;
		p = q;
	}
	return false;
}

/* Help lines for a generated Format: a keyword names the command it leads
 * to (the row's title, and the keyword when the title does not have it),
 * a parameter gives its name; one line per occurrence. */
static char *gen_help(const char *fmt, const char *title)
{
	size_t cap = 256, len = 0;
	char *h = malloc(cap);

	if (!h)
		return NULL;
	h[0] = '\0';
	for (const char *p = fmt; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wl = (size_t)(p - w);
		const char *add, *extra = NULL;
		size_t alen, elen = 0;
		if (*w == '[' || *w == ']' || *w == '{' || *w == '}' || *w == '|' || *w == '*' ||
		    *w == '&')
			continue;
		if (*w == '<') {
			add = w + 1;
			alen = wl >= 2 ? wl - 2 : 0;
		} else {
			add = title;
			alen = strlen(title);
			/* an option the title does not name is named after it:
			 * `is-level level-1` */
			extra = !title_has(title, w, wl) ? w : NULL;
			elen = extra ? wl : 0;
		}
		if (len + alen + elen + 3 > cap) {
			while (len + alen + elen + 3 > cap)
				cap *= 2;
			char *nh = realloc(h, cap);
			if (!nh) {
				free(h);
				return NULL;
			}
			h = nh;
		}
		memcpy(h + len, add, alen);
		len += alen;
		if (extra) {
			h[len++] = ' ';
			memcpy(h + len, extra, elen);
			len += elen;
		}
		h[len++] = '\n';
		h[len] = '\0';
	}
	return h;
}

struct gen_made {
	parser_cmd pc;
	parser_param params[];
};

static const parser_cmd *gen_make(uint32_t k)
{
	if (k >= gen_ncmds)
		return NULL;
	if (!gen_pc && !(gen_pc = calloc(gen_ncmds, sizeof(*gen_pc))))
		return NULL;
	if (gen_pc[k])
		return gen_pc[k];
	const gen_cmd *r = &gen_cmds[k];
	struct gen_made *m = calloc(1, sizeof(*m) + (r->nparams + 1u) * sizeof(parser_param));
	if (!m)
		return NULL;
	for (uint32_t i = 0; i < r->nparams; i++) {
		const gen_param *gp = &gen_params[r->params + i];
		m->params[i].name = gen_str + gp->name;
		m->params[i].type = gen_ptype_at(gp->ptype);
	}
	m->pc.format = gen_str + r->format;
	m->pc.help = gen_help(m->pc.format, gen_str + r->title);
	m->pc.params = m->params;
	m->pc.level = r->level;
	m->pc.flags = (r->kind == GEN_DISPLAY ? PARSER_CMD_PIPE : 0) | PARSER_CMD_NAME_HELP;
	if (!m->pc.help) {
		free(m);
		return NULL;
	}
	gen_pc[k] = &m->pc;
	return &m->pc;
}

static const parser_cmd *resolve(void *ctx, uint32_t id)
{
	(void)ctx;
	if (!hand_init())
		return NULL;
	if (id < hand.n)
		return &hand.rows[id]->pc;
	return gen_make(id - hand.n);
}

/* The availability bits of a generated row's model list. */
static uint32_t gen_bits(const gen_cmd *r, cmdset_bad_fn bad, void *arg)
{
	const uint32_t *l = &gen_lists[r->models];
	uint32_t bits = 0;

	if (l[0] == 0)
		return MODEL_BITS_ALL;
	for (uint32_t i = 1; i <= l[0]; i++) {
		uint32_t b = model_ref_bits(gen_str + l[i]);
		if (!b && bad)
			bad(arg, gen_str + r->format, "unknown model name");
		bits |= b;
	}
	return bits;
}

/* ---- compiling ------------------------------------------------------------- */

static size_t n_replaced;

static uint32_t root_for(uint32_t view)
{
	if (view == VIEW_ANY)
		return ROOT_ANY;
	if (view == VIEW_ANY_CONFIG)
		return ROOT_CONFIG;
	return ROOT_OF(view);
}

/* The keywords of a Format, lower case, in a buffer: each NUL-terminated,
 * the list ended by an empty string.  *lead gets how many come before the
 * first parameter or bracket. */
static void keywords(const char *fmt, char *buf, size_t len, int *lead)
{
	size_t n = 0;
	bool leading = true;

	*lead = 0;
	for (const char *p = fmt; *p && n + 2 < len;) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (w == 0)
			break;
		bool kw = strchr("<[]{}|*&", *p) == NULL;
		if (!kw)
			leading = false;
		if (kw && n + w + 2 < len) {
			for (size_t i = 0; i < w; i++)
				buf[n++] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
			buf[n++] = '\0';
			*lead += leading;
		}
		p += w;
	}
	buf[n] = '\0';
}

static bool has_word(const char *list, const char *w)
{
	for (; *list; list += strlen(list) + 1)
		if (strcmp(list, w) == 0)
			return true;
	return false;
}

/* Is the generated Format `gen` the same command as the hand-written
 * Format `hand`: the same text, or leading keywords one of which begins
 * the other and no keyword the hand row lacks (a hand row that merges a
 * page's Formats into one, as `local-user NAME { ... | privilege level L
 * | ... } *`, or splits one, as `user-interface console <ui-number>` of
 * `user-interface { <ui-type> | console <first-ui-number> }`)? */
static bool same_command(const char *hand_fmt, const char *gen)
{
	char hk[2048], gk[2048];
	int hl, gl;

	if (strcmp(hand_fmt, gen) == 0)
		return true;
	keywords(hand_fmt, hk, sizeof hk, &hl);
	keywords(gen, gk, sizeof gk, &gl);
	if (hl == 0 || gl == 0)
		return false;
	const char *h = hk, *g = gk;
	for (int i = 0; i < hl && i < gl; i++, h += strlen(h) + 1, g += strlen(g) + 1)
		if (strcmp(h, g) != 0)
			return false;
	for (g = gk; *g; g += strlen(g) + 1)
		if (!has_word(hk, g))
			return false;
	return true;
}

/* Does a hand-written row of the same command run in view v (VIEW_ANY,
 * VIEW_ANY_CONFIG: in those shared roots)?  Then it replaces the
 * generated row there. */
static bool hand_has(const char *fmt, uint32_t v)
{
	for (uint32_t i = 0; i < hand.n; i++) {
		const view_cmd *r = hand.rows[i];
		if (!same_command(r->pc.format, fmt))
			continue;
		for (const uint16_t *l = r->views; l && *l != VIEW_LIST_END; l++)
			if (*l == v || *l == VIEW_ANY ||
			    (*l == VIEW_ANY_CONFIG && v != VIEW_USER && v != VIEW_ANY))
				return true;
	}
	return false;
}

static void add_row(parser_graph *g, uint32_t root, const parser_cmd *pc, uint32_t id,
		    uint32_t bits, cmdset_bad_fn bad, void *arg)
{
	char err[512];

	if (parser_graph_add_at(g, root, pc, id, bits, err, sizeof err) != 0 && bad)
		bad(arg, pc->format, err);
}

parser_graph *cmdset_compile(cmdset_bad_fn bad, void *arg)
{
	size_t nviews = view_count();
	parser_graph *g = parser_graph_new();

	if (!g || !hand_init())
		goto oom;
	if (parser_graph_root_new(g) != ROOT_CONFIG)
		goto oom;
	for (size_t v = 0; v < nviews; v++) {
		if (parser_graph_root_new(g) != ROOT_OF(v) ||
		    parser_graph_share_root(g, ROOT_OF(v), ROOT_ANY) != 0 ||
		    (v != VIEW_USER && parser_graph_share_root(g, ROOT_OF(v), ROOT_CONFIG) != 0))
			goto oom;
	}
	for (uint32_t id = 0; id < hand.n; id++) {
		const view_cmd *r = hand.rows[id];
		uint32_t bits = model_set_bits(r->models);
		if (!r->fn || !bits || !r->views || *r->views == VIEW_LIST_END) {
			if (bad)
				bad(arg, r->pc.format,
				    !r->fn ? "no handler" : !bits ? "unknown model set" : "no views");
			continue;
		}
		for (const uint16_t *v = r->views; *v != VIEW_LIST_END; v++) {
			if (*v != VIEW_ANY && *v != VIEW_ANY_CONFIG && *v >= nviews) {
				if (bad)
					bad(arg, r->pc.format, "unknown view");
				continue;
			}
			add_row(g, root_for(*v), &r->pc, id, bits, bad, arg);
		}
	}
	n_replaced = 0;
	for (uint32_t k = 0; k < gen_ncmds; k++) {
		const gen_cmd *r = &gen_cmds[k];
		const char *fmt = gen_str + r->format;
		const parser_cmd *pc;
		if (!(pc = gen_make(k)))
			goto oom;
		uint32_t bits = gen_bits(r, bad, arg);
		const uint32_t *l = &gen_lists[r->views];
		size_t added = 0;
		for (uint32_t i = 1; i <= l[0]; i++) {
			const char *vn = gen_str + l[i];
			view_id vs[64];
			size_t n;
			if (strncasecmp(vn, "All views", 9) == 0) {
				bool cfg = strstr(vn, "except the user view") != NULL;
				if (!hand_has(fmt, cfg ? VIEW_ANY_CONFIG : VIEW_ANY)) {
					add_row(g, cfg ? ROOT_CONFIG : ROOT_ANY, pc, hand.n + k, bits,
						bad, arg);
					added++;
				}
				continue;
			}
			n = view_find(vn, vs, 64);
			if (n == 0 && bad)
				bad(arg, pc->format, "unknown view name");
			for (size_t j = 0; j < n && j < 64; j++) {
				if (hand_has(fmt, vs[j]))
					continue;
				add_row(g, ROOT_OF(vs[j]), pc, hand.n + k, bits, bad, arg);
				added++;
			}
		}
		if (!added)
			n_replaced++;
	}
	parser_graph_reserve_ids(g, hand.n + gen_ncmds);
	return g;
oom:
	parser_graph_free(g);
	return NULL;
}

void cmdset_counts(size_t *nhand, size_t *ngen, size_t *replaced)
{
	hand_init();
	*nhand = hand.n;
	*ngen = gen_ncmds;
	*replaced = n_replaced;
}

/* ---- the process's graph --------------------------------------------------- */

static parser_graph *graph;

struct first_bad {
	char *err;
	size_t errlen;
	bool seen;
};

static void note_first_bad(void *arg, const char *format, const char *why)
{
	struct first_bad *b = arg;
	if (!b->seen)
		snprintf(b->err, b->errlen, "command '%s': %s", format, why);
	b->seen = true;
}

static parser_graph *graph_get(char *err, size_t errlen)
{
	if (graph)
		return graph;
	if (!hand_init()) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (vrpsh_graph_blob && vrpsh_graph_blob_end) {
		size_t len = (size_t)(vrpsh_graph_blob_end - vrpsh_graph_blob);
		graph = parser_graph_open_blob(vrpsh_graph_blob, len, resolve, NULL, err, errlen);
		if (graph && parser_graph_ncmds(graph) != hand.n + gen_ncmds) {
			snprintf(err, errlen, "the embedded command graph does not match the command "
					      "tables (rebuild)");
			parser_graph_free(graph);
			graph = NULL;
		}
		return graph;
	}
	struct first_bad b = { err, errlen, false };
	parser_graph *g = cmdset_compile(note_first_bad, &b);
	if (!g || b.seen) {
		if (!g)
			snprintf(err, errlen, "out of memory");
		parser_graph_free(g);
		return NULL;
	}
	return graph = g;
}

view_set *view_set_build(const vsh_model *m, bool low_latency, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!graph_get(err, errlen))
		return NULL;
	view_set *vs = calloc(1, sizeof(*vs));
	if (!vs) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vs->avail = model_bit(m ? m : model_default(), low_latency);
	vs->mc = parser_match_cache_new(); /* none when out of memory: no cache */
	return vs;
}

void view_set_free(view_set *vs)
{
	if (vs)
		parser_match_cache_free(vs->mc);
	free(vs);
}

void view_set_cache_check(view_set *vs, bool on)
{
	if (vs)
		parser_match_cache_check(vs->mc, on);
}

void view_set_cache_stats(const view_set *vs, unsigned long *hits, unsigned long *lookups,
			  unsigned long *mismatches)
{
	parser_match_cache_stats(vs ? vs->mc : NULL, hits, lookups, mismatches);
}

uint32_t view_set_avail(const view_set *vs)
{
	return vs ? vs->avail : 0;
}

static parser_scope scope_of(const view_set *vs, view_id v, int level)
{
	parser_scope sc = { ROOT_OF(v), vs ? vs->avail : 0, level };
	if ((size_t)v >= view_count())
		sc.avail = 0;
	return sc;
}

parser_status view_set_match(const view_set *vs, view_id v, const lex_line *l, int level,
			     parser_match *m)
{
	parser_scope sc = scope_of(vs, v, level);
	return parser_match_cached(graph, &sc, l, m, vs ? vs->mc : NULL);
}

parser_status view_set_match_any_model(view_id v, const lex_line *l, int level, parser_match *m)
{
	char err[256];
	parser_scope sc = { ROOT_OF(v), MODEL_BITS_ALL, level };

	if (!graph_get(err, sizeof err) || (size_t)v >= view_count()) {
		m->status = PM_UNRECOGNIZED;
		m->err_tok = 0;
		m->err_col = 0;
		m->cmd = NULL;
		return m->status;
	}
	return parser_match_scoped(graph, &sc, l, m);
}

int view_set_help(const view_set *vs, view_id v, const lex_line *l, int level, void *dynctx,
		  parser_help_list *out)
{
	parser_scope sc = scope_of(vs, v, level);
	return parser_help_scoped(graph, &sc, l, dynctx, out);
}

size_t view_set_complete(const view_set *vs, view_id v, const lex_line *l, int level,
			 char ***out)
{
	parser_scope sc = scope_of(vs, v, level);
	return parser_complete_scoped(graph, &sc, l, out);
}

const view_cmd *cmdset_hand_row(const parser_match *m)
{
	if (!m->cmd || !hand_init() || m->cmd_id >= hand.n)
		return NULL;
	return hand.rows[m->cmd_id];
}

const gen_cmd *cmdset_gen_row(const parser_match *m, uint32_t *index)
{
	if (!m->cmd || !hand_init() || m->cmd_id < hand.n || m->cmd_id - hand.n >= gen_ncmds)
		return NULL;
	if (index)
		*index = m->cmd_id - hand.n;
	return &gen_cmds[m->cmd_id - hand.n];
}

/* The view generated row k enters from view `from`. */
static uint16_t gen_enters(uint32_t k, view_id from)
{
	const uint32_t *vs;
	size_t n = view_entered_by(k, &vs);

	for (size_t i = 0; i < n; i++)
		if (view_gen_parent_is(vs[i], from))
			return view_of_gen_view(vs[i]);
	return VIEW_LIST_END;
}

/* The generated rows whose Format is a hand-written row's, for each hand
 * row: a count, then the row indexes.  Made on first use; a line that fails
 * or is skipped asks for every hand-written command it might be. */
static struct {
	bool done;
	uint32_t *off;   /* by hand row: offset of its list in v */
	uint32_t *v;
} same_fmt;

/* By Format, then by row index: rows of one Format are then tried in the
 * order of gen_cmds, as a scan of the table would meet them. */
static int fmt_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(gen_str + gen_cmds[x].format, gen_str + gen_cmds[y].format);
	return c ? c : (x > y) - (x < y);
}

static bool same_format_init(void)
{
	uint32_t *sorted = malloc((gen_ncmds ? gen_ncmds : 1) * sizeof *sorted);
	uint32_t *off = malloc((hand.n ? hand.n : 1) * sizeof *off);
	size_t cap = hand.n + 16, n = 0;
	uint32_t *v = malloc(cap * sizeof *v);
	if (!sorted || !off || !v)
		goto fail;
	for (uint32_t k = 0; k < gen_ncmds; k++)
		sorted[k] = k;
	qsort(sorted, gen_ncmds, sizeof *sorted, fmt_cmp);
	for (uint32_t h = 0; h < hand.n; h++) {
		const char *f = hand.rows[h]->pc.format;
		size_t lo = 0, hi = gen_ncmds;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(gen_str + gen_cmds[sorted[mid]].format, f) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < gen_ncmds && strcmp(gen_str + gen_cmds[sorted[end]].format, f) == 0)
			end++;
		if (n + 1 + (end - lo) > cap) {
			cap = (n + 1 + (end - lo)) * 2;
			uint32_t *nv = realloc(v, cap * sizeof *v);
			if (!nv)
				goto fail;
			v = nv;
		}
		off[h] = (uint32_t)n;
		v[n++] = (uint32_t)(end - lo);
		for (size_t i = lo; i < end; i++)
			v[n++] = sorted[i];
	}
	free(sorted);
	same_fmt.off = off;
	same_fmt.v = v;
	return true;
fail:
	free(sorted);
	free(off);
	free(v);
	return false;
}

static const uint32_t *same_format(uint32_t h)
{
	if (!same_fmt.done) {
		same_fmt.done = true;
		(void)same_format_init();
	}
	return same_fmt.v ? &same_fmt.v[same_fmt.off[h]] : NULL;
}

uint16_t cmdset_id_enters(uint32_t id, view_id from)
{
	if (!hand_init())
		return VIEW_LIST_END;
	if (id >= hand.n)
		return id - hand.n < gen_ncmds ? gen_enters(id - hand.n, from) : VIEW_LIST_END;
	const uint32_t *same = same_format(id);
	if (same) {
		for (uint32_t i = 1; i <= same[0]; i++) {
			uint16_t v = gen_enters(same[i], from);
			if (v != VIEW_LIST_END)
				return v;
		}
		return VIEW_LIST_END;
	}
	/* no index (out of memory): every generated row */
	const view_cmd *h = hand.rows[id];
	for (uint32_t k = 0; k < gen_ncmds; k++) {
		if (strcmp(gen_str + gen_cmds[k].format, h->pc.format) != 0)
			continue;
		uint16_t v = gen_enters(k, from);
		if (v != VIEW_LIST_END)
			return v;
	}
	return VIEW_LIST_END;
}

uint16_t cmdset_enters(const parser_match *m, view_id from)
{
	return m->cmd ? cmdset_id_enters(m->cmd_id, from) : VIEW_LIST_END;
}

int view_set_reachable(view_id v, const lex_line *l, int ntok, int level, parser_cmd_fn fn,
		       void *arg)
{
	char err[256];
	parser_scope sc = { ROOT_OF(v), MODEL_BITS_ALL, level };

	if (!graph_get(err, sizeof err) || (size_t)v >= view_count())
		return -1;
	return parser_reachable(graph, &sc, l, ntok, fn, arg);
}

uint32_t cmdset_avail(const parser_match *m)
{
	const view_cmd *h = cmdset_hand_row(m);
	const gen_cmd *r;

	if (h)
		return model_set_bits(h->models);
	if ((r = cmdset_gen_row(m, NULL)) != NULL)
		return gen_bits(r, NULL, NULL);
	return 0;
}
