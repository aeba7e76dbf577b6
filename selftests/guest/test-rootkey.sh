#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The root_key module parameter: the module loads with a logon key of 32+
# bytes and its LTPMs work; it refuses to load, saying why, when the key is
# missing or too short; without root_key it warns that the root is random.
#
# Expects the module unloaded on entry and leaves it unloaded.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ns=htpm-rk
cleanup()
{
	ip netns del "$ns" 2>/dev/null
	htpm_loaded && rmmod htpm 2>/dev/null
}
trap cleanup EXIT

if htpm_loaded; then
	fail rootkey_precondition "htpm is loaded on entry"
	exit 1
fi
if ! command -v keyctl >/dev/null; then
	fail rootkey_keyctl "keyctl missing in the guest image"
	exit 1
fi

# insmod runs in this shell's session: it finds keys in its user keyring.
keyctl link @u @s >/dev/null 2>&1

# The kernel log since the last mark (the log itself is left alone: the
# suite checks it for splats at the end).
mark=0
klog_mark()
{
	mark=$((mark + 1))
	echo "htpm-test: rootkey mark $mark" >/dev/kmsg
}
klog()
{
	dmesg | sed -n "/htpm-test: rootkey mark $mark\$/,\$p"
}

# A missing key: the load fails and the log names the parameter.
klog_mark
if htpm_load root_key=htpm:absent >/dev/null; then
	fail rootkey_missing "module loaded with a root_key that does not exist"
	rmmod htpm
elif klog | grep -q 'root_key "htpm:absent"'; then
	pass rootkey_missing
else
	fail rootkey_missing "no kernel message naming the missing key: $(klog | tail -n 3)"
fi

# A key too short to be a root secret.
short=$(keyctl add logon htpm:short "0123456789abcdef" @u)
if htpm_load root_key=htpm:short >/dev/null; then
	fail rootkey_short "module loaded with a 16-byte root key"
	rmmod htpm
else
	pass rootkey_short
fi
keyctl unlink "$short" @u >/dev/null

# A proper logon key: loads, says where the root came from, LTPMs work.
key=$(keyctl add logon htpm:root "$(head -c 48 /dev/urandom | base64 -w0)" @u)
klog_mark
if ! out=$(htpm_load root_key=htpm:root); then
	fail rootkey_logon "$out"
else
	if klog | grep -q 'root secret from key "htpm:root"' &&
	   ! klog | grep -q 'random root secret'; then
		pass rootkey_logon_loaded
	else
		fail rootkey_logon_loaded "unexpected kernel log: $(klog | grep htpm | tr '\n' ' ')"
	fi
	ip netns add "$ns"
	if ltpm_create "/run/netns/$ns" &&
	   python3 "$TPMCMD" getrandom "$LT_DEV" 16 >/dev/null; then
		pass rootkey_logon_ltpm
	else
		fail rootkey_logon_ltpm "${ERR:-GetRandom on $LT_DEV failed}"
	fi
	ip netns del "$ns"
	htpm_unload >/dev/null || fail rootkey_unload "rmmod failed"
fi
keyctl unlink "$key" @u >/dev/null

# No root_key: a random root and a warning that says so.
klog_mark
if htpm_load >/dev/null && klog | grep -q 'random root secret'; then
	pass rootkey_random_warns
else
	fail rootkey_random_warns "no warning about the random root: $(klog | grep htpm | tr '\n' ' ')"
fi
htpm_loaded && htpm_unload >/dev/null

exit $((htpm_failed > 0))
