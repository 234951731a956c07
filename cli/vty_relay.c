/* The relay thread of a VTY session: client <-> libcli, with the byte
 * rewrites and the keys described in vty_relay.h. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "vty_relay.h"

#define QCAP 65536
#define HOLD_MS 20         /* how long a line break ending a line waits for what follows */
#define LINE_CAP 4096      /* libcli's longest line */
#define PROMPT_CAP 512
#define CAPTURE_CAP (2 * LINE_CAP + PROMPT_CAP)
#define CANDS_CAP 8192
#define POLL_MS 5
#define QUIET_MS 200       /* output this long quiet: an Enter not answered by a prompt is done */
#define GIVE_UP_MS 1500    /* a key waiting longer for the prompt passes as it is */
#define ECHO_MS 1000       /* libcli answers at once; longer, and it did not get the keys */
#define HELP_MS 5000       /* from the help command to its first byte */
#define RESTORE_MS 60000   /* a help being paged: the pager waits for keys */

enum { T_IAC = 255, T_SB = 250, T_SE = 240, T_IP = 244, T_WILL = 251, T_DONT = 254 };

/* Keys, as libcli knows them; K_DEL stands for the terminal's Delete. */
enum {
	K_CTRL_A = 0x01, K_CTRL_B = 0x02, K_CTRL_C = 0x03, K_CTRL_D = 0x04, K_CTRL_E = 0x05,
	K_CTRL_F = 0x06, K_TAB = 0x09, K_CTRL_K = 0x0b, K_CTRL_L = 0x0c, K_CTRL_N = 0x0e,
	K_CTRL_P = 0x10, K_CTRL_U = 0x15, K_CTRL_X = 0x18, K_CTRL_Y = 0x19, K_CTRL_Z = 0x1a,
	K_ESC = 0x1b, K_BS = 0x7f, K_DEL = 0x100, K_ENTER = 0x101,
};

typedef struct queue {
	char b[QCAP];
	size_t head, len;
} queue;

/* Where the relay stands with a key of its own (vty_relay.h). */
enum phase {
	PH_IDLE,    /* client keys pass */
	PH_WAIT,    /* the key waits for libcli to take all and the session to be at its prompt */
	PH_SYNC,    /* libcli's redraw of its line is read back, up to the bell */
	PH_DROP,    /* libcli's echo of the relay's keys is dropped, up to the bell, */
	PH_DROP_N,  /* and then drop_n more bytes */
	PH_HELP,    /* output is dropped up to the help's mark */
	PH_RESTORE, /* the help passes; the prompt is followed by the help command's text */
};

