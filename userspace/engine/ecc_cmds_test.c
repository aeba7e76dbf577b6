// SPDX-License-Identifier: GPL-2.0
/*
 * TPM2_ECC_Parameters, TPM2_EC_Ephemeral and TPM2_ZGen_2Phase of the
 * engine (kernel/tpm2/cmd_asym.c), seen from outside: a client written
 * with OpenSSL only. Curve parameters are checked against OpenSSL's own
 * curves; the two-phase exchange is run from the other party's side, with
 * keys OpenSSL makes, and each Z the engine returns must be the one that
 * party computes from its private keys and the engine's public points.
 *
 * Prints "PASS: ecc_cmds.name" or "FAIL: ecc_cmds.name: reason" per test,
 * then "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "engine.h"

/* ---- Constants of TPM 2.0 Part 2, written out here on purpose ---- */

#define ST_NO_SESSIONS	0x8001
#define ST_SESSIONS	0x8002

#define CC_CREATE_PRIMARY	0x0131
#define CC_STARTUP		0x0144
#define CC_SHUTDOWN		0x0145
#define CC_FLUSH		0x0165
#define CC_LOAD_EXTERNAL	0x0167
#define CC_START_AUTH_SESSION	0x0176
#define CC_ECC_PARAMETERS	0x0178
#define CC_ZGEN_2PHASE		0x018D
#define CC_EC_EPHEMERAL		0x018E

#define SU_CLEAR	0x0000
#define SU_STATE	0x0001
#define SE_POLICY	0x01

#define RH_OWNER	0x40000001
#define RH_NULL		0x40000007
#define RS_PW		0x40000009

#define ALG_HMAC	0x0005
#define ALG_AES		0x0006
#define ALG_KEYEDHASH	0x0008
#define ALG_SHA256	0x000B
#define ALG_NULL	0x0010
#define ALG_ECDSA	0x0018
#define ALG_ECDH	0x0019
#define ALG_SM2		0x001B
#define ALG_ECMQV	0x001D
#define ALG_ECC		0x0023
#define ALG_CFB		0x0043

#define ECC_NONE	0x0000
#define ECC_P192	0x0001
#define ECC_P224	0x0002
#define ECC_P256	0x0003
#define ECC_P384	0x0004
#define ECC_P521	0x0005
#define ECC_BN256	0x0010
#define ECC_SM2		0x0020

#define OA_FIXED_TPM	0x00000002
#define OA_FIXED_PARENT	0x00000010
#define OA_SENS_ORIGIN	0x00000020
#define OA_USER_WITH_AUTH 0x00000040
#define OA_NO_DA	0x00000400
#define OA_RESTRICTED	0x00010000
#define OA_DECRYPT	0x00020000
#define OA_SIGN		0x00040000

/* Response codes; format one: + RC_P or RC_H, then n << 8 */
#define RC_ATTRIBUTES	0x082
#define RC_VALUE	0x084
#define RC_SCHEME	0x092
#define RC_SIZE		0x095
#define RC_INSUFFICIENT	0x09A
#define RC_KEY		0x09C
#define RC_CURVE	0x0A6
#define RC_ECC_POINT	0x0A7
#define RC_AUTH_UNAVAILABLE 0x12F
#define RC_H		0x000
#define RC_P		0x040
#define RC_N(n)		((u32)(n) << 8)

#define MAXB	48

/* ---- Test harness ---- */

static int n_pass, n_fail;
static char why[600];

static bool fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return false;
}

#define CHECK(cond, fmt, ...) do {					\
	if (!(cond))							\
		return fail("line %d: " fmt, __LINE__, ##__VA_ARGS__);	\
} while (0)
#define CHECK_RC(expr, want) do {					\
	u32 rc_ = (expr);						\
	CHECK(rc_ == (u32)(want), "%s: rc %#x, want %#x", #expr, rc_,	\
	      (u32)(want));						\
} while (0)
#define OK(expr) CHECK_RC(expr, 0)

static void flush_live(void);

static void run(const char *name, bool (*fn)(void))
{
	bool ok;

	why[0] = 0;
	ok = fn();
	/* What a failed test left loaded would starve the next ones. */
	flush_live();
	if (ok && !why[0]) {
		printf("PASS: ecc_cmds.%s\n", name);
		n_pass++;
	} else {
		printf("FAIL: ecc_cmds.%s: %s\n", name, why[0] ? why : "failed");
		n_fail++;
	}
	fflush(stdout);
}

static void ossl_die(int line)
{
	fprintf(stderr, "ecc_cmds_test.c:%d: OpenSSL failed\n", line);
	ERR_print_errors_fp(stderr);
	exit(2);
}

#define OSSL(x) do { if (!(x)) ossl_die(__LINE__); } while (0)

/* ---- Marshaling ---- */

struct buf {
	u8 b[TPM2_MAX_COMMAND_SIZE];
	size_t n;
};

static void p8(struct buf *b, u8 v)
{
	if (b->n < sizeof(b->b))
		b->b[b->n] = v;
	b->n++;
}

static void p16(struct buf *b, u16 v)
{
	p8(b, v >> 8);
	p8(b, v);
}

static void p32(struct buf *b, u32 v)
{
	p16(b, v >> 16);
	p16(b, v);
}

static void pbytes(struct buf *b, const void *p, size_t n)
{
	const u8 *s = p;

	while (n--)
		p8(b, *s++);
}

static void p2b(struct buf *b, const void *p, u16 n)
{
	p16(b, n);
	pbytes(b, p, n);
}

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* A reader that remembers running past its end */
struct rd {
	const u8 *p;
	size_t left;
	bool bad;
};

static void rd_init(struct rd *r, const u8 *p, size_t n)
{
	r->p = p;
	r->left = n;
	r->bad = false;
}

