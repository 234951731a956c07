/* The view tree in a session: prompts and the ~ and * markers, quit/return from
 * every depth, the question about uncommitted changes, walk-up to upper
 * views, caret columns, lexer errors, level and model gating, help. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vsh_fixture.h"

#define BANNER "Enter system view, return user view with return command.\n"
#define QUESTION "Warning: Uncommitted configurations found, commit them before exiting? " \
		 "[Y(yes)/N(no)/C(cancel)]:"
#define AGAIN "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. " \
	      "[Y/N/C]:"
#define E_UNREC "Error: Unrecognized command found at '^' position.\n"
#define E_WRONG "Error: Wrong parameter found at '^' position.\n"
#define E_INCOMPLETE "Error: Incomplete command found at '^' position.\n"
#define E_TOOMANY "Error: Too many parameters found at '^' position.\n"
#define E_AMBIG "Error: Ambiguous command found at '^' position.\n"

/* The expected caret line and message: `col` blanks, "^", the message. */
static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	ck_assert_uint_lt(col + strlen(msg) + 3, sizeof buf);
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

/* A committed VPN instance with an IPv6 family, as BGP needs it. */
static const char *const vpn_setup[] = {
	"system-view", "ip vpn-instance vpn1", "ipv6-family", "route-distinguisher 100:1",
	"quit", "quit", NULL,
};

/* ---- prompts ---------------------------------------------------------- */

START_TEST(prompt_user_and_system)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert_int_eq(fx_run(f, "system-view"), 0);
	ck_assert_str_eq(f->out, BANNER);
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	ck_assert_int_eq(f->s.depth, 2);
	fx_close(f);
}
END_TEST

START_TEST(prompt_sysname_changes_at_commit)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "sysname HUAWEIA"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEIA]");
	ck_assert_int_eq(fx_run(f, "quit"), 0);
	ck_assert_str_eq(fx_prompt(f), "<HUAWEIA>");
	fx_close(f);
}
END_TEST

