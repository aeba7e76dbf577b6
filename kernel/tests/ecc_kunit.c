// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ECC layer (kernel/tpm2/ecc.c) as the kernel builds
 * it: the fixed vectors of ecc_vectors.h (which the userspace build checks
 * against OpenSSL too), so both builds are shown to give the same bits,
 * plus round trips that need no vector.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "../tpm2/ecc.h"
#include "ecc_vectors.h"

struct ecc_vec {
	const char *name;
	u16 curve;
	unsigned int len;
	const u8 *d, *qx, *qy, *gen_d, *gen_qx, *gen_qy, *r, *s, *digest;
	size_t digest_len;
};

#define ECC_VEC(c, id, bytes) {					\
	.name = #c, .curve = id, .len = bytes,				\
	.d = ecc_vec_##c##_d, .qx = ecc_vec_##c##_qx,			\
	.qy = ecc_vec_##c##_qy, .gen_d = ecc_vec_##c##_gen_d,		\
	.gen_qx = ecc_vec_##c##_gen_qx, .gen_qy = ecc_vec_##c##_gen_qy,	\
	.r = ecc_vec_##c##_sig_r, .s = ecc_vec_##c##_sig_s,		\
	.digest = ecc_vec_##c##_digest,					\
	.digest_len = sizeof(ecc_vec_##c##_digest),			\
}

static const struct ecc_vec ecc_vecs[] = {
	ECC_VEC(p256, 0x0003, 32),
	ECC_VEC(p384, 0x0004, 48),
};

static void ecc_vec_desc(const struct ecc_vec *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ecc_vec, ecc_vecs, ecc_vec_desc);

/* byte i of the stream is ecc_vec_stream(i) */
static int stream_fill(void *priv, u8 *buf, size_t len)
{
	size_t *pos = priv, i;

	for (i = 0; i < len; i++)
		buf[i] = ecc_vec_stream((*pos)++);
	return 0;
}

static void ecc_sizes_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tpm2_ecc_bytes(0x0003), 32u);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_bytes(0x0004), 48u);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_bytes(0x0001), 0u);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_bytes(0x0010), 0u);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_point_check(0x0005, ecc_vec_p256_qx,
						   ecc_vec_p256_qy), -EINVAL);
}

static void ecc_public_test(struct kunit *test)
{
	const struct ecc_vec *v = test->param_value;
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	u8 d[TPM2E_ECC_MAX_BYTES] = { 0 };

	KUNIT_ASSERT_EQ(test, tpm2_ecc_public(v->curve, v->d, x, y), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x, v->qx, v->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(y, v->qy, v->len), 0);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_point_check(v->curve, v->qx, v->qy),
			0);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_public(v->curve, d, x, y), -EINVAL);
	memcpy(x, v->qx, v->len);
	x[v->len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, tpm2_ecc_point_check(v->curve, x, v->qy),
			-EINVAL);
}

static void ecc_generate_test(struct kunit *test)
{
	const struct ecc_vec *v = test->param_value;
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	u8 d[TPM2E_ECC_MAX_BYTES];
	size_t pos = 0;
	struct tpm2_bn_rng rng = { .fill = stream_fill, .priv = &pos };

	KUNIT_ASSERT_EQ(test, tpm2_ecc_generate(v->curve, &rng, d, x, y), 0);
	KUNIT_EXPECT_EQ(test, pos, (size_t)v->len + 8);
	KUNIT_EXPECT_EQ(test, memcmp(d, v->gen_d, v->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x, v->gen_qx, v->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(y, v->gen_qy, v->len), 0);
}

static void ecc_verify_test(struct kunit *test)
{
	const struct ecc_vec *v = test->param_value;
	u8 r[TPM2E_ECC_MAX_BYTES + 2] = { 0 };
	u8 dig[TPM2E_ECC_MAX_BYTES];

	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qy,
						v->digest, v->digest_len,
						v->r, v->len, v->s, v->len),
			0);
	/* r with leading zeros: the same signature */
	memcpy(r + 2, v->r, v->len);
	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qy,
						v->digest, v->digest_len,
						r, v->len + 2, v->s, v->len),
			0);
	r[2 + v->len / 2] ^= 0x20;
	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qy,
						v->digest, v->digest_len,
						r, v->len + 2, v->s, v->len),
			-EBADMSG);
	memcpy(dig, v->digest, v->digest_len);
	dig[0] ^= 1;
	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qy,
						dig, v->digest_len, v->r,
						v->len, v->s, v->len),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qx,
						v->digest, v->digest_len,
						v->r, v->len, v->s, v->len),
			-EINVAL);
}

static void ecc_sign_test(struct kunit *test)
{
	const struct ecc_vec *v = test->param_value;
	u8 r[TPM2E_ECC_MAX_BYTES], s[TPM2E_ECC_MAX_BYTES];

	KUNIT_ASSERT_EQ(test, tpm2_ecdsa_sign(v->curve, v->d, v->digest,
					      v->digest_len, r, s), 0);
	KUNIT_EXPECT_EQ(test, tpm2_ecdsa_verify(v->curve, v->qx, v->qy,
						v->digest, v->digest_len,
						r, v->len, s, v->len), 0);
	/* a fresh k each time */
	KUNIT_EXPECT_NE(test, memcmp(r, v->r, v->len), 0);
}

/* ECDH: d1 * Q2 == d2 * Q1 with the two key pairs of the vectors */
static void ecc_ecdh_test(struct kunit *test)
{
	const struct ecc_vec *v = test->param_value;
	u8 x1[TPM2E_ECC_MAX_BYTES], y1[TPM2E_ECC_MAX_BYTES];
	u8 x2[TPM2E_ECC_MAX_BYTES], y2[TPM2E_ECC_MAX_BYTES];
	u8 zero[TPM2E_ECC_MAX_BYTES] = { 0 };

	KUNIT_ASSERT_EQ(test, tpm2_ecc_mul(v->curve, v->d, v->gen_qx,
					   v->gen_qy, x1, y1), 0);
	KUNIT_ASSERT_EQ(test, tpm2_ecc_mul(v->curve, v->gen_d, v->qx, v->qy,
					   x2, y2), 0);
	KUNIT_EXPECT_EQ(test, memcmp(x1, x2, v->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(y1, y2, v->len), 0);
	KUNIT_EXPECT_EQ(test, tpm2_ecc_mul(v->curve, zero, v->qx, v->qy,
					   x1, y1), -EINVAL);
}

static struct kunit_case ecc_cases[] = {
	KUNIT_CASE(ecc_sizes_test),
	KUNIT_CASE_PARAM(ecc_public_test, ecc_vec_gen_params),
	KUNIT_CASE_PARAM(ecc_generate_test, ecc_vec_gen_params),
	KUNIT_CASE_PARAM(ecc_verify_test, ecc_vec_gen_params),
	KUNIT_CASE_PARAM(ecc_sign_test, ecc_vec_gen_params),
	KUNIT_CASE_PARAM(ecc_ecdh_test, ecc_vec_gen_params),
	{}
};

static struct kunit_suite ecc_suite = {
	.name = "htpm_ecc",
	.test_cases = ecc_cases,
};

kunit_test_suite(ecc_suite);

MODULE_LICENSE("GPL");
