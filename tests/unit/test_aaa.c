/* The aaa view and local users, from the reference pages aaa.md,
 * local-user.md and local-user_service-type.md: one-way password hashes,
 * access types, levels, undo forms, and the login look-up. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../views/aaa.h"
#include "unit.h"
#include "vsh_fixture.h"

#define E_UNREC "Error: Unrecognized command found at '^' position.\n"
#define E_WRONG "Error: Wrong parameter found at '^' position.\n"
#define E_TOOMANY "Error: Too many parameters found at '^' position.\n"

/* The caret line under column col, then msg. */
static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

/* The running configuration, without display current-configuration's
 * header lines. */
static const char *running(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	return unit_config_body(f->out);
}

/* The hash stored on the password line of `user`, copied to buf. */
static const char *stored_hash(fx *f, const char *user, char *buf, size_t len)
{
	char key[128];
	snprintf(key, sizeof key, " local-user %s password irreversible-cipher ", user);
	const char *p = strstr(running(f), key);
	ck_assert_msg(p != NULL, "no password line for %s in:\n%s", user, f->out);
	p += strlen(key);
	size_t n = strcspn(p, "\n");
	ck_assert_uint_lt(n, len);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* aaa.md Example: entering the view changes nothing. */
START_TEST(aaa_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI-aaa]");
	ck_assert(!cfg_pending(f->db));
	fx_ok(f, FX_LINES("quit"));
	ck_assert_str_eq(fx_prompt(f), "[~HUAWEI]");
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* local-user.md Example: several settings on one line. */
START_TEST(local_user_example)
{
	fx *f = fx_open(NULL, false, 3);
	char hash[256];

	fx_ok(f, FX_LINES("system-view", "aaa",
			  "local-user user1@vipdomain password irreversible-cipher YsHsjx_202206 "
			  "access-limit 100 idle-timeout 10",
			  "commit"));
	stored_hash(f, "user1@vipdomain", hash, sizeof hash);
	ck_assert(strncmp(hash, "$y$", 3) == 0 || strncmp(hash, "$6$", 3) == 0);
	char want[1024];
	snprintf(want, sizeof want,
		 "#\nsysname HUAWEI\n#\naaa\n"
		 " local-user user1@vipdomain password irreversible-cipher %s\n"
		 " local-user user1@vipdomain access-limit 100\n"
		 " local-user user1@vipdomain idle-timeout 10 0\n"
		 "#\nreturn\n",
		 hash);
	ck_assert_str_eq(running(f), want);
	/* Never the clear text. */
	ck_assert_ptr_null(strstr(f->out, "YsHsjx_202206"));
	fx_close(f);
}
END_TEST

START_TEST(password_hash_checks)
{
	fx *f = fx_open(NULL, false, 3);
	char hash[256];
	vsh_aaa_user u;

	fx_ok(f, FX_LINES("system-view", "aaa",
			  "local-user admin password irreversible-cipher Admin@1234",
			  "local-user admin service-type telnet", "local-user admin privilege level 3",
			  "commit"));
	stored_hash(f, "admin", hash, sizeof hash);
	ck_assert(vsh_aaa_is_hash(hash));
	ck_assert(vsh_aaa_check(hash, "Admin@1234"));
	ck_assert(!vsh_aaa_check(hash, "Admin@12345"));
	ck_assert(!vsh_aaa_check(hash, "admin@1234"));
	ck_assert(!vsh_aaa_check(hash, ""));

	ck_assert(vsh_aaa_login(f->db, "admin", "Admin@1234", VSH_AAA_SVC_TELNET, &u));
	ck_assert_int_eq(u.level, 3);
	ck_assert(!vsh_aaa_login(f->db, "admin", "Admin@1234", VSH_AAA_SVC_SSH, NULL));
	ck_assert(!vsh_aaa_login(f->db, "admin", "wrong", VSH_AAA_SVC_TELNET, NULL));
	ck_assert(!vsh_aaa_login(f->db, "Admin", "Admin@1234", VSH_AAA_SVC_TELNET, NULL));
	ck_assert(!vsh_aaa_login(f->db, "nobody", "Admin@1234", VSH_AAA_SVC_TELNET, NULL));

	/* Two hashes of one password differ (salted). */
	char h1[160], h2[160];
	ck_assert_int_eq(vsh_aaa_hash("Admin@1234", h1, sizeof h1), 0);
	ck_assert_int_eq(vsh_aaa_hash("Admin@1234", h2, sizeof h2), 0);
	ck_assert_str_ne(h1, h2);
	ck_assert(vsh_aaa_check(h1, "Admin@1234") && vsh_aaa_check(h2, "Admin@1234"));
	ck_assert(!vsh_aaa_is_hash("Admin@1234"));
	ck_assert(!vsh_aaa_is_hash("$y$notahash"));
	fx_close(f);
}
END_TEST

/* Blocked users and users without a password cannot log in; the login
 * uses the running configuration, not the candidate. */
START_TEST(login_rules)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa", "local-user ops service-type telnet ssh"));
	ck_assert(!vsh_aaa_login(f->db, "ops", "", VSH_AAA_SVC_TELNET, NULL));
	fx_ok(f, FX_LINES("local-user ops password irreversible-cipher Ops#2024x"));
	ck_assert(!vsh_aaa_login(f->db, "ops", "Ops#2024x", VSH_AAA_SVC_TELNET, NULL));
	fx_ok(f, FX_LINES("commit"));
	ck_assert(vsh_aaa_login(f->db, "ops", "Ops#2024x", VSH_AAA_SVC_SSH, NULL));
	fx_ok(f, FX_LINES("local-user ops state block", "commit"));
	ck_assert(!vsh_aaa_login(f->db, "ops", "Ops#2024x", VSH_AAA_SVC_SSH, NULL));
	fx_ok(f, FX_LINES("local-user ops state active", "commit"));
	ck_assert(vsh_aaa_login(f->db, "ops", "Ops#2024x", VSH_AAA_SVC_SSH, NULL));
	ck_assert_ptr_null(strstr(running(f), "state"));
	fx_close(f);
}
END_TEST

