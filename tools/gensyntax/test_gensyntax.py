"""Unit tests of the generator's parts, on small hand-made page fragments
(no corpus needed).  Run: cd tools/gensyntax && python3 -m unittest test_gensyntax"""

import os
import tempfile
import unittest

import bgpfamily
import emit
import examples
import fmt
import guide
import kinds
import match
import models
import overrides
import pages
import ptypes
import report
import rows
import templates
import validate
import views as viewsmod


def page_from(text, pid="p"):
    lines = text.split("\n")
    return pages.Page(pid, "a/b/%s.md" % pid, lines[0], pages.split_sections(lines))


PAGE = """peer connect-interface (BGP view) (group)
=====

Function
--------

This command is supported only on the CE6881H, CE6885-LL (standard forwarding mode) and CE6820S.

Format
------

**peer** *group-name* **connect-interface** { *interface-name* | *interface-type* *interface-number* | *ipv4-source-address* }

**undo peer** *group-name* **connect-interface**

Parameters
----------

| Parameter | Description | Value |
| --- | --- | --- |
| *group-name* | Names a group. | The value is a string of 1 to 47 case-sensitive characters, with spaces not supported. When double quotation marks are used around the string, spaces are allowed in the string. |
| *interface-name* | An interface. | - |
| *interface-type* | A type. | - |
| *interface-number* | A number. | The value is a string of 1 to 63 case-sensitive characters, spaces not supported. |
| *ipv4-source-address* | An address. | The value is in dotted decimal notation. |

Views
-----

BGP view,BGP multi-instance view

Default Level
-------------

2: Configuration level

Usage Guidelines
----------------

Nothing.

Example
-------

# Set it.
```
<HUAWEI> system-view
[~HUAWEI] bgp 100
[*HUAWEI-bgp] group test external
[*HUAWEI-bgp] peer test connect-interface LoopBack 0
```
"""


class NoOverrides(overrides.Overrides):
    def __init__(self):
        super().__init__([])


class FormatTest(unittest.TestCase):
    def test_markdown_to_engine(self):
        self.assertEqual(fmt.md_to_engine("**undo peer** *a* **connect-interface**"),
                         "undo peer <a> connect-interface")
        self.assertEqual(fmt.md_to_engine("**ospf** [ **router-id** *r* | **vpn-instance** *v* ] \\*"),
                         "ospf [ router-id <r> | vpn-instance <v> ] *")
        self.assertEqual(fmt.md_to_engine("**a** *x* &<1-2>"), "a { <x> } &<1-2>")
        self.assertEqual(fmt.md_to_engine("**a** { *x* } &<1-8>"), "a { <x> } &<1-8>")
        self.assertEqual(fmt.md_to_engine("**prefer\\_kex** *p\\_k*"), "prefer_kex <p_k>")
        self.assertEqual(fmt.md_to_engine("**apply cost** [ + | **-** ] *cost*"),
                         "apply cost [ + | - ] <cost>")

    def test_grammar_rules(self):
        for bad, why in (("a [ b", "unbalanced"), ("a b ]", "unbalanced"),
                         ("a | b", "outside"), ("a { b | }", "empty"),
                         ("a &<1-2>", "without a group"), ("[ a ]", "may be empty"),
                         ("a { b } &<3-2>", "bounds"), ("a { { b } * | * }", "without a group")):
            with self.assertRaises(fmt.FormatError, msg=bad) as cm:
                fmt.parse(bad)
            self.assertIn(why, str(cm.exception))
        node = fmt.parse("peer <g> connect-interface { <a> | <b> <c> } [ x ] { y | z } *")
        self.assertEqual(fmt.param_names(node), ["g", "a", "b", "c"])
        self.assertEqual([w.value for w in fmt.leading_words(node)], ["peer", "g", "connect-interface"])


class ModelsTest(unittest.TestCase):
    def test_note_and_headings(self):
        self.assertEqual(models.note_models(["This command is supported only on the CE6881H-48S6CQ, "
                                             "CE6885-LL (standard forwarding mode) and CE6820S."]),
                         ["CE6881H", "CE6820S", "CE6885-LL"])
        self.assertEqual(models.heading_models("For CE6885-LL (low latency mode):"),
                         ["CE6885-LL(low-latency)"])
        self.assertIsNone(models.heading_models("**peer** *x*"))
        self.assertEqual(models.combine(["CE6881H", "CE6820S"], ["CE6820S", "CE8855"]), ["CE6820S"])
        with self.assertRaises(models.ModelError):
            models.parse_list("CE9999")


