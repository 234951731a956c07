/* The frozen form of a match graph: the builder's nodes copied into flat
 * arrays addressed by offsets, with shared roots merged into the roots that
 * offer them; writing it out as one block (a blob) and opening such a
 * block; resolving command ids and parameters on first use.
 *
 * A blob is made at build time from the program's own command tables and
 * embedded in the program, so opening one checks its header and sizes but
 * not every node: it is not an input from outside. */
#include "grammar_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOB_MAGIC "VRPGRPH3"

typedef struct blob_hdr {
	char magic[8];
	uint32_t node_size, group_size, param_size, hdr_size;
	uint32_t nnodes, nedges, ngroups, nparams, strlen, ncmds;
	uint64_t off_nodes, off_edges, off_kwkey, off_groups, off_params, off_str, total;
} blob_hdr;

/* ---- the string pool ---------------------------------------------------- */

typedef struct spool {
	char *buf;
	size_t len, cap;
	uint32_t *slots; /* offset + 1, 0 = empty */
	size_t nslots, used;
	bool oom;
} spool;

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool spool_grow_slots(spool *p)
{
	size_t ns = p->nslots ? p->nslots * 2 : 4096;
	uint32_t *nv = calloc(ns, sizeof(*nv));
	if (!nv)
		return false;
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i])
			continue;
		size_t j = str_hash(p->buf + p->slots[i] - 1) & (ns - 1);
		while (nv[j])
			j = (j + 1) & (ns - 1);
		nv[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = nv;
	p->nslots = ns;
	return true;
}

static uint32_t spool_add(spool *p, const char *s)
{
	if (!s || !*s || p->oom)
		return 0;
	if ((p->used + 1) * 2 > p->nslots && !spool_grow_slots(p)) {
		p->oom = true;
		return 0;
	}
	size_t j = str_hash(s) & (p->nslots - 1);
	while (p->slots[j]) {
		if (strcmp(p->buf + p->slots[j] - 1, s) == 0)
			return p->slots[j] - 1;
		j = (j + 1) & (p->nslots - 1);
	}
	size_t n = strlen(s) + 1;
	if (p->len + n > p->cap) {
		size_t nc = p->cap ? p->cap : 65536;
		while (nc < p->len + n)
			nc *= 2;
		char *nb = nc <= UINT32_MAX ? realloc(p->buf, nc) : NULL;
		if (!nb) {
			p->oom = true;
			return 0;
		}
		p->buf = nb;
		p->cap = nc;
	}
	uint32_t off = (uint32_t)p->len;
	memcpy(p->buf + off, s, n);
	p->len += n;
	p->slots[j] = off + 1;
	p->used++;
	return off;
}

/* ---- freezing ----------------------------------------------------------- */

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Merge sorted keyword runs a and b (by lc) into out, a's first on ties. */
static uint32_t merge_kw(const pb_builder *b, const uint32_t *x, uint32_t nx, const uint32_t *y,
			 uint32_t ny, uint32_t *out)
{
	uint32_t i = 0, j = 0, k = 0;

	while (i < nx || j < ny) {
		if (j == ny || (i < nx && strcmp(b->nodes[x[i]].lc, b->nodes[y[j]].lc) <= 0))
			out[k++] = x[i++];
		else
			out[k++] = y[j++];
	}
	return k;
}

/* dst = src[0..n); an empty list may have no array at all. */
static void copy_ids(uint32_t *dst, const uint32_t *src, size_t n)
{
	if (n)
		memcpy(dst, src, n * sizeof *dst);
}

