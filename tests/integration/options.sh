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
# Never the default state directory (root's is /var/lib/vrpsh).
export VRPSH_STATE_DIR=$tmp/state
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
has out "CE6881H           10GE1/0/1-48, 100GE1/0/1-6, MEth0/0/0" "--help lists each model's ports"
has out "CE6860-SAN        25GE1/0/1-48, 100GE1/0/1-8, MEth0/0/0" "--help lists each model's ports"
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

# A login shell (argv[0] starting with '-') without a terminal, as sshd
# runs it for `ssh -T host < script`, replays its input as `vrpsh < script`
# does: no prompts, one transaction, errors with line numbers, exit 1.
printf 'system-view\nsysname Login1\ndisplay this\n' | (exec -a -vrpsh "$vrpsh" --state-dir ls) >out 2>err ||
	fail "login shell without a terminal: $(cat err)"
printf '#\nsysname Login1\n#\nreturn\n' >want
cmp -s want out || fail "login shell output: $(cat -A out)"
expect 0 "login shell's replay is committed" -- "$vrpsh" --state-dir ls -c 'display current-configuration'
has out "sysname Login1" "login shell's replay is committed"
printf 'system-view\nsysname Login2\nbgp 100\nrouter-id 0.0.0.0\n' | (exec -a -vrpsh "$vrpsh" --state-dir ls) >out 2>err
[ $? -eq 1 ] || fail "login shell without a terminal: a failing line must give exit status 1"
has err "<stdin>:4: router-id 0.0.0.0" "login shell without a terminal: the failing line's number"
expect 0 "login shell's failed replay commits nothing" -- "$vrpsh" --state-dir ls -c 'display current-configuration'
has out "sysname Login1" "login shell's failed replay commits nothing"

# -c leaving changes uncommitted: said on stderr, exit status 1, nothing kept.
expect 1 "-c without commit" -- "$vrpsh" --state-dir cc -c system-view -c 'sysname X1'
has err "were not committed" "-c without commit"
expect 0 "-c without commit keeps nothing" -- "$vrpsh" --state-dir cc -c 'display current-configuration'
has out "sysname HUAWEI" "-c without commit keeps nothing"
expect 0 "-c with commit" -- "$vrpsh" --state-dir cc -c system-view -c 'sysname X1' -c commit
[ -s err ] && fail "-c with commit wrote to stderr: $(cat err)"
expect 1 "-f then -c without commit" -- "$vrpsh" --state-dir cc -f s.cfg -c system-view -c 'sysname X2'
has err "were not committed" "-f then -c without commit"

# Output that cannot be written: reported, exit status 1.
"$vrpsh" -c 'display current-configuration' >/dev/full 2>err
[ $? -eq 1 ] || fail "writing to /dev/full: exit status not 1"
has err "vrpsh: write error: No space left on device" "writing to /dev/full"
"$vrpsh" -c 'display current-configuration' >&- 2>err
[ $? -eq 1 ] || fail "closed standard output: exit status not 1"
has err "vrpsh: write error: Bad file descriptor" "closed standard output"
# A closed reader: SIGPIPE ends vrpsh as it ends other tools.
python3 - "$vrpsh" <<'PY' || fail "SIGPIPE"
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "-c", "display current-configuration"], stdout=w,
                   stderr=subprocess.PIPE)
if p.returncode != -signal.SIGPIPE:
    print("exit status %d, stderr %r" % (p.returncode, p.stderr))
    sys.exit(1)
PY

# A VTY server on the factory configuration says why nobody can log in;
# with a telnet user it says nothing.  (It runs until killed: the message
# comes right after the "listening" line.)
vty_start_msg() {
	rm -f vty.err
	"$vrpsh" --state-dir "$1" --vty-listen 127.0.0.1:0 >vty.out 2>vty.err &
	local pid=$!
	for _ in $(seq 1 200); do
		grep -q listening vty.out 2>/dev/null && break
		sleep 0.05
	done
	kill "$pid"
	wait "$pid" 2>/dev/null
}
vty_start_msg vty1
has vty.err "vrpsh: warning: nobody can log in yet: no local user has a password and service-type telnet" "VTY on the factory configuration"
"$vrpsh" --state-dir vty2 -c system-view -c aaa -c 'local-user admin password irreversible-cipher Admin@1234' \
	-c 'local-user admin service-type telnet' -c commit >/dev/null 2>err || fail "local user: $(cat err)"
vty_start_msg vty2
[ -s vty.err ] && fail "VTY with a telnet user warns: $(cat vty.err)"

# Progress: on a terminal, every 100,000 lines; never into a pipe.
awk 'BEGIN { print "system-view"; for (i = 0; i < 50000; i++) { print "interface LoopBack 1"; print "quit" } print "return" }' >long.cfg
"$vrpsh" -f long.cfg >out 2>err || fail "long replay failed: $(head -3 err)"
[ -s err ] && fail "progress written into a pipe: $(head -3 err)"
if command -v script >/dev/null 2>&1; then
	script -qec "'$vrpsh' -f long.cfg" /dev/null </dev/null >tty.out 2>&1
	grep -q "Replayed 100000 lines" tty.out || fail "no progress on a terminal: $(head -3 tty.out)"
	# A count that falls on a multiple of 100,000 is printed once.
	awk 'BEGIN { print "system-view"; for (i = 1; i < 200000; i++) print "sysname A" }' >even.cfg
	script -qec "'$vrpsh' -f even.cfg" /dev/null </dev/null >tty.out 2>&1
	printf 'Replayed 100000 lines\r\nReplayed 200000 lines\r\n' >want
	cmp -s want tty.out || fail "progress on a terminal: $(cat -A tty.out)"
fi

[ $failures -eq 0 ] || exit 1
echo "options: ok"
