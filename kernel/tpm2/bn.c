// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-length big numbers: 64-bit limbs, least significant first.
 *
 * Everything here runs in time that depends only on the (public) lengths,
 * except the functions whose names end in _vartime. Conditions on secret
 * data become masks (all ones or all zeros) that select or cancel an
 * operation; nothing branches on them or indexes memory with them.
 */
#include "bn.h"

/* Words of a product, 128 bits as two halves */
#ifdef __SIZEOF_INT128__
#ifdef __x86_64__
/*
 * a * b + c + d as mul and two add/adc pairs. GCC keeps the 128-bit sums
 * of the C version below partly in memory; this measured about 10% faster
 * over a whole RSA-2048 key generation. The same instructions run
 * whatever the values.
 */
static inline u64 bn_mul_add(u64 a, u64 b, u64 c, u64 d, u64 *hi)
{
	u64 lo, h;

	asm("mulq %3\n\t"
	    "addq %4, %0\n\t"
	    "adcq $0, %1\n\t"
	    "addq %5, %0\n\t"
	    "adcq $0, %1"
	    : "=&a" (lo), "=&d" (h)
	    : "0" (a), "rm" (b), "rm" (c), "rm" (d)
	    : "cc");
	*hi = h;
	return lo;
}
#else
static inline u64 bn_mul_add(u64 a, u64 b, u64 c, u64 d, u64 *hi)
{
	unsigned __int128 t = (unsigned __int128)a * b + c + d;

	*hi = (u64)(t >> 64);
	return (u64)t;
}
#endif

static inline u64 bn_mulhi(u64 a, u64 b)
{
	return (u64)(((unsigned __int128)a * b) >> 64);
}
#else
static inline u64 bn_mul_wide(u64 a, u64 b, u64 *hi)
{
	u64 a0 = (u32)a, a1 = a >> 32, b0 = (u32)b, b1 = b >> 32;
	u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	u64 mid = (p00 >> 32) + (u32)p01 + (u32)p10;

	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return (mid << 32) | (u32)p00;
}

static inline u64 bn_mul_add(u64 a, u64 b, u64 c, u64 d, u64 *hi)
{
	u64 h, l = bn_mul_wide(a, b, &h);

	l += c;
	h += l < c;
	l += d;
	h += l < d;
	*hi = h;
	return l;
}

static inline u64 bn_mulhi(u64 a, u64 b)
{
	u64 h;

	bn_mul_wide(a, b, &h);
	return h;
}
#endif

/* All ones when @x is non-zero */
static inline u64 bn_nz_mask(u64 x)
{
	return 0 - ((x | (0 - x)) >> 63);
}

/* All ones when @x == @y */
static inline u64 bn_eq_mask(u64 x, u64 y)
{
	return ~bn_nz_mask(x ^ y);
}

/* All ones when @x < @y */
static inline u64 bn_lt_word(u64 x, u64 y)
{
	return 0 - ((x ^ ((x ^ y) | ((x - y) ^ y))) >> 63);
}

/**
 * tpm2_bn_from_bytes() - read a big-endian number
 * @r: result, @n limbs
 * @n: limbs of @r
 * @buf: big-endian bytes; leading zero bytes are allowed
 * @len: bytes in @buf, any number
 *
 * Shorter input is left-padded with zeros. Constant time in the value; the
 * verdict on its size is not secret.
 *
 * Return: 0, or -ERANGE when the value does not fit in @n limbs (then @r
 * holds the value's low limbs).
 */
int tpm2_bn_from_bytes(u64 *r, u32 n, const u8 *buf, size_t len)
{
	size_t cap = (size_t)n * TPM2E_BN_LIMB_BYTES;
	u8 excess = 0;
	size_t i;

	memset(r, 0, (size_t)n * sizeof(u64));
	for (i = 0; i < len; i++) {
		size_t pos = len - 1 - i;	/* significance of buf[pos] */

		if (i < cap)
			r[i / 8] |= (u64)buf[pos] << (8 * (i % 8));
		else
			excess |= buf[pos];
	}
	return excess ? -ERANGE : 0;
}

/**
 * tpm2_bn_to_bytes() - write a number big-endian
 * @a: number, @n limbs
 * @n: limbs of @a
 * @buf: output, exactly @len bytes
 * @len: bytes to write
 *
 * When @len exceeds the size of @a the output is left-padded with zeros;
 * when it is smaller, only the @len least significant bytes are written
 * (the value is truncated modulo 2^(8 * @len)). Constant time.
 */
