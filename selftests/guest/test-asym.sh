#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RSA and ECC key objects (TPM 2.0 Part 3: CreatePrimary, Create, Load,
# LoadExternal, ReadPublic, Sign, VerifySignature, RSA_Encrypt,
# RSA_Decrypt, ECDH_KeyGen, ECDH_ZGen, ObjectChangeAuth, EvictControl,
# Unseal, HierarchyControl, Clear, TestParms) of one LTPM for a fresh
# network namespace, driven by unchanged tpm2-tools through
# -T device:/dev/tpmN and -T device:/dev/tpmrmN. Every value is checked
# independently: names by hashlib over the public area, public keys by
# parsing the public area in Python (modulus size, point on the curve) and
# by the openssl command line (tpm2_readpublic -f pem), every signature by
# openssl dgst -verify (the tools' TPMT_SIGNATURE converted in Python as
# well as tpm2_sign -f plain), RSA by openssl pkeyutl and by Python's pow
# for raw RSA, ECDH by openssl pkeyutl -derive with an ephemeral key made
# by openssl, HMAC signatures by Python's hmac. The KEYEDHASH and AES
# commands (HMAC, EncryptDecrypt) are test-keys.sh's; HMAC keys appear
# here only as signing keys of TPM2_Sign/TPM2_VerifySignature.
# Through /dev/tpmN the tools leave their objects loaded, so every tool
# run there is followed by tpm2_flushcontext -t (3 object slots).
# The openssl checks run in the guest, outside the LTPM's namespace: the
# guest is the host of its LTPMs.
#
# Check names: asym_<command>_<what>[_tpm|_tpmrm]; the command part says
# which TPM command a failure belongs to (getcap, testparms,
# createprimary, create, unseal, sign, verifysignature, rsaencrypt,
# rsadecrypt, loadexternal, ecdhkeygen, ecdhzgen, geteccparameters,
# zgen2phase, changeauth,
# evictcontrol, startup, hierarchycontrol, load, clear, ltpm).
#
# Outside the guest, ASYM_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (e.g. swtpm, as a reference), with ASYM_POWER_CYCLE
# (e.g. 'swtpm_ioctl --tcp :2322 -i') run between Shutdown and Startup;
# the second-LTPM checks are skipped then. Where a reference TPM
# legitimately differs, the check says so: swtpm (libtpms) has P-521 and
# more curves, and answers RSA padding and size errors with
# TPM_RC_FAILURE (its OpenSSL backend), so there any TPM error is
# accepted for those (want_rc_ltpm) and the code is noted.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-asym-$$
NETNS2=htpm-asym2-$$
DEVS=(tpm tpmrm)
# An unrestricted ECC decryption key for ECDH (tpm2_create -G ecc256:ecdh
# with the tools' default attributes would add sign).
DHATTRS='fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt'
PERSIST_O=0x81000001
PERSIST_O2=0x81000002
PERSIST_P=0x81800000
# RSA key generation makes some tool runs slow.
TT_TIMEOUT=300
tt_init asym
PY=$work/asym.py
declare -A PNAME PCTX

# The independent side in Python (hashlib, hmac, big integers): parses
# what the tools write, converts signatures for openssl, checks points.
cat >"$PY" <<'EOF'
import hashlib, hmac, sys

