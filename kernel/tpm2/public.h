/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TPMT_PUBLIC: the public area of an object, its unmarshaling with the
 * checks TPM 2.0 Part 2 attaches to each field, its marshaling and its Name.
 */
#ifndef _HTPM_TPM2_PUBLIC_H
#define _HTPM_TPM2_PUBLIC_H

#include "marshal.h"

struct tpm2_engine;

/* TPMI_ALG_PUBLIC */
#define TPM2E_ALG_RSA			0x0001
#define TPM2E_ALG_HMAC			0x0005
#define TPM2E_ALG_KEYEDHASH		0x0008
#define TPM2E_ALG_ECC			0x0023
#define TPM2E_ALG_SYMCIPHER		0x0025

/* Block cipher modes (TPMI_ALG_SYM_MODE) */
#define TPM2E_ALG_CTR			0x0040
#define TPM2E_ALG_OFB			0x0041
#define TPM2E_ALG_CBC			0x0042
#define TPM2E_ALG_ECB			0x0044

#define TPM2E_RC_KDF			(TPM2E_RC_FMT1 + 0x00C)
#define TPM2E_RC_CURVE			(TPM2E_RC_FMT1 + 0x026)

/* Schemes and KDFs (TPM_ALG_ID) */
#define TPM2E_ALG_MGF1			0x0007
#define TPM2E_ALG_RSASSA		0x0014
#define TPM2E_ALG_RSAES			0x0015
#define TPM2E_ALG_RSAPSS		0x0016
#define TPM2E_ALG_OAEP			0x0017
#define TPM2E_ALG_ECDSA			0x0018
#define TPM2E_ALG_ECDH			0x0019
#define TPM2E_ALG_ECDAA			0x001A
#define TPM2E_ALG_SM2			0x001B
#define TPM2E_ALG_ECSCHNORR		0x001C
#define TPM2E_ALG_KDF1_SP800_56A	0x0020
#define TPM2E_ALG_KDF2			0x0021
#define TPM2E_ALG_KDF1_SP800_108	0x0022

/* TPM_ECC_CURVE */
#define TPM2E_ECC_NIST_P256		0x0003
#define TPM2E_ECC_NIST_P384		0x0004

/* TPMA_OBJECT */
#define TPM2E_OA_FIXED_TPM		BIT(1)
#define TPM2E_OA_ST_CLEAR		BIT(2)
#define TPM2E_OA_FIXED_PARENT		BIT(4)
#define TPM2E_OA_SENSITIVE_DATA_ORIGIN	BIT(5)
#define TPM2E_OA_USER_WITH_AUTH		BIT(6)
#define TPM2E_OA_ADMIN_WITH_POLICY	BIT(7)
#define TPM2E_OA_NO_DA			BIT(10)
#define TPM2E_OA_ENCRYPTED_DUPLICATION	BIT(11)
#define TPM2E_OA_RESTRICTED		BIT(16)
#define TPM2E_OA_DECRYPT		BIT(17)
#define TPM2E_OA_SIGN			BIT(18)
#define TPM2E_OA_X509SIGN		BIT(19)
#define TPM2E_OA_RESERVED		(BIT(0) | BIT(3) | BIT(8) | BIT(9) | \
					 (0xFFFU << 20))

/* Largest RSA modulus and ECC coordinate the TPM unmarshals */
#define TPM2E_MAX_RSA_KEY_BYTES		512
#define TPM2E_MAX_ECC_KEY_BYTES		48

/**
 * struct tpm2_sym_def - TPMT_SYM_DEF_OBJECT
 * @alg: TPM_ALG_AES or TPM_ALG_NULL
 * @bits: key size in bits
 * @mode: block cipher mode
 */
struct tpm2_sym_def {
	u16 alg;
	u16 bits;
	u16 mode;
};

/**
 * struct tpm2_scheme - a TPMT_*_SCHEME or TPMT_KDF_SCHEME
 * @alg: the scheme, TPM_ALG_NULL for none
 * @hash: its hashAlg
 * @kdf: the KDF of TPM_ALG_XOR, or ECDAA's count
 */
