#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # the h_* helpers run through want_ok, want_rc
#
# The hierarchy commands (TPM 2.0 Part 3 chapter 24: HierarchyControl,
# SetPrimaryPolicy, ChangePPS, ChangeEPS, Clear, ClearControl,
# HierarchyChangeAuth) of one LTPM for a fresh network namespace, driven
# by unchanged tpm2-tools through -T device:/dev/tpmN and
# -T device:/dev/tpmrmN. tpm2-tools authorizes hierarchies with HMAC
# sessions, so every use of a new authValue also checks the command and
# response HMACs made with it. Where tpm2-tools refuses an argument itself
# (an owner enabling a hierarchy, lockout allowing TPM2_Clear, a handle
# outside the command's set), the command goes raw with a password session
# (tpmcmd.py authcmd).
#
# Check names: hier_<command>_<what>[_tpm|_tpmrm]; the command part says
# which TPM command a failure belongs to (getcap, changeauth,
# hierarchycontrol, startup, clearcontrol, clear, setprimarypolicy,
# changepps, changeeps, ltpm).
#
# Outside the guest, HIER_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (e.g. swtpm, as a reference), with HIER_POWER_CYCLE
# (e.g. 'swtpm_ioctl --tcp :2322 -i') run between Shutdown and Startup.
# A TPM with dictionary-attack protection (the LTPM and a reference TPM)
# locks lockoutAuth out after one wrong lockout password: the test then
# sets lockoutRecovery to 0 and power-cycles after each wrong lockout
# password (TPM 2.0 Part 1, 19.8.6).

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-hier-$$
DEVS=(tpm tpmrm)
HIERS=(o e l p)
tt_init hier
# The authValue each hierarchy has now, as far as this test knows.
declare -A AUTH=([o]='' [e]='' [l]='' [p]='')
declare -A LONG=([o]=owner [e]=endorsement [l]=lockout [p]=platform)
declare -A HANDLE=([o]=0x40000001 [e]=0x4000000B [l]=0x4000000A [p]=0x4000000C)
declare -A AUTHBIT=([o]=ownerAuthSet [e]=endorsementAuthSet [l]=lockoutAuthSet)
# TPM_RC_BAD_AUTH / TPM_RC_AUTH_FAIL on session 1
declare -A WRONG_RC=([o]=0x9a2 [e]=0x9a2 [l]=0x98e [p]=0x9a2)
# TPMA_CC of the seven commands (TPM 2.0 Part 3: nv, extensive, 1 handle)
declare -A CC_ATTR=([HierarchyControl]=0x2c00121 [ChangeEPS]=0x2c00124
	[ChangePPS]=0x2c00125 [Clear]=0x2c00126 [ClearControl]=0x2400127
	[HierarchyChangeAuth]=0x2400129 [SetPrimaryPolicy]=0x240012e)
DEFAULT_STATE="ownerAuthSet=0 endorsementAuthSet=0 lockoutAuthSet=0 disableClear=0 phEnable=1 shEnable=1 ehEnable=1 phEnableNV=1"
da_recover=

hexof()	# STRING: its bytes in hex
{
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}

# raw_rc RC DEV CC HANDLE PASSWORD [PARAMS]: one raw command through DEV
# with a password session (PASSWORD a string, PARAMS hex) answers RC.
raw_rc()
{
	local rc=$1 dev=$2 got
	shift 2
	LAST="TPM2_CC $1 handle $2 params ${4:-none}"
	got=$(python3 "$TPMCMD" authcmd "${RAW[$dev]}" "$1" "$2" "$(hexof "$3")" "${4:-}" 2>&1)
	[[ $got == "rc $rc" ]] && return 0
	MSG="raw $LAST (password '$3') through ${RAW[$dev]}: ${got:-no output}, expected rc $rc"
	return 1
}

# ---- the tools, with an authValue option only when there is one

# h_chauth DEV H OLD NEW: tpm2_changeauth -c H [-p OLD] NEW
h_chauth()
{
	local o=()
	[[ -n $3 ]] && o=(-p "$3")
	tt "$1" tpm2_changeauth -c "${LONG[$2]}" "${o[@]}" "$4"
}

# h_setclock DEV H AUTH: tpm2_setclock -c H, one minute ahead
h_setclock()
{
	local o=()
	[[ -n $3 ]] && o=(-p "$3")
	readclock "$1" || CLK_CLOCK=0
	tt "$1" tpm2_setclock -c "$2" "${o[@]}" $((CLK_CLOCK + 60000))
}

# h_setclock_to DEV H AUTH VALUE
h_setclock_to()
{
	local o=()
	[[ -n $3 ]] && o=(-p "$3")
	tt "$1" tpm2_setclock -c "$2" "${o[@]}" "$4"
}

