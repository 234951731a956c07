/* The device model table: names, the default, model sets, ports. */
#include <check.h>
#include <string.h>

#include "../../views/models.h"
#include "unit.h"

/* The note of every page with a "supported only on" note. */
static const char *const ipv6_vpn_models[] = {
	"CE6863H", "CE6863H-K", "CE6860-SAN", "CE6866K", "CE6866", "CE6860-HAM",
	"CE6855-48XS8CQ", "CE6885-SAN", "CE8850-SAN", "CE8855", "CE8851-32CQ4BQ", "CE8851K",
	"CE8851-32CQ8DQ-P", "CE8850-HAM", "CE6881H", "CE6881H-K", "CE6820H", "CE6820H-K",
	"CE6820S", "CE6885", "CE6885-T", "CE6885-LL", "CE6863E-48S8CQ",
};
static const char *const other_models[] = { "CE8865", "CE8865-SAN", "CE8875" };

#define N(a) (sizeof a / sizeof a[0])

START_TEST(every_model_resolves)
{
	ck_assert_uint_eq(model_count(), 26);
	for (size_t i = 0; i < N(ipv6_vpn_models); i++) {
		const vsh_model *m = model_find(ipv6_vpn_models[i]);
		ck_assert_msg(m != NULL, "%s", ipv6_vpn_models[i]);
		ck_assert_str_eq(model_name(m), ipv6_vpn_models[i]);
	}
	for (size_t i = 0; i < N(other_models); i++)
		ck_assert_ptr_nonnull(model_find(other_models[i]));
	/* model_nth lists exactly the table */
	size_t n = 0;
	while (model_nth(n))
		ck_assert_ptr_nonnull(model_find(model_nth(n++)));
	ck_assert_uint_eq(n, 26);
}
END_TEST

START_TEST(lookup_is_case_insensitive)
{
	ck_assert_ptr_eq(model_find("ce6881h"), model_find("CE6881H"));
	ck_assert_ptr_eq(model_find("Ce8851-32cq4bq"), model_find("CE8851-32CQ4BQ"));
	ck_assert_ptr_null(model_find("CE6881"));
	ck_assert_ptr_null(model_find("CE6881H-"));
	ck_assert_ptr_null(model_find(""));
	ck_assert_ptr_null(model_find(NULL));
	ck_assert_ptr_null(model_nth(26));
}
END_TEST

START_TEST(default_is_ce6881h)
{
	ck_assert_ptr_nonnull(model_default());
	ck_assert_str_eq(model_name(model_default()), "CE6881H");
	ck_assert_ptr_eq(model_default(), model_find("CE6881H"));
}
END_TEST

START_TEST(ipv6_vpn_set)
{
	for (size_t i = 0; i < N(ipv6_vpn_models); i++) {
		const vsh_model *m = model_find(ipv6_vpn_models[i]);
		ck_assert_msg(model_in_set(m, false, "ipv6-vpn"), "%s", ipv6_vpn_models[i]);
	}
	for (size_t i = 0; i < N(other_models); i++) {
		const vsh_model *m = model_find(other_models[i]);
		ck_assert_msg(!model_in_set(m, false, "ipv6-vpn"), "%s", other_models[i]);
		ck_assert(model_in_set(m, false, NULL));
	}
	/* CE6885-LL: standard forwarding mode only */
	ck_assert(!model_in_set(model_find("CE6885-LL"), true, "ipv6-vpn"));
	/* the low-latency flag means nothing on a model without that mode */
	ck_assert(model_in_set(model_find("CE6885"), true, "ipv6-vpn"));
}
END_TEST

START_TEST(low_latency_mode)
{
	for (size_t i = 0; model_nth(i); i++) {
		const vsh_model *m = model_find(model_nth(i));
		ck_assert_int_eq(model_has_low_latency(m), strcmp(model_nth(i), "CE6885-LL") == 0);
	}
	ck_assert(model_in_set(model_find("CE6885-LL"), false, "undo-portswitch"));
	ck_assert(!model_in_set(model_find("CE6885-LL"), true, "undo-portswitch"));
	ck_assert(model_in_set(model_find("CE8875"), false, "undo-portswitch"));
}
END_TEST

