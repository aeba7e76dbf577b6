// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ECC layer (kernel/tpm2/ecc.c) against OpenSSL 3:
 * public keys, ECDSA both ways, ECDH both ways, point checks, scalar
 * ranges, deterministic key generation, and the fixed vectors the KUnit
 * suite checks too.
 *
 * Prints "PASS: ecc.<name>" or "FAIL: ecc.<name>: <why>" per test, then
 * "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* EC_KEY and ECDSA_do_sign/verify: deprecated in 3.0, still the plainest */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "ecc.h"
#include "ecc_vectors.h"

#define P256	0x0003
#define P384	0x0004
#define MAXB	TPM2E_ECC_MAX_BYTES

static int passed, failed;

/* An OpenSSL call that cannot fail did: not a test result */
#define ossl_die() do {							\
	fprintf(stderr, "%s:%d: OpenSSL failed\n", __FILE__, __LINE__);	\
	ERR_print_errors_fp(stderr);					\
	exit(2);							\
} while (0)
static char why[512];

/* Record why the current test failed (the first reason wins). */
static int fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

#define CHECK(cond, ...) do { if (!(cond)) return fail(__VA_ARGS__); } while (0)

static void run(const char *name, int (*fn)(u16), u16 curve)
{
	int rc;

	why[0] = 0;
	rc = fn(curve);
	if (!rc && !why[0]) {
		printf("PASS: ecc.%s_%s\n", name, curve == P256 ? "p256" : "p384");
		passed++;
	} else {
		printf("FAIL: ecc.%s_%s: %s\n", name,
		       curve == P256 ? "p256" : "p384",
		       why[0] ? why : "failed");
		failed++;
	}
}

static int nid_of(u16 curve)
{
	return curve == P256 ? NID_X9_62_prime256v1 : NID_secp384r1;
}

struct ossl {
	EC_GROUP *g;
	BN_CTX *bc;
	BIGNUM *p, *n;
	unsigned int len;
};

static void ossl_init(struct ossl *o, u16 curve)
{
	o->g = EC_GROUP_new_by_curve_name(nid_of(curve));
	o->bc = BN_CTX_new();
	o->p = BN_new();
	o->n = BN_new();
	if (!o->g || !o->bc || !o->p || !o->n ||
	    !EC_GROUP_get_curve(o->g, o->p, NULL, NULL, o->bc) ||
	    !EC_GROUP_get_order(o->g, o->n, o->bc)) {
		fprintf(stderr, "OpenSSL setup failed\n");
		ossl_die();
	}
	o->len = tpm2_ecc_bytes(curve);
}

static void ossl_free(struct ossl *o)
{
	BN_free(o->p);
	BN_free(o->n);
	BN_CTX_free(o->bc);
	EC_GROUP_free(o->g);
}

static void bn_out(const BIGNUM *b, u8 *buf, unsigned int len)
{
	if (BN_bn2binpad(b, buf, (int)len) != (int)len) {
		fprintf(stderr, "BN_bn2binpad failed\n");
		ossl_die();
	}
}

static BIGNUM *bn_in(const u8 *buf, size_t len)
{
	BIGNUM *b = BN_bin2bn(buf, (int)len, NULL);

	if (!b)
		ossl_die();
	return b;
}

/* OpenSSL's k * P (P = G when x is NULL) into x, y; 0 or -1 for infinity */
static int ossl_mul(struct ossl *o, const u8 *k, const u8 *px, const u8 *py,
		    u8 *x, u8 *y)
{
	EC_POINT *r = EC_POINT_new(o->g), *pt = NULL;
	BIGNUM *kb = bn_in(k, o->len), *bx = BN_new(), *by = BN_new();
	int ret = -1;

	if (px) {
		BIGNUM *ax = bn_in(px, o->len), *ay = bn_in(py, o->len);

		pt = EC_POINT_new(o->g);
		if (!EC_POINT_set_affine_coordinates(o->g, pt, ax, ay, o->bc))
			ossl_die();
		BN_free(ax);
		BN_free(ay);
	}
	if (!EC_POINT_mul(o->g, r, px ? NULL : kb, pt, px ? kb : NULL, o->bc))
		ossl_die();
	if (!EC_POINT_is_at_infinity(o->g, r)) {
		if (!EC_POINT_get_affine_coordinates(o->g, r, bx, by, o->bc))
			ossl_die();
		bn_out(bx, x, o->len);
		bn_out(by, y, o->len);
		ret = 0;
	}
	EC_POINT_free(r);
	EC_POINT_free(pt);
	BN_free(kb);
	BN_free(bx);
	BN_free(by);
	return ret;
}

/* A random scalar in [1, n-1] from OpenSSL */
static void rand_scalar(struct ossl *o, u8 *d)
{
	BIGNUM *b = BN_new();

	do {
		if (!BN_rand_range(b, o->n))
			ossl_die();
	} while (BN_is_zero(b));
	bn_out(b, d, o->len);
	BN_free(b);
}

