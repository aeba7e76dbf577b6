// SPDX-License-Identifier: GPL-2.0
/*
 * Command-level tests of the NV commands (kernel/tpm2/nv.c, cmd_nv.c):
 * TPM2_NV_* and TPM2_PolicyNV / TPM2_PolicyAuthorizeNV, driven through
 * tpm2_engine_execute() with hand-built commands. Names, extend values and
 * policy digests are computed here with OpenSSL from the formulas of TPM
 * 2.0 Part 1-3; error cases check the exact response codes of Part 3 and
 * ms-tpm-20-ref. One line per test, "PASS: name" or "FAIL: name: reason",
 * then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>

#include "engine_int.h"
#include "session.h"

#define RSP_MAX TPM2_MAX_RESPONSE_SIZE

static struct tpm2_engine *eng;
static u8 rsp[RSP_MAX];
static size_t rsp_len;
static char fail_msg[512];
static unsigned int passed, failed;
static u32 quota;	/* nv_quota of the next fresh engine, 0: default */

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

#define RC_P(rc, n)	((rc) + TPM2E_RC_P + TPM2E_RC_N(n))
#define RC_H(rc, n)	((rc) + TPM2E_RC_H + TPM2E_RC_N(n))

/* TPMA_NV shorthands */
#define A_PPW	TPM2E_NV_PPWRITE
#define A_OW	TPM2E_NV_OWNERWRITE
#define A_AW	TPM2E_NV_AUTHWRITE
#define A_PW	TPM2E_NV_POLICYWRITE
#define A_PPR	TPM2E_NV_PPREAD
#define A_OR	TPM2E_NV_OWNERREAD
#define A_AR	TPM2E_NV_AUTHREAD
#define A_PR	TPM2E_NV_POLICYREAD
#define NT(t)	((u32)(t) << TPM2E_NV_TYPE_SHIFT)
#define A_RW	(A_OW | A_OR | A_AW | A_AR)

#define IDX1	0x01000001
#define IDX2	0x01000002
#define IDX3	0x01000003
#define PIDX	0x01400001

/* ---- commands ---- */

struct cmdbuf {
	u8 b[4096];
	u32 len;
	u32 auth_at;
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

static void cb_u64(struct cmdbuf *c, u64 v)
{
	put_unaligned_be64(v, c->b + c->len);
	c->len += 8;
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

/* Header and handles; @sessions: an authorization area follows */
static void cb_start(struct cmdbuf *c, u32 cc, bool sessions,
		     u32 h0, u32 h1, u32 h2)
{
	c->len = 0;
	cb_u16(c, sessions ? TPM2E_ST_SESSIONS : TPM2E_ST_NO_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	if (h0)
		cb_u32(c, h0);
	if (h1)
		cb_u32(c, h1);
	if (h2)
		cb_u32(c, h2);
	if (sessions) {
		c->auth_at = c->len;
		cb_u32(c, 0);
	}
}

/* A password session */
static void cb_pw(struct cmdbuf *c, const void *pw, u16 n)
{
	cb_u32(c, TPM2E_RS_PW);
	cb_u16(c, 0);
	cb_u8(c, TPM2E_SA_CONTINUE_SESSION);
	cb_2b(c, pw, n);
}

/* An unsalted, unbound policy session without PolicyAuthValue */
static void cb_pol(struct cmdbuf *c, u32 s)
{
	static const u8 nonce[16] = { 9, 8, 7 };

	cb_u32(c, s);
	cb_2b(c, nonce, sizeof(nonce));
	cb_u8(c, TPM2E_SA_CONTINUE_SESSION);
	cb_u16(c, 0);
}

/* Close the authorization area; the parameters follow */
static void cb_params(struct cmdbuf *c)
{
	put_unaligned_be32(c->len - c->auth_at - 4, c->b + c->auth_at);
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

static const u8 *rsp_params(void)
{
	return get_unaligned_be16(rsp) == TPM2E_ST_SESSIONS ? rsp + 14 :
							       rsp + 10;
}

static u32 startup(u16 type)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_STARTUP, false, 0, 0, 0);
	cb_u16(&c, type);
	return exec_cb(&c);
}

static u32 shutdown(u16 type)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_SHUTDOWN, false, 0, 0, 0);
	cb_u16(&c, type);
	return exec_cb(&c);
}

/* TPM Reset (@type CLEAR), Restart (STATE then CLEAR) or Resume */
static u32 reboot(u16 shut, u16 start)
{
	u32 rc = shutdown(shut);

	if (rc)
		return rc;
	tpm2_engine_init(eng);
	return startup(start);
}

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5A, sizeof(cfg.secret));
	cfg.nv_quota = quota;
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (startup(TPM2E_SU_CLEAR)) {
		fprintf(stderr, "Startup failed\n");
		exit(2);
	}
}

struct nvpub {
	u32 handle;
	u16 alg;
	u32 attrs;
	u16 policy_size;
	const u8 *policy;
	u16 size;
};

static void cb_nvpub(struct cmdbuf *c, const struct nvpub *p)
{
	cb_u16(c, 4 + 2 + 4 + 2 + p->policy_size + 2);
	cb_u32(c, p->handle);
	cb_u16(c, p->alg);
	cb_u32(c, p->attrs);
	cb_2b(c, p->policy, p->policy_size);
	cb_u16(c, p->size);
}

static u32 define_pub(u32 auth, const struct nvpub *p, const void *pw,
		      u16 pwlen)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_DEFINE_SPACE, true, auth, 0, 0);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	cb_2b(&c, pw, pwlen);
	cb_nvpub(&c, p);
	return exec_cb(&c);
}

/* An owner index (platform if @auth is TPM_RH_PLATFORM), password "pw" */
static u32 define(u32 auth, u32 h, u32 attrs, u16 size)
{
	struct nvpub p = { h, TPM2E_ALG_SHA256, attrs, 0, NULL, size };

	return define_pub(auth, &p, "pw", 2);
}

static u32 undefine(u32 auth, u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_UNDEFINE_SPACE, true, auth, h, 0);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	return exec_cb(&c);
}

/* The password of an authorization handle: the index's "pw", else empty */
static void cb_auth_of(struct cmdbuf *c, u32 auth)
{
	if (auth >> TPM2E_HT_SHIFT == TPM2E_HT_NV_INDEX)
		cb_pw(c, "pw", 2);
	else
		cb_pw(c, NULL, 0);
	cb_params(c);
}

