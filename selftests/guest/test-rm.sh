#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from a trap
#
# Hash and event sequences, contexts and transient objects of one LTPM,
# through /dev/tpmN (raw) and /dev/tpmrmN, where the kernel's resource
# manager loads an open file's saved contexts before each of its commands
# and saves and flushes them after it, so that every file has its own
# three slots. tpmcmd.py sends the raw commands and checks every digest
# against hashlib.
#
# Check names: rm_<what>_<tpm|tpmrm>:
#   rm_<case>_*           tpmcmd.py check cases: capabilities, hash and
#                         event sequences, tickets, passwords, bad
#                         arguments and handles, handle lists, the three
#                         slots, ContextSave/Load, tampered contexts,
#                         FlushContext, PCR_SetAuthValue/Policy
#   rm_concurrent_*       worker processes with interleaved sequences on
#                         their own /dev/tpmrmN files, next to other cases
#   rm_idle_*, rm_exit_*  nothing stays loaded in the TPM between commands
#                         or after a client exits
#   rm_context_*          contexts across processes, devices, LTPMs and
#                         TPM Reset/Restart/Resume
#   rm_sigkill_*          clients killed mid-command leave nothing loaded
#                         and nothing in the kernel log
#   rm_dmesg_clean        no resource manager error or splat in the log
#
# RM_DEV=/dev/tpmX RM_DEVRM=/dev/tpmrmX RM_POWER_CYCLE='command' runs the
# same checks against another TPM (e.g. swtpm behind tpm_vtpm_proxy, with
# 'swtpm_ioctl -i ...' as its _TPM_Init); the checks that need a second
# LTPM are skipped then.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NETNS=htpm-rm-$$
NETNS2=htpm-rm2-$$
DEVS=(tpm tpmrm)
NWORKERS=${HTPM_RM_WORKERS:-3}
OPS=${HTPM_RM_OPS:-1000}
KILLS=${HTPM_RM_KILLS:-8}
SEED=${HTPM_RM_SEED:-$((RANDOM * 32768 + RANDOM))}
TMO=300
nseed=0
# What the resource manager logs when it cannot load, save or flush a
# context, and splats.
KLOG_BAD='tpm2_(save|load)_context|tpm2_commit_space|tpm2_map_|out of slots|out of backing storage|context table is inconsistent|session restored to wrong handle|A TPM error|Operation Canceled|WARNING:|BUG:|Oops|Call Trace'
work=$(mktemp -d /tmp/htpm-rm.XXXXXX)
declare -A DEVP DEV2P
ltpm_ids=()
netns_made=()
ref_mode=

