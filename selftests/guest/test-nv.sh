#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NV indices (TPM 2.0 Part 1 clause 37, Part 3 chapter 31: NV_DefineSpace,
# NV_UndefineSpace, NV_ReadPublic, NV_Write, NV_Increment, NV_Extend,
# NV_SetBits, NV_WriteLock, NV_GlobalWriteLock, NV_Read, NV_ReadLock,
# NV_Certify; PolicyNV and PolicyAuthorizeNV from chapter 23; Clear) of
# one LTPM for a fresh network namespace, driven by unchanged tpm2-tools
# 5.4 through -T device:/dev/tpmrmN (everything) and -T device:/dev/tpmN
# (define, write, read, undefine).
#
# Every index's Name printed by tpm2_nvreadpublic is compared with
# nameAlg || SHA-256(TPMS_NV_PUBLIC) computed in Python from the fields
# the test defined (and the TPMA_NV_WRITTEN / lock bits the TPM must have
# set by then); data read back is compared with what was written, extend
# values with SHA-256(old || data), counters with the previous value
# plus one, policy digests with the Part 3 formulas (hashlib), the
# NV_Certify signature with openssl over the attestation the TPM signed.
# The tools refuse out-of-range reads and writes themselves, so those go
# raw (tpmcmd.py's Tpm class, a password session) to see TPM_RC_NV_RANGE.
#
# Check names: nv_<what>[_tpm|_tpmrm].
#
# Outside the guest, NV_TCTI=swtpm:port=2321 runs the same checks against
# another TPM (swtpm as the reference, or engine_serve --tcp), with
# NV_POWER_CYCLE (e.g. 'swtpm_ioctl --tcp :2322 -i') between Shutdown and
# Startup. The test ends with TPM2_Clear (platform) and leaves no index
# defined.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-nv-$$
DEVS=(tpmrm tpm)
R=tpmrm
TT_TIMEOUT=300
SECRET=nv-secret-$$
GUESTDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tt_init nv
PY=$work/nv.py
cd "$work" || exit 1
printf '%s' "$SECRET" >"$work/secret"

# TPMA_NV bits (Part 2 13.4).
A_PPWRITE=0x1
A_OWNERWRITE=0x2
A_AUTHWRITE=0x4
A_POLICYWRITE=0x8
A_COUNTER=0x10
A_WRITELOCKED=0x800
A_WRITEDEFINE=0x2000
A_WRITE_STCLEAR=0x4000
A_GLOBALLOCK=0x8000
A_PPREAD=0x10000
A_OWNERREAD=0x20000
A_AUTHREAD=0x40000
A_READLOCKED=0x10000000
A_WRITTEN=0x20000000
A_PLATFORMCREATE=0x40000000
A_READ_STCLEAR=0x80000000
OWNER_RW=$((A_OWNERREAD | A_OWNERWRITE))

# The independent side: names, digests, raw commands, the attestation.
cat >"$PY" <<'EOF'
import hashlib, os, struct, sys

H = lambda b: hashlib.sha256(b).digest()


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def arg(a):
    """hex:..., file:PATH, or u8:/u16:/u32: a number"""
    k, v = a.split(":", 1)
    if k == "hex":
        return bytes.fromhex(v)
    if k == "file":
        return rd(v)
    n = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}[k]
    return int(v, 0).to_bytes(n, "big")


def nv_name(idx, attrs, size, policy=b""):
    """nameAlg || H(TPMS_NV_PUBLIC), SHA-256 (Part 1 16)"""
    pub = struct.pack(">IHI", idx, 0x000B, attrs)
    pub += struct.pack(">H", len(policy)) + policy + struct.pack(">H", size)
    return b"\x00\x0b" + H(pub)


def fail(m):
    sys.exit(m)


def raw(a):
    """DEV read AUTH IDX PW SIZE OFFSET | DEV write AUTH IDX PW HEX OFFSET:
    NV_Read / NV_Write with a password session; prints the rc"""
    sys.path.insert(0, os.environ["GUESTDIR"])
    import tpmcmd
    t = tpmcmd.Tpm(a[0])
    auth, idx, pw = int(a[2], 0), int(a[3], 0), a[4].encode()
    if a[1] == "read":
        cc, p = 0x14E, struct.pack(">HH", int(a[5]), int(a[6]))
    else:
        d = bytes.fromhex(a[5])
        cc, p = 0x137, struct.pack(">H", len(d)) + d + struct.pack(">H", int(a[6]))
    rc, _, _ = t.run(cc, handles=(auth, idx), params=p, auths=[pw])
    print("0x%03x" % rc)


