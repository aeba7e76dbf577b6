// SPDX-License-Identifier: GPL-2.0
/*
 * The attestation commands of the engine (kernel/tpm2/cmd_attest.c) seen
 * from outside: TPM2_Quote, TPM2_Certify, TPM2_CertifyCreation,
 * TPM2_GetTime, TPM2_GetSessionAuditDigest and TPM2_NV_Certify. This file
 * is a TPM 2.0 client written with OpenSSL only: it parses every TPMS_ATTEST
 * the engine returns field by field, computes what each field must hold
 * from other commands (PCR_Read, ReadClock, GetCapability, the public areas
 * the engine returned) and the formulas of TPM 2.0 Parts 1-3, and checks
 * each signature with OpenSSL against a public key built from the public
 * area.
 *
 * Prints "PASS: name" or "FAIL: name: reason" per test ("SKIP: name: why"
 * for what the engine does not implement yet), then "N passed, N failed";
 * exits non-zero on any failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "engine.h"

/* ---- Constants of TPM 2.0 Part 2, written out here on purpose ---- */

#define ST_NO_SESSIONS	0x8001
#define ST_SESSIONS	0x8002
#define ST_CREATION	0x8021

#define ST_ATTEST_NV		0x8014
#define ST_ATTEST_SESSION_AUDIT	0x8016
#define ST_ATTEST_CERTIFY	0x8017
#define ST_ATTEST_QUOTE		0x8018
#define ST_ATTEST_TIME		0x8019
#define ST_ATTEST_CREATION	0x801A
#define ST_ATTEST_NV_DIGEST	0x801C

#define GENERATED_VALUE	0xFF544347

#define CC_EVICT_CONTROL	0x0120
#define CC_CLOCK_SET		0x0128
#define CC_NV_DEFINE_SPACE	0x012A
#define CC_CREATE_PRIMARY	0x0131
#define CC_NV_WRITE		0x0137
#define CC_STARTUP		0x0144
#define CC_CERTIFY		0x0148
#define CC_CERTIFY_CREATION	0x014A
#define CC_GET_TIME		0x014C
#define CC_GET_SESSION_AUDIT	0x014D
#define CC_CREATE		0x0153
#define CC_LOAD			0x0157
#define CC_QUOTE		0x0158
#define CC_FLUSH		0x0165
#define CC_LOAD_EXTERNAL	0x0167
#define CC_NV_READ_PUBLIC	0x0169
#define CC_START_AUTH_SESSION	0x0176
#define CC_GET_CAPABILITY	0x017A
#define CC_GET_RANDOM		0x017B
#define CC_PCR_READ		0x017E
#define CC_READ_CLOCK		0x0181
#define CC_PCR_EXTEND		0x0182
#define CC_NV_CERTIFY		0x0184

#define RH_OWNER	0x40000001
#define RH_NULL		0x40000007
#define RS_PW		0x40000009
#define RH_ENDORSEMENT	0x4000000B

#define ALG_RSA		0x0001
#define ALG_HMAC	0x0005
#define ALG_KEYEDHASH	0x0008
#define ALG_SHA1	0x0004
#define ALG_AES		0x0006
#define ALG_SHA256	0x000B
#define ALG_SHA384	0x000C
#define ALG_SHA512	0x000D
#define ALG_NULL	0x0010
#define ALG_RSASSA	0x0014
#define ALG_RSAPSS	0x0016
#define ALG_ECDSA	0x0018
#define ALG_ECC		0x0023
#define ALG_CFB		0x0043
#define ECC_P256	0x0003

#define OA_FIXED_TPM	0x00000002
#define OA_FIXED_PARENT	0x00000010
#define OA_SENS_ORIGIN	0x00000020
#define OA_USER_WITH_AUTH 0x00000040
#define OA_ADMIN_WITH_POLICY 0x00000080
#define OA_NO_DA	0x00000400
#define OA_RESTRICTED	0x00010000
#define OA_DECRYPT	0x00020000
#define OA_SIGN		0x00040000

#define NV_OWNERWRITE	0x00000002
#define NV_AUTHWRITE	0x00000004
#define NV_OWNERREAD	0x00020000
#define NV_AUTHREAD	0x00040000
#define NV_WRITTEN	0x20000000

#define SA_CONTINUE	0x01
#define SA_AUDIT	0x80

#define PT_FIRMWARE_VERSION_1	0x010B
#define CAP_TPM_PROPERTIES	6

/* Response codes; format one: + RC_P for a parameter, then n << 8 */
#define RC_COMMAND_CODE	0x143
#define RC_AUTH_TYPE	0x124
#define RC_AUTH_UNAVAILABLE 0x12F
#define RC_NV_RANGE	0x146
#define RC_NV_AUTHORIZATION 0x149
#define RC_NV_UNINITIALIZED 0x14A
#define RC_VALUE	0x084
#define RC_TYPE		0x08A
#define RC_SCHEME	0x092
#define RC_SIZE		0x095
#define RC_KEY		0x09C
#define RC_TICKET	0x0A0
#define RC_P		0x040
#define RC_N(n)		((u32)(n) << 8)

#define MAXD	64
#define MAXN	(2 + MAXD)

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

static void run(const char *name, bool (*fn)(void))
{
	bool ok;

	why[0] = 0;
	ok = fn();
	if (ok && !why[0]) {
		printf("PASS: attest.%s\n", name);
		n_pass++;
	} else {
		printf("FAIL: attest.%s: %s\n", name, why[0] ? why : "failed");
		n_fail++;
	}
	fflush(stdout);
}

static void ossl_die(int line)
{
	fprintf(stderr, "attest_test.c:%d: OpenSSL failed\n", line);
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

static u8 g8(struct rd *r) { return g_be(r, 1); }
static u16 g16(struct rd *r) { return g_be(r, 2); }
static u32 g32(struct rd *r) { return g_be(r, 4); }
static u64 g64(struct rd *r) { return g_be(r, 8); }

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

/* A command header and its handles */
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

/* An authorization area of @n empty passwords */
static void c_pw(struct buf *c, int n)
{
	int i;

	p32(c, 9 * n);
	for (i = 0; i < n; i++) {
		p32(c, RS_PW);
		p16(c, 0);
		p8(c, 0);
		p16(c, 0);
	}
}

/* A command with @nh handles, the first @npw of them with a password */
static void c_start(struct buf *c, u32 cc, int nh, const u32 *h, int npw)
{
	c_begin(c, npw ? ST_SESSIONS : ST_NO_SESSIONS, cc, nh, h);
	if (npw)
		c_pw(c, npw);
}

static u32 xc(struct buf *c)
{
	if (c->n > sizeof(c->b)) {
		fprintf(stderr, "command too large\n");
		exit(2);
	}
	put32(c->b + 2, c->n);
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, c->b, c->n, rsp, sizeof(rsp),
				      NULL);
	if (rsp_len < 10)
		return 0xFFFFFFFF;
	return (u32)rsp[6] << 24 | rsp[7] << 16 | rsp[8] << 8 | rsp[9];
}

/*
 * The response parameters, after @nrh response handles: their exact
 * extent (parameterSize) when the response has sessions.
 */
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

static void flush(u32 h)
{
	struct buf c;

	c_start(&c, CC_FLUSH, 0, NULL, 0);
	p32(&c, h);
	xc(&c);
}

/* ---- Hashes ---- */

static const EVP_MD *md_of(u16 alg)
{
	switch (alg) {
	case ALG_SHA1:
		return EVP_sha1();
	case ALG_SHA256:
		return EVP_sha256();
	case ALG_SHA384:
		return EVP_sha384();
	}
	return NULL;
}

/* H(a || b || c), any of them may be empty; returns the digest size */
static unsigned int hash3(u16 alg, const void *a, size_t an, const void *b,
			  size_t bn, const void *c, size_t cn, u8 *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;

	OSSL(ctx);
	OSSL(EVP_DigestInit_ex(ctx, md_of(alg), NULL));
	OSSL(EVP_DigestUpdate(ctx, a, an));
	OSSL(EVP_DigestUpdate(ctx, b, bn));
	OSSL(EVP_DigestUpdate(ctx, c, cn));
	OSSL(EVP_DigestFinal_ex(ctx, out, &n));
	EVP_MD_CTX_free(ctx);
	return n;
}

/* ---- Keys ---- */

/**
 * struct key - a loaded key as this client knows it
 * @handle: its handle
 * @hierarchy: the hierarchy it was made in
 * @pub: TPMT_PUBLIC as the engine returned it
 * @name: nameAlg || SHA-256(@pub), computed here
 * @qn: qualified name, computed here
 * @pk: the public key for OpenSSL
 * @cdata: creationData; @chash: creationHash as returned
 * @tk_hier: creationTicket.hierarchy; @tk: its digest
 * @hmac_key: the key of a KEYEDHASH signing key, which this client chose
 */
