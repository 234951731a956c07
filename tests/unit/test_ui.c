/* User interfaces, from user-interface_vty.md, authentication-mode_(...).md,
 * user_privilege_level_(...).md, idle-timeout_(...).md and display_users.md:
 * views, settings, which range a VTY takes its settings from, and the
 * display users layout. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/online.h"
#include "../../views/ui.h"
#include "unit.h"
#include "vsh_fixture.h"

#define E_WRONG "Error: Wrong parameter found at '^' position.\n"

static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

static char *running(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	return f->out;
}

/* user-interface_vty.md Examples: prompts; entering changes nothing. */
START_TEST(vty_view_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-ui-vty0-4]");
	fx_ok(f, FX_LINES("quit", "user-interface vty 0"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-ui-vty0]");
	fx_ok(f, FX_LINES("quit", "user-interface console 0"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-ui-console0]");
	ck_assert(!cfg_pending(f->db));
	fx_ok(f, FX_LINES("return"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* The VTY numbers are bounded by user-interface maximum-vty (5 by default). */
START_TEST(vty_numbers)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "user-interface vty 0 7"), -1);
	ck_assert_str_eq(f->out, "Error: The user interface numbers must be less than the maximum "
				 "number of VTY users (5).\n");
	ck_assert_int_eq(fx_run(f, "user-interface vty 3 2"), -1);
	ck_assert_str_eq(f->out, "Error: The last user interface number must be greater than the "
				 "first.\n");
	ck_assert_int_eq(fx_run(f, "user-interface vty 21"), -1);
	ck_assert_str_eq(f->out, caret(9 + 19, E_WRONG));
	ck_assert_int_eq(fx_run(f, "user-interface console 1"), -1);
	fx_ok(f, FX_LINES("user-interface maximum-vty 8", "user-interface vty 0 7"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-ui-vty0-7]");
	fx_close(f);
}
END_TEST

/* The CE-CG Telnet example's block, and how it is shown. */
START_TEST(vty_settings_render)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface maximum-vty 8", "user-interface vty 0 7",
			  "screen-length 30", "idle-timeout 20 0", "user privilege level 3",
			  "authentication-mode aaa", "quit", "user-interface console 0",
			  "idle-timeout 1 30", "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nuser-interface maximum-vty 8\n"
				     "#\nuser-interface con 0\n idle-timeout 1 30\n"
				     "#\nuser-interface vty 0 7\n authentication-mode aaa\n"
				     " user privilege level 3\n idle-timeout 20 0\n screen-length 30\n"
				     "#\nreturn\n");
	fx_ok(f, FX_LINES("user-interface vty 0 7", "undo screen-length", "undo idle-timeout",
			  "undo user privilege level", "undo authentication-mode", "quit",
			  "undo user-interface maximum-vty", "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nuser-interface con 0\n"
				     " idle-timeout 1 30\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Defaults, and the narrowest range wins. */
START_TEST(settings_per_vty)
{
	fx *f = fx_open(NULL, false, 3);
	vsh_ui_conf c;

	vsh_ui_get(f->db, 0, &c);
	ck_assert_int_eq(c.auth, VSH_AUTH_AAA);
	ck_assert_int_eq(c.level, 0);
	ck_assert_uint_eq(c.idle_seconds, 600);
	ck_assert_int_eq(c.screen_length, 24);
	vsh_ui_get(f->db, -1, &c);
	ck_assert_int_eq(c.auth, VSH_AUTH_NONE);
	ck_assert_int_eq(c.level, 3);
	ck_assert_uint_eq(c.idle_seconds, 300);
	ck_assert_int_eq(vsh_ui_max_vty(f->db), 5);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "user privilege level 2",
			  "idle-timeout 0 0", "quit", "user-interface vty 0", "user privilege level 3",
			  "authentication-mode none", "quit", "user-interface maximum-vty 10"));
	/* Only what is committed counts. */
	vsh_ui_get(f->db, 0, &c);
	ck_assert_int_eq(c.level, 0);
	fx_ok(f, FX_LINES("commit"));
	vsh_ui_get(f->db, 0, &c);
	ck_assert_int_eq(c.level, 3);
	ck_assert_int_eq(c.auth, VSH_AUTH_NONE);
	ck_assert_uint_eq(c.idle_seconds, 0);
	vsh_ui_get(f->db, 4, &c);
	ck_assert_int_eq(c.level, 2);
	ck_assert_int_eq(c.auth, VSH_AUTH_AAA);
	vsh_ui_get(f->db, 5, &c);
	ck_assert_int_eq(c.level, 0);
	ck_assert_uint_eq(c.idle_seconds, 600);
	ck_assert_int_eq(vsh_ui_max_vty(f->db), 10);
	fx_close(f);
}
END_TEST

/* Password mode: the interface's own password, stored hashed; aaa mode
 * drops it. */
START_TEST(password_mode)
{
	fx *f = fx_open(NULL, false, 3);
	vsh_ui_conf c;

	fx_ok(f, FX_LINES("system-view", "user-interface console 0", "authentication-mode password",
			  "set authentication password cipher Console#1", "commit"));
	vsh_ui_get(f->db, -1, &c);
	ck_assert_int_eq(c.auth, VSH_AUTH_PASSWORD);
	ck_assert(strncmp(c.password, "$y$", 3) == 0 || strncmp(c.password, "$6$", 3) == 0);
	ck_assert_ptr_null(strstr(running(f), "Console#1"));
	ck_assert_ptr_nonnull(strstr(f->out, "\n set authentication password cipher $"));
	fx_ok(f, FX_LINES("user-interface console 0", "authentication-mode aaa", "commit"));
	vsh_ui_get(f->db, -1, &c);
	ck_assert_int_eq(c.auth, VSH_AUTH_AAA);
	ck_assert_str_eq(c.password, "");
	ck_assert_ptr_null(strstr(running(f), "set authentication password"));
	fx_close(f);
}
END_TEST

/* authentication-mode ? lists the modes (Using_Command_Online_Help.md shows
 * aaa and password). */
START_TEST(authentication_mode_help)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4"));
	fx_help(f, "authentication-mode ");
	ck_assert_ptr_nonnull(strstr(f->out, "  aaa "));
	ck_assert_ptr_nonnull(strstr(f->out, "  password "));
	ck_assert_ptr_nonnull(strstr(f->out, "  none "));
	fx_close(f);
}
END_TEST