def attest(a):
    """FILE SIGNER_NAME_FILE QUAL_HEX INDEX_NAME_HEX OFFSET DATA_FILE:
    a TPMS_ATTEST of type TPM_ST_ATTEST_NV with these fields (the
    signer an owner primary)"""
    b = rd(a[0])
    o = 0

    def take(n):
        nonlocal o
        if o + n > len(b):
            fail("attestation: %d bytes, truncated at %d" % (len(b), o))
        o += n
        return b[o - n:o]

    def tpm2b():
        return take(int.from_bytes(take(2), "big"))

    magic, typ = struct.unpack(">IH", take(6))
    if magic != 0xFF544347 or typ != 0x8014:
        fail("magic 0x%08x type 0x%04x, expected 0xff544347 0x8014" % (magic, typ))
    signer, extra = tpm2b(), tpm2b()
    # an owner primary's qualified name: H(TPM_RH_OWNER || name)
    qn = b"\x00\x0b" + H(struct.pack(">I", 0x40000001) + rd(a[1]))
    if signer != qn:
        fail("qualifiedSigner %s, 000b||H(owner||name) = %s" % (signer.hex(), qn.hex()))
    if extra != bytes.fromhex(a[2]):
        fail("extraData %s, expected %s" % (extra.hex(), a[2]))
    take(17 + 8)    # clockInfo, firmwareVersion
    name, off, data = tpm2b(), struct.unpack(">H", take(2))[0], tpm2b()
    if name.hex() != a[3]:
        fail("indexName %s, expected %s" % (name.hex(), a[3]))
    if off != int(a[4]) or data != rd(a[5]):
        fail("offset %d contents %s, expected %s %s" % (off, data.hex(), a[4], rd(a[5]).hex()))
    if o != len(b):
        fail("%d bytes after the TPMS_NV_CERTIFY_INFO" % (len(b) - o))


def main(a):
    c = a[0]
    if c == "name":         # IDX ATTRS SIZE [POLICY_FILE]
        pol = rd(a[4]) if len(a) > 4 else b""
        print(nv_name(int(a[1], 0), int(a[2], 0), int(a[3]), pol).hex())
    elif c == "ext":        # OLD_HEX CC ARG...: H(old || CC || args)
        d = bytes.fromhex(a[1]) + int(a[2], 16).to_bytes(4, "big")
        print(H(d + b"".join(arg(x) for x in a[3:])).hex())
    elif c == "hash":       # ARG...
        print(H(b"".join(arg(x) for x in a[1:])).hex())
    elif c == "tofile":     # FILE ARG...: the bytes to FILE
        with open(a[1], "wb") as f:
            f.write(b"".join(arg(x) for x in a[2:]))
    elif c == "raw":
        raw(a[1:])
    elif c == "attest":
        attest(a[1:])
    else:
        sys.exit("nv.py: unknown command " + c)


main(sys.argv[1:])
EOF
export GUESTDIR

ZERO=$(printf '%064d' 0)

# py ARG...: nv.py; PYOUT, MSG on failure.
py()
{
	PYOUT=$(python3 "$PY" "$@" 2>&1) && return 0
	MSG="nv.py $1: $(tail -n 1 <<<"$PYOUT")"
	return 1
}

section()
{
	note "nv: $* (at $SECONDS s, $tool_runs tool runs)"
}

sflush()	# DEV: the sessions a failed tool run left loaded
{
	timeout 60 tpm2_flushcontext -T "${TCTI[$1]}" -l >/dev/null 2>&1
	return 0
}

