// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TPM engine (kernel/tpm2/) as the module builds it:
 * the command-header parser, whole commands through tpm2_engine_execute(),
 * and the command/response vectors the userspace build checks too.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../tpm2/engine_int.h"
#include "engine_vectors.h"

#define RSP_MAX TPM2_MAX_RESPONSE_SIZE

struct engine_test {
	struct tpm2_engine *e;
	u8 *rsp;
	size_t rsp_len;
};

static int engine_test_init(struct kunit *test)
{
	struct tpm2_engine_config cfg;
	struct engine_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	t->rsp = kunit_kzalloc(test, RSP_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->rsp);
	memset(&cfg, 0x5A, sizeof(cfg));
	t->e = tpm2_engine_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->e);
	test->priv = t;
	return 0;
}

static void engine_test_exit(struct kunit *test)
{
	struct engine_test *t = test->priv;

	tpm2_engine_destroy(t->e);
}

/* Execute; return the response code, checking the response's shape. */
static u32 run(struct kunit *test, const u8 *cmd, size_t len)
{
	struct engine_test *t = test->priv;
	u32 rc;

	t->rsp_len = tpm2_engine_execute(t->e, cmd, len, t->rsp, RSP_MAX,
					 NULL);
	KUNIT_ASSERT_GE(test, t->rsp_len, (size_t)10);
	KUNIT_EXPECT_EQ(test, (size_t)get_unaligned_be32(t->rsp + 2),
			t->rsp_len);
	rc = get_unaligned_be32(t->rsp + 6);
	if (rc)
		KUNIT_EXPECT_EQ(test, t->rsp_len, (size_t)10);
	return rc;
}

static const u8 startup_clear[] = {
	0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0,
};

static void parse(struct kunit *test, const u8 *cmd, u32 len, u32 want)
{
	struct tpm2_hdr hdr;
	struct tpm2_rd rd;

	tpm2_rd_init(&rd, cmd, len);
	KUNIT_EXPECT_EQ(test, tpm2_parse_header(&rd, &hdr), want);
}

static void header_parser_test(struct kunit *test)
{
	static const u8 ok[] = { 0x80, 0x02, 0, 0, 0, 10, 0, 0, 0x01, 0x7A };
	static const u8 tpm12[] = { 0x00, 0xC1, 0, 0, 0, 10, 0, 0, 0, 0x65 };
	static const u8 big[] = { 0x80, 0x01, 0, 0, 0x10, 0x01, 0, 0 };
	static const u8 short_cc[] = { 0x80, 0x01, 0, 0, 0, 8, 0, 0 };
	struct tpm2_hdr hdr;
	struct tpm2_rd rd;

	tpm2_rd_init(&rd, ok, sizeof(ok));
	KUNIT_EXPECT_EQ(test, tpm2_parse_header(&rd, &hdr), 0u);
	KUNIT_EXPECT_EQ(test, hdr.tag, (u16)TPM2E_ST_SESSIONS);
	KUNIT_EXPECT_EQ(test, hdr.size, 10u);
	KUNIT_EXPECT_EQ(test, hdr.cc, (u32)TPM2E_CC_GET_CAPABILITY);
	KUNIT_EXPECT_EQ(test, rd.left, 0u);

	parse(test, ok, 0, TPM2E_RC_INSUFFICIENT);
	parse(test, ok, 1, TPM2E_RC_INSUFFICIENT);
	parse(test, ok, 5, TPM2E_RC_INSUFFICIENT);
	parse(test, ok, 9, TPM2E_RC_COMMAND_SIZE);
	parse(test, tpm12, sizeof(tpm12), TPM2E_RC_BAD_TAG);
	parse(test, short_cc, sizeof(short_cc), TPM2E_RC_INSUFFICIENT);
	/* commandSize 4097 would need more than the maximum */
	parse(test, big, sizeof(big), TPM2E_RC_COMMAND_SIZE);
}

static void bad_tag_test(struct kunit *test)
{
	static const u8 cmd[] = { 0x00, 0xC1, 0, 0, 0, 10, 0, 0, 0, 0x65 };
	struct engine_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, cmd, sizeof(cmd)),
			(u32)TPM2E_RC_BAD_TAG);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(t->rsp),
			(u16)TPM2E_ST_RSP_COMMAND);
}

static void size_mismatch_test(struct kunit *test)
{
	static const u8 cmd[] = {
		0x80, 0x01, 0, 0, 0, 13, 0, 0, 0x01, 0x44, 0, 0,
	};

	KUNIT_EXPECT_EQ(test, run(test, cmd, sizeof(cmd)),
			(u32)TPM2E_RC_COMMAND_SIZE);
}

