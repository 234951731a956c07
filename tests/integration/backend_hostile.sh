#!/usr/bin/env bash
# vrp-sockd against clients that misbehave, and vrpsh keeping the daemon
# in step with the running configuration:
#   - a client that sends transactions and never reads its acks, while a
#     vrpsh commits 100 times: every commit is acknowledged (no warning),
#     the daemon's dump equals the running configuration's bindings and
#     peers, and the daemon says it dropped the client;
#   - a staging of up to 5 GB is refused at the limit per transaction
#     (256 MiB), and over several transactions of one user at the limit
#     per user, the daemon's peak memory staying under the documented
#     bound (plain builds; a sanitizer's allocator is not measured);
#   - a push that times out (the daemon stopped) marks the daemon out of
#     step in the state directory; the next commit of another vrpsh
#     process sends everything and clears the mark; so does
#     `vrpsh --sockd-resync`.
# No network namespace is needed: the bindings name interfaces that do not
# exist, and only the daemon's state is looked at.
#
# Environment: VRPSH, BUILD (tests/run sets both).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
VRPSH=${VRPSH:-$BUILD/vrpsh}
SOCKD=$BUILD/vrp-sockd
TOOL=$BUILD/tests/backend-tool
for f in "$VRPSH" "$SOCKD" "$TOOL"; do
	[ -x "$f" ] || { echo "missing $f (make test builds it)"; exit 1; }
done

tmp=$(mktemp -d)
export VRPSH_STATE_DIR=$tmp/state
port=$((0x56530000 + $$ % 60000))
sockd_pid= silent_pid=
fail=0
cleanup() {
	[ -n "$silent_pid" ] && kill "$silent_pid" 2>/dev/null
	[ -n "$sockd_pid" ] && kill -CONT "$sockd_pid" 2>/dev/null && kill "$sockd_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok   $*"; }

start_sockd() {
	"$SOCKD" --foreground -v --port-id "$port" --state-dir "$VRPSH_STATE_DIR" \
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

# The bindings and peers of the running configuration, as the dump shows
# them: group gN bound to LoopBack0, peer 2001:db8::N in it, AS 200.
expected() {
	for i in $(seq 1 "$1"); do
		echo "binding inst=- vpn=hostile fam=6 group=g$i if=LoopBack0 if-vpn=- source=-"
		printf 'peer inst=- vpn=hostile fam=6 peer=2001:db8::%x group=g%d as=200\n' "$i" "$i"
	done | sort
}

# commits FROM TO: one commit per group.
commits() {
	echo "system-view"
	echo "ip vpn-instance hostile"
	echo "ipv6-family"
	echo "route-distinguisher 100:1"
	echo "quit"
	echo "quit"
	echo "interface LoopBack 0"
	echo "quit"
	echo "bgp 100"
	echo "ipv6-family vpn-instance hostile"
	for i in $(seq "$1" "$2"); do
		echo "group g$i external"
		echo "peer g$i as-number 200"
		echo "peer g$i connect-interface LoopBack 0"
		printf 'peer 2001:db8::%x as-number 200\n' "$i"
		printf 'peer 2001:db8::%x group g%d\n' "$i" "$i"
		echo "commit"
	done
}

same_as_running() { # WHAT N
	"$TOOL" dump "$port" >"$tmp/dump" 2>&1
	expected "$2" >"$tmp/want"
	if cmp -s "$tmp/dump" "$tmp/want"; then ok "$1: the daemon's state is the running configuration's"
	else bad "$1: the daemon's state differs"; diff "$tmp/want" "$tmp/dump" | head -20; fi
}

start_sockd

# ---- a client that never reads, and 100 commits ----------------------------------
"$TOOL" silent "$port" &
silent_pid=$!
commits 1 100 | "$VRPSH" --sockd-port-id "$port" --transcript >"$tmp/commits.out" 2>&1
n=$(grep -c '^\[\*HUAWEI-bgp-6-hostile\]commit$' "$tmp/commits.out")
if [ "$n" = 100 ] && ! grep -qE 'Warning|Error|Failed' "$tmp/commits.out"; then
	ok "100 commits beside a client that does not read: all acknowledged"
else
	bad "100 commits: $n commits, warnings or errors:"
	grep -E 'Warning|Error|Failed' "$tmp/commits.out" | head -5
fi
same_as_running "100 commits" 100
# The daemon drops the client once its answers have waited long enough.
for _ in $(seq 600); do
	grep -q 'dropped (it does not read its answers)\|dropped (its answers are not read)' \
		"$tmp/sockd.log" && break
	sleep 0.1
done
if grep -q 'client at port [0-9]* dropped' "$tmp/sockd.log"; then
	ok "the client that does not read is dropped"
else
	bad "no client dropped"; tail -5 "$tmp/sockd.log"
fi
kill "$silent_pid"
wait "$silent_pid" 2>/dev/null
silent_pid=

# ---- staging limits ---------------------------------------------------------------
rss_bound_kb=$((600 * 1024)) # staging at most 512 MiB, plus the daemon itself
out=$("$TOOL" stage "$port" 5000000000)
case $out in
"refused after "*"E2BIG: "*"limit per transaction is 268435456 bytes"*)
	ok "a 5 GB staging is refused at the limit per transaction" ;;