void tpm2_bn_to_bytes(const u64 *a, u32 n, u8 *buf, size_t len)
{
	size_t cap = (size_t)n * TPM2E_BN_LIMB_BYTES;
	size_t i;

	for (i = 0; i < len; i++)
		buf[len - 1 - i] = i < cap ? (u8)(a[i / 8] >> (8 * (i % 8))) :
					     0;
}

/**
 * tpm2_bn_add() - add two numbers
 * @r: sum, @n limbs; may be @a or @b
 * @a: addend
 * @b: addend
 * @n: limbs of all three
 *
 * Constant time. Return: the carry out, 0 or 1.
 */
u64 tpm2_bn_add(u64 *r, const u64 *a, const u64 *b, u32 n)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		u64 s = a[i] + c;

		c = s < c;
		s += b[i];
		c += s < b[i];
		r[i] = s;
	}
	return c;
}

/**
 * tpm2_bn_sub() - subtract two numbers
 * @r: @a - @b modulo 2^(64 * @n); may be @a or @b
 * @a: minuend
 * @b: subtrahend
 * @n: limbs of all three
 *
 * Constant time. Return: the borrow out, 1 when @a < @b, else 0.
 */
u64 tpm2_bn_sub(u64 *r, const u64 *a, const u64 *b, u32 n)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		u64 x = a[i], y = b[i];
		u64 d = x - y - c;

		c = (~x & y) | (~(x ^ y) & d);
		c >>= 63;
		r[i] = d;
	}
	return c;
}

/* r -= b when mask is all ones, r unchanged when zero; returns the borrow */
static u64 bn_sub_masked(u64 *r, const u64 *b, u32 n, u64 mask)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		u64 x = r[i], y = b[i] & mask;
		u64 d = x - y - c;

		c = ((~x & y) | (~(x ^ y) & d)) >> 63;
		r[i] = d;
	}
	return c;
}

/* r += b when mask is all ones; returns the carry */
static u64 bn_add_masked(u64 *r, const u64 *b, u32 n, u64 mask)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		u64 y = b[i] & mask;
		u64 s = r[i] + c;

		c = s < c;
		s += y;
		c += s < y;
		r[i] = s;
	}
	return c;
}

/**
 * tpm2_bn_select() - choose one of two numbers by a mask
 * @r: result, @n limbs; may be @a or @b
 * @a: taken when @mask is all ones
 * @b: taken when @mask is zero
 * @n: limbs of all three
 * @mask: all ones or all zeros
 *
 * Constant time.
 */
void tpm2_bn_select(u64 *r, const u64 *a, const u64 *b, u32 n, u64 mask)
{
	u32 i;

	for (i = 0; i < n; i++)
		r[i] = (a[i] & mask) | (b[i] & ~mask);
}

/**
 * tpm2_bn_cswap() - swap two numbers when a mask is set
 * @a: number, @n limbs
 * @b: number, @n limbs; must not be @a
 * @n: limbs of both
 * @mask: all ones to swap, all zeros to leave alone
 *
 * Constant time.
 */
void tpm2_bn_cswap(u64 *a, u64 *b, u32 n, u64 mask)
{
	u32 i;

	for (i = 0; i < n; i++) {
		u64 t = (a[i] ^ b[i]) & mask;

		a[i] ^= t;
		b[i] ^= t;
	}
}

/**
 * tpm2_bn_is_zero() - test a number for zero
 * @a: number
 * @n: its limbs
 *
 * Constant time. Return: all ones when @a is zero, else 0.
 */
u64 tpm2_bn_is_zero(const u64 *a, u32 n)
{
	u64 acc = 0;
	u32 i;

	for (i = 0; i < n; i++)
		acc |= a[i];
	return ~bn_nz_mask(acc);
}

/**
 * tpm2_bn_lt() - compare two numbers
 * @a: number
 * @b: number
 * @n: limbs of both
 *
 * Constant time. Return: all ones when @a < @b, else 0.
 */
u64 tpm2_bn_lt(const u64 *a, const u64 *b, u32 n)
{
	u64 c = 0;
	u32 i;

	/* the borrow of a - b, without storing the difference */
	for (i = 0; i < n; i++) {
		u64 x = a[i], y = b[i];
		u64 d = x - y - c;

		c = ((~x & y) | (~(x ^ y) & d)) >> 63;
	}
	return 0 - c;
}

/**
 * tpm2_bn_mul() - multiply two numbers
 * @r: product, 2 * @n limbs; must not overlap @a or @b
 * @a: factor, @n limbs
 * @b: factor, @n limbs
 * @n: limbs of @a and @b
 *
 * Constant time (schoolbook).
 */