static const u8 *g_bytes(struct rd *r, size_t n)
{
	const u8 *p = r->p;

	if (r->bad || n > r->left) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static u64 g_be(struct rd *r, int n)
{
	const u8 *p = g_bytes(r, n);
	u64 v = 0;
	int i;

	for (i = 0; p && i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static u16 g16(struct rd *r) { return g_be(r, 2); }
static u32 g32(struct rd *r) { return g_be(r, 4); }

/* A TPM2B: its bytes (NULL when malformed), size in *n */
static const u8 *g2b(struct rd *r, u16 *n)
{
	*n = g16(r);
	return g_bytes(r, *n);
}

/* ---- The engine ---- */

static struct tpm2_engine *eng;
static u8 rsp[TPM2_MAX_RESPONSE_SIZE];
static size_t rsp_len;

static void c_begin(struct buf *c, u16 tag, u32 cc, int nh, const u32 *h)
{
	int i;

	c->n = 0;
	p16(c, tag);
	p32(c, 0);
	p32(c, cc);
	for (i = 0; i < nh; i++)
		p32(c, h[i]);
}

/* A command with @nh handles, the first @npw of them with a password */
static void c_start(struct buf *c, u32 cc, int nh, const u32 *h, int npw)
{
	int i;

	c_begin(c, npw ? ST_SESSIONS : ST_NO_SESSIONS, cc, nh, h);
	if (!npw)
		return;
	p32(c, 9 * npw);
	for (i = 0; i < npw; i++) {
		p32(c, RS_PW);
		p16(c, 0);
		p8(c, 0);
		p16(c, 0);
	}
}

/* Execute @len bytes of @cmd as they are */
static u32 xraw(const u8 *cmd, size_t len)
{
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, cmd, len, rsp, sizeof(rsp), NULL);
	if (rsp_len < 10)
		return 0xFFFFFFFF;
	return (u32)rsp[6] << 24 | rsp[7] << 16 | rsp[8] << 8 | rsp[9];
}

static u32 xc(struct buf *c)
{
	if (c->n > sizeof(c->b)) {
		fprintf(stderr, "command too large\n");
		exit(2);
	}
	put32(c->b + 2, c->n);
	return xraw(c->b, c->n);
}

/* The response parameters, after @nrh response handles */
static void rsp_params(struct rd *r, int nrh)
{
	size_t at = 10 + 4 * nrh;
	struct rd h;
	u32 size;

	if (rsp_len < at) {
		rd_init(r, rsp, 0);
		r->bad = true;
		return;
	}
	if ((rsp[0] << 8 | rsp[1]) != ST_SESSIONS) {
		rd_init(r, rsp + at, rsp_len - at);
		return;
	}
	rd_init(&h, rsp + at, rsp_len - at);
	size = g32(&h);
	rd_init(r, h.p, size);
	if (h.bad || size > h.left) {
		rd_init(r, rsp, 0);
		r->bad = true;
	}
}

static u32 rsp_handle(void)
{
	return (u32)rsp[10] << 24 | rsp[11] << 16 | rsp[12] << 8 | rsp[13];
}

/* Transient objects the tests loaded and did not flush yet */
static u32 live[16];
static int n_live;

static void track(u32 h)
{
	if (n_live < (int)ARRAY_SIZE(live))
		live[n_live++] = h;
}

static void flush(u32 h)
{
	struct buf c;
	int i;

	c_start(&c, CC_FLUSH, 0, NULL, 0);
	p32(&c, h);
	xc(&c);
	for (i = 0; i < n_live; i++)
		if (live[i] == h)
			live[i] = live[--n_live];
}

static void flush_live(void)
{
	while (n_live)
		flush(live[0]);
}

static u32 startup(u16 type)
{
	struct buf c;

	c_start(&c, CC_STARTUP, 0, NULL, 0);
	p16(&c, type);
	return xc(&c);
}

static u32 shutdown(u16 type)
{
	struct buf c;

	c_start(&c, CC_SHUTDOWN, 0, NULL, 0);
	p16(&c, type);
	return xc(&c);
}

/* ---- OpenSSL's side ---- */

static int nid_of(u16 curve)
{
	return curve == ECC_P256 ? NID_X9_62_prime256v1 : NID_secp384r1;
}

static int bytes_of(u16 curve)
{
	return curve == ECC_P256 ? 32 : 48;
}

/**
 * struct party - the other party B of an exchange, or a point of the TPM's
 * @g: its curve
 * @d: private scalar (NULL for a point only)
 * @x, @y: the public point, at the curve's size
 */
struct party {
	EC_GROUP *g;
	BIGNUM *d;
	u8 x[MAXB], y[MAXB];
};

static EC_GROUP *group_of(u16 curve)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(nid_of(curve));

	OSSL(g);
	return g;
}

/* @x, @y (curve size) of @pt */
static void point_bytes(const EC_GROUP *g, const EC_POINT *pt, u8 *x, u8 *y)
{
	int size = (EC_GROUP_get_degree(g) + 7) / 8;
	BIGNUM *bx = BN_new(), *by = BN_new();

	OSSL(bx && by);
	OSSL(EC_POINT_get_affine_coordinates(g, pt, bx, by, NULL));
	OSSL(BN_bn2binpad(bx, x, size) == size);
	OSSL(BN_bn2binpad(by, y, size) == size);
	BN_free(bx);
	BN_free(by);
}

/* A key pair of B: d random in [1, n-1], Q = dG, all by OpenSSL */
static void party_new(struct party *p, u16 curve)
{
	EC_POINT *q;

	p->g = group_of(curve);
	p->d = BN_new();
	OSSL(p->d);
	do {
		OSSL(BN_rand_range(p->d, EC_GROUP_get0_order(p->g)));
	} while (BN_is_zero(p->d));
	q = EC_POINT_new(p->g);
	OSSL(q);
	OSSL(EC_POINT_mul(p->g, q, p->d, NULL, NULL, NULL));
	point_bytes(p->g, q, p->x, p->y);
	EC_POINT_free(q);
}

static void party_free(struct party *p)
{
	BN_clear_free(p->d);
	EC_GROUP_free(p->g);
}

/*
 * Is (@x, @y) of @size bytes a point on @g? OpenSSL refuses to set
 * coordinates that are off the curve; the explicit check is belt and
 * braces.
 */
static bool on_curve(const EC_GROUP *g, const u8 *x, u16 xs, const u8 *y,
		     u16 ys)
{
	BIGNUM *bx = BN_bin2bn(x, xs, NULL), *by = BN_bin2bn(y, ys, NULL);
	EC_POINT *pt = EC_POINT_new(g);
	bool ok;

	OSSL(bx && by && pt);
	ok = EC_POINT_set_affine_coordinates(g, pt, bx, by, NULL) == 1 &&
	     EC_POINT_is_on_curve(g, pt, NULL) == 1;
	ERR_clear_error();
	EC_POINT_free(pt);
	BN_free(bx);
	BN_free(by);
	return ok;
}

/* @zx, @zy = @d * (@x, @y) on @g: B's half of ECDH */
static void ecdh(const EC_GROUP *g, const BIGNUM *d, const u8 *x,
		 const u8 *y, u8 *zx, u8 *zy)
{
	int size = (EC_GROUP_get_degree(g) + 7) / 8;
	BIGNUM *bx = BN_bin2bn(x, size, NULL), *by = BN_bin2bn(y, size, NULL);
	EC_POINT *pt = EC_POINT_new(g), *z = EC_POINT_new(g);

	OSSL(bx && by && pt && z);
	OSSL(EC_POINT_set_affine_coordinates(g, pt, bx, by, NULL));
	OSSL(EC_POINT_mul(g, z, NULL, pt, d, NULL));
	point_bytes(g, z, zx, zy);
	EC_POINT_free(pt);
	EC_POINT_free(z);
	BN_free(bx);
	BN_free(by);
}

/* ---- Keys in the engine ---- */

/**
 * struct key - an ECC key the engine made
 * @handle: its transient handle
 * @curve: its curve
 * @x, @y: its public point (unique), at the curve's size
 */
struct key {
	u32 handle;
	u16 curve;
	u8 x[MAXB], y[MAXB];
};

static const u32 key_attrs = OA_FIXED_TPM | OA_FIXED_PARENT | OA_SENS_ORIGIN |
			     OA_USER_WITH_AUTH | OA_NO_DA;

/* TPMT_PUBLIC of an ECC key */
static void tmpl_ecc(struct buf *t, u32 attrs, bool aes, u16 scheme,
		     u16 curve)
{
	t->n = 0;
	p16(t, ALG_ECC);
	p16(t, ALG_SHA256);
	p32(t, attrs);
	p16(t, 0);
	if (aes) {
		p16(t, ALG_AES);
		p16(t, 128);
		p16(t, ALG_CFB);
	} else {
		p16(t, ALG_NULL);
	}
	p16(t, scheme);
	if (scheme != ALG_NULL)
		p16(t, ALG_SHA256);
	p16(t, curve);
	p16(t, ALG_NULL);
	p16(t, 0);
	p16(t, 0);
}

/* CreatePrimary under @hier; the handle and, for ECC, the point in @k */
static u32 create_primary(u32 hier, const struct buf *t, struct key *k)
{
	struct buf c;
	struct rd r, pr;
	const u8 *pub, *x, *y;
	u16 n, xs, ys, sym, scheme, kdf;
	u32 rc;

	memset(k, 0, sizeof(*k));
	c_start(&c, CC_CREATE_PRIMARY, 1, &hier, 1);
	p16(&c, 4);
	p16(&c, 0);
	p16(&c, 0);
	p2b(&c, t->b, t->n);
	p16(&c, 0);
	p32(&c, 0);
	rc = xc(&c);
	if (rc)
		return rc;
	k->handle = rsp_handle();
	track(k->handle);
	rsp_params(&r, 1);
	pub = g2b(&r, &n);
	if (!pub)
		return 0xBAD;
	rd_init(&pr, pub, n);
	if (g16(&pr) != ALG_ECC)
		return 0;
	g16(&pr);
	g32(&pr);
	g2b(&pr, &n);
	sym = g16(&pr);
	if (sym != ALG_NULL) {
		g16(&pr);
		g16(&pr);
	}
	scheme = g16(&pr);
	if (scheme != ALG_NULL)
		g16(&pr);
	k->curve = g16(&pr);
	kdf = g16(&pr);
	if (kdf != ALG_NULL)
		g16(&pr);
	x = g2b(&pr, &xs);
	y = g2b(&pr, &ys);
	if (pr.bad || pr.left || xs != bytes_of(k->curve) ||
	    ys != bytes_of(k->curve))
		return 0xBAD;
	memcpy(k->x, x, xs);
	memcpy(k->y, y, ys);
	return 0;
}

/* An unrestricted ECC decryption key of @scheme on @curve, owner */
static u32 make_dh_key(struct key *k, u16 curve, u16 scheme)
{
	struct buf t;

	tmpl_ecc(&t, key_attrs | OA_DECRYPT, false, scheme, curve);
	return create_primary(RH_OWNER, &t, k);
}

/* ---- The commands under test ---- */

struct ephemeral {
	u8 x[MAXB], y[MAXB];
	u16 counter;
};

/* EC_Ephemeral(@curve); Q checked for its layout */
static u32 ec_ephemeral(u16 curve, struct ephemeral *q)
{
	const u8 *x, *y;
	struct buf c;
	struct rd r;
	u16 size, xs, ys;
	u32 rc;

	c_start(&c, CC_EC_EPHEMERAL, 0, NULL, 0);
	p16(&c, curve);
	rc = xc(&c);
	if (rc)
		return rc;
	rsp_params(&r, 0);
	size = g16(&r);
	x = g2b(&r, &xs);
	y = g2b(&r, &ys);
	q->counter = g16(&r);
	if (r.bad || r.left || xs != bytes_of(curve) || ys != xs ||
	    size != 4 + xs + ys)
		return 0xBAD;
	memcpy(q->x, x, xs);
	memcpy(q->y, y, ys);
	return 0;
}

/* A TPM2B_ECC_POINT of coordinates @xs and @ys bytes long */
static void p_point(struct buf *c, const u8 *x, u16 xs, const u8 *y, u16 ys)
{
	p16(c, 4 + xs + ys);
	p2b(c, x, xs);
	p2b(c, y, ys);
}

static void c_zgen(struct buf *c, u32 key, const u8 *qsx, const u8 *qsy,
		   const u8 *qex, const u8 *qey, u16 size, u16 scheme,
		   u16 counter)
{
	c_start(c, CC_ZGEN_2PHASE, 1, &key, 1);
	p_point(c, qsx, size, qsy, size);
	p_point(c, qex, size, qey, size);
	p16(c, scheme);
	p16(c, counter);
}

struct zout {
	u8 z1x[MAXB], z1y[MAXB], z2x[MAXB], z2y[MAXB];
};

/* outZ1 and outZ2, each a TPM2B_ECC_POINT of @size coordinates */
static bool parse_zout(u16 size, struct zout *z)
{
	const u8 *p[4];
	u16 s[2], n[4];
	struct rd r;
	int i;

	rsp_params(&r, 0);
	s[0] = g16(&r);
	p[0] = g2b(&r, &n[0]);
	p[1] = g2b(&r, &n[1]);
	s[1] = g16(&r);
	p[2] = g2b(&r, &n[2]);
	p[3] = g2b(&r, &n[3]);
	if (r.bad || r.left || s[0] != 4 + 2 * size || s[1] != s[0])
		return fail("outZ layout");
	for (i = 0; i < 4; i++)
		if (n[i] != size)
			return fail("outZ coordinate %d: %u bytes", i, n[i]);
	memcpy(z->z1x, p[0], size);
	memcpy(z->z1y, p[1], size);
	memcpy(z->z2x, p[2], size);
	memcpy(z->z2y, p[3], size);
	return true;
}

static u32 zgen(const struct key *k, const struct party *sb,
		const struct party *eb, u16 scheme, u16 counter,
		struct zout *z)
{
	u16 size = bytes_of(k->curve);
	struct buf c;
	u32 rc;

	c_zgen(&c, k->handle, sb->x, sb->y, eb->x, eb->y, size, scheme,
	       counter);
	rc = xc(&c);
	if (!rc && z && !parse_zout(size, z))
		return 0xBAD;
	return rc;
}

/*
 * Z1 and Z2 as B computes them: Z1 = dsB QsA with QsA the key's point,
 * Z2 = deB QeA with QeA the ephemeral point EC_Ephemeral returned
 */
static bool check_z(const struct key *k, const struct party *sb,
		    const struct party *eb, const struct ephemeral *qe,
		    const struct zout *z)
{
	u16 size = bytes_of(k->curve);
	u8 x[MAXB], y[MAXB];

	ecdh(sb->g, sb->d, k->x, k->y, x, y);
	CHECK(!memcmp(x, z->z1x, size) && !memcmp(y, z->z1y, size),
	      "outZ1 is not dsB * QsA");
	ecdh(eb->g, eb->d, qe->x, qe->y, x, y);
	CHECK(!memcmp(x, z->z2x, size) && !memcmp(y, z->z2y, size),
	      "outZ2 is not deB * QeA");
	return true;
}

/* B's static and ephemeral keys on each curve, made once by OpenSSL */
static struct party sb[2], eb[2];
/* The engine's first ephemeral key (count 0 of its first TPM Reset) */
static struct ephemeral first_q;

static int ci(u16 curve)
{
	return curve == ECC_P384;
}

/* _TPM_Init: every transient object is gone. */
static void power_cycle(void)
{
	tpm2_engine_init(eng);
	n_live = 0;
}

/* ---- ECC_Parameters ---- */

static bool bn_eq(const u8 *p, u16 n, const BIGNUM *want)
{
	BIGNUM *b = BN_bin2bn(p, n, NULL);
	bool eq;

	OSSL(b);
	eq = !BN_cmp(b, want);
	BN_free(b);
	return eq;
}

/* One TPM2B of the response: equal to @want, @size bytes long */
#define CHECK_2B(r, want, size, what) do {				\
	const u8 *p_;							\
	u16 n_;								\
	p_ = g2b(r, &n_);						\
	CHECK(p_, "%s missing", what);					\
	CHECK(n_ == (size), "%s: %u bytes, want %d", what, n_,		\
	      (int)(size));						\
	CHECK(bn_eq(p_, n_, want), "%s differs from OpenSSL's", what);	\
} while (0)

