// SPDX-License-Identifier: GPL-2.0
/*
 * RSA on the engine's big numbers: FIPS 186-4 B.3.3 probable primes, the
 * raw operations (private in CRT form, blinded, checked by re-encryption)
 * and the PKCS #1 v2.2 encodings: RSASSA-PKCS1-v1_5, RSASSA-PSS,
 * RSAES-PKCS1-v1_5 and RSAES-OAEP, all with MGF1 of the signature or
 * encryption hash.
 *
 * A key holds n, e and one prime p; q, the CRT exponents and q^-1 mod p are
 * recomputed on every private operation, so no derived secret outlives it.
 * Working numbers live on the heap and are zeroized when freed.
 */
#include "rsa.h"

/* Limbs of the largest modulus and of the largest prime */
#define RSA_NL	TPM2E_BN_LIMBS(TPM2E_RSA_MAX_BYTES)
#define RSA_PL	TPM2E_BN_LIMBS(TPM2E_RSA_MAX_PRIME)

/* Trial division: the odd primes below this bound */
#define RSA_SIEVE_BOUND		16384
#define RSA_SIEVE_PRIMES	1900	/* >= pi(16384) - 1 = 1899 */
/* Steps of 2 from one random start before drawing a new one */
#define RSA_SIEVE_STEPS		8192

/* Bytes the padding schemes need around the message or digest */
#define RSA_PKCS1_MIN_PAD	11

/**
 * tpm2_rsa_exponent_ok() - is @e a public exponent the engine accepts
 * @e: exponent
 *
 * Key generation and the CRT need e to be an odd prime (then gcd(e, p - 1)
 * is 1 unless p == 1 mod e, and e^-1 mod p - 1 comes from an inverse mod
 * e). Not constant time: @e is public.
 *
 * Return: true when @e is a prime >= 3.
 */
bool tpm2_rsa_exponent_ok(u32 e)
{
	u32 d;

	if (e < 3 || !(e & 1))
		return false;
	for (d = 3; d <= e / d; d += 2)
		if (e % d == 0)
			return false;
	return true;
}

/* Miller-Rabin rounds of FIPS 186-4 Tables C.2 and C.3, by prime size */
static unsigned int rsa_mr_rounds(u32 prime_bits)
{
	if (prime_bits >= 1536)
		return 4;
	if (prime_bits >= 1024)
		return 5;
	return 7;
}

/* The odd primes below RSA_SIEVE_BOUND into @primes; returns their count */
static u32 rsa_small_primes(u16 *primes, u8 *composite)
{
	u32 i, j, count = 0;

	/* composite[i] describes 2 * i + 1 */
	for (i = 1; i < RSA_SIEVE_BOUND / 2; i++) {
		u32 v = 2 * i + 1;

		if (composite[i])
			continue;
		if (count < RSA_SIEVE_PRIMES)
			primes[count++] = v;
		for (j = v * v / 2; j < RSA_SIEVE_BOUND / 2; j += v)
			composite[j] = 1;
	}
	return count;
}

struct rsa_gen {
	const struct tpm2_bn_rng *rng;
	u32 e;
	u32 bits;			/* of each prime */
	u32 pn;				/* limbs of each prime */
	u32 nprimes;
	u16 primes[RSA_SIEVE_PRIMES];
	u32 res[RSA_SIEVE_PRIMES];	/* candidate mod primes[i] */
	u8 sieve[RSA_SIEVE_BOUND / 2];
	struct tpm2_bn_mont mt;
	u64 w[RSA_PL];			/* the candidate */
	u64 m[RSA_PL];			/* (w - 1) / 2^a */
	u64 b[RSA_PL];
	u64 z[RSA_PL];
	u64 one[RSA_PL];		/* 1 and w - 1, Montgomery form */
	u64 minus1[RSA_PL];
	u8 buf[TPM2E_RSA_MAX_PRIME];
};

/* A random number of g->bits bits into @r, from the key's stream */
static int rsa_rng_limbs(struct rsa_gen *g, u64 *r)
{
	size_t len = g->bits / 8;
	int ret = g->rng->fill(g->rng->priv, g->buf, len);

	if (ret)
		return ret;
	tpm2_bn_from_bytes(r, g->pn, g->buf, len);
	return 0;
}

/*
 * FIPS 186-4 C.3.1 on the candidate g->w: 0 for probably prime, 1 for
 * composite, or a negative errno. The bases come from the key's stream.
 */
static int rsa_miller_rabin(struct rsa_gen *g, unsigned int rounds)
{
	u32 n = g->pn, a = 0, j, tries;
	unsigned int i;
	u64 bad;
	int ret;

	ret = tpm2_bn_mont_init(&g->mt, g->w, n);
	if (ret)
		return ret;
	/* w - 1 = 2^a * m, m odd */
	memcpy(g->m, g->w, n * sizeof(u64));
	g->m[0] &= ~1ULL;
	while (!(g->m[0] & 1)) {
		tpm2_bn_shr1(g->m, n, 0);
		a++;
	}
	memset(g->one, 0, sizeof(g->one));
	g->one[0] = 1;
	tpm2_bn_to_mont(&g->mt, g->one, g->one);
	tpm2_bn_sub(g->minus1, g->w, g->one, n);

	for (i = 0; i < rounds; i++) {
		/* b in [2, w - 2], drawn again while out of range */
		for (tries = 0;; tries++) {
			if (tries == 64)
				return -EIO;
			ret = rsa_rng_limbs(g, g->b);
			if (ret)
				return ret;
			memcpy(g->z, g->w, n * sizeof(u64));
			g->z[0] -= 1;		/* w odd: no borrow */
			if (tpm2_bn_lt(g->b, g->z, n) &&
			    tpm2_bn_bits_vartime(g->b, n) > 1)
				break;
		}
		ret = tpm2_bn_mod_exp(&g->mt, g->z, g->b, g->m, n);
		if (ret)
			return ret;
		tpm2_bn_to_mont(&g->mt, g->z, g->z);
		if (!tpm2_plat_memneq(g->z, g->one, n * sizeof(u64)) ||
		    !tpm2_plat_memneq(g->z, g->minus1, n * sizeof(u64)))
			continue;
		bad = 1;
		for (j = 1; j < a; j++) {
			tpm2_bn_mont_mul(&g->mt, g->z, g->z, g->z);
			if (!tpm2_plat_memneq(g->z, g->minus1,
					      n * sizeof(u64))) {
				bad = 0;
				break;
			}
			if (!tpm2_plat_memneq(g->z, g->one, n * sizeof(u64)))
				break;
		}
		if (bad)
			return 1;
	}
	return 0;
}

