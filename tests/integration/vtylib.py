"""Shared pieces of the VTY tests: start `vrpsh --vty-listen 127.0.0.1:0` on a
fresh state directory and talk to it over real TCP sockets, byte by byte.

Servers bind the loopback address only, on a port the kernel picks, and are
stopped (with their sessions) when the test ends however it ends."""

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

VRPSH = os.environ.get("VRPSH", "build/vrpsh")
# Sanitizer builds are several times slower.
SLOW = float(os.environ.get("VTY_TIME_FACTOR", "1"))
# How long to wait for what must come: long enough for a loaded machine
# (waiting ends as soon as it comes; only a failure waits this long).
WAIT = 60.0

IAC_NEGOTIATION = b"\xff\xfb\x03\xff\xfb\x01\xff\xfd\x03\xff\xfd\x01"
LOGIN_INFO = re.compile(
    rb"Info: The max number of VTY users is (\d+), the number of current VTY users online "
    rb"is (\d+), and total number of terminal users online is (\d+)\.\r\n"
    rb"      The current login time is \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\r\n")

_servers = []
_tmpdirs = []


def _cleanup():
    for p in _servers:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    for d in _tmpdirs:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


class Failure(Exception):
    pass


def check(cond, what, got=None):
    if not cond:
        raise Failure(what + ("" if got is None else "\n  got: %r" % (got,)))


def tmpdir():
    d = tempfile.mkdtemp(prefix="vrpsh-vty-")
    _tmpdirs.append(d)
    return d


class Server:
    """A VTY server on a fresh state directory, started from config text."""

    def __init__(self, config, extra=()):
        self.dir = tmpdir()
        cfg = os.path.join(self.dir, "start.cfg")
        with open(cfg, "w") as f:
            f.write(config)
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.proc = subprocess.Popen(
            # No BGP backend daemon here: its commit warnings stay out of
            # the transcripts.
            [VRPSH, "--state-dir", os.path.join(self.dir, "state"), "-f", cfg,
             "--backend", "none", "--vty-listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        _servers.append(self.proc)
        line = self.proc.stdout.readline().decode(errors="replace")
        m = re.match(r"vrpsh: listening on 127\.0\.0\.1:(\d+)$", line.strip())
        if not m:
            self.log.seek(0)
            raise Failure("server did not start: %r %s" % (line, self.log.read()))
        self.port = int(m.group(1))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)

    def stderr(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


class Client:
    """One telnet connection, read and written as raw bytes."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.data = b""   # everything received
        self.pos = 0      # how much of it the test has looked at
        self.eof = False

    def send(self, b):
        if isinstance(b, str):
            b = b.encode()
        self.sock.sendall(b)

    def _recv(self, timeout):
        self.sock.settimeout(max(timeout, 0.001))
        try:
            d = self.sock.recv(65536)
        except socket.timeout:
            return False
        except ConnectionResetError:
            d = b""
        if not d:
            self.eof = True
            return False
        self.data += d
        return True

    def until(self, pattern, timeout=WAIT):
        """Read until `pattern` (bytes, or a compiled regex) appears after
        what was consumed; return the new bytes up to its end."""
        end = time.time() + timeout * SLOW
        while True:
            hay = self.data[self.pos:]
            if isinstance(pattern, bytes):
                i = hay.find(pattern)
                if i >= 0:
                    return self._take(i + len(pattern))
            else:
                m = pattern.search(hay)
                if m:
                    return self._take(m.end())
            left = end - time.time()
            if left <= 0 or self.eof:
                raise Failure("waited for %r, got %r" % (pattern, hay))
            self._recv(left)

    def _take(self, n):
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def settled(self, screen):
        """What arrived before the session's answer to Ctrl+L, which makes
        libcli show the prompt and the line again: `screen` (the prompt, the
        line and a Backspace for each character after the cursor), after a
        line break.  Anything else the session sent before is returned with
        it, so `c.settled(s) == b"\\r\\n" + s` checks that nothing else came
        without waiting for nothing to come."""
        self.send(b"\x0c")
        return self.until(b"\r\n" + screen)

    def drain(self, seconds):
        """Whatever arrives in `seconds` (for pacing only, never checked)."""
        while self._recv(seconds * SLOW):
            pass
        return self._take(len(self.data) - self.pos)

    def wait_eof(self, timeout=WAIT):
        end = time.time() + timeout * SLOW
        while not self.eof and time.time() < end:
            self._recv(end - time.time())
        return self.eof

    def login(self, user, password, prompt=b"<HUAWEI>"):
        check(self.until(b"Username: ") == IAC_NEGOTIATION + b"\r\nUsername: ",
              "the login starts with the telnet options and Username:", self.data)
        self.send(user + "\r\n")
        check(self.until(b"Password: ") == user.encode() + b"\r\nPassword: ",
              "the user name is echoed, then Password:")
        self.send(password + "\r\n")
        got = self.until(prompt)
        m = LOGIN_INFO.match(got[3:]) if got.startswith(b" \r\n") else None
        # Between the Info lines and the prompt: the shell banner, if any.
        check(m is not None and re.fullmatch(rb"(?:[^\r\n]*\r\n)*" + re.escape(prompt),
                                             got[3 + m.end():]) is not None,
              "after the password: ' ', the Info lines, the prompt", got)
        return got

    def cmd(self, line, prompt, eol="\r\n", timeout=WAIT):
        """Send a line, return everything up to the next prompt (echo
        included)."""
        self.send(line + eol)
        return self.until(prompt, timeout)

    def close(self):
        self.sock.close()


def run(tests):
    """Run test functions in order; print one line each; exit status."""
    failed = 0
    for t in tests:
        t0 = time.time()
        try:
            t()
            print("ok   %s (%.2f s)" % (t.__name__, time.time() - t0))
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (t.__name__, e))
    print("%s: %d passed, %d failed" % (os.path.basename(sys.argv[0]), len(tests) - failed,
                                        failed))
    return 1 if failed else 0
