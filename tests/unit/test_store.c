/* The state directory: persistence across processes (here: across
 * databases), commit points and their display, rollback, trial, damaged
 * journals, checkpoints, sessions sharing a directory, the exclusive
 * lock. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../store/store.h"
#include "../../views/store.h"
#include "../../shell/session.h"
#include "unit.h"

typedef struct sfx {
	cfg_db *db;
	view_set *vs;
	vsh_session s;
	char *out;
	size_t n, cap;
	char warn[4096];
	const char *answer;
} sfx;

static void w_out(void *ctx, const char *buf, size_t len)
{
	sfx *f = ctx;
	if (f->n + len + 1 > f->cap) {
		f->cap = (f->n + len + 1) * 2;
		f->out = realloc(f->out, f->cap);
		ck_assert_ptr_nonnull(f->out);
	}
	memcpy(f->out + f->n, buf, len);
	f->n += len;
	f->out[f->n] = '\0';
}

static int w_ask(void *ctx, char *buf, size_t buflen)
{
	sfx *f = ctx;
	if (!f->answer)
		return -1;
	snprintf(buf, buflen, "%s", f->answer);
	return 0;
}

static void w_warn(void *ctx, const char *msg)
{
	sfx *f = ctx;
	size_t l = strlen(f->warn);
	snprintf(f->warn + l, sizeof f->warn - l, "%s\n", msg);
}

static sfx *sopen(const char *dir)
{
	char err[512];
	sfx *f = calloc(1, sizeof *f);
	ck_assert_ptr_nonnull(f);
	f->db = cfg_db_new();
	ck_assert_int_eq(vsh_db_init(f->db, err, sizeof err), 0);
	f->vs = view_set_build(model_default(), false, err, sizeof err);
	ck_assert_ptr_nonnull(f->vs);
	vsh_io io = { .write = w_out, .ask = w_ask, .ctx = f };
	ck_assert_int_eq(vsh_session_init(&f->s, f->db, f->vs, model_default(), false, 3, io), 0);
	vsh_store_opts o = { .dir = dir, .warn = w_warn, .warn_ctx = f };
	ck_assert_msg(vsh_store_attach(&f->s, &o, err, sizeof err) == 0, "attach: %s", err);
	return f;
}

static void sclose(sfx *f)
{
	vsh_store_detach(&f->s);
	vsh_session_fini(&f->s);
	view_set_free(f->vs);
	cfg_db_free(f->db);
	free(f->out);
	free(f);
}

static int srun(sfx *f, const char *line)
{
	f->n = 0;
	if (f->out)
		f->out[0] = '\0';
	return vsh_exec(&f->s, line, strlen(line), 0);
}

static void sok(sfx *f, const char *const *lines)
{
	for (; *lines; lines++)
		ck_assert_msg(srun(f, *lines) == 0, "'%s' failed: %s", *lines, f->out ? f->out : "");
}

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The output of one command, as a string owned by the fixture. */
static const char *show(sfx *f, const char *line)
{
	ck_assert_msg(srun(f, line) == 0, "'%s' failed: %s", line, f->out ? f->out : "");
	return f->out ? f->out : "";
}

static off_t file_size(const char *dir, const char *name)
{
	char p[512];
	struct stat sb;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &sb) == 0 ? sb.st_size : -1;
}

/* ---- persistence -------------------------------------------------------- */

START_TEST(running_survives_restart)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname SW1", "interface LoopBack0", "ip address 10.0.0.1 32",
		 "commit"));
	sclose(a);
	sfx *b = sopen(d);
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")),
			 "#\nsysname SW1\n#\ninterface LoopBack0\n ip address 10.0.0.1 "
			 "255.255.255.255\n#\nreturn\n");
	ck_assert_str_eq(b->warn, "");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* The header of display current-configuration: the release, and the time
 * of the last commit (that of the commit list), whether the configuration
 * is streamed from the checkpoint (a new process) or built; none before
 * the first commit. */
