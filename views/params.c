/* Parameter types of the interface, VPN-instance and BGP tables, and the
 * canonical spelling of values in configuration lines. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "params.h"

const ptype view_pt_group_name = {
	.kind = PT_STRING, .help_token = "STRING<1-47>", .min = 1, .max = 47,
	.flags = PTF_QUOTE_SPACES,
};

const ptype view_pt_vpn_name = {
	.kind = PT_STRING, .help_token = "STRING<1-31>", .min = 1, .max = 31,
	.flags = PTF_QUOTE_SPACES,
};

const ptype view_pt_bgp_inst_name = {
	.kind = PT_STRING, .help_token = "STRING<1-31>", .min = 1, .max = 31,
	.flags = PTF_QUOTE_SPACES,
};

const ptype view_pt_if_description = {
	.kind = PT_STRING, .help_token = "STRING<1-242>", .min = 1, .max = 242,
	.flags = PTF_REST_OF_LINE,
};

const ptype view_pt_peer_description = {
	.kind = PT_STRING, .help_token = "STRING<1-255>", .min = 1, .max = 255,
	.flags = PTF_REST_OF_LINE,
};

const ptype view_pt_hop_count = {
	.kind = PT_UINT, .help_token = "INTEGER<1-255>", .min = 1, .max = 255,
};

const ptype view_pt_tag = {
	.kind = PT_UINT, .help_token = "INTEGER<1-4294967295>", .min = 1, .max = 4294967295u,
};

size_t view_param_quote(const char *name, char *buf, size_t buflen)
{
	size_t n = 0;
	bool q = false;

	/* one pass: copied as it is read (a name with a blank is rare) */
	for (; name[n]; n++) {
		if (n + 1 >= buflen)
			return 0;
		buf[n] = name[n];
		q |= name[n] == ' ' || name[n] == '\t';
	}
	if (!q) {
		if (buflen == 0)
			return 0;
		buf[n] = '\0';
		return n;
	}
	if (n + 3 > buflen)
		return 0;
	memmove(buf + 1, buf, n);
	buf[0] = '"';
	buf[n + 1] = '"';
	buf[n + 2] = '\0';
	return n + 2;
}

bool view_param_vpn_reserved(const char *name)
{
	return strcmp(name, "_public_") == 0;
}

/* RFC 5952 text in upper case (the longest run of two or more zero groups,
 * the first of equal ones, as "::").  Written here rather than with
 * inet_ntop: a large commit names tens of thousands of peers. */
void view_param_ipv6(const struct in6_addr *a, char *buf, size_t buflen)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned w[8];
	int best = -1, bestlen = 1;
	char tmp[INET6_ADDRSTRLEN];
	size_t n = 0;

	for (int i = 0; i < 8; i++)
		w[i] = (unsigned)a->s6_addr[2 * i] << 8 | a->s6_addr[2 * i + 1];
	/* the forms with an IPv4 address inside are inet_ntop's */
	if (!w[0] && !w[1] && !w[2] && !w[3] && !w[4] && (w[5] == 0xffff || (!w[5] && w[6]))) {
		if (!inet_ntop(AF_INET6, a, tmp, sizeof tmp))
			tmp[0] = '\0';
		for (char *p = tmp; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	} else {
		for (int i = 0; i < 8;) {
			int j = i;
			while (j < 8 && w[j] == 0)
				j++;
			if (j - i > bestlen) {
				best = i;
				bestlen = j - i;
			}
			i = j > i ? j : i + 1;
		}
		for (int i = 0; i < 8; i++) {
			if (i == best) {
				tmp[n++] = ':';
				if (i == 0)
					tmp[n++] = ':';
				i += bestlen - 1;
				continue;
			}
			bool lead = true;
			for (int sh = 12; sh >= 0; sh -= 4) {
				unsigned d = (w[i] >> sh) & 0xf;
				if (d || !lead || sh == 0) {
					tmp[n++] = hex[d];
					lead = false;
				}
			}
			if (i < 7)
				tmp[n++] = ':';
		}
		tmp[n] = '\0';
	}
	if (buflen) {
		n = strnlen(tmp, buflen - 1);
		memcpy(buf, tmp, n);
		buf[n] = '\0';
	}
}

static bool parse_u32(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

bool view_param_asn(const char *s, size_t len, uint32_t *out)
{
	const char *dot = memchr(s, '.', len);
	uint64_t hi, lo;

	if (!dot) {
		if (!parse_u32(s, len, 4294967295u, &lo))
			return false;
		*out = (uint32_t)lo;
		return true;
	}
	if (!parse_u32(s, (size_t)(dot - s), 65535, &hi) ||
	    !parse_u32(dot + 1, len - (size_t)(dot - s) - 1, 65535, &lo))
		return false;
	*out = (uint32_t)(hi << 16 | lo);
	return true;
}

size_t view_param_trim(const char *s, const char **start)
{
	while (*s == ' ' || *s == '\t')
		s++;
	*start = s;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* ---- '?' values ------------------------------------------------------ */

struct dyn_walk {
	const char *prefix;
	size_t plen;
	parser_emit_fn emit;
	void *arg;
	const char *help;
};

/* Emit the word following the prefix of each matching line: "group NAME
 * TYPE" gives NAME; "ip vpn-instance NAME" gives NAME.  Quoted names are
 * offered with their quotes, as they must be typed. */
static int dyn_visit(void *arg, cfg_entry *e)
{
	struct dyn_walk *w = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);
	char name[VIEW_NAME_MAX];
	size_t n;

	if (!t || strncmp(t, w->prefix, w->plen) != 0)
		return 0;
	t += w->plen;
	if (*t == '"') {
		const char *q = strchr(t + 1, '"');
		n = q ? (size_t)(q - t) + 1 : strlen(t);
	} else {
		n = strcspn(t, " ");
	}
	if (n == 0 || n >= sizeof name)
		return 0;
	memcpy(name, t, n);
	name[n] = '\0';
	w->emit(w->arg, name, w->help);
	return 0;
}

void view_dyn_vpn_instances(void *ctx, const struct parser_args *bound, parser_emit_fn emit,
			    void *arg)
{
	vsh_session *s = ctx;
	(void)bound;
	if (!s)
		return;
	view_dyn_names(s->db, cfg_root(s->db), "ip vpn-instance ", "VPN instance name", emit, arg);
}

void view_dyn_names(cfg_db *db, cfg_entry *parent, const char *prefix, const char *help,
		    parser_emit_fn emit, void *arg)
{
	struct dyn_walk w = { prefix, strlen(prefix), emit, arg, help };
	cfg_foreach_child(db, parent, CFG_CANDIDATE, dyn_visit, &w);
}
