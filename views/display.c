/* display current-configuration, display this, display configuration
 * candidate, display version; with the `| include|exclude|begin REGEX`
 * output filters. */
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "models.h"
#include "../shell/output.h"
#include "ui.h"
#include "../shell/session.h"
#include "state.h"
#include "store.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "0.0.0"
#endif

/* The release the command set follows (the reference's). */
#define VRP_RELEASE "V300R023C00"

/* ---- display current-configuration ---------------------------------- */

static int h_display_current(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char ifname[72];

	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	/* `all` and `include-default` show what the plain form shows: vrpsh
	 * keeps no default settings apart.  `inactive` is the configuration
	 * of offline boards, of which there are none. */
	if (parser_kw(m, "inactive")) {
		o->sel = VSH_SEL_NONE;
	} else if (parser_kw(m, "configuration")) {
		const parser_value *v;
		if (parser_kw(m, "bgp")) {
			o->sel = VSH_SEL_PREFIX;
			o->prefix = "bgp";
		} else if (parser_kw(m, "interface")) {
			o->sel = VSH_SEL_PREFIX;
			o->prefix = "interface";
			if ((v = parser_arg_get(m, "interface-name")) != NULL) {
				if (v->canon[0])
					snprintf(ifname, sizeof ifname, "%s", v->canon);
				else
					snprintf(ifname, sizeof ifname, "%s", v->str);
				o->instance = ifname;
			}
		} else if (parser_kw(m, "vpn-instance")) {
			o->sel = VSH_SEL_PREFIX;
			o->prefix = "ip vpn-instance";
			if ((v = parser_arg_get(m, "vpn-instance-name")) != NULL)
				o->instance = v->str;
		} else if (parser_kw(m, "system")) {
			o->sel = VSH_SEL_SYSTEM;
		}
	}
	/* The device's header: the release, and when the configuration last
	 * changed (nothing before the first commit). */
	if (o->sel == VSH_SEL_ALL) {
		char line[96];
		int n = snprintf(line, sizeof line, "!Software Version %s", VRP_RELEASE);
		vsh_out_line(o, line, (size_t)n);
		int64_t t = vsh_store_last_change(s);
		if (t) {
			char when[40];
			vsh_format_time(t, true, when, sizeof when);
			n = snprintf(line, sizeof line, "!Last configuration was updated at %s", when);
			vsh_out_line(o, line, (size_t)n);
		}
	}
	/* straight from the state directory's checkpoint when the tree is not
	 * built yet; else (or when that cannot be) from the tree */
	int rc = vsh_store_render_running(s, vsh_out_emit, o);
	if (rc > 0 && vsh_store_need(s, err, errlen) != 0)
		rc = -1;
	if (rc > 0)
		cfg_render(s->db, CFG_RUNNING, vsh_out_emit, o);
	vsh_out_free(o);
	return rc < 0 ? -1 : 0;
}

/* ---- display this / display configuration candidate ------------------ */

static int h_display_this(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	if (vsh_top(s)->view == VIEW_UI_VTY) /* settings kept per VTY */
		vsh_ui_render_this(s, vsh_out_emit, o);
	else
		cfg_render_this(s->db, vsh_top(s)->sect, CFG_CANDIDATE, vsh_out_emit, o);
	vsh_out_free(o);
	return 0;
}

static int h_display_candidate(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	if (parser_kw(m, "merge"))
		cfg_render(s->db, CFG_CANDIDATE, vsh_out_emit, o);
	else
		cfg_render_pending(s->db, vsh_out_emit, o);
	vsh_out_free(o);
	return 0;
}

/* ---- display version -------------------------------------------------- */

static time_t boot_time;

/* The device "boots" with the first session's command set. */
static void note_boot(void)
{
	if (!boot_time)
		boot_time = time(NULL);
}

static const char *plural(unsigned long n)
{
	return n > 1 ? "s" : "";
}

