/* Interactive console.
 *
 * Readline edits the line; the keys that VRP gives a meaning of its own are
 * bound to functions here:
 *   ?        help for the text before the cursor, then the prompt and the
 *            typed text again
 *   TAB      completes the word before the cursor: a unique keyword is
 *            completed and followed by a space; with several, each press
 *            shows the next one; with none, nothing changes
 *   Ctrl+Z   runs `return` (no echo)
 *   Ctrl+C   abandons the line
 *   Ctrl+D   deletes the character under the cursor; on an empty line in
 *            the user view it logs out
 *   Ctrl+X   deletes everything before the cursor, Ctrl+Y everything from it
 * The terminal's suspend, interrupt and quit characters are switched off
 * while the console runs, so that Ctrl+Z and Ctrl+C reach these functions
 * instead of stopping the process.  Bracketed paste and the meta-key
 * sequence are off: the prompt must be the last bytes a client sees, with
 * no escape sequences around it.
 *
 * Readline is told the terminal is wider than any line: at the real width
 * (80 columns under netmiko 2 and Ansible) it would redraw a line that
 * reaches the right margin with a blank and a carriage return of its own,
 * which a client reading the echo takes for output.  The terminal wraps
 * long lines by itself, as it does for the telnet VTY's echo, so echoes,
 * prompts and questions are the same bytes on both. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "../store/online.h"
#include "../views/store.h"
#include "console.h"
#include "pager.h"
#include "shell.h"

#define HISTORY_MAX 100
#define SCREEN_WIDTH 32767 /* wider than any line (3100 characters at most) */
#define CTRL_KEY(c) ((c) & 0x1f)

static struct console {
	vsh_session *s;
	bool tty;
	char prompt[256];
	size_t plen;
	bool in_question;   /* readline is reading the answer to a question */
	enum { KEY_NONE, KEY_RETURN, KEY_QUIT } pending; /* Ctrl+Z / Ctrl+D */
	/* Output after the last newline, not written yet (see con_write). */
	char partial[512];
	size_t partial_len;
	/* TAB cycling among several completions. */
	char **cands;
	size_t ncands, cand_idx;
	int word_start;
	char *cyc_line;
	int cyc_point;
	/* Terminal settings to restore. */
	struct termios saved_tio;
	bool tio_changed;
	/* Output passes the pager on its way to con_write. */
	cli_pager pager;
	bool timed_out; /* no input for the session's idle time */
	bool at_prompt; /* readline (or a plain read) waits for a command line */
} con;

/* ---- output and questions ------------------------------------------- */

/* Output goes out line by line; the text after the last newline is held
 * back until more output or the end of the command, because when it is a
 * question readline must print it as its own prompt (it redraws the prompt
 * while the answer is edited). */
static void flush_partial(void)
{
	if (con.partial_len)
		fwrite(con.partial, 1, con.partial_len, stdout);
	con.partial_len = 0;
}

static void con_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	const char *nl = memrchr(buf, '\n', len);
	if (nl) {
		flush_partial();
		size_t n = (size_t)(nl + 1 - buf);
		fwrite(buf, 1, n, stdout);
		buf += n;
		len -= n;
	}
	if (len > sizeof(con.partial) - 1 - con.partial_len) {
		flush_partial();
		fwrite(buf, 1, len, stdout);
		return;
	}
	memcpy(con.partial + con.partial_len, buf, len);
	con.partial_len += len;
}

/* A trial commit ran out while the prompt waits: say so below the line
 * and show the prompt (its name may have changed back) and the line
 * again. */
static void trial_expired(void)
{
	vsh_store_sync(con.s);
	vsh_prompt(con.s, con.prompt, sizeof(con.prompt));
	con.plen = strlen(con.prompt);
	if (con.tty) {
		rl_crlf();
		fputs(VSH_TRIAL_EXPIRED_MSG, rl_outstream);
		rl_crlf();
		rl_set_prompt(con.prompt);
		rl_on_new_line();
		rl_redisplay();
		fflush(rl_outstream);
	} else {
		printf("\n%s\n%s", VSH_TRIAL_EXPIRED_MSG, con.prompt);
		fflush(stdout);
	}
}

