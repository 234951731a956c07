/* Executing one line in a session: lexing, matching in the current view,
 * walk-up to upper views, the caret and error lines; '?' help and TAB
 * completion over the same views. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session_priv.h"
#include "../views/store.h"

static void write_str(vsh_session *s, const char *str)
{
	vsh_write(s, str, strlen(str));
}

/* The caret line: `col` blanks, then "^". */
static void write_caret(vsh_session *s, size_t col)
{
	static const char blanks[] = "                                                                ";
	while (col > 0) {
		size_t n = col < sizeof blanks - 1 ? col : sizeof blanks - 1;
		vsh_write(s, blanks, n);
		col -= n;
	}
	vsh_write(s, "^\n", 2);
}

static void write_syntax_error(vsh_session *s, parser_status st, size_t col, size_t caret_base)
{
	const char *msg = parser_status_message(st);
	write_caret(s, caret_base + col);
	write_str(s, msg ? msg : "Error: Unrecognized command found at '^' position.");
	vsh_write(s, "\n", 1);
}

static void write_lex_error(vsh_session *s, lex_status st, size_t col, size_t caret_base)
{
	const char *msg = lex_strerror(st);
	/* A line that is too long has no useful column to point at. */
	if (st != LEX_ERR_TOO_LONG)
		write_caret(s, caret_base + col);
	if (!msg)
		msg = "The command line cannot be parsed.";
	if (strncmp(msg, "Error", 5) != 0)
		write_str(s, "Error: ");
	write_str(s, msg);
	vsh_write(s, "\n", 1);
}

/* ---- executing a line ------------------------------------------------ */

static const parser_graph *graph_of(const vsh_session *s, view_id v)
{
	return view_set_graph(s->vs, v);
}

/* Lines starting with '#' or '!' are comments. */
static bool is_comment(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && (line[i] == '#' || line[i] == '!');
}

static bool match_is_undo(const parser_match *m)
{
	return m->args.n > 0 && m->args.a[0].keyword && m->args.a[0].name &&
	       strcmp(m->args.a[0].name, "undo") == 0;
}

/* Does the first word of l look like `undo` (for help, where nothing has
 * matched yet)? */
static bool line_starts_undo(const lex_line *l)
{
	if (l->ntok == 0 || l->tok[0].quoted)
		return false;
	const char *t = l->tok[0].text;
	size_t n = strlen(t);
	return n >= 2 && n <= 4 && strncasecmp(t, "undo", n) == 0;
}

/* Was the first word typed in full (not an abbreviation)? */
static bool first_word_exact(const parser_match *m, const lex_line *l)
{
	return m->args.n > 0 && m->args.a[0].keyword && m->args.a[0].tok == 0 &&
	       strcasecmp(m->args.a[0].name, l->tok[0].text) == 0;
}

/* Walk-up: the index of the nearest upper frame (never the user view)
 * whose view matches l, with its match in m; -1 when none.  When none
 * matches, *fail gets the upper view's failure that got furthest into the
 * line (fail->status PM_OK when no upper view was tried), so the error
 * shown is the one of the view the user most likely meant. */
static int walk_up(vsh_session *s, const lex_line *l, parser_match *m, parser_match *fail)
{
	fail->status = PM_OK;
	fail->err_tok = -1;
	for (int i = s->depth - 2; i >= 1; i--) {
		if (parser_match_line(graph_of(s, s->stack[i].view), l, s->level, m) != PM_OK) {
			if (m->err_tok > fail->err_tok)
				*fail = *m;
			continue;
		}
		if (match_is_undo(m) && !s->matched_upper_view) {
			fail->status = PM_OK;
			return -1;
		}
		return i;
	}
	return -1;
}

/* Is the first word of l, taken alone, ambiguous in view v?  Matching
 * looks ahead (`i LoopBack0` has one command that takes a LoopBack0), but
 * a keyword is a unique prefix by itself or not at all: `i LoopBack0` is as
 * ambiguous as `i`.  scratch receives the match. */
static bool first_word_ambiguous(vsh_session *s, view_id v, lex_line *l, parser_match *scratch)
{
	int ntok = l->ntok;

	if (l->tok[0].quoted)
		return false;
	l->ntok = 1;
	parser_status st = parser_match_line(graph_of(s, v), l, s->level, scratch);
	l->ntok = ntok;
	return st == PM_AMBIGUOUS && scratch->err_tok == 0;
}

static int run_handler(vsh_session *s, const parser_match *m)
{
	const view_cmd *vc = m->cmd ? (const view_cmd *)m->cmd->owner : NULL;
	char err[512];

	if (!vc || !vc->fn)
		return -1;
	err[0] = '\0';
	if (vc->fn(s, m, err, sizeof err) != 0) {
		if (err[0]) {
			write_str(s, err);
			vsh_write(s, "\n", 1);
		}
		return -1;
	}
	/* Immediate mode: every configuration change takes effect at once. */
	if (s->immediate && s->depth > 1 && cfg_pending(s->db) && vsh_commit(s) != 0) {
		cfg_discard(s->db);
		return -1;
	}
	return 0;
}

