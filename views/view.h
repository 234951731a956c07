/* The view tree and the command tables.
 *
 * A view type has a parent type, a prompt suffix rule and a match graph,
 * compiled at start-up from every command row whose `views` list includes
 * it and whose model list includes the session's device model.  Sessions
 * (a stack of view instances over one configuration database) are the
 * engine's: shell/session.h. */
#ifndef VRPSH_VIEWS_VIEW_H
#define VRPSH_VIEWS_VIEW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/cfg.h"
#include "../parser/grammar.h"
#include "../parser/matcher.h"

typedef enum view_id {
	VIEW_USER,
	VIEW_SYSTEM,
	VIEW_IF_LOOPBACK,
	VIEW_IF_ETH,        /* physical Ethernet ports (GE..400GE) */
	VIEW_IF_VLANIF,
	VIEW_IF_ETH_TRUNK,
	VIEW_IF_TUNNEL,
	VIEW_VPN,           /* ip vpn-instance NAME */
	VIEW_VPN_AF4,       /* ... ipv4-family */
	VIEW_VPN_AF6,       /* ... ipv6-family */
	VIEW_BGP,           /* bgp AS */
	VIEW_BGP_INST,      /* bgp AS instance NAME */
	VIEW_BGP_VPN6,      /* bgp AS / ipv6-family vpn-instance V */
	VIEW_BGP_INST_VPN6, /* bgp AS instance N / ipv6-family vpn-instance V */
	VIEW_AAA,
	VIEW_UI_VTY,
	VIEW_UI_CONSOLE,
	VIEW_IF_MEQ,        /* the management port MEth0/0/0: Layer 3 only */
	VIEW_COUNT
} view_id;

/* Pseudo view ids for command rows: every view ("All views" on the
 * reference pages) and every view except the user view ("All views except
 * the user view").  VIEW_LIST_END closes a list. */
#define VIEW_ANY 0xfffdu
#define VIEW_ANY_CONFIG 0xfffeu
#define VIEW_LIST_END 0xffffu

/* A view list for view_cmd.views: VIEWS(VIEW_BGP, VIEW_BGP_INST). */
#define VIEWS(...) ((const uint16_t[]){ __VA_ARGS__, VIEW_LIST_END })
/* Comma lists of views, to be used inside VIEWS(). */
#define VL_IF_L3 VIEW_IF_LOOPBACK, VIEW_IF_ETH, VIEW_IF_VLANIF, VIEW_IF_ETH_TRUNK, \
		 VIEW_IF_TUNNEL, VIEW_IF_MEQ
#define VL_BGP_VPN6 VIEW_BGP_VPN6, VIEW_BGP_INST_VPN6

/* Is view v one of the list's views (VIEW_ANY and VIEW_ANY_CONFIG
 * included)? */
bool view_in_list(const uint16_t *list, view_id v);

/* Privilege levels (Default Level on the reference pages). */
enum { LEVEL_VISIT = 0, LEVEL_MONITOR = 1, LEVEL_CONFIG = 2, LEVEL_MANAGE = 3 };

struct vsh_session;

/* A handler does the semantic checks against the candidate and then edits
 * it (or changes view, or prints).  It returns 0, or -1 with a one-line
 * message ("Error: ...") in err; it prints warnings and output itself. */
typedef int (*view_handler)(struct vsh_session *s, const parser_match *m, char *err,
			    size_t errlen);

/* One row of a command table: the reference page's Format, help, parameter
 * types, Views, Default Level, supported models. */
typedef struct view_cmd {
	parser_cmd pc;        /* format, help, params, level, flags */
	const uint16_t *views; /* VIEWS(...) list */
	const char *models;   /* model set name from views/models.c, NULL = every model */
	view_handler fn;
} view_cmd;

/* Command tables, one per area (views/system.c, interface.c, vpn.c, bgp.c,
 * display.c, ...), each terminated by a row with pc.format == NULL. */
extern const view_cmd view_cmds_system[];
extern const view_cmd view_cmds_interface[];
extern const view_cmd view_cmds_vpn[];
extern const view_cmd view_cmds_bgp[];
extern const view_cmd view_cmds_display[];
extern const view_cmd view_cmds_history[];    /* views/history.c: commit list, rollback */
extern const view_cmd view_cmds_trial[];      /* views/trial.c: abort trial, trial status */
extern const view_cmd view_cmds_cfgsession[]; /* views/cfgsession.c: exclusive, sessions */
extern const view_cmd view_cmds_display_bgp[]; /* views/display_bgp.c */
extern const view_cmd view_cmds_aaa[];      /* views/aaa.c: aaa, local-user */
extern const view_cmd view_cmds_display_aaa[]; /* views/display_aaa.c: display local-user */
extern const view_cmd view_cmds_ui[];       /* views/ui.c: user-interface, display users */
extern const view_cmd view_cmds_terminal[]; /* views/terminal.c: screen-length, mmi-mode, header */

/* ---- device models (views/models.c) ---------------------------------- */

typedef struct vsh_model vsh_model;
const vsh_model *model_find(const char *name);         /* case-insensitive; NULL if unknown */
const vsh_model *model_default(void);                  /* CE6881H */
const char *model_name(const vsh_model *m);
/* Does the model (in the session's forwarding mode) belong to the named set? */
bool model_in_set(const vsh_model *m, bool low_latency, const char *set);
/* Does the physical port type/number exist on this model? */
bool model_has_port(const vsh_model *m, const char *iftype_name, const uint32_t n[3]);
/* Iterate model names (for --help and tests); returns NULL past the end. */
const char *model_nth(size_t i);

/* ---- the command set, compiled per session configuration ------------- */

typedef struct view_set view_set; /* one graph per view type */

/* Build every view's graph for a model and forwarding mode.  Returns NULL
 * with a message on a table error (a defect: tests catch it). */
view_set *view_set_build(const vsh_model *m, bool low_latency, char *err, size_t errlen);
void view_set_free(view_set *vs);
const parser_graph *view_set_graph(const view_set *vs, view_id v);

/* The view a view type is entered from (VIEW_USER for the user view). */
view_id view_parent(view_id v);

#endif
