// SPDX-License-Identifier: GPL-2.0
/*
 * Command-level tests of the policy commands (kernel/tpm2/cmd_policy.c).
 * Each policy digest the engine reports (TPM2_PolicyGetDigest) is compared
 * with one computed here with OpenSSL from the formulas of TPM 2.0 Part 3;
 * the error cases check the response codes Part 3 names. One line per
 * test, "PASS: name" or "FAIL: name: reason", then "N passed, N failed".
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

/* The message may quote the one before (fail_msg itself). */
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
	memcpy(c->b + c->len, p, n);
	c->len += n;
}

static void cb_2b(struct cmdbuf *c, const void *p, u16 n)
{
	cb_u16(c, n);
	cb_bytes(c, p, n);
}

/* A command without sessions on @handle */
static void cb_start(struct cmdbuf *c, u32 cc, u32 handle)
{
	c->len = 0;
	cb_u16(c, TPM2E_ST_NO_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	if (handle)
		cb_u32(c, handle);
}

/* A command with handles @h0, @h1 and an empty password for @h0 */
static void cb_start_pw(struct cmdbuf *c, u32 cc, u32 h0, u32 h1)
{
	c->len = 0;
	cb_u16(c, TPM2E_ST_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	cb_u32(c, h0);
	if (h1)
		cb_u32(c, h1);
	cb_u32(c, 9);
	cb_u32(c, TPM2E_RS_PW);
	cb_u16(c, 0);
	cb_u8(c, 0);
	cb_u16(c, 0);
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

/* Where a response's parameters start */
static const u8 *rsp_params(void)
{
	/* ST_SESSIONS responses carry parameterSize first */
	return get_unaligned_be16(rsp) == TPM2E_ST_SESSIONS ? rsp + 14 :
							       rsp + 10;
}

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;
	struct cmdbuf c;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x3C, sizeof(cfg.secret));
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	cb_start(&c, TPM2E_CC_STARTUP, 0);
	cb_u16(&c, TPM2E_SU_CLEAR);
	if (exec_cb(&c)) {
		fprintf(stderr, "Startup failed\n");
		exit(2);
	}
}

/* A policy (@type 1) or trial (3) session; its nonceTPM into @nonce */
static u32 start_session(u8 type, u16 hash, u8 *nonce, u16 *nonce_size)
{
	static const u8 caller[16] = { 1, 2, 3 };
	struct cmdbuf c;
	u32 rc;

	c.len = 0;
	cb_u16(&c, TPM2E_ST_NO_SESSIONS);
	cb_u32(&c, 0);
	cb_u32(&c, TPM2E_CC_START_AUTH_SESSION);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_2b(&c, caller, sizeof(caller));
	cb_u16(&c, 0);
	cb_u8(&c, type);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u16(&c, hash);
	rc = exec_cb(&c);
	if (rc)
		return 0;
	if (nonce) {
		*nonce_size = get_unaligned_be16(rsp + 14);
		memcpy(nonce, rsp + 16, *nonce_size);
	}
	return get_unaligned_be32(rsp + 10);
}

static void flush(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_CC_FLUSH_CONTEXT, 0);
	cb_u32(&c, h);
	exec_cb(&c);
}

static u32 get_digest(u32 s, u8 *out, u16 *size)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_CC_POLICY_GET_DIGEST, s);
	rc = exec_cb(&c);
	if (!rc) {
		*size = get_unaligned_be16(rsp + 10);
		memcpy(out, rsp + 12, *size);
	}
	return rc;
}

/* ---- the independent computation ---- */

static const EVP_MD *md_of(u16 alg)
{
	switch (alg) {
	case TPM2E_ALG_SHA1:
		return EVP_sha1();
	case TPM2E_ALG_SHA384:
		return EVP_sha384();
	}
	return EVP_sha256();
}

/* A digest being computed here: H(piece || piece || ...) */
struct hcalc {
	EVP_MD_CTX *ctx;
	u16 alg;
};

