// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's big numbers (kernel/tpm2/bn.c) and RSA (kernel/tpm2/rsa.c)
 * against OpenSSL 3: arithmetic on random and edge values of 1 to 64
 * limbs, key generation, signatures, encryption both ways.
 *
 * Prints "PASS: rsa.<name>" or "FAIL: rsa.<name>: <why>" per test, then
 * "N passed, N failed"; exits non-zero on any failure. HTPM_TEST_SEED
 * picks the random values (the default is fixed, the seed is printed).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "bn.h"
#include "rsa.h"
#include "bn_vectors.h"

#define NMAX TPM2E_BN_MAX_LIMBS

static int passed, failed;
static char why[512];

/* Record a failure reason (the first one of a test is kept). */
static int fail(const char *fmt, ...)
{
	va_list ap;

	if (!why[0]) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void run(const char *name, int (*fn)(void))
{
	why[0] = 0;
	if (fn() == 0 && !why[0]) {
		printf("PASS: rsa.%s\n", name);
		passed++;
	} else {
		printf("FAIL: rsa.%s: %s\n", name, why[0] ? why : "failed");
		failed++;
	}
	fflush(stdout);
}

/* splitmix64: reproducible test values */
static u64 seed_state;

static u64 rnd(void)
{
	u64 z = (seed_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u32 rnd_range(u32 lo, u32 hi)
{
	return lo + (u32)(rnd() % (hi - lo + 1));
}

static void rnd_bytes(u8 *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (u8)rnd();
}

/*
 * A value of n limbs: random, with random leading zero limbs or bits,
 * or one of the edge values 0, 1, all-ones.
 */
static void rnd_bn(u64 *a, u32 n)
{
	u32 i, kind = rnd() % 10;

	for (i = 0; i < n; i++)
		a[i] = rnd();
	switch (kind) {
	case 0:
		memset(a, 0, n * 8);
		break;
	case 1:
		memset(a, 0, n * 8);
		a[0] = 1;
		break;
	case 2:
		memset(a, 0xff, n * 8);
		break;
	case 3:
		a[n - 1] >>= rnd() % 64;
		break;
	case 4:
		for (i = rnd() % n; i < n; i++)
			a[i] = 0;
		break;
	default:
		break;
	}
}

static BIGNUM *to_ossl(const u64 *a, u32 n)
{
	u8 buf[NMAX * 2 * 8];

	tpm2_bn_to_bytes(a, n, buf, n * 8);
	return BN_bin2bn(buf, n * 8, NULL);
}

/* Compare an engine number with an OpenSSL one; 0 when equal. */
static int cmp_ossl(const u64 *a, u32 n, const BIGNUM *b)
{
	BIGNUM *x = to_ossl(a, n);
	int r = BN_cmp(x, b);

	BN_free(x);
	return r;
}

static int bn_bytes(void)
{
	u8 buf[NMAX * 8 + 4], out[NMAX * 8 + 4];
	u64 a[NMAX], b[NMAX];
	int i;

	for (i = 0; i < 500; i++) {
		u32 n = rnd_range(1, NMAX);
		size_t len = rnd_range(0, n * 8 + 3);

		rnd_bytes(buf, len);
		/* values longer than n limbs must have zero leading bytes */
		if (len > n * 8)
			memset(buf, 0, len - n * 8);
		if (tpm2_bn_from_bytes(a, n, buf, len))
			return fail("from_bytes rejected a fitting value");
		tpm2_bn_to_bytes(a, n, out, len);
		if (memcmp(buf, out, len))
			return fail("bytes round trip, n=%u len=%zu", n, len);
		if (len > n * 8) {
			buf[rnd() % (len - n * 8)] = 1;
			if (tpm2_bn_from_bytes(b, n, buf, len) != -ERANGE)
				return fail("from_bytes took an oversize value");
		}
	}
	/* to_bytes truncates to the low bytes and pads on the left */
	a[0] = 0x0102030405060708ULL;
	a[1] = 0x1112131415161718ULL;
	tpm2_bn_to_bytes(a, 2, out, 3);
	if (out[0] != 6 || out[1] != 7 || out[2] != 8)
		return fail("to_bytes truncation");
	tpm2_bn_to_bytes(a, 1, out, 10);
	if (out[0] || out[1] || out[2] != 1 || out[9] != 8)
		return fail("to_bytes padding");
	return 0;
}

static int bn_add_sub(void)
{
	u64 a[NMAX], b[NMAX], r[NMAX];
	BIGNUM *x, *y, *z = BN_new(), *mod = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0;

	for (i = 0; i < 2000 && !ret; i++) {
		u32 n = rnd_range(1, NMAX);
		u64 c;

		rnd_bn(a, n);
		rnd_bn(b, n);
		x = to_ossl(a, n);
		y = to_ossl(b, n);
		BN_one(mod);
		BN_lshift(mod, mod, 64 * n);
		c = tpm2_bn_add(r, a, b, n);
		BN_add(z, x, y);
		if (c != (u64)BN_is_bit_set(z, 64 * n))
			ret = fail("add carry, n=%u", n);
		BN_nnmod(z, z, mod, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("add, n=%u", n);
		c = tpm2_bn_sub(r, a, b, n);
		if (c != (BN_cmp(x, y) < 0))
			ret = fail("sub borrow, n=%u", n);
		BN_sub(z, x, y);
		BN_nnmod(z, z, mod, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("sub, n=%u", n);
		if (tpm2_bn_lt(a, b, n) != (BN_cmp(x, y) < 0 ? ~0ULL : 0))
			ret = fail("lt, n=%u", n);
		if (tpm2_bn_is_zero(a, n) != (BN_is_zero(x) ? ~0ULL : 0))
			ret = fail("is_zero, n=%u", n);
		if (tpm2_bn_bits_vartime(a, n) != (u32)BN_num_bits(x))
			ret = fail("bits, n=%u", n);
		/* in place: r = a; r += b */
		memcpy(r, a, n * 8);
		tpm2_bn_add(r, r, b, n);
		BN_add(z, x, y);
		BN_nnmod(z, z, mod, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("add in place, n=%u", n);
		/* shr1 with a top bit */
		memcpy(r, a, n * 8);
		c = rnd() & 1;
		tpm2_bn_shr1(r, n, c);
		BN_rshift1(z, x);
		if (c)
			BN_set_bit(z, 64 * n - 1);
		if (cmp_ossl(r, n, z))
			ret = fail("shr1, n=%u", n);
		/* select and cswap */
		tpm2_bn_select(r, a, b, n, ~0ULL);
		if (memcmp(r, a, n * 8))
			ret = fail("select all-ones");
		tpm2_bn_select(r, a, b, n, 0);
		if (memcmp(r, b, n * 8))
			ret = fail("select zero");
		memcpy(r, a, n * 8);
		tpm2_bn_cswap(r, b, n, 0);
		if (memcmp(r, a, n * 8))
			ret = fail("cswap zero");
		tpm2_bn_cswap(r, b, n, ~0ULL);
		if (cmp_ossl(r, n, y) || cmp_ossl(b, n, x))
			ret = fail("cswap all-ones");
		BN_free(x);
		BN_free(y);
	}
	BN_free(z);
	BN_free(mod);
	BN_CTX_free(ctx);
	return ret;
}

static int bn_mul(void)
{
	u64 a[NMAX], b[NMAX], r[2 * NMAX];
	BIGNUM *x, *y, *z = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0;

	for (i = 0; i < 1000 && !ret; i++) {
		u32 n = rnd_range(1, NMAX);

		rnd_bn(a, n);
		rnd_bn(b, n);
		x = to_ossl(a, n);
		y = to_ossl(b, n);
		tpm2_bn_mul(r, a, b, n);
		BN_mul(z, x, y, ctx);
		if (cmp_ossl(r, 2 * n, z))
			ret = fail("mul, n=%u", n);
		BN_free(x);
		BN_free(y);
	}
	BN_free(z);
	BN_CTX_free(ctx);
	return ret;
}

static int bn_mod_div(void)
{
	u64 a[2 * NMAX], m[NMAX], r[NMAX], q[2 * NMAX];
	BIGNUM *x, *y, *zq = BN_new(), *zr = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0;

	for (i = 0; i < 600 && !ret; i++) {
		u32 an = rnd_range(1, 2 * NMAX), mn = rnd_range(1, NMAX);
		u64 w;

		rnd_bn(a, an);
		do
			rnd_bn(m, mn);
		while (tpm2_bn_is_zero(m, mn));
		if (i % 7 == 0)	/* m - 1 and m itself as dividends */
			memcpy(a, m, mn * 8), an = mn, a[0] -= i % 2;
		x = to_ossl(a, an);
		y = to_ossl(m, mn);
		BN_div(zq, zr, x, y, ctx);
		if (tpm2_bn_mod(r, mn, a, an, m) || cmp_ossl(r, mn, zr))
			ret = fail("mod, an=%u mn=%u", an, mn);
		memset(r, 0xaa, sizeof(r));
		if (tpm2_bn_div(q, r, a, an, m, mn) || cmp_ossl(q, an, zq) ||
		    cmp_ossl(r, mn, zr))
			ret = fail("div, an=%u mn=%u", an, mn);
		if (tpm2_bn_div(q, NULL, a, an, m, mn) || cmp_ossl(q, an, zq))
			ret = fail("div without remainder");
		w = (i % 3 == 0) ? rnd() : (i % 3 == 1) ? rnd() >> 32 :
		    rnd() >> rnd_range(40, 63);
		w |= !w;
		if (tpm2_bn_mod_word(a, an, w) != BN_mod_word(x, w))
			ret = fail("mod_word, an=%u w=%#llx", an,
				   (unsigned long long)w);
		BN_free(x);
		BN_free(y);
	}
	memset(m, 0, sizeof(m));
	if (tpm2_bn_mod(r, 4, a, 4, m) != -EINVAL ||
	    tpm2_bn_div(q, r, a, 4, m, 4) != -EINVAL)
		ret = fail("zero modulus accepted");
	BN_free(zq);
	BN_free(zr);
	BN_CTX_free(ctx);
	return ret;
}

/* A random odd modulus of n limbs, > 1 */
static void rnd_odd(u64 *m, u32 n)
{
	rnd_bn(m, n);
	m[0] |= 1;
	if (tpm2_bn_bits_vartime(m, n) < 2)
		m[0] = 3;
}

static int bn_mod_inv(void)
{
	u64 a[NMAX], m[NMAX], r[NMAX];
	BIGNUM *x, *y, *z = BN_new(), *g = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0, noinv = 0;

	for (i = 0; i < 300 && !ret; i++) {
		u32 n = rnd_range(1, i < 250 ? 16 : NMAX);
		int rc;

		rnd_odd(m, n);
		rnd_bn(a, n);
		if (i % 5 == 0) {
			/* share a factor of 3 now and then */
			memset(m, 0, n * 8);
			m[0] = 3 * (rnd() >> 3 | 1);
			a[0] = 3 * (rnd() >> 3);
		}
		x = to_ossl(a, n);
		y = to_ossl(m, n);
		BN_gcd(g, x, y, ctx);
		rc = tpm2_bn_mod_inv(r, a, m, n);
		if (BN_is_one(g)) {
			BN_mod_inverse(z, x, y, ctx);
			if (rc || cmp_ossl(r, n, z))
				ret = fail("mod_inv, n=%u rc=%d", n, rc);
		} else {
			noinv++;
			if (rc != -EINVAL || !tpm2_bn_is_zero(r, n))
				ret = fail("mod_inv without inverse, rc=%d",
					   rc);
		}
		/* in place */
		if (!rc && (tpm2_bn_mod_inv(a, a, m, n) || memcmp(a, r, n * 8)))
			ret = fail("mod_inv in place");
		BN_free(x);
		BN_free(y);
	}
	m[0] = 4;
	if (tpm2_bn_mod_inv(r, a, m, 1) != -EINVAL)
		ret = fail("even modulus accepted");
	m[0] = 1;
	if (tpm2_bn_mod_inv(r, a, m, 1) != -EINVAL)
		ret = fail("modulus 1 accepted");
	if (!noinv)
		ret = fail("no case without an inverse was tried");
	BN_free(z);
	BN_free(g);
	BN_CTX_free(ctx);
	return ret;
}

/* Reduce a random value below m. */
static void rnd_below(u64 *a, const u64 *m, u32 n)
{
	u64 t[NMAX];
	u32 k = rnd() % 8;

	rnd_bn(t, n);
	tpm2_bn_mod(a, n, t, n, m);
	if (k == 0) {		/* m - 1 */
		memcpy(a, m, n * 8);
		a[0] -= 1;
	}
}

static int bn_mont(void)
{
	static struct tpm2_bn_mont mt;
	u64 a[NMAX], b[NMAX], m[NMAX], r[NMAX], e[NMAX];
	BIGNUM *x, *y, *mm, *z = BN_new(), *rinv = BN_new(), *ee;
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0;

	for (i = 0; i < 400 && !ret; i++) {
		u32 n = rnd_range(1, NMAX), en;

		rnd_odd(m, n);
		if (tpm2_bn_mont_init(&mt, m, n))
			return fail("mont_init refused an odd modulus");
		rnd_below(a, m, n);
		rnd_below(b, m, n);
		x = to_ossl(a, n);
		y = to_ossl(b, n);
		mm = to_ossl(m, n);
		/* R^-1 mod m */
		BN_one(z);
		BN_lshift(z, z, 64 * n);
		BN_mod_inverse(rinv, z, mm, ctx);
		BN_mod_sqr(z, z, mm, ctx);
		if (cmp_ossl(mt.rr, n, z))
			ret = fail("R^2 mod m, n=%u", n);
		tpm2_bn_mont_mul(&mt, r, a, b);
		BN_mod_mul(z, x, y, mm, ctx);
		BN_mod_mul(z, z, rinv, mm, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("mont_mul, n=%u", n);
		/* aliasing: a = a * a */
		memcpy(r, a, n * 8);
		tpm2_bn_mont_mul(&mt, r, r, r);
		BN_mod_mul(z, x, x, mm, ctx);
		BN_mod_mul(z, z, rinv, mm, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("mont_mul in place, n=%u", n);
		tpm2_bn_to_mont(&mt, r, a);
		tpm2_bn_from_mont(&mt, r, r);
		if (memcmp(r, a, n * 8))
			ret = fail("to/from mont, n=%u", n);
		tpm2_bn_mod_add(&mt, r, a, b);
		BN_mod_add(z, x, y, mm, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("mod_add, n=%u", n);
		tpm2_bn_mod_sub(&mt, r, a, b);
		BN_mod_sub(z, x, y, mm, ctx);
		if (cmp_ossl(r, n, z))
			ret = fail("mod_sub, n=%u", n);
		/* exponents of a few limbs keep the run short */
		en = rnd_range(1, n < 8 ? n : 8);
		rnd_bn(e, en);
		ee = to_ossl(e, en);
		BN_mod_exp(z, x, ee, mm, ctx);
		if (tpm2_bn_mod_exp(&mt, r, a, e, en) || cmp_ossl(r, n, z))
			ret = fail("mod_exp, n=%u en=%u", n, en);
		if (tpm2_bn_mod_exp_vartime(&mt, r, a, e, en) ||
		    cmp_ossl(r, n, z))
			ret = fail("mod_exp_vartime, n=%u en=%u", n, en);
		/* result into the base's buffer */
		memcpy(r, a, n * 8);
		if (tpm2_bn_mod_exp(&mt, r, r, e, en) || cmp_ossl(r, n, z))
			ret = fail("mod_exp in place, n=%u", n);
		BN_free(ee);
		BN_free(x);
		BN_free(y);
		BN_free(mm);
	}
	/* a full-size exponent once */
	rnd_odd(m, NMAX);
	m[NMAX - 1] |= 1ULL << 63;
	tpm2_bn_mont_init(&mt, m, NMAX);
	rnd_below(a, m, NMAX);
	rnd_bn(e, NMAX);
	x = to_ossl(a, NMAX);
	mm = to_ossl(m, NMAX);
	ee = to_ossl(e, NMAX);
	BN_mod_exp(z, x, ee, mm, ctx);
	if (tpm2_bn_mod_exp(&mt, r, a, e, NMAX) || cmp_ossl(r, NMAX, z))
		ret = fail("mod_exp, 4096-bit exponent");
	m[0] &= ~1ULL;
	if (tpm2_bn_mont_init(&mt, m, NMAX) != -EINVAL ||
	    tpm2_bn_mont_init(&mt, m, 0) != -EINVAL ||
	    tpm2_bn_mont_init(&mt, m, NMAX + 1) != -EINVAL)
		ret = fail("mont_init accepted a bad modulus");
	BN_free(x);
	BN_free(mm);
	BN_free(ee);
	BN_free(z);
	BN_free(rinv);
	BN_CTX_free(ctx);
	return ret;
}

/*
 * A counter-based stream for key generation: byte i is byte i % 8 of
 * splitmix64(seed + i / 8). kernel/tests/bn_kunit.c has the same one.
 */
struct stream {
	u64 seed, pos;
	u64 fills;
	u64 cancel_after;	/* cancelled() true from this poll on; 0: never */
	u64 polls;
};

static u64 splitmix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static int stream_fill(void *priv, u8 *buf, size_t len)
{
	struct stream *s = priv;
	size_t i;

	for (i = 0; i < len; i++, s->pos++)
		buf[i] = (u8)(splitmix(s->seed + s->pos / 8) >> (8 * (s->pos % 8)));
	s->fills++;
	return 0;
}

static bool stream_cancelled(void *priv)
{
	struct stream *s = priv;

	s->polls++;
	return s->cancel_after && s->polls >= s->cancel_after;
}

struct key {
	u16 bits;
	u32 e;
	u8 n[TPM2E_RSA_MAX_BYTES], p[TPM2E_RSA_MAX_PRIME];
	struct tpm2_rsa_key k;
	EVP_PKEY *pkey;
};

static int gen_key(struct key *key, u16 bits, u32 e, u64 seed,
		   struct stream *st)
{
	struct tpm2_bn_rng rng = { stream_fill, stream_cancelled, st };
	int rc;

	memset(st, 0, sizeof(*st));
	st->seed = seed;
	key->bits = bits;
	key->e = e;
	rc = tpm2_rsa_generate(bits, e, &rng, key->n, key->p);
	key->k.n = key->n;
	key->k.n_len = bits / 8;
	key->k.e = e;
	key->k.p = key->p;
	key->pkey = NULL;
	return rc;
}

/* OpenSSL key from n, e, p: q, d and the CRT values computed here */
static EVP_PKEY *ossl_key(const u8 *nb, size_t n_len, u32 e, const u8 *pb)
{
	BIGNUM *n = BN_bin2bn(nb, n_len, NULL), *p = BN_bin2bn(pb, n_len / 2, NULL);
	BIGNUM *q = BN_new(), *d = BN_new(), *ee = BN_new(), *phi = BN_new();
	BIGNUM *p1 = BN_new(), *q1 = BN_new(), *dp = BN_new(), *dq = BN_new();
	BIGNUM *qi = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_PKEY *pkey = NULL;

	BN_set_word(ee, e);
	BN_div(q, NULL, n, p, ctx);
	BN_sub(p1, p, BN_value_one());
	BN_sub(q1, q, BN_value_one());
	BN_mul(phi, p1, q1, ctx);
	if (!BN_mod_inverse(d, ee, phi, ctx))
		goto out;
	BN_mod(dp, d, p1, ctx);
	BN_mod(dq, d, q1, ctx);
	BN_mod_inverse(qi, q, p, ctx);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, ee);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi);
	params = OSSL_PARAM_BLD_to_param(bld);
	pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !pctx || EVP_PKEY_fromdata_init(pctx) <= 0 ||
	    EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEYPAIR, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n); BN_free(p); BN_free(q); BN_free(d); BN_free(ee);
	BN_free(phi); BN_free(p1); BN_free(q1); BN_free(dp); BN_free(dq);
	BN_free(qi);
	BN_CTX_free(ctx);
	return pkey;
}

/* Everything FIPS 186-4 B.3.3 asks of a key, checked with OpenSSL */
static int check_key(const struct key *key, const char *what)
{
	size_t nl = key->bits / 8, pl = nl / 2;
	BIGNUM *n = BN_bin2bn(key->n, nl, NULL), *p = BN_bin2bn(key->p, pl, NULL);
	BIGNUM *q = BN_new(), *r = BN_new(), *t = BN_new(), *g = BN_new();
	BIGNUM *ee = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int ret = 0;

	BN_set_word(ee, key->e);
	BN_div(q, r, n, p, ctx);
	if (!BN_is_zero(r))
		ret = fail("%s: p does not divide n", what);
	else if (BN_num_bits(n) != key->bits)
		ret = fail("%s: n has %d bits", what, BN_num_bits(n));
	else if (BN_num_bits(p) != key->bits / 2 || BN_num_bits(q) != key->bits / 2)
		ret = fail("%s: prime sizes %d, %d", what, BN_num_bits(p),
			   BN_num_bits(q));
	else if (!BN_is_bit_set(p, key->bits / 2 - 2) ||
		 !BN_is_bit_set(q, key->bits / 2 - 2))
		ret = fail("%s: second top bit of a prime not set", what);
	else if (BN_check_prime(p, ctx, NULL) != 1 ||
		 BN_check_prime(q, ctx, NULL) != 1)
		ret = fail("%s: a factor is not prime", what);
	if (ret)
		goto out;
	BN_sub(t, p, BN_value_one());
	BN_gcd(g, t, ee, ctx);
	if (!BN_is_one(g))
		ret = fail("%s: gcd(e, p - 1) != 1", what);
	BN_sub(t, q, BN_value_one());
	BN_gcd(g, t, ee, ctx);
	if (!BN_is_one(g))
		ret = fail("%s: gcd(e, q - 1) != 1", what);
	BN_sub(t, p, q);
	if (BN_num_bits(t) <= key->bits / 2 - 100)
		ret = fail("%s: |p - q| too small", what);
out:
	BN_free(n); BN_free(p); BN_free(q); BN_free(r); BN_free(t);
	BN_free(g); BN_free(ee);
	BN_CTX_free(ctx);
	return ret;
}

static struct key keys[5];	/* 1024 e=65537, 2048, 3072, 1024 e=3, e=17 */

static int rsa_exponent(void)
{
	static const u32 good[] = { 3, 5, 17, 257, 65537, 4294967291U };
	static const u32 bad[] = { 0, 1, 2, 4, 9, 15, 65535, 65536, 4294967295U };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		if (!tpm2_rsa_exponent_ok(good[i]))
			return fail("%u refused", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (tpm2_rsa_exponent_ok(bad[i]))
			return fail("%u accepted", bad[i]);
	return 0;
}

static int rsa_keygen(void)
{
	static const struct { u16 bits; u32 e; } spec[] = {
		{ 1024, 65537 }, { 2048, 65537 }, { 3072, 65537 },
		{ 1024, 3 }, { 2048, 17 },
	};
	struct stream st;
	unsigned int i;
	char what[64];
	int rc;

	for (i = 0; i < ARRAY_SIZE(spec); i++) {
		rc = gen_key(&keys[i], spec[i].bits, spec[i].e, 1000 + i, &st);
		snprintf(what, sizeof(what), "RSA-%u e=%u", spec[i].bits,
			 spec[i].e);
		if (rc)
			return fail("%s: generate returned %d", what, rc);
		if (!st.polls)
			return fail("%s: cancelled() never polled", what);
		if (check_key(&keys[i], what))
			return -1;
		keys[i].pkey = ossl_key(keys[i].n, spec[i].bits / 8, spec[i].e,
					keys[i].p);
		if (!keys[i].pkey)
			return fail("%s: OpenSSL refused the key", what);
		if (tpm2_rsa_check_private(&keys[i].k))
			return fail("%s: check_private refused it", what);
	}
	return 0;
}

static int rsa_keygen_stream(void)
{
	static struct key a, b, c;
	struct stream st;
	struct tpm2_bn_rng rng = { stream_fill, NULL, &st };

	if (gen_key(&a, 1024, 65537, 77, &st) || gen_key(&b, 1024, 65537, 77, &st) ||
	    gen_key(&c, 1024, 65537, 78, &st))
		return fail("generate failed");
	if (memcmp(a.n, b.n, 128) || memcmp(a.p, b.p, 64))
		return fail("same stream, different keys");
	if (!memcmp(a.n, c.n, 128) || !memcmp(a.p, c.p, 64))
		return fail("different streams, same key");
	/* no cancelled() callback at all */
	memset(&st, 0, sizeof(st));
	st.seed = 77;
	if (tpm2_rsa_generate(1024, 65537, &rng, c.n, c.p) ||
	    memcmp(a.n, c.n, 128))
		return fail("without cancelled(): a different key");
	return 0;
}

static int rsa_keygen_cancel(void)
{
	static struct key a;
	struct stream st;
	struct tpm2_bn_rng rng = { stream_fill, stream_cancelled, &st };

	memset(&st, 0, sizeof(st));
	st.seed = 5;
	st.cancel_after = 3;
	if (tpm2_rsa_generate(2048, 65537, &rng, a.n, a.p) != -ECANCELED)
		return fail("not cancelled");
	if (st.polls != 3)
		return fail("search went on after the cancel (%llu polls)",
			    (unsigned long long)st.polls);
	if (tpm2_rsa_generate(1536, 65537, &rng, a.n, a.p) != -EINVAL ||
	    tpm2_rsa_generate(2048, 65536, &rng, a.n, a.p) != -EINVAL ||
	    tpm2_rsa_generate(2048, 1, &rng, a.n, a.p) != -EINVAL)
		return fail("bad size or exponent accepted");
	return 0;
}

static const EVP_MD *md_of(unsigned int h)
{
	switch (h) {
	case TPM2_PLAT_SHA1: return EVP_sha1();
	case TPM2_PLAT_SHA256: return EVP_sha256();
	case TPM2_PLAT_SHA384: return EVP_sha384();
	default: return EVP_sha512();
	}
}

static struct tpm2_plat_crypto *pc;

/* OpenSSL sign (salt < 0: digest length) or verify; 1 on success */
static int ossl_sig(EVP_PKEY *pkey, bool sign, bool pss, unsigned int h,
		    int salt, const u8 *dg, u8 *sig, size_t *sig_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pkey, NULL);
	int ok;

	ok = c && (sign ? EVP_PKEY_sign_init(c) : EVP_PKEY_verify_init(c)) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, pss ? RSA_PKCS1_PSS_PADDING :
					  RSA_PKCS1_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_signature_md(c, md_of(h)) > 0;
	if (ok && pss)
		ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(c, salt < 0 ?
			RSA_PSS_SALTLEN_DIGEST : salt) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, md_of(h)) > 0;
	if (ok)
		ok = sign ? EVP_PKEY_sign(c, sig, sig_len, dg,
					  EVP_MD_get_size(md_of(h))) > 0 :
			    EVP_PKEY_verify(c, sig, *sig_len, dg,
					    EVP_MD_get_size(md_of(h))) == 1;
	EVP_PKEY_CTX_free(c);
	return ok;
}

static int rsa_sign(void)
{
	u8 dg[64], sig[TPM2E_RSA_MAX_BYTES], sig2[TPM2E_RSA_MAX_BYTES];
	unsigned int ki, h, pad;
	int rc;

	for (ki = 0; ki < ARRAY_SIZE(keys); ki++) {
		struct key *key = &keys[ki];
		size_t nl = key->k.n_len;

		for (h = 0; h < TPM2_PLAT_NR_HASH; h++) {
			size_t hl = tpm2_plat_hash_size(h), sl;

			for (pad = 0; pad < 2; pad++) {
				bool pss = pad;
				enum tpm2_rsa_pad sch = pss ? TPM2E_RSA_PAD_PSS :
							      TPM2E_RSA_PAD_PKCS1;
				/* the salt the engine should pick */
				int salt = nl >= 2 * hl + 2 ? (int)hl :
					   (int)(nl - hl - 2);

				rnd_bytes(dg, hl);
				rc = tpm2_rsa_sign(pc, &key->k, sch, h, dg, hl, sig);
				if (rc)
					return fail("key %u hash %u pad %u: sign %d",
						    ki, h, pad, rc);
				sl = nl;
				if (!ossl_sig(key->pkey, false, pss, h, salt, dg,
					      sig, &sl))
					return fail("key %u hash %u pad %u: OpenSSL rejects the engine's signature",
						    ki, h, pad);
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl,
						    sig, nl))
					return fail("key %u hash %u pad %u: engine rejects its own",
						    ki, h, pad);
				/* tampered signature and digest */
				sig[rnd() % nl] ^= 1 << (rnd() % 8);
				sl = nl;
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl,
						    sig, nl) != -EBADMSG ||
				    ossl_sig(key->pkey, false, pss, h, salt, dg,
					     sig, &sl))
					return fail("key %u hash %u pad %u: tampered signature accepted",
						    ki, h, pad);
				/* OpenSSL signs, the engine verifies */
				sl = sizeof(sig2);
				if (!ossl_sig(key->pkey, true, pss, h,
					      pss ? (int)(rnd() % (salt + 1)) : 0,
					      dg, sig2, &sl) || sl != nl)
					return fail("OpenSSL sign failed");
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl,
						    sig2, sl))
					return fail("key %u hash %u pad %u: engine rejects OpenSSL's signature",
						    ki, h, pad);
				dg[rnd() % hl] ^= 0x80;
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl,
						    sig2, sl) != -EBADMSG)
					return fail("tampered digest accepted");
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl,
						    sig2, sl - 1) != -EBADMSG)
					return fail("short signature not -EBADMSG");
				if (tpm2_rsa_verify(pc, &key->k, sch, h, dg, hl - 1,
						    sig2, sl) != -EINVAL ||
				    tpm2_rsa_sign(pc, &key->k, sch, h, dg, hl + 1,
						  sig) != -EINVAL)
					return fail("wrong digest size accepted");
			}
		}
		/* sig >= n is a bad signature, not an error */
		memset(sig, 0xff, nl);
		if (tpm2_rsa_verify(pc, &key->k, TPM2E_RSA_PAD_PKCS1,
				    TPM2_PLAT_SHA256, dg, 32, sig, nl) != -EBADMSG)
			return fail("signature above n not -EBADMSG");
		if (tpm2_rsa_sign(pc, &key->k, TPM2E_RSA_PAD_OAEP,
				  TPM2_PLAT_SHA256, dg, 32, sig) != -EINVAL)
			return fail("OAEP accepted as a signature scheme");
	}
	return 0;
}

