// SPDX-License-Identifier: GPL-2.0
/*
 * Command-level tests of credential protection and key transport
 * (kernel/tpm2/cmd_cred.c): TPM2_MakeCredential, TPM2_ActivateCredential,
 * TPM2_Duplicate and TPM2_Import. The blobs are made or opened here with
 * OpenSSL from the formulas of TPM 2.0 Part 1 (KDFa, KDFe, RSA-OAEP, ECDH,
 * AES-CFB, HMAC), so the engine is checked against an independent
 * computation, not against itself; the error cases check the response
 * codes Part 3 names. One line per test, "PASS: name" or
 * "FAIL: name: reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "engine_int.h"
#include "session.h"

#define RSP_MAX TPM2_MAX_RESPONSE_SIZE

static struct tpm2_engine *eng;
static u8 rsp[RSP_MAX];
static size_t rsp_len;
static char fail_msg[512];
static unsigned int passed, failed;

static bool failf(const char *fmt, ...)
{
	char buf[sizeof(fail_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(fail_msg, buf, sizeof(buf));
	return false;
}

#define EXPECT(cond, ...) \
	do { if (!(cond)) return failf(__VA_ARGS__); } while (0)

#define EXPECT_RC(expr, want) do {					\
	u32 __rc = (expr);						\
	EXPECT(__rc == (u32)(want), "line %d: %s: rc %#x, want %#x",	\
	       __LINE__, #expr, __rc, (u32)(want));			\
} while (0)

/* An OpenSSL call that must work */
#define OSSL(x) do {							\
	if (!(x)) {							\
		fprintf(stderr, "%s:%d: OpenSSL: %s\n", __FILE__,	\
			__LINE__, #x);					\
		exit(2);						\
	}								\
} while (0)

#define RC_P(rc, n)	((rc) + TPM2E_RC_P + TPM2E_RC_N(n))
#define RC_H(rc, n)	((rc) + TPM2E_RC_H + TPM2E_RC_N(n))
#define RC_S(rc, n)	((rc) + TPM2E_RC_S + TPM2E_RC_N(n))

#define OA_FIXED_TPM	TPM2E_OA_FIXED_TPM
#define OA_FIXED_PARENT	TPM2E_OA_FIXED_PARENT
#define OA_SDO		TPM2E_OA_SENSITIVE_DATA_ORIGIN
#define OA_USER		TPM2E_OA_USER_WITH_AUTH
#define OA_NO_DA	TPM2E_OA_NO_DA
#define OA_ENC_DUP	TPM2E_OA_ENCRYPTED_DUPLICATION
#define OA_RESTRICTED	TPM2E_OA_RESTRICTED
#define OA_DECRYPT	TPM2E_OA_DECRYPT
#define OA_SIGN		TPM2E_OA_SIGN
#define OA_STORAGE	(OA_FIXED_TPM | OA_FIXED_PARENT | OA_SDO | OA_USER | \
			 OA_NO_DA | OA_RESTRICTED | OA_DECRYPT)

/* ---- commands ---- */

struct cmdbuf {
	u8 b[4096];
	u32 len;
};

static void cb_u8(struct cmdbuf *c, u8 v)
{
	c->b[c->len++] = v;
}

static void cb_u16(struct cmdbuf *c, u16 v)
{
	put_unaligned_be16(v, c->b + c->len);
	c->len += 2;
}

static void cb_u32(struct cmdbuf *c, u32 v)
{
	put_unaligned_be32(v, c->b + c->len);
	c->len += 4;
}

static void cb_bytes(struct cmdbuf *c, const void *p, u32 n)
{
	if (n)
		memcpy(c->b + c->len, p, n);
	c->len += n;
}

static void cb_2b(struct cmdbuf *c, const void *p, u16 n)
{
	cb_u16(c, n);
	cb_bytes(c, p, n);
}

/* A command without sessions; handles of 0 are left out */
static void cb_start(struct cmdbuf *c, u32 cc, u32 h0, u32 h1)
{
	c->len = 0;
	cb_u16(c, TPM2E_ST_NO_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	if (h0)
		cb_u32(c, h0);
	if (h1)
		cb_u32(c, h1);
}

/*
 * A command with sessions: @n empty passwords, or when @policy is set one
 * policy session (no HMAC: unbound, unsalted, no authValue) first.
 */
static void cb_start_auth(struct cmdbuf *c, u32 cc, u32 h0, u32 h1,
			  unsigned int n, u32 policy)
{
	unsigned int i;

	c->len = 0;
	cb_u16(c, TPM2E_ST_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	cb_u32(c, h0);
	if (h1)
		cb_u32(c, h1);
	cb_u32(c, 9 * n);
	for (i = 0; i < n; i++) {
		cb_u32(c, i == 0 && policy ? policy : TPM2E_RS_PW);
		cb_u16(c, 0);
		cb_u8(c, 0);
		cb_u16(c, 0);
	}
}

static u32 exec_cb(struct cmdbuf *c)
{
	put_unaligned_be32(c->len, c->b + 2);
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, c->b, c->len, rsp, sizeof(rsp),
				      NULL);
	if (rsp_len < 10)
		return 0xFFFFFFFF;
	return get_unaligned_be32(rsp + 6);
}

/* A cursor over a response */
struct rd {
	const u8 *p;
	size_t left;
	bool bad;
};

static void rd_at(struct rd *r, size_t off)
{
	r->bad = off > rsp_len;
	r->p = rsp + off;
	r->left = r->bad ? 0 : rsp_len - off;
}

static u16 g16(struct rd *r)
{
	u16 v;

	if (r->left < 2) {
		r->bad = true;
		return 0;
	}
	v = get_unaligned_be16(r->p);
	r->p += 2;
	r->left -= 2;
	return v;
}

static u32 g32(struct rd *r)
{
	u32 v;

	if (r->left < 4) {
		r->bad = true;
		return 0;
	}
	v = get_unaligned_be32(r->p);
	r->p += 4;
	r->left -= 4;
	return v;
}

/* A TPM2B into @out (@max bytes); its size */
static u16 g2b(struct rd *r, u8 *out, size_t max)
{
	u16 n = g16(r);

	if (r->bad || n > r->left || n > max) {
		r->bad = true;
		return 0;
	}
	if (out)
		memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/*
 * Where a response's parameters start: after @nh handles, and the
 * parameterSize of an ST_SESSIONS response
 */
static void rd_params(struct rd *r, unsigned int nh)
{
	size_t off = 10 + 4 * nh;
	u32 size;

	if (get_unaligned_be16(rsp) != TPM2E_ST_SESSIONS) {
		rd_at(r, off);
		return;
	}
	rd_at(r, off + 4);
	size = off + 4 <= rsp_len ? get_unaligned_be32(rsp + off) : 0;
	if (size > r->left)
		r->bad = true;
	else
		r->left = size;
}

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;
	struct cmdbuf c;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5A, sizeof(cfg.secret));
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	cb_start(&c, TPM2E_CC_STARTUP, 0, 0);
	cb_u16(&c, TPM2E_SU_CLEAR);
	if (exec_cb(&c)) {
		fprintf(stderr, "Startup failed\n");
		exit(2);
	}
}

static void flush(u32 h)
{
	struct cmdbuf c;

	if (!h)
		return;
	cb_start(&c, TPM2E_CC_FLUSH_CONTEXT, 0, 0);
	cb_u32(&c, h);
	exec_cb(&c);
}

/* ---- keys ---- */