/* OpenSSL's view of a curve */
struct curve_ref {
	EC_GROUP *g;
	BIGNUM *p, *a, *b, *gx, *gy;
};

static bool check_parameters(u16 curve, const struct curve_ref *o)
{
	const BIGNUM *n = EC_GROUP_get0_order(o->g);
	const BIGNUM *h = EC_GROUP_get0_cofactor(o->g);
	int size = bytes_of(curve);
	struct buf c;
	struct rd r;

	OSSL(n && h);
	c_start(&c, CC_ECC_PARAMETERS, 0, NULL, 0);
	p16(&c, curve);
	OK(xc(&c));
	rsp_params(&r, 0);
	CHECK(g16(&r) == curve, "curveID");
	CHECK(g16(&r) == EC_GROUP_get_degree(o->g), "keySize");
	CHECK(g16(&r) == ALG_NULL, "kdf");
	CHECK(g16(&r) == ALG_NULL, "sign");
	/* p and G at full width; a, b, n and h as short as they go */
	CHECK_2B(&r, o->p, size, "p");
	CHECK_2B(&r, o->a, BN_num_bytes(o->a), "a");
	CHECK_2B(&r, o->b, BN_num_bytes(o->b), "b");
	CHECK_2B(&r, o->gx, size, "gX");
	CHECK_2B(&r, o->gy, size, "gY");
	CHECK_2B(&r, n, BN_num_bytes(n), "n");
	CHECK_2B(&r, h, 1, "h");
	CHECK(!r.bad && !r.left, "%zu bytes more", r.left);
	return true;
}