/* OpenSSL encrypt or decrypt; 1 on success */
static int ossl_crypt(EVP_PKEY *pkey, bool enc, int padding, unsigned int h,
		      const u8 *label, size_t label_len, const u8 *in,
		      size_t in_len, u8 *out, size_t *out_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pkey, NULL);
	int ok;

	ok = c && (enc ? EVP_PKEY_encrypt_init(c) : EVP_PKEY_decrypt_init(c)) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, padding) > 0;
	if (ok && padding == RSA_PKCS1_OAEP_PADDING) {
		ok = EVP_PKEY_CTX_set_rsa_oaep_md(c, md_of(h)) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, md_of(h)) > 0;
		if (ok && label_len) {
			void *l = OPENSSL_memdup(label, label_len);

			ok = EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, label_len) > 0;
		}
	}
	if (ok)
		ok = (enc ? EVP_PKEY_encrypt(c, out, out_len, in, in_len) :
			    EVP_PKEY_decrypt(c, out, out_len, in, in_len)) > 0;
	EVP_PKEY_CTX_free(c);
	return ok;
}

static int rsa_encrypt(void)
{
	u8 msg[TPM2E_RSA_MAX_BYTES], ct[TPM2E_RSA_MAX_BYTES];
	u8 pt[TPM2E_RSA_MAX_BYTES], label[40];
	unsigned int ki, h, v;
	int rc;

	for (ki = 0; ki < ARRAY_SIZE(keys); ki++) {
		struct key *key = &keys[ki];
		size_t nl = key->k.n_len;

		for (v = 0; v < 2 + 2 * TPM2_PLAT_NR_HASH; v++) {
			/* v 0, 1: PKCS1; then OAEP per hash, without/with label */
			bool oaep = v >= 2;
			enum tpm2_rsa_pad sch = oaep ? TPM2E_RSA_PAD_OAEP :
						       TPM2E_RSA_PAD_PKCS1;
			int padding = oaep ? RSA_PKCS1_OAEP_PADDING :
					     RSA_PKCS1_PADDING;
			size_t hl, max, ml, ll = 0, cl, pl;

			h = oaep ? (v - 2) / 2 : 0;
			hl = tpm2_plat_hash_size(h);
			if (oaep && nl < 2 * hl + 2)
				continue;
			max = oaep ? nl - 2 * hl - 2 : nl - 11;
			ml = (v % 2) ? max : rnd() % (max + 1);
			if (oaep && v % 2) {
				ll = rnd_range(1, sizeof(label));
				rnd_bytes(label, ll);
			}
			rnd_bytes(msg, ml);
			/* OpenSSL encrypts, the engine decrypts */
			cl = nl;
			if (!ossl_crypt(key->pkey, true, padding, h, label, ll,
					msg, ml, ct, &cl) || cl != nl)
				return fail("OpenSSL encrypt failed");
			memset(pt, 0, sizeof(pt));
			rc = tpm2_rsa_decrypt(pc, &key->k, sch, h, label, ll, ct,
					      cl, pt, &pl);
			if (rc || pl != ml || memcmp(pt, msg, ml))
				return fail("key %u v %u: engine decrypt %d, %zu of %zu bytes",
					    ki, v, rc, rc ? 0 : pl, ml);
			/* the engine encrypts, OpenSSL decrypts */
			rc = tpm2_rsa_encrypt(pc, &key->k, sch, h, label, ll,
					      msg, ml, ct);
			if (rc)
				return fail("key %u v %u: engine encrypt %d", ki, v,
					    rc);
			pl = sizeof(pt);
			if (!ossl_crypt(key->pkey, false, padding, h, label, ll,
					ct, nl, pt, &pl) || pl != ml ||
			    memcmp(pt, msg, ml))
				return fail("key %u v %u: OpenSSL cannot decrypt",
					    ki, v);
			/* one byte too many */
			if (tpm2_rsa_encrypt(pc, &key->k, sch, h, label, ll, msg,
					     max + 1, ct) != -EINVAL)
				return fail("too long a message accepted");
			/* a wrong label or hash is a padding error */
			if (oaep) {
				label[0] ^= 1;
				rc = tpm2_rsa_decrypt(pc, &key->k, sch, h, label,
						      ll ? ll : 1, ct, nl, pt, &pl);
				label[0] ^= 1;
				if (rc != -EBADMSG)
					return fail("wrong label: %d", rc);
				rc = tpm2_rsa_decrypt(pc, &key->k, sch, (h + 1) % 4,
						      label, ll, ct, nl, pt, &pl);
				if (rc != -EBADMSG && !(rc == -EINVAL &&
							nl < 2 * 64 + 2))
					return fail("wrong hash: %d", rc);
			}
		}
	}
	return 0;
}

