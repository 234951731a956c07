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
 * Ctrl+Z stands for (libcli would otherwise leave its own config mode). */
#ifndef VRPSH_CLI_VTY_RELAY_H
#define VRPSH_CLI_VTY_RELAY_H

#define CLI_VTY_PROMPT_MARK '\x1f'

typedef struct cli_vty_relay cli_vty_relay;

/* Start relaying between client_fd (the TCP connection) and inner_fd
 * (the end of a socket pair whose other end libcli uses).  Returns NULL
 * when the thread cannot be started. */
cli_vty_relay *cli_vty_relay_start(int client_fd, int inner_fd);

/* Wait until libcli's end is closed and everything it wrote is sent (or
 * the client is gone); closes both descriptors and frees r. */
void cli_vty_relay_join(cli_vty_relay *r);

#endif
