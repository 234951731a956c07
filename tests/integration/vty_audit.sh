#!/usr/bin/env bash
# Failed and refused telnet logins reach syslog (facility authpriv): a
# wrong password, an empty user name, an unknown user, and the logins of
# an account locked after three wrong passwords.  The test runs in a
# mount namespace of its own whose /dev has a /dev/log socket the test
# reads (the machine's logging is not touched).
#
#   VRPSH=build/vrpsh tests/integration/vty_audit.sh
# Exit 0 = passed, 77 = skipped (not root, no unshare or python3), else
# failed.
set -u
. "$(dirname "$0")/vty.env"
if [ "$(id -u)" -ne 0 ]; then
	echo "not root: cannot make a mount namespace"
	exit 77
fi
command -v unshare >/dev/null 2>&1 || { echo "unshare not found"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export T=$tmp
# A /dev of the namespace's own: the device nodes of the real one, and
# room for /dev/log.
exec timeout 540 unshare -m -- bash -c '
set -e
mount --make-rprivate /
mkdir -p "$T/olddev"
mount --rbind /dev "$T/olddev"
mount -t tmpfs -o mode=0755 tmpfs /dev
for n in null zero random urandom tty full; do
	[ -e "$T/olddev/$n" ] || continue
	touch "/dev/$n"
	mount --bind "$T/olddev/$n" "/dev/$n"
done
mkdir /dev/pts /dev/shm
mount --rbind "$T/olddev/pts" /dev/pts
ln -s pts/ptmx /dev/ptmx
exec python3 "'"$here"'/vty_audit.py"
'
