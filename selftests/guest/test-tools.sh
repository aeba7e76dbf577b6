#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One LTPM for a fresh network namespace, driven by unchanged tpm2-tools
# through -T device:/dev/tpmN (raw) and -T device:/dev/tpmrmN (the kernel
# resource manager). Every value is checked against one computed here:
# PCR values by a hashlib model of the banks (tpmtools.py), digests by
# hashlib, clock and counters by their rules in TPM 2.0 Part 3.
#
# Check names: tools_<command>_<what>[_tpm|_tpmrm]; the command part says
# which TPM command a failure belongs to (pcrread, pcrextend, pcrevent,
# pcrreset, pcrallocate, hash, getcap, getrandom, stirrandom, readclock,
# setclock, clockrateadjust, selftest, incrementalselftest, gettestresult,
# startup, shutdown, testparms, sysfs, concurrent).
#
# Outside the guest, TOOLS_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (e.g. swtpm, as a reference), with TOOLS_POWER_CYCLE
# (e.g. 'swtpm_ioctl --tcp :2322 -i') run between Shutdown and Startup;
# the sysfs and /dev/tpmrmN concurrency checks are skipped then.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

TOOLS=$HTPM_TREE/selftests/guest/tpmtools.py
NETNS=htpm-tools-$$
DEVS=(tpm tpmrm)
BANKS=(sha1 sha256 sha384)
# Commands the engine implements once the PCR/clock/hash work is complete.
WANT_CCS=(Startup Shutdown SelfTest IncrementalSelfTest GetTestResult
	GetCapability GetRandom StirRandom PCR_Read PCR_Extend PCR_Event
	PCR_Reset PCR_Allocate Hash ReadClock ClockSet ClockRateAdjust
	TestParms)
tt_init tools
model=$work/model.json

# pcr_compare NAME DEV [PCRS] [--all]: tpm2_pcrread of every allocated bank
# through DEV matches the model (PCRS: comma list, default all but 17-22;
# --all: the banks read are exactly the model's).
pcr_compare()
{
	local name=$1 dev=$2 msg
	shift 2
	if ! tt "$dev" tpm2_pcrread; then
		fail "$name" "tpm2_pcrread: $(errmsg)"
		return 1
	fi
	cp "$work/out" "$work/pcrread"
	if msg=$(python3 "$TOOLS" compare "$model" "$work/pcrread" "$@"); then
		pass "$name"
	else
		fail "$name" "$msg"
		return 1
	fi
}

model_do()
{
	python3 "$TOOLS" "$1" "$model" "${@:2}"
}

# getcap_pcrs DEV: "ALG N" for each bank of tpm2_getcap pcrs, N = the
# number of PCRs selected; 0 when the output has no usable line.
getcap_pcrs()
{
	tt "$1" tpm2_getcap pcrs || return 1
	awk '/^ *- [a-z0-9_]+: \[/ {
		alg = $2; sub(":", "", alg)
		line = $0; sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line)
		n = split(line, a, ",")
		if (line ~ /^ *$/) n = 0
		print alg, n
	}' "$work/out"
}

# ------------------------------------------------------------------ setup

tt_setup tools TOOLS tools
if [[ -n $dev_mode ]]; then
	# A reference TPM may have more banks: allocate the three tested.
	tt tpm tpm2_pcrallocate sha1:all+sha256:all+sha384:all+sha512:none &&
		power_cycle clear clear
fi
python3 "$TOOLS" init "$model" || { fail tools "tpmtools.py init failed"; exit 1; }

# tpm2-tools 5.4 opens an HMAC session (TPM2_StartAuthSession) for
# pcrevent, setclock, clockrateadjust and pcrallocate. Those
# checks run once the TPM lists the command, and are skipped (not passed)
# until then.
sessions=
if tt tpm tpm2_getcap commands && grep -q '^TPM2_CC_StartAuthSession:' "$work/out"; then
	sessions=1
fi
no_sessions="tpm2-tools needs TPM2_StartAuthSession for this, which the TPM does not list"

# ----------------------------------------------------------------- getcap
#
# Every capability name tpm2_getcap -l lists, through both devices.

