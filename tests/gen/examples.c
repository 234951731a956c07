/* Replays the command lines of the reference's Example sections
 * (tests/gen/examples.txt, written by tools/gensyntax) and counts how many
 * of each page's own lines vrpsh accepts, in the view and on the model the
 * example shows.
 *
 *   examples FIXTURE EXCEPTIONS [--list]
 *
 * A block is one example: "@ PAGE #N model=M[,M...]", then lines "+ PROMPT
 * CMD" (a line of the page's own command: counted) and "- PROMPT CMD" (a
 * line that sets the scene).  Each block runs in a fresh session on the
 * factory configuration, on the first of its models (those that have the
 * page's command) on which the fewest own lines, then the fewest
 * scene-setting lines, fail: the examples use ports and commands not every
 * model has.  Before each line the session's prompt is compared with the
 * example's (ignoring the ~ and * marks, which depend on what was
 * committed before the example began).
 *
 * EXCEPTIONS lists the own lines known to fail, one per line as
 * "PAGE #N<TAB>COMMAND<TAB>REASON".  The run fails when fewer than 98% of
 * the own lines are accepted, or when a line fails that the exceptions
 * file does not list (a listed line that passes is reported, so that the
 * list can shrink; --list names it on a line "passes").  Prints "examples:
 * N passed, N failed" last. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/bgp_backend.h"
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
	bool open;
};

static void block_close(struct block *b)
{
	if (!b->open)
		return;
	bgp_backend_detach(&b->s); /* a display may have made its client */
	vsh_session_fini(&b->s);
	view_set_free(b->vs);
	cfg_db_free(b->db);
	b->open = false;
}

/* A fresh session on the factory configuration as model `name`
 * ("CE6885-LL(low-latency)" for that mode); false for an unknown model. */