struct key {
	u32 handle;
	u32 hierarchy;
	u16 type;
	u8 pub[700];
	u16 pub_len;
	u8 name[MAXN];
	u16 name_len;
	u8 qn[MAXN];
	u16 qn_len;
	EVP_PKEY *pk;
	u8 cdata[300];
	u16 cdata_len;
	u8 chash[MAXD];
	u16 chash_len;
	u32 tk_hier;
	u8 tk[MAXD];
	u16 tk_len;
	u8 hmac_key[32];
};

static struct key k_srk;	/* RSA storage primary, owner */
static struct key k_rsa;	/* RSA signing primary, owner, no scheme */
static struct key k_ecc;	/* ECC P-256 signing primary, endorsement */
static struct key k_ak;		/* restricted RSASSA-SHA256 child of k_srk */
static struct key k_adm;	/* ECC signing primary with adminWithPolicy */
static u8 k_hmac_key[32];

/* TPMT_PUBLIC templates */
static void tmpl_rsa(struct buf *t, u32 attrs, bool aes, u16 scheme,
		     u16 hash)
{
	t->n = 0;
	p16(t, ALG_RSA);
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
		p16(t, hash);
	p16(t, 2048);
	p32(t, 0);
	p16(t, 0);
}

static void tmpl_ecc(struct buf *t, u32 attrs, const u8 *policy,
		     u16 scheme, u16 hash)
{
	t->n = 0;
	p16(t, ALG_ECC);
	p16(t, ALG_SHA256);
	p32(t, attrs);
	if (policy)
		p2b(t, policy, 32);
	else
		p16(t, 0);
	p16(t, ALG_NULL);
	p16(t, scheme);
	if (scheme != ALG_NULL)
		p16(t, hash);
	p16(t, ECC_P256);
	p16(t, ALG_NULL);
	p16(t, 0);
	p16(t, 0);
}

/* The public key of a TPMT_PUBLIC, for OpenSSL */
static EVP_PKEY *pkey_of(const u8 *pub, size_t len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM *params;
	u16 type, alg, n, ny;
	const u8 *x, *y;
	struct rd r;

	OSSL(bld);
	rd_init(&r, pub, len);
	type = g16(&r);
	g16(&r);
	g32(&r);
	g2b(&r, &n);
	if (g16(&r) != ALG_NULL)
		g32(&r);
	if (g16(&r) != ALG_NULL)
		g16(&r);
	if (type == ALG_RSA) {
		BIGNUM *bn_n, *bn_e;
		u32 e;

		g16(&r);
		e = g32(&r);
		x = g2b(&r, &n);
		if (r.bad)
			return NULL;
		bn_n = BN_bin2bn(x, n, NULL);
		bn_e = BN_new();
		OSSL(bn_n && bn_e && BN_set_word(bn_e, e ? e : 65537));
		OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n));
		OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e));
		params = OSSL_PARAM_BLD_to_param(bld);
		BN_free(bn_n);
		BN_free(bn_e);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	} else {
		u8 point[1 + 2 * 48];

		g16(&r);
		alg = g16(&r);
		if (alg != ALG_NULL)
			g16(&r);
		x = g2b(&r, &n);
		y = g2b(&r, &ny);
		if (r.bad || n != 32 || ny != 32)
			return NULL;
		point[0] = 4;
		memcpy(point + 1, x, 32);
		memcpy(point + 33, y, 32);
		OSSL(OSSL_PARAM_BLD_push_utf8_string(bld,
			OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0));
		OSSL(OSSL_PARAM_BLD_push_octet_string(bld,
			OSSL_PKEY_PARAM_PUB_KEY, point, 65));
		params = OSSL_PARAM_BLD_to_param(bld);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	}
	OSSL(params && ctx);
	OSSL(EVP_PKEY_fromdata_init(ctx) == 1);
	OSSL(EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) == 1);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

/* Name and the public key from k->pub; qualified name from @pqn */
static bool key_names(struct key *k, const u8 *pqn, size_t pqn_len)
{
	k->type = k->pub[0] << 8 | k->pub[1];
	k->name[0] = ALG_SHA256 >> 8;
	k->name[1] = ALG_SHA256 & 0xFF;
	hash3(ALG_SHA256, k->pub, k->pub_len, NULL, 0, NULL, 0, k->name + 2);
	k->name_len = 34;
	k->qn[0] = ALG_SHA256 >> 8;
	k->qn[1] = ALG_SHA256 & 0xFF;
	hash3(ALG_SHA256, pqn, pqn_len, k->name, k->name_len, NULL, 0,
	      k->qn + 2);
	k->qn_len = 34;
	if (k->type == ALG_KEYEDHASH)
		return true;
	k->pk = pkey_of(k->pub, k->pub_len);
	return k->pk;
}

/* outPublic, creationData, creationHash, creationTicket of a response */
static bool key_creation(struct key *k, struct rd *r)
{
	const u8 *p;

	p = g2b(r, &k->pub_len);
	if (!p || k->pub_len > sizeof(k->pub))
		return false;
	memcpy(k->pub, p, k->pub_len);
	p = g2b(r, &k->cdata_len);
	if (!p || k->cdata_len > sizeof(k->cdata))
		return false;
	memcpy(k->cdata, p, k->cdata_len);
	p = g2b(r, &k->chash_len);
	if (!p || k->chash_len > sizeof(k->chash))
		return false;
	memcpy(k->chash, p, k->chash_len);
	if (g16(r) != ST_CREATION)
		return false;
	k->tk_hier = g32(r);
	p = g2b(r, &k->tk_len);
	if (!p || k->tk_len > sizeof(k->tk))
		return false;
	memcpy(k->tk, p, k->tk_len);
	return !r->bad;
}

/* sensitive.data of the next object created (a KEYEDHASH key) */
static const u8 *sens_data;
static u16 sens_data_len;

static void c_create_params(struct buf *c, const struct buf *t)
{
	/* TPM2B_SENSITIVE_CREATE: no auth */
	p16(c, 4 + sens_data_len);
	p16(c, 0);
	p2b(c, sens_data, sens_data_len);
	p2b(c, t->b, t->n);
	p16(c, 0);		/* outsideInfo */
	p32(c, 0);		/* creationPCR */
}

static bool create_primary(struct key *k, u32 hier, const struct buf *t)
{
	struct buf c;
	struct rd r;
	u8 hh[4];
	u16 n;
	const u8 *name;

	memset(k, 0, sizeof(*k));
	c_start(&c, CC_CREATE_PRIMARY, 1, &hier, 1);
	c_create_params(&c, t);
	if (xc(&c))
		return false;
	k->handle = rsp_handle();
	k->hierarchy = hier;
	rsp_params(&r, 1);
	if (!key_creation(k, &r))
		return false;
	name = g2b(&r, &n);
	put32(hh, hier);
	if (!name || !key_names(k, hh, 4))
		return false;
	/* The engine's Name must be ours, or every later check is moot. */
	return n == k->name_len && !memcmp(name, k->name, n);
}

static bool create_child(struct key *k, const struct key *parent,
			 const struct buf *t)
{
	u8 priv[1024];
	struct buf c;
	const u8 *p;
	struct rd r;
	u16 priv_len, n;

	memset(k, 0, sizeof(*k));
	c_start(&c, CC_CREATE, 1, &parent->handle, 1);
	c_create_params(&c, t);
	if (xc(&c))
		return false;
	rsp_params(&r, 0);
	p = g2b(&r, &priv_len);
	if (!p || priv_len > sizeof(priv))
		return false;
	memcpy(priv, p, priv_len);
	if (!key_creation(k, &r))
		return false;
	c_start(&c, CC_LOAD, 1, &parent->handle, 1);
	p2b(&c, priv, priv_len);
	p2b(&c, k->pub, k->pub_len);
	if (xc(&c))
		return false;
	k->handle = rsp_handle();
	k->hierarchy = parent->hierarchy;
	rsp_params(&r, 1);
	p = g2b(&r, &n);
	if (!p || !key_names(k, parent->qn, parent->qn_len))
		return false;
	return n == k->name_len && !memcmp(p, k->name, n);
}

/*
 * The engine has three transient slots: every key of these tests moves to
 * persistent handle @ph (TPM2_EvictControl), freeing its slot.
 */
static bool persist(struct key *k, u32 ph)
{
	u32 h[2] = { RH_OWNER, k->handle };
	struct buf c;

	c_start(&c, CC_EVICT_CONTROL, 2, h, 1);
	p32(&c, ph);
	if (xc(&c))
		return false;
	flush(k->handle);
	k->handle = ph;
	return true;
}

