/* What the device shows of a configuration that never named it: the
 * model's ports and console (views/factory.c). */
#ifndef VRPSH_VIEWS_FACTORY_H
#define VRPSH_VIEWS_FACTORY_H

#include <stddef.h>

#include "../config/cfg.h"
#include "view.h"

/* The top-level blocks `display current-configuration` shows for model m
 * whether or not the configuration names them, in their order (one
 * allocation: free() it; NULL when out of memory, *n = 0). */
cfg_extra *view_factory_blocks(const vsh_model *m, size_t *n);

#endif
