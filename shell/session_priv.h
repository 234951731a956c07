/* Internals shared by the session files (session.c and exec.c): the
 * per-session scratch space. */
#ifndef VRPSH_VIEWS_SESSION_PRIV_H
#define VRPSH_VIEWS_SESSION_PRIV_H

#include "session.h"

/* Kept off the stack and allocated once per session: the replay hot path
 * lexes and matches every line without allocating. */
struct vsh_work {
	lex_line lex;
	parser_match m[3]; /* current view, upper view during walk-up, best upper failure */
	view_frame saved[VSH_MAX_DEPTH];
	vsh_error err;     /* why the last line failed */
};

#endif
