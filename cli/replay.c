/* Replay of configuration files and command scripts: reading the input,
 * numbering its lines and reporting failures as "FILE:LINE:".  Which view
 * each line runs in is decided by the library's replay (views/replay.h).
 *
 * Speed matters (hundreds of thousands of lines): the input is read in
 * large blocks with read(2), lines are cut in place and handed on without
 * copies or allocations. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../shell/replay.h"
#include "../views/store.h"
#include "outbuf.h"
#include "replay.h"
#include "shell.h"

#define READ_BLOCK (1u << 20)       /* also the longest line accepted */
#define READ_START (64u << 10)      /* the read buffer at first */
#define PROGRESS_EVERY 100000ul
#define SPILL_AT (64u << 10)        /* output beyond this is not held back */
#define PREFAULT_BYTES (1u << 20)   /* files from this size fault memory in ahead */

typedef struct replay {
	vsh_session *s;
	const char *name;      /* file name as given, "<stdin>" or "-c" */
	size_t namelen;
	unsigned long lineno;
	unsigned long dig_hi;  /* the first line number wider than ndig digits */
	size_t ndig;
	cli_outbuf out;
	vsh_replay core;       /* views, indentation, "#" lines */
	bool progress;         /* stderr is a terminal */
	unsigned long shown;   /* the last line count printed */
	bool keep_going;       /* --continue: report failing lines and go on */
	unsigned long failed;  /* lines that failed (with keep_going) */
} replay;

/* Questions in a replay take the default answer, as a device restoring its
 * configuration file does. */
static int replay_ask(void *ctx, char *buf, size_t buflen)
{
	cli_outbuf_write(ctx, "Y\n", 2);
	if (buflen < 2)
		return -1;
	memcpy(buf, "Y", 2);
	return 0;
}

static size_t ndigits(unsigned long v)
{
	size_t n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The digits of the line number.  Line numbers only grow, and their width
 * changes at powers of ten only: it is worked out again only there. */
static size_t line_digits(replay *r)
{
	if (r->lineno >= r->dig_hi) {
		r->ndig = ndigits(r->lineno);
		r->dig_hi = 1;
		for (size_t i = 0; i < r->ndig && r->dig_hi <= ULONG_MAX / 10; i++)
			r->dig_hi *= 10;
	}
	return r->ndig;
}

/* Run text (the line without its indentation); on failure report the whole
 * line, then what the command printed (the caret line and the message). */
static int run(replay *r, const char *line, size_t len, const char *text, size_t tlen)
{
	size_t prefix = r->namelen + 1 + line_digits(r) + 2; /* "NAME:LINE: " */
	bool in_user_view = r->s->depth == 1;

	cli_outbuf_reset(&r->out);
	if (vsh_exec(r->s, text, tlen, prefix + (size_t)(text - line)) == 0) {
		/* The banner of `system-view` says nothing in a file: the
		 * output of the line that enters the system view is dropped,
		 * so that a replay of a script prints only what matters (and
		 * `-c 'display current-configuration'` gives a clean file). */
		if (in_user_view && r->s->depth == 2 && !r->out.spilled)
			cli_outbuf_reset(&r->out);
		cli_outbuf_flush(&r->out, stdout);
		return 0;
	}
	fflush(stdout);
	fprintf(stderr, "%s:%lu: ", r->name, r->lineno);
	fwrite(line, 1, len, stderr);
	fputc('\n', stderr);
	cli_outbuf_flush(&r->out, stderr);
	fflush(stderr);
	return -1;
}

/* vsh_replay_run_fn: a first line tried in the user view shows its output
 * only when it succeeds; other lines run as run() does. */
static int replay_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		      size_t tlen, bool probe)
{
	replay *r = ctx;

	if (!probe)
		return run(r, line, len, text, tlen);
	cli_outbuf_reset(&r->out);
	if (vsh_exec(s, text, tlen, 0) != 0) {
		cli_outbuf_reset(&r->out);
		return -1;
	}
	if (s->depth == 2)   /* the system-view banner */
		cli_outbuf_reset(&r->out);
	cli_outbuf_flush(&r->out, stdout);
	return 0;
}

static void show_progress(replay *r)
{
	fflush(stdout);
	fprintf(stderr, "Replayed %lu lines\n", r->lineno);
	r->shown = r->lineno;
}

static int replay_line(replay *r, const char *line, size_t len)
{
	return vsh_replay_line(&r->core, line, len);
}

static void replay_begin(replay *r, vsh_session *s, const char *name, vsh_io *saved)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->name = name;
	r->namelen = strlen(name);
	vsh_replay_init(&r->core, s, replay_run, r);
	r->progress = isatty(STDERR_FILENO);
	cli_outbuf_init(&r->out, stdout, SPILL_AT);
	*saved = s->io;
	s->io = (vsh_io){ .write = cli_outbuf_write, .ask = replay_ask, .ctx = &r->out };
}

static void replay_end(replay *r, const vsh_io *saved)
{
	fflush(stdout);
	r->s->io = *saved;
	cli_outbuf_free(&r->out);
}

