#!/usr/bin/env python3
"""Telnet VTY sessions over real sockets, compared byte for byte where
vrp-ref/CLIENTS.md and BEHAVIOUR.md give the bytes: the login, a bare
Enter, the three line endings, echo, type-ahead, a netmiko-like and an
ansible-like sequence, the pager, levels, failed logins, the VTY limit,
the idle timeout and `quit`.

    VRPSH=build/vrpsh python3 tests/integration/vty_clients.py
"""

import os
import re
import sys
import time

from vtylib import IAC_NEGOTIATION, LOGIN_INFO, VRPSH, SLOW, Client, Server, check, run, tmpdir

CONFIG = """\
sysname HUAWEI
aaa
 local-user admin password irreversible-cipher Admin@1234
 local-user admin service-type telnet
 local-user admin privilege level 3
 local-user guest password irreversible-cipher Guest@1234
 local-user guest service-type telnet
 local-user guest privilege level 1
 local-user sshonly password irreversible-cipher Ssh#12345
 local-user sshonly service-type ssh
user-interface maximum-vty 3
user-interface vty 0 2
 authentication-mode aaa
"""

INFO_TERMINAL = b"Info: The configuration takes effect on the current user terminal interface only."
SYSVIEW_BANNER = b"Enter system view, return user view with return command."

# The connect-interface page's example, as netmiko sends it.
EXAMPLE = [
    ("interface LoopBack 0", b"[*HUAWEI-LoopBack0]"),
    ("ip address 10.1.1.1 32", b"[*HUAWEI-LoopBack0]"),
    ("quit", b"[*HUAWEI]"),
    ("ip vpn-instance vpn1", b"[*HUAWEI-vpn-instance-vpn1]"),
    ("ipv6-family", b"[*HUAWEI-vpn-instance-vpn1-af-ipv6]"),
    ("route-distinguisher 100:1", b"[*HUAWEI-vpn-instance-vpn1-af-ipv6]"),
    ("quit", b"[*HUAWEI-vpn-instance-vpn1]"),
    ("quit", b"[*HUAWEI]"),
    ("bgp 100", b"[*HUAWEI-bgp]"),
    ("ipv6-family vpn-instance vpn1", b"[*HUAWEI-bgp-6-vpn1]"),
    ("group test external", b"[*HUAWEI-bgp-6-vpn1]"),
    ("peer test as-number 200", b"[*HUAWEI-bgp-6-vpn1]"),
    ("peer test connect-interface LoopBack 0", b"[*HUAWEI-bgp-6-vpn1]"),
]

# The configuration after the example, the start configuration included
# (password hashes are salted: any yescrypt or SHA-512-crypt hash).
HASH = rb"\$(?:y|6)\$[./0-9A-Za-z$]{40,120}"
# The default model's ports (48 x 10GE, 6 x 100GE, the management port),
# listed whether configured or not, as on the device.
PORTS = (b"interface MEth0/0/0\r\n#\r\n" +
         b"".join(b"interface 10GE1/0/%d\r\n#\r\n" % i for i in range(1, 49)) +
         b"".join(b"interface 100GE1/0/%d\r\n#\r\n" % i for i in range(1, 7)))
EXPECTED_CONFIG = re.compile(
    rb"!Software Version \S+\r\n(?:!Last configuration was updated at [^\r]+\r\n)?" +
    re.escape(b"#\r\nsysname HUAWEI\r\n#\r\n"
              b"ip vpn-instance vpn1\r\n ipv6-family\r\n  route-distinguisher 100:1\r\n#\r\n"
              b"aaa\r\n local-user admin password irreversible-cipher ") + HASH +
    re.escape(b"\r\n local-user admin service-type telnet\r\n"
              b" local-user admin privilege level 3\r\n"
              b" local-user guest password irreversible-cipher ") + HASH +
    re.escape(b"\r\n local-user guest service-type telnet\r\n"
              b" local-user guest privilege level 1\r\n"
              b" local-user sshonly password irreversible-cipher ") + HASH +
    re.escape(b"\r\n local-user sshonly service-type ssh\r\n#\r\n" + PORTS +
              b"interface LoopBack0\r\n ip address 10.1.1.1 255.255.255.255\r\n#\r\n"
              b"interface NULL0\r\n#\r\n"
              b"bgp 100\r\n #\r\n ipv6-family unicast\r\n #\r\n"
              b" ipv6-family vpn-instance vpn1\r\n  group test external\r\n"
              b"  peer test as-number 200\r\n  peer test connect-interface LoopBack0\r\n#\r\n"
              b"user-interface maximum-vty 3\r\n#\r\nuser-interface con 0\r\n#\r\n"
              b"user-interface vty 0 2\r\n authentication-mode aaa\r\n#\r\nreturn\r\n"
              b"<HUAWEI>") + b"$")

server = None


def login(user="admin", password="Admin@1234"):
    c = Client(server.port)
    c.login(user, password)
    return c


def test_login_bytes():
    c = Client(server.port)
    got = c.login("admin", "Admin@1234")
    m = re.search(rb"is (\d+), the number of current VTY users online is (\d+), and total "
                  rb"number of terminal users online is (\d+)\.", got)
    check(m and m.groups() == (b"3", b"1", b"1"), "VTY counts in the Info line", got)
    # The user's first login: no last login line.
    first = re.search(rb"      The current login time is (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\r\n"
                      rb"<HUAWEI>$", got)
    check(first, "no last login at the first login", got)
    check(c.settled(b"<HUAWEI>") == b"\r\n<HUAWEI>", "nothing after the prompt")
    # A second login counts two.
    d = Client(server.port)
    got = d.login("admin", "Admin@1234")
    check(b"current VTY users online is 2, and total number of terminal users online is 2."
          in got, "two VTY users online", got)
    check(re.search(rb"\.\r\n      The last login time is " + re.escape(first.group(1)) +
                    rb" from 127\.0\.0\.1 through Telnet\.\r\n<HUAWEI>$", got),
          "the last login line", got)
    c.close()
    d.close()


