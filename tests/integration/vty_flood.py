"""500 telnet connections that never log in, against `vrpsh --vty-listen`
(see vty_flood.sh).  With --bench, only the figures are printed.

    VRPSH=build/vrpsh python3 tests/integration/vty_flood.py [--bench]
"""

import os
import socket
import subprocess
import sys
import threading
import time

from vtylib import SLOW, VRPSH, Client, Failure, Server, check

FLOOD = 500
MAX_VTY = 5
PENDING = 8  # CLI_VTY_PENDING_MAX
CONFIG = """\
aaa
 local-user admin password irreversible-cipher Admin@1234
 local-user admin service-type telnet
 local-user admin privilege level 3
user-interface vty 0 4
 authentication-mode aaa
"""


def children(pid):
    """The server's child processes now."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return len(f.read().split())
    except OSError:
        return 0


class Watch(threading.Thread):
    """Samples the number of the server's processes until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.most, self.samples, self.done = pid, 0, 0, False

    def run(self):
        while not self.done:
            self.most = max(self.most, children(self.pid))
            self.samples += 1
            time.sleep(0.005)


def admin_login(port, deadline):
    """Log in as admin, trying again while refused; the time it took."""
    t0 = time.time()
    tries = 0
    while True:
        tries += 1
        c = Client(port)
        try:
            c.login("admin", "Admin@1234")
            return c, time.time() - t0, tries
        except Failure as e:
            c.close()
            check(b"please try later" in c.data and time.time() < deadline,
                  "the administrator's login", str(e))
            time.sleep(0.02)


def main(bench):
    server = Server(CONFIG)
    watch = Watch(server.proc.pid)
    watch.start()
    flood = []
    t0 = time.time()
    for _ in range(FLOOD):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        flood.append(s)
    t_flood = time.time() - t0
    # Give the crowd time to fill every place the server has (the server
    # makes room only for connections older than a second).
    time.sleep(1.5)

    admin, t_login, tries = admin_login(server.port, time.time() + 60 * SLOW)
    out = admin.cmd("display users", b"<HUAWEI>")
    check(b"admin" in out, "the administrator is logged in", out)

    # A commit from the console: another vrpsh on the same state directory.
    t1 = time.time()
    r = subprocess.run([VRPSH, "--backend", "none", "--state-dir", server.dir + "/state",
                        "-c", "system-view", "-c", "sysname FLOODED", "-c", "commit"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=120 * SLOW)
    t_commit = time.time() - t1
    check(r.returncode == 0, "the console commit", r.stdout + r.stderr)
    out = admin.cmd("display current-configuration | include sysname", b">")
    check(out.endswith(b"sysname FLOODED\r\n<FLOODED>"), "the commit reached the session", out)

    watch.done = True
    watch.join()
    refused = 0
    for s in flood:
        s.settimeout(0)
        try:
            d = s.recv(256)
            refused += d.startswith(b"All user interfaces are used")
        except OSError:
            pass
        s.close()
    admin.close()
    err = server.stderr()
    server.stop()
    check(err == "", "server stderr", err)
    check(watch.samples > 10, "the processes were watched")
    print("flood: %d connections in %.2f s; %d told to try later; processes of the server: "
          "at most %d (limit %d)" % (FLOOD, t_flood, refused, watch.most, MAX_VTY + PENDING))
    print("administrator: logged in %.3f s after the first try (%d tries)" % (t_login, tries))
    print("console commit during the flood: %.3f s" % t_commit)
    if not bench:
        check(watch.most <= MAX_VTY + PENDING,
              "at most maximum-vty + %d processes (%d)" % (PENDING, watch.most))
    return 0


try:
    sys.exit(main("--bench" in sys.argv))
except Failure as e:
    print("FAIL", e)
    sys.exit(1)