static bool block_open(struct block *b, const char *name)
{
	char err[256], model[64];
	bool ll = false;

	block_close(b);
	snprintf(model, sizeof model, "%s", name);
	char *paren = strstr(model, "(low-latency)");
	if (paren) {
		*paren = '\0';
		ll = true;
	}
	const vsh_model *m = model_find(model);
	if (!m)
		return false;
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

/* ---- a block's lines, run on one model ----------------------------------- */

#define MAX_LINES 512

struct line_result {
	int rc;
	bool prompt_ok;
	char want[256], have[256];
	char why[256];        /* the first line of the error output */
	char after[256];      /* the first scene-setting line that failed before it */
};

struct block_text {
	char name[512];
	char models[1024];
	char *line[MAX_LINES]; /* "+ PROMPT CMD" / "- PROMPT CMD" */
	size_t n;
	struct line_result res[MAX_LINES];
};

/* Run the block on model m; returns how many lines failed (the own lines
 * count first: a model on which the own lines pass wins over one on which
 * a scene-setting line does). */
static unsigned long run_block(struct block *b, struct block_text *t, const char *model)
{
	unsigned long own_failed = 0, ctx_failed = 0;
	char ctx[256] = "";

	if (!block_open(b, model))
		return (unsigned long)-1;
	/* A block that starts at the system view's prompt ("[~HUAWEI] ...")
	 * was typed there: the session goes there first. */
	if (t->n) {
		const char *prompt, *cmd;
		size_t plen;
		char first[64];
		if (split(t->line[0] + 2, &prompt, &plen, &cmd)) {
			plain_prompt(prompt, plen, first, sizeof first);
			if (strcmp(first, "[HUAWEI]") == 0)
				vsh_exec(&b->s, "system-view", strlen("system-view"), 0);
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		struct line_result *r = &t->res[i];
		const char *prompt, *cmd;
		size_t plen;
		memset(r, 0, sizeof *r);
		if (!split(t->line[i] + 2, &prompt, &plen, &cmd)) {
			r->rc = 0;
			r->prompt_ok = true;
			continue;
		}
		char p[512];
		plain_prompt(prompt, plen, r->want, sizeof r->want);
		size_t hn = vsh_prompt(&b->s, p, sizeof p);
		plain_prompt(p, hn, r->have, sizeof r->have);
		r->prompt_ok = strcmp(r->want, r->have) == 0;
		b->out.n = 0;
		b->out.buf[0] = '\0';
		r->rc = *cmd ? vsh_exec(&b->s, cmd, strlen(cmd), 0) : 0;
		if (r->rc != 0) {
			const char *why = b->out.buf;
			while (*why == ' ' || *why == '^' || *why == '\n')
				why++;
			const vsh_error *e = vsh_last_error(&b->s);
			size_t col = e && e->kind == VSH_ERR_SYNTAX ? e->col : strlen(cmd);
			if (col < strlen(cmd))
				snprintf(r->why, sizeof r->why, "%.*s (at '%.*s')",
					 (int)strcspn(why, "\n"), why, (int)strcspn(cmd + col, " "),
					 cmd + col);
			else
				snprintf(r->why, sizeof r->why, "%.*s", (int)strcspn(why, "\n"), why);
		}
		snprintf(r->after, sizeof r->after, "%s", ctx);
		if (t->line[i][0] != '+') {
			if (r->rc != 0) {
				ctx_failed++;
				if (!ctx[0])
					snprintf(ctx, sizeof ctx, "%s", cmd);
			}
			continue;
		}
		own_failed += r->rc != 0;
	}
	block_close(b);
	return own_failed * MAX_LINES + ctx_failed;
}

/* Run the block on its models (the fixture lists those that have the
 * page's command, the preferred first) and keep the results of the first
 * model on which it runs best.  Returns that model in *chosen. */
static void run_best(struct block *b, struct block_text *t, char *chosen, size_t len)
{
	char list[1024], best[64] = "", last[64] = "";
	unsigned long best_failed = (unsigned long)-1;

	if (!t->models[0] || strcmp(t->models, "*") == 0) {
		/* every model, the default first */
		size_t n = (size_t)snprintf(list, sizeof list, "%s", model_name(model_default()));
		for (size_t i = 0; model_nth(i) && n < sizeof list; i++)
			if (model_nth(i) != model_name(model_default()))
				n += (size_t)snprintf(list + n, sizeof list - n, ",%s",
						       model_nth(i));
	} else {
		snprintf(list, sizeof list, "%s", t->models);
	}
	for (char *save = NULL, *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		unsigned long f = run_block(b, t, m);
		snprintf(last, sizeof last, "%s", m);
		if (f < best_failed) {
			best_failed = f;
			snprintf(best, sizeof best, "%s", m);
		}
		if (f == 0)
			break;
	}
	if (best[0] && strcmp(best, last) != 0)
		run_block(b, t, best); /* the kept results are the best model's */
	snprintf(chosen, len, "%s", best);
}

static void block_free(struct block_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->line[i]);
	t->n = 0;
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
	static struct block_text t;
	char line[16384];
	unsigned long own = 0, accepted = 0, unlisted = 0, prompts = 0, prompts_ok = 0;
	unsigned long moved = 0;
	bool more = true;
	while (more) {
		more = fgets(line, sizeof line, f) != NULL;
		if (more)
			line[strcspn(line, "\r\n")] = '\0';
		if (!more || line[0] == '@') {
			if (t.name[0] && t.n) {
				char chosen[64] = "";
				run_best(&b, &t, chosen, sizeof chosen);
				const char *pref = strcmp(t.models, "*") == 0 ? model_name(model_default())
									       : t.models;
				size_t first = strcspn(pref, ",");
				bool other = strlen(chosen) != first || strncmp(chosen, pref, first);
				moved += other;
				for (size_t i = 0; i < t.n; i++) {
					struct line_result *r = &t.res[i];
					const char *prompt, *cmd;
					size_t plen;
					if (t.line[i][0] != '+' || !split(t.line[i] + 2, &prompt, &plen, &cmd))
						continue;
					own++;
					prompts++;
					prompts_ok += r->prompt_ok;
					if (r->rc == 0) {
						accepted++;
						if (list && !r->prompt_ok)
							printf("prompt\t%s\t%s\twant %s, have %s\n", t.name, cmd,
							       r->want, r->have);
						continue;
					}
					bool exc_listed = excepted(t.name, cmd);
					if (!exc_listed)
						unlisted++;
					if (list || !exc_listed)
						printf("%s\t%s\t%s%s%s\n", t.name, cmd, r->why,
						       r->after[0] ? "\tafter: " : "", r->after);
				}
				if (list && other)
					printf("model\t%s\t%s\n", t.name, chosen);
			}
			block_free(&t);
			t.name[0] = '\0';
			if (more) {
				const char *mp = strstr(line + 2, " model=");
				snprintf(t.name, sizeof t.name, "%.*s",
					 (int)(mp ? (size_t)(mp - line - 2) : strlen(line + 2)), line + 2);
				snprintf(t.models, sizeof t.models, "%s", mp ? mp + 7 : "");
			}
			continue;
		}
		if ((line[0] != '+' && line[0] != '-') || line[1] != ' ' || !t.name[0] ||
		    t.n >= MAX_LINES)
			continue;
		if (!(t.line[t.n] = strdup(line))) {
			fprintf(stderr, "examples: out of memory\n");
			return 2;
		}
		t.n++;
	}
	fclose(f);

	size_t stale = 0;
	for (size_t i = 0; i < nexc; i++)
		if (!exc_seen[i]) {
			stale++;
			if (list)
				printf("passes\t%s\n", exc[i]);
		}
	double rate = own ? (double)accepted / (double)own : 0;
	printf("examples: %lu of %lu own lines accepted (%.2f%%), prompts as shown on %lu of %lu; "
	       "%lu failures not in the exceptions list; %zu listed exceptions pass now; "
	       "%lu blocks ran on another model than their first\n",
	       accepted, own, 100.0 * rate, prompts_ok, prompts, unlisted, stale, moved);
	bool ok = rate >= MIN_ACCEPTED && unlisted == 0;
	printf("examples: %d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
	return ok ? 0 : 1;
}