void tpm2_bn_mul(u64 *r, const u64 *a, const u64 *b, u32 n)
{
	u32 i, j;

	memset(r, 0, 2 * (size_t)n * sizeof(u64));
	for (i = 0; i < n; i++) {
		u64 c = 0;

		for (j = 0; j < n; j++)
			r[i + j] = bn_mul_add(a[i], b[j], r[i + j], c, &c);
		r[i + n] = c;
	}
}

/**
 * tpm2_bn_shr1() - shift a number right by one bit
 * @a: number, @n limbs, shifted in place
 * @n: its limbs
 * @top: bit 0 becomes the new most significant bit (the carry of an
 *	addition that preceded the halving); other bits are ignored
 *
 * Constant time.
 */
void tpm2_bn_shr1(u64 *a, u32 n, u64 top)
{
	u32 i;

	if (!n)
		return;
	for (i = 0; i + 1 < n; i++)
		a[i] = (a[i] >> 1) | (a[i + 1] << 63);
	a[n - 1] = (a[n - 1] >> 1) | ((top & 1) << 63);
}

/**
 * tpm2_bn_bits_vartime() - length of a number in bits
 * @a: number, public
 * @n: its limbs
 *
 * Not constant time. Return: the position of the highest set bit plus one,
 * 0 for zero.
 */
u32 tpm2_bn_bits_vartime(const u64 *a, u32 n)
{
	while (n && !a[n - 1])
		n--;
	if (!n)
		return 0;
	return 64 * n - __builtin_clzll(a[n - 1]);
}

/*
 * Shift-and-subtract remainder of a modulo m (mn limbs) into r; also the
 * quotient bits when q is not NULL. r < m holds after each step: r = 2r +
 * bit is below 2m, so one conditional subtraction restores it.
 */
static void bn_divmod(u64 *q, u64 *r, const u64 *a, u32 an, const u64 *m,
		      u32 mn)
{
	u32 i;
	int b;

	memset(r, 0, (size_t)mn * sizeof(u64));
	if (q)
		memset(q, 0, (size_t)an * sizeof(u64));
	for (i = an; i-- > 0;) {
		for (b = 63; b >= 0; b--) {
			u64 out = r[mn - 1] >> 63;
			u64 ge;
			u32 j;

			for (j = mn - 1; j > 0; j--)
				r[j] = (r[j] << 1) | (r[j - 1] >> 63);
			r[0] = (r[0] << 1) | ((a[i] >> b) & 1);
			ge = (0 - out) | ~tpm2_bn_lt(r, m, mn);
			bn_sub_masked(r, m, mn, ge);
			if (q)
				q[i] |= (ge & 1) << b;
		}
	}
}

/**
 * tpm2_bn_mod() - reduce a number modulo another
 * @r: @a mod @m, @rn limbs; must not overlap @a
 * @rn: limbs of @r and @m
 * @a: number, @an limbs
 * @an: its limbs, any number
 * @m: modulus, @rn limbs, non-zero, any parity
 *
 * Constant time: 64 * @an steps of shift and conditional subtraction.
 *
 * Return: 0, or -EINVAL for a zero length or a zero @m.
 */
int tpm2_bn_mod(u64 *r, u32 rn, const u64 *a, u32 an, const u64 *m)
{
	if (!rn || !an || tpm2_bn_is_zero(m, rn))
		return -EINVAL;
	bn_divmod(NULL, r, a, an, m, rn);
	return 0;
}

/**
 * tpm2_bn_div() - divide one number by another
 * @q: quotient, @an limbs; may be NULL; must not overlap @a or @r
 * @r: remainder, @mn limbs; may be NULL; must not overlap @a
 * @a: dividend, @an limbs
 * @an: its limbs
 * @m: divisor, @mn limbs, non-zero
 * @mn: its limbs
 *
 * Constant time, as tpm2_bn_mod().
 *
 * Return: 0, -EINVAL for a zero length or a zero @m, -ENOMEM when a
 * remainder buffer was needed and could not be allocated.
 */
int tpm2_bn_div(u64 *q, u64 *r, const u64 *a, u32 an, const u64 *m, u32 mn)
{
	u64 *tmp = NULL;

	if (!an || !mn || tpm2_bn_is_zero(m, mn))
		return -EINVAL;
	if (!r) {
		tmp = tpm2_plat_zalloc((size_t)mn * sizeof(u64));
		if (!tmp)
			return -ENOMEM;
	}
	bn_divmod(q, r ? r : tmp, a, an, m, mn);
	tpm2_plat_free_sensitive(tmp, (size_t)mn * sizeof(u64));
	return 0;
}

/* x mod w for x < 3w: two conditional subtractions */
static inline u64 bn_reduce3(u64 x, u64 w)
{
	x -= w & ~bn_lt_word(x, w);
	x -= w & ~bn_lt_word(x, w);
	return x;
}