static u32 nv_write(u32 auth, u32 h, const void *data, u16 n, u16 off)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_WRITE, true, auth, h, 0);
	cb_auth_of(&c, auth);
	cb_2b(&c, data, n);
	cb_u16(&c, off);
	return exec_cb(&c);
}

static u32 nv_read(u32 auth, u32 h, u16 size, u16 off, u8 *out)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_CC_NV_READ, true, auth, h, 0);
	cb_auth_of(&c, auth);
	cb_u16(&c, size);
	cb_u16(&c, off);
	rc = exec_cb(&c);
	if (!rc && out) {
		const u8 *p = rsp_params();

		if (get_unaligned_be16(p) != size)
			return 0xEEEEEEEE;
		memcpy(out, p + 2, size);
	}
	return rc;
}

static u32 nv_simple(u32 cc, u32 auth, u32 h)
{
	struct cmdbuf c;

	cb_start(&c, cc, true, auth, h, 0);
	cb_auth_of(&c, auth);
	return exec_cb(&c);
}

static u32 nv_extend(u32 auth, u32 h, const void *data, u16 n)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_EXTEND, true, auth, h, 0);
	cb_auth_of(&c, auth);
	cb_2b(&c, data, n);
	return exec_cb(&c);
}

static u32 nv_set_bits(u32 auth, u32 h, u64 bits)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_SET_BITS, true, auth, h, 0);
	cb_auth_of(&c, auth);
	cb_u64(&c, bits);
	return exec_cb(&c);
}

static u32 global_lock(u32 auth)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_NV_GLOBAL_WRITE_LOCK, true, auth, 0, 0);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	return exec_cb(&c);
}

/* NV_ReadPublic: attributes, dataSize and Name */
static u32 read_public(u32 h, u32 *attrs, u16 *size, u8 *name,
		       u16 *name_size)
{
	struct cmdbuf c;
	const u8 *p;
	u16 ps, pol;
	u32 rc;

	cb_start(&c, TPM2E_CC_NV_READ_PUBLIC, false, h, 0, 0);
	rc = exec_cb(&c);
	if (rc)
		return rc;
	p = rsp + 10;
	ps = get_unaligned_be16(p);
	if (get_unaligned_be32(p + 2) != h)
		return 0xEEEEEEEE;
	if (attrs)
		*attrs = get_unaligned_be32(p + 8);
	pol = get_unaligned_be16(p + 12);
	if (ps != 14 + pol)
		return 0xEEEEEEEF;
	if (size)
		*size = get_unaligned_be16(p + 14 + pol);
	p += 2 + ps;
	if (name) {
		*name_size = get_unaligned_be16(p);
		memcpy(name, p + 2, *name_size);
	}
	return 0;
}

static u32 attrs_of(u32 h)
{
	u32 a = 0;

	if (read_public(h, &a, NULL, NULL, NULL))
		return 0xFFFFFFFF;
	return a;
}

/* A policy (@type 1) or trial (3) session */
static u32 start_session(u8 type, u16 hash)
{
	static const u8 caller[16] = { 1, 2, 3 };
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_START_AUTH_SESSION, false, TPM2E_RH_NULL,
		 TPM2E_RH_NULL, 0);
	cb_2b(&c, caller, sizeof(caller));
	cb_u16(&c, 0);
	cb_u8(&c, type);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u16(&c, hash);
	if (exec_cb(&c))
		return 0;
	return get_unaligned_be32(rsp + 10);
}

static void flush(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_FLUSH_CONTEXT, false, 0, 0, 0);
	cb_u32(&c, h);
	exec_cb(&c);
}

static u32 get_digest(u32 s, u8 *out, u16 *size)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_CC_POLICY_GET_DIGEST, false, s, 0, 0);
	rc = exec_cb(&c);
	if (!rc) {
		*size = get_unaligned_be16(rsp + 10);
		memcpy(out, rsp + 12, *size);
	}
	return rc;
}

static u32 policy_cc(u32 s, u32 code)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, false, s, 0, 0);
	cb_u32(&c, code);
	return exec_cb(&c);
}

static u32 policy_nv(u32 auth, u32 h, u32 s, const void *op, u16 n,
		     u16 off, u16 eo)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_POLICY_NV, true, auth, h, s);
	cb_auth_of(&c, auth);
	cb_2b(&c, op, n);
	cb_u16(&c, off);
	cb_u16(&c, eo);
	return exec_cb(&c);
}

static u32 policy_authorize_nv(u32 auth, u32 h, u32 s)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_POLICY_AUTHORIZE_NV, true, auth, h, s);
	cb_auth_of(&c, auth);
	return exec_cb(&c);
}

/* ---- the independent computation ---- */

static const EVP_MD *md_of(u16 alg)
{
	switch (alg) {
	case TPM2E_ALG_SHA1:
		return EVP_sha1();
	case TPM2E_ALG_SHA384:
		return EVP_sha384();
	case TPM2E_ALG_SHA512:
		return EVP_sha512();
	}
	return EVP_sha256();
}

static int md_size(u16 alg)
{
	return EVP_MD_get_size(md_of(alg));
}

/* out = H(a || b || c) */
static void h3(u16 alg, const void *a, size_t an, const void *b, size_t bn,
	       const void *c, size_t cn, u8 *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n;

	EVP_DigestInit_ex(ctx, md_of(alg), NULL);
	EVP_DigestUpdate(ctx, a, an);
	EVP_DigestUpdate(ctx, b, bn);
	EVP_DigestUpdate(ctx, c, cn);
	EVP_DigestFinal_ex(ctx, out, &n);
	EVP_MD_CTX_free(ctx);
}

/* d = H(d || cc || a || b), the policy update */
static void pext(u16 alg, u8 *d, u32 cc, const void *a, size_t an,
		 const void *b, size_t bn)
{
	u8 buf[256];
	u8 be[4];

	put_unaligned_be32(cc, be);
	memcpy(buf, be, 4);
	if (an)
		memcpy(buf + 4, a, an);
	if (bn)
		memcpy(buf + 4 + an, b, bn);
	h3(alg, d, md_size(alg), buf, 4 + an + bn, NULL, 0, d);
}