static int rsa_raw(void)
{
	u8 in[TPM2E_RSA_MAX_BYTES], out[TPM2E_RSA_MAX_BYTES];
	u8 ref[TPM2E_RSA_MAX_BYTES];
	unsigned int ki, i;
	size_t len;
	int rc;

	for (ki = 0; ki < ARRAY_SIZE(keys); ki++) {
		struct key *key = &keys[ki];
		size_t nl = key->k.n_len;

		for (i = 0; i < 4; i++) {
			rnd_bytes(in, nl);
			in[0] &= 0x7f;
			if (i == 1)
				memset(in, 0, nl);
			/* engine private == OpenSSL raw decrypt */
			len = nl;
			if (!ossl_crypt(key->pkey, false, RSA_NO_PADDING, 0, NULL,
					0, in, nl, ref, &len))
				return fail("OpenSSL raw decrypt failed");
			rc = tpm2_rsa_raw_private(&key->k, in, out);
			if (rc || memcmp(out, ref, nl))
				return fail("key %u: raw private differs (%d)", ki,
					    rc);
			/* and back with the public operation */
			rc = tpm2_rsa_raw_public(&key->k, out, out);
			if (rc || memcmp(out, in, nl))
				return fail("key %u: raw public differs (%d)", ki,
					    rc);
			/* NONE through encrypt/decrypt: a short message */
			memset(in, 0, 3);
			len = nl;
			if (!ossl_crypt(key->pkey, true, RSA_NO_PADDING, 0, NULL,
					0, in, nl, ref, &len))
				return fail("OpenSSL raw encrypt failed");
			rc = tpm2_rsa_encrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0,
					      NULL, 0, in + 3, nl - 3, out);
			if (rc || memcmp(out, ref, nl))
				return fail("NONE encrypt differs (%d)", rc);
			rc = tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0,
					      NULL, 0, out, nl, ref, &len);
			if (rc || len != nl || memcmp(ref, in, nl))
				return fail("NONE decrypt %d", rc);
		}
		/* input >= n */
		memcpy(in, key->n, nl);
		if (tpm2_rsa_raw_private(&key->k, in, out) != -EINVAL ||
		    tpm2_rsa_raw_public(&key->k, in, out) != -EINVAL ||
		    tpm2_rsa_encrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0, NULL,
				     0, in, nl, out) != -EINVAL ||
		    tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0, NULL,
				     0, in, nl, out, &len) != -EINVAL)
			return fail("input equal to n accepted");
		if (tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0, NULL,
				     0, in, nl + 1, out, &len) != -EINVAL)
			return fail("input longer than n accepted");
	}
	return 0;
}