/* ---- TPMS_ATTEST and TPMT_SIGNATURE ---- */

struct attest {
	u8 copy[TPM2_MAX_RESPONSE_SIZE];	/* what the fields point into */
	const u8 *raw;
	u16 raw_len;
	u32 magic;
	u16 type;
	const u8 *signer;
	u16 signer_len;
	const u8 *extra;
	u16 extra_len;
	u64 clock;
	u32 reset, restart;
	u8 safe;
	u64 fw;
	struct rd att;		/* the attested part */
};

struct sig {
	u16 alg, hash;
	const u8 *r;
	u16 r_len;
	const u8 *s;
	u16 s_len;
};

/*
 * The response of an attestation command: TPM2B_ATTEST, TPMT_SIGNATURE,
 * nothing more; the common fields of the TPMS_ATTEST parsed. @a keeps a
 * copy of the response, which the next command overwrites.
 */
static bool parse_attest(struct attest *a, struct sig *s)
{
	struct rd r, t;

	memset(a, 0, sizeof(*a));
	memset(s, 0, sizeof(*s));
	rsp_params(&r, 0);
	memcpy(a->copy, rsp, sizeof(rsp));
	r.p = a->copy + (r.p - rsp);
	a->raw = g2b(&r, &a->raw_len);
	s->alg = g16(&r);
	if (s->alg == ALG_HMAC) {
		/* TPMT_HA: the digest without a size */
		s->hash = g16(&r);
		s->r_len = md_of(s->hash) ? EVP_MD_get_size(md_of(s->hash)) : 0;
		s->r = g_bytes(&r, s->r_len);
	} else if (s->alg != ALG_NULL) {
		s->hash = g16(&r);
		s->r = g2b(&r, &s->r_len);
		if (s->alg == ALG_ECDSA)
			s->s = g2b(&r, &s->s_len);
	}
	if (r.bad)
		return fail("response malformed");
	if (r.left)
		return fail("%zu bytes after the signature", r.left);
	rd_init(&t, a->raw, a->raw_len);
	a->magic = g32(&t);
	a->type = g16(&t);
	a->signer = g2b(&t, &a->signer_len);
	a->extra = g2b(&t, &a->extra_len);
	a->clock = g64(&t);
	a->reset = g32(&t);
	a->restart = g32(&t);
	a->safe = g8(&t);
	a->fw = g64(&t);
	if (t.bad)
		return fail("TPMS_ATTEST malformed");
	a->att = t;
	return true;
}

/* The attested part was read to its end exactly */
static bool att_end(const struct attest *a)
{
	if (a->att.bad)
		return fail("attested part malformed");
	if (a->att.left)
		return fail("%zu bytes after the attested part", a->att.left);
	return true;
}

/* Did @k sign @a->raw with scheme @alg/@hash? Checked by OpenSSL */
static bool verify(const struct key *k, const struct attest *a,
		   const struct sig *s, u16 alg, u16 hash)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	u8 der[200], *dp = der;
	EVP_PKEY_CTX *pctx;
	const u8 *sig;
	size_t sig_len;
	int ok;

	if (s->alg != alg || s->hash != hash)
		return fail("signature %#x/%#x, want %#x/%#x", s->alg,
			    s->hash, alg, hash);
	OSSL(ctx);
	if (alg == ALG_HMAC) {
		/* As TPM2_Sign does: the HMAC of the digest of the data */
		u8 mac[EVP_MAX_MD_SIZE], d[EVP_MAX_MD_SIZE];
		unsigned int n = 0, dn;

		EVP_MD_CTX_free(ctx);
		dn = hash3(hash, a->raw, a->raw_len, NULL, 0, NULL, 0, d);
		OSSL(HMAC(md_of(hash), k->hmac_key, sizeof(k->hmac_key), d, dn,
			  mac, &n));
		if (!s->r || n != s->r_len || memcmp(mac, s->r, n))
			return fail("the HMAC is not HMAC(key, attest)");
		return true;
	}
	OSSL(EVP_DigestVerifyInit(ctx, &pctx, md_of(hash), NULL, k->pk));
	if (alg == ALG_RSAPSS) {
		OSSL(EVP_PKEY_CTX_set_rsa_padding(pctx,
						  RSA_PKCS1_PSS_PADDING) > 0);
		OSSL(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
					RSA_PSS_SALTLEN_AUTO) > 0);
	}
	sig = s->r;
	sig_len = s->r_len;
	if (alg == ALG_ECDSA) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r = BN_bin2bn(s->r, s->r_len, NULL);
		BIGNUM *ss = BN_bin2bn(s->s, s->s_len, NULL);

		OSSL(es && r && ss && ECDSA_SIG_set0(es, r, ss));
		sig_len = i2d_ECDSA_SIG(es, &dp);
		ECDSA_SIG_free(es);
		sig = der;
	}
	ok = EVP_DigestVerify(ctx, sig, sig_len, a->raw, a->raw_len);
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (ok != 1)
		return fail("OpenSSL rejects the signature");
	return true;
}

/* The common fields: magic, type, qualifiedSigner, extraData */
static bool check_head(const struct attest *a, u16 type,
		       const struct key *k, const u8 *nonce, u16 nonce_len)
{
	u8 null_name[4];

	put32(null_name, RH_NULL);
	if (a->magic != GENERATED_VALUE)
		return fail("magic %#x", a->magic);
	if (a->type != type)
		return fail("type %#x, want %#x", a->type, type);
	if (k && (a->signer_len != k->qn_len ||
		  memcmp(a->signer, k->qn, k->qn_len)))
		return fail("qualifiedSigner is not the key's qualified name");
	if (!k && (a->signer_len != 4 || memcmp(a->signer, null_name, 4)))
		return fail("qualifiedSigner is not TPM_RH_NULL");
	if (a->extra_len != nonce_len ||
	    (nonce_len && memcmp(a->extra, nonce, nonce_len)))
		return fail("extraData is not qualifyingData");
	return true;
}

/* ---- Other commands, for reference values ---- */

struct clock {
	u64 time, clock;
	u32 reset, restart;
	u8 safe;
};

static bool read_clock(struct clock *k)
{
	struct buf c;
	struct rd r;

	c_start(&c, CC_READ_CLOCK, 0, NULL, 0);
	if (xc(&c))
		return false;
	rsp_params(&r, 0);
	k->time = g64(&r);
	k->clock = g64(&r);
	k->reset = g32(&r);
	k->restart = g32(&r);
	k->safe = g8(&r);
	return !r.bad;
}

/* TPM_PT_FIRMWARE_VERSION_1 << 32 | _2, from GetCapability */
static bool firmware(u64 *fw)
{
	struct buf c;
	struct rd r;
	u32 n;

	c_start(&c, CC_GET_CAPABILITY, 0, NULL, 0);
	p32(&c, CAP_TPM_PROPERTIES);
	p32(&c, PT_FIRMWARE_VERSION_1);
	p32(&c, 2);
	if (xc(&c))
		return false;
	rsp_params(&r, 0);
	g8(&r);
	g32(&r);
	n = g32(&r);
	if (n != 2 || g32(&r) != PT_FIRMWARE_VERSION_1)
		return false;
	*fw = (u64)g32(&r) << 32;
	if (g32(&r) != PT_FIRMWARE_VERSION_1 + 1)
		return false;
	*fw |= g32(&r);
	return !r.bad;
}

/* The clock fields of @a lie between two ReadClocks */
static bool check_clock(const struct attest *a, const struct clock *before,
			const struct clock *after, bool plain)
{
	u64 fw;

	if (a->clock < before->clock || a->clock > after->clock)
		return fail("clock %llu not in [%llu, %llu]",
			    (unsigned long long)a->clock,
			    (unsigned long long)before->clock,
			    (unsigned long long)after->clock);
	if (a->safe != after->safe)
		return fail("safe %u, ReadClock says %u", a->safe, after->safe);
	if (!firmware(&fw))
		return fail("GetCapability failed");
	if (plain && (a->reset != after->reset ||
		      a->restart != after->restart))
		return fail("resetCount/restartCount %u/%u, want %u/%u",
			    a->reset, a->restart, after->reset,
			    after->restart);
	if (plain && a->fw != fw)
		return fail("firmwareVersion %#llx, want %#llx",
			    (unsigned long long)a->fw, (unsigned long long)fw);
	/* Obfuscated: none of the three may show (2^-32 each to fail) */
	if (!plain && (a->reset == after->reset ||
		       a->restart == after->restart || a->fw == fw))
		return fail("resetCount %u, restartCount %u or firmwareVersion "
			    "%#llx in the clear", a->reset, a->restart,
			    (unsigned long long)a->fw);
	return true;
}

