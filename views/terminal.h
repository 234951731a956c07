/* What the terminal commands leave for the login front ends: the login
 * and shell banners (`header login|shell information`). */
#ifndef VRPSH_VIEWS_TERMINAL_H
#define VRPSH_VIEWS_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/session.h"

/* The text of `header login information` (login) or `header shell
 * information` (!login) of the running configuration, without its
 * delimiting quotes, in buf; false when none is configured. */
bool vsh_header_get(cfg_db *db, bool login, char *buf, size_t buflen);

/* The Info line `screen-length N temporary` prints. */
#define VSH_INFO_TERMINAL_ONLY \
	"Info: The configuration takes effect on the current user terminal interface only."

#endif
