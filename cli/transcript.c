/* Transcript mode: a device session written out as text, for tests and
 * documentation.  Each input line is echoed after the prompt with no space
 * between them (devices print none), then its output follows.  A line that
 * ends in '?' shows the help for the text before it, as the ? key does on a
 * terminal, and runs nothing. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../views/store.h"
#include "shell.h"
#include "transcript.h"

typedef struct transcript {
	vsh_session *s;
	FILE *in, *out;
	char *line[2];    /* [0] commands, [1] answers: the command being run
			     stays valid while a question reads its answer */
	size_t cap[2];
	const char *const *extra;
	int nextra, next_extra;
} transcript;

/* The next input line without its line end, or NULL at the end of input. */
/* Wait for the next command a second at a time: vsh_tick reverts a trial
 * commit that runs out meanwhile.  Lines already in stdio's buffer need
 * no wait (glibc). */
static void wait_command(transcript *t)
{
	struct pollfd p = { .fd = fileno(t->in), .events = POLLIN };
	if (t->in->_IO_read_ptr >= t->in->_IO_read_end)
		fflush(t->out); /* what there is so far, for whoever waits on it */
	while (t->in->_IO_read_ptr >= t->in->_IO_read_end) {
		int r = poll(&p, 1, 1000);
		if (r > 0 || (r < 0 && errno != EINTR))
			return;
		if (vsh_tick(t->s)) {
			vsh_store_sync(t->s);
			fprintf(t->out, "%s\n", VSH_TRIAL_EXPIRED_MSG);
			fflush(t->out);
		}
	}
}

static const char *next_line(transcript *t, int which, size_t *len)
{
	if (t->in && which == 0 && t->s)
		wait_command(t);
	else if (t->in && t->in->_IO_read_ptr >= t->in->_IO_read_end)
		fflush(t->out); /* a question waits for its answer */
	if (t->in) {
		ssize_t n = getline(&t->line[which], &t->cap[which], t->in);
		if (n >= 0) {
			char *l = t->line[which];
			size_t ln = (size_t)n;
			if (ln && l[ln - 1] == '\n')
				ln--;
			if (ln && l[ln - 1] == '\r')
				ln--;
			l[ln] = '\0';
			*len = ln;
			return l;
		}
		t->in = NULL;
	}
	if (t->next_extra < t->nextra) {
		const char *c = t->extra[t->next_extra++];
		*len = strlen(c);
		return c;
	}
	return NULL;
}

static void tr_write(void *ctx, const char *buf, size_t len)
{
	transcript *t = ctx;
	fwrite(buf, 1, len, t->out);
}

/* The answer is shown right after the question, as a terminal echoes it;
 * a hidden one shows only its line end. */
static int tr_answer(transcript *t, char *buf, size_t buflen, bool shown)
{
	size_t len;
	const char *a = next_line(t, 1, &len);

	if (!a)
		return -1;
	if (shown)
		fwrite(a, 1, len, t->out);
	fputc('\n', t->out);
	if (buflen == 0)
		return -1;
	if (len >= buflen)
		len = buflen - 1;
	memcpy(buf, a, len);
	buf[len] = '\0';
	return 0;
}

static int tr_ask(void *ctx, char *buf, size_t buflen)
{
	return tr_answer(ctx, buf, buflen, true);
}

static int tr_ask_secret(void *ctx, char *buf, size_t buflen)
{
	return tr_answer(ctx, buf, buflen, false);
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

int cli_transcript(vsh_session *s, FILE *in, FILE *out, const char *const *extra, int nextra)
{
	transcript t = { .s = s, .in = in, .out = out, .extra = extra, .nextra = nextra };
	vsh_io saved = s->io;
	char prompt[256];
	const char *line;
	size_t len;

	s->io = (vsh_io){
		.write = tr_write, .ask = tr_ask, .ask_secret = tr_ask_secret, .ctx = &t
	};
	while (!s->quit_requested) {
		line = next_line(&t, 0, &len);
		/* (after the wait: a trial run out meanwhile may change it) */
		vsh_prompt(s, prompt, sizeof(prompt));
		size_t plen = strlen(prompt);
		if (!line) {
			fwrite(prompt, 1, plen, out);
			fputc('\n', out);
			break;
		}
		fwrite(prompt, 1, plen, out);
		fwrite(line, 1, len, out);
		fputc('\n', out);
		if (len && line[len - 1] == '?')
			vsh_help(s, line, len - 1, plen);  /* as the ? key does */
		else if (!blank(line, len))
			(void)vsh_exec(s, line, len, plen);
	}
	s->io = saved;
	free(t.line[0]);
	free(t.line[1]);
	fflush(out);
	return ferror(out) ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
