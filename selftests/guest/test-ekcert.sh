#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# EK certificates (htpmctl ekcert): a CA made here with openssl certifies
# the endorsement keys of one LTPM for a fresh network namespace; the
# container's side then reads them through /dev/tpmrmN with unchanged
# tpm2-tools 5.4 (tpm2_nvreadpublic, tpm2_nvread, tpm2_getekcertificate)
# and checks them with openssl: each verifies under the CA and under no
# other, and its public key is the EK tpm2_createek makes from the TCG EK
# Credential Profile's default templates (RSA 2048 and ECC NIST P-256).
# The indices must carry the profile's attributes and stay write-locked;
# a second ekcert replaces the certificates; they survive a TPM Reset.
#
# Check names: ekcert_<what>.
#
# htpmctl provisions an LTPM only, so there is no ${ENV}_TCTI mode.

set -uo pipefail
# shellcheck source=selftests/guest/tools-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"

NETNS=htpm-ekcert-$$
TT_TIMEOUT=300
IDX_RSA=0x01c00002
IDX_ECC=0x01c0000a
# ppwrite|writedefine|ppread|ownerread|authread|no_da|platformcreate,
# then written|writelocked
NV_ATTRS=0x62072801
tt_init ekcert
cd "$work" || exit 1

# ca NAME ALG: a self-signed CA, NAME.key and NAME.pem (ALG: ec or rsa)
ca()
{
	local newkey
	if [[ $2 == ec ]]; then
		newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
	else
		newkey=(-newkey rsa:2048)
	fi
	openssl req -x509 "${newkey[@]}" -nodes -sha256 -days 30 \
		-keyout "$work/$1.key" -out "$work/$1.pem" \
		-subj "/CN=htpm test $1/O=htpm" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>"$work/openssl.log" 2>&1
}

# ekcert ARG...: htpmctl ekcert; its output in EK_OUT, MSG on failure.
ekcert()
{
	EK_OUT=$("$HTPMCTL" ekcert "$@" 2>&1) && return 0
	MSG="htpmctl ekcert $*: $(tail -n 2 <<<"$EK_OUT" | tr '\n' ' ')"
	return 1
}

# ek_line TYPE INDEX: EK_OUT has "ekcert TYPE INDEX size:N serial:HEX";
# sets EK_SIZE EK_SERIAL EK_REST.
ek_line()
{
	local line
	line=$(awk -v t="$1" '$1 == "ekcert" && $2 == t' <<<"$EK_OUT")
	if [[ ! $line =~ ^ekcert\ $1\ $2\ size:([0-9]+)\ serial:([0-9A-F]+)(.*)$ ]]; then
		MSG="htpmctl ekcert: no '$1 $2' line in '$EK_OUT'"
		return 1
	fi
	EK_SIZE=${BASH_REMATCH[1]}
	EK_SERIAL=${BASH_REMATCH[2]}
	EK_REST=${BASH_REMATCH[3]}
}

# nvpub INDEX: tpm2_nvreadpublic INDEX; NV_VALUE its attributes' value,
# NV_SIZE its size.
nvpub()
{
	want_ok tt tpmrm tpm2_nvreadpublic "$1" || return 1
	NV_VALUE=$(awk '/^  attributes:/ { a = 1 } a && $1 == "value:" { print tolower($2); exit }' "$work/out")
	NV_SIZE=$(awk '$1 == "size:" { print $2; exit }' "$work/out")
}

# nvread INDEX AUTH FILE: tpm2_nvread of the whole index by AUTH (the
# index itself or o) into FILE.
nvread()
{
	rm -f "$3"
	want_ok tt tpmrm tpm2_nvread "$1" -C "$2" -o "$3" && [[ -s $3 ]] && return 0
	MSG=${MSG:-"tpm2_nvread $1 wrote nothing"}
	return 1
}

# to_pem DER PEM: the certificate as PEM (openssl refuses what is not
# one DER certificate).
to_pem()
{
	openssl x509 -inform DER -in "$1" -out "$2" 2>"$work/openssl.log" && return 0
	MSG="$1 is not a DER certificate: $(tail -n 1 "$work/openssl.log")"
	return 1
}

