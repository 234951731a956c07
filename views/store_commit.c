/* Commits through the journal, checkpoints and the rewriting of the
 * journal, `save`, and the changes a session sees without committing
 * them (see store.h, store_priv.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "../config/statefile.h"
#include "store_priv.h"

/* ---- checkpoints ---------------------------------------------------- */

typedef struct ckpt_fill {
	cfg_db *db;
	uint64_t seq, id;
	int fd;
	char *buf;
	size_t len, cap;
	int failed;
	uint64_t total;
} ckpt_fill;

static void cf_flush(ckpt_fill *c)
{
	if (c->len && !c->failed && cfg_file_write_all(c->fd, c->buf, c->len) != 0)
		c->failed = 1;
	c->total += c->len;
	c->len = 0;
}

static void cf_emit(void *arg, const char *line, size_t len)
{
	ckpt_fill *c = arg;
	if (c->len + len + 1 > c->cap) {
		cf_flush(c);
		if (len + 1 > c->cap) {
			if (!c->failed && (cfg_file_write_all(c->fd, line, len) != 0 ||
					   cfg_file_write_all(c->fd, "\n", 1) != 0))
				c->failed = 1;
			c->total += len + 1;
			return;
		}
	}
	memcpy(c->buf + c->len, line, len);
	c->buf[c->len + len] = '\n';
	c->len += len + 1;
}

static int ckpt_write(void *arg, int fd)
{
	ckpt_fill *c = arg;
	c->fd = fd;
	c->len = 0;
	c->len = (size_t)snprintf(c->buf, c->cap, VSH_CKPT_HEADER " seq=%" PRIu64 " commit=%" PRIu64 "\n",
				 c->seq, c->id);
	cfg_render(c->db, CFG_RUNNING, cf_emit, c);
	cf_flush(c);
	if (c->failed && !errno)
		errno = EIO;
	return c->failed ? -1 : 0;
}

/* `save`: the running configuration without the checkpoint header. */
static int save_write(void *arg, int fd)
{
	ckpt_fill *c = arg;
	c->fd = fd;
	c->len = 0;
	cfg_render(c->db, CFG_RUNNING, cf_emit, c);
	cf_flush(c);
	if (c->failed && !errno)
		errno = EIO;
	return c->failed ? -1 : 0;
}

typedef struct copy_fill {
	int from;
	uint64_t off, len;
} copy_fill;

static int copy_write(void *arg, int fd)
{
	copy_fill *c = arg;
	char *buf = malloc(1 << 20);
	uint64_t done = 0;
	if (!buf)
		return -1;
	while (done < c->len) {
		size_t want = c->len - done < (1u << 20) ? (size_t)(c->len - done) : (1u << 20);
		ssize_t n = pread(c->from, buf, want, (off_t)(c->off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || cfg_file_write_all(fd, buf, (size_t)n) != 0) {
			if (n == 0)
				errno = EIO;
			free(buf);
			return -1;
		}
		done += (uint64_t)n;
	}
	free(buf);
	return 0;
}

/* The first record the journal must keep: the newest VSH_HIST_POINTS
 * commit points, every labelled point, and what a running trial needs. */
static size_t retain_from(const vsh_store *st)
{
	size_t points = 0, r = st->nh;
	for (size_t i = st->nh; i-- > 0;) {
		if (st->h[i].commit_id && points < VSH_HIST_POINTS) {
			points++;
			r = i;
		}
		if (st->h[i].commit_id && st->h[i].label[0])
			r = i;
		if (st->trial.active && st->h[i].seq > st->trial.base_seq)
			r = i < r ? i : r;
	}
	return r;
}

/* With the exclusive lock, after a commit: a new checkpoint when the
 * journal has grown past it by half its size (at least VSH_COMPACT_MIN), so
 * that checkpoints cost a bounded share of the commits' own writes. */
static void maybe_compact(vsh_session *s)
{
	vsh_store *st = s->store;
	/* the first record past the checkpoint (records are in seq order) */
	size_t lo = 0, hi = st->nh;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->h[mid].seq > st->ckpt_seq)
			hi = mid;
		else
			lo = mid + 1;
	}
	uint64_t past = lo < st->nh ? st->jend - st->h[lo].off : 0;
	if (past < VSH_COMPACT_MIN || past < st->ckpt_bytes / 2)
		return;

	char err[512];
	ckpt_fill cf = { .db = s->db, .seq = st->last_seq, .id = st->last_id };
	cf.cap = 1 << 20;
	cf.buf = malloc(cf.cap);
	if (!cf.buf)
		return;
	int rc = cfg_file_replace(st->dir, VSH_CKPT_NAME, ckpt_write, &cf, err, sizeof err);
	free(cf.buf);
	if (rc != 0) {
		vsh_store_warn(st, "checkpoint not written: %s", err);
		return;
	}
	st->ckpt_seq = st->last_seq;
	st->ckpt_bytes = cf.total;

	vsh_trial_refresh(st); /* a running trial keeps what it reverts */
	size_t r = retain_from(st);
	uint64_t base = r < st->nh ? st->h[r].off : st->jend;
	/* rewrite the journal only when that drops a good part of it */
	if (base < VSH_COMPACT_MIN && base < st->jend / 4)
		return;
	copy_fill cp = { st->jfd, base, st->jend - base };
	if (cfg_file_replace(st->dir, VSH_JOURNAL_NAME, copy_write, &cp, err, sizeof err) != 0) {
		vsh_store_warn(st, "journal not compacted: %s", err);
		return;
	}
	if (vsh_store_open_journal(st, err, sizeof err) != 0) {
		vsh_store_warn(st, "%s", err);
		return;
	}
	for (size_t i = 0; i < r; i++)
		vsh_store_hist_free(&st->h[i]);
	memmove(st->h, st->h + r, (st->nh - r) * sizeof *st->h);
	st->nh -= r;
	for (size_t i = 0; i < st->nh; i++)
		st->h[i].off -= base;
	st->jend = st->jsize = cp.len;
	st->jmtime = -1;
}

