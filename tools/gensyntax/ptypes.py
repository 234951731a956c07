"""Parameter types: a Parameters table row (its Value and Description
cells) and the parameter's name -> a kind of parser/ptype.h with its
constraints and the token '?' shows.

The Value column is free English written by many hands.  The rules below
are tried in order; each recognises one way the reference states a type
("The value is an integer ranging from 1 to 255", "in dotted decimal
notation", "in the format of H-H-H" ...).  Where the Value cell says
nothing usable ("-", "The value must be an existing ..."), the parameter's
name and description decide for the few names whose meaning is fixed
(interface-type, ipv4-address, mac-address ...).  What no rule recognises
becomes a string with generous bounds, counted as a fallback.
"""

import re

from pages import unescape

# Kinds, named as in parser/ptype.h (enum ptype_kind).  The values are
# written to the C tables by name, never by number.
KINDS = ("PT_STRING", "PT_UINT", "PT_ASN", "PT_IPV4", "PT_IPV4_MASK", "PT_IPV6",
         "PT_IPV6_PREFIX", "PT_RD", "PT_VPN_TARGET", "PT_IFTYPE", "PT_IFNUM", "PT_IFNAME",
         # added with the generated command set
         "PT_MAC", "PT_DATE", "PT_TIME", "PT_HEX", "PT_WILDCARD", "PT_INT", "PT_AREA",
         "PT_IPV4_PREFIX")

PTF_QUOTE_SPACES = 0x01
PTF_REST_OF_LINE = 0x02
PTF_CASE_INSENSITIVE = 0x10
PTF_CIPHER = 0x20
FLAG_NAMES = {PTF_QUOTE_SPACES: "PTF_QUOTE_SPACES", PTF_REST_OF_LINE: "PTF_REST_OF_LINE",
              PTF_CASE_INSENSITIVE: "PTF_CASE_INSENSITIVE", PTF_CIPHER: "PTF_CIPHER"}

U32 = 4294967295
U64 = 18446744073709551615
GENEROUS_STRING = 1024   # longest fallback string (a line holds at most 3100 characters)


class PType:
    __slots__ = ("kind", "flags", "min", "max", "help")

    def __init__(self, kind, mn=0, mx=0, flags=0, help_=None):
        assert kind in KINDS, kind
        self.kind = kind
        self.flags = flags
        self.min = mn
        self.max = mx
        self.help = help_ if help_ is not None else default_help(kind, mn, mx)

    def key(self):
        return (self.kind, self.flags, self.min, self.max, self.help)

    def __eq__(self, other):
        return isinstance(other, PType) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def __repr__(self):
        return "PType(%s %d..%d f=%#x %s)" % (self.kind, self.min, self.max, self.flags, self.help)


def default_help(kind, mn, mx):
    if kind == "PT_STRING":
        return "STRING<%d-%d>" % (mn, mx)
    if kind == "PT_UINT":
        return "INTEGER<%d-%d>" % (mn, mx)
    if kind == "PT_INT":
        return "INTEGER<%d-%d>" % (to_signed(mn), to_signed(mx))
    if kind == "PT_HEX":
        return "HEX<%x-%x>" % (mn, mx)
    return {
        "PT_ASN": "STRING<1-11>",
        "PT_IPV4": "X.X.X.X",
        "PT_IPV4_MASK": "X.X.X.X",
        "PT_WILDCARD": "X.X.X.X",
        "PT_IPV4_PREFIX": "X.X.X.X/M",
        "PT_IPV6": "X:X:X:X:X:X:X:X",
        "PT_IPV6_PREFIX": "X:X:X:X:X:X:X:X/M",
        "PT_RD": "STRING<3-21>",
        "PT_VPN_TARGET": "STRING<3-21>",
        "PT_IFTYPE": "INTERFACE-TYPE",
        "PT_IFNUM": "STRING<1-63>",
        "PT_IFNAME": "STRING<1-63>",
        "PT_MAC": "H-H-H",
        "PT_DATE": "YYYY/MM/DD",
        "PT_TIME": "HH:MM:SS" if mx != 2 else "HH:MM",
        "PT_AREA": "INTEGER<0-4294967295>|X.X.X.X",
    }[kind]