/* nameAlg || H(TPMS_NV_PUBLIC) */
static u16 nv_name(const struct nvpub *p, u8 *name)
{
	u8 buf[128];
	u32 n = 0;

	put_unaligned_be32(p->handle, buf);
	put_unaligned_be16(p->alg, buf + 4);
	put_unaligned_be32(p->attrs, buf + 6);
	put_unaligned_be16(p->policy_size, buf + 10);
	if (p->policy_size)
		memcpy(buf + 12, p->policy, p->policy_size);
	n = 12 + p->policy_size;
	put_unaligned_be16(p->size, buf + n);
	n += 2;
	put_unaligned_be16(p->alg, name);
	h3(p->alg, buf, n, NULL, 0, NULL, 0, name + 2);
	return 2 + md_size(p->alg);
}

static bool digest_is(u32 s, u16 alg, const u8 *want)
{
	u8 got[64];
	u16 size = 0;

	EXPECT_RC(get_digest(s, got, &size), 0);
	EXPECT(size == md_size(alg), "digest size %u", size);
	EXPECT(!memcmp(got, want, size), "policy digest differs");
	return true;
}

static bool name_is(const struct nvpub *p)
{
	u8 want[66], got[66];
	u16 wn, gn = 0;

	wn = nv_name(p, want);
	EXPECT_RC(read_public(p->handle, NULL, NULL, got, &gn), 0);
	EXPECT(gn == wn && !memcmp(got, want, wn),
	       "Name of %#x differs (attrs %#x)", p->handle, p->attrs);
	return true;
}

/* ---- tests ---- */

static bool t_define_read_public(void)
{
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW, 0, NULL, 32 };
	u32 a;
	u16 size;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 32), 0);
	EXPECT_RC(read_public(IDX1, &a, &size, NULL, NULL), 0);
	EXPECT(a == A_RW, "attrs %#x", a);
	EXPECT(size == 32, "dataSize %u", size);
	EXPECT(name_is(&p), "%s", fail_msg);
	/* With an authPolicy and SHA-384: the Name follows it */
	{
		u8 pol[48] = { [0 ... 47] = 0x42 };
		struct nvpub q = { IDX2, TPM2E_ALG_SHA384, A_OW | A_PR, 48,
				   pol, 10 };

		EXPECT_RC(define_pub(TPM2E_RH_OWNER, &q, NULL, 0), 0);
		EXPECT(name_is(&q), "sha384: %s", fail_msg);
	}
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 8),
		  TPM2E_RC_NV_DEFINED);
	EXPECT_RC(read_public(IDX3, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	return true;
}

static bool t_define_errors(void)
{
	u8 pol[32] = { 1 };
	u8 big[33] = { [0 ... 32] = 7 };
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW, 20, pol, 8 };

	/* authPolicy must be empty or of the nameAlg's size */
	EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, NULL, 0),
		  RC_P(TPM2E_RC_SIZE, 2));
	/* authValue larger than the digest, trailing zeros aside */
	p.policy_size = 0;
	EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, big, 33),
		  RC_P(TPM2E_RC_SIZE, 1));
	big[32] = 0;
	EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, big, 33), 0);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX1), 0);
	/* Type-specific sizes */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_COUNTER), 4),
		  RC_P(TPM2E_RC_SIZE, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | NT(TPM2E_NT_BITS), 9),
		  RC_P(TPM2E_RC_SIZE, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_EXTEND), 20),
		  RC_P(TPM2E_RC_SIZE, 2));
	/* Unknown type, reserved bits */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | NT(3), 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | BIT(20), 8),
		  RC_P(TPM2E_RC_RESERVED_BITS, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | BIT(8), 8),
		  RC_P(TPM2E_RC_RESERVED_BITS, 2));
	/* WRITTEN and locks must be clear */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | TPM2E_NV_WRITTEN, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | TPM2E_NV_WRITELOCKED, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* A way to read and a way to write */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_OW | A_AW, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_OR, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* Counters never clear; CLEAR_STCLEAR excludes WRITEDEFINE */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | NT(TPM2E_NT_COUNTER) |
			 TPM2E_NV_CLEAR_STCLEAR, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | TPM2E_NV_CLEAR_STCLEAR |
			 TPM2E_NV_WRITEDEFINE, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* PLATFORMCREATE iff the platform defines it */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | TPM2E_NV_PLATFORMCREATE, 8),
		  RC_H(TPM2E_RC_ATTRIBUTES, 1));
	EXPECT_RC(define(TPM2E_RH_PLATFORM, PIDX, A_PPW | A_PPR, 8),
		  RC_H(TPM2E_RC_ATTRIBUTES, 1));
	/* POLICY_DELETE only for the platform */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | TPM2E_NV_POLICY_DELETE, 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* WRITEALL needs a size NV_Write can give at once */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | TPM2E_NV_WRITEALL,
			 TPM2E_MAX_NV_BUFFER_SIZE + 1),
		  RC_P(TPM2E_RC_SIZE, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW,
			 TPM2E_MAX_NV_INDEX_SIZE + 1),
		  RC_P(TPM2E_RC_SIZE, 2));
	/* PIN rules */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_OW | A_OR | NT(TPM2E_NT_PIN_FAIL), 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | TPM2E_NV_NO_DA |
			 NT(TPM2E_NT_PIN_FAIL), 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_OW | A_OR |
			 TPM2E_NV_GLOBALLOCK | NT(TPM2E_NT_PIN_PASS), 8),
		  RC_P(TPM2E_RC_ATTRIBUTES, 2));
	/* nvIndex outside TPM_HT_NV_INDEX; nameAlg not a hash */
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x02000001, A_RW, 8),
		  RC_P(TPM2E_RC_VALUE, 2));
	p.alg = TPM2E_ALG_NULL;
	EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, NULL, 0),
		  RC_P(TPM2E_RC_HASH, 2));
	/* None of these left an index behind */
	EXPECT_RC(read_public(IDX1, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	return true;
}

static bool t_write_read(void)
{
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW, 0, NULL, 16 };
	u8 name0[66], name1[66], buf[16];
	u16 n0, n1;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 16), 0);
	EXPECT_RC(read_public(IDX1, NULL, NULL, name0, &n0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf),
		  TPM2E_RC_NV_UNINITIALIZED);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "abcd", 4, 2), 0);
	EXPECT(attrs_of(IDX1) == (A_RW | TPM2E_NV_WRITTEN), "attrs %#x",
	       attrs_of(IDX1));
	EXPECT_RC(read_public(IDX1, NULL, NULL, name1, &n1), 0);
	EXPECT(n0 == n1 && memcmp(name0, name1, n0), "Name did not change");
	p.attrs |= TPM2E_NV_WRITTEN;
	EXPECT(name_is(&p), "%s", fail_msg);
	/* The first write zeroes the rest */
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 16, 0, buf), 0);
	EXPECT(!memcmp(buf, "\0\0abcd\0\0\0\0\0\0\0\0\0\0", 16),
	       "data differs");
	/* With the index's own authValue */
	EXPECT_RC(nv_write(IDX1, IDX1, "XY", 2, 14), 0);
	EXPECT_RC(nv_read(IDX1, IDX1, 3, 13, buf), 0);
	EXPECT(!memcmp(buf, "\0XY", 3), "data differs");
	/* Ranges */
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "abcd", 4, 13),
		  TPM2E_RC_NV_RANGE);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "abcd", 4, 17),
		  RC_P(TPM2E_RC_VALUE, 2));
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 9, buf),
		  TPM2E_RC_NV_RANGE);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 1, 17, buf),
		  RC_P(TPM2E_RC_VALUE, 2));
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, TPM2E_MAX_NV_BUFFER_SIZE + 1,
			  0, buf), RC_P(TPM2E_RC_VALUE, 1));
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 0, 16, buf), 0);
	return true;
}

