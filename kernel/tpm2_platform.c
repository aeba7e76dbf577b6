// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the TPM engine's platform interface (tpm2/platform.h).
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>

#include "tpm2/platform.h"

/*
 * Each engine has its own HMAC transforms: one holds its key, and the
 * commands of one engine are serialised while engines run in parallel.
 * Unkeyed hash transforms carry no state between calls (that lives in the
 * caller's descriptor), so all engines share one set, taken by the first
 * engine created and dropped with the last.
 */
struct tpm2_plat_crypto {
	struct crypto_shash *hmac[TPM2_PLAT_NR_HASH];
};

static DEFINE_MUTEX(tpm2_plat_hash_lock);
static struct crypto_shash *tpm2_plat_hash_tfm[TPM2_PLAT_NR_HASH];
static unsigned int tpm2_plat_hash_users;

static const char * const tpm2_plat_hash_names[TPM2_PLAT_NR_HASH] = {
	[TPM2_PLAT_SHA1] = "sha1",
	[TPM2_PLAT_SHA256] = "sha256",
	[TPM2_PLAT_SHA384] = "sha384",
	[TPM2_PLAT_SHA512] = "sha512",
};

static const char * const tpm2_plat_hmac_names[TPM2_PLAT_NR_HASH] = {
	[TPM2_PLAT_SHA1] = "hmac(sha1)",
	[TPM2_PLAT_SHA256] = "hmac(sha256)",
	[TPM2_PLAT_SHA384] = "hmac(sha384)",
	[TPM2_PLAT_SHA512] = "hmac(sha512)",
};

static const u8 tpm2_plat_hash_sizes[TPM2_PLAT_NR_HASH] = {
	[TPM2_PLAT_SHA1] = 20,
	[TPM2_PLAT_SHA256] = 32,
	[TPM2_PLAT_SHA384] = 48,
	[TPM2_PLAT_SHA512] = 64,
};

/* An engine is over 8 KiB: no need for physically contiguous pages. */
void *tpm2_plat_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

void tpm2_plat_free_sensitive(void *ptr, size_t size)
{
	kvfree_sensitive(ptr, size);
}

void tpm2_plat_zeroize(void *ptr, size_t size)
{
	memzero_explicit(ptr, size);
}

void tpm2_plat_get_random(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

unsigned long tpm2_plat_memneq(const void *a, const void *b, size_t n)
{
	return crypto_memneq(a, b, n);
}

u64 tpm2_plat_time_ms(void)
{
	return div_u64(ktime_get_boottime_ns(), NSEC_PER_MSEC);
}

void tpm2_plat_yield(void)
{
	cond_resched();
}

static struct crypto_shash *tpm2_plat_tfm(const char *name, unsigned int size)
{
	struct crypto_shash *tfm = crypto_alloc_shash(name, 0, 0);

	if (IS_ERR(tfm))
		return NULL;
	if (crypto_shash_digestsize(tfm) != size ||
	    sizeof(struct shash_desc) + crypto_shash_descsize(tfm) >
	    TPM2_PLAT_HASH_STATE) {
		crypto_free_shash(tfm);
		return NULL;
	}
	return tfm;
}

static void tpm2_plat_hash_put(void)
{
	unsigned int i;

	mutex_lock(&tpm2_plat_hash_lock);
	if (!--tpm2_plat_hash_users) {
		for (i = 0; i < TPM2_PLAT_NR_HASH; i++) {
			crypto_free_shash(tpm2_plat_hash_tfm[i]);
			tpm2_plat_hash_tfm[i] = NULL;
		}
	}
	mutex_unlock(&tpm2_plat_hash_lock);
}

static bool tpm2_plat_hash_get(void)
{
	unsigned int i;

	mutex_lock(&tpm2_plat_hash_lock);
	tpm2_plat_hash_users++;
	for (i = 0; i < TPM2_PLAT_NR_HASH; i++) {
		if (!tpm2_plat_hash_tfm[i])
			tpm2_plat_hash_tfm[i] =
				tpm2_plat_tfm(tpm2_plat_hash_names[i],
					      tpm2_plat_hash_sizes[i]);
		if (!tpm2_plat_hash_tfm[i])
			break;
	}
	mutex_unlock(&tpm2_plat_hash_lock);
	if (i == TPM2_PLAT_NR_HASH)
		return true;
	tpm2_plat_hash_put();
	return false;
}

struct tpm2_plat_crypto *tpm2_plat_crypto_create(void)
{
	struct tpm2_plat_crypto *pc;
	unsigned int i;

	BUILD_BUG_ON(sizeof(struct shash_desc) + HASH_MAX_DESCSIZE >
		     TPM2_PLAT_HASH_STATE);
	pc = kzalloc(sizeof(*pc), GFP_KERNEL);
	if (!pc)
		return NULL;
	if (!tpm2_plat_hash_get()) {
		kfree(pc);
		return NULL;
	}
	for (i = 0; i < TPM2_PLAT_NR_HASH; i++) {
		pc->hmac[i] = tpm2_plat_tfm(tpm2_plat_hmac_names[i],
					    tpm2_plat_hash_sizes[i]);
		if (!pc->hmac[i]) {
			tpm2_plat_crypto_destroy(pc);
			return NULL;
		}
	}
	return pc;
}

void tpm2_plat_crypto_destroy(struct tpm2_plat_crypto *pc)
{
	unsigned int i;

	if (!pc)
		return;
	for (i = 0; i < TPM2_PLAT_NR_HASH; i++)
		crypto_free_shash(pc->hmac[i]);
	kfree(pc);
	tpm2_plat_hash_put();
}

unsigned int tpm2_plat_hash_size(unsigned int alg)
{
	return alg < TPM2_PLAT_NR_HASH ? tpm2_plat_hash_sizes[alg] : 0;
}

static struct shash_desc *tpm2_plat_desc(struct tpm2_plat_hash_ctx *ctx)
{
	return (struct shash_desc *)ctx->state;
}

static int tpm2_plat_start(struct tpm2_plat_crypto *pc,
			   struct tpm2_plat_hash_ctx *ctx,
			   struct crypto_shash *tfm, unsigned int alg,
			   bool hmac)
{
	struct shash_desc *desc = tpm2_plat_desc(ctx);
	int rc;

	ctx->pc = pc;
	ctx->alg = alg;
	ctx->hmac = hmac;
	desc->tfm = tfm;
	rc = crypto_shash_init(desc);
	if (rc)
		memzero_explicit(ctx, sizeof(*ctx));
	return rc;
}

int tpm2_plat_hash_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg)
{
	if (alg >= TPM2_PLAT_NR_HASH)
		return -EINVAL;
	return tpm2_plat_start(pc, ctx, tpm2_plat_hash_tfm[alg], alg, false);
}

