/* Logins: who a session's user is, on which user interface, with which
 * privilege level and terminal settings, and the lines a device prints
 * after a successful login.  The VTY server (cli/vty.c) authenticates its
 * telnet users itself; the console and SSH login shells come through
 * cli_login_open. */
#ifndef VRPSH_CLI_LOGIN_H
#define VRPSH_CLI_LOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../store/online.h"
#include "shell.h"

/* The table of logins of a state directory (DIR/online), or NULL when
 * there is no state directory or it cannot be opened. */
store_online *cli_login_table(const char *state_dir);

/* Set up the session of a console or SSH login shell: a terminal session
 * is an SSH login when SSH_CONNECTION is set.  Takes a VTY slot (SSH) or
 * the console's, sets the user, level (the local user's privilege level
 * when the account is a configured local user, else --level), idle timeout
 * and screen length from the configuration, and prints the login banner
 * of an SSH login and of a login shell on a local terminal (a console
 * login; vrpsh started by hand prints none).  Returns 0, or -1 with a
 * message when the login is refused (every VTY is taken). */
int cli_login_open(cli_shell *sh, const cli_opts *o, bool tty, char *err, size_t errlen);
void cli_login_close(cli_shell *sh);

/* After a successful login: the Info lines of the device, the previous
 * login of the same user (or user interface, for a session without a user
 * name) when there is one, then the `header shell information` banner if
 * one is configured.  Records this login as the user's last
 * (views/lastlogin.h). */
void cli_login_banner(vsh_session *s, time_t login_time);

/* "All user interfaces are used, please try later!" */
extern const char cli_login_full_msg[];

#endif
