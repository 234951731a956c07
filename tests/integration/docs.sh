#!/usr/bin/env bash
# Every shell example of README.md (indented and fenced code blocks) and
# of the man page's EXAMPLES runs as shown, on fixture files made here and
# in a state directory of the test's own.  Examples that change the system
# (accounts, /etc) or are the set-up itself are listed below as not run; an
# example that is neither run nor listed fails the test, so a new example
# is noticed.
#
#   VRPSH=build/vrpsh BUILD=build tests/integration/docs.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "$vrpsh")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$vrpsh" "$tmp/bin/vrpsh"
mkdir -p "$tmp/build"
ln -s "$vrpsh" "$tmp/build/vrpsh"
[ -x "$build/vrp-sockd" ] && ln -s "$build/vrp-sockd" "$tmp/build/vrp-sockd"
cd "$tmp"
export VRPSH_STATE_DIR=$tmp/state PATH=$tmp/bin:$PATH
printf 'system-view\nsysname PE1\ninterface LoopBack 0\nip address 10.1.1.1 32\n' >pe1.cfg
printf 'system-view\nbgp 100\nrouter-id 10.1.1.1\n' >script.txt
cp pe1.cfg startup.cfg
# the --check examples: two clean files for a CE8850-HAM
printf '#\nsysname Leaf1\n#\ninterface LoopBack0\n ip address 10.1.1.1 255.255.255.255\n#\nreturn\n' >leaf1.cfg
printf 'system-view\nsysname Leaf2\nbgp 100\nrouter-id 10.1.1.2\n' >leaf2.cfg

python3 - "$root/README.md" "$root/doc/vrpsh.1" >examples.txt <<'PY'
import re, sys
readme, man = sys.argv[1:3]
out = []
block, fence = None, False
for line in open(readme):
    line = line.rstrip("\n")
    if line.startswith("```"):
        fence = not fence
        continue
    if fence:
        out.append(line)
    elif line.startswith("    ") and not line.startswith("     "):
        out.append(line[4:])
nf = False
for line in open(man):
    line = line.rstrip("\n")
    if line == ".nf":
        nf = True
    elif line == ".fi":
        nf = False
    elif nf:
        out.append(line.replace("\\-", "-").replace("\\e", "\\"))
cmd = re.compile(r"^(vrpsh |sudo |printf |sh |make|usermod |useradd |build/|\./build/|# )")
for l in out:
    if cmd.match(l):
        print(l)
PY

# Not run: the set-up (it is what runs this test), and changes to the
# system's accounts and files.
not_run=(
	"sh .ci/deps && make && ./build/vrpsh"
	"make check"
	"usermod -s /usr/local/bin/vrpsh netops"
	"# echo /usr/local/bin/vrpsh >>/etc/shells"
	"# useradd -m -s /usr/local/bin/vrpsh netops        (or usermod -s ...)"
	"# cat /etc/ssh/sshd_config.d/vrpsh.conf"
)
failures=0 ran=0
port_id=$((2000000000 + $$))
while IFS= read -r ex; do
	skip=
	for n in "${not_run[@]}"; do [ "$ex" = "$n" ] && skip=1; done
	[ -n "$skip" ] && continue
	case $ex in
	"# "*)
		echo "FAIL: example not covered by this test: $ex"
		failures=$((failures + 1))
		continue
		;;
	*--vty-listen*)
		# a server: it must come up and say where it listens (on a free
		# port: others may be taken by tests running meanwhile).  -k:
		# under LeakSanitizer a process stopped at exit can hang in the
		# sanitizer's own leak check.
		timeout -k 10 3 bash -c "${ex/:2323/:0}" >out 2>err </dev/null
		grep -q '^vrpsh: listening on ' out || {
			echo "FAIL: $ex: $(cat out err)"
			failures=$((failures + 1))
		}
		;;
	*vrp-sockd*)
		# a daemon: it must still run after two seconds (root only)
		if [ "$(id -u)" -ne 0 ]; then
			continue
		fi
		# in the test's state directory, on a port id of its own
		run=${ex#sudo }
		run=${run//\/var\/lib\/vrpsh/$tmp\/state}
		timeout -k 10 2 bash -c "$run --port-id $port_id" >out 2>err </dev/null
		rc=$?
		# 124: stopped by the timeout; 137: the same, killed after it
		[ $rc -eq 124 ] || [ $rc -eq 137 ] || {
			echo "FAIL: $ex: the daemon stopped: $(tail -3 err)"
			failures=$((failures + 1))
		}
		;;
	*)
		bash -c "$ex" >out 2>err </dev/null || {
			echo "FAIL: $ex: exit status $?: $(head -5 err)"
			failures=$((failures + 1))
		}
		;;
	esac
	ran=$((ran + 1))
done <examples.txt
[ "$ran" -ge 8 ] || {
	echo "FAIL: only $ran examples found"
	failures=$((failures + 1))
}
[ $failures -eq 0 ] || exit 1
echo "docs: $ran examples ran"
