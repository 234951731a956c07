/* User interfaces: the console and VTY views (`user-interface con 0`,
 * `user-interface vty FIRST [LAST]`) with their login settings,
 * `user-interface maximum-vty`, and `display users`.
 *
 * Layout in the configuration tree:
 *   user-interface maximum-vty N        top level, after sysname
 *   user-interface con 0                sections that exist without
 *   user-interface vty F [L]            configuration, console first, then
 *                                       VTY ranges by their numbers
 *    authentication-mode aaa|password|none
 *    set authentication password cipher HASH
 *    user privilege level N
 *    idle-timeout MIN SEC
 *    screen-length N
 *
 * Settings belong to each VTY, as on the device: a command in the view of
 * `user-interface vty 2 7` sets (or undoes) the value on VTYs 2 to 7 one by
 * one.  The tree holds them regrouped: every run of consecutive VTYs whose
 * settings are all the same is one section, `user-interface vty 0 1`,
 * `user-interface vty 2 7`, ..., and VTYs without settings have none.  Each
 * command reads every VTY's settings from the candidate's sections, changes
 * those of its range and writes the sections back regrouped, so that
 * rendering, journal records, commit diffs and rollback deal in those
 * sections, and replaying them through the same commands gives the same
 * sections again.  The section of the range a view was entered with is an
 * implicit one: it anchors the view and shows only when the range is a run. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa.h"
#include "../store/chglist.h"
#include "edit.h"
#include "genorder.h"
#include "../store/online.h"
#include "order.h"
#include "ui.h"

#define VTY_COUNT STORE_ONLINE_MAX_VTY
#define VTY_LAST (VTY_COUNT - 1)
#define UI_LINE_MAX 192
#define CONSOLE_TEXT "user-interface con 0"

/* The settings of a user interface; each line's identity is the
 * setting's name. */
enum { SET_AUTH, SET_PASSWORD, SET_LEVEL, SET_IDLE, SET_SCREEN, NSET };

#define SETTING(id) { id, sizeof id - 1 }
static const struct setting {
	const char *id;
	size_t len;
} settings[NSET] = {
	[SET_AUTH] = SETTING("authentication-mode"),
	[SET_PASSWORD] = SETTING("set authentication password"),
	[SET_LEVEL] = SETTING("user privilege level"),
	[SET_IDLE] = SETTING("idle-timeout"),
	[SET_SCREEN] = SETTING("screen-length"),
};

/* Where a setting's line goes: at its command's place in the generated
 * order (genorder.h), among the generated lines of the view, as the
 * device shows them (`acl 2000 inbound` before `authentication-mode aaa`,
 * `protocol inbound ssh` between `user privilege level 3` and
 * `idle-timeout`); the password right after the authentication mode. */
static cfg_order set_ord[NSET];
static pthread_once_t set_ord_once = PTHREAD_ONCE_INIT;

static void set_ord_init(void)
{
	static const char *const title[NSET] = {
		[SET_AUTH] = "authentication-mode",
		[SET_LEVEL] = "user privilege level",
		[SET_IDLE] = "idle-timeout",
		[SET_SCREEN] = "screen-length",
	};
	for (unsigned k = 0; k < NSET; k++) {
		uint32_t cls = title[k] ? view_gen_sub_order(title[k], "VTY-type user interface view")
					: 0;
		set_ord[k] = (cfg_order){ cls ? cls : k + 1, 0, 0 };
	}
	set_ord[SET_PASSWORD] = set_ord[SET_AUTH];
	set_ord[SET_PASSWORD].sub = 1;
}

static cfg_order setting_order(unsigned k)
{
	pthread_once(&set_ord_once, set_ord_init);
	return set_ord[k];
}

static const ptype pt_first = {
	.kind = PT_UINT, .help_token = "INTEGER<0-20>", .min = 0, .max = VTY_LAST,
};
static const ptype pt_last = {
	.kind = PT_UINT, .help_token = "INTEGER<1-20>", .min = 1, .max = VTY_LAST,
};
static const ptype pt_console = {
	.kind = PT_UINT, .help_token = "INTEGER<0-0>", .min = 0, .max = 0,
};
static const ptype pt_max_vty = {
	.kind = PT_UINT, .help_token = "INTEGER<0-21>", .min = 0, .max = STORE_ONLINE_MAX_VTY,
};
static const ptype pt_level = {
	.kind = PT_UINT, .help_token = "INTEGER<0-3>", .min = 0, .max = 3,
};
static const ptype pt_minutes = {
	.kind = PT_UINT, .help_token = "INTEGER<0-35791>", .min = 0, .max = 35791,
};
/* A console's idle time-out is shorter: 1 to 1440 minutes. */
static const ptype pt_console_minutes = {
	.kind = PT_UINT, .help_token = "INTEGER<1-1440>", .min = 1, .max = 1440,
};
static const ptype pt_seconds = {
	.kind = PT_UINT, .help_token = "INTEGER<0-59>", .min = 0, .max = 59,
};
static const ptype pt_screen = {
	.kind = PT_UINT, .help_token = "INTEGER<0-512>", .min = 0, .max = 512,
};
static const ptype pt_ui_password = {
	.kind = PT_STRING, .help_token = "STRING<8-128>", .min = 8, .max = 128,
	.flags = PTF_QUOTE_SPACES | PTF_CIPHER, /* device ciphertexts hold '"' */
};

