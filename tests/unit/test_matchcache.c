/* The match cache on the real command set: every answer it gives while the
 * guide's scripts run, and while variants of their lines are matched, is
 * the answer of a walk (parser/matchcache.c; the cases one by one are in
 * test_matcher.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmdset.h"
#include "unit.h"
#include "vsh_fixture.h"

#define SCRIPTS "tests/guide/scripts.txt"

/* Words put in place of a line's words: numbers, names that abbreviate
 * keywords or not, addresses, an interface, upper case, a quoted word. */
static const char *const variants[] = {
	"1", "200", "4294967296", "g7", "e", "a", "10.1.1.1", "2001:db8::1", "LoopBack0", "TEST",
	"\"x y\"",
};

/* Match line with word i replaced by each variant, in the session's view. */
static void match_variants(fx *f, const lex_line *orig, lex_line *l, parser_match *m)
{
	char line[512];

	for (int i = 1; i < orig->ntok && i < 10; i++) {
		for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
			size_t n = 0;
			for (int k = 0; k < orig->ntok && n < sizeof line; k++) {
				const char *w = k == i ? variants[v] : orig->tok[k].text;
				n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", k ? " " : "",
						      w);
			}
			if (n >= sizeof line || lex_split(line, n, l, NULL) != LEX_OK || !l->ntok)
				continue;
			view_set_match(f->vs, vsh_top(&f->s)->view, l, f->s.level, m);
		}
	}
}

START_TEST(cache_answers_as_the_walk)
{
	FILE *fp = fopen(SCRIPTS, "r");
	ck_assert_msg(fp != NULL, "%s: %s (the unit tests run from the source tree)", SCRIPTS,
		      strerror(errno));
	fx *f = fx_open(NULL, false, 3);
	lex_line *orig = malloc(sizeof *orig), *l = malloc(sizeof *l);
	parser_match *m = malloc(sizeof *m);
	ck_assert(orig && l && m);
	view_set_cache_check(f->vs, true);

	char buf[4096];
	unsigned long nlines = 0;
	while (fgets(buf, sizeof buf, fp)) {
		size_t n = strcspn(buf, "\r\n");
		buf[n] = '\0';
		if (buf[0] == '@') { /* a new script: back to the system view */
			fx_run(f, "return");
			fx_run(f, "system-view");
			continue;
		}
		if (buf[0] != '|')
			continue;
		fx_run(f, buf + 1);
		if (++nlines % 8 == 0 && lex_split(buf + 1, n - 1, orig, NULL) == LEX_OK)
			match_variants(f, orig, l, m);
	}
	fclose(fp);

	unsigned long hits, lookups, bad;
	view_set_cache_stats(f->vs, &hits, &lookups, &bad);
	fprintf(stderr, "match cache: %lu lines, %lu lookups, %lu answered, %lu unlike the walk\n",
		nlines, lookups, hits, bad);
	ck_assert_uint_gt(nlines, 20000);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_gt(hits, lookups / 10); /* the check saw many answers */
	free(orig);
	free(l);
	free(m);
	fx_close(f);
}
END_TEST

static Suite *matchcache_suite(void)
{
	Suite *s = suite_create("matchcache");
	TCase *tc = tcase_create("guide");
	tcase_add_test(tc, cache_answers_as_the_walk);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(matchcache, matchcache_suite)
