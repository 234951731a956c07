#!/usr/bin/env bash
# vrp-sockd opens the BGP sessions of committed connect-interface bindings
# from the right source, in the right VPN instance, on real sockets.
#
# Two network namespaces joined by a veth pair:
#   VPN ($vpn, the VPN instance)  lb0 = LoopBack0 2001:db8:1::1, lb1 = LoopBack1
#                                 2001:db8:1::2, veth 2001:db8:ff::1/64
#   peer                          veth 2001:db8:ff::2/64, a listener on port 179
#                                 that logs each connection's source address
# vrpsh (one --transcript session fed through a FIFO) commits the
# connect-interface example plus a peer, then changes the binding step by
# step; the listener's log shows what the daemon did.
#
# Needs root and `ip netns`; exits 77 (skipped) otherwise.  Environment:
# VRPSH, BUILD (tests/run sets both).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
VRPSH=${VRPSH:-$BUILD/vrpsh}
SOCKD=$BUILD/vrp-sockd
TOOL=$BUILD/tests/backend-tool

if [ "$(id -u)" != 0 ]; then echo "needs root"; exit 77; fi
if ! ip netns list >/dev/null 2>&1; then echo "needs ip netns"; exit 77; fi
for f in "$VRPSH" "$SOCKD" "$TOOL"; do
	[ -x "$f" ] || { echo "missing $f (make test builds it)"; exit 1; }
done
if ! "$VRPSH" --help 2>&1 | grep -q -- '--sockd-port-id'; then
	echo "vrpsh has no --sockd-port-id option: cli/ does not attach the backend"
	exit 1
fi

tmp=$(mktemp -d)
# vrpsh and vrp-sockd share this state directory (never the machine's).
export VRPSH_STATE_DIR=$tmp/state
port=$((0x56520000 + $$ % 60000))
vpn=vpn1
[ -e /run/netns/$vpn ] && vpn=vpn1t$$
peerns=peer$$
pids=()
sockd_pid=
fail=0

cleanup() {
	exec 3>&- 2>/dev/null
	[ -n "$sockd_pid" ] && kill "$sockd_pid" 2>/dev/null
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$vpn" 2>/dev/null
	ip netns del "$peerns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok   $*"; }

# ---- the network -------------------------------------------------------------
set -e
ip netns add "$vpn"
ip netns add "$peerns"
ip link add vb$$ type veth peer name vp$$
ip link set vb$$ netns "$vpn"
ip link set vp$$ netns "$peerns"
nsv() { ip netns exec "$vpn" "$@"; }
nsp() { ip netns exec "$peerns" "$@"; }
nsv ip link set lo up
# Stand-ins for loopback interfaces: veth pairs with both ends in the
# namespace (kernels without the dummy driver have veth).
for i in 0 1; do
	nsv ip link add lb$i type veth peer name lb${i}x
	nsv ip link set lb${i}x up
	nsv ip link set lb$i up
done
nsv ip -6 addr add 2001:db8:1::1/128 dev lb0 nodad
nsv ip -6 addr add 2001:db8:1::2/128 dev lb1 nodad
nsv ip link set vb$$ up
nsv ip -6 addr add 2001:db8:ff::1/64 dev vb$$ nodad
nsp ip link set lo up
nsp ip link set vp$$ up
nsp ip -6 addr add 2001:db8:ff::2/64 dev vp$$ nodad
nsp ip -6 route add 2001:db8:1::/64 via 2001:db8:ff::1
set +e

printf 'LoopBack0 lb0\nLoopBack1 lb1\n' >"$tmp/ifmap"
: >"$tmp/listen.log"
# Not through nsp: $! must be the listener itself (ip netns exec execs it).
ip netns exec "$peerns" "$TOOL" listen 2001:db8:ff::2 179 "$tmp/listen.log" &
pids+=($!)

# ---- functions ---------------------------------------------------------------

start_sockd() {
	"$SOCKD" --foreground -v --port-id "$port" --ifmap "$tmp/ifmap" --retry-max 2 \
		--state-dir "$VRPSH_STATE_DIR" >>"$tmp/sockd.log" 2>&1 3>&- &
	sockd_pid=$!
	for _ in $(seq 600); do
		"$TOOL" dump "$port" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	bad "vrp-sockd did not start"
	cat "$tmp/sockd.log"
	return 1
}

mark() { wc -l <"$tmp/listen.log"; }

