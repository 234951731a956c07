/* User interfaces, from user-interface_vty.md, authentication-mode_(...).md,
 * user_privilege_level_(...).md, idle-timeout_(...).md and display_users.md:
 * views, settings, settings kept per VTY and shown as runs of equal VTYs
 * (overlapping ranges, undo, merging, display this, replay, rollback, two
 * sessions), and the display users layout. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../store/online.h"
#include "../../views/order.h"
#include "../../shell/replay.h"
#include "../../views/store.h"
#include "../../views/ui.h"
#include "example.h"
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

/* The running configuration, without display current-configuration's
 * header lines. */
static const char *running(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	return unit_config_body(f->out);
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

/* Defaults, and the settings each VTY takes. */
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
	store_online *o = store_online_open(NULL);
	store_online_rec r = { .kind = "TEL", .addr = "10.135.34.246", .user = "huawei_123" };

	ck_assert_ptr_nonnull(o);
	r.login_time = r.last_input = (int64_t)time(NULL) - 3723; /* 1:02:03 idle */
	ck_assert_int_eq(store_online_claim(o, STORE_ONLINE_VTY(0), STORE_ONLINE_VTY(4), &r),
			 STORE_ONLINE_VTY(0));
	r.last_input = (int64_t)time(NULL);
	snprintf(r.addr, sizeof r.addr, "10.135.23.55");
	int me = store_online_claim(o, STORE_ONLINE_VTY(0), STORE_ONLINE_VTY(4), &r);
	ck_assert_int_eq(me, STORE_ONLINE_VTY(1));
	ck_assert_int_eq(store_online_count(o, STORE_ONLINE_VTY(0), STORE_ONLINE_VTY(20)), 2);
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
	store_online_release(o, STORE_ONLINE_VTY(0));
	ck_assert_int_eq(store_online_count(o, 0, STORE_ONLINE_SLOTS - 1), 1);
	ck_assert_int_eq(fx_run(f, "display users all"), 0);
	rows = strchr(strstr(f->out, "Username\n-----") + 9, '\n') + 1;
	ck_assert_str_eq(rows, "  0   CON 0\n\n"
			       "  34  VTY 0\n\n"
			       "* 35  VTY 1   00:00:00  TEL    10.135.23.55      pass      yes      "
			       "huawei_123\n\n"
			       "  36  VTY 2\n\n"
			       "  37  VTY 3\n\n"
			       "  38  VTY 4\n\n");
	store_online_close(o);
	fx_close(f);
}
END_TEST

/* ---- settings kept per VTY ------------------------------------------- */

#define HEAD "#\nsysname HUAWEI\n"
#define MAX8 "#\nuser-interface maximum-vty 8\n"

static char *this_view(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	return f->out;
}

/* The settings among the generated lines of the view, as the device
 * shows them: the configuration guide's "Example for Configuring Telnet
 * Login (RADIUS Authentication)" (DeviceA). */
START_TEST(settings_among_generated_lines)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "protocol inbound telnet",
			  "user privilege level 3", "authentication-mode aaa", "acl 2000 inbound",
			  "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n"
				     "#\n"
				     "user-interface vty 0 4\n"
				     " acl 2000 inbound\n"
				     " authentication-mode aaa\n"
				     " user privilege level 3\n"
				     " protocol inbound telnet\n"
				     "#\n"
				     "return\n");
	fx_close(f);
}
END_TEST

static char *candidate(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display configuration candidate"), 0);
	return f->out;
}

static void check_vty(cfg_db *db, int vty, vsh_auth_mode auth, int level, unsigned idle,
		      int screen)
{
	vsh_ui_conf c;

	vsh_ui_get(db, vty, &c);
	ck_assert_msg(c.auth == auth && c.level == level && c.idle_seconds == idle &&
			      c.screen_length == screen,
		      "VTY %d: auth %d level %d idle %u screen %d", vty, (int)c.auth, c.level,
		      c.idle_seconds, c.screen_length);
}

