/* Which BGP connect-interface lines name an interface.
 *
 * The interface's section owns every connect-interface line that names it
 * (a physical port gets its implicit section for that), so `portswitch`
 * and `undo interface` find the lines without walking the BGP
 * configuration.  A line that has since been changed to name another
 * interface keeps its old link; answers check the line's text. */
#ifndef VRPSH_VIEWS_IFREF_H
#define VRPSH_VIEWS_IFREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parser/iftype.h"
#include "../shell/session.h"

/* Link `line` to the interface t/n it names.  Returns 0, or -1 with a
 * message. */
int view_ifref_add(vsh_session *s, const struct if_type *t, const uint32_t n[IF_NUM_MAX], cfg_entry *line,
		   char *err, size_t errlen);

/* The first line of the candidate linked to the interface section ifsect
 * that still names ifname, or NULL.  Without one, and when stale is not
 * NULL, the linked lines that name another interface by now are listed in
 * *stale (a malloc'ed vector the caller frees). */
typedef struct view_ifref_list {
	cfg_entry **v;
	size_t n, cap;
	bool oom;
} view_ifref_list;

cfg_entry *view_ifref_users(vsh_session *s, cfg_entry *ifsect, const char *ifname,
			    view_ifref_list *stale);

#endif
