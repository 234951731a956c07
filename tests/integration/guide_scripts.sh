#!/usr/bin/env bash
# The BGP sections of the configuration guide's example scripts
# (tests/guide/*.cfg: Basic BGP, BGP4+, BGP multi-instance, local IPv4 and
# IPv6 L3VPN) replay with -f without a refused line and render back
# identical.
#
# Only the sections vrpsh models are replayed: sysname, ip vpn-instance,
# interface and bgp (an ospf section is left out).  Inside them, the lines
# of commands vrpsh does not have yet are left out, in the script and in
# what it must render alike:
#     network ...   import-route ...   undo synchronization
# A fixture's header may name a model ("# model: NAME", for ports the
# default model lacks) and lines to leave out ("# drop: LINE", a slip of
# the guide, said why in the header).
#
# The guide's scripts are not uniform in a few details, which the
# expected rendering evens out: a "# " separator is "#"; a script may leave
# out the "#" before a second bgp section or the " #" before an address
# family or VPN instance that the others (and devices) print; one indents
# the lines of an address family by three blanks instead of two.
#
#   VRPSH=build/vrpsh tests/integration/guide_scripts.sh
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
here=$(cd "$(dirname "$0")/../guide" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0

unknown='^ *(network|import-route|undo synchronization)( |$)'

for cfg in "$here"/*.cfg; do
	name=$(basename "$cfg" .cfg)
	model=$(sed -n 's/^# model: //p' "$cfg")
	sed -n 's/^# drop: //p' "$cfg" >"$tmp/drop"
	# The script without its header, the dropped lines and unknown ones,
	# and only the top-level sections vrpsh models.
	grep -v '^# ' "$cfg" | grep -vxF -f "$tmp/drop" | grep -vE "$unknown" |
		awk '/^[^ #]/ { keep = ($0 ~ /^(sysname|ip vpn-instance|interface|bgp) /) }
		     /^#/ || /^return$/ || keep' >"$tmp/$name.cfg"
	# What display current-configuration configuration bgp must show.
	awk '/^[^ #]/ { bgp = ($0 ~ /^bgp /); if (bgp) print "#"; last = "" }
	     /^ +# *$/ { if (bgp) print " #"; last = " #"; next }
	     /^#/ { next }
	     bgp { l = $0; sub(/^   /, "  ", l)
		   if (l ~ /^ (ipv4-family|ipv6-family|vpn-instance) / && last != " #") print " #"
		   print l; last = l }
	     END { print "#"; print "return" }' "$tmp/$name.cfg" >"$tmp/$name.want"
	args=(--backend none --state-dir "$tmp/$name.state")
	[ -n "$model" ] && args+=(--model "$model")
	(cd "$tmp" && "$vrpsh" "${args[@]}" -f "$name.cfg" \
		-c 'display current-configuration configuration bgp' >"$name.got" 2>"$name.err")
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/$name.err" ]; then
		echo "FAIL $name: exit status $rc"
		head -5 "$tmp/$name.err"
		failures=$((failures + 1))
	elif ! cmp -s "$tmp/$name.want" "$tmp/$name.got"; then
		echo "FAIL $name: the BGP sections render differently"
		diff -u --label "guide $name" --label vrpsh "$tmp/$name.want" "$tmp/$name.got" | head -40
		failures=$((failures + 1))
	else
		echo "ok   $name"
		passed=$((passed + 1))
	fi
done
echo "guide scripts: $passed passed, $failures failed"
[ $failures -eq 0 ] && [ $passed -gt 0 ]
