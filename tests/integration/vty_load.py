"""20 telnet VTY sessions at once, each committing 25 changes, against
`vrpsh --vty-listen` (see vty_concurrency.sh).  With --bench the login
times and commit latencies are printed; the checks are the same.

    VRPSH=build/vrpsh python3 tests/integration/vty_load.py [--bench]
"""

import re
import statistics
import sys
import threading
import time

from vtylib import Client, Failure, Server, check

SESSIONS, COMMITS = 20, 25
CONFIG = """\
aaa
 local-user load password irreversible-cipher Load#2024x
 local-user load service-type telnet
 local-user load privilege level 3
user-interface maximum-vty 21
user-interface vty 0 20
 authentication-mode aaa
 idle-timeout 0 0
"""


def commit_ids(c):
    out = c.cmd("display configuration commit list", b"<HUAWEI>")
    rows = re.findall(rb"\r\n(\d+) +(\d{10}) +\S+ +(\S+) ", out)
    return [(int(no), int(cid), user.decode()) for no, cid, user in rows], out


def login_retrying(port):
    """A login; a refusal (every place taken for a moment) is tried again."""
    end = time.time() + 120
    while True:
        c = Client(port)
        try:
            c.login("load", "Load#2024x")
            return c
        except Failure:
            c.close()
            if b"please try later" not in c.data or time.time() > end:
                raise
            time.sleep(0.05)


def main(bench):
    server = Server(CONFIG)
    probe = Client(server.port)
    probe.login("load", "Load#2024x")
    probe.cmd("screen-length 0 temporary", b"<HUAWEI>")
    before, out = commit_ids(probe)
    check(before, "commit list before the load", out)
    first_id = before[0][1]

    logins, latencies, errors = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(SESSIONS)

    def session(i):
        try:
            start.wait(60)
            t0 = time.time()
            c = login_retrying(server.port)
            t_login = time.time() - t0
            c.cmd("screen-length 0 temporary", b"<HUAWEI>")
            c.cmd("system-view", b"]")
            lat = []
            for j in range(COMMITS):
                if j == 0:
                    c.cmd("interface LoopBack %d" % i, b"]")
                c.cmd("description load %d change %d" % (i, j), b"]")
                t1 = time.time()
                out = c.cmd("commit", b"]")
                lat.append(time.time() - t1)
                want = b"commit\r\n[~HUAWEI-LoopBack%d]" % i
                check(out == want, "session %d commit %d" % (i, j), out)
            c.cmd("return", b"<HUAWEI>")
            c.send("quit\r\n")
            c.wait_eof()
            with lock:
                logins.append(t_login)
                latencies.extend(lat)
        except Exception as e:  # any failure of a session is reported
            with lock:
                errors.append("session %d: %s" % (i, e))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    t_all = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(480)
    took = time.time() - t_all
    for e in errors:
        print("FAIL", e)
    if errors or any(t.is_alive() for t in threads):
        print("server stderr:\n" + server.stderr()[-4000:])
        return 1

    after, out = commit_ids(probe)
    check(after and after[0][1] == first_id + SESSIONS * COMMITS,
          "newest commit ID %d + %d" % (first_id, SESSIONS * COMMITS), out)
    ids = [cid for _, cid, _ in after]
    check(all(a == b + 1 for a, b in zip(ids, ids[1:])), "consecutive IDs, newest first", ids)
    check(all(u == "load" for _, _, u in after[:SESSIONS * COMMITS]), "committed by user load")
    probe.cmd("screen-length 0 temporary", b"<HUAWEI>")
    conf = probe.cmd("display current-configuration configuration interface", b"<HUAWEI>")
    for i in range(SESSIONS):
        check(b"interface LoopBack%d\r\n description load %d change %d\r\n"
              % (i, i, COMMITS - 1) in conf, "LoopBack%d's last change" % i, conf)
    probe.close()
    err = server.stderr()
    check(err == "", "server stderr", err)

    if not bench:
        print("load: %d sessions x %d commits: ok" % (SESSIONS, COMMITS))
        return 0
    lat = sorted(latencies)
    print("load: %d sessions x %d commits in %.1f s" % (SESSIONS, COMMITS, took))
    print("login time: median %.0f ms, max %.0f ms" %
          (statistics.median(logins) * 1000, max(logins) * 1000))
    print("commit latency: median %.1f ms, p95 %.1f ms, max %.1f ms" %
          (statistics.median(lat) * 1000, lat[int(len(lat) * 0.95)] * 1000, lat[-1] * 1000))
    return 0


try:
    sys.exit(main("--bench" in sys.argv))
except Failure as e:
    print("FAIL", e)
    sys.exit(1)