# Waiting for what must come: every 0.1 s for up to a minute (long enough
# for a loaded machine; waiting ends as soon as it comes).
polls=600

# wait_log FROM PATTERN: a line matching PATTERN after line FROM.
wait_log() {
	for _ in $(seq "$polls"); do
		tail -n +"$(($1 + 1))" "$tmp/listen.log" | grep -qx "$2" && return 0
		sleep 0.1
	done
	return 1
}

# What the daemon has seen happen, to know it has dealt with a change
# (its -v log): sockd_mark, then sockd_saw FROM REGEX.
sockd_mark() { wc -l <"$tmp/sockd.log"; }
sockd_saw() {
	for _ in $(seq "$polls"); do
		tail -n +"$(($1 + 1))" "$tmp/sockd.log" | grep -q "$2" && return 0
		sleep 0.1
	done
	bad "vrp-sockd's log shows no '$2'"
	return 1
}

# The transcript shows PATTERN (a commit's result): vrpsh writes it out
# before it waits for the next line.
vrpsh_said() {
	for _ in $(seq "$polls"); do
		grep -q "$1" "$tmp/vrpsh.out" && return 0
		sleep 0.1
	done
	return 1
}

# no_close FROM ADDR: the listener saw no session from ADDR close.
no_close() { ! tail -n +"$(($1 + 1))" "$tmp/listen.log" | grep -qx "close $2"; }

expect_accept() { # FROM ADDR WHAT
	if wait_log "$1" "accept $2"; then ok "$3: connection from $2"; else
		bad "$3: no connection from $2"; tail -20 "$tmp/listen.log"; fi
}

expect_close() { # FROM ADDR WHAT
	if wait_log "$1" "close $2"; then ok "$3: session from $2 closed"; else
		bad "$3: session from $2 not closed"; fi
}

say() { printf '%s\n' "$@" >&3; }

# ---- the shell session -----------------------------------------------------------
base=(
	"system-view"
	"ip vpn-instance $vpn" "ipv6-family" "route-distinguisher 100:1" "quit" "quit"
	"interface LoopBack 0" "ip binding vpn-instance $vpn" "ip address 10.1.1.1 32" "quit"
	"interface LoopBack 1" "ip binding vpn-instance $vpn" "quit"
	"bgp 100" "ipv6-family vpn-instance $vpn"
	"group test external" "peer test as-number 200"
)
start_sockd || exit 1

mkfifo "$tmp/in"
"$VRPSH" --sockd-port-id "$port" --transcript <"$tmp/in" >"$tmp/vrpsh.out" 2>&1 &
vrpsh_pid=$!
pids+=($vrpsh_pid)
exec 3>"$tmp/in"

# 1. The reference page's example, with a peer in the group.
m=$(mark)
say "${base[@]}" "peer test connect-interface LoopBack 0" \
	"peer 2001:db8:ff::2 as-number 200" "peer 2001:db8:ff::2 group test" "commit"
expect_accept "$m" 2001:db8:1::1 "connect-interface LoopBack0"
if "$TOOL" dump "$port" state | grep -q 'peer=2001:db8:ff::2 .*state=Established local=2001:db8:1::1'; then
	ok "the daemon reports the session Established from 2001:db8:1::1"
else
	bad "dump: $("$TOOL" dump "$port" state)"
fi
# Another vrpsh on the same state directory shows it.
"$VRPSH" --backend none --sockd-port-id "$port" -c 'display bgp vpnv6 all peer' \
	-c "display bgp vpnv6 vpn-instance $vpn group test" >"$tmp/display.out" 2>&1
if grep -Eq '^  2001:DB8:FF::2 +4   200 .* Established +0$' "$tmp/display.out" &&
	grep -q "Peers in established state : 1" "$tmp/display.out" &&
	grep -A1 'PeerSession Members:' "$tmp/display.out" | grep -q '   2001:DB8:FF::2'; then
	ok "display bgp vpnv6 all peer / group show the session Established"
else
	bad "display:"; cat "$tmp/display.out"
fi

# 2. Another interface: the old session closes, a new one comes from it.
m=$(mark)
say "peer test connect-interface LoopBack 1" "commit"
expect_close "$m" 2001:db8:1::1 "connect-interface LoopBack1"
expect_accept "$m" 2001:db8:1::2 "connect-interface LoopBack1"

