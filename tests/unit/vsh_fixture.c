#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/bgp_backend.h"
#include "unit.h"
#include "vsh_fixture.h"

static void fx_write(void *ctx, const char *buf, size_t len)
{
	fx *f = ctx;

	if (f->n + len + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 256;
		while (cap < f->n + len + 1)
			cap *= 2;
		f->out = realloc(f->out, cap);
		ck_assert_ptr_nonnull(f->out);
		f->cap = cap;
	}
	memcpy(f->out + f->n, buf, len);
	f->n += len;
	f->out[f->n] = '\0';
}

static int fx_ask(void *ctx, char *buf, size_t buflen)
{
	fx *f = ctx;

	f->asked++;
	if (f->nextanswer >= f->nanswers)
		return -1;
	snprintf(buf, buflen, "%s", f->answers[f->nextanswer++]);
	return 0;
}

fx *fx_open(const char *model, bool low_latency, int level)
{
	char err[256];
	fx *f = calloc(1, sizeof *f);
	ck_assert_ptr_nonnull(f);

	const vsh_model *m = model ? model_find(model) : model_default();
	ck_assert_ptr_nonnull(m);
	f->db = cfg_db_new();
	ck_assert_ptr_nonnull(f->db);
	ck_assert_int_eq(vsh_db_init(f->db, err, sizeof err), 0);
	f->vs = view_set_build(m, low_latency, err, sizeof err);
	ck_assert_msg(f->vs != NULL, "view_set_build: %s", err);
	vsh_io io = { .write = fx_write, .ask = fx_ask, .ctx = f };
	ck_assert_int_eq(vsh_session_init(&f->s, f->db, f->vs, m, low_latency, level, io), 0);
	f->out = calloc(1, 1);
	f->cap = 1;
	return f;
}

void fx_close(fx *f)
{
	bgp_backend_detach(&f->s); /* a display may have made its client */
	vsh_session_fini(&f->s);
	view_set_free(f->vs);
	cfg_db_free(f->db);
	free(f->out);
	free(f);
}

static void fx_clear(fx *f)
{
	f->n = 0;
	if (f->out)
		f->out[0] = '\0';
}

const char *fx_prompt(fx *f)
{
	vsh_prompt(&f->s, f->prompt, sizeof f->prompt);
	return f->prompt;
}

int fx_run(fx *f, const char *line)
{
	size_t base = strlen(fx_prompt(f));
	fx_clear(f);
	return vsh_exec(&f->s, line, strlen(line), base);
}

void fx_ok(fx *f, const char *const *lines)
{
	for (; *lines; lines++) {
		int rc = fx_run(f, *lines);
		unit_check(rc == 0, "'%s' failed: %s", *lines, f->out);
	}
}

void fx_help(fx *f, const char *line)
{
	size_t base = strlen(fx_prompt(f));
	fx_clear(f);
	vsh_help(&f->s, line, strlen(line), base);
}

void fx_answers(fx *f, const char *const *answers)
{
	f->nanswers = 0;
	f->nextanswer = 0;
	for (; *answers && f->nanswers < FX_MAX_ANSWERS; answers++)
		f->answers[f->nanswers++] = *answers;
}
