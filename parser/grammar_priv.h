/* The graph builder's own structures (grammar.c, frozen.c). */
#ifndef VRPSH_PARSER_GRAMMAR_PRIV_H
#define VRPSH_PARSER_GRAMMAR_PRIV_H

#include "graph_priv.h"

typedef struct pb_node {
	uint8_t type;          /* enum pnode_type */
	uint8_t flags;         /* PNF_* */
	uint8_t level;         /* lowest level of the commands through this node */
	uint8_t kwlen;
	uint16_t indeg;        /* incoming ordinary edges (sharing rule) */
	uint16_t grp;          /* innermost repetition group */
	uint8_t alt;           /* alternative of grp (PG_ANY) */
	bool noshare;          /* inside a repetition, or an END: never reused */
	bool namehelp;         /* help is a generated command name (PARSER_CMD_NAME_HELP) */
	uint32_t avail;
	uint32_t ref;          /* PARAM: param index; END: command id */
	const char *text;      /* keyword as written in the Format */
	const char *lc;        /* keyword in lower case */
	const char *help;      /* help line (NUL-terminated copy) */
	const parser_param *param;
	/* Children by kind.  Keywords are kept sorted by lc so that the words
	 * with a given prefix form one run; parameters and ends are in
	 * insertion order; loop holds (node, group) pairs. */
	uint32_t *kw, *par, *end, *loop;
	uint16_t nkw, npar, nend, nloop;
	uint16_t capkw, cappar, capend, caploop;
} pb_node;

typedef struct pb_builder {
	pb_node *nodes;
	uint32_t nnodes, cap;
	pg_group *groups;
	uint32_t ngroups, capgroups;
	pg_param *params;
	uint32_t nparams, capparams;
	uint32_t (*shares)[2];     /* (root, shared root) */
	uint32_t nshares, capshares;
	struct pb_chunk *strings;  /* arena for keyword and help copies */
} pb_builder;

/* The output filters' parameters: param indexes that name no command's
 * parameter. */
#define PG_PIPE_REGEX UINT32_MAX
#define PG_PIPE_FILE (UINT32_MAX - 1)
const parser_param *pg_pipe_param(uint32_t idx);

#endif
