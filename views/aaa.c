/* The `aaa` view and its local users: password (stored as a one-way hash),
 * access types, privilege level, idle timeout, connection limit and
 * state; and the look-ups the login front ends make.
 *
 * Layout in the configuration tree: the `aaa` section exists without
 * configuration (entering it changes nothing) and holds one line per user
 * and setting:
 *   local-user NAME password irreversible-cipher HASH
 *   local-user NAME access-limit N
 *   local-user NAME idle-timeout MIN SEC
 *   local-user NAME service-type telnet ssh
 *   local-user NAME privilege level N
 *   local-user NAME state block
 * The identity of a line is everything up to and including its setting's
 * keyword(s).  Users sort by name (the first eight bytes make the order
 * key), a user's lines in the order above. */
#include <crypt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa.h"
#include "../parser/cipher.h"
#include "edit.h"
#include "lockout.h"
#include "order.h"
#include "state.h"

#define USER_MAX 253
#define PASSWORD_MIN 8
#define PASSWORD_MAX 128
#define LINE_MAX_AAA (USER_MAX + 256)

enum { SUB_PASSWORD = 1, SUB_ACCESS_LIMIT, SUB_IDLE, SUB_SERVICE, SUB_LEVEL, SUB_STATE };

static const ptype pt_user_name = {
	.kind = PT_STRING, .help_token = "STRING<1-253>", .min = 1, .max = USER_MAX,
};
static const ptype pt_password = {
	.kind = PT_STRING, .help_token = "STRING<8-128>", .min = PASSWORD_MIN, .max = PASSWORD_MAX,
	.flags = PTF_QUOTE_SPACES | PTF_CIPHER, /* device ciphertexts hold '"' */
};
static const ptype pt_access_limit = {
	.kind = PT_UINT, .help_token = "INTEGER<1-4294967295>", .min = 1, .max = 4294967295u,
};
static const ptype pt_minutes = {
	.kind = PT_UINT, .help_token = "INTEGER<0-35791>", .min = 0, .max = 35791,
};
static const ptype pt_seconds = {
	.kind = PT_UINT, .help_token = "INTEGER<0-59>", .min = 0, .max = 59,
};
static const ptype pt_level = {
	.kind = PT_UINT, .help_token = "INTEGER<0-3>", .min = 0, .max = 3,
};

static const parser_param user_params[] = {
	{ "user-name", &pt_user_name, NULL },
	{ "ir-password", &pt_password, NULL },
	{ "max-number", &pt_access_limit, NULL },
	{ "minutes", &pt_minutes, NULL },
	{ "seconds", &pt_seconds, NULL },
	{ "level", &pt_level, NULL },
	{ NULL, NULL, NULL },
};

static const ptype pt_retry_interval = {
	.kind = PT_UINT, .help_token = "INTEGER<5-65535>", .min = 5, .max = 65535,
};
static const ptype pt_retry_time = {
	.kind = PT_UINT, .help_token = "INTEGER<3-65535>", .min = 3, .max = 65535,
};
static const ptype pt_block_time = {
	.kind = PT_UINT, .help_token = "INTEGER<5-65535>", .min = 5, .max = 65535,
};

static const parser_param lockout_params[] = {
	{ "retry-interval", &pt_retry_interval, NULL },
	{ "retry-time", &pt_retry_time, NULL },
	{ "block-time", &pt_block_time, NULL },
	{ NULL, NULL, NULL },
};

/* Access types in the order the configuration shows them. */
static const struct {
	const char *kw;
	unsigned bit;
} services[] = {
	{ "http", VSH_AAA_SVC_HTTP },         { "ftp", VSH_AAA_SVC_FTP },
	{ "ssh", VSH_AAA_SVC_SSH },           { "telnet", VSH_AAA_SVC_TELNET },
	{ "terminal", VSH_AAA_SVC_TERMINAL }, { "snmp", VSH_AAA_SVC_SNMP },
	{ "md-cli", VSH_AAA_SVC_MDCLI },
};
#define NSERVICES (sizeof services / sizeof services[0])

/* ---- password hashes ------------------------------------------------- */

static const char *const hash_prefixes[] = { "$y$", "$6$" };

int vsh_aaa_hash(const char *clear, char *out, size_t outlen)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd = calloc(1, sizeof *cd);
	int rc = -1;

	if (!cd)
		return -1;
	for (size_t i = 0; i < sizeof hash_prefixes / sizeof hash_prefixes[0] && rc; i++) {
		if (!crypt_gensalt_rn(hash_prefixes[i], 0, NULL, 0, salt, sizeof salt))
			continue;
		const char *h = crypt_rn(clear, salt, cd, sizeof *cd);
		if (!h || h[0] == '*' || strlen(h) >= outlen)
			continue;
		strcpy(out, h);
		rc = 0;
	}
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return rc;
}

