/* Matching a tokenised line against a view's graph, and the '?' help and
 * TAB completion that walk the same graph. */
#ifndef VRPSH_PARSER_MATCHER_H
#define VRPSH_PARSER_MATCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "grammar.h"
#include "lexer.h"
#include "ptype.h"

#define PARSER_MAX_ARGS 128

typedef enum parser_status {
	PM_OK = 0,
	PM_UNRECOGNIZED,  /* first token, or a keyword position */
	PM_WRONG_PARAM,   /* a parameter position */
	PM_INCOMPLETE,    /* caret one column past the end of the line */
	PM_TOO_MANY,      /* caret under the first surplus token */
	PM_AMBIGUOUS,     /* caret under the ambiguous token */
} parser_status;

typedef struct parser_arg {
	const char *name;  /* parameter name from the Format, or the keyword itself */
	const ptype *type; /* the parameter's type (NULL for keywords) */
	bool keyword;      /* a keyword of the path (canonical spelling in name) */
	int tok;           /* token index in the line */
	parser_value v;    /* for parameters (keywords: kind -1, str = name) */
} parser_arg;

typedef struct parser_args {
	int n;
	parser_arg a[PARSER_MAX_ARGS];
} parser_args;

typedef struct parser_match {
	parser_status status;
	int err_tok;             /* token index of the error; ntok for Incomplete */
	size_t err_col;          /* byte column of the caret within the line */
	const parser_cmd *cmd;   /* set on PM_OK */
	uint32_t cmd_id;         /* its id in the graph (UINT32_MAX when none) */
	parser_args args;        /* keywords and parameters along the matched path */
	/* Output filter (PARSER_CMD_PIPE commands): kind is the first filter's
	 * keyword ("include", "count", ">", ...) or NULL; pattern the text
	 * typed after it (its argument and any further filters), or NULL. */
	const char *pipe_kind;
	const char *pipe_pattern;
} parser_match;

/* Match line l against g for a session of privilege `level` (commands and
 * nodes above that level do not exist for it).  Fills m; returns m->status.
 *
 * Keywords match case-insensitively by any prefix; a prefix that fits
 * several keywords is fine as long as the rest of the line leaves one
 * ("d cu"), otherwise the line is Ambiguous at that word ("dis c").  An
 * exact keyword beats a typed value, which beats a partial keyword, which
 * beats a free string.  When overlapping commands both match, the one added
 * to the graph first wins.
 *
 * err_col is the column of the offending word as typed (its opening quote
 * if quoted); for Incomplete it is one past the last typed character,
 * trailing blanks not counted (body_len + 1).  An empty line is Incomplete
 * (callers skip blank lines).  Too many parameters: the word is one more
 * value for the parameter just taken, or nothing at all may follow. */
parser_status parser_match_line(const parser_graph *g, const lex_line *l, int level,
				parser_match *m);
/* The same from a given root and for given availability bits. */
parser_status parser_match_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
				  parser_match *m);

/* A cache of the shapes of recently matched lines, for sessions that match
 * many lines alike (a configuration file: `peer g1 as-number 100`, `peer g2
 * as-number 100`, ...).  A line of a known shape is matched without a walk
 * when its words would take the walk exactly where the earlier line's did:
 * the same words where the walk read keywords, and words that read as no
 * keyword and that every parameter type tried there ranks as before.  The
 * result is the walk's own.  Not shared between threads. */
typedef struct parser_match_cache parser_match_cache;
parser_match_cache *parser_match_cache_new(void);
void parser_match_cache_free(parser_match_cache *mc);
/* parser_match_scoped through the cache (mc may be NULL). */
parser_status parser_match_cached(const parser_graph *g, const parser_scope *sc, const lex_line *l,
				  parser_match *m, parser_match_cache *mc);
/* Checking (tests): every answer from the cache is compared with a walk of
 * the line, whose result is the one returned; mismatches are counted. */
