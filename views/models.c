/* The device models vrpsh can stand in for, in one table.
 *
 * The universe is the CloudEngine models named by the reference's
 * "supported only on" note (every page with such a note names the same 23
 * models) plus CE8865, CE8865-SAN and CE8875, which that note leaves out.
 * CE6885-LL runs in a standard or a low-latency forwarding mode; the note
 * includes it in standard mode only.
 *
 * Port layouts: the reference names ports only in examples (10GE1/0/1,
 * 100GE1/0/1 ...), never a model's front panel.  The layouts below follow
 * each model's usual fixed configuration (the suffix of the full product
 * name: 48S6CQ = 48 SFP + 6 QSFP28, ...) and number every port type from 1
 * on slot 1, card 0, as CloudEngine fixed switches do.  They are
 * approximations: good enough to tell an existing port from a missing one,
 * not a catalogue.  Every model also has the management port MEth0/0/0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models.h"

#define MF_IPV6_VPN 0x01u /* in the ipv6-vpn set (standard forwarding mode) */
#define MF_LOW_LATENCY 0x02u /* has a low-latency forwarding mode */

#define MAX_GROUPS 4

struct vsh_model {
	const char *name;
	unsigned flags;
	size_t ngroups;
	model_port_group ports[MAX_GROUPS];
};

#define MGMT { "MEth", 0, 0, 0, 0 }
#define PORTS(type, n) { type, 1, 0, 1, n }

/* 48 x 10GE + 6 x 100GE (CE6881H-48S6CQ and relatives). */
#define L_10G48_100G6 3, { PORTS("10GE", 48), PORTS("100GE", 6), MGMT }
/* 48 x 10GE + 8 x 100GE. */
#define L_10G48_100G8 3, { PORTS("10GE", 48), PORTS("100GE", 8), MGMT }
/* 48 x 25GE + 6 x 100GE. */
#define L_25G48_100G6 3, { PORTS("25GE", 48), PORTS("100GE", 6), MGMT }
/* 48 x 25GE + 8 x 100GE. */
#define L_25G48_100G8 3, { PORTS("25GE", 48), PORTS("100GE", 8), MGMT }
/* 32 x 100GE + 4 x 400GE. */
#define L_100G32_400G4 3, { PORTS("100GE", 32), PORTS("400GE", 4), MGMT }
/* 32 x 100GE + 8 x 400GE. */
#define L_100G32_400G8 3, { PORTS("100GE", 32), PORTS("400GE", 8), MGMT }
/* 64 x 100GE. */
#define L_100G64 2, { PORTS("100GE", 64), MGMT }
/* 32 x 400GE. */
#define L_400G32 2, { PORTS("400GE", 32), MGMT }

static const struct vsh_model models[] = {
	{ "CE6863H", MF_IPV6_VPN, L_25G48_100G6 },
	{ "CE6863H-K", MF_IPV6_VPN, L_25G48_100G6 },
	{ "CE6860-SAN", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6866K", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6866", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6860-HAM", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6855-48XS8CQ", MF_IPV6_VPN, L_10G48_100G8 },
	{ "CE6885-SAN", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE8850-SAN", MF_IPV6_VPN, L_100G64 },
	{ "CE8855", MF_IPV6_VPN, L_100G32_400G4 },
	{ "CE8851-32CQ4BQ", MF_IPV6_VPN, L_100G32_400G4 },
	{ "CE8851K", MF_IPV6_VPN, L_100G32_400G4 },
	{ "CE8851-32CQ8DQ-P", MF_IPV6_VPN, L_100G32_400G8 },
	{ "CE8850-HAM", MF_IPV6_VPN, L_100G64 },
	{ "CE6881H", MF_IPV6_VPN, L_10G48_100G6 },
	{ "CE6881H-K", MF_IPV6_VPN, L_10G48_100G6 },
	{ "CE6820H", MF_IPV6_VPN, L_10G48_100G6 },
	{ "CE6820H-K", MF_IPV6_VPN, L_10G48_100G6 },
	{ "CE6820S", MF_IPV6_VPN, L_10G48_100G6 },
	{ "CE6885", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6885-T", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE6885-LL", MF_IPV6_VPN | MF_LOW_LATENCY, L_25G48_100G8 },
	{ "CE6863E-48S8CQ", MF_IPV6_VPN, L_25G48_100G8 },
	{ "CE8865", 0, L_100G64 },
	{ "CE8865-SAN", 0, L_100G64 },
	{ "CE8875", 0, L_400G32 },
};

#define NMODELS (sizeof models / sizeof models[0])
#define DEFAULT_MODEL 14 /* CE6881H */

const vsh_model *model_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NMODELS; i++)
		if (strcasecmp(models[i].name, name) == 0)
			return &models[i];
	return NULL;
}

const vsh_model *model_default(void)
{
	return &models[DEFAULT_MODEL];
}

const char *model_name(const vsh_model *m)
{
	return m ? m->name : NULL;
}

const char *model_nth(size_t i)
{
	return i < NMODELS ? models[i].name : NULL;
}

size_t model_count(void)
{
	return NMODELS;
}

bool model_has_low_latency(const vsh_model *m)
{
	return m && (m->flags & MF_LOW_LATENCY);
}

bool model_set_known(const char *set)
{
	return set && (strcmp(set, MODELS_IPV6_VPN) == 0 || strcmp(set, MODELS_UNDO_PORTSWITCH) == 0 ||
		       strcmp(set, MODELS_NO_IPV6_VPN) == 0);
}