/* Two overlapping ranges: the VTYs they share get the settings of both,
 * and the VTYs are shown as runs of equal settings. */
START_TEST(overlapping_ranges_regroup)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface maximum-vty 8", "user-interface vty 0 4",
			  "authentication-mode aaa", "user privilege level 2", "quit",
			  "user-interface vty 2 7", "screen-length 30", "commit"));
	ck_assert_str_eq(running(f), HEAD MAX8
				     "#\nuser-interface vty 0 1\n authentication-mode aaa\n"
				     " user privilege level 2\n"
				     "#\nuser-interface vty 2 4\n authentication-mode aaa\n"
				     " user privilege level 2\n screen-length 30\n"
				     "#\nuser-interface vty 5 7\n screen-length 30\n#\nreturn\n");
	/* what a login gets is what the display shows */
	check_vty(f->db, 0, VSH_AUTH_AAA, 2, 600, 24);
	check_vty(f->db, 1, VSH_AUTH_AAA, 2, 600, 24);
	check_vty(f->db, 2, VSH_AUTH_AAA, 2, 600, 30);
	check_vty(f->db, 4, VSH_AUTH_AAA, 2, 600, 30);
	check_vty(f->db, 5, VSH_AUTH_AAA, 0, 600, 30);
	check_vty(f->db, 7, VSH_AUTH_AAA, 0, 600, 30);
	/* a wider range set later changes every VTY of it, narrower ranges
	 * set before included */
	fx_ok(f, FX_LINES("user-interface vty 0 7", "user privilege level 3", "commit"));
	ck_assert_str_eq(running(f), HEAD MAX8
				     "#\nuser-interface vty 0 1\n authentication-mode aaa\n"
				     " user privilege level 3\n"
				     "#\nuser-interface vty 2 4\n authentication-mode aaa\n"
				     " user privilege level 3\n screen-length 30\n"
				     "#\nuser-interface vty 5 7\n user privilege level 3\n"
				     " screen-length 30\n#\nreturn\n");
	check_vty(f->db, 0, VSH_AUTH_AAA, 3, 600, 24);
	check_vty(f->db, 6, VSH_AUTH_AAA, 3, 600, 30);
	fx_close(f);
}
END_TEST

/* undo on part of a run splits it; the candidate shows the old run's
 * lines going and the new runs' lines coming. */
