/* The record of each user's last login in the state directory: the
 * previous login handed back as the new one is recorded, the file's
 * layout, damaged and hostile files, concurrent logins of many processes,
 * the banner line, and the key a session is recorded under. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../views/lastlogin.h"
#include "../../store/online.h"
#include "../../views/store.h"
#include "unit.h"

#define HEADER "!vrpsh lastlogin 1\n"

static void put_file(const char *dir, const char *name, const char *text, size_t len)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* The file's text (static buffer). */
static const char *file_text(const char *dir)
{
	static char buf[1 << 16];
	char p[512];
	snprintf(p, sizeof p, "%s/lastlogin", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static vsh_lastlogin rec(int64_t t, const char *kind, const char *addr)
{
	vsh_lastlogin r;
	memset(&r, 0, sizeof r);
	r.time = t;
	snprintf(r.kind, sizeof r.kind, "%s", kind);
	snprintf(r.addr, sizeof r.addr, "%s", addr);
	return r;
}

static void swap_ok(const char *dir, const char *key, vsh_lastlogin cur, vsh_lastlogin *prev)
{
	char err[256];
	ck_assert_msg(store_lastlogin_swap(dir, key, &cur, prev, err, sizeof err) == 0, "swap: %s",
		      err);
}

/* The first login has no predecessor; each later one gets the one before. */
START_TEST(swap_hands_back_previous)
{
	char *d = unit_tmpdir("lastlogin");
	vsh_lastlogin prev, got;

	ck_assert(!store_lastlogin_get(d, "user:alice", &got));
	swap_ok(d, "user:alice", rec(1666971229, "SSH", "2001:DB8:1234:1234::1:23"), &prev);
	ck_assert_str_eq(prev.kind, "");
	ck_assert_str_eq(file_text(d), HEADER "user:alice 1666971229 SSH 2001:DB8:1234:1234::1:23\n");

	swap_ok(d, "user:alice", rec(1667222063, "TEL", "192.0.2.7"), &prev);
	ck_assert_int_eq(prev.time, 1666971229);
	ck_assert_str_eq(prev.kind, "SSH");
	ck_assert_str_eq(prev.addr, "2001:DB8:1234:1234::1:23");
	ck_assert(store_lastlogin_get(d, "user:alice", &got));
	ck_assert_int_eq(got.time, 1667222063);
	ck_assert_str_eq(got.kind, "TEL");
	ck_assert_str_eq(got.addr, "192.0.2.7");

	/* Keys are independent; '%' and bytes outside '!'..'~' are escaped;
	 * the console has no address. */
	swap_ok(d, "ui:VTY 0", rec(100, "TEL", "::1"), &prev);
	ck_assert_str_eq(prev.kind, "");
	swap_ok(d, "ui:CON 0", rec(200, "CON", "ignored"), &prev);
	swap_ok(d, "user:50%\xc3\xa9", rec(300, "SSH", ""), &prev);
	ck_assert_str_eq(file_text(d), HEADER "ui:CON%200 200 CON -\n"
					      "ui:VTY%200 100 TEL ::1\n"
					      "user:50%25%C3%A9 300 SSH -\n"
					      "user:alice 1667222063 TEL 192.0.2.7\n");
	ck_assert(store_lastlogin_get(d, "user:50%\xc3\xa9", &got));
	ck_assert_int_eq(got.time, 300);
	ck_assert(store_lastlogin_get(d, "ui:CON 0", &got));
	ck_assert_str_eq(got.addr, "");
	unit_rmdir(d);
}
END_TEST

/* What cannot be recorded is refused; an address with characters no
 * address has is recorded as unknown. */
START_TEST(swap_checks_its_input)
{
	char *d = unit_tmpdir("lastlogin"), err[256], key[VSH_LASTLOGIN_KEY_MAX + 2];
	vsh_lastlogin prev, r = rec(1, "SSH", "10.0.0.1");

	ck_assert_int_eq(store_lastlogin_swap(d, "", &r, &prev, err, sizeof err), -1);
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	ck_assert_int_eq(store_lastlogin_swap(d, key, &r, &prev, err, sizeof err), -1);
	key[VSH_LASTLOGIN_KEY_MAX] = '\0';
	ck_assert_int_eq(store_lastlogin_swap(d, key, &r, &prev, err, sizeof err), 0);
	r = rec(1, "WEB", "10.0.0.1");
	ck_assert_int_eq(store_lastlogin_swap(d, "user:x", &r, &prev, err, sizeof err), -1);
	r = rec(-5, "SSH", "10.0.0.1");
	ck_assert_int_eq(store_lastlogin_swap(d, "user:x", &r, &prev, err, sizeof err), -1);
	ck_assert(!store_lastlogin_get(d, "user:x", &prev));
	swap_ok(d, "user:x", rec(7, "SSH", "10.0.0.1 evil\nuser:y 9 SSH -"), &prev);
	ck_assert(store_lastlogin_get(d, "user:x", &prev));
	ck_assert_str_eq(prev.addr, "");
	ck_assert(!store_lastlogin_get(d, "user:y", &prev));
	/* a directory that does not exist: nothing recorded, nothing read */
	ck_assert_int_eq(store_lastlogin_swap("/nonexistent/vrpsh", "user:x", &r, &prev, err,
					    sizeof err),
			 -1);
	ck_assert_str_eq(prev.kind, "");
	unit_rmdir(d);
}
END_TEST

/* Lines that are not records are ignored, whatever they hold; the next
 * update writes back only the records. */
START_TEST(hostile_file_ignored)
{
	char *d = unit_tmpdir("lastlogin");
	vsh_lastlogin got, prev;
	static const char text[] =
		"garbage\n"
		"\n"
		"user:a 10 SSH 10.0.0.1\n"          /* good */
		"user:b 10 SSH 10.0.0.1 extra\n"    /* five fields */
		"user:c 10 SSH\n"                   /* three */
		"user:d  10 SSH 10.0.0.1\n"         /* two blanks */
		"user:e 1x SSH 10.0.0.1\n"          /* not a number */
		"user:f 99999999999999999999 SSH -\n" /* too large */
		"user:g 253402300800 SSH -\n"       /* past the year 9999 */
		"user:h -1 SSH -\n"                 /* negative */
		"user:i 10 FTP -\n"                 /* unknown way */
		"user:j 10 SSH 10.0.0.1;rm\n"       /* not an address */
		"user:k%2 10 SSH -\n"               /* cut escape */
		"user:l%00x 10 SSH -\n"             /* NUL */
		"user:m%zz 10 SSH -\n"              /* not hex */
		"user:n\t 10 SSH -\n"               /* control character */
		"user:a 20 TEL 10.0.0.2\n"          /* a later line of a wins */
		"user:o 10 SSH 0123456789012345678901234567890123456789012345678\n" /* 49 */
		"user:p 10 SSH 01234567890123456789012345678901234567890123456\n"  /* 47: good */
		"user:q 10 CON -\r\n"               /* CR */
		"user:r 30 TEL -";                  /* no line end: cut off */

	put_file(d, "lastlogin", text, sizeof text - 1);
	ck_assert(store_lastlogin_get(d, "user:a", &got));
	ck_assert_int_eq(got.time, 20);
	ck_assert_str_eq(got.kind, "TEL");
	ck_assert_str_eq(got.addr, "10.0.0.2");
	ck_assert(store_lastlogin_get(d, "user:p", &got));
	ck_assert_str_eq(got.addr, "01234567890123456789012345678901234567890123456");
	static const char *const bad[] = { "user:b", "user:c", "user:d", "user:e", "user:f",
					   "user:g", "user:h", "user:i", "user:j", "user:k",
					   "user:l", "user:m", "user:n", "user:o", "user:q",
					   "user:r", "garbage" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!store_lastlogin_get(d, bad[i], &got), "%s was read", bad[i]);

	swap_ok(d, "user:s", rec(40, "SSH", "::1"), &prev);
	ck_assert_str_eq(file_text(d), HEADER "user:a 20 TEL 10.0.0.2\n"
					      "user:p 10 SSH 01234567890123456789012345678901234567890123456\n"
					      "user:s 40 SSH ::1\n");

	/* binary junk and a file that is not text at all */
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7919 % 251);
	put_file(d, "lastlogin", junk, sizeof junk);
	ck_assert(!store_lastlogin_get(d, "user:a", &got));
	swap_ok(d, "user:a", rec(50, "SSH", "::1"), &prev);
	ck_assert_str_eq(prev.kind, "");
	ck_assert_str_eq(file_text(d), HEADER "user:a 50 SSH ::1\n");
	unit_rmdir(d);
}
END_TEST

/* A huge file is read only up to its first MiB; a symbolic link is not
 * followed (its target stays as it was); a temporary file left by a crash
 * changes nothing. */
START_TEST(damaged_state)
{
	char *d = unit_tmpdir("lastlogin"), p[512], target[512];
	vsh_lastlogin got, prev;
	size_t big = (1u << 20) + 4096;
	char *text = malloc(big);

	ck_assert_ptr_nonnull(text);
	/* the first MiB holds a record, then a line that runs past it */
	size_t n = (size_t)sprintf(text, "user:a 10 SSH -\n");
	memset(text + n, 'x', big - n);
	memcpy(text + big - 17, "\nuser:z 9 SSH -\n", 16);
	text[big - 1] = '\n';
	put_file(d, "lastlogin", text, big);
	free(text);
	ck_assert(store_lastlogin_get(d, "user:a", &got));
	ck_assert(!store_lastlogin_get(d, "user:z", &got));

	put_file(d, ".lastlogin.tmp", "user:t 1 SSH -\n", 15);
	swap_ok(d, "user:b", rec(20, "TEL", "::1"), &prev);
	ck_assert_str_eq(file_text(d), HEADER "user:a 10 SSH -\nuser:b 20 TEL ::1\n");

	snprintf(target, sizeof target, "%s/elsewhere", d);
	put_file(d, "elsewhere", "user:a 99 SSH -\n", 16);
	snprintf(p, sizeof p, "%s/lastlogin", d);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(symlink(target, p), 0);
	ck_assert(!store_lastlogin_get(d, "user:a", &got));
	swap_ok(d, "user:c", rec(30, "SSH", "::1"), &prev);
	ck_assert_str_eq(file_text(d), HEADER "user:c 30 SSH ::1\n");
	FILE *f = fopen(target, "r");
	char buf[64] = "";
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
	fclose(f);
	ck_assert_str_eq(buf, "user:a 99 SSH -\n");
	unit_rmdir(d);
}
END_TEST

/* Beyond STORE_LASTLOGIN_MAX keys, the oldest logins are forgotten; the one
 * being recorded stays even when its clock is behind. */
START_TEST(oldest_dropped)
{
	char *d = unit_tmpdir("lastlogin"), line[64];
	size_t cap = STORE_LASTLOGIN_MAX * 40, n = 0;
	char *text = malloc(cap);
	vsh_lastlogin got, prev;

	ck_assert_ptr_nonnull(text);
	for (int i = 0; i < STORE_LASTLOGIN_MAX; i++)
		n += (size_t)snprintf(text + n, cap - n, "user:u%04d %d SSH -\n", i, 1000 + i);
	put_file(d, "lastlogin", text, n);
	free(text);
	swap_ok(d, "user:new", rec(5, "SSH", "::1"), &prev);
	ck_assert(store_lastlogin_get(d, "user:new", &got));
	ck_assert(!store_lastlogin_get(d, "user:u0000", &got));
	ck_assert(store_lastlogin_get(d, "user:u0001", &got));
	ck_assert_int_eq(got.time, 1001);
	snprintf(line, sizeof line, "user:u%04d", STORE_LASTLOGIN_MAX - 1);
	ck_assert(store_lastlogin_get(d, line, &got));
	/* an existing key is updated in place: nobody else goes */
	swap_ok(d, "user:u0001", rec(6, "TEL", "::2"), &prev);
	ck_assert_int_eq(prev.time, 1001);
	ck_assert(store_lastlogin_get(d, "user:u0002", &got));
	ck_assert(store_lastlogin_get(d, "user:new", &got));
	unit_rmdir(d);
}
END_TEST

/* Many processes log in at once, each under its own key and a shared
 * one: every process's record survives the others' rewrites. */
START_TEST(concurrent_logins)
{
	enum { PROCS = 8, EACH = 25 };
	char *d = unit_tmpdir("lastlogin");

	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid > 0)
			continue;
		char own[32], err[256];
		snprintf(own, sizeof own, "user:own%d", p);
		for (int i = 0; i < EACH; i++) {
			vsh_lastlogin prev, cur = rec(1000 * (p + 1) + i, "TEL", "127.0.0.1");
			if (store_lastlogin_swap(d, "user:shared", &cur, &prev, err, sizeof err) != 0 ||
			    store_lastlogin_swap(d, own, &cur, &prev, err, sizeof err) != 0)
				_exit(1);
			/* own key: the previous login is this process's last one */
			if (i > 0 && prev.time != cur.time - 1)
				_exit(2);
		}
		_exit(0);
	}
	for (int p = 0; p < PROCS; p++) {
		int st;
		ck_assert_int_gt(wait(&st), 0);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
	}
	/* Every process's own key holds its last login: no update was lost
	 * to another process's rewrite of the file. */
	vsh_lastlogin got;
	for (int p = 0; p < PROCS; p++) {
		char own[32];
		snprintf(own, sizeof own, "user:own%d", p);
		ck_assert(store_lastlogin_get(d, own, &got));
		ck_assert_int_eq(got.time, 1000 * (p + 1) + EACH - 1);
	}
	ck_assert(store_lastlogin_get(d, "user:shared", &got));
	ck_assert_int_eq(got.time % 1000, EACH - 1); /* some process's last */
	unit_rmdir(d);
}
END_TEST

