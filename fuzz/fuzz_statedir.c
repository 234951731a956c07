/* Fuzz target: the state directory loader.  The input is the files of a
 * state directory: the checkpoint, the journal, the high-water mark, the
 * lockout records and the log buffer, in that order, separated by the
 * line "\n--8<--\n"; they are written to a directory of this process and
 * read through the store's public functions (store_load_dir,
 * store_lockout_list, store_logbuf_read).  A damaged directory must be
 * refused or read, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../store/lockout.h"
#include "../store/logbuf.h"
#include "../store/store.h"
#include "fuzz_session.h"

static const char *const files[] = { "checkpoint", "journal", "highwater", STORE_LOCKOUT_NAME,
				     STORE_LOGBUF_NAME };
#define SEP "\n--8<--\n"

/* The store's loader. */
static cfg_db *load_state(const char *dir)
{
	char err[512];
	bool damaged = false;
	cfg_db *db = cfg_db_new();
	if (db && store_load_dir(dir, db, &damaged, err, sizeof err) != 0) {
		cfg_db_free(db);
		return NULL;
	}
	return db;
}

static int each_record(void *arg, const char *user, const store_lockout_state *st)
{
	(void)arg;
	return user[0] == '\0' || st->failures > STORE_LOCKOUT_COUNT_MAX; /* never */
}

static const char *work_dir(void)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/vrpsh-fuzz-statedir-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = work_dir();
	const char *p = (const char *)data, *end = p + size;
	char path[256];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
		if (p > end)
			continue;
		const char *sep = memmem(p, (size_t)(end - p), SEP, sizeof SEP - 1);
		size_t len = (size_t)((sep ? sep : end) - p);
		FILE *f = fopen(path, "w");
		if (!f)
			abort();
		fwrite(p, 1, len, f);
		fclose(f);
		p = sep ? sep + sizeof SEP - 1 : end + 1;
	}
	cfg_db *db = load_state(dir);
	cfg_db_free(db);
	if (store_lockout_list(dir, each_record, NULL) != 0)
		abort();
	store_logbuf b;
	if (store_logbuf_read(dir, &b) == 0)
		store_logbuf_free(&b);
	return 0;
}