static bool t_access(void)
{
	u8 buf[8];

	/* Only AUTH access: the owner may neither write nor read */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_AW | A_AR, 8), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "x", 1, 0),
		  TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(nv_write(TPM2E_RH_PLATFORM, IDX1, "x", 1, 0),
		  TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(nv_write(IDX1, IDX1, "x", 1, 0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 1, 0, buf),
		  TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(nv_read(IDX1, IDX1, 1, 0, buf), 0);
	/* Owner write, platform read */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_OW | A_PPR, 8), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "y", 1, 0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 1, 0, buf),
		  TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(nv_read(TPM2E_RH_PLATFORM, IDX2, 1, 0, buf), 0);
	EXPECT(buf[0] == 'y', "data differs");
	/* Another index cannot authorize this one */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 8), 0);
	EXPECT_RC(nv_write(IDX3, IDX1, "x", 1, 0),
		  TPM2E_RC_NV_AUTHORIZATION);
	/* WRITEALL */
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX3), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW | TPM2E_NV_WRITEALL, 4),
		  0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX3, "ab", 2, 0),
		  TPM2E_RC_NV_RANGE);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX3, "abcd", 4, 0), 0);
	return true;
}

static bool t_counter(void)
{
	u8 buf[8];
	u64 v;
	int i;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_COUNTER), 8), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf),
		  TPM2E_RC_NV_UNINITIALIZED);
	/* NV_Write, SetBits, Extend refuse a counter */
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, buf, 8, 0),
		  TPM2E_RC_ATTRIBUTES);
	EXPECT_RC(nv_set_bits(TPM2E_RH_OWNER, IDX1, 1),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(nv_extend(TPM2E_RH_OWNER, IDX1, "a", 1),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	for (i = 1; i <= 5; i++) {
		EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER,
				    IDX1), 0);
		EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
		v = get_unaligned_be64(buf);
		EXPECT(v == (u64)i, "count %llu after %d increments",
		       (unsigned long long)v, i);
	}
	EXPECT(attrs_of(IDX1) & TPM2E_NV_WRITTEN, "not WRITTEN");
	/* A second counter starts above the first one */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2,
			 A_RW | NT(TPM2E_NT_COUNTER), 8), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER, IDX2), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 8, 0, buf), 0);
	v = get_unaligned_be64(buf);
	EXPECT(v > 5, "new counter at %llu", (unsigned long long)v);
	/* Increment refuses other types */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 8), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER, IDX3),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	/* The counter survives TPM Reset and Restart, and keeps counting */
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER, IDX1), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be64(buf) == 6, "count %llu after reboot",
	       (unsigned long long)get_unaligned_be64(buf));
	return true;
}

/* A counter defined after another was deleted starts above it */
static bool t_counter_redefine(void)
{
	u8 buf[8];
	int i;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_COUNTER), 8), 0);
	for (i = 0; i < 7; i++)
		EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER,
				    IDX1), 0);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX1), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_COUNTER), 8), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_INCREMENT, TPM2E_RH_OWNER, IDX1), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be64(buf) > 7,
	       "count went back to %llu after undefine and define",
	       (unsigned long long)get_unaligned_be64(buf));
	return true;
}

static bool t_bits(void)
{
	u8 buf[8];

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW | NT(TPM2E_NT_BITS), 8),
		  0);
	EXPECT_RC(nv_set_bits(TPM2E_RH_OWNER, IDX1, 0x0101), 0);
	EXPECT_RC(nv_set_bits(TPM2E_RH_OWNER, IDX1, 0x8000000000000010ULL),
		  0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be64(buf) == 0x8000000000000111ULL,
	       "bits %#llx", (unsigned long long)get_unaligned_be64(buf));
	EXPECT_RC(nv_set_bits(TPM2E_RH_OWNER, IDX1, 0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be64(buf) == 0x8000000000000111ULL,
	       "bits changed");
	return true;
}

static bool t_extend(void)
{
	u8 want[48], got[48];
	static const u8 d1[] = "first event", d2[] = "second";

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1,
			 A_RW | NT(TPM2E_NT_EXTEND), 32), 0);
	EXPECT_RC(nv_extend(TPM2E_RH_OWNER, IDX1, d1, sizeof(d1)), 0);
	memset(want, 0, sizeof(want));
	h3(TPM2E_ALG_SHA256, want, 32, d1, sizeof(d1), NULL, 0, want);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 32, 0, got), 0);
	EXPECT(!memcmp(got, want, 32), "first extend differs");
	EXPECT_RC(nv_extend(IDX1, IDX1, d2, sizeof(d2)), 0);
	h3(TPM2E_ALG_SHA256, want, 32, d2, sizeof(d2), NULL, 0, want);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 32, 0, got), 0);
	EXPECT(!memcmp(got, want, 32), "second extend differs");
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, got, 32, 0),
		  TPM2E_RC_ATTRIBUTES);
	/* SHA-384 nameAlg: a 48-byte index, extended with SHA-384 */
	{
		struct nvpub p = { IDX2, TPM2E_ALG_SHA384,
				   A_RW | NT(TPM2E_NT_EXTEND), 0, NULL, 48 };

		EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, NULL, 0), 0);
		EXPECT_RC(nv_extend(TPM2E_RH_OWNER, IDX2, d1, 3), 0);
		memset(want, 0, sizeof(want));
		h3(TPM2E_ALG_SHA384, want, 48, d1, 3, NULL, 0, want);
		EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 48, 0, got), 0);
		EXPECT(!memcmp(got, want, 48), "sha384 extend differs");
	}
	return true;
}

