/* The interactive console: GNU readline on a terminal, with VRP's keys
 * (`?` help, TAB completion, Ctrl+Z to the user view); a plain
 * prompt-and-read loop when standard input is not a terminal (a login shell
 * started without a pseudo-terminal). */
#ifndef VRPSH_CLI_CONSOLE_H
#define VRPSH_CLI_CONSOLE_H

#include "../shell/session.h"

/* Printed when a login ends for want of input (idle-timeout). */
#define CLI_CONSOLE_TIMEOUT_MSG "Info: The connection was closed after the idle time of the user interface."

/* Serve s until the user logs out (`quit` in the user view, Ctrl+D on an
 * empty line there) or input ends.  Returns a CLI_EXIT_* status. */
int cli_console(vsh_session *s);

#endif
