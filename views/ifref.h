/* Which BGP connect-interface lines name an interface.
 *
 * The interface's section owns every connect-interface line that names it
 * (a physical port gets its implicit section for that), so `portswitch`
 * and `undo interface` find the lines without walking the BGP
 * configuration.  A line that has since been changed to name another
 * interface keeps its old link; answers check the line's text. */
#ifndef VRPSH_VIEWS_IFREF_H
#define VRPSH_VIEWS_IFREF_H

#include <stddef.h>
#include <stdint.h>

#include "../parser/iftype.h"
#include "view.h"

/* Link `line` to the interface t/n it names.  Returns 0, or -1 with a
 * message. */
int view_ifref_add(vsh_session *s, const struct if_type *t, const uint32_t n[3], cfg_entry *line,
		   char *err, size_t errlen);

/* Lines of the candidate linked to the interface section ifsect: those
 * that still name ifname go to *named (may be NULL: then the first one is
 * returned and the rest is skipped), the others to *stale.  Vectors are
 * malloc'ed; the caller frees them. */
typedef struct view_ifref_list {
	cfg_entry **v;
	size_t n, cap;
} view_ifref_list;

cfg_entry *view_ifref_users(vsh_session *s, cfg_entry *ifsect, const char *ifname,
			    view_ifref_list *named, view_ifref_list *stale);

/* The interface a connect-interface line names ("peer G connect-interface
 * LoopBack0 2001:DB8::1" -> "LoopBack0"), copied into buf; returns its
 * length, 0 when the line names only an address. */
size_t view_ifref_name(const char *text, char *buf, size_t buflen);

#endif