/* ---- committing ----------------------------------------------------- */

typedef struct log_ctx {
	vsh_store *st;
	const vsh_commit_opts *o;
	const vsh_session *s;
	bool done;
} log_ctx;

static int add_change(void *arg, const cfg_change *c)
{
	cfg_jwriter_add(arg, c);
	return 0;
}

/* cfg_commit_ex's log step: append the record and make it durable. */
static int log_commit(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err,
		      size_t errlen)
{
	log_ctx *lc = arg;
	vsh_store *st = lc->st;
	const vsh_session *s = lc->s;
	cfg_jwriter w;
	cfg_jmeta m;

	memset(&m, 0, sizeof m);
	m.seq = st->last_seq + 1;
	m.commit_id = lc->o->point ? (st->last_id < VSH_FIRST_COMMIT_ID - 1
					      ? VSH_FIRST_COMMIT_ID
					      : st->last_id + 1)
				   : 0;
	m.time = vsh_now();
	m.type = lc->o->type;
	m.flags = lc->o->flags;
	m.user = s->user[0] ? s->user : "";
	/* an interactive session that names no line is the console */
	m.intf = s->ui_name[0] || s->batch ? s->ui_name : "CON 0";
	m.label = lc->o->label ? lc->o->label : "";
	m.desc = lc->o->desc ? lc->o->desc : "";
	if (!m.user[0])
		m.user = vsh_user_name(s);
	/* The record lists the changes in the order that replays them.  It
	 * is written as it is built, in two passes (its size first), so that
	 * a commit of a million lines needs no copy of it in memory. */
	(void)chg, (void)n;
	cfg_jwriter_init(&w);
	cfg_jwriter_begin_count(&w, &m);
	if (cfg_changes_visit(db, add_change, &w) != 0 || cfg_jwriter_end(&w) != 0) {
		cfg_jwriter_free(&w);
		snprintf(err, errlen, "Error: The change is too large to be recorded.");
		return -1;
	}
	size_t reclen = w.len;
	uint32_t nch = w.nchanges;
	vsh_store_cut_tail(st);
	int rc = cfg_jwriter_begin_fd(&w, &m, st->jfd, reclen, nch);
	if (rc == 0 && cfg_changes_visit(db, add_change, &w) != 0)
		rc = -1;
	if (rc == 0)
		rc = cfg_jwriter_end(&w);
	if (rc != 0 || fdatasync(st->jfd) != 0) {
		int e = errno ? errno : EIO;
		if (ftruncate(st->jfd, (off_t)st->jend) != 0)
			e = errno;
		cfg_jwriter_free(&w);
		snprintf(err, errlen, "Error: The configuration could not be saved: %s.",
			 strerror(e));
		return -1;
	}
	w.len = reclen;
	vsh_store_hist_add(st, &m, st->jend, (uint32_t)w.len);
	st->jend += w.len;
	st->jsize = st->jend;
	st->jmtime = -1; /* looked at again at the next check */
	st->last_seq = m.seq;
	if (m.commit_id)
		st->last_id = m.commit_id;
	cfg_jwriter_free(&w);
	lc->done = true;
	vsh_audit_config(m.type != CFG_JT_ROLLBACK && m.type != CFG_JT_RESTORE ? VSH_AUDIT_COMMIT
			 : lc->o->timer ? VSH_AUDIT_TRIAL_REVERT
					: VSH_AUDIT_ROLLBACK,
			 m.user, m.commit_id, m.label, nch);
	return 0;
}

