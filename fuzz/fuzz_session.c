/* The fuzz targets' session (see fuzz_session.h). */
#include <stdio.h>
#include <stdlib.h>

#include "../views/models.h"
#include "fuzz_session.h"

static void discard(void *ctx, const char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
}

static int no_answer(void *ctx, char *buf, size_t buflen)
{
	(void)ctx, (void)buf, (void)buflen;
	return -1;
}

view_set *fuzz_views(void)
{
	static view_set *vs;
	char err[512];

	if (!vs && !(vs = view_set_build(model_default(), false, err, sizeof err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	return vs;
}

vsh_session *fuzz_session_open(void)
{
	char err[512];
	vsh_session *s = calloc(1, sizeof *s);
	cfg_db *db = cfg_db_new();
	vsh_io io = { .write = discard, .ask = no_answer, .ask_secret = no_answer };

	if (!s || !db || vsh_db_init(db, err, sizeof err) != 0 ||
	    vsh_session_init(s, db, fuzz_views(), model_default(), false, LEVEL_MANAGE, io) != 0)
		abort();
	return s;
}

void fuzz_session_close(vsh_session *s)
{
	cfg_db *db = s->db;

	vsh_session_fini(s);
	cfg_db_free(db);
	free(s);
}