def test_bare_enter():
    c = login()
    # Each Enter alone brings its prompt (nothing else has to follow it);
    # how fast is measured by the load test, not asserted here.
    for _ in range(3):
        c.send("\r\n")
        check(c.until(b"<HUAWEI>") == b"\r\n<HUAWEI>", "a bare Enter gives a fresh prompt")
    check(c.settled(b"<HUAWEI>") == b"\r\n<HUAWEI>", "one prompt per Enter")
    c.close()


def test_line_endings_and_echo():
    c = login()
    outs = []
    # (a short output without the time in it: display version's uptime may
    # pass a minute between two lines)
    for eol in ("\r", "\n", "\r\n", "\r\0"):
        out = c.cmd("display ip interface brief", b"<HUAWEI>", eol)
        check(out.startswith(b"display ip interface brief\r\n*down: administratively down\r\n"),
              "echo exactly once, then the output (%r)" % eol, out)
        outs.append(out)
        check(c.settled(b"<HUAWEI>") == b"\r\n<HUAWEI>", "one Enter for %r" % eol)
    check(all(o == outs[0] for o in outs), "the same bytes for every line ending")
    check(b"\x1b" not in c.data, "no escape sequences")
    c.close()


def test_type_ahead():
    c = login()
    c.send("display version\r\nscreen-length 0 temporary\rdisplay users\n")
    a = c.until(b"<HUAWEI>")
    b = c.until(b"<HUAWEI>")
    d = c.until(b"<HUAWEI>")
    check(a.startswith(b"display version\r\nHuawei"), "first line first", a)
    check(b == b"screen-length 0 temporary\r\n" + INFO_TERMINAL + b"\r\n<HUAWEI>",
          "second line second", b)
    check(d.startswith(b"display users\r\nNOTE:\r\n"), "third line third", d)
    c.close()


def test_netmiko_sequence():
    """What netmiko 2.4.2 does: Enter, screen-length 0 temporary,
    system-view, the configuration lines written 50 ms apart without
    waiting for prompts, commit, return; then disconnect with exit."""
    c = login()
    c.send("\r\n")
    check(c.until(b"<HUAWEI>") == b"\r\n<HUAWEI>", "find_prompt")
    out = c.cmd("screen-length 0 temporary", b"<HUAWEI>")
    check(out == b"screen-length 0 temporary\r\n" + INFO_TERMINAL + b"\r\n<HUAWEI>",
          "disable_paging", out)
    out = c.cmd("system-view", b"[~HUAWEI]")
    check(out == b"system-view\r\n" + SYSVIEW_BANNER + b"\r\n[~HUAWEI]", "config_mode", out)
    for line, _ in EXAMPLE:
        c.send(line + "\r\n")
        time.sleep(0.05)
    want = b"".join(line.encode() + b"\r\n" + prompt for line, prompt in EXAMPLE)
    got = c.until(EXAMPLE[-1][1] + b"", 10)
    while len(got) < len(want):
        got += c.until(EXAMPLE[-1][1], 10)
    check(got == want, "the example's transcript", got)
    out = c.cmd("commit", b"]")
    check(out == b"commit\r\n[~HUAWEI-bgp-6-vpn1]", "commit", out)
    check(b"Failed to generate committed config" not in out, "the commit succeeded")
    out = c.cmd("return", b">")
    check(out == b"return\r\n<HUAWEI>", "exit_config_mode", out)
    out = c.cmd("display current-configuration", b"<HUAWEI>")
    check(out.startswith(b"display current-configuration\r\n") and
          EXPECTED_CONFIG.match(out[len(b"display current-configuration\r\n"):]),
          "the committed configuration", out)
    c.send("exit\r\n")
    check(c.until(b"exit\r\n") == b"exit\r\n", "exit is echoed")
    check(c.wait_eof(), "exit ends the session")


def test_ansible_sequence():
    """What ansible's ce modules do over a CR-only channel: screen-length,
    display version, display current-configuration with a trailing space,
    mmi-mode enable, system-view immediately, configuration lines, return
    (also in the user view), undo mmi-mode enable.  No "Error:" anywhere."""
    s = Server(CONFIG)
    c = Client(s.port)
    c.login("admin", "Admin@1234")
    steps = [
        ("screen-length 0 temporary", b"<HUAWEI>"),
        ("display version", b"<HUAWEI>"),
        ("display current-configuration ", b"<HUAWEI>"),
        ("mmi-mode enable", b"<HUAWEI>"),
        ("system-view immediately", b"[HUAWEI]"),
        ("interface LoopBack 0", b"[HUAWEI-LoopBack0]"),
        ("ip address 10.1.1.1 32", b"[HUAWEI-LoopBack0]"),
        ("quit", b"[HUAWEI]"),
        ("ip vpn-instance vpn1", b"[HUAWEI-vpn-instance-vpn1]"),
        ("ipv6-family", b"[HUAWEI-vpn-instance-vpn1-af-ipv6]"),
        ("route-distinguisher 100:1", b"[HUAWEI-vpn-instance-vpn1-af-ipv6]"),
        ("quit", b"[HUAWEI-vpn-instance-vpn1]"),
        ("quit", b"[HUAWEI]"),
        ("bgp 100", b"[HUAWEI-bgp]"),
        ("ipv6-family vpn-instance vpn1", b"[HUAWEI-bgp-6-vpn1]"),
        ("group test external", b"[HUAWEI-bgp-6-vpn1]"),
        ("peer test as-number 200", b"[HUAWEI-bgp-6-vpn1]"),
        ("peer test connect-interface LoopBack 0", b"[HUAWEI-bgp-6-vpn1]"),
        ("return", b"<HUAWEI>"),
        ("display current-configuration ", b"<HUAWEI>"),
        ("return", b"<HUAWEI>"),
        ("undo mmi-mode enable", b"<HUAWEI>"),
    ]
    outs = {}
    for line, prompt in steps:
        out = c.cmd(line, prompt, "\r")
        check(out.startswith(line.encode() + b"\r\n") and out.endswith(b"\r\n" + prompt),
              "'%s': echo, output, prompt" % line, out)
        check(b"Error:" not in out and b"rror" not in out, "'%s' printed an error" % line, out)
        outs.setdefault(line, []).append(out)
    check(re.match(rb"display version\r\nHuawei.+\r\n.+Version\s+\S+", outs["display version"][0]),
          "display version starts with a Huawei line and a Version")
    out = outs["display current-configuration "][1]
    check(out.startswith(b"display current-configuration \r\n") and
          EXPECTED_CONFIG.match(out[len(b"display current-configuration \r\n"):]),
          "the configuration after system-view immediately", out)
    check(outs["return"][1] == b"return\r\n<HUAWEI>", "return in the user view says nothing")
    check(c.settled(b"<HUAWEI>") == b"\r\n<HUAWEI>", "nothing left over")
    c.close()
    s.stop()