int tpm2_plat_hmac_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			const void *key, size_t key_len)
{
	int rc;

	if (alg >= TPM2_PLAT_NR_HASH || key_len > TPM2_PLAT_MAX_HMAC_KEY)
		return -EINVAL;
	rc = crypto_shash_setkey(pc->hmac[alg], key, key_len);
	if (rc)
		return rc;
	return tpm2_plat_start(pc, ctx, pc->hmac[alg], alg, true);
}

int tpm2_plat_hash_update(struct tpm2_plat_hash_ctx *ctx, const void *data,
			  size_t len)
{
	if (!len)
		return 0;
	return crypto_shash_update(tpm2_plat_desc(ctx), data, len);
}

int tpm2_plat_hash_final(struct tpm2_plat_hash_ctx *ctx, u8 *out)
{
	u8 tmp[TPM2_PLAT_MAX_DIGEST];
	int rc;

	rc = crypto_shash_final(tpm2_plat_desc(ctx), tmp);
	if (!rc && out)
		memcpy(out, tmp, tpm2_plat_hash_size(ctx->alg));
	memzero_explicit(tmp, sizeof(tmp));
	memzero_explicit(ctx, sizeof(*ctx));
	return rc;
}

int tpm2_plat_hash_export(struct tpm2_plat_hash_ctx *ctx, u8 *out)
{
	struct shash_desc *desc = tpm2_plat_desc(ctx);
	unsigned int size;
	int rc;

	if (ctx->hmac)
		return -EINVAL;
	size = crypto_shash_statesize(desc->tfm);
	if (size > TPM2_PLAT_MAX_HASH_EXPORT)
		return -EOVERFLOW;
	rc = crypto_shash_export(desc, out);
	return rc ? rc : size;
}

int tpm2_plat_hash_import(struct tpm2_plat_crypto *pc,
			  struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			  const u8 *in, size_t len)
{
	struct shash_desc *desc = tpm2_plat_desc(ctx);
	struct crypto_shash *tfm;
	int rc;

	if (alg >= TPM2_PLAT_NR_HASH)
		return -EINVAL;
	tfm = tpm2_plat_hash_tfm[alg];
	if (len != crypto_shash_statesize(tfm))
		return -EINVAL;
	ctx->pc = pc;
	ctx->alg = alg;
	ctx->hmac = false;
	desc->tfm = tfm;
	rc = crypto_shash_import(desc, in);
	if (rc)
		memzero_explicit(ctx, sizeof(*ctx));
	return rc;
}

/* lib/crypto's AES: table lookups hardened against cache timing */
static struct crypto_aes_ctx *tpm2_plat_aes_ctx(const struct tpm2_plat_aes *aes)
{
	BUILD_BUG_ON(sizeof(struct crypto_aes_ctx) > sizeof(aes->state));
	return (struct crypto_aes_ctx *)aes->state;
}

int tpm2_plat_aes_setkey(struct tpm2_plat_aes *aes, const u8 *key,
			 size_t key_len)
{
	return aes_expandkey(tpm2_plat_aes_ctx(aes), key, key_len);
}

void tpm2_plat_aes_encrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in)
{
	aes_encrypt(tpm2_plat_aes_ctx(aes), out, in);
}

void tpm2_plat_aes_decrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in)
{
	aes_decrypt(tpm2_plat_aes_ctx(aes), out, in);
}
