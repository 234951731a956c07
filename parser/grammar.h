/* Command declarations and the match graph they compile into.
 *
 * A command is one Format string, copied from its reference page:
 *   keywords     bare words            peer, connect-interface
 *   parameters   <name>                <group-name>, <ipv6-address/prefix-length>
 *   optional     [ ... ]               (may hold alternatives: [ a | b ])
 *   one-of       { a | b | c }         (each alternative may be a sequence)
 *   repetition   { ... } &<1-8>        the group may appear 1..8 times; [ ... ] &<0-8>
 *                                      0..8 times
 *   any order    { a | b } *           one or more of the alternatives in any order,
 *                                      each at most once; [ a | b ] * zero or more
 * Brackets need no blanks around them; '|' only inside brackets.  Plus a
 * help string with one line per keyword/parameter, in the order they appear
 * in the Format string (as FRRouting's DEFUN does): either one line per
 * appearance, or one line per distinct keyword/parameter at its first
 * appearance (the count decides which); any other count is an error.
 * Parameters are typed through the command's param table, by name.
 * A matched line may hold at most PARSER_MAX_ARGS keywords and parameters.
 *
 * Every command available in a view is added under that view's root;
 * shared prefixes merge, so `peer <group-name> as-number` and
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
#define PARSER_CMD_OWN_LOAD 0x02u /* the handler needs no configuration, or loads it
				   * itself: the engine does not load a session's state
				   * directory before it runs (views/store.h) */
#define PARSER_CMD_NAME_HELP 0x04u /* the keywords' help lines only name the command
				    * (generated rows): a keyword node several such
				    * commands share gets a help line naming what they
				    * have in common */

typedef struct parser_cmd {
	const char *format;
	const char *help;            /* '\n'-separated, one line per token of format */
	const parser_param *params;  /* terminated by {NULL} */
	uint8_t level;               /* 0 visit .. 3 management (up to 15) */
	unsigned flags;              /* PARSER_CMD_* */
	const void *owner;           /* opaque back-pointer for the caller (views) */
} parser_cmd;

typedef struct parser_graph parser_graph;

/* Commands are known to a graph by an id the caller chooses (the order of
 * precedence: when overlapping commands both match, the lowest id wins).
 * A graph opened from a blob resolves ids to commands through this
 * callback the first time each is needed. */
typedef const parser_cmd *(*parser_resolve_fn)(void *ctx, uint32_t id);

/* Where a line is matched: from which root (a view), for which privilege
 * level, and for which availability bits (device models: a command whose
 * bits do not meet these does not exist). */
typedef struct parser_scope {
	uint32_t root;   /* PARSER_ROOT or a root from parser_graph_root_new */
	uint32_t avail;  /* PARSER_AVAIL_ALL: every command */
	int level;
} parser_scope;

#define PARSER_ROOT 0u
#define PARSER_AVAIL_ALL UINT32_MAX

parser_graph *parser_graph_new(void);
void parser_graph_free(parser_graph *g);

/* Compile cmd's Format into g under the default root, with the next free id
 * and every availability bit.  Returns 0, or -1 with a message naming the
 * format and the problem (unbalanced brackets, unknown parameter, help line
 * count mismatch, a Format that may be empty, a repetition that may be
 * empty, groups nested too deep) in err; g is then unchanged.  cmd (and
 * its params) must outlive g. */
int parser_graph_add(parser_graph *g, const parser_cmd *cmd, char *err, size_t errlen);

/* A further root (another view).  Returns its id, or UINT32_MAX when out
 * of memory. */
uint32_t parser_graph_root_new(parser_graph *g);

/* parser_graph_add under `root`, with id `id` (ids need not be dense; one
 * command may be added under several roots with the same id) and
 * availability bits `avail` (0 counts as every bit). */
int parser_graph_add_at(parser_graph *g, uint32_t root, const parser_cmd *cmd, uint32_t id,
			uint32_t avail, char *err, size_t errlen);

/* Root `root` also offers every command of root `shared` (the commands of
 * "All views").  Returns 0 or -1 when out of memory. */
int parser_graph_share_root(parser_graph *g, uint32_t root, uint32_t shared);

/* Declare ids [0, n) as used even where no command was added under them
 * (rows left out), so that parser_graph_ncmds gives n. */
void parser_graph_reserve_ids(parser_graph *g, uint32_t n);

/* Number of command ids in g: one past the highest added or reserved. */
size_t parser_graph_ncmds(const parser_graph *g);

/* The frozen graph as one self-contained block of bytes (no pointers),
 * malloc'ed in *out.  Returns its size, or 0 when out of memory. */
size_t parser_graph_blob(parser_graph *g, void **out);

/* Open a blob made by parser_graph_blob (which must outlive the graph and
 * is never written).  Commands resolve through fn.  Returns NULL with a
 * message when the blob is malformed. */
parser_graph *parser_graph_open_blob(const void *blob, size_t len, parser_resolve_fn fn,
				     void *ctx, char *err, size_t errlen);

#endif
