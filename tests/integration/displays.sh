#!/usr/bin/env bash
# The displays that depend on the state directory and the clock, in the
# layouts of their reference pages: dir (the saved configuration files),
# display startup, display logbuffer (commits, rollbacks, trial reverts);
# and the same log messages arriving at syslog (/dev/log), in a mount
# namespace of the test's own (root only; that part is left out
# otherwise).
#
#   VRPSH=build/vrpsh tests/integration/displays.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
st=$tmp/state
v() { "$vrpsh" --backend none --state-dir "$st" "$@"; }

# dir: the files `save` wrote, with sizes, times and the file system's
# totals; the layout of the reference page's example.
v -c 'save' -c 'save backup.cfg' >/dev/null 2>err || fail "save: $(cat err)"
: >"$st/notes.txt" # not a configuration file: not listed
printf '%02000d' 0 >"$st/big.dat"
touch -d '2019-11-11 20:16:35' "$st/vrpcfg.cfg" "$st/backup.cfg"
touch -d '2019-10-21 15:21:23' "$st/big.dat"
v -c dir >out 2>err || fail "dir: $(cat err)"
python3 - "$st" "$(stat -c %s "$st/backup.cfg")" "$(stat -c %s "$st/vrpcfg.cfg")" >want <<'PY'
import os, sys
st = os.statvfs(sys.argv[1])
total = st.f_blocks * st.f_frsize // 1024
free = st.f_bavail * st.f_frsize // 1024
print("Directory of flash:/")
print()
print("  Idx  Attr     Size(Byte)  Date        Time       FileName")
print("    0  -rw-%15s  Nov 11 2019 20:16:35   backup.cfg" % "{:,}".format(int(sys.argv[2])))
print("    1  -rw-          2,000  Oct 21 2019 15:21:23   big.dat")
print("    2  -rw-%15s  Nov 11 2019 20:16:35   vrpcfg.cfg" % "{:,}".format(int(sys.argv[3])))
print()
print("{:,} KB total (FREE KB free)".format(total))
PY
# Free space changes as other programs write: its form only.
sed -E 's/^([0-9,]+ KB total) \([0-9]{1,3}(,[0-9]{3})* KB free\)$/\1 (FREE KB free)/' out >got
diff -u want got || fail "dir output"

# display startup: the reference page's lines; the saved-configuration
# file is the one `save` writes.
version=$("$vrpsh" --version | sed 's/^vrpsh //')
v -c 'display startup' >out 2>err || fail "display startup: $(cat err)"
cat >want <<EOF
MainBoard:
  Configured startup system software:        vrpsh-$version
  Startup system software:                   vrpsh-$version
  Next startup system software:              vrpsh-$version
  Startup saved-configuration file:          flash:/vrpcfg.cfg
  Next startup saved-configuration file:     flash:/vrpcfg.cfg
  Startup paf file:                          default
  Next startup paf file:                     default
  Startup patch package:                     NULL
  Next startup patch package:                NULL
  Startup feature software:                  NULL
  Next startup feature software:             NULL
  Startup extended-system software:          NULL
  Next startup extended-system software:     NULL
EOF
diff -u want out || fail "display startup"
rm "$st/vrpcfg.cfg"
v -c 'display startup' | grep -qxF '  Startup saved-configuration file:          NULL' ||
	fail "display startup without a saved file"

# display logbuffer: a commit, a labelled commit, a rollback, newest first;
# each headed by the host name the device had when it was made.
v -c system-view -c 'sysname Lab1' -c commit >/dev/null 2>err || fail "commit: $(cat err)"
v -c system-view -c 'sysname Lab2' -c 'commit label two' >/dev/null 2>err || fail "commit label"
v -c 'rollback configuration last 1' >/dev/null 2>err || fail "rollback: $(cat err)"
v -c 'display logbuffer' >out 2>err || fail "display logbuffer: $(cat err)"
sed -E 's/^[A-Z][a-z]{2} [0-9]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} /TIME /' out >got
user=$(id -un)
cat >want <<EOF
Allowed max buffer size : 10240
Actual buffer size : 512
Channel number : 4 , Channel name : logbuffer
Dropped messages : 0
Overwritten messages : 0
Current messages : 3