static const parser_param ui_params[] = {
	{ "first-ui-number", &pt_first, NULL },
	{ "last-ui-number", &pt_last, NULL },
	{ "ui-number", &pt_console, NULL },
	{ "number", &pt_max_vty, NULL },
	{ "level", &pt_level, NULL },
	{ "minutes", &pt_minutes, NULL },
	{ "seconds", &pt_seconds, NULL },
	{ "screen-length", &pt_screen, NULL },
	{ "password", &pt_ui_password, NULL },
	{ NULL, NULL, NULL },
};

static const parser_param console_idle_params[] = {
	{ "minutes", &pt_console_minutes, NULL },
	{ "seconds", &pt_seconds, NULL },
	{ NULL, NULL, NULL },
};

/* ---- reading the configuration --------------------------------------- */

static const char *line_value(cfg_db *db, cfg_entry *sect, const char *id)
{
	size_t n = strlen(id);
	cfg_entry *e = sect ? cfg_get(db, sect, id, n, CFG_RUNNING) : NULL;
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;

	return t ? t + n + (t[n] == ' ') : NULL;
}

int vsh_ui_max_vty(cfg_db *db)
{
	const char *v = line_value(db, cfg_root(db), "user-interface maximum-vty");

	return v ? atoi(v) : VSH_UI_MAX_VTY_DEFAULT;
}

static size_t vty_text(char *buf, size_t len, unsigned first, unsigned last)
{
	int n = first == last ? snprintf(buf, len, "user-interface vty %u", first)
			      : snprintf(buf, len, "user-interface vty %u %u", first, last);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

static cfg_order vty_order(unsigned first, unsigned last)
{
	cfg_order ord = { ORD_USER_INTERFACE, 1 + (uint64_t)first * 64 + last, 0 };
	return ord;
}

/* The text after a setting's identity, or NULL. */
static const char *setting_value(const char *const line[NSET], unsigned k)
{
	const char *t = line[k];
	size_t n = settings[k].len;

	return t ? t + n + (t[n] == ' ') : NULL;
}

/* The lines of each setting of each VTY on one side of the tree (NULL:
 * not set), valid until the tree next changes.  A VTY takes a setting from
 * the section that holds the VTY and the setting.  The sections written
 * here never overlap; should some (a state directory of an earlier vrpsh,
 * which kept ranges as typed), the narrowest range wins, and among equally
 * wide ones the one with the lower numbers. */
static void vty_scan(cfg_db *db, enum cfg_side side, const char *line[VTY_COUNT][NSET])
{
	unsigned width[VTY_COUNT][NSET];
	cfg_entry *root = cfg_root(db);
	char id[64];

	for (unsigned v = 0; v < VTY_COUNT; v++) {
		for (unsigned k = 0; k < NSET; k++) {
			line[v][k] = NULL;
			width[v][k] = ~0u;
		}
	}
	/* Every possible range: 231 hashed look-ups. */
	for (unsigned f = 0; f < VTY_COUNT; f++) {
		for (unsigned l = f; l < VTY_COUNT; l++) {
			size_t n = vty_text(id, sizeof id, f, l);
			cfg_entry *sect = cfg_get(db, root, id, n, side);
			if (!sect)
				continue;
			for (unsigned k = 0; k < NSET; k++) {
				cfg_entry *e = cfg_get(db, sect, settings[k].id, settings[k].len, side);
				const char *t = e ? cfg_text(e, side) : NULL;
				for (unsigned v = f; t && v <= l; v++) {
					if (l - f < width[v][k]) {
						width[v][k] = l - f;
						line[v][k] = t;
					}
				}
			}
		}
	}
}

static void conf_take(const char *const line[NSET], vsh_ui_conf *c)
{
	const char *v;

	if ((v = setting_value(line, SET_AUTH)))
		c->auth = strcmp(v, "aaa") == 0	       ? VSH_AUTH_AAA
			  : strcmp(v, "password") == 0 ? VSH_AUTH_PASSWORD
						       : VSH_AUTH_NONE;
	if ((v = setting_value(line, SET_PASSWORD)) && strncmp(v, "cipher ", 7) == 0)
		snprintf(c->password, sizeof c->password, "%s", v + 7);
	if ((v = setting_value(line, SET_LEVEL)))
		c->level = atoi(v);
	if ((v = setting_value(line, SET_IDLE))) {
		unsigned min = 0, sec = 0;
		if (sscanf(v, "%u %u", &min, &sec) >= 1)
			c->idle_seconds = min * 60 + sec;
	}
	if ((v = setting_value(line, SET_SCREEN)))
		c->screen_length = atoi(v);
}

void vsh_ui_get(cfg_db *db, int vty, vsh_ui_conf *out)
{
	const char *line[NSET] = { NULL };

	memset(out, 0, sizeof *out);
	out->screen_length = VSH_UI_SCREEN_LENGTH_DEFAULT;
	if (vty < 0) {
		out->auth = VSH_AUTH_NONE;
		out->level = LEVEL_MANAGE;
		out->idle_seconds = 5 * 60;
		cfg_entry *sect = cfg_get(db, cfg_root(db), CONSOLE_TEXT, sizeof CONSOLE_TEXT - 1,
					  CFG_RUNNING);
		for (unsigned k = 0; sect && k < NSET; k++) {
			cfg_entry *e = cfg_get(db, sect, settings[k].id, settings[k].len, CFG_RUNNING);
			line[k] = e ? cfg_text(e, CFG_RUNNING) : NULL;
		}
	} else {
		out->auth = VSH_AUTH_AAA;
		out->level = LEVEL_VISIT;
		out->idle_seconds = 10 * 60;
		if (vty < VTY_COUNT) {
			const char *all[VTY_COUNT][NSET];
			vty_scan(db, CFG_RUNNING, all);
			memcpy(line, all[vty], sizeof line);
		}
	}
	conf_take(line, out);
}

/* ---- the settings of every VTY, as values ------------------------------ */

/* A copy of vty_scan's answer that survives edits of the tree: each VTY's
 * settings as indexes into the distinct lines, so that two VTYs have the
 * same settings when their rows are equal. */
typedef struct vty_tab {
	char **text;                /* distinct lines */
	unsigned ntext, cap;
	uint16_t v[VTY_COUNT][NSET]; /* 1 + index into text; 0: not set */
} vty_tab;

static void tab_free(vty_tab *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->ntext; i++)
		free(t->text[i]);
	free(t->text);
	free(t);
}