HASHES = {0x0004: "sha1", 0x000B: "sha256", 0x000C: "sha384", 0x000D: "sha512"}
SIGS = {0x0014: "rsassa", 0x0016: "rsapss", 0x0018: "ecdsa", 0x0005: "hmac"}
# NIST P-256 and P-384 (FIPS 186-4, D.1.2): field prime, b (a = -3), bytes
CURVES = {
    3: (2**256 - 2**224 + 2**192 + 2**96 - 1,
        int("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16), 32),
    4: (2**384 - 2**128 - 2**96 + 2**32 - 1,
        int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f"
            "5013875ac656398d8a2ed19d2a85c8edd3ec2aef", 16), 48),
}


class Rd:
    def __init__(self, b, what):
        self.b, self.o, self.what = b, 0, what

    def take(self, n):
        if self.o + n > len(self.b):
            sys.exit("%s: ends after %d bytes: %s" % (self.what, len(self.b), self.b.hex()[:80]))
        v = self.b[self.o:self.o + n]
        self.o += n
        return v

    def u16(self):
        return int.from_bytes(self.take(2), "big")

    def u32(self):
        return int.from_bytes(self.take(4), "big")

    def b2(self):
        return self.take(self.u16())

    def end(self):
        if self.o != len(self.b):
            sys.exit("%s: %d bytes left over" % (self.what, len(self.b) - self.o))


def rdfile(path):
    with open(path, "rb") as f:
        return f.read()


def tpm2b_body(path):
    b = rdfile(path)
    if len(b) < 2 or int.from_bytes(b[:2], "big") != len(b) - 2:
        sys.exit("%s: not a TPM2B (%d bytes): %s" % (path, len(b), b.hex()[:80]))
    return b[2:]


def sym(r):
    if r.u16() != 0x0010:
        r.u16()
        r.u16()


def scheme(r):
    alg = r.u16()
    return alg, r.u16() if alg != 0x0010 else 0


def on_curve(curve, x, y):
    p, b, _ = CURVES[curve]
    return x < p and y < p and (y * y - (x ** 3 - 3 * x + b)) % p == 0


def pub(path):
    """TPM2B_PUBLIC -> 'rsa BITS E N ATTRS SCHEME HASH' or 'ecc CURVE X Y
    ATTRS SCHEME HASH' (hex); the modulus must have BITS bits, the point
    must be on its curve."""
    r = Rd(tpm2b_body(path), "TPMT_PUBLIC " + path)
    typ, name_alg, attrs = r.u16(), r.u16(), r.u32()
    r.b2()
    if typ == 0x0001:
        sym(r)
        s = scheme(r)
        bits, e = r.u16(), r.u32()
        n = r.b2()
        r.end()
        if len(n) * 8 != bits or not n[0] & 0x80:
            sys.exit("RSA-%d public key with a %d-byte modulus %s.." % (bits, len(n), n.hex()[:16]))
        return "rsa %d %d %s %x %x %x" % (bits, e or 65537, n.hex(), attrs, s[0], s[1])
    if typ == 0x0023:
        sym(r)
        s = scheme(r)
        curve = r.u16()
        if r.u16() != 0x0010:
            r.u16()
        x, y = r.b2(), r.b2()
        r.end()
        if curve not in CURVES or len(x) != CURVES[curve][2] or len(y) != len(x):
            sys.exit("ECC public key: curve %d, %d/%d-byte coordinates" % (curve, len(x), len(y)))
        if not on_curve(curve, int.from_bytes(x, "big"), int.from_bytes(y, "big")):
            sys.exit("ECC public key (%s, %s) not on curve %d" % (x.hex(), y.hex(), curve))
        return "ecc %d %s %s %x %x %x" % (curve, x.hex(), y.hex(), attrs, s[0], s[1])
    sys.exit("public area of type 0x%04x (nameAlg 0x%04x)" % (typ, name_alg))


def der(b, o):
    """the DER TLV at o -> (tag, value, offset after it)"""
    tag, ln = b[o], b[o + 1]
    o += 2
    if ln & 0x80:
        k = ln & 0x7f
        ln = int.from_bytes(b[o:o + k], "big")
        o += k
    return tag, b[o:o + ln], o + ln


def spki(path):
    """SubjectPublicKeyInfo (DER) -> 'rsa N E' or 'ecc X Y' (hex)"""
    b = rdfile(path)
    _, seq, _ = der(b, 0)
    _, alg, o = der(seq, 0)
    _, bits, _ = der(seq, o)
    key = bits[1:]
    if b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01" in alg:
        _, rs, _ = der(key, 0)
        _, n, o = der(rs, 0)
        _, e, _ = der(rs, o)
        return "rsa %x %d" % (int.from_bytes(n, "big"), int.from_bytes(e, "big"))
    if key[0] != 4:
        sys.exit("%s: EC point not uncompressed" % path)
    h = (len(key) - 1) // 2
    return "ecc %s %s" % (key[1:1 + h].hex(), key[1 + h:].hex())


def dint(v):
    b = v.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return bytes([2, len(b)]) + b


def sig(path, out):
    """TPMT_SIGNATURE -> 'SCHEME HASH'; writes the signature as openssl
    takes it to out (RSA: the bytes, ECDSA: DER, HMAC: the digest)"""
    r = Rd(rdfile(path), "TPMT_SIGNATURE " + path)
    alg, h = r.u16(), r.u16()
    if alg in (0x0014, 0x0016):
        v = r.b2()
    elif alg == 0x0018:
        body = dint(r.b2()) + dint(r.b2())
        v = bytes([0x30, len(body)]) + body
    elif alg == 0x0005 and h in HASHES:
        v = r.take(hashlib.new(HASHES[h]).digest_size)
    else:
        sys.exit("signature algorithm 0x%04x, hash 0x%04x" % (alg, h))
    r.end()
    with open(out, "wb") as f:
        f.write(v)
    return "%s %s" % (SIGS[alg], HASHES.get(h, "0x%04x" % h))


def point_file(out, x, y):
    body = len(x).to_bytes(2, "big") + x + len(y).to_bytes(2, "big") + y
    with open(out, "wb") as f:
        f.write(len(body).to_bytes(2, "big") + body)


def point(path):
    """TPM2B_ECC_POINT -> 'X Y' (hex)"""
    r = Rd(tpm2b_body(path), "TPMS_ECC_POINT " + path)
    v = "%s %s" % (r.b2().hex(), r.b2().hex())
    r.end()
    return v


def eccparams(curve, path, derpath):
    """TPMS_ALGORITHM_DETAIL_ECC (tpm2_geteccparameters) against openssl
    ecparam -param_enc explicit (DER ECParameters, SEC 1 C.2)"""
    r = Rd(rdfile(path), "TPMS_ALGORITHM_DETAIL_ECC " + path)
    cid, bits = r.u16(), r.u16()
    kdf, sign = scheme(r), scheme(r)
    v = [int.from_bytes(r.b2(), "big") for _ in range(7)]
    r.end()
    b = rdfile(derpath)
    _, seq, _ = der(b, 0)
    _, _, o = der(seq, 0)                       # version
    _, fld, o = der(seq, o)
    _, _, fo = der(fld, 0)                      # prime-field OID
    _, p, _ = der(fld, fo)
    _, crv, o = der(seq, o)
    _, a, co = der(crv, 0)
    _, bb, _ = der(crv, co)
    _, g, o = der(seq, o)
    _, n, o = der(seq, o)
    _, h, o = der(seq, o)
    n_bytes = CURVES[curve][2]
    ints = lambda x: int.from_bytes(x, "big")
    want = [ints(p), ints(a), ints(bb), ints(g[1:1 + n_bytes]), ints(g[1 + n_bytes:]),
            ints(n), ints(h)]
    if (cid, bits, kdf[0], sign[0]) != (curve, 8 * n_bytes, 0x0010, 0x0010):
        sys.exit("curveID %d keySize %d kdf 0x%04x sign 0x%04x, expected %d %d null null"
                 % (cid, bits, kdf[0], sign[0], curve, 8 * n_bytes))
    names = "p a b gX gY n h".split()
    for k, got, exp in zip(names, v, want):
        if got != exp:
            sys.exit("%s %x, openssl ecparam %x" % (k, got, exp))
    if v[0] != CURVES[curve][0] or v[2] != CURVES[curve][1] or v[1] != v[0] - 3:
        sys.exit("p, a, b differ from FIPS 186-4")


def spkipt(curve, path, out):
    """TPM2B_ECC_POINT -> SubjectPublicKeyInfo DER for openssl -peerform DER"""
    x, y = (bytes.fromhex(v) for v in point(path).split())
    oid = {3: bytes.fromhex("06082a8648ce3d030107"), 4: bytes.fromhex("06052b81040022")}[curve]
    alg = bytes.fromhex("06072a8648ce3d0201") + oid
    alg = bytes([0x30, len(alg)]) + alg
    bits = b"\x00\x04" + x + y
    bits = bytes([0x03, len(bits)]) + bits
    body = alg + bits
    with open(out, "wb") as f:
        f.write(bytes([0x30, len(body)]) + body)


def main(a):
    c = a[0]
    if c == "name":         # PUB: nameAlg (SHA-256) || SHA-256(TPMT_PUBLIC)
        print("000b" + hashlib.sha256(tpm2b_body(a[1])).hexdigest())
    elif c == "namepub":    # PUB: name, then pub on the next line
        print("000b" + hashlib.sha256(tpm2b_body(a[1])).hexdigest())
        print(pub(a[1]))
    elif c == "pub":
        print(pub(a[1]))
    elif c == "spki":
        print(spki(a[1]))
    elif c == "ecpoint":    # SPKI_DER OUT: its point as a TPM2B_ECC_POINT
        _, x, y = spki(a[1]).split()
        point_file(a[2], bytes.fromhex(x), bytes.fromhex(y))
    elif c == "badpoint":   # CURVE OUT: a point not on the curve
        n = CURVES[int(a[1])][2]
        x, y = b"\x01" * n, b"\x02" * n
        if on_curve(int(a[1]), int.from_bytes(x, "big"), int.from_bytes(y, "big")):
            sys.exit("badpoint is on the curve")
        point_file(a[2], x, y)
    elif c == "point":
        print(point(a[1]))
    elif c == "oncurve":    # CURVE POINTFILE
        x, y = point(a[2]).split()
        if len(x) != 2 * CURVES[int(a[1])][2] or not on_curve(int(a[1]), int(x, 16), int(y, 16)):
            sys.exit("(%s, %s) is not a point of curve %s" % (x, y, a[1]))
    elif c == "sig":        # SIG OUT
        print(sig(a[1], a[2]))
    elif c == "ticket":     # TPMT_TK_VERIFIED -> TAG HIERARCHY DIGESTSIZE
        r = Rd(rdfile(a[1]), "TPMT_TK_VERIFIED " + a[1])
        v = "%04x 0x%08x %d" % (r.u16(), r.u32(), len(r.b2()))
        r.end()
        print(v)
    elif c == "flip":       # IN OUT [OFFSET]: one bit flipped
        b = bytearray(rdfile(a[1]))
        b[int(a[3]) if len(a) > 3 else len(b) // 2] ^= 1
        with open(a[2], "wb") as f:
            f.write(b)
    elif c == "rsaraw":     # N_HEX E FILE: FILE^E mod N, modulus-sized hex
        n, e = int(a[1], 16), int(a[2])
        m = int.from_bytes(rdfile(a[3]), "big")
        print(pow(m, e, n).to_bytes((n.bit_length() + 7) // 8, "big").hex())
    elif c == "sameint":    # A B: the same number, big-endian?
        if int.from_bytes(rdfile(a[1]), "big") != int.from_bytes(rdfile(a[2]), "big"):
            sys.exit("%s (%s) != %s (%s)" % (a[1], rdfile(a[1]).hex()[-32:],
                                             a[2], rdfile(a[2]).hex()[-32:]))
    elif c == "hmacsig":    # KEY_HEX HASH MSG: HMAC(key, HASH(msg)), hex
        d = hashlib.new(a[2], rdfile(a[3])).digest()
        print(hmac.new(bytes.fromhex(a[1]), d, a[2]).hexdigest())
    elif c == "gt":         # N_HEX OUT: N + 1 as modulus-sized bytes
        n = int(a[1], 16)
        with open(a[2], "wb") as f:
            f.write((n + 1).to_bytes((n.bit_length() + 7) // 8, "big"))
    elif c == "eccparams":  # CURVE PARAMS_FILE ECPARAM_DER
        eccparams(int(a[1]), a[2], a[3])
    elif c == "spkipt":     # CURVE POINTFILE OUT
        spkipt(int(a[1]), a[2], a[3])
    elif c == "u16":        # FILE: a big-endian UINT16 (tpm2_ecephemeral -t)
        b = rdfile(a[1])
        if len(b) != 2:
            sys.exit("%s: %d bytes, not a UINT16" % (a[1], len(b)))
        print(int.from_bytes(b, "big"))
    else:
        sys.exit("asym.py: unknown command " + c)


main(sys.argv[1:])
EOF

# want_rc_ltpm RC CMD...: want_rc on an LTPM; against a reference TPM any
# TPM error (libtpms answers RSA padding and size errors with
# TPM_RC_FAILURE), noted.
want_rc_ltpm()
{
	local rc=$1
	shift
	[[ -z $dev_mode ]] && { want_rc "$rc" "$@"; return; }
	if "$@"; then
		MSG="'$LAST' succeeded, expected a TPM error"
		return 1
	fi
	[[ -n $(tpm_rc) ]] || { MSG="'$LAST' failed without a TPM rc: $(errmsg)"; return 1; }
	[[ "|$rc|" == *"|$(tpm_rc)|"* ]] || note "reference TPM: '$LAST': rc $(tpm_rc), an LTPM must answer $rc"
	return 0
}

# py WHAT ARG...: run asym.py; its output in PYOUT, MSG on failure.
py()
{
	local what=$1
	shift
	PYOUT=$(python3 "$PY" "$@" 2>&1) && return 0
	MSG="$what: $(tail -n 1 <<<"$PYOUT")"
	return 1
}

# readpub DEV CTX [PEM]: tpm2_readpublic of CTX; NAME is the name (hex),
# which must be nameAlg || SHA-256 of the TPMT_PUBLIC the tool wrote (-o,
# kept in $work/rp.pub) and the name it printed; KEY is asym.py pub of
# the public area (type, size, key; a modulus of the wrong size or a
# point off the curve fails). With PEM, tpm2_readpublic -f pem writes it
# there, openssl must take it, and it must hold the same key. MSG on
# failure.
readpub()
{
	KEY=
	readpub_name "$1" "$2" || return 1
	py "public area of $2" namepub "$work/rp.pub" || return 1
	name_is "$2" "${PYOUT%%$'\n'*}" || return 1
	KEY=${PYOUT#*$'\n'}
	[[ -n ${3:-} ]] || return 0
	rm -f "$3"
	want_ok tt "$1" tpm2_readpublic -c "$2" -f pem -o "$3" || return 1
	pem_is_key "$3" "$KEY"
}

# pem_is_key PEM KEY: openssl takes the PEM public key, and it holds KEY
# (asym.py pub output); else MSG.
pem_is_key()
{
	local t bits e n x y want
	if ! openssl pkey -pubin -in "$1" -noout -text >"$work/ossl.txt" 2>&1 ||
		! openssl pkey -pubin -in "$1" -outform DER -out "$work/pem.der" 2>>"$work/ossl.txt"; then
		MSG="openssl pkey -pubin -in $1: $(tail -n 2 "$work/ossl.txt" | tr '\n' ' ')"
		return 1
	fi
	py "DER of $1" spki "$work/pem.der" || return 1
	read -r t bits e n _ <<<"$2"
	if [[ $t == rsa ]]; then
		want="rsa ${n#"${n%%[!0]*}"} $e"
		grep -q "Public-Key: ($bits bit)" "$work/ossl.txt" ||
			{ MSG="openssl: $(head -n 1 "$work/ossl.txt"), expected $bits bits"; return 1; }
	else
		read -r t _ x y _ <<<"$2"
		want="ecc $x $y"
	fi
	[[ $PYOUT == "$want" ]] && return 0
	MSG="$1 holds '${PYOUT:0:80}', the public area '${want:0:80}'"
	return 1
}

# key_is KEY TYPE SIZE|CURVE [SCHEME HASH]: KEY (asym.py pub) is that
# kind of key; else MSG.
key_is()
{
	local t s attrs sch h
	read -r t s _ _ attrs sch h <<<"$1"
	if [[ $t != "$2" || $s != "$3" ]]; then
		MSG="public key '${1:0:40}..', expected $2 $3"
		return 1
	fi
	[[ -z ${4:-} || ($sch == "$4" && $h == "$5") ]] && return 0
	MSG="public key scheme 0x$sch hash 0x$h, expected 0x$4 0x$5"
	return 1
}

# primary DEV H TEMPLATE CTX: tpm2_createprimary -C H -G TEMPLATE -c CTX;
# NAME and KEY as readpub. MSG on failure.
primary()
{
	want_ok tt "$1" tpm2_createprimary -C "$2" -G "$3" -c "$4" &&
		readpub "$1" "$4"
}

# ticket_is FILE HIERARCHY: a TPMT_TK_VERIFIED of HIERARCHY with a digest.
ticket_is()
{
	py "ticket $1" ticket "$1" || return 1
	local tag h n
	read -r tag h n <<<"$PYOUT"
	[[ $tag == 8022 && $h == "$2" ]] && ((n > 0)) && return 0
	MSG="ticket tag $tag hierarchy $h digest $n bytes, expected 8022 $2 and a digest"
	return 1
}

# ossl_verify PEM SCHEME HASH SIG MSGFILE: openssl verifies SIG.
ossl_verify()
{
	local o=()
	[[ $2 == rsapss ]] && o=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:auto)
	openssl dgst "-$3" "${o[@]}" -verify "$1" -signature "$4" "$5" >"$work/ossl.txt" 2>&1
}

# ossl_ok / ossl_bad PEM SCHEME HASH SIG: openssl accepts SIG for msg /
# refuses it for msg.bad; else MSG.
ossl_ok()
{
	ossl_verify "$1" "$2" "$3" "$4" "$work/msg" && return 0
	MSG="openssl dgst -$3 -verify ($2) of $4: $(tail -n 2 "$work/ossl.txt" | tr '\n' ' ')"
	return 1
}

ossl_bad()
{
	ossl_verify "$1" "$2" "$3" "$4" "$work/msg.bad" || return 0
	MSG="openssl dgst -$3 -verify ($2) accepted $4 for another message"
	return 1
}

# sign_check DEV CTX PEM SCHEME HASH [AUTH]: tpm2_sign -f plain and (TSS
# format) -o sig.tss; openssl verifies both for msg and refuses them for
# msg.bad; the TPMT_SIGNATURE names SCHEME and HASH; RSASSA is
# deterministic (both the same), RSAPSS has a random salt (both differ;
# ECDSA may be deterministic, RFC 6979). MSG on failure.
sign_check()
{
	local dev=$1 ctx=$2 pem=$3 s=$4 g=$5 a=()
	[[ -n ${6:-} ]] && a=(-p "$6")
	rm -f "$work/sig.plain" "$work/sig.tss" "$work/sig.conv"
	want_ok tt "$dev" tpm2_sign -c "$ctx" "${a[@]}" -g "$g" -s "$s" -f plain -o "$work/sig.plain" "$work/msg" &&
		ossl_ok "$pem" "$s" "$g" "$work/sig.plain" && ossl_bad "$pem" "$s" "$g" "$work/sig.plain" &&
		want_ok tt "$dev" tpm2_sign -c "$ctx" "${a[@]}" -g "$g" -s "$s" -o "$work/sig.tss" "$work/msg" &&
		py "tpm2_sign -o" sig "$work/sig.tss" "$work/sig.conv" &&
		{ [[ $PYOUT == "$s $g" ]] || { MSG="TPMT_SIGNATURE of '$LAST': $PYOUT, expected $s $g"; false; }; } &&
		ossl_ok "$pem" "$s" "$g" "$work/sig.conv" && ossl_bad "$pem" "$s" "$g" "$work/sig.conv" &&
		case $s in
		rsassa) same_files "RSASSA signatures of the same digest (-f plain, tss)" "$work/sig.plain" "$work/sig.conv" ;;
		rsapss) diff_files "two RSAPSS signatures of the same digest" "$work/sig.plain" "$work/sig.conv" ;;
		esac
}

# verify_check DEV CTX SCHEME HASH HIERARCHY [plain]: tpm2_verifysignature
# of the sig.tss sign_check made: a ticket of HIERARCHY (none for the null
# hierarchy: the tools write no file for a NULL ticket), and
# TPM_RC_SIGNATURE (parameter 2) for msg.bad; with plain, the same for
# sig.plain (tpm2_verifysignature -f SCHEME). MSG on failure.
verify_check()
{
	local dev=$1 ctx=$2 s=$3 g=$4 h=$5 plain=${6:-}
	rm -f "$work/tk" "$work/tk2"
	want_ok tt "$dev" tpm2_verifysignature -c "$ctx" -g "$g" -m "$work/msg" -s "$work/sig.tss" -t "$work/tk" &&
		if [[ $h == null ]]; then
			[[ ! -e $work/tk ]] || { MSG="a ticket file for a null-hierarchy key: $(hexf "$work/tk" | cut -c1-32)"; false; }
		else
			ticket_is "$work/tk" "$h"
		fi &&
		want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$ctx" -g "$g" -m "$work/msg.bad" -s "$work/sig.tss" -t "$work/tk2" &&
		if [[ -n $plain ]]; then
			want_ok tt "$dev" tpm2_verifysignature -c "$ctx" -g "$g" -m "$work/msg" -f "$s" -s "$work/sig.plain" -t "$work/tk2" &&
				want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$ctx" -g "$g" -m "$work/msg.bad" -f "$s" -s "$work/sig.plain" -t "$work/tk2"
		fi
}

# persistent_list DEV: the persistent handles, one line.
persistent_list()
{
	tt "$1" tpm2_getcap handles-persistent || return 1
	sed -n 's/^- //p' "$work/out" | tr '\n' ' '
}

# pt_var NAME: a TPM2_PT_ value of tpm2_getcap properties-variable.
pt_var()
{
	tt tpm tpm2_getcap properties-variable || return 1
	awk -v n="$1:" '$1 == n { print $2; exit }' "$work/out"
}

# raw_rc RC DEV CC PARAMS: a raw command without sessions (tpmcmd.py
# rawcmd) answers RC; else MSG.
raw_rc()
{
	local got
	got=$(python3 "$TPMCMD" rawcmd "${RAW[$2]}" "$3" "$4" 2>&1)
	[[ $got == "rc $1" ]] && return 0
	MSG="raw command $3 $4: ${got:-no output}, expected rc $1"
	return 1
}

section()
{
	note "asym: $* (at $SECONDS s)"
}

# ------------------------------------------------------------------ setup

tt_setup asym ASYM asym flush
tt_da_off asym
if ! command -v openssl >/dev/null; then
	fail asym "no openssl command: the signatures, RSA and ECDH values cannot be checked"
	exit 1
fi
head -c 300 /dev/urandom >"$work/msg"
cp "$work/msg" "$work/msg.bad"
printf x >>"$work/msg.bad"

# ------------------------------------------------- getcap, testparms

section "getcap, testparms"
for dev in "${DEVS[@]}"; do
	MSG=
	if want_ok tt "$dev" tpm2_getcap algorithms; then
		miss=()
		for a in rsa ecc rsassa rsapss rsaes oaep ecdsa ecdh; do
			grep -q "^$a:" "$work/out" || miss+=("$a")
		done
		((${#miss[@]} == 0)) || MSG="tpm2_getcap algorithms does not list ${miss[*]}"
		[[ -z $MSG ]]
	fi
	result "asym_getcap_algorithms_$dev"

	want_ok tt "$dev" tpm2_testparms rsa2048 && want_ok tt "$dev" tpm2_testparms rsa3072 &&
		want_ok tt "$dev" tpm2_testparms ecc256 && want_ok tt "$dev" tpm2_testparms ecc384 &&
		want_ok tt "$dev" tpm2_testparms rsa2048:rsapss:null && want_ok tt "$dev" tpm2_testparms ecc256:ecdh
	result "asym_testparms_$dev"
done

# The curves: P-256 and P-384 listed (an LTPM: only these).
MSG=
if want_ok tt tpm tpm2_getcap ecc-curves; then
	c=$(awk -F: '{ print $1 }' "$work/out" | tr '\n' ' ')
	[[ " $c " == *" TPM2_ECC_NIST_P256 "* && " $c " == *" TPM2_ECC_NIST_P384 "* ]] ||
		MSG="tpm2_getcap ecc-curves: $c"
	[[ -n $dev_mode || $c == "TPM2_ECC_NIST_P256 TPM2_ECC_NIST_P384 " ]] ||
		MSG="tpm2_getcap ecc-curves: $c, expected TPM2_ECC_NIST_P256 TPM2_ECC_NIST_P384"
	[[ -z $MSG ]]
fi
result asym_getcap_ecc_curves

# tpm2-tools 5.4 has no rsa4096 specifier, so TestParms goes raw:
# TPMT_PUBLIC_PARMS RSA, symmetric NULL, scheme NULL, 4096 bits, exponent
# 0: TPM_RC_VALUE on parameter 1 (TPMI_RSA_KEY_BITS). ECC P-521: the
# LTPM has no such curve (TPM_RC_CURVE on parameter 1); swtpm has.
raw_rc 0x1c4 tpm 0x18a 000100100010100000000000 &&
	raw_rc 0x1c4 tpmrm 0x18a 000100100010100000000000 &&
	raw_rc 0x000 tpm 0x18a 000100100010080000000000 &&
	if [[ -n $dev_mode ]]; then
		note "asym: ecc521 not checked against a reference TPM (swtpm has P-521)"
	else
		raw_rc 0x1e6 tpm 0x18a 00230010001000050010 &&
			raw_rc 0x1e6 tpmrm 0x18a 00230010001000050010 &&
			{ ! tt tpm tpm2_testparms ecc521 || { MSG="tpm2_testparms ecc521 accepted"; false; }; }
	fi
result asym_testparms_refused

# -------------------------------------------- CreatePrimary, ReadPublic
#
# The tools' default templates (restricted decrypt, AES-128-CFB: storage
# parents). The same template in the same hierarchy twice (once through
# each device) gives the same key; another hierarchy another. The null
# hierarchy's primaries are the same within one TPM Reset.

section "createprimary"
for spec in rsa2048:o:2 rsa2048:e:2 rsa2048:n:2 ecc256:o:2 ecc256:e:2 ecc256:n:2 \
	rsa3072:o:2 rsa3072:e:1 ecc384:o:2 ecc384:e:1; do
	IFS=: read -r g h times <<<"$spec"
	case $g in
	rsa*) wt=rsa ws=${g#rsa} ;;
	ecc256) wt=ecc ws=3 ;;
	ecc384) wt=ecc ws=4 ;;
	esac
	ctx=$work/p.$g.$h.ctx
	PCTX[$g.$h]=$ctx
	primary tpm "$h" "$g" "$ctx" && n1=$NAME && k1=$KEY &&
		key_is "$KEY" "$wt" "$ws" && PNAME[$g.$h]=$NAME && cp "$work/rp.pub" "$work/p.$g.$h.pub" &&
		readpub tpmrm "$ctx" "$work/p.$g.$h.pem" &&
		if ((times == 2)); then
			primary tpmrm "$h" "$g" "$work/p2.ctx" &&
				{ [[ $n1 == "$NAME" && $k1 == "$KEY" ]] ||
					{ MSG="-C $h -G $g twice (through tpm, tpmrm): names $n1 and $NAME"; false; }; }
		fi
	result "asym_createprimary_${g}_$h"
done

MSG=
for g in rsa2048 ecc256 rsa3072 ecc384; do
	names=()
	for h in o e n; do
		[[ -n ${PCTX[$g.$h]:-} ]] && names+=("${PNAME[$g.$h]:-x$h}")
	done
	(($(printf '%s\n' "${names[@]}" | sort -u | wc -l) == ${#names[@]})) ||
		MSG+="the $g primaries of o/e/n have equal names: ${names[*]}; "
done
[[ -z $MSG ]]
result asym_createprimary_per_hierarchy

# The attributes of the default template: fixedTPM|fixedParent|
# sensitiveDataOrigin|userWithAuth|restricted|decrypt, scheme NULL.
MSG=
for k in rsa2048.o ecc384.e; do
	py "primary $k" pub "$work/p.$k.pub" &&
		read -r _ _ _ _ attrs sch _ <<<"$PYOUT" &&
		{ [[ $attrs == 30072 && $sch == 10 ]] || MSG+="$k: attributes 0x$attrs, scheme 0x$sch; "; }
done
[[ -z $MSG ]]
result asym_createprimary_default_attributes

P_RSA=${PCTX[rsa2048.o]}
P_ECC=${PCTX[ecc256.o]}

# ------------------------------------------------ Create, Load, ReadPublic
#
# Children of each kind under an RSA and an ECC parent; each loaded
# through both devices, its public area as tpm2_create wrote it.

section "create, load"
declare -A KCTX KPEM KPUB
# name, parent, tpm2_create -G, type, size or curve, scheme, its hash, the
# device tpm2_create goes through. tpm2-tools 5.4 gives an RSA signing key
# a symmetric algorithm unless told :null (TPM_RC_SYMMETRIC otherwise).
CHILDREN=(
	"rsa rsa2048.o rsa2048 rsa 2048 10 0 tpm"
	"ecc ecc256.o ecc256 ecc 3 10 0 tpmrm"
	"pss3072 ecc256.o rsa3072:rsapss:null rsa 3072 16 b tpm"
	"ecdsa384 rsa2048.o ecc384:ecdsa ecc 4 18 b tpmrm"
	"ecc_r rsa2048.o ecc256:ecdsa ecc 3 18 b tpm"
)
for c in "${CHILDREN[@]}"; do
	read -r k plabel g t s sch h cdev <<<"$c"
	par=${PCTX[$plabel]}
	KPUB[$k]=$work/$k.pub
	KCTX[$k]=$work/$k.ctx
	KPEM[$k]=$work/$k.pem
	MSG=
	want_ok tt "$cdev" tpm2_create -C "$par" -G "$g" -u "$work/$k.pub" -r "$work/$k.priv" &&
		py "tpm2_create -u" pub "$work/$k.pub" && key_is "$PYOUT" "$t" "$s" "$sch" "$h" &&
		for dev in "${DEVS[@]}"; do
			pem=$work/$k.pem
			[[ $dev == tpmrm ]] && pem=
			want_ok tt "$dev" tpm2_load -C "$par" -u "$work/$k.pub" -r "$work/$k.priv" -c "$work/$k.ctx" &&
				readpub "$dev" "$work/$k.ctx" "$pem" &&
				same_files "tpm2_readpublic of the loaded key vs tpm2_create -u" "$work/rp.pub" "$work/$k.pub" ||
				break
		done && [[ -z $MSG ]]
	result "asym_create_${g//:/_}_under_${plabel/./_}"
done
# Two keys of one template differ.
MSG=
want_ok tt tpm tpm2_create -C "$P_RSA" -G ecc256:ecdsa -u "$work/ecc_r2.pub" -r "$work/ecc_r2.priv" &&
	diff_files "two ecc256 keys made by tpm2_create" "$work/ecc_r.pub" "$work/ecc_r2.pub"
result asym_create_keys_differ

# ------------------------------------------------ sealed data, password

section "unseal"
head -c 64 /dev/urandom >"$work/secret"
for par in rsa2048.o ecc256.o; do
	dev=tpm
	[[ $par == ecc256.o ]] && dev=tpmrm
	P=${PCTX[$par]}
	want_ok tt "$dev" tpm2_create -C "$P" -i "$work/secret" -p sealpw -u "$work/s.$par.pub" -r "$work/s.$par.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/s.$par.pub" -r "$work/s.$par.priv" -c "$work/s.$par.ctx" &&
		want_ok tt tpm tpm2_unseal -c "$work/s.$par.ctx" -p sealpw -o "$work/unsealed" &&
		same_files "tpm2_unseal -p" "$work/unsealed" "$work/secret" &&
		want_ok tt tpmrm tpm2_unseal -c "$work/s.$par.ctx" -p sealpw -o "$work/unsealed" &&
		same_files "tpm2_unseal -p through tpmrm" "$work/unsealed" "$work/secret"
	result "asym_unseal_password_under_$par"
	want_rc 0x98e tt "$dev" tpm2_unseal -c "$work/s.$par.ctx" -p wrongpw -o "$work/unsealed" &&
		want_rc 0x98e tt "$dev" tpm2_unseal -c "$work/s.$par.ctx" -o "$work/unsealed"
	result "asym_unseal_wrong_password_under_$par"
done

# ------------------------------------------------ Sign, VerifySignature
#
# Every signature verified by openssl with the PEM tpm2_readpublic wrote,
# by tpm2_verifysignature (a ticket of the key's hierarchy), and refused
# for another message by both. Keys with scheme NULL take the command's
# scheme; SHA-384 with P-256 (a digest longer than the curve) and SHA-256
# with P-384. Through tpmrm a subset.

section "sign, verifysignature"
SIGNS_TPM=("rsa rsassa sha256" "rsa rsapss sha384" "ecc ecdsa sha256" "ecc ecdsa sha384"
	"pss3072 rsapss sha256" "ecdsa384 ecdsa sha256")
SIGNS_TPMRM=("rsa rsassa sha384" "rsa rsapss sha256" "ecc ecdsa sha384" "ecc_r ecdsa sha256")
for dev in "${DEVS[@]}"; do
	if [[ $dev == tpm ]]; then
		list=("${SIGNS_TPM[@]}")
	else
		list=("${SIGNS_TPMRM[@]}")
	fi
	for c in "${list[@]}"; do
		read -r k s g <<<"$c"
		sign_check "$dev" "${KCTX[$k]}" "${KPEM[$k]}" "$s" "$g"
		if result "asym_sign_${k}_${s}_${g}_$dev"; then
			verify_check "$dev" "${KCTX[$k]}" "$s" "$g" 0x40000001 plain
		else
			MSG="no signature (asym_sign_${k}_${s}_${g}_$dev failed)"
			false
		fi
		result "asym_verifysignature_${k}_${s}_${g}_$dev"
	done
done

# A key's scheme fixes the scheme: an RSASSA signature from an RSAPSS
# key, an RSA scheme with an ECC key are refused (tpm2-tools refuses some
# itself: the TPM's TPM_RC_SCHEME where it answers).
MSG=
! tt tpm tpm2_sign -c "${KCTX[pss3072]}" -g sha256 -s rsassa -o "$work/x.sig" "$work/msg" ||
	MSG="'$LAST' succeeded"
! tt tpm tpm2_sign -c "${KCTX[ecc]}" -g sha256 -s rsassa -o "$work/x.sig" "$work/msg" ||
	MSG+="'$LAST' succeeded"
[[ -z $MSG ]]
result asym_sign_wrong_scheme_refused

# A restricted decryption key (a storage primary) does not sign:
# TPM_RC_KEY (TPM 2.0 Part 3, TPM2_Sign: not a signing key) or
# TPM_RC_ATTRIBUTES.
want_rc "0x19c|0x182" tt tpm tpm2_sign -c "$P_ECC" -g sha256 -s ecdsa -o "$work/x.sig" "$work/msg"
result asym_sign_storage_key_refused

# HMAC keys sign through TPM2_Sign too: a key with known key bytes
# (tpmcmd.py keycreate: scheme HMAC SHA-256, under the owner's
# aes128cfb primary); the signature is HMAC(key, SHA-256(message)).
for dev in "${DEVS[@]}"; do
	MSG=
	hkey=$(od -An -tx1 -v -N 32 /dev/urandom | tr -d ' \n')
	out=$(python3 "$TPMCMD" keycreate "${RAW[$dev]}" o hmac "$hkey" "$work/hk.pub" "$work/hk.priv" 2>&1) ||
		{ MSG="tpmcmd.py keycreate hmac: $out"; false; } &&
		want_ok tt "$dev" tpm2_createprimary -C o -G aes128cfb -c "$work/paes.ctx" &&
		want_ok tt "$dev" tpm2_load -C "$work/paes.ctx" -u "$work/hk.pub" -r "$work/hk.priv" -c "$work/hk.ctx" &&
		want_ok tt "$dev" tpm2_sign -c "$work/hk.ctx" -g sha256 -o "$work/sig.tss" "$work/msg" &&
		py "tpm2_sign -o" sig "$work/sig.tss" "$work/sig.conv" &&
		{ [[ $PYOUT == "hmac sha256" ]] || { MSG="TPMT_SIGNATURE $PYOUT, expected hmac sha256"; false; }; } &&
		py hmac hmacsig "$hkey" sha256 "$work/msg" &&
		{ [[ $(hexf "$work/sig.conv") == "$PYOUT" ]] ||
			{ MSG="HMAC signature $(hexf "$work/sig.conv"), expected $PYOUT"; false; }; } &&
		want_ok tt "$dev" tpm2_sign -c "$work/hk.ctx" -g sha256 -s hmac -f plain -o "$work/sig.plain" "$work/msg" &&
		same_files "HMAC signature -f plain vs tss" "$work/sig.plain" "$work/sig.conv"
	if result "asym_sign_hmac_$dev"; then
		verify_check "$dev" "$work/hk.ctx" hmac sha256 0x40000001
	else
		MSG="no signature (asym_sign_hmac_$dev failed)"
		false
	fi
	result "asym_verifysignature_hmac_$dev"
done

# ------------------------------------------------ RSA_Encrypt, RSA_Decrypt
#
# The RSA-2048 child (sign|decrypt, scheme NULL): RSAES-PKCS1-v1_5 up to
# 245 bytes, OAEP (SHA-256, with a label) up to 190 bytes; one byte more
# is TPM_RC_VALUE (the reference code answers it without a position; with
# parameter 1 is as good). openssl encrypts with the PEM, the TPM
# decrypts; raw RSA (scheme NULL) equals Python's pow.

section "rsaencrypt, rsadecrypt"
K=${KCTX[rsa]}
read -r _ _ RSA_E RSA_N _ <<<"$(python3 "$PY" pub "${KPUB[rsa]}" 2>/dev/null)"
head -c 245 /dev/urandom >"$work/m245"
head -c 246 /dev/urandom >"$work/m246"
head -c 190 /dev/urandom >"$work/m190"
head -c 191 /dev/urandom >"$work/m191"
head -c 1 /dev/urandom >"$work/m1"
# The label: tpm2-tools appends a 0 byte, which is part of the label.
printf 'htpm label' >"$work/label"
LABELHEX=$(printf 'htpm label\0' | od -An -tx1 -v | tr -d ' \n')
# A raw RSA input below the modulus: a zero byte, then random bytes.
{ printf '\0'; head -c 255 /dev/urandom; } >"$work/m256"

for dev in "${DEVS[@]}"; do
	for m in m245 m1; do
		want_ok tt "$dev" tpm2_rsaencrypt -c "$K" -s rsaes -o "$work/c.$m" "$work/$m" &&
			{ (($(stat -c %s "$work/c.$m") == 256)) || { MSG="ciphertext of $(stat -c %s "$work/c.$m") bytes"; false; }; } &&
			want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s rsaes -o "$work/p.$m" "$work/c.$m" &&
			same_files "RSAES decrypted $m" "$work/p.$m" "$work/$m" || break
	done &&
		want_ok tt "$dev" tpm2_rsaencrypt -c "$K" -s rsaes -o "$work/c2.m245" "$work/m245" &&
		diff_files "two RSAES encryptions (random padding)" "$work/c.m245" "$work/c2.m245"
	result "asym_rsaencrypt_rsaes_$dev"

	# OAEP and the openssl ciphertexts through one device each.
	if [[ $dev == tpm ]]; then
		openssl pkeyutl -encrypt -pubin -inkey "${KPEM[rsa]}" -in "$work/m245" -out "$work/oc" 2>"$work/ossl.txt" &&
			want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s rsaes -o "$work/op" "$work/oc" &&
			same_files "RSAES (openssl) decrypted" "$work/op" "$work/m245"
		result "asym_rsadecrypt_openssl_rsaes_$dev"

		want_ok tt "$dev" tpm2_rsaencrypt -c "$K" -s oaep -l "$work/label" -o "$work/co" "$work/m190" &&
			want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s oaep -l "$work/label" -o "$work/po" "$work/co" &&
			same_files "OAEP decrypted" "$work/po" "$work/m190" &&
			want_ok tt "$dev" tpm2_rsaencrypt -c "$K" -s oaep -o "$work/co2" "$work/m1" &&
			want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s oaep -o "$work/po2" "$work/co2" &&
			same_files "OAEP (no label) decrypted" "$work/po2" "$work/m1" &&
			want_rc_ltpm "0x084|0x1c4" tt "$dev" tpm2_rsadecrypt -c "$K" -s oaep -l other -o "$work/x" "$work/co" &&
			want_rc_ltpm "0x084|0x1c4" tt "$dev" tpm2_rsadecrypt -c "$K" -s oaep -o "$work/x" "$work/co"
		result "asym_rsaencrypt_oaep_label_$dev"
	else
		openssl pkeyutl -encrypt -pubin -inkey "${KPEM[rsa]}" -pkeyopt rsa_padding_mode:oaep \
			-pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -pkeyopt "rsa_oaep_label:$LABELHEX" \
			-in "$work/m190" -out "$work/oc" 2>"$work/ossl.txt" &&
			want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s oaep -l "$work/label" -o "$work/op" "$work/oc" &&
			same_files "OAEP (openssl, label) decrypted" "$work/op" "$work/m190"
		result "asym_rsadecrypt_openssl_oaep_$dev"
	fi

	# Raw RSA: the ciphertext is m^e mod n; decrypting openssl's raw
	# ciphertext gives the number back (leading zero bytes or not).
	want_ok tt "$dev" tpm2_rsaencrypt -c "$K" -s null -o "$work/cn" "$work/m256" &&
		py "raw RSA" rsaraw "$RSA_N" "$RSA_E" "$work/m256" &&
		{ [[ $(hexf "$work/cn") == "$PYOUT" ]] || { MSG="raw RSA ciphertext $(hexf "$work/cn" | cut -c1-32).., expected ${PYOUT:0:32}.."; false; }; } &&
		want_ok tt "$dev" tpm2_rsadecrypt -c "$K" -s null -o "$work/pn" "$work/cn" &&
		py "raw RSA decrypted" sameint "$work/pn" "$work/m256" &&
		openssl pkeyutl -encrypt -pubin -inkey "${KPEM[rsa]}" -pkeyopt rsa_padding_mode:none \
			-in "$work/m256" -out "$work/oc" 2>"$work/ossl.txt" &&
		same_files "raw RSA by openssl and the TPM" "$work/oc" "$work/cn"
	result "asym_rsaencrypt_null_$dev"
done

# At the limits: one byte more than RSAES and OAEP take, a raw input not
# below the modulus: TPM_RC_VALUE; a ciphertext not of the modulus' size:
# TPM_RC_SIZE (parameter 1, or without a position as in the reference
# code).
py "modulus + 1" gt "$RSA_N" "$work/mgt" &&
	want_rc_ltpm "0x084|0x1c4" tt tpm tpm2_rsaencrypt -c "$K" -s rsaes -o "$work/x" "$work/m246" &&
	want_rc_ltpm "0x084|0x1c4" tt tpmrm tpm2_rsaencrypt -c "$K" -s oaep -o "$work/x" "$work/m191" &&
	want_rc_ltpm "0x084|0x1c4" tt tpm tpm2_rsaencrypt -c "$K" -s null -o "$work/x" "$work/mgt" &&
	want_rc_ltpm "0x084|0x1c4" tt tpm tpm2_rsadecrypt -c "$K" -s null -o "$work/x" "$work/mgt" &&
	want_rc_ltpm "0x095|0x1d5" tt tpmrm tpm2_rsadecrypt -c "$K" -s rsaes -o "$work/x" "$work/m245"
result asym_rsaencrypt_limits

# Not a decryption key: RSA_Decrypt with the RSA-3072 PSS signing key
# (decrypt CLEAR) is TPM_RC_ATTRIBUTES or TPM_RC_KEY on the key handle;
# a restricted decryption key (the storage primary) likewise.
want_rc "0x182|0x19c" tt tpm tpm2_rsadecrypt -c "${KCTX[pss3072]}" -s rsaes -o "$work/x" "$work/c.m245" &&
	want_rc "0x182|0x19c" tt tpm tpm2_rsadecrypt -c "$P_RSA" -s rsaes -o "$work/x" "$work/c.m245"
result asym_rsadecrypt_not_decrypt_key_refused

# ------------------------------------------------------ LoadExternal
#
# Public keys made by openssl verify openssl's signatures (a ticket of
# the owner, none from the null hierarchy); private keys made by openssl,
# loaded into the null hierarchy, sign, and openssl verifies; a private
# key outside the null hierarchy is TPM_RC_HIERARCHY (parameter 3).

section "loadexternal"
if ! openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/or.key" 2>/dev/null ||
	! openssl pkey -in "$work/or.key" -pubout -out "$work/or.pem" 2>/dev/null ||
	! openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/oe.key" 2>/dev/null ||
	! openssl pkey -in "$work/oe.key" -pubout -out "$work/oe.pem" 2>/dev/null ||
	! openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$work/oe3.key" 2>/dev/null ||
	! openssl pkey -in "$work/oe3.key" -pubout -out "$work/oe3.pem" 2>/dev/null; then
	fail asym_loadexternal_keys "openssl genpkey failed"
fi
# Each through one device (the other kind through the other).
dev=tpm
openssl dgst -sha256 -sign "$work/or.key" -out "$work/or.sig" "$work/msg" 2>/dev/null &&
	openssl dgst -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-sign "$work/or.key" -out "$work/orpss.sig" "$work/msg" 2>/dev/null &&
	want_ok tt "$dev" tpm2_loadexternal -C o -G rsa -u "$work/or.pem" -c "$work/or.ctx" &&
	readpub "$dev" "$work/or.ctx" && key_is "$KEY" rsa 2048 && pem_is_key "$work/or.pem" "$KEY" &&
	rm -f "$work/tk" &&
	want_ok tt "$dev" tpm2_verifysignature -c "$work/or.ctx" -g sha256 -m "$work/msg" -f rsassa -s "$work/or.sig" -t "$work/tk" &&
	ticket_is "$work/tk" 0x40000001 &&
	want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$work/or.ctx" -g sha256 -m "$work/msg.bad" -f rsassa -s "$work/or.sig" &&
	want_ok tt "$dev" tpm2_verifysignature -c "$work/or.ctx" -g sha384 -m "$work/msg" -f rsapss -s "$work/orpss.sig" &&
	want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$work/or.ctx" -g sha384 -m "$work/msg.bad" -f rsapss -s "$work/orpss.sig"
result "asym_loadexternal_rsa_public_owner_$dev"

dev=tpmrm
openssl dgst -sha256 -sign "$work/oe.key" -out "$work/oe.sig" "$work/msg" 2>/dev/null &&
	openssl dgst -sha384 -sign "$work/oe3.key" -out "$work/oe3.sig" "$work/msg" 2>/dev/null &&
	want_ok tt "$dev" tpm2_loadexternal -C n -G ecc -u "$work/oe.pem" -c "$work/oe.ctx" &&
	readpub "$dev" "$work/oe.ctx" && key_is "$KEY" ecc 3 && pem_is_key "$work/oe.pem" "$KEY" &&
	rm -f "$work/tk" &&
	want_ok tt "$dev" tpm2_verifysignature -c "$work/oe.ctx" -g sha256 -m "$work/msg" -f ecdsa -s "$work/oe.sig" -t "$work/tk" &&
	{ [[ ! -e $work/tk ]] || { MSG="a ticket file from the null hierarchy"; false; }; } &&
	want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$work/oe.ctx" -g sha256 -m "$work/msg.bad" -f ecdsa -s "$work/oe.sig" &&
	want_ok tt "$dev" tpm2_loadexternal -C n -G ecc -u "$work/oe3.pem" -c "$work/oe3.ctx" &&
	want_ok tt "$dev" tpm2_verifysignature -c "$work/oe3.ctx" -g sha384 -m "$work/msg" -f ecdsa -s "$work/oe3.sig" &&
	want_rc 0x2db tt "$dev" tpm2_verifysignature -c "$work/oe3.ctx" -g sha384 -m "$work/msg.bad" -f ecdsa -s "$work/oe3.sig"
result "asym_loadexternal_ecc_public_null_$dev"

dev=tpmrm
want_ok tt "$dev" tpm2_loadexternal -C n -G rsa -r "$work/or.key" -c "$work/orp.ctx" &&
	sign_check "$dev" "$work/orp.ctx" "$work/or.pem" rsassa sha256 &&
	sign_check "$dev" "$work/orp.ctx" "$work/or.pem" rsapss sha256 &&
	verify_check "$dev" "$work/orp.ctx" rsapss sha256 null
result "asym_loadexternal_rsa_private_null_$dev"

dev=tpm
want_ok tt "$dev" tpm2_loadexternal -C n -G ecc -r "$work/oe.key" -c "$work/oep.ctx" &&
	sign_check "$dev" "$work/oep.ctx" "$work/oe.pem" ecdsa sha256 &&
	verify_check "$dev" "$work/oep.ctx" ecdsa sha256 null
result "asym_loadexternal_ecc_private_null_$dev"
want_rc 0x3c5 tt tpm tpm2_loadexternal -C o -G rsa -r "$work/or.key" -c "$work/x.ctx" &&
	want_rc 0x3c5 tt tpmrm tpm2_loadexternal -C e -G ecc -r "$work/oe.key" -c "$work/x.ctx"
result asym_loadexternal_private_not_null_refused

# An RSA-PKCS1 signature made in the TPM verifies with the TPM's public
# key loaded back through tpm2_loadexternal (PEM).
MSG=
want_ok tt tpm tpm2_sign -c "${KCTX[rsa]}" -g sha256 -s rsassa -o "$work/sig.tss" "$work/msg" &&
	want_ok tt tpmrm tpm2_loadexternal -C o -G rsa -u "${KPEM[rsa]}" -c "$work/ext.ctx" &&
	want_ok tt tpm tpm2_verifysignature -c "$work/ext.ctx" -g sha256 -m "$work/msg" -s "$work/sig.tss" &&
	readpub tpm "$work/ext.ctx" && read -r _ _ _ n1 _ <<<"$KEY" &&
	{ [[ $n1 == "$RSA_N" ]] || { MSG="tpm2_loadexternal of the key's PEM: another modulus"; false; }; }
result asym_loadexternal_own_public_key

# ------------------------------------------------------ ECDH
#
# An ECC P-256 decryption key with scheme ECDH: ECDH_KeyGen gives a point
# Q on the curve and Z; ECDH_ZGen of Q gives the same Z. An ephemeral key
# made by openssl: ECDH_ZGen of its public point equals openssl pkeyutl
# -derive with its private key and the TPM key's PEM (the x coordinate).
# A point off the curve: TPM_RC_ECC_POINT (parameter 1).

section "ecdh"
want_ok tt tpm tpm2_create -C "$P_RSA" -G ecc256:ecdh -a "$DHATTRS" -u "$work/dh.pub" -r "$work/dh.priv" &&
	py "tpm2_create -u" pub "$work/dh.pub" && key_is "$PYOUT" ecc 3 19 b
result asym_create_ecc256_ecdh
for dev in "${DEVS[@]}"; do
	rm -f "$work/Q" "$work/Z" "$work/Z2" "$work/Z3"
	want_ok tt "$dev" tpm2_load -C "$P_RSA" -u "$work/dh.pub" -r "$work/dh.priv" -c "$work/dh.ctx" &&
		readpub "$dev" "$work/dh.ctx" "$work/dh.pem" &&
		want_ok tt "$dev" tpm2_ecdhkeygen -c "$work/dh.ctx" -u "$work/Q" -o "$work/Z" &&
		py "ECDH_KeyGen pubPoint" oncurve 3 "$work/Q" && py "ECDH_KeyGen zPoint" oncurve 3 "$work/Z" &&
		want_ok tt "$dev" tpm2_ecdhzgen -c "$work/dh.ctx" -u "$work/Q" -o "$work/Z2" &&
		same_files "Z of ECDH_KeyGen vs ECDH_ZGen of its point" "$work/Z" "$work/Z2" &&
		want_ok tt "$dev" tpm2_ecdhkeygen -c "$work/dh.ctx" -u "$work/Q3" -o "$work/Z3" &&
		diff_files "two ECDH_KeyGen points" "$work/Q" "$work/Q3"
	result "asym_ecdhkeygen_$dev"

	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/eph.key" 2>/dev/null &&
		openssl pkey -in "$work/eph.key" -pubout -outform DER -out "$work/eph.der" 2>/dev/null &&
		py "ephemeral key" ecpoint "$work/eph.der" "$work/eph.pt" &&
		openssl pkeyutl -derive -inkey "$work/eph.key" -peerkey "$work/dh.pem" -out "$work/z.ossl" 2>"$work/ossl.txt" &&
		want_ok tt "$dev" tpm2_ecdhzgen -c "$work/dh.ctx" -u "$work/eph.pt" -o "$work/Z4" &&
		py "ECDH_ZGen outPoint" point "$work/Z4" &&
		{ [[ ${PYOUT%% *} == "$(hexf "$work/z.ossl")" ]] ||
			{ MSG="ECDH_ZGen x ${PYOUT%% *}, openssl pkeyutl -derive $(hexf "$work/z.ossl")"; false; }; }
	result "asym_ecdhzgen_openssl_$dev"
done
py "bad point" badpoint 3 "$work/bad.pt" &&
	want_rc 0x1e7 tt tpm tpm2_ecdhzgen -c "$work/dh.ctx" -u "$work/bad.pt" -o "$work/x" &&
	want_rc 0x1e7 tt tpmrm tpm2_ecdhzgen -c "$work/dh.ctx" -u "$work/bad.pt" -o "$work/x"
result asym_ecdhzgen_bad_point_refused
# ECDH_ZGen needs an unrestricted decryption key: the ECDSA key (sign
# only) is TPM_RC_ATTRIBUTES or TPM_RC_KEY.
want_rc "0x182|0x19c" tt tpm tpm2_ecdhzgen -c "${KCTX[ecc_r]}" -u "$work/eph.pt" -o "$work/x"
result asym_ecdhzgen_not_decrypt_key_refused

# ------------------------------------------------------ two-phase ECDH
#
# ECC_Parameters of both curves equal openssl's explicit parameters (and
# FIPS 186-4's p, a = p - 3, b). EC_Ephemeral gives points on the curve
# with counters counting up; ZGen_2Phase (ECDH, the Full Unified Model of
# SP 800-56A) with openssl's static and ephemeral keys B gives
# Z1 = dsA * QsB and Z2 = deA * QeB, the x of each equal to openssl's
# derivation with B's private keys and the TPM's public points (the key's
# and EC_Ephemeral's); a counter works once.

section "two-phase ecdh"
MSG=
for c in 3:ecc256:prime256v1 4:ecc384:secp384r1; do
	IFS=: read -r cid alg ossl_name <<<"$c"
	rm -f "$work/ecp.bin"
	want_ok tt tpmrm tpm2_geteccparameters "$alg" -o "$work/ecp.bin" &&
		openssl ecparam -name "$ossl_name" -param_enc explicit -outform DER \
			-out "$work/ecp.der" 2>"$work/ossl.txt" &&
		py "tpm2_geteccparameters $alg" eccparams "$cid" "$work/ecp.bin" "$work/ecp.der" || break
done
result asym_geteccparameters
if [[ -n $dev_mode ]]; then
	skip asym_geteccparameters_unsupported_curve "a reference TPM may implement P-521"
else
	want_rc 0x1e6 tt tpm tpm2_geteccparameters ecc521 -o "$work/ecp.bin"
	result asym_geteccparameters_unsupported_curve
fi

for dev in "${DEVS[@]}"; do
	rm -f "$work/eq1" "$work/eq2" "$work/z1" "$work/z2"
	want_ok tt "$dev" tpm2_load -C "$P_RSA" -u "$work/dh.pub" -r "$work/dh.priv" -c "$work/dh.ctx" &&
		readpub "$dev" "$work/dh.ctx" "$work/dh.pem" &&
		want_ok tt "$dev" tpm2_ecephemeral -u "$work/eq1" -t "$work/ec1" ecc256 &&
		want_ok tt "$dev" tpm2_ecephemeral -u "$work/eq2" -t "$work/ec2" ecc256 &&
		py "EC_Ephemeral Q" oncurve 3 "$work/eq1" && py "EC_Ephemeral Q" oncurve 3 "$work/eq2" &&
		diff_files "two EC_Ephemeral points" "$work/eq1" "$work/eq2" &&
		py "counter" u16 "$work/ec1" && n1=$PYOUT && py "counter" u16 "$work/ec2" && n2=$PYOUT &&
		{ ((n2 == (n1 + 1) % 65536)) || { MSG="EC_Ephemeral counters $n1 then $n2"; false; }; } &&
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/sb.key" 2>/dev/null &&
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/eb.key" 2>/dev/null &&
		openssl pkey -in "$work/sb.key" -pubout -outform DER -out "$work/sb.der" 2>/dev/null &&
		openssl pkey -in "$work/eb.key" -pubout -outform DER -out "$work/eb.der" 2>/dev/null &&
		py "static key B" ecpoint "$work/sb.der" "$work/sb.pt" &&
		py "ephemeral key B" ecpoint "$work/eb.der" "$work/eb.pt" &&
		want_ok tt "$dev" tpm2_zgen2phase -c "$work/dh.ctx" -t "$n1" --static-public "$work/sb.pt" \
			--ephemeral-public "$work/eb.pt" --output-Z1 "$work/z1" --output-Z2 "$work/z2" &&
		openssl pkeyutl -derive -inkey "$work/sb.key" -peerkey "$work/dh.pem" -out "$work/z1.ossl" \
			2>"$work/ossl.txt" &&
		py "EC_Ephemeral Q" spkipt 3 "$work/eq1" "$work/eq1.der" &&
		openssl pkeyutl -derive -inkey "$work/eb.key" -peerkey "$work/eq1.der" -peerform DER \
			-out "$work/z2.ossl" 2>"$work/ossl.txt" &&
		py "ZGen_2Phase outZ1" point "$work/z1" &&
		{ [[ ${PYOUT%% *} == "$(hexf "$work/z1.ossl")" ]] ||
			{ MSG="ZGen_2Phase Z1 x ${PYOUT%% *}, openssl (static keys) $(hexf "$work/z1.ossl")"; false; }; } &&
		py "ZGen_2Phase outZ2" point "$work/z2" &&
		{ [[ ${PYOUT%% *} == "$(hexf "$work/z2.ossl")" ]] ||
			{ MSG="ZGen_2Phase Z2 x ${PYOUT%% *}, openssl (ephemeral keys) $(hexf "$work/z2.ossl")"; false; }; } &&
		want_rc 0x4c4 tt "$dev" tpm2_zgen2phase -c "$work/dh.ctx" -t "$n1" \
			--static-public "$work/sb.pt" --ephemeral-public "$work/eb.pt" \
			--output-Z1 "$work/z1" --output-Z2 "$work/z2"
	result "asym_zgen2phase_openssl_$dev"
done
want_rc 0x1e7 tt tpm tpm2_zgen2phase -c "$work/dh.ctx" -t "$n2" --static-public "$work/bad.pt" \
	--ephemeral-public "$work/eb.pt" --output-Z1 "$work/z1" --output-Z2 "$work/z2"
result asym_zgen2phase_bad_point_refused

# ------------------------------------------------------ ObjectChangeAuth
#
# A new private blob with the new password; the new blob loads and works
# with the new password only; the old blob still loads with the old one
# (nothing revokes it).

section "changeauth"
MSG=
want_ok tt tpm tpm2_create -C "$P_ECC" -G ecc256 -p oldpw -u "$work/ca.pub" -r "$work/ca.priv" &&
	want_ok tt tpm tpm2_load -C "$P_ECC" -u "$work/ca.pub" -r "$work/ca.priv" -c "$work/ca.ctx" &&
	readpub tpm "$work/ca.ctx" "$work/ca.pem" &&
	sign_check tpm "$work/ca.ctx" "$work/ca.pem" ecdsa sha256 oldpw &&
	want_rc 0x98e tt tpm tpm2_sign -c "$work/ca.ctx" -p newpw -g sha256 -s ecdsa -o "$work/x" "$work/msg" &&
	want_ok tt tpmrm tpm2_changeauth -c "$work/ca.ctx" -C "$P_ECC" -p oldpw -r "$work/ca2.priv" newpw &&
	diff_files "private blobs before and after tpm2_changeauth" "$work/ca.priv" "$work/ca2.priv" &&
	want_ok tt tpm tpm2_load -C "$P_ECC" -u "$work/ca.pub" -r "$work/ca2.priv" -c "$work/ca2.ctx" &&
	sign_check tpm "$work/ca2.ctx" "$work/ca.pem" ecdsa sha256 newpw &&
	want_rc 0x98e tt tpm tpm2_sign -c "$work/ca2.ctx" -p oldpw -g sha256 -s ecdsa -o "$work/x" "$work/msg" &&
	want_rc 0x98e tt tpmrm tpm2_sign -c "$work/ca2.ctx" -g sha256 -s ecdsa -o "$work/x" "$work/msg" &&
	want_ok tt tpmrm tpm2_load -C "$P_ECC" -u "$work/ca.pub" -r "$work/ca.priv" -c "$work/ca3.ctx" &&
	want_ok tt tpmrm tpm2_sign -c "$work/ca3.ctx" -p oldpw -g sha256 -s ecdsa -o "$work/x" "$work/msg"
result asym_changeauth_ecc

# The sealed object under the RSA parent: unsealed with the new password.
P=${PCTX[rsa2048.o]}
want_ok tt tpm tpm2_changeauth -c "$work/s.rsa2048.o.ctx" -C "$P" -p sealpw -r "$work/s2.priv" newseal &&
	want_ok tt tpmrm tpm2_load -C "$P" -u "$work/s.rsa2048.o.pub" -r "$work/s2.priv" -c "$work/s2.ctx" &&
	want_ok tt tpmrm tpm2_unseal -c "$work/s2.ctx" -p newseal -o "$work/unsealed" &&
	same_files "tpm2_unseal with the new password" "$work/unsealed" "$work/secret" &&
	want_rc 0x98e tt tpm tpm2_unseal -c "$work/s2.ctx" -p sealpw -o "$work/unsealed"
result asym_changeauth_sealed
# The wrong old password: TPM_RC_AUTH_FAIL.
want_rc 0x98e tt tpm tpm2_changeauth -c "$work/ca.ctx" -C "$P_ECC" -p wrongpw -r "$work/x.priv" other
result asym_changeauth_wrong_password_refused

# ------------------------------------------------------ tampered blobs
#
# A flipped bit in the private blob, another key's private blob with this
# public area, another parent: TPM_RC_INTEGRITY (parameter 1).

section "tampered blobs"
for k in rsa ecc; do
	par=$P_RSA
	other=$P_ECC
	[[ $k == ecc ]] && par=$P_ECC other=$P_RSA
	py flip flip "$work/$k.priv" "$work/bad.priv" &&
		want_rc 0x1df tt tpm tpm2_load -C "$par" -u "$work/$k.pub" -r "$work/bad.priv" -c "$work/x.ctx" &&
		py flip flip "$work/$k.priv" "$work/bad.priv" 10 &&
		want_rc 0x1df tt tpmrm tpm2_load -C "$par" -u "$work/$k.pub" -r "$work/bad.priv" -c "$work/x.ctx" &&
		want_rc 0x1df tt tpm tpm2_load -C "$other" -u "$work/$k.pub" -r "$work/$k.priv" -c "$work/x.ctx"
	result "asym_load_tampered_${k}_refused"
done
want_rc 0x1df tt tpm tpm2_load -C "$P_RSA" -u "$work/ecc_r2.pub" -r "$work/ecc_r.priv" -c "$work/x.ctx" &&
	want_rc 0x1df tt tpm tpm2_load -C "${PCTX[rsa2048.e]}" -u "$work/rsa.pub" -r "$work/rsa.priv" -c "$work/x.ctx"
result asym_load_swapped_refused

# ------------------------------------------------- another LTPM
#
# The same templates give other keys in another LTPM (other seeds), so
# this LTPM's blobs do not load there (TPM_RC_INTEGRITY); its signatures
# verify there through tpm2_loadexternal of the public key.

section "second LTPM"
if [[ -n $dev_mode ]]; then
	skip asym_ltpm_second_primaries "not an LTPM"
	skip asym_ltpm_second_blob_refused "not an LTPM"
	skip asym_ltpm_second_verifies "not an LTPM"
else
	MSG=
	ltpm_second &&
		primary tpm2 o rsa2048 "$work/q.rsa.ctx" &&
		{ [[ $NAME != "${PNAME[rsa2048.o]:-}" ]] || { MSG="rsa2048 owner primaries of two LTPMs: same name $NAME"; false; }; } &&
		primary tpm2 o ecc256 "$work/q.ecc.ctx" &&
		{ [[ $NAME != "${PNAME[ecc256.o]:-}" ]] || { MSG="ecc256 owner primaries of two LTPMs: same name $NAME"; false; }; } &&
		primary tpm2 e ecc256 "$work/q.ecce.ctx" &&
		{ [[ $NAME != "${PNAME[ecc256.e]:-}" ]] || { MSG="ecc256 endorsement primaries of two LTPMs: same name $NAME"; false; }; }
	result asym_ltpm_second_primaries

	if [[ -n $ltpm2_id ]]; then
		want_rc 0x1df tt tpm2 tpm2_load -C "$work/q.rsa.ctx" -u "$work/rsa.pub" -r "$work/rsa.priv" -c "$work/x.ctx" &&
			want_rc 0x1df tt tpm2 tpm2_load -C "$work/q.ecc.ctx" -u "$work/ecc.pub" -r "$work/ecc.priv" -c "$work/x.ctx" &&
			want_rc 0x1df tt tpm2 tpm2_load -C "$work/q.rsa.ctx" -u "$work/ecdsa384.pub" -r "$work/ecdsa384.priv" -c "$work/x.ctx" &&
			! tt tpm2 tpm2_sign -c "${KCTX[ecc]}" -g sha256 -o "$work/x" "$work/msg" &&
			want_ok tt tpm tpm2_load -C "$P_ECC" -u "$work/ecc.pub" -r "$work/ecc.priv" -c "$work/x.ctx"
		result asym_ltpm_second_blob_refused

		want_ok tt tpm tpm2_sign -c "${KCTX[ecc]}" -g sha256 -s ecdsa -o "$work/sig.tss" "$work/msg" &&
			want_ok tt tpm2 tpm2_loadexternal -C o -G ecc -u "${KPEM[ecc]}" -c "$work/x2.ctx" &&
			want_ok tt tpm2 tpm2_verifysignature -c "$work/x2.ctx" -g sha256 -m "$work/msg" -s "$work/sig.tss" &&
			want_rc 0x2db tt tpm2 tpm2_verifysignature -c "$work/x2.ctx" -g sha256 -m "$work/msg.bad" -s "$work/sig.tss"
		result asym_ltpm_second_verifies
		"$HTPMCTL" destroy "$ltpm2_id" >/dev/null 2>&1 && ltpm2_id=
	else
		fail asym_ltpm_second_blob_refused "no second LTPM"
		fail asym_ltpm_second_verifies "no second LTPM"
	fi
fi

# ------------------------------------------------------ EvictControl
#
# An owner signing key and a platform primary made persistent; listed by
# tpm2_getcap handles-persistent, counted by TPM2_PT_HR_PERSISTENT(_AVAIL);
# used through both devices; refused into a used handle
# (TPM_RC_NV_DEFINED), by the wrong hierarchy (TPM_RC_HIERARCHY on handle
# 2), into the other hierarchy's range (TPM_RC_RANGE on parameter 1).

section "evictcontrol"
pers0=$(pt_var TPM2_PT_HR_PERSISTENT)
avail0=$(pt_var TPM2_PT_HR_PERSISTENT_AVAIL)
note "asym: persistent objects $pers0, available $avail0"
P_PLAT=$work/p.ecc256.p.ctx
want_ok tt tpm tpm2_evictcontrol -C o -c "${KCTX[ecc]}" "$PERSIST_O" &&
	h=$(persistent_list tpmrm) &&
	{ [[ " $h " == *" $PERSIST_O "* ]] || { MSG="handles-persistent after tpm2_evictcontrol: '$h'"; false; }; } &&
	readpub tpmrm "$PERSIST_O" && same_files "tpm2_readpublic $PERSIST_O" "$work/rp.pub" "$work/ecc.pub"
result asym_evictcontrol_owner
primary tpmrm p ecc256 "$P_PLAT" && PNAME[ecc256.p]=$NAME &&
	want_ok tt tpmrm tpm2_evictcontrol -C p -c "$P_PLAT" "$PERSIST_P" &&
	h=$(persistent_list tpm) &&
	{ [[ " $h " == *" $PERSIST_O "* && " $h " == *" $PERSIST_P "* ]] || { MSG="handles-persistent: '$h'"; false; }; } &&
	readpub tpm "$PERSIST_P" &&
	{ [[ $NAME == "${PNAME[ecc256.p]}" ]] || { MSG="$PERSIST_P: name $NAME, was ${PNAME[ecc256.p]}"; false; }; }
result asym_evictcontrol_platform

MSG=
p1=$(pt_var TPM2_PT_HR_PERSISTENT)
a1=$(pt_var TPM2_PT_HR_PERSISTENT_AVAIL)
if [[ -z $pers0 || -z $p1 ]] || ((p1 != pers0 + 2 || a1 != avail0 - 2)); then
	MSG="TPM2_PT_HR_PERSISTENT ${pers0:-?} -> ${p1:-?}, _AVAIL ${avail0:-?} -> ${a1:-?} after persisting two objects"
	false
fi
result asym_getcap_persistent_counts

want_rc 0x14c tt tpm tpm2_evictcontrol -C o -c "${KCTX[rsa]}" "$PERSIST_O" &&
	want_rc 0x14c tt tpmrm tpm2_evictcontrol -C p -c "$P_PLAT" "$PERSIST_P" &&
	want_rc 0x285 tt tpmrm tpm2_evictcontrol -C p -c "${KCTX[rsa]}" 0x81800001 &&
	want_rc 0x285 tt tpm tpm2_evictcontrol -C o -c "$P_PLAT" "$PERSIST_O2" &&
	want_rc 0x1cd tt tpm tpm2_evictcontrol -C o -c "${KCTX[rsa]}" 0x81800001 &&
	want_rc 0x1cd tt tpmrm tpm2_evictcontrol -C p -c "$P_PLAT" 0x81000003
result asym_evictcontrol_refused

for dev in "${DEVS[@]}"; do
	sign_check "$dev" "$PERSIST_O" "${KPEM[ecc]}" ecdsa sha256 &&
		verify_check "$dev" "$PERSIST_O" ecdsa sha256 0x40000001
	result "asym_evictcontrol_use_$dev"
done
# The persistent platform primary as a parent: its child's tickets are
# the platform's.
want_ok tt tpm tpm2_create -C "$PERSIST_P" -G ecc256 -u "$work/pc.pub" -r "$work/pc.priv" &&
	want_ok tt tpmrm tpm2_load -C "$PERSIST_P" -u "$work/pc.pub" -r "$work/pc.priv" -c "$work/pc.ctx" &&
	readpub tpm "$work/pc.ctx" "$work/pc.pem" &&
	sign_check tpmrm "$work/pc.ctx" "$work/pc.pem" ecdsa sha256 &&
	verify_check tpm "$work/pc.ctx" ecdsa sha256 0x4000000c
result asym_evictcontrol_platform_parent

# A second owner key for the clear check.
want_ok tt tpm tpm2_evictcontrol -C o -c "${KCTX[rsa]}" "$PERSIST_O2"
result asym_evictcontrol_owner_second

# ------------------------------------------------------ TPM Reset
#
# Persistent objects stay (and sign); owner and platform primaries stay;
# the null hierarchy's primary changes.

section "startup"
cycle clear clear &&
	h=$(persistent_list tpm) &&
	{ [[ " $h " == *" $PERSIST_O "* && " $h " == *" $PERSIST_O2 "* && " $h " == *" $PERSIST_P "* ]] ||
		{ MSG="handles-persistent after a TPM Reset: '$h'"; false; }; } &&
	sign_check tpmrm "$PERSIST_O" "${KPEM[ecc]}" ecdsa sha256 &&
	sign_check tpm "$PERSIST_O2" "${KPEM[rsa]}" rsapss sha256 &&
	readpub tpm "$PERSIST_P" &&
	{ [[ $NAME == "${PNAME[ecc256.p]}" ]] || { MSG="$PERSIST_P after a TPM Reset: name $NAME"; false; }; } &&
	want_ok tt tpm tpm2_load -C "$PERSIST_P" -u "$work/pc.pub" -r "$work/pc.priv" -c "$work/pc.ctx" &&
	sign_check tpmrm "$work/pc.ctx" "$work/pc.pem" ecdsa sha384
result asym_startup_persistent_kept

# The owner's ECC child loads again under the (same) owner primary.
primary tpmrm n ecc256 "$work/n2.ctx" &&
	{ [[ $NAME != "${PNAME[ecc256.n]:-}" ]] || { MSG="ecc256 null primary after a TPM Reset: same name $NAME"; false; }; } &&
	primary tpm o ecc256 "$work/o2.ctx" &&
	{ [[ $NAME == "${PNAME[ecc256.o]:-}" ]] || { MSG="ecc256 owner primary after a TPM Reset: $NAME, was ${PNAME[ecc256.o]:-}"; false; }; } &&
	want_ok tt tpm tpm2_load -C "$work/o2.ctx" -u "$work/ecc.pub" -r "$work/ecc.priv" -c "$work/e2.ctx"
result asym_startup_primaries

# ------------------------------------------------------ HierarchyControl
#
# With shEnable clear (the platform's tpm2_hierarchycontrol): owner
# primaries refused (TPM_RC_HIERARCHY on handle 1), owner persistent
# objects not there (TPM_RC_HANDLE through the tools' ReadPublic), owner
# contexts refused (TPM_RC_HIERARCHY on ContextLoad's parameter 1);
# endorsement primaries and platform objects still work. Set again: the
# owner's keys are back, the same. (test-hierarchy.sh checks the
# hierarchy bits themselves.)

section "hierarchycontrol"
want_ok tt tpm tpm2_hierarchycontrol -C p shEnable clear &&
	want_rc 0x185 tt tpmrm tpm2_createprimary -C o -G ecc256 -c "$work/x.ctx" &&
	want_rc 0x18b tt tpm tpm2_sign -c "$PERSIST_O" -g sha256 -o "$work/x" "$work/msg" &&
	want_rc 0x1c5 tt tpm tpm2_readpublic -c "$work/o2.ctx" &&
	want_rc 0x1c5 tt tpmrm tpm2_sign -c "$work/e2.ctx" -g sha256 -o "$work/x" "$work/msg" &&
	primary tpmrm e ecc256 "$work/x.ctx" &&
	{ [[ $NAME == "${PNAME[ecc256.e]:-}" ]] || { MSG="ecc256 endorsement primary with shEnable clear: $NAME"; false; }; } &&
	sign_check tpm "$work/pc.ctx" "$work/pc.pem" ecdsa sha256 &&
	h=$(persistent_list tpm) &&
	{ [[ " $h " != *" $PERSIST_O "* ]] || note "asym: owner persistent handles listed with shEnable clear: $h"; }
result asym_hierarchycontrol_owner_disabled
want_ok tt tpm tpm2_hierarchycontrol -C p shEnable set &&
	sign_check tpmrm "$PERSIST_O" "${KPEM[ecc]}" ecdsa sha256 &&
	sign_check tpm "$work/e2.ctx" "${KPEM[ecc]}" ecdsa sha384 &&
	primary tpm o ecc256 "$work/o3.ctx" &&
	{ [[ $NAME == "${PNAME[ecc256.o]:-}" ]] || { MSG="ecc256 owner primary after shEnable set: $NAME, was ${PNAME[ecc256.o]:-}"; false; }; }
result asym_hierarchycontrol_owner_enabled
# Make sure the owner hierarchy is enabled for what follows.
tt tpm tpm2_hierarchycontrol -C p shEnable set >/dev/null

# ------------------------------------------------------ TPM2_Clear
#
# A new owner seed: owner primaries change, owner persistent objects go,
# owner blobs no longer load; endorsement and platform primaries (RSA and
# ECC keys depend on their seeds only) and platform persistent objects
# stay.

section "clear"
want_ok tt tpm tpm2_clear -c l &&
	h=$(persistent_list tpmrm) &&
	{ [[ " $h " != *" $PERSIST_O "* && " $h " != *" $PERSIST_O2 "* && " $h " == *" $PERSIST_P "* ]] ||
		{ MSG="handles-persistent after tpm2_clear: '$h', expected $PERSIST_P only"; false; }; } &&
	want_rc 0x18b tt tpm tpm2_readpublic -c "$PERSIST_O"
result asym_clear_persistent

MSG=
for g in ecc256 rsa2048; do
	primary tpm o "$g" "$work/c.$g.o.ctx" || break
	[[ $NAME != "${PNAME[$g.o]:-}" ]] || { MSG="$g owner primary after tpm2_clear: same name $NAME"; break; }
done && [[ -z $MSG ]] &&
	want_rc 0x1df tt tpmrm tpm2_load -C "$work/c.ecc256.o.ctx" -u "$work/ecc.pub" -r "$work/ecc.priv" -c "$work/x.ctx" &&
	want_rc 0x1df tt tpm tpm2_load -C "$work/c.rsa2048.o.ctx" -u "$work/rsa.pub" -r "$work/rsa.priv" -c "$work/x.ctx"
result asym_clear_owner_primaries

MSG=
for g in ecc256 rsa2048; do
	primary tpmrm e "$g" "$work/c.$g.e.ctx" || break
	[[ $NAME == "${PNAME[$g.e]:-}" ]] || { MSG="$g endorsement primary after tpm2_clear: $NAME, was ${PNAME[$g.e]:-}"; break; }
done && [[ -z $MSG ]] &&
	readpub tpm "$PERSIST_P" &&
	{ [[ $NAME == "${PNAME[ecc256.p]}" ]] || { MSG="$PERSIST_P after tpm2_clear: name $NAME"; false; }; } &&
	want_ok tt tpm tpm2_load -C "$PERSIST_P" -u "$work/pc.pub" -r "$work/pc.priv" -c "$work/pc2.ctx" &&
	sign_check tpm "$work/pc2.ctx" "$work/pc.pem" ecdsa sha256
result asym_clear_endorsement_platform_kept

want_ok tt tpm tpm2_evictcontrol -C p -c "$PERSIST_P" &&
	h=$(persistent_list tpm) &&
	{ [[ " $h " != *" $PERSIST_P "* ]] || { MSG="handles-persistent after evicting $PERSIST_P: '$h'"; false; }; } &&
	want_rc 0x18b tt tpmrm tpm2_readpublic -c "$PERSIST_P" &&
	p2=$(pt_var TPM2_PT_HR_PERSISTENT) && a2=$(pt_var TPM2_PT_HR_PERSISTENT_AVAIL) &&
	{ [[ $p2 == "$pers0" && $a2 == "$avail0" ]] ||
		{ MSG="TPM2_PT_HR_PERSISTENT $p2, _AVAIL $a2 at the end, $pers0 and $avail0 at the start"; false; }; }
result asym_evictcontrol_remove

# ------------------------------------------------------------------- end

section "end, $tool_runs tool runs"
tt_ltpm_destroy asym

exit $((htpm_failed ? 1 : 0))