def to_signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def from_signed(v):
    return v + (1 << 64) if v < 0 else v


def fallback():
    return PType("PT_STRING", 1, GENEROUS_STRING, PTF_QUOTE_SPACES)


# ---- text helpers --------------------------------------------------------

def clean(text):
    t = unescape(text or "")
    t = t.replace("\u00b7", " ").replace("\u00a0", " ")
    t = re.sub(r"<[/a-z]+>", "", t)         # stray HTML (<b>1</b>)
    return re.sub(r"\s+", " ", t).strip()


_SEGMENT = re.compile(r"For (?:the )?(CE[^:]*?):\s*")


def model_segments(value):
    """Split a Value cell written per model ("For the CE6881H, ...: text
    For the CE6885-LL (low latency mode): text") into [(models-text, text)].
    A cell without such headings is one segment with models-text None."""
    parts = _SEGMENT.split(value)
    if len(parts) == 1:
        return [(None, value)]
    segs = []
    if parts[0].strip():
        segs.append((None, parts[0].strip()))
    for i in range(1, len(parts) - 1, 2):
        segs.append((parts[i], parts[i + 1].strip()))
    return segs


NUM = r"-?\d[\d,]*"


def _int(s):
    return int(s.replace(",", ""))


def int_ranges(text):
    """Every 'A to B' / 'A-B' / '<A-B>' range of integers in text, plus
    lone 'The value is N' values, as (lo, hi) pairs."""
    out = []
    for a, b in re.findall(r"(?<![\w:/-])(?<!\d\.)(%s)\s*(?:to|-|~)\s*(%s)(?!\.\d|[\w:/]|-\d)" % (NUM, NUM), text):
        if re.fullmatch(r"-?\d+", a.replace(",", "")) and re.fullmatch(r"-?\d+", b.replace(",", "")):
            lo, hi = _int(a), _int(b)
            if lo <= hi:
                out.append((lo, hi))
    return out


# ---- the rules -----------------------------------------------------------

IFTYPE_NAMES = re.compile(r"^(interface-type|if-type|interface_type|iftype|interface-type\d|"
                          r"interface-type-\w+|\w+-interface-type|port-type|ifType|"
                          r"ifname-type|type-interface)$", re.I)
IFNAME_NAMES = re.compile(r"^(interface-name|if-name|ifname|interface_name|ifName|"
                          r"interface-name\d|interface-name-\w+|\w+-interface-name|"
                          r"\w+-if-name|port-name|intf-name|interfaceName|ifName\d|"
                          r"\w+-ifname|member-interface|out-interface|in-interface)$", re.I)
IFNUM_NAMES = re.compile(r"^(interface-number|if-number|interface-num|interface_num|"
                         r"interface-number\d|interface-number-\w+|\w+-interface-number|"
                         r"ifnum|if-num|port-number-list|ifNum)$", re.I)


def interface_kind(name):
    if IFTYPE_NAMES.match(name):
        return "PT_IFTYPE"
    if IFNAME_NAMES.match(name):
        return "PT_IFNAME"
    if IFNUM_NAMES.match(name):
        return "PT_IFNUM"
    return None


def _is_mask_name(name):
    n = name.lower()
    return ("mask" in n and "length" not in n and "len" not in n.split("-")
            and not n.endswith("masklen") and "mask-len" not in n)


def _is_wildcard_name(name):
    return "wildcard" in name.lower()


def _is_area_name(name):
    n = name.lower()
    return n in ("area-id", "area", "areaid", "area-id1", "area-id2", "areaidipv4",
                 "area-id-ipv4", "areaid-ipv4", "area-value") or n.startswith("area-id")


def rule_asn(name, v, desc):
    if re.search(r"AS number", v) and re.search(r"dot|x\.y", v) and "Byte" not in v \
            and not re.search(r"\d-byte AS number:", v, re.I):
        return PType("PT_ASN", 1, U32)
    return None


