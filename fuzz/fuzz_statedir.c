/* Fuzz target: the state directory loader.  The input is the files of a
 * state directory: the checkpoint, the journal and the commit-ID
 * high-water mark, in that order, separated by the line "\n--8<--\n";
 * they are written to a directory of this process and loaded through the
 * store's read-only loader (the one vrp-sockd uses).  A damaged directory
 * must be refused or loaded in its intact part, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../config/cfg.h"
#include "../store/store.h"
#include "fuzz_session.h"

static const char *const files[] = { "checkpoint", "journal", "highwater" };
#define SEP "\n--8<--\n"


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
	char err[512];
	bool damaged = false;
	cfg_db *db = cfg_db_new();
	if (!db)
		abort();
	(void)store_load_dir(dir, db, &damaged, err, sizeof err);
	cfg_db_free(db);
	return 0;
}