START_TEST(current_header_has_last_change)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	const char *first = show(a, "display current-configuration");
	ck_assert_int_eq(strncmp(first, "!Software Version V300R023C00\n#\nsysname HUAWEI\n#\n", 47),
			 0);
	ck_assert_str_eq(unit_config_body(first), "#\nsysname HUAWEI\n#\nreturn\n");
	sok(a, L("system-view", "sysname H1", "commit", "return"));
	char stamp[24] = "";
	const char *t = strstr(show(a, "display configuration commit list verbose"), "TimeStamp: ");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(sscanf(t, "TimeStamp: %19[0-9: -]", stamp), 1);
	char want[160];
	snprintf(want, sizeof want, "!Software Version V300R023C00\n"
				    "!Last configuration was updated at %s", stamp);
	for (int pass = 0; pass < 2; pass++) {
		sfx *b = pass ? a : sopen(d);
		const char *out = show(b, "display current-configuration");
		ck_assert_msg(strncmp(out, want, strlen(want)) == 0, "got:\n%s\nwant:\n%s", out,
			      want);
		/* then the zone, +HH:MM or -HH:MM, and the configuration */
		const char *z = out + strlen(want);
		ck_assert(z[0] == '+' || z[0] == '-');
		ck_assert(z[3] == ':' && z[6] == '\n');
		ck_assert_str_eq(unit_config_body(z + 7), "#\nsysname H1\n#\nreturn\n");
		if (!pass)
			sclose(b);
	}
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(uncommitted_changes_are_not_kept)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname SW1"));
	sclose(a);
	sfx *b = sopen(d);
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), "#\nsysname HUAWEI\n#\nreturn\n");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(commit_ids_and_list)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname A", "commit", "sysname B", "commit description two",
		 "sysname C", "commit label third"));
	/* the reference's field layout, newest first */
	const char *o = show(a, "display configuration commit list verbose 1");
	ck_assert_msg(strncmp(o, "1) CommitId: 1000000003\n        Label: third\n        User: ",
			      56) == 0,
		      "%s", o);
	ck_assert_ptr_nonnull(strstr(o, "\n        User-Intf: CON 0\n        Type: CLI\n"
					"        TimeStamp: "));
	ck_assert_ptr_nonnull(strstr(o, "\n        Description:\n\n"));
	o = show(a, "display configuration commit list verbose 2 | include CommitId|Description");
	ck_assert_str_eq(o, "1) CommitId: 1000000003\n        Description:\n"
			    "2) CommitId: 1000000002\n        Description: two\n");
	/* the table: No. CommitId Label User TimeStamp at columns 0, 5, 18, 83, 99 */
	o = show(a, "display configuration commit list 1");
	const char *row = strstr(o, "\n1    1000000003   third");
	ck_assert_msg(row != NULL, "%s", o);
	ck_assert_int_eq(row[1 + 99 + 4], '-'); /* the date: YYYY-... */
	sclose(a);
	/* numbering goes on in the next process */
	sfx *b = sopen(d);
	sok(b, L("system-view", "sysname D", "commit"));
	o = show(b, "display configuration commit list verbose 1 | include CommitId");
	ck_assert_str_eq(o, "1) CommitId: 1000000004\n");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(commit_changes_layout)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "interface LoopBack0", "ip address 10.0.0.1 32", "commit",
		 "ip address 10.0.0.2 32", "commit", "quit", "sysname X", "commit"));
	ck_assert_str_eq(show(a, "display configuration commit changes at 1000000002"),
			 "Building configuration\n  #\n  interface LoopBack0\n"
			 "-  ip address 10.0.0.1 255.255.255.255\n"
			 "+  ip address 10.0.0.2 255.255.255.255\n  #\n");
	/* since: every later point, with its header line, newest first */
	const char *o = show(a, "display configuration commit changes since 1000000001");
	ck_assert_msg(strncmp(o, "Building configuration\nCommit changes of commitId 1000000003 ",
			      61) == 0,
		      "%s", o);
	const char *second = strstr(o, "Commit changes of commitId 1000000002 ");
	ck_assert_ptr_nonnull(second);
	ck_assert_ptr_null(strstr(o, "1000000001"));
	ck_assert_ptr_nonnull(strstr(o, "  #\n- sysname HUAWEI\n+ sysname X\n  #\n"));
	/* display configuration commit at: the whole configuration then */
	ck_assert_str_eq(unit_config_body(show(a, "display configuration commit at 1000000001")),
			 "#\nsysname HUAWEI\n#\ninterface LoopBack0\n ip address 10.0.0.1 "
			 "255.255.255.255\n#\nreturn\n");
	/* and running is as it was */
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(a, "display current-configuration")), "sysname X"));
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(eighty_points_kept_labels_stay)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	char line[64];
	sok(a, L("system-view", "sysname L0", "commit label keep"));
	for (int i = 1; i <= 85; i++) {
		snprintf(line, sizeof line, "sysname N%d", i);
		sok(a, L(line, "commit"));
	}
	const char *o = show(a, "display configuration commit list");
	int rows = 0;
	for (const char *p = o; (p = strstr(p, "\n")) != NULL; p++)
		rows += p[1] >= '1' && p[1] <= '9';
	/* the newest 80 points and the labelled one, marked */
	ck_assert_int_eq(rows, 81);
	ck_assert_ptr_nonnull(strstr(o, "\n81   1000000001*  keep"));
	ck_assert_ptr_null(strstr(o, "1000000002"));
	sclose(a);
	/* still there after a restart; rollback to it works */
	sfx *b = sopen(d);
	o = show(b, "display configuration commit list label");
	ck_assert_ptr_nonnull(strstr(o, "\n1    1000000001*  keep"));
	b->answer = "y";
	sok(b, L("rollback configuration to label keep"));
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), "#\nsysname L0\n#\nreturn\n");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* ---- what a record carries besides the text ------------------------------- */

