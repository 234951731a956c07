/* User interfaces (the console and the VTYs) as the login front ends see
 * them: how a login is authenticated, at which level it works, when it
 * times out, how long a screen is. */
#ifndef VRPSH_VIEWS_UI_H
#define VRPSH_VIEWS_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

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
 * when vty < 0.  When several `user-interface vty` ranges hold a setting
 * for the same VTY, the narrowest range's applies. */
void vsh_ui_get(cfg_db *db, int vty, vsh_ui_conf *out);

/* user-interface maximum-vty of the running configuration. */
int vsh_ui_max_vty(cfg_db *db);

#endif
