/* The commit history: `display configuration commit list`, `display
 * configuration commit changes`, `display configuration commit at`,
 * `display configuration candidate changes`, and `rollback configuration`
 * with `display configuration rollback result`. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factory.h"
#include "../shell/output.h"
#include "../shell/replay.h"
#include "state.h"
#define RULE "---------------------------------------------------------------------------------" \
	     "--------------------------------------------------"

static const char *type_name(uint8_t t)
{
	switch (t) {
	case STORE_T_ROLLBACK:
		return "ROLLBACK";
	case STORE_T_RESTORE:
		return "RESTORE";
	case STORE_T_SYSTEM:
		return "SYSTEM";
	default:
		return "CLI";
	}
}

static int no_history(char *err, size_t errlen)
{
	snprintf(err, errlen, "Error: The configuration history is not available.");
	return -1;
}

/* The store of a session whose history is loaded, or NULL with the
 * message. */
static store *history_of(vsh_session *s, char *err, size_t errlen)
{
	if (!s->store) {
		no_history(err, errlen);
		return NULL;
	}
	char e[512];
	if (vsh_store_need(s, e, sizeof e) != 0) {
		snprintf(err, errlen, "Error: %s", e);
		return NULL;
	}
	return s->store->st;
}

/* ---- display configuration commit list -------------------------------- */

static int h_commit_list(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *nv = parser_arg_get(m, "number-of-commits");
	bool verbose = parser_kw(m, "verbose"), labelled = parser_kw(m, "label");
	size_t *pts;
	store *st = history_of(s, err, errlen);

	if (!st)
		return -1;
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	size_t n = store_points(st, &pts);
	size_t limit = nv ? (size_t)nv->u : n;
	if (!verbose) {
		vsh_out_printf(o, "%s\n%-5s%-13s%-65s%-16s%s\n%s\n", RULE, "No.", "CommitId", "Label",
			   "User", "TimeStamp", RULE);
	}
	size_t shown = 0;
	for (size_t k = 0; k < n && shown < limit; k++) {
		const store_hist *h = store_history(st, pts[k]);
		if (labelled && !h->label[0])
			continue;
		char id[32], ts[40];
		bool out = k >= STORE_HIST_POINTS; /* kept for its label */
		if (out && !h->label[0])
			continue;
		snprintf(id, sizeof id, "%" PRIu64 "%s", h->commit_id, out ? "*" : "");
		shown++;
		if (verbose) {
			vsh_format_time(h->time, false, ts, sizeof ts);
			vsh_out_printf(o,
				   "%zu) CommitId: %s\n        Label: %s\n        User: %s\n"
				   "        User-Intf: %s\n        Type: %s\n        TimeStamp: %s\n"
				   "        Description:%s%s\n\n",
				   shown, id, h->label[0] ? h->label : "-", h->user, h->intf,
				   type_name(h->type), ts, h->desc[0] ? " " : "", h->desc);
		} else {
			char no[24];
			vsh_format_time(h->time, true, ts, sizeof ts);
			snprintf(no, sizeof no, "%zu", shown);
			vsh_out_printf(o, "%-5s%-13s%-65s%-16s%s\n", no, id,
				       h->label[0] ? h->label : "-", h->user, ts);
		}
	}
	free(pts);
	vsh_out_free(o);
	return 0;
}

/* ---- display configuration commit changes ------------------------------ */

/* The diff of record i, with a header line when `header`. */
static int show_record(vsh_session *s, vsh_out *o, size_t i, bool header)
{
	store *st = s->store->st;
	store_chglist l;
	char err[512];
	store_chglist_init(&l);
	if (store_read(st, i, i + 1, &l, err, sizeof err) != 0) {
		store_chglist_free(&l);
		return -1;
	}
	if (header) {
		char ts[40];
		const store_hist *h = store_history(st, i);
		vsh_format_time(h->time, true, ts, sizeof ts);
		vsh_out_printf(o, "Commit changes of commitId %" PRIu64 " %s\n", h->commit_id, ts);
	}
	vsh_chglist_diff(&l, 0, l.n, false, s->db, vsh_out_emit, o);
	store_chglist_free(&l);
	return 0;
}