/* n + delta (delta may be negative) as curve-size bytes */
static void n_plus(struct ossl *o, long delta, u8 *out)
{
	BIGNUM *b = BN_dup(o->n);

	if (delta >= 0)
		BN_add_word(b, (BN_ULONG)delta);
	else
		BN_sub_word(b, (BN_ULONG)-delta);
	bn_out(b, out, o->len);
	BN_free(b);
}

static EC_KEY *ossl_key(struct ossl *o, const u8 *d, const u8 *x,
			const u8 *y)
{
	EC_KEY *k = EC_KEY_new();
	BIGNUM *bx = bn_in(x, o->len), *by = bn_in(y, o->len);

	if (!k || !EC_KEY_set_group(k, o->g) ||
	    !EC_KEY_set_public_key_affine_coordinates(k, bx, by))
		ossl_die();
	if (d) {
		BIGNUM *bd = bn_in(d, o->len);

		if (!EC_KEY_set_private_key(k, bd))
			ossl_die();
		BN_free(bd);
	}
	BN_free(bx);
	BN_free(by);
	return k;
}

static int test_bytes(u16 curve)
{
	u8 buf[MAXB] = { 1 }, x[MAXB], y[MAXB];
	struct tpm2_bn_rng rng = { 0 };
	static const u16 bad[] = { 0x0000, 0x0001, 0x0002, 0x0005, 0x0010,
				   0x0020, 0xffff };
	unsigned int i;

	CHECK(tpm2_ecc_bytes(curve) == (curve == P256 ? 32u : 48u),
	      "bytes %u", tpm2_ecc_bytes(curve));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u16 c = bad[i];

		CHECK(tpm2_ecc_bytes(c) == 0, "bytes(0x%04x) != 0", c);
		CHECK(tpm2_ecc_generate(c, &rng, buf, x, y) == -EINVAL,
		      "generate 0x%04x", c);
		CHECK(tpm2_ecc_public(c, buf, x, y) == -EINVAL,
		      "public 0x%04x", c);
		CHECK(tpm2_ecc_point_check(c, x, y) == -EINVAL,
		      "point_check 0x%04x", c);
		CHECK(tpm2_ecc_mul(c, buf, x, y, x, y) == -EINVAL,
		      "mul 0x%04x", c);
		CHECK(tpm2_ecdsa_sign(c, buf, buf, 32, x, y) == -EINVAL,
		      "sign 0x%04x", c);
		CHECK(tpm2_ecdsa_verify(c, x, y, buf, 32, buf, 1, buf, 1) ==
		      -EINVAL, "verify 0x%04x", c);
	}
	return 0;
}

/* Engine's d*G against OpenSSL's for random d */
static int test_public(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], ox[MAXB], oy[MAXB];
	struct ossl o;
	int i, ret;

	ossl_init(&o, curve);
	for (i = 0; i < 32; i++) {
		rand_scalar(&o, d);
		ret = tpm2_ecc_public(curve, d, x, y);
		CHECK(!ret, "public: %d", ret);
		CHECK(!ossl_mul(&o, d, NULL, NULL, ox, oy), "OpenSSL: O");
		CHECK(!memcmp(x, ox, o.len) && !memcmp(y, oy, o.len),
		      "d*G differs from OpenSSL (round %d)", i);
		CHECK(!tpm2_ecc_point_check(curve, x, y),
		      "own public key not on the curve");
	}
	ossl_free(&o);
	return 0;
}

/* Scalars at the edges, and out of range */
static int test_edges(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], ox[MAXB], oy[MAXB];
	static const long in_range[] = { -1, -2, -3, -4, -5 };
	static const long out_range[] = { 0, 1, 2 };
	struct ossl o;
	unsigned int i;
	int ret;

	ossl_init(&o, curve);
	for (i = 1; i <= 17; i++) {
		memset(d, 0, sizeof(d));
		d[o.len - 1] = (u8)i;
		ret = tpm2_ecc_public(curve, d, x, y);
		CHECK(!ret, "public(%u): %d", i, ret);
		ossl_mul(&o, d, NULL, NULL, ox, oy);
		CHECK(!memcmp(x, ox, o.len) && !memcmp(y, oy, o.len),
		      "%u*G differs from OpenSSL", i);
	}
	for (i = 0; i < sizeof(in_range) / sizeof(in_range[0]); i++) {
		n_plus(&o, in_range[i], d);
		ret = tpm2_ecc_public(curve, d, x, y);
		CHECK(!ret, "public(n%ld): %d", in_range[i], ret);
		ossl_mul(&o, d, NULL, NULL, ox, oy);
		CHECK(!memcmp(x, ox, o.len) && !memcmp(y, oy, o.len),
		      "(n%ld)*G differs from OpenSSL", in_range[i]);
	}
	/* single bits, top bit included */
	for (i = 0; i < o.len * 8; i += 37) {
		memset(d, 0, sizeof(d));
		d[o.len - 1 - i / 8] = (u8)(1 << (i % 8));
		CHECK(!tpm2_ecc_public(curve, d, x, y), "public(2^%u)", i);
		ossl_mul(&o, d, NULL, NULL, ox, oy);
		CHECK(!memcmp(x, ox, o.len) && !memcmp(y, oy, o.len),
		      "2^%u*G differs from OpenSSL", i);
	}
	memset(d, 0, sizeof(d));
	CHECK(tpm2_ecc_public(curve, d, x, y) == -EINVAL, "d = 0 accepted");
	for (i = 0; i < sizeof(out_range) / sizeof(out_range[0]); i++) {
		n_plus(&o, out_range[i], d);
		CHECK(tpm2_ecc_public(curve, d, x, y) == -EINVAL,
		      "d = n+%ld accepted", out_range[i]);
	}
	memset(d, 0xff, sizeof(d));
	CHECK(tpm2_ecc_public(curve, d, x, y) == -EINVAL,
	      "d = 2^bits - 1 accepted");
	ossl_free(&o);
	return 0;
}