START_TEST(weak_passwords_refused)
{
	fx *f = fx_open(NULL, false, 3);
	static const char msg[] =
		"Error: The password must be 8 to 128 characters long and contain uppercase "
		"letters, lowercase letters, digits and special characters (not '?').\n";

	fx_ok(f, FX_LINES("system-view", "aaa"));
	ck_assert_int_eq(fx_run(f, "local-user u1 password irreversible-cipher abcdefgh1"), -1);
	ck_assert_str_eq(f->out, msg);
	ck_assert_int_eq(fx_run(f, "local-user u1 password irreversible-cipher ABCDefgh1234"), -1);
	ck_assert_str_eq(f->out, msg);
	/* shorter than 8 characters is a wrong parameter */
	ck_assert_int_eq(fx_run(f, "local-user u1 password irreversible-cipher Ab#1"), -1);
	ck_assert_str_eq(f->out, caret(13 + 43, E_WRONG));
	ck_assert_int_eq(fx_run(f, "local-user Ab#12345 password irreversible-cipher 54321#bA"),
			 -1);
	ck_assert_str_eq(f->out, "Error: The password cannot be the same as the user name or the "
				 "user name in reverse order.\n");
	ck_assert(!cfg_pending(f->db));
	/* A refused password leaves the other settings of the line unset too. */
	ck_assert_int_eq(fx_run(f, "local-user u1 privilege level 2 password irreversible-cipher "
				   "weakweak"),
			 -1);
	ck_assert(!cfg_pending(f->db));
	/* Spaces only inside quotes. */
	fx_ok(f, FX_LINES("local-user u1 password irreversible-cipher \"Abc 123#x\""));
	ck_assert(cfg_pending(f->db));
	fx_close(f);
}
END_TEST

