#!/usr/bin/env bash
# Concurrency: 20 telnet VTY sessions at once, each committing 25 small
# changes (its own LoopBack interface's description).  Every commit must
# succeed; afterwards the newest commit ID must be exactly 500 past the one
# before (so 500 commits got consecutive IDs), the listed rollback points
# must be consecutive and newest first, and the running configuration must
# hold every session's last change.  Nothing is timed here: every wait has
# a generous deadline, and `make bench` measures the logins and commits
# (tests/integration/vty_load.py --bench).
#
#   VRPSH=build/vrpsh tests/integration/vty_concurrency.sh
# Exit 0 = passed, 77 = skipped (no python3), anything else = failed.
set -u
. "$(dirname "$0")/vty.env"
exec timeout 540 python3 "$here/vty_load.py"