/**
 * struct tkey - a key as the test knows it
 * @h: its handle while loaded, else 0
 * @pub: TPMT_PUBLIC as the TPM returned it
 * @priv: TPM2B_PRIVATE's buffer from TPM2_Create
 * @name: nameAlg || SHA-256(@pub), computed here
 * @type: TPMI_ALG_PUBLIC
 * @n: RSA modulus (2048 bits)
 * @x: ECC point
 * @y: ECC point
 */
struct tkey {
	u32 h;
	u8 pub[600];
	u16 publ;
	u8 priv[600];
	u16 privl;
	u8 name[34];
	u16 namel;
	u16 type;
	u8 n[256];
	u8 x[32], y[32];
};

static void sha256(const void *p, size_t n, u8 *out)
{
	OSSL(EVP_Digest(p, n, out, NULL, EVP_sha256(), NULL));
}

/* Walk TPMT_PUBLIC in @k->pub: type and public key; the Name */
static bool parse_public(struct tkey *k)
{
	struct rd r = { .p = k->pub, .left = k->publ };
	u16 alg;

	k->type = g16(&r);
	EXPECT(g16(&r) == TPM2E_ALG_SHA256, "nameAlg not SHA-256");
	g32(&r);
	g2b(&r, NULL, 64);
	if (k->type == TPM2E_ALG_KEYEDHASH) {
		alg = g16(&r);
		if (alg != TPM2E_ALG_NULL)
			g16(&r);
		g2b(&r, NULL, 64);
	} else {
		alg = g16(&r);		/* symmetric */
		if (alg != TPM2E_ALG_NULL) {
			g16(&r);
			g16(&r);
		}
		alg = g16(&r);		/* scheme */
		if (alg != TPM2E_ALG_NULL)
			g16(&r);
		if (k->type == TPM2E_ALG_RSA) {
			EXPECT(g16(&r) == 2048, "not RSA-2048");
			g32(&r);
			EXPECT(g2b(&r, k->n, 256) == 256, "modulus size");
		} else {
			EXPECT(g16(&r) == TPM2E_ECC_NIST_P256, "not P-256");
			alg = g16(&r);
			if (alg != TPM2E_ALG_NULL)
				g16(&r);
			EXPECT(g2b(&r, k->x, 32) == 32, "x size");
			EXPECT(g2b(&r, k->y, 32) == 32, "y size");
		}
	}
	EXPECT(!r.bad && !r.left, "public area malformed");
	put_unaligned_be16(TPM2E_ALG_SHA256, k->name);
	sha256(k->pub, k->publ, k->name + 2);
	k->namel = 34;
	return true;
}

struct tmpl {
	u8 b[512];
	u16 n;
};

static void t16(struct tmpl *t, u16 v)
{
	put_unaligned_be16(v, t->b + t->n);
	t->n += 2;
}

static void t32(struct tmpl *t, u32 v)
{
	put_unaligned_be32(v, t->b + t->n);
	t->n += 4;
}

static void t2b(struct tmpl *t, const u8 *p, u16 n)
{
	t16(t, n);
	if (n)
		memcpy(t->b + t->n, p, n);
	t->n += n;
}

/* A storage key: RSA-2048 or ECC P-256, AES-128-CFB */
static void storage_tmpl(struct tmpl *t, u16 type, u32 attrs)
{
	t->n = 0;
	t16(t, type);
	t16(t, TPM2E_ALG_SHA256);
	t32(t, attrs);
	t16(t, 0);
	t16(t, TPM2E_ALG_AES);
	t16(t, 128);
	t16(t, TPM2E_ALG_CFB);
	t16(t, TPM2E_ALG_NULL);
	if (type == TPM2E_ALG_RSA) {
		t16(t, 2048);
		t32(t, 0);
		t16(t, 0);
	} else {
		t16(t, TPM2E_ECC_NIST_P256);
		t16(t, TPM2E_ALG_NULL);
		t16(t, 0);
		t16(t, 0);
	}
}

/* An ECDSA-SHA256 P-256 signing key */
static void ecdsa_tmpl(struct tmpl *t, u32 attrs, const u8 *policy)
{
	t->n = 0;
	t16(t, TPM2E_ALG_ECC);
	t16(t, TPM2E_ALG_SHA256);
	t32(t, attrs);
	t2b(t, policy, policy ? 32 : 0);
	t16(t, TPM2E_ALG_NULL);
	t16(t, TPM2E_ALG_ECDSA);
	t16(t, TPM2E_ALG_SHA256);
	t16(t, TPM2E_ECC_NIST_P256);
	t16(t, TPM2E_ALG_NULL);
	t16(t, 0);
	t16(t, 0);
}

/* An HMAC-SHA256 key (KEYEDHASH) */
static void hmac_tmpl(struct tmpl *t, u32 attrs, const u8 *policy)
{
	t->n = 0;
	t16(t, TPM2E_ALG_KEYEDHASH);
	t16(t, TPM2E_ALG_SHA256);
	t32(t, attrs);
	t2b(t, policy, policy ? 32 : 0);
	t16(t, TPM2E_ALG_HMAC);
	t16(t, TPM2E_ALG_SHA256);
	t16(t, 0);
}

static u32 create_primary(u32 hier, const struct tmpl *t, struct tkey *k)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	memset(k, 0, sizeof(*k));
	cb_start_auth(&c, TPM2E_CC_CREATE_PRIMARY, hier, 0, 1, 0);
	cb_u16(&c, 4);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_2b(&c, t->b, t->n);
	cb_u16(&c, 0);
	cb_u32(&c, 0);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	k->h = get_unaligned_be32(rsp + 10);
	rd_params(&r, 1);
	k->publ = g2b(&r, k->pub, sizeof(k->pub));
	if (r.bad || !parse_public(k))
		return 0xFFFFFFFE;
	return 0;
}

/* TPM2_Create under @parent, the key's data @data (none: the TPM's) */
static u32 create(u32 parent, const struct tmpl *t, const u8 *data,
		  u16 datal, struct tkey *k)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	memset(k, 0, sizeof(*k));
	cb_start_auth(&c, TPM2E_CC_CREATE, parent, 0, 1, 0);
	cb_u16(&c, 4 + datal);
	cb_u16(&c, 0);
	cb_2b(&c, data, datal);
	cb_2b(&c, t->b, t->n);
	cb_u16(&c, 0);
	cb_u32(&c, 0);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	k->privl = g2b(&r, k->priv, sizeof(k->priv));
	k->publ = g2b(&r, k->pub, sizeof(k->pub));
	if (r.bad || !parse_public(k))
		return 0xFFFFFFFE;
	return 0;
}

/* TPM2_Load of @priv (@k's own when NULL) and @k's public area */
static u32 load(u32 parent, struct tkey *k, const u8 *priv, u16 privl)
{
	u8 name[64];
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_LOAD, parent, 0, 1, 0);
	if (priv)
		cb_2b(&c, priv, privl);
	else
		cb_2b(&c, k->priv, k->privl);
	cb_2b(&c, k->pub, k->publ);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	k->h = get_unaligned_be32(rsp + 10);
	rd_params(&r, 1);
	if (g2b(&r, name, sizeof(name)) != k->namel || r.bad ||
	    memcmp(name, k->name, k->namel))
		return 0xFFFFFFFD;
	return 0;
}

/* TPM2_LoadExternal of a public area alone into the null hierarchy */
static u32 load_public(struct tkey *k)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_CC_LOAD_EXTERNAL, 0, 0);
	cb_u16(&c, 0);
	cb_2b(&c, k->pub, k->publ);
	cb_u32(&c, TPM2E_RH_NULL);
	rc = exec_cb(&c);
	if (!rc)
		k->h = get_unaligned_be32(rsp + 10);
	return rc;
}

/* ---- the independent computation ---- */

/*
 * KDFa(SHA-256) of TPM 2.0 Part 1 from HMAC: blocks of
 * HMAC(key, counter || label || 0 || u || bits), bits of the whole output
 */
