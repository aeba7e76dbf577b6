// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-256 and P-384 on the engine's big numbers.
 *
 * Field elements live in Montgomery form modulo p (struct tpm2_bn_mont);
 * points in homogeneous projective coordinates (X:Y:Z), x = X/Z, y = Y/Z,
 * with the point at infinity (0:1:0). Additions and doublings use the
 * complete formulas for a = -3 of Renes, Costello and Batina ("Complete
 * addition formulas for prime order elliptic curves", 2016, algorithms 4
 * and 6): they are correct for every pair of inputs, the point at infinity
 * and equal points included, so a scalar multiplication needs no branch on
 * its intermediate values.
 *
 * Secret scalars go through a fixed 4-bit window: 16 table entries, four
 * doublings and one addition per window, each entry fetched by a masked
 * scan of the whole table. Verification (public values only) uses a plain
 * variable-time Shamir double-and-add.
 */
#include "ecc.h"
#include "public.h"

#define ECC_LIMBS	TPM2E_BN_LIMBS(TPM2E_ECC_MAX_BYTES)
#define ECC_WBITS	4
#define ECC_TABLE	BIT(ECC_WBITS)
/* Extra random bits of FIPS 186-4 B.4.1 / B.5.1 */
#define ECC_EXTRA_BYTES	8
/* Signing attempts before giving up (each fails with probability ~2^-256) */
#define ECC_SIGN_TRIES	16

struct ecc_curve {
	u16 id;
	u8 bytes;
	const u8 *p, *b, *gx, *gy, *n;
};

/* FIPS 186-4 D.1.2.3 and SEC 2 2.4.2: P-256 (a = -3) */
static const u8 p256_p[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const u8 p256_b[32] = {
	0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7,
	0xb3, 0xeb, 0xbd, 0x55, 0x76, 0x98, 0x86, 0xbc,
	0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53, 0xb0, 0xf6,
	0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2, 0x60, 0x4b,
};

static const u8 p256_gx[32] = {
	0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47,
	0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
	0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0,
	0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
};

static const u8 p256_gy[32] = {
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b,
	0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
	0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce,
	0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static const u8 p256_n[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/* FIPS 186-4 D.1.2.4 and SEC 2 2.5.1: P-384 (a = -3) */
static const u8 p384_p[48] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
};

static const u8 p384_b[48] = {
	0xb3, 0x31, 0x2f, 0xa7, 0xe2, 0x3e, 0xe7, 0xe4,
	0x98, 0x8e, 0x05, 0x6b, 0xe3, 0xf8, 0x2d, 0x19,
	0x18, 0x1d, 0x9c, 0x6e, 0xfe, 0x81, 0x41, 0x12,
	0x03, 0x14, 0x08, 0x8f, 0x50, 0x13, 0x87, 0x5a,
	0xc6, 0x56, 0x39, 0x8d, 0x8a, 0x2e, 0xd1, 0x9d,
	0x2a, 0x85, 0xc8, 0xed, 0xd3, 0xec, 0x2a, 0xef,
};

static const u8 p384_gx[48] = {
	0xaa, 0x87, 0xca, 0x22, 0xbe, 0x8b, 0x05, 0x37,
	0x8e, 0xb1, 0xc7, 0x1e, 0xf3, 0x20, 0xad, 0x74,
	0x6e, 0x1d, 0x3b, 0x62, 0x8b, 0xa7, 0x9b, 0x98,
	0x59, 0xf7, 0x41, 0xe0, 0x82, 0x54, 0x2a, 0x38,
	0x55, 0x02, 0xf2, 0x5d, 0xbf, 0x55, 0x29, 0x6c,
	0x3a, 0x54, 0x5e, 0x38, 0x72, 0x76, 0x0a, 0xb7,
};

static const u8 p384_gy[48] = {
	0x36, 0x17, 0xde, 0x4a, 0x96, 0x26, 0x2c, 0x6f,
	0x5d, 0x9e, 0x98, 0xbf, 0x92, 0x92, 0xdc, 0x29,
	0xf8, 0xf4, 0x1d, 0xbd, 0x28, 0x9a, 0x14, 0x7c,
	0xe9, 0xda, 0x31, 0x13, 0xb5, 0xf0, 0xb8, 0xc0,
	0x0a, 0x60, 0xb1, 0xce, 0x1d, 0x7e, 0x81, 0x9d,
	0x7a, 0x43, 0x1d, 0x7c, 0x90, 0xea, 0x0e, 0x5f,
};

static const u8 p384_n[48] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
	0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
	0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

static const struct ecc_curve ecc_curves[] = {
	{ TPM2E_ECC_NIST_P256, 32, p256_p, p256_b, p256_gx, p256_gy, p256_n },
	{ TPM2E_ECC_NIST_P384, 48, p384_p, p384_b, p384_gx, p384_gy, p384_n },
};

struct ecc_pt {
	u64 x[ECC_LIMBS];
	u64 y[ECC_LIMBS];
	u64 z[ECC_LIMBS];
};

/*
 * All working state of one operation, on the heap: the two Montgomery
 * contexts alone are some 2 KiB, and most of the rest is secret.
 */
struct ecc_ctx {
	const struct ecc_curve *cv;
	u32 nl;				/* limbs of p and n */
	struct tpm2_bn_mont fp;		/* modulo p */
	struct tpm2_bn_mont fn;		/* modulo n */
	u64 p[ECC_LIMBS], n[ECC_LIMBS];
	u64 pm2[ECC_LIMBS], nm2[ECC_LIMBS];	/* Fermat exponents */
	u64 nm1[ECC_LIMBS];
	u64 b[ECC_LIMBS];		/* b, Montgomery form */
	u64 one[ECC_LIMBS];		/* 1, Montgomery form */
	struct ecc_pt g;		/* the generator, Montgomery form */
	/* Scratch of the point formulas: t0..t4, X3, Y3, Z3 */
	u64 t[8][ECC_LIMBS];
	struct ecc_pt tab[ECC_TABLE];
	struct ecc_pt acc, sel, q;
	/* Scalars and other numbers of the caller's operation */
	u64 k[ECC_LIMBS], u[ECC_LIMBS], v[ECC_LIMBS], w[ECC_LIMBS];
	u64 c[ECC_LIMBS + 1];
	u8 rnd[TPM2E_ECC_MAX_BYTES + ECC_EXTRA_BYTES];
};

/* All ones when @v (0 or 1, or 0 or all ones) is set, else 0 */
static inline u64 ecc_mask(u64 v)
{
	return 0 - (v & 1);
}

/* All ones when @a == @b, else 0; constant time */
static inline u64 ecc_eq_mask(u64 a, u64 b)
{
	u64 d = a ^ b;

	return ecc_mask(~(d | (0 - d)) >> 63);
}

static const struct ecc_curve *ecc_curve(u16 curve)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ecc_curves); i++)
		if (ecc_curves[i].id == curve)
			return &ecc_curves[i];
	return NULL;
}