static bool t_write_lock(void)
{
	u32 stclear = A_RW | TPM2E_NV_WRITE_STCLEAR;
	u32 wdef = A_RW | TPM2E_NV_WRITEDEFINE;
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, stclear, 0, NULL, 8 };

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, stclear, 8), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, wdef, 8), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 8), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_OWNER, IDX3),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "a", 1, 0), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_OWNER, IDX1), 0);
	EXPECT(attrs_of(IDX1) == (stclear | TPM2E_NV_WRITTEN |
				  TPM2E_NV_WRITELOCKED),
	       "attrs %#x", attrs_of(IDX1));
	p.attrs = stclear | TPM2E_NV_WRITTEN | TPM2E_NV_WRITELOCKED;
	EXPECT(name_is(&p), "locked: %s", fail_msg);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "b", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	/* Locking again is no error */
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_OWNER, IDX1), 0);
	/* WRITEDEFINE: written and locked, the lock is forever */
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "c", 1, 0), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_OWNER, IDX2), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "d", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	/* Resume keeps every lock */
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_STATE), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "b", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	/* TPM Reset: the STCLEAR lock goes, the WRITEDEFINE one stays */
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT(attrs_of(IDX1) == (stclear | TPM2E_NV_WRITTEN),
	       "after reset %#x", attrs_of(IDX1));
	p.attrs = stclear | TPM2E_NV_WRITTEN;
	EXPECT(name_is(&p), "unlocked: %s", fail_msg);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "b", 1, 0), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "d", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	/* A WRITEDEFINE lock of an unwritten index ends at Startup(CLEAR) */
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX3), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, wdef, 8), 0);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_OWNER, IDX3), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX3, "e", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX3, "e", 1, 0), 0);
	/* Lock needs write authorization */
	EXPECT_RC(nv_simple(TPM2E_CC_NV_WRITE_LOCK, TPM2E_RH_PLATFORM, IDX1),
		  TPM2E_RC_NV_AUTHORIZATION);
	return true;
}

static bool t_global_lock(void)
{
	u32 g = A_RW | TPM2E_NV_GLOBALLOCK;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, g, 8), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_RW, 8), 0);
	EXPECT_RC(global_lock(TPM2E_RH_OWNER), 0);
	EXPECT(attrs_of(IDX1) & TPM2E_NV_WRITELOCKED, "not locked");
	EXPECT(!(attrs_of(IDX2) & TPM2E_NV_WRITELOCKED), "IDX2 locked");
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "a", 1, 0),
		  TPM2E_RC_NV_LOCKED);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "a", 1, 0), 0);
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT(!(attrs_of(IDX1) & TPM2E_NV_WRITELOCKED), "still locked");
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "a", 1, 0), 0);
	EXPECT_RC(global_lock(TPM2E_RH_PLATFORM), 0);
	EXPECT_RC(nv_write(IDX1, IDX1, "a", 1, 0), TPM2E_RC_NV_LOCKED);
	return true;
}

static bool t_read_lock(void)
{
	u32 r = A_RW | TPM2E_NV_READ_STCLEAR;
	u8 buf[4];

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, r, 4), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_RW, 4), 0);
	/* May lock an unwritten index */
	EXPECT_RC(nv_simple(TPM2E_CC_NV_READ_LOCK, TPM2E_RH_OWNER, IDX1), 0);
	EXPECT(attrs_of(IDX1) == (r | TPM2E_NV_READLOCKED), "attrs %#x",
	       attrs_of(IDX1));
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "abcd", 4, 0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf),
		  TPM2E_RC_NV_LOCKED);
	EXPECT_RC(nv_simple(TPM2E_CC_NV_READ_LOCK, TPM2E_RH_OWNER, IDX2),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	EXPECT_RC(nv_simple(TPM2E_CC_NV_READ_LOCK, TPM2E_RH_PLATFORM, IDX2),
		  TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf), 0);
	EXPECT(!memcmp(buf, "abcd", 4), "data differs");
	return true;
}

static bool t_clear_stclear(void)
{
	u32 a = A_RW | TPM2E_NV_CLEAR_STCLEAR;
	u8 buf[4];

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, a, 4), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "abcd", 4, 0), 0);
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_STATE), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf), 0);
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT(attrs_of(IDX1) == a, "attrs %#x", attrs_of(IDX1));
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf),
		  TPM2E_RC_NV_UNINITIALIZED);
	/* ORDERLY (not a counter): unwritten after TPM Reset, not Restart */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_RW | TPM2E_NV_ORDERLY, 4), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, "abcd", 4, 0), 0);
	EXPECT_RC(reboot(TPM2E_SU_STATE, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 4, 0, buf), 0);
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 4, 0, buf),
		  TPM2E_RC_NV_UNINITIALIZED);
	/* A partial write shows zeros, not the old data */
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, "z", 1, 0), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf), 0);
	EXPECT(!memcmp(buf, "z\0\0\0", 4), "old data seen");
	return true;
}