static bool parameters(u16 curve)
{
	struct curve_ref o;
	bool ok;

	o.g = group_of(curve);
	o.p = BN_new();
	o.a = BN_new();
	o.b = BN_new();
	o.gx = BN_new();
	o.gy = BN_new();
	OSSL(o.p && o.a && o.b && o.gx && o.gy);
	OSSL(EC_GROUP_get_curve(o.g, o.p, o.a, o.b, NULL));
	OSSL(EC_POINT_get_affine_coordinates(o.g, EC_GROUP_get0_generator(o.g),
					     o.gx, o.gy, NULL));
	ok = check_parameters(curve, &o);
	BN_free(o.p);
	BN_free(o.a);
	BN_free(o.b);
	BN_free(o.gx);
	BN_free(o.gy);
	EC_GROUP_free(o.g);
	return ok;
}

static bool test_parameters_p256(void)
{
	return parameters(ECC_P256);
}

static bool test_parameters_p384(void)
{
	return parameters(ECC_P384);
}

static bool test_parameters_bad(void)
{
	static const u16 bad[] = { ECC_NONE, ECC_P192, ECC_P224, ECC_P521,
				   ECC_BN256, ECC_SM2, 0x0104, 0xFFFF };
	struct buf c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		c_start(&c, CC_ECC_PARAMETERS, 0, NULL, 0);
		p16(&c, bad[i]);
		CHECK_RC(xc(&c), RC_CURVE + RC_P + RC_N(1));
	}
	/* No curveID, half of one, then one and a byte too many */
	c_start(&c, CC_ECC_PARAMETERS, 0, NULL, 0);
	CHECK_RC(xc(&c), RC_INSUFFICIENT + RC_P + RC_N(1));
	p8(&c, 0);
	CHECK_RC(xc(&c), RC_INSUFFICIENT + RC_P + RC_N(1));
	p8(&c, ECC_P256);
	OK(xc(&c));
	p8(&c, 0);
	CHECK_RC(xc(&c), RC_SIZE);
	return true;
}

