"""What a command does (configuration, display or action) and which of its
leading words identify a configuration line.

Kind:
  GEN_DISPLAY  the command starts with `display`;
  GEN_ACTION   an operation that changes no configuration: the page runs
               only in the user view, or in "All views" (ping, reset,
               monitor ... everywhere), or its first word is one of the
               operation verbs below, or it runs in a client view whose
               commands are all operations (FTP/SFTP client);
  GEN_CONFIG   everything else.

Identity (idtoks): a configuration line is keyed by its first idtoks typed
words (keywords and parameter values); see identity_counts().  0 = the
whole line is its identity.
"""

from fmt import leading_words

GEN_CONFIG, GEN_DISPLAY, GEN_ACTION = 0, 1, 2
KIND_NAMES = {GEN_CONFIG: "GEN_CONFIG", GEN_DISPLAY: "GEN_DISPLAY", GEN_ACTION: "GEN_ACTION"}

# First words of operations.  `clear` is one only on pages named after it:
# elsewhere (`clear icmp name echo receive`, `clear ip df`) it is a
# configuration form that restores a default.
ACTION_VERBS = {"reset", "ping", "tracert", "save", "debugging", "terminal", "test",
                "test-aaa", "refresh", "check", "monitor", "reboot", "commit", "run"}
ACTION_VIEWS = {"FTP client view", "SFTP client view"}


def command_words(node):
    """The Format's keywords before its first parameter or group, `undo` removed."""
    out = []
    for w in leading_words(node):
        if w.type != "kw":
            break
        out.append(w.value.lower())
    if out and out[0] == "undo":
        out = out[1:]
    return out


def kind_of(node, views, title):
    words = command_words(node)
    first = words[0] if words else ""
    if first == "display":
        return GEN_DISPLAY
    if views == ["User view"] or "All views" in views:
        return GEN_ACTION
    if views and all(v in ACTION_VIEWS for v in views):
        return GEN_ACTION
    if first in ACTION_VERBS:
        return GEN_ACTION
    if first == "clear" and title.split()[:1] == ["clear"]:
        return GEN_ACTION
    return GEN_CONFIG


def is_undo(node):
    return bool(node.kids) and node.kids[0].type == "kw" and node.kids[0].value.lower() == "undo"


def _word(w):
    return (w.type, w.value.lower() if w.type == "kw" else w.value)


def _simple_alt(alt):
    """An alternative made of keywords and parameters only, as a signature."""
    if all(k.type in ("kw", "param") for k in alt.kids):
        return tuple(_word(k) for k in alt.kids)
    return None


def ident_prefix(node):
    """The words every line of a Format starts with, as signatures: the
    leading keywords and parameters, and mandatory one-of groups whose
    alternatives are plain sequences of one length (`{ <group-name> |
    <ipv4-address> }` counts one word).  Returns (items, lengths, stopped):
    lengths[i] is how many typed words item i covers; stopped is True when a
    mandatory group of alternatives of different lengths ends the prefix,
    where the identity would go on by a number of words no count can
    give (`interface { <interface-name> | <interface-type> <interface-number> }`)."""
    items, lengths = [], []
    for k in node.kids:
        if k.type in ("kw", "param"):
            items.append(_word(k))
            lengths.append(1)
            continue
        if k.rep and not k.opt:
            return items, lengths, True     # the identity goes on into the list
        if k.opt or k.rep or k.anyorder:
            return items, lengths, False
        alts = [_simple_alt(a) for a in k.kids]
        if any(a is None for a in alts):
            return items, lengths, True
        if len(set(len(a) for a in alts)) != 1:
            return items, lengths, True
        items.append(("group", tuple(sorted(alts))))
        lengths.append(len(alts[0]))
    return items, lengths, False


def _trim_values(items, lengths, named=frozenset()):
    """The prefix without the values it ends with: parameters (`peer
    <ipv4-address> as-number <as-number>` -> the first three) and then one
    choice of single keywords (`stp mode { stp | rstp | mstp }` -> two), but
    not a choice the page's undo form names too (`undo acl { inbound |
    outbound }`, or `undo acl inbound` and `undo acl outbound`: the
    direction tells lines apart)."""
    n = len(items)
    while n and items[n - 1][0] == "param":
        n -= 1
    # one choice, and no further: what stands before it names the line
    # (`rule <id> { permit | deny } <group-name>` -> `rule <id>`)
    if n and _is_choice(items[n - 1]) and not _named(items[n - 1], named):
        n -= 1
    return items[:n], lengths[:n]


def _named(item, named):
    """Whether the undo forms name this choice: as the same choice, or
    every one of its keywords (`undo acl inbound`, `undo acl outbound`)."""
    return item in named or all(a[0] in named for a in item[1])


def _is_choice(item):
    return item[0] == "group" and all(len(a) == 1 and a[0][0] == "kw" for a in item[1])


def _choices(node, out):
    """Every choice of single keywords anywhere in a Format, as the
    signature ident_prefix gives a mandatory one, and every keyword."""
    if node.type == "kw":
        out.add(_word(node))
    if node.type == "group":
        alts = [_simple_alt(a) for a in node.kids]
        if alts and None not in alts and _is_choice(("group", alts)):
            out.add(("group", tuple(sorted(alts))))
    for k in node.kids:
        _choices(k, out)
    return out


def identity_counts(rows):
    """Set idtoks on the rows of one page (objects with .node, .kind,
    .idtoks).  Only configuration rows get a count.

    An undo row counts the words after `undo` that name what it removes.
    A set row is keyed by the longer of its own prefix without trailing
    values and the page's undo prefix that it starts with: `vlan <vlan-id>`
    by two words (from `undo vlan <vlan-id>`), `peer <ipv4-address>
    as-number <as-number>` by three (its own words, not the two of `undo
    peer <ipv4-address>`, which removes the whole peer).  When the identity
    runs into a choice of different lengths, the count is 0: the whole
    line."""
    undo_keys = []
    named = set()
    for r in rows:
        if r.kind == GEN_CONFIG and is_undo(r.node):
            _choices(r.node, named)
            items, lengths, stopped = ident_prefix(r.node)
            items, lengths = items[1:], lengths[1:]
            r.idtoks = 0 if stopped else min(sum(lengths), 255)
            if items:
                undo_keys.append((items, lengths, stopped))
    for r in rows:
        if r.kind != GEN_CONFIG or is_undo(r.node):
            continue
        own, own_len, own_stopped = ident_prefix(r.node)
        trimmed, trimmed_len = _trim_values(own, own_len, named)
        # the trimmed values end the identity; an untrimmed prefix that
        # stopped at a choice does not
        cands = [(trimmed, trimmed_len, own_stopped and len(trimmed) == len(own))]
        for key, key_len, key_stopped in undo_keys:
            if len(key) <= len(own) and own[:len(key)] == key:
                cands.append((key, key_len, key_stopped))
        # the longest; of equal ones, one that ends where the undo form does
        best, best_len, best_stopped = max(cands, key=lambda c: (len(c[0]), not c[2]))
        r.idtoks = 0 if best_stopped or not best else min(sum(best_len), 255)
