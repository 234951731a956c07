/* system-view, quit, return, sysname and commit, from their reference
 * pages' Formats, Parameters and Examples. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vsh_fixture.h"

#define E_UNREC "Error: Unrecognized command found at '^' position.\n"
#define E_WRONG "Error: Wrong parameter found at '^' position.\n"
#define E_TOOMANY "Error: Too many parameters found at '^' position.\n"

static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

/* The running configuration, without display current-configuration's
 * header lines. */
static const char *running(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	return unit_config_body(f->out);
}

/* system-view.md Example */
START_TEST(system_view_example)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "system-view"), 0);
	ck_assert_str_eq(f->out, "Enter system view, return user view with return command.\n");
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	ck_assert(!f->s.immediate);
	fx_close(f);
}
END_TEST

START_TEST(system_view_only_in_user_view)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "system-view now"), -1);
	ck_assert_str_eq(f->out, caret(8 + 12, E_UNREC));
	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "system-view"), -1);
	ck_assert_str_eq(f->out, caret(9, E_UNREC));
	fx_close(f);
}
END_TEST

/* system-view_immediately.md Example */
START_TEST(system_view_immediately_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view immediately"));
	ck_assert_str_eq(fx_prompt(f), "[HUAWEI]");
	ck_assert(f->s.immediate);
	fx_ok(f, FX_LINES("sysname PE"));
	ck_assert_str_eq(fx_prompt(f), "[PE]");
	ck_assert_ptr_nonnull(strstr(running(f), "\nsysname PE\n"));
	fx_close(f);
}
END_TEST

/* quit.md Example */
START_TEST(quit_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface 100GE 1/0/1"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-100GE1/0/1]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert_int_eq(f->asked, 0);
	fx_close(f);
}
END_TEST

/* return.md Example */
START_TEST(return_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "return"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

/* sysname_(System_view).md Example */
START_TEST(sysname_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname DeviceA"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_ok(f, FX_LINES("commit"));
	ck_assert_str_eq(fx_prompt(f), "[~DeviceA]");
	ck_assert_str_eq(running(f), "#\nsysname DeviceA\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(sysname_with_spaces)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname core switch 1", "commit"));
	ck_assert_str_eq(fx_prompt(f), "[~core switch 1]");
	ck_assert_str_eq(running(f), "#\nsysname core switch 1\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(sysname_length_bounds)
{
	fx *f = fx_open(NULL, false, 3);
	char line[300], want[300];

	fx_ok(f, FX_LINES("system-view"));
	strcpy(line, "sysname ");
	memset(line + 8, 'n', 246);
	line[8 + 246] = '\0';
	ck_assert_int_eq(fx_run(f, line), 0);
	fx_ok(f, FX_LINES("commit"));
	snprintf(want, sizeof want, "[~%s]", line + 8);
	ck_assert_str_eq(fx_prompt(f), want);

	/* 247 characters: the parameter is wrong */
	line[8 + 246] = 'n';
	line[8 + 247] = '\0';
	ck_assert_int_eq(fx_run(f, line), -1);
	ck_assert_str_eq(f->out, caret(strlen(want) + 8, E_WRONG));
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

START_TEST(sysname_is_case_sensitive)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname MiXeD", "commit"));
	ck_assert_str_eq(fx_prompt(f), "[~MiXeD]");
	fx_close(f);
}
END_TEST

START_TEST(undo_sysname_restores_default)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A", "commit", "undo sysname"));
	ck_assert_str_eq(fx_prompt(f), "[*A]");
	fx_ok(f, FX_LINES("commit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "undo sysname A"), -1);
	ck_assert_str_eq(f->out, caret(9 + 13, E_TOOMANY));
	fx_close(f);
}
END_TEST

START_TEST(sysname_not_in_user_view)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "sysname A"), -1);
	ck_assert_str_eq(f->out, caret(8, E_UNREC));
	fx_close(f);
}
END_TEST