# verifies PEM CA: openssl verify accepts PEM under CA alone.
verifies()
{
	local out
	out=$(openssl verify -CAfile "$2" "$1" 2>&1) && [[ $out == "$1: OK" ]] && return 0
	MSG="openssl verify -CAfile $2 $1: $(tr '\n' ' ' <<<"$out")"
	return 1
}

# rejected PEM CA: openssl verify refuses PEM under CA.
rejected()
{
	openssl verify -CAfile "$2" "$1" >/dev/null 2>&1 || return 0
	MSG="openssl verify accepts $1 under $2"
	return 1
}

# same_pubkey CERT_PEM PUB_PEM: the certificate's key is PUB_PEM's.
same_pubkey()
{
	if ! openssl x509 -in "$1" -noout -pubkey 2>/dev/null |
		openssl pkey -pubin -outform DER -out "$work/k1.der" 2>/dev/null ||
		! openssl pkey -pubin -in "$2" -outform DER -out "$work/k2.der" 2>/dev/null; then
		MSG="openssl cannot read the keys of $1 and $2"
		return 1
	fi
	cmp -s "$work/k1.der" "$work/k2.der" && return 0
	MSG="the key of $1 is not the EK of $2"
	return 1
}

# key_usage PEM WANT: the certificate's keyUsage is WANT alone.
key_usage()
{
	local ku
	ku=$(openssl x509 -in "$1" -noout -ext keyUsage 2>/dev/null |
		sed -n 's/^ *//; 2p')
	[[ $ku == "$2" ]] && return 0
	MSG="$1: keyUsage '$ku', expected '$2'"
	return 1
}

# der_of FILE OUT: a certificate in PEM or DER, as DER.
der_of()
{
	openssl x509 -in "$1" -outform DER -out "$2" 2>/dev/null ||
		openssl x509 -inform DER -in "$1" -outform DER -out "$2" 2>/dev/null
}

# ------------------------------------------------------------------ setup

if ! command -v openssl >/dev/null; then
	skip ekcert "openssl missing in the guest"
	exit 0
fi
if ! ca ca ec || ! ca other ec || ! ca rsaca rsa; then
	fail ekcert_ca "openssl req: $(tail -n 2 "$work/openssl.log" | tr '\n' ' ')"
	exit 1
fi
tt_setup ekcert EKCERT ekcert
if [[ -n $dev_mode ]]; then
	skip ekcert "htpmctl ekcert provisions LTPMs only"
	exit 0
fi

# ---------------------------------------------------------------- checks

"$HTPMCTL" ekcert >/dev/null 2>&1
rc=$?
{ ((rc == 2)) || { MSG="htpmctl ekcert without arguments: exit $rc, expected 2"; false; }; }
result ekcert_usage

! ekcert "$ltpm_id" --rsa --ca-key "$work/other.key" --ca-cert "$work/ca.pem" &&
	{ [[ $EK_OUT == *"does not belong"* ]] || { MSG="wrong CA key: '$EK_OUT'"; false; }; }
result ekcert_wrong_ca_key

ekcert "$ltpm_id" --both --ca-key "$work/ca.key" --ca-cert "$work/ca.pem" &&
	ek_line rsa $IDX_RSA && rsa_size=$EK_SIZE && rsa_serial=$EK_SERIAL &&
	ek_line ecc $IDX_ECC && ecc_size=$EK_SIZE
result ekcert_provision