/**
 * tpm2_ecc_bytes() - size of a curve's coordinates and scalars
 * @curve: TPM_ECC_CURVE
 *
 * Return: 32 for TPM_ECC_NIST_P256, 48 for TPM_ECC_NIST_P384, 0 for a
 * curve the engine does not implement.
 */
unsigned int tpm2_ecc_bytes(u16 curve)
{
	const struct ecc_curve *cv = ecc_curve(curve);

	return cv ? cv->bytes : 0;
}

/**
 * tpm2_ecc_domain() - the domain parameters of a curve (TPM2_ECC_Parameters)
 * @curve: TPM_ECC_CURVE
 * @dom: out: p, a, b, G, n and h
 *
 * Return: 0, or -EINVAL for a curve the engine does not implement.
 */
int tpm2_ecc_domain(u16 curve, struct tpm2_ecc_domain *dom)
{
	const struct ecc_curve *cv = ecc_curve(curve);
	unsigned int i, borrow = 3;

	if (!cv)
		return -EINVAL;
	memset(dom, 0, sizeof(*dom));
	dom->bytes = cv->bytes;
	memcpy(dom->p, cv->p, cv->bytes);
	memcpy(dom->b, cv->b, cv->bytes);
	memcpy(dom->gx, cv->gx, cv->bytes);
	memcpy(dom->gy, cv->gy, cv->bytes);
	memcpy(dom->n, cv->n, cv->bytes);
	/* a = -3 mod p, i.e. p - 3, the big-endian subtraction by hand */
	for (i = cv->bytes; i-- > 0;) {
		unsigned int v = cv->p[i];

		dom->a[i] = (u8)(v - borrow);
		borrow = v < borrow;
	}
	/* Both curves have prime order: cofactor 1 */
	dom->h = 1;
	return 0;
}

static void fe_mul(struct ecc_ctx *c, u64 *r, const u64 *a, const u64 *b)
{
	tpm2_bn_mont_mul(&c->fp, r, a, b);
}

static void fe_add(struct ecc_ctx *c, u64 *r, const u64 *a, const u64 *b)
{
	tpm2_bn_mod_add(&c->fp, r, a, b);
}

