#!/usr/bin/env bash
# The readline console, driven through a real terminal (tmux): the
# connect-interface page's Example typed with `?` help in the middle of a
# line, TAB completion, the exit question on Ctrl+Z, commit, Ctrl+Z back to
# the user view, display current-configuration, the pager's + filter, a
# password typed at the hidden prompts of `local-user NAME password`, and
# Ctrl+D to log out; then
# two console logins (vrpsh as a login shell), the second showing the
# first as the last login; a trial commit that runs out while the prompt
# waits.
# Checks what the screen shows and that no escape sequence for bracketed
# paste, the meta key or colours reaches the terminal.
#
#   VRPSH=build/vrpsh tests/integration/console.sh
# Exit 0 = passed, 77 = skipped (no tmux), anything else = failed.
set -u
vrpsh=${VRPSH:-build/vrpsh}
case $vrpsh in /*) ;; *) vrpsh=$PWD/$vrpsh ;; esac
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not found"
	exit 77
fi
tmp=$(mktemp -d)
sock=vrpsh-console-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
# tm new-session ...: killing the last session ends the server, and a
# client that comes while it exits is refused ("server exited
# unexpectedly"); a new try then starts a new server.
tm_new() {
	for _ in $(seq 1 50); do
		tm new-session "$@" 2>/dev/null && return 0
		sleep 0.1
	done
	tm new-session "$@"
}
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# Waiting for what the screen must show: every 0.05 s, for up to a minute
# (long enough for a loaded machine; waiting ends as soon as it shows).
polls=1200

fail() {
	echo "FAIL: $*"
	echo "---- screen:"
	screen
	exit 1
}

# The whole pane, scrollback included, wrapped lines joined.
screen() { tm capture-pane -p -J -S - -E - -t vrp 2>/dev/null | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
last_line() { screen | sed -e 's/ *$//' -e '/^$/d' | tail -1; }

# wait_last TEXT: until the last non-empty screen line is TEXT.
wait_last() {
	for _ in $(seq 1 "$polls"); do
		[ "$(last_line)" = "$1" ] && return 0
		sleep 0.05
	done
	fail "waited for the line '$1', the last line is '$(last_line)'"
}
# wait_grep REGEX: until a screen line matches.
wait_grep() {
	for _ in $(seq 1 "$polls"); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	fail "waited for a line matching '$1'"
}
type_text() { tm send-keys -t vrp -l -- "$1"; }
key() { tm send-keys -t vrp "$@"; }
# line TEXT PROMPT-AFTER: type a line, press Enter, wait for the prompt.
line() {
	type_text "$1"
	key Enter
	wait_last "$2"
}

# Start vrpsh once the raw output is being recorded; its exit status goes
# to $tmp/status.
tm_new -d -s vrp -x 150 -y 50 \
	"while [ ! -e '$tmp/go' ]; do sleep 0.05; done; \
	 env TERM=xterm-256color '$vrpsh' --state-dir '$tmp/state' 2>'$tmp/stderr'; \
	 echo \$? >'$tmp/status.tmp'; mv '$tmp/status.tmp' '$tmp/status'" ||
	fail "tmux cannot start"
tm set-option -t vrp remain-on-exit on >/dev/null
tm pipe-pane -t vrp -o "cat >>'$tmp/raw'"
touch "$tmp/go"
wait_last "<HUAWEI>"

# TAB: a unique keyword is completed and followed by a space.
type_text "sys"
key Tab
for _ in $(seq 1 "$polls"); do
	tm capture-pane -p -N -t vrp | grep -q '^<HUAWEI>system-view $' && break
	sleep 0.05
done
tm capture-pane -p -N -t vrp | grep -q '^<HUAWEI>system-view $' ||
	fail "TAB did not complete 'sys' to 'system-view '"
key Enter
wait_last "[~HUAWEI]"

line "interface LoopBack 0" "[*HUAWEI-LoopBack0]"
line "ip address 10.1.1.1 32" "[*HUAWEI-LoopBack0]"
line "quit" "[*HUAWEI]"
line "ip vpn-instance vpn1" "[*HUAWEI-vpn-instance-vpn1]"
line "ipv6-family" "[*HUAWEI-vpn-instance-vpn1-af-ipv6]"
line "route-distinguisher 100:1" "[*HUAWEI-vpn-instance-vpn1-af-ipv6]"
line "quit" "[*HUAWEI-vpn-instance-vpn1]"
line "quit" "[*HUAWEI]"
line "bgp 100" "[*HUAWEI-bgp]"
line "ipv6-family vpn-instance vpn1" "[*HUAWEI-bgp-6-vpn1]"
line "group test external" "[*HUAWEI-bgp-6-vpn1]"
line "peer test as-number 200" "[*HUAWEI-bgp-6-vpn1]"

# `?` after a space: the listing, then the prompt with the typed text back.
typed="peer test connect-interface LoopBack 0 "
type_text "$typed"
type_text "?"
wait_grep '^ *<cr>'
wait_last "[*HUAWEI-bgp-6-vpn1]${typed% }"
screen | grep -qF "[*HUAWEI-bgp-6-vpn1]${typed}?" || fail "the line with '?' is not shown"
# The restored text is in the line buffer: Enter runs the whole command.
key Enter
wait_last "[*HUAWEI-bgp-6-vpn1]"
screen | grep -q '^Error' && fail "an error was printed"

# `?` glued to a word: the keywords with that prefix.
type_text "gr?"
wait_grep '^  group'
wait_last "[*HUAWEI-bgp-6-vpn1]gr"
key C-c
wait_last "[*HUAWEI-bgp-6-vpn1]"

# Ctrl+Z with uncommitted changes asks; C(ancel) stays in the view.
key C-z
wait_last "Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:"
line "c" "[*HUAWEI-bgp-6-vpn1]"
line "commit" "[~HUAWEI-bgp-6-vpn1]"
# Ctrl+Z runs `return` without echo.
key C-z
wait_last "<HUAWEI>"
screen | grep -qF "[~HUAWEI-bgp-6-vpn1]return" && fail "Ctrl+Z echoed 'return'"

# History: Up brings back the last command line.
key Up
wait_last "<HUAWEI>commit"
key C-c
wait_last "<HUAWEI>"
# (the whole display at once: it is longer than the screen)
line "screen-length 0 temporary" "<HUAWEI>"
line "display current-configuration" "<HUAWEI>"
screen | awk '/^<HUAWEI>display current-configuration$/ { on = 1; got = ""; next }
	on && /^<HUAWEI>/ { on = 0 } on { got = got $0 "\n" } END { printf "%s", got }' |
	sed -E 's/^(!Last configuration was updated at ).*/\1DATE TIME/' >"$tmp/display"