/* The form of a stored hash, without hashing anything: a known method and
 * the characters crypt(3) writes.  (vsh_aaa_is_hash checks a typed hash
 * fully; a stored one was checked when it was set, and a login pays for
 * one hash only.) */
static bool hash_shaped(const char *s)
{
	bool known = false;

	for (size_t i = 0; i < sizeof hash_prefixes / sizeof hash_prefixes[0]; i++)
		known |= strncmp(s, hash_prefixes[i], 3) == 0;
	return known && strlen(s) <= PASSWORD_MAX &&
	       strspn(s, "./0123456789$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") ==
		       strlen(s);
}

bool vsh_aaa_is_hash(const char *s)
{
	if (!hash_shaped(s))
		return false;
	struct crypt_data *cd = calloc(1, sizeof *cd);
	if (!cd)
		return false;
	const char *h = crypt_rn("", s, cd, sizeof *cd);
	/* A full hash: crypt(3) accepts it as a setting, and the result has
	 * the same shape (salt and hash parts). */
	bool ok = h && h[0] != '*' && strlen(h) == strlen(s) &&
		  strncmp(h, s, (size_t)(strrchr(s, '$') - s)) == 0;
	free(cd);
	return ok;
}

/* A device ciphertext (parser/cipher.h) within the given length bounds:
 * vrpsh keeps such a text as it was written and cannot check a password
 * against it. */
bool vsh_aaa_is_device_cipher(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	return n >= min && n <= max && parser_is_device_cipher(s, n);
}

bool vsh_aaa_check(const char *hash, const char *clear)
{
	struct crypt_data *cd;

	if (!hash || !clear || !hash_shaped(hash) || !(cd = calloc(1, sizeof *cd)))
		return false;
	const char *h = crypt_rn(clear, hash, cd, sizeof *cd);
	bool ok = false;
	if (h && h[0] != '*') {
		size_t n = strlen(hash);
		unsigned diff = strlen(h) != n;
		for (size_t i = 0; i < n && h[i]; i++)
			diff |= (unsigned char)(h[i] ^ hash[i]);
		ok = diff == 0;
	}
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return ok;
}

/* ---- configuration lines --------------------------------------------- */

static cfg_entry *aaa_section(cfg_db *db, enum cfg_side side)
{
	return cfg_get(db, cfg_root(db), "aaa", 3, side);
}

/* Users sort by name: the order key is the name's first eight bytes. */
static cfg_order user_order(const char *name, unsigned sub)
{
	uint64_t key = 0;
	size_t n = strlen(name);

	for (size_t i = 0; i < 8; i++)
		key = key << 8 | (i < n ? (unsigned char)name[i] : 0);
	return (cfg_order){ ORD_AAA, key, sub };
}

