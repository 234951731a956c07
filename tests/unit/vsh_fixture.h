/* A session over a fresh database with its output captured, for the view
 * suites.  Lines run as typed at a terminal: the caret is counted from the
 * start of the prompt shown before the line. */
#ifndef VRPSH_TESTS_VSH_FIXTURE_H
#define VRPSH_TESTS_VSH_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "../../shell/session.h"

#define FX_MAX_ANSWERS 8

typedef struct fx {
	cfg_db *db;
	view_set *vs;
	vsh_session s;
	char *out;      /* output of the last fx_run, NUL-terminated */
	size_t n, cap;
	char prompt[512];
	/* Answers to questions, in order; past the last: end of input. */
	const char *answers[FX_MAX_ANSWERS];
	int nanswers, nextanswer;
	int asked;      /* how many times the session asked */
} fx;

/* Open a session on `model` (NULL: default) at `level`. */
fx *fx_open(const char *model, bool low_latency, int level);
void fx_close(fx *f);

/* Run one line; the output is in f->out. */
int fx_run(fx *f, const char *line);
/* Run lines, failing the test at the first that does not succeed. */
void fx_ok(fx *f, const char *const *lines);
/* '?' after `line`; the listing is in f->out. */
void fx_help(fx *f, const char *line);

/* The current prompt. */
const char *fx_prompt(fx *f);

/* Queue answers for the next questions (NULL-terminated). */
void fx_answers(fx *f, const char *const *answers);

#define FX_LINES(...) ((const char *const[]){ __VA_ARGS__, NULL })

#endif
