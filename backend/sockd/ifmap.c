/* VRP interface names to Linux interface names.
 *
 * The map file has one "VRPNAME LINUXNAME" pair a line ("LoopBack0 lo");
 * blank lines and lines starting with '#' are ignored.  A VRP name that is
 * not in the map stands for itself when it is a valid Linux interface
 * name (at most 15 characters, no '/', ':' or blanks): `LoopBack0` is a
 * Linux name, `100GE1/0/1` is not. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sockd.h"

struct entry {
	char vrp[VRPSOCK_IFNAME_CHARS + 1];
	char linux_name[VRPSOCK_LINUX_IF_CHARS + 1];
};

struct sockd_ifmap {
	struct entry *v;
	size_t n;
};

bool sockd_linux_ifname_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > VRPSOCK_LINUX_IF_CHARS || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '/' ||
		    s[i] == ':')
			return false;
	return true;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcasecmp(((const struct entry *)a)->vrp, ((const struct entry *)b)->vrp);
}

int sockd_ifmap_load(const char *path, sockd_ifmap **out, char *err, size_t errlen)
{
	sockd_ifmap *m = calloc(1, sizeof *m);
	size_t cap = 0;
	char line[512];
	unsigned long lineno = 0;
	FILE *f;

	*out = NULL;
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!path) {
		*out = m;
		return 0;
	}
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(m);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char a[128], b[128], extra[2];
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%lu: line too long", path, lineno);
			goto fail;
		}
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		int k = sscanf(p, "%127s %127s %1s", a, b, extra);
		if (k != 2) {
			snprintf(err, errlen, "%s:%lu: expected \"VRP-NAME LINUX-NAME\"", path, lineno);
			goto fail;
		}
		if (!vrpsock_name_ok(VRPSOCK_A_IFNAME, a)) {
			snprintf(err, errlen, "%s:%lu: '%s' is not a VRP interface name", path, lineno, a);
			goto fail;
		}
		if (!sockd_linux_ifname_ok(b)) {
			snprintf(err, errlen, "%s:%lu: '%s' is not a Linux interface name", path,
				 lineno, b);
			goto fail;
		}
		if (m->n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			struct entry *nv = realloc(m->v, nc * sizeof *nv);
			if (!nv) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			m->v = nv;
			cap = nc;
		}
		/* Both fit: checked above. */
		memcpy(m->v[m->n].vrp, a, strlen(a) + 1);
		memcpy(m->v[m->n].linux_name, b, strlen(b) + 1);
		m->n++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	if (m->n)
		qsort(m->v, m->n, sizeof *m->v, cmp_entry);
	for (size_t i = 1; i < m->n; i++) {
		if (strcasecmp(m->v[i - 1].vrp, m->v[i].vrp) == 0) {
			snprintf(err, errlen, "%s: %s is mapped twice", path, m->v[i].vrp);
			sockd_ifmap_free(m);
			return -1;
		}
	}
	*out = m;
	return 0;
fail:
	fclose(f);
	sockd_ifmap_free(m);
	return -1;
}

void sockd_ifmap_free(sockd_ifmap *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}

bool sockd_ifmap_lookup(const sockd_ifmap *m, const char *vrp, char *buf, size_t buflen)
{
	const char *name = NULL;

	if (m && m->n) {
		struct entry key;
		if (strlen(vrp) >= sizeof key.vrp)
			return false;
		memcpy(key.vrp, vrp, strlen(vrp) + 1);
		const struct entry *e = bsearch(&key, m->v, m->n, sizeof *m->v, cmp_entry);
		if (e)
			name = e->linux_name;
	}
	if (!name && sockd_linux_ifname_ok(vrp))
		name = vrp;
	if (!name || strlen(name) >= buflen)
		return false;
	memcpy(buf, name, strlen(name) + 1);
	return true;
}