static void fe_sub(struct ecc_ctx *c, u64 *r, const u64 *a, const u64 *b)
{
	tpm2_bn_mod_sub(&c->fp, r, a, b);
}

static void pt_copy(struct ecc_ctx *c, struct ecc_pt *r,
		    const struct ecc_pt *a)
{
	memcpy(r, a, sizeof(*r));
}

static void pt_set_inf(struct ecc_ctx *c, struct ecc_pt *r)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->y, c->one, c->nl * sizeof(u64));
}

/*
 * r = a + b, complete (RCB 2016, algorithm 4: 12M + 2 mul by b + 29 add).
 * @r may be @a or @b.
 */
static void pt_add(struct ecc_ctx *c, struct ecc_pt *r,
		   const struct ecc_pt *a, const struct ecc_pt *b)
{
	u64 *t0 = c->t[0], *t1 = c->t[1], *t2 = c->t[2], *t3 = c->t[3];
	u64 *t4 = c->t[4], *x3 = c->t[5], *y3 = c->t[6], *z3 = c->t[7];
	u32 sz = c->nl * sizeof(u64);

	fe_mul(c, t0, a->x, b->x);
	fe_mul(c, t1, a->y, b->y);
	fe_mul(c, t2, a->z, b->z);
	fe_add(c, t3, a->x, a->y);
	fe_add(c, t4, b->x, b->y);
	fe_mul(c, t3, t3, t4);
	fe_add(c, t4, t0, t1);
	fe_sub(c, t3, t3, t4);		/* X1 Y2 + X2 Y1 */
	fe_add(c, t4, a->y, a->z);
	fe_add(c, x3, b->y, b->z);
	fe_mul(c, t4, t4, x3);
	fe_add(c, x3, t1, t2);
	fe_sub(c, t4, t4, x3);		/* Y1 Z2 + Y2 Z1 */
	fe_add(c, x3, a->x, a->z);
	fe_add(c, y3, b->x, b->z);
	fe_mul(c, x3, x3, y3);
	fe_add(c, y3, t0, t2);
	fe_sub(c, y3, x3, y3);		/* X1 Z2 + X2 Z1 */
	fe_mul(c, z3, c->b, t2);
	fe_sub(c, x3, y3, z3);
	fe_add(c, z3, x3, x3);
	fe_add(c, x3, x3, z3);
	fe_sub(c, z3, t1, x3);
	fe_add(c, x3, t1, x3);
	fe_mul(c, y3, c->b, y3);
	fe_add(c, t1, t2, t2);
	fe_add(c, t2, t1, t2);
	fe_sub(c, y3, y3, t2);
	fe_sub(c, y3, y3, t0);
	fe_add(c, t1, y3, y3);
	fe_add(c, y3, t1, y3);
	fe_add(c, t1, t0, t0);
	fe_add(c, t0, t1, t0);
	fe_sub(c, t0, t0, t2);
	fe_mul(c, t1, t4, y3);
	fe_mul(c, t2, t0, y3);
	fe_mul(c, y3, x3, z3);
	fe_add(c, y3, y3, t2);
	fe_mul(c, x3, t3, x3);
	fe_sub(c, x3, x3, t1);
	fe_mul(c, z3, t4, z3);
	fe_mul(c, t1, t3, t0);
	fe_add(c, z3, z3, t1);
	memcpy(r->x, x3, sz);
	memcpy(r->y, y3, sz);
	memcpy(r->z, z3, sz);
}

/*
 * r = 2a, complete (RCB 2016, algorithm 6: 8M + 3S + 2 mul by b + 21 add).
 * @r may be @a.
 */
static void pt_dbl(struct ecc_ctx *c, struct ecc_pt *r,
		   const struct ecc_pt *a)
{
	u64 *t0 = c->t[0], *t1 = c->t[1], *t2 = c->t[2], *t3 = c->t[3];
	u64 *x3 = c->t[5], *y3 = c->t[6], *z3 = c->t[7];
	u32 sz = c->nl * sizeof(u64);

	fe_mul(c, t0, a->x, a->x);
	fe_mul(c, t1, a->y, a->y);
	fe_mul(c, t2, a->z, a->z);
	fe_mul(c, t3, a->x, a->y);
	fe_add(c, t3, t3, t3);
	fe_mul(c, z3, a->x, a->z);
	fe_add(c, z3, z3, z3);
	fe_mul(c, y3, c->b, t2);
	fe_sub(c, y3, y3, z3);
	fe_add(c, x3, y3, y3);
	fe_add(c, y3, x3, y3);
	fe_sub(c, x3, t1, y3);
	fe_add(c, y3, t1, y3);
	fe_mul(c, y3, x3, y3);
	fe_mul(c, x3, x3, t3);
	fe_add(c, t3, t2, t2);
	fe_add(c, t2, t2, t3);
	fe_mul(c, z3, c->b, z3);
	fe_sub(c, z3, z3, t2);
	fe_sub(c, z3, z3, t0);
	fe_add(c, t3, z3, z3);
	fe_add(c, z3, z3, t3);
	fe_add(c, t3, t0, t0);
	fe_add(c, t0, t3, t0);
	fe_sub(c, t0, t0, t2);
	fe_mul(c, t0, t0, z3);
	fe_add(c, y3, y3, t0);
	fe_mul(c, t0, a->y, a->z);
	fe_add(c, t0, t0, t0);
	fe_mul(c, z3, t0, z3);
	fe_sub(c, x3, x3, z3);
	fe_mul(c, z3, t0, t1);
	fe_add(c, z3, z3, z3);
	fe_add(c, z3, z3, z3);
	memcpy(r->x, x3, sz);
	memcpy(r->y, y3, sz);
	memcpy(r->z, z3, sz);
}