struct tpm2_scheme {
	u16 alg;
	u16 hash;
	u16 kdf;
};

/**
 * struct tpm2_public - TPMT_PUBLIC
 * @type: TPMI_ALG_PUBLIC
 * @name_alg: nameAlg
 * @attrs: TPMA_OBJECT
 * @policy_size: bytes in @policy
 * @policy: authPolicy
 * @sym: symmetric (RSA, ECC and SYMCIPHER)
 * @scheme: scheme (KEYEDHASH, RSA and ECC)
 * @key_bits: keyBits (RSA)
 * @exponent: exponent (RSA)
 * @curve: curveID (ECC)
 * @kdf: kdf (ECC)
 * @unique_size: bytes in @unique
 * @unique: unique: a digest (KEYEDHASH, SYMCIPHER), the modulus (RSA), or
 *	the x coordinate (ECC)
 * @unique_y_size: bytes in @unique_y
 * @unique_y: the y coordinate (ECC)
 */
struct tpm2_public {
	u16 type;
	u16 name_alg;
	u32 attrs;
	u16 policy_size;
	u8 policy[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_sym_def sym;
	struct tpm2_scheme scheme;
	u16 key_bits;
	u32 exponent;
	u16 curve;
	struct tpm2_scheme kdf;
	u16 unique_size;
	u8 unique[TPM2E_MAX_RSA_KEY_BYTES];
	u16 unique_y_size;
	u8 unique_y[TPM2E_MAX_ECC_KEY_BYTES];
};

u32 tpm2_rd_public(struct tpm2_rd *rd, struct tpm2_public *pub,
		   bool name_alg_null);
u32 tpm2_rd_public_parms(struct tpm2_rd *rd, struct tpm2_public *pub);
u32 tpm2_rd_sym_object(struct tpm2_rd *rd, struct tpm2_sym_def *s, bool null);
u32 tpm2_rd_public2b(struct tpm2_rd *rd, struct tpm2_public *pub,
		     bool name_alg_null);
void tpm2_wr_public(struct tpm2_wr *wr, const struct tpm2_public *pub);
void tpm2_wr_public2b(struct tpm2_wr *wr, const struct tpm2_public *pub);
int tpm2_public_name(struct tpm2_engine *e, const struct tpm2_public *pub,
		     u8 *name, u16 *size);

/**
 * struct tpm2_signature - TPMT_SIGNATURE
 * @alg: sigAlg
 * @hash: its hashAlg
 * @size: bytes in @sig
 * @sig: an RSA signature, an HMAC, or the r of an ECDSA signature
 * @s_size: bytes in @s
 * @s: the s of an ECDSA signature
 */
struct tpm2_signature {
	u16 alg;
	u16 hash;
	u16 size;
	u8 sig[TPM2E_MAX_RSA_KEY_BYTES];
	u16 s_size;
	u8 s[TPM2E_MAX_ECC_KEY_BYTES];
};

u32 tpm2_rd_signature(struct tpm2_rd *rd, struct tpm2_signature *s);
void tpm2_wr_signature(struct tpm2_wr *wr, const struct tpm2_signature *s);
u32 tpm2_rd_sig_scheme(struct tpm2_rd *rd, struct tpm2_scheme *s);
u32 tpm2_rd_ticket(struct tpm2_rd *rd, u16 tag, u32 *hierarchy, u8 *digest,
		   u16 max, u16 *size);
u32 tpm2_sig_scheme_select(const struct tpm2_public *p,
			   const struct tpm2_scheme *in,
			   struct tpm2_scheme *out);
struct tpm2_engine;
struct tpm2_key;
struct tpm2_hash_alg;
int tpm2_sign_digest(struct tpm2_engine *e, const struct tpm2_key *k,
		     const struct tpm2_scheme *s,
		     const struct tpm2_hash_alg *h, const u8 *digest,
		     u16 digest_size, struct tpm2_signature *o);

#endif /* _HTPM_TPM2_PUBLIC_H */
