#!/usr/bin/env bash
# `display ... > FILE` and `>> FILE`: the output goes to FILE of the state
# directory (replaced / appended), nothing to the terminal; bad names are
# refused and leave the directory as it was.
#
#   VRPSH=build/vrpsh tests/integration/output_files.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
state=$tmp/state
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
ok() { echo "ok   $*"; }

# run COMMAND...: vrpsh in the user view, each argument one -c command;
# stdout in out, stderr in err, exit status in rc.
run() {
	local args=()
	for c in "$@"; do args+=(-c "$c"); done
	"$vrpsh" --backend none --state-dir "$state" "${args[@]}" >out 2>err </dev/null
	rc=$?
}

run "display current-configuration"
cp out whole
[ $rc -eq 0 ] && [ -s whole ] || fail "display current-configuration: status $rc"

run "display current-configuration > cfg.txt"
if [ $rc -eq 0 ] && [ ! -s out ] && cmp -s whole "$state/cfg.txt"; then
	ok "> FILE writes the output to the file, nothing to the terminal"
else
	fail "> FILE: status $rc, stdout '$(head -3 out)', file: $(head -3 "$state/cfg.txt" 2>&1)"
fi

run "display current-configuration | include sysname > cfg.txt"
if [ "$(cat "$state/cfg.txt")" = "sysname HUAWEI" ]; then
	ok "> FILE replaces the file, after the filters"
else
	fail "> FILE again: $(cat "$state/cfg.txt")"
fi

run "display current-configuration | include sysname >> cfg.txt" \
	"display current-configuration | count >> cfg.txt"
lines=$(wc -l <whole)
if [ "$(cat "$state/cfg.txt")" = "$(printf 'sysname HUAWEI\nsysname HUAWEI\nTotal lines: %s.' "$lines")" ]; then
	ok ">> FILE appends"
else
	fail ">> FILE: $(cat "$state/cfg.txt")"
fi

run "display current-configuration >> new.log"
cmp -s whole "$state/new.log" && ok ">> FILE creates a missing file" || fail ">> new.log"

before=$(ls -A "$state" | sort)
for name in noext .hidden.txt x.lock ../up.txt 'a b.txt' \
	"$(printf 'n%.0s' $(seq 1 70)).txt"; do
	run "display current-configuration > $name"
	if [ $rc -eq 0 ] || ! grep -q 'Error: ' err; then
		fail "> '$name' accepted (status $rc): $(head -2 out err)"
	fi
done
run "display current-configuration > cfg.txt extra"
[ $rc -ne 0 ] || fail "> FILE followed by another word accepted"
run "display current-configuration > a.txt | include x"
[ $rc -ne 0 ] || fail "> FILE before a filter accepted"
if [ "$(ls -A "$state" | sort)" = "$before" ]; then
	ok "bad file names refused, the state directory unchanged"
else
	fail "the state directory changed: $(ls -A "$state")"
fi

# Only regular files are written: a directory or a link stays as it is.
mkdir "$state/dir.txt"
ln -s /etc/passwd "$state/link.txt"
for name in dir.txt link.txt; do
	for op in ">" ">>"; do
		run "display current-configuration $op $name"
		if [ $rc -ne 0 ] && grep -q "Error: $name is not a regular file." err; then
			ok "$op $name refused"
		else
			fail "$op $name: status $rc, $(head -2 out err)"
		fi
	done
done
[ -d "$state/dir.txt" ] && [ -L "$state/link.txt" ] || fail "dir.txt or link.txt changed"
[ -z "$(ls -A "$state" | grep '^\.')" ] || fail "temporary file left behind: $(ls -A "$state")"

if [ $failures -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