/**
 * tpm2_bn_mod_word() - remainder by a single word
 * @a: number, @n limbs
 * @n: its limbs
 * @w: divisor, public, non-zero
 *
 * Constant time in @a; the method depends on @w only. Divisors below 2^32
 * (trial division by small primes) take a multiplication by a reciprocal
 * per half limb, others a bit-by-bit reduction.
 *
 * Return: @a mod @w, or 0 when @w is 0.
 */
u64 tpm2_bn_mod_word(const u64 *a, u32 n, u64 w)
{
	u64 r = 0;
	u32 i;
	int b;

	if (!w)
		return 0;
	if (w < (1ULL << 32)) {
		/* v = floor((2^64 - 1) / w): the estimate is short by < 3 */
		u64 v = div_u64(~0ULL, (u32)w);

		for (i = n; i-- > 0;) {
			u64 x = (r << 32) | (a[i] >> 32);

			r = bn_reduce3(x - bn_mulhi(x, v) * w, w);
			x = (r << 32) | (u32)a[i];
			r = bn_reduce3(x - bn_mulhi(x, v) * w, w);
		}
		return r;
	}
	for (i = n; i-- > 0;) {
		for (b = 63; b >= 0; b--) {
			u64 out = r >> 63;
			u64 ge;

			r = (r << 1) | ((a[i] >> b) & 1);
			ge = (0 - out) | ~bn_lt_word(r, w);
			r -= w & ge;
		}
	}
	return r;
}

/* x = x / 2 mod m, for x < m, m odd */
static void bn_half_mod(u64 *x, const u64 *m, u32 n)
{
	u64 c = bn_add_masked(x, m, n, 0 - (x[0] & 1));

	tpm2_bn_shr1(x, n, c);
}

/* x = x - y mod m, for x, y < m */
static void bn_sub_mod(u64 *x, const u64 *y, const u64 *m, u32 n)
{
	u64 borrow = tpm2_bn_sub(x, x, y, n);

	bn_add_masked(x, m, n, 0 - borrow);
}

/**
 * tpm2_bn_mod_inv() - inverse modulo an odd number
 * @r: @a^-1 mod @m, @n limbs; may be @a, not @m
 * @a: number, @n limbs, any value (it need not be below @m)
 * @m: modulus, @n limbs, odd and above 1
 * @n: limbs of all three
 *
 * A binary extended GCD of 2 * 64 * @n fixed iterations, each the same
 * sequence of masked operations whatever the values; only the final "is the
 * GCD 1" verdict branches.
 *
 * Return: 0, -EINVAL for an even @m, @m == 1, @n out of range, or when
 * @a has no inverse (then @r is zero), -ENOMEM.
 */
int tpm2_bn_mod_inv(u64 *r, const u64 *a, const u64 *m, u32 n)
{
	size_t sz = (size_t)n * sizeof(u64);
	u64 *u, *v, *x1, *x2, *buf;
	u64 one;
	u32 i;

	if (!n || n > TPM2E_BN_MAX_LIMBS || !(m[0] & 1))
		return -EINVAL;
	if (tpm2_bn_bits_vartime(m, n) == 1)
		return -EINVAL;
	buf = tpm2_plat_zalloc(4 * sz);
	if (!buf)
		return -ENOMEM;
	u = buf;
	v = u + n;
	x1 = v + n;
	x2 = x1 + n;
	/* invariants: x1 * a == u, x2 * a == v (mod m); v odd */
	memcpy(u, a, sz);
	memcpy(v, m, sz);
	x1[0] = 1;
	for (i = 0; i < 2 * 64 * n; i++) {
		u64 odd = 0 - (u[0] & 1);
		u64 swap = odd & tpm2_bn_lt(u, v, n);

		tpm2_bn_cswap(u, v, n, swap);
		tpm2_bn_cswap(x1, x2, n, swap);
		/* u odd: u -= v (now even), x1 -= x2 */
		bn_sub_masked(u, v, n, odd);
		memcpy(r, x1, sz);	/* r is scratch until the end */
		bn_sub_mod(r, x2, m, n);
		tpm2_bn_select(x1, r, x1, n, odd);
		tpm2_bn_shr1(u, n, 0);
		bn_half_mod(x1, m, n);
	}
	/* u is now 0 and v the GCD, whose value the verdict may reveal */
	one = v[0] ^ 1;
	for (i = 1; i < n; i++)
		one |= v[i];
	if (one)
		memset(r, 0, sz);
	else
		memcpy(r, x2, sz);
	tpm2_plat_free_sensitive(buf, 4 * sz);
	return one ? -EINVAL : 0;
}

