/* display current-configuration (and its filters), display this, display
 * configuration candidate, display version. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vsh_fixture.h"

#define E_UNREC "Error: Unrecognized command found at '^' position.\n"

static char *caret(size_t col, const char *msg)
{
	static char buf[4096];
	memset(buf, ' ', col);
	buf[col] = '^';
	buf[col + 1] = '\n';
	strcpy(buf + col + 2, msg);
	return buf;
}

/* The blocks of a model's ports as the device lists them, with `sep`
 * after each line ("\n#\n" for the whole display, "\n" for `| include`):
 * the management port, `count` ports of each of the types, in order. */
static char *port_blocks(const char *const types[], const unsigned counts[], size_t ntypes,
			 const char *sep)
{
	static char buf[8192];
	size_t n = (size_t)snprintf(buf, sizeof buf, "interface MEth0/0/0%s", sep);
	for (size_t t = 0; t < ntypes; t++)
		for (unsigned i = 1; i <= counts[t]; i++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "interface %s1/0/%u%s", types[t],
					      i, sep);
	ck_assert_uint_lt(n, sizeof buf);
	return buf;
}

/* CE6881H, the default model: 48 x 10GE and 6 x 100GE. */
static char *ce6881h_ports(const char *sep)
{
	static const char *const types[] = { "10GE", "100GE" };
	static const unsigned counts[] = { 48, 6 };
	return port_blocks(types, counts, 2, sep);
}

/* A committed configuration with an interface block. */
static fx *open_with_loopback(void)
{
	fx *f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view", "sysname SW1", "interface LoopBack 0",
			  "description uplink", "quit", "commit", "return"));
	return f;
}

static const char loopback_config[] = "#\n"
				      "sysname SW1\n"
				      "#\n"
				      "interface LoopBack0\n"
				      " description uplink\n"
				      "#\n"
				      "return\n";

/* The factory configuration: the release line heads it (nothing was
 * committed, so no time of the last change), then the system name, every
 * port of the model with nothing in it (the management port first, NULL0
 * after the others) and the console's user interface, as the reference's
 * example of the command lists unconfigured ports. */
