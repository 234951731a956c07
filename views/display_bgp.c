/* The BGP peer and group displays:
 *   display bgp peer                              BGP view, IPv4 peers
 *   display bgp ipv6 peer                         BGP view, IPv6 peers
 *   display bgp [ instance N ] vpnv4 all peer     IPv4 peers of the VPN instances
 *   display bgp [ instance N ] vpnv4 vpn-instance V peer
 *   display bgp [ instance N ] vpnv6 all peer     IPv6 peers of the VPN instances
 *   display bgp [ instance N ] vpnv6 vpn-instance V peer
 *   display bgp [ instance N ] vpnv6 vpn-instance V group [ G ]
 * The peers are those of the running configuration (a VPN instance's are
 * those of `vpn-instance V` and of its address family of that version),
 * with the session state vrp-sockd reports (Idle when it does not
 * answer).  The daemon opens TCP sessions only, so the message counters
 * are 0 and a session whose TCP connection is up shows as Established.
 * Each table has the layout of its own page. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_backend.h"
#include "edit.h"
#include "display_bgp.h"
#include "models.h"
#include "params.h"
#include "../shell/output.h"

static const parser_param disp_params[] = {
	{ "bgpName", &view_pt_bgp_inst_name, NULL },
	{ "instance-name", &view_pt_bgp_inst_name, NULL },
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ "group-name", &view_pt_group_name, NULL },
	{ NULL, NULL, NULL },
};

/* ---- row layouts ----------------------------------------------------------- */

void view_bgp_up_down(uint32_t secs, char *buf, size_t len)
{
	uint32_t h = secs / 3600, m = secs / 60 % 60;
	if (h < 24)
		snprintf(buf, len, "%02u:%02u:%02u", h, m, secs % 60);
	else if (h <= 9999)
		snprintf(buf, len, "%04uh%02um", h, m);
	else
		snprintf(buf, len, "****h%02um", m);
}

/* Append to buf (len bytes, *n used) without overrunning it. */
static void app(char *buf, size_t len, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void app(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;

	if (*n + 1 >= len)
		return;
	va_start(ap, fmt);
	int k = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (k > 0)
		*n += (size_t)k < len - *n ? (size_t)k : len - *n - 1;
}

/* A column of `width`, left- or right-aligned, with at least one blank
 * between it and its neighbour when the text fills it. */
static int width_of(const char *text, int width)
{
	int l = (int)strlen(text);
	return l >= width ? l + 1 : width;
}

size_t view_bgp_table_row(enum bgp_table_layout lay, const bgp_table_row *r, char *buf,
			  size_t len)
{
	static const struct {
		const char *lead;
		int peer_w, as_w, pref_w;
	} lays[] = {
		[BGPT_PEER] = { "  ", 15, 6, 8 },
		[BGPT_IPV6] = { "", 18, 6, 8 },
		[BGPT_VPNV4_ALL] = { "  ", 33, 12, 9 },
		[BGPT_VPNV4_VPN] = { "  ", 12, 6, 8 },
	};
	char ud[16], num[3][16];
	size_t n = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	view_bgp_up_down(r->secs, ud, sizeof ud);
	if (lay == BGPT_VPNV6) {
		/* AS and MsgRcvd share 12 columns, at least two blanks apart. */
		int w = 12 - (int)strlen(r->as);
		app(buf, len, &n, "  %-17s 4   %s%*u%9u%6u   %-8s%16s%5u", r->peer, r->as,
		    w < 2 ? 2 : w, r->rcvd, r->sent, r->outq, ud, r->state, r->pref);
		return n;
	}
	snprintf(num[0], sizeof num[0], "%u", r->rcvd);
	snprintf(num[1], sizeof num[1], "%u", r->sent);
	snprintf(num[2], sizeof num[2], "%u", r->outq);
	app(buf, len, &n, "%s%-*s4", lays[lay].lead, width_of(r->peer, lays[lay].peer_w), r->peer);
	app(buf, len, &n, "%*s", width_of(r->as, lays[lay].as_w), r->as);
	app(buf, len, &n, "%*s%*s%*s", width_of(num[0], 9), num[0], width_of(num[1], 9), num[1],
	    width_of(num[2], 6), num[2]);
	app(buf, len, &n, " %8s%*s%*u", ud, width_of(r->state, 12), r->state, lays[lay].pref_w,
	    r->pref);
	return n;
}

/* ---- the daemon's view -------------------------------------------------- */

struct state {
	char *inst; /* "" = public */
	char *vpn;  /* "" = public */
	struct in6_addr addr;
	uint8_t st;
	uint32_t secs;
};

struct states {
	struct state *v;
	size_t n, cap;
	bool oom;
};

static int state_rec(void *arg, const vrpsock_op *rec)
{
	struct states *ss = arg;

	if (rec->type != VRPSOCK_MSG_PEER)
		return 0;
	if (ss->n == ss->cap) {
		size_t nc = ss->cap ? 2 * ss->cap : 64;
		struct state *nv = realloc(ss->v, nc * sizeof *nv);
		if (!nv) {
			ss->oom = true;
			return 1;
		}
		ss->v = nv;
		ss->cap = nc;
	}
	struct state *s = &ss->v[ss->n];
	bool has_vpn = rec->have & VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE);
	s->inst = strdup(rec->inst ? rec->inst : "");
	s->vpn = strdup(has_vpn ? rec->vpn : "");
	if (!s->inst || !s->vpn) {
		free(s->inst);
		free(s->vpn);
		ss->oom = true;
		return 1;
	}
	s->addr = rec->peer;
	s->st = rec->state;
	s->secs = rec->state_secs;
	ss->n++;
	return 0;
}