START_TEST(set_names)
{
	ck_assert(model_set_known("ipv6-vpn"));
	ck_assert(model_set_known("undo-portswitch"));
	ck_assert(!model_set_known("ipv6"));
	ck_assert(!model_set_known(NULL));
	ck_assert(!model_in_set(model_default(), false, "no-such-set"));
}
END_TEST

START_TEST(ports_ce6881h)
{
	const vsh_model *m = model_find("CE6881H");
	uint32_t p[IF_NUM_MAX] = { 0 };

	p[0] = 1, p[1] = 0, p[2] = 1;
	ck_assert(model_has_port(m, "10GE", p));
	p[2] = 48;
	ck_assert(model_has_port(m, "10GE", p));
	ck_assert(model_has_port(m, "10ge", p));
	p[2] = 49;
	ck_assert(!model_has_port(m, "10GE", p));
	p[2] = 0;
	ck_assert(!model_has_port(m, "10GE", p));
	p[2] = 6;
	ck_assert(model_has_port(m, "100GE", p));
	p[2] = 7;
	ck_assert(!model_has_port(m, "100GE", p));
	p[2] = 1;
	ck_assert(!model_has_port(m, "25GE", p));
	ck_assert(!model_has_port(m, "400GE", p));
	p[0] = 2;
	ck_assert(!model_has_port(m, "10GE", p));
	p[0] = 1, p[1] = 1;
	ck_assert(!model_has_port(m, "10GE", p));
	p[0] = 0, p[1] = 0, p[2] = 0;
	ck_assert(model_has_port(m, "MEth", p));
	ck_assert(!model_has_port(m, "LoopBack", p));
	ck_assert(!model_has_port(NULL, "10GE", p));
}
END_TEST

/* --help and the refusal of an unknown model list each model's ports. */
START_TEST(port_layout_words)
{
	char buf[128];

	ck_assert_uint_eq(model_port_layout(model_find("CE6881H"), buf, sizeof buf),
			  strlen("10GE1/0/1-48, 100GE1/0/1-6, MEth0/0/0"));
	ck_assert_str_eq(buf, "10GE1/0/1-48, 100GE1/0/1-6, MEth0/0/0");
	model_port_layout(model_find("CE8850-HAM"), buf, sizeof buf);
	ck_assert_str_eq(buf, "100GE1/0/1-64, MEth0/0/0");
	model_port_layout(model_find("CE6881H"), buf, 8);
	ck_assert_str_eq(buf, "10GE1/0");
}
END_TEST

START_TEST(ports_every_model)
{
	for (size_t i = 0; model_nth(i); i++) {
		const vsh_model *m = model_find(model_nth(i));
		const model_port_group *g;
		size_t n = model_ports(m, &g);
		bool eth = false;

		ck_assert_uint_ge(n, 2);
		for (size_t k = 0; k < n; k++) {
			uint32_t p[IF_NUM_MAX] = { g[k].slot, g[k].card, g[k].first, 0 };
			ck_assert(model_has_port(m, g[k].iftype, p));
			p[2] = g[k].last;
			ck_assert(model_has_port(m, g[k].iftype, p));
			if (strcmp(g[k].iftype, "MEth") != 0) {
				eth = true;
				ck_assert_uint_ge(g[k].last, 4);
			}
		}
		ck_assert_msg(eth, "%s has no Ethernet ports", model_nth(i));
	}
	const model_port_group *g;
	ck_assert_uint_eq(model_ports(model_find("CE8875"), &g), 2);
	ck_assert_str_eq(g[0].iftype, "400GE");
}
END_TEST

static Suite *make_models_suite(void)
{
	Suite *s = suite_create("models");
	TCase *tc = tcase_create("models");

	tcase_add_test(tc, every_model_resolves);
	tcase_add_test(tc, port_layout_words);
	tcase_add_test(tc, lookup_is_case_insensitive);
	tcase_add_test(tc, default_is_ce6881h);
	tcase_add_test(tc, ipv6_vpn_set);
	tcase_add_test(tc, low_latency_mode);
	tcase_add_test(tc, set_names);
	tcase_add_test(tc, ports_ce6881h);
	tcase_add_test(tc, ports_every_model);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(models, make_models_suite)
