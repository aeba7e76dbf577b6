/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Elliptic curves NIST P-256 and P-384 (FIPS 186-4, SEC 1) on the engine's
 * big numbers: key generation, public keys, point checks, constant-time
 * scalar multiplication (ECDH), and ECDSA. Curves are named by their
 * TPM_ECC_CURVE; scalars and coordinates cross this interface as
 * big-endian bytes of the curve's size.
 */
#ifndef _HTPM_TPM2_ECC_H
#define _HTPM_TPM2_ECC_H

#include "bn.h"

/* Largest coordinate and scalar: P-384 */
#define TPM2E_ECC_MAX_BYTES	48

/**
 * struct tpm2_ecc_domain - the domain parameters of a curve, each a
 *	big-endian number of @bytes bytes (TPMS_ALGORITHM_DETAIL_ECC)
 * @bytes: size of p and of n
 * @p: the field prime
 * @a: coefficient a of y^2 = x^3 + ax + b: p - 3 on the NIST curves
 * @b: coefficient b
 * @gx: x of the generator G
 * @gy: y of G
 * @n: order of G
 * @h: cofactor (1 on the NIST curves)
 */
struct tpm2_ecc_domain {
	unsigned int bytes;
	u8 p[TPM2E_ECC_MAX_BYTES];
	u8 a[TPM2E_ECC_MAX_BYTES];
	u8 b[TPM2E_ECC_MAX_BYTES];
	u8 gx[TPM2E_ECC_MAX_BYTES];
	u8 gy[TPM2E_ECC_MAX_BYTES];
	u8 n[TPM2E_ECC_MAX_BYTES];
	u8 h;
};

unsigned int tpm2_ecc_bytes(u16 curve);
int tpm2_ecc_domain(u16 curve, struct tpm2_ecc_domain *dom);
int tpm2_ecc_generate(u16 curve, const struct tpm2_bn_rng *rng, u8 *d,
		      u8 *x, u8 *y);
int tpm2_ecc_public(u16 curve, const u8 *d, u8 *x, u8 *y);
int tpm2_ecc_point_check(u16 curve, const u8 *x, const u8 *y);
int tpm2_ecc_mul(u16 curve, const u8 *d, const u8 *x, const u8 *y, u8 *rx,
		 u8 *ry);
int tpm2_ecdsa_sign(u16 curve, const u8 *d, const u8 *digest,
		    size_t digest_len, u8 *r, u8 *s);
int tpm2_ecdsa_verify(u16 curve, const u8 *x, const u8 *y, const u8 *digest,
		      size_t digest_len, const u8 *r, size_t r_len,
		      const u8 *s, size_t s_len);

#endif /* _HTPM_TPM2_ECC_H */