START_TEST(undo_splits_range)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "idle-timeout 20",
			  "screen-length 30", "commit", "user-interface vty 2", "undo screen-length"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-ui-vty2]");
	ck_assert_str_eq(candidate(f), "user-interface vty 0 1\n idle-timeout 20 0\n"
				       " screen-length 30\n"
				       "user-interface vty 0 4\n undo idle-timeout 20 0\n"
				       " undo screen-length 30\n"
				       "user-interface vty 2\n idle-timeout 20 0\n"
				       "user-interface vty 3 4\n idle-timeout 20 0\n"
				       " screen-length 30\n");
	fx_ok(f, FX_LINES("commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0 1\n idle-timeout 20 0\n"
					  " screen-length 30\n"
					  "#\nuser-interface vty 2\n idle-timeout 20 0\n"
					  "#\nuser-interface vty 3 4\n idle-timeout 20 0\n"
					  " screen-length 30\n#\nreturn\n");
	check_vty(f->db, 1, VSH_AUTH_AAA, 0, 1200, 30);
	check_vty(f->db, 2, VSH_AUTH_AAA, 0, 1200, 24);
	check_vty(f->db, 3, VSH_AUTH_AAA, 0, 1200, 30);
	/* a VTY left with nothing is not shown */
	fx_ok(f, FX_LINES("undo idle-timeout", "commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0 1\n idle-timeout 20 0\n"
					  " screen-length 30\n"
					  "#\nuser-interface vty 3 4\n idle-timeout 20 0\n"
					  " screen-length 30\n#\nreturn\n");
	check_vty(f->db, 2, VSH_AUTH_AAA, 0, 600, 24);
	/* undo over the whole range, some VTYs of it without the setting */
	fx_ok(f, FX_LINES("user-interface vty 0 4", "undo screen-length", "undo idle-timeout",
			  "commit"));
	ck_assert_str_eq(running(f), HEAD "#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Neighbours whose settings become equal merge into one run. */
START_TEST(identical_neighbours_merge)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0", "screen-length 30", "quit",
			  "user-interface vty 1", "screen-length 40", "quit", "user-interface vty 2 3",
			  "screen-length 30", "commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0\n screen-length 30\n"
					  "#\nuser-interface vty 1\n screen-length 40\n"
					  "#\nuser-interface vty 2 3\n screen-length 30\n#\nreturn\n");
	fx_ok(f, FX_LINES("user-interface vty 1", "screen-length 30", "commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0 3\n screen-length 30\n"
					  "#\nreturn\n");
	fx_ok(f, FX_LINES("user-interface vty 4", "screen-length 30"));
	ck_assert_str_eq(candidate(f), "user-interface vty 0 3\n undo screen-length 30\n"
				       "user-interface vty 0 4\n screen-length 30\n");
	fx_ok(f, FX_LINES("commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0 4\n screen-length 30\n"
					  "#\nreturn\n");
	/* the same value typed again is no change */
	fx_ok(f, FX_LINES("user-interface vty 1 2", "screen-length 30"));
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

/* display this in a range view: one section where the VTYs agree, one
 * per run where they do not, the range alone where nothing is set. */
START_TEST(display_this_in_range)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "user-interface maximum-vty 8", "user-interface vty 0 4",
			  "authentication-mode aaa", "quit", "user-interface vty 6",
			  "screen-length 30", "quit", "user-interface vty 0 2"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 0 2\n authentication-mode aaa\n"
				       "#\nreturn\n");
	fx_ok(f, FX_LINES("user-interface vty 3 7"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 3 4\n authentication-mode aaa\n"
				       "#\nuser-interface vty 6\n screen-length 30\n#\nreturn\n");
	fx_ok(f, FX_LINES("user-interface vty 5"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 5\n#\nreturn\n");
	/* the candidate is shown, and the output filters apply */
	fx_ok(f, FX_LINES("user-interface vty 3 7", "undo authentication-mode"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 6\n screen-length 30\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display this | include screen"), 0);
	ck_assert_str_eq(f->out, " screen-length 30\n");
	/* the console view is unchanged */
	fx_ok(f, FX_LINES("user-interface console 0"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface con 0\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Lines of generated commands typed in a range view (`acl 2000 inbound`)
 * are shown by display this as by display current-configuration: in their
 * place among the settings, and in the range's own section when its VTYs
 * no longer agree. */
START_TEST(display_this_generated_lines)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "acl 2000", "rule permit", "quit",
			  "user-interface vty 0 4", "idle-timeout 10", "acl 2000 inbound"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 0 4\n acl 2000 inbound\n"
				       " idle-timeout 10 0\n#\nreturn\n");
	fx_ok(f, FX_LINES("quit", "user-interface vty 0 1", "screen-length 5"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 0 1\n idle-timeout 10 0\n"
				       " screen-length 5\n#\nreturn\n");
	fx_ok(f, FX_LINES("quit", "user-interface vty 0 4"));
	char *all = ex_render(f, CFG_CANDIDATE);
	const char *vty = strstr(all, "#\nuser-interface vty");
	ck_assert_ptr_nonnull(vty);
	char *want = strdup(vty);
	free(all);
	ck_assert_str_eq(this_view(f), want);
	ck_assert_str_eq(want, "#\nuser-interface vty 0 1\n idle-timeout 10 0\n screen-length 5\n"
			       "#\nuser-interface vty 0 4\n acl 2000 inbound\n"
			       "#\nuser-interface vty 2 4\n idle-timeout 10 0\n#\nreturn\n");
	free(want);
	fx_close(f);
}
END_TEST

/* The rendered configuration replays to the same sections and the same
 * settings per VTY. */
START_TEST(replay_of_rendering)
{
	static const char want[] = HEAD MAX8
		"#\nuser-interface con 0\n idle-timeout 1 30\n"
		"#\nuser-interface vty 0 1\n authentication-mode aaa\n user privilege level 2\n"
		"#\nuser-interface vty 2\n authentication-mode aaa\n user privilege level 2\n"
		" screen-length 30\n"
		"#\nuser-interface vty 3\n authentication-mode aaa\n user privilege level 2\n"
		"#\nuser-interface vty 4\n authentication-mode aaa\n user privilege level 2\n"
		" screen-length 30\n"
		"#\nuser-interface vty 5 7\n screen-length 30\n#\nreturn\n";
	fx *a = fx_open(NULL, false, 3), *b = fx_open(NULL, false, 3);
	vsh_replay r;

	fx_ok(a, FX_LINES("system-view", "user-interface maximum-vty 8", "user-interface vty 0 4",
			  "authentication-mode aaa", "user privilege level 2", "quit",
			  "user-interface vty 2 7", "screen-length 30", "quit", "user-interface vty 3",
			  "undo screen-length", "quit", "user-interface console 0",
			  "idle-timeout 1 30", "commit"));
	ck_assert_str_eq(running(a), want);
	b->s.batch = true;
	vsh_replay_init(&r, &b->s, NULL, NULL);
	ck_assert_uint_eq(vsh_replay_text(&r, want, sizeof want - 1, false, NULL), 0);
	ck_assert_int_eq(vsh_commit(&b->s), 0);
	ck_assert_str_eq(running(b), want);
	for (int v = -1; v < 8; v++) {
		vsh_ui_conf ca, cb;
		vsh_ui_get(a->db, v, &ca);
		vsh_ui_get(b->db, v, &cb);
		ck_assert_int_eq(ca.auth, cb.auth);
		ck_assert_int_eq(ca.level, cb.level);
		ck_assert_uint_eq(ca.idle_seconds, cb.idle_seconds);
		ck_assert_int_eq(ca.screen_length, cb.screen_length);
	}
	check_vty(b->db, 3, VSH_AUTH_AAA, 2, 600, 24);
	check_vty(b->db, 4, VSH_AUTH_AAA, 2, 600, 30);
	fx_close(a);
	fx_close(b);
}
END_TEST

/* Sections that overlap (a configuration kept as typed): a VTY takes each
 * setting from the narrowest range, and the first edit regroups them. */
START_TEST(overlapping_sections_read)
{
	fx *f = fx_open(NULL, false, 3);
	cfg_entry *root = cfg_root(f->db), *wide, *narrow;
	cfg_order sect = { ORD_USER_INTERFACE, 5, 0 }, lvl = { 3, 0, 0 };
	char err[256];

	ck_assert_int_eq(cfg_set(f->db, root, "user-interface vty 0 4", 22, sect,
				 CFG_F_SECTION | CFG_F_IMPLICIT, &wide, err, sizeof err), 0);
	ck_assert_int_eq(cfg_set(f->db, wide, "user privilege level 2", 20, lvl, 0, NULL, err,
				 sizeof err), 0);
	sect.key = 1;
	ck_assert_int_eq(cfg_set(f->db, root, "user-interface vty 0", 20, sect,
				 CFG_F_SECTION | CFG_F_IMPLICIT, &narrow, err, sizeof err), 0);
	ck_assert_int_eq(cfg_set(f->db, narrow, "user privilege level 3", 20, lvl, 0, NULL, err,
				 sizeof err), 0);
	ck_assert_int_eq(cfg_commit(f->db, err, sizeof err), 0);
	check_vty(f->db, 0, VSH_AUTH_AAA, 3, 600, 24);
	check_vty(f->db, 1, VSH_AUTH_AAA, 2, 600, 24);
	check_vty(f->db, 4, VSH_AUTH_AAA, 2, 600, 24);
	fx_ok(f, FX_LINES("system-view", "user-interface vty 4", "screen-length 30", "commit"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0\n user privilege level 3\n"
					  "#\nuser-interface vty 1 3\n user privilege level 2\n"
					  "#\nuser-interface vty 4\n user privilege level 2\n"
					  " screen-length 30\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* ---- with a state directory ---- */

static void store_warn(void *ctx, const char *msg)
{
	(void)ctx;
	ck_abort_msg("store warning: %s", msg);
}

static char *state_dir(void)
{
	char *d = strdup("/tmp/vrpsh-ui-XXXXXX");
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static fx *fx_stored(const char *dir)
{
	fx *f = fx_open(NULL, false, 3);
	vsh_store_opts o = { .dir = dir, .warn = store_warn };
	char err[512];

	ck_assert_msg(vsh_store_attach(&f->s, &o, err, sizeof err) == 0, "attach: %s", err);
	return f;
}

static void fx_unstore(fx *f)
{
	vsh_store_detach(&f->s);
	fx_close(f);
}

static void rm_state(char *d)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
	free(d);
}

#define SPLIT HEAD "#\nuser-interface vty 0\n screen-length 30\n" \
	"#\nuser-interface vty 1 2\n user privilege level 1\n screen-length 30\n" \
	"#\nuser-interface vty 3 4\n screen-length 30\n#\nreturn\n"

/* A commit that splits a run is rolled back to the run; rolling the
 * rollback back splits it again; a restart gives the same sections. */
START_TEST(rollback_of_regrouping)
{
	char *dir = state_dir();
	fx *f = fx_stored(dir);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "screen-length 30", "commit",
			  "user-interface vty 1 2", "user privilege level 1", "commit"));
	ck_assert_str_eq(running(f), SPLIT);
	ck_assert_int_eq(fx_run(f, "display configuration commit changes last 1"), 0);
	ck_assert_str_eq(f->out, "Building configuration\n"
				 "  #\n  user-interface vty 0\n+  screen-length 30\n"
				 "  #\n  user-interface vty 0 4\n-  screen-length 30\n"
				 "  #\n  user-interface vty 1 2\n+  user privilege level 1\n"
				 "+  screen-length 30\n"
				 "  #\n  user-interface vty 3 4\n+  screen-length 30\n  #\n");
	fx_ok(f, FX_LINES("return"));
	fx_answers(f, FX_LINES("y"));
	fx_ok(f, FX_LINES("rollback configuration last 1"));
	ck_assert_str_eq(running(f), HEAD "#\nuser-interface vty 0 4\n screen-length 30\n"
					  "#\nreturn\n");
	check_vty(f->db, 1, VSH_AUTH_AAA, 0, 600, 30);
	fx_answers(f, FX_LINES("y"));
	fx_ok(f, FX_LINES("rollback configuration last 1"));
	ck_assert_str_eq(running(f), SPLIT);
	check_vty(f->db, 1, VSH_AUTH_AAA, 1, 600, 30);
	fx *g = fx_stored(dir);
	ck_assert_str_eq(running(g), SPLIT);
	fx_unstore(g);
	fx_unstore(f);
	rm_state(dir);
}
END_TEST

#define H1 "$6$vtypass1$xGBbSvS5YjtVo0C6TQWR5NhMI9iPUXEduF1SpyO7EreF9OJeswUpENi1UUYBwOaHrZyUnjHe1y6K4TPBUr2wU0"
#define H2 "$6$vtypass2$ixr4MLQZN.P4pJqq0iY/LDzO3XX1T1uKVKx5L63SelC/QarjZxB7yIMB5h5vuKJzhJkwnfX1s2bLSWUkLV0rD/"
#define AAA_H2 HEAD "#\nuser-interface vty 0 4\n authentication-mode aaa\n" \
	" set authentication password cipher " H2 "\n#\nreturn\n"
#define PASSWORD_H1 HEAD "#\nuser-interface vty 0 4\n authentication-mode password\n" \
	" set authentication password cipher " H1 "\n#\nreturn\n"

/* `authentication-mode aaa` drops the interface's password when typed;
 * applied from a record (a rollback of a rollback), where the password
 * line has a record of its own, it must not. */
START_TEST(rollback_keeps_password_under_aaa)
{
	char *dir = state_dir();
	fx *f = fx_stored(dir);

	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "authentication-mode password",
			  "set authentication password cipher " H1, "commit",
			  "authentication-mode aaa", "set authentication password cipher " H2,
			  "commit", "return"));
	ck_assert_str_eq(running(f), AAA_H2);
	for (int i = 0; i < 3; i++) {
		fx_answers(f, FX_LINES("y"));
		fx_ok(f, FX_LINES("rollback configuration last 1"));
		ck_assert_str_eq(running(f), i % 2 ? AAA_H2 : PASSWORD_H1);
	}
	/* typed, it still drops the password */
	fx_ok(f, FX_LINES("system-view", "user-interface vty 0 4", "authentication-mode aaa"));
	ck_assert_str_eq(this_view(f), "#\nuser-interface vty 0 4\n authentication-mode aaa\n"
				       "#\nreturn\n");
	fx_unstore(f);
	rm_state(dir);
}
END_TEST

/* Two sessions change different VTYs of one run: both changes land,
 * whichever commits second. */
START_TEST(two_sessions_merge_per_vty)
{
	char *dir = state_dir();
	fx *a = fx_stored(dir), *b = fx_stored(dir);

	fx_ok(a, FX_LINES("system-view", "user-interface vty 0 4", "screen-length 30", "commit"));
	fx_ok(b, FX_LINES("system-view", "user-interface vty 4", "screen-length 50"));
	fx_ok(a, FX_LINES("user-interface vty 0", "screen-length 40", "commit"));
	/* b's candidate still names VTYs 0-3 with 30 (its run 0-3): VTY 0
	 * keeps a's 40 */
	fx_ok(b, FX_LINES("commit"));
	static const char want[] = HEAD "#\nuser-interface vty 0\n screen-length 40\n"
					"#\nuser-interface vty 1 3\n screen-length 30\n"
					"#\nuser-interface vty 4\n screen-length 50\n#\nreturn\n";
	ck_assert_str_eq(running(a), want);
	ck_assert_str_eq(running(b), want);
	/* a change to a whole run under b's change to one VTY of it */
	fx_ok(b, FX_LINES("user-interface vty 2", "screen-length 60"));
	fx_ok(a, FX_LINES("user-interface vty 1 3", "screen-length 35", "commit"));
	ck_assert_int_eq(fx_run(b, "commit"), -1);
	ck_assert_ptr_nonnull(strstr(b->out, "Error: The configuration was changed by another "
					     "user.\n"));
	/* told once, b commits what it has: a's value everywhere but on VTY 2 */
	fx_ok(b, FX_LINES("commit"));
	ck_assert_str_eq(running(a), HEAD "#\nuser-interface vty 0\n screen-length 40\n"
					  "#\nuser-interface vty 1\n screen-length 35\n"
					  "#\nuser-interface vty 2\n screen-length 60\n"
					  "#\nuser-interface vty 3\n screen-length 35\n"
					  "#\nuser-interface vty 4\n screen-length 50\n#\nreturn\n");
	fx_unstore(a);
	fx_unstore(b);
	rm_state(dir);
}
END_TEST

/* The same setting of the same VTY changed by both: a conflict. */
START_TEST(two_sessions_same_vty_conflict)
{
	char *dir = state_dir();
	fx *a = fx_stored(dir), *b = fx_stored(dir);

	fx_ok(a, FX_LINES("system-view", "user-interface vty 0 4", "screen-length 30", "commit"));
	fx_ok(b, FX_LINES("system-view", "user-interface vty 2", "screen-length 50"));
	fx_ok(a, FX_LINES("user-interface vty 2", "screen-length 40", "commit"));
	ck_assert_int_eq(fx_run(b, "commit"), -1);
	ck_assert_str_eq(b->out, "screen-length 50\n"
				 "Error: The configuration was changed by another user.\n"
				 "Commit canceled, the configuration conflicted with other user, you "
				 "can modify \nthe configuration and commit again.\n"
				 "Failed to generate committed config.\n");
	ck_assert_str_eq(running(b), HEAD "#\nuser-interface vty 0 1\n screen-length 30\n"
					  "#\nuser-interface vty 2\n screen-length 40\n"
					  "#\nuser-interface vty 3 4\n screen-length 30\n#\nreturn\n");
	fx_ok(b, FX_LINES("commit"));
	ck_assert_str_eq(running(a), HEAD "#\nuser-interface vty 0 1\n screen-length 30\n"
					  "#\nuser-interface vty 2\n screen-length 50\n"
					  "#\nuser-interface vty 3 4\n screen-length 30\n#\nreturn\n");
	check_vty(a->db, 2, VSH_AUTH_AAA, 0, 600, 50);
	check_vty(a->db, 3, VSH_AUTH_AAA, 0, 600, 30);
	fx_unstore(a);
	fx_unstore(b);
	rm_state(dir);
}
END_TEST

/* Both change one VTY through different sections: the later commit's
 * value stands on it, and the other VTYs keep the earlier commit's. */
START_TEST(two_sessions_later_commit_stands)
{
	char *dir = state_dir();
	fx *a = fx_stored(dir), *b = fx_stored(dir);

	fx_ok(a, FX_LINES("system-view", "user-interface vty 0 4", "screen-length 30", "commit"));
	fx_ok(b, FX_LINES("system-view", "user-interface vty 0 4", "undo screen-length"));
	fx_ok(a, FX_LINES("user-interface vty 0", "screen-length 40", "commit"));
	fx_ok(b, FX_LINES("commit"));
	ck_assert_str_eq(running(a), HEAD "#\nreturn\n");
	/* the other way round */
	fx_ok(a, FX_LINES("user-interface vty 0 4", "screen-length 30", "commit"));
	fx_ok(b, FX_LINES("user-interface vty 0", "screen-length 40"));
	fx_ok(a, FX_LINES("user-interface vty 0 4", "undo screen-length", "commit"));
	fx_ok(b, FX_LINES("commit"));
	ck_assert_str_eq(running(a), HEAD "#\nuser-interface vty 0\n screen-length 40\n"
					  "#\nreturn\n");
	fx_unstore(a);
	fx_unstore(b);
	rm_state(dir);
}
END_TEST

static Suite *make_ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, vty_view_example);
	tcase_add_test(tc, vty_numbers);
	tcase_add_test(tc, vty_settings_render);
	tcase_add_test(tc, settings_among_generated_lines);
	tcase_add_test(tc, settings_per_vty);
	tcase_add_test(tc, password_mode);
	tcase_add_test(tc, authentication_mode_help);
	tcase_add_test(tc, level_range);
	tcase_add_test(tc, display_users_self);
	tcase_add_test(tc, display_users_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("per-vty");
	tcase_add_test(tc, overlapping_ranges_regroup);
	tcase_add_test(tc, undo_splits_range);
	tcase_add_test(tc, identical_neighbours_merge);
	tcase_add_test(tc, display_this_in_range);
	tcase_add_test(tc, display_this_generated_lines);
	tcase_add_test(tc, replay_of_rendering);
	tcase_add_test(tc, overlapping_sections_read);
	tcase_add_test(tc, rollback_of_regrouping);
	tcase_add_test(tc, rollback_keeps_password_under_aaa);
	tcase_add_test(tc, two_sessions_merge_per_vty);
	tcase_add_test(tc, two_sessions_same_vty_conflict);
	tcase_add_test(tc, two_sessions_later_commit_stands);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ui, make_ui_suite)