def rule_rd_rt(name, v, desc):
    if re.search(r"\d-byte AS number:\s*\d-byte|AS number:\s*\d+-byte|IPv4-address:\s*\d-byte|"
                 r"as-number:nn|IPv4 address:\s*\d-byte|\d-byte AS number:nn", v, re.I):
        n = name.lower()
        if "distinguisher" in n or n in ("rd", "rd-value") or "route distinguisher" in desc.lower() \
                or re.search(r"\bRD\b", v[:40]):
            return PType("PT_RD")
        return PType("PT_VPN_TARGET")
    return None


def rule_mac(name, v, desc):
    if re.search(r"H-H-H|\bH-H\b", v):
        return PType("PT_MAC")
    return None


def rule_date(name, v, desc):
    if re.search(r"YYYY[/-]MM[/-]DD|yyyy[/-]mm[/-]dd", v):
        return PType("PT_DATE")
    # "YYYY specifies the year ... MM ... the month ... DD ... the day"
    if re.search(r"\bYYYY\b", v, re.I) and re.search(r"\bMM\b", v, re.I) and \
            re.search(r"\bDD\b", v, re.I):
        return PType("PT_DATE")
    return None


def rule_time(name, v, desc):
    if re.search(r"\bhh:mm:ss\b|\bHH:MM:SS\b", v, re.I):
        return PType("PT_TIME", 2, 3)    # HH:MM or HH:MM:SS
    if re.search(r"\bhh:mm\b", v, re.I) and not re.search(r"mm:ss", v, re.I):
        return PType("PT_TIME", 2, 2)
    # "HH specifies the hour ... MM specifies the minute [... SS ...]",
    # "The value of HH is ... The value of MM or SS is ..."
    if re.search(r"\bHH\b", v) and re.search(r"\bMM\b", v) and not re.search(r"YYYY|\bDD\b", v):
        return PType("PT_TIME", 2, 3 if re.search(r"\bSS\b", v) else 2)
    return None


def states_address(family, v):
    """Does the text say the value is an address of that family (not
    merely mention one)?"""
    return re.match(r"(?:The (?:value|address) (?:is|must be) )?(?:an? )?(?:valid )?(?:unicast )?"
                    + family + r" (?:unicast )?address", v, re.I) is not None


def rule_either_address(name, v, desc):
    """"An IPv4 address is in dotted decimal notation. An IPv6 address is
    ... X:X:X:X:X:X:X:X": no kind takes both, a string as long as the
    longest IPv6 address does."""
    if re.search(r"IPv4", v) and re.search(r"dotted|IPv4 address", v) and \
            re.search(r"X:X:X:X|IPv6 address", v):
        return PType("PT_STRING", 1, 46, 0, "X.X.X.X|X:X:X:X:X:X:X:X")
    return None


def rule_ipv6(name, v, desc):
    if not (re.search(r"X:X:X:X:X:X:X:X|hexadecimal.*colon|FF[\dx]*::|"
                      r"\b[0-9A-Fa-fx]{2,4}:[0-9A-Fa-fx]{0,4}:", v)
            or states_address("IPv6", v)):
        return None
    if re.search(r"integer", v) and not re.search(r"X:X", v):
        return None
    n = name.lower()
    if "/" in n or re.search(r"X:X:X:X:X:X:X:X/", v):
        return PType("PT_IPV6_PREFIX", 0, 128)
    return PType("PT_IPV6")


def rule_area(name, v, desc):
    """An OSPF/IS-IS area ID: a number or a dotted quad."""
    if (_is_area_name(name) or "area" in desc.lower()) and \
            re.search(r"IP address|dotted", v) and re.search(r"integer|decimal", v):
        return PType("PT_AREA", 0, U32)
    return None


def _contiguous_mask(text):
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) < 256 for p in parts):
        return False
    n = 0
    for p in parts:
        n = n << 8 | int(p)
    inv = ~n & 0xFFFFFFFF
    return inv & (inv + 1) == 0


