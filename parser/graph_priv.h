/* Inside of the match graph, shared by the compiler (grammar.c), the
 * frozen form (frozen.c), the matcher (matcher.c) and help/completion
 * (help.c).  Not for use outside parser/.
 *
 * A graph is built, then frozen.  The builder (pb_*) is a DAG of token
 * nodes with growable child arrays; a command's optional parts and
 * alternatives are compiled into edges: from every node after which the
 * command may end there is an edge to the command's own END node.
 * Repetitions (`{ x } &<1-8>`) and any-order groups (`{ a | b } *`) are
 * compiled once, with loop edges back to the group's first nodes; the
 * matcher counts the passes.  A graph may have several roots (one per
 * view), and a root may offer the commands of shared roots too ("All
 * views").
 *
 * The frozen form (pg_*) holds no pointers: nodes, edges, strings and
 * tables are arrays addressed by offsets, so that it can be written out
 * whole and embedded in the program (parser_graph_blob) or used straight
 * from the builder.  The matcher and help read only the frozen form. */
#ifndef VRPSH_PARSER_GRAPH_PRIV_H
#define VRPSH_PARSER_GRAPH_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "grammar.h"
#include "matcher.h"

#define PG_MAX_KEYWORD 63    /* longest keyword, in bytes */
#define PG_MAX_NEST 4        /* repetition groups inside one another */

enum pnode_type { PN_ROOT, PN_KEYWORD, PN_PARAM, PN_END };

/* Pipe filter nodes appended to PARSER_CMD_PIPE commands. */
#define PNF_PIPE_BAR 0x01u   /* the "|" keyword */
#define PNF_PIPE_KIND 0x02u  /* include / exclude / begin */
#define PNF_PIPE_REGEX 0x04u /* the regular expression */

/* Repetition groups. */
enum pg_group_kind {
	PG_REP = 1,  /* { x } &<m-n>: the body m..n times */
	PG_ANY = 2,  /* { a | b } *: alternatives in any order, each at most once */
};

typedef struct pg_group {
	uint16_t parent;        /* enclosing group, 0 = none */
	uint8_t kind;           /* enum pg_group_kind */
	uint8_t alt_in_parent;  /* which alternative of an enclosing PG_ANY group */
	uint16_t min, max;      /* PG_REP: passes */
	uint16_t pad;
} pg_group;

/* ---- the frozen form --------------------------------------------------- */

typedef struct pg_node {
	uint8_t type;     /* enum pnode_type */
	uint8_t flags;    /* PNF_* */
	uint8_t level;    /* lowest level of the commands through this node */
	uint8_t kwlen;    /* strlen of the keyword */
	uint32_t avail;   /* union of the availability bits of the commands through it */
	uint32_t text;    /* keyword as written (string offset) */
	uint32_t lc;      /* keyword in lower case */
	uint32_t help;    /* help line */
	uint32_t ref;     /* PARAM: index in the param table; END: command id */
	uint32_t kids;    /* first edge: kw[nkw], par[npar], end[nend], then nloop (node, group) pairs */
	uint16_t nkw, npar, nend, nloop;
	uint16_t grp;     /* innermost repetition group, 0 = none */
	uint8_t alt;      /* alternative of grp when it is a PG_ANY group */
	uint8_t pad;
} pg_node;

/* A parameter node's parameter: the command that declares it and its
 * index in that command's params. */
typedef struct pg_param {
	uint32_t cmd;
	uint32_t idx;
} pg_param;

typedef struct pg_frozen {
	const pg_node *nodes;
	const uint32_t *edges;
	/* Parallel to edges: for a keyword edge the keyword's pg_kwkey, 0 for
	 * the others.  A node's keyword keys are sorted as its keywords are,
	 * so a token's keywords are found by comparing integers. */
	const uint64_t *kwkey;
	const pg_group *groups;  /* [0] unused */
	const pg_param *params;
	const char *str;         /* offset 0 is "" */
	uint32_t nnodes, nedges, ngroups, nparams, strlen;
} pg_frozen;

struct pb_builder; /* grammar.c */

struct parser_graph {
	struct pb_builder *b;      /* NULL for a graph opened from a blob */
	bool dirty;                /* built since the last freeze */
	pg_frozen f;
	void *fmem;                /* what f points into, when owned */
	/* Commands by id, resolved on first use. */
	const parser_cmd **cmds;
	uint32_t ncmds;
	parser_resolve_fn resolve;
	void *resolve_ctx;
	const parser_param **pcache; /* by param index, resolved on first use */
	uint32_t cmd_count;        /* commands added (ids handed out by parser_graph_add) */
};

/* Freeze the builder's graph if it changed (the matcher calls it before
 * every walk; a graph opened from a blob is always frozen).  Returns 0 or
 * -1 when out of memory. */
int pg_freeze(parser_graph *g);
/* Resolve a command id / a param index (NULL when unknown); parameters
 * are looked up once and then found in the cache. */