static bool t_undefine(void)
{
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 8), 0);
	EXPECT_RC(define(TPM2E_RH_PLATFORM, PIDX,
			 A_PPW | A_PPR | TPM2E_NV_PLATFORMCREATE, 8), 0);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, PIDX), TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(undefine(TPM2E_RH_PLATFORM, IDX1), 0);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX1), RC_H(TPM2E_RC_HANDLE, 2));
	EXPECT_RC(undefine(TPM2E_RH_PLATFORM, PIDX), 0);
	EXPECT_RC(read_public(PIDX, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	EXPECT(tpm2_nv_count(eng) == 0, "%u left", tpm2_nv_count(eng));
	return true;
}

static bool t_clear(void)
{
	struct cmdbuf c;
	u8 buf[4];

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 4), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2,
			 A_RW | NT(TPM2E_NT_COUNTER), 8), 0);
	EXPECT_RC(define(TPM2E_RH_PLATFORM, PIDX,
			 A_PPW | A_PPR | TPM2E_NV_PLATFORMCREATE, 4), 0);
	EXPECT_RC(nv_write(TPM2E_RH_PLATFORM, PIDX, "keep", 4, 0), 0);
	cb_start(&c, TPM2E_CC_CLEAR, true, TPM2E_RH_PLATFORM, 0, 0);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT_RC(read_public(IDX1, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	EXPECT_RC(read_public(IDX2, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	EXPECT_RC(nv_read(TPM2E_RH_PLATFORM, PIDX, 4, 0, buf), 0);
	EXPECT(!memcmp(buf, "keep", 4), "platform data lost");
	EXPECT(tpm2_nv_count(eng) == 1, "%u indices", tpm2_nv_count(eng));
	EXPECT(eng->nv_used == TPM2E_NV_INDEX_COST + 4, "nv_used %u",
	       eng->nv_used);
	return true;
}

static bool t_handles(void)
{
	u32 out[8];
	bool more;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 1), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 1), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_RW, 1), 0);
	EXPECT(tpm2_nv_count(eng) == 3, "count %u", tpm2_nv_count(eng));
	EXPECT(tpm2_nv_handles(eng, 0, out, 8, &more) == 3 && !more &&
	       out[0] == IDX1 && out[1] == IDX2 && out[2] == IDX3,
	       "handles not in order");
	EXPECT(tpm2_nv_handles(eng, IDX2, out, 1, &more) == 1 && more &&
	       out[0] == IDX2, "handles from IDX2");
	return true;
}

/* Quota: the engine's nv_quota is 3 * (cost + 100) + cost + 10 */
static bool t_quota(void)
{
	u32 q = 4 * TPM2E_NV_INDEX_COST + 310;

	EXPECT(eng->nv_quota == q, "quota %u", eng->nv_quota);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 100), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_RW, 100), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 100), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000004, A_RW, 100),
		  TPM2E_RC_NV_SPACE);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000004, A_RW, 11),
		  TPM2E_RC_NV_SPACE);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000004, A_RW, 10), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000005, A_RW, 0),
		  TPM2E_RC_NV_SPACE);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, 0x01000004), 0);
	EXPECT(eng->nv_used == 3 * (TPM2E_NV_INDEX_COST + 100), "used %u",
	       eng->nv_used);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX2), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000004, A_RW, 100), 0);
	return true;
}

/* Slots: TPM2E_MAX_NV_INDICES at most, whatever the quota */
static bool t_slots(void)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_NV_INDICES; i++)
		EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000100 + i, A_RW, 0), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000100 + i, A_RW, 0),
		  TPM2E_RC_NV_SPACE);
	EXPECT_RC(undefine(TPM2E_RH_OWNER, 0x01000105), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, 0x01000100 + i, A_RW, 0), 0);
	return true;
}

/* PolicyNV, digest computed here; the comparisons; trial skips them */
static bool t_policy_nv(void)
{
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW | TPM2E_NV_WRITTEN,
			   0, NULL, 8 };
	static const u8 val[8] = { 0, 0, 0, 0, 0, 0, 0x12, 0x34 };
	static const u8 op[2] = { 0x12, 0x00 };
	u8 want[32] = { 0 }, args[32], name[66], tail[4];
	u16 nn;
	u32 s;

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 8), 0);
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT(s, "no session");
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 6,
			    TPM2E_EO_UNSIGNED_GT), TPM2E_RC_NV_UNINITIALIZED);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, val, 8, 0), 0);
	/* 0x1234 > 0x1200 */
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 6,
			    TPM2E_EO_UNSIGNED_GT), 0);
	nn = nv_name(&p, name);
	put_unaligned_be16(6, tail);
	put_unaligned_be16(TPM2E_EO_UNSIGNED_GT, tail + 2);
	h3(TPM2E_ALG_SHA256, op, 2, tail, 4, NULL, 0, args);
	pext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_NV, args, 32, name, nn);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "%s", fail_msg);
	/* Failing comparisons */
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 6,
			    TPM2E_EO_EQ), TPM2E_RC_POLICY);
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 6,
			    TPM2E_EO_UNSIGNED_LT), TPM2E_RC_POLICY);
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, "\x12\x34", 2, 6,
			    TPM2E_EO_EQ), 0);
	/* Ranges, access, operation */
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 7,
			    TPM2E_EO_EQ), RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 9,
			    TPM2E_EO_EQ), RC_P(TPM2E_RC_VALUE, 2));
	EXPECT_RC(policy_nv(TPM2E_RH_PLATFORM, IDX1, s, op, 2, 6,
			    TPM2E_EO_EQ), TPM2E_RC_NV_AUTHORIZATION);
	EXPECT_RC(policy_nv(TPM2E_RH_OWNER, IDX1, s, op, 2, 6, 12),
		  RC_P(TPM2E_RC_VALUE, 3));
	flush(s);
	/* Trial: no comparison, same digest formula */
	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256);
	EXPECT(s, "no trial session");
	EXPECT_RC(policy_nv(IDX1, IDX1, s, op, 2, 6, TPM2E_EO_EQ), 0);
	memset(want, 0, sizeof(want));
	put_unaligned_be16(TPM2E_EO_EQ, tail + 2);
	h3(TPM2E_ALG_SHA256, op, 2, tail, 4, NULL, 0, args);
	pext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_NV, args, 32, name, nn);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "trial: %s", fail_msg);
	flush(s);
	return true;
}