/* Mask: all ones when any residue is 0 or the candidate is 1 mod e */
static u32 rsa_sieve_hit(const struct rsa_gen *g, u64 res_e)
{
	u32 hit = 0, i;

	for (i = 0; i < g->nprimes; i++)
		hit |= (g->res[i] - 1) >> 31;	/* res < 2^16 */
	hit |= (u32)(((res_e ^ 1) - 1) >> 63);	/* res_e < 2^32 */
	return 0 - hit;
}

/* Every residue + 2, reduced, without branches */
static void rsa_sieve_step(struct rsa_gen *g, u64 *res_e)
{
	u32 i;

	for (i = 0; i < g->nprimes; i++) {
		u32 r = g->res[i] + 2, p = g->primes[i];

		r -= p & (0 - (((r - p) >> 31) ^ 1));
		g->res[i] = r;
	}
	*res_e += 2;
	*res_e -= g->e & (0 - (((*res_e - g->e) >> 63) ^ 1));
}

static bool rsa_cancelled(const struct tpm2_bn_rng *rng)
{
	return rng->cancelled && rng->cancelled(rng->priv);
}

/*
 * One prime of g->bits bits into @out: a random odd start with its top
 * two bits set (so p >= sqrt(2) * 2^(bits - 1)), then steps of 2. A
 * candidate divisible by a small prime, or 1 mod e (gcd(e, p - 1) != 1),
 * is skipped by masks computed on all residues at every step; the others
 * go to Miller-Rabin.
 */
static int rsa_find_prime(struct rsa_gen *g, u64 *out)
{
	/* prime sizes are multiples of 64 bits: the top bit is bit 63 */
	u32 n = g->pn, i, step, tested = 0;
	u32 rounds = rsa_mr_rounds(g->bits);
	u64 res_e;
	int ret;

	for (;;) {
		ret = rsa_rng_limbs(g, out);
		if (ret)
			return ret;
		out[0] |= 1;
		out[n - 1] |= 3ULL << 62;
		for (i = 0; i < g->nprimes; i++)
			g->res[i] = (u32)tpm2_bn_mod_word(out, n, g->primes[i]);
		res_e = tpm2_bn_mod_word(out, n, g->e);

		for (step = 0; step < RSA_SIEVE_STEPS; step++) {
			if (step)
				rsa_sieve_step(g, &res_e);
			if (rsa_sieve_hit(g, res_e))
				continue;
			/* w = start + 2 * step; a carry past the top bits
			 * ends this start
			 */
			memset(g->w, 0, n * sizeof(u64));
			g->w[0] = 2 * (u64)step;
			if (tpm2_bn_add(g->w, g->w, out, n) ||
			    (g->w[n - 1] >> 62) != 3)
				break;
			if (rsa_cancelled(g->rng))
				return -ECANCELED;
			tpm2_plat_yield();
			/* FIPS 186-4 B.3.3 gives up after 5 * bits tries */
			if (++tested > 5 * g->bits)
				return -EAGAIN;
			ret = rsa_miller_rabin(g, rounds);
			if (ret < 0)
				return ret;
			if (!ret) {
				memcpy(out, g->w, n * sizeof(u64));
				return 0;
			}
		}
	}
}

/**
 * tpm2_rsa_generate() - generate an RSA key pair
 * @bits: modulus size, 1024, 2048 or 3072
 * @e: public exponent, tpm2_rsa_exponent_ok()
 * @rng: source of every random byte (candidates and Miller-Rabin bases),
 *	so that one stream always gives one key; polled for cancellation
 *	between candidates
 * @n: modulus, @bits / 8 bytes big-endian, top bit set
 * @p: the prime found first, @bits / 16 bytes big-endian
 *
 * FIPS 186-4 B.3.3: primes p and q of @bits / 2 bits with their top two
 * bits set, gcd(e, p - 1) = gcd(e, q - 1) = 1, trial division by the odd
 * primes below 16384 and then 7, 5 or 4 rounds of Miller-Rabin (Tables
 * C.2/C.3 for 512-, 1024- and 1536-bit primes); q is drawn again while
 * |p - q| <= 2^(@bits / 2 - 100). May sleep (tpm2_plat_yield()).
 *
 * Return: 0; -EINVAL for a bad @bits or @e; -ECANCELED when
 * @rng->cancelled said so; -EAGAIN when 5 * @bits / 2 candidates for one
 * prime all failed; -ENOMEM; or an error of @rng->fill.
 */