/* MGF1 with OpenSSL, for crafting blocks */
static void mgf1_xor(const EVP_MD *md, const u8 *seed, size_t sl, u8 *out,
		     size_t len)
{
	u8 in[TPM2E_RSA_MAX_BYTES + 4], d[64];
	unsigned int dl, i;
	u32 c;
	size_t done = 0;

	memcpy(in, seed, sl);
	for (c = 0; done < len; c++) {
		in[sl] = c >> 24;
		in[sl + 1] = c >> 16;
		in[sl + 2] = c >> 8;
		in[sl + 3] = c;
		EVP_Digest(in, sl + 4, d, &dl, md, NULL);
		for (i = 0; i < dl && done < len; i++)
			out[done++] ^= d[i];
	}
}

/*
 * An OAEP block (SHA-256, empty label) for message "hi", corrupted as
 * @how says: 0 none, 1 Y = 1, 2 wrong lHash, 3 separator 0x02, 4 no
 * separator (all zeros), 5 a non-zero byte in PS.
 */
static void oaep_block(u8 *em, size_t nl, int how)
{
	size_t hl = 32, dbl = nl - hl - 1;
	u8 *db = em + 1 + hl;
	unsigned int dl;

	memset(em, 0, nl);
	EVP_Digest("", 0, db, &dl, EVP_sha256(), NULL);
	if (how == 2)
		db[5] ^= 4;
	if (how != 4) {
		db[dbl - 3] = how == 3 ? 2 : 1;
		db[dbl - 2] = 'h';
		db[dbl - 1] = 'i';
	}
	if (how == 5)
		db[hl + 3] = 7;
	rnd_bytes(em + 1, hl);
	mgf1_xor(EVP_sha256(), em + 1, hl, db, dbl);
	mgf1_xor(EVP_sha256(), db, dbl, em + 1, hl);
	if (how == 1)
		em[0] = 1;
}