def rule_dotted(name, v, desc):
    if not (re.search(r"dotted|X\.X\.X\.X|\d+\.\d+\.\d+\.\d+ to \d+\.\d+\.\d+\.\d+", v, re.I)
            or states_address("IPv4", v)):
        return None
    if re.search(r"[#X]{4}\.[#X]{4}", v):
        return None                  # IS-IS system and LSP IDs: XXXX.XXXX.XXXX
    if re.match(r"(?:The value is )?an? (?:\w+ )?string", v, re.I):
        return None                  # a name that may also be an address (tracert HOST)
    if re.search(r"integer", v, re.I) and not re.search(r"dotted|X\.X\.X\.X", v, re.I):
        return None
    if _is_area_name(name) or (re.search(r"integer", v, re.I) and re.search(r"dotted|IP address", v)):
        return PType("PT_AREA", 0, U32)
    if "/" in name:
        return PType("PT_IPV4_PREFIX", 0, 32)
    if _is_wildcard_name(name) or "wildcard" in v.lower()[:60]:
        return PType("PT_WILDCARD")
    if _is_mask_name(name):
        low = re.search(r"from (\d+\.\d+\.\d+\.\d+) to", v)
        if low and not _contiguous_mask(low.group(1)):
            return PType("PT_WILDCARD")  # a step mask (0.0.0.1 ...), not a network mask
        return PType("PT_IPV4_MASK")
    return PType("PT_IPV4")


def rule_hex(name, v, desc):
    if not re.search(r"hexadecimal|\b0x[0-9a-f]+\b", v, re.I):
        return None
    # "a 2-digit hexadecimal number", "a 32-bit hexadecimal ..."
    m = re.search(r"(\d+)[- ](bit|digit) hexadecimal", v)
    if m:
        bits = int(m.group(1)) * (4 if m.group(2) == "digit" else 1)
        if bits <= 64:
            return PType("PT_HEX", 0, (1 << bits) - 1)
    # a range written in hexadecimal: "0x0 to 0xFFFF", "0 to ffff, in hexadecimal"
    m = re.search(r"(?<![\w-])(0x[0-9a-f]+|[0-9a-f]+)\s*(?:to|-)\s*(0x[0-9a-f]+|[0-9a-f]+)(?![\w-])"
                  r"(,? in hexadecimal)?", v, re.I)
    if m and any(re.search(r"0x|[a-f]", g, re.I) for g in m.groups()[:2]):
        lo, hi = (int(x, 16) for x in m.groups()[:2])
        if lo <= hi:
            return PType("PT_HEX", lo, hi)
    if m and m.group(3):
        # "ranges from 10 to 64, in hexadecimal notation": decimal bounds
        # are the length of a hexadecimal string
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi:
            return PType("PT_STRING", max(lo, 1), hi)
    # "only the following values are supported: * 8028: E-Link LSA * a00a: ..."
    listed = [int(x, 16) for x in re.findall(r"\*\s*(?:0x)?([0-9a-f]{1,16}):", v, re.I)]
    if len(listed) >= 2:
        return PType("PT_HEX", min(listed), max(listed))
    if re.search(r"cipher ?text", v, re.I):
        return None                  # a key given in hexadecimal or as ciphertext: a string
    m = re.search(r"(\d+) to (\d+) (?:hexadecimal )?(?:digits|characters)|"
                  r"between (\d+) and (\d+) (?:hexadecimal )?(?:digits|characters)", v)
    if m:
        lo, hi = (int(x) for x in (m.groups()[:2] if m.group(1) else m.groups()[2:]))
        if hi <= 16 and not re.search(r"string", v):
            return PType("PT_HEX", 0, (1 << (4 * hi)) - 1)
        # a long hexadecimal string: its length is what can be checked
        return PType("PT_STRING", max(lo, 1), hi)
    return None


_STRINGY = re.compile(r"\bstring\b|characters?\b", re.I)