struct cli_vty_relay {
	int client, inner;
	pthread_t thread;
	queue in, out;         /* client -> libcli, libcli -> client */
	cli_vty_hooks hooks;
	bool have_hooks;
	/* input side */
	enum { IN_DATA, IN_IAC, IN_OPT, IN_SB, IN_SB_IAC } tstate;
	int esc;               /* 0, or within an escape sequence: 1 after ESC, '[' or 'O' */
	char esc_arg[8];
	size_t esc_len;
	unsigned char prev;    /* last data byte from the client */
	int enters;            /* Enters sent to libcli not yet answered by a prompt */
	size_t typed;          /* characters typed into the line, about */
	bool maybe_blanks;     /* the line may start with blanks */
	/* output side */
	int held;              /* 0, 1 ("\r") or 2 ("\r\n") bytes held back */
	long long held_since;
	bool held_col0;        /* output stood at a line start before them */
	bool col0;             /* the last byte queued for the client was '\n' */
	long long last_out;
	/* the key being handled */
	enum phase phase;
	int key;
	long long since;
	size_t drop_n, drop_after;
	char prompt[PROMPT_CAP];
	bool user_view;
	char cap[CAPTURE_CAP]; /* the redraw read back */
	size_t caplen;
	/* libcli's line as last read back, with the relay's edits since */
	char line[LINE_CAP];
	size_t llen, cur;
	/* TAB: the candidates being cycled, NUL-separated */
	char cands[CANDS_CAP];
	int ncands, cand;
	size_t wstart;
	bool cycling;
	/* client bytes read but not yet handled */
	unsigned char rbuf[4096];
	size_t roff, rlen;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t q_room(const queue *q)
{
	return QCAP - q->len;
}

/* Callers check the room first; a full queue drops. */
static void q_put(queue *q, const char *p, size_t n)
{
	for (size_t i = 0; i < n && q->len < QCAP; i++) {
		q->b[(q->head + q->len) % QCAP] = p[i];
		q->len++;
	}
}

static void q_putc(queue *q, int c)
{
	char x = (char)c;

	q_put(q, &x, 1);
}

/* Write what can be written from q to fd; false when fd is broken. */
static bool q_flush(queue *q, int fd)
{
	while (q->len > 0) {
		size_t chunk = q->head + q->len > QCAP ? QCAP - q->head : q->len;
		ssize_t n = send(fd, q->b + q->head, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK;
		}
		q->head = (q->head + (size_t)n) % QCAP;
		q->len -= (size_t)n;
	}
	q->head = 0;
	return true;
}

/* ---- libcli -> client ------------------------------------------------ */

static void out_emit(cli_vty_relay *r, const char *p, size_t n)
{
	if (n == 0)
		return;
	q_put(&r->out, p, n);
	r->col0 = p[n - 1] == '\n';
}

static void out_release(cli_vty_relay *r)
{
	out_emit(r, "\r\n", (size_t)r->held);
	r->held = 0;
}

/* A byte of libcli's output on its way to the client: prompt marks and
 * the line breaks libcli puts before prompts. */
static void out_byte(cli_vty_relay *r, char c)
{
	for (;;) {
		if (r->held == 0) {
			if (c == '\r') {
				r->held = 1;
				r->held_col0 = r->col0;
				r->held_since = now_ms();
			} else if (c != CLI_VTY_PROMPT_MARK) {
				out_emit(r, &c, 1);
			} else if (r->enters > 0) {
				r->enters--;
			}
			return;
		}
		if (r->held == 1) {
			if (c == '\n') {
				r->held = 2;
				return;
			}
			out_release(r);
			continue; /* look at c again */
		}
		/* "\r\n" held */
		if (c == CLI_VTY_PROMPT_MARK) {
			if (r->enters > 0)
				r->enters--;
			/* The line break libcli writes before a prompt: not needed
			 * when the output is at a line start already. */
			if (!r->held_col0)
				out_emit(r, "\r\n", 2);
			r->held = 0;
			return;
		}
		out_release(r);
	}
}

/* ---- keys for libcli ------------------------------------------------- */

/* Text typed at libcli's cursor.  A '?' at the end of libcli's line would
 * ask libcli for help: it is typed in front of a placeholder instead. */
static void type_text(cli_vty_relay *r, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '?' && r->cur == r->llen) {
			static const char keys[] = { 'x', K_CTRL_B, '?', K_CTRL_F, K_BS };
			q_put(&r->in, keys, sizeof keys);
		} else {
			q_putc(&r->in, p[i]);
		}
		if (r->llen < LINE_CAP - 1) {
			memmove(r->line + r->cur + 1, r->line + r->cur, r->llen - r->cur);
			r->line[r->cur++] = p[i];
			r->llen++;
		}
	}
}

/* Backspaces: n characters before libcli's cursor go. */
static void rub_out(cli_vty_relay *r, size_t n)
{
	if (n > r->cur)
		n = r->cur;
	for (size_t i = 0; i < n; i++)
		q_putc(&r->in, K_BS);
	memmove(r->line + r->cur - n, r->line + r->cur, r->llen - r->cur);
	r->cur -= n;
	r->llen -= n;
}

/* Replace the word from r->wstart to the cursor with w, and with a blank
 * after it when final (one already there is stepped over), as the
 * console's TAB does. */
static void put_word(cli_vty_relay *r, const char *w, bool final)
{
	size_t old = r->cur - r->wstart, keep = 0, wl = strlen(w);

	while (keep < old && keep < wl && r->line[r->wstart + keep] == w[keep])
		keep++;
	if (r->llen - old + wl + 1 >= LINE_CAP)
		return;
	rub_out(r, old - keep);
	type_text(r, w + keep, wl - keep);
	if (final) {
		if (r->cur < r->llen && r->line[r->cur] == ' ') {
			q_putc(&r->in, K_CTRL_F);
			r->cur++;
		} else {
			type_text(r, " ", 1);
		}
	}
}

