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
/* The low-level SHA and AES calls: their state can be copied out. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/aes.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

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

void tpm2_plat_yield(void)
{
}

/* The HMAC, fetched once per engine; plain hashes use SHA*_CTX inline. */
struct tpm2_plat_crypto {
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

	if (!pc)
		return NULL;
	pc->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (pc->mac)
		return pc;
	tpm2_plat_crypto_destroy(pc);
	return NULL;
}

void tpm2_plat_crypto_destroy(struct tpm2_plat_crypto *pc)
{
	if (!pc)
		return;
	EVP_MAC_free(pc->mac);
	free(pc);
}

unsigned int tpm2_plat_hash_size(unsigned int alg)
{
	return alg < TPM2_PLAT_NR_HASH ? hash_sizes[alg] : 0;
}

/*
 * A plain hash keeps the low-level OpenSSL context inline in the state, so
 * that tpm2_plat_hash_export() can copy it; an HMAC keeps an EVP_MAC_CTX
 * pointer there.
 */
union plat_sha_ctx {
	SHA_CTX sha1;
	SHA256_CTX sha256;
	SHA512_CTX sha512;
};

static union plat_sha_ctx *plat_sha(struct tpm2_plat_hash_ctx *ctx)
{
	_Static_assert(sizeof(union plat_sha_ctx) <= sizeof(ctx->state),
		       "hash state too small");
	return (union plat_sha_ctx *)ctx->state;
}

static size_t plat_sha_size(unsigned int alg)
{
	switch (alg) {
	case TPM2_PLAT_SHA1:
		return sizeof(SHA_CTX);
	case TPM2_PLAT_SHA256:
		return sizeof(SHA256_CTX);
	default:
		return sizeof(SHA512_CTX);
	}
}

int tpm2_plat_hash_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg)
{
	union plat_sha_ctx *c = plat_sha(ctx);
	int ok;

	if (alg >= TPM2_PLAT_NR_HASH)
		return -EINVAL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->alg = alg;
	switch (alg) {
	case TPM2_PLAT_SHA1:
		ok = SHA1_Init(&c->sha1);
		break;
	case TPM2_PLAT_SHA256:
		ok = SHA256_Init(&c->sha256);
		break;
	case TPM2_PLAT_SHA384:
		ok = SHA384_Init(&c->sha512);
		break;
	default:
		ok = SHA512_Init(&c->sha512);
		break;
	}
	if (!ok) {
		explicit_bzero(ctx, sizeof(*ctx));
		return -EIO;
	}
	return 0;
}

int tpm2_plat_hash_export(struct tpm2_plat_hash_ctx *ctx, u8 *out)
{
	size_t n = plat_sha_size(ctx->alg);

	_Static_assert(sizeof(union plat_sha_ctx) <= TPM2_PLAT_MAX_HASH_EXPORT,
		       "export buffer too small");
	if (ctx->hmac)
		return -EINVAL;
	memcpy(out, plat_sha(ctx), n);
	return (int)n;
}

int tpm2_plat_hash_import(struct tpm2_plat_crypto *pc,
			  struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			  const u8 *in, size_t len)
{
	if (alg >= TPM2_PLAT_NR_HASH || len != plat_sha_size(alg))
		return -EINVAL;
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->alg = alg;
	memcpy(plat_sha(ctx), in, len);
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
	union plat_sha_ctx *c = plat_sha(ctx);
	void *p;
	int ok;

	if (!len)
		return 0;
	if (ctx->hmac) {
		memcpy(&p, ctx->state, sizeof(p));
		ok = EVP_MAC_update(p, data, len);
	} else if (ctx->alg == TPM2_PLAT_SHA1) {
		ok = SHA1_Update(&c->sha1, data, len);
	} else if (ctx->alg == TPM2_PLAT_SHA256) {
		ok = SHA256_Update(&c->sha256, data, len);
	} else if (ctx->alg == TPM2_PLAT_SHA384) {
		ok = SHA384_Update(&c->sha512, data, len);
	} else {
		ok = SHA512_Update(&c->sha512, data, len);
	}
	return ok ? 0 : -EIO;
}

int tpm2_plat_hash_final(struct tpm2_plat_hash_ctx *ctx, u8 *out)
{
	union plat_sha_ctx *c = plat_sha(ctx);
	u8 tmp[EVP_MAX_MD_SIZE];
	size_t mac_len;
	void *p;
	int ok;

	if (ctx->hmac) {
		memcpy(&p, ctx->state, sizeof(p));
		ok = EVP_MAC_final(p, tmp, &mac_len, sizeof(tmp));
		EVP_MAC_CTX_free(p);
	} else if (ctx->alg == TPM2_PLAT_SHA1) {
		ok = SHA1_Final(tmp, &c->sha1);
	} else if (ctx->alg == TPM2_PLAT_SHA256) {
		ok = SHA256_Final(tmp, &c->sha256);
	} else if (ctx->alg == TPM2_PLAT_SHA384) {
		ok = SHA384_Final(tmp, &c->sha512);
	} else {
		ok = SHA512_Final(tmp, &c->sha512);
	}
	if (ok && out)
		memcpy(out, tmp, hash_sizes[ctx->alg]);
	explicit_bzero(tmp, sizeof(tmp));
	explicit_bzero(ctx, sizeof(*ctx));
	return ok ? 0 : -EIO;
}

/* Both key schedules: OpenSSL's decryption schedule differs */
struct plat_aes {
	AES_KEY enc;
	AES_KEY dec;
};

int tpm2_plat_aes_setkey(struct tpm2_plat_aes *aes, const u8 *key,
			 size_t key_len)
{
	struct plat_aes *a = (struct plat_aes *)aes->state;

	_Static_assert(sizeof(struct plat_aes) <= sizeof(aes->state),
		       "AES state too small");
	if (key_len != 16 && key_len != 24 && key_len != 32)
		return -EINVAL;
	if (AES_set_encrypt_key(key, (int)key_len * 8, &a->enc) ||
	    AES_set_decrypt_key(key, (int)key_len * 8, &a->dec))
		return -EINVAL;
	return 0;
}

void tpm2_plat_aes_encrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in)
{
	const struct plat_aes *a = (const struct plat_aes *)aes->state;

	AES_encrypt(in, out, &a->enc);
}

void tpm2_plat_aes_decrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in)
{
	const struct plat_aes *a = (const struct plat_aes *)aes->state;

	AES_decrypt(in, out, &a->dec);
}