static void kdfa_n(const u8 *key, size_t kl, const char *label, const u8 *u,
		   size_t ul, u8 *out, size_t bytes)
{
	u8 in[256], block[32];
	u32 ctr = 0, bits = (u32)(bytes * 8);
	size_t n, m;
	unsigned int bl;

	while (bytes) {
		put_unaligned_be32(++ctr, in);
		n = 4;
		memcpy(in + n, label, strlen(label) + 1);
		n += strlen(label) + 1;
		if (ul)
			memcpy(in + n, u, ul);
		n += ul;
		put_unaligned_be32(bits, in + n);
		n += 4;
		OSSL(HMAC(EVP_sha256(), key, (int)kl, in, n, block, &bl));
		m = bytes < 32 ? bytes : 32;
		memcpy(out, block, m);
		out += m;
		bytes -= m;
	}
}

/* KDFe(SHA-256) of 32 bytes: H(1 || Z || label || u || v) */
static void kdfe32(const u8 *z, const char *label, const u8 *u, const u8 *v,
		   u8 *out)
{
	EVP_MD_CTX *ctx;
	u8 ctr[4];

	put_unaligned_be32(1, ctr);
	OSSL(ctx = EVP_MD_CTX_new());
	OSSL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL));
	OSSL(EVP_DigestUpdate(ctx, ctr, 4));
	OSSL(EVP_DigestUpdate(ctx, z, 32));
	OSSL(EVP_DigestUpdate(ctx, label, strlen(label) + 1));
	OSSL(EVP_DigestUpdate(ctx, u, 32));
	OSSL(EVP_DigestUpdate(ctx, v, 32));
	OSSL(EVP_DigestFinal_ex(ctx, out, NULL));
	EVP_MD_CTX_free(ctx);
}

/* AES-128-CFB (full-block feedback), IV zero */
static void aes_cfb(const u8 *key, u8 *buf, int len, bool enc)
{
	static const u8 iv[16];
	EVP_CIPHER_CTX *ctx;
	int ol;

	OSSL(ctx = EVP_CIPHER_CTX_new());
	OSSL(EVP_CipherInit_ex(ctx, EVP_aes_128_cfb128(), NULL, key, iv,
			       enc));
	OSSL(EVP_CipherUpdate(ctx, buf, &ol, buf, len) && ol == len);
	EVP_CIPHER_CTX_free(ctx);
}

static void hmac2(const u8 *key, const u8 *a, size_t al, const u8 *b,
		  size_t bl, u8 *out)
{
	u8 in[1024];
	unsigned int ol;

	memcpy(in, a, al);
	memcpy(in + al, b, bl);
	OSSL(HMAC(EVP_sha256(), key, 32, in, al + bl, out, &ol));
}

static EVP_PKEY *rsa_pub(const struct tkey *k)
{
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *par;
	EVP_PKEY_CTX *c;
	EVP_PKEY *pk = NULL;
	BIGNUM *n, *e;

	OSSL(n = BN_bin2bn(k->n, 256, NULL));
	OSSL(e = BN_new());
	OSSL(BN_set_word(e, 65537));
	OSSL(bld = OSSL_PARAM_BLD_new());
	OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n));
	OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e));
	OSSL(par = OSSL_PARAM_BLD_to_param(bld));
	OSSL(c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL));
	OSSL(EVP_PKEY_fromdata_init(c) > 0);
	OSSL(EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, par) > 0);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pk;
}

static EVP_PKEY *ec_pub(const u8 *x, const u8 *y)
{
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *par;
	EVP_PKEY_CTX *c;
	EVP_PKEY *pk = NULL;
	u8 pt[65];

	pt[0] = 4;
	memcpy(pt + 1, x, 32);
	memcpy(pt + 33, y, 32);
	OSSL(bld = OSSL_PARAM_BLD_new());
	OSSL(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0));
	OSSL(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      pt, sizeof(pt)));
	OSSL(par = OSSL_PARAM_BLD_to_param(bld));
	OSSL(c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL));
	OSSL(EVP_PKEY_fromdata_init(c) > 0);
	OSSL(EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, par) > 0);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

static void bn_out(const EVP_PKEY *pk, const char *which, u8 *out)
{
	BIGNUM *bn = NULL;

	OSSL(EVP_PKEY_get_bn_param(pk, which, &bn));
	OSSL(BN_bn2binpad(bn, out, 32) == 32);
	BN_free(bn);
}

/*
 * Secret sharing to a key, done here: a random seed of 32 bytes; the
 * secret is RSA-OAEP(SHA-256, label) of it, or for an ECC key the
 * ephemeral point whose ECDH with the key gives the seed by KDFe.
 */
static u16 share_secret(const struct tkey *k, const char *label, u8 *seed,
			u8 *secret)
{
	EVP_PKEY_CTX *c;
	EVP_PKEY *pk, *eph;
	u8 z[32], qx[32], qy[32];
	size_t ol = 512, zl = 32;
	void *lab;

	if (k->type == TPM2E_ALG_RSA) {
		OSSL(RAND_bytes(seed, 32));
		pk = rsa_pub(k);
		OSSL(c = EVP_PKEY_CTX_new(pk, NULL));
		OSSL(EVP_PKEY_encrypt_init(c) > 0);
		OSSL(EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0);
		OSSL(EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) > 0);
		OSSL(EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0);
		OSSL(lab = OPENSSL_memdup(label, strlen(label) + 1));
		OSSL(EVP_PKEY_CTX_set0_rsa_oaep_label(c, lab,
						      strlen(label) + 1) > 0);
		OSSL(EVP_PKEY_encrypt(c, secret, &ol, seed, 32) > 0);
		EVP_PKEY_CTX_free(c);
		EVP_PKEY_free(pk);
		return (u16)ol;
	}
	pk = ec_pub(k->x, k->y);
	OSSL(eph = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	OSSL(c = EVP_PKEY_CTX_new(eph, NULL));
	OSSL(EVP_PKEY_derive_init(c) > 0);
	OSSL(EVP_PKEY_derive_set_peer(c, pk) > 0);
	OSSL(EVP_PKEY_derive(c, z, &zl) > 0 && zl == 32);
	EVP_PKEY_CTX_free(c);
	bn_out(eph, OSSL_PKEY_PARAM_EC_PUB_X, qx);
	bn_out(eph, OSSL_PKEY_PARAM_EC_PUB_Y, qy);
	EVP_PKEY_free(eph);
	EVP_PKEY_free(pk);
	kdfe32(z, label, qx, k->x, seed);
	put_unaligned_be16(32, secret);
	memcpy(secret + 2, qx, 32);
	put_unaligned_be16(32, secret + 34);
	memcpy(secret + 36, qy, 32);
	return 68;
}

/*
 * An outer wrapper made here: @data (@len bytes at @blob + 34) encrypted
 * in place, the TPM2B of its HMAC before it. Returns the blob's size.
 */
static u16 outer_wrap(const u8 *seed, const u8 *name, u8 *blob, u16 len)
{
	u8 sym[16], hk[32];

	kdfa_n(seed, 32, "STORAGE", name, 34, sym, 16);
	kdfa_n(seed, 32, "INTEGRITY", NULL, 0, hk, 32);
	aes_cfb(sym, blob + 34, len, true);
	put_unaligned_be16(32, blob);
	hmac2(hk, blob + 34, len, name, 34, blob + 2);
	return 34 + len;
}

/* ---- the commands under test ---- */

struct cred {
	u8 blob[200];
	u16 blobl;
	u8 secret[600];
	u16 secretl;
};