void parser_match_cache_check(parser_match_cache *mc, bool on);
/* Lookups answered from the cache, all lookups, and answers a check found
 * different from the walk's. */
void parser_match_cache_stats(const parser_match_cache *mc, unsigned long *hits,
			      unsigned long *lookups, unsigned long *mismatches);

/* The commands the first ntok tokens of l could still become: fn is called
 * with the id of every command reachable from where those tokens lead.
 * Returns the number of ids reported (each once), or -1 when the tokens do
 * not match (or out of memory). */
typedef void (*parser_cmd_fn)(void *arg, uint32_t id);
int parser_reachable(const parser_graph *g, const parser_scope *sc, const lex_line *l, int ntok,
		     parser_cmd_fn fn, void *arg);

/* The five VRP messages, without caret: "Error: Unrecognized command found
 * at '^' position." etc.  NULL for PM_OK. */
const char *parser_status_message(parser_status st);

/* Argument access.  parser_arg_get returns the first parameter called name
 * (NULL when the optional part was not typed); parser_arg_nth the i-th one
 * (repetitions); parser_kw reports whether a keyword was on the path. */
const parser_value *parser_arg_get(const parser_match *m, const char *name);
const parser_value *parser_arg_nth(const parser_match *m, const char *name, int i);
int parser_arg_count(const parser_match *m, const char *name);
bool parser_kw(const parser_match *m, const char *keyword);

/* ---- help and completion ------------------------------------------- */

typedef struct parser_help_item {
	char token[80];   /* keyword, help token ("STRING<1-47>"), dynamic value, or "<cr>" */
	char help[160];
} parser_help_item;

typedef struct parser_help_list {
	size_t n, cap;
	parser_help_item *items;  /* malloc'ed; free with parser_help_free */
	parser_status status;     /* when the text before the cursor does not match */
	size_t err_col;
	bool at_start;            /* full help for an empty line: the view's commands */
} parser_help_list;

/* '?' help for the text typed so far.  When the line ends in a blank (or is
 * empty) it lists every acceptable next token with its help and "<cr>" if
 * the command could end here (full help); otherwise it lists the keywords
 * starting with the last, unfinished word (partial help).  Dynamic values
 * come from each parameter's dyn callback, called with dynctx.  Items are
 * sorted as VRP lists them: keywords (case-insensitive order), parameters
 * (an interface-type parameter as one item per interface type), dynamic
 * values, "|", "<cr>".  Returns 0, or -1 when the words before the cursor
 * do not match (Ambiguous included), or when the unfinished word stands
 * where only keywords may come and none starts with it (status/err_col say
 * why; err_col is a column in the line, as for parser_match_line).  An
 * unfinished word where a parameter may come gives 0, with the keywords
 * starting with it if any (it may be a value still being typed). */
int parser_help(const parser_graph *g, const lex_line *l, int level, void *dynctx,
		parser_help_list *out);
int parser_help_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
		       void *dynctx, parser_help_list *out);
void parser_help_free(parser_help_list *h);

/* Render help as VRP prints it: full help is two-space indent, token column
 * padded to the widest entry plus two, then the text, and "<cr>" as
 * " <cr>"; for an empty line (h->at_start) it is preceded by the line
 * "Current view commands:".  Partial help is two columns of 40 characters
 * without help text.  Every line ends in '\n', trailing blanks removed.
 * Returns a malloc'ed string (NULL only when out of memory). */
char *parser_help_format(const parser_help_list *h, bool partial);

/* TAB: the keywords that complete the last word of l (or the next token, if
 * l ends in a blank), in the order of parser_help, interface type names
 * included.  Returns the count (0 when the words before do not match; *out
 * is then NULL); *out is a malloc'ed array of malloc'ed strings (free with
 * parser_completions_free). */
size_t parser_complete(const parser_graph *g, const lex_line *l, int level, char ***out);
size_t parser_complete_scoped(const parser_graph *g, const parser_scope *sc, const lex_line *l,
			      char ***out);
void parser_completions_free(char **v, size_t n);

#endif
