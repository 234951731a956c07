/* Replay of configuration text into a session, line by line.
 *
 * Two layouts are accepted, and may mix:
 *  - the `display current-configuration` layout, where a line indented by
 *    d spaces belongs to the view d levels below the system view and a line
 *    holding only "#" closes the sections deeper than its own indent;
 *  - scripts with explicit `system-view` / `quit` lines and no indentation,
 *    where commands of upper views rely on the session's walk-up.
 * Indentation is acted on only where it goes back up (a line indented less
 * than the one before it); a line indented deeper than the views that are
 * open shows that the text indents for looks, and from there on only "#"
 * lines move between views.
 *
 * A line that fails where a view would have been entered (a refused
 * `interface` line, a command the model lacks) leaves the lines that
 * belong to that view without a view: with indentation, the lines below
 * it; in a script, the lines up to its `quit` (views entered inside it
 * counted, `return` ending them all).  Those lines are skipped, not run
 * in an upper view where they would fail or do something else; the
 * replay counts them and tells its caller (on_skip).
 *
 * The same code replays `-f` files, loads checkpoints of the state
 * directory, applies the changes of journalled commits and feeds the
 * backend daemon's full sync. */
#ifndef VRPSH_VIEWS_REPLAY_H
#define VRPSH_VIEWS_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

/* How one command line runs.  `text` is the line without its indentation
 * (inside line[0..len)).  With `probe` set the line is tried in the user
 * view before the system view is entered: a failure there must stay
 * silent (the line is run again in the system view).  Returns 0 or -1. */
typedef int (*vsh_replay_run_fn)(void *ctx, vsh_session *s, const char *line, size_t len,
				 const char *text, size_t tlen, bool probe);

/* A line skipped because the view it belongs to was not entered. */
typedef void (*vsh_replay_skip_fn)(void *ctx, const char *line, size_t len);

typedef struct vsh_replay {
	vsh_session *s;
	vsh_replay_run_fn run;  /* NULL: vsh_exec, output to the session */
	void *ctx;
	vsh_replay_skip_fn on_skip; /* may be NULL */
	bool started;           /* a command line has been run */
	bool use_indent;        /* indentation gives the view depth */
	size_t prev_indent;     /* indentation of the last command line */
	/* A view-entering line failed: the view it would have entered, and
	 * its indentation, until the next line shows the layout. */
	uint16_t failed_view;
	size_t failed_indent;
	long skip_deeper;       /* skip lines indented deeper than this, -1: none */
	uint16_t skip_view;     /* the view of the failed line whose lines are skipped */
	/* Views just closed by the layout (a line less indented than the
	 * lines before it) or whose indented lines were skipped, innermost
	 * first: a script that also types their `quit`s (an indented section,
	 * then `quit` at its level) closes each of them once, not the views
	 * outside them.  Cleared by any other line. */
	uint16_t closed[VSH_MAX_DEPTH];
	int nclosed, nquit;     /* views in closed[], quits already taken */
	bool closed_skipped;    /* closed[0] is a view that was not entered */
	int nphantom;           /* views a script is in that were not entered */
	uint16_t phantom[VSH_MAX_DEPTH];
	unsigned long skipped;  /* lines skipped so far */
} vsh_replay;

/* Start a replay in s (from whatever view s is in). */
void vsh_replay_init(vsh_replay *r, vsh_session *s, vsh_replay_run_fn run, void *ctx);

/* Replay one line (without its '\n'; a trailing '\r' is ignored).  Blank
 * lines, "!" headers and "# comments" do nothing; "#" moves between views.
 * Returns 0, or -1 when the command failed. */
int vsh_replay_line(vsh_replay *r, const char *line, size_t len);

/* Replay a whole buffer of '\n'-separated lines, stopping at the first
 * failure unless keep_going; returns the number of failed lines.  With
 * `first_error` non-NULL, the 1-based number of the first failing line is
 * stored there (0 when none). */
unsigned long vsh_replay_text(vsh_replay *r, const char *text, size_t len, bool keep_going,
			      unsigned long *first_error);

#endif