/*
 * A PKCS1 encryption block for a 2-byte message: how 0 good (PS of 8
 * bytes), 1 first byte 1, 2 block type 1, 3 no zero separator, 4 PS of 7.
 */
static void pkcs1_block(u8 *em, size_t nl, int how)
{
	size_t i, zero = how == 4 ? 9 : 10;

	memset(em, 0, nl);
	em[0] = how == 1;
	em[1] = how == 2 ? 1 : 2;
	for (i = 2; i < nl; i++)
		em[i] = 1 + rnd() % 255;
	if (how != 3)
		em[how == 0 ? nl - 3 : zero] = 0;
}

static int rsa_bad_padding(void)
{
	struct key *key = &keys[1];	/* RSA-2048 */
	size_t nl = key->k.n_len, len;
	u8 em[TPM2E_RSA_MAX_BYTES], ct[TPM2E_RSA_MAX_BYTES];
	u8 out[TPM2E_RSA_MAX_BYTES];
	int how, rc, want;

	for (how = 0; how <= 5; how++) {
		oaep_block(em, nl, how);
		if (tpm2_rsa_raw_public(&key->k, em, ct))
			return fail("raw public failed");
		/* the uncorrupted block is checked against OpenSSL too */
		if (!how) {
			len = sizeof(out);
			if (!ossl_crypt(key->pkey, false, RSA_PKCS1_OAEP_PADDING,
					TPM2_PLAT_SHA256, NULL, 0, ct, nl, out,
					&len) || len != 2 || memcmp(out, "hi", 2))
				return fail("test OAEP block not valid");
		}
		rc = tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_OAEP,
				      TPM2_PLAT_SHA256, NULL, 0, ct, nl, out, &len);
		want = how ? -EBADMSG : 0;
		if (rc != want || (!rc && (len != 2 || memcmp(out, "hi", 2))))
			return fail("OAEP corruption %d: %d", how, rc);
	}
	for (how = 0; how <= 4; how++) {
		pkcs1_block(em, nl, how);
		if (tpm2_rsa_raw_public(&key->k, em, ct))
			return fail("raw public failed");
		rc = tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_PKCS1, 0, NULL,
				      0, ct, nl, out, &len);
		want = how ? -EBADMSG : 0;
		if (rc != want || (!rc && (len != 2 || memcmp(out, em + nl - 2, 2))))
			return fail("PKCS1 corruption %d: %d", how, rc);
	}
	/* a short ciphertext is taken as left-padded with zeros */
	rnd_bytes(ct, nl);
	memset(ct, 0, nl - 5);
	if (tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0, NULL, 0,
			     ct, nl, em, &len) || len != nl ||
	    tpm2_rsa_decrypt(pc, &key->k, TPM2E_RSA_PAD_NONE, 0, NULL, 0,
			     ct + nl - 5, 5, out, &len) || len != nl ||
	    memcmp(em, out, nl))
		return fail("short ciphertext");
	return 0;
}