int pg_freeze(parser_graph *g)
{
	pb_builder *b = g->b;
	spool sp = { 0 };
	uint32_t *edges = NULL, *tmp = NULL;
	size_t nedges = 0;
	int rc = -1;

	if (!g->dirty)
		return 0;
	if (!b)
		return -1;
	/* Edges: every node's own children, plus for roots the shared roots'. */
	for (uint32_t i = 0; i < b->nnodes; i++) {
		const pb_node *n = &b->nodes[i];
		nedges += (size_t)n->nkw + n->npar + n->nend + n->nloop;
	}
	for (uint32_t s = 0; s < b->nshares; s++) {
		const pb_node *sh = &b->nodes[b->shares[s][1]];
		nedges += (size_t)sh->nkw + sh->npar + sh->nend;
	}
	size_t sz_nodes = align8(b->nnodes * sizeof(pg_node));
	size_t sz_edges = align8(nedges * sizeof(uint32_t));
	size_t sz_kwkey = nedges * sizeof(uint64_t);
	size_t sz_groups = align8(b->ngroups * sizeof(pg_group));
	size_t sz_params = align8((b->nparams ? b->nparams : 1) * sizeof(pg_param));
	size_t sz_fixed = sz_nodes + sz_edges + sz_kwkey + sz_groups + sz_params;
	char *mem = calloc(1, sz_fixed);
	if (!mem || nedges > UINT32_MAX)
		goto out;
	pg_node *nodes = (pg_node *)mem;
	edges = (uint32_t *)(mem + sz_nodes);
	uint64_t *kwkey = (uint64_t *)(mem + sz_nodes + sz_edges);
	pg_group *groups = (pg_group *)(mem + sz_nodes + sz_edges + sz_kwkey);
	pg_param *params = (pg_param *)(mem + sz_nodes + sz_edges + sz_kwkey + sz_groups);
	if (b->ngroups > 1)
		memcpy(groups + 1, b->groups + 1, (b->ngroups - 1) * sizeof(pg_group));
	if (b->nparams)
		memcpy(params, b->params, b->nparams * sizeof(pg_param));

	spool_add(&sp, "");
	sp.buf = sp.buf ? sp.buf : calloc(1, 1);
	if (!sp.buf)
		goto out;
	if (sp.len == 0) { /* offset 0 is "" */
		sp.buf[0] = '\0';
		sp.len = 1;
	}
	size_t e = 0;
	for (uint32_t i = 0; i < b->nnodes; i++) {
		const pb_node *s = &b->nodes[i];
		pg_node *d = &nodes[i];
		d->type = s->type;
		d->flags = s->flags;
		d->level = s->level;
		d->kwlen = s->kwlen;
		d->avail = s->avail;
		d->text = spool_add(&sp, s->text);
		d->lc = spool_add(&sp, s->lc);
		d->help = spool_add(&sp, s->help);
		d->ref = s->ref;
		d->grp = s->grp;
		d->alt = s->alt;
		d->kids = (uint32_t)e;

		/* Shared roots add their children to a root's own. */
		uint32_t nkw = s->nkw, npar = s->npar, nend = s->nend;
		const uint32_t *kw = s->kw;
		if (s->type == PN_ROOT) {
			for (uint32_t k = 0; k < b->nshares; k++) {
				if (b->shares[k][0] != i)
					continue;
				const pb_node *sh = &b->nodes[b->shares[k][1]];
				uint32_t *m = malloc(((size_t)nkw + sh->nkw + 1) * sizeof(uint32_t));
				if (!m)
					goto out;
				nkw = merge_kw(b, kw, nkw, sh->kw, sh->nkw, m);
				free(tmp);
				tmp = m;
				kw = tmp;
				npar += sh->npar;
				nend += sh->nend;
			}
		}
		if (nkw > UINT16_MAX || npar > UINT16_MAX || nend > UINT16_MAX)
			goto out;
		copy_ids(edges + e, kw, nkw);
		for (uint32_t k = 0; k < nkw; k++)
			kwkey[e + k] = pg_kwkey(b->nodes[kw[k]].lc, b->nodes[kw[k]].kwlen);
		e += nkw;
		copy_ids(edges + e, s->par, s->npar);
		e += s->npar;
		if (s->type == PN_ROOT)
			for (uint32_t k = 0; k < b->nshares; k++)
				if (b->shares[k][0] == i) {
					const pb_node *sh = &b->nodes[b->shares[k][1]];
					copy_ids(edges + e, sh->par, sh->npar);
					e += sh->npar;
				}
		copy_ids(edges + e, s->end, s->nend);
		e += s->nend;
		if (s->type == PN_ROOT)
			for (uint32_t k = 0; k < b->nshares; k++)
				if (b->shares[k][0] == i) {
					const pb_node *sh = &b->nodes[b->shares[k][1]];
					copy_ids(edges + e, sh->end, sh->nend);
					e += sh->nend;
				}
		copy_ids(edges + e, s->loop, s->nloop);
		e += s->nloop;
		d->nkw = (uint16_t)nkw;
		d->npar = (uint16_t)npar;
		d->nend = (uint16_t)nend;
		d->nloop = (uint16_t)(s->nloop / 2);
		free(tmp);
		tmp = NULL;
	}
	if (sp.oom)
		goto out;
	free(g->fmem);
	g->fmem = NULL;
	/* The strings go at the end of the same block. */
	char *all = realloc(mem, sz_fixed + sp.len);
	if (!all)
		goto out;
	mem = all;
	memcpy(mem + sz_fixed, sp.buf, sp.len);
	g->fmem = mem;
	g->f.nodes = (const pg_node *)mem;
	g->f.edges = (const uint32_t *)(mem + sz_nodes);
	g->f.kwkey = (const uint64_t *)(mem + sz_nodes + sz_edges);
	g->f.groups = (const pg_group *)(mem + sz_nodes + sz_edges + sz_kwkey);
	g->f.params = (const pg_param *)(mem + sz_nodes + sz_edges + sz_kwkey + sz_groups);
	g->f.str = mem + sz_fixed;
	g->f.nnodes = b->nnodes;
	g->f.nedges = (uint32_t)e;
	g->f.ngroups = b->ngroups;
	g->f.nparams = b->nparams;
	g->f.strlen = (uint32_t)sp.len;
	mem = NULL;
	free(g->pcache);
	g->pcache = NULL;
	g->dirty = false;
	rc = 0;
out:
	free(mem);
	free(tmp);
	free(sp.buf);
	free(sp.slots);
	return rc;
}