# CE6881H's ports (48 x 10GE, 6 x 100GE, the management port) and the
# console are listed whether configured or not, as on the device.
{
	cat <<'EXPECTED'
!Software Version V300R023C00
!Last configuration was updated at DATE TIME
#
sysname HUAWEI
#
ip vpn-instance vpn1
 ipv6-family
  route-distinguisher 100:1
#
interface MEth0/0/0
#
EXPECTED
	for i in $(seq 1 48); do printf 'interface 10GE1/0/%d\n#\n' "$i"; done
	for i in $(seq 1 6); do printf 'interface 100GE1/0/%d\n#\n' "$i"; done
	cat <<'EXPECTED'
interface LoopBack0
 ip address 10.1.1.1 255.255.255.255
#
interface NULL0
#
bgp 100
 #
 ipv6-family unicast
 #
 ipv6-family vpn-instance vpn1
  group test external
  peer test as-number 200
  peer test connect-interface LoopBack0
#
user-interface con 0
#
return
EXPECTED
} >"$tmp/expected"
diff -u "$tmp/expected" "$tmp/display" || fail "display current-configuration differs"
line "undo screen-length temporary" "<HUAWEI>"

# The pager: at the More prompt, "+ REGEX" Enter goes on with the lines
# that match (where the prompt stood: it and the filter are erased).
line "screen-length 5 temporary" "<HUAWEI>"
type_text "display current-configuration"
key Enter
wait_last "  ---- More ----"
type_text "+peer"
key Enter
wait_last "<HUAWEI>"
screen | sed -e 's/ *$//' -e '/^$/d' | tail -4 >"$tmp/paged"
# (the first screen: the two header lines, #, sysname HUAWEI, #)
printf '%s\n' "#" "  peer test as-number 200" "  peer test connect-interface LoopBack0" "<HUAWEI>" \
	>"$tmp/expected"
diff -u "$tmp/expected" "$tmp/paged" || fail "the pager's + filter"
line "undo screen-length temporary" "<HUAWEI>"

