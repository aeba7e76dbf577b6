// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the TPM engine (kernel/tpm2/). One line per test,
 * "PASS: name" or "FAIL: name: reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
	0x00400142, 0x00400143, 0x00400144, 0x00400145, 0x00400146,
	0x0000017A, 0x0000017B, 0x0000017C,
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
	EXPECT(rsp[10] == 0 && get_unaligned_be32(rsp + 15) == 2 &&
	       get_unaligned_be32(rsp + 19) == 0x17B, "from GetRandom on");
	EXPECT_RC(get_cap(TPM2E_CAP_COMMANDS, 0x17D, 100), 0);
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
		0, 0, 0, 2,
		0x00, 0x04, 3, 0xFF, 0xFF, 0xFF,
		0x00, 0x0B, 3, 0xFF, 0xFF, 0xFF,
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
	EXPECT(get_unaligned_be32(rsp + 15) == 2, "banks");
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
		0x142, 0x143, 0x144, 0x145, 0x146, 0x17A, 0x17B, 0x17C,
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