/* PolicyAuthorizeNV: the index holds the approved policy as a TPMT_HA */
static bool t_policy_authorize_nv(void)
{
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW | TPM2E_NV_WRITTEN,
			   0, NULL, 34 };
	u8 approved[32] = { 0 }, ha[34], want[32] = { 0 }, name[66], be[4];
	u16 nn;
	u32 s;

	/* approved = H(zeros || TPM_CC_PolicyCommandCode || NV_Read) */
	put_unaligned_be32(TPM2E_CC_NV_READ, be);
	pext(TPM2E_ALG_SHA256, approved, TPM2E_CC_POLICY_COMMAND_CODE, be, 4,
	     NULL, 0);
	put_unaligned_be16(TPM2E_ALG_SHA256, ha);
	memcpy(ha + 2, approved, 32);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_RW, 34), 0);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, ha, 34, 0), 0);
	nn = nv_name(&p, name);

	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT(s, "no session");
	EXPECT_RC(policy_cc(s, TPM2E_CC_NV_READ), 0);
	EXPECT_RC(policy_authorize_nv(TPM2E_RH_OWNER, IDX1, s), 0);
	pext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_AUTHORIZE_NV, name, nn,
	     NULL, 0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "%s", fail_msg);
	/* The digest is now another: no match */
	EXPECT_RC(policy_authorize_nv(TPM2E_RH_OWNER, IDX1, s),
		  TPM2E_RC_VALUE);
	flush(s);
	/* A session of another hash */
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA1);
	EXPECT(s, "no sha1 session");
	EXPECT_RC(policy_authorize_nv(TPM2E_RH_OWNER, IDX1, s),
		  TPM2E_RC_HASH);
	flush(s);
	/* A trial session skips the check */
	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256);
	EXPECT(s, "no trial session");
	EXPECT_RC(policy_authorize_nv(TPM2E_RH_OWNER, IDX1, s), 0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "trial: %s", fail_msg);
	flush(s);
	/* Read access checks */
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT_RC(policy_authorize_nv(TPM2E_RH_PLATFORM, IDX1, s),
		  TPM2E_RC_NV_AUTHORIZATION);
	flush(s);
	return true;
}

/* NV_ChangeAuth needs a policy session (ADMIN) */
static bool t_change_auth(void)
{
	u8 pol[32] = { 0 }, be[4], buf[4];
	struct nvpub p = { IDX1, TPM2E_ALG_SHA256, A_RW, 32, pol, 4 };
	struct cmdbuf c;
	u32 s;

	put_unaligned_be32(TPM2E_CC_NV_CHANGE_AUTH, be);
	pext(TPM2E_ALG_SHA256, pol, TPM2E_CC_POLICY_COMMAND_CODE, be, 4,
	     NULL, 0);
	EXPECT_RC(define_pub(TPM2E_RH_OWNER, &p, "pw", 2), 0);
	EXPECT_RC(nv_write(IDX1, IDX1, "data", 4, 0), 0);
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT(s, "no session");
	EXPECT_RC(policy_cc(s, TPM2E_CC_NV_CHANGE_AUTH), 0);
	/* newAuth larger than the nameAlg's digest */
	cb_start(&c, TPM2E_CC_NV_CHANGE_AUTH, true, IDX1, 0, 0);
	cb_pol(&c, s);
	cb_params(&c);
	cb_u16(&c, 33);
	memset(c.b + c.len, 'n', 33);
	c.len += 33;
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	flush(s);
	/* A password cannot authorize the ADMIN role */
	cb_start(&c, TPM2E_CC_NV_CHANGE_AUTH, true, IDX1, 0, 0);
	cb_pw(&c, "pw", 2);
	cb_params(&c);
	cb_2b(&c, "new", 3);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_TYPE);
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT(s, "no session");
	EXPECT_RC(policy_cc(s, TPM2E_CC_NV_CHANGE_AUTH), 0);
	cb_start(&c, TPM2E_CC_NV_CHANGE_AUTH, true, IDX1, 0, 0);
	cb_pol(&c, s);
	cb_params(&c);
	cb_2b(&c, "new", 3);
	EXPECT_RC(exec_cb(&c), 0);
	flush(s);
	/* The old password fails, the new one works */
	EXPECT(nv_read(IDX1, IDX1, 4, 0, buf) != 0, "old password works");
	cb_start(&c, TPM2E_CC_NV_READ, true, IDX1, IDX1, 0);
	cb_pw(&c, "new", 3);
	cb_params(&c);
	cb_u16(&c, 4);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(!memcmp(rsp_params() + 2, "data", 4), "data differs");
	/* Stored as given, no trailing zeros */
	EXPECT(eng && tpm2_nv_get(eng, IDX1)->auth_size == 3, "auth size");
	return true;
}

/* NV_UndefineSpaceSpecial: a platform index with POLICY_DELETE */
static bool t_undefine_special(void)
{
	u8 pol[32] = { 0 }, be[4];
	struct nvpub p = { PIDX, TPM2E_ALG_SHA256,
			   A_PPW | A_PPR | TPM2E_NV_PLATFORMCREATE |
			   TPM2E_NV_POLICY_DELETE, 32, pol, 4 };
	struct cmdbuf c;
	u32 s;

	put_unaligned_be32(TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL, be);
	pext(TPM2E_ALG_SHA256, pol, TPM2E_CC_POLICY_COMMAND_CODE, be, 4,
	     NULL, 0);
	EXPECT_RC(define_pub(TPM2E_RH_PLATFORM, &p, NULL, 0), 0);
	EXPECT_RC(undefine(TPM2E_RH_PLATFORM, PIDX),
		  RC_H(TPM2E_RC_ATTRIBUTES, 2));
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT(s, "no session");
	EXPECT_RC(policy_cc(s, TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL), 0);
	cb_start(&c, TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL, true, PIDX,
		 TPM2E_RH_PLATFORM, 0);
	cb_pol(&c, s);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(!tpm2_nv_get(eng, PIDX), "still defined");
	flush(s);
	/* Without POLICY_DELETE */
	p.attrs &= ~TPM2E_NV_POLICY_DELETE;
	EXPECT_RC(define_pub(TPM2E_RH_PLATFORM, &p, NULL, 0), 0);
	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256);
	EXPECT_RC(policy_cc(s, TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL), 0);
	cb_start(&c, TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL, true, PIDX,
		 TPM2E_RH_PLATFORM, 0);
	cb_pol(&c, s);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	EXPECT_RC(exec_cb(&c), RC_H(TPM2E_RC_ATTRIBUTES, 1));
	flush(s);
	return true;
}