START_TEST(prompt_suffixes)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_ok(f, FX_LINES("ip vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-vpn1]");
	fx_ok(f, FX_LINES("ipv6-family"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-vpn1-af-ipv6]");
	fx_ok(f, FX_LINES("route-distinguisher 100:1", "quit", "quit", "bgp 100"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	fx_ok(f, FX_LINES("ipv6-family vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-6-vpn1]");
	/* commit keeps the view */
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp-6-vpn1]");
	fx_close(f);
}
END_TEST

START_TEST(prompt_bgp_multi_instance)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, vpn_setup);
	fx_ok(f, FX_LINES("bgp 100 instance a"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a]");
	fx_ok(f, FX_LINES("ipv6-family vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a-6-vpn1]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp-instance-a]");
	fx_close(f);
}
END_TEST

START_TEST(prompt_existing_view_keeps_tilde)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "quit", "commit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_ok(f, FX_LINES("interface LoopBack 0"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-LoopBack0]");
	/* physical ports exist: entering one changes nothing */
	fx_ok(f, FX_LINES("interface 10GE 1/0/1"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-10GE1/0/1]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(prompt_star_survives_quit)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A", "interface LoopBack 0"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(prompt_immediate_mode)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "system-view immediately"), 0);
	ck_assert_str_eq(f->out, BANNER);
	ck_assert_str_eq(fx_prompt(f), "[HUAWEI]");
	fx_ok(f, FX_LINES("sysname PE"));
	ck_assert_str_eq(fx_prompt(f), "[PE]");
	ck_assert(!cfg_pending(f->db));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_int_eq(f->asked, 0);
	ck_assert_str_eq(fx_prompt(f), "<PE>");
	/* back to two-stage mode */
	fx_ok(f, FX_LINES("system-view"));
	ck_assert_str_eq(fx_prompt(f), "[~PE]");
	fx_close(f);
}
END_TEST

START_TEST(prompt_user_view_has_no_marker)
{
	fx *f = fx_open(NULL, false, 3);

	f->s.batch = true;
	fx_ok(f, FX_LINES("system-view", "sysname A", "return"));
	ck_assert(cfg_pending(f->db));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	fx_close(f);
}
END_TEST

START_TEST(prompt_truncates_safely)
{
	fx *f = fx_open(NULL, false, 3);
	char small[5];

	ck_assert_uint_eq(vsh_prompt(&f->s, small, sizeof small), 4);
	ck_assert_str_eq(small, "<HUA");
	fx_close(f);
}
END_TEST

/* ---- quit / return ---------------------------------------------------- */

START_TEST(quit_one_level_at_a_time)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, vpn_setup);
	fx_ok(f, FX_LINES("bgp 100", "ipv6-family vpn-instance vpn1", "commit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp-6-vpn1]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert(!f->s.quit_requested);
	ck_assert_int_eq(fx_run(f, "quit"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert(f->s.quit_requested);
	ck_assert_int_eq(f->asked, 0);
	fx_close(f);
}
END_TEST

START_TEST(quit_vpn_levels)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, vpn_setup);
	fx_ok(f, FX_LINES("commit", "ip vpn-instance vpn1", "ipv6-family"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-vpn-instance-vpn1-af-ipv6]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-vpn-instance-vpn1]");
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(return_from_every_depth)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, vpn_setup);
	fx_ok(f, FX_LINES("bgp 100", "ipv6-family vpn-instance vpn1", "commit"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert_int_eq(f->s.depth, 1);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1", "ipv6-family", "return"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	fx_ok(f, FX_LINES("system-view", "bgp 100", "return"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	fx_ok(f, FX_LINES("system-view", "return"));
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	/* in the user view return stays there */
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert(!f->s.quit_requested);
	ck_assert_int_eq(f->asked, 0);
	fx_close(f);
}
END_TEST

/* ---- the question about uncommitted changes -------------------------- */

START_TEST(leave_yes_commits)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A"));
	fx_answers(f, FX_LINES("y"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, QUESTION);
	ck_assert_int_eq(f->asked, 1);
	ck_assert_str_eq(fx_prompt(f), "<A>");
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

START_TEST(leave_yes_long_form_from_subview)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A", "interface LoopBack 0"));
	fx_answers(f, FX_LINES("YES"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, QUESTION);
	ck_assert_str_eq(fx_prompt(f), "<A>");
	fx_close(f);
}
END_TEST

START_TEST(leave_no_discards)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A"));
	fx_answers(f, FX_LINES("n"));
	ck_assert_int_eq(fx_run(f, "quit"), 0);
	ck_assert_str_eq(f->out, QUESTION);
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert(!cfg_pending(f->db));
	fx_ok(f, FX_LINES("system-view"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(leave_cancel_stays)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A", "interface LoopBack 0"));
	fx_answers(f, FX_LINES("c"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, QUESTION);
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_answers(f, FX_LINES("Cancel"));
	fx_ok(f, FX_LINES("quit", "quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert(cfg_pending(f->db));
	fx_close(f);
}
END_TEST

START_TEST(leave_empty_answer_asks_again)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A"));
	fx_answers(f, FX_LINES("", "maybe", "yes"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, QUESTION AGAIN AGAIN);
	ck_assert_int_eq(f->asked, 3);
	ck_assert_str_eq(fx_prompt(f), "<A>");
	fx_close(f);
}
END_TEST

START_TEST(leave_end_of_input_cancels)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname A"));
	ck_assert_int_eq(fx_run(f, "return"), 0);
	ck_assert_str_eq(f->out, QUESTION "\n");
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert(cfg_pending(f->db));
	fx_close(f);
}
END_TEST

START_TEST(leave_quit_from_subview_does_not_ask)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "quit"));
	ck_assert_int_eq(f->asked, 0);
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(leave_batch_asks_nothing)
{
	fx *f = fx_open(NULL, false, 3);

	f->s.batch = true;
	fx_ok(f, FX_LINES("system-view", "sysname A", "quit"));
	ck_assert_str_eq(f->out, "");
	ck_assert_int_eq(f->asked, 0);
	ck_assert(cfg_pending(f->db));
	ck_assert_int_eq(vsh_commit(&f->s), 0);
	ck_assert_str_eq(fx_prompt(f), "<A>");
	fx_close(f);
}
END_TEST

static int refuse(void *arg, cfg_db *db, const cfg_change *chg, size_t n, char *err, size_t errlen)
{
	(void)arg, (void)db, (void)chg, (void)n;
	snprintf(err, errlen, "Test refusal.");
	return -1;
}

START_TEST(leave_yes_commit_fails_stays)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(cfg_hook_add(f->db, refuse, NULL, NULL), 0);
	fx_ok(f, FX_LINES("system-view", "sysname A"));
	fx_answers(f, FX_LINES("y"));
	ck_assert_int_eq(fx_run(f, "return"), -1);
	ck_assert_str_eq(f->out, QUESTION "Error: Test refusal.\nFailed to generate committed config.\n");
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(ask_yn)
{
	fx *f = fx_open(NULL, false, 3);

	fx_answers(f, FX_LINES("", "Y"));
	f->n = 0;
	ck_assert_int_eq(vsh_ask_yn(&f->s, "Continue? [Y/N]:"), 1);
	ck_assert_str_eq(f->out, "Continue? [Y/N]:"
				 "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:");
	fx_answers(f, FX_LINES("no"));
	ck_assert_int_eq(vsh_ask_yn(&f->s, "Q:"), 0);
	fx_answers(f, FX_LINES("y"));
	f->nextanswer = 1;
	ck_assert_int_eq(vsh_ask_yn(&f->s, "Q:"), -1);
	fx_close(f);
}
END_TEST

/* ---- walk-up ---------------------------------------------------------- */

START_TEST(walkup_interface_to_interface)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "interface LoopBack 1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack1]");
	ck_assert_int_eq(f->s.depth, 3);
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(walkup_interface_to_bgp_and_back)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, vpn_setup);
	fx_ok(f, FX_LINES("interface LoopBack 0", "bgp 100"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	ck_assert_int_eq(f->s.depth, 3);
	fx_ok(f, FX_LINES("ipv6-family vpn-instance vpn1", "interface LoopBack 2"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack2]");
	ck_assert_int_eq(f->s.depth, 3);
	fx_close(f);
}
END_TEST

START_TEST(walkup_runs_in_upper_view)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "sysname X"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	ck_assert_int_eq(f->s.depth, 2);
	fx_close(f);
}
END_TEST

START_TEST(walkup_never_into_user_view)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "system-view"), -1);
	ck_assert_str_eq(f->out, caret(9, E_UNREC));
	fx_ok(f, FX_LINES("interface LoopBack 0"));
	ck_assert_int_eq(fx_run(f, "system-view"), -1);
	ck_assert_str_eq(f->out, caret(19, E_UNREC));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_close(f);
}
END_TEST

START_TEST(walkup_undo_only_when_enabled)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "interface LoopBack 1"));
	/* the interface view has undo commands, but none called interface */
	ck_assert_int_eq(fx_run(f, "undo interface LoopBack 0"), -1);
	ck_assert_str_eq(f->out, caret(19 + 5, E_UNREC));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack1]");
	f->s.matched_upper_view = true;
	ck_assert_int_eq(fx_run(f, "undo interface LoopBack 0"), 0);
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(walkup_error_of_furthest_view)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "bgp 100"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	/* unknown here, incomplete in the system view: the error of the view
	 * that got further into the line */
	ck_assert_int_eq(fx_run(f, "sysname"), -1);
	ck_assert_str_eq(f->out, caret(13 + 8, E_INCOMPLETE));
	/* unknown everywhere: the current view's error */
	ck_assert_int_eq(fx_run(f, "frobnicate now"), -1);
	ck_assert_str_eq(f->out, caret(13, E_UNREC));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	fx_close(f);
}
END_TEST

