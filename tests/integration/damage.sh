#!/usr/bin/env bash
# The damage matrix: each file that holds committed state (journal,
# checkpoint, highwater), in a directory of a few small commits (A: the
# checkpoint is the one of the first commit) and in one with a checkpoint
# in the middle of its journal (B), is damaged eight ways: a byte flipped
# in its first, a middle and its last record (block, slot), cut inside a
# record, cut to nothing, deleted, replaced by a symbolic link, an older
# copy put back.  Each case must end in exactly the committed state, or
# in a clear refusal that loses nothing:
#  - exact: display shows the committed configuration without a warning,
#    and the next commit gets the next commit ID;
#  - refused: display warns with the file, the offset and the last intact
#    commit; a replay that would write exits with status 2 and changes no
#    file; `--recover --yes` keeps the intact part, moves the damaged file
#    aside byte for byte, and the next commit gets an ID above every one
#    given out before.
#
#   VRPSH=build/vrpsh tests/integration/damage.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
cases=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
v() { "$vrpsh" --backend none --state-dir "$@"; }
sums() { (cd "$1" && find . -type f ! -path './sessions/*' ! -name lock | sort | xargs -r sha1sum); }
newest_id() { awk '/^1) CommitId:/ { print $3 }'; }

# ---- the two directories -----------------------------------------------------
commit() { # DIR NAME: a commit that renames the device
	v "$1" -c 'system-view' -c "sysname $2" -c commit >/dev/null 2>"$1.err" ||
		fail "setup commit $2: $(cat "$1.err")"
}
# A: three small commits; the older copies are of the files before the last
mkdir A
commit A/s ONE
commit A/s TWO
cp -r A/s A/before
commit A/s THREE
# B: a commit large enough for a checkpoint (about 1.3 MB of journal), then
# three small ones
awk 'BEGIN { print "sysname BIG"; for (k = 0; k < 7000; k++)
	printf "#\nip vpn-instance vpn-with-a-long-name-%05d\n ipv6-family\n  route-distinguisher 9:%d\n", k, k }' >big.cfg
mkdir B
v B/s -f big.cfg >/dev/null 2>B.err || fail "setup B: $(cat B.err)"
commit B/s FIRST
commit B/s SECOND
cp -r B/s B/before
commit B/s THIRD
for s in A B; do
	v $s/s -c 'display current-configuration' >$s/want 2>$s/err
	v $s/s -c 'display configuration commit list verbose' | newest_id >$s/last
	[ -s $s/err ] && fail "setup $s: $(cat $s/err)"
done
[ "$(cat A/last)" = 1000000003 ] || fail "A's last commit: $(cat A/last)"
[ "$(cat B/last)" = 1000000004 ] || fail "B's last commit: $(cat B/last)"

# The offsets of a file's records: the journal's records, the checkpoint's
# blocks, the high-water mark's two slots.
offsets() { # FILE KIND
	python3 - "$1" "$2" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
kind = sys.argv[2]
offs = []
if kind == "journal":
    pos = 32
    while pos + 8 <= len(data):
        offs.append(pos)
        pos += struct.unpack_from("<I", data, pos + 4)[0]
elif kind == "checkpoint":
    pos = 64
    while pos + 8 <= len(data):
        offs.append(pos)
        pos += 8 + struct.unpack_from("<I", data, pos)[0]
else:
    offs = [0, 32]
print(" ".join(str(o) for o in offs))
PY
}
flip() { # FILE OFFSET
	python3 - "$1" "$2" <<'PY'
import sys
f = open(sys.argv[1], "r+b")
off = int(sys.argv[2])
f.seek(off)
b = f.read(1)
f.seek(off)
f.write(bytes([b[0] ^ 0x10]))
PY
}