/* A stored hash typed back (a replayed configuration) is kept as it is. */
START_TEST(hash_round_trip)
{
	fx *f = fx_open(NULL, false, 3);
	char hash[256], line[512], again[256];

	fx_ok(f, FX_LINES("system-view", "aaa",
			  "local-user admin password irreversible-cipher Admin@1234", "commit"));
	stored_hash(f, "admin", hash, sizeof hash);
	fx_close(f);

	f = fx_open(NULL, false, 3);
	snprintf(line, sizeof line, "local-user admin password irreversible-cipher %s", hash);
	fx_ok(f, FX_LINES("system-view", "aaa", line, "local-user admin service-type ssh",
			  "commit"));
	ck_assert_str_eq(stored_hash(f, "admin", again, sizeof again), hash);
	ck_assert(vsh_aaa_login(f->db, "admin", "Admin@1234", VSH_AAA_SVC_SSH, NULL));
	fx_close(f);
}
END_TEST

/* A device configuration's ciphertexts (the configuration guide's scripts
 * carry them) load as written and print back unchanged; a login against
 * one is refused with a reason that says why, and is no wrong password. */
START_TEST(device_ciphertexts_kept)
{
	static const char c1[] = "$1d$g8wLJ`LjL!$CyE(V{3qg5DdU:PM[6=6O$UF-.fQ,Q}>^)OBzgoU$";
	static const char c2[] = "%^%#c;\\wJ4Qi8I1FMGM}KmIK9rha/.D.!$\"~0(Ep66z~L$5sd9R0o%^%#";
	fx *f = fx_open(NULL, false, 3);
	char line[256], got[256], why[256];

	snprintf(line, sizeof line, "local-user client password irreversible-cipher %s", c1);
	fx_ok(f, FX_LINES("system-view", "aaa"));
	ck_assert_int_eq(fx_run(f, line), 0);
	ck_assert_ptr_nonnull(strstr(f->out, "Warning: The password of client is a device "
					     "ciphertext"));
	fx_ok(f, FX_LINES("local-user client service-type telnet", "quit"));
	snprintf(line, sizeof line, "set authentication password cipher %s", c2);
	fx_ok(f, FX_LINES("user-interface vty 0 4", "authentication-mode password", line, "quit",
			  "commit"));
	ck_assert_str_eq(stored_hash(f, "client", got, sizeof got), c1);
	snprintf(line, sizeof line, " set authentication password cipher %s\n", c2);
	ck_assert_msg(strstr(running(f), line) != NULL, "%s", f->out);

	ck_assert(!vsh_aaa_login(f->db, "client", c1, VSH_AAA_SVC_TELNET, NULL));
	int rc = vsh_aaa_authenticate(f->db, NULL, "client", "Huawei@123", VSH_AAA_SVC_TELNET, 0,
				      NULL, why, sizeof why);
	ck_assert_int_eq(rc, VSH_AAA_REFUSED);
	ck_assert_msg(strstr(why, "device ciphertext") != NULL, "%s", why);
	/* A text of the shape but too short, or with a blank, is a password. */
	ck_assert(!vsh_aaa_is_device_cipher("$1d$ab$", VSH_AAA_CIPHER_MIN, 128));
	ck_assert(!vsh_aaa_is_device_cipher("%^%#abc def ghijklmnopqr%^%#", 1, 128));
	ck_assert(vsh_aaa_is_device_cipher(c2, 48, 128));
	ck_assert(!vsh_aaa_is_device_cipher("Admin@1234Admin@1234Admin@1234", 1, 128));
	fx_close(f);
}
END_TEST

/* local-user_service-type.md Example, and the order of the types. */
START_TEST(service_type_example)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa", "local-user user1@vipdomain service-type ssh",
			  "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\naaa\n"
				     " local-user user1@vipdomain service-type ssh\n#\nreturn\n");
	fx_ok(f, FX_LINES("local-user user1@vipdomain service-type terminal telnet ssh", "commit"));
	ck_assert_ptr_nonnull(strstr(running(f), " local-user user1@vipdomain service-type ssh "
						 "telnet terminal\n"));
	fx_ok(f, FX_LINES("local-user user1@vipdomain service-type none", "commit"));
	ck_assert_ptr_nonnull(strstr(running(f), " service-type none\n"));
	/* each type at most once ({ ... } *: at least one item, at most all);
	 * none stands alone */
	ck_assert_int_eq(fx_run(f, "local-user u service-type ssh ssh"), -1);
	ck_assert_str_eq(f->out, caret(13 + 30, E_UNREC));
	ck_assert_int_eq(fx_run(f, "local-user u service-type none ssh"), -1);
	ck_assert_str_eq(f->out, caret(13 + 31, E_TOOMANY));
	fx_close(f);
}
END_TEST