static int cmp_state(const void *a, const void *b)
{
	const struct state *x = a, *y = b;
	int c = strcmp(x->inst, y->inst);
	if (!c)
		c = strcmp(x->vpn, y->vpn);
	return c ? c : memcmp(&x->addr, &y->addr, 16);
}

static void states_load(vsh_session *s, const char *inst, struct states *ss)
{
	char err[256];
	nlb_client *c = bgp_backend_client(s);

	memset(ss, 0, sizeof *ss);
	if (c)
		nlb_dump(c, inst, NULL, state_rec, ss, err, sizeof err);
	if (ss->n)
		qsort(ss->v, ss->n, sizeof *ss->v, cmp_state);
}

static void states_free(struct states *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].inst);
		free(ss->v[i].vpn);
	}
	free(ss->v);
}

static const struct state *state_of(const struct states *ss, const char *inst, const char *vpn,
				    const struct in6_addr *a)
{
	struct state key = { (char *)inst, (char *)vpn, *a, 0, 0 };
	return ss->n ? bsearch(&key, ss->v, ss->n, sizeof *ss->v, cmp_state) : NULL;
}

/* ---- the BGP process ---------------------------------------------------- */

struct process {
	const char *inst;    /* "" = public */
	char as[80];
	char rid[80];
	bool found;
};

struct find_proc {
	vsh_session *s;
	struct process *p;
	lex_line *lex;
	parser_match *m;
};

static int proc_visit(void *arg, cfg_entry *e)
{
	struct find_proc *f = arg;
	const char *t = cfg_text(e, CFG_RUNNING);

	if (!t || strncmp(t, "bgp ", 4) != 0)
		return 0;
	if (lex_split(t, strlen(t), f->lex, NULL) != LEX_OK ||
	    view_set_match(f->s->vs, VIEW_SYSTEM, f->lex, LEVEL_MANAGE, f->m) !=
		    PM_OK)
		return 0;
	const parser_value *as = parser_arg_get(f->m, "as-number");
	const parser_value *in = parser_arg_get(f->m, "instance-name");
	if (!as || strcmp(in ? in->str : "", f->p->inst) != 0)
		return 0;
	snprintf(f->p->as, sizeof f->p->as, "%s", as->canon);
	/* A multi-instance has no router-id of its own: the BGP view's. */
	cfg_entry *rid = cfg_get(f->s->db, cfg_get(f->s->db, cfg_root(f->s->db), "bgp", 3,
						   CFG_RUNNING),
				 "router-id", 9, CFG_RUNNING);
	const char *rt = rid ? cfg_text(rid, CFG_RUNNING) : NULL;
	snprintf(f->p->rid, sizeof f->p->rid, "%s", rt && strlen(rt) > 10 ? rt + 10 : "0.0.0.0");
	f->p->found = true;
	return 1;
}

