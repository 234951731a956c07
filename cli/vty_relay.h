/* The byte relay between a telnet client and the libcli session that
 * serves it (one thread per VTY process).
 *
 * libcli writes a line break before every prompt, which leaves an empty
 * line after each command; the device prints none.  libcli is given a
 * host name of one marker byte, so every prompt it writes starts with that
 * byte: the relay drops the marker, and drops the line break in front of
 * it when the output already stands at the start of a line.
 *
 * Towards libcli the relay makes every client's Enter look the same: a
 * lone CR, which is what libcli takes as the end of a line.  A lone LF (as
 * some clients send) becomes CR; the LF or NUL of CR LF and CR NUL goes
 * (so that a key read inside a command, by the pager, sees one Enter).  It removes telnet subnegotiations (libcli would read
 * their bytes as typed text), turns the telnet Interrupt Process command
 * into Ctrl+C, and turns Ctrl+Z into "Ctrl+U return Enter", the command
 * Ctrl+Z stands for (libcli would otherwise leave its own config mode).
 *
 * TAB is the relay's: libcli completes only the words it knows.  The
 * relay follows the line as typed at its end (printable keys, Backspace,
 * Ctrl+W, Ctrl+U, Enter); on TAB it waits until libcli has taken all that
 * came before, asks the session for the candidates, and sends libcli the
 * keys that replace the last word, as the console's TAB does.  A line the
 * relay lost track of (cursor or history keys), or a session busy for
 * long (a command reading keys), gets libcli's own TAB.  A '?' at the end
 * of the line waits the same way and is echoed by the relay when the
 * session is at its prompt (libcli answers it without echoing it). */
#ifndef VRPSH_CLI_VTY_RELAY_H
#define VRPSH_CLI_VTY_RELAY_H

#include <stddef.h>

#define CLI_VTY_PROMPT_MARK '\x1f'

typedef struct cli_vty_relay cli_vty_relay;

/* The candidates completing the last word of line[0..len), written to buf
 * one after the other, each ended by NUL (those that do not fit are left
 * out); with cap 0 it only says whether the session is at its prompt.
 * Returns their number, -1 when the session is busy (a command runs), or
 * -2 when it takes no completions (no one logged in).  Called from the
 * relay thread. */
typedef int (*cli_vty_complete_fn)(void *ctx, const char *line, size_t len, char *buf,
				   size_t cap);

/* Start relaying between client_fd (the TCP connection) and inner_fd
 * (the end of a socket pair whose other end libcli uses); complete (may be
 * NULL: TAB goes to libcli) answers TAB.  Returns NULL when the thread
 * cannot be started. */
cli_vty_relay *cli_vty_relay_start(int client_fd, int inner_fd, cli_vty_complete_fn complete,
				   void *ctx);

/* Wait until libcli's end is closed and everything it wrote is sent (or
 * the client is gone); closes both descriptors and frees r. */
void cli_vty_relay_join(cli_vty_relay *r);

#endif
