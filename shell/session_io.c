/* A session's output, its questions, and the commit and leave-the-system-
 * view steps that may ask them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../views/state.h"
#include "session.h"

/* ---- output ---------------------------------------------------------- */

void vsh_write(vsh_session *s, const char *buf, size_t len)
{
	if (len && s->io.write)
		s->io.write(s->io.ctx, buf, len);
}

static void write_str(vsh_session *s, const char *str)
{
	vsh_write(s, str, strlen(str));
}

void vsh_printf(vsh_session *s, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof buf) {
		vsh_write(s, buf, (size_t)n);
		return;
	}
	char *p = malloc((size_t)n + 1);
	if (!p)
		return;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	vsh_write(s, p, (size_t)n);
	free(p);
}

/* ---- committing and leaving ------------------------------------------ */

int vsh_commit(vsh_session *s)
{
	char err[512];

	if (!cfg_pending(s->db))
		return 0;
	err[0] = '\0';
	if (s->store) {
		/* through the journal; immediate mode makes no rollback points */
		vsh_commit_opts o = { .type = STORE_T_CLI, .point = !s->immediate };
		int rc = vsh_store_commit(s, &o, err, sizeof err);
		if (rc >= 0)
			return 0;
		if (rc == -2) /* a conflict: its message is out */
			return -1;
	} else if (cfg_commit(s->db, err, sizeof err) == 0) {
		return 0;
	}
	const char *msg = err;
	if (strncmp(msg, "Error:", 6) == 0)
		msg += 6;
	while (*msg == ' ')
		msg++;
	vsh_printf(s, "Error: %s\n", *msg ? msg : "The configuration could not be committed.");
	write_str(s, "Failed to generate committed config.\n");
	return -1;
}

/* Read one answer; returns the trimmed answer in buf, or NULL at end of
 * input (or when the front end cannot ask). */
static const char *read_answer(vsh_session *s, char *buf, size_t buflen)
{
	if (!s->io.ask || s->io.ask(s->io.ctx, buf, buflen) < 0) {
		vsh_write(s, "\n", 1);
		return NULL;
	}
	buf[buflen - 1] = '\0';
	char *p = buf;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		p[--n] = '\0';
	return p;
}

static bool answer_is(const char *a, const char *letter, const char *word)
{
	return strcasecmp(a, letter) == 0 || strcasecmp(a, word) == 0;
}

int vsh_ask_yn(vsh_session *s, const char *question)
{
	char buf[128];

	/* mmi-mode is for programs: no question, the default answer (yes). */
	if (s->mmi_mode)
		return 1;
	write_str(s, question);
	for (;;) {
		const char *a = read_answer(s, buf, sizeof buf);
		if (!a)
			return -1;
		if (answer_is(a, "y", "yes"))
			return 1;
		if (answer_is(a, "n", "no"))
			return 0;
		write_str(s, "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:");
	}
}

/* 'y', 'n' or 'c' (end of input counts as cancel).  In mmi-mode nothing
 * is asked and the changes are committed. */
static int ask_commit_before_leaving(vsh_session *s)
{
	char buf[128];

	if (s->mmi_mode)
		return 'y';
	write_str(s, "Warning: Uncommitted configurations found, commit them before exiting? "
		     "[Y(yes)/N(no)/C(cancel)]:");
	for (;;) {
		const char *a = read_answer(s, buf, sizeof buf);
		if (!a)
			return 'c';
		if (answer_is(a, "y", "yes"))
			return 'y';
		if (answer_is(a, "n", "no"))
			return 'n';
		if (answer_is(a, "c", "cancel"))
			return 'c';
		write_str(s, "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing "
			     "'Enter'. [Y/N/C]:");
	}
}

int vsh_leave_config(vsh_session *s)
{
	if (s->depth <= 1)
		return 0;
	if (!s->batch && !s->immediate && cfg_pending(s->db)) {
		switch (ask_commit_before_leaving(s)) {
		case 'y':
			if (vsh_commit(s) != 0)
				return -1;
			break;
		case 'n':
			if (s->store)
				vsh_store_discard(s);
			else
				cfg_discard(s->db);
			break;
		default:
			return 1;
		}
	}
	vsh_to_user(s);
	return 0;
}

