/* screen-length temporary (screen-length_temporary.md), mmi-mode, exit and
 * the login banners. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/terminal.h"
#include "unit.h"
#include "vsh_fixture.h"

#define E_UNREC "Error: Unrecognized command found at '^' position.\n"
#define E_WRONG "Error: Wrong parameter found at '^' position.\n"
#define INFO "Info: The configuration takes effect on the current user terminal interface only.\n"

static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

/* screen-length_temporary.md Example, and the Info line clients see. */
START_TEST(screen_length_temporary)
{
	fx *f = fx_open(NULL, false, 3);

	f->s.screen_length = f->s.screen_length_ui = 24;
	ck_assert_int_eq(fx_run(f, "screen-length 30 temporary"), 0);
	ck_assert_str_eq(f->out, INFO);
	ck_assert_int_eq(f->s.screen_length, 30);
	ck_assert_int_eq(fx_run(f, "screen-length 0 temporary"), 0);
	ck_assert_str_eq(f->out, INFO);
	ck_assert_int_eq(f->s.screen_length, 0);
	ck_assert_int_eq(fx_run(f, "undo screen-length temporary"), 0);
	ck_assert_str_eq(f->out, INFO);
	ck_assert_int_eq(f->s.screen_length, 24);
	ck_assert_int_eq(fx_run(f, "screen-length 513 temporary"), -1);
	ck_assert_str_eq(f->out, caret(8 + 14, E_WRONG));
	ck_assert_int_eq(f->s.screen_length, 24);
	/* temporary is required */
	ck_assert_int_eq(fx_run(f, "screen-length 10"), -1);
	/* user view only */
	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "screen-length 0 temporary"), -1);
	ck_assert_str_eq(f->out, caret(9, E_UNREC));
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

/* Management level (Default Level 3). */
START_TEST(screen_length_level)
{
	fx *f = fx_open(NULL, false, 2);

	ck_assert_int_eq(fx_run(f, "screen-length 0 temporary"), -1);
	ck_assert_str_eq(f->out, caret(8, E_UNREC));
	fx_close(f);
}
END_TEST

/* mmi-mode_enable.md: Default Level 1 (monitoring). */
START_TEST(mmi_mode)
{
	fx *f = fx_open(NULL, false, 0);

	ck_assert_int_eq(fx_run(f, "mmi-mode enable"), -1);
	ck_assert_str_eq(f->out, caret(8, E_UNREC));
	fx_close(f);
	f = fx_open(NULL, false, 1);
	ck_assert_int_eq(fx_run(f, "mmi-mode enable"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert(f->s.mmi_mode);
	ck_assert_int_eq(fx_run(f, "undo mmi-mode enable"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert(!f->s.mmi_mode);
	fx_close(f);
}
END_TEST

/* exit: like quit, and in the user view it logs out. */
START_TEST(exit_command)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "exit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_ok(f, FX_LINES("commit", "exit"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert(!f->s.quit_requested);
	ck_assert_int_eq(fx_run(f, "exit"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert(f->s.quit_requested);
	fx_close(f);
}
END_TEST

/* return in the user view stays there without a word (CLIENTS.md). */
START_TEST(return_in_user_view)
{
	fx *f = fx_open(NULL, false, 0);

	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	fx_close(f);
}
END_TEST

START_TEST(header_banners)
{
	fx *f = fx_open(NULL, false, 3);
	char buf[512];

	ck_assert(!vsh_header_get(f->db, true, buf, sizeof buf));
	fx_ok(f, FX_LINES("system-view", "header shell information \"Hello Welcome\"",
			  "header login information Authorised users only", "commit"));
	ck_assert(vsh_header_get(f->db, true, buf, sizeof buf));
	ck_assert_str_eq(buf, "Authorised users only");
	ck_assert(vsh_header_get(f->db, false, buf, sizeof buf));
	ck_assert_str_eq(buf, "Hello Welcome");
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\n"
				 "header login information Authorised users only\n"
				 "header shell information \"Hello Welcome\"\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo header login", "commit"));
	ck_assert(!vsh_header_get(f->db, true, buf, sizeof buf));
	fx_close(f);
}
END_TEST

static Suite *make_terminal_suite(void)
{
	Suite *s = suite_create("terminal");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, screen_length_temporary);
	tcase_add_test(tc, screen_length_level);
	tcase_add_test(tc, mmi_mode);
	tcase_add_test(tc, exit_command);
	tcase_add_test(tc, return_in_user_view);
	tcase_add_test(tc, header_banners);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(terminal, make_terminal_suite)
