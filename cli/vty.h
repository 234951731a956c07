/* The telnet VTY server: `vrpsh --vty-listen ADDR:PORT`.
 *
 * libcli does the telnet side of every session: option negotiation, line
 * editing, history and the Username:/Password: login.  Everything typed
 * reaches the vrpsh engine: each line, '?' after a word, and the prompts,
 * errors and help are vrpsh's own, so a VTY session reads like the
 * console.  Each connection is served by its own process, forked from the
 * server after accept. */
#ifndef VRPSH_CLI_VTY_H
#define VRPSH_CLI_VTY_H

#include "shell.h"

/* Serve VTY sessions on `listen` ("ADDR:PORT", "[IPV6]:PORT"; port 0
 * picks a free one).  Prints "vrpsh: listening on ADDR:PORT" once ready.
 * sh holds the configuration every session starts from.  Returns when
 * SIGTERM or SIGINT arrives (CLI_EXIT_OK), or CLI_EXIT_FAIL when the
 * address cannot be served. */
int cli_vty_serve(cli_shell *sh, const cli_opts *o, const char *listen);

#endif