/**
 * tpm2_bn_mont_init() - set up Montgomery arithmetic modulo @m
 * @mt: context to fill
 * @m: modulus, odd, @n limbs
 * @n: limbs, 1 to TPM2E_BN_MAX_LIMBS
 *
 * Computes -@m^-1 mod 2^64 by Newton's iteration, and R^2 mod @m by
 * doublings with conditional subtraction followed by a few Montgomery
 * squarings; the time depends on @n and the bit length of @m only (@m may
 * be a secret prime, whose length is public).
 *
 * Return: 0, or -EINVAL for an even @m or @n out of range.
 */
int tpm2_bn_mont_init(struct tpm2_bn_mont *mt, const u64 *m, u32 n)
{
	u32 i, j, s, bits;
	u64 x;
	int k;

	if (!n || n > TPM2E_BN_MAX_LIMBS || !(m[0] & 1))
		return -EINVAL;
	mt->n = n;
	memcpy(mt->m, m, (size_t)n * sizeof(u64));
	/* m * m == 1 mod 8: x starts right to 3 bits, each step doubles */
	x = m[0];
	for (k = 0; k < 5; k++)
		x *= 2 - m[0] * x;
	mt->m0inv = 0 - x;
	/*
	 * R^2 = 2^(128 n). With 64 n = j * 2^s, j odd: from 2^(b - 1) < m,
	 * double up to 2^(64 n + j) mod m, which is 2^j in Montgomery form,
	 * then square it s times (Montgomery) into 2^(64 n) * R.
	 */
	bits = tpm2_bn_bits_vartime(m, n);	/* the length is public */
	for (j = 64 * n, s = 0; !(j & 1); j >>= 1)
		s++;
	memset(mt->rr, 0, sizeof(mt->rr));
	mt->rr[(bits - 1) / 64] = 1ULL << ((bits - 1) % 64);
	bn_sub_masked(mt->rr, m, n, ~tpm2_bn_lt(mt->rr, m, n));	/* m == 1 */
	for (i = bits - 1; i < 64 * n + j; i++) {
		u64 out = tpm2_bn_add(mt->rr, mt->rr, mt->rr, n);
		u64 ge = (0 - out) | ~tpm2_bn_lt(mt->rr, m, n);

		bn_sub_masked(mt->rr, m, n, ge);
	}
	for (i = 0; i < s; i++)
		tpm2_bn_mont_mul(mt, mt->rr, mt->rr, mt->rr);
	return 0;
}

/*
 * The Montgomery products below are written once for any length and
 * instantiated, inlined, for the lengths the engine uses most (P-256,
 * P-384, the primes and moduli of RSA-2048 and RSA-3072), so that the
 * compiler unrolls the inner loops with constant bounds. Which instance
 * runs depends on the (public) length only.
 */

/* Scratch limbs bn_mont_mul_t() and bn_mont_sqr_t() need for @n limbs */
#define BN_MONT_SCRATCH(n)	(2 * (n) + 1)

/*
 * r = t - m when (top:t) >= m, else t; (top:t) < 2m. @r may be anything but
 * @t, @m; it is written only here, so it may alias the factors.
 */
static inline void bn_mont_final(u64 *r, const u64 *t, u64 top,
				 const u64 *m, u32 n)
{
	u64 c = 0, keep;
	u32 j;

	for (j = 0; j < n; j++) {
		u64 x = t[j], y = m[j];
		u64 d = x - y - c;

		c = ((~x & y) | (~(x ^ y) & d)) >> 63;
		r[j] = d;
	}
	/* keep t when the subtraction borrowed past the top word */
	keep = 0 - (c & ~top & 1);
	for (j = 0; j < n; j++)
		r[j] = (t[j] & keep) | (r[j] & ~keep);
}

/* (hi:lo) = x + y + z for words x, y and z <= 1 */
static inline u64 bn_add3(u64 x, u64 y, u64 z, u64 *hi)
{
	u64 s = x + y;
	u64 c = s < x;

	s += z;
	*hi = c + (s < z);
	return s;
}

/*
 * CIOS with the multiplication and the reduction of each row fused into one
 * pass: t = (t + a[i] * b + u * m) / 2^64 with two carry chains, so t is
 * read and written once per row. t stays below 2m (t < 2m, a[i], u < 2^64,
 * b < m), so one word @top above t[n - 1] holds its excess, 0 or 1; every
 * double-word sum here is at most (2^64 - 1)^2 + 2 (2^64 - 1) = 2^128 - 1.
 */
