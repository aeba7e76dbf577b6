# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034 # the globals are for the tests that source this
# shellcheck disable=SC2317 # tt_cleanup runs from a trap
#
# Helpers for the guest tests that drive one LTPM with unchanged tpm2-tools
# (test-tools.sh, test-keys.sh, test-hierarchy.sh, test-asym.sh); sourced
# after set -uo pipefail, it sources lib.sh itself.
#
# A test calls tt_init NAME (work directory, cleanup), defines its own
# helpers, then tt_setup (an LTPM for a fresh network namespace, or
# another TPM through ${ENV}_TCTI), and ends with tt_ltpm_destroy. The
# tools run through the devices of TCTI: tpm (the raw /dev/tpmN), tpmrm
# (/dev/tpmrmN) and, once ltpm_second made it, tpm2 (the second LTPM's
# /dev/tpmrmN); RAW holds the raw paths for tpmcmd.py.
#
# The check helpers share two globals: LAST, the command line of the
# previous tt, and MSG, why the check failed; result NAME prints the
# PASS or FAIL line.

# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -gA TCTI=() RAW=() FLUSH=()
# How long one tool run may take (seconds).
TT_TIMEOUT=120
# The platform's power cycle (_TPM_Init) between Shutdown and Startup.
POWER_CYCLE=
dev_mode=
ltpm_id=
ltpm2_id=
lt_dev=
netns_made=
netns2_made=
MSG=
LAST=
tool_runs=0
work=

tt_cleanup()
{
	local j
	for j in $(jobs -p); do
		kill "$j" 2>/dev/null
	done
	wait 2>/dev/null
	[[ -n $ltpm_id ]] && "$HTPMCTL" destroy "$ltpm_id" >/dev/null 2>&1
	[[ -n $ltpm2_id ]] && "$HTPMCTL" destroy "$ltpm2_id" >/dev/null 2>&1
	[[ -n $netns_made ]] && ip netns del "$NETNS" 2>/dev/null
	[[ -n $netns2_made ]] && ip netns del "$NETNS2" 2>/dev/null
	[[ -n $work ]] && rm -rf "$work"
}

# tt_init NAME: the work directory /tmp/htpm-NAME.XXXXXX in work, and the
# cleanup at exit (background jobs, LTPMs, network namespaces NETNS and
# NETNS2, the work directory). Do not call it in a $(...) subshell.
tt_init()
{
	work=$(mktemp -d "/tmp/htpm-$1.XXXXXX")
	trap tt_cleanup EXIT
}

# tt DEV TOOL ARG...: run a tpm2-tools TOOL on the TPM through DEV; stdout
# goes to $work/out, stderr to $work/err, the command line (without the
# TCTI) to LAST. Where FLUSH[DEV] is set (a raw device), the transient
# objects the tool left loaded are flushed after it, and after
# tpm2_ecdhzgen and tpm2_zgen2phase the HMAC session they leave loaded
# (tpm2-tools 5.4 does not flush it; tpm2_flushcontext -t -l in one run
# fails).
tt()
{
	local dev=$1 tool=$2 rc
	shift 2
	LAST="$tool $*"
	tool_runs=$((tool_runs + 1))
	timeout "$TT_TIMEOUT" "$tool" -T "${TCTI[$dev]}" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [[ -n ${FLUSH[$dev]:-} ]]; then
		timeout 60 tpm2_flushcontext -T "${TCTI[$dev]}" -t >/dev/null 2>&1
		[[ $tool == tpm2_ecdhzgen || $tool == tpm2_zgen2phase ]] &&
			timeout 60 tpm2_flushcontext -T "${TCTI[$dev]}" -l >/dev/null 2>&1
	fi
	return "$rc"
}

# tt_keep DEV TOOL ARG...: tt without the flush.
tt_keep()
{
	local dev=$1 tool=$2
	shift 2
	LAST="$tool $*"
	tool_runs=$((tool_runs + 1))
	timeout "$TT_TIMEOUT" "$tool" -T "${TCTI[$dev]}" "$@" >"$work/out" 2>"$work/err"
}

# The last error lines of the previous tt, on one line.
errmsg()
{
	local m
	m=$(grep -E '^ERROR: ' "$work/err" | grep -v '^ERROR: Unable to run' |
		tail -n 3 | tr '\n' ' ')
	[[ -n $m ]] || m=$(grep -v '^WARNING' "$work/err" | tail -n 2 | tr '\n' ' ')
	echo "${m:-no error output}"
}

# The TPM response code tpm2-tools printed for the previous tt, e.g. 0x98e.
tpm_rc()
{
	grep -oE '\((0x[0-9A-Fa-f]+)\)' "$work/err" | tail -n 1 | tr -d '()' |
		tr 'A-F' 'a-f'
}

# want_ok CMD...: CMD (a tt or a wrapper around one) succeeds; else MSG
# says why.
want_ok()
{
	"$@" && return 0
	MSG="'$LAST' failed: $(errmsg)"
	return 1
}

