/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RSA (PKCS #1 v2.2, FIPS 186-4) on the engine's big numbers: key
 * generation with probable primes, the raw operations (the private one in
 * CRT form with blinding), and the padding schemes the TPM offers.
 * Numbers cross this interface as big-endian bytes.
 */
#ifndef _HTPM_TPM2_RSA_H
#define _HTPM_TPM2_RSA_H

#include "bn.h"

/* Largest modulus and prime the engine works with: RSA-3072 */
#define TPM2E_RSA_MAX_BYTES	384
#define TPM2E_RSA_MAX_PRIME	(TPM2E_RSA_MAX_BYTES / 2)
/* The exponent of a public area whose exponent field is 0 */
#define TPM2E_RSA_DEFAULT_E	65537

/**
 * struct tpm2_rsa_key - an RSA key as the TPM keeps it
 * @n: modulus, big-endian, @n_len bytes (keyBits / 8), top bit set
 * @n_len: 128, 256 or 384
 * @e: public exponent, an odd prime (never 0: use TPM2E_RSA_DEFAULT_E)
 * @p: one prime factor of @n, big-endian, @n_len / 2 bytes; NULL for a
 *	public key
 */
struct tpm2_rsa_key {
	const u8 *n;
	u16 n_len;
	u32 e;
	const u8 *p;
};

/* Padding of tpm2_rsa_sign/verify/encrypt/decrypt */
enum tpm2_rsa_pad {
	TPM2E_RSA_PAD_NONE,	/* raw (TPM_ALG_NULL): encrypt/decrypt only */
	TPM2E_RSA_PAD_PKCS1,	/* RSASSA-PKCS1-v1_5 or RSAES-PKCS1-v1_5 */
	TPM2E_RSA_PAD_PSS,	/* RSASSA-PSS, MGF1 with the same hash */
	TPM2E_RSA_PAD_OAEP,	/* RSAES-OAEP, MGF1 with the same hash */
};

bool tpm2_rsa_exponent_ok(u32 e);
int tpm2_rsa_generate(u16 bits, u32 e, const struct tpm2_bn_rng *rng,
		      u8 *n, u8 *p);
int tpm2_rsa_check_private(const struct tpm2_rsa_key *k);
int tpm2_rsa_raw_public(const struct tpm2_rsa_key *k, const u8 *in, u8 *out);
int tpm2_rsa_raw_private(const struct tpm2_rsa_key *k, const u8 *in,
			 u8 *out);
int tpm2_rsa_sign(struct tpm2_plat_crypto *pc, const struct tpm2_rsa_key *k,
		  enum tpm2_rsa_pad pad, unsigned int hash, const u8 *digest,
		  size_t digest_len, u8 *sig);
int tpm2_rsa_verify(struct tpm2_plat_crypto *pc,
		    const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		    unsigned int hash, const u8 *digest, size_t digest_len,
		    const u8 *sig, size_t sig_len);
int tpm2_rsa_encrypt(struct tpm2_plat_crypto *pc,
		     const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		     unsigned int hash, const u8 *label, size_t label_len,
		     const u8 *msg, size_t msg_len, u8 *out);
int tpm2_rsa_decrypt(struct tpm2_plat_crypto *pc,
		     const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		     unsigned int hash, const u8 *label, size_t label_len,
		     const u8 *in, size_t in_len, u8 *out, size_t *out_len);

#endif /* _HTPM_TPM2_RSA_H */