def test_help_after_a_word():
    c = login()
    c.send("quit ?")
    out = c.until(b"<HUAWEI>quit ")
    check(out == b"quit ?\r\n <cr>\r\n<HUAWEI>quit ", "'?' is echoed and lists, then the typed text comes back",
          out)
    # The restored text is the line: Enter runs it (and logs out).
    c.send("\r\n")
    check(c.wait_eof(), "the restored 'quit ' runs")


def bs(n):
    """What libcli echoes for n Backspaces at the end of the line."""
    return b"\b \b" * n


def back(n):
    return b"\b" * n


def test_tab_completion():
    c = login()
    # One candidate: the word is completed and a blank added.  Typed ahead
    # with the line before it, the TAB completes in the view that line
    # leads to.
    c.send("system-view\rint\t")
    out = c.until(b"[~HUAWEI]interface ")
    check(out == b"system-view\r\n" + SYSVIEW_BANNER + b"\r\n[~HUAWEI]interface ",
          "TAB completes the first word, after the line typed ahead", out)
    # What the console's readline writes: back to the first changed
    # character, the text from there.
    c.send("loop\t")
    out = c.until(b"LoopBack ")
    check(out == b"loop" + back(4) + b"LoopBack ", "TAB completes the second word", out)
    out = c.cmd("77", b"]")
    check(out == b"77\r\n[*HUAWEI-LoopBack77]", "the completed line runs", out)
    c.cmd("quit", b"[*HUAWEI]")
    # Several: the first in place of the word, each further TAB the next.
    c.send("display co\t")
    out = c.until(b"command")
    check(out == b"display command", "the first of several candidates", out)
    c.send("\t")
    out = c.until(b"nfiguration")
    check(out == back(5) + b"nfiguration", "the next candidate", out)
    # Nothing to complete after a blank: nothing happens.
    c.send("\x15ip vpn\t")
    c.until(b"ip vpn-instance ")
    c.send("\t")
    out = c.settled(b"[*HUAWEI]ip vpn-instance ")
    check(out == b"\r\n[*HUAWEI]ip vpn-instance ", "TAB after a blank does nothing", out)
    # Inside the line TAB completes the word before the cursor, and steps
    # over the blank after it: the new text and the rest of the line, and
    # back to after the blank.
    c.send("\x15disp cur" + "\x1b[D" * 4)
    c.until(b"disp cur\b\b\b\b")
    c.send("\t")
    out = c.until(b"lay cur\b\b\b")
    check(out == b"lay cur\b\b\b", "TAB inside the line completes the word before the cursor", out)
    out = c.settled(b"[*HUAWEI]display cur\b\b\b")
    check(out == b"\r\n[*HUAWEI]display cur\b\b\b",
          "and nothing else (libcli's echo of the keys is not shown)", out)
    # After a line recalled from the history (libcli's Up arrow), TAB still
    # completes with vrpsh's words.
    out = c.cmd("\x15interface LoopBack 78", b"]")
    check(out.endswith(b"[*HUAWEI-LoopBack78]"), "a line for the history", out)
    c.cmd("quit", b"[*HUAWEI]")
    c.send("\x1b[A\x1b[A")
    c.until(b"interface LoopBack 78")
    c.send("\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08loop\t")
    out = c.until(b"LoopBack ")
    check(out.endswith(b"loop" + back(4) + b"LoopBack "), "TAB after a history recall", out)
    out = c.cmd("\x15return", b"(cancel)]:")
    check(out.endswith(b"return\r\nWarning: Uncommitted configurations found, commit them "
                       b"before exiting? [Y(yes)/N(no)/C(cancel)]:"), "the line is cleared", out)
    c.cmd("n", b"<HUAWEI>")
    c.close()


def test_levels():
    c = login("guest", "Guest@1234")
    out = c.cmd("system-view", b"<HUAWEI>")
    check(out == b"system-view\r\n        ^\r\nError: Unrecognized command found at '^' position."
          b"\r\n<HUAWEI>", "a level-1 user has no system-view", out)
    out = c.cmd("display version", b"<HUAWEI>")
    check(b"Error" not in out, "display version is level 1", out)
    out = c.cmd("display current-configuration", b"<HUAWEI>")
    check(b"Unrecognized command" in out, "display current-configuration is level 3", out)
    c.close()