/* "local-user NAME SETTING" into buf; the length, 0 when it does not fit. */
static size_t user_id(char *buf, size_t len, const char *name, const char *setting)
{
	int n = snprintf(buf, len, "local-user %s %s", name, setting);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

static const char *user_text(cfg_db *db, cfg_entry *aaa, const char *name, const char *setting,
			     enum cfg_side side)
{
	char id[LINE_MAX_AAA];
	size_t n = user_id(id, sizeof id, name, setting);
	cfg_entry *e = n && aaa ? cfg_get(db, aaa, id, n, side) : NULL;
	const char *t = e ? cfg_text(e, side) : NULL;

	return t ? t + n + (t[n] == ' ') : NULL; /* the value after the identity */
}

bool vsh_aaa_user_get(cfg_db *db, const char *name, vsh_aaa_user *out)
{
	cfg_entry *aaa = aaa_section(db, CFG_RUNNING);
	const char *t;
	bool any = false;

	memset(out, 0, sizeof *out);
	out->level = -1;
	if (!aaa || !name || !*name || strlen(name) > USER_MAX)
		return false;
	if ((t = user_text(db, aaa, name, "password", CFG_RUNNING)) != NULL)
		any = out->has_password = true;
	if ((t = user_text(db, aaa, name, "privilege level", CFG_RUNNING)) != NULL) {
		any = true;
		out->level = atoi(t);
	}
	if ((t = user_text(db, aaa, name, "service-type", CFG_RUNNING)) != NULL) {
		any = true;
		for (size_t i = 0; i < NSERVICES; i++) {
			size_t kl = strlen(services[i].kw);
			for (const char *p = t; (p = strstr(p, services[i].kw)) != NULL; p += kl)
				if ((p == t || p[-1] == ' ') && (p[kl] == ' ' || p[kl] == '\0'))
					out->services |= services[i].bit;
		}
	}
	if ((t = user_text(db, aaa, name, "state", CFG_RUNNING)) != NULL) {
		any = true;
		out->blocked = strcmp(t, "block") == 0;
	}
	if ((t = user_text(db, aaa, name, "idle-timeout", CFG_RUNNING)) != NULL) {
		unsigned min = 0, sec = 0;
		any = true;
		if (sscanf(t, "%u %u", &min, &sec) >= 1)
			out->idle_seconds = min * 60 + sec;
	}
	if ((t = user_text(db, aaa, name, "access-limit", CFG_RUNNING)) != NULL) {
		any = true;
		out->access_limit = (unsigned)strtoul(t, NULL, 10);
	}
	return any;
}

static const char cipher_form[] = "irreversible-cipher ";

const char *vsh_aaa_password_hash(cfg_db *db, const char *name)
{
	cfg_entry *aaa = aaa_section(db, CFG_RUNNING);
	const char *t = name && *name ? user_text(db, aaa, name, "password", CFG_RUNNING) : NULL;

	if (!t || strncmp(t, cipher_form, sizeof cipher_form - 1) != 0)
		return NULL;
	return t + sizeof cipher_form - 1;
}

bool vsh_aaa_login(cfg_db *db, const char *name, const char *password, unsigned service,
		   vsh_aaa_user *out)
{
	vsh_aaa_user u;

	if (!vsh_aaa_user_get(db, name, &u) || !u.has_password || u.blocked ||
	    !(u.services & service))
		return false;
	const char *hash = vsh_aaa_password_hash(db, name);
	if (!hash || !vsh_aaa_check(hash, password))
		return false;
	if (out)
		*out = u;
	return true;
}

/* ---- account lockout ------------------------------------------------- */

#define LOCKOUT_ID "local-aaa-user wrong-password"
#define LOCKOUT_UNDO "undo " LOCKOUT_ID

static void policy_default(vsh_lockout_policy *p)
{
	*p = (vsh_lockout_policy){ true, VSH_LOCKOUT_INTERVAL_DEFAULT, VSH_LOCKOUT_TRIES_DEFAULT,
				   VSH_LOCKOUT_BLOCK_DEFAULT };
}

void vsh_aaa_lockout_policy(cfg_db *db, enum cfg_side side, vsh_lockout_policy *p)
{
	cfg_entry *aaa = aaa_section(db, side);
	cfg_entry *e;
	const char *t;
	unsigned i, r, b;

	policy_default(p);
	if (!aaa)
		return;
	if (cfg_get(db, aaa, LOCKOUT_UNDO, strlen(LOCKOUT_UNDO), side)) {
		p->enabled = false;
		return;
	}
	e = cfg_get(db, aaa, LOCKOUT_ID, strlen(LOCKOUT_ID), side);
	t = e ? cfg_text(e, side) : NULL;
	if (t && sscanf(t, LOCKOUT_ID " retry-interval %u retry-time %u block-time %u", &i, &r,
			&b) == 3) {
		p->interval_min = i;
		p->tries = r;
		p->block_min = b;
	}
}

/* A password hash to spend the time of a real check on, when there is no
 * user to check: another user's (the same method and cost as a real
 * check), else one of these. */
static const char *const dummy_hashes[] = {
	"$y$j9T$HFTprvSb/rcc3ppPo5eUi0$CmvRQ9Hzu/tbcCYAPZbF4lWmMPyrpnnbIRg8izD2zZ4",
	"$6$ZaTau9K5VHzSqxl8$vU9LCWOmalUN3SSZxBL4t25fAKiYGo4eXHv5Iyp.lp33oKN8zmg5FirdNZVmZvscsJ8E"
	"B2CcTPjOV9r5rFbtk1",
};

struct any_hash {
	const char *hash;
};

static int find_hash(void *arg, cfg_entry *e)
{
	struct any_hash *a = arg;
	const char *t = cfg_text(e, CFG_RUNNING), *sp;
	static const char pw[] = " password irreversible-cipher ";

	if (t && strncmp(t, "local-user ", 11) == 0 && (sp = strstr(t + 11, pw)) != NULL &&
	    !strchr(sp + sizeof pw - 1, ' ') && hash_shaped(sp + sizeof pw - 1)) {
		a->hash = sp + sizeof pw - 1;
		return 1;
	}
	return 0;
}

static const char *dummy_hash(cfg_db *db)
{
	struct any_hash a = { NULL };
	cfg_entry *aaa = aaa_section(db, CFG_RUNNING);

	if (aaa)
		cfg_foreach_child(db, aaa, CFG_RUNNING, find_hash, &a);
	if (a.hash)
		return a.hash;
	struct crypt_data *cd = calloc(1, sizeof *cd);
	const char *h = NULL;
	for (size_t i = 0; cd && !h && i < sizeof dummy_hashes / sizeof dummy_hashes[0]; i++) {
		const char *r = crypt_rn("", dummy_hashes[i], cd, sizeof *cd);
		if (r && r[0] != '*')
			h = dummy_hashes[i]; /* a method this system has */
	}
	free(cd);
	return h ? h : dummy_hashes[0];
}

static int why(char *buf, size_t len, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int why(char *buf, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int vsh_aaa_authenticate(cfg_db *db, const char *dir, const char *name, const char *password,
			 unsigned service, int64_t now, vsh_aaa_user *out, char *reason,
			 size_t rlen)
{
	vsh_aaa_user u;
	vsh_lockout_policy p;
	vsh_lockout_state st;
	char err[256];

	bool known = name && *name && vsh_aaa_user_get(db, name, &u);
	const char *hash = known ? vsh_aaa_password_hash(db, name) : NULL;
	bool foreign = hash && !hash_shaped(hash);
	/* One hash for every answer: a refusal takes as long as a check. */
	bool match = vsh_aaa_check(hash ? hash : dummy_hash(db), password ? password : "") &&
		     hash != NULL;
	if (!name || !*name)
		return why(reason, rlen, VSH_AAA_REFUSED, "no user name");
	if (!known || !hash)
		return why(reason, rlen, VSH_AAA_REFUSED, known ? "no password set" : "unknown user");
	if (u.blocked)
		return why(reason, rlen, VSH_AAA_BLOCKED, "the account is blocked (state block)");
	/* Not a wrong password: nothing to count towards the lockout. */
	if (foreign)
		return why(reason, rlen, VSH_AAA_REFUSED,
			   "the password is a device ciphertext, which cannot be checked here; "
			   "set it again in plain text");
	vsh_aaa_lockout_policy(db, CFG_RUNNING, &p);
	if (dir && vsh_lockout_get(dir, name, &p, now, &st))
		return why(reason, rlen, VSH_AAA_BLOCKED,
			   "the account is locked after wrong passwords, %lld s left",
			   (long long)vsh_lockout_block_left(&st, now));
	if (!match) {
		/* Only a wrong password counts towards the lockout. */
		int rc = dir ? vsh_lockout_fail(dir, name, &p, now, &st, err, sizeof err) : 0;
		if (rc > 0)
			return why(reason, rlen, VSH_AAA_REFUSED,
				   "wrong password; the account is now locked for %u minutes",
				   p.block_min);
		return why(reason, rlen, VSH_AAA_REFUSED, "wrong password%s%s", rc < 0 ? ": " : "",
			   rc < 0 ? err : "");
	}
	if (!(u.services & service))
		return why(reason, rlen, VSH_AAA_REFUSED, "the service type is not allowed");
	if (dir)
		vsh_lockout_clear(dir, name, err, sizeof err);
	if (out)
		*out = u;
	return why(reason, rlen, VSH_AAA_OK, "%s", "");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct user_names {
	char **v;
	size_t n, cap;
	bool oom;
};

static int collect_name(void *arg, cfg_entry *e)
{
	struct user_names *u = arg;
	const char *t = cfg_text(e, CFG_RUNNING);

	if (!t || strncmp(t, "local-user ", 11) != 0)
		return 0;
	t += 11;
	size_t n = strcspn(t, " ");
	if (u->n == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 16;
		char **nv = realloc(u->v, cap * sizeof *nv);
		if (!nv) {
			u->oom = true;
			return 1;
		}
		u->v = nv;
		u->cap = cap;
	}
	if (!(u->v[u->n] = strndup(t, n))) {
		u->oom = true;
		return 1;
	}
	u->n++;
	return 0;
}

int vsh_aaa_users(cfg_db *db, vsh_aaa_user_fn fn, void *arg)
{
	struct user_names u = { NULL, 0, 0, false };
	cfg_entry *aaa = aaa_section(db, CFG_RUNNING);
	int rc = 0;

	if (aaa)
		cfg_foreach_child(db, aaa, CFG_RUNNING, collect_name, &u);
	if (u.n > 1)
		qsort(u.v, u.n, sizeof *u.v, by_name);
	for (size_t i = 0; i < u.n && rc == 0 && !u.oom; i++)
		if (i == 0 || strcmp(u.v[i - 1], u.v[i]) != 0)
			rc = fn(arg, u.v[i]);
	for (size_t i = 0; i < u.n; i++)
		free(u.v[i]);
	free(u.v);
	return u.oom ? -1 : rc;
}

struct any_login {
	cfg_db *db;
	unsigned service;
	bool found;
};

static int check_user_line(void *arg, cfg_entry *e)
{
	struct any_login *a = arg;
	const char *t = cfg_text(e, CFG_RUNNING);
	char name[USER_MAX + 1];
	vsh_aaa_user u;

	if (!t || sscanf(t, "local-user %253s", name) != 1)
		return 0;
	const char *hash = vsh_aaa_password_hash(a->db, name);
	if (vsh_aaa_user_get(a->db, name, &u) && u.has_password && !u.blocked &&
	    (u.services & a->service) && hash && hash_shaped(hash)) {
		a->found = true;
		return 1;
	}
	return 0;
}

bool vsh_aaa_any_login(cfg_db *db, unsigned service)
{
	struct any_login a = { db, service, false };
	cfg_entry *aaa = aaa_section(db, CFG_RUNNING);

	if (aaa)
		cfg_foreach_child(db, aaa, CFG_RUNNING, check_user_line, &a);
	return a.found;
}

/* ---- handlers -------------------------------------------------------- */

static int h_aaa(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *e = NULL;
	cfg_order ord = { ORD_AAA, 0, 0 };

	(void)m;
	if (view_line_set(s, cfg_root(s->db), "aaa", 3, ord, CFG_F_SECTION | CFG_F_IMPLICIT, &e,
			  err, errlen) != 0)
		return -1;
	if (vsh_push(s, VIEW_AAA, e, "-aaa") != 0)
		return view_fail(err, errlen, "Error: The AAA view cannot be entered.");
	return 0;
}

/* The user name as typed, or NULL (message in err) when it may not be
 * used. */
static const char *user_name(const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "user-name");
	const char *name = v ? v->str : "";

	if (!*name || strpbrk(name, " \t*\"?")) {
		view_fail(err, errlen,
			  "Error: The user name cannot contain spaces, asterisks (*), double quotation "
			  "marks (\") or question marks (?).");
		return NULL;
	}
	return name;
}

static bool reversed_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[n - 1 - i])
			return false;
	return true;
}

/* The password rules of the reference: 8 to 128 characters of all four
 * kinds (upper case, lower case, digits, special characters; a question
 * mark is not allowed), and not the user name forwards or backwards. */
static int check_password(const char *name, const char *pw, char *err, size_t errlen)
{
	int kinds = 0, up = 0, low = 0, dig = 0, spec = 0;
	size_t n = strlen(pw);

	for (const char *p = pw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			up = 1;
		else if (c >= 'a' && c <= 'z')
			low = 1;
		else if (c >= '0' && c <= '9')
			dig = 1;
		else if (c != ' ')
			spec = 1;
	}
	kinds = up + low + dig + spec;
	if (n < PASSWORD_MIN || n > PASSWORD_MAX || strchr(pw, '?') || kinds < 4)
		return view_fail(err, errlen,
				 "Error: The password must be %d to %d characters long and contain "
				 "uppercase letters, lowercase letters, digits and special characters "
				 "(not '?').",
				 PASSWORD_MIN, PASSWORD_MAX);
	if (strcmp(pw, name) == 0 || reversed_equal(pw, name))
		return view_fail(err, errlen,
				 "Error: The password cannot be the same as the user name or the user "
				 "name in reverse order.");
	return 0;
}

static int set_user_line(vsh_session *s, cfg_entry *aaa, const char *name, const char *setting,
			 const char *value, unsigned sub, char *err, size_t errlen)
{
	char text[LINE_MAX_AAA + PASSWORD_MAX];
	size_t idlen = user_id(text, sizeof text, name, setting);
	if (idlen == 0)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	int n = snprintf(text + idlen, sizeof text - idlen, " %s", value);
	if (n < 0 || (size_t)n >= sizeof text - idlen)
		return view_fail(err, errlen, "Error: The configuration line is too long.");
	return view_line_set(s, aaa, text, idlen, user_order(name, sub), 0, NULL, err, errlen);
}

static bool del_user_line(vsh_session *s, cfg_entry *aaa, const char *name, const char *setting)
{
	char id[LINE_MAX_AAA];
	size_t n = user_id(id, sizeof id, name, setting);

	return n && view_line_del(s, aaa, id, n);
}

/* Lines of one user, for `undo local-user NAME` and to tell a new user. */
struct user_lines {
	const char *prefix; /* "local-user NAME " */
	size_t plen;
	cfg_entry *e[8];
	size_t n;
};

static int collect_user(void *arg, cfg_entry *e)
{
	struct user_lines *u = arg;
	const char *t = cfg_text(e, CFG_CANDIDATE);

	if (t && strncmp(t, u->prefix, u->plen) == 0 && u->n < sizeof u->e / sizeof u->e[0])
		u->e[u->n++] = e;
	return 0;
}

static int h_local_user(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	const char *name = user_name(m, err, errlen);
	char value[192];

	if (!name)
		return -1;
	/* Check everything first, so that a refused setting changes nothing. */
	const parser_value *pw = parser_arg_get(m, "ir-password");
	char hash[PASSWORD_MAX + 8];
	bool foreign = false;
	if (pw) {
		if (vsh_aaa_is_hash(pw->str)) {
			snprintf(hash, sizeof hash, "%s", pw->str);
		} else if (vsh_aaa_is_device_cipher(pw->str, VSH_AAA_CIPHER_MIN, PASSWORD_MAX)) {
			/* A device's configuration: kept as written. */
			snprintf(hash, sizeof hash, "%s", pw->str);
			foreign = true;
		} else {
			if (check_password(name, pw->str, err, errlen) != 0)
				return -1;
			if (vsh_aaa_hash(pw->str, hash, sizeof hash) != 0)
				return view_fail(err, errlen,
						 "Error: The password cannot be encrypted on this "
						 "system.");
		}
	}
	if (pw) {
		snprintf(value, sizeof value, "irreversible-cipher %s", hash);
		explicit_bzero(hash, sizeof hash);
		if (set_user_line(s, aaa, name, "password", value, SUB_PASSWORD, err, errlen))
			return -1;
		if (foreign && !s->batch) /* a replayed configuration: said at login */
			vsh_printf(s,
				   "Warning: The password of %s is a device ciphertext, kept as "
				   "written; %s cannot log in here until the password is set again in "
				   "plain text.\n",
				   name, name);
	}
	const parser_value *v;
	if ((v = parser_arg_get(m, "max-number")) != NULL) {
		snprintf(value, sizeof value, "%s", v->canon);
		if (set_user_line(s, aaa, name, "access-limit", value, SUB_ACCESS_LIMIT, err,
				  errlen))
			return -1;
	}
	if ((v = parser_arg_get(m, "minutes")) != NULL) {
		const parser_value *sec = parser_arg_get(m, "seconds");
		snprintf(value, sizeof value, "%llu %llu", (unsigned long long)v->u,
			 sec ? (unsigned long long)sec->u : 0ULL);
		if (set_user_line(s, aaa, name, "idle-timeout", value, SUB_IDLE, err, errlen))
			return -1;
	}
	if ((v = parser_arg_get(m, "level")) != NULL) {
		snprintf(value, sizeof value, "%llu", (unsigned long long)v->u);
		if (set_user_line(s, aaa, name, "privilege level", value, SUB_LEVEL, err, errlen))
			return -1;
	}
	if (parser_kw(m, "block")) {
		if (set_user_line(s, aaa, name, "state", "block", SUB_STATE, err, errlen))
			return -1;
	} else if (parser_kw(m, "active")) {
		del_user_line(s, aaa, name, "state"); /* active is the default */
		/* It also unlocks an account locked after wrong passwords, at
		 * once (there may be no line to commit). */
		if (vsh_store_dir(s)) {
			char e2[256];
			if (vsh_lockout_clear(vsh_store_dir(s), name, e2, sizeof e2) != 0)
				return view_fail(err, errlen, "Error: The user %s could not be "
					       "unlocked (%s).", name, e2);
		}
	}
	return 0;
}

/* `local-aaa-user wrong-password ...`: the device's defaults show no line,
 * the function turned off shows the undo line. */
static int h_lockout(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	const parser_value *i = parser_arg_get(m, "retry-interval");
	const parser_value *r = parser_arg_get(m, "retry-time");
	const parser_value *b = parser_arg_get(m, "block-time");
	char text[128];
	cfg_order ord = { ORD_AAA, 0, 0 };

	if (!i || !r || !b)
		return view_fail(err, errlen, "Error: Incomplete command.");
	view_line_del(s, aaa, LOCKOUT_UNDO, strlen(LOCKOUT_UNDO));
	if (i->u == VSH_LOCKOUT_INTERVAL_DEFAULT && r->u == VSH_LOCKOUT_TRIES_DEFAULT &&
	    b->u == VSH_LOCKOUT_BLOCK_DEFAULT) {
		view_line_del(s, aaa, LOCKOUT_ID, strlen(LOCKOUT_ID));
		return 0;
	}
	snprintf(text, sizeof text, LOCKOUT_ID " retry-interval %llu retry-time %llu block-time %llu",
		 (unsigned long long)i->u, (unsigned long long)r->u, (unsigned long long)b->u);
	return view_line_set(s, aaa, text, strlen(LOCKOUT_ID), ord, 0, NULL, err, errlen);
}

static int h_undo_lockout(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	cfg_order ord = { ORD_AAA, 0, 0 };

	(void)m;
	view_line_del(s, aaa, LOCKOUT_ID, strlen(LOCKOUT_ID));
	return view_line_set(s, aaa, LOCKOUT_UNDO, strlen(LOCKOUT_UNDO), ord, 0, NULL, err, errlen);
}

/* ---- the prompted password ------------------------------------------- */

/* The rules of the prompted form (local-user_password.md): 8 to 128
 * printable characters of at least two kinds (upper case, lower case,
 * digits, anything else), and not the user name forwards or backwards. */
static int check_prompted(const char *name, const char *pw, char *err, size_t errlen)
{
	int up = 0, low = 0, dig = 0, spec = 0;
	size_t n = strlen(pw);

	if (n < PASSWORD_MIN || n > PASSWORD_MAX)
		return view_fail(err, errlen, "Error: The password must be %d to %d characters long.",
				 PASSWORD_MIN, PASSWORD_MAX);
	for (const char *p = pw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < ' ' || c == 0x7f)
			return view_fail(err, errlen,
					 "Error: The password cannot contain control characters.");
		if (c >= 'A' && c <= 'Z')
			up = 1;
		else if (c >= 'a' && c <= 'z')
			low = 1;
		else if (c >= '0' && c <= '9')
			dig = 1;
		else
			spec = 1;
	}
	if (up + low + dig + spec < 2)
		return view_fail(err, errlen,
				 "Error: The password must contain at least two of these kinds of "
				 "characters: uppercase letters, lowercase letters, digits and special "
				 "characters.");
	if (strcmp(pw, name) == 0 || reversed_equal(pw, name))
		return view_fail(err, errlen,
				 "Error: The password cannot be the same as the user name or the user "
				 "name in reverse order.");
	return 0;
}