static bool find_process(vsh_session *s, const char *inst, struct process *p)
{
	memset(p, 0, sizeof *p);
	p->inst = inst;
	struct find_proc f = { s, p, malloc(sizeof(lex_line)), malloc(sizeof(parser_match)) };
	if (f.lex && f.m)
		cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, proc_visit, &f);
	free(f.lex);
	free(f.m);
	return p->found;
}

/* ---- peers ---------------------------------------------------------------- */

struct prow {
	char vpn[VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1]; /* "" = public */
	uint8_t fam;
	struct in6_addr addr;
	uint32_t as;
	char group[VRPSOCK_BYTES(VRPSOCK_GROUP_CHARS) + 1];
};

/* Which peers a table shows. */
struct prows {
	const char *inst;
	bool public_net;    /* the public network's, else the VPN instances' */
	const char *vpn;    /* one VPN instance; NULL = every one */
	bool v4;            /* IPv4 peers, else IPv6 */
	struct prow *v;
	size_t n, cap;
	bool oom;
};

static bool is_v4(const struct in6_addr *a)
{
	return IN6_IS_ADDR_V4MAPPED(a);
}

static int peer_rec(void *arg, const vrpsock_op *op)
{
	struct prows *pr = arg;
	const char *inst = op->inst ? op->inst : "";
	const char *vpn = (op->have & VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE)) ? op->vpn : "";

	if (op->type != VRPSOCK_MSG_PEER_SET || strcmp(inst, pr->inst) != 0 ||
	    is_v4(&op->peer) != pr->v4 || (pr->public_net != !*vpn) ||
	    (pr->vpn && strcmp(vpn, pr->vpn) != 0))
		return 0;
	if (pr->n == pr->cap) {
		size_t nc = pr->cap ? 2 * pr->cap : 64;
		struct prow *nv = realloc(pr->v, nc * sizeof *nv);
		if (!nv) {
			pr->oom = true;
			return 1;
		}
		pr->v = nv;
		pr->cap = nc;
	}
	struct prow *r = &pr->v[pr->n++];
	snprintf(r->vpn, sizeof r->vpn, "%s", vpn);
	r->fam = (op->have & VRPSOCK_HAVE(VRPSOCK_A_FAMILY)) ? op->family : 0;
	r->addr = op->peer;
	r->as = op->as;
	snprintf(r->group, sizeof r->group, "%s", op->group ? op->group : "");
	return 0;
}

/* Peers by VPN instance, then address (numeric). */
static int cmp_prow(const void *a, const void *b)
{
	const struct prow *x = a, *y = b;
	int c = strcmp(x->vpn, y->vpn);
	return c ? c : memcmp(&x->addr, &y->addr, 16);
}

static int load_peers(vsh_session *s, struct prows *pr, char *err, size_t errlen)
{
	if (bgp_backend_collect(s->db, s->vs, CFG_RUNNING, peer_rec, pr) < 0 || pr->oom) {
		free(pr->v);
		pr->v = NULL;
		return view_fail(err, errlen, "Error: Out of memory.");
	}
	if (pr->n)
		qsort(pr->v, pr->n, sizeof *pr->v, cmp_prow);
	return 0;
}

static void addr_text(const struct in6_addr *a, char *buf, size_t len)
{
	if (is_v4(a))
		inet_ntop(AF_INET, a->s6_addr + 12, buf, (socklen_t)len);
	else
		view_param_ipv6(a, buf, len);
}

static void put_row(vsh_out *o, enum bgp_table_layout lay, const struct prow *p,
		    const struct state *st)
{
	char a[INET6_ADDRSTRLEN], as[16], line[200];
	addr_text(&p->addr, a, sizeof a);
	snprintf(as, sizeof as, "%u", (unsigned)p->as);
	bgp_table_row r = { a, as, 0, 0, 0, st ? st->secs : 0,
			    vrpsock_state_name(st ? st->st : VRPSOCK_ST_IDLE), 0 };
	size_t n = view_bgp_table_row(lay, &r, line, sizeof line);
	vsh_out_line(o, line, n);
}