START_TEST(level_range)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0"));
	ck_assert_int_eq(fx_run(f, "user privilege level 4"), -1);
	ck_assert_str_eq(f->out, caret(17 + 21, E_WRONG));
	ck_assert_int_eq(fx_run(f, "idle-timeout 35792"), -1);
	ck_assert_int_eq(fx_run(f, "screen-length 513"), -1);
	/* idle-timeout_(user_interface_view).md: a console's minutes are 1 to
	 * 1440, a VTY's 0 to 35791. */
	fx_ok(f, FX_LINES("idle-timeout 1441 0", "quit", "user-interface console 0",
			  "idle-timeout 1 0", "idle-timeout 1440 59"));
	ck_assert_int_eq(fx_run(f, "idle-timeout 0"), -1);
	ck_assert_str_eq(f->out, caret(21 + 13, E_WRONG));
	ck_assert_int_eq(fx_run(f, "idle-timeout 1441"), -1);
	ck_assert_str_eq(f->out, caret(21 + 13, E_WRONG));
	fx_close(f);
}
END_TEST

/* display_users.md: the layout; a session outside a shared table shows
 * itself. */
START_TEST(display_users_self)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "display users"), 0);
	ck_assert_str_eq(f->out,
			 "NOTE:\n"
			 "User-Intf: The absolute number and the relative number of user interface\n"
			 "Authen: Whether the authentication passes\n"
			 "Author: Command line authorization flag\n"
			 "--------------------------------------------------------------------------"
			 "------\n"
			 "  User-Intf   Delay     Type   Network Address   Authen    Author   "
			 "Username\n"
			 "--------------------------------------------------------------------------"
			 "------\n"
			 "* 0   CON 0   00:00:00                           pass      yes      "
			 "Unspecified\n"
			 "\n");
	fx_close(f);
}
END_TEST

/* With a shared table: every taken slot, the caller marked. */
START_TEST(display_users_table)
{
	fx *f = fx_open(NULL, false, 1);
	vsh_online *o = vsh_online_open(NULL);
	vsh_online_rec r = { .kind = "TEL", .addr = "10.135.34.246", .user = "huawei_123" };

	ck_assert_ptr_nonnull(o);
	r.login_time = r.last_input = (int64_t)time(NULL) - 3723; /* 1:02:03 idle */
	ck_assert_int_eq(vsh_online_claim(o, VSH_ONLINE_VTY(0), VSH_ONLINE_VTY(4), &r),
			 VSH_ONLINE_VTY(0));
	r.last_input = (int64_t)time(NULL);
	snprintf(r.addr, sizeof r.addr, "10.135.23.55");
	int me = vsh_online_claim(o, VSH_ONLINE_VTY(0), VSH_ONLINE_VTY(4), &r);
	ck_assert_int_eq(me, VSH_ONLINE_VTY(1));
	ck_assert_int_eq(vsh_online_count(o, VSH_ONLINE_VTY(0), VSH_ONLINE_VTY(20)), 2);
	f->s.online = o;
	f->s.online_slot = me;
	ck_assert_int_eq(fx_run(f, "display users"), 0);
	const char *rows = strstr(f->out, "Username\n-----");
	ck_assert_ptr_nonnull(rows);
	rows = strchr(rows + 9, '\n') + 1;
	ck_assert_str_eq(rows, "  34  VTY 0   01:02:03  TEL    10.135.34.246     pass      yes      "
			       "huawei_123\n"
			       "\n"
			       "* 35  VTY 1   00:00:00  TEL    10.135.23.55      pass      yes      "
			       "huawei_123\n"
			       "\n");
	vsh_online_release(o, VSH_ONLINE_VTY(0));
	ck_assert_int_eq(vsh_online_count(o, 0, VSH_ONLINE_SLOTS - 1), 1);
	ck_assert_int_eq(fx_run(f, "display users all"), 0);
	rows = strchr(strstr(f->out, "Username\n-----") + 9, '\n') + 1;
	ck_assert_str_eq(rows, "  0   CON 0\n\n"
			       "  34  VTY 0\n\n"
			       "* 35  VTY 1   00:00:00  TEL    10.135.23.55      pass      yes      "
			       "huawei_123\n\n"
			       "  36  VTY 2\n\n"
			       "  37  VTY 3\n\n"
			       "  38  VTY 4\n\n");
	vsh_online_close(o);
	fx_close(f);
}
END_TEST

static Suite *make_ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, vty_view_example);
	tcase_add_test(tc, vty_numbers);
	tcase_add_test(tc, vty_settings_render);
	tcase_add_test(tc, settings_per_vty);
	tcase_add_test(tc, password_mode);
	tcase_add_test(tc, authentication_mode_help);
	tcase_add_test(tc, level_range);
	tcase_add_test(tc, display_users_self);
	tcase_add_test(tc, display_users_table);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ui, make_ui_suite)
