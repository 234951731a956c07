/* `vlan batch` (views/vlan_batch.c): one set of VLANs however often the
 * command is typed, shown in ascending order with ranges, ten items a
 * line; undo takes VLANs out, with their sections; the lines replay and
 * roll back. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "unit.h"
#include "vsh_fixture.h"

/* The `vlan batch` and `vlan N` lines of the candidate, malloc'ed. */
static char *vlan_lines(fx *f)
{
	char *all = ex_render(f, CFG_CANDIDATE), *out = calloc(1, strlen(all) + 1);
	for (char *p = all; *p;) {
		size_t n = strcspn(p, "\n");
		if (strncmp(p, "vlan ", 5) == 0 || strncmp(p, " description ", 13) == 0) {
			strncat(out, p, n + 1);
		}
		p += n + (p[n] == '\n');
	}
	free(all);
	return out;
}

#define VLANS_EQ(f, want)                          \
	do {                                       \
		char *got_ = vlan_lines(f);        \
		ck_assert_str_eq(got_, want);      \
		free(got_);                        \
	} while (0)

START_TEST(merged_into_one_set)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "vlan batch 30 10", "vlan batch 20 to 22",
			  "vlan batch 11 1", "vlan batch 21"));
	VLANS_EQ(f, "vlan batch 10 to 11 20 to 22 30\n");
	fx_ok(f, FX_LINES("undo vlan batch 21 11"));
	VLANS_EQ(f, "vlan batch 10 20 22 30\n");
	fx_ok(f, FX_LINES("undo vlan batch 12 to 30"));
	VLANS_EQ(f, "vlan batch 10\n");
	fx_ok(f, FX_LINES("undo vlan batch 10"));
	VLANS_EQ(f, "");
	fx_close(f);
}
END_TEST

/* Ten items a line, the most one command takes: the lines replay. */
START_TEST(ten_items_a_line)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "vlan batch 2 4 6 8 10 12 14 16 18 20",
			  "vlan batch 22 24 26 to 30", "vlan batch 100 to 4094"));
	VLANS_EQ(f, "vlan batch 2 4 6 8 10 12 14 16 18 20\n"
		    "vlan batch 22 24 26 to 30 100 to 4094\n");
	fx_ok(f, FX_LINES("vlan batch 3"));
	VLANS_EQ(f, "vlan batch 2 to 4 6 8 10 12 14 16 18 20 22\n"
		    "vlan batch 24 26 to 30 100 to 4094\n");
	char *shown = vlan_lines(f);
	fx_close(f);

	/* typed again line by line, they give the same lines */
	f = fx_open(NULL, false, 3);
	fx_ok(f, FX_LINES("system-view"));
	for (char *p = shown, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		ck_assert_int_eq(fx_run(f, p), 0);
	}
	VLANS_EQ(f, "vlan batch 2 to 4 6 8 10 12 14 16 18 20 22\n"
		    "vlan batch 24 26 to 30 100 to 4094\n");
	free(shown);
	fx_close(f);
}
END_TEST

/* Deleting a VLAN (undo vlan batch, undo vlan N) deletes its section;
 * VLAN 1 cannot be deleted; a range must not run backwards. */
START_TEST(undo_deletes_the_vlan)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "vlan batch 10 20", "vlan 20", "description users",
			  "quit", "vlan 30", "quit"));
	VLANS_EQ(f, "vlan batch 10 20\nvlan 20\n description users\nvlan 30\n");
	fx_ok(f, FX_LINES("undo vlan batch 20 30"));
	VLANS_EQ(f, "vlan batch 10\n");
	ck_assert_int_eq(fx_run(f, "undo vlan batch 1"), -1);
	ck_assert_str_eq(f->out, "Error: VLAN 1 is the default VLAN and cannot be deleted.\n");
	/* undo vlan N deletes the VLAN too, section and batch item */
	fx_ok(f, FX_LINES("vlan batch 20 30", "vlan 20", "description users", "quit",
			  "undo vlan 20"));
	VLANS_EQ(f, "vlan batch 10 30\n");
	ck_assert_int_eq(fx_run(f, "undo vlan 1"), -1);
	ck_assert_int_eq(fx_run(f, "vlan batch 20 to 15"), -1);
	ck_assert_str_eq(f->out, "Error: The end VLAN ID 15 is less than the start VLAN ID 20.\n");
	VLANS_EQ(f, "vlan batch 10 30\n");
	fx_close(f);
}
END_TEST

/* Typed in an interface view, the command runs in the system view;
 * discarding the candidate gives back the committed set. */
START_TEST(from_an_interface_and_discarded)
{
	fx *f = fx_open(NULL, false, 3);

	fx_ok(f, FX_LINES("system-view", "vlan batch 10 to 12", "commit", "interface 100GE1/0/1",
			  "vlan batch 13 20"));
	ck_assert_str_eq(fx_prompt(f), "[*HUAWEI]");
	VLANS_EQ(f, "vlan batch 10 to 13 20\n");
	fx_ok(f, FX_LINES("undo vlan batch 11"));
	VLANS_EQ(f, "vlan batch 10 12 to 13 20\n");
	fx_ok(f, FX_LINES("clear configuration candidate"));
	VLANS_EQ(f, "vlan batch 10 to 12\n");
	fx_close(f);
}
END_TEST

static Suite *vlan_batch_suite(void)
{
	Suite *s = suite_create("vlan_batch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, merged_into_one_set);
	tcase_add_test(tc, ten_items_a_line);
	tcase_add_test(tc, undo_deletes_the_vlan);
	tcase_add_test(tc, from_an_interface_and_discarded);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(vlan_batch, vlan_batch_suite)