static const char *cand_at(const cli_vty_relay *r, int i)
{
	const char *p = r->cands;

	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

/* An edit the relay makes in libcli's line: libcli's echo of its keys is
 * dropped (up to the bell of a Ctrl+C sent after them) and the client
 * gets what readline writes for the same change: back to the first
 * changed character, the line from there, blanks over what it lost, and
 * back to the new cursor. */
typedef struct edit_snap {
	char line[LINE_CAP];
	size_t llen, cur;
} edit_snap;

static void edit_begin(const cli_vty_relay *r, edit_snap *o)
{
	memcpy(o->line, r->line, r->llen);
	o->llen = r->llen;
	o->cur = r->cur;
}

static void out_backs(cli_vty_relay *r, size_t n)
{
	static const char b[] = "\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b";
	const size_t bn = sizeof b - 1;

	for (; n > bn; n -= bn)
		out_emit(r, b, bn);
	out_emit(r, b, n);
}

/* o: the line as the client sees it before the edit; keys: keys went to
 * libcli even if the line did not change. */
static void edit_end(cli_vty_relay *r, const edit_snap *o, bool keys)
{
	size_t p = 0, end = r->llen;

	while (p < o->llen && p < r->llen && o->line[p] == r->line[p])
		p++;
	bool same = p == o->llen && p == r->llen;
	if (same && o->cur == r->cur && !keys)
		return; /* nothing changed, no key sent */
	q_putc(&r->in, K_CTRL_C);
	r->phase = PH_DROP;
	r->drop_after = 0;
	r->since = now_ms();
	if (same) { /* the cursor only */
		if (r->cur > o->cur)
			out_emit(r, r->line + o->cur, r->cur - o->cur);
		else
			out_backs(r, o->cur - r->cur);
		return;
	}
	if (o->cur > p)
		out_backs(r, o->cur - p);
	else
		out_emit(r, o->line + o->cur, p - o->cur);
	out_emit(r, r->line + p, r->llen - p);
	for (; end < o->llen; end++)
		out_emit(r, " ", 1);
	out_backs(r, end - r->cur);
}

static void key_tab(cli_vty_relay *r)
{
	size_t start = r->cur;

	while (start > 0 && r->line[start - 1] != ' ')
		start--;
	if (start == r->cur) /* no word before the cursor: nothing to do */
		return;
	int n = r->hooks.complete(r->hooks.ctx, r->line, r->cur, r->cands, sizeof r->cands);
	if (n <= 0)
		return;
	edit_snap o;
	edit_begin(r, &o);
	r->wstart = start;
	if (n == 1) {
		put_word(r, r->cands, true);
	} else {
		r->ncands = n;
		r->cand = 0;
		put_word(r, r->cands, false);
		r->cycling = true;
	}
	edit_end(r, &o, false);
}

/* '?': the session prints its help for the text before the cursor (the
 * hidden help command in place of libcli's line), then the line is typed
 * back with the cursor where it was. */
static void key_help(cli_vty_relay *r)
{
	static const char cmd[] = { K_CTRL_U, CLI_VTY_HELP_CMD[0], ' ', '?' };

	r->hooks.help_for(r->hooks.ctx, r->line, r->cur);
	out_emit(r, r->line + r->cur, r->llen - r->cur);
	out_emit(r, "?", 1);
	q_put(&r->in, cmd, sizeof cmd);
	r->phase = PH_HELP;
	r->since = now_ms();
}

/* After the help: libcli shows the prompt and the help command's text
 * (its mark and a blank), which two Backspaces take away; their echo (six
 * bytes) is dropped with it, and the line comes back. */
static void help_restore(cli_vty_relay *r)
{
	size_t l = r->llen, back = r->llen - r->cur;
	char copy[LINE_CAP];
	edit_snap o = { .llen = 0, .cur = 0 };

	memcpy(copy, r->line, l);
	q_putc(&r->in, K_BS);
	q_putc(&r->in, K_BS);
	r->cur = r->llen = 0;
	type_text(r, copy, l);
	for (size_t i = 0; i < back; i++)
		q_putc(&r->in, K_CTRL_B);
	r->cur = l - back;
	edit_end(r, &o, true); /* the prompt is out: the line after it */
}

/* Keys whose echo the client must not see: they are followed by Ctrl+C,
 * and libcli's output up to its bell is dropped, then drop_after bytes. */
static void send_unseen(cli_vty_relay *r, const char *keys, size_t n, size_t drop_after)
{
	q_put(&r->in, keys, n);
	q_putc(&r->in, K_CTRL_C);
	r->phase = PH_DROP;
	r->drop_after = drop_after;
	r->since = now_ms();
}

/* The key, with libcli's line known. */
static void act(cli_vty_relay *r)
{
	r->phase = PH_IDLE;
	switch (r->key) {
	case K_TAB:
		key_tab(r);
		break;
	case '?':
		key_help(r);
		break;
	case K_CTRL_C: { /* the line is abandoned: a new prompt below it */
		static const char keys[] = { K_CTRL_U };
		out_emit(r, r->line + r->cur, r->llen - r->cur);
		out_emit(r, "\r\n", 2);
		send_unseen(r, keys, sizeof keys, 0);
		q_putc(&r->in, K_CTRL_L); /* its redraw is the new prompt */
		break;
	}
	case K_CTRL_Z: { /* `return`, run without being shown */
		static const char keys[] = { K_CTRL_U };
		out_emit(r, r->line + r->cur, r->llen - r->cur);
		out_emit(r, "\r\n", 2);
		send_unseen(r, keys, sizeof keys, 8);
		q_put(&r->in, "return\r", 7); /* echo "return\r\n": 8 bytes */
		r->enters++;
		break;
	}
	case K_CTRL_D:
	case K_DEL:
		if (r->cur < r->llen) { /* the character under the cursor goes */
			edit_snap o;
			edit_begin(r, &o);
			q_putc(&r->in, K_CTRL_F);
			r->cur++;
			rub_out(r, 1);
			edit_end(r, &o, false);
		} else if (r->llen == 0 && r->key == K_CTRL_D && r->user_view) {
			q_putc(&r->in, K_CTRL_D); /* logs out, as on the console */
		}
		break;
	case K_CTRL_X: {
		edit_snap o;
		edit_begin(r, &o);
		rub_out(r, r->cur);
		edit_end(r, &o, false);
		break;
	}
	case K_ENTER: {
		size_t n = 0;
		while (n < r->llen && r->line[n] == ' ')
			n++;
		/* A line of blanks only does not run. */
		r->hooks.line_blanks(r->hooks.ctx, n < r->llen ? n : 0);
		q_putc(&r->in, '\r');
		r->enters++;
		r->maybe_blanks = false;
		r->typed = 0;
		break;
	}
	}
}

/* The key as it is, where the relay cannot give it its meaning: a command
 * reading keys gets it (a pager stops on any key), libcli's login gets
 * what it knows.  Keys that would change libcli's line or its mode
 * unseen by the session become Ctrl+C. */
static void pass_key(cli_vty_relay *r, int key, bool logged_in)
{
	switch (key) {
	case K_TAB:
	case '?':
	case K_CTRL_C:
		q_putc(&r->in, key);
		break;
	case K_CTRL_D:
		q_putc(&r->in, logged_in ? K_CTRL_C : K_CTRL_D);
		break;
	case K_ENTER:
		q_putc(&r->in, '\r');
		r->enters++;
		r->maybe_blanks = false;
		r->typed = 0;
		break;
	case K_CTRL_Z:
	case K_CTRL_X:
		if (logged_in)
			q_putc(&r->in, K_CTRL_C);
		break;
	default: /* Delete */
		break;
	}
}

/* The redraw read back: "\r\n", the prompt mark, the prompt, the line and
 * a Backspace for each character after the cursor.  What came before it
 * is earlier output. */
static bool sync_parse(cli_vty_relay *r, size_t at)
{
	size_t n = r->caplen, pl = strlen(r->prompt);

	for (size_t i = 0; i + 3 < at; i++)
		out_byte(r, r->cap[i]);
	const char *p = r->cap + at;
	size_t len = n - at;
	if (len < pl || memcmp(p, r->prompt, pl) != 0)
		return false;
	p += pl;
	len -= pl;
	size_t back = 0;
	while (back < len && p[len - 1 - back] == '\b')
		back++;
	len -= back;
	if (back > len || len >= LINE_CAP)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return false;
	memcpy(r->line, p, len);
	r->llen = len;
	r->cur = len - back;
	return true;
}

static bool libcli_took_all(cli_vty_relay *r)
{
	int outq = 0;

	return r->in.len == 0 && ioctl(r->inner, SIOCOUTQ, &outq) == 0 && outq == 0;
}

/* Where the last "\r\n" and prompt mark in the capture end, or 0. */
static size_t sync_redraw_at(const cli_vty_relay *r)
{
	for (size_t i = r->caplen; i >= 3; i--)
		if (r->cap[i - 3] == '\r' && r->cap[i - 2] == '\n' &&
		    r->cap[i - 1] == CLI_VTY_PROMPT_MARK)
			return i;
	return 0;
}

static void sync_flush(cli_vty_relay *r)
{
	for (size_t i = 0; i < r->caplen; i++)
		out_byte(r, r->cap[i]);
	r->caplen = 0;
}

/* A key waiting: once libcli has taken everything before it and the
 * session is at its prompt, ask libcli for its line. */
static void wait_step(cli_vty_relay *r)
{
	long long t = now_ms();
	bool late = t - r->since >= GIVE_UP_MS;

	if (!late) {
		if (!libcli_took_all(r))
			return;
		if (r->enters > 0 && t - r->last_out < QUIET_MS)
			return;
	}
	int rc = r->hooks.probe(r->hooks.ctx, r->prompt, sizeof r->prompt, &r->user_view);
	/* A command runs: perhaps it ends soon and the key is for the prompt
	 * after it; once its output is quiet it waits for keys (a pager, a
	 * question), and the key is for it. */
	if (rc == -1 && !late && r->key != K_CTRL_C && r->key != K_ENTER &&
	    t - r->last_out < QUIET_MS)
		return;
	if (rc < 0) {
		pass_key(r, r->key, rc == -1);
		r->phase = PH_IDLE;
		return;
	}
	static const char keys[] = { K_CTRL_L, K_CTRL_C };
	q_put(&r->in, keys, sizeof keys);
	r->caplen = 0;
	r->phase = PH_SYNC;
	r->since = t;
}

/* Timeouts of the other phases: libcli did not answer as expected. */
static void phase_step(cli_vty_relay *r)
{
	long long t = now_ms();

	switch (r->phase) {
	case PH_WAIT:
		wait_step(r);
		break;
	case PH_SYNC:
		if (t - r->since >= ECHO_MS) {
			sync_flush(r);
			r->phase = PH_IDLE;
		}
		break;
	case PH_DROP:
	case PH_DROP_N:
		if (t - r->since >= ECHO_MS)
			r->phase = PH_IDLE;
		break;
	case PH_HELP:
		if (t - r->since >= HELP_MS)
			r->phase = PH_IDLE;
		break;
	case PH_RESTORE:
		if (t - r->last_out >= RESTORE_MS)
			r->phase = PH_IDLE;
		break;
	case PH_IDLE:
		break;
	}
}

/* A byte of libcli's output, as the phase wants it. */
static void out_in(cli_vty_relay *r, char c)
{
	switch (r->phase) {
	case PH_SYNC:
		if (c == '\a') {
			size_t at = sync_redraw_at(r);
			if (at == 0) { /* a bell of earlier output: the redraw is still to come */
				sync_flush(r);
				out_byte(r, c);
			} else if (sync_parse(r, at)) {
				/* libcli took everything before the redraw: every Enter
				 * has had its prompt (Enters a pager took never get one) */
				r->enters = 0;
				act(r);
			} else {
				sync_flush(r);
				r->phase = PH_IDLE;
			}
			return;
		}
		if (r->caplen == CAPTURE_CAP) /* earlier output, or not a redraw */
			sync_flush(r);
		r->cap[r->caplen++] = c;
		return;
	case PH_DROP:
		if (c == '\a') {
			r->phase = r->drop_after ? PH_DROP_N : PH_IDLE;
			r->drop_n = r->drop_after;
		}
		return;
	case PH_DROP_N:
		if (--r->drop_n == 0)
			r->phase = PH_IDLE;
		return;
	case PH_HELP:
		if (c == CLI_VTY_HELP_MARK)
			r->phase = PH_RESTORE;
		return;
	case PH_RESTORE:
		if (c == CLI_VTY_HELP_CMD[0])
			help_restore(r);
		else
			out_byte(r, c);
		return;
	default:
		out_byte(r, c);
	}
}

/* ---- client -> libcli ------------------------------------------------ */

/* A key of the relay's own. */
static void special(cli_vty_relay *r, int key)
{
	if (!r->have_hooks) {
		pass_key(r, key, false);
		return;
	}
	if (key == K_TAB && r->cycling) { /* the next candidate, on the line as it is known */
		edit_snap o;
		edit_begin(r, &o);
		r->cand = (r->cand + 1) % r->ncands;
		put_word(r, cand_at(r, r->cand), false);
		edit_end(r, &o, false);
		return;
	}
	r->key = key;
	r->phase = PH_WAIT;
	r->since = now_ms();
	if (key != K_ENTER)
		r->maybe_blanks = true; /* the relay's edits may leave blanks in front */
}

/* A key as libcli takes it. */
static void key_in(cli_vty_relay *r, int c)
{
	bool tab = c == K_TAB;

	if (!tab)
		r->cycling = false;
	switch (c) {
	case K_TAB:
	case '?':
	case K_CTRL_C:
	case K_CTRL_D:
	case K_CTRL_X:
	case K_CTRL_Z:
	case K_DEL:
		special(r, c);
		return;
	case K_CTRL_Y: /* everything from the cursor goes */
		q_putc(&r->in, K_CTRL_K);
		return;
	case '\r':
		if (r->maybe_blanks && r->have_hooks) {
			special(r, K_ENTER);
			return;
		}
		r->enters++;
		r->typed = 0;
		q_putc(&r->in, c);
		return;
	case K_CTRL_U:
		r->typed = 0;
		r->maybe_blanks = false;
		q_putc(&r->in, c);
		return;
	case K_BS:
	case 0x08:
		if (r->typed > 0)
			r->typed--;
		q_putc(&r->in, c);
		return;
	case K_CTRL_A: case K_CTRL_B: case K_CTRL_P: case K_CTRL_N: case 0x17 /* Ctrl+W */:
		r->maybe_blanks = true; /* the cursor may go to the line start */
		q_putc(&r->in, c);
		return;
	case 0x07: case 0x0f: case 0x11: case 0x12: case 0x13: case 0x14: case 0x16:
	case 0x1c: case 0x1d: case 0x1e: case 0x1f:
		return; /* libcli would put them into the line */
	default:
		if (c == ' ' && r->typed == 0)
			r->maybe_blanks = true;
		if (c >= 0x20)
			r->typed++;
		q_putc(&r->in, c);
	}
}

/* The terminal's cursor and editing keys (ESC [ ... or ESC O ...), as
 * the keys libcli knows. */
static void esc_in(cli_vty_relay *r, unsigned char c)
{
	if (r->esc == 1) {
		if (c == '[' || c == 'O') {
			r->esc = c;
			r->esc_len = 0;
		} else {
			r->esc = 0; /* Alt+key: nothing */
		}
		return;
	}
	if (r->esc == '[' && c >= 0x30 && c <= 0x3f) {
		if (r->esc_len < sizeof r->esc_arg - 1)
			r->esc_arg[r->esc_len++] = (char)c;
		return;
	}
	r->esc_arg[r->esc_len] = '\0';
	r->esc = 0;
	int key = 0;
	switch (c) {
	case 'A': key = K_CTRL_P; break;
	case 'B': key = K_CTRL_N; break;
	case 'C': key = K_CTRL_F; break;
	case 'D': key = K_CTRL_B; break;
	case 'H': key = K_CTRL_A; break;
	case 'F': key = K_CTRL_E; break;
	case '~':
		if (!strcmp(r->esc_arg, "1") || !strcmp(r->esc_arg, "7"))
			key = K_CTRL_A;
		else if (!strcmp(r->esc_arg, "4") || !strcmp(r->esc_arg, "8"))
			key = K_CTRL_E;
		else if (!strcmp(r->esc_arg, "3"))
			key = K_DEL;
		break;
	}
	if (key)
		key_in(r, key);
}

static void in_byte(cli_vty_relay *r, unsigned char c)
{
	char x = (char)c;

	switch (r->tstate) {
	case IN_DATA:
		break;
	case IN_IAC:
		r->tstate = IN_DATA;
		if (c >= T_WILL && c <= T_DONT) {
			char two[2] = { (char)T_IAC, x };
			q_put(&r->in, two, 2);
			r->tstate = IN_OPT;
		} else if (c == T_SB) {
			r->tstate = IN_SB;
		} else if (c == T_IAC) {
			char two[2] = { (char)T_IAC, (char)T_IAC };
			q_put(&r->in, two, 2);
		} else if (c == T_IP) {
			key_in(r, K_CTRL_C);
		}
		return;
	case IN_OPT:
		q_put(&r->in, &x, 1);
		r->tstate = IN_DATA;
		return;
	case IN_SB:
		if (c == T_IAC)
			r->tstate = IN_SB_IAC;
		return;
	case IN_SB_IAC:
		r->tstate = c == T_SE ? IN_DATA : IN_SB;
		return;
	}
	if (c == T_IAC) {
		r->tstate = IN_IAC;
		return;
	}
	unsigned char prev = r->prev;
	r->prev = c;
	if (r->esc) {
		esc_in(r, c);
		return;
	}
	if (c == K_ESC) {
		r->esc = 1;
		return;
	}
	if (c == '\n' && prev != '\r')
		key_in(r, '\r');
	else if (c == '\n' || c == '\0')
		; /* the second half of CR LF or CR NUL */
	else
		key_in(r, c);
}

/* ---- the thread ------------------------------------------------------ */

/* Hand the client's bytes read so far to libcli, up to a key that has to
 * wait.  While a help is being paged, keys go to the pager as they are. */
static void in_drain(cli_vty_relay *r)
{
	for (;;) {
		if (q_room(&r->in) < 3 * LINE_CAP || q_room(&r->out) < 2 * LINE_CAP)
			return;
		if (r->phase != PH_IDLE)
			phase_step(r);
		if (r->roff == r->rlen)
			return;
		if (r->phase == PH_RESTORE && now_ms() - r->last_out >= QUIET_MS) {
			unsigned char c = r->rbuf[r->roff++], prev = r->prev;
			r->prev = c;
			if (c == '\n' && prev != '\r')
				q_putc(&r->in, '\r');
			else if (c != '\n' && c != '\0')
				q_putc(&r->in, c);
			continue;
		}
		if (r->phase != PH_IDLE)
			return;
		in_byte(r, r->rbuf[r->roff++]);
	}
}

/* A line break held at the end of a line may go out after HOLD_MS without
 * its prompt: a prompt after it would come on the next line either way, so
 * the bytes are the same, and the client sees its Enter answered while a
 * command runs.  A break held at the start of a line waits for libcli's
 * next byte however long it takes: before a prompt it is dropped, before
 * anything else it is an empty line.  Sending it on a timer would make an
 * empty line before the prompt whenever libcli is slow to write the prompt
 * after its line break (a loaded machine). */
static bool timed_hold(const cli_vty_relay *r)
{
	return r->held && !r->held_col0;
}

static void *relay_main(void *arg)
{
	cli_vty_relay *r = arg;
	bool client_eof = false, client_dead = false, inner_eof = false, inner_shut = false;
	char buf[4096];

	while (!(inner_eof && (r->out.len == 0 || client_dead) && r->held == 0)) {
		struct pollfd p[2] = { { .fd = r->client }, { .fd = r->inner } };
		bool busy = r->phase != PH_IDLE;
		if (!client_eof && r->roff == r->rlen)
			p[0].events |= POLLIN;
		if (r->out.len > 0 && !client_dead)
			p[0].events |= POLLOUT;
		if (!inner_eof && q_room(&r->out) >= sizeof buf + CAPTURE_CAP)
			p[1].events |= POLLIN;
		if (r->in.len > 0 && !inner_shut)
			p[1].events |= POLLOUT;
		if (client_dead)
			p[0].fd = -1;
		/* Once libcli is done, a client that stops reading is not waited
		 * for long. */
		int timeout = timed_hold(r) ? HOLD_MS : inner_eof ? 5000 : -1;
		if ((busy || r->roff < r->rlen) && !inner_eof)
			timeout = POLL_MS;
		int rc = poll(p, 2, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (rc == 0 && !busy && r->roff == r->rlen) {
			if (inner_eof && !r->held)
				break;
			if (timed_hold(r))
				out_release(r); /* no prompt followed the line break */
			continue;
		}
		if (rc == 0 && timed_hold(r) && now_ms() - r->held_since >= HOLD_MS)
			out_release(r);
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(r->client, r->rbuf, sizeof r->rbuf);
			if (n > 0) {
				r->roff = 0;
				r->rlen = (size_t)n;
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				client_eof = true;
				if (n < 0)
					client_dead = true;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(r->inner, buf, sizeof buf);
			if (n > 0) {
				r->last_out = now_ms();
				for (ssize_t i = 0; i < n; i++)
					out_in(r, buf[i]);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				inner_eof = true;
				if (r->phase == PH_SYNC)
					sync_flush(r);
				r->phase = PH_IDLE;
				out_release(r);
			}
		}
		if (inner_eof || inner_shut) {
			r->roff = r->rlen = 0;
			r->phase = PH_IDLE;
		}
		if (client_eof && r->phase == PH_RESTORE)
			r->phase = PH_IDLE; /* no one to page the help for */
		in_drain(r);
		if (r->in.len > 0 && !inner_shut && !q_flush(&r->in, r->inner))
			inner_shut = true;
		if (inner_shut)
			r->in.len = r->in.head = 0;
		/* The client is gone and everything it typed is delivered: libcli
		 * reads the end of input and ends the session. */
		if (client_eof && r->in.len == 0 && r->roff == r->rlen && r->phase == PH_IDLE &&
		    !inner_shut) {
			shutdown(r->inner, SHUT_WR);
			inner_shut = true;
		}
		if (client_dead)
			r->out.len = r->out.head = 0;
		else if (r->out.len > 0 && !q_flush(&r->out, r->client))
			client_dead = true;
	}
	shutdown(r->client, SHUT_RDWR);
	return NULL;
}

cli_vty_relay *cli_vty_relay_new(const cli_vty_relay_opts *o)
{
	cli_vty_relay *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->client = o->client_fd;
	r->inner = o->inner_fd;
	r->col0 = true;
	r->prev = o->prev;
	if (o->hooks) {
		r->hooks = *o->hooks;
		r->have_hooks = true;
	}
	r->rlen = o->ntyped < sizeof r->rbuf ? o->ntyped : sizeof r->rbuf;
	if (r->rlen)
		memcpy(r->rbuf, o->typed, r->rlen);
	return r;
}

cli_vty_relay *cli_vty_relay_start(const cli_vty_relay_opts *o)
{
	cli_vty_relay *r = cli_vty_relay_new(o);

	if (r && pthread_create(&r->thread, NULL, relay_main, r) != 0) {
		free(r);
		return NULL;
	}
	return r;
}

void cli_vty_relay_feed(cli_vty_relay *r, const unsigned char *p, size_t n)
{
	while (n > 0 || r->roff < r->rlen) {
		if (r->roff == r->rlen) {
			size_t k = n < sizeof r->rbuf ? n : sizeof r->rbuf;
			memcpy(r->rbuf, p, k);
			r->roff = 0;
			r->rlen = k;
			p += k;
			n -= k;
		}
		/* Nobody empties the queues here: what was not taken goes. */
		if (q_room(&r->in) < 3 * LINE_CAP)
			r->in.len = r->in.head = 0;
		if (q_room(&r->out) < 2 * LINE_CAP)
			r->out.len = r->out.head = 0;
		size_t before = r->roff;
		in_drain(r);
		if (r->roff == before) {
			/* A key waits for libcli, which is not there: it passes. */
			r->phase = PH_IDLE;
			in_byte(r, r->rbuf[r->roff++]);
		}
	}
}

void cli_vty_relay_output(cli_vty_relay *r, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (q_room(&r->out) < CAPTURE_CAP + 1)
			r->out.len = r->out.head = 0;
		out_in(r, p[i]);
	}
}

size_t cli_vty_relay_take(cli_vty_relay *r, bool to_client, char *buf, size_t cap)
{
	queue *q = to_client ? &r->out : &r->in;
	size_t n = 0;

	while (q->len > 0 && n < cap) {
		buf[n++] = q->b[q->head];
		q->head = (q->head + 1) % QCAP;
		q->len--;
	}
	return n;
}

void cli_vty_relay_free(cli_vty_relay *r)
{
	free(r);
}

void cli_vty_relay_join(cli_vty_relay *r)
{
	if (!r)
		return;
	pthread_join(r->thread, NULL);
	close(r->client);
	close(r->inner);
	free(r);
}