START_TEST(owners_survive_a_restart)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "ip vpn-instance v1", "ipv6-family", "route-distinguisher 1:1",
		 "quit", "quit", "interface LoopBack0", "quit", "bgp 100",
		 "ipv6-family vpn-instance v1", "group g1 external", "peer g1 as-number 200",
		 "peer g1 connect-interface LoopBack0", "peer 2001:db8::1 as-number 300",
		 "peer 2001:db8::2 group g1", "group g2 external", "commit"));
	sclose(a);
	/* a new process loads the lines without running a command: the
	 * group still takes its peers along */
	sfx *b = sopen(d);
	sok(b, L("system-view", "bgp 100", "ipv6-family vpn-instance v1", "undo group g1"));
	ck_assert_str_eq(show(b, "display configuration candidate"),
			 "bgp 100\n ipv6-family vpn-instance v1\n  undo group g1 external\n"
			 "  undo peer g1 as-number 200\n  undo peer g1 connect-interface LoopBack0\n"
			 "  undo peer 2001:DB8::2 group g1\n");
	sok(b, L("commit"));
	sclose(b);
	/* and the interface knows the connect-interface lines that name it */
	sfx *c = sopen(d);
	sok(c, L("system-view", "bgp 100", "ipv6-family vpn-instance v1",
		 "peer g2 connect-interface LoopBack0", "commit"));
	sclose(c);
	sfx *e = sopen(d);
	sok(e, L("system-view"));
	ck_assert_int_eq(srun(e, "undo interface LoopBack0"), -1);
	ck_assert_str_eq(e->out, "Error: The interface is the connect-interface of peer g2 "
				 "(ipv6-family vpn-instance v1). Delete that configuration first.\n");
	ck_assert_str_eq(show(e, "display current-configuration | include peer|group"),
			 "  peer 2001:DB8::1 as-number 300\n  group g2 external\n"
			 "  peer g2 connect-interface LoopBack0\n");
	sclose(e);
	unit_rmdir(d);
}
END_TEST

START_TEST(rollback_puts_lines_back_in_place)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "ip vpn-instance v1", "ipv6-family", "route-distinguisher 1:1",
		 "quit", "quit", "bgp 100", "ipv6-family vpn-instance v1", "group zz external",
		 "peer zz as-number 1", "group aa external", "peer aa as-number 2", "commit"));
	const char *before = strdup(unit_config_body(show(a, "display current-configuration")));
	sok(a, L("undo group zz", "commit", "return"));
	sclose(a);
	/* in another process: the group comes back first, where it was, as
	 * it was (by commands it would come back last) */
	sfx *b = sopen(d);
	b->answer = "y";
	sok(b, L("rollback configuration last 1"));
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), before);
	/* a peer added to it later still sorts with it */
	sok(b, L("system-view", "bgp 100", "ipv6-family vpn-instance v1",
		 "peer zz connect-interface 2001:db8::5", "commit"));
	ck_assert_str_eq(show(b, "display current-configuration | include zz|aa"),
			 "  group zz external\n  peer zz as-number 1\n"
			 "  peer zz connect-interface 2001:DB8::5\n  group aa external\n"
			 "  peer aa as-number 2\n");
	free((char *)before);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* A peer that joins a group in a later commit is shown with the group's
 * block (a member's as-number and group lines follow the group line):
 * its lines that were already there move without changing, and the move
 * is kept by the state directory like any change.  Rolling that commit
 * back puts them where they were, also for the next process. */
START_TEST(peer_joining_a_group_keeps_its_place)
{
	static const char member[] = "\n group g internal\n peer 10.1.1.2 as-number 100\n"
				     " peer 10.1.1.2 group g\n";
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "bgp 100", "peer 10.1.1.2 as-number 100",
		 "peer 10.1.1.3 as-number 100", "group g internal", "commit"));
	char *first = strdup(unit_config_body(show(a, "display current-configuration")));
	sok(a, L("peer 10.1.1.2 group g", "commit"));
	char *joined = strdup(unit_config_body(show(a, "display current-configuration")));
	ck_assert_msg(strstr(joined, member), "not with its group:\n%s", joined);
	/* what a commit changed: the join, not the lines that only moved */
	ck_assert_ptr_null(strstr(show(a, "display configuration commit changes last 1"),
				  "as-number"));
	sclose(a);

	sfx *b = sopen(d);
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), joined);
	b->answer = "y";
	sok(b, L("rollback configuration last 1"));
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), first);
	sclose(b);

	sfx *c = sopen(d);
	ck_assert_str_eq(unit_config_body(show(c, "display current-configuration")), first);
	/* a join left uncommitted moves the lines in the candidate only for
	 * as long as it is there */
	sok(c, L("system-view", "bgp 100", "peer 10.1.1.2 group g"));
	ck_assert_msg(strstr(show(c, "display configuration candidate"), "peer 10.1.1.2 group g"),
		      "%s", c->out);
	sok(c, L("clear configuration candidate"));
	ck_assert_str_eq(unit_config_body(show(c, "display current-configuration")), first);
	sclose(c);
	free(first);
	free(joined);
	unit_rmdir(d);
}
END_TEST