START_TEST(walkup_refused_stays)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	/* CE6881H has 48 10GE ports: the command matches, the handler refuses */
	ck_assert_int_eq(fx_run(f, "interface 10GE 1/0/60"), -1);
	ck_assert_msg(strncmp(f->out, "Error: ", 7) == 0, "got '%s'", f->out);
	ck_assert_ptr_null(strchr(f->out, '^'));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	ck_assert_int_eq(f->s.depth, 3);
	fx_close(f);
}
END_TEST

/* ---- syntax errors and the caret --------------------------------------- */

START_TEST(caret_unrecognized_first_token)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "foo 0 temporary"), -1);
	ck_assert_str_eq(f->out, "        ^\n" E_UNREC);
	fx_close(f);
}
END_TEST

START_TEST(caret_unrecognized_keyword_position)
{
	/* A monitor-level user has `display` but not current-configuration. */
	fx *f = fx_open(NULL, false, 1);

	ck_assert_int_eq(fx_run(f, "display current-configuration"), -1);
	ck_assert_str_eq(f->out, caret(8 + 8, E_UNREC));
	fx_close(f);
}
END_TEST

START_TEST(caret_wrong_parameter)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "commit trial 59"), -1);
	ck_assert_str_eq(f->out, caret(9 + 13, E_WRONG));
	ck_assert_int_eq(fx_run(f, "commit trial 65536"), -1);
	ck_assert_str_eq(f->out, caret(9 + 13, E_WRONG));
	fx_close(f);
}
END_TEST