/* Wait for input for at most the session's idle time; false when it
 * passed without any. */
static bool wait_input(int fd)
{
	unsigned idle = con.s ? con.s->idle_seconds : 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long left = idle ? (long long)idle * 1000 : -1;
	int r;

	/* Lines already read into stdio's buffer need no wait (glibc). */
	if (fd == STDIN_FILENO && stdin->_IO_read_ptr < stdin->_IO_read_end)
		return true;
	/* A second at a time: vsh_tick reverts a trial that runs out. */
	for (;;) {
		int ms = left < 0 || left > 1000 ? 1000 : (int)left;
		r = poll(&p, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 0)
			return true;
		if (con.s && vsh_tick(con.s) && con.at_prompt)
			trial_expired();
		if (left >= 0 && (left -= ms) <= 0) {
			con.timed_out = true;
			return false;
		}
	}
}

/* readline's input, ending (as end of input) after the idle time. */
static int con_getc(FILE *f)
{
	if (!wait_input(fileno(f)))
		return EOF;
	return rl_getc(f);
}

static char *read_plain_line(void)
{
	if (!wait_input(STDIN_FILENO))
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int con_ask(void *ctx, char *buf, size_t buflen)
{
	char *ans;

	(void)ctx;
	if (con.tty) {
		con.partial[con.partial_len] = '\0';
		con.partial_len = 0;
		fflush(stdout);
		con.in_question = true;
		ans = readline(con.partial);
		con.in_question = false;
	} else {
		flush_partial();
		fflush(stdout);
		ans = read_plain_line();
	}
	if (!ans)
		return -1;
	size_t len = strlen(ans);
	if (buflen == 0) {
		free(ans);
		return -1;
	}
	if (len >= buflen)
		len = buflen - 1;
	memcpy(buf, ans, len);
	buf[len] = '\0';
	free(ans);
	return 0;
}

/* An answer that is not shown (a password).  On a terminal the keys are
 * read one by one with echo off: Backspace or Delete rubs out the last
 * character, Ctrl+U the whole answer, Ctrl+C (and Ctrl+D on an empty
 * answer) abandons it, Enter ends it and moves to the next line.  Without
 * a terminal, the next line as it comes (nothing is echoed there, as for
 * con_ask). */
static int con_ask_secret(void *ctx, char *buf, size_t buflen)
{
	struct termios saved, quiet;
	bool changed = false;
	size_t n = 0;
	int rc = -1;

	(void)ctx;
	if (buflen == 0)
		return -1;
	flush_partial();
	fflush(stdout);
	if (!con.tty) {
		char *ans = read_plain_line();
		if (!ans)
			return -1;
		size_t len = strlen(ans);
		snprintf(buf, buflen, "%s", ans);
		explicit_bzero(ans, len);
		free(ans);
		return 0;
	}
	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
		quiet.c_cc[VMIN] = 1;
		quiet.c_cc[VTIME] = 0;
		changed = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	while (wait_input(STDIN_FILENO)) {
		unsigned char c;
		ssize_t r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == CTRL_KEY('C') || (c == CTRL_KEY('D') && n == 0))
			break;
		if (c == '\r' || c == '\n') {
			rc = 0;
			break;
		}
		if (c == 0x7f || c == '\b') {
			while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
				n--; /* the continuation bytes of a UTF-8 character */
			if (n > 0)
				n--;
		} else if (c == CTRL_KEY('U')) {
			n = 0;
		} else if (c != CTRL_KEY('D') && n + 1 < buflen) {
			buf[n++] = (char)c;
		}
	}
	buf[n] = '\0';
	if (changed)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (rc != 0) {
		explicit_bzero(buf, buflen);
		return rc; /* the caller ends the question's line */
	}
	fputc('\n', stdout); /* the Enter, as an echoed answer would show it */
	fflush(stdout);
	return 0;
}