/* A session whose candidate holds a join keeps the moved lines when it
 * takes in another session's commit first. */
START_TEST(peer_join_survives_another_commit)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("system-view", "bgp 100", "peer 10.1.1.2 as-number 100",
		 "peer 10.1.1.3 as-number 100", "group g internal", "commit"));
	sok(b, L("system-view", "bgp 100", "peer 10.1.1.2 group g"));
	sok(a, L("quit", "sysname OTHER", "commit"));
	sok(b, L("commit"));
	char *joined = strdup(unit_config_body(show(b, "display current-configuration")));
	ck_assert_msg(strstr(joined, "\n group g internal\n peer 10.1.1.2 as-number 100\n"),
		      "not with its group:\n%s", joined);
	sclose(a);
	sclose(b);
	sfx *c = sopen(d);
	ck_assert_str_eq(unit_config_body(show(c, "display current-configuration")), joined);
	sclose(c);
	free(joined);
	unit_rmdir(d);
}
END_TEST

/* ---- damaged journals ---------------------------------------------------- */

static void journal_path(const char *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s/journal", d);
}

/* A copy of dir/name into dir/name.saved, and back. */
static void save_file(const char *d, const char *name, bool back)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, back ? "cp '%s/%s.saved' '%s/%s'" : "cp '%s/%s' '%s/%s.saved'", d,
		 name, d, name);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(torn_tail_cut_silently)
{
	char *d = unit_tmpdir("store");
	char jp[512];
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname ONE", "commit"));
	off_t one = file_size(d, "journal");
	save_file(d, "highwater", false);
	sok(a, L("sysname TWO", "commit"));
	off_t two = file_size(d, "journal");
	sclose(a);
	ck_assert_int_gt(two, one);
	/* a crash in the middle of writing the second record: half of it is
	 * on disk, and the high-water mark was not yet moved past the first */
	journal_path(d, jp, sizeof jp);
	ck_assert_int_eq(truncate(jp, one + (two - one) / 2), 0);
	save_file(d, "highwater", true);
	sfx *b = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(b, "display current-configuration")), "sysname ONE\n"));
	ck_assert_str_eq(b->warn, "");
	ck_assert_str_eq(show(b, "display configuration commit list verbose | include CommitId"),
			 "1) CommitId: 1000000001\n");
	/* the next commit cuts the tail and takes the ID and the place of the
	 * lost one */
	sok(b, L("system-view", "sysname THREE", "commit"));
	ck_assert_str_eq(show(b, "display configuration commit list verbose 1 | include CommitId"),
			 "1) CommitId: 1000000002\n");
	ck_assert_str_eq(b->warn, "");
	sclose(b);
	sfx *c = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(c, "display current-configuration")), "sysname THREE\n"));
	ck_assert_str_eq(c->warn, "");
	sclose(c);
	unit_rmdir(d);
}
END_TEST

/* A sha of every file of d, to tell that nothing changed. */
static char *dir_sum(const char *d)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cd '%s' && find . -type f ! -path './sessions/*' | sort | xargs "
				  "sha1sum",
		 d);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	char *buf = calloc(1, 8192);
	ck_assert_uint_gt(fread(buf, 1, 8191, p), 0);
	pclose(p);
	return buf;
}

