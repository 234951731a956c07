/* Account lockout after wrong passwords (local-aaa-user_wrong-password.md):
 * the records of the state directory, the rules (tries within the retry
 * interval, the block time, a limit lowered below the count), concurrent
 * failures of many processes, damaged files; the command, its undo and
 * how the configuration shows them; authentication through the lockout;
 * `display local-user` and `display aaa configuration`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../views/aaa.h"
#include "../../views/lockout.h"
#include "../../views/models.h"
#include "../../views/store.h"
#include "../../views/state.h"
#include "unit.h"
#include "vsh_fixture.h"

static const vsh_lockout_policy dflt = { true, 5, 3, 5 };

static void put_file(const char *dir, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/lockout", dir);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static int fail_at(const char *dir, const char *user, const vsh_lockout_policy *p, int64_t t)
{
	char err[256];
	int rc = vsh_lockout_fail(dir, user, p, t, NULL, err, sizeof err);
	ck_assert_msg(rc >= 0, "fail: %s", err);
	return rc;
}

/* Three wrong passwords within five minutes lock the account for five
 * minutes; then it opens again and the count starts over. */
START_TEST(three_failures_block)
{
	char *d = unit_tmpdir("lockout");
	vsh_lockout_state st;

	ck_assert(!vsh_lockout_get(d, "admin", &dflt, 1000, &st));
	ck_assert_int_eq(fail_at(d, "admin", &dflt, 1000), 0);
	ck_assert_int_eq(fail_at(d, "admin", &dflt, 1100), 0);
	ck_assert(!vsh_lockout_get(d, "admin", &dflt, 1100, &st));
	ck_assert_uint_eq(st.failures, 2);
	ck_assert_uint_eq(vsh_lockout_tries_left(&st, &dflt), 1);
	ck_assert_int_eq(fail_at(d, "admin", &dflt, 1200), 1);
	ck_assert(vsh_lockout_get(d, "admin", &dflt, 1200, &st));
	ck_assert_int_eq(st.until, 1200 + 300);
	ck_assert_int_eq(vsh_lockout_block_left(&st, 1299), 201);
	/* A failure during the block does not make it longer. */
	ck_assert_int_eq(fail_at(d, "admin", &dflt, 1400), 1);
	ck_assert(vsh_lockout_get(d, "admin", &dflt, 1499, &st));
	ck_assert_int_eq(st.until, 1500);
	ck_assert(!vsh_lockout_get(d, "admin", &dflt, 1500, &st));
	ck_assert_uint_eq(st.failures, 0);
	/* Other users are not touched. */
	ck_assert(!vsh_lockout_get(d, "guest", &dflt, 1200, &st));
	unit_rmdir(d);
}
END_TEST

/* Failures further apart than the retry interval do not add up. */
START_TEST(interval_restarts_count)
{
	char *d = unit_tmpdir("lockout");
	vsh_lockout_state st;

	ck_assert_int_eq(fail_at(d, "u", &dflt, 0 + 10), 0);
	ck_assert_int_eq(fail_at(d, "u", &dflt, 200), 0);
	/* 300 s after the first failure the interval is over. */
	ck_assert(!vsh_lockout_get(d, "u", &dflt, 310, &st));
	ck_assert_uint_eq(st.failures, 0);
	ck_assert_int_eq(fail_at(d, "u", &dflt, 310), 0);
	ck_assert_int_eq(fail_at(d, "u", &dflt, 320), 0);
	ck_assert_int_eq(fail_at(d, "u", &dflt, 330), 1);
	unit_rmdir(d);
}
END_TEST

/* A success or `state active` forgets; a lowered limit still leaves one
 * try (the page's Precautions); a disabled policy counts nothing. */