/* Concurrent logins under one key: each sees exactly the login recorded
 * just before its own (the previous logins handed back form one chain,
 * none lost, none seen twice). */
START_TEST(concurrent_chain)
{
	enum { PROCS = 6, EACH = 20, TOTAL = PROCS * EACH };
	char *d = unit_tmpdir("lastlogin");
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid > 0)
			continue;
		close(fds[0]);
		char err[256];
		for (int i = 0; i < EACH; i++) {
			int64_t pair[2];
			vsh_lastlogin prev, cur = rec(1 + p * EACH + i, "SSH", "::1");
			if (store_lastlogin_swap(d, "user:k", &cur, &prev, err, sizeof err) != 0)
				_exit(1);
			pair[0] = prev.kind[0] ? prev.time : 0;
			pair[1] = cur.time;
			if (write(fds[1], pair, sizeof pair) != (ssize_t)sizeof pair)
				_exit(3);
		}
		_exit(0);
	}
	close(fds[1]);
	/* seen[t]: how many logins handed back t as their predecessor */
	int seen[TOTAL + 1] = { 0 };
	int64_t pair[2];
	int pairs = 0;
	while (read(fds[0], pair, sizeof pair) == (ssize_t)sizeof pair) {
		ck_assert(pair[0] >= 0 && pair[0] <= TOTAL);
		seen[pair[0]]++;
		pairs++;
	}
	close(fds[0]);
	for (int p = 0; p < PROCS; p++) {
		int st;
		ck_assert_int_gt(wait(&st), 0);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
	}
	ck_assert_int_eq(pairs, TOTAL);
	vsh_lastlogin last;
	ck_assert(store_lastlogin_get(d, "user:k", &last));
	/* the first login had none; every other login but the last was
	 * somebody's predecessor, exactly once */
	ck_assert_int_eq(seen[0], 1);
	for (int t = 1; t <= TOTAL; t++)
		ck_assert_int_eq(seen[t], t == last.time ? 0 : 1);
	unit_rmdir(d);
}
END_TEST