static void hc_start(struct hcalc *h, u16 alg)
{
	h->alg = alg;
	h->ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(h->ctx, md_of(alg), NULL);
}

static void hc_add(struct hcalc *h, const void *p, size_t n)
{
	EVP_DigestUpdate(h->ctx, p, n);
}

static void hc_u32(struct hcalc *h, u32 v)
{
	u8 b[4];

	put_unaligned_be32(v, b);
	hc_add(h, b, 4);
}

static void hc_u16(struct hcalc *h, u16 v)
{
	u8 b[2];

	put_unaligned_be16(v, b);
	hc_add(h, b, 2);
}

static unsigned int hc_end(struct hcalc *h, u8 *out)
{
	unsigned int n;

	EVP_DigestFinal_ex(h->ctx, out, &n);
	EVP_MD_CTX_free(h->ctx);
	return n;
}

/* d = H(d || cc || args) */
static void ext(u16 alg, u8 *d, u32 cc, const void *args, size_t n)
{
	struct hcalc h;

	hc_start(&h, alg);
	hc_add(&h, d, EVP_MD_get_size(md_of(alg)));
	hc_u32(&h, cc);
	if (n)
		hc_add(&h, args, n);
	hc_end(&h, d);
}

/* PolicyUpdate: d = H(H(d || cc || name) || ref) */
static void upd(u16 alg, u8 *d, u32 cc, const void *name, size_t nn,
		const void *ref, size_t rn)
{
	struct hcalc h;

	ext(alg, d, cc, name, nn);
	hc_start(&h, alg);
	hc_add(&h, d, EVP_MD_get_size(md_of(alg)));
	if (rn)
		hc_add(&h, ref, rn);
	hc_end(&h, d);
}

static bool digest_is(u32 s, u16 alg, const u8 *want)
{
	u8 got[64];
	u16 size = 0;
	int n = EVP_MD_get_size(md_of(alg));

	EXPECT_RC(get_digest(s, got, &size), 0);
	EXPECT(size == n, "digest size %u, want %d", size, n);
	EXPECT(!memcmp(got, want, n), "digest differs");
	return true;
}

static const u8 d1[32] = { [0 ... 31] = 0x11 };
static const u8 d2[32] = { [0 ... 31] = 0x22 };
static const u8 ref[3] = { 'a', 'b', 'c' };

#define RC_P(rc, n)	((rc) + TPM2E_RC_P + TPM2E_RC_N(n))
#define RC_H(rc, n)	((rc) + TPM2E_RC_H + TPM2E_RC_N(n))

/* ---- trial digests ---- */

