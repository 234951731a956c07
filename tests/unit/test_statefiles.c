/* The small files of the state directory that the store keeps besides
 * the configuration: lockout records (store/lockout.h), flags
 * (store/flags.h), the login configuration file (store/logincfg.h), the
 * log buffer (store/logbuf.h), `> FILE` output files (store/outfile.h)
 * and the lock held apart (store_lock_hold): damaged and oversized files,
 * links planted in a file's place, concurrent writers. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../store/flags.h"
#include "../../store/lockout.h"
#include "../../store/logbuf.h"
#include "../../store/logincfg.h"
#include "../../store/outfile.h"
#include "../../store/store.h"
#include "unit.h"

/* ---- helpers ------------------------------------------------------------ */

static void put(const char *dir, const char *name, const char *text, size_t len)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void put_str(const char *dir, const char *name, const char *text)
{
	put(dir, name, text, strlen(text));
}

static bool is_link(const char *dir, const char *name)
{
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode);
}

static bool exists(const char *dir, const char *name)
{
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return lstat(p, &sb) == 0;
}

/* dir/name becomes a link to dir/target. */
static void plant_link(const char *dir, const char *name, const char *target)
{
	char p[512], t[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	snprintf(t, sizeof t, "%s/%s", dir, target);
	unlink(p);
	ck_assert_int_eq(symlink(t, p), 0);
}

/* Temporary files left in the directory. */
static int temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	for (struct dirent *de; (de = readdir(d)) != NULL;)
		if (de->d_name[0] == '.' && strstr(de->d_name, ".tmp"))
			n++;
	closedir(d);
	return n;
}