START_TEST(caret_incomplete)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "sysname"), -1);
	ck_assert_str_eq(f->out, caret(9 + 7 + 1, E_INCOMPLETE));
	fx_close(f);
}
END_TEST

START_TEST(caret_too_many)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "quit now"), -1);
	ck_assert_str_eq(f->out, caret(9 + 5, E_TOOMANY));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(caret_ambiguous)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	/* current-configuration or configuration */
	ck_assert_int_eq(fx_run(f, "dis c"), -1);
	ck_assert_str_eq(f->out, caret(9 + 4, E_AMBIG));
	fx_close(f);
}
END_TEST

/* A first keyword is a unique prefix by itself or not at all: what
 * follows it does not choose among the commands it abbreviates, in the
 * current view nor in the upper view a line would walk up to.  Typed in
 * full, or unique, it runs. */
START_TEST(caret_ambiguous_first_word)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "i"), -1);
	ck_assert_str_eq(f->out, caret(9, E_AMBIG));
	ck_assert_int_eq(fx_run(f, "i LoopBack0"), -1);
	ck_assert_str_eq(f->out, caret(9, E_AMBIG));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_ok(f, FX_LINES("int LoopBack0"));
	ck_assert_int_eq(fx_run(f, "i LoopBack1"), -1);
	ck_assert_str_eq(f->out, caret(19, E_AMBIG));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack0]");
	fx_ok(f, FX_LINES("bgp 100"));
	ck_assert_int_eq(fx_run(f, "i LoopBack0"), -1);
	ck_assert_str_eq(f->out, caret(13, E_AMBIG));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-bgp]");
	/* unknown in the BGP view, unique in the system view */
	fx_ok(f, FX_LINES("int LoopBack 1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack1]");
	fx_ok(f, FX_LINES("interface LoopBack 2"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-LoopBack2]");
	fx_close(f);
}
END_TEST

START_TEST(caret_base_is_added)
{
	fx *f = fx_open(NULL, false, 3);

	/* replay draws the caret under the echoed line: no prompt */
	f->n = 0;
	ck_assert_int_eq(vsh_exec(&f->s, "return now", 10, 0), -1);
	ck_assert_str_eq(f->out, "       ^\n" E_TOOMANY);
	f->n = 0;
	ck_assert_int_eq(vsh_exec(&f->s, "return now", 10, 30), -1);
	ck_assert_str_eq(f->out, caret(37, E_TOOMANY));
	fx_close(f);
}
END_TEST

START_TEST(semantic_error_has_no_caret)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "commit trial 120"), -1);
	ck_assert_str_eq(f->out, "Error: This operation is not supported.\n");
	fx_close(f);
}
END_TEST

START_TEST(empty_and_comment_lines)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, ""), 0);
	ck_assert_int_eq(fx_run(f, "   "), 0);
	ck_assert_int_eq(fx_run(f, "\n"), 0);
	ck_assert_int_eq(fx_run(f, "# a comment"), 0);
	ck_assert_int_eq(fx_run(f, " ! another"), 0);
	ck_assert_str_eq(f->out, "");
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	fx_close(f);
}
END_TEST

START_TEST(abbreviations_and_case)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("sys"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	/* `q` alone is ambiguous in the system view (qos, quit ...) */
	fx_ok(f, FX_LINES("SYSNAME Mixed", "COMMIT", "QUI"));
	ck_assert_str_eq(fx_prompt(f), "<Mixed>");
	fx_close(f);
}
END_TEST

/* ---- lexer errors ----------------------------------------------------- */

START_TEST(lexer_control_character)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "sys\001tem-view"), -1);
	ck_assert_str_eq(f->out, caret(8 + 3, "Error: The command line contains a control character.\n"));
	fx_close(f);
}
END_TEST

START_TEST(lexer_bad_utf8)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "sysname ab\xff"), -1);
	ck_assert_str_eq(f->out, caret(9 + 10, "Error: The command line is not valid UTF-8.\n"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	fx_close(f);
}
END_TEST

START_TEST(lexer_open_quote)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "commit label \"abc"), -1);
	ck_assert_str_eq(f->out, caret(9 + 13, "Error: The command line has a double quotation "
						"mark that is not closed.\n"));
	fx_close(f);
}
END_TEST

