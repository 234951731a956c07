#!/usr/bin/env bash
# vrpsh as the login shell of a system account under Debian's OpenSSH
# server: an sshd on a free loopback port with a host key made for the
# test, a test account whose shell is vrpsh, key login with a pseudo-
# terminal.  The session must print its prompt unasked, never switch on
# bracketed paste, page with "  ---- More ----", and configure and commit
# the connect-interface page's example; the result is then read back from
# the account's state directory.  A second login shows the first as the
# last login.  A local user of the account's name in state block is
# refused.
#
#   VRPSH=build/vrpsh tests/integration/ssh.sh
# Exit 0 = passed, 77 = skipped (not root, or OpenSSH/python3 missing),
# anything else = failed.
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sshd.env"
# Debian's netmiko (2.4.2, python3-netmiko) under Debian's python.
if ! /usr/bin/python3 -c 'import netmiko' 2>/dev/null; then
	echo "python3-netmiko not installed"
	exit 77
fi
sshd_start

# Drive the session through ssh -tt (a pseudo-terminal on the server side).
SSH_PORT=$port SSH_USER=$user SSH_KEY=$tmp/userkey timeout 280 python3 - <<'PY' || fail "the SSH session"
import os, re, subprocess, sys, time

cmd = ["ssh", "-tt", "-p", os.environ["SSH_PORT"], "-i", os.environ["SSH_KEY"],
       "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
       "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
       os.environ["SSH_USER"] + "@127.0.0.1"]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
os.set_blocking(p.stdout.fileno(), False)
data = b""
pos = 0

def until(pat, timeout=60):
    global data, pos
    end = time.time() + timeout
    while True:
        m = re.search(pat, data[pos:])
        if m:
            out = data[pos:pos + m.end()]
            pos += m.end()
            return out
        if time.time() > end or p.poll() is not None and not more():
            print("waited for %r, got %r" % (pat, data[pos:]))
            sys.exit(1)
        more()
        time.sleep(0.02)

def more():
    global data
    try:
        d = os.read(p.stdout.fileno(), 65536)
    except BlockingIOError:
        return False
    if d:
        data += d
    return bool(d)

def send(s):
    p.stdin.write(s.encode())
    p.stdin.flush()

def check(cond, what, got):
    if not cond:
        print("FAIL: %s\n  got: %r" % (what, got))
        sys.exit(1)

# The prompt comes unasked, after the login banner (the account's first
# login: no "last login" line).
out = until(rb"<HUAWEI>")
first = re.search(rb"Info: The max number of VTY users is 5, the number of current VTY users "
                  rb"online is 1, and total number of terminal users online is 1\.\r\n"
                  rb"      The current login time is (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\r\n"
                  rb"<HUAWEI>$", out)
check(first, "login banner, then the prompt", out)

send("screen-length 0 temporary\r")
out = until(rb"<HUAWEI>")
check(b"Info: The configuration takes effect on the current user terminal interface only.\r\n"
      in out, "screen-length 0 temporary", out)
send("system-view\r")
until(rb"\[~HUAWEI\]")
for line in ["interface LoopBack 0", "ip address 10.1.1.1 32", "quit",
             "ip vpn-instance vpn1", "ipv6-family", "route-distinguisher 100:1", "quit", "quit",
             "bgp 100", "ipv6-family vpn-instance vpn1", "group test external",
             "peer test as-number 200", "peer test connect-interface LoopBack 0"]:
    send(line + "\r")
    out = until(rb"\[\*HUAWEI[^\]]*\]")
    check(b"Error" not in out, line, out)
send("commit\r")
out = until(rb"\[~HUAWEI-bgp-6-vpn1\]")
check(b"Error" not in out and b"Failed" not in out, "commit", out)
send("return\r")
until(rb"<HUAWEI>")