static u32 make_credential(u32 h, const u8 *cred, u16 credl, const u8 *name,
			   u16 namel, struct cred *o)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start(&c, TPM2E_CC_MAKE_CREDENTIAL, h, 0);
	cb_2b(&c, cred, credl);
	cb_2b(&c, name, namel);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	o->blobl = g2b(&r, o->blob, sizeof(o->blob));
	o->secretl = g2b(&r, o->secret, sizeof(o->secret));
	return r.bad || r.left ? 0xFFFFFFFE : 0;
}

static u32 activate(u32 act, u32 key, const struct cred *in, u8 *out,
		    u16 *outl)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_ACTIVATE_CREDENTIAL, act, key, 2, 0);
	cb_2b(&c, in->blob, in->blobl);
	cb_2b(&c, in->secret, in->secretl);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	*outl = g2b(&r, out, 64);
	return r.bad || r.left ? 0xFFFFFFFE : 0;
}

/* A policy session whose policy is PolicyCommandCode(@cc) */
static u32 policy_cc(u32 cc)
{
	static const u8 caller[16] = { 7 };
	struct cmdbuf c;
	u32 s;

	cb_start(&c, TPM2E_CC_START_AUTH_SESSION, TPM2E_RH_NULL,
		 TPM2E_RH_NULL);
	cb_2b(&c, caller, sizeof(caller));
	cb_u16(&c, 0);
	cb_u8(&c, TPM2E_SE_POLICY);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u16(&c, TPM2E_ALG_SHA256);
	if (exec_cb(&c))
		return 0;
	s = get_unaligned_be32(rsp + 10);
	if (!cc)
		return s;
	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s, 0);
	cb_u32(&c, cc);
	if (exec_cb(&c)) {
		flush(s);
		return 0;
	}
	return s;
}

/* The policy digest of PolicyCommandCode(@cc), computed here */
static void policy_cc_digest(u32 cc, u8 *out)
{
	u8 in[40] = { 0 };

	put_unaligned_be32(TPM2E_CC_POLICY_COMMAND_CODE, in + 32);
	put_unaligned_be32(cc, in + 36);
	sha256(in, sizeof(in), out);
}

struct dup {
	u8 key[64];
	u16 keyl;
	u8 blob[600];
	u16 blobl;
	u8 seed[600];
	u16 seedl;
};

/* TPM2_Duplicate authorized by policy session @s (password when 0) */
static u32 duplicate(u32 obj, u32 np, u32 s, const u8 *key, u16 keyl,
		     bool inner, struct dup *o)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_DUPLICATE, obj, np, 1, s);
	cb_2b(&c, key, keyl);
	if (inner) {
		cb_u16(&c, TPM2E_ALG_AES);
		cb_u16(&c, 128);
		cb_u16(&c, TPM2E_ALG_CFB);
	} else {
		cb_u16(&c, TPM2E_ALG_NULL);
	}
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	o->keyl = g2b(&r, o->key, sizeof(o->key));
	o->blobl = g2b(&r, o->blob, sizeof(o->blob));
	o->seedl = g2b(&r, o->seed, sizeof(o->seed));
	return r.bad || r.left ? 0xFFFFFFFE : 0;
}

/* Duplicate under a fresh PolicyCommandCode(Duplicate) session */
static u32 dup_cc(u32 obj, u32 np, const u8 *key, u16 keyl, bool inner,
		  struct dup *o)
{
	u32 s = policy_cc(TPM2E_CC_DUPLICATE);
	u32 rc;

	if (!s)
		return 0xFFFFFFFC;
	rc = duplicate(obj, np, s, key, keyl, inner, o);
	/* A successful command ended the session (no continueSession). */
	if (rc)
		flush(s);
	return rc;
}

/* TPM2_Import; the new private area into @priv */
static u32 import(u32 parent, const u8 *key, u16 keyl, const struct tkey *k,
		  const struct dup *d, bool inner, u8 *priv, u16 *privl)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_IMPORT, parent, 0, 1, 0);
	cb_2b(&c, key, keyl);
	cb_2b(&c, k->pub, k->publ);
	cb_2b(&c, d->blob, d->blobl);
	cb_2b(&c, d->seed, d->seedl);
	if (inner) {
		cb_u16(&c, TPM2E_ALG_AES);
		cb_u16(&c, 128);
		cb_u16(&c, TPM2E_ALG_CFB);
	} else {
		cb_u16(&c, TPM2E_ALG_NULL);
	}
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	*privl = g2b(&r, priv, 600);
	return r.bad || r.left ? 0xFFFFFFFE : 0;
}

/* TPM2_HMAC of @data with key @h */
static u32 tpm_hmac(u32 h, const u8 *data, u16 n, u8 *out)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_HMAC, h, 0, 1, 0);
	cb_2b(&c, data, n);
	cb_u16(&c, TPM2E_ALG_SHA256);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	return g2b(&r, out, 32) == 32 && !r.bad ? 0 : 0xFFFFFFFE;
}

/* TPM2_Sign of a SHA-256 digest with an ECDSA key; verified here */
static bool sign_verifies(u32 h, const struct tkey *k)
{
	u8 digest[32], r_[32], s_[32], der[80], *p = der;
	ECDSA_SIG *sig;
	EVP_PKEY_CTX *c;
	EVP_PKEY *pk;
	struct cmdbuf cb;
	struct rd r;
	int dl, ok;

	sha256("credential test", 15, digest);
	cb_start_auth(&cb, TPM2E_CC_SIGN, h, 0, 1, 0);
	cb_2b(&cb, digest, 32);
	cb_u16(&cb, TPM2E_ALG_ECDSA);
	cb_u16(&cb, TPM2E_ALG_SHA256);
	cb_u16(&cb, TPM2E_ST_HASHCHECK);
	cb_u32(&cb, TPM2E_RH_NULL);
	cb_u16(&cb, 0);
	EXPECT_RC(exec_cb(&cb), 0);
	rd_params(&r, 0);
	EXPECT(g16(&r) == TPM2E_ALG_ECDSA && g16(&r) == TPM2E_ALG_SHA256,
	       "signature algorithm");
	EXPECT(g2b(&r, r_, 32) == 32 && g2b(&r, s_, 32) == 32 && !r.bad,
	       "signature malformed");
	OSSL(sig = ECDSA_SIG_new());
	OSSL(ECDSA_SIG_set0(sig, BN_bin2bn(r_, 32, NULL),
			    BN_bin2bn(s_, 32, NULL)));
	OSSL((dl = i2d_ECDSA_SIG(sig, &p)) > 0);
	ECDSA_SIG_free(sig);
	pk = ec_pub(k->x, k->y);
	OSSL(c = EVP_PKEY_CTX_new(pk, NULL));
	OSSL(EVP_PKEY_verify_init(c) > 0);
	ok = EVP_PKEY_verify(c, der, dl, digest, 32);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	EXPECT(ok == 1, "ECDSA signature does not verify with the key");
	return true;
}

/* ---- keys the tests share, made again for each test ---- */

static const u8 cred_val[20] = "a credential secret";

/* ---- MakeCredential / ActivateCredential ---- */

/* A TPM2B_ID_OBJECT for @cred to @k, for @name, all made here */
static void make_here(const struct tkey *k, const u8 *name,
		      const u8 *credv, u16 credl, struct cred *o)
{
	u8 seed[32];

	o->secretl = share_secret(k, "IDENTITY", seed, o->secret);
	put_unaligned_be16(credl, o->blob + 34);
	memcpy(o->blob + 36, credv, credl);
	o->blobl = outer_wrap(seed, name, o->blob, 2 + credl);
}

