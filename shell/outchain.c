/* Parsing a chain of output filters (outchain.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "outchain.h"

#define MAX_WORDS 512

struct word {
	const char *p;
	size_t len;
};

static const struct {
	const char *kw;
	int kind; /* enum vsh_filter_kind, or one of the flags below */
} filters[] = {
	{ "begin", VSH_FILTER_BEGIN },
	{ "count", -1 },
	{ "exclude", VSH_FILTER_EXCLUDE },
	{ "ignore-case", -2 },
	{ "include", VSH_FILTER_INCLUDE },
	{ "no-more", -3 },
	{ "section", -4 },
};
#define NFILTERS (sizeof filters / sizeof filters[0])

static int fail(vsh_chain *c, char *err, size_t errlen, const char *fmt, const char *arg,
		size_t alen)
{
	vsh_chain_free(c);
	snprintf(err, errlen, fmt, (int)alen, arg);
	return -1;
}

/* The filter a word names: exactly, or as the only filter it begins. */
static int lookup(const struct word *w)
{
	int found = -1;
	for (size_t i = 0; i < NFILTERS; i++) {
		if (w->len > strlen(filters[i].kw) || strncasecmp(w->p, filters[i].kw, w->len) != 0)
			continue;
		if (w->len == strlen(filters[i].kw))
			return (int)i;
		if (found >= 0)
			return -2; /* ambiguous */
		found = (int)i;
	}
	return found;
}

static bool is(const struct word *w, const char *s)
{
	return w->len == strlen(s) && memcmp(w->p, s, w->len) == 0;
}

/* Is words[i] a redirection that ends the chain (`> FILE` as its last two
 * words)? */
static bool redirect_at(const struct word *v, size_t n, size_t i)
{
	return i + 2 == n && (is(&v[i], ">") || is(&v[i], ">>"));
}

static char *dup_span(const char *p, size_t len)
{
	char *s = malloc(len + 1);
	if (s) {
		memcpy(s, p, len);
		s[len] = '\0';
	}
	return s;
}

int vsh_chain_parse(vsh_chain *c, const char *kind, const char *rest, char *err, size_t errlen)
{
	struct word v[MAX_WORDS];
	size_t n = 0;
	char *text;

	memset(c, 0, sizeof *c);
	if (!kind)
		return 0;
	size_t tl = strlen(kind) + 1 + (rest ? strlen(rest) : 0);
	text = malloc(tl + 1);
	if (!text)
		return fail(c, err, errlen, "Error: Out of memory.%.*s", "", 0);
	snprintf(text, tl + 1, "%s %s", kind, rest ? rest : "");
	for (const char *p = text; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == MAX_WORDS) {
			free(text);
			return fail(c, err, errlen, "Error: The output filters are too long.%.*s",
				    "", 0);
		}
		v[n].p = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		v[n].len = (size_t)(p - v[n].p);
		n++;
	}

	int rc = 0;
	size_t i = 0;
	while (i < n && rc == 0) {
		if (redirect_at(v, n, i)) {
			if (v[i + 1].len > VSH_CHAIN_FILE_MAX) {
				rc = fail(c, err, errlen, "Error: The file name %.*s is too long.",
					  v[i + 1].p, v[i + 1].len);
				break;
			}
			c->append = is(&v[i], ">>");
			if (!(c->file = dup_span(v[i + 1].p, v[i + 1].len)))
				rc = fail(c, err, errlen, "Error: Out of memory.%.*s", "", 0);
			break;
		}
		if (is(&v[i], ">") || is(&v[i], ">>")) {
			rc = fail(c, err, errlen,
				  "Error: Give one file name after %.*s, at the end of the command.",
				  v[i].p, v[i].len);
			break;
		}
		int f = lookup(&v[i]);
		if (f < 0) {
			rc = fail(c, err, errlen, "Error: Unknown output filter '%.*s'.", v[i].p,
				  v[i].len);
			break;
		}
		const char *name = filters[f].kw;
		i++;
		if (filters[f].kind >= 0) {
			/* The expression: to the next lone '|' or a final redirection. */
			size_t first = i;
			while (i < n && !is(&v[i], "|") && !redirect_at(v, n, i))
				i++;
			if (i == first) {
				rc = fail(c, err, errlen,
					  "Error: The output filter %.*s needs a regular expression.",
					  name, strlen(name));
				break;
			}
			size_t len = (size_t)(v[i - 1].p + v[i - 1].len - v[first].p);
			if (len > VSH_CHAIN_REGEX_MAX) {
				rc = fail(c, err, errlen,
					  "Error: A regular expression can have at most 255 "
					  "characters.%.*s", "", 0);
				break;
			}
			if (c->n == VSH_CHAIN_MAX) {
				rc = fail(c, err, errlen,
					  "Error: At most 32 regular expressions can filter the "
					  "output.%.*s", "", 0);
				break;
			}
			c->st[c->n].kind = (enum vsh_filter_kind)filters[f].kind;
			if (!(c->st[c->n].regex = dup_span(v[first].p, len))) {
				rc = fail(c, err, errlen, "Error: Out of memory.%.*s", "", 0);
				break;
			}
			c->n++;
		} else {
			switch (filters[f].kind) {
			case -1:
				c->count = true;
				break;
			case -2:
				c->ignore_case = true;
				break;
			case -3:
				c->no_more = true;
				break;
			default:
				c->section = true;
				break;
			}
		}
		if (i == n || redirect_at(v, n, i))
			continue;
		/* A modifier may stand right before a regular expression
		 * filter: `| section include bgp`, `| ignore-case include x`. */
		if (filters[f].kind < 0 && filters[f].kind != -1 && lookup(&v[i]) >= 0 &&
		    filters[lookup(&v[i])].kind >= 0)
			continue;
		if (!is(&v[i], "|")) {
			rc = fail(c, err, errlen, "Error: Unknown output filter '%.*s'.", v[i].p,
				  v[i].len);
			break;
		}
		if (++i == n)
			rc = fail(c, err, errlen, "Error: An output filter is missing after '|'.%.*s",
				  "", 0);
	}
	free(text);
	return rc;
}

void vsh_chain_free(vsh_chain *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->st[i].regex);
	free(c->file);
	memset(c, 0, sizeof *c);
}
