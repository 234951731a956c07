/* Transactions: one open transaction per client port, its operations
 * staged (copied out of their messages into an arena) until COMMIT.
 *
 * Staged memory is limited (sockd.h): per transaction, per sending user
 * (its open transactions together) and for the daemon as a whole; the
 * operation that would go past a limit spoils its transaction with a
 * message naming the limit, and a spoiled transaction gives its memory
 * back at once.
 *
 * The order is strict: BEGIN (or SYNC_BEGIN), operations, SYNC_END for a
 * full sync, PREPARE, COMMIT; each message's sequence number follows the
 * previous one's.  A message out of place or refused spoils the
 * transaction: later messages are refused with the first reason, and
 * nothing of it is ever applied.  ABORT or a new BEGIN ends it. */
#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockd.h"

#define MAX_TXNS 16
#define CHUNK (64u << 10)
#define EVICT_IDLE_MS 5000

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

enum tstate { TX_OPEN, TX_SEALED, TX_PREPARED };

struct txn {
	bool used;
	uint32_t port;
	uint32_t uid;          /* the sender's */
	size_t bytes;          /* staged: arena chunks and the operation index */
	uint32_t next_seq;
	enum tstate st;
	bool full;
	bool failed;
	int err_code;
	char err_msg[192];
	uint64_t last_ms;
	struct chunk *arena;
	sockd_op **ops;
	size_t nops, capops;
};

struct sockd_batch {
	struct txn t;
};

static struct txn txns[MAX_TXNS];
static size_t staged_total; /* bytes of every transaction's staging */

/* ---- staging ------------------------------------------------------------- */

static void count_bytes(struct txn *t, size_t n, bool add)
{
	if (add) {
		t->bytes += n;
		staged_total += n;
	} else {
		t->bytes -= n;
		staged_total -= n;
	}
}

static void *arena_alloc(struct txn *t, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!t->arena || t->arena->cap - t->arena->used < n) {
		size_t cap = n > CHUNK ? n : CHUNK;
		struct chunk *c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->next = t->arena;
		c->used = 0;
		c->cap = cap;
		t->arena = c;
		count_bytes(t, sizeof *c + cap, true);
	}
	void *p = t->arena->data + t->arena->used;
	t->arena->used += n;
	return p;
}

static const char *arena_str(struct txn *t, const char *s, bool *oom)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(t, n);
	if (!p) {
		*oom = true;
		return NULL;
	}
	memcpy(p, s, n);
	return p;
}

static int stage(struct txn *t, const vrpsock_op *op)
{
	bool oom = false;

	if (t->nops == t->capops) {
		size_t nc = t->capops ? 2 * t->capops : 256;
		sockd_op **nv = realloc(t->ops, nc * sizeof *nv);
		if (!nv)
			return -1;
		count_bytes(t, (nc - t->capops) * sizeof *nv, true);
		t->ops = nv;
		t->capops = nc;
	}
	sockd_op *s = arena_alloc(t, sizeof *s);
	if (!s)
		return -1;
	memset(s, 0, sizeof *s);
	s->type = op->type;
	s->have = op->have;
	s->family = (op->have & VRPSOCK_HAVE(VRPSOCK_A_FAMILY)) ? op->family : 0;
	s->inst = arena_str(t, op->inst ? op->inst : "", &oom);
	s->vpn = arena_str(t, op->vpn, &oom);
	s->group = arena_str(t, op->group, &oom);
	s->ifname = arena_str(t, op->ifname, &oom);
	s->if_vpn = arena_str(t, op->if_vpn, &oom);
	s->peer = op->peer;
	s->source = op->source;
	s->as = op->as;
	if (oom)
		return -1;
	t->ops[t->nops++] = s;
	return 0;
}

/* Give the staged operations back (the transaction stays). */
static void txn_unstage(struct txn *t)
{
	while (t->arena) {
		struct chunk *n = t->arena->next;
		free(t->arena);
		t->arena = n;
	}
	free(t->ops);
	t->ops = NULL;
	t->nops = t->capops = 0;
	size_t freed = t->bytes;
	count_bytes(t, t->bytes, false);
	/* Give a large staging's memory back to the system. */
	if (freed >= ((size_t)16 << 20))
		malloc_trim(0);
}

static void txn_clear(struct txn *t)
{
	txn_unstage(t);
	memset(t, 0, sizeof *t);
}

/* Bytes staged by user uid's open transactions. */
static size_t user_bytes(uint32_t uid)
{
	size_t n = 0;
	for (int i = 0; i < MAX_TXNS; i++)
		if (txns[i].used && txns[i].uid == uid)
			n += txns[i].bytes;
	return n;
}

size_t sockd_txn_staged(void)
{
	return staged_total;
}

/* ---- the state machine ----------------------------------------------------- */

static struct txn *find(uint32_t port)
{
	for (int i = 0; i < MAX_TXNS; i++)
		if (txns[i].used && txns[i].port == port)
			return &txns[i];
	return NULL;
}

