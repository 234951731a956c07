/* What the other views ask of interfaces. */
#ifndef VRPSH_VIEWS_INTERFACE_H
#define VRPSH_VIEWS_INTERFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "../parser/iftype.h"
#include "view.h"

/* Can the interface be named as a source (connect-interface): a logical
 * interface when the candidate has it, a physical port when the device
 * model has it. */
bool view_if_exists(const vsh_session *s, const struct if_type *t, const uint32_t n[3]);

#endif
