/* The keyword index of the frozen graph: for every node of the embedded
 * command graph and every key that is a prefix of one of its keywords (or
 * one byte off such a prefix, below and above it), pw_kw_run gives exactly
 * the keywords that a plain scan with strncmp gives.  A white-box test:
 * it reads the graph's private layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/graph_priv.h"
#include "unit.h"

extern const char vrpsh_graph_blob[] __attribute__((weak));
extern const char vrpsh_graph_blob_end[] __attribute__((weak));

/* The run of n's keywords that begin with key, by looking at each one;
 * the keywords are sorted, so they must form one run.  Returns the end,
 * *first the start (both nkw when there is none). */
static uint32_t scan_run(const pg_frozen *f, const pg_node *n, const char *key, size_t klen,
			 uint32_t *first)
{
	const uint32_t *kw = pg_kw(f, n);
	uint32_t lo = n->nkw, hi = n->nkw;

	for (uint32_t k = 0; k < n->nkw; k++) {
		if (strncmp(pg_str(f, f->nodes[kw[k]].lc), key, klen) != 0)
			continue;
		if (lo == n->nkw)
			lo = k;
		unit_check(hi == n->nkw || hi == k, "the keywords starting with '%s' are not one run",
			   key);
		hi = k + 1;
	}
	*first = lo;
	return hi;
}

static unsigned long check_key(const pg_frozen *f, const pg_node *n, const char *key, size_t klen)
{
	uint32_t a, b, ea, eb;
	ea = scan_run(f, n, key, klen, &a);
	eb = pw_kw_run(f, n, key, klen, pg_kwkey(key, klen), &b);
	if (ea == a) /* none: an empty run, wherever it is */
		unit_check(eb == b, "key '%s': %u keywords, expected none", key, eb - b);
	else
		unit_check(a == b && ea == eb, "key '%s': run [%u, %u), expected [%u, %u)", key, b, eb,
			   a, ea);
	return 1;
}

START_TEST(every_node_every_prefix)
{
	ck_assert_msg(vrpsh_graph_blob != NULL, "the unit tests are linked without the graph");
	char err[256];
	parser_graph *g = parser_graph_open_blob(vrpsh_graph_blob,
						 (size_t)(vrpsh_graph_blob_end - vrpsh_graph_blob),
						 NULL, NULL, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	const pg_frozen *f = &g->f;
	unsigned long keys = 0, nodes = 0;
	char key[PG_MAX_KEYWORD + 2];

	for (uint32_t i = 0; i < f->nnodes; i++) {
		const pg_node *n = &f->nodes[i];
		const uint32_t *kw = pg_kw(f, n);
		if (!n->nkw)
			continue;
		nodes++;
		for (uint32_t k = 0; k < n->nkw; k++) {
			const pg_node *kn = &f->nodes[kw[k]];
			const char *lc = pg_str(f, kn->lc);
			unit_check(f->kwkey[n->kids + k] == pg_kwkey(lc, kn->kwlen),
				   "keyword '%s': the index holds another key", lc);
			for (size_t len = 1; len <= kn->kwlen; len++) {
				memcpy(key, lc, len);
				key[len] = '\0';
				keys += check_key(f, n, key, len);
				/* the last byte one lower and one higher */
				key[len - 1] = (char)(lc[len - 1] - 1);
				keys += check_key(f, n, key, len);
				key[len - 1] = (char)(lc[len - 1] + 1);
				keys += check_key(f, n, key, len);
			}
			/* the whole keyword and one byte more */
			if (kn->kwlen < PG_MAX_KEYWORD) {
				memcpy(key, lc, kn->kwlen);
				key[kn->kwlen] = 'z';
				key[kn->kwlen + 1] = '\0';
				keys += check_key(f, n, key, kn->kwlen + 1);
			}
		}
	}
	/* the whole graph was looked at, not a corner of it */
	ck_assert_uint_gt(nodes, 10000);
	ck_assert_uint_gt(keys, 1000000);
	parser_graph_free(g);
}
END_TEST

static Suite *kwindex_suite(void)
{
	Suite *s = suite_create("kwindex");
	TCase *tc = tcase_create("kwindex");

	tcase_add_test(tc, every_node_every_prefix);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(kwindex, kwindex_suite)
