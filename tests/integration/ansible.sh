#!/usr/bin/env bash
# Debian's Ansible (ansible 7.7: ansible-core 2.14, community.network's
# CloudEngine modules) against vrpsh as the login shell of an SSH account
# (tests/integration/sshd.env), over network_cli with the network OS
# community.network.ce, as an engineer's inventory names a CloudEngine:
#
# - ce_command runs displays; an unknown command fails the task with
#   vrpsh's error.
# - ce_config with parents (a VPN instance's IPv4 family two levels deep,
#   an interface) and save: the lines are applied through mmi-mode and
#   `system-view immediately`, the configuration is saved; the second run
#   of the same tasks changes nothing.  The account's state directory then
#   holds the lines, running and saved.
# - ce_facts with gather_subset default (hostname) and interfaces (the
#   interfaces' states, their IPv4 addresses, no LLDP neighbours).
#
# ce_facts' hardware subset (also part of its default, "!config") cannot
# pass, against vrpsh or against a CloudEngine of this release: after
# `dir` it reads `display memory` with the regular expression
# "Total Memory Used: (.*) Kbytes", and the release's display memory (the
# reference page's layout, which vrpsh prints) says "Total Physical Memory
# Used: N Kbytes", so re.findall(...)[0] raises IndexError and the module
# fails with "list index out of range" before it reads `display device`.
# The test checks that it fails so, and for that reason only.
#
#   VRPSH=build/vrpsh tests/integration/ansible.sh
# Exit 0 = passed, 77 = skipped (not root, OpenSSH, python3 or ansible
# missing), anything else = failed.
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sshd.env"
if ! command -v ansible-playbook >/dev/null 2>&1; then
	echo "ansible-playbook not found (Debian package ansible)"
	exit 77
fi
if ! ansible-doc -t module community.network.ce_facts >/dev/null 2>&1; then
	echo "the community.network collection is not installed"
	exit 77
fi
sshd_start

a=$tmp/ansible
mkdir -p "$a/home" "$a/tmp" "$a/cp"
# No ansible.cfg of the host or the user applies, only this empty one.
: >"$a/ansible.cfg"
cat >"$a/hosts" <<EOF
[switches]
sw ansible_host=127.0.0.1 ansible_port=$port ansible_user=$user ansible_ssh_private_key_file=$tmp/userkey ansible_connection=ansible.netcommon.network_cli ansible_network_os=community.network.ce
EOF