# want_rc RC CMD...: CMD fails with TPM response code RC (RC may list
# alternatives: 0x084|0x1c4); else MSG.
want_rc()
{
	local rc=$1 got
	shift
	if "$@"; then
		MSG="'$LAST' succeeded, expected TPM rc $rc"
		return 1
	fi
	got=$(tpm_rc)
	[[ -n $got && "|$rc|" == *"|$got|"* ]] && return 0
	MSG="'$LAST': TPM rc ${got:-none}, expected $rc: $(errmsg)"
	return 1
}

# result NAME: PASS if the command list before it succeeded, else FAIL
# with MSG.
result()
{
	local rc=$?
	if ((rc == 0)); then
		pass "$1"
	else
		fail "$1" "${MSG:-failed}"
	fi
	MSG=
	return "$rc"
}

hexf()	# FILE: its bytes in hex
{
	od -An -tx1 -v "$1" | tr -d ' \n'
}

randhex()	# BYTES
{
	od -An -tx1 -v -N "$1" /dev/urandom | tr -d ' \n'
}

# same_files WHAT A B / diff_files WHAT A B: the files are equal / both
# exist and differ; else MSG.
same_files()
{
	cmp -s "$2" "$3" && return 0
	MSG="$1: $(hexf "$2" | cut -c1-64) != $(hexf "$3" | cut -c1-64)"
	return 1
}

diff_files()
{
	[[ -s $2 && -s $3 ]] && ! cmp -s "$2" "$3" && return 0
	MSG="$1: equal or empty ($(hexf "$2" | cut -c1-64))"
	return 1
}

# readpub_name DEV CTX: tpm2_readpublic of CTX; the TPM2B_PUBLIC it wrote
# (-o) in $work/rp.pub, NAME the name (hex) it wrote (-n), RP_NAME the
# name it printed. MSG on failure.
readpub_name()
{
	NAME=
	RP_NAME=
	rm -f "$work/rp.pub" "$work/rp.name"
	want_ok tt "$1" tpm2_readpublic -c "$2" -o "$work/rp.pub" -n "$work/rp.name" ||
		return 1
	NAME=$(hexf "$work/rp.name")
	RP_NAME=$(awk '$1 == "name:" { print $2; exit }' "$work/out")
}

# name_is CTX WANT: after readpub_name of CTX, both names are WANT (the
# caller's nameAlg || SHA-256 of the public area); else MSG.
name_is()
{
	[[ $NAME == "$2" && $RP_NAME == "$NAME" ]] && return 0
	MSG="tpm2_readpublic -c $1: name file $NAME, printed ${RP_NAME:-none}, expected 000b||sha256(public) = $2"
	return 1
}

# readclock DEV: sets CLK_TIME CLK_CLOCK CLK_RESETS CLK_RESTARTS CLK_SAFE.
readclock()
{
	tt "$1" tpm2_readclock || return 1
	CLK_TIME=$(awk '$1 == "time:" { print $2 }' "$work/out")
	CLK_CLOCK=$(awk '$1 == "clock:" { print $2 }' "$work/out")
	CLK_RESETS=$(awk '$1 == "reset_count:" { print $2 }' "$work/out")
	CLK_RESTARTS=$(awk '$1 == "restart_count:" { print $2 }' "$work/out")
	CLK_SAFE=$(awk '$1 == "safe:" { print $2 }' "$work/out")
	[[ $CLK_TIME =~ ^[0-9]+$ && $CLK_CLOCK =~ ^[0-9]+$ &&
		$CLK_RESETS =~ ^[0-9]+$ && $CLK_RESTARTS =~ ^[0-9]+$ ]]
}

# power_cycle SHUTDOWN STARTUP (clear or state): Shutdown, the platform's
# power cycle (POWER_CYCLE), Startup, through the raw device. tpm2_startup
# treats TPM_RC_INITIALIZE as success, so callers check the effect, not
# only the exit status (power_cycle_counted does). Sets CYCLE_ERR on a
# failure.
power_cycle()
{
	local sd=() su=()
	[[ $1 == clear ]] && sd=(-c)
	[[ $2 == clear ]] && su=(-c)
	CYCLE_ERR=
	if ! tt tpm tpm2_shutdown "${sd[@]}"; then
		CYCLE_ERR="tpm2_shutdown ${sd[*]}: $(errmsg)"
		return 1
	fi
	[[ -n $POWER_CYCLE ]] && $POWER_CYCLE >/dev/null 2>&1
	if ! tt tpm tpm2_startup "${su[@]}"; then
		CYCLE_ERR="tpm2_startup ${su[*]}: $(errmsg)"
		return 1
	fi
}