# h_ctl DEV H AUTH VARIABLE set|clear: tpm2_hierarchycontrol
h_ctl()
{
	local o=()
	[[ -n $3 ]] && o=(-P "$3")
	tt "$1" tpm2_hierarchycontrol -C "$2" "${o[@]}" "$4" "$5"
}

# h_cc DEV H AUTH s|c: tpm2_clearcontrol
h_cc()
{
	local o=()
	[[ -n $3 ]] && o=(-P "$3")
	tt "$1" tpm2_clearcontrol -C "$2" "${o[@]}" "$4"
}

# h_clear DEV H AUTH: tpm2_clear -c H [AUTH]
h_clear()
{
	local o=()
	[[ -n $3 ]] && o=("$3")
	tt "$1" tpm2_clear -c "$2" "${o[@]}"
}

# h_spp DEV H AUTH [ARG...]: tpm2_setprimarypolicy -C H [-P AUTH] ARG...
h_spp()
{
	local dev=$1 h=$2 o=()
	[[ -n $3 ]] && o=(-P "$3")
	shift 3
	tt "$dev" tpm2_setprimarypolicy -C "$h" "${o[@]}" "$@"
}

# h_pps DEV AUTH, h_eps DEV AUTH: tpm2_changepps/changeeps [-p AUTH]
h_pps()
{
	local o=()
	[[ -n $2 ]] && o=(-p "$2")
	tt "$1" tpm2_changepps "${o[@]}"
}

h_eps()
{
	local o=()
	[[ -n $2 ]] && o=(-p "$2")
	tt "$1" tpm2_changeeps "${o[@]}"
}

# use_h DEV H AUTH: a command that needs H's authorization, with AUTH;
# it leaves nothing changed. owner: tpm2_setclock; endorsement: it
# disables itself (tpm2_hierarchycontrol), the platform enables it again;
# lockout: tpm2_clearcontrol sets disableClear, the platform clears it;
# platform: tpm2_hierarchycontrol sets shEnable (set already).
use_h()
{
	local dev=$1 h=$2 a=$3
	case $h in
	o)
		h_setclock "$dev" o "$a"
		;;
	e)
		h_ctl "$dev" e "$a" ehEnable clear || return 1
		state_is "$dev" "ehEnable=0" "after '$LAST'" || return 1
		want_ok h_ctl "$dev" p "${AUTH[p]}" ehEnable set
		;;
	l)
		h_cc "$dev" l "$a" s || return 1
		state_is "$dev" "disableClear=1" "after '$LAST'" || return 1
		want_ok h_cc "$dev" p "${AUTH[p]}" c
		;;
	p)
		h_ctl "$dev" p "$a" shEnable set
		;;
	esac
}

# use_ok DEV H AUTH / use_refused DEV H AUTH: use_h works / is refused
# with the wrong-authorization response code (then a reference TPM's
# lockout is recovered).
use_ok()
{
	local m
	MSG=
	use_h "$@" && return 0
	m=$MSG
	[[ -n $m ]] || m="'$LAST' failed: $(errmsg)"
	MSG="${LONG[$2]} authorization '$3': $m"
	return 1
}

use_refused()
{
	want_rc "${WRONG_RC[$2]}" use_h "$@"
	local rc=$?
	[[ $2 == l ]] && lockout_recover
	((rc == 0)) && return 0
	MSG="${LONG[$2]} authorization '$3' (the authValue is '${AUTH[$2]}'): $MSG"
	return 1
}

# lockout_recover: after a wrong lockout password, a TPM with dictionary
# attack protection and lockoutRecovery 0 needs a Startup to take
# lockoutAuth again.
lockout_recover()
{
	[[ -n $da_recover ]] || return 0
	power_cycle_counted clear clear || note "lockout recovery: $CYCLE_ERR"
	AUTH[p]=
}