/* Write the question and read the hidden answer; -1 at end of input. */
static int ask_hidden(vsh_session *s, const char *question, char *buf, size_t len)
{
	vsh_printf(s, "%s", question);
	if (s->io.ask_secret(s->io.ctx, buf, len) < 0) {
		vsh_write(s, "\n", 1);
		return -1;
	}
	buf[len - 1] = '\0';
	return 0;
}

static bool user_exists(vsh_session *s, cfg_entry *aaa, const char *name)
{
	char prefix[LINE_MAX_AAA];
	int pl = snprintf(prefix, sizeof prefix, "local-user %s ", name);
	struct user_lines u = { prefix, pl > 0 ? (size_t)pl : 0, { NULL }, 0 };

	cfg_foreach_child(s->db, aaa, CFG_CANDIDATE, collect_user, &u);
	return u.n > 0;
}

/* `local-user NAME password`: the password asked twice, not shown. */
static int h_local_user_password(vsh_session *s, const parser_match *m, char *err,
				 size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	const char *name = user_name(m, err, errlen);
	/* room for more than PASSWORD_MAX, so that a longer one is refused */
	char pw[PASSWORD_MAX * 2], again[PASSWORD_MAX * 2], hash[PASSWORD_MAX + 8];
	char value[192];
	bool is_new;
	int rc = -1;

	if (!name)
		return -1;
	if (s->mmi_mode)
		return view_fail(err, errlen,
				 "Error: In mmi-mode the password cannot be entered at a prompt. Use "
				 "local-user %s password irreversible-cipher PASSWORD.",
				 name);
	if (s->batch || !s->io.ask_secret)
		return view_fail(err, errlen,
				 "Error: The password cannot be entered at a prompt here. Use "
				 "local-user %s password irreversible-cipher PASSWORD.",
				 name);
	/* The device's lines (its recommendation ends in a blank). */
	vsh_printf(s, "Please configure the login password (%d-%d)\n"
		      "It is recommended that the password consist of at least 2 types of "
		      "characters, including lowercase letters, uppercase letters, numerals and "
		      "special characters. \n",
		   PASSWORD_MIN, PASSWORD_MAX);
	if (ask_hidden(s, "Please enter password:", pw, sizeof pw) != 0) {
		view_fail(err, errlen, "Error: No password was entered.");
		goto out;
	}
	if (ask_hidden(s, "Please confirm password:", again, sizeof again) != 0) {
		view_fail(err, errlen, "Error: The password was not confirmed.");
		goto out;
	}
	if (strcmp(pw, again) != 0) {
		view_fail(err, errlen, "Error: The two passwords are different.");
		goto out;
	}
	if (check_prompted(name, pw, err, errlen) != 0)
		goto out;
	if (vsh_aaa_hash(pw, hash, sizeof hash) != 0) {
		view_fail(err, errlen, "Error: The password cannot be encrypted on this system.");
		goto out;
	}
	is_new = !user_exists(s, aaa, name);
	snprintf(value, sizeof value, "irreversible-cipher %s", hash);
	if (set_user_line(s, aaa, name, "password", value, SUB_PASSWORD, err, errlen) != 0)
		goto out;
	if (is_new)
		vsh_printf(s, "Info: Add a new user.\n");
	rc = 0;
out:
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(again, sizeof again);
	explicit_bzero(hash, sizeof hash);
	return rc;
}

