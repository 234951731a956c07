/* Commands of the generated reference that have no hand-written handler.
 *
 * A configuration command is kept as a line of its view's section, in the
 * canonical spelling (keywords in full, values as the device shows them);
 * typing it again with the same identity replaces it (the row's idtoks
 * first words; the whole line when the reference does not say).  A
 * command that enters a view creates a section for it (or finds the one
 * typed before) and enters the view with the prompt of the reference's
 * examples.  `undo X` removes the lines that are X or start with X.
 * Display and action commands are not carried out: they say so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/cmdset.h"
#include "edit.h"
#include "generic.h"
#include "order.h"
#include "params.h"

#define GEN_LINE_MAX 4096
/* Lines of generated commands come after a section's hand-written lines. */
#define GEN_ORDER_CLASS 1000u

const char view_unsupported_msg[] = "Info: This command is not supported by vrpsh.";

/* The matched line in canonical spelling, without a leading "undo"
 * (*undo says whether there was one).  Returns its length, 0 when it does
 * not fit. */
static size_t canon_line(const parser_match *m, char *buf, size_t buflen, bool *undo)
{
	size_t len = 0;
	int first = 0;

	*undo = m->args.n > 0 && m->args.a[0].keyword && strcmp(m->args.a[0].name, "undo") == 0;
	if (*undo)
		first = 1;
	for (int i = first; i < m->args.n; i++) {
		const parser_arg *a = &m->args.a[i];
		char q[GEN_LINE_MAX];
		const char *w;
		if (a->keyword) {
			w = a->name;
		} else if (a->v.kind == PT_STRING) {
			/* strings keep their spelling (a rest-of-line value as typed) */
			if (strpbrk(a->v.str, " \t") && a->v.str[0] != '"') {
				if (view_param_quote(a->v.str, q, sizeof q) == 0)
					return 0;
				w = q;
			} else {
				w = a->v.str;
			}
		} else {
			w = a->v.canon[0] ? a->v.canon : a->v.str;
		}
		size_t n = strlen(w);
		if (len + n + 2 > buflen)
			return 0;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, w, n);
		len += n;
	}
	buf[len] = '\0';
	return len;
}

/* Length of the first `words` words of a line (the whole line when it has
 * fewer, or when words is 0). */
static size_t first_words(const char *s, size_t len, unsigned words)
{
	size_t i = 0;
	bool inq = false;

	if (words == 0)
		return len;
	for (; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (s[i] == ' ' && !inq && --words == 0)
			return i;
	}
	return len;
}

/* The prompt suffix of a generated view: its template with the entering
 * command's values in it. */
static void make_suffix(const char *tmpl, const parser_match *m, char *buf, size_t buflen)
{
	size_t len = 0;

	for (const char *p = tmpl; *p && len + 1 < buflen;) {
		if (*p != '{') {
			buf[len++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			break;
		char name[128] = "", dflt[128] = "";
		const char *bar = memchr(p, '|', (size_t)(end - p));
		size_t nl = (size_t)((bar ? bar : end) - p - 1);
		if (nl < sizeof name)
			memcpy(name, p + 1, nl), name[nl] = '\0';
		if (bar && (size_t)(end - bar - 1) < sizeof dflt)
			memcpy(dflt, bar + 1, (size_t)(end - bar - 1)), dflt[end - bar - 1] = '\0';
		const parser_value *v = parser_arg_get(m, name);
		const char *val = v ? (v->canon[0] ? v->canon : v->str) : dflt;
		size_t vl = strlen(val);
		if (len + vl >= buflen)
			break;
		memcpy(buf + len, val, vl);
		len += vl;
		p = end + 1;
	}
	buf[len] = '\0';
}

struct undo_walk {
	const char *target;
	size_t tlen;
	cfg_entry *hits[64];
	size_t n;
};

static int undo_visit(void *arg, cfg_entry *e)
{
	struct undo_walk *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	if (t && strncmp(t, w->target, w->tlen) == 0 && (t[w->tlen] == '\0' || t[w->tlen] == ' ') &&
	    w->n < sizeof w->hits / sizeof w->hits[0])
		w->hits[w->n++] = e;
	return 0;
}

static int undo_line(vsh_session *s, const char *target, size_t tlen)
{
	struct undo_walk w = { target, tlen, { NULL }, 0 };
	cfg_entry *sect = view_line_sect(s);

	do {
		w.n = 0;
		cfg_foreach_child(s->db, sect, CFG_CANDIDATE, undo_visit, &w);
		for (size_t i = 0; i < w.n; i++)
			if (cfg_delete(s->db, w.hits[i]) != 0)
				return -1;
	} while (w.n == sizeof w.hits / sizeof w.hits[0]);
	return 0;
}

int view_generic(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	uint32_t row;
	const gen_cmd *r = cmdset_gen_row(m, &row);
	char line[GEN_LINE_MAX];
	bool undo;

	if (!r)
		return view_fail(err, errlen, "Error: The command cannot be run.");
	if (r->kind != GEN_CONFIG) {
		vsh_printf(s, "%s\n", view_unsupported_msg);
		return 0;
	}
	size_t len = canon_line(m, line, sizeof line, &undo);
	if (len == 0)
		return view_fail(err, errlen, "Error: The command is too long.");
	if (undo) {
		if (undo_line(s, line, len) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
		return 0;
	}
	cfg_entry *sect = view_line_sect(s), *e = NULL;
	long vr = -1;
	uint16_t enters = view_entered_by(row, vsh_top(s)->view, &vr);
	if (enters == VIEW_LIST_END) {
		size_t idlen = first_words(line, len, r->idtoks);
		return view_line_created(s, sect, line, idlen, GEN_ORDER_CLASS, 0, 0, NULL, err,
					 errlen);
	}
	/* A view: its section is keyed by the whole entering line. */
	e = view_line_get(s, sect, line, len);
	if (!e && view_line_created(s, sect, line, len,
				    sect == cfg_root(s->db) ? ORD_GENERIC : GEN_ORDER_CLASS, 0,
				    CFG_F_SECTION, &e, err, errlen) != 0)
		return -1;
	char suffix[96];
	make_suffix(vr >= 0 ? gen_str + gen_views[vr].prompt : "", m, suffix, sizeof suffix);
	if (vsh_push(s, enters, e, suffix) != 0)
		return view_fail(err, errlen, "Error: The view cannot be entered.");
	return 0;
}