# 3. An address change on the interface leaves the open session alone:
# once the daemon has seen the new address, the session is still the one
# from the old address.
m=$(mark)
d=$(sockd_mark)
nsv ip -6 addr add 2001:db8:1::3/128 dev lb1 nodad
if sockd_saw "$d" "address 2001:db8:1::3[/0-9]* added" && no_close "$m" 2001:db8:1::2 &&
	"$TOOL" dump "$port" state | grep -q 'state=Established local=2001:db8:1::2 '; then
	ok "address added: open session kept"
else
	bad "address added: the open session was dropped"; "$TOOL" dump "$port" state
fi

# 4. The explicit-address form.
m=$(mark)
say "peer test connect-interface 2001:db8:1::3" "commit"
expect_close "$m" 2001:db8:1::2 "connect-interface 2001:DB8:1::3"
expect_accept "$m" 2001:db8:1::3 "connect-interface 2001:DB8:1::3"

# 5. LoopBack1 has two addresses now: a binding to it without an address
# is refused, and nothing changes; with the address it is taken.
m=$(mark)
say "peer test connect-interface LoopBack 1" "commit"
if vrpsh_said '^Error: Interface LoopBack1 has 2 IPv6 addresses' && no_close "$m" 2001:db8:1::3 &&
	"$TOOL" dump "$port" | grep -q 'group=test if=- if-vpn=- source=2001:db8:1::3' &&
	"$TOOL" dump "$port" state | grep -q 'state=Established local=2001:db8:1::3 '; then
	ok "ambiguous source refused: binding and session unchanged"
else
	bad "ambiguous source: the daemon's state changed"
	"$TOOL" dump "$port" state
fi
m=$(mark)
say "peer test connect-interface LoopBack 1 2001:db8:1::2" "commit"
expect_close "$m" 2001:db8:1::3 "connect-interface LoopBack1 2001:DB8:1::2"
expect_accept "$m" 2001:db8:1::2 "connect-interface LoopBack1 2001:DB8:1::2"

# 6. No binding: the kernel chooses the source.
m=$(mark)
say "undo peer test connect-interface" "commit"
expect_close "$m" 2001:db8:1::2 "undo peer test connect-interface"
expect_accept "$m" 2001:db8:ff::1 "undo peer test connect-interface"

# 6b. A peer's own binding comes before its group's.
m=$(mark)
say "peer 2001:db8:ff::2 connect-interface LoopBack 0" "commit"
expect_close "$m" 2001:db8:ff::1 "peer 2001:DB8:FF::2 connect-interface LoopBack0"
expect_accept "$m" 2001:db8:1::1 "peer 2001:DB8:FF::2 connect-interface LoopBack0"
m=$(mark)
say "undo peer 2001:db8:ff::2 connect-interface" "commit"
expect_accept "$m" 2001:db8:ff::1 "undo peer 2001:DB8:FF::2 connect-interface"

# 6c. A VPN instance that is neither a VRF device nor a namespace.
say "quit" "quit" "ip vpn-instance nowhere$$" "ipv6-family" "route-distinguisher 100:2" "quit" \
	"quit" "bgp 100" "ipv6-family vpn-instance nowhere$$" "peer 2001:db8:ee::2 as-number 300" \
	"commit"
for _ in $(seq "$polls"); do
	"$TOOL" dump "$port" state | grep -q "vpn=nowhere$$ fam=6 peer=2001:db8:ee::2 .*state=Idle .*reason=no VPN instance" && break
	sleep 0.1
done
if "$TOOL" dump "$port" state | grep -q "vpn=nowhere$$ fam=6 peer=2001:db8:ee::2 .*state=Idle .*reason=no VPN instance"; then
	ok "peer in a VPN instance that does not exist: Idle (no VPN instance)"
else
	bad "no VPN instance: $("$TOOL" dump "$port" state)"
fi
say "quit" "undo ipv6-family vpn-instance nowhere$$" "ipv6-family vpn-instance $vpn" "commit"

# 7. Deleting the group closes its peers' sessions.
m=$(mark)
say "undo group test" "commit"
expect_close "$m" 2001:db8:ff::1 "undo group test"
if "$TOOL" dump "$port" | grep -q '^peer'; then bad "undo group test: peers left"; else
	ok "undo group test: no peer left"; fi

# 8. kill -9 and start again: the sessions come back from the state directory.
m=$(mark)
say "group test external" "peer test as-number 200" "peer test connect-interface LoopBack 0" \
	"peer 2001:db8:ff::2 as-number 200" "peer 2001:db8:ff::2 group test" "commit"