# ---- one case ---------------------------------------------------------------------
# run_case SCENARIO FILE HOW EXPECT (exact | refused)
run_case() {
	local sc=$1 file=$2 how=$3 expect=$4
	local c=$tmp/case-$sc-$file-$how
	cases=$((cases + 1))
	cp -r $sc/s "$c"
	local f=$c/$file kind=$file offs first mid last size
	offs=($(offsets "$f" "$kind"))
	first=${offs[0]}
	mid=${offs[$((${#offs[@]} / 2))]}
	last=${offs[$((${#offs[@]} - 1))]}
	size=$(stat -c %s "$f")
	case $how in
	flip-first) flip "$f" $((first + 20)) ;;
	flip-middle) flip "$f" $((mid + 20)) ;;
	flip-last) flip "$f" $((last + 20)) ;;
	cut-in-record) truncate -s $(((last + size) / 2)) "$f" ;;
	cut-to-0) truncate -s 0 "$f" ;;
	delete) rm "$f" ;;
	symlink) rm "$f" && ln -s /dev/null "$f" ;;
	older-copy) cp "$sc/before/$file" "$f" ;;
	esac
	local name="$sc $file $how"
	local before damaged_copy=
	before=$(sums "$c")
	[ -f "$f" ] && [ ! -L "$f" ] && damaged_copy=$(sha1sum <"$f")
	v "$c" -c 'display current-configuration' >"$c.show" 2>"$c.err"
	local src=$?
	if [ $expect = exact ]; then
		[ $src = 0 ] || fail "$name: display failed: $(head -3 "$c.err")"
		[ -s "$c.err" ] && fail "$name: warning where none was due: $(head -3 "$c.err")"
		cmp -s "$c.show" $sc/want || fail "$name: not the committed state: $(diff $sc/want "$c.show" | head -4)"
		v "$c" -c 'system-view' -c 'sysname AFTER' -c commit >/dev/null 2>"$c.err" ||
			fail "$name: no commit afterwards: $(head -3 "$c.err")"
		local id
		id=$(v "$c" -c 'display configuration commit list verbose' | newest_id)
		[ "$id" = $(($(cat $sc/last) + 1)) ] || fail "$name: next commit ID $id after $(cat $sc/last)"
		return
	fi
	# refused: a clear message, the intact part at most, nothing written
	grep -q "/$file is damaged at offset [0-9]* (" "$c.err" ||
		fail "$name: no damage report: $(head -3 "$c.err")"
	grep -q 'last intact commit: ' "$c.err" || fail "$name: no last intact commit"
	grep -q -- '--recover' "$c.err" || fail "$name: no word of --recover"
	printf 'system-view\nsysname W\n' >w.cfg
	v "$c" -f w.cfg >/dev/null 2>"$c.err2"
	local wrc=$?
	[ $wrc = 2 ] || fail "$name: a writing run exits $wrc, not 2"
	grep -q 'is damaged at offset' "$c.err2" || fail "$name: the writing run says $(head -2 "$c.err2")"
	v "$c" -c 'system-view' -c 'sysname W' -c commit >/dev/null 2>&1
	[ $? = 2 ] || fail "$name: a commit with -c is not refused with status 2"
	[ "$(sums "$c")" = "$before" ] || fail "$name: a file changed while refusing"
	# recovery
	v "$c" --recover --yes >"$c.rec" 2>&1 || fail "$name: --recover failed: $(tail -3 "$c.rec")"
	if [ -n "$damaged_copy" ]; then
		local kept
		kept=$(ls "$c" | grep "^$file\.damaged-" | head -1)
		[ -n "$kept" ] || fail "$name: the damaged file was not kept"
		[ -n "$kept" ] && [ "$(sha1sum <"$c/$kept")" != "$damaged_copy" ] &&
			fail "$name: the file kept aside is not the damaged one"
	fi
	v "$c" -c 'display current-configuration' >"$c.show" 2>"$c.err"
	[ -s "$c.err" ] && fail "$name: still damaged after --recover: $(head -2 "$c.err")"
	grep -q '^sysname ' "$c.show" || fail "$name: no configuration after --recover"
	v "$c" -c 'system-view' -c 'sysname AFTER' -c commit >/dev/null 2>"$c.err" ||
		fail "$name: no commit after --recover: $(head -3 "$c.err")"
	local id
	id=$(v "$c" -c 'display configuration commit list verbose' | newest_id)
	[ -n "$id" ] && [ "$id" -gt "$(cat $sc/last)" ] ||
		fail "$name: commit ID $id after recovery, not above $(cat $sc/last)"
}

ways="flip-first flip-middle flip-last cut-in-record cut-to-0 delete symlink older-copy"
# What each case must end in.
expect() { # SCENARIO FILE HOW
	case $3/$2/$1 in
	older-copy/checkpoint/*) echo exact ;; # the journal still holds what it lacks
	symlink/highwater/*) echo refused ;;
	*/highwater/*) echo exact ;;           # the other slot, or no mark: nothing is lost
	*) echo refused ;;
	esac
}
for sc in A B; do
	for file in journal checkpoint highwater; do
		for how in $ways; do
			run_case $sc $file $how "$(expect $sc $file $how)"
		done
	done
done

# A record lost from the history only (before the checkpoint) leaves the
# running configuration whole: display shows it, with the warning.
c=$tmp/history-only
cp -r B/s "$c"
offs=($(offsets "$c/journal" journal))
flip "$c/journal" $((offs[0] + 20))
v "$c" -c 'display current-configuration' >"$c.show" 2>"$c.err"
cmp -s "$c.show" B/want || fail "history-only damage: running not whole: $(diff B/want "$c.show" | head -5)"
grep -q 'is damaged at offset' "$c.err" || fail "history-only damage: no warning"

echo "damage: $cases cases"
[ $cases -ge 40 ] || fail "only $cases cases"
[ $failures -eq 0 ] || exit 1
echo "damage: ok"