/* Commands of one trial session, each checked against the computation */
static bool test_trial_simple(void)
{
	u8 want[64] = { 0 };
	struct cmdbuf c;
	u8 b;
	u32 s;

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no trial session");
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "initial: %s", fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
	cb_u32(&c, TPM2E_CC_UNSEAL);
	EXPECT_RC(exec_cb(&c), 0);
	put_unaligned_be32(TPM2E_CC_UNSEAL, want + 40);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_COMMAND_CODE, want + 40,
	    4);
	memset(want + 40, 0, 4);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "cc: %s", fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_AUTH_VALUE, s);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_AUTH_VALUE, NULL, 0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "authvalue: %s",
	       fail_msg);

	/* PolicyPassword extends with PolicyAuthValue's code */
	cb_start(&c, TPM2E_CC_POLICY_PASSWORD, s);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_AUTH_VALUE, NULL, 0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "password: %s",
	       fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_PHYSICAL_PRESENCE, s);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_PHYSICAL_PRESENCE, NULL,
	    0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "pp: %s", fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 0x0C);
	EXPECT_RC(exec_cb(&c), 0);
	b = 0x0C;
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_LOCALITY, &b, 1);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "locality: %s",
	       fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_NV_WRITTEN, s);
	cb_u8(&c, 1);
	EXPECT_RC(exec_cb(&c), 0);
	b = 1;
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_NV_WRITTEN, &b, 1);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "nvwritten: %s",
	       fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_CP_HASH, d1, 32);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "cphash: %s", fail_msg);

	/* PolicyOR in a trial session needs no match */
	cb_start(&c, TPM2E_CC_POLICY_OR, s);
	cb_u32(&c, 2);
	cb_2b(&c, d1, 32);
	cb_2b(&c, d2, 32);
	EXPECT_RC(exec_cb(&c), 0);
	{
		u8 both[64];

		/* H(zeros || TPM_CC_PolicyOR || d1 || d2) */
		memcpy(both, d1, 32);
		memcpy(both + 32, d2, 32);
		memset(want, 0, sizeof(want));
		ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_OR, both, 64);
	}
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "or: %s", fail_msg);

	/* PolicyRestart: back to zeros */
	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	memset(want, 0, sizeof(want));
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "restart: %s",
	       fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_NAME_HASH, s);
	cb_2b(&c, d2, 32);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_NAME_HASH, d2, 32);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "namehash: %s",
	       fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	memset(want, 0, sizeof(want));
	cb_start(&c, TPM2E_CC_POLICY_TEMPLATE, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_TEMPLATE, d1, 32);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "template: %s",
	       fail_msg);
	flush(s);
	return true;
}

/* PolicyPCR with a digest given, PolicyCounterTimer, DuplicationSelect */
static bool test_trial_args(void)
{
	static const u8 pcrs[] = {
		0, 0, 0, 1, 0x00, 0x0B, 3, 0x03, 0x00, 0x00
	};
	static const u8 operand[8] = { 0, 0, 0, 0, 0, 1, 0, 0 };
	u8 want[64] = { 0 }, args[128], name_o[34], name_p[34];
	struct hcalc h;
	struct cmdbuf c;
	unsigned int inc;
	u32 s;

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no trial session");
	cb_start(&c, TPM2E_CC_POLICY_PCR, s);
	cb_2b(&c, d2, 32);
	cb_bytes(&c, pcrs, sizeof(pcrs));
	EXPECT_RC(exec_cb(&c), 0);
	memcpy(args, pcrs, sizeof(pcrs));
	memcpy(args + sizeof(pcrs), d2, 32);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_PCR, args,
	    sizeof(pcrs) + 32);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "pcr: %s", fail_msg);

	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, operand, sizeof(operand));
	cb_u16(&c, 8);
	cb_u16(&c, TPM2E_EO_UNSIGNED_LT);
	EXPECT_RC(exec_cb(&c), 0);
	hc_start(&h, TPM2E_ALG_SHA256);
	hc_add(&h, operand, sizeof(operand));
	hc_u16(&h, 8);
	hc_u16(&h, TPM2E_EO_UNSIGNED_LT);
	hc_end(&h, args);
	ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_COUNTER_TIMER, args, 32);
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "countertimer: %s",
	       fail_msg);
	flush(s);

	put_unaligned_be16(TPM2E_ALG_SHA256, name_o);
	memcpy(name_o + 2, d1, 32);
	put_unaligned_be16(TPM2E_ALG_SHA256, name_p);
	memcpy(name_p + 2, d2, 32);
	for (inc = 0; inc < 2; inc++) {
		u32 n = 0;

		s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL,
				  NULL);
		EXPECT(s, "no trial session");
		cb_start(&c, TPM2E_CC_POLICY_DUPLICATION_SELECT, s);
		cb_2b(&c, name_o, 34);
		cb_2b(&c, name_p, 34);
		cb_u8(&c, inc);
		EXPECT_RC(exec_cb(&c), 0);
		memset(want, 0, sizeof(want));
		if (inc) {
			memcpy(args, name_o, 34);
			n = 34;
		}
		memcpy(args + n, name_p, 34);
		args[n + 34] = inc;
		ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_DUPLICATION_SELECT,
		    args, n + 35);
		EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "dupsel %u: %s",
		       inc, fail_msg);
		/* It limits the policy to TPM2_Duplicate. */
		cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
		cb_u32(&c, TPM2E_CC_UNSEAL);
		EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
		flush(s);
	}
	return true;
}