/* TPML_PCR_SELECTION of one or two banks */
struct pcrsel {
	u32 count;
	u16 hash[2];
	u32 mask[2];
};

static void p_pcrsel(struct buf *c, const struct pcrsel *s)
{
	u32 i;

	p32(c, s->count);
	for (i = 0; i < s->count; i++) {
		p16(c, s->hash[i]);
		p8(c, 3);
		p8(c, s->mask[i]);
		p8(c, s->mask[i] >> 8);
		p8(c, s->mask[i] >> 16);
	}
}

/*
 * PCR_Read: the selection it reports (marshaled) and the digest of the
 * values it returns, concatenated in order, with @alg.
 */
static bool pcr_digest(const struct pcrsel *s, u16 alg, u8 *sel,
		       size_t *sel_len, u8 *digest)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const u8 *start, *d;
	struct buf c;
	struct rd r;
	u32 i, n;
	u16 dn;

	c_start(&c, CC_PCR_READ, 0, NULL, 0);
	p_pcrsel(&c, s);
	if (xc(&c))
		return false;
	rsp_params(&r, 0);
	g32(&r);
	start = r.p;
	n = g32(&r);
	for (i = 0; i < n; i++) {
		u8 size;

		g16(&r);
		size = g8(&r);
		g_bytes(&r, size);
	}
	if (r.bad)
		return false;
	*sel_len = r.p - start;
	memcpy(sel, start, *sel_len);
	OSSL(ctx && EVP_DigestInit_ex(ctx, md_of(alg), NULL));
	n = g32(&r);
	for (i = 0; i < n; i++) {
		d = g2b(&r, &dn);
		if (!d)
			return false;
		OSSL(EVP_DigestUpdate(ctx, d, dn));
	}
	OSSL(EVP_DigestFinal_ex(ctx, digest, NULL));
	EVP_MD_CTX_free(ctx);
	return !r.bad && n;
}

static bool pcr_extend(u32 pcr, u8 fill)
{
	u8 d[32];
	struct buf c;

	memset(d, fill, sizeof(d));
	c_start(&c, CC_PCR_EXTEND, 1, &pcr, 1);
	p32(&c, 1);
	p16(&c, ALG_SHA256);
	pbytes(&c, d, sizeof(d));
	return !xc(&c);
}

/* ---- The commands under test ---- */

static const u8 nonce[20] = "attest-test nonce 01";

/* qualifyingData and inScheme */
static void p_common(struct buf *c, const u8 *data, u16 n, u16 alg,
		     u16 hash)
{
	p2b(c, data, n);
	p16(c, alg);
	if (alg != ALG_NULL)
		p16(c, hash);
}

static u32 quote(u32 key, const u8 *data, u16 n, u16 alg, u16 hash,
		 const struct pcrsel *s)
{
	struct buf c;

	c_start(&c, CC_QUOTE, 1, &key, 1);
	p_common(&c, data, n, alg, hash);
	p_pcrsel(&c, s);
	return xc(&c);
}

static u32 certify(u32 obj, u32 key, u16 alg, u16 hash)
{
	u32 h[2] = { obj, key };
	struct buf c;

	c_start(&c, CC_CERTIFY, 2, h, 2);
	p_common(&c, nonce, sizeof(nonce), alg, hash);
	return xc(&c);
}

static u32 get_time(u32 admin, u32 key, u16 alg, u16 hash)
{
	u32 h[2] = { admin, key };
	struct buf c;

	c_start(&c, CC_GET_TIME, 2, h, 2);
	p_common(&c, nonce, sizeof(nonce), alg, hash);
	return xc(&c);
}

static u32 certify_creation(u32 key, const struct key *obj, u16 alg,
			    u16 hash, const u8 *chash, u16 chash_len,
			    u32 tk_hier, const u8 *tk, u16 tk_len)
{
	u32 h[2] = { key, obj->handle };
	struct buf c;

	c_start(&c, CC_CERTIFY_CREATION, 2, h, 1);
	p2b(&c, nonce, sizeof(nonce));
	p2b(&c, chash, chash_len);
	p16(&c, alg);
	if (alg != ALG_NULL)
		p16(&c, hash);
	p16(&c, ST_CREATION);
	p32(&c, tk_hier);
	p2b(&c, tk, tk_len);
	return xc(&c);
}

static u32 session_audit(u32 admin, u32 key, u32 session, u16 alg,
			 u16 hash)
{
	u32 h[3] = { admin, key, session };
	struct buf c;

	c_start(&c, CC_GET_SESSION_AUDIT, 3, h, 2);
	p_common(&c, nonce, sizeof(nonce), alg, hash);
	return xc(&c);
}

/* ---- Tests: TPM2_Quote ---- */

static const struct pcrsel sel_a = {
	.count = 2,
	.hash = { ALG_SHA256, ALG_SHA1 },
	.mask = { (1u << 0) | (1u << 7) | (1u << 16) | (1u << 23),
		  (1u << 16) },
};

/*
 * A quote with @k, every field checked; signature by the scheme given.
 * The quote stays in @out_a when not NULL.
 */
static bool quote_check(const struct key *k, u16 alg, u16 hash,
			u16 want_alg, u16 want_hash, bool plain,
			struct attest *out_a)
{
	static struct attest local;
	struct attest *a = out_a ? out_a : &local;
	u8 sel[64], want[MAXD];
	struct clock before, after;
	struct sig s;
	size_t sel_len;
	const u8 *d;
	u16 dn;

	CHECK(pcr_digest(&sel_a, want_hash, sel, &sel_len, want),
	      "PCR_Read failed");
	CHECK(read_clock(&before), "ReadClock failed");
	OK(quote(k->handle, nonce, sizeof(nonce), alg, hash, &sel_a));
	if (!parse_attest(a, &s))
		return false;
	CHECK(read_clock(&after), "ReadClock failed");
	if (!check_head(a, ST_ATTEST_QUOTE, k, nonce, sizeof(nonce)))
		return false;
	/* TPMS_QUOTE_INFO: pcrSelect as PCR_Read reports it, pcrDigest */
	CHECK(a->att.left >= sel_len && !memcmp(a->att.p, sel, sel_len),
	      "pcrSelect differs from PCR_Read's selection");
	g_bytes(&a->att, sel_len);
	d = g2b(&a->att, &dn);
	CHECK(d && (int)dn == EVP_MD_get_size(md_of(want_hash)) &&
	      !memcmp(d, want, dn), "pcrDigest is not H(PCR values)");
	return att_end(a) && check_clock(a, &before, &after, plain) &&
	       verify(k, a, &s, want_alg, want_hash);
}

static bool test_quote_rsassa(void)
{
	return quote_check(&k_rsa, ALG_RSASSA, ALG_SHA256, ALG_RSASSA,
			   ALG_SHA256, false, NULL);
}

static bool test_quote_rsapss_sha384(void)
{
	return quote_check(&k_rsa, ALG_RSAPSS, ALG_SHA384, ALG_RSAPSS,
			   ALG_SHA384, false, NULL);
}

static bool test_quote_ecdsa(void)
{
	/* Endorsement hierarchy: the clock and versions in the clear */
	return quote_check(&k_ecc, ALG_ECDSA, ALG_SHA256, ALG_ECDSA,
			   ALG_SHA256, true, NULL);
}

static bool test_quote_restricted_ak(void)
{
	/* The AK's own scheme, asked for as NULL or repeated */
	return quote_check(&k_ak, ALG_NULL, ALG_NULL, ALG_RSASSA,
			   ALG_SHA256, false, NULL) &&
	       quote_check(&k_ak, ALG_RSASSA, ALG_SHA256, ALG_RSASSA,
			   ALG_SHA256, false, NULL);
}

static bool test_quote_pcr_change(void)
{
	static struct attest a1, a2;

	if (!quote_check(&k_ecc, ALG_ECDSA, ALG_SHA256, ALG_ECDSA,
			 ALG_SHA256, true, &a1))
		return false;
	CHECK(pcr_extend(16, 0x5A), "PCR_Extend failed");
	if (!quote_check(&k_ecc, ALG_ECDSA, ALG_SHA256, ALG_ECDSA,
			 ALG_SHA256, true, &a2))
		return false;
	/* Both parsed by quote_check; pcrDigest is the last 32 bytes */
	CHECK(memcmp(a1.raw + a1.raw_len - 32, a2.raw + a2.raw_len - 32, 32),
	      "pcrDigest did not change with PCR 16");
	return true;
}

