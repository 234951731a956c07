#!/usr/bin/env bash
# vrpsh --check: offline validation of configuration files, text and JSON
# diagnostics, several errors per file, model refusals, indentation errors,
# exit statuses, and no state directory touched.
#
#   VRPSH=build/vrpsh tests/integration/check.sh
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

# check STATUS NAME ARGS...: run vrpsh --check ARGS, stdout in NAME.out
check() {
	local want=$1 name=$2
	shift 2
	VRPSH_STATE_DIR=$tmp/state "$vrpsh" --check "$@" >"$name.out" 2>"$name.err" </dev/null
	local rc=$?
	[ "$rc" = "$want" ] || fail "$name: exit status $rc, expected $want: $(head -5 "$name.err")"
}

same() { # same NAME: NAME.out equals NAME.want
	cmp -s "$1.out" "$1.want" || { fail "$1: output differs"; diff "$1.want" "$1.out" | head -20; }
}

# A clean file in the display layout, and a clean script.
cat >good.cfg <<'EOF'
#
sysname Core1
#
ip vpn-instance vpn1
 ipv4-family
  route-distinguisher 100:1
#
interface LoopBack0
 ip address 10.1.1.1 255.255.255.255
#
bgp 100
 router-id 10.1.1.1
#
return
EOF
check 0 good good.cfg
[ -s good.out ] && fail "good: diagnostics for a clean file: $(cat good.out)"
grep -q "checked 14 lines in 1 file for CE6881H: 0 errors" good.err ||
	fail "good: summary: $(cat good.err)"
printf 'system-view\nsysname Core1\ninterface LoopBack 1\nip address 10.2.2.2 32\nquit\n' >script.txt
check 0 script script.txt

# Several errors in one file, each with its line, column and caret; the
# lines of a section whose header failed are not checked.
cat >bad.cfg <<'EOF'
#
sysname
#
interface LoopBack2000
 description never checked
#
interface LoopBack1
 ip address 10.1.1.300 32
 frobnicate now
#
bgp 100
 router-id 0.0.0.0
#
return
EOF
check 1 bad bad.cfg
cat >bad.want <<'EOF'
bad.cfg:2:9: error: Incomplete command found at '^' position.
sysname
        ^
bad.cfg:4:11: error: Wrong parameter found at '^' position.
interface LoopBack2000
          ^
bad.cfg:8:13: error: Wrong parameter found at '^' position.
 ip address 10.1.1.300 32
            ^
bad.cfg:9:2: error: Unrecognized command found at '^' position.
 frobnicate now
 ^
bad.cfg:12:2: error: The router ID 0.0.0.0 is invalid.
 router-id 0.0.0.0
 ^
EOF
same bad
grep -q "5 errors, some lines not checked" bad.err || fail "bad: summary: $(cat bad.err)"

# The same diagnostics as JSON, one object per line.
check 1 json --format json bad.cfg
cat >json.want <<'EOF'
{"file":"bad.cfg","line":2,"column":9,"message":"Incomplete command found at '^' position.","command":"sysname","view":"System view","model":"CE6881H"}
{"file":"bad.cfg","line":4,"column":11,"message":"Wrong parameter found at '^' position.","command":"interface LoopBack2000","view":"System view","model":"CE6881H"}
{"file":"bad.cfg","line":8,"column":13,"message":"Wrong parameter found at '^' position.","command":"ip address 10.1.1.300 32","view":"Loopback interface view","model":"CE6881H"}
{"file":"bad.cfg","line":9,"column":2,"message":"Unrecognized command found at '^' position.","command":"frobnicate now","view":"Loopback interface view","model":"CE6881H"}
{"file":"bad.cfg","line":12,"column":2,"message":"The router ID 0.0.0.0 is invalid.","command":"router-id 0.0.0.0","view":"BGP view","model":"CE6881H"}
EOF
same json
[ -s json.err ] && fail "json: stderr is not empty: $(cat json.err)"

# A command that exists, but not on the chosen model, names the models
# that have it (IPv6 VPN families are not on CE8875).
cat >v6.cfg <<'EOF'
ip vpn-instance vpn1
 ipv6-family
  route-distinguisher 100:1
EOF
check 0 v6-ok v6.cfg
check 1 v6 --model CE8875 v6.cfg
grep -q "^v6.cfg:2:2: error: The command is not supported on CE8875; models that have it: CE6863H, " v6.out ||
	fail "model refusal: $(head -3 v6.out)"
grep -q "CE6881H" v6.out || fail "model refusal names CE6881H: $(head -1 v6.out)"
grep -q "CE8875" v6.out && ! grep -q "supported on CE8875;" v6.out && fail "CE8875 named as having it"
check 1 v6-ll --model CE6885-LL --forwarding-mode low-latency v6.cfg
grep -q "not supported on CE6885-LL (low latency mode); models that have it:" v6-ll.out ||
	fail "low-latency refusal: $(head -1 v6-ll.out)"

# A model that has one form of a command and lacks a longer one: the
# longest match on CE6860-SAN ends in "Too many parameters", but the line
# is a command of other models and is named as such.
cat >dscp.cfg <<'EOF'
dcb pfc
 priority 4
#
dcb pfc dscp-mapping enable slot 1
EOF
check 1 dscp --model CE6860-SAN dscp.cfg
grep -q "^dscp.cfg:4:1: error: The command is not supported on CE6860-SAN; models that have it: CE6855-48XS8CQ, " dscp.out ||
	fail "longer form refusal: $(head -1 dscp.out)"
check 0 dscp-ok --model CE6885-SAN dscp.cfg

# Indentation that no view accounts for.
cat >indent.cfg <<'EOF'
interface LoopBack1
 ip address 10.1.1.1 32
   description too deep
 description fine
EOF
check 1 indent indent.cfg
cat >indent.want <<'EOF'
indent.cfg:3:4: error: The line is indented deeper than the views it follows.
   description too deep
   ^
EOF
same indent

# Several files; standard input.
check 1 two good.cfg bad.cfg
grep -q "checked 28 lines in 2 files" two.err || fail "two files: $(cat two.err)"
VRPSH_STATE_DIR=$tmp/state "$vrpsh" --check - <bad.cfg >stdin.out 2>/dev/null
[ $? = 1 ] || fail "stdin: exit status"
grep -q "^<stdin>:2:9: error: Incomplete" stdin.out || fail "stdin: $(head -1 stdin.out)"

# Usage and I/O errors: status 2.
check 2 missing no-such.cfg
grep -q "no-such.cfg" missing.err || fail "missing file: $(cat missing.err)"
VRPSH_STATE_DIR=$tmp/state "$vrpsh" --check >/dev/null 2>&1 </dev/null
[ $? = 2 ] || fail "--check without a file"
VRPSH_STATE_DIR=$tmp/state "$vrpsh" --check -f good.cfg good.cfg >/dev/null 2>&1 </dev/null
[ $? = 2 ] || fail "--check with -f"
VRPSH_STATE_DIR=$tmp/state "$vrpsh" --format json -c 'display version' >/dev/null 2>&1 </dev/null
[ $? = 2 ] || fail "--format without --check"
check 2 format --format xml good.cfg

# Nothing of the state directory was made or touched.
[ -e "$tmp/state" ] && fail "--check created the state directory"

[ "$failures" = 0 ] || exit 1
echo "check: all passed"
