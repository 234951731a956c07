/* vrpsh --check FILE...: offline validation (cli/check.c). */
#ifndef VRPSH_CLI_CHECK_H
#define VRPSH_CLI_CHECK_H

#include <stdbool.h>

#include "shell.h"

/* Check the files ("-": standard input) for the options' model, forwarding
 * mode and level; diagnostics on standard output as text or JSON lines.
 * Returns CLI_EXIT_OK when clean, CLI_EXIT_FAIL when any error was found,
 * CLI_EXIT_USAGE when a file could not be read. */
int cli_check(const cli_opts *o, char *const *files, int nfiles, bool json);

#endif
