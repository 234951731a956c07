/* What the fuzz targets share: a session over a fresh configuration
 * database, its output thrown away, for one input. */
#ifndef VRPSH_FUZZ_SESSION_H
#define VRPSH_FUZZ_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "../shell/session.h"

/* The command graphs of the default model, built once. */
view_set *fuzz_views(void);

/* A session in the user view over a new database (factory
 * configuration); questions get no answer.  fuzz_session_close frees
 * both. */
vsh_session *fuzz_session_open(void);
void fuzz_session_close(vsh_session *s);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