static inline void bn_mmul(const u64 *m, u64 m0inv, u64 *r, const u64 *a,
			   const u64 *b, u64 *t, u32 n)
{
	u64 c1, c2, lo, u, top = 0;
	u32 i, j;

	for (j = 0; j < n; j++)
		t[j] = 0;
	for (i = 0; i < n; i++) {
		u64 ai = a[i];

		lo = bn_mul_add(ai, b[0], t[0], 0, &c1);
		u = lo * m0inv;
		bn_mul_add(u, m[0], lo, 0, &c2);	/* low word is 0 */
#pragma GCC unroll 8
		for (j = 1; j < n; j++) {
			lo = bn_mul_add(ai, b[j], t[j], c1, &c1);
			t[j - 1] = bn_mul_add(u, m[j], lo, c2, &c2);
		}
		t[n - 1] = bn_add3(c1, c2, top, &top);
	}
	bn_mont_final(r, t, top, m, n);
}

/*
 * Montgomery square: the 2n-limb square with each cross product once
 * (a[i] a[j], i < j, summed, doubled, the diagonal added), then n rows of
 * REDC over it; about 1.5 n^2 word products instead of 2 n^2. a < m, so
 * a^2 < 2^(128 n) and the REDC result is below (m^2 + R m) / R < 2m.
 */
static inline void bn_msqr(const u64 *m, u64 m0inv, u64 *r, const u64 *a,
			   u64 *t, u32 n)
{
	u64 c, hi, u, top;
	u32 i, j;

	for (j = 0; j < 2 * n; j++)
		t[j] = 0;
	for (i = 0; i + 1 < n; i++) {
		u64 ai = a[i];

		c = 0;
#pragma GCC unroll 8
		for (j = i + 1; j < n; j++)
			t[i + j] = bn_mul_add(ai, a[j], t[i + j], c, &c);
		t[i + n] = c;
	}
	/* the cross sum is below a^2 / 2: doubling loses no bit */
	for (j = 2 * n - 1; j > 0; j--)
		t[j] = (t[j] << 1) | (t[j - 1] >> 63);
	t[0] <<= 1;
	c = 0;
	for (i = 0; i < n; i++) {
		t[2 * i] = bn_mul_add(a[i], a[i], t[2 * i], c, &hi);
		t[2 * i + 1] = bn_add3(t[2 * i + 1], hi, 0, &c);
	}
	/* REDC: row i clears t[i]; its carry goes to t[i + n] */
	top = 0;
	for (i = 0; i < n; i++) {
		u = t[i] * m0inv;
		c = 0;
#pragma GCC unroll 8
		for (j = 0; j < n; j++)
			t[i + j] = bn_mul_add(u, m[j], t[i + j], c, &c);
		t[i + n] = bn_add3(t[i + n], c, top, &top);
	}
	bn_mont_final(r, t + n, top, m, n);
}

/*
 * Montgomery product with @t of BN_MONT_SCRATCH(mt->n) limbs. Flattened:
 * each case gets its own copy of bn_mmul() with a constant length. The
 * pragmas unroll the inner loops, whose control otherwise costs about as
 * much as the arithmetic of a limb.
 */
static __attribute__((__flatten__)) void bn_mont_mul_t(const struct tpm2_bn_mont *mt, u64 *r,
			  const u64 *a, const u64 *b, u64 *t)
{
	const u64 *m = mt->m;
	u64 k = mt->m0inv;

	switch (mt->n) {
	case 4:
		bn_mmul(m, k, r, a, b, t, 4);
		break;
	case 6:
		bn_mmul(m, k, r, a, b, t, 6);
		break;
	case 16:
		bn_mmul(m, k, r, a, b, t, 16);
		break;
	case 24:
		bn_mmul(m, k, r, a, b, t, 24);
		break;
	case 32:
		bn_mmul(m, k, r, a, b, t, 32);
		break;
	case 48:
		bn_mmul(m, k, r, a, b, t, 48);
		break;
	default:
		bn_mmul(m, k, r, a, b, t, mt->n);
		break;
	}
}

/*
 * Montgomery square with @t of BN_MONT_SCRATCH(mt->n) limbs. The separate
 * square and REDC passes have one carry chain each, where the fused
 * product has two that overlap: measured natively, squaring pays only from
 * 24 limbs (RSA-3072 primes, RSA-2048 moduli) on.
 */
#define BN_SQR_MIN_LIMBS	24

static __attribute__((__flatten__)) void bn_mont_sqr_t(const struct tpm2_bn_mont *mt, u64 *r,
			  const u64 *a, u64 *t)
{
	const u64 *m = mt->m;
	u64 k = mt->m0inv;

	switch (mt->n) {
	case 24:
		bn_msqr(m, k, r, a, t, 24);
		break;
	case 32:
		bn_msqr(m, k, r, a, t, 32);
		break;
	case 48:
		bn_msqr(m, k, r, a, t, 48);
		break;
	default:
		if (mt->n < BN_SQR_MIN_LIMBS)
			bn_mont_mul_t(mt, r, a, a, t);
		else
			bn_msqr(m, k, r, a, t, mt->n);
		break;
	}
}