START_TEST(truncated_last_record_is_damage)
{
	char *d = unit_tmpdir("store");
	char jp[512];
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname ONE", "commit"));
	off_t one = file_size(d, "journal");
	sok(a, L("sysname TWO", "commit"));
	off_t two = file_size(d, "journal");
	sclose(a);
	/* the second commit was reported: cutting it is damage, not a crash */
	journal_path(d, jp, sizeof jp);
	ck_assert_int_eq(truncate(jp, one + (two - one) / 2), 0);
	char *before = dir_sum(d);
	sfx *b = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(b, "display current-configuration")), "sysname ONE\n"));
	ck_assert_msg(strstr(b->warn, "journal is damaged at offset") != NULL, "%s", b->warn);
	ck_assert_ptr_nonnull(strstr(b->warn, "last intact commit: commit ID 1000000001"));
	ck_assert_ptr_nonnull(strstr(b->warn, "--recover"));
	/* nothing is written */
	ck_assert_int_eq(srun(b, "system-view"), 0);
	ck_assert_int_eq(srun(b, "sysname THREE"), 0);
	ck_assert_int_eq(srun(b, "commit"), -1);
	ck_assert_ptr_nonnull(strstr(b->out, "cannot be saved"));
	sclose(b);
	char *after = dir_sum(d);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	unit_rmdir(d);
}
END_TEST

START_TEST(damaged_record_and_garbage)
{
	char *d = unit_tmpdir("store");
	char jp[512];
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname ONE", "commit"));
	off_t one = file_size(d, "journal");
	sok(a, L("sysname TWO", "commit"));
	off_t two = file_size(d, "journal");
	sclose(a);
	journal_path(d, jp, sizeof jp);
	/* garbage after intact records: what a crash during a write leaves */
	int fd = open(jp, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, "not a record at all", 19), 19);
	close(fd);
	sfx *e = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(e, "display current-configuration")), "sysname TWO\n"));
	ck_assert_str_eq(e->warn, "");
	sok(e, L("system-view", "sysname THREE", "commit"));
	sclose(e);
	ck_assert_int_gt(file_size(d, "journal"), two);
	sfx *f = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(f, "display current-configuration")), "sysname THREE\n"));
	ck_assert_str_eq(f->warn, "");
	sclose(f);
	/* one byte of the second record's text changes: damage */
	fd = open(jp, O_RDWR);
	ck_assert_int_ge(fd, 0);
	char c;
	ck_assert_int_eq(pread(fd, &c, 1, one + 60), 1);
	c ^= 0x20;
	ck_assert_int_eq(pwrite(fd, &c, 1, one + 60), 1);
	close(fd);
	sfx *b = sopen(d);
	ck_assert_ptr_nonnull(strstr(unit_config_body(show(b, "display current-configuration")), "sysname ONE\n"));
	ck_assert_msg(strstr(b->warn, "journal is damaged at offset") != NULL, "%s", b->warn);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* ---- checkpoints ---------------------------------------------------------- */

START_TEST(checkpoint_and_history)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	char line[80];
	/* a change of a few tens of thousands of lines passes the checkpoint
	 * threshold (1 MB of journal) */
	ck_assert_int_eq(srun(a, "system-view"), 0);
	for (int i = 0; i < 6000; i++) {
		snprintf(line, sizeof line, "ip vpn-instance vpn-with-a-long-name-%d", i);
		sok(a, L(line, "ipv6-family"));
		snprintf(line, sizeof line, "route-distinguisher 100:%d", i);
		sok(a, L(line, "vpn-target 100:1 both", "quit", "quit"));
	}
	sok(a, L("commit", "sysname AFTER", "commit"));
	ck_assert_int_gt(file_size(d, "checkpoint"), 0);
	sclose(a);
	/* the checkpoint holds the first commit; the journal keeps history */
	char p[512];
	unsigned char hdr[24];
	snprintf(p, sizeof p, "%s/checkpoint", d);
	FILE *fp = fopen(p, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fread(hdr, 1, sizeof hdr, fp), sizeof hdr);
	fclose(fp);
	ck_assert(memcmp(hdr, "VRK2", 4) == 0);
	ck_assert_uint_eq(hdr[8], 1);              /* seq, little-endian */
	ck_assert_uint_eq(hdr[16] | hdr[17] << 8 | hdr[18] << 16 | (unsigned)hdr[19] << 24,
			  1000000001u);               /* the highest commit ID */
	sfx *b = sopen(d);
	const char *o = show(b, "display current-configuration | include sysname|vpn-with-a-long-name-5999$");
	ck_assert_str_eq(o, "sysname AFTER\nip vpn-instance vpn-with-a-long-name-5999\n");
	ck_assert_str_eq(show(b, "display configuration commit list verbose | include CommitId"),
			 "1) CommitId: 1000000002\n2) CommitId: 1000000001\n");
	b->answer = "y";
	sok(b, L("rollback configuration last 2"));
	ck_assert_str_eq(unit_config_body(show(b, "display current-configuration")), "#\nsysname HUAWEI\n#\nreturn\n");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* ---- sessions sharing a directory ------------------------------------------ */