static size_t established(const struct prows *pr, const struct states *ss)
{
	size_t up = 0;
	for (size_t i = 0; i < pr->n; i++) {
		const struct state *st = state_of(ss, pr->inst, pr->v[i].vpn, &pr->v[i].addr);
		up += st && st->st == VRPSOCK_ST_ESTABLISHED;
	}
	return up;
}

static const char *opt_inst(const parser_match *m)
{
	const parser_value *v = parser_arg_get(m, "bgpName");
	if (!v)
		v = parser_arg_get(m, "instance-name");
	return v ? v->str : "";
}

/* A table: the peers of pr with the states of the daemon. */
struct table {
	vsh_session *s;
	vsh_out *o;
	struct process proc;
	struct prows pr;
	struct states ss;
};

static int table_open(vsh_session *s, const parser_match *m, struct table *t, bool public_net,
		      bool v4, char *err, size_t errlen)
{
	const parser_value *vv = parser_arg_get(m, "vpn-instance-name");

	memset(t, 0, sizeof *t);
	t->s = s;
	t->pr.inst = opt_inst(m);
	t->pr.public_net = public_net;
	t->pr.vpn = vv ? vv->str : NULL;
	t->pr.v4 = v4;
	if (!find_process(s, t->pr.inst, &t->proc))
		return 1; /* no such BGP process: nothing to show */
	if (load_peers(s, &t->pr, err, errlen) != 0)
		return -1;
	if (!(t->o = vsh_out_new(s, m, err, errlen))) {
		free(t->pr.v);
		return -1;
	}
	states_load(s, t->pr.inst, &t->ss);
	return 0;
}

static void table_close(struct table *t)
{
	vsh_out_free(t->o);
	states_free(&t->ss);
	free(t->pr.v);
}

static const struct state *row_state(const struct table *t, size_t i)
{
	return state_of(&t->ss, t->pr.inst, t->pr.v[i].vpn, &t->pr.v[i].addr);
}

/* `Status codes` and the counts one to a line (display bgp peer, display
 * bgp vpnv4 vpn-instance V peer).  The pages print "Status codes" in the
 * first column; devices indent it like the lines below it (captures that
 * TextFSM templates are tested with), and so does vrpsh. */
static void counts_by_line(struct table *t)
{
	vsh_out_printf(t->o, " Status codes: * - Dynamic\n");
	vsh_out_printf(t->o, " BGP local router ID : %s\n", t->proc.rid);
	vsh_out_printf(t->o, " Local AS number : %s\n", t->proc.as);
	vsh_out_printf(t->o, " Total number of peers : %-18zu\n", t->pr.n);
	vsh_out_printf(t->o, " Peers in established state : %zu\n", established(&t->pr, &t->ss));
	vsh_out_printf(t->o, " Total number of dynamic peers : 0\n");
}

/* The counts on one line: "Total number of peers : N", padded to
 * `width`, then "Peers in established state : M". */
static void counts_line(struct table *t, const char *lead, int width)
{
	char left[64];
	snprintf(left, sizeof left, "%sTotal number of peers : %zu", lead, t->pr.n);
	vsh_out_printf(t->o, "%-*sPeers in established state : %zu\n", width, left,
		       established(&t->pr, &t->ss));
}

/* display bgp peer */
static int h_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct table t;
	int rc = table_open(s, m, &t, true, true, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	vsh_out_line(t.o, "", 0);
	counts_by_line(&t);
	vsh_out_line(t.o, "", 0);
	vsh_out_printf(t.o, "  Peer          V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       "
			    "State PrefRcv\n");
	for (size_t i = 0; i < t.pr.n; i++)
		put_row(t.o, BGPT_PEER, &t.pr.v[i], row_state(&t, i));
	vsh_out_line(t.o, "", 0);
	table_close(&t);
	return 0;
}

/* display bgp ipv6 peer */
static int h_ipv6_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct table t;
	int rc = table_open(s, m, &t, true, false, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	vsh_out_line(t.o, "", 0);
	vsh_out_printf(t.o, "BGP Local router ID : %s\n", t.proc.rid);
	vsh_out_printf(t.o, "local AS number : %s\n", t.proc.as);
	counts_line(&t, "", 42);
	vsh_out_line(t.o, "", 0);
	vsh_out_printf(t.o, "Peer              V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       "
			    "State PrefRcv\n");
	for (size_t i = 0; i < t.pr.n; i++)
		put_row(t.o, BGPT_IPV6, &t.pr.v[i], row_state(&t, i));
	vsh_out_line(t.o, "", 0);
	table_close(&t);
	return 0;
}

