/* The daemon's full sync: the running BGP bindings and peers of a
 * configuration become the daemon's whole state.
 *
 * The configuration comes from the state directory through the store
 * (store/store.h: the tree as the shell committed it), or from a rendered
 * configuration file read by its indentation; the bindings extractor
 * (backend/bindings.h) reads the lines.  Nothing of the shell's command set is
 * involved. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../store/store.h"
#include "../bindings.h"
#include "sockd.h"

#define CONFIG_MAX (1ul << 30)

struct collect {
	sockd_batch *b;
	char *err;
	size_t errlen;
	size_t n;
};

static int add_op(void *arg, const vrpsock_op *op)
{
	struct collect *c = arg;
	if (sockd_batch_add(c->b, op, c->err, c->errlen) != 0)
		return 1;
	c->n++;
	return 0;
}

int sockd_sync_from_db(cfg_db *db, char *err, size_t errlen)
{
	sockd_batch *b = sockd_batch_new();
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct collect c = { b, err, errlen, 0 };
	int rc = vrpsock_bindings(db, CFG_RUNNING, add_op, &c);
	if (rc == 0 && sockd_batch_apply_full(b) != 0) {
		snprintf(err, errlen, "out of memory while applying the configuration");
		rc = -1;
	} else if (rc < 0) {
		snprintf(err, errlen, "out of memory");
	} else if (rc > 0) {
		rc = -1; /* message from sockd_batch_add */
	}
	sockd_batch_free(b);
	return rc;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t have = 0, cap;

	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if ((unsigned long)st.st_size > CONFIG_MAX) {
		snprintf(err, errlen, "%s: larger than %lu bytes", path, CONFIG_MAX);
		close(fd);
		return NULL;
	}
	cap = (size_t)st.st_size + 4096;
	buf = malloc(cap);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		close(fd);
		return NULL;
	}
	for (;;) {
		if (have == cap) {
			if (cap >= CONFIG_MAX) {
				snprintf(err, errlen, "%s: larger than %lu bytes", path, CONFIG_MAX);
				goto fail;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	*len = have;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

#define MAX_DEPTH 16

/* The lines of a rendered configuration into db: a line indented by d
 * spaces belongs to the section of the nearest line above it indented by
 * d - 1.  "#", "!" and "return" lines carry no configuration.  Each line
 * is its own identity (the extractor reads them as they are). */
static int read_layout(cfg_db *db, const char *path, const char *text, size_t len, char *err,
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
		if (tl == 0 || t[0] == '#' || t[0] == '!' || (ind == 0 && tl == 6 && !memcmp(t, "return", 6)))
			continue;
		if (ind > depth || ind >= MAX_DEPTH) {
			snprintf(err, errlen, "%s:%lu: indented deeper than the line above", path, lineno);
			return -1;
		}
		char cerr[128];
		cfg_order o = { 0, CFG_KEY_SEQ, 0 };
		cfg_entry *e;
		if (cfg_set_seq(db, stack[ind], t, tl, tl, o, CFG_F_SECTION, 0, &e, cerr, sizeof cerr) !=
		    0) {
			snprintf(err, errlen, "%s:%lu: %s", path, lineno, cerr);
			return -1;
		}
		stack[ind + 1] = e;
		depth = (unsigned)ind + 1;
	}
	return cfg_commit_ex(db, CFG_COMMIT_NO_HOOKS, NULL, NULL, err, errlen);
}

int sockd_load_config(const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text = read_file(path, &len, err, errlen);
	if (!text)
		return -1;
	int rc = -1;
	cfg_db *db = cfg_db_new();
	if (!db)
		snprintf(err, errlen, "out of memory");
	else if (read_layout(db, path, text, len, err, errlen) == 0)
		rc = sockd_sync_from_db(db, err, errlen);
	cfg_db_free(db);
	free(text);
	return rc;
}

int sockd_load_state_dir(const char *dir, char *err, size_t errlen)
{
	cfg_db *db = cfg_db_new();
	bool damaged = false;
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = store_load_dir(dir, db, &damaged, err, errlen);
	if (rc == 0 && damaged) {
		snprintf(err, errlen, "%s is damaged: run `vrpsh --state-dir %s --recover`", dir, dir);
		rc = -1;
	}
	if (rc == 0)
		rc = sockd_sync_from_db(db, err, errlen);
	cfg_db_free(db);
	return rc;
}