def test_failed_logins():
    c = Client(server.port)
    c.until(b"Username: ")
    # An empty user name is a failed try: the error, then Username: again.
    c.send("\r\n")
    out = c.until(b"Username: ")
    check(out == b"\r\nError: Username or password error.\r\n\r\nUsername: ",
          "an empty user name fails", out)
    for i, (user, pw) in enumerate((("nobody", "Admin@1234"), ("sshonly", "Ssh#12345"))):
        c.send(user + "\r\n")
        c.until(b"Password: ")
        c.send(pw + "\r\n")
        if i < 1:
            out = c.until(b"Username: ")
            check(out == b"\r\nError: Username or password error.\r\n\r\nUsername: ",
                  "a failed login, then Username: again", out)
        else:
            out = c.until(b"error.\r\n")
            check(out == b"\r\nError: Username or password error.\r\n", "the third failure", out)
            check(c.wait_eof(), "three failures end the connection")
            check(c.data.endswith(b"error.\r\n"), "nothing after the last error", c.data[-60:])


def test_vty_limit():
    # Connections that have not logged in take no VTY: with two waiting at
    # Username:, three users still log in on the three VTYs.
    waiting = [Client(server.port) for _ in range(2)]
    for c in waiting:
        c.until(b"Username: ")
    sessions = [login() for _ in range(3)]
    # Every VTY has a session: a new connection is refused at once, and
    # so is a login that was waiting when the last VTY was taken.
    extra = Client(server.port)
    check(extra.wait_eof(), "a fourth connection is refused")
    check(extra.data == b"All user interfaces are used, please try later!\r\n",
          "the refusal message", extra.data)
    waiting[0].send("admin\r\n")
    waiting[0].until(b"Password: ")
    waiting[0].send("Admin@1234\r\n")
    check(waiting[0].wait_eof(), "no VTY for a login that waited")
    check(waiting[0].data.endswith(b"\r\nAll user interfaces are used, please try later!\r\n"),
          "the message after the password", waiting[0].data)
    # A session ends: its VTY is free again (once its process is gone).
    sessions[0].send("quit\r\n")
    check(sessions[0].wait_eof(), "quit ends the session")
    end = time.time() + 60 * SLOW
    while True:
        again = Client(server.port)
        got = again.until(re.compile(rb"Username: |please try later!\r\n"))
        if got.endswith(b"Username: "):
            break
        check(time.time() < end, "the freed VTY takes a login", got)
        again.close()
        time.sleep(0.05)
    again.send("admin\r\nAdmin@1234\r\n")
    again.until(b"<HUAWEI>")
    for c in waiting[1:] + sessions[1:] + [again]:
        c.close()


def test_login_deadline():
    # A login must be done in time, however much is typed meanwhile.
    os.environ["VRPSH_TEST_LOGIN_SECONDS"] = "2"
    try:
        s = Server(CONFIG)
    finally:
        del os.environ["VRPSH_TEST_LOGIN_SECONDS"]
    typing = Client(s.port)
    typing.until(b"Username: ")
    silent = Client(s.port)
    silent.until(b"Username: ")
    end = time.time() + 60 * SLOW
    sent = 0
    while not typing.eof and time.time() < end:
        try:
            typing.send("a" if sent % 20 else "\x7f")
        except OSError:
            break
        sent += 1
        typing._recv(0.05)
    check(typing.wait_eof(), "the typing client is cut off at the deadline")
    check(typing.data.endswith(b"\r\nError: The login was not completed in time.\r\n"),
          "the time-out message", typing.data[-80:])
    check(silent.wait_eof(60), "the silent client too")
    # A login in time still works.
    c = Client(s.port)
    c.login("admin", "Admin@1234")
    c.close()
    s.stop()


def test_password_and_none_modes():
    s = Server(CONFIG + "user-interface vty 0 1\n authentication-mode password\n"
               " set authentication password cipher Vty#2024pw\n"
               "user-interface vty 2\n authentication-mode none\n user privilege level 1\n")
    # password: only Password:, the interface's password.
    c = Client(s.port)
    out = c.until(b"Password: ")
    check(out == IAC_NEGOTIATION + b"\r\nPassword: ", "Password: only", out)
    c.send("wrong\r\n")
    out = c.until(b"Password: ")
    check(out == b"\r\nError: Username or password error.\r\n\r\nPassword: ",
          "a wrong password", out)
    c.send("Vty#2024pw\r\n")
    got = c.until(b"<HUAWEI>")
    check(got.startswith(b" \r\n") and LOGIN_INFO.match(got[3:]), "logged in", got)
    d = Client(s.port)
    d.until(b"Password: ")
    d.send("Vty#2024pw\r\n")
    d.until(b"<HUAWEI>")
    # VTY 2 (none): straight to the prompt.
    e = Client(s.port)
    got = e.until(b"<HUAWEI>")
    check(got.startswith(IAC_NEGOTIATION) and LOGIN_INFO.match(got[len(IAC_NEGOTIATION):]),
          "no login on VTY 2", got)
    out = e.cmd("display users", b"<HUAWEI>")
    check(re.search(rb"\* \d+ +VTY 2 ", out), "the session is on VTY 2", out)
    for x in (c, d, e):
        x.close()
    s.stop()


def test_lockout():
    # A clock 20 times faster: the five minutes of the block take 15 s.
    os.environ["VRPSH_TEST_CLOCK_SCALE"] = "20"
    try:
        s = Server(CONFIG)
    finally:
        del os.environ["VRPSH_TEST_CLOCK_SCALE"]

    def attempt(pw):
        c = Client(s.port)
        c.until(b"Username: ")
        c.send("guest\r\n")
        c.until(b"Password: ")
        c.send(pw + "\r\n")
        got = c.until(re.compile(rb"<HUAWEI>|Username: "))
        c.close()
        return got.endswith(b"<HUAWEI>")

    check(attempt("Guest@1234"), "the right password opens the account")
    for _ in range(3):
        check(not attempt("Wrong@1234"), "a wrong password is refused")
    # The fourth try, with the right password: refused, the account is locked.
    check(not attempt("Guest@1234"), "the right password is refused while locked")
    a = Client(s.port)
    a.login("admin", "Admin@1234")
    out = a.cmd("display local-user state block", b"<HUAWEI>")
    check(re.search(rb"\r\n  guest +B +T +1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d\r\n",
                    out), "the locked account is listed", out)
    a.close()
    # Once the block time has passed it opens again.
    end = time.time() + 120 * SLOW
    while not attempt("Guest@1234"):
        check(time.time() < end, "the account opens after the block time")
        time.sleep(0.5)
    s.stop()


