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
#include "../parser/iftype.h"
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
	VIEW_BGP_AF4,       /* bgp AS / ipv4-family unicast */
	VIEW_BGP_AF6,       /* bgp AS / ipv6-family unicast */
	VIEW_BGP_VPNI,      /* bgp AS / vpn-instance V: the BGP-VPN instance view */
	VIEW_BGP_INST_VPNI, /* bgp AS instance N / vpn-instance V */
	VIEW_BGP_VPN4,      /* bgp AS / ipv4-family vpn-instance V */
	VIEW_BGP_INST_VPN4, /* bgp AS instance N / ipv4-family vpn-instance V */
	VIEW_IF_SUB,        /* sub-interfaces of Ethernet ports and Eth-Trunks: 10GE1/0/1.100 */
	VIEW_IF_VBDIF,      /* Vbdif: the Layer 3 interface of a bridge domain */
	VIEW_IF_NVE,        /* Nve: the VXLAN tunnel endpoint */
	VIEW_IF_NULL,       /* NULL0 */
	VIEW_HAND_COUNT     /* views of the generated reference follow (views/view.c) */
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
		 VIEW_IF_TUNNEL, VIEW_IF_MEQ, VIEW_IF_SUB, VIEW_IF_VBDIF
#define VL_BGP_VPN6 VIEW_BGP_VPN6, VIEW_BGP_INST_VPN6
#define VL_BGP_VPN4 VIEW_BGP_VPN4, VIEW_BGP_INST_VPN4
#define VL_BGP_VPNI VIEW_BGP_VPNI, VIEW_BGP_INST_VPNI

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
extern const view_cmd view_cmds_display_if[];  /* views/display_if.c: interface brief */
extern const view_cmd view_cmds_aaa[];      /* views/aaa.c: aaa, local-user */
extern const view_cmd view_cmds_display_aaa[]; /* views/display_aaa.c: display local-user */
extern const view_cmd view_cmds_ui[];       /* views/ui.c: user-interface, display users */
extern const view_cmd view_cmds_display_saved[]; /* views/display_saved.c */
extern const view_cmd view_cmds_display_ifdesc[]; /* views/display_ifdesc.c */
extern const view_cmd view_cmds_display_vpn[];    /* views/display_vpn.c: display ip vpn-instance */
extern const view_cmd view_cmds_display_vlan[];   /* views/display_vlan.c: display vlan */
extern const view_cmd view_cmds_display_memory[]; /* views/display_memory.c: display memory */
extern const view_cmd view_cmds_display_device[]; /* views/display_device.c: device, startup, dir */
extern const view_cmd view_cmds_display_log[];    /* views/display_log.c: display logbuffer */
extern const view_cmd view_cmds_terminal[]; /* views/terminal.c: screen-length, mmi-mode, header */

/* ---- device models (views/models.c) ---------------------------------- */

typedef struct vsh_model vsh_model;
const vsh_model *model_find(const char *name);         /* case-insensitive; NULL if unknown */
const vsh_model *model_default(void);                  /* CE6881H */
const char *model_name(const vsh_model *m);
/* Does the model (in the session's forwarding mode) belong to the named set? */
bool model_in_set(const vsh_model *m, bool low_latency, const char *set);
/* Does the physical port type/number (slot/card/port) exist on this model? */
bool model_has_port(const vsh_model *m, const char *iftype_name, const uint32_t n[IF_NUM_MAX]);
/* Iterate model names (for --help and tests); returns NULL past the end. */
const char *model_nth(size_t i);

/* ---- the view tree (views/view.c) ------------------------------------- */

/* Views are the hand-written ones above plus every other view of the
 * generated reference (views/gen/gen.h), numbered from VIEW_HAND_COUNT. */
size_t view_count(void);

/* The view a view is entered from (VIEW_USER for the user view and for
 * unknown ids). */
view_id view_parent(view_id v);

/* The reference's name of a view ("BGP view"), "" for unknown ids. */
const char *view_name(view_id v);

/* The views a reference view name stands for (a hand view may answer to
 * several names, and a name such as "Interface view" to several views).
 * Writes at most max ids to out; returns how many there are. */
size_t view_find(const char *name, view_id *out, size_t max);

/* A generated view: the index of its gen_views row, or -1 for hand views. */
long view_gen_row(view_id v);

/* The view that gen_views row i describes (a hand-written view that
 * answers to its name, or a generated one); VIEW_LIST_END when none. */
uint16_t view_of_gen_view(uint32_t i);

/* Does the reference view name stand for view v? */
bool view_is_named(view_id v, const char *name);

/* The gen_views rows of the views generated command row `row` enters (from
 * some parent view): *out points to them.  Returns how many. */
size_t view_entered_by(uint32_t row, const uint32_t **out);

/* Is view v the parent (a view named as such) of gen_views row i? */
bool view_gen_parent_is(uint32_t i, view_id v);

#endif