/* c->sel = c->tab[idx], reading every entry; constant time in @idx */
static void pt_lookup(struct ecc_ctx *c, u64 idx)
{
	unsigned int j;
	u64 m;

	memset(&c->sel, 0, sizeof(c->sel));
	for (j = 0; j < ECC_TABLE; j++) {
		m = ecc_eq_mask(idx, j);
		tpm2_bn_select(c->sel.x, c->tab[j].x, c->sel.x, c->nl, m);
		tpm2_bn_select(c->sel.y, c->tab[j].y, c->sel.y, c->nl, m);
		tpm2_bn_select(c->sel.z, c->tab[j].z, c->sel.z, c->nl, m);
	}
}

/*
 * c->acc = k * a for a secret scalar @k of c->nl limbs: a fixed 4-bit
 * window; the same operations and memory accesses for every @k.
 */
static void pt_mul_ct(struct ecc_ctx *c, const struct ecc_pt *a,
		      const u64 *k)
{
	int i, j, nw = c->nl * 64 / ECC_WBITS;
	unsigned int t;
	u64 w;

	pt_set_inf(c, &c->tab[0]);
	pt_copy(c, &c->tab[1], a);
	for (t = 2; t < ECC_TABLE; t++) {
		if (t & 1)
			pt_add(c, &c->tab[t], &c->tab[t - 1], a);
		else
			pt_dbl(c, &c->tab[t], &c->tab[t / 2]);
	}

	pt_set_inf(c, &c->acc);
	for (i = nw - 1; i >= 0; i--) {
		if (i != nw - 1)
			for (j = 0; j < ECC_WBITS; j++)
				pt_dbl(c, &c->acc, &c->acc);
		w = (k[i / 16] >> ((i % 16) * ECC_WBITS)) & (ECC_TABLE - 1);
		pt_lookup(c, w);
		pt_add(c, &c->acc, &c->acc, &c->sel);
	}
}

static u64 pt_bit(const u64 *k, int i)
{
	return (k[i / 64] >> (i % 64)) & 1;
}

/*
 * c->acc = u1 * G + u2 * c->q for public scalars: Shamir's trick, one
 * doubling per bit and an addition where either bit is set. Variable time.
 */
static void pt_mul2_vartime(struct ecc_ctx *c, const u64 *u1, const u64 *u2)
{
	bool started = false;
	unsigned int idx;
	int i;

	pt_copy(c, &c->tab[1], &c->g);
	pt_copy(c, &c->tab[2], &c->q);
	pt_add(c, &c->tab[3], &c->g, &c->q);
	pt_set_inf(c, &c->acc);
	for (i = c->nl * 64 - 1; i >= 0; i--) {
		if (started)
			pt_dbl(c, &c->acc, &c->acc);
		idx = pt_bit(u1, i) | pt_bit(u2, i) << 1;
		if (idx) {
			pt_add(c, &c->acc, &c->acc, &c->tab[idx]);
			started = true;
		}
	}
}

/*
 * Affine coordinates of @a, as plain (not Montgomery) numbers, x = X/Z and
 * y = Y/Z with 1/Z = Z^(p-2): constant time unless @vartime. Sets
 * *@inf to all ones when @a is the point at infinity (x and y then 0).
 */