/* Primes from OpenSSL: e = 3 divides p - 1 when rem1 is set */
static BIGNUM *ossl_prime(int bits, bool rem1)
{
	BIGNUM *p = BN_new(), *add = BN_new(), *rem = BN_new();

	BN_set_word(add, 6);
	BN_set_word(rem, rem1 ? 1 : 5);
	if (!BN_generate_prime_ex(p, bits, 0, add, rem, NULL))
		BN_clear_free(p), p = NULL;
	BN_free(add);
	BN_free(rem);
	return p;
}

static int rsa_check_private(void)
{
	struct key *key = &keys[0];	/* RSA-1024 */
	struct tpm2_rsa_key k = key->k;
	u8 p[TPM2E_RSA_MAX_PRIME], n[TPM2E_RSA_MAX_BYTES], q[64];
	BIGNUM *bp, *bq, *bn = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int i, ret = 0;

	if (tpm2_rsa_check_private(&k))
		return fail("good key refused");
	/* q works as well as p */
	{
		BIGNUM *nn = BN_bin2bn(key->n, 128, NULL), *pp = BN_bin2bn(key->p, 64, NULL);

		BN_div(nn, NULL, nn, pp, ctx);
		BN_bn2binpad(nn, q, 64);
		BN_free(nn);
		BN_free(pp);
	}
	k.p = q;
	if (tpm2_rsa_check_private(&k))
		ret = fail("q refused as the prime");
	for (i = 0; i < 4 && !ret; i++) {
		memcpy(p, key->p, 64);
		switch (i) {
		case 0: p[63] ^= 2; break;		/* another odd number */
		case 1: p[63] ^= 1; break;		/* even */
		case 2: p[0] = 0; break;		/* too short */
		case 3: rnd_bytes(p, 64); p[0] |= 0xc0; p[63] |= 1; break;
		}
		k.p = p;
		if (tpm2_rsa_check_private(&k) != -EINVAL)
			ret = fail("wrong p %d accepted", i);
		if (tpm2_rsa_raw_private(&k, key->n + 1, n) != -EINVAL ||
		    tpm2_rsa_sign(pc, &k, TPM2E_RSA_PAD_PKCS1, TPM2_PLAT_SHA256,
				  p, 32, n) != -EINVAL)
			ret = fail("private operation with a wrong p %d", i);
	}
	/* p == q, and e dividing p - 1 */
	/* with e = 3 dividing p - 1; drawn until n has 1024 bits */
	for (i = 0, bp = bq = NULL; i < 50; i++) {
		BN_free(bp);
		BN_free(bq);
		bp = ossl_prime(512, true);
		bq = ossl_prime(512, false);
		if (!bp || !bq)
			break;
		BN_mul(bn, bp, bq, ctx);
		if (BN_num_bits(bn) == 1024)
			break;
	}
	if (!ret && bp && bq) {
		BN_bn2binpad(bp, p, 64);
		BN_mul(bn, bp, bp, ctx);
		BN_bn2binpad(bn, n, 128);
		k.n = n;
		k.p = p;
		k.e = 65537;
		if (tpm2_rsa_check_private(&k) != -EINVAL)
			ret = fail("p == q accepted");
		BN_mul(bn, bp, bq, ctx);
		BN_bn2binpad(bn, n, 128);
		if (BN_num_bits(bn) == 1024 && BN_num_bits(bp) == 512 &&
		    BN_num_bits(bq) == 512) {
			if (tpm2_rsa_check_private(&k))
				ret = fail("OpenSSL key refused with e = 65537");
			k.e = 3;
			if (tpm2_rsa_check_private(&k) != -EINVAL)
				ret = fail("e = 3 dividing p - 1 accepted");
			/* q = 2 mod 3, but n / q = p is checked as well */
			BN_bn2binpad(bq, p, 64);
			if (tpm2_rsa_check_private(&k) != -EINVAL)
				ret = fail("e = 3 accepted given q");
		} else if (!ret) {
			/* sizes are random: try again another run */
			ret = fail("OpenSSL primes of unexpected size");
		}
	} else if (!ret) {
		ret = fail("OpenSSL prime generation failed");
	}
	BN_free(bp);
	BN_free(bq);
	BN_free(bn);
	BN_CTX_free(ctx);
	return ret;
}

