/* vrpsh --check: configuration files validated offline, as the device
 * would read them, on the factory configuration of the chosen model and
 * without a state directory.  Every error is reported, not only the first.
 *
 * Text diagnostics are "FILE:LINE:COLUMN: error: MESSAGE", then the line
 * and a caret under the column; JSON diagnostics are one object per line
 * with file, line, column, message, command, view and model.  Lines of a
 * view whose entering line failed are not checked (they would fail for
 * that reason alone; see shell/replay.h) but counted.  A command that
 * exists on other models than the chosen one says so and names them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../views/bgp_backend.h"
#include "../shell/replay.h"
#include "../views/models.h"
#include "check.h"

#define READ_BLOCK (1u << 20)

typedef struct checker {
	const cli_opts *o;
	const char *name;
	unsigned long lineno;
	unsigned long lines, errors, skipped;
	vsh_replay core;
	vsh_session s;
	cfg_db *db;
	view_set *vs;
	bool json;
} checker;

static void sink(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int say_yes(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	snprintf(buf, buflen, "Y");
	return 0;
}

static void json_str(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* One diagnostic; col is the byte column in the line (0-based). */
static void report(checker *c, const char *line, size_t len, size_t col, const char *msg)
{
	const char *m = msg;
	if (strncmp(m, "Error: ", 7) == 0)
		m += 7;
	c->errors++;
	if (c->json) {
		const char *view = view_name(vsh_top(&c->s)->view);
		size_t cl = len;
		while (cl && (line[cl - 1] == ' ' || line[cl - 1] == '\r'))
			cl--;
		size_t ind = 0;
		while (ind < cl && line[ind] == ' ')
			ind++;
		printf("{\"file\":");
		json_str(stdout, c->name, strlen(c->name));
		printf(",\"line\":%lu,\"column\":%zu,\"message\":", c->lineno, col + 1);
		json_str(stdout, m, strlen(m));
		printf(",\"command\":");
		json_str(stdout, line + ind, cl - ind);
		printf(",\"view\":");
		json_str(stdout, view, strlen(view));
		printf(",\"model\":");
		const char *mn = model_name(c->o->model);
		json_str(stdout, mn, strlen(mn));
		printf("}\n");
		return;
	}
	printf("%s:%lu:%zu: error: %s\n", c->name, c->lineno, col + 1, m);
	fwrite(line, 1, len, stdout);
	putchar('\n');
	for (size_t i = 0; i < col; i++)
		putchar(line[i] == '\t' ? '\t' : ' ');
	fputs("^\n", stdout);
}

/* After a syntax error: does the command exist in this view on another
 * model?  Then the message names the models that have it. */
static bool other_models(checker *c, const char *text, size_t tlen, char *msg, size_t msglen)
{
	lex_line *l = malloc(sizeof *l);
	parser_match *m = malloc(sizeof *m);
	bool found = false;

	if (!l || !m || lex_split(text, tlen, l, NULL) != LEX_OK)
		goto out;
	for (int i = c->s.depth - 1; i >= 1 && !found; i--) {
		if (view_set_match_any_model(c->s.stack[i].view, l, c->s.level, m) != PM_OK)
			continue;
		char names[2048];
		uint32_t bits = cmdset_avail(m);
		model_bits_names(bits, names, sizeof names);
		snprintf(msg, msglen, "The command is not supported on %s%s; models that have it: %s",
			 model_name(c->o->model), c->o->low_latency ? " (low latency mode)" : "",
			 names);
		found = true;
	}
out:
	free(l);
	free(m);
	return found;
}

static int check_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		     size_t tlen, bool probe)
{
	checker *c = ctx;
	size_t ind = (size_t)(text - line);

	if (vsh_exec(s, text, tlen, 0) == 0)
		return 0;
	if (probe)
		return -1;
	const vsh_error *e = vsh_last_error(s);
	char msg[2300];
	size_t col = ind;
	if (e->kind == VSH_ERR_SYNTAX || e->kind == VSH_ERR_LEX)
		col += e->col;
	/* Any syntax error, not only an unknown first word: a model can lack
	 * one form of a command whose other forms it has ("dcb pfc" against
	 * "dcb pfc dscp-mapping enable slot 1"), and then the longest match
	 * on this model ends in "Too many parameters". */
	if (e->kind == VSH_ERR_SYNTAX && other_models(c, text, tlen, msg, sizeof msg))
		report(c, line, len, ind, msg);
	else
		report(c, line, len, col, e->kind == VSH_ERR_NONE ? "Error: The command failed." : e->msg);
	return -1;
}

