/* `display local-user` and `display aaa configuration`: the local users of
 * the running configuration with their state, the account lockout policy,
 * and the accounts locked after wrong passwords (views/lockout.h), as the
 * pages display_local-user.md and display_aaa_configuration.md show them.
 *
 * State is B (block) for an account blocked by `state block` or locked out
 * now, A (active) otherwise.  AuthMask letters stand for the access types:
 * F ftp, H http, S ssh, T telnet, C terminal, N snmp, M md-cli; "-" none.
 * BlockTime is when the lock ends. */
#include <stdio.h>
#include <string.h>

#include "aaa.h"
#include "edit.h"
#include "lockout.h"
#include "../store/online.h"
#include "state.h"

#define RULE "  ----------------------------------------------------------------------------\n"

static const struct {
	unsigned bit;
	char letter;
} mask_letters[] = {
	{ VSH_AAA_SVC_FTP, 'F' },      { VSH_AAA_SVC_HTTP, 'H' },   { VSH_AAA_SVC_SSH, 'S' },
	{ VSH_AAA_SVC_TELNET, 'T' },   { VSH_AAA_SVC_TERMINAL, 'C' }, { VSH_AAA_SVC_SNMP, 'N' },
	{ VSH_AAA_SVC_MDCLI, 'M' },
};

static void auth_mask(unsigned services, char *buf)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof mask_letters / sizeof mask_letters[0]; i++)
		if (services & mask_letters[i].bit)
			buf[n++] = mask_letters[i].letter;
	if (n == 0)
		buf[n++] = '-';
	buf[n] = '\0';
}

static const char *state_dir(const vsh_session *s)
{
	return vsh_store_dir(s);
}

/* What a row or a detail needs of one user. */
typedef struct user_view {
	const char *name;
	vsh_aaa_user u;
	vsh_lockout_state lock;
	bool locked;             /* locked out now */
	bool blocked;            /* either way */
} user_view;

static void user_look(vsh_session *s, const vsh_lockout_policy *p, int64_t now, const char *name,
		      user_view *v)
{
	memset(v, 0, sizeof *v);
	v->name = name;
	vsh_aaa_user_get(s->db, name, &v->u);
	const char *dir = state_dir(s);
	v->locked = dir && vsh_lockout_get(dir, name, p, now, &v->lock);
	v->blocked = v->locked || v->u.blocked;
}

static void minutes_left(int64_t secs, char *buf, size_t len)
{
	snprintf(buf, len, "%lld Min(s)", (long long)((secs + 59) / 60));
}

struct listing {
	vsh_session *s;
	vsh_lockout_policy p;
	int64_t now;
	const char *domain;      /* NULL: any */
	const char *username;    /* NULL: any */
	int state;               /* 0 any, 'A' active, 'B' block */
	bool detail;
	unsigned shown;
};

/* The domain of a user name: the part after its last '@', "" for the
 * default domain. */
static const char *domain_of(const char *name)
{
	const char *at = strrchr(name, '@');
	return at ? at + 1 : "";
}

static bool wanted(const struct listing *l, const user_view *v)
{
	if (l->username && strcmp(l->username, v->name) != 0)
		return false;
	if (l->domain) {
		const char *d = domain_of(v->name);
		bool dflt = strcmp(l->domain, "default") == 0 || strcmp(l->domain, "default_admin") == 0;
		if (strcmp(d, l->domain) != 0 && !(dflt && !*d))
			return false;
	}
	return !l->state || (l->state == 'B') == v->blocked;
}

static void detail(struct listing *l, const user_view *v)
{
	vsh_session *s = l->s;
	char mask[16], buf[64];
	int sessions = 0;
	store_online_rec r;

	auth_mask(v->u.services, mask);
	if (s->online)
		for (int slot = 0; slot < STORE_ONLINE_SLOTS; slot++)
			if (store_online_get(s->online, slot, &r) && strcmp(r.user, v->name) == 0)
				sessions++;
	vsh_printf(s, "  The contents of local user(s):\n");
	vsh_printf(s, "  %-21s: %s\n", "Password", v->u.has_password ? "****************" : "-");
	vsh_printf(s, "  %-21s: %s\n", "State", v->blocked ? "block" : "active");
	vsh_printf(s, "  %-21s: %s\n", "Service-type-mask", mask);
	if (v->u.level >= 0)
		vsh_printf(s, "  %-21s: %d\n", "Privilege level", v->u.level);
	else
		vsh_printf(s, "  %-21s: -\n", "Privilege level");
	vsh_printf(s, "  %-21s: %s\n", "Access-limit", v->u.access_limit ? "Yes" : "-");
	if (v->u.access_limit)
		vsh_printf(s, "  %-21s: %u\n", "Access-limit-max", v->u.access_limit);
	vsh_printf(s, "  %-21s: %d\n", "Accessed-num", sessions);
	if (v->u.idle_seconds)
		vsh_printf(s, "  %-21s: %u Min(s) %u Sec(s)\n", "Idle-timeout",
			   v->u.idle_seconds / 60, v->u.idle_seconds % 60);
	else
		vsh_printf(s, "  %-21s: -\n", "Idle-timeout");
	if (v->locked) {
		minutes_left(vsh_lockout_block_left(&v->lock, l->now), buf, sizeof buf);
		vsh_printf(s, "  %-21s: %s\n", "Block-time-left", buf);
	} else if (v->lock.failures && l->p.enabled) {
		int64_t left = v->lock.first + (int64_t)l->p.interval_min * 60 - l->now;
		minutes_left(left > 0 ? left : 0, buf, sizeof buf);
		vsh_printf(s, "  %-21s: %s\n", "Retry-interval", buf);
		vsh_printf(s, "  %-21s: %u\n", "Retry-time-left",
			   vsh_lockout_tries_left(&v->lock, &l->p));
	}
	vsh_printf(s, "  %-21s: %u\n", "Login fail count", v->lock.failures);
}