cleanup()
{
	local j id n
	for j in $(jobs -p); do
		kill -KILL "$j" 2>/dev/null
	done
	wait 2>/dev/null
	for id in "${ltpm_ids[@]}"; do
		"$HTPMCTL" destroy "$id" >/dev/null 2>&1
	done
	for n in "${netns_made[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT

# tc ARG...: tpmcmd.py under a timeout.
tc()
{
	timeout -k 5 "$TMO" python3 "$TPMCMD" "$@"
}

oneline()
{
	tail -n "${1:-3}" | tr '\n' ' '
}

# rmcheck NAME DEV CASE: one tpmcmd.py check case, PASS or FAIL.
rmcheck()
{
	local name=$1 out
	shift
	nseed=$((nseed + 1))
	if out=$(tc check "$@" "$((SEED + nseed))" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(oneline <<<"$out")"
	fi
}

# loaded: LOADED = the transient handles loaded in the TPM, AVAIL = its
# free slots (TPM_PT_HR_TRANSIENT_AVAIL), both read through /dev/tpmN.
loaded()
{
	local out
	LOADED='' AVAIL=''
	if ! out=$(tc handles "$DEV" 2>&1); then
		LOADED="? (tpmcmd.py handles: $(oneline <<<"$out"))"
		return 1
	fi
	LOADED=$(grep '^0x' <<<"$out" | tr '\n' ' ')
	LOADED=${LOADED% }
	AVAIL=$(awk '$1 == "avail" { print $2 }' <<<"$out")
}

# Flush whatever is loaded, so that one failure does not fail the rest.
flush_all()
{
	local h
	loaded || return
	for h in $LOADED; do
		tc flush "$DEV" "$h" >/dev/null 2>&1
	done
}

# nothing_loaded NAME [WHEN]: no transient object in the TPM, 3 free slots.
nothing_loaded()
{
	if ! loaded; then
		fail "$1" "$LOADED"
	elif [[ -n $LOADED || $AVAIL != 3 ]]; then
		fail "$1" "${2:+$2: }handles loaded: ${LOADED:-none}, TPM_PT_HR_TRANSIENT_AVAIL $AVAIL; expected none and 3"
		flush_all
	else
		pass "$1"
	fi
}

# cycle SHUTDOWN STARTUP: Shutdown(SHUTDOWN) (none: no Shutdown), the
# platform's _TPM_Init, Startup(STARTUP), through /dev/tpmN. Startup
# answers TPM_RC_INITIALIZE unless _TPM_Init came first, so its success
# shows the power cycle happened. Sets CYCLE_ERR.
cycle()
{
	local out
	CYCLE_ERR=
	if [[ $1 != none ]] && ! out=$(tc su "$DEV" shutdown "$1" 2>&1); then
		CYCLE_ERR="Shutdown($1): $(oneline <<<"$out")"
		return 1
	fi
	if ! out=$($POWER_CYCLE 2>&1); then
		CYCLE_ERR="$POWER_CYCLE: $(oneline <<<"$out")"
		return 1
	fi
	if ! out=$(tc su "$DEV" startup "$2" 2>&1); then
		CYCLE_ERR="Startup($2) after $POWER_CYCLE: $(oneline <<<"$out")"
		return 1
	fi
}

# klog_mark TAG, klog_since TAG: kernel log lines after the mark that
# look like a resource manager error or a splat.
klog_mark()
{
	echo "htpm-test-rm: $1 $$" >/dev/kmsg
}

klog_since()
{
	dmesg | awk -v m="htpm-test-rm: $1 $$" 'index($0, m) { b = ""; next } { b = b $0 "\n" } END { printf "%s", b }' |
		grep -E "$KLOG_BAD"
}

# ctxload_expect NAME DEV FILE WANT: ContextLoad of a ctxsave FILE through
# DEV answers WANT ("ok": it loads and the hash goes on; "rc 0x1df": ...).
ctxload_expect()
{
	local name=$1 out
	out=$(tc ctxload "$2" "$3" 2>&1)
	if [[ $out == "$4" ]]; then
		pass "$name"
	else
		fail "$name" "ContextLoad through $2 gave '$(oneline <<<"$out")', expected '$4'"
	fi
}

# ctxsave NAME DEV ALG FILE: a saved context in FILE, or FAIL NAME.
ctxsave()
{
	local out
	out=$(tc ctxsave "$2" "$3" "$4" 2>&1) && return 0
	fail "$1" "ContextSave through $2: $(oneline <<<"$out")"
	return 1
}

# ------------------------------------------------------------------ setup

new_ltpm()	# NETNS: sets LT_* like ltpm_create
{
	if ! ip netns add "$1"; then
		ERR="ip netns add $1 failed"
		return 1
	fi
	netns_made+=("$1")
	ltpm_create "/run/netns/$1" || return 1
	ltpm_ids+=("$LT_ID")
}

if [[ -n ${RM_DEV:-} ]]; then
	ref_mode=1
	DEV=$RM_DEV
	DEVRM=${RM_DEVRM:?RM_DEVRM must go with RM_DEV}
	POWER_CYCLE=${RM_POWER_CYCLE:-false}
	note "rm: $DEV and $DEVRM (not an LTPM)"
else
	if [[ ! -x $HTPMCTL ]]; then
		fail rm_setup "htpmctl missing ($HTPMCTL)"
		exit 1
	fi
	if ! new_ltpm "$NETNS"; then
		fail rm_setup "$ERR"
		exit 1
	fi
	DEV=$LT_DEV
	DEVRM=$LT_DEVRM
	POWER_CYCLE="$HTPMCTL reset $LT_ID"
	if new_ltpm "$NETNS2"; then
		DEV2P=([tpm]=$LT_DEV [tpmrm]=$LT_DEVRM)
	else
		fail rm_setup_second_ltpm "$ERR"
	fi
	note "rm: LTPM ${ltpm_ids[0]}, $DEV and $DEVRM; seed $SEED"
fi
DEVP=([tpm]=$DEV [tpmrm]=$DEVRM)
klog_mark start

nothing_loaded rm_start_nothing_loaded_tpm

# ------------------------------------------------------------------ cases
#
# Each case checks that it leaves nothing loaded (through /dev/tpmN it
# then flushes what is left, so that one failure does not fail the rest).

CASES=(caps hashseq eventseq eventseq_pcr ticket auth args handles list
	slots context tamper flush pcrauth)
for dev in "${DEVS[@]}"; do
	for c in "${CASES[@]}"; do
		rmcheck "rm_${c}_$dev" "${DEVP[$dev]}" "$c"
	done
done
nothing_loaded rm_cases_nothing_left_tpmrm "after the cases through $DEVRM"
rmcheck rm_spaces_tpmrm "$DEVRM" spaces

# ----------------------------------------------------------- concurrency
#
# NWORKERS processes, each on its own /dev/tpmrmN file, run random
# interleaved hash and event sequences (up to three at once, every
# algorithm, saved and reloaded contexts, a fourth start refused) while
# other processes run the cases whose results depend on the slots: each
# file has the TPM's three slots to itself while its command runs.

start=$SECONDS
pids=()
for ((i = 0; i < NWORKERS; i++)); do
	tc worker "$DEVRM" $((SEED + i)) "$OPS" >"$work/worker.$i" 2>&1 &
	pids+=($!)
done
CONC=(spaces slots list context)
for c in "${CONC[@]}"; do
	tc check "$DEVRM" "$c" $((SEED + 100)) >"$work/conc.$c" 2>&1 &
	pids+=($!)
done
rcs=()
for p in "${pids[@]}"; do
	wait "$p"
	rcs+=($?)
done
bad=
for ((i = 0; i < NWORKERS; i++)); do
	if ((rcs[i])); then
		bad+="worker $i (exit ${rcs[i]}): $(oneline 2 <"$work/worker.$i") "
	else
		note "$(cat "$work/worker.$i")"
	fi
done
if [[ -z $bad ]]; then
	pass rm_concurrent_workers_tpmrm
else
	fail rm_concurrent_workers_tpmrm "$bad"
fi
for ((i = 0; i < ${#CONC[@]}; i++)); do
	c=${CONC[i]}
	if ((rcs[NWORKERS + i])); then
		fail "rm_concurrent_${c}_tpmrm" "(exit ${rcs[NWORKERS + i]}) $(oneline <"$work/conc.$c")"
	else
		pass "rm_concurrent_${c}_tpmrm"
	fi
done
note "rm: $NWORKERS workers x $OPS operations next to ${#CONC[@]} cases in $((SECONDS - start)) s"
nothing_loaded rm_concurrent_nothing_left_tpmrm "after the concurrent clients of $DEVRM"

# --------------------------------------------------------- idle and exit
#
# The resource manager keeps a file's objects as saved contexts between
# its commands, so while a client holds three sequences the TPM has none
# loaded and another file still gets three slots. When the client exits,
# nothing is left. Objects loaded through /dev/tpmN stay after their
# process exits and take slots from everybody.

rm -f "$work/ready"
python3 "$TPMCMD" hold "$DEVRM" 3 "$work/ready" >"$work/hold.out" 2>&1 &
hold=$!
if ! wait_until 60 test -s "$work/ready"; then
	fail rm_idle_nothing_loaded_tpmrm "the client did not start three sequences: $(oneline <"$work/hold.out")"
else
	nothing_loaded rm_idle_nothing_loaded_tpmrm "while a client holds three sequences through $DEVRM"
	if out=$(tc seqstart "$DEVRM" sha384 3 2>&1) && (($(grep -c '^0x' <<<"$out") == 3)); then
		pass rm_idle_other_file_slots_tpmrm
	else
		fail rm_idle_other_file_slots_tpmrm "a second file could not start three sequences while another holds three: $(oneline <<<"$out")"
	fi
fi
kill -TERM "$hold" 2>/dev/null
wait "$hold" 2>/dev/null
nothing_loaded rm_exit_killed_nothing_left_tpmrm "after a client holding three sequences was killed (SIGTERM, between commands)"

if out=$(tc seqstart "$DEVRM" event 3 2>&1) && (($(grep -c '^0x' <<<"$out") == 3)); then
	nothing_loaded rm_exit_nothing_left_tpmrm "after a client exited with three live sequences"
else
	fail rm_exit_nothing_left_tpmrm "seqstart $DEVRM event 3: $(oneline <<<"$out")"
fi

name=rm_exit_objects_stay_tpm
if ! out=$(tc seqstart "$DEV" sha1 2 2>&1) || (($(grep -c '^0x' <<<"$out") != 2)); then
	fail "$name" "seqstart $DEV sha1 2: $(oneline <<<"$out")"
else
	want=$(grep '^0x' <<<"$out" | sort | tr '\n' ' ')
	want=${want% }
	if ! loaded || [[ $LOADED != "$want" || $AVAIL != 1 ]]; then
		fail "$name" "after a client exited with $want loaded through $DEV: handles ${LOADED:-none}, $AVAIL slots free"
	else
		pass "$name"
	fi
	# One slot is left for everybody, resource manager clients included.
	out=$(tc seqstart "$DEVRM" sha256 2 2>&1)
	if [[ $(grep -c '^0x' <<<"$out") == 1 && $(tail -n 1 <<<"$out") == "rc 0x902" ]]; then
		pass rm_exit_objects_take_slots_tpmrm
	else
		fail rm_exit_objects_take_slots_tpmrm "with two objects loaded through $DEV, two HashSequenceStart through $DEVRM gave '$(oneline <<<"$out")', expected a handle, then rc 0x902"
	fi
	for h in $want; do
		tc flush "$DEV" "$h" >/dev/null 2>&1
	done
	nothing_loaded rm_exit_flushed_tpm "after FlushContext of $want"
fi

# ---------------------------------------------------- contexts and cycles
#
# A context is the TPM's, not a file's: saved through one process or
# device, it loads through another. It does not load in another LTPM
# (another secret), nor after a TPM Reset (Startup(CLEAR) without a
# Shutdown(STATE) before it); it still loads after TPM Restart
# (Shutdown(STATE), Startup(CLEAR)) and TPM Resume (Shutdown(STATE),
# Startup(STATE)). _TPM_Init and Startup flush every loaded object.

for dev in "${DEVS[@]}"; do
	f=$work/ctx.$dev
	ctxsave "rm_context_across_processes_$dev" "${DEVP[$dev]}" sha256 "$f" &&
		ctxload_expect "rm_context_across_processes_$dev" "${DEVP[$dev]}" "$f" ok
done
ctxsave rm_context_tpmrm_to_tpm "$DEVRM" sha512 "$work/ctx.x" &&
	ctxload_expect rm_context_tpmrm_to_tpm "$DEV" "$work/ctx.x" ok
ctxsave rm_context_tpm_to_tpmrm "$DEV" event "$work/ctx.y" &&
	ctxload_expect rm_context_tpm_to_tpmrm "$DEVRM" "$work/ctx.y" ok

for dev in "${DEVS[@]}"; do
	name=rm_context_other_ltpm_$dev
	if [[ -n $ref_mode ]]; then
		skip "$name" "not an LTPM"
	elif [[ -z ${DEV2P[$dev]:-} ]]; then
		fail "$name" "no second LTPM (rm_setup_second_ltpm)"
	else
		ctxsave "$name" "${DEVP[$dev]}" sha384 "$work/ctx.o.$dev" &&
			ctxload_expect "$name" "${DEV2P[$dev]}" "$work/ctx.o.$dev" "rc 0x1df"
	fi
done

# KIND SHUTDOWN STARTUP: expected ContextLoad answer afterwards
ctxsave rm_context_resume_then_reset_tpm "$DEV" sha1 "$work/ctx.old"
for spec in resume:state:state:ok restart:state:clear:ok reset:none:clear:rc_0x1df \
	reset_after_clear:clear:clear:rc_0x1df; do
	IFS=: read -r kind sd su want <<<"$spec"
	want=${want/_/ }
	saved=()
	for dev in "${DEVS[@]}"; do
		ctxsave "rm_context_after_${kind}_$dev" "${DEVP[$dev]}" sha256 "$work/ctx.$kind.$dev" &&
			saved+=("$dev")
	done
	tc seqstart "$DEV" sha384 >/dev/null 2>&1
	tc seqstart "$DEV" event >/dev/null 2>&1
	if ! cycle "$sd" "$su"; then
		for dev in "${saved[@]}"; do
			fail "rm_context_after_${kind}_$dev" "$CYCLE_ERR"
		done
		fail "rm_${kind}_flushes_objects_tpm" "$CYCLE_ERR"
		flush_all
		continue
	fi
	nothing_loaded "rm_${kind}_flushes_objects_tpm" "after _TPM_Init and Startup"
	for dev in "${saved[@]}"; do
		ctxload_expect "rm_context_after_${kind}_$dev" "${DEVP[$dev]}" "$work/ctx.$kind.$dev" "$want"
	done
	if [[ $kind == reset && -s $work/ctx.old ]]; then
		ctxload_expect rm_context_resume_then_reset_tpm "$DEV" "$work/ctx.old" "rc 0x1df"
	fi
done

kmsg=$(klog_since start)
if [[ -n $kmsg ]]; then
	fail rm_dmesg_clean "$(head -n 5 <<<"$kmsg" | tr '\n' '|')"
else
	pass rm_dmesg_clean
fi

# ---------------------------------------------------------------- SIGKILL
#
# A client of /dev/tpmrmN killed while its commands run: the resource
# manager was loading, using or saving its contexts. Nothing may be left
# loaded in the TPM (the slots would be lost until the next power cycle)
# and the kernel log must stay quiet (a container could flood the host's
# log by killing its own clients).

klog_mark sigkill
leaks=
done_kills=0
for ((i = 0; i < KILLS; i++)); do
	rm -f "$work/ready"
	python3 "$TPMCMD" hold "$DEVRM" 3 "$work/ready" busy >"$work/busy.out" 2>&1 &
	busy=$!
	if ! wait_until 60 test -s "$work/ready"; then
		kill -KILL "$busy" 2>/dev/null
		wait "$busy" 2>/dev/null
		fail rm_sigkill_nothing_left_tpmrm "the busy client did not start: $(oneline <"$work/busy.out")"
		break
	fi
	sleep "0.$((RANDOM % 10))"
	kill -KILL "$busy" 2>/dev/null
	wait "$busy" 2>/dev/null
	done_kills=$((done_kills + 1))
	if loaded && [[ -n $LOADED || $AVAIL != 3 ]]; then
		leaks+="kill $((i + 1)): ${LOADED:-none} loaded, $AVAIL free; "
		flush_all
	fi
done
if ((done_kills == KILLS)); then
	if [[ -z $leaks ]]; then
		pass rm_sigkill_nothing_left_tpmrm
	else
		fail rm_sigkill_nothing_left_tpmrm "objects left in the TPM after a client of $DEVRM was killed mid-command ($KILLS kills): $leaks"
	fi
fi
kmsg=$(klog_since sigkill)
if [[ -n $kmsg ]]; then
	fail rm_sigkill_dmesg_quiet_tpmrm "$(grep -cE "$KLOG_BAD" <<<"$kmsg") lines after $KILLS killed clients, e.g. $(head -n 3 <<<"$kmsg" | tr '\n' '|')"
else
	pass rm_sigkill_dmesg_quiet_tpmrm
fi

# The LTPM still works through both devices.
for dev in "${DEVS[@]}"; do
	rmcheck "rm_final_hashseq_$dev" "${DEVP[$dev]}" hashseq
done

exit $((htpm_failed ? 1 : 0))