def rule_integer(name, v, desc):
    if not re.search(r"integer|ranges? from|range (is|of)|value is \d|value must be \d|<\d|"
                     r"\d+ to \d+|decimal|can be \d", v, re.I):
        return None
    if _STRINGY.search(v) and not re.search(r"integer", v, re.I):
        return None                  # a string whose text mentions numbers
    if re.match(r"\s*The value is a (?:[\w-]+ )?string\b", v, re.I):
        return None                  # "a string of ... characters: letters, integers, ..."
    if re.search(r"format of [a-z]+:[a-z]+|in the format of [\w#]+[.:][\w#]+", v, re.I):
        return None                  # aa:nn, a:b:c, XXdXXh ... are not numbers
    head = re.split(r"\. (?:The default|If |This |You |For example|A (?:larger|smaller)|"
                    r"The smaller|The larger|The configured|By default)", v)[0]
    rngs = int_ranges(head)
    if not rngs:
        m = re.fullmatch(r"The value (?:is|must be) (?:an integer )?(\d+)\.?", head.strip())
        if m:
            n = int(m.group(1))
            rngs = [(n, n)]
    # "0 or an integer ranging from 3 to 65535", "can be 0, or ranges from 60 to ..."
    for m in re.finditer(r"(?:^|\s)(-?\d+),? or (?:an integer |a value )?(?:ranging |that ranges |"
                         r"in the range |ranges )?from", head):
        rngs.append((int(m.group(1)), int(m.group(1))))
    # "can be set to 4, 8, 16, or 32", "The value is 1, 2, or 3"
    for m in re.finditer(r"(?:can be|is)(?: set to)? (\d+(?:(?:,|,? or|,? and) \d+)+)\b", head):
        for n in re.findall(r"\d+", m.group(1)):
            rngs.append((int(n), int(n)))
    # "which can be as follows: 0: Reserved 5: LOCAL_PREF ..."
    if re.search(r"as follows", head):
        for n in re.findall(r"(?:^|\s)(\d+):\s*[A-Za-z]", head):
            rngs.append((int(n), int(n)))
    if not rngs:
        return None
    lo = min(r[0] for r in rngs)
    hi = max(r[1] for r in rngs)
    if lo < 0:
        return PType("PT_INT", from_signed(lo), from_signed(hi))
    if hi > U64:
        return None
    return PType("PT_UINT", lo, hi)


