/* The VRP pager: a command's output stops after a screenful with
 * "  ---- More ----" and waits for a key.
 *   Space         the next screen
 *   Enter         the next line
 *   + REGEX Enter the next screen of the lines that match (as `| include`)
 *   - REGEX Enter ... of the lines that do not match (as `| exclude`)
 *   / REGEX Enter ... from the first line that matches on (as `| begin`)
 *   anything else (Ctrl+C, q, end of input) the rest of the output is dropped
 * After the key the prompt is erased the way the device does it
 * (ESC[16D, 16 blanks, ESC[16D) and the output goes on from there; a
 * typed filter is echoed and erased the same way.
 * Front ends put it between the session's output and the terminal. */
#ifndef VRPSH_CLI_PAGER_H
#define VRPSH_CLI_PAGER_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/linefilter.h"

#define CLI_PAGER_PROMPT "  ---- More ----"
#define CLI_PAGER_ERASE "\033[16D                \033[16D"
#define CLI_PAGER_PATTERN_MAX 255

typedef struct cli_pager {
	/* Where output goes (the front end converts line ends as it needs). */
	void (*out)(void *ctx, const char *buf, size_t len);
	/* One key from the user, or -1 when input has ended. */
	int (*key)(void *ctx);
	void *ctx;
	int page;      /* lines per screen for this command, 0 = no paging */
	int shown;     /* lines shown since the last stop */
	bool at_bol;   /* the next byte starts a line */
	bool stopped;  /* the user stopped: the rest of the output is dropped */
	/* A filter typed at the More prompt, with the line being gathered
	 * for it. */
	vsh_filter filter;
	char *line;
	size_t llen, lcap;
} cli_pager;

void cli_pager_init(cli_pager *p, void (*out)(void *ctx, const char *buf, size_t len),
		    int (*key)(void *ctx), void *ctx);

/* Start of a command's output: `page` lines per screen, 0 for none. */
void cli_pager_start(cli_pager *p, int page);

/* vsh_io.write for a session; ctx is the cli_pager. */
void cli_pager_write(void *ctx, const char *buf, size_t len);
/* vsh_io.page_off: the rest of this command's output is not paged. */
void cli_pager_page_off(void *ctx);

/* The end of a pager (its filter's memory). */
void cli_pager_fini(cli_pager *p);

#endif