def test_pager():
    s = Server(CONFIG)
    c = Client(s.port)
    c.login("admin", "Admin@1234")
    out = c.cmd("screen-length 4 temporary", b"<HUAWEI>")
    check(INFO_TERMINAL in out, "screen-length 4 temporary")
    more = b"  ---- More ----"
    erase = b"\x1b[16D                \x1b[16D"
    c.send("display version\r\n")
    out = c.until(more)
    check(out.startswith(b"display version\r\nHuawei Versatile Routing Platform Software\r\n")
          and out.count(b"\r\n") == 5 and out.endswith(b"\r\n" + more),
          "four lines, then the More prompt", out)
    c.send("\r")                      # Enter: one more line
    out = c.until(more)
    check(out.startswith(erase) and out.count(b"\r\n") == 1, "Enter shows one line", out)
    c.send("\x03")                    # Ctrl+C: the rest is dropped
    out = c.until(b"<HUAWEI>")
    check(out == erase + b"\r\n<HUAWEI>", "Ctrl+C stops the output", out)

    # Space: the next screen; the screens together are the whole output.
    c.send("display current-configuration\r\n")
    screens = [c.until(more)]
    keys = " \r" + " " * 100          # then screens to the end (about 140 lines)
    for k in keys:
        c.send(k)
        got = c.until(re.compile(re.escape(more) + b"|<HUAWEI>"))
        check(got.startswith(erase), "the More prompt is erased after a key", got)
        screens.append(got[len(erase):])
        if got.endswith(b"<HUAWEI>"):
            break
    check(screens[-1].endswith(b"<HUAWEI>"), "the output ends", screens)
    sizes = [x.count(b"\r\n") for x in screens]
    check(sizes[0] == 5 and sizes[1] == 4 and sizes[2] == 1 and all(n == 4 for n in sizes[3:-1])
          and 1 <= sizes[-1] <= 4, "4 lines a screen, 1 after Enter", sizes)
    paged = b"".join(x.replace(more, b"") for x in screens)

    # At the More prompt, "+ REGEX" Enter goes on with the lines that match
    # (as | include), "- REGEX" with those that do not, "/ REGEX" from the
    # first that matches.  The typed filter is echoed, then erased as the
    # prompt is.
    # The header lines (the release, the time of the last commit), then the
    # configuration.
    first = re.compile(re.escape(b"display current-configuration\r\n!Software Version ") +
                       rb"\S+\r\n!Last configuration was updated at [^\r]+" +
                       re.escape(b"\r\n#\r\nsysname HUAWEI\r\n" + more))

    def first_screen():
        return first.fullmatch(c.cmd("display current-configuration", more)) is not None
    check(first_screen(), "the first screen")
    c.send("+local-use\r")
    out = c.until(more)
    echo = erase + b"+local-use" + b"\x1b[10D" + b" " * 10 + b"\x1b[10D"
    lines = out[len(echo):-len(more)].split(b"\r\n")
    check(out.startswith(echo) and len(lines) == 5 and lines[-1] == b"" and
          all(x.startswith(b" local-user ") for x in lines[:-1]),
          "+ REGEX: the next screen of matching lines", out)
    c.send(" ")
    out = c.until(b"<HUAWEI>")
    check(out == erase + b" local-user guest service-type telnet\r\n"
          b" local-user guest privilege level 1\r\n" +
          re.search(rb" local-user sshonly password irreversible-cipher \S+\r\n", out).group(0) +
          b" local-user sshonly service-type ssh\r\n<HUAWEI>", "the filter holds to the end", out)
    check(first_screen(), "the first screen again")
    c.send("/user-interface vty\r")
    out = c.until(b"<HUAWEI>")
    check(out == erase + b"/user-interface vty\x1b[19D" + b" " * 19 + b"\x1b[19D"
          b"user-interface vty 0 2\r\n authentication-mode aaa\r\n#\r\nreturn\r\n<HUAWEI>",
          "/ REGEX: from the first matching line on", out)
    check(first_screen(), "the first screen again")
    c.send("-local\r")
    out = c.until(more)
    check(out == erase + b"-local\x1b[6D      \x1b[6D#\r\naaa\r\n#\r\n"
          b"interface MEth0/0/0\r\n" + more,
          "- REGEX: the lines that do not match", out)
    c.send("\x03")
    check(c.until(b"<HUAWEI>") == erase + b"\r\n<HUAWEI>", "Ctrl+C stops a filtered output")
    check(first_screen(), "the first screen again")
    c.send("+(\r")
    out = c.until(b"<HUAWEI>")
    check(out == erase + b"+(\x1b[2D  \x1b[2DError: Invalid regular expression.\r\n<HUAWEI>",
          "an invalid filter stops the output", out)
    check(first_screen(), "the first screen again")
    c.send("+abc\x7f\x7f\x7fsysname\x03")
    out = c.until(b"<HUAWEI>")
    check(out == erase + b"+abc" + b"\b \b" * 3 + b"sysname\x1b[8D" + b" " * 8 + b"\x1b[8D\r\n<HUAWEI>",
          "Backspace in the filter; Ctrl+C abandons it and the output", out)

    # | no-more: the whole output at once, this command only.
    nomore = c.cmd("display current-configuration | no-more", b"<HUAWEI>")
    check(more not in nomore and nomore.replace(b" | no-more", b"") == paged,
          "| no-more shows the whole output without the More prompt", nomore)
    check(first_screen(), "paging again after | no-more")
    c.send("\x03")
    c.until(b"<HUAWEI>")

    c.cmd("screen-length 0 temporary", b"<HUAWEI>")
    whole = c.cmd("display current-configuration", b"<HUAWEI>")
    check(more not in whole, "no paging with screen-length 0", whole)
    check(paged == whole, "the screens make up the whole output", (paged, whole))
    c.close()
    s.stop()


