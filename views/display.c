/* display current-configuration, display this, display configuration
 * candidate, display version; with the `| include|exclude|begin REGEX`
 * output filters. */
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <time.h>

#include "factory.h"
#include "models.h"
#include "../shell/output.h"
#include "ui.h"
#include "display_version.h"
#include "store.h"
#include "../shell/session.h"
#include "state.h"
#include "store.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "0.0.0"
#endif

/* The release the command set follows (the reference's). */
#define VRP_RELEASE "V300R023C00"
/* Where the device names its maker: vrpsh's own, and whose names it
 * borrows (version parsers look for the maker's name on this line). */
#define VRPSH_COPYRIGHT "2026 the vrpsh authors. Huawei and VRP are trademarks of Huawei " \
			"Technologies Co., Ltd."

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
	/* the model's ports and console, configured or not (factory.c) */
	size_t nx;
	cfg_extra *x = view_factory_blocks(s->model, &nx);
	/* straight from the state directory's checkpoint when the tree is not
	 * built yet; else (or when that cannot be) from the tree */
	int rc = vsh_store_render_running(s, x, nx, vsh_out_emit, o);
	if (rc > 0 && vsh_store_need(s, err, errlen) != 0)
		rc = -1;
	if (rc > 0)
		cfg_render_extra(s->db, CFG_RUNNING, x, nx, vsh_out_emit, o);
	free(x);
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

static const char *plural(unsigned long n)
{
	return n > 1 ? "s" : "";
}

/* "0 day, 5 hours, 32 minutes" */
static void uptime_text(unsigned long secs, char *buf, size_t len)
{
	unsigned long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60;
	snprintf(buf, len, "%lu day%s, %lu hour%s, %lu minute%s", d, plural(d), h, plural(h), m,
		 plural(m));
}

void view_version_text(const view_version_info *v, void (*line)(void *arg, const char *text),
		       void *arg)
{
	char buf[256], up[96], bup[96], series[16];

	/* The product series the release names: CE6881H -> CE6800. */
	snprintf(series, sizeof series, "%.4s00", v->model);
	uptime_text(v->uptime, up, sizeof up);
	uptime_text(v->board_uptime, bup, sizeof bup);
	line(arg, "Huawei Versatile Routing Platform Software");
	snprintf(buf, sizeof buf, "%s, Version %s (%s %s)", v->software, v->version, series,
		 v->release);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Copyright (C) %s", v->copyright);
	line(arg, buf);
	snprintf(buf, sizeof buf, "HUAWEI %s uptime is %s", v->model, up);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Patch Version: %s", v->patch);
	line(arg, buf);
	line(arg, "");
	snprintf(buf, sizeof buf, "%s (Master) 1 : uptime is  %s", v->board, bup);
	line(arg, buf);
	snprintf(buf, sizeof buf, "        StartupTime %s", v->startup);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Memory      Size    : %lu M bytes", v->memory_mb);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Flash       Size    : %lu M bytes", v->flash_mb);
	line(arg, buf);
	snprintf(buf, sizeof buf, "%s version information:", v->board);
	line(arg, buf);
	snprintf(buf, sizeof buf, "1.PCB       Version : %s", v->pcb);
	line(arg, buf);
	snprintf(buf, sizeof buf, "2.MAB       Version : %s", v->mab);
	line(arg, buf);
	snprintf(buf, sizeof buf, "3.Board     Type    : %s", v->board);
	line(arg, buf);
	snprintf(buf, sizeof buf, "4.BIOS      Version : %s", v->bios);
	line(arg, buf);
	snprintf(buf, sizeof buf, "5.CPLD1     Version : %s", v->cpld1);
	line(arg, buf);
	snprintf(buf, sizeof buf, "  CPLD2     Version : %s", v->cpld2);
	line(arg, buf);
	line(arg, "");
}

static void out_text(void *arg, const char *text)
{
	vsh_out_line(arg, text, strlen(text));
}

/* The kernel's boot time (btime of /proc/stat): the same at every call,
 * where now minus the uptime may move by a second.  0 when unknown. */
static time_t host_boot_time(void)
{
	FILE *f = fopen("/proc/stat", "re");
	char line[256];
	long long bt = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "btime %lld", &bt) == 1)
			break;
	fclose(f);
	return bt > 0 ? (time_t)bt : 0;
}

/* The storage of the state directory stands for the device's flash. */
static unsigned long flash_mb(const vsh_session *s)
{
	struct statvfs sv;
	const char *dir = vsh_store_dir(s);
	if (!dir || statvfs(dir, &sv) != 0)
		return 0;
	return (unsigned long)((unsigned long long)sv.f_blocks * sv.f_frsize >> 20);
}

static int h_display_version(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const char *model = model_name(s->model);
	struct sysinfo si;
	struct tm tm;
	char startup[32];

	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	/* The device is the host: its start, uptime and memory. */
	bool si_ok = sysinfo(&si) == 0;
	time_t now = time(NULL), boot = host_boot_time();
	if (boot == 0 || boot > now)
		boot = now - (si_ok && si.uptime > 0 ? (time_t)si.uptime : 0);
	unsigned long uptime = (unsigned long)(now - boot);
	localtime_r(&boot, &tm);
	strftime(startup, sizeof startup, "%Y/%m/%d   %H:%M:%S", &tm);
	view_version_info v = {
		.software = "vrpsh software", .version = VRPSH_VERSION, .release = VRP_RELEASE,
		.copyright = VRPSH_COPYRIGHT, .model = model, .patch = "None",
		.uptime = uptime, .board_uptime = uptime, .startup = startup,
		.memory_mb = si_ok ? (unsigned long)((unsigned long long)si.totalram * si.mem_unit >> 20)
				   : 0,
		.flash_mb = flash_mb(s), .pcb = "-", .mab = "0", .board = model, .bios = "-",
		.cpld1 = "-", .cpld2 = "-",
	};
	view_version_text(&v, out_text, o);
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
