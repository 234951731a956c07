#!/usr/bin/env bash
# Debian's netmiko (2.4.2, python3-netmiko, device type huawei_telnet)
# against the telnet VTY: a 200-character display command returns exactly
# the device's output, send_config_set with commit changes the running
# configuration, save_config writes the startup file.
set -u
. "$(dirname "$0")/vty.env"
if ! /usr/bin/python3 -c 'import netmiko' 2>/dev/null; then
	echo "python3-netmiko not installed"
	exit 77
fi
exec timeout 540 /usr/bin/python3 - <<'PY'
import sys

from netmiko import ConnectHandler

from vtylib import Server, check

CONFIG = """\
sysname HUAWEI
aaa
 local-user admin password irreversible-cipher Admin@1234
 local-user admin service-type telnet
 local-user admin privilege level 3
user-interface maximum-vty 3
user-interface vty 0 2
 authentication-mode aaa
"""

s = Server(CONFIG)
c = ConnectHandler(device_type="huawei_telnet", host="127.0.0.1", port=s.port,
                   username="admin", password="Admin@1234")
cmd = ("display current-configuration | include sysname|" + "x" * 200)[:200]
out = c.send_command(cmd)
check(out == "sysname HUAWEI", "send_command of a 200-character command", out)

out = c.send_config_set(["interface LoopBack 8", "description by-netmiko", "commit"])
check("Error" not in out, "send_config_set: no error", out)
out = c.send_command("display current-configuration | include LoopBack8|by-netmiko")
check(out == "interface LoopBack8\n description by-netmiko",
      "the committed lines are running", out)

out = c.save_config(confirm=True, confirm_response="y")
check("Error" not in out, "save_config: no error", out)
out = c.send_command("display saved-configuration | include by-netmiko")
check(out == " description by-netmiko", "the saved configuration holds the lines", out)
c.disconnect()
print("netmiko 2.4.2 over telnet: ok")
PY