bool model_in_set(const vsh_model *m, bool low_latency, const char *set)
{
	if (!set)
		return true;
	if (!m)
		return false;
	/* Only a model that has the mode can run in it. */
	bool ll = low_latency && (m->flags & MF_LOW_LATENCY);
	if (strcmp(set, MODELS_IPV6_VPN) == 0)
		return (m->flags & MF_IPV6_VPN) && !ll;
	if (strcmp(set, MODELS_UNDO_PORTSWITCH) == 0)
		return !ll;
	if (strcmp(set, MODELS_NO_IPV6_VPN) == 0)
		return !(m->flags & MF_IPV6_VPN) || ll;
	return false;
}

_Static_assert(NMODELS == MODEL_BIT_LL, "one availability bit per model, then low latency");

uint32_t model_bit(const vsh_model *m, bool low_latency)
{
	if (!m)
		return 0;
	if (low_latency && (m->flags & MF_LOW_LATENCY))
		return UINT32_C(1) << MODEL_BIT_LL;
	return UINT32_C(1) << (m - models);
}

uint32_t model_set_bits(const char *set)
{
	uint32_t bits = 0;

	if (!set)
		return MODEL_BITS_ALL;
	if (!model_set_known(set))
		return 0;
	for (size_t i = 0; i < NMODELS; i++) {
		if (model_in_set(&models[i], false, set))
			bits |= model_bit(&models[i], false);
		if ((models[i].flags & MF_LOW_LATENCY) && model_in_set(&models[i], true, set))
			bits |= model_bit(&models[i], true);
	}
	return bits;
}

#define LL_SUFFIX "(low-latency)"

uint32_t model_ref_bits(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	bool ll = n > strlen(LL_SUFFIX) && strcmp(name + n - strlen(LL_SUFFIX), LL_SUFFIX) == 0;

	if (ll)
		n -= strlen(LL_SUFFIX);
	for (size_t i = 0; i < NMODELS; i++)
		if (strlen(models[i].name) == n && strncasecmp(models[i].name, name, n) == 0)
			return ll ? ((models[i].flags & MF_LOW_LATENCY) ? model_bit(&models[i], true) : 0)
				  : model_bit(&models[i], false);
	return 0;
}

size_t model_bits_names(uint32_t bits, char *buf, size_t buflen)
{
	size_t len = 0;

	if (buflen)
		buf[0] = '\0';
	for (size_t i = 0; i <= NMODELS; i++) {
		if (!(bits & (UINT32_C(1) << i)))
			continue;
		const char *nm = i < NMODELS ? models[i].name : "CE6885-LL (low latency mode)";
		int w = snprintf(buf + len, len < buflen ? buflen - len : 0, "%s%s", len ? ", " : "",
				 nm);
		if (w > 0)
			len += (size_t)w;
	}
	return len < buflen ? len : (buflen ? buflen - 1 : 0);
}

size_t model_ports(const vsh_model *m, const model_port_group **out)
{
	if (!m) {
		if (out)
			*out = NULL;
		return 0;
	}
	if (out)
		*out = m->ports;
	return m->ngroups;
}

bool model_has_port(const vsh_model *m, const char *iftype_name, const uint32_t n[IF_NUM_MAX])
{
	if (!m || !iftype_name || !n)
		return false;
	for (size_t i = 0; i < m->ngroups; i++) {
		const model_port_group *g = &m->ports[i];
		if (strcasecmp(g->iftype, iftype_name) != 0)
			continue;
		if (n[0] == g->slot && n[1] == g->card && n[2] >= g->first && n[2] <= g->last)
			return true;
	}
	return false;
}

/* Board types (the product names on the front panel) of the models whose
 * names the reference lists with the suffix of their fixed configuration;
 * the other models' board type is the model name. */
static const struct {
	const char *model, *board;
} boards[] = {
	{ "CE6863H", "CE6863H-48S6CQ" },     { "CE6863H-K", "CE6863H-48S6CQ-K" },
	{ "CE6866", "CE6866-48S8CQ-P" },     { "CE6866K", "CE6866-48S8CQ-K" },
	{ "CE8851K", "CE8851-32CQ8DQ-K" },   { "CE8855", "CE8855-32CQ4BQ" },
	{ "CE6881H", "CE6881H-48S6CQ" },     { "CE6881H-K", "CE6881H-48S6CQ-K" },
	{ "CE6820H", "CE6820H-48S6CQ" },     { "CE6820H-K", "CE6820H-48S6CQ-K" },
	{ "CE6820S", "CE6820S-48S6CQ" },     { "CE6885", "CE6885-48YS8CQ" },
	{ "CE6885-T", "CE6885-48YS8CQ-T" },  { "CE6885-SAN", "CE6885-SAN-56F" },
	{ "CE6885-LL", "CE6885-LL-56F" },
};

const char *model_board_type(const vsh_model *m)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < sizeof boards / sizeof boards[0]; i++)
		if (strcmp(boards[i].model, m->name) == 0)
			return boards[i].board;
	return m->name;
}

size_t model_port_layout(const vsh_model *m, char *buf, size_t buflen)
{
	size_t len = 0;

	if (buflen)
		buf[0] = '\0';
	for (size_t i = 0; m && i < m->ngroups; i++) {
		const model_port_group *g = &m->ports[i];
		int w;
		if (g->first == g->last)
			w = snprintf(buf + len, len < buflen ? buflen - len : 0, "%s%s%u/%u/%u",
				     i ? ", " : "", g->iftype, g->slot, g->card, g->first);
		else
			w = snprintf(buf + len, len < buflen ? buflen - len : 0, "%s%s%u/%u/%u-%u",
				     i ? ", " : "", g->iftype, g->slot, g->card, g->first, g->last);
		if (w > 0)
			len += (size_t)w;
	}
	return len < buflen ? len : (buflen ? buflen - 1 : 0);
}