static int commit_locked(vsh_session *s, const vsh_commit_opts *o, unsigned flags, char *err,
			 size_t errlen)
{
	log_ctx lc = { s->store, o, s, false };
	if (!cfg_pending(s->db))
		return 0;
	if (s->store->no_hooks)
		flags |= CFG_COMMIT_NO_HOOKS;
	if (cfg_commit_ex(s->db, flags, log_commit, &lc, err, errlen) != 0)
		return -1;
	vsh_exclusive_touch(s);
	maybe_compact(s);
	return lc.done ? 1 : 0;
}

int vsh_store_commit_held(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *st = s->store;

	if (vsh_exclusive_check(s, err, errlen) != 0)
		return -1;
	if (vsh_conflicts_pending(s)) {
		const char *line = st->conflict_line ? st->conflict_line : "";
		vsh_printf(s, "%s\nError: The configuration was changed by another user.\n"
			      "Commit canceled, the configuration conflicted with other user, you "
			      "can modify \nthe configuration and commit again.\n"
			      "Failed to generate committed config.\n",
			   line);
		vsh_conflicts_clear(st);
		return -2;
	}
	int rc = commit_locked(s, o, 0, err, errlen);
	if (rc >= 0)
		vsh_conflicts_clear(st);
	return rc;
}

int vsh_store_commit(vsh_session *s, const vsh_commit_opts *o, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	bool busy = st->busy;

	st->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		rc = vsh_store_commit_held(s, o, err, errlen);
		vsh_store_unlock(st);
	}
	st->busy = busy;
	return rc;
}

int vsh_store_commit_list(vsh_session *s, const vsh_chglist *l, bool inverse,
			  const vsh_commit_opts *o, vsh_chg_fail_fn fail, void *arg, char *err,
			  size_t errlen)
{
	vsh_store *st = s->store;
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vsh_chglist_apply(&st->helper, l, 0, l->n, inverse, fail, arg);
	int rc = commit_locked(s, o, 0, err, errlen);
	if (rc < 0)
		cfg_discard(s->db);
	vsh_aside_restore(s, &a, NULL);
	return rc;
}

int vsh_store_with_undone(vsh_session *s, const vsh_chglist *l, vsh_with_fn fn, void *arg)
{
	vsh_store *st = s->store;
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		return -1;
	}
	vsh_chglist_apply(&st->helper, l, 0, l->n, true, NULL, NULL);
	fn(arg, s);
	cfg_discard(s->db);
	vsh_aside_restore(s, &a, NULL);
	return 0;
}

int vsh_store_refresh(vsh_session *s, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	vsh_aside a;
	if (vsh_aside_take(s, &a) != 0) {
		vsh_aside_free(&a);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vsh_conflicts_clear(st);
	vsh_aside_restore(s, &a, NULL);
	vsh_conflicts_clear(st);
	return 0;
}

int vsh_check_file_name(const char *name, char *err, size_t errlen)
{
	size_t n = strlen(name);
	const char *dot = strrchr(name, '.');
	if (n < 5 || n > 64 || strchr(name, '/') || name[0] == '.' || !dot ||
	    (strcasecmp(dot, ".cfg") != 0 && strcasecmp(dot, ".zip") != 0 &&
	     strcasecmp(dot, ".dat") != 0)) {
		snprintf(err, errlen, "Error: The file name must be 5 to 64 characters ending in "
				      ".cfg, .zip or .dat.");
		return -1;
	}
	return 0;
}

int vsh_store_save(vsh_session *s, const char *name, char *err, size_t errlen)
{
	vsh_store *st = s->store;
	char msg[512];
	ckpt_fill cf = { .db = s->db };
	cf.cap = 1 << 20;
	cf.buf = malloc(cf.cap);
	if (!cf.buf) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	int rc = cfg_file_replace(st->dir, name, save_write, &cf, msg, sizeof msg);
	free(cf.buf);
	if (rc != 0)
		snprintf(err, errlen, "Error: The configuration could not be saved (%s).", msg);
	return rc;
}

