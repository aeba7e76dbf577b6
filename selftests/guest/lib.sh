# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the guest tests (sourced; run as root inside the test guest,
# where the htpm tree is mounted at /htpm).
#
# Result lines follow the project convention, one per test:
#   PASS: <name>    FAIL: <name>: <reason>    SKIP: <name>: <reason>
# htpm_failed counts the FAIL lines this shell printed.

HTPM_TREE=${HTPM_TREE:-/htpm}
HTPM_KO=${HTPM_KO:-$HTPM_TREE/htpm.ko}
HTPMCTL=${HTPMCTL:-$HTPM_TREE/userspace/htpmctl}
TPMCMD=${TPMCMD:-$HTPM_TREE/selftests/guest/tpmcmd.py}
export PYTHONDONTWRITEBYTECODE=1
htpm_failed=0

pass()
{
	echo "PASS: $1"
}

fail()	# NAME REASON...
{
	local name=$1
	shift
	echo "FAIL: $name: $*"
	htpm_failed=$((htpm_failed + 1))
}

skip()	# NAME REASON...
{
	local name=$1
	shift
	echo "SKIP: $name: $*"
}

# check NAME CMD...: PASS if CMD succeeds, else FAIL with its output.
check()
{
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "'$*' failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

note()
{
	echo "# $*"
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s; 0 once it succeeds.
wait_until()
{
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
	return 0
}

htpm_loaded()
{
	grep -q '^htpm ' /proc/modules
}

# htpm_load [PARAM=VALUE...]: insmod the tree's htpm.ko, wait for /dev/htpm.
htpm_load()
{
	local out
	if ! out=$(insmod "$HTPM_KO" "$@" 2>&1); then
		echo "insmod $HTPM_KO $*: $out"
		return 1
	fi
	wait_until 10 test -c /dev/htpm || { echo "/dev/htpm did not appear"; return 1; }
}

htpm_unload()
{
	local out
	out=$(rmmod htpm 2>&1) || { echo "rmmod htpm: $out"; return 1; }
	wait_until 10 test ! -e /dev/htpm || { echo "/dev/htpm still there after rmmod"; return 1; }
}

# ltpm_create NETNS_PATH: htpmctl create; sets LT_ID LT_UUID LT_DEV LT_DEVRM,
# or ERR on failure. Do not call it in a $(...) subshell.
# shellcheck disable=SC2034 # LT_* and ERR are for the callers
ltpm_create()
{
	local out tag
	out=$("$HTPMCTL" create --netns "$1" 2>&1) || { ERR="htpmctl create --netns $1: $out"; return 1; }
	read -r tag LT_ID LT_UUID LT_DEV LT_DEVRM <<<"$out"
	if [[ $tag != ltpm || ! $LT_DEV =~ ^/dev/tpm[0-9]+$ || ! $LT_DEVRM =~ ^/dev/tpmrm[0-9]+$ ]]; then
		ERR="htpmctl create: unexpected output '$out'"
		return 1
	fi
}

# ltpm_listed ID: is ID in `htpmctl list`?
ltpm_listed()
{
	"$HTPMCTL" list | awk -v id="$1" '$1 == "ltpm" && $2 == id { f = 1 } END { exit !f }'
}

# ltpm_gone ID /dev/tpmN: devices, sysfs entries and list entry all gone.
ltpm_gone()
{
	local n=${2#/dev/tpm}
	[[ ! -e /dev/tpm$n && ! -e /dev/tpmrm$n && ! -e /sys/class/tpm/tpm$n &&
		! -e /sys/class/tpmrm/tpmrm$n ]] && ! ltpm_listed "$1"
}

# major:minor of a device node, in hex as stat prints it.
devno()
{
	stat -c '%t:%T' "$1"
}
