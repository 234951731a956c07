/* `display interface brief` and `display ip interface brief`: the
 * interfaces of the device (the model's ports, the logical interfaces of
 * the running configuration, NULL0) in the layouts of their reference
 * pages.  The row layouts are exposed so that tests can pin them with the
 * pages' example rows. */
#ifndef VRPSH_VIEWS_DISPLAY_IF_H
#define VRPSH_VIEWS_DISPLAY_IF_H

#include <stddef.h>

/* One row of `display interface brief` (no line end). */
size_t view_if_brief_row(const char *name, const char *phy, const char *proto, const char *inuti,
			 const char *oututi, unsigned long inerr, unsigned long outerr, char *buf,
			 size_t len);

/* One row of `display ip interface brief` (no line end). */
size_t view_ip_brief_row(const char *name, const char *addr, const char *phy, const char *proto,
			 const char *vpn, char *buf, size_t len);

#endif
