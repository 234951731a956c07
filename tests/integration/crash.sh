#!/usr/bin/env bash
# Crash safety: vrpsh is killed with SIGKILL at random moments while it
# replays and commits a large change (some commits also write a
# checkpoint).  After every kill a new vrpsh must start, show exactly the
# configuration before or after the change, and list the commits that
# agree with it: one more commit exactly when the change took effect.
#
#   VRPSH=build/vrpsh [CRASH_ITERATIONS=200] tests/integration/crash.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
iterations=${CRASH_ITERATIONS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Two states that differ in some 3,000 lines: "up" adds 600 VPN instances
# (and renames the device), "down" removes them again.
awk 'BEGIN {
	print "#\nsysname UP"
	for (k = 0; k < 600; k++)
		printf "#\nip vpn-instance c%d\n ipv6-family\n  route-distinguisher 9:%d\n  vpn-target 9:%d both\n", k, k, k
}' >up.cfg
awk 'BEGIN {
	print "#\nsysname DOWN"
	for (k = 0; k < 600; k++)
		printf "#\nundo ip vpn-instance c%d\n", k
}' >down.cfg

state=state
"$vrpsh" --state-dir $state -f up.cfg -c 'display current-configuration' >up.want 2>err ||
	fail "setup: $(cat err)"
"$vrpsh" --state-dir $state -f down.cfg -c 'display current-configuration' >down.want 2>err ||
	fail "setup: $(cat err)"
grep -q '^sysname UP$' up.want && grep -q '^sysname DOWN$' down.want || fail "setup states"

# the newest commit ID in a commit list, 0 when none
newest() { awk '$1 == "1" { print $2; found = 1 } END { if (!found) print 0 }' "$1"; }

cur=down
last=1000000002
changed=0
torn=0
for i in $(seq 1 "$iterations"); do
	if [ $cur = down ]; then next=up; else next=down; fi
	"$vrpsh" --state-dir $state -f $next.cfg >/dev/null 2>run.err &
	pid=$!
	# a few milliseconds to a few tens: start-up, replay, journal write,
	# the checkpoint now and then
	sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	if ! "$vrpsh" --state-dir $state -c 'display current-configuration' \
		-c 'display configuration commit list' >after 2>start.err; then
		fail "iteration $i: vrpsh does not start: $(head -3 start.err)"
		break
	fi
	# warnings about a torn journal tail are expected; nothing else
	grep -q 'incomplete record\|damaged record' start.err && torn=$((torn + 1))
	if grep -v 'incomplete record\|damaged record' start.err | grep -q .; then
		fail "iteration $i: $(head -3 start.err)"
	fi
	sed -n '/^return$/q; p' after >config
	echo return >>config
	id=$(newest after)
	if cmp -s config $cur.want; then
		[ "$id" = "$last" ] || fail "iteration $i: configuration unchanged but newest commit $id (was $last)"
	elif cmp -s config $next.want; then
		[ "$id" = $((last + 1)) ] || fail "iteration $i: configuration changed but newest commit $id (was $last)"
		last=$id
		cur=$next
		changed=$((changed + 1))
	else
		fail "iteration $i: neither state: $(diff config $cur.want | head -5)"
		break
	fi
done
echo "crash: $iterations kills, $changed of them after the commit, $torn torn journal tails cut"
[ $failures -eq 0 ] || exit 1
echo "crash: ok"
