/* The interface type table and interface name spelling. */
#include <string.h>
#include <strings.h>

#include "parser/iftype.h"
#include "unit.h"

static const struct if_type *by_name(const char *name)
{
	for (size_t i = 0; i < iftype_count; i++)
		if (strcmp(iftype_table[i].name, name) == 0)
			return &iftype_table[i];
	return NULL;
}

START_TEST(test_table)
{
	static const char *expect[] = { "Vlanif", "MEth",  "Eth-Trunk", "Vbdif", "GE",
					"10GE",   "25GE",  "40GE",      "50GE",  "100GE",
					"200GE",  "400GE", "LoopBack",  "Tunnel", "Nve",
					"NULL" };

	ck_assert_uint_eq(iftype_count, sizeof(expect) / sizeof(expect[0]));
	for (size_t i = 0; i < iftype_count; i++) {
		const struct if_type *t = &iftype_table[i];
		ck_assert_str_eq(t->name, expect[i]);
		ck_assert_ptr_nonnull(t->help);
		ck_assert(t->ndims == 1 || t->ndims == 3);
		if (i > 0)
			ck_assert_uint_gt(t->order, iftype_table[i - 1].order);
		for (size_t j = 0; j < i; j++)
			ck_assert(strcasecmp(t->name, iftype_table[j].name) != 0);
	}
	ck_assert(by_name("LoopBack")->logical);
	ck_assert(by_name("Vlanif")->logical);
	ck_assert(by_name("Eth-Trunk")->logical);
	ck_assert(by_name("Tunnel")->logical);
	ck_assert(!by_name("10GE")->logical);
	ck_assert(!by_name("GE")->logical);
	ck_assert(!by_name("MEth")->logical);
	ck_assert_int_eq(by_name("100GE")->cls, IFC_ETH);
	ck_assert_int_eq(by_name("LoopBack")->cls, IFC_LOOPBACK);
	ck_assert_int_eq(by_name("Eth-Trunk")->cls, IFC_ETH_TRUNK);
	ck_assert_int_eq(by_name("Vlanif")->cls, IFC_VLANIF);
	ck_assert_int_eq(by_name("Tunnel")->cls, IFC_TUNNEL);
	ck_assert_int_eq(by_name("MEth")->cls, IFC_MEQ);
	ck_assert_uint_eq(by_name("10GE")->ndims, 3);
	ck_assert_uint_eq(by_name("MEth")->ndims, 3);
	ck_assert_uint_eq(by_name("LoopBack")->ndims, 1);
}
END_TEST

START_TEST(test_lookup)
{
	bool amb = true;

	ck_assert_ptr_eq(iftype_lookup("loop", 4, &amb), by_name("LoopBack"));
	ck_assert(!amb);
	ck_assert_ptr_eq(iftype_lookup("10ge1/0/1", 4, &amb), by_name("10GE"));
	ck_assert_ptr_null(iftype_lookup("10", 2, &amb));
	ck_assert(amb);
	ck_assert_ptr_null(iftype_lookup("40", 2, &amb));
	ck_assert(amb);
	ck_assert_ptr_eq(iftype_lookup("400", 3, &amb), by_name("400GE"));
	ck_assert_ptr_null(iftype_lookup("zz", 2, &amb));
	ck_assert(!amb);
	ck_assert_ptr_null(iftype_lookup("", 0, &amb));
	ck_assert_ptr_eq(iftype_lookup("GE", 2, NULL), by_name("GE"));
	ck_assert_ptr_eq(iftype_lookup("eTh-TrUnK", 9, NULL), by_name("Eth-Trunk"));
}
END_TEST