/* ---- EC_Ephemeral ---- */

static bool ephemeral(u16 curve)
{
	const EC_GROUP *g = sb[ci(curve)].g;
	int i, size = bytes_of(curve);
	struct ephemeral q[3];

	for (i = 0; i < 3; i++) {
		OK(ec_ephemeral(curve, &q[i]));
		CHECK(on_curve(g, q[i].x, size, q[i].y, size),
		      "Q %d is not on the curve", i);
		if (!i)
			continue;
		CHECK(q[i].counter == (u16)(q[i - 1].counter + 1),
		      "counter %u after %u", q[i].counter, q[i - 1].counter);
		CHECK(memcmp(q[i].x, q[i - 1].x, size), "the same Q twice");
	}
	return true;
}

static bool test_ephemeral_p256(void)
{
	return ephemeral(ECC_P256);
}

static bool test_ephemeral_p384(void)
{
	return ephemeral(ECC_P384);
}

static bool test_ephemeral_bad(void)
{
	struct ephemeral q, q2;
	struct buf c;

	OK(ec_ephemeral(ECC_P256, &q));
	CHECK_RC(ec_ephemeral(ECC_P521, &q2), RC_CURVE + RC_P + RC_N(1));
	CHECK_RC(ec_ephemeral(ECC_NONE, &q2), RC_CURVE + RC_P + RC_N(1));
	c_start(&c, CC_EC_EPHEMERAL, 0, NULL, 0);
	p8(&c, 0);
	CHECK_RC(xc(&c), RC_INSUFFICIENT + RC_P + RC_N(1));
	/* A refused command hands out no count; the curves share one. */
	OK(ec_ephemeral(ECC_P384, &q2));
	CHECK(q2.counter == (u16)(q.counter + 1), "counter %u after %u",
	      q2.counter, q.counter);
	return true;
}

/* ---- ZGen_2Phase ---- */

static bool exchange(u16 curve, u16 key_scheme)
{
	const struct party *s = &sb[ci(curve)], *e = &eb[ci(curve)];
	struct ephemeral qe;
	struct zout z;
	struct key k;

	OK(make_dh_key(&k, curve, key_scheme));
	OK(ec_ephemeral(curve, &qe));
	OK(zgen(&k, s, e, ALG_ECDH, qe.counter, &z));
	if (!check_z(&k, s, e, &qe, &z))
		return false;
	/* One-shot: the same count again is refused. */
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	flush(k.handle);
	return true;
}

static bool test_zgen_p256_ecdh_key(void)
{
	return exchange(ECC_P256, ALG_ECDH);
}

static bool test_zgen_p384_null_scheme_key(void)
{
	return exchange(ECC_P384, ALG_NULL);
}

/* Several ephemeral keys outstanding, used out of order */
static bool test_zgen_out_of_order(void)
{
	static const int order[] = { 3, 0, 4, 1, 2 };
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral qe[5];
	struct zout z;
	struct key k;
	int i;

	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	for (i = 0; i < 5; i++)
		OK(ec_ephemeral(ECC_P256, &qe[i]));
	for (i = 0; i < 5; i++) {
		const struct ephemeral *q = &qe[order[i]];

		OK(zgen(&k, s, e, ALG_ECDH, q->counter, &z));
		if (!check_z(&k, s, e, q, &z))
			return false;
	}
	flush(k.handle);
	return true;
}