static int ossl_verify(struct ossl *o, EC_KEY *k, const u8 *dig, size_t len,
		       const u8 *r, const u8 *s)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	int ok;

	if (!sig || !ECDSA_SIG_set0(sig, bn_in(r, o->len), bn_in(s, o->len)))
		ossl_die();
	ok = ECDSA_do_verify(dig, (int)len, sig, k);
	ECDSA_SIG_free(sig);
	return ok;
}

static const size_t dig_lens[] = { 20, 32, 48, 64 };

/* Engine signatures verify in OpenSSL and in the engine; tampering fails */
static int test_sign(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], r[MAXB], s[MAXB], r2[MAXB], s2[MAXB];
	u8 dig[64];
	struct ossl o;
	unsigned int i, j;
	EC_KEY *k;
	int ret;

	ossl_init(&o, curve);
	for (i = 0; i < 4; i++) {
		rand_scalar(&o, d);
		CHECK(!tpm2_ecc_public(curve, d, x, y), "public");
		k = ossl_key(&o, NULL, x, y);
		for (j = 0; j < 4; j++) {
			size_t len = dig_lens[j];

			RAND_bytes(dig, sizeof(dig));
			ret = tpm2_ecdsa_sign(curve, d, dig, len, r, s);
			CHECK(!ret, "sign: %d", ret);
			CHECK(ossl_verify(&o, k, dig, len, r, s) == 1,
			      "OpenSSL rejects the engine's signature (%zu)",
			      len);
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len, s, o.len);
			CHECK(!ret, "engine rejects its signature: %d", ret);
			/* only the leftmost bits(n) bits count */
			if (len > o.len) {
				ret = tpm2_ecdsa_verify(curve, x, y, dig,
							o.len, r, o.len, s,
							o.len);
				CHECK(!ret, "truncated digest: %d", ret);
				dig[len - 1] ^= 1;
				ret = tpm2_ecdsa_verify(curve, x, y, dig, len,
							r, o.len, s, o.len);
				CHECK(!ret, "bits beyond n changed it: %d",
				      ret);
			}
			dig[0] ^= 0x80;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len, s, o.len);
			CHECK(ret == -EBADMSG, "tampered digest: %d", ret);
			dig[0] ^= 0x80;
			r[o.len / 2] ^= 4;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len, s, o.len);
			CHECK(ret == -EBADMSG, "tampered r: %d", ret);
			r[o.len / 2] ^= 4;
			s[o.len - 1] ^= 1;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len, s, o.len);
			CHECK(ret == -EBADMSG, "tampered s: %d", ret);
			s[o.len - 1] ^= 1;
			/* k is fresh: a second signature differs */
			CHECK(!tpm2_ecdsa_sign(curve, d, dig, len, r2, s2),
			      "sign again");
			CHECK(memcmp(r, r2, o.len), "same r twice");
		}
		EC_KEY_free(k);
	}
	/* a private key out of range */
	memset(d, 0, sizeof(d));
	CHECK(tpm2_ecdsa_sign(curve, d, dig, 32, r, s) == -EINVAL, "d = 0");
	n_plus(&o, 0, d);
	CHECK(tpm2_ecdsa_sign(curve, d, dig, 32, r, s) == -EINVAL, "d = n");
	/* empty digest: e = 0 */
	rand_scalar(&o, d);
	CHECK(!tpm2_ecc_public(curve, d, x, y), "public");
	CHECK(!tpm2_ecdsa_sign(curve, d, NULL, 0, r, s), "sign, empty");
	CHECK(!tpm2_ecdsa_verify(curve, x, y, NULL, 0, r, o.len, s, o.len),
	      "verify, empty digest");
	ossl_free(&o);
	return 0;
}

