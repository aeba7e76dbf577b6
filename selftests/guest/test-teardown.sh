#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from the trap
# shellcheck disable=SC2119 # htpm_load without module parameters
#
# Teardown while busy: a process holds /dev/tpmN (or /dev/tpmrmN) open and
# sends GetRandom in a loop while the LTPM is destroyed by HTPM_IOC_DESTROY,
# by its netns exiting, and by rmmod htpm. The loop must end with an error
# (EPIPE, ENODEV, ...) within a few seconds, never hang; afterwards the
# module must load again and work.
#
# Leaves the module loaded (reloaded) if it was loaded on entry.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

work=$(mktemp -d /tmp/htpm-teardown.XXXXXX)
loop_pids=()

cleanup()
{
	local p
	for p in "${loop_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	ip netns del htpm-td 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# start_loop TAG DEV: GetRandom loop on DEV in the background; waits until
# it has done 10 commands. Sets LOOP_PID, or ERR on failure.
start_loop()
{
	local tag=$1 dev=$2
	rm -f "$work/$tag.ready"
	timeout -k 5 60 python3 "$TPMCMD" loop "$dev" "$work/$tag.ready" \
		>"$work/$tag.out" 2>&1 &
	LOOP_PID=$!
	loop_pids+=("$LOOP_PID")
	if ! wait_until 30 test -s "$work/$tag.ready"; then
		ERR="loop on $dev did not get going: $(cat "$work/$tag.out")"
		return 1
	fi
}

# end_loop TAG NAME: the loop must have stopped with an OS error within 15 s
# (or, on /dev/tpmrmN, with the resource manager's own answer for a chip
# being unregistered: see tpmcmd.py, RM_GONE_RC).
end_loop()
{
	local tag=$1 name=$2 rc
	if ! wait_until 15 bash -c "! kill -0 $LOOP_PID 2>/dev/null"; then
		fail "$name" "the loop is still running 15 s after teardown (hang?): $(cat "$work/$tag.out")"
		kill -9 "$LOOP_PID" 2>/dev/null
		return 1
	fi
	wait "$LOOP_PID"
	rc=$?
	if ((rc == 0)) && grep -qE ", then (E|the resource manager's own answer)" "$work/$tag.out"; then
		pass "$name"
		note "$(cat "$work/$tag.out")"
	else
		fail "$name" "loop exit $rc: $(tr '\n' ' ' <"$work/$tag.out")"
		return 1
	fi
}

fresh_netns()
{
	ip netns del htpm-td 2>/dev/null
	ip netns add htpm-td
}

# 1. HTPM_IOC_DESTROY while /dev/tpmN is busy.
name=teardown_destroy_busy
if ! fresh_netns || ! ltpm_create /run/netns/htpm-td; then
	fail $name "setup: ${ERR:-ip netns add failed}"
elif ! start_loop destroy "$LT_DEV"; then
	fail $name "$ERR"
else
	id=$LT_ID dev=$LT_DEV
	if ! err=$(timeout 30 "$HTPMCTL" destroy "$id" 2>&1); then
		fail $name "htpmctl destroy $id: $err"
	elif end_loop destroy $name; then
		if ltpm_gone "$id" "$dev"; then
			pass teardown_destroy_removes
		else
			fail teardown_destroy_removes "$dev or LTPM $id still there after DESTROY returned"
		fi
	fi
fi

# 2. The netns exits while /dev/tpmrmN is busy (the fd holds the device,
# not the namespace).
name=teardown_netns_exit_busy
if ! fresh_netns || ! ltpm_create /run/netns/htpm-td; then
	fail $name "setup: ${ERR:-ip netns add failed}"
elif ! start_loop netns "$LT_DEVRM"; then
	fail $name "$ERR"
else
	id=$LT_ID dev=$LT_DEV
	ip netns del htpm-td
	if end_loop netns $name; then
		if wait_until 10 ltpm_gone "$id" "$dev"; then
			pass teardown_netns_exit_removes
		else
			fail teardown_netns_exit_removes "LTPM $id ($dev) still there 10 s after netns exit"
		fi
	fi
fi

# 3. rmmod while both devices of one LTPM are busy and another LTPM is idle.
name=teardown_rmmod_busy
if ! fresh_netns || ! ltpm_create /run/netns/htpm-td; then
	fail $name "setup: ${ERR:-ip netns add failed}"
elif ! start_loop rmmod "$LT_DEV"; then
	fail $name "$ERR"
else
	pid1=$LOOP_PID
	if ! start_loop rmmodrm "$LT_DEVRM"; then
		fail $name "$ERR"
	else
		pid2=$LOOP_PID
		ip netns add htpm-td2 2>/dev/null
		"$HTPMCTL" create --netns /run/netns/htpm-td2 >/dev/null 2>&1
		if ! err=$(timeout 60 rmmod htpm 2>&1); then
			fail $name "rmmod htpm (loops running): rc $?: $err"
			kill "$pid1" "$pid2" 2>/dev/null
		else
			LOOP_PID=$pid1
			end_loop rmmod ${name}_tpm
			LOOP_PID=$pid2
			end_loop rmmodrm ${name}_tpmrm
			if [[ -e $LT_DEV || -e $LT_DEVRM || -e /dev/htpm ]]; then
				fail teardown_rmmod_removes "devices left after rmmod: $(ls /dev/htpm "$LT_DEV" "$LT_DEVRM" 2>/dev/null | tr '\n' ' ')"
			else
				pass teardown_rmmod_removes
			fi
		fi
	fi
	ip netns del htpm-td2 2>/dev/null
fi

# 4. The module loads again and works.
name=teardown_reload
if htpm_loaded; then
	err=$(htpm_unload) || fail $name "$err"
fi
if ! err=$(htpm_load); then
	fail $name "$err"
elif ! fresh_netns || ! ltpm_create /run/netns/htpm-td; then
	fail $name "create after reload: ${ERR:-ip netns add failed}"
elif ! err=$(timeout 30 python3 "$TPMCMD" getrandom "$LT_DEV" 16 2>&1); then
	fail $name "GetRandom after reload: $err"
else
	pass $name
fi
ip netns del htpm-td 2>/dev/null

exit $((htpm_failed ? 1 : 0))