def test_exit_question_and_mmi():
    c = login()
    c.cmd("system-view", b"[~HUAWEI]")
    c.cmd("header shell information \"Welcome\"", b"[*HUAWEI]")
    c.send("return\r\n")
    out = c.until(b"[Y(yes)/N(no)/C(cancel)]:")
    check(out == b"return\r\nWarning: Uncommitted configurations found, commit them before "
          b"exiting? [Y(yes)/N(no)/C(cancel)]:", "the exit question", out)
    c.send("c\r\n")
    check(c.until(b"[*HUAWEI]") == b"c\r\n[*HUAWEI]", "C stays, the answer is echoed")
    c.cmd("quit", b"(cancel)]:")
    c.send("n\r\n")
    check(c.until(b"<HUAWEI>") == b"n\r\n<HUAWEI>", "N discards")
    # mmi-mode: nothing is asked (CLIENTS.md 0.8); the changes are committed.
    c.cmd("mmi-mode enable", b"<HUAWEI>")
    c.cmd("system-view", b"[~HUAWEI]")
    c.cmd("header shell information \"Welcome\"", b"[*HUAWEI]")
    out = c.cmd("return", b"<HUAWEI>")
    check(out == b"return\r\n<HUAWEI>", "mmi-mode asks nothing", out)
    c.cmd("undo mmi-mode enable", b"<HUAWEI>")
    out = c.cmd("display current-configuration | include header", b"<HUAWEI>")
    check(b"header shell information \"Welcome\"\r\n" in out, "it was committed", out)
    c.close()
    # The shell banner follows the Info lines at the next login.
    d = Client(server.port)
    got = d.login("admin", "Admin@1234")
    check(got.endswith(b".\r\nWelcome\r\n<HUAWEI>"), "header shell information", got)
    d.close()


def test_quit_ends_session():
    c = login()
    c.cmd("system-view", b"[~HUAWEI]")
    out = c.cmd("quit", b"<HUAWEI>")
    check(out == b"quit\r\n<HUAWEI>", "quit to the user view")
    c.send("quit\r\n")
    check(c.wait_eof(), "quit in the user view logs out")
    check(c.data.endswith(b"quit\r\n"), "no prompt after the last quit", c.data[-30:])


def test_idle_timeout():
    s = Server(CONFIG + "user-interface vty 0 2\n idle-timeout 0 2\n")
    c = Client(s.port)
    c.login("admin", "Admin@1234")
    check(c.wait_eof(), "the session ends after the idle time")
    check(c.data.endswith(b"<HUAWEI>\r\nInfo: The connection was closed after the idle time of "
                          b"the user interface.\r\n"), "the time-out message", c.data[-120:])
    s.stop()


def test_ctrl_z():
    c = login()
    c.cmd("system-view", b"[~HUAWEI]")
    c.send("interface Lo")
    check(c.until(b"interface Lo") == b"interface Lo", "typed text is echoed")
    c.send("\x1a")
    out = c.until(b"<HUAWEI>")
    check(out == b"\r\n<HUAWEI>", "Ctrl+Z leaves the line and runs return unseen", out)
    c.close()


def test_help_anywhere():
    c = login()
    # The first word: vrpsh's help, not libcli's list; the text comes back.
    c.send("d?")
    out = c.until(b"<HUAWEI>d")
    check(out == b"d?\r\n  delete                                  dir\r\n"
          b"  display                                 dns\r\n  download\r\n<HUAWEI>d",
          "'?' on the first word", out)
    # An empty line: the view's commands (more than a screen: no pager
    # for this one).
    c.send("\x15")
    c.cmd("screen-length 0 temporary", b"<HUAWEI>")
    c.send("?")
    out = c.until(b"<HUAWEI>")
    check(out.startswith(b"?\r\nCurrent view commands:\r\n  activate  ")
          and re.search(rb"\r\n  system-view +Enter the system view\r\n", out),
          "'?' on an empty line lists the view's commands", out)
    # Inside the line: help for the text before the cursor; the cursor goes
    # to the end for the '?', and comes back to where it was.
    c.send("dis cu\x1b[D\x1b[D")
    c.until(b"dis cu\b\b")
    c.send("?")
    out = c.until(b"<HUAWEI>dis cu\b\b")
    check(out.startswith(b"cu?\r\n  aaa ") and b"\r\n  current-configuration  " in out
          and out.endswith(b"\r\n<HUAWEI>dis cu\b\b"), "'?' inside the line", out)
    # A word vrpsh does not know: its error, with the caret.
    c.send("\x15xyz ?")
    out = c.until(b"<HUAWEI>xyz ")
    check(out.endswith(b"xyz ?\r\n        ^\r\n"
                       b"Error: Unrecognized command found at '^' position.\r\n<HUAWEI>xyz "),
          "'?' after an unknown word", out)
    # The restored line is libcli's line: Enter runs it.
    c.send("\x15display version\x1b[D\x1b[D?")
    c.until(b"<HUAWEI>display version\b\b")
    out = c.cmd("", b"<HUAWEI>")
    check(b"VRP (R) software" in out or b"Version" in out, "the restored line runs", out)
    # Paged help: the pager takes the keys, then the line comes back.
    c.cmd("screen-length 4 temporary", b"<HUAWEI>")
    c.send("\x15?")
    out = c.until(b"  ---- More ----")
    check(out.count(b"\r\n") == 5, "four lines of help, then the pager", out)
    c.send("q")
    out = c.until(b"<HUAWEI>")
    check(out == b"\x1b[16D                \x1b[16D\r\n<HUAWEI>", "the pager stopped, the prompt back", out)
    check(c.settled(b"<HUAWEI>") == b"\r\n<HUAWEI>", "nothing after the prompt")
    c.close()