/* tpm2_nv_pin_auth() on PIN_FAIL and PIN_PASS indices */
static bool t_pin(void)
{
	u8 pin[8] = { 0, 0, 0, 0, 0, 0, 0, 2 };	/* count 0, limit 2 */
	struct tpm2_nv_index *nv;
	u8 buf[8];

	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_OW | A_OR | A_AR |
			 TPM2E_NV_NO_DA | NT(TPM2E_NT_PIN_FAIL), 8), 0);
	nv = tpm2_nv_get(eng, IDX1);
	EXPECT(nv, "not defined");
	/* Unwritten: the authValue is not available */
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), TPM2E_RC_AUTH_UNAVAILABLE);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, pin, 8, 0), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, false), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be32(buf) == 1, "pinCount %u",
	       get_unaligned_be32(buf));
	/* A success resets the count */
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf), 0);
	EXPECT(get_unaligned_be32(buf) == 0, "pinCount not reset");
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, false), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, false), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), TPM2E_RC_AUTH_UNAVAILABLE);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 4, 0, buf), 0);
	EXPECT(get_unaligned_be32(buf) == 2, "pinCount %u at the limit",
	       get_unaligned_be32(buf));

	/* PIN_PASS: each success counts, failures do not */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX2, A_OW | A_OR | A_AR |
			 NT(TPM2E_NT_PIN_PASS), 8), 0);
	nv = tpm2_nv_get(eng, IDX2);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX2, pin, 8, 0), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, false), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), 0);
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX2, 4, 0, buf), 0);
	EXPECT(get_unaligned_be32(buf) == 1, "pass pinCount %u",
	       get_unaligned_be32(buf));
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, nv, true), TPM2E_RC_AUTH_UNAVAILABLE);
	/* Through the authorization area: NV_Read with the index's password */
	EXPECT_RC(undefine(TPM2E_RH_OWNER, IDX1), 0);
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX1, A_OW | A_OR | A_AR |
			 TPM2E_NV_NO_DA | NT(TPM2E_NT_PIN_FAIL), 8), 0);
	EXPECT_RC(nv_read(IDX1, IDX1, 8, 0, buf), TPM2E_RC_AUTH_UNAVAILABLE);
	EXPECT_RC(nv_write(TPM2E_RH_OWNER, IDX1, pin, 8, 0), 0);
	EXPECT_RC(nv_read(IDX1, IDX1, 8, 0, buf), 0);
	{
		struct cmdbuf c;
		int i;

		for (i = 0; i < 2; i++) {
			cb_start(&c, TPM2E_CC_NV_READ, true, IDX1, IDX1, 0);
			cb_pw(&c, "bad", 3);
			cb_params(&c);
			cb_u16(&c, 8);
			cb_u16(&c, 0);
			/* noDA: BAD_AUTH, not AUTH_FAIL */
			EXPECT_RC(exec_cb(&c), TPM2E_RC_BAD_AUTH +
				  TPM2E_RC_S + TPM2E_RC_N(1));
		}
	}
	EXPECT_RC(nv_read(TPM2E_RH_OWNER, IDX1, 8, 0, buf), 0);
	EXPECT(get_unaligned_be32(buf) == 2, "pinCount %u after 2 failures",
	       get_unaligned_be32(buf));
	EXPECT_RC(nv_read(IDX1, IDX1, 8, 0, buf), TPM2E_RC_AUTH_UNAVAILABLE);
	/* Not a PIN index: nothing to do */
	EXPECT_RC(define(TPM2E_RH_OWNER, IDX3, A_RW, 8), 0);
	EXPECT_RC(tpm2_nv_pin_auth(eng, tpm2_nv_get(eng, IDX3), false), 0);
	return true;
}

/* Hidden indices: the platform's while phEnableNV is CLEAR */
static bool t_hidden(void)
{
	struct cmdbuf c;

	EXPECT_RC(define(TPM2E_RH_PLATFORM, PIDX,
			 A_PPW | A_PPR | TPM2E_NV_PLATFORMCREATE, 4), 0);
	EXPECT_RC(tpm2_nv_check_handle(eng, PIDX), 0);
	EXPECT_RC(tpm2_nv_check_handle(eng, IDX1), TPM2E_RC_HANDLE);
	/* HierarchyControl(platform, TPM_RH_PLATFORM_NV, NO) */
	cb_start(&c, TPM2E_CC_HIERARCHY_CONTROL, true, TPM2E_RH_PLATFORM, 0,
		 0);
	cb_pw(&c, NULL, 0);
	cb_params(&c);
	cb_u32(&c, TPM2E_RH_PLATFORM_NV);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT_RC(tpm2_nv_check_handle(eng, PIDX), TPM2E_RC_HANDLE);
	EXPECT_RC(read_public(PIDX, NULL, NULL, NULL, NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));
	/* DefineSpace with platformAuth now fails */
	EXPECT_RC(define(TPM2E_RH_PLATFORM, PIDX + 1,
			 A_PPW | A_PPR | TPM2E_NV_PLATFORMCREATE, 4),
		  RC_H(TPM2E_RC_HIERARCHY, 1));
	EXPECT_RC(reboot(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR), 0);
	EXPECT_RC(tpm2_nv_check_handle(eng, PIDX), 0);
	EXPECT(tpm2_nv_auth_write(TPM2E_CC_NV_WRITE) &&
	       tpm2_nv_auth_write(TPM2E_CC_NV_WRITE_LOCK) &&
	       !tpm2_nv_auth_write(TPM2E_CC_NV_READ) &&
	       !tpm2_nv_auth_write(TPM2E_CC_POLICY_NV) &&
	       !tpm2_nv_auth_write(TPM2E_CC_NV_CHANGE_AUTH),
	       "tpm2_nv_auth_write");
	return true;
}

static void run(const char *name, bool (*fn)(void))
{
	fresh_engine();
	fail_msg[0] = 0;
	if (fn()) {
		printf("PASS: nv.%s\n", name);
		passed++;
	} else {
		printf("FAIL: nv.%s: %s\n", name, fail_msg);
		failed++;
	}
}

int main(void)
{
	run("define_read_public", t_define_read_public);
	run("define_errors", t_define_errors);
	run("write_read", t_write_read);
	run("access", t_access);
	run("counter", t_counter);
	run("counter_redefine", t_counter_redefine);
	run("bits", t_bits);
	run("extend", t_extend);
	run("write_lock", t_write_lock);
	run("global_lock", t_global_lock);
	run("read_lock", t_read_lock);
	run("clear_stclear", t_clear_stclear);
	run("undefine", t_undefine);
	run("clear", t_clear);
	run("handles", t_handles);
	run("slots", t_slots);
	run("policy_nv", t_policy_nv);
	run("policy_authorize_nv", t_policy_authorize_nv);
	run("change_auth", t_change_auth);
	run("undefine_special", t_undefine_special);
	run("pin", t_pin);
	run("hidden", t_hidden);
	quota = 4 * TPM2E_NV_INDEX_COST + 310;
	run("quota", t_quota);
	quota = 0;
	tpm2_engine_destroy(eng);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