static void truncated_test(struct kunit *test)
{
	static const u8 cmd[] = { 0x80, 0x01, 0, 0, 0, 11, 0, 0, 0x01, 0x44,
				  0 };
	size_t n;

	for (n = 0; n < 6; n++)
		KUNIT_EXPECT_EQ(test, run(test, startup_clear, n),
				(u32)TPM2E_RC_INSUFFICIENT);
	KUNIT_EXPECT_EQ(test, run(test, cmd, sizeof(cmd)),
			(u32)(TPM2E_RC_INSUFFICIENT + TPM2E_RC_P +
			      TPM2E_RC_N(1)));
}

static void unknown_cc_test(struct kunit *test)
{
	static const u8 cmd[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x99 };

	KUNIT_EXPECT_EQ(test, run(test, cmd, sizeof(cmd)),
			(u32)TPM2E_RC_COMMAND_CODE);
}

static void startup_get_random_test(struct kunit *test)
{
	static const u8 get_random[] = {
		0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 100,
	};
	struct engine_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, get_random, sizeof(get_random)),
			(u32)TPM2E_RC_INITIALIZE);
	KUNIT_EXPECT_EQ(test, run(test, startup_clear, sizeof(startup_clear)),
			0u);
	KUNIT_EXPECT_EQ(test, run(test, startup_clear, sizeof(startup_clear)),
			(u32)TPM2E_RC_INITIALIZE);
	KUNIT_EXPECT_EQ(test, run(test, get_random, sizeof(get_random)), 0u);
	/* 100 asked, one SHA-512 digest's worth given */
	KUNIT_EXPECT_EQ(test, t->rsp_len, (size_t)(12 + TPM2E_MAX_DIGEST_SIZE));
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(t->rsp + 10),
			(u16)TPM2E_MAX_DIGEST_SIZE);
}

/* Hex fragments to bytes; spaces are ignored. */
static int unhex(const char * const *frags, u8 *out, size_t max)
{
	size_t n = 0;

	for (; *frags; frags++) {
		const char *s = *frags;

		while (*s) {
			int hi, lo;

			if (*s == ' ') {
				s++;
				continue;
			}
			hi = hex_to_bin(s[0]);
			lo = s[1] ? hex_to_bin(s[1]) : -1;
			if (n == max || hi < 0 || lo < 0)
				return -EINVAL;
			out[n++] = hi << 4 | lo;
			s += 2;
		}
	}
	return n;
}

static void vectors_test(struct kunit *test)
{
	struct engine_test *t = test->priv;
	struct tpm2_engine_config cfg;
	unsigned int i;
	u8 *cmd, *want;

	cmd = kunit_kzalloc(test, TPM2_MAX_COMMAND_SIZE, GFP_KERNEL);
	want = kunit_kzalloc(test, RSP_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, want);
	memset(&cfg, 0x5A, sizeof(cfg));

	for (i = 0; i < ARRAY_SIZE(engine_vectors); i++) {
		const struct engine_vector *v = &engine_vectors[i];
		int clen = unhex(v->cmd, cmd, TPM2_MAX_COMMAND_SIZE);
		int wlen = unhex(v->rsp, want, RSP_MAX);

		KUNIT_ASSERT_GE_MSG(test, clen, 0, "%s", v->name);
		KUNIT_ASSERT_GE_MSG(test, wlen, 0, "%s", v->name);
		if (v->fresh != ENGINE_VEC_SAME) {
			tpm2_engine_destroy(t->e);
			t->e = tpm2_engine_create(&cfg);
			KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->e);
		}
		if (v->fresh == ENGINE_VEC_STARTED)
			KUNIT_ASSERT_EQ(test, run(test, startup_clear,
						  sizeof(startup_clear)), 0u);
		run(test, cmd, clen);
		KUNIT_EXPECT_EQ_MSG(test, t->rsp_len, (size_t)wlen, "%s",
				    v->name);
		KUNIT_EXPECT_TRUE_MSG(test, t->rsp_len == wlen &&
				      !memcmp(t->rsp, want, wlen), "%s",
				      v->name);
	}
}

static struct kunit_case htpm_engine_cases[] = {
	KUNIT_CASE(header_parser_test),
	KUNIT_CASE(bad_tag_test),
	KUNIT_CASE(size_mismatch_test),
	KUNIT_CASE(truncated_test),
	KUNIT_CASE(unknown_cc_test),
	KUNIT_CASE(startup_get_random_test),
	KUNIT_CASE(vectors_test),
	{}
};

static struct kunit_suite htpm_engine_suite = {
	.name = "htpm_engine",
	.init = engine_test_init,
	.exit = engine_test_exit,
	.test_cases = htpm_engine_cases,
};

kunit_test_suite(htpm_engine_suite);

MODULE_LICENSE("GPL");