static int pt_affine(struct ecc_ctx *c, u64 *x, u64 *y,
		     const struct ecc_pt *a, bool vartime, u64 *inf)
{
	u64 *zn = c->t[0], *zi = c->t[1];
	int ret;

	tpm2_bn_from_mont(&c->fp, zn, a->z);
	if (vartime)
		ret = tpm2_bn_mod_exp_vartime(&c->fp, zi, zn, c->pm2, c->nl);
	else
		ret = tpm2_bn_mod_exp(&c->fp, zi, zn, c->pm2, c->nl);
	if (ret)
		return ret;
	tpm2_bn_mont_mul(&c->fp, x, a->x, zi);
	tpm2_bn_mont_mul(&c->fp, y, a->y, zi);
	*inf = ecc_mask(tpm2_bn_is_zero(a->z, c->nl));
	return 0;
}

static void ecc_ctx_free(struct ecc_ctx *c)
{
	tpm2_plat_free_sensitive(c, sizeof(*c));
}

static int ecc_ctx_new(u16 curve, struct ecc_ctx **out)
{
	const struct ecc_curve *cv = ecc_curve(curve);
	u64 small[ECC_LIMBS] = { 0 };
	struct ecc_ctx *c;
	u32 nl;
	int ret;

	*out = NULL;
	if (!cv)
		return -EINVAL;
	c = tpm2_plat_zalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->cv = cv;
	nl = TPM2E_BN_LIMBS(cv->bytes);
	c->nl = nl;
	ret = tpm2_bn_from_bytes(c->p, nl, cv->p, cv->bytes);
	if (!ret)
		ret = tpm2_bn_from_bytes(c->n, nl, cv->n, cv->bytes);
	if (!ret)
		ret = tpm2_bn_mont_init(&c->fp, c->p, nl);
	if (!ret)
		ret = tpm2_bn_mont_init(&c->fn, c->n, nl);
	if (ret)
		goto fail;

	small[0] = 1;
	tpm2_bn_sub(c->nm1, c->n, small, nl);
	tpm2_bn_to_mont(&c->fp, c->one, small);
	small[0] = 2;
	tpm2_bn_sub(c->pm2, c->p, small, nl);
	tpm2_bn_sub(c->nm2, c->n, small, nl);

	ret = tpm2_bn_from_bytes(c->u, nl, cv->b, cv->bytes);
	if (!ret)
		ret = tpm2_bn_from_bytes(c->v, nl, cv->gx, cv->bytes);
	if (!ret)
		ret = tpm2_bn_from_bytes(c->w, nl, cv->gy, cv->bytes);
	if (ret)
		goto fail;
	tpm2_bn_to_mont(&c->fp, c->b, c->u);
	tpm2_bn_to_mont(&c->fp, c->g.x, c->v);
	tpm2_bn_to_mont(&c->fp, c->g.y, c->w);
	memcpy(c->g.z, c->one, nl * sizeof(u64));
	*out = c;
	return 0;

fail:
	ecc_ctx_free(c);
	return ret;
}

/*
 * @pt = (@x, @y) in Montgomery form, Z = 1, if both coordinates are below
 * p and the point is on y^2 = x^3 - 3x + b. Public values: variable time.
 */
static int ecc_load_point(struct ecc_ctx *c, struct ecc_pt *pt, const u8 *x,
			  const u8 *y)
{
	u64 *t0 = c->t[0], *t1 = c->t[1], *t2 = c->t[2];
	u32 nl = c->nl;

	if (tpm2_bn_from_bytes(t0, nl, x, c->cv->bytes) ||
	    tpm2_bn_from_bytes(t1, nl, y, c->cv->bytes))
		return -EINVAL;
	if (!ecc_mask(tpm2_bn_lt(t0, c->p, nl)) ||
	    !ecc_mask(tpm2_bn_lt(t1, c->p, nl)))
		return -EINVAL;
	tpm2_bn_to_mont(&c->fp, pt->x, t0);
	tpm2_bn_to_mont(&c->fp, pt->y, t1);
	memcpy(pt->z, c->one, nl * sizeof(u64));

	fe_mul(c, t0, pt->y, pt->y);
	fe_mul(c, t1, pt->x, pt->x);
	fe_mul(c, t1, t1, pt->x);
	fe_add(c, t2, pt->x, pt->x);
	fe_add(c, t2, t2, pt->x);
	fe_sub(c, t1, t1, t2);
	fe_add(c, t1, t1, c->b);
	if (memcmp(t0, t1, nl * sizeof(u64)))
		return -EINVAL;
	return 0;
}

/* @k = @buf (curve size); all ones when 0 < @k < n. Constant time. */
static u64 ecc_load_scalar(struct ecc_ctx *c, u64 *k, const u8 *buf)
{
	if (tpm2_bn_from_bytes(k, c->nl, buf, c->cv->bytes))
		return 0;
	return ~ecc_mask(tpm2_bn_is_zero(k, c->nl)) &
	       ecc_mask(tpm2_bn_lt(k, c->n, c->nl));
}