/* Largest length whose square tpm2_bn_mont_mul() keeps on the stack */
#define BN_SQR_STACK_LIMBS	32

/**
 * tpm2_bn_mont_mul() - Montgomery product
 * @mt: context from tpm2_bn_mont_init()
 * @r: @a * @b / R mod m, mt->n limbs, fully reduced; may be @a or @b
 * @a: factor below m
 * @b: factor below m
 *
 * CIOS (coarsely integrated operand scanning), each row's multiplication
 * and reduction in one pass, with a final conditional subtraction; when @a
 * and @b are the same array (a public fact), a dedicated squaring. Constant
 * time.
 */
void tpm2_bn_mont_mul(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		      const u64 *b)
{
	u64 t[BN_MONT_SCRATCH(BN_SQR_STACK_LIMBS)];

	if (a == b && mt->n >= BN_SQR_MIN_LIMBS &&
	    mt->n <= BN_SQR_STACK_LIMBS) {
		bn_mont_sqr_t(mt, r, a, t);
		tpm2_plat_zeroize(t, BN_MONT_SCRATCH(mt->n) * sizeof(u64));
	} else {
		bn_mont_mul_t(mt, r, a, b, t);	/* uses mt->n <= 64 limbs */
		tpm2_plat_zeroize(t, mt->n * sizeof(u64));
	}
}

/**
 * tpm2_bn_to_mont() - convert into Montgomery form
 * @mt: context
 * @r: @a * R mod m; may be @a
 * @a: number below m
 *
 * Constant time.
 */
void tpm2_bn_to_mont(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a)
{
	tpm2_bn_mont_mul(mt, r, a, mt->rr);
}

/**
 * tpm2_bn_from_mont() - convert out of Montgomery form
 * @mt: context
 * @r: @a / R mod m; may be @a
 * @a: number below m
 *
 * Constant time.
 */
void tpm2_bn_from_mont(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a)
{
	u64 t[TPM2E_BN_MAX_LIMBS + 1];
	const u64 *m = mt->m;
	u32 n = mt->n, i, j;
	u64 c, u, borrow;

	/* REDC: n times t = (t + u * m) / 2^64 with t[0] + u * m[0] == 0 */
	memcpy(t, a, n * sizeof(u64));
	t[n] = 0;
	for (i = 0; i < n; i++) {
		u = t[0] * mt->m0inv;
		bn_mul_add(u, m[0], t[0], 0, &c);
		for (j = 1; j < n; j++)
			t[j - 1] = bn_mul_add(u, m[j], t[j], c, &c);
		t[n - 1] = t[n] + c;
		t[n] = t[n - 1] < c;
	}
	borrow = tpm2_bn_sub(r, t, m, n);
	tpm2_bn_select(r, t, r, n, 0 - (borrow & ~t[n] & 1));
	tpm2_plat_zeroize(t, (n + 1) * sizeof(u64));
}

/**
 * tpm2_bn_mod_add() - modular addition
 * @mt: context (only the modulus is used)
 * @r: @a + @b mod m; may be @a or @b
 * @a: number below m
 * @b: number below m
 *
 * Works the same on Montgomery and ordinary forms. Constant time.
 */
void tpm2_bn_mod_add(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		     const u64 *b)
{
	u64 c = tpm2_bn_add(r, a, b, mt->n);
	u64 ge = (0 - c) | ~tpm2_bn_lt(r, mt->m, mt->n);

	bn_sub_masked(r, mt->m, mt->n, ge);
}

/**
 * tpm2_bn_mod_sub() - modular subtraction
 * @mt: context (only the modulus is used)
 * @r: @a - @b mod m; may be @a or @b
 * @a: number below m
 * @b: number below m
 *
 * Works the same on Montgomery and ordinary forms. Constant time.
 */
void tpm2_bn_mod_sub(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		     const u64 *b)
{
	u64 borrow = tpm2_bn_sub(r, a, b, mt->n);

	bn_add_masked(r, mt->m, mt->n, 0 - borrow);
}

#define BN_WIN		4
#define BN_WIN_SIZE	16	/* 2^BN_WIN */

/* sel = tab[w] of BN_WIN_SIZE entries, every entry read, by masks */
static void bn_win_select(u64 *sel, const u64 *tab, u32 n, u64 w)
{
	u32 j, k;

	memset(sel, 0, (size_t)n * sizeof(u64));
	for (k = 0; k < BN_WIN_SIZE; k++) {
		u64 hit = bn_eq_mask(k, w);

		for (j = 0; j < n; j++)
			sel[j] |= tab[k * n + j] & hit;
	}
}