# The pager: four lines a screen; q stops.
send("screen-length 4 temporary\r")
until(rb"<HUAWEI>")
send("display current-configuration\r")
out = until(rb"  ---- More ----")
check(out.count(b"\n") == 5, "a screen of four lines", out)
send(" ")
out = until(rb"  ---- More ----")
check(out.startswith(b"\x1b[16D                \x1b[16D") and out.count(b"\n") == 4,
      "Space: the next four lines, the More prompt erased first", out)
send("q")
out = until(rb"<HUAWEI>")
check(out.startswith(b"\x1b[16D                \x1b[16D") and b"#" not in out,
      "q stops the output", out)

send("quit\r")
try:
    p.wait(60)
except subprocess.TimeoutExpired:
    print("quit did not end the session")
    sys.exit(1)
while more():
    pass
check(b"\x1b[?2004h" not in data, "bracketed paste stays off", data)
check(b"\x1b[?1034h" not in data, "no meta-key sequence", data)
print("ssh session: ok")

# The next login shows the first one as the last login, with the client's
# address and the way it came.
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
os.set_blocking(p.stdout.fileno(), False)
data = b""
pos = 0
out = until(rb"<HUAWEI>")
check(re.search(rb"      The current login time is \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\r\n"
                rb"      The last login time is " + re.escape(first.group(1)) +
                rb" from 127\.0\.0\.1 through SSH\.\r\n<HUAWEI>$", out),
      "the last login line after the Info lines", out)
send("quit\r")
try:
    p.wait(60)
except subprocess.TimeoutExpired:
    print("quit did not end the second session")
    sys.exit(1)
print("ssh last login: ok")
PY

# netmiko 2.4.2 (device type huawei) opens an 80-column terminal: a
# 200-character command comes back as the device's output alone, the exit
# question arrives whole, display output is unchanged; send_config_set
# with commit and save_config change the running and saved configuration.
ssh-keygen -q -y -f "$tmp/userkey" >/dev/null || fail "user key"
SSH_PORT=$port SSH_USER=$user SSH_KEY=$tmp/userkey timeout 180 /usr/bin/python3 - <<'PY' || fail "netmiko"
import os, sys
from netmiko import ConnectHandler

c = ConnectHandler(device_type="huawei", host="127.0.0.1", port=int(os.environ["SSH_PORT"]),
                   username=os.environ["SSH_USER"], key_file=os.environ["SSH_KEY"],
                   use_keys=True, allow_agent=False, ssh_config_file=None)

def check(cond, what, got):
    if not cond:
        print("FAIL: %s\n  got: %r" % (what, got))
        sys.exit(1)

cmd = "display current-configuration | include sysname|" + "x" * 200
cmd = cmd[:200]
check(len(cmd) == 200, "the command is 200 characters", cmd)
out = c.send_command(cmd)
check(out == "sysname HUAWEI", "send_command of a 200-character command", out)
out = c.send_command("display interface description LoopBack 0")
check(out.endswith("Interface                     PHY     Protocol Description\n"
                   "LoopBack0                     up      up(s)"), "display output", out)
c.config_mode()
c.send_command("interface LoopBack 7", expect_string=r"\]")
out = c.send_command("return", expect_string=r"\[Y\(yes\)/N\(no\)/C\(cancel\)\]:",
                     strip_prompt=False)
check(out.endswith("Warning: Uncommitted configurations found, commit them before exiting? "
                   "[Y(yes)/N(no)/C(cancel)]:"), "the exit question, whole", out)
out = c.send_command("n", expect_string=r"<HUAWEI>", strip_prompt=False)
check(out.strip() == "<HUAWEI>", "answer N", out)
out = c.send_config_set(["interface LoopBack 8", "description by-netmiko", "commit"])
check("Error" not in out, "send_config_set: no error", out)
out = c.send_command("display current-configuration | include LoopBack8|by-netmiko")
check(out == "interface LoopBack8\n description by-netmiko", "the committed lines are running", out)
out = c.save_config(confirm=True, confirm_response="y")
check("Error" not in out, "save_config: no error", out)
out = c.send_command("display saved-configuration | include by-netmiko")
check(out == " description by-netmiko", "the saved configuration holds the lines", out)
out = c.send_config_set(["undo interface LoopBack 8", "commit"])
check("Error" not in out, "send_config_set: undo", out)
c.disconnect()
print("netmiko 2.4.2 over SSH at 80 columns: ok")
PY