static int unknown_id(char *err, size_t errlen)
{
	snprintf(err, errlen, "Error: The commit ID does not exist.");
	return -1;
}

static int h_commit_changes(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *at = parser_arg_get(m, "commit-id");
	const parser_value *nv = parser_arg_get(m, "number-of-commits");
	bool since = parser_kw(m, "since");
	size_t *pts;
	store *st = history_of(s, err, errlen);

	if (!st)
		return -1;
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	size_t n = store_points(st, &pts);
	int rc = 0;
	if (at && !since) {
		long i = store_find_id(st, at->u);
		if (i < 0) {
			free(pts);
			vsh_out_free(o);
			return unknown_id(err, errlen);
		}
		vsh_out_printf(o, "Building configuration\n");
		rc = show_record(s, o, (size_t)i, false);
	} else {
		size_t limit = n;
		uint64_t after = 0;
		if (since) {
			long i = store_find_id(st, at->u);
			if (i < 0) {
				free(pts);
				vsh_out_free(o);
				return unknown_id(err, errlen);
			}
			after = store_history(st, (size_t)i)->seq;
		} else if (nv) {
			limit = (size_t)nv->u;
		}
		bool header = !nv || nv->u > 1;
		vsh_out_printf(o, "Building configuration\n");
		for (size_t k = 0; k < n && k < limit && rc == 0; k++) {
			const store_hist *h = store_history(st, pts[k]);
			if (h->seq <= after)
				break;
			if (k >= STORE_HIST_POINTS && !h->label[0])
				continue; /* past the points kept */
			rc = show_record(s, o, pts[k], header);
		}
	}
	free(pts);
	vsh_out_free(o);
	if (rc != 0)
		snprintf(err, errlen, "Error: The journal cannot be read.");
	return rc;
}

/* ---- display configuration commit at ----------------------------------- */

static void render_candidate(void *arg, vsh_session *s)
{
	/* a whole configuration, shown as display current-configuration
	 * shows one: the model's ports and console included */
	size_t nx;
	cfg_extra *x = view_factory_blocks(s->model, &nx);
	cfg_render_extra(s->db, CFG_CANDIDATE, x, nx, vsh_out_emit, arg);
	free(x);
}

static int h_commit_at(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *at = parser_arg_get(m, "commit-id");
	store *st = history_of(s, err, errlen);
	if (!st)
		return -1;
	long i = store_find_id(st, at->u);
	if (i < 0)
		return unknown_id(err, errlen);
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	store_chglist l;
	char e[512];
	store_chglist_init(&l);
	/* the records after the point: undone, they give the configuration then */
	int rc = store_read(st, (size_t)i + 1, store_history_count(st), &l, e, sizeof e);
	if (rc == 0)
		rc = vsh_store_with_undone(s, &l, render_candidate, o);
	store_chglist_free(&l);
	vsh_out_free(o);
	if (rc != 0)
		snprintf(err, errlen, "Error: The journal cannot be read.");
	return rc;
}

/* ---- display configuration candidate changes ---------------------------- */

