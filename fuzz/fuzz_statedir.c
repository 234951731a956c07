/* Fuzz target: the state directory loader.  The input is the files of a
 * state directory: the checkpoint, the journal and the trial file, in
 * that order, separated by the line "\n--8<--\n"; they are written to a
 * directory of this process and loaded through the store's public
 * loading function.  A damaged directory must be refused or loaded, never
 * crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../views/store.h"
#include "fuzz_session.h"

static const char *const files[] = { "checkpoint", "journal", "trial" };
#define SEP "\n--8<--\n"

/* The one function of the store under test: its loader. */
static cfg_db *load_state(const char *dir)
{
	char err[512];
	return vsh_state_load(dir, NULL, false, err, sizeof err);
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
	return 0;
}