class TypesTest(unittest.TestCase):
    def kind(self, name, value, desc="", **kw):
        t, _ = ptypes.classify(name, value, desc, **kw)
        return t

    def test_values(self):
        t = self.kind("hop", "The value is an integer ranging from 1 to 255. The default value is 255.")
        self.assertEqual((t.kind, t.min, t.max, t.help), ("PT_UINT", 1, 255, "INTEGER<1-255>"))
        t = self.kind("name", "The value is a string of 1 to 31 case-insensitive characters, spaces "
                      "not supported. When double quotation marks are used around the string, "
                      "spaces are allowed in the string.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_STRING", 1, 31))
        self.assertTrue(t.flags & ptypes.PTF_QUOTE_SPACES and t.flags & ptypes.PTF_CASE_INSENSITIVE)
        t = self.kind("text", "The value is a string of 1 to 242 characters, spaces supported.",
                      last_word=True)
        self.assertTrue(t.flags & ptypes.PTF_REST_OF_LINE)
        self.assertEqual(self.kind("a", "The value is in dotted decimal notation.").kind, "PT_IPV4")
        self.assertEqual(self.kind("mask", "It is in dotted decimal notation.").kind, "PT_IPV4_MASK")
        self.assertEqual(self.kind("source-wildcard", "The value is in dotted decimal notation.").kind,
                         "PT_WILDCARD")
        self.assertEqual(self.kind("area-id", "The value can be a decimal integer ranging from 0 to "
                                   "4294967295 or in the format of an IP address.").kind, "PT_AREA")
        self.assertEqual(self.kind("x", "The format is X:X:X:X:X:X:X:X.").kind, "PT_IPV6")
        self.assertEqual(self.kind("mac", "The value is in the format of H-H-H.").kind, "PT_MAC")
        self.assertEqual(self.kind("d", "The value is in the format of YYYY/MM/DD.").kind, "PT_DATE")
        t = self.kind("t", "The value is in the format of hh:mm.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_TIME", 2, 2))
        t = self.kind("v", "The value is an integer that ranges from -10 to 10.")
        self.assertEqual((t.kind, ptypes.to_signed(t.min), ptypes.to_signed(t.max)), ("PT_INT", -10, 10))
        t = self.kind("h", "The value ranges from 0 to ffff, in hexadecimal notation.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_HEX", 0, 0xFFFF))
        self.assertEqual(self.kind("as-number", "For an integral AS number, the value is an integer "
                                   "ranging from 1 to 4294967295. For an AS number in dotted notation, "
                                   "the value is in the format of x.y").kind, "PT_ASN")
        self.assertEqual(self.kind("acl", "The value is an integer ranging from 2000 to 2999, "
                                   "3000 to 3999.").max, 3999)
        # a string whose allowed characters include "integers" (organization-unit)
        t = self.kind("organization-unit-name", "The value is a string of 1 to 31 case-sensitive "
                      "characters. The characters can be letters, integers, apostrophe ('), "
                      "and spaces.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_STRING", 1, 31))

    def test_fixed_value_spaces_and_ciphertext(self):
        t = self.kind("dfs-group-id", "The value must be 1.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_UINT", 1, 1))
        # "It cannot contain spaces": not even in quotes
        t = self.kind("user-name", "The value is a string of 1 to 253 case-sensitive characters. "
                      "It cannot contain spaces.")
        self.assertEqual(t.flags & (ptypes.PTF_QUOTE_SPACES | ptypes.PTF_REST_OF_LINE), 0)
        # a mention of quotation marks among the characters refused is no
        # permission to quote blanks
        t = self.kind("user-name", "The value is a string of 1 to 253 characters. It cannot "
                      "contain spaces, asterisk, double quotation mark and question mark.")
        self.assertEqual(t.flags & ptypes.PTF_QUOTE_SPACES, 0)
        t = self.kind("pwdtext", "The value is a string of 8 to 16 case-sensitive characters in "
                      "clear text or a string of 128 case-sensitive characters in ciphertext. The "
                      "character string can contain spaces if it is enclosed with double "
                      "quotation marks (\").")
        self.assertTrue(t.flags & ptypes.PTF_QUOTE_SPACES and t.flags & ptypes.PTF_CIPHER)
        # lengths listed with a closing span ("88-168 characters")
        t = self.kind("host-string", "Enter a community name in ciphertext. The non-cipher text is "
                      "a string of 8 to 32 characters, and the cipher text is a string of 32, 44, "
                      "56, 80, 88, 88-168 characters.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_STRING", 8, 168))
        # a key in hexadecimal or in ciphertext: both lengths count
        t = self.kind("string-key", "The value is a hexadecimal string consisting of between 32 "
                      "and 64 characters (must be an even number of characters). The value can "
                      "also be a string of 148 to 188 characters in ciphertext.")
        self.assertEqual((t.kind, t.min, t.max), ("PT_STRING", 32, 188))

    def test_names_and_fallback(self):
        self.assertEqual(self.kind("interface-type", "-").kind, "PT_IFTYPE")
        self.assertEqual(self.kind("interface-name", None).kind, "PT_IFNAME")
        self.assertEqual(self.kind("peer-ipv6-address", "-").kind, "PT_IPV6")
        t, src = ptypes.classify("x", "The value depends on the device.", "")
        self.assertEqual((t.kind, t.max, src), ("PT_STRING", ptypes.GENEROUS_STRING, "fallback"))

    def test_model_segments(self):
        v = ("For the CE6881H and CE6820S: The value is an integer ranging from 1 to 4094.  "
             "For the CE6885-LL (low latency mode): The value is an integer ranging from 1 to 1023.")
        self.assertEqual(self.kind("vlan", v, models_hint=["CE6885-LL(low-latency)"]).max, 1023)
        self.assertEqual(self.kind("vlan", v, models_hint=["CE6881H"]).max, 4094)
        self.assertEqual(self.kind("vlan", v).max, 4094)

    def test_enumeration(self):
        self.assertEqual(ptypes.enumeration("The value is an enumerated type: * both: adds. "
                                            "* export-extcommunity: exports. * import-extcommunity: x"),
                         ["both", "export-extcommunity", "import-extcommunity"])
        self.assertIsNone(ptypes.enumeration("The value is an integer ranging from 1 to 3. "
                                             "The options are as follows: * 1 * 2"))