static bool test_quote_unallocated_filtered(void)
{
	/* The SHA-512 bank is not allocated: its PCRs are left out */
	static const struct pcrsel s = {
		.count = 2, .hash = { ALG_SHA512, ALG_SHA256 },
		.mask = { 0x000101, 0x000002 },
	};
	static const u8 want_sel[] = {
		0, 0, 0, 2, 0, ALG_SHA512, 3, 0, 0, 0,
		0, ALG_SHA256, 3, 2, 0, 0,
	};
	u8 sel[64], want[MAXD];
	static struct attest a;
	struct sig sg;
	size_t sel_len;
	const u8 *d;
	u16 dn;

	CHECK(pcr_digest(&s, ALG_SHA256, sel, &sel_len, want),
	      "PCR_Read failed");
	CHECK(sel_len == sizeof(want_sel) && !memcmp(sel, want_sel, sel_len),
	      "PCR_Read does not filter SHA-512 (setup)");
	OK(quote(k_ecc.handle, NULL, 0, ALG_ECDSA, ALG_SHA256, &s));
	if (!parse_attest(&a, &sg))
		return false;
	if (!check_head(&a, ST_ATTEST_QUOTE, &k_ecc, NULL, 0))
		return false;
	CHECK(a.att.left >= sel_len && !memcmp(a.att.p, sel, sel_len),
	      "pcrSelect names PCRs that are not allocated");
	g_bytes(&a.att, sel_len);
	d = g2b(&a.att, &dn);
	CHECK(d && dn == 32 && !memcmp(d, want, 32), "pcrDigest wrong");
	return att_end(&a) && verify(&k_ecc, &a, &sg, ALG_ECDSA, ALG_SHA256);
}

static bool test_quote_errors(void)
{
	u8 big[67];

	memset(big, 7, sizeof(big));
	/* Not a signing key: TPM_RC_KEY, handle 1 */
	CHECK_RC(quote(k_srk.handle, nonce, 4, ALG_RSASSA, ALG_SHA256,
		       &sel_a), RC_KEY + RC_N(1));
	/* No scheme in the key, none asked for: TPM_RC_SCHEME, param 2 */
	CHECK_RC(quote(k_rsa.handle, nonce, 4, ALG_NULL, ALG_NULL, &sel_a),
		 RC_SCHEME + RC_P + RC_N(2));
	/* A scheme the key type cannot do */
	CHECK_RC(quote(k_ecc.handle, nonce, 4, ALG_RSASSA, ALG_SHA256,
		       &sel_a), RC_SCHEME + RC_P + RC_N(2));
	/* The restricted key's scheme differs from the one asked for */
	CHECK_RC(quote(k_ak.handle, nonce, 4, ALG_RSAPSS, ALG_SHA256,
		       &sel_a), RC_SCHEME + RC_P + RC_N(2));
	CHECK_RC(quote(k_ak.handle, nonce, 4, ALG_RSASSA, ALG_SHA384,
		       &sel_a), RC_SCHEME + RC_P + RC_N(2));
	/* qualifyingData: a TPM2B_DATA holds a TPMT_HA, 66 bytes at most */
	CHECK_RC(quote(k_ecc.handle, big, 67, ALG_ECDSA, ALG_SHA256, &sel_a),
		 RC_SIZE + RC_P + RC_N(1));
	OK(quote(k_ecc.handle, big, 66, ALG_ECDSA, ALG_SHA256, &sel_a));
	return true;
}

static bool test_quote_public_only(void)
{
	u32 h = 0, rc;
	struct buf c;

	/* The public area of a signing key alone cannot sign */
	c_start(&c, CC_LOAD_EXTERNAL, 0, NULL, 0);
	p16(&c, 0);
	p2b(&c, k_rsa.pub, k_rsa.pub_len);
	p32(&c, RH_NULL);
	OK(xc(&c));
	h = rsp_handle();
	rc = quote(h, nonce, 4, ALG_RSASSA, ALG_SHA256, &sel_a);
	flush(h);
	/*
	 * Its authValue is not available to a password (the authorization
	 * layer answers first); TPM_RC_KEY otherwise.
	 */
	CHECK(rc == RC_AUTH_UNAVAILABLE || rc == RC_KEY + RC_N(1),
	      "public key alone: rc %#x", rc);
	return true;
}

static bool test_quote_null_key(void)
{
	/*
	 * TPM_RH_NULL has no scheme, so no hash to digest the PCRs with:
	 * TPM_RC_SCHEME, as the reference implementation answers.
	 */
	CHECK_RC(quote(RH_NULL, nonce, 4, ALG_RSASSA, ALG_SHA256, &sel_a),
		 RC_SCHEME + RC_P + RC_N(2));
	return true;
}

static bool test_quote_privacy(void)
{
	static struct attest a1, a2, a3;
	struct sig s;

	/* Same owner key twice: the same obfuscated values */
	OK(quote(k_rsa.handle, NULL, 0, ALG_RSASSA, ALG_SHA256, &sel_a));
	if (!parse_attest(&a1, &s))
		return false;
	OK(quote(k_rsa.handle, NULL, 0, ALG_RSASSA, ALG_SHA256, &sel_a));
	if (!parse_attest(&a2, &s))
		return false;
	CHECK(a1.reset == a2.reset && a1.restart == a2.restart &&
	      a1.fw == a2.fw, "obfuscation differs between two quotes");
	/* Another owner key: other values */
	OK(quote(k_ak.handle, NULL, 0, ALG_NULL, ALG_NULL, &sel_a));
	if (!parse_attest(&a3, &s))
		return false;
	CHECK(a3.fw != a1.fw, "two keys share an obfuscation");
	return true;
}

/* ---- Tests: TPM2_Certify ---- */

/* TPMS_CERTIFY_INFO of @obj */
static bool check_certify_info(struct attest *a, const struct key *obj)
{
	const u8 *p;
	u16 n;

	p = g2b(&a->att, &n);
	CHECK(p && n == obj->name_len && !memcmp(p, obj->name, n),
	      "name is not the object's Name");
	p = g2b(&a->att, &n);
	CHECK(p && n == obj->qn_len && !memcmp(p, obj->qn, n),
	      "qualifiedName is not the object's");
	return att_end(a);
}

static bool test_certify_rsassa(void)
{
	struct clock before, after;
	struct attest a;
	struct sig s;

	CHECK(read_clock(&before), "ReadClock failed");
	OK(certify(k_ak.handle, k_rsa.handle, ALG_RSASSA, ALG_SHA256));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(read_clock(&after), "ReadClock failed");
	return check_head(&a, ST_ATTEST_CERTIFY, &k_rsa, nonce,
			  sizeof(nonce)) &&
	       check_certify_info(&a, &k_ak) &&
	       check_clock(&a, &before, &after, false) &&
	       verify(&k_rsa, &a, &s, ALG_RSASSA, ALG_SHA256);
}

static bool test_certify_ecdsa_self(void)
{
	struct clock before, after;
	struct attest a;
	struct sig s;

	/* A key certifies itself; primary: qualified name from hierarchy */
	CHECK(read_clock(&before), "ReadClock failed");
	OK(certify(k_ecc.handle, k_ecc.handle, ALG_ECDSA, ALG_SHA256));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(read_clock(&after), "ReadClock failed");
	return check_head(&a, ST_ATTEST_CERTIFY, &k_ecc, nonce,
			  sizeof(nonce)) &&
	       check_certify_info(&a, &k_ecc) &&
	       check_clock(&a, &before, &after, true) &&
	       verify(&k_ecc, &a, &s, ALG_ECDSA, ALG_SHA256);
}

static bool test_certify_restricted(void)
{
	struct attest a;
	struct sig s;

	OK(certify(k_srk.handle, k_ak.handle, ALG_NULL, ALG_NULL));
	if (!parse_attest(&a, &s))
		return false;
	return check_head(&a, ST_ATTEST_CERTIFY, &k_ak, nonce,
			  sizeof(nonce)) &&
	       check_certify_info(&a, &k_srk) &&
	       verify(&k_ak, &a, &s, ALG_RSASSA, ALG_SHA256);
}

static bool test_certify_null_sign(void)
{
	struct clock before, after;
	struct attest a;
	struct sig s;

	CHECK(read_clock(&before), "ReadClock failed");
	OK(certify(k_ak.handle, RH_NULL, ALG_NULL, ALG_NULL));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(read_clock(&after), "ReadClock failed");
	CHECK(s.alg == ALG_NULL, "signature %#x, want TPM_ALG_NULL", s.alg);
	/* Not in the endorsement or platform hierarchy: obfuscated */
	return check_head(&a, ST_ATTEST_CERTIFY, NULL, nonce,
			  sizeof(nonce)) &&
	       check_certify_info(&a, &k_ak) &&
	       check_clock(&a, &before, &after, false);
}

