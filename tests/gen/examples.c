/* Replays the command lines of the reference's Example sections
 * (tests/gen/examples.txt, written by tools/gensyntax) and counts how many
 * of each page's own lines vrpsh accepts, in the view and on the model the
 * example shows.
 *
 *   examples FIXTURE EXCEPTIONS [--list]
 *
 * A block is one example: "@ PAGE #N model=M", then lines "+ PROMPT CMD"
 * (a line of the page's own command: counted) and "- PROMPT CMD" (a line
 * that sets the scene).  Each block runs in a fresh session on the factory
 * configuration.  Before each line the session's prompt is compared with
 * the example's (ignoring the ~ and * marks, which depend on what was
 * committed before the example began).
 *
 * EXCEPTIONS lists the own lines known to fail, one per line as
 * "PAGE #N<TAB>COMMAND<TAB>REASON".  The run fails when fewer than 98% of
 * the own lines are accepted, or when a line fails that the exceptions
 * file does not list (a listed line that passes is reported, so that the
 * list can shrink).  Prints "examples: N passed, N failed" last. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg.h"
#include "shell/session.h"
#include "views/models.h"

#define MIN_ACCEPTED 0.98

struct out {
	char buf[65536];
	size_t n;
};

static void out_write(void *ctx, const char *b, size_t len)
{
	struct out *o = ctx;
	if (o->n + len >= sizeof o->buf)
		len = sizeof o->buf - 1 - o->n;
	memcpy(o->buf + o->n, b, len);
	o->n += len;
	o->buf[o->n] = '\0';
}

/* Questions get "y": the examples show the confirmed outcome. */
static int out_ask(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	snprintf(buf, buflen, "y");
	return 0;
}

/* ---- exceptions ------------------------------------------------------- */

static char **exc;
static bool *exc_seen;
static size_t nexc;

static void load_exceptions(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	size_t cap = 0;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char *tab = strchr(line, '\t');
		char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
		if (!tab2)
			continue;
		*tab2 = '\0'; /* key: "PAGE #N<TAB>COMMAND" */
		if (nexc == cap) {
			cap = cap ? cap * 2 : 256;
			exc = realloc(exc, cap * sizeof *exc);
			exc_seen = realloc(exc_seen, cap * sizeof *exc_seen);
			if (!exc || !exc_seen) {
				fprintf(stderr, "examples: out of memory\n");
				exit(2);
			}
		}
		exc_seen[nexc] = false;
		exc[nexc++] = strdup(line);
	}
	fclose(f);
}

static bool excepted(const char *block, const char *cmd)
{
	char key[8192];
	snprintf(key, sizeof key, "%s\t%s", block, cmd);
	for (size_t i = 0; i < nexc; i++)
		if (strcmp(exc[i], key) == 0) {
			exc_seen[i] = true;
			return true;
		}
	return false;
}

/* ---- one block ---------------------------------------------------------- */

struct block {
	vsh_session s;
	cfg_db *db;
	view_set *vs;
	struct out out;
	char name[512];
	char ctx_failed[512]; /* the first scene-setting line that failed */
	bool open;
};

static void block_close(struct block *b)
{
	if (!b->open)
		return;
	vsh_session_fini(&b->s);
	view_set_free(b->vs);
	cfg_db_free(b->db);
	b->open = false;
}

static bool block_open(struct block *b, const char *header)
{
	char err[256];
	const char *mp = strstr(header, " model=");
	char model[64] = "";

	block_close(b);
	snprintf(b->name, sizeof b->name, "%.*s",
		 (int)(mp ? (size_t)(mp - header) : strcspn(header, "\n")), header);
	if (mp)
		sscanf(mp + 7, "%63s", model);
	const vsh_model *m = model[0] ? model_find(model) : model_default();
	bool ll = false;
	if (!m && strstr(model, "(low-latency)")) {
		*strstr(model, "(low-latency)") = '\0';
		m = model_find(model);
		ll = true;
	}
	if (!m)
		m = model_default();
	b->db = cfg_db_new();
	if (!b->db || vsh_db_init(b->db, err, sizeof err) != 0 ||
	    !(b->vs = view_set_build(m, ll, err, sizeof err))) {
		fprintf(stderr, "examples: %s\n", err);
		exit(2);
	}
	vsh_io io = { .write = out_write, .ask = out_ask, .ctx = &b->out };
	if (vsh_session_init(&b->s, b->db, b->vs, m, ll, 3, io) != 0) {
		fprintf(stderr, "examples: out of memory\n");
		exit(2);
	}
	b->s.batch = true;
	b->ctx_failed[0] = '\0';
	b->open = true;
	return true;
}