getcap_content()	# NAME DEV: content checks of $work/out; message or ""
{
	local n h missing=() total ncmd
	case $1 in
	algorithms)
		for n in "${BANKS[@]}"; do
			grep -q "^$n:" "$work/out" || missing+=("$n")
		done
		((${#missing[@]})) && echo "hash algorithms not listed: ${missing[*]}"
		# The LTPM's list exactly (IDs, order, TPMA_ALGORITHM bits):
		# the model in tpmtools.py.
		[[ -n $dev_mode ]] || python3 "$TOOLS" algs "$work/out"
		;;
	commands)
		for n in "${WANT_CCS[@]}"; do
			grep -q "^TPM2_CC_$n:" "$work/out" || missing+=("$n")
		done
		((${#missing[@]})) && echo "commands not listed: ${missing[*]}"
		ncmd=$(grep -cE '^[^ ].*:$' "$work/out")
		cp "$work/out" "$work/commands.$2"
		echo "$ncmd" >"$work/ncmd.$2"
		;;
	pcrs)
		for n in "${BANKS[@]}"; do
			grep -qE "^ *- $n: \[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 \]" \
				"$work/out" || missing+=("$n")
		done
		((${#missing[@]})) && echo "banks without PCRs 0-23: ${missing[*]} ($(grep -- '- ' "$work/out" | cut -c1-40 | tr '\n' ' '))"
		;;
	properties-fixed)
		n=$(awk '/^TPM2_PT_PCR_COUNT:/ { getline; print $2 }' "$work/out")
		[[ $n == 0x18 ]] || echo "TPM2_PT_PCR_COUNT raw ${n:-missing}, expected 0x18"
		total=$(awk '/^TPM2_PT_TOTAL_COMMANDS:/ { getline; print $2 }' "$work/out")
		if [[ -s $work/ncmd.$2 && -n $total ]] &&
			(($(cat "$work/ncmd.$2") != total)); then
			echo "TPM2_PT_TOTAL_COMMANDS $total, but tpm2_getcap commands lists $(cat "$work/ncmd.$2")"
		fi
		;;
	properties-variable)
		grep -q '^TPM2_PT_STARTUP_CLEAR:' "$work/out" ||
			echo "no TPM2_PT_STARTUP_CLEAR"
		;;
	ecc-curves)
		if grep -q '^ecc:' "$work/out.algorithms" 2>/dev/null &&
			! grep -q '^TPM2_ECC_NIST_P256:' "$work/out"; then
			echo "ecc is an algorithm but TPM2_ECC_NIST_P256 is not listed"
		fi
		;;
	handles-pcr)
		n=$(grep -cE '^- 0x([0-9A-Fa-f]|1[0-7])$' "$work/out")
		h=$(grep -c '^- ' "$work/out")
		((n == 24 && h == 24)) || echo "expected handles 0x0-0x17, got $h handles: $(head -c 120 "$work/out" | tr '\n' ' ')"
		;;
	handles-permanent)
		for h in 0x40000001 0x40000007 0x40000009 0x4000000A 0x4000000B 0x4000000C; do
			grep -qix -- "- $h" "$work/out" || missing+=("$h")
		done
		((${#missing[@]})) && echo "permanent handles not listed: ${missing[*]}"
		;;
	handles-transient | handles-persistent | handles-nv-index | handles-loaded-session | handles-saved-session)
		grep -q '^- ' "$work/out" && echo "expected no handles, got: $(head -c 120 "$work/out" | tr '\n' ' ')"
		;;
	esac
	return 0
}

caps=()
if tt tpm tpm2_getcap -l; then
	mapfile -t caps < <(sed -n 's/^- //p' "$work/out")
fi
if ((${#caps[@]} < 5)); then
	fail tools_getcap_list "tpm2_getcap -l listed ${#caps[@]} capabilities: $(errmsg)"
else
	pass tools_getcap_list
fi
# algorithms and commands first: other checks use their output.
order=(algorithms commands)
for c in "${caps[@]}"; do
	[[ $c == algorithms || $c == commands ]] || order+=("$c")
done
for dev in "${DEVS[@]}"; do
	for c in "${order[@]}"; do
		name=tools_getcap_${c//-/_}_$dev
		if ! tt "$dev" tpm2_getcap "$c"; then
			fail "$name" "tpm2_getcap $c: $(errmsg)"
			continue
		fi
		[[ $c == algorithms ]] && cp "$work/out" "$work/out.algorithms"
		msg=$(getcap_content "$c" "$dev")
		if [[ -n $msg ]]; then
			fail "$name" "$msg"
		else
			pass "$name"
		fi
	done
done
# The algorithms the engine says it has decide what testparms and hash
# expect of the ones beyond the required three.
has_alg()
{
	grep -q "^$1:" "$work/out.algorithms" 2>/dev/null
}

has_cc()
{
	grep -q "^TPM2_CC_$1:" "$work/commands.tpm" 2>/dev/null
}

# cannot_judge CC: why a refusal by command CC cannot be told from a
# missing command or algorithm list; empty when it can.
cannot_judge()
{
	if [[ ! -s $work/out.algorithms ]]; then
		echo "tpm2_getcap algorithms failed, so a refusal proves nothing"
	elif ! has_cc "$1"; then
		echo "TPM2_CC_$1 is not in tpm2_getcap commands"
	fi
}

# ------------------------------------------- getrandom, stirrandom, tests

for dev in "${DEVS[@]}"; do
	name=tools_getrandom_$dev
	if ! tt "$dev" tpm2_getrandom --hex 32; then
		fail "$name" "tpm2_getrandom: $(errmsg)"
	else
		r1=$(cat "$work/out")
		if tt "$dev" tpm2_getrandom --hex 32 && r2=$(cat "$work/out") &&
			[[ $r1 =~ ^[0-9a-f]{64}$ && $r2 =~ ^[0-9a-f]{64}$ && $r1 != "$r2" ]]; then
			pass "$name"
		else
			fail "$name" "two draws of 32 bytes: '$r1' and '${r2:-}' (want 64 hex digits each, different)"
		fi
	fi

	name=tools_stirrandom_$dev
	head -c 64 /dev/urandom >"$work/stir"
	if ! tt "$dev" tpm2_stirrandom "$work/stir"; then
		fail "$name" "tpm2_stirrandom (64 bytes): $(errmsg)"
	elif ! tt "$dev" tpm2_getrandom --hex 16 || ! grep -Eqx '[0-9a-f]{32}' "$work/out"; then
		fail "$name" "tpm2_getrandom after tpm2_stirrandom: $(errmsg)"
	else
		pass "$name"
	fi

	name=tools_selftest_$dev
	if tt "$dev" tpm2_selftest -f; then
		pass "$name"
	else
		fail "$name" "tpm2_selftest -f: $(errmsg)"
	fi

	name=tools_incrementalselftest_$dev
	if ! tt "$dev" tpm2_incrementalselftest sha1 sha256 sha384; then
		fail "$name" "tpm2_incrementalselftest sha1 sha256 sha384: $(errmsg)"
	elif ! grep -Eq '^status: +(success|complete)' "$work/out" &&
		! grep -q '^remaining:' "$work/out"; then
		fail "$name" "unexpected output: $(head -c 200 "$work/out" | tr '\n' ' ')"
	elif sed -n '/^remaining:/,$p' "$work/out" | grep -Eqw 'sha1|sha256|sha384'; then
		fail "$name" "hash algorithms still to be tested after a full self test: $(tr '\n' ' ' <"$work/out")"
	else
		pass "$name"
	fi

	name=tools_gettestresult_$dev
	if ! tt "$dev" tpm2_gettestresult; then
		fail "$name" "tpm2_gettestresult: $(errmsg)"
	elif ! grep -Eq '^status: +success' "$work/out"; then
		fail "$name" "expected status success, got: $(head -c 200 "$work/out" | tr '\n' ' ')"
	else
		pass "$name"
	fi
done

# ---------------------------------------------------------------- pcrread

for dev in "${DEVS[@]}"; do
	pcr_compare "tools_pcrread_$dev" "$dev" --all
done
# PC Client PTP: D-RTM PCRs 17-22 start at all ones, 16 and 23 at zero.
pcr_compare tools_pcrread_drtm_init_tpm tpm 16,17,18,19,20,21,22,23
# An explicit selection, one PCR of each bank.
name=tools_pcrread_selection_tpmrm
if ! tt tpmrm tpm2_pcrread sha1:0+sha256:17+sha384:23; then
	fail "$name" "tpm2_pcrread sha1:0+sha256:17+sha384:23: $(errmsg)"
else
	got=$(python3 "$TOOLS" parse "$work/out" | tr '\n' ' ')
	want="sha1 0 $(printf '0%.0s' {1..40}) sha256 17 $(printf 'f%.0s' {1..64}) sha384 23 $(printf '0%.0s' {1..96}) "
	if [[ $got == "$want" ]]; then
		pass "$name"
	else
		fail "$name" "got '$got', expected '$want'"
	fi
fi

# -------------------------------------------------------------- pcrextend
#
# tpm: PCRs 0 and 8; tpmrm: PCR 9. Three extends of every bank, then one
# of the sha256 bank alone.

pcrextend_test()	# DEV PCR
{
	local dev=$1 pcr=$2 i d1 d256 d384 name=tools_pcrextend_pcr$2_$1 spec
	for i in 1 2 3; do
		d1=$(randhex 20)
		d256=$(randhex 32)
		d384=$(randhex 48)
		spec="$pcr:sha1=$d1,sha256=$d256,sha384=$d384"
		if ! tt "$dev" tpm2_pcrextend "$spec"; then
			fail "$name" "tpm2_pcrextend $spec: $(errmsg)"
			return
		fi
		model_do extend "$pcr" "sha1=$d1" "sha256=$d256" "sha384=$d384"
	done
	pcr_compare "$name" "$dev" --all || return
	d256=$(randhex 32)
	if ! tt "$dev" tpm2_pcrextend "$pcr:sha256=$d256"; then
		fail "tools_pcrextend_pcr${pcr}_one_bank_$dev" "tpm2_pcrextend $pcr:sha256=$d256: $(errmsg)"
		return
	fi
	model_do extend "$pcr" "sha256=$d256"
	pcr_compare "tools_pcrextend_pcr${pcr}_one_bank_$dev" "$dev"
}
pcrextend_test tpm 0
pcrextend_test tpm 8
pcrextend_test tpmrm 9

# --------------------------------------------------------------- pcrevent
#
# tpm: PCR 10, tpmrm: PCR 11; then events without a PCR (digests only).

head -c 700 /dev/urandom >"$work/event"
for dev in "${DEVS[@]}"; do
	[[ $dev == tpm ]] && pcr=10 || pcr=11
	name=tools_pcrevent_$dev
	if [[ -z $sessions ]]; then
		skip "$name" "$no_sessions"
		skip "tools_pcrevent_pcr_$dev" "$no_sessions"
	elif ! tt "$dev" tpm2_pcrevent "$pcr" "$work/event"; then
		fail "$name" "tpm2_pcrevent $pcr (700 bytes): $(errmsg)"
	else
		model_do event "$pcr" "$work/event"
		if msg=$(python3 "$TOOLS" events "$work/event" "$work/out"); then
			pass "$name"
		else
			fail "$name" "$msg"
		fi
		pcr_compare "tools_pcrevent_pcr_$dev" "$dev"
	fi

	name=tools_pcrevent_no_pcr_$dev
	head -c 100 /dev/urandom >"$work/event2"
	if [[ -z $sessions ]]; then
		skip "$name" "$no_sessions"
	elif ! tt "$dev" tpm2_pcrevent "$work/event2"; then
		fail "$name" "tpm2_pcrevent (no PCR, 100 bytes): $(errmsg)"
	elif ! msg=$(python3 "$TOOLS" events "$work/event2" "$work/out"); then
		fail "$name" "$msg"
	else
		pcr_compare "$name" "$dev"
	fi
done

# --------------------------------------------------------------- pcrreset
#
# Locality 0 may reset PCRs 16 and 23 only; 0 and 10 get TPM_RC_LOCALITY
# (0x907) and keep their values.

for dev in "${DEVS[@]}"; do
	for pcr in 16 23; do
		name=tools_pcrreset_${pcr}_$dev
		d256=$(randhex 32)
		if ! tt "$dev" tpm2_pcrextend "$pcr:sha256=$d256"; then
			fail "$name" "tpm2_pcrextend $pcr:sha256 (before the reset): $(errmsg)"
			continue
		fi
		model_do extend "$pcr" "sha256=$d256"
		pcr_compare "tools_pcrreset_${pcr}_extended_$dev" "$dev" "$pcr" || continue
		if ! tt "$dev" tpm2_pcrreset "$pcr"; then
			fail "$name" "tpm2_pcrreset $pcr: $(errmsg)"
			continue
		fi
		model_do reset "$pcr"
		pcr_compare "$name" "$dev" --all
	done
	for pcr in 0 10; do
		name=tools_pcrreset_${pcr}_refused_$dev
		if tt "$dev" tpm2_pcrreset "$pcr"; then
			fail "$name" "tpm2_pcrreset $pcr succeeded at locality 0"
			model_do reset "$pcr"
		elif [[ $(tpm_rc) != 0x907 ]]; then
			fail "$name" "expected TPM_RC_LOCALITY (0x907), got $(tpm_rc): $(errmsg)"
		else
			pcr_compare "$name" "$dev" "$pcr"
		fi
	done
done

# ------------------------------------------------------------------ sysfs
#
# The kernel reads /sys/class/tpm/tpmN/pcr-<alg>/<n> with TPM2_PCR_Read.

if [[ -n $dev_mode ]]; then
	skip tools_sysfs_pcr "not an LTPM"
else
	sys=/sys/class/tpm/${LT_DEV#/dev/}
	got=
	for d in "$sys"/pcr-*; do
		[[ -d $d ]] && got+="${d##*/} "
	done
	if [[ $got == "pcr-sha1 pcr-sha256 pcr-sha384 " ]]; then
		pass tools_sysfs_pcr_banks
	else
		fail tools_sysfs_pcr_banks "$sys has '$got', expected pcr-sha1 pcr-sha256 pcr-sha384"
	fi
	if tt tpm tpm2_pcrread; then
		python3 "$TOOLS" parse "$work/out" >"$work/pcrs.txt"
		for alg in "${BANKS[@]}"; do
			name=tools_sysfs_pcr_$alg
			bad=
			for ((p = 0; p < 24; p++)); do
				want=$(awk -v a="$alg" -v p="$p" '$1 == a && $2 == p { print $3 }' "$work/pcrs.txt")
				s=$(tr 'A-F' 'a-f' <"$sys/pcr-$alg/$p" 2>&1)
				if [[ -z $want || $s != "$want" ]]; then
					bad="PCR $p: sysfs '$s', tpm2_pcrread '$want'"
					break
				fi
			done
			if [[ -n $bad ]]; then
				fail "$name" "$bad"
			else
				pass "$name"
			fi
		done
	else
		fail tools_sysfs_pcr "tpm2_pcrread: $(errmsg)"
	fi
fi

# ------------------------------------------------------------------- hash

head -c 300 /dev/urandom >"$work/data"
for dev in "${DEVS[@]}"; do
	for alg in "${BANKS[@]}"; do
		name=tools_hash_${alg}_$dev
		rm -f "$work/digest" "$work/ticket"
		if ! tt "$dev" tpm2_hash -g "$alg" -o "$work/digest" -t "$work/ticket" "$work/data"; then
			fail "$name" "tpm2_hash -g $alg: $(errmsg)"
			continue
		fi
		got=$(od -An -tx1 -v "$work/digest" | tr -d ' \n')
		want=$(python3 "$TOOLS" digest "$alg" "$work/data")
		if [[ $got == "$want" ]]; then
			pass "$name"
		else
			fail "$name" "digest $got, expected $want"
		fi
	done
done

# Tickets (TPMT_TK_HASHCHECK: tag 0x8024, hierarchy, digest). The HMAC is
# keyed by the hierarchy's proof, so check its shape and that it depends on
# the hierarchy and the data, not its value.
ticket()	# HIERARCHY FILE: prints the ticket in hex, or nothing
{
	rm -f "$work/ticket"
	tt tpm tpm2_hash -C "$1" -g sha256 -o "$work/digest" -t "$work/ticket" "$2" &&
		od -An -tx1 -v "$work/ticket" | tr -d ' \n'
}
declare -A tk
for h in o e p n; do
	tk[$h]=$(ticket "$h" "$work/data")
done
declare -A hier=([o]=40000001 [e]=4000000b [p]=4000000c)
for h in o e p; do
	name=tools_hash_ticket_$h
	t=${tk[$h]}
	dlen=$(((${#t} - 16) / 2))
	if [[ -z $t ]]; then
		fail "$name" "tpm2_hash -C $h: $(errmsg)"
	elif [[ ${t:0:12} != 8024${hier[$h]} ]]; then
		fail "$name" "ticket starts ${t:0:12}, expected tag 8024 and hierarchy ${hier[$h]}"
	elif ((16#${t:12:4} != dlen || (dlen != 20 && dlen != 32 && dlen != 48 && dlen != 64))); then
		fail "$name" "ticket HMAC size field 0x${t:12:4} with $dlen bytes"
	elif [[ $(ticket "$h" "$work/data") != "$t" ]]; then
		fail "$name" "a second ticket for the same data differs"
	else
		pass "$name"
	fi
done
if [[ -n ${tk[o]} && -n ${tk[e]} && -n ${tk[p]} && ${tk[o]:12} != "${tk[e]:12}" &&
	${tk[o]:12} != "${tk[p]:12}" && ${tk[e]:12} != "${tk[p]:12}" ]]; then
	pass tools_hash_ticket_per_hierarchy
else
	fail tools_hash_ticket_per_hierarchy "tickets of o/e/p not all different: ${tk[o]:-none} ${tk[e]:-none} ${tk[p]:-none}"
fi
head -c 300 /dev/urandom >"$work/data2"
t2=$(ticket o "$work/data2")
if [[ -n $t2 && -n ${tk[o]} && ${t2:12} != "${tk[o]:12}" ]]; then
	pass tools_hash_ticket_per_data
else
	fail tools_hash_ticket_per_data "the owner tickets of two inputs: ${tk[o]:-none} and ${t2:-none}"
fi
if [[ ${tk[n]} == 802440000007* && ${tk[n]:12} == 0000 ]]; then
	pass tools_hash_ticket_n
else
	fail tools_hash_ticket_n "tpm2_hash -C n gave ticket '${tk[n]}' ($(errmsg)), expected the NULL ticket 8024400000070000"
fi
# Data beginning with TPM_GENERATED_VALUE gets a NULL ticket.
{ printf '\xffTCG'; head -c 60 /dev/urandom; } >"$work/gen"
t=$(ticket o "$work/gen")
if [[ $t == 8024400000070000 ]]; then
	pass tools_hash_ticket_generated_value
else
	fail tools_hash_ticket_generated_value "data starting with TPM_GENERATED_VALUE gave ticket '$t' ($(errmsg)), expected 8024400000070000"
fi
# A hash algorithm the TPM does not list must be refused.
for alg in sha512 sm3_256; do
	name=tools_hash_${alg}_listed_or_refused
	rm -f "$work/digest"
	msg=$(cannot_judge Hash)
	if [[ -n $msg ]]; then
		fail "$name" "$msg"
	elif has_alg "$alg"; then
		if tt tpm tpm2_hash -g "$alg" -o "$work/digest" "$work/data" &&
			[[ $(od -An -tx1 -v "$work/digest" | tr -d ' \n') == "$(python3 "$TOOLS" digest "$alg" "$work/data" 2>/dev/null)" ]]; then
			pass "$name"
		else
			fail "$name" "$alg is listed by tpm2_getcap algorithms but tpm2_hash -g $alg failed or was wrong: $(errmsg)"
		fi
	elif tt tpm tpm2_hash -g "$alg" -o "$work/digest" "$work/data"; then
		fail "$name" "tpm2_hash -g $alg succeeded, but $alg is not in tpm2_getcap algorithms"
	else
		pass "$name"
	fi
done

# ---------------------------------------------- readclock, setclock, rate

for dev in "${DEVS[@]}"; do
	name=tools_readclock_$dev
	if ! readclock "$dev"; then
		fail "$name" "tpm2_readclock: $(errmsg) $(head -c 200 "$work/out" | tr '\n' ' ')"
		continue
	fi
	t1=$CLK_TIME c1=$CLK_CLOCK
	sleep 2
	if ! readclock "$dev"; then
		fail "$name" "second tpm2_readclock: $(errmsg)"
	elif ((CLK_TIME - t1 < 1500 || CLK_TIME - t1 > 30000 ||
		CLK_CLOCK - c1 < 1500 || CLK_CLOCK - c1 > 30000)); then
		fail "$name" "over 2 s, time went $t1 -> $CLK_TIME and clock $c1 -> $CLK_CLOCK (ms), expected +1500..30000"
	elif [[ $CLK_SAFE != yes ]]; then
		fail "$name" "safe: $CLK_SAFE"
	else
		pass "$name"
	fi
done

for dev in "${DEVS[@]}"; do
	name=tools_setclock_forward_$dev
	if [[ -z $sessions ]]; then
		skip "$name" "$no_sessions"
		skip "tools_setclock_backward_refused_$dev" "$no_sessions"
		continue
	fi
	if ! readclock "$dev"; then
		fail "$name" "tpm2_readclock: $(errmsg)"
		continue
	fi
	target=$((CLK_CLOCK + 3600000))
	if ! tt "$dev" tpm2_setclock "$target"; then
		fail "$name" "tpm2_setclock $target (clock was $CLK_CLOCK): $(errmsg)"
	elif ! readclock "$dev"; then
		fail "$name" "tpm2_readclock: $(errmsg)"
	elif ((CLK_CLOCK < target || CLK_CLOCK > target + 60000)); then
		fail "$name" "clock $CLK_CLOCK after tpm2_setclock $target"
	else
		pass "$name"
	fi

	name=tools_setclock_backward_refused_$dev
	if ! readclock "$dev"; then
		fail "$name" "tpm2_readclock: $(errmsg)"
		continue
	fi
	before=$CLK_CLOCK
	target=$((CLK_CLOCK - 1800000))
	((target < 0)) && target=0
	if tt "$dev" tpm2_setclock "$target"; then
		fail "$name" "tpm2_setclock $target succeeded with the clock at $before"
	elif [[ $(tpm_rc) != 0x1c4 ]]; then
		fail "$name" "expected TPM_RC_VALUE on parameter 1 (0x1c4), got $(tpm_rc): $(errmsg)"
	elif ! readclock "$dev" || ((CLK_CLOCK < before)); then
		fail "$name" "clock ${CLK_CLOCK:-?} after the refused set, was $before"
	else
		pass "$name"
	fi
done

for dev in "${DEVS[@]}"; do
	name=tools_clockrateadjust_$dev
	if [[ -z $sessions ]]; then
		skip "$name" "$no_sessions"
		continue
	fi
	ok=1
	for r in s ss sss fff ff f; do
		if ! tt "$dev" tpm2_clockrateadjust "$r"; then
			fail "$name" "tpm2_clockrateadjust $r: $(errmsg)"
			ok=
			break
		fi
	done
	# Net adjustment 0; the clock still runs.
	if [[ -n $ok ]] && readclock "$dev"; then
		c1=$CLK_CLOCK
		sleep 1
		if ! readclock "$dev" || ((CLK_CLOCK - c1 < 700 || CLK_CLOCK - c1 > 30000)); then
			fail "$name" "clock $c1 -> ${CLK_CLOCK:-?} over 1 s after the adjustments"
		else
			pass "$name"
		fi
	elif [[ -n $ok ]]; then
		fail "$name" "tpm2_readclock: $(errmsg)"
	fi
done

# -------------------------------------------------------------- testparms
#
# A parameter set is accepted exactly when its algorithm is in tpm2_getcap
# algorithms (a key size may be missing while the algorithm is there), and
# at least one set must be refused. rsa2048 goes through both devices.
# The LTPM's contract besides: AES-128/256 in every mode, KEYEDHASH and
# HMAC parameters, RSA-1024/2048/3072 and ECC P-256/P-384 accepted;
# RSA-4096, ECC P-521, AES-192, Camellia and SM4 refused.
# tpm2_testparms prints no response code for a refused parameter 1, so a
# refusal counts only when TestParms is in tpm2_getcap commands.

# testparms_check NAME DEV SPEC ALG [SIZE_OPTIONAL]
testparms_check()
{
	local name=$1 dev=$2 p=$3 alg=$4 msg
	msg=$(cannot_judge TestParms)
	if [[ -n $msg ]]; then
		fail "$name" "$msg"
	elif tt "$dev" tpm2_testparms "$p"; then
		if has_alg "$alg"; then
			pass "$name"
		else
			fail "$name" "tpm2_testparms $p accepted, but $alg is not in tpm2_getcap algorithms"
		fi
	else
		refused=$((refused + 1))
		if ! has_alg "$alg"; then
			pass "$name"
		elif [[ -n ${5:-} ]]; then
			pass "$name"
			note "$name: refused with $alg listed: $(errmsg)"
		else
			fail "$name" "tpm2_testparms $p refused ($(errmsg)) although $alg is in tpm2_getcap algorithms"
		fi
	fi
}

refused=0
for dev in "${DEVS[@]}"; do
	testparms_check "tools_testparms_rsa2048_$dev" "$dev" rsa2048 rsa
done
for spec in rsa1024:rsa:opt rsa3072:rsa:opt ecc256:ecc ecc384:ecc:opt \
	ecc521:ecc:opt aes128cfb:aes aes256cfb:aes:opt aes128cbc:aes \
	aes128ctr:aes aes256ofb:aes:opt aes128ecb:aes aes192cfb:aes:opt \
	keyedhash:keyedhash hmac:hmac xor:xor \
	camellia128cfb:camellia sm4128cfb:sm4; do
	IFS=: read -r p alg opt <<<"$spec"
	testparms_check "tools_testparms_$p" tpm "$p" "$alg" "$opt"
done

# The contract of the LTPM (a reference TPM has RSA and ECC).
if [[ -n $dev_mode ]]; then
	skip tools_testparms_ltpm_contract "not an LTPM"
else
	bad=()
	for dev in "${DEVS[@]}"; do
		for p in aes128cfb aes256cfb aes128cbc aes256ctr aes128ofb aes256ecb \
			keyedhash hmac rsa1024 rsa2048 rsa3072 ecc256 ecc384; do
			tt "$dev" tpm2_testparms "$p" || bad+=("$p refused through $dev ($(errmsg))")
		done
		for p in rsa4096 ecc521 aes192cfb camellia128cfb sm4128cfb; do
			tt "$dev" tpm2_testparms "$p" && bad+=("$p accepted through $dev")
		done
	done
	if ((${#bad[@]})); then
		fail tools_testparms_ltpm_contract "${bad[*]}"
	else
		pass tools_testparms_ltpm_contract
	fi
fi
msg=$(cannot_judge TestParms)
if [[ -n $msg ]]; then
	fail tools_testparms_some_refused "$msg"
elif ((refused)); then
	pass tools_testparms_some_refused
else
	fail tools_testparms_some_refused "every parameter set was accepted, sm4 and camellia included"
fi

# ------------------------------------------------ two clients on tpmrm
#
# Two processes extend PCRs 13 and 14 through /dev/tpmrmN at once.

if [[ -n $dev_mode ]]; then
	skip tools_concurrent_pcrextend_tpmrm "not an LTPM"
else
	NCONC=15
	conc_loop()	# PCR
	{
		local i
		for ((i = 0; i < NCONC; i++)); do
			timeout 120 tpm2_pcrextend -T "${TCTI[tpmrm]}" \
				"$1:sha256=$(printf '%064x' $((1000 * $1 + i)))" ||
				{ echo "extend $i failed" >"$work/conc.$1.err"; return 1; }
		done
	}
	conc_loop 13 2>"$work/conc.13.log" &
	p13=$!
	conc_loop 14 2>"$work/conc.14.log" &
	p14=$!
	wait "$p13"
	rc13=$?
	wait "$p14"
	rc14=$?
	for pcr in 13 14; do
		for ((i = 0; i < NCONC; i++)); do
			model_do extend "$pcr" "sha256=$(printf '%064x' $((1000 * pcr + i)))"
		done
	done
	if ((rc13 || rc14)); then
		fail tools_concurrent_pcrextend_tpmrm "loops exited $rc13/$rc14: $(cat "$work"/conc.1[34].err 2>/dev/null | tr '\n' ' ') $(grep -hv '^WARNING' "$work"/conc.1[34].log | tail -n 2 | tr '\n' ' ')"
	else
		pcr_compare tools_concurrent_pcrextend_tpmrm tpmrm 13,14
	fi
fi

# -------------------------------------------------------- startup/shutdown
#
# Through the raw device. tpm2_startup exits 0 on TPM_RC_INITIALIZE too
# (a TPM that ignored the Startup), so a Startup counts as done only when
# tpm2_readclock shows its counters moved: TPM Resume (Shutdown(STATE) +
# Startup(STATE)) adds one to restart_count, TPM Reset (Startup(CLEAR))
# adds one to reset_count and zeroes restart_count.

# counters_moved NAME RESETS RESTARTS WANT_RESETS WANT_RESTARTS: message
# when the counters are not as wanted after a Startup; empty when they are.
counters_moved()
{
	if [[ -z $2 ]]; then
		echo "cannot tell whether the Startup ran: tpm2_readclock failed before it"
	elif ! readclock tpm; then
		echo "cannot tell whether the Startup ran: tpm2_readclock: $(errmsg)"
	elif ((CLK_RESETS != $4 || CLK_RESTARTS != $5)); then
		echo "reset_count $2 -> $CLK_RESETS, restart_count $3 -> $CLK_RESTARTS; expected $4 and $5"
	fi
}

d256=$(randhex 32)
if tt tpm tpm2_pcrextend "12:sha256=$d256"; then
	model_do extend 12 "sha256=$d256"
fi
# Startup while the TPM runs must change nothing.
tt tpm tpm2_startup -c
pcr_compare tools_startup_refused_when_started tpm --all

# Resume keeps PCRs 0-15 and resets 16-23 (PC Client PTP).
for pcr in 12 16; do
	d256=$(randhex 32)
	tt tpm tpm2_pcrextend "$pcr:sha256=$d256" && model_do extend "$pcr" "sha256=$d256"
done
resets='' restarts=''
readclock tpm && resets=$CLK_RESETS restarts=$CLK_RESTARTS
resumed=
if ! power_cycle state state; then
	fail tools_startup_state "$CYCLE_ERR"
elif msg=$(counters_moved tools_startup_state "$resets" "$restarts" \
	"${resets:-0}" $((${restarts:-0} + 1))) && [[ -n $msg ]]; then
	fail tools_startup_state "Shutdown(STATE)+Startup(STATE): $msg"
else
	pass tools_startup_state
	resumed=1
fi
model_do startup state
if [[ -n $resumed ]]; then
	pcr_compare tools_startup_state_keeps_pcrs tpm 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	pcr_compare tools_startup_state_resets_pcrs_16_23 tpm all
else
	fail tools_startup_state_keeps_pcrs "not judged: no TPM Resume shown (tools_startup_state)"
	fail tools_startup_state_resets_pcrs_16_23 "not judged: no TPM Resume shown (tools_startup_state)"
fi

# Startup(STATE) after Shutdown(CLEAR) is refused (TPM_RC_VALUE, so
# tpm2_startup exits non-zero); Startup(CLEAR) resets every PCR.
resets='' restarts=''
readclock tpm && resets=$CLK_RESETS restarts=$CLK_RESTARTS
if ! tt tpm tpm2_shutdown -c; then
	fail tools_shutdown_clear "tpm2_shutdown -c: $(errmsg)"
else
	pass tools_shutdown_clear
fi
[[ -n $POWER_CYCLE ]] && $POWER_CYCLE >/dev/null 2>&1
if tt tpm tpm2_startup; then
	fail tools_startup_state_after_clear_refused "tpm2_startup (STATE) after tpm2_shutdown -c exited 0: accepted, or ignored with TPM_RC_INITIALIZE"
else
	pass tools_startup_state_after_clear_refused
fi
if ! tt tpm tpm2_startup -c; then
	fail tools_startup_clear "tpm2_startup -c: $(errmsg)"
elif msg=$(counters_moved tools_startup_clear "$resets" "$restarts" \
	$((${resets:-0} + 1)) 0) && [[ -n $msg ]]; then
	fail tools_startup_clear "Shutdown(CLEAR)+Startup(CLEAR): $msg"
else
	pass tools_startup_clear
fi
model_do startup clear
# On a failure, go on from the values the TPM has.
pcr_compare tools_startup_clear_resets_pcrs tpm all --all ||
	model_do sync "$work/pcrread"

# ------------------------------------------------------------ pcrallocate
#
# Drop SHA-1 (through tpmrm): pending until the next TPM Reset, then gone.
# Allocate SHA-1 alone (through tpm): the banks not listed keep their
# allocation (TPM 2.0 Part 3, PCR_Allocate). Last, all three explicitly.
# The kernel's chip keeps the bank list it read at registration, so this
# goes through tpm2-tools only.

allocation()	# DEV: "alg n alg n ..." of tpm2_getcap pcrs, n = PCRs selected
{
	getcap_pcrs "$1" | grep -v ' 0$' | tr '\n' ' '
}

# allocate_test NAME DEV SPEC EXPECTED: tpm2_pcrallocate SPEC through DEV
# (checks NAME_DEV and NAME_pending_DEV);
# the allocation stays as it was until Shutdown(CLEAR)+Startup(CLEAR), then
# is EXPECTED ("alg n ..."), and the PCRs read are the fresh banks.
allocate_test()
{
	local name=$1_$2 pending=$1_pending_$2 dev=$2 spec=$3 want=$4 before got
	before=$(allocation tpm)
	if ! tt "$dev" tpm2_pcrallocate "$spec"; then
		fail "$name" "tpm2_pcrallocate $spec: $(errmsg)"
		return 1
	fi
	got=$(allocation "$dev")
	if [[ $got != "$before" ]]; then
		fail "$pending" "before the TPM Reset tpm2_getcap pcrs gives '$got', expected the old '$before'"
	else
		pcr_compare "$pending" "$dev" --all
	fi
	if ! power_cycle clear clear; then
		fail "$name" "$CYCLE_ERR"
		return 1
	fi
	got=$(allocation tpm)
	python3 "$TOOLS" banks "$model" "$(awk '{ for (i = 1; i < NF; i += 2) printf "%s%s", (i > 1 ? "," : ""), $i }' <<<"$got")"
	if [[ $got != "$want" ]]; then
		fail "$name" "after tpm2_pcrallocate $spec and Shutdown(CLEAR)+Startup(CLEAR), tpm2_getcap pcrs gives '$got', expected '$want'"
		return 1
	fi
	pcr_compare "$name" "$dev" all --all
}
all3="sha1 24 sha256 24 sha384 24 "
if [[ -z $sessions ]]; then
	skip tools_pcrallocate_drop_sha1_tpmrm "$no_sessions"
	skip tools_pcrallocate_unlisted_kept_tpm "$no_sessions"
else
	allocate_test tools_pcrallocate_drop_sha1 tpmrm \
		sha1:none+sha256:all+sha384:all "sha256 24 sha384 24 "
	allocate_test tools_pcrallocate_unlisted_kept tpm sha1:all "$all3"
	# Whatever happened above, end with the three banks.
	if [[ $(allocation tpm) != "$all3" ]]; then
		allocate_test tools_pcrallocate_restore tpm \
			sha1:all+sha256:all+sha384:all "$all3"
	fi
fi

# ------------------------------------------------ hash sequences, handles
#
# tpm2_hash hashes more than 1024 bytes, and input it cannot size (a
# pipe), with TPM2_HashSequenceStart, SequenceUpdate and SequenceComplete.
# A sequence's ticket is the one TPM2_Hash gives for the same data; it is
# the NULL ticket when the first block is shorter than 4 bytes or starts
# with TPM_GENERATED_VALUE. Then sequence objects left loaded through the
# raw device by tpmcmd.py: tpm2_getcap handles-transient, the three slots
# and tpm2_flushcontext.

SEQ_CCS=(HashSequenceStart SequenceUpdate SequenceComplete
	EventSequenceComplete ContextSave ContextLoad FlushContext
	PCR_SetAuthValue PCR_SetAuthPolicy)
for dev in "${DEVS[@]}"; do
	name=tools_getcap_commands_sequences_$dev
	missing=()
	for n in "${SEQ_CCS[@]}"; do
		grep -q "^TPM2_CC_$n:" "$work/commands.$dev" 2>/dev/null || missing+=("$n")
	done
	if [[ ! -s $work/commands.$dev ]]; then
		fail "$name" "no tpm2_getcap commands output (tools_getcap_commands_$dev)"
	elif ((${#missing[@]})); then
		fail "$name" "commands not listed: ${missing[*]}"
	else
		pass "$name"
	fi
done

name=tools_getcap_transient_min
if ! tt tpm tpm2_getcap properties-fixed; then
	fail "$name" "tpm2_getcap properties-fixed: $(errmsg)"
else
	n=$(awk '/^TPM2_PT_HR_TRANSIENT_MIN:/ { getline; print $2 }' "$work/out")
	if [[ $n == 0x3 ]]; then
		pass "$name"
	else
		fail "$name" "TPM2_PT_HR_TRANSIENT_MIN raw ${n:-missing}, expected 0x3"
	fi
fi

# hash_to_hex DEV ALG HIERARCHY FILE|-: tpm2_hash of FILE (-: of FILE
# through a pipe, given as $work/pipe.in) through DEV; sets DIGEST and
# TICKET (hex), or returns 1.
hash_to_hex()
{
	local dev=$1 alg=$2 hy=$3 in=$4
	rm -f "$work/digest" "$work/ticket"
	DIGEST='' TICKET=''
	if [[ $in == - ]]; then
		tt "$dev" tpm2_hash -C "$hy" -g "$alg" -o "$work/digest" \
			-t "$work/ticket" < <(cat "$work/pipe.in") || return 1
	else
		tt "$dev" tpm2_hash -C "$hy" -g "$alg" -o "$work/digest" \
			-t "$work/ticket" "$in" || return 1
	fi
	DIGEST=$(od -An -tx1 -v "$work/digest" | tr -d ' \n')
	TICKET=$(od -An -tx1 -v "$work/ticket" | tr -d ' \n')
}

sizes=(1025 2048 4500 10000)
i=0
for dev in "${DEVS[@]}"; do
	for alg in sha1 sha256 sha384 sha512; do
		n=${sizes[i++ % ${#sizes[@]}]}
		name=tools_hash_seq_${alg}_$dev
		head -c "$n" /dev/urandom >"$work/big"
		if ! hash_to_hex "$dev" "$alg" n "$work/big"; then
			fail "$name" "tpm2_hash -g $alg ($n bytes): $(errmsg)"
			continue
		fi
		want=$(python3 "$TOOLS" digest "$alg" "$work/big")
		if [[ $DIGEST != "$want" ]]; then
			fail "$name" "digest of $n bytes $DIGEST, expected $want"
		elif [[ $TICKET != 8024400000070000 ]]; then
			fail "$name" "-C n: ticket $TICKET, expected the NULL ticket 8024400000070000"
		else
			pass "$name"
		fi
	done
	name=tools_hash_seq_pipe_$dev
	head -c 300 /dev/urandom >"$work/pipe.in"
	want=$(python3 "$TOOLS" digest sha384 "$work/pipe.in")
	if ! hash_to_hex "$dev" sha384 n -; then
		fail "$name" "tpm2_hash -g sha384 of 300 bytes from a pipe: $(errmsg)"
	elif [[ $DIGEST != "$want" ]]; then
		fail "$name" "digest $DIGEST, expected $want"
	else
		pass "$name"
	fi
done

# Tickets of sequences, through the raw device.
head -c 3000 /dev/urandom >"$work/big"
declare -A stk
for h in o e p; do
	name=tools_hash_seq_ticket_$h
	if ! hash_to_hex tpm sha256 "$h" "$work/big"; then
		fail "$name" "tpm2_hash -C $h of 3000 bytes: $(errmsg)"
		continue
	fi
	t=$TICKET
	dlen=$(((${#t} - 16) / 2))
	if [[ $DIGEST != "$(python3 "$TOOLS" digest sha256 "$work/big")" ]]; then
		fail "$name" "digest $DIGEST is not sha256 of the data"
	elif [[ ${t:0:12} != 8024${hier[$h]} ]]; then
		fail "$name" "ticket starts ${t:0:12}, expected tag 8024 and hierarchy ${hier[$h]}"
	elif ((16#${t:12:4} != dlen || (dlen != 20 && dlen != 32 && dlen != 48 && dlen != 64))); then
		fail "$name" "ticket HMAC size field 0x${t:12:4} with $dlen bytes"
	elif ! hash_to_hex tpm sha256 "$h" "$work/big" || [[ $TICKET != "$t" ]]; then
		fail "$name" "a second ticket for the same data differs: $t, then ${TICKET:-$(errmsg)}"
	else
		pass "$name"
		stk[$h]=$t
	fi
done
if [[ -n ${stk[o]:-} && -n ${stk[e]:-} && -n ${stk[p]:-} && ${stk[o]:12} != "${stk[e]:12}" &&
	${stk[o]:12} != "${stk[p]:12}" && ${stk[e]:12} != "${stk[p]:12}" ]]; then
	pass tools_hash_seq_ticket_per_hierarchy
else
	fail tools_hash_seq_ticket_per_hierarchy "tickets of o/e/p not all there and different: ${stk[o]:-none} ${stk[e]:-none} ${stk[p]:-none}"
fi

# The same 600 bytes from a pipe (a sequence) and from a file (TPM2_Hash).
name=tools_hash_seq_ticket_equals_hash
head -c 600 /dev/urandom >"$work/pipe.in"
if ! hash_to_hex tpm sha256 o -; then
	fail "$name" "tpm2_hash -C o from a pipe: $(errmsg)"
else
	seq_t=$TICKET seq_d=$DIGEST
	if ! hash_to_hex tpm sha256 o "$work/pipe.in"; then
		fail "$name" "tpm2_hash -C o of a file: $(errmsg)"
	elif [[ $seq_d != "$DIGEST" || $seq_t != "$TICKET" || $TICKET == 8024400000070000 ]]; then
		fail "$name" "sequence: digest $seq_d ticket $seq_t; TPM2_Hash: digest $DIGEST ticket $TICKET"
	else
		pass "$name"
	fi
fi

# NULL tickets: data starting with TPM_GENERATED_VALUE, a 2-byte first
# block (a pipe of 2 bytes: SequenceUpdate of 2 bytes).
name=tools_hash_seq_ticket_generated_value
{ printf '\xffTCG'; head -c 3000 /dev/urandom; } >"$work/gen"
if ! hash_to_hex tpm sha256 o "$work/gen"; then
	fail "$name" "tpm2_hash -C o: $(errmsg)"
elif [[ $TICKET != 8024400000070000 ]]; then
	fail "$name" "3004 bytes starting with TPM_GENERATED_VALUE gave ticket $TICKET, expected 8024400000070000"
else
	pass "$name"
fi
name=tools_hash_seq_ticket_short_first_block
printf 'ab' >"$work/pipe.in"
if ! hash_to_hex tpm sha256 o -; then
	fail "$name" "tpm2_hash -C o of 2 bytes from a pipe: $(errmsg)"
elif [[ $DIGEST != "$(python3 "$TOOLS" digest sha256 "$work/pipe.in")" ]]; then
	fail "$name" "digest $DIGEST is not sha256('ab')"
elif [[ $TICKET != 8024400000070000 ]]; then
	fail "$name" "a 2-byte first block gave ticket $TICKET, expected 8024400000070000"
else
	pass "$name"
fi

# transient_list DEV: the handles tpm2_getcap handles-transient lists,
# on one line.
transient_list()
{
	tt "$1" tpm2_getcap handles-transient || return 1
	sed -n 's/^- //p' "$work/out" | tr 'A-F' 'a-f' | tr '\n' ' ' | sed 's/ $//'
}

for dev in "${DEVS[@]}"; do
	name=tools_hash_seq_no_handles_left_$dev
	if ! got=$(transient_list "$dev"); then
		fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
	elif [[ -n $got ]]; then
		fail "$name" "after the tpm2_hash runs, handles $got"
	else
		pass "$name"
	fi
done

# Sequences left loaded through the raw device.
raw=
if [[ -z $dev_mode ]]; then
	raw=$LT_DEV
elif [[ $TOOLS_TCTI == swtpm:*port=* ]]; then
	raw=$TOOLS_TCTI
fi

# flushcontext_check NAME ARG... HANDLE...: tpm2_flushcontext ARG (a
# handle or -t) must leave none of the HANDLEs loaded. tpm2-tools first
# turns each handle into an ESYS object with TPM2_ReadPublic, which a
# sequence object refuses on every TPM (TPM_RC_SEQUENCE, swtpm too), or
# which the TPM may lack: that is a SKIP, and the handles are flushed with
# a raw FlushContext; the checks after this one look at the result.
flushcontext_check()
{
	local name=$1 arg=$2 h
	shift 2
	if tt tpm tpm2_flushcontext "$arg"; then
		if got=$(transient_list tpm) && [[ -z $got ]]; then
			pass "$name"
		else
			fail "$name" "tpm2_flushcontext $arg exited 0, handles now: ${got:-$(errmsg)}"
		fi
	elif grep -q 'Esys_TR_FromTPMPublic' "$work/err" &&
		[[ $(tpm_rc) == 0x103 || $(tpm_rc) == 0x143 ]]; then
		skip "$name" "tpm2_flushcontext $arg: tpm2-tools reads the object with TPM2_ReadPublic first, which a sequence object refuses: $(errmsg)"
	else
		fail "$name" "tpm2_flushcontext $arg: $(errmsg)"
	fi
	for h in "$@"; do
		python3 "$TPMCMD" flush "$raw" "$h" >/dev/null 2>&1
	done
}

if [[ -z $raw ]]; then
	for n in tools_getcap_handles_transient_lists_tpm tools_flushcontext_handle_tpm \
		tools_getcap_handles_transient_three_tpm tools_hash_seq_object_memory_tpm \
		tools_flushcontext_transient_tpm; do
		skip "$n" "no raw access to $TOOLS_TCTI for tpmcmd.py"
	done
else
	name=tools_getcap_handles_transient_lists_tpm
	h=$(python3 "$TPMCMD" seqstart "$raw" sha256 2>&1)
	if [[ ! $h =~ ^0x80[0-9a-f]{6}$ ]]; then
		fail "$name" "tpmcmd.py seqstart: $h"
	else
		if ! got=$(transient_list tpm); then
			fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
		elif [[ $got != "$h" ]]; then
			fail "$name" "with sequence $h loaded, handles '$got'"
		elif ! tt tpm tpm2_getcap properties-variable ||
			! grep -qx 'TPM2_PT_HR_TRANSIENT_AVAIL: 0x2' "$work/out"; then
			fail "$name" "with one object loaded: $(grep '^TPM2_PT_HR_TRANSIENT_AVAIL' "$work/out" || errmsg), expected TPM2_PT_HR_TRANSIENT_AVAIL: 0x2"
		else
			pass "$name"
		fi
		name=tools_getcap_handles_transient_own_only_tpmrm
		if [[ -n $dev_mode ]]; then
			skip "$name" "not an LTPM"
		elif ! got=$(transient_list tpmrm); then
			fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
		elif [[ -n $got ]]; then
			fail "$name" "the resource manager shows handles '$got' of no file of its own"
		else
			pass "$name"
		fi
		flushcontext_check tools_flushcontext_handle_tpm "$h" "$h"
		name=tools_getcap_handles_transient_flushed_tpm
		if ! got=$(transient_list tpm); then
			fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
		elif [[ -n $got ]]; then
			fail "$name" "after the flush of $h, handles '$got'"
		else
			pass "$name"
		fi
	fi

	name=tools_getcap_handles_transient_three_tpm
	hs=$(python3 "$TPMCMD" seqstart "$raw" event 3 2>&1)
	hs=$(sort <<<"$hs" | tr '\n' ' ' | sed 's/ $//')
	if [[ ! $hs =~ ^0x80[0-9a-f]{6}\ 0x80[0-9a-f]{6}\ 0x80[0-9a-f]{6}$ ]]; then
		fail "$name" "tpmcmd.py seqstart (3 event sequences): $hs"
	elif ! got=$(transient_list tpm); then
		fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
	elif [[ $got != "$hs" ]]; then
		fail "$name" "with $hs loaded, handles '$got'"
	else
		pass "$name"
	fi
	# All three slots taken: tpm2_hash needs a fourth, through both devices.
	for dev in "${DEVS[@]}"; do
		name=tools_hash_seq_object_memory_$dev
		if hash_to_hex "$dev" sha256 n "$work/big"; then
			fail "$name" "tpm2_hash of 3000 bytes worked with three objects loaded ($hs)"
		elif [[ $(tpm_rc) != 0x902 ]]; then
			fail "$name" "expected TPM_RC_OBJECT_MEMORY (0x902), got $(tpm_rc): $(errmsg)"
		else
			pass "$name"
		fi
	done
	read -ra hsa <<<"$hs"
	flushcontext_check tools_flushcontext_transient_tpm -t "${hsa[@]}"
	name=tools_getcap_handles_transient_flushed_all_tpm
	if ! got=$(transient_list tpm); then
		fail "$name" "tpm2_getcap handles-transient: $(errmsg)"
	elif [[ -n $got ]]; then
		fail "$name" "after the flush of $hs, handles '$got'"
	elif ! tt tpm tpm2_getcap properties-variable ||
		! grep -qx 'TPM2_PT_HR_TRANSIENT_AVAIL: 0x3' "$work/out"; then
		fail "$name" "$(grep '^TPM2_PT_HR_TRANSIENT_AVAIL' "$work/out" || errmsg), expected TPM2_PT_HR_TRANSIENT_AVAIL: 0x3"
	elif ! hash_to_hex tpm sha256 n "$work/big" ||
		[[ $DIGEST != "$(python3 "$TOOLS" digest sha256 "$work/big")" ]]; then
		fail "$name" "tpm2_hash of 3000 bytes after the flush: ${DIGEST:-$(errmsg)}"
	else
		pass "$name"
	fi
fi

# Sessions left behind through the raw device: tpm2_getcap lists them,
# tpm2_flushcontext -l / -s flushes them (tpm2-tools needs no
# TPM2_ReadPublic for a session handle).
session_list()
{
	local h
	tt tpm tpm2_getcap "$1" || return 1
	# tpm2_getcap prints 0x2000000 for 0x02000000
	sed -n 's/^- //p' "$work/out" | while read -r h; do
		printf '0x%08x\n' "$h"
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

# session_flush_check KIND SAVE FLAG: KIND is loaded or saved
session_flush_check()
{
	local kind=$1 save=$2 flag=$3 hs got name=tools_getcap_handles_${1}_session_tpm
	hs=$(python3 "$TPMCMD" sessstart "$raw" 2 ${save:+"$save"} 2>&1)
	hs=$(sort <<<"$hs" | tr '\n' ' ' | sed 's/ $//')
	if [[ ! $hs =~ ^0x0[23][0-9a-f]{6}\ 0x0[23][0-9a-f]{6}$ ]]; then
		fail "$name" "tpmcmd.py sessstart: $hs"
		return
	fi
	if ! got=$(session_list "handles-$kind-session"); then
		fail "$name" "tpm2_getcap handles-$kind-session: $(errmsg)"
	elif [[ $got != "$hs" ]]; then
		fail "$name" "with sessions $hs $kind, handles '$got'"
	else
		pass "$name"
	fi
	name=tools_flushcontext_${kind}_sessions_tpm
	if ! tt tpm tpm2_flushcontext "$flag"; then
		fail "$name" "tpm2_flushcontext $flag: $(errmsg)"
	elif ! got=$(session_list "handles-$kind-session"); then
		fail "$name" "tpm2_getcap handles-$kind-session: $(errmsg)"
	elif [[ -n $got ]]; then
		fail "$name" "after tpm2_flushcontext $flag, sessions '$got'"
	else
		pass "$name"
	fi
	for h in $hs; do
		python3 "$TPMCMD" flush "$raw" "$h" >/dev/null 2>&1
	done
}

if [[ -z $raw || -z $sessions ]]; then
	for n in tools_getcap_handles_loaded_session_tpm tools_flushcontext_loaded_sessions_tpm \
		tools_getcap_handles_saved_session_tpm tools_flushcontext_saved_sessions_tpm; do
		skip "$n" "${raw:+$no_sessions}${raw:-no raw access to $TOOLS_TCTI for tpmcmd.py}"
	done
else
	session_flush_check loaded "" -l
	session_flush_check saved save -s
fi

# The LTPM still answers through both devices.
for dev in "${DEVS[@]}"; do
	check "tools_final_getrandom_$dev" tt "$dev" tpm2_getrandom --hex 8
done

exit $((htpm_failed ? 1 : 0))
