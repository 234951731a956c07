#!/usr/bin/env bash
# vrp-sockd against malformed, out-of-order and unprivileged requests:
# every one gets its error ack, the daemon's state stays exactly as it
# was, and the daemon keeps serving (backend-tool fuzz checks each case
# with a dump).  Then --allow-group lets a member of the group in.
#
# Needs root (to send as another user); exits 77 otherwise.  Environment:
# VRPSH, BUILD (tests/run sets both).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
SOCKD=$BUILD/vrp-sockd
TOOL=$BUILD/tests/backend-tool

if [ "$(id -u)" != 0 ]; then echo "needs root"; exit 77; fi
for f in "$SOCKD" "$TOOL"; do
	[ -x "$f" ] || { echo "missing $f (make test builds it)"; exit 1; }
done
nobody_uid=$(id -u nobody 2>/dev/null || echo 65534)
nogroup=$(getent group 65534 | cut -d: -f1)
[ -n "$nogroup" ] || { echo "no group with gid 65534"; exit 77; }

tmp=$(mktemp -d)
port=$((0x56530000 + $$ % 60000))
sockd_pid=
fail=0
cleanup() {
	[ -n "$sockd_pid" ] && kill "$sockd_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
bad() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/base.cfg" <<'EOF'
#
ip vpn-instance vpnf
 ipv6-family
  route-distinguisher 100:1
#
interface LoopBack0
 ip binding vpn-instance vpnf
#
bgp 100
 #
 ipv6-family vpn-instance vpnf
  group test external
  peer test as-number 200
  peer test connect-interface LoopBack0
  group "two words" internal
  peer "two words" connect-interface 2001:DB8::5
  peer 2001:DB8:9::2 as-number 300
  peer 2001:DB8:9::2 group test
#
return
EOF

start() { # extra options
	"$SOCKD" --foreground -v --port-id "$port" --config "$tmp/base.cfg" "$@" \
		>>"$tmp/sockd.log" 2>&1 &
	sockd_pid=$!
	for _ in $(seq 600); do
		"$TOOL" dump "$port" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	bad "vrp-sockd did not start"
	cat "$tmp/sockd.log"
	exit 1
}

start
"$TOOL" dump "$port" >"$tmp/before"
expected='binding inst=- vpn=vpnf fam=6 group=test if=LoopBack0 if-vpn=vpnf source=-
binding inst=- vpn=vpnf fam=6 group=two words if=- if-vpn=- source=2001:db8::5
peer inst=- vpn=vpnf fam=6 peer=2001:db8:9::2 group=test as=300'
if [ "$(cat "$tmp/before")" != "$expected" ]; then
	bad "the configuration loaded at start:"
	cat "$tmp/before"
fi

"$TOOL" fuzz "$port" >"$tmp/fuzz.out" 2>&1 || bad "malformed messages:"
grep -v '^ok' "$tmp/fuzz.out"
grep -c '^ok' "$tmp/fuzz.out" | sed 's/$/ malformed-message cases passed/'

# A user who is neither root nor in --allow-group: refused, nothing changes.
out=$("$TOOL" unpriv "$port" "$nobody_uid" 65534)
if [ "$(grep -cx EPERM <<<"$out")" = 4 ] && grep -qx 'get: EPERM' <<<"$out" &&
	grep -q 'message: permission denied: user' <<<"$out"; then
	echo "ok   unprivileged user refused"
else
	bad "unprivileged user:"; echo "$out"
fi
"$TOOL" dump "$port" >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || bad "state changed after the unprivileged requests"
kill -0 "$sockd_pid" 2>/dev/null || bad "vrp-sockd died"

# The same user, as a member of --allow-group: accepted.
kill "$sockd_pid"
wait "$sockd_pid" 2>/dev/null
start --allow-group "$nogroup"
out=$("$TOOL" unpriv "$port" "$nobody_uid" 65534)
if [ "$(grep -cx 0 <<<"$out")" = 4 ] && grep -qx 'get: answered' <<<"$out" &&
	"$TOOL" dump "$port" | grep -q 'vpn=fuzz group=g1'; then
	echo "ok   member of --allow-group accepted"
else
	bad "member of --allow-group:"; echo "$out"
fi
kill "$sockd_pid"
wait "$sockd_pid"
rc=$?
sockd_pid=
[ $rc = 0 ] || bad "vrp-sockd exit status $rc after SIGTERM"

# Without --foreground the daemon detaches, and still stops on SIGTERM.
"$SOCKD" --port-id "$port" --config "$tmp/base.cfg" 2>>"$tmp/sockd.log"
rc=$?
for _ in $(seq 600); do "$TOOL" dump "$port" >/dev/null 2>&1 && break; sleep 0.1; done
dpid=$(ps -eo pid=,comm=,args= | awk -v p="--port-id $port " '$2 == "vrp-sockd" && index($0 " ", p) {print $1}')
if [ $rc = 0 ] && [[ $dpid =~ ^[0-9]+$ ]] && "$TOOL" dump "$port" | grep -q 'group=test'; then
	kill "$dpid"
	for _ in $(seq 600); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$dpid" 2>/dev/null && [ "$(ps -o stat= -p "$dpid")" != Z ]; then
		bad "detached vrp-sockd ignores SIGTERM"
		kill -9 "$dpid"
	else
		echo "ok   detached vrp-sockd serves and stops on SIGTERM"
	fi
else
	bad "detached vrp-sockd (exit $rc, pid '$dpid')"
fi
# Sanitizer builds: a report from a child process fails the test.
if grep -lE 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/sockd.log" 2>/dev/null; then
	bad "sanitizer report:"
	grep -hE -A20 'runtime error|ERROR: (Address|Leak)Sanitizer' "$tmp/sockd.log" | head -80
fi
if [ $fail != 0 ]; then
	cat "$tmp/fuzz.out"
	echo "--- vrp-sockd log"; cat "$tmp/sockd.log"
fi
[ $fail = 0 ]
