#!/usr/bin/env bash
# IPv4 BGP sessions from connect-interface bindings: a peer of the BGP view
# in the public instance (the namespace vrp-sockd runs in) and a peer of a
# VPN instance (its own namespace), each from its loopback's address.
#
# Four network namespaces:
#   main ($mainns, vrp-sockd and vrpsh)  lb0 = LoopBack0 10.1.1.1/32,
#                                        veth 10.0.1.1/24 to the peer
#   VPN  ($vpn, the VPN instance)        lb1 = LoopBack1 10.2.2.1/32,
#                                        veth 10.0.2.1/24 to the peer
#   peer                                 10.0.1.2/24 and 10.0.2.2/24, a
#                                        listener on port 179 that logs each
#                                        connection's source address
# vrpsh commits the two peers, then moves them between views and binding
# forms; the listener's log shows where the daemon's SYNs came from.
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

tmp=$(mktemp -d)
export VRPSH_STATE_DIR=$tmp/state
port=$((0x56530000 + $$ % 60000))
mainns=main4t$$
vpn=vpn4t$$
peerns=peer4t$$
pids=()
sockd_pid=
fail=0

cleanup() {
	exec 3>&- 2>/dev/null
	[ -n "$sockd_pid" ] && kill "$sockd_pid" 2>/dev/null
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for n in "$mainns" "$vpn" "$peerns"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok   $*"; }

# ---- the network -------------------------------------------------------------
set -e
for n in "$mainns" "$vpn" "$peerns"; do
	ip netns add "$n"
	ip netns exec "$n" ip link set lo up
done
nsm() { ip netns exec "$mainns" "$@"; }
nsv() { ip netns exec "$vpn" "$@"; }
nsp() { ip netns exec "$peerns" "$@"; }
ip link add m$$ type veth peer name pm$$
ip link set m$$ netns "$mainns"
ip link set pm$$ netns "$peerns"
ip link add v$$ type veth peer name pv$$
ip link set v$$ netns "$vpn"
ip link set pv$$ netns "$peerns"
# Stand-ins for loopback interfaces: veth pairs with both ends in the
# namespace (kernels without the dummy driver have veth).
for side in m:0 v:1; do
	ns=${side%:*} i=${side#*:}
	ip netns exec "$([ "$ns" = m ] && echo "$mainns" || echo "$vpn")" sh -c "
		ip link add lb$i type veth peer name lb${i}x &&
		ip link set lb${i}x up && ip link set lb$i up"
done
nsm ip addr add 10.1.1.1/32 dev lb0
nsm ip link set m$$ up
nsm ip addr add 10.0.1.1/24 dev m$$
nsv ip addr add 10.2.2.1/32 dev lb1
nsv ip link set v$$ up
nsv ip addr add 10.0.2.1/24 dev v$$
nsp ip link set pm$$ up
nsp ip link set pv$$ up
nsp ip addr add 10.0.1.2/24 dev pm$$
nsp ip addr add 10.0.2.2/24 dev pv$$
nsp ip route add 10.1.1.1/32 via 10.0.1.1
nsp ip route add 10.2.2.1/32 via 10.0.2.1
set +e

printf 'LoopBack0 lb0\nLoopBack1 lb1\n' >"$tmp/ifmap"
: >"$tmp/listen.log"
ip netns exec "$peerns" "$TOOL" listen 0.0.0.0 179 "$tmp/listen.log" &
pids+=($!)

# ---- functions ---------------------------------------------------------------

# vrp-sockd in the main namespace: its public instance is that namespace.
start_sockd() {
	ip netns exec "$mainns" "$SOCKD" --foreground -v --port-id "$port" --ifmap "$tmp/ifmap" \
		--retry-max 2 --state-dir "$VRPSH_STATE_DIR" >>"$tmp/sockd.log" 2>&1 3>&- &
	sockd_pid=$!
	for _ in $(seq 50); do
		nsm "$TOOL" dump "$port" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	bad "vrp-sockd did not start"
	cat "$tmp/sockd.log"
	return 1
}

mark() { wc -l <"$tmp/listen.log"; }

wait_log() { # FROM PATTERN: such a line after line FROM, within 10 s
	for _ in $(seq 100); do
		tail -n +"$(($1 + 1))" "$tmp/listen.log" | grep -qx "$2" && return 0
		sleep 0.1
	done
	return 1
}

expect_accept() { # FROM ADDR WHAT
	if wait_log "$1" "accept $2"; then ok "$3: connection from $2"; else
		bad "$3: no connection from $2"; tail -20 "$tmp/listen.log"; fi
}

expect_close() { # FROM ADDR WHAT
	if wait_log "$1" "close $2"; then ok "$3: session from $2 closed"; else
		bad "$3: session from $2 not closed"; fi
}

# wait_dump PATTERN: the daemon's dump (with states) has such a line.
wait_dump() {
	for _ in $(seq 100); do
		nsm "$TOOL" dump "$port" state | grep -q "$1" && return 0
		sleep 0.1
	done
	return 1
}

say() { printf '%s\n' "$@" >&3; }

# ---- the shell session -----------------------------------------------------------
start_sockd || exit 1
wait_log 0 ready || { bad "the listener did not start"; exit 1; }

mkfifo "$tmp/in"
ip netns exec "$mainns" "$VRPSH" --sockd-port-id "$port" --transcript <"$tmp/in" \
	>"$tmp/vrpsh.out" 2>&1 &
pids+=($!)
exec 3>"$tmp/in"

# 1. The BGP view's peer (the page's example) and an IPv4 VPN family's.
m=$(mark)
say "system-view" \
	"ip vpn-instance $vpn" "ipv4-family" "route-distinguisher 100:1" "quit" "quit" \
	"interface LoopBack 0" "ip address 10.1.1.1 32" "quit" \
	"interface LoopBack 1" "ip binding vpn-instance $vpn" "ip address 10.2.2.1 32" "quit" \
	"bgp 100" "peer 10.0.1.2 as-number 200" "peer 10.0.1.2 connect-interface LoopBack 0" \
	"ipv4-family vpn-instance $vpn" "peer 10.0.2.2 as-number 300" \
	"peer 10.0.2.2 connect-interface LoopBack 1" "commit"
expect_accept "$m" 10.1.1.1 "BGP view, connect-interface LoopBack0"
expect_accept "$m" 10.2.2.1 "IPv4 family of $vpn, connect-interface LoopBack1"
if wait_dump "vpn=- peer=10.0.1.2 .*state=Established local=10.1.1.1 " &&
	wait_dump "vpn=$vpn fam=4 peer=10.0.2.2 .*state=Established local=10.2.2.1 "; then
	ok "the daemon reports both sessions Established"
else
	bad "dump: $(nsm "$TOOL" dump "$port" state)"
fi
nsm "$VRPSH" --backend none --sockd-port-id "$port" -c 'display bgp peer' \
	-c 'display bgp vpnv4 all peer' >"$tmp/display.out" 2>&1
if grep -Eq '^  10\.0\.1\.2 +4   200 .* Established +0$' "$tmp/display.out" &&
	grep -Eq '^  10\.0\.2\.2 +4 +300 .* Established +0$' "$tmp/display.out"; then
	ok "display bgp peer / vpnv4 all peer show the sessions Established"
else
	bad "display:"; cat "$tmp/display.out"
fi

# 2. The given source address; then none (the kernel chooses 10.0.1.1).
m=$(mark)
say "quit" "peer 10.0.1.2 connect-interface 10.1.1.1" "commit"
expect_close "$m" 10.1.1.1 "connect-interface 10.1.1.1"
expect_accept "$m" 10.1.1.1 "connect-interface 10.1.1.1"
m=$(mark)
say "undo peer 10.0.1.2 connect-interface" "commit"
expect_close "$m" 10.1.1.1 "undo peer 10.0.1.2 connect-interface"
expect_accept "$m" 10.0.1.1 "undo peer 10.0.1.2 connect-interface"

# 3. A group of the BGP view binds its member.
m=$(mark)
say "group ext external" "peer ext as-number 200" "peer ext connect-interface LoopBack0" \
	"undo peer 10.0.1.2" "peer 10.0.1.2 group ext" "commit"
expect_accept "$m" 10.1.1.1 "group of the BGP view"

# 4. The VPN peer moves to the BGP-VPN instance view, in a group there.
m=$(mark)
say "undo ipv4-family vpn-instance $vpn" "vpn-instance $vpn" "group g external" \
	"peer g as-number 300" "peer g connect-interface LoopBack 1 10.2.2.1" \
	"peer 10.0.2.2 group g" "commit"
expect_close "$m" 10.2.2.1 "undo ipv4-family vpn-instance"
expect_accept "$m" 10.2.2.1 "BGP-VPN instance view, group g"
if wait_dump "vpn=$vpn peer=10.0.2.2 group=g .*state=Established local=10.2.2.1 "; then
	ok "the BGP-VPN instance view's peer is Established"
else
	bad "dump: $(nsm "$TOOL" dump "$port" state)"
fi

# 5. kill -9 and start again: both sessions come back from the state
# directory.
m=$(mark)
kill -9 "$sockd_pid"
wait "$sockd_pid" 2>/dev/null
sockd_pid=
expect_close "$m" 10.1.1.1 "kill -9 vrp-sockd"
expect_close "$m" 10.2.2.1 "kill -9 vrp-sockd"
start_sockd
expect_accept "$m" 10.1.1.1 "vrp-sockd restarted (public instance)"
expect_accept "$m" 10.2.2.1 "vrp-sockd restarted (VPN instance)"

# 6. Removing the BGP process closes everything.
m=$(mark)
say "quit" "quit" "undo bgp 100" "commit"
expect_close "$m" 10.1.1.1 "undo bgp 100"
expect_close "$m" 10.2.2.1 "undo bgp 100"
if nsm "$TOOL" dump "$port" | grep -q .; then
	bad "undo bgp 100: the daemon still has $(nsm "$TOOL" dump "$port")"
else
	ok "undo bgp 100: no binding and no peer left"
fi

say "return" "quit"
exec 3>&-
if grep -q '^Error' "$tmp/vrpsh.out"; then
	bad "vrpsh printed errors:"; grep -B2 '^Error' "$tmp/vrpsh.out"
fi
[ $fail -eq 0 ] || { echo "--- vrp-sockd log"; tail -40 "$tmp/sockd.log"; }
exit $fail