/**
 * tpm2_bn_mod_exp() - modular exponentiation, constant time
 * @mt: context of the modulus m
 * @r: @a ^ @exp mod m, mt->n limbs, ordinary form; may be @a or @exp
 * @a: base below m, ordinary form
 * @exp: exponent, secret, @exp_limbs limbs
 * @exp_limbs: its limbs (public; leading zero limbs cost time, not leaks)
 *
 * A fixed 4-bit window over all 64 * @exp_limbs bits: four squarings and
 * one multiplication per window, the multiplier read from a table of
 * sixteen powers that is scanned in full with masks. The first window's
 * power is taken from the table directly (the same for every exponent).
 * The table and the scratch of the products live on the heap and are
 * zeroized when freed.
 *
 * Return: 0, or -ENOMEM.
 */
int tpm2_bn_mod_exp(const struct tpm2_bn_mont *mt, u64 *r, const u64 *a,
		    const u64 *exp, u32 exp_limbs)
{
	u32 n = mt->n, i, k;
	size_t sz = (size_t)n * sizeof(u64);
	size_t total = (BN_WIN_SIZE + 2) * sz +
		       BN_MONT_SCRATCH(n) * sizeof(u64);
	u64 *tab, *acc, *sel, *t;
	bool first = true;
	int b;

	tab = tpm2_plat_zalloc(total);
	if (!tab)
		return -ENOMEM;
	acc = tab + BN_WIN_SIZE * n;
	sel = acc + n;
	t = sel + n;
	/* tab[i] = a^i in Montgomery form; tab[0] = R mod m */
	acc[0] = 1;
	bn_mont_mul_t(mt, tab, acc, mt->rr, t);
	bn_mont_mul_t(mt, tab + n, a, mt->rr, t);
	for (i = 2; i < BN_WIN_SIZE; i++) {
		if (i & 1)
			bn_mont_mul_t(mt, tab + i * n, tab + (i - 1) * n,
				      tab + n, t);
		else
			bn_mont_sqr_t(mt, tab + i * n, tab + i / 2 * n, t);
	}
	memcpy(acc, tab, sz);
	for (i = exp_limbs; i-- > 0;) {
		for (b = 64 - BN_WIN; b >= 0; b -= BN_WIN) {
			u64 w = (exp[i] >> b) & (BN_WIN_SIZE - 1);

			if (first) {
				/* acc = 1: 1^16 * tab[w] is tab[w] */
				bn_win_select(acc, tab, n, w);
				first = false;
				continue;
			}
			for (k = 0; k < BN_WIN; k++)
				bn_mont_sqr_t(mt, acc, acc, t);
			bn_win_select(sel, tab, n, w);
			bn_mont_mul_t(mt, acc, acc, sel, t);
		}
	}
	tpm2_bn_from_mont(mt, r, acc);
	tpm2_plat_free_sensitive(tab, total);
	return 0;
}

/**
 * tpm2_bn_mod_exp_vartime() - modular exponentiation with a public exponent
 * @mt: context of the modulus m
 * @r: @a ^ @exp mod m, ordinary form; may be @a or @exp
 * @a: base below m, ordinary form
 * @exp: exponent, public, @exp_limbs limbs
 * @exp_limbs: its limbs
 *
 * Left-to-right square and multiply: the time depends on @exp (not on @a
 * beyond its length).
 *
 * Return: 0, or -ENOMEM.
 */
int tpm2_bn_mod_exp_vartime(const struct tpm2_bn_mont *mt, u64 *r,
			    const u64 *a, const u64 *exp, u32 exp_limbs)
{
	u32 n = mt->n, bits = tpm2_bn_bits_vartime(exp, exp_limbs);
	size_t sz = (size_t)n * sizeof(u64);
	u64 *base, *acc;
	u32 i;

	size_t total = 2 * sz + BN_MONT_SCRATCH(n) * sizeof(u64);
	u64 *t;

	base = tpm2_plat_zalloc(total);
	if (!base)
		return -ENOMEM;
	acc = base + n;
	t = acc + n;
	acc[0] = 1;
	bn_mont_mul_t(mt, acc, acc, mt->rr, t);
	bn_mont_mul_t(mt, base, a, mt->rr, t);
	for (i = bits; i-- > 0;) {
		bn_mont_sqr_t(mt, acc, acc, t);
		if ((exp[i / 64] >> (i % 64)) & 1)
			bn_mont_mul_t(mt, acc, acc, base, t);
	}
	tpm2_bn_from_mont(mt, r, acc);
	tpm2_plat_free_sensitive(base, total);
	return 0;
}
