/* display bgp [ instance NAME ] vpnv6 { all | vpn-instance V } peer and
 * display bgp [ instance NAME ] vpnv6 vpn-instance V group [ G ]: the
 * peers and groups of the running configuration, with the session state
 * vrp-sockd reports (Idle when it does not answer).  The daemon opens TCP
 * sessions only, so the message counters are 0 and a session whose TCP
 * connection is up shows as Established. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_backend.h"
#include "models.h"
#include "params.h"

static const parser_param disp_params[] = {
	{ "bgpName", &view_pt_bgp_inst_name, NULL },
	{ "vpn-instance-name", &view_pt_vpn_name, view_dyn_vpn_instances },
	{ "group-name", &view_pt_group_name, NULL },
	{ NULL, NULL, NULL },
};

/* ---- the daemon's view -------------------------------------------------- */

struct state {
	char *inst; /* "" = public */
	char *vpn;
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
	s->inst = strdup(rec->inst ? rec->inst : "");
	s->vpn = strdup(rec->vpn);
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

static void states_load(vsh_session *s, const char *inst, const char *vpn, struct states *ss)
{
	char err[256];
	nlb_client *c = bgp_backend_client(s);

	memset(ss, 0, sizeof *ss);
	if (c)
		nlb_dump(c, inst, vpn, state_rec, ss, err, sizeof err);
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
	cfg_entry *rid = cfg_get(f->s->db, e, "router-id", 9, CFG_RUNNING);
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
	char vpn[VRPSOCK_BYTES(VRPSOCK_VPN_CHARS) + 1];
	struct in6_addr addr;
	uint32_t as;
};

struct prows {
	const char *inst;
	const char *vpn;    /* NULL = every VPN instance */
	struct prow *v;
	size_t n, cap;
	bool oom;
};

static int peer_rec(void *arg, const vrpsock_op *op)
{
	struct prows *pr = arg;
	const char *inst = op->inst ? op->inst : "";

	if (op->type != VRPSOCK_MSG_PEER_SET || strcmp(inst, pr->inst) != 0 ||
	    (pr->vpn && strcmp(op->vpn, pr->vpn) != 0))
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
	snprintf(r->vpn, sizeof r->vpn, "%s", op->vpn);
	r->addr = op->peer;
	r->as = op->as;
	return 0;
}

/* Up/Down: hh:mm:ss below a day, then hhhhhmm ("****h" past 9999 hours). */
static void up_down(uint32_t secs, char *buf, size_t len)
{
	uint32_t h = secs / 3600, m = secs / 60 % 60;
	if (h < 24)
		snprintf(buf, len, "%02u:%02u:%02u", h, m, secs % 60);
	else if (h <= 9999)
		snprintf(buf, len, "%04uh%02um", h, m);
	else
		snprintf(buf, len, "****h%02um", m);
}

static void peer_row(vsh_session *s, const struct prow *r, const struct state *st)
{
	char a[INET6_ADDRSTRLEN], as[16], ud[16], line[160];

	view_param_ipv6(&r->addr, a, sizeof a);
	snprintf(as, sizeof as, "%u", (unsigned)r->as);
	up_down(st ? st->secs : 0, ud, sizeof ud);
	/* Columns as the device prints them: the peer in 18 (at least one
	 * blank after it), V, then AS and MsgRcvd sharing 12 (at least one
	 * blank between them). */
	int n = snprintf(line, sizeof line, "  %-17s 4   %s", a, as);
	int w = 12 - (int)strlen(as);
	snprintf(line + n, sizeof line - (size_t)n, "%*u%9u%6u   %-8s%16s%5u", w < 2 ? 2 : w, 0u,
		 0u, 0u, ud, vrpsock_state_name(st ? st->st : VRPSOCK_ST_IDLE), 0u);
	vsh_printf(s, "%s\n", line);
}

static void totals(vsh_session *s, size_t n, size_t up)
{
	char left[64];
	snprintf(left, sizeof left, " Total number of peers : %zu", n);
	vsh_printf(s, "%-43sPeers in established state : %zu\n", left, up);
}

static const char *opt_inst(const parser_match *m)
{
	const parser_value *v = parser_arg_get(m, "bgpName");
	return v ? v->str : "";
}

static int h_peer(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *vv = parser_arg_get(m, "vpn-instance-name");
	const char *inst = opt_inst(m), *vpn = vv ? vv->str : NULL;
	struct process p;
	struct prows pr = { inst, vpn, NULL, 0, 0, false };
	struct states ss;

	if (!find_process(s, inst, &p))
		return 0;
	if (bgp_backend_collect(s->db, s->vs, CFG_RUNNING, peer_rec, &pr) < 0 || pr.oom) {
		free(pr.v);
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	states_load(s, inst, vpn, &ss);
	size_t up = 0;
	for (size_t i = 0; i < pr.n; i++) {
		const struct state *st = state_of(&ss, inst, pr.v[i].vpn, &pr.v[i].addr);
		up += st && st->st == VRPSOCK_ST_ESTABLISHED;
	}
	vsh_printf(s, "BGP local router ID : %s\n", p.rid);
	vsh_printf(s, " Local AS number : %s\n", p.as);
	totals(s, pr.n, up);
	if (pr.n) {
		vsh_printf(s, "\n  Peer              V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       "
			      "State PrefRcv\n\n");
		vsh_printf(s, "  Peer of IPv6-family for vpn instance :\n");
		for (size_t i = 0; i < pr.n; i++) {
			if (i == 0 || strcmp(pr.v[i].vpn, pr.v[i - 1].vpn) != 0)
				vsh_printf(s, "\n  VPN-Instance %s :\n", pr.v[i].vpn);
			peer_row(s, &pr.v[i], state_of(&ss, inst, pr.v[i].vpn, &pr.v[i].addr));
		}
	}
	vsh_printf(s, "\n");
	states_free(&ss);
	free(pr.v);
	return 0;
}

/* ---- groups ----------------------------------------------------------------- */

struct gshow {
	vsh_session *s;
	const char *inst, *vpn, *name;
	struct prows members;     /* every peer of the VPN instance, with its group */
	char **mgroup;            /* group of members.v[i] (NULL = none) */
	struct states ss;
	bool any;
};

struct pgroups {
	struct gshow *g;
	size_t cap;
	bool oom;
};

static int member_rec(void *arg, const vrpsock_op *op)
{
	struct pgroups *pg = arg;
	struct gshow *g = pg->g;
	size_t before = g->members.n;

	if (peer_rec(&g->members, op) != 0) {
		pg->oom = true;
		return 1;
	}
	if (g->members.n == before)
		return 0;
	if (g->members.n > pg->cap) {
		size_t nc = g->members.cap;
		char **nv = realloc(g->mgroup, nc * sizeof *nv);
		if (!nv) {
			pg->oom = true;
			return 1;
		}
		g->mgroup = nv;
		pg->cap = nc;
	}
	g->mgroup[before] = op->group ? strdup(op->group) : NULL;
	if (op->group && !g->mgroup[before]) {
		pg->oom = true;
		return 1;
	}
	return 0;
}

static int group_show(void *arg, const bgp_backend_group *bg)
{
	struct gshow *g = arg;
	vsh_session *s = g->s;

	if (strcmp(bg->inst, g->inst) != 0 || strcmp(bg->vpn, g->vpn) != 0 ||
	    (g->name && strcmp(bg->name, g->name) != 0))
		return 0;
	g->any = true;
	vsh_printf(s, "BGP peer-group      : %s\n", bg->name);
	if (bg->as)
		vsh_printf(s, " Remote AS %u\n", (unsigned)bg->as);
	vsh_printf(s, " Type               : %s\n", bg->internal ? "internal" : "external");
	for (int pass = 0; pass < 2; pass++) {
		vsh_printf(s, pass == 0 ? " PeerSession Members:\n" : " \n Peer Members:\n");
		for (size_t i = 0; i < g->members.n; i++) {
			const struct prow *r = &g->members.v[i];
			if (!g->mgroup[i] || strcmp(g->mgroup[i], bg->name) != 0)
				continue;
			const struct state *st = state_of(&g->ss, g->inst, r->vpn, &r->addr);
			if (pass == 0 && !(st && st->st == VRPSOCK_ST_ESTABLISHED))
				continue;
			char a[INET6_ADDRSTRLEN];
			view_param_ipv6(&r->addr, a, sizeof a);
			vsh_printf(s, "   %s\n", a);
		}
	}
	vsh_printf(s, "\n");
	return 0;
}

static int h_group(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *vv = parser_arg_get(m, "vpn-instance-name");
	const parser_value *gv = parser_arg_get(m, "group-name");
	struct gshow g = { s, opt_inst(m), vv ? vv->str : "", gv ? gv->str : NULL,
			   { opt_inst(m), vv ? vv->str : "", NULL, 0, 0, false }, NULL, { 0 }, false };
	struct pgroups pg = { &g, 0, false };
	int rc = 0;

	if (bgp_backend_collect(s->db, s->vs, CFG_RUNNING, member_rec, &pg) < 0 || pg.oom) {
		snprintf(err, errlen, "Error: Out of memory.");
		rc = -1;
	} else {
		states_load(s, g.inst, g.vpn, &g.ss);
		bgp_backend_groups(s->db, s->vs, CFG_RUNNING, group_show, &g);
		states_free(&g.ss);
		if (g.name && !g.any) {
			snprintf(err, errlen, "Error: The peer group %s does not exist.", g.name);
			rc = -1;
		}
	}
	for (size_t i = 0; i < g.members.n && g.mgroup; i++)
		free(g.mgroup[i]);
	free(g.mgroup);
	free(g.members.v);
	return rc;
}

/* ---- the table ----------------------------------------------------------------- */

#define H_DISP "Show information\nBGP information\nName a BGP instance\nBGP instance name\n" \
	       "VPNv6 information\n"

const view_cmd view_cmds_display_bgp[] = {
	{
		.pc = { .format = "display bgp [ instance <bgpName> ] vpnv6 all peer",
			.help = H_DISP "Every VPN instance\nPeers and their sessions",
			.params = disp_params, .level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_ANY), .models = MODELS_IPV6_VPN,
		.fn = h_peer,
	},
	{
		.pc = { .format = "display bgp [ instance <bgpName> ] vpnv6 vpn-instance "
				  "<vpn-instance-name> peer",
			.help = H_DISP "One VPN instance\nVPN instance name\nPeers and their sessions",
			.params = disp_params, .level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_ANY), .models = MODELS_IPV6_VPN,
		.fn = h_peer,
	},
	{
		.pc = { .format = "display bgp [ instance <bgpName> ] vpnv6 vpn-instance "
				  "<vpn-instance-name> group [ <group-name> ]",
			.help = H_DISP "One VPN instance\nVPN instance name\nPeer groups\n"
				       "Peer group name",
			.params = disp_params, .level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_ANY), .models = MODELS_IPV6_VPN,
		.fn = h_group,
	},
	{ .pc = { .format = NULL } },
};