static bool test_certify_hmac(void)
{
	static struct key k;
	struct attest a;
	struct sig s;
	struct buf t;
	bool ok;
	int i;

	/* A KEYEDHASH signing key whose HMAC key this client chose */
	t.n = 0;
	p16(&t, ALG_KEYEDHASH);
	p16(&t, ALG_SHA256);
	p32(&t, OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		OA_NO_DA | OA_SIGN);
	p16(&t, 0);
	p16(&t, ALG_HMAC);
	p16(&t, ALG_SHA256);
	p16(&t, 0);
	for (i = 0; i < 32; i++)
		k_hmac_key[i] = 0x30 + i;
	sens_data = k_hmac_key;
	sens_data_len = 32;
	ok = create_primary(&k, RH_OWNER, &t);
	sens_data = NULL;
	sens_data_len = 0;
	CHECK(ok, "CreatePrimary of the HMAC key failed");
	memcpy(k.hmac_key, k_hmac_key, 32);
	ok = !certify(k_ak.handle, k.handle, ALG_NULL, ALG_NULL) &&
	     parse_attest(&a, &s) &&
	     check_head(&a, ST_ATTEST_CERTIFY, &k, nonce, sizeof(nonce)) &&
	     check_certify_info(&a, &k_ak) &&
	     verify(&k, &a, &s, ALG_HMAC, ALG_SHA256);
	flush(k.handle);
	return ok || fail("certify with an HMAC key failed");
}

static bool test_certify_errors(void)
{
	/* signHandle is handle 2 here */
	CHECK_RC(certify(k_ak.handle, k_srk.handle, ALG_RSASSA, ALG_SHA256),
		 RC_KEY + RC_N(2));
	CHECK_RC(certify(k_ak.handle, k_rsa.handle, ALG_ECDSA, ALG_SHA256),
		 RC_SCHEME + RC_P + RC_N(2));
	/* objectHandle has the ADMIN role: adminWithPolicy wants a policy */
	CHECK_RC(certify(k_adm.handle, k_ecc.handle, ALG_ECDSA, ALG_SHA256),
		 RC_AUTH_TYPE);
	/* ... which the signing key, in the USER role, does not */
	OK(certify(k_ecc.handle, k_adm.handle, ALG_ECDSA, ALG_SHA256));
	return true;
}

/* ---- Tests: TPM2_CertifyCreation ---- */

static bool check_creation(const struct key *signer, const struct key *obj,
			   u16 alg, u16 hash)
{
	u8 want[MAXD];
	struct attest a;
	struct sig s;
	const u8 *p;
	u16 n;

	/* creationHash is H(creationData), computed here */
	hash3(ALG_SHA256, obj->cdata, obj->cdata_len, NULL, 0, NULL, 0, want);
	CHECK(obj->chash_len == 32 && !memcmp(obj->chash, want, 32),
	      "creationHash is not H(creationData)");
	OK(certify_creation(signer->handle, obj, alg, hash, obj->chash,
			    obj->chash_len, obj->tk_hier, obj->tk,
			    obj->tk_len));
	if (!parse_attest(&a, &s))
		return false;
	if (!check_head(&a, ST_ATTEST_CREATION, signer, nonce, sizeof(nonce)))
		return false;
	p = g2b(&a.att, &n);
	CHECK(p && n == obj->name_len && !memcmp(p, obj->name, n),
	      "objectName is not the object's Name");
	p = g2b(&a.att, &n);
	CHECK(p && n == 32 && !memcmp(p, want, 32),
	      "creationHash not attested");
	return att_end(&a) && verify(signer, &a, &s, alg, hash);
}

static bool test_certify_creation_child(void)
{
	return check_creation(&k_rsa, &k_ak, ALG_RSASSA, ALG_SHA256);
}

static bool test_certify_creation_primary(void)
{
	CHECK(k_ecc.tk_hier == RH_ENDORSEMENT, "ticket hierarchy %#x",
	      k_ecc.tk_hier);
	return check_creation(&k_ecc, &k_ecc, ALG_ECDSA, ALG_SHA256);
}

static bool test_certify_creation_bad_ticket(void)
{
	const struct key *o = &k_ak;
	u8 tk[MAXD], h[MAXD];

	memcpy(tk, o->tk, o->tk_len);
	tk[3] ^= 1;
	CHECK_RC(certify_creation(k_rsa.handle, o, ALG_RSASSA, ALG_SHA256,
				  o->chash, o->chash_len, o->tk_hier, tk,
				  o->tk_len), RC_TICKET + RC_P + RC_N(4));
	/* Another creationHash, the genuine ticket */
	memcpy(h, o->chash, o->chash_len);
	h[0] ^= 0x80;
	CHECK_RC(certify_creation(k_rsa.handle, o, ALG_RSASSA, ALG_SHA256,
				  h, o->chash_len, o->tk_hier, o->tk,
				  o->tk_len), RC_TICKET + RC_P + RC_N(4));
	/* The ticket of another object */
	CHECK_RC(certify_creation(k_rsa.handle, o, ALG_RSASSA, ALG_SHA256,
				  k_rsa.chash, k_rsa.chash_len, k_rsa.tk_hier,
				  k_rsa.tk, k_rsa.tk_len),
		 RC_TICKET + RC_P + RC_N(4));
	/* The right ticket named with another hierarchy */
	CHECK_RC(certify_creation(k_rsa.handle, o, ALG_RSASSA, ALG_SHA256,
				  o->chash, o->chash_len, RH_ENDORSEMENT,
				  o->tk, o->tk_len),
		 RC_TICKET + RC_P + RC_N(4));
	/* Key checks come first */
	CHECK_RC(certify_creation(k_srk.handle, o, ALG_RSASSA, ALG_SHA256,
				  o->chash, o->chash_len, o->tk_hier, o->tk,
				  o->tk_len), RC_KEY + RC_N(1));
	CHECK_RC(certify_creation(k_rsa.handle, o, ALG_NULL, ALG_NULL,
				  o->chash, o->chash_len, o->tk_hier, o->tk,
				  o->tk_len), RC_SCHEME + RC_P + RC_N(3));
	return true;
}

static bool test_certify_creation_null_sign(void)
{
	const struct key *o = &k_ak;
	struct attest a;
	struct sig s;

	OK(certify_creation(RH_NULL, o, ALG_NULL, ALG_NULL, o->chash,
			    o->chash_len, o->tk_hier, o->tk, o->tk_len));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(s.alg == ALG_NULL, "signature %#x", s.alg);
	return check_head(&a, ST_ATTEST_CREATION, NULL, nonce, sizeof(nonce));
}

/* ---- Tests: TPM2_GetTime ---- */

static bool check_time(const struct key *k, u16 alg, u16 hash, bool plain)
{
	struct clock before, after, t;
	struct attest a;
	struct sig s;
	u64 fw, tfw;

	CHECK(firmware(&fw), "GetCapability failed");
	CHECK(read_clock(&before), "ReadClock failed");
	OK(get_time(RH_ENDORSEMENT, k->handle, alg, hash));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(read_clock(&after), "ReadClock failed");
	if (!check_head(&a, ST_ATTEST_TIME, k, nonce, sizeof(nonce)) ||
	    !check_clock(&a, &before, &after, plain))
		return false;
	/* TPMS_TIME_ATTEST_INFO: always in the clear */
	t.time = g64(&a.att);
	t.clock = g64(&a.att);
	t.reset = g32(&a.att);
	t.restart = g32(&a.att);
	t.safe = g8(&a.att);
	tfw = g64(&a.att);
	if (!att_end(&a))
		return false;
	CHECK(t.time >= before.time && t.time <= after.time,
	      "time %llu not in [%llu, %llu]", (unsigned long long)t.time,
	      (unsigned long long)before.time,
	      (unsigned long long)after.time);
	CHECK(t.clock == a.clock, "two clocks in one attestation");
	CHECK(t.reset == after.reset && t.restart == after.restart &&
	      t.safe == after.safe, "TPMS_TIME_INFO clockInfo differs");
	CHECK(tfw == fw, "firmwareVersion %#llx, want %#llx",
	      (unsigned long long)tfw, (unsigned long long)fw);
	return verify(k, &a, &s, alg, hash);
}

static bool test_get_time_ecdsa(void)
{
	return check_time(&k_ecc, ALG_ECDSA, ALG_SHA256, true);
}

static bool test_get_time_owner_key(void)
{
	return check_time(&k_rsa, ALG_RSAPSS, ALG_SHA256, false);
}

