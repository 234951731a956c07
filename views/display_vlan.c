/* display vlan: every VLAN of the running configuration in the table of
 * the command's reference page.
 *
 * The VLANs: VLAN 1, which the device always has, those of every `vlan
 * batch` line and those with a `vlan N` section, in ascending order.  A
 * VLAN shows its `description` or, without one, the device's default
 * "VLAN 0010"; `mac-address learning disable` and `statistics enable` in
 * its section turn its MAC-LRN and STAT columns.  vrpsh forwards no
 * traffic and has no VLAN types but the common one: every VLAN is an
 * enabled common VLAN of the default property that forwards broadcast,
 * multicast and unknown unicast. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/output.h"
#include "../shell/session.h"
#include "params.h"

#define VLAN_MAX 4094

typedef struct vlan_set {
	vsh_session *s;
	unsigned char on[VLAN_MAX + 1];
	cfg_entry *sect[VLAN_MAX + 1]; /* the `vlan N` section, when there is one */
} vlan_set;

/* Read an unsigned VLAN ID at *p; 0 when there is none or it is out of
 * range. */
static unsigned read_vid(const char **p)
{
	unsigned long v = 0;
	const char *q = *p;

	if (!isdigit((unsigned char)*q))
		return 0;
	while (isdigit((unsigned char)*q)) {
		v = v * 10 + (unsigned long)(*q - '0');
		if (v > VLAN_MAX)
			v = VLAN_MAX + 1;
		q++;
	}
	*p = q;
	return v <= VLAN_MAX ? (unsigned)v : 0;
}

/* "10 20 to 22 30": single IDs and ranges. */
static void add_list(vlan_set *vs, const char *p)
{
	unsigned last = 0;

	while (*p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, "to ", 3) == 0 && last) {
			p += 3;
			unsigned hi = read_vid(&p);
			for (unsigned v = last; hi && v <= hi; v++)
				vs->on[v] = 1;
			last = 0;
			continue;
		}
		unsigned v = read_vid(&p);
		if (!v) {
			while (*p && *p != ' ')
				p++;
			last = 0;
			continue;
		}
		vs->on[v] = 1;
		last = v;
	}
}

static int collect_vlan(void *arg, cfg_entry *e)
{
	vlan_set *vs = arg;
	const char *t = cfg_text(e, CFG_RUNNING);

	if (!t || strncmp(t, "vlan ", 5) != 0)
		return 0;
	t += 5;
	if (strncmp(t, "batch ", 6) == 0) {
		add_list(vs, t + 6);
		return 0;
	}
	const char *p = t;
	unsigned v = read_vid(&p);
	if (v && *p == '\0') {
		vs->on[v] = 1;
		vs->sect[v] = e;
	}
	return 0;
}

struct vlan_attrs {
	char desc[256];
	bool no_learning;
	bool statistics;
};

static int collect_attr(void *arg, cfg_entry *e)
{
	struct vlan_attrs *a = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	const char *d;

	if (!t)
		return 0;
	if (strncmp(t, "description ", 12) == 0) {
		size_t n = view_param_trim(t + 12, &d);
		snprintf(a->desc, sizeof a->desc, "%.*s", (int)n, d);
	} else if (strcmp(t, "mac-address learning disable") == 0) {
		a->no_learning = true;
	} else if (strcmp(t, "statistics enable") == 0) {
		a->statistics = true;
	}
	return 0;
}

static int h_display_vlan(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vlan_set *vs = calloc(1, sizeof *vs);
	size_t total = 0;

	if (!vs) {
		snprintf(err, errlen, "Error: Out of memory.");
		return -1;
	}
	vs->s = s;
	vs->on[1] = 1;
	cfg_foreach_child(s->db, cfg_root(s->db), CFG_RUNNING, collect_vlan, vs);
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o) {
		free(vs);
		return -1;
	}
	for (unsigned v = 1; v <= VLAN_MAX; v++)
		total += vs->on[v];
	vsh_out_printf(o, "The total number of vlans is : %zu", total);
	vsh_out_printf(o, "%-4s %-8s %-7s %-9s %-7s %-7s %-3s %-3s %-3s %s", "VID", "Type",
		       "Status", "Property", "MAC-LRN", "STAT", "BC", "MC", "UC", "Description");
	vsh_out_printf(o, "%.80s", "----------------------------------------"
				   "----------------------------------------");
	for (unsigned v = 1; v <= VLAN_MAX; v++) {
		if (!vs->on[v])
			continue;
		struct vlan_attrs a = { .desc = "" };
		if (vs->sect[v])
			cfg_foreach_child(s->db, vs->sect[v], CFG_RUNNING, collect_attr, &a);
		if (!a.desc[0])
			snprintf(a.desc, sizeof a.desc, "VLAN %04u", v);
		vsh_out_printf(o, "%-4u %-8s %-7s %-9s %-7s %-7s %-3s %-3s %-3s %s", v, "common",
			       "enable", "default", a.no_learning ? "disable" : "enable",
			       a.statistics ? "enable" : "disable", "FWD", "FWD", "FWD", a.desc);
	}
	vsh_out_free(o);
	free(vs);
	return 0;
}

const view_cmd view_cmds_display_vlan[] = {
	{
		.pc = { .format = "display vlan",
			.help = "Show information\n"
				"VLAN information",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_vlan,
	},
	{ .pc = { .format = NULL } },
};