# state_is DEV "KEY=V ..." [WHAT]: the TPMA_PERMANENT and
# TPMA_STARTUP_CLEAR bits tpm2_getcap properties-variable prints are as
# given; else MSG lists the differences.
state_is()
{
	local dev=$1 kv k v got bad=()
	if ! tt "$dev" tpm2_getcap properties-variable; then
		MSG="tpm2_getcap properties-variable: $(errmsg)"
		return 1
	fi
	awk '/^TPM2_PT_(PERMANENT|STARTUP_CLEAR):/ { s = 1; next }
		/^[^ ]/ { s = 0 }
		s && NF == 2 { k = $1; sub(":", "", k); print k, $2 }' \
		"$work/out" >"$work/state"
	for kv in $2; do
		k=${kv%=*}
		v=${kv#*=}
		got=$(awk -v k="$k" '$1 == k { print $2 }' "$work/state")
		[[ $got == "$v" ]] || bad+=("$k ${got:-missing}, expected $v")
	done
	((${#bad[@]} == 0)) && return 0
	MSG="${3:+$3: }tpm2_getcap properties-variable: ${bad[*]}"
	return 1
}

# ticket DEV H FILE: the TPM2_Hash ticket (hex) of FILE in hierarchy H in
# TK; MSG on failure.
ticket()
{
	TK=
	rm -f "$work/ticket"
	if ! tt "$1" tpm2_hash -C "$2" -g sha256 -o "$work/digest" -t "$work/ticket" "$3"; then
		MSG="'$LAST': $(errmsg)"
		return 1
	fi
	TK=$(od -An -tx1 -v "$work/ticket" | tr -d ' \n')
	[[ $TK =~ ^8024 && ${#TK} -gt 16 ]] && return 0
	MSG="'$LAST': ticket '$TK'"
	return 1
}

# tickets DEV TAG: the o, e and p tickets of $work/data in TKS[TAG.o|e|p].
declare -A TKS
tickets()
{
	local h
	for h in o e p; do
		TKS[$2.$h]=
		ticket "$1" "$h" "$work/data" || return 1
		TKS[$2.$h]=$TK
	done
}

# same_tickets A B "o e p" "o e p": which tickets must be equal and which
# must differ between tickets A and B; MSG on failure.
same_tickets()
{
	local h x y bad=()
	for h in $3; do
		x=${TKS[$1.$h]:-} y=${TKS[$2.$h]:-}
		[[ -n $x && $x == "$y" ]] ||
			bad+=("$h ticket changed: ${x:-none} -> ${y:-none}")
	done
	for h in $4; do
		x=${TKS[$1.$h]:-} y=${TKS[$2.$h]:-}
		[[ -n $x && -n $y && $x != "$y" ]] ||
			bad+=("$h ticket unchanged: ${x:-none}")
	done
	((${#bad[@]} == 0)) && return 0
	MSG="tpm2_hash -C o/e/p -t of the same data: ${bad[*]}"
	return 1
}

# ------------------------------------------------------------------ setup

tt_setup hierarchy HIER hier
head -c 300 /dev/urandom >"$work/data"
head -c 20 /dev/urandom >"$work/pol20"
head -c 32 /dev/urandom >"$work/pol32"
head -c 48 /dev/urandom >"$work/pol48"

# ------------------------------------------------------ getcap, defaults

for dev in "${DEVS[@]}"; do
	name=hier_getcap_commands_$dev
	if ! tt "$dev" tpm2_getcap commands; then
		fail "$name" "tpm2_getcap commands: $(errmsg)"
		continue
	fi
	bad=()
	for c in StartAuthSession "${!CC_ATTR[@]}"; do
		v=$(awk -v c="TPM2_CC_$c:" '$1 == c { getline; print $2 }' "$work/out" |
			tr 'A-F' 'a-f')
		if [[ -z $v ]]; then
			bad+=("$c not listed")
		elif [[ -n ${CC_ATTR[$c]:-} && $v != "${CC_ATTR[$c]}" ]]; then
			bad+=("$c attributes $v, expected ${CC_ATTR[$c]}")
		fi
	done
	if ((${#bad[@]})); then
		fail "$name" "${bad[*]}"
	else
		pass "$name"
	fi
done
# lockoutRecovery 0, so that a wrong lockout password costs a Startup
# (again after each Clear, which sets the defaults).
da_setup()
{
	grep -q '^TPM2_CC_DictionaryAttackParameters:' "$work/commands" || return 0
	if tt tpm tpm2_dictionarylockout -s -l 0 ${AUTH[l]:+-p "${AUTH[l]}"}; then
		da_recover=1
	else
		note "tpm2_dictionarylockout -s -l 0: $(errmsg)"
	fi
}
cp "$work/out" "$work/commands"
da_setup

for dev in "${DEVS[@]}"; do
	state_is "$dev" "$DEFAULT_STATE"
	result "hier_getcap_permanent_startup_clear_defaults_$dev"
done

# ------------------------------------------------- HierarchyChangeAuth
#
# For each hierarchy through each device: set an authValue, use it, a
# wrong one and none refused, change it with the old one, back to empty.

for dev in "${DEVS[@]}"; do
	for h in "${HIERS[@]}"; do
		pfx=hier_changeauth_${LONG[$h]}
		pw1=$h-one-$dev pw2=$h-two-$dev
		bit=${AUTHBIT[$h]:+${AUTHBIT[$h]}=1}
		bit0=${AUTHBIT[$h]:+${AUTHBIT[$h]}=0}

		want_ok h_chauth "$dev" "$h" "" "$pw1" && AUTH[$h]=$pw1 &&
			state_is "$dev" "$bit" "after '$LAST'" && use_ok "$dev" "$h" "$pw1"
		result "${pfx}_set_$dev"

		use_refused "$dev" "$h" wrong-pw && use_refused "$dev" "$h" ""
		result "${pfx}_wrong_refused_$dev"

		want_rc "${WRONG_RC[$h]}" h_chauth "$dev" "$h" wrong-pw "$pw2"
		rc=$?
		[[ $h == l ]] && lockout_recover
		((rc == 0)) && use_ok "$dev" "$h" "$pw1"
		result "${pfx}_wrong_old_refused_$dev"

		want_ok h_chauth "$dev" "$h" "$pw1" "$pw2" && AUTH[$h]=$pw2 &&
			use_ok "$dev" "$h" "$pw2" && use_refused "$dev" "$h" "$pw1"
		result "${pfx}_change_again_$dev"

		want_ok h_chauth "$dev" "$h" "${AUTH[$h]}" "" && AUTH[$h]= &&
			state_is "$dev" "$bit0" "after '$LAST'" && use_ok "$dev" "$h" ""
		result "${pfx}_back_to_empty_$dev"
	done
done

# Trailing zero bytes of an authValue are not part of it (TPM 2.0 Part 1,
# authValue); the longest authValue is a SHA-512 digest (64 bytes), one
# byte more is TPM_RC_SIZE on parameter 1.
dev=tpm
want_ok h_chauth "$dev" o "" hex:4142430000 && AUTH[o]=ABC &&
	use_ok "$dev" o hex:414243 && use_ok "$dev" o ABC &&
	use_ok "$dev" o hex:41424300 && use_refused "$dev" o hex:41424301 &&
	want_ok h_chauth "$dev" o hex:4142430000000000 "" && AUTH[o]=
result hier_changeauth_trailing_zeros

# (tpm2-tools takes 64 bytes as hex: only, a string of 64 is too long for it)
long=$(printf '%064d' 0 | tr 0 x)
hlong=hex:$(hexof "$long")
want_ok h_chauth tpmrm p "" "$hlong" && AUTH[p]=$hlong &&
	use_ok tpmrm p "$hlong" && use_refused tpmrm p "${long:1}" &&
	want_ok h_chauth tpmrm p "$hlong" "" && AUTH[p]=
result hier_changeauth_64_bytes

raw_rc 0x1d5 tpm 0x129 "${HANDLE[o]}" "" "0041$(hexof "${long}x")" &&
	state_is tpm "ownerAuthSet=0" "after HierarchyChangeAuth with 65 bytes"
result hier_changeauth_65_bytes_refused

# Password sessions (tpm2-tools uses HMAC sessions): HierarchyChangeAuth
# authorized with the password, a wrong one refused.
for dev in "${DEVS[@]}"; do
	want_ok h_chauth "$dev" e "" pwsess && AUTH[e]=pwsess &&
		raw_rc 0x9a2 "$dev" 0x129 "${HANDLE[e]}" wrong 0000 &&
		raw_rc 0x000 "$dev" 0x129 "${HANDLE[e]}" pwsess 0000 && AUTH[e]= &&
		state_is "$dev" "endorsementAuthSet=0" "after HierarchyChangeAuth to empty" &&
		raw_rc 0x000 "$dev" 0x129 "${HANDLE[l]}" "" "0003$(hexof xyz)" && AUTH[l]=xyz &&
		raw_rc 0x98e "$dev" 0x129 "${HANDLE[l]}" xy 0000 &&
		lockout_recover && raw_rc 0x000 "$dev" 0x129 "${HANDLE[l]}" xyz 0000 && AUTH[l]=
	result "hier_changeauth_password_session_$dev"
done

# HierarchyChangeAuth takes lockout, endorsement, owner, platform only.
raw_rc 0x184 tpmrm 0x129 0x40000007 "" 0000
result hier_changeauth_null_handle_refused

for dev in "${DEVS[@]}"; do
	state_is "$dev" "$DEFAULT_STATE"
	result "hier_changeauth_all_back_$dev"
done

# ---------------------------------------------------- HierarchyControl
#
# With platformAuth set (so the platform's HMAC sessions use it): the
# platform disables and enables shEnable, ehEnable and phEnableNV; a
# disabled hierarchy's handle is refused (TPM_RC_HIERARCHY on handle 1).

pp=plat-pw
want_ok h_chauth tpm p "" "$pp" && AUTH[p]=$pp
result hier_changeauth_platform_for_hierarchycontrol

# disabled_refused DEV VAR: what a disabled VAR refuses
disabled_refused()
{
	case $2 in
	shEnable)
		want_rc 0x185 h_setclock "$1" o "" && want_rc 0x185 h_chauth "$1" o "" x
		;;
	ehEnable)
		want_rc 0x185 h_chauth "$1" e "" x && want_rc 0x185 h_ctl "$1" e "" ehEnable clear
		;;
	phEnableNV)
		return 0
		;;
	esac
}

# enabled_works DEV VAR: what an enabled VAR allows again
enabled_works()
{
	case $2 in
	shEnable)
		want_ok h_setclock "$1" o ""
		;;
	ehEnable)
		want_ok h_spp "$1" e ""
		;;
	phEnableNV)
		return 0
		;;
	esac
}

for dev in "${DEVS[@]}"; do
	for var in shEnable ehEnable phEnableNV; do
		want_ok h_ctl "$dev" p "$pp" "$var" clear &&
			state_is "$dev" "$var=0" "after '$LAST'" && disabled_refused "$dev" "$var"
		result "hier_hierarchycontrol_platform_clears_${var,,}_$dev"
		want_ok h_ctl "$dev" p "$pp" "$var" set &&
			state_is "$dev" "$DEFAULT_STATE" "after '$LAST'" && enabled_works "$dev" "$var"
		result "hier_hierarchycontrol_platform_sets_${var,,}_$dev"
	done
done

want_rc 0x9a2 h_ctl tpm p wrong-pw shEnable clear &&
	state_is tpm "shEnable=1" "after the refused command"
result hier_hierarchycontrol_platform_wrong_auth_refused

# The owner disables its own hierarchy, but cannot enable it again; the
# endorsement hierarchy likewise. tpm2-tools refuses the enable itself, so
# that goes raw: with shEnable clear the owner handle is refused.
dev=tpmrm
want_ok h_ctl "$dev" o "" shEnable clear && state_is "$dev" "shEnable=0" "after '$LAST'" &&
	want_rc 0x185 h_setclock "$dev" o "" &&
	raw_rc 0x185 "$dev" 0x121 "${HANDLE[o]}" "" "${HANDLE[o]#0x}01" &&
	state_is "$dev" "shEnable=0" "after the owner's HierarchyControl(owner, YES)" &&
	want_ok h_ctl "$dev" p "$pp" shEnable set && state_is "$dev" "shEnable=1" "after '$LAST'"
result hier_hierarchycontrol_owner_disables_itself

dev=tpm
want_ok h_ctl "$dev" e "" ehEnable clear && state_is "$dev" "ehEnable=0" "after '$LAST'" &&
	raw_rc 0x185 "$dev" 0x121 "${HANDLE[e]}" "" "${HANDLE[e]#0x}01" &&
	want_ok h_ctl "$dev" p "$pp" ehEnable set && state_is "$dev" "ehEnable=1" "after '$LAST'"
result hier_hierarchycontrol_endorsement_disables_itself

# TPM_RC_AUTH_TYPE: owner or endorsement acting on another hierarchy. An
# owner "setting" an enabled shEnable changes nothing and is allowed (as
# in the reference code and htpm).
own_set=0x000
for dev in "${DEVS[@]}"; do
	ok=1
	for spec in "o e 00" "o p 00" "o 4000000D 00" "e o 00" "e p 00" "o o 01"; do
		read -r a en st <<<"$spec"
		[[ -n ${HANDLE[$en]:-} ]] && en=${HANDLE[$en]#0x}
		want=0x124
		[[ $spec == "o o 01" ]] && want=$own_set
		got=$(python3 "$TPMCMD" authcmd "${RAW[$dev]}" 0x121 "${HANDLE[$a]}" "" "$en$st" 2>&1)
		if [[ ! $got =~ ^rc\ ($want)$ ]]; then
			MSG="raw HierarchyControl(auth ${LONG[$a]}, enable 0x$en, state $st): ${got:-no output}, expected $want"
			ok=
			break
		fi
	done
	[[ -n $ok ]] && state_is "$dev" "$DEFAULT_STATE" "after the refused commands"
	result "hier_hierarchycontrol_auth_type_$dev"
done

# Handle and parameter errors: lockout and TPM_RH_NULL are no
# TPMI_RH_HIERARCHY (VALUE on handle 1), lockout is no TPMI_RH_ENABLES
# (VALUE on parameter 1), 2 is no TPMI_YES_NO (VALUE on parameter 2).
raw_rc 0x184 tpm 0x121 "${HANDLE[l]}" "" 4000000100 &&
	raw_rc 0x184 tpm 0x121 0x40000007 "" 4000000100 &&
	raw_rc 0x1c4 tpm 0x121 "${HANDLE[p]}" "$pp" 4000000A00 &&
	raw_rc 0x2c4 tpm 0x121 "${HANDLE[p]}" "$pp" 4000000102 &&
	state_is tpm "$DEFAULT_STATE" "after the refused commands"
result hier_hierarchycontrol_bad_handle_params

# ------------------------------------------ phEnable, Startup, platformAuth
#
# The platform disables itself: its handle is refused until the next
# TPM2_Startup, which sets phEnable (any Startup: TPM 2.0 Part 4,
# HierarchyStartup()). Startup(CLEAR) also empties platformAuth and sets
# shEnable, ehEnable and phEnableNV; Startup(STATE) (TPM Resume) keeps them.

# TPM Resume with shEnable clear and platformAuth set: both kept.
want_ok h_ctl tpm o "" shEnable clear && cycle state state &&
	state_is tpm "phEnable=1 shEnable=0" "after Shutdown(STATE)+Startup(STATE)" &&
	use_ok tpm p "$pp" && use_refused tpmrm p "" &&
	want_ok h_ctl tpm p "$pp" shEnable set
result hier_startup_state_keeps_platformauth_shenable

want_ok h_ctl tpmrm p "$pp" phEnable clear &&
	state_is tpmrm "phEnable=0" "after '$LAST'" &&
	raw_rc 0x185 tpmrm 0x121 "${HANDLE[p]}" "$pp" 4000000C01 &&
	want_rc 0x185 h_ctl tpm p "$pp" shEnable set &&
	want_rc 0x185 h_setclock tpm p "$pp" &&
	want_rc 0x185 h_chauth tpmrm p "$pp" x &&
	want_rc 0x185 h_clear tpm p "$pp" && want_rc 0x185 h_pps tpmrm "$pp" &&
	want_rc 0x185 h_eps tpm "$pp" && want_rc 0x185 h_spp tpm p "$pp" &&
	state_is tpm "phEnable=0 phEnableNV=1 shEnable=1 ehEnable=1" "after the refused commands"
result hier_hierarchycontrol_platform_disables_itself

# TPM Resume with phEnable clear: phEnable set again.
cycle state state && state_is tpm "$DEFAULT_STATE" "after Shutdown(STATE)+Startup(STATE)"
result hier_startup_state_sets_phenable

# TPM Restart: phEnable clear again first (if the Resume set it).
h_ctl tpm p "$pp" phEnable clear
cycle state clear && state_is tpm "$DEFAULT_STATE" "after Shutdown(STATE)+Startup(CLEAR)" &&
	AUTH[p]= && use_ok tpmrm p "" && use_refused tpm p "$pp"
result hier_startup_restart_empties_platformauth

# TPM Reset: owner, endorsement and lockout authValues stay.
want_ok h_chauth tpm p "" "$pp" && AUTH[p]=$pp &&
	want_ok h_chauth tpm o "" own && AUTH[o]=own &&
	want_ok h_chauth tpm e "" end && AUTH[e]=end &&
	want_ok h_chauth tpm l "" loc && AUTH[l]=loc &&
	want_ok h_ctl tpm p "$pp" phEnable clear && want_ok h_ctl tpm o own shEnable clear &&
	want_ok h_ctl tpm e end ehEnable clear &&
	cycle clear clear && AUTH[p]= &&
	state_is tpm "ownerAuthSet=1 endorsementAuthSet=1 lockoutAuthSet=1 phEnable=1 shEnable=1 ehEnable=1 phEnableNV=1" \
		"after Shutdown(CLEAR)+Startup(CLEAR)" &&
	use_ok tpmrm p "" && use_refused tpm p "$pp"
result hier_startup_reset_empties_platformauth
for h in o e l; do
	use_ok tpmrm "$h" "${AUTH[$h]}" && want_ok h_chauth tpmrm "$h" "${AUTH[$h]}" "" && AUTH[$h]=
	result "hier_startup_reset_keeps_${LONG[$h]}_auth"
done
state_is tpm "$DEFAULT_STATE"
result hier_startup_all_back

# -------------------------------------------------------- ClearControl
#
# Lockout sets disableClear; TPM2_Clear is then TPM_RC_DISABLED through
# either handle; lockout cannot clear disableClear (TPM_RC_AUTH_FAIL,
# raw: tpm2-tools refuses that itself), the platform can.

want_ok h_chauth tpm o "" own && AUTH[o]=own &&
	want_ok h_cc tpm l "" s && state_is tpm "disableClear=1" "after '$LAST'" &&
	want_rc 0x120 h_clear tpm l "" && want_rc 0x120 h_clear tpmrm p "" &&
	state_is tpm "ownerAuthSet=1 disableClear=1" "after the refused Clears"
result hier_clearcontrol_lockout_disables_clear

raw_rc 0x08e tpmrm 0x127 "${HANDLE[l]}" "" 00 &&
	state_is tpmrm "disableClear=1" "after ClearControl(lockout, NO)"
result hier_clearcontrol_lockout_cannot_enable

want_ok h_cc tpmrm p "" c && state_is tpmrm "disableClear=0" "after '$LAST'"
result hier_clearcontrol_platform_enables_clear

want_ok h_chauth tpmrm l "" loc2 && AUTH[l]=loc2 &&
	want_rc 0x98e h_cc tpmrm l wrong s && lockout_recover &&
	state_is tpmrm "disableClear=0" "after a wrong lockout password" &&
	want_ok h_cc tpmrm l loc2 s && state_is tpmrm "disableClear=1" "after '$LAST'" &&
	want_ok h_cc tpm p "" s && state_is tpm "disableClear=1" "after '$LAST'" &&
	want_ok h_cc tpm p "" c && state_is tpm "disableClear=0" "after '$LAST'"
result hier_clearcontrol_with_auth

# ClearControl takes lockout or platform only.
raw_rc 0x184 tpm 0x127 "${HANDLE[o]}" own 01 &&
	state_is tpm "disableClear=0" "after ClearControl(owner, YES)"
result hier_clearcontrol_owner_refused

# --------------------------------------------------------------- Clear
#
# TPM2_Clear through lockout (/dev/tpmN), then platform (/dev/tpmrmN):
# owner, endorsement and lockout authValues emptied, shEnable and ehEnable
# set, Clock, resetCount and restartCount back to 0, new owner and
# endorsement proofs (their TPM2_Hash tickets change), platform unchanged
# (its ticket and authValue).

# clear_test DEV H: with AUTH[o|e|l] set and AUTH[p] set
clear_test()
{
	local dev=$1 h=$2 name=hier_clear_$1_${LONG[$2]} big

	# Wrong authorization first (a reference TPM's lockout recovery is a
	# Startup, which empties platformAuth).
	want_ok h_chauth "$dev" o "${AUTH[o]}" own && AUTH[o]=own &&
		want_ok h_chauth "$dev" e "${AUTH[e]}" end && AUTH[e]=end &&
		want_ok h_chauth "$dev" l "${AUTH[l]}" loc && AUTH[l]=loc &&
		want_rc "${WRONG_RC[$h]}" h_clear "$dev" "$h" wrong
	local rc=$?
	[[ $h == l ]] && lockout_recover
	((rc == 0)) && state_is "$dev" "ownerAuthSet=1 endorsementAuthSet=1 lockoutAuthSet=1" \
		"after the refused Clear"
	result "${name}_wrong_auth_refused"

	# Reset and restart counts above 0, Clock far ahead, tickets, both
	# hierarchies disabled.
	cycle clear clear && AUTH[p]= &&
		want_ok h_chauth "$dev" p "" "$pp" && AUTH[p]=$pp &&
		cycle state state && readclock "$dev" && big=$((CLK_CLOCK + 1000000000)) &&
		want_ok h_setclock_to "$dev" o own "$big" && readclock "$dev" &&
		if ((CLK_RESETS == 0 || CLK_RESTARTS == 0 || CLK_CLOCK < big)); then
			MSG="before the Clear: reset_count $CLK_RESETS restart_count $CLK_RESTARTS clock $CLK_CLOCK (want > 0, > 0, >= $big)"
			false
		fi &&
		tickets "$dev" before &&
		want_ok h_ctl "$dev" p "$pp" shEnable clear && want_ok h_ctl "$dev" p "$pp" ehEnable clear &&
		want_ok h_clear "$dev" "$h" "${AUTH[$h]}" && AUTH[o]='' AUTH[e]='' AUTH[l]=
	result "$name"
	da_setup

	state_is "$dev" "ownerAuthSet=0 endorsementAuthSet=0 lockoutAuthSet=0 disableClear=0 shEnable=1 ehEnable=1 phEnable=1"
	result "${name}_permanent_startup_clear"

	if ! readclock "$dev"; then
		MSG="tpm2_readclock: $(errmsg)"
		false
	elif ((CLK_CLOCK > 300000 || CLK_RESETS != 0 || CLK_RESTARTS != 0)) ||
		[[ $CLK_SAFE != yes ]]; then
		MSG="after the Clear: clock $CLK_CLOCK (was over $big; want under 300000), reset_count $CLK_RESETS, restart_count $CLK_RESTARTS (want 0 and 0), safe ${CLK_SAFE:-?}"
		false
	fi
	result "${name}_clock_counts"

	# Before any wrong lockout password (a reference TPM recovers from it
	# with a Startup, which empties platformAuth).
	use_ok "$dev" p "$pp" && use_refused "$dev" p ""
	result "${name}_platformauth_kept"

	tickets "$dev" after && same_tickets before after "p" "o e"
	result "${name}_tickets"

	use_ok "$dev" o "" && use_refused "$dev" o own &&
		use_ok "$dev" e "" && use_refused "$dev" e end &&
		use_ok "$dev" l "" && use_refused "$dev" l loc
	result "${name}_auths_emptied"

	[[ -z ${AUTH[p]} ]] || { want_ok h_chauth "$dev" p "${AUTH[p]}" "" && AUTH[p]=; } &&
		state_is "$dev" "$DEFAULT_STATE"
	result "${name}_all_back"
}

clear_test tpm l
clear_test tpmrm p

# TPMI_RH_CLEAR: lockout or platform only.
raw_rc 0x184 tpm 0x126 "${HANDLE[o]}" "" && raw_rc 0x184 tpmrm 0x126 "${HANDLE[e]}" ""
result hier_clear_owner_refused

# ---------------------------------------------------- SetPrimaryPolicy
#
# The policy digest must have the size of its hash algorithm's digests
# (TPM_RC_SIZE on parameter 1); an empty policy goes with TPM_ALG_NULL
# (what tpm2_setprimarypolicy sends without -L). The policies cannot be
# read back yet; they are emptied again at the end.

for dev in "${DEVS[@]}"; do
	for h in "${HIERS[@]}"; do
		want_ok h_spp "$dev" "$h" "" -L "$work/pol32" -g sha256 &&
			want_ok h_spp "$dev" "$h" "" -L "$work/pol20" -g sha1 &&
			want_ok h_spp "$dev" "$h" "" -L "$work/pol48" -g sha384 &&
			want_ok h_spp "$dev" "$h" ""
		result "hier_setprimarypolicy_${LONG[$h]}_$dev"
		want_rc 0x1d5 h_spp "$dev" "$h" "" -L "$work/pol32" -g sha1 &&
			want_rc 0x1d5 h_spp "$dev" "$h" "" -L "$work/pol20" -g sha384 &&
			raw_rc 0x1d5 "$dev" 0x12e "${HANDLE[$h]}" "" 0000000b
		result "hier_setprimarypolicy_${LONG[$h]}_wrong_size_$dev"
	done
done

# With an authValue, and a hash algorithm the TPM does not have (HASH on
# parameter 2), and TPM_ALG_NULL with a digest.
want_ok h_chauth tpmrm o "" own && AUTH[o]=own &&
	want_ok h_spp tpmrm o own -L "$work/pol32" -g sha256 &&
	want_rc 0x9a2 h_spp tpmrm o wrong -L "$work/pol32" -g sha256 &&
	raw_rc 0x000 tpm 0x12e "${HANDLE[o]}" own "0020$(od -An -tx1 -v "$work/pol32" | tr -d ' \n')000b" &&
	raw_rc 0x2c3 tpm 0x12e "${HANDLE[o]}" own "0020$(od -An -tx1 -v "$work/pol32" | tr -d ' \n')0099" &&
	raw_rc 0x1d5 tpm 0x12e "${HANDLE[o]}" own "0020$(od -An -tx1 -v "$work/pol32" | tr -d ' \n')0010" &&
	raw_rc 0x000 tpm 0x12e "${HANDLE[o]}" own "00000010" &&
	want_ok h_chauth tpm o own "" && AUTH[o]=
result hier_setprimarypolicy_auth_and_algs

raw_rc 0x184 tpmrm 0x12e 0x40000007 "" "00000010"
result hier_setprimarypolicy_null_handle_refused

# ----------------------------------------------- ChangePPS, ChangeEPS
#
# ChangePPS renews the platform proof (platform tickets change, the others
# stay). ChangeEPS renews the endorsement proof, empties endorsementAuth
# and sets ehEnable. Both need platformAuth.

dev=tpm
want_ok h_chauth "$dev" p "" "$pp" && AUTH[p]=$pp && tickets "$dev" p0 &&
	want_rc 0x9a2 h_pps "$dev" wrong && tickets "$dev" p1 && same_tickets p0 p1 "o e p" ""
result hier_changepps_wrong_auth_refused
want_ok h_pps "$dev" "$pp" && tickets "$dev" p1 && same_tickets p0 p1 "o e" "p"
result hier_changepps_tickets
state_is "$dev" "$DEFAULT_STATE" && use_ok "$dev" p "$pp"
result hier_changepps_keeps_platformauth

dev=tpmrm
want_ok h_chauth "$dev" e "" end && AUTH[e]=end && tickets "$dev" e0 &&
	want_ok h_ctl "$dev" p "$pp" ehEnable clear &&
	want_rc 0x9a2 h_eps "$dev" wrong &&
	state_is "$dev" "endorsementAuthSet=1 ehEnable=0" "after the refused ChangeEPS"
result hier_changeeps_wrong_auth_refused
want_ok h_eps "$dev" "$pp" && AUTH[e]= &&
	state_is "$dev" "endorsementAuthSet=0 ehEnable=1" "after '$LAST'" &&
	use_ok "$dev" e "" && use_refused "$dev" e end
result hier_changeeps_empties_endorsement
tickets "$dev" e1 && same_tickets e0 e1 "o p" "e"
result hier_changeeps_tickets

# Both take only the platform handle.
raw_rc 0x184 tpm 0x125 "${HANDLE[o]}" "" && raw_rc 0x184 tpmrm 0x124 "${HANDLE[e]}" ""
result hier_changepps_changeeps_other_handle_refused

want_ok h_chauth tpm p "${AUTH[p]}" "" && AUTH[p]= && use_ok tpmrm p "" &&
	state_is tpm "$DEFAULT_STATE"
result hier_final_state_tpm
state_is tpmrm "$DEFAULT_STATE"
result hier_final_state_tpmrm

# ------------------------------------------------------------------- end

tt_ltpm_destroy hier

exit $((htpm_failed ? 1 : 0))