START_TEST(clear_lowered_disabled)
{
	char *d = unit_tmpdir("lockout");
	char err[256];
	vsh_lockout_state st;
	vsh_lockout_policy ten = { true, 5, 10, 5 }, off = { false, 5, 3, 5 };

	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(fail_at(d, "u", &ten, 100 + i), 0);
	/* lowered to 3 with 5 counted: one more try, which locks */
	ck_assert(!vsh_lockout_get(d, "u", &dflt, 110, &st));
	ck_assert_uint_eq(vsh_lockout_tries_left(&st, &dflt), 1);
	ck_assert_int_eq(fail_at(d, "u", &dflt, 111), 1);
	ck_assert_int_eq(vsh_lockout_clear(d, "u", err, sizeof err), 0);
	ck_assert(!vsh_lockout_get(d, "u", &dflt, 112, &st));
	ck_assert_uint_eq(st.failures, 0);
	/* off: no count, no block */
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(fail_at(d, "v", &off, 200 + i), 0);
	ck_assert(!vsh_lockout_get(d, "v", &dflt, 210, &st));
	ck_assert_uint_eq(st.failures, 0);
	unit_rmdir(d);
}
END_TEST

struct seen {
	char names[8][64];
	int n;
};

static int note(void *arg, const char *user, const vsh_lockout_state *st)
{
	struct seen *s = arg;
	(void)st;
	if (s->n < 8)
		snprintf(s->names[s->n++], 64, "%s", user);
	return 0;
}

/* Names of any bytes but NUL are kept; malformed lines are ignored; the
 * list comes in name order and leaves out what has run out. */
START_TEST(file_form_and_damage)
{
	char *d = unit_tmpdir("lockout");
	struct seen seen = { .n = 0 };
	vsh_lockout_state st;

	/* "b c" (a blank in it), "a": both blocked until 5000; junk lines. */
	put_file(d, "!vrpsh lockout 1\n"
		    "622063 100 3 5000\n"
		    "61 100 3 5000\n"
		    "zz 1 1 1\n"
		    "6 1 1 1\n"
		    "0061 1 1 1\n"
		    "63 1 1 99999999999999\n"
		    "64 100 1\n"
		    "65 100 1 0 9\n"
		    "66 100 1 0");
	ck_assert(vsh_lockout_get(d, "b c", &dflt, 200, &st));
	ck_assert(vsh_lockout_get(d, "a", &dflt, 200, &st));
	ck_assert(!vsh_lockout_get(d, "c", &dflt, 200, &st));
	ck_assert(!vsh_lockout_get(d, "f", &dflt, 200, &st)); /* line without its end */
	vsh_lockout_list(d, &dflt, 200, note, &seen);
	ck_assert_int_eq(seen.n, 2);
	ck_assert_str_eq(seen.names[0], "a");
	ck_assert_str_eq(seen.names[1], "b c");
	/* Writing keeps what was good and drops the rest. */
	ck_assert_int_eq(fail_at(d, "new", &dflt, 200), 0);
	char p[512], buf[4096];
	snprintf(p, sizeof p, "%s/lockout", d);
	FILE *f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "!vrpsh lockout 1\n"
			      "61 100 3 5000\n"
			      "622063 100 3 5000\n"
			      "6e6577 200 1 0\n");
	/* A symbolic link in place of the file is not followed. */
	char target[600];
	snprintf(target, sizeof target, "%s/elsewhere", d);
	unlink(p);
	ck_assert_int_eq(symlink(target, p), 0);
	ck_assert(!vsh_lockout_get(d, "a", &dflt, 200, &st));
	unit_rmdir(d);
}
END_TEST

/* Many processes failing at once: every failure counts. */
START_TEST(concurrent_failures)
{
	char *d = unit_tmpdir("lockout");
	vsh_lockout_policy many = { true, 60, 1000, 5 };
	enum { PROCS = 8, EACH = 20 };
	vsh_lockout_state st;

	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char err[256];
			for (int i = 0; i < EACH; i++)
				if (vsh_lockout_fail(d, "shared", &many, 100, NULL, err, sizeof err) < 0)
					_exit(1);
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		ck_assert_int_gt(wait(&status), 0);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ck_assert(!vsh_lockout_get(d, "shared", &many, 100, &st));
	ck_assert_uint_eq(st.failures, PROCS * EACH);
	unit_rmdir(d);
}
END_TEST