#define VPNV4_HEADER "  Peer                             V          AS  MsgRcvd  MsgSent  OutQ  " \
		     "Up/Down       State  PrefRcv\n"

/* display bgp [ instance N ] vpnv4 all peer */
static int h_vpnv4_all(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct table t;
	int rc = table_open(s, m, &t, false, true, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	vsh_out_line(t.o, " ", 1);
	vsh_out_printf(t.o, " BGP local router ID : %s\n", t.proc.rid);
	vsh_out_printf(t.o, " Local AS number : %s\n", t.proc.as);
	counts_line(&t, " ", 43);
	if (t.pr.n) {
		vsh_out_printf(t.o, "\n\n  Peer of IPv4-family for vpn instance :\n");
		for (size_t i = 0; i < t.pr.n; i++) {
			if (i == 0 || strcmp(t.pr.v[i].vpn, t.pr.v[i - 1].vpn) != 0) {
				vsh_out_printf(t.o, "\n  VPN-Instance %s, Router ID %s:\n",
					       t.pr.v[i].vpn, t.proc.rid);
				vsh_out_printf(t.o, VPNV4_HEADER);
			}
			put_row(t.o, BGPT_VPNV4_ALL, &t.pr.v[i], row_state(&t, i));
		}
	}
	vsh_out_line(t.o, "", 0);
	table_close(&t);
	return 0;
}

/* display bgp [ instance N ] vpnv4 vpn-instance V peer */
static int h_vpnv4_vpn(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct table t;
	int rc = table_open(s, m, &t, false, true, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	counts_by_line(&t);
	vsh_out_printf(t.o, "Peer        V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State "
			    "PrefRcv\n\n");
	for (size_t i = 0; i < t.pr.n; i++)
		put_row(t.o, BGPT_VPNV4_VPN, &t.pr.v[i], row_state(&t, i));
	vsh_out_line(t.o, "", 0);
	table_close(&t);
	return 0;
}

/* display bgp [ instance N ] vpnv6 { all | vpn-instance V } peer */
static int h_vpnv6_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct table t;
	int rc = table_open(s, m, &t, false, false, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	vsh_out_printf(t.o, "BGP local router ID : %s\n", t.proc.rid);
	vsh_out_printf(t.o, " Local AS number : %s\n", t.proc.as);
	counts_line(&t, " ", 43);
	if (t.pr.n) {
		vsh_out_printf(t.o, "\n  Peer              V    AS  MsgRcvd  MsgSent  OutQ  Up/Down"
				    "       State PrefRcv\n\n");
		vsh_out_printf(t.o, "  Peer of IPv6-family for vpn instance :\n");
		for (size_t i = 0; i < t.pr.n; i++) {
			if (i == 0 || strcmp(t.pr.v[i].vpn, t.pr.v[i - 1].vpn) != 0)
				vsh_out_printf(t.o, "\n  VPN-Instance %s :\n", t.pr.v[i].vpn);
			put_row(t.o, BGPT_VPNV6, &t.pr.v[i], row_state(&t, i));
		}
	}
	vsh_out_line(t.o, "", 0);
	table_close(&t);
	return 0;
}

/* ---- groups ----------------------------------------------------------------- */

struct gshow {
	struct table t;
	const char *name;
	bool any;
};

static int group_show(void *arg, const bgp_backend_group *bg)
{
	struct gshow *g = arg;
	vsh_out *o = g->t.o;

	/* The VPN instance's groups: those of its IPv6 family and those of
	 * `vpn-instance V`. */
	if (strcmp(bg->inst, g->t.pr.inst) != 0 || strcmp(bg->vpn, g->t.pr.vpn) != 0 ||
	    bg->fam == VRPSOCK_FAM_IPV4 || (g->name && strcmp(bg->name, g->name) != 0))
		return 0;
	g->any = true;
	vsh_out_printf(o, "BGP peer-group      : %s\n", bg->name);
	if (bg->as)
		vsh_out_printf(o, " Remote AS %u\n", (unsigned)bg->as);
	vsh_out_printf(o, " Type               : %s\n", bg->internal ? "internal" : "external");
	for (int pass = 0; pass < 2; pass++) {
		vsh_out_printf(o, pass == 0 ? " PeerSession Members:\n" : " \n Peer Members:\n");
		for (size_t i = 0; i < g->t.pr.n; i++) {
			const struct prow *r = &g->t.pr.v[i];
			if (r->fam != bg->fam || strcmp(r->group, bg->name) != 0)
				continue;
			const struct state *st = row_state(&g->t, i);
			if (pass == 0 && !(st && st->st == VRPSOCK_ST_ESTABLISHED))
				continue;
			char a[INET6_ADDRSTRLEN];
			addr_text(&r->addr, a, sizeof a);
			vsh_out_printf(o, "   %s\n", a);
		}
	}
	vsh_out_line(o, "", 0);
	return 0;
}

static int h_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *gv = parser_arg_get(m, "group-name");
	struct gshow g;
	int rc = table_open(s, m, &g.t, false, false, err, errlen);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	g.name = gv ? gv->str : NULL;
	g.any = false;
	bgp_backend_groups(s->db, s->vs, CFG_RUNNING, group_show, &g);
	table_close(&g.t);
	if (g.name && !g.any)
		return view_fail(err, errlen, "Error: The peer group %s does not exist.", g.name);
	return 0;
}

/* ---- the table ----------------------------------------------------------------- */

#define H_SHOW "Show information\nBGP information\n"
#define H_INSTN "Name a BGP instance\nBGP instance name\n"
#define H_PEERS "Peers and their sessions"
#define H_V4 "VPNv4 information\n"
#define H_V6 "VPNv6 information\n"
#define H_VPN "One VPN instance\nVPN instance name\n"

#define DROW(fmt, hlp, models_, handler)                                             \
	{ .pc = { .format = fmt, .help = hlp, .params = disp_params,                  \
		  .level = LEVEL_MONITOR, .flags = PARSER_CMD_PIPE },                  \
	  .views = VIEWS(VIEW_ANY), .models = models_, .fn = handler }

const view_cmd view_cmds_display_bgp[] = {
	DROW("display bgp peer", H_SHOW H_PEERS, NULL, h_peer),
	DROW("display bgp ipv6 peer", H_SHOW "IPv6 unicast information\n" H_PEERS,
	     MODELS_IPV6_VPN, h_ipv6_peer),
	DROW("display bgp vpnv4 all peer", H_SHOW H_V4 "Every VPN instance\n" H_PEERS, NULL,
	     h_vpnv4_all),
	DROW("display bgp instance <instance-name> vpnv4 all peer",
	     H_SHOW H_INSTN H_V4 "Every VPN instance\n" H_PEERS, NULL, h_vpnv4_all),
	DROW("display bgp vpnv4 vpn-instance <vpn-instance-name> peer", H_SHOW H_V4 H_VPN H_PEERS,
	     NULL, h_vpnv4_vpn),
	DROW("display bgp instance <instance-name> vpnv4 vpn-instance <vpn-instance-name> peer",
	     H_SHOW H_INSTN H_V4 H_VPN H_PEERS, NULL, h_vpnv4_vpn),
	DROW("display bgp [ instance <bgpName> ] vpnv6 all peer",
	     H_SHOW H_INSTN H_V6 "Every VPN instance\n" H_PEERS, MODELS_IPV6_VPN, h_vpnv6_peer),
	DROW("display bgp [ instance <bgpName> ] vpnv6 vpn-instance <vpn-instance-name> peer",
	     H_SHOW H_INSTN H_V6 H_VPN H_PEERS, MODELS_IPV6_VPN, h_vpnv6_peer),
	DROW("display bgp [ instance <bgpName> ] vpnv6 vpn-instance <vpn-instance-name> group "
	     "[ <group-name> ]",
	     H_SHOW H_INSTN H_V6 H_VPN "Peer groups\nPeer group name", MODELS_IPV6_VPN, h_group),
	{ .pc = { .format = NULL } },
};