/*
 * @k = c mod (n - 1) + 1, c the curve size + 8 bytes of c->rnd: a scalar
 * in [1, n-1] with a bias below 2^-64 (FIPS 186-4 B.4.1). Constant time.
 */
static int ecc_scalar_from_rnd(struct ecc_ctx *c, u64 *k)
{
	u64 one[ECC_LIMBS] = { 1 };
	int ret;

	ret = tpm2_bn_from_bytes(c->c, c->nl + 1, c->rnd,
				 c->cv->bytes + ECC_EXTRA_BYTES);
	if (!ret)
		ret = tpm2_bn_mod(k, c->nl, c->c, c->nl + 1, c->nm1);
	if (ret)
		return ret;
	tpm2_bn_add(k, k, one, c->nl);
	return 0;
}

/*
 * @e = the leftmost bits of @digest, as many as n has (the curve size in
 * bytes: n of P-256 and P-384 has 8 * bytes bits), reduced mod n.
 */
static int ecc_digest(struct ecc_ctx *c, u64 *e, const u8 *digest,
		      size_t len)
{
	u64 *raw = c->t[0];
	int ret = 0;

	if (len > c->cv->bytes)
		len = c->cv->bytes;
	memset(raw, 0, sizeof(c->t[0]));
	if (len)
		ret = tpm2_bn_from_bytes(raw, c->nl, digest, len);
	if (!ret)
		ret = tpm2_bn_mod(e, c->nl, raw, c->nl, c->n);
	return ret;
}

/* c->acc = @k * @a; its affine coordinates out as bytes; -EINVAL if O */
static int ecc_mul_out(struct ecc_ctx *c, const struct ecc_pt *a,
		       const u64 *k, u8 *x, u8 *y)
{
	u64 inf;
	int ret;

	pt_mul_ct(c, a, k);
	ret = pt_affine(c, c->u, c->v, &c->acc, false, &inf);
	if (ret)
		return ret;
	if (inf)
		return -EINVAL;
	tpm2_bn_to_bytes(c->u, c->nl, x, c->cv->bytes);
	tpm2_bn_to_bytes(c->v, c->nl, y, c->cv->bytes);
	return 0;
}

/**
 * tpm2_ecc_generate() - make a key pair
 * @curve: TPM_ECC_CURVE
 * @rng: source of the random bits; (curve size + 8) bytes are drawn from
 *	it, so the same stream gives the same key
 * @d: out: private scalar, curve-size big-endian bytes, in [1, n-1]
 * @x: out: public point's x, curve-size bytes; NULL with @y for the
 *	scalar alone (a private key re-derived from a known stream)
 * @y: out: public point's y, curve-size bytes, or NULL
 *
 * d = c mod (n - 1) + 1 for c of bits(n) + 64 random bits (FIPS 186-4
 * B.4.1), Q = dG. Constant time in d.
 *
 * Return: 0, -EINVAL for an unknown curve, -ECANCELED when @rng says so,
 * -ENOMEM, or the error of @rng->fill.
 */
int tpm2_ecc_generate(u16 curve, const struct tpm2_bn_rng *rng, u8 *d,
		      u8 *x, u8 *y)
{
	struct ecc_ctx *c;
	int ret;

	if (!rng || !rng->fill)
		return -EINVAL;
	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	if (rng->cancelled && rng->cancelled(rng->priv)) {
		ret = -ECANCELED;
		goto out;
	}
	ret = rng->fill(rng->priv, c->rnd, c->cv->bytes + ECC_EXTRA_BYTES);
	if (!ret)
		ret = ecc_scalar_from_rnd(c, c->k);
	if (!ret && x && y)
		ret = ecc_mul_out(c, &c->g, c->k, x, y);
	if (!ret)
		tpm2_bn_to_bytes(c->k, c->nl, d, c->cv->bytes);
out:
	ecc_ctx_free(c);
	return ret;
}

/**
 * tpm2_ecc_public() - public point of a private scalar
 * @curve: TPM_ECC_CURVE
 * @d: private scalar, curve-size big-endian bytes
 * @x: out: x of dG, curve-size bytes
 * @y: out: y of dG, curve-size bytes
 *
 * Constant time in @d.
 *
 * Return: 0, -EINVAL for an unknown curve or @d not in [1, n-1], -ENOMEM.
 */
int tpm2_ecc_public(u16 curve, const u8 *d, u8 *x, u8 *y)
{
	struct ecc_ctx *c;
	int ret;

	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	if (ecc_load_scalar(c, c->k, d))
		ret = ecc_mul_out(c, &c->g, c->k, x, y);
	else
		ret = -EINVAL;
	ecc_ctx_free(c);
	return ret;
}

