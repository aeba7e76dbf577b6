#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Authorization sessions and enhanced authorization (TPM 2.0 Part 1
# clauses 19 and 21, Part 3 clauses 11 and 23: StartAuthSession,
# PolicyRestart, the Policy* commands, PolicyGetDigest, SetPrimaryPolicy,
# DictionaryAttackParameters, DictionaryAttackLockReset) of one LTPM for a
# fresh network namespace, driven by unchanged tpm2-tools 5.4 through
# -T device:/dev/tpmrmN (everything: the kernel's resource manager saves
# and loads the sessions between tool runs) and -T device:/dev/tpmN (the
# session, encryption and sealing checks).
#
# Every policy digest a trial session gives (the tools' -L) is compared
# with the Part 3 formula computed in Python (hashlib) over names and PCR
# values the test reads itself; real policy sessions then unlock sealed
# objects, and the ways they must not (wrong password, changed PCR, other
# command, other object, wrong locality, stale signature, expired time)
# must fail with the TPM response code Part 3 gives. Parameter encryption
# is checked by its effect: data sealed through a decrypt session and
# unsealed through an encrypt session must come back as it was, and a
# TPM that did not decrypt a salt answers with a response HMAC the tools
# refuse. Policy signatures are made by openssl.
#
# Check names: session_<what>[_tpm|_tpmrm].
#
# Outside the guest, SESSION_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (swtpm as the reference, or engine_serve --tcp),
# with SESSION_POWER_CYCLE (e.g. 'swtpm_ioctl --tcp :2322 -i'); the
# second-LTPM checks are skipped then. The test leaves the TPM's
# authorization values and DA parameters as they were, except the DA
# parameters (max tries 3, recovery 100 s, lockout recovery 200 s).

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-session-$$
NETNS2=htpm-session2-$$
DEVS=(tpmrm tpm)
NODA='fixedtpm|fixedparent|userwithauth|noda'
# A policy-only sealed object (no userwithauth), not DA-protected.
POLATTR='fixedtpm|fixedparent|noda'
SECRET=session-secret-$$
TT_TIMEOUT=300
tt_init session
PY=$work/pol.py
cd "$work" || exit 1
printf '%s' "$SECRET" >"$work/secret"

# The independent side: the policy digests of Part 3 (hashlib).
cat >"$PY" <<'EOF'
import hashlib, sys

H = lambda b: hashlib.sha256(b).digest()


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def arg(a):
    """hex:..., file:PATH (bytes), tpm2b:PATH (the body of a TPM2B), or
    u8:/u16:/u32:/u64: a number"""
    k, v = a.split(":", 1)
    if k == "hex":
        return bytes.fromhex(v)
    if k == "file":
        return rd(v)
    if k == "tpm2b":
        b = rd(v)
        if int.from_bytes(b[:2], "big") != len(b) - 2:
            sys.exit("%s: not a TPM2B" % v)
        return b[2:]
    n = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}[k]
    return int(v, 0).to_bytes(n, "big")