*) bad "5 GB staging: $out" ;;
esac
out=$("$TOOL" stage "$port" 5000000000 3)
case $out in
"refused after "*"EDQUOT: "*"limit per user is 268435456 bytes"*)
	ok "staging over three transactions of one user is refused at the limit per user" ;;
*) bad "three transactions: $out" ;;
esac
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$sockd_pid/status")
case $VRPSH in
*/asan/*) echo "vrp-sockd peak RSS after the staging attempts: ${hwm} kB (a sanitizer build: not checked)" ;;
*) echo "vrp-sockd peak RSS after the staging attempts: ${hwm} kB (bound ${rss_bound_kb} kB)"
	if [ "$hwm" -lt "$rss_bound_kb" ]; then ok "peak RSS under the bound"; else
	bad "peak RSS ${hwm} kB over ${rss_bound_kb} kB"; fi ;;
esac
same_as_running "after the staging attempts" 100

# ---- out of step: a push that times out ---------------------------------------
kill -STOP "$sockd_pid"
commits 101 101 | "$VRPSH" --sockd-port-id "$port" --transcript >"$tmp/stopped.out" 2>&1
kill -CONT "$sockd_pid"
if grep -q '^Warning: vrp-sockd did not answer' "$tmp/stopped.out" &&
	[ -e "$VRPSH_STATE_DIR/backend-out-of-step" ]; then
	ok "a push that timed out: warned, and the daemon marked out of step"
else
	bad "timed-out push:"; cat "$tmp/stopped.out"; ls "$VRPSH_STATE_DIR"
fi
# The next commit, by another process, sends everything.
commits 102 102 | "$VRPSH" --sockd-port-id "$port" --transcript >"$tmp/next.out" 2>&1
if ! grep -qE 'Warning|Error' "$tmp/next.out" && [ ! -e "$VRPSH_STATE_DIR/backend-out-of-step" ]; then
	ok "the next commit of another vrpsh: no warning, the mark cleared"
else
	bad "next commit:"; cat "$tmp/next.out"
fi
same_as_running "after the next commit" 102

# ---- vrpsh --sockd-resync ------------------------------------------------------------
kill -STOP "$sockd_pid"
commits 103 103 | "$VRPSH" --sockd-port-id "$port" --transcript >"$tmp/stopped2.out" 2>&1
kill -CONT "$sockd_pid"
[ -e "$VRPSH_STATE_DIR/backend-out-of-step" ] || bad "no out-of-step mark after a second time-out"
if "$VRPSH" --sockd-port-id "$port" --sockd-resync >"$tmp/resync.out" 2>&1 &&
	grep -qx 'Info: vrp-sockd has the bindings of the running configuration.' "$tmp/resync.out" &&
	[ ! -e "$VRPSH_STATE_DIR/backend-out-of-step" ]; then
	ok "vrpsh --sockd-resync"
else
	bad "--sockd-resync:"; cat "$tmp/resync.out"
fi
same_as_running "after --sockd-resync" 103

# ---- logs: refused senders are rate-limited ------------------------------------------
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	before=$(grep -c 'refused .* from uid' "$tmp/sockd.log")
	t0=$(date +%s)
	for _ in $(seq 200); do "$TOOL" unpriv "$port" "$(id -u nobody)" "$(id -g nobody)" >/dev/null; done
	t1=$(date +%s)
	# At most 5 lines per 10 s window (backend/sockd/log.h): on a slow
	# (sanitizer, loaded) run the burst spans several windows, each of
	# which may log its 5.
	limit=$((5 * ((t1 - t0) / 10 + 2)))
	# The count of the lines left out comes once the window is over.
	for _ in $(seq 600); do
		grep -q 'more lines\? of refused requests not logged' "$tmp/sockd.log" && break
		sleep 0.1
	done
	after=$(grep -c 'refused .* from uid' "$tmp/sockd.log")
	if grep -q 'more lines\? of refused requests not logged' "$tmp/sockd.log" &&
		[ $((after - before)) -le "$limit" ]; then
		ok "400 refused requests in $((t1 - t0)) s: $((after - before)) lines (at most $limit) and a count of the others"
	else
		bad "refused senders: $((after - before)) lines in $((t1 - t0)) s (at most $limit)"; tail -5 "$tmp/sockd.log"
	fi
fi

if grep -qE 'ERROR: AddressSanitizer|runtime error' "$tmp/sockd.log"; then
	bad "sanitizer report in the daemon's log"; cat "$tmp/sockd.log"
fi
[ $fail = 0 ] && echo "backend_hostile: ok"
exit $fail