static int list_one(void *arg, const char *name)
{
	struct listing *l = arg;
	user_view v;
	char mask[16], level[16], until[48] = "";

	user_look(l->s, &l->p, l->now, name, &v);
	if (!wanted(l, &v))
		return 0;
	if (l->detail) {
		if (l->shown)
			vsh_printf(l->s, "\n");
		detail(l, &v);
		l->shown++;
		return 0;
	}
	if (l->shown++ == 0) {
		vsh_printf(l->s, RULE "  %-31s%-7s%-10s%s\n" RULE, "User-name", "State", "AuthMask",
			   l->state == 'B' ? "AdminLevel  BlockTime" : "AdminLevel");
	}
	auth_mask(v.u.services, mask);
	if (v.u.level >= 0)
		snprintf(level, sizeof level, "%d", v.u.level);
	else
		snprintf(level, sizeof level, "-");
	if (l->state == 'B' && v.locked)
		vsh_format_time(v.lock.until, true, until, sizeof until);
	else if (l->state == 'B')
		snprintf(until, sizeof until, "-");
	char row[512];
	int n = snprintf(row, sizeof row, "  %-31s%-7s%-10s%-12s%s", name, v.blocked ? "B" : "A",
			 mask, level, until);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof row ? (size_t)n : sizeof row - 1;
	while (len && row[len - 1] == ' ')
		len--;
	vsh_write(l->s, row, len);
	vsh_write(l->s, "\n", 1);
	return 0;
}

static int h_display_local_user(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	struct listing l = { .s = s, .now = vsh_now() };
	const parser_value *v;

	vsh_aaa_lockout_policy(s->db, CFG_RUNNING, &l.p);
	if ((v = parser_arg_get(m, "user-name")) != NULL)
		l.username = v->str;
	if ((v = parser_arg_get(m, "domain-name")) != NULL)
		l.domain = v->str;
	if (parser_kw(m, "block"))
		l.state = 'B';
	else if (parser_kw(m, "active"))
		l.state = 'A';
	/* A user named: the details; otherwise the list. */
	l.detail = l.username != NULL;
	if (vsh_aaa_users(s->db, list_one, &l) < 0)
		return view_fail(err, errlen, "Error: Out of memory.");
	if (l.username && !l.shown)
		return view_fail(err, errlen, "Error: The local user %s does not exist.", l.username);
	if (!l.detail) {
		if (!l.shown)
			vsh_printf(s, RULE "  %-31s%-7s%-10s%s\n" RULE, "User-name", "State",
				   "AuthMask", l.state == 'B' ? "AdminLevel  BlockTime" : "AdminLevel");
		vsh_printf(s, RULE "  Total %u user(s)\n", l.shown);
	}
	return 0;
}

static int count_user(void *arg, const char *name)
{
	(void)name;
	(*(unsigned *)arg)++;
	return 0;
}

static int h_display_aaa_configuration(vsh_session *s, const parser_match *m, char *err,
				       size_t errlen)
{
	vsh_lockout_policy p;
	unsigned users = 0;

	(void)m, (void)err, (void)errlen;
	vsh_aaa_lockout_policy(s->db, CFG_RUNNING, &p);
	vsh_aaa_users(s->db, count_user, &users);
	vsh_printf(s, "  %-33s: %s\n", "Domain Name Delimiter", "@");
	vsh_printf(s, "  %-33s: used: %u\n", "Local-user", users);
	if (p.enabled) {
		vsh_printf(s, "  %-33s: %u Min(s)\n", "Local-user block retry-interval",
			   p.interval_min);
		vsh_printf(s, "  %-33s: %u\n", "Local-user block retry-time", p.tries);
		vsh_printf(s, "  %-33s: %u Min(s)\n", "Local-user block time", p.block_min);
	} else {
		vsh_printf(s, "  %-33s: -\n", "Local-user block retry-interval");
		vsh_printf(s, "  %-33s: -\n", "Local-user block retry-time");
		vsh_printf(s, "  %-33s: -\n", "Local-user block time");
	}
	return 0;
}

static const ptype pt_user_name = {
	.kind = PT_STRING, .help_token = "STRING<1-253>", .min = 1, .max = 253,
};
static const ptype pt_domain_name = {
	.kind = PT_STRING, .help_token = "STRING<1-64>", .min = 1, .max = 64,
};

static const parser_param display_params[] = {
	{ "user-name", &pt_user_name, NULL },
	{ "domain-name", &pt_domain_name, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_aaa[] = {
	{
		.pc = { .format = "display local-user [ domain <domain-name> | username <user-name> | "
				  "state { active | block } ] *",
			.help = "Display information\n"
				"Local users and their state\n"
				"The users of a domain\n"
				"Domain name (default: the users without a domain)\n"
				"One user, in detail\n"
				"User name\n"
				"The users in one state\n"
				"Users that may log in\n"
				"Users that are blocked or locked after wrong passwords",
			.params = display_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_local_user,
	},
	{
		.pc = { .format = "display aaa configuration",
			.help = "Display information\n"
				"AAA information\n"
				"The AAA settings in brief",
			.level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_aaa_configuration,
	},
	{ .pc = { .format = NULL } },
};
