/* Executing one line in a session: lexing, matching in the current view,
 * walk-up to upper views, the caret and error lines; '?' help and TAB
 * completion over the same views. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session_priv.h"
#include "../views/generic.h"
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

static void note_error(vsh_session *s, enum vsh_error_kind kind, parser_status st, size_t col,
		       const char *msg)
{
	vsh_error *e = &s->work->err;
	e->kind = kind;
	e->status = st;
	e->col = col;
	snprintf(e->msg, sizeof e->msg, "%s", msg ? msg : "");
}

const vsh_error *vsh_last_error(const vsh_session *s)
{
	return &s->work->err;
}

static void write_syntax_error(vsh_session *s, parser_status st, size_t col, size_t caret_base)
{
	const char *msg = parser_status_message(st);
	if (!msg)
		msg = parser_status_message(PM_UNRECOGNIZED);
	note_error(s, VSH_ERR_SYNTAX, st, col, msg);
	write_caret(s, caret_base + col);
	write_str(s, msg);
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
	char full[300];
	snprintf(full, sizeof full, "%s%s", strncmp(msg, "Error", 5) != 0 ? "Error: " : "", msg);
	note_error(s, VSH_ERR_LEX, PM_OK, col, full);
	write_str(s, full);
	vsh_write(s, "\n", 1);
}

/* ---- executing a line ------------------------------------------------ */

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

/* Was the first word typed in full (not an abbreviation)?  A keyword
 * matched only by a token that is a prefix of it (unquoted, any case):
 * it is the whole keyword when the lengths agree. */
static bool first_word_exact(const parser_match *m, const lex_line *l)
{
	return m->args.n > 0 && m->args.a[0].keyword && m->args.a[0].tok == 0 &&
	       !l->tok[0].quoted && strlen(m->args.a[0].name) == l->tok[0].len;
}

/* Walk-up: the index of the nearest upper frame (never the user view)
 * whose view matches l, with its match in m; -1 when none.  When none
 * matches, *fail gets the upper view's failure that got furthest into the
 * line (fail->status PM_OK when no upper view was tried), so the error
 * shown is the one of the view the user most likely meant. */
static int walk_up(vsh_session *s, const lex_line *l, parser_match *m, parser_match *fail)
{
	/* An undo line walks up only when `matched upper-view` is on: its
	 * error is the current view's. */
	if (line_starts_undo(l) && !s->matched_upper_view) {
		fail->status = PM_OK;
		fail->err_tok = -1;
		return -1;
	}
	fail->status = PM_OK;
	fail->err_tok = -1;
	for (int i = s->depth - 2; i >= 1; i--) {
		if (view_set_match(s->vs, s->stack[i].view, l, s->level, m) != PM_OK) {
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
	parser_status st = view_set_match(s->vs, v, l, s->level, scratch);
	l->ntok = ntok;
	return st == PM_AMBIGUOUS && scratch->err_tok == 0;
}

static int run_handler(vsh_session *s, const parser_match *m)
{
	const view_cmd *vc = cmdset_hand_row(m);
	view_handler fn = vc ? vc->fn : cmdset_gen_row(m, NULL) ? view_generic : NULL;
	char err[512];

	if (!fn)
		return -1;
	err[0] = '\0';
	/* the configuration is loaded when a command first needs it */
	if (s->store && !(vc && (vc->pc.flags & PARSER_CMD_OWN_LOAD)) &&
	    vsh_store_need(s, err, sizeof err) != 0) {
		note_error(s, VSH_ERR_REFUSED, PM_OK, 0, err);
		vsh_printf(s, "Error: %s\n", err);
		return -1;
	}
	if (fn(s, m, err, sizeof err) != 0) {
		note_error(s, VSH_ERR_REFUSED, PM_OK, 0, err);
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

	w->err.kind = VSH_ERR_NONE;
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
	if (view_set_match(s->vs, vsh_top(s)->view, &w->lex, s->level, m) == PM_OK) {
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

/* ---- following a script without running it -------------------------- */

/* Match line in view v on any model into the third scratch match. */
static const parser_match *match_anywhere(vsh_session *s, view_id v, const char *line, size_t len)
{
	struct vsh_work *w = s->work;

	w->m[2].status = PM_OK;
	w->m[2].err_tok = -1;
	if (lex_split(line, len, &w->lex, NULL) != LEX_OK) {
		w->lex.ntok = 0;
		return NULL;
	}
	if (w->lex.ntok == 0 || view_set_match_any_model(v, &w->lex, s->level, &w->m[2]) != PM_OK)
		return NULL;
	return &w->m[2];
}

struct enter_vote {
	view_id from;
	uint16_t view;   /* a view one of the commands enters */
};

static void vote(void *arg, uint32_t id)
{
	struct enter_vote *e = arg;
	if (e->view == VIEW_LIST_END)
		e->view = cmdset_id_enters(id, e->from);
}

uint16_t vsh_line_enters(vsh_session *s, view_id v, const char *line, size_t len)
{
	const parser_match *m = match_anywhere(s, v, line, len);
	struct vsh_work *w = s->work;

	if (m)
		return cmdset_enters(m, v);
	/* A line that does not match (a value out of range, say): when its
	 * first words could still become a command that enters a view, it is
	 * taken for one.  Being wrong skips the lines after it, unchecked;
	 * the other mistake would run them in the wrong view. */
	if (w->lex.ntok == 0 || w->m[2].status == PM_OK || w->m[2].err_tok <= 0)
		return VIEW_LIST_END;
	struct enter_vote e = { v, VIEW_LIST_END };
	if (view_set_reachable(v, &w->lex, w->m[2].err_tok, s->level, vote, &e) <= 0)
		return VIEW_LIST_END;
	return e.view;
}

bool vsh_line_known(vsh_session *s, view_id v, const char *line, size_t len)
{
	if (match_anywhere(s, v, line, len))
		return true;
	return s->work->lex.ntok > 0 && s->work->m[2].err_tok > 0;
}

int vsh_line_leaves(vsh_session *s, view_id v, const char *line, size_t len)
{
	const parser_match *m = match_anywhere(s, v, line, len);
	if (!m || !m->cmd)
		return 0;
	return strcmp(m->cmd->format, "quit") == 0 ? 1 : strcmp(m->cmd->format, "return") == 0 ? 2 : 0;
}

/* ---- help and completion --------------------------------------------- */

/* '?' in view v; returns 0 with the listing in h, or -1 (h->status says why). */
static int help_in(vsh_session *s, view_id v, const lex_line *l, parser_help_list *h)
{
	memset(h, 0, sizeof *h);
	return view_set_help(s->vs, v, l, s->level, s, h);
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
	char err[512];
	if (s->store) /* help lists names from the configuration */
		(void)vsh_store_need(s, err, sizeof err);
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
	char err[512];
	if (s->store)
		(void)vsh_store_need(s, err, sizeof err);
	size_t n = view_set_complete(s->vs, vsh_top(s)->view, l, s->level, out);
	if (n > 0 || l->ntok == 0 || (line_starts_undo(l) && !s->matched_upper_view))
		return n;
	for (int i = s->depth - 2; i >= 1 && n == 0; i--) {
		if (*out)
			parser_completions_free(*out, n);
		*out = NULL;
		n = view_set_complete(s->vs, s->stack[i].view, l, s->level, out);
	}
	return n;
}
