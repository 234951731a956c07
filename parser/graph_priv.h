/* Inside of the match graph, shared by the compiler (grammar.c), the matcher
 * (matcher.c) and help/completion (help.c).  Not for use outside parser/.
 *
 * The graph is a DAG of token nodes.  A command's optional parts and
 * alternatives are compiled away into edges: from every node after which
 * the command may end there is an edge to the command's own END node, so
 * "can the command end here" is a look at the node's END children, with no
 * epsilon closure at match time.  Repetitions are unrolled.  Commands share
 * a prefix node only where that cannot create new paths (see grammar.c). */
#ifndef VRPSH_PARSER_GRAPH_PRIV_H
#define VRPSH_PARSER_GRAPH_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grammar.h"
#include "matcher.h"

#define PG_MAX_NODES 65000u  /* per graph */
#define PG_MAX_KEYWORD 63    /* longest keyword, in bytes */

enum pnode_type { PN_ROOT, PN_KEYWORD, PN_PARAM, PN_END };

/* Pipe filter nodes appended to PARSER_CMD_PIPE commands. */
#define PNF_PIPE_BAR 0x01u   /* the "|" keyword */
#define PNF_PIPE_KIND 0x02u  /* include / exclude / begin */
#define PNF_PIPE_REGEX 0x04u /* the regular expression */

typedef struct pnode {
	uint8_t type;          /* enum pnode_type */
	uint8_t level;         /* lowest level of the commands through this node */
	uint8_t flags;         /* PNF_* */
	uint8_t kwlen;         /* strlen(lc) for keywords */
	uint16_t indeg;        /* incoming edges (sharing rule) */
	const char *text;      /* keyword as written in the Format */
	const char *lc;        /* keyword in lower case */
	const char *help;      /* help line (NUL-terminated copy) */
	const parser_param *param;
	const parser_cmd *cmd; /* END: the command */
	uint32_t order;        /* END: index of the command in the graph (first added wins) */
	/* Children by kind.  Keywords are kept sorted by lc so that the words
	 * with a given prefix form one run; parameters and ends are in
	 * insertion order. */
	uint32_t *kw, *par, *end;
	uint16_t nkw, npar, nend;
	uint16_t capkw, cappar, capend;
} pnode;

struct parser_graph {
	pnode *nodes;
	uint32_t nnodes, cap;
	size_t ncmds;
	struct pg_chunk *strings; /* arena for keyword and help copies */
};

/* ---- the walk shared by matching, help and completion ---------------- */

#define PW_MAX_LIVE 64    /* live states after one token */
#define PW_MAX_RECS 4096  /* binding records for one line */

/* One step of a path: node reached by token tok, from record parent. */
typedef struct pw_rec {
	uint32_t node;
	int32_t parent; /* -1 for the first token */
	uint16_t tok;
} pw_rec;

typedef struct pw_state {
	uint32_t node;
	int32_t rec;      /* last record of the path, -1 at the root */
	int16_t amb;      /* earliest token where paths merged into this state chose
			   * different keywords, -1 if none */
	bool swallow;     /* inside a rest-of-line parameter */
} pw_state;

typedef struct pw_walk {
	const parser_graph *g;
	const lex_line *l;
	int level;
	int nlive;
	pw_state live[PW_MAX_LIVE];
	bool amb_seen;    /* some token kept two different partial keywords */
	int nrecs;
	pw_rec recs[PW_MAX_RECS];
	/* On failure: */
	parser_status status;
	int err_tok;
} pw_walk;

static inline bool pw_visible(const pnode *n, int level)
{
	return (int)n->level <= level;
}

/* Walk tokens [0, ntok) of l from the root.  Returns PM_OK with the live
 * states in w->live (possibly still ambiguous: see pw_ambiguous_tok), or
 * the error status (w->err_tok set). */
parser_status pw_run(pw_walk *w, const parser_graph *g, const lex_line *l, int ntok, int level);

/* The error for token i when no live state of w takes it (Ambiguous at an
 * earlier token if the live paths disagree on a keyword). */
parser_status pw_dead_end(const pw_walk *w, int i, int *err_tok);

/* Earliest token at which the live states listed in idx[0..n) (all live
 * states if idx is NULL) chose different keywords, or -1.  A prefix such as
 * "d" may match several keywords as long as later words leave one. */
int pw_ambiguous_tok(const pw_walk *w, const int *idx, int n);

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