def rule_string(name, v, desc, last_word):
    if not _STRINGY.search(v):
        return None
    flags = 0
    low = v.lower()
    if "case-insensitive" in low or "case insensitive" in low or "not case-sensitive" in low:
        flags |= PTF_CASE_INSENSITIVE
    # Every stated length counts: a password may be 1 to 8 characters in
    # plain text and 24 to 128 in cipher text.
    spans = [(int(a), int(b)) for a, b in
             re.findall(r"(\d+) to (\d+) (?:[\w-]+ ){0,3}(?:characters|bytes|digits|letters)", v)]
    spans += [(int(a), int(b)) for a, b in
              re.findall(r"string (?:of |ranging from |with a length of |length )?(\d+) to (\d+)", v)]
    spans += [(int(a), int(b)) for a, b in
              re.findall(r"length (?:ranges |of )?(?:from )?(\d+) to (\d+)", v)]
    spans += [(int(n), int(n)) for n in re.findall(r"string of (\d+) (?:[\w-]+ )?characters", v)]
    # "a hexadecimal string consisting of between 32 and 64 characters"
    spans += [(int(a), int(b)) for a, b in re.findall(r"between (\d+) and (\d+) characters", v)]
    # "the cipher text is a string of 32, 44, 56, 80, 88, 88-168 characters"
    spans += [(int(a), int(b)) for a, b in re.findall(r"(\d+)-(\d+) characters", v)]
    spans = [(a, b) for a, b in spans if a <= b]
    if spans:
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    else:
        lo, hi = 1, GENEROUS_STRING
        m1 = re.search(r"(?:string|maximum) of (\d+) (?:[\w-]+ )?characters|"
                       r"(?:smaller|less|fewer) than (\d+) characters", v)
        if m1:
            hi = int(m1.group(1) or m1.group(2))
    if lo == 0:
        lo = 1
    hi = min(hi, GENEROUS_STRING)     # "0 to 4294967295 characters": no line is that long
    quoted = re.search(r"quotation mark|double quot|\"\s*\)|enclosed", low)
    spaces_ok = re.search(r"spaces? (?:are |is )?(?:supported|allowed)|can contain spaces|"
                          r"contain spaces\.|including spaces|spaces can be", low)
    # "spaces not supported", "cannot contain spaces", "without spaces" (but
    # not "must not start with spaces", which allows them inside)
    spaces_no = re.search(r"spaces? (?:are |is )?not|(?:cannot|can't|must not|does not|do not) "
                          r"(?:contain|include|support)[\w ,()?]{0,24}spaces?|without (?:any |a )?"
                          r"(?:blank )?spaces?|no spaces|not support(?:ed)? spaces?", low)
    # a blank even inside quotes is refused ("It cannot contain spaces"; not
    # "without spaces", which the Examples contradict with quoted values)
    spaces_never = re.search(r"(?:cannot|can't|must not|does not|do not) (?:contain|include|"
                             r"support)[\w ,()?]{0,24}spaces?|spaces? (?:are |is )?not supported|"
                             r"not support(?:ed)? spaces?", low)
    texty = re.search(r"desc|text|remark|comment", name, re.I)
    if last_word and not quoted and not spaces_no and (spaces_ok or texty):
        flags |= PTF_REST_OF_LINE
    elif not spaces_never or (quoted and not re.search(r"(?:cannot|not|no)[^.]{0,60}quot", low)):
        flags |= PTF_QUOTE_SPACES
        # a password that may be given as the device's ciphertext, which
        # can hold double quotation marks ("%+%##!!!!"!!!...%+%#")
        if re.search(r"cipher ?text|encrypted", low):
            flags |= PTF_CIPHER
    return PType("PT_STRING", lo, hi, flags)


# Names whose meaning is fixed, for Value cells that say nothing usable.
NAME_RULES = [
    (re.compile(r"^(peer-)?(ipv6-address|ipv6-addr|ip6-address|ipv6addr|\w*-ipv6-address|"
                r"\w*-ipv6-addr|ipv6-source-address|ipv6-source-addr|\w*Ipv6Addr|\w*ipv6)$", re.I),
     lambda: PType("PT_IPV6")),
    (re.compile(r"^(ip-address|ipv4-address|ip-addr|ipv4-addr|\w*-ip-address|\w*-ipv4-address|"
                r"\w*-ip-addr|\w*Ipv4Addr|router-id|route-id|\w*-ip|nexthop-address|"
                r"next-hop-address|source-address|destination-address|peer-address|"
                r"group-address|gateway-address)\d?$", re.I),
     lambda: PType("PT_IPV4")),
    (re.compile(r"^(mask|\w*-mask|ip-mask|mask-address)\d?$", re.I), lambda: PType("PT_IPV4_MASK")),
    (re.compile(r"^(\w*-)?wildcard(-\w+)?$", re.I), lambda: PType("PT_WILDCARD")),
    (re.compile(r"^(\w*-)?mac(-address|-addr)?\d?$", re.I), lambda: PType("PT_MAC")),
    (re.compile(r"^(vpn-instance-name|vpn-instance|vpn-name|vpn-instance-name\d|vpname|"
                r"\w+-vpn-instance-name|vrf-name)$", re.I),
     lambda: PType("PT_STRING", 1, 31, PTF_QUOTE_SPACES)),
    (re.compile(r"^(as-number|asn|as-num|peer-as|\w+-as-number)$", re.I),
     lambda: PType("PT_ASN", 1, U32)),
    (re.compile(r"^(vlan-id|vlan-id\d|\w+-vlan-id|vlan)$", re.I),
     lambda: PType("PT_UINT", 1, 4094)),
    (re.compile(r"^(slot-id|slot|slot-number|chassis-id)$", re.I),
     lambda: PType("PT_STRING", 1, 32, PTF_QUOTE_SPACES)),
    (re.compile(r"^(prefix-length|mask-length|mask-len|masklen|prefix-len)$", re.I),
     lambda: PType("PT_UINT", 0, 128)),
]