/* OpenSSL signatures verify in the engine, in any TPM2B form */
static int test_verify(u16 curve)
{
	u8 x[MAXB], y[MAXB], r[MAXB + 4], s[MAXB + 4], oct[2 * MAXB + 1];
	u8 dig[64], nb[MAXB], zero[MAXB] = { 0 };
	const BIGNUM *br, *bs;
	struct ossl o;
	unsigned int i, j;
	int rl, sl, ret;
	ECDSA_SIG *sig;
	EC_KEY *k;

	ossl_init(&o, curve);
	for (i = 0; i < 4; i++) {
		k = EC_KEY_new_by_curve_name(nid_of(curve));
		if (!k || !EC_KEY_generate_key(k))
			ossl_die();
		if (EC_POINT_point2oct(o.g, EC_KEY_get0_public_key(k),
				       POINT_CONVERSION_UNCOMPRESSED, oct,
				       sizeof(oct), o.bc) != 2 * o.len + 1)
			ossl_die();
		memcpy(x, oct + 1, o.len);
		memcpy(y, oct + 1 + o.len, o.len);
		for (j = 0; j < 4; j++) {
			size_t len = dig_lens[j];

			RAND_bytes(dig, sizeof(dig));
			sig = ECDSA_do_sign(dig, (int)len, k);
			if (!sig)
				ossl_die();
			ECDSA_SIG_get0(sig, &br, &bs);
			/* minimal length, as TPM2B_ECC_PARAMETER may be */
			rl = BN_bn2bin(br, r);
			sl = BN_bn2bin(bs, s);
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r, rl,
						s, sl);
			CHECK(!ret, "OpenSSL signature rejected: %d", ret);
			/* with leading zeros, longer than the curve */
			BN_bn2binpad(br, r, (int)o.len + 4);
			BN_bn2binpad(bs, s, (int)o.len + 3);
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len + 4, s, o.len + 3);
			CHECK(!ret, "padded signature rejected: %d", ret);
			/* a non-zero byte past the curve size */
			r[0] = 1;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len + 4, s, o.len + 3);
			CHECK(ret == -EBADMSG, "oversized r: %d", ret);
			r[0] = 0;
			s[o.len + 2] ^= 0x10;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len + 4, s, o.len + 3);
			CHECK(ret == -EBADMSG, "tampered s: %d", ret);
			s[o.len + 2] ^= 0x10;
			dig[len - 1] ^= 1;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len + 4, s, o.len + 3);
			if (len <= o.len)
				CHECK(ret == -EBADMSG, "tampered digest: %d",
				      ret);
			else
				CHECK(!ret, "a bit beyond n counted: %d", ret);
			dig[len - 1] ^= 1;
			dig[1] ^= 1;
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, r,
						o.len + 4, s, o.len + 3);
			CHECK(ret == -EBADMSG, "tampered digest: %d", ret);
			dig[1] ^= 1;
			/* r and s swapped */
			ret = tpm2_ecdsa_verify(curve, x, y, dig, len, s + 3,
						o.len, r + 4, o.len);
			CHECK(ret == -EBADMSG, "r and s swapped: %d", ret);
			ECDSA_SIG_free(sig);
		}
		EC_KEY_free(k);
		n_plus(&o, 0, nb);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, zero, o.len, s,
					o.len);
		CHECK(ret == -EBADMSG, "r = 0: %d", ret);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, s, o.len, zero,
					o.len);
		CHECK(ret == -EBADMSG, "s = 0: %d", ret);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, NULL, 0, s,
					o.len);
		CHECK(ret == -EBADMSG, "empty r: %d", ret);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, nb, o.len, s,
					o.len);
		CHECK(ret == -EBADMSG, "r = n: %d", ret);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, s, o.len, nb,
					o.len);
		CHECK(ret == -EBADMSG, "s = n: %d", ret);
		/* a key off the curve */
		y[o.len - 1] ^= 1;
		ret = tpm2_ecdsa_verify(curve, x, y, dig, 32, s, o.len, s,
					o.len);
		CHECK(ret == -EINVAL, "key off the curve: %d", ret);
	}
	ossl_free(&o);
	return 0;
}

/*
 * A valid signature with s = 5, made by choosing the digest: for a known d
 * and k, e = s k - r d. Then (r, s + n) fits in the curve size and is
 * congruent to it, and must fail the range check alone.
 */