/* The EK-like key of @type and an ECDSA key it vouches for, loaded */
static bool ek_and_ak(u16 type, struct tkey *ek, struct tkey *srk,
		      struct tkey *ak)
{
	struct tmpl t;

	storage_tmpl(&t, type, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_ENDORSEMENT, &t, ek), 0);
	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, srk), 0);
	ecdsa_tmpl(&t, OA_FIXED_TPM | OA_FIXED_PARENT | OA_SDO | OA_USER |
		   OA_SIGN | OA_NO_DA, NULL);
	EXPECT_RC(create(srk->h, &t, NULL, 0, ak), 0);
	EXPECT_RC(load(srk->h, ak, NULL, 0), 0);
	return true;
}

/* A credential made here with OpenSSL opens in the engine. */
static bool activate_of(u16 type)
{
	struct tkey ek, srk, ak;
	struct cred cr;
	u8 out[64];
	u16 outl = 0;

	EXPECT(ek_and_ak(type, &ek, &srk, &ak), "%s", fail_msg);
	flush(srk.h);
	make_here(&ek, ak.name, cred_val, sizeof(cred_val), &cr);
	EXPECT(cr.secretl == (type == TPM2E_ALG_RSA ? 256 : 68),
	       "secret size");
	EXPECT_RC(activate(ak.h, ek.h, &cr, out, &outl), 0);
	EXPECT(outl == sizeof(cred_val) && !memcmp(out, cred_val, outl),
	       "certInfo is not the credential");
	/* A second credential, of one byte, to the same pair */
	make_here(&ek, ak.name, cred_val, 1, &cr);
	EXPECT_RC(activate(ak.h, ek.h, &cr, out, &outl), 0);
	EXPECT(outl == 1 && out[0] == cred_val[0], "short credential");
	flush(ak.h);
	flush(ek.h);
	return true;
}

static bool test_activate_rsa(void)
{
	return activate_of(TPM2E_ALG_RSA);
}

static bool test_activate_ecc(void)
{
	return activate_of(TPM2E_ALG_ECC);
}

/* The engine's own credential opens in the engine. */
static bool make_activate_of(u16 type)
{
	struct tkey ek, srk, ak;
	struct cred cr;
	u8 out[64];
	u16 outl = 0;

	EXPECT(ek_and_ak(type, &ek, &srk, &ak), "%s", fail_msg);
	flush(srk.h);
	EXPECT_RC(make_credential(ek.h, cred_val, sizeof(cred_val), ak.name,
				  ak.namel, &cr), 0);
	EXPECT(cr.blobl == 2 + 32 + 2 + sizeof(cred_val),
	       "credentialBlob of %u bytes", cr.blobl);
	EXPECT(get_unaligned_be16(cr.blob) == 32, "integrity size");
	EXPECT(cr.secretl == (type == TPM2E_ALG_RSA ? 256 : 68),
	       "secret of %u bytes", cr.secretl);
	EXPECT_RC(activate(ak.h, ek.h, &cr, out, &outl), 0);
	EXPECT(outl == sizeof(cred_val) && !memcmp(out, cred_val, outl),
	       "certInfo is not the credential");
	/* ... for another object's name it does not */
	EXPECT_RC(make_credential(ek.h, cred_val, sizeof(cred_val), ek.name,
				  ek.namel, &cr), 0);
	EXPECT_RC(activate(ak.h, ek.h, &cr, out, &outl),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	flush(ak.h);
	flush(ek.h);
	return true;
}

static bool test_make_activate_rsa(void)
{
	return make_activate_of(TPM2E_ALG_RSA);
}

static bool test_make_activate_ecc(void)
{
	return make_activate_of(TPM2E_ALG_ECC);
}

/*
 * MakeCredential to a key whose private part only OpenSSL holds (its
 * public area loaded with LoadExternal): the blob is opened here.
 */
static bool test_make_opened_here(void)
{
	static const u8 oname[34] = { 0x00, 0x0B, 1, 2, 3, 4, 5 };
	EVP_PKEY *pk;
	EVP_PKEY_CTX *c;
	struct tkey k;
	struct tmpl t;
	struct cred cr;
	BIGNUM *n = NULL;
	u8 seed[256], sym[16], hk[32], mac[32];
	size_t sl = sizeof(seed);
	void *lab;

	OSSL(pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	OSSL(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n));
	memset(&k, 0, sizeof(k));
	storage_tmpl(&t, TPM2E_ALG_RSA, OA_USER | OA_NO_DA | OA_RESTRICTED |
		     OA_DECRYPT);
	t.n -= 2;
	t16(&t, 256);
	OSSL(BN_bn2binpad(n, t.b + t.n, 256) == 256);
	t.n += 256;
	BN_free(n);
	memcpy(k.pub, t.b, t.n);
	k.publ = t.n;
	EXPECT(parse_public(&k), "%s", fail_msg);
	EXPECT_RC(load_public(&k), 0);
	EXPECT_RC(make_credential(k.h, cred_val, sizeof(cred_val), oname,
				  sizeof(oname), &cr), 0);
	flush(k.h);

	/* The seed, with the private key */
	EXPECT(cr.secretl == 256, "secret of %u bytes", cr.secretl);
	OSSL(c = EVP_PKEY_CTX_new(pk, NULL));
	OSSL(EVP_PKEY_decrypt_init(c) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0);
	OSSL(lab = OPENSSL_memdup("IDENTITY", 9));
	OSSL(EVP_PKEY_CTX_set0_rsa_oaep_label(c, lab, 9) > 0);
	EXPECT(EVP_PKEY_decrypt(c, seed, &sl, cr.secret, cr.secretl) > 0,
	       "secret is not OAEP(SHA-256, \"IDENTITY\")");
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	EXPECT(sl == 32, "seed of %zu bytes", sl);

	kdfa_n(seed, 32, "INTEGRITY", NULL, 0, hk, 32);
	EXPECT(cr.blobl == 34 + 2 + sizeof(cred_val), "blob size");
	hmac2(hk, cr.blob + 34, cr.blobl - 34, oname, sizeof(oname), mac);
	EXPECT(get_unaligned_be16(cr.blob) == 32 &&
	       !memcmp(mac, cr.blob + 2, 32), "outer HMAC differs");
	kdfa_n(seed, 32, "STORAGE", oname, sizeof(oname), sym, 16);
	aes_cfb(sym, cr.blob + 34, cr.blobl - 34, false);
	EXPECT(get_unaligned_be16(cr.blob + 34) == sizeof(cred_val) &&
	       !memcmp(cr.blob + 36, cred_val, sizeof(cred_val)),
	       "encIdentity does not decrypt to TPM2B(credential)");
	return true;
}

/* A tampered or misdirected credential does not open. */
static bool test_activate_errors(void)
{
	struct tkey ek, srk, ak, ek2;
	struct cred cr, bad;
	struct tmpl t;
	u8 out[64], big[40] = { 0 };
	u16 outl;

	EXPECT(ek_and_ak(TPM2E_ALG_RSA, &ek, &srk, &ak), "%s", fail_msg);
	make_here(&ek, ak.name, cred_val, sizeof(cred_val), &cr);

	bad = cr;
	bad.blob[5] ^= 1;		/* the HMAC */
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	bad = cr;
	bad.blob[bad.blobl - 1] ^= 0x80;	/* encIdentity */
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	bad = cr;
	put_unaligned_be16(20, bad.blob);	/* integrity of the wrong size */
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	bad = cr;
	bad.blobl = 1;
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_SIZE, 1));
	/* the secret: not OAEP of this key, a size not the modulus's */
	bad = cr;
	bad.secret[10] ^= 1;
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_VALUE, 2));
	bad = cr;
	bad.secretl = 255;
	EXPECT_RC(activate(ak.h, ek.h, &bad, out, &outl),
		  RC_P(TPM2E_RC_SIZE, 2));
	/* an object of another name */
	EXPECT_RC(activate(srk.h, ek.h, &cr, out, &outl),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	/* a key that is not a restricted decryption key */
	EXPECT_RC(activate(ak.h, ak.h, &cr, out, &outl),
		  RC_H(TPM2E_RC_TYPE, 2));
	/* another storage key (the SRK, ECC): the secret does not fit */
	EXPECT(activate(ak.h, srk.h, &cr, out, &outl) != 0,
	       "activated with the wrong key");
	flush(srk.h);
	/* ... nor an RSA key of another seed */
	storage_tmpl(&t, TPM2E_ALG_RSA, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_NULL, &t, &ek2), 0);
	EXPECT_RC(activate(ak.h, ek2.h, &cr, out, &outl),
		  RC_P(TPM2E_RC_VALUE, 2));
	flush(ek2.h);
	/* still good after all that */
	EXPECT_RC(activate(ak.h, ek.h, &cr, out, &outl), 0);
	EXPECT(outl == sizeof(cred_val), "certInfo size");

	/* MakeCredential's own rules */
	EXPECT_RC(make_credential(ak.h, cred_val, sizeof(cred_val), ak.name,
				  ak.namel, &bad), RC_H(TPM2E_RC_TYPE, 1));
	EXPECT_RC(make_credential(ek.h, big, 33, ak.name, ak.namel, &bad),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(make_credential(ek.h, big, 32, ak.name, ak.namel, &bad),
		  0);
	flush(ak.h);
	flush(ek.h);
	return true;
}

