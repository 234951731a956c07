/* Check suites register themselves here so that adding a test file needs no
 * edit elsewhere: UNIT_SUITE(make_fn) in the file, nothing else. */
#ifndef VRPSH_TESTS_UNIT_H
#define VRPSH_TESTS_UNIT_H

#include <check.h>

typedef Suite *(*unit_suite_fn)(void);
void unit_register(const char *name, unit_suite_fn fn);

/* UNIT_SUITE(lexer, make_lexer_suite): `tests/unit-tests lexer` runs it alone. */
#define UNIT_SUITE(name, fn)                                              \
	static void unit_reg_##name(void) __attribute__((constructor));   \
	static void unit_reg_##name(void) { unit_register(#name, fn); }

/* unit_check(EXPR, FMT, ...): an assertion for a test's inner loops.
 * Check's ck_assert_* also records the place of every assertion that holds,
 * one write to the runner's message file per call, which the runner then
 * reads back whole; a loop that asserts millions of times spends most of
 * its time (and, under AddressSanitizer, the runner's memory) there.  This
 * one says nothing while EXPR holds and fails the test like ck_assert_msg
 * when it does not. */
#define unit_check(expr, ...)                     \
	do {                                      \
		if (!(expr))                      \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* A new empty directory /tmp/vrpsh-WHAT-XXXXXX (malloc'd), and its removal
 * with what it holds (the name is freed). */
char *unit_tmpdir(const char *what);
void unit_rmdir(char *dir);

/* The whole of file dir/name (malloc'd, with a NUL after it; its length
 * in *len when len is not NULL), or NULL when it cannot be read. */
char *unit_read_file(const char *dir, const char *name, size_t *len);

/* What display current-configuration printed after its header lines
 * ("!Software Version ...", "!Last configuration was updated at ..."),
 * without the empty blocks of the model's ports and console that every
 * display shows (test_display.c checks those): the configuration itself.
 * A configured port keeps its block.  The result stays valid until the
 * fourth call after. */
const char *unit_config_body(const char *out);

#endif
