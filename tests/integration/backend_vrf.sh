#!/usr/bin/env bash
# A VPN instance that is a Linux VRF device: vrp-sockd binds the session's
# socket to the device (SO_BINDTODEVICE) and takes the source address from
# the interface enslaved to it.
#
# Everything runs inside a namespace of its own (daemon, shell and VRF
# device), so the machine's own namespace is not touched.  Needs root,
# `ip netns` and a kernel with VRF support; exits 77 (skipped) otherwise.
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
home=sockd$$
peerns=vpeer$$
port=$((0x56550000 + $$ % 60000))
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$home" 2>/dev/null
	ip netns del "$peerns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
nsh() { ip netns exec "$home" "$@"; }
nsp() { ip netns exec "$peerns" "$@"; }

ip netns add "$home" || exit 1
ip netns add "$peerns" || exit 1
if ! nsh ip link add vrfv1 type vrf table 10 2>/dev/null; then
	echo "the kernel has no VRF support"
	exit 77
fi
if ! "$VRPSH" --help 2>&1 | grep -q -- '--sockd-port-id'; then
	echo "vrpsh has no --sockd-port-id option: cli/ does not attach the backend"
	exit 1
fi
set -e
nsh ip link set lo up
nsh ip link set vrfv1 up
nsh ip link add lbv type veth peer name lbvx
nsh ip link set lbv master vrfv1
nsh ip link set lbv up
nsh ip link set lbvx up
nsh ip -6 addr add 2001:db8:2::1/128 dev lbv nodad
ip link add va$$ type veth peer name vb$$
ip link set va$$ netns "$home"
ip link set vb$$ netns "$peerns"
nsh ip link set va$$ master vrfv1
nsh ip link set va$$ up
nsh ip -6 addr add 2001:db8:fe::1/64 dev va$$ nodad
nsp ip link set lo up
nsp ip link set vb$$ up
nsp ip -6 addr add 2001:db8:fe::2/64 dev vb$$ nodad
nsp ip -6 route add 2001:db8:2::/64 via 2001:db8:fe::1
set +e

: >"$tmp/listen.log"
# Not through the functions: $! must be the process itself.
ip netns exec "$peerns" "$TOOL" listen 2001:db8:fe::2 179 "$tmp/listen.log" &
pids+=($!)
printf 'LoopBack0 lbv\n' >"$tmp/ifmap"
ip netns exec "$home" "$SOCKD" --foreground -v --port-id "$port" --ifmap "$tmp/ifmap" \
	--state-dir "$VRPSH_STATE_DIR" >"$tmp/sockd.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do nsh "$TOOL" dump "$port" >/dev/null 2>&1 && break; sleep 0.1; done

printf '%s\n' "system-view" "ip vpn-instance vrfv1" "ipv6-family" "route-distinguisher 100:1" \
	"quit" "quit" "interface LoopBack 0" "ip binding vpn-instance vrfv1" "quit" "bgp 100" \
	"ipv6-family vpn-instance vrfv1" "group test external" "peer test as-number 200" \
	"peer test connect-interface LoopBack 0" "peer 2001:db8:fe::2 as-number 200" \
	"peer 2001:db8:fe::2 group test" >"$tmp/script"
nsh "$VRPSH" --sockd-port-id "$port" -f "$tmp/script" >"$tmp/vrpsh.out" 2>&1

fail=0
for _ in $(seq 600); do grep -qx 'accept 2001:db8:2::1' "$tmp/listen.log" && break; sleep 0.1; done
if grep -qx 'accept 2001:db8:2::1' "$tmp/listen.log"; then
	echo "ok   VRF vrfv1: connection from LoopBack0's address 2001:db8:2::1"
else
	echo "FAIL: VRF vrfv1: no connection from 2001:db8:2::1"
	fail=1
fi
if grep -E 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/sockd.log" "$tmp/vrpsh.out"; then
	fail=1
fi
if [ $fail != 0 ]; then
	cat "$tmp/vrpsh.out" "$tmp/sockd.log" "$tmp/listen.log"
	nsh "$TOOL" dump "$port" state
fi
[ $fail = 0 ]