class RowsTest(unittest.TestCase):
    def test_page_rows(self):
        rep = report.Report()
        rs = rows.Builder(NoOverrides(), rep).page_rows(page_from(PAGE, "peer_ci"))
        self.assertEqual([r.format for r in rs], [
            "peer <group-name> connect-interface { <interface-name> | <interface-type> "
            "<interface-number> | <ipv4-source-address> }",
            "undo peer <group-name> connect-interface"])
        r = rs[0]
        self.assertEqual(r.title, "peer connect-interface")
        self.assertEqual(r.views, ["BGP view", "BGP multi-instance view"])
        self.assertEqual((r.level, r.kind), (2, kinds.GEN_CONFIG))
        self.assertEqual(r.models, ["CE6881H", "CE6820S", "CE6885-LL"])
        self.assertEqual({n: t.kind for n, t, _ in r.params},
                         {"group-name": "PT_STRING", "interface-name": "PT_IFNAME",
                          "interface-type": "PT_IFTYPE", "interface-number": "PT_IFNUM",
                          "ipv4-source-address": "PT_IPV4"})
        self.assertEqual([x.idtoks for x in rs], [3, 3])

    def test_identity(self):
        def counts(*formats):
            class R:
                pass
            rs = []
            for f in formats:
                r = R()
                r.node, r.idtoks = fmt.parse(f), -1
                r.kind = kinds.GEN_CONFIG
                rs.append(r)
            kinds.identity_counts(rs)
            return [r.idtoks for r in rs]
        self.assertEqual(counts("vlan <vlan-id>", "undo vlan <vlan-id>"), [2, 2])
        self.assertEqual(counts("peer <ip> as-number <as>", "undo peer <ip>"), [3, 2])
        self.assertEqual(counts("description <text>", "undo description"), [1, 1])
        self.assertEqual(counts("interface { <n> | <t> <u> }", "undo interface { <n> | <t> <u> }"),
                         [0, 0])
        self.assertEqual(counts("peer { <g> | <ip> } enable", "undo peer { <g> | <ip> } enable"),
                         [3, 3])
        self.assertEqual(counts("vpn-target { <rt> } &<1-8> [ both | export ]",
                                "undo vpn-target { <rt> } &<1-8>", "undo vpn-target all"), [0, 0, 2])
        self.assertEqual(counts("ospf <pid> [ router-id <r> ]", "ospf [ router-id <r> ]",
                                "undo ospf <pid>"), [2, 1, 2])
        # a closing choice of keywords is a value: typed again, the line is replaced
        self.assertEqual(counts("stp mode { stp | rstp | mstp }", "undo stp mode"), [2, 2])
        self.assertEqual(counts("rule <id> { permit | deny } <g>", "undo rule <id>"), [2, 2])
        # but not one the undo forms name: both directions stand side by side
        self.assertEqual(counts("acl <n> { inbound | outbound }", "undo acl inbound",
                                "undo acl outbound"), [3, 2, 2])
        self.assertEqual(counts("traffic-policy <p> { inbound | outbound }",
                                "undo traffic-policy { inbound | outbound }"), [3, 2])

    def test_kinds(self):
        self.assertEqual(kinds.kind_of(fmt.parse("display bgp peer"), ["BGP view"], "display bgp peer"),
                         kinds.GEN_DISPLAY)
        self.assertEqual(kinds.kind_of(fmt.parse("reset bgp all"), ["User view"], "reset bgp"),
                         kinds.GEN_ACTION)
        self.assertEqual(kinds.kind_of(fmt.parse("clear ip df"), ["Tunnel interface view"], "clear ip df"),
                         kinds.GEN_ACTION)
        self.assertEqual(kinds.kind_of(fmt.parse("clear icmp name echo receive"), ["System view"],
                                       "icmp receive"), kinds.GEN_CONFIG)