/* The banner line (BEHAVIOUR.md section 7; this clock has no offset, as
 * the current-login line). */
START_TEST(banner_line)
{
	char buf[256];
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	setenv("TZ", "UTC", 1);
	tzset();
	vsh_lastlogin r = rec(1666971229, "SSH", "2001:DB8:1234:1234::1:23");
	ck_assert_uint_gt(vsh_lastlogin_format(&r, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "      The last login time is 2022-10-28 15:33:49 from "
			      "2001:DB8:1234:1234::1:23 through SSH.");
	r = rec(1667222063, "TEL", "192.0.2.1");
	vsh_lastlogin_format(&r, buf, sizeof buf);
	ck_assert_str_eq(buf, "      The last login time is 2022-10-31 13:14:23 from 192.0.2.1 "
			      "through Telnet.");
	r = rec(0, "CON", "");
	vsh_lastlogin_format(&r, buf, sizeof buf);
	ck_assert_str_eq(buf, "      The last login time is 1970-01-01 00:00:00 through Console.");
	r = rec(0, "TEL", "");
	vsh_lastlogin_format(&r, buf, sizeof buf);
	ck_assert_str_eq(buf, "      The last login time is 1970-01-01 00:00:00 through Telnet.");
	/* no record, an unknown way, no room */
	r = rec(5, "", "");
	ck_assert_uint_eq(vsh_lastlogin_format(&r, buf, sizeof buf), 0);
	r = rec(5, "WEB", "");
	ck_assert_uint_eq(vsh_lastlogin_format(&r, buf, sizeof buf), 0);
	r = rec(5, "SSH", "::1");
	ck_assert_uint_eq(vsh_lastlogin_format(&r, buf, 20), 0);
	if (tz) {
		setenv("TZ", tz, 1);
		free(tz);
	} else {
		unsetenv("TZ");
	}
	tzset();
}
END_TEST

static void null_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

/* A session is recorded under its user name, or its user interface when
 * it has none, with the way and address of its login record. */
START_TEST(session_keys)
{
	char *d = unit_tmpdir("lastlogin"), err[512];
	cfg_db *db = cfg_db_new();
	vsh_session s;
	vsh_lastlogin prev, got;

	ck_assert_int_eq(vsh_db_init(db, err, sizeof err), 0);
	view_set *vs = view_set_build(model_default(), false, err, sizeof err);
	ck_assert_ptr_nonnull(vs);
	vsh_io io = { .write = null_write };
	ck_assert_int_eq(vsh_session_init(&s, db, vs, model_default(), false, 3, io), 0);

	/* no state directory: nothing */
	ck_assert(!vsh_lastlogin_note(&s, 100, &prev));
	vsh_store_opts so = { .dir = d };
	ck_assert_msg(vsh_store_attach(&s, &so, err, sizeof err) == 0, "attach: %s", err);

	store_online *o = store_online_open(NULL);
	ck_assert_ptr_nonnull(o);
	store_online_rec r;
	memset(&r, 0, sizeof r);
	snprintf(r.kind, sizeof r.kind, "TEL");
	snprintf(r.addr, sizeof r.addr, "192.0.2.9");
	s.online = o;
	s.online_slot = store_online_claim(o, STORE_ONLINE_VTY(0), STORE_ONLINE_VTY(0), &r);
	ck_assert_int_eq(s.online_slot, STORE_ONLINE_VTY(0));

	snprintf(s.user, sizeof s.user, "admin");
	snprintf(s.ui_name, sizeof s.ui_name, "VTY 0");
	ck_assert(!vsh_lastlogin_note(&s, 100, &prev));
	ck_assert(vsh_lastlogin_note(&s, 200, &prev));
	ck_assert_int_eq(prev.time, 100);
	ck_assert_str_eq(prev.kind, "TEL");
	ck_assert_str_eq(prev.addr, "192.0.2.9");
	ck_assert(store_lastlogin_get(d, "user:admin", &got));
	ck_assert_int_eq(got.time, 200);

	/* no user name: the user interface */
	s.user[0] = '\0';
	ck_assert(!vsh_lastlogin_note(&s, 300, &prev));
	ck_assert(store_lastlogin_get(d, "ui:VTY 0", &got));
	ck_assert_int_eq(got.time, 300);

	/* the console: its record has no way of its own */
	store_online_release(o, s.online_slot);
	memset(&r, 0, sizeof r);
	s.online_slot = store_online_claim(o, STORE_ONLINE_CON, STORE_ONLINE_CON, &r);
	snprintf(s.ui_name, sizeof s.ui_name, "CON 0");
	ck_assert(!vsh_lastlogin_note(&s, 400, &prev));
	ck_assert(store_lastlogin_get(d, "ui:CON 0", &got));
	ck_assert_str_eq(got.kind, "CON");
	/* without a login record: a console still counts, a VTY does not */
	s.online = NULL;
	ck_assert(vsh_lastlogin_note(&s, 500, &prev));
	ck_assert_int_eq(prev.time, 400);
	snprintf(s.ui_name, sizeof s.ui_name, "VTY 1");
	ck_assert(!vsh_lastlogin_note(&s, 600, &prev));
	ck_assert(!store_lastlogin_get(d, "ui:VTY 1", &got));

	store_online_close(o);
	vsh_store_detach(&s);
	vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	unit_rmdir(d);
}
END_TEST

static Suite *make_lastlogin_suite(void)
{
	Suite *s = suite_create("lastlogin");
	TCase *tc = tcase_create("lastlogin");

	tcase_add_test(tc, swap_hands_back_previous);
	tcase_add_test(tc, swap_checks_its_input);
	tcase_add_test(tc, hostile_file_ignored);
	tcase_add_test(tc, damaged_state);
	tcase_add_test(tc, oldest_dropped);
	tcase_add_test(tc, concurrent_logins);
	tcase_add_test(tc, concurrent_chain);
	tcase_add_test(tc, banner_line);
	tcase_add_test(tc, session_keys);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(lastlogin, make_lastlogin_suite)