/* Compare an engine result with a vector and an OpenSSL result */
static int vec_check(const char *what, const u64 *a, const u8 *v, size_t len,
		     const BIGNUM *ref)
{
	u8 out[TPM2E_RSA_MAX_BYTES];

	tpm2_bn_to_bytes(a, len / 8, out, len);
	if (memcmp(out, v, len))
		return fail("%s: engine differs from the vector", what);
	if (cmp_ossl(a, len / 8, ref))
		return fail("%s: OpenSSL differs from the vector", what);
	return 0;
}

/* The vectors that bn_kunit replays in the kernel build */
static int bn_vectors(void)
{
	static struct tpm2_bn_mont mt;
	u64 m[NMAX], a[NMAX], b[NMAX], r[NMAX], q[NMAX];
	BIGNUM *x, *y, *mm, *z = BN_new(), *z2 = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	int ret = 0;

	tpm2_bn_from_bytes(m, 4, bn_vec_mont_m, 32);
	tpm2_bn_from_bytes(a, 4, bn_vec_mont_a, 32);
	tpm2_bn_from_bytes(b, 4, bn_vec_mont_b, 32);
	tpm2_bn_mont_init(&mt, m, 4);
	tpm2_bn_mont_mul(&mt, r, a, b);
	x = to_ossl(a, 4);
	y = to_ossl(b, 4);
	mm = to_ossl(m, 4);
	BN_one(z2);
	BN_lshift(z2, z2, 256);
	BN_mod_inverse(z2, z2, mm, ctx);
	BN_mod_mul(z, x, y, mm, ctx);
	BN_mod_mul(z, z, z2, mm, ctx);
	ret |= vec_check("mont_mul", r, bn_vec_mont_r, 32, z);
	BN_free(x), BN_free(y), BN_free(mm);

	tpm2_bn_from_bytes(m, 16, bn_vec_exp_m, 128);
	tpm2_bn_from_bytes(a, 16, bn_vec_exp_a, 128);
	tpm2_bn_from_bytes(b, 16, bn_vec_exp_e, 128);
	tpm2_bn_mont_init(&mt, m, 16);
	tpm2_bn_mod_exp(&mt, r, a, b, 16);
	x = to_ossl(a, 16);
	y = to_ossl(b, 16);
	mm = to_ossl(m, 16);
	BN_mod_exp(z, x, y, mm, ctx);
	ret |= vec_check("mod_exp", r, bn_vec_exp_r, 128, z);
	BN_free(x), BN_free(y), BN_free(mm);

	tpm2_bn_from_bytes(m, 9, bn_vec_inv_m, 72);
	tpm2_bn_from_bytes(a, 9, bn_vec_inv_a, 72);
	if (tpm2_bn_mod_inv(r, a, m, 9))
		ret = fail("mod_inv vector has no inverse");
	x = to_ossl(a, 9);
	mm = to_ossl(m, 9);
	BN_mod_inverse(z, x, mm, ctx);
	ret |= vec_check("mod_inv", r, bn_vec_inv_r, 72, z);
	BN_free(x), BN_free(mm);

	tpm2_bn_from_bytes(a, 16, bn_vec_div_a, 128);
	tpm2_bn_from_bytes(m, 5, bn_vec_div_m, 40);
	tpm2_bn_div(q, r, a, 16, m, 5);
	x = to_ossl(a, 16);
	mm = to_ossl(m, 5);
	BN_div(z, z2, x, mm, ctx);
	ret |= vec_check("div q", q, bn_vec_div_q, 128, z);
	ret |= vec_check("div r", r, bn_vec_div_r, 40, z2);
	BN_free(x), BN_free(mm);
	BN_free(z), BN_free(z2);
	BN_CTX_free(ctx);
	return ret;
}

