/* The difference between two configurations as a journal record. */
#ifndef VRPSH_VIEWS_CFGDIFF_H
#define VRPSH_VIEWS_CFGDIFF_H

#include <stddef.h>

#include "../config/journal.h"

/* A record (metadata zero) whose changes turn the running configuration of
 * `from` into that of `to`, in a malloc'ed buffer.  Returns 0, or -1 when
 * out of memory or nested too deep. */
int vsh_cfg_diff_record(cfg_db *from, cfg_db *to, char **rec, size_t *len);

#endif
