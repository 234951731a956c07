/* User interfaces (the console and the VTYs) as the login front ends see
 * them: how a login is authenticated, at which level it works, when it
 * times out, how long a screen is. */
#ifndef VRPSH_VIEWS_UI_H
#define VRPSH_VIEWS_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "../shell/session.h"

typedef enum vsh_auth_mode {
	VSH_AUTH_NONE,
	VSH_AUTH_PASSWORD, /* the user interface's own password */
	VSH_AUTH_AAA,      /* a local user of the aaa view */
} vsh_auth_mode;

#define VSH_UI_MAX_VTY_DEFAULT 5
#define VSH_UI_SCREEN_LENGTH_DEFAULT 24

typedef struct vsh_ui_conf {
	vsh_auth_mode auth;      /* VTY default aaa, console default none */
	int level;               /* user privilege level: VTY 0, console 3 by default */
	unsigned idle_seconds;   /* 0 = never; VTY 10 minutes, console 5 by default */
	int screen_length;       /* 24 by default */
	char password[136];      /* `set authentication password` hash, "" when none */
} vsh_ui_conf;

/* The running configuration's settings for VTY `vty`, or for the console
 * when vty < 0: what `display current-configuration` shows for it (the
 * section of the run of VTYs it belongs to), defaults where nothing is
 * set. */
void vsh_ui_get(cfg_db *db, int vty, vsh_ui_conf *out);

/* user-interface maximum-vty of the running configuration. */
int vsh_ui_max_vty(cfg_db *db);

/* After a session's pending changes (`pending`, as set aside) were made
 * again over a new running configuration, in the candidate of h's
 * database: each VTY setting that they change takes their value, every
 * other VTY setting the running one.  Lines regrouped by the session name
 * VTYs it did not change, with the values those had then; without this
 * they would undo what another session committed to those VTYs meanwhile.
 * Does nothing when the changes hold no VTY setting. */
struct store_chglist;
void vsh_ui_rebase(vsh_session *h, const struct store_chglist *pending);

/* `display this` in a `user-interface vty` view: the candidate's settings
 * of the view's VTYs, regrouped as `display current-configuration` does
 * but within the range (one section when they all agree, one per run of
 * equal settings otherwise; the range's own empty section when none is
 * set).  In any other view the same as cfg_render_this. */
void vsh_ui_render_this(vsh_session *s, cfg_emit_fn emit, void *arg);

#endif
