/* Replay of configuration text: indentation, "#" lines and the first line
 * of a file decide the view each command runs in (see replay.h). */
#include <stdlib.h>
#include <string.h>

#include "replay.h"

/* ---- output capture for the default runner -------------------------- */

typedef struct capture {
	char *buf;
	size_t len, cap;
	bool oom;
} capture;

static void capture_write(void *ctx, const char *buf, size_t len)
{
	capture *c = ctx;
	if (c->oom)
		return;
	if (c->len + len > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		while (cap < c->len + len)
			cap *= 2;
		char *p = realloc(c->buf, cap);
		if (!p) {
			c->oom = true;
			return;
		}
		c->buf = p;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
}

static void sink_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int default_run(void *ctx, vsh_session *s, const char *line, size_t len, const char *text,
		       size_t tlen, bool probe)
{
	(void)ctx, (void)len;
	if (!probe)
		return vsh_exec(s, text, tlen, (size_t)(text - line));
	/* A probe shows its output only when it succeeds (and not the
	 * banner of a `system-view` line). */
	capture c = { 0 };
	vsh_io saved = s->io;
	int depth = s->depth;
	s->io.write = capture_write;
	s->io.ctx = &c;
	int rc = vsh_exec(s, text, tlen, 0);
	s->io = saved;
	if (rc == 0 && !(depth == 1 && s->depth == 2) && c.len)
		vsh_write(s, c.buf, c.len);
	free(c.buf);
	return rc;
}

/* ---- the replay ----------------------------------------------------- */

void vsh_replay_init(vsh_replay *r, vsh_session *s, vsh_replay_run_fn run, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->run = run ? run : default_run;
	r->ctx = run ? ctx : NULL;
	r->use_indent = true;
	r->failed_view = VIEW_LIST_END;
	r->skip_deeper = -1;
}

static void skip(vsh_replay *r, const char *line, size_t len)
{
	r->skipped++;
	if (r->on_skip)
		r->on_skip(r->ctx, line, len);
}

/* A script line inside views that were not entered: `quit` leaves one,
 * `return` all (and runs), a line that enters a view there enters
 * another; everything is skipped.  Returns 1 when the line was consumed,
 * 0 when it is to run. */
static int follow_phantom(vsh_replay *r, const char *line, size_t len, const char *text,
			  size_t tlen)
{
	/* The line belongs to the innermost of those views that knows it; a
	 * line none of them knows walks up out of them, as on the device,
	 * and runs where it is a command. */
	while (r->nphantom > 0 &&
	       !vsh_line_known(r->s, r->phantom[r->nphantom - 1], text, tlen))
		r->nphantom--;
	if (r->nphantom == 0)
		return 0;
	uint16_t v = r->phantom[r->nphantom - 1];
	int leave = vsh_line_leaves(r->s, v, text, tlen);

	if (leave == 2) {
		r->nphantom = 0;
		return 0;
	}
	skip(r, line, len);
	if (leave == 1) {
		r->nphantom--;
		return 1;
	}
	uint16_t to = vsh_line_enters(r->s, v, text, tlen);
	if (to != VIEW_LIST_END && r->nphantom < VSH_MAX_DEPTH)
		r->phantom[r->nphantom++] = to;
	return 1;
}

/* Enter the system view from the user view, as if `system-view` had been
 * typed, without its banner. */
static void enter_system_view(vsh_replay *r)
{
	vsh_io saved = r->s->io;
	r->s->io.write = sink_write;
	(void)vsh_exec(r->s, "system-view", 11, 0);
	r->s->io = saved;
}

/* Close the views deeper than indentation `indent` (stack frame 0 is the
 * user view, frame 1 the system view); with `note`, remember them for the
 * `quit`s that may follow (closed[]). */
static void pop_to(vsh_replay *r, size_t indent, bool note)
{
	while ((size_t)r->s->depth > indent + 2) {
		if (note && r->nclosed < VSH_MAX_DEPTH)
			r->closed[r->nclosed++] = vsh_top(r->s)->view;
		vsh_pop(r->s);
	}
}

static void closed_clear(vsh_replay *r)
{
	r->nclosed = r->nquit = 0;
	r->closed_skipped = false;
}

/* A `quit` that closes one of the views just closed by the layout: taken
 * without running (it would leave the view outside them).  Returns 1 when
 * the line was taken. */
static int take_quit(vsh_replay *r, const char *line, size_t len, const char *text, size_t tlen)
{
	if (r->nquit >= r->nclosed)
		return 0;
	if (vsh_line_leaves(r->s, r->closed[r->nquit], text, tlen) != 1) {
		closed_clear(r);
		return 0;
	}
	if (r->nquit == 0 && r->closed_skipped)
		skip(r, line, len);
	r->nquit++;
	return 1;
}

int vsh_replay_line(vsh_replay *r, const char *line, size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	size_t ind = 0;
	while (ind < len && line[ind] == ' ')
		ind++;
	const char *text = line + ind;
	size_t tlen = len - ind;
	size_t t = tlen;
	while (t && (text[t - 1] == ' ' || text[t - 1] == '\t' || text[t - 1] == '\r'))
		t--;
	if (t == 0 || text[0] == '!')   /* blank, or a "!Software Version" header */
		return 0;
	/* What follows a failed view-entering line shows the layout: deeper
	 * lines are its contents; a line at its level in a script is inside
	 * it until its quit; "#" ends it. */
	if (r->failed_view != VIEW_LIST_END) {
		if (ind > r->failed_indent) {
			r->skip_deeper = (long)r->failed_indent;
			r->skip_view = r->failed_view;
		} else if (text[0] != '#' && r->nphantom == 0) {
			r->phantom[0] = r->failed_view;
			r->nphantom = 1;
		}
		r->failed_view = VIEW_LIST_END;
	}
	bool dedent = false;
	if (r->skip_deeper >= 0) {
		if ((long)ind > r->skip_deeper && !(text[0] == '#' && t == 1)) {
			skip(r, line, len);
			return 0;
		}
		/* the refused view's lines end here: its quit may follow */
		closed_clear(r);
		r->closed[r->nclosed++] = r->skip_view;
		r->closed_skipped = true;
		dedent = true;
		r->skip_deeper = -1;
	}
	if (text[0] == '#') {
		if (t > 1)              /* "# words": a comment */
			return 0;
		r->nphantom = 0;
		closed_clear(r);
		if (r->s->depth < 2 && ind == 0)
			enter_system_view(r);
		pop_to(r, ind, false);
		r->prev_indent = ind;
		return 0;
	}

	if (!r->started) {
		r->started = true;
		if (r->s->depth == 1) {
			/* A script may start in the user view (`system-view`,
			 * `display ...`); a saved configuration starts with
			 * system-view commands. */
			if (r->run(r->ctx, r->s, line, len, text, tlen, true) == 0) {
				r->prev_indent = ind;
				r->s->quit_requested = false;
				return 0;
			}
			enter_system_view(r);
		}
	}
	if (r->use_indent) {
		if (ind > 0 && (size_t)r->s->depth < ind + 2) {
			r->use_indent = false;
		} else if (ind < r->prev_indent) {
			if (!dedent)
				closed_clear(r);
			pop_to(r, ind, true);
			dedent = true;
		}
	}
	r->prev_indent = ind;
	if (!dedent && r->nquit >= r->nclosed)
		closed_clear(r);
	if (take_quit(r, line, len, text, tlen))
		return 0;
	if (r->nphantom > 0 && follow_phantom(r, line, len, text, tlen))
		return 0;
	int depth = r->s->depth;
	int rc = r->run(r->ctx, r->s, line, len, text, tlen, false);
	/* `quit` in the user view logs out of a terminal; in a file it would
	 * silently drop the lines after it, so it is ignored. */
	r->s->quit_requested = false;
	/* A failed line that may have entered a view; it may have walked up
	 * first (a system view command typed in a section), and then it
	 * counts from where it ran. */
	if (rc != 0 && r->s->depth <= depth)
		r->failed_view = vsh_line_enters(r->s, vsh_top(r->s)->view, text, tlen);
	r->failed_indent = ind;
	return rc;
}

unsigned long vsh_replay_text(vsh_replay *r, const char *text, size_t len, bool keep_going,
			      unsigned long *first_error)
{
	unsigned long lineno = 0, failed = 0;
	const char *p = text, *end = text + len;

	if (first_error)
		*first_error = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		lineno++;
		if (vsh_replay_line(r, p, (size_t)(e - p)) != 0) {
			if (failed++ == 0 && first_error)
				*first_error = lineno;
			if (!keep_going)
				break;
		}
		p = nl ? nl + 1 : end;
	}
	return failed;
}