static int small_s(struct ossl *o, u16 curve)
{
	u8 d[MAXB], k[MAXB], x[MAXB], y[MAXB], r[MAXB], s[MAXB], e[MAXB];
	BIGNUM *bd, *bk, *br, *be = BN_new(), *t = BN_new();
	int ret;

	rand_scalar(o, d);
	rand_scalar(o, k);
	ossl_mul(o, d, NULL, NULL, x, y);
	ossl_mul(o, k, NULL, NULL, r, s);	/* r = x(kG) */
	bd = bn_in(d, o->len);
	bk = bn_in(k, o->len);
	br = bn_in(r, o->len);
	BN_nnmod(br, br, o->n, o->bc);
	bn_out(br, r, o->len);
	BN_mod_mul(t, br, bd, o->n, o->bc);
	BN_mul_word(bk, 5);
	BN_mod_sub(be, bk, t, o->n, o->bc);
	bn_out(be, e, o->len);
	memset(s, 0, sizeof(s));
	s[o->len - 1] = 5;
	ret = tpm2_ecdsa_verify(curve, x, y, e, o->len, r, o->len,
				s + o->len - 1, 1);
	CHECK(!ret, "(r, 5) rejected: %d", ret);
	BN_set_word(t, 5);
	BN_add(t, t, o->n);
	bn_out(t, s, o->len);
	ret = tpm2_ecdsa_verify(curve, x, y, e, o->len, r, o->len, s,
				o->len);
	CHECK(ret == -EBADMSG, "(r, 5 + n) accepted: %d", ret);
	BN_free(bd);
	BN_free(bk);
	BN_free(br);
	BN_free(be);
	BN_free(t);
	return 0;
}

/* r + n and s + n: congruent to a valid signature but not in [1, n-1] */
static int test_verify_range(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], r[MAXB + 1], s[MAXB + 1], dig[32];
	BIGNUM *br, *bs;
	struct ossl o;
	EC_KEY *k;
	int ret, i;

	ossl_init(&o, curve);
	for (i = 0; i < 8; i++) {
		rand_scalar(&o, d);
		RAND_bytes(dig, sizeof(dig));
		CHECK(!tpm2_ecc_public(curve, d, x, y), "public");
		CHECK(!tpm2_ecdsa_sign(curve, d, dig, sizeof(dig), r, s),
		      "sign");
		br = bn_in(r, o.len);
		bs = bn_in(s, o.len);
		BN_add(br, br, o.n);
		BN_add(bs, bs, o.n);
		BN_bn2binpad(br, r, (int)o.len + 1);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, sizeof(dig), r,
					o.len + 1, s, o.len);
		CHECK(ret == -EBADMSG, "r + n accepted: %d", ret);
		BN_sub(br, br, o.n);
		BN_bn2binpad(br, r, (int)o.len);
		BN_bn2binpad(bs, s, (int)o.len + 1);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, sizeof(dig), r,
					o.len, s, o.len + 1);
		CHECK(ret == -EBADMSG, "s + n accepted: %d", ret);
		/* and the original is fine */
		BN_sub(bs, bs, o.n);
		BN_bn2binpad(bs, s, (int)o.len);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, sizeof(dig), r,
					o.len, s, o.len);
		CHECK(!ret, "original rejected: %d", ret);
		/* (r, n - s) is valid too (k -> -k): OpenSSL agrees */
		BN_sub(bs, o.n, bs);
		BN_bn2binpad(bs, s, (int)o.len);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, sizeof(dig), r,
					o.len, s, o.len);
		CHECK(!ret, "(r, n - s) rejected: %d", ret);
		k = ossl_key(&o, NULL, x, y);
		CHECK(ossl_verify(&o, k, dig, sizeof(dig), r, s) == 1,
		      "OpenSSL rejects (r, n - s)");
		EC_KEY_free(k);
		/* (r, s + 1) is not */
		BN_sub(bs, o.n, bs);
		BN_add_word(bs, 1);
		BN_bn2binpad(bs, s, (int)o.len);
		ret = tpm2_ecdsa_verify(curve, x, y, dig, sizeof(dig), r,
					o.len, s, o.len);
		CHECK(ret == -EBADMSG, "(r, s + 1) accepted: %d", ret);
		BN_free(br);
		BN_free(bs);
	}
	CHECK(!small_s(&o, curve), "small s");
	ossl_free(&o);
	return 0;
}

static EVP_PKEY *evp_key(struct ossl *o, const u8 *d, const u8 *x,
			 const u8 *y)
{
	EVP_PKEY *pk = EVP_PKEY_new();
	EC_KEY *k = ossl_key(o, d, x, y);

	if (!pk || !EVP_PKEY_assign_EC_KEY(pk, k))
		ossl_die();
	return pk;
}

/* OpenSSL's ECDH shared x of our private and their public key */
static int ossl_derive(struct ossl *o, const u8 *d, const u8 *x,
		       const u8 *y, const u8 *px, const u8 *py, u8 *out)
{
	EVP_PKEY *mine = evp_key(o, d, x, y), *peer = evp_key(o, NULL, px, py);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(mine, NULL);
	size_t len = o->len;
	int ok;

	ok = ctx && EVP_PKEY_derive_init(ctx) > 0 &&
	     EVP_PKEY_derive_set_peer(ctx, peer) > 0 &&
	     EVP_PKEY_derive(ctx, out, &len) > 0 && len == o->len;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(mine);
	EVP_PKEY_free(peer);
	return ok ? 0 : -1;
}

