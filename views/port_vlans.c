/* The VLAN lists of a Layer 2 port: `port trunk allow-pass vlan` and
 * `port hybrid tagged|untagged vlan`, with their undo forms.  Each is one
 * set of VLANs per port however many commands built it, as on the device:
 * a trunk allows VLAN 1 until `undo port trunk allow-pass vlan 1` and the
 * VLANs added; a hybrid port's VLAN is tagged or untagged, whichever was
 * typed last; `undo port hybrid vlan` takes VLANs out of both.  The lists
 * show in ascending order with runs as "A to B", ten items a line (what
 * one command takes everywhere), and `undo port trunk allow-pass vlan 1`
 * when VLAN 1 is out. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "gen/gen.h"
#include "generic.h"
#include "vlanlist.h"

#define ITEMS 10
#define PORT_LINE_MAX 200

enum { TRUNK, TAGGED, UNTAGGED, TRUNK_OFF, NLIST };

/* The lines' texts before the list, and the Formats whose rows give the
 * lines their places (the generated order of their commands). */
static const struct list_kind {
	const char *prefix;
	const char *format;
} kinds[NLIST] = {
	[TRUNK] = { "port trunk allow-pass vlan ", "port trunk allow-pass vlan { " },
	[TAGGED] = { "port hybrid tagged vlan ", "port hybrid tagged vlan { " },
	[UNTAGGED] = { "port hybrid untagged vlan ", "port hybrid untagged vlan { " },
	[TRUNK_OFF] = { "undo port trunk allow-pass vlan ", "undo port trunk allow-pass vlan { " },
};

static uint32_t kind_cls[NLIST];
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;

static void cls_init(void)
{
	for (uint32_t i = 0; i < gen_ncmds; i++)
		for (int k = 0; k < NLIST; k++)
			if (!kind_cls[k] && strncmp(gen_str + gen_cmds[i].format, kinds[k].format,
						   strlen(kinds[k].format)) == 0)
				kind_cls[k] = gen_cmds[i].ord_sub;
}

typedef struct port_lists {
	unsigned char on[NLIST][VLAN_MAX + 1];
	view_line_list old;              /* the port's present list lines */
	unsigned char ids[VLAN_MAX + 1]; /* the command's */
	char text[PORT_LINE_MAX];
} port_lists;

/* The port's list lines, their VLANs marked in p->on. */
static void collect(vsh_session *s, cfg_entry *sect, port_lists *p)
{
	const char *prefixes[NLIST + 1];

	for (int k = 0; k < NLIST; k++)
		prefixes[k] = kinds[k].prefix;
	prefixes[NLIST] = NULL;
	view_lines_prefixed_any(s, sect, prefixes, &p->old);
	for (size_t i = 0; i < p->old.n; i++) {
		const char *t = view_line_text(p->old.v[i]);
		for (int k = 0; k < NLIST; k++) {
			size_t n = strlen(kinds[k].prefix);
			if (strncmp(t, kinds[k].prefix, n) == 0) {
				view_vlan_mark(p->on[k], t + n);
				break;
			}
		}
	}
}

static bool has_kw(const parser_match *m, const char *kw)
{
	for (int i = 0; i < m->args.n; i++)
		if (m->args.a[i].keyword && strcmp(m->args.a[i].name, kw) == 0)
			return true;
	return false;
}

/* on[i] = v for each marked ID (ids[i] 1): run by run, since a command
 * names a few IDs or ranges of the 4094. */
static void set_ids(unsigned char *on, const unsigned char *ids, unsigned char v)
{
	const unsigned char *p = ids + 1, *end = ids + VLAN_MAX + 1;

	while (p < end && (p = memchr(p, 1, (size_t)(end - p))) != NULL) {
		const unsigned char *q = memchr(p, 0, (size_t)(end - p));
		if (!q)
			q = end;
		memset(on + (p - ids), v, (size_t)(q - p));
		p = q;
	}
}

/* The command's change of the port's sets. */
static void change(port_lists *p, bool trunk, bool undo, const parser_match *m,
		   const unsigned char *ids)
{
	if (trunk) {
		set_ids(p->on[TRUNK], ids, !undo);
		return;
	}
	bool tagged = has_kw(m, "tagged"), untagged = has_kw(m, "untagged");
	if (undo) {
		/* no keyword: out of both lists */
		if (tagged || !untagged)
			set_ids(p->on[TAGGED], ids, 0);
		if (untagged || !tagged)
			set_ids(p->on[UNTAGGED], ids, 0);
		return;
	}
	set_ids(p->on[tagged ? TAGGED : UNTAGGED], ids, 1);
	set_ids(p->on[tagged ? UNTAGGED : TAGGED], ids, 0);
}

static int write_list(vsh_session *s, cfg_entry *sect, port_lists *p, int k, char *err,
		      size_t errlen)
{
	unsigned from = 1, n = 0;
	size_t pl = strlen(kinds[k].prefix);

	memcpy(p->text, kinds[k].prefix, pl);
	while (view_vlan_format(p->on[k], &from, ITEMS, p->text + pl, sizeof p->text - pl)) {
		cfg_order ord = { kind_cls[k], ++n, 0 };
		cfg_entry *e;
		if (view_line_set(s, sect, p->text, strlen(p->text), ord, 0, &e, err, errlen) != 0)
			return -1;
		cfg_set_order(s->db, e, ord);
	}
	return 0;
}

static int apply(vsh_session *s, const parser_match *m, bool trunk, bool undo, port_lists *p,
		 char *err, size_t errlen)
{
	cfg_entry *sect = view_line_sect(s);

	if (view_vlan_typed(m, p->ids, err, errlen) != 0)
		return -1;
	collect(s, sect, p);
	if (p->old.oom)
		return view_fail(err, errlen, "Error: Out of memory.");
	/* a trunk is in VLAN 1 unless a kept undo line took it out */
	p->on[TRUNK][1] = !p->on[TRUNK_OFF][1];
	change(p, trunk, undo, m, p->ids);
	memset(p->on[TRUNK_OFF], 0, sizeof p->on[TRUNK_OFF]);
	p->on[TRUNK_OFF][1] = !p->on[TRUNK][1];
	p->on[TRUNK][1] = 0;

	for (size_t i = 0; i < p->old.n; i++)
		cfg_delete(s->db, p->old.v[i]);
	pthread_once(&cls_once, cls_init);
	for (int k = 0; k < NLIST; k++)
		if (write_list(s, sect, p, k, err, errlen) != 0)
			return -1;
	return 0;
}

int view_port_vlans(vsh_session *s, const parser_match *m, const struct gen_cmd *r, bool undo,
		    char *err, size_t errlen)
{
	port_lists *p = calloc(1, sizeof *p);
	if (!p)
		return view_fail(err, errlen, "Error: Out of memory.");
	bool trunk = strncmp(gen_str + r->title, "port trunk", 10) == 0;
	int rc = apply(s, m, trunk, undo, p, err, errlen);
	free(p->old.v);
	free(p);
	return rc;
}