# Without a terminal (ssh -T host < script) the login shell replays its
# input as one transaction: a failing line gives its number and exit 1,
# and nothing of the script is kept.
sshT() {
	ssh -T -p "$port" -i "$tmp/userkey" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$user@127.0.0.1"
}
printf 'system-view\nsysname Script1\nbgp 100\nrouter-id 0.0.0.0\n' | sshT >"$tmp/t.out" 2>"$tmp/t.err"
rc=$?
[ $rc -eq 1 ] || fail "ssh -T with a failing line: exit status $rc"
grep -q '^<stdin>:4: router-id 0.0.0.0' "$tmp/t.err" || fail "ssh -T: no line number: $(cat "$tmp/t.err")"
printf 'system-view\nsysname Script2\n' | sshT >"$tmp/t.out" 2>"$tmp/t.err" ||
	fail "ssh -T with a good script: $(cat "$tmp/t.err")"
[ -s "$tmp/t.out" ] && fail "ssh -T prints a banner or prompts: $(cat "$tmp/t.out")"

# What the session committed is in the account's state directory (read as
# the account: vrpsh refuses another user's directory, root included).
state=$tmp/home/.local/state/vrpsh
[ -d "$state" ] || fail "no state directory in the account's home"
runuser -u "$user" -- "$tmp/vrpsh" --state-dir "$state" -c 'display current-configuration' \
	>"$tmp/config" 2>"$tmp/err" || fail "reading the state directory: $(cat "$tmp/err")"
"$vrpsh" --state-dir "$state" -c 'display version' >/dev/null 2>"$tmp/err" &&
	fail "root used the account's state directory"
grep -q 'owned by user' "$tmp/err" || fail "no reason for refusing: $(cat "$tmp/err")"
sed -E -i 's/^(!Last configuration was updated at ).*/\1DATE TIME/' "$tmp/config"
# (the default model's ports and console are listed, configured or not)
{
	cat <<'EOF'
!Software Version V300R023C00
!Last configuration was updated at DATE TIME
#
sysname Script2
#
ip vpn-instance vpn1
 ipv6-family
  route-distinguisher 100:1
#
interface MEth0/0/0
#
EOF
	for i in $(seq 1 48); do printf 'interface 10GE1/0/%d\n#\n' "$i"; done
	for i in $(seq 1 6); do printf 'interface 100GE1/0/%d\n#\n' "$i"; done
	cat <<'EOF'
interface LoopBack0
 ip address 10.1.1.1 255.255.255.255
#
interface NULL0
#
bgp 100
 #
 ipv6-family unicast
 #
 ipv6-family vpn-instance vpn1
  group test external
  peer test as-number 200
  peer test connect-interface LoopBack0
#
user-interface con 0
#
return
EOF
} >"$tmp/expected"
diff -u "$tmp/expected" "$tmp/config" || fail "the committed configuration differs"

# A local user of the account's name that is blocked may not log in over
# SSH, although sshd accepted the key.
runuser -u "$user" -- "$tmp/vrpsh" --backend none --state-dir "$state" -c system-view -c aaa \
	-c "local-user $user state block" -c commit >"$tmp/block.out" 2>&1 ||
	fail "blocking the local user: $(cat "$tmp/block.out")"
chown -R "$user:" "$state"
timeout 120 ssh -tt -p "$port" -i "$tmp/userkey" -o BatchMode=yes -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$user@127.0.0.1" </dev/null \
	>"$tmp/blocked.out" 2>&1
grep -q "^Error: The local user $user is blocked." "$tmp/blocked.out" ||
	fail "a blocked local user logged in over SSH: $(cat "$tmp/blocked.out")"
grep -q '<HUAWEI>' "$tmp/blocked.out" && fail "the blocked user got a prompt"
echo "ssh: ok"
exit 0
