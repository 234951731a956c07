/* The daemon's full sync: the running BGP bindings and peers of a
 * configuration become the daemon's whole state.
 *
 * The configuration comes from the state directory through the store
 * (store/store.h: the tree as the shell committed it), or from a rendered
 * configuration file read by its indentation (backend/cfgfile.h); the
 * bindings extractor (backend/bindings.h) reads the lines.  Nothing of the
 * shell's command set is involved. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../store/store.h"
#include "../bindings.h"
#include "../cfgfile.h"
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
	else if (vrpsock_cfgfile_read(db, path, text, len, err, errlen) == 0)
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