def test_editing_keys():
    c = login()
    c.cmd("system-view", b"[~HUAWEI]")
    # Ctrl+C abandons the line: a new prompt below it.
    c.send("ip vpn-instance  a\x1b[D\x03")
    out = c.until(b"[~HUAWEI]")
    check(out == b"ip vpn-instance  a\ba\r\n[~HUAWEI]", "Ctrl+C abandons the line", out)
    # Ctrl+D deletes the character under the cursor; on an empty line
    # outside the user view it does nothing.
    c.send("abc\x1b[D\x04")
    out = c.until(b" \b")
    check(out == b"abc\b \b", "Ctrl+D deletes under the cursor", out)
    # Ctrl+X deletes what is before the cursor.
    c.send("\x18")
    check(c.until(b"\b\b  \b\b") == b"\b\b  \b\b", "Ctrl+X")
    c.send("\x04")
    out = c.settled(b"[~HUAWEI]")
    check(out == b"\r\n[~HUAWEI]", "Ctrl+D on an empty line in the system view does nothing", out)
    # Home, End and Delete as terminals send them; Ctrl+Y deletes from the
    # cursor; control characters libcli would insert are dropped.
    c.send("ssys\x07name\x1f X\x1b[H\x1b[3~\x1b[F")
    c.until(b"X")
    c.send("\x1b[1~" + "\x06" * 7 + "\x19")
    c.settled(b"[~HUAWEI]sysname")
    c.send(" R1\r")
    c.until(b"[*HUAWEI]")
    out = c.cmd("display this | include sysname", b"[*HUAWEI]")
    check(out.endswith(b"\r\nsysname R1\r\n[*HUAWEI]"), "the edited line was 'sysname R1'", out)
    c.cmd("return", b"(cancel)]:")
    c.cmd("n", b"<HUAWEI>")
    # Ctrl+D on an empty line in the user view logs out, as on the console.
    c.send("\x04")
    check(c.wait_eof(), "Ctrl+D logs out of the user view")


def test_leading_blanks():
    c = login()
    # libcli drops a line's leading blanks; the caret still counts them.
    out = c.cmd("   displya", b"<HUAWEI>")
    check(out == b"   displya\r\n" + b" " * 11 + b"^\r\n"
          b"Error: Unrecognized command found at '^' position.\r\n<HUAWEI>",
          "the caret under the word, blanks counted", out)
    # A line of blanks runs nothing, and leaves nothing for the next line.
    check(c.cmd("   ", b"<HUAWEI>") == b"   \r\n<HUAWEI>", "blanks only")
    out = c.cmd("displya", b"<HUAWEI>")
    check(out == b"displya\r\n" + b" " * 8 + b"^\r\n"
          b"Error: Unrecognized command found at '^' position.\r\n<HUAWEI>",
          "the next line's caret", out)
    c.close()


def test_trial_expiry_shown():
    # A clock 60 times faster: a trial of 300 s lasts 5 s.
    os.environ["VRPSH_TEST_CLOCK_SCALE"] = "60"
    try:
        s = Server(CONFIG)
    finally:
        del os.environ["VRPSH_TEST_CLOCK_SCALE"]
    c = Client(s.port)
    c.login("admin", "Admin@1234")
    c.cmd("system-view", b"[~HUAWEI]")
    c.cmd("sysname T1", b"[*HUAWEI]")
    out = c.cmd("commit trial 300", b"[~T1]")
    check(b"Info: The system enters the trial configuration mode." in out, "the trial starts", out)
    # Typing, but not done: the timer's revert is shown below the line,
    # then the prompt (the old name again) and the typed text.  (Should
    # the machine be so slow that the trial ran out before the typing, the
    # revert is shown at the prompt and the typing follows.)
    c.send("disp")
    out = c.until(b"[~HUAWEI]disp")
    revert = (b"\r\nInfo: The trial configuration was not confirmed in time and has been "
              b"rolled back.\r\n[~HUAWEI]")
    check(out in (b"disp" + revert + b"disp", revert + b"disp"),
          "the revert is shown to the waiting session", out)
    out = c.cmd("lay this | include sysname", b"[~HUAWEI]")
    check(out.endswith(b"\r\nsysname HUAWEI\r\n[~HUAWEI]"), "the name is reverted", out)
    c.close()
    s.stop()


def test_random_keys():
    # Random bytes (keys, escape and telnet sequences, control characters)
    # in random pieces: the session may do anything a user could make it
    # do (a random "e" Enter logs out: then a new session goes on), but
    # the server must neither crash nor hang nor print sanitizer reports
    # (checked at the end of the run), and a new session must work.  The
    # seed makes a failure repeatable.
    import random
    rng = random.Random(20261125)
    alphabet = (b"abcdefghijklmnopqrstuvwxyz0123456789 ?\t\r\n\x00\x01\x02\x03\x04\x05\x06\x07"
                b"\x08\x0b\x0c\x0e\x10\x15\x17\x18\x19\x1a\x1b[~O\x1d\x1e\x1f\x7f\xff\xfa\xf0\xf4")
    c = login()
    for _ in range(900):
        piece = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        try:
            c.send(piece)
            if rng.random() < 0.1:
                c.drain(0.02)
        except OSError:
            c.close()
            c = login()
    c.close()
    c = login()
    out = c.cmd("display version", b"<HUAWEI>")
    check(b"Versatile Routing Platform" in out, "a new session works after the random ones", out)
    c.close()