/* The RSA-1024 vector: this build makes it, and it is a good key */
static int rsa_vector(void)
{
	static struct key key;
	struct bn_vec_stream s = { BN_VEC_RSA_SEED, 0 };
	struct tpm2_bn_rng rng = { bn_vec_stream_fill, NULL, &s };

	if (tpm2_rsa_generate(1024, BN_VEC_RSA_E, &rng, key.n, key.p))
		return fail("generate failed");
	if (memcmp(key.n, bn_vec_rsa_n, 128) || memcmp(key.p, bn_vec_rsa_p, 64))
		return fail("the key differs from bn_vectors.h");
	key.bits = 1024;
	key.e = BN_VEC_RSA_E;
	return check_key(&key, "vector");
}

int main(void)
{
	const char *s = getenv("HTPM_TEST_SEED");
	unsigned int i;

	seed_state = s ? strtoull(s, NULL, 0) : 0x68747066ULL;
	printf("# rsa_test seed %#llx\n", (unsigned long long)seed_state);
	run("bn_bytes", bn_bytes);
	run("bn_add_sub", bn_add_sub);
	run("bn_mul", bn_mul);
	run("bn_mod_div", bn_mod_div);
	run("bn_mod_inv", bn_mod_inv);
	run("bn_mont", bn_mont);
	pc = tpm2_plat_crypto_create();
	run("rsa_exponent", rsa_exponent);
	run("bn_vectors", bn_vectors);
	run("rsa_vector", rsa_vector);
	run("rsa_keygen", rsa_keygen);
	run("rsa_keygen_stream", rsa_keygen_stream);
	run("rsa_keygen_cancel", rsa_keygen_cancel);
	if (keys[ARRAY_SIZE(keys) - 1].pkey) {
		run("rsa_sign", rsa_sign);
		run("rsa_encrypt", rsa_encrypt);
		run("rsa_raw", rsa_raw);
		run("rsa_bad_padding", rsa_bad_padding);
		run("rsa_check_private", rsa_check_private);
	} else {
		printf("FAIL: rsa.keys: no keys, the RSA operations were not tested\n");
		failed++;
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		EVP_PKEY_free(keys[i].pkey);
	tpm2_plat_crypto_destroy(pc);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
