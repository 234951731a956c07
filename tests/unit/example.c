#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"

void ex_run(fx *f, const char *const *lines)
{
	for (; *lines; lines++) {
		const char *l = *lines;
		size_t plen = strcspn(l, ">]");
		ck_assert_msg(l[plen] != '\0', "example line without prompt: %s", l);
		plen++;
		char prompt[256];
		snprintf(prompt, sizeof prompt, "%.*s", (int)plen, l);
		ck_assert_msg(strcmp(fx_prompt(f), prompt) == 0, "before '%s': prompt is %s", l,
			      fx_prompt(f));
		const char *cmd = l + plen;
		while (*cmd == ' ')
			cmd++;
		if (!*cmd)
			continue;
		int rc = fx_run(f, cmd);
		ck_assert_msg(rc == 0, "'%s' failed: %s", cmd, f->out);
	}
}

struct buf {
	char *p;
	size_t n, cap;
};

static void emit(void *arg, const char *line, size_t len)
{
	struct buf *b = arg;
	if (b->n + len + 2 > b->cap) {
		b->cap = (b->n + len + 2) * 2;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->n, line, len);
	b->n += len;
	b->p[b->n++] = '\n';
	b->p[b->n] = '\0';
}

char *ex_render(fx *f, enum cfg_side side)
{
	struct buf b = { calloc(1, 1), 0, 1 };
	ck_assert_ptr_nonnull(b.p);
	cfg_render(f->db, side, emit, &b);
	return b.p;
}

const char *ex_caret(size_t col, const char *msg)
{
	static char buf[8192];
	ck_assert(col + strlen(msg) + 3 < sizeof buf);
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

void ex_refused(fx *f, const char *line, const char *out)
{
	char before[256];
	snprintf(before, sizeof before, "%s", fx_prompt(f));
	ck_assert_msg(fx_run(f, line) == -1, "'%s' was accepted", line);
	ck_assert_str_eq(f->out, out);
	ck_assert_str_eq(fx_prompt(f), before);
}