START_TEST(lexer_too_long)
{
	fx *f = fx_open(NULL, false, 3);
	char *line = malloc(3102);

	memset(line, 'a', 3101);
	line[3101] = '\0';
	ck_assert_int_eq(fx_run(f, line), -1);
	ck_assert_str_eq(f->out, "Error: The command line is too long (more than 3100 characters).\n");
	/* 3100 characters is not too long: the line is merely unknown */
	line[3100] = '\0';
	ck_assert_int_eq(fx_run(f, line), -1);
	ck_assert_str_eq(f->out, "        ^\n" E_UNREC);
	free(line);
	fx_close(f);
}
END_TEST

/* ---- level gating ------------------------------------------------------ */

START_TEST(level_hides_commands)
{
	fx *f = fx_open(NULL, false, 1);

	ck_assert_int_eq(fx_run(f, "system-view"), -1);
	ck_assert_str_eq(f->out, "        ^\n" E_UNREC);
	ck_assert_str_eq(fx_prompt(f), "<HUAWEI>");
	ck_assert_int_eq(fx_run(f, "display version"), 0);
	fx_help(f, "");
	ck_assert_ptr_null(strstr(f->out, "system-view"));
	ck_assert_ptr_nonnull(strstr(f->out, "display"));
	ck_assert_ptr_nonnull(strstr(f->out, "quit"));
	fx_close(f);
}
END_TEST

START_TEST(level_configuration_user)
{
	/* level 2 enters the system view but cannot set the host name (3) */
	fx *f = fx_open(NULL, false, 2);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "sysname A"), -1);
	ck_assert_str_eq(f->out, caret(9, E_UNREC));
	ck_assert_int_eq(fx_run(f, "commit"), 0);
	fx_close(f);
}
END_TEST

START_TEST(level_visit_user)
{
	fx *f = fx_open(NULL, false, 0);

	/* some display commands are for visitors; display version is not */
	ck_assert_int_eq(fx_run(f, "display version"), -1);
	ck_assert_str_eq(f->out, "                ^\n" E_UNREC);
	ck_assert_int_eq(fx_run(f, "quit"), 0);
	ck_assert(f->s.quit_requested);
	fx_close(f);
}
END_TEST

/* ---- model gating ------------------------------------------------------ */

START_TEST(model_gates_ipv6_vpn)
{
	fx *f = fx_open("CE8865", false, 3);

	fx_ok(f, FX_LINES("system-view", "ip vpn-instance vpn1"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI-vpn-instance-vpn1]");
	ck_assert_int_eq(fx_run(f, "ipv6-family"), -1);
	ck_assert_str_eq(f->out, caret(27, E_UNREC));
	fx_help(f, "");
	ck_assert_ptr_null(strstr(f->out, "ipv6-family"));
	ck_assert_ptr_nonnull(strstr(f->out, "ipv4-family"));
	fx_ok(f, FX_LINES("quit", "bgp 100"));
	ck_assert_int_eq(fx_run(f, "ipv6-family vpn-instance vpn1"), -1);
	ck_assert_str_eq(f->out, caret(13, E_UNREC));
	fx_close(f);
}
END_TEST

START_TEST(model_low_latency_mode)
{
	fx *std = fx_open("CE6885-LL", false, 3);
	fx *ll = fx_open("CE6885-LL", true, 3);

	fx_ok(std, FX_LINES("system-view", "ip vpn-instance vpn1", "ipv6-family"));
	ck_assert_str_eq(fx_prompt(std), "[*HUAWEI-vpn-instance-vpn1-af-ipv6]");
	fx_ok(ll, FX_LINES("system-view", "ip vpn-instance vpn1"));
	ck_assert_int_eq(fx_run(ll, "ipv6-family"), -1);
	ck_assert_str_eq(ll->out, caret(27, E_UNREC));
	fx_close(std);
	fx_close(ll);
}
END_TEST

/* ---- help and completion ---------------------------------------------- */

START_TEST(help_full_listing)
{
	fx *f = fx_open(NULL, false, 3);

	fx_help(f, "");
	ck_assert_msg(strncmp(f->out, "Current view commands:\n", 23) == 0, "got '%s'", f->out);
	ck_assert_ptr_null(strstr(f->out + 1, "Current view commands:"));
	ck_assert_ptr_nonnull(strstr(f->out, "  system-view"));
	ck_assert_ptr_nonnull(strstr(f->out, "  quit"));
	/* not in the user view */
	ck_assert_ptr_null(strstr(f->out, "\n  sysname "));
	ck_assert_ptr_null(strstr(f->out, "\n  commit "));
	fx_close(f);
}
END_TEST

START_TEST(help_after_words)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	fx_help(f, "sysname ");
	ck_assert_ptr_null(strstr(f->out, "Current view commands"));
	ck_assert_ptr_nonnull(strstr(f->out, "STRING<1-246>"));
	fx_help(f, "commit ");
	ck_assert_ptr_nonnull(strstr(f->out, "trial"));
	ck_assert_ptr_nonnull(strstr(f->out, "<cr>"));
	fx_close(f);
}
END_TEST