START_TEST(other_sessions_see_commits)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("system-view", "sysname FROM-A", "commit"));
	ck_assert_str_eq(show(b, "display current-configuration | include sysname"),
			 "sysname FROM-A\n");
	/* b edits inside a view; a's commit under it keeps b's view and changes */
	sok(b, L("system-view", "interface LoopBack5", "ip address 10.5.5.5 32"));
	sok(a, L("interface LoopBack6", "ip address 10.6.6.6 32", "commit"));
	sok(b, L("display this"));
	ck_assert_ptr_nonnull(strstr(b->out, "interface LoopBack5\n ip address 10.5.5.5"));
	sok(b, L("commit"));
	ck_assert_str_eq(show(a, "display current-configuration | include interface LoopBack"),
			 "interface LoopBack5\ninterface LoopBack6\n");
	ck_assert_str_eq(show(a, "display configuration commit list verbose | include CommitId"),
			 "1) CommitId: 1000000003\n2) CommitId: 1000000002\n3) CommitId: 1000000001\n");
	sclose(a);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(view_closed_when_its_section_goes)
{
	char *d = unit_tmpdir("store");
	char prompt[64];
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("system-view", "interface LoopBack7", "ip address 10.7.7.7 32", "commit"));
	sok(b, L("system-view", "undo interface LoopBack7", "commit"));
	/* the next command of a runs after a has picked up b's commit */
	sok(a, L("display this"));
	vsh_prompt(&a->s, prompt, sizeof prompt);
	ck_assert_str_eq(prompt, "[~HUAWEI]");
	sclose(a);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(conflict_refused_then_allowed)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("system-view", "interface LoopBack1", "ip address 10.1.1.1 32"));
	sok(b, L("system-view", "interface LoopBack1", "ip address 10.1.1.2 32"));
	sok(a, L("commit"));
	ck_assert_int_eq(srun(b, "commit"), -1);
	ck_assert_str_eq(b->out, "ip address 10.1.1.2 255.255.255.255\n"
				 "Error: The configuration was changed by another user.\n"
				 "Commit canceled, the configuration conflicted with other user, you "
				 "can modify \nthe configuration and commit again.\n"
				 "Failed to generate committed config.\n");
	/* the candidate is kept; committing again (after being told) wins */
	ck_assert_ptr_nonnull(strstr(show(b, "display configuration candidate"),
				     "ip address 10.1.1.2 255.255.255.255"));
	sok(b, L("commit"));
	ck_assert_str_eq(show(a, "display current-configuration | include ip address"),
			 " ip address 10.1.1.2 255.255.255.255\n");
	sclose(a);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(refresh_clears_conflict)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("system-view", "sysname A"));
	sok(b, L("system-view", "sysname B"));
	sok(a, L("commit"));
	sok(b, L("refresh configuration candidate", "commit"));
	ck_assert_str_eq(show(a, "display current-configuration | include sysname"), "sysname B\n");
	sclose(a);
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(exclusive_lock)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	sok(a, L("configuration exclusive"));
	sok(b, L("system-view", "sysname B"));
	ck_assert_int_eq(srun(b, "commit"), -1);
	ck_assert_str_eq(b->out, "Error: The configuration is locked by other user. [Session ID = 1]\n"
				 "Failed to generate committed config.\n");
	ck_assert_int_eq(srun(b, "configuration exclusive"), -1);
	ck_assert_int_eq(srun(b, "undo configuration exclusive"), -1);
	sok(a, L("undo configuration exclusive"));
	sok(b, L("commit"));
	/* the lock goes with the session that holds it */
	sok(b, L("configuration exclusive"));
	sclose(b);
	sok(a, L("system-view", "sysname A", "commit"));
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(sessions_listed)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d), *b = sopen(d);
	static const char head[] =
		"--------------------------------------------------------------------------\n"
		"Session User-Intf    User                 Date                Lock\n"
		"--------------------------------------------------------------------------\n";
	const char *o = show(b, "display configuration sessions");
	ck_assert_msg(strncmp(o, head, sizeof head - 1) == 0, "%s", o);
	/* in order of their numbers, this one marked; the date at column 42 */
	const char *one = strstr(o, "\n1       CON 0        ");
	const char *two = strstr(o, "\n2 *     CON 0        ");
	ck_assert_ptr_nonnull(one);
	ck_assert_ptr_nonnull(two);
	ck_assert(one < two);
	ck_assert_int_eq(two[1 + 42 + 4], '-');
	ck_assert_ptr_nonnull(strstr(two, "    -   \n"));
	sclose(a);
	o = show(b, "display configuration sessions");
	ck_assert_ptr_null(strstr(o, "\n1 "));
	sclose(b);
	unit_rmdir(d);
}
END_TEST