static int h_service_type(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	const char *name = user_name(m, err, errlen);
	char value[128];
	size_t n = 0;

	if (!name)
		return -1;
	value[0] = '\0';
	if (parser_kw(m, "none")) {
		snprintf(value, sizeof value, "none");
	} else {
		for (size_t i = 0; i < NSERVICES; i++) {
			if (!parser_kw(m, services[i].kw))
				continue;
			int k = snprintf(value + n, sizeof value - n, "%s%s", n ? " " : "",
					 services[i].kw);
			if (k > 0)
				n += (size_t)k;
		}
	}
	return set_user_line(s, aaa, name, "service-type", value, SUB_SERVICE, err, errlen);
}

static int h_undo_local_user(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	cfg_entry *aaa = view_line_sect(s);
	const char *name = user_name(m, err, errlen);
	const char *setting = NULL;

	if (!name)
		return -1;
	if (parser_kw(m, "service-type"))
		setting = "service-type";
	else if (parser_kw(m, "privilege"))
		setting = "privilege level";
	else if (parser_kw(m, "access-limit"))
		setting = "access-limit";
	else if (parser_kw(m, "idle-timeout"))
		setting = "idle-timeout";

	char prefix[LINE_MAX_AAA];
	int pl = snprintf(prefix, sizeof prefix, "local-user %s ", name);
	struct user_lines u = { prefix, pl > 0 ? (size_t)pl : 0, { NULL }, 0 };
	cfg_foreach_child(s->db, aaa, CFG_CANDIDATE, collect_user, &u);
	if (u.n == 0)
		return view_fail(err, errlen, "Error: The local user %s does not exist.", name);
	if (setting) {
		del_user_line(s, aaa, name, setting);
		return 0;
	}
	for (size_t i = 0; i < u.n; i++)
		cfg_delete(s->db, u.e[i]);
	return 0;
}

