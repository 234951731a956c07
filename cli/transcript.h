/* --transcript: run commands from standard input and print what a device
 * session shows: the prompt with the command after it, then the output. */
#ifndef VRPSH_CLI_TRANSCRIPT_H
#define VRPSH_CLI_TRANSCRIPT_H

#include <stdio.h>

#include "../shell/session.h"

/* Run every line of in, then the extra commands (the -c ones), writing the
 * transcript to out.  A question takes its answer from the next input line.
 * Returns a CLI_EXIT_* status (command errors are part of the transcript,
 * not a failure). */
int cli_transcript(vsh_session *s, FILE *in, FILE *out, const char *const *extra, int nextra);

#endif
