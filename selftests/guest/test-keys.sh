#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KEYEDHASH and SYMCIPHER key objects (TPM 2.0 Part 3: CreatePrimary,
# Create, Load, ReadPublic, Unseal, HMAC, HMAC_Start, EncryptDecrypt(2),
# ContextSave/ContextLoad/FlushContext of objects) of one LTPM for a fresh
# network namespace, driven by unchanged tpm2-tools through
# -T device:/dev/tpmN and -T device:/dev/tpmrmN. Every value the tools
# print is checked independently: names by hashlib over the public area,
# HMACs by Python's hmac, AES by the openssl command line (the AES keys
# with known key bytes are made by tpmcmd.py keycreate, a raw TPM2_Create
# with inSensitive.data, since tpm2_create takes key bytes only for sealed
# data; tpm2_load of its blob also shows that primaries are deterministic).
# Through /dev/tpmN the tools leave their objects loaded, so every tool
# run there is followed by tpm2_flushcontext -t (3 object slots).
#
# Check names: keys_<command>_<what>[_tpm|_tpmrm]; the command part says
# which TPM command a failure belongs to (createprimary, readpublic,
# create, load, unseal, hmac, encryptdecrypt, context, flushcontext,
# clear, startup, testparms, getcap, ltpm).
#
# Outside the guest, KEYS_TCTI=swtpm:port=2321 runs the same checks
# against another TPM (e.g. swtpm, as a reference), with KEYS_POWER_CYCLE
# (e.g. 'swtpm_ioctl --tcp :2322 -i') run between Shutdown and Startup;
# the second-LTPM checks are skipped then. A reference TPM refuses an
# unrestricted KEYEDHASH signing key with a NULL scheme (what tpm2_create
# -i -a ...|sign makes), which the contract of this engine allows.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-keys-$$
NETNS2=htpm-keys2-$$
DEVS=(tpm tpmrm)
HIERS=(o e p n)
MODES=(cfb cbc ecb ofb ctr)
# tpm2_createprimary -G aes128cfb: the tools' default attributes
# (restricted|decrypt: a storage parent).
SIGNATTRS='fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign'
SYMATTRS='fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign|decrypt'
tt_init keys