START_TEST(test_numbers)
{
	uint32_t n[IF_NUM_MAX] = { 9, 9, 9, 9 };

	ck_assert_int_eq(iftype_parse_number(by_name("10GE"), "1/0/48", n), 3);
	ck_assert_uint_eq(n[0], 1);
	ck_assert_uint_eq(n[1], 0);
	ck_assert_uint_eq(n[2], 48);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "0", n), 1);
	ck_assert_uint_eq(n[0], 0);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "00012", n), 1);
	ck_assert_uint_eq(n[0], 12);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "4294967296", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "99999999999", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "+1", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Vlanif"), "4094", n), 1);
	ck_assert_int_eq(iftype_parse_number(by_name("Vlanif"), "4095", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Tunnel"), "1023", n), 1);
	ck_assert_int_eq(iftype_parse_number(by_name("Tunnel"), "1024", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("GE"), "1/0", n), 0);
	ck_assert_int_eq(iftype_parse_number(NULL, "1", n), 0);
	/* sub-interfaces of physical ports and Eth-Trunks */
	ck_assert_int_eq(iftype_parse_number(by_name("100GE"), "1/0/2.100", n), 4);
	ck_assert_uint_eq(n[2], 2);
	ck_assert_uint_eq(n[3], 100);
	ck_assert_int_eq(iftype_parse_number(by_name("100GE"), "1/0/2", n), 3);
	ck_assert_uint_eq(n[3], 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Eth-Trunk"), "1.4096", n), 2);
	ck_assert_uint_eq(n[1], 4096);
	ck_assert_int_eq(iftype_parse_number(by_name("Eth-Trunk"), "1.4097", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("100GE"), "1/0/2.0", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("100GE"), "1/0/2.", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("100GE"), "1/0.1/2", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("LoopBack"), "1.1", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Vlanif"), "10.1", n), 0);
	/* the logical interfaces of bridge domains and VXLAN, and NULL0 */
	ck_assert_int_eq(iftype_parse_number(by_name("Vbdif"), "16777215", n), 1);
	ck_assert_int_eq(iftype_parse_number(by_name("Vbdif"), "16777216", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Vbdif"), "0", n), 0);
	ck_assert_int_eq(iftype_parse_number(by_name("Nve"), "1", n), 1);
	ck_assert_int_eq(iftype_parse_number(by_name("NULL"), "0", n), 1);
	ck_assert_int_eq(iftype_parse_number(by_name("NULL"), "1", n), 0);
}
END_TEST

START_TEST(test_format_and_names)
{
	char buf[64];
	uint32_t n[IF_NUM_MAX] = { 1, 0, 1, 0 };
	const struct if_type *t = NULL;

	ck_assert_uint_eq(iftype_format(by_name("100GE"), n, buf, sizeof(buf)), 10);
	ck_assert_str_eq(buf, "100GE1/0/1");
	n[0] = 0;
	ck_assert_uint_eq(iftype_format(by_name("LoopBack"), n, buf, sizeof(buf)), 9);
	ck_assert_str_eq(buf, "LoopBack0");
	/* truncation reports the full length, snprintf-style */
	ck_assert_uint_eq(iftype_format(by_name("LoopBack"), n, buf, 5), 9);
	ck_assert_str_eq(buf, "Loop");

	ck_assert(iftype_parse_name("eth-t12", &t, n));
	ck_assert_ptr_eq(t, by_name("Eth-Trunk"));
	ck_assert_uint_eq(n[0], 12);
	ck_assert(iftype_parse_name("100ge2/0/3", &t, n));
	ck_assert_ptr_eq(t, by_name("100GE"));
	ck_assert_uint_eq(n[2], 3);
	ck_assert(!iftype_parse_name("10", &t, n));
	ck_assert(!iftype_parse_name("", &t, n));
	ck_assert(!iftype_parse_name("4ge1/0/1", &t, n)); /* no type starts with "4ge" */
	ck_assert(!iftype_parse_name("4/0/1", &t, n));
	ck_assert(iftype_parse_name("200ge1/0/1.7", &t, n));
	ck_assert_ptr_eq(t, by_name("200GE"));
	ck_assert_uint_eq(iftype_format(t, n, buf, sizeof(buf)), 12);
	ck_assert_str_eq(buf, "200GE1/0/1.7");
	ck_assert(iftype_parse_name("eth-trunk3.10", &t, n));
	ck_assert_uint_eq(iftype_format(t, n, buf, sizeof(buf)), 13);
	ck_assert_str_eq(buf, "Eth-Trunk3.10");
	ck_assert(iftype_parse_name("vbdif10", &t, n));
	ck_assert_uint_eq(iftype_format(t, n, buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "Vbdif10");
	ck_assert(!iftype_parse_name("v10", &t, n)); /* Vlanif or Vbdif */
	ck_assert(iftype_parse_name("null0", &t, n));
	ck_assert_ptr_eq(t, by_name("NULL"));
}
END_TEST

static Suite *iftype_suite(void)
{
	Suite *s = suite_create("iftype");
	TCase *tc = tcase_create("iftype");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_format_and_names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(iftype, iftype_suite)