/* ---- resolving commands and parameters ---------------------------------- */

const parser_cmd *pg_cmd(const parser_graph *cg, uint32_t id)
{
	parser_graph *g = (parser_graph *)cg; /* a cache: resolving does not change the graph */

	if (id < g->ncmds && g->cmds[id])
		return g->cmds[id];
	if (!g->resolve || id >= g->cmd_count)
		return NULL;
	if (!g->cmds) {
		g->cmds = calloc(g->cmd_count, sizeof(*g->cmds));
		if (!g->cmds)
			return NULL;
		g->ncmds = g->cmd_count;
	}
	g->cmds[id] = g->resolve(g->resolve_ctx, id);
	return g->cmds[id];
}

const parser_param *pg_param_resolve(const parser_graph *cg, const pg_node *n)
{
	parser_graph *g = (parser_graph *)cg;
	const pg_param *p;

	if (n->ref >= g->f.nparams)
		return NULL;
	if (g->pcache && g->pcache[n->ref])
		return g->pcache[n->ref];
	p = &g->f.params[n->ref];
	const parser_param *r;
	if (p->idx >= PG_PIPE_FILE) {
		r = pg_pipe_param(p->idx);
	} else {
		const parser_cmd *c = pg_cmd(g, p->cmd);
		r = c && c->params ? &c->params[p->idx] : NULL;
	}
	if (!g->pcache)
		g->pcache = calloc(g->f.nparams, sizeof(*g->pcache));
	if (g->pcache)
		g->pcache[n->ref] = r;
	return r;
}

/* ---- blobs -------------------------------------------------------------- */