/* Users sort by name, a user's settings in a fixed order. */
START_TEST(render_order)
{
	fx *f = fx_open(NULL, false, 3);
	char h1[256], h2[256], want[2048];

	fx_ok(f, FX_LINES("system-view", "aaa", "local-user zed privilege level 1",
			  "local-user amy service-type telnet", "local-user amy privilege level 2",
			  "local-user amy password irreversible-cipher Amy#12345",
			  "local-user zed password irreversible-cipher Zed#12345", "commit"));
	stored_hash(f, "amy", h1, sizeof h1);
	stored_hash(f, "zed", h2, sizeof h2);
	snprintf(want, sizeof want,
		 "#\nsysname HUAWEI\n#\naaa\n"
		 " local-user amy password irreversible-cipher %s\n"
		 " local-user amy service-type telnet\n"
		 " local-user amy privilege level 2\n"
		 " local-user zed password irreversible-cipher %s\n"
		 " local-user zed privilege level 1\n"
		 "#\nreturn\n",
		 h1, h2);
	ck_assert_str_eq(running(f), want);
	fx_close(f);
}
END_TEST

START_TEST(undo_forms)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa", "local-user amy service-type telnet",
			  "local-user amy privilege level 2", "local-user amy idle-timeout 5 30",
			  "local-user bob privilege level 1", "commit"));
	fx_ok(f, FX_LINES("undo local-user amy privilege level", "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\naaa\n"
				     " local-user amy idle-timeout 5 30\n"
				     " local-user amy service-type telnet\n"
				     " local-user bob privilege level 1\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo local-user amy service-type", "undo local-user amy idle-timeout",
			  "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\naaa\n"
				     " local-user bob privilege level 1\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo local-user bob", "commit"));
	ck_assert_str_eq(running(f), "#\nsysname HUAWEI\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "undo local-user bob"), -1);
	ck_assert_str_eq(f->out, "Error: The local user bob does not exist.\n");
	fx_close(f);
}
END_TEST

START_TEST(parameter_checks)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "aaa"));
	/* level 0-3 */
	ck_assert_int_eq(fx_run(f, "local-user amy privilege level 4"), -1);
	ck_assert_str_eq(f->out, caret(13 + 31, E_WRONG));
	/* idle-timeout seconds 0-59 */
	ck_assert_int_eq(fx_run(f, "local-user amy idle-timeout 1 60"), -1);
	ck_assert_int_eq(fx_run(f, "local-user amy access-limit 0"), -1);
	ck_assert_int_eq(fx_run(f, "local-user \"a b\" privilege level 1"), -1);
	ck_assert_int_eq(fx_run(f, "local-user a*b privilege level 1"), -1);
	ck_assert_str_eq(f->out, "Error: The user name cannot contain spaces, asterisks (*), "
				 "double quotation marks (\") or question marks (?).\n");
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

/* Management level: a session below it does not see the commands. */
START_TEST(level_gates_aaa)
{
	fx *f = fx_open(NULL, false, 2);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "aaa"), -1);
	ck_assert_str_eq(f->out, caret(9, E_UNREC));
	fx_close(f);
}
END_TEST

/* ---- local-user NAME password: the password asked for ------------------ */

#define P_ASK "Please configure the login password (8-128)\n" \
	      "It is recommended that the password consist of at least 2 types of " \
	      "characters, including lowercase letters, uppercase letters, numerals and " \
	      "special characters. \n" \
	      "Please enter password:"
#define P_CONFIRM "Please confirm password:"

/* The fixture's answers, as a front end that hides them gives them. */
static int secret_answer(void *ctx, char *buf, size_t buflen)
{
	fx *f = ctx;

	f->asked++;
	if (f->nextanswer >= f->nanswers)
		return -1;
	snprintf(buf, buflen, "%s", f->answers[f->nextanswer++]);
	return 0;
}