/**
 * tpm2_ecc_point_check() - is a point a valid public key
 * @curve: TPM_ECC_CURVE
 * @x: x coordinate, curve-size big-endian bytes
 * @y: y coordinate, curve-size big-endian bytes
 *
 * A point in affine coordinates is never the point at infinity, and the
 * curves have prime order, so a point on the curve is in the group of G.
 *
 * Return: 0 when x < p, y < p and y^2 = x^3 - 3x + b (mod p); -EINVAL
 * when not, or for an unknown curve; -ENOMEM.
 */
int tpm2_ecc_point_check(u16 curve, const u8 *x, const u8 *y)
{
	struct ecc_ctx *c;
	int ret;

	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	ret = ecc_load_point(c, &c->q, x, y);
	ecc_ctx_free(c);
	return ret;
}

/**
 * tpm2_ecc_mul() - scalar multiple of a point, for ECDH (TPM2_ECDH_ZGen)
 * @curve: TPM_ECC_CURVE
 * @d: scalar, curve-size big-endian bytes, in [1, n-1]
 * @x: x of the point, curve-size bytes
 * @y: y of the point, curve-size bytes
 * @rx: out: x of d * (@x, @y), curve-size bytes
 * @ry: out: y of d * (@x, @y), curve-size bytes
 *
 * Constant time in @d.
 *
 * Return: 0; -EINVAL for an unknown curve, a point not on the curve, @d
 * not in [1, n-1] or a result at infinity; -ENOMEM.
 */
int tpm2_ecc_mul(u16 curve, const u8 *d, const u8 *x, const u8 *y, u8 *rx,
		 u8 *ry)
{
	struct ecc_ctx *c;
	int ret;

	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	ret = ecc_load_point(c, &c->q, x, y);
	if (!ret && !ecc_load_scalar(c, c->k, d))
		ret = -EINVAL;
	if (!ret)
		ret = ecc_mul_out(c, &c->q, c->k, rx, ry);
	ecc_ctx_free(c);
	return ret;
}

/*
 * One ECDSA signing attempt with a fresh k: r = x(kG) mod n,
 * s = k^-1 (e + r d) mod n for the private scalar @d and the reduced
 * digest @e. -EAGAIN when r or s is 0. Constant time in k and @d.
 */
static int ecdsa_sign_once(struct ecc_ctx *c, const u64 *d, const u64 *e,
			   u64 *r, u64 *s)
{
	u64 *kinv = c->w, *tmp = c->t[2], inf;
	int ret;

	tpm2_plat_get_random(c->rnd, c->cv->bytes + ECC_EXTRA_BYTES);
	ret = ecc_scalar_from_rnd(c, c->k);
	if (ret)
		return ret;
	pt_mul_ct(c, &c->g, c->k);
	ret = pt_affine(c, c->u, c->v, &c->acc, false, &inf);
	if (!ret)
		ret = tpm2_bn_mod(r, c->nl, c->u, c->nl, c->n);
	if (ret)
		return ret;
	/* k is in [1, n-1]: kG is never O, r = 0 has probability ~2^-256 */
	if (inf || ecc_mask(tpm2_bn_is_zero(r, c->nl)))
		return -EAGAIN;

	ret = tpm2_bn_mod_exp(&c->fn, kinv, c->k, c->nm2, c->nl);
	if (ret)
		return ret;
	/* mont_mul(aR, b) = ab: one factor of each product in Montgomery form */
	tpm2_bn_to_mont(&c->fn, tmp, r);
	tpm2_bn_mont_mul(&c->fn, c->v, tmp, d);
	tpm2_bn_mod_add(&c->fn, c->v, c->v, e);
	tpm2_bn_to_mont(&c->fn, tmp, kinv);
	tpm2_bn_mont_mul(&c->fn, s, tmp, c->v);
	if (ecc_mask(tpm2_bn_is_zero(s, c->nl)))
		return -EAGAIN;
	return 0;
}

/**
 * tpm2_ecdsa_sign() - ECDSA signature (FIPS 186-4 6.4)
 * @curve: TPM_ECC_CURVE
 * @d: private scalar, curve-size big-endian bytes
 * @digest: the message digest; its leftmost bits(n) bits are signed
 * @digest_len: bytes in @digest, any length
 * @r: out: r, curve-size big-endian bytes
 * @s: out: s, curve-size big-endian bytes
 *
 * k is uniform in [1, n-1] (B.5.1: bits(n) + 64 bits from
 * tpm2_plat_get_random() reduced mod n - 1, plus 1). Constant time in k and
 * @d.
 *
 * Return: 0; -EINVAL for an unknown curve or @d not in [1, n-1]; -ENOMEM;
 * -EIO if no k gave a signature (never in practice).
 */
