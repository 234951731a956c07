"""How long a failed telnet login takes for a user that does not exist and
for one that does (a wrong password), against `vrpsh --vty-listen` with
the device's default account lockout: the time from sending the password
to the error line, median of many tries, taken in turns.  The two should
be close, so that the time does not tell which user names exist.

    VRPSH=build/vrpsh PYTHONPATH=tests/integration python3 bench/login_timing.py
"""

import statistics
import sys
import time

from vtylib import Client, Server

USERS = 40     # each gets two wrong passwords: below the lockout's three
ROUNDS = 2


def config():
    lines = ["aaa"]
    for i in range(USERS):
        lines.append(" local-user u%d password irreversible-cipher User#%04dpw" % (i, i))
        lines.append(" local-user u%d service-type telnet" % i)
    lines += ["user-interface vty 0 4", " authentication-mode aaa"]
    return "\n".join(lines) + "\n"


def failed_login(c, user):
    """Seconds from the password to the error line."""
    c.until(b"Username: ")
    c.send(user + "\r\n")
    c.until(b"Password: ")
    t0 = time.perf_counter()
    c.send("Wrong#0000pw\r\n")
    c.until(b"Error: Username or password error.\r\n")
    return time.perf_counter() - t0


def main():
    server = Server(config())
    known, unknown = [], []
    for r in range(ROUNDS):
        for i in range(USERS):
            for user, times in ((("u%d" % i), known), (("nobody%d" % i), unknown)):
                c = Client(server.port)
                times.append(failed_login(c, user))
                c.close()
    server.stop()
    k, u = statistics.median(known), statistics.median(unknown)
    print("failed login, existing user (wrong password): median %.1f ms of %d" %
          (k * 1000, len(known)))
    print("failed login, unknown user: median %.1f ms of %d" % (u * 1000, len(unknown)))
    print("unknown / existing: %.2f (target within 20%%: 0.80 to 1.20)" % (u / k))
    return 0


sys.exit(main())
