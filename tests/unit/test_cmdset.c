/* The command set: every row of the tables compiles, and the graph the
 * build embedded is the one the tables give. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmdset.h"
#include "views/models.h"
#include "unit.h"

extern const char vrpsh_graph_blob[] __attribute__((weak));
extern const char vrpsh_graph_blob_end[] __attribute__((weak));

static unsigned long nbad;

static void count_bad(void *arg, const char *format, const char *why)
{
	(void)arg;
	fprintf(stderr, "row '%s': %s\n", format, why);
	nbad++;
}

/* One compile for both checks: it is the slowest step of the unit tests
 * under AddressSanitizer. */
START_TEST(every_row_compiles_to_the_embedded_graph)
{
	ck_assert_msg(vrpsh_graph_blob != NULL, "the unit tests are linked without the graph");
	nbad = 0;
	parser_graph *g = cmdset_compile(count_bad, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(nbad, 0);
	size_t nh, ng, nr;
	cmdset_counts(&nh, &ng, &nr);
	ck_assert_uint_eq(parser_graph_ncmds(g), nh + ng);

	void *blob = NULL;
	size_t len = parser_graph_blob(g, &blob);
	size_t elen = (size_t)(vrpsh_graph_blob_end - vrpsh_graph_blob);
	ck_assert_uint_gt(len, 0);
	ck_assert_uint_eq(len, elen);
	ck_assert(memcmp(blob, vrpsh_graph_blob, len) == 0);
	free(blob);
	parser_graph_free(g);
}
END_TEST

static Suite *cmdset_suite(void)
{
	Suite *s = suite_create("cmdset");
	TCase *tc = tcase_create("cmdset");

	tcase_add_test(tc, every_row_compiles_to_the_embedded_graph);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(cmdset, cmdset_suite)
