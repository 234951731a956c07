#!/usr/bin/env bash
# 500 telnet connections that never log in, held open: the server keeps at
# most maximum-vty + 8 processes of its own, an administrator still logs in
# (trying again while refused, within a generous deadline), and a commit
# from the console (another vrpsh on the same state directory) goes
# through.  How long the administrator's login took is printed, not
# checked: `make bench` measures it.
#
#   VRPSH=build/vrpsh tests/integration/vty_flood.sh
# Exit 0 = passed, 77 = skipped (no python3), anything else = failed.
set -u
. "$(dirname "$0")/vty.env"
exec timeout 540 python3 "$here/vty_flood.py"