/* One key for the pager, read with the terminal in non-canonical mode
 * and without echo; -1 at end of input. */
static int con_key(void *ctx)
{
	struct termios saved, raw;
	unsigned char c;
	bool changed = false;

	(void)ctx;
	flush_partial(); /* the More prompt has no line end */
	fflush(stdout);
	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		changed = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	ssize_t n;
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n < 0 && errno == EINTR);
	if (changed)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return n == 1 ? c : -1;
}

/* Lines per screen for the next command's output. */
static int page_length(void)
{
	return con.tty && !con.s->mmi_mode ? con.s->screen_length : 0;
}

/* ---- key functions -------------------------------------------------- */

/* Leave the typed line on the screen as it is and move to a new line. */
static void finish_screen_line(void)
{
	rl_point = rl_end;
	rl_redisplay();
	rl_crlf();
	fflush(rl_outstream);
}

static int key_help(int count, int key)
{
	if (con.in_question)
		return rl_insert(count, key);
	int point = rl_point;
	rl_point = rl_end;
	rl_redisplay();
	fputs("?\n", rl_outstream);
	fflush(rl_outstream);
	cli_pager_start(&con.pager, page_length());
	vsh_help(con.s, rl_line_buffer, (size_t)point, con.plen);
	flush_partial();
	fflush(stdout);
	rl_point = point;
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static void drop_candidates(void)
{
	if (con.cands)
		parser_completions_free(con.cands, con.ncands);
	con.cands = NULL;
	con.ncands = con.cand_idx = 0;
	free(con.cyc_line);
	con.cyc_line = NULL;
}

static void replace_word(int start, const char *word, bool final)
{
	rl_begin_undo_group();
	rl_delete_text(start, rl_point);
	rl_point = start;
	rl_insert_text(word);
	if (final) {
		if (rl_line_buffer[rl_point] == ' ')
			rl_point++;
		else
			rl_insert_text(" ");
	}
	rl_end_undo_group();
}

static int key_tab(int count, int key)
{
	(void)count;
	(void)key;
	if (con.in_question)
		return 0;
	bool again = con.cands && con.cyc_line && rl_point == con.cyc_point &&
		     strcmp(con.cyc_line, rl_line_buffer) == 0;
	if (again) {
		con.cand_idx = (con.cand_idx + 1) % con.ncands;
		replace_word(con.word_start, con.cands[con.cand_idx], false);
	} else {
		drop_candidates();
		int start = rl_point;
		while (start > 0 && !isspace((unsigned char)rl_line_buffer[start - 1]))
			start--;
		if (start == rl_point)
			return 0;
		char **v = NULL;
		size_t n = vsh_complete(con.s, rl_line_buffer, (size_t)rl_point, &v);
		if (n == 0) {
			if (v)
				parser_completions_free(v, n);
			return 0;
		}
		if (n == 1) {
			replace_word(start, v[0], true);
			parser_completions_free(v, n);
			return 0;
		}
		con.cands = v;
		con.ncands = n;
		con.cand_idx = 0;
		con.word_start = start;
		replace_word(start, v[0], false);
	}
	free(con.cyc_line);
	con.cyc_line = strdup(rl_line_buffer);
	con.cyc_point = rl_point;
	return 0;
}

static int key_ctrl_z(int count, int key)
{
	(void)count;
	(void)key;
	if (con.in_question)
		return 0;
	finish_screen_line();
	rl_replace_line("", 0);
	con.pending = KEY_RETURN;
	rl_done = 1;
	return 0;
}

static int key_ctrl_c(int count, int key)
{
	(void)count;
	(void)key;
	finish_screen_line();
	rl_replace_line("", 0);
	rl_done = 1;
	return 0;
}

static int key_ctrl_d(int count, int key)
{
	if (rl_end > 0)
		return rl_delete(count, key);
	if (con.in_question || con.s->depth > 1)
		return 0;
	rl_crlf();
	con.pending = KEY_QUIT;
	rl_done = 1;
	return 0;
}

/* ---- terminal ------------------------------------------------------- */

static void restore_tty(void)
{
	if (con.tio_changed)
		tcsetattr(STDIN_FILENO, TCSANOW, &con.saved_tio);
	con.tio_changed = false;
}

static void on_fatal_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void setup_tty(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &con.saved_tio) == 0) {
		t = con.saved_tio;
		t.c_cc[VSUSP] = _POSIX_VDISABLE;
		t.c_cc[VINTR] = _POSIX_VDISABLE;
		t.c_cc[VQUIT] = _POSIX_VDISABLE;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
			con.tio_changed = true;
	}
	/* Should the terminal still send it, stopping is not an option. */
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
}

