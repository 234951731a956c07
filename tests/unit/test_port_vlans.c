/* The VLAN lists of a port (views/port_vlans.c): one set per list however
 * many commands built it, ranges, VLAN 1 of a trunk, a hybrid VLAN tagged
 * or untagged, undo. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "vsh_fixture.h"

/* display this of the interface. */
static const char *port_this(fx *f)
{
	ck_assert_int_eq(fx_run(f, "display this"), 0);
	return f->out;
}

static fx *port(const char *type)
{
	fx *f = fx_open(NULL, false, 3);
	char line[64];

	fx_ok(f, FX_LINES("system-view", "vlan batch 10 20 30", "interface 100GE1/0/1"));
	snprintf(line, sizeof line, "port link-type %s", type);
	ck_assert_int_eq(fx_run(f, line), 0);
	return f;
}

START_TEST(trunk_list_is_one_set)
{
	fx *f = port("trunk");

	fx_ok(f, FX_LINES("port trunk allow-pass vlan 10", "port trunk allow-pass vlan 30 20",
			  "undo port trunk allow-pass vlan 20"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type trunk\n"
				       " port trunk allow-pass vlan 10 30\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo port trunk allow-pass vlan 1", "port trunk allow-pass vlan 11"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type trunk\n"
				       " undo port trunk allow-pass vlan 1\n"
				       " port trunk allow-pass vlan 10 to 11 30\n#\nreturn\n");
	fx_ok(f, FX_LINES("port trunk allow-pass vlan all"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type trunk\n"
				       " port trunk allow-pass vlan 2 to 4094\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo port trunk allow-pass vlan all"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type trunk\n"
				       " undo port trunk allow-pass vlan 1\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* A hybrid VLAN is tagged or untagged, whichever was typed last; undo
 * without a keyword takes it out of both lists. */
START_TEST(hybrid_tagged_or_untagged)
{
	fx *f = port("hybrid");

	fx_ok(f, FX_LINES("port hybrid tagged vlan 10 20 to 22", "port hybrid untagged vlan 30 21"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type hybrid\n"
				       " port hybrid tagged vlan 10 20 22\n"
				       " port hybrid untagged vlan 21 30\n#\nreturn\n");
	fx_ok(f, FX_LINES("undo port hybrid vlan 10 21", "undo port hybrid tagged vlan 22"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type hybrid\n"
				       " port hybrid tagged vlan 20\n"
				       " port hybrid untagged vlan 30\n#\nreturn\n");
	fx_close(f);
}
END_TEST

/* Ten items a line: what every one of these commands takes. */
START_TEST(long_lists_split)
{
	fx *f = port("trunk");

	fx_ok(f, FX_LINES("port trunk allow-pass vlan 2 4 6 8 10 12 14 16 18 20",
			  "port trunk allow-pass vlan 22 24"));
	ck_assert_str_eq(port_this(f), "#\ninterface 100GE1/0/1\n port link-type trunk\n"
				       " port trunk allow-pass vlan 2 4 6 8 10 12 14 16 18 20\n"
				       " port trunk allow-pass vlan 22 24\n#\nreturn\n");
	fx_close(f);
}
END_TEST

static Suite *port_vlans_suite(void)
{
	Suite *s = suite_create("port_vlans");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, trunk_list_is_one_set);
	tcase_add_test(tc, hybrid_tagged_or_untagged);
	tcase_add_test(tc, long_lists_split);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(port_vlans, port_vlans_suite)
