/* Non-interactive runs: replaying a command script or a saved configuration
 * (-f FILE, standard input) as one transaction, and the -c commands. */
#ifndef VRPSH_CLI_REPLAY_H
#define VRPSH_CLI_REPLAY_H

#include "../shell/session.h"

/* Replay path ("-" = standard input) in s, then commit if every line
 * succeeded.  The first failing line is reported on stderr as
 * "NAME:LINE: line", the caret line and the message; nothing is committed.
 * Returns a CLI_EXIT_* status. */
int cli_replay_file(vsh_session *s, const char *path);

/* The same as a device loads a configuration file (-f FILE --continue):
 * every failing line is reported and skipped, the lines of a view whose
 * entering line failed are skipped, and what was accepted is committed.
 * Returns CLI_EXIT_FAIL when any line failed (or the commit was refused),
 * even though the rest was committed. */
int cli_replay_file_continue(vsh_session *s, const char *path);

/* Run the -c commands in order, from the user view; stop at the first that
 * fails (reported as "-c:N: command" + caret + message).  Returns a
 * CLI_EXIT_* status. */
int cli_run_commands(vsh_session *s, const char *const *cmds, int n);

#endif