/* The index (1 up) of the line p[0..len), added when new; -1 when out of
 * memory. */
static int tab_intern_n(vty_tab *t, const char *p, size_t len)
{
	for (unsigned i = 0; i < t->ntext; i++)
		if (strncmp(t->text[i], p, len) == 0 && t->text[i][len] == '\0')
			return (int)i + 1;
	if (t->ntext == UINT16_MAX)
		return -1;
	if (t->ntext == t->cap) {
		unsigned cap = t->cap ? t->cap * 2 : 32;
		char **v = realloc(t->text, cap * sizeof *v);
		if (!v)
			return -1;
		t->text = v;
		t->cap = cap;
	}
	if (!(t->text[t->ntext] = strndup(p, len)))
		return -1;
	return (int)++t->ntext;
}

static int tab_intern(vty_tab *t, const char *line)
{
	return tab_intern_n(t, line, strlen(line));
}

static vty_tab *tab_read(cfg_db *db, enum cfg_side side)
{
	const char *line[VTY_COUNT][NSET];
	vty_tab *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	vty_scan(db, side, line);
	for (unsigned v = 0; v < VTY_COUNT; v++) {
		for (unsigned k = 0; k < NSET; k++) {
			if (!line[v][k])
				continue;
			int i = tab_intern(t, line[v][k]);
			if (i < 0) {
				tab_free(t);
				return NULL;
			}
			t->v[v][k] = (uint16_t)i;
		}
	}
	return t;
}

static bool row_empty(const uint16_t row[NSET])
{
	for (unsigned k = 0; k < NSET; k++)
		if (row[k])
			return false;
	return true;
}

/* The next run at or after *from, up to `last`: consecutive VTYs with the
 * same settings, which are not none.  False when there is none. */
static bool next_run(const vty_tab *t, unsigned *from, unsigned last, unsigned *rf, unsigned *rl)
{
	unsigned i = *from;

	while (i <= last && row_empty(t->v[i]))
		i++;
	if (i > last)
		return false;
	unsigned j = i;
	while (j < last && memcmp(t->v[j + 1], t->v[i], sizeof t->v[i]) == 0)
		j++;
	*rf = i;
	*rl = j;
	*from = j + 1;
	return true;
}

/* Make the candidate's VTY sections those of t: one section per run, every
 * other range's lines removed.  Removals first, then the runs' lines in
 * render order, so that the changes replay in that order. */
static int tab_write(vsh_session *s, const vty_tab *t, char *err, size_t errlen)
{
	cfg_entry *root = cfg_root(s->db);
	int run_last[VTY_COUNT];
	unsigned from = 0, f, l;
	char id[64];

	for (unsigned v = 0; v < VTY_COUNT; v++)
		run_last[v] = -1;
	while (next_run(t, &from, VTY_COUNT - 1, &f, &l))
		run_last[f] = (int)l;
	for (f = 0; f < VTY_COUNT; f++) {
		for (l = f; l < VTY_COUNT; l++) {
			size_t n = vty_text(id, sizeof id, f, l);
			cfg_entry *sect = view_line_get(s, root, id, n);
			bool run = run_last[f] == (int)l;
			for (unsigned k = 0; sect && k < NSET; k++) {
				cfg_entry *e = view_line_get(s, sect, settings[k].id, settings[k].len);
				if (e && !(run && t->v[f][k]) && cfg_delete(s->db, e) != 0)
					return view_fail(err, errlen, "Error: Out of memory.");
			}
		}
	}
	for (f = 0; f < VTY_COUNT; f++) {
		if (run_last[f] < 0)
			continue;
		l = (unsigned)run_last[f];
		size_t n = vty_text(id, sizeof id, f, l);
		cfg_entry *sect = view_line_get(s, root, id, n);
		if (!sect && view_line_set(s, root, id, n, vty_order(f, l),
					   CFG_F_SECTION | CFG_F_IMPLICIT, &sect, err, errlen) != 0)
			return -1;
		for (unsigned k = 0; k < NSET; k++) {
			if (!t->v[f][k])
				continue;
			const char *want = t->text[t->v[f][k] - 1];
			const char *have = view_line_text(
				view_line_get(s, sect, settings[k].id, settings[k].len));
			cfg_order ord = setting_order(k);
			if ((!have || strcmp(have, want) != 0) &&
			    view_line_set(s, sect, want, settings[k].len, ord, 0, NULL, err, errlen) != 0)
				return -1;
		}
	}
	return 0;
}