/* ---- Duplicate / Import ---- */

static u8 dup_policy[32];

/*
 * A duplicable key under an ECC SRK, its policy PolicyCommandCode(Duplicate):
 * an ECDSA key from the TPM, or an HMAC key of @hkey.
 */
static bool dup_key(u32 parent, const u8 *hkey, u32 extra, struct tkey *k)
{
	struct tmpl t;

	if (hkey)
		hmac_tmpl(&t, OA_USER | OA_SIGN | OA_NO_DA | extra,
			  dup_policy);
	else
		ecdsa_tmpl(&t, OA_USER | OA_SIGN | OA_NO_DA | OA_SDO | extra,
			   dup_policy);
	EXPECT_RC(create(parent, &t, hkey, hkey ? 32 : 0, k), 0);
	EXPECT_RC(load(parent, k, NULL, 0), 0);
	return true;
}

static const u8 hkey[32] = "an HMAC key thirty-two bytes lo";
static const u8 msg[] = "message";

/* The HMAC key loaded as @k computes what OpenSSL does with @hkey. */
static bool hmac_is_hkey(u32 h)
{
	u8 got[32], want[32];
	unsigned int wl;

	EXPECT_RC(tpm_hmac(h, msg, sizeof(msg), got), 0);
	OSSL(HMAC(EVP_sha256(), hkey, 32, msg, sizeof(msg), want, &wl));
	EXPECT(!memcmp(got, want, 32), "HMAC differs from the key's");
	return true;
}

/*
 * Duplicate to a second storage parent, import under it, load, use: with
 * and without an inner wrapper (the TPM's key or the caller's).
 */
static bool dup_import_of(u16 np_type, int inner, bool ecdsa)
{
	static const u8 ikey[16] = "inner wrap key!";
	struct tkey srk, np, k;
	struct tmpl t;
	struct dup d;
	u8 priv[600], key[16] = { 0 };
	u16 privl, keyl = 0;

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &srk), 0);
	EXPECT(dup_key(srk.h, ecdsa ? NULL : hkey, 0, &k), "%s", fail_msg);
	flush(srk.h);
	storage_tmpl(&t, np_type, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_ENDORSEMENT, &t, &np), 0);

	EXPECT_RC(dup_cc(k.h, np.h, ikey, inner == 2 ? 16 : 0,
			 inner != 0, &d), 0);
	EXPECT(d.seedl == (np_type == TPM2E_ALG_RSA ? 256 : 68),
	       "outSymSeed of %u bytes", d.seedl);
	if (inner == 1) {
		EXPECT(d.keyl == 16, "encryptionKeyOut of %u bytes", d.keyl);
		memcpy(key, d.key, 16);
		keyl = 16;
	} else {
		EXPECT(d.keyl == 0, "encryptionKeyOut of %u bytes", d.keyl);
		if (inner == 2) {
			memcpy(key, ikey, 16);
			keyl = 16;
		}
	}
	flush(k.h);
	k.h = 0;

	if (inner) {
		/* the wrong inner key */
		key[0] ^= 1;
		EXPECT_RC(import(np.h, key, keyl, &k, &d, true, priv, &privl),
			  RC_P(TPM2E_RC_INTEGRITY, 3));
		key[0] ^= 1;
	}
	d.blob[d.blobl - 1] ^= 1;
	EXPECT_RC(import(np.h, key, keyl, &k, &d, inner != 0, priv, &privl),
		  RC_P(TPM2E_RC_INTEGRITY, 3));
	d.blob[d.blobl - 1] ^= 1;
	EXPECT_RC(import(np.h, key, keyl, &k, &d, inner != 0, priv, &privl),
		  0);
	EXPECT_RC(load(np.h, &k, priv, privl), 0);
	if (ecdsa)
		EXPECT(sign_verifies(k.h, &k), "%s", fail_msg);
	else
		EXPECT(hmac_is_hkey(k.h), "%s", fail_msg);
	flush(k.h);
	flush(np.h);
	return true;
}

static bool test_dup_ecc_plain(void)
{
	return dup_import_of(TPM2E_ALG_ECC, 0, false);
}

static bool test_dup_ecc_inner_tpm_key(void)
{
	return dup_import_of(TPM2E_ALG_ECC, 1, true);
}

static bool test_dup_ecc_inner_own_key(void)
{
	return dup_import_of(TPM2E_ALG_ECC, 2, false);
}

static bool test_dup_rsa_parent(void)
{
	return dup_import_of(TPM2E_ALG_RSA, 1, false);
}

/*
 * With no new parent the duplicate is the bare TPM2B_SENSITIVE, or under
 * the inner wrapper alone: opened here, it holds the HMAC key.
 */
static bool check_sens(const u8 *p, u16 n)
{
	EXPECT(n == 2 + 2 + 2 + 2 + 32 + 2 + 32, "sensitive of %u bytes", n);
	EXPECT(get_unaligned_be16(p) == n - 2, "TPM2B_SENSITIVE size");
	EXPECT(get_unaligned_be16(p + 2) == TPM2E_ALG_KEYEDHASH,
	       "sensitiveType");
	EXPECT(get_unaligned_be16(p + 4) == 0, "authValue not empty");
	EXPECT(get_unaligned_be16(p + 6) == 32, "seedValue size");
	EXPECT(get_unaligned_be16(p + 40) == 32 && !memcmp(p + 42, hkey, 32),
	       "the key is not the HMAC key");
	return true;
}

