/* The relay thread of a VTY session: client <-> libcli, with the few byte
 * rewrites described in vty_relay.h. */
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

#define QCAP 16384
#define HOLD_MS 20 /* how long a line break waits to see whether a prompt follows */
#define LINE_CAP 1024
#define CANDS_CAP 8192
#define TAB_POLL_MS 5
#define TAB_QUIET_MS 200  /* output this long quiet: an Enter not answered by a prompt is done */
#define TAB_GIVE_UP_MS 1500 /* then the TAB goes to libcli (or to the command reading keys) */

enum { T_IAC = 255, T_SB = 250, T_SE = 240, T_IP = 244, T_WILL = 251, T_DONT = 254 };

typedef struct queue {
	char b[QCAP];
	size_t head, len;
} queue;

struct cli_vty_relay {
	int client, inner;
	pthread_t thread;
	queue in, out;         /* client -> libcli, libcli -> client */
	/* input side */
	enum { IN_DATA, IN_IAC, IN_OPT, IN_SB, IN_SB_IAC } tstate;
	unsigned char prev;    /* last data byte from the client */
	/* output side */
	int held;              /* 0, 1 ("\r") or 2 ("\r\n") bytes held back */
	bool held_col0;        /* output stood at a line start before them */
	bool col0;             /* the last byte queued for the client was '\n' */
	/* TAB completion: the line as libcli holds it, as far as known */
	cli_vty_complete_fn complete;
	void *cctx;
	char line[LINE_CAP];
	size_t llen;
	bool lknown;           /* false after keys the relay does not follow */
	char cands[CANDS_CAP]; /* the candidates being cycled, NUL-separated */
	int ncands, cand;
	size_t wstart;         /* where the completed word starts */
	bool cycling;          /* the last key was a TAB that left candidates */
	int enters;            /* Enters sent to libcli not yet answered by a prompt */
	bool tab_wait;         /* a TAB or '?' waits for libcli to take all before it */
	unsigned char wait_key;
	long long tab_since, last_out;
	/* client bytes read but not yet handled (held back behind a TAB) */
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

/* Callers check the room first; a full queue drops (never happens with
 * the reads sized to the room, short of the few bytes rewrites add). */
static void q_put(queue *q, const char *p, size_t n)
{
	for (size_t i = 0; i < n && q->len < QCAP; i++) {
		q->b[(q->head + q->len) % QCAP] = p[i];
		q->len++;
	}
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

/* ---- client -> libcli ------------------------------------------------ */

static void line_reset(cli_vty_relay *r)
{
	r->llen = 0;
	r->lknown = true;
}

/* Follow what a key sent to libcli does to its line.  Only typing at the
 * end of the line is followed; keys that move the cursor or recall
 * history make the line unknown until it ends. */
static void track(cli_vty_relay *r, unsigned char c)
{
	r->cycling = false;
	if (c == '\r') {
		r->enters++;
		line_reset(r);
	} else if (c == 0x15) { /* Ctrl+U */
		line_reset(r);
	} else if (c == '?' || c == 0x0c || c == 0x0b || c == 0x05 || c == 0x03) {
		/* help puts the line back; redraw; kill and end of line at its
		 * end; Ctrl+C only rings the bell */
	} else if (c == 0x7f || c == 0x08) {
		if (r->llen > 0)
			r->llen--;
	} else if (c == 0x17) { /* Ctrl+W */
		while (r->llen > 0 && r->line[r->llen - 1] == ' ')
			r->llen--;
		while (r->llen > 0 && r->line[r->llen - 1] != ' ')
			r->llen--;
	} else if (c >= 0x20 && c < 0x7f && r->llen < LINE_CAP) {
		r->line[r->llen++] = (char)c;
	} else { /* other keys, or a line too long to follow */
		r->lknown = false;
	}
}

static void out_byte(cli_vty_relay *r, char c);

/* What libcli has written so far, into the output queue. */
static void out_pull(cli_vty_relay *r)
{
	char buf[4096];

	while (q_room(&r->out) >= sizeof buf) {
		ssize_t n = recv(r->inner, buf, sizeof buf, MSG_DONTWAIT);
		if (n <= 0)
			return;
		r->last_out = now_ms();
		for (ssize_t i = 0; i < n; i++)
			out_byte(r, buf[i]);
	}
}

static bool libcli_took_all(cli_vty_relay *r)
{
	int outq = 0;

	return r->in.len == 0 && ioctl(r->inner, SIOCOUTQ, &outq) == 0 && outq == 0;
}

static const char *cand_at(const cli_vty_relay *r, int i)
{
	const char *p = r->cands;

	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

/* Replace the word from r->wstart with w (and a blank when final), as
 * keys for libcli: backspaces over what differs, then the new text. */
static void put_word(cli_vty_relay *r, const char *w, bool final)
{
	size_t old = r->llen - r->wstart, keep = 0, wl = strlen(w);

	while (keep < old && keep < wl && r->line[r->wstart + keep] == w[keep])
		keep++;
	if (r->wstart + wl + 1 >= LINE_CAP)
		return;
	for (size_t i = keep; i < old; i++)
		q_put(&r->in, "\177", 1);
	q_put(&r->in, w + keep, wl - keep);
	memcpy(r->line + r->wstart, w, wl);
	r->llen = r->wstart + wl;
	if (final) {
		q_put(&r->in, " ", 1);
		r->line[r->llen++] = ' ';
	}
}

/* A TAB, once libcli has taken everything typed before it.  Like the
 * console: one candidate completes the word and adds a blank; several
 * put the first in place of the word and each further TAB the next. */
static void tab_resolve(cli_vty_relay *r)
{
	long long t = now_ms();
	bool late = t - r->tab_since >= TAB_GIVE_UP_MS;

	if (!late) {
		if (!libcli_took_all(r))
			return;
		if (r->enters > 0 && t - r->last_out < TAB_QUIET_MS)
			return;
	}
	if (r->wait_key == '?') {
		/* libcli does not echo the '?' it answers; the console does. */
		int rc = r->complete(r->cctx, r->line, r->llen, NULL, 0);
		if (rc == -1 && !late)
			return;
		if (rc >= 0) {
			out_pull(r);
			out_byte(r, '?');
		}
		q_put(&r->in, "?", 1);
		track(r, '?');
		r->tab_wait = false;
		return;
	}
	if (!r->lknown) {
		q_put(&r->in, "\t", 1); /* libcli's own completion */
		r->tab_wait = false;
		return;
	}
	if (r->cycling) {
		r->cand = (r->cand + 1) % r->ncands;
		put_word(r, cand_at(r, r->cand), false);
		r->tab_wait = false;
		return;
	}
	size_t start = r->llen;
	while (start > 0 && r->line[start - 1] != ' ')
		start--;
	if (start == r->llen) { /* no word to complete: the console does nothing */
		r->tab_wait = false;
		return;
	}
	int n = r->complete(r->cctx, r->line, r->llen, r->cands, sizeof r->cands);
	if (n < 0) {
		if (n == -1 && !late)
			return; /* the session is busy: try again shortly */
		q_put(&r->in, "\t", 1);
		r->tab_wait = false;
		return;
	}
	r->tab_wait = false;
	if (n == 0)
		return;
	r->wstart = start;
	if (n == 1) {
		put_word(r, r->cands, true);
		return;
	}
	r->ncands = n;
	r->cand = 0;
	put_word(r, r->cands, false);
	r->cycling = true;
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
			q_put(&r->in, "\003", 1);
			track(r, 0x03);
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
	if ((c == '\t' || (c == '?' && r->lknown)) && r->complete) {
		r->tab_wait = true;
		r->wait_key = c;
		r->tab_since = now_ms();
		r->prev = c;
		return;
	}
	if (c == '\n' && r->prev != '\r') {
		q_put(&r->in, "\r", 1);
		track(r, '\r');
	} else if (c == '\n' || c == '\0') {
		; /* the second half of CR LF or CR NUL: libcli skips them anyway */
	} else if (c == 0x1a) {
		q_put(&r->in, "\025return\r", 8);
		track(r, '\r');
	} else {
		q_put(&r->in, &x, 1);
		track(r, c);
	}
	r->prev = c;
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

static void out_byte(cli_vty_relay *r, char c)
{
	for (;;) {
		if (r->held == 0) {
			if (c == '\r') {
				r->held = 1;
				r->held_col0 = r->col0;
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

/* ---- the thread ------------------------------------------------------ */

/* Hand the client's bytes read so far to libcli, up to a TAB that has to
 * wait. */
static void in_drain(cli_vty_relay *r)
{
	for (;;) {
		if (r->tab_wait) {
			if (q_room(&r->in) < 2 * LINE_CAP + 16)
				return;
			tab_resolve(r);
			if (r->tab_wait)
				return;
		}
		/* Ctrl+Z grows to 8 bytes. */
		while (r->roff < r->rlen && !r->tab_wait && q_room(&r->in) > 16 + 8)
			in_byte(r, r->rbuf[r->roff++]);
		if (!r->tab_wait)
			return;
	}
}

static void *relay_main(void *arg)
{
	cli_vty_relay *r = arg;
	bool client_eof = false, client_dead = false, inner_eof = false, inner_shut = false;
	char buf[4096];

	while (!(inner_eof && (r->out.len == 0 || client_dead) && r->held == 0)) {
		struct pollfd p[2] = { { .fd = r->client }, { .fd = r->inner } };
		bool pending = r->roff < r->rlen || r->tab_wait;
		if (!client_eof && !pending)
			p[0].events |= POLLIN;
		if (r->out.len > 0 && !client_dead)
			p[0].events |= POLLOUT;
		if (!inner_eof && q_room(&r->out) >= sizeof buf)
			p[1].events |= POLLIN;
		if (r->in.len > 0 && !inner_shut)
			p[1].events |= POLLOUT;
		if (client_dead)
			p[0].fd = -1;
		/* Once libcli is done, a client that stops reading is not waited
		 * for long. */
		int timeout = r->held ? HOLD_MS : inner_eof ? 5000 : -1;
		if (pending && !inner_eof)
			timeout = TAB_POLL_MS;
		int rc = poll(p, 2, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (rc == 0 && !pending) {
			if (inner_eof && !r->held)
				break;
			out_release(r); /* no prompt followed the line break */
			continue;
		}
		if (rc == 0 && r->held)
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
					out_byte(r, buf[i]);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				inner_eof = true;
				out_release(r);
			}
		}
		if (inner_eof || inner_shut) {
			r->roff = r->rlen = 0;
			r->tab_wait = false;
		}
		in_drain(r);
		if (r->in.len > 0 && !inner_shut && !q_flush(&r->in, r->inner))
			inner_shut = true;
		if (inner_shut)
			r->in.len = r->in.head = 0;
		/* The client is gone and everything it typed is delivered: libcli
		 * reads the end of input and ends the session. */
		if (client_eof && r->in.len == 0 && r->roff == r->rlen && !r->tab_wait &&
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

cli_vty_relay *cli_vty_relay_start(int client_fd, int inner_fd, cli_vty_complete_fn complete,
				   void *ctx)
{
	cli_vty_relay *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->client = client_fd;
	r->inner = inner_fd;
	r->col0 = true;
	r->complete = complete;
	r->cctx = ctx;
	r->lknown = true;
	if (pthread_create(&r->thread, NULL, relay_main, r) != 0) {
		free(r);
		return NULL;
	}
	return r;
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
