/* Running a reference page's Example against a session: each line is
 * written as the device shows it, prompt then command ("[~HUAWEI]
 * interface LoopBack 0"); the prompt is checked before the command runs.
 * A line holding only a prompt checks the final prompt. */
#ifndef VRPSH_TESTS_EXAMPLE_H
#define VRPSH_TESTS_EXAMPLE_H

#include <stdbool.h>

#include "../../config/cfg.h"
#include "vsh_fixture.h"

/* Run the example; every command must succeed. */
void ex_run(fx *f, const char *const *lines);

/* The configuration of one side, rendered as `display
 * current-configuration` lays it out (malloc'ed). */
char *ex_render(fx *f, enum cfg_side side);

/* The caret line under column col followed by msg (static buffer). */
const char *ex_caret(size_t col, const char *msg);

#define EX_UNREC "Error: Unrecognized command found at '^' position.\n"
#define EX_WRONG "Error: Wrong parameter found at '^' position.\n"
#define EX_INCOMPLETE "Error: Incomplete command found at '^' position.\n"
#define EX_TOOMANY "Error: Too many parameters found at '^' position.\n"

/* Run line; it must fail with exactly `out` (a one-line message or a caret
 * error) and leave the prompt unchanged. */
void ex_refused(fx *f, const char *line, const char *out);

#endif