#define VTY_PREFIX "user-interface vty "

/* The VTYs of a section identity "user-interface vty F [L]" (id[0..len)). */
static int id_range(const char *id, size_t len, unsigned *first, unsigned *last)
{
	size_t pre = sizeof VTY_PREFIX - 1;
	unsigned n[2] = { 0, 0 }, got = 0;

	if (len <= pre || memcmp(id, VTY_PREFIX, pre) != 0)
		return -1;
	for (size_t i = pre; i < len; got++) {
		if (got == 2 || id[i] < '0' || id[i] > '9')
			return -1;
		while (i < len && id[i] >= '0' && id[i] <= '9' && n[got] < VTY_COUNT)
			n[got] = n[got] * 10 + (unsigned)(id[i++] - '0');
		if (i < len && id[i++] != ' ')
			return -1;
	}
	if (got == 1)
		n[1] = n[0];
	if (n[0] > n[1] || n[1] >= VTY_COUNT)
		return -1;
	*first = n[0];
	*last = n[1];
	return 0;
}

/* The VTYs of the current range view, from its section. */
static int frame_range(const vsh_session *s, unsigned *first, unsigned *last)
{
	const cfg_entry *e = vsh_top(s)->view == VIEW_UI_VTY ? view_line_sect(s) : NULL;
	const char *t = view_line_text(e);

	return t ? id_range(t, cfg_idlen(e), first, last) : -1;
}

/* ---- editing --------------------------------------------------------- */

/* One setting's new line, or its removal (line NULL). */
typedef struct ui_op {
	unsigned k;
	const char *line;
} ui_op;

/* In a VTY range view: the settings of every VTY of the range change, and
 * the VTY sections are regrouped. */
static int vty_edit(vsh_session *s, const ui_op *ops, size_t nops, char *err, size_t errlen)
{
	unsigned first, last;

	if (frame_range(s, &first, &last) != 0)
		return view_fail(err, errlen, "Error: The user interface view cannot be found.");
	vty_tab *t = tab_read(s->db, CFG_CANDIDATE);
	if (!t)
		return view_fail(err, errlen, "Error: Out of memory.");
	for (size_t i = 0; i < nops; i++) {
		int x = ops[i].line ? tab_intern(t, ops[i].line) : 0;
		if (x < 0) {
			tab_free(t);
			return view_fail(err, errlen, "Error: Out of memory.");
		}
		for (unsigned v = first; v <= last; v++)
			t->v[v][ops[i].k] = (uint16_t)x;
	}
	int rc = tab_write(s, t, err, errlen);
	tab_free(t);
	return rc;
}

/* Apply ops in the current view: to the console's own section, or to each
 * VTY of the range. */
