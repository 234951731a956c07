/* The BGP configuration's layout as vrp-sockd needs it (bgpconf.h).
 * Names are read as the lexer reads them (quotes removed) and must be
 * names the protocol carries; the AS number is read with the parameter
 * type of the `bgp` command. */
#include <string.h>

#include "../parser/ptype.h"
#include "bgpconf.h"

/* The sections of a BGP process that define peers: the words before the
 * VPN instance's name, and the family they give their peers. */
static const struct vpn_sect {
	enum vrpsock_sect kind;
	const char *prefix;
	int nwords;
	uint8_t fam;
} vpn_sects[] = {
	{ VRPSOCK_SECT_VPNI, "vpn-instance ", 1, 0 },
	{ VRPSOCK_SECT_VPN4, "ipv4-family vpn-instance ", 2, VRPSOCK_FAM_IPV4 },
	{ VRPSOCK_SECT_VPN6, "ipv6-family vpn-instance ", 2, VRPSOCK_FAM_IPV6 },
};

static bool starts(const char *t, const char *prefix)
{
	return strncmp(t, prefix, strlen(prefix)) == 0;
}

static bool split(const char *t, lex_line *lex)
{
	return lex_split(t, strlen(t), lex, NULL) == LEX_OK;
}

bool vrpsock_word_is(const lex_line *lex, int i, const char *kw)
{
	return i < lex->ntok && !lex->tok[i].quoted && strcmp(lex->tok[i].text, kw) == 0;
}

bool vrpsock_name_copy(int attr, const char *name, char *dst, size_t cap)
{
	size_t n = strlen(name);
	if (n >= cap || !vrpsock_name_ok(attr, name))
		return false;
	memcpy(dst, name, n + 1);
	return true;
}

/* "bgp AS" or "bgp AS instance NAME". */
static enum vrpsock_sect read_proc(const char *proc, lex_line *lex, vrpsock_scope *sc)
{
	parser_value v;

	if (!starts(proc, "bgp ") || !split(proc, lex) || !vrpsock_word_is(lex, 0, "bgp") ||
	    lex->ntok < 2 || !ptype_parse(&pt_asn, &lex->tok[1], NULL, &v))
		return VRPSOCK_SECT_NONE;
	sc->local_as = (uint32_t)v.u;
	sc->inst[0] = sc->vpn[0] = '\0';
	sc->fam = 0;
	if (lex->ntok == 2)
		return VRPSOCK_SECT_PROC;
	if (lex->ntok == 4 && vrpsock_word_is(lex, 2, "instance") &&
	    vrpsock_name_copy(VRPSOCK_A_BGP_INSTANCE, lex->tok[3].text, sc->inst, sizeof sc->inst))
		return VRPSOCK_SECT_INST;
	return VRPSOCK_SECT_NONE;
}

enum vrpsock_sect vrpsock_scope_read(const char *proc, const char *sect, lex_line *lex,
				     vrpsock_scope *sc)
{
	const struct vpn_sect *vs = NULL;

	if (!proc)
		return VRPSOCK_SECT_NONE;
	if (sect) {
		/* most sections are none of these: no lexing for them */
		for (size_t i = 0; i < sizeof vpn_sects / sizeof vpn_sects[0] && !vs; i++)
			if (starts(sect, vpn_sects[i].prefix))
				vs = &vpn_sects[i];
		if (!vs)
			return VRPSOCK_SECT_NONE;
	}
	enum vrpsock_sect k = read_proc(proc, lex, sc);
	if (k == VRPSOCK_SECT_NONE || !vs)
		return k;
	if (!split(sect, lex) || lex->ntok != vs->nwords + 1 || lex->tok[vs->nwords - 1].quoted ||
	    !vrpsock_name_copy(VRPSOCK_A_VPN_INSTANCE, lex->tok[vs->nwords].text, sc->vpn, sizeof sc->vpn))
		return VRPSOCK_SECT_NONE;
	sc->fam = vs->fam;
	return vs->kind;
}

void vrpsock_scope_put(const vrpsock_scope *sc, vrpsock_op *op)
{
	if (sc->inst[0]) {
		op->inst = sc->inst;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_BGP_INSTANCE);
	}
	if (sc->vpn[0]) {
		op->vpn = sc->vpn;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_VPN_INSTANCE);
	}
	if (sc->fam) {
		op->family = sc->fam;
		op->have |= VRPSOCK_HAVE(VRPSOCK_A_FAMILY);
	}
}

const char *vrpsock_if_vpn(const char *line, lex_line *lex)
{
	if (!line || !starts(line, "ip binding vpn-instance ") || !split(line, lex) ||
	    lex->ntok != 4 || lex->tok[2].quoted)
		return NULL;
	return lex->tok[3].text;
}

uint32_t vrpsock_peer_as(uint32_t own, uint32_t group_as, bool group_internal,
			 uint32_t local_as)
{
	if (own)
		return own;
	if (group_as)
		return group_as;
	return group_internal ? local_as : 0;
}
