/* Reading a rendered configuration by its indentation (cfgfile.h). */
#include <stdio.h>
#include <string.h>

#include "cfgfile.h"

#define MAX_DEPTH 16

int vrpsock_cfgfile_read(cfg_db *db, const char *name, const char *text, size_t len, char *err,
			 size_t errlen)
{
	cfg_entry *stack[MAX_DEPTH + 1];
	unsigned depth = 0; /* sections open */
	unsigned long lineno = 0;
	stack[0] = cfg_root(db);
	for (size_t at = 0; at < len;) {
		const char *line = text + at;
		const char *nl = memchr(line, '\n', len - at);
		size_t ll = nl ? (size_t)(nl - line) : len - at;
		at += ll + (nl ? 1 : 0);
		lineno++;
		if (ll && line[ll - 1] == '\r')
			ll--;
		size_t ind = 0;
		while (ind < ll && line[ind] == ' ')
			ind++;
		const char *t = line + ind;
		size_t tl = ll - ind;
		while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
			tl--;
		if (tl == 0 || t[0] == '#' || t[0] == '!' ||
		    (ind == 0 && tl == 6 && !memcmp(t, "return", 6)))
			continue;
		if (ind > depth || ind >= MAX_DEPTH) {
			snprintf(err, errlen, "%s:%lu: indented deeper than the line above", name,
				 lineno);
			return -1;
		}
		char cerr[128];
		cfg_order o = { 0, CFG_KEY_SEQ, 0 };
		cfg_entry *e;
		if (cfg_set_seq(db, stack[ind], t, tl, tl, o, CFG_F_SECTION, 0, &e, cerr,
				sizeof cerr) != 0) {
			snprintf(err, errlen, "%s:%lu: %s", name, lineno, cerr);
			return -1;
		}
		stack[ind + 1] = e;
		depth = (unsigned)ind + 1;
	}
	return cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
}