# readpub DEV CTX: tpm2_readpublic of CTX; NAME is the name (hex), and
# it must be nameAlg || SHA-256 of the TPMT_PUBLIC in the TPM2B_PUBLIC
# (-o) the tool wrote, and the name the tool printed; $work/rp.pub keeps
# the public area. MSG on failure.
readpub()
{
	local want
	readpub_name "$1" "$2" || return 1
	want=$(python3 -c '
import hashlib, sys
b = open(sys.argv[1], "rb").read()
if len(b) < 4 or int.from_bytes(b[:2], "big") != len(b) - 2:
    print("bad TPM2B_PUBLIC " + b.hex())
else:
    print("000b" + hashlib.sha256(b[2:]).hexdigest())' "$work/rp.pub")
	name_is "$2" "$want"
}

# primary DEV H CTX [ARG...]: tpm2_createprimary -C H -c CTX (default
# -G aes128cfb, the tools' storage key); NAME as readpub. MSG on failure.
primary()
{
	local dev=$1 h=$2 ctx=$3
	shift 3
	(($#)) || set -- -G aes128cfb
	want_ok tt "$dev" tpm2_createprimary -C "$h" "$@" -c "$ctx" &&
		readpub "$dev" "$ctx"
}

# hmac_py KEYFILE ALG DATAFILE: HMAC (hex) by Python.
hmac_py()
{
	python3 -c '
import hashlib, hmac, sys
print(hmac.new(open(sys.argv[1], "rb").read(), open(sys.argv[3], "rb").read(),
               getattr(hashlib, sys.argv[2])).hexdigest())' "$1" "$2" "$3"
}

# hmac_is DEV CTX ALG|- DATAFILE WANT: tpm2_hmac prints WANT (hex).
hmac_is()
{
	local o=()
	[[ $3 != - ]] && o=(-g "$3")
	want_ok tt "$1" tpm2_hmac -c "$2" "${o[@]}" --hex "$4" || return 1
	HM=$(tr -d ' \n' <"$work/out")
	[[ $HM == "$5" ]] && return 0
	MSG="'$LAST': ${HM:-nothing}, expected $5"
	return 1
}

# ------------------------------------------------------------------ setup

tt_setup keys KEYS keys flush
tt_da_off keys
if ! command -v openssl >/dev/null; then
	have_openssl=
	note "keys: no openssl command; AES outputs checked by round trips only"
else
	have_openssl=1
fi
head -c 100 /dev/urandom >"$work/small"
head -c 3000 /dev/urandom >"$work/big"
head -c 64 /dev/urandom >"$work/pt64"
head -c 50 /dev/urandom >"$work/pt50"
head -c 3008 /dev/urandom >"$work/pt3008"
head -c 16 /dev/urandom >"$work/iv"
head -c 16 /dev/urandom >"$work/iv2"

# ------------------------------------------------- getcap, testparms

for dev in "${DEVS[@]}"; do
	MSG=
	if want_ok tt "$dev" tpm2_getcap algorithms; then
		miss=()
		for a in aes hmac keyedhash symcipher cfb cbc ecb ofb ctr sha256; do
			grep -q "^$a:" "$work/out" || miss+=("$a")
		done
		((${#miss[@]} == 0)) || MSG="tpm2_getcap algorithms does not list ${miss[*]}"
		[[ -z $MSG ]]
	fi
	result "keys_getcap_algorithms_$dev"

	want_ok tt "$dev" tpm2_testparms aes128cfb &&
		want_ok tt "$dev" tpm2_testparms aes256cbc &&
		want_ok tt "$dev" tpm2_testparms keyedhash &&
		want_ok tt "$dev" tpm2_testparms hmac &&
		want_ok tt "$dev" tpm2_testparms rsa2048 &&
		want_ok tt "$dev" tpm2_testparms ecc256
	result "keys_testparms_$dev"
done

# -------------------------------------------- CreatePrimary, ReadPublic
#
# The same template in the same hierarchy gives the same object (name,
# and key: the HMAC keys give the same HMAC); another hierarchy another.

declare -A PNAME
for dev in "${DEVS[@]}"; do
	for h in "${HIERS[@]}"; do
		primary "$dev" "$h" "$work/p.$h.$dev.ctx" && n1=$NAME &&
			primary "$dev" "$h" "$work/p2.$h.$dev.ctx" && PNAME[$h.$dev]=$NAME &&
			{ [[ $n1 == "$NAME" ]] || { MSG="-C $h -G aes128cfb twice: names $n1 and $NAME"; false; }; }
		result "keys_createprimary_aes128cfb_${h}_$dev"
	done
	MSG=
	names=()
	for h in "${HIERS[@]}"; do
		names+=("${PNAME[$h.$dev]:-x$h}")
	done
	if (($(printf '%s\n' "${names[@]}" | sort -u | wc -l) != 4)); then
		MSG="the o/e/p/n primaries have equal names: ${names[*]}"
		false
	fi
	result "keys_createprimary_per_hierarchy_$dev"
done
MSG=
for h in "${HIERS[@]}"; do
	[[ -n ${PNAME[$h.tpm]:-} && ${PNAME[$h.tpm]} == "${PNAME[$h.tpmrm]:-}" ]] ||
		MSG+="-C $h: ${PNAME[$h.tpm]:-none} through tpm, ${PNAME[$h.tpmrm]:-none} through tpmrm; "
done
[[ -z $MSG ]]
result keys_createprimary_same_through_both_devices

# KEYEDHASH primaries: HMAC scheme (-G hmac) and NULL scheme (-G
# keyedhash, tpm2_hmac -g sha256); the key is the same each time.
for dev in "${DEVS[@]}"; do
	declare -A HP=()
	for h in o e; do
		primary "$dev" "$h" "$work/hp.$h.ctx" -G hmac -a "$SIGNATTRS" && n1=$NAME &&
			want_ok tt "$dev" tpm2_hmac -c "$work/hp.$h.ctx" --hex "$work/small" &&
			m1=$(cat "$work/out") &&
			primary "$dev" "$h" "$work/hp.$h.ctx" -G hmac -a "$SIGNATTRS" &&
			want_ok tt "$dev" tpm2_hmac -c "$work/hp.$h.ctx" --hex "$work/small" &&
			m2=$(cat "$work/out") && HP[$h]="$NAME $m2" &&
			if [[ $n1 != "$NAME" || $m1 != "$m2" || ! $m1 =~ ^[0-9a-f]{64}$ ]]; then
				MSG="-C $h -G hmac twice: names $n1 $NAME, HMACs $m1 $m2"
				false
			fi
		result "keys_createprimary_hmac_${h}_$dev"
	done
	MSG=
	read -r a1 a2 <<<"${HP[o]:-x y}"
	read -r b1 b2 <<<"${HP[e]:-z w}"
	if [[ $a1 == "$b1" || $a2 == "$b2" ]]; then
		MSG="owner and endorsement HMAC primaries: names $a1 $b1, HMACs $a2 $b2"
		false
	fi
	result "keys_createprimary_hmac_per_hierarchy_$dev"

	primary "$dev" n "$work/kp.ctx" -G keyedhash -a "$SIGNATTRS" && n1=$NAME &&
		want_ok tt "$dev" tpm2_hmac -c "$work/kp.ctx" -g sha256 --hex "$work/small" &&
		m1=$(cat "$work/out") &&
		primary "$dev" n "$work/kp.ctx" -G keyedhash -a "$SIGNATTRS" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/kp.ctx" -g sha256 --hex "$work/small" &&
		if [[ $n1 != "$NAME" || $m1 != "$(cat "$work/out")" ]]; then
			MSG="-C n -G keyedhash twice: names $n1 $NAME, HMACs $m1 $(cat "$work/out")"
			false
		fi
	result "keys_createprimary_keyedhash_null_$dev"
done

# The tools' default attributes (restricted|decrypt) with a KEYEDHASH key
# are an XOR key (refused for now: TPM_RC_SCHEME); a restricted AES key
# must be CFB (TPM_RC_MODE). RSA and ECC keys: test-asym.sh.
want_rc 0x2d2 tt tpm tpm2_createprimary -C o -G keyedhash -c "$work/x.ctx" &&
	want_rc 0x2c9 tt tpm tpm2_createprimary -C o -G aes128cbc -c "$work/x.ctx"
result keys_createprimary_refused

# ------------------------------------------ Create, Load, Unseal (sealed)

for dev in "${DEVS[@]}"; do
	P=$work/p.o.$dev.ctx
	head -c 77 /dev/urandom >"$work/secret"
	want_ok tt "$dev" tpm2_create -C "$P" -i "$work/secret" -u "$work/s.pub" -r "$work/s.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/s.pub" -r "$work/s.priv" -c "$work/s.ctx" &&
		readpub "$dev" "$work/s.ctx" &&
		same_files "tpm2_readpublic of the loaded object vs tpm2_create -u" "$work/rp.pub" "$work/s.pub" &&
		want_ok tt "$dev" tpm2_unseal -c "$work/s.ctx" -o "$work/unsealed" &&
		same_files "tpm2_unseal" "$work/unsealed" "$work/secret"
	result "keys_unseal_$dev"

	# With a password: the tools authorize the object with an HMAC
	# session, whose cpHash holds the object's real name.
	want_ok tt "$dev" tpm2_create -C "$P" -i "$work/secret" -p sealpw -u "$work/sp.pub" -r "$work/sp.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/sp.pub" -r "$work/sp.priv" -c "$work/sp.ctx" &&
		want_ok tt "$dev" tpm2_unseal -c "$work/sp.ctx" -p sealpw -o "$work/unsealed" &&
		same_files "tpm2_unseal -p" "$work/unsealed" "$work/secret"
	result "keys_unseal_password_$dev"
	want_rc 0x98e tt "$dev" tpm2_unseal -c "$work/sp.ctx" -p wrongpw -o "$work/unsealed" &&
		want_rc 0x98e tt "$dev" tpm2_unseal -c "$work/sp.ctx" -o "$work/unsealed" &&
		want_ok tt "$dev" tpm2_unseal -c "$work/sp.ctx" -p sealpw -o "$work/unsealed"
	result "keys_unseal_wrong_password_$dev"
	# noDA: a wrong password is TPM_RC_BAD_AUTH.
	want_ok tt "$dev" tpm2_create -C "$P" -i "$work/secret" -p nodapw -a 'fixedtpm|fixedparent|userwithauth|noda' \
		-u "$work/sn.pub" -r "$work/sn.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/sn.pub" -r "$work/sn.priv" -c "$work/sn.ctx" &&
		want_rc 0x9a2 tt "$dev" tpm2_unseal -c "$work/sn.ctx" -p wrongpw -o "$work/unsealed" &&
		want_ok tt "$dev" tpm2_unseal -c "$work/sn.ctx" -p nodapw -o "$work/unsealed" &&
		same_files "tpm2_unseal -p of a noDA object" "$work/unsealed" "$work/secret"
	result "keys_unseal_noda_wrong_password_$dev"

	# A blob loads only as it was made.
	python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 1
open(sys.argv[2], "wb").write(b)' "$work/s.priv" "$work/bad.priv"
	want_rc 0x1df tt "$dev" tpm2_load -C "$P" -u "$work/s.pub" -r "$work/bad.priv" -c "$work/x.ctx" &&
		want_rc 0x1df tt "$dev" tpm2_load -C "$P" -u "$work/sp.pub" -r "$work/s.priv" -c "$work/x.ctx" &&
		want_rc 0x1df tt "$dev" tpm2_load -C "$work/p.e.$dev.ctx" -u "$work/s.pub" -r "$work/s.priv" -c "$work/x.ctx"
	result "keys_load_tampered_refused_$dev"
done

# ------------------------------------------------ HMAC, HMAC_Start
#
# A KEYEDHASH signing key with known key bytes (tpm2_create -i with the
# sign attribute: scheme NULL, so tpm2_hmac names the hash); more than
# 1024 bytes go through HMAC_Start/SequenceUpdate/SequenceComplete.

for dev in "${DEVS[@]}"; do
	P=$work/p.o.$dev.ctx
	head -c 40 /dev/urandom >"$work/hkey"
	# 100 bytes: more than SHA-1's and SHA-256's block (hashed first),
	# less than SHA-384's and SHA-512's; sealed data holds 128 at most.
	head -c 100 /dev/urandom >"$work/hkey_long"
	for k in hkey hkey_long; do
		want_ok tt "$dev" tpm2_create -C "$P" -i "$work/$k" -a 'fixedtpm|fixedparent|userwithauth|sign' \
			-u "$work/$k.pub" -r "$work/$k.priv" &&
			want_ok tt "$dev" tpm2_load -C "$P" -u "$work/$k.pub" -r "$work/$k.priv" -c "$work/$k.ctx" &&
			for alg in sha256 sha1 sha384 sha512; do
				hmac_is "$dev" "$work/$k.ctx" "$alg" "$work/small" "$(hmac_py "$work/$k" "$alg" "$work/small")" ||
					break
			done
		result "keys_hmac_${k}_$dev"
		hmac_is "$dev" "$work/$k.ctx" sha256 "$work/big" "$(hmac_py "$work/$k" sha256 "$work/big")" &&
			hmac_is "$dev" "$work/$k.ctx" sha384 "$work/big" "$(hmac_py "$work/$k" sha384 "$work/big")"
		result "keys_hmac_start_${k}_$dev"
	done
	# A key made by TPM2_Create with the key bytes and scheme HMAC(SHA-256):
	# tpm2_hmac without -g takes the scheme's hash; another is refused.
	head -c 32 /dev/urandom >"$work/hkey2"
	MSG=
	out=$(python3 "$TPMCMD" keycreate "${RAW[$dev]}" o hmac "$(hexf "$work/hkey2")" \
		"$work/hk2.pub" "$work/hk2.priv" 2>&1) || { MSG="tpmcmd.py keycreate hmac: $out"; false; } &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/hk2.pub" -r "$work/hk2.priv" -c "$work/hk2.ctx" &&
		hmac_is "$dev" "$work/hk2.ctx" - "$work/small" "$(hmac_py "$work/hkey2" sha256 "$work/small")" &&
		hmac_is "$dev" "$work/hk2.ctx" - "$work/big" "$(hmac_py "$work/hkey2" sha256 "$work/big")" &&
		want_rc 0x2c4 tt "$dev" tpm2_hmac -c "$work/hk2.ctx" -g sha384 --hex "$work/small"
	result "keys_hmac_scheme_hmac_$dev"

	# Random keys (tpm2_create -G hmac): the same key gives the same HMAC
	# (small and through a sequence), another key another.
	want_ok tt "$dev" tpm2_create -C "$P" -G hmac -u "$work/r1.pub" -r "$work/r1.priv" &&
		want_ok tt "$dev" tpm2_create -C "$P" -G hmac -u "$work/r2.pub" -r "$work/r2.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/r1.pub" -r "$work/r1.priv" -c "$work/r1.ctx" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/r2.pub" -r "$work/r2.priv" -c "$work/r2.ctx" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/r1.ctx" -o "$work/h1s" "$work/small" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/r1.ctx" -o "$work/h1s2" "$work/small" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/r1.ctx" -o "$work/h1b" "$work/big" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/r1.ctx" -o "$work/h1b2" "$work/big" &&
		want_ok tt "$dev" tpm2_hmac -c "$work/r2.ctx" -o "$work/h2s" "$work/small" &&
		same_files "HMAC of the same data twice" "$work/h1s" "$work/h1s2" &&
		same_files "HMAC (sequence) of the same data twice" "$work/h1b" "$work/h1b2" &&
		diff_files "HMACs with two keys" "$work/h1s" "$work/h2s" &&
		diff_files "r1.pub and r2.pub" "$work/r1.pub" "$work/r2.pub" &&
		{ (($(stat -c %s "$work/h1s") == 32)) || { MSG="HMAC of $(stat -c %s "$work/h1s") bytes"; false; }; }
	result "keys_hmac_random_keys_$dev"

	# HMAC on sealed data (sign CLEAR): TPM_RC_KEY (TPM 2.0 Part 3,
	# TPM2_HMAC: "handle does not reference a signing key"; the reference
	# TPM answers so too); Unseal of an HMAC key: TPM_RC_ATTRIBUTES; of an
	# AES key: TPM_RC_TYPE; EncryptDecrypt with an HMAC key: TPM_RC_KEY
	# (tpm2_encryptdecrypt sends mode 0, not TPM_ALG_NULL, without -G:
	# TPM_RC_MODE on parameter 3).
	want_rc 0x19c tt "$dev" tpm2_hmac -c "$work/s.ctx" -g sha256 "$work/small"
	result "keys_hmac_not_signing_key_refused_$dev"
	want_rc 0x182 tt "$dev" tpm2_unseal -c "$work/r1.ctx" &&
		want_rc 0x18a tt "$dev" tpm2_unseal -c "$P" &&
		want_rc 0x19c tt "$dev" tpm2_encryptdecrypt -c "$work/r1.ctx" -G cfb -t "$work/iv" -o "$work/x" "$work/pt64" &&
		want_rc 0x3c9 tt "$dev" tpm2_encryptdecrypt -c "$work/r1.ctx" -o "$work/x" "$work/pt64"
	result "keys_wrong_key_type_refused_$dev"
done

# ---------------------------------------------------- EncryptDecrypt(2)
#
# AES keys with known key bytes (tpmcmd.py keycreate) in every mode
# against openssl; ivOut as the contract says; decrypt gives the input
# back; 3008 bytes go in several commands chained by ivOut.

# ossl BITS MODE KEYHEX IN OUT [IVFILE]: openssl enc without padding.
ossl()
{
	local iv=()
	[[ $2 != ecb ]] && iv=(-iv "$(hexf "$6")")
	openssl enc "-aes-$1-$2" -K "$3" "${iv[@]}" -nopad -in "$4" -out "$5" 2>"$work/ossl.err"
}

# ivout_want MODE IV PT CT: the ivOut the contract gives (hex).
ivout_want()
{
	python3 -c '
import sys
mode, iv, pt, ct = sys.argv[1], bytes.fromhex(sys.argv[2]), \
    open(sys.argv[3], "rb").read(), open(sys.argv[4], "rb").read()
if mode in ("cbc", "cfb"):
    print(ct[-16:].hex())
elif mode == "ofb":
    print(bytes(a ^ b for a, b in zip(ct[-16:], pt[-16:])).hex())
elif mode == "ctr":
    n = (int.from_bytes(iv, "big") + len(pt) // 16) % (1 << 128)
    print(n.to_bytes(16, "big").hex())
else:
    print("")' "$1" "$(hexf "$2")" "$3" "$4"
}

for dev in "${DEVS[@]}"; do
	P=$work/p.o.$dev.ctx
	for bits in 128 256; do
		for m in "${MODES[@]}"; do
			name=keys_encryptdecrypt_aes${bits}${m}_$dev
			key=$(randhex $((bits / 8)))
			rm -f "$work"/e.* "$work/ivout"
			# An ECB key: -G ecb, or tpm2_encryptdecrypt sends an IV
			# (TPM_RC_SIZE on ivIn).
			ivo=(-t "$work/iv:$work/ivout")
			[[ $m == ecb ]] && ivo=(-G ecb)
			MSG=
			out=$(python3 "$TPMCMD" keycreate "${RAW[$dev]}" o "aes$bits$m" "$key" \
				"$work/e.pub" "$work/e.priv" 2>&1) || { MSG="tpmcmd.py keycreate aes$bits$m: $out"; false; } &&
				want_ok tt "$dev" tpm2_load -C "$P" -u "$work/e.pub" -r "$work/e.priv" -c "$work/e.ctx" &&
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" "${ivo[@]}" -o "$work/e.ct" "$work/pt64" &&
				diff_files "ciphertext vs plaintext" "$work/e.ct" "$work/pt64" &&
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" -d "${ivo[@]}" -o "$work/e.pt" "$work/e.ct" &&
				same_files "decrypted ciphertext" "$work/e.pt" "$work/pt64" &&
				if [[ -n $have_openssl ]]; then
					ossl "$bits" "$m" "$key" "$work/pt64" "$work/e.ossl" "$work/iv" &&
						same_files "tpm2_encryptdecrypt vs openssl aes-$bits-$m" "$work/e.ct" "$work/e.ossl"
				fi &&
				if [[ $m != ecb ]]; then
					want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" "${ivo[@]}" -o "$work/e.ct" "$work/pt64" &&
						w=$(ivout_want "$m" "$work/iv" "$work/pt64" "$work/e.ct") &&
						{ [[ $(hexf "$work/ivout") == "$w" ]] ||
							{ MSG="ivOut $(hexf "$work/ivout"), expected $w"; false; }; }
				fi &&
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" "${ivo[@]}" -o "$work/e.bct" "$work/pt3008" &&
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" -d "${ivo[@]}" -o "$work/e.bpt" "$work/e.bct" &&
				same_files "3008 bytes decrypted" "$work/e.bpt" "$work/pt3008" &&
				if [[ -n $have_openssl ]]; then
					ossl "$bits" "$m" "$key" "$work/pt3008" "$work/e.ossl" "$work/iv" &&
						same_files "3008 bytes vs openssl aes-$bits-$m" "$work/e.bct" "$work/e.ossl"
				fi &&
				if [[ $m == cfb || $m == ofb || $m == ctr ]]; then
					want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" -t "$work/iv" -o "$work/e.sct" "$work/pt50" &&
						if [[ -n $have_openssl ]]; then
							ossl "$bits" "$m" "$key" "$work/pt50" "$work/e.ossl" "$work/iv" &&
								same_files "50 bytes vs openssl aes-$bits-$m" "$work/e.sct" "$work/e.ossl"
						fi
				else
					# CBC and ECB: a partial block is TPM_RC_SIZE on inData
					# (parameter 1 of EncryptDecrypt2).
					want_rc 0x1d5 tt "$dev" tpm2_encryptdecrypt -c "$work/e.ctx" "${ivo[@]}" -o "$work/x" "$work/pt50"
				fi
			result "$name"
		done
	done

	# Keys made by tpm2_create (random key bytes): round trips, the same
	# IV the same ciphertext, another IV another; a command's mode other
	# than the key's: TPM_RC_MODE (parameter 3).
	for g in aes128cbc aes256cfb aes128ctr aes256ofb aes128ecb; do
		m=${g:6}
		ivo=(-t "$work/iv")
		iv2=(-t "$work/iv2")
		[[ $m == ecb ]] && ivo=(-G ecb) iv2=(-G ecb)
		want_ok tt "$dev" tpm2_create -C "$P" -G "$g" -u "$work/g.pub" -r "$work/g.priv" &&
			want_ok tt "$dev" tpm2_load -C "$P" -u "$work/g.pub" -r "$work/g.priv" -c "$work/g.ctx" &&
			want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" "${ivo[@]}" -o "$work/g.ct1" "$work/pt64" &&
			want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" "${ivo[@]}" -o "$work/g.ct2" "$work/pt64" &&
			want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" -d "${ivo[@]}" -o "$work/g.pt" "$work/g.ct1" &&
			same_files "the same IV twice" "$work/g.ct1" "$work/g.ct2" &&
			same_files "decrypted" "$work/g.pt" "$work/pt64" &&
			diff_files "ciphertext vs plaintext" "$work/g.ct1" "$work/pt64" &&
			if [[ $m != ecb ]]; then
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" "${iv2[@]}" -o "$work/g.ct3" "$work/pt64" &&
					diff_files "two IVs" "$work/g.ct1" "$work/g.ct3"
			fi &&
			if [[ $m == cbc ]]; then
				want_rc 0x3c9 tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" -G cfb "${ivo[@]}" -o "$work/x" "$work/pt64"
			fi
		result "keys_encryptdecrypt_create_${g}_$dev"
	done

	# A key without a mode (tpm2_create -G aes128): the command's mode.
	MSG=
	want_ok tt "$dev" tpm2_create -C "$P" -G aes128 -a "$SYMATTRS" -u "$work/g.pub" -r "$work/g.priv" &&
		want_ok tt "$dev" tpm2_load -C "$P" -u "$work/g.pub" -r "$work/g.priv" -c "$work/g.ctx" &&
		for m in "${MODES[@]}"; do
			ivo=(-t "$work/iv")
			[[ $m == ecb ]] && ivo=()
			want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" -G "$m" "${ivo[@]}" -o "$work/g.ct.$m" "$work/pt64" &&
				want_ok tt "$dev" tpm2_encryptdecrypt -c "$work/g.ctx" -G "$m" -d "${ivo[@]}" -o "$work/g.pt" "$work/g.ct.$m" &&
				same_files "mode $m decrypted" "$work/g.pt" "$work/pt64" || break
		done &&
		{ [[ -z $MSG ]] || false; } &&
		if (($(for m in "${MODES[@]}"; do hexf "$work/g.ct.$m"; echo; done | sort -u | wc -l) != 5)); then
			MSG="two modes gave the same ciphertext"
			false
		fi
	result "keys_encryptdecrypt_mode_null_$dev"
done

# ------------------------------------------------ contexts, slots
#
# Through /dev/tpmN the tools leave what they load loaded: it is listed,
# three objects fill the slots (TPM_RC_OBJECT_MEMORY for a fourth), and
# tpm2_flushcontext removes it; the context files still load afterwards.
# Through /dev/tpmrmN nothing stays loaded.

handles_transient()	# DEV: the transient handles listed, one line
{
	tt_keep "$1" tpm2_getcap handles-transient || return 1
	sed -n 's/^- //p' "$work/out" | tr '\n' ' '
}

P=$work/p.o.tpm.ctx
MSG=
tt tpm tpm2_flushcontext -t >/dev/null
if [[ -n $dev_mode ]]; then
	skip keys_context_slots_tpm "not an LTPM"
else
	want_ok tt_keep tpm tpm2_load -C "$P" -u "$work/s.pub" -r "$work/s.priv" -c "$work/c1.ctx" &&
		h=$(handles_transient tpm) &&
		{ [[ $(wc -w <<<"$h") == 2 ]] || { MSG="after tpm2_load: transient handles '$h', expected 2 (parent and object)"; false; }; } &&
		want_ok tt_keep tpm tpm2_createprimary -C e -G aes128cfb -c "$work/c2.ctx" &&
		want_rc 0x902 tt_keep tpm tpm2_createprimary -C n -G aes128cfb -c "$work/c3.ctx" &&
		want_ok tt_keep tpm tpm2_flushcontext -t &&
		h=$(handles_transient tpm) &&
		{ [[ -z ${h// /} ]] || { MSG="after tpm2_flushcontext -t: transient handles '$h'"; false; }; } &&
		want_ok tt tpm tpm2_unseal -c "$work/c1.ctx" -o "$work/unsealed" &&
		same_files "unseal from a saved context" "$work/unsealed" "$work/secret" &&
		readpub tpm "$work/c2.ctx" &&
		{ [[ $NAME == "${PNAME[e.tpm]:-}" ]] || { MSG="saved endorsement primary: name $NAME, expected ${PNAME[e.tpm]:-}"; false; }; }
	result keys_context_slots_tpm
fi
tt tpm tpm2_flushcontext -t >/dev/null

# One object by handle: tpm2_flushcontext HANDLE; again, the tools'
# TPM2_ReadPublic of the handle answers TPM_RC_REFERENCE_H0 (not loaded).
if [[ -n $dev_mode ]]; then
	skip keys_flushcontext_handle_tpm "not an LTPM"
else
	want_ok tt_keep tpm tpm2_createprimary -C o -G aes128cfb -c "$work/c4.ctx" &&
		h=$(handles_transient tpm) &&
		{ [[ $(wc -w <<<"$h") == 1 ]] || { MSG="after tpm2_createprimary: transient handles '$h'"; false; }; } &&
		want_ok tt_keep tpm tpm2_flushcontext "${h%% *}" &&
		h2=$(handles_transient tpm) &&
		{ [[ -z ${h2// /} ]] || { MSG="after tpm2_flushcontext ${h%% *}: transient handles '$h2'"; false; }; } &&
		want_rc 0x910 tt_keep tpm tpm2_flushcontext "${h%% *}"
	result keys_flushcontext_handle_tpm
fi

if [[ -n $dev_mode ]]; then
	skip keys_context_tpmrm_nothing_loaded "not an LTPM"
else
	P=$work/p.o.tpmrm.ctx
	want_ok tt tpmrm tpm2_load -C "$P" -u "$work/s.pub" -r "$work/s.priv" -c "$work/c5.ctx" &&
		want_ok tt tpmrm tpm2_createprimary -C e -G aes128cfb -c "$work/c6.ctx" &&
		want_ok tt tpmrm tpm2_createprimary -C n -G aes128cfb -c "$work/c7.ctx" &&
		want_ok tt tpmrm tpm2_createprimary -C p -G aes128cfb -c "$work/c8.ctx" &&
		h=$(handles_transient tpm) &&
		{ [[ -z ${h// /} ]] || { MSG="after tools through tpmrm: transient handles '$h' in the TPM"; false; }; } &&
		want_ok tt tpmrm tpm2_unseal -c "$work/c5.ctx" -o "$work/unsealed" &&
		same_files "unseal through tpmrm from a saved context" "$work/unsealed" "$work/secret" &&
		want_ok tt tpm tpm2_unseal -c "$work/c5.ctx" -o "$work/unsealed" &&
		same_files "unseal through tpm of a context saved through tpmrm" "$work/unsealed" "$work/secret"
	result keys_context_tpmrm_nothing_loaded
fi

# ------------------------------------------------- another LTPM

if [[ -n $dev_mode ]]; then
	skip keys_ltpm_second "not an LTPM"
else
	MSG=
	ltpm_second &&
		primary tpm2 o "$work/q.o.ctx" &&
		{ [[ $NAME != "${PNAME[o.tpm]:-}" ]] || { MSG="owner primaries of two LTPMs: same name $NAME"; false; }; } &&
		want_rc 0x1df tt tpm2 tpm2_load -C "$work/q.o.ctx" -u "$work/s.pub" -r "$work/s.priv" -c "$work/x.ctx" &&
		! tt tpm2 tpm2_readpublic -c "$work/p.o.tpm.ctx" &&
		{ [[ $(tpm_rc) == 0x1df ]] || { MSG="the first LTPM's context in the second: rc $(tpm_rc), expected 0x1df: $(errmsg)"; false; }; } &&
		! tt tpm2 tpm2_unseal -c "$work/s.ctx" &&
		want_ok tt tpmrm tpm2_unseal -c "$work/s.ctx" -o "$work/unsealed"
	result keys_ltpm_second
	if [[ -n $ltpm2_id ]]; then
		"$HTPMCTL" destroy "$ltpm2_id" >/dev/null 2>&1 && ltpm2_id=
	fi
fi

# ---------------------------------------------- TPM Reset, TPM2_Clear
#
# A TPM Reset renews the null seed (null primaries change, the others do
# not) and invalidates the saved contexts of objects (TPM 2.0 Part 1,
# 30.3: TPM_RC_INTEGRITY); the blobs load again under the same primary.
# TPM2_Clear renews the owner seed: owner contexts and blobs no longer
# load, owner primaries change, platform primaries stay; it also renews
# ehProof (Part 3, 24.6), so an endorsement object's saved context does
# not load either (whether a SYMCIPHER endorsement primary stays the same
# is left open: the reference TPM's changes with ehProof).

# ctx_dead DEV CTX WHAT: CTX no longer loads (tpm2_readpublic of it
# fails with TPM_RC_INTEGRITY where the tools print a code).
ctx_dead()
{
	if tt "$1" tpm2_readpublic -c "$2"; then
		MSG="$3: the saved context still loads"
		return 1
	fi
	local rc
	rc=$(tpm_rc)
	[[ -z $rc || $rc == 0x1df ]] && return 0
	MSG="$3: rc $rc, expected 0x1df: $(errmsg)"
	return 1
}

MSG=
cycle clear clear &&
	primary tpmrm n "$work/n2.ctx" &&
	{ [[ $NAME != "${PNAME[n.tpm]:-}" ]] || { MSG="null primary after a TPM Reset: same name $NAME"; false; }; } &&
	for h in o e p; do
		primary tpmrm "$h" "$work/r.$h.ctx" || break
		[[ $NAME == "${PNAME[$h.tpm]:-}" ]] || { MSG="-C $h primary after a TPM Reset: $NAME, was ${PNAME[$h.tpm]:-}"; false; } || break
	done &&
	{ [[ -z $MSG ]] || false; }
result keys_startup_reset_primaries

ctx_dead tpmrm "$work/s.ctx" "sealed object context after a TPM Reset" &&
	ctx_dead tpm "$work/p.o.tpm.ctx" "owner primary context after a TPM Reset" &&
	want_ok tt tpm tpm2_load -C "$work/r.o.ctx" -u "$work/s.pub" -r "$work/s.priv" -c "$work/s.ctx" &&
	want_ok tt tpmrm tpm2_unseal -c "$work/s.ctx" -o "$work/unsealed" &&
	same_files "unseal after a TPM Reset" "$work/unsealed" "$work/secret"
result keys_startup_reset_contexts

want_ok tt tpm tpm2_clear -c l &&
	ctx_dead tpmrm "$work/s.ctx" "owner object context after TPM2_Clear" &&
	ctx_dead tpm "$work/r.o.ctx" "owner primary context after TPM2_Clear" &&
	primary tpm o "$work/o2.ctx" &&
	{ [[ $NAME != "${PNAME[o.tpm]:-}" ]] || { MSG="owner primary after TPM2_Clear: same name $NAME"; false; }; } &&
	want_rc 0x1df tt tpmrm tpm2_load -C "$work/o2.ctx" -u "$work/s.pub" -r "$work/s.priv" -c "$work/x.ctx" &&
	primary tpmrm p "$work/p2.ctx" &&
	{ [[ $NAME == "${PNAME[p.tpm]:-}" ]] || { MSG="platform primary after TPM2_Clear: $NAME, was ${PNAME[p.tpm]:-}"; false; }; } &&
	want_ok tt tpm tpm2_create -C "$work/o2.ctx" -i "$work/secret" -u "$work/s3.pub" -r "$work/s3.priv" &&
	want_ok tt tpmrm tpm2_load -C "$work/o2.ctx" -u "$work/s3.pub" -r "$work/s3.priv" -c "$work/s3.ctx" &&
	want_ok tt tpm tpm2_unseal -c "$work/s3.ctx" -o "$work/unsealed" &&
	same_files "unseal under the new owner primary" "$work/unsealed" "$work/secret"
result keys_clear_owner_seed

ctx_dead tpm "$work/r.e.ctx" "endorsement primary context after TPM2_Clear (ehProof renewed)"
result keys_clear_endorsement_context

# ------------------------------------------------------------------- end

tt_ltpm_destroy keys

exit $((htpm_failed ? 1 : 0))