static int test_ecdh(u16 curve)
{
	u8 da[MAXB], xa[MAXB], ya[MAXB], db[MAXB], xb[MAXB], yb[MAXB];
	u8 zx[MAXB], zy[MAXB], ox[MAXB], oy[MAXB], sh[MAXB];
	struct ossl o;
	int i, ret;

	ossl_init(&o, curve);
	for (i = 0; i < 8; i++) {
		rand_scalar(&o, da);
		rand_scalar(&o, db);
		CHECK(!tpm2_ecc_public(curve, da, xa, ya), "public a");
		ossl_mul(&o, db, NULL, NULL, xb, yb);
		/* engine: da * Qb */
		ret = tpm2_ecc_mul(curve, da, xb, yb, zx, zy);
		CHECK(!ret, "mul: %d", ret);
		CHECK(!ossl_mul(&o, da, xb, yb, ox, oy), "OpenSSL mul");
		CHECK(!memcmp(zx, ox, o.len) && !memcmp(zy, oy, o.len),
		      "da*Qb differs from OpenSSL's EC_POINT_mul");
		/* OpenSSL derive with b's key and the engine's Qa */
		CHECK(!ossl_derive(&o, db, xb, yb, xa, ya, sh),
		      "OpenSSL derive (b)");
		CHECK(!memcmp(sh, zx, o.len), "OpenSSL derive(db, Qa) differs");
		/* and the other way: OpenSSL derive with a's key */
		CHECK(!ossl_derive(&o, da, xa, ya, xb, yb, sh),
		      "OpenSSL derive (a)");
		ret = tpm2_ecc_mul(curve, db, xa, ya, ox, oy);
		CHECK(!ret, "mul b: %d", ret);
		CHECK(!memcmp(sh, ox, o.len) && !memcmp(oy, zy, o.len),
		      "db*Qa differs from da*Qb");
	}
	/* scalar range of mul */
	memset(da, 0, sizeof(da));
	CHECK(tpm2_ecc_mul(curve, da, xb, yb, zx, zy) == -EINVAL, "d = 0");
	n_plus(&o, 0, da);
	CHECK(tpm2_ecc_mul(curve, da, xb, yb, zx, zy) == -EINVAL, "d = n");
	n_plus(&o, 1, da);
	CHECK(tpm2_ecc_mul(curve, da, xb, yb, zx, zy) == -EINVAL, "d = n+1");
	/* (n-1) * P = -P */
	n_plus(&o, -1, da);
	CHECK(!tpm2_ecc_mul(curve, da, xb, yb, zx, zy), "d = n-1");
	{
		BIGNUM *t = bn_in(yb, o.len);

		BN_sub(t, o.p, t);
		bn_out(t, oy, o.len);
		BN_free(t);
	}
	CHECK(!memcmp(zx, xb, o.len) && !memcmp(zy, oy, o.len),
	      "(n-1)*P != -P");
	/* a point off the curve */
	yb[3] ^= 0x40;
	rand_scalar(&o, da);
	CHECK(tpm2_ecc_mul(curve, da, xb, yb, zx, zy) == -EINVAL,
	      "point off the curve");
	ossl_free(&o);
	return 0;
}

/* A point (x, y) with x tiny, so x + p still fits in the curve size */
static int small_x_point(struct ossl *o, u8 *x, u8 *y)
{
	BIGNUM *a = BN_new(), *b = BN_new(), *bx = BN_new(), *by = BN_new();
	EC_POINT *pt = EC_POINT_new(o->g);
	int i, ret = -1;

	EC_GROUP_get_curve(o->g, NULL, a, b, o->bc);
	for (i = 1; i < 100; i++) {
		BN_set_word(bx, (BN_ULONG)i);
		ERR_set_mark();
		if (EC_POINT_set_compressed_coordinates(o->g, pt, bx, 0,
							o->bc)) {
			ERR_pop_to_mark();
			EC_POINT_get_affine_coordinates(o->g, pt, bx, by,
							o->bc);
			bn_out(bx, x, o->len);
			bn_out(by, y, o->len);
			ret = 0;
			break;
		}
		ERR_pop_to_mark();
	}
	EC_POINT_free(pt);
	BN_free(a);
	BN_free(b);
	BN_free(bx);
	BN_free(by);
	return ret;
}