expect_accept "$m" 2001:db8:1::1 "group configured again"
m=$(mark)
kill -9 "$sockd_pid"
wait "$sockd_pid" 2>/dev/null
sockd_pid=
expect_close "$m" 2001:db8:1::1 "kill -9 vrp-sockd"
start_sockd
expect_accept "$m" 2001:db8:1::1 "vrp-sockd restarted"

# 8b. The interface's address changes: the open session stays; the next
# connection uses the new address.
m=$(mark)
d=$(sockd_mark)
nsv ip -6 addr del 2001:db8:1::1/128 dev lb0
nsv ip -6 addr add 2001:db8:1::11/128 dev lb0 nodad
if sockd_saw "$d" "address 2001:db8:1::11[/0-9]* added" && no_close "$m" 2001:db8:1::1 &&
	"$TOOL" dump "$port" state | grep -q 'state=Established local=2001:db8:1::1 '; then
	ok "LoopBack0's address replaced: the open session stays"
else
	bad "LoopBack0's address replaced: the session was dropped"
fi
m=$(mark)
say "peer test connect-interface 2001:db8:1::3" "commit" "peer test connect-interface LoopBack 0" "commit"
expect_accept "$m" 2001:db8:1::11 "re-connect after the address change"

# 9. A commit while the daemon is down applies when it starts.
kill "$sockd_pid"
wait "$sockd_pid" 2>/dev/null
sockd_pid=
m=$(mark)
warned=$(grep -c '^Warning: vrp-sockd is not running' "$tmp/vrpsh.out")
say "peer test connect-interface LoopBack 1 2001:db8:1::2" "commit"
for _ in $(seq "$polls"); do
	[ "$(grep -c '^Warning: vrp-sockd is not running' "$tmp/vrpsh.out")" -gt "$warned" ] && break
	sleep 0.1
done
[ "$(grep -c '^Warning: vrp-sockd is not running' "$tmp/vrpsh.out")" -gt "$warned" ] ||
	bad "the commit while vrp-sockd was down did not say so"
start_sockd
expect_accept "$m" 2001:db8:1::2 "commit while vrp-sockd was down, then started"

# 10. An interface without an address: Idle until the address comes.
nsv ip -6 addr del 2001:db8:1::11/128 dev lb0
say "peer test connect-interface LoopBack 0" "commit"
for _ in $(seq "$polls"); do
	"$TOOL" dump "$port" state | grep -q 'state=Idle .*has no global IPv6 address' && break
	sleep 0.1
done
if "$TOOL" dump "$port" state | grep -q 'state=Idle .*reason=interface LoopBack0 (lb0) has no global IPv6 address'; then
	ok "LoopBack0 without an address: Idle"
else
	bad "LoopBack0 without an address: $("$TOOL" dump "$port" state)"
fi
m=$(mark)
nsv ip -6 addr add 2001:db8:1::21/128 dev lb0 nodad
expect_accept "$m" 2001:db8:1::21 "address added to LoopBack0"

exec 3>&-
wait "$vrpsh_pid"
grep -q '^Error: Interface LoopBack1 has 2 IPv6 addresses. Specify the source IPv6 address' \
	"$tmp/vrpsh.out" && grep -q '^Failed to generate committed config.' "$tmp/vrpsh.out" &&
	ok "the refused commit printed the daemon's reason" ||
	bad "no refusal message in the session"
grep -q '^Warning: vrp-sockd is not running; the BGP connect-interface bindings will apply when it starts.$' \
	"$tmp/vrpsh.out" && ok "the commit without daemon printed the warning" ||
	bad "no warning for the commit without daemon"
if [ "$(grep -c '^Error' "$tmp/vrpsh.out")" != 1 ]; then
	bad "unexpected errors in the session:"
	grep -B2 '^Error' "$tmp/vrpsh.out"
fi
# Sanitizer builds: a report from a child process fails the test.
if grep -lE 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/sockd.log" "$tmp/vrpsh.out" "$tmp/display.out" 2>/dev/null; then
	bad "sanitizer report:"
	grep -hE -A20 'runtime error|ERROR: (Address|Leak)Sanitizer' "$tmp/sockd.log" "$tmp/vrpsh.out" "$tmp/display.out" | head -80
fi
if [ $fail != 0 ]; then
	echo "--- vrpsh session"; cat "$tmp/vrpsh.out"
	echo "--- vrp-sockd log"; cat "$tmp/sockd.log"
	echo "--- listener log"; cat "$tmp/listen.log"
fi
[ $fail = 0 ]