def pcrsel(pcrs):
    """TPML_PCR_SELECTION of one SHA-256 bank"""
    bm = bytearray(3)
    for p in pcrs:
        bm[p // 8] |= 1 << (p % 8)
    return (1).to_bytes(4, "big") + (0x000B).to_bytes(2, "big") + b"\x03" + bytes(bm)


def main(a):
    c = a[0]
    if c == "ext":          # OLD_HEX CC ARG...: H(old || CC || args)
        d = bytes.fromhex(a[1]) + int(a[2], 16).to_bytes(4, "big")
        for x in a[3:]:
            d += arg(x)
        print(H(d).hex())
    elif c == "update":     # OLD_HEX CC NAME_ARG REF_ARG: PolicyUpdate()
        d = H(bytes.fromhex(a[1]) + int(a[2], 16).to_bytes(4, "big") + arg(a[3]))
        print(H(d + arg(a[4])).hex())
    elif c == "pcr":        # OLD_HEX PCRS VALUES_FILE: PolicyPCR
        pcrs = [int(x) for x in a[2].split(",")]
        vals = rd(a[3])
        if len(vals) != 32 * len(pcrs):
            sys.exit("%s: %d bytes for %d PCRs" % (a[3], len(vals), len(pcrs)))
        d = bytes.fromhex(a[1]) + (0x17F).to_bytes(4, "big") + pcrsel(pcrs) + H(vals)
        print(H(d).hex())
    elif c == "or":         # DIGEST_HEX...: PolicyOR from a zero digest
        d = bytes(32) + (0x171).to_bytes(4, "big")
        for x in a[1:]:
            d += bytes.fromhex(x)
        print(H(d).hex())
    elif c == "ct":         # OPERAND_U64 OFFSET OP: PolicyCounterTimer args
        print(H(int(a[1], 0).to_bytes(8, "big") + int(a[2]).to_bytes(2, "big") +
                int(a[3]).to_bytes(2, "big")).hex())
    elif c == "hash":       # ARG...: H(args)
        print(H(b"".join(arg(x) for x in a[1:])).hex())
    else:
        sys.exit("pol.py: unknown command " + c)


main(sys.argv[1:])
EOF

ZERO=$(printf '%064d' 0)

# py ARG...: pol.py; PYOUT, MSG on failure.
py()
{
	PYOUT=$(python3 "$PY" "$@" 2>&1) && return 0
	MSG="pol.py $1: $(tail -n 1 <<<"$PYOUT")"
	return 1
}

section()
{
	note "session: $* (at $SECONDS s)"
}

# sflush DEV: flush the sessions a failed tool run left loaded (a raw
# device; the resource manager flushes them when the tool closes it).
sflush()
{
	timeout 60 tpm2_flushcontext -T "${TCTI[$1]}" -l >/dev/null 2>&1
	return 0
}

# start DEV FILE [OPTION...]: tpm2_startauthsession -S FILE; MSG.
start()
{
	local dev=$1 f=$2
	shift 2
	rm -f "$f"
	want_ok tt "$dev" tpm2_startauthsession -S "$f" "$@"
}

# done_s DEV FILE: tpm2_flushcontext FILE (ignored if the session is gone),
# and sflush (a tool that failed leaves its session loaded, its file stale).
done_s()
{
	tt_keep "$1" tpm2_flushcontext "$2" >/dev/null 2>&1
	rm -f "$2"
	sflush "$1"
}

# sconfig DEV FILE: SHANDLE and SATTRS as tpm2_sessionconfig prints them.
sconfig()
{
	SHANDLE=
	SATTRS=
	want_ok tt "$1" tpm2_sessionconfig "$2" || return 1
	SHANDLE=$(awk '$1 == "Session-Handle:" { print $2 }' "$work/out")
	SATTRS=$(awk '$1 == "Session-Attributes:" { print $2 }' "$work/out")
}

# attrs_are WHAT WANT: SATTRS is WANT ('|'-separated, any order).
attrs_are()
{
	local got want
	got=$(tr '|' '\n' <<<"$SATTRS" | sort | tr '\n' ' ')
	want=$(tr '|' '\n' <<<"$2" | sort | tr '\n' ' ')
	[[ $got == "$want" ]] && return 0
	MSG="$1: session attributes '$SATTRS', expected '$2'"
	return 1
}

# handles DEV KIND: the handles tpm2_getcap handles-KIND lists, one line.
handles()
{
	tt "$1" tpm2_getcap "handles-$2" || return 1
	local h
	while read -r h; do
		printf '0x%08x ' "$((h))"
	done < <(awk '$1 == "-" { print $2 }' "$work/out")
}

pt_var()	# DEV NAME
{
	local v
	tt "$1" tpm2_getcap properties-variable || return 1
	v=$(awk -v n="$2:" '$1 == n { print $2; exit }' "$work/out")
	[[ -n $v ]] && echo "$((v))"
}

# digest_is WHAT FILE WANT_HEX: the policy digest file holds WANT.
digest_is()
{
	local got
	got=$(hexf "$2" 2>/dev/null)
	[[ -n $3 && $got == "$3" ]] && return 0
	MSG="$1: policy digest ${got:-none}, the Part 3 formula gives ${3:-nothing}"
	return 1
}

# trial DEV OUT TOOL ARG...: a trial session, TOOL -S it ARG... -L OUT,
# the session flushed. MSG on failure.
trial()
{
	local dev=$1 out=$2 tool=$3 rc=0
	shift 3
	rm -f "$out"
	start "$dev" "$work/trial.ctx" || return 1
	want_ok tt "$dev" "$tool" -S "$work/trial.ctx" -L "$out" "$@" || rc=1
	done_s "$dev" "$work/trial.ctx"
	return $rc
}

# seal DEV NAME POLICY|- [PASSWORD [ATTRS]]: a sealed SECRET under the ECC
# primary, loaded: $work/NAME.{pub,priv,ctx}. MSG on failure.
seal()
{
	local dev=$1 n=$2 o=()
	[[ $3 != - ]] && o+=(-L "$3")
	[[ -n ${4:-} ]] && o+=(-p "$4")
	[[ -n ${5:-} ]] && o+=(-a "$5")
	want_ok tt "$dev" tpm2_create -C "$P_ECC" -i "$work/secret" "${o[@]}" \
		-u "$work/$n.pub" -r "$work/$n.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P_ECC" -u "$work/$n.pub" -r "$work/$n.priv" \
			-c "$work/$n.ctx"
}

# unsealed DEV CTX AUTH [SESSION_OPTION...]: tpm2_unseal gives SECRET.
unsealed()
{
	local dev=$1 ctx=$2 auth=$3
	shift 3
	want_ok tt "$dev" tpm2_unseal -c "$ctx" -p "$auth" "$@" -o "$work/unsealed" || return 1
	[[ $(cat "$work/unsealed") == "$SECRET" ]] && return 0
	MSG="'$LAST' gave '$(head -c 64 "$work/unsealed" | od -An -c | tr -s ' \n' ' ')', sealed '$SECRET'"
	return 1
}

# refused RC DEV ...: want_rc RC tt DEV ..., then the sessions flushed.
refused()
{
	local rc=$1 dev=$2 r=0
	shift 2
	want_rc "$rc" tt "$dev" "$@" || r=1
	sflush "$dev"
	return $r
}

# err_says WORDS: the previous tool's error output matches WORDS (an ERE).
err_says()
{
	grep -qiE "$1" "$work/err" && return 0
	MSG="'$LAST': error output '$(errmsg)' does not say /$1/"
	return 1
}

# pcrval DEV PCR FILE: the SHA-256 PCR's value (32 bytes) in FILE.
pcrval()
{
	rm -f "$3"
	want_ok tt "$1" tpm2_pcrread -o "$3" "sha256:$2" || return 1
	[[ $(stat -c %s "$3") == 32 ]] && return 0
	MSG="tpm2_pcrread -o $3 sha256:$2: $(stat -c %s "$3") bytes"
	return 1
}

# ------------------------------------------------------------------ setup

tt_setup session SESSION session flush
tt_da_off session

section "primaries"
P_RSA=$work/p.rsa.ctx
P_ECC=$work/p.ecc.ctx
want_ok tt tpm tpm2_createprimary -C o -G rsa2048 -c "$P_RSA" &&
	want_ok tt tpm tpm2_createprimary -C o -G ecc256 -c "$P_ECC" &&
	seal tpm pw - objpw "$NODA"
result session_setup_primaries

# ---------------------------------------------------------- start sessions
#
# HMAC, policy and trial sessions: the handle ranges (0x02 HMAC, 0x03
# policy and trial), the attributes the tools set, the session listed by
# handles-saved-session (the tools save it after each run; listed in
# either handle range, by its slot) and counted by
# TPM_PT_HR_ACTIVE, gone after tpm2_flushcontext.

section "startauthsession"
for dev in "${DEVS[@]}"; do
	for kind in hmac policy trial; do
		MSG=
		o=()
		[[ $kind == hmac ]] && o=(--hmac-session) && want=02
		[[ $kind == policy ]] && o=(--policy-session) && want=03
		[[ $kind == trial ]] && want=03
		a0=$(pt_var "$dev" TPM2_PT_HR_ACTIVE)
		f=$work/s.$kind.ctx
		start "$dev" "$f" "${o[@]}" && sconfig "$dev" "$f" &&
			attrs_are "$kind session" continuesession &&
			slot=$(printf '%06x' "$((SHANDLE & 0xffffff))") &&
			{ [[ $SHANDLE =~ ^0x${want}[0-9a-fA-F]{6}$ ]] ||
				{ MSG="$kind session handle '$SHANDLE', expected 0x${want}xxxxxx"; false; }; } &&
			h=$(handles "$dev" saved-session) &&
			{ [[ " $h " =~ \ 0x0[23]${slot}\  ]] ||
				{ MSG="handles-saved-session '$h' without $SHANDLE (0x02 or 0x03, slot $slot)"; false; }; } &&
			l=$(handles "$dev" loaded-session) &&
			{ [[ " $l " != *" $(printf '0x%08x' "$SHANDLE") "* ]] ||
				{ MSG="handles-loaded-session '$l' lists the saved $SHANDLE"; false; }; } &&
			a1=$(pt_var "$dev" TPM2_PT_HR_ACTIVE) &&
			{ [[ -n $a0 ]] && ((a1 == a0 + 1)) ||
				{ MSG="TPM_PT_HR_ACTIVE ${a0:-?} -> $a1 after one session"; false; }; } &&
			want_ok tt_keep "$dev" tpm2_flushcontext "$f" &&
			h=$(handles "$dev" saved-session) &&
			{ ! [[ " $h " =~ \ 0x0[23]${slot}\  ]] ||
				{ MSG="handles-saved-session '$h' still lists $SHANDLE after tpm2_flushcontext"; false; }; } &&
			a2=$(pt_var "$dev" TPM2_PT_HR_ACTIVE) &&
			{ ((a2 == a0)) || { MSG="TPM_PT_HR_ACTIVE $a0 -> $a2 after the flush"; false; }; }
		result "session_start_${kind}_$dev"
		sflush "$dev"
	done

	# Three sessions, tpm2_flushcontext -s flushes every saved one.
	MSG=
	start "$dev" "$work/f1.ctx" --hmac-session && start "$dev" "$work/f2.ctx" --policy-session &&
		start "$dev" "$work/f3.ctx" &&
		h=$(handles "$dev" saved-session) && n=$(wc -w <<<"$h") &&
		{ ((n >= 3)) || { MSG="handles-saved-session '$h' after three sessions"; false; }; } &&
		want_ok tt_keep "$dev" tpm2_flushcontext -s &&
		h=$(handles "$dev" saved-session) &&
		{ [[ -z ${h// /} ]] || { MSG="handles-saved-session '$h' after tpm2_flushcontext -s"; false; }; } &&
		want_rc '0x18b|0x1cb|0x1c4|0x184' tt_keep "$dev" tpm2_sessionconfig "$work/f1.ctx"
	result "session_flush_saved_$dev"
	rm -f "$work"/f?.ctx
done

# ------------------------------------------------ salted, bound, encrypted
#
# Salted with an RSA and an ECC primary (the salt is encrypted to the key:
# RSA-OAEP or ECDH; a TPM that gets it wrong computes another session key
# and the tools refuse its response HMAC). -c (key-context) also binds and
# turns encrypt and decrypt on; --tpmkey-context leaves them off until
# tpm2_sessionconfig. Encrypted responses must decrypt to what was sealed;
# data sent through a decrypt session must reach the TPM as sent.

section "salted and bound sessions"
for dev in "${DEVS[@]}"; do
	for k in rsa ecc; do
		MSG=
		p=$P_RSA
		[[ $k == ecc ]] && p=$P_ECC
		f=$work/salt.$k.ctx
		start "$dev" "$f" --hmac-session -c "$p" && sconfig "$dev" "$f" &&
			attrs_are "salted $k (-c)" 'continuesession|decrypt|encrypt' &&
			want_ok tt "$dev" tpm2_getrandom -S "$f" -o "$work/rnd1" 32 &&
			want_ok tt "$dev" tpm2_getrandom -S "$f" -o "$work/rnd2" 32 &&
			[[ $(stat -c %s "$work/rnd1") == 32 ]] &&
			diff_files "two encrypted tpm2_getrandom 32" "$work/rnd1" "$work/rnd2" &&
			unsealed "$dev" "$work/pw.ctx" objpw -S "$f"
		result "session_salted_${k}_$dev"
		done_s "$dev" "$f"
		sflush "$dev"
	done

	# --tpmkey-context: salted, not bound; encrypt turned on by
	# tpm2_sessionconfig.
	MSG=
	f=$work/salt.t.ctx
	start "$dev" "$f" --hmac-session --tpmkey-context "$P_ECC" && sconfig "$dev" "$f" &&
		attrs_are "salted (--tpmkey-context)" continuesession &&
		want_ok tt "$dev" tpm2_sessionconfig --enable-encrypt "$f" && sconfig "$dev" "$f" &&
		attrs_are "after --enable-encrypt" 'continuesession|encrypt' &&
		want_ok tt "$dev" tpm2_getrandom -S "$f" -o "$work/rnd1" 16 &&
		[[ $(stat -c %s "$work/rnd1") == 16 ]] &&
		unsealed "$dev" "$work/pw.ctx" objpw -S "$f" &&
		want_ok tt "$dev" tpm2_sessionconfig --disable-encrypt --enable-decrypt "$f" &&
		sconfig "$dev" "$f" && attrs_are "after --disable-encrypt --enable-decrypt" 'continuesession|decrypt'
	result "session_sessionconfig_encrypt_$dev"
	done_s "$dev" "$f"

	# Decrypt: the new object's password and data (TPM2B_SENSITIVE_CREATE)
	# go encrypted; unsealing without a session must give them back.
	MSG=
	f=$work/dec.ctx
	start "$dev" "$f" --hmac-session -c "$P_ECC" &&
		want_ok tt "$dev" tpm2_create -C "$P_ECC" -S "$f" -i "$work/secret" -p decpw \
			-a "$NODA" -u "$work/dec.pub" -r "$work/dec.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P_ECC" -u "$work/dec.pub" -r "$work/dec.priv" -c "$work/dec.obj" &&
		unsealed "$dev" "$work/dec.obj" decpw &&
		refused 0x9a2 "$dev" tpm2_unseal -c "$work/dec.obj" -p decpx
	result "session_decrypt_create_$dev"
	done_s "$dev" "$f"

	# Bound to the password object: authorizes it without the password
	# (the bind entity's authValue is in the session key, Part 1 19.6.11);
	# a wrong password refused; another object still needs its own.
	MSG=
	f=$work/bound.ctx
	start "$dev" "$f" --hmac-session --bind-context "$work/pw.ctx" --bind-auth objpw &&
		sconfig "$dev" "$f" && attrs_are bound continuesession &&
		unsealed "$dev" "$work/pw.ctx" "session:$f" &&
		unsealed "$dev" "$work/pw.ctx" "session:$f+objpw" &&
		refused 0x9a2 "$dev" tpm2_unseal -c "$work/pw.ctx" -p "session:$f+wrong" &&
		{ [[ $dev == tpm ]] || start "$dev" "$f" --hmac-session --bind-context "$work/pw.ctx" --bind-auth objpw; } &&
		unsealed "$dev" "$work/dec.obj" "session:$f+decpw" &&
		refused 0x9a2 "$dev" tpm2_unseal -c "$work/dec.obj" -p "session:$f"
	result "session_bound_$dev"
	done_s "$dev" "$f"
	sflush "$dev"

	# A bind object's wrong --bind-auth: the TPM's session key differs,
	# the first use of it fails.
	MSG=
	start "$dev" "$f" --hmac-session --bind-context "$work/pw.ctx" --bind-auth notit &&
		refused 0x9a2 "$dev" tpm2_unseal -c "$work/pw.ctx" -p "session:$f"
	result "session_bound_wrong_auth_$dev"
	done_s "$dev" "$f"

	# tpm2_changeauth of the owner under an HMAC session, then the new
	# owner password set through a salted decrypt session, then back.
	MSG=
	start "$dev" "$work/h.ctx" --hmac-session &&
		want_ok tt "$dev" tpm2_changeauth -c o -p "session:$work/h.ctx" newowner &&
		want_ok tt "$dev" tpm2_createprimary -C o -P newowner -G ecc256 -c "$work/x.ctx" &&
		refused 0x9a2 "$dev" tpm2_createprimary -C o -G ecc256 -c "$work/x.ctx" &&
		start "$dev" "$work/d.ctx" --hmac-session -c "$P_ECC" &&
		want_ok tt "$dev" tpm2_changeauth -c o -p newowner -S "$work/d.ctx" newer &&
		want_ok tt "$dev" tpm2_createprimary -C o -P newer -G ecc256 -c "$work/x.ctx" &&
		refused 0x9a2 "$dev" tpm2_createprimary -C o -P newowner -G ecc256 -c "$work/x.ctx" &&
		want_ok tt "$dev" tpm2_changeauth -c o -p "session:$work/h.ctx+newer" &&
		want_ok tt "$dev" tpm2_createprimary -C o -G ecc256 -c "$work/x.ctx"
	result "session_changeauth_hmac_$dev"
	done_s "$dev" "$work/h.ctx"
	done_s "$dev" "$work/d.ctx"
	# Whatever happened, the owner password back to empty.
	for pw in newer newowner; do
		tt tpm tpm2_changeauth -c o -p "$pw" >/dev/null 2>&1
	done
done

# ---------------------------------------------------------- policy digests
#
# Each policy command's trial digest against Part 3 (TPM_CC values from
# Part 2 6.5.2), from a zero digest.

section "policy digests"
R=tpmrm
cc_dig()	# CODE_HEX: PolicyCommandCode(CODE) from zero
{
	py ext "$ZERO" 16c "u32:0x$1" && echo "$PYOUT"
}

for dev in "${DEVS[@]}"; do
	trial "$dev" "$work/cc.pol" tpm2_policycommandcode TPM2_CC_Unseal &&
		d=$(cc_dig 15e) && digest_is "PolicyCommandCode(Unseal)" "$work/cc.pol" "$d"
	result "session_policycommandcode_digest_$dev"
done

trial $R "$work/pass.pol" tpm2_policypassword &&
	py ext "$ZERO" 16b && digest_is PolicyPassword "$work/pass.pol" "$PYOUT"
result session_policypassword_digest

trial $R "$work/av.pol" tpm2_policyauthvalue &&
	py ext "$ZERO" 16b && digest_is PolicyAuthValue "$work/av.pol" "$PYOUT"
result session_policyauthvalue_digest

# PCR 16 reset (resettable at locality 0), then PolicyPCR over 0,16.
want_ok tt $R tpm2_pcrreset 16 &&
	pcrval $R 0 "$work/pcr0" && pcrval $R 16 "$work/pcr16" &&
	cat "$work/pcr0" "$work/pcr16" >"$work/pcr0_16" &&
	py pcr "$ZERO" 0,16 "$work/pcr0_16" && want_pcr=$PYOUT &&
	trial $R "$work/pcr.pol" tpm2_policypcr -l sha256:0,16 &&
	digest_is "PolicyPCR(sha256:0,16)" "$work/pcr.pol" "$want_pcr" &&
	trial $R "$work/pcrf.pol" tpm2_policypcr -l sha256:0,16 -f "$work/pcr0_16" &&
	digest_is "PolicyPCR(sha256:0,16, -f)" "$work/pcrf.pol" "$want_pcr"
result session_policypcr_digest

rm -f "$work/cp.pol"
want_ok tt $R tpm2_createpolicy --policy-pcr -l sha256:0,16 -L "$work/cp.pol" &&
	digest_is "tpm2_createpolicy --policy-pcr" "$work/cp.pol" "$want_pcr"
result session_createpolicy_pcr_digest

printf '\x40\x00\x00\x01' >"$work/owner.name"
trial $R "$work/sec.pol" tpm2_policysecret -c o &&
	py update "$ZERO" 151 hex:40000001 hex: && digest_is "PolicySecret(owner)" "$work/sec.pol" "$PYOUT"
result session_policysecret_digest

# The openssl signing key, loaded as an external public key.
MSG=
openssl genrsa -out "$work/sk.pem" 2048 >/dev/null 2>&1 &&
	openssl rsa -in "$work/sk.pem" -pubout -out "$work/skpub.pem" >/dev/null 2>&1 ||
	MSG="openssl genrsa failed"
[[ -z $MSG ]] &&
	want_ok tt $R tpm2_loadexternal -C o -G rsa -u "$work/skpub.pem" -c "$work/sk.ctx" -n "$work/sk.name" &&
	readpub_name $R "$work/sk.ctx" &&
	py hash "tpm2b:$work/rp.pub" && name_is sk.ctx "000b$PYOUT"
result session_signer_loadexternal

# PolicySigned: the data signed is nonceTPM || expiration ||
# cpHashA || policyRef (--raw-data); in a trial session, no nonce.
rm -f "$work/raw0"
start $R "$work/t.ctx" && want_ok tt $R tpm2_policysigned -S "$work/t.ctx" -g sha256 -c "$work/sk.ctx" \
	--raw-data "$work/raw0" &&
	{ [[ $(hexf "$work/raw0") == 00000000 ]] ||
		{ MSG="tpm2_policysigned --raw-data without a nonce: $(hexf "$work/raw0"), expected expiration 00000000"; false; }; } &&
	openssl dgst -sha256 -sign "$work/sk.pem" -out "$work/sig0" "$work/raw0" &&
	want_ok tt $R tpm2_policysigned -S "$work/t.ctx" -g sha256 -c "$work/sk.ctx" -s "$work/sig0" -f rsassa \
		-L "$work/signed.pol" &&
	py update "$ZERO" 160 "file:$work/sk.name" hex: &&
	digest_is "PolicySigned(openssl key)" "$work/signed.pol" "$PYOUT"
result session_policysigned_digest
done_s $R "$work/t.ctx"

py or "$(hexf "$work/pass.pol")" "$want_pcr" && want_or=$PYOUT &&
	trial $R "$work/or.pol" tpm2_policyor "sha256:$work/pass.pol,$work/pcr.pol" &&
	digest_is "PolicyOR(password, pcr)" "$work/or.pol" "$want_or"
result session_policyor_digest

trial $R "$work/authz.pol" tpm2_policyauthorize -n "$work/sk.name" &&
	py update "$ZERO" 16a "file:$work/sk.name" hex: && want_authz=$PYOUT &&
	digest_is "PolicyAuthorize(openssl key)" "$work/authz.pol" "$want_authz"
result session_policyauthorize_digest

# PolicyCpHash of an Unseal of the password object: cpHash =
# H(TPM_CC_Unseal || name), the name by hashlib over its public area.
MSG=
readpub_name $R "$work/pw.ctx" && py hash "tpm2b:$work/rp.pub" && name_is pw.ctx "000b$PYOUT" &&
	cp "$work/rp.name" "$work/pw.name" &&
	py hash hex:0000015e "file:$work/pw.name" && want_cp=$PYOUT &&
	rm -f "$work/cp.bin" && want_ok tt $R tpm2_unseal -c "$work/pw.ctx" -p objpw --cphash "$work/cp.bin" &&
	{ [[ $(hexf "$work/cp.bin") == "0020$want_cp" ]] ||
		{ MSG="tpm2_unseal --cphash $(hexf "$work/cp.bin"), H(CC_Unseal || name) = $want_cp"; false; }; } &&
	trial $R "$work/cphash.pol" tpm2_policycphash --cphash-input "$work/cp.bin" &&
	py ext "$ZERO" 16e "hex:$want_cp" && digest_is PolicyCpHash "$work/cphash.pol" "$PYOUT"
result session_policycphash_digest

MSG=
py hash "file:$work/pw.name" && want_nh=$PYOUT &&
	{ printf '\x00\x20'; python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$want_nh'))"; } \
		>"$work/nh.bin" &&
	tail -c 32 "$work/nh.bin" >"$work/nh.raw" &&
	trial $R "$work/namehash.pol" tpm2_policynamehash -n "$work/nh.raw" &&
	py ext "$ZERO" 170 "hex:$want_nh" && digest_is PolicyNameHash "$work/namehash.pol" "$PYOUT"
result session_policynamehash_digest

MSG=
for loc in zero:01 three:08; do
	trial $R "$work/loc.${loc%:*}.pol" tpm2_policylocality "${loc%:*}" &&
		py ext "$ZERO" 16f "hex:${loc#*:}" &&
		digest_is "PolicyLocality(${loc%:*})" "$work/loc.${loc%:*}.pol" "$PYOUT" || break
done
result session_policylocality_digest

# PolicyCounterTimer: args = H(operandB || offset || operation);
# time (offset 0) unsigned < 60000 (TPM_EO_UNSIGNED_LT 5), clock (offset
# 8) unsigned > 5 (TPM_EO_UNSIGNED_GT 3).
MSG=
trial $R "$work/ct1.pol" tpm2_policycountertimer --ult 60000 &&
	py ct 60000 0 5 && py ext "$ZERO" 16d "hex:$PYOUT" &&
	digest_is "PolicyCounterTimer(time < 60000)" "$work/ct1.pol" "$PYOUT" &&
	trial $R "$work/ct2.pol" tpm2_policycountertimer --ugt clock=5 &&
	py ct 5 8 3 && py ext "$ZERO" 16d "hex:$PYOUT" &&
	digest_is "PolicyCounterTimer(clock > 5)" "$work/ct2.pol" "$PYOUT"
result session_policycountertimer_digest

# PolicyDuplicationSelect without and with the object's name.
MSG=
trial $R "$work/ds.pol" tpm2_policyduplicationselect -N "$work/sk.name" &&
	py ext "$ZERO" 188 "file:$work/sk.name" u8:0 &&
	digest_is "PolicyDuplicationSelect(parent)" "$work/ds.pol" "$PYOUT" &&
	trial $R "$work/ds2.pol" tpm2_policyduplicationselect -N "$work/sk.name" -n "$work/pw.name" --include-object &&
	py ext "$ZERO" 188 "file:$work/pw.name" "file:$work/sk.name" u8:1 &&
	digest_is "PolicyDuplicationSelect(object, parent, includeObject)" "$work/ds2.pol" "$PYOUT"
result session_policyduplicationselect_digest

MSG=
head -c 32 /dev/urandom >"$work/tmpl.hash" &&
	trial $R "$work/tmpl.pol" tpm2_policytemplate --template-hash "$work/tmpl.hash" &&
	py ext "$ZERO" 190 "file:$work/tmpl.hash" && digest_is PolicyTemplate "$work/tmpl.pol" "$PYOUT"
result session_policytemplate_digest

MSG=
trial $R "$work/nvw.pol" tpm2_policynvwritten c &&
	py ext "$ZERO" 18f u8:0 && digest_is "PolicyNvWritten(NO)" "$work/nvw.pol" "$PYOUT" &&
	trial $R "$work/nvw1.pol" tpm2_policynvwritten s &&
	py ext "$ZERO" 18f u8:1 && digest_is "PolicyNvWritten(YES)" "$work/nvw1.pol" "$PYOUT"
result session_policynvwritten_digest

# A chain: PolicyPCR then PolicyPassword then PolicyCommandCode(Unseal).
MSG=
start $R "$work/t.ctx" &&
	want_ok tt $R tpm2_policypcr -S "$work/t.ctx" -l sha256:0,16 &&
	want_ok tt $R tpm2_policypassword -S "$work/t.ctx" &&
	want_ok tt $R tpm2_policycommandcode -S "$work/t.ctx" -L "$work/chain.pol" TPM2_CC_Unseal &&
	py ext "$want_pcr" 16b && py ext "$PYOUT" 16c u32:0x15e &&
	digest_is "PolicyPCR, PolicyPassword, PolicyCommandCode" "$work/chain.pol" "$PYOUT"
result session_policy_chain_digest
done_s $R "$work/t.ctx"

# PolicyRestart: back to a zero digest, the next assertion from there.
MSG=
start $R "$work/t.ctx" &&
	want_ok tt $R tpm2_policypassword -S "$work/t.ctx" &&
	want_ok tt $R tpm2_policyrestart -S "$work/t.ctx" &&
	want_ok tt $R tpm2_policycommandcode -S "$work/t.ctx" -L "$work/rs.pol" TPM2_CC_Unseal &&
	d=$(cc_dig 15e) && digest_is "PolicyRestart, PolicyCommandCode(Unseal)" "$work/rs.pol" "$d"
result session_policyrestart_digest
done_s $R "$work/t.ctx"

if command -v tpm2_policygetdigest >/dev/null; then
	start $R "$work/t.ctx" && want_ok tt $R tpm2_policyauthvalue -S "$work/t.ctx" &&
		want_ok tt $R tpm2_policygetdigest -S "$work/t.ctx" -o "$work/gd.pol" &&
		py ext "$ZERO" 16b && digest_is PolicyGetDigest "$work/gd.pol" "$PYOUT"
	result session_policygetdigest
	done_s $R "$work/t.ctx"
else
	skip session_policygetdigest "no tpm2_policygetdigest in tpm2-tools $(tpm2_startauthsession -v | sed -n 's/.*version="\([^"]*\)".*/\1/p') (every -L above reads PolicyGetDigest)"
fi

# ------------------------------------------------------ policies in use
#
# Sealed objects whose only authorization is the policy (POLATTR: no
# userwithauth), unsealed through a real policy session.

section "policy sessions"
P=$work/ps.ctx
# psess DEV TOOL ARG...: a fresh policy session P, then TOOL -S P ARG...
psess()
{
	local dev=$1
	shift
	start "$dev" "$P" --policy-session || return 1
	[[ $# -eq 0 ]] || want_ok tt "$dev" "$1" -S "$P" "${@:2}"
}

# PolicyCommandCode: Unseal allowed; a session for Sign refused.
seal $R cc "$work/cc.pol" "" "$POLATTR" &&
	psess $R tpm2_policycommandcode TPM2_CC_Unseal && unsealed $R "$work/cc.ctx" "session:$P" &&
	psess $R tpm2_policycommandcode TPM2_CC_Sign &&
	refused '0x924|0x99d' $R tpm2_unseal -c "$work/cc.ctx" -p "session:$P" &&
	refused 0x99d $R tpm2_unseal -c "$work/pw.ctx" -p "session:$P+objpw"
result session_policycommandcode_use
done_s $R "$P"

# PolicyPassword (the password in clear) and PolicyAuthValue (in the
# HMAC): right password unseals, wrong one refused.
for p in pass av; do
	tool=tpm2_policypassword
	[[ $p == av ]] && tool=tpm2_policyauthvalue
	seal $R "o$p" "$work/$p.pol" polpw "$POLATTR" &&
		psess $R $tool && unsealed $R "$work/o$p.ctx" "session:$P+polpw" &&
		psess $R $tool && refused 0x9a2 $R tpm2_unseal -c "$work/o$p.ctx" -p "session:$P+wrong" &&
		psess $R $tool && refused 0x9a2 $R tpm2_unseal -c "$work/o$p.ctx" -p "session:$P"
	result "session_${tool#tpm2_}_use"
	done_s $R "$P"
done

# PolicySecret against the owner with a password; a ticket (negative
# expiration, nonceTPM included) then satisfies PolicySecret's policy in
# another session through PolicyTicket.
MSG=
want_ok tt $R tpm2_changeauth -c o ownerpw &&
	seal $R osec "$work/sec.pol" "" "$POLATTR" &&
	psess $R tpm2_policysecret -c o ownerpw && unsealed $R "$work/osec.ctx" "session:$P" &&
	psess $R && refused 0x9a2 $R tpm2_policysecret -S "$P" -c o wrongpw
result session_policysecret_use
done_s $R "$P"

MSG=
rm -f "$work/ps.tkt" "$work/ps.to"
psess $R tpm2_policysecret -c o -x -t -100 --ticket "$work/ps.tkt" --timeout "$work/ps.to" ownerpw &&
	{ [[ $(hexf "$work/ps.tkt" | cut -c1-12) == 802340000001 ]] ||
		{ MSG="policysecret ticket $(hexf "$work/ps.tkt" | cut -c1-24).., expected tag 8023 (TPM_ST_AUTH_SECRET), hierarchy owner"; false; }; } &&
	unsealed $R "$work/osec.ctx" "session:$P" &&
	psess $R tpm2_policyticket -n "$work/owner.name" --ticket "$work/ps.tkt" --timeout "$work/ps.to" \
		-L "$work/ticket.pol" &&
	digest_is "PolicyTicket(owner)" "$work/ticket.pol" "$(hexf "$work/sec.pol")" &&
	unsealed $R "$work/osec.ctx" "session:$P"
result session_policyticket_use
done_s $R "$P"
tt $R tpm2_changeauth -c o -p ownerpw >/dev/null 2>&1

# PolicySigned with the session's nonceTPM signed by openssl; the same
# signature refused by another session (another nonce).
MSG=
rm -f "$work/raw1"
seal $R osig "$work/signed.pol" "" "$POLATTR" &&
	psess $R tpm2_policysigned -g sha256 -c "$work/sk.ctx" -x --raw-data "$work/raw1" &&
	{ [[ $(stat -c %s "$work/raw1") -ge 20 ]] ||
		{ MSG="--raw-data with -x: $(hexf "$work/raw1"), expected nonceTPM || expiration"; false; }; } &&
	openssl dgst -sha256 -sign "$work/sk.pem" -out "$work/sig1" "$work/raw1" &&
	want_ok tt $R tpm2_policysigned -S "$P" -g sha256 -c "$work/sk.ctx" -x -s "$work/sig1" -f rsassa &&
	unsealed $R "$work/osig.ctx" "session:$P" &&
	psess $R && refused 0x5db $R tpm2_policysigned -S "$P" -g sha256 -c "$work/sk.ctx" -x -s "$work/sig1" -f rsassa
result session_policysigned_use
done_s $R "$P"

# PolicyOR of PolicyPassword and PolicyPCR: either branch unseals;
# PolicyOR without a branch's digest refused.
seal $R oor "$work/or.pol" polpw "$POLATTR" &&
	psess $R tpm2_policypassword &&
	want_ok tt $R tpm2_policyor -S "$P" "sha256:$work/pass.pol,$work/pcr.pol" &&
	unsealed $R "$work/oor.ctx" "session:$P+polpw" &&
	psess $R tpm2_policypcr -l sha256:0,16 &&
	want_ok tt $R tpm2_policyor -S "$P" "sha256:$work/pass.pol,$work/pcr.pol" &&
	unsealed $R "$work/oor.ctx" "session:$P" &&
	psess $R tpm2_policyauthvalue &&
	refused 0x1c4 $R tpm2_policyor -S "$P" "sha256:$work/cc.pol,$work/pcr.pol"
result session_policyor_use
done_s $R "$P"

# PolicyAuthorize: a PCR policy signed by openssl, its ticket from
# tpm2_verifysignature; an unsigned policy refused.
MSG=
rm -f "$work/v.tkt"
seal $R oauthz "$work/authz.pol" "" "$POLATTR" &&
	openssl dgst -sha256 -sign "$work/sk.pem" -out "$work/pcr.sig" "$work/pcr.pol" &&
	want_ok tt $R tpm2_verifysignature -c "$work/sk.ctx" -g sha256 -m "$work/pcr.pol" -s "$work/pcr.sig" \
		-f rsassa -t "$work/v.tkt" &&
	psess $R tpm2_policypcr -l sha256:0,16 &&
	want_ok tt $R tpm2_policyauthorize -S "$P" -i "$work/pcr.pol" -n "$work/sk.name" -t "$work/v.tkt" \
		-L "$work/authz.now" &&
	digest_is "PolicyAuthorize (real)" "$work/authz.now" "$want_authz" &&
	unsealed $R "$work/oauthz.ctx" "session:$P" &&
	psess $R tpm2_policypassword &&
	refused 0x4c4 $R tpm2_policyauthorize -S "$P" -i "$work/pass.pol" -n "$work/sk.name" \
		-t "$work/v.tkt"
result session_policyauthorize_use
done_s $R "$P"

# PolicyCpHash and PolicyNameHash need the names of the command's
# handles, so not the object's own (its name holds its policy): the
# owner's authPolicy (TPM2_SetPrimaryPolicy) and TPM2_CreatePrimary, whose
# one handle is TPM_RH_OWNER. PolicyNameHash(H(0x40000001)) lets a policy
# session create owner primaries; one over another name does not.
MSG=
py hash hex:40000001 && want_onh=$PYOUT &&
	python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$want_onh'))" >"$work/onh.raw" &&
	trial $R "$work/onh.pol" tpm2_policynamehash -n "$work/onh.raw" &&
	py ext "$ZERO" 170 "hex:$want_onh" && digest_is "PolicyNameHash(owner)" "$work/onh.pol" "$PYOUT" &&
	want_ok tt $R tpm2_setprimarypolicy -C o -L "$work/onh.pol" -g sha256 &&
	psess $R tpm2_policynamehash -n "$work/onh.raw" &&
	want_ok tt $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx" &&
	psess $R tpm2_policynamehash -n "$work/nh.raw" &&
	refused '0x99d|0x99c' $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx"
result session_policynamehash_use
done_s $R "$P"

# PolicyCpHash of one TPM2_CreatePrimary (its cpHash from the tools'
# --cphash; the TPM compares it with the command it gets): that command
# passes, one with another template does not.
MSG=
rm -f "$work/ocp.bin"
want_ok tt $R tpm2_createprimary -C o -G ecc256 --cphash "$work/ocp.bin" &&
	{ [[ $(stat -c %s "$work/ocp.bin") == 34 ]] || { MSG="tpm2_createprimary --cphash: $(hexf "$work/ocp.bin")"; false; }; } &&
	trial $R "$work/ocp.pol" tpm2_policycphash --cphash-input "$work/ocp.bin" &&
	py ext "$ZERO" 16e "hex:$(hexf "$work/ocp.bin" | cut -c5-)" &&
	digest_is "PolicyCpHash(CreatePrimary)" "$work/ocp.pol" "$PYOUT" &&
	want_ok tt $R tpm2_setprimarypolicy -C o -L "$work/ocp.pol" -g sha256 &&
	psess $R tpm2_policycphash --cphash-input "$work/ocp.bin" &&
	refused '0x99d|0x1d5|0x9a2' $R tpm2_createprimary -C o -P "session:$P" -G ecc384 -c "$work/x.ctx" &&
	psess $R tpm2_policycphash --cphash-input "$work/ocp.bin" &&
	want_ok tt $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx"
result session_policycphash_use
done_s $R "$P"
tt $R tpm2_setprimarypolicy -C o >/dev/null 2>&1

# PolicyLocality: the tools talk at locality 0.
seal $R oloc0 "$work/loc.zero.pol" "" "$POLATTR" &&
	seal $R oloc3 "$work/loc.three.pol" "" "$POLATTR" &&
	psess $R tpm2_policylocality zero && unsealed $R "$work/oloc0.ctx" "session:$P" &&
	psess $R tpm2_policylocality three && refused 0x907 $R tpm2_unseal -c "$work/oloc3.ctx" -p "session:$P"
result session_policylocality_use
done_s $R "$P"

# PolicyCounterTimer: TPMS_TIME_INFO.time > 0 holds, time < 1 does not.
MSG=
trial $R "$work/ct3.pol" tpm2_policycountertimer --ugt 0 &&
	py ct 0 0 3 && py ext "$ZERO" 16d "hex:$PYOUT" &&
	digest_is "PolicyCounterTimer(time > 0)" "$work/ct3.pol" "$PYOUT" &&
	seal $R oct "$work/ct3.pol" "" "$POLATTR" &&
	psess $R tpm2_policycountertimer --ugt 0 && unsealed $R "$work/oct.ctx" "session:$P" &&
	psess $R && refused 0x126 $R tpm2_policycountertimer -S "$P" --ult 1
result session_policycountertimer_use
done_s $R "$P"

# PolicyRestart in a real session: PolicyCommandCode(Sign) undone.
psess $R tpm2_policycommandcode TPM2_CC_Sign &&
	want_ok tt $R tpm2_policyrestart -S "$P" &&
	want_ok tt $R tpm2_policycommandcode -S "$P" TPM2_CC_Unseal &&
	unsealed $R "$work/cc.ctx" "session:$P"
result session_policyrestart_use
done_s $R "$P"

# ------------------------------------------------------------- sealing
#
# Sealed to PCR 16 (reset first) and to PCR 15: unsealed after
# PolicyPCR; after an extend a new PolicyPCR no longer matches
# (TPM_RC_POLICY_FAIL), and a session whose PolicyPCR came before the
# extend of a PCR that counts in pcrUpdateCounter is refused
# (TPM_RC_PCR_CHANGED); PCR and password together.

section "sealing"
for dev in "${DEVS[@]}"; do
	MSG=
	want_ok tt "$dev" tpm2_pcrreset 16 && pcrval "$dev" 16 "$work/v16" &&
		py pcr "$ZERO" 16 "$work/v16" && want16=$PYOUT &&
		trial "$dev" "$work/p16.pol" tpm2_policypcr -l sha256:16 &&
		digest_is "PolicyPCR(sha256:16)" "$work/p16.pol" "$want16" &&
		seal "$dev" "s16$dev" "$work/p16.pol" &&
		psess "$dev" tpm2_policypcr -l sha256:16 && unsealed "$dev" "$work/s16$dev.ctx" "session:$P" &&
		want_ok tt "$dev" tpm2_pcrextend "16:sha256=$(randhex 32)" &&
		psess "$dev" tpm2_policypcr -l sha256:16 &&
		refused 0x99d "$dev" tpm2_unseal -c "$work/s16$dev.ctx" -p "session:$P" &&
		err_says 'policy check failed|POLICY_FAIL'
	result "session_seal_pcr_$dev"
	done_s "$dev" "$P"

	MSG=
	pcrval "$dev" 15 "$work/v15" && py pcr "$ZERO" 15 "$work/v15" && want15=$PYOUT &&
		trial "$dev" "$work/p15.pol" tpm2_policypcr -l sha256:15 &&
		digest_is "PolicyPCR(sha256:15)" "$work/p15.pol" "$want15" &&
		seal "$dev" "s15$dev" "$work/p15.pol" &&
		psess "$dev" tpm2_policypcr -l sha256:15 &&
		want_ok tt "$dev" tpm2_pcrextend "15:sha256=$(randhex 32)" &&
		refused 0x128 "$dev" tpm2_unseal -c "$work/s15$dev.ctx" -p "session:$P" &&
		err_says 'PCR have changed|PCR_CHANGED'
	result "session_seal_pcr_changed_$dev"
	done_s "$dev" "$P"

	# PolicyPCR + PolicyPassword.
	MSG=
	pcrval "$dev" 16 "$work/v16" && py pcr "$ZERO" 16 "$work/v16" && py ext "$PYOUT" 16b && wantpp=$PYOUT &&
		start "$dev" "$work/t.ctx" &&
		want_ok tt "$dev" tpm2_policypcr -S "$work/t.ctx" -l sha256:16 &&
		want_ok tt "$dev" tpm2_policypassword -S "$work/t.ctx" -L "$work/pp.pol" &&
		digest_is "PolicyPCR(16), PolicyPassword" "$work/pp.pol" "$wantpp" &&
		seal "$dev" "spp$dev" "$work/pp.pol" pcrpw "$POLATTR" &&
		psess "$dev" tpm2_policypcr -l sha256:16 && want_ok tt "$dev" tpm2_policypassword -S "$P" &&
		unsealed "$dev" "$work/spp$dev.ctx" "session:$P+pcrpw" &&
		psess "$dev" tpm2_policypcr -l sha256:16 && want_ok tt "$dev" tpm2_policypassword -S "$P" &&
		refused 0x9a2 "$dev" tpm2_unseal -c "$work/spp$dev.ctx" -p "session:$P+pcrpx" &&
		psess "$dev" tpm2_policypassword &&
		refused 0x99d "$dev" tpm2_unseal -c "$work/spp$dev.ctx" -p "session:$P+pcrpw"
	result "session_seal_pcr_password_$dev"
	done_s "$dev" "$work/t.ctx"
	done_s "$dev" "$P"
done

# Passwords up to the name algorithm's digest size (32 bytes) and not one
# byte more (TPM2_ObjectChangeAuth: TPM_RC_SIZE on newAuth).
MSG=
pw32=$(head -c 32 /dev/zero | tr '\0' k)
seal tpm long - objpw "$NODA" &&
	refused 0x1d5 tpm tpm2_changeauth -c "$work/long.ctx" -C "$P_ECC" -p objpw -r "$work/long2.priv" "${pw32}k" &&
	want_ok tt tpm tpm2_changeauth -c "$work/long.ctx" -C "$P_ECC" -p objpw -r "$work/long2.priv" "$pw32" &&
	want_ok tt tpm tpm2_load -C "$P_ECC" -u "$work/long.pub" -r "$work/long2.priv" -c "$work/long2.ctx" &&
	unsealed tpmrm "$work/long2.ctx" "$pw32" &&
	refused 0x9a2 tpmrm tpm2_unseal -c "$work/long2.ctx" -p "${pw32:1}"
result session_password_too_long_refused

# ------------------------------------------------------ setprimarypolicy
#
# The owner's authPolicy: PolicyCommandCode(CreatePrimary); a policy
# session for CreatePrimary then creates owner primaries, one for Create
# does not; with the policy emptied again, policy sessions are refused
# (TPM_RC_AUTH_UNAVAILABLE).

section "setprimarypolicy"
MSG=
trial $R "$work/cpr.pol" tpm2_policycommandcode TPM2_CC_CreatePrimary &&
	d=$(cc_dig 131) && digest_is "PolicyCommandCode(CreatePrimary)" "$work/cpr.pol" "$d" &&
	want_ok tt $R tpm2_setprimarypolicy -C o -L "$work/cpr.pol" -g sha256 &&
	psess $R tpm2_policycommandcode TPM2_CC_CreatePrimary &&
	want_ok tt $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx" &&
	psess tpm tpm2_policycommandcode TPM2_CC_CreatePrimary &&
	want_ok tt tpm tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx" &&
	psess $R tpm2_policycommandcode TPM2_CC_Create &&
	refused '0x924|0x99d' $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx" &&
	want_ok tt $R tpm2_setprimarypolicy -C o &&
	psess $R tpm2_policycommandcode TPM2_CC_CreatePrimary &&
	refused 0x12f $R tpm2_createprimary -C o -P "session:$P" -G ecc256 -c "$work/x.ctx" &&
	want_ok tt $R tpm2_createprimary -C o -G ecc256 -c "$work/x.ctx"
result session_setprimarypolicy_owner
done_s $R "$P"
tt $R tpm2_setprimarypolicy -C o >/dev/null 2>&1

# ------------------------------------------------------ dictionary attack
#
# Lockout auth set, DA parameters 3 tries / 100 s / 200 s; a DA-protected
# object: wrong passwords count (TPM_RC_AUTH_FAIL) up to the lockout
# (TPM_RC_LOCKOUT, also for the right password), TPM_PT_LOCKOUT_COUNTER
# counts them; a noDA object's failures (TPM_RC_BAD_AUTH) do not count
# and it stays usable; DictionaryAttackLockReset clears it. On an LTPM a
# second LTPM is not affected.

section "dictionarylockout"
MSG=
want_ok tt tpm tpm2_changeauth -c l lockoutpw &&
	want_ok tt tpm tpm2_dictionarylockout -s -n 3 -t 100 -l 200 -p lockoutpw &&
	want_ok tt tpmrm tpm2_dictionarylockout -c -p lockoutpw &&
	m=$(pt_var tpm TPM2_PT_MAX_AUTH_FAIL) && i=$(pt_var tpm TPM2_PT_LOCKOUT_INTERVAL) &&
	r=$(pt_var tpm TPM2_PT_LOCKOUT_RECOVERY) && c=$(pt_var tpm TPM2_PT_LOCKOUT_COUNTER) &&
	{ [[ "$m $i $r $c" == "3 100 200 0" ]] ||
		{ MSG="MAX_AUTH_FAIL, LOCKOUT_INTERVAL, LOCKOUT_RECOVERY, LOCKOUT_COUNTER: $m $i $r $c, expected 3 100 200 0"; false; }; }
result session_dictionarylockout_setup
MSG=
seal tpm da - dapw 'fixedtpm|fixedparent|userwithauth' &&
	seal tpm nd - dapw "$NODA" &&
	for n in 1 2 3 4; do
		refused 0x9a2 tpmrm tpm2_unseal -c "$work/nd.ctx" -p wrong || break
	done &&
	c=$(pt_var tpm TPM2_PT_LOCKOUT_COUNTER) &&
	{ [[ $c == 0 ]] || { MSG="TPM_PT_LOCKOUT_COUNTER $c after 4 wrong noDA passwords"; false; }; }
result session_da_noda_not_counted

MSG=
for n in 1 2 3; do
	refused 0x98e tpm tpm2_unseal -c "$work/da.ctx" -p wrong || break
	c=$(pt_var tpmrm TPM2_PT_LOCKOUT_COUNTER)
	[[ $c == "$n" ]] || { MSG="TPM_PT_LOCKOUT_COUNTER $c after $n wrong passwords"; false; break; }
done && refused 0x921 tpm tpm2_unseal -c "$work/da.ctx" -p wrong &&
	refused 0x921 tpmrm tpm2_unseal -c "$work/da.ctx" -p dapw && err_says 'lockout' &&
	want_ok tt tpm tpm2_getcap properties-variable &&
	{ grep -qE 'inLockout: +1' "$work/out" ||
		{ MSG="properties-variable in lockout: $(grep -i lockout "$work/out" | tr -s ' \n' ' '), expected inLockout: 1"; false; }; }
result session_da_lockout

unsealed tpmrm "$work/nd.ctx" dapw && unsealed tpm "$work/pw.ctx" objpw
result session_da_noda_usable_in_lockout

if [[ -n $dev_mode ]]; then
	skip session_da_other_ltpm "not an LTPM"
else
	MSG=
	ltpm_second &&
		c=$(pt_var tpm2 TPM2_PT_LOCKOUT_COUNTER) &&
		{ [[ $c == 0 ]] || { MSG="second LTPM: TPM_PT_LOCKOUT_COUNTER $c"; false; }; } &&
		tt tpm2 tpm2_getcap properties-variable &&
		{ grep -qE 'inLockout: +0' "$work/out" || { MSG="second LTPM: $(grep -i inlockout "$work/out")"; false; }; } &&
		want_ok tt tpm2 tpm2_createprimary -C o -G ecc256 -c "$work/q.ctx" &&
		want_ok tt tpm2 tpm2_create -C "$work/q.ctx" -i "$work/secret" -p dapw \
			-a 'fixedtpm|fixedparent|userwithauth' -u "$work/q.pub" -r "$work/q.priv" &&
		want_ok tt tpm2 tpm2_load -C "$work/q.ctx" -u "$work/q.pub" -r "$work/q.priv" -c "$work/q.obj" &&
		unsealed tpm2 "$work/q.obj" dapw &&
		refused 0x921 tpm tpm2_unseal -c "$work/da.ctx" -p dapw
	result session_da_other_ltpm
	[[ -n $ltpm2_id ]] && "$HTPMCTL" destroy "$ltpm2_id" >/dev/null 2>&1 && ltpm2_id=
fi

MSG=
want_ok tt tpm tpm2_dictionarylockout -c -p lockoutpw &&
	c=$(pt_var tpm TPM2_PT_LOCKOUT_COUNTER) &&
	{ [[ $c == 0 ]] || { MSG="TPM_PT_LOCKOUT_COUNTER $c after tpm2_dictionarylockout -c"; false; }; } &&
	unsealed tpmrm "$work/da.ctx" dapw &&
	refused 0x98e tpm tpm2_unseal -c "$work/da.ctx" -p wrong &&
	c=$(pt_var tpm TPM2_PT_LOCKOUT_COUNTER) &&
	{ [[ $c == 1 ]] || { MSG="TPM_PT_LOCKOUT_COUNTER $c after one more wrong password"; false; }; } &&
	want_ok tt tpm tpm2_dictionarylockout -c -p lockoutpw &&
	c=$(pt_var tpm TPM2_PT_LOCKOUT_COUNTER) &&
	{ [[ $c == 0 ]] || { MSG="TPM_PT_LOCKOUT_COUNTER $c after the second reset"; false; }; }
result session_da_reset

# Leave the lockout auth empty and DA off where the reference TPM
# persists its state.
tt tpm tpm2_changeauth -c l -p lockoutpw >/dev/null 2>&1
tt_da_off session

# ------------------------------------------------------------------- end

section "end, $tool_runs tool runs"
tt_ltpm_destroy session

exit $((htpm_failed ? 1 : 0))