static void setup_readline(void)
{
	setlocale(LC_CTYPE, "");
	rl_readline_name = "vrpsh";
	rl_instream = stdin;
	rl_outstream = stdout;
	rl_getc_function = con_getc;
	rl_initialize();
	/* After ~/.inputrc, so that these hold whatever it says. */
	rl_variable_bind("editing-mode", "emacs");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("enable-meta-key", "off");
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("horizontal-scroll-mode", "off");
	/* No width from the terminal, now or on a resize (see the top). */
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	int rows, cols;
	rl_get_screen_size(&rows, &cols);
	rl_set_screen_size(rows > 0 ? rows : 24, SCREEN_WIDTH);
	rl_bind_key('?', key_help);
	rl_bind_key('\t', key_tab);
	rl_bind_key(CTRL_KEY('Z'), key_ctrl_z);
	rl_bind_key(CTRL_KEY('C'), key_ctrl_c);
	rl_bind_key(CTRL_KEY('D'), key_ctrl_d);
	rl_bind_key(CTRL_KEY('X'), rl_unix_line_discard);
	rl_bind_key(CTRL_KEY('Y'), rl_kill_line);
	using_history();
	stifle_history(HISTORY_MAX);
}

static void remember(const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return;
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, line) != 0)
		add_history(line);
}

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

int cli_console(vsh_session *s)
{
	memset(&con, 0, sizeof(con));
	con.s = s;
	con.tty = isatty(STDIN_FILENO);
	cli_pager_init(&con.pager, con_write, con_key, &con);
	s->io = (vsh_io){ .write = cli_pager_write, .ask = con_ask, .ask_secret = con_ask_secret,
			  .page_off = cli_pager_page_off,
			  .ctx = &con.pager };
	if (con.tty) {
		setup_tty();
		setup_readline();
	}

	while (!s->quit_requested) {
		vsh_prompt(s, con.prompt, sizeof(con.prompt));
		con.plen = strlen(con.prompt);
		con.pending = KEY_NONE;
		char *line;
		con.at_prompt = true;
		if (con.tty) {
			fflush(stdout);
			line = readline(con.prompt);
		} else {
			fputs(con.prompt, stdout);
			fflush(stdout);
			line = read_plain_line();
		}
		con.at_prompt = false;
		drop_candidates();
		cli_pager_start(&con.pager, page_length());
		if (!line) {
			/* End of input: the terminal or the connection is gone. */
			fputc('\n', stdout);
			if (con.timed_out)
				fputs(CLI_CONSOLE_TIMEOUT_MSG "\n", stdout);
			break;
		}
		if (s->online)
			store_online_touch(s->online, s->online_slot);
		if (con.pending == KEY_RETURN)
			(void)vsh_exec(s, "return", 6, con.plen);
		else if (con.pending == KEY_QUIT)
			(void)vsh_exec(s, "quit", 4, con.plen);
		else if (!blank(line)) {
			if (con.tty)
				remember(line);
			(void)vsh_exec(s, line, strlen(line), con.plen);
		}
		free(line);
		flush_partial();
		fflush(stdout);
	}
	cli_pager_fini(&con.pager);
	flush_partial();
	fflush(stdout);
	if (con.tty) {
		rl_clear_history();
		restore_tty();
	}
	return CLI_EXIT_OK;
}