def test_local_user_password():
    c = login()
    c.cmd("system-view", b"[~HUAWEI]")
    c.cmd("aaa", b"[~HUAWEI-aaa]")
    out = c.cmd("local-user tmpuser password", b"Please enter password:")
    check(out == b"local-user tmpuser password\r\n"
          b"Please configure the login password (8-128)\r\n"
          b"It is recommended that the password consist of at least 2 types of characters, "
          b"including lowercase letters, uppercase letters, numerals and special characters. \r\n"
          b"Please enter password:", "the questions", out)
    c.send("Tmp#12345\r\n")
    out = c.until(b"Please confirm password:")
    check(out == b"\r\nPlease confirm password:", "the answer is not echoed", out)
    c.send("Tmp#12345\r\n")
    out = c.until(b"[*HUAWEI-aaa]")
    check(out == b"\r\nInfo: Add a new user.\r\n[*HUAWEI-aaa]", "a new user", out)
    # Ctrl+C abandons the question: one line end, the prompt.
    c.cmd("local-user tmpuser2 password", b"Please enter password:")
    c.send("abc\x03")
    out = c.until(b"[*HUAWEI-aaa]")
    check(re.fullmatch(rb"\r\n(?:Error: [^\r\n]*\r\n)?\[\*HUAWEI-aaa\]", out) is not None,
          "Ctrl+C abandons the password question", out)
    c.cmd("return", b"Y(yes)/N(no)/C(cancel)]:")
    c.cmd("n", b"<HUAWEI>")
    c.close()


def test_same_bytes_as_console():
    # The same keys on the console (readline on a pseudo-terminal) and over
    # telnet give the same bytes: typed text, TAB at the end of the line and
    # inside it, cycling, '?', Ctrl+C at the end of the line, Enter.  (Where
    # readline moves the cursor with the terminal's escape sequences, which
    # depend on TERM, the bytes differ by design and are not compared.)
    # Also an error's caret after leading blanks, and Ctrl+Z.  Each step is
    # done when both show what the screen ends with after it: the prompt and
    # the line (and a Backspace for each character after the cursor).
    import pty
    import select
    steps = [(b"system-view\r", b"[~HUAWEI]"), (b"interface loop", b"loop"),
             (b"\t", b"LoopBack "), (b"0\r", b"[*HUAWEI-LoopBack0]"), (b"quit\r", b"[*HUAWEI]"),
             (b"display co", b"display co"), (b"\t", b"mmand"),
             (b"\t", b"nfiguration"), (b"\x03", b"\r\n[*HUAWEI]"),
             (b"disp cur\x1b[D\x1b[D\x1b[D\x1b[D", b"cur\b\b\b\b"), (b"\t", b"lay cur\b\b\b"),
             # Ctrl+C with the cursor inside the line: readline moves it by escapes
             (None, b"\r\n[*HUAWEI]"),
             (b"d?", b"\r\n[*HUAWEI]d"), (b"\x03", b"\r\n[*HUAWEI]"),
             (b"int ?", b"\r\n[*HUAWEI]int "), (b"\x03", b"\r\n[*HUAWEI]"),
             (b"   displya\r", b"position.\r\n[*HUAWEI]"), (b"abc", b"abc"),
             (b"\x1a", b"[Y(yes)/N(no)/C(cancel)]:"), (b"n\r", b"<HUAWEI>"),
             (b"system-view\r", b"[~HUAWEI]"), (b"quit\r", b"<HUAWEI>")]
    state = tmpdir()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "vt100"
        os.execv(VRPSH, [VRPSH, "--backend", "none", "--state-dir", state + "/st"])

    def console_until(tail):
        out = b""
        end = time.time() + 60 * SLOW
        while not out.endswith(tail):
            check(time.time() < end, "the console shows %r" % tail, out)
            if select.select([fd], [], [], 0.5)[0]:
                out += os.read(fd, 4096)
        return out

    srv = Server(CONFIG)  # a configuration as fresh as the console's
    try:
        console_until(b"<HUAWEI>")
        c = Client(srv.port)
        c.login("admin", "Admin@1234")
        for k, tail in steps:
            os.write(fd, k or b"\x03")
            want = console_until(tail)
            c.send(k or b"\x03")
            got = c.until(tail)
            if k:
                check(got == want, "the bytes for %r as on the console %r" % (k, want), got)
        c.close()
    finally:
        srv.stop()
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def test_display_users():
    a = login()
    b = login("guest", "Guest@1234")
    out = b.cmd("display users", b"<HUAWEI>")
    rows = re.findall(rb"\r\n(.{2})(\d+) +(VTY \d) +\d\d:\d\d:\d\d  TEL +127\.0\.0\.1 +pass +yes +(\S+)",
                      out)
    check(len(rows) == 2, "two sessions listed", out)
    mine = [r for r in rows if r[0] == b"* "]
    check(len(mine) == 1 and mine[0][3] == b"guest", "the caller marked", out)
    a.close()
    b.close()


if __name__ == "__main__":
    server = Server(CONFIG)
    rc = run([test_login_bytes, test_bare_enter, test_line_endings_and_echo, test_type_ahead,
              test_netmiko_sequence, test_ansible_sequence, test_help_after_a_word, test_tab_completion, test_levels,
              test_failed_logins, test_vty_limit, test_login_deadline,
              test_password_and_none_modes, test_lockout, test_pager, test_exit_question_and_mmi,
              test_quit_ends_session, test_idle_timeout, test_ctrl_z, test_help_anywhere,
              test_editing_keys, test_leading_blanks, test_trial_expiry_shown,
              test_local_user_password, test_same_bytes_as_console, test_display_users,
              test_random_keys])
    err = server.stderr()
    if err:
        print("server stderr:\n" + err)
        rc = 1
    sys.exit(rc)
