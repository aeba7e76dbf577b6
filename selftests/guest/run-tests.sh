#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2119 # htpm_load without module parameters
#
# The guest test suite, run by /sbin/htpm-init in the QEMU guest (see
# selftests/run-guest.sh): loads /htpm/htpm.ko, runs abi_test and the
# test-*.sh scripts, unloads the module and fails on any kernel splat.
#
# Usage: run-tests.sh [TEST...]   TEST = abi, containers, hostile, stress,
#                                 scale, teardown, rootkey (default: these,
#                                 in this order, then any other test-*.sh:
#                                 asym, attest, ekcert, hierarchy, keys,
#                                 nv, rm, session, tools)
#
# The tpm2-tools suites (PARALLEL below) run last, in HTPM_GUEST_LANES
# lanes at once (default 2 with two CPUs or more, else 1); each one's
# output is shown whole when its lane is done.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GUEST=$HTPM_TREE/selftests/guest
ABI_TEST=$HTPM_TREE/selftests/build/abi_test
ALL=(abi containers hostile stress scale teardown rootkey)
# Tests that want the module unloaded on entry (and leave it unloaded).
declare -A UNLOADED=([rootkey]=1)
# Seconds each test may take before it counts as hung.
declare -A TIMEOUT=([abi]=300 [containers]=400 [hostile]=900 [stress]=600 [scale]=900 [teardown]=400 [rootkey]=300 [rm]=900 [hierarchy]=900 [keys]=900 [asym]=900 [session]=900 [nv]=900 [attest]=900 [ekcert]=600)
# Tests that may run next to each other: each drives its own LTPM in its
# own namespace, never reloads the module, never reads the kernel log.
# Longest first (see run_lanes).
PARALLEL=(hierarchy session tools nv asym attest keys ekcert)
LANES=${HTPM_GUEST_LANES:-$(($(nproc) > 1 ? 2 : 1))}
SPLAT='BUG:|WARNING:|Oops|refcount_t|KASAN|UBSAN|list_del corruption|list_add corruption|general protection|Call Trace|kernel BUG|INFO: task .* blocked|soft lockup|hard LOCKUP|RCU stall|rcu_sched self-detected'

tests=("$@")
if ((${#tests[@]} == 0)); then
	tests=("${ALL[@]}")
	# Any other test-*.sh runs after the known ones.
	for f in "$GUEST"/test-*.sh; do
		t=${f##*/test-}
		t=${t%.sh}
		[[ " ${ALL[*]} " == *" $t "* ]] || tests+=("$t")
	done
fi

dmesg -n 4 2>/dev/null	# warnings and below stay out of the test output
dmesg -c >/dev/null 2>&1
note "guest: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 " kB" }' /proc/meminfo)"

# Run one test under a timeout; its output goes straight to the console.
run_test()
{
	local t=$1 tmo=${TIMEOUT[$1]:-600} start rc
	start=$SECONDS
	note "=== $t (timeout $tmo s)"
	case $t in
	abi)
		if [[ ! -x $ABI_TEST ]]; then
			fail abi_test "$ABI_TEST missing (make -C selftests)"
			return
		fi
		timeout -k 10 "$tmo" "$ABI_TEST" >/tmp/abi.out 2>&1
		rc=$?
		cat /tmp/abi.out
		if ((rc == 124 || rc == 137)); then
			fail abi_test "timed out after $tmo s"
		elif ((rc)) && ! grep -q '^FAIL: ' /tmp/abi.out; then
			fail abi_test "exit $rc without a FAIL line"
		elif ! grep -q '^PASS: ' /tmp/abi.out && ((rc == 0)); then
			fail abi_test "no PASS line"
		fi
		;;
	*)
		if [[ ! -f $GUEST/test-$t.sh ]]; then
			fail "$t" "no test $GUEST/test-$t.sh"
			return
		fi
		timeout -k 10 "$tmo" bash "$GUEST/test-$t.sh"
		rc=$?
		((rc == 124 || rc == 137)) && fail "${t}_timeout" "test-$t.sh still running after $tmo s"
		;;
	esac
	((rc)) && htpm_failed=$((htpm_failed + 1))
	note "=== $t: $((SECONDS - start)) s"
	# Reload the module if the test left it unloaded (if that fails, the
	# tests after this one fail with "module not loaded").
	if ! htpm_loaded; then
		htpm_load >/dev/null 2>&1 || true
	fi
}

# run_lanes TEST...: the tests in LANES lanes at once. Each lane takes the
# next test nobody has taken yet (mkdir is the atomic claim), so a long test
# does not hold up the ones queued behind it; list the longest first. Each
# test's output is kept and shown in order once all are done, and a line
# goes to the console as each one ends (so a guest timeout shows which test
# was still running). A lane is a subshell: failure counts come back
# through files.
# shellcheck disable=SC2030,SC2031
run_lanes()
{
	local dir t lane
	local -a pids=()

	dir=$(mktemp -d /tmp/htpm-lanes.XXXXXX)
	note "=== ${#} tests in $LANES lanes: $*"
	for ((lane = 0; lane < LANES; lane++)); do
		(
			for t in "$@"; do
				mkdir "$dir/$t.claim" 2>/dev/null || continue
				note "=== lane $lane: $t started at $SECONDS s"
				htpm_failed=0
				run_test "$t" >"$dir/$t.out" 2>&1
				echo "$htpm_failed" >"$dir/$t.failed"
				note "=== lane $lane: $t ended at $SECONDS s ($htpm_failed failed)"
			done
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for t in "$@"; do
		cat "$dir/$t.out" 2>/dev/null
		htpm_failed=$((htpm_failed + $(cat "$dir/$t.failed" 2>/dev/null || echo 1)))
	done
	rm -rf "$dir"
}

if [[ ! -f $HTPM_KO ]]; then
	fail module_load "$HTPM_KO missing (make)"
	for t in "${tests[@]}"; do
		skip "$t" "no module"
	done
else
	if htpm_loaded; then
		rmmod htpm 2>/dev/null
	fi
	if err=$(htpm_load); then
		pass module_load
		lanes=()
		for t in "${tests[@]}"; do
			if ((LANES > 1)) && [[ " ${PARALLEL[*]} " == *" $t "* ]]; then
				lanes+=("$t")
			elif [[ -n ${UNLOADED[$t]:-} ]]; then
				err=$(htpm_unload) || fail "$t" "$err"
				run_test "$t"
			elif htpm_loaded; then
				run_test "$t"
			else
				fail "$t" "module not loaded (an earlier test left it unloaded)"
			fi
		done
		if ((${#lanes[@]})); then
			# In PARALLEL's order, longest first.
			queue=()
			for t in "${PARALLEL[@]}"; do
				[[ " ${lanes[*]} " == *" $t "* ]] && queue+=("$t")
			done
			if htpm_loaded; then
				run_lanes "${queue[@]}"
			else
				for t in "${lanes[@]}"; do
					fail "$t" "module not loaded (an earlier test left it unloaded)"
				done
			fi
		fi
		if htpm_loaded; then
			check module_unload htpm_unload
		fi
	else
		fail module_load "$err"
	fi
fi

splat=$(dmesg | grep -E "$SPLAT")
if [[ -n $splat ]]; then
	fail no_kernel_splat "$(head -n 5 <<<"$splat" | tr '\n' '|')"
else
	pass no_kernel_splat
fi
if ((htpm_failed)) || [[ -n $splat ]]; then
	echo "----- dmesg -----"
	dmesg
	echo "----- end dmesg -----"
fi
exit $((htpm_failed ? 1 : 0))
