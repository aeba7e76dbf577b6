/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Big numbers for RSA and ECC: fixed-length arrays of 64-bit limbs, least
 * significant limb first. Lengths (in limbs) are public; the values are
 * not: every function here runs in time that depends only on the lengths,
 * unless its name ends in _vartime (for public values: exponents, moduli
 * of public keys, signatures being verified). Conditions come and go as
 * masks, u64 all ones (true) or all zeros (false): tpm2_bn_select(r, a, b,
 * n, mask) is mask ? a : b. The kernel-doc of each function, in bn.c, says
 * which arguments may alias.
 *
 * The same code runs in the kernel and in userspace, so deterministic
 * results (primes from a seed, points from a scalar) are bit-identical in
 * both builds.
 */
#ifndef _HTPM_TPM2_BN_H
#define _HTPM_TPM2_BN_H

#include "platform.h"

/* Largest number: a 4096-bit modulus (TPM2E_MAX_RSA_KEY_BYTES) */
#define TPM2E_BN_MAX_LIMBS	64
#define TPM2E_BN_LIMB_BYTES	8
#define TPM2E_BN_LIMBS(bytes)	(((bytes) + 7) / 8)

/**
 * struct tpm2_bn_mont - Montgomery arithmetic modulo an odd number
 * @n: limbs of the modulus
 * @m: the modulus, odd
 * @rr: R^2 mod @m, R = 2^(64 * @n)
 * @m0inv: -@m^-1 mod 2^64
 */
struct tpm2_bn_mont {
	u32 n;
	u64 m[TPM2E_BN_MAX_LIMBS];
	u64 rr[TPM2E_BN_MAX_LIMBS];
	u64 m0inv;
};

/**
 * struct tpm2_bn_rng - where key generation takes its random bits
 * @fill: write @len bytes to @buf; 0 or a negative errno. For a primary
 *	object a deterministic stream from its seed (the same bytes for the
 *	same seed and template), else the platform RNG.
 * @cancelled: optional; polled between the candidates of a long search.
 *	When it returns true the search stops with -ECANCELED.
 * @priv: passed to both
 *
 * Between candidates the search also calls tpm2_plat_yield(), so a long key
 * generation does not hold a CPU.
 */
struct tpm2_bn_rng {
	int (*fill)(void *priv, u8 *buf, size_t len);
	bool (*cancelled)(void *priv);
	void *priv;
};

int tpm2_bn_from_bytes(u64 *r, u32 n, const u8 *buf, size_t len);
void tpm2_bn_to_bytes(const u64 *a, u32 n, u8 *buf, size_t len);

u64 tpm2_bn_add(u64 *r, const u64 *a, const u64 *b, u32 n);
u64 tpm2_bn_sub(u64 *r, const u64 *a, const u64 *b, u32 n);
void tpm2_bn_select(u64 *r, const u64 *a, const u64 *b, u32 n, u64 mask);
void tpm2_bn_cswap(u64 *a, u64 *b, u32 n, u64 mask);
u64 tpm2_bn_is_zero(const u64 *a, u32 n);
u64 tpm2_bn_lt(const u64 *a, const u64 *b, u32 n);
void tpm2_bn_mul(u64 *r, const u64 *a, const u64 *b, u32 n);
void tpm2_bn_shr1(u64 *a, u32 n, u64 top);
u32 tpm2_bn_bits_vartime(const u64 *a, u32 n);

int tpm2_bn_mod(u64 *r, u32 rn, const u64 *a, u32 an, const u64 *m);
int tpm2_bn_div(u64 *q, u64 *r, const u64 *a, u32 an, const u64 *m, u32 mn);
u64 tpm2_bn_mod_word(const u64 *a, u32 n, u64 w);
int tpm2_bn_mod_inv(u64 *r, const u64 *a, const u64 *m, u32 n);

int tpm2_bn_mont_init(struct tpm2_bn_mont *mt, const u64 *m, u32 n);
void tpm2_bn_mont_mul(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		      const u64 *b);
void tpm2_bn_to_mont(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a);
void tpm2_bn_from_mont(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a);
void tpm2_bn_mod_add(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		     const u64 *b);
void tpm2_bn_mod_sub(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		     const u64 *b);
int tpm2_bn_mod_exp(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		    const u64 *exp, u32 exp_limbs);
int tpm2_bn_mod_exp_vartime(const struct tpm2_bn_mont *mt, u64 *r,
			    const u64 *a, const u64 *exp, u32 exp_limbs);

#endif /* _HTPM_TPM2_BN_H */