static bool test_dup_null_parent(void)
{
	struct tkey srk, k;
	struct tmpl t;
	struct dup d;
	u8 digest[32], in[200];

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &srk), 0);
	EXPECT(dup_key(srk.h, hkey, 0, &k), "%s", fail_msg);

	EXPECT_RC(dup_cc(k.h, TPM2E_RH_NULL, NULL, 0, false, &d), 0);
	EXPECT(d.seedl == 0 && d.keyl == 0, "seed or key returned");
	EXPECT(check_sens(d.blob, d.blobl), "plain: %s", fail_msg);

	EXPECT_RC(dup_cc(k.h, TPM2E_RH_NULL, NULL, 0, true, &d), 0);
	EXPECT(d.keyl == 16, "no inner key returned");
	aes_cfb(d.key, d.blob, d.blobl, false);
	EXPECT(get_unaligned_be16(d.blob) == 32, "inner integrity size");
	memcpy(in, d.blob + 34, d.blobl - 34);
	memcpy(in + d.blobl - 34, k.name, 34);
	sha256(in, d.blobl, digest);
	EXPECT(!memcmp(digest, d.blob + 2, 32),
	       "inner integrity is not H(sensitive || name)");
	EXPECT(check_sens(d.blob + 34, d.blobl - 34), "inner: %s", fail_msg);
	flush(k.h);
	flush(srk.h);
	return true;
}

/*
 * Import of a duplicate made entirely here: an HMAC key's sensitive area
 * under an outer wrapper to an ECC parent.
 */
static bool test_import_made_here(void)
{
	static const u8 seedv[32] = "obfuscation seed value, 32 byte";
	struct tkey np, k;
	struct tmpl t;
	struct dup d;
	u8 seed[32], unique[64], priv[600], sens[74];
	u16 privl;
	u8 *p;

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &np), 0);
	/* unique = H(seedValue || key) */
	memcpy(unique, seedv, 32);
	memcpy(unique + 32, hkey, 32);
	memset(&k, 0, sizeof(k));
	hmac_tmpl(&t, OA_USER | OA_SIGN | OA_NO_DA, NULL);
	t.n -= 2;
	t16(&t, 32);
	sha256(unique, 64, t.b + t.n);
	t.n += 32;
	memcpy(k.pub, t.b, t.n);
	k.publ = t.n;
	EXPECT(parse_public(&k), "%s", fail_msg);

	p = sens;
	put_unaligned_be16(2 + 2 + 2 + 32 + 2 + 32, p);
	put_unaligned_be16(TPM2E_ALG_KEYEDHASH, p + 2);
	put_unaligned_be16(0, p + 4);
	put_unaligned_be16(32, p + 6);
	memcpy(p + 8, seedv, 32);
	put_unaligned_be16(32, p + 40);
	memcpy(p + 42, hkey, 32);
	d.seedl = share_secret(&np, "DUPLICATE", seed, d.seed);
	memcpy(d.blob + 34, sens, sizeof(sens));
	d.blobl = outer_wrap(seed, k.name, d.blob, sizeof(sens));
	EXPECT_RC(import(np.h, NULL, 0, &k, &d, false, priv, &privl), 0);
	EXPECT_RC(load(np.h, &k, priv, privl), 0);
	EXPECT(hmac_is_hkey(k.h), "%s", fail_msg);
	flush(k.h);

	/* a key that does not match its public area */
	sens[42] ^= 1;
	memcpy(d.blob + 34, sens, sizeof(sens));
	d.blobl = outer_wrap(seed, k.name, d.blob, sizeof(sens));
	EXPECT_RC(import(np.h, NULL, 0, &k, &d, false, priv, &privl),
		  RC_P(TPM2E_RC_BINDING, 2));
	sens[42] ^= 1;
	/* a sensitive area of another type */
	sens[3] = TPM2E_ALG_SYMCIPHER;
	memcpy(d.blob + 34, sens, sizeof(sens));
	d.blobl = outer_wrap(seed, k.name, d.blob, sizeof(sens));
	EXPECT_RC(import(np.h, NULL, 0, &k, &d, false, priv, &privl),
		  RC_P(TPM2E_RC_TYPE, 3));
	sens[3] = TPM2E_ALG_KEYEDHASH;
	/* the secret of a label other than "DUPLICATE" */
	d.seedl = share_secret(&np, "IDENTITY", seed, d.seed);
	memcpy(d.blob + 34, sens, sizeof(sens));
	d.blobl = outer_wrap(seed, k.name, d.blob, sizeof(sens));
	EXPECT_RC(import(np.h, NULL, 0, &k, &d, false, priv, &privl),
		  RC_P(TPM2E_RC_INTEGRITY, 3));
	flush(np.h);
	return true;
}

/* TPM2_Rewrap from @old to @np of @in (its name @k's) into @out */
static u32 rewrap(u32 old, u32 np, const struct dup *in,
		  const struct tkey *k, struct dup *out)
{
	struct cmdbuf c;
	struct rd r;
	u32 rc;

	cb_start_auth(&c, TPM2E_CC_REWRAP, old, np, 1, 0);
	cb_2b(&c, in->blob, in->blobl);
	cb_2b(&c, k->name, k->namel);
	cb_2b(&c, in->seed, in->seedl);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	rd_params(&r, 0);
	out->keyl = 0;
	out->blobl = g2b(&r, out->blob, sizeof(out->blob));
	out->seedl = g2b(&r, out->seed, sizeof(out->seed));
	return r.bad || r.left ? 0xFFFFFFFE : 0;
}

/*
 * A duplicate to one parent, rewrapped to another (RSA), imported there;
 * and rewrapped to no parent, which Import takes without a seed.
 */
static bool test_rewrap(void)
{
	struct tkey srk, np1, np2, k;
	struct tmpl t;
	struct dup d, d2, bad;
	u8 priv[600];
	u16 privl;

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &srk), 0);
	EXPECT(dup_key(srk.h, hkey, 0, &k), "%s", fail_msg);
	flush(srk.h);
	EXPECT_RC(create_primary(TPM2E_RH_ENDORSEMENT, &t, &np1), 0);
	EXPECT_RC(dup_cc(k.h, np1.h, NULL, 0, false, &d), 0);
	flush(k.h);
	storage_tmpl(&t, TPM2E_ALG_RSA, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_ENDORSEMENT, &t, &np2), 0);

	/* the seed and the old parent go together */
	EXPECT_RC(rewrap(TPM2E_RH_NULL, np2.h, &d, &k, &d2),
		  RC_H(TPM2E_RC_HANDLE, 1));
	bad = d;
	bad.blob[40] ^= 4;
	EXPECT_RC(rewrap(np1.h, np2.h, &bad, &k, &d2),
		  RC_P(TPM2E_RC_INTEGRITY, 1));
	EXPECT_RC(rewrap(np1.h, np2.h, &d, &k, &d2), 0);
	EXPECT(d2.seedl == 256, "outSymSeed of %u bytes", d2.seedl);
	EXPECT(d2.blobl == d.blobl, "outDuplicate of %u bytes", d2.blobl);
	/* the old parent cannot import it any more, the new one can */
	EXPECT_RC(import(np1.h, NULL, 0, &k, &d2, false, priv, &privl),
		  RC_P(TPM2E_RC_VALUE, 4));
	EXPECT_RC(import(np2.h, NULL, 0, &k, &d2, false, priv, &privl), 0);
	EXPECT_RC(load(np2.h, &k, priv, privl), 0);
	EXPECT(hmac_is_hkey(k.h), "%s", fail_msg);
	flush(k.h);

	/* no new parent: the bare sensitive area */
	EXPECT_RC(rewrap(np1.h, TPM2E_RH_NULL, &d, &k, &d2), 0);
	EXPECT(d2.seedl == 0, "a seed without a new parent");
	EXPECT(check_sens(d2.blob, d2.blobl), "%s", fail_msg);
	EXPECT_RC(import(np2.h, NULL, 0, &k, &d2, false, priv, &privl), 0);
	flush(np1.h);
	flush(np2.h);
	return true;
}