START_TEST(current_factory)
{
	fx *f = fx_open(NULL, false, 3);
	char want[8192];

	snprintf(want, sizeof want, "!Software Version V300R023C00\n#\nsysname HUAWEI\n#\n%s"
				    "interface NULL0\n#\nuser-interface con 0\n#\nreturn\n",
		 ce6881h_ports("\n#\n"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(f->out, want);
	/* ansible sends it with a trailing space */
	ck_assert_int_eq(fx_run(f, "display current-configuration "), 0);
	ck_assert_str_eq(f->out, want);
	ck_assert_int_eq(fx_run(f, "dis cu"), 0);
	ck_assert_str_eq(f->out, want);
	/* a configuration that names none of them: unchanged by a commit */
	fx_ok(f, FX_LINES("system-view", "sysname HUAWEI", "commit", "return"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Another model lists its own ports; a configured port stands in its
 * place with its lines, the console with its settings. */
START_TEST(current_factory_of_model)
{
	fx *f = fx_open("CE8850-SAN", false, 3);
	static const char *const types[] = { "100GE" };
	static const unsigned counts[] = { 64 };
	char want[8192];

	snprintf(want, sizeof want, "!Software Version V300R023C00\n#\nsysname HUAWEI\n#\n%s"
				    "interface NULL0\n#\nuser-interface con 0\n#\nreturn\n",
		 port_blocks(types, counts, 1, "\n#\n"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(f->out, want);
	fx_ok(f, FX_LINES("system-view", "interface 100GE1/0/2", "description uplink", "quit",
			  "user-interface con 0", "idle-timeout 5 0", "quit", "commit", "return"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_ptr_nonnull(strstr(f->out, "#\ninterface 100GE1/0/1\n#\ninterface 100GE1/0/2\n"
					     " description uplink\n#\ninterface 100GE1/0/3\n#\n"));
	ck_assert_ptr_nonnull(strstr(f->out, "#\ninterface 100GE1/0/64\n#\ninterface NULL0\n#\n"
					     "user-interface con 0\n idle-timeout 5 0\n#\n"
					     "return\n"));
	ck_assert_ptr_null(strstr(f->out, "interface 10GE"));
	fx_close(f);
}
END_TEST

START_TEST(current_shows_running_only)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname NEW"));
	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(current_with_interface)
{
	fx *f = open_with_loopback();

	ck_assert_int_eq(fx_run(f, "display current-configuration"), 0);
	ck_assert_str_eq(unit_config_body(f->out), loopback_config);
	/* all and include-default show the same */
	ck_assert_int_eq(fx_run(f, "display current-configuration all"), 0);
	ck_assert_str_eq(unit_config_body(f->out), loopback_config);
	ck_assert_int_eq(fx_run(f, "display current-configuration include-default"), 0);
	ck_assert_str_eq(unit_config_body(f->out), loopback_config);
	fx_close(f);
}
END_TEST

START_TEST(current_pipe_include)
{
	fx *f = open_with_loopback();

	ck_assert_int_eq(fx_run(f, "display current-configuration | include sysname"), 0);
	ck_assert_str_eq(f->out, "sysname SW1\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration | include desc|Loop"), 0);
	ck_assert_str_eq(f->out, "interface LoopBack0\n description uplink\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration | include nothing-like-this"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

START_TEST(current_pipe_exclude)
{
	fx *f = open_with_loopback();

	char want[8192];
	snprintf(want, sizeof want, "!Software Version V300R023C00\nsysname SW1\n%s"
				    "interface LoopBack0\n description uplink\ninterface NULL0\n"
				    "user-interface con 0\nreturn\n", ce6881h_ports("\n"));
	ck_assert_int_eq(fx_run(f, "display current-configuration | exclude ^#$"), 0);
	ck_assert_str_eq(f->out, want);
	fx_close(f);
}
END_TEST

START_TEST(current_pipe_begin)
{
	fx *f = open_with_loopback();

	ck_assert_int_eq(fx_run(f, "display current-configuration | begin interface Loop"), 0);
	ck_assert_str_eq(f->out, "interface LoopBack0\n description uplink\n#\ninterface NULL0\n#\n"
				 "user-interface con 0\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration | begin zzz"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

START_TEST(current_pipe_bad_regex)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "display current-configuration | include (ab"), -1);
	ck_assert_str_eq(f->out, "Error: Invalid regular expression.\n");
	fx_close(f);
}
END_TEST

START_TEST(current_configuration_types)
{
	fx *f = open_with_loopback();

	char want[8192];
	snprintf(want, sizeof want, "#\n%sinterface LoopBack0\n description uplink\n#\n"
				    "interface NULL0\n#\nreturn\n", ce6881h_ports("\n#\n"));
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration interface"), 0);
	ck_assert_str_eq(f->out, want);
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration interface "
				   "loopback0"), 0);
	ck_assert_str_eq(f->out, "#\ninterface LoopBack0\n description uplink\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration interface "
				   "LoopBack1"), 0);
	ck_assert_str_eq(f->out, "#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration system"), 0);
	ck_assert_str_eq(f->out, "#\nsysname SW1\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration bgp"), 0);
	ck_assert_str_eq(f->out, "#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration configuration system | include sys"), 0);
	ck_assert_str_eq(f->out, "sysname SW1\n");
	ck_assert_int_eq(fx_run(f, "display current-configuration inactive"), 0);
	ck_assert_str_eq(f->out, "#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(current_needs_management_level)
{
	fx *f = fx_open(NULL, false, 2);

	ck_assert_int_eq(fx_run(f, "display current-configuration"), -1);
	ck_assert_str_eq(f->out, caret(8 + 8, E_UNREC));
	fx_close(f);
}
END_TEST

/* display_this.md Example */
START_TEST(this_system_view)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	ck_assert_str_eq(f->out, "#\nsysname HUAWEI\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(this_shows_candidate)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "interface LoopBack 0", "description new"));
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	ck_assert_str_eq(f->out, "#\ninterface LoopBack0\n description new\n#\nreturn\n");
	ck_assert_int_eq(fx_run(f, "display this | include desc"), 0);
	ck_assert_str_eq(f->out, " description new\n");
	fx_close(f);
}
END_TEST

START_TEST(this_at_monitor_level)
{
	fx *f = fx_open(NULL, false, 1);

	ck_assert_int_eq(fx_run(f, "display this"), 0);
	fx_close(f);
}
END_TEST

/* display_configuration_candidate.md, adapted to commands vrpsh has */
START_TEST(candidate_pending_only)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view"));
	ck_assert_int_eq(fx_run(f, "display configuration candidate"), 0);
	ck_assert_str_eq(f->out, "");
	fx_ok(f, FX_LINES("interface LoopBack 0", "description new"));
	ck_assert_int_eq(fx_run(f, "display configuration candidate"), 0);
	ck_assert_str_eq(f->out, "interface LoopBack0\n description new\n");
	fx_ok(f, FX_LINES("commit"));
	ck_assert_int_eq(fx_run(f, "display configuration candidate"), 0);
	ck_assert_str_eq(f->out, "");
	fx_close(f);
}
END_TEST

START_TEST(candidate_merge)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "sysname SW2"));
	ck_assert_int_eq(fx_run(f, "display configuration candidate merge"), 0);
	ck_assert_str_eq(f->out, "#\nsysname SW2\n#\nreturn\n");
	fx_close(f);
}
END_TEST

START_TEST(candidate_not_in_user_view)
{
	fx *f = fx_open(NULL, false, 3);

	/* There the word after `display configuration` names a saved
	 * configuration file (display configuration FILE), and "candidate"
	 * is no file name: the candidate is not shown. */
	ck_assert_int_eq(fx_run(f, "display configuration candidate"), -1);
	ck_assert_ptr_null(strstr(f->out, "sysname"));
	ck_assert_ptr_nonnull(strstr(f->out, "must be 5 to 64 characters"));
	fx_close(f);
}
END_TEST

START_TEST(version_names_model)
{
	fx *f = fx_open(NULL, false, 3);

	ck_assert_int_eq(fx_run(f, "display version"), 0);
	ck_assert_msg(strncmp(f->out, "Huawei Versatile Routing Platform Software\n", 43) == 0,
		      "got '%s'", f->out);
	ck_assert_ptr_nonnull(strstr(f->out, "\nvrpsh software, Version "));
	ck_assert_ptr_nonnull(strstr(f->out, " (CE6800 V300R023C00)\n"));
	ck_assert_ptr_nonnull(strstr(f->out, "\nHUAWEI CE6881H uptime is "));
	ck_assert_ptr_nonnull(strstr(f->out, "\nCE6881H (Master) 1 : uptime is  "));
	ck_assert_ptr_nonnull(strstr(f->out, "\n3.Board     Type    : CE6881H\n"));
	ck_assert_int_eq(fx_run(f, "display version | include uptime"), 0);
	ck_assert_ptr_nonnull(strstr(f->out, "HUAWEI CE6881H uptime is"));
	ck_assert_ptr_null(strstr(f->out, "Versatile"));
	fx_close(f);

	f = fx_open("ce8875", false, 1);
	ck_assert_int_eq(fx_run(f, "display version"), 0);
	ck_assert_ptr_nonnull(strstr(f->out, " (CE8800 V300R023C00)\n"));
	ck_assert_ptr_nonnull(strstr(f->out, "\nHUAWEI CE8875 uptime is "));
	fx_close(f);
}
END_TEST

static Suite *make_display_suite(void)
{
	Suite *s = suite_create("display");
	TCase *tc = tcase_create("display");

	tcase_add_test(tc, current_factory);
	tcase_add_test(tc, current_factory_of_model);
	tcase_add_test(tc, current_shows_running_only);
	tcase_add_test(tc, current_with_interface);
	tcase_add_test(tc, current_pipe_include);
	tcase_add_test(tc, current_pipe_exclude);
	tcase_add_test(tc, current_pipe_begin);
	tcase_add_test(tc, current_pipe_bad_regex);
	tcase_add_test(tc, current_configuration_types);
	tcase_add_test(tc, current_needs_management_level);
	tcase_add_test(tc, this_system_view);
	tcase_add_test(tc, this_shows_candidate);
	tcase_add_test(tc, this_at_monitor_level);
	tcase_add_test(tc, candidate_pending_only);
	tcase_add_test(tc, candidate_merge);
	tcase_add_test(tc, candidate_not_in_user_view);
	tcase_add_test(tc, version_names_model);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(display, make_display_suite)