static int h_candidate_changes(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char *rec;
	size_t len;
	if (store_pending_record(s->db, &rec, &len) != 0) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (!rec)
		return 0;
	store_chglist l;
	store_chglist_init(&l);
	if (store_chglist_add(&l, rec, len, true) != 0) {
		free(rec);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (o) {
		vsh_out_printf(o, "Building configuration\n");
		vsh_chglist_diff(&l, 0, l.n, false, s->db, vsh_out_emit, o);
		vsh_out_free(o);
	}
	store_chglist_free(&l);
	return o ? 0 : -1;
}

/* ---- rollback configuration -------------------------------------------- */

typedef struct rb_result {
	char *err;        /* "!commit error information" lines */
	size_t elen, ecap;
	char *diff;       /* the differences left */
	size_t dlen, dcap;
	char *cur;        /* output of the line being loaded */
	size_t clen, ccap;
	unsigned failed;
} rb_result;

static void rb_lines(rb_result *r, const char *msg);

static void append(char **b, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		while (c < *len + n + 1)
			c *= 2;
		char *nb = realloc(*b, c);
		if (!nb)
			return;
		*b = nb;
		*cap = c;
	}
	memcpy(*b + *len, p, n);
	*len += n;
	(*b)[*len] = '\0';
}

/* The message lines of a failed line, not the caret line of a syntax
 * error. */
static void rb_lines(rb_result *r, const char *msg)
{
	for (const char *p = msg; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t sp = strspn(p, " ");
		if (!(sp < n && p[sp] == '^' && sp + 1 == n)) {
			append(&r->err, &r->elen, &r->ecap, p, n);
			append(&r->err, &r->elen, &r->ecap, "\n", 1);
		}
		p = e ? e + 1 : p + n;
	}
}

static void save_result(vsh_session *s, const rb_result *r)
{
	char err[256];
	char *txt = NULL;
	size_t len = 0, cap = 0;
	if (r->failed) {
		static const char a[] = "!commit error information\n";
		static const char b[] = "!There are still several differences as follow:\n";
		append(&txt, &len, &cap, a, sizeof a - 1);
		if (r->err)
			append(&txt, &len, &cap, r->err, r->elen);
		append(&txt, &len, &cap, b, sizeof b - 1);
		if (r->diff)
			append(&txt, &len, &cap, r->diff, r->dlen);
	}
	if (store_result_write(s->store->st, txt ? txt : "", len, err, sizeof err) != 0)
		vsh_store_warn(s->store, "%s", err);
	free(txt);
}

static void report_done(vsh_session *s, bool failed)
{
	vsh_printf(s, "Check rollback result\n");
	if (failed)
		vsh_printf(s, "Configuration rollback completed with errors.\n"
			      "Please use 'display configuration rollback result' to view them.\n");
	else
		vsh_printf(s, "Configuration rollback succeeded.\n"
			      "Please use 'display configuration commit changes last 1' to view the "
			      "changes.\n");
}

/* Output of the lines of a file being loaded: kept for the line that
 * fails. */
static void rb_write(void *ctx, const char *buf, size_t len)
{
	rb_result *r = ctx;
	append(&r->cur, &r->clen, &r->ccap, buf, len);
}

static int rb_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		  size_t tlen, bool probe)
{
	rb_result *r = ctx;
	r->clen = 0;
	int rc = vsh_exec(s, text, tlen, 0);
	if (rc != 0 && !probe) {
		r->failed++;
		rb_lines(r, r->clen ? r->cur : "");
		append(&r->diff, &r->dlen, &r->dcap, "+ ", 2);
		append(&r->diff, &r->dlen, &r->dcap, line, len);
		append(&r->diff, &r->dlen, &r->dcap, "\n", 1);
	}
	return rc;
}

static const char rb_warning[] =
	"Warning: This operation will revert configuration changes to the previous status. "
	"During the rollback configuration process, some configurations involving differences "
	"may be temporarily invalid. Continue? [Y/N]:";

/* The first record a rollback undoes, or -1 with the message. */
static long rollback_from(const store *st, const parser_value *idv, const parser_value *nv,
			  const parser_value *lv, char *err, size_t errlen)
{
	long from = -1;
	size_t *pts;
	size_t n = store_points(st, &pts);
	if (idv) {
		long i = store_find_id(st, idv->u);
		if (i >= 0)
			from = i + 1;
		else
			unknown_id(err, errlen);
	} else if (lv) {
		for (size_t k = 0; k < n && from < 0; k++)
			if (strcmp(store_history(st, pts[k])->label, lv->str) == 0)
				from = (long)pts[k] + 1;
		if (from < 0)
			snprintf(err, errlen, "Error: The label does not exist.");
	} else if (nv) {
		if (nv->u > n)
			snprintf(err, errlen,
				 "Error: The number of commits to roll back exceeds the number of "
				 "rollback points (%zu).",
				 n);
		else
			from = (long)pts[nv->u - 1];
	}
	free(pts);
	return from;
}

