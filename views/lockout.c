/* Account lockout: the rules applied to the records the store keeps (see
 * lockout.h). */
#include <stdio.h>
#include <string.h>

#include "lockout.h"

/* The record as it stands at `now`: a block that ended, or an interval
 * that ran out without a block, leaves nothing. */
static void settle(vsh_lockout_state *st, const vsh_lockout_policy *p, int64_t now)
{
	if (st->until) {
		if (st->until <= now)
			memset(st, 0, sizeof *st);
		return;
	}
	if (st->failures && now - st->first >= (int64_t)p->interval_min * 60)
		memset(st, 0, sizeof *st);
}

bool vsh_lockout_get(const char *dir, const char *user, const vsh_lockout_policy *p,
		     int64_t now, vsh_lockout_state *st)
{
	memset(st, 0, sizeof *st);
	if (!p->enabled || !dir || store_lockout_get(dir, user, st) <= 0) {
		memset(st, 0, sizeof *st);
		return false;
	}
	settle(st, p, now);
	return st->until != 0;
}

struct fail_arg {
	const vsh_lockout_policy *p;
	int64_t now;
	vsh_lockout_state *out;
	bool blocked;
};

static int count_failure(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	struct fail_arg *a = arg;

	(void)err, (void)errlen;
	settle(st, a->p, a->now);
	a->blocked = st->until != 0;
	if (!a->blocked) {
		if (st->failures == 0)
			st->first = a->now;
		if (st->failures < STORE_LOCKOUT_COUNT_MAX)
			st->failures++;
		/* A limit lowered below the count still leaves this one try. */
		if (st->failures >= a->p->tries) {
			st->until = a->now + (int64_t)a->p->block_min * 60;
			a->blocked = true;
		}
	}
	if (a->out)
		*a->out = *st;
	return 1;
}

int vsh_lockout_fail(const char *dir, const char *user, const vsh_lockout_policy *p, int64_t now,
		     vsh_lockout_state *st, char *err, size_t errlen)
{
	struct fail_arg a = { p, now, st, false };

	if (st)
		memset(st, 0, sizeof *st);
	if (!p->enabled)
		return 0;
	if (store_lockout_update(dir, user, count_failure, &a, err, errlen) < 0)
		return -1;
	return a.blocked;
}

static int forget(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	if (!st->failures && !st->until && !st->first)
		return 0;
	memset(st, 0, sizeof *st);
	return 1;
}

int vsh_lockout_clear(const char *dir, const char *user, char *err, size_t errlen)
{
	vsh_lockout_state st;

	if (!user || !*user || strlen(user) > VSH_LOCKOUT_USER_MAX)
		return 0;
	/* Most logins have nothing to clear: no lock, no write for them. */
	if (store_lockout_get(dir, user, &st) == 0)
		return 0;
	return store_lockout_update(dir, user, forget, NULL, err, errlen) < 0 ? -1 : 0;
}

struct list_arg {
	const vsh_lockout_policy *p;
	int64_t now;
	vsh_lockout_fn fn;
	void *arg;
};

static int list_one(void *arg, const char *user, const store_lockout_state *rec)
{
	struct list_arg *a = arg;
	vsh_lockout_state st = *rec;

	settle(&st, a->p, a->now);
	return st.failures || st.until ? a->fn(a->arg, user, &st) : 0;
}

int vsh_lockout_list(const char *dir, const vsh_lockout_policy *p, int64_t now,
		     vsh_lockout_fn fn, void *arg)
{
	struct list_arg a = { p, now, fn, arg };

	if (!p->enabled || !dir)
		return 0;
	return store_lockout_list(dir, list_one, &a);
}

int64_t vsh_lockout_block_left(const vsh_lockout_state *st, int64_t now)
{
	return st->until > now ? st->until - now : 0;
}

unsigned vsh_lockout_tries_left(const vsh_lockout_state *st, const vsh_lockout_policy *p)
{
	return st->until ? 0 : st->failures >= p->tries ? 1 : p->tries - st->failures;
}