/* PolicySecret(owner) and PolicyAuthorize in trial sessions; SHA-1/384 */
static bool test_trial_auth(void)
{
	u8 want[64] = { 0 }, name[4], key[34];
	struct cmdbuf c;
	u32 s;

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no trial session");
	cb_start_pw(&c, TPM2E_CC_POLICY_SECRET, TPM2E_RH_OWNER, s);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_2b(&c, ref, sizeof(ref));
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	put_unaligned_be32(TPM2E_RH_OWNER, name);
	upd(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_SECRET, name, 4, ref,
	    sizeof(ref));
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "secret: %s", fail_msg);

	/* PolicyAuthorize starts from zeros; no ticket needed in a trial */
	put_unaligned_be16(TPM2E_ALG_SHA256, key);
	memcpy(key + 2, d2, 32);
	cb_start(&c, TPM2E_CC_POLICY_AUTHORIZE, s);
	cb_2b(&c, d1, 32);
	cb_2b(&c, ref, sizeof(ref));
	cb_2b(&c, key, sizeof(key));
	cb_u16(&c, TPM2E_ST_VERIFIED);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	memset(want, 0, sizeof(want));
	upd(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_AUTHORIZE, key,
	    sizeof(key), ref, sizeof(ref));
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "authorize: %s",
	       fail_msg);
	flush(s);

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA1, NULL, NULL);
	EXPECT(s, "no SHA-1 trial session");
	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
	cb_u32(&c, TPM2E_CC_SIGN);
	EXPECT_RC(exec_cb(&c), 0);
	memset(want, 0, sizeof(want));
	put_unaligned_be32(TPM2E_CC_SIGN, name);
	ext(TPM2E_ALG_SHA1, want, TPM2E_CC_POLICY_COMMAND_CODE, name, 4);
	EXPECT(digest_is(s, TPM2E_ALG_SHA1, want), "sha1: %s", fail_msg);
	/* a cpHash must have the session's digest size */
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	flush(s);

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA384, NULL, NULL);
	EXPECT(s, "no SHA-384 trial session");
	cb_start(&c, TPM2E_CC_POLICY_AUTH_VALUE, s);
	EXPECT_RC(exec_cb(&c), 0);
	memset(want, 0, sizeof(want));
	ext(TPM2E_ALG_SHA384, want, TPM2E_CC_POLICY_AUTH_VALUE, NULL, 0);
	EXPECT(digest_is(s, TPM2E_ALG_SHA384, want), "sha384: %s", fail_msg);
	flush(s);
	return true;
}

/* ---- errors ---- */

static bool test_errors_params(void)
{
	struct cmdbuf c;
	u32 s;

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no trial session");
	/* PolicyOR takes 2 to 8 digests */
	cb_start(&c, TPM2E_CC_POLICY_OR, s);
	cb_u32(&c, 1);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	cb_start(&c, TPM2E_CC_POLICY_OR, s);
	cb_u32(&c, 9);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 31);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	cb_start(&c, TPM2E_CC_POLICY_NAME_HASH, s);
	cb_2b(&c, d1, 20);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_RANGE, 1));
	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
	cb_u32(&c, 0x1FF);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_POLICY_CC, 1));
	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, d1, 8);
	cb_u16(&c, 0);
	cb_u16(&c, TPM2E_NR_EO);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 3));
	cb_start(&c, TPM2E_CC_POLICY_NV_WRITTEN, s);
	cb_u8(&c, 2);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_CC_POLICY_AUTHORIZE, s);
	cb_2b(&c, d1, 32);
	cb_2b(&c, ref, sizeof(ref));
	cb_2b(&c, d1, 1);
	cb_u16(&c, TPM2E_ST_VERIFIED);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 3));
	/* PolicyTicket: not in a trial session */
	cb_start(&c, TPM2E_CC_POLICY_TICKET, s);
	cb_2b(&c, d1, 8);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_2b(&c, d1, 4);
	cb_u16(&c, TPM2E_ST_AUTH_SECRET);
	cb_u32(&c, TPM2E_RH_OWNER);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), RC_H(TPM2E_RC_ATTRIBUTES, 1));
	/* Not a policy session handle */
	cb_start(&c, TPM2E_CC_POLICY_GET_DIGEST, TPM2E_RH_OWNER);
	EXPECT(exec_cb(&c) != 0, "GetDigest of TPM_RH_OWNER succeeded");
	flush(s);
	return true;
}

