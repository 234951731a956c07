#!/usr/bin/env bash
# Several vrpsh processes on one state directory.
#  1. Replays of disjoint changes run in parallel (8 writers): every one lands, with
#     unique commit IDs from 1000000001 upward.
#  2. Two interactive sessions change the same line: the first commit
#     wins, the second prints the conflict message and keeps its
#     candidate; the other session sees the new running configuration.
#  3. Two interactive sessions change different lines: both commits land.
#
#   VRPSH=build/vrpsh tests/integration/concurrency.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# ---- 1. parallel replays of disjoint changes ---------------------------
N=8
for i in $(seq 1 $N); do
	awk -v p="$i" 'BEGIN {
		for (k = 0; k < 2000; k++)
			printf "#\nip vpn-instance p%d-%d\n ipv6-family\n  route-distinguisher %d:%d\n", p, k, p, k
	}' >"f$i.cfg"
done
for i in $(seq 1 $N); do
	"$vrpsh" --state-dir par -f "f$i.cfg" >"o$i" 2>"e$i" &
	pids+=($!)
done
for i in $(seq 1 $N); do
	wait "${pids[$((i - 1))]}" || fail "replay $i failed: $(head -3 "e$i")"
done
pids=()
"$vrpsh" --state-dir par -c 'display configuration commit list' >list 2>err ||
	fail "commit list: $(cat err)"
ids=$(awk '$1 ~ /^[0-9]+$/ { print $2 }' list | sort)
want=$(for i in $(seq 1 $N); do echo $((1000000000 + i)); done)
[ "$ids" = "$want" ] || fail "commit IDs: $(echo $ids), expected $(echo $want)"
# newest first: strictly decreasing down the list
awk '$1 ~ /^[0-9]+$/ { if (prev && $2 >= prev) bad = 1; prev = $2 } END { exit bad }' list ||
	fail "commit list not newest first: $(cat list)"
"$vrpsh" --state-dir par -c 'display current-configuration' >cur 2>err
n=$(grep -c '^ip vpn-instance p' cur)
[ "$n" = $((N * 2000)) ] || fail "$n VPN instances after the parallel replays, expected $((N * 2000))"

# ---- interactive sessions driven through FIFOs --------------------------
# open NAME: a --transcript session on state directory "shared".
# run NAME LINE: send LINE and wait until it has run (a comment line after
# it is echoed only once LINE is done).
declare -A fd
mark=0
open_session() {
	mkfifo "$1.in"
	"$vrpsh" --state-dir shared --transcript <"$1.in" >"$1.out" 2>"$1.err" &
	pids+=($!)
	exec {f}>"$1.in"
	fd[$1]=$f
}
run() {
	mark=$((mark + 1))
	printf '%s\n#sync-%d\n' "$2" "$mark" >&"${fd[$1]}"
	for _ in $(seq 1 1200); do # up to a minute: long enough for a loaded machine
		grep -q "#sync-$mark\$" "$1.out" && return 0
		sleep 0.05
	done
	fail "$1: '$2' did not finish"
	return 1
}
close_session() {
	printf 'return\nn\nquit\n' >&"${fd[$1]}"
	eval "exec ${fd[$1]}>&-"
}

"$vrpsh" --state-dir shared -c 'display version' >/dev/null 2>&1

# ---- 2. the same line from two sessions ---------------------------------
open_session A
open_session B
run A system-view
run B system-view
run A 'sysname FROM-A'
run B 'sysname FROM-B'
run A commit
run B 'display current-configuration | include sysname'
grep -q '^sysname FROM-A$' B.out || fail "B does not see A's commit: $(tail -5 B.out)"
run B commit
conflict="Commit canceled, the configuration conflicted with other user, you can modify "
grep -qxF "$conflict" B.out || fail "no conflict message for B: $(tail -8 B.out)"
grep -qxF "the configuration and commit again." B.out || fail "conflict message incomplete"
grep -q "^\[\*FROM-A\]#sync-$mark\$" B.out || fail "B's candidate not kept: $(tail -3 B.out)"
grep -q 'conflicted' A.out && fail "A got a conflict"
"$vrpsh" --state-dir shared -c 'display current-configuration' -c 'display configuration commit list' >cur 2>err
grep -q '^sysname FROM-A$' cur || fail "running after the conflict: $(head -3 cur)"
[ "$(grep -c '^[0-9]  *10000000' cur)" = 1 ] || fail "one commit expected: $(cat cur)"

# ---- 3. different lines from two sessions --------------------------------
run A 'ip vpn-instance va'
run A 'ipv6-family'
run A 'route-distinguisher 1:1'
run B 'clear configuration candidate'
run B 'ip vpn-instance vb'
run B 'ipv6-family'
run B 'route-distinguisher 2:2'
run A commit
run B commit
grep -q conflicted A.out && fail "A: conflict on a disjoint change"
[ "$(grep -c conflicted B.out)" = 1 ] || fail "B: conflict on a disjoint change: $(tail -5 B.out)"
run B 'display configuration candidate'
"$vrpsh" --state-dir shared -c 'display current-configuration' -c 'display configuration commit list' >cur 2>err
grep -q '^ip vpn-instance va$' cur || fail "A's change missing: $(cat cur)"
grep -q '^ip vpn-instance vb$' cur || fail "B's change missing: $(cat cur)"
[ "$(grep -c '^[0-9]  *10000000' cur)" = 3 ] || fail "three commits expected: $(cat cur)"
close_session A
close_session B
for p in "${pids[@]}"; do wait "$p"; done
pids=()
cat A.err B.err >errs
[ -s errs ] && fail "stderr: $(head -5 errs)"

[ $failures -eq 0 ] || exit 1
echo "concurrency: ok"