static int ui_apply(vsh_session *s, const ui_op *ops, size_t nops, char *err, size_t errlen)
{
	if (vsh_top(s)->view == VIEW_UI_VTY)
		return vty_edit(s, ops, nops, err, errlen);
	cfg_entry *sect = view_line_sect(s);
	for (size_t i = 0; i < nops; i++) {
		const struct setting *st = &settings[ops[i].k];
		cfg_order ord = setting_order(ops[i].k);
		if (!ops[i].line)
			view_line_del(s, sect, st->id, st->len);
		else if (view_line_set(s, sect, ops[i].line, st->len, ord, 0, NULL, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int ui_set(vsh_session *s, unsigned k, const char *value, char *err, size_t errlen)
{
	char line[UI_LINE_MAX];

	int n = snprintf(line, sizeof line, "%s %s", settings[k].id, value);
	if (n < 0 || (size_t)n >= sizeof line)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	ui_op op = { k, line };
	return ui_apply(s, &op, 1, err, errlen);
}

static int ui_unset(vsh_session *s, unsigned k, char *err, size_t errlen)
{
	ui_op op = { k, NULL };
	return ui_apply(s, &op, 1, err, errlen);
}

/* ---- a session's changes made again over a new running configuration */

/* The setting of a line identity, or -1. */
static int setting_of(const char *id, size_t len)
{
	for (unsigned k = 0; k < NSET; k++)
		if (settings[k].len == len && memcmp(settings[k].id, id, len) == 0)
			return (int)k;
	return -1;
}

void vsh_ui_rebase(vsh_session *h, const store_chglist *pending)
{
	/* per VTY and setting: the value before and after the pending
	 * changes (1 + index into t, 0 none), and whether they name it */
	uint16_t before[VTY_COUNT][NSET], after[VTY_COUNT][NSET];
	bool named[VTY_COUNT][NSET];
	vty_tab *t = NULL;
	unsigned f, l;

	memset(before, 0, sizeof before);
	memset(after, 0, sizeof after);
	memset(named, 0, sizeof named);
	for (size_t i = 0; i < pending->n; i++) {
		const store_chg *c = &pending->v[i];
		if (c->node == STORE_NO_NODE || c->moved)
			continue;
		const store_node *nd = &pending->nodes[c->node];
		if (nd->depth != 1 || id_range(nd->el.text, nd->el.idlen, &f, &l) != 0)
			continue;
		int k = setting_of(c->new_text ? c->new_text : c->old_text, c->line.idlen);
		if (k < 0)
			continue;
		if (!t && !(t = tab_read(h->db, CFG_RUNNING)))
			return; /* out of memory: the changes stay as they were made */
		int o = c->old_text ? tab_intern_n(t, c->old_text, c->old_len) : 0;
		int n = c->new_text ? tab_intern_n(t, c->new_text, c->new_len) : 0;
		if (o < 0 || n < 0) {
			tab_free(t);
			return;
		}
		for (unsigned v = f; v <= l; v++) {
			named[v][k] = true;
			if (c->old_text)
				before[v][k] = (uint16_t)o;
			if (c->new_text)
				after[v][k] = (uint16_t)n;
		}
	}
	if (!t)
		return; /* no VTY setting among them */
	/* A line the session regrouped names VTYs it did not change, with
	 * the values they had when it did: those take running's. */
	for (unsigned v = 0; v < VTY_COUNT; v++)
		for (unsigned k = 0; k < NSET; k++)
			if (named[v][k] && before[v][k] != after[v][k])
				t->v[v][k] = after[v][k];
	char err[256];
	(void)tab_write(h, t, err, sizeof err);
	tab_free(t);
}

/* ---- display this in a VTY range view -------------------------------- */

static void emit_line(cfg_emit_fn emit, void *arg, const char *pre, const char *text)
{
	char buf[UI_LINE_MAX + 8];
	int n = snprintf(buf, sizeof buf, "%s%s", pre, text);

	if (n > 0)
		emit(arg, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* One line of a VTY section in display this, with its place. */
typedef struct this_line {
	cfg_order ord;
	const char *text;
	cfg_entry *e; /* a line of the tree (its own lines below it), or NULL */
} this_line;

#define THIS_MAX 256

struct this_lines {
	this_line v[THIS_MAX];
	unsigned n;
};

static int take_child(void *arg, cfg_entry *e)
{
	struct this_lines *c = arg;
	if (c->n < THIS_MAX)
		c->v[c->n++] = (this_line){ cfg_order_of(e), cfg_text(e, CFG_CANDIDATE), e };
	return 0;
}

static int order_cmp(const cfg_order *a, const cfg_order *b)
{
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->sub < b->sub ? -1 : a->sub > b->sub;
}

struct sect_emit {
	cfg_db *db;
	cfg_emit_fn emit;
	void *arg;
	int depth;
};

static int emit_nested(void *varg, cfg_entry *e)
{
	struct sect_emit *w = varg;
	char pre[8];
	int d = w->depth < (int)sizeof pre - 1 ? w->depth : (int)sizeof pre - 1;

	memset(pre, ' ', (size_t)d);
	pre[d] = '\0';
	emit_line(w->emit, w->arg, pre, cfg_text(e, CFG_CANDIDATE));
	w->depth++;
	cfg_foreach_child(w->db, e, CFG_CANDIDATE, emit_nested, w);
	w->depth--;
	return 0;
}

static int any_child(void *arg, cfg_entry *e)
{
	(void)arg;
	(void)e;
	return 1;
}

/* The lines of VTYs f to l: their settings (from t; equal on every VTY
 * of a run) and the lines that the tree's section of exactly that range
 * holds besides (generated ones such as `acl 2000 inbound`), in the order
 * current-configuration gives them. */
static void emit_range(cfg_db *db, const vty_tab *t, cfg_entry *sect, unsigned f,
		       cfg_emit_fn emit, void *arg)
{
	struct this_lines c;

	c.n = 0;
	if (sect)
		cfg_foreach_child(db, sect, CFG_CANDIDATE, take_child, &c);
	for (unsigned k = 0; t && k < NSET; k++) {
		if (!t->v[f][k] || c.n == THIS_MAX ||
		    (sect && cfg_get(db, sect, settings[k].id, settings[k].len, CFG_CANDIDATE)))
			continue;
		c.v[c.n++] = (this_line){ setting_order(k), t->text[t->v[f][k] - 1], NULL };
	}
	/* insertion sort, stable: the tree's lines come in render order */
	for (unsigned i = 1; i < c.n; i++) {
		this_line x = c.v[i];
		unsigned j = i;
		for (; j > 0 && order_cmp(&c.v[j - 1].ord, &x.ord) > 0; j--)
			c.v[j] = c.v[j - 1];
		c.v[j] = x;
	}
	for (unsigned i = 0; i < c.n; i++) {
		emit_line(emit, arg, " ", c.v[i].text);
		if (c.v[i].e) {
			struct sect_emit w = { db, emit, arg, 2 };
			cfg_foreach_child(db, c.v[i].e, CFG_CANDIDATE, emit_nested, &w);
		}
	}
}

/* display this in `user-interface vty F L`: the VTY sections inside the
 * range as current-configuration shows them.  A run of equal settings that
 * reaches beyond the range is cut to it (the settings are the VTYs' own);
 * a section of the tree inside the range that holds other lines is shown
 * too. */
void vsh_ui_render_this(vsh_session *s, cfg_emit_fn emit, void *arg)
{
	unsigned first, last, f, l;
	char id[64];
	/* the ranges [f, l] to show */
	bool show[VTY_COUNT][VTY_COUNT];

	if (frame_range(s, &first, &last) != 0) {
		cfg_render_this(s->db, vsh_top(s)->sect, CFG_CANDIDATE, emit, arg);
		return;
	}
	vty_tab *t = tab_read(s->db, CFG_CANDIDATE);
	cfg_entry *root = cfg_root(s->db);
	memset(show, 0, sizeof show);
	for (unsigned from = first; t && next_run(t, &from, last, &f, &l);)
		show[f][l] = true;
	for (f = first; f <= last; f++)
		for (l = f; l <= last; l++) {
			cfg_entry *sect = cfg_get(s->db, root, id, vty_text(id, sizeof id, f, l),
						  CFG_CANDIDATE);
			if (sect && cfg_foreach_child(s->db, sect, CFG_CANDIDATE, any_child, NULL))
				show[f][l] = true;
		}
	bool any = false;
	emit(arg, "#", 1);
	for (f = first; f <= last; f++)
		for (l = f; l <= last; l++) {
			if (!show[f][l])
				continue;
			if (any)
				emit(arg, "#", 1);
			any = true;
			size_t n = vty_text(id, sizeof id, f, l);
			emit(arg, id, n);
			/* a section of the tree that is no run holds no settings */
			bool run = t != NULL;
			for (unsigned v = f + 1; run && v <= l; v++)
				run = memcmp(t->v[f], t->v[v], sizeof t->v[f]) == 0;
			emit_range(s->db, run ? t : NULL, cfg_get(s->db, root, id, n, CFG_CANDIDATE),
				   f, emit, arg);
		}
	if (!any) /* nothing set: the view's own range, empty */
		emit(arg, id, vty_text(id, sizeof id, first, last));
	emit(arg, "#", 1);
	emit(arg, "return", 6);
	tab_free(t);
}

/* ---- handlers -------------------------------------------------------- */

static int max_vty_candidate(vsh_session *s)
{
	const char *t = view_line_text(view_line_gets(s, cfg_root(s->db),
						      "user-interface maximum-vty"));
	return t ? atoi(t + strlen("user-interface maximum-vty ")) : VSH_UI_MAX_VTY_DEFAULT;
}

static int h_ui_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *f = parser_arg_get(m, "first-ui-number");
	const parser_value *l = parser_arg_get(m, "last-ui-number");
	unsigned first = (unsigned)f->u, last = l ? (unsigned)l->u : first;
	char text[64], suffix[32];
	int max = max_vty_candidate(s);
	cfg_entry *e;

	if (l && last <= first)
		return view_fail(err, errlen,
				 "Error: The last user interface number must be greater than the "
				 "first.");
	if ((int)last >= max)
		return view_fail(err, errlen,
				 "Error: The user interface numbers must be less than the maximum "
				 "number of VTY users (%d).", max);
	/* The view's anchor: an implicit section that shows only when the
	 * range happens to be a run of equal settings. */
	size_t n = vty_text(text, sizeof text, first, last);
	if (view_line_set(s, cfg_root(s->db), text, n, vty_order(first, last),
			  CFG_F_SECTION | CFG_F_IMPLICIT, &e, err, errlen) != 0)
		return -1;
	if (l)
		snprintf(suffix, sizeof suffix, "-ui-vty%u-%u", first, last);
	else
		snprintf(suffix, sizeof suffix, "-ui-vty%u", first);
	if (vsh_push(s, VIEW_UI_VTY, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The user interface view cannot be entered.");
	return 0;
}

static int h_ui_console(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_order ord = { ORD_USER_INTERFACE, 0, 0 };
	cfg_entry *e;

	(void)m;
	if (view_line_set(s, cfg_root(s->db), CONSOLE_TEXT, sizeof CONSOLE_TEXT - 1, ord,
			  CFG_F_SECTION | CFG_F_IMPLICIT, &e, err, errlen) != 0)
		return -1;
	if (vsh_push(s, VIEW_UI_CONSOLE, e, "-ui-console0") != 0)
		return view_fail(err, errlen, "Error: The user interface view cannot be entered.");
	return 0;
}

#define MAX_VTY_ID "user-interface maximum-vty"

/* A VTY at or above max that has settings: its section could not be
 * entered again (replay, rollback), so the limit may not drop below it. */
static int vty_set_from(vsh_session *s, unsigned max, char *err, size_t errlen)
{
	const char *line[VTY_COUNT][NSET];

	vty_scan(s->db, CFG_CANDIDATE, line);
	for (unsigned v = max; v < VTY_COUNT; v++)
		for (unsigned k = 0; k < NSET; k++)
			if (line[v][k])
				return view_fail(err, errlen,
						 "Error: User interface VTY %u has settings. Delete "
						 "them before lowering the maximum number of VTY users "
						 "to %u.",
						 v, max);
	return 0;
}

static int h_max_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "number");
	char text[64];
	cfg_order ord = { ORD_UI_MAX_VTY, 0, 0 };

	if (vty_set_from(s, (unsigned)v->u, err, errlen) != 0)
		return -1;
	int n = snprintf(text, sizeof text, MAX_VTY_ID " %s", v->canon);
	return view_line_set(s, cfg_root(s->db), text, sizeof MAX_VTY_ID - 1, ord, 0, NULL, err,
			     errlen) != 0 || n < 0 ? -1 : 0;
}

static int h_undo_max_vty(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	if (vty_set_from(s, VSH_UI_MAX_VTY_DEFAULT, err, errlen) != 0)
		return -1;
	view_line_del(s, cfg_root(s->db), MAX_VTY_ID, sizeof MAX_VTY_ID - 1);
	return 0;
}

static int h_auth_mode(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const char *mode = parser_kw(m, "aaa") ? "aaa" : parser_kw(m, "password") ? "password"
										    : "none";
	char line[64];

	snprintf(line, sizeof line, "%s %s", settings[SET_AUTH].id, mode);
	/* AAA logins do not use the interface's password: it goes. */
	ui_op ops[2] = { { SET_PASSWORD, NULL }, { SET_AUTH, line } };
	bool aaa = strcmp(mode, "aaa") == 0;
	return ui_apply(s, aaa ? ops : ops + 1, aaa ? 2 : 1, err, errlen);
}

static int h_undo_auth_mode(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	ui_op ops[2] = { { SET_PASSWORD, NULL }, { SET_AUTH, NULL } };

	(void)m;
	return ui_apply(s, ops, 2, err, errlen);
}

/* The device's ciphertexts of this password: 48 to 128 characters. */
#define UI_CIPHER_MIN 48

static int h_set_password(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "password");
	char hash[160], value[192];

	if (vsh_aaa_is_hash(v->str) ||
	    vsh_aaa_is_device_cipher(v->str, UI_CIPHER_MIN, sizeof hash - 1)) {
		/* A hash, or a device's ciphertext kept as written (a login
		 * cannot be checked against that: vty_login.c says so). */
		snprintf(hash, sizeof hash, "%s", v->str);
	} else {
		if (strchr(v->str, '?'))
			return view_fail(err, errlen,
					 "Error: The password cannot contain a question mark (?).");
		if (vsh_aaa_hash(v->str, hash, sizeof hash) != 0)
			return view_fail(err, errlen,
					 "Error: The password cannot be encrypted on this system.");
	}
	snprintf(value, sizeof value, "cipher %s", hash);
	return ui_set(s, SET_PASSWORD, value, err, errlen);
}

static int h_undo_set_password(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return ui_unset(s, SET_PASSWORD, err, errlen);
}

static int h_level(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return ui_set(s, SET_LEVEL, parser_arg_get(m, "level")->canon, err, errlen);
}

static int h_undo_level(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return ui_unset(s, SET_LEVEL, err, errlen);
}

static int h_idle(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *min = parser_arg_get(m, "minutes");
	const parser_value *sec = parser_arg_get(m, "seconds");
	char value[160];

	snprintf(value, sizeof value, "%s %s", min->canon, sec ? sec->canon : "0");
	return ui_set(s, SET_IDLE, value, err, errlen);
}

static int h_undo_idle(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return ui_unset(s, SET_IDLE, err, errlen);
}

static int h_screen(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	return ui_set(s, SET_SCREEN, parser_arg_get(m, "screen-length")->canon, err, errlen);
}

static int h_undo_screen(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m;
	return ui_unset(s, SET_SCREEN, err, errlen);
}

/* ---- display users --------------------------------------------------- */

/* Absolute user-interface numbers as the device counts them. */
#define ABS_CON 0
#define ABS_VTY0 34

static void users_row(vsh_session *s, bool current, int absno, const char *ui,
		      const store_online_rec *r)
{
	char delay[32] = "", type[8] = "", addr[48] = "", user[72] = "";
	const char *authen = "";

	if (r) {
		int64_t idle = (int64_t)time(NULL) - r->last_input;
		if (idle < 0)
			idle = 0;
		snprintf(delay, sizeof delay, "%02lld:%02lld:%02lld", (long long)(idle / 3600),
			 (long long)(idle / 60 % 60), (long long)(idle % 60));
		snprintf(type, sizeof type, "%s", r->kind);
		snprintf(addr, sizeof addr, "%s", r->addr);
		snprintf(user, sizeof user, "%s", r->user[0] ? r->user : "Unspecified");
		authen = "pass";
	}
	char line[256];
	int n = snprintf(line, sizeof line, "%s%-4d%-8s%-10s%-7s%-18s%-10s%-9s%s",
			 current ? "* " : "  ", absno, ui, delay, type, addr, authen,
			 r ? "yes" : "", user);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	while (len && line[len - 1] == ' ')
		len--;
	vsh_write(s, line, len);
	vsh_write(s, "\n\n", 2);
}

static int h_display_users(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	static const char rule[] =
		"--------------------------------------------------------------------------------\n";
	bool all = parser_kw(m, "all");
	store_online_rec r;
	char ui[16];

	(void)err, (void)errlen;
	vsh_printf(s, "NOTE:\n"
		      "User-Intf: The absolute number and the relative number of user interface\n"
		      "Authen: Whether the authentication passes\n"
		      "Author: Command line authorization flag\n");
	vsh_printf(s, "%s  User-Intf   Delay     Type   Network Address   Authen    Author   "
		      "Username\n%s",
		   rule, rule);
	if (!s->online) {
		/* Not in a shared table: this session only. */
		memset(&r, 0, sizeof r);
		r.login_time = r.last_input = (int64_t)time(NULL);
		snprintf(r.user, sizeof r.user, "%s", s->user);
		bool con = !s->ui_name[0] || strncmp(s->ui_name, "CON", 3) == 0;
		users_row(s, true, con ? ABS_CON : ABS_VTY0 + atoi(s->ui_name + 4),
			  s->ui_name[0] ? s->ui_name : "CON 0", &r);
		return 0;
	}
	int max = vsh_ui_max_vty(s->db);
	for (int slot = 0; slot < STORE_ONLINE_SLOTS; slot++) {
		bool con = slot == STORE_ONLINE_CON;
		int n = con ? 0 : slot - STORE_ONLINE_VTY(0);
		bool here = store_online_get(s->online, slot, &r);
		if (!here && !(all && (con || n < max)))
			continue;
		snprintf(ui, sizeof ui, "%s %d", con ? "CON" : "VTY", n);
		users_row(s, slot == s->online_slot, con ? ABS_CON : ABS_VTY0 + n, ui,
			  here ? &r : NULL);
	}
	return 0;
}

/* ---- the table ------------------------------------------------------- */

#define H_UNDO "Cancel a setting or restore its default\n"
#define UI_VIEWS VIEWS(VIEW_UI_VTY, VIEW_UI_CONSOLE)
#define H_AUTH "Set how logins through the user interface are authenticated\n" \
	       "By a local user name and password (AAA)\n" \
	       "By the user interface's password\n" \
	       "Without authentication"
#define H_LEVEL "User settings\nPrivilege settings\nSet the privilege level of the logins\n" \
		"Level: 0 visit, 1 monitor, 2 configure, 3 manage"
#define H_IDLE "Disconnect a login after a time without input\n" \
	       "Minutes (0 0: never)\n" \
	       "Seconds"
#define H_IDLE_CON "Disconnect a login after a time without input\nMinutes\nSeconds"
#define H_PASSWORD "Set a parameter\nAuthentication settings\n" \
		   "Set the user interface's login password\n" \
		   "Store the password as a one-way hash\n" \
		   "Password: 8-128 characters, or a stored hash"

const view_cmd view_cmds_ui[] = {
	{
		.pc = { .format = "user-interface vty <first-ui-number> [ <last-ui-number> ]",
			.help = "Configure user interfaces\n"
				"Virtual terminals (Telnet and SSH logins)\n"
				"First VTY number\n"
				"Last VTY number",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_ui_vty,
	},
	{
		.pc = { .format = "user-interface console <ui-number>",
			.help = "Configure user interfaces\n"
				"The console port\n"
				"Console number",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_ui_console,
	},
	{
		.pc = { .format = "user-interface maximum-vty <number>",
			.help = "Configure user interfaces\n"
				"Set how many VTY users may be logged in at once\n"
				"Number of VTY users",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_max_vty,
	},
	{
		.pc = { .format = "undo user-interface maximum-vty",
			.help = H_UNDO "Configure user interfaces\n"
				"Set how many VTY users may be logged in at once",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_max_vty,
	},
	{
		.pc = { .format = "authentication-mode { aaa | password | none }",
			.help = H_AUTH, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_auth_mode,
	},
	{
		.pc = { .format = "undo authentication-mode",
			.help = H_UNDO "Set how logins through the user interface are authenticated",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_auth_mode,
	},
	{
		.pc = { .format = "set authentication password cipher <password>",
			.help = H_PASSWORD, .params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_set_password,
	},
	{
		.pc = { .format = "undo set authentication password",
			.help = H_UNDO "Set a parameter\nAuthentication settings\n"
				"Set the user interface's login password",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_set_password,
	},
	{
		.pc = { .format = "user privilege level <level>",
			.help = H_LEVEL, .params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_level,
	},
	{
		.pc = { .format = "undo user privilege level",
			.help = H_UNDO "User settings\nPrivilege settings\n"
				"Set the privilege level of the logins",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_level,
	},
	{
		.pc = { .format = "idle-timeout <minutes> [ <seconds> ]",
			.help = H_IDLE, .params = ui_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_UI_VTY),
		.fn = h_idle,
	},
	{
		.pc = { .format = "idle-timeout <minutes> [ <seconds> ]",
			.help = H_IDLE_CON, .params = console_idle_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_UI_CONSOLE),
		.fn = h_idle,
	},
	{
		.pc = { .format = "undo idle-timeout",
			.help = H_UNDO "Disconnect a login after a time without input",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_idle,
	},
	{
		.pc = { .format = "screen-length <screen-length>",
			.help = "Set the lines per screen from the next login on\n"
				"Lines (0: no paging)",
			.params = ui_params, .level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_screen,
	},
	{
		.pc = { .format = "undo screen-length",
			.help = H_UNDO "Set the lines per screen from the next login on",
			.level = LEVEL_MANAGE },
		.views = UI_VIEWS,
		.fn = h_undo_screen,
	},
	{
		.pc = { .format = "display users [ all ]",
			.help = "Show information\n"
				"Show the user interfaces in use\n"
				"Include the user interfaces nobody is logged in to",
			.level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_users,
	},
	{ .pc = { .format = NULL } },
};