/* What the policy commands record must not be contradicted. */
static bool test_errors_conflicts(void)
{
	struct cmdbuf c;
	u32 s;

	s = start_session(TPM2E_SE_TRIAL, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no trial session");
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d2, 32);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_CPHASH);
	cb_start(&c, TPM2E_CC_POLICY_NAME_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_CPHASH);
	cb_start(&c, TPM2E_CC_POLICY_TEMPLATE, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_CPHASH);

	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_TEMPLATE, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_TEMPLATE, s);
	cb_2b(&c, d2, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_CC_POLICY_CP_HASH, s);
	cb_2b(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_CPHASH);

	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 0x03);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 0x04);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_RANGE, 1));
	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 40);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_RANGE, 1));
	cb_start(&c, TPM2E_CC_POLICY_LOCALITY, s);
	cb_u8(&c, 0x02);
	EXPECT_RC(exec_cb(&c), 0);

	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
	cb_u32(&c, TPM2E_CC_UNSEAL);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_COMMAND_CODE, s);
	cb_u32(&c, TPM2E_CC_SIGN);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_CC_POLICY_DUPLICATION_SELECT, s);
	cb_2b(&c, d1, 4);
	cb_2b(&c, d1, 4);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_COMMAND_CODE);

	cb_start(&c, TPM2E_CC_POLICY_NV_WRITTEN, s);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_NV_WRITTEN, s);
	cb_u8(&c, 1);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	flush(s);
	return true;
}

/* Real policy sessions: the checks a trial session skips */
static bool test_real_checks(void)
{
	static const u8 pcrs[] = {
		0, 0, 0, 1, 0x00, 0x0B, 3, 0x01, 0x00, 0x00
	};
	static const u8 big[8] = { 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0 };
	u8 want[64] = { 0 }, pcr0[32], zeros[32] = { 0 };
	struct cmdbuf c;
	struct hcalc h;
	u32 s;

	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s, "no policy session");
	/* PolicyOR: the current digest (zeros) must be in the list */
	cb_start(&c, TPM2E_CC_POLICY_OR, s);
	cb_u32(&c, 2);
	cb_2b(&c, d1, 32);
	cb_2b(&c, d2, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_CC_POLICY_OR, s);
	cb_u32(&c, 2);
	cb_2b(&c, d1, 32);
	cb_2b(&c, zeros, 32);
	EXPECT_RC(exec_cb(&c), 0);

	/* PolicyPCR: PCR 0 of a fresh TPM is zeros */
	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	hc_start(&h, TPM2E_ALG_SHA256);
	hc_add(&h, zeros, 32);
	hc_end(&h, pcr0);
	cb_start(&c, TPM2E_CC_POLICY_PCR, s);
	cb_2b(&c, d1, 32);
	cb_bytes(&c, pcrs, sizeof(pcrs));
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_CC_POLICY_PCR, s);
	cb_2b(&c, pcr0, 32);
	cb_bytes(&c, pcrs, sizeof(pcrs));
	EXPECT_RC(exec_cb(&c), 0);
	{
		u8 args[sizeof(pcrs) + 32];

		memcpy(args, pcrs, sizeof(pcrs));
		memcpy(args + sizeof(pcrs), pcr0, 32);
		ext(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_PCR, args,
		    sizeof(args));
	}
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "pcr: %s", fail_msg);
	/* ... and the PCRs may not change while the policy is built */
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 16, 0);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_SHA256);
	cb_bytes(&c, d1, 32);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_PCR, s);
	cb_u16(&c, 0);
	cb_bytes(&c, pcrs, sizeof(pcrs));
	EXPECT_RC(exec_cb(&c), TPM2E_RC_PCR_CHANGED);

	/* PolicyCounterTimer: TPMS_TIME_INFO.time (offset 0) */
	cb_start(&c, TPM2E_CC_POLICY_RESTART, s);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, big, 8);
	cb_u16(&c, 0);
	cb_u16(&c, TPM2E_EO_UNSIGNED_LT);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, big, 8);
	cb_u16(&c, 0);
	cb_u16(&c, TPM2E_EO_UNSIGNED_GE);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_POLICY);
	/* safe (offset 24) is YES on a fresh TPM */
	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, "\x01", 1);
	cb_u16(&c, 24);
	cb_u16(&c, TPM2E_EO_EQ);
	EXPECT_RC(exec_cb(&c), 0);
	cb_start(&c, TPM2E_CC_POLICY_COUNTER_TIMER, s);
	cb_2b(&c, big, 8);
	cb_u16(&c, 20);
	cb_u16(&c, TPM2E_EO_EQ);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_RANGE, 2));
	flush(s);
	return true;
}

