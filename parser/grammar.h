/* Command declarations and the match graph they compile into.
 *
 * A command is one Format string, copied from its reference page:
 *   keywords     bare words            peer, connect-interface
 *   parameters   <name>                <group-name>, <ipv6-address/prefix-length>
 *   optional     [ ... ]               (may hold alternatives: [ a | b ])
 *   one-of       { a | b | c }         (each alternative may be a sequence)
 *   repetition   { ... } &<1-8>        the group may appear 1..8 times (bound <= 64)
 *   any order    { a | b } *           one or more of the alternatives, at most
 *                                      as many times as there are alternatives
 * Brackets need no blanks around them; '|' only inside brackets.  Plus a
 * help string with one line per keyword/parameter, in the order they appear
 * in the Format string (as FRRouting's DEFUN does): either one line per
 * appearance, or one line per distinct keyword/parameter at its first
 * appearance (the count decides which); any other count is an error.
 * Parameters are typed through the command's param table, by name.
 * A path may hold at most PARSER_MAX_ARGS keywords and parameters.
 *
 * At start-up every command available in a view is added to that view's
 * graph; shared prefixes merge, so `peer <group-name> as-number` and
 * `peer <group-name> connect-interface` share their first two nodes. */
#ifndef VRPSH_PARSER_GRAMMAR_H
#define VRPSH_PARSER_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptype.h"

struct parser_args;

/* Dynamic values a parameter can offer in '?' help (existing group names,
 * commit ids).  `ctx` is whatever the caller passed to parser_help(). */
typedef void (*parser_emit_fn)(void *arg, const char *value, const char *help);
typedef void (*parser_dyn_fn)(void *ctx, const struct parser_args *bound,
			      parser_emit_fn emit, void *arg);

typedef struct parser_param {
	const char *name;   /* as written in the Format string, without <> */
	const ptype *type;
	parser_dyn_fn dyn;  /* optional */
} parser_param;

#define PARSER_CMD_PIPE 0x01u /* accepts output filters at the end (`| include <regex>`,
			       * `| count`, `> <file>`, ...: the rest of the line);
			       * see parser_match */

typedef struct parser_cmd {
	const char *format;
	const char *help;            /* '\n'-separated, one line per token of format */
	const parser_param *params;  /* terminated by {NULL} */
	uint8_t level;               /* 0 visit .. 3 management (up to 15) */
	unsigned flags;              /* PARSER_CMD_* */
	const void *owner;           /* opaque back-pointer for the caller (views) */
} parser_cmd;

typedef struct parser_graph parser_graph;

parser_graph *parser_graph_new(void);
void parser_graph_free(parser_graph *g);

/* Compile cmd's Format into g.  Returns 0, or -1 with a message naming the
 * format and the problem (unbalanced brackets, unknown parameter, help line
 * count mismatch, a Format that may be empty, a path too long) in err; g is
 * then unchanged.  cmd (and its params) must outlive g. */
int parser_graph_add(parser_graph *g, const parser_cmd *cmd, char *err, size_t errlen);

/* Number of commands in g (for tests). */
size_t parser_graph_ncmds(const parser_graph *g);

#endif