static bool test_get_time_errors(void)
{
	/* privacyAdminHandle is TPMI_RH_ENDORSEMENT */
	CHECK_RC(get_time(RH_OWNER, k_ecc.handle, ALG_ECDSA, ALG_SHA256),
		 RC_VALUE + RC_N(1));
	CHECK_RC(get_time(RH_ENDORSEMENT, k_srk.handle, ALG_NULL, ALG_NULL),
		 RC_KEY + RC_N(2));
	CHECK_RC(get_time(RH_ENDORSEMENT, k_ecc.handle, ALG_NULL, ALG_NULL),
		 RC_SCHEME + RC_P + RC_N(2));
	return true;
}

static bool test_get_time_null_sign(void)
{
	struct attest a;
	struct sig s;

	OK(get_time(RH_ENDORSEMENT, RH_NULL, ALG_NULL, ALG_NULL));
	if (!parse_attest(&a, &s))
		return false;
	CHECK(s.alg == ALG_NULL, "signature %#x", s.alg);
	return check_head(&a, ST_ATTEST_TIME, NULL, nonce, sizeof(nonce));
}

/* ---- Tests: TPM2_GetSessionAuditDigest ---- */

static u32 start_hmac_session(bool policy)
{
	u8 caller[32];
	struct buf c;
	u32 h[2] = { RH_NULL, RH_NULL };

	memset(caller, 0x42, sizeof(caller));
	c_start(&c, CC_START_AUTH_SESSION, 2, h, 0);
	p2b(&c, caller, sizeof(caller));
	p16(&c, 0);
	p8(&c, policy ? 1 : 0);
	p16(&c, ALG_NULL);
	p16(&c, ALG_SHA256);
	if (xc(&c))
		return 0;
	return rsp_handle();
}

/*
 * GetRandom(8) audited by session @s; the audit digest it must leave:
 * H(@digest || cpHash || rpHash).
 */
static bool audited_get_random(u32 s, u8 *digest)
{
	static const u8 caller[16] = { 9, 8, 7 };
	u8 cp[32], rp[32], cc_be[4], rc_be[4] = { 0 };
	u8 params[2] = { 0, 8 };
	struct buf c;
	struct rd r;

	c_begin(&c, ST_SESSIONS, CC_GET_RANDOM, 0, NULL);
	p32(&c, 4 + 2 + sizeof(caller) + 1 + 2);
	p32(&c, s);
	p2b(&c, caller, sizeof(caller));
	p8(&c, SA_CONTINUE | SA_AUDIT);
	p16(&c, 0);
	pbytes(&c, params, sizeof(params));
	OK(xc(&c));
	rsp_params(&r, 0);
	CHECK(!r.bad, "GetRandom response malformed");
	put32(cc_be, CC_GET_RANDOM);
	hash3(ALG_SHA256, cc_be, 4, params, sizeof(params), NULL, 0, cp);
	hash3(ALG_SHA256, rc_be, 4, cc_be, 4, r.p, r.left, rp);
	hash3(ALG_SHA256, digest, 32, cp, 32, rp, 32, digest);
	return true;
}

static bool check_audit(u32 s, const u8 *want, u8 exclusive)
{
	struct attest a;
	struct sig sg;
	const u8 *p;
	u16 n;

	OK(session_audit(RH_ENDORSEMENT, k_ecc.handle, s, ALG_ECDSA,
			 ALG_SHA256));
	if (!parse_attest(&a, &sg))
		return false;
	if (!check_head(&a, ST_ATTEST_SESSION_AUDIT, &k_ecc, nonce,
			sizeof(nonce)))
		return false;
	CHECK(g8(&a.att) == exclusive, "exclusiveSession is not %u",
	      exclusive);
	p = g2b(&a.att, &n);
	CHECK(p && n == 32 && !memcmp(p, want, 32),
	      "sessionDigest is not the audit digest computed here");
	return att_end(&a) && verify(&k_ecc, &a, &sg, ALG_ECDSA, ALG_SHA256);
}

static bool test_session_audit(void)
{
	u8 digest[32] = { 0 };
	u32 s = start_hmac_session(false);
	bool ok;

	CHECK(s, "StartAuthSession failed");
	ok = audited_get_random(s, digest) && audited_get_random(s, digest) &&
	     /* the last command was audited by s alone: exclusive */
	     check_audit(s, digest, 1) &&
	     /* GetSessionAuditDigest itself was not audited by it */
	     check_audit(s, digest, 0);
	flush(s);
	return ok;
}

static bool test_session_audit_errors(void)
{
	u32 hs = start_hmac_session(false);
	u32 ps = start_hmac_session(true);
	u32 rc[4];

	if (!hs || !ps) {
		flush(hs);
		flush(ps);
		return fail("StartAuthSession failed");
	}
	/* An HMAC session that never audited: TPM_RC_TYPE, handle 3 */
	rc[0] = session_audit(RH_ENDORSEMENT, k_ecc.handle, hs, ALG_ECDSA,
			      ALG_SHA256);
	/* A policy session is no TPMI_SH_HMAC */
	rc[1] = session_audit(RH_ENDORSEMENT, k_ecc.handle, ps, ALG_ECDSA,
			      ALG_SHA256);
	rc[2] = session_audit(RH_OWNER, k_ecc.handle, hs, ALG_ECDSA,
			      ALG_SHA256);
	rc[3] = session_audit(RH_ENDORSEMENT, k_srk.handle, hs, ALG_ECDSA,
			      ALG_SHA256);
	flush(hs);
	flush(ps);
	CHECK(rc[0] == RC_TYPE + RC_N(3), "unaudited session: rc %#x", rc[0]);
	CHECK(rc[1] == RC_VALUE + RC_N(3), "policy session: rc %#x", rc[1]);
	CHECK(rc[2] == RC_VALUE + RC_N(1), "owner as privacy admin: rc %#x",
	      rc[2]);
	CHECK(rc[3] == RC_KEY + RC_N(2), "storage key: rc %#x", rc[3]);
	return true;
}

/* ---- Tests: TPM2_NV_Certify ---- */

#define NV_INDEX	0x01500020
#define NV_SIZE		32

static bool nv_ready;
static u8 nv_data[NV_SIZE];
static u8 nv_name[MAXN];

static u32 nv_certify_at(u32 key, u32 auth, u32 index, u16 size,
			 u16 offset)
{
	u32 h[3] = { key, auth, index };
	struct buf c;

	c_start(&c, CC_NV_CERTIFY, 3, h, 2);
	p_common(&c, nonce, sizeof(nonce), ALG_RSASSA, ALG_SHA256);
	p16(&c, size);
	p16(&c, offset);
	return xc(&c);
}

static u32 nv_certify(u32 key, u32 auth, u16 size, u16 offset)
{
	return nv_certify_at(key, auth, NV_INDEX, size, offset);
}

/* An index only its own authValue may read or write; never written */
static u32 nv_define_unwritten(u32 index)
{
	struct buf c, pub;
	u32 h = RH_OWNER;

	pub.n = 0;
	p32(&pub, index);
	p16(&pub, ALG_SHA256);
	p32(&pub, NV_AUTHWRITE | NV_AUTHREAD);
	p16(&pub, 0);
	p16(&pub, 8);
	c_start(&c, CC_NV_DEFINE_SPACE, 1, &h, 1);
	p16(&c, 0);
	p2b(&c, pub.b, pub.n);
	return xc(&c);
}

/* Define and write an index; false (with why) when NV is missing */
static bool nv_setup(void)
{
	u32 h[2] = { RH_OWNER, NV_INDEX };
	u32 attrs = NV_OWNERWRITE | NV_AUTHWRITE | NV_OWNERREAD |
		    NV_AUTHREAD;
	struct buf c, pub;
	const u8 *p;
	struct rd r;
	u16 n;
	u32 rc;
	int i;

	for (i = 0; i < NV_SIZE; i++)
		nv_data[i] = 0xC0 + i;
	pub.n = 0;
	p32(&pub, NV_INDEX);
	p16(&pub, ALG_SHA256);
	p32(&pub, attrs);
	p16(&pub, 0);
	p16(&pub, NV_SIZE);
	c_start(&c, CC_NV_DEFINE_SPACE, 1, h, 1);
	p16(&c, 0);
	p2b(&c, pub.b, pub.n);
	rc = xc(&c);
	if (rc == RC_COMMAND_CODE)
		return false;
	CHECK(!rc, "NV_DefineSpace: rc %#x", rc);
	c_start(&c, CC_NV_WRITE, 2, h, 1);
	p2b(&c, nv_data, NV_SIZE);
	p16(&c, 0);
	CHECK(!xc(&c), "NV_Write failed");
	/* Name = nameAlg || H(TPMS_NV_PUBLIC), now with TPMA_NV_WRITTEN */
	pub.n = 0;
	p32(&pub, NV_INDEX);
	p16(&pub, ALG_SHA256);
	p32(&pub, attrs | NV_WRITTEN);
	p16(&pub, 0);
	p16(&pub, NV_SIZE);
	nv_name[0] = 0;
	nv_name[1] = ALG_SHA256;
	hash3(ALG_SHA256, pub.b, pub.n, NULL, 0, NULL, 0, nv_name + 2);
	c_start(&c, CC_NV_READ_PUBLIC, 1, &h[1], 0);
	CHECK(!xc(&c), "NV_ReadPublic failed");
	rsp_params(&r, 0);
	g2b(&r, &n);
	p = g2b(&r, &n);
	CHECK(p && n == 34 && !memcmp(p, nv_name, 34),
	      "NV_ReadPublic's Name differs from the one computed here");
	nv_ready = true;
	return true;
}

