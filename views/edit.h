/* Small helpers the interface, VPN-instance and BGP handlers share to look
 * up and edit configuration lines of the session's candidate. */
#ifndef VRPSH_VIEWS_EDIT_H
#define VRPSH_VIEWS_EDIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../shell/session.h"

/* Write the one-line message into err and return -1. */
int view_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The candidate child of parent with identity id[0..idlen), or NULL. */
cfg_entry *view_line_get(const vsh_session *s, const cfg_entry *parent, const char *id, size_t idlen);

/* Same, with a NUL-terminated identity. */
cfg_entry *view_line_gets(const vsh_session *s, const cfg_entry *parent, const char *id);

/* A lookup or a set of that identity follows shortly (cfg_prefetch). */
void view_line_prefetch(const vsh_session *s, const cfg_entry *parent, const char *id,
			size_t idlen);

/* Candidate text of e (NULL when absent). */
const char *view_line_text(const cfg_entry *e);

/* cfg_set with the failure worded as an "Error: ..." line. */
int view_line_set(vsh_session *s, cfg_entry *parent, const char *text, size_t idlen, cfg_order ord,
	     unsigned flags, cfg_entry **out, char *err, size_t errlen);

/* Set a line kept in creation order within its class: a new line gets its
 * own creation number as order key, an existing one keeps its key. */
int view_line_created(vsh_session *s, cfg_entry *parent, const char *text, size_t idlen,
		     uint32_t cls, uint32_t sub, unsigned flags, cfg_entry **out, char *err,
		     size_t errlen);

/* Delete the candidate child with identity id, if present.  Returns
 * whether something was deleted. */
bool view_line_del(vsh_session *s, cfg_entry *parent, const char *id, size_t idlen);

/* The section of the current view instance. */
cfg_entry *view_line_sect(const vsh_session *s);

/* The candidate lines of section sect whose text starts with one of the
 * prefixes (NULL-terminated), in display order: v is malloc'ed (the caller
 * frees it); oom says the list could not grow and is short. */
typedef struct view_line_list {
	cfg_entry **v;
	size_t n, cap;
	bool oom;
} view_line_list;

void view_lines_prefixed(vsh_session *s, cfg_entry *sect, const char *const *prefixes,
			 view_line_list *out);
/* The same in no particular order, which spares sorting the section. */
void view_lines_prefixed_any(vsh_session *s, cfg_entry *sect, const char *const *prefixes,
			     view_line_list *out);

/* Delete those lines; returns how many went. */
size_t view_lines_del_prefixed(vsh_session *s, cfg_entry *sect, const char *const *prefixes);

#endif