START_TEST(help_partial_word)
{
	fx *f = fx_open(NULL, false, 3);

	fx_help(f, "sys");
	ck_assert_ptr_nonnull(strstr(f->out, "system-view"));
	ck_assert_ptr_null(strstr(f->out, "quit"));
	fx_close(f);
}
END_TEST

START_TEST(help_error_before_cursor)
{
	fx *f = fx_open(NULL, false, 3);

	fx_help(f, "frob ");
	ck_assert_str_eq(f->out, "        ^\n" E_UNREC);
	fx_close(f);
}
END_TEST

START_TEST(help_walks_up)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	fx_help(f, "sysname ");
	ck_assert_ptr_nonnull(strstr(f->out, "STRING<1-246>"));
	fx_close(f);
}
END_TEST

START_TEST(complete_keyword)
{
	fx *f = fx_open(NULL, false, 3);
	char **v;

	size_t n = vsh_complete(&f->s, "system-v", 8, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "system-view");
	parser_completions_free(v, n);
	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0"));
	n = vsh_complete(&f->s, "sysn", 4, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "sysname");
	parser_completions_free(v, n);
	fx_close(f);
}
END_TEST

/* ---- the stack ---------------------------------------------------------- */

START_TEST(push_takes_whole_or_partial_suffix)
{
	fx *f = fx_open(NULL, false, 3);
	cfg_entry *root = cfg_root(f->db);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(vsh_push(&f->s, VIEW_BGP, root, "-bgp"), 0);
	ck_assert_int_eq(vsh_push(&f->s, VIEW_BGP_VPN6, root, "-6-v"), 0);
	ck_assert_str_eq(vsh_top(&f->s)->suffix, "-bgp-6-v");
	vsh_pop(&f->s);
	ck_assert_int_eq(vsh_push(&f->s, VIEW_BGP_VPN6, root, "-bgp-6-w"), 0);
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-bgp-6-w]");
	/* a sibling replaces the current view */
	ck_assert_int_eq(vsh_push(&f->s, VIEW_IF_LOOPBACK, root, "-LoopBack9"), 0);
	ck_assert_int_eq(f->s.depth, 3);
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-LoopBack9]");
	/* no BGP view below: refused */
	ck_assert_int_eq(vsh_push(&f->s, VIEW_BGP_VPN6, root, "-6-x"), -1);
	ck_assert_int_eq(vsh_push(&f->s, VIEW_USER, root, ""), -1);
	vsh_to_user(&f->s);
	ck_assert_int_eq(f->s.depth, 1);
	vsh_pop(&f->s);
	ck_assert_int_eq(f->s.depth, 1);
	fx_close(f);
}
END_TEST

START_TEST(view_parents)
{
	ck_assert_int_eq(view_parent(VIEW_SYSTEM), VIEW_USER);
	ck_assert_int_eq(view_parent(VIEW_IF_ETH), VIEW_SYSTEM);
	ck_assert_int_eq(view_parent(VIEW_VPN_AF6), VIEW_VPN);
	ck_assert_int_eq(view_parent(VIEW_BGP_VPN6), VIEW_BGP);
	ck_assert_int_eq(view_parent(VIEW_BGP_INST_VPN6), VIEW_BGP_INST);
	ck_assert_int_eq(view_parent(VIEW_BGP_INST), VIEW_SYSTEM);
}
END_TEST

