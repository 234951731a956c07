#!/usr/bin/env bash
# Telnet VTY sessions over real sockets on 127.0.0.1 (tests/integration/
# vty_clients.py): login, line endings, echo, type-ahead, netmiko- and
# ansible-like sequences, pager, levels, failed logins, VTY limit, idle
# timeout.  Exit 0 = passed, 77 = skipped (no python3), else failed.
set -u
. "$(dirname "$0")/vty.env"
exec timeout 540 python3 "$here/vty_clients.py"
