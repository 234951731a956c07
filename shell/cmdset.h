/* The command set: every command row (the hand-written tables of views/
 * and the generated reference of views/gen/) compiled into one match graph
 * with a root per view, shared roots for "All views" and "All views except
 * the user view", and availability bits per device model.
 *
 * The graph is compiled at build time (tools/graphgen) and embedded in the
 * program, so start-up does no compiling; without an embedded graph (the
 * build tool itself) it is compiled on first use.  One graph serves every
 * model: a view_set is the graph seen by one model and forwarding mode. */
#ifndef VRPSH_SHELL_CMDSET_H
#define VRPSH_SHELL_CMDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parser/grammar.h"
#include "../parser/matcher.h"
#include "../views/gen/gen.h"
#include "../views/view.h"

typedef struct view_set view_set;

/* The command set for a model and forwarding mode.  Returns NULL with a
 * message when the command graph cannot be had (a table error: a defect
 * that tests catch; or out of memory). */
view_set *view_set_build(const vsh_model *m, bool low_latency, char *err, size_t errlen);
void view_set_free(view_set *vs);

/* The set's match cache (parser/matcher.h): checking every answer against
 * a walk (tests), and its counts. */
void view_set_cache_check(view_set *vs, bool on);
void view_set_cache_stats(const view_set *vs, unsigned long *hits, unsigned long *lookups,
			  unsigned long *mismatches);

/* The availability bit of the set's model. */
uint32_t view_set_avail(const view_set *vs);

/* Match, '?' help and TAB completion in view v (parser/matcher.h). */
parser_status view_set_match(const view_set *vs, view_id v, const lex_line *l, int level,
			     parser_match *m);
int view_set_help(const view_set *vs, view_id v, const lex_line *l, int level, void *dynctx,
		  parser_help_list *out);
size_t view_set_complete(const view_set *vs, view_id v, const lex_line *l, int level,
			 char ***out);

/* The same, for every model at once: which commands exist on some model
 * (vrpsh --check names the models that have a command). */
parser_status view_set_match_any_model(view_id v, const lex_line *l, int level, parser_match *m);

/* parser_reachable in view v, on any model. */
int view_set_reachable(view_id v, const lex_line *l, int ntok, int level, parser_cmd_fn fn,
		       void *arg);

/* Does the command with this id enter a view from view `from`?  The view,
 * or VIEW_LIST_END. */
uint16_t cmdset_id_enters(uint32_t id, view_id from);

/* What a matched command is: its hand-written row (NULL for a generated
 * command), or its generated row (NULL for a hand-written one; *index gets
 * the row's index in gen_cmds). */
const view_cmd *cmdset_hand_row(const parser_match *m);
const gen_cmd *cmdset_gen_row(const parser_match *m, uint32_t *index);

/* The availability bits of a matched command (the models that have it). */
uint32_t cmdset_avail(const parser_match *m);

/* Does a command matched in view `from` enter a view?  Returns the view it
 * enters, or VIEW_LIST_END.  Known from the generated reference (a
 * hand-written row answers as the generated row of the same Format). */
uint16_t cmdset_enters(const parser_match *m, view_id from);

/* ---- building (tools/graphgen, tests) ---------------------------------- */

/* Compile every command row into a new graph.  Rows that fail to compile
 * are reported through `bad` (their Format and the reason) and left out;
 * returns the graph, or NULL when out of memory. */
typedef void (*cmdset_bad_fn)(void *arg, const char *format, const char *why);
parser_graph *cmdset_compile(cmdset_bad_fn bad, void *arg);

/* Counts for reports: hand rows, generated rows, generated rows replaced
 * by hand rows. */
void cmdset_counts(size_t *hand, size_t *gen, size_t *replaced);

#endif