static bool test_compare(void)
{
	static const u8 m1[2] = { 0xFF, 0xFF }, p1[2] = { 0, 1 };

	EXPECT(tpm2_policy_compare(TPM2E_EO_SIGNED_LT, m1, p1, 2),
	       "-1 < 1 signed");
	EXPECT(tpm2_policy_compare(TPM2E_EO_UNSIGNED_GT, m1, p1, 2),
	       "0xFFFF > 1 unsigned");
	EXPECT(!tpm2_policy_compare(TPM2E_EO_SIGNED_GE, m1, p1, 2),
	       "-1 >= 1 signed");
	EXPECT(tpm2_policy_compare(TPM2E_EO_BITSET, m1, p1, 2), "bitset");
	EXPECT(!tpm2_policy_compare(TPM2E_EO_BITCLEAR, m1, p1, 2),
	       "bitclear");
	EXPECT(tpm2_policy_compare(TPM2E_EO_NEQ, m1, p1, 2), "neq");
	EXPECT(tpm2_policy_compare(TPM2E_EO_SIGNED_LE, p1, p1, 2), "le");
	return true;
}

/* PolicySecret in a policy session: nonce, expiration, its ticket */
static bool test_secret_ticket(void)
{
	u8 nonce[64], want[64] = { 0 }, name[4], ticket[32], timeout[8];
	u16 nonce_size;
	struct cmdbuf c;
	const u8 *p;
	u32 s, s2;

	s = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256, nonce,
			  &nonce_size);
	EXPECT(s && nonce_size == 32, "no policy session");
	/* a wrong nonceTPM */
	cb_start_pw(&c, TPM2E_CC_POLICY_SECRET, TPM2E_RH_OWNER, s);
	cb_2b(&c, d1, 32);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_NONCE, 1));
	/* an absolute expiration long past */
	eng->time_origin -= 100000;
	cb_start_pw(&c, TPM2E_CC_POLICY_SECRET, TPM2E_RH_OWNER, s);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_u16(&c, 0);
	cb_u32(&c, 1);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_EXPIRED, 4));
	/* cpHashA of the wrong size */
	cb_start_pw(&c, TPM2E_CC_POLICY_SECRET, TPM2E_RH_OWNER, s);
	cb_u16(&c, 0);
	cb_2b(&c, d1, 20);
	cb_u16(&c, 0);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 2));
	/* the session's nonce, a ticket for 600 s */
	cb_start_pw(&c, TPM2E_CC_POLICY_SECRET, TPM2E_RH_OWNER, s);
	cb_2b(&c, nonce, nonce_size);
	cb_u16(&c, 0);
	cb_2b(&c, ref, sizeof(ref));
	cb_u32(&c, (u32)-600);
	EXPECT_RC(exec_cb(&c), 0);
	p = rsp_params();
	EXPECT(get_unaligned_be16(p) == 8, "timeout size %u",
	       get_unaligned_be16(p));
	memcpy(timeout, p + 2, 8);
	EXPECT(timeout[0] & 0x80, "timeout does not expire on reset");
	EXPECT(get_unaligned_be16(p + 10) == TPM2E_ST_AUTH_SECRET &&
	       get_unaligned_be32(p + 12) == TPM2E_RH_OWNER &&
	       get_unaligned_be16(p + 16) == 32, "ticket header");
	memcpy(ticket, p + 18, 32);
	put_unaligned_be32(TPM2E_RH_OWNER, name);
	upd(TPM2E_ALG_SHA256, want, TPM2E_CC_POLICY_SECRET, name, 4, ref,
	    sizeof(ref));
	EXPECT(digest_is(s, TPM2E_ALG_SHA256, want), "secret: %s", fail_msg);
	flush(s);

	/* The ticket stands for the PolicySecret in another session. */
	s2 = start_session(TPM2E_SE_POLICY, TPM2E_ALG_SHA256, NULL, NULL);
	EXPECT(s2, "no policy session");
	ticket[5] ^= 1;
	cb_start(&c, TPM2E_CC_POLICY_TICKET, s2);
	cb_2b(&c, timeout, 8);
	cb_u16(&c, 0);
	cb_2b(&c, ref, sizeof(ref));
	cb_2b(&c, name, 4);
	cb_u16(&c, TPM2E_ST_AUTH_SECRET);
	cb_u32(&c, TPM2E_RH_OWNER);
	cb_2b(&c, ticket, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_TICKET, 5));
	ticket[5] ^= 1;
	cb_start(&c, TPM2E_CC_POLICY_TICKET, s2);
	cb_2b(&c, timeout, 4);
	cb_u16(&c, 0);
	cb_2b(&c, ref, sizeof(ref));
	cb_2b(&c, name, 4);
	cb_u16(&c, TPM2E_ST_AUTH_SECRET);
	cb_u32(&c, TPM2E_RH_OWNER);
	cb_2b(&c, ticket, 32);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_SIZE, 1));
	cb_start(&c, TPM2E_CC_POLICY_TICKET, s2);
	cb_2b(&c, timeout, 8);
	cb_u16(&c, 0);
	cb_2b(&c, ref, sizeof(ref));
	cb_2b(&c, name, 4);
	cb_u16(&c, TPM2E_ST_AUTH_SECRET);
	cb_u32(&c, TPM2E_RH_OWNER);
	cb_2b(&c, ticket, 32);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(digest_is(s2, TPM2E_ALG_SHA256, want), "ticket: %s",
	       fail_msg);
	flush(s2);
	return true;
}

static void run(const char *name, bool (*fn)(void))
{
	fresh_engine();
	fail_msg[0] = 0;
	if (fn()) {
		printf("PASS: policy.%s\n", name);
		passed++;
	} else {
		printf("FAIL: policy.%s: %s\n", name, fail_msg);
		failed++;
	}
}

int main(void)
{
	run("trial_simple", test_trial_simple);
	run("trial_args", test_trial_args);
	run("trial_auth", test_trial_auth);
	run("errors_params", test_errors_params);
	run("errors_conflicts", test_errors_conflicts);
	run("real_checks", test_real_checks);
	run("compare", test_compare);
	run("secret_ticket", test_secret_ticket);
	tpm2_engine_destroy(eng);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