/* ---- the table ------------------------------------------------------- */

#define H_UNDO "Cancel a setting or restore its default\n"
#define H_USER "Configure a local user\nUser name (no spaces)"
#define H_USER_OPTS "Set the login password\n" \
		    "Store the password as a one-way hash\n" \
		    "Password: 8-128 characters of upper and lower case letters, digits and " \
		    "special characters, or a stored hash\n" \
		    "Limit the number of simultaneous logins\n" \
		    "Most simultaneous logins\n" \
		    "Disconnect the user after a time without input\n" \
		    "Minutes (0 0: the user interface decides)\n" \
		    "Seconds\n" \
		    "Set the user's privilege level\n" \
		    "Privilege level\n" \
		    "Level: 0 visit, 1 monitor, 2 configure, 3 manage\n" \
		    "Block or allow the user's logins\n" \
		    "Refuse the user's logins\n" \
		    "Accept the user's logins"
#define H_LOCKOUT "Local user settings\n" \
		  "Lock a local account after wrong passwords\n" \
		  "The time in which wrong passwords are counted\n" \
		  "Minutes\n" \
		  "Wrong passwords that lock the account\n" \
		  "Number of wrong passwords\n" \
		  "How long the account stays locked\n" \
		  "Minutes"
#define H_SERVICES "Set the ways the user may log in\n" \
		   "No access\n" \
		   "HTTP\n" \
		   "FTP\n" \
		   "SSH\n" \
		   "Telnet\n" \
		   "Console terminal\n" \
		   "SNMP\n" \
		   "MD-CLI"