int tpm2_ecdsa_sign(u16 curve, const u8 *d, const u8 *digest,
		    size_t digest_len, u8 *r, u8 *s)
{
	u64 dk[ECC_LIMBS], e[ECC_LIMBS], rr[ECC_LIMBS], ss[ECC_LIMBS];
	struct ecc_ctx *c;
	int ret, i;

	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	if (!ecc_load_scalar(c, dk, d)) {
		ret = -EINVAL;
		goto out;
	}
	ret = ecc_digest(c, e, digest, digest_len);
	if (ret)
		goto out;
	for (i = 0; i < ECC_SIGN_TRIES; i++) {
		ret = ecdsa_sign_once(c, dk, e, rr, ss);
		if (ret != -EAGAIN)
			break;
	}
	if (ret == -EAGAIN)
		ret = -EIO;
	if (!ret) {
		tpm2_bn_to_bytes(rr, c->nl, r, c->cv->bytes);
		tpm2_bn_to_bytes(ss, c->nl, s, c->cv->bytes);
	}
out:
	tpm2_plat_zeroize(dk, sizeof(dk));
	tpm2_plat_zeroize(e, sizeof(e));
	ecc_ctx_free(c);
	return ret;
}

/*
 * A TPM2B signature component: @k = @buf, leading zeros ignored; false
 * unless 0 < @k < n.
 */
static bool ecc_load_sig(struct ecc_ctx *c, u64 *k, const u8 *buf,
			 size_t len)
{
	while (len && !*buf) {
		buf++;
		len--;
	}
	if (!len || len > c->cv->bytes)
		return false;
	if (tpm2_bn_from_bytes(k, c->nl, buf, len))
		return false;
	return ecc_mask(tpm2_bn_lt(k, c->n, c->nl));
}

/**
 * tpm2_ecdsa_verify() - check an ECDSA signature (FIPS 186-4 6.4.2)
 * @curve: TPM_ECC_CURVE
 * @x: public point's x, curve-size big-endian bytes
 * @y: public point's y, curve-size big-endian bytes
 * @digest: the message digest; its leftmost bits(n) bits were signed
 * @digest_len: bytes in @digest, any length
 * @r: r, big-endian, any length (leading zeros allowed)
 * @r_len: bytes in @r
 * @s: s, big-endian, any length (leading zeros allowed)
 * @s_len: bytes in @s
 *
 * Everything here is public: variable time.
 *
 * Return: 0 for a valid signature; -EBADMSG for an invalid one (r or s
 * not in [1, n-1] included); -EINVAL for an unknown curve or a public
 * point not on the curve; -ENOMEM.
 */
int tpm2_ecdsa_verify(u16 curve, const u8 *x, const u8 *y, const u8 *digest,
		      size_t digest_len, const u8 *r, size_t r_len,
		      const u8 *s, size_t s_len)
{
	struct ecc_ctx *c;
	u64 inf;
	int ret;

	ret = ecc_ctx_new(curve, &c);
	if (ret)
		return ret;
	ret = ecc_load_point(c, &c->q, x, y);
	if (ret)
		goto out;
	ret = -EBADMSG;
	/* c->k = r, c->w = s */
	if (!ecc_load_sig(c, c->k, r, r_len) ||
	    !ecc_load_sig(c, c->w, s, s_len))
		goto out;
	ret = ecc_digest(c, c->v, digest, digest_len);
	if (!ret)
		ret = tpm2_bn_mod_exp_vartime(&c->fn, c->u, c->w, c->nm2,
					      c->nl);
	if (ret)
		goto out;
	/* u1 = e / s in c->v, u2 = r / s in c->w */
	tpm2_bn_to_mont(&c->fn, c->t[2], c->v);
	tpm2_bn_mont_mul(&c->fn, c->v, c->t[2], c->u);
	tpm2_bn_to_mont(&c->fn, c->t[2], c->k);
	tpm2_bn_mont_mul(&c->fn, c->w, c->t[2], c->u);
	pt_mul2_vartime(c, c->v, c->w);
	ret = pt_affine(c, c->u, c->v, &c->acc, true, &inf);
	if (!ret)
		ret = tpm2_bn_mod(c->w, c->nl, c->u, c->nl, c->n);
	if (ret)
		goto out;
	if (inf || memcmp(c->w, c->k, c->nl * sizeof(u64)))
		ret = -EBADMSG;
out:
	ecc_ctx_free(c);
	return ret;
}
