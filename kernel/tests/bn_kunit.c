// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the engine's big numbers and RSA key generation as the
 * module builds them: fixed vectors for the Montgomery product, modular
 * exponentiation, inverse and division, and an RSA-1024 key generated from
 * a fixed stream, which must be the key the userspace build makes from it
 * (kernel/tests/bn_vectors.h, checked against OpenSSL by rsa_test).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../tpm2/rsa.h"
#include "bn_vectors.h"

struct bn_test {
	struct tpm2_bn_mont mt;
	u64 m[TPM2E_BN_MAX_LIMBS], a[TPM2E_BN_MAX_LIMBS];
	u64 b[TPM2E_BN_MAX_LIMBS], r[TPM2E_BN_MAX_LIMBS];
	u64 q[TPM2E_BN_MAX_LIMBS];
	u8 out[TPM2E_RSA_MAX_BYTES], out2[TPM2E_RSA_MAX_BYTES];
	u8 n[TPM2E_RSA_MAX_BYTES], p[TPM2E_RSA_MAX_PRIME];
};

static int bn_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct bn_test), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, test->priv);
	return 0;
}

/* Read a vector of @len bytes into @r, @len / 8 limbs */
static void load(struct kunit *test, u64 *r, const u8 *v, size_t len)
{
	KUNIT_ASSERT_EQ(test, tpm2_bn_from_bytes(r, len / 8, v, len), 0);
}

/* Expect @a (@len / 8 limbs) to be the vector @v */
static void expect(struct kunit *test, const u64 *a, const u8 *v,
		   size_t len)
{
	struct bn_test *t = test->priv;

	tpm2_bn_to_bytes(a, len / 8, t->out, len);
	KUNIT_EXPECT_EQ(test, memcmp(t->out, v, len), 0);
}

static void bn_mont_mul_test(struct kunit *test)
{
	struct bn_test *t = test->priv;

	load(test, t->m, bn_vec_mont_m, sizeof(bn_vec_mont_m));
	load(test, t->a, bn_vec_mont_a, sizeof(bn_vec_mont_a));
	load(test, t->b, bn_vec_mont_b, sizeof(bn_vec_mont_b));
	KUNIT_ASSERT_EQ(test, tpm2_bn_mont_init(&t->mt, t->m, 4), 0);
	tpm2_bn_mont_mul(&t->mt, t->r, t->a, t->b);
	expect(test, t->r, bn_vec_mont_r, sizeof(bn_vec_mont_r));
	/* an even modulus is refused */
	t->m[0] ^= 1;
	KUNIT_EXPECT_EQ(test, tpm2_bn_mont_init(&t->mt, t->m, 4), -EINVAL);
}

static void bn_mod_exp_test(struct kunit *test)
{
	struct bn_test *t = test->priv;

	load(test, t->m, bn_vec_exp_m, sizeof(bn_vec_exp_m));
	load(test, t->a, bn_vec_exp_a, sizeof(bn_vec_exp_a));
	load(test, t->b, bn_vec_exp_e, sizeof(bn_vec_exp_e));
	KUNIT_ASSERT_EQ(test, tpm2_bn_mont_init(&t->mt, t->m, 16), 0);
	KUNIT_ASSERT_EQ(test, tpm2_bn_mod_exp(&t->mt, t->r, t->a, t->b, 16),
			0);
	expect(test, t->r, bn_vec_exp_r, sizeof(bn_vec_exp_r));
	memset(t->r, 0, sizeof(t->r));
	KUNIT_ASSERT_EQ(test, tpm2_bn_mod_exp_vartime(&t->mt, t->r, t->a,
						      t->b, 16), 0);
	expect(test, t->r, bn_vec_exp_r, sizeof(bn_vec_exp_r));
}

static void bn_mod_inv_test(struct kunit *test)
{
	struct bn_test *t = test->priv;

	load(test, t->m, bn_vec_inv_m, sizeof(bn_vec_inv_m));
	load(test, t->a, bn_vec_inv_a, sizeof(bn_vec_inv_a));
	KUNIT_ASSERT_EQ(test, tpm2_bn_mod_inv(t->r, t->a, t->m, 9), 0);
	expect(test, t->r, bn_vec_inv_r, sizeof(bn_vec_inv_r));
	/* 0 has no inverse */
	memset(t->a, 0, sizeof(t->a));
	KUNIT_EXPECT_EQ(test, tpm2_bn_mod_inv(t->r, t->a, t->m, 9), -EINVAL);
}

static void bn_div_test(struct kunit *test)
{
	struct bn_test *t = test->priv;

	load(test, t->a, bn_vec_div_a, sizeof(bn_vec_div_a));
	load(test, t->m, bn_vec_div_m, sizeof(bn_vec_div_m));
	KUNIT_ASSERT_EQ(test, tpm2_bn_div(t->q, t->r, t->a, 16, t->m, 5), 0);
	expect(test, t->q, bn_vec_div_q, sizeof(bn_vec_div_q));
	expect(test, t->r, bn_vec_div_r, sizeof(bn_vec_div_r));
	memset(t->r, 0, sizeof(t->r));
	KUNIT_ASSERT_EQ(test, tpm2_bn_mod(t->r, 5, t->a, 16, t->m), 0);
	expect(test, t->r, bn_vec_div_r, sizeof(bn_vec_div_r));
}

static void rsa_keygen_test(struct kunit *test)
{
	struct bn_test *t = test->priv;
	struct bn_vec_stream s = { .seed = BN_VEC_RSA_SEED };
	const struct tpm2_bn_rng rng = {
		.fill = bn_vec_stream_fill,
		.priv = &s,
	};
	struct tpm2_rsa_key k = {
		.n = t->n, .n_len = 128, .e = BN_VEC_RSA_E, .p = t->p,
	};
	size_t i;

	KUNIT_ASSERT_EQ(test, tpm2_rsa_generate(1024, BN_VEC_RSA_E, &rng,
						t->n, t->p), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->n, bn_vec_rsa_n, 128), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->p, bn_vec_rsa_p, 64), 0);
	KUNIT_EXPECT_EQ(test, tpm2_rsa_check_private(&k), 0);
	/* the private operation undoes the public one */
	for (i = 0; i < 128; i++)
		t->out[i] = (u8)(i * 7 + 1);
	t->out[0] &= 0x7f;
	KUNIT_ASSERT_EQ(test, tpm2_rsa_raw_public(&k, t->out, t->out2), 0);
	KUNIT_EXPECT_NE(test, memcmp(t->out, t->out2, 128), 0);
	KUNIT_ASSERT_EQ(test, tpm2_rsa_raw_private(&k, t->out2, t->out2), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->out, t->out2, 128), 0);
}

static struct kunit_case htpm_bn_cases[] = {
	KUNIT_CASE(bn_mont_mul_test),
	KUNIT_CASE(bn_mod_exp_test),
	KUNIT_CASE(bn_mod_inv_test),
	KUNIT_CASE(bn_div_test),
	KUNIT_CASE(rsa_keygen_test),
	{}
};

static struct kunit_suite htpm_bn_suite = {
	.name = "htpm_bn",
	.init = bn_test_init,
	.test_cases = htpm_bn_cases,
};

kunit_test_suite(htpm_bn_suite);

MODULE_LICENSE("GPL");