/* Counters never handed out, and one too far back, are refused. */
static bool test_zgen_counters(void)
{
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral q0, q1, q;
	struct zout z;
	struct key k;
	int i;

	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(ec_ephemeral(ECC_P256, &q0));
	/* The next count, not yet handed out, and one far ahead */
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q0.counter + 1, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q0.counter + 1000, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q0.counter - 1000, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	OK(ec_ephemeral(ECC_P256, &q1));
	/* 63 more: q0 is then 65 counts back, out of the array */
	for (i = 0; i < 63; i++)
		OK(ec_ephemeral(ECC_P256, &q));
	CHECK(q.counter == (u16)(q0.counter + 64), "counter %u", q.counter);
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q0.counter, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	/* 64 counts back is still in */
	OK(zgen(&k, s, e, ALG_ECDH, q1.counter, &z));
	if (!check_z(&k, s, e, &q1, &z))
		return false;
	OK(zgen(&k, s, e, ALG_ECDH, q.counter, &z));
	if (!check_z(&k, s, e, &q, &z))
		return false;
	flush(k.handle);
	return true;
}

static bool test_zgen_wrong_keys(void)
{
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral qe;
	struct key k;
	struct buf t;

	OK(ec_ephemeral(ECC_P256, &qe));
	/* A restricted decryption key (a storage key) */
	tmpl_ecc(&t, key_attrs | OA_DECRYPT | OA_RESTRICTED, true, ALG_NULL,
		 ECC_P256);
	OK(create_primary(RH_OWNER, &t, &k));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_ATTRIBUTES + RC_H + RC_N(1));
	flush(k.handle);
	/* A signing key */
	tmpl_ecc(&t, key_attrs | OA_SIGN, false, ALG_ECDSA, ECC_P256);
	OK(create_primary(RH_OWNER, &t, &k));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_ATTRIBUTES + RC_H + RC_N(1));
	flush(k.handle);
	/* Not an ECC key: an HMAC key */
	t.n = 0;
	p16(&t, ALG_KEYEDHASH);
	p16(&t, ALG_SHA256);
	p32(&t, key_attrs | OA_SIGN);
	p16(&t, 0);
	p16(&t, ALG_HMAC);
	p16(&t, ALG_SHA256);
	p16(&t, 0);
	OK(create_primary(RH_OWNER, &t, &k));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_KEY + RC_H + RC_N(1));
	flush(k.handle);
	/* A key of the other curve: B's points are not on it */
	OK(make_dh_key(&k, ECC_P384, ALG_ECDH));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_ECC_POINT + RC_P + RC_N(1));
	flush(k.handle);
	/* None of that used the count up. */
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL));
	flush(k.handle);
	return true;
}

/* ZGen_2Phase with (@qsx, @qsy) and (@qex, @qey) of the sizes given */
static u32 zgen_raw(u32 key, const u8 *qsx, u16 qsx_n, const u8 *qsy,
		    u16 qsy_n, const u8 *qex, u16 qex_n, const u8 *qey,
		    u16 qey_n, u16 counter)
{
	struct buf c;

	c_start(&c, CC_ZGEN_2PHASE, 1, &key, 1);
	p_point(&c, qsx, qsx_n, qsy, qsy_n);
	if (qex)
		p_point(&c, qex, qex_n, qey, qey_n);
	else
		p16(&c, 0);
	p16(&c, ALG_ECDH);
	p16(&c, counter);
	return xc(&c);
}

static bool test_zgen_bad_points(void)
{
	const struct party *s = &sb[0], *e = &eb[0], *o = &eb[1];
	u8 bad[MAXB], p[32], zero[32], big[MAXB + 1];
	struct ephemeral qe;
	struct zout z;
	struct key k;
	BIGNUM *bp = BN_new();
	u16 ctr;

	OSSL(bp);
	OSSL(EC_GROUP_get_curve(s->g, bp, NULL, NULL, NULL));
	OSSL(BN_bn2binpad(bp, p, 32) == 32);
	BN_free(bp);
	memset(zero, 0, sizeof(zero));
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(ec_ephemeral(ECC_P256, &qe));
	ctr = qe.counter;

	/* y with its last bit flipped: off the curve, as OpenSSL agrees */
	memcpy(bad, s->y, 32);
	bad[31] ^= 1;
	CHECK(!on_curve(s->g, s->x, 32, bad, 32), "bad QsB on the curve");
	CHECK_RC(zgen_raw(k.handle, s->x, 32, bad, 32, e->x, 32, e->y, 32,
			  ctr), RC_ECC_POINT + RC_P + RC_N(1));
	memcpy(bad, e->y, 32);
	bad[31] ^= 1;
	CHECK(!on_curve(s->g, e->x, 32, bad, 32), "bad QeB on the curve");
	CHECK_RC(zgen_raw(k.handle, s->x, 32, s->y, 32, e->x, 32, bad, 32,
			  ctr), RC_ECC_POINT + RC_P + RC_N(2));
	/* x = p: a coordinate outside the field */
	CHECK_RC(zgen_raw(k.handle, p, 32, s->y, 32, e->x, 32, e->y, 32, ctr),
		 RC_ECC_POINT + RC_P + RC_N(1));
	/* (0, 0), and empty coordinates */
	CHECK_RC(zgen_raw(k.handle, zero, 32, zero, 32, e->x, 32, e->y, 32,
			  ctr), RC_ECC_POINT + RC_P + RC_N(1));
	CHECK_RC(zgen_raw(k.handle, s->x, 32, s->y, 32, zero, 0, zero, 0,
			  ctr), RC_ECC_POINT + RC_P + RC_N(2));
	/* A P-384 point for a P-256 key */
	CHECK_RC(zgen_raw(k.handle, s->x, 32, s->y, 32, o->x, 48, o->y, 48,
			  ctr), RC_ECC_POINT + RC_P + RC_N(2));
	/* An empty TPM2B_ECC_POINT */
	CHECK_RC(zgen_raw(k.handle, s->x, 32, s->y, 32, NULL, 0, NULL, 0,
			  ctr), RC_SIZE + RC_P + RC_N(2));
	/* A coordinate longer than any curve's */
	memset(big, 0, sizeof(big));
	memcpy(big + sizeof(big) - 32, s->x, 32);
	CHECK_RC(zgen_raw(k.handle, big, sizeof(big), s->y, 32, e->x, 32,
			  e->y, 32, ctr), RC_SIZE + RC_P + RC_N(1));
	/* The refused points used nothing up. */
	OK(zgen(&k, s, e, ALG_ECDH, ctr, &z));
	if (!check_z(&k, s, e, &qe, &z))
		return false;

	/* Leading zeros only make a longer TPM2B of the same number. */
	OK(ec_ephemeral(ECC_P256, &qe));
	memset(big, 0, sizeof(big));
	memcpy(big + 4, s->x, 32);
	OK(zgen_raw(k.handle, big, 36, s->y, 32, e->x, 32, e->y, 32,
		    qe.counter));
	if (!parse_zout(32, &z) || !check_z(&k, s, e, &qe, &z))
		return false;
	flush(k.handle);
	return true;
}