static int test_point_check(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], x2[MAXB], y2[MAXB];
	struct ossl o;
	BIGNUM *t;
	unsigned int i;

	ossl_init(&o, curve);
	d[0] = 0;
	memset(d, 0, sizeof(d));
	d[o.len - 1] = 1;
	ossl_mul(&o, d, NULL, NULL, x, y);	/* G */
	CHECK(!tpm2_ecc_point_check(curve, x, y), "G rejected");
	for (i = 0; i < o.len * 8; i += 5) {
		memcpy(x2, x, o.len);
		x2[i / 8] ^= (u8)(1 << (i % 8));
		CHECK(tpm2_ecc_point_check(curve, x2, y) == -EINVAL,
		      "G with x bit %u flipped accepted", i);
		memcpy(y2, y, o.len);
		y2[i / 8] ^= (u8)(1 << (i % 8));
		CHECK(tpm2_ecc_point_check(curve, x, y2) == -EINVAL,
		      "G with y bit %u flipped accepted", i);
	}
	/* -G = (x, p - y) is on the curve */
	t = bn_in(y, o.len);
	BN_sub(t, o.p, t);
	bn_out(t, y2, o.len);
	CHECK(!tpm2_ecc_point_check(curve, x, y2), "-G rejected");
	/* y + p or p - y + p: congruent, not reduced */
	BN_add(t, t, o.p);
	if (BN_num_bytes(t) <= (int)o.len) {
		bn_out(t, y2, o.len);
		CHECK(tpm2_ecc_point_check(curve, x, y2) == -EINVAL,
		      "y >= p accepted");
	}
	BN_free(t);
	/* x + p for a point with a small x */
	CHECK(!small_x_point(&o, x2, y2), "no point with a small x");
	CHECK(!tpm2_ecc_point_check(curve, x2, y2), "small-x point rejected");
	t = bn_in(x2, o.len);
	BN_add(t, t, o.p);
	CHECK(BN_num_bytes(t) <= (int)o.len, "x + p too long");
	bn_out(t, x2, o.len);
	BN_free(t);
	CHECK(tpm2_ecc_point_check(curve, x2, y2) == -EINVAL,
	      "x >= p accepted");
	/* x = p, all ones, zero */
	bn_out(o.p, x2, o.len);
	CHECK(tpm2_ecc_point_check(curve, x2, y) == -EINVAL, "x = p");
	CHECK(tpm2_ecc_point_check(curve, x, x2) == -EINVAL, "y = p");
	memset(x2, 0xff, sizeof(x2));
	CHECK(tpm2_ecc_point_check(curve, x2, x2) == -EINVAL, "all ones");
	memset(x2, 0, sizeof(x2));
	CHECK(tpm2_ecc_point_check(curve, x2, x2) == -EINVAL, "(0, 0)");
	/* random public keys */
	for (i = 0; i < 8; i++) {
		rand_scalar(&o, d);
		ossl_mul(&o, d, NULL, NULL, x, y);
		CHECK(!tpm2_ecc_point_check(curve, x, y),
		      "OpenSSL's public key rejected");
	}
	ossl_free(&o);
	return 0;
}

/* A deterministic stream: byte i = ecc_vec_stream(start + i) */
struct stream {
	size_t pos, drawn;
	u8 start;
	int fail;
	int cancel;
};

static int stream_fill(void *priv, u8 *buf, size_t len)
{
	struct stream *st = priv;
	size_t i;

	if (st->fail)
		return st->fail;
	for (i = 0; i < len; i++)
		buf[i] = ecc_vec_stream(st->pos++) ^ st->start;
	st->drawn += len;
	return 0;
}

static bool stream_cancelled(void *priv)
{
	struct stream *st = priv;

	return st->cancel;
}

static int test_generate(u16 curve)
{
	u8 d[MAXB], x[MAXB], y[MAXB], d2[MAXB], x2[MAXB], y2[MAXB];
	u8 ox[MAXB], oy[MAXB], raw[MAXB + 8];
	struct stream st = { 0 };
	struct tpm2_bn_rng rng = { stream_fill, stream_cancelled, &st };
	BIGNUM *c, *m, *r;
	struct ossl o;
	size_t i;
	int ret, round;

	ossl_init(&o, curve);
	m = BN_dup(o.n);
	BN_sub_word(m, 1);
	r = BN_new();
	for (round = 0; round < 16; round++) {
		memset(&st, 0, sizeof(st));
		st.start = (u8)(round * 0x4b);
		ret = tpm2_ecc_generate(curve, &rng, d, x, y);
		CHECK(!ret, "generate: %d", ret);
		CHECK(st.drawn == o.len + 8, "drew %zu bytes", st.drawn);
		/* d = c mod (n - 1) + 1, by OpenSSL */
		for (i = 0; i < o.len + 8; i++)
			raw[i] = ecc_vec_stream(i) ^ st.start;
		c = bn_in(raw, o.len + 8);
		BN_mod(r, c, m, o.bc);
		BN_add_word(r, 1);
		bn_out(r, ox, o.len);
		BN_free(c);
		CHECK(!memcmp(d, ox, o.len), "d != c mod (n-1) + 1");
		CHECK(!ossl_mul(&o, d, NULL, NULL, ox, oy), "OpenSSL mul");
		CHECK(!memcmp(x, ox, o.len) && !memcmp(y, oy, o.len),
		      "Q != d*G");
		/* the same stream again: the same key */
		st.pos = 0;
		st.drawn = 0;
		ret = tpm2_ecc_generate(curve, &rng, d2, x2, y2);
		CHECK(!ret, "generate again: %d", ret);
		CHECK(!memcmp(d, d2, o.len) && !memcmp(x, x2, o.len) &&
		      !memcmp(y, y2, o.len), "not deterministic");
		/* the stream continued: another key */
		ret = tpm2_ecc_generate(curve, &rng, d2, x2, y2);
		CHECK(!ret && memcmp(d, d2, o.len), "same key twice");
	}
	/* errors of the stream are passed on; cancellation stops it */
	st.fail = -EIO;
	CHECK(tpm2_ecc_generate(curve, &rng, d, x, y) == -EIO, "fill error");
	st.fail = 0;
	st.cancel = 1;
	CHECK(tpm2_ecc_generate(curve, &rng, d, x, y) == -ECANCELED,
	      "cancel");
	rng.cancelled = NULL;
	CHECK(!tpm2_ecc_generate(curve, &rng, d, x, y), "no cancelled()");
	BN_free(m);
	BN_free(r);
	ossl_free(&o);
	return 0;
}