const view_cmd view_cmds_aaa[] = {
	{
		.pc = { .format = "aaa",
			.help = "Enter the AAA view",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_aaa,
	},
	{
		.pc = { .format = "local-user <user-name> { password irreversible-cipher "
				  "<ir-password> | access-limit <max-number> | idle-timeout <minutes> "
				  "[ <seconds> ] | privilege level <level> | state { block | active } } *",
			.help = H_USER "\n" H_USER_OPTS,
			.params = user_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_local_user,
	},
	{
		.pc = { .format = "local-user <user-name> password",
			.help = H_USER "\nSet the login password",
			.params = user_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_local_user_password,
	},
	{
		.pc = { .format = "local-user <user-name> service-type { none | { http | ftp | ssh | "
				  "telnet | terminal | snmp | md-cli } * }",
			.help = H_USER "\n" H_SERVICES,
			.params = user_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_service_type,
	},
	{
		.pc = { .format = "undo local-user <user-name> [ access-limit | idle-timeout | "
				  "privilege level ]",
			.help = H_UNDO H_USER "\n"
				"Limit the number of simultaneous logins\n"
				"Disconnect the user after a time without input\n"
				"Set the user's privilege level\n"
				"Privilege level",
			.params = user_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_undo_local_user,
	},
	{
		.pc = { .format = "undo local-user <user-name> service-type",
			.help = H_UNDO H_USER "\n"
				"Set the ways the user may log in",
			.params = user_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_undo_local_user,
	},
	{
		.pc = { .format = "local-aaa-user wrong-password retry-interval <retry-interval> "
				  "retry-time <retry-time> block-time <block-time>",
			.help = H_LOCKOUT,
			.params = lockout_params,
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_lockout,
	},
	{
		.pc = { .format = "undo local-aaa-user wrong-password",
			.help = H_UNDO "Local user settings\n"
				"Turn off the lockout of local accounts after wrong passwords",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_AAA),
		.fn = h_undo_lockout,
	},
	{ .pc = { .format = NULL } },
};