static int h_display_version(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char line[256];
	const char *model = model_name(s->model);

	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	note_boot();
	time_t now = time(NULL);
	unsigned long up = now > boot_time ? (unsigned long)(now - boot_time) : 0;
	unsigned long d = up / 86400, h = up / 3600 % 24, min = up / 60 % 60;
	int n;

	/* The first line is what automation looks for to recognise a VRP
	 * device; the "software, Version X (MODEL RELEASE)" and "HUAWEI MODEL
	 * uptime is" lines are what version parsers read. */
	vsh_out_line(o, "Huawei Versatile Routing Platform Software",
		 strlen("Huawei Versatile Routing Platform Software"));
	n = snprintf(line, sizeof line, "vrpsh software, Version %s (%s %s)", VRPSH_VERSION,
		     model, VRP_RELEASE);
	vsh_out_line(o, line, (size_t)n);
	n = snprintf(line, sizeof line, "HUAWEI %s uptime is %lu day%s, %lu hour%s, %lu minute%s",
		     model, d, plural(d), h, plural(h), min, plural(min));
	vsh_out_line(o, line, (size_t)n);
	vsh_out_line(o, "", 0);
	n = snprintf(line, sizeof line, "Device model       : %s", model);
	vsh_out_line(o, line, (size_t)n);
	if (s->model && model_has_low_latency(s->model)) {
		n = snprintf(line, sizeof line, "Forwarding mode    : %s",
			     s->low_latency ? "low-latency" : "standard");
		vsh_out_line(o, line, (size_t)n);
	}
	n = snprintf(line, sizeof line, "Shell              : vrpsh %s", VRPSH_VERSION);
	vsh_out_line(o, line, (size_t)n);
	vsh_out_free(o);
	return 0;
}

/* ---- the table ------------------------------------------------------- */

static const ptype pt_vpn_name = {
	.kind = PT_STRING, .help_token = "STRING<1-31>", .min = 1, .max = 31,
	.flags = PTF_QUOTE_SPACES,
};

static const parser_param current_params[] = {
	{ "interface-name", &pt_ifname, NULL },
	{ "vpn-instance-name", &pt_vpn_name, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display[] = {
	{
		/* The reference's <configuration-type> [ <configuration-instance> ]
		 * | <config-type-no-inst> is spelled out as the types vrpsh has. */
		.pc = { .format = "display current-configuration [ configuration [ { bgp | "
				  "interface [ <interface-name> ] | vpn-instance "
				  "[ <vpn-instance-name> ] | system } ] | all | inactive ] "
				  "[ include-default ]",
			.help = "Show information\n"
				"Show the running configuration\n"
				"Show the configuration of one feature\n"
				"BGP configuration\n"
				"Interface configuration\n"
				"Interface name\n"
				"VPN instance configuration\n"
				"VPN instance name\n"
				"System-wide configuration\n"
				"Show the whole configuration\n"
				"Show the configuration of offline boards\n"
				"Include default settings",
			.params = current_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE | PARSER_CMD_OWN_LOAD },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_current,
	},
	{
		.pc = { .format = "display this [ include-default ]",
			.help = "Show information\n"
				"Show the configuration of the current view\n"
				"Include default settings",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_this,
	},
	{
		.pc = { .format = "display configuration candidate",
			.help = "Show information\n"
				"Configuration database information\n"
				"Show the configuration changes not yet committed",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_display_candidate,
	},
	{
		.pc = { .format = "display configuration candidate merge",
			.help = "Show information\n"
				"Configuration database information\n"
				"Show the configuration changes not yet committed\n"
				"Show the running configuration with those changes applied",
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY_CONFIG),
		.fn = h_display_candidate,
	},
	{
		.pc = { .format = "display version",
			.help = "Show information\n"
				"Show the software version and the device model",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE | PARSER_CMD_OWN_LOAD },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_version,
	},
	{ .pc = { .format = NULL } },
};

/* Start the uptime clock when the program starts. */
static void display_boot(void) __attribute__((constructor));
static void display_boot(void)
{
	note_boot();
}