/* The configuration a device restores from a file: the factory
 * configuration with the file replayed on it.  Lines that fail go to the
 * rollback result.  Returns the database, or NULL with a message. */
static cfg_db *load_file(vsh_session *s, const char *text, size_t len, rb_result *res,
			 char *err, size_t errlen)
{
	cfg_db *db = cfg_db_new();
	vsh_session fs;
	char cerr[256];
	if (!db || vsh_db_init(db, cerr, sizeof cerr) != 0) {
		cfg_db_free(db);
		snprintf(err, errlen, "Error: Out of memory.");
		return NULL;
	}
	/* its new lines join the session's: their creation numbers too */
	cfg_seq_origin(db, (uint16_t)s->store->session_id);
	cfg_seq_floor(db, cfg_seq_counter(s->db));
	vsh_io io = { .write = rb_write, .ask = NULL, .ctx = res };
	if (vsh_session_init(&fs, db, s->vs, s->model, s->low_latency, LEVEL_MANAGE, io) != 0) {
		cfg_db_free(db);
		snprintf(err, errlen, "Error: Out of memory.");
		return NULL;
	}
	fs.batch = true;
	vsh_replay r;
	vsh_replay_init(&r, &fs, rb_run, res);
	vsh_replay_text(&r, text, len, true, NULL);
	vsh_session_fini(&fs);
	if (cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, cerr, sizeof cerr) != 0) {
		cfg_db_free(db);
		snprintf(err, errlen, "Error: %s", cerr);
		return NULL;
	}
	return db;
}

/* Commit l (forward, or inverted) as a ROLLBACK point and keep its result
 * for `display configuration rollback result`.  The lock is held. */
static int commit_rollback(vsh_session *s, store_chglist *l, bool inverse, rb_result *res,
			   char *err, size_t errlen)
{
	vsh_printf(s, "Loading rollback changes\nCommitting\n");
	vsh_commit_opts o = { .type = STORE_T_ROLLBACK, .point = true };
	if (vsh_store_commit_list(s, l, inverse, &o, err, errlen) < 0)
		return -1;
	save_result(s, res);
	return 0;
}

/* Report a rollback's outcome and free its result; the handler's status. */
static int finish_rollback(vsh_session *s, int rc, rb_result *res)
{
	bool failed = res->failed != 0;

	free(res->err);
	free(res->diff);
	free(res->cur);
	if (rc != 0)
		return -1;
	report_done(s, failed);
	return 0;
}

static const char rb_file_warning[] =
	"Warning: This operation will revert configuration changes to the file %s. During the "
	"rollback configuration process, some configurations involving differences may be "
	"temporarily invalid. The time required for this operation depends on the configuration "
	"delivery time and configuration difference amount. If the configuration difference "
	"amount is large, this operation will take a long time. Continue? [Y/N]:";

