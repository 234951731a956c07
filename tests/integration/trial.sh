#!/usr/bin/env bash
# Trial commits, on a clock that runs 60 times faster
# (VRPSH_TEST_CLOCK_SCALE=60: the shortest trial, 60 s, lasts 1 s).  What
# is checked while a trial runs uses a trial of 65535 s (18 minutes here),
# shortened to 60 s (`commit trial 60` again) only for the wait for its end,
# so that no check depends on how fast the machine is:
#  1. a trial that runs out reverts by itself, in the session that waits
#     for input, which says so;
#  2. a confirmed trial stays;
#  3. a trial whose process was killed is still there before its deadline
#     and is reverted by the next vrpsh that starts after it;
#  4. ... or by a running vrp-sockd, with no vrpsh started at all.
#
#   VRPSH=build/vrpsh tests/integration/trial.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
export VRPSH_TEST_CLOCK_SCALE=60
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
failures=0
# Waiting for what must come: every 0.05 s for up to a minute.
polls=1200
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

mark=0
# open NAME DIR: a --transcript session fed through a FIFO
open_session() {
	mkfifo "$1.in"
	"$vrpsh" --state-dir "$2" --transcript <"$1.in" >"$1.out" 2>"$1.err" &
	eval "pid_$1=\$!"
	pids+=($!)
	exec {f}>"$1.in"
	eval "fd_$1=\$f"
}
run() {
	local f
	eval "f=\$fd_$1"
	mark=$((mark + 1))
	printf '%s\n#sync-%d\n' "$2" "$mark" >&"$f"
	for _ in $(seq 1 "$polls"); do
		grep -q "#sync-$mark\$" "$1.out" && return 0
		sleep 0.05
	done
	fail "$1: '$2' did not finish"
	return 1
}
sysname() { # DIR: the sysname of the running configuration, read by a new vrpsh
	"$vrpsh" --state-dir "$1" -c 'display current-configuration | include sysname' | sed 's/^sysname //'
}
# active DIR: is a trial running in DIR (asked of a new vrpsh)?
active() {
	"$vrpsh" --state-dir "$1" -c 'display configuration trial status' | grep -q '^Trial status: *ACTIVE'
}
expired_msg='Info: The trial configuration was not confirmed in time and has been rolled back.'


# ---- 1. expiry in a waiting session -------------------------------------
open_session A one
run A system-view
run A 'sysname TRIAL1'
run A 'commit trial 65535'
grep -qx 'Info: The system enters the trial configuration mode.' A.out || fail "no trial info: $(tail -3 A.out)"
grep -qx 'The system will revert to previous configuration if the trial configuration is not confirmed in 65535 seconds.' A.out ||
	fail "no trial deadline line"
run A 'display configuration trial status'
grep -qx 'Trial status:  ACTIVE' A.out || fail "trial not active: $(tail -3 A.out)"
run A 'commit trial 60'
# no command is typed: the session reverts by itself while it waits, and
# says so
for _ in $(seq 1 "$polls"); do
	grep -qxF "$expired_msg" A.out && break
	sleep 0.1
done
grep -qxF "$expired_msg" A.out || fail "the waiting session did not revert the trial"
run A 'display current-configuration | include sysname'
grep -qx 'sysname HUAWEI' A.out || fail "not reverted in the session: $(tail -3 A.out)"
# The waiting session said so, and its next prompt has the old name again.
grep -A1 -x 'Info: The trial configuration was not confirmed in time and has been rolled back.' A.out |
	tail -1 | grep -q '^\[~HUAWEI\]' || fail "the revert was not announced: $(tail -6 A.out)"
run A 'display configuration commit list verbose 1'
grep -q 'Type: ROLLBACK' A.out || fail "the revert is no ROLLBACK commit: $(tail -9 A.out)"
run A 'display configuration trial status'
grep -q 'Trial status: INACTIVE ' A.out || fail "trial still active"
[ "$(sysname one)" = HUAWEI ] || fail "reverted trial still in running"

# ---- 2. confirmed -------------------------------------------------------
open_session B two
run B system-view
run B 'sysname TRIAL2'
run B 'commit trial 60'
run B commit
active two && fail "commit did not confirm the trial"
run B 'display configuration trial status'
grep -q 'Trial status: INACTIVE ' B.out || fail "the confirmed trial is still active"
[ "$(sysname two)" = TRIAL2 ] || fail "confirmed trial reverted"
# a persistent trial confirmed with commit persist from another session
run B 'sysname TRIAL3'
run B 'commit trial persist pid7'
"$vrpsh" --state-dir two -c 'system-view' -c 'commit persist pid7' >persist.out 2>&1 ||
	fail "commit persist from another session: $(cat persist.out)"
active two && fail "commit persist did not confirm"
[ "$(sysname two)" = TRIAL3 ] || fail "persist-confirmed trial reverted"

# ---- 3. killed process ---------------------------------------------------
open_session C three
run C system-view
run C 'sysname TRIAL4'
run C 'commit trial 65535'
kill -KILL "$pid_C"
wait "$pid_C" 2>/dev/null
[ "$(sysname three)" = TRIAL4 ] || fail "trial reverted before its deadline"
"$vrpsh" --state-dir three -c 'display configuration trial status' >status.out
grep -qx 'Trial status:  ACTIVE' status.out || fail "trial not active after the kill: $(cat status.out)"
# A trial of 60 s whose process was killed: a vrpsh started after its
# deadline reverts it at start (vrpsh is started until one finds it due).
open_session E five
run E system-view
run E 'sysname TRIAL7'
run E 'commit trial 60'
kill -KILL "$pid_E"
wait "$pid_E" 2>/dev/null
for _ in $(seq 1 "$polls"); do
	[ "$(sysname five)" = HUAWEI ] && break
	sleep 0.05
done
[ "$(sysname five)" = HUAWEI ] || fail "trial of a killed process not reverted at start"
active five && fail "trial still running"

# ---- 4. killed process, vrp-sockd running ------------------------------------
sockd=$(dirname "$vrpsh")/vrp-sockd
if [ -x "$sockd" ]; then
	open_session D four
	run D system-view
	run D 'sysname TRIAL6'
	run D 'commit trial 120'
	kill -KILL "$pid_D"
	wait "$pid_D" 2>/dev/null
	port=$((0x56520000 + $$ % 65536))
	"$sockd" --foreground --state-dir four --port-id "$port" >sockd.out 2>&1 &
	sockd_pid=$!
	pids+=($sockd_pid)
	for _ in $(seq 1 "$polls"); do
		grep -q 'trial commit expired: configuration reverted' sockd.out && break
		sleep 0.1
	done
	grep -q 'trial commit expired: configuration reverted' sockd.out ||
		fail "vrp-sockd did not revert the expired trial: $(tail -3 sockd.out)"
	[ "$(sysname four)" = HUAWEI ] || fail "trial reverted by vrp-sockd: sysname is not HUAWEI"
	kill -TERM "$sockd_pid"
	wait "$sockd_pid" 2>/dev/null
else
	fail "$sockd is missing"
fi

# ---- abort trial ---------------------------------------------------------
run B 'sysname TRIAL5'
run B 'commit trial 600'
run B $'abort trial\ny'
grep -qx 'Info: The trial configuration rollback succeeded.' B.out || fail "abort trial: $(tail -4 B.out)"
[ "$(sysname two)" = TRIAL3 ] || fail "abort trial did not revert"

for s in A B; do
	eval "exec {fd_$s}>&-"
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()
cat A.err B.err >errs
[ -s errs ] && fail "stderr: $(head -5 errs)"
[ $failures -eq 0 ] || exit 1
echo "trial: ok"