int tpm2_rsa_generate(u16 bits, u32 e, const struct tpm2_bn_rng *rng,
		      u8 *n, u8 *p)
{
	struct rsa_gen *g;
	u64 *pp, *qq, *nn;
	u32 pn, diff_bits;
	u8 *composite;
	int ret;

	if ((bits != 1024 && bits != 2048 && bits != 3072) ||
	    !tpm2_rsa_exponent_ok(e) || !rng || !rng->fill)
		return -EINVAL;
	g = tpm2_plat_zalloc(sizeof(*g) + 4 * RSA_PL * sizeof(u64));
	if (!g)
		return -ENOMEM;
	pp = (u64 *)(g + 1);
	qq = pp + RSA_PL;
	nn = qq + RSA_PL;
	g->rng = rng;
	g->e = e;
	g->bits = bits / 2;
	pn = TPM2E_BN_LIMBS(bits / 16);
	g->pn = pn;
	composite = g->sieve;
	g->nprimes = rsa_small_primes(g->primes, composite);

	ret = rsa_find_prime(g, pp);
	while (!ret) {
		ret = rsa_find_prime(g, qq);
		if (ret)
			break;
		/* |p - q| > 2^(bits/2 - 100): at least bits/2 - 98 bits */
		if (tpm2_bn_sub(nn, pp, qq, pn))
			tpm2_bn_sub(nn, qq, pp, pn);
		diff_bits = tpm2_bn_bits_vartime(nn, pn);
		if (diff_bits > g->bits - 99)
			break;
	}
	if (!ret) {
		tpm2_bn_mul(nn, pp, qq, pn);
		tpm2_bn_to_bytes(nn, 2 * pn, n, bits / 8);
		tpm2_bn_to_bytes(pp, pn, p, bits / 16);
	}
	tpm2_plat_free_sensitive(g, sizeof(*g) + 4 * RSA_PL * sizeof(u64));
	return ret;
}

/* Limbs of the modulus and of a prime of @k; 0 for an unusable key */
static u32 rsa_key_limbs(const struct tpm2_rsa_key *k)
{
	if (!k || !k->n || k->n_len < 64 || k->n_len > TPM2E_RSA_MAX_BYTES ||
	    k->n_len % 16 || !(k->n[0] & 0x80) || !(k->n[k->n_len - 1] & 1) ||
	    !tpm2_rsa_exponent_ok(k->e))
		return 0;
	return TPM2E_BN_LIMBS(k->n_len);
}

/*
 * The working numbers of a private operation: the key split into p, q and
 * the CRT values, Montgomery contexts for n, p and q, scratch.
 */
struct rsa_priv {
	struct tpm2_bn_mont mn, mp, mq;
	u64 n[RSA_NL], p[RSA_PL], q[RSA_NL], rem[RSA_PL];
	u64 dp[RSA_PL], dq[RSA_PL], qinv[RSA_PL];
	u64 c[RSA_NL], r[RSA_NL], rinv[RSA_NL];
	u64 m_p[RSA_PL], m_q[RSA_PL], t[2 * RSA_NL], t2[2 * RSA_NL];
	u8 rnd[TPM2E_RSA_MAX_BYTES];
};

/*
 * d_x = e^-1 mod (x - 1) for an odd prime x of @pn limbs with e prime:
 * t = (x - 1)^-1 mod e, then d_x = (1 + (x - 1)(e - t)) / e exactly.
 */
static int rsa_crt_exp(struct rsa_priv *w, u64 *d, const u64 *x, u32 pn,
		       u32 e)
{
	u64 em[1] = { e }, red[1], inv[1];
	u64 *xm1 = w->t2, *ew = w->t2 + pn;
	int ret;

	memset(w->t2, 0, sizeof(w->t2));
	memcpy(xm1, x, pn * sizeof(u64));
	xm1[0] &= ~1ULL;			/* x - 1, x odd */
	red[0] = tpm2_bn_mod_word(xm1, pn, e);
	ret = tpm2_bn_mod_inv(inv, red, em, 1);	/* -EINVAL: e | x - 1 */
	if (ret)
		return ret;
	ew[0] = e - inv[0];
	tpm2_bn_mul(w->t, xm1, ew, pn);		/* 2 * pn limbs */
	memset(w->t2, 0, 2 * pn * sizeof(u64));
	w->t2[0] = 1;
	tpm2_bn_add(w->t, w->t, w->t2, 2 * pn);	/* below 2^(128 pn): no carry */
	ret = tpm2_bn_div(w->t2, red, w->t, 2 * pn, em, 1);
	if (ret)
		return ret;
	if (red[0])
		return -EINVAL;
	memcpy(d, w->t2, pn * sizeof(u64));
	return 0;
}

/*
 * Load @k into @w and check it (the parts needed by every private
 * operation): p odd of the right size dividing n, q = n / p of the same
 * size, p != q, e coprime to p - 1 and q - 1. Computes dp, dq, qinv.
 */
static int rsa_load_private(struct rsa_priv *w, const struct tpm2_rsa_key *k)
{
	u32 nl = rsa_key_limbs(k), pn = nl / 2;
	u32 pbits = 4 * k->n_len;
	int ret;

	if (!nl || !k->p)
		return -EINVAL;
	tpm2_bn_from_bytes(w->n, nl, k->n, k->n_len);
	tpm2_bn_from_bytes(w->p, pn, k->p, k->n_len / 2);
	if (!(w->p[0] & 1) || tpm2_bn_bits_vartime(w->p, pn) != pbits)
		return -EINVAL;
	ret = tpm2_bn_div(w->q, w->rem, w->n, nl, w->p, pn);
	if (ret)
		return ret;
	if (!tpm2_bn_is_zero(w->rem, pn) ||
	    tpm2_bn_bits_vartime(w->q, nl) != pbits ||
	    !tpm2_plat_memneq(w->p, w->q, pn * sizeof(u64)))
		return -EINVAL;
	ret = tpm2_bn_mont_init(&w->mn, w->n, nl);
	if (!ret)
		ret = tpm2_bn_mont_init(&w->mp, w->p, pn);
	if (!ret)
		ret = tpm2_bn_mont_init(&w->mq, w->q, pn);
	if (!ret)
		ret = rsa_crt_exp(w, w->dp, w->p, pn, k->e);
	if (!ret)
		ret = rsa_crt_exp(w, w->dq, w->q, pn, k->e);
	if (ret)
		return ret;
	/* q^-1 mod p */
	ret = tpm2_bn_mod(w->rem, pn, w->q, pn, w->p);
	if (!ret)
		ret = tpm2_bn_mod_inv(w->qinv, w->rem, w->p, pn);
	return ret;
}