static int rollback_to_file(vsh_session *s, const char *name, char *err, size_t errlen)
{
	vsh_store *vs = s->store;
	char q[sizeof rb_file_warning + 80], *text;
	size_t len;

	if (vsh_check_file_name(name, err, errlen) != 0 || vsh_exclusive_check(s, err, errlen) != 0)
		return -1;
	int fr = store_read_file(vs->st, name, &text, &len);
	if (fr != 0) {
		snprintf(err, errlen, fr == 1 ? "Error: The file %s does not exist."
					      : "Error: The file %s cannot be read.",
			 name);
		return -1;
	}
	snprintf(q, sizeof q, rb_file_warning, name);
	if (vsh_ask_yn(s, q) != 1) {
		free(text);
		return 0;
	}
	rb_result res;
	memset(&res, 0, sizeof res);
	vsh_printf(s, "Checking changes...\n");
	cfg_db *target = load_file(s, text, len, &res, err, errlen);
	free(text);
	if (!target)
		return -1;
	vs->busy = true;
	int rc = vsh_store_lock(s, err, errlen);
	if (rc == 0) {
		char *rec;
		size_t rl;
		store_chglist l;
		store_chglist_init(&l);
		rc = -1;
		if (store_diff_record(s->db, target, &rec, &rl) != 0) {
			snprintf(err, errlen, "Error: Out of memory.");
		} else if (!rec) {
			rc = commit_rollback(s, &l, false, &res, err, errlen);
		} else if (store_chglist_add(&l, rec, rl, true) != 0) {
			free(rec);
			snprintf(err, errlen, "Error: Out of memory.");
		} else {
			rc = commit_rollback(s, &l, false, &res, err, errlen);
		}
		store_chglist_free(&l);
		vsh_store_unlock(s);
	}
	vs->busy = false;
	cfg_db_free(target);
	return finish_rollback(s, rc, &res);
}

static int h_rollback(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *idv = parser_arg_get(m, "commit-id");
	const parser_value *nv = parser_arg_get(m, "number-of-commits");
	const parser_value *lv = parser_arg_get(m, "label");
	const parser_value *fv = parser_arg_get(m, "file-name");
	store *st = history_of(s, err, errlen);

	if (!st)
		return -1;
	if (fv)
		return rollback_to_file(s, fv->str, err, errlen);
	if (vsh_exclusive_check(s, err, errlen) != 0 ||
	    rollback_from(st, idv, nv, lv, err, errlen) < 0)
		return -1;
	int yes = vsh_ask_yn(s, rb_warning);
	if (yes != 1)
		return 0;

	vsh_store *vs = s->store;
	vs->busy = true;
	if (vsh_store_lock(s, err, errlen) != 0) {
		vs->busy = false;
		return -1;
	}
	/* again: another process may have committed meanwhile */
	long from = rollback_from(st, idv, nv, lv, err, errlen);
	int rc = -1;
	rb_result res;
	memset(&res, 0, sizeof res);
	if (from >= 0 && vsh_exclusive_check(s, err, errlen) == 0) {
		vsh_printf(s, "Checking changes...\n");
		store_chglist l;
		char e[512];
		store_chglist_init(&l);
		if (store_read(st, (size_t)from, store_history_count(st), &l, e, sizeof e) != 0)
			snprintf(err, errlen, "Error: The journal cannot be read (%s).", e);
		else
			rc = commit_rollback(s, &l, true, &res, err, errlen);
		store_chglist_free(&l);
	}
	vsh_store_unlock(s);
	vs->busy = false;
	return finish_rollback(s, rc, &res);
}

static int h_rollback_result(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (!s->store || store_result_read(s->store->st, &buf, &len) != 0)
		return 0;
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (o && len)
		vsh_out_printf(o, "%.*s", (int)len, buf);
	vsh_out_free(o);
	free(buf);
	return o ? 0 : -1;
}

/* ---- the table -------------------------------------------------------- */

/* '?' after a commit ID keyword lists the rollback points. */
static void dyn_commit_ids(void *ctx, const struct parser_args *bound, parser_emit_fn emit,
			   void *arg)
{
	vsh_session *s = ctx;
	size_t *pts;
	char err[256];
	(void)bound;
	if (!s || !s->store || vsh_store_need(s, err, sizeof err) != 0)
		return;
	size_t n = store_points(s->store->st, &pts);
	for (size_t k = 0; k < n; k++) {
		char id[24];
		snprintf(id, sizeof id, "%" PRIu64, store_history(s->store->st, pts[k])->commit_id);
		emit(arg, id, "Rollback point");
	}
	free(pts);
}

