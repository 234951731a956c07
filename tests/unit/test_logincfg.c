/* The login configuration file of the state directory
 * (views/logincfg.h): what it holds, that commits keep it current, that a
 * stale one is put right, and that it loads into a database the login
 * look-ups work on. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../views/aaa.h"
#include "../../views/logincfg.h"
#include "../../views/models.h"
#include "../../views/store.h"
#include "../../views/terminal.h"
#include "../../views/ui.h"
#include "unit.h"
#include "vsh_fixture.h"

static char *read_text(const char *dir)
{
	static char buf[1 << 16];
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, VSH_LOGINCFG_NAME);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void write_text(const char *dir, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, VSH_LOGINCFG_NAME);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static fx *open_on(const char *dir)
{
	char err[512];
	fx *f = fx_open(NULL, false, 3);
	vsh_store_opts o = { .dir = dir };
	ck_assert_msg(vsh_store_attach(&f->s, &o, err, sizeof err) == 0, "attach: %s", err);
	ck_assert_int_eq(vsh_logincfg_attach(&f->s, err, sizeof err), 0);
	return f;
}

static void close_fx(fx *f)
{
	vsh_store_detach(&f->s);
	fx_close(f);
}


START_TEST(commits_write_it)
{
	char *d = unit_tmpdir("logincfg");
	fx *f = open_on(d);

	fx_ok(f, FX_LINES("system-view", "sysname R1", "interface LoopBack0", "quit", "commit"));
	ck_assert_str_eq(read_text(d), "!vrpsh login configuration 1\n");
	fx_ok(f, FX_LINES("user-interface maximum-vty 4", "header login information \"Hi\"",
			  "aaa", "local-user admin password irreversible-cipher Admin@1234",
			  "local-user admin service-type telnet", "quit", "user-interface vty 0 3",
			  "authentication-mode aaa", "user privilege level 2", "quit", "commit"));
	const char *t = read_text(d);
	const char *h = strstr(t, " local-user admin password irreversible-cipher $");
	ck_assert_ptr_nonnull(h);
	char want[2048];
	snprintf(want, sizeof want,
		 "!vrpsh login configuration 1\n"
		 "#\nheader login information \"Hi\"\n#\n"
		 "#\naaa\n%.*s\n local-user admin service-type telnet\n#\n"
		 "#\nuser-interface maximum-vty 4\n#\n"
		 "#\nuser-interface vty 0 3\n authentication-mode aaa\n user privilege level 2\n#\n",
		 (int)(strchr(h, '\n') - h), h);
	ck_assert_str_eq(t, want);

	/* It loads into a database the login look-ups work on. */
	char err[512];
	cfg_db *db = vsh_logincfg_load(d, f->vs, model_default(), false, err, sizeof err);
	ck_assert_msg(db != NULL, "%s", err);
	vsh_aaa_user u;
	ck_assert(vsh_aaa_login(db, "admin", "Admin@1234", VSH_AAA_SVC_TELNET, &u));
	ck_assert(!vsh_aaa_login(db, "admin", "Admin@12345", VSH_AAA_SVC_TELNET, &u));
	ck_assert_int_eq(vsh_ui_max_vty(db), 4);
	vsh_ui_conf ui;
	vsh_ui_get(db, 2, &ui);
	ck_assert_int_eq(ui.auth, VSH_AUTH_AAA);
	ck_assert_int_eq(ui.level, 2);
	char banner[64];
	ck_assert(vsh_header_get(db, true, banner, sizeof banner));
	ck_assert_str_eq(banner, "Hi");
	cfg_db_free(db);
	close_fx(f);
	unit_rmdir(d);
}
END_TEST

/* A stale file (a crash between a commit and its hook) is put right by
 * the next commit of anything, and by vsh_logincfg_refresh. */
START_TEST(stale_file_repaired)
{
	char *d = unit_tmpdir("logincfg");
	fx *f = open_on(d);
	char err[512];

	fx_ok(f, FX_LINES("system-view", "user-interface maximum-vty 7", "commit"));
	char good[4096];
	snprintf(good, sizeof good, "%s", read_text(d));
	write_text(d, "!vrpsh login configuration 1\n#\nuser-interface maximum-vty 2\n#\n");
	fx_ok(f, FX_LINES("sysname R2", "commit"));
	ck_assert_str_eq(read_text(d), good);

	write_text(d, "stale");
	fx *g = open_on(d);
	ck_assert_int_eq(vsh_logincfg_refresh(&g->s, err, sizeof err), 0);
	ck_assert_str_eq(read_text(d), good);
	/* refresh picks up commits made since its session started */
	fx_ok(f, FX_LINES("user-interface maximum-vty 9", "commit"));
	write_text(d, "stale");
	ck_assert_int_eq(vsh_logincfg_refresh(&g->s, err, sizeof err), 0);
	ck_assert(strstr(read_text(d), "user-interface maximum-vty 9\n") != NULL);
	close_fx(g);
	close_fx(f);
	unit_rmdir(d);
}
END_TEST

START_TEST(bad_files)
{
	char *d = unit_tmpdir("logincfg");
	char err[512];
	fx *f = fx_open(NULL, false, 3);

	ck_assert_ptr_null(vsh_logincfg_load(d, f->vs, model_default(), false, err, sizeof err));
	ck_assert(strstr(err, "no such file") != NULL);
	write_text(d, "user-interface maximum-vty 3\n");
	ck_assert_ptr_null(vsh_logincfg_load(d, f->vs, model_default(), false, err, sizeof err));
	ck_assert(strstr(err, "not a login configuration") != NULL);
	/* Lines that do not replay are left out, the others kept. */
	write_text(d, "!vrpsh login configuration 1\nno such command\nuser-interface maximum-vty 3\n"
		      "aaa\n local-user x password irreversible-cipher notahash\n");
	cfg_db *db = vsh_logincfg_load(d, f->vs, model_default(), false, err, sizeof err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(vsh_ui_max_vty(db), 3);
	ck_assert_ptr_null(vsh_aaa_password_hash(db, "x"));
	cfg_db_free(db);
	fx_close(f);
	unit_rmdir(d);
}
END_TEST

static Suite *logincfg_suite(void)
{
	Suite *s = suite_create("logincfg");
	TCase *tc = tcase_create("logincfg");
	tcase_add_test(tc, commits_write_it);
	tcase_add_test(tc, stale_file_repaired);
	tcase_add_test(tc, bad_files);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(logincfg, logincfg_suite)