/* ---- rollback, trial ---------------------------------------------------------- */

START_TEST(rollback_result_on_failure)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	char p[512];
	snprintf(p, sizeof p, "%s/bad.cfg", d);
	FILE *fp = fopen(p, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("#\nsysname FILE\n#\nbogus command\n#\nreturn\n", fp);
	fclose(fp);
	a->answer = "y";
	sok(a, L("rollback configuration to file bad.cfg"));
	ck_assert_ptr_nonnull(strstr(a->out, "Configuration rollback completed with errors.\n"));
	ck_assert_str_eq(unit_config_body(show(a, "display current-configuration")), "#\nsysname FILE\n#\nreturn\n");
	ck_assert_str_eq(show(a, "display configuration rollback result"),
			 "!commit error information\n"
			 "Error: Unrecognized command found at '^' position.\n"
			 "!There are still several differences as follow:\n"
			 "+ bogus command\n");
	/* a clean rollback leaves nothing to show */
	sok(a, L("rollback configuration last 1"));
	ck_assert_str_eq(show(a, "display configuration rollback result"), "");
	sclose(a);
	unit_rmdir(d);
}
END_TEST

/* The running configuration of directory d, as the daemon loads it. */
static cfg_db *load_dir(const char *d)
{
	char err[256];
	cfg_db *db = cfg_db_new();
	ck_assert_ptr_nonnull(db);
	ck_assert_msg(store_load_dir(d, db, NULL, err, sizeof err) == 0, "%s", err);
	return db;
}

START_TEST(trial_reverted_for_daemon)
{
	char *d = unit_tmpdir("store");
	char err[256];
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname T", "commit trial 60"));
	sclose(a);
	int64_t now = store_now();
	ck_assert_int_eq(store_revert_due_trial(d, now, err, sizeof err), 0);
	ck_assert_int_eq(store_revert_due_trial(d, now + 61, err, sizeof err), 1);
	ck_assert_int_eq(store_revert_due_trial(d, now + 61, err, sizeof err), 0);
	cfg_db *db = load_dir(d);
	ck_assert_str_eq(cfg_text(cfg_get(db, NULL, "sysname", 7, CFG_RUNNING), CFG_RUNNING),
			 "sysname HUAWEI");
	cfg_db_free(db);
	unit_rmdir(d);
}
END_TEST

START_TEST(trial_expired_reverts_on_tick)
{
	char *d = unit_tmpdir("store");
	/* a clock 1000 times as fast: the 60 s trial lasts 60 ms */
	setenv("VRPSH_TEST_CLOCK_SCALE", "1000", 1);
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname T", "commit trial 60"));
	bool reverted = false;
	for (int i = 0; i < 1000 && !reverted; i++) {
		usleep(10000);
		reverted = vsh_tick(&a->s);
	}
	unsetenv("VRPSH_TEST_CLOCK_SCALE");
	ck_assert(reverted);
	ck_assert_str_eq(show(a, "display configuration trial status | include status"),
			 "Trial status: INACTIVE \n");
	ck_assert_str_eq(show(a, "display current-configuration | include sysname"),
			 "sysname HUAWEI\n");
	ck_assert_str_eq(show(a, "display configuration commit list verbose 1 | include Type"),
			 "        Type: ROLLBACK\n");
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(trial_refresh_keeps_base)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname T1", "commit trial 60", "sysname T2", "commit trial 90"));
	ck_assert_str_eq(show(a, "display configuration trial status | include left"),
			 "Trial time left (sec): 90\n");
	a->answer = "y";
	sok(a, L("abort trial"));
	/* both trial commits go: back to before the first */
	ck_assert_str_eq(show(a, "display current-configuration | include sysname"),
			 "sysname HUAWEI\n");
	ck_assert_int_eq(srun(a, "commit persist nosuch"), -1);
	ck_assert_str_eq(a->out,
			 "Error: No trial configuration runs with the persistence ID nosuch.\n");
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(immediate_mode_no_points)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname S1", "commit", "return", "system-view immediately",
		 "sysname PE", "return"));
	ck_assert_str_eq(show(a, "display configuration commit list verbose | include CommitId"),
			 "1) CommitId: 1000000001\n");
	sclose(a);
	sfx *b = sopen(d);
	ck_assert_str_eq(show(b, "display current-configuration | include sysname"), "sysname PE\n");
	/* undoing the point undoes what came after it too */
	b->answer = "y";
	sok(b, L("rollback configuration last 1"));
	ck_assert_str_eq(show(b, "display current-configuration | include sysname"),
			 "sysname HUAWEI\n");
	sclose(b);
	unit_rmdir(d);
}
END_TEST

