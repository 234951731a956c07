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
#include "view.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "0.0.0"
#endif

/* The release the command set follows (the reference's). */
#define VRP_RELEASE "V300R023C00"

/* ---- filtered, buffered output --------------------------------------- */

enum pipe_kind { PIPE_NONE, PIPE_INCLUDE, PIPE_EXCLUDE, PIPE_BEGIN };

/* Which top-level blocks of the configuration to show. */
enum sel_kind { SEL_ALL, SEL_NONE, SEL_PREFIX, SEL_SYSTEM };

typedef struct out {
	vsh_session *s;
	/* top-level block selection */
	enum sel_kind sel;
	const char *prefix;   /* SEL_PREFIX: "bgp", "interface", "ip vpn-instance" */
	const char *instance; /* NULL = every instance */
	bool keep;            /* the current block is shown */
	bool sep_pending;     /* a top-level "#" waits for a shown line */
	/* pipe filter */
	enum pipe_kind pipe;
	regex_t re;
	bool begun;
	char *tmp;
	size_t tmpcap;
	/* output buffer */
	size_t n;
	char buf[16384];
} out;

static void out_flush(out *o)
{
	vsh_write(o->s, o->buf, o->n);
	o->n = 0;
}

static void out_raw(out *o, const char *p, size_t len)
{
	if (len + 1 > sizeof o->buf - o->n) {
		out_flush(o);
		if (len + 1 > sizeof o->buf) {
			vsh_write(o->s, p, len);
			vsh_write(o->s, "\n", 1);
			return;
		}
	}
	memcpy(o->buf + o->n, p, len);
	o->n += len;
	o->buf[o->n++] = '\n';
}

static bool pipe_pass(out *o, const char *line, size_t len)
{
	if (o->pipe == PIPE_NONE || (o->pipe == PIPE_BEGIN && o->begun))
		return true;
	if (len + 1 > o->tmpcap) {
		size_t cap = len + 1 > 256 ? len + 1 : 256;
		char *p = realloc(o->tmp, cap);
		if (!p)
			return false;
		o->tmp = p;
		o->tmpcap = cap;
	}
	memcpy(o->tmp, line, len);
	o->tmp[len] = '\0';
	bool hit = regexec(&o->re, o->tmp, 0, NULL, 0) == 0;
	switch (o->pipe) {
	case PIPE_INCLUDE:
		return hit;
	case PIPE_EXCLUDE:
		return !hit;
	default:
		o->begun = hit;
		return hit;
	}
}

static void out_line(out *o, const char *line, size_t len)
{
	if (pipe_pass(o, line, len))
		out_raw(o, line, len);
}

/* Does top-level line `line` start a block that the selection shows? */
static bool block_selected(const out *o, const char *line, size_t len)
{
	static const char *const sections[] = { "interface ", "ip vpn-instance ", "bgp ",
						"aaa", "user-interface " };
	switch (o->sel) {
	case SEL_ALL:
		return true;
	case SEL_NONE:
		return false;
	case SEL_SYSTEM:
		for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
			size_t pl = strlen(sections[i]);
			if (len >= pl && strncmp(line, sections[i], pl) == 0)
				return false;
		}
		return true;
	case SEL_PREFIX:
		break;
	}
	size_t pl = strlen(o->prefix);
	if (len <= pl || strncmp(line, o->prefix, pl) != 0 || line[pl] != ' ')
		return false;
	if (!o->instance)
		return true;
	const char *rest = line + pl + 1;
	size_t rl = len - pl - 1;
	/* Compare the first word after the prefix (interface names are
	 * given canonical). */
	size_t wl = 0;
	while (wl < rl && rest[wl] != ' ')
		wl++;
	return strlen(o->instance) == wl && strncmp(rest, o->instance, wl) == 0;
}

/* cfg_emit_fn: applies the block selection, then the pipe filter. */
static void out_emit(void *arg, const char *line, size_t len)
{
	out *o = arg;

	if (o->sel == SEL_ALL) {
		out_line(o, line, len);
		return;
	}
	if (len == 1 && line[0] == '#') {
		o->sep_pending = true;
		o->keep = false;
		return;
	}
	if (len == 6 && memcmp(line, "return", 6) == 0) {
		o->keep = true;
	} else if (line[0] != ' ') {
		o->keep = block_selected(o, line, len);
	}
	if (!o->keep)
		return;
	if (o->sep_pending) {
		out_line(o, "#", 1);
		o->sep_pending = false;
	}
	out_line(o, line, len);
}