class ExamplesTest(unittest.TestCase):
    def test_prompts(self):
        lines = examples.parse_block(["<HUAWEI> system-view", "[~HUAWEI] sysname R1",
                                      "[*R1] ospf 1", "[*R1-ospf-1] area 0", "Info: output",
                                      "[*R1-ospf-1-area-0.0.0.0] quit"])
        self.assertEqual([(ln.suffix, ln.command) for ln in lines],
                         [(None, "system-view"), ("", "sysname R1"), ("", "ospf 1"),
                          ("-ospf-1", "area 0"), ("-ospf-1-area-0.0.0.0", "quit")])


class TemplatesTest(unittest.TestCase):
    def test_make_and_combine(self):
        uint = ptypes.PType("PT_UINT", 1, 4294967295)
        area = ptypes.PType("PT_AREA", 0, 4294967295)
        self.assertEqual(templates.make("-ospf-1", {"process-id": "1"}, {"process-id": uint}),
                         "-ospf-{process-id}")
        self.assertEqual(templates.make("-vlan10", {"vlan-id": "10"}, {"vlan-id": uint}),
                         "-vlan{vlan-id}")
        self.assertEqual(templates.make("-area-0.0.0.1", {"area-id": "1"}, {"area-id": area}),
                         "-area-{area-id}")
        # a value inside a longer number is not the value
        self.assertEqual(templates.make("-peer10.1.1.1", {"n": "1"}, {"n": uint}), "-peer10.1.1.1")
        evs = [("-ospf-{process-id}", {"process-id": "1"}), ("-ospf-1", {}),
               ("-ospf-{process-id}", {"process-id": "2"})]
        self.assertEqual(templates.combine(evs, None), "-ospf-{process-id|1}")


class MatchTest(unittest.TestCase):
    def test_values(self):
        self.assertTrue(match.value_ok(ptypes.PType("PT_IPV4_MASK"), "255.255.255.0"))
        self.assertFalse(match.value_ok(ptypes.PType("PT_IPV4_MASK"), "255.0.255.0"))
        self.assertTrue(match.value_ok(ptypes.PType("PT_IFNAME", 1, 63), "10GE1/0/1.100"))
        self.assertTrue(match.value_ok(ptypes.PType("PT_MAC"), "00e0-fc12-3456"))
        self.assertFalse(match.value_ok(ptypes.PType("PT_UINT", 1, 10), "11"))

    def test_lines(self):
        rep = report.Report()
        rs = rows.Builder(NoOverrides(), rep).page_rows(page_from(PAGE, "peer_ci"))
        idx = match.Index(rs)
        hits = idx.lookup("peer test connect-interface LoopBack 0")
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits[0][1]["interface-type"], "LoopBack")
        self.assertEqual(idx.lookup("peer test connect-interface 10.1.1.1")[0][1]["ipv4-source-address"],
                         "10.1.1.1")
        self.assertEqual(idx.lookup("peer test connect-interface 10.1.1.300"), [])