def name_rule(name):
    for rx, make in NAME_RULES:
        if rx.match(name):
            return make()
    return None


UNUSABLE_VALUE = re.compile(r"^-[\s-]*$|^$")


def classify(name, value, desc, last_word=False, models_hint=None, interface=True):
    """-> (PType, source) with source 'value', 'name' or 'fallback'.

    name: the parameter name; value, desc: the row's cells (None when the
    page has no row); last_word: the parameter ends every path of its
    Format (a string there may take the rest of the line); models_hint:
    models of the row, to pick the right part of a per-model Value cell;
    interface: whether interface names may decide (not for a number-named
    parameter in a Format that has no interface type)."""
    ik = interface_kind(name) if interface else None
    if ik:
        return PType(ik, 1, 63) if ik != "PT_IFTYPE" else PType(ik), "name"
    v = clean(value)
    d = clean(desc)
    if v and not UNUSABLE_VALUE.match(v):
        segs = model_segments(v)
        v = pick_segment(segs, models_hint)
        for rule in (rule_asn, rule_rd_rt, rule_mac, rule_date, rule_time, rule_either_address,
                     rule_ipv6, rule_area, rule_dotted, rule_hex, rule_integer):
            t = rule(name, v, d)
            if t:
                return t, "value"
        t = rule_string(name, v, d, last_word)
        if t:
            return t, "value"
    t = name_rule(name)
    if t:
        return t, "name"
    # The description of a "-" Value sometimes states the type.
    if d:
        for rule in (rule_mac, rule_ipv6, rule_dotted):
            t = rule(name, d, d)
            if t:
                return t, "name"
    return fallback(), "fallback"


def pick_segment(segs, models_hint):
    """The Value text for a row's models: the segment whose model list
    holds all of them; else every segment's text joined (the widest
    range wins in the integer rule)."""
    if len(segs) == 1:
        return segs[0][1]
    if models_hint:
        for models_text, text in segs:
            if models_text and all(_model_in(m, models_text) for m in models_hint):
                return text
    return " ".join(text for _, text in segs)


def _model_in(model, text):
    if model == "CE6885-LL(low-latency)":
        return "low latency" in text
    if model == "CE6885-LL":
        return "standard forwarding" in text or re.search(r"CE6885-LL(?! \(low)", text) is not None
    return re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(model), text) is not None


# ---- enumerations --------------------------------------------------------

_ENUM_INTRO = re.compile(r"enumerat|The (?:parameters|options|values) (?:are|is) as follows|"
                         r"can be (?:one of )?the following|The value can be", re.I)
_ENUM_WORD = re.compile(r"^[a-z][a-z0-9+-]*$")


def enumeration(value):
    """The words of an enumerated Value cell ("The value is an enumerated
    type: * both: ... * export-extcommunity: ..."), or None.  Only lists of
    plain lower-case words count: they become keywords in the Format."""
    v = clean(value)
    if not _ENUM_INTRO.search(v) or len(model_segments(v)) > 1:
        return None
    if re.search(r"integer|\d+ to \d+|range", v, re.I):
        return None                  # numbers too: stays a parameter
    items = re.findall(r"\*\s+([^*:]+?)(?::|\s*(?=\*)|\s*$)", v)
    if not items:
        m = re.search(r"The value can be ((?:[a-z][\w-]*, )+(?:and |or )[a-z][\w-]*)\.", v)
        if m:
            items = re.split(r",\s*(?:and |or )?|\s+(?:and|or)\s+", m.group(1))
    words = [i.strip() for i in items]
    if len(words) < 2 or not all(_ENUM_WORD.match(w) for w in words):
        return None
    if len(set(words)) != len(words):
        return None
    return words