/**
 * tpm2_rsa_check_private() - check a private key loaded from outside
 * @k: key with @k->p
 *
 * p has @k->n_len / 2 bytes with the top bit set and divides n exactly;
 * q = n / p has the same size; p != q; e is coprime to p - 1 and q - 1.
 * Does not test p and q for primality.
 *
 * Return: 0, -EINVAL for a key that fails a check, -ENOMEM.
 */
int tpm2_rsa_check_private(const struct tpm2_rsa_key *k)
{
	struct rsa_priv *w = tpm2_plat_zalloc(sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	ret = rsa_load_private(w, k);
	tpm2_plat_free_sensitive(w, sizeof(*w));
	return ret;
}

/* x^e mod n, public; @x below n */
static int rsa_pow_e(const struct tpm2_bn_mont *mt, u64 *r, const u64 *x,
		     u32 e)
{
	u64 ew[1] = { e };

	return tpm2_bn_mod_exp_vartime(mt, r, x, ew, 1);
}

/**
 * tpm2_rsa_raw_public() - the RSA public operation, m^e mod n
 * @k: key (@k->p is not used)
 * @in: @k->n_len bytes, big-endian, below n
 * @out: @k->n_len bytes; may be @in
 *
 * Not constant time in @k->e (public).
 *
 * Return: 0, -EINVAL for a bad key or @in >= n, -ENOMEM.
 */
int tpm2_rsa_raw_public(const struct tpm2_rsa_key *k, const u8 *in, u8 *out)
{
	u32 nl = rsa_key_limbs(k);
	struct {
		struct tpm2_bn_mont mt;
		u64 n[RSA_NL], x[RSA_NL];
	} *w;
	int ret;

	if (!nl)
		return -EINVAL;
	w = tpm2_plat_zalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	tpm2_bn_from_bytes(w->n, nl, k->n, k->n_len);
	tpm2_bn_from_bytes(w->x, nl, in, k->n_len);
	ret = -EINVAL;
	if (tpm2_bn_lt(w->x, w->n, nl))
		ret = tpm2_bn_mont_init(&w->mt, w->n, nl);
	if (!ret)
		ret = rsa_pow_e(&w->mt, w->x, w->x, k->e);
	if (!ret)
		tpm2_bn_to_bytes(w->x, nl, out, k->n_len);
	tpm2_plat_free_sensitive(w, sizeof(*w));
	return ret;
}

/* r random in [1, n), invertible; w->rinv = r^-1 mod n */
static int rsa_blind_factor(struct rsa_priv *w, u32 nl, size_t n_len)
{
	int tries, ret;

	for (tries = 0; tries < 16; tries++) {
		tpm2_plat_get_random(w->rnd, n_len);
		tpm2_bn_from_bytes(w->t, nl, w->rnd, n_len);
		ret = tpm2_bn_mod(w->r, nl, w->t, nl, w->n);
		if (ret)
			return ret;
		if (tpm2_bn_is_zero(w->r, nl))
			continue;
		ret = tpm2_bn_mod_inv(w->rinv, w->r, w->n, nl);
		if (ret != -EINVAL)
			return ret;
	}
	return -EIO;
}

/* One CRT half: @out = c^d mod x for the prime of @mt, @pn limbs */
static int rsa_crt_half(struct rsa_priv *w, const struct tpm2_bn_mont *mt,
			u64 *out, const u64 *d, u32 nl)
{
	int ret = tpm2_bn_mod(out, mt->n, w->c, nl, mt->m);

	if (!ret)
		ret = tpm2_bn_mod_exp(mt, out, out, d, mt->n);
	return ret;
}

/* w->c = w->c^d mod n by the CRT, blinded; then checked by c^e */
static int rsa_private_op(struct rsa_priv *w, u32 nl, u32 e, size_t n_len)
{
	u32 pn = nl / 2;
	u64 bad;
	int ret;

	/* blind: c * r^e */
	ret = rsa_blind_factor(w, nl, n_len);
	if (!ret)
		ret = rsa_pow_e(&w->mn, w->t, w->r, e);
	if (ret)
		return ret;
	memcpy(w->t2, w->c, nl * sizeof(u64));		/* keep the input */
	tpm2_bn_to_mont(&w->mn, w->t, w->t);
	tpm2_bn_mont_mul(&w->mn, w->c, w->c, w->t);

	ret = rsa_crt_half(w, &w->mp, w->m_p, w->dp, nl);
	if (!ret)
		ret = rsa_crt_half(w, &w->mq, w->m_q, w->dq, nl);
	if (ret)
		return ret;
	/* h = qinv * (m_p - m_q mod p) mod p */
	ret = tpm2_bn_mod(w->rem, pn, w->m_q, pn, w->p);
	if (ret)
		return ret;
	tpm2_bn_mod_sub(&w->mp, w->m_p, w->m_p, w->rem);
	tpm2_bn_to_mont(&w->mp, w->m_p, w->m_p);
	tpm2_bn_mont_mul(&w->mp, w->m_p, w->m_p, w->qinv);
	/* m = m_q + q * h, below n */
	tpm2_bn_mul(w->t, w->q, w->m_p, pn);
	memset(w->r, 0, nl * sizeof(u64));
	memcpy(w->r, w->m_q, pn * sizeof(u64));
	tpm2_bn_add(w->t, w->t, w->r, nl);
	/* unblind */
	tpm2_bn_to_mont(&w->mn, w->t, w->t);
	tpm2_bn_mont_mul(&w->mn, w->c, w->t, w->rinv);
	/* fault check: the result raised to e must give the input back */
	ret = rsa_pow_e(&w->mn, w->t, w->c, e);
	if (ret)
		return ret;
	bad = tpm2_plat_memneq(w->t, w->t2, nl * sizeof(u64));
	return bad ? -EIO : 0;
}

/* Private operation on @in (n_len bytes) into @out, with @w set up */
static int rsa_private_bytes(struct rsa_priv *w, const struct tpm2_rsa_key *k,
			     const u8 *in, u8 *out)
{
	u32 nl = TPM2E_BN_LIMBS(k->n_len);
	int ret;

	tpm2_bn_from_bytes(w->c, nl, in, k->n_len);
	if (!tpm2_bn_lt(w->c, w->n, nl))
		return -EINVAL;
	ret = rsa_private_op(w, nl, k->e, k->n_len);
	if (!ret)
		tpm2_bn_to_bytes(w->c, nl, out, k->n_len);
	return ret;
}

/**
 * tpm2_rsa_raw_private() - the RSA private operation, c^d mod n
 * @k: key with @k->p
 * @in: @k->n_len bytes, big-endian, below n
 * @out: @k->n_len bytes; may be @in
 *
 * CRT with q, d mod (p - 1), d mod (q - 1) and q^-1 mod p derived from @k
 * on each call; the input is blinded by r^e for a fresh random r, and the
 * result is checked by raising it to e (against faults). Constant time in
 * the secrets.
 *
 * Return: 0, -EINVAL for a bad key or @in >= n, -EIO when the check
 * failed, -ENOMEM.
 */
int tpm2_rsa_raw_private(const struct tpm2_rsa_key *k, const u8 *in,
			 u8 *out)
{
	struct rsa_priv *w = tpm2_plat_zalloc(sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	ret = rsa_load_private(w, k);
	if (!ret)
		ret = rsa_private_bytes(w, k, in, out);
	tpm2_plat_free_sensitive(w, sizeof(*w));
	return ret;
}

/* DER DigestInfo prefixes of RSASSA-PKCS1-v1_5 (RFC 8017 9.2 note 1) */
static const u8 rsa_di_sha1[] = {
	0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	0x05, 0x00, 0x04, 0x14,
};

static const u8 rsa_di_sha2[3][19] = {
	{ 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	  0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 },
	{ 0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	  0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30 },
	{ 0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	  0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40 },
};

static const u8 *rsa_digest_info(unsigned int hash, size_t *len)
{
	switch (hash) {
	case TPM2_PLAT_SHA1:
		*len = sizeof(rsa_di_sha1);
		return rsa_di_sha1;
	case TPM2_PLAT_SHA256:
	case TPM2_PLAT_SHA384:
	case TPM2_PLAT_SHA512:
		*len = sizeof(rsa_di_sha2[0]);
		return rsa_di_sha2[hash - TPM2_PLAT_SHA256];
	default:
		return NULL;
	}
}

/*
 * MGF1 (RFC 8017 B.2.1) with @hash: @out ^= the mask of @len bytes from
 * @seed.
 */
static int rsa_mgf1_xor(struct tpm2_plat_crypto *pc, unsigned int hash,
			const u8 *seed, size_t seed_len, u8 *out, size_t len)
{
	struct tpm2_plat_hash_ctx *ctx;
	size_t hlen = tpm2_plat_hash_size(hash), done, i;
	u8 *blk, cnt[4];
	u32 counter;
	int ret = 0;

	ctx = tpm2_plat_zalloc(sizeof(*ctx) + TPM2_PLAT_MAX_DIGEST);
	if (!ctx)
		return -ENOMEM;
	blk = (u8 *)(ctx + 1);
	for (counter = 0, done = 0; done < len && !ret; counter++) {
		put_unaligned_be32(counter, cnt);
		ret = tpm2_plat_hash_init(pc, ctx, hash);
		if (ret)
			break;
		ret = tpm2_plat_hash_update(ctx, seed, seed_len);
		if (!ret)
			ret = tpm2_plat_hash_update(ctx, cnt, sizeof(cnt));
		if (tpm2_plat_hash_final(ctx, ret ? NULL : blk) && !ret)
			ret = -EIO;
		for (i = 0; !ret && i < hlen && done < len; i++)
			out[done++] ^= blk[i];
	}
	tpm2_plat_free_sensitive(ctx, sizeof(*ctx) + TPM2_PLAT_MAX_DIGEST);
	return ret;
}

/* Hash of 8 zero bytes || @mhash || @salt: the H of EMSA-PSS */
static int rsa_pss_hash(struct tpm2_plat_crypto *pc, unsigned int hash,
			const u8 *mhash, const u8 *salt, size_t slen, u8 *out)
{
	static const u8 zeros[8];
	struct tpm2_plat_hash_ctx *ctx;
	size_t hlen = tpm2_plat_hash_size(hash);
	int ret;

	ctx = tpm2_plat_zalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ret = tpm2_plat_hash_init(pc, ctx, hash);
	if (!ret) {
		ret = tpm2_plat_hash_update(ctx, zeros, sizeof(zeros));
		if (!ret)
			ret = tpm2_plat_hash_update(ctx, mhash, hlen);
		if (!ret)
			ret = tpm2_plat_hash_update(ctx, salt, slen);
		if (tpm2_plat_hash_final(ctx, ret ? NULL : out) && !ret)
			ret = -EIO;
	}
	tpm2_plat_free_sensitive(ctx, sizeof(*ctx));
	return ret;
}

/* EMSA-PKCS1-v1_5 of a digest into @em, @em_len bytes */
static int rsa_pkcs1_sig_encode(unsigned int hash, const u8 *digest,
				size_t hlen, u8 *em, size_t em_len)
{
	size_t di_len, t_len;
	const u8 *di = rsa_digest_info(hash, &di_len);

	if (!di)
		return -EINVAL;
	t_len = di_len + hlen;
	if (em_len < t_len + RSA_PKCS1_MIN_PAD)
		return -EINVAL;
	em[0] = 0;
	em[1] = 1;
	memset(em + 2, 0xff, em_len - t_len - 3);
	em[em_len - t_len - 1] = 0;
	memcpy(em + em_len - t_len, di, di_len);
	memcpy(em + em_len - hlen, digest, hlen);
	return 0;
}

/*
 * EMSA-PSS-ENCODE for emBits = modBits - 1 = 8 * @em_len - 1 (n has its top
 * bit set): salt of hLen bytes when it fits, else the largest that does.
 */
static int rsa_pss_encode(struct tpm2_plat_crypto *pc, unsigned int hash,
			  const u8 *mhash, size_t hlen, u8 *em, size_t em_len)
{
	size_t db_len, slen;
	u8 *h;
	int ret;

	if (em_len < hlen + 2)
		return -EINVAL;
	slen = em_len - hlen - 2;
	if (slen > hlen)
		slen = hlen;
	db_len = em_len - hlen - 1;
	h = em + db_len;
	/* DB = PS || 0x01 || salt, the salt put in place first */
	memset(em, 0, db_len);
	em[db_len - slen - 1] = 1;
	tpm2_plat_get_random(em + db_len - slen, slen);
	ret = rsa_pss_hash(pc, hash, mhash, em + db_len - slen, slen, h);
	if (!ret)
		ret = rsa_mgf1_xor(pc, hash, h, hlen, em, db_len);
	if (ret)
		return ret;
	em[0] &= 0x7f;
	em[em_len - 1] = 0xbc;
	return 0;
}

/* Key checks and digest checks common to sign and verify */
static int rsa_sig_args(const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
			unsigned int hash, size_t digest_len)
{
	size_t hlen = tpm2_plat_hash_size(hash);

	if (!rsa_key_limbs(k) || !hlen || digest_len != hlen)
		return -EINVAL;
	if (pad != TPM2E_RSA_PAD_PKCS1 && pad != TPM2E_RSA_PAD_PSS)
		return -EINVAL;
	return 0;
}

/**
 * tpm2_rsa_sign() - sign a digest
 * @pc: hash transforms
 * @k: key with @k->p
 * @pad: TPM2E_RSA_PAD_PKCS1 (RSASSA-PKCS1-v1_5) or TPM2E_RSA_PAD_PSS
 *	(RSASSA-PSS, MGF1 with @hash, salt of the hash size when it fits,
 *	else the largest that fits, random from the platform RNG)
 * @hash: enum tpm2_plat_hash_alg of @digest
 * @digest: the message digest
 * @digest_len: its size, which must be that of @hash
 * @sig: signature, @k->n_len bytes
 *
 * Return: 0, -EINVAL for a bad key, scheme, hash or size, -EIO when the
 * private operation failed its check, -ENOMEM.
 */
int tpm2_rsa_sign(struct tpm2_plat_crypto *pc, const struct tpm2_rsa_key *k,
		  enum tpm2_rsa_pad pad, unsigned int hash, const u8 *digest,
		  size_t digest_len, u8 *sig)
{
	struct rsa_priv *w;
	int ret = rsa_sig_args(k, pad, hash, digest_len);

	if (ret)
		return ret;
	w = tpm2_plat_zalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	ret = rsa_load_private(w, k);
	if (!ret && pad == TPM2E_RSA_PAD_PKCS1)
		ret = rsa_pkcs1_sig_encode(hash, digest, digest_len, w->rnd,
					   k->n_len);
	else if (!ret)
		ret = rsa_pss_encode(pc, hash, digest, digest_len, w->rnd,
				     k->n_len);
	if (!ret)
		ret = rsa_private_bytes(w, k, w->rnd, sig);
	tpm2_plat_free_sensitive(w, sizeof(*w));
	return ret;
}

/* EMSA-PSS-VERIFY of @em (n_len bytes, emBits = 8 * n_len - 1) */
static int rsa_pss_check(struct tpm2_plat_crypto *pc, unsigned int hash,
			 const u8 *mhash, size_t hlen, u8 *em, size_t em_len,
			 u8 *h2)
{
	size_t db_len = em_len - hlen - 1, i;
	const u8 *h = em + db_len;
	int ret;

	if (em_len < hlen + 2 || em[em_len - 1] != 0xbc || (em[0] & 0x80))
		return -EBADMSG;
	ret = rsa_mgf1_xor(pc, hash, h, hlen, em, db_len);
	if (ret)
		return ret;
	em[0] &= 0x7f;
	for (i = 0; i < db_len && !em[i]; i++)
		;
	if (i == db_len || em[i] != 1)
		return -EBADMSG;
	i++;
	ret = rsa_pss_hash(pc, hash, mhash, em + i, db_len - i, h2);
	if (ret)
		return ret;
	return tpm2_plat_memneq(h, h2, hlen) ? -EBADMSG : 0;
}

/**
 * tpm2_rsa_verify() - check a signature
 * @pc: hash transforms
 * @k: key (@k->p is not used)
 * @pad: TPM2E_RSA_PAD_PKCS1 or TPM2E_RSA_PAD_PSS (any salt length)
 * @hash: enum tpm2_plat_hash_alg of @digest
 * @digest: the message digest
 * @digest_len: its size, which must be that of @hash
 * @sig: signature
 * @sig_len: its size; anything but @k->n_len is a bad signature
 *
 * Not constant time: everything here is public.
 *
 * Return: 0 for a good signature, -EBADMSG for a bad one, -EINVAL for a
 * bad key, scheme, hash or digest size, -ENOMEM.
 */
int tpm2_rsa_verify(struct tpm2_plat_crypto *pc,
		    const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		    unsigned int hash, const u8 *digest, size_t digest_len,
		    const u8 *sig, size_t sig_len)
{
	size_t n_len;
	u8 *em, *ref;
	int ret = rsa_sig_args(k, pad, hash, digest_len);

	if (ret)
		return ret;
	if (sig_len != k->n_len)
		return -EBADMSG;
	n_len = k->n_len;
	em = tpm2_plat_zalloc(2 * n_len);
	if (!em)
		return -ENOMEM;
	ref = em + n_len;
	ret = tpm2_rsa_raw_public(k, sig, em);
	if (ret == -EINVAL)		/* sig >= n */
		ret = -EBADMSG;
	if (!ret && pad == TPM2E_RSA_PAD_PKCS1) {
		ret = rsa_pkcs1_sig_encode(hash, digest, digest_len, ref,
					   n_len);
		if (!ret && tpm2_plat_memneq(em, ref, n_len))
			ret = -EBADMSG;
	} else if (!ret) {
		ret = rsa_pss_check(pc, hash, digest, digest_len, em, n_len,
				    ref);
	}
	tpm2_plat_free_sensitive(em, 2 * n_len);
	return ret;
}

/* Hash size of an encryption scheme's hash, or 0 when none is needed */
static int rsa_enc_args(const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
			unsigned int hash, size_t *hlen)
{
	if (!rsa_key_limbs(k))
		return -EINVAL;
	*hlen = 0;
	switch (pad) {
	case TPM2E_RSA_PAD_NONE:
	case TPM2E_RSA_PAD_PKCS1:
		return 0;
	case TPM2E_RSA_PAD_OAEP:
		*hlen = tpm2_plat_hash_size(hash);
		if (!*hlen || k->n_len < 2 * *hlen + 2)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/* Random non-zero bytes */
static void rsa_nonzero_random(u8 *buf, size_t len)
{
	size_t i;

	tpm2_plat_get_random(buf, len);
	for (i = 0; i < len; i++)
		while (!buf[i])
			tpm2_plat_get_random(buf + i, 1);
}

/**
 * tpm2_rsa_encrypt() - encrypt a message
 * @pc: hash transforms (for OAEP)
 * @k: key (@k->p is not used)
 * @pad: TPM2E_RSA_PAD_NONE (@msg left-padded with zeros to @k->n_len
 *	bytes, which must be below n), TPM2E_RSA_PAD_PKCS1 (RSAES-PKCS1-v1_5,
 *	@msg_len <= n_len - 11) or TPM2E_RSA_PAD_OAEP (RSAES-OAEP with @hash
 *	and MGF1 of @hash, @msg_len <= n_len - 2 * hLen - 2)
 * @hash: enum tpm2_plat_hash_alg, OAEP only
 * @label: OAEP label, as given (a TPM's label includes its terminating
 *	zero); may be NULL when @label_len is 0
 * @label_len: its size
 * @msg: message
 * @msg_len: its size
 * @out: ciphertext, @k->n_len bytes
 *
 * Random bytes come from the platform RNG.
 *
 * Return: 0, -EINVAL for a bad key, scheme or hash, a message too long or
 * (NONE) not below n, -ENOMEM.
 */
int tpm2_rsa_encrypt(struct tpm2_plat_crypto *pc,
		     const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		     unsigned int hash, const u8 *label, size_t label_len,
		     const u8 *msg, size_t msg_len, u8 *out)
{
	size_t hlen, n_len, db_len;
	u8 *em, *db;
	int ret = rsa_enc_args(k, pad, hash, &hlen);

	if (ret)
		return ret;
	n_len = k->n_len;
	if (msg_len > n_len ||
	    (pad == TPM2E_RSA_PAD_PKCS1 && msg_len + RSA_PKCS1_MIN_PAD > n_len) ||
	    (pad == TPM2E_RSA_PAD_OAEP && msg_len + 2 * hlen + 2 > n_len))
		return -EINVAL;
	em = tpm2_plat_zalloc(n_len);
	if (!em)
		return -ENOMEM;
	switch (pad) {
	case TPM2E_RSA_PAD_NONE:
		memcpy(em + n_len - msg_len, msg, msg_len);
		break;
	case TPM2E_RSA_PAD_PKCS1:
		/* 0x00 || 0x02 || PS (non-zero) || 0x00 || M */
		em[1] = 2;
		rsa_nonzero_random(em + 2, n_len - msg_len - 3);
		memcpy(em + n_len - msg_len, msg, msg_len);
		break;
	default:
		/* 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 1 || M */
		db = em + 1 + hlen;
		db_len = n_len - hlen - 1;
		ret = tpm2_plat_hash(pc, hash, label, label_len, db);
		if (ret)
			break;
		db[db_len - msg_len - 1] = 1;
		memcpy(db + db_len - msg_len, msg, msg_len);
		tpm2_plat_get_random(em + 1, hlen);
		ret = rsa_mgf1_xor(pc, hash, em + 1, hlen, db, db_len);
		if (!ret)
			ret = rsa_mgf1_xor(pc, hash, db, db_len, em + 1, hlen);
		break;
	}
	if (!ret)
		ret = tpm2_rsa_raw_public(k, em, out);
	tpm2_plat_free_sensitive(em, n_len);
	return ret;
}

/* All ones when @x is zero (bytes) */
static inline u32 rsa_zero8(u32 x)
{
	return 0 - ((x - 1) >> 31);
}

/*
 * The message of a decoded RSAES-PKCS1-v1_5 block: 0x00 || 0x02 || PS of 8
 * or more non-zero bytes || 0x00 || M. Every byte is looked at whatever the
 * verdict. Returns the message offset, or 0 for bad padding.
 */
static size_t rsa_pkcs1_unpad(const u8 *em, size_t len)
{
	u32 good = rsa_zero8(em[0]) & rsa_zero8(em[1] ^ 2);
	u32 found = 0, idx = 0, i;

	for (i = 2; i < len; i++) {
		u32 z = rsa_zero8(em[i]) & ~found;

		idx |= i & z;
		found |= z;
	}
	good &= found;
	/* PS of at least 8 bytes: the zero at 10 or later */
	good &= 0 - ((u32)(9 - idx) >> 31);
	return (idx + 1) & good;
}

/*
 * The message of a decoded OAEP block, DB = lHash' || PS || 0x01 || M
 * after unmasking, with Y the leading byte: as rsa_pkcs1_unpad(), the
 * message offset in @em or 0.
 */
static size_t rsa_oaep_unpad(struct tpm2_plat_crypto *pc, unsigned int hash,
			     size_t hlen, const u8 *label, size_t label_len,
			     u8 *em, size_t len, u8 *lhash)
{
	u8 *db = em + 1 + hlen;
	size_t db_len = len - hlen - 1;
	u32 good, found = 0, idx = 0, bad = 0, i;

	if (tpm2_plat_hash(pc, hash, label, label_len, lhash))
		return 0;
	if (rsa_mgf1_xor(pc, hash, db, db_len, em + 1, hlen) ||
	    rsa_mgf1_xor(pc, hash, em + 1, hlen, db, db_len))
		return 0;
	good = rsa_zero8(em[0]);
	good &= 0 - (u32)!tpm2_plat_memneq(db, lhash, hlen);
	for (i = hlen; i < db_len; i++) {
		u32 one = rsa_zero8(db[i] ^ 1) & ~found;
		u32 other = ~rsa_zero8(db[i]) & ~rsa_zero8(db[i] ^ 1);

		bad |= other & ~found;
		idx |= i & one;
		found |= one;
	}
	good &= found & ~bad;
	return (1 + hlen + idx + 1) & good;
}

/**
 * tpm2_rsa_decrypt() - decrypt a message
 * @pc: hash transforms (for OAEP)
 * @k: key with @k->p
 * @pad: as for tpm2_rsa_encrypt(); TPM2E_RSA_PAD_NONE gives the whole
 *	@k->n_len-byte block
 * @hash: enum tpm2_plat_hash_alg, OAEP only
 * @label: OAEP label as given; may be NULL when @label_len is 0
 * @label_len: its size
 * @in: ciphertext, at most @k->n_len bytes (shorter is left-padded with
 *	zeros), below n
 * @in_len: its size
 * @out: message; room for @k->n_len bytes
 * @out_len: set to the message size
 *
 * The padding is checked over every byte with masks and one verdict at the
 * end, so the time does not tell where a bad padding went wrong.
 *
 * Return: 0, -EBADMSG for bad padding, -EINVAL for a bad key, scheme or
 * hash, or a ciphertext too long or not below n, -EIO when the private
 * operation failed its check, -ENOMEM.
 */
int tpm2_rsa_decrypt(struct tpm2_plat_crypto *pc,
		     const struct tpm2_rsa_key *k, enum tpm2_rsa_pad pad,
		     unsigned int hash, const u8 *label, size_t label_len,
		     const u8 *in, size_t in_len, u8 *out, size_t *out_len)
{
	struct rsa_priv *w;
	size_t hlen, n_len, off;
	u8 *em;
	int ret = rsa_enc_args(k, pad, hash, &hlen);

	if (ret)
		return ret;
	n_len = k->n_len;
	if (in_len > n_len)
		return -EINVAL;
	w = tpm2_plat_zalloc(sizeof(*w) + n_len);
	if (!w)
		return -ENOMEM;
	em = (u8 *)(w + 1);
	memcpy(em + n_len - in_len, in, in_len);
	ret = rsa_load_private(w, k);
	if (!ret)
		ret = rsa_private_bytes(w, k, em, em);
	if (ret)
		goto out;
	switch (pad) {
	case TPM2E_RSA_PAD_NONE:
		off = 0;
		break;
	case TPM2E_RSA_PAD_PKCS1:
		off = rsa_pkcs1_unpad(em, n_len);
		ret = off ? 0 : -EBADMSG;
		break;
	default:
		off = rsa_oaep_unpad(pc, hash, hlen, label, label_len, em,
				     n_len, w->rnd);
		ret = off ? 0 : -EBADMSG;
		break;
	}
	if (!ret) {
		*out_len = n_len - off;
		memcpy(out, em + off, n_len - off);
	}
out:
	tpm2_plat_free_sensitive(w, sizeof(*w) + n_len);
	return ret;
}