TIME Lab2 %%01CONFIGURATION/5/CFG_ROLLBACK(l):The configuration was rolled back. (CommitId=1000000003, UserName=$user, Label=, ChangedLines=1)
TIME Lab1 %%01CONFIGURATION/5/CFG_COMMIT(l):The configuration was committed. (CommitId=1000000002, UserName=$user, Label=two, ChangedLines=1)
TIME HUAWEI %%01CONFIGURATION/5/CFG_COMMIT(l):The configuration was committed. (CommitId=1000000001, UserName=$user, Label=, ChangedLines=1)
EOF
diff -u want got || fail "display logbuffer"
[ "$(v -c 'display logbuffer size 1' | grep -c CFG_)" = 1 ] || fail "display logbuffer size 1"
v -c 'display logbuffer level 4' | grep -q CFG_ && fail "display logbuffer level 4 shows level 5"

# A trial that runs out: its revert is logged as such (the clock runs
# 60 times faster: 60 seconds pass in one).
VRPSH_TEST_CLOCK_SCALE=60 v -c system-view -c 'sysname Trial1' -c 'commit trial 60' >/dev/null 2>&1
for _ in $(seq 1 100); do
	VRPSH_TEST_CLOCK_SCALE=60 v -c 'display logbuffer' | grep -q CFG_TRIAL_ROLLBACK && break
	sleep 0.1
done
v -c 'display logbuffer size 1' | grep -q 'CONFIGURATION/4/CFG_TRIAL_ROLLBACK(l):The trial configuration was not confirmed in time and was rolled back.' ||
	fail "trial revert not logged: $(v -c 'display logbuffer' | tail -3)"

# The buffer stays bounded: 1200 more messages, 512 kept, the rest counted.
for i in $(seq 1 1200); do printf 'system-view\nsysname N%d\ncommit\nreturn\n' "$i"; done >many.txt
before=$(v -c 'display logbuffer' | sed -n 's/^Current messages : //p')
v --transcript <many.txt >/dev/null 2>err || fail "many commits: $(head -3 err)"
v -c 'display logbuffer' >out
grep -qx 'Current messages : 512' out || fail "bounded buffer: $(sed -n 5,6p out)"
over=$(sed -n 's/^Overwritten messages : //p' out)
[ "$over" = $((before + 1200 - 512)) ] || fail "overwritten count $over, expected $((before + 1200 - 512))"
sed -n 8p out | grep -q ' N1199 %%01CONFIGURATION/5/CFG_COMMIT(l):The configuration was committed. (CommitId=[0-9]*, UserName=[^,]*, Label=, ChangedLines=1)$' || fail "newest first: $(sed -n 8p out)"
[ "$(wc -c <"$st/logbuffer")" -lt 400000 ] || fail "log buffer file grows: $(wc -c <"$st/logbuffer")"

# syslog: the same messages reach /dev/log, configuration events with
# local7 (facility 23: <189> at severity 5) unless --syslog-facility says
# otherwise (local3: <157>).  /dev is replaced in a mount namespace of the
# test's own, where a socket of the test is /dev/log.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	cat >syslog.py <<'PY'
import os, socket, subprocess, sys
vrpsh, st, work = sys.argv[1:4]
dev = os.path.join(work, "dev")
os.makedirs(dev, exist_ok=True)
for n in ("null", "zero", "urandom", "full"):
    open(os.path.join(dev, n), "w").close()
    subprocess.run(["mount", "--bind", "/dev/" + n, os.path.join(dev, n)], check=True)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(os.path.join(dev, "log"))
subprocess.run(["mount", "--bind", dev, "/dev"], check=True)
run = lambda *a: subprocess.run([vrpsh, "--backend", "none", "--state-dir", st] + list(a),
                                stdout=subprocess.DEVNULL)
run("-c", "system-view", "-c", "sysname Sys1", "-c", "commit")
run("--syslog-facility", "local3", "-c", "system-view", "-c", "sysname Sys2", "-c", "commit")
s.settimeout(5)
for _ in range(2):
    print(s.recv(4096).decode())
PY
	if unshare -m python3 syslog.py "$vrpsh" "$st" "$tmp" >syslog.out 2>err; then
		grep -qE '^<189>.*vrpsh\[[0-9]+\]: %%01CONFIGURATION/5/CFG_COMMIT\(l\):The configuration was committed\. \(CommitId=[0-9]+, UserName=[^,]+, Label=, ChangedLines=1\)$' syslog.out ||
			fail "syslog, local7: $(cat syslog.out)"
		grep -qE '^<157>.*CFG_COMMIT' syslog.out || fail "syslog, --syslog-facility local3: $(cat syslog.out)"
	else
		fail "syslog test: $(tail -3 err)"
	fi
fi

[ $failures -eq 0 ] || exit 1
echo "displays: ok"