static bool test_zgen_schemes(void)
{
	static const u16 refused[] = { ALG_NULL, ALG_ECMQV, ALG_SM2,
				       ALG_ECDSA, 0x1234 };
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral qe;
	struct key k;
	unsigned int i;

	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(ec_ephemeral(ECC_P256, &qe));
	for (i = 0; i < ARRAY_SIZE(refused); i++)
		CHECK_RC(zgen(&k, s, e, refused[i], qe.counter, NULL),
			 RC_SCHEME + RC_P + RC_N(3));
	flush(k.handle);
	/* A key without a scheme takes the caller's, which must be real. */
	OK(make_dh_key(&k, ECC_P256, ALG_NULL));
	for (i = 0; i < ARRAY_SIZE(refused); i++)
		CHECK_RC(zgen(&k, s, e, refused[i], qe.counter, NULL),
			 RC_SCHEME + RC_P + RC_N(3));
	OK(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL));
	flush(k.handle);
	return true;
}

/*
 * A key loaded with its public part only has no dA to use: the engine
 * lets no session use it (auth.c), policy or password.
 */
static bool test_zgen_public_only(void)
{
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral qe;
	struct key k, pk;
	struct buf c, t;
	u8 policy[32];
	u32 sess;

	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	flush(k.handle);
	tmpl_ecc(&t, OA_USER_WITH_AUTH | OA_DECRYPT, false, ALG_ECDH,
		 ECC_P256);
	t.n -= 4;
	p2b(&t, k.x, 32);
	p2b(&t, k.y, 32);
	c_start(&c, CC_LOAD_EXTERNAL, 0, NULL, 0);
	p16(&c, 0);
	p2b(&c, t.b, t.n);
	p32(&c, RH_NULL);
	OK(xc(&c));
	pk = k;
	pk.handle = rsp_handle();
	track(pk.handle);
	OK(ec_ephemeral(ECC_P256, &qe));
	/* Without a sensitive area there is no authValue to prove. */
	CHECK_RC(zgen(&pk, s, e, ALG_ECDH, qe.counter, NULL),
		 RC_AUTH_UNAVAILABLE);
	flush(pk.handle);

	/* Not even with an authPolicy and a policy session that meets it */
	memset(policy, 0, sizeof(policy));
	t.n = 0;
	p16(&t, ALG_ECC);
	p16(&t, ALG_SHA256);
	p32(&t, OA_DECRYPT);
	p2b(&t, policy, 32);
	p16(&t, ALG_NULL);
	p16(&t, ALG_ECDH);
	p16(&t, ALG_SHA256);
	p16(&t, ECC_P256);
	p16(&t, ALG_NULL);
	p2b(&t, k.x, 32);
	p2b(&t, k.y, 32);
	c_start(&c, CC_LOAD_EXTERNAL, 0, NULL, 0);
	p16(&c, 0);
	p2b(&c, t.b, t.n);
	p32(&c, RH_NULL);
	OK(xc(&c));
	pk.handle = rsp_handle();
	track(pk.handle);
	c_start(&c, CC_START_AUTH_SESSION, 0, NULL, 0);
	p32(&c, RH_NULL);
	p32(&c, RH_NULL);
	p2b(&c, policy, 16);
	p16(&c, 0);
	p8(&c, SE_POLICY);
	p16(&c, ALG_NULL);
	p16(&c, ALG_SHA256);
	OK(xc(&c));
	sess = rsp_handle();
	c_begin(&c, ST_SESSIONS, CC_ZGEN_2PHASE, 1, &pk.handle);
	p32(&c, 9 + 16);
	p32(&c, sess);
	p2b(&c, policy, 16);
	p8(&c, 0);
	p16(&c, 0);
	p_point(&c, s->x, 32, s->y, 32);
	p_point(&c, e->x, 32, e->y, 32);
	p16(&c, ALG_ECDH);
	p16(&c, qe.counter);
	CHECK_RC(xc(&c), RC_AUTH_UNAVAILABLE);
	flush(sess);
	flush(pk.handle);
	/* Nothing used up */
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(zgen(&k, s, e, ALG_ECDH, qe.counter, NULL));
	flush(k.handle);
	return true;
}

/*
 * The commit state across Startup: kept by a TPM Restart, gone after a
 * TPM Reset (orderly or not), after which the count starts again at 0
 * with a new commit nonce.
 */