class OverridesTest(unittest.TestCase):
    def test_load(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("# comment\n\nptype\n  page: *\n  param: text\n  type: PT_STRING 1 80 "
                    "PTF_REST_OF_LINE\n  reason: a description\n    runs on.\n")
        try:
            ov = overrides.load(f.name)
            e = ov.ptype("any", "text")
            self.assertEqual(e.reason, "a description runs on.")
            t = rows.parse_type_spec(e["type"])
            self.assertEqual((t.kind, t.min, t.max, t.flags), ("PT_STRING", 1, 80, ptypes.PTF_REST_OF_LINE))
            self.assertEqual(ov.unused(), [])
        finally:
            os.unlink(f.name)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("ptype\n  page: *\n  param: text\n  type: PT_UINT\n")
        try:
            with self.assertRaises(overrides.OverrideError):
                overrides.load(f.name)
        finally:
            os.unlink(f.name)


class OverrideEffectsTest(unittest.TestCase):
    def test_keyword_views_and_format(self):
        page = ValidateTest.small_page(
            "ip_address", ["**ip address** *ip-address* *mask* [ *sub* ]", "**access** { **a** | \\* }"],
            "Loopback interface view",
            "| *ip-address* | A. | The value is in dotted decimal notation. |\n"
            "| *mask* | M. | The value is in dotted decimal notation. |\n"
            "| *sub* | Secondary. | - |")
        text = ("keyword\n  page: ip_address\n  param: sub\n  reason: a word\n\n"
                "views\n  page: ip_address\n  views: Tunnel interface view, Loopback interface view\n"
                "  reason: test\n\n"
                "format\n  page: ip_address\n  from: access { a | * }\n  to: access a\n  reason: test\n")
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(text)
        try:
            ov = overrides.load(f.name)
            rep = report.Report()
            rs = rows.Builder(ov, rep).page_rows(page)
            self.assertEqual(ov.unused(), [])
        finally:
            os.unlink(f.name)
        self.assertEqual([r.format for r in rs], ["ip address <ip-address> <mask> [ sub ]", "access a"])
        self.assertEqual(rs[0].views, ["Tunnel interface view", "Loopback interface view"])
        self.assertEqual([n for n, _, _ in rs[0].params], ["ip-address", "mask"])
        self.assertEqual(rs[0].params[1][1].kind, "PT_IPV4_MASK")
        self.assertEqual(len(rep.rejected), 0)


class EnumerationTest(unittest.TestCase):
    def test_enumerations_become_keywords(self):
        page = ValidateTest.small_page(
            "vt", ["**vpn-target** *rt* [ *type* ]", "**mode** *type* *rt*"], "VPN instance view",
            "| *rt* | R. | The value is an integer ranging from 1 to 9. |\n"
            "| *type* | T. | The value is an enumerated type: * both: b. * export-extcommunity: e. |")
        rs = rows.Builder(NoOverrides(), report.Report()).page_rows(page)
        self.assertEqual([r.format for r in rs], ["vpn-target <rt> [ both | export-extcommunity ]",
                                                  "mode { both | export-extcommunity } <rt>"])
        self.assertEqual([[n for n, _, _ in r.params] for r in rs], [["rt"], ["rt"]])


class GuideTest(unittest.TestCase):
    """The order, blocks and families read from the guide's scripts."""

    def test_parse(self):
        top = guide.parse(["#", "sysname A", "#", "vlan batch 10", "lldp enable", "#",
                           "bgp 100", " router-id 1.1.1.1", " #", " ipv4-family unicast",
                           "  peer 1.1.1.1 enable", "#", "return"])
        self.assertEqual([n.text for n in top],
                         ["sysname A", "vlan batch 10", "lldp enable", "bgp 100"])
        self.assertEqual([n.sep_before for n in top], [True, True, False, True])
        bgp = top[3]
        self.assertEqual([k.text for k in bgp.kids], ["router-id 1.1.1.1", "ipv4-family unicast"])
        self.assertTrue(bgp.kids[1].sep_before)
        self.assertEqual(bgp.kids[1].kids[0].text, "peer 1.1.1.1 enable")

    def test_linear_order(self):
        # a before b twice, b before a once; c after both; the anchors keep
        # their order
        pairs = {("a", "b"): 2, ("b", "a"): 1, ("a", "c"): 3, ("b", "c"): 3,
                 ("X", "a"): 1, ("c", "Y"): 1}
        order = guide.linear_order({"a", "b", "c", "X", "Y"}, pairs, ["X", "Y"])
        self.assertEqual(order, ["X", "a", "b", "c", "Y"])
        self.assertEqual(guide.broken_pairs(order, pairs), 1)

    def test_linear_order_closed(self):
        # z (an IPv4-only line such as `isis enable`) comes after A and
        # before its cluster c1, c2; B's scripts show B before z, but c1
        # and c2 are seen with A only and settle right after it, and z must
        # precede them: one key moved at a time cannot get them past B
        pairs = {("A", "c1"): 5, ("A", "c2"): 5, ("A", "z"): 5, ("z", "c1"): 9,
                 ("z", "c2"): 9, ("B", "z"): 3, ("B", "x"): 2, ("x", "C"): 2}
        keys = {"A", "B", "C", "c1", "c2", "z", "x"}
        free = guide.linear_order(keys, pairs, ["A", "B", "C"])
        self.assertLess(free.index("z"), free.index("B"))
        # closed: nothing between A and B but what the guide shows there
        order = guide.linear_order(keys, pairs, ["A", "B", "C"], frozenset({("A", "B")}))
        self.assertEqual(order.index("B"), order.index("A") + 1)
        self.assertLess(order.index("B"), order.index("z"))
        self.assertEqual(guide.broken_pairs(order, pairs), 0)
        # x stands between B and C in the guide: closing (B, C) keeps it there
        order = guide.linear_order(keys, pairs, ["A", "B", "C"], frozenset({("B", "C")}))
        self.assertTrue(order.index("B") < order.index("x") < order.index("C"))

    def test_numbers(self):
        val = guide._numbers(["p", "A", "q", "r", "B"], {"A": 100, "B": 400}, 0, 1000)
        self.assertEqual(val, {"p": 50, "A": 100, "q": 200, "r": 300, "B": 400})
        # no room between anchors of one value: the keys share it
        val = guide._numbers(["A", "q", "B"], {"A": 5, "B": 5}, 0, 10)
        self.assertEqual(val["q"], 5)

    def test_families_and_optional_keywords(self):
        class R:
            def __init__(self, f):
                self.node = fmt.parse(f)
        vr = R("vrrp vrid <virtual-router-id> priority <priority-value>")
        self.assertEqual(guide.family_of(vr), "vrrp vrid")
        self.assertEqual(guide.family_value(vr, {"virtual-router-id": "1"}), "1")
        peer = R("peer { <ipv4-address> | <group-name> } as-number <as-number>")
        self.assertEqual(guide.family_of(peer), "peer")
        self.assertEqual(guide.family_value(peer, {"group-name": "g"}), "g")
        self.assertIsNone(guide.family_of(R("undo vrrp vrid <virtual-router-id>")))
        self.assertIsNone(guide.family_of(R("vlan <vlan-id>")))
        self.assertEqual(guide._optional_keywords(R("acl [ number ] <acl-number>")),
                         [("number", "acl-number")])


    def test_sub_keys_by_views(self):
        # `version` of the RIP view and of the ERPS ring view: each has its
        # own place inside views (the guide's RIP scripts show it before
        # `network`, its ERPS ring scripts after `guard-timer`); a title of
        # one set of views, an anchor and a family's command keep one key
        class R:
            def __init__(self, f, title, views, page):
                self.node = fmt.parse(f)
                self.title, self.views, self.page, self.undo = title, views, page, False
        rip = R("version <version-num>", "version", ["RIP view"], "version_(RIP_view)")
        erps = R("version { v1 | v2 }", "version", ["ERPS ring view"], "version_(ERPS)")
        net = R("network <network-address>", "network", ["RIP view"], "network_(RIP)")
        ip4 = R("ip address <ip-address> <mask>", "ip address", ["Interface view"], "ip_a")
        ip6 = R("ip address <ip-address> <mask>", "ip address", ["VLANIF view"], "ip_b")
        vip = R("vrrp vrid <virtual-router-id> virtual-ip <virtual-address>",
                "vrrp vrid virtual-ip", ["Interface view"], "vrrp_a")
        vip2 = R("vrrp vrid <virtual-router-id> virtual-ip <virtual-address>",
                 "vrrp vrid virtual-ip", ["VLANIF view"], "vrrp_b")
        guide.qualify([rip, erps, net, ip4, ip6, vip, vip2],
                      [guide.Anchor("ip address", guide.SUB, "IFO_IPV4", 5)])
        self.assertEqual(guide.sub_key(rip), "version @RIP view")
        self.assertEqual(guide.sub_key(erps), "version @ERPS ring view")
        self.assertEqual(guide.sub_key(net), "network")
        self.assertEqual(guide.sub_key(ip6), "ip address")
        self.assertEqual(guide.sub_key(vip2), "vrrp vrid virtual-ip")
        guide.qualify([], [])

    def test_value_pairs(self):
        # the VRRP interfaces of DeviceA and DeviceB in the guide's "Example
        # for Configuring VRRP in Single-Gateway Load Balancing Mode": one
        # value's commands in their order; a line of another value (vrid 2)
        # says nothing about the order of the family's commands
        class R:
            def __init__(self, f, title):
                self.node = fmt.parse(f)
                self.title = title
                self.undo = False
        vip = R("vrrp vrid <virtual-router-id> virtual-ip <virtual-address>", "vrrp vrid virtual-ip")
        lb = R("vrrp vrid <virtual-router-id> load-balance", "vrrp vrid load-balance")
        pri = R("vrrp vrid <virtual-router-id> priority <priority-value>", "vrrp vrid priority")

        def sect(lines):
            s = guide.Node("interface 100GE1/0/3", 0)
            for r, v in lines:
                n = guide.Node("vrrp vrid %s" % v, 1)
                n.row, n.key, n.binds = r, guide.order_key(r), {"virtual-router-id": v}
                s.kids.append(n)
            return s
        g = guide.Guide.__new__(guide.Guide)
        g.scripts = [("DeviceA", [sect([(vip, "1"), (lb, "1"), (pri, "1")])]),
                     ("DeviceB", [sect([(vip, "1"), (lb, "1"), (pri, "2")])])]
        vp = g.value_pairs()
        self.assertEqual(vp[("vrrp vrid virtual-ip", "vrrp vrid load-balance")], 2)
        self.assertEqual(vp[("vrrp vrid load-balance", "vrrp vrid priority")], 1)
        self.assertEqual(vp[("vrrp vrid load-balance", "vrrp vrid virtual-ip")], 0)
        order = guide.linear_order({"vrrp vrid virtual-ip", "vrrp vrid load-balance",
                                    "vrrp vrid priority"}, vp, [])
        self.assertEqual(order, ["vrrp vrid virtual-ip", "vrrp vrid load-balance",
                                 "vrrp vrid priority"])

    def test_family_override(self):
        # `isis enable <process-id>` shares no words with `isis process-id
        # <process-id> cost <cost>`; the override puts it in that family,
        # valued by its first parameter, `isis enable` with no value too
        class R:
            def __init__(self, f, title, undo=False):
                self.node = fmt.parse(f)
                self.title, self.undo = title, undo

        class Ov:
            def __init__(self, entries):
                self.entries = entries

            def of(self, directive):
                return self.entries if directive == "family" else []

        class E(dict):
            used = 0
            reason = "r"
        en = R("isis enable <process-id>", "isis enable")
        en0 = R("isis enable", "isis enable")
        cost = R("isis process-id <process-id> cost <cost>", "isis cost")
        undo = R("undo isis enable <process-id>", "isis enable", undo=True)
        e = E(command="isis enable", family="isis process-id")
        try:
            self.assertEqual(guide.read_families(Ov([e]), [en, en0, cost, undo],
                                                 report.Report()), 1)
            self.assertEqual(e.used, 1)
            self.assertEqual(guide.family_of(en), "isis process-id")
            self.assertEqual(guide.family_of(en0), "isis process-id")
            self.assertEqual(guide.family_of(cost), "isis process-id")
            self.assertIsNone(guide.family_of(undo))
            self.assertEqual(guide.family_value(en, {"process-id": "2"}), "2")
            self.assertIsNone(guide.family_value(en0, {}))
        finally:
            guide._FAMILY_ALIAS.clear()
        self.assertIsNone(guide.family_of(en))


class ValidateTest(unittest.TestCase):
    """The tables written by emit.py read back by validate.py: a sound set
    passes, and each kind of damage is reported."""

    @staticmethod
    def small_page(pid, formats, views, params=""):
        text = ("%s\n=====\n\nFunction\n--------\n\nx\n\nFormat\n------\n\n%s\n\n"
                "Parameters\n----------\n\n| Parameter | Description | Value |\n| --- | --- | --- |\n%s\n\n"
                "Views\n-----\n\n%s\n\nDefault Level\n-------------\n\n2: Configuration level\n\n"
                "Usage Guidelines\n----------------\n\nx\n\nExample\n-------\n\nx\n"
                % (pid, "\n\n".join(formats), params, views))
        return page_from(text, pid)

    def tables(self, root, mutate=None):
        rep = report.Report()
        b = rows.Builder(NoOverrides(), rep)
        rs = b.page_rows(page_from(PAGE, "peer_ci"))
        rs += b.page_rows(self.small_page("system-view", ["**system-view**"], "User view"))
        rs += b.page_rows(self.small_page(
            "bgp", ["**bgp** *as-number*", "**bgp** *as-number* **instance** *instance-name*"],
            "System view",
            "| *as-number* | AS. | The value is an integer ranging from 1 to 4294967295. |\n"
            "| *instance-name* | A name. | The value is a string of 1 to 31 characters. |"))
        for i, r in enumerate(rs):
            r.index = i

        def view(name, parent, prompt, enter):
            v = viewsmod.View(name)
            v.parent, v.prompt, v.enter = parent, prompt, enter
            return v
        vs = [view("System view", "User view", "", [2]), view("User view", "", "", []),
              view("BGP view", "System view", "-bgp", [3]),
              view("BGP multi-instance view", "System view", "-bgp-instance-{instance-name}", [4])]
        if mutate:
            mutate(rs, vs)
        os.makedirs(os.path.join(root, "views", "gen"))
        emit.write(emit.Tables(rs, vs), os.path.join(root, "views", "gen"), "/* */\n")
        return validate.check(root)[0].problems

    def test_sound_tables_pass(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(self.tables(d), [])

    def test_damage_is_reported(self):
        def bad_format(rs, vs):
            rs[0].format = rs[0].format.replace("}", "", 1)
        def untyped(rs, vs):
            rs[0].params = rs[0].params[1:]
        def unknown_view(rs, vs):
            rs[1].views = ["No such view"]
        def unknown_model(rs, vs):
            rs[1].models = ["CE9999"]
        def enter_elsewhere(rs, vs):
            vs[2].parent = "User view"
        def bad_placeholder(rs, vs):
            vs[3].prompt = "-bgp-instance-{name}"
        def bad_condition(rs, vs):
            vs[3].prompt = "-bgp-instance-{instance-name};what?"
        cases = ((bad_format, "the grammar refuses it"), (untyped, "has no type"),
                 (unknown_view, "not in gen_views"), (unknown_model, "unknown model"),
                 (enter_elsewhere, "does not run in"), (bad_placeholder, "no parameter"),
                 (bad_condition, "condition"))
        for mutate, what in cases:
            with tempfile.TemporaryDirectory() as d:
                problems = self.tables(d, mutate)
            self.assertTrue(any(what in p for p in problems), (what, problems))


class BgpFamilyTest(unittest.TestCase):
    def _row(self, title, views, undo=False, ord_sub=0, flags=0):
        r = rows.Row()
        r.title, r.views, r.undo, r.ord_sub, r.flags = title, views, undo, ord_sub, flags
        return r

    def test_family_commands_of_the_bgp_view(self):
        bgp, af = bgpfamily.BGP_VIEW, bgpfamily.AF4_VIEW
        own = self._row("import-route", [bgp], ord_sub=5)
        fam = self._row("import-route", [af, "BGP-VPN instance IPv4 address family view"],
                        ord_sub=70)
        fam_own = self._row("import-route", [af], ord_sub=80, flags=guide.GENF_KEYED)
        both = self._row("peer next-hop-local", [bgp, af], ord_sub=9)
        undo = self._row("import-route", [bgp], undo=True, ord_sub=6)
        bgp_only = self._row("router-id", [bgp], ord_sub=3)
        other = self._row("import-route", ["OSPF view"], ord_sub=4)
        n = bgpfamily.mark([own, fam, fam_own, both, undo, bgp_only, other])
        self.assertEqual(n, 2)
        self.assertTrue(own.flags & bgpfamily.GENF_AF4)
        self.assertTrue(both.flags & bgpfamily.GENF_AF4)
        # a BGP view row alone takes its place from the family's own row
        self.assertEqual(own.ord_sub, 80)
        self.assertTrue(own.flags & guide.GENF_KEYED)
        # a row of both views keeps its place, learned in the family
        self.assertEqual(both.ord_sub, 9)
        # an undo form with no family row of its own, and the BGP view's
        # own commands, are untouched
        self.assertEqual((undo.flags, undo.ord_sub), (0, 6))
        self.assertEqual((bgp_only.flags, other.flags), (0, 0))


if __name__ == "__main__":
    unittest.main()