cat >"$a/play.yml" <<'EOF'
- hosts: switches
  gather_facts: false
  tasks:
    - name: ce_command runs displays
      community.network.ce_command:
        commands:
          - display version
          - display current-configuration | include sysname
      register: cmd
    - assert:
        that:
          - cmd.stdout[0].startswith('Huawei Versatile Routing Platform Software\n')
          - "'HUAWEI CE6881H uptime is' in cmd.stdout[0]"
          - cmd.stdout[1] == 'sysname HUAWEI'

    - name: ce_command fails on an unknown command
      community.network.ce_command:
        commands:
          - display nothing-of-the-kind
      register: bad
      ignore_errors: true
    - assert:
        that:
          - bad.failed
          - "bad.msg == 'Command: display nothing-of-the-kind, error: unrecognized command found.'"

    - name: ce_config, parents two levels deep, first run
      community.network.ce_config:
        parents:
          - ip vpn-instance vrf1
          - ipv4-family
        lines:
          - route-distinguisher 100:1
      register: vpn1
    - name: ce_config, an interface, and save, first run
      community.network.ce_config:
        parents: interface LoopBack7
        lines:
          - description managed by ansible
          - ip binding vpn-instance vrf1
          - ip address 10.7.7.7 255.255.255.255
        save: true
      register: lo1
    - assert:
        that:
          - vpn1.changed
          - vpn1.updates == ['ip vpn-instance vrf1', 'ipv4-family', 'route-distinguisher 100:1']
          - lo1.changed
          - lo1.updates == ['interface LoopBack7', 'description managed by ansible', 'ip binding vpn-instance vrf1', 'ip address 10.7.7.7 255.255.255.255']

    - name: ce_config, parents two levels deep, second run
      community.network.ce_config:
        parents:
          - ip vpn-instance vrf1
          - ipv4-family
        lines:
          - route-distinguisher 100:1
      register: vpn2
    - name: ce_config, an interface, second run
      community.network.ce_config:
        parents: interface LoopBack7
        lines:
          - description managed by ansible
          - ip binding vpn-instance vrf1
          - ip address 10.7.7.7 255.255.255.255
      register: lo2
    - assert:
        that:
          - not vpn2.changed
          - not lo2.changed

    - name: ce_facts, default subset
      community.network.ce_facts:
        gather_subset: default
      register: f1
    - assert:
        that:
          - f1.ansible_facts.hostname == 'HUAWEI'
          - f1.ansible_facts.gather_subset == ['default']

    - name: ce_facts, interfaces subset
      community.network.ce_facts:
        gather_subset: interfaces
      register: f2
    - assert:
        that:
          - f2.ansible_facts.interfaces['LoopBack7'] == 'up'
          - f2.ansible_facts.interfaces['10GE1/0/1'] == 'down'
          - f2.ansible_facts.interfaces['NULL0'] == 'up'
          - f2.ansible_facts.all_ipv4_addresses['LoopBack7'] == '10.7.7.7/32'
          - f2.ansible_facts.all_ipv4_addresses['NULL0'] == 'unassigned'
          - f2.ansible_facts.neighbors == {}

    # See the top of this file: fails on the device's display memory
    # layout, as it would on a CloudEngine of this release.
    - name: ce_facts, hardware subset
      community.network.ce_facts:
        gather_subset: hardware
      register: f3
      ignore_errors: true
    - name: what the hardware subset reads
      community.network.ce_command:
        commands:
          - display memory
      register: mem
    - assert:
        that:
          - f3.failed
          - f3.module_stderr == 'list index out of range'
          - "'Total Physical Memory Used: ' in mem.stdout[0]"
          - "'Total Memory Used: ' not in mem.stdout[0]"
EOF

HOME=$a/home ANSIBLE_LOCAL_TEMP=$a/tmp ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=$a/cp \
	ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_PARAMIKO_RECORD_HOST_KEYS=False \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_CONFIG=$a/ansible.cfg \
	timeout 500 ansible-playbook -i "$a/hosts" "$a/play.yml" >"$a/out" 2>&1 ||
	{ tail -60 "$a/out"; fail "the playbook"; }
grep -E '^sw +: ' "$a/out"

# What the runs left: the lines in the running configuration (once each)
# and in the saved one.
state=$tmp/home/.local/state/vrpsh
[ -d "$state" ] || fail "no state directory in the account's home"
runuser -u "$user" -- "$tmp/vrpsh" --backend none --state-dir "$state" \
	-c 'display current-configuration' >"$tmp/config" 2>"$tmp/err" ||
	fail "reading the state directory: $(cat "$tmp/err")"
runuser -u "$user" -- "$tmp/vrpsh" --backend none --state-dir "$state" \
	-c 'display saved-configuration' >"$tmp/saved" 2>"$tmp/err" ||
	fail "reading the saved configuration: $(cat "$tmp/err")"
cat >"$tmp/expected" <<'EOF'
ip vpn-instance vrf1
 ipv4-family
  route-distinguisher 100:1
#
interface LoopBack7
 description managed by ansible
 ip binding vpn-instance vrf1
 ip address 10.7.7.7 255.255.255.255
#
EOF
for f in config saved; do
	sed -n '/^ip vpn-instance vrf1$/,/^#$/p; /^interface LoopBack7$/,/^#$/p' "$tmp/$f" >"$tmp/$f.part"
	diff -u "$tmp/expected" "$tmp/$f.part" || fail "the $f configuration differs"
done
echo "ansible: ok"
exit 0