static fx *open_prompting(void)
{
	fx *f = fx_open(NULL, false, 3);
	f->s.io.ask_secret = secret_answer;
	fx_ok(f, FX_LINES("system-view", "aaa"));
	return f;
}

/* local-user_password.md Example. */
START_TEST(prompted_password_example)
{
	fx *f = open_prompting();
	char hash[256];

	fx_answers(f, FX_LINES("abc@#123456", "abc@#123456"));
	ck_assert_int_eq(fx_run(f, "local-user hello@163.net password"), 0);
	ck_assert_str_eq(f->out, P_ASK P_CONFIRM "Info: Add a new user.\n");
	ck_assert_int_eq(f->asked, 2);
	fx_ok(f, FX_LINES("commit"));
	stored_hash(f, "hello@163.net", hash, sizeof hash);
	ck_assert(vsh_aaa_is_hash(hash));
	ck_assert(vsh_aaa_check(hash, "abc@#123456"));
	ck_assert_ptr_null(strstr(f->out, "abc@#123456"));

	/* An existing user gets a new password and no Info line. */
	fx_answers(f, FX_LINES("New#pass99", "New#pass99"));
	ck_assert_int_eq(fx_run(f, "local-user hello@163.net password"), 0);
	ck_assert_str_eq(f->out, P_ASK P_CONFIRM);
	fx_ok(f, FX_LINES("local-user hello@163.net service-type ssh", "commit"));
	ck_assert(vsh_aaa_login(f->db, "hello@163.net", "New#pass99", VSH_AAA_SVC_SSH, NULL));
	ck_assert(!vsh_aaa_login(f->db, "hello@163.net", "abc@#123456", VSH_AAA_SVC_SSH, NULL));
	/* A user with other settings only is not new either. */
	fx_ok(f, FX_LINES("local-user ops privilege level 2"));
	fx_answers(f, FX_LINES("opsops12", "opsops12"));
	ck_assert_int_eq(fx_run(f, "local-user ops password"), 0);
	ck_assert_str_eq(f->out, P_ASK P_CONFIRM);
	fx_close(f);
}
END_TEST

/* Refused passwords change nothing. */
START_TEST(prompted_password_rules)
{
	static const struct {
		const char *user, *pw, *again, *msg;
	} cases[] = {
		{ "u1", "Abcdef#1", "Abcdef#2", "Error: The two passwords are different.\n" },
		{ "u1", "Abc#123", "Abc#123",
		  "Error: The password must be 8 to 128 characters long.\n" },
		{ "u1",
		  "A1234567890123456789012345678901234567890123456789012345678901234567890123456789"
		  "0123456789012345678901234567890123456789012345678",
		  "A1234567890123456789012345678901234567890123456789012345678901234567890123456789"
		  "0123456789012345678901234567890123456789012345678",
		  "Error: The password must be 8 to 128 characters long.\n" },
		{ "u1", "abcdefghij", "abcdefghij",
		  "Error: The password must contain at least two of these kinds of characters: "
		  "uppercase letters, lowercase letters, digits and special characters.\n" },
		{ "u1", "12345678", "12345678",
		  "Error: The password must contain at least two of these kinds of characters: "
		  "uppercase letters, lowercase letters, digits and special characters.\n" },
		{ "u1", "Abcd\x01" "1234", "Abcd\x01" "1234",
		  "Error: The password cannot contain control characters.\n" },
		{ "Admin#123", "Admin#123", "Admin#123",
		  "Error: The password cannot be the same as the user name or the user name in "
		  "reverse order.\n" },
		{ "Admin#123", "321#nimdA", "321#nimdA",
		  "Error: The password cannot be the same as the user name or the user name in "
		  "reverse order.\n" },
	};
	fx *f = open_prompting();
	char line[128], want[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_answers(f, FX_LINES(cases[i].pw, cases[i].again));
		snprintf(line, sizeof line, "local-user %s password", cases[i].user);
		ck_assert_int_eq(fx_run(f, line), -1);
		snprintf(want, sizeof want, P_ASK P_CONFIRM "%s", cases[i].msg);
		ck_assert_str_eq(f->out, want);
		ck_assert(!cfg_pending(f->db));
	}
	/* the limits themselves, two kinds of characters, a blank counts as
	 * a special character */
	static const char *const good[] = {
		"abcdefg1",
		("A123456789012345678901234567890123456789012345678901234567890123456789012345678"
		 "9012345678901234567890123456789012345678901234567"),
		"abc defg",
		"ABC?defg",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_uint_le(strlen(good[i]), 128);
		fx_answers(f, FX_LINES(good[i], good[i]));
		ck_assert_msg(fx_run(f, "local-user u2 password") == 0, "%s: %s", good[i], f->out);
		fx_ok(f, FX_LINES("local-user u2 service-type telnet", "commit"));
		ck_assert(vsh_aaa_login(f->db, "u2", good[i], VSH_AAA_SVC_TELNET, NULL));
	}
	fx_close(f);
}
END_TEST