# power_cycle_counted SHUTDOWN STARTUP: power_cycle, which counts only
# when tpm2_readclock shows the counters moved (TPM Resume and Restart:
# one more restart; TPM Reset: one more reset, no restarts). Sets
# CYCLE_ERR on a failure.
power_cycle_counted()
{
	local r0 s0 want
	CYCLE_ERR=
	if ! readclock tpm; then
		CYCLE_ERR="tpm2_readclock: $(errmsg)"
		return 1
	fi
	r0=$CLK_RESETS s0=$CLK_RESTARTS
	power_cycle "$@" || return 1
	if [[ $1 == clear ]]; then
		want="$((r0 + 1)) 0"
	else
		want="$r0 $((s0 + 1))"
	fi
	if ! readclock tpm; then
		CYCLE_ERR="tpm2_readclock after the Startup: $(errmsg)"
		return 1
	elif [[ "$CLK_RESETS $CLK_RESTARTS" != "$want" ]]; then
		CYCLE_ERR="Shutdown($1)+Startup($2): reset_count $r0 -> $CLK_RESETS, restart_count $s0 -> $CLK_RESTARTS, expected $want"
		return 1
	fi
}

# cycle SHUTDOWN STARTUP: power_cycle_counted for a check; MSG on failure.
cycle()
{
	power_cycle_counted "$@" && return 0
	MSG=$CYCLE_ERR
	return 1
}

# tt_setup NAME ENV CHECK [flush]: where the tools run. With ${ENV}_TCTI
# set, that TPM (dev_mode; POWER_CYCLE is ${ENV}_POWER_CYCLE); else an
# LTPM (ltpm_id, lt_dev) for the fresh network namespace NETNS, power
# cycled by htpmctl reset. With flush, the tools' transient objects are
# flushed after each tt through a raw device. On a failure it prints
# FAIL NAME or FAIL CHECK_ltpm_create and exits.
tt_setup()
{
	local name=$1 tv=${2}_TCTI pv=${2}_POWER_CYCLE check=$3 flush=${4:-}
	if [[ -n ${!tv:-} ]]; then
		dev_mode=1
		TCTI[tpm]=${!tv}
		TCTI[tpmrm]=${!tv}
		RAW[tpm]=${!tv}
		RAW[tpmrm]=${!tv}
		if [[ -n $flush ]]; then
			FLUSH[tpm]=1
			FLUSH[tpmrm]=1
		fi
		POWER_CYCLE=${!pv:-}
		note "$name: TCTI ${!tv} (not an LTPM)"
		return 0
	fi
	if [[ ! -x $HTPMCTL ]]; then
		fail "$name" "htpmctl missing ($HTPMCTL)"
		exit 1
	fi
	if ! ip netns add "$NETNS"; then
		fail "$name" "ip netns add $NETNS failed"
		exit 1
	fi
	netns_made=1
	if ! ltpm_create "/run/netns/$NETNS"; then
		fail "${check}_ltpm_create" "$ERR"
		exit 1
	fi
	ltpm_id=$LT_ID
	lt_dev=$LT_DEV
	POWER_CYCLE="$HTPMCTL reset $LT_ID"
	TCTI[tpm]=device:$LT_DEV
	TCTI[tpmrm]=device:$LT_DEVRM
	RAW[tpm]=$LT_DEV
	RAW[tpmrm]=$LT_DEVRM
	[[ -n $flush ]] && FLUSH[tpm]=1
	note "$name: LTPM $LT_ID, $LT_DEV and $LT_DEVRM"
}

# tt_da_off NAME: a TPM (an LTPM as a reference one) locks DA-protected
# objects out after a few wrong passwords (an LTPM after 3); the suites
# that try wrong passwords on purpose switch that off: 1000 tries, no
# recovery time, the counter reset.
tt_da_off()
{
	if ! tt tpm tpm2_dictionarylockout -s -n 1000 -t 0 -l 0 ||
		! tt tpm tpm2_dictionarylockout -c; then
		note "$1: tpm2_dictionarylockout: $(errmsg)"
	fi
}

# ltpm_second: a second LTPM for the fresh network namespace NETNS2
# (ltpm2_id), its /dev/tpmrmN as TCTI[tpm2]; MSG on failure.
ltpm_second()
{
	if ! ip netns add "$NETNS2"; then
		MSG="ip netns add $NETNS2 failed"
		return 1
	fi
	netns2_made=1
	if ! ltpm_create "/run/netns/$NETNS2"; then
		MSG=$ERR
		return 1
	fi
	ltpm2_id=$LT_ID
	TCTI[tpm2]=device:$LT_DEVRM
}

# tt_ltpm_destroy CHECK: CHECK_ltpm_destroy, htpmctl destroy of the LTPM
# takes its devices, sysfs entries and list entry away.
tt_ltpm_destroy()
{
	local out
	if [[ -n $dev_mode ]]; then
		skip "$1_ltpm_destroy" "not an LTPM"
	elif ! out=$("$HTPMCTL" destroy "$ltpm_id" 2>&1); then
		fail "$1_ltpm_destroy" "htpmctl destroy $ltpm_id: $out"
	elif ! wait_until 10 ltpm_gone "$ltpm_id" "$lt_dev"; then
		fail "$1_ltpm_destroy" "LTPM $ltpm_id or $lt_dev still there after htpmctl destroy"
	else
		pass "$1_ltpm_destroy"
		ltpm_id=
	fi
}
