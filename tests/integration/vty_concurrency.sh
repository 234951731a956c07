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
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 not found"
	exit 77
fi
case $vrpsh in */asan/*) export VTY_TIME_FACTOR=${VTY_TIME_FACTOR:-4} ;; esac
export VRPSH=$vrpsh PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1
exec timeout 540 python3 "$here/vty_load.py"