static bool test_nv_certify(void)
{
	struct attest a;
	struct sig s;
	const u8 *p;
	u16 n;

	OK(nv_certify(k_rsa.handle, NV_INDEX, 16, 8));
	if (!parse_attest(&a, &s))
		return false;
	if (!check_head(&a, ST_ATTEST_NV, &k_rsa, nonce, sizeof(nonce)))
		return false;
	p = g2b(&a.att, &n);
	CHECK(p && n == 34 && !memcmp(p, nv_name, 34), "indexName wrong");
	CHECK(g16(&a.att) == 8, "offset wrong");
	p = g2b(&a.att, &n);
	CHECK(p && n == 16 && !memcmp(p, nv_data + 8, 16),
	      "nvContents wrong");
	return att_end(&a) && verify(&k_rsa, &a, &s, ALG_RSASSA, ALG_SHA256);
}

static bool test_nv_certify_digest(void)
{
	u8 want[32];
	struct attest a;
	struct sig s;
	const u8 *p;
	u16 n;

	/* size 0, offset 0: TPMS_NV_DIGEST_CERTIFY_INFO, owner authorizing */
	OK(nv_certify(k_rsa.handle, RH_OWNER, 0, 0));
	if (!parse_attest(&a, &s))
		return false;
	if (!check_head(&a, ST_ATTEST_NV_DIGEST, &k_rsa, nonce,
			sizeof(nonce)))
		return false;
	p = g2b(&a.att, &n);
	CHECK(p && n == 34 && !memcmp(p, nv_name, 34), "indexName wrong");
	hash3(ALG_SHA256, nv_data, NV_SIZE, NULL, 0, NULL, 0, want);
	p = g2b(&a.att, &n);
	CHECK(p && n == 32 && !memcmp(p, want, 32), "nvDigest wrong");
	return att_end(&a) && verify(&k_rsa, &a, &s, ALG_RSASSA, ALG_SHA256);
}

static bool test_nv_certify_errors(void)
{
	CHECK_RC(nv_certify(k_rsa.handle, NV_INDEX, 8, 25), RC_NV_RANGE);
	OK(nv_define_unwritten(NV_INDEX + 1));
	/* The owner may not read it; the index may, but it holds nothing */
	CHECK_RC(nv_certify_at(k_rsa.handle, RH_OWNER, NV_INDEX + 1, 8, 0),
		 RC_NV_AUTHORIZATION);
	CHECK_RC(nv_certify_at(k_rsa.handle, NV_INDEX + 1, NV_INDEX + 1, 8,
			       0), RC_NV_UNINITIALIZED);
	CHECK_RC(nv_certify(k_srk.handle, NV_INDEX, 8, 0), RC_KEY + RC_N(1));
	OK(nv_certify(k_rsa.handle, NV_INDEX, 8, 24));
	return true;
}

/* ---- Setup ---- */

static void die(const char *what)
{
	fprintf(stderr, "setup: %s failed (rc %#x) %s\n", what,
		rsp_len >= 10 ? (u32)rsp[6] << 24 | rsp[7] << 16 |
		rsp[8] << 8 | rsp[9] : 0, why);
	exit(2);
}

static void setup(void)
{
	const u32 key_attrs = OA_FIXED_TPM | OA_FIXED_PARENT |
			      OA_SENS_ORIGIN | OA_USER_WITH_AUTH | OA_NO_DA;
	struct tpm2_engine_config cfg;
	struct clock k;
	u8 policy[32];
	struct buf c, t;
	u32 h;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5E, sizeof(cfg.secret));
	eng = tpm2_engine_create(&cfg);
	if (!eng)
		die("tpm2_engine_create");
	c_start(&c, CC_STARTUP, 0, NULL, 0);
	p16(&c, 0);
	if (xc(&c))
		die("Startup");

	/* Clock far from Time, so that one cannot pass for the other */
	if (!read_clock(&k))
		die("ReadClock");
	h = RH_OWNER;
	c_start(&c, CC_CLOCK_SET, 1, &h, 1);
	p32(&c, (k.clock + 50000000) >> 32);
	p32(&c, (u32)(k.clock + 50000000));
	if (xc(&c))
		die("ClockSet");

	tmpl_rsa(&t, key_attrs | OA_RESTRICTED | OA_DECRYPT, true, ALG_NULL,
		 0);
	if (!create_primary(&k_srk, RH_OWNER, &t) ||
	    !persist(&k_srk, 0x81000001))
		die("storage primary");
	tmpl_rsa(&t, key_attrs | OA_SIGN, false, ALG_NULL, 0);
	if (!create_primary(&k_rsa, RH_OWNER, &t) ||
	    !persist(&k_rsa, 0x81000002))
		die("RSA signing primary");
	tmpl_ecc(&t, key_attrs | OA_SIGN, NULL, ALG_NULL, 0);
	if (!create_primary(&k_ecc, RH_ENDORSEMENT, &t) ||
	    !persist(&k_ecc, 0x81010001))
		die("ECC signing primary");
	tmpl_rsa(&t, key_attrs | OA_SIGN | OA_RESTRICTED, false, ALG_RSASSA,
		 ALG_SHA256);
	if (!create_child(&k_ak, &k_srk, &t) || !persist(&k_ak, 0x81000003))
		die("AK");
	memset(policy, 0x11, sizeof(policy));
	tmpl_ecc(&t, key_attrs | OA_SIGN | OA_ADMIN_WITH_POLICY, policy,
		 ALG_ECDSA, ALG_SHA256);
	if (!create_primary(&k_adm, RH_OWNER, &t) ||
	    !persist(&k_adm, 0x81000004))
		die("adminWithPolicy key");
}

int main(void)
{
	setup();
	run("quote_rsassa", test_quote_rsassa);
	run("quote_rsapss_sha384", test_quote_rsapss_sha384);
	run("quote_ecdsa", test_quote_ecdsa);
	run("quote_restricted_ak", test_quote_restricted_ak);
	run("quote_pcr_change", test_quote_pcr_change);
	run("quote_unallocated_filtered", test_quote_unallocated_filtered);
	run("quote_errors", test_quote_errors);
	run("quote_public_only", test_quote_public_only);
	run("quote_null_key", test_quote_null_key);
	run("quote_privacy", test_quote_privacy);
	run("certify_rsassa", test_certify_rsassa);
	run("certify_ecdsa_self", test_certify_ecdsa_self);
	run("certify_restricted", test_certify_restricted);
	run("certify_null_sign", test_certify_null_sign);
	run("certify_hmac", test_certify_hmac);
	run("certify_errors", test_certify_errors);
	run("certify_creation_child", test_certify_creation_child);
	run("certify_creation_primary", test_certify_creation_primary);
	run("certify_creation_bad_ticket", test_certify_creation_bad_ticket);
	run("certify_creation_null_sign", test_certify_creation_null_sign);
	run("get_time_ecdsa", test_get_time_ecdsa);
	run("get_time_owner_key", test_get_time_owner_key);
	run("get_time_errors", test_get_time_errors);
	run("get_time_null_sign", test_get_time_null_sign);
	run("session_audit", test_session_audit);
	run("session_audit_errors", test_session_audit_errors);
	why[0] = 0;
	if (nv_setup()) {
		run("nv_certify", test_nv_certify);
		run("nv_certify_digest", test_nv_certify_digest);
		run("nv_certify_errors", test_nv_certify_errors);
	} else if (why[0]) {
		printf("FAIL: attest.nv_setup: %s\n", why);
		n_fail++;
	} else {
		printf("SKIP: attest.nv_certify: NV_DefineSpace not implemented\n");
	}
	EVP_PKEY_free(k_srk.pk);
	EVP_PKEY_free(k_rsa.pk);
	EVP_PKEY_free(k_ecc.pk);
	EVP_PKEY_free(k_ak.pk);
	EVP_PKEY_free(k_adm.pk);
	tpm2_engine_destroy(eng);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