/* The prompt without its ~ / * mark. */
static void plain_prompt(const char *p, size_t n, char *buf, size_t buflen)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < buflen; i++)
		if (!(i == 1 && p[0] == '[' && (p[i] == '~' || p[i] == '*')))
			buf[k++] = p[i];
	buf[k] = '\0';
}

/* Split "PROMPT CMD": the prompt is <...> or [...]. */
static bool split(const char *line, const char **prompt, size_t *plen, const char **cmd)
{
	char close = line[0] == '<' ? '>' : line[0] == '[' ? ']' : 0;
	const char *e = close ? strchr(line, close) : NULL;

	if (!e)
		return false;
	*prompt = line;
	*plen = (size_t)(e - line) + 1;
	*cmd = e + 1;
	while (**cmd == ' ')
		(*cmd)++;
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: examples FIXTURE EXCEPTIONS [--list]\n");
		return 2;
	}
	bool list = argc > 3 && strcmp(argv[3], "--list") == 0;
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	load_exceptions(argv[2]);

	static struct block b;
	char line[16384];
	unsigned long own = 0, accepted = 0, unlisted = 0, prompts = 0, prompts_ok = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '@') {
			block_open(&b, line + 2);
			continue;
		}
		if ((line[0] != '+' && line[0] != '-') || line[1] != ' ' || !b.open)
			continue;
		const char *prompt, *cmd;
		size_t plen;
		if (!split(line + 2, &prompt, &plen, &cmd))
			continue;
		char want[512], have[512], p[512];
		plain_prompt(prompt, plen, want, sizeof want);
		size_t hn = vsh_prompt(&b.s, p, sizeof p);
		plain_prompt(p, hn, have, sizeof have);
		bool prompt_ok = strcmp(want, have) == 0;
		b.out.n = 0;
		b.out.buf[0] = '\0';
		int rc = *cmd ? vsh_exec(&b.s, cmd, strlen(cmd), 0) : 0;
		if (line[0] != '+') {
			if (rc != 0 && !b.ctx_failed[0])
				snprintf(b.ctx_failed, sizeof b.ctx_failed, "%s", cmd);
			continue;
		}
		own++;
		prompts++;
		prompts_ok += prompt_ok;
		if (rc == 0) {
			accepted++;
			if (list && !prompt_ok)
				printf("prompt\t%s\t%s\twant %s, have %s\n", b.name, cmd, want, have);
			continue;
		}
		const char *why = b.out.buf;
		while (*why == ' ' || *why == '^' || *why == '\n')
			why++;
		if (!excepted(b.name, cmd))
			unlisted++;
		if (list || !excepted(b.name, cmd))
			printf("%s\t%s\t%.*s%s%s\n", b.name, cmd, (int)strcspn(why, "\n"), why,
			       b.ctx_failed[0] ? "\tafter: " : "", b.ctx_failed);
	}
	block_close(&b);
	fclose(f);

	size_t stale = 0;
	for (size_t i = 0; i < nexc; i++)
		if (!exc_seen[i])
			stale++;
	double rate = own ? (double)accepted / (double)own : 0;
	printf("examples: %lu of %lu own lines accepted (%.2f%%), prompts as shown on %lu of %lu; "
	       "%lu failures not in the exceptions list; %zu listed exceptions pass now\n",
	       accepted, own, 100.0 * rate, prompts_ok, prompts, unlisted, stale);
	bool ok = rate >= MIN_ACCEPTED && unlisted == 0;
	printf("examples: %d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
	return ok ? 0 : 1;
}