/* No question where nobody can answer it hidden, or should be asked. */
START_TEST(prompted_password_not_asked)
{
	static const char here[] = "Error: The password cannot be entered at a prompt here. Use "
				   "local-user u1 password irreversible-cipher PASSWORD.\n";
	fx *f = open_prompting();

	fx_answers(f, FX_LINES("Abcdef#1", "Abcdef#1"));
	f->s.mmi_mode = true;
	ck_assert_int_eq(fx_run(f, "local-user u1 password"), -1);
	ck_assert_str_eq(f->out, "Error: In mmi-mode the password cannot be entered at a prompt. "
				 "Use local-user u1 password irreversible-cipher PASSWORD.\n");
	f->s.mmi_mode = false;
	f->s.batch = true;
	ck_assert_int_eq(fx_run(f, "local-user u1 password"), -1);
	ck_assert_str_eq(f->out, here);
	f->s.batch = false;
	f->s.io.ask_secret = NULL;
	ck_assert_int_eq(fx_run(f, "local-user u1 password"), -1);
	ck_assert_str_eq(f->out, here);
	ck_assert_int_eq(f->asked, 0);
	ck_assert(!cfg_pending(f->db));

	/* End of input at either question. */
	f->s.io.ask_secret = secret_answer;
	fx_answers(f, FX_LINES(NULL));
	ck_assert_int_eq(fx_run(f, "local-user u1 password"), -1);
	ck_assert_str_eq(f->out, P_ASK "\nError: No password was entered.\n");
	fx_answers(f, FX_LINES("Abcdef#1"));
	ck_assert_int_eq(fx_run(f, "local-user u1 password"), -1);
	ck_assert_str_eq(f->out, P_ASK P_CONFIRM "\nError: The password was not confirmed.\n");
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

/* The form sits beside `password irreversible-cipher` in the grammar. */
START_TEST(prompted_password_help)
{
	fx *f = open_prompting();

	fx_help(f, "local-user u1 password ");
	ck_assert_ptr_nonnull(strstr(f->out, "  irreversible-cipher  "));
	ck_assert_ptr_nonnull(strstr(f->out, "<cr>"));
	/* the other settings do not follow the prompted form */
	ck_assert_int_eq(fx_run(f, "local-user u1 password privilege level 2"), -1);
	ck_assert(!cfg_pending(f->db));
	fx_close(f);
}
END_TEST

static Suite *make_aaa_suite(void)
{
	Suite *s = suite_create("aaa");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, aaa_example);
	tcase_add_test(tc, local_user_example);
	tcase_add_test(tc, password_hash_checks);
	tcase_add_test(tc, login_rules);
	tcase_add_test(tc, weak_passwords_refused);
	tcase_add_test(tc, hash_round_trip);
	tcase_add_test(tc, device_ciphertexts_kept);
	tcase_add_test(tc, service_type_example);
	tcase_add_test(tc, render_order);
	tcase_add_test(tc, undo_forms);
	tcase_add_test(tc, parameter_checks);
	tcase_add_test(tc, level_gates_aaa);
	tcase_add_test(tc, prompted_password_example);
	tcase_add_test(tc, prompted_password_rules);
	tcase_add_test(tc, prompted_password_not_asked);
	tcase_add_test(tc, prompted_password_help);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(aaa, make_aaa_suite)
