#!/usr/bin/env bash
# Command-line options, exit statuses and the choice of mode.
#
#   VRPSH=build/vrpsh tests/integration/options.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect STATUS DESCRIPTION -- COMMAND...: run it (stdin from /dev/null
# unless redirected by the caller) with stdout in out, stderr in err.
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >out 2>err </dev/null
	local rc=$?
	[ "$rc" = "$want" ] || fail "$what: exit status $rc, expected $want (stderr: $(head -3 err))"
}
has() { grep -qF -- "$2" "$1" || fail "$3: '$2' not in $1: $(head -5 "$1")"; }

expect 0 "--help" -- "$vrpsh" --help
has out "Usage: vrpsh" "--help"
has out "CE6881H" "--help lists the models"
has out "CE8875" "--help lists the models"
expect 0 "-h" -- "$vrpsh" -h
expect 0 "--version" -- "$vrpsh" --version
grep -qE '^vrpsh [0-9]+\.[0-9]+\.[0-9]+$' out || fail "--version prints '$(cat out)'"

expect 2 "unknown option" -- "$vrpsh" --bogus
has err "unknown option '--bogus'" "unknown option"
expect 2 "unknown short option" -- "$vrpsh" -x
expect 2 "stray argument" -- "$vrpsh" file.cfg
expect 2 "-f without argument" -- "$vrpsh" -f
expect 2 "missing file" -- "$vrpsh" -f no-such-file.cfg
has err "no-such-file.cfg" "missing file"
expect 2 "unknown model" -- "$vrpsh" --model CE1234
has err "unknown model 'CE1234'" "unknown model"
has err "CE6881H" "unknown model lists the models"
expect 0 "model name in any case" -- "$vrpsh" --model ce8865 -c 'display version'
has out "CE8865" "display version names the model"
expect 2 "forwarding mode on a model without it" -- "$vrpsh" --forwarding-mode low-latency
has err "CE6885-LL" "forwarding mode error names the model that has it"
expect 2 "unknown forwarding mode" -- "$vrpsh" --model CE6885-LL --forwarding-mode fast
expect 0 "standard forwarding mode" -- "$vrpsh" --model CE6885-LL --forwarding-mode standard -c 'display version'
expect 2 "level too high" -- "$vrpsh" --level 4
expect 2 "level not a number" -- "$vrpsh" --level x
expect 2 "level negative" -- "$vrpsh" --level -1
expect 0 "level 0" -- "$vrpsh" --level 0 -c quit

expect 0 "state dir is created" -- "$vrpsh" --state-dir "$tmp/a/b/c" -c 'display version'
[ -d "$tmp/a/b/c" ] || fail "--state-dir did not create the directory"
: >"$tmp/plain-file"
expect 2 "state dir is a file" -- "$vrpsh" --state-dir "$tmp/plain-file"
has err "not a directory" "state dir is a file"

# -c: runs in order from the user view; the first failure stops with 1.
expect 0 "-c" -- "$vrpsh" -c 'display this' -c 'display current-configuration'
has out "sysname HUAWEI" "-c output"
expect 1 "-c failing" -- "$vrpsh" -c 'display version' -c 'dispaly this' -c 'display this'
printf -- '-c:2: dispaly this\n      ^\nError: Unrecognized command found at '"'^'"' position.\n' >want
cmp -s want err || fail "-c error report: $(cat -A err)"
# Without -f, -c does not wait for standard input.
# Standard input stays open for ten minutes; vrpsh must not wait for it
# (the minute allowed is only there to end the test should it wait).
timeout 60 "$vrpsh" -c 'display version' >out 2>err < <(sleep 600)
[ $? -eq 0 ] || fail "-c waited for standard input"
# -f then -c: the replay is committed before the commands run.
printf 'system-view\nsysname Lab1\n' >s.cfg
expect 0 "-f with -c" -- "$vrpsh" --state-dir lab -f s.cfg -c 'display current-configuration'
has out "sysname Lab1" "-c after -f sees the committed replay"
# -f - reads standard input.
"$vrpsh" --state-dir lab2 -f - -c 'display this' <s.cfg >out 2>err || fail "-f - failed"
has out "sysname Lab1" "-f -"

# Transcript: -c commands are more transcript lines.
printf 'system-view\n' | "$vrpsh" --transcript -c 'display this' >out 2>err ||
	fail "--transcript with -c"
printf '<HUAWEI>system-view\nEnter system view, return user view with return command.\n[~HUAWEI]display this\n#\nsysname HUAWEI\n#\nreturn\n[~HUAWEI]\n' >want
cmp -s want out || fail "--transcript with -c: $(cat out)"

# A login shell (argv[0] starting with '-') without a terminal still
# prompts and runs what it reads.
printf 'system-view\nquit\nquit\n' | (exec -a -vrpsh "$vrpsh") >out 2>err || fail "login shell"
printf '<HUAWEI>Enter system view, return user view with return command.\n[~HUAWEI]<HUAWEI>' >want
cmp -s want out || fail "login shell output: $(cat -A out)"

# Progress: on a terminal, every 100,000 lines; never into a pipe.
awk 'BEGIN { print "system-view"; for (i = 0; i < 50000; i++) { print "interface LoopBack 1"; print "quit" } print "return" }' >long.cfg
"$vrpsh" -f long.cfg >out 2>err || fail "long replay failed: $(head -3 err)"
[ -s err ] && fail "progress written into a pipe: $(head -3 err)"
if command -v script >/dev/null 2>&1; then
	script -qec "'$vrpsh' -f long.cfg" /dev/null </dev/null >tty.out 2>&1
	grep -q "Replayed 100000 lines" tty.out || fail "no progress on a terminal: $(head -3 tty.out)"
fi

[ $failures -eq 0 ] || exit 1
echo "options: ok"