# local-user NAME password: both answers hidden; Backspace rubs out.
line "system-view" "[~HUAWEI]"
line "aaa" "[~HUAWEI-aaa]"
line "local-user netops password" "Please enter password:"
line "Net#2024x" "Please confirm password:"
type_text "Net#2024xZ"
key BSpace
key Enter
wait_last "[*HUAWEI-aaa]"
screen | grep -qx "Info: Add a new user." || fail "no 'Info: Add a new user.'"
screen | grep -q "Net#2024" && fail "the password was shown"
line "commit" "[~HUAWEI-aaa]"
key C-z
wait_last "<HUAWEI>"
line "display current-configuration | include local-user" "<HUAWEI>"
screen | grep -qE '^ local-user netops password irreversible-cipher \$(y|6)\$' ||
	fail "no password hash for netops"

# Ctrl+D on the empty line of the user view logs out.
key C-d
for _ in $(seq 1 "$polls"); do
	[ -e "$tmp/status" ] && break
	sleep 0.05
done
[ -e "$tmp/status" ] || fail "Ctrl+D did not end the session"
status=$(cat "$tmp/status")
[ "$status" = 0 ] || fail "vrpsh exited with status $status"

if [ -s "$tmp/stderr" ]; then
	cat "$tmp/stderr"
	fail "vrpsh wrote to stderr"
fi
esc=$(printf '\033')
grep -q "${esc}\[?2004h" "$tmp/raw" && fail "bracketed paste was switched on"
grep -q "${esc}\[?1034h" "$tmp/raw" && fail "the meta-key sequence was sent"
grep -qE "${esc}\[[0-9;]*m" "$tmp/raw" && fail "colour codes were sent"

# A login shell on the terminal is a console login: the Info lines, and
# from the second login on the one before it.  (vrpsh started by hand, as
# above, prints no banner and is not recorded.)
login_shell() {
	tm kill-session -t vrp 2>/dev/null
	tm_new -d -s vrp -x 150 -y 50 \
		"env -u SSH_CONNECTION TERM=xterm-256color bash -c \
		 'exec -a -vrpsh \"\$0\" --state-dir \"\$1\"' '$vrpsh' '$tmp/state' 2>>'$tmp/stderr'" ||
		fail "tmux cannot start the login shell"
	tm set-option -t vrp remain-on-exit on >/dev/null
	wait_last "<HUAWEI>"
}
# logout: `quit` in the user view ends the login.
logout() {
	type_text "quit"
	key Enter
	for _ in $(seq 1 "$polls"); do
		[ "$(tm display-message -p -t vrp '#{pane_dead}')" = 1 ] && return 0
		sleep 0.05
	done
	fail "quit did not end the console login"
}
when='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'
login_shell
screen | grep -qxE "Info: The max number of VTY users is 5, the number of current VTY users online is 0, and total number of terminal users online is 1\." ||
	fail "no Info line at a console login"
first=$(screen | sed -nE "s/^      The current login time is ($when)\.\$/\1/p")
[ -n "$first" ] || fail "no current login time at a console login"
screen | grep -q "The last login time" && fail "a last login at the first console login"
logout
login_shell
screen | grep -qxE "      The current login time is $when\." || fail "no current login time"
screen | grep -qxF "      The last login time is $first through Console." ||
	fail "the second console login does not show the first"
logout

# A trial commit that runs out while the prompt waits (a clock 60 times
# faster: 300 s last 5): the console says so below the typed text and
# shows the prompt, with the old name again, and the text.  (Should the
# machine be so slow that the trial ran out before the typing, the revert
# shows at the empty prompt and the text follows.)
tm kill-session -t vrp 2>/dev/null
tm_new -d -s vrp -x 150 -y 50 \
	"env VRPSH_TEST_CLOCK_SCALE=60 TERM=xterm-256color '$vrpsh' --state-dir '$tmp/trial' 2>>'$tmp/stderr'" ||
	fail "tmux cannot start"
tm set-option -t vrp remain-on-exit on >/dev/null
wait_last "<HUAWEI>"
line "system-view" "[~HUAWEI]"
line "sysname T1" "[*HUAWEI]"
line "commit trial 300" "[~T1]"
type_text "disp"
wait_last "[~HUAWEI]disp"
screen | grep -B1 -xF "[~HUAWEI]disp" | head -1 |
	grep -qxF "Info: The trial configuration was not confirmed in time and has been rolled back." ||
	fail "the trial's revert was not shown above the prompt"
screen | grep -qxE '\[~T1\](disp)?' || fail "the typed text is not left on its line"
key C-u
line "return" "<HUAWEI>"
logout
if [ -s "$tmp/stderr" ]; then
	cat "$tmp/stderr"
	fail "the login shell wrote to stderr"
fi
echo "console: ok"
exit 0
