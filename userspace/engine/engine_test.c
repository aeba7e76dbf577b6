// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the TPM engine (kernel/tpm2/). One line per test,
 * "PASS: name" or "FAIL: name: reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

static u32 exec_ctx(const u8 *cmd, size_t len, const struct tpm2_exec_ctx *ctx)
{
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, cmd, len, rsp, sizeof(rsp), ctx);
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

	memset(&cfg, 0x5A, sizeof(cfg));
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

static const u32 expected_cc_attrs[] = {
	0x02400128, 0x0240012B, 0x02000130, 0x0240013C, 0x0240013D,
	0x00400142, 0x00400143, 0x00400144, 0x00400145, 0x00400146,
	0x0000017A, 0x0000017B, 0x0000017C, 0x0000017D, 0x0000017E,
	0x00000181, 0x02400182, 0x0000018A,
};

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
	EXPECT(rsp[10] == 0 && get_unaligned_be32(rsp + 15) == 7 &&
	       get_unaligned_be32(rsp + 19) == 0x17B, "from GetRandom on");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0x18B, 100), 0);
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
		if (pt == TPM2E_PT_TOTAL_COMMANDS)
			EXPECT(v == ARRAY_SIZE(expected_cc_attrs), "total %u", v);
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
		if (!n)
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

static bool test_cap_lists(void)
{
	u32 keys[64];
	int n, i;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	n = cap_walk(TPM2E_CAP_ALGS, 0, 1, 6, key_u16, keys, 64);
	EXPECT(n == 4 && keys[0] == TPM2E_ALG_SHA1 &&
	       keys[3] == TPM2E_ALG_SHA512, "algs: %d", n);
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
	n = cap_walk(TPM2E_CAP_COMMANDS, 0, 4, 4, key_cc, keys, 64);
	EXPECT(n == (int)ARRAY_SIZE(expected_cc_attrs), "commands: %d", n);
	EXPECT(keys[0] == TPM2E_CC_CLOCK_SET &&
	       keys[n - 1] == TPM2E_CC_TEST_PARMS, "command order");
	EXPECT_RC(get_cap(TPM2E_CAP_ECC_CURVES, 1, 508), 0);
	EXPECT(rsp_len == 19 && !rsp[10], "ECC curves");
	EXPECT_RC(get_cap(TPM2E_CAP_PP_COMMANDS, 0, 254), 0);
	EXPECT(rsp_len == 19 && !rsp[10], "PP commands");
	EXPECT_RC(get_cap(TPM2E_CAP_AUDIT_COMMANDS, 0, 254), 0);
	EXPECT(rsp_len == 19 && !rsp[10], "audit commands");
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
	EXPECT_RC(exec_cb(&c), RC_S1(TPM2E_RC_AUTH_FAIL));
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
	EXPECT_RC(exec_cb(&c), RC_S1(TPM2E_RC_AUTH_FAIL));
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
	memset(&cfg, 0x5B, sizeof(cfg));
	eng = tpm2_engine_create(&cfg);
	EXPECT(eng, "create");
	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	EXPECT_RC(hash_cmd((const u8 *)"abc", 3, TPM2E_ALG_SHA256,
			   TPM2E_RH_OWNER), 0);
	EXPECT(memcmp(first, rsp + 52, 32), "same ticket, other secret");
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

static bool test_test_parms(void)
{
	struct cmdbuf c;
	u32 type;

	EXPECT_RC(startup(TPM2E_SU_CLEAR), 0);
	for (type = 0; type < 0x50; type++) {
		cb_start(&c, TPM2E_ST_NO_SESSIONS, TPM2E_CC_TEST_PARMS);
		cb_u16(&c, (u16)type);
		cb_u32(&c, 0);
		EXPECT_RC(exec_cb(&c), RC_P1(TPM2E_RC_TYPE));
	}
	return true;
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
		0x182, 0x18A,
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
	{ "clock", test_clock },
	{ "clock_rate_adjust", test_clock_rate_adjust },
	{ "test_parms", test_test_parms },
	{ "kernel_auto_startup", test_kernel_auto_startup },
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
