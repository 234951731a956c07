/* Flags of the state directory: small files whose presence says
 * something to every vrpsh process using the directory, such as
 * "backend-out-of-step" (a commit's push to vrp-sockd timed out: the next
 * commit, in whatever process, sends the daemon everything).  A flag is
 * set by writing the file (temporary file, fsync, rename), with a line
 * saying why, and cleared by removing it. */
#ifndef VRPSH_VIEWS_STATEFLAG_H
#define VRPSH_VIEWS_STATEFLAG_H

#include <stdbool.h>
#include <stddef.h>

#define VSH_FLAG_BACKEND_OUT_OF_STEP "backend-out-of-step"

/* Set flag `name` in directory dir, with `why` (one line).  Returns 0, or
 * -1 with a message. */
int vsh_state_flag_set(const char *dir, const char *name, const char *why, char *err,
		       size_t errlen);
/* Is the flag set? */
bool vsh_state_flag_get(const char *dir, const char *name);
/* Clear it (nothing when it is not set).  Returns 0, or -1 with a message. */
int vsh_state_flag_clear(const char *dir, const char *name, char *err, size_t errlen);

#endif
