// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace side of the TPM engine's platform interface
 * (kernel/tpm2/platform.h), for tests and fuzzers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "platform.h"

void *tpm2_plat_zalloc(size_t size)
{
	return calloc(1, size);
}

void tpm2_plat_free_sensitive(void *ptr, size_t size)
{
	if (!ptr)
		return;
	explicit_bzero(ptr, size);
	free(ptr);
}

void tpm2_plat_zeroize(void *ptr, size_t size)
{
	explicit_bzero(ptr, size);
}

void tpm2_plat_get_random(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			abort();
		p += n;
		len -= (size_t)n;
	}
}

unsigned long tpm2_plat_memneq(const void *a, const void *b, size_t n)
{
	const volatile u8 *x = a, *y = b;
	unsigned long d = 0;

	while (n--)
		d |= *x++ ^ *y++;
	return d;
}

u64 tpm2_plat_time_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

/* The digests, fetched once per engine; contexts live in the caller's ctx. */
struct tpm2_plat_crypto {
	EVP_MD *md[TPM2_PLAT_NR_HASH];
	EVP_MAC *mac;
};

static const char * const hash_names[TPM2_PLAT_NR_HASH] = {
	[TPM2_PLAT_SHA1] = "SHA1",
	[TPM2_PLAT_SHA256] = "SHA256",
	[TPM2_PLAT_SHA384] = "SHA384",
	[TPM2_PLAT_SHA512] = "SHA512",
};

static const u8 hash_sizes[TPM2_PLAT_NR_HASH] = {
	[TPM2_PLAT_SHA1] = 20,
	[TPM2_PLAT_SHA256] = 32,
	[TPM2_PLAT_SHA384] = 48,
	[TPM2_PLAT_SHA512] = 64,
};

struct tpm2_plat_crypto *tpm2_plat_crypto_create(void)
{
	struct tpm2_plat_crypto *pc = calloc(1, sizeof(*pc));
	unsigned int i;

	if (!pc)
		return NULL;
	for (i = 0; i < TPM2_PLAT_NR_HASH; i++) {
		pc->md[i] = EVP_MD_fetch(NULL, hash_names[i], NULL);
		if (!pc->md[i] || EVP_MD_get_size(pc->md[i]) != hash_sizes[i])
			goto fail;
	}
	pc->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (pc->mac)
		return pc;
fail:
	tpm2_plat_crypto_destroy(pc);
	return NULL;
}

void tpm2_plat_crypto_destroy(struct tpm2_plat_crypto *pc)
{
	unsigned int i;

	if (!pc)
		return;
	for (i = 0; i < TPM2_PLAT_NR_HASH; i++)
		EVP_MD_free(pc->md[i]);
	EVP_MAC_free(pc->mac);
	free(pc);
}

unsigned int tpm2_plat_hash_size(unsigned int alg)
{
	return alg < TPM2_PLAT_NR_HASH ? hash_sizes[alg] : 0;
}

int tpm2_plat_hash_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg)
{
	EVP_MD_CTX *md;

	if (alg >= TPM2_PLAT_NR_HASH)
		return -EINVAL;
	md = EVP_MD_CTX_new();
	if (!md)
		return -ENOMEM;
	if (!EVP_DigestInit_ex2(md, pc->md[alg], NULL)) {
		EVP_MD_CTX_free(md);
		return -EIO;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->alg = alg;
	memcpy(ctx->state, &md, sizeof(md));
	return 0;
}

int tpm2_plat_hmac_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			const void *key, size_t key_len)
{
	static const u8 empty[1];
	OSSL_PARAM params[2];
	EVP_MAC_CTX *mac;

	if (alg >= TPM2_PLAT_NR_HASH || key_len > TPM2_PLAT_MAX_HMAC_KEY)
		return -EINVAL;
	mac = EVP_MAC_CTX_new(pc->mac);
	if (!mac)
		return -ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)hash_names[alg], 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(mac, key_len ? key : empty, key_len, params)) {
		EVP_MAC_CTX_free(mac);
		return -EIO;
	}
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->alg = alg;
	ctx->hmac = true;
	memcpy(ctx->state, &mac, sizeof(mac));
	return 0;
}

int tpm2_plat_hash_update(struct tpm2_plat_hash_ctx *ctx, const void *data,
			  size_t len)
{
	void *p;
	int ok;

	if (!len)
		return 0;
	memcpy(&p, ctx->state, sizeof(p));
	if (ctx->hmac)
		ok = EVP_MAC_update(p, data, len);
	else
		ok = EVP_DigestUpdate(p, data, len);
	return ok ? 0 : -EIO;
}

int tpm2_plat_hash_final(struct tpm2_plat_hash_ctx *ctx, u8 *out)
{
	u8 tmp[EVP_MAX_MD_SIZE];
	size_t mac_len;
	unsigned int md_len;
	void *p;
	int ok;

	memcpy(&p, ctx->state, sizeof(p));
	if (ctx->hmac) {
		ok = EVP_MAC_final(p, tmp, &mac_len, sizeof(tmp));
		EVP_MAC_CTX_free(p);
	} else {
		ok = EVP_DigestFinal_ex(p, tmp, &md_len);
		EVP_MD_CTX_free(p);
	}
	if (ok && out)
		memcpy(out, tmp, hash_sizes[ctx->alg]);
	explicit_bzero(tmp, sizeof(tmp));
	explicit_bzero(ctx, sizeof(*ctx));
	return ok ? 0 : -EIO;
}