START_TEST(save_writes_running)
{
	char *d = unit_tmpdir("store");
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname SAVED", "commit", "sysname NOT-YET", "return"));
	a->answer = "n";
	sok(a, L("return", "save"));
	ck_assert_int_eq(file_size(d, "vrpcfg.cfg"), -1);
	a->answer = "y";
	sok(a, L("save", "save other.dat"));
	char p[512], *text;
	snprintf(p, sizeof p, "%s/vrpcfg.cfg", d);
	FILE *fp = fopen(p, "r");
	ck_assert_ptr_nonnull(fp);
	text = calloc(1, 8192);
	ck_assert_uint_gt(fread(text, 1, 8191, fp), 0);
	fclose(fp);
	/* the running configuration, not the candidate, as display
	 * current-configuration shows it: the ports listed */
	ck_assert_str_eq(unit_config_body(text), "#\nsysname SAVED\n#\nreturn\n");
	ck_assert_int_eq(strncmp(text, "#\nsysname SAVED\n#\ninterface MEth0/0/0\n#\n"
				       "interface 10GE1/0/1\n#\n", 60), 0);
	free(text);
	ck_assert_int_gt(file_size(d, "other.dat"), 0);
	ck_assert_int_eq(srun(a, "save ../x.cfg"), -1);
	ck_assert_int_eq(srun(a, "save a.cfgx"), -1);
	sclose(a);
	unit_rmdir(d);
}
END_TEST

START_TEST(state_load_for_daemon)
{
	char *d = unit_tmpdir("store");
	char err[256];
	sfx *a = sopen(d);
	sok(a, L("system-view", "sysname DAEMON", "commit"));
	sclose(a);
	(void)err;
	cfg_db *db = load_dir(d);
	cfg_entry *e = cfg_get(db, NULL, "sysname", 7, CFG_RUNNING);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(cfg_text(e, CFG_RUNNING), "sysname DAEMON");
	ck_assert(!cfg_pending(db));
	cfg_db_free(db);
	unit_rmdir(d);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_add_test(tc, running_survives_restart);
	tcase_add_test(tc, uncommitted_changes_are_not_kept);
	tcase_add_test(tc, current_header_has_last_change);
	tcase_add_test(tc, commit_ids_and_list);
	tcase_add_test(tc, commit_changes_layout);
	tcase_add_test(tc, eighty_points_kept_labels_stay);
	tcase_add_test(tc, owners_survive_a_restart);
	tcase_add_test(tc, rollback_puts_lines_back_in_place);
	tcase_add_test(tc, peer_joining_a_group_keeps_its_place);
	tcase_add_test(tc, peer_join_survives_another_commit);
	tcase_add_test(tc, torn_tail_cut_silently);
	tcase_add_test(tc, truncated_last_record_is_damage);
	tcase_add_test(tc, damaged_record_and_garbage);
	tcase_add_test(tc, checkpoint_and_history);
	tcase_add_test(tc, other_sessions_see_commits);
	tcase_add_test(tc, view_closed_when_its_section_goes);
	tcase_add_test(tc, conflict_refused_then_allowed);
	tcase_add_test(tc, refresh_clears_conflict);
	tcase_add_test(tc, exclusive_lock);
	tcase_add_test(tc, sessions_listed);
	tcase_add_test(tc, rollback_result_on_failure);
	tcase_add_test(tc, trial_expired_reverts_on_tick);
	tcase_add_test(tc, trial_reverted_for_daemon);
	tcase_add_test(tc, trial_refresh_keeps_base);
	tcase_add_test(tc, immediate_mode_no_points);
	tcase_add_test(tc, save_writes_running);
	tcase_add_test(tc, state_load_for_daemon);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(store, store_suite)