/* Feed every line of fd to replay_line; returns 0, -1 when a line failed,
 * -2 on a read error (message printed). */
static int replay_fd(replay *r, int fd)
{
	/* the buffer grows to READ_BLOCK only for a line that needs it: each
	 * new page of it costs a fault */
	size_t cap = READ_START, have = 0;
	char *buf = malloc(cap);
	int rc = 0;

	if (!buf) {
		fprintf(stderr, "vrpsh: %s: out of memory\n", r->name);
		return -2;
	}
	for (;;) {
		if (have == cap && cap < READ_BLOCK) {
			char *nb = realloc(buf, 2 * cap);
			if (!nb) {
				fprintf(stderr, "vrpsh: %s: out of memory\n", r->name);
				rc = -2;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + have, cap - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "vrpsh: %s: %s\n", r->name, strerror(errno));
			rc = -2;
			break;
		}
		if (n == 0) {
			if (have) {
				r->lineno++;
				rc = replay_line(r, buf, have);
				if (rc < 0 && r->keep_going) {
					r->failed++;
					rc = 0;
				}
			}
			break;
		}
		have += (size_t)n;
		char *p = buf, *end = buf + have, *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			r->lineno++;
			if (replay_line(r, p, (size_t)(nl - p)) < 0) {
				if (r->keep_going) {
					r->failed++;
				} else {
					rc = -1;
					goto out;
				}
			}
			if (r->progress && r->lineno % PROGRESS_EVERY == 0)
				show_progress(r);
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have == READ_BLOCK) {
			r->lineno++;
			fflush(stdout);
			fprintf(stderr, "%s:%lu: Error: The line is longer than %u bytes.\n",
				r->name, r->lineno, READ_BLOCK);
			rc = -1;
			break;
		}
		if (p != buf && have)
			memmove(buf, p, have);
	}
out:
	free(buf);
	return rc;
}

static int replay_file(vsh_session *s, const char *path, bool keep_going)
{
	bool use_stdin = strcmp(path, "-") == 0;
	const char *name = use_stdin ? "<stdin>" : path;
	int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "vrpsh: %s: %s\n", path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	replay r;
	vsh_io saved;
	struct stat sb;
	/* room for the lines of a regular file at once (a line is rarely
	 * shorter than 24 bytes): the identity hash and the change list then
	 * grow once at most */
	bool large = false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		size_t lines = (size_t)sb.st_size / 24;
		/* the memory of a large build is faulted in on the other core,
		 * the tables for its lines too; a smaller build has them made
		 * now */
		large = sb.st_size >= PREFAULT_BYTES && cfg_prefault_begin(s->db, lines) == 1;
		if (!large)
			(void)cfg_bulk_reserve(s->db, lines);
		vsh_store_replay_begin(s);
	}
	replay_begin(&r, s, name, &saved);
	r.keep_going = keep_going;
	int rc = replay_fd(&r, fd);
	if (large)
		cfg_prefault_end(s->db); /* before the commit: what it had ready goes back */
	/* The final count, unless the loop has just printed it. */
	if (r.progress && r.lineno >= PROGRESS_EVERY && r.lineno != r.shown)
		show_progress(&r);
	if (rc == 0 && cfg_pending(s->db)) {
		/* The commit prints its refusal itself ("Error: ..." and
		 * "Failed to generate committed config."). */
		cli_outbuf_reset(&r.out);
		if (vsh_commit(s) < 0) {
			fflush(stdout);
			cli_outbuf_flush(&r.out, stderr);
			rc = -1;
		} else {
			cli_outbuf_flush(&r.out, stdout);
		}
	}
	if (r.failed || r.core.skipped) {
		fflush(stdout);
		fprintf(stderr, "%s: %lu line%s failed", r.name, r.failed, r.failed == 1 ? "" : "s");
		if (r.core.skipped)
			fprintf(stderr, ", %lu not run (their view was not entered)", r.core.skipped);
		fprintf(stderr, "; the other lines were %s.\n", rc == 0 ? "committed" : "not committed");
	}
	replay_end(&r, &saved);
	if (!use_stdin)
		close(fd);
	if (rc < 0)
		cfg_discard(s->db);
	if (rc == -2)
		return CLI_EXIT_USAGE;
	return rc < 0 || r.failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cli_replay_file(vsh_session *s, const char *path)
{
	return replay_file(s, path, false);
}

int cli_replay_file_continue(vsh_session *s, const char *path)
{
	return replay_file(s, path, true);
}

int cli_run_commands(vsh_session *s, const char *const *cmds, int n)
{
	replay r;
	vsh_io saved;
	int rc = CLI_EXIT_OK;

	if (n <= 0)
		return CLI_EXIT_OK;
	replay_begin(&r, s, "-c", &saved);
	vsh_to_user(s);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(cmds[i]);
		r.lineno = (unsigned long)i + 1;
		if (run(&r, cmds[i], len, cmds[i], len) < 0) {
			rc = CLI_EXIT_FAIL;
			break;
		}
		if (s->quit_requested)
			break;
	}
	replay_end(&r, &saved);
	return rc;
}