START_TEST(view_set_builds_for_every_model)
{
	char err[256];

	for (size_t i = 0; model_nth(i); i++) {
		const vsh_model *m = model_find(model_nth(i));
		view_set *vs = view_set_build(m, false, err, sizeof err);
		ck_assert_msg(vs != NULL, "%s: %s", model_nth(i), err);
		ck_assert_uint_ne(view_set_avail(vs), 0);
		view_set_free(vs);
	}
}
END_TEST

static Suite *make_views_suite(void)
{
	Suite *s = suite_create("views");
	TCase *tc;

	tc = tcase_create("prompts");
	tcase_add_test(tc, prompt_user_and_system);
	tcase_add_test(tc, prompt_sysname_changes_at_commit);
	tcase_add_test(tc, prompt_suffixes);
	tcase_add_test(tc, prompt_bgp_multi_instance);
	tcase_add_test(tc, prompt_existing_view_keeps_tilde);
	tcase_add_test(tc, prompt_star_survives_quit);
	tcase_add_test(tc, prompt_immediate_mode);
	tcase_add_test(tc, prompt_user_view_has_no_marker);
	tcase_add_test(tc, prompt_truncates_safely);
	suite_add_tcase(s, tc);

	tc = tcase_create("quit_return");
	tcase_add_test(tc, quit_one_level_at_a_time);
	tcase_add_test(tc, quit_vpn_levels);
	tcase_add_test(tc, return_from_every_depth);
	suite_add_tcase(s, tc);

	tc = tcase_create("leave_question");
	tcase_add_test(tc, leave_yes_commits);
	tcase_add_test(tc, leave_yes_long_form_from_subview);
	tcase_add_test(tc, leave_no_discards);
	tcase_add_test(tc, leave_cancel_stays);
	tcase_add_test(tc, leave_empty_answer_asks_again);
	tcase_add_test(tc, leave_end_of_input_cancels);
	tcase_add_test(tc, leave_quit_from_subview_does_not_ask);
	tcase_add_test(tc, leave_batch_asks_nothing);
	tcase_add_test(tc, leave_yes_commit_fails_stays);
	tcase_add_test(tc, ask_yn);
	suite_add_tcase(s, tc);

	tc = tcase_create("walkup");
	tcase_add_test(tc, walkup_interface_to_interface);
	tcase_add_test(tc, walkup_interface_to_bgp_and_back);
	tcase_add_test(tc, walkup_runs_in_upper_view);
	tcase_add_test(tc, walkup_never_into_user_view);
	tcase_add_test(tc, walkup_undo_only_when_enabled);
	tcase_add_test(tc, walkup_error_of_furthest_view);
	tcase_add_test(tc, walkup_refused_stays);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, caret_unrecognized_first_token);
	tcase_add_test(tc, caret_unrecognized_keyword_position);
	tcase_add_test(tc, caret_wrong_parameter);
	tcase_add_test(tc, caret_incomplete);
	tcase_add_test(tc, caret_too_many);
	tcase_add_test(tc, caret_ambiguous);
	tcase_add_test(tc, caret_ambiguous_first_word);
	tcase_add_test(tc, caret_base_is_added);
	tcase_add_test(tc, semantic_error_has_no_caret);
	tcase_add_test(tc, empty_and_comment_lines);
	tcase_add_test(tc, abbreviations_and_case);
	tcase_add_test(tc, lexer_control_character);
	tcase_add_test(tc, lexer_bad_utf8);
	tcase_add_test(tc, lexer_open_quote);
	tcase_add_test(tc, lexer_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("gating");
	tcase_add_test(tc, level_hides_commands);
	tcase_add_test(tc, level_configuration_user);
	tcase_add_test(tc, level_visit_user);
	tcase_add_test(tc, model_gates_ipv6_vpn);
	tcase_add_test(tc, model_low_latency_mode);
	suite_add_tcase(s, tc);

	tc = tcase_create("help");
	tcase_add_test(tc, help_full_listing);
	tcase_add_test(tc, help_after_words);
	tcase_add_test(tc, help_partial_word);
	tcase_add_test(tc, help_error_before_cursor);
	tcase_add_test(tc, help_walks_up);
	tcase_add_test(tc, complete_keyword);
	suite_add_tcase(s, tc);

	tc = tcase_create("stack");
	tcase_add_test(tc, push_takes_whole_or_partial_suffix);
	tcase_add_test(tc, view_parents);
	tcase_add_test(tc, view_set_builds_for_every_model);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(views, make_views_suite)
