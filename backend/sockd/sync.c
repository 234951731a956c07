/* The daemon's full sync: the running BGP bindings and peers of a
 * configuration database become the daemon's whole state.
 *
 * The configuration is read by the shell's own library: the state
 * directory through its loader (checkpoint + journal), a rendered
 * configuration (or command script) by replaying it into a fresh database
 * through a batch session, exactly as `vrpsh -f` would; so the daemon
 * understands every line the shell writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../views/bgp_backend.h"
#include "../../shell/replay.h"
#include "../../views/store.h"
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

static int sync_db(cfg_db *db, const view_set *vs, char *err, size_t errlen)
{
	sockd_batch *b = sockd_batch_new();
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct collect c = { b, err, errlen, 0 };
	int rc = bgp_backend_collect(db, vs, CFG_RUNNING, add_op, &c);
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

int sockd_sync_from_db(cfg_db *db, char *err, size_t errlen)
{
	view_set *vs = view_set_build(model_default(), false, err, errlen);
	if (!vs)
		return -1;
	int rc = sync_db(db, vs, err, errlen);
	view_set_free(vs);
	return rc;
}

/* Output of the replay: its last line that is not a caret line, for the
 * error message. */
struct sink {
	char text[512];
	size_t n;
	char last[512];
};

static void sink_line(struct sink *k)
{
	size_t i = 0;
	while (i < k->n && k->text[i] == ' ')
		i++;
	bool caret = i < k->n && k->text[i] == '^' && i + 1 == k->n;
	if (k->n && !caret)
		snprintf(k->last, sizeof k->last, "%.*s", (int)k->n, k->text);
	k->n = 0;
}

static void sink_write(void *ctx, const char *buf, size_t len)
{
	struct sink *k = ctx;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			sink_line(k);
		else if (k->n + 1 < sizeof k->text)
			k->text[k->n++] = buf[i];
	}
}

static int no_answer(void *ctx, char *buf, size_t buflen)
{
	(void)ctx, (void)buf, (void)buflen;
	return -1;
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
	view_set *vs = NULL;
	vsh_session s;
	bool have_session = false;
	struct sink k = { "", 0, "" };

	if (!db) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (vsh_db_init(db, err, errlen) != 0)
		goto out;
	vs = view_set_build(model_default(), false, err, errlen);
	if (!vs)
		goto out;
	vsh_io io = { .write = sink_write, .ask = no_answer, .ctx = &k };
	if (vsh_session_init(&s, db, vs, model_default(), false, LEVEL_MANAGE, io) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	have_session = true;
	s.batch = true;

	vsh_replay r;
	unsigned long first = 0;
	vsh_replay_init(&r, &s, NULL, NULL);
	if (vsh_replay_text(&r, text, len, false, &first) != 0) {
		sink_line(&k);
		/* The failing line itself. */
		const char *l = text;
		for (unsigned long i = 1; i < first && l; i++) {
			l = memchr(l, '\n', (size_t)(text + len - l));
			l = l ? l + 1 : NULL;
		}
		size_t ll = 0;
		if (l) {
			const char *e = memchr(l, '\n', (size_t)(text + len - l));
			ll = (size_t)((e ? e : text + len) - l);
		}
		snprintf(err, errlen, "%s:%lu: %.*s: %s", path, first, (int)(ll > 200 ? 200 : ll),
			 l ? l : "", k.last[0] ? k.last : "error");
		goto out;
	}
	if (cfg_commit(db, err, errlen) != 0)
		goto out;
	rc = sync_db(db, vs, err, errlen);
out:
	if (have_session)
		vsh_session_fini(&s);
	view_set_free(vs);
	cfg_db_free(db);
	free(text);
	return rc;
}

int sockd_load_state_dir(const char *dir, char *err, size_t errlen)
{
	cfg_db *db = vsh_state_load(dir, NULL, false, err, errlen);
	if (!db)
		return -1;
	int rc = sockd_sync_from_db(db, err, errlen);
	cfg_db_free(db);
	return rc;
}