# psess DEV FILE TOOL ARG... [-- TOOL ARG...]: a fresh policy session FILE,
# then each TOOL -S FILE ARG...; MSG.
psess()
{
	local dev=$1 f=$2 a=()
	shift 2
	rm -f "$f"
	want_ok tt "$dev" tpm2_startauthsession --policy-session -S "$f" || return 1
	while (($#)); do
		a=()
		while (($#)) && [[ $1 != -- ]]; do
			a+=("$1")
			shift
		done
		(($#)) && shift
		want_ok tt "$dev" "${a[0]}" -S "$f" "${a[@]:1}" || return 1
	done
}

done_s()	# DEV FILE
{
	tt_keep "$1" tpm2_flushcontext "$2" >/dev/null 2>&1
	rm -f "$2"
	sflush "$1"
}

refused()	# RC DEV TOOL ARG...: want_rc, then the sessions flushed
{
	local rc=$1 dev=$2 r=0
	shift 2
	want_rc "$rc" tt "$dev" "$@" || r=1
	sflush "$dev"
	return $r
}

# nvpub DEV INDEX: tpm2_nvreadpublic; NV_NAME NV_ATTRS NV_SIZE.
nvpub()
{
	NV_NAME='' NV_ATTRS='' NV_SIZE=''
	want_ok tt "$1" tpm2_nvreadpublic "$2" || return 1
	NV_NAME=$(awk '$1 == "name:" { print $2; exit }' "$work/out")
	NV_ATTRS=$(awk '$1 == "attributes:" { a = 1 } a && $1 == "value:" { print $2; exit }' "$work/out")
	NV_SIZE=$(awk '$1 == "size:" { print $2; exit }' "$work/out")
}

# nv_is DEV INDEX ATTRS SIZE [POLICY_FILE]: tpm2_nvreadpublic shows these
# attributes and size, and the Name Python computes from them.
nv_is()
{
	local want
	nvpub "$1" "$2" || return 1
	py name "$2" "$3" "$4" "${@:5}" || return 1
	want=$PYOUT
	if [[ -z $NV_ATTRS ]] || (( NV_ATTRS != $3 )) || [[ $NV_SIZE != "$4" ]]; then
		MSG="tpm2_nvreadpublic $2: attributes ${NV_ATTRS:-?} size ${NV_SIZE:-?}, expected $(printf '0x%x' "$3") $4"
		return 1
	fi
	[[ $NV_NAME == "$want" ]] && return 0
	MSG="tpm2_nvreadpublic $2: name ${NV_NAME:-none}, 000b||sha256(TPMS_NV_PUBLIC) = $want"
	return 1
}

# nvread_is DEV INDEX FILE AUTH_OPTION...: tpm2_nvread gives FILE's bytes.
nvread_is()
{
	local dev=$1 idx=$2 f=$3
	shift 3
	rm -f "$work/rd"
	want_ok tt "$dev" tpm2_nvread "$idx" -o "$work/rd" "$@" || return 1
	same_files "tpm2_nvread $idx $*" "$work/rd" "$f"
}

# nvread_hex_is DEV INDEX HEX AUTH_OPTION...
nvread_hex_is()
{
	local dev=$1 idx=$2 want=$3 got
	shift 3
	rm -f "$work/rd"
	want_ok tt "$dev" tpm2_nvread "$idx" -o "$work/rd" "$@" || return 1
	got=$(hexf "$work/rd")
	[[ $got == "$want" ]] && return 0
	MSG="tpm2_nvread $idx $*: $got, expected $want"
	return 1
}

# raw_is RC DEV read|write AUTH INDEX PASSWORD SIZE|HEX OFFSET
raw_is()
{
	local rc=$1 dev=$2 got
	shift 2
	LAST="raw NV_$1 $*"
	got=$(python3 "$PY" raw "${RAW[$dev]}" "$@" 2>&1)
	[[ $got == "$rc" ]] && return 0
	MSG="$LAST through ${RAW[$dev]}: rc ${got:-none}, expected $rc"
	return 1
}

# nv_handles DEV: the NV indices tpm2_getcap handles-nv-index lists, one
# line, sorted.
nv_handles()
{
	tt "$1" tpm2_getcap handles-nv-index || return 1
	local h
	while read -r h; do
		printf '0x%08x\n' "$((h))"
	done < <(awk '$1 == "-" { print $2 }' "$work/out") | sort | tr '\n' ' '
}

# handles_are DEV WANT...: exactly BASE and WANT listed.
handles_are()
{
	local dev=$1 got want h
	shift
	got=$(nv_handles "$dev") || { MSG="tpm2_getcap handles-nv-index: $(errmsg)"; return 1; }
	want=$(for h in $BASE "$@"; do printf '0x%08x\n' "$((h))"; done | sort | tr '\n' ' ')
	[[ $got == "$want" ]] && return 0
	MSG="tpm2_getcap handles-nv-index: '$got', expected '$want'"
	return 1
}

pt_var()	# DEV NAME
{
	local v
	tt "$1" tpm2_getcap properties-variable || return 1
	v=$(awk -v n="$2:" '$1 == n { print $2; exit }' "$work/out")
	[[ -n $v ]] && echo "$((v))"
}

defined()	# DEV INDEX ARG...: tpm2_nvdefine INDEX ARG...
{
	local dev=$1 idx=$2
	shift 2
	want_ok tt "$dev" tpm2_nvdefine "$idx" "$@"
}

# ------------------------------------------------------------------ setup

tt_setup nv NV nv flush
tt_da_off nv

section "setup"
MSG=
BASE=$(nv_handles $R) && c0=$(pt_var $R TPM2_PT_NV_COUNTERS) ||
	MSG="tpm2_getcap: $(errmsg)"
[[ -z $BASE ]] || note "nv: indices defined before the test: $BASE"
[[ -z $MSG ]]
result nv_setup

# ------------------------------------------------------ ordinary indices
#
# Owner authorization: NV_UNINITIALIZED before the first write, the
# WRITTEN bit (and so the Name) after it, partial writes and reads,
# TPM_RC_NV_RANGE past the end, TPM_RC_NV_DEFINED for the same handle,
# gone after NV_UndefineSpace.

section "ordinary indices"
for dev in "${DEVS[@]}"; do
	idx=0x01500100
	[[ $dev == tpm ]] && idx=0x01500101
	head -c 32 /dev/urandom >"$work/d32.$dev"
	MSG=
	defined "$dev" $idx -C o -s 32 -a 'ownerread|ownerwrite' &&
		nv_is "$dev" $idx $OWNER_RW 32 &&
		want_rc 0x14a tt "$dev" tpm2_nvread $idx -C o
	result "nv_define_uninitialized_$dev"

	MSG=
	want_ok tt "$dev" tpm2_nvwrite $idx -C o -i "$work/d32.$dev" &&
		nvread_is "$dev" $idx "$work/d32.$dev" -C o &&
		{ [[ $dev == tpm ]] || nv_is "$dev" $idx $((OWNER_RW | A_WRITTEN)) 32; }
	result "nv_write_read_$dev"

	[[ $dev == tpm ]] && continue

	# 4 bytes at offset 8, then 12 bytes from offset 4.
	MSG=
	printf 'WXYZ' >"$work/d4"
	{ head -c 8 "$work/d32.$dev"; cat "$work/d4"; tail -c +13 "$work/d32.$dev"; } >"$work/d32.new"
	tail -c +5 "$work/d32.new" | head -c 12 >"$work/d12"
	want_ok tt "$dev" tpm2_nvwrite $idx -C o -i "$work/d4" --offset 8 &&
		nvread_is "$dev" $idx "$work/d12" -C o -s 12 --offset 4 &&
		nvread_is "$dev" $idx "$work/d32.new" -C o
	result "nv_write_read_offset_$dev"

	raw_is 0x146 "$dev" read 0x40000001 $idx "" 16 20 &&
		raw_is 0x146 "$dev" write 0x40000001 $idx "" 01020304 30 &&
		raw_is 0x146 "$dev" read 0x40000001 $idx "" 1 32 &&
		raw_is 0x000 "$dev" read 0x40000001 $idx "" 2 30 &&
		raw_is 0x000 "$dev" write 0x40000001 $idx "" 0102 30
	result "nv_range_$dev"

	want_rc 0x14c tt "$dev" tpm2_nvdefine $idx -C o -s 8 -a 'ownerread|ownerwrite'
	result "nv_define_duplicate_$dev"
done

# ---------------------------------------------------- index authorization
#
# authread|authwrite with a password: the owner may not read it
# (TPM_RC_NV_AUTHORIZATION); a wrong password is TPM_RC_AUTH_FAIL on a
# DA-protected index and TPM_RC_BAD_AUTH on a noDA one (Part 1 19.8.4).

section "index authorization"
IA=0x01500110
IN=0x01500111
head -c 16 /dev/urandom >"$work/d16"
MSG=
defined $R $IA -C o -s 16 -a 'authread|authwrite' -p idxpw &&
	nv_is $R $IA $((A_AUTHREAD | A_AUTHWRITE)) 16 &&
	want_ok tt $R tpm2_nvwrite $IA -P idxpw -i "$work/d16" &&
	nvread_is tpm $IA "$work/d16" -P idxpw &&
	want_rc 0x149 tt $R tpm2_nvread $IA -C o
result nv_index_auth

want_rc 0x98e tt $R tpm2_nvread $IA -P wrongpw
result nv_index_auth_wrong_da

defined $R $IN -C o -s 16 -a 'authread|authwrite|no_da' -p idxpw &&
	want_rc 0x9a2 tt $R tpm2_nvwrite $IN -P wrongpw -i "$work/d16" &&
	want_rc 0x14a tt $R tpm2_nvread $IN -P idxpw
result nv_index_auth_wrong_noda

# ----------------------------------------------------- policy write
#
# policywrite|authread with authPolicy PolicyCommandCode(NV_Write),
# PolicyPassword: the policy (with the password) writes; the password
# alone cannot (no authwrite, so no authValue for writes:
# TPM_RC_AUTH_UNAVAILABLE, as the reference code gives it, without a
# session number); a session without PolicyPassword has another digest
# (TPM_RC_POLICY_FAIL).

section "policy write"
IP=0x01500112
MSG=
py ext "$ZERO" 16c u32:0x137 && py ext "$PYOUT" 16b && want_pw=$PYOUT &&
	py tofile "$work/pw.pol" "hex:$want_pw" &&
	defined $R $IP -C o -s 16 -a 'policywrite|authread' -p polpw -L "$work/pw.pol" &&
	nv_is $R $IP $((A_POLICYWRITE | A_AUTHREAD)) 16 "$work/pw.pol" &&
	psess $R "$work/p.ctx" tpm2_policycommandcode TPM2_CC_NV_Write -- tpm2_policypassword \
		-L "$work/pw.now" &&
	{ [[ $(hexf "$work/pw.now") == "$want_pw" ]] ||
		{ MSG="session digest $(hexf "$work/pw.now"), Part 3 gives $want_pw"; false; }; } &&
	want_ok tt $R tpm2_nvwrite $IP -P "session:$work/p.ctx+polpw" -i "$work/d16" &&
	nvread_is $R $IP "$work/d16" -P polpw
result nv_policywrite
done_s $R "$work/p.ctx"

MSG=
refused 0x12f $R tpm2_nvwrite $IP -P polpw -i "$work/d16" &&
	psess $R "$work/p.ctx" tpm2_policycommandcode TPM2_CC_NV_Write &&
	refused 0x99d $R tpm2_nvwrite $IP -P "session:$work/p.ctx+polpw" -i "$work/d16"
result nv_policywrite_refused
done_s $R "$work/p.ctx"

# ------------------------------------------------ counter, bits, extend
#
# Counter: 8 bytes, big-endian, one more per NV_Increment, counted in
# TPM_PT_NV_COUNTERS, not writable with NV_Write (TPM_RC_ATTRIBUTES);
# bits: NV_SetBits ORs; extend: SHA-256(old || data).

section "counter, bits, extend"
IC=0x01500120
IB=0x01500121
IE=0x01500122
MSG=
defined $R $IC -C o -s 8 -a 'nt=counter|ownerread|ownerwrite' &&
	want_rc 0x14a tt $R tpm2_nvread $IC -C o &&
	want_ok tt $R tpm2_nvincrement $IC -C o &&
	want_ok tt $R tpm2_nvread $IC -C o -o "$work/c1" &&
	want_ok tt $R tpm2_nvincrement $IC -C o &&
	want_ok tt $R tpm2_nvread $IC -C o -o "$work/c2" &&
	v1=$(hexf "$work/c1") && v2=$(hexf "$work/c2") &&
	{ [[ ${#v1} == 16 && ${#v2} == 16 ]] && (( 16#$v2 == 16#$v1 + 1 )) ||
		{ MSG="counter read $v1 then $v2 after one more NV_Increment (8 bytes, big-endian)"; false; }; } &&
	nv_is $R $IC $((OWNER_RW | A_COUNTER | A_WRITTEN)) 8
result nv_counter

MSG=
c1=$(pt_var $R TPM2_PT_NV_COUNTERS) &&
	{ [[ -z $c0 ]] || (( c1 == c0 + 1 )) ||
		{ MSG="TPM_PT_NV_COUNTERS $c0 before, $c1 with one counter index"; false; }; } &&
	refused 0x82 $R tpm2_nvwrite $IC -C o -i "$work/c1"
result nv_counter_count_nowrite

MSG=
defined $R $IB -C o -s 8 -a 'nt=bits|ownerread|ownerwrite' &&
	want_ok tt $R tpm2_nvsetbits $IB -C o -i 0x8000000000000005 &&
	want_ok tt $R tpm2_nvsetbits $IB -C o -i 0x30 &&
	nvread_hex_is $R $IB 8000000000000035 -C o
result nv_bits

MSG=
head -c 20 /dev/urandom >"$work/e1"
head -c 40 /dev/urandom >"$work/e2"
py hash "hex:$ZERO" "file:$work/e1" && x1=$PYOUT && py hash "hex:$x1" "file:$work/e2" && x2=$PYOUT &&
	defined $R $IE -C o -s 32 -g sha256 -a 'nt=extend|ownerread|ownerwrite' &&
	want_ok tt $R tpm2_nvextend $IE -C o -i "$work/e1" &&
	nvread_hex_is $R $IE "$x1" -C o &&
	want_ok tt $R tpm2_nvextend $IE -C o -i "$work/e2" &&
	nvread_hex_is $R $IE "$x2" -C o
result nv_extend

# ------------------------------------------------------------- locks
#
# read_stclear: NV_ReadLock, reads refused (TPM_RC_NV_LOCKED), READLOCKED
# in the Name; write_stclear and writedefine: NV_WriteLock; globallock:
# NV_GlobalWriteLock; an index with neither write_stclear nor writedefine
# cannot be write-locked (TPM_RC_ATTRIBUTES on nvIndex). After a TPM
# Reset only the writedefine lock remains.

section "locks"
IRS=0x01500130
IWS=0x01500131
IWD=0x01500132
IGL=0x01500133
head -c 8 /dev/urandom >"$work/d8"
MSG=
defined $R $IRS -C o -s 8 -a 'ownerread|ownerwrite|read_stclear' &&
	defined $R $IWS -C o -s 8 -a 'ownerread|ownerwrite|write_stclear' &&
	defined $R $IWD -C o -s 8 -a 'ownerread|ownerwrite|writedefine' &&
	defined $R $IGL -C o -s 8 -a 'ownerread|ownerwrite|globallock' &&
	want_ok tt $R tpm2_nvwrite $IRS -C o -i "$work/d8" &&
	want_ok tt $R tpm2_nvwrite $IWS -C o -i "$work/d8" &&
	want_ok tt $R tpm2_nvwrite $IWD -C o -i "$work/d8" &&
	want_ok tt $R tpm2_nvwrite $IGL -C o -i "$work/d8"
result nv_lock_setup

want_ok tt $R tpm2_nvreadlock $IRS -C o &&
	want_rc 0x148 tt $R tpm2_nvread $IRS -C o &&
	nv_is $R $IRS $((OWNER_RW | A_READ_STCLEAR | A_WRITTEN | A_READLOCKED)) 8 &&
	want_ok tt $R tpm2_nvwrite $IRS -C o -i "$work/d8"
result nv_readlock

want_ok tt $R tpm2_nvwritelock $IWS -C o &&
	want_rc 0x148 tt $R tpm2_nvwrite $IWS -C o -i "$work/d8" &&
	nv_is $R $IWS $((OWNER_RW | A_WRITE_STCLEAR | A_WRITTEN | A_WRITELOCKED)) 8 &&
	want_ok tt $R tpm2_nvwritelock $IWD -C o &&
	want_rc 0x148 tt $R tpm2_nvwrite $IWD -C o -i "$work/d8"
result nv_writelock

want_ok tt $R tpm2_nvwritelock --global -C o &&
	want_rc 0x148 tt $R tpm2_nvwrite $IGL -C o -i "$work/d8" &&
	nv_is $R $IGL $((OWNER_RW | A_GLOBALLOCK | A_WRITTEN | A_WRITELOCKED)) 8
result nv_globallock

want_rc 0x282 tt $R tpm2_nvwritelock 0x01500100 -C o
result nv_writelock_refused_attributes

MSG=
cycle clear clear &&
	nvread_is $R $IRS "$work/d8" -C o &&
	want_ok tt $R tpm2_nvwrite $IWS -C o -i "$work/d8" &&
	want_ok tt $R tpm2_nvwrite $IGL -C o -i "$work/d8" &&
	want_rc 0x148 tt $R tpm2_nvwrite $IWD -C o -i "$work/d8" &&
	nv_is $R $IWD $((OWNER_RW | A_WRITEDEFINE | A_WRITTEN | A_WRITELOCKED)) 8
result nv_locks_after_reset

# ------------------------------------------------------------ getcap

section "getcap"
handles_are $R 0x01500100 0x01500101 $IA $IN $IP $IC $IB $IE $IRS $IWS $IWD $IGL
result nv_getcap_handles

# ------------------------------------------------------------ NV_Certify
#
# An RSA signing primary certifies 16 bytes from offset 4 of the first
# index: the TPMS_ATTEST (signer's name, qualifying data, the index's
# Name, offset, contents) and its RSASSA signature verified by openssl;
# one changed byte no longer verifies.

section "nvcertify"
MSG=
Q=$(randhex 16)
rm -f "$work/sk.pem" "$work/nv.att" "$work/nv.sig"
tail -c +5 "$work/d32.new" | head -c 16 >"$work/c16"
py name 0x01500100 $((OWNER_RW | A_WRITTEN)) 32 && iname=$PYOUT &&
	want_ok tt $R tpm2_createprimary -C o -G rsa2048:rsassa-sha256:null \
		-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' -c "$work/sk.ctx" &&
	want_ok tt $R tpm2_readpublic -c "$work/sk.ctx" -f pem -o "$work/sk.pem" -n "$work/sk.name" &&
	want_ok tt $R tpm2_nvcertify -C "$work/sk.ctx" -c o -g sha256 -s rsassa -f plain \
		-o "$work/nv.sig" --attestation "$work/nv.att" -q "$Q" --size 16 --offset 4 0x01500100 &&
	py attest "$work/nv.att" "$work/sk.name" "$Q" "$iname" 4 "$work/c16" &&
	{ openssl dgst -sha256 -verify "$work/sk.pem" -signature "$work/nv.sig" "$work/nv.att" >/dev/null 2>&1 ||
		{ MSG="openssl does not verify the NV_Certify signature"; false; }; } &&
	cp "$work/nv.att" "$work/nv.bad" && printf '\x01' | dd of="$work/nv.bad" bs=1 seek=$(($(stat -c %s "$work/nv.att") - 1)) conv=notrunc 2>/dev/null &&
	{ ! openssl dgst -sha256 -verify "$work/sk.pem" -signature "$work/nv.sig" "$work/nv.bad" >/dev/null 2>&1 ||
		{ MSG="openssl verifies the signature over a changed attestation"; false; }; }
result nv_certify

# ------------------------------------------------------------ PolicyNV
#
# A sealed object whose policy is PolicyNV(index == 4 bytes, offset 0,
# TPM_EO_EQ): unsealed while the index holds them; once it holds other
# bytes PolicyNV fails (TPM_RC_POLICY).

section "policynv"
IV=0x01500140
printf '\x11\x22\x33\x44' >"$work/v1"
printf '\x11\x22\x33\x45' >"$work/v2"
MSG=
defined $R $IV -C o -s 4 -a 'ownerread|ownerwrite' &&
	want_ok tt $R tpm2_nvwrite $IV -C o -i "$work/v1" &&
	py name $IV $((OWNER_RW | A_WRITTEN)) 4 && vname=$PYOUT &&
	py hash "file:$work/v1" u16:0 u16:0 && py ext "$ZERO" 149 "hex:$PYOUT" "hex:$vname" &&
	want_nv=$PYOUT && py tofile "$work/nv.pol" "hex:$want_nv" &&
	want_ok tt $R tpm2_createprimary -C o -G ecc256 -c "$work/prim.ctx" &&
	want_ok tt $R tpm2_create -C "$work/prim.ctx" -i "$work/secret" -L "$work/nv.pol" \
		-a 'fixedtpm|fixedparent|noda' -c "$work/seal.ctx" &&
	psess $R "$work/p.ctx" tpm2_policynv -C o -i "$work/v1" $IV eq -L "$work/nv.now" &&
	{ [[ $(hexf "$work/nv.now") == "$want_nv" ]] ||
		{ MSG="PolicyNV digest $(hexf "$work/nv.now"), Part 3 gives $want_nv"; false; }; } &&
	want_ok tt $R tpm2_unseal -c "$work/seal.ctx" -p "session:$work/p.ctx" -o "$work/unsealed" &&
	{ [[ $(cat "$work/unsealed") == "$SECRET" ]] || { MSG="unsealed '$(cat "$work/unsealed")'"; false; }; }
result nv_policynv
done_s $R "$work/p.ctx"

MSG=
want_ok tt $R tpm2_nvwrite $IV -C o -i "$work/v2" &&
	psess $R "$work/p.ctx" &&
	refused 0x126 $R tpm2_policynv -S "$work/p.ctx" -C o -i "$work/v1" $IV eq
result nv_policynv_other_value
done_s $R "$work/p.ctx"

# ---------------------------------------------------- PolicyAuthorizeNV
#
# The index holds a TPMT_HA: SHA-256 and PolicyCommandCode(Unseal). An
# object whose policy is PolicyAuthorizeNV(index) unseals after
# PolicyCommandCode(Unseal); after PolicyPassword instead it does not
# (the session's digest is not the index's: TPM_RC_VALUE).

section "policyauthorizenv"
IZ=0x01500141
MSG=
py ext "$ZERO" 16c u32:0x15e && want_cc=$PYOUT &&
	py tofile "$work/ha" u16:0xb "hex:$want_cc" &&
	defined $R $IZ -C o -s 34 -a 'ownerread|ownerwrite' &&
	want_ok tt $R tpm2_nvwrite $IZ -C o -i "$work/ha" &&
	py name $IZ $((OWNER_RW | A_WRITTEN)) 34 && py ext "$ZERO" 192 "hex:$PYOUT" &&
	want_az=$PYOUT && py tofile "$work/az.pol" "hex:$want_az" &&
	want_ok tt $R tpm2_create -C "$work/prim.ctx" -i "$work/secret" -L "$work/az.pol" \
		-a 'fixedtpm|fixedparent|noda' -c "$work/seal2.ctx" &&
	psess $R "$work/p.ctx" tpm2_policycommandcode TPM2_CC_Unseal -- \
		tpm2_policyauthorizenv -C o $IZ -L "$work/az.now" &&
	{ [[ $(hexf "$work/az.now") == "$want_az" ]] ||
		{ MSG="PolicyAuthorizeNV digest $(hexf "$work/az.now"), Part 3 gives $want_az"; false; }; } &&
	want_ok tt $R tpm2_unseal -c "$work/seal2.ctx" -p "session:$work/p.ctx" -o "$work/unsealed" &&
	{ [[ $(cat "$work/unsealed") == "$SECRET" ]] || { MSG="unsealed '$(cat "$work/unsealed")'"; false; }; }
result nv_policyauthorizenv
done_s $R "$work/p.ctx"

psess $R "$work/p.ctx" tpm2_policypassword &&
	refused 0x84 $R tpm2_policyauthorizenv -S "$work/p.ctx" -C o $IZ
result nv_policyauthorizenv_other_policy
done_s $R "$work/p.ctx"

# ---------------------------------------------------- undefine and Clear
#
# NV_UndefineSpace through both devices (then NV_ReadPublic: TPM_RC_HANDLE;
# tpm2_nvread, as tpm2_nvreadpublic 5.4 crashes after it);
# TPM2_Clear (platform) removes every owner index, counters included,
# keeps the platform's; the platform index undefined last.

section "undefine, clear"
MSG=
want_ok tt tpm tpm2_nvundefine 0x01500101 -C o && want_rc 0x18b tt $R tpm2_nvread 0x01500101 -C o &&
	want_ok tt $R tpm2_nvundefine 0x01500100 -C o && want_rc 0x18b tt $R tpm2_nvread 0x01500100 -C o
result nv_undefine

IPP=0x01400100
MSG=
defined tpm $IPP -C p -s 8 -a 'ppread|ppwrite|platformcreate' &&
	nv_is $R $IPP $((A_PPREAD | A_PPWRITE | A_PLATFORMCREATE)) 8 &&
	want_ok tt $R tpm2_clear -c p &&
	handles_are $R $IPP &&
	c2=$(pt_var $R TPM2_PT_NV_COUNTERS) &&
	{ [[ -z $c0 ]] || (( c2 == c0 )) ||
		{ MSG="TPM_PT_NV_COUNTERS $c2 after the Clear, $c0 before the test"; false; }; }
result nv_clear

want_ok tt $R tpm2_nvundefine $IPP -C p && handles_are $R
result nv_undefine_platform

# ------------------------------------------------------------------- end

# Whatever failed above: no index of this test left behind.
for i in $(nv_handles $R); do
	[[ " $BASE " == *" $i "* ]] && continue
	h=o
	((i < 0x01400000 || i >= 0x01500000)) && h=p
	tt $R tpm2_nvundefine "$i" -C $h >/dev/null 2>&1
done
tt_da_off nv

section "end, $tool_runs tool runs"
tt_ltpm_destroy nv

exit $((htpm_failed ? 1 : 0))