static const ptype pt_commit_id = {
	.kind = PT_UINT, .help_token = "INTEGER<1000000001-2999999999>", .min = 1000000001,
	.max = 2999999999u,
};
static const ptype pt_list_number = {
	.kind = PT_UINT, .help_token = "INTEGER<1-100>", .min = 1, .max = 100,
};
static const ptype pt_last_number = {
	.kind = PT_UINT, .help_token = "INTEGER<1-80>", .min = 1, .max = 80,
};
static const ptype pt_label = {
	.kind = PT_STRING, .help_token = "STRING<1-256>", .min = 1, .max = 256,
	.flags = PTF_QUOTE_SPACES | PTF_NO_LEADING_DIGIT | PTF_NO_HYPHEN_ONLY,
};
static const ptype pt_file = {
	.kind = PT_STRING, .help_token = "STRING<5-64>", .min = 5, .max = 64,
};

static const parser_param list_params[] = {
	{ "number-of-commits", &pt_list_number, NULL },
	{ NULL, NULL, NULL },
};
static const parser_param changes_params[] = {
	{ "commit-id", &pt_commit_id, dyn_commit_ids },
	{ "number-of-commits", &pt_last_number, NULL },
	{ NULL, NULL, NULL },
};
static const parser_param rollback_params[] = {
	{ "commit-id", &pt_commit_id, dyn_commit_ids },
	{ "number-of-commits", &pt_last_number, NULL },
	{ "label", &pt_label, NULL },
	{ "file-name", &pt_file, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_history[] = {
	{
		.pc = { .format = "display configuration commit list [ verbose ] "
				  "[ <number-of-commits> | label ]",
			.help = "Show information\n"
				"Configuration database information\n"
				"Rollback points\n"
				"List the rollback points, newest first\n"
				"Show every detail of each point\n"
				"How many points to show\n"
				"Only points with a label",
			.params = list_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_commit_list,
	},
	{
		.pc = { .format = "display configuration commit changes [ at <commit-id> | since "
				  "<commit-id> | [ last ] <number-of-commits> ]",
			.help = "Show information\n"
				"Configuration database information\n"
				"Rollback points\n"
				"Show what the commits changed\n"
				"One rollback point\n"
				"Commit ID\n"
				"Every rollback point after one\n"
				"Commit ID\n"
				"The newest rollback points\n"
				"How many points",
			.params = changes_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_commit_changes,
	},
	{
		.pc = { .format = "display configuration commit at <commit-id>",
			.help = "Show information\n"
				"Configuration database information\n"
				"Rollback points\n"
				"Show the whole configuration at a rollback point\n"
				"Commit ID",
			.params = changes_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_commit_at,
	},
	{
		.pc = { .format = "display configuration candidate changes",
			.help = "Show information\n"
				"Configuration database information\n"
				"Show the configuration changes not yet committed\n"
				"Show them as differences from the running configuration",
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_candidate_changes,
	},
	{
		.pc = { .format = "rollback configuration { to commit-id <commit-id> | last "
				  "<number-of-commits> | to label <label> | to file <file-name> }",
			.help = "Roll back\n"
				"Roll the configuration back to an earlier state\n"
				"To a given point\n"
				"A rollback point by its commit ID\n"
				"Commit ID\n"
				"Undo the newest rollback points\n"
				"How many points\n"
				"A rollback point by its label\n"
				"Label\n"
				"The configuration of a file\n"
				"File name (*.cfg, *.zip or *.dat)",
			.params = rollback_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_USER),
		.fn = h_rollback,
	},
	{
		.pc = { .format = "display configuration rollback result",
			.help = "Show information\n"
				"Configuration database information\n"
				"The latest rollback\n"
				"What did not roll back",
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_rollback_result,
	},
	{ .pc = { .format = NULL } },
};
