/* What the other views ask of interfaces. */
#ifndef VRPSH_VIEWS_INTERFACE_H
#define VRPSH_VIEWS_INTERFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "../parser/iftype.h"
#include "../shell/session.h"

/* The section of interface t/n in the candidate.  A physical port's
 * section is made on first use (it exists without configuration); a
 * logical interface's only by `interface`: NULL when it is not there, or
 * when the port is not on the device model.  name: the interface's name
 * as iftype_format spells t/n, when the caller has it (else NULL). */
cfg_entry *view_if_section(vsh_session *s, const struct if_type *t, const uint32_t n[IF_NUM_MAX],
			   const char *name, char *err, size_t errlen);

/* An interface's line ("interface 100GE1/0/1") and its place among the
 * top-level lines, from its name; false when the name is not one. */
bool view_if_place(const char *name, cfg_order *ord, char *text, size_t len);

#endif