static bool test_zgen_reset(void)
{
	const struct party *s = &sb[0], *e = &eb[0];
	struct ephemeral q0, q1, q2, q3;
	struct zout z;
	struct key k;

	/* Restart: Shutdown(STATE), _TPM_Init, Startup(CLEAR) */
	OK(ec_ephemeral(ECC_P256, &q0));
	CHECK(q0.counter, "no count handed out before");
	OK(shutdown(SU_STATE));
	power_cycle();
	OK(startup(SU_CLEAR));
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(zgen(&k, s, e, ALG_ECDH, q0.counter, &z));
	if (!check_z(&k, s, e, &q0, &z))
		return false;
	flush(k.handle);

	/* Reset: Shutdown(CLEAR), _TPM_Init, Startup(CLEAR) */
	OK(ec_ephemeral(ECC_P256, &q1));
	OK(ec_ephemeral(ECC_P256, &q2));
	OK(shutdown(SU_CLEAR));
	power_cycle();
	OK(startup(SU_CLEAR));
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q1.counter, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q2.counter, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	OK(ec_ephemeral(ECC_P256, &q3));
	CHECK(q3.counter == 0, "counter %u after a Reset", q3.counter);
	CHECK(first_q.counter == 0, "the first count was %u",
	      first_q.counter);
	CHECK(memcmp(q3.x, first_q.x, 32),
	      "count 0 gave the same key after a Reset: the nonce is old");
	OK(zgen(&k, s, e, ALG_ECDH, q3.counter, &z));
	if (!check_z(&k, s, e, &q3, &z))
		return false;
	flush(k.handle);

	/* Reset without an orderly shutdown */
	OK(ec_ephemeral(ECC_P256, &q1));
	power_cycle();
	OK(startup(SU_CLEAR));
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	CHECK_RC(zgen(&k, s, e, ALG_ECDH, q1.counter, NULL),
		 RC_VALUE + RC_P + RC_N(4));
	flush(k.handle);
	return true;
}

/* ---- Hostile input ---- */

/* The response's size field is its length; an error is a bare header. */
static bool well_formed(void)
{
	u32 rc = (u32)rsp[6] << 24 | rsp[7] << 16 | rsp[8] << 8 | rsp[9];

	return rsp_len >= 10 && rsp_len <= sizeof(rsp) &&
	       ((u32)rsp[2] << 24 | rsp[3] << 16 | rsp[4] << 8 | rsp[5]) ==
	       rsp_len && (!rc || rsp_len == 10);
}

/*
 * Every proper prefix of @cmd, with commandSize either the prefix's length
 * or the whole command's: an error response each time (ASan watches).
 */
static bool truncations(const struct buf *cmd, const char *what)
{
	static u8 b[TPM2_MAX_COMMAND_SIZE];
	size_t len;
	int v;

	for (v = 0; v < 2; v++) {
		for (len = 0; len < cmd->n; len++) {
			u32 rc;

			memcpy(b, cmd->b, cmd->n);
			put32(b + 2, v ? cmd->n : len);
			rc = xraw(b, len);
			CHECK(rc != 0, "%s: %zu of %zu bytes succeeded", what,
			      len, cmd->n);
			CHECK(well_formed(), "%s: %zu bytes: response of %zu",
			      what, len, rsp_len);
		}
	}
	return true;
}

static bool test_hostile(void)
{
	const struct party *s = &sb[0], *e = &eb[0];
	static struct buf c, m;
	struct ephemeral qe;
	struct key k;
	int round, i;

	c_start(&c, CC_ECC_PARAMETERS, 0, NULL, 0);
	p16(&c, ECC_P384);
	put32(c.b + 2, c.n);
	if (!truncations(&c, "ECC_Parameters"))
		return false;
	c_start(&c, CC_EC_EPHEMERAL, 0, NULL, 0);
	p16(&c, ECC_P256);
	put32(c.b + 2, c.n);
	if (!truncations(&c, "EC_Ephemeral"))
		return false;
	OK(make_dh_key(&k, ECC_P256, ALG_ECDH));
	OK(ec_ephemeral(ECC_P256, &qe));
	c_zgen(&c, k.handle, s->x, s->y, e->x, e->y, 32, ALG_ECDH,
	       qe.counter);
	put32(c.b + 2, c.n);
	if (!truncations(&c, "ZGen_2Phase"))
		return false;
	/* The whole command still works after all that. */
	OK(xc(&c));
	/* A few bytes changed at random: any answer, but an answer */
	srand(7);
	for (round = 0; round < 1000; round++) {
		if (!(round % 16))
			OK(ec_ephemeral(ECC_P256, &qe));
		c_zgen(&c, k.handle, s->x, s->y, e->x, e->y, 32, ALG_ECDH,
		       qe.counter);
		put32(c.b + 2, c.n);
		m = c;
		for (i = 0; i < 1 + rand() % 4; i++)
			m.b[10 + rand() % (c.n - 10)] = rand();
		xraw(m.b, m.n);
		CHECK(well_formed(), "mutation %d", round);
	}
	flush(k.handle);
	return true;
}

/* ---- main ---- */

int main(void)
{
	struct tpm2_engine_config cfg;
	int i;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x3C, sizeof(cfg.secret));
	eng = tpm2_engine_create(&cfg);
	if (!eng || startup(SU_CLEAR) || ec_ephemeral(ECC_P256, &first_q)) {
		fprintf(stderr, "setup failed\n");
		return 2;
	}
	for (i = 0; i < 2; i++) {
		party_new(&sb[i], i ? ECC_P384 : ECC_P256);
		party_new(&eb[i], i ? ECC_P384 : ECC_P256);
	}
	run("parameters_p256", test_parameters_p256);
	run("parameters_p384", test_parameters_p384);
	run("parameters_bad", test_parameters_bad);
	run("ephemeral_p256", test_ephemeral_p256);
	run("ephemeral_p384", test_ephemeral_p384);
	run("ephemeral_bad", test_ephemeral_bad);
	run("zgen_p256_ecdh_key", test_zgen_p256_ecdh_key);
	run("zgen_p384_null_scheme_key", test_zgen_p384_null_scheme_key);
	run("zgen_out_of_order", test_zgen_out_of_order);
	run("zgen_counters", test_zgen_counters);
	run("zgen_wrong_keys", test_zgen_wrong_keys);
	run("zgen_bad_points", test_zgen_bad_points);
	run("zgen_schemes", test_zgen_schemes);
	run("zgen_public_only", test_zgen_public_only);
	run("zgen_reset", test_zgen_reset);
	run("hostile", test_hostile);
	for (i = 0; i < 2; i++) {
		party_free(&sb[i]);
		party_free(&eb[i]);
	}
	tpm2_engine_destroy(eng);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
