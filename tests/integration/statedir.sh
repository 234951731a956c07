#!/usr/bin/env bash
# The state directory against other users and a hostile or full disk:
#  1. root on a directory owned by nobody, where nobody planted links to
#     root's files: refused, with the reason, and the files are untouched;
#     so is a directory writable by others, and a directory that is a link;
#  2. links planted in root's own directory are never followed: a link for
#     the journal is reported as damage, a link for a `save` file is
#     replaced, not written through;
#  3. a read-only directory (a read-only bind mount): display works, a
#     commit is refused with the reason and changes nothing;
#  4. a full disk (a small tmpfs): display works, a commit fails, nothing
#     is lost or half written, and commits work again once there is room;
#  5. `save` of one file from 8 processes at once: each succeeds and the
#     file is whole; temporaries of killed processes go at the next start.
#
# Needs root (another user's directory, mounts); exits 77 otherwise.
#   VRPSH=build/vrpsh tests/integration/statedir.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
if [ "$(id -u)" != 0 ]; then echo "needs root"; exit 77; fi
nobody=$(id -u nobody 2>/dev/null || echo 65534)
tmp=$(mktemp -d)
cleanup() {
	umount "$tmp/ro" 2>/dev/null
	umount "$tmp/full" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
chmod 755 "$tmp"
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
v() { "$vrpsh" --backend none --state-dir "$@"; }

# ---- 1. another user's directory ------------------------------------------------
echo 'root secret' >victim
chmod 600 victim
victim_sum=$(sha1sum <victim)
mkdir theirs
chown "$nobody" theirs
chmod 700 theirs
for f in journal checkpoint highwater lock lastlogin online vrpcfg.cfg .vrpcfg.cfg.tmp; do
	setpriv --reuid="$nobody" --regid="$nobody" --clear-groups ln -s "$tmp/victim" "theirs/$f" ||
		fail "nobody cannot plant $f"
done
for args in "-c display\ version" "-f /dev/null" "-c save"; do
	eval "v theirs $args" >out 2>err
	rc=$?
	[ $rc = 2 ] || fail "root on nobody's directory ($args): exit status $rc, not 2"
	grep -q "owned by user $nobody, not by this user (0) or root; refusing to use it" err ||
		fail "root on nobody's directory ($args): $(cat err)"
done
[ "$(sha1sum <victim)" = "$victim_sum" ] || fail "the victim changed"
[ "$(stat -c %U victim)" = root ] || fail "the victim changed hands"
mkdir open
chmod 777 open
v open -c 'display version' >out 2>err
[ $? = 2 ] && grep -q 'writable by its group or by others' err || fail "a world-writable directory: $(cat err)"
mkdir mine && chmod 700 mine
ln -s mine alias
v alias -c 'display version' >out 2>err
[ $? = 2 ] && grep -q 'is a symbolic link' err || fail "a directory that is a link: $(cat err)"

# ---- 2. links in root's own directory ----------------------------------------------------
v mine -c 'system-view' -c 'sysname MINE' -c commit >/dev/null 2>err || fail "commit: $(cat err)"
cp mine/journal journal.copy
rm mine/journal
ln -s "$tmp/victim" mine/journal
v mine -c 'display current-configuration' >out 2>err
grep -q 'mine/journal is damaged at offset 0 (is a symbolic link)' err || fail "journal link: $(cat err)"
v mine -c 'system-view' -c 'sysname NOT' -c commit >/dev/null 2>&1
[ $? = 2 ] || fail "a commit through a journal link was not refused"
[ "$(sha1sum <victim)" = "$victim_sum" ] || fail "the victim changed through the journal link"
rm mine/journal
cp journal.copy mine/journal
ln -s "$tmp/victim" mine/saved.cfg
printf 'save saved.cfg\ny\n' | v mine --transcript >out 2>err
grep -q 'Save the configuration successfully' out || fail "save over a link: $(tail -3 out) $(cat err)"
[ -L mine/saved.cfg ] && fail "saved.cfg is still the link"
grep -q '^sysname MINE$' mine/saved.cfg || fail "saved.cfg: $(head -3 mine/saved.cfg)"
[ "$(sha1sum <victim)" = "$victim_sum" ] || fail "the victim changed through save"

# ---- 3. a read-only directory ----------------------------------------------------------------
mkdir ro
if mount --bind mine ro 2>/dev/null && mount -o remount,bind,ro ro 2>/dev/null; then
	before=$(cd mine && find . -type f | sort | xargs sha1sum)
	v ro -c 'display current-configuration' >out 2>err
	rc=$?
	[ $rc = 0 ] && grep -q '^sysname MINE$' out || fail "display on a read-only directory ($rc): $(cat err)"
	[ -s err ] && fail "display on a read-only directory warned: $(cat err)"
	v ro -c 'display configuration commit list' >out 2>err || fail "commit list read-only: $(cat err)"
	v ro -c 'system-view' -c 'sysname RO' -c commit >out 2>err
	[ $? != 0 ] || fail "a commit on a read-only directory succeeded"
	grep -q 'Read-only file system' out err || fail "no reason for the refused commit: $(cat out err)"
	after=$(cd mine && find . -type f | sort | xargs sha1sum)
	[ "$before" = "$after" ] || fail "a file changed on the read-only directory"
	umount ro
else
	echo "skipped: read-only bind mounts are not allowed here"
fi

# ---- 4. a full disk ----------------------------------------------------------------------------
mkdir full
if mount -t tmpfs -o size=2m,mode=0700 tmpfs full 2>/dev/null; then
	v full/s -c 'system-view' -c 'sysname FULL' -c commit >/dev/null 2>err || fail "commit: $(cat err)"
	dd if=/dev/zero of=full/filler bs=4k 2>/dev/null
	sums=$(cd full/s && find . -type f ! -path './sessions/*' | sort | xargs sha1sum)
	v full/s -c 'display current-configuration' >out 2>err
	grep -q '^sysname FULL$' out || fail "display on a full disk: $(cat err)"
	awk 'BEGIN { for (k = 0; k < 2000; k++) printf "ip vpn-instance full-%d\n quit\n", k }' >more.cfg
	v full/s -f more.cfg >out 2>err
	[ $? = 1 ] || fail "a commit on a full disk did not fail"
	grep -q 'No space left on device' out err || fail "no reason for the failed commit: $(cat out err)"
	[ "$(cd full/s && find . -type f ! -path './sessions/*' | sort | xargs sha1sum)" = "$sums" ] ||
		fail "a file changed on the full disk"
	rm full/filler
	v full/s -f more.cfg >out 2>err || fail "commit once there is room: $(cat err)"
	v full/s -c 'display current-configuration' >out 2>err
	[ "$(grep -c '^ip vpn-instance full-' out)" = 2000 ] || fail "the commit after the full disk"
	[ -s err ] && fail "warnings after the full disk: $(cat err)"
	umount full
else
	echo "skipped: tmpfs cannot be mounted here"
fi

# ---- 5. save from several processes; temporaries of the dead --------------------------------
awk 'BEGIN { print "sysname MANY"; for (k = 0; k < 3000; k++)
	printf "#\nip vpn-instance s%d\n ipv6-family\n  route-distinguisher 7:%d\n", k, k }' >many.cfg
v many -f many.cfg >/dev/null 2>err || fail "setup: $(cat err)"
# (a saved file has no header lines, as on the device)
v many -c 'display current-configuration' |
	sed -E '/^!(Software Version|Last configuration was updated at) /d' >want
pids=()
for i in 1 2 3 4 5 6 7 8; do
	printf 'save shared.cfg\ny\n' | v many --transcript >"save$i.out" 2>"save$i.err" &
	pids+=($!)
done
for i in 1 2 3 4 5 6 7 8; do
	wait "${pids[$((i - 1))]}"
	grep -q 'Save the configuration successfully' "save$i.out" ||
		fail "save $i: $(tail -2 "save$i.out") $(cat "save$i.err")"
done
cmp -s many/shared.cfg want || fail "the saved file is not whole"
touch "many/.shared.cfg.tmp.999999999.xyzxyz"
v many -c 'display version' >/dev/null 2>&1
ls -a many | grep -q '\.tmp\.' && fail "a dead process's temporary is left: $(ls -a many)"

[ $failures -eq 0 ] || exit 1
echo "statedir: ok"
