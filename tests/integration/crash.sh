#!/usr/bin/env bash
# Crash safety: vrpsh is killed with SIGKILL at random moments while it
# commits a large change (a replay; some commits also write a checkpoint),
# rolls back, reverts a trial, or saves the configuration.  After every kill
# a new vrpsh must start without a word of damage (a crash can only leave an
# unfinished last record, which is cut off silently), show exactly the
# configuration before or after the operation, and list the commits that
# agree with it: one more commit exactly when the operation took effect.
# A saved file is the old one or the whole new one, and the temporaries of
# killed processes are gone after the next start.
#
#   VRPSH=build/vrpsh [CRASH_ITERATIONS=300] tests/integration/crash.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
# Sanitizer builds run several times slower: fewer kills there.
case $vrpsh in */asan/*) dflt=60 ;; *) dflt=300 ;; esac
iterations=${CRASH_ITERATIONS:-$dflt}
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
v() { "$vrpsh" --backend none --state-dir $state "$@"; }
# a configuration without display current-configuration's header lines
# (the time of the last change is not part of the state compared)
body() { sed -E '/^!(Software Version|Last configuration was updated at) /d' "$@"; }
v -f up.cfg -c 'display current-configuration' >up.raw 2>err || fail "setup: $(cat err)"
v -f down.cfg -c 'display current-configuration' >down.raw 2>err || fail "setup: $(cat err)"
body up.raw >up.want
body down.raw >down.want
grep -q '^sysname UP$' up.want && grep -q '^sysname DOWN$' down.want || fail "setup states"

# the newest commit ID in a commit list, 0 when none
newest() { awk '$1 == "1)" && $2 == "CommitId:" { print $3; found = 1 } END { if (!found) print 0 }' "$1"; }

# look NAME: start a new vrpsh and read the state; sets now (up, down or
# other) and id (the newest commit ID)
look() {
	if ! v -c 'display current-configuration' -c 'display configuration commit list verbose 1' \
		-c 'display configuration trial status' >after 2>start.err; then
		fail "$1: vrpsh does not start: $(head -3 start.err)"
		now=other
		return
	fi
	[ -s start.err ] && fail "$1: warnings at start: $(head -3 start.err)"
	sed -n '/^return$/q; p' after | body >config
	echo return >>config
	id=$(newest after)
	if cmp -s config up.want; then now=up
	elif cmp -s config down.want; then now=down
	else now=other; fail "$1: neither state: $(diff config down.want | head -5)"
	fi
}

# kill_during CMD...: start it, kill it a few milliseconds to a few tens in
# (CMD is the program itself, not a shell function: the kill must reach
# vrpsh)
kill_during() {
	"$@" >/dev/null 2>run.err &
	local pid=$!
	sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
}

other() { [ "$1" = up ] && echo down || echo up; }

look setup
cur=$now
last=$id
changed=0
kinds="commit rollback trial save"
declare -A done_kind
for i in $(seq 1 "$iterations"); do
	kind=$(echo $kinds | cut -d' ' -f$((RANDOM % 4 + 1)))
	next=$(other $cur)
	case $kind in
	commit)
		kill_during "$vrpsh" --backend none --state-dir $state -f $next.cfg
		;;
	rollback)
		# undoes the newest commit, which took the configuration from
		# $next to $cur
		printf 'rollback configuration last 1\ny\n' >rb.in
		kill_during sh -c "exec '$vrpsh' --backend none --state-dir $state --transcript <rb.in"
		;;
	trial)
		# a trial to the other state, then its revert is killed
		printf 'system-view\n' >tr.in
		cat $next.cfg >>tr.in
		printf 'commit trial 600\nreturn\n' >>tr.in
		v --transcript <tr.in >tr.out 2>&1 || fail "iteration $i: trial commit: $(tail -3 tr.out)"
		look "iteration $i (trial)"
		[ "$now" = $next ] || fail "iteration $i: the trial did not take effect"
		[ "$id" = $((last + 1)) ] || fail "iteration $i: trial commit ID $id after $last"
		last=$id
		cur=$now
		next=$(other $cur)
		printf 'system-view\nabort trial\ny\n' >ab.in
		kill_during sh -c "exec '$vrpsh' --backend none --state-dir $state --transcript <ab.in"
		;;
	save)
		printf 'save big.cfg\ny\n' >sv.in
		kill_during sh -c "exec '$vrpsh' --backend none --state-dir $state --transcript <sv.in"
		;;
	esac
	done_kind[$kind]=1
	look "iteration $i ($kind)"
	[ "$now" = other ] && break
	if [ "$now" = "$cur" ]; then
		[ "$id" = "$last" ] || fail "iteration $i ($kind): configuration unchanged but newest commit $id (was $last)"
	else
		[ "$id" = $((last + 1)) ] || fail "iteration $i ($kind): configuration changed but newest commit $id (was $last)"
		changed=$((changed + 1))
	fi
	last=$id
	cur=$now
	# a trial left running by the kill is ended here
	if grep -q '^Trial status: *ACTIVE' after; then
		printf 'system-view\nabort trial\ny\n' | v --transcript >ab.out 2>&1
		look "iteration $i (trial ended)"
		last=$id
		cur=$now
	fi
	if [ $kind = save ] && [ -e $state/big.cfg ]; then
		cmp -s $state/big.cfg up.want || cmp -s $state/big.cfg down.want ||
			fail "iteration $i: a saved file is not a whole configuration"
	fi
	leftover=$(ls -a $state | grep '\.tmp\.' || true)
	[ -n "$leftover" ] && fail "iteration $i: temporaries left after a start: $leftover"
done
for k in $kinds; do
	[ -n "${done_kind[$k]:-}" ] || fail "no $k was killed"
done
echo "crash: $iterations kills, $changed of them after the operation took effect"
[ $failures -eq 0 ] || exit 1
echo "crash: ok"