static void check_skip(void *ctx, const char *line, size_t len)
{
	(void)line, (void)len;
	((checker *)ctx)->skipped++;
}

/* Indentation that no view accounts for: deeper than the open views
 * allow in a configuration-file layout.  *ind gets the indentation. */
static bool bad_indent(checker *c, const char *line, size_t len, size_t *indp)
{
	size_t ind = 0;
	while (ind < len && line[ind] == ' ')
		ind++;
	*indp = ind;
	if (ind == len || line[ind] == '#' || line[ind] == '!' || !c->core.started)
		return false;
	if (!c->core.use_indent || ind == 0)
		return false;
	if ((c->core.skip_deeper >= 0 && (long)ind > c->core.skip_deeper) ||
	    (c->core.failed_view != VIEW_LIST_END && ind > c->core.failed_indent))
		return false;
	return (size_t)c->s.depth < ind + 2;
}

static int check_fd(checker *c, int fd)
{
	char *buf = malloc(READ_BLOCK);
	size_t have = 0;
	int rc = 0;

	if (!buf) {
		fprintf(stderr, "vrpsh: %s: out of memory\n", c->name);
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf + have, READ_BLOCK - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "vrpsh: %s: %s\n", c->name, strerror(errno));
			rc = -1;
			break;
		}
		have += (size_t)n;
		char *p = buf, *end = buf + have, *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL || (n == 0 && p < end)) {
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			c->lineno++;
			c->lines++;
			size_t ind;
			if (bad_indent(c, p, len, &ind))
				report(c, p, len, ind,
				       "The line is indented deeper than the views it follows.");
			else
				vsh_replay_line(&c->core, p, len);
			c->s.quit_requested = false;
			p = nl ? nl + 1 : end;
		}
		have = (size_t)(end - p);
		if (n == 0)
			break;
		if (have == READ_BLOCK) {
			c->lineno++;
			report(c, "", 0, 0, "The line is longer than the device accepts.");
			rc = -1;
			break;
		}
		if (p != buf && have)
			memmove(buf, p, have);
	}
	free(buf);
	return rc;
}

static int check_one(const cli_opts *o, const char *path, bool json, unsigned long *lines,
		     unsigned long *errors, unsigned long *skipped)
{
	checker c;
	char err[256];
	bool use_stdin = strcmp(path, "-") == 0;
	int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "vrpsh: %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.o = o;
	c.name = use_stdin ? "<stdin>" : path;
	c.json = json;
	c.db = cfg_db_new();
	vsh_io io = { .write = sink, .ask = say_yes, .ctx = NULL };
	if (!c.db || vsh_db_init(c.db, err, sizeof err) != 0 ||
	    !(c.vs = view_set_build(o->model, o->low_latency, err, sizeof err)) ||
	    vsh_session_init(&c.s, c.db, c.vs, o->model, o->low_latency, o->level, io) != 0) {
		fprintf(stderr, "vrpsh: %s\n", c.db ? err : "out of memory");
		view_set_free(c.vs);
		cfg_db_free(c.db);
		if (!use_stdin)
			close(fd);
		return -1;
	}
	c.s.batch = true;
	vsh_replay_init(&c.core, &c.s, check_run, &c);
	c.core.on_skip = check_skip;
	int rc = check_fd(&c, fd);
	*lines += c.lines;
	*errors += c.errors;
	*skipped += c.skipped;
	bgp_backend_detach(&c.s); /* a display may have made its client */
	vsh_session_fini(&c.s);
	view_set_free(c.vs);
	cfg_db_free(c.db);
	if (!use_stdin)
		close(fd);
	return rc;
}

int cli_check(const cli_opts *o, char *const *files, int nfiles, bool json)
{
	unsigned long lines = 0, errors = 0, skipped = 0;
	bool io_error = false;

	for (int i = 0; i < nfiles; i++)
		if (check_one(o, files[i], json, &lines, &errors, &skipped) < 0)
			io_error = true;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vrpsh: writing the diagnostics: %s\n", strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (!json)
		fprintf(stderr, "vrpsh: checked %lu line%s in %d file%s for %s: %lu error%s%s\n",
			lines, lines == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s",
			model_name(o->model), errors,
			errors == 1 ? "" : "s",
			skipped ? ", some lines not checked (their section failed)" : "");
	if (io_error)
		return CLI_EXIT_USAGE;
	return errors ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