static int out_init(out *o, vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	memset(o, 0, offsetof(out, buf));
	o->s = s;
	o->sel = SEL_ALL;
	o->pipe = PIPE_NONE;
	if (!m->pipe_kind)
		return 0;
	if (strcasecmp(m->pipe_kind, "include") == 0)
		o->pipe = PIPE_INCLUDE;
	else if (strcasecmp(m->pipe_kind, "exclude") == 0)
		o->pipe = PIPE_EXCLUDE;
	else if (strcasecmp(m->pipe_kind, "begin") == 0)
		o->pipe = PIPE_BEGIN;
	else {
		snprintf(err, errlen, "Error: Unknown output filter '%s'.", m->pipe_kind);
		return -1;
	}
	if (!m->pipe_pattern ||
	    regcomp(&o->re, m->pipe_pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		o->pipe = PIPE_NONE;
		snprintf(err, errlen, "Error: Invalid regular expression.");
		return -1;
	}
	return 0;
}

static void out_fini(out *o)
{
	out_flush(o);
	if (o->pipe != PIPE_NONE)
		regfree(&o->re);
	free(o->tmp);
}

/* ---- display current-configuration ---------------------------------- */

static int h_display_current(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	out *o = malloc(sizeof *o);
	char ifname[72];

	if (!o) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (out_init(o, s, m, err, errlen) != 0) {
		free(o);
		return -1;
	}
	/* `all` and `include-default` show what the plain form shows: vrpsh
	 * keeps no default settings apart.  `inactive` is the configuration
	 * of offline boards, of which there are none. */
	if (parser_kw(m, "inactive")) {
		o->sel = SEL_NONE;
	} else if (parser_kw(m, "configuration")) {
		const parser_value *v;
		if (parser_kw(m, "bgp")) {
			o->sel = SEL_PREFIX;
			o->prefix = "bgp";
		} else if (parser_kw(m, "interface")) {
			o->sel = SEL_PREFIX;
			o->prefix = "interface";
			if ((v = parser_arg_get(m, "interface-name")) != NULL) {
				if (v->canon[0])
					snprintf(ifname, sizeof ifname, "%s", v->canon);
				else
					snprintf(ifname, sizeof ifname, "%s", v->str);
				o->instance = ifname;
			}
		} else if (parser_kw(m, "vpn-instance")) {
			o->sel = SEL_PREFIX;
			o->prefix = "ip vpn-instance";
			if ((v = parser_arg_get(m, "vpn-instance-name")) != NULL)
				o->instance = v->str;
		} else if (parser_kw(m, "system")) {
			o->sel = SEL_SYSTEM;
		}
	}
	cfg_render(s->db, CFG_RUNNING, out_emit, o);
	out_fini(o);
	free(o);
	return 0;
}

/* ---- display this / display configuration candidate ------------------ */

static int h_display_this(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	out *o = malloc(sizeof *o);

	if (!o) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (out_init(o, s, m, err, errlen) != 0) {
		free(o);
		return -1;
	}
	cfg_render_this(s->db, vsh_top(s)->sect, CFG_CANDIDATE, out_emit, o);
	out_fini(o);
	free(o);
	return 0;
}

static int h_display_candidate(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	out *o = malloc(sizeof *o);

	if (!o) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (out_init(o, s, m, err, errlen) != 0) {
		free(o);
		return -1;
	}
	if (parser_kw(m, "merge"))
		cfg_render(s->db, CFG_CANDIDATE, out_emit, o);
	else
		cfg_render_pending(s->db, out_emit, o);
	out_fini(o);
	free(o);
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
	out *o = malloc(sizeof *o);
	char line[256];
	const char *model = model_name(s->model);

	if (!o) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	if (out_init(o, s, m, err, errlen) != 0) {
		free(o);
		return -1;
	}
	note_boot();
	time_t now = time(NULL);
	unsigned long up = now > boot_time ? (unsigned long)(now - boot_time) : 0;
	unsigned long d = up / 86400, h = up / 3600 % 24, min = up / 60 % 60;
	int n;

	/* The first line is what automation looks for to recognise a VRP
	 * device; the "software, Version X (MODEL RELEASE)" and "HUAWEI MODEL
	 * uptime is" lines are what version parsers read. */
	out_line(o, "Huawei Versatile Routing Platform Software",
		 strlen("Huawei Versatile Routing Platform Software"));
	n = snprintf(line, sizeof line, "vrpsh software, Version %s (%s %s)", VRPSH_VERSION,
		     model, VRP_RELEASE);
	out_line(o, line, (size_t)n);
	n = snprintf(line, sizeof line, "HUAWEI %s uptime is %lu day%s, %lu hour%s, %lu minute%s",
		     model, d, plural(d), h, plural(h), min, plural(min));
	out_line(o, line, (size_t)n);
	out_line(o, "", 0);
	n = snprintf(line, sizeof line, "Device model       : %s", model);
	out_line(o, line, (size_t)n);
	if (s->model && model_has_low_latency(s->model)) {
		n = snprintf(line, sizeof line, "Forwarding mode    : %s",
			     s->low_latency ? "low-latency" : "standard");
		out_line(o, line, (size_t)n);
	}
	n = snprintf(line, sizeof line, "Shell              : vrpsh %s", VRPSH_VERSION);
	out_line(o, line, (size_t)n);
	out_fini(o);
	free(o);
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
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS_ALL,
		.fn = h_display_current,
	},
	{
		.pc = { .format = "display this [ include-default ]",
			.help = "Show information\n"
				"Show the configuration of the current view\n"
				"Include default settings",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS_ALL,
		.fn = h_display_this,
	},
	{
		.pc = { .format = "display configuration candidate",
			.help = "Show information\n"
				"Configuration database information\n"
				"Show the configuration changes not yet committed",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS_CONFIG,
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
		.views = VIEWS_CONFIG,
		.fn = h_display_candidate,
	},
	{
		.pc = { .format = "display version",
			.help = "Show information\n"
				"Show the software version and the device model",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS_ALL,
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
