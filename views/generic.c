/* Commands of the generated reference that have no hand-written handler.
 *
 * A configuration command is kept as a line of its view's section, in the
 * canonical spelling (keywords in full, values as the device shows them);
 * typing it again with the same identity replaces it (the row's idtoks
 * first words; the whole line when the reference does not say).  A
 * command that enters a view creates a section for it (or finds the one
 * typed before) and enters the view with the prompt of the reference's
 * examples.  `undo X` removes the lines that are X or start with X; where
 * the device shows the undo form as a line (GENF_UNDO_SHOWN: a setting on
 * by default, turned off) it is kept as "undo X" instead, until X is typed
 * again.  Display and action commands are not carried out: they say so.
 *
 * Display order is data (gen_cmd.ord_top, ord_grp, ord_sub): lines sort by
 * their command's place, then in the order they were made; top-level lines
 * of commands that share a "#" block share a class. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../shell/cmdset.h"
#include "bgp.h"
#include "edit.h"
#include "generic.h"
#include "params.h"

#define GEN_LINE_MAX 4096

const char view_unsupported_msg[] = "Info: This command is not supported by vrpsh.";

/* The device shows IPv6 addresses in capitals. */
static void upper_hex(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s);
	for (char *p = buf; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
}

static bool is_ipv6(const char *s)
{
	struct in6_addr a;
	return strchr(s, ':') && inet_pton(AF_INET6, s, &a) == 1;
}

/* The keyword `shown` (gen.h) puts before argument i of the match: an
 * optional keyword the device writes though it was not typed.  In kw
 * (kwlen bytes); NULL when there is none. */
static const char *shown_before(const char *shown, const parser_match *m, int i, char *kw,
				size_t kwlen)
{
	const parser_arg *a = &m->args.a[i];

	if (!shown || !*shown || a->keyword)
		return NULL;
	for (const char *p = shown; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		const char *lt = memchr(p, '<', n);
		if (lt && (size_t)(lt - p) < kwlen && n - (size_t)(lt - p) - 1 == strlen(a->name) &&
		    !strncmp(lt + 1, a->name, strlen(a->name))) {
			memcpy(kw, p, (size_t)(lt - p));
			kw[lt - p] = '\0';
			if (i == 0 || !m->args.a[i - 1].keyword || strcmp(m->args.a[i - 1].name, kw))
				return kw;
		}
		p += n;
	}
	return NULL;
}

/* The default value `shown` writes after keyword argument i when its
 * parameter was not typed ("process-id=1>ospf": `ospf` is `ospf 1`). */
static size_t shown_after(const char *shown, const parser_match *m, int i, const char **val)
{
	const parser_arg *a = &m->args.a[i];

	if (!shown || !*shown || !a->keyword)
		return 0;
	for (const char *p = shown; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		const char *gt = memchr(p, '>', n);
		const char *eq = gt ? memchr(p, '=', (size_t)(gt - p)) : NULL;
		if (eq && n - (size_t)(gt - p) - 1 == strlen(a->name) &&
		    !strncmp(gt + 1, a->name, strlen(a->name))) {
			char name[64];
			if ((size_t)(eq - p) >= sizeof name)
				return 0;
			memcpy(name, p, (size_t)(eq - p));
			name[eq - p] = '\0';
			if (parser_arg_get(m, name))
				return 0;
			*val = eq + 1;
			return (size_t)(gt - eq - 1);
		}
		p += n;
	}
	return 0;
}

/* Is the match the undo form of its command? */
static bool is_undo(const parser_match *m)
{
	return m->args.n > 0 && m->args.a[0].keyword && strcmp(m->args.a[0].name, "undo") == 0;
}

/* The matched line in canonical spelling, without a leading "undo"
 * (*undo says whether there was one), with the words the device writes
 * that were not typed (shown, gen.h).  Returns its length, 0 when it does
 * not fit. */
