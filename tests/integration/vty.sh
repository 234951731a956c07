#!/usr/bin/env bash
# Telnet VTY sessions over real sockets on 127.0.0.1 (tests/integration/
# vty_clients.py): login, line endings, echo, type-ahead, netmiko- and
# ansible-like sequences, pager, levels, failed logins, VTY limit, idle
# timeout.  Exit 0 = passed, 77 = skipped (no python3), else failed.
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 not found"
	exit 77
fi
# Sanitizer builds run several times slower: give them more time.
case $vrpsh in */asan/*) export VTY_TIME_FACTOR=${VTY_TIME_FACTOR:-4} ;; esac
PYTHONDONTWRITEBYTECODE=1 VRPSH=$vrpsh exec timeout 540 python3 "$here/vty_clients.py"
