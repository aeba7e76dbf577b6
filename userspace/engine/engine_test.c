// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the TPM engine (kernel/tpm2/). One line per test,
 * "PASS: name" or "FAIL: name: reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
/* EC_KEY and ECDSA_do_sign/verify: deprecated in 3.0, still the plainest */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "engine_int.h"
#include "engine_vectors.h"

#define RSP_MAX TPM2_MAX_RESPONSE_SIZE

static char fail_msg[512];
static struct tpm2_engine *eng;
static u8 rsp[RSP_MAX];
static size_t rsp_len;

static bool failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_msg, sizeof(fail_msg), fmt, ap);
	va_end(ap);
	return false;
}

#define EXPECT(cond, ...) \
	do { if (!(cond)) return failf(__VA_ARGS__); } while (0)

/* A command under construction */
struct cmdbuf {
	u8 b[TPM2_MAX_COMMAND_SIZE + 64];
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

static void cb_start(struct cmdbuf *c, u16 tag, u32 cc)
{
	c->len = 0;
	cb_u16(c, tag);
	cb_u32(c, 0);
	cb_u32(c, cc);
}

static void cb_end(struct cmdbuf *c)
{
	put_unaligned_be32(c->len, c->b + 2);
}

/*
 * These tests check each command's own answers, deliberately wrong
 * authorizations included; dictionary-attack protection (session_test.c)
 * would soon lock the later checks out. So the harness forgives every
 * failure after each command, reaching into the engine's state.
 */
static void da_forgive(void)
{
	eng->failed_tries = 0;
	eng->lockout_disabled = false;
}

static u32 exec_ctx(const u8 *cmd, size_t len, const struct tpm2_exec_ctx *ctx)
{
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, cmd, len, rsp, sizeof(rsp), ctx);
	da_forgive();
	if (rsp_len < 10)
		return 0xFFFFFFFF;
	return get_unaligned_be32(rsp + 6);
}

static u32 exec(const u8 *cmd, size_t len)
{
	return exec_ctx(cmd, len, NULL);
}

static u32 exec_cb(struct cmdbuf *c)
{
	cb_end(c);
	return exec(c->b, c->len);
}

/* A well-formed response: size field equals length, tag fits the code. */
static bool rsp_ok(void)
{
	u16 tag = get_unaligned_be16(rsp);
	u32 rc = get_unaligned_be32(rsp + 6);

	EXPECT(rsp_len >= 10 && rsp_len <= RSP_MAX, "response length %zu",
	       rsp_len);
	EXPECT(get_unaligned_be32(rsp + 2) == rsp_len,
	       "size field %u, length %zu", get_unaligned_be32(rsp + 2),
	       rsp_len);
	if (rc)
		EXPECT(rsp_len == 10 && (tag == TPM2E_ST_NO_SESSIONS ||
					 (tag == TPM2E_ST_RSP_COMMAND &&
					  rc == TPM2E_RC_BAD_TAG)),
		       "error response tag %#x len %zu", tag, rsp_len);
	else
		EXPECT(tag == TPM2E_ST_NO_SESSIONS || tag == TPM2E_ST_SESSIONS,
		       "success tag %#x", tag);
	return true;
}

#define EXPECT_RC(expr, want) do {					\
	u32 __rc = (expr);						\
	EXPECT(__rc == (u32)(want), "%s: rc %#x, want %#x", #expr,	\
	       __rc, (u32)(want));					\
	if (!rsp_ok())							\
		return false;						\
} while (0)

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5A, sizeof(cfg.secret));
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
}

static u32 startup(u16 type)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STARTUP);
	cb_u16(&c, type);
	return exec_cb(&c);
}

static u32 get_cap(u32 cap, u32 prop, u32 count)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_CAPABILITY);
	cb_u32(&c, cap);
	cb_u32(&c, prop);
	cb_u32(&c, count);
	return exec_cb(&c);
}

/* ---- header ---- */

static bool test_header_short(void)
{
	static const u8 hdr[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 1, 0x7B };
	size_t n;

	for (n = 0; n < 10; n++) {
		u32 want = TPM2E_RC_INSUFFICIENT;
		u8 cmd[10];

		memcpy(cmd, hdr, n);
		/* commandSize says 10 but fewer arrive */
		if (n >= 6)
			want = TPM2E_RC_COMMAND_SIZE;
		EXPECT_RC(exec(cmd, n), want);
	}
	return true;
}

static bool test_header_null_input(void)
{
	EXPECT_RC(exec(NULL, 0), TPM2E_RC_INSUFFICIENT);
	return true;
}

static bool test_header_truncated_cc(void)
{
	/* commandSize 8 matches: the command code is what is missing */
	static const u8 cmd[] = { 0x80, 0x01, 0, 0, 0, 8, 0, 0 };

	EXPECT_RC(exec(cmd, sizeof(cmd)), TPM2E_RC_INSUFFICIENT);
	return true;
}

static bool test_header_bad_tag(void)
{
	static const u8 tpm12[] = { 0x00, 0xC1, 0, 0, 0, 10, 0, 0, 0, 0x65 };
	static const u8 other[] = { 0x80, 0x03, 0, 0, 0, 10, 0, 0, 1, 0x7B };

	EXPECT_RC(exec(tpm12, sizeof(tpm12)), TPM2E_RC_BAD_TAG);
	EXPECT(get_unaligned_be16(rsp) == TPM2E_ST_RSP_COMMAND, "tag %#x",
	       get_unaligned_be16(rsp));
	EXPECT_RC(exec(other, sizeof(other)), TPM2E_RC_BAD_TAG);
	return true;
}

static bool test_header_size_mismatch(void)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u16(&c, 8);
	cb_end(&c);
	put_unaligned_be32(c.len + 1, c.b + 2);
	EXPECT_RC(exec(c.b, c.len), TPM2E_RC_COMMAND_SIZE);
	put_unaligned_be32(c.len - 1, c.b + 2);
	EXPECT_RC(exec(c.b, c.len), TPM2E_RC_COMMAND_SIZE);
	return true;
}

static bool test_header_oversized(void)
{
	static u8 big[TPM2_MAX_COMMAND_SIZE + 16];
	u32 n = TPM2_MAX_COMMAND_SIZE + 1;

	memset(big, 0, sizeof(big));
	put_unaligned_be16(TPM2E_ST_NO_SESSIONS, big);
	put_unaligned_be32(n, big + 2);
	put_unaligned_be32(TPM2E_CC_GET_RANDOM, big + 6);
	EXPECT_RC(exec(big, n), TPM2E_RC_COMMAND_SIZE);
	/* A huge length is seen as "too long", never read past the max */
	put_unaligned_be32(0xFFFFFFFF, big + 2);
	EXPECT_RC(exec(big, n), TPM2E_RC_COMMAND_SIZE);
	return true;
}

static bool test_header_unknown_cc(void)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, 0x0199);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_COMMAND_CODE);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, 0x2000017B);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_COMMAND_CODE);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, 0xFFFFFFFF);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_COMMAND_CODE);
	return true;
}

/* ---- Startup, Shutdown ---- */

static bool test_before_startup(void)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SELF_TEST);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INITIALIZE);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u16(&c, 8);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INITIALIZE);
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_FIXED, 1),
		  TPM2E_RC_INITIALIZE);
	return true;
}

static bool test_startup_twice(void)
{
	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	EXPECT(rsp_len == 10, "startup response length %zu", rsp_len);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_INITIALIZE);
	return true;
}

static bool test_startup_bad_type(void)
{
	struct cmdbuf c;

	EXPECT_RC(startup(2), TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(1));
	/* No Shutdown(STATE) before: nothing to resume */
	EXPECT_RC(startup(TPM2E_SU_STATE),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STARTUP);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c),
		  TPM2E_RC_INSUFFICIENT + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STARTUP);
	cb_u16(&c, 0);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	return true;
}

static bool test_startup_locality(void)
{
	struct tpm2_exec_ctx ctx = { .locality = 1 };
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STARTUP);
	cb_u16(&c, TPM2E_SU_CLEAR);
	cb_end(&c);
	EXPECT_RC(exec_ctx(c.b, c.len, &ctx), TPM2E_RC_LOCALITY);
	ctx.locality = 3;
	EXPECT_RC(exec_ctx(c.b, c.len, &ctx), TPM2E_RC_SUCCESS);
	return true;
}

static bool test_startup_with_session(void)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_STARTUP);
	cb_u32(&c, 9);
	cb_u32(&c, TPM2E_RS_PW);
	cb_u16(&c, 0);
	cb_u8(&c, 0);
	cb_u16(&c, 0);
	cb_u16(&c, TPM2E_SU_CLEAR);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_CONTEXT);
	return true;
}

static bool shutdown(u16 type)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SHUTDOWN);
	cb_u16(&c, type);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
	return true;
}

static u32 startup_clear_flags(void)
{
	if (get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_STARTUP_CLEAR, 1) ||
	    rsp_len != 27)
		return 0xDEADBEEF;
	return get_unaligned_be32(rsp + 23);
}

static bool test_shutdown_resume(void)
{
	u32 flags;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	flags = startup_clear_flags();
	EXPECT(flags == 0xF, "STARTUP_CLEAR %#x after first boot", flags);
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), TPM2E_RC_SUCCESS);
	flags = startup_clear_flags();
	EXPECT(flags == (0xF | TPM2E_SC_ORDERLY), "STARTUP_CLEAR %#x", flags);
	/* The saved state is used up. */
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(1));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	flags = startup_clear_flags();
	EXPECT(flags == 0xF, "STARTUP_CLEAR %#x after unorderly", flags);
	if (!shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(1));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	flags = startup_clear_flags();
	EXPECT(flags == (0xF | TPM2E_SC_ORDERLY), "STARTUP_CLEAR %#x", flags);
	return true;
}

/* ---- testing ---- */

static bool test_self_test(void)
{
	struct cmdbuf c;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	for (i = 0; i < 3; i++) {
		cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SELF_TEST);
		cb_u8(&c, i);
		EXPECT_RC(exec_cb(&c), i < 2 ? TPM2E_RC_SUCCESS :
			  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(1));
	}
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_INCREMENTAL_SELF_TEST);
	cb_u32(&c, 2);
	cb_u16(&c, TPM2E_ALG_SHA256);
	cb_u16(&c, TPM2E_ALG_AES);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
	EXPECT(rsp_len == 14 && get_unaligned_be32(rsp + 10) == 0,
	       "toDoList not empty");
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_INCREMENTAL_SELF_TEST);
	cb_u32(&c, TPM2E_MAX_ALG_LIST_SIZE + 1);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_INCREMENTAL_SELF_TEST);
	cb_u32(&c, 2);
	cb_u16(&c, TPM2E_ALG_SHA256);
	EXPECT_RC(exec_cb(&c),
		  TPM2E_RC_INSUFFICIENT + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_TEST_RESULT);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
	EXPECT(rsp_len == 16 && get_unaligned_be16(rsp + 10) == 0 &&
	       get_unaligned_be32(rsp + 12) == 0, "GetTestResult body");
	return true;
}

/* ---- random ---- */

static bool test_get_random(void)
{
	static const u16 asks[] = { 0, 1, 16, 32, 64, 65, 100, 0xFFFF };
	struct cmdbuf c;
	u8 first[64];
	unsigned int i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(asks); i++) {
		u16 want = asks[i] > 64 ? 64 : asks[i];

		cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_RANDOM);
		cb_u16(&c, asks[i]);
		EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
		EXPECT(rsp_len == 12u + want &&
		       get_unaligned_be16(rsp + 10) == want,
		       "asked %u, got %zu bytes", asks[i], rsp_len - 12);
	}
	memcpy(first, rsp + 12, 64);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
	EXPECT(memcmp(first, rsp + 12, 64), "same random bytes twice");
	return true;
}

static bool test_get_random_bad_params(void)
{
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c),
		  TPM2E_RC_INSUFFICIENT + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u16(&c, 8);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	return true;
}

static bool test_stir_random(void)
{
	struct cmdbuf c;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STIR_RANDOM);
	cb_u16(&c, 128);
	for (i = 0; i < 128; i++)
		cb_u8(&c, i);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SUCCESS);
	EXPECT(rsp_len == 10, "StirRandom response length %zu", rsp_len);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STIR_RANDOM);
	cb_u16(&c, 129);
	for (i = 0; i < 129; i++)
		cb_u8(&c, i);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE + TPM2E_RC_P + TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STIR_RANDOM);
	cb_u16(&c, 4);
	cb_u8(&c, 1);
	EXPECT_RC(exec_cb(&c),
		  TPM2E_RC_INSUFFICIENT + TPM2E_RC_P + TPM2E_RC_N(1));
	return true;
}

/* ---- authorization area ---- */

static void cb_pw_session(struct cmdbuf *c, u32 handle, u16 nonce, u8 attrs,
			  u16 hmac)
{
	u16 i;

	cb_u32(c, handle);
	cb_u16(c, nonce);
	for (i = 0; i < nonce; i++)
		cb_u8(c, 0x11);
	cb_u8(c, attrs);
	cb_u16(c, hmac);
	for (i = 0; i < hmac; i++)
		cb_u8(c, 0x22);
}

/* GetRandom(8) with an authorization area of the given sessions */
static u32 random_with_sessions(unsigned int n, u32 handle, u16 nonce,
				u8 attrs, u16 hmac)
{
	struct cmdbuf c;
	u32 size_at;
	unsigned int i;

	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	size_at = c.len;
	cb_u32(&c, 0);
	for (i = 0; i < n; i++)
		cb_pw_session(&c, handle, nonce, attrs, hmac);
	put_unaligned_be32(c.len - size_at - 4, c.b + size_at);
	cb_u16(&c, 8);
	return exec_cb(&c);
}

#define RC_S1(rc) ((rc) + TPM2E_RC_S + TPM2E_RC_N(1))

/*
 * TPM_RC_BAD_AUTH: a wrong password or HMAC for an entity exempt from
 * dictionary-attack protection (permanent handles but TPM_RH_LOCKOUT, PCRs,
 * sequence objects, key objects with noDA); TPM_RC_AUTH_FAIL (0x08E) is
 * for the others.
 */
#define T_RC_BAD_AUTH	0x0A2
static_assert(T_RC_BAD_AUTH + TPM2E_RC_S + TPM2E_RC_N(1) == 0x9A2);
static_assert(T_RC_BAD_AUTH + TPM2E_RC_S + TPM2E_RC_N(2) == 0xAA2);

static bool test_auth_area(void)
{
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	/* A password authorizes nothing here */
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 0, 1, 0),
		  RC_S1(TPM2E_RC_HANDLE));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 0, 0, 4),
		  RC_S1(TPM2E_RC_HANDLE));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 4, 1, 0),
		  RC_S1(TPM2E_RC_NONCE));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 0, 0x08, 0),
		  RC_S1(TPM2E_RC_RESERVED_BITS));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 0, TPM2E_SA_AUDIT, 0),
		  RC_S1(TPM2E_RC_ATTRIBUTES));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 65, 0, 0),
		  RC_S1(TPM2E_RC_SIZE));
	EXPECT_RC(random_with_sessions(1, TPM2E_RS_PW, 0, 0, 65),
		  RC_S1(TPM2E_RC_SIZE));
	EXPECT_RC(random_with_sessions(1, 0x40000001, 0, 0, 0),
		  RC_S1(TPM2E_RC_VALUE));
	EXPECT_RC(random_with_sessions(1, 0x02000040, 0, 0, 0),
		  RC_S1(TPM2E_RC_VALUE));
	EXPECT_RC(random_with_sessions(1, 0x02000000, 0, 0, 0),
		  TPM2E_RC_REFERENCE_S0);
	EXPECT_RC(random_with_sessions(1, 0x03000001, 0, 0, 0),
		  TPM2E_RC_REFERENCE_S0);
	EXPECT_RC(random_with_sessions(4, TPM2E_RS_PW, 0, 0, 0),
		  TPM2E_RC_SIZE + TPM2E_RC_S + TPM2E_RC_N(4));

	/* authorizationSize under 9, or over what is left */
	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u32(&c, 8);
	cb_pw_session(&c, TPM2E_RS_PW, 0, 0, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u32(&c, 12);
	cb_pw_session(&c, TPM2E_RS_PW, 0, 0, 0);
	cb_u16(&c, 8);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	/* authorizationSize itself cut short */
	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INSUFFICIENT);
	/* A session cut short inside the area */
	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u32(&c, 11);
	cb_pw_session(&c, TPM2E_RS_PW, 0, 0, 0);
	cb_u16(&c, 0);
	cb_u16(&c, 8);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INSUFFICIENT + TPM2E_RC_S +
		  TPM2E_RC_N(2));
	cb_start(&c, TPM2E_ST_SESSIONS, TPM2E_CC_GET_RANDOM);
	cb_u32(&c, 9);
	cb_u32(&c, TPM2E_RS_PW);
	cb_u16(&c, 4);
	cb_u16(&c, 0);
	cb_u8(&c, 0);
	cb_u16(&c, 8);
	EXPECT_RC(exec_cb(&c), RC_S1(TPM2E_RC_INSUFFICIENT));
	return true;
}

/* ---- GetCapability ---- */

/*
 * TPMA_CC of every command, in order: the command code, nv (bit 22),
 * extensive (bit 23), flushed (bit 24), cHandles (bits 25-27), rHandle
 * (bit 28).
 */
static const u32 expected_cc_attrs[] = {
	0x0440011F,	/* NV_UndefineSpaceSpecial */
	0x04400120,	/* EvictControl */
	0x02C00121,	/* HierarchyControl */
	0x04400122,	/* NV_UndefineSpace */
	0x02C00124,	/* ChangeEPS */
	0x02C00125,	/* ChangePPS */
	0x02C00126,	/* Clear */
	0x02400127,	/* ClearControl */
	0x02400128,	/* ClockSet */
	0x02400129,	/* HierarchyChangeAuth */
	0x0240012A,	/* NV_DefineSpace */
	0x0240012B,	/* PCR_Allocate */
	0x0240012C,	/* PCR_SetAuthPolicy */
	0x0240012E,	/* SetPrimaryPolicy */
	0x02000130,	/* ClockRateAdjust */
	0x12000131,	/* CreatePrimary */
	0x02400132,	/* NV_GlobalWriteLock */
	0x04400133,	/* GetCommandAuditDigest */
	0x04400134,	/* NV_Increment */
	0x04400135,	/* NV_SetBits */
	0x04400136,	/* NV_Extend */
	0x04400137,	/* NV_Write */
	0x04400138,	/* NV_WriteLock */
	0x02400139,	/* DictionaryAttackLockReset */
	0x0240013A,	/* DictionaryAttackParameters */
	0x0240013B,	/* NV_ChangeAuth */
	0x0240013C,	/* PCR_Event */
	0x0240013D,	/* PCR_Reset */
	0x0300013E,	/* SequenceComplete */
	0x02400140,	/* SetCommandCodeAuditStatus */
	0x00400142,	/* IncrementalSelfTest */
	0x00400143,	/* SelfTest */
	0x00400144,	/* Startup */
	0x00400145,	/* Shutdown */
	0x00400146,	/* StirRandom */
	0x04000147,	/* ActivateCredential */
	0x04000148,	/* Certify */
	0x06000149,	/* PolicyNV */
	0x0400014A,	/* CertifyCreation */
	0x0400014B,	/* Duplicate */
	0x0400014C,	/* GetTime */
	0x0600014D,	/* GetSessionAuditDigest */
	0x0400014E,	/* NV_Read */
	0x0440014F,	/* NV_ReadLock */
	0x04000150,	/* ObjectChangeAuth */
	0x04000151,	/* PolicySecret */
	0x04000152,	/* Rewrap */
	0x02000153,	/* Create */
	0x02000154,	/* ECDH_ZGen */
	0x02000155,	/* HMAC */
	0x02000156,	/* Import */
	0x12000157,	/* Load */
	0x02000158,	/* Quote */
	0x02000159,	/* RSA_Decrypt */
	0x1200015B,	/* HMAC_Start */
	0x0200015C,	/* SequenceUpdate */
	0x0200015D,	/* Sign */
	0x0200015E,	/* Unseal */
	0x04000160,	/* PolicySigned */
	0x10000161,	/* ContextLoad */
	0x02000162,	/* ContextSave */
	0x02000163,	/* ECDH_KeyGen */
	0x02000164,	/* EncryptDecrypt */
	0x00000165,	/* FlushContext */
	0x10000167,	/* LoadExternal */
	0x02000168,	/* MakeCredential */
	0x02000169,	/* NV_ReadPublic */
	0x0200016A,	/* PolicyAuthorize */
	0x0200016B,	/* PolicyAuthValue */
	0x0200016C,	/* PolicyCommandCode */
	0x0200016D,	/* PolicyCounterTimer */
	0x0200016E,	/* PolicyCpHash */
	0x0200016F,	/* PolicyLocality */
	0x02000170,	/* PolicyNameHash */
	0x02000171,	/* PolicyOR */
	0x02000172,	/* PolicyTicket */
	0x02000173,	/* ReadPublic */
	0x02000174,	/* RSA_Encrypt */
	0x14000176,	/* StartAuthSession */
	0x02000177,	/* VerifySignature */
	0x00000178,	/* ECC_Parameters */
	0x0000017A,	/* GetCapability */
	0x0000017B,	/* GetRandom */
	0x0000017C,	/* GetTestResult */
	0x0000017D,	/* Hash */
	0x0000017E,	/* PCR_Read */
	0x0200017F,	/* PolicyPCR */
	0x02000180,	/* PolicyRestart */
	0x00000181,	/* ReadClock */
	0x02400182,	/* PCR_Extend */
	0x02000183,	/* PCR_SetAuthValue */
	0x06000184,	/* NV_Certify */
	0x05400185,	/* EventSequenceComplete */
	0x10000186,	/* HashSequenceStart */
	0x02000187,	/* PolicyPhysicalPresence */
	0x02000188,	/* PolicyDuplicationSelect */
	0x02000189,	/* PolicyGetDigest */
	0x0000018A,	/* TestParms */
	0x0200018C,	/* PolicyPassword */
	0x0200018D,	/* ZGen_2Phase */
	0x0000018E,	/* EC_Ephemeral */
	0x0200018F,	/* PolicyNvWritten */
	0x02000190,	/* PolicyTemplate */
	0x12000191,	/* CreateLoaded */
	0x06000192,	/* PolicyAuthorizeNV */
	0x02000193,	/* EncryptDecrypt2 */
};

static_assert(ARRAY_SIZE(expected_cc_attrs) == 106);

static bool test_cap_commands(void)
{
	u32 i, n;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	/* What the kernel asks at chip registration */
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_TOTAL_COMMANDS, 1),
		  0);
	EXPECT(rsp_len == 27 && get_unaligned_be32(rsp + 15) == 1 &&
	       get_unaligned_be32(rsp + 19) == TPM2E_PT_TOTAL_COMMANDS,
	       "TOTAL_COMMANDS response");
	n = get_unaligned_be32(rsp + 23);
	EXPECT(n == ARRAY_SIZE(expected_cc_attrs), "TOTAL_COMMANDS %u", n);
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, TPM2E_CC_FIRST, n), 0);
	EXPECT(rsp_len == 19 + 4 * n, "length %zu", rsp_len);
	EXPECT(rsp[10] == 0, "moreData %u", rsp[10]);
	EXPECT(get_unaligned_be32(rsp + 11) == TPM2E_CAP_COMMANDS &&
	       get_unaligned_be32(rsp + 15) == n, "capability/count");
	for (i = 0; i < n; i++)
		EXPECT(get_unaligned_be32(rsp + 19 + 4 * i) ==
		       expected_cc_attrs[i], "attrs[%u] = %#x", i,
		       get_unaligned_be32(rsp + 19 + 4 * i));
	/* Paging */
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0, 3), 0);
	EXPECT(rsp[10] == 1 && get_unaligned_be32(rsp + 15) == 3,
	       "3 of them, more");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0x17B, 100), 0);
	EXPECT(rsp[10] == 0 && get_unaligned_be32(rsp + 15) == 24 &&
	       get_unaligned_be32(rsp + 19) == 0x17B, "from GetRandom on");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0x194, 100), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "past the last");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0x2000011F, 100), 0);
	EXPECT(rsp_len == 19, "vendor commands");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0, 0xFFFFFFFF), 0);
	EXPECT(rsp_len == 19 + 4 * n, "count clamp");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0, 0), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 1, "count 0");
	return true;
}

static bool test_cap_pcrs(void)
{
	static const u8 want[] = {
		0, 0, 0, 4,
		0x00, 0x04, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0B, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0C, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0D, 3, 0x00, 0x00, 0x00,
	};

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 0, 1), 0);
	EXPECT(rsp_len == 15 + sizeof(want) && rsp[10] == 0 &&
	       !memcmp(rsp + 15, want, sizeof(want)), "allocation");
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 0, 0), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 1, "count 0");
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 1, 1),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(2));
	return true;
}

static bool test_cap_properties(void)
{
	u32 i, n, last = 0;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	/* tpm2_getcap properties-fixed; tpm2_getrandom reads MAX_DIGEST */
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_FIXED,
			  TPM2E_MAX_TPM_PROPERTIES), 0);
	n = get_unaligned_be32(rsp + 15);
	EXPECT(rsp[10] == 0 && n == 46 && rsp_len == 19 + 8 * n,
	       "fixed group: %u properties, more %u", n, rsp[10]);
	for (i = 0; i < n; i++) {
		u32 pt = get_unaligned_be32(rsp + 19 + 8 * i);
		u32 v = get_unaligned_be32(rsp + 23 + 8 * i);

		EXPECT(pt > last && pt >= TPM2E_PT_FIXED && pt < TPM2E_PT_VAR,
		       "property %#x out of order", pt);
		last = pt;
		if (pt == TPM2E_PT_FAMILY_INDICATOR)
			EXPECT(v == 0x322E3000, "family %#x", v);
		if (pt == TPM2E_PT_MAX_DIGEST)
			EXPECT(v == 64, "max digest %u", v);
		if (pt == TPM2E_PT_TOTAL_COMMANDS ||
		    pt == TPM2E_PT_LIBRARY_COMMANDS)
			EXPECT(v == ARRAY_SIZE(expected_cc_attrs),
			       "%#x: %u commands", pt, v);
		if (pt == TPM2E_PT_PCR_COUNT)
			EXPECT(v == 24, "PCR count %u", v);
		if (pt == TPM2E_PT_MAX_COMMAND_SIZE ||
		    pt == TPM2E_PT_MAX_RESPONSE_SIZE)
			EXPECT(v == 4096, "max size %u", v);
	}
	EXPECT(last == TPM2E_PT_MAX_CAP_BUFFER, "last %#x", last);
	/* Paging within the group */
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_FIXED, 5), 0);
	EXPECT(rsp[10] == 1 && get_unaligned_be32(rsp + 15) == 5, "page");
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_MAX_DIGEST, 1), 0);
	EXPECT(rsp[10] == 1 && get_unaligned_be32(rsp + 19) ==
	       TPM2E_PT_MAX_DIGEST && get_unaligned_be32(rsp + 23) == 64,
	       "MAX_DIGEST");
	/* The skipped PT_FIXED + 21 starts at the next one */
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_FIXED + 21, 1), 0);
	EXPECT(get_unaligned_be32(rsp + 19) == TPM2E_PT_NV_COUNTERS_MAX,
	       "after the gap");
	/* Below the first group, past the end of a group, past the last */
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, 0, 1), 0);
	EXPECT(get_unaligned_be32(rsp + 19) == TPM2E_PT_FAMILY_INDICATOR,
	       "from 0");
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, 0x1FF, 10), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "end of fixed group");
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_VAR, 1000), 0);
	EXPECT(get_unaligned_be32(rsp + 15) == 21 && rsp[10] == 0,
	       "var group count %u", get_unaligned_be32(rsp + 15));
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, 0x300, 10), 0);
	EXPECT(rsp_len == 19, "past the last group");
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, 0xFFFFFFFF, 10), 0);
	EXPECT(rsp_len == 19, "property 0xffffffff");
	return true;
}

static bool test_cap_unsupported(void)
{
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), TPM2E_RC_SUCCESS);
	EXPECT_RC(get_cap(0x99, 0, 1), TPM2E_RC_VALUE + TPM2E_RC_P +
		  TPM2E_RC_N(1));
	EXPECT_RC(get_cap(0x100, 0, 1), TPM2E_RC_VALUE + TPM2E_RC_P +
		  TPM2E_RC_N(1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_CAPABILITY);
	cb_u32(&c, TPM2E_CAP_COMMANDS);
	cb_u32(&c, 0);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INSUFFICIENT + TPM2E_RC_P +
		  TPM2E_RC_N(3));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_GET_CAPABILITY);
	cb_u32(&c, TPM2E_CAP_COMMANDS);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INSUFFICIENT + TPM2E_RC_P +
		  TPM2E_RC_N(2));
	return true;
}

/* ---- GetCapability lists, paged as tpm2-tools pages them ---- */

/* Walk a list @per items at a time; return items seen, or -1. */
static int cap_walk(u32 cap, u32 first, u32 per, u32 item_size,
		    u32 (*key)(const u8 *item), u32 *keys, u32 max)
{
	u32 prop = first, total = 0, i, n;

	for (;;) {
		if (get_cap(cap, prop, per) || get_unaligned_be32(rsp + 11) != cap)
			return -1;
		n = get_unaligned_be32(rsp + 15);
		if (n > per || rsp_len != 19 + n * item_size)
			return -1;
		for (i = 0; i < n && total < max; i++)
			keys[total++] = key(rsp + 19 + i * item_size);
		if (!rsp[10])
			return (int)total;
		if (!n || total == max)
			return -1;
		prop = keys[total - 1] + 1;
	}
}

static u32 key_u16(const u8 *p)
{
	return get_unaligned_be16(p);
}

static u32 key_u32(const u8 *p)
{
	return get_unaligned_be32(p);
}

static u32 key_cc(const u8 *p)
{
	return get_unaligned_be32(p) & TPM2E_CCA_INDEX_MASK;
}

/* TPM_CAP_ALGS: each algorithm and its TPMA_ALGORITHM, in order */
static const u32 expected_algs[][2] = {
	{ 0x0001, 0x009 },	/* RSA: asymmetric, object */
	{ 0x0004, 0x004 },	/* SHA1: hash */
	{ 0x0005, 0x104 },	/* HMAC: hash, signing */
	{ 0x0006, 0x002 },	/* AES: symmetric */
	{ 0x0007, 0x404 },	/* MGF1: hash, method */
	{ 0x0008, 0x10C },	/* KEYEDHASH: hash, object, signing */
	{ 0x000B, 0x004 },	/* SHA256 */
	{ 0x000C, 0x004 },	/* SHA384 */
	{ 0x000D, 0x004 },	/* SHA512 */
	{ 0x0010, 0x000 },	/* NULL */
	{ 0x0014, 0x101 },	/* RSASSA: asymmetric, signing */
	{ 0x0015, 0x201 },	/* RSAES: asymmetric, encrypting */
	{ 0x0016, 0x101 },	/* RSAPSS */
	{ 0x0017, 0x205 },	/* OAEP: asymmetric, encrypting, hash */
	{ 0x0018, 0x101 },	/* ECDSA: asymmetric, signing */
	{ 0x0019, 0x401 },	/* ECDH: asymmetric, method */
	{ 0x0022, 0x404 },	/* KDF1_SP800_108: hash, method */
	{ 0x0023, 0x009 },	/* ECC: asymmetric, object */
	{ 0x0025, 0x008 },	/* SYMCIPHER: object */
	{ 0x0040, 0x202 },	/* CTR: symmetric, encrypting */
	{ 0x0041, 0x202 },	/* OFB */
	{ 0x0042, 0x202 },	/* CBC */
	{ 0x0043, 0x202 },	/* CFB */
	{ 0x0044, 0x202 },	/* ECB */
};

static bool test_cap_lists(void)
{
	u32 keys[128];
	int n, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	n = cap_walk(TPM2E_CAP_ALGS, 0, 1, 6, key_u16, keys, 64);
	EXPECT(n == (int)ARRAY_SIZE(expected_algs), "algs: %d", n);
	EXPECT_RC(get_cap(TPM2E_CAP_ALGS, 0, 100), 0);
	EXPECT(rsp_len == 19 + 6 * ARRAY_SIZE(expected_algs) && !rsp[10],
	       "algs: length %zu", rsp_len);
	for (i = 0; i < n; i++)
		EXPECT(get_unaligned_be16(rsp + 19 + 6 * i) ==
		       expected_algs[i][0] &&
		       get_unaligned_be32(rsp + 21 + 6 * i) ==
		       expected_algs[i][1], "alg %d: %#x attributes %#x", i,
		       get_unaligned_be16(rsp + 19 + 6 * i),
		       get_unaligned_be32(rsp + 21 + 6 * i));
	EXPECT_RC(get_cap(TPM2E_CAP_ALGS, 0x001A, 2), 0);
	EXPECT(get_unaligned_be32(rsp + 15) == 2 && rsp[10] == 1 &&
	       get_unaligned_be16(rsp + 19) == 0x0022 &&
	       get_unaligned_be16(rsp + 25) == 0x0023, "algs from 0x1a");
	n = cap_walk(TPM2E_CAP_HANDLES, 0, 5, 4, key_u32, keys, 64);
	EXPECT(n == 24, "PCR handles: %d", n);
	for (i = 0; i < n; i++)
		EXPECT(keys[i] == (u32)i, "PCR handle %d", i);
	n = cap_walk(TPM2E_CAP_HANDLES, 0x40000000, 2, 4, key_u32, keys, 64);
	EXPECT(n == 7 && keys[0] == TPM2E_RH_OWNER &&
	       keys[6] == TPM2E_RH_PLATFORM_NV, "permanent: %d", n);
	n = cap_walk(TPM2E_CAP_HANDLES, 0x80000000, 3, 4, key_u32, keys, 64);
	EXPECT(n == 0, "transient: %d", n);
	n = cap_walk(TPM2E_CAP_PCR_PROPERTIES, 0, 2, 8, key_u32, keys, 64);
	EXPECT(n == 13 && keys[10] == 0x0A && keys[11] == 0x11 &&
	       keys[12] == 0x12, "PCR properties: %d", n);
	n = cap_walk(TPM2E_CAP_COMMANDS, 0, 4, 4, key_cc, keys, 128);
	EXPECT(n == (int)ARRAY_SIZE(expected_cc_attrs), "commands: %d", n);
	EXPECT(keys[0] == TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL &&
	       keys[n - 1] == TPM2E_CC_ENCRYPT_DECRYPT2, "command order");
	for (i = 0; i < n; i++)
		EXPECT(keys[i] == (expected_cc_attrs[i] & TPM2E_CCA_INDEX_MASK),
		       "command %d is %#x", i, keys[i]);
	EXPECT_RC(get_cap(TPM2E_CAP_ECC_CURVES, 1, 508), 0);
	EXPECT(rsp_len == 23 && !rsp[10] && get_unaligned_be32(rsp + 15) == 2 &&
	       get_unaligned_be16(rsp + 19) == TPM2E_ECC_NIST_P256 &&
	       get_unaligned_be16(rsp + 21) == TPM2E_ECC_NIST_P384,
	       "ECC curves");
	EXPECT_RC(get_cap(TPM2E_CAP_ECC_CURVES, 4, 1), 0);
	EXPECT(rsp_len == 21 && !rsp[10] &&
	       get_unaligned_be16(rsp + 19) == TPM2E_ECC_NIST_P384,
	       "ECC curves from P-384");
	EXPECT_RC(get_cap(TPM2E_CAP_ECC_CURVES, 0, 1), 0);
	EXPECT(rsp_len == 21 && rsp[10] == 1, "ECC curves, one of two");
	EXPECT_RC(get_cap(TPM2E_CAP_PP_COMMANDS, 0, 254), 0);
	EXPECT(rsp_len == 19 && !rsp[10], "PP commands");
	/* Only SetCommandCodeAuditStatus is audited on a new TPM. */
	EXPECT_RC(get_cap(TPM2E_CAP_AUDIT_COMMANDS, 0, 254), 0);
	EXPECT(rsp_len == 23 && !rsp[10] &&
	       get_unaligned_be32(rsp + 19) == 0x0140, "audit commands");
	/* count 0 with something to list: nothing, and more */
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0, 0), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 1, "handles count 0");
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0x05000000, 1),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(2));
	return true;
}

/* ---- platform hashing, against OpenSSL ---- */

static const char * const md_names[TPM2_PLAT_NR_HASH] = {
	"SHA1", "SHA256", "SHA384", "SHA512",
};

static void ossl_digest(unsigned int alg, const void *d, size_t n, u8 *out)
{
	unsigned int len;

	EVP_Digest(d, n, out, &len, EVP_get_digestbyname(md_names[alg]), NULL);
}

static void ossl_hmac(unsigned int alg, const void *k, size_t kn,
		      const void *d, size_t n, u8 *out)
{
	unsigned int len;

	HMAC(EVP_get_digestbyname(md_names[alg]), k, (int)kn, d, n, out,
	     &len);
}

static bool test_platform_hash(void)
{
	static const size_t lens[] = { 0, 1, 55, 64, 111, 128, 1000 };
	static const size_t klens[] = { 0, 1, 20, 64, 65, 128 };
	struct tpm2_plat_crypto *pc = tpm2_plat_crypto_create();
	struct tpm2_plat_hash_ctx ctx;
	u8 data[1000], key[128], got[64], want[64];
	unsigned int alg, i, j;

	EXPECT(pc, "crypto_create");
	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + 3);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (u8)(i ^ 0x5c);
	for (alg = 0; alg < TPM2_PLAT_NR_HASH; alg++) {
		unsigned int size = tpm2_plat_hash_size(alg);

		EXPECT(size == (unsigned int)EVP_MD_get_size(
			       EVP_get_digestbyname(md_names[alg])),
		       "size of %u", alg);
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			ossl_digest(alg, data, lens[i], want);
			EXPECT(!tpm2_plat_hash(pc, alg, data, lens[i], got) &&
			       !memcmp(got, want, size), "hash %u len %zu",
			       alg, lens[i]);
			/* the same in pieces of 1, 2, 3, ... bytes */
			EXPECT(!tpm2_plat_hash_init(pc, &ctx, alg), "init");
			for (j = 0; j * (j + 1) / 2 < lens[i]; j++) {
				size_t at = j * (j + 1) / 2;
				size_t n = j + 1;

				if (at + n > lens[i])
					n = lens[i] - at;
				EXPECT(!tpm2_plat_hash_update(&ctx, data + at,
							      n), "update");
			}
			EXPECT(!tpm2_plat_hash_final(&ctx, got) &&
			       !memcmp(got, want, size), "streamed %u %zu",
			       alg, lens[i]);
		}
		for (i = 0; i < ARRAY_SIZE(klens); i++) {
			ossl_hmac(alg, key, klens[i], data, 100, want);
			EXPECT(!tpm2_plat_hmac(pc, alg, key, klens[i], data, 100,
					       got) && !memcmp(got, want, size),
			       "hmac %u key %zu", alg, klens[i]);
			EXPECT(!tpm2_plat_hmac_init(pc, &ctx, alg, key,
						    klens[i]), "hmac init");
			EXPECT(!tpm2_plat_hash_update(&ctx, data, 30) &&
			       !tpm2_plat_hash_update(&ctx, data + 30, 70),
			       "hmac update");
			EXPECT(!tpm2_plat_hash_final(&ctx, got) &&
			       !memcmp(got, want, size), "hmac streamed");
		}
		/* abandoned contexts release what they hold */
		EXPECT(!tpm2_plat_hash_init(pc, &ctx, alg), "init");
		EXPECT(!tpm2_plat_hash_final(&ctx, NULL), "abandon");
	}
	EXPECT(tpm2_plat_hash(pc, TPM2_PLAT_NR_HASH, data, 1, got) == -EINVAL,
	       "bad alg");
	EXPECT(tpm2_plat_hmac(pc, 0, key, 129, data, 1, got) == -EINVAL,
	       "long key");
	EXPECT(tpm2_plat_hash_size(TPM2_PLAT_NR_HASH) == 0, "size of bad alg");
	tpm2_plat_crypto_destroy(pc);
	tpm2_plat_crypto_destroy(NULL);
	return true;
}

/* ---- PCRs ---- */

#define RC_P1(rc) ((rc) + TPM2E_RC_P + TPM2E_RC_N(1))
#define RC_H1(rc) ((rc) + TPM2E_RC_H + TPM2E_RC_N(1))

static const u16 bank_algs[4] = {
	TPM2E_ALG_SHA1, TPM2E_ALG_SHA256, TPM2E_ALG_SHA384, TPM2E_ALG_SHA512,
};

static unsigned int alg_index(u16 alg)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (bank_algs[i] == alg)
			return i;
	return 0;
}

static unsigned int alg_size(u16 alg)
{
	return tpm2_plat_hash_size(alg_index(alg));
}

/* A command with one handle and one password session */
static void cb_start_pw(struct cmdbuf *c, u32 cc, u32 handle,
			const u8 *pw, u16 pw_len)
{
	cb_start(c, TPM2E_ST_SESSIONS, cc);
	cb_u32(c, handle);
	cb_u32(c, 9 + pw_len);
	cb_u32(c, TPM2E_RS_PW);
	cb_u16(c, 0);
	cb_u8(c, 0);
	cb_u16(c, pw_len);
	if (pw_len)
		memcpy(c->b + c->len, pw, pw_len);
	c->len += pw_len;
}

static u32 exec_cb_loc(struct cmdbuf *c, u8 locality)
{
	struct tpm2_exec_ctx ctx = { .locality = locality };

	cb_end(c);
	return exec_ctx(c->b, c->len, &ctx);
}

/* PCR_Extend of @pcr with one digest of @alg, all bytes @fill */
static u32 extend1(u32 pcr, u16 alg, u8 fill, u8 locality)
{
	struct cmdbuf c;
	unsigned int i;

	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, pcr, NULL, 0);
	cb_u32(&c, 1);
	cb_u16(&c, alg);
	for (i = 0; i < alg_size(alg); i++)
		cb_u8(&c, fill);
	return exec_cb_loc(&c, locality);
}

/* PCR_Read of one PCR in one bank: the digest and the counter */
static bool read1(u16 alg, u32 pcr, u8 *out, u32 *counter)
{
	struct cmdbuf c;
	u32 size = alg_size(alg);

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 1);
	cb_u16(&c, alg);
	cb_u8(&c, 3);
	cb_u8(&c, pcr < 8 ? 1 << pcr : 0);
	cb_u8(&c, pcr >= 8 && pcr < 16 ? 1 << (pcr - 8) : 0);
	cb_u8(&c, pcr >= 16 ? 1 << (pcr - 16) : 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(rsp_len == 10 + 4 + 4 + 6 + 4 + 2 + size &&
	       get_unaligned_be32(rsp + 24) == 1 &&
	       get_unaligned_be16(rsp + 28) == size,
	       "PCR_Read %#x/%u: length %zu", alg, pcr, rsp_len);
	memcpy(out, rsp + 30, size);
	if (counter)
		*counter = get_unaligned_be32(rsp + 10);
	return true;
}

static bool pcr_is(u16 alg, u32 pcr, const u8 *want)
{
	u8 got[64];

	if (!read1(alg, pcr, got, NULL))
		return false;
	EXPECT(!memcmp(got, want, alg_size(alg)), "PCR %u bank %#x differs",
	       pcr, alg);
	return true;
}

static bool pcr_is_fill(u16 alg, u32 pcr, u8 fill, u8 last)
{
	u8 want[64];

	memset(want, fill, sizeof(want));
	want[alg_size(alg) - 1] = last;
	return pcr_is(alg, pcr, want);
}

/* want = H(want || fill...) in bank @alg */
static void model_extend(u16 alg, u8 *want, u8 fill)
{
	unsigned int n = alg_size(alg);
	u8 buf[128];

	memcpy(buf, want, n);
	memset(buf + n, fill, n);
	ossl_digest(alg_index(alg), buf, 2 * n, want);
}

static bool test_pcr_extend_chain(void)
{
	static const u16 banks[3] = {
		TPM2E_ALG_SHA1, TPM2E_ALG_SHA256, TPM2E_ALG_SHA384,
	};
	u8 want[3][64] = { { 0 } };
	u32 counter, before, b, i;
	struct cmdbuf c;
	u8 got[64];

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!read1(TPM2E_ALG_SHA1, 5, got, &before))
		return false;
	EXPECT(before == 21, "counter after Startup(CLEAR) %u", before);
	for (i = 0; i < 5; i++) {
		/* all three banks in one command */
		cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 5, NULL, 0);
		cb_u32(&c, 3);
		for (b = 0; b < 3; b++) {
			unsigned int j;

			cb_u16(&c, banks[b]);
			for (j = 0; j < alg_size(banks[b]); j++)
				cb_u8(&c, (u8)(i + b));
			model_extend(banks[b], want[b], (u8)(i + b));
		}
		EXPECT_RC(exec_cb(&c), 0);
		EXPECT(rsp_len == 10 + 4 + 5, "Extend response length %zu",
		       rsp_len);
	}
	for (b = 0; b < 3; b++)
		if (!pcr_is(banks[b], 5, want[b]))
			return false;
	if (!read1(TPM2E_ALG_SHA1, 5, got, &counter))
		return false;
	EXPECT(counter == before + 15, "counter %u", counter);
	/* SHA-512 is not allocated: accepted, nothing changes */
	EXPECT_RC(extend1(5, TPM2E_ALG_SHA512, 1, 0), 0);
	EXPECT_RC(extend1(TPM2E_RH_NULL, TPM2E_ALG_SHA256, 1, 0), 0);
	if (!read1(TPM2E_ALG_SHA1, 5, got, &counter))
		return false;
	EXPECT(counter == before + 15, "counter %u after no-ops", counter);
	/* the same bank twice: extended twice, in order */
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 5, NULL, 0);
	cb_u32(&c, 2);
	for (i = 0; i < 2; i++) {
		cb_u16(&c, TPM2E_ALG_SHA256);
		memset(c.b + c.len, 0x40 + i, 32);
		c.len += 32;
		model_extend(TPM2E_ALG_SHA256, want[1], 0x40 + i);
	}
	EXPECT_RC(exec_cb(&c), 0);
	return pcr_is(TPM2E_ALG_SHA256, 5, want[1]);
}

static bool test_pcr_extend_errors(void)
{
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* more digests than hashes */
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 1, NULL, 0);
	cb_u32(&c, 5);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_SIZE));
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 1, NULL, 0);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_NULL);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_HASH));
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 1, NULL, 0);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_SHA256);
	memset(c.b + c.len, 0, 31);
	c.len += 31;
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_INSUFFICIENT));
	c.b[c.len++] = 0;
	c.b[c.len++] = 0;
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	/* handles: past the last PCR, a hierarchy; NULL is accepted */
	EXPECT_RC(extend1(24, TPM2E_ALG_SHA1, 0, 0), RC_H1(TPM2E_RC_VALUE));
	EXPECT_RC(extend1(TPM2E_RH_OWNER, TPM2E_ALG_SHA1, 0, 0),
		  RC_H1(TPM2E_RC_VALUE));
	/* authorization: none, a wrong password, an all-zero one */
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_EXTEND);
	cb_u32(&c, 1);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 1, (const u8 *)"\0\0\0x", 4);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_S1(T_RC_BAD_AUTH));
	cb_start_pw(&c, TPM2E_CC_PCR_EXTEND, 1, (const u8 *)"\0\0\0\0", 4);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	/* PC Client localities */
	EXPECT_RC(extend1(17, TPM2E_ALG_SHA1, 0, 0), TPM2E_RC_LOCALITY);
	EXPECT_RC(extend1(17, TPM2E_ALG_SHA1, 0, 1), TPM2E_RC_LOCALITY);
	EXPECT_RC(extend1(17, TPM2E_ALG_SHA1, 0, 2), 0);
	EXPECT_RC(extend1(19, TPM2E_ALG_SHA1, 0, 4), TPM2E_RC_LOCALITY);
	EXPECT_RC(extend1(20, TPM2E_ALG_SHA1, 0, 1), 0);
	EXPECT_RC(extend1(21, TPM2E_ALG_SHA1, 0, 3), TPM2E_RC_LOCALITY);
	EXPECT_RC(extend1(21, TPM2E_ALG_SHA1, 0, 2), 0);
	EXPECT_RC(extend1(23, TPM2E_ALG_SHA1, 0, 4), 0);
	EXPECT_RC(extend1(0, TPM2E_ALG_SHA1, 0, 5), TPM2E_RC_LOCALITY);
	return true;
}

static u32 reset1(u32 pcr, u8 locality)
{
	struct cmdbuf c;

	cb_start_pw(&c, TPM2E_CC_PCR_RESET, pcr, NULL, 0);
	return exec_cb_loc(&c, locality);
}

static bool test_pcr_reset(void)
{
	u32 pcr, loc;
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (pcr = 0; pcr < 24; pcr++)
		for (loc = 0; loc < 5; loc++) {
			bool ok = ((pcr == 16 || pcr == 23) && loc < 4) ||
				  (pcr >= 17 && pcr <= 22 && loc == 4) ||
				  (pcr >= 20 && pcr <= 22 && loc == 2);

			EXPECT_RC(reset1(pcr, loc), ok ? 0 : TPM2E_RC_LOCALITY);
		}
	EXPECT_RC(reset1(TPM2E_RH_NULL, 0), RC_H1(TPM2E_RC_VALUE));
	EXPECT_RC(extend1(16, TPM2E_ALG_SHA256, 7, 0), 0);
	EXPECT_RC(reset1(16, 0), 0);
	if (!pcr_is_fill(TPM2E_ALG_SHA256, 16, 0, 0))
		return false;
	/* 17-22 reset to zero, from all ones at Startup */
	if (!pcr_is_fill(TPM2E_ALG_SHA384, 17, 0, 0))
		return false;
	/* parameters are refused */
	cb_start_pw(&c, TPM2E_CC_PCR_RESET, 16, NULL, 0);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	return true;
}

static bool test_pcr_startup_values(void)
{
	struct tpm2_exec_ctx loc3 = { .locality = 3 };
	u32 pcr, b, counter, saved;
	u8 want[64], got[64];
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (b = 0; b < 3; b++)
		for (pcr = 0; pcr < 24; pcr++)
			if (!pcr_is_fill(bank_algs[b], pcr,
					 pcr >= 17 && pcr <= 22 ? 0xFF : 0,
					 pcr >= 17 && pcr <= 22 ? 0xFF : 0))
				return false;
	/* Resume keeps 0-15, resets the rest; the counter goes on */
	EXPECT_RC(extend1(1, TPM2E_ALG_SHA256, 1, 0), 0);
	EXPECT_RC(extend1(16, TPM2E_ALG_SHA256, 1, 0), 0);
	if (!read1(TPM2E_ALG_SHA256, 1, want, &saved) || !shutdown(1))
		return false;
	EXPECT_RC(extend1(2, TPM2E_ALG_SHA256, 1, 0), 0);
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!pcr_is(TPM2E_ALG_SHA256, 1, want) ||
	    !pcr_is_fill(TPM2E_ALG_SHA256, 2, 0, 0) ||
	    !pcr_is_fill(TPM2E_ALG_SHA256, 16, 0, 0) ||
	    !pcr_is_fill(TPM2E_ALG_SHA256, 17, 0xFF, 0xFF) ||
	    !read1(TPM2E_ALG_SHA256, 1, got, &counter))
		return false;
	EXPECT(counter == saved + 5, "counter %u after resume, saved %u",
	       counter, saved);
	/* Restart (CLEAR after STATE): values reset, the counter goes on */
	if (!read1(TPM2E_ALG_SHA256, 1, got, &saved) || !shutdown(1))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!pcr_is_fill(TPM2E_ALG_SHA256, 1, 0, 0) ||
	    !read1(TPM2E_ALG_SHA256, 1, got, &counter))
		return false;
	EXPECT(counter == saved + 21, "counter %u after restart", counter);
	/* Reset: the counter starts again; PCR 0 holds locality 3 */
	if (!shutdown(0))
		return false;
	tpm2_engine_init(eng);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_STARTUP);
	cb_u16(&c, TPM2E_SU_CLEAR);
	cb_end(&c);
	EXPECT_RC(exec_ctx(c.b, c.len, &loc3), 0);
	for (b = 0; b < 3; b++)
		if (!pcr_is_fill(bank_algs[b], 0, 0, 3))
			return false;
	if (!read1(TPM2E_ALG_SHA256, 1, got, &counter))
		return false;
	EXPECT(counter == 21, "counter %u after reset", counter);
	return true;
}

static u32 allocate(const u8 *sel, u32 count, u32 sel_len)
{
	struct cmdbuf c;

	cb_start_pw(&c, TPM2E_CC_PCR_ALLOCATE, TPM2E_RH_PLATFORM, NULL, 0);
	cb_u32(&c, count);
	memcpy(c.b + c.len, sel, sel_len);
	c.len += sel_len;
	return exec_cb(&c);
}

static bool test_pcr_allocate(void)
{
	static const u8 sel[] = {
		0x00, 0x04, 3, 0, 0, 0,
		0x00, 0x0D, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0D, 3, 0xFF, 0xFF, 0x7F,	/* last one wins */
	};
	static const u8 want[] = {
		0, 0, 0, 4,
		0x00, 0x04, 3, 0x00, 0x00, 0x00,
		0x00, 0x0B, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0C, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0D, 3, 0xFF, 0xFF, 0x7F,
	};
	u8 pcr[64] = { 0 };
	struct cmdbuf c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(allocate(sel, 3, sizeof(sel)), 0);
	EXPECT(rsp_len == 10 + 4 + 13 + 5 && rsp[14] == 1 &&
	       get_unaligned_be32(rsp + 15) == 24 &&
	       get_unaligned_be32(rsp + 19) == 24 * 32 + 24 * 48 + 23 * 64 &&
	       get_unaligned_be32(rsp + 23) == 24 * (20 + 32 + 48 + 64),
	       "PCR_Allocate result");
	/* Nothing changes before a TPM Reset, and no Shutdown(STATE) */
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 0, 1), 0);
	EXPECT(get_unaligned_be16(rsp + 19) == TPM2E_ALG_SHA1 &&
	       rsp[22] == 0xFF, "SHA-1 bank went early");
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SHUTDOWN);
	cb_u16(&c, TPM2E_SU_STATE);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_TYPE));
	if (!shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), RC_P1(TPM2E_RC_VALUE));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 0, 1), 0);
	EXPECT(rsp_len == 15 + sizeof(want) &&
	       !memcmp(rsp + 15, want, sizeof(want)), "new allocation");
	/* SHA-512 is now a bank; SHA-1 reads as nothing */
	EXPECT_RC(extend1(3, TPM2E_ALG_SHA512, 9, 0), 0);
	model_extend(TPM2E_ALG_SHA512, pcr, 9);
	if (!pcr_is(TPM2E_ALG_SHA512, 3, pcr))
		return false;
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_SHA1);
	cb_u8(&c, 3);
	cb_u8(&c, 0xFF);
	cb_u8(&c, 0xFF);
	cb_u8(&c, 0xFF);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(rsp_len == 28 && !rsp[21] && !rsp[22] && !rsp[23] &&
	       get_unaligned_be32(rsp + 24) == 0, "SHA-1 read");
	/* errors */
	EXPECT_RC(allocate(sel, 5, sizeof(sel)), RC_P1(TPM2E_RC_SIZE));
	EXPECT_RC(allocate(sel, 4, sizeof(sel)),
		  RC_P1(TPM2E_RC_INSUFFICIENT));
	cb_start_pw(&c, TPM2E_CC_PCR_ALLOCATE, TPM2E_RH_PLATFORM,
		    (const u8 *)"pw", 2);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_S1(T_RC_BAD_AUTH));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_ALLOCATE);
	cb_u32(&c, TPM2E_RH_PLATFORM);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	/* an empty list keeps the allocation and succeeds */
	EXPECT_RC(allocate(sel, 0, 0), 0);
	EXPECT(rsp[14] == 1, "allocationSuccess");
	return true;
}

static bool test_pcr_event(void)
{
	static u8 data[1025];
	u8 want[64], pcr[4][128] = { { 0 } };
	struct cmdbuf c;
	u32 i, at;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 13);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	cb_start_pw(&c, TPM2E_CC_PCR_EVENT, 23, NULL, 0);
	cb_u16(&c, 1024);
	memcpy(c.b + c.len, data, 1024);
	c.len += 1024;
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(get_unaligned_be32(rsp + 14) == 4, "digest count");
	at = 18;
	for (i = 0; i < 4; i++) {
		u32 n = tpm2_plat_hash_size(i);

		EXPECT(get_unaligned_be16(rsp + at) == bank_algs[i], "alg %u",
		       i);
		ossl_digest(i, data, 1024, want);
		EXPECT(!memcmp(rsp + at + 2, want, n), "digest %u", i);
		memcpy(pcr[i] + n, want, n);
		ossl_digest(i, pcr[i], 2 * n, pcr[i]);
		at += 2 + n;
	}
	EXPECT(get_unaligned_be32(rsp + 10) == at - 14 &&
	       rsp_len == at + 5, "parameterSize");
	for (i = 0; i < 3; i++)
		if (!pcr_is(bank_algs[i], 23, pcr[i]))
			return false;
	/* the NULL handle: digests only */
	cb_start_pw(&c, TPM2E_CC_PCR_EVENT, TPM2E_RH_NULL, NULL, 0);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	ossl_digest(1, data, 0, want);
	EXPECT(!memcmp(rsp + 18 + 22 + 2, want, 32), "empty event");
	if (!pcr_is(TPM2E_ALG_SHA256, 23, pcr[1]))
		return false;
	cb_start_pw(&c, TPM2E_CC_PCR_EVENT, 23, NULL, 0);
	cb_u16(&c, 1025);
	memcpy(c.b + c.len, data, 1025);
	c.len += 1025;
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_SIZE));
	cb_start_pw(&c, TPM2E_CC_PCR_EVENT, 17, NULL, 0);
	cb_u16(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_LOCALITY);
	return true;
}

static bool test_pcr_read_limits(void)
{
	struct cmdbuf c;
	u32 b;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* All 72 allocated PCRs asked: the first 8 come back */
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 4);
	for (b = 0; b < 4; b++) {
		cb_u16(&c, bank_algs[b]);
		cb_u8(&c, 3);
		cb_u8(&c, 0xFF);
		cb_u8(&c, 0xFF);
		cb_u8(&c, 0xFF);
	}
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(get_unaligned_be32(rsp + 14) == 4 && rsp[21] == 0xFF &&
	       rsp[22] == 0 && rsp[23] == 0 && rsp[27] == 0 && rsp[33] == 0 &&
	       rsp[39] == 0, "selection out");
	EXPECT(get_unaligned_be32(rsp + 42) == 8 && rsp_len == 46 + 8 * 22,
	       "8 SHA-1 digests");
	/* an empty list */
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(rsp_len == 22, "empty read");
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 5);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_SIZE));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_SHA1);
	cb_u8(&c, 4);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_VALUE));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 1);
	cb_u16(&c, TPM2E_ALG_SHA1);
	cb_u8(&c, 3);
	cb_u8(&c, 1);
	EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_INSUFFICIENT));
	return true;
}

/* the kernel's sysfs pcr-<alg>/<n> read: one PCR, sizeofSelect 3 */
static bool test_pcr_kernel_sysfs(void)
{
	u8 got[64];
	u32 b;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (b = 0; b < 3; b++)
		if (!read1(bank_algs[b], 17, got, NULL))
			return false;
	return true;
}

/* ---- TPM2_Hash ---- */

static u32 hash_cmd(const u8 *data, u16 len, u16 alg, u32 hierarchy)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_HASH);
	cb_u16(&c, len);
	memcpy(c.b + c.len, data, len);
	c.len += len;
	cb_u16(&c, alg);
	cb_u32(&c, hierarchy);
	return exec_cb(&c);
}

/* The proof value, derived here with OpenSSL as hash.c documents it */
static void model_proof(u32 hierarchy, u8 *out)
{
	u8 secret[32], msg[4 + 11 + 4 + 4];

	memset(secret, 0x5A, sizeof(secret));
	put_unaligned_be32(1, msg);
	memcpy(msg + 4, "HTPM PROOF", 11);
	put_unaligned_be32(hierarchy, msg + 15);
	put_unaligned_be32(256, msg + 19);
	ossl_hmac(1, secret, 32, msg, sizeof(msg), out);
}

static bool test_hash(void)
{
	static const u32 hier[] = {
		TPM2E_RH_OWNER, TPM2E_RH_PLATFORM, TPM2E_RH_ENDORSEMENT,
		TPM2E_RH_NULL,
	};
	static const u16 lens[] = { 0, 3, 4, 100, 1024 };
	static u8 data[1025];
	u8 want[64], proof[32], tk_in[4 + 64];
	u32 a, h, l;

	for (l = 0; l < sizeof(data); l++)
		data[l] = (u8)(l * 31 + 1);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (a = 0; a < 4; a++)
		for (h = 0; h < ARRAY_SIZE(hier); h++)
			for (l = 0; l < ARRAY_SIZE(lens); l++) {
				u32 n = tpm2_plat_hash_size(a);
				u32 at = 12 + n;

				EXPECT_RC(hash_cmd(data, lens[l], bank_algs[a],
						   hier[h]), 0);
				ossl_digest(a, data, lens[l], want);
				EXPECT(get_unaligned_be16(rsp + 10) == n &&
				       !memcmp(rsp + 12, want, n),
				       "digest %u/%u", a, lens[l]);
				EXPECT(get_unaligned_be16(rsp + at) ==
				       TPM2E_ST_HASHCHECK &&
				       get_unaligned_be32(rsp + at + 2) == hier[h],
				       "ticket header");
				if (hier[h] == TPM2E_RH_NULL) {
					EXPECT(rsp_len == at + 8, "NULL ticket");
					continue;
				}
				model_proof(hier[h], proof);
				put_unaligned_be16(TPM2E_ST_HASHCHECK, tk_in);
				put_unaligned_be16(bank_algs[a], tk_in + 2);
				memcpy(tk_in + 4, want, n);
				ossl_hmac(a, proof, 32, tk_in, 4 + n, want);
				EXPECT(rsp_len == at + 8 + n &&
				       get_unaligned_be16(rsp + at + 6) == n &&
				       !memcmp(rsp + at + 8, want, n),
				       "ticket %u/%#x/%u", a, hier[h], lens[l]);
			}
	/* data that starts as TPM-made structures do: no ticket */
	memcpy(data, "\xFFTCG", 4);
	EXPECT_RC(hash_cmd(data, 4, TPM2E_ALG_SHA256, TPM2E_RH_OWNER), 0);
	EXPECT(get_unaligned_be32(rsp + 46) == TPM2E_RH_NULL &&
	       rsp_len == 52, "TPM_GENERATED_VALUE got a ticket");
	EXPECT_RC(hash_cmd(data, 3, TPM2E_ALG_SHA256, TPM2E_RH_OWNER), 0);
	EXPECT(get_unaligned_be32(rsp + 46) == TPM2E_RH_OWNER &&
	       rsp_len == 84, "3 bytes of it did not");
	/* errors */
	EXPECT_RC(hash_cmd(data, 1025, TPM2E_ALG_SHA256, TPM2E_RH_NULL),
		  RC_P1(TPM2E_RC_SIZE));
	EXPECT_RC(hash_cmd(data, 1, TPM2E_ALG_NULL, TPM2E_RH_NULL),
		  TPM2E_RC_HASH + TPM2E_RC_P + TPM2E_RC_N(2));
	EXPECT_RC(hash_cmd(data, 1, TPM2E_ALG_AES, TPM2E_RH_NULL),
		  TPM2E_RC_HASH + TPM2E_RC_P + TPM2E_RC_N(2));
	EXPECT_RC(hash_cmd(data, 1, TPM2E_ALG_SHA1, TPM2E_RH_LOCKOUT),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(3));
	EXPECT_RC(hash_cmd(data, 1, TPM2E_ALG_SHA1, TPM2E_RH_PLATFORM_NV),
		  TPM2E_RC_VALUE + TPM2E_RC_P + TPM2E_RC_N(3));
	return true;
}

/* Tickets depend on the instance secret */
static bool test_hash_ticket_secret(void)
{
	struct tpm2_engine_config cfg;
	u8 first[32];

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(hash_cmd((const u8 *)"abc", 3, TPM2E_ALG_SHA256,
			   TPM2E_RH_OWNER), 0);
	memcpy(first, rsp + 52, 32);
	tpm2_engine_destroy(eng);
	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5B, sizeof(cfg.secret));
	eng = tpm2_engine_create(&cfg);
	EXPECT(eng, "create");
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(hash_cmd((const u8 *)"abc", 3, TPM2E_ALG_SHA256,
			   TPM2E_RH_OWNER), 0);
	EXPECT(memcmp(first, rsp + 52, 32), "same ticket, other secret");
	return true;
}

/* ---- hash and event sequences, contexts, PCR authorization values ---- */

/*
 * The test's own copies of the codes these commands use, so that what the
 * engine is checked against does not come from the engine's headers.
 */
#define T_CC_PCR_SET_AUTH_POLICY	0x012C
#define T_CC_SEQUENCE_COMPLETE		0x013E
#define T_CC_SEQUENCE_UPDATE		0x015C
#define T_CC_CONTEXT_LOAD		0x0161
#define T_CC_CONTEXT_SAVE		0x0162
#define T_CC_FLUSH_CONTEXT		0x0165
#define T_CC_PCR_SET_AUTH_VALUE		0x0183
#define T_CC_EVENT_SEQUENCE_COMPLETE	0x0185
#define T_CC_HASH_SEQUENCE_START	0x0186

#define T_RC_MODE			0x089
#define T_RC_INTEGRITY			0x09F
#define T_RC_OBJECT_MEMORY		0x902
#define T_RC_REFERENCE_H0		0x910

/* TPM_PT_HR_TRANSIENT_MIN: transient object slots */
#define T_SLOTS				3
/* TPMS_CONTEXT.savedHandle of a sequence object */
#define T_SAVED_SEQUENCE		0x80000001
#define T_GENERATED_VALUE		0xFF544347

static const u8 t_generated[8] = { 0xFF, 'T', 'C', 'G', 1, 2, 3, 4 };

#define RC_P(rc, n)	((rc) + TPM2E_RC_P + TPM2E_RC_N(n))
#define RC_H(rc, n)	((rc) + TPM2E_RC_H + TPM2E_RC_N(n))
#define RC_S(rc, n)	((rc) + TPM2E_RC_S + TPM2E_RC_N(n))

/* The numbers the contract (and TPM 2.0 Part 2) give */
static_assert(RC_S(TPM2E_RC_AUTH_FAIL, 1) == 0x98E);
static_assert(RC_S(TPM2E_RC_AUTH_FAIL, 2) == 0xA8E);
static_assert(TPM2E_RC_AUTH_MISSING == 0x125);
static_assert(RC_P(TPM2E_RC_HASH, 2) == 0x2C3);
static_assert(RC_P(TPM2E_RC_SIZE, 1) == 0x1D5);
static_assert(RC_H(TPM2E_RC_VALUE, 1) == 0x184);
static_assert(RC_H(TPM2E_RC_HANDLE, 1) == 0x18B);
static_assert(RC_P(TPM2E_RC_HANDLE, 1) == 0x1CB);
static_assert(RC_H(T_RC_MODE, 1) == 0x189);
static_assert(RC_H(T_RC_MODE, 2) == 0x289);
static_assert(RC_P(T_RC_INTEGRITY, 1) == 0x1DF);
static_assert(RC_P(TPM2E_RC_VALUE, 1) == 0x1C4);
static_assert(RC_P(TPM2E_RC_VALUE, 3) == 0x3C4);

/* Put "what: " before the reason a helper failed with */
static bool fail_in(const char *fmt, ...)
{
	char why[sizeof(fail_msg)];
	size_t n, m;
	va_list ap;

	memcpy(why, fail_msg, sizeof(why));
	va_start(ap, fmt);
	vsnprintf(fail_msg, sizeof(fail_msg), fmt, ap);
	va_end(ap);
	n = strlen(fail_msg);
	if (n + 3 > sizeof(fail_msg))
		return false;
	memcpy(fail_msg + n, ": ", 2);
	n += 2;
	m = strnlen(why, sizeof(fail_msg) - n - 1);
	memcpy(fail_msg + n, why, m);
	fail_msg[n + m] = 0;
	return false;
}

/* A password or an authValue, and its size */
struct pw {
	const u8 *p;
	u16 n;
};

#define PW(s)		((struct pw){ (const u8 *)(s), sizeof(s) - 1 })
#define PWN(s, len)	((struct pw){ (s), (len) })
#define NO_PW		((struct pw){ NULL, 0 })

static void cb_bytes(struct cmdbuf *c, const void *p, u32 n)
{
	if (n)
		memcpy(c->b + c->len, p, n);
	c->len += n;
}

static void cb_tpm2b(struct cmdbuf *c, const void *p, u16 n)
{
	cb_u16(c, n);
	cb_bytes(c, p, n);
}

static void cb_pw(struct cmdbuf *c, const u8 *pw, u16 pw_len)
{
	cb_u32(c, TPM2E_RS_PW);
	cb_u16(c, 0);
	cb_u8(c, 0);
	cb_tpm2b(c, pw, pw_len);
}

/* A command with two handles, each authorized by its own password */
static void cb_start_pw2(struct cmdbuf *c, u32 cc, u32 h1, struct pw pw1,
			 u32 h2, struct pw pw2)
{
	cb_start(c, TPM2E_ST_SESSIONS, cc);
	cb_u32(c, h1);
	cb_u32(c, h2);
	cb_u32(c, 18 + pw1.n + pw2.n);
	cb_pw(c, pw1.p, pw1.n);
	cb_pw(c, pw2.p, pw2.n);
}

/* Data to hash: never starts with TPM_GENERATED_VALUE, has no 0xFF bytes */
static u8 seq_data[6144];

static void fill_seq_data(u8 seed)
{
	u32 i;

	for (i = 0; i < sizeof(seq_data); i++)
		seq_data[i] = (u8)(((i * 7 + seed) ^ (i >> 7)) & 0x7F);
}

static bool is_transient(u32 h)
{
	return h >> TPM2E_HT_SHIFT == TPM2E_HT_TRANSIENT;
}

static u32 seq_start(struct pw auth, u16 alg, u32 *handle)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_HASH_SEQUENCE_START);
	cb_tpm2b(&c, auth.p, auth.n);
	cb_u16(&c, alg);
	rc = exec_cb(&c);
	*handle = !rc && rsp_len == 14 ? get_unaligned_be32(rsp + 10) : 0;
	return rc;
}

static bool start_ok(struct pw auth, u16 alg, u32 *handle)
{
	EXPECT_RC(seq_start(auth, alg, handle), 0);
	EXPECT(rsp_len == 14 && is_transient(*handle),
	       "HashSequenceStart(%#x): length %zu, handle %#x", alg, rsp_len,
	       *handle);
	return true;
}

static u32 seq_update(u32 h, struct pw pw, const u8 *data, u16 len)
{
	struct cmdbuf c;

	cb_start_pw(&c, T_CC_SEQUENCE_UPDATE, h, pw.p, pw.n);
	cb_tpm2b(&c, data, len);
	return exec_cb(&c);
}

static bool update_ok(u32 h, struct pw pw, const u8 *data, u16 len)
{
	EXPECT_RC(seq_update(h, pw, data, len), 0);
	EXPECT(rsp_len == 19 && get_unaligned_be32(rsp + 10) == 0,
	       "SequenceUpdate(%u bytes): length %zu", len, rsp_len);
	return true;
}

static u32 seq_complete(u32 h, struct pw pw, const u8 *data, u16 len,
			u32 hierarchy)
{
	struct cmdbuf c;

	cb_start_pw(&c, T_CC_SEQUENCE_COMPLETE, h, pw.p, pw.n);
	cb_tpm2b(&c, data, len);
	cb_u32(&c, hierarchy);
	return exec_cb(&c);
}

/* SequenceComplete's results: TPM2B_DIGEST, TPMT_TK_HASHCHECK */
struct seq_out {
	u16 size;
	u8 digest[64];
	u16 tag;
	u32 hierarchy;
	u16 ticket_size;
	u8 ticket[64];
};

static bool complete_ok(u32 h, struct pw pw, const u8 *data, u16 len,
			u32 hierarchy, struct seq_out *o)
{
	u32 at = 16;

	EXPECT_RC(seq_complete(h, pw, data, len, hierarchy), 0);
	EXPECT(rsp_len >= 16, "SequenceComplete length %zu", rsp_len);
	o->size = get_unaligned_be16(rsp + 14);
	EXPECT(o->size <= 64 && at + o->size + 8 <= rsp_len,
	       "result size %u, length %zu", o->size, rsp_len);
	memcpy(o->digest, rsp + at, o->size);
	at += o->size;
	o->tag = get_unaligned_be16(rsp + at);
	o->hierarchy = get_unaligned_be32(rsp + at + 2);
	o->ticket_size = get_unaligned_be16(rsp + at + 6);
	at += 8;
	EXPECT(o->ticket_size <= 64 && at + o->ticket_size + 5 == rsp_len,
	       "ticket size %u, length %zu", o->ticket_size, rsp_len);
	memcpy(o->ticket, rsp + at, o->ticket_size);
	at += o->ticket_size;
	EXPECT(get_unaligned_be32(rsp + 10) == at - 14, "parameterSize %u",
	       get_unaligned_be32(rsp + 10));
	return true;
}

/* A TPMT_TK_HASHCHECK as hash.c documents it, with OpenSSL */
static void model_ticket(u16 alg, u32 hierarchy, const u8 *digest, u8 *out)
{
	u8 proof[32], in[4 + 64];
	unsigned int n = alg_size(alg);

	model_proof(hierarchy, proof);
	put_unaligned_be16(TPM2E_ST_HASHCHECK, in);
	put_unaligned_be16(alg, in + 2);
	memcpy(in + 4, digest, n);
	ossl_hmac(alg_index(alg), proof, 32, in, 4 + n, out);
}

/* May a sequence whose first block is @first give a ticket */
static bool block_safe(const u8 *first, size_t n)
{
	return n >= 4 && get_unaligned_be32(first) != T_GENERATED_VALUE;
}

/*
 * SequenceComplete's results against OpenSSL: the digest of @all, and the
 * ticket, or the NULL ticket when @hierarchy is TPM_RH_NULL or the first
 * block was not @safe.
 */
static bool check_complete(const struct seq_out *o, u16 alg, const u8 *all,
			   size_t n, u32 hierarchy, bool safe)
{
	unsigned int size = alg_size(alg);
	u8 want[64], tk[64];

	ossl_digest(alg_index(alg), all, n, want);
	EXPECT(o->size == size && !memcmp(o->digest, want, size),
	       "%#x digest of %zu bytes differs (size %u)", alg, n, o->size);
	EXPECT(o->tag == TPM2E_ST_HASHCHECK, "ticket tag %#x", o->tag);
	if (hierarchy == TPM2E_RH_NULL || !safe) {
		EXPECT(o->hierarchy == TPM2E_RH_NULL && !o->ticket_size,
		       "want the NULL ticket, got hierarchy %#x and %u bytes",
		       o->hierarchy, o->ticket_size);
		return true;
	}
	model_ticket(alg, hierarchy, want, tk);
	EXPECT(o->hierarchy == hierarchy, "ticket hierarchy %#x, want %#x",
	       o->hierarchy, hierarchy);
	EXPECT(o->ticket_size == size && !memcmp(o->ticket, tk, size),
	       "ticket of %#x under %#x differs (%u bytes)", alg, hierarchy,
	       o->ticket_size);
	return true;
}

static u32 event_complete(u32 pcr, u32 h, struct pw pw, const u8 *data,
			  u16 len, u8 locality)
{
	struct cmdbuf c;

	cb_start_pw2(&c, T_CC_EVENT_SEQUENCE_COMPLETE, pcr, NO_PW, h, pw);
	cb_tpm2b(&c, data, len);
	return exec_cb_loc(&c, locality);
}

/* EventSequenceComplete's TPML_DIGEST_VALUES: every hash of @all, in order */
static bool check_event_digests(const u8 *all, size_t n, u8 digests[4][64])
{
	u32 at = 18, i;

	EXPECT(rsp_len >= 18 && get_unaligned_be32(rsp + 14) == 4,
	       "digest count %u, length %zu", get_unaligned_be32(rsp + 14),
	       rsp_len);
	for (i = 0; i < 4; i++) {
		u32 size = alg_size(bank_algs[i]);

		EXPECT(at + 2 + size <= rsp_len &&
		       get_unaligned_be16(rsp + at) == bank_algs[i],
		       "digest %u: alg %#x", i, get_unaligned_be16(rsp + at));
		ossl_digest(i, all, n, digests[i]);
		EXPECT(!memcmp(rsp + at + 2, digests[i], size),
		       "%#x digest of %zu bytes differs", bank_algs[i], n);
		at += 2 + size;
	}
	EXPECT(get_unaligned_be32(rsp + 10) == at - 14 && rsp_len == at + 10,
	       "parameterSize %u, length %zu", get_unaligned_be32(rsp + 10),
	       rsp_len);
	return true;
}

/* pcr = H(pcr || digest) in bank @b */
static void model_extend_digest(unsigned int b, u8 *pcr, const u8 *digest)
{
	unsigned int n = alg_size(bank_algs[b]);
	u8 buf[128];

	memcpy(buf, pcr, n);
	memcpy(buf + n, digest, n);
	ossl_digest(b, buf, 2 * n, pcr);
}

/* PCR_Read of an unallocated bank: no digest */
static bool pcr_unallocated(u16 alg, u32 pcr)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_PCR_READ);
	cb_u32(&c, 1);
	cb_u16(&c, alg);
	cb_u8(&c, 3);
	cb_u8(&c, pcr < 8 ? 1 << pcr : 0);
	cb_u8(&c, pcr >= 8 && pcr < 16 ? 1 << (pcr - 8) : 0);
	cb_u8(&c, pcr >= 16 ? 1 << (pcr - 16) : 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(rsp_len == 28 && get_unaligned_be32(rsp + 24) == 0,
	       "bank %#x of PCR %u read back a digest", alg, pcr);
	return true;
}

static void sort_u32(u32 *v, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u32 t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static bool transient_avail_is(u32 want)
{
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_HR_TRANSIENT_AVAIL,
			  1), 0);
	EXPECT(rsp_len == 27 &&
	       get_unaligned_be32(rsp + 19) == TPM2E_PT_HR_TRANSIENT_AVAIL,
	       "TPM_PT_HR_TRANSIENT_AVAIL missing");
	EXPECT(get_unaligned_be32(rsp + 23) == want,
	       "TPM_PT_HR_TRANSIENT_AVAIL %u, want %u",
	       get_unaligned_be32(rsp + 23), want);
	return true;
}

/*
 * Exactly these transient objects are loaded: GetCapability lists them in
 * increasing order, and TPM_PT_HR_TRANSIENT_AVAIL counts the other slots.
 */
static bool loaded_are(const u32 *handles, u32 n)
{
	u32 want[T_SLOTS + 1], i;

	EXPECT(n <= T_SLOTS, "%u objects", n);
	if (n)
		memcpy(want, handles, n * sizeof(*want));
	sort_u32(want, n);
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0x80000000, 64), 0);
	EXPECT(rsp_len >= 19 && rsp[10] == 0 &&
	       get_unaligned_be32(rsp + 11) == TPM2E_CAP_HANDLES,
	       "TPM_CAP_HANDLES response");
	EXPECT(get_unaligned_be32(rsp + 15) == n && rsp_len == 19 + 4 * n,
	       "%u transient handles listed, want %u",
	       get_unaligned_be32(rsp + 15), n);
	for (i = 0; i < n; i++)
		EXPECT(get_unaligned_be32(rsp + 19 + 4 * i) == want[i],
		       "transient handle %u is %#x, want %#x", i,
		       get_unaligned_be32(rsp + 19 + 4 * i), want[i]);
	return transient_avail_is(T_SLOTS - n);
}

#define LOADED(...) ({						\
	const u32 __h[] = { __VA_ARGS__ };			\
	loaded_are(__h, ARRAY_SIZE(__h));			\
})

static bool none_loaded(void)
{
	return loaded_are(NULL, 0);
}

/* A saved context: TPMS_CONTEXT, parsed and as marshaled */
struct saved_ctx {
	u64 sequence;
	u32 handle;
	u32 hierarchy;
	u16 size;
	u32 len;
	u8 raw[TPM2_MAX_RESPONSE_SIZE];
};

static u32 context_save(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_CONTEXT_SAVE);
	cb_u32(&c, h);
	return exec_cb(&c);
}

static bool save_ok(u32 h, struct saved_ctx *s)
{
	EXPECT_RC(context_save(h), 0);
	EXPECT(rsp_len >= 28, "ContextSave length %zu", rsp_len);
	s->sequence = (u64)get_unaligned_be32(rsp + 10) << 32 |
		      get_unaligned_be32(rsp + 14);
	s->handle = get_unaligned_be32(rsp + 18);
	s->hierarchy = get_unaligned_be32(rsp + 22);
	s->size = get_unaligned_be16(rsp + 26);
	EXPECT(rsp_len == 28u + s->size, "contextBlob size %u, length %zu",
	       s->size, rsp_len);
	s->len = rsp_len - 10;
	memcpy(s->raw, rsp + 10, s->len);
	return true;
}

static u32 load_raw(const u8 *raw, u32 len, u32 *handle)
{
	struct cmdbuf c;
	u32 rc;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_CONTEXT_LOAD);
	cb_bytes(&c, raw, len);
	rc = exec_cb(&c);
	*handle = !rc && rsp_len == 14 ? get_unaligned_be32(rsp + 10) : 0;
	return rc;
}

static u32 context_load(const struct saved_ctx *s, u32 *handle)
{
	return load_raw(s->raw, s->len, handle);
}

static bool load_ok(const struct saved_ctx *s, u32 *handle)
{
	EXPECT_RC(context_load(s, handle), 0);
	EXPECT(rsp_len == 14 && is_transient(*handle),
	       "ContextLoad: length %zu, handle %#x", rsp_len, *handle);
	return true;
}

static u32 flush_context(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_FLUSH_CONTEXT);
	cb_u32(&c, h);
	return exec_cb(&c);
}

static u32 fixed_property(u32 pt)
{
	if (get_cap(TPM2E_CAP_TPM_PROPERTIES, pt, 1) || rsp_len != 27 ||
	    get_unaligned_be32(rsp + 19) != pt)
		return 0xDEADBEEF;
	return get_unaligned_be32(rsp + 23);
}

static const u32 seq_hierarchies[4] = {
	TPM2E_RH_OWNER, TPM2E_RH_PLATFORM, TPM2E_RH_ENDORSEMENT, TPM2E_RH_NULL,
};

/*
 * One hash sequence: the blocks of @lens from seq_data, all but the last
 * by SequenceUpdate, the last with SequenceComplete.
 */
static bool run_plan(u16 alg, const u16 *lens, u32 n, u32 hierarchy)
{
	struct seq_out o;
	u32 h, i, at = 0;

	if (!start_ok(NO_PW, alg, &h))
		return false;
	for (i = 0; i + 1 < n; i++) {
		if (!update_ok(h, NO_PW, seq_data + at, lens[i]))
			return fail_in("block %u", i);
		at += lens[i];
	}
	if (!complete_ok(h, NO_PW, seq_data + at, lens[n - 1], hierarchy, &o))
		return false;
	at += lens[n - 1];
	if (!check_complete(&o, alg, seq_data, at, hierarchy,
			    block_safe(seq_data, lens[0])))
		return false;
	/* SequenceComplete flushed it */
	if (!none_loaded())
		return false;
	EXPECT_RC(seq_update(h, NO_PW, seq_data, 1), T_RC_REFERENCE_H0);
	return true;
}

static bool test_seq_hash(void)
{
	static const struct {
		u8 n;
		u16 lens[8];
	} plans[] = {
		{ 1, { 0 } },		/* SequenceComplete alone */
		{ 1, { 5 } },
		{ 1, { 1024 } },
		{ 6, { 1024, 1024, 1024, 1024, 1024, 100 } },	/* 5220 */
		{ 7, { 0, 1, 2, 3, 1024, 0, 0 } },
		{ 2, { 3, 1024 } },
		{ 7, { 4, 0, 1024, 1023, 1024, 1024, 1 } },
		{ 5, { 64, 128, 55, 56, 0 } },
		{ 3, { 1024, 0, 1024 } },
	};
	u32 a, p;

	fill_seq_data(3);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (a = 0; a < 4; a++)
		for (p = 0; p < ARRAY_SIZE(plans); p++)
			if (!run_plan(bank_algs[a], plans[p].lens, plans[p].n,
				      seq_hierarchies[(a + p) % 4]))
				return fail_in("alg %#x, plan %u",
					       bank_algs[a], p);
	return true;
}

/* TPM2_Hash of @data: its digest and ticket */
static bool hash_result(const u8 *data, u16 len, u16 alg, u32 hierarchy,
			struct seq_out *o)
{
	u32 n = alg_size(alg), at = 12 + n;

	EXPECT_RC(hash_cmd(data, len, alg, hierarchy), 0);
	EXPECT(rsp_len >= at + 8 && get_unaligned_be16(rsp + 10) == n,
	       "TPM2_Hash length %zu", rsp_len);
	o->size = n;
	memcpy(o->digest, rsp + 12, n);
	o->tag = get_unaligned_be16(rsp + at);
	o->hierarchy = get_unaligned_be32(rsp + at + 2);
	o->ticket_size = get_unaligned_be16(rsp + at + 6);
	EXPECT(o->ticket_size <= 64 && rsp_len == at + 8 + o->ticket_size,
	       "TPM2_Hash ticket size %u", o->ticket_size);
	memcpy(o->ticket, rsp + at + 8, o->ticket_size);
	return true;
}

static bool same_result(const struct seq_out *a, const struct seq_out *b)
{
	EXPECT(a->size == b->size && !memcmp(a->digest, b->digest, a->size),
	       "digests differ");
	EXPECT(a->tag == b->tag && a->hierarchy == b->hierarchy &&
	       a->ticket_size == b->ticket_size &&
	       !memcmp(a->ticket, b->ticket, a->ticket_size),
	       "tickets differ: hierarchy %#x/%#x, %u/%u bytes", a->hierarchy,
	       b->hierarchy, a->ticket_size, b->ticket_size);
	return true;
}

/* A sequence of @first by SequenceUpdate then @rest by SequenceComplete */
static bool seq_two(u16 alg, const u8 *first, u16 n1, const u8 *rest,
		    u16 n2, u32 hierarchy, bool update, struct seq_out *o)
{
	u32 h;

	if (!start_ok(NO_PW, alg, &h))
		return false;
	if (update && !update_ok(h, NO_PW, first, n1))
		return false;
	return complete_ok(h, NO_PW, rest, n2, hierarchy, o);
}

static bool test_seq_tickets(void)
{
	static const u16 lens[] = { 4, 5, 100, 1024 };
	static const u8 gen[] = { 0xFF, 'T', 'C', 'G', 1, 2, 3, 4 };
	static const u8 near[] = { 0xFF, 'T', 'C', 'H', 1, 2, 3, 4 };
	struct seq_out o, ho;
	u8 buf[1024 + 8];
	u32 a, h, l;

	fill_seq_data(11);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* Data that fits one TPM2_Hash: the same digest and ticket */
	for (a = 0; a < 4; a++)
		for (h = 0; h < 3; h++)
			for (l = 0; l < ARRAY_SIZE(lens); l++) {
				u16 alg = bank_algs[a], n = lens[l];
				u32 hier = seq_hierarchies[h];

				if (!hash_result(seq_data, n, alg, hier, &ho) ||
				    !check_complete(&ho, alg, seq_data, n, hier,
						    true))
					return fail_in("TPM2_Hash %#x/%#x/%u",
						       alg, hier, n);
				/* SequenceComplete alone */
				if (!seq_two(alg, NULL, 0, seq_data, n, hier,
					     false, &o) ||
				    !same_result(&o, &ho))
					return fail_in("one block %#x/%#x/%u",
						       alg, hier, n);
				/* 4 bytes by SequenceUpdate, the rest after */
				if (!seq_two(alg, seq_data, 4, seq_data + 4,
					     n - 4, hier, true, &o) ||
				    !same_result(&o, &ho))
					return fail_in("two blocks %#x/%#x/%u",
						       alg, hier, n);
			}

	/* TPM2_Hash tickets 3 bytes; a sequence whose first block is 3 not */
	if (!hash_result(seq_data, 3, TPM2E_ALG_SHA256, TPM2E_RH_OWNER, &ho))
		return false;
	EXPECT(ho.hierarchy == TPM2E_RH_OWNER && ho.ticket_size == 32,
	       "TPM2_Hash of 3 bytes: no ticket");
	if (!seq_two(TPM2E_ALG_SHA256, NULL, 0, seq_data, 3, TPM2E_RH_OWNER,
		     false, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 3, TPM2E_RH_OWNER,
			    false))
		return fail_in("SequenceComplete of 3 bytes");
	/* a first block under 4 bytes, then plenty */
	for (l = 0; l < 4; l++)
		if (!seq_two(TPM2E_ALG_SHA384, seq_data, l, seq_data + l, 1000,
			     TPM2E_RH_ENDORSEMENT, true, &o) ||
		    !check_complete(&o, TPM2E_ALG_SHA384, seq_data, 1000 + l,
				    TPM2E_RH_ENDORSEMENT, false))
			return fail_in("first block of %u bytes", l);
	if (!seq_two(TPM2E_ALG_SHA1, NULL, 0, NULL, 0, TPM2E_RH_PLATFORM,
		     false, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA1, NULL, 0, TPM2E_RH_PLATFORM,
			    false))
		return fail_in("empty sequence");

	/* TPM_GENERATED_VALUE first: no ticket; later, or near it: tickets */
	memcpy(buf, gen, sizeof(gen));
	memcpy(buf + sizeof(gen), seq_data, 1024);
	if (!seq_two(TPM2E_ALG_SHA256, gen, sizeof(gen), seq_data, 100,
		     TPM2E_RH_OWNER, true, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, buf, sizeof(gen) + 100,
			    TPM2E_RH_OWNER, false))
		return fail_in("TPM_GENERATED_VALUE in the first update");
	if (!seq_two(TPM2E_ALG_SHA256, gen, 4, NULL, 0, TPM2E_RH_OWNER, true,
		     &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, gen, 4, TPM2E_RH_OWNER,
			    false))
		return fail_in("TPM_GENERATED_VALUE alone");
	if (!seq_two(TPM2E_ALG_SHA512, NULL, 0, gen, sizeof(gen),
		     TPM2E_RH_PLATFORM, false, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA512, gen, sizeof(gen),
			    TPM2E_RH_PLATFORM, false))
		return fail_in("TPM_GENERATED_VALUE in SequenceComplete");
	if (!seq_two(TPM2E_ALG_SHA1, gen, 3, gen + 3, 5, TPM2E_RH_OWNER, true,
		     &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA1, gen, 8, TPM2E_RH_OWNER, false))
		return fail_in("TPM_GENERATED_VALUE split 3 + 5");
	memcpy(buf, seq_data, 10);
	memcpy(buf + 10, gen, sizeof(gen));
	if (!seq_two(TPM2E_ALG_SHA256, seq_data, 10, gen, sizeof(gen),
		     TPM2E_RH_OWNER, true, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, buf, 10 + sizeof(gen),
			    TPM2E_RH_OWNER, true))
		return fail_in("TPM_GENERATED_VALUE second");
	if (!seq_two(TPM2E_ALG_SHA256, near, sizeof(near), NULL, 0,
		     TPM2E_RH_OWNER, true, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, near, sizeof(near),
			    TPM2E_RH_OWNER, true))
		return fail_in("0xff544348 first");
	return none_loaded();
}

static bool test_seq_auth(void)
{
	static u8 long_auth[65];
	struct seq_out o;
	struct cmdbuf c;
	u32 h, e;

	fill_seq_data(5);
	memset(long_auth, 0x41, sizeof(long_auth));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("secret"), TPM2E_ALG_SHA256, &h))
		return false;
	EXPECT_RC(seq_update(h, PW("secreT"), seq_data, 10),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(seq_update(h, NO_PW, seq_data, 10),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(seq_update(h, PW("secre"), seq_data, 10),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(seq_update(h, PW("secret!"), seq_data, 10),
		  RC_S(T_RC_BAD_AUTH, 1));
	if (!update_ok(h, PW("secret"), seq_data, 10) ||
	    !update_ok(h, PW("secret\0\0\0"), seq_data + 10, 10))
		return false;
	/* no authorization area at all */
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_SEQUENCE_UPDATE);
	cb_u32(&c, h);
	cb_tpm2b(&c, seq_data, 10);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_SEQUENCE_COMPLETE);
	cb_u32(&c, h);
	cb_tpm2b(&c, NULL, 0);
	cb_u32(&c, TPM2E_RH_NULL);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	EXPECT_RC(seq_complete(h, PW("x"), NULL, 0, TPM2E_RH_NULL),
		  RC_S(T_RC_BAD_AUTH, 1));
	if (!LOADED(h))
		return fail_in("after refused commands");
	/* only what was accepted was hashed */
	if (!complete_ok(h, PW("secret"), NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 20,
			    TPM2E_RH_OWNER, true))
		return false;

	/* trailing zeros of the auth given at the start */
	if (!start_ok(PW("abc\0\0"), TPM2E_ALG_SHA1, &h) ||
	    !update_ok(h, PW("abc"), seq_data, 4) ||
	    !update_ok(h, PW("abc\0"), seq_data, 4))
		return fail_in("auth \"abc\\0\\0\"");
	EXPECT_RC(seq_update(h, NO_PW, seq_data, 4),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(seq_update(h, PW("ab"), seq_data, 4),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(flush_context(h), 0);
	/* the empty auth */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) ||
	    !update_ok(h, NO_PW, seq_data, 4) ||
	    !update_ok(h, PW("\0\0"), seq_data, 4))
		return fail_in("empty auth");
	EXPECT_RC(seq_update(h, PW("x"), seq_data, 4),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(flush_context(h), 0);
	/* 64 bytes of auth, the most */
	if (!start_ok(PWN(long_auth, 64), TPM2E_ALG_SHA512, &h) ||
	    !update_ok(h, PWN(long_auth, 64), seq_data, 4))
		return fail_in("64-byte auth");
	EXPECT_RC(seq_update(h, PWN(long_auth, 63), seq_data, 4),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(flush_context(h), 0);
	EXPECT_RC(seq_start(PWN(long_auth, 65), TPM2E_ALG_SHA256, &h),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(seq_start(PWN(long_auth, 65), TPM2E_ALG_NULL, &h),
		  RC_P(TPM2E_RC_SIZE, 1));

	/* EventSequenceComplete: both handles authorized */
	if (!start_ok(PW("ev"), TPM2E_ALG_NULL, &e))
		return false;
	EXPECT_RC(seq_update(e, PW("eV"), seq_data, 4),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(event_complete(16, e, PW("ew"), seq_data, 4, 0),
		  RC_S(T_RC_BAD_AUTH, 2));
	EXPECT_RC(event_complete(16, e, NO_PW, seq_data, 4, 0),
		  RC_S(T_RC_BAD_AUTH, 2));
	cb_start_pw2(&c, T_CC_EVENT_SEQUENCE_COMPLETE, 16, PW("pcr"), e,
		     PW("ev"));
	cb_tpm2b(&c, seq_data, 4);
	EXPECT_RC(exec_cb(&c), RC_S(T_RC_BAD_AUTH, 1));
	/* one session for two handles */
	cb_start(&c, TPM2E_ST_SESSIONS, T_CC_EVENT_SEQUENCE_COMPLETE);
	cb_u32(&c, 16);
	cb_u32(&c, e);
	cb_u32(&c, 9);
	cb_pw(&c, NULL, 0);
	cb_tpm2b(&c, seq_data, 4);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_EVENT_SEQUENCE_COMPLETE);
	cb_u32(&c, 16);
	cb_u32(&c, e);
	cb_tpm2b(&c, seq_data, 4);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	if (!LOADED(e))
		return fail_in("event sequence after refused commands");
	EXPECT_RC(event_complete(16, e, PW("ev\0"), seq_data, 4, 0), 0);
	return none_loaded();
}

static bool test_seq_errors(void)
{
	static const u16 bad_algs[] = {
		0x0000, 0x0005, TPM2E_ALG_AES, 0x0012, 0x0027, 0xFFFF,
	};
	struct seq_out o;
	struct cmdbuf c;
	u8 dig[4][64];
	u32 h1, ev, h5, x, i;

	fill_seq_data(9);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < ARRAY_SIZE(bad_algs); i++)
		EXPECT_RC(seq_start(NO_PW, bad_algs[i], &x),
			  RC_P(TPM2E_RC_HASH, 2));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_HASH_SEQUENCE_START);
	cb_tpm2b(&c, NULL, 0);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_INSUFFICIENT, 2));

	/* transient handles with nothing loaded */
	EXPECT_RC(seq_update(0x80000000, NO_PW, seq_data, 1),
		  T_RC_REFERENCE_H0);
	EXPECT_RC(seq_update(0x80000002, NO_PW, seq_data, 1),
		  T_RC_REFERENCE_H0);
	EXPECT_RC(seq_update(0x80FFFFFF, NO_PW, seq_data, 1),
		  T_RC_REFERENCE_H0);
	EXPECT_RC(seq_complete(0x80000001, NO_PW, NULL, 0, TPM2E_RH_NULL),
		  T_RC_REFERENCE_H0);
	EXPECT_RC(context_save(0x80000000), T_RC_REFERENCE_H0);
	/* handles that are no object, and persistent ones (none exist) */
	EXPECT_RC(seq_update(TPM2E_RH_OWNER, NO_PW, seq_data, 1),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(seq_update(3, NO_PW, seq_data, 1), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(seq_update(0x81000000, NO_PW, seq_data, 1),
		  RC_H(TPM2E_RC_HANDLE, 1));
	EXPECT_RC(seq_update(0x81000001, NO_PW, seq_data, 1),
		  RC_H(TPM2E_RC_HANDLE, 1));
	EXPECT_RC(seq_complete(0x81000000, NO_PW, NULL, 0, TPM2E_RH_NULL),
		  RC_H(TPM2E_RC_HANDLE, 1));

	/* three slots */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h1) ||
	    !start_ok(PW("e"), TPM2E_ALG_NULL, &ev) ||
	    !start_ok(NO_PW, TPM2E_ALG_SHA512, &h5))
		return false;
	EXPECT(h1 != ev && ev != h5 && h1 != h5, "handles %#x %#x %#x", h1,
	       ev, h5);
	if (!update_ok(h1, NO_PW, seq_data, 100) ||
	    !update_ok(ev, PW("e"), seq_data, 200) ||
	    !update_ok(h5, NO_PW, seq_data, 300))
		return false;
	EXPECT_RC(seq_start(NO_PW, TPM2E_ALG_SHA256, &x), T_RC_OBJECT_MEMORY);
	EXPECT_RC(seq_start(NO_PW, TPM2E_ALG_NULL, &x), T_RC_OBJECT_MEMORY);
	EXPECT_RC(seq_start(PW("e"), TPM2E_ALG_SHA1, &x), T_RC_OBJECT_MEMORY);
	/* the second handle of EventSequenceComplete not loaded */
	EXPECT_RC(event_complete(16, 0x80FFFFFF, NO_PW, NULL, 0, 0),
		  T_RC_REFERENCE_H0 + 1);
	/* the wrong kind of sequence */
	EXPECT_RC(seq_complete(ev, PW("e"), NULL, 0, TPM2E_RH_NULL),
		  RC_H(T_RC_MODE, 1));
	EXPECT_RC(seq_complete(ev, PW("e"), seq_data, 10, TPM2E_RH_OWNER),
		  RC_H(T_RC_MODE, 1));
	EXPECT_RC(event_complete(16, h1, NO_PW, NULL, 0, 0),
		  RC_H(T_RC_MODE, 2));
	EXPECT_RC(event_complete(TPM2E_RH_NULL, h5, NO_PW, NULL, 0, 0),
		  RC_H(T_RC_MODE, 2));
	/* parameters */
	EXPECT_RC(seq_update(h1, NO_PW, seq_data, 1025),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(seq_complete(h1, NO_PW, seq_data, 1025, TPM2E_RH_OWNER),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(event_complete(16, ev, PW("e"), seq_data, 1025, 0),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(seq_complete(h5, NO_PW, NULL, 0, TPM2E_RH_LOCKOUT),
		  RC_P(TPM2E_RC_VALUE, 2));
	EXPECT_RC(seq_complete(h5, NO_PW, NULL, 0, TPM2E_RH_PLATFORM_NV),
		  RC_P(TPM2E_RC_VALUE, 2));
	cb_start_pw(&c, T_CC_SEQUENCE_UPDATE, h1, NULL, 0);
	cb_tpm2b(&c, seq_data, 4);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	cb_start_pw(&c, T_CC_SEQUENCE_UPDATE, h1, NULL, 0);
	cb_u16(&c, 4);
	cb_bytes(&c, seq_data, 3);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_INSUFFICIENT, 1));
	/* the PCR of EventSequenceComplete */
	EXPECT_RC(event_complete(24, ev, PW("e"), NULL, 0, 0),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(event_complete(TPM2E_RH_OWNER, ev, PW("e"), NULL, 0, 0),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(event_complete(17, ev, PW("e"), NULL, 0, 0),
		  TPM2E_RC_LOCALITY);
	EXPECT_RC(event_complete(19, ev, PW("e"), NULL, 0, 1),
		  TPM2E_RC_LOCALITY);

	/* none of that changed anything */
	if (!LOADED(h1, ev, h5))
		return fail_in("after the errors");
	if (!complete_ok(h1, NO_PW, NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA1, seq_data, 100, TPM2E_RH_OWNER,
			    true))
		return fail_in("SHA-1 sequence");
	EXPECT_RC(event_complete(TPM2E_RH_NULL, ev, PW("e"), NULL, 0, 0), 0);
	if (!check_event_digests(seq_data, 200, dig))
		return fail_in("event sequence");
	if (!complete_ok(h5, NO_PW, seq_data + 300, 1, TPM2E_RH_NULL, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA512, seq_data, 301,
			    TPM2E_RH_NULL, true))
		return fail_in("SHA-512 sequence");
	if (!none_loaded())
		return false;
	/* completed sequences are gone */
	EXPECT_RC(seq_update(h1, NO_PW, seq_data, 1), T_RC_REFERENCE_H0);
	EXPECT_RC(context_save(ev), T_RC_REFERENCE_H0);
	EXPECT_RC(seq_complete(h5, NO_PW, NULL, 0, TPM2E_RH_NULL),
		  T_RC_REFERENCE_H0);
	/* and their slots free */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h1) ||
	    !start_ok(NO_PW, TPM2E_ALG_NULL, &ev) ||
	    !start_ok(NO_PW, TPM2E_ALG_SHA512, &h5))
		return fail_in("slots after SequenceComplete");
	return LOADED(h1, ev, h5);
}

static bool test_event_seq(void)
{
	static const u16 lens[] = { 1024, 0, 1024, 1024, 1024, 7 };
	static const u8 sel512[] = { 0x00, 0x0D, 3, 0xFF, 0xFF, 0xFF };
	u8 pcr23[4][64] = { { 0 } }, pcr16[4][64] = { { 0 } };
	u8 pcr20[64], dig[4][64];
	u32 h, i, b, at = 0;

	fill_seq_data(21);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* more than 4 KiB, into PCR 23 */
	if (!start_ok(PW("ev"), TPM2E_ALG_NULL, &h))
		return false;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		if (!update_ok(h, PW("ev"), seq_data + at, lens[i]))
			return fail_in("block %u", i);
		at += lens[i];
	}
	EXPECT_RC(event_complete(23, h, PW("ev"), seq_data + at, 33, 0), 0);
	at += 33;
	if (!check_event_digests(seq_data, at, dig))
		return false;
	for (b = 0; b < 3; b++) {
		model_extend_digest(b, pcr23[b], dig[b]);
		if (!pcr_is(bank_algs[b], 23, pcr23[b]))
			return false;
	}
	if (!pcr_unallocated(TPM2E_ALG_SHA512, 23) || !none_loaded())
		return false;

	/* again into the same PCR, with no data at all */
	if (!start_ok(NO_PW, TPM2E_ALG_NULL, &h))
		return false;
	EXPECT_RC(event_complete(23, h, NO_PW, NULL, 0, 0), 0);
	if (!check_event_digests(NULL, 0, dig))
		return false;
	for (b = 0; b < 3; b++) {
		model_extend_digest(b, pcr23[b], dig[b]);
		if (!pcr_is(bank_algs[b], 23, pcr23[b]))
			return fail_in("second extend");
	}

	/* TPM_RH_NULL: the digests, no PCR changes */
	if (!start_ok(NO_PW, TPM2E_ALG_NULL, &h) ||
	    !update_ok(h, NO_PW, seq_data, 100))
		return false;
	EXPECT_RC(event_complete(TPM2E_RH_NULL, h, NO_PW, seq_data + 100, 50,
				 0), 0);
	if (!check_event_digests(seq_data, 150, dig))
		return false;
	for (b = 0; b < 3; b++)
		if (!pcr_is(bank_algs[b], 23, pcr23[b]) ||
		    !pcr_is(bank_algs[b], 16, pcr16[b]))
			return fail_in("TPM_RH_NULL changed a PCR");

	/* PC Client localities: PCR 20 from locality 1 */
	memset(pcr20, 0xFF, sizeof(pcr20));
	if (!start_ok(NO_PW, TPM2E_ALG_NULL, &h))
		return false;
	EXPECT_RC(event_complete(20, h, NO_PW, seq_data, 64, 1), 0);
	if (!check_event_digests(seq_data, 64, dig))
		return false;
	model_extend_digest(1, pcr20, dig[1]);
	if (!pcr_is(TPM2E_ALG_SHA256, 20, pcr20))
		return fail_in("PCR 20");

	/* every allocated bank: SHA-512 too once it is allocated */
	EXPECT_RC(allocate(sel512, 1, sizeof(sel512)), 0);
	if (!shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_NULL, &h) ||
	    !update_ok(h, NO_PW, seq_data, 500))
		return false;
	EXPECT_RC(event_complete(16, h, NO_PW, seq_data + 500, 500, 0), 0);
	if (!check_event_digests(seq_data, 1000, dig))
		return false;
	for (b = 0; b < 4; b++) {
		model_extend_digest(b, pcr16[b], dig[b]);
		if (!pcr_is(bank_algs[b], 16, pcr16[b]))
			return fail_in("four banks");
	}
	return none_loaded();
}

static bool test_context_roundtrip(void)
{
	static const u16 algs[] = {
		TPM2E_ALG_SHA1, TPM2E_ALG_SHA256, TPM2E_ALG_SHA384,
		TPM2E_ALG_SHA512, TPM2E_ALG_NULL,
	};
	static struct saved_ctx s;
	struct seq_out o;
	u8 dig[4][64];
	u32 a, h, h2, max;

	fill_seq_data(33);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	max = fixed_property(TPM2E_PT_MAX_OBJECT_CONTEXT);
	EXPECT(max && max != 0xDEADBEEF, "TPM_PT_MAX_OBJECT_CONTEXT %#x", max);
	for (a = 0; a < ARRAY_SIZE(algs); a++) {
		u16 alg = algs[a];

		if (!start_ok(PW("pw"), alg, &h) ||
		    !update_ok(h, PW("pw"), seq_data, 700) || !save_ok(h, &s))
			return fail_in("alg %#x", alg);
		EXPECT(s.handle == T_SAVED_SEQUENCE &&
		       s.hierarchy == TPM2E_RH_NULL,
		       "alg %#x: savedHandle %#x, hierarchy %#x", alg,
		       s.handle, s.hierarchy);
		EXPECT(s.size && s.size <= max,
		       "alg %#x: contextBlob of %u bytes, most %u", alg, s.size,
		       max);
		EXPECT_RC(flush_context(h), 0);
		if (!none_loaded())
			return fail_in("alg %#x flushed", alg);
		EXPECT_RC(seq_update(h, PW("pw"), seq_data, 1),
			  T_RC_REFERENCE_H0);
		if (!load_ok(&s, &h2) || !LOADED(h2) ||
		    !update_ok(h2, PW("pw"), seq_data + 700, 1024))
			return fail_in("alg %#x loaded", alg);
		if (alg == TPM2E_ALG_NULL) {
			/* still an event sequence */
			EXPECT_RC(seq_complete(h2, PW("pw"), NULL, 0,
					       TPM2E_RH_NULL),
				  RC_H(T_RC_MODE, 1));
			EXPECT_RC(event_complete(TPM2E_RH_NULL, h2, PW("pw"),
						 seq_data + 1724, 50, 0), 0);
			if (!check_event_digests(seq_data, 1774, dig))
				return fail_in("event sequence");
		} else if (event_complete(TPM2E_RH_NULL, h2, PW("pw"), NULL, 0,
					  0) != RC_H(T_RC_MODE, 2)) {
			return failf("alg %#x: loaded as an event sequence",
				     alg);
		} else if (!complete_ok(h2, PW("pw"), seq_data + 1724, 50,
					TPM2E_RH_OWNER, &o) ||
			   !check_complete(&o, alg, seq_data, 1774,
					   TPM2E_RH_OWNER, true)) {
			return fail_in("alg %#x", alg);
		}
		if (!none_loaded())
			return false;
	}

	/* ContextSave leaves the object loaded; the copy is the state then */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, NO_PW, seq_data, 10) || !save_ok(h, &s) ||
	    !LOADED(h) || !update_ok(h, NO_PW, seq_data + 10, 20) ||
	    !complete_ok(h, NO_PW, NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 30, TPM2E_RH_OWNER,
			    true))
		return fail_in("saved without a flush");
	if (!load_ok(&s, &h2) ||
	    !complete_ok(h2, NO_PW, NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 10, TPM2E_RH_OWNER,
			    true))
		return fail_in("the saved copy");

	/* what the first block said about tickets is kept */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, NO_PW, seq_data, 2) || !save_ok(h, &s))
		return false;
	EXPECT_RC(flush_context(h), 0);
	if (!load_ok(&s, &h) || !update_ok(h, NO_PW, seq_data + 2, 100) ||
	    !complete_ok(h, NO_PW, NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 102,
			    TPM2E_RH_OWNER, false))
		return fail_in("short first block, saved");
	/* and that no block came yet */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA384, &h) || !save_ok(h, &s))
		return false;
	EXPECT_RC(flush_context(h), 0);
	if (!load_ok(&s, &h) ||
	    !complete_ok(h, NO_PW, t_generated, sizeof(t_generated),
			 TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA384, t_generated,
			    sizeof(t_generated), TPM2E_RH_OWNER, false))
		return fail_in("no block before the save, then TPM_GENERATED");
	if (!load_ok(&s, &h) ||
	    !complete_ok(h, NO_PW, seq_data, 100, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA384, seq_data, 100,
			    TPM2E_RH_OWNER, true))
		return fail_in("no block before the save");
	return none_loaded();
}

static bool test_context_load_twice(void)
{
	static struct saved_ctx s;
	struct seq_out o;
	u8 all[700];
	u32 h, a, b, c, x;

	fill_seq_data(41);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("k"), TPM2E_ALG_SHA384, &h) ||
	    !update_ok(h, PW("k"), seq_data, 500) || !save_ok(h, &s))
		return false;
	EXPECT_RC(flush_context(h), 0);
	if (!load_ok(&s, &a) || !load_ok(&s, &b))
		return false;
	EXPECT(a != b, "both loads gave handle %#x", a);
	if (!LOADED(a, b) || !update_ok(a, PW("k"), seq_data + 500, 100) ||
	    !update_ok(b, PW("k"), seq_data + 2000, 200) || !load_ok(&s, &c) ||
	    !LOADED(a, b, c))
		return false;
	EXPECT_RC(context_load(&s, &x), T_RC_OBJECT_MEMORY);
	EXPECT_RC(seq_start(NO_PW, TPM2E_ALG_SHA1, &x), T_RC_OBJECT_MEMORY);
	/* each went its own way */
	memcpy(all, seq_data, 500);
	memcpy(all + 500, seq_data + 2000, 200);
	if (!complete_ok(b, PW("k"), NULL, 0, TPM2E_RH_NULL, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA384, all, 700, TPM2E_RH_NULL,
			    true))
		return fail_in("second copy");
	if (!complete_ok(a, PW("k"), NULL, 0, TPM2E_RH_NULL, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA384, seq_data, 600,
			    TPM2E_RH_NULL, true))
		return fail_in("first copy");
	if (!complete_ok(c, PW("k"), NULL, 0, TPM2E_RH_NULL, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA384, seq_data, 500,
			    TPM2E_RH_NULL, true))
		return fail_in("third copy");
	return none_loaded();
}

static bool test_context_sequence(void)
{
	static struct saved_ctx s[8];
	u32 h, e, h3, i;

	fill_seq_data(43);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) ||
	    !start_ok(NO_PW, TPM2E_ALG_NULL, &e) || !save_ok(h, &s[0]) ||
	    !save_ok(e, &s[1]) || !save_ok(h, &s[2]) ||
	    !update_ok(h, NO_PW, seq_data, 50) || !save_ok(h, &s[3]))
		return false;
	EXPECT_RC(flush_context(h), 0);
	if (!load_ok(&s[0], &h3) || !save_ok(h3, &s[4]) || !save_ok(e, &s[5]))
		return false;
	/*
	 * On across Resume and TPM Reset too: the blob's key and IV come
	 * from its sequence number, so a number used again would reuse them.
	 */
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) || !save_ok(h, &s[6]))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) || !save_ok(h, &s[7]))
		return false;
	for (i = 1; i < ARRAY_SIZE(s); i++)
		EXPECT(s[i].sequence > s[i - 1].sequence,
		       "save %u: sequence %#llx after %#llx", i,
		       (unsigned long long)s[i].sequence,
		       (unsigned long long)s[i - 1].sequence);
	return true;
}

static bool test_context_tamper(void)
{
	static const u8 flips[] = { 0x01, 0x80, 0xFF };
	static const u32 other_values[] = {
		TPM2E_RH_OWNER, TPM2E_RH_PLATFORM, TPM2E_RH_ENDORSEMENT,
		0x80000000, 0x80000002,
	};
	static struct saved_ctx s;
	struct seq_out o;
	u32 h, i, f, n, rc, x, max;

	fill_seq_data(55);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	max = fixed_property(TPM2E_PT_MAX_OBJECT_CONTEXT);
	if (!start_ok(PW("t"), TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, PW("t"), seq_data, 100) || !save_ok(h, &s))
		return false;
	EXPECT_RC(flush_context(h), 0);
	/*
	 * Every byte of the TPMS_CONTEXT changed: sequence (0-7),
	 * savedHandle (8-11), hierarchy (12-15), the blob's size (16-17),
	 * the blob. The blob is a TPMS_CONTEXT_DATA (TPM 2.0 Part 2): its
	 * first two bytes are the size of the integrity value, and a wrong
	 * one may be refused as a wrong size, as the reference
	 * implementation refuses it.
	 */
	for (i = 0; i < s.len; i++)
		for (f = 0; f < ARRAY_SIZE(flips); f++) {
			s.raw[i] ^= flips[f];
			rc = load_raw(s.raw, s.len, &x);
			s.raw[i] ^= flips[f];
			if (!rsp_ok())
				return fail_in("byte %u ^ %#x", i, flips[f]);
			EXPECT(rc, "byte %u ^ %#x: the changed context loaded",
			       i, flips[f]);
			if (i < 8 || i >= 20)
				EXPECT(rc == RC_P(T_RC_INTEGRITY, 1),
				       "byte %u ^ %#x: rc %#x, want %#x", i,
				       flips[f], rc, RC_P(T_RC_INTEGRITY, 1));
			else if (i >= 18)
				EXPECT(rc == RC_P(T_RC_INTEGRITY, 1) ||
				       rc == RC_P(TPM2E_RC_SIZE, 1),
				       "byte %u ^ %#x: rc %#x", i, flips[f],
				       rc);
			else if (i < 16)
				/* or the value is refused as such */
				EXPECT(rc == RC_P(T_RC_INTEGRITY, 1) ||
				       (rc & 0xFC0) == 0x1C0,
				       "byte %u ^ %#x: rc %#x", i, flips[f],
				       rc);
		}
	/* other valid hierarchies and saved handles */
	for (i = 0; i < ARRAY_SIZE(other_values); i++) {
		u32 at = other_values[i] >> 24 == 0x40 ? 12 : 8;
		u32 was = get_unaligned_be32(s.raw + at);

		put_unaligned_be32(other_values[i], s.raw + at);
		rc = load_raw(s.raw, s.len, &x);
		put_unaligned_be32(was, s.raw + at);
		EXPECT(rc == RC_P(T_RC_INTEGRITY, 1), "%s %#x: rc %#x",
		       at == 12 ? "hierarchy" : "savedHandle",
		       other_values[i], rc);
	}
	/* the blob cut short, or one byte longer */
	for (n = 0; n <= s.size + 1u; n++) {
		if (n == s.size)
			continue;
		put_unaligned_be16(n, s.raw + 16);
		s.raw[18 + s.size] = 0;
		rc = load_raw(s.raw, 18 + n, &x);
		put_unaligned_be16(s.size, s.raw + 16);
		if (!rsp_ok())
			return fail_in("blob of %u bytes", n);
		EXPECT(rc == RC_P(TPM2E_RC_SIZE, 1) ||
		       rc == RC_P(T_RC_INTEGRITY, 1),
		       "blob of %u bytes (saved %u): rc %#x", n, s.size, rc);
	}
	/* more than TPM_PT_MAX_OBJECT_CONTEXT */
	n = max + 1;
	if (n > s.size && 10 + 18 + n <= TPM2_MAX_COMMAND_SIZE) {
		static u8 big[TPM2_MAX_COMMAND_SIZE];

		memset(big, 0, sizeof(big));
		memcpy(big, s.raw, s.len);
		put_unaligned_be16(n, big + 16);
		rc = load_raw(big, 18 + n, &x);
		if (!rsp_ok())
			return fail_in("blob of %u bytes", n);
		EXPECT(rc == RC_P(TPM2E_RC_SIZE, 1) ||
		       rc == RC_P(T_RC_INTEGRITY, 1),
		       "blob of %u bytes: rc %#x", n, rc);
	}
	/* nothing got loaded; the context itself still loads */
	if (!none_loaded())
		return fail_in("after the changed contexts");
	if (!load_ok(&s, &h) ||
	    !complete_ok(h, PW("t"), NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 100,
			    TPM2E_RH_OWNER, true))
		return fail_in("the saved context");
	return none_loaded();
}

static bool test_context_other_engine(void)
{
	static struct saved_ctx s;
	struct tpm2_engine *mine = eng, *other;
	struct tpm2_engine_config cfg;
	u32 h, x, rc_startup, rc_load;
	bool well_formed;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, NO_PW, (const u8 *)"other engine", 12) ||
	    !save_ok(h, &s))
		return false;
	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5B, sizeof(cfg.secret));
	other = tpm2_engine_create(&cfg);
	EXPECT(other, "tpm2_engine_create");
	eng = other;
	rc_startup = startup(TPM2E_SU_CLEAR);
	rc_load = context_load(&s, &x);
	well_formed = rsp_ok();
	eng = mine;
	tpm2_engine_destroy(other);
	EXPECT(!rc_startup, "Startup of the other engine: %#x", rc_startup);
	if (!well_formed)
		return false;
	EXPECT(rc_load == RC_P(T_RC_INTEGRITY, 1),
	       "other engine's ContextLoad: rc %#x, want %#x", rc_load,
	       RC_P(T_RC_INTEGRITY, 1));
	/* its own engine takes it */
	if (!load_ok(&s, &x))
		return fail_in("own engine");
	return LOADED(h, x);
}

static bool test_context_reset(void)
{
	static struct saved_ctx s1, s2, s3;
	u32 h, x;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, NO_PW, (const u8 *)"reset", 5) || !save_ok(h, &s1))
		return false;
	/* TPM Reset: _TPM_Init, Startup(CLEAR), no Shutdown before */
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!none_loaded())
		return fail_in("after TPM Reset");
	EXPECT_RC(context_load(&s1, &x), RC_P(T_RC_INTEGRITY, 1));
	/* TPM Reset after Shutdown(CLEAR) */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) || !save_ok(h, &s2) ||
	    !shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(context_load(&s2, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&s1, &x), RC_P(T_RC_INTEGRITY, 1));
	if (!none_loaded())
		return false;
	/* this boot's contexts load */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h) || !save_ok(h, &s3))
		return false;
	EXPECT_RC(flush_context(h), 0);
	return load_ok(&s3, &x) && LOADED(x);
}

static bool test_context_resume_restart(void)
{
	static struct saved_ctx s1, s2;
	struct seq_out o;
	u32 h, x;

	fill_seq_data(61);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("rr"), TPM2E_ALG_SHA256, &h) ||
	    !update_ok(h, PW("rr"), seq_data, 300) || !save_ok(h, &s1))
		return false;
	/* Resume: loaded objects are gone, saved ones load */
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!none_loaded())
		return fail_in("after Resume");
	EXPECT_RC(seq_update(h, PW("rr"), seq_data, 1), T_RC_REFERENCE_H0);
	if (!load_ok(&s1, &h) || !update_ok(h, PW("rr"), seq_data + 300, 200) ||
	    !save_ok(h, &s2) ||
	    !complete_ok(h, PW("rr"), NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 500,
			    TPM2E_RH_OWNER, true))
		return fail_in("after Resume");
	/* Restart: Shutdown(STATE), Startup(CLEAR) */
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!none_loaded())
		return fail_in("after Restart");
	if (!load_ok(&s1, &h) ||
	    !complete_ok(h, PW("rr"), seq_data + 300, 10, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 310,
			    TPM2E_RH_OWNER, true))
		return fail_in("first context after Restart");
	if (!load_ok(&s2, &h) ||
	    !complete_ok(h, PW("rr"), NULL, 0, TPM2E_RH_OWNER, &o) ||
	    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 500,
			    TPM2E_RH_OWNER, true))
		return fail_in("second context after Restart");
	/* then a TPM Reset ends both */
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(context_load(&s1, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&s2, &x), RC_P(T_RC_INTEGRITY, 1));
	return none_loaded();
}

static bool test_startup_flushes(void)
{
	u32 h[3], x, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 3; i++)
		if (!start_ok(NO_PW, bank_algs[i], &h[i]))
			return false;
	if (!loaded_are(h, 3))
		return false;
	/* TPM Reset */
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!none_loaded())
		return fail_in("after TPM Reset");
	for (i = 0; i < 3; i++)
		EXPECT_RC(seq_update(h[i], NO_PW, (const u8 *)"x", 1),
			  T_RC_REFERENCE_H0);
	/* Resume */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &x) ||
	    !start_ok(NO_PW, TPM2E_ALG_NULL, &x) || !shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!none_loaded())
		return fail_in("after Resume");
	/* Restart */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA512, &x) || !shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!none_loaded())
		return fail_in("after Restart");
	for (i = 0; i < 3; i++)
		if (!start_ok(NO_PW, bank_algs[i], &h[i]))
			return fail_in("slot %u after Restart", i);
	return loaded_are(h, 3);
}

static bool test_transient_cap(void)
{
	u32 h[4], s[3], x;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	x = fixed_property(TPM2E_PT_HR_TRANSIENT_MIN);
	EXPECT(x == T_SLOTS, "TPM_PT_HR_TRANSIENT_MIN %u", x);
	if (!none_loaded())
		return false;
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &h[0]) || !LOADED(h[0]) ||
	    !start_ok(NO_PW, TPM2E_ALG_NULL, &h[1]) || !LOADED(h[0], h[1]) ||
	    !start_ok(NO_PW, TPM2E_ALG_SHA512, &h[2]) ||
	    !LOADED(h[0], h[1], h[2]))
		return false;
	memcpy(s, h, sizeof(s));
	sort_u32(s, 3);
	EXPECT(s[0] != s[1] && s[1] != s[2], "handles %#x %#x %#x", h[0], h[1],
	       h[2]);
	EXPECT(s[2] <= 0x80FFFFFF, "handle %#x", s[2]);
	/* paged: one, then from the next handle on */
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0x80000000, 1), 0);
	EXPECT(rsp[10] == 1 && get_unaligned_be32(rsp + 15) == 1 &&
	       rsp_len == 23 && get_unaligned_be32(rsp + 19) == s[0],
	       "first page");
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, s[0] + 1, 10), 0);
	EXPECT(rsp[10] == 0 && get_unaligned_be32(rsp + 15) == 2 &&
	       rsp_len == 27 && get_unaligned_be32(rsp + 19) == s[1] &&
	       get_unaligned_be32(rsp + 23) == s[2], "from %#x on", s[0] + 1);
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, s[2] + 1, 10), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "past the last");
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0x80000000, 0), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 1, "count 0");
	/* other handle types list none of them */
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0x81000000, 10), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "persistent");
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, 0, 100), 0);
	EXPECT(rsp[10] == 0 && get_unaligned_be32(rsp + 15) == 24,
	       "PCR handles");
	/* a slot in the middle frees and fills again, the list stays sorted */
	EXPECT_RC(flush_context(s[1]), 0);
	if (!LOADED(s[0], s[2]) || !start_ok(NO_PW, TPM2E_ALG_SHA256, &h[3]))
		return false;
	return LOADED(s[0], s[2], h[3]);
}

static bool test_flush_context(void)
{
	static const u32 not_loaded[] = {
		0x80000000, 0x80000001, 0x80000002, 0x80FFFFFF,
		0x02000000, 0x02000001, 0x03000000, 0x03000005,
	};
	static const u32 not_context[] = {
		0, 23, 24, TPM2E_RH_OWNER, TPM2E_RH_NULL, TPM2E_RS_PW,
		0x81000000, 0x01000000, 0x01C00002, 0xFFFFFFFF,
	};
	struct cmdbuf c;
	u32 a, b, d, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < ARRAY_SIZE(not_loaded); i++)
		EXPECT_RC(flush_context(not_loaded[i]),
			  RC_P(TPM2E_RC_HANDLE, 1));
	for (i = 0; i < ARRAY_SIZE(not_context); i++)
		EXPECT_RC(flush_context(not_context[i]),
			  RC_P(TPM2E_RC_VALUE, 1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_FLUSH_CONTEXT);
	cb_u16(&c, 0x8000);
	EXPECT_RC(exec_cb(&c), RC_P(TPM2E_RC_INSUFFICIENT, 1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_FLUSH_CONTEXT);
	cb_u32(&c, 0x80000000);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);
	/* a flush frees that object only */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &a) ||
	    !start_ok(NO_PW, TPM2E_ALG_SHA256, &b) ||
	    !start_ok(NO_PW, TPM2E_ALG_NULL, &d))
		return false;
	EXPECT_RC(flush_context(b), 0);
	if (!LOADED(a, d))
		return false;
	EXPECT_RC(flush_context(b), RC_P(TPM2E_RC_HANDLE, 1));
	EXPECT_RC(seq_update(b, NO_PW, (const u8 *)"x", 1), T_RC_REFERENCE_H0);
	EXPECT_RC(context_save(b), T_RC_REFERENCE_H0);
	if (!update_ok(a, NO_PW, (const u8 *)"x", 1) ||
	    !update_ok(d, NO_PW, (const u8 *)"x", 1))
		return false;
	/* ContextSave of handles that are no context */
	EXPECT_RC(context_save(1), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(context_save(TPM2E_RH_OWNER), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(context_save(0x81000000), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(flush_context(a), 0);
	EXPECT_RC(flush_context(d), 0);
	return none_loaded();
}

/* ---- PCR_SetAuthValue, PCR_SetAuthPolicy: no PCR is in a group ---- */

static u32 set_auth_value(u32 pcr, struct pw pw, u16 auth_len)
{
	struct cmdbuf c;

	cb_start_pw(&c, T_CC_PCR_SET_AUTH_VALUE, pcr, pw.p, pw.n);
	cb_tpm2b(&c, seq_data, auth_len);
	return exec_cb(&c);
}

static bool test_pcr_set_auth_value(void)
{
	struct cmdbuf c;
	u32 pcr;

	fill_seq_data(71);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* As the reference implementation answers: no handle number */
	for (pcr = 0; pcr < 24; pcr++) {
		EXPECT_RC(set_auth_value(pcr, NO_PW, 32), TPM2E_RC_VALUE);
		EXPECT_RC(set_auth_value(pcr, NO_PW, 0), TPM2E_RC_VALUE);
	}
	EXPECT_RC(set_auth_value(24, NO_PW, 32), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(set_auth_value(TPM2E_RH_NULL, NO_PW, 32),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(set_auth_value(TPM2E_RH_OWNER, NO_PW, 32),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(set_auth_value(16, NO_PW, 65), RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_value(16, PW("pcr"), 32),
		  RC_S(T_RC_BAD_AUTH, 1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_PCR_SET_AUTH_VALUE);
	cb_u32(&c, 16);
	cb_tpm2b(&c, seq_data, 32);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	return true;
}

static u32 set_auth_policy(u32 auth, struct pw pw, u16 policy_len, u16 alg,
			   u32 pcr)
{
	struct cmdbuf c;

	cb_start_pw(&c, T_CC_PCR_SET_AUTH_POLICY, auth, pw.p, pw.n);
	cb_tpm2b(&c, seq_data, policy_len);
	cb_u16(&c, alg);
	cb_u32(&c, pcr);
	return exec_cb(&c);
}

static bool test_pcr_set_auth_policy(void)
{
	const u32 plat = TPM2E_RH_PLATFORM;
	struct cmdbuf c;
	u32 pcr, a;

	fill_seq_data(73);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (pcr = 0; pcr < 24; pcr++)
		for (a = 0; a < 4; a++)
			EXPECT_RC(set_auth_policy(plat, NO_PW,
						  alg_size(bank_algs[a]),
						  bank_algs[a], pcr),
				  RC_P(TPM2E_RC_VALUE, 3));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 0, TPM2E_ALG_NULL, 0),
		  RC_P(TPM2E_RC_VALUE, 3));
	/* the size of authPolicy against hashAlg */
	EXPECT_RC(set_auth_policy(plat, NO_PW, 31, TPM2E_ALG_SHA256, 0),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 33, TPM2E_ALG_SHA256, 0),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 0, TPM2E_ALG_SHA256, 0),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 32, TPM2E_ALG_SHA1, 5),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 20, TPM2E_ALG_SHA512, 5),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 32, TPM2E_ALG_NULL, 5),
		  RC_P(TPM2E_RC_SIZE, 1));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 65, TPM2E_ALG_SHA256, 5),
		  RC_P(TPM2E_RC_SIZE, 1));
	/* hashAlg, pcrNum */
	EXPECT_RC(set_auth_policy(plat, NO_PW, 32, TPM2E_ALG_AES, 5),
		  RC_P(TPM2E_RC_HASH, 2));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 32, TPM2E_ALG_SHA256, 24),
		  RC_P(TPM2E_RC_VALUE, 3));
	EXPECT_RC(set_auth_policy(plat, NO_PW, 32, TPM2E_ALG_SHA256,
				  TPM2E_RH_NULL), RC_P(TPM2E_RC_VALUE, 3));
	/* authHandle: TPM_RH_PLATFORM only, with its authorization */
	EXPECT_RC(set_auth_policy(TPM2E_RH_OWNER, NO_PW, 32, TPM2E_ALG_SHA256,
				  5), RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(set_auth_policy(0, NO_PW, 32, TPM2E_ALG_SHA256, 5),
		  RC_H(TPM2E_RC_VALUE, 1));
	EXPECT_RC(set_auth_policy(plat, PW("p"), 32, TPM2E_ALG_SHA256, 5),
		  RC_S(T_RC_BAD_AUTH, 1));
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_PCR_SET_AUTH_POLICY);
	cb_u32(&c, plat);
	cb_tpm2b(&c, seq_data, 32);
	cb_u16(&c, TPM2E_ALG_SHA256);
	cb_u32(&c, 5);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	return true;
}

/* ---- clock ---- */

struct time_info {
	u64 time, clock;
	u32 reset, restart;
	u8 safe;
};

static bool read_clock(struct time_info *t)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_READ_CLOCK);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT(rsp_len == 35, "ReadClock length %zu", rsp_len);
	t->time = (u64)get_unaligned_be32(rsp + 10) << 32 |
		  get_unaligned_be32(rsp + 14);
	t->clock = (u64)get_unaligned_be32(rsp + 18) << 32 |
		   get_unaligned_be32(rsp + 22);
	t->reset = get_unaligned_be32(rsp + 26);
	t->restart = get_unaligned_be32(rsp + 30);
	t->safe = rsp[34];
	return true;
}

static u32 clock_set(u32 auth, u64 v)
{
	struct cmdbuf c;

	cb_start_pw(&c, TPM2E_CC_CLOCK_SET, auth, NULL, 0);
	cb_u32(&c, (u32)(v >> 32));
	cb_u32(&c, (u32)v);
	return exec_cb(&c);
}

#define EXPECT_CLOCK(t, rs, rt, sf) \
	EXPECT((t).reset == (rs) && (t).restart == (rt) && (t).safe == (sf), \
	       "line %d: reset %u restart %u safe %u", __LINE__, (t).reset, \
	       (t).restart, (t).safe)

static bool test_clock(void)
{
	struct time_info t, u;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 1, 0, 1);
	EXPECT(t.time < 60000 && t.clock < 60000, "time %llu clock %llu",
	       (unsigned long long)t.time, (unsigned long long)t.clock);
	/* forward only, up to 0xFFFF000000000000 */
	EXPECT_RC(clock_set(TPM2E_RH_OWNER, 1000000), 0);
	if (!read_clock(&u))
		return false;
	EXPECT(u.clock >= 1000000 && u.clock < 1060000 && u.time >= t.time,
	       "clock %llu", (unsigned long long)u.clock);
	EXPECT_RC(clock_set(TPM2E_RH_PLATFORM, 999999), RC_P1(TPM2E_RC_VALUE));
	EXPECT_RC(clock_set(TPM2E_RH_PLATFORM, 0xFFFF000000000001ULL),
		  RC_P1(TPM2E_RC_VALUE));
	EXPECT_RC(clock_set(TPM2E_RH_LOCKOUT, 2000000), RC_H1(TPM2E_RC_VALUE));
	EXPECT_RC(clock_set(TPM2E_RH_NULL, 2000000), RC_H1(TPM2E_RC_VALUE));
	/* Resume, Restart, Reset; safe after an unorderly one */
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 1, 1, 1);
	EXPECT(t.clock >= u.clock && t.time < t.clock, "clock went back");
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 1, 2, 1);
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 2, 0, 0);
	/* safe again once Clock passes the next save point */
	EXPECT_RC(clock_set(TPM2E_RH_OWNER, (t.clock | 4095) + 1), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 2, 0, 1);
	if (!shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!read_clock(&t))
		return false;
	EXPECT_CLOCK(t, 3, 0, 1);
	return true;
}

static bool test_clock_rate_adjust(void)
{
	struct cmdbuf c;
	int v;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (v = -5; v <= 5; v++) {
		cb_start_pw(&c, TPM2E_CC_CLOCK_RATE_ADJUST,
			    v < 0 ? TPM2E_RH_OWNER : TPM2E_RH_PLATFORM, NULL,
			    0);
		cb_u8(&c, (u8)v);
		EXPECT_RC(exec_cb(&c), v >= -3 && v <= 3 ? 0 :
			  RC_P1(TPM2E_RC_VALUE));
	}
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_CLOCK_RATE_ADJUST);
	cb_u32(&c, TPM2E_RH_OWNER);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_AUTH_MISSING);
	return true;
}

/* TestParms of a TPMT_PUBLIC_PARMS of @n u16s */
static u32 test_parms(const u16 *v, u32 n)
{
	struct cmdbuf c;
	u32 i;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_TEST_PARMS);
	for (i = 0; i < n; i++)
		cb_u16(&c, v[i]);
	return exec_cb(&c);
}

#define TP(want, ...) do {						\
	static const u16 __v[] = { __VA_ARGS__ };			\
	u32 __rc = test_parms(__v, ARRAY_SIZE(__v));			\
	EXPECT(__rc == (u32)(want), "TestParms(%s): rc %#x, want %#x",	\
	       #__VA_ARGS__, __rc, (u32)(want));			\
	if (!rsp_ok())							\
		return false;						\
} while (0)

static bool test_test_parms(void)
{
	static const u16 modes[] = { 0x0040, 0x0041, 0x0042, 0x0043, 0x0044,
				     0x0010 };
	struct cmdbuf c;
	u32 type, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (type = 0; type < 0x50; type++) {
		/* RSA, KEYEDHASH, ECC and SYMCIPHER are known types */
		if (type == 0x01 || type == 0x08 || type == 0x23 ||
		    type == 0x25)
			continue;
		cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_TEST_PARMS);
		cb_u16(&c, (u16)type);
		cb_u32(&c, 0);
		EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_TYPE));
	}
	/* SYMCIPHER: AES-128 and -256 in every mode (and NULL) */
	TP(0, 0x0025, 0x0006, 0x0080, 0x0043);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		u16 v[4] = { 0x0025, 0x0006, 0x0080, modes[i] };

		EXPECT_RC(test_parms(v, 4), 0);
		v[2] = 0x0100;
		EXPECT_RC(test_parms(v, 4), 0);
	}
	TP(RC_P1(0x096), 0x0025, 0x0010);		/* sym NULL */
	TP(RC_P1(0x096), 0x0025, 0x000A, 0x000B);	/* XOR */
	TP(RC_P1(0x096), 0x0025, 0x0003, 0x0080, 0x0043);
	TP(RC_P1(0x087), 0x0025, 0x0006, 0x00C0, 0x0043);
	TP(RC_P1(0x087), 0x0025, 0x0006, 0x0000, 0x0043);
	TP(RC_P1(0x089), 0x0025, 0x0006, 0x0080, 0x0045);
	TP(RC_P1(0x089), 0x0025, 0x0006, 0x0080, 0x000B);
	TP(RC_P1(TPM2E_RC_INSUFFICIENT), 0x0025, 0x0006, 0x0080);
	/* KEYEDHASH: NULL, HMAC(SHA-256); XOR parses but is not implemented */
	TP(0, 0x0008, 0x0010);
	TP(0, 0x0008, 0x0005, 0x000B);
	TP(0, 0x0008, 0x0005, 0x0004);
	TP(RC_P1(0x084), 0x0008, 0x000A, 0x000B, 0x0022);
	TP(RC_P1(0x084), 0x0008, 0x0006);
	TP(RC_P1(0x084), 0x0008, 0x0043);
	TP(RC_P1(TPM2E_RC_INSUFFICIENT), 0x0008, 0x0005);
	/* RSA 1024/2048/3072 with a prime exponent (or 0 for 65537) */
	TP(0, 0x0001, 0x0010, 0x0010, 0x0800, 0, 0);
	TP(0, 0x0001, 0x0010, 0x0010, 0x0400, 0, 3);
	TP(0, 0x0001, 0x0006, 0x0080, 0x0043, 0x0010, 0x0C00, 0, 0);
	TP(0, 0x0001, 0x0010, 0x0014, 0x000B, 0x0800, 1, 1);
	TP(RC_P1(0x084), 0x0001, 0x0010, 0x0010, 0x1000, 0, 0);
	TP(RC_P1(0x084), 0x0001, 0x0010, 0x0010, 0x0800, 0, 9);
	TP(RC_P1(0x084), 0x0001, 0x0010, 0x0018, 0x000B, 0x0800, 0, 0);
	/* ECC NIST P-256 and P-384; ECDSA and ECDH; no KDF */
	TP(0, 0x0023, 0x0010, 0x0010, 0x0003, 0x0010);
	TP(0, 0x0023, 0x0010, 0x0018, 0x000B, 0x0004, 0x0010);
	TP(0, 0x0023, 0x0010, 0x0019, 0x000C, 0x0003, 0x0010);
	TP(RC_P1(0x0A6), 0x0023, 0x0010, 0x0010, 0x0005, 0x0010);
	TP(RC_P1(0x092), 0x0023, 0x0010, 0x001C, 0x000B, 0x0003, 0x0010);
	TP(RC_P1(0x08C), 0x0023, 0x0010, 0x0010, 0x0003, 0x0007, 0x000B);
	return true;
}

/* ---- HMAC sessions: TPM2_StartAuthSession, HMAC authorization ---- */

/*
 * The contract of TPM2_StartAuthSession, of command and response HMACs
 * (TPM 2.0 Part 1, "Session-based Authorization") and of session contexts.
 * Every sessionKey, cpHash, rpHash and HMAC the engine must produce is
 * computed here with OpenSSL and a KDFa of the test's own, never with the
 * engine's functions; the codes are the test's own numbers.
 */
#define T_CC_CLOCK_SET			0x0128
#define T_CC_PCR_EVENT			0x013C
#define T_CC_START_AUTH_SESSION		0x0176
#define T_CC_GET_RANDOM			0x017B
#define T_CC_PCR_EXTEND			0x0182

/* TPM_SE */
#define T_SE_HMAC			0x00
#define T_SE_POLICY			0x01
#define T_SE_TRIAL			0x03

#define T_ALG_SHA1			0x0004
#define T_ALG_AES			0x0006
#define T_ALG_XOR			0x000A
#define T_ALG_SHA256			0x000B
#define T_ALG_SHA384			0x000C
#define T_ALG_SHA512			0x000D
#define T_ALG_NULL			0x0010
#define T_ALG_SM3_256			0x0012
#define T_ALG_CTR			0x0040
#define T_ALG_OFB			0x0041
#define T_ALG_CBC			0x0042
#define T_ALG_CFB			0x0043
#define T_ALG_ECB			0x0044

/* TPMA_SESSION */
#define T_SA_CONTINUE			0x01
#define T_SA_AUDIT_EXCLUSIVE		0x02
#define T_SA_AUDIT_RESET		0x04
#define T_SA_DECRYPT			0x20
#define T_SA_ENCRYPT			0x40
#define T_SA_AUDIT			0x80

/* TPM_HT_HMAC_SESSION = TPM_HT_LOADED_SESSION, TPM_HT_POLICY_SESSION */
#define T_HMAC_FIRST			0x02000000
#define T_POLICY_FIRST			0x03000000
/* TPM_HT_SAVED_SESSION, for TPM_CAP_HANDLES */
#define T_SAVED_FIRST			0x03000000
#define T_MAX_ACTIVE			64
#define T_MAX_LOADED			3
#define T_RS_PW				0x40000009
#define T_RH_LOCKOUT			0x4000000A

#define T_RC_ATTRIBUTES			0x082
#define T_RC_HASH			0x083
#define T_RC_VALUE			0x084
#define T_RC_KEY_SIZE			0x087
#define T_RC_HANDLE			0x08B
#define T_RC_AUTH_FAIL			0x08E
#define T_RC_SIZE			0x095
#define T_RC_SYMMETRIC			0x096
#define T_RC_KEY			0x09C
#define T_RC_SESSION_MEMORY		0x903
#define T_RC_SESSION_HANDLES		0x905
#define T_RC_REFERENCE_S0		0x918

#define T_PT_HR_LOADED_MIN		0x110
#define T_PT_ACTIVE_SESSIONS_MAX	0x111
#define T_PT_CONTEXT_GAP_MAX		0x114
#define T_PT_MAX_SESSION_CONTEXT	0x122
#define T_PT_HR_LOADED			0x203
#define T_PT_HR_LOADED_AVAIL		0x204
#define T_PT_HR_ACTIVE			0x205
#define T_PT_HR_ACTIVE_AVAIL		0x206

/* The numbers of the contract */
static_assert(RC_H(T_RC_KEY, 1) == 0x19C);
static_assert(RC_H(T_RC_HANDLE, 1) == 0x18B);
static_assert(RC_H(T_RC_HANDLE, 2) == 0x28B);
static_assert(RC_H(T_RC_VALUE, 2) == 0x284);
static_assert(T_RC_REFERENCE_H0 + 1 == 0x911);
static_assert(RC_P(T_RC_SIZE, 1) == 0x1D5);
static_assert(RC_P(T_RC_VALUE, 2) == 0x2C4);
static_assert(RC_P(T_RC_VALUE, 3) == 0x3C4);
static_assert(RC_P(T_RC_SYMMETRIC, 4) == 0x4D6);
static_assert(RC_P(T_RC_KEY_SIZE, 4) == 0x4C7);
static_assert(RC_P(T_RC_MODE, 4) == 0x4C9);
static_assert(RC_P(T_RC_HASH, 4) == 0x4C3);
static_assert(RC_P(T_RC_HASH, 5) == 0x5C3);
static_assert(RC_P(T_RC_HANDLE, 1) == 0x1CB);
static_assert(RC_P(T_RC_INTEGRITY, 1) == 0x1DF);
static_assert(RC_S(T_RC_AUTH_FAIL, 1) == 0x98E);
static_assert(RC_S(T_RC_SYMMETRIC, 1) == 0x996);
static_assert(RC_S(T_RC_ATTRIBUTES, 1) == 0x982);
static_assert(RC_S(T_RC_HANDLE, 1) == 0x98B);
static_assert(RC_S(T_RC_HANDLE, 2) == 0xA8B);

/* Bytes for nonces: reproducible, apart from the fuzzing's sequence */
static u8 nonce_byte(void)
{
	static u64 state = 0x6A09E667F3BCC908ULL;

	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (u8)(state >> 32);
}

/* Digest sizes of SHA-1, SHA-256, SHA-384, SHA-512 (md_names order) */
static const u16 t_digest_size[4] = { 20, 32, 48, 64 };

static void model_hmac(unsigned int md, const u8 *key, size_t key_size,
		       const u8 *msg, size_t n, u8 *out)
{
	static const u8 no_key[1];
	unsigned int len = 0;

	if (!HMAC(EVP_get_digestbyname(md_names[md]),
		  key_size ? key : no_key, (int)key_size, msg, n, out, &len) ||
	    len != t_digest_size[md])
		memset(out, 0, 64);
}

/*
 * KDFa of TPM 2.0 Part 1 (SP 800-108 in counter mode): the blocks
 * HMAC(key, counter || label || 0x00 || contextU || contextV || bits) for
 * counter = 1, 2, ..., concatenated and cut to @bytes.
 */
static void model_kdfa(unsigned int md, const u8 *key, u16 key_size,
		       const char *label, const u8 *u, u16 u_size,
		       const u8 *v, u16 v_size, u16 bytes, u8 *out)
{
	size_t label_size = strlen(label) + 1;
	u8 msg[4 + 32 + 64 + 64 + 4], block[64];
	u32 counter = 1, at;
	u16 done = 0, n;

	while (done < bytes) {
		put_unaligned_be32(counter++, msg);
		at = 4;
		memcpy(msg + at, label, label_size);
		at += label_size;
		memcpy(msg + at, u, u_size);
		at += u_size;
		memcpy(msg + at, v, v_size);
		at += v_size;
		put_unaligned_be32((u32)bytes * 8, msg + at);
		at += 4;
		model_hmac(md, key, key_size, msg, at, block);
		n = min_t(u16, bytes - done, t_digest_size[md]);
		memcpy(out + done, block, n);
		done += n;
	}
}

/* An authValue's size without its trailing zeros (TPM 2.0 Part 1) */
static u16 auth_size(struct pw p)
{
	u16 n = p.n;

	while (n && !p.p[n - 1])
		n--;
	return n;
}

/* What the test knows of a session it started */
struct hsess {
	u32 handle;
	unsigned int md;	/* authHash, as an index of md_names */
	u16 size;		/* its digest size */
	u8 nonce_tpm[64];	/* the TPM's latest nonce */
	u16 key_size;
	u8 key[64];		/* sessionKey */
	u32 bind;
	u16 bind_auth_size;
	u8 bind_auth[64];
};

/* The inputs of TPM2_StartAuthSession */
struct sas_in {
	u32 tpm_key;
	u32 bind;
	u16 nonce_size;
	u16 salt_size;
	u8 type;
	u8 n_sym;		/* u16s of TPMT_SYM_DEF in sym */
	u16 sym[3];
	u16 hash;
	u8 nonce[64];		/* nonceCaller, chosen by start_session() */
};

static struct sas_in sas_default(u16 hash)
{
	return (struct sas_in){
		.tpm_key = TPM2E_RH_NULL,
		.bind = TPM2E_RH_NULL,
		.nonce_size = 16,
		.type = T_SE_HMAC,
		.n_sym = 1,
		.sym = { T_ALG_NULL },
		.hash = hash,
	};
}

static u32 start_session(struct sas_in *in)
{
	struct cmdbuf c;
	u32 i;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_START_AUTH_SESSION);
	cb_u32(&c, in->tpm_key);
	cb_u32(&c, in->bind);
	cb_u16(&c, in->nonce_size);
	for (i = 0; i < in->nonce_size; i++) {
		u8 b = nonce_byte();

		if (i < sizeof(in->nonce))
			in->nonce[i] = b;
		cb_u8(&c, b);
	}
	cb_u16(&c, in->salt_size);
	for (i = 0; i < in->salt_size; i++)
		cb_u8(&c, (u8)(i + 1));
	cb_u8(&c, in->type);
	for (i = 0; i < in->n_sym; i++)
		cb_u16(&c, in->sym[i]);
	cb_u16(&c, in->hash);
	return exec_cb(&c);
}

/*
 * A session of @hash bound to @bind, whose authValue is @auth (as given to
 * HashSequenceStart, trailing zeros and all), with a nonceCaller of
 * @nonce_size bytes. The handle and nonceTPM are checked, and the
 * sessionKey is computed here:
 *   KDFa(authHash, authValue, "ATH", nonceTPM, nonceCaller, digest bits)
 * or empty for an unbound session.
 */
static bool sess_start_n(struct hsess *s, u16 hash, u32 bind, struct pw auth,
			 u16 nonce_size)
{
	struct sas_in in = sas_default(hash);
	u16 n;

	memset(s, 0, sizeof(*s));
	in.bind = bind;
	in.nonce_size = nonce_size;
	s->md = alg_index(hash);
	s->size = t_digest_size[s->md];
	EXPECT_RC(start_session(&in), 0);
	EXPECT(get_unaligned_be16(rsp) == TPM2E_ST_NO_SESSIONS &&
	       rsp_len == 16u + s->size &&
	       get_unaligned_be16(rsp + 14) == s->size,
	       "StartAuthSession(%#x): length %zu, nonceTPM of %u bytes",
	       hash, rsp_len, get_unaligned_be16(rsp + 14));
	s->handle = get_unaligned_be32(rsp + 10);
	EXPECT(s->handle >= T_HMAC_FIRST &&
	       s->handle < T_HMAC_FIRST + T_MAX_ACTIVE,
	       "StartAuthSession(%#x): handle %#x", hash, s->handle);
	memcpy(s->nonce_tpm, rsp + 16, s->size);
	s->bind = bind;
	if (bind == TPM2E_RH_NULL)
		return true;
	n = auth_size(auth);
	if (n)
		memcpy(s->bind_auth, auth.p, n);
	s->bind_auth_size = n;
	s->key_size = s->size;
	model_kdfa(s->md, s->bind_auth, n, "ATH", s->nonce_tpm, s->size,
		   in.nonce, nonce_size, s->size, s->key);
	return true;
}

static bool sess_start(struct hsess *s, u16 hash, u32 bind, struct pw auth)
{
	return sess_start_n(s, hash, bind, auth,
			    t_digest_size[alg_index(hash)]);
}

/* The HMAC key of a session: as the contract says, or forced */
enum { KEY_MODEL, KEY_SESSION, KEY_WITH_AUTH };

/* What run() gets wrong on purpose in the command HMACs */
#define LIE_PARAMS	BIT(0)	/* cpHash over a changed parameter byte */
#define LIE_CC		BIT(1)	/* ... over another command code */
#define LIE_HANDLE	BIT(2)	/* ... over another first handle */
#define LIE_ATTRS	BIT(3)	/* the HMAC over other attributes */
#define LIE_NONCE	BIT(4)	/* ... over another nonceCaller */

/* One session of a command's authorization area */
struct sa {
	struct hsess *s;	/* NULL: a password session */
	struct pw auth;		/* the entity's authValue, or the password */
	u8 attrs;
	u8 key;			/* KEY_* */
	u8 flip;		/* XORed into the HMAC's last byte */
	s8 hmac_delta;		/* bytes more (or fewer) than the digest */
	u16 nonce_size;		/* nonceCaller; 0 for the digest size */
	u32 handle;		/* another session handle to send */
	const u8 *nonce_tpm;	/* another nonceTPM for the HMAC */
	u8 nonce[64];		/* nonceCaller, chosen by run() */
};

/* A command with an authorization area */
struct acmd {
	u32 cc;
	u32 n_handles;
	u32 handles[2];
	u16 name_size[2];	/* the handles' Names, for cpHash */
	u8 names[2][66];
	u32 n_sessions;
	struct sa sa[3];
	u32 lie;		/* LIE_* */
	u8 locality;
	u32 len;
	u8 params[1100];
};

static void ac_start(struct acmd *a, u32 cc)
{
	memset(a, 0, sizeof(*a));
	a->cc = cc;
}

/*
 * A handle and its Name: a PCR's or a hierarchy's is its handle, a sequence
 * object's (the only transient objects but keys) the empty buffer.
 */
static void ac_handle(struct acmd *a, u32 h)
{
	u32 i = a->n_handles++;

	a->handles[i] = h;
	a->name_size[i] = (h >> 24) == 0x80 ? 0 : 4;
	put_unaligned_be32(h, a->names[i]);
}

/* A handle whose Name is given: a key object's nameAlg || digest */
static void ac_handle_name(struct acmd *a, u32 h, const u8 *name, u16 n)
{
	u32 i = a->n_handles++;

	a->handles[i] = h;
	a->name_size[i] = n;
	memcpy(a->names[i], name, n);
}

static struct sa *ac_hmac(struct acmd *a, struct hsess *s, struct pw auth)
{
	struct sa *sa = &a->sa[a->n_sessions++];

	sa->s = s;
	sa->auth = auth;
	sa->attrs = T_SA_CONTINUE;
	return sa;
}

static struct sa *ac_pw(struct acmd *a, struct pw pw)
{
	struct sa *sa = &a->sa[a->n_sessions++];

	sa->auth = pw;
	return sa;
}

static void ac_u16(struct acmd *a, u16 v)
{
	put_unaligned_be16(v, a->params + a->len);
	a->len += 2;
}

static void ac_u32(struct acmd *a, u32 v)
{
	put_unaligned_be32(v, a->params + a->len);
	a->len += 4;
}

static void ac_tpm2b(struct acmd *a, const u8 *p, u16 n)
{
	ac_u16(a, n);
	if (n)
		memcpy(a->params + a->len, p, n);
	a->len += n;
}

/* cpHash = H(commandCode || Name of each handle || parameters) */
static void model_cphash(unsigned int md, const struct acmd *a, u8 *out)
{
	static u8 buf[4 + 2 * 66 + sizeof(a->params)];
	u32 at = 4, i;

	put_unaligned_be32(a->lie & LIE_CC ? a->cc ^ 1 : a->cc, buf);
	for (i = 0; i < a->n_handles; i++) {
		memcpy(buf + at, a->names[i], a->name_size[i]);
		at += a->name_size[i];
		if (!i && a->name_size[i] && (a->lie & LIE_HANDLE))
			buf[at - 1] ^= 1;
	}
	memcpy(buf + at, a->params, a->len);
	if (a->len && (a->lie & LIE_PARAMS))
		buf[at + a->len - 1] ^= 1;
	ossl_digest(md, buf, at + a->len, out);
}

/* rpHash = H(responseCode (0) || commandCode || response parameters) */
static void model_rphash(unsigned int md, u32 cc, const u8 *params, u32 n,
			 u8 *out)
{
	static u8 buf[8 + RSP_MAX];

	put_unaligned_be32(0, buf);
	put_unaligned_be32(cc, buf + 4);
	memcpy(buf + 8, params, n);
	ossl_digest(md, buf, 8 + n, out);
}

/*
 * Is the session bound to the entity @handle it authorizes: @handle is the
 * bind entity and its authValue is still the one the session started with.
 */
static bool model_bound(const struct sa *sa, u32 handle)
{
	const struct hsess *s = sa->s;
	u16 n = auth_size(sa->auth);

	return s->bind == handle && n == s->bind_auth_size &&
	       (!n || !memcmp(s->bind_auth, sa->auth.p, n));
}

/* The HMAC key: sessionKey || authValue, the authValue left out if bound */
static u16 model_key(const struct sa *sa, u32 handle, u8 *key)
{
	const struct hsess *s = sa->s;
	bool with_auth = sa->key == KEY_WITH_AUTH ||
			 (sa->key == KEY_MODEL && !model_bound(sa, handle));
	u16 n = s->key_size, m = auth_size(sa->auth);

	memcpy(key, s->key, n);
	if (with_auth && m) {
		memcpy(key + n, sa->auth.p, m);
		n += m;
	}
	return n;
}

/* HMAC(key, pHash || newer nonce || older nonce || sessionAttributes) */
static void model_session_hmac(const struct hsess *s, const u8 *key,
			       u16 key_size, const u8 *phash,
			       const u8 *newer, u16 newer_size,
			       const u8 *older, u16 older_size, u8 attrs,
			       u8 *out)
{
	u8 msg[3 * 64 + 1];
	u32 at = s->size;

	memcpy(msg, phash, s->size);
	memcpy(msg + at, newer, newer_size);
	at += newer_size;
	memcpy(msg + at, older, older_size);
	at += older_size;
	msg[at++] = attrs;
	model_hmac(s->md, key, key_size, msg, at, out);
}

/* The handle session @i authorizes, or one no session is bound to */
static u32 authorized_handle(const struct acmd *a, u32 i)
{
	return i < a->n_handles ? a->handles[i] : 0xFFFFFFFF;
}

/* Send @a, every HMAC session's HMAC computed here (and lied about) */
static u32 run(struct acmd *a)
{
	u8 cp[64], key[128], mac[65], nonce[64];
	struct cmdbuf c;
	u32 i, j, size_at;

	cb_start(&c, TPM2E_ST_SESSIONS, a->cc);
	for (i = 0; i < a->n_handles; i++)
		cb_u32(&c, a->handles[i]);
	size_at = c.len;
	cb_u32(&c, 0);
	for (i = 0; i < a->n_sessions; i++) {
		struct sa *sa = &a->sa[i];
		struct hsess *s = sa->s;
		u16 key_size;

		if (!s) {
			cb_u32(&c, sa->handle ? sa->handle : T_RS_PW);
			cb_u16(&c, 0);
			cb_u8(&c, sa->attrs);
			cb_tpm2b(&c, sa->auth.p, sa->auth.n);
			continue;
		}
		if (!sa->nonce_size)
			sa->nonce_size = s->size;
		for (j = 0; j < sa->nonce_size; j++)
			sa->nonce[j] = nonce_byte();
		memcpy(nonce, sa->nonce, sa->nonce_size);
		if (a->lie & LIE_NONCE)
			nonce[0] ^= 1;
		model_cphash(s->md, a, cp);
		key_size = model_key(sa, authorized_handle(a, i), key);
		memset(mac, 0, sizeof(mac));
		model_session_hmac(s, key, key_size, cp, nonce, sa->nonce_size,
				   sa->nonce_tpm ? sa->nonce_tpm : s->nonce_tpm,
				   s->size, sa->attrs ^ (a->lie & LIE_ATTRS ?
							 T_SA_CONTINUE : 0),
				   mac);
		mac[s->size - 1] ^= sa->flip;
		cb_u32(&c, sa->handle ? sa->handle : s->handle);
		cb_tpm2b(&c, sa->nonce, sa->nonce_size);
		cb_u8(&c, sa->attrs);
		cb_tpm2b(&c, mac, s->size + sa->hmac_delta);
	}
	put_unaligned_be32(c.len - size_at - 4, c.b + size_at);
	cb_bytes(&c, a->params, a->len);
	return exec_cb_loc(&c, a->locality);
}

/*
 * The response to run(@a): its parameters, then one entry per session. A
 * password's is empty with continueSession; an HMAC session's has a new
 * nonceTPM, the attributes sent, and
 *   HMAC(key, rpHash || nonceTPM || nonceCaller || sessionAttributes).
 * The sessions take their new nonceTPM.
 */
static bool check_auth_rsp(struct acmd *a)
{
	u8 rp[64], key[128], mac[64];
	const u8 *params, *nonce;
	u32 at, size, i;

	EXPECT(rsp_len >= 14 && get_unaligned_be16(rsp) == TPM2E_ST_SESSIONS,
	       "command %#x: response tag %#x, length %zu", a->cc,
	       get_unaligned_be16(rsp), rsp_len);
	size = get_unaligned_be32(rsp + 10);
	EXPECT(14 + size <= rsp_len, "command %#x: parameterSize %u of %zu",
	       a->cc, size, rsp_len);
	params = rsp + 14;
	at = 14 + size;
	for (i = 0; i < a->n_sessions; i++) {
		struct sa *sa = &a->sa[i];
		struct hsess *s = sa->s;
		u16 key_size;

		if (!s) {
			EXPECT(at + 5 <= rsp_len &&
			       !memcmp(rsp + at, "\0\0\x01\0\0", 5),
			       "command %#x: session %u: password entry",
			       a->cc, i + 1);
			at += 5;
			continue;
		}
		EXPECT(at + 5u + 2 * s->size <= rsp_len &&
		       get_unaligned_be16(rsp + at) == s->size,
		       "command %#x: session %u: nonceTPM of %u bytes", a->cc,
		       i + 1, get_unaligned_be16(rsp + at));
		nonce = rsp + at + 2;
		EXPECT(memcmp(nonce, s->nonce_tpm, s->size),
		       "command %#x: session %u: the same nonceTPM again",
		       a->cc, i + 1);
		at += 2 + s->size;
		EXPECT(rsp[at] == sa->attrs,
		       "command %#x: session %u: attributes %#x, sent %#x",
		       a->cc, i + 1, rsp[at], sa->attrs);
		at++;
		EXPECT(get_unaligned_be16(rsp + at) == s->size,
		       "command %#x: session %u: HMAC of %u bytes", a->cc,
		       i + 1, get_unaligned_be16(rsp + at));
		at += 2;
		model_rphash(s->md, a->cc, params, size, rp);
		key_size = model_key(sa, authorized_handle(a, i), key);
		model_session_hmac(s, key, key_size, rp, nonce, s->size,
				   sa->nonce, sa->nonce_size, sa->attrs, mac);
		EXPECT(!memcmp(rsp + at, mac, s->size),
		       "command %#x: session %u: the response HMAC differs",
		       a->cc, i + 1);
		memcpy(s->nonce_tpm, nonce, s->size);
		at += s->size;
	}
	EXPECT(at == rsp_len, "command %#x: %zu bytes, the sessions end at %u",
	       a->cc, rsp_len, at);
	return true;
}

static bool run_ok(struct acmd *a)
{
	u32 rc = run(a);

	EXPECT(!rc, "command %#x: rc %#x", a->cc, rc);
	return rsp_ok() && check_auth_rsp(a);
}

static bool run_rc(struct acmd *a, u32 want)
{
	u32 rc = run(a);

	EXPECT(rc == want, "command %#x: rc %#x, want %#x", a->cc, rc, want);
	return rsp_ok();
}

/* PCR_Extend of @pcr with one SHA-256 digest of @fill bytes */
static struct sa *ac_extend(struct acmd *a, u32 pcr, struct hsess *s,
			    u8 fill)
{
	struct sa *sa;

	ac_start(a, T_CC_PCR_EXTEND);
	ac_handle(a, pcr);
	sa = ac_hmac(a, s, NO_PW);
	ac_u32(a, 1);
	ac_u16(a, T_ALG_SHA256);
	memset(a->params + a->len, fill, 32);
	a->len += 32;
	return sa;
}

/* SequenceUpdate of @h with @n bytes of seq_data from @at */
static struct sa *ac_update(struct acmd *a, u32 h, struct hsess *s,
			    struct pw auth, u32 at, u16 n)
{
	struct sa *sa;

	ac_start(a, T_CC_SEQUENCE_UPDATE);
	ac_handle(a, h);
	sa = ac_hmac(a, s, auth);
	ac_tpm2b(a, seq_data + at, n);
	return sa;
}

/* The loaded and the saved sessions, as GetCapability lists them */
static bool cap_sessions(u32 first, const u32 *want, u32 n)
{
	u32 sorted[T_MAX_ACTIVE], i;

	if (n)
		memcpy(sorted, want, n * sizeof(*want));
	sort_u32(sorted, n);
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, first, 100), 0);
	EXPECT(rsp_len == 19 + 4 * n && rsp[10] == 0 &&
	       get_unaligned_be32(rsp + 15) == n,
	       "%#x: %u handles listed (length %zu, more %u), want %u", first,
	       get_unaligned_be32(rsp + 15), rsp_len, rsp[10], n);
	for (i = 0; i < n; i++)
		EXPECT(get_unaligned_be32(rsp + 19 + 4 * i) == sorted[i],
		       "%#x: handle %u is %#x, want %#x", first, i,
		       get_unaligned_be32(rsp + 19 + 4 * i), sorted[i]);
	return true;
}

/*
 * Exactly these sessions are loaded and saved: TPM_CAP_HANDLES of
 * TPM_HT_LOADED_SESSION and TPM_HT_SAVED_SESSION list them, and
 * TPM_PT_HR_LOADED, _LOADED_AVAIL, _ACTIVE, _ACTIVE_AVAIL count them.
 */
static bool sessions_are(const u32 *loaded, u32 nl, const u32 *saved, u32 ns)
{
	static const u32 pts[4] = {
		T_PT_HR_LOADED, T_PT_HR_LOADED_AVAIL, T_PT_HR_ACTIVE,
		T_PT_HR_ACTIVE_AVAIL,
	};
	u32 want[4], i;

	if (!cap_sessions(T_HMAC_FIRST, loaded, nl))
		return fail_in("loaded sessions");
	if (!cap_sessions(T_SAVED_FIRST, saved, ns))
		return fail_in("saved sessions");
	want[0] = nl;
	want[1] = min_t(u32, T_MAX_LOADED - nl, T_MAX_ACTIVE - nl - ns);
	want[2] = nl + ns;
	want[3] = T_MAX_ACTIVE - nl - ns;
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, T_PT_HR_LOADED, 4), 0);
	EXPECT(rsp_len == 19 + 4 * 8 && get_unaligned_be32(rsp + 15) == 4,
	       "HR_LOADED..HR_ACTIVE_AVAIL: length %zu", rsp_len);
	for (i = 0; i < 4; i++) {
		EXPECT(get_unaligned_be32(rsp + 19 + 8 * i) == pts[i],
		       "property %u is %#x", i,
		       get_unaligned_be32(rsp + 19 + 8 * i));
		EXPECT(get_unaligned_be32(rsp + 23 + 8 * i) == want[i],
		       "property %#x = %u, want %u (%u loaded, %u saved)",
		       pts[i], get_unaligned_be32(rsp + 23 + 8 * i), want[i],
		       nl, ns);
	}
	return true;
}

static bool no_sessions(void)
{
	return sessions_are(NULL, 0, NULL, 0);
}

static bool only_loaded(const struct hsess *s)
{
	return sessions_are(&s->handle, 1, NULL, 0);
}

static bool only_saved(const struct hsess *s)
{
	return sessions_are(NULL, 0, &s->handle, 1);
}

/* Largest contextBlob of a session (TPM_PT_MAX_SESSION_CONTEXT) */
#define T_MAX_SESSION_CONTEXT		512

/* ContextSave of a session: its savedHandle, hierarchy and blob size */
static bool sess_save(const struct hsess *s, struct saved_ctx *c)
{
	if (!save_ok(s->handle, c))
		return fail_in("ContextSave(%#x)", s->handle);
	EXPECT(c->handle == s->handle && c->hierarchy == TPM2E_RH_NULL,
	       "ContextSave(%#x): savedHandle %#x, hierarchy %#x", s->handle,
	       c->handle, c->hierarchy);
	EXPECT(c->size && c->size <= T_MAX_SESSION_CONTEXT,
	       "ContextSave(%#x): a contextBlob of %u bytes", s->handle,
	       c->size);
	return true;
}

/* ContextLoad of a session's context: it is the same session handle */
static bool sess_load(const struct hsess *s, const struct saved_ctx *c)
{
	u32 h = 0;

	EXPECT_RC(context_load(c, &h), 0);
	EXPECT(rsp_len == 14 && h == s->handle,
	       "ContextLoad: handle %#x, length %zu, want handle %#x", h,
	       rsp_len, s->handle);
	return true;
}

/* TPML_DIGEST_VALUES of PCR_Event or EventSequenceComplete, any sessions */
static bool digests_in_rsp(const u8 *all, size_t n, u8 digests[4][64])
{
	u32 at = 18, i;

	EXPECT(rsp_len >= 18 && get_unaligned_be32(rsp + 14) == 4,
	       "digest count %u, length %zu", get_unaligned_be32(rsp + 14),
	       rsp_len);
	for (i = 0; i < 4; i++) {
		u32 size = t_digest_size[i];

		EXPECT(at + 2 + size <= rsp_len &&
		       get_unaligned_be16(rsp + at) == bank_algs[i],
		       "digest %u: alg %#x", i, get_unaligned_be16(rsp + at));
		ossl_digest(i, all, n, digests[i]);
		EXPECT(!memcmp(rsp + at + 2, digests[i], size),
		       "%#x digest of %zu bytes differs", bank_algs[i], n);
		at += 2 + size;
	}
	EXPECT(get_unaligned_be32(rsp + 10) == at - 14, "parameterSize %u",
	       get_unaligned_be32(rsp + 10));
	return true;
}

/* SequenceComplete's results, any sessions */
static bool seq_out_in_rsp(struct seq_out *o)
{
	u32 at;

	EXPECT(rsp_len >= 16, "SequenceComplete length %zu", rsp_len);
	o->size = get_unaligned_be16(rsp + 14);
	at = 16 + o->size;
	EXPECT(o->size <= 64 && at + 8 <= rsp_len, "result of %u bytes",
	       o->size);
	memcpy(o->digest, rsp + 16, o->size);
	o->tag = get_unaligned_be16(rsp + at);
	o->hierarchy = get_unaligned_be32(rsp + at + 2);
	o->ticket_size = get_unaligned_be16(rsp + at + 6);
	at += 8;
	EXPECT(o->ticket_size <= 64 && at + o->ticket_size <= rsp_len,
	       "ticket of %u bytes", o->ticket_size);
	memcpy(o->ticket, rsp + at, o->ticket_size);
	EXPECT(get_unaligned_be32(rsp + 10) == at + o->ticket_size - 14,
	       "parameterSize %u", get_unaligned_be32(rsp + 10));
	return true;
}

static bool test_sess_start(void)
{
	static const u16 nonce_sizes[4] = { 16, 64, 33, 48 };
	u8 pcr[64] = { 0 }, prev[64] = { 0 };
	struct hsess s, t[3];
	struct acmd a;
	u32 handles[3], i, j;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!no_sessions())
		return false;
	for (i = 0; i < 4; i++) {
		u16 alg = bank_algs[i];

		if (!sess_start_n(&s, alg, TPM2E_RH_NULL, NO_PW,
				  nonce_sizes[i]))
			return fail_in("authHash %#x", alg);
		EXPECT(memcmp(s.nonce_tpm, prev, s.size),
		       "authHash %#x: the nonceTPM of the session before", alg);
		memcpy(prev, s.nonce_tpm, sizeof(prev));
		if (!only_loaded(&s))
			return fail_in("authHash %#x started", alg);
		for (j = 0; j < 3; j++) {
			u8 fill = (u8)(i * 3 + j);

			ac_extend(&a, 16, &s, fill);
			if (!run_ok(&a))
				return fail_in("authHash %#x, PCR_Extend %u",
					       alg, j);
			model_extend(TPM2E_ALG_SHA256, pcr, fill);
		}
		if (!pcr_is(TPM2E_ALG_SHA256, 16, pcr))
			return fail_in("authHash %#x", alg);
		EXPECT_RC(flush_context(s.handle), 0);
		if (!no_sessions())
			return fail_in("authHash %#x flushed", alg);
	}
	/* three at once: three handles, three nonces */
	for (i = 0; i < 3; i++) {
		if (!sess_start(&t[i], bank_algs[3 - i], TPM2E_RH_NULL, NO_PW))
			return fail_in("session %u of 3", i);
		handles[i] = t[i].handle;
		for (j = 0; j < i; j++)
			EXPECT(t[i].handle != t[j].handle &&
			       memcmp(t[i].nonce_tpm, t[j].nonce_tpm, 20),
			       "sessions %u and %u: handle %#x, %#x", j, i,
			       t[j].handle, t[i].handle);
	}
	if (!sessions_are(handles, 3, NULL, 0))
		return false;
	/* listed a page at a time */
	sort_u32(handles, 3);
	for (i = 0; i < 3; i++) {
		EXPECT_RC(get_cap(TPM2E_CAP_HANDLES,
				  i ? handles[i - 1] + 1 : T_HMAC_FIRST, 1), 0);
		EXPECT(rsp_len == 23 && get_unaligned_be32(rsp + 15) == 1 &&
		       get_unaligned_be32(rsp + 19) == handles[i] &&
		       rsp[10] == (i < 2),
		       "page %u: %u handles, first %#x, more %u", i,
		       get_unaligned_be32(rsp + 15),
		       get_unaligned_be32(rsp + 19), rsp[10]);
	}
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, handles[2] + 1, 5), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "past the last session");
	EXPECT_RC(get_cap(TPM2E_CAP_HANDLES, T_SAVED_FIRST, 5), 0);
	EXPECT(rsp_len == 19 && rsp[10] == 0, "saved sessions listed");
	/* used in turn, each with its own nonces */
	for (j = 0; j < 6; j++) {
		ac_extend(&a, 16, &t[j % 3], (u8)(0x40 + j));
		if (!run_ok(&a))
			return fail_in("session %u, command %u", j % 3, j);
		model_extend(TPM2E_ALG_SHA256, pcr, (u8)(0x40 + j));
	}
	for (i = 0; i < 3; i++)
		EXPECT_RC(flush_context(t[i].handle), 0);
	return no_sessions() && pcr_is(TPM2E_ALG_SHA256, 16, pcr);
}

/* PCR_Event, ClockSet, SequenceUpdate, SequenceComplete: each authHash */
static bool test_sess_commands(void)
{
	u8 pcr[3][64] = { { 0 } }, dig[4][64];
	u64 clock = 5000000;
	struct time_info t;
	struct seq_out o;
	struct hsess s;
	struct acmd a;
	u32 i, b, h;

	fill_seq_data(81);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++) {
		u16 alg = bank_algs[i];

		if (!sess_start(&s, alg, TPM2E_RH_NULL, NO_PW))
			return false;
		/* the response HMAC covers the digests PCR_Event returns */
		ac_start(&a, T_CC_PCR_EVENT);
		ac_handle(&a, 16);
		ac_hmac(&a, &s, NO_PW);
		ac_tpm2b(&a, seq_data + i, 200 + i);
		if (!run_ok(&a) || !digests_in_rsp(seq_data + i, 200 + i, dig))
			return fail_in("PCR_Event, authHash %#x", alg);
		for (b = 0; b < 3; b++) {
			model_extend_digest(b, pcr[b], dig[b]);
			if (!pcr_is(bank_algs[b], 16, pcr[b]))
				return fail_in("PCR_Event, authHash %#x", alg);
		}

		ac_start(&a, T_CC_CLOCK_SET);
		ac_handle(&a, i % 2 ? TPM2E_RH_PLATFORM : TPM2E_RH_OWNER);
		ac_hmac(&a, &s, NO_PW);
		clock += 1000000;
		ac_u32(&a, (u32)(clock >> 32));
		ac_u32(&a, (u32)clock);
		if (!run_ok(&a) || !read_clock(&t))
			return fail_in("ClockSet, authHash %#x", alg);
		EXPECT(t.clock >= clock && t.clock < clock + 60000,
		       "ClockSet, authHash %#x: clock %llu, set %llu", alg,
		       (unsigned long long)t.clock, (unsigned long long)clock);

		/* a sequence's authValue "seq" goes into the HMAC key */
		if (!start_ok(PW("seq\0"), alg, &h))
			return false;
		ac_update(&a, h, &s, PW("seq"), 0, 100);
		if (!run_ok(&a))
			return fail_in("SequenceUpdate, authHash %#x", alg);
		ac_update(&a, h, &s, PW("seq\0\0"), 100, 1024);
		if (!run_ok(&a))
			return fail_in("SequenceUpdate, authHash %#x", alg);
		ac_start(&a, T_CC_SEQUENCE_COMPLETE);
		ac_handle(&a, h);
		ac_hmac(&a, &s, PW("seq"));
		ac_tpm2b(&a, seq_data + 1124, 50);
		ac_u32(&a, TPM2E_RH_OWNER);
		if (!run_ok(&a) || !seq_out_in_rsp(&o) ||
		    !check_complete(&o, alg, seq_data, 1174, TPM2E_RH_OWNER,
				    true))
			return fail_in("SequenceComplete, authHash %#x", alg);
		if (!none_loaded() || !only_loaded(&s))
			return fail_in("authHash %#x", alg);
		EXPECT_RC(flush_context(s.handle), 0);
	}
	return no_sessions();
}

static bool test_sess_wrong_hmac(void)
{
	u8 pcr[64] = { 0 }, other[64], stale[64];
	struct hsess s;
	struct acmd a;
	struct sa *sa;
	u32 i, k, h, j;

	fill_seq_data(83);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* for a ClockSet that goes back */
	EXPECT_RC(clock_set(TPM2E_RH_OWNER, 1000000000), 0);
	if (!start_ok(PW("pw"), TPM2E_ALG_SHA256, &h))
		return false;
	for (j = 0; j < sizeof(other); j++)
		other[j] = nonce_byte();
	for (i = 0; i < 4; i++) {
		if (!sess_start(&s, bank_algs[i], TPM2E_RH_NULL, NO_PW))
			return false;
		memcpy(stale, s.nonce_tpm, sizeof(stale));
		for (k = 0; k < 15; k++) {
			u8 fill = (u8)(i * 16 + k);

			sa = ac_extend(&a, 16, &s, fill);
			switch (k) {
			case 0:		/* one bit of the HMAC */
				sa->flip = 1;
				break;
			case 1:		/* and continueSession clear */
				sa->flip = 0x80;
				sa->attrs = 0;
				break;
			case 2:		/* a byte short */
				sa->hmac_delta = -1;
				break;
			case 3:		/* a byte over (or two short) */
				sa->hmac_delta = s.size < 64 ? 1 : -2;
				break;
			case 4:		/* empty, as a wrong password */
				sa->s = NULL;
				sa->auth = PW("x");
				break;
			case 5:		/* another nonceTPM */
				sa->nonce_tpm = other;
				break;
			case 6:		/* the nonceTPM of a response before */
				sa->nonce_tpm = stale;
				break;
			case 7:
				a.lie = LIE_PARAMS;
				break;
			case 8:
				a.lie = LIE_CC;
				break;
			case 9:
				a.lie = LIE_HANDLE;
				break;
			case 10:
				a.lie = LIE_ATTRS;
				break;
			case 11:
				a.lie = LIE_NONCE;
				break;
			case 12:	/* the sequence's authValue wrong */
				ac_update(&a, h, &s, PW("pW"), 0, 10);
				break;
			case 13:	/* ... left out */
				ac_update(&a, h, &s, NO_PW, 0, 10);
				break;
			case 14:	/* ... longer */
				ac_update(&a, h, &s, PW("pw\x01"), 0, 10);
				break;
			}
			if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
				return fail_in("authHash %#x, case %u",
					       bank_algs[i], k);
			/* the session is as it was: its nonceTPM works */
			memcpy(stale, s.nonce_tpm, sizeof(stale));
			ac_extend(&a, 16, &s, fill);
			if (!run_ok(&a))
				return fail_in("authHash %#x, after case %u",
					       bank_algs[i], k);
			model_extend(TPM2E_ALG_SHA256, pcr, fill);
			if (!only_loaded(&s))
				return fail_in("authHash %#x, after case %u",
					       bank_algs[i], k);
		}
		ac_update(&a, h, &s, PW("pw"), 0, 10);
		if (!run_ok(&a))
			return fail_in("authHash %#x, SequenceUpdate",
				       bank_algs[i]);
		/*
		 * Authorized, then refused by the command itself: the session
		 * is unchanged too, even without continueSession.
		 */
		ac_start(&a, T_CC_CLOCK_SET);
		ac_handle(&a, TPM2E_RH_OWNER);
		ac_hmac(&a, &s, NO_PW)->attrs = 0;
		ac_u32(&a, 0);
		ac_u32(&a, 1);
		if (!run_rc(&a, RC_P(T_RC_VALUE, 1)) || !only_loaded(&s))
			return fail_in("authHash %#x, ClockSet back",
				       bank_algs[i]);
		/* ... or by its parameters */
		ac_extend(&a, 16, &s, 0xF1)->attrs = 0;
		put_unaligned_be32(5, a.params);
		if (!run_rc(&a, RC_P(T_RC_SIZE, 1)) || !only_loaded(&s))
			return fail_in("authHash %#x, PCR_Extend of 5 digests",
				       bank_algs[i]);
		ac_extend(&a, 16, &s, 0xF0);
		if (!run_ok(&a))
			return fail_in("authHash %#x, after ClockSet",
				       bank_algs[i]);
		model_extend(TPM2E_ALG_SHA256, pcr, 0xF0);
		if (!pcr_is(TPM2E_ALG_SHA256, 16, pcr))
			return fail_in("authHash %#x", bank_algs[i]);
		EXPECT_RC(flush_context(s.handle), 0);
	}
	return no_sessions();
}

static bool test_sess_continue(void)
{
	u8 pcr[64] = { 0 };
	struct hsess s;
	struct acmd a;
	u32 i, n;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++) {
		u16 alg = bank_algs[i];

		if (!sess_start(&s, alg, i % 2 ? TPM2E_RH_OWNER : TPM2E_RH_NULL,
				NO_PW))
			return false;
		/* rolling nonces: each response's nonceTPM signs the next */
		for (n = 0; n < 40; n++) {
			/* nonceCaller of 16 bytes to the digest size */
			ac_extend(&a, 16, &s, (u8)n)->nonce_size =
				16 + n % (s.size - 15);
			if (!run_ok(&a))
				return fail_in("authHash %#x, command %u", alg,
					       n);
			model_extend(TPM2E_ALG_SHA256, pcr, (u8)n);
		}
		if (!only_loaded(&s))
			return fail_in("authHash %#x", alg);
		/* continueSession clear: answered, then ended */
		ac_extend(&a, 16, &s, 0xEE)->attrs = 0;
		if (!run_ok(&a))
			return fail_in("authHash %#x, the last command", alg);
		model_extend(TPM2E_ALG_SHA256, pcr, 0xEE);
		if (!no_sessions())
			return fail_in("authHash %#x, continueSession clear",
				       alg);
		EXPECT_RC(flush_context(s.handle), RC_P(T_RC_HANDLE, 1));
		EXPECT_RC(context_save(s.handle), T_RC_REFERENCE_H0);
		ac_extend(&a, 16, &s, 1);
		if (!run_rc(&a, T_RC_REFERENCE_S0))
			return fail_in("authHash %#x, used after its end", alg);
	}
	return pcr_is(TPM2E_ALG_SHA256, 16, pcr);
}

static bool test_sess_bound_seq(void)
{
	static u8 long_a[64], long_b[64];
	struct seq_out o;
	struct hsess s;
	struct acmd a;
	struct sa *sa;
	u32 i, ha, hb, hc;

	fill_seq_data(85);
	memset(long_a, 'a', sizeof(long_a));
	memset(long_b, 'b', sizeof(long_b));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++) {
		u16 alg = bank_algs[i];

		if (!start_ok(PW("alpha\0\0"), TPM2E_ALG_SHA256, &ha) ||
		    !start_ok(PW("beta"), TPM2E_ALG_SHA1, &hb))
			return false;
		if (!sess_start(&s, alg, ha, PW("alpha\0\0")))
			return fail_in("authHash %#x, bound to %#x", alg, ha);
		/* on its bind entity the key is the sessionKey alone */
		ac_update(&a, ha, &s, PW("alpha"), 0, 100)->key =
			KEY_WITH_AUTH;
		if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
			return fail_in("authHash %#x, bound, with authValue",
				       alg);
		ac_update(&a, ha, &s, PW("alpha"), 0, 100)->key = KEY_SESSION;
		if (!run_ok(&a))
			return fail_in("authHash %#x, bound", alg);
		/* on another entity, sessionKey || its authValue */
		ac_update(&a, hb, &s, PW("beta"), 0, 50)->key = KEY_SESSION;
		if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
			return fail_in("authHash %#x, other, no authValue",
				       alg);
		ac_update(&a, hb, &s, PW("beta"), 0, 50)->key = KEY_WITH_AUTH;
		if (!run_ok(&a))
			return fail_in("authHash %#x, other entity", alg);
		/* the bind entity completed, the session ended with it */
		ac_start(&a, T_CC_SEQUENCE_COMPLETE);
		ac_handle(&a, ha);
		sa = ac_hmac(&a, &s, PW("alpha"));
		sa->key = KEY_SESSION;
		sa->attrs = 0;
		ac_tpm2b(&a, seq_data + 100, 10);
		ac_u32(&a, TPM2E_RH_NULL);
		if (!run_ok(&a) || !seq_out_in_rsp(&o) ||
		    !check_complete(&o, TPM2E_ALG_SHA256, seq_data, 110,
				    TPM2E_RH_NULL, true))
			return fail_in("authHash %#x, SequenceComplete", alg);
		if (!no_sessions() || !LOADED(hb))
			return fail_in("authHash %#x, after SequenceComplete",
				       alg);
		EXPECT_RC(flush_context(hb), 0);
	}

	/* 64-byte authValues and SHA-512: a key of 128 bytes */
	if (!start_ok(PWN(long_a, 64), TPM2E_ALG_SHA1, &ha) ||
	    !start_ok(PWN(long_b, 64), TPM2E_ALG_SHA1, &hb) ||
	    !sess_start(&s, TPM2E_ALG_SHA512, ha, PWN(long_a, 64)))
		return fail_in("64-byte authValues");
	ac_update(&a, hb, &s, PWN(long_b, 64), 0, 10);
	if (!run_ok(&a))
		return fail_in("64-byte authValues, other entity");
	ac_update(&a, ha, &s, PWN(long_a, 64), 0, 10);
	if (!run_ok(&a))
		return fail_in("64-byte authValues, bound");
	EXPECT_RC(flush_context(s.handle), 0);
	EXPECT_RC(flush_context(ha), 0);
	EXPECT_RC(flush_context(hb), 0);

	/* an empty authValue: KDFa with an empty key */
	if (!start_ok(NO_PW, TPM2E_ALG_SHA1, &ha) ||
	    !sess_start(&s, TPM2E_ALG_SHA384, ha, NO_PW))
		return fail_in("empty authValue");
	ac_update(&a, ha, &s, NO_PW, 0, 10);
	if (!run_ok(&a))
		return fail_in("empty authValue, bound");
	ac_extend(&a, 16, &s, 1);
	if (!run_ok(&a))
		return fail_in("empty authValue, PCR_Extend");
	EXPECT_RC(flush_context(s.handle), 0);
	EXPECT_RC(flush_context(ha), 0);

	/*
	 * The bind entity flushed and its handle given to another sequence:
	 * bound only if that one has the same authValue.
	 */
	if (!start_ok(PW("alpha"), TPM2E_ALG_SHA1, &ha) ||
	    !sess_start(&s, TPM2E_ALG_SHA256, ha, PW("alpha")))
		return false;
	EXPECT_RC(flush_context(ha), 0);
	if (!start_ok(PW("gamma"), TPM2E_ALG_SHA1, &hc))
		return false;
	if (hc == ha) {
		ac_update(&a, hc, &s, PW("gamma"), 0, 10)->key = KEY_SESSION;
		if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
			return fail_in("another authValue on the handle");
		ac_update(&a, hc, &s, PW("gamma"), 0, 10);
		if (!run_ok(&a))
			return fail_in("another authValue on the handle");
	}
	EXPECT_RC(flush_context(hc), 0);
	if (!start_ok(PW("alpha"), TPM2E_ALG_SHA1, &hc))
		return false;
	if (hc == ha) {
		ac_update(&a, hc, &s, PW("alpha"), 0, 10)->key = KEY_WITH_AUTH;
		if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
			return fail_in("the same authValue on the handle");
		ac_update(&a, hc, &s, PW("alpha"), 0, 10);
		if (!run_ok(&a))
			return fail_in("the same authValue on the handle");
	}
	EXPECT_RC(flush_context(hc), 0);
	EXPECT_RC(flush_context(s.handle), 0);
	return no_sessions() && none_loaded();
}

/* Bound to hierarchies and PCRs, whose authValues are empty */
static bool test_sess_bound_entities(void)
{
	static const u32 binds[] = {
		TPM2E_RH_OWNER, TPM2E_RH_ENDORSEMENT, TPM2E_RH_PLATFORM,
		T_RH_LOCKOUT, 0, 16, 23,
	};
	u8 pcr[64] = { 0 };
	struct hsess s, u;
	struct acmd a;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < ARRAY_SIZE(binds); i++) {
		u16 alg = bank_algs[i % 4];
		u8 fill = (u8)(0x10 + i);

		if (!sess_start(&s, alg, binds[i], NO_PW))
			return fail_in("bind %#x", binds[i]);
		/* a PCR: sessionKey || its empty authValue */
		ac_extend(&a, 16, &s, fill);
		if (!run_ok(&a))
			return fail_in("bind %#x, PCR_Extend", binds[i]);
		model_extend(TPM2E_ALG_SHA256, pcr, fill);
		/* the sessionKey is the key: an empty one is refused */
		u = s;
		u.key_size = 0;
		ac_extend(&a, 16, &u, fill);
		/* ... and a session bound to lockoutAuth counts (DA) */
		if (!run_rc(&a, RC_S(binds[i] == T_RH_LOCKOUT ?
				    T_RC_AUTH_FAIL : T_RC_BAD_AUTH, 1)))
			return fail_in("bind %#x, no sessionKey", binds[i]);
		/* the bind entity itself */
		if (binds[i] == TPM2E_RH_OWNER ||
		    binds[i] == TPM2E_RH_PLATFORM) {
			ac_start(&a, T_CC_CLOCK_SET);
			ac_handle(&a, binds[i]);
			ac_hmac(&a, &s, NO_PW);
			ac_u32(&a, 0x100 + i);
			ac_u32(&a, 0);
			if (!run_ok(&a))
				return fail_in("bind %#x, ClockSet", binds[i]);
		}
		EXPECT_RC(flush_context(s.handle), 0);
	}
	return no_sessions() && pcr_is(TPM2E_ALG_SHA256, 16, pcr);
}

static u32 sas_rc(struct sas_in in)
{
	return start_session(&in);
}

static bool test_sess_start_errors(void)
{
	static const u32 bad_binds[] = {
		T_RS_PW, 0x40000002, TPM2E_RH_PLATFORM_NV, 0x40000010,
		0x40000100, 24, 0x02000000, 0x0200003F, 0x03000000,
		0xFFFFFFFF,
	};
	static const u16 nonce_sizes[] = { 0, 1, 15, 65 };
	static const u16 salt_sizes[] = { 1, 32, 512 };
	static const u8 types[] = { 2, 4, 0x80, 0xFF };
	static const u16 bad_syms[] = {
		0x0000, T_ALG_SHA256, 0x0003, 0x0025, 0x0026, T_ALG_CFB,
		0xFFFF,
	};
	static const u16 bad_bits[] = { 0, 64, 192, 512 };
	static const u16 bad_modes[] = {
		T_ALG_CTR, T_ALG_OFB, T_ALG_CBC, T_ALG_ECB, T_ALG_NULL, 0,
		0xFFFF,
	};
	static const u16 bad_hashes[] = {
		T_ALG_NULL, T_ALG_AES, T_ALG_XOR, 0, T_ALG_SM3_256, 0xFFFF,
	};
	struct sas_in in = sas_default(T_ALG_SHA256);
	struct hsess s;
	struct cmdbuf c;
	u32 h, i, j;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("k"), TPM2E_ALG_SHA256, &h) ||
	    !sess_start(&s, T_ALG_SHA1, TPM2E_RH_NULL, NO_PW))
		return false;

	/* tpmKey: no salt without one, none with one, a salt key only */
	in.tpm_key = h;
	EXPECT_RC(sas_rc(in), RC_P(T_RC_VALUE, 2));
	in.salt_size = 32;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_KEY, 1));
	in.salt_size = 0;
	in.tpm_key = 0x80FFFFFF;
	EXPECT_RC(sas_rc(in), T_RC_REFERENCE_H0);
	in.tpm_key = 0x81000000;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_HANDLE, 1));
	in.tpm_key = 0x81800001;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_HANDLE, 1));
	in.tpm_key = TPM2E_RH_OWNER;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_VALUE, 1));
	in.tpm_key = 0;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_VALUE, 1));
	in.tpm_key = s.handle;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_VALUE, 1));

	/* bind */
	in = sas_default(T_ALG_SHA256);
	in.bind = 0x01000000;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_HANDLE, 2));
	in.bind = 0x01C00002;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_HANDLE, 2));
	in.bind = 0x80FFFFFF;
	EXPECT_RC(sas_rc(in), T_RC_REFERENCE_H0 + 1);
	/* a persistent object, as for tpmKey: none is there */
	in.bind = 0x81000000;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_HANDLE, 2));
	for (i = 0; i < ARRAY_SIZE(bad_binds); i++) {
		in.bind = bad_binds[i];
		if (sas_rc(in) != RC_H(T_RC_VALUE, 2) || !rsp_ok())
			return failf("bind %#x: rc %#x, want %#x", bad_binds[i],
				     get_unaligned_be32(rsp + 6),
				     RC_H(T_RC_VALUE, 2));
	}
	in.bind = s.handle;
	EXPECT_RC(sas_rc(in), RC_H(T_RC_VALUE, 2));

	/* nonceCaller: 16 to 64 bytes */
	in = sas_default(T_ALG_SHA256);
	for (i = 0; i < ARRAY_SIZE(nonce_sizes); i++) {
		in.nonce_size = nonce_sizes[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_SIZE, 1));
	}
	/* encryptedSalt: none without a tpmKey */
	in = sas_default(T_ALG_SHA256);
	for (i = 0; i < ARRAY_SIZE(salt_sizes); i++) {
		in.salt_size = salt_sizes[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_VALUE, 2));
	}
	/* sessionType: HMAC, POLICY or TRIAL */
	in = sas_default(T_ALG_SHA256);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		in.type = types[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_VALUE, 3));
	}

	/* symmetric */
	in = sas_default(T_ALG_SHA256);
	for (i = 0; i < ARRAY_SIZE(bad_syms); i++) {
		in.sym[0] = bad_syms[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_SYMMETRIC, 4));
	}
	in.n_sym = 3;
	in.sym[0] = T_ALG_AES;
	in.sym[2] = T_ALG_CFB;
	for (i = 0; i < ARRAY_SIZE(bad_bits); i++) {
		in.sym[1] = bad_bits[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_KEY_SIZE, 4));
	}
	in.sym[1] = 128;
	for (i = 0; i < ARRAY_SIZE(bad_modes); i++) {
		in.sym[2] = bad_modes[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_MODE, 4));
	}
	in.n_sym = 2;
	in.sym[0] = T_ALG_XOR;
	for (i = 0; i < ARRAY_SIZE(bad_hashes); i++) {
		in.sym[1] = bad_hashes[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_HASH, 4));
	}
	/* valid parameter encryption: XOR with any hash, AES-CFB */
	for (i = 0; i < 4; i++) {
		in.sym[1] = bank_algs[i];
		EXPECT_RC(sas_rc(in), 0);
		EXPECT_RC(flush_context(get_unaligned_be32(rsp + 10)), 0);
	}
	in.n_sym = 3;
	in.sym[0] = T_ALG_AES;
	in.sym[2] = T_ALG_CFB;
	for (i = 128; i <= 256; i += 128) {
		in.sym[1] = i;
		EXPECT_RC(sas_rc(in), 0);
		EXPECT_RC(flush_context(get_unaligned_be32(rsp + 10)), 0);
	}

	/* authHash */
	in = sas_default(T_ALG_SHA256);
	for (i = 0; i < ARRAY_SIZE(bad_hashes); i++) {
		in.hash = bad_hashes[i];
		EXPECT_RC(sas_rc(in), RC_P(T_RC_HASH, 5));
	}
	/* a byte too many */
	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_START_AUTH_SESSION);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_u32(&c, TPM2E_RH_NULL);
	cb_u16(&c, 16);
	for (j = 0; j < 16; j++)
		cb_u8(&c, j);
	cb_u16(&c, 0);
	cb_u8(&c, T_SE_HMAC);
	cb_u16(&c, T_ALG_NULL);
	cb_u16(&c, T_ALG_SHA256);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE);

	/* none of that started a session; 16 and 64 bytes of nonce do */
	if (!only_loaded(&s))
		return fail_in("after the errors");
	EXPECT_RC(flush_context(s.handle), 0);
	if (!sess_start_n(&s, T_ALG_SHA256, TPM2E_RH_NULL, NO_PW, 16))
		return false;
	EXPECT_RC(flush_context(s.handle), 0);
	if (!sess_start_n(&s, T_ALG_SHA1, TPM2E_RH_NULL, NO_PW, 64))
		return false;
	EXPECT_RC(flush_context(s.handle), 0);
	return no_sessions();
}

static bool test_sess_limits(void)
{
	static struct saved_ctx saved[T_MAX_ACTIVE];
	static struct hsess s[T_MAX_ACTIVE + 1];
	u32 all[T_MAX_ACTIVE], saved_h[T_MAX_ACTIVE], loaded[3], i, x;
	u8 pcr[64] = { 0 };
	struct sas_in in;
	struct acmd a;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* three loaded at most */
	for (i = 0; i < 3; i++) {
		if (!sess_start(&s[i], bank_algs[i], TPM2E_RH_NULL, NO_PW))
			return false;
		loaded[i] = s[i].handle;
	}
	if (!sessions_are(loaded, 3, NULL, 0))
		return false;
	in = sas_default(T_ALG_SHA256);
	EXPECT_RC(start_session(&in), T_RC_SESSION_MEMORY);
	in.bind = TPM2E_RH_OWNER;
	EXPECT_RC(start_session(&in), T_RC_SESSION_MEMORY);
	/* a saved one makes room; loading it back needs room again */
	if (!sess_save(&s[0], &saved[0]) ||
	    !sessions_are(loaded + 1, 2, loaded, 1) ||
	    !sess_start(&s[3], TPM2E_ALG_SHA512, TPM2E_RH_NULL, NO_PW))
		return false;
	EXPECT_RC(context_load(&saved[0], &x), T_RC_SESSION_MEMORY);
	loaded[0] = s[3].handle;
	if (!sessions_are(loaded, 3, &s[0].handle, 1))
		return fail_in("after a refused ContextLoad");
	EXPECT_RC(flush_context(s[3].handle), 0);
	if (!sess_load(&s[0], &saved[0]))
		return false;
	ac_extend(&a, 16, &s[0], 1);
	if (!run_ok(&a))
		return fail_in("loaded after a flush");
	model_extend(TPM2E_ALG_SHA256, pcr, 1);
	for (i = 0; i < 3; i++)
		EXPECT_RC(flush_context(s[i].handle), 0);
	if (!no_sessions())
		return false;

	/* 64 active: 62 saved and 2 loaded */
	for (i = 0; i < T_MAX_ACTIVE; i++) {
		u32 bind = i % 3 ? TPM2E_RH_NULL : TPM2E_RH_OWNER;

		if (!sess_start(&s[i], bank_algs[i % 4], bind, NO_PW) ||
		    (i < T_MAX_ACTIVE - 2 && !sess_save(&s[i], &saved[i])))
			return fail_in("session %u", i);
		all[i] = s[i].handle;
	}
	sort_u32(all, T_MAX_ACTIVE);
	for (i = 0; i < T_MAX_ACTIVE; i++)
		EXPECT(all[i] == T_HMAC_FIRST + i, "handle %u is %#x", i,
		       all[i]);
	for (i = 0; i < T_MAX_ACTIVE; i++)
		all[i] = s[i].handle;
	if (!sessions_are(all + 62, 2, all, 62))
		return false;
	in = sas_default(T_ALG_SHA256);
	EXPECT_RC(start_session(&in), T_RC_SESSION_HANDLES);
	/* saving one more makes no room */
	if (!sess_save(&s[63], &saved[63]))
		return false;
	EXPECT_RC(start_session(&in), T_RC_SESSION_HANDLES);
	memcpy(saved_h, all, sizeof(all));
	saved_h[62] = all[63];
	if (!sessions_are(all + 62, 1, saved_h, 63))
		return false;
	/* flushing a saved one does: the one free handle is its */
	EXPECT_RC(flush_context(s[10].handle), 0);
	if (!sess_start(&s[T_MAX_ACTIVE], TPM2E_ALG_SHA256, TPM2E_RH_NULL,
			NO_PW))
		return false;
	EXPECT(s[T_MAX_ACTIVE].handle == s[10].handle, "handle %#x, want %#x",
	       s[T_MAX_ACTIVE].handle, s[10].handle);
	EXPECT_RC(start_session(&in), T_RC_SESSION_HANDLES);
	/* every saved one loads, with its state */
	EXPECT_RC(flush_context(s[62].handle), 0);
	EXPECT_RC(flush_context(s[T_MAX_ACTIVE].handle), 0);
	for (i = 0; i < T_MAX_ACTIVE; i++) {
		if (i == 10 || i == 62)
			continue;
		ac_extend(&a, 16, &s[i], (u8)i);
		if (!sess_load(&s[i], &saved[i]) || !run_ok(&a))
			return fail_in("session %u loaded", i);
		model_extend(TPM2E_ALG_SHA256, pcr, (u8)i);
		EXPECT_RC(flush_context(s[i].handle), 0);
	}
	return no_sessions() && pcr_is(TPM2E_ALG_SHA256, 16, pcr);
}

/* A handle of no session */
static u32 free_session_handle(const struct hsess *s, u32 n)
{
	u32 h = T_HMAC_FIRST + T_MAX_ACTIVE, i;

	for (;;) {
		h--;
		for (i = 0; i < n && s[i].handle != h; i++)
			;
		if (i == n)
			return h;
	}
}

/* EventSequenceComplete of @pcr and the event sequence @seq */
static void ac_event(struct acmd *a, u32 pcr, u32 seq, u16 n)
{
	ac_start(a, T_CC_EVENT_SEQUENCE_COMPLETE);
	ac_handle(a, pcr);
	ac_handle(a, seq);
	ac_tpm2b(a, seq_data, n);
}

static bool test_sess_reference(void)
{
	static const u8 crypt[] = {
		T_SA_DECRYPT, T_SA_ENCRYPT, T_SA_DECRYPT | T_SA_ENCRYPT,
	};
	static const u8 audit[] = {
		T_SA_AUDIT, T_SA_AUDIT_EXCLUSIVE, T_SA_AUDIT_RESET,
		T_SA_AUDIT | T_SA_AUDIT_EXCLUSIVE | T_SA_AUDIT_RESET,
	};
	static struct saved_ctx saved;
	struct hsess s[3];
	u32 e, i, nl, h[2];
	struct acmd a;

	fill_seq_data(87);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("ev"), TPM2E_ALG_NULL, &e) ||
	    !sess_start(&s[0], TPM2E_ALG_SHA256, TPM2E_RH_NULL, NO_PW) ||
	    !sess_start(&s[1], TPM2E_ALG_SHA1, TPM2E_RH_NULL, NO_PW) ||
	    !sess_start(&s[2], TPM2E_ALG_SHA384, TPM2E_RH_NULL, NO_PW) ||
	    !sess_save(&s[2], &saved))
		return false;
	nl = free_session_handle(s, 3);

	/* no such session: TPM_RC_REFERENCE_S0 + its place */
	ac_extend(&a, 16, &s[0], 1)->handle = nl;
	if (!run_rc(&a, T_RC_REFERENCE_S0))
		return fail_in("session %#x", nl);
	ac_event(&a, 16, e, 4);
	ac_pw(&a, NO_PW);
	ac_hmac(&a, &s[0], PW("ev"))->handle = nl;
	if (!run_rc(&a, T_RC_REFERENCE_S0 + 1))
		return fail_in("second session %#x", nl);
	ac_event(&a, 16, e, 4);
	ac_pw(&a, NO_PW);
	ac_pw(&a, PW("ev"));
	ac_hmac(&a, &s[0], NO_PW)->handle = nl;
	if (!run_rc(&a, T_RC_REFERENCE_S0 + 2))
		return fail_in("third session %#x", nl);
	/* a saved session is not loaded */
	ac_extend(&a, 16, &s[2], 1);
	if (!run_rc(&a, T_RC_REFERENCE_S0))
		return fail_in("a saved session");
	EXPECT_RC(context_save(s[2].handle), T_RC_REFERENCE_H0);

	/* one session twice */
	ac_extend(&a, 16, &s[0], 1);
	ac_hmac(&a, &s[0], NO_PW);
	if (!run_rc(&a, RC_S(T_RC_HANDLE, 2)))
		return fail_in("PCR_Extend, one session twice");
	ac_event(&a, 16, e, 4);
	ac_hmac(&a, &s[1], NO_PW);
	ac_hmac(&a, &s[1], PW("ev"));
	if (!run_rc(&a, RC_S(T_RC_HANDLE, 2)))
		return fail_in("EventSequenceComplete, one session twice");

	/*
	 * Parameter encryption: PCR_Extend has no TPM2B first parameter,
	 * EventSequenceComplete only a command one; these sessions have no
	 * symmetric algorithm.
	 */
	for (i = 0; i < ARRAY_SIZE(crypt); i++) {
		ac_extend(&a, 16, &s[i % 2], 1)->attrs |= crypt[i];
		if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 1)))
			return fail_in("attributes %#x", crypt[i]);
		ac_event(&a, 16, e, 4);
		ac_pw(&a, NO_PW);
		ac_hmac(&a, &s[i % 2], PW("ev"))->attrs |= crypt[i];
		if (!run_rc(&a, RC_S(crypt[i] & T_SA_DECRYPT ?
				    T_RC_SYMMETRIC : T_RC_ATTRIBUTES, 2)))
			return fail_in("attributes %#x, second", crypt[i]);
	}
	/* audit: by one session at most */
	for (i = 0; i < ARRAY_SIZE(audit); i++) {
		if (!(audit[i] & T_SA_AUDIT))
			continue;
		ac_event(&a, 16, e, 4);
		ac_hmac(&a, &s[0], NO_PW)->attrs |= audit[i];
		ac_hmac(&a, &s[1], PW("ev"))->attrs |= audit[i];
		if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 2)))
			return fail_in("attributes %#x, twice", audit[i]);
	}

	/* a session that authorizes nothing */
	ac_extend(&a, 16, &s[0], 1);
	ac_pw(&a, NO_PW);
	if (!run_rc(&a, RC_S(T_RC_HANDLE, 2)))
		return fail_in("PCR_Extend, HMAC then password");
	ac_start(&a, T_CC_PCR_EXTEND);
	ac_handle(&a, 16);
	ac_pw(&a, NO_PW);
	ac_hmac(&a, &s[0], NO_PW);
	ac_u32(&a, 0);
	if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 2)))
		return fail_in("PCR_Extend, password then HMAC");
	ac_event(&a, 16, e, 4);
	ac_pw(&a, NO_PW);
	ac_pw(&a, PW("ev"));
	ac_hmac(&a, &s[0], NO_PW);
	if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 3)))
		return fail_in("EventSequenceComplete, a third session");
	ac_start(&a, T_CC_GET_RANDOM);
	ac_hmac(&a, &s[0], NO_PW);
	ac_u16(&a, 8);
	if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 1)))
		return fail_in("GetRandom, HMAC session");
	ac_start(&a, T_CC_GET_RANDOM);
	ac_hmac(&a, &s[0], NO_PW)->attrs = 0;
	ac_u16(&a, 8);
	if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 1)))
		return fail_in("GetRandom, HMAC session, no continueSession");
	ac_start(&a, T_CC_GET_RANDOM);
	ac_pw(&a, NO_PW);
	ac_u16(&a, 8);
	if (!run_rc(&a, RC_S(T_RC_HANDLE, 1)))
		return fail_in("GetRandom, password");
	ac_start(&a, T_CC_START_AUTH_SESSION);
	ac_handle(&a, TPM2E_RH_NULL);
	ac_handle(&a, TPM2E_RH_NULL);
	ac_hmac(&a, &s[1], NO_PW);
	ac_tpm2b(&a, seq_data, 16);
	ac_u16(&a, 0);
	a.params[a.len++] = T_SE_HMAC;
	ac_u16(&a, T_ALG_NULL);
	ac_u16(&a, T_ALG_SHA256);
	if (!run_rc(&a, RC_S(T_RC_ATTRIBUTES, 1)))
		return fail_in("StartAuthSession, HMAC session");

	/* policy session handles: none is a policy session */
	for (i = 0; i < 2; i++) {
		u32 alias = s[i].handle - T_HMAC_FIRST + T_POLICY_FIRST;

		ac_extend(&a, 16, &s[i], 1)->handle = alias;
		if (!run_rc(&a, T_RC_REFERENCE_S0))
			return fail_in("policy handle %#x", alias);
		EXPECT_RC(flush_context(alias), RC_P(T_RC_HANDLE, 1));
		EXPECT_RC(context_save(alias), T_RC_REFERENCE_H0);
	}
	ac_extend(&a, 16, &s[0], 1)->handle = T_POLICY_FIRST + T_MAX_ACTIVE;
	if (!run_rc(&a, RC_S(T_RC_VALUE, 1)))
		return fail_in("policy handle %#x", T_POLICY_FIRST + 64);
	ac_extend(&a, 16, &s[0], 1)->handle = T_HMAC_FIRST + T_MAX_ACTIVE;
	if (!run_rc(&a, RC_S(T_RC_VALUE, 1)))
		return fail_in("HMAC handle %#x", T_HMAC_FIRST + 64);

	/* nothing changed: the sessions work with the nonces they had */
	h[0] = s[0].handle;
	h[1] = s[1].handle;
	if (!sessions_are(h, 2, &s[2].handle, 1))
		return fail_in("after the errors");
	for (i = 0; i < 3; i++) {
		if (i == 2 && !sess_load(&s[2], &saved))
			return false;
		ac_extend(&a, 16, &s[i], (u8)i);
		if (!run_ok(&a))
			return fail_in("session %u after the errors", i);
	}
	ac_event(&a, 16, e, 4);
	ac_hmac(&a, &s[0], NO_PW);
	ac_hmac(&a, &s[1], PW("ev"));
	if (!run_ok(&a))
		return fail_in("EventSequenceComplete after the errors");
	return true;
}

static bool test_sess_context(void)
{
	static const u8 flips[] = { 0x01, 0x80 };
	static struct saved_ctx c1, c2, c3, bad;
	struct hsess s, t;
	struct acmd a;
	u32 h, x, i, f, rc;
	u64 last;

	fill_seq_data(89);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!start_ok(PW("ctx"), TPM2E_ALG_SHA256, &h) ||
	    !sess_start(&s, TPM2E_ALG_SHA384, h, PW("ctx")))
		return false;
	ac_update(&a, h, &s, PW("ctx"), 0, 10);
	if (!run_ok(&a) || !sess_save(&s, &c1))
		return false;
	/* saved: listed as such, not usable, not saved again */
	if (!only_saved(&s))
		return fail_in("saved");
	ac_update(&a, h, &s, PW("ctx"), 10, 10);
	if (!run_rc(&a, T_RC_REFERENCE_S0))
		return fail_in("used while saved");
	EXPECT_RC(context_save(s.handle), T_RC_REFERENCE_H0);
	if (!sess_load(&s, &c1) || !only_loaded(&s))
		return fail_in("loaded");
	/* the state came back: still bound, same key, same nonceTPM */
	ac_update(&a, h, &s, PW("ctx"), 10, 10)->key = KEY_WITH_AUTH;
	if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, 1)))
		return fail_in("loaded, unbound key");
	ac_update(&a, h, &s, PW("ctx"), 10, 10);
	if (!run_ok(&a))
		return fail_in("loaded, used");

	/* a blob loads once, and no older one after a newer save */
	EXPECT_RC(context_load(&c1, &x), RC_P(T_RC_HANDLE, 1));
	if (!sess_save(&s, &c2))
		return false;
	EXPECT(c2.sequence > c1.sequence, "sequence %#llx after %#llx",
	       (unsigned long long)c2.sequence,
	       (unsigned long long)c1.sequence);
	EXPECT_RC(context_load(&c1, &x), RC_P(T_RC_HANDLE, 1));

	/* altered: sequence, savedHandle, the blob */
	for (i = 0; i < c2.len; i++) {
		if (i >= 12 && i < 20)
			continue;
		for (f = 0; f < ARRAY_SIZE(flips); f++) {
			bad = c2;
			bad.raw[i] ^= flips[f];
			rc = load_raw(bad.raw, bad.len, &x);
			if (!rsp_ok())
				return fail_in("byte %u ^ %#x", i, flips[f]);
			/* a savedHandle of no session may be refused as such */
			EXPECT(rc == RC_P(T_RC_INTEGRITY, 1) ||
			       (i >= 8 && i < 12 && rc == RC_P(T_RC_VALUE, 1)),
			       "byte %u ^ %#x: rc %#x, want %#x", i, flips[f],
			       rc, RC_P(T_RC_INTEGRITY, 1));
		}
	}
	/* the savedHandle of another session */
	bad = c2;
	put_unaligned_be32(s.handle ^ 1, bad.raw + 8);
	EXPECT_RC(load_raw(bad.raw, bad.len, &x), RC_P(T_RC_INTEGRITY, 1));
	if (!only_saved(&s))
		return fail_in("after the altered contexts");
	if (!sess_load(&s, &c2))
		return false;
	ac_update(&a, h, &s, PW("ctx"), 20, 10);
	if (!run_ok(&a))
		return fail_in("loaded after the altered contexts");

	/* FlushContext of a saved session ends it */
	if (!sess_save(&s, &c3))
		return false;
	EXPECT_RC(flush_context(s.handle), 0);
	if (!no_sessions())
		return fail_in("flushed while saved");
	EXPECT_RC(context_load(&c3, &x), RC_P(T_RC_HANDLE, 1));
	EXPECT_RC(flush_context(s.handle), RC_P(T_RC_HANDLE, 1));
	/* nor does it load into a new session in the same slot */
	if (!sess_start(&t, TPM2E_ALG_SHA256, TPM2E_RH_NULL, NO_PW))
		return false;
	if (t.handle == s.handle) {
		EXPECT_RC(context_load(&c3, &x), RC_P(T_RC_HANDLE, 1));
		if (!sess_save(&t, &c2))
			return false;
		EXPECT_RC(context_load(&c3, &x), RC_P(T_RC_HANDLE, 1));
		if (!sess_load(&t, &c2))
			return false;
	}
	EXPECT_RC(flush_context(t.handle), 0);

	/* saved and loaded again and again, nonces rolling on */
	if (!sess_start(&s, TPM2E_ALG_SHA1, TPM2E_RH_NULL, NO_PW))
		return false;
	last = c3.sequence;
	for (i = 0; i < 10; i++) {
		ac_update(&a, h, &s, PW("ctx"), 30 + i, 1);
		if (!run_ok(&a) || !sess_save(&s, &c1))
			return fail_in("round %u", i);
		EXPECT(c1.sequence > last, "round %u: sequence %#llx", i,
		       (unsigned long long)c1.sequence);
		last = c1.sequence;
		if (!sess_load(&s, &c1))
			return fail_in("round %u", i);
	}
	EXPECT_RC(context_load(&c1, &x), RC_P(T_RC_HANDLE, 1));
	EXPECT_RC(flush_context(s.handle), 0);
	return no_sessions();
}

static bool test_sess_startup(void)
{
	static struct saved_ctx c1, c2;
	struct hsess s, t;
	struct acmd a;
	u32 x;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!sess_start(&s, TPM2E_ALG_SHA256, TPM2E_RH_OWNER, NO_PW) ||
	    !sess_start(&t, TPM2E_ALG_SHA1, TPM2E_RH_NULL, NO_PW))
		return false;
	ac_extend(&a, 16, &s, 1);
	if (!run_ok(&a) || !sess_save(&s, &c1))
		return false;

	/* Resume: _TPM_Init loses the loaded one, the saved one stays */
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!only_saved(&s))
		return fail_in("after Resume");
	ac_extend(&a, 16, &t, 2);
	if (!run_rc(&a, T_RC_REFERENCE_S0))
		return fail_in("the loaded one after Resume");
	EXPECT_RC(flush_context(t.handle), RC_P(T_RC_HANDLE, 1));
	if (!sess_load(&s, &c1))
		return fail_in("after Resume");
	ac_extend(&a, 16, &s, 3);
	if (!run_ok(&a))
		return fail_in("after Resume");
	/* two Resumes in a row */
	if (!sess_save(&s, &c1) || !shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_STATE), 0);
	if (!only_saved(&s) || !sess_load(&s, &c1))
		return fail_in("after two Resumes");
	ac_extend(&a, 16, &s, 4);
	if (!run_ok(&a))
		return fail_in("after two Resumes");

	/* Restart: Shutdown(STATE), Startup(CLEAR) ends every session */
	if (!sess_save(&s, &c2) ||
	    !sess_start(&t, TPM2E_ALG_SHA1, TPM2E_RH_NULL, NO_PW) ||
	    !shutdown(TPM2E_SU_STATE))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!no_sessions())
		return fail_in("after Restart");
	EXPECT_RC(context_load(&c2, &x), RC_P(T_RC_HANDLE, 1));
	EXPECT_RC(flush_context(s.handle), RC_P(T_RC_HANDLE, 1));

	/* TPM Reset, without and with Shutdown(CLEAR) before */
	if (!sess_start(&s, TPM2E_ALG_SHA512, TPM2E_RH_NULL, NO_PW) ||
	    !sess_save(&s, &c1) ||
	    !sess_start(&t, TPM2E_ALG_SHA1, TPM2E_RH_NULL, NO_PW))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!no_sessions())
		return fail_in("after TPM Reset");
	EXPECT_RC(context_load(&c1, &x), RC_P(T_RC_INTEGRITY, 1));
	if (!sess_start(&s, TPM2E_ALG_SHA384, TPM2E_RH_NULL, NO_PW) ||
	    !sess_save(&s, &c1) || !shutdown(TPM2E_SU_CLEAR))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!no_sessions())
		return fail_in("after Shutdown(CLEAR) and TPM Reset");
	EXPECT_RC(context_load(&c1, &x), RC_P(T_RC_INTEGRITY, 1));
	return no_sessions();
}

static bool test_sess_properties(void)
{
	static const struct {
		u32 pt, want;
	} fixed[] = {
		{ T_PT_HR_LOADED_MIN, T_MAX_LOADED },
		{ T_PT_ACTIVE_SESSIONS_MAX, T_MAX_ACTIVE },
		{ T_PT_CONTEXT_GAP_MAX, 0xFFFFFFFF },
		{ T_PT_MAX_SESSION_CONTEXT, T_MAX_SESSION_CONTEXT },
	};
	static struct saved_ctx c;
	static u8 auth[64];
	struct hsess s;
	u32 i, h, v;

	memset(auth, 0xA5, sizeof(auth));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		v = fixed_property(fixed[i].pt);
		EXPECT(v == fixed[i].want, "property %#x = %#x, want %#x",
		       fixed[i].pt, v, fixed[i].want);
	}
	if (!no_sessions())
		return false;
	/* the largest contexts fit TPM_PT_MAX_SESSION_CONTEXT */
	if (!start_ok(PWN(auth, 64), TPM2E_ALG_SHA1, &h))
		return false;
	for (i = 0; i < 8; i++) {
		u32 bind = i < 4 ? h : TPM2E_RH_NULL;

		if (!sess_start_n(&s, bank_algs[i % 4], bind, PWN(auth, 64),
				  64) ||
		    !sess_save(&s, &c))
			return fail_in("authHash %#x", bank_algs[i % 4]);
		EXPECT_RC(flush_context(s.handle), 0);
	}
	return no_sessions();
}

/* A password session and HMAC sessions in EventSequenceComplete */
static bool test_sess_mixed(void)
{
	u8 pcr[3][64] = { { 0 } }, dig[4][64];
	struct hsess s, t, u;
	struct acmd a, good;
	u32 e, k, b, n;

	fill_seq_data(91);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!sess_start(&s, TPM2E_ALG_SHA256, TPM2E_RH_NULL, NO_PW) ||
	    !sess_start(&t, TPM2E_ALG_SHA512, TPM2E_RH_NULL, NO_PW))
		return false;
	for (k = 0; k < 6; k++) {
		n = 100 + k;
		if (!start_ok(PW("ev"), TPM2E_ALG_NULL, &e))
			return false;
		ac_event(&good, 16, e, n);
		switch (k) {
		case 0:
			ac_pw(&good, NO_PW);
			ac_hmac(&good, &s, PW("ev"));
			break;
		case 1:
			ac_hmac(&good, &s, NO_PW);
			ac_pw(&good, PW("ev"));
			break;
		case 2:
			ac_hmac(&good, &s, NO_PW);
			ac_hmac(&good, &t, PW("ev"));
			break;
		case 3:
			ac_hmac(&good, &t, NO_PW);
			ac_hmac(&good, &s, PW("ev\0"));
			break;
		case 4:
			ac_pw(&good, PW("\0"));
			ac_hmac(&good, &t, PW("ev"));
			break;
		case 5:		/* the second session ends with it */
			if (!sess_start(&u, TPM2E_ALG_SHA1, e, PW("ev")))
				return false;
			ac_hmac(&good, &s, NO_PW);
			ac_hmac(&good, &u, PW("ev"))->attrs = 0;
			break;
		}
		/* the first wrong, the second wrong */
		for (b = 0; b < 2; b++) {
			struct sa *sa;

			a = good;
			sa = &a.sa[b];
			if (sa->s)
				sa->flip = 0x10;
			else
				sa->auth = b ? PW("eV") : PW("x");
			if (!run_rc(&a, RC_S(T_RC_BAD_AUTH, b + 1)))
				return fail_in("case %u, session %u wrong", k,
					       b + 1);
		}
		if (!LOADED(e))
			return fail_in("case %u", k);
		if (!run_ok(&good) || !digests_in_rsp(seq_data, n, dig))
			return fail_in("case %u", k);
		for (b = 0; b < 3; b++) {
			model_extend_digest(b, pcr[b], dig[b]);
			if (!pcr_is(bank_algs[b], 16, pcr[b]))
				return fail_in("case %u", k);
		}
		if (!none_loaded())
			return fail_in("case %u", k);
	}
	{
		u32 h[2] = { s.handle, t.handle };

		if (!sessions_are(h, 2, NULL, 0))
			return fail_in("at the end");
	}
	return true;
}

/* ---- hierarchy commands: TPM 2.0 Part 3 chapter 24 ---- */

/*
 * The contract of TPM2_HierarchyControl, ChangeEPS, ChangePPS, Clear,
 * ClearControl, HierarchyChangeAuth and SetPrimaryPolicy, and of what
 * TPM2_Startup does to the hierarchies. Every command goes through run(),
 * so each success is checked for its authorization area too, with the
 * response HMACs computed here; tickets are compared with model_ticket()
 * (the proofs derived from the instance secret) and with each other.
 */
#define T_CC_HIERARCHY_CONTROL		0x0121
#define T_CC_CHANGE_EPS			0x0124
#define T_CC_CHANGE_PPS			0x0125
#define T_CC_CLEAR			0x0126
#define T_CC_CLEAR_CONTROL		0x0127
#define T_CC_HIERARCHY_CHANGE_AUTH	0x0129
#define T_CC_PCR_ALLOCATE		0x012B
#define T_CC_SET_PRIMARY_POLICY		0x012E
#define T_CC_CLOCK_RATE_ADJUST		0x0130

#define T_RH_OWNER			0x40000001
#define T_RH_NULL			0x40000007
#define T_RH_ENDORSEMENT		0x4000000B
#define T_RH_PLATFORM			0x4000000C
#define T_RH_PLATFORM_NV		0x4000000D

#define T_RC_HIERARCHY			0x085
#define T_RC_INSUFFICIENT		0x09A
#define T_RC_DISABLED			0x120
#define T_RC_AUTH_TYPE			0x124
#define T_RC_AUTH_MISSING		0x125

#define T_PT_PERMANENT			0x200
#define T_PT_STARTUP_CLEAR		0x201
#define T_PT_LOCKOUT_COUNTER		0x20E

/* TPMA_PERMANENT */
#define T_PERM_OWNER_AUTH		BIT(0)
#define T_PERM_ENDORSEMENT_AUTH		BIT(1)
#define T_PERM_LOCKOUT_AUTH		BIT(2)
#define T_PERM_DISABLE_CLEAR		BIT(8)
#define T_PERM_AUTHS			(T_PERM_OWNER_AUTH | \
					 T_PERM_ENDORSEMENT_AUTH | \
					 T_PERM_LOCKOUT_AUTH)

/* TPMA_STARTUP_CLEAR */
#define T_SC_PH				BIT(0)
#define T_SC_SH				BIT(1)
#define T_SC_EH				BIT(2)
#define T_SC_PH_NV			BIT(3)
#define T_SC_ALL			(T_SC_PH | T_SC_SH | T_SC_EH | \
					 T_SC_PH_NV)
#define T_SC_ORDERLY			BIT(31)

/* The numbers of the contract */
static_assert(RC_H(T_RC_VALUE, 1) == 0x184);
static_assert(RC_H(T_RC_HIERARCHY, 1) == 0x185);
static_assert(RC_P(T_RC_VALUE, 1) == 0x1C4);
static_assert(RC_P(T_RC_VALUE, 2) == 0x2C4);
static_assert(RC_P(T_RC_SIZE, 1) == 0x1D5);
static_assert(RC_P(T_RC_HASH, 2) == 0x2C3);
static_assert(RC_S(T_RC_BAD_AUTH, 1) == 0x9A2);
static_assert(RC_S(T_RC_AUTH_FAIL, 1) == 0x98E);
static_assert(T_RC_AUTH_FAIL == 0x08E);

/* The hierarchies with an authValue; bit i of a mask is t_hier[i] */
static const u32 t_hier[4] = {
	T_RH_OWNER, T_RH_ENDORSEMENT, T_RH_PLATFORM, T_RH_LOCKOUT,
};

#define H_OWNER		BIT(0)
#define H_ENDORSEMENT	BIT(1)
#define H_PLATFORM	BIT(2)
#define H_LOCKOUT	BIT(3)

/* The helper a test called failed: say on which line */
#define HC(call) do {							\
	if (!(call))							\
		return fail_in("line %d", __LINE__);			\
} while (0)

/* A wrong authorization: TPM_RC_AUTH_FAIL for lockout, BAD_AUTH else */
static u32 bad_auth_rc(u32 h)
{
	return h == T_RH_LOCKOUT ? RC_S(T_RC_AUTH_FAIL, 1) :
	       RC_S(T_RC_BAD_AUTH, 1);
}

static void ac_u8(struct acmd *a, u8 v)
{
	a->params[a->len++] = v;
}

/* Run @a: @want, and with a success no parameters and the right sessions */
static bool hc_run(struct acmd *a, u32 want)
{
	u32 rc = run(a);

	EXPECT(rc == want, "command %#x, handle %#x: rc %#x, want %#x",
	       a->cc, a->handles[0], rc, want);
	if (!rsp_ok())
		return false;
	if (rc)
		return true;
	EXPECT(rsp_len >= 14 && get_unaligned_be32(rsp + 10) == 0,
	       "command %#x: parameterSize %u", a->cc,
	       get_unaligned_be32(rsp + 10));
	return check_auth_rsp(a);
}

/*
 * Run @a, which succeeds and leaves the entity it authorized with the
 * authValue @after: the response HMAC is keyed with that one (and the
 * session counts as bound only if @after is its bind value).
 */
static bool hc_run_after(struct acmd *a, struct pw after)
{
	u32 rc = run(a);

	EXPECT(!rc, "command %#x, handle %#x: rc %#x", a->cc, a->handles[0],
	       rc);
	if (!rsp_ok())
		return false;
	a->sa[0].auth = after;
	return check_auth_rsp(a);
}

/* @cc on @h, with a password session or an HMAC session @s */
static struct sa *hc_start_s(struct acmd *a, u32 cc, u32 h, struct hsess *s,
			     struct pw auth)
{
	ac_start(a, cc);
	ac_handle(a, h);
	return s ? ac_hmac(a, s, auth) : ac_pw(a, auth);
}

static void hc_start(struct acmd *a, u32 cc, u32 h, struct pw pw)
{
	hc_start_s(a, cc, h, NULL, pw);
}

/*
 * Parameters of @a's command that it takes, for the handle probes: where
 * the authorization is right, they change nothing or are refused.
 */
static void hc_params(struct acmd *a)
{
	static const u8 zeros[32];

	switch (a->cc) {
	case T_CC_HIERARCHY_CONTROL:
		ac_u32(a, T_RH_PLATFORM_NV);
		ac_u8(a, 1);
		break;
	case T_CC_CLEAR_CONTROL:
		ac_u8(a, 0);
		break;
	case T_CC_HIERARCHY_CHANGE_AUTH:
		ac_tpm2b(a, (const u8 *)"new", 3);
		break;
	case T_CC_SET_PRIMARY_POLICY:
		ac_tpm2b(a, NULL, 0);
		ac_u16(a, T_ALG_NULL);
		break;
	case T_CC_CLOCK_SET:
		ac_u32(a, 0);
		ac_u32(a, 0);
		break;
	case T_CC_CLOCK_RATE_ADJUST:
		ac_u8(a, 0);
		break;
	case T_CC_PCR_SET_AUTH_POLICY:
		ac_tpm2b(a, zeros, 32);
		ac_u16(a, T_ALG_SHA256);
		ac_u32(a, 16);
		break;
	case T_CC_PCR_ALLOCATE:
		ac_u32(a, 0);
		break;
	}
}

/* @cc on @h with a password no hierarchy has: the handle area's code */
static bool probe(u32 cc, u32 h, u32 want)
{
	struct acmd a;

	hc_start(&a, cc, h, PW("not the password"));
	hc_params(&a);
	return hc_run(&a, want);
}

static struct sa *ac_change_auth(struct acmd *a, u32 h, struct hsess *s,
				 struct pw auth, struct pw new_auth)
{
	struct sa *sa = hc_start_s(a, T_CC_HIERARCHY_CHANGE_AUTH, h, s, auth);

	ac_tpm2b(a, new_auth.p, new_auth.n);
	return sa;
}

static bool change_auth(u32 h, struct pw pw, struct pw new_auth, u32 want)
{
	struct acmd a;

	ac_change_auth(&a, h, NULL, pw, new_auth);
	return hc_run(&a, want);
}

static bool hier_control(u32 h, struct pw pw, u32 enable, u8 state, u32 want)
{
	struct acmd a;

	hc_start(&a, T_CC_HIERARCHY_CONTROL, h, pw);
	ac_u32(&a, enable);
	ac_u8(&a, state);
	return hc_run(&a, want);
}

static bool set_policy(u32 h, struct pw pw, const u8 *policy, u16 n,
		       u16 alg, u32 want)
{
	struct acmd a;

	hc_start(&a, T_CC_SET_PRIMARY_POLICY, h, pw);
	ac_tpm2b(&a, policy, n);
	ac_u16(&a, alg);
	return hc_run(&a, want);
}

static bool clear_control(u32 h, struct pw pw, u8 disable, u32 want)
{
	struct acmd a;

	hc_start(&a, T_CC_CLEAR_CONTROL, h, pw);
	ac_u8(&a, disable);
	return hc_run(&a, want);
}

/* Clear, ChangePPS, ChangeEPS: a handle and nothing else */
static bool hc_bare(u32 cc, u32 h, struct pw pw, u32 want)
{
	struct acmd a;

	hc_start(&a, cc, h, pw);
	return hc_run(&a, want);
}

static bool permanent_is(u32 want)
{
	u32 v = fixed_property(T_PT_PERMANENT);

	EXPECT(v == want, "TPM_PT_PERMANENT %#x, want %#x", v, want);
	return true;
}

/* TPM_PT_STARTUP_CLEAR, orderly aside */
static bool enables_are(u32 want)
{
	u32 v = fixed_property(T_PT_STARTUP_CLEAR);

	EXPECT(v != 0xDEADBEEF && (v & ~T_SC_ORDERLY) == want,
	       "TPM_PT_STARTUP_CLEAR %#x, want %#x", v, want);
	return true;
}

/*
 * The authValue of @h is @cur: another password is refused with the code
 * of @h, @cur itself authorizes (HierarchyChangeAuth to the same value).
 */
static bool auth_is(u32 h, struct pw cur)
{
	u16 n = auth_size(cur);
	u8 wrong[64];

	if (n)
		memcpy(wrong, cur.p, n);
	else
		wrong[0] = 'x';
	wrong[0] ^= n ? 0x01 : 0;
	if (!change_auth(h, PWN(wrong, n ? n : 1), cur, bad_auth_rc(h)))
		return fail_in("authValue of %#x: another password", h);
	if (!change_auth(h, cur, cur, 0))
		return fail_in("authValue of %#x: its password", h);
	return true;
}

/* _TPM_Init and TPM2_Startup(@up), after TPM2_Shutdown(@down) if >= 0 */
static bool power_cycle(int down, u16 up)
{
	if (down >= 0 && !shutdown((u16)down))
		return false;
	tpm2_engine_init(eng);
	EXPECT_RC(startup(up), 0);
	return true;
}

#define UNORDERLY	(-1)

/*
 * A hierarchy's authPolicy. No command reads one back yet (there is no
 * TPM_CAP_AUTH_POLICIES), so this looks at the engine's copy.
 */
static bool policy_is(u32 h, u16 alg, const u8 *policy, u16 n)
{
	int i = h == T_RH_PLATFORM ? TPM2E_HIER_PLATFORM :
		h == T_RH_OWNER ? TPM2E_HIER_OWNER :
		h == T_RH_ENDORSEMENT ? TPM2E_HIER_ENDORSEMENT :
		TPM2E_HIER_LOCKOUT;

	EXPECT(eng->hier_policy_alg[i] == alg &&
	       eng->hier_policy_size[i] == n &&
	       (!n || !memcmp(eng->hier_policy[i], policy, n)),
	       "authPolicy of %#x: alg %#x, %u bytes; want %#x, %u bytes", h,
	       eng->hier_policy_alg[i], eng->hier_policy_size[i], alg, n);
	return true;
}

static bool no_policy(u32 h)
{
	return policy_is(h, T_ALG_NULL, NULL, 0);
}

/* TPM2_Hash tickets under the hierarchies with a proof */
static const u32 t_proof_hier[3] = {
	T_RH_OWNER, T_RH_ENDORSEMENT, T_RH_PLATFORM,
};

#define TK_OWNER	BIT(0)
#define TK_ENDORSEMENT	BIT(1)
#define TK_PLATFORM	BIT(2)

struct tickets {
	u8 t[3][32];
};

static const u8 t_tk_msg[] = "data to get a ticket for";

static bool ticket(u32 h, u8 *out)
{
	EXPECT_RC(hash_cmd(t_tk_msg, sizeof(t_tk_msg) - 1, TPM2E_ALG_SHA256,
			   h), 0);
	EXPECT(rsp_len == 84 &&
	       get_unaligned_be16(rsp + 44) == TPM2E_ST_HASHCHECK &&
	       get_unaligned_be32(rsp + 46) == h &&
	       get_unaligned_be16(rsp + 50) == 32,
	       "ticket under %#x: length %zu, hierarchy %#x", h, rsp_len,
	       get_unaligned_be32(rsp + 46));
	memcpy(out, rsp + 52, 32);
	return true;
}

/* The tickets now, each the same when asked twice */
static bool tickets_get(struct tickets *tk)
{
	u8 again[32];
	u32 i;

	for (i = 0; i < 3; i++) {
		if (!ticket(t_proof_hier[i], tk->t[i]) ||
		    !ticket(t_proof_hier[i], again))
			return false;
		EXPECT(!memcmp(tk->t[i], again, 32),
		       "two tickets under %#x differ", t_proof_hier[i]);
	}
	return true;
}

/* Exactly the TK_* of @moved have other tickets than @tk, updated */
static bool tickets_moved(struct tickets *tk, u32 moved)
{
	struct tickets now;
	u32 i;

	if (!tickets_get(&now))
		return false;
	for (i = 0; i < 3; i++) {
		bool changed = memcmp(now.t[i], tk->t[i], 32) != 0;

		EXPECT(changed == !!(moved & BIT(i)), "the ticket under %#x %s",
		       t_proof_hier[i], changed ? "changed" : "stayed");
	}
	*tk = now;
	return true;
}

/* Exactly the TK_* of @model are those of the secret-derived proofs */
static bool tickets_model(const struct tickets *tk, u32 model)
{
	u8 digest[32], want[32];
	u32 i;

	ossl_digest(1, t_tk_msg, sizeof(t_tk_msg) - 1, digest);
	for (i = 0; i < 3; i++) {
		bool same;

		model_ticket(TPM2E_ALG_SHA256, t_proof_hier[i], digest, want);
		same = !memcmp(want, tk->t[i], 32);
		EXPECT(same == !!(model & BIT(i)),
		       "the ticket under %#x is %s the first proof's",
		       t_proof_hier[i], same ? "still" : "not");
	}
	return true;
}

/* What each command's handle area takes, and what it refuses */
static bool test_hier_handles(void)
{
	static const struct {
		u32 cc;
		u8 takes;	/* H_* */
	} cmds[] = {
		{ T_CC_HIERARCHY_CONTROL,
		  H_OWNER | H_ENDORSEMENT | H_PLATFORM },
		{ T_CC_CHANGE_EPS, H_PLATFORM },
		{ T_CC_CHANGE_PPS, H_PLATFORM },
		{ T_CC_CLEAR, H_PLATFORM | H_LOCKOUT },
		{ T_CC_CLEAR_CONTROL, H_PLATFORM | H_LOCKOUT },
		{ T_CC_HIERARCHY_CHANGE_AUTH, 0xF },
		{ T_CC_SET_PRIMARY_POLICY, 0xF },
	};
	static const u32 never[] = {
		T_RH_NULL, T_RS_PW, T_RH_PLATFORM_NV, 0x40000000, 0x40000002,
		0x40000003, 0x40000008, 0x4000000E, 0x40000010, 0x4000010B,
		0, 16, 23, 24, 0x80000000, 0x81000001, 0x01000000,
		T_HMAC_FIRST, T_POLICY_FIRST, 0xC000000C, 0xFFFFFFFF,
	};
	struct cmdbuf c;
	struct acmd a;
	u32 i, j;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		u32 cc = cmds[i].cc;

		for (j = 0; j < 4; j++) {
			bool takes = cmds[i].takes & BIT(j);

			/* taken: then the password is looked at */
			u32 want = takes ? bad_auth_rc(t_hier[j]) :
					   RC_H(T_RC_VALUE, 1);

			if (!probe(cc, t_hier[j], want))
				return fail_in("command %#x, handle %#x", cc,
					       t_hier[j]);
			if (takes)
				continue;
			/* refused before the authorization is */
			hc_start(&a, cc, t_hier[j], NO_PW);
			hc_params(&a);
			if (!hc_run(&a, RC_H(T_RC_VALUE, 1)))
				return fail_in("command %#x, handle %#x, its "
					       "password", cc, t_hier[j]);
		}
		for (j = 0; j < ARRAY_SIZE(never); j++)
			if (!probe(cc, never[j], RC_H(T_RC_VALUE, 1)))
				return fail_in("command %#x, handle %#x", cc,
					       never[j]);
		/* no authorization area: the handle first, then that */
		hc_start(&a, cc, T_RH_PLATFORM, NO_PW);
		hc_params(&a);
		cb_start(&c, TPM2E_ST_NO_SESSIONS, cc);
		cb_u32(&c, T_RH_PLATFORM);
		cb_bytes(&c, a.params, a.len);
		EXPECT_RC(exec_cb(&c), T_RC_AUTH_MISSING);
		put_unaligned_be32(T_RH_NULL, c.b + 10);
		EXPECT_RC(exec_cb(&c), RC_H(T_RC_VALUE, 1));
		/* the handle cut short */
		cb_start(&c, TPM2E_ST_SESSIONS, cc);
		cb_u16(&c, 0x4000);
		EXPECT_RC(exec_cb(&c), RC_H(T_RC_INSUFFICIENT, 1));
	}
	/* none of it did anything */
	HC(permanent_is(0));
	HC(enables_are(T_SC_ALL));
	for (i = 0; i < 4; i++)
		HC(auth_is(t_hier[i], NO_PW));
	return true;
}

/* HierarchyChangeAuth with passwords: each hierarchy its own value */
static bool test_hier_auth_passwords(void)
{
	const struct pw auths[4] = {
		PW("owner"), PW("endo\0rsement"), PW("platform auth"),
		PW("lock"),
	};
	static const u32 perm_bit[4] = {
		T_PERM_OWNER_AUTH, T_PERM_ENDORSEMENT_AUTH, 0,
		T_PERM_LOCKOUT_AUTH,
	};
	u32 i, j, perm = 0;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(permanent_is(0));
	for (i = 0; i < 4; i++)
		HC(auth_is(t_hier[i], NO_PW));
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], NO_PW, auths[i], 0));
		perm |= perm_bit[i];
		HC(permanent_is(perm));
		for (j = 0; j < 4; j++)
			if (!auth_is(t_hier[j], j <= i ? auths[j] : NO_PW))
				return fail_in("%#x changed", t_hier[i]);
	}
	/* a change needs the value now, not another hierarchy's */
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i];

		HC(change_auth(h, NO_PW, PW("x"), bad_auth_rc(h)));
		HC(change_auth(h, auths[(i + 1) % 4], PW("x"), bad_auth_rc(h)));
		HC(auth_is(h, auths[i]));
	}
	HC(permanent_is(T_PERM_AUTHS));
	/* from one value to another, then back to empty */
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i];

		HC(change_auth(h, auths[i], auths[3 - i], 0));
		HC(auth_is(h, auths[3 - i]));
		HC(change_auth(h, auths[3 - i], NO_PW, 0));
		perm &= ~perm_bit[i];
		HC(permanent_is(perm));
		HC(auth_is(h, NO_PW));
	}
	return true;
}

/* Trailing zeros, 64 bytes, 65 bytes */
static bool test_hier_auth_sizes(void)
{
	static u8 cur[64], big[65];
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(change_auth(T_RH_OWNER, NO_PW, PW("abc\0\0"), 0));
	HC(permanent_is(T_PERM_OWNER_AUTH));
	HC(auth_is(T_RH_OWNER, PW("abc")));
	HC(auth_is(T_RH_OWNER, PW("abc\0")));
	HC(auth_is(T_RH_OWNER, PW("abc\0\0\0\0\0\0\0")));
	HC(change_auth(T_RH_OWNER, PW("abc\x01"), NO_PW,
		       RC_S(T_RC_BAD_AUTH, 1)));
	HC(change_auth(T_RH_OWNER, PW("ab"), NO_PW, RC_S(T_RC_BAD_AUTH, 1)));
	HC(change_auth(T_RH_OWNER, PW("\0abc"), NO_PW, RC_S(T_RC_BAD_AUTH, 1)));
	/* nothing but zeros is the empty authValue: not "set" */
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], i ? NO_PW : PW("abc"), PW("\0\0\0"),
			       0));
		HC(auth_is(t_hier[i], NO_PW));
		HC(auth_is(t_hier[i], PW("\0")));
	}
	HC(permanent_is(0));
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i];

		/* 64 bytes: the largest TPM2B_AUTH */
		memset(cur, 0xA0 + i, sizeof(cur));
		HC(change_auth(h, NO_PW, PWN(cur, 64), 0));
		HC(auth_is(h, PWN(cur, 64)));
		HC(change_auth(h, PWN(cur, 63), NO_PW, bad_auth_rc(h)));
		/* 65: refused whatever the bytes, the value left alone */
		memset(big, 0, sizeof(big));
		HC(change_auth(h, PWN(cur, 64), PWN(big, 65),
			       RC_P(T_RC_SIZE, 1)));
		memset(big, 'z', sizeof(big));
		HC(change_auth(h, PWN(cur, 64), PWN(big, 65),
			       RC_P(T_RC_SIZE, 1)));
		HC(auth_is(h, PWN(cur, 64)));
		/* 64 whose last is a zero: 63 */
		memcpy(big, cur, 64);
		big[62] = 0x55;
		big[63] = 0;
		HC(change_auth(h, PWN(cur, 64), PWN(big, 64), 0));
		HC(auth_is(h, PWN(big, 63)));
	}
	HC(permanent_is(T_PERM_AUTHS));
	return true;
}

/* TPM_RC_BAD_AUTH for owner, endorsement and platform; AUTH_FAIL for lockout */
static bool test_hier_auth_fail(void)
{
	struct hsess s;
	struct acmd a;
	u32 i, k, v;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!sess_start(&s, TPM2E_ALG_SHA256, T_RH_NULL, NO_PW))
		return false;
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i];

		HC(change_auth(h, NO_PW, PW("right"), 0));
		HC(change_auth(h, PW("wrong"), NO_PW, bad_auth_rc(h)));
		HC(change_auth(h, NO_PW, NO_PW, bad_auth_rc(h)));
		HC(change_auth(h, PW("righ"), NO_PW, bad_auth_rc(h)));
		HC(change_auth(h, PW("right!"), NO_PW, bad_auth_rc(h)));
		/* HMAC sessions: a bit of the HMAC, the authValue */
		ac_change_auth(&a, h, &s, PW("right"), NO_PW)->flip = 1;
		HC(hc_run(&a, bad_auth_rc(h)));
		ac_change_auth(&a, h, &s, PW("wrong"), NO_PW);
		HC(hc_run(&a, bad_auth_rc(h)));
		ac_change_auth(&a, h, &s, NO_PW, NO_PW);
		HC(hc_run(&a, bad_auth_rc(h)));
		/* the same session, right: it was left as it was */
		ac_change_auth(&a, h, &s, PW("right"), PW("right"));
		HC(hc_run(&a, 0));
		HC(auth_is(h, PW("right")));
	}
	/* no lockout counter yet: failures do not lock lockoutAuth out */
	for (k = 0; k < 5; k++)
		HC(change_auth(T_RH_LOCKOUT, PW("guess"), NO_PW,
			       RC_S(T_RC_AUTH_FAIL, 1)));
	v = fixed_property(T_PT_LOCKOUT_COUNTER);
	EXPECT(v == 0, "TPM_PT_LOCKOUT_COUNTER %u", v);
	HC(auth_is(T_RH_LOCKOUT, PW("right")));
	HC(permanent_is(T_PERM_AUTHS));
	EXPECT_RC(flush_context(s.handle), 0);
	return true;
}

/* HierarchyChangeAuth through HMAC sessions: the response with the new value */
static bool test_hier_auth_sessions(void)
{
	static u8 long_auth[64];
	struct hsess s;
	struct acmd a;
	u32 i;

	memset(long_auth, 0xC3, sizeof(long_auth));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 16; i++) {
		u32 h = t_hier[i % 4];
		u16 alg = bank_algs[i / 4];

		/* bound to PCR 16: a sessionKey, then the authValue */
		if (!sess_start(&s, alg, i % 2 ? 16 : T_RH_NULL, NO_PW))
			return fail_in("hierarchy %#x, authHash %#x", h, alg);
		ac_change_auth(&a, h, &s, NO_PW, PW("first\0\0"));
		if (!hc_run_after(&a, PW("first")) || !auth_is(h, PW("first")))
			return fail_in("hierarchy %#x, authHash %#x, set", h,
				       alg);
		/* the value before no longer authorizes */
		ac_change_auth(&a, h, &s, NO_PW, NO_PW);
		HC(hc_run(&a, bad_auth_rc(h)));
		ac_change_auth(&a, h, &s, PW("first\0"), PWN(long_auth, 64));
		if (!hc_run_after(&a, PWN(long_auth, 64)) ||
		    !auth_is(h, PWN(long_auth, 64)))
			return fail_in("hierarchy %#x, authHash %#x, 64 bytes",
				       h, alg);
		/* back to empty, the session ending with the command */
		ac_change_auth(&a, h, &s, PWN(long_auth, 64), NO_PW)->attrs = 0;
		if (!hc_run_after(&a, NO_PW) || !no_sessions() ||
		    !auth_is(h, NO_PW))
			return fail_in("hierarchy %#x, authHash %#x, emptied",
				       h, alg);
	}
	return permanent_is(0);
}

/*
 * A session bound to the hierarchy whose authValue it changes: bound (key
 * the sessionKey alone) only while the authValue is the one it started
 * with.
 */
static bool test_hier_auth_bound(void)
{
	struct hsess s;
	struct acmd a;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i], other = t_hier[(i + 1) % 4];
		u16 alg = bank_algs[(i + 2) % 4];

		HC(change_auth(h, NO_PW, PW("A\0"), 0));
		HC(change_auth(other, NO_PW, PW("other"), 0));
		if (!sess_start(&s, alg, h, PW("A\0\0")))
			return fail_in("bound to %#x", h);
		/* bound: the authValue is no part of the key */
		ac_change_auth(&a, h, &s, PW("A"), PW("A"))->key =
			KEY_WITH_AUTH;
		HC(hc_run(&a, bad_auth_rc(h)));
		/* A to B: answered with sessionKey || B */
		ac_change_auth(&a, h, &s, PW("A"), PW("B"));
		HC(hc_run_after(&a, PW("B")));
		/* and no longer bound */
		ac_change_auth(&a, h, &s, PW("B"), PW("B"))->key = KEY_SESSION;
		HC(hc_run(&a, bad_auth_rc(h)));
		ac_change_auth(&a, h, &s, PW("B"), PW("B"));
		HC(hc_run(&a, 0));
		/* another hierarchy: sessionKey || its authValue */
		ac_change_auth(&a, other, &s, PW("other"), PW("other\0"));
		HC(hc_run_after(&a, PW("other")));
		/* B back to A: bound again, answered with the sessionKey */
		ac_change_auth(&a, h, &s, PW("B"), PW("A\0\0\0"));
		HC(hc_run_after(&a, PW("A")));
		ac_change_auth(&a, h, &s, PW("A"), PW("A"))->key = KEY_SESSION;
		HC(hc_run(&a, 0));
		/* changed by a password session behind its back */
		HC(change_auth(h, PW("A"), PW("C"), 0));
		ac_change_auth(&a, h, &s, PW("C"), PW("C"))->key = KEY_SESSION;
		HC(hc_run(&a, bad_auth_rc(h)));
		ac_change_auth(&a, h, &s, PW("C"), NO_PW);
		HC(hc_run_after(&a, NO_PW));
		HC(change_auth(other, PW("other"), NO_PW, 0));
		EXPECT_RC(flush_context(s.handle), 0);
	}
	return no_sessions() && permanent_is(0);
}

/* The other hierarchy commands through an HMAC session */
static bool test_hier_sessions(void)
{
	static u8 pol[48];
	struct hsess s;
	struct acmd a;

	memset(pol, 0x3C, sizeof(pol));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(change_auth(T_RH_PLATFORM, NO_PW, PW("plat"), 0));
	HC(change_auth(T_RH_ENDORSEMENT, NO_PW, PW("endo"), 0));
	HC(change_auth(T_RH_LOCKOUT, NO_PW, PW("lock"), 0));
	/* bound to owner: a sessionKey, and the others' authValues added */
	if (!sess_start(&s, TPM2E_ALG_SHA384, T_RH_OWNER, NO_PW))
		return false;
	hc_start_s(&a, T_CC_SET_PRIMARY_POLICY, T_RH_PLATFORM, &s, PW("plat"));
	ac_tpm2b(&a, pol, 48);
	ac_u16(&a, T_ALG_SHA384);
	HC(hc_run(&a, 0));
	HC(policy_is(T_RH_PLATFORM, T_ALG_SHA384, pol, 48));
	hc_start_s(&a, T_CC_HIERARCHY_CONTROL, T_RH_ENDORSEMENT, &s,
		   PW("endo"));
	ac_u32(&a, T_RH_ENDORSEMENT);
	ac_u8(&a, 0);
	HC(hc_run(&a, 0));
	HC(enables_are(T_SC_ALL & ~T_SC_EH));
	hc_start_s(&a, T_CC_CHANGE_EPS, T_RH_PLATFORM, &s, PW("plat"));
	HC(hc_run(&a, 0));
	HC(enables_are(T_SC_ALL));
	HC(auth_is(T_RH_ENDORSEMENT, NO_PW));
	hc_start_s(&a, T_CC_CHANGE_PPS, T_RH_PLATFORM, &s, PW("plat"));
	HC(hc_run(&a, 0));
	HC(no_policy(T_RH_PLATFORM));
	hc_start_s(&a, T_CC_CLEAR_CONTROL, T_RH_LOCKOUT, &s, PW("lock"));
	ac_u8(&a, 1);
	HC(hc_run(&a, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	hc_start_s(&a, T_CC_CLEAR_CONTROL, T_RH_PLATFORM, &s, PW("plat"));
	ac_u8(&a, 0);
	HC(hc_run(&a, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	/*
	 * Clear empties lockoutAuth: the response is keyed with the value
	 * the hierarchy has when it is made, as for HierarchyChangeAuth.
	 */
	hc_start_s(&a, T_CC_CLEAR, T_RH_LOCKOUT, &s, PW("lock"));
	HC(hc_run_after(&a, NO_PW));
	HC(permanent_is(0));
	HC(auth_is(T_RH_LOCKOUT, NO_PW));
	/* owner's authValue did not change: still bound */
	hc_start_s(&a, T_CC_HIERARCHY_CONTROL, T_RH_OWNER, &s, NO_PW)->key =
		KEY_SESSION;
	ac_u32(&a, T_RH_OWNER);
	ac_u8(&a, 0);
	HC(hc_run(&a, 0));
	HC(enables_are(T_SC_ALL & ~T_SC_SH));
	EXPECT_RC(flush_context(s.handle), 0);
	return true;
}

/* platformAuth and platformPolicy: gone at Startup(CLEAR) only */
static bool test_hier_auth_startup(void)
{
	const struct pw auths[4] = {
		PW("own"), PW("end"), PW("plat"), PW("lock"),
	};
	static const u8 pol[32] = { 1, 2, 3, 4 };
	u32 i, k;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], NO_PW, auths[i], 0));
		HC(set_policy(t_hier[i], auths[i], pol, 32, T_ALG_SHA256, 0));
	}
	/* Resume: everything stays */
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_STATE));
	for (i = 0; i < 4; i++) {
		if (!auth_is(t_hier[i], auths[i]) ||
		    !policy_is(t_hier[i], T_ALG_SHA256, pol, 32))
			return fail_in("after Resume");
	}
	/* Restart, then TPM Reset unorderly and after Shutdown(CLEAR) */
	for (k = 0; k < 3; k++) {
		static const int downs[3] = {
			TPM2E_SU_STATE, UNORDERLY, TPM2E_SU_CLEAR,
		};

		if (k) {
			HC(change_auth(T_RH_PLATFORM, NO_PW, auths[2], 0));
			HC(set_policy(T_RH_PLATFORM, auths[2], pol, 32,
				      T_ALG_SHA256, 0));
		}
		HC(power_cycle(downs[k], TPM2E_SU_CLEAR));
		for (i = 0; i < 4; i++) {
			bool gone = t_hier[i] == T_RH_PLATFORM;

			if (!auth_is(t_hier[i], gone ? NO_PW : auths[i]) ||
			    !(gone ? no_policy(t_hier[i]) :
			      policy_is(t_hier[i], T_ALG_SHA256, pol, 32)))
				return fail_in("after %s",
					       k ? "TPM Reset" : "Restart");
		}
	}
	HC(permanent_is(T_PERM_AUTHS));
	return true;
}

/* HierarchyControl: who may set or clear what */
static bool test_hier_control(void)
{
	static const u32 auths[3] = {
		T_RH_OWNER, T_RH_ENDORSEMENT, T_RH_PLATFORM,
	};
	static const u32 enables[4] = {
		T_RH_OWNER, T_RH_ENDORSEMENT, T_RH_PLATFORM, T_RH_PLATFORM_NV,
	};
	static const u32 bits[4] = { T_SC_SH, T_SC_EH, T_SC_PH, T_SC_PH_NV };
	static const u32 bad_enables[] = {
		T_RH_LOCKOUT, T_RH_NULL, T_RS_PW, 0x40000000, 0x40000002,
		0x4000000E, 0, 0x80000000, 0xFFFFFFFF,
	};
	static const u8 bad_states[] = { 2, 0x80, 0xFF };
	struct acmd a;
	u32 i, j, st, sc;

	for (i = 0; i < 3; i++)
		for (j = 0; j < 4; j++)
			for (st = 0; st < 2; st++) {
				/* owner/endorsement may "enable" itself:
				 * a no-op, as in the reference code */
				bool ok = auths[i] == T_RH_PLATFORM ||
					  auths[i] == enables[j];
				u32 want = ok ? 0 : T_RC_AUTH_TYPE;

				fresh_engine();
				EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
				if (!hier_control(auths[i], NO_PW, enables[j],
						  st, want) ||
				    !enables_are(ok && !st ?
						 T_SC_ALL & ~bits[j] :
						 T_SC_ALL))
					return fail_in("authHandle %#x, enable "
						       "%#x, state %u",
						       auths[i], enables[j],
						       st);
			}
	/* the platform clears and sets each of the others */
	fresh_engine();
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (j = 0; j < 4; j++) {
		if (enables[j] == T_RH_PLATFORM)
			continue;
		HC(hier_control(T_RH_PLATFORM, NO_PW, enables[j], 0, 0));
		HC(enables_are(T_SC_ALL & ~bits[j]));
		HC(hier_control(T_RH_PLATFORM, NO_PW, enables[j], 0, 0));
		HC(enables_are(T_SC_ALL & ~bits[j]));
		HC(hier_control(T_RH_PLATFORM, NO_PW, enables[j], 1, 0));
		HC(enables_are(T_SC_ALL));
	}
	/* all off, the platform last: then only Startup(CLEAR) helps */
	sc = T_SC_ALL;
	for (j = 0; j < 4; j++) {
		/* platformNV, owner, endorsement, platform */
		u32 k = (j + 3) % 4;

		HC(hier_control(T_RH_PLATFORM, NO_PW, enables[k], 0, 0));
		sc &= ~bits[k];
		HC(enables_are(sc));
	}
	HC(hier_control(T_RH_PLATFORM, NO_PW, T_RH_PLATFORM, 1,
			RC_H(T_RC_HIERARCHY, 1)));
	HC(hier_control(T_RH_OWNER, NO_PW, T_RH_OWNER, 1,
			RC_H(T_RC_HIERARCHY, 1)));
	HC(enables_are(0));
	HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
	HC(enables_are(T_SC_ALL));
	/* owner and endorsement turn themselves off, and cannot turn on */
	HC(hier_control(T_RH_OWNER, NO_PW, T_RH_OWNER, 0, 0));
	HC(hier_control(T_RH_OWNER, NO_PW, T_RH_OWNER, 1,
			RC_H(T_RC_HIERARCHY, 1)));
	HC(hier_control(T_RH_ENDORSEMENT, NO_PW, T_RH_ENDORSEMENT, 0, 0));
	HC(hier_control(T_RH_ENDORSEMENT, NO_PW, T_RH_ENDORSEMENT, 1,
			RC_H(T_RC_HIERARCHY, 1)));
	HC(hier_control(T_RH_PLATFORM, NO_PW, T_RH_PLATFORM, 0, 0));
	HC(enables_are(T_SC_PH_NV));
	/* a Restart sets them all again too */
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_CLEAR));
	HC(enables_are(T_SC_ALL));
	/* parameters */
	for (j = 0; j < ARRAY_SIZE(bad_enables); j++)
		HC(hier_control(T_RH_PLATFORM, NO_PW, bad_enables[j], 0,
				RC_P(T_RC_VALUE, 1)));
	for (j = 0; j < ARRAY_SIZE(bad_states); j++)
		HC(hier_control(T_RH_OWNER, NO_PW, T_RH_OWNER, bad_states[j],
				RC_P(T_RC_VALUE, 2)));
	hc_start(&a, T_CC_HIERARCHY_CONTROL, T_RH_PLATFORM, NO_PW);
	ac_u16(&a, 0x4000);
	HC(hc_run(&a, RC_P(T_RC_INSUFFICIENT, 1)));
	hc_start(&a, T_CC_HIERARCHY_CONTROL, T_RH_PLATFORM, NO_PW);
	ac_u32(&a, T_RH_OWNER);
	HC(hc_run(&a, RC_P(T_RC_INSUFFICIENT, 2)));
	hc_start(&a, T_CC_HIERARCHY_CONTROL, T_RH_PLATFORM, NO_PW);
	ac_u32(&a, T_RH_OWNER);
	ac_u8(&a, 0);
	ac_u8(&a, 0);
	HC(hc_run(&a, T_RC_SIZE));
	/* a wrong password comes first */
	HC(hier_control(T_RH_OWNER, PW("x"), T_RH_PLATFORM, 0,
			RC_S(T_RC_BAD_AUTH, 1)));
	return enables_are(T_SC_ALL);
}

/* A disabled hierarchy in the handle area: TPM_RC_HIERARCHY */
static bool test_hier_disabled(void)
{
	static const struct {
		u32 cc;
		u8 takes;	/* H_* */
	} uses[] = {
		{ T_CC_HIERARCHY_CONTROL,
		  H_OWNER | H_ENDORSEMENT | H_PLATFORM },
		{ T_CC_CHANGE_EPS, H_PLATFORM },
		{ T_CC_CHANGE_PPS, H_PLATFORM },
		{ T_CC_CLEAR, H_PLATFORM | H_LOCKOUT },
		{ T_CC_CLEAR_CONTROL, H_PLATFORM | H_LOCKOUT },
		{ T_CC_HIERARCHY_CHANGE_AUTH, 0xF },
		{ T_CC_SET_PRIMARY_POLICY, 0xF },
		{ T_CC_CLOCK_SET, H_OWNER | H_PLATFORM },
		{ T_CC_CLOCK_RATE_ADJUST, H_OWNER | H_PLATFORM },
		{ T_CC_PCR_SET_AUTH_POLICY, H_PLATFORM },
		{ T_CC_PCR_ALLOCATE, H_PLATFORM },
	};
	/* disabled by itself, by the platform, by itself */
	static const u32 by[3] = { T_RH_OWNER, T_RH_PLATFORM, T_RH_PLATFORM };
	static const u32 bits[3] = { T_SC_SH, T_SC_EH, T_SC_PH };
	struct tickets tk;
	struct acmd a;
	u32 d, i, j, seq;

	for (d = 0; d < 3; d++) {
		u32 h = t_hier[d];

		fresh_engine();
		EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
		HC(tickets_get(&tk));
		HC(start_ok(NO_PW, TPM2E_ALG_SHA256, &seq));
		HC(hier_control(by[d], NO_PW, h, 0, 0));
		HC(enables_are(T_SC_ALL & ~bits[d]));
		for (i = 0; i < ARRAY_SIZE(uses); i++) {
			for (j = 0; j < 4; j++) {
				u32 cc = uses[i].cc;

				if (!(uses[i].takes & BIT(j)))
					continue;
				if (!probe(cc, t_hier[j], j == d ?
					   RC_H(T_RC_HIERARCHY, 1) :
					   bad_auth_rc(t_hier[j])))
					return fail_in("%#x disabled, command "
						       "%#x on %#x", h, cc,
						       t_hier[j]);
				if (j != d)
					continue;
				/* the right password does not help */
				hc_start(&a, cc, h, NO_PW);
				hc_params(&a);
				if (!hc_run(&a, RC_H(T_RC_HIERARCHY, 1)))
					return fail_in("%#x disabled, command "
						       "%#x", h, cc);
			}
		}
		/* a bind entity is in the handle area too (the second) */
		for (j = 0; j < 4; j++) {
			struct sas_in in = sas_default(TPM2E_ALG_SHA256);
			u32 rc, sh;

			in.bind = t_hier[j];
			rc = start_session(&in);
			sh = get_unaligned_be32(rsp + 10);
			EXPECT(rc == (j == d ? RC_H(T_RC_HIERARCHY, 2) : 0),
			       "%#x disabled: StartAuthSession bound to %#x: "
			       "rc %#x", h, t_hier[j], rc);
			if (!rc)
				EXPECT_RC(flush_context(sh), 0);
		}
		/*
		 * TPM2_Hash names its hierarchy in a parameter, which Part 3
		 * does not check against the enables: same tickets.
		 */
		HC(tickets_moved(&tk, 0));
		/* a sequence belongs to no hierarchy: still loaded */
		HC(LOADED(seq));
		if (h == T_RH_PLATFORM)
			HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
		else
			HC(hier_control(T_RH_PLATFORM, NO_PW, h, 1, 0));
		HC(enables_are(T_SC_ALL));
		for (j = 0; j < 4; j++)
			HC(auth_is(t_hier[j], NO_PW));
		HC(tickets_moved(&tk, 0));
	}
	/* phEnableNV: no NV index yet, so the bit alone */
	fresh_engine();
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(hier_control(T_RH_PLATFORM, NO_PW, T_RH_PLATFORM_NV, 0, 0));
	HC(enables_are(T_SC_ALL & ~T_SC_PH_NV));
	for (i = 0; i < ARRAY_SIZE(uses); i++)
		for (j = 0; j < 4; j++)
			if (uses[i].takes & BIT(j))
				HC(probe(uses[i].cc, t_hier[j],
					 bad_auth_rc(t_hier[j])));
	return true;
}

/* SetPrimaryPolicy: the digest's size must be hashAlg's */
static bool test_set_primary_policy(void)
{
	static const u16 bad_algs[] = {
		0x0000, T_ALG_AES, 0x0005, T_ALG_XOR, T_ALG_SM3_256, 0x0027,
		0x0014, 0xFFFF,
	};
	static u8 pol[72];
	struct acmd a;
	u32 i, k;

	for (k = 0; k < sizeof(pol); k++)
		pol[k] = (u8)(k * 13 + 7);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (i = 0; i < 4; i++)
		HC(no_policy(t_hier[i]));
	for (i = 0; i < 4; i++) {
		u32 h = t_hier[i];

		for (k = 0; k < 4; k++) {
			u16 alg = bank_algs[k], n = t_digest_size[k];
			const u8 *p = pol + i + k;

			HC(set_policy(h, NO_PW, p, n, alg, 0));
			HC(policy_is(h, alg, p, n));
			HC(set_policy(h, NO_PW, pol, n - 1, alg,
				      RC_P(T_RC_SIZE, 1)));
			HC(set_policy(h, NO_PW, pol, n + 1, alg,
				      RC_P(T_RC_SIZE, 1)));
			HC(set_policy(h, NO_PW, NULL, 0, alg,
				      RC_P(T_RC_SIZE, 1)));
			HC(policy_is(h, alg, p, n));
		}
		/* TPM_ALG_NULL goes with the empty policy only */
		HC(set_policy(h, NO_PW, pol, 32, T_ALG_NULL,
			      RC_P(T_RC_SIZE, 1)));
		HC(set_policy(h, NO_PW, pol, 1, T_ALG_NULL,
			      RC_P(T_RC_SIZE, 1)));
		HC(policy_is(h, T_ALG_SHA512, pol + i + 3, 64));
		HC(set_policy(h, NO_PW, NULL, 0, T_ALG_NULL, 0));
		HC(no_policy(h));
		for (k = 0; k < ARRAY_SIZE(bad_algs); k++) {
			HC(set_policy(h, NO_PW, pol, 32, bad_algs[k],
				      RC_P(T_RC_HASH, 2)));
			HC(set_policy(h, NO_PW, NULL, 0, bad_algs[k],
				      RC_P(T_RC_HASH, 2)));
		}
		/* TPM2B_DIGEST takes 64 bytes at most: that comes first */
		HC(set_policy(h, NO_PW, pol, 65, T_ALG_SHA512,
			      RC_P(T_RC_SIZE, 1)));
		HC(set_policy(h, NO_PW, pol, 65, 0xFFFF, RC_P(T_RC_SIZE, 1)));
		/* then the algorithm, then the size against it */
		HC(set_policy(h, NO_PW, pol, 33, T_ALG_AES,
			      RC_P(T_RC_HASH, 2)));
		/* cut short, a byte over */
		hc_start(&a, T_CC_SET_PRIMARY_POLICY, h, NO_PW);
		ac_u16(&a, 32);
		ac_u8(&a, 1);
		HC(hc_run(&a, RC_P(T_RC_INSUFFICIENT, 1)));
		hc_start(&a, T_CC_SET_PRIMARY_POLICY, h, NO_PW);
		ac_tpm2b(&a, pol, 32);
		ac_u8(&a, 0);
		HC(hc_run(&a, RC_P(T_RC_INSUFFICIENT, 2)));
		hc_start(&a, T_CC_SET_PRIMARY_POLICY, h, NO_PW);
		ac_tpm2b(&a, pol, 32);
		ac_u16(&a, T_ALG_SHA256);
		ac_u8(&a, 0);
		HC(hc_run(&a, T_RC_SIZE));
		/* its own authorization */
		HC(set_policy(h, PW("x"), pol, 32, T_ALG_SHA256,
			      bad_auth_rc(h)));
		HC(no_policy(h));
	}
	/* each hierarchy its own */
	for (i = 0; i < 4; i++)
		HC(set_policy(t_hier[i], NO_PW, pol + 2 * i, t_digest_size[i],
			      bank_algs[i], 0));
	for (i = 0; i < 4; i++)
		HC(policy_is(t_hier[i], bank_algs[i], pol + 2 * i,
			     t_digest_size[i]));
	/* a policy is no authValue */
	HC(permanent_is(0));
	for (i = 0; i < 4; i++)
		HC(auth_is(t_hier[i], NO_PW));
	return true;
}

/* ReadClock's clock, resetCount, restartCount, safe */
static bool clock_is(u64 min, u64 max, u32 reset, u32 restart, u8 safe)
{
	struct time_info t;

	if (!read_clock(&t))
		return false;
	EXPECT(t.clock >= min && t.clock < max && t.reset == reset &&
	       t.restart == restart && t.safe == safe,
	       "clock %llu resetCount %u restartCount %u safe %u; want clock "
	       "in [%llu, %llu), %u, %u, %u", (unsigned long long)t.clock,
	       t.reset, t.restart, t.safe, (unsigned long long)min,
	       (unsigned long long)max, reset, restart, safe);
	return true;
}

#define T_FAR		5000000000ULL
#define T_SOON		60000ULL

static bool test_clear(void)
{
	const struct pw auths[4] = {
		PW("own"), PW("end"), PW("plat"), PW("lock"),
	};
	static struct saved_ctx sc1, sc2, ss;
	static const u8 pol[32] = { 9, 8, 7 };
	struct tickets tk;
	struct hsess s;
	struct acmd a;
	u32 i, seq, x;

	fill_seq_data(95);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(tickets_get(&tk));
	HC(tickets_model(&tk, TK_OWNER | TK_ENDORSEMENT | TK_PLATFORM));
	/* Clock far on and not safe, resetCount 2, restartCount 2 */
	EXPECT_RC(clock_set(T_RH_OWNER, T_FAR), 0);
	HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_CLEAR));
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_STATE));
	HC(clock_is(T_FAR, T_FAR + T_SOON, 2, 2, 0));
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], NO_PW, auths[i], 0));
		HC(set_policy(t_hier[i], auths[i], pol, 32, T_ALG_SHA256, 0));
	}
	HC(hier_control(T_RH_OWNER, auths[0], T_RH_OWNER, 0, 0));
	HC(hier_control(T_RH_PLATFORM, auths[2], T_RH_ENDORSEMENT, 0, 0));
	HC(hier_control(T_RH_PLATFORM, auths[2], T_RH_PLATFORM_NV, 0, 0));
	HC(enables_are(T_SC_PH));
	HC(permanent_is(T_PERM_AUTHS));
	/* a sequence and its context, a session's context */
	HC(start_ok(PW("sq"), TPM2E_ALG_SHA256, &seq));
	HC(update_ok(seq, PW("sq"), seq_data, 100));
	HC(save_ok(seq, &sc1));
	if (!sess_start(&s, TPM2E_ALG_SHA1, T_RH_NULL, NO_PW) ||
	    !sess_save(&s, &ss))
		return false;

	/* disableClear: refused, after the authorization */
	HC(clear_control(T_RH_LOCKOUT, auths[3], 1, 0));
	HC(permanent_is(T_PERM_AUTHS | T_PERM_DISABLE_CLEAR));
	HC(hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, auths[3], T_RC_DISABLED));
	HC(hc_bare(T_CC_CLEAR, T_RH_PLATFORM, auths[2], T_RC_DISABLED));
	HC(hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, PW("no"),
		   RC_S(T_RC_AUTH_FAIL, 1)));
	HC(hc_bare(T_CC_CLEAR, T_RH_PLATFORM, PW("no"),
		   RC_S(T_RC_BAD_AUTH, 1)));
	HC(permanent_is(T_PERM_AUTHS | T_PERM_DISABLE_CLEAR));
	HC(enables_are(T_SC_PH));
	HC(tickets_moved(&tk, 0));
	HC(clock_is(T_FAR, T_FAR + T_SOON, 2, 2, 0));
	HC(clear_control(T_RH_PLATFORM, auths[2], 0, 0));
	HC(permanent_is(T_PERM_AUTHS));

	/* Clear, by lockout */
	HC(hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, auths[3], 0));
	HC(permanent_is(0));
	for (i = 0; i < 4; i++) {
		bool platform = t_hier[i] == T_RH_PLATFORM;

		if (!auth_is(t_hier[i], platform ? auths[i] : NO_PW) ||
		    !(platform ? policy_is(t_hier[i], T_ALG_SHA256, pol, 32) :
		      no_policy(t_hier[i])))
			return fail_in("after Clear");
	}
	/* shEnable and ehEnable set; phEnableNV left as it was */
	HC(enables_are(T_SC_PH | T_SC_SH | T_SC_EH));
	HC(tickets_moved(&tk, TK_OWNER | TK_ENDORSEMENT));
	HC(tickets_model(&tk, TK_PLATFORM));
	HC(clock_is(0, T_SOON, 0, 0, 1));
	/* Clock goes on from 0 */
	EXPECT_RC(clock_set(T_RH_OWNER, 100000), 0);
	HC(clock_is(100000, 100000 + T_SOON, 0, 0, 1));
	/* objects of no hierarchy and saved contexts: as they were */
	HC(LOADED(seq));
	HC(update_ok(seq, PW("sq"), seq_data + 100, 50));
	EXPECT_RC(flush_context(seq), 0);
	HC(load_ok(&sc1, &x));
	HC(update_ok(x, PW("sq"), seq_data + 100, 50));
	HC(save_ok(x, &sc2));
	if (!sess_load(&s, &ss))
		return fail_in("the session's context after Clear");
	ac_extend(&a, 16, &s, 1);
	HC(run_ok(&a));
	HC(sess_save(&s, &ss));

	/* a TPM Reset: resetCount 1 again, every context before it gone */
	HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
	HC(clock_is(100000, 100000 + T_SOON, 1, 0, 0));
	EXPECT_RC(context_load(&sc1, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&sc2, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&ss, &x), RC_P(T_RC_INTEGRITY, 1));
	/* the new proofs last */
	HC(tickets_moved(&tk, 0));
	HC(enables_are(T_SC_ALL));
	for (i = 0; i < 4; i++)
		HC(auth_is(t_hier[i], NO_PW));

	/* Clear by the platform */
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], NO_PW, auths[i], 0));
		HC(set_policy(t_hier[i], auths[i], pol, 32, T_ALG_SHA256, 0));
	}
	HC(hier_control(T_RH_ENDORSEMENT, auths[1], T_RH_ENDORSEMENT, 0, 0));
	HC(hc_bare(T_CC_CLEAR, T_RH_PLATFORM, auths[2], 0));
	HC(permanent_is(0));
	HC(enables_are(T_SC_ALL));
	for (i = 0; i < 4; i++) {
		bool platform = t_hier[i] == T_RH_PLATFORM;

		if (!auth_is(t_hier[i], platform ? auths[i] : NO_PW) ||
		    !(platform ? policy_is(t_hier[i], T_ALG_SHA256, pol, 32) :
		      no_policy(t_hier[i])))
			return fail_in("after the second Clear");
	}
	HC(tickets_moved(&tk, TK_OWNER | TK_ENDORSEMENT));
	HC(clock_is(0, T_SOON, 0, 0, 1));
	return true;
}

/* ClearControl: lockout may only forbid Clear, the platform both ways */
static bool test_clear_control(void)
{
	static const u8 bad[] = { 2, 0x80, 0xFF };
	struct acmd a;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(change_auth(T_RH_LOCKOUT, NO_PW, PW("lock"), 0));
	/* lockout with NO: a bare TPM_RC_AUTH_FAIL, after the authorization */
	HC(clear_control(T_RH_LOCKOUT, PW("lock"), 0, T_RC_AUTH_FAIL));
	HC(clear_control(T_RH_LOCKOUT, PW("lick"), 0,
			 RC_S(T_RC_AUTH_FAIL, 1)));
	HC(clear_control(T_RH_LOCKOUT, PW("lick"), 1,
			 RC_S(T_RC_AUTH_FAIL, 1)));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	HC(clear_control(T_RH_LOCKOUT, PW("lock"), 1, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(clear_control(T_RH_LOCKOUT, PW("lock"), 1, 0));
	HC(clear_control(T_RH_LOCKOUT, PW("lock"), 0, T_RC_AUTH_FAIL));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	/* a persistent flag: Resume, Restart, TPM Reset */
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_STATE));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_CLEAR));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, PW("lock"), T_RC_DISABLED));
	HC(hc_bare(T_CC_CLEAR, T_RH_PLATFORM, NO_PW, T_RC_DISABLED));
	/* the platform, either way, as often as it likes */
	HC(clear_control(T_RH_PLATFORM, NO_PW, 0, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	HC(clear_control(T_RH_PLATFORM, NO_PW, 0, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	HC(clear_control(T_RH_PLATFORM, NO_PW, 1, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(clear_control(T_RH_PLATFORM, NO_PW, 1, 0));
	HC(clear_control(T_RH_PLATFORM, PW("x"), 0, RC_S(T_RC_BAD_AUTH, 1)));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH | T_PERM_DISABLE_CLEAR));
	HC(clear_control(T_RH_PLATFORM, NO_PW, 0, 0));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	/* the parameter */
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		HC(clear_control(T_RH_PLATFORM, NO_PW, bad[i],
				 RC_P(T_RC_VALUE, 1)));
	hc_start(&a, T_CC_CLEAR_CONTROL, T_RH_PLATFORM, NO_PW);
	HC(hc_run(&a, RC_P(T_RC_INSUFFICIENT, 1)));
	hc_start(&a, T_CC_CLEAR_CONTROL, T_RH_PLATFORM, NO_PW);
	ac_u8(&a, 1);
	ac_u8(&a, 1);
	HC(hc_run(&a, T_RC_SIZE));
	HC(permanent_is(T_PERM_LOCKOUT_AUTH));
	/* allowed again: Clear empties lockoutAuth */
	HC(hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, PW("lock"), 0));
	HC(permanent_is(0));
	return auth_is(T_RH_LOCKOUT, NO_PW);
}

/* ChangePPS and ChangeEPS: the one hierarchy renewed, nothing else */
static bool test_change_pps_eps(void)
{
	const struct pw auths[4] = {
		PW("own"), PW("end"), PW("plat"), PW("lock"),
	};
	static u8 pol[4][64];
	struct tickets tk;
	u32 i, seq;

	for (i = 0; i < 4; i++)
		memset(pol[i], 0x11 * (i + 1), sizeof(pol[i]));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	HC(tickets_get(&tk));
	HC(tickets_model(&tk, TK_OWNER | TK_ENDORSEMENT | TK_PLATFORM));
	for (i = 0; i < 4; i++) {
		HC(change_auth(t_hier[i], NO_PW, auths[i], 0));
		HC(set_policy(t_hier[i], auths[i], pol[i], t_digest_size[i],
			      bank_algs[i], 0));
	}
	HC(start_ok(NO_PW, TPM2E_ALG_SHA384, &seq));

	/* ChangePPS: the platform proof and platformPolicy, not its auth */
	HC(hc_bare(T_CC_CHANGE_PPS, T_RH_PLATFORM, PW("x"),
		   RC_S(T_RC_BAD_AUTH, 1)));
	HC(tickets_moved(&tk, 0));
	HC(hc_bare(T_CC_CHANGE_PPS, T_RH_PLATFORM, auths[2], 0));
	HC(tickets_moved(&tk, TK_PLATFORM));
	HC(tickets_model(&tk, TK_OWNER | TK_ENDORSEMENT));
	for (i = 0; i < 4; i++) {
		HC(auth_is(t_hier[i], auths[i]));
		if (t_hier[i] == T_RH_PLATFORM)
			HC(no_policy(t_hier[i]));
		else
			HC(policy_is(t_hier[i], bank_algs[i], pol[i],
				     t_digest_size[i]));
	}
	HC(permanent_is(T_PERM_AUTHS));
	HC(enables_are(T_SC_ALL));
	HC(LOADED(seq));
	HC(hc_bare(T_CC_CHANGE_PPS, T_RH_PLATFORM, auths[2], 0));
	HC(tickets_moved(&tk, TK_PLATFORM));

	/* ChangeEPS, endorsement disabled: enabled, its auth and policy gone */
	HC(set_policy(T_RH_PLATFORM, auths[2], pol[2], 48, T_ALG_SHA384, 0));
	HC(hier_control(T_RH_ENDORSEMENT, auths[1], T_RH_ENDORSEMENT, 0, 0));
	HC(enables_are(T_SC_ALL & ~T_SC_EH));
	HC(hc_bare(T_CC_CHANGE_EPS, T_RH_PLATFORM, PW("x"),
		   RC_S(T_RC_BAD_AUTH, 1)));
	HC(enables_are(T_SC_ALL & ~T_SC_EH));
	HC(hc_bare(T_CC_CHANGE_EPS, T_RH_PLATFORM, auths[2], 0));
	HC(enables_are(T_SC_ALL));
	HC(tickets_moved(&tk, TK_ENDORSEMENT));
	HC(tickets_model(&tk, TK_OWNER));
	HC(permanent_is(T_PERM_OWNER_AUTH | T_PERM_LOCKOUT_AUTH));
	for (i = 0; i < 4; i++) {
		bool endorsement = t_hier[i] == T_RH_ENDORSEMENT;

		HC(auth_is(t_hier[i], endorsement ? NO_PW : auths[i]));
		if (endorsement)
			HC(no_policy(t_hier[i]));
		else if (t_hier[i] == T_RH_PLATFORM)
			HC(policy_is(t_hier[i], T_ALG_SHA384, pol[2], 48));
		else
			HC(policy_is(t_hier[i], bank_algs[i], pol[i],
				     t_digest_size[i]));
	}
	HC(LOADED(seq));
	HC(hc_bare(T_CC_CHANGE_EPS, T_RH_PLATFORM, auths[2], 0));
	HC(tickets_moved(&tk, TK_ENDORSEMENT));

	/* the new proofs last: Resume, Restart, TPM Reset */
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_STATE));
	HC(tickets_moved(&tk, 0));
	HC(power_cycle(TPM2E_SU_STATE, TPM2E_SU_CLEAR));
	HC(tickets_moved(&tk, 0));
	HC(power_cycle(UNORDERLY, TPM2E_SU_CLEAR));
	HC(tickets_moved(&tk, 0));
	/* the platform disabled: neither */
	HC(hier_control(T_RH_PLATFORM, NO_PW, T_RH_PLATFORM, 0, 0));
	HC(hc_bare(T_CC_CHANGE_PPS, T_RH_PLATFORM, NO_PW,
		   RC_H(T_RC_HIERARCHY, 1)));
	HC(hc_bare(T_CC_CHANGE_EPS, T_RH_PLATFORM, NO_PW,
		   RC_H(T_RC_HIERARCHY, 1)));
	HC(tickets_moved(&tk, 0));
	return permanent_is(T_PERM_OWNER_AUTH | T_PERM_LOCKOUT_AUTH);
}

/* ---- the kernel's registration sequence (tpm2_auto_startup) ---- */

static bool test_kernel_auto_startup(void)
{
	struct cmdbuf c;
	u32 n;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SELF_TEST);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INITIALIZE);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_SELF_TEST);
	cb_u8(&c, 0);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT_RC(get_cap(TPM2E_CAP_TPM_PROPERTIES, TPM2E_PT_TOTAL_COMMANDS, 1),
		  0);
	n = get_unaligned_be32(rsp + 23);
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, TPM2E_CC_FIRST, n), 0);
	EXPECT(rsp_len >= 19 + 4 * n && get_unaligned_be32(rsp + 15) == n,
	       "count %u, want %u", get_unaligned_be32(rsp + 15), n);
	EXPECT_RC(get_cap(TPM2E_CAP_PCRS, 0, 1), 0);
	EXPECT(get_unaligned_be32(rsp + 15) == 4, "banks");
	return true;
}

/* ---- key objects: KEYEDHASH and SYMCIPHER ---- */

/*
 * The contract of /work/notes/keys-spec.md: CreatePrimary, Create, Load,
 * ReadPublic, Unseal, HMAC, HMAC_Start, EncryptDecrypt(2). Every name,
 * qualified name, creationHash, HMAC and ciphertext is computed here with
 * OpenSSL over the bytes the engine returns or the test chose.
 */
#define T_CC_CREATE_PRIMARY		0x0131
#define T_CC_CREATE			0x0153
#define T_CC_HMAC			0x0155
#define T_CC_LOAD			0x0157
#define T_CC_HMAC_START			0x015B
#define T_CC_UNSEAL			0x015E
#define T_CC_ENCRYPT_DECRYPT		0x0164
#define T_CC_READ_PUBLIC		0x0173
#define T_CC_ENCRYPT_DECRYPT2		0x0193

#define T_ALG_HMAC			0x0005
#define T_ALG_KEYEDHASH			0x0008
#define T_ALG_SYMCIPHER			0x0025

/* TPMA_OBJECT */
#define OA_FIXED_TPM			BIT(1)
#define OA_ST_CLEAR			BIT(2)
#define OA_FIXED_PARENT			BIT(4)
#define OA_SENS_ORIGIN			BIT(5)
#define OA_USER_WITH_AUTH		BIT(6)
#define OA_NO_DA			BIT(10)
#define OA_RESTRICTED			BIT(16)
#define OA_DECRYPT			BIT(17)
#define OA_SIGN				BIT(18)
#define OA_FIXED			(OA_FIXED_TPM | OA_FIXED_PARENT)
#define OA_STORAGE			(OA_RESTRICTED | OA_DECRYPT | \
					 OA_FIXED | OA_SENS_ORIGIN | \
					 OA_USER_WITH_AUTH)

#define T_RC_SCHEME			0x092
#define T_RC_TYPE			0x08A
#define T_RC_AUTH_UNAVAILABLE		0x12F
#define T_RC_SEQUENCE			0x103
#define T_ST_CREATION			0x8021

static_assert(RC_P(T_RC_ATTRIBUTES, 2) == 0x2C2);
static_assert(RC_P(T_RC_SCHEME, 2) == 0x2D2);
static_assert(RC_P(T_RC_MODE, 2) == 0x2C9);
static_assert(RC_P(T_RC_SIZE, 2) == 0x2D5);
static_assert(RC_P(T_RC_TYPE, 2) == 0x2CA);
static_assert(RC_H(T_RC_TYPE, 1) == 0x18A);
static_assert(RC_H(T_RC_ATTRIBUTES, 1) == 0x182);
static_assert(RC_H(T_RC_KEY, 1) == 0x19C);

/* A TPMT_PUBLIC to send: the parameters as u16s */
struct tpub {
	u16 type;
	u16 name_alg;
	u32 attrs;
	u16 policy_size;
	u8 n_parms;
	u16 parms[5];
	u16 unique_size;
	u8 unique_fill;
};

/* TPMS_SENSITIVE_CREATE */
struct tsens {
	struct pw auth;
	const u8 *data;
	u16 data_size;
};

/* An object as the test knows it */
struct tkey {
	u32 handle;
	u32 hierarchy;
	u16 pub_size;
	u8 pub[256];		/* TPMT_PUBLIC as returned */
	u16 priv_size;
	u8 priv[512];		/* TPM2B_PRIVATE's buffer */
	u8 name[34];		/* nameAlg (SHA-256) || digest */
	u8 qn[34];		/* its qualifiedName */
	u16 cd_size;
	u8 cd[256];		/* TPMS_CREATION_DATA */
	u16 tk_tag;
	u32 tk_hier;
	u16 tk_size;
	struct pw auth;		/* its authValue */
};

static struct tpub pub_storage(void)
{
	return (struct tpub){
		.type = T_ALG_SYMCIPHER, .name_alg = T_ALG_SHA256,
		.attrs = OA_STORAGE, .n_parms = 3,
		.parms = { T_ALG_AES, 128, T_ALG_CFB },
	};
}

static struct tpub pub_aes(u16 bits, u16 mode)
{
	return (struct tpub){
		.type = T_ALG_SYMCIPHER, .name_alg = T_ALG_SHA256,
		.attrs = OA_FIXED | OA_USER_WITH_AUTH | OA_SIGN | OA_DECRYPT,
		.n_parms = 3, .parms = { T_ALG_AES, bits, mode },
	};
}

static struct tpub pub_hmac(u16 hash)
{
	return (struct tpub){
		.type = T_ALG_KEYEDHASH, .name_alg = T_ALG_SHA256,
		.attrs = OA_FIXED | OA_USER_WITH_AUTH | OA_SIGN,
		.n_parms = 2, .parms = { T_ALG_HMAC, hash },
	};
}

static struct tpub pub_sealed(void)
{
	return (struct tpub){
		.type = T_ALG_KEYEDHASH, .name_alg = T_ALG_SHA256,
		.attrs = OA_FIXED | OA_USER_WITH_AUTH,
		.n_parms = 1, .parms = { T_ALG_NULL },
	};
}

static u32 put_public(u8 *b, const struct tpub *p)
{
	u32 at = 0, i;

	put_unaligned_be16(p->type, b);
	put_unaligned_be16(p->name_alg, b + 2);
	put_unaligned_be32(p->attrs, b + 4);
	put_unaligned_be16(p->policy_size, b + 8);
	at = 10;
	memset(b + at, 0x77, p->policy_size);
	at += p->policy_size;
	for (i = 0; i < p->n_parms; i++, at += 2)
		put_unaligned_be16(p->parms[i], b + at);
	put_unaligned_be16(p->unique_size, b + at);
	at += 2;
	memset(b + at, p->unique_fill, p->unique_size);
	return at + p->unique_size;
}

/*
 * The four parameters of CreatePrimary and Create; @pcr16 selects SHA-256
 * PCR 16 in creationPCR.
 */
static u32 create_params(u8 *b, const struct tsens *s, const struct tpub *p,
			 const u8 *outside, u16 outside_size, bool pcr16)
{
	u32 at = 2, n;

	put_unaligned_be16(s->auth.n, b + at);
	if (s->auth.n)
		memcpy(b + at + 2, s->auth.p, s->auth.n);
	at += 2 + s->auth.n;
	put_unaligned_be16(s->data_size, b + at);
	if (s->data_size)
		memcpy(b + at + 2, s->data, s->data_size);
	at += 2 + s->data_size;
	put_unaligned_be16(at - 2, b);
	n = put_public(b + at + 2, p);
	put_unaligned_be16(n, b + at);
	at += 2 + n;
	put_unaligned_be16(outside_size, b + at);
	if (outside_size)
		memcpy(b + at + 2, outside, outside_size);
	at += 2 + outside_size;
	put_unaligned_be32(pcr16, b + at);
	at += 4;
	if (pcr16) {
		static const u8 sel[6] = { 0x00, 0x0B, 3, 0, 0, 1 };

		memcpy(b + at, sel, sizeof(sel));
		at += sizeof(sel);
	}
	return at;
}

/* A command of one handle, a password session, and @params */
static u32 key_cmd(u32 cc, u32 h, struct pw pw, const u8 *params, u32 n)
{
	struct cmdbuf c;

	cb_start_pw(&c, cc, h, pw.p, pw.n);
	cb_bytes(&c, params, n);
	return exec_cb(&c);
}

/* Reading a response's parameters */
struct rd {
	u32 at;
	u32 end;
	bool bad;
};

static u16 rd_u16(struct rd *r)
{
	u16 v;

	if (r->at + 2 > r->end) {
		r->bad = true;
		return 0;
	}
	v = get_unaligned_be16(rsp + r->at);
	r->at += 2;
	return v;
}

static u32 rd_u32(struct rd *r)
{
	u32 v;

	if (r->at + 4 > r->end) {
		r->bad = true;
		return 0;
	}
	v = get_unaligned_be32(rsp + r->at);
	r->at += 4;
	return v;
}

/* A TPM2B of at most @max bytes into @out (NULL: skipped); its size */
static u16 rd_b(struct rd *r, u8 *out, u16 max)
{
	u16 n = rd_u16(r);

	if (r->bad || n > max || r->at + n > r->end) {
		r->bad = true;
		return 0;
	}
	if (out)
		memcpy(out, rsp + r->at, n);
	r->at += n;
	return n;
}

/* The parameters of a response to a command of one password session */
static bool rd_start(struct rd *r, bool rhandle)
{
	u32 at = rhandle ? 14 : 10;

	EXPECT(rsp_len >= at + 4 + 5, "response length %zu", rsp_len);
	r->at = at + 4;
	r->end = r->at + get_unaligned_be32(rsp + at);
	r->bad = false;
	EXPECT(r->end + 5 == rsp_len &&
	       !memcmp(rsp + r->end, "\0\0\x01\0\0", 5),
	       "parameterSize %u, length %zu", r->end - at - 4, rsp_len);
	return true;
}

static bool rd_done(const struct rd *r, const char *what)
{
	EXPECT(!r->bad && r->at == r->end, "%s: malformed response (at %u of %u)",
	       what, r->at, r->end);
	return true;
}

static void sha256(const void *d, size_t n, u8 *out)
{
	ossl_digest(1, d, n, out);
}

/* Name = nameAlg || H(TPMT_PUBLIC); qualifiedName over the parent's */
static void model_name(const u8 *pub, u16 n, u8 *name)
{
	put_unaligned_be16(T_ALG_SHA256, name);
	sha256(pub, n, name + 2);
}

static void model_qn(const u8 *parent_qn, u16 pn, const u8 *name, u8 *qn)
{
	u8 buf[34 + 34];

	memcpy(buf, parent_qn, pn);
	memcpy(buf + pn, name, 34);
	put_unaligned_be16(T_ALG_SHA256, qn);
	sha256(buf, pn + 34, qn + 2);
}

/* TPMS_CREATION_DATA of an object whose creationPCR was @pcr16 */
static u16 model_creation_data(u8 *b, bool pcr16, const u8 *pcr_value,
			       u16 parent_alg, const u8 *pname, u16 pn,
			       const u8 *pqn, u16 qn, const u8 *outside,
			       u16 on)
{
	static const u8 sel[6] = { 0x00, 0x0B, 3, 0, 0, 1 };
	u16 at;

	put_unaligned_be32(pcr16, b);
	at = 4;
	if (pcr16) {
		memcpy(b + at, sel, sizeof(sel));
		at += sizeof(sel);
	}
	put_unaligned_be16(32, b + at);
	sha256(pcr_value, pcr16 ? 32 : 0, b + at + 2);
	at += 34;
	b[at++] = 0x01;
	put_unaligned_be16(parent_alg, b + at);
	at += 2;
	put_unaligned_be16(pn, b + at);
	memcpy(b + at + 2, pname, pn);
	at += 2 + pn;
	put_unaligned_be16(qn, b + at);
	memcpy(b + at + 2, pqn, qn);
	at += 2 + qn;
	put_unaligned_be16(on, b + at);
	if (on)
		memcpy(b + at + 2, outside, on);
	return at + 2 + on;
}

/*
 * outPublic, creationData, creationHash and creationTicket of a new object
 * @k made from @in under @parent (NULL: a primary of k->hierarchy).
 */
static bool check_created(struct rd *r, struct tkey *k, const struct tpub *in,
			  const struct tkey *parent, const u8 *outside,
			  u16 on, bool pcr16, const u8 *pcr_value)
{
	u8 want[256], hier[4], ch[32], cd[256];
	struct tpub no_unique = *in;
	u16 n, cn;

	k->pub_size = rd_b(r, k->pub, sizeof(k->pub));
	k->cd_size = rd_b(r, k->cd, sizeof(k->cd));
	EXPECT(rd_b(r, ch, 32) == 32, "creationHash size");
	k->tk_tag = rd_u16(r);
	k->tk_hier = rd_u32(r);
	k->tk_size = rd_b(r, NULL, 64);
	EXPECT(!r->bad, "malformed response");
	/* outPublic: as sent, with a unique of 32 bytes */
	no_unique.unique_size = 0;
	n = put_public(want, &no_unique);
	EXPECT(k->pub_size == n + 32 && !memcmp(k->pub, want, n - 2) &&
	       get_unaligned_be16(k->pub + n - 2) == 32,
	       "outPublic of %u bytes differs from the inPublic sent",
	       k->pub_size);
	if (in->unique_size == 32) {
		memset(want, in->unique_fill, 32);
		EXPECT(memcmp(k->pub + n, want, 32),
		       "unique is the caller's");
	}
	model_name(k->pub, k->pub_size, k->name);
	sha256(k->cd, k->cd_size, want);
	EXPECT(!memcmp(ch, want, 32), "creationHash != SHA-256(creationData)");
	put_unaligned_be32(k->hierarchy, hier);
	if (parent)
		cn = model_creation_data(cd, pcr16, pcr_value, T_ALG_SHA256,
					 parent->name, 34, parent->qn, 34,
					 outside, on);
	else
		cn = model_creation_data(cd, pcr16, pcr_value, T_ALG_NULL,
					 hier, 4, hier, 4, outside, on);
	EXPECT(k->cd_size == cn && !memcmp(k->cd, cd, cn),
	       "creationData of %u bytes differs (want %u)", k->cd_size, cn);
	EXPECT(k->tk_tag == T_ST_CREATION && k->tk_hier == k->hierarchy &&
	       k->tk_size == (k->hierarchy == T_RH_NULL ? 0 : 32),
	       "creationTicket tag %#x hierarchy %#x digest of %u",
	       k->tk_tag, k->tk_hier, k->tk_size);
	if (parent)
		model_qn(parent->qn, 34, k->name, k->qn);
	else
		model_qn(hier, 4, k->name, k->qn);
	return true;
}

static u32 primary_rc(u32 hier, struct pw hpw, const struct tsens *s,
		      const struct tpub *p)
{
	static u8 b[1024];

	return key_cmd(T_CC_CREATE_PRIMARY, hier, hpw, b,
		       create_params(b, s, p, NULL, 0, false));
}

/* CreatePrimary, everything it returns checked */
static bool primary_full(u32 hier, struct pw hpw, const struct tsens *s,
			 const struct tpub *p, const u8 *outside, u16 on,
			 bool pcr16, struct tkey *k)
{
	static u8 b[1024];
	u8 pcr[32] = { 0 }, name[34];
	struct rd r;

	memset(k, 0, sizeof(*k));
	k->hierarchy = hier;
	k->auth = s->auth;
	if (pcr16 && !read1(TPM2E_ALG_SHA256, 16, pcr, NULL))
		return false;
	EXPECT_RC(key_cmd(T_CC_CREATE_PRIMARY, hier, hpw, b,
			  create_params(b, s, p, outside, on, pcr16)), 0);
	if (!rd_start(&r, true))
		return false;
	k->handle = get_unaligned_be32(rsp + 10);
	EXPECT((k->handle >> 24) == 0x80, "handle %#x", k->handle);
	if (!check_created(&r, k, p, NULL, outside, on, pcr16, pcr))
		return fail_in("CreatePrimary(%#x)", hier);
	EXPECT(rd_b(&r, name, 34) == 34 && !memcmp(name, k->name, 34),
	       "CreatePrimary(%#x): name != 000B || SHA-256(outPublic)", hier);
	return rd_done(&r, "CreatePrimary");
}

static bool primary_ok(u32 hier, const struct tsens *s, const struct tpub *p,
		       struct tkey *k)
{
	return primary_full(hier, NO_PW, s, p, NULL, 0, false, k);
}

/* A storage primary of @hier with unique @fill */
static bool storage_ok(u32 hier, u8 fill, struct tkey *k)
{
	struct tpub p = pub_storage();
	struct tsens s = { NO_PW };

	p.unique_size = 32;
	p.unique_fill = fill;
	return primary_ok(hier, &s, &p, k);
}

static u32 create_rc(const struct tkey *parent, const struct tsens *s,
		     const struct tpub *p)
{
	static u8 b[1024];

	return key_cmd(T_CC_CREATE, parent->handle, parent->auth, b,
		       create_params(b, s, p, NULL, 0, false));
}

/* Create under @parent, everything checked; not loaded */
static bool create_full(const struct tkey *parent, const struct tsens *s,
			const struct tpub *p, const u8 *outside, u16 on,
			bool pcr16, struct tkey *k)
{
	static u8 b[1024];
	u8 pcr[32] = { 0 };
	struct rd r;

	memset(k, 0, sizeof(*k));
	k->hierarchy = parent->hierarchy;
	k->auth = s->auth;
	if (pcr16 && !read1(TPM2E_ALG_SHA256, 16, pcr, NULL))
		return false;
	EXPECT_RC(key_cmd(T_CC_CREATE, parent->handle, parent->auth, b,
			  create_params(b, s, p, outside, on, pcr16)), 0);
	if (!rd_start(&r, false))
		return false;
	k->priv_size = rd_b(&r, k->priv, sizeof(k->priv));
	EXPECT(!r.bad && k->priv_size > 32, "outPrivate of %u bytes",
	       k->priv_size);
	if (!check_created(&r, k, p, parent, outside, on, pcr16, pcr))
		return fail_in("Create");
	return rd_done(&r, "Create");
}

static bool create_ok(const struct tkey *parent, const struct tsens *s,
		      const struct tpub *p, struct tkey *k)
{
	return create_full(parent, s, p, NULL, 0, false, k);
}

static u32 load_blob(u32 parent, struct pw pw, const u8 *priv, u16 priv_size,
		     const u8 *pub, u16 pub_size)
{
	static u8 b[1024];

	put_unaligned_be16(priv_size, b);
	memcpy(b + 2, priv, priv_size);
	put_unaligned_be16(pub_size, b + 2 + priv_size);
	memcpy(b + 4 + priv_size, pub, pub_size);
	return key_cmd(T_CC_LOAD, parent, pw, b, 4u + priv_size + pub_size);
}

/* Load @k under @parent: its handle, and the name returned checked */
static bool key_load_ok(const struct tkey *parent, struct tkey *k)
{
	u8 name[34];
	struct rd r;

	EXPECT_RC(load_blob(parent->handle, parent->auth, k->priv,
			    k->priv_size, k->pub, k->pub_size), 0);
	if (!rd_start(&r, true))
		return false;
	k->handle = get_unaligned_be32(rsp + 10);
	EXPECT((k->handle >> 24) == 0x80, "Load: handle %#x", k->handle);
	EXPECT(rd_b(&r, name, 34) == 34 && !memcmp(name, k->name, 34),
	       "Load: name differs from 000B || SHA-256(outPublic)");
	return rd_done(&r, "Load");
}

static bool create_load_ok(const struct tkey *parent, const struct tsens *s,
			   const struct tpub *p, struct tkey *k)
{
	if (!create_ok(parent, s, p, k))
		return false;
	return key_load_ok(parent, k) || fail_in("Load");
}

/* Unseal @h with @pw: outData into @out, its size */
static bool unseal_ok(u32 h, struct pw pw, u8 *out, u16 *n)
{
	struct rd r;

	EXPECT_RC(key_cmd(T_CC_UNSEAL, h, pw, NULL, 0), 0);
	if (!rd_start(&r, false))
		return false;
	*n = rd_b(&r, out, 128);
	return rd_done(&r, "Unseal");
}

static u32 hmac_rc(u32 h, struct pw pw, const u8 *data, u16 n, u16 alg)
{
	static u8 b[TPM2_MAX_COMMAND_SIZE];

	put_unaligned_be16(n, b);
	memcpy(b + 2, data, n);
	put_unaligned_be16(alg, b + 2 + n);
	return key_cmd(T_CC_HMAC, h, pw, b, 4u + n);
}

/* TPM2_HMAC of @n bytes: outHMAC equals OpenSSL's HMAC-@md */
static bool hmac_is(u32 h, struct pw pw, const u8 *data, u16 n, u16 alg,
		    unsigned int md, const u8 *key, u16 key_size)
{
	u8 got[64], want[64];
	struct rd r;

	EXPECT_RC(hmac_rc(h, pw, data, n, alg), 0);
	if (!rd_start(&r, false))
		return false;
	EXPECT(rd_b(&r, got, 64) == t_digest_size[md] && rd_done(&r, "HMAC"),
	       "HMAC(%#x): outHMAC size", alg);
	ossl_hmac(md, key, key_size, data, n, want);
	EXPECT(!memcmp(got, want, t_digest_size[md]),
	       "HMAC(%#x) of %u bytes, key of %u: differs from OpenSSL", alg,
	       n, key_size);
	return true;
}

static u32 hmac_start(u32 h, struct pw pw, struct pw auth, u16 alg, u32 *seq)
{
	u8 b[80];
	u32 rc;

	put_unaligned_be16(auth.n, b);
	if (auth.n)
		memcpy(b + 2, auth.p, auth.n);
	put_unaligned_be16(alg, b + 2 + auth.n);
	rc = key_cmd(T_CC_HMAC_START, h, pw, b, 4u + auth.n);
	*seq = !rc && rsp_len >= 14 ? get_unaligned_be32(rsp + 10) : 0;
	return rc;
}

/*
 * HMAC_Start, SequenceUpdate of @n bytes in pieces of @piece, then
 * SequenceComplete: OpenSSL's HMAC and the NULL ticket.
 */
static bool hmac_seq_is(u32 h, struct pw pw, const u8 *data, u32 n,
			u32 piece, u16 alg, unsigned int md, const u8 *key,
			u16 key_size)
{
	static struct seq_out o;
	u8 want[64];
	u32 seq, at = 0;

	EXPECT_RC(hmac_start(h, pw, PW("sq"), alg, &seq), 0);
	EXPECT(rsp_len == 23 && (seq >> 24) == 0x80, "HMAC_Start: handle %#x",
	       seq);
	while (n - at > piece) {
		if (!update_ok(seq, PW("sq"), data + at, (u16)piece))
			return fail_in("HMAC sequence");
		at += piece;
	}
	if (!complete_ok(seq, PW("sq"), data + at, (u16)(n - at),
			 T_RH_OWNER, &o))
		return fail_in("HMAC sequence");
	ossl_hmac(md, key, key_size, data, n, want);
	EXPECT(o.size == t_digest_size[md] && !memcmp(o.digest, want, o.size),
	       "HMAC sequence(%#x) of %u bytes, key of %u: differs", alg, n,
	       key_size);
	EXPECT(o.tag == TPM2E_ST_HASHCHECK && o.hierarchy == T_RH_NULL &&
	       !o.ticket_size, "HMAC sequence: ticket %#x %#x of %u", o.tag,
	       o.hierarchy, o.ticket_size);
	return true;
}

/* EncryptDecrypt2 (@v2) or EncryptDecrypt */
static u32 encdec(bool v2, u32 h, struct pw pw, bool dec, u16 mode,
		  const u8 *iv, u16 iv_size, const u8 *in, u16 n)
{
	static u8 b[TPM2_MAX_COMMAND_SIZE];
	u32 at = 0;

	if (v2) {
		put_unaligned_be16(n, b);
		memcpy(b + 2, in, n);
		at = 2 + n;
	}
	b[at++] = dec;
	put_unaligned_be16(mode, b + at);
	put_unaligned_be16(iv_size, b + at + 2);
	memcpy(b + at + 4, iv, iv_size);
	at += 4 + iv_size;
	if (!v2) {
		put_unaligned_be16(n, b + at);
		memcpy(b + at + 2, in, n);
		at += 2 + n;
	}
	return key_cmd(v2 ? T_CC_ENCRYPT_DECRYPT2 : T_CC_ENCRYPT_DECRYPT, h,
		       pw, b, at);
}

static bool encdec_ok(bool v2, u32 h, struct pw pw, bool dec, u16 mode,
		      const u8 *iv, u16 iv_size, const u8 *in, u16 n,
		      u8 *out, u8 *iv_out, u16 *iv_out_size)
{
	struct rd r;

	EXPECT_RC(encdec(v2, h, pw, dec, mode, iv, iv_size, in, n), 0);
	if (!rd_start(&r, false))
		return false;
	EXPECT(rd_b(&r, out, 1024) == n, "outData size");
	*iv_out_size = rd_b(&r, iv_out, 16);
	return rd_done(&r, "EncryptDecrypt");
}

static const EVP_CIPHER *aes_cipher(u16 bits, u16 mode)
{
	char name[16];
	const char *m = mode == T_ALG_CFB ? "CFB" : mode == T_ALG_CBC ? "CBC" :
			mode == T_ALG_ECB ? "ECB" : mode == T_ALG_OFB ? "OFB" :
			"CTR";

	snprintf(name, sizeof(name), "AES-%u-%s", bits, m);
	return EVP_get_cipherbyname(name);
}

/* OpenSSL AES of @n bytes, no padding */
static void model_aes(u16 bits, u16 mode, bool dec, const u8 *key,
		      const u8 *iv, const u8 *in, u32 n, u8 *out)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int l1 = 0, l2 = 0;

	memset(out, 0, n);
	if (!x)
		return;
	if (EVP_CipherInit_ex(x, aes_cipher(bits, mode), NULL, key,
			      mode == T_ALG_ECB ? NULL : iv, !dec) == 1) {
		EVP_CIPHER_CTX_set_padding(x, 0);
		if (EVP_CipherUpdate(x, out, &l1, in, (int)n) == 1)
			EVP_CipherFinal_ex(x, out + l1, &l2);
	}
	EVP_CIPHER_CTX_free(x);
}

/* The chaining value after @n bytes (a multiple of 16) */
static u16 model_iv_out(u16 mode, bool dec, const u8 *iv, const u8 *in,
			const u8 *out, u32 n, u8 *iv_out)
{
	const u8 *ct = dec ? in : out;
	u32 i, carry;

	switch (mode) {
	case T_ALG_CBC:
	case T_ALG_CFB:
		memcpy(iv_out, ct + n - 16, 16);
		return 16;
	case T_ALG_OFB:
		for (i = 0; i < 16; i++)
			iv_out[i] = in[n - 16 + i] ^ out[n - 16 + i];
		return 16;
	case T_ALG_CTR:
		memcpy(iv_out, iv, 16);
		carry = n / 16;
		for (i = 16; i-- && carry;) {
			carry += iv_out[i];
			iv_out[i] = (u8)carry;
			carry >>= 8;
		}
		return 16;
	}
	return 0;
}

static bool read_public_ok(u32 h, u8 *pub, u16 *pub_size, u8 *name, u8 *qn)
{
	struct cmdbuf c;
	struct rd r;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_READ_PUBLIC);
	cb_u32(&c, h);
	EXPECT_RC(exec_cb(&c), 0);
	r.at = 10;
	r.end = rsp_len;
	r.bad = false;
	*pub_size = rd_b(&r, pub, 256);
	EXPECT(rd_b(&r, name, 34) == 34 && rd_b(&r, qn, 34) == 34,
	       "ReadPublic: name and qualifiedName sizes");
	return rd_done(&r, "ReadPublic");
}

/* ---- the key tests ---- */

static const u8 t_hmac_key[] = "a known HMAC key for the engine tests";
static u8 t_aes_key[32] = {
	0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
	0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
	0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4,
};

/* An HMAC(SHA-256) key of @key under @parent, loaded */
static bool hmac_key_ok(const struct tkey *parent, const u8 *key, u16 n,
			u16 hash, struct pw auth, struct tkey *k)
{
	struct tpub p = pub_hmac(hash);
	struct tsens s = { auth, key, n };

	return create_load_ok(parent, &s, &p, k);
}

static bool test_key_primary(void)
{
	static const u8 outside[] = "outside info";
	static struct tkey a, b, c;
	struct tsens s = { NO_PW };
	struct tpub p = pub_storage();
	u8 mac[53];
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT(extend1(16, TPM2E_ALG_SHA256, 0x3C, 0) == 0, "PCR_Extend");
	p.unique_size = 32;
	p.unique_fill = 1;
	/* the same inputs twice: the same object */
	if (!primary_full(T_RH_OWNER, NO_PW, &s, &p, outside,
			  sizeof(outside), true, &a) ||
	    !primary_full(T_RH_OWNER, NO_PW, &s, &p, outside,
			  sizeof(outside), true, &b))
		return false;
	EXPECT(a.handle != b.handle, "the same handle twice");
	EXPECT(a.pub_size == b.pub_size && !memcmp(a.pub, b.pub, a.pub_size) &&
	       !memcmp(a.name, b.name, 34), "not deterministic");
	EXPECT_RC(flush_context(b.handle), 0);
	/* another unique, another hierarchy, another userAuth: another key */
	p.unique_fill = 2;
	if (!primary_ok(T_RH_OWNER, &s, &p, &b))
		return false;
	EXPECT(memcmp(a.name, b.name, 34), "another unique, the same name");
	EXPECT_RC(flush_context(b.handle), 0);
	p.unique_fill = 1;
	for (i = 0; i < 3; i++) {
		static const u32 h[3] = {
			T_RH_ENDORSEMENT, T_RH_PLATFORM, T_RH_NULL,
		};

		if (!primary_ok(h[i], &s, &p, &b))
			return fail_in("hierarchy %#x", h[i]);
		EXPECT(memcmp(a.name, b.name, 34), "hierarchy %#x: same name",
		       h[i]);
		EXPECT_RC(flush_context(b.handle), 0);
	}
	/* an HMAC key of seed-derived key bytes: deterministic too */
	p = pub_hmac(T_ALG_SHA256);
	p.attrs |= OA_SENS_ORIGIN;
	if (!primary_ok(T_RH_OWNER, &s, &p, &b) ||
	    !primary_ok(T_RH_OWNER, &s, &p, &c))
		return false;
	EXPECT(!memcmp(b.name, c.name, 34), "HMAC key: not deterministic");
	EXPECT_RC(hmac_rc(b.handle, NO_PW, outside, 5, T_ALG_NULL), 0);
	EXPECT(rsp_len == 53, "HMAC: length %zu", rsp_len);
	memcpy(mac, rsp, 53);
	EXPECT_RC(hmac_rc(c.handle, NO_PW, outside, 5, T_ALG_NULL), 0);
	EXPECT(rsp_len == 53 && !memcmp(mac, rsp, 53), "HMAC keys differ");
	EXPECT_RC(flush_context(c.handle), 0);
	/* a third slot is free: a fourth object is not */
	EXPECT_RC(primary_rc(T_RH_OWNER, NO_PW, &s, &p), 0);
	EXPECT_RC(primary_rc(T_RH_OWNER, NO_PW, &s, &p), T_RC_OBJECT_MEMORY);
	/* the hierarchy's authorization */
	if (!change_auth(T_RH_OWNER, NO_PW, PW("own"), 0))
		return false;
	EXPECT_RC(flush_context(b.handle), 0);
	EXPECT_RC(primary_rc(T_RH_OWNER, PW("own"), &s, &p), 0);
	return true;
}

static bool test_key_sealed(void)
{
	static const u8 secret[] = "the sealed secret, 40 bytes long, or so";
	static u8 big[128];
	static struct tkey sk, d, e, f;
	struct tpub p = pub_sealed();
	struct tsens s = { NO_PW, secret, sizeof(secret) };
	struct hsess hs;
	struct acmd a;
	u8 out[128];
	u16 n;
	u32 i;

	memset(big, 0xB7, sizeof(big));
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk))
		return false;
	/* no userAuth */
	if (!create_load_ok(&sk, &s, &p, &d) || !unseal_ok(d.handle, NO_PW,
							     out, &n))
		return fail_in("empty userAuth");
	EXPECT(n == sizeof(secret) && !memcmp(out, secret, n),
	       "Unseal: %u bytes", n);
	EXPECT_RC(flush_context(d.handle), 0);
	/* 128 bytes of data, a userAuth with trailing zeros */
	s.data = big;
	s.data_size = 128;
	s.auth = PW("pass\0\0");
	if (!create_load_ok(&sk, &s, &p, &e))
		return fail_in("with userAuth");
	EXPECT_RC(key_cmd(T_CC_UNSEAL, e.handle, NO_PW, NULL, 0),
		  RC_S(T_RC_AUTH_FAIL, 1));
	EXPECT_RC(key_cmd(T_CC_UNSEAL, e.handle, PW("pasS"), NULL, 0),
		  RC_S(T_RC_AUTH_FAIL, 1));
	if (!unseal_ok(e.handle, PW("pass"), out, &n))
		return fail_in("password");
	EXPECT(n == 128 && !memcmp(out, big, n), "Unseal: %u bytes", n);
	if (!unseal_ok(e.handle, PW("pass\0"), out, &n))
		return fail_in("password with a trailing zero");
	/* an HMAC session: the key's Name in cpHash, its authValue in key */
	for (i = 0; i < 4; i++) {
		if (!sess_start(&hs, bank_algs[i], TPM2E_RH_NULL, NO_PW))
			return false;
		ac_start(&a, T_CC_UNSEAL);
		ac_handle_name(&a, e.handle, e.name, 34);
		ac_hmac(&a, &hs, PW("pass"));
		if (!run_ok(&a))
			return fail_in("Unseal in a session of %#x",
				       bank_algs[i]);
		EXPECT(get_unaligned_be32(rsp + 10) == 130 &&
		       get_unaligned_be16(rsp + 14) == 128 &&
		       !memcmp(rsp + 16, big, 128), "Unseal in a session");
		/* the handle as its Name: refused */
		ac_start(&a, T_CC_UNSEAL);
		ac_handle(&a, e.handle);
		a.name_size[0] = 4;
		ac_hmac(&a, &hs, PW("pass"));
		if (!run_rc(&a, RC_S(T_RC_AUTH_FAIL, 1)))
			return fail_in("the handle as the Name");
		/* another Name byte */
		ac_start(&a, T_CC_UNSEAL);
		ac_handle_name(&a, e.handle, e.name, 34);
		a.lie = LIE_HANDLE;
		ac_hmac(&a, &hs, PW("pass"));
		if (!run_rc(&a, RC_S(T_RC_AUTH_FAIL, 1)))
			return fail_in("a wrong Name");
		EXPECT_RC(flush_context(hs.handle), 0);
	}
	/* bound to the object: the sessionKey alone */
	if (!sess_start(&hs, TPM2E_ALG_SHA256, e.handle, PW("pass")))
		return fail_in("bound to the sealed object");
	ac_start(&a, T_CC_UNSEAL);
	ac_handle_name(&a, e.handle, e.name, 34);
	ac_hmac(&a, &hs, PW("pass"))->key = KEY_SESSION;
	if (!run_ok(&a))
		return fail_in("bound session");
	EXPECT_RC(flush_context(hs.handle), 0);
	EXPECT_RC(flush_context(e.handle), 0);
	/* Unseal of what is no sealed object */
	if (!hmac_key_ok(&sk, t_hmac_key, 20, T_ALG_SHA256, NO_PW, &f))
		return false;
	EXPECT_RC(key_cmd(T_CC_UNSEAL, f.handle, NO_PW, NULL, 0),
		  RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(key_cmd(T_CC_UNSEAL, sk.handle, NO_PW, NULL, 0),
		  RC_H(T_RC_TYPE, 1));
	return true;
}

static bool test_key_hmac(void)
{
	static const u16 lens[] = { 0, 1, 55, 64, 200, 1024 };
	static u8 long_key[128];
	static struct tkey sk, k;
	struct tsens s = { NO_PW, long_key, 65 };
	struct tpub p;
	u32 i, j, h;

	fill_seq_data(101);
	for (i = 0; i < sizeof(long_key); i++)
		long_key[i] = (u8)(i * 3 + 1);
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk))
		return false;
	for (h = 0; h < 4; h++) {
		u16 alg = bank_algs[h];
		/* a short key, and one longer than the hash's block */
		const u8 *key = h % 2 ? long_key : t_hmac_key;
		u16 ks = h % 2 ? 128 : 20;

		if (!hmac_key_ok(&sk, key, ks, alg, PW("hk"), &k))
			return fail_in("HMAC key of %#x", alg);
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			if (!hmac_is(k.handle, PW("hk"), seq_data, lens[j],
				     j % 2 ? alg : T_ALG_NULL, h, key, ks))
				return fail_in("key of %#x", alg);
		}
		if (!hmac_seq_is(k.handle, PW("hk"), seq_data, 3000, 1024,
				 T_ALG_NULL, h, key, ks) ||
		    !hmac_seq_is(k.handle, PW("hk"), seq_data, 100, 7, alg, h,
				 key, ks) ||
		    !hmac_seq_is(k.handle, PW("hk"), seq_data, 0, 7, alg, h,
				 key, ks))
			return fail_in("key of %#x", alg);
		/* another hashAlg than the scheme's */
		EXPECT_RC(hmac_rc(k.handle, PW("hk"), seq_data, 5,
				  bank_algs[(h + 1) % 4]), RC_P(T_RC_VALUE, 2));
		EXPECT_RC(hmac_start(k.handle, PW("hk"), NO_PW,
				     bank_algs[(h + 1) % 4], &j),
			  RC_P(T_RC_VALUE, 2));
		EXPECT_RC(hmac_rc(k.handle, PW("hX"), seq_data, 5, alg),
			  RC_S(T_RC_AUTH_FAIL, 1));
		EXPECT_RC(flush_context(k.handle), 0);
	}
	/* scheme NULL: the command's hashAlg, which must not be NULL */
	p = pub_hmac(T_ALG_SHA256);
	p.n_parms = 1;
	p.parms[0] = T_ALG_NULL;
	if (!create_load_ok(&sk, &s, &p, &k))
		return false;
	for (h = 0; h < 4; h++)
		if (!hmac_is(k.handle, NO_PW, seq_data, 300, bank_algs[h], h,
			     long_key, 65) ||
		    !hmac_seq_is(k.handle, NO_PW, seq_data, 1500, 1000,
				 bank_algs[h], h, long_key, 65))
			return fail_in("scheme NULL, %#x", bank_algs[h]);
	EXPECT_RC(hmac_rc(k.handle, NO_PW, seq_data, 5, T_ALG_NULL),
		  RC_P(T_RC_VALUE, 2));
	EXPECT_RC(hmac_start(k.handle, NO_PW, NO_PW, T_ALG_NULL, &j),
		  RC_P(T_RC_VALUE, 2));
	/* HMAC of what is no HMAC key */
	EXPECT_RC(hmac_rc(sk.handle, NO_PW, seq_data, 5, T_ALG_SHA256),
		  RC_H(T_RC_TYPE, 1));
	return true;
}

static const u16 t_modes[5] = {
	T_ALG_CFB, T_ALG_CBC, T_ALG_ECB, T_ALG_OFB, T_ALG_CTR,
};

/*
 * One key of @bits with mode NULL: each mode of each command against
 * OpenSSL, the chaining value, two calls chained, decryption.
 */
static bool aes_modes(const struct tkey *k, u16 bits)
{
	static u8 in[1024], out[1024], want[1024], back[1024];
	u8 iv[16], ivo[16], ivw[16], ivo2[16];
	u16 ivn, ivn2, ivs;
	u32 m, v2;

	for (m = 0; m < 16; m++)
		iv[m] = (u8)(0xF0 + m);
	for (m = 0; m < sizeof(in); m++)
		in[m] = (u8)(m * 13 + bits);
	for (v2 = 0; v2 < 2; v2++) {
		for (m = 0; m < 5; m++) {
			u16 mode = t_modes[m];
			bool ecb = mode == T_ALG_ECB;
			u16 n = 1024 - 16 * m;

			ivs = ecb ? 0 : 16;
			/* the whole, against OpenSSL */
			if (!encdec_ok(v2, k->handle, NO_PW, false, mode, iv,
				       ivs, in, n, out, ivo, &ivn))
				return fail_in("AES-%u mode %#x v2 %u", bits,
					       mode, v2);
			model_aes(bits, mode, false, t_aes_key, iv, in, n,
				  want);
			EXPECT(!memcmp(out, want, n),
			       "AES-%u mode %#x (v2 %u): output differs", bits,
			       mode, v2);
			ivs = model_iv_out(mode, false, iv, in, out, n, ivw);
			EXPECT(ivn == ivs && !memcmp(ivo, ivw, ivn),
			       "AES-%u mode %#x (v2 %u): ivOut (%u bytes)",
			       bits, mode, v2, ivn);
			/* in two calls, the second from ivOut */
			if (!encdec_ok(v2, k->handle, NO_PW, false, mode, iv,
				       ivs, in, 320, back, ivo2, &ivn2) ||
			    !encdec_ok(v2, k->handle, NO_PW, false, mode, ivo2,
				       ivn2, in + 320, n - 320, back + 320,
				       ivo2, &ivn2))
				return fail_in("AES-%u mode %#x chained", bits,
					       mode);
			EXPECT(!memcmp(back, want, n) && ivn2 == ivn &&
			       !memcmp(ivo2, ivo, ivn),
			       "AES-%u mode %#x (v2 %u): chained differs",
			       bits, mode, v2);
			/* decryption, whole and chained */
			ivs = ecb ? 0 : 16;
			if (!encdec_ok(v2, k->handle, NO_PW, true, mode, iv,
				       ivs, out, n, back, ivo2, &ivn2))
				return fail_in("AES-%u mode %#x decrypt", bits,
					       mode);
			EXPECT(!memcmp(back, in, n) && ivn2 == ivn &&
			       !memcmp(ivo2, ivo, ivn),
			       "AES-%u mode %#x (v2 %u): decryption", bits,
			       mode, v2);
			if (!encdec_ok(v2, k->handle, NO_PW, true, mode, iv,
				       ivs, out, 48, back, ivo2, &ivn2) ||
			    !encdec_ok(v2, k->handle, NO_PW, true, mode, ivo2,
				       ivn2, out + 48, n - 48, back + 48,
				       ivo2, &ivn2))
				return fail_in("AES-%u mode %#x decrypt chained",
					       bits, mode);
			EXPECT(!memcmp(back, in, n),
			       "AES-%u mode %#x (v2 %u): chained decryption",
			       bits, mode, v2);
			/* a partial block where the mode takes it */
			if (mode == T_ALG_CBC || ecb)
				continue;
			if (!encdec_ok(v2, k->handle, NO_PW, false, mode, iv,
				       16, in, 37, out, ivo, &ivn))
				return fail_in("AES-%u mode %#x, 37 bytes",
					       bits, mode);
			model_aes(bits, mode, false, t_aes_key, iv, in, 37,
				  want);
			EXPECT(!memcmp(out, want, 37),
			       "AES-%u mode %#x: 37 bytes differ", bits, mode);
		}
	}
	return true;
}

static bool test_key_aes(void)
{
	static const u8 zero_iv[16];
	static struct tkey sk, k, c;
	struct tsens s = { NO_PW, t_aes_key, 16 };
	struct tpub p;
	u8 out[64], ivo[16], want[64];
	u16 ivn;
	u32 v2;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk))
		return false;
	p = pub_aes(128, T_ALG_NULL);
	if (!create_load_ok(&sk, &s, &p, &k) || !aes_modes(&k, 128))
		return fail_in("AES-128");
	EXPECT_RC(flush_context(k.handle), 0);
	p = pub_aes(256, T_ALG_NULL);
	s.data_size = 32;
	if (!create_load_ok(&sk, &s, &p, &k) || !aes_modes(&k, 256))
		return fail_in("AES-256");
	/* both modes NULL */
	EXPECT_RC(encdec(true, k.handle, NO_PW, false, T_ALG_NULL, zero_iv,
			 16, zero_iv, 16), RC_P(T_RC_MODE, 3));
	EXPECT_RC(encdec(false, k.handle, NO_PW, false, T_ALG_NULL, zero_iv,
			 16, zero_iv, 16), RC_P(T_RC_MODE, 2));
	/* ivIn sizes; whole blocks for CBC and ECB */
	EXPECT_RC(encdec(true, k.handle, NO_PW, false, T_ALG_CFB, zero_iv,
			 15, zero_iv, 16), RC_P(T_RC_SIZE, 4));
	EXPECT_RC(encdec(true, k.handle, NO_PW, false, T_ALG_ECB, zero_iv,
			 16, zero_iv, 16), RC_P(T_RC_SIZE, 4));
	EXPECT_RC(encdec(false, k.handle, NO_PW, false, T_ALG_CBC, zero_iv,
			 0, zero_iv, 16), RC_P(T_RC_SIZE, 3));
	EXPECT_RC(encdec(true, k.handle, NO_PW, false, T_ALG_CBC, zero_iv,
			 16, zero_iv, 15), RC_P(T_RC_SIZE, 1));
	EXPECT_RC(encdec(false, k.handle, NO_PW, true, T_ALG_ECB, zero_iv,
			 0, zero_iv, 8), RC_P(T_RC_SIZE, 4));
	EXPECT_RC(flush_context(k.handle), 0);

	/* a key of mode CFB: the command's mode NULL or CFB */
	p = pub_aes(256, T_ALG_CFB);
	if (!create_load_ok(&sk, &s, &p, &k))
		return false;
	for (v2 = 0; v2 < 2; v2++) {
		if (!encdec_ok(v2, k.handle, NO_PW, false, T_ALG_NULL, zero_iv,
			       16, t_aes_key, 32, out, ivo, &ivn))
			return fail_in("mode from the key");
		model_aes(256, T_ALG_CFB, false, t_aes_key, zero_iv,
			  t_aes_key, 32, want);
		EXPECT(!memcmp(out, want, 32), "mode from the key: differs");
		EXPECT_RC(encdec(v2, k.handle, NO_PW, false, T_ALG_CBC, zero_iv,
				 16, zero_iv, 16), RC_P(T_RC_MODE, v2 ? 3 : 2));
	}
	EXPECT_RC(flush_context(k.handle), 0);
	/* decrypt only, sign (encrypt) only */
	p = pub_aes(128, T_ALG_CBC);
	p.attrs &= ~OA_SIGN;
	s.data_size = 16;
	if (!create_load_ok(&sk, &s, &p, &k))
		return false;
	EXPECT_RC(encdec(true, k.handle, NO_PW, false, T_ALG_CBC, zero_iv, 16,
			 zero_iv, 16), RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(encdec(true, k.handle, NO_PW, true, T_ALG_CBC, zero_iv, 16,
			 zero_iv, 16), 0);
	EXPECT_RC(flush_context(k.handle), 0);
	p.attrs ^= OA_SIGN | OA_DECRYPT;
	if (!create_load_ok(&sk, &s, &p, &c))
		return false;
	EXPECT_RC(encdec(false, c.handle, NO_PW, true, T_ALG_CBC, zero_iv, 16,
			 zero_iv, 16), RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(encdec(false, c.handle, NO_PW, false, T_ALG_CBC, zero_iv,
			 16, zero_iv, 16), 0);
	/* restricted: a storage key does not encrypt for the caller */
	EXPECT_RC(encdec(true, sk.handle, NO_PW, false, T_ALG_CFB, zero_iv,
			 16, zero_iv, 16), RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(flush_context(c.handle), 0);
	/* sensitiveDataOrigin: a fresh key each time */
	p = pub_aes(128, T_ALG_CFB);
	p.attrs |= OA_SENS_ORIGIN;
	s.data_size = 0;
	if (!create_ok(&sk, &s, &p, &k) || !create_ok(&sk, &s, &p, &c))
		return false;
	EXPECT(memcmp(k.name, c.name, 34) && memcmp(k.priv, c.priv, 32),
	       "two generated keys alike");
	/* an HMAC key is no SYMCIPHER key */
	if (!hmac_key_ok(&sk, t_hmac_key, 20, T_ALG_SHA256, NO_PW, &c))
		return false;
	EXPECT_RC(encdec(true, c.handle, NO_PW, false, T_ALG_CFB, zero_iv, 16,
			 zero_iv, 16), RC_H(T_RC_KEY, 1));
	return true;
}

/* Create under @parent of @p and @s: @want */
#define CR(want, s, p) do {						\
	u32 __rc = create_rc(&sk, &(s), &(p));				\
	EXPECT(__rc == (u32)(want), "line %d: Create: rc %#x, want %#x", \
	       __LINE__, __rc, (u32)(want));				\
	if (!rsp_ok())							\
		return false;						\
} while (0)

static bool test_key_attributes(void)
{
	static const u8 data[128] = { 1, 2, 3 };
	static struct tkey sk, k, nf;
	struct tsens none = { NO_PW }, d16 = { NO_PW, data, 16 };
	struct tsens d32 = { NO_PW, data, 32 }, d129 = { NO_PW, data, 128 };
	struct tpub p;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk))
		return false;
	/* fixedTPM without fixedParent */
	p = pub_aes(128, T_ALG_CFB);
	p.attrs &= ~OA_FIXED_PARENT;
	CR(RC_P(T_RC_ATTRIBUTES, 2), d16, p);
	/* sealed data: scheme NULL, sensitiveDataOrigin and restricted CLEAR */
	p = pub_sealed();
	p.parms[0] = T_ALG_HMAC;
	p.parms[1] = T_ALG_SHA256;
	p.n_parms = 2;
	CR(RC_P(T_RC_SCHEME, 2), d16, p);
	p = pub_sealed();
	p.attrs |= OA_SENS_ORIGIN;
	CR(RC_P(T_RC_ATTRIBUTES, 2), d16, p);
	p = pub_sealed();
	p.attrs |= OA_RESTRICTED;
	CR(RC_P(T_RC_ATTRIBUTES, 2), d16, p);
	/* HMAC keys: restricted needs scheme HMAC; XOR refused */
	p = pub_hmac(T_ALG_SHA256);
	p.attrs |= OA_RESTRICTED;
	CR(0, d16, p);
	p.n_parms = 1;
	p.parms[0] = T_ALG_NULL;
	/*
	 * The contract lists this under TPM_RC_ATTRIBUTES; the engine answers
	 * TPM_RC_SCHEME, the code Part 3 gives for a scheme not allowed.
	 */
	i = create_rc(&sk, &d16, &p);
	EXPECT(i == RC_P(T_RC_ATTRIBUTES, 2) || i == RC_P(T_RC_SCHEME, 2),
	       "restricted HMAC key of scheme NULL: rc %#x", i);
	p = pub_hmac(T_ALG_SHA256);
	p.attrs |= OA_DECRYPT;
	p.parms[0] = T_ALG_XOR;
	p.parms[2] = 0x0022;
	p.n_parms = 3;
	CR(RC_P(T_RC_SCHEME, 2), d16, p);
	/* key data and sensitiveDataOrigin */
	p = pub_hmac(T_ALG_SHA256);
	p.attrs |= OA_SENS_ORIGIN;
	CR(RC_P(T_RC_ATTRIBUTES, 2), d16, p);
	CR(0, none, p);
	p.attrs &= ~OA_SENS_ORIGIN;
	CR(RC_P(T_RC_ATTRIBUTES, 2), none, p);
	CR(0, d129, p);
	p = pub_aes(128, T_ALG_CFB);
	CR(RC_P(T_RC_SIZE, 1), d32, p);
	CR(RC_P(T_RC_ATTRIBUTES, 2), none, p);
	p.attrs |= OA_SENS_ORIGIN;
	CR(0, none, p);
	CR(RC_P(T_RC_ATTRIBUTES, 2), d16, p);
	p = pub_aes(256, T_ALG_CFB);
	CR(RC_P(T_RC_SIZE, 1), d16, p);
	CR(0, d32, p);
	/* SYMCIPHER: neither sign nor decrypt; restricted ones */
	p.attrs &= ~(OA_SIGN | OA_DECRYPT);
	CR(RC_P(T_RC_ATTRIBUTES, 2), d32, p);
	p = pub_storage();
	p.attrs |= OA_SIGN;
	CR(RC_P(T_RC_ATTRIBUTES, 2), none, p);
	p.attrs &= ~(OA_SIGN | OA_DECRYPT);
	CR(RC_P(T_RC_ATTRIBUTES, 2), none, p);
	p = pub_storage();
	p.parms[2] = T_ALG_CBC;
	CR(RC_P(T_RC_MODE, 2), none, p);
	/* authPolicy: empty or of the nameAlg's digest size */
	p = pub_hmac(T_ALG_SHA256);
	p.policy_size = 20;
	CR(RC_P(T_RC_SIZE, 2), d16, p);
	p.policy_size = 32;
	CR(0, d16, p);
	p.name_alg = T_ALG_NULL;
	p.policy_size = 0;
	CR(RC_P(T_RC_HASH, 2), d16, p);
	/*
	 * RSA: the TPM makes the key (no sensitive data, sensitiveDataOrigin
	 * SET); a signing key has no symmetric algorithm, and a signing
	 * scheme if any. None of these gets as far as a key generation.
	 */
	p = pub_hmac(T_ALG_SHA256);
	p.type = 0x0001;
	p.attrs |= OA_SENS_ORIGIN;
	p.n_parms = 5;
	p.parms[0] = T_ALG_NULL;
	p.parms[1] = T_ALG_NULL;
	p.parms[2] = 2048;
	p.parms[3] = 0;
	p.parms[4] = 0;
	CR(RC_P(T_RC_SIZE, 1), d16, p);
	EXPECT_RC(primary_rc(T_RH_OWNER, NO_PW, &d16, &p), RC_P(T_RC_SIZE, 1));
	p.attrs &= ~OA_SENS_ORIGIN;
	CR(RC_P(T_RC_ATTRIBUTES, 2), none, p);
	p.attrs |= OA_SENS_ORIGIN;
	p.parms[1] = 0x0015;		/* RSAES: a decryption scheme */
	CR(RC_P(T_RC_SCHEME, 2), none, p);
	p.parms[1] = T_ALG_NULL;
	p.parms[4] = 4;			/* an exponent that is no prime */
	CR(RC_P(T_RC_VALUE, 2), none, p);
	/* fixedTPM under a parent without it */
	p = pub_storage();
	p.attrs &= ~OA_FIXED;
	if (!create_load_ok(&sk, &none, &p, &nf))
		return fail_in("a storage key without fixedTPM");
	p = pub_aes(128, T_ALG_CFB);
	EXPECT_RC(create_rc(&nf, &d16, &p), RC_P(T_RC_ATTRIBUTES, 2));
	p.attrs &= ~OA_FIXED_TPM;
	EXPECT_RC(create_rc(&nf, &d16, &p), 0);
	/* parents that are no storage keys */
	p = pub_aes(128, T_ALG_CFB);
	if (!create_load_ok(&sk, &d16, &p, &k))
		return false;
	EXPECT_RC(create_rc(&k, &d16, &p), RC_H(T_RC_TYPE, 1));
	EXPECT_RC(load_blob(k.handle, NO_PW, k.priv, k.priv_size, k.pub,
			    k.pub_size), RC_H(T_RC_TYPE, 1));
	EXPECT_RC(flush_context(k.handle), 0);
	if (!start_ok(NO_PW, TPM2E_ALG_SHA256, &i))
		return false;
	k.handle = i;
	EXPECT_RC(create_rc(&k, &d16, &p), RC_H(T_RC_TYPE, 1));
	/* ReadPublic of a sequence */
	{
		struct cmdbuf c;

		cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_READ_PUBLIC);
		cb_u32(&c, i);
		EXPECT_RC(exec_cb(&c), T_RC_SEQUENCE);
	}
	/* slots: three objects, sequences included */
	p.attrs |= OA_SENS_ORIGIN;
	EXPECT_RC(primary_rc(T_RH_NULL, NO_PW, &none, &p),
		  T_RC_OBJECT_MEMORY);
	EXPECT_RC(load_blob(sk.handle, NO_PW, nf.priv, nf.priv_size, nf.pub,
			    nf.pub_size), T_RC_OBJECT_MEMORY);
	return true;
}

static bool test_key_load_tamper(void)
{
	static struct tkey sk, sk2, k, x;
	static u8 priv[512];
	struct tsens s = { PW("ka"), t_hmac_key, 20 };
	struct tpub p = pub_hmac(T_ALG_SHA256);
	struct tpm2_engine *mine = eng, *other;
	struct tpm2_engine_config cfg;
	u32 i, rc, rc_other = 0, rc_startup;
	u16 n;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk) || !create_ok(&sk, &s, &p, &k))
		return false;
	n = k.priv_size;
	/* every byte of the private blob */
	for (i = 0; i < n; i++) {
		memcpy(priv, k.priv, n);
		priv[i] ^= i % 2 ? 0x01 : 0x80;
		rc = load_blob(sk.handle, NO_PW, priv, n, k.pub, k.pub_size);
		if (!rsp_ok())
			return fail_in("byte %u", i);
		EXPECT(rc == RC_P(T_RC_INTEGRITY, 1) ||
		       (i < 2 && rc == RC_P(T_RC_SIZE, 1)),
		       "outPrivate byte %u of %u changed: rc %#x", i, n, rc);
	}
	/* cut short */
	for (i = 0; i < n; i += i < 40 ? 1 : 17) {
		rc = load_blob(sk.handle, NO_PW, k.priv, (u16)i, k.pub,
			       k.pub_size);
		if (!rsp_ok())
			return fail_in("%u bytes", i);
		EXPECT(rc == RC_P(T_RC_INTEGRITY, 1) ||
		       rc == RC_P(T_RC_SIZE, 1),
		       "outPrivate cut to %u of %u: rc %#x", i, n, rc);
	}
	/* another public area: another unique, another attribute */
	memcpy(priv, k.pub, k.pub_size);
	priv[k.pub_size - 1] ^= 1;
	EXPECT_RC(load_blob(sk.handle, NO_PW, k.priv, n, priv, k.pub_size),
		  RC_P(T_RC_INTEGRITY, 1));
	memcpy(priv, k.pub, k.pub_size);
	priv[6] ^= OA_NO_DA >> 8;
	EXPECT_RC(load_blob(sk.handle, NO_PW, k.priv, n, priv, k.pub_size),
		  RC_P(T_RC_INTEGRITY, 1));
	/* under another parent of the same hierarchy */
	if (!storage_ok(T_RH_OWNER, 2, &sk2))
		return false;
	EXPECT_RC(load_blob(sk2.handle, NO_PW, k.priv, n, k.pub, k.pub_size),
		  RC_P(T_RC_INTEGRITY, 1));
	/* unchanged, it loads */
	if (!key_load_ok(&sk, &k) ||
	    !hmac_is(k.handle, PW("ka"), t_hmac_key, 7, T_ALG_SHA256, 1,
		     t_hmac_key, 20))
		return false;
	EXPECT_RC(flush_context(k.handle), 0);
	EXPECT_RC(flush_context(sk2.handle), 0);
	/* the same parent (same seed, same unique) in another engine */
	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x5B, sizeof(cfg.secret));
	other = tpm2_engine_create(&cfg);
	EXPECT(other, "tpm2_engine_create");
	eng = other;
	rc_startup = startup(TPM2E_SU_CLEAR);
	if (!rc_startup && storage_ok(T_RH_OWNER, 1, &x)) {
		rc_other = load_blob(x.handle, NO_PW, k.priv, n, k.pub,
				     k.pub_size);
		if (!rsp_ok())
			rc_other = 0xFFFFFFFE;
	} else {
		rc_other = 0xFFFFFFFD;
	}
	eng = mine;
	tpm2_engine_destroy(other);
	EXPECT(!rc_startup, "Startup of the other engine: %#x", rc_startup);
	EXPECT(memcmp(x.name, sk.name, 34), "the other engine's primary is ours");
	EXPECT(rc_other == RC_P(T_RC_INTEGRITY, 1),
	       "the other engine's Load: rc %#x", rc_other);
	return true;
}

static bool test_key_read_public(void)
{
	static struct tkey sk, k, m;
	static u8 pub[256];
	struct tsens s = { NO_PW, t_aes_key, 16 };
	struct tpub p = pub_aes(128, T_ALG_OFB);
	u8 name[34], qn[34], hier[4];
	u16 n;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_ENDORSEMENT, 9, &sk) ||
	    !create_load_ok(&sk, &s, &p, &k))
		return false;
	if (!read_public_ok(sk.handle, pub, &n, name, qn))
		return fail_in("of the primary");
	put_unaligned_be32(T_RH_ENDORSEMENT, hier);
	model_qn(hier, 4, sk.name, m.qn);
	EXPECT(n == sk.pub_size && !memcmp(pub, sk.pub, n) &&
	       !memcmp(name, sk.name, 34), "primary: outPublic or name");
	EXPECT(!memcmp(qn, m.qn, 34), "primary: qualifiedName != "
	       "000B || SHA-256(hierarchy || name)");
	if (!read_public_ok(k.handle, pub, &n, name, qn))
		return fail_in("of the key");
	model_qn(m.qn, 34, k.name, m.qn);
	model_name(pub, n, m.name);
	EXPECT(n == k.pub_size && !memcmp(pub, k.pub, n) &&
	       !memcmp(name, m.name, 34), "key: outPublic or name");
	EXPECT(!memcmp(qn, m.qn, 34), "key: qualifiedName != "
	       "000B || SHA-256(parent's qualifiedName || name)");
	/* creationData of the key named its parent by the same */
	EXPECT(!memcmp(k.cd + 4 + 34 + 1 + 2 + 2, sk.name, 34) &&
	       !memcmp(k.cd + 4 + 34 + 1 + 2 + 36 + 2, sk.qn, 34),
	       "creationData: parent's name and qualifiedName");
	return true;
}

/* TPM2_HMAC of @h over a fixed message: into @out (32 bytes) */
static bool hmac_out(u32 h, struct pw pw, u8 *out)
{
	struct rd r;

	EXPECT_RC(hmac_rc(h, pw, (const u8 *)"message", 7, T_ALG_SHA256), 0);
	if (!rd_start(&r, false))
		return false;
	EXPECT(rd_b(&r, out, 32) == 32, "HMAC size");
	return rd_done(&r, "HMAC");
}

static bool test_key_context(void)
{
	static struct saved_ctx sc, sp, so, sx;
	static struct tkey sk, k, nk, ek;
	struct tpub p = pub_hmac(T_ALG_SHA256);
	struct tsens s = { PW("kk"), t_hmac_key, 32 };
	u8 m1[32], m2[32];
	u32 h, x;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk) || !create_load_ok(&sk, &s, &p, &k) ||
	    !hmac_out(k.handle, PW("kk"), m1))
		return false;
	/* saved, flushed, loaded: the same key */
	if (!save_ok(k.handle, &sc))
		return false;
	EXPECT(sc.handle == 0x80000000 && sc.hierarchy == T_RH_OWNER,
	       "savedHandle %#x, hierarchy %#x", sc.handle, sc.hierarchy);
	EXPECT_RC(flush_context(k.handle), 0);
	EXPECT_RC(hmac_rc(k.handle, PW("kk"), m1, 1, T_ALG_NULL),
		  T_RC_REFERENCE_H0);
	if (!load_ok(&sc, &h) || !hmac_out(h, PW("kk"), m2))
		return fail_in("reloaded");
	EXPECT(!memcmp(m1, m2, 32), "HMAC after ContextLoad differs");
	EXPECT_RC(flush_context(h), 0);
	/* a storage key saved: its children load under the reloaded one */
	if (!save_ok(sk.handle, &sp))
		return false;
	EXPECT_RC(flush_context(sk.handle), 0);
	if (!load_ok(&sp, &sk.handle) || !key_load_ok(&sk, &k) ||
	    !hmac_out(k.handle, PW("kk"), m2))
		return fail_in("under the reloaded parent");
	EXPECT_RC(flush_context(k.handle), 0);
	/* stClear: savedHandle 0x80000002 */
	p.attrs |= OA_ST_CLEAR;
	if (!create_load_ok(&sk, &s, &p, &nk) || !save_ok(nk.handle, &so))
		return false;
	EXPECT(so.handle == 0x80000002, "stClear: savedHandle %#x", so.handle);
	EXPECT_RC(flush_context(nk.handle), 0);
	/* an endorsement and a platform primary's contexts */
	if (!storage_ok(T_RH_ENDORSEMENT, 1, &ek) || !save_ok(ek.handle, &sp))
		return false;
	EXPECT(sp.hierarchy == T_RH_ENDORSEMENT, "hierarchy %#x",
	       sp.hierarchy);
	EXPECT_RC(flush_context(ek.handle), 0);
	if (!storage_ok(T_RH_PLATFORM, 1, &ek) || !save_ok(ek.handle, &sx))
		return false;
	EXPECT(sx.hierarchy == T_RH_PLATFORM, "hierarchy %#x", sx.hierarchy);
	/*
	 * TPM2_Clear (Part 3) flushes the storage and endorsement objects and
	 * changes shProof and ehProof: their contexts no longer load; the
	 * platform's do.
	 */
	if (!hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, NO_PW, 0))
		return false;
	EXPECT(LOADED(ek.handle), "only the platform primary left after Clear");
	EXPECT_RC(context_load(&sc, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&so, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(context_load(&sp, &x), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(flush_context(ek.handle), 0);
	if (!load_ok(&sx, &x) || !read_public_ok(x, ek.priv, &ek.pub_size,
						  ek.name, ek.qn))
		return fail_in("platform context after Clear");
	return true;
}

static bool test_key_seeds(void)
{
	static struct tkey a, b, sk, k;
	struct tsens s = { NO_PW, t_hmac_key, 16 };
	struct tpub p = pub_hmac(T_ALG_SHA256);
	static struct saved_ctx sc;
	u8 m1[32], m2[32];
	u32 x;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* owner: stable over power cycles, changed by Clear */
	if (!storage_ok(T_RH_OWNER, 5, &a))
		return false;
	EXPECT_RC(flush_context(a.handle), 0);
	if (!power_cycle(UNORDERLY, TPM2E_SU_CLEAR) ||
	    !storage_ok(T_RH_OWNER, 5, &b))
		return false;
	EXPECT(!memcmp(a.name, b.name, 34), "owner primary changed at Reset");
	if (!create_ok(&b, &s, &p, &k))
		return false;
	if (!hc_bare(T_CC_CLEAR, T_RH_LOCKOUT, NO_PW, 0) ||
	    !storage_ok(T_RH_OWNER, 5, &sk))
		return false;
	EXPECT(memcmp(a.name, sk.name, 34), "owner primary kept after Clear");
	/* a blob of the old owner tree does not load under the new one */
	EXPECT_RC(load_blob(sk.handle, NO_PW, k.priv, k.priv_size, k.pub,
			    k.pub_size), RC_P(T_RC_INTEGRITY, 1));
	EXPECT_RC(flush_context(sk.handle), 0);
	/* null: renewed at every TPM Reset, not at Restart */
	if (!storage_ok(T_RH_NULL, 5, &a) || !save_ok(a.handle, &sc) ||
	    !create_load_ok(&a, &s, &p, &k) || !hmac_out(k.handle, NO_PW, m1))
		return false;
	EXPECT_RC(flush_context(a.handle), 0);
	EXPECT_RC(flush_context(k.handle), 0);
	if (!power_cycle(TPM2E_SU_STATE, TPM2E_SU_STATE) ||
	    !storage_ok(T_RH_NULL, 5, &b))
		return fail_in("Restart");
	EXPECT(!memcmp(a.name, b.name, 34), "null primary changed at Restart");
	EXPECT_RC(flush_context(b.handle), 0);
	if (!power_cycle(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR) ||
	    !storage_ok(T_RH_NULL, 5, &b))
		return fail_in("Reset");
	EXPECT(memcmp(a.name, b.name, 34), "null primary kept after Reset");
	EXPECT_RC(context_load(&sc, &x), RC_P(T_RC_INTEGRITY, 1));
	/* the same known HMAC key under it: the same HMAC, other blob */
	if (!create_load_ok(&b, &s, &p, &sk) || !hmac_out(sk.handle, NO_PW, m2))
		return false;
	EXPECT(!memcmp(m1, m2, 32), "known HMAC key gives another HMAC");
	EXPECT(memcmp(k.priv, sk.priv, 16), "the same private blob");
	return true;
}

static bool test_key_auth(void)
{
	static struct tkey sk, k, nd;
	struct tsens s = { PW("right"), t_hmac_key, 20 };
	struct tpub p = pub_hmac(T_ALG_SHA256);

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 1, &sk))
		return false;
	/* userWithAuth CLEAR: no password, no HMAC for the USER role */
	p.attrs &= ~OA_USER_WITH_AUTH;
	if (!create_load_ok(&sk, &s, &p, &k))
		return false;
	EXPECT_RC(hmac_rc(k.handle, PW("right"), t_hmac_key, 3, T_ALG_NULL),
		  T_RC_AUTH_UNAVAILABLE);
	EXPECT_RC(flush_context(k.handle), 0);
	/* noDA: BAD_AUTH; without: AUTH_FAIL */
	p = pub_hmac(T_ALG_SHA256);
	if (!create_load_ok(&sk, &s, &p, &k))
		return false;
	p.attrs |= OA_NO_DA;
	if (!create_load_ok(&sk, &s, &p, &nd))
		return false;
	EXPECT_RC(hmac_rc(k.handle, PW("wrong"), t_hmac_key, 3, T_ALG_NULL),
		  RC_S(T_RC_AUTH_FAIL, 1));
	EXPECT_RC(hmac_rc(nd.handle, PW("wrong"), t_hmac_key, 3, T_ALG_NULL),
		  RC_S(T_RC_BAD_AUTH, 1));
	EXPECT_RC(hmac_rc(nd.handle, PW("right"), t_hmac_key, 3, T_ALG_NULL),
		  0);
	EXPECT_RC(hmac_rc(k.handle, PW("right"), t_hmac_key, 3, T_ALG_NULL),
		  0);
	/* the storage key's own userAuth, for Create and Load */
	EXPECT_RC(flush_context(nd.handle), 0);
	sk.auth = PW("x");
	EXPECT_RC(create_rc(&sk, &s, &p), RC_S(T_RC_AUTH_FAIL, 1));
	return true;
}

/* ---- asymmetric keys: RSA and ECC objects and their commands ---- */

/*
 * CreatePrimary, Create and Load of RSA and ECC keys, and the commands
 * that use them: Sign, VerifySignature, RSA_Encrypt, RSA_Decrypt,
 * ECDH_KeyGen, ECDH_ZGen, LoadExternal, ObjectChangeAuth and EvictControl.
 * Public keys, signatures, ciphertexts, shared points and verified tickets
 * are checked with OpenSSL over the bytes the engine returns. RSA key
 * generation is slow under ASan: few RSA keys are made, ECC keys stand in
 * where the type does not matter, and OpenSSL makes the external keys.
 */
#define T_CC_EVICT_CONTROL		0x0120
#define T_CC_OBJECT_CHANGE_AUTH		0x0150
#define T_CC_ECDH_ZGEN			0x0154
#define T_CC_RSA_DECRYPT		0x0159
#define T_CC_SIGN			0x015D
#define T_CC_ECDH_KEYGEN		0x0163
#define T_CC_LOAD_EXTERNAL		0x0167
#define T_CC_RSA_ENCRYPT		0x0174
#define T_CC_VERIFY_SIGNATURE		0x0177

#define T_ALG_RSA			0x0001
#define T_ALG_RSASSA			0x0014
#define T_ALG_RSAES			0x0015
#define T_ALG_RSAPSS			0x0016
#define T_ALG_OAEP			0x0017
#define T_ALG_ECDSA			0x0018
#define T_ALG_ECDH			0x0019
#define T_ALG_ECDAA			0x001A
#define T_ALG_KDF1_SP800_56A		0x0020
#define T_ALG_ECC			0x0023
#define T_ECC_P192			0x0001
#define T_ECC_P256			0x0003
#define T_ECC_P384			0x0004

#define T_ST_VERIFIED			0x8022
#define T_ST_HASHCHECK			0x8024

#define T_RC_KEY_SIZE_			0x087
#define T_RC_KDF			0x08C
#define T_RC_RANGE			0x08D
#define T_RC_TAG			0x097
#define T_RC_SIGNATURE			0x09B
#define T_RC_TICKET			0x0A0
#define T_RC_BINDING			0x0A5
#define T_RC_CURVE			0x0A6
#define T_RC_ECC_POINT			0x0A7
#define T_RC_NV_SPACE			0x14B
#define T_RC_NV_DEFINED			0x14C

#define T_CAP_HANDLES			0x00000001
#define T_PT_HR_PERSISTENT		0x208
#define T_PT_HR_PERSISTENT_AVAIL	0x209
#define T_PERSISTENT			0x81000001
#define T_PERSISTENT_PLATFORM		0x81800000

#define OA_ADMIN_WITH_POLICY		BIT(7)
#define OA_SIGN_KEY			(OA_FIXED | OA_SENS_ORIGIN | \
					 OA_USER_WITH_AUTH | OA_SIGN)
#define OA_DEC_KEY			(OA_FIXED | OA_SENS_ORIGIN | \
					 OA_USER_WITH_AUTH | OA_DECRYPT)
/* What an external key with its private part may have */
#define OA_EXT_SIGN			(OA_USER_WITH_AUTH | OA_SIGN)
#define OA_EXT_DEC			(OA_USER_WITH_AUTH | OA_DECRYPT)

/* The codes as Part 2 numbers them, position included */
static_assert(RC_P(T_RC_TICKET, 3) == 0x3E0);
static_assert(RC_P(T_RC_SIGNATURE, 2) == 0x2DB);
static_assert(RC_P(T_RC_ECC_POINT, 1) == 0x1E7);
static_assert(RC_P(T_RC_ECC_POINT, 2) == 0x2E7);
static_assert(RC_P(T_RC_BINDING, 2) == 0x2E5);
static_assert(RC_P(T_RC_KDF, 2) == 0x2CC);
static_assert(RC_P(T_RC_RANGE, 1) == 0x1CD);
static_assert(RC_H(T_RC_HIERARCHY, 2) == 0x285);
static_assert(RC_H(T_RC_ATTRIBUTES, 2) == 0x282);
static_assert(RC_H(T_RC_TYPE, 2) == 0x28A);
static_assert(RC_P(T_RC_KEY_SIZE_, 1) == 0x1C7);
static_assert(T_RC_KEY_SIZE_ == T_RC_KEY_SIZE);

/* A TPMT_PUBLIC of an RSA or ECC key to send */
struct apub {
	u16 type;
	u16 name_alg;
	u32 attrs;
	u16 policy_size;
	u16 sym, sym_bits, sym_mode;
	u16 scheme, scheme_hash;
	u16 key_bits;		/* RSA */
	u32 exponent;
	u16 curve;		/* ECC */
	u16 kdf, kdf_hash;
	u16 unique_size;	/* RSA: of n; ECC: of x, and of y */
	u8 unique_fill;
	const u8 *ux, *uy;	/* unique's bytes, else unique_fill */
	u16 uy_size;		/* ECC with @uy: the size of y */
};

static struct apub apub_rsa(u32 attrs, u16 scheme, u16 hash)
{
	return (struct apub){
		.type = T_ALG_RSA, .name_alg = T_ALG_SHA256, .attrs = attrs,
		.sym = T_ALG_NULL, .scheme = scheme, .scheme_hash = hash,
		.key_bits = 2048, .kdf = T_ALG_NULL,
	};
}

static struct apub apub_ecc(u16 curve, u32 attrs, u16 scheme, u16 hash)
{
	return (struct apub){
		.type = T_ALG_ECC, .name_alg = T_ALG_SHA256, .attrs = attrs,
		.sym = T_ALG_NULL, .scheme = scheme, .scheme_hash = hash,
		.curve = curve, .kdf = T_ALG_NULL,
	};
}

/* A storage key template of @type: AES-128-CFB, no scheme */
static struct apub apub_storage(u16 type)
{
	struct apub p = type == T_ALG_RSA ?
		apub_rsa(OA_STORAGE, T_ALG_NULL, 0) :
		apub_ecc(T_ECC_P256, OA_STORAGE, T_ALG_NULL, 0);

	p.sym = T_ALG_AES;
	p.sym_bits = 128;
	p.sym_mode = T_ALG_CFB;
	return p;
}

static bool scheme_has_hash(u16 alg)
{
	return alg != T_ALG_NULL && alg != T_ALG_RSAES;
}

static u32 put_unique(u8 *b, u16 n, const u8 *v, u8 fill)
{
	put_unaligned_be16(n, b);
	if (v && n)
		memcpy(b + 2, v, n);
	else
		memset(b + 2, fill, n);
	return 2u + n;
}

static u32 put_apub(u8 *b, const struct apub *p)
{
	u32 at;

	put_unaligned_be16(p->type, b);
	put_unaligned_be16(p->name_alg, b + 2);
	put_unaligned_be32(p->attrs, b + 4);
	put_unaligned_be16(p->policy_size, b + 8);
	memset(b + 10, 0x77, p->policy_size);
	at = 10 + p->policy_size;
	put_unaligned_be16(p->sym, b + at);
	at += 2;
	if (p->sym != T_ALG_NULL) {
		put_unaligned_be16(p->sym_bits, b + at);
		put_unaligned_be16(p->sym_mode, b + at + 2);
		at += 4;
	}
	put_unaligned_be16(p->scheme, b + at);
	at += 2;
	if (scheme_has_hash(p->scheme)) {
		put_unaligned_be16(p->scheme_hash, b + at);
		at += 2;
	}
	if (p->scheme == T_ALG_ECDAA) {
		put_unaligned_be16(0, b + at);
		at += 2;
	}
	if (p->type == T_ALG_RSA) {
		put_unaligned_be16(p->key_bits, b + at);
		put_unaligned_be32(p->exponent, b + at + 2);
		at += 6;
		return at + put_unique(b + at, p->unique_size, p->ux,
				       p->unique_fill);
	}
	put_unaligned_be16(p->curve, b + at);
	put_unaligned_be16(p->kdf, b + at + 2);
	at += 4;
	if (p->kdf != T_ALG_NULL) {
		put_unaligned_be16(p->kdf_hash, b + at);
		at += 2;
	}
	at += put_unique(b + at, p->unique_size, p->ux, p->unique_fill);
	return at + put_unique(b + at, p->uy ? p->uy_size : p->unique_size,
			       p->uy, p->unique_fill);
}

/* An RSA or ECC object as the test knows it */
struct akey {
	u32 handle;
	u32 hierarchy;
	u16 type;
	u16 curve;
	u16 bytes;		/* of the modulus, or of a coordinate */
	u32 e;			/* RSA exponent, 0 read as 65537 */
	u8 n[384];
	u8 x[48], y[48];
	u16 pub_size;
	u8 pub[512];		/* TPMT_PUBLIC */
	u16 priv_size;
	u8 priv[512];		/* TPM2B_PRIVATE's buffer */
	u8 name[34];
	struct pw auth;
};

/* The parent of a child: what Create and Load need of it */
static struct akey akey_of(const struct tkey *t)
{
	struct akey k = { .handle = t->handle, .hierarchy = t->hierarchy,
			  .auth = t->auth };

	return k;
}

static u16 t_ecc_bytes(u16 curve)
{
	return curve == T_ECC_P384 ? 48 : 32;
}

static int t_nid(u16 curve)
{
	return curve == T_ECC_P384 ? NID_secp384r1 : NID_X9_62_prime256v1;
}

static const EVP_MD *t_md(u16 hash)
{
	return EVP_get_digestbyname(md_names[alg_index(hash)]);
}

/* The public key of a TPMT_PUBLIC the engine returned, strictly parsed */
static bool akey_parse(struct akey *k)
{
	const u8 *b = k->pub;
	u32 n = k->pub_size, at;
	u16 v, size;

#define NEED(x) EXPECT(at + (x) <= n, "public area of %u bytes: short at %u", \
		       n, at)
	at = 0;
	NEED(10);
	k->type = get_unaligned_be16(b);
	at = 10 + get_unaligned_be16(b + 8);
	NEED(2);
	v = get_unaligned_be16(b + at);
	at += v == T_ALG_NULL ? 2 : 6;
	NEED(2);
	v = get_unaligned_be16(b + at);
	at += 2 + (scheme_has_hash(v) ? 2 : 0) + (v == T_ALG_ECDAA ? 2 : 0);
	if (k->type == T_ALG_RSA) {
		NEED(8);
		k->e = get_unaligned_be32(b + at + 2);
		if (!k->e)
			k->e = 65537;
		k->bytes = get_unaligned_be16(b + at) / 8;
		size = get_unaligned_be16(b + at + 6);
		at += 8;
		EXPECT(size == k->bytes && size <= sizeof(k->n),
		       "modulus of %u bytes, keyBits %u", size, k->bytes * 8);
		NEED(size);
		memcpy(k->n, b + at, size);
		at += size;
	} else {
		EXPECT(k->type == T_ALG_ECC, "type %#x", k->type);
		NEED(4);
		k->curve = get_unaligned_be16(b + at);
		k->bytes = t_ecc_bytes(k->curve);
		v = get_unaligned_be16(b + at + 2);
		at += 4 + (v == T_ALG_NULL ? 0 : 2);
		NEED(2);
		size = get_unaligned_be16(b + at);
		EXPECT(size == k->bytes, "x of %u bytes", size);
		NEED(2 + size);
		memcpy(k->x, b + at + 2, size);
		at += 2 + size;
		NEED(2);
		size = get_unaligned_be16(b + at);
		EXPECT(size == k->bytes, "y of %u bytes", size);
		NEED(2 + size);
		memcpy(k->y, b + at + 2, size);
		at += 2 + size;
	}
#undef NEED
	EXPECT(at == n, "public area: %u bytes after its end", n - at);
	return true;
}

static bool ossl_on_curve(u16 curve, const u8 *x, const u8 *y)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(t_nid(curve));
	EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
	u16 n = t_ecc_bytes(curve);
	BIGNUM *bx = BN_bin2bn(x, n, NULL), *by = BN_bin2bn(y, n, NULL);
	bool ok = pt && bx && by &&
		  EC_POINT_set_affine_coordinates(g, pt, bx, by, NULL) == 1 &&
		  EC_POINT_is_on_curve(g, pt, NULL) == 1;

	BN_free(bx);
	BN_free(by);
	EC_POINT_free(pt);
	EC_GROUP_free(g);
	return ok;
}

/*
 * What the engine returned for template @p: the template's bytes up to
 * unique, a public key that OpenSSL finds well formed (a composite odd
 * modulus of keyBits bits and the exponent asked for; a point on the
 * curve), and the Name nameAlg || SHA-256(TPMT_PUBLIC).
 */
static bool akey_check(struct akey *k, const struct apub *p, const u8 *name)
{
	static u8 tmpl[512];
	struct apub no_unique = *p;
	BN_CTX *bc;
	BIGNUM *bn;
	u32 n;
	int bits, prime;

	if (!akey_parse(k))
		return false;
	no_unique.unique_size = 0;
	no_unique.ux = NULL;
	no_unique.uy = NULL;
	n = put_apub(tmpl, &no_unique) - (p->type == T_ALG_RSA ? 2 : 4);
	EXPECT(k->pub_size > n && !memcmp(k->pub, tmpl, n),
	       "outPublic differs from the template before unique");
	model_name(k->pub, k->pub_size, k->name);
	if (name)
		EXPECT(!memcmp(name, k->name, 34),
		       "name != 000B || SHA-256(outPublic)");
	if (p->type == T_ALG_ECC) {
		EXPECT(ossl_on_curve(k->curve, k->x, k->y),
		       "the public point is not on curve %#x", k->curve);
		return true;
	}
	bn = BN_bin2bn(k->n, k->bytes, NULL);
	bc = BN_CTX_new();
	bits = bn ? BN_num_bits(bn) : 0;
	prime = bn && bc ? BN_check_prime(bn, bc, NULL) : 1;
	EXPECT(bits == p->key_bits && BN_is_odd(bn) && prime == 0,
	       "modulus of %d bits, odd %d, prime %d", bits,
	       bn ? BN_is_odd(bn) : -1, prime);
	BN_CTX_free(bc);
	BN_free(bn);
	EXPECT(k->e == (p->exponent ? p->exponent : 65537), "exponent %u",
	       k->e);
	return true;
}

static u8 abuf[TPM2_MAX_COMMAND_SIZE];

/* CreatePrimary and Create: @auth, no data, @p, no outsideInfo or PCRs */
static u32 acreate_params(u8 *b, struct pw auth, const struct apub *p,
			  const u8 *data, u16 dn)
{
	u32 at = 2, n;

	put_unaligned_be16(auth.n, b + at);
	if (auth.n)
		memcpy(b + at + 2, auth.p, auth.n);
	at += 2 + auth.n;
	put_unaligned_be16(dn, b + at);
	if (dn)
		memcpy(b + at + 2, data, dn);
	at += 2 + dn;
	put_unaligned_be16(at - 2, b);
	n = put_apub(b + at + 2, p);
	put_unaligned_be16(n, b + at);
	at += 2 + n;
	put_unaligned_be16(0, b + at);
	put_unaligned_be32(0, b + at + 2);
	return at + 6;
}

static bool aprimary_ok(u32 hier, const struct apub *p, struct pw auth,
			struct akey *k)
{
	u8 name[34];
	struct rd r;

	memset(k, 0, sizeof(*k));
	k->hierarchy = hier;
	k->auth = auth;
	EXPECT_RC(key_cmd(T_CC_CREATE_PRIMARY, hier, NO_PW, abuf,
			  acreate_params(abuf, auth, p, NULL, 0)), 0);
	if (!rd_start(&r, true))
		return false;
	k->handle = get_unaligned_be32(rsp + 10);
	k->pub_size = rd_b(&r, k->pub, sizeof(k->pub));
	rd_b(&r, NULL, 1024);
	rd_b(&r, NULL, 64);
	rd_u16(&r);
	rd_u32(&r);
	rd_b(&r, NULL, 64);
	EXPECT(rd_b(&r, name, 34) == 34, "CreatePrimary: name size");
	if (!rd_done(&r, "CreatePrimary"))
		return false;
	return akey_check(k, p, name) || fail_in("CreatePrimary(%#x)", hier);
}

static u32 acreate_rc(const struct akey *parent, const struct apub *p)
{
	return key_cmd(T_CC_CREATE, parent->handle, parent->auth, abuf,
		       acreate_params(abuf, NO_PW, p, NULL, 0));
}

static bool acreate_ok(const struct akey *parent, const struct apub *p,
		       struct pw auth, struct akey *k)
{
	struct rd r;

	memset(k, 0, sizeof(*k));
	k->hierarchy = parent->hierarchy;
	k->auth = auth;
	EXPECT_RC(key_cmd(T_CC_CREATE, parent->handle, parent->auth, abuf,
			  acreate_params(abuf, auth, p, NULL, 0)), 0);
	if (!rd_start(&r, false))
		return false;
	k->priv_size = rd_b(&r, k->priv, sizeof(k->priv));
	k->pub_size = rd_b(&r, k->pub, sizeof(k->pub));
	rd_b(&r, NULL, 1024);
	rd_b(&r, NULL, 64);
	rd_u16(&r);
	rd_u32(&r);
	rd_b(&r, NULL, 64);
	if (!rd_done(&r, "Create"))
		return false;
	return akey_check(k, p, NULL) || fail_in("Create");
}

static u32 aload_rc(const struct akey *parent, const u8 *priv, u16 pn,
		    const u8 *pub, u16 n)
{
	put_unaligned_be16(pn, abuf);
	memcpy(abuf + 2, priv, pn);
	put_unaligned_be16(n, abuf + 2 + pn);
	memcpy(abuf + 4 + pn, pub, n);
	return key_cmd(T_CC_LOAD, parent->handle, parent->auth, abuf,
		       4u + pn + n);
}

static bool aload_ok(const struct akey *parent, struct akey *k)
{
	u8 name[34];
	struct rd r;

	EXPECT_RC(aload_rc(parent, k->priv, k->priv_size, k->pub, k->pub_size),
		  0);
	if (!rd_start(&r, true))
		return false;
	k->handle = get_unaligned_be32(rsp + 10);
	EXPECT(rd_b(&r, name, 34) == 34 && !memcmp(name, k->name, 34),
	       "Load: name differs from 000B || SHA-256(outPublic)");
	return rd_done(&r, "Load");
}

static bool acreate_load_ok(const struct akey *parent, const struct apub *p,
			    struct pw auth, struct akey *k)
{
	return acreate_ok(parent, p, auth, k) && aload_ok(parent, k);
}

/* ---- LoadExternal ---- */

/* A TPMT_SENSITIVE to send (NULL: none) */
struct asens {
	u16 type;
	struct pw auth;
	u16 seed_size;
	const u8 *sens;
	u16 sens_size;
};

static u32 load_external_rc(const struct asens *s, const u8 *pub, u16 n,
			    u32 hier)
{
	struct cmdbuf c;
	u32 at;
	u8 seed[80];

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_LOAD_EXTERNAL);
	at = c.len;
	cb_u16(&c, 0);
	if (s) {
		memset(seed, 0x33, sizeof(seed));
		cb_u16(&c, s->type);
		cb_tpm2b(&c, s->auth.p, s->auth.n);
		cb_tpm2b(&c, seed, s->seed_size);
		cb_tpm2b(&c, s->sens, s->sens_size);
		put_unaligned_be16(c.len - at - 2, c.b + at);
	}
	cb_tpm2b(&c, pub, n);
	cb_u32(&c, hier);
	return exec_cb(&c);
}

static u32 load_external_apub(const struct asens *s, const struct apub *p,
			      u32 hier)
{
	u8 b[600];

	return load_external_rc(s, b, (u16)put_apub(b, p), hier);
}

/* LoadExternal of @k's public area (and @s): its handle, the name checked */
static bool load_external_ok(const struct asens *s, struct akey *k, u32 hier)
{
	EXPECT_RC(load_external_rc(s, k->pub, k->pub_size, hier), 0);
	EXPECT(rsp_len == 14 + 2 + 34 && get_unaligned_be16(rsp + 14) == 34,
	       "LoadExternal: response of %zu bytes", rsp_len);
	model_name(k->pub, k->pub_size, k->name);
	EXPECT(!memcmp(rsp + 16, k->name, 34),
	       "LoadExternal: name differs from 000B || SHA-256(inPublic)");
	k->handle = get_unaligned_be32(rsp + 10);
	k->hierarchy = hier;
	EXPECT(is_transient(k->handle), "LoadExternal: handle %#x", k->handle);
	return true;
}

/* An akey of template @p: its public bytes (and parsed key) */
static bool akey_from(const struct apub *p, struct akey *k)
{
	memset(k, 0, sizeof(*k));
	k->pub_size = (u16)put_apub(k->pub, p);
	return akey_parse(k);
}

/* ---- OpenSSL's side ---- */

static BIGNUM *bn_get(EVP_PKEY *pk, const char *name)
{
	BIGNUM *bn = NULL;

	return EVP_PKEY_get_bn_param(pk, name, &bn) == 1 ? bn : NULL;
}

/*
 * A new RSA-2048 key by OpenSSL: the template @p (attrs and scheme chosen
 * by the caller) with its modulus into @k, one prime into @prime.
 */
static EVP_PKEY *ossl_rsa_new(struct apub *p, struct akey *k, u8 *prime)
{
	EVP_PKEY *pk = EVP_RSA_gen(2048);
	BIGNUM *n = pk ? bn_get(pk, OSSL_PKEY_PARAM_RSA_N) : NULL;
	BIGNUM *f = pk ? bn_get(pk, OSSL_PKEY_PARAM_RSA_FACTOR1) : NULL;
	static u8 nb[256];

	if (!n || !f || BN_bn2binpad(n, nb, 256) != 256 ||
	    BN_bn2binpad(f, prime, 128) != 128) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	BN_free(n);
	BN_free(f);
	if (!pk)
		return NULL;
	p->unique_size = 256;
	p->ux = nb;
	if (!akey_from(p, k)) {
		EVP_PKEY_free(pk);
		return NULL;
	}
	p->ux = NULL;
	p->unique_size = 0;
	return pk;
}

/* The RSA public key of @k */
static EVP_PKEY *ossl_rsa_pub(const struct akey *k)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *n = BN_bin2bn(k->n, k->bytes, NULL), *e = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pk = NULL;

	if (bld && n && e && c && BN_set_word(e, k->e) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(c) <= 0 ||
	    EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(c);
	BN_free(n);
	BN_free(e);
	return pk;
}

/* A context for RSA operation @op (0 sign, 1 verify, 2 encrypt, 3 decrypt) */
static EVP_PKEY_CTX *ossl_rsa_ctx(EVP_PKEY *pk, int op, u16 scheme, u16 hash,
				  const u8 *label, u16 ln)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	int pad = scheme == T_ALG_RSAPSS ? RSA_PKCS1_PSS_PADDING :
		  scheme == T_ALG_OAEP ? RSA_PKCS1_OAEP_PADDING :
		  scheme == T_ALG_NULL ? RSA_NO_PADDING : RSA_PKCS1_PADDING;
	int ok;

	if (!c)
		return NULL;
	ok = (op == 0 ? EVP_PKEY_sign_init(c) : op == 1 ?
	      EVP_PKEY_verify_init(c) : op == 2 ? EVP_PKEY_encrypt_init(c) :
	      EVP_PKEY_decrypt_init(c)) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, pad) > 0;
	if (ok && op < 2)
		ok = EVP_PKEY_CTX_set_signature_md(c, t_md(hash)) > 0;
	if (ok && scheme == T_ALG_RSAPSS)
		ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(c,
						      RSA_PSS_SALTLEN_DIGEST) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, t_md(hash)) > 0;
	if (ok && scheme == T_ALG_OAEP) {
		ok = EVP_PKEY_CTX_set_rsa_oaep_md(c, t_md(hash)) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, t_md(hash)) > 0;
		if (ok && ln)
			ok = EVP_PKEY_CTX_set0_rsa_oaep_label(c,
				OPENSSL_memdup(label, ln), ln) > 0;
	}
	if (!ok) {
		EVP_PKEY_CTX_free(c);
		return NULL;
	}
	return c;
}

static bool ossl_rsa_verify(EVP_PKEY *pk, u16 scheme, u16 hash,
			    const u8 *dig, size_t dn, const u8 *sig, size_t n)
{
	EVP_PKEY_CTX *c = ossl_rsa_ctx(pk, 1, scheme, hash, NULL, 0);
	bool ok = c && EVP_PKEY_verify(c, sig, n, dig, dn) == 1;

	EVP_PKEY_CTX_free(c);
	return ok;
}

static size_t ossl_rsa_sign(EVP_PKEY *pk, u16 scheme, u16 hash,
			    const u8 *dig, size_t dn, u8 *sig)
{
	EVP_PKEY_CTX *c = ossl_rsa_ctx(pk, 0, scheme, hash, NULL, 0);
	size_t n = 512;

	if (!c || EVP_PKEY_sign(c, sig, &n, dig, dn) != 1)
		n = 0;
	EVP_PKEY_CTX_free(c);
	return n;
}

/* RSA encryption (@enc) or decryption by OpenSSL: bytes out, or -1 */
static long ossl_rsa_crypt(EVP_PKEY *pk, bool enc, u16 scheme, u16 hash,
			   const u8 *label, u16 ln, const u8 *in, size_t n,
			   u8 *out)
{
	EVP_PKEY_CTX *c = ossl_rsa_ctx(pk, enc ? 2 : 3, scheme, hash, label,
				       ln);
	size_t on = 512;
	int ok;

	if (!c)
		return -1;
	ok = enc ? EVP_PKEY_encrypt(c, out, &on, in, n) :
	     EVP_PKEY_decrypt(c, out, &on, in, n);
	EVP_PKEY_CTX_free(c);
	return ok == 1 ? (long)on : -1;
}

/* An EC_KEY of @curve: point (@x, @y), or a new key when @x is NULL */
static EC_KEY *ossl_ec_key(u16 curve, const u8 *x, const u8 *y)
{
	EC_KEY *k = EC_KEY_new_by_curve_name(t_nid(curve));
	u16 n = t_ecc_bytes(curve);
	BIGNUM *bx, *by;
	bool ok;

	if (!k)
		return NULL;
	if (!x)
		return EC_KEY_generate_key(k) == 1 ? k : (EC_KEY_free(k), NULL);
	bx = BN_bin2bn(x, n, NULL);
	by = BN_bin2bn(y, n, NULL);
	ok = bx && by &&
	     EC_KEY_set_public_key_affine_coordinates(k, bx, by) == 1;
	BN_free(bx);
	BN_free(by);
	if (!ok) {
		EC_KEY_free(k);
		return NULL;
	}
	return k;
}

/* The point and scalar of an EC_KEY, left-padded to the curve's size */
static bool ossl_ec_parts(const EC_KEY *k, u16 curve, u8 *x, u8 *y, u8 *d)
{
	const EC_GROUP *g = EC_KEY_get0_group(k);
	BIGNUM *bx = BN_new(), *by = BN_new();
	int n = t_ecc_bytes(curve);
	bool ok = bx && by &&
		  EC_POINT_get_affine_coordinates(g, EC_KEY_get0_public_key(k),
						  bx, by, NULL) == 1 &&
		  BN_bn2binpad(bx, x, n) == n && BN_bn2binpad(by, y, n) == n;

	if (ok && d)
		ok = BN_bn2binpad(EC_KEY_get0_private_key(k), d, n) == n;
	BN_free(bx);
	BN_free(by);
	return ok;
}

static bool ossl_ecdsa_verify(u16 curve, const u8 *x, const u8 *y,
			      const u8 *dig, size_t dn, const u8 *r,
			      const u8 *s)
{
	EC_KEY *k = ossl_ec_key(curve, x, y);
	ECDSA_SIG *sig = ECDSA_SIG_new();
	u16 n = t_ecc_bytes(curve);
	bool ok = k && sig &&
		  ECDSA_SIG_set0(sig, BN_bin2bn(r, n, NULL),
				 BN_bin2bn(s, n, NULL)) == 1 &&
		  ECDSA_do_verify(dig, (int)dn, sig, k) == 1;

	ECDSA_SIG_free(sig);
	EC_KEY_free(k);
	return ok;
}

static bool ossl_ecdsa_sign(EC_KEY *k, u16 curve, const u8 *dig, size_t dn,
			    u8 *r, u8 *s)
{
	ECDSA_SIG *sig = ECDSA_do_sign(dig, (int)dn, k);
	int n = t_ecc_bytes(curve);
	bool ok = sig && BN_bn2binpad(ECDSA_SIG_get0_r(sig), r, n) == n &&
		  BN_bn2binpad(ECDSA_SIG_get0_s(sig), s, n) == n;

	ECDSA_SIG_free(sig);
	return ok;
}

/* @d times the point (@x, @y) into (@ox, @oy), by OpenSSL */
static bool ossl_ec_mul(u16 curve, const u8 *d, size_t dn, const u8 *x,
			const u8 *y, u8 *ox, u8 *oy)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(t_nid(curve));
	EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
	EC_POINT *r = g ? EC_POINT_new(g) : NULL;
	int n = t_ecc_bytes(curve);
	BIGNUM *bd = BN_bin2bn(d, (int)dn, NULL), *bx = BN_new(),
	       *by = BN_new();
	bool ok = pt && r && bd && bx && by;

	if (ok && x)
		ok = BN_bin2bn(x, n, bx) && BN_bin2bn(y, n, by) &&
		     EC_POINT_set_affine_coordinates(g, pt, bx, by, NULL) == 1;
	if (ok)
		ok = EC_POINT_mul(g, r, x ? NULL : bd, x ? pt : NULL,
				  x ? bd : NULL, NULL) == 1 &&
		     EC_POINT_get_affine_coordinates(g, r, bx, by, NULL) == 1 &&
		     BN_bn2binpad(bx, ox, n) == n &&
		     BN_bn2binpad(by, oy, n) == n;
	BN_free(bd);
	BN_free(bx);
	BN_free(by);
	EC_POINT_free(pt);
	EC_POINT_free(r);
	EC_GROUP_free(g);
	return ok;
}

/* ---- Sign and VerifySignature ---- */

/* A TPMT_SIGNATURE */
struct asig {
	u16 alg;
	u16 hash;
	u16 size;
	u8 sig[512];		/* RSA signature, ECDSA r, or the HMAC */
	u16 s_size;
	u8 s[64];		/* ECDSA s */
};

static u32 sign_rc(u32 h, struct pw pw, const u8 *dig, u16 dn, u16 scheme,
		   u16 hash, u32 tk_hier, const u8 *tk, u16 tkn)
{
	u32 at;

	put_unaligned_be16(dn, abuf);
	memcpy(abuf + 2, dig, dn);
	at = 2 + dn;
	put_unaligned_be16(scheme, abuf + at);
	at += 2;
	if (scheme != T_ALG_NULL) {
		put_unaligned_be16(hash, abuf + at);
		at += 2;
	}
	put_unaligned_be16(T_ST_HASHCHECK, abuf + at);
	put_unaligned_be32(tk_hier, abuf + at + 2);
	put_unaligned_be16(tkn, abuf + at + 6);
	if (tkn)
		memcpy(abuf + at + 8, tk, tkn);
	return key_cmd(T_CC_SIGN, h, pw, abuf, at + 8 + tkn);
}

/* Sign without a ticket */
static u32 sign_nt(u32 h, struct pw pw, const u8 *dig, u16 dn, u16 scheme,
		   u16 hash)
{
	return sign_rc(h, pw, dig, dn, scheme, hash, T_RH_NULL, NULL, 0);
}

static bool rd_sig(struct rd *r, struct asig *o)
{
	memset(o, 0, sizeof(*o));
	o->alg = rd_u16(r);
	o->hash = rd_u16(r);
	if (o->alg == T_ALG_HMAC) {
		o->size = alg_size(o->hash);
		EXPECT(!r->bad && r->at + o->size <= r->end, "short HMAC");
		memcpy(o->sig, rsp + r->at, o->size);
		r->at += o->size;
		return true;
	}
	o->size = rd_b(r, o->sig, sizeof(o->sig));
	if (o->alg == T_ALG_ECDSA)
		o->s_size = rd_b(r, o->s, sizeof(o->s));
	EXPECT(!r->bad, "malformed signature");
	return true;
}

static bool sign_ok(u32 h, struct pw pw, const u8 *dig, u16 dn, u16 scheme,
		    u16 hash, u32 tk_hier, const u8 *tk, u16 tkn,
		    struct asig *o)
{
	struct rd r;

	EXPECT_RC(sign_rc(h, pw, dig, dn, scheme, hash, tk_hier, tk, tkn), 0);
	if (!rd_start(&r, false) || !rd_sig(&r, o))
		return false;
	return rd_done(&r, "Sign");
}

static u32 put_sig(u8 *b, const struct asig *s)
{
	u32 at = 4;

	put_unaligned_be16(s->alg, b);
	put_unaligned_be16(s->hash, b + 2);
	if (s->alg == T_ALG_HMAC) {
		memcpy(b + 4, s->sig, s->size);
		return 4u + s->size;
	}
	at += put_unique(b + at, s->size, s->sig, 0);
	if (s->alg == T_ALG_ECDSA)
		at += put_unique(b + at, s->s_size, s->s, 0);
	return at;
}

static u32 verify_rc(u32 h, const u8 *dig, u16 dn, const struct asig *s)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_VERIFY_SIGNATURE);
	cb_u32(&c, h);
	cb_tpm2b(&c, dig, dn);
	c.len += put_sig(c.b + c.len, s);
	return exec_cb(&c);
}

/* HMAC-SHA256(proof, TPM_ST_VERIFIED || digest || keyName), as hash.c has it */
static void model_verified(u32 hier, const u8 *dig, u16 dn, const u8 *name,
			   u8 *out)
{
	u8 proof[32], in[2 + 64 + 34];

	model_proof(hier, proof);
	put_unaligned_be16(T_ST_VERIFIED, in);
	memcpy(in + 2, dig, dn);
	memcpy(in + 2 + dn, name, 34);
	ossl_hmac(1, proof, 32, in, 2u + dn + 34, out);
}

/*
 * VerifySignature succeeds with the ticket of @k's hierarchy: an HMAC the
 * test recomputes, or the NULL ticket of the null hierarchy.
 */
static bool verify_ok(const struct akey *k, const u8 *dig, u16 dn,
		      const struct asig *s)
{
	u8 tk[64], want[32];
	struct rd r;
	u32 hier;
	u16 tag, n;

	EXPECT_RC(verify_rc(k->handle, dig, dn, s), 0);
	r.at = 10;
	r.end = rsp_len;
	r.bad = false;
	tag = rd_u16(&r);
	hier = rd_u32(&r);
	n = rd_b(&r, tk, 64);
	if (!rd_done(&r, "VerifySignature"))
		return false;
	EXPECT(tag == T_ST_VERIFIED, "ticket tag %#x", tag);
	if (k->hierarchy == T_RH_NULL) {
		EXPECT(hier == T_RH_NULL && !n,
		       "null-hierarchy key: ticket %#x of %u bytes", hier, n);
		return true;
	}
	model_verified(k->hierarchy, dig, dn, k->name, want);
	EXPECT(hier == k->hierarchy && n == 32 && !memcmp(tk, want, 32),
	       "ticket %#x of %u bytes, want %#x: HMAC(proof, ...) differs",
	       hier, n, k->hierarchy);
	return true;
}

/* Sign @dig with @k by @scheme/@hash; the result checked by OpenSSL */
static bool sign_checked(const struct akey *k, u16 scheme, u16 hash,
			 const u8 *dig, u16 dn, struct asig *o)
{
	EVP_PKEY *pk;
	bool ok;

	if (!sign_ok(k->handle, k->auth, dig, dn, scheme, hash, T_RH_NULL,
		     NULL, 0, o))
		return fail_in("Sign(%#x, %#x)", scheme, hash);
	if (k->type == T_ALG_ECC) {
		EXPECT(o->alg == T_ALG_ECDSA && o->size == k->bytes &&
		       o->s_size == k->bytes, "ECDSA signature sizes %u %u",
		       o->size, o->s_size);
		EXPECT(ossl_ecdsa_verify(k->curve, k->x, k->y, dig, dn, o->sig,
					 o->s),
		       "OpenSSL rejects the ECDSA signature (hash %#x)",
		       o->hash);
		return true;
	}
	EXPECT(o->size == k->bytes, "RSA signature of %u bytes", o->size);
	pk = ossl_rsa_pub(k);
	ok = pk && ossl_rsa_verify(pk, o->alg, o->hash, dig, dn, o->sig,
				   o->size);
	EVP_PKEY_free(pk);
	EXPECT(ok, "OpenSSL rejects the %s signature (hash %#x)",
	       o->alg == T_ALG_RSAPSS ? "RSAPSS" : "RSASSA", o->hash);
	return true;
}

static void fill_digest(u8 *d, u16 n, u8 seed)
{
	u16 i;

	for (i = 0; i < n; i++)
		d[i] = (u8)(seed + i * 37);
}

static bool same_key(const struct akey *a, const struct akey *b)
{
	return a->pub_size == b->pub_size &&
	       !memcmp(a->pub, b->pub, a->pub_size) &&
	       !memcmp(a->name, b->name, 34);
}

/* CreatePrimary of RSA-2048 and ECC keys: deterministic, well formed */
static bool test_asym_primary(void)
{
	static struct akey a, b;
	struct apub p = apub_storage(T_ALG_ECC);
	static const u32 hiers[3] = {
		T_RH_ENDORSEMENT, T_RH_PLATFORM, T_RH_NULL,
	};
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* ECC P-256 storage key: the same template twice, the same key */
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &a) ||
	    !aprimary_ok(T_RH_OWNER, &p, NO_PW, &b))
		return false;
	EXPECT(a.handle != b.handle && same_key(&a, &b),
	       "ECC storage primary: not deterministic");
	EXPECT_RC(flush_context(b.handle), 0);
	/* another unique, another hierarchy: another key */
	p.unique_size = 32;
	p.unique_fill = 1;
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &b))
		return false;
	EXPECT(memcmp(a.x, b.x, 32), "another unique, the same point");
	EXPECT_RC(flush_context(b.handle), 0);
	p.unique_size = 0;
	for (i = 0; i < 3; i++) {
		if (!aprimary_ok(hiers[i], &p, NO_PW, &b))
			return fail_in("hierarchy %#x", hiers[i]);
		EXPECT(memcmp(a.x, b.x, 32), "hierarchy %#x: the same point",
		       hiers[i]);
		EXPECT_RC(flush_context(b.handle), 0);
	}
	/* ECDSA signing keys of both curves, twice each */
	for (i = 0; i < 2; i++) {
		u16 curve = i ? T_ECC_P384 : T_ECC_P256;

		p = apub_ecc(curve, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA384);
		if (!aprimary_ok(T_RH_ENDORSEMENT, &p, NO_PW, &a) ||
		    !aprimary_ok(T_RH_ENDORSEMENT, &p, NO_PW, &b))
			return fail_in("ECDSA primary on curve %#x", curve);
		EXPECT(a.bytes == t_ecc_bytes(curve) && same_key(&a, &b),
		       "ECDSA primary on curve %#x: not deterministic", curve);
		EXPECT_RC(flush_context(a.handle), 0);
		EXPECT_RC(flush_context(b.handle), 0);
	}
	/* RSA-2048 storage key: twice the same, another unique another */
	p = apub_storage(T_ALG_RSA);
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &a) ||
	    !aprimary_ok(T_RH_OWNER, &p, NO_PW, &b))
		return false;
	EXPECT(same_key(&a, &b), "RSA storage primary: not deterministic");
	EXPECT_RC(flush_context(b.handle), 0);
	p.unique_size = 256;
	p.unique_fill = 0x5C;
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &b))
		return false;
	EXPECT(memcmp(a.n, b.n, 256), "another unique, the same modulus");
	EXPECT_RC(flush_context(b.handle), 0);
	/* RSASSA signing key in the null hierarchy, exponent given */
	p = apub_rsa(OA_SIGN_KEY, T_ALG_RSASSA, T_ALG_SHA256);
	p.exponent = 65539;
	if (!aprimary_ok(T_RH_NULL, &p, NO_PW, &b))
		return false;
	EXPECT(memcmp(a.n, b.n, 256), "signing key: the storage modulus");
	return true;
}

/* Create under @parent: @want, no key generated when it is an error */
#define ACR(parent, want, p) do {					\
	u32 __rc = acreate_rc(&(parent), &(p));				\
	EXPECT(__rc == (u32)(want), "line %d: Create: rc %#x, want %#x", \
	       __LINE__, __rc, (u32)(want));				\
	if (!rsp_ok())							\
		return false;						\
} while (0)

/* Load of a tampered private, under the wrong parent, another public */
static bool load_errors(const struct akey *parent, const struct akey *other,
			const struct akey *k, const struct akey *k2)
{
	static u8 priv[512];
	u16 n = k->priv_size;
	u32 i, rc;

	/* a byte of the integrity, the IV-less ciphertext, anywhere */
	for (i = 2; i < n; i += 13) {
		memcpy(priv, k->priv, n);
		priv[i] ^= 0x40;
		rc = aload_rc(parent, priv, n, k->pub, k->pub_size);
		if (!rsp_ok())
			return fail_in("byte %u", i);
		EXPECT(rc == RC_P(T_RC_INTEGRITY, 1),
		       "private byte %u of %u changed: rc %#x", i, n, rc);
	}
	/* another key's public area */
	EXPECT_RC(aload_rc(parent, k->priv, n, k2->pub, k2->pub_size),
		  RC_P(T_RC_INTEGRITY, 1));
	/* another parent */
	EXPECT_RC(aload_rc(other, k->priv, n, k->pub, k->pub_size),
		  RC_P(T_RC_INTEGRITY, 1));
	return true;
}

/*
 * Create and Load of RSA and ECC children under RSA, ECC and AES storage
 * parents; what Load refuses; the public area rules of asymmetric keys.
 */
static bool test_asym_create_load(void)
{
	static struct akey rp, ep, ap, k, k2;
	static struct tkey t;
	static const u8 dig[48] = { 1, 2, 3, 4 };
	struct apub p, ps = apub_storage(T_ALG_ECC);
	static struct asig sig;
	u8 data[16] = { 1 };
	struct tsens d16 = { NO_PW, data, 16 };
	struct tpub tp;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	p = apub_storage(T_ALG_RSA);
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &rp) ||
	    !aprimary_ok(T_RH_OWNER, &ps, NO_PW, &ep))
		return false;
	/* under RSA: an ECC signer and an RSA signer-decrypter */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	if (!acreate_load_ok(&rp, &p, PW("ek"), &k) ||
	    !sign_checked(&k, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("ECC child of an RSA parent");
	EXPECT_RC(flush_context(k.handle), 0);
	p = apub_rsa(OA_SIGN_KEY | OA_DECRYPT, T_ALG_NULL, 0);
	if (!acreate_load_ok(&rp, &p, PW("rk"), &k) ||
	    !sign_checked(&k, T_ALG_RSASSA, T_ALG_SHA256, dig, 32, &sig))
		return fail_in("RSA child of an RSA parent");
	EXPECT_RC(flush_context(k.handle), 0);
	/* under ECC: an RSA and an ECC child */
	if (!acreate_load_ok(&ep, &p, PW("rk"), &k2) ||
	    !sign_checked(&k2, T_ALG_RSAPSS, T_ALG_SHA256, dig, 32, &sig))
		return fail_in("RSA child of an ECC parent");
	EXPECT_RC(flush_context(k2.handle), 0);
	if (!load_errors(&rp, &ep, &k, &k2))
		return fail_in("RSA child");
	p = apub_ecc(T_ECC_P384, OA_SIGN_KEY, T_ALG_NULL, 0);
	if (!acreate_load_ok(&ep, &p, NO_PW, &k) ||
	    !sign_checked(&k, T_ALG_ECDSA, T_ALG_SHA384, dig, 48, &sig))
		return fail_in("ECC child of an ECC parent");
	EXPECT_RC(flush_context(k.handle), 0);
	if (!acreate_ok(&ep, &p, NO_PW, &k2) ||
	    !load_errors(&ep, &rp, &k, &k2))
		return fail_in("ECC child");
	EXPECT_RC(flush_context(rp.handle), 0);
	/* under AES: an ECC child (RSA under AES: test_asym_sign) */
	if (!storage_ok(T_RH_OWNER, 7, &t))
		return false;
	ap = akey_of(&t);
	p = apub_ecc(T_ECC_P256, OA_DEC_KEY, T_ALG_ECDH, T_ALG_SHA256);
	if (!acreate_load_ok(&ap, &p, NO_PW, &k))
		return fail_in("ECC child of an AES parent");
	EXPECT_RC(flush_context(k.handle), 0);
	if (!load_errors(&ap, &ep, &k, &k2))
		return fail_in("ECC child of an AES parent");

	/* the public area rules, none of which generates a key */
	p = apub_storage(T_ALG_RSA);		/* storage key with a scheme */
	p.scheme = T_ALG_RSAES;
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);
	p = apub_storage(T_ALG_ECC);
	p.scheme = T_ALG_ECDH;
	p.scheme_hash = T_ALG_SHA256;
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);
	p = apub_storage(T_ALG_ECC);		/* storage key without sym */
	p.sym = T_ALG_NULL;
	ACR(ep, RC_P(T_RC_SYMMETRIC, 2), p);
	p = apub_storage(T_ALG_RSA);
	p.sym_mode = T_ALG_CBC;
	ACR(ep, RC_P(T_RC_MODE, 2), p);
	p = apub_storage(T_ALG_ECC);		/* storage key that signs */
	p.attrs |= OA_SIGN;
	ACR(ep, RC_P(T_RC_ATTRIBUTES, 2), p);
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	p.sym = T_ALG_AES;			/* signer with a sym */
	p.sym_bits = 128;
	p.sym_mode = T_ALG_CFB;
	ACR(ep, RC_P(T_RC_SYMMETRIC, 2), p);
	p = apub_rsa(OA_SIGN_KEY | OA_RESTRICTED, T_ALG_NULL, 0);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* restricted, no scheme */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY | OA_RESTRICTED, T_ALG_NULL, 0);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);
	p = apub_rsa(OA_DEC_KEY, T_ALG_RSASSA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* decrypter, sign scheme */
	p = apub_ecc(T_ECC_P256, OA_DEC_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);
	p = apub_rsa(OA_SIGN_KEY, T_ALG_OAEP, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* signer, decrypt scheme */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDH, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);
	p = apub_rsa(OA_SIGN_KEY | OA_DECRYPT, T_ALG_RSASSA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* both uses, a scheme */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDAA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* not implemented */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_RSASSA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_SCHEME, 2), p);	/* another type's scheme */
	p = apub_rsa(OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	ACR(ep, RC_P(T_RC_VALUE, 2), p);	/* TPMI_ALG_RSA_SCHEME */
	p = apub_ecc(T_ECC_P256, OA_DEC_KEY, T_ALG_NULL, 0);
	p.kdf = T_ALG_KDF1_SP800_56A;		/* ECC with a KDF */
	p.kdf_hash = T_ALG_SHA256;
	ACR(ep, RC_P(T_RC_KDF, 2), p);
	p = apub_ecc(T_ECC_P192, OA_DEC_KEY, T_ALG_NULL, 0);
	ACR(ep, RC_P(T_RC_CURVE, 2), p);
	p = apub_rsa(OA_SIGN_KEY, T_ALG_NULL, 0);
	p.key_bits = 4096;
	ACR(ep, RC_P(T_RC_VALUE, 2), p);
	p.key_bits = 2048;
	p.exponent = 65535;			/* 3 * 5 * 17 * 257 */
	ACR(ep, RC_P(T_RC_VALUE, 2), p);
	p.exponent = 0x10000;
	ACR(ep, RC_P(T_RC_VALUE, 2), p);
	p.exponent = 0;
	p.attrs &= ~(OA_SIGN | OA_DECRYPT);	/* neither use */
	ACR(ep, RC_P(T_RC_ATTRIBUTES, 2), p);
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_NULL, 0);
	p.attrs &= ~OA_SENS_ORIGIN;		/* not the TPM's */
	ACR(ep, RC_P(T_RC_ATTRIBUTES, 2), p);
	p.attrs &= ~OA_FIXED_PARENT;		/* fixedTPM alone */
	p.attrs |= OA_SENS_ORIGIN;
	ACR(ep, RC_P(T_RC_ATTRIBUTES, 2), p);
	/* sensitive data for an asymmetric key, both types */
	for (i = 0; i < 2; i++) {
		p = i ? apub_rsa(OA_SIGN_KEY, T_ALG_NULL, 0) :
			apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_NULL, 0);
		EXPECT_RC(key_cmd(T_CC_CREATE, ep.handle, NO_PW, abuf,
				  acreate_params(abuf, NO_PW, &p, data, 16)),
			  RC_P(T_RC_SIZE, 1));
		EXPECT_RC(key_cmd(T_CC_CREATE_PRIMARY, T_RH_OWNER, NO_PW, abuf,
				  acreate_params(abuf, NO_PW, &p, data, 16)),
			  RC_P(T_RC_SIZE, 1));
	}
	/* an ECC signer is no parent */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_NULL, 0);
	EXPECT_RC(flush_context(t.handle), 0);
	if (!acreate_load_ok(&ep, &p, NO_PW, &k))
		return false;
	tp = pub_aes(128, T_ALG_CFB);
	EXPECT_RC(key_cmd(T_CC_CREATE, k.handle, NO_PW, abuf,
			  create_params(abuf, &d16, &tp, NULL, 0, false)),
		  RC_H(T_RC_TYPE, 1));
	return true;
}

/* Both RSA signature schemes with every hash the key size allows */
static bool test_asym_sign(void)
{
	static struct akey sk, k, x, xn;
	static struct tkey t;
	static struct asig sig, bad;
	static const u16 hashes[4] = {
		T_ALG_SHA1, T_ALG_SHA256, T_ALG_SHA384, T_ALG_SHA512,
	};
	static u8 cmd[1024];
	u8 dig[64], tk[64], prime[128];
	struct apub p;
	EVP_PKEY *pk;
	u32 i, j, n;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 3, &t))
		return false;
	sk = akey_of(&t);
	p = apub_rsa(OA_SIGN_KEY, T_ALG_NULL, 0);
	if (!acreate_load_ok(&sk, &p, PW("rs"), &k))
		return false;
	for (i = 0; i < 4; i++) {
		u16 dn = alg_size(hashes[i]);

		for (j = 0; j < 2; j++) {
			u16 scheme = j ? T_ALG_RSAPSS : T_ALG_RSASSA;

			fill_digest(dig, dn, (u8)(i * 2 + j));
			if (!sign_checked(&k, scheme, hashes[i], dig, dn, &sig))
				return false;
			EXPECT(sig.alg == scheme && sig.hash == hashes[i],
			       "signature of %#x/%#x", sig.alg, sig.hash);
			if (!verify_ok(&k, dig, dn, &sig))
				return fail_in("%#x/%#x", scheme, hashes[i]);
			/* every signature bit counts, and the digest's */
			bad = sig;
			bad.sig[(i * 41 + j * 7) % bad.size] ^= 0x10;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
			dig[dn - 1] ^= 1;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &sig),
				  RC_P(T_RC_SIGNATURE, 2));
			dig[dn - 1] ^= 1;
			/* the other scheme, the other hash, a short one */
			bad = sig;
			bad.alg = j ? T_ALG_RSASSA : T_ALG_RSAPSS;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
			bad = sig;
			bad.size = 255;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
		}
	}
	/* PSS with SHA-512 on RSA-1024 would not fit; on 2048 it did */
	fill_digest(dig, 32, 9);
	/* scheme selection: none and none; a key type's wrong scheme */
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 32, T_ALG_NULL, 0),
		  RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 32, T_ALG_ECDSA,
			  T_ALG_SHA256), RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 32, T_ALG_HMAC,
			  T_ALG_SHA256), RC_P(T_RC_SCHEME, 2));
	/* the digest has the scheme's hash size */
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 20, T_ALG_RSASSA,
			  T_ALG_SHA256), RC_P(T_RC_SIZE, 1));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 48, T_ALG_RSAPSS,
			  T_ALG_SHA256), RC_P(T_RC_SIZE, 1));
	/* a ticket given to an unrestricted key must be right too */
	memset(tk, 0x11, 32);
	EXPECT_RC(sign_rc(k.handle, k.auth, dig, 32, T_ALG_RSASSA,
			  T_ALG_SHA256, T_RH_OWNER, tk, 32),
		  RC_P(T_RC_TICKET, 3));
	model_ticket(T_ALG_SHA256, T_RH_OWNER, dig, tk);
	if (!sign_ok(k.handle, k.auth, dig, 32, T_ALG_RSASSA, T_ALG_SHA256,
		     T_RH_OWNER, tk, 32, &sig))
		return fail_in("Sign with a right ticket");
	/* keys that do not sign */
	EXPECT_RC(sign_nt(sk.handle, NO_PW, dig, 32, T_ALG_RSASSA,
			  T_ALG_SHA256), RC_H(T_RC_KEY, 1));
	EXPECT_RC(verify_rc(sk.handle, dig, 32, &sig),
		  RC_H(T_RC_ATTRIBUTES, 1));
	/* malformed TPMT_SIGNATUREs */
	for (i = 0; i < 8; i++) {
		struct cmdbuf c;
		static const u32 want[8] = {
			RC_P(T_RC_SCHEME, 2), RC_P(T_RC_SCHEME, 2),
			RC_P(T_RC_SCHEME, 2), RC_P(T_RC_HASH, 2),
			RC_P(T_RC_HASH, 2), RC_P(T_RC_SIZE, 2),
			RC_P(T_RC_INSUFFICIENT, 2), RC_P(T_RC_INSUFFICIENT, 2),
		};

		cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_VERIFY_SIGNATURE);
		cb_u32(&c, k.handle);
		cb_tpm2b(&c, dig, 32);
		n = put_sig(cmd, &sig);
		switch (i) {
		case 0:		/* an algorithm that is no scheme */
			put_unaligned_be16(T_ALG_RSA, cmd);
			break;
		case 1:		/* NULL */
			put_unaligned_be16(T_ALG_NULL, cmd);
			n = 2;
			break;
		case 2:		/* a scheme not implemented */
			put_unaligned_be16(T_ALG_ECDAA, cmd);
			break;
		case 3:		/* hash NULL */
			put_unaligned_be16(T_ALG_NULL, cmd + 2);
			break;
		case 4:		/* hash unknown */
			put_unaligned_be16(T_ALG_SM3_256, cmd + 2);
			break;
		case 5:		/* a signature above MAX_RSA_KEY_BYTES */
			put_unaligned_be16(513, cmd + 4);
			break;
		case 6:		/* cut short */
			n -= 10;
			break;
		case 7:		/* no signature at all */
			n = 3;
			break;
		}
		cb_bytes(&c, cmd, n);
		EXPECT_RC(exec_cb(&c), want[i]);
	}
	EXPECT_RC(flush_context(sk.handle), 0);

	/* OpenSSL's signatures: a public key in the owner and null hierarchy */
	p = apub_rsa(OA_SIGN, T_ALG_NULL, 0);
	pk = ossl_rsa_new(&p, &x, prime);
	EXPECT(pk, "OpenSSL RSA key");
	xn = x;
	if (!load_external_ok(NULL, &x, T_RH_OWNER) ||
	    !load_external_ok(NULL, &xn, T_RH_NULL)) {
		EVP_PKEY_free(pk);
		return false;
	}
	for (i = 0; i < 8; i++) {
		u16 h = hashes[i / 2], dn = alg_size(h);
		u16 scheme = i % 2 ? T_ALG_RSAPSS : T_ALG_RSASSA;

		fill_digest(dig, dn, (u8)(0x40 + i));
		sig.alg = scheme;
		sig.hash = h;
		sig.size = (u16)ossl_rsa_sign(pk, scheme, h, dig, dn, sig.sig);
		if (sig.size != 256) {
			EVP_PKEY_free(pk);
			return failf("OpenSSL signature");
		}
		if (!verify_ok(&x, dig, dn, &sig) ||
		    !verify_ok(&xn, dig, dn, &sig)) {
			EVP_PKEY_free(pk);
			return fail_in("OpenSSL's %#x/%#x", scheme, h);
		}
	}
	EVP_PKEY_free(pk);
	/* the same inputs, the same ticket; a public key cannot sign */
	if (!verify_ok(&x, dig, 64, &sig))
		return fail_in("the same signature again");
	memcpy(tk, rsp + 16, 32);
	if (!verify_ok(&x, dig, 64, &sig))
		return fail_in("the same signature again");
	EXPECT(!memcmp(tk, rsp + 16, 32), "another ticket for the same inputs");
	EXPECT_RC(sign_nt(x.handle, NO_PW, dig, 32, T_ALG_RSASSA,
			  T_ALG_SHA256), T_RC_AUTH_UNAVAILABLE);
	return true;
}

/* ECDSA on both curves; key schemes; restricted keys and hashcheck tickets */
static bool test_asym_sign_ecc(void)
{
	static const u8 msg[] = "a message the TPM hashes itself";
	static struct akey sk, k, r, x;
	static struct asig sig, bad;
	static const u16 hashes[4] = {
		T_ALG_SHA1, T_ALG_SHA256, T_ALG_SHA384, T_ALG_SHA512,
	};
	u8 dig[80], tk[64], d[48];
	struct apub p = apub_storage(T_ALG_ECC);
	EC_KEY *ek;
	u32 i, c;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!aprimary_ok(T_RH_ENDORSEMENT, &p, NO_PW, &sk))
		return false;
	for (c = 0; c < 2; c++) {
		u16 curve = c ? T_ECC_P384 : T_ECC_P256;

		p = apub_ecc(curve, OA_SIGN_KEY, T_ALG_NULL, 0);
		if (!acreate_load_ok(&sk, &p, NO_PW, &k))
			return false;
		for (i = 0; i < 4; i++) {
			u16 dn = alg_size(hashes[i]);

			fill_digest(dig, dn, (u8)(c * 4 + i));
			if (!sign_checked(&k, T_ALG_ECDSA, hashes[i], dig, dn,
					  &sig) ||
			    !verify_ok(&k, dig, dn, &sig))
				return fail_in("curve %#x, hash %#x", curve,
					       hashes[i]);
			bad = sig;
			bad.s[i] ^= 0x01;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
			bad = sig;
			bad.sig[bad.size - 1] ^= 0x80;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
			bad = sig;
			memset(bad.sig, 0, bad.size);
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SIGNATURE, 2));
			bad = sig;
			bad.alg = T_ALG_RSASSA;
			EXPECT_RC(verify_rc(k.handle, dig, dn, &bad),
				  RC_P(T_RC_SCHEME, 2));
		}
		/* an ECDSA signature above MAX_ECC_KEY_BYTES */
		bad = sig;
		bad.size = 49;
		EXPECT_RC(verify_rc(k.handle, dig, 64, &bad),
			  RC_P(T_RC_SIZE, 2));
		EXPECT_RC(flush_context(k.handle), 0);
	}
	/* a key scheme: the caller may repeat it, or say nothing */
	p = apub_ecc(T_ECC_P384, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA384);
	if (!acreate_load_ok(&sk, &p, PW("ks"), &k))
		return false;
	fill_digest(dig, 48, 0x77);
	if (!sign_checked(&k, T_ALG_NULL, 0, dig, 48, &sig) ||
	    !sign_checked(&k, T_ALG_ECDSA, T_ALG_SHA384, dig, 48, &sig))
		return false;
	EXPECT(sig.hash == T_ALG_SHA384, "the key's scheme not used");
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 32, T_ALG_ECDSA,
			  T_ALG_SHA256), RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 32, T_ALG_NULL, 0),
		  RC_P(T_RC_SIZE, 1));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 48, T_ALG_RSAPSS,
			  T_ALG_SHA384), RC_P(T_RC_SCHEME, 2));
	/* unknown schemes and hashes do not unmarshal */
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 48, T_ALG_SYMCIPHER,
			  T_ALG_SHA384), RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 48, T_ALG_ECDSA, T_ALG_NULL),
		  RC_P(T_RC_HASH, 2));
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 65, T_ALG_ECDSA,
			  T_ALG_SHA384), RC_P(T_RC_SIZE, 1));
	EXPECT_RC(flush_context(k.handle), 0);

	/* a restricted signer signs what the TPM hashed: TPM2_Hash's ticket */
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY | OA_RESTRICTED, T_ALG_ECDSA,
		     T_ALG_SHA256);
	if (!acreate_load_ok(&sk, &p, NO_PW, &r))
		return false;
	EXPECT_RC(hash_cmd(msg, sizeof(msg), T_ALG_SHA256, T_RH_ENDORSEMENT),
		  0);
	EXPECT(rsp_len == 10 + 34 + 6 + 34 &&
	       get_unaligned_be32(rsp + 46) == T_RH_ENDORSEMENT,
	       "Hash: response of %zu bytes", rsp_len);
	memcpy(dig, rsp + 12, 32);
	memcpy(tk, rsp + 52, 32);
	if (!sign_ok(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0,
		     T_RH_ENDORSEMENT, tk, 32, &sig) ||
	    !verify_ok(&r, dig, 32, &sig))
		return fail_in("restricted key with a ticket");
	EXPECT(ossl_ecdsa_verify(r.curve, r.x, r.y, dig, 32, sig.sig, sig.s),
	       "OpenSSL rejects the restricted key's signature");
	EXPECT_RC(sign_nt(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0),
		  RC_P(T_RC_TICKET, 3));
	EXPECT_RC(sign_rc(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0, T_RH_OWNER,
			  tk, 32), RC_P(T_RC_TICKET, 3));
	EXPECT_RC(sign_rc(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0, T_RH_NULL,
			  tk, 32), RC_P(T_RC_TICKET, 3));
	EXPECT_RC(sign_rc(r.handle, NO_PW, dig, 31, T_ALG_NULL, 0,
			  T_RH_ENDORSEMENT, tk, 32), RC_P(T_RC_TICKET, 3));
	dig[5] ^= 1;
	EXPECT_RC(sign_rc(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0,
			  T_RH_ENDORSEMENT, tk, 32), RC_P(T_RC_TICKET, 3));
	/* the ticket's tag and hierarchy are unmarshaled */
	put_unaligned_be16(T_ST_VERIFIED, abuf + 2 + 32 + 2);
	EXPECT_RC(key_cmd(T_CC_SIGN, r.handle, NO_PW, abuf, 2 + 32 + 2 + 8 + 32),
		  RC_P(T_RC_TAG, 3));
	put_unaligned_be16(T_ST_HASHCHECK, abuf + 2 + 32 + 2);
	put_unaligned_be32(T_RH_LOCKOUT, abuf + 2 + 32 + 4);
	EXPECT_RC(key_cmd(T_CC_SIGN, r.handle, NO_PW, abuf, 2 + 32 + 2 + 8 + 32),
		  RC_P(T_RC_VALUE, 3));
	/* data that could pass for the TPM's own gets no ticket to sign */
	EXPECT_RC(hash_cmd(t_generated, sizeof(t_generated), T_ALG_SHA256,
			   T_RH_ENDORSEMENT), 0);
	EXPECT(get_unaligned_be32(rsp + 46) == T_RH_NULL &&
	       !get_unaligned_be16(rsp + 50), "a ticket for TPM_GENERATED");
	memcpy(dig, rsp + 12, 32);
	EXPECT_RC(sign_nt(r.handle, NO_PW, dig, 32, T_ALG_NULL, 0),
		  RC_P(T_RC_TICKET, 3));
	EXPECT_RC(flush_context(r.handle), 0);

	/* OpenSSL's ECDSA signatures, public keys in two hierarchies */
	for (c = 0; c < 2; c++) {
		u16 curve = c ? T_ECC_P384 : T_ECC_P256;
		u32 hier = c ? T_RH_NULL : T_RH_OWNER;

		ek = ossl_ec_key(curve, NULL, NULL);
		p = apub_ecc(curve, OA_SIGN, T_ALG_NULL, 0);
		p.unique_size = t_ecc_bytes(curve);
		p.ux = d;
		p.uy = tk;
		p.uy_size = p.unique_size;
		if (!ek || !ossl_ec_parts(ek, curve, d, tk, NULL)) {
			EC_KEY_free(ek);
			return failf("OpenSSL ECC key");
		}
		if (!akey_from(&p, &x) || !load_external_ok(NULL, &x, hier)) {
			EC_KEY_free(ek);
			return fail_in("LoadExternal of curve %#x", curve);
		}
		for (i = 0; i < 4; i++) {
			u16 dn = alg_size(hashes[i]);

			fill_digest(dig, dn, (u8)(0x20 + i));
			sig.alg = T_ALG_ECDSA;
			sig.hash = hashes[i];
			sig.size = sig.s_size = t_ecc_bytes(curve);
			if (!ossl_ecdsa_sign(ek, curve, dig, dn, sig.sig,
					     sig.s)) {
				EC_KEY_free(ek);
				return failf("OpenSSL ECDSA");
			}
			if (!verify_ok(&x, dig, dn, &sig)) {
				EC_KEY_free(ek);
				return fail_in("OpenSSL's signature, %#x/%#x",
					       curve, hashes[i]);
			}
		}
		EC_KEY_free(ek);
		EXPECT_RC(sign_nt(x.handle, NO_PW, dig, 64, T_ALG_ECDSA,
				  T_ALG_SHA512), T_RC_AUTH_UNAVAILABLE);
		EXPECT_RC(flush_context(x.handle), 0);
	}
	return true;
}

/* HMAC keys sign and verify with TPMT_HA signatures */
static bool test_asym_sign_hmac(void)
{
	static struct tkey t, k, kn;
	static struct akey a, an, x;
	static struct asig sig, bad;
	u8 dig[64], want[64];
	struct tpub tp = pub_hmac(T_ALG_SHA256);
	struct tsens s = { NO_PW, t_hmac_key, 20 };

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 4, &t) ||
	    !hmac_key_ok(&t, t_hmac_key, 20, T_ALG_SHA256, PW("hk"), &k))
		return false;
	a = akey_of(&k);
	memcpy(a.name, k.name, 34);
	fill_digest(dig, 32, 5);
	if (!sign_ok(k.handle, k.auth, dig, 32, T_ALG_NULL, 0, T_RH_NULL,
		     NULL, 0, &sig))
		return false;
	ossl_hmac(1, t_hmac_key, 20, dig, 32, want);
	EXPECT(sig.alg == T_ALG_HMAC && sig.hash == T_ALG_SHA256 &&
	       !memcmp(sig.sig, want, 32), "HMAC signature differs");
	if (!verify_ok(&a, dig, 32, &sig))
		return false;
	bad = sig;
	bad.sig[31] ^= 4;
	EXPECT_RC(verify_rc(k.handle, dig, 32, &bad), RC_P(T_RC_SIGNATURE, 2));
	/* a key of scheme HMAC-SHA256 takes no other hash, either way */
	EXPECT_RC(sign_nt(k.handle, k.auth, dig, 20, T_ALG_HMAC, T_ALG_SHA1),
		  RC_P(T_RC_SCHEME, 2));
	bad.hash = T_ALG_SHA1;
	bad.size = 20;
	ossl_hmac(0, t_hmac_key, 20, dig, 32, bad.sig);
	EXPECT_RC(verify_rc(k.handle, dig, 32, &bad), RC_P(T_RC_SIGNATURE, 2));
	/* a short TPMT_HA */
	bad.hash = T_ALG_SHA512;
	bad.size = 20;
	EXPECT_RC(verify_rc(k.handle, dig, 32, &bad),
		  RC_P(T_RC_INSUFFICIENT, 2));
	/* a public HMAC key verifies nothing */
	x = akey_of(&k);
	x.pub_size = k.pub_size;
	memcpy(x.pub, k.pub, k.pub_size);
	EXPECT_RC(load_external_rc(NULL, x.pub, x.pub_size, T_RH_OWNER), 0);
	x.handle = get_unaligned_be32(rsp + 10);
	EXPECT_RC(verify_rc(x.handle, dig, 32, &sig), RC_H(T_RC_HANDLE, 1));
	EXPECT_RC(flush_context(x.handle), 0);
	EXPECT_RC(flush_context(k.handle), 0);
	/* a key of scheme NULL: the caller's */
	tp.n_parms = 1;
	tp.parms[0] = T_ALG_NULL;
	if (!create_ok(&t, &s, &tp, &kn) || !key_load_ok(&t, &kn))
		return false;
	an = akey_of(&kn);
	memcpy(an.name, kn.name, 34);
	EXPECT_RC(sign_nt(kn.handle, NO_PW, dig, 32, T_ALG_NULL, 0),
		  RC_P(T_RC_SCHEME, 2));
	fill_digest(dig, 48, 6);
	if (!sign_ok(kn.handle, NO_PW, dig, 48, T_ALG_HMAC, T_ALG_SHA384,
		     T_RH_NULL, NULL, 0, &sig))
		return false;
	ossl_hmac(2, t_hmac_key, 20, dig, 48, want);
	EXPECT(sig.hash == T_ALG_SHA384 && !memcmp(sig.sig, want, 48),
	       "HMAC-SHA384 signature differs");
	if (!verify_ok(&an, dig, 48, &sig))
		return false;
	EXPECT_RC(sign_nt(kn.handle, NO_PW, dig, 48, T_ALG_RSASSA,
			  T_ALG_SHA384), RC_P(T_RC_SCHEME, 2));
	return true;
}

static u32 put_crypt(u8 *b, const u8 *in, u16 n, u16 scheme, u16 hash,
		     const u8 *label, u16 ln)
{
	u32 at = put_unique(b, n, in, 0);

	put_unaligned_be16(scheme, b + at);
	at += 2;
	if (scheme == T_ALG_OAEP) {
		put_unaligned_be16(hash, b + at);
		at += 2;
	}
	return at + put_unique(b + at, ln, label, 0);
}

static u32 rsa_encrypt_rc(u32 h, const u8 *in, u16 n, u16 scheme, u16 hash,
			  const u8 *label, u16 ln)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_RSA_ENCRYPT);
	cb_u32(&c, h);
	c.len += put_crypt(c.b + c.len, in, n, scheme, hash, label, ln);
	return exec_cb(&c);
}

static bool rsa_encrypt_ok(u32 h, const u8 *in, u16 n, u16 scheme,
			   u16 hash, const u8 *label, u16 ln, u8 *out)
{
	EXPECT_RC(rsa_encrypt_rc(h, in, n, scheme, hash, label, ln), 0);
	EXPECT(rsp_len == 12 + 256 && get_unaligned_be16(rsp + 10) == 256,
	       "RSA_Encrypt: response of %zu bytes", rsp_len);
	memcpy(out, rsp + 12, 256);
	return true;
}

static u32 rsa_decrypt_rc(u32 h, struct pw pw, const u8 *in, u16 n,
			  u16 scheme, u16 hash, const u8 *label, u16 ln)
{
	return key_cmd(T_CC_RSA_DECRYPT, h, pw, abuf,
		       put_crypt(abuf, in, n, scheme, hash, label, ln));
}

/* RSA_Decrypt gives back @want */
static bool rsa_decrypt_is(u32 h, struct pw pw, const u8 *in, u16 scheme,
			   u16 hash, const u8 *label, u16 ln, const u8 *want,
			   u16 wn)
{
	static u8 out[512];
	struct rd r;
	u16 n;

	EXPECT_RC(rsa_decrypt_rc(h, pw, in, 256, scheme, hash, label, ln), 0);
	if (!rd_start(&r, false))
		return false;
	n = rd_b(&r, out, sizeof(out));
	if (!rd_done(&r, "RSA_Decrypt"))
		return false;
	EXPECT(n == wn && !memcmp(out, want, n),
	       "RSA_Decrypt(%#x/%#x): %u bytes, want %u", scheme, hash, n, wn);
	return true;
}

/* OpenSSL's ciphertexts in the engine, the engine's in OpenSSL */
static bool rsa_crypt_both(const struct akey *k, EVP_PKEY *priv)
{
	static const u8 label[] = "a label";
	static const struct { u16 scheme, hash; bool label; } s[] = {
		{ T_ALG_RSAES, 0, false },
		{ T_ALG_OAEP, T_ALG_SHA1, false },
		{ T_ALG_OAEP, T_ALG_SHA256, false },
		{ T_ALG_OAEP, T_ALG_SHA256, true },
		{ T_ALG_OAEP, T_ALG_SHA384, true },
		{ T_ALG_OAEP, T_ALG_SHA512, true },
	};
	EVP_PKEY *pk = ossl_rsa_pub(k);
	u8 msg[256], ct[512], pt[512];
	u32 i;
	long n;

	EXPECT(pk, "OpenSSL public key");
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		u16 ln = s[i].label ? sizeof(label) : 0;
		u16 mn = s[i].scheme == T_ALG_RSAES ? 245 :
			 256 - 2 * alg_size(s[i].hash) - 2;

		fill_digest(msg, sizeof(msg), (u8)i);
		n = ossl_rsa_crypt(pk, true, s[i].scheme, s[i].hash, label, ln,
				   msg, i % 2 ? 1 : mn, ct);
		if (n != 256 ||
		    !rsa_decrypt_is(k->handle, k->auth, ct, s[i].scheme,
				    s[i].hash, label, ln, msg, i % 2 ? 1 : mn)) {
			EVP_PKEY_free(pk);
			return fail_in("OpenSSL ciphertext, scheme %u", i);
		}
		/* the engine's ciphertext: the engine, or OpenSSL, decrypts */
		if (!rsa_encrypt_ok(k->handle, msg, 17, s[i].scheme,
				    s[i].hash, label, ln, ct)) {
			EVP_PKEY_free(pk);
			return fail_in("RSA_Encrypt, scheme %u", i);
		}
		if (priv) {
			n = ossl_rsa_crypt(priv, false, s[i].scheme,
					   s[i].hash, label, ln, ct, 256, pt);
			if (n != 17 || memcmp(pt, msg, 17)) {
				EVP_PKEY_free(pk);
				return failf("OpenSSL decrypts the engine's "
					     "ciphertext %u to %ld bytes", i, n);
			}
		}
		if (!rsa_decrypt_is(k->handle, k->auth, ct, s[i].scheme,
				    s[i].hash, label, ln, msg, 17)) {
			EVP_PKEY_free(pk);
			return fail_in("the engine's ciphertext %u", i);
		}
		/* without the label, or with another: bad padding */
		if (s[i].scheme == T_ALG_OAEP) {
			u32 rc = rsa_decrypt_rc(k->handle, k->auth, ct, 256,
						T_ALG_OAEP, s[i].hash, label,
						ln ? 0 : sizeof(label));

			if (rc != RC_P(T_RC_VALUE, 1) || !rsp_ok()) {
				EVP_PKEY_free(pk);
				return failf("OAEP, the wrong label: rc %#x",
					     rc);
			}
		}
	}
	/* raw RSA: the same bytes as OpenSSL's, leading zeros implied */
	memset(msg, 0, sizeof(msg));
	msg[0] = 0x7F;
	memset(pt, 0, 256);
	memcpy(pt + 256 - sizeof(msg), msg, sizeof(msg));
	n = ossl_rsa_crypt(pk, true, T_ALG_NULL, 0, NULL, 0, pt, 256, ct);
	EVP_PKEY_free(pk);
	EXPECT(n == 256, "OpenSSL raw RSA");
	if (!rsa_encrypt_ok(k->handle, msg, sizeof(msg), T_ALG_NULL, 0, NULL,
			    0, pt + 256))
		return false;
	EXPECT(!memcmp(ct, pt + 256, 256), "raw RSA differs from OpenSSL's");
	return rsa_decrypt_is(k->handle, k->auth, ct, T_ALG_NULL, 0, NULL, 0,
			      pt, 256) || fail_in("raw RSA");
}

/* RSA_Encrypt and RSA_Decrypt: every scheme, against OpenSSL, and errors */
static bool test_asym_rsa_crypt(void)
{
	static const u8 label[] = "label";
	static struct akey rp, k, x, y;
	u8 prime[128], msg[320], ct[256];
	struct asens sens = { T_ALG_RSA, PW("xa"), 0, prime, 128 };
	struct apub p = apub_storage(T_ALG_RSA);
	struct tpub tp = pub_storage();
	struct tsens ts = { NO_PW };
	EVP_PKEY *pk;
	bool ok;
	u32 rc;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &rp))
		return false;
	p = apub_rsa(OA_DEC_KEY, T_ALG_NULL, 0);
	if (!acreate_load_ok(&rp, &p, PW("dk"), &k) ||
	    !rsa_crypt_both(&k, NULL))
		return fail_in("a TPM key");
	/* an OpenSSL key, loaded with its private part */
	p = apub_rsa(OA_EXT_DEC, T_ALG_NULL, 0);
	pk = ossl_rsa_new(&p, &x, prime);
	EXPECT(pk, "OpenSSL key");
	x.auth = PW("xa");
	ok = load_external_ok(&sens, &x, T_RH_NULL) && rsa_crypt_both(&x, pk);
	EVP_PKEY_free(pk);
	if (!ok)
		return fail_in("an OpenSSL key");
	EXPECT_RC(flush_context(x.handle), 0);

	fill_digest(msg, 256, 3);
	/* a label is a string with its NUL */
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 10, T_ALG_OAEP, T_ALG_SHA256,
				 label, sizeof(label) - 1),
		  RC_P(T_RC_VALUE, 3));
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 10, T_ALG_RSAES, 0, label,
				 sizeof(label) - 1), RC_P(T_RC_VALUE, 3));
	if (!rsa_encrypt_ok(k.handle, msg, 10, T_ALG_OAEP, T_ALG_SHA256,
			    label, sizeof(label), ct))
		return false;
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, ct, 256, T_ALG_OAEP,
				 T_ALG_SHA256, label, sizeof(label) - 1),
		  RC_P(T_RC_VALUE, 3));
	/* messages too long for the scheme, or above the modulus */
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 246, T_ALG_RSAES, 0, NULL, 0),
		  RC_P(T_RC_VALUE, 1));
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 191, T_ALG_OAEP, T_ALG_SHA256,
				 NULL, 0), RC_P(T_RC_VALUE, 1));
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 127, T_ALG_OAEP, T_ALG_SHA512,
				 NULL, 0), RC_P(T_RC_VALUE, 1));
	memset(msg, 0xFF, 256);
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 256, T_ALG_NULL, 0, NULL, 0),
		  RC_P(T_RC_VALUE, 1));
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 257, T_ALG_NULL, 0, NULL, 0),
		  RC_P(T_RC_VALUE, 1));
	/* ciphertexts of the wrong size, or of no padding */
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, ct, 255, T_ALG_OAEP,
				 T_ALG_SHA256, NULL, 0), RC_P(T_RC_SIZE, 1));
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, ct, 0, T_ALG_RSAES, 0,
				 NULL, 0), RC_P(T_RC_SIZE, 1));
	fill_digest(msg, 256, 0x31);
	msg[0] = 0x12;
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, msg, 256, T_ALG_RSAES, 0,
				 NULL, 0), RC_P(T_RC_VALUE, 1));
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, msg, 256, T_ALG_OAEP,
				 T_ALG_SHA256, NULL, 0), RC_P(T_RC_VALUE, 1));
	memset(msg, 0xFF, 256);		/* above the modulus */
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, msg, 256, T_ALG_NULL, 0,
				 NULL, 0), RC_P(T_RC_VALUE, 1));
	/* schemes that are not decryption schemes do not unmarshal */
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 10, T_ALG_RSASSA, 0, NULL, 0),
		  RC_P(T_RC_VALUE, 2));
	EXPECT_RC(rsa_decrypt_rc(k.handle, k.auth, ct, 256, T_ALG_ECDH, 0, NULL,
				 0), RC_P(T_RC_VALUE, 2));
	EXPECT_RC(rsa_encrypt_rc(k.handle, msg, 10, T_ALG_OAEP, T_ALG_NULL,
				 NULL, 0), RC_P(T_RC_HASH, 2));
	/* a storage key encrypts to itself, decrypts nothing for anybody */
	fill_digest(msg, 256, 3);
	if (!rsa_encrypt_ok(rp.handle, msg, 32, T_ALG_OAEP, T_ALG_SHA256,
			    NULL, 0, ct))
		return false;
	EXPECT_RC(rsa_decrypt_rc(rp.handle, NO_PW, ct, 256, T_ALG_OAEP,
				 T_ALG_SHA256, NULL, 0),
		  RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(rsa_decrypt_rc(rp.handle, NO_PW, ct, 256, T_ALG_OAEP,
				 T_ALG_SHA256, label, 2),
		  RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(flush_context(k.handle), 0);

	/* a key's scheme: the caller may repeat it, or say nothing */
	p = apub_rsa(OA_EXT_DEC, T_ALG_OAEP, T_ALG_SHA384);
	pk = ossl_rsa_new(&p, &x, prime);
	EXPECT(pk, "OpenSSL key");
	x.auth = PW("xa");
	ok = load_external_ok(&sens, &x, T_RH_NULL);
	if (ok)
		ok = rsa_encrypt_ok(x.handle, msg, 20, T_ALG_NULL, 0, NULL, 0,
				    ct) &&
		     ossl_rsa_crypt(pk, false, T_ALG_OAEP, T_ALG_SHA384, NULL,
				    0, ct, 256, msg + 100) == 20 &&
		     !memcmp(msg, msg + 100, 20);
	EVP_PKEY_free(pk);
	EXPECT(ok, "OAEP-SHA384 by the key's scheme");
	EXPECT_RC(rsa_encrypt_rc(x.handle, msg, 20, T_ALG_RSAES, 0, NULL, 0),
		  RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(rsa_encrypt_rc(x.handle, msg, 20, T_ALG_OAEP, T_ALG_SHA256,
				 NULL, 0), RC_P(T_RC_SCHEME, 2));
	EXPECT_RC(rsa_decrypt_rc(x.handle, x.auth, ct, 256, T_ALG_OAEP,
				 T_ALG_SHA1, NULL, 0), RC_P(T_RC_SCHEME, 2));
	if (!rsa_decrypt_is(x.handle, x.auth, ct, T_ALG_OAEP, T_ALG_SHA384,
			    NULL, 0, msg, 20))
		return false;
	EXPECT_RC(flush_context(x.handle), 0);
	/* a signing key, an ECC key, an AES key */
	p = apub_rsa(OA_SIGN, T_ALG_NULL, 0);
	p.unique_size = 256;
	p.ux = rp.n;
	if (!akey_from(&p, &y) || !load_external_ok(NULL, &y, T_RH_OWNER))
		return false;
	EXPECT_RC(rsa_encrypt_rc(y.handle, msg, 20, T_ALG_RSAES, 0, NULL, 0),
		  RC_H(T_RC_ATTRIBUTES, 1));
	EXPECT_RC(flush_context(y.handle), 0);
	p = apub_storage(T_ALG_ECC);
	if (!aprimary_ok(T_RH_NULL, &p, NO_PW, &y))
		return false;
	EXPECT_RC(rsa_encrypt_rc(y.handle, msg, 20, T_ALG_RSAES, 0, NULL, 0),
		  RC_H(T_RC_KEY, 1));
	EXPECT_RC(rsa_decrypt_rc(y.handle, NO_PW, ct, 256, T_ALG_RSAES, 0,
				 NULL, 0), RC_H(T_RC_KEY, 1));
	EXPECT_RC(flush_context(y.handle), 0);
	rc = primary_rc(T_RH_NULL, NO_PW, &ts, &tp);
	EXPECT(rc == 0, "AES primary: %#x", rc);
	y.handle = get_unaligned_be32(rsp + 10);
	EXPECT_RC(rsa_encrypt_rc(y.handle, msg, 20, T_ALG_RSAES, 0, NULL, 0),
		  RC_H(T_RC_KEY, 1));
	return true;
}

static u32 put_point(u8 *b, const u8 *x, u16 xn, const u8 *y, u16 yn)
{
	put_unaligned_be16(4 + xn + yn, b);
	put_unique(b + 2, xn, x, 0);
	put_unique(b + 4 + xn, yn, y, 0);
	return 6u + xn + yn;
}

static bool rd_point(struct rd *r, u16 want, u8 *x, u8 *y)
{
	u16 size = rd_u16(r), xn = rd_b(r, x, 48), yn = rd_b(r, y, 48);

	EXPECT(!r->bad && size == 4 + xn + yn && xn == want && yn == want,
	       "TPM2B_ECC_POINT of %u: x %u, y %u bytes", size, xn, yn);
	return true;
}

static u32 zgen_rc(const struct akey *k, const u8 *x, u16 xn, const u8 *y,
		   u16 yn)
{
	return key_cmd(T_CC_ECDH_ZGEN, k->handle, k->auth, abuf,
		       put_point(abuf, x, xn, y, yn));
}

static bool zgen_ok(const struct akey *k, const u8 *x, const u8 *y, u8 *zx,
		    u8 *zy)
{
	struct rd r;

	EXPECT_RC(zgen_rc(k, x, k->bytes, y, k->bytes), 0);
	if (!rd_start(&r, false) || !rd_point(&r, k->bytes, zx, zy))
		return false;
	return rd_done(&r, "ECDH_ZGen");
}

static u32 keygen_rc(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_ECDH_KEYGEN);
	cb_u32(&c, h);
	return exec_cb(&c);
}

static bool keygen_ok(const struct akey *k, u8 *zx, u8 *zy, u8 *qx, u8 *qy)
{
	struct rd r = { 10, 0, false };

	EXPECT_RC(keygen_rc(k->handle), 0);
	r.end = rsp_len;
	if (!rd_point(&r, k->bytes, zx, zy) || !rd_point(&r, k->bytes, qx, qy))
		return false;
	return rd_done(&r, "ECDH_KeyGen");
}

/* ECDH_ZGen and ECDH_KeyGen against OpenSSL's point multiplication */
static bool test_asym_ecdh(void)
{
	static struct akey sk, k, s;
	static struct tkey t;
	u8 d[64], qx[64], qy[64], zx[64], zy[64], wx[64], wy[64];
	struct apub p;
	EC_KEY *ek;
	u32 c, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	if (!storage_ok(T_RH_OWNER, 5, &t))
		return false;
	sk = akey_of(&t);
	for (c = 0; c < 2; c++) {
		u16 curve = c ? T_ECC_P384 : T_ECC_P256;
		u16 n = t_ecc_bytes(curve);

		p = apub_ecc(curve, OA_DEC_KEY, c ? T_ALG_ECDH : T_ALG_NULL,
			     T_ALG_SHA256);
		if (!acreate_load_ok(&sk, &p, PW("dh"), &k))
			return false;
		for (i = 0; i < 3; i++) {
			/* OpenSSL's ephemeral key: both sides get d_e*d*G */
			ek = ossl_ec_key(curve, NULL, NULL);
			if (!ek || !ossl_ec_parts(ek, curve, qx, qy, d)) {
				EC_KEY_free(ek);
				return failf("OpenSSL ECC key");
			}
			EC_KEY_free(ek);
			if (!zgen_ok(&k, qx, qy, zx, zy))
				return fail_in("curve %#x", curve);
			EXPECT(ossl_ec_mul(curve, d, n, k.x, k.y, wx, wy) &&
			       !memcmp(zx, wx, n) && !memcmp(zy, wy, n),
			       "ECDH_ZGen differs from OpenSSL's d*Q");
			/* the engine's ephemeral key: Z = d_e*Q = d*Q_e */
			if (!keygen_ok(&k, zx, zy, qx, qy))
				return fail_in("curve %#x", curve);
			EXPECT(ossl_on_curve(curve, qx, qy),
			       "ECDH_KeyGen: pubPoint off the curve");
			if (!zgen_ok(&k, qx, qy, wx, wy))
				return false;
			EXPECT(!memcmp(zx, wx, n) && !memcmp(zy, wy, n),
			       "ECDH_KeyGen's zPoint is not d * pubPoint");
		}
		/* points off the curve, or not of the curve's size */
		qy[n - 1] ^= 1;
		EXPECT_RC(zgen_rc(&k, qx, n, qy, n), RC_P(T_RC_ECC_POINT, 1));
		qy[n - 1] ^= 1;
		EXPECT_RC(zgen_rc(&k, qx, n + 1, qy, n),
			  RC_P(c ? T_RC_SIZE : T_RC_ECC_POINT, 1));
		memset(zx, 0, sizeof(zx));
		EXPECT_RC(zgen_rc(&k, zx, n, zx, n), RC_P(T_RC_ECC_POINT, 1));
		EXPECT_RC(zgen_rc(&k, zx, 0, zx, 0), RC_P(T_RC_ECC_POINT, 1));
		/* a coordinate without its leading zeros is the same point */
		EXPECT_RC(zgen_rc(&k, qx, n, qy, n), 0);
		/* TPM2B_ECC_POINT: not empty, exactly its size */
		put_unaligned_be16(0, abuf);
		EXPECT_RC(key_cmd(T_CC_ECDH_ZGEN, k.handle, k.auth, abuf, 2),
			  RC_P(T_RC_SIZE, 1));
		put_point(abuf, qx, n, qy, n);
		put_unaligned_be16(4 + 2 * n + 1, abuf);
		abuf[6 + 2 * n] = 0;
		EXPECT_RC(key_cmd(T_CC_ECDH_ZGEN, k.handle, k.auth, abuf,
				  7u + 2 * n), RC_P(T_RC_SIZE, 1));
		EXPECT_RC(key_cmd(T_CC_ECDH_ZGEN, k.handle, k.auth, abuf,
				  6u + 2 * n), RC_P(T_RC_INSUFFICIENT, 1));
		EXPECT_RC(flush_context(k.handle), 0);
	}
	/* ZGen: unrestricted decryption keys only; KeyGen: any ECC key */
	p = apub_storage(T_ALG_ECC);
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &s))
		return false;
	EXPECT_RC(zgen_rc(&s, s.x, 32, s.y, 32), RC_H(T_RC_ATTRIBUTES, 1));
	if (!keygen_ok(&s, zx, zy, qx, qy))
		return fail_in("ECDH_KeyGen of a storage key");
	EXPECT(ossl_on_curve(T_ECC_P256, zx, zy) &&
	       ossl_on_curve(T_ECC_P256, qx, qy), "KeyGen: points off curve");
	p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	if (!acreate_load_ok(&sk, &p, NO_PW, &k))
		return false;
	EXPECT_RC(zgen_rc(&k, s.x, 32, s.y, 32), RC_H(T_RC_ATTRIBUTES, 1));
	if (!keygen_ok(&k, zx, zy, qx, qy))
		return fail_in("ECDH_KeyGen of a signing key");
	EXPECT_RC(flush_context(k.handle), 0);
	/* a decryption key with a signing scheme does not come to be */
	p = apub_ecc(T_ECC_P256, OA_DEC_KEY, T_ALG_ECDSA, T_ALG_SHA256);
	EXPECT_RC(acreate_rc(&sk, &p), RC_P(T_RC_SCHEME, 2));
	/* no ECC key */
	EXPECT_RC(keygen_rc(t.handle), RC_H(T_RC_KEY, 1));
	EXPECT_RC(key_cmd(T_CC_ECDH_ZGEN, t.handle, NO_PW, abuf,
			  put_point(abuf, s.x, 32, s.y, 32)), RC_H(T_RC_KEY, 1));
	/* a public key: KeyGen needs no more */
	EXPECT_RC(flush_context(s.handle), 0);
	p.attrs = OA_DECRYPT;
	p.scheme = T_ALG_NULL;
	p.unique_size = 32;
	p.ux = s.x;
	p.uy = s.y;
	p.uy_size = 32;
	if (!akey_from(&p, &k) || !load_external_ok(NULL, &k, T_RH_NULL) ||
	    !keygen_ok(&k, zx, zy, qx, qy))
		return fail_in("ECDH_KeyGen of a public key");
	EXPECT(ossl_on_curve(T_ECC_P256, zx, zy), "KeyGen: Z off the curve");
	return true;
}

/* LoadExternal: public keys anywhere, private keys in the null hierarchy */
static bool test_asym_load_external(void)
{
	static struct akey x, y;
	static struct asig sig;
	u8 prime[128], prime2[128], d[64], ux[64], uy[64], dig[32];
	struct asens rs = { T_ALG_RSA, NO_PW, 0, prime, 128 };
	struct asens es = { T_ALG_ECC, NO_PW, 32, d, 32 };
	struct apub p = apub_rsa(OA_EXT_SIGN, T_ALG_NULL, 0);
	struct apub q;
	EVP_PKEY *pk, *pk2;
	EC_KEY *ek;
	bool ok;
	u32 i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	fill_digest(dig, 32, 0x61);
	/* an OpenSSL RSA key with its prime: signs in the engine */
	pk = ossl_rsa_new(&p, &x, prime);
	pk2 = ossl_rsa_new(&p, &y, prime2);
	EXPECT(pk && pk2, "OpenSSL RSA keys");
	EVP_PKEY_free(pk);
	EVP_PKEY_free(pk2);
	if (!load_external_ok(&rs, &x, T_RH_NULL) ||
	    !sign_checked(&x, T_ALG_RSAPSS, T_ALG_SHA256, dig, 32, &sig) ||
	    !verify_ok(&x, dig, 32, &sig))
		return fail_in("an external RSA key");
	EXPECT_RC(flush_context(x.handle), 0);
	/* its public part alone: in the owner's hierarchy, verifies only */
	if (!load_external_ok(NULL, &x, T_RH_OWNER) ||
	    !verify_ok(&x, dig, 32, &sig))
		return fail_in("a public RSA key");
	EXPECT_RC(sign_nt(x.handle, NO_PW, dig, 32, T_ALG_RSASSA,
			  T_ALG_SHA256), T_RC_AUTH_UNAVAILABLE);
	EXPECT_RC(flush_context(x.handle), 0);
	/* another key's prime, a prime of another size */
	EXPECT_RC(load_external_rc(&(struct asens){ T_ALG_RSA, NO_PW, 0,
						     prime2, 128 },
				   x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_BINDING, 2));
	rs.sens_size = 127;
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_KEY_SIZE, 1));
	rs.sens_size = 128;
	/* with a private part: the null hierarchy, nothing fixed, restricted */
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_OWNER),
		  RC_P(T_RC_HIERARCHY, 3));
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_ENDORSEMENT),
		  RC_P(T_RC_HIERARCHY, 3));
	q = p;
	q.unique_size = 256;
	q.ux = x.n;
	for (i = 0; i < 3; i++) {
		static const u32 a[3] = {
			OA_FIXED_TPM | OA_FIXED_PARENT, OA_FIXED_PARENT,
			OA_RESTRICTED,
		};

		q.attrs = p.attrs | a[i];
		q.scheme = i == 2 ? T_ALG_RSASSA : T_ALG_NULL;
		q.scheme_hash = T_ALG_SHA256;
		EXPECT_RC(load_external_apub(&rs, &q, T_RH_NULL),
			  RC_P(T_RC_ATTRIBUTES, 2));
		/* a public part alone may have them */
		EXPECT_RC(load_external_apub(NULL, &q, T_RH_OWNER), 0);
		EXPECT_RC(flush_context(get_unaligned_be32(rsp + 10)), 0);
	}
	/* sensitiveType, seedValue, authValue */
	rs.type = T_ALG_KEYEDHASH;
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_TYPE, 1));
	rs.type = 0x0006;			/* no object type */
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_TYPE, 1));
	rs.type = T_ALG_ECC;			/* 128 bytes: no ECC scalar */
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_SIZE, 1));
	rs.type = T_ALG_RSA;
	rs.seed_size = 33;
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_KEY_SIZE, 1));
	rs.seed_size = 0;
	rs.auth = PW("an authValue longer than SHA-256's digest");
	EXPECT_RC(load_external_rc(&rs, x.pub, x.pub_size, T_RH_NULL),
		  RC_P(T_RC_SIZE, 1));
	rs.auth = NO_PW;
	/* moduli of the wrong size, or without their top bit */
	q = p;
	q.ux = x.n;
	q.unique_size = 255;
	EXPECT_RC(load_external_apub(NULL, &q, T_RH_OWNER), RC_P(T_RC_KEY, 2));
	q.unique_size = 0;
	EXPECT_RC(load_external_apub(NULL, &q, T_RH_OWNER), RC_P(T_RC_KEY, 2));
	q.unique_size = 256;
	q.ux = NULL;
	q.unique_fill = 0x7F;
	EXPECT_RC(load_external_apub(NULL, &q, T_RH_OWNER), RC_P(T_RC_KEY, 2));
	/* the public area's own rules */
	q = p;
	q.attrs |= OA_RESTRICTED;
	EXPECT_RC(load_external_apub(NULL, &q, T_RH_OWNER),
		  RC_P(T_RC_SCHEME, 2));

	/* an OpenSSL ECC key with its scalar */
	ek = ossl_ec_key(T_ECC_P256, NULL, NULL);
	ok = ek && ossl_ec_parts(ek, T_ECC_P256, ux, uy, d);
	EC_KEY_free(ek);
	EXPECT(ok, "OpenSSL ECC key");
	p = apub_ecc(T_ECC_P256, OA_EXT_SIGN, T_ALG_ECDSA, T_ALG_SHA256);
	p.unique_size = 32;
	p.ux = ux;
	p.uy = uy;
	p.uy_size = 32;
	es.auth = PW("ea");
	if (!akey_from(&p, &y) || !load_external_ok(&es, &y, T_RH_NULL))
		return false;
	y.auth = PW("ea");
	if (!sign_checked(&y, T_ALG_NULL, 0, dig, 32, &sig) ||
	    !verify_ok(&y, dig, 32, &sig))
		return fail_in("an external ECC key");
	EXPECT_RC(flush_context(y.handle), 0);
	d[31] ^= 1;
	EXPECT_RC(load_external_rc(&es, y.pub, y.pub_size, T_RH_NULL),
		  RC_P(T_RC_BINDING, 2));
	d[31] ^= 1;
	/* a point off the curve; coordinates of the wrong size */
	uy[5] ^= 1;
	EXPECT_RC(load_external_apub(NULL, &p, T_RH_OWNER),
		  RC_P(T_RC_ECC_POINT, 2));
	EXPECT_RC(load_external_apub(&es, &p, T_RH_NULL),
		  RC_P(T_RC_ECC_POINT, 2));
	uy[5] ^= 1;
	p.uy_size = 31;
	EXPECT_RC(load_external_apub(NULL, &p, T_RH_OWNER), RC_P(T_RC_KEY, 2));
	p.uy_size = 32;
	p.unique_size = 49;
	EXPECT_RC(load_external_apub(NULL, &p, T_RH_OWNER),
		  RC_P(T_RC_SIZE, 2));
	p.unique_size = 32;
	es.sens_size = 33;
	EXPECT_RC(load_external_apub(&es, &p, T_RH_NULL),
		  RC_P(T_RC_KEY_SIZE, 1));
	es.sens_size = 0;
	EXPECT_RC(load_external_apub(&es, &p, T_RH_NULL),
		  RC_P(T_RC_KEY_SIZE, 1));
	/* a scalar without its leading zero bytes: d = 5 */
	memset(d, 0, sizeof(d));
	d[0] = 5;
	if (!ossl_ec_mul(T_ECC_P256, d, 1, NULL, NULL, ux, uy))
		return failf("OpenSSL 5G");
	es.sens_size = 1;
	if (!akey_from(&p, &y) || !load_external_ok(&es, &y, T_RH_NULL))
		return fail_in("the key of scalar 5");
	y.auth = es.auth;
	if (!sign_checked(&y, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("the key of scalar 5");
	EXPECT_RC(flush_context(y.handle), 0);

	/* a public HMAC key's unique is a digest */
	{
		struct tpub hp = pub_hmac(T_ALG_SHA256);
		u8 b[128];
		u16 n;

		hp.unique_size = 31;
		n = (u16)put_public(b, &hp);
		EXPECT_RC(load_external_rc(NULL, b, n, T_RH_OWNER),
			  RC_P(T_RC_KEY, 2));
		hp.unique_size = 32;
		n = (u16)put_public(b, &hp);
		EXPECT_RC(load_external_rc(NULL, b, n, T_RH_OWNER), 0);
		EXPECT_RC(flush_context(get_unaligned_be32(rsp + 10)), 0);
	}
	/* a disabled hierarchy; every slot taken */
	if (!hier_control(T_RH_PLATFORM, NO_PW, T_RH_ENDORSEMENT, 0, 0))
		return false;
	EXPECT_RC(load_external_rc(NULL, x.pub, x.pub_size, T_RH_ENDORSEMENT),
		  RC_P(T_RC_HIERARCHY, 3));
	for (i = 0; i < T_MAX_LOADED; i++)
		EXPECT_RC(load_external_rc(NULL, x.pub, x.pub_size,
					   T_RH_OWNER), 0);
	EXPECT_RC(load_external_rc(NULL, x.pub, x.pub_size, T_RH_OWNER),
		  T_RC_OBJECT_MEMORY);
	EXPECT_RC(load_external_rc(NULL, x.pub, x.pub_size, T_RH_ENDORSEMENT),
		  T_RC_OBJECT_MEMORY);
	return true;
}

static u32 change_auth_rc(u32 obj, struct pw pw, u32 parent,
			  struct pw new_auth)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_SESSIONS, T_CC_OBJECT_CHANGE_AUTH);
	cb_u32(&c, obj);
	cb_u32(&c, parent);
	cb_u32(&c, 9 + pw.n);
	cb_pw(&c, pw.p, pw.n);
	cb_tpm2b(&c, new_auth.p, new_auth.n);
	return exec_cb(&c);
}

/* ObjectChangeAuth: a new private for the new authValue */
static bool test_asym_change_auth(void)
{
	static u8 long_auth[33];
	static struct akey sk, sk2, k, k2;
	static struct tkey t, t2;
	static struct asig sig;
	struct apub p = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDSA,
				 T_ALG_SHA256);
	u8 dig[32], seq_auth[1] = { 's' };
	struct rd r;
	u32 seq;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	fill_digest(dig, 32, 0x12);
	if (!storage_ok(T_RH_OWNER, 6, &t))
		return false;
	sk = akey_of(&t);
	if (!acreate_load_ok(&sk, &p, PW("old"), &k))
		return false;
	EXPECT_RC(change_auth_rc(k.handle, PW("wrong"), sk.handle, PW("new")),
		  RC_S(T_RC_AUTH_FAIL, 1));
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk.handle, PW("new")), 0);
	if (!rd_start(&r, false))
		return false;
	k2 = k;
	k2.priv_size = rd_b(&r, k2.priv, sizeof(k2.priv));
	if (!rd_done(&r, "ObjectChangeAuth"))
		return false;
	EXPECT(k2.priv_size == k.priv_size &&
	       memcmp(k2.priv, k.priv, k.priv_size),
	       "outPrivate of %u bytes, the old one's %u", k2.priv_size,
	       k.priv_size);
	/* the loaded object keeps its authValue; the new blob has the new */
	if (!sign_checked(&k, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("the old object");
	if (!aload_ok(&sk, &k2))
		return fail_in("the new private");
	k2.auth = PW("new");
	if (!sign_checked(&k2, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("the new authValue");
	EXPECT_RC(sign_nt(k2.handle, PW("old"), dig, 32, T_ALG_NULL, 0),
		  RC_S(T_RC_AUTH_FAIL, 1));
	EXPECT_RC(flush_context(k2.handle), 0);
	/* newAuth no longer than nameAlg's digest, trailing zeros aside */
	memset(long_auth, 'a', sizeof(long_auth));
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk.handle,
				 PWN(long_auth, 32)), 0);
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk.handle,
				 PWN(long_auth, 33)), RC_P(T_RC_SIZE, 1));
	long_auth[32] = 0;
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk.handle,
				 PWN(long_auth, 33)), 0);
	/* the parent must be the object's */
	if (!storage_ok(T_RH_OWNER, 9, &t2))
		return false;
	sk2 = akey_of(&t2);
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk2.handle, PW("new")),
		  RC_H(T_RC_TYPE, 2));
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), k.handle, PW("new")),
		  RC_H(T_RC_TYPE, 2));
	EXPECT_RC(change_auth_rc(sk.handle, NO_PW, sk2.handle, PW("new")),
		  RC_H(T_RC_TYPE, 2));
	EXPECT_RC(flush_context(sk2.handle), 0);
	EXPECT_RC(flush_context(k.handle), 0);
	/* the ADMIN role of an adminWithPolicy object: a policy session */
	p.attrs |= OA_ADMIN_WITH_POLICY;
	if (!acreate_load_ok(&sk, &p, PW("old"), &k))
		return false;
	EXPECT_RC(change_auth_rc(k.handle, PW("old"), sk.handle, PW("new")),
		  T_RC_AUTH_TYPE);
	if (!sign_checked(&k, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("the USER role of the adminWithPolicy key");
	EXPECT_RC(flush_context(k.handle), 0);
	/* a sequence has no private to change */
	if (!start_ok(PWN(seq_auth, 1), TPM2E_ALG_SHA256, &seq))
		return false;
	EXPECT_RC(change_auth_rc(seq, PWN(seq_auth, 1), sk.handle, PW("new")),
		  RC_H(T_RC_TYPE, 1));
	return true;
}

static u32 evict_rc(u32 auth, u32 obj, u32 persistent)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_SESSIONS, T_CC_EVICT_CONTROL);
	cb_u32(&c, auth);
	cb_u32(&c, obj);
	cb_u32(&c, 9);
	cb_pw(&c, NULL, 0);
	cb_u32(&c, persistent);
	return exec_cb(&c);
}

/* GetCapability(HANDLES) from 0x81000000 lists exactly @want (@n) */
static bool persistent_are(const u32 *want, u32 n)
{
	u32 i, count, more;

	EXPECT_RC(get_cap(T_CAP_HANDLES, 0x81000000, 20), 0);
	EXPECT(rsp_len >= 19, "GetCapability: %zu bytes", rsp_len);
	more = rsp[10];
	count = get_unaligned_be32(rsp + 15);
	EXPECT(!more && count == n && rsp_len == 19 + 4 * n,
	       "persistent handles: %u (more %u), want %u", count, more, n);
	for (i = 0; i < n; i++)
		EXPECT(get_unaligned_be32(rsp + 19 + 4 * i) == want[i],
		       "persistent handle %u: %#x, want %#x", i,
		       get_unaligned_be32(rsp + 19 + 4 * i), want[i]);
	n = fixed_property(T_PT_HR_PERSISTENT);
	i = fixed_property(T_PT_HR_PERSISTENT_AVAIL);
	EXPECT(n == count && i == 7 - count,
	       "TPM_PT_HR_PERSISTENT %u, _AVAIL %u; %u listed", n, i, count);
	return true;
}

static u32 read_public_rc(u32 h)
{
	struct cmdbuf c;

	cb_start(&c, TPM2E_ST_NO_SESSIONS, T_CC_READ_PUBLIC);
	cb_u32(&c, h);
	return exec_cb(&c);
}

/* ReadPublic of @h gives @k's public area and name */
static bool is_key(u32 h, const struct akey *k)
{
	static u8 pub[512];
	u8 name[34];
	struct rd r = { 10, 0, false };
	u16 n;

	EXPECT_RC(read_public_rc(h), 0);
	r.end = rsp_len;
	n = rd_b(&r, pub, sizeof(pub));
	EXPECT(rd_b(&r, name, 34) == 34 && rd_b(&r, NULL, 34) == 34 &&
	       rd_done(&r, "ReadPublic"), "ReadPublic(%#x): %s", h, fail_msg);
	EXPECT(n == k->pub_size && !memcmp(pub, k->pub, n) &&
	       !memcmp(name, k->name, 34), "%#x is another object", h);
	return true;
}

/* EvictControl and persistent objects */
static bool test_asym_evict(void)
{
	static struct akey sk, ps, k, e, pp, n;
	static struct asig sig;
	static const u32 one[1] = { T_PERSISTENT };
	u32 all[7], i;
	u8 dig[32];
	struct apub p = apub_storage(T_ALG_ECC);
	struct apub sp = apub_ecc(T_ECC_P256, OA_SIGN_KEY, T_ALG_ECDSA,
				  T_ALG_SHA256);

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	fill_digest(dig, 32, 0x44);
	if (!persistent_are(NULL, 0))
		return fail_in("before");
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &sk))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, T_PERSISTENT), 0);
	if (!persistent_are(one, 1) || !is_key(T_PERSISTENT, &sk))
		return false;
	/* the persistent copy is a parent by its handle */
	ps = sk;
	ps.handle = T_PERSISTENT;
	EXPECT_RC(flush_context(sk.handle), 0);
	if (!acreate_load_ok(&ps, &sp, NO_PW, &k) ||
	    !sign_checked(&k, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("a child of the persistent parent");
	/* ... and a signer */
	EXPECT_RC(evict_rc(T_RH_OWNER, k.handle, T_PERSISTENT + 1), 0);
	EXPECT_RC(flush_context(k.handle), 0);
	k.handle = T_PERSISTENT + 1;
	if (!sign_checked(&k, T_ALG_NULL, 0, dig, 32, &sig) ||
	    !verify_ok(&k, dig, 32, &sig))
		return fail_in("a persistent signer");
	/* ContextSave and FlushContext are for transient objects */
	EXPECT_RC(context_save(T_PERSISTENT), RC_H(T_RC_VALUE, 1));
	EXPECT_RC(flush_context(T_PERSISTENT), RC_P(T_RC_VALUE, 1));
	/* the handle taken; the wrong range; the wrong hierarchy */
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &sk))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, T_PERSISTENT),
		  T_RC_NV_DEFINED);
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, T_PERSISTENT_PLATFORM),
		  RC_P(T_RC_RANGE, 1));
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, 0x81FFFFFF),
		  RC_P(T_RC_RANGE, 1));
	EXPECT_RC(evict_rc(T_RH_PLATFORM, sk.handle, T_PERSISTENT_PLATFORM),
		  RC_H(T_RC_HIERARCHY, 2));
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, 0x80000005),
		  RC_P(T_RC_VALUE, 1));
	EXPECT_RC(evict_rc(T_RH_ENDORSEMENT, sk.handle, T_PERSISTENT + 2),
		  RC_H(T_RC_VALUE, 1));
	/* evicting by another handle */
	EXPECT_RC(evict_rc(T_RH_OWNER, T_PERSISTENT, T_PERSISTENT + 5),
		  RC_H(T_RC_HANDLE, 2));
	/* null-hierarchy, public-only and stClear objects stay transient */
	if (!aprimary_ok(T_RH_NULL, &p, NO_PW, &n))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, n.handle, T_PERSISTENT + 2),
		  RC_H(T_RC_ATTRIBUTES, 2));
	EXPECT_RC(evict_rc(T_RH_PLATFORM, n.handle, T_PERSISTENT_PLATFORM),
		  RC_H(T_RC_ATTRIBUTES, 2));
	EXPECT_RC(flush_context(n.handle), 0);
	if (!load_external_ok(NULL, &k, T_RH_OWNER))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, k.handle, T_PERSISTENT + 2),
		  RC_H(T_RC_ATTRIBUTES, 2));
	EXPECT_RC(flush_context(k.handle), 0);
	p.attrs |= OA_ST_CLEAR;
	if (!aprimary_ok(T_RH_OWNER, &p, NO_PW, &n))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, n.handle, T_PERSISTENT + 2),
		  RC_H(T_RC_ATTRIBUTES, 2));
	EXPECT_RC(flush_context(n.handle), 0);
	p.attrs &= ~OA_ST_CLEAR;
	/* the platform's objects, the platform's range */
	if (!aprimary_ok(T_RH_PLATFORM, &p, NO_PW, &pp))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, pp.handle, T_PERSISTENT + 2),
		  RC_H(T_RC_HIERARCHY, 2));
	EXPECT_RC(evict_rc(T_RH_PLATFORM, pp.handle, T_PERSISTENT + 2),
		  RC_P(T_RC_RANGE, 1));
	EXPECT_RC(evict_rc(T_RH_PLATFORM, pp.handle, T_PERSISTENT_PLATFORM),
		  0);
	EXPECT_RC(evict_rc(T_RH_OWNER, T_PERSISTENT_PLATFORM,
			   T_PERSISTENT_PLATFORM), RC_H(T_RC_HIERARCHY, 2));
	/* the platform may remove any persistent object */
	EXPECT_RC(evict_rc(T_RH_PLATFORM, T_PERSISTENT + 1, T_PERSISTENT + 1),
		  0);
	EXPECT_RC(read_public_rc(T_PERSISTENT + 1), RC_H(T_RC_HANDLE, 1));
	EXPECT_RC(sign_nt(T_PERSISTENT + 1, NO_PW, dig, 32, T_ALG_NULL, 0),
		  RC_H(T_RC_HANDLE, 1));
	all[0] = T_PERSISTENT;
	all[1] = T_PERSISTENT_PLATFORM;
	if (!persistent_are(all, 2))
		return false;
	EXPECT_RC(evict_rc(T_RH_PLATFORM, T_PERSISTENT_PLATFORM,
			   T_PERSISTENT_PLATFORM), 0);
	EXPECT_RC(flush_context(pp.handle), 0);
	/* seven fit (one object may be persistent twice), not eight */
	for (i = 1; i < 7; i++)
		EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, T_PERSISTENT + 9 - i),
			  0);
	EXPECT_RC(evict_rc(T_RH_OWNER, sk.handle, T_PERSISTENT + 20),
		  T_RC_NV_SPACE);
	for (i = 0; i < 7; i++)
		all[i] = i ? T_PERSISTENT + 2 + i : T_PERSISTENT;
	if (!persistent_are(all, 7))
		return fail_in("seven");
	/* a page of three: more */
	EXPECT_RC(get_cap(T_CAP_HANDLES, T_PERSISTENT + 1, 3), 0);
	EXPECT(rsp_len == 19 + 12 && rsp[10] == 1 &&
	       get_unaligned_be32(rsp + 19) == T_PERSISTENT + 3,
	       "a page of persistent handles");
	/* the endorsement hierarchy's keys too; a signer in the owner range */
	EXPECT_RC(evict_rc(T_RH_PLATFORM, T_PERSISTENT + 8, T_PERSISTENT + 8),
		  0);
	if (!aprimary_ok(T_RH_ENDORSEMENT, &sp, NO_PW, &e))
		return false;
	EXPECT_RC(evict_rc(T_RH_OWNER, e.handle, T_PERSISTENT + 8), 0);
	EXPECT_RC(flush_context(e.handle), 0);
	EXPECT_RC(flush_context(sk.handle), 0);
	e.handle = T_PERSISTENT + 8;
	/* kept by Shutdown/Startup and by _TPM_Init */
	if (!power_cycle(TPM2E_SU_CLEAR, TPM2E_SU_CLEAR) ||
	    !power_cycle(UNORDERLY, TPM2E_SU_CLEAR) ||
	    !persistent_are(all, 7) || !is_key(T_PERSISTENT, &ps) ||
	    !sign_checked(&e, T_ALG_NULL, 0, dig, 32, &sig))
		return fail_in("after Startup");
	/* not there while their hierarchy is disabled */
	if (!hier_control(T_RH_OWNER, NO_PW, T_RH_OWNER, 0, 0))
		return false;
	EXPECT_RC(read_public_rc(T_PERSISTENT), RC_H(T_RC_HANDLE, 1));
	/* the owner's range goes with shEnable, whatever the hierarchy */
	EXPECT_RC(read_public_rc(T_PERSISTENT + 8), RC_H(T_RC_HANDLE, 1));
	if (!persistent_are(all, 7) ||
	    !hier_control(T_RH_PLATFORM, NO_PW, T_RH_OWNER, 1, 0) ||
	    !hier_control(T_RH_PLATFORM, NO_PW, T_RH_ENDORSEMENT, 0, 0))
		return false;
	EXPECT_RC(read_public_rc(T_PERSISTENT + 8), RC_H(T_RC_HANDLE, 1));
	EXPECT_RC(sign_nt(T_PERSISTENT + 8, NO_PW, dig, 32, T_ALG_NULL, 0),
		  RC_H(T_RC_HANDLE, 1));
	if (!is_key(T_PERSISTENT, &ps) || !persistent_are(all, 7))
		return false;
	if (!hier_control(T_RH_PLATFORM, NO_PW, T_RH_ENDORSEMENT, 1, 0))
		return false;
	/* Clear removes the owner's and the endorsement's */
	EXPECT_RC(evict_rc(T_RH_OWNER, T_PERSISTENT + 3, T_PERSISTENT + 3), 0);
	if (!aprimary_ok(T_RH_PLATFORM, &p, NO_PW, &pp))
		return false;
	EXPECT_RC(evict_rc(T_RH_PLATFORM, pp.handle, T_PERSISTENT_PLATFORM),
		  0);
	EXPECT_RC(flush_context(pp.handle), 0);
	if (!hc_bare(T_CC_CLEAR, T_RH_PLATFORM, NO_PW, 0))
		return false;
	all[0] = T_PERSISTENT_PLATFORM;
	if (!persistent_are(all, 1) || !is_key(T_PERSISTENT_PLATFORM, &pp))
		return fail_in("after Clear");
	EXPECT_RC(read_public_rc(T_PERSISTENT), RC_H(T_RC_HANDLE, 1));
	return true;
}

/* ContextSave and ContextLoad of RSA, ECC and public-only objects */
/*
 * TPM2_CreateLoaded: under a hierarchy it makes what CreatePrimary makes;
 * under a storage key a child, loaded at once, whose private area Load
 * takes back; parents that are neither are refused.
 */
#define T_CC_CREATE_LOADED		0x0191

static u32 acreate_loaded_rc(u32 parent, struct pw pw, const struct apub *p)
{
	/* acreate_params() adds outsideInfo and creationPCR: not here */
	return key_cmd(T_CC_CREATE_LOADED, parent, pw, abuf,
		       acreate_params(abuf, NO_PW, p, NULL, 0) - 6);
}

/* The handle, private area, public area and name of its response */
static bool acreate_loaded_ok(u32 parent, struct pw pw, const struct apub *p,
			      struct akey *k)
{
	struct rd r;

	memset(k, 0, sizeof(*k));
	EXPECT_RC(acreate_loaded_rc(parent, pw, p), 0);
	if (!rd_start(&r, true))
		return false;
	k->handle = get_unaligned_be32(rsp + 10);
	k->priv_size = rd_b(&r, k->priv, sizeof(k->priv));
	k->pub_size = rd_b(&r, k->pub, sizeof(k->pub));
	EXPECT(rd_b(&r, k->name, sizeof(k->name)) == 34, "name size");
	return rd_done(&r, "CreateLoaded");
}

static bool test_asym_create_loaded(void)
{
	struct apub sign = apub_ecc(T_ECC_P256, OA_FIXED | OA_SENS_ORIGIN |
				    OA_USER_WITH_AUTH | OA_SIGN, T_ALG_ECDSA,
				    T_ALG_SHA256);
	struct apub st = apub_storage(T_ALG_ECC);
	static struct akey prim, cl, parent, child;
	u8 pub[512], name[34], qn[34];
	u16 pub_size, ps;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	/* A primary: the same public area and name as CreatePrimary's */
	if (!aprimary_ok(T_RH_OWNER, &sign, NO_PW, &prim))
		return false;
	if (!acreate_loaded_ok(T_RH_OWNER, NO_PW, &sign, &cl))
		return false;
	EXPECT(cl.priv_size == 0, "primary: private of %u bytes",
	       cl.priv_size);
	EXPECT(cl.pub_size == prim.pub_size &&
	       !memcmp(cl.pub, prim.pub, cl.pub_size), "primary differs");
	if (!read_public_ok(prim.handle, pub, &ps, name, qn))
		return false;
	EXPECT(!memcmp(cl.name, name, 34), "primary name differs");
	EXPECT_RC(flush_context(cl.handle), 0);
	EXPECT_RC(flush_context(prim.handle), 0);

	/* A child, loaded; Load of its private area gives the same object */
	if (!aprimary_ok(T_RH_OWNER, &st, NO_PW, &parent) ||
	    !acreate_loaded_ok(parent.handle, NO_PW, &sign, &cl))
		return false;
	EXPECT(cl.priv_size > 34, "child: private of %u bytes", cl.priv_size);
	if (!read_public_ok(cl.handle, pub, &pub_size, name, qn))
		return false;
	EXPECT(pub_size == cl.pub_size && !memcmp(pub, cl.pub, pub_size) &&
	       !memcmp(name, cl.name, 34), "ReadPublic of the loaded child");
	child = cl;
	EXPECT_RC(flush_context(cl.handle), 0);
	EXPECT_RC(aload_rc(&parent, child.priv, child.priv_size, child.pub,
			   child.pub_size), 0);
	child.handle = get_unaligned_be32(rsp + 10);
	if (!read_public_ok(child.handle, pub, &ps, name, qn))
		return false;
	EXPECT(!memcmp(name, cl.name, 34), "Load of its private: another name");
	EXPECT_RC(flush_context(child.handle), 0);

	/* Parents: a signing key, lockout, an unloaded object */
	if (!aprimary_ok(T_RH_OWNER, &sign, NO_PW, &prim))
		return false;
	EXPECT_RC(acreate_loaded_rc(prim.handle, NO_PW, &sign),
		  RC_H(T_RC_TYPE, 1));
	EXPECT_RC(acreate_loaded_rc(TPM2E_RH_LOCKOUT, NO_PW, &sign),
		  RC_H(T_RC_VALUE, 1));
	EXPECT_RC(flush_context(prim.handle), 0);
	EXPECT_RC(acreate_loaded_rc(prim.handle, NO_PW, &sign),
		  TPM2E_RC_REFERENCE_H0);
	/* The template's rules are Create's */
	sign.scheme = 0x0015;
	EXPECT_RC(acreate_loaded_rc(parent.handle, NO_PW, &sign),
		  RC_P(T_RC_SCHEME, 2));
	return true;
}

static bool test_asym_context(void)
{
	static struct saved_ctx cr, ce, cx;
	static struct akey sk, r, k, x;
	static struct tkey t;
	static struct asig sig;
	u8 dig[48];
	struct apub p = apub_rsa(OA_SIGN_KEY, T_ALG_RSAPSS, T_ALG_SHA256);
	u32 h;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	fill_digest(dig, 48, 0x55);
	if (!storage_ok(T_RH_OWNER, 8, &t))
		return false;
	sk = akey_of(&t);
	if (!acreate_load_ok(&sk, &p, PW("r"), &r) || !save_ok(r.handle, &cr))
		return false;
	EXPECT_RC(flush_context(r.handle), 0);
	p = apub_ecc(T_ECC_P384, OA_SIGN_KEY, T_ALG_ECDSA, T_ALG_SHA384);
	if (!acreate_load_ok(&sk, &p, PW("e"), &k) || !save_ok(k.handle, &ce))
		return false;
	x = k;
	EXPECT_RC(flush_context(k.handle), 0);
	if (!load_external_ok(NULL, &x, T_RH_ENDORSEMENT) ||
	    !save_ok(x.handle, &cx))
		return false;
	EXPECT_RC(flush_context(x.handle), 0);
	EXPECT_RC(flush_context(sk.handle), 0);
	/* the loaded copies: the same names, the same keys */
	if (!load_ok(&cr, &h))
		return false;
	r.handle = h;
	if (!is_key(h, &r) ||
	    !sign_checked(&r, T_ALG_NULL, 0, dig, 32, &sig) ||
	    !verify_ok(&r, dig, 32, &sig))
		return fail_in("the RSA key's context");
	if (!load_ok(&ce, &h))
		return false;
	k.handle = h;
	if (!is_key(h, &k) ||
	    !sign_checked(&k, T_ALG_NULL, 0, dig, 48, &sig))
		return fail_in("the ECC key's context");
	EXPECT_RC(flush_context(r.handle), 0);
	if (!load_ok(&cx, &h))
		return false;
	x.handle = h;
	if (!is_key(h, &x) || !verify_ok(&x, dig, 48, &sig))
		return fail_in("the public key's context");
	/* still public only: no authValue to sign with */
	EXPECT_RC(sign_nt(x.handle, PW("e"), dig, 48, T_ALG_NULL, 0),
		  T_RC_AUTH_UNAVAILABLE);
	return true;
}

/* ---- shared vectors: the kernel KUnit suite checks the same bytes ---- */

/* Hex fragments to bytes; spaces are ignored. */
static int unhex(const char * const *frags, u8 *out, size_t max)
{
	size_t n = 0;

	for (; *frags; frags++) {
		const char *s = *frags;

		while (*s) {
			unsigned int v;

			if (*s == ' ') {
				s++;
				continue;
			}
			if (n == max || !s[1] || sscanf(s, "%2x", &v) != 1)
				return -1;
			out[n++] = v;
			s += 2;
		}
	}
	return (int)n;
}

static bool test_vectors(void)
{
	static u8 cmd[TPM2_MAX_COMMAND_SIZE], want[RSP_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(engine_vectors); i++) {
		const struct engine_vector *v = &engine_vectors[i];
		int clen = unhex(v->cmd, cmd, sizeof(cmd));
		int wlen = unhex(v->rsp, want, sizeof(want));

		EXPECT(clen >= 0 && wlen >= 0, "%s: bad hex", v->name);
		if (v->fresh) {
			fresh_engine();
			if (v->fresh == ENGINE_VEC_STARTED)
				EXPECT(startup(TPM2E_SU_CLEAR) == 0, "startup");
		}
		exec(cmd, clen);
		EXPECT(rsp_len == (size_t)wlen && !memcmp(rsp, want, wlen),
		       "%s: response differs (len %zu, want %d)", v->name,
		       rsp_len, wlen);
	}
	return true;
}

/* ---- robustness: any input gives a well-formed response ---- */

static u64 rng_state = 0x9E3779B97F4A7C15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool test_fuzz_random(void)
{
	static u8 cmd[TPM2_MAX_COMMAND_SIZE + 8];
	static const u32 ccs[] = {
		0x128, 0x12B, 0x130, 0x13C, 0x13D, 0x142, 0x143, 0x144,
		0x145, 0x146, 0x17A, 0x17B, 0x17C, 0x17D, 0x17E, 0x181,
		0x182, 0x18A, 0x12C, 0x13E, 0x15C, 0x161, 0x162, 0x165,
		0x183, 0x185, 0x186, 0x176, 0x121, 0x124, 0x125, 0x126,
		0x127, 0x129, 0x12E,
	};
	unsigned int iter, i;

	for (iter = 0; iter < 200000; iter++) {
		u32 len = rnd() % 64;

		if (iter % 1000 == 0)
			fresh_engine();
		if (iter % 97 == 0)
			len = rnd() % sizeof(cmd);
		for (i = 0; i < len; i++)
			cmd[i] = rnd();
		/* Mostly a plausible header, so the deeper parsers are hit */
		if (len >= 10 && rnd() % 8) {
			put_unaligned_be16(rnd() % 2 ? TPM2E_ST_SESSIONS :
					   TPM2E_ST_NO_SESSIONS, cmd);
			put_unaligned_be32(len, cmd + 2);
			put_unaligned_be32(ccs[rnd() % ARRAY_SIZE(ccs)],
					   cmd + 6);
			if (len >= 14 && rnd() % 2)
				put_unaligned_be32(rnd() % 32, cmd + 10);
			if (len >= 18 && rnd() % 2)
				put_unaligned_be32(rnd() % 2 ? TPM2E_RS_PW :
						   0x02000000, cmd + 14);
		}
		exec(cmd, len);
		if (!rsp_ok())
			return failf("iteration %u: %s", iter, fail_msg);
	}
	return true;
}

static bool test_small_rsp_buffer(void)
{
	u8 small[9];

	EXPECT(tpm2_engine_execute(eng, NULL, 0, small, sizeof(small),
				   NULL) == 0, "wrote into 9 bytes");
	return true;
}

struct test {
	const char *name;
	bool (*fn)(void);
};

static const struct test tests[] = {
	{ "header_short", test_header_short },
	{ "header_null_input", test_header_null_input },
	{ "header_truncated_cc", test_header_truncated_cc },
	{ "header_bad_tag", test_header_bad_tag },
	{ "header_size_mismatch", test_header_size_mismatch },
	{ "header_oversized", test_header_oversized },
	{ "header_unknown_cc", test_header_unknown_cc },
	{ "before_startup", test_before_startup },
	{ "startup_twice", test_startup_twice },
	{ "startup_bad_type", test_startup_bad_type },
	{ "startup_locality", test_startup_locality },
	{ "startup_with_session", test_startup_with_session },
	{ "shutdown_resume", test_shutdown_resume },
	{ "self_test", test_self_test },
	{ "get_random", test_get_random },
	{ "get_random_bad_params", test_get_random_bad_params },
	{ "stir_random", test_stir_random },
	{ "auth_area", test_auth_area },
	{ "cap_commands", test_cap_commands },
	{ "cap_pcrs", test_cap_pcrs },
	{ "cap_properties", test_cap_properties },
	{ "cap_unsupported", test_cap_unsupported },
	{ "cap_lists", test_cap_lists },
	{ "platform_hash", test_platform_hash },
	{ "pcr_extend_chain", test_pcr_extend_chain },
	{ "pcr_extend_errors", test_pcr_extend_errors },
	{ "pcr_reset", test_pcr_reset },
	{ "pcr_startup_values", test_pcr_startup_values },
	{ "pcr_allocate", test_pcr_allocate },
	{ "pcr_event", test_pcr_event },
	{ "pcr_read_limits", test_pcr_read_limits },
	{ "pcr_kernel_sysfs", test_pcr_kernel_sysfs },
	{ "hash", test_hash },
	{ "hash_ticket_secret", test_hash_ticket_secret },
	{ "seq_hash", test_seq_hash },
	{ "seq_tickets", test_seq_tickets },
	{ "seq_auth", test_seq_auth },
	{ "seq_errors", test_seq_errors },
	{ "event_seq", test_event_seq },
	{ "context_roundtrip", test_context_roundtrip },
	{ "context_load_twice", test_context_load_twice },
	{ "context_sequence", test_context_sequence },
	{ "context_tamper", test_context_tamper },
	{ "context_other_engine", test_context_other_engine },
	{ "context_reset", test_context_reset },
	{ "context_resume_restart", test_context_resume_restart },
	{ "startup_flushes", test_startup_flushes },
	{ "transient_cap", test_transient_cap },
	{ "flush_context", test_flush_context },
	{ "pcr_set_auth_value", test_pcr_set_auth_value },
	{ "pcr_set_auth_policy", test_pcr_set_auth_policy },
	{ "clock", test_clock },
	{ "clock_rate_adjust", test_clock_rate_adjust },
	{ "test_parms", test_test_parms },
	{ "sess_start", test_sess_start },
	{ "sess_commands", test_sess_commands },
	{ "sess_wrong_hmac", test_sess_wrong_hmac },
	{ "sess_continue", test_sess_continue },
	{ "sess_bound_seq", test_sess_bound_seq },
	{ "sess_bound_entities", test_sess_bound_entities },
	{ "sess_start_errors", test_sess_start_errors },
	{ "sess_limits", test_sess_limits },
	{ "sess_reference", test_sess_reference },
	{ "sess_context", test_sess_context },
	{ "sess_startup", test_sess_startup },
	{ "sess_properties", test_sess_properties },
	{ "sess_mixed", test_sess_mixed },
	{ "hier_handles", test_hier_handles },
	{ "hier_auth_passwords", test_hier_auth_passwords },
	{ "hier_auth_sizes", test_hier_auth_sizes },
	{ "hier_auth_fail", test_hier_auth_fail },
	{ "hier_auth_sessions", test_hier_auth_sessions },
	{ "hier_auth_bound", test_hier_auth_bound },
	{ "hier_sessions", test_hier_sessions },
	{ "hier_auth_startup", test_hier_auth_startup },
	{ "hier_control", test_hier_control },
	{ "hier_disabled", test_hier_disabled },
	{ "set_primary_policy", test_set_primary_policy },
	{ "clear", test_clear },
	{ "clear_control", test_clear_control },
	{ "change_pps_eps", test_change_pps_eps },
	{ "kernel_auto_startup", test_kernel_auto_startup },
	{ "key_primary", test_key_primary },
	{ "key_sealed", test_key_sealed },
	{ "key_hmac", test_key_hmac },
	{ "key_aes", test_key_aes },
	{ "key_attributes", test_key_attributes },
	{ "key_load_tamper", test_key_load_tamper },
	{ "key_read_public", test_key_read_public },
	{ "key_context", test_key_context },
	{ "key_seeds", test_key_seeds },
	{ "key_auth", test_key_auth },
	{ "asym_primary", test_asym_primary },
	{ "asym_create_load", test_asym_create_load },
	{ "asym_sign", test_asym_sign },
	{ "asym_sign_ecc", test_asym_sign_ecc },
	{ "asym_sign_hmac", test_asym_sign_hmac },
	{ "asym_rsa_crypt", test_asym_rsa_crypt },
	{ "asym_ecdh", test_asym_ecdh },
	{ "asym_load_external", test_asym_load_external },
	{ "asym_change_auth", test_asym_change_auth },
	{ "asym_evict", test_asym_evict },
	{ "asym_context", test_asym_context },
	{ "asym_create_loaded", test_asym_create_loaded },
	{ "vectors", test_vectors },
	{ "fuzz_random", test_fuzz_random },
	{ "small_rsp_buffer", test_small_rsp_buffer },
};

int main(void)
{
	unsigned int i, passed = 0, failed = 0;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		fresh_engine();
		fail_msg[0] = 0;
		if (tests[i].fn()) {
			printf("PASS: %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL: %s: %s\n", tests[i].name, fail_msg);
			failed++;
		}
	}
	tpm2_engine_destroy(eng);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
