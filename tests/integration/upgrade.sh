#!/usr/bin/env bash
# A state directory written by the first release (tests/fixtures/state-v1:
# a text checkpoint and command-text journal records, with what that
# release showed for it) loads unchanged, reads exactly as it did, and is
# written again in this release's format by the next commit, its history
# kept: the old commit points still show their changes and roll back to
# what they were.
#
#   VRPSH=build/vrpsh tests/integration/upgrade.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
fx=$(cd "$(dirname "$0")/../fixtures/state-v1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export TZ=UTC
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
d=$tmp/state
cp -r "$fx/dir" "$d"
chmod 700 "$d"
v() { "$vrpsh" --backend none --state-dir "$d" "$@"; }
sums() { (cd "$d" && find . -type f ! -path './sessions/*' | sort | xargs sha1sum); }
# WHAT EXPECTED-FILE ACTUAL-FILE, without display current-configuration's
# header lines (the time of the last change is this run's in a new
# directory)
same() {
	local h='/^!(Software Version|Last configuration was updated at) /d'
	cmp -s <(sed -E "$h" "$2") <(sed -E "$h" "$3") ||
		fail "$1 differs from the first release's: $(diff <(sed -E "$h" "$2") <(sed -E "$h" "$3") | head -8)"
}
# A configuration the first release showed, as this release shows it: its
# lines replayed into a new directory.  (This release orders some lines
# differently and shows defaults the first release left out, such as the
# BGP view's unicast families; the configuration is the same.)
shown_now() { # FIRST-RELEASE-OUTPUT
	local n=$tmp/fresh.$RANDOM
	"$vrpsh" --backend none --state-dir "$n" -f "$1" -c 'display current-configuration' ||
		fail "replaying $1"
}
shown_now "$fx/current.out" >want-current
shown_now "$fx/at-1000000002.out" >want-at

# ---- read as the first release read it, nothing written --------------------
before=$(sums)
v -c 'display current-configuration' >current 2>err || fail "display: $(cat err)"
same "display current-configuration" want-current current
v -c 'display configuration commit list verbose' >list 2>err
same "the commit list" "$fx/commit-list.out" list
v -c 'display configuration commit at 1000000002' >at 2>err
same "display configuration commit at" want-at at
v -c 'display configuration commit changes at 1000000005' >changes 2>err
same "display configuration commit changes" "$fx/changes-1000000005.out" changes
[ -s err ] && fail "warnings: $(cat err)"
[ "$(sums)" = "$before" ] || fail "reading changed a file"
[ "$(head -c 4 "$d/journal")" = VJR1 ] || fail "the journal was rewritten by a read"

# ---- the next commit writes the new format ---------------------------------
v -c 'system-view' -c 'sysname UPGRADED' -c 'commit' >out 2>err || fail "commit: $(cat out err)"
[ "$(head -c 4 "$d/journal")" = VRJ2 ] || fail "journal not upgraded"
[ "$(head -c 4 "$d/checkpoint")" = VRK2 ] || fail "checkpoint not upgraded"
cmp -s "$d/journal.v1" "$fx/dir/journal" || fail "journal.v1 is not the old journal"
cmp -s "$d/checkpoint.v1" "$fx/dir/checkpoint" || fail "checkpoint.v1 is not the old checkpoint"
v -c 'display configuration commit list verbose' >list2
# the old points, as they were, under the new one
sed -n '/^2) CommitId/,$p' list2 | sed 's/^\([0-9]\))/X)/' >old-points
sed 's/^\([0-9]\))/X)/' "$fx/commit-list.out" >want-points
same "the old commit points after the upgrade" want-points old-points
grep -q '^1) CommitId: 1000000006$' list2 || fail "the new commit ID: $(head -2 list2)"
v -c 'display configuration commit changes at 1000000005' >changes2
same "an old commit's changes after the upgrade" "$fx/changes-1000000005.out" changes2
sed 's/UPGRADED/FIX2/' <(v -c 'display current-configuration') >current2
same "the running configuration after the upgrade" want-current current2

# ---- the old history still rolls back, exactly ------------------------------
printf 'rollback configuration to commit-id 1000000002\ny\n' | v --transcript >rb 2>err
grep -q 'Configuration rollback succeeded.' rb || fail "rollback: $(tail -3 rb)"
v -c 'display current-configuration' >now
same "the configuration rolled back to an old point" want-at now

# ---- lines loaded from the old files know their owners -------------------------
printf 'system-view\nbgp 100\nipv6-family vpn-instance v1\nundo group ga1\ncommit\n' |
	v --transcript >undo 2>err
v -c 'display current-configuration | include ga1|2001:DB8:1::9' >left
[ -s left ] && fail "undo group ga1 left its peers: $(cat left)"

[ $failures -eq 0 ] || exit 1
echo "upgrade: ok"