/* Wait for n children; each must have exited with 0. */
static void wait_all(int n)
{
	for (int i = 0; i < n; i++) {
		int status;
		ck_assert_int_gt(wait(&status), 0);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

/* ---- lockout ---------------------------------------------------------------- */

static int set_state(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	*st = *(const store_lockout_state *)arg;
	return 1;
}

static int leave(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	(void)arg, (void)st, (void)err, (void)errlen;
	return 0;
}

static int refuse(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	(void)arg, (void)st;
	snprintf(err, errlen, "refused by the caller");
	return -1;
}

static int add_one(void *arg, store_lockout_state *st, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	st->failures++;
	st->first = 100;
	return 1;
}

static void set_user(const char *dir, const char *user, int64_t first, unsigned n, int64_t until)
{
	char err[256];
	store_lockout_state st = { first, n, until };
	ck_assert_msg(store_lockout_update(dir, user, set_state, &st, err, sizeof err) == 1, "%s",
		      err);
}

struct names {
	int n;
	char name[8][64];
};

static int note(void *arg, const char *user, const store_lockout_state *st)
{
	struct names *s = arg;
	(void)st;
	if (s->n < 8)
		snprintf(s->name[s->n++], 64, "%s", user);
	return 0;
}

/* Updates write the file in its documented form; an update that changes
 * nothing, or that the caller stops, writes nothing; a record left at
 * zero goes. */
START_TEST(lockout_update)
{
	char *d = unit_tmpdir("sf-lockout");
	char err[256];
	store_lockout_state st;

	ck_assert_int_eq(store_lockout_get(d, "a", &st), 0);
	ck_assert_int_eq(store_lockout_update(d, "a", leave, NULL, err, sizeof err), 0);
	ck_assert(!exists(d, STORE_LOCKOUT_NAME));
	ck_assert_int_eq(store_lockout_update(d, "a", refuse, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "refused by the caller");
	ck_assert(!exists(d, STORE_LOCKOUT_NAME));

	set_user(d, "b c", 100, 3, 5000);
	set_user(d, "a", 200, 1, 0);
	char *t = unit_read_file(d, STORE_LOCKOUT_NAME, NULL);
	ck_assert_str_eq(t, "!vrpsh lockout 1\n61 200 1 0\n622063 100 3 5000\n");
	free(t);
	ck_assert_int_eq(store_lockout_get(d, "b c", &st), 1);
	ck_assert_int_eq(st.first, 100);
	ck_assert_uint_eq(st.failures, 3);
	ck_assert_int_eq(st.until, 5000);

	set_user(d, "a", 0, 0, 0);
	ck_assert_int_eq(store_lockout_get(d, "a", &st), 0);
	t = unit_read_file(d, STORE_LOCKOUT_NAME, NULL);
	ck_assert_str_eq(t, "!vrpsh lockout 1\n622063 100 3 5000\n");
	free(t);

	/* no directory, bad names */
	ck_assert_int_eq(store_lockout_update(NULL, "a", add_one, NULL, err, sizeof err), -1);
	ck_assert_int_eq(store_lockout_update(d, "", add_one, NULL, err, sizeof err), -1);
	char longname[STORE_LOCKOUT_USER_MAX + 2];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	ck_assert_int_eq(store_lockout_update(d, longname, add_one, NULL, err, sizeof err), -1);
	ck_assert_int_eq(store_lockout_get(d, longname, &st), -1);
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* Damaged lines are skipped, a record past the first MiB is not read, and
 * the next update writes back only what was good. */
START_TEST(lockout_damaged_oversized)
{
	char *d = unit_tmpdir("sf-lockout");
	char err[256];
	store_lockout_state st;

	put_str(d, STORE_LOCKOUT_NAME, "!vrpsh lockout 1\n"
				       "61 100 3 5000\n"
				       "61\n"
				       "6g 1 1 1\n"
				       "62 1 70000 0\n"
				       "63 -1 1 0\n"
				       "64 1 1 0 0\n"
				       "\n"
				       "0065 1 1 1\n"
				       "66 1 1 1");
	ck_assert_int_eq(store_lockout_get(d, "a", &st), 1);
	for (const char *u = "bcdef"; *u; u++) {
		char name[2] = { *u, '\0' };
		ck_assert_msg(store_lockout_get(d, name, &st) == 0, "user %s", name);
	}
	struct names seen = { .n = 0 };
	ck_assert_int_eq(store_lockout_list(d, note, &seen), 0);
	ck_assert_int_eq(seen.n, 1);

	/* 1 MiB and more: a good record first, one past the first MiB. */
	size_t big = (1u << 20) + 4096, n = 0;
	char *text = malloc(big);
	ck_assert_ptr_nonnull(text);
	n += (size_t)sprintf(text, "!vrpsh lockout 1\n61 100 2 0\n");
	memset(text + n, 'x', big - n);
	for (size_t i = n + 100; i < big; i += 100)
		text[i] = '\n';
	memcpy(text + big - 16, "\n7a 100 2 0\n", 12);
	put(d, STORE_LOCKOUT_NAME, text, big - 4);
	free(text);
	ck_assert_int_eq(store_lockout_get(d, "a", &st), 1);
	ck_assert_uint_eq(st.failures, 2);
	ck_assert_int_eq(store_lockout_get(d, "z", &st), 0);
	ck_assert_int_eq(store_lockout_update(d, "a", add_one, NULL, err, sizeof err), 1);
	size_t len;
	char *t = unit_read_file(d, STORE_LOCKOUT_NAME, &len);
	ck_assert_str_eq(t, "!vrpsh lockout 1\n61 100 3 0\n");
	free(t);
	unit_rmdir(d);
}
END_TEST

/* A link in the file's place reads as no records and is replaced, never
 * written through; a link in the lock file's place stops updates. */
START_TEST(lockout_links)
{
	char *d = unit_tmpdir("sf-lockout");
	char err[256];
	store_lockout_state st;

	put_str(d, "victim", "!vrpsh lockout 1\n61 100 3 5000\n");
	plant_link(d, STORE_LOCKOUT_NAME, "victim");
	ck_assert_int_eq(store_lockout_get(d, "a", &st), 0);
	set_user(d, "b", 1, 1, 0);
	ck_assert(!is_link(d, STORE_LOCKOUT_NAME));
	char *t = unit_read_file(d, "victim", NULL);
	ck_assert_str_eq(t, "!vrpsh lockout 1\n61 100 3 5000\n");
	free(t);

	plant_link(d, STORE_LOCKOUT_LOCK, "lock-victim");
	ck_assert_int_eq(store_lockout_update(d, "b", add_one, NULL, err, sizeof err), -1);
	ck_assert(strstr(err, STORE_LOCKOUT_LOCK) != NULL);
	ck_assert(!exists(d, "lock-victim"));
	ck_assert_int_eq(store_lockout_get(d, "b", &st), 1);
	ck_assert_uint_eq(st.failures, 1);

	/* A directory others may write is not used. */
	ck_assert_int_eq(chmod(d, 0777), 0);
	ck_assert_int_eq(store_lockout_update(d, "b", add_one, NULL, err, sizeof err), -1);
	ck_assert(strstr(err, "writable") != NULL);
	ck_assert_int_eq(store_lockout_get(d, "b", &st), -1);
	ck_assert_int_eq(chmod(d, 0700), 0);
	unit_rmdir(d);
}
END_TEST

/* Updates of many processes at once, to one user and to their own: none
 * is lost. */
START_TEST(lockout_concurrent)
{
	char *d = unit_tmpdir("sf-lockout");
	enum { PROCS = 6, EACH = 25 };
	store_lockout_state st;

	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char err[256], own[16];
			snprintf(own, sizeof own, "own%d", p);
			for (int i = 0; i < EACH; i++)
				if (store_lockout_update(d, "shared", add_one, NULL, err, sizeof err) != 1 ||
				    store_lockout_update(d, own, add_one, NULL, err, sizeof err) != 1)
					_exit(1);
			_exit(0);
		}
	}
	wait_all(PROCS);
	ck_assert_int_eq(store_lockout_get(d, "shared", &st), 1);
	ck_assert_uint_eq(st.failures, PROCS * EACH);
	for (int p = 0; p < PROCS; p++) {
		char own[16];
		snprintf(own, sizeof own, "own%d", p);
		ck_assert_int_eq(store_lockout_get(d, own, &st), 1);
		ck_assert_uint_eq(st.failures, EACH);
	}
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* ---- flags -------------------------------------------------------------------- */

START_TEST(flags)
{
	char *d = unit_tmpdir("sf-flags");
	char err[256];
	const char *f = STORE_FLAG_BACKEND_OUT_OF_STEP;

	ck_assert(!store_flag_get(d, f));
	ck_assert_int_eq(store_flag_clear(d, f, err, sizeof err), 0);
	ck_assert_int_eq(store_flag_set(d, f, "push timed\nout", err, sizeof err), 0);
	ck_assert(store_flag_get(d, f));
	char *t = unit_read_file(d, f, NULL);
	ck_assert_str_eq(t, "push timed out\n");
	free(t);
	/* a long reason is cut, one line all the same */
	char why[2000];
	memset(why, 'w', sizeof why - 1);
	why[sizeof why - 1] = '\0';
	ck_assert_int_eq(store_flag_set(d, f, why, err, sizeof err), 0);
	size_t len;
	t = unit_read_file(d, f, &len);
	ck_assert_uint_eq(len, STORE_FLAG_WHY_MAX);
	ck_assert_int_eq(t[len - 1], '\n');
	ck_assert_ptr_null(memchr(t, '\n', len - 1));
	free(t);
	ck_assert_int_eq(store_flag_clear(d, f, err, sizeof err), 0);
	ck_assert(!store_flag_get(d, f));

	/* names that are not one file of the directory */
	ck_assert_int_eq(store_flag_set(d, "../x", "", err, sizeof err), -1);
	ck_assert_int_eq(store_flag_set(d, "..", "", err, sizeof err), -1);
	ck_assert_int_eq(store_flag_set(d, "", "", err, sizeof err), -1);
	ck_assert(!store_flag_get(NULL, f));

	/* a link of the flag's name: set replaces it, the target stays */
	put_str(d, "victim", "keep\n");
	plant_link(d, f, "victim");
	ck_assert(store_flag_get(d, f));
	ck_assert_int_eq(store_flag_set(d, f, "x", err, sizeof err), 0);
	ck_assert(!is_link(d, f));
	t = unit_read_file(d, "victim", NULL);
	ck_assert_str_eq(t, "keep\n");
	free(t);
	plant_link(d, f, "victim");
	ck_assert_int_eq(store_flag_clear(d, f, err, sizeof err), 0);
	ck_assert(exists(d, "victim"));
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* ---- the login configuration file ------------------------------------------------ */

START_TEST(logincfg_file)
{
	char *d = unit_tmpdir("sf-logincfg");
	char err[256], *text;
	size_t len;
	store_logincfg_ver v1, v2;

	ck_assert_int_eq(store_logincfg_read(d, &text, &len, err, sizeof err), 1);
	ck_assert(strstr(err, "no such file") != NULL);
	ck_assert(!store_logincfg_version(d, &v1));
	ck_assert_int_eq(store_logincfg_write(d, "one\n", 4, err, sizeof err), 0);
	ck_assert_int_eq(store_logincfg_read(d, &text, &len, err, sizeof err), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_str_eq(text, "one\n");
	free(text);
	ck_assert(store_logincfg_version(d, &v1));
	/* the same text again: the file is left alone */
	ck_assert_int_eq(store_logincfg_write(d, "one\n", 4, err, sizeof err), 0);
	ck_assert(store_logincfg_version(d, &v2));
	ck_assert(store_logincfg_same(&v1, &v2));
	ck_assert_int_eq(store_logincfg_write(d, "two\n", 4, err, sizeof err), 0);
	ck_assert(store_logincfg_version(d, &v2));
	ck_assert(!store_logincfg_same(&v1, &v2));

	/* larger than the bound: refused, not cut */
	size_t big = STORE_LOGINCFG_MAX + 1;
	char *b = malloc(big);
	ck_assert_ptr_nonnull(b);
	memset(b, '#', big);
	put(d, STORE_LOGINCFG_NAME, b, big);
	free(b);
	ck_assert_int_eq(store_logincfg_read(d, &text, &len, err, sizeof err), -1);
	ck_assert_ptr_null(text);
	ck_assert(strstr(err, STORE_LOGINCFG_NAME) != NULL);
	/* and written again in full when asked */
	ck_assert_int_eq(store_logincfg_write(d, "two\n", 4, err, sizeof err), 0);
	ck_assert_int_eq(store_logincfg_read(d, &text, &len, err, sizeof err), 0);
	ck_assert_str_eq(text, "two\n");
	free(text);

	/* a link: not read, no version; a write replaces the link */
	put_str(d, "victim", "secret\n");
	plant_link(d, STORE_LOGINCFG_NAME, "victim");
	ck_assert_int_eq(store_logincfg_read(d, &text, &len, err, sizeof err), -1);
	ck_assert(strstr(err, "symbolic link") != NULL);
	ck_assert(!store_logincfg_version(d, &v1));
	ck_assert_int_eq(store_logincfg_write(d, "three\n", 6, err, sizeof err), 0);
	ck_assert(!is_link(d, STORE_LOGINCFG_NAME));
	text = unit_read_file(d, "victim", NULL);
	ck_assert_str_eq(text, "secret\n");
	free(text);
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* ---- the log buffer ------------------------------------------------------------------ */

/* Lines of the file (the header included). */
static size_t file_lines(const char *dir)
{
	size_t len, n = 0;
	char *t = unit_read_file(dir, STORE_LOGBUF_NAME, &len);
	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < len; i++)
		n += t[i] == '\n';
	free(t);
	return n;
}

START_TEST(logbuf_basic)
{
	char *d = unit_tmpdir("sf-logbuf");
	store_logbuf b;

	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	store_logbuf_free(&b);
	ck_assert_int_eq(store_logbuf_append(d, "first"), 0);
	ck_assert_int_eq(store_logbuf_append(d, "two\nlines"), 0);
	char lng[5000];
	memset(lng, 'm', sizeof lng - 1);
	lng[sizeof lng - 1] = '\0';
	ck_assert_int_eq(store_logbuf_append(d, lng), 0);
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, 3);
	ck_assert_uint_eq(strlen(b.msg[0]), STORE_LOGBUF_MSG_MAX);
	ck_assert_str_eq(b.msg[1], "two lines");
	ck_assert_str_eq(b.msg[2], "first");
	ck_assert_uint_eq(b.overwritten, 0);
	store_logbuf_free(&b);

	/* a torn last line (a crash during an append) is not a message */
	put_str(d, STORE_LOGBUF_NAME, "!vrpsh logbuffer overwritten=7\nold\ntorn");
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_str_eq(b.msg[0], "old");
	ck_assert_uint_eq(b.overwritten, 7);
	store_logbuf_free(&b);

	/* no directory, or one that cannot be used */
	ck_assert_int_eq(store_logbuf_append(NULL, "x"), -1);
	ck_assert_int_eq(chmod(d, 0770), 0);
	ck_assert_int_eq(store_logbuf_append(d, "x"), -1);
	ck_assert_int_eq(store_logbuf_read(d, &b), -1);
	ck_assert_int_eq(chmod(d, 0700), 0);
	unit_rmdir(d);
}
END_TEST

/* Past twice the kept messages the file is cut to the newest ones, and
 * the header counts what went. */
START_TEST(logbuf_trim)
{
	char *d = unit_tmpdir("sf-logbuf");
	store_logbuf b;
	char msg[400];
	enum { N = 2 * STORE_LOGBUF_MAX + 200 };

	for (int i = 0; i < N; i++) {
		snprintf(msg, sizeof msg, "message %05d %0300d", i, 0);
		ck_assert_int_eq(store_logbuf_append(d, msg), 0);
	}
	ck_assert_uint_le(file_lines(d), 2 * STORE_LOGBUF_MAX + 1);
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, STORE_LOGBUF_MAX);
	ck_assert_uint_eq(b.overwritten, N - STORE_LOGBUF_MAX);
	snprintf(msg, sizeof msg, "message %05d ", N - 1);
	ck_assert(strncmp(b.msg[0], msg, strlen(msg)) == 0);
	snprintf(msg, sizeof msg, "message %05d ", N - STORE_LOGBUF_MAX);
	ck_assert(strncmp(b.msg[STORE_LOGBUF_MAX - 1], msg, strlen(msg)) == 0);
	store_logbuf_free(&b);
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* A file larger than is ever read: its end is read, and the next append
 * cuts it down. */
START_TEST(logbuf_oversized)
{
	char *d = unit_tmpdir("sf-logbuf");
	store_logbuf b;
	size_t big = STORE_LOGBUF_FILE_MAX + (1u << 20);
	char *t = malloc(big);
	ck_assert_ptr_nonnull(t);
	memset(t, 'j', big);
	memcpy(t + big - 12, "\nlast line\n", 11);
	t[big - 1] = '\0';
	put(d, STORE_LOGBUF_NAME, t, big - 1);
	free(t);
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_str_eq(b.msg[0], "last line");
	store_logbuf_free(&b);
	ck_assert_int_eq(store_logbuf_append(d, "new"), 0);
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", d, STORE_LOGBUF_NAME);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_lt(sb.st_size, 4096);
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(b.msg[0], "new");
	store_logbuf_free(&b);
	unit_rmdir(d);
}
END_TEST

START_TEST(logbuf_link)
{
	char *d = unit_tmpdir("sf-logbuf");
	store_logbuf b;

	put_str(d, "victim", "secret\n");
	plant_link(d, STORE_LOGBUF_NAME, "victim");
	ck_assert_int_eq(store_logbuf_append(d, "x"), -1);
	ck_assert_int_eq(store_logbuf_read(d, &b), -1);
	char *t = unit_read_file(d, "victim", NULL);
	ck_assert_str_eq(t, "secret\n");
	free(t);
	unit_rmdir(d);
}
END_TEST

/* Appends of many processes: every message is there once. */
START_TEST(logbuf_concurrent)
{
	char *d = unit_tmpdir("sf-logbuf");
	enum { PROCS = 6, EACH = 60 };
	store_logbuf b;

	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char msg[64];
			for (int i = 0; i < EACH; i++) {
				snprintf(msg, sizeof msg, "p%d m%d", p, i);
				if (store_logbuf_append(d, msg) != 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	wait_all(PROCS);
	ck_assert_int_eq(store_logbuf_read(d, &b), 0);
	ck_assert_uint_eq(b.n, PROCS * EACH);
	int seen[PROCS][EACH];
	memset(seen, 0, sizeof seen);
	for (size_t i = 0; i < b.n; i++) {
		int p, m;
		ck_assert_int_eq(sscanf(b.msg[i], "p%d m%d", &p, &m), 2);
		ck_assert(p >= 0 && p < PROCS && m >= 0 && m < EACH);
		seen[p][m]++;
	}
	for (int p = 0; p < PROCS; p++)
		for (int m = 0; m < EACH; m++)
			ck_assert_int_eq(seen[p][m], 1);
	store_logbuf_free(&b);
	unit_rmdir(d);
}
END_TEST

/* ---- > FILE ------------------------------------------------------------------------------ */

static void write_out(const char *dir, const char *name, bool append, const char *text, bool ok,
		      int want)
{
	int e = 0;
	store_outfile *o = store_outfile_open(dir, name, append, &e);
	ck_assert_msg(o != NULL, "open %s: %d", name, e);
	ck_assert_int_ge(fputs(text, store_outfile_stream(o)), 0);
	ck_assert_int_eq(store_outfile_close(o, ok), want);
}

START_TEST(outfile)
{
	char *d = unit_tmpdir("sf-outfile");
	int e = 0;

	write_out(d, "a.txt", false, "one\n", true, 0);
	char *t = unit_read_file(d, "a.txt", NULL);
	ck_assert_str_eq(t, "one\n");
	free(t);
	write_out(d, "a.txt", true, "two\n", true, 0);
	t = unit_read_file(d, "a.txt", NULL);
	ck_assert_str_eq(t, "one\ntwo\n");
	free(t);
	/* a failed command leaves the old file */
	write_out(d, "a.txt", false, "lost\n", false, EIO);
	t = unit_read_file(d, "a.txt", NULL);
	ck_assert_str_eq(t, "one\ntwo\n");
	free(t);
	write_out(d, "a.txt", false, "three\n", true, 0);
	t = unit_read_file(d, "a.txt", NULL);
	ck_assert_str_eq(t, "three\n");
	free(t);
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/a.txt", d);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	ck_assert_int_eq(temporaries(d), 0);

	/* links and directories are not regular files: left alone */
	put_str(d, "victim", "secret\n");
	plant_link(d, "l.txt", "victim");
	ck_assert_ptr_null(store_outfile_open(d, "l.txt", false, &e));
	ck_assert_int_eq(e, STORE_OUTFILE_NOT_REGULAR);
	ck_assert_ptr_null(store_outfile_open(d, "l.txt", true, &e));
	ck_assert_int_eq(e, STORE_OUTFILE_NOT_REGULAR);
	t = unit_read_file(d, "victim", NULL);
	ck_assert_str_eq(t, "secret\n");
	free(t);
	snprintf(p, sizeof p, "%s/sub.d", d);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_ptr_null(store_outfile_open(d, "sub.d", false, &e));
	ck_assert_int_eq(e, STORE_OUTFILE_NOT_REGULAR);
	/* names outside the directory */
	ck_assert_ptr_null(store_outfile_open(d, "../x.txt", false, &e));
	ck_assert_int_eq(e, EINVAL);
	ck_assert_ptr_null(store_outfile_open(d, "..", false, &e));
	ck_assert_ptr_null(store_outfile_open(NULL, "x.txt", false, &e));
	ck_assert_int_eq(temporaries(d), 0);
	unit_rmdir(d);
}
END_TEST

/* ---- the lock held apart ------------------------------------------------------------------- */

/* Can another process take the directory's lock exclusively right now? */
static bool other_can_lock(const char *dir)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char p[512];
		snprintf(p, sizeof p, "%s/lock", dir);
		int fd = open(p, O_RDWR | O_NOFOLLOW);
		_exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status) == 0;
}

START_TEST(lock_hold)
{
	char *d = unit_tmpdir("sf-lock");
	char err[256];
	store_opts o = { .dir = d, .create = true };
	store *st = store_open(&o, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);

	ck_assert(other_can_lock(d));
	int hold = store_lock_hold(st, err, sizeof err);
	ck_assert_msg(hold >= 0, "%s", err);
	ck_assert(!other_can_lock(d));
	/* the store's own lock and unlock leave the hold in place */
	ck_assert_int_eq(store_lock(st, false, err, sizeof err), 0);
	store_unlock(st);
	ck_assert(!other_can_lock(d));
	store_lock_release(hold);
	ck_assert(other_can_lock(d));
	store_close(st);
	unit_rmdir(d);
}
END_TEST

static Suite *statefiles_suite(void)
{
	Suite *s = suite_create("statefiles");
	TCase *tc = tcase_create("statefiles");
	tcase_add_test(tc, lockout_update);
	tcase_add_test(tc, lockout_damaged_oversized);
	tcase_add_test(tc, lockout_links);
	tcase_add_test(tc, lockout_concurrent);
	tcase_add_test(tc, flags);
	tcase_add_test(tc, logincfg_file);
	tcase_add_test(tc, logbuf_basic);
	tcase_add_test(tc, logbuf_trim);
	tcase_add_test(tc, logbuf_oversized);
	tcase_add_test(tc, logbuf_link);
	tcase_add_test(tc, logbuf_concurrent);
	tcase_add_test(tc, outfile);
	tcase_add_test(tc, lock_hold);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(statefiles, statefiles_suite)