static struct txn *slot(uint64_t now)
{
	struct txn *oldest = NULL;
	for (int i = 0; i < MAX_TXNS; i++) {
		if (!txns[i].used)
			return &txns[i];
		if (!oldest || txns[i].last_ms < oldest->last_ms)
			oldest = &txns[i];
	}
	if (oldest && now - oldest->last_ms >= EVICT_IDLE_MS) {
		sockd_log(LOG_WARNING, "transaction of port %u dropped: idle, and its slot is needed",
			  (unsigned)oldest->port);
		txn_clear(oldest);
		return oldest;
	}
	return NULL;
}

static int say(char *msg, size_t msglen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *msg, size_t msglen, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return code;
}

/* Refuse, and spoil the transaction with the first reason. */
static int spoil(struct txn *t, char *msg, size_t msglen, int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int spoil(struct txn *t, char *msg, size_t msglen, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	if (!t->failed) {
		t->failed = true;
		t->err_code = code;
		snprintf(t->err_msg, sizeof t->err_msg, "%s", msg);
		/* Nothing of it will be applied. */
		txn_unstage(t);
	}
	return code;
}

void sockd_txn_spoil(uint32_t port, const char *why)
{
	struct txn *t = find(port);
	char msg[192];
	if (t)
		spoil(t, msg, sizeof msg, EPROTO, "%s", why);
}

void sockd_txn_drop(uint32_t port, const char *why)
{
	struct txn *t = find(port);
	if (t) {
		sockd_log(LOG_DEBUG, "transaction of port %u aborted: %s", (unsigned)port, why);
		txn_clear(t);
	}
}

void sockd_txn_spoil_all(const char *why)
{
	char msg[192];
	for (int i = 0; i < MAX_TXNS; i++)
		if (txns[i].used)
			spoil(&txns[i], msg, sizeof msg, EPROTO, "%s", why);
}

void sockd_txn_expire(uint64_t max_idle_ms)
{
	uint64_t now = sockd_now_ms();
	for (int i = 0; i < MAX_TXNS; i++) {
		if (txns[i].used && now - txns[i].last_ms > max_idle_ms) {
			sockd_log(LOG_WARNING, "transaction of port %u dropped after %llu s without "
					       "a message", (unsigned)txns[i].port,
				  (unsigned long long)(max_idle_ms / 1000));
			txn_clear(&txns[i]);
		}
	}
}

void sockd_txn_fini(void)
{
	for (int i = 0; i < MAX_TXNS; i++)
		txn_clear(&txns[i]);
}

static int verdict(struct txn *t, char *msg, size_t msglen)
{
	char why[256];
	sockd_check_cache cache = { 0 };

	for (size_t i = 0; i < t->nops; i++)
		if (sockd_store_check(t->ops[i], &cache, why, sizeof why))
			return spoil(t, msg, msglen, EINVAL, "%s", why);
	return 0;
}

/* Would one more operation take t past a limit?  The message when so. */
static int over_limit(struct txn *t, char *msg, size_t msglen)
{
	/* the next operation may need a new arena chunk and a bigger index */
	size_t next = sizeof(struct chunk) + CHUNK + (t->nops == t->capops ? t->capops + 256 : 0) *
							  sizeof(sockd_op *);
	if (t->bytes + next > SOCKD_TXN_BYTES_MAX)
		return spoil(t, msg, msglen, E2BIG,
			     "the transaction has %zu bytes of staged operations; the limit per "
			     "transaction is %zu bytes", t->bytes, (size_t)SOCKD_TXN_BYTES_MAX);
	if (user_bytes(t->uid) + next > SOCKD_USER_BYTES_MAX)
		return spoil(t, msg, msglen, EDQUOT,
			     "user %u has %zu bytes of staged operations in open transactions; the "
			     "limit per user is %zu bytes", (unsigned)t->uid, user_bytes(t->uid),
			     (size_t)SOCKD_USER_BYTES_MAX);
	if (staged_total + next > SOCKD_STAGED_BYTES_MAX)
		return spoil(t, msg, msglen, ENOBUFS,
			     "the daemon has %zu bytes of staged operations; the limit is %zu bytes; "
			     "try again later", staged_total, (size_t)SOCKD_STAGED_BYTES_MAX);
	return 0;
}

int sockd_txn_handle(uint32_t port, uint32_t uid, const vrpsock_op *op, char *msg, size_t msglen)
{
	uint64_t now = sockd_now_ms();
	struct txn *t = find(port);

	msg[0] = '\0';
	if (op->type == VRPSOCK_MSG_TXN_BEGIN || op->type == VRPSOCK_MSG_SYNC_BEGIN) {
		if (t) {
			sockd_log(LOG_DEBUG, "transaction of port %u replaced by a new one",
				  (unsigned)port);
			txn_clear(t);
		}
		t = slot(now);
		if (!t)
			return say(msg, msglen, EBUSY, "too many open transactions; try again later");
		t->used = true;
		t->port = port;
		t->uid = uid;
		t->next_seq = op->seq + 1;
		t->full = op->type == VRPSOCK_MSG_SYNC_BEGIN;
		t->st = TX_OPEN;
		t->last_ms = now;
		return 0;
	}
	if (op->type == VRPSOCK_MSG_TXN_ABORT) {
		if (t)
			txn_clear(t);
		return 0;
	}
	if (!t)
		return say(msg, msglen, EPROTO, "no transaction is open (%s must follow TXN_BEGIN)",
			   vrpsock_msg_name(op->type));
	t->last_ms = now;
	if (t->failed)
		return say(msg, msglen, ECANCELED, "the transaction was refused: %s", t->err_msg);
	if (op->seq != t->next_seq)
		return spoil(t, msg, msglen, EPROTO, "out-of-order sequence number %u (expected %u)",
			     (unsigned)op->seq, (unsigned)t->next_seq);
	t->next_seq++;

	switch (op->type) {
	case VRPSOCK_MSG_BINDING_SET:
	case VRPSOCK_MSG_BINDING_DEL:
	case VRPSOCK_MSG_PEER_SET:
	case VRPSOCK_MSG_PEER_DEL:
		if (t->st != TX_OPEN)
			return spoil(t, msg, msglen, EPROTO, "%s after %s",
				     vrpsock_msg_name(op->type),
				     t->st == TX_SEALED ? "SYNC_END" : "TXN_PREPARE");
		if (t->full && (op->type == VRPSOCK_MSG_BINDING_DEL || op->type == VRPSOCK_MSG_PEER_DEL))
			return spoil(t, msg, msglen, EPROTO, "a full sync carries no %s",
				     vrpsock_msg_name(op->type));
		if (t->nops >= VRPSOCK_TXN_MAX_OPS)
			return spoil(t, msg, msglen, E2BIG, "more than %u operations in one transaction",
				     VRPSOCK_TXN_MAX_OPS);
		if (over_limit(t, msg, msglen) != 0)
			return t->err_code;
		if (stage(t, op) != 0)
			return spoil(t, msg, msglen, ENOMEM, "out of memory");
		return 0;
	case VRPSOCK_MSG_SYNC_END:
		if (!t->full || t->st != TX_OPEN)
			return spoil(t, msg, msglen, EPROTO, "SYNC_END %s",
				     t->full ? "given twice" : "outside a full sync");
		t->st = TX_SEALED;
		return 0;
	case VRPSOCK_MSG_TXN_PREPARE:
		if (t->st != (t->full ? TX_SEALED : TX_OPEN))
			return spoil(t, msg, msglen, EPROTO, "TXN_PREPARE %s",
				     t->st == TX_PREPARED ? "given twice" : "before SYNC_END");
		if (verdict(t, msg, msglen) != 0)
			return t->err_code;
		t->st = TX_PREPARED;
		return 0;
	case VRPSOCK_MSG_TXN_COMMIT: {
		if (t->st != TX_PREPARED)
			return spoil(t, msg, msglen, EPROTO, "TXN_COMMIT before TXN_PREPARE");
		int rc = sockd_store_apply(t->ops, t->nops, t->full);
		txn_clear(t); /* the staging memory goes back */
		if (rc != 0)
			return say(msg, msglen, ENOMEM, "out of memory: the change was applied in part");
		return 0;
	}
	default:
		return spoil(t, msg, msglen, EOPNOTSUPP, "%s is not part of a transaction",
			     vrpsock_msg_name(op->type));
	}
}

/* ---- batches gathered by the daemon itself ---------------------------------- */

sockd_batch *sockd_batch_new(void)
{
	return calloc(1, sizeof(sockd_batch));
}

int sockd_batch_add(sockd_batch *b, const vrpsock_op *op, char *err, size_t errlen)
{
	unsigned char buf[VRPSOCK_MSG_MAX];

	if (op->type != VRPSOCK_MSG_BINDING_SET && op->type != VRPSOCK_MSG_PEER_SET) {
		snprintf(err, errlen, "a full sync carries no %s", vrpsock_msg_name(op->type));
		return -1;
	}
	/* The same checks as a message from a client. */
	if (vrpsock_encode(op, NLM_F_REQUEST | NLM_F_ACK, 0, buf, sizeof buf) == 0) {
		snprintf(err, errlen, "invalid %s (a name or value out of range)",
			 vrpsock_msg_name(op->type));
		return -1;
	}
	if (stage(&b->t, op) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int sockd_batch_apply_full(sockd_batch *b)
{
	return sockd_store_apply(b->t.ops, b->t.nops, true);
}


void sockd_batch_free(sockd_batch *b)
{
	if (!b)
		return;
	txn_clear(&b->t);
	free(b);
}