for t in rsa ecc; do
	if [[ $t == rsa ]]; then
		idx=$IDX_RSA size=${rsa_size:-} auth=$IDX_RSA ku="Key Encipherment"
	else
		idx=$IDX_ECC size=${ecc_size:-} auth=o ku="Key Agreement"
	fi
	nvpub "$idx" &&
		{ [[ $NV_VALUE == "$NV_ATTRS" && $NV_SIZE == "$size" ]] ||
			{ MSG="$idx: attributes $NV_VALUE size $NV_SIZE, expected $NV_ATTRS and $size"; false; }; }
	result "ekcert_${t}_nvreadpublic"

	nvread "$idx" "$auth" "$work/$t.der" && to_pem "$work/$t.der" "$work/$t.pem" &&
		verifies "$work/$t.pem" "$work/ca.pem" && rejected "$work/$t.pem" "$work/other.pem"
	result "ekcert_${t}_verify"

	key_usage "$work/$t.pem" "$ku"
	result "ekcert_${t}_key_usage"

	want_ok tt tpmrm tpm2_createek -G "$t" -c "$work/ek.ctx" -u "$work/ek-$t.pem" -f pem &&
		same_pubkey "$work/$t.pem" "$work/ek-$t.pem"
	result "ekcert_${t}_createek_key"
done

# tpm2_getekcertificate reads both indices (-o twice: RSA, then ECC).
rm -f "$work/get1" "$work/get2"
if ! tt tpmrm tpm2_getekcertificate -o "$work/get1" -o "$work/get2"; then
	skip ekcert_getekcertificate "tpm2_getekcertificate: $(errmsg)"
elif der_of "$work/get1" "$work/get1.der" && der_of "$work/get2" "$work/get2.der" &&
	same_files "tpm2_getekcertificate RSA" "$work/get1.der" "$work/rsa.der" &&
	same_files "tpm2_getekcertificate ECC" "$work/get2.der" "$work/ecc.der"; then
	pass ekcert_getekcertificate
else
	fail ekcert_getekcertificate "${MSG:-its output is not the two certificates}"
	MSG=
fi

printf 'junk' >"$work/junk"
want_rc 0x148 tt tpmrm tpm2_nvwrite $IDX_RSA -C p -i "$work/junk"
result ekcert_write_locked

# Again, RSA only, by namespace and with another CA: replaced.
cp "$work/rsa.der" "$work/rsa1.der" 2>/dev/null
ekcert --netns "/run/netns/$NETNS" --rsa --ca-key "$work/rsaca.key" \
	--ca-cert "$work/rsaca.pem" --days 10 --subject "/CN=ltpm $ltpm_id" &&
	ek_line rsa $IDX_RSA &&
	{ [[ $EK_REST == " replaced" && $EK_SERIAL != "${rsa_serial:-}" ]] ||
		{ MSG="second run: '$EK_OUT' (first serial ${rsa_serial:-none})"; false; }; } &&
	nvread $IDX_RSA $IDX_RSA "$work/rsa2.der" && to_pem "$work/rsa2.der" "$work/rsa2.pem" &&
	diff_files "RSA certificate after the second run" "$work/rsa1.der" "$work/rsa2.der" &&
	verifies "$work/rsa2.pem" "$work/rsaca.pem" && rejected "$work/rsa2.pem" "$work/ca.pem" &&
	same_pubkey "$work/rsa2.pem" "$work/ek-rsa.pem" &&
	{ openssl x509 -in "$work/rsa2.pem" -noout -subject | grep -q "CN *= *ltpm $ltpm_id" ||
		{ MSG="subject: $(openssl x509 -in "$work/rsa2.pem" -noout -subject)"; false; }; }
result ekcert_replace

# A TPM Reset: the certificates and their lock stay.
"$HTPMCTL" reset "$ltpm_id" >/dev/null 2>&1 &&
	want_ok tt tpm tpm2_startup -c &&
	nvread $IDX_RSA $IDX_RSA "$work/rsa3.der" &&
	same_files "RSA certificate after a TPM Reset" "$work/rsa3.der" "$work/rsa2.der" &&
	nvread $IDX_ECC o "$work/ecc3.der" &&
	same_files "ECC certificate after a TPM Reset" "$work/ecc3.der" "$work/ecc.der" &&
	want_rc 0x148 tt tpmrm tpm2_nvwrite $IDX_ECC -C p -i "$work/junk"
result ekcert_tpm_reset

note "ekcert: $tool_runs tool runs"

# ------------------------------------------------------------------- end

tt_ltpm_destroy ekcert

exit $((htpm_failed ? 1 : 0))
