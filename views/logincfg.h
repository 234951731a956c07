/* The login configuration: the part of the running configuration a login
 * needs before anything else (the local users and the lockout policy of
 * the `aaa` view, `user-interface maximum-vty` and the user interfaces'
 * settings, `header login information`), kept in a small file of the state
 * directory (store/logincfg.h) so that a telnet connection can be
 * authenticated without the state directory's lock and without loading
 * the whole configuration.  Its text: "!vrpsh login configuration 1",
 * then those sections in the `display current-configuration` layout.
 *
 * The file is written by the commit that changes it (a commit hook, while
 * the commit holds the state directory's lock).  It is a copy for speed
 * only: a login accepted with it is checked again against the loaded
 * configuration before the session starts, and vsh_logincfg_refresh puts a stale file
 * (after a crash between a commit and its hook) right. */
#ifndef VRPSH_VIEWS_LOGINCFG_H
#define VRPSH_VIEWS_LOGINCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/session.h"
#include "../store/logincfg.h"

#define VSH_LOGINCFG_NAME STORE_LOGINCFG_NAME

/* Register the commit hook on s->db that keeps the file of s's state
 * directory up to date (nothing happens while s has no state directory).
 * Returns 0, or -1 with a message. */
int vsh_logincfg_attach(vsh_session *s, char *err, size_t errlen);

/* The file's text for the running configuration of db (malloc'ed, with
 * its length in *len), or NULL when out of memory. */
char *vsh_logincfg_render(cfg_db *db, size_t *len);

/* Pick up other processes' commits and write the file from s's running
 * configuration when it differs, holding the state directory's lock
 * shared so that no commit writes it meanwhile.  Returns 0, or -1 with a
 * message. */
int vsh_logincfg_refresh(vsh_session *s, char *err, size_t errlen);

/* The login configuration of state directory `dir` as a new database
 * (running = candidate), read through the command set vs of model m.
 * Returns NULL with a message when the file is missing or unreadable;
 * lines that do not replay are left out. */
cfg_db *vsh_logincfg_load(const char *dir, view_set *vs, const vsh_model *m, bool low_latency,
			  char *err, size_t errlen);

#endif
