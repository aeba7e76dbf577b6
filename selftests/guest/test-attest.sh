#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # checkquote runs through want_ok, refused_says
#
# Attestation, credentials and key transport (TPM 2.0 Part 3 chapters 12
# and 18: MakeCredential, ActivateCredential, Duplicate, Import; Quote,
# Certify, CertifyCreation, GetTime, GetSessionAuditDigest,
# SetCommandCodeAuditStatus, GetCommandAuditDigest) of one LTPM
# for a fresh network namespace, driven by unchanged tpm2-tools 5.4
# through -T device:/dev/tpmrmN (everything) and -T device:/dev/tpmN (the
# quote).
#
# An RSA and an ECC endorsement key (tpm2_createek) each get an AK
# (tpm2_createak); a credential made for the AK's name offline
# (tpm2_makecredential -T none, the "host" side: here the test itself) and
# by the TPM comes back through ActivateCredential, a changed blob or
# another name does not. Every TPMS_ATTEST the AK signs is parsed in
# Python: the qualified signer (computed with hashlib from the public
# areas), the qualifying data, and what it attests (PCR digest over the
# values tpm2_pcrread gives, the certified object's name, the creation
# hash, the time against tpm2_readclock, the session and command audit
# digests over the commands the test sent, the digest of the audited
# command codes); its signature is checked by openssl. A key
# created with PolicyCommandCode(Duplicate) is duplicated to another
# parent (the second LTPM in the guest, a second primary elsewhere),
# without and with an inner wrapper, imported and loaded there, and signs
# what openssl verifies with the original's public key.
#
# Check names: attest_<what>[_tpm|_tpmrm].
#
# Outside the guest, ATTEST_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (swtpm as the reference, or engine_serve --tcp),
# with ATTEST_POWER_CYCLE (unused); the duplicate then goes to a second
# parent on the same TPM.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-attest-$$
NETNS2=htpm-attest2-$$
DEVS=(tpmrm tpm)
R=tpmrm
TT_TIMEOUT=300
tt_init attest
PY=$work/att.py
cd "$work" || exit 1

# The independent side: names, qualified names, TPMS_ATTEST, digests.
cat >"$PY" <<'EOF'
import hashlib, struct, sys

H = lambda b: hashlib.sha256(b).digest()
ST = {"quote": 0x8018, "certify": 0x8017, "creation": 0x801A, "time": 0x8019,
      "audit": 0x8016, "caudit": 0x8015}


def rd(p):
    with open(p, "rb") as f:
        return f.read()


def fail(m):
    sys.exit(m)


class Rd:
    def __init__(self, b, what):
        self.b, self.o, self.what = b, 0, what

    def take(self, n):
        if self.o + n > len(self.b):
            fail("%s: %d bytes, truncated at %d" % (self.what, len(self.b), self.o))
        self.o += n
        return self.b[self.o - n:self.o]

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return int.from_bytes(self.take(2), "big")

    def u32(self):
        return int.from_bytes(self.take(4), "big")

    def u64(self):
        return int.from_bytes(self.take(8), "big")

    def tpm2b(self):
        return self.take(self.u16())

    def end(self):
        if self.o != len(self.b):
            fail("%s: %d bytes left over" % (self.what, len(self.b) - self.o))


def tpm2b_body(p):
    b = rd(p)
    if int.from_bytes(b[:2], "big") != len(b) - 2:
        fail("%s: not a TPM2B" % p)
    return b[2:]


def name(pubfile):
    """nameAlg (SHA-256) || H(TPMT_PUBLIC) of a TPM2B_PUBLIC file"""
    body = tpm2b_body(pubfile)
    if body[2:4] != b"\x00\x0b":
        fail("%s: nameAlg 0x%s, not SHA-256" % (pubfile, body[2:4].hex()))
    return b"\x00\x0b" + H(body)


def qn(parent, n):
    """Part 1 16.6: QN = nameAlg || H(QN(parent) || name)"""
    return b"\x00\x0b" + H(parent + n)