/* The command, its undo, and the configuration. */
START_TEST(command_and_display)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa",
			  "local-aaa-user wrong-password retry-interval 10 retry-time 4 block-time 6",
			  "commit"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\naaa\n"
				 " local-aaa-user wrong-password retry-interval 10 retry-time 4 "
				 "block-time 6\n#\nreturn\n");
	vsh_lockout_policy p;
	vsh_aaa_lockout_policy(f->db, CFG_RUNNING, &p);
	ck_assert(p.enabled && p.interval_min == 10 && p.tries == 4 && p.block_min == 6);
	fx_ok(f, FX_LINES("undo local-aaa-user wrong-password", "commit"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\naaa\n undo local-aaa-user wrong-password\n"
				 "#\nreturn\n");
	vsh_aaa_lockout_policy(f->db, CFG_RUNNING, &p);
	ck_assert(!p.enabled);
	ck_assert_int_eq(fx_run(f, "display aaa configuration"), 0);
	ck_assert(strstr(f->out, "  Local-user block retry-time      : -\n") != NULL);
	/* The defaults show nothing. */
	fx_ok(f, FX_LINES("local-aaa-user wrong-password retry-interval 5 retry-time 3 block-time 5",
			  "commit"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\nreturn\n");
	vsh_aaa_lockout_policy(f->db, CFG_RUNNING, &p);
	ck_assert(p.enabled && p.interval_min == 5 && p.tries == 3 && p.block_min == 5);
	ck_assert_int_eq(fx_run(f, "display aaa configuration"), 0);
	ck_assert_str_eq(f->out, "  Domain Name Delimiter            : @\n"
				 "  Local-user                       : used: 0\n"
				 "  Local-user block retry-interval  : 5 Min(s)\n"
				 "  Local-user block retry-time      : 3\n"
				 "  Local-user block time            : 5 Min(s)\n");
	/* Out of the page's ranges. */
	ck_assert_int_ne(fx_run(f, "local-aaa-user wrong-password retry-interval 4 retry-time 3 "
				   "block-time 5"), 0);
	ck_assert_int_ne(fx_run(f, "local-aaa-user wrong-password retry-interval 5 retry-time 2 "
				   "block-time 5"), 0);
	ck_assert_int_ne(fx_run(f, "local-aaa-user wrong-password retry-interval 5 retry-time 3 "
				   "block-time 65536"), 0);
	ck_assert_int_ne(fx_run(f, "local-aaa-user wrong-password retry-interval 5"), 0);
	fx_close(f);
}
END_TEST

/* A session on a state directory, for the tests that need one. */
typedef struct dfx {
	char *dir;
	fx *f;
} dfx;

static dfx dopen(void)
{
	dfx d = { unit_tmpdir("lockout"), fx_open(NULL, false, 3) };
	char err[512];
	vsh_store_opts o = { .dir = d.dir };
	ck_assert_msg(vsh_store_attach(&d.f->s, &o, err, sizeof err) == 0, "attach: %s", err);
	return d;
}

static void dclose(dfx d)
{
	vsh_store_detach(&d.f->s);
	fx_close(d.f);
	unit_rmdir(d.dir);
}

static int auth(dfx *d, const char *user, const char *pw, int64_t now)
{
	char why[256];
	return vsh_aaa_authenticate(d->f->db, d->dir, user, pw, VSH_AAA_SVC_TELNET, now, NULL, why,
				    sizeof why);
}

/* The fourth try after three wrong passwords is refused even with the
 * right password until the block time has passed; unknown users and
 * other refusals do not count; state active unlocks. */
START_TEST(authenticate_with_lockout)
{
	dfx d = dopen();
	fx_ok(d.f, FX_LINES("system-view", "aaa",
			    "local-user admin password irreversible-cipher Admin@1234",
			    "local-user admin service-type telnet",
			    "local-user sshonly password irreversible-cipher Ssh#12345",
			    "local-user sshonly service-type ssh", "commit"));
	int64_t t = 10000;
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", t), VSH_AAA_OK);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(auth(&d, "admin", "wrong", t + i), VSH_AAA_REFUSED);
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", t + 3), VSH_AAA_BLOCKED);
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", t + 2 + 299), VSH_AAA_BLOCKED);
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", t + 2 + 300), VSH_AAA_OK);
	/* the success forgot the count */
	ck_assert_int_eq(auth(&d, "admin", "wrong", t + 400), VSH_AAA_REFUSED);
	ck_assert_int_eq(auth(&d, "admin", "wrong", t + 401), VSH_AAA_REFUSED);
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", t + 402), VSH_AAA_OK);
	/* unknown users: refused, nothing recorded */
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(auth(&d, "nobody", "x", t + 500 + i), VSH_AAA_REFUSED);
	ck_assert_int_eq(auth(&d, "", "x", t + 510), VSH_AAA_REFUSED);
	vsh_lockout_state st;
	ck_assert(!vsh_lockout_get(d.dir, "nobody", &dflt, t + 510, &st));
	ck_assert_uint_eq(st.failures, 0);
	/* the right password through another service: refused, not counted */
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(auth(&d, "sshonly", "Ssh#12345", t + 600 + i), VSH_AAA_REFUSED);
	ck_assert(!vsh_lockout_get(d.dir, "sshonly", &dflt, t + 610, &st));
	ck_assert_uint_eq(st.failures, 0);

	/* Locked now (real time, the display's clock), then unlocked by
	 * `local-user admin state active`. */
	int64_t now = vsh_now();
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(auth(&d, "admin", "bad", now), VSH_AAA_REFUSED);
	ck_assert_int_eq(fx_run(d.f, "display local-user state block"), 0);
	ck_assert_msg(strstr(d.f->out, "\n  admin                          B      T         -"
				       "           ") != NULL,
		      "%s", d.f->out);
	ck_assert(strstr(d.f->out, "  Total 1 user(s)\n") != NULL);
	ck_assert_int_eq(fx_run(d.f, "display local-user username admin"), 0);
	ck_assert_msg(strstr(d.f->out, "  State                : block\n") != NULL &&
			      strstr(d.f->out, "  Block-time-left      : 5 Min(s)\n") != NULL &&
			      strstr(d.f->out, "  Login fail count     : 3\n") != NULL,
		      "%s", d.f->out);
	fx_ok(d.f, FX_LINES("local-user admin state active"));
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", now), VSH_AAA_OK);
	ck_assert_int_eq(fx_run(d.f, "display local-user state block"), 0);
	ck_assert(strstr(d.f->out, "  Total 0 user(s)\n") != NULL);
	/* one wrong password: the detail shows the tries left */
	ck_assert_int_eq(auth(&d, "admin", "bad", now), VSH_AAA_REFUSED);
	ck_assert_int_eq(fx_run(d.f, "display local-user username admin"), 0);
	ck_assert_msg(strstr(d.f->out, "  Retry-interval       : 5 Min(s)\n"
				       "  Retry-time-left      : 2\n") != NULL,
		      "%s", d.f->out);
	/* `undo local-aaa-user wrong-password`: nothing is locked any more */
	fx_ok(d.f, FX_LINES("undo local-aaa-user wrong-password", "commit"));
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(auth(&d, "admin", "bad", now), VSH_AAA_REFUSED);
	ck_assert_int_eq(auth(&d, "admin", "Admin@1234", now), VSH_AAA_OK);
	dclose(d);
}
END_TEST

static Suite *lockout_suite(void)
{
	Suite *s = suite_create("lockout");
	TCase *tc = tcase_create("lockout");
	tcase_add_test(tc, three_failures_block);
	tcase_add_test(tc, interval_restarts_count);
	tcase_add_test(tc, clear_lowered_disabled);
	tcase_add_test(tc, file_form_and_damage);
	tcase_add_test(tc, concurrent_failures);
	tcase_add_test(tc, command_and_display);
	tcase_add_test(tc, authenticate_with_lockout);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(lockout, lockout_suite)
