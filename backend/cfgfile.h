/* A rendered configuration (the `display current-configuration` layout,
 * one space of indent per level) read into a configuration tree by its
 * indentation alone: what `vrp-sockd --config FILE` loads, for the
 * bindings extractor (bindings.h).  No command is run. */
#ifndef VRPSH_BACKEND_CFGFILE_H
#define VRPSH_BACKEND_CFGFILE_H

#include <stddef.h>

#include "../config/cfg.h"

/* Add the lines of text[0..len) to db (a fresh database) and commit them
 * as its running configuration: a line indented by d spaces belongs to
 * the section of the nearest line above it indented by d - 1; "#", "!"
 * and "return" lines carry no configuration; each line is its own
 * identity.  name is the file's name for messages.  Returns 0, or -1 with
 * "NAME:LINE: why" in err. */
int vrpsock_cfgfile_read(cfg_db *db, const char *name, const char *text, size_t len, char *err,
			 size_t errlen);

#endif