/* The vectors of kernel/tests/ecc_vectors.h: OpenSSL and the engine */
static int test_vectors(u16 curve)
{
	const u8 *vd, *vqx, *vqy, *gd, *gqx, *gqy, *sr, *ss, *dig;
	u8 d[MAXB], x[MAXB], y[MAXB];
	struct stream st = { 0 };
	struct tpm2_bn_rng rng = { stream_fill, NULL, &st };
	size_t dlen;
	struct ossl o;
	EC_KEY *k;

	ossl_init(&o, curve);
	if (curve == P256) {
		vd = ecc_vec_p256_d, vqx = ecc_vec_p256_qx;
		vqy = ecc_vec_p256_qy, gd = ecc_vec_p256_gen_d;
		gqx = ecc_vec_p256_gen_qx, gqy = ecc_vec_p256_gen_qy;
		sr = ecc_vec_p256_sig_r, ss = ecc_vec_p256_sig_s;
		dig = ecc_vec_p256_digest;
		dlen = sizeof(ecc_vec_p256_digest);
	} else {
		vd = ecc_vec_p384_d, vqx = ecc_vec_p384_qx;
		vqy = ecc_vec_p384_qy, gd = ecc_vec_p384_gen_d;
		gqx = ecc_vec_p384_gen_qx, gqy = ecc_vec_p384_gen_qy;
		sr = ecc_vec_p384_sig_r, ss = ecc_vec_p384_sig_s;
		dig = ecc_vec_p384_digest;
		dlen = sizeof(ecc_vec_p384_digest);
	}
	/* the vectors themselves, by OpenSSL */
	CHECK(!ossl_mul(&o, vd, NULL, NULL, x, y) &&
	      !memcmp(x, vqx, o.len) && !memcmp(y, vqy, o.len),
	      "vector d -> Q wrong by OpenSSL");
	CHECK(!ossl_mul(&o, gd, NULL, NULL, x, y) &&
	      !memcmp(x, gqx, o.len) && !memcmp(y, gqy, o.len),
	      "vector gen_d -> Q wrong by OpenSSL");
	k = ossl_key(&o, NULL, vqx, vqy);
	CHECK(ossl_verify(&o, k, dig, dlen, sr, ss) == 1,
	      "vector signature wrong by OpenSSL");
	EC_KEY_free(k);
	/* the engine */
	CHECK(!tpm2_ecc_public(curve, vd, x, y) && !memcmp(x, vqx, o.len) &&
	      !memcmp(y, vqy, o.len), "engine d -> Q differs");
	CHECK(!tpm2_ecdsa_verify(curve, vqx, vqy, dig, dlen, sr, o.len, ss,
				 o.len), "engine rejects the vector signature");
	CHECK(!tpm2_ecc_generate(curve, &rng, d, x, y), "generate");
	CHECK(!memcmp(d, gd, o.len) && !memcmp(x, gqx, o.len) &&
	      !memcmp(y, gqy, o.len), "engine generate differs");
	ossl_free(&o);
	return 0;
}

int main(void)
{
	static const u16 curves[] = { P256, P384 };
	unsigned int i;

	/* results survive a sanitizer's abort */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < 2; i++) {
		u16 c = curves[i];

		run("bytes", test_bytes, c);
		run("vectors", test_vectors, c);
		run("public", test_public, c);
		run("edges", test_edges, c);
		run("point_check", test_point_check, c);
		run("sign", test_sign, c);
		run("verify", test_verify, c);
		run("verify_range", test_verify_range, c);
		run("ecdh", test_ecdh, c);
		run("generate", test_generate, c);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
