/* The relay thread of a VTY session: client <-> libcli, with the few byte
 * rewrites described in vty_relay.h. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vty_relay.h"

#define QCAP 16384
#define HOLD_MS 20 /* how long a line break waits to see whether a prompt follows */

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
};

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
	if (c == '\n' && r->prev != '\r')
		q_put(&r->in, "\r", 1);
	else if (c == '\n' || c == '\0')
		; /* the second half of CR LF or CR NUL: libcli skips them anyway */
	else if (c == 0x1a)
		q_put(&r->in, "\025return\r", 8);
	else
		q_put(&r->in, &x, 1);
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

static void *relay_main(void *arg)
{
	cli_vty_relay *r = arg;
	bool client_eof = false, client_dead = false, inner_eof = false, inner_shut = false;
	char buf[4096];

	while (!(inner_eof && (r->out.len == 0 || client_dead) && r->held == 0)) {
		struct pollfd p[2] = { { .fd = r->client }, { .fd = r->inner } };
		/* Ctrl+Z grows to 8 bytes: read no more than the room allows. */
		size_t in_max = (q_room(&r->in) - 16) / 8;
		if (in_max > sizeof buf)
			in_max = sizeof buf;
		if (!client_eof && q_room(&r->in) > 16 + 8)
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
		int rc = poll(p, 2, r->held ? HOLD_MS : inner_eof ? 5000 : -1);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (rc == 0) {
			if (inner_eof && !r->held)
				break;
			out_release(r); /* no prompt followed the line break */
			continue;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(r->client, buf, in_max);
			if (n > 0) {
				for (ssize_t i = 0; i < n; i++)
					in_byte(r, (unsigned char)buf[i]);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				client_eof = true;
				if (n < 0)
					client_dead = true;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(r->inner, buf, sizeof buf);
			if (n > 0) {
				for (ssize_t i = 0; i < n; i++)
					out_byte(r, buf[i]);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				inner_eof = true;
				out_release(r);
			}
		}
		if (r->in.len > 0 && !inner_shut && !q_flush(&r->in, r->inner))
			inner_shut = true;
		if (inner_shut)
			r->in.len = r->in.head = 0;
		/* The client is gone and everything it typed is delivered: libcli
		 * reads the end of input and ends the session. */
		if (client_eof && r->in.len == 0 && !inner_shut) {
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

cli_vty_relay *cli_vty_relay_start(int client_fd, int inner_fd)
{
	cli_vty_relay *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->client = client_fd;
	r->inner = inner_fd;
	r->col0 = true;
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
