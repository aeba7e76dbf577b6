#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from the trap
#
# Concurrency: NR LTPMs, each driven by two processes at once (one on
# /dev/tpmN, one with its own resource-manager space on /dev/tpmrmN), while
# other LTPMs are created and destroyed next to them. Every command must
# succeed with fresh random bytes and nothing may hang.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NR=${HTPM_STRESS_LTPMS:-8}
CMDS=${HTPM_STRESS_CMDS:-1000}
CHURN=${HTPM_STRESS_CHURN:-40}
work=$(mktemp -d /tmp/htpm-stress.XXXXXX)
pids=()

cleanup()
{
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	ip -all netns del 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

devs=()
for ((i = 0; i < NR; i++)); do
	if ! ip netns add "htpm-st$i" || ! ltpm_create "/run/netns/htpm-st$i"; then
		fail stress_setup "${ERR:-ip netns add failed}"
		exit 1
	fi
	devs+=("$LT_DEV" "$LT_DEVRM")
done

# Churn: create and destroy LTPMs of other namespaces meanwhile.
churn()
{
	local i
	for ((i = 0; i < CHURN; i++)); do
		ip netns add htpm-churn || return 1
		ltpm_create /run/netns/htpm-churn || { echo "$ERR"; return 1; }
		if ((i % 2)); then
			"$HTPMCTL" destroy "$LT_ID" || return 1
		fi
		ip netns del htpm-churn
	done
}

start=$SECONDS
for d in "${devs[@]}"; do
	timeout -k 5 300 python3 "$TPMCMD" count "$d" "$CMDS" >"$work/${d##*/}.out" 2>&1 &
	pids+=($!)
done
churn >"$work/churn.out" 2>&1 &
churn_pid=$!

bad=
for ((i = 0; i < ${#devs[@]}; i++)); do
	if ! wait "${pids[i]}"; then
		bad+=" ${devs[i]}: $(tr '\n' ' ' <"$work/${devs[i]##*/}.out")"
	fi
done
pids=()
if [[ -z $bad ]]; then
	pass stress_parallel_commands
	note "stress: $((${#devs[@]} * CMDS)) GetRandom on ${#devs[@]} devices of $NR LTPMs in $((SECONDS - start)) s"
else
	fail stress_parallel_commands "$bad"
fi
if wait "$churn_pid"; then
	pass stress_churn
else
	fail stress_churn "create/destroy next to busy LTPMs failed: $(tr '\n' ' ' <"$work/churn.out")"
fi

ip -all netns del
if wait_until 30 bash -c "! \"$HTPMCTL\" list | grep -q '^ltpm '"; then
	pass stress_cleanup
else
	fail stress_cleanup "LTPMs left: $("$HTPMCTL" list | tr '\n' ' ')"
fi

exit $((htpm_failed ? 1 : 0))
