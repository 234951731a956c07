/* Flags of the state directory: small files whose presence says
 * something to every vrpsh process using the directory, such as
 * "backend-out-of-step" (a commit's push to vrp-sockd timed out: the next
 * commit, in whatever process, sends the daemon everything).  A flag is
 * set by writing the file (temporary file, fsync, rename), with a line
 * saying why, and cleared by removing it.  A flag's name is one file name
 * of the directory (no '/', not "." or ".."). */
#ifndef VRPSH_STORE_FLAGS_H
#define VRPSH_STORE_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#define STORE_FLAG_BACKEND_OUT_OF_STEP "backend-out-of-step"
#define STORE_FLAG_WHY_MAX 511 /* bytes of the reason kept, its newline included */

/* Set flag `name` in state directory dir, with `why` (one line: newlines
 * in it become blanks).  Returns 0, or -1 with a message. */
int store_flag_set(const char *dir, const char *name, const char *why, char *err,
		   size_t errlen);
/* Is the flag set?  (Whatever has its name counts, a link included.) */
bool store_flag_get(const char *dir, const char *name);
/* Clear it (nothing when it is not set).  Returns 0, or -1 with a message. */
int store_flag_clear(const char *dir, const char *name, char *err, size_t errlen);

#endif
