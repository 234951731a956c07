"""Failed and refused telnet logins in syslog (see vty_audit.sh): the test
binds /dev/log in its own mount namespace and reads what vrpsh sends."""

import os
import re
import socket
import sys
import time

from vtylib import SLOW, Client, Failure, Server, check

CONFIG = """\
aaa
 local-user admin password irreversible-cipher Admin@1234
 local-user admin service-type telnet
 local-user admin privilege level 3
"""
AUTHPRIV_WARNING = 10 * 8 + 4


class Syslog:
    def __init__(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("/dev/log")
        self.lines = []

    def wait_for(self, pattern, what):
        """The first message matching pattern (a regex on the text)."""
        end = time.time() + 60 * SLOW
        while True:
            for line in self.lines:
                if re.search(pattern, line):
                    return line
            left = end - time.time()
            check(left > 0, "syslog: " + what, self.lines)
            self.sock.settimeout(left)
            try:
                self.lines.append(self.sock.recv(4096).decode(errors="replace"))
            except socket.timeout:
                pass


def attempt(port, user, pw):
    c = Client(port)
    c.until(b"Username: ")
    c.send(user + "\r\n")
    if user:
        c.until(b"Password: ")
        c.send(pw + "\r\n")
    got = c.until(re.compile(rb"<HUAWEI>|Username: "))
    c.close()
    return got.endswith(b"<HUAWEI>")


def main():
    log = Syslog()
    server = Server(CONFIG)
    prio = r"^<%d>" % AUTHPRIV_WARNING
    check(not attempt(server.port, "admin", "Wrong#1234"), "a wrong password")
    log.wait_for(prio + r".*vrpsh\[\d+\]: .*VTY ?0.*admin.*127\.0\.0\.1.*wrong password",
                 "the wrong password")
    check(not attempt(server.port, "", ""), "an empty user name")
    log.wait_for(prio + r".*vrpsh\[\d+\]: .*VTY ?0.*127\.0\.0\.1.*no user name",
                 "the empty user name")
    check(not attempt(server.port, "nobody", "Wrong#1234"), "an unknown user")
    log.wait_for(prio + r".*nobody.*unknown user", "the unknown user")
    # Two more wrong passwords lock the account; the right one is refused.
    for _ in range(2):
        check(not attempt(server.port, "admin", "Wrong#1234"), "a wrong password")
    log.wait_for(prio + r".*admin.*the account is now locked", "the lock")
    check(not attempt(server.port, "admin", "Admin@1234"), "the locked account")
    log.wait_for(prio + r".*admin.*locked after wrong passwords, \d+ s left",
                 "the refused login of the locked account")
    server.stop()
    print("vty audit: ok")
    return 0


try:
    sys.exit(main())
except Failure as e:
    print("FAIL", e)
    sys.exit(1)