/* A policy session after PolicyDuplicationSelect(@obj, @np, NO) */
static u32 policy_dup_select(const struct tkey *obj, const struct tkey *np)
{
	struct cmdbuf c;
	u32 s = policy_cc(0);

	if (!s)
		return 0;
	cb_start(&c, TPM2E_CC_POLICY_DUPLICATION_SELECT, s, 0);
	cb_2b(&c, obj->name, obj->namel);
	cb_2b(&c, np->name, np->namel);
	cb_u8(&c, 0);
	if (exec_cb(&c)) {
		flush(s);
		return 0;
	}
	return s;
}

/* A key whose policy selects the one parent it may be duplicated to */
static bool test_dup_select(void)
{
	struct tkey srk, np, other, k;
	struct tmpl t;
	struct dup d;
	u8 policy[32], in[32 + 4 + 34 + 1] = { 0 }, priv[600];
	u16 privl;
	u32 s;

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_ENDORSEMENT, &t, &np), 0);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &srk), 0);
	/* H(0 || TPM_CC_PolicyDuplicationSelect || newParentName || NO) */
	put_unaligned_be32(TPM2E_CC_POLICY_DUPLICATION_SELECT, in + 32);
	memcpy(in + 36, np.name, 34);
	sha256(in, sizeof(in), policy);
	hmac_tmpl(&t, OA_USER | OA_SIGN | OA_NO_DA, policy);
	EXPECT_RC(create(srk.h, &t, hkey, 32, &k), 0);
	EXPECT_RC(load(srk.h, &k, NULL, 0), 0);
	flush(srk.h);
	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE | OA_ENC_DUP);
	EXPECT_RC(create_primary(TPM2E_RH_NULL, &t, &other), 0);

	/* to another parent the policy does not hold */
	s = policy_dup_select(&k, &np);
	EXPECT(s, "no policy session");
	EXPECT_RC(duplicate(k.h, other.h, s, NULL, 0, false, &d),
		  RC_S(TPM2E_RC_POLICY_FAIL, 1));
	EXPECT_RC(duplicate(k.h, np.h, s, NULL, 0, false, &d), 0);
	flush(other.h);
	flush(k.h);
	k.h = 0;
	EXPECT_RC(import(np.h, NULL, 0, &k, &d, false, priv, &privl), 0);
	EXPECT_RC(load(np.h, &k, priv, privl), 0);
	EXPECT(hmac_is_hkey(k.h), "%s", fail_msg);
	flush(k.h);
	flush(np.h);
	return true;
}

/* What Duplicate and Import refuse */
static bool test_dup_errors(void)
{
	struct tkey srk, k, fp, ed;
	struct tmpl t;
	struct dup d;
	u8 priv[600];
	u16 privl;
	u32 s;

	storage_tmpl(&t, TPM2E_ALG_ECC, OA_STORAGE);
	EXPECT_RC(create_primary(TPM2E_RH_OWNER, &t, &srk), 0);
	EXPECT(dup_key(srk.h, hkey, 0, &k), "%s", fail_msg);

	/* The DUP role wants a policy session, and one that names it. */
	EXPECT_RC(duplicate(k.h, TPM2E_RH_NULL, 0, NULL, 0, false, &d),
		  TPM2E_RC_AUTH_TYPE);
	s = policy_cc(0);
	EXPECT_RC(duplicate(k.h, TPM2E_RH_NULL, s, NULL, 0, false, &d),
		  RC_S(TPM2E_RC_POLICY_FAIL, 1));
	flush(s);
	s = policy_cc(TPM2E_CC_HMAC);
	EXPECT_RC(duplicate(k.h, TPM2E_RH_NULL, s, NULL, 0, false, &d),
		  RC_S(TPM2E_RC_POLICY_FAIL, 1));
	flush(s);
	/* parameters */
	EXPECT_RC(dup_cc(k.h, TPM2E_RH_NULL, hkey, 16, false, &d),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(dup_cc(k.h, TPM2E_RH_NULL, hkey, 15, true, &d),
		  RC_P(TPM2E_RC_SIZE, 1));
	/* a new parent that is no storage key */
	EXPECT_RC(dup_cc(k.h, k.h, NULL, 0, false, &d),
		  RC_H(TPM2E_RC_TYPE, 2));
	flush(k.h);

	/* fixedParent */
	EXPECT(dup_key(srk.h, hkey, OA_FIXED_PARENT, &fp), "%s", fail_msg);
	EXPECT_RC(dup_cc(fp.h, TPM2E_RH_NULL, NULL, 0, false, &d),
		  RC_H(TPM2E_RC_ATTRIBUTES, 1));
	flush(fp.h);

	/* encryptedDuplication: both wrappers */
	EXPECT(dup_key(srk.h, hkey, OA_ENC_DUP, &ed), "%s", fail_msg);
	EXPECT_RC(dup_cc(ed.h, srk.h, NULL, 0, false, &d),
		  RC_P(TPM2E_RC_SYMMETRIC, 2));
	EXPECT_RC(dup_cc(ed.h, TPM2E_RH_NULL, NULL, 0, true, &d),
		  RC_H(TPM2E_RC_HIERARCHY, 2));
	EXPECT_RC(dup_cc(ed.h, srk.h, NULL, 0, true, &d), 0);
	flush(ed.h);
	/* ... and Import wants them too */
	EXPECT_RC(import(srk.h, NULL, 0, &ed, &d, false, priv, &privl),
		  RC_P(TPM2E_RC_ATTRIBUTES, 1));
	EXPECT_RC(import(srk.h, d.key, d.keyl, &ed, &d, true, priv, &privl),
		  0);

	/* Import of an object fixed to its TPM or parent */
	fp.pub[7] |= OA_FIXED_PARENT;
	EXPECT_RC(import(srk.h, d.key, d.keyl, &fp, &d, true, priv, &privl),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* ... under a parent that is no storage key */
	EXPECT(dup_key(srk.h, hkey, 0, &k), "%s", fail_msg);
	EXPECT_RC(import(k.h, d.key, d.keyl, &ed, &d, true, priv, &privl),
		  RC_H(TPM2E_RC_TYPE, 1));
	/* ... with a seed not of this parent's form */
	d.seedl = 67;
	EXPECT(import(srk.h, d.key, d.keyl, &ed, &d, true, priv, &privl) ==
	       RC_P(TPM2E_RC_VALUE, 4), "rc %#x for a short ECC seed",
	       get_unaligned_be32(rsp + 6));
	flush(k.h);
	flush(srk.h);
	return true;
}

/* ---- running ---- */

static void run(const char *name, bool (*fn)(void))
{
	fail_msg[0] = 0;
	if (fn()) {
		printf("PASS: cred.%s\n", name);
		passed++;
	} else {
		printf("FAIL: cred.%s: %s\n", name, fail_msg);
		failed++;
		/* a fresh TPM for the next test: nothing left loaded */
		fresh_engine();
	}
	fflush(stdout);
}

int main(void)
{
	fresh_engine();
	policy_cc_digest(TPM2E_CC_DUPLICATE, dup_policy);
	run("activate_rsa", test_activate_rsa);
	run("activate_ecc", test_activate_ecc);
	run("make_activate_rsa", test_make_activate_rsa);
	run("make_activate_ecc", test_make_activate_ecc);
	run("make_opened_here", test_make_opened_here);
	run("activate_errors", test_activate_errors);
	run("dup_ecc_plain", test_dup_ecc_plain);
	run("dup_ecc_inner_tpm_key", test_dup_ecc_inner_tpm_key);
	run("dup_ecc_inner_own_key", test_dup_ecc_inner_own_key);
	run("dup_rsa_parent", test_dup_rsa_parent);
	run("dup_null_parent", test_dup_null_parent);
	run("import_made_here", test_import_made_here);
	run("dup_errors", test_dup_errors);
	run("rewrap", test_rewrap);
	run("dup_select", test_dup_select);
	tpm2_engine_destroy(eng);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