int vsh_exec(vsh_session *s, const char *line, size_t len, size_t caret_base)
{
	struct vsh_work *w = s->work;
	size_t col = 0;

	if (is_comment(line, len))
		return 0;
	lex_status ls = lex_split(line, len, &w->lex, &col);
	if (ls != LEX_OK) {
		write_lex_error(s, ls, col, caret_base);
		return -1;
	}
	if (w->lex.ntok == 0)
		return 0;
	/* Others' commits and an expired trial show before the command runs
	 * (`display current-configuration` is always current); a replay
	 * building its one large change looks at them when it commits. */
	if (s->store && !(s->batch && cfg_pending(s->db))) {
		if (vsh_tick(s))
			vsh_printf(s, "%s\n", VSH_TRIAL_EXPIRED_MSG);
		vsh_store_sync(s);
	}

	parser_match *m = &w->m[0];
	int up;
	if (parser_match_line(graph_of(s, vsh_top(s)->view), &w->lex, s->level, m) == PM_OK) {
		/* An exact keyword beats an abbreviation across views too: `ip
		 * vpn-instance v` typed in the BGP view means the system view's
		 * command, not an abbreviated `ipv6-family vpn-instance v`. */
		if (first_word_exact(m, &w->lex))
			return run_handler(s, m);
		if (first_word_ambiguous(s, vsh_top(s)->view, &w->lex, &w->m[2])) {
			write_syntax_error(s, PM_AMBIGUOUS, w->lex.tok[0].col, caret_base);
			return -1;
		}
		if (s->depth <= 2)
			return run_handler(s, m);
		up = walk_up(s, &w->lex, &w->m[1], &w->m[2]);
		if (up < 0 || !first_word_exact(&w->m[1], &w->lex))
			return run_handler(s, m);
	} else {
		up = walk_up(s, &w->lex, &w->m[1], &w->m[2]);
		/* A first word that is ambiguous here, or in the upper view that
		 * would take the line, does not become a command there by
		 * abbreviating it: `i LoopBack0` is as ambiguous as `i`.  Typed
		 * in full it is that view's. */
		if (up >= 0 && !first_word_exact(&w->m[1], &w->lex) &&
		    ((m->status == PM_AMBIGUOUS && m->err_tok == 0) ||
		     first_word_ambiguous(s, s->stack[up].view, &w->lex, &w->m[2]))) {
			write_syntax_error(s, PM_AMBIGUOUS, w->lex.tok[0].col, caret_base);
			return -1;
		}
		if (up < 0) {
			const parser_match *e = m;
			if (w->m[2].status != PM_OK && w->m[2].err_tok > m->err_tok)
				e = &w->m[2];
			write_syntax_error(s, e->status, e->err_col, caret_base);
			return -1;
		}
	}
	/* Run in the upper view; a refused command leaves the session where
	 * it was. */
	int depth = s->depth;
	memcpy(w->saved, s->stack, sizeof(view_frame) * (size_t)depth);
	s->depth = up + 1;
	int rc = run_handler(s, &w->m[1]);
	if (rc != 0) {
		memcpy(s->stack, w->saved, sizeof(view_frame) * (size_t)depth);
		s->depth = depth;
	}
	return rc;
}

/* ---- help and completion --------------------------------------------- */

/* '?' in view v; returns 0 with the listing in h, or -1 (h->status says why). */
static int help_in(vsh_session *s, view_id v, const lex_line *l, parser_help_list *h)
{
	memset(h, 0, sizeof *h);
	return parser_help(graph_of(s, v), l, s->level, s, h);
}

void vsh_help(vsh_session *s, const char *line, size_t len, size_t caret_base)
{
	struct vsh_work *w = s->work;
	lex_line *l = &w->lex;
	size_t col = 0;

	lex_status ls = lex_split(line, len, l, &col);
	if (ls != LEX_OK) {
		write_lex_error(s, ls, col, caret_base);
		return;
	}
	bool partial = l->ntok > 0 && !l->trailing_space;
	parser_help_list h;
	int rc = help_in(s, vsh_top(s)->view, l, &h);

	/* Like execution, help looks in the upper views when the current one
	 * has nothing for the typed words. */
	if ((rc != 0 || h.n == 0) && l->ntok > 0 &&
	    (!line_starts_undo(l) || s->matched_upper_view)) {
		for (int i = s->depth - 2; i >= 1; i--) {
			parser_help_list up;
			if (help_in(s, s->stack[i].view, l, &up) == 0 && up.n > 0) {
				parser_help_free(&h);
				h = up;
				rc = 0;
				break;
			}
			parser_help_free(&up);
		}
	}
	if (rc != 0) {
		write_syntax_error(s, h.status, h.err_col, caret_base);
		parser_help_free(&h);
		return;
	}
	char *txt = parser_help_format(&h, partial);
	if (txt) {
		write_str(s, txt);
		free(txt);
	}
	parser_help_free(&h);
}

size_t vsh_complete(vsh_session *s, const char *line, size_t len, char ***out)
{
	lex_line *l = &s->work->lex;

	*out = NULL;
	if (lex_split(line, len, l, NULL) != LEX_OK)
		return 0;
	size_t n = parser_complete(graph_of(s, vsh_top(s)->view), l, s->level, out);
	if (n > 0 || l->ntok == 0 || (line_starts_undo(l) && !s->matched_upper_view))
		return n;
	for (int i = s->depth - 2; i >= 1 && n == 0; i--) {
		if (*out)
			parser_completions_free(*out, n);
		*out = NULL;
		n = parser_complete(graph_of(s, s->stack[i].view), l, s->level, out);
	}
	return n;
}