const parser_cmd *pg_cmd(const parser_graph *g, uint32_t id);
const parser_param *pg_param_resolve(const parser_graph *g, const pg_node *n);
static inline const parser_param *pg_param_of(const parser_graph *g, const pg_node *n)
{
	const parser_param *p = g->pcache && n->ref < g->f.nparams ? g->pcache[n->ref] : NULL;
	return p ? p : pg_param_resolve(g, n);
}

static inline const pg_node *pg_node_at(const pg_frozen *f, uint32_t i)
{
	return &f->nodes[i];
}
static inline const char *pg_str(const pg_frozen *f, uint32_t off)
{
	return f->str + off;
}
static inline const uint32_t *pg_kw(const pg_frozen *f, const pg_node *n)
{
	return f->edges + n->kids;
}
/* The first 8 bytes of s[0..len), big-endian, padded with zero bytes:
 * ordered as strcmp orders the strings' first 8 bytes. */
static inline uint64_t pg_kwkey(const char *s, size_t len)
{
	uint64_t k = 0;

	memcpy(&k, s, len < 8 ? len : 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	k = __builtin_bswap64(k);
#endif
	return k;
}
static inline const uint32_t *pg_par(const pg_frozen *f, const pg_node *n)
{
	return f->edges + n->kids + n->nkw;
}
static inline const uint32_t *pg_end(const pg_frozen *f, const pg_node *n)
{
	return f->edges + n->kids + n->nkw + n->npar;
}
/* Loop edges: pairs (target node, group). */
static inline const uint32_t *pg_loop(const pg_frozen *f, const pg_node *n)
{
	return f->edges + n->kids + n->nkw + n->npar + n->nend;
}

/* ---- the walk shared by matching, help and completion ---------------- */

#define PW_MAX_LIVE 64    /* live states after one token */
#define PW_MAX_RECS 4096  /* binding records for one line */

#define PW_MAX_VALS 64    /* parameter values kept from matching for binding */

/* One step of a path: node reached by token tok, from record parent. */
typedef struct pw_rec {
	uint32_t node;
	int32_t parent; /* -1 for the first token */
	uint16_t tok;
	int16_t val;    /* the token's value in pw_walk.vals, -1 if not kept */
} pw_rec;

/* Pass counts of the repetition groups a state is inside, outermost
 * first: for PG_REP the number of passes begun, for PG_ANY the mask of
 * the alternatives taken.  They mirror the node's group chain. */
typedef struct pw_reps {
	uint8_t n;
	uint64_t v[PG_MAX_NEST];
} pw_reps;

typedef struct pw_state {
	uint32_t node;
	int32_t rec;      /* last record of the path, -1 at the root */
	int16_t amb;      /* earliest token where paths merged into this state chose
			   * different keywords, -1 if none */
	bool swallow;     /* inside a rest-of-line parameter */
	pw_reps reps;
} pw_state;

/* Do a and b accept the same values with the same results?  A parse reads
 * only these fields of its type. */
static inline bool pw_parses_alike(const ptype *a, const ptype *b)
{
	return a == b || (a->kind == b->kind && a->min == b->min && a->max == b->max &&
			  a->flags == b->flags);
}

/* What one step of a walk depended on, for the match cache (matchcache.c):
 * the nodes of the live states, whether some keyword of theirs took the
 * token, and each distinct parameter type tried on it with its rank.  `odd` marks what the cache cannot replay from
 * ranks alone (a rest-of-line parameter, an interface number read after
 * its type, more types than fit). */
#define PW_TRACE_TYPES 16
#define PW_TRACE_TOKENS 16
#define PW_TRACE_LIVE 16
typedef struct pw_trace_step {
	bool kw;
	uint8_t ntypes;
	uint8_t nlive;    /* the nodes of the live states, PW_TRACE_LIVE + 1: more */
	const ptype *type[PW_TRACE_TYPES];
	int8_t rank[PW_TRACE_TYPES];
	uint32_t live[PW_TRACE_LIVE];
} pw_trace_step;

typedef struct pw_trace {
	bool odd;
	pw_trace_step step[PW_TRACE_TOKENS];
} pw_trace;

typedef struct pw_walk {
	const parser_graph *g;
	const pg_frozen *f;
	const lex_line *l;
	int level;
	uint32_t avail;
	int nlive;
	pw_state live[PW_MAX_LIVE];
	bool amb_seen;    /* some token kept two different partial keywords */
	bool keep_all;    /* every parameter reading survives (see pw_run) */
	bool pruned;      /* a reading was dropped for a better-ranked one */
	int nrecs;
	pw_rec recs[PW_MAX_RECS];
	int nvals;
	parser_value vals[PW_MAX_VALS]; /* tokens parsed as parameters while matching */
	pw_trace *trace;  /* filled when not NULL (lines of PW_TRACE_TOKENS at most) */
	/* On failure: */
	parser_status status;
	int err_tok;
} pw_walk;

static inline bool pw_visible(const pw_walk *w, const pg_node *n)
{
	return (int)n->level <= w->level && (n->avail & w->avail) != 0;
}

/* May a state at `from` (with reps) go to `to`?  loop_grp is the group of a
 * loop edge, 0 for an ordinary edge.  On success *out gets the reps of the
 * new state.  END nodes are left with every group of `from` closed.
 * pw_step_groups does the work when groups are involved; pw_step answers
 * the common case (no group on either side) inline. */
bool pw_step_groups(const pg_frozen *f, const pg_node *from, const pw_reps *reps, uint32_t to,
		    uint16_t loop_grp, pw_reps *out);
static inline bool pw_step(const pg_frozen *f, const pg_node *from, const pw_reps *reps,
			   uint32_t to, uint16_t loop_grp, pw_reps *out)
{
	if (!loop_grp && !from->grp && !f->nodes[to].grp) {
		out->n = 0;
		return true;
	}
	return pw_step_groups(f, from, reps, to, loop_grp, out);
}

/* Walk tokens [0, ntok) of l from the scope's root.  Returns PM_OK with
 * the live states in w->live (possibly still ambiguous: see
 * pw_ambiguous_tok), or the error status (w->err_tok set).
 *
 * Normally only the best-ranked readings of a token survive, which keeps
 * the walk small; w->pruned then says whether any reading was dropped.
 * With keep_all, every parameter reading of a token survives beside the
 * keywords (an exact keyword still beats a partial one and any
 * parameter): a token that one command types as an integer and another
 * as a string leads on into both commands. */
parser_status pw_run(pw_walk *w, const parser_graph *g, const parser_scope *sc, const lex_line *l,
		     int ntok, bool keep_all);
/* The same, recording each step in *trace (which may be NULL). */
parser_status pw_run_traced(pw_walk *w, const parser_graph *g, const parser_scope *sc,
			    const lex_line *l, int ntok, bool keep_all, pw_trace *trace);

/* dst = src[0..n) in lower case, followed by at least one NUL (dst has
 * room for n + 8 bytes); returns pg_kwkey(dst, n). */
uint64_t pw_lower_key(char *dst, const char *src, size_t n);

/* The match cache (matchcache.c): answer m from the cache (true), or
 * record a line the walk w matched, path being its winning record. */
bool pmc_lookup(parser_match_cache *mc, const parser_graph *g, const parser_scope *sc,
		const lex_line *l, parser_match *m);
void pmc_record(parser_match_cache *mc, const pw_walk *w, const parser_scope *sc,
		const pw_trace *trace, int32_t path, const parser_match *m);
/* Checking mode: is it on, and count a cached answer unlike the walk's. */
bool pmc_checking(const parser_match_cache *mc);
void pmc_compare(parser_match_cache *mc, const parser_match *cached, const parser_match *walked);

/* The error for token i when no live state of w takes it (Ambiguous at an
 * earlier token if the live paths disagree on a keyword). */
parser_status pw_dead_end(const pw_walk *w, int i, int *err_tok);

/* Earliest token at which the live states listed in idx[0..n) (all live
 * states if idx is NULL) chose different keywords, or -1.  A prefix such as
 * "d" may match several keywords as long as later words leave one. */
int pw_ambiguous_tok(const pw_walk *w, const int *idx, int n);

/* Call fn for each transition a live state may take next (visible to the
 * walk, allowed by the repetition counts): ordinary keyword, parameter and
 * END children, then loop edges.  fn returns non-zero to stop. */
typedef int (*pw_next_fn)(void *arg, const pw_walk *w, const pw_state *st, uint32_t node,
			  const pw_reps *reps);
int pw_each_next(const pw_walk *w, const pw_state *st, pw_next_fn fn, void *arg);

/* The keyword children of n whose lower-case text begins with the
 * lower-case key[0..klen) (1 <= klen <= PG_MAX_KEYWORD; key8 =
 * pg_kwkey(key, klen)): indexes [*first, return value) of pg_kw(f, n). */
uint32_t pw_kw_run(const pg_frozen *f, const pg_node *n, const char *key, size_t klen,
		   uint64_t key8, uint32_t *first);

/* Rebuild the arguments along the path ending at record rec into args
 * (parameters re-parsed; pipe nodes reported through pipe_kind/pattern,
 * which may be NULL).  Returns false if the path does not fit. */
bool pw_bind(const pw_walk *w, int32_t rec, parser_args *args, const char **pipe_kind,
	     const char **pipe_pattern);

/* The token for a rest-of-line parameter that starts at token i. */
void pw_rest_token(const lex_line *l, int i, lex_token *out);

/* Case-insensitive strcmp for keyword ordering. */
int pw_kwcmp(const char *a, const char *b);

#endif