START_TEST(factory_configuration_is_committed)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert(!cfg_pending(f->db));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* commit: a plain commit prints nothing, keeps the view */
START_TEST(commit_plain)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname HUAWEIA"));
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEIA]");
	ck_assert(!cfg_pending(f->db));
	/* nothing to commit */
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

START_TEST(commit_not_in_user_view)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "commit"), -1);
	ck_assert_str_eq(f->out, caret(8, E_UNREC));
	fx_close(f);
}
END_TEST

/* A session without a state directory (this fixture's) keeps no history:
 * the options that need it are refused, not ignored.  With one, they are
 * tested in test_store.c and the transcripts. */
START_TEST(commit_options_refused)
{
	static const char *const lines[] = {
		"commit trial", "commit trial 120", "commit trial 60 label abc",
		"commit label a123", "commit label a123 description x y", "commit persist abcid",
		"commit trial persist abcid", "commit description This is a new name",
		NULL,
	};
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname ROLLBACK"));
	for (int i = 0; lines[i]; i++) {
		ck_assert_int_eq(fx_run(f, lines[i]), -1);
		ck_assert_str_eq(f->out, "Error: This operation is not supported.\n");
	}
	ck_assert(cfg_pending(f->db));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(commit_option_syntax)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	/* a label cannot start with a digit, nor be a lone hyphen */
	ck_assert_int_eq(fx_run(f, "commit label 1abc"), -1);
	ck_assert_str_eq(f->out, caret(9 + 13, E_WRONG));
	ck_assert_int_eq(fx_run(f, "commit trial label -"), -1);
	ck_assert_str_eq(f->out, caret(9 + 19, E_WRONG));
	/* a label goes after trial or first, not after persist */
	ck_assert_int_eq(fx_run(f, "commit persist p label x"), -1);
	ck_assert_msg(strncmp(f->out, caret(9 + 17, "Error: "), 9 + 17 + 2 + 7) == 0, "got '%s'",
		      f->out);
	/* descriptions are at most 60 characters */
	ck_assert_int_eq(fx_run(f, "commit description "
				   "1234567890123456789012345678901234567890123456789012345678901"), -1);
	ck_assert_str_eq(f->out, caret(9 + 19, E_WRONG));
	fx_close(f);
}
END_TEST

static int refuse(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err, size_t errlen)
{
	(void)arg, (void)db, (void)chg, (void)n;
	snprintf(err, errlen, "Error: The backend refused the change.");
	return -1;
}

START_TEST(commit_failure)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(cfg_hook_add(f->db, refuse, NULL, NULL), 0);
	fx_ok(f, FX_LINES("system-view", "sysname A"));
	ck_assert_int_eq(fx_run(f, "commit"), -1);
	ck_assert_str_eq(f->out, "Error: The backend refused the change.\n"
				 "Failed to generate committed config.\n");
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert(cfg_pending(f->db));
	fx_close(f);
}
END_TEST

static Suite *make_system_suite(void)
{
	Suite *s = suite_create("system");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, system_view_example);
	tcase_add_test(tc, system_view_only_in_user_view);
	tcase_add_test(tc, system_view_immediately_example);
	tcase_add_test(tc, quit_example);
	tcase_add_test(tc, return_example);
	tcase_add_test(tc, sysname_example);
	tcase_add_test(tc, sysname_with_spaces);
	tcase_add_test(tc, sysname_length_bounds);
	tcase_add_test(tc, sysname_is_case_sensitive);
	tcase_add_test(tc, undo_sysname_restores_default);
	tcase_add_test(tc, sysname_not_in_user_view);
	tcase_add_test(tc, factory_configuration_is_committed);
	tcase_add_test(tc, commit_plain);
	tcase_add_test(tc, commit_not_in_user_view);
	tcase_add_test(tc, commit_options_refused);
	tcase_add_test(tc, commit_option_syntax);
	tcase_add_test(tc, commit_failure);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(system, make_system_suite)
