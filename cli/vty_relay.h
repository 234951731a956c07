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
 * (so that a key read inside a command, by the pager, sees one Enter).  It
 * removes telnet subnegotiations (libcli would read their bytes as typed
 * text), turns the telnet Interrupt Process command into Ctrl+C, turns the
 * terminal's Home, End and Delete keys into the keys libcli knows, and
 * drops control characters libcli would put into the line as text.
 *
 * The keys VRP gives a meaning libcli lacks are the relay's: TAB, '?',
 * Ctrl+C, Ctrl+D, Ctrl+X, Ctrl+Y, Ctrl+Z and Delete.  For those it waits
 * until libcli has taken everything typed before and the session is at
 * its prompt, then reads libcli's line back (it sends libcli Ctrl+L, which
 * redraws the prompt and the line, and Ctrl+C, whose bell ends the
 * redraw, and shows the client neither), and does what the console does
 * with keys sent to libcli, dropping libcli's echo of them and writing
 * what readline writes instead: TAB completes the word before the cursor, '?'
 * has the session print its help (libcli runs the hidden help command
 * CLI_VTY_HELP_CMD, whose output starts with CLI_VTY_HELP_MARK) and puts
 * the line back.  An Enter on a line that may start with blanks is read
 * back the same way first, to tell the session how many there are.  While the session runs a command (which may be reading
 * keys) or no one is logged in, the keys pass as they are. */
#ifndef VRPSH_CLI_VTY_RELAY_H
#define VRPSH_CLI_VTY_RELAY_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_VTY_PROMPT_MARK '\x1f'
/* The first word of the line libcli is given to ask the session for help,
 * and the byte the help's output starts with.  Clients cannot type
 * either: the relay drops such control characters. */
#define CLI_VTY_HELP_CMD "\x1e"
#define CLI_VTY_HELP_MARK '\x1d'

typedef struct cli_vty_relay cli_vty_relay;

/* What the relay asks of the session; called from the relay thread. */
typedef struct cli_vty_hooks {
	/* Whether the session is at its prompt: 0, with the prompt copied to
	 * prompt[0..cap) and *user_view set; -1 while a command runs; -2 when
	 * no one is logged in. */
	int (*probe)(void *ctx, char *prompt, size_t cap, bool *user_view);
	/* The candidates completing the last word of line[0..len), written to
	 * buf one after the other, each ended by NUL (those that do not fit are
	 * left out).  Returns their number, or a negative value as probe. */
	int (*complete)(void *ctx, const char *line, size_t len, char *buf, size_t cap);
	/* The text the next help command is for (copied). */
	void (*help_for)(void *ctx, const char *line, size_t len);
	/* The number of blanks the next line starts with (libcli passes lines
	 * on without them; error carets count them). */
	void (*line_blanks)(void *ctx, size_t n);
	void *ctx;
} cli_vty_hooks;

typedef struct cli_vty_relay_opts {
	int client_fd;               /* the TCP connection */
	int inner_fd;                /* the end of a socket pair whose other end libcli uses */
	const cli_vty_hooks *hooks;  /* NULL: every key goes to libcli as it is */
	const unsigned char *typed;  /* bytes the client sent already (after the login) */
	size_t ntyped;
	unsigned char prev;          /* the client's last byte before them ('\r': a LF or
					NUL first is the second half of that Enter) */
} cli_vty_relay_opts;

/* Start relaying.  Returns NULL when the thread cannot be started. */
cli_vty_relay *cli_vty_relay_start(const cli_vty_relay_opts *o);

/* For tests and fuzzing: a relay without thread or sockets (descriptors
 * -1), fed by hand.  cli_vty_relay_feed takes bytes from the client,
 * cli_vty_relay_output bytes from libcli; cli_vty_relay_take moves what
 * the relay queued for libcli (to_client false) or for the client into
 * buf and returns how many bytes. */
cli_vty_relay *cli_vty_relay_new(const cli_vty_relay_opts *o);
void cli_vty_relay_feed(cli_vty_relay *r, const unsigned char *p, size_t n);
void cli_vty_relay_output(cli_vty_relay *r, const char *p, size_t n);
size_t cli_vty_relay_take(cli_vty_relay *r, bool to_client, char *buf, size_t cap);
void cli_vty_relay_free(cli_vty_relay *r);

/* Wait until libcli's end is closed and everything it wrote is sent (or
 * the client is gone); closes both descriptors and frees r. */
void cli_vty_relay_join(cli_vty_relay *r);

#endif