def pcrsel(pcrs):
    bm = bytearray(3)
    for p in pcrs:
        bm[p // 8] |= 1 << (p % 8)
    return struct.pack(">IHB", 1, 0x000B, 3) + bytes(bm)


def attest(a):
    """TYPE FILE QSIGNER_HEX EXTRA_HEX ARG...: check one TPMS_ATTEST"""
    kind, b = a[0], rd(a[1])
    r = Rd(b, "TPMS_ATTEST")
    magic, typ = r.u32(), r.u16()
    if magic != 0xFF544347 or typ != ST[kind]:
        fail("magic 0x%08x type 0x%04x, expected 0xff544347 0x%04x" % (magic, typ, ST[kind]))
    signer, extra = r.tpm2b(), r.tpm2b()
    if signer.hex() != a[2]:
        fail("qualifiedSigner %s, expected %s" % (signer.hex(), a[2]))
    if extra.hex() != a[3]:
        fail("extraData %s, expected %s" % (extra.hex(), a[3]))
    clock, resets, restarts, safe = r.u64(), r.u32(), r.u32(), r.u8()
    r.u64()     # firmwareVersion
    x = a[4:]
    if kind == "quote":     # PCRS VALUES_FILE
        sel = r.take(len(pcrsel([0])))
        want = pcrsel([int(p) for p in x[0].split(",")])
        if sel != want:
            fail("pcrSelect %s, expected %s" % (sel.hex(), want.hex()))
        d = r.tpm2b()
        if d != H(rd(x[1])):
            fail("pcrDigest %s, H(PCR values) %s" % (d.hex(), H(rd(x[1])).hex()))
    elif kind == "certify":  # NAME_HEX QN_HEX
        n, q = r.tpm2b(), r.tpm2b()
        if n.hex() != x[0] or q.hex() != x[1]:
            fail("name %s qualifiedName %s, expected %s %s" % (n.hex(), q.hex(), x[0], x[1]))
    elif kind == "creation":  # NAME_HEX CREATION_HASH_HEX
        n, h = r.tpm2b(), r.tpm2b()
        if n.hex() != x[0] or h.hex() != x[1]:
            fail("objectName %s creationHash %s, expected %s %s" % (n.hex(), h.hex(), x[0], x[1]))
    elif kind == "time":    # TIME_MIN TIME_MAX CLOCK_MIN CLOCK_MAX RESETS
        t = r.u64()
        c2, rs2, rt2, s2 = r.u64(), r.u32(), r.u32(), r.u8()
        r.u64()
        lo, hi, clo, chi = (int(v) for v in x[:4])
        if not lo <= t <= hi:
            fail("time %d, tpm2_readclock gave %d before and %d after" % (t, lo, hi))
        if not clo <= clock <= chi or (c2, rs2, rt2, s2) != (clock, resets, restarts, safe):
            fail("clock %d (readclock %d..%d); attested clockInfo %d %d %d %d, header %d %d %d %d"
                 % (clock, clo, chi, c2, rs2, rt2, s2, clock, resets, restarts, safe))
        if resets != int(x[4]) or safe != 1:
            fail("resetCount %d safe %d, tpm2_readclock reset_count %s safe yes" % (resets, safe, x[4]))
    elif kind == "audit":   # DIGEST_HEX
        excl, d = r.u8(), r.tpm2b()
        if d.hex() != x[0] or excl > 1:
            fail("sessionDigest %s (exclusiveSession %d), expected %s" % (d.hex(), excl, x[0]))
    elif kind == "caudit":  # COUNTER DIGEST_HEX CC_HEX,... ("-": any)
        cnt, alg, d, cd = r.u64(), r.u16(), r.tpm2b(), r.tpm2b()
        ccs = sorted(int(v, 16) for v in x[2].split(","))
        want = H(b"".join(struct.pack(">I", v) for v in ccs))
        if x[0] != "-" and cnt != int(x[0]):
            fail("auditCounter %d, expected %s" % (cnt, x[0]))
        if alg != 0x000B or (x[1] != "-" and d.hex() != x[1]) or cd != want:
            fail("digestAlg 0x%04x auditDigest %s commandDigest %s, expected SHA-256 %s %s"
                 % (alg, d.hex(), cd.hex(), x[1], want.hex()))
        print(cnt)
    r.end()


def creation(a):
    """CD_FILE HASH_FILE PCRS VALUES_FILE OUTSIDE_HEX: TPM2B_CREATION_DATA
    of an owner primary; its hash in HASH_FILE (a TPM2B_DIGEST)"""
    body = tpm2b_body(a[0])
    if tpm2b_body(a[1]) != H(body):
        fail("creation hash %s, H(creation data) %s" % (rd(a[1]).hex(), H(body).hex()))
    r = Rd(body, "TPMS_CREATION_DATA")
    want = pcrsel([int(p) for p in a[2].split(",")])
    sel = r.take(len(want))
    d = r.tpm2b()
    loc, palg, pn, pq, out = r.u8(), r.u16(), r.tpm2b(), r.tpm2b(), r.tpm2b()
    r.end()
    own = struct.pack(">I", 0x40000001)
    got = (sel, d, loc, palg, pn, pq, out.hex())
    exp = (want, H(rd(a[3])), 1, 0x0010, own, own, a[4])
    if got != exp:
        fail("creation data %r, expected %r" % (got, exp))


def rawsig(a):
    """TPMT_SIGNATURE_FILE OUT: the RSASSA signature bytes"""
    r = Rd(rd(a[0]), "TPMT_SIGNATURE")
    alg, h = r.u16(), r.u16()
    if alg != 0x0014 or h != 0x000B:
        fail("signature scheme 0x%04x hash 0x%04x, expected RSASSA SHA-256" % (alg, h))
    s = r.tpm2b()
    r.end()
    with open(a[1], "wb") as f:
        f.write(s)


def audit(a):
    """ND FILE...: the audit digest of TPM2_GetRandom(len(FILE)) per file,
    from a zero digest: H(old || cpHash || rpHash) (Part 1 19.6.8)"""
    d = bytes(32)
    for p in a:
        b = rd(p)
        cp = H(struct.pack(">IH", 0x17B, len(b)))
        rp = H(struct.pack(">IIH", 0, 0x17B, len(b)) + b)
        d = H(d + cp + rp)
    print(d.hex())


def pcrext(a):
    """PCR DIGEST_HEX...: the command audit digest of one TPM2_PCR_Extend
    (SHA-256 only) per digest, from a zero digest: the cpHash covers the
    PCR's handle (its name) and the TPML_DIGEST_VALUES, the rpHash only
    the response code and command code (no response parameters)"""
    d = bytes(32)
    for v in a[1:]:
        cp = H(struct.pack(">IIIH", 0x182, int(a[0]), 1, 0x000B) + bytes.fromhex(v))
        rp = H(struct.pack(">II", 0, 0x182))
        d = H(d + cp + rp)
    print(d.hex())


def main(a):
    c = a[0]
    if c == "name":         # TPM2B_PUBLIC_FILE
        print(name(a[1]).hex())
    elif c == "qn":         # PARENT_QN_HEX NAME_HEX
        print(qn(bytes.fromhex(a[1]), bytes.fromhex(a[2])).hex())
    elif c == "cc":         # CC_HEX: PolicyCommandCode from a zero digest
        print(H(bytes(32) + struct.pack(">II", 0x16C, int(a[1], 16))).hex())
    elif c == "tofile":     # FILE HEX
        with open(a[1], "wb") as f:
            f.write(bytes.fromhex(a[2]))
    elif c == "attest":
        attest(a[1:])
    elif c == "creation":
        creation(a[1:])
    elif c == "rawsig":
        rawsig(a[1:])
    elif c == "audit":
        audit(a[1:])
    elif c == "pcrext":
        pcrext(a[1:])
    else:
        sys.exit("att.py: unknown command " + c)


main(sys.argv[1:])
EOF

# py ARG...: att.py; PYOUT, MSG on failure.
py()
{
	PYOUT=$(python3 "$PY" "$@" 2>&1) && return 0
	MSG="att.py $1${2:+ $2}: $(tail -n 1 <<<"$PYOUT")"
	return 1
}

section()
{
	note "attest: $* (at $SECONDS s, $tool_runs tool runs)"
}

sflush()	# DEV: the sessions a failed tool run left loaded
{
	timeout 60 tpm2_flushcontext -T "${TCTI[$1]}" -l >/dev/null 2>&1
	return 0
}

done_s()	# DEV FILE
{
	tt_keep "$1" tpm2_flushcontext "$2" >/dev/null 2>&1
	rm -f "$2"
	sflush "$1"
}

# offline TOOL ARG...: a tool run without a TPM (-T none), as tt runs it.
offline()
{
	local tool=$1
	shift
	LAST="$tool -T none $*"
	tool_runs=$((tool_runs + 1))
	timeout "$TT_TIMEOUT" "$tool" -T none "$@" >"$work/out" 2>"$work/err"
}

# checkquote ARG...: tpm2_checkquote (which takes no TCTI) as tt runs a
# tool.
checkquote()
{
	LAST="tpm2_checkquote $*"
	tool_runs=$((tool_runs + 1))
	timeout "$TT_TIMEOUT" tpm2_checkquote "$@" >"$work/out" 2>"$work/err"
}

# refused_says WORDS CMD...: CMD fails, its error output matches WORDS (an
# ERE); else MSG.
refused_says()
{
	local w=$1
	shift
	if "$@"; then
		MSG="'$LAST' succeeded"
		return 1
	fi
	grep -qiE "$w" "$work/err" && return 0
	MSG="'$LAST': error output '$(errmsg)' does not say /$w/"
	return 1
}

# ossl_ok WHAT PEM SIG DATA: openssl verifies the RSASSA SHA-256 SIG.
ossl_ok()
{
	openssl dgst -sha256 -verify "$2" -signature "$3" "$4" >/dev/null 2>&1 && return 0
	MSG="$1: openssl does not verify the signature over $(basename "$4")"
	return 1
}

# ossl_bad WHAT PEM SIG DATA: with one byte of DATA changed it does not.
ossl_bad()
{
	cp "$4" "$work/bad.dat"
	printf '\x5a' | dd of="$work/bad.dat" bs=1 seek=10 conv=notrunc 2>/dev/null
	cmp -s "$4" "$work/bad.dat" && printf '\xa5' |
		dd of="$work/bad.dat" bs=1 seek=10 conv=notrunc 2>/dev/null
	! openssl dgst -sha256 -verify "$2" -signature "$3" "$work/bad.dat" >/dev/null 2>&1 &&
		return 0
	MSG="$1: openssl verifies the signature over a changed $(basename "$4")"
	return 1
}

# ek_session DEV: a policy session satisfying the EK's policy
# (PolicySecret(TPM_RH_ENDORSEMENT), the default EK template) in
# $work/ek.s; MSG.
ek_session()
{
	rm -f "$work/ek.s"
	want_ok tt "$1" tpm2_startauthsession --policy-session -S "$work/ek.s" &&
		want_ok tt "$1" tpm2_policysecret -S "$work/ek.s" -c e
}

# activated DEV EK AK BLOB: tpm2_activatecredential gives SECRET back.
activated()
{
	local dev=$1 rc=0
	rm -f "$work/act.out"
	ek_session "$dev" &&
		want_ok tt "$dev" tpm2_activatecredential -c "$3" -C "$2" -i "$4" -o "$work/act.out" \
			-P "session:$work/ek.s" &&
		same_files "tpm2_activatecredential -i $(basename "$4")" "$work/act.out" "$work/secret" || rc=1
	done_s "$dev" "$work/ek.s"
	return $rc
}

# not_activated RC DEV EK AK BLOB
not_activated()
{
	local rc=$1 dev=$2 r=0
	ek_session "$dev" &&
		want_rc "$rc" tt "$dev" tpm2_activatecredential -c "$4" -C "$3" -i "$5" -o "$work/act.out" \
			-P "session:$work/ek.s" || r=1
	done_s "$dev" "$work/ek.s"
	return $r
}

# pcrvals DEV PCRS FILE: the SHA-256 values of PCRS (0,1,...) in FILE.
pcrvals()
{
	local n
	rm -f "$3"
	want_ok tt "$1" tpm2_pcrread -o "$3" "sha256:$2" || return 1
	n=$(tr ',' '\n' <<<"$2" | wc -l)
	[[ $(stat -c %s "$3") == $((32 * n)) ]] && return 0
	MSG="tpm2_pcrread -o $3 sha256:$2: $(stat -c %s "$3") bytes for $n PCRs"
	return 1
}

# ------------------------------------------------------------------ setup

tt_setup attest ATTEST attest flush
tt_da_off attest
if [[ -n $dev_mode ]]; then
	TCTI[tpm2]=${TCTI[tpmrm]}
	RAW[tpm2]=${RAW[tpmrm]}
	[[ -n ${FLUSH[tpmrm]:-} ]] && FLUSH[tpm2]=1
fi
printf 'attest-secret-%s' "$$" >"$work/secret"
printf 'message to sign %s\n' "$$" >"$work/msg"
EH=4000000b
OH=40000001

# ------------------------------------------------------------ EK and AK
#
# The names tpm2_createak prints and writes are nameAlg || H(public) of
# the public area it wrote; its qualified name is QN(EK) || name under
# the endorsement hierarchy.

section "ek, ak"
MSG=
want_ok tt $R tpm2_createek -c "$work/ek.ctx" -G rsa -u "$work/ek.pub" &&
	want_ok tt $R tpm2_createak -C "$work/ek.ctx" -c "$work/ak.ctx" -G rsa -g sha256 -s rsassa \
		-u "$work/ak.pub" -n "$work/ak.name" -r "$work/ak.priv" &&
	cp "$work/out" "$work/ak.out" &&
	py name "$work/ek.pub" && ekname=$PYOUT &&
	py name "$work/ak.pub" && akname=$PYOUT &&
	py qn "$EH" "$ekname" && ekqn=$PYOUT && py qn "$ekqn" "$akname" && akqn=$PYOUT &&
	{ [[ $(hexf "$work/ak.name") == "$akname" ]] &&
		grep -q "^ *name: $akname\$" "$work/ak.out" &&
		grep -q "^ *qualified name: $akqn\$" "$work/ak.out" ||
		{ MSG="tpm2_createak: name file $(hexf "$work/ak.name"), printed '$(tr -s ' \n' ' ' <"$work/ak.out")'; expected name $akname, qualified name $akqn"; false; }; } &&
	want_ok tt $R tpm2_readpublic -c "$work/ak.ctx" -f pem -o "$work/ak.pem"
result attest_createek_createak_rsa

MSG=
want_ok tt $R tpm2_createek -c "$work/eke.ctx" -G ecc -u "$work/eke.pub" &&
	want_ok tt $R tpm2_createak -C "$work/eke.ctx" -c "$work/ake.ctx" -G ecc -g sha256 -s ecdsa \
		-u "$work/ake.pub" -n "$work/ake.name" &&
	py name "$work/ake.pub" && akename=$PYOUT &&
	{ [[ $(hexf "$work/ake.name") == "$akename" ]] ||
		{ MSG="ECC AK name file $(hexf "$work/ake.name"), H(public) gives $akename"; false; }; }
result attest_createek_createak_ecc

# ------------------------------------------------------- credentials
#
# MakeCredential offline for the RSA and the ECC EK, and by the TPM;
# ActivateCredential through the EK's policy session gives the secret
# back; a credential for another name or a changed integrity HMAC is
# TPM_RC_INTEGRITY (parameter 1); a changed encrypted seed is
# TPM_RC_VALUE on parameter 2 (Part 3 12.5; swtpm 0.7 answers
# TPM_RC_FAILURE there).

section "credentials"
MSG=
rm -f "$work/cred.blob"
offline tpm2_makecredential -u "$work/ek.pub" -s "$work/secret" -n "$akname" -o "$work/cred.blob" ||
	MSG="'$LAST' failed: $(errmsg)"
[[ -z $MSG ]] && activated $R "$work/ek.ctx" "$work/ak.ctx" "$work/cred.blob"
result attest_credential_offline_rsa

MSG=
rm -f "$work/crede.blob"
offline tpm2_makecredential -u "$work/eke.pub" -s "$work/secret" -n "$akename" -o "$work/crede.blob" ||
	MSG="'$LAST' failed: $(errmsg)"
[[ -z $MSG ]] && activated $R "$work/eke.ctx" "$work/ake.ctx" "$work/crede.blob"
result attest_credential_offline_ecc

MSG=
rm -f "$work/credt.blob"
want_ok tt $R tpm2_makecredential -u "$work/ek.pub" -s "$work/secret" -n "$akname" -o "$work/credt.blob" &&
	activated $R "$work/ek.ctx" "$work/ak.ctx" "$work/credt.blob"
result attest_credential_tpm

# The tools' blob: 8 bytes of header, TPM2B_ID_OBJECT (integrityHMAC
# first), TPM2B_ENCRYPTED_SECRET.
MSG=
rm -f "$work/credn.blob"
sz=$(stat -c %s "$work/cred.blob")
cp "$work/cred.blob" "$work/cred.hmac"
printf '\x01' | dd of="$work/cred.hmac" bs=1 seek=14 conv=notrunc 2>/dev/null
cmp -s "$work/cred.blob" "$work/cred.hmac" &&
	printf '\x02' | dd of="$work/cred.hmac" bs=1 seek=14 conv=notrunc 2>/dev/null
offline tpm2_makecredential -u "$work/ek.pub" -s "$work/secret" -n "$akename" -o "$work/credn.blob" ||
	MSG="'$LAST' failed: $(errmsg)"
[[ -z $MSG ]] && not_activated 0x1df $R "$work/ek.ctx" "$work/ak.ctx" "$work/cred.hmac" &&
	not_activated 0x1df $R "$work/ek.ctx" "$work/ak.ctx" "$work/credn.blob"
result attest_credential_tampered_refused

cp "$work/cred.blob" "$work/cred.seed"
printf '\x00\x00\x00\x00' | dd of="$work/cred.seed" bs=1 seek=$((sz - 4)) conv=notrunc 2>/dev/null
not_activated 0x2c4 $R "$work/ek.ctx" "$work/ak.ctx" "$work/cred.seed"
result attest_credential_seed_refused

# ------------------------------------------------------------- quote
#
# A quote of SHA-256 PCRs 0, 1, 2, 16 with a nonce: tpm2_checkquote
# passes; the attestation's fields and openssl's check of its signature
# agree; another nonce fails; after PCR 16 is extended, the old PCR file
# does not match a new quote.

section "quote"
for dev in "${DEVS[@]}"; do
	MSG=
	nonce=$(randhex 16)
	rm -f "$work/q.msg" "$work/q.sig" "$work/q.pcrs"
	want_ok tt "$dev" tpm2_pcrreset 16 &&
		want_ok tt "$dev" tpm2_quote -c "$work/ak.ctx" -l sha256:0,1,2,16 -q "$nonce" -m "$work/q.msg" \
			-s "$work/q.sig" -o "$work/q.pcrs" -g sha256 &&
		pcrvals "$dev" 0,1,2,16 "$work/q.vals" &&
		py attest quote "$work/q.msg" "$akqn" "$nonce" 0,1,2,16 "$work/q.vals" &&
		py rawsig "$work/q.sig" "$work/q.raw" &&
		ossl_ok "quote" "$work/ak.pem" "$work/q.raw" "$work/q.msg" &&
		ossl_bad "quote" "$work/ak.pem" "$work/q.raw" "$work/q.msg" &&
		want_ok checkquote -u "$work/ak.pub" -m "$work/q.msg" -s "$work/q.sig" \
			-f "$work/q.pcrs" -g sha256 -q "$nonce"
	result "attest_quote_$dev"
done

other=$(randhex 16)
[[ $other != "$nonce" ]] &&
	refused_says nonce checkquote -u "$work/ak.pub" -m "$work/q.msg" -s "$work/q.sig" -f "$work/q.pcrs" \
		-g sha256 -q "$other"
result attest_checkquote_other_nonce

MSG=
cp "$work/q.pcrs" "$work/q.pcrs.old"
nonce=$(randhex 16)
want_ok tt $R tpm2_pcrextend "16:sha256=$(randhex 32)" &&
	want_ok tt $R tpm2_quote -c "$work/ak.ctx" -l sha256:0,1,2,16 -q "$nonce" -m "$work/q.msg" \
		-s "$work/q.sig" -o "$work/q.pcrs" -g sha256 &&
	want_ok checkquote -u "$work/ak.pub" -m "$work/q.msg" -s "$work/q.sig" \
		-f "$work/q.pcrs" -g sha256 -q "$nonce" &&
	refused_says 'pcr' checkquote -u "$work/ak.pub" -m "$work/q.msg" -s "$work/q.sig" \
		-f "$work/q.pcrs.old" -g sha256 -q "$nonce"
result attest_checkquote_pcr_extended

# ---------------------------------------------------- certify, creation
#
# An owner primary made with creation data (PCRs 0 and 16, outside info):
# the creation data's fields and hash checked; tpm2_certify and
# tpm2_certifycreation with the AK attest its name (and qualified name,
# creation hash); tpm2_verifysignature and openssl accept the signatures;
# a creation hash the ticket was not made for is TPM_RC_TICKET.

section "certify, certifycreation"
MSG=
rm -f "$work/p.pub" "$work/cd.bin" "$work/ch.bin" "$work/ct.bin"
want_ok tt $R tpm2_createprimary -C o -G ecc256 -c "$work/p.ctx" -o "$work/p.pub" \
	--creation-data "$work/cd.bin" -d "$work/ch.bin" -t "$work/ct.bin" -q 0a0b0c -l sha256:0,16 &&
	pcrvals $R 0,16 "$work/cd.vals" &&
	py creation "$work/cd.bin" "$work/ch.bin" 0,16 "$work/cd.vals" 0a0b0c &&
	py name "$work/p.pub" && pname=$PYOUT && py qn "$OH" "$pname" && pqn=$PYOUT
result attest_creation_data

# tpm2_certify 5.4 sends its own qualifying data, 00ff55aa.
MSG=
rm -f "$work/c.att" "$work/c.sig"
want_ok tt $R tpm2_certify -c "$work/p.ctx" -C "$work/ak.ctx" -g sha256 \
	-o "$work/c.att" -s "$work/c.sig" -f plain &&
	py attest certify "$work/c.att" "$akqn" 00ff55aa "$pname" "$pqn" &&
	ossl_ok certify "$work/ak.pem" "$work/c.sig" "$work/c.att" &&
	ossl_bad certify "$work/ak.pem" "$work/c.sig" "$work/c.att" &&
	want_ok tt $R tpm2_verifysignature -c "$work/ak.ctx" -g sha256 -m "$work/c.att" \
		-s "$work/c.sig" -f rsassa
result attest_certify

MSG=
nonce=$(randhex 8)
rm -f "$work/cc.att" "$work/cc.sig"
want_ok tt $R tpm2_certifycreation -C "$work/ak.ctx" -c "$work/p.ctx" -d "$work/ch.bin" -t "$work/ct.bin" \
	-g sha256 -q "$nonce" -o "$work/cc.sig" -f plain --attestation "$work/cc.att" &&
	py attest creation "$work/cc.att" "$akqn" "$nonce" "$pname" "$(hexf "$work/ch.bin" | cut -c5-)" &&
	ossl_ok certifycreation "$work/ak.pem" "$work/cc.sig" "$work/cc.att"
result attest_certifycreation

py tofile "$work/ch.bad" "0020$(randhex 32)" &&
	want_rc 0x4e0 tt $R tpm2_certifycreation -C "$work/ak.ctx" -c "$work/p.ctx" -d "$work/ch.bad" \
		-t "$work/ct.bin" -g sha256 -o "$work/cc.sig" -f plain --attestation "$work/cc.att"
result attest_certifycreation_wrong_hash

# ------------------------------------------------------------- gettime
#
# The attested time between two tpm2_readclock, the clock and
# resetCount (not obfuscated: the AK is in the endorsement hierarchy).

section "gettime"
MSG=
nonce=$(randhex 10)
rm -f "$work/t.att" "$work/t.sig"
readclock $R && t0=$CLK_TIME c0=$CLK_CLOCK &&
	want_ok tt $R tpm2_gettime -c "$work/ak.ctx" -g sha256 -q "$nonce" -o "$work/t.sig" -f plain \
		--attestation "$work/t.att" &&
	readclock $R &&
	py attest time "$work/t.att" "$akqn" "$nonce" "$t0" "$CLK_TIME" "$c0" "$CLK_CLOCK" "$CLK_RESETS" &&
	ossl_ok gettime "$work/ak.pem" "$work/t.sig" "$work/t.att"
result attest_gettime

# ------------------------------------------------- session audit digest
#
# An audit session over two TPM2_GetRandom: the digest the AK signs is
# the chain of their cpHash and rpHash (computed from the bytes returned).

section "getsessionauditdigest"
MSG=
nonce=$(randhex 16)
rm -f "$work/a.s" "$work/r1" "$work/r2" "$work/a.att" "$work/a.sig"
want_ok tt $R tpm2_startauthsession --audit-session -S "$work/a.s" &&
	want_ok tt $R tpm2_getrandom -S "$work/a.s" -o "$work/r1" 8 &&
	want_ok tt $R tpm2_getrandom -S "$work/a.s" -o "$work/r2" 24 &&
	want_ok tt $R tpm2_getsessionauditdigest -c "$work/ak.ctx" -S "$work/a.s" -g sha256 -q "$nonce" \
		-m "$work/a.att" -s "$work/a.sig" -f plain &&
	py audit "$work/r1" "$work/r2" && want_a=$PYOUT &&
	py attest audit "$work/a.att" "$akqn" "$nonce" "$want_a" &&
	ossl_ok getsessionauditdigest "$work/ak.pem" "$work/a.sig" "$work/a.att"
result attest_getsessionauditdigest
done_s $R "$work/a.s"

# ------------------------------------------------- command audit digest
#
# TPM2_SetCommandCodeAuditStatus is always audited; PCR_Extend is added
# (not GetRandom: tpm2-tss's device TCTI sends one to probe the device
# each time a tool opens it). A signed GetCommandAuditDigest ends the
# trail (its counter read from the attestation); the next audited command
# starts the next one, so two PCR_Extend around an unaudited Hash and
# GetRandom give auditCounter + 1 and the chain of just their cpHash and
# rpHash. The commandDigest is H(the audited command codes); with
# PCR_Extend cleared it is H(SetCommandCodeAuditStatus) again.

section "command audit"
MSG=
nonce=$(randhex 16)
e1=$(randhex 32)
e2=$(randhex 32)
rm -f "$work/c"[0-2].att "$work/c"[0-2].sig
getcad()	# N: GetCommandAuditDigest signed by the AK into c<N>.att
{
	want_ok tt $R tpm2_getcommandauditdigest -c "$work/ak.ctx" -g sha256 -q "$nonce" \
		-m "$work/c$1.att" -s "$work/c$1.sig" -f plain &&
		ossl_ok "getcommandauditdigest $1" "$work/ak.pem" "$work/c$1.sig" "$work/c$1.att"
}
want_ok tt $R tpm2_setcommandauditstatus -C o TPM2_CC_PCR_Extend &&
	getcad 0 && py attest caudit "$work/c0.att" "$akqn" "$nonce" - - 140,182 && c0=$PYOUT &&
	want_ok tt $R tpm2_pcrextend "23:sha256=$e1" &&
	want_ok tt $R tpm2_hash -g sha256 -o "$work/h.out" "$work/msg" &&
	want_ok tt $R tpm2_getrandom -o "$work/r1" 8 &&
	want_ok tt $R tpm2_pcrextend "23:sha256=$e2" &&
	getcad 1 && py pcrext 23 "$e1" "$e2" && want_a=$PYOUT &&
	py attest caudit "$work/c1.att" "$akqn" "$nonce" $((c0 + 1)) "$want_a" 140,182
result attest_command_audit

MSG=
want_ok tt $R tpm2_setcommandauditstatus -C o -c TPM2_CC_PCR_Extend &&
	want_ok tt $R tpm2_pcrextend "23:sha256=$e1" &&
	getcad 2 && py attest caudit "$work/c2.att" "$akqn" "$nonce" $((c0 + 2)) - 140
result attest_command_audit_clear

# ---------------------------------------------------- duplicate, import
#
# A signing key under the primary with authPolicy
# PolicyCommandCode(Duplicate), not fixedTPM or fixedParent; Duplicate
# refuses a password (the DUP role needs a policy session:
# TPM_RC_AUTH_TYPE); to the new parent's public key (loaded external),
# without an inner wrapper and with one (AES-128-CFB, a key the test
# chose); imported and loaded under the new parent it has the same name
# and its signatures verify with the original's public key. Another inner
# key decrypts the integrity value's size field to garbage (TPM_RC_SIZE)
# or the value itself (TPM_RC_INTEGRITY), on parameter 3.

section "duplicate, import"
if [[ -n $dev_mode ]]; then
	skip attest_second_ltpm "not an LTPM: the new parent is a second primary on the same TPM"
else
	ltpm_second
	# On a failure, go on with the same LTPM.
	if ! result attest_second_ltpm; then
		TCTI[tpm2]=${TCTI[tpmrm]}
	fi
fi
D=tpm2

MSG=
rm -f "$work/np.pub" "$work/dk.pub" "$work/dk.priv"
py cc 14b && want_dup=$PYOUT && py tofile "$work/dup.pol" "$want_dup" &&
	want_ok tt $D tpm2_createprimary -C o -G rsa2048 -c "$work/np.ctx" -o "$work/np.pub" &&
	want_ok tt $R tpm2_loadexternal -C o -u "$work/np.pub" -c "$work/npx.ctx" &&
	want_ok tt $R tpm2_create -C "$work/p.ctx" -G rsa2048:rsassa-sha256:null \
		-a 'sensitivedataorigin|userwithauth|sign' -L "$work/dup.pol" \
		-u "$work/dk.pub" -r "$work/dk.priv" -c "$work/dk.ctx" &&
	py name "$work/dk.pub" && dkname=$PYOUT &&
	want_ok tt $R tpm2_readpublic -c "$work/dk.ctx" -f pem -o "$work/dk.pem" &&
	want_rc '0x124|0x924' tt $R tpm2_duplicate -C "$work/npx.ctx" -c "$work/dk.ctx" -G null \
		-r "$work/x.dpriv" -s "$work/x.seed"
result attest_duplicate_setup

# dup_import WRAP: duplicate (WRAP null or aes), import, load, sign.
dup_import()
{
	local w=$1 o=() k=() rc=0
	[[ $w == aes ]] && o=(-i "$work/inner.key") && k=(-k "$work/inner.key")
	rm -f "$work/s.ctx" "$work/d.dpriv" "$work/d.seed" "$work/imp.priv" "$work/imp.name" "$work/d.sig"
	want_ok tt $R tpm2_startauthsession --policy-session -S "$work/s.ctx" &&
		want_ok tt $R tpm2_policycommandcode -S "$work/s.ctx" -L "$work/dup.now" TPM2_CC_Duplicate &&
		{ [[ $(hexf "$work/dup.now") == "$want_dup" ]] ||
			{ MSG="PolicyCommandCode(Duplicate) digest $(hexf "$work/dup.now"), Part 3 gives $want_dup"; false; }; } &&
		want_ok tt $R tpm2_duplicate -C "$work/npx.ctx" -c "$work/dk.ctx" -G "$w" "${o[@]}" \
			-p "session:$work/s.ctx" -r "$work/d.dpriv" -s "$work/d.seed" || rc=1
	done_s $R "$work/s.ctx"
	((rc == 0)) &&
		want_ok tt $D tpm2_import -C "$work/np.ctx" -u "$work/dk.pub" -i "$work/d.dpriv" \
			-s "$work/d.seed" "${k[@]}" -r "$work/imp.priv" &&
		want_ok tt $D tpm2_load -C "$work/np.ctx" -u "$work/dk.pub" -r "$work/imp.priv" \
			-c "$work/imp.ctx" -n "$work/imp.name" &&
		{ [[ $(hexf "$work/imp.name") == "$dkname" ]] ||
			{ MSG="the imported key's name $(hexf "$work/imp.name"), the original's $dkname"; false; }; } &&
		want_ok tt $D tpm2_sign -c "$work/imp.ctx" -g sha256 -f plain -o "$work/d.sig" "$work/msg" &&
		ossl_ok "tpm2_sign with the imported key" "$work/dk.pem" "$work/d.sig" "$work/msg"
}

MSG=
dup_import null
result attest_duplicate_import

MSG=
head -c 16 /dev/urandom >"$work/inner.key"
head -c 16 /dev/urandom >"$work/inner.bad"
dup_import aes &&
	want_rc '0x3d5|0x3df' tt $D tpm2_import -C "$work/np.ctx" -u "$work/dk.pub" \
		-i "$work/d.dpriv" -s "$work/d.seed" -k "$work/inner.bad" -r "$work/imp2.priv"
result attest_duplicate_import_inner_wrapper

# ------------------------------------------------------------------- end

section "end, $tool_runs tool runs"
tt_ltpm_destroy attest

exit $((htpm_failed ? 1 : 0))