size_t parser_graph_blob(parser_graph *g, void **out)
{
	*out = NULL;
	if (!g || pg_freeze(g) != 0)
		return 0;
	const pg_frozen *f = &g->f;
	blob_hdr h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, BLOB_MAGIC, 8);
	h.node_size = sizeof(pg_node);
	h.group_size = sizeof(pg_group);
	h.param_size = sizeof(pg_param);
	h.hdr_size = sizeof(blob_hdr);
	h.nnodes = f->nnodes;
	h.nedges = f->nedges;
	h.ngroups = f->ngroups;
	h.nparams = f->nparams;
	h.strlen = f->strlen;
	h.ncmds = g->cmd_count;
	h.off_nodes = align8(sizeof h);
	h.off_edges = h.off_nodes + align8((size_t)f->nnodes * sizeof(pg_node));
	h.off_kwkey = h.off_edges + align8((size_t)f->nedges * sizeof(uint32_t));
	h.off_groups = h.off_kwkey + (size_t)f->nedges * sizeof(uint64_t);
	h.off_params = h.off_groups + align8((size_t)f->ngroups * sizeof(pg_group));
	h.off_str = h.off_params + align8((size_t)f->nparams * sizeof(pg_param));
	h.total = h.off_str + f->strlen;
	char *b = calloc(1, h.total);
	if (!b)
		return 0;
	memcpy(b, &h, sizeof h);
	memcpy(b + h.off_nodes, f->nodes, (size_t)f->nnodes * sizeof(pg_node));
	memcpy(b + h.off_edges, f->edges, (size_t)f->nedges * sizeof(uint32_t));
	memcpy(b + h.off_kwkey, f->kwkey, (size_t)f->nedges * sizeof(uint64_t));
	if (f->ngroups > 1)
		memcpy(b + h.off_groups + sizeof(pg_group), f->groups + 1,
		       (size_t)(f->ngroups - 1) * sizeof(pg_group));
	memcpy(b + h.off_params, f->params, (size_t)f->nparams * sizeof(pg_param));
	memcpy(b + h.off_str, f->str, f->strlen);
	*out = b;
	return h.total;
}

parser_graph *parser_graph_open_blob(const void *blob, size_t len, parser_resolve_fn fn,
				     void *ctx, char *err, size_t errlen)
{
	blob_hdr h;
	const char *b = blob;

	if (!blob || len < sizeof h) {
		snprintf(err, errlen, "the command graph is missing or truncated");
		return NULL;
	}
	memcpy(&h, b, sizeof h);
	if (memcmp(h.magic, BLOB_MAGIC, 8) != 0 || h.node_size != sizeof(pg_node) ||
	    h.group_size != sizeof(pg_group) || h.param_size != sizeof(pg_param) ||
	    h.hdr_size != sizeof(blob_hdr) || h.total != len || h.off_str + h.strlen != len ||
	    h.off_nodes % 8 || h.off_edges % 8 || h.off_kwkey % 8 || h.off_groups % 8 ||
	    h.off_params % 8 || h.off_edges < h.off_nodes + (uint64_t)h.nnodes * sizeof(pg_node) ||
	    h.off_kwkey < h.off_edges + (uint64_t)h.nedges * sizeof(uint32_t) ||
	    h.off_groups < h.off_kwkey + (uint64_t)h.nedges * sizeof(uint64_t) ||
	    h.off_params < h.off_groups + (uint64_t)h.ngroups * sizeof(pg_group) ||
	    h.off_str < h.off_params + (uint64_t)h.nparams * sizeof(pg_param) || h.strlen == 0 ||
	    b[len - 1] != '\0' || h.nnodes == 0) {
		snprintf(err, errlen, "the command graph is malformed (built by another version?)");
		return NULL;
	}
	parser_graph *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->f.nodes = (const pg_node *)(b + h.off_nodes);
	g->f.edges = (const uint32_t *)(b + h.off_edges);
	g->f.kwkey = (const uint64_t *)(b + h.off_kwkey);
	g->f.groups = (const pg_group *)(b + h.off_groups);
	g->f.params = (const pg_param *)(b + h.off_params);
	g->f.str = b + h.off_str;
	g->f.nnodes = h.nnodes;
	g->f.nedges = h.nedges;
	g->f.ngroups = h.ngroups;
	g->f.nparams = h.nparams;
	g->f.strlen = h.strlen;
	g->cmd_count = h.ncmds;
	g->resolve = fn;
	g->resolve_ctx = ctx;
	return g;
}