static size_t canon_line(const parser_match *m, const char *shown, char *buf, size_t buflen,
			 bool *undo)
{
	size_t len = 0, prev = 0;
	int first = 0;

	*undo = is_undo(m);
	if (*undo)
		first = 1;
	for (int i = first; i < m->args.n; i++) {
		const parser_arg *a = &m->args.a[i];
		char q[GEN_LINE_MAX];
		const char *w;
		if (a->keyword) {
			w = a->name;
		} else if (a->type && (a->type->flags & PTF_REST_OF_LINE)) {
			w = a->v.str; /* the rest of the line as typed */
		} else if (a->v.kind == PT_STRING && is_ipv6(a->v.str)) {
			/* an address-or-name value holding an IPv6 address */
			upper_hex(a->v.str, q, sizeof q);
			w = q;
		} else if (a->v.kind == PT_STRING) {
			/* strings keep their spelling (a rest-of-line value as typed) */
			if (strpbrk(a->v.str, " \t") && a->v.str[0] != '"') {
				if (view_param_quote(a->v.str, q, sizeof q) == 0)
					return 0;
				w = q;
			} else {
				w = a->v.str;
			}
		} else if (a->v.kind == PT_IPV6 || a->v.kind == PT_IPV6_PREFIX) {
			upper_hex(a->v.canon[0] ? a->v.canon : a->v.str, q, sizeof q);
			w = q;
		} else {
			w = a->v.canon[0] ? a->v.canon : a->v.str;
		}
		size_t n = strlen(w);
		char kwb[64];
		const char *before = shown_before(shown, m, i, kwb, sizeof kwb);
		if (len + n + (before ? strlen(before) + 1 : 0) + 2 > buflen)
			return 0;
		if (before) {
			if (len)
				buf[len++] = ' ';
			memcpy(buf + len, before, strlen(before));
			len += strlen(before);
		}
		/* an interface number follows its type without a blank, as the
		 * device writes names (100GE1/0/1) */
		bool glued = i > first && a->v.kind == PT_IFNUM && !m->args.a[i - 1].keyword &&
			     m->args.a[i - 1].v.kind == PT_IFTYPE;
		if (glued && n > len - prev && strncasecmp(w, buf + prev, len - prev) == 0)
			len = prev; /* the number's spelling is the whole name already */
		else if (len && !glued)
			buf[len++] = ' ';
		prev = len;
		memcpy(buf + len, w, n);
		len += n;
		const char *dv;
		size_t dl = shown_after(shown, m, i, &dv);
		if (dl && len + dl + 2 <= buflen) {
			buf[len++] = ' ';
			memcpy(buf + len, dv, dl);
			len += dl;
		}
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

/* One blank-separated token of a Format: [s, *e). */
static const char *fmt_token(const char *s, const char **e)
{
	while (*s == ' ')
		s++;
	*e = s + strcspn(s, " ");
	return s;
}

static bool fmt_is_word(const char *t, const char *e)
{
	return e > t && strchr("<[]{}|*&", *t) == NULL;
}

/* The match's keyword arg named [t, e) at or after token `from`, or NULL. */
static const parser_arg *kw_arg(const parser_match *m, const char *t, const char *e, int from)
{
	for (int i = 0; i < m->args.n; i++) {
		const parser_arg *a = &m->args.a[i];
		if (a->keyword && a->tok >= from && strlen(a->name) == (size_t)(e - t) &&
		    strncasecmp(a->name, t, (size_t)(e - t)) == 0)
			return a;
	}
	return NULL;
}

/* How many words of the line key it.  idtoks counts the words of the
 * Format's path without its optional groups.  An optional group that
 * starts with a keyword, stands before the end of the identity and is
 * followed by a keyword, and that the line took, adds its words
 * (`snmp-agent remote-engineid E usm-user v3 U authentication-mode`:
 * without them the engine's lines of one user would key alike).  Not
 * where the identity goes on into a choice (`stp [ instance N ] root
 * { primary | secondary }`): what keys those lines is another question. */
static unsigned id_words(const gen_cmd *r, const parser_match *m)
{
	unsigned mand = 0, extra = 0;
	const char *e, *t = fmt_token(gen_str + r->format, &e);

	if (!m || r->idtoks == 0)
		return r->idtoks;
	while (*t && mand < r->idtoks) {
		if (*t == '{')
			break;
		if (*t != '[') {
			mand += *t != '*' && *t != '&';   /* not the marks after a group */
			t = fmt_token(e, &e);
			continue;
		}
		/* the group: its first token, then past its closing bracket */
		const char *ge, *g = fmt_token(e, &ge);
		int depth = 1;
		const char *q = g, *qe = ge;
		while (*q && depth) {
			depth += *q == '[' || *q == '{';
			depth -= *q == ']' || *q == '}';
			if (depth)
				q = fmt_token(qe, &qe);
		}
		if (!*q)
			break;
		const char *ne, *n = fmt_token(qe, &ne);
		/* the identity's words after the group: plain ones only */
		bool plain = true;
		unsigned k = mand;
		for (const char *x = n, *xe = ne; *x && k < r->idtoks; x = fmt_token(xe, &xe), k++)
			if (*x == '[' || *x == '{')
				plain = false;
		const parser_arg *a, *b;
		if (plain && fmt_is_word(g, ge) && fmt_is_word(n, ne) &&
		    (a = kw_arg(m, g, ge, 0)) != NULL && (b = kw_arg(m, n, ne, a->tok + 1)) != NULL)
			extra += (unsigned)(b->tok - a->tok);
		t = n;
		e = ne;
	}
	return r->idtoks + extra;
}

/* ---- prompt templates ---------------------------------------------------
 *
 * A view's template (gen_view.prompt, syntax in views/gen/gen_views.c) is
 * the prompt suffix with {param} and {param|default} in it, optionally "="
 * first (the suffix replaces the parent's instead of following it) and
 * ";COND" conditions after it that decide which of several views an
 * entering command enters (basic or advanced ACL by number, say). */

static const parser_value *value_of(const parser_match *m, const char *name, size_t len)
{
	char n[128];

	if (len >= sizeof n)
		return NULL;
	memcpy(n, name, len);
	n[len] = '\0';
	return parser_arg_get(m, n);
}

/* The interface a command names, for interface conditions. */
static const parser_value *if_value(const parser_match *m)
{
	const parser_value *v = parser_arg_get(m, "interface-name");
	return v ? v : parser_arg_get(m, "interface-number");
}

/* Does s[0..len) hold value v (a number in ranges a-b,c-d, or words w|x)? */
static bool value_is(const parser_value *v, const char *s, size_t len)
{
	char buf[256];

	if (!v || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	for (char *save = NULL, *alt = strtok_r(buf, ",|", &save); alt;
	     alt = strtok_r(NULL, ",|", &save)) {
		unsigned long lo, hi;
		int used = 0;
		if (v->kind == PT_UINT && sscanf(alt, "%lu-%lu%n", &lo, &hi, &used) == 2 &&
		    alt[used] == '\0') {
			if (v->u >= lo && v->u <= hi)
				return true;
			continue;
		}
		const char *w = v->kind == PT_IFTYPE ? v->ift->name
				: (v->kind == PT_IFNUM || v->kind == PT_IFNAME) && v->ifn.ift
					? v->ifn.ift->name
					: v->canon[0] ? v->canon : v->str;
		if (strcasecmp(w, alt) == 0)
			return true;
	}
	return false;
}

static bool cond_ok(vsh_session *s, const parser_match *m, const char *c, size_t len)
{
	const parser_value *ifv = if_value(m);
	bool neg = len > 1 && c[0] == '!';

	if (neg) {
		c++;
		len--;
	}
	bool r;
	if (len > 7 && memcmp(c, "parent+", 7) == 0) {
		/* the view the command is typed in was entered with that word */
		const char *t = vsh_top(s)->sect ? cfg_text(vsh_top(s)->sect, CFG_CANDIDATE) : NULL;
		r = false;
		for (const char *p = t; p && *p; p += strcspn(p, " "), p += strspn(p, " "))
			if (strcspn(p, " ") == len - 7 && strncasecmp(p, c + 7, len - 7) == 0)
				r = true;
	} else if (c[0] == '+') {
		char kw[128];
		snprintf(kw, sizeof kw, "%.*s", (int)(len - 1), c + 1);
		r = parser_kw(m, kw);
	} else if (len == 3 && memcmp(c, "sub", 3) == 0) {
		r = ifv && ifv->ifn.ift && ifv->ifn.ift->submax && ifv->ifn.n[ifv->ifn.ift->ndims];
	} else if (len == 2 && memcmp(c, "l2", 2) == 0) {
		r = parser_kw(m, "l2");
	} else if (len == 6 && memcmp(c, "member", 6) == 0) {
		r = false;
	} else if (len > 7 && memcmp(c, "iftype=", 7) == 0) {
		r = ifv && ifv->ifn.ift && strlen(ifv->ifn.ift->name) == len - 7 &&
		    strncasecmp(ifv->ifn.ift->name, c + 7, len - 7) == 0;
	} else {
		const char *eq = memchr(c, '=', len);
		r = eq && value_is(value_of(m, c, (size_t)(eq - c)), eq + 1,
				   len - (size_t)(eq - c) - 1);
	}
	return neg ? !r : r;
}

/* Do the conditions after the template (if any) hold? */
static bool template_applies(vsh_session *s, const parser_match *m, const char *tmpl)
{
	const char *c = strchr(tmpl, ';');

	while (c) {
		const char *next = strchr(c + 1, ';');
		size_t len = next ? (size_t)(next - c - 1) : strlen(c + 1);
		if (!cond_ok(s, m, c + 1, len))
			return false;
		c = next;
	}
	return true;
}

/* The prompt suffix of a view: its template with the entering command's
 * values in it.  *whole says it replaces the parent's suffix. */
static void make_suffix(const char *tmpl, const parser_match *m, char *buf, size_t buflen,
			bool *whole)
{
	size_t len = 0;
	const char *end_t = tmpl + strcspn(tmpl, ";");

	*whole = tmpl[0] == '=';
	for (const char *p = tmpl + *whole; p < end_t && len + 1 < buflen;) {
		if (*p != '{') {
			buf[len++] = *p++;
			continue;
		}
		const char *end = memchr(p, '}', (size_t)(end_t - p));
		if (!end)
			break;
		const char *bar = memchr(p, '|', (size_t)(end - p));
		/* {a,b}: the first of them that was typed */
		const parser_value *v = NULL;
		for (const char *n = p + 1; !v && n < (bar ? bar : end);) {
			const char *comma = memchr(n, ',', (size_t)((bar ? bar : end) - n));
			const char *ne = comma ? comma : bar ? bar : end;
			v = value_of(m, n, (size_t)(ne - n));
			n = ne + 1;
		}
		const char *val = v ? (v->canon[0] ? v->canon : v->str) : bar ? bar + 1 : "";
		size_t vl = v ? strlen(val) : bar ? (size_t)(end - bar - 1) : 0;
		if (len + vl >= buflen)
			break;
		memcpy(buf + len, val, vl);
		len += vl;
		p = end + 1;
	}
	buf[len] = '\0';
}

/* The gen_views row of the view that generated row `row`, typed in the
 * current view, enters; -1 when it enters none. */
static long entered_view(vsh_session *s, const parser_match *m, uint32_t row)
{
	view_id cur = vsh_top(s)->view;
	const uint32_t *vs;
	size_t n = view_entered_by(row, &vs);

	for (size_t k = 0; k < n; k++)
		if (view_gen_parent_is(vs[k], cur) && view_of_gen_view(vs[k]) != VIEW_LIST_END &&
		    template_applies(s, m, gen_str + gen_views[vs[k]].prompt))
			return (long)vs[k];
	return -1;
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

static int undo_line(vsh_session *s, cfg_entry *sect, const char *target, size_t tlen)
{
	struct undo_walk w = { target, tlen, { NULL }, 0 };

	do {
		w.n = 0;
		cfg_foreach_child(s->db, sect, CFG_CANDIDATE, undo_visit, &w);
		for (size_t i = 0; i < w.n; i++)
			if (cfg_delete(s->db, w.hits[i]) != 0)
				return -1;
	} while (w.n == sizeof w.hits / sizeof w.hits[0]);
	return 0;
}

/* The order of a keyed family's group (GENF_KEYED): the first value of
 * the line, numbers and addresses by value (kind in the top byte, so that
 * kinds do not mix), names by their first bytes. */
static uint64_t value_key(const parser_match *m)
{
	const parser_value *v = NULL;
	uint64_t k = 0;

	for (int i = 0; i < m->args.n && !v; i++)
		if (!m->args.a[i].keyword)
			v = &m->args.a[i].v;
	if (!v)
		return 0;
	switch (v->kind) {
	case PT_UINT:
		return v->u & ((UINT64_C(1) << 56) - 1);
	case PT_IPV4:
		return UINT64_C(1) << 56 | ntohl(v->v4.s_addr);
	case PT_IPV6:
		for (int i = 0; i < 7; i++)
			k = k << 8 | v->v6.s6_addr[i];
		return UINT64_C(2) << 56 | k;
	default:
		for (size_t i = 0; i < 7; i++)
			k = k << 8 | (i < strlen(v->str) ? (unsigned char)v->str[i] : 0);
		return UINT64_C(3) << 56 | k;
	}
}

/* The value of the command's first parameter when it is a number below
 * 2^48 (the low bits of a key of a section of the top level). */
static bool first_number(const parser_match *m, uint64_t *n)
{
	for (int i = 0; i < m->args.n; i++) {
		const parser_arg *a = &m->args.a[i];
		if (a->keyword)
			continue;
		if (a->v.kind != PT_UINT || a->v.u >= CFG_KEY_SEQ_LOW)
			return false;
		*n = a->v.u;
		return true;
	}
	return false;
}

/* The order of line (of row r) in section sect.  The `peer` lines of
 * vrpsh's BGP views go with the hand-written lines of their peer
 * (bgp_order.c). */
static cfg_order line_order(vsh_session *s, cfg_entry *sect, const gen_cmd *r,
			    const parser_match *m, const char *line, bool section)
{
	cfg_order o;

	if (sect == cfg_root(s->db)) {
		/* sections of one command numbered by their first value (`vlan 10`,
		 * `ospf 2`, `acl number 3000`): in its order, as the device
		 * shows them; others in the order they were made */
		uint64_t n;
		if (section && m && first_number(m, &n))
			return (cfg_order){ r->ord_top, (uint64_t)r->ord_grp << 48 | n, 0 };
		return (cfg_order){ r->ord_top, CFG_KEY_SEQ_IN(r->ord_grp), 0 };
	}
	if ((r->flags & GENF_KEYED) && m && view_bgp_line_order(s, sect, line, r->ord_sub, &o))
		return o;
	if ((r->flags & GENF_KEYED) && m) {
		/* lines of one value and command in the order they were made
		 * (20 bits of the creation number: wraps after a million lines) */
		uint32_t made = (uint32_t)(cfg_next_seq(s->db) >> 16 & 0xfffffu);
		return (cfg_order){ r->ord_fam, value_key(m), r->ord_sub << 20 | made };
	}
	return (cfg_order){ r->ord_sub, CFG_KEY_SEQ, 0 };
}

/* `undo X` of a command whose undo form the device shows: X's lines go and
 * "undo X" takes their place. */
static int undo_shown(vsh_session *s, cfg_entry *sect, const gen_cmd *r, const parser_match *m,
		      const char *line, size_t len, char *err, size_t errlen)
{
	char text[GEN_LINE_MAX + 8];

	if (undo_line(s, sect, line, len) != 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	int n = snprintf(text, sizeof text, "undo %s", line);
	if (n < 0 || (size_t)n >= sizeof text)
		return view_fail(err, errlen, "Error: The command is too long.");
	size_t idlen = 5 + first_words(line, len, id_words(r, m));
	return view_line_set(s, sect, text, idlen, line_order(s, sect, r, m, text, false), 0, NULL,
			     err, errlen);
}

/* The line that enters gen_views row vr by itself: its first entering
 * row without parameters, its optional parts left out ("ipv4-family" of
 * "ipv4-family [ unicast ]").  0 when there is none. */
static size_t plain_entering_line(uint32_t vr, char *buf, size_t buflen)
{
	const uint32_t *l = &gen_lists[gen_views[vr].enter];

	for (uint32_t i = 1; i <= l[0]; i++) {
		const gen_cmd *e = &gen_cmds[l[i]];
		if (e->nparams || (e->flags & GENF_VIA))
			continue;
		size_t len = 0;
		int depth = 0;
		for (const char *p = gen_str + e->format; *p;) {
			size_t w = strcspn(p, " ");
			if (*p == '[')
				depth++;
			else if (*p == ']')
				depth--;
			else if (depth == 0 && strchr("{}|*&", *p) == NULL && len + w + 2 < buflen) {
				if (len)
					buf[len++] = ' ';
				memcpy(buf + len, p, w);
				len += w;
			}
			p += w;
			while (*p == ' ')
				p++;
		}
		buf[len] = '\0';
		if (len)
			return len;
	}
	return 0;
}

/* A GENF_VIA command: enter its view with the view's own entering command,
 * then run the line there (the hand-written or generated row of that view
 * takes it). */
static int run_via(vsh_session *s, long vr, const char *line, size_t len, char *err,
		   size_t errlen)
{
	char enter[128];
	int depth = s->depth;

	if (!plain_entering_line((uint32_t)vr, enter, sizeof enter) ||
	    vsh_exec(s, enter, strlen(enter), 0) != 0 || s->depth != depth + 1)
		return view_fail(err, errlen, "Error: The view cannot be entered.");
	if (vsh_exec(s, line, len, 0) != 0) {
		vsh_pop(s);
		return view_fail(err, errlen, "%s", "Error: The command cannot be run there.");
	}
	return 0;
}

/* Commands with handlers of their own among the generated rows, by their
 * page; `undo_only`: the command's other form is an ordinary one. */
static const struct {
	const char *page;
	bool undo_only;
	int (*fn)(vsh_session *s, const parser_match *m, const gen_cmd *r, bool undo, char *err,
		  size_t errlen);
} set_cmds[] = {
	{ "vlan_batch", false, view_vlan_batch },
	{ "vlan_(system_view)", true, view_vlan_batch },
	{ "port_trunk_allow-pass_vlan", false, view_port_vlans },
	{ "port_hybrid_vlan", false, view_port_vlans },
	{ "vpn-target_evpn_(VPN_instance_IPv4_address_family_view)", false, view_vpn_target_evpn },
	{ "vpn-target_evpn_(VPN_instance_IPv6_address_family_view)", false, view_vpn_target_evpn },
};

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
	for (size_t i = 0; i < sizeof set_cmds / sizeof set_cmds[0]; i++)
		if (strcmp(gen_str + r->page, set_cmds[i].page) == 0 &&
		    (!set_cmds[i].undo_only || is_undo(m)))
			return set_cmds[i].fn(s, m, r, is_undo(m), err, errlen);
	size_t len = canon_line(m, gen_str + r->shown, line, sizeof line, &undo);
	if (len == 0)
		return view_fail(err, errlen, "Error: The command is too long.");
	cfg_entry *sect = view_line_sect(s), *e = NULL;
	size_t idlen = first_words(line, len, id_words(r, m));
	if ((r->flags & GENF_AF4) && view_bgp_kind(sect) == BGPS_PROC) {
		/* An IPv4 unicast family command typed in `bgp AS`: its line is
		 * the family's.  It also takes the place of the line of the same
		 * identity that earlier versions kept in the BGP view (its undo
		 * takes that line away). */
		cfg_entry *bgp = sect;
		if (undo && undo_line(s, bgp, line, len) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
		if (!undo)
			view_line_del(s, bgp, line, idlen);
		sect = view_bgp_child(s, bgp, BGPS_AF4, NULL, 0);
		if (!sect && (!undo || (r->flags & GENF_UNDO_SHOWN)) &&
		    view_bgp_af_get(s, bgp, BGPS_AF4, &sect, err, errlen) != 0)
			return -1;
		if (!sect)
			return 0;
	}
	if (undo) {
		if (r->flags & GENF_UNDO_SHOWN)
			return undo_shown(s, sect, r, m, line, len, err, errlen);
		if (undo_line(s, sect, line, len) != 0)
			return view_fail(err, errlen, "Error: Out of memory.");
		return 0;
	}
	if (r->flags & GENF_HAS_UNDO_SHOWN) {
		/* X typed again takes the place of a kept "undo X" */
		char id[GEN_LINE_MAX + 8];
		int n = snprintf(id, sizeof id, "undo %.*s", (int)idlen, line);
		if (n > 0 && (size_t)n < sizeof id)
			view_line_del(s, sect, id, (size_t)n);
	}
	long vr = entered_view(s, m, row);
	if (vr >= 0 && (r->flags & GENF_VIA))
		return run_via(s, vr, line, len, err, errlen);
	if (vr < 0)
		return view_line_set(s, sect, line, idlen, line_order(s, sect, r, m, line, false),
				     r->flags & GENF_BLOCK ? CFG_F_SECTION : 0, NULL, err, errlen);
	/* A view: its section is keyed by the whole entering line. */
	e = view_line_get(s, sect, line, len);
	unsigned flags = CFG_F_SECTION | (r->flags & GENF_SEP_CHILDREN ? CFG_F_SEP_CHILDREN : 0) |
			 (r->flags & GENF_JOIN && sect == cfg_root(s->db) ? CFG_F_JOIN : 0);
	if (!e && view_line_set(s, sect, line, len, line_order(s, sect, r, m, line, true), flags, &e, err,
				errlen) != 0)
		return -1;
	char suffix[96];
	bool whole;
	make_suffix(gen_str + gen_views[vr].prompt, m, suffix, sizeof suffix, &whole);
	if (vsh_push_as(s, view_of_gen_view((uint32_t)vr), e, suffix, whole) != 0)
		return view_fail(err, errlen, "Error: The view cannot be entered.");
	return 0;
}
