/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's only door to the host. The engine sources include this file
 * and nothing else from outside kernel/tpm2/; the module implements it in
 * kernel/tpm2_platform.c, the userspace build in userspace/engine/.
 */
#ifndef _HTPM_TPM2_PLATFORM_H
#define _HTPM_TPM2_PLATFORM_H

#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/errno.h>
#include <asm/unaligned.h>

/**
 * tpm2_plat_zalloc() - allocate zeroed memory
 * @size: bytes to allocate
 *
 * May sleep. Return: the memory, or NULL.
 */
void *tpm2_plat_zalloc(size_t size);

/**
 * tpm2_plat_free_sensitive() - zeroize and free memory
 * @ptr: memory from tpm2_plat_zalloc(), or NULL
 * @size: size passed to tpm2_plat_zalloc()
 */
void tpm2_plat_free_sensitive(void *ptr, size_t size);

/**
 * tpm2_plat_zeroize() - clear memory that held a secret
 * @ptr: memory
 * @size: bytes to clear
 *
 * Unlike memset(), never optimised away.
 */
void tpm2_plat_zeroize(void *ptr, size_t size);

/**
 * tpm2_plat_get_random() - fill a buffer from a cryptographic RNG
 * @buf: output
 * @len: bytes wanted
 */
void tpm2_plat_get_random(void *buf, size_t len);

/**
 * tpm2_plat_memneq() - compare two buffers in constant time
 * @a: first buffer
 * @b: second buffer
 * @n: bytes to compare
 *
 * Return: 0 when equal, non-zero otherwise; time depends only on @n.
 */
unsigned long tpm2_plat_memneq(const void *a, const void *b, size_t n);

/**
 * tpm2_plat_time_ms() - monotonic milliseconds, counting suspend
 *
 * Return: milliseconds since an arbitrary, fixed origin.
 */
u64 tpm2_plat_time_ms(void);

/**
 * tpm2_plat_yield() - let other work run during a long computation
 *
 * Called between the steps of long operations (prime searches). May sleep.
 */
void tpm2_plat_yield(void);

/* Hash algorithms of the platform; the engine maps TPM_ALG_IDs onto them. */
enum tpm2_plat_hash_alg {
	TPM2_PLAT_SHA1,
	TPM2_PLAT_SHA256,
	TPM2_PLAT_SHA384,
	TPM2_PLAT_SHA512,
	TPM2_PLAT_NR_HASH,
};

/* Largest digest of any enum tpm2_plat_hash_alg, and largest HMAC key. */
#define TPM2_PLAT_MAX_DIGEST	64
#define TPM2_PLAT_MAX_HMAC_KEY	128

/* Bytes of platform hash state a struct tpm2_plat_hash_ctx carries. */
#define TPM2_PLAT_HASH_STATE	640

/*
 * One engine's hash and HMAC transforms; opaque, made by
 * tpm2_plat_crypto_create(). The operations on one of them
 * must not run concurrently (the engine serialises its commands), and only
 * one HMAC may be in progress on it at a time: the key may live in it.
 */
struct tpm2_plat_crypto;

/**
 * struct tpm2_plat_hash_ctx - a hash or HMAC in progress
 * @pc: transforms it uses
 * @alg: enum tpm2_plat_hash_alg
 * @hmac: an HMAC, not a plain hash
 * @state: the platform's state; opaque
 *
 * Caller-provided; set up by tpm2_plat_hash_init() or tpm2_plat_hmac_init(),
 * released by tpm2_plat_hash_final(), which must always follow.
 */
struct tpm2_plat_hash_ctx {
	struct tpm2_plat_crypto *pc;
	u8 alg;
	bool hmac;
	u64 state[TPM2_PLAT_HASH_STATE / sizeof(u64)] __aligned(16);
};

/**
 * tpm2_plat_crypto_create() - allocate the hash and HMAC transforms of an engine
 *
 * May sleep. Return: the transforms, or NULL when any is unavailable.
 */
struct tpm2_plat_crypto *tpm2_plat_crypto_create(void);

/**
 * tpm2_plat_crypto_destroy() - free what tpm2_plat_crypto_create() made
 * @pc: transforms, or NULL
 */
void tpm2_plat_crypto_destroy(struct tpm2_plat_crypto *pc);

/**
 * tpm2_plat_hash_size() - digest size of a hash algorithm
 * @alg: enum tpm2_plat_hash_alg
 *
 * Return: bytes, or 0 for an unknown @alg.
 */
unsigned int tpm2_plat_hash_size(unsigned int alg);

/**
 * tpm2_plat_hash_init() - start a hash
 * @pc: transforms
 * @ctx: context to set up
 * @alg: enum tpm2_plat_hash_alg
 *
 * Return: 0, or a negative errno (then @ctx needs no final).
 */
int tpm2_plat_hash_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg);

/**
 * tpm2_plat_hmac_init() - start an HMAC
 * @pc: transforms
 * @ctx: context to set up
 * @alg: enum tpm2_plat_hash_alg
 * @key: HMAC key
 * @key_len: bytes in @key, at most TPM2_PLAT_MAX_HMAC_KEY
 *
 * Return: 0, or a negative errno (then @ctx needs no final).
 */
int tpm2_plat_hmac_init(struct tpm2_plat_crypto *pc,
			struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			const void *key, size_t key_len);

/**
 * tpm2_plat_hash_update() - add data to a hash or HMAC
 * @ctx: context from tpm2_plat_hash_init() or tpm2_plat_hmac_init()
 * @data: bytes
 * @len: number of bytes, may be 0
 *
 * Return: 0, or a negative errno (tpm2_plat_hash_final() must still follow).
 */
int tpm2_plat_hash_update(struct tpm2_plat_hash_ctx *ctx, const void *data,
			  size_t len);

/**
 * tpm2_plat_hash_final() - finish a hash or HMAC and release its context
 * @ctx: context; zeroized
 * @out: digest, tpm2_plat_hash_size() bytes; may be NULL to abandon
 *
 * Return: 0, or a negative errno.
 */
int tpm2_plat_hash_final(struct tpm2_plat_hash_ctx *ctx, u8 *out);

/* Largest exported state of a plain hash (tpm2_plat_hash_export()). */
#define TPM2_PLAT_MAX_HASH_EXPORT	256

/**
 * tpm2_plat_hash_export() - copy out the state of a plain hash in progress
 * @ctx: context from tpm2_plat_hash_init() (not an HMAC); stays usable
 * @out: buffer of TPM2_PLAT_MAX_HASH_EXPORT bytes
 *
 * The bytes are only meant for tpm2_plat_hash_import() of the same build.
 *
 * Return: bytes written, or a negative errno.
 */
int tpm2_plat_hash_export(struct tpm2_plat_hash_ctx *ctx, u8 *out);

/**
 * tpm2_plat_hash_import() - set up a plain hash from an exported state
 * @pc: transforms
 * @ctx: context to set up, as tpm2_plat_hash_init() would
 * @alg: enum tpm2_plat_hash_alg, that of the exported hash
 * @in: bytes from tpm2_plat_hash_export()
 * @len: their number
 *
 * Return: 0, or a negative errno (then @ctx needs no final).
 */
int tpm2_plat_hash_import(struct tpm2_plat_crypto *pc,
			  struct tpm2_plat_hash_ctx *ctx, unsigned int alg,
			  const u8 *in, size_t len);

/* AES block size, and the largest key (AES-256) */
#define TPM2_PLAT_AES_BLOCK		16
#define TPM2_PLAT_AES_MAX_KEY		32

/**
 * struct tpm2_plat_aes - an expanded AES key
 * @state: the platform's key schedule; opaque
 */
struct tpm2_plat_aes {
	u64 state[512 / sizeof(u64)] __aligned(16);
};

/**
 * tpm2_plat_aes_setkey() - expand an AES key
 * @aes: key schedule to fill; zeroize with tpm2_plat_zeroize() when done
 * @key: 16, 24 or 32 bytes
 * @key_len: bytes in @key
 *
 * Return: 0, or -EINVAL for another key size.
 */
int tpm2_plat_aes_setkey(struct tpm2_plat_aes *aes, const u8 *key,
			 size_t key_len);

/**
 * tpm2_plat_aes_encrypt() - encrypt one block
 * @aes: key schedule
 * @out: ciphertext, TPM2_PLAT_AES_BLOCK bytes; may be @in
 * @in: plaintext, TPM2_PLAT_AES_BLOCK bytes
 */
void tpm2_plat_aes_encrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in);

/**
 * tpm2_plat_aes_decrypt() - decrypt one block
 * @aes: key schedule
 * @out: plaintext, TPM2_PLAT_AES_BLOCK bytes; may be @in
 * @in: ciphertext, TPM2_PLAT_AES_BLOCK bytes
 */
void tpm2_plat_aes_decrypt(const struct tpm2_plat_aes *aes, u8 *out,
			   const u8 *in);

/*
 * The two one-shot helpers below are not the platform's to implement: the
 * engine provides them (hash.c) on top of the streaming calls above.
 */

/**
 * tpm2_plat_hash() - digest of one buffer
 * @pc: transforms
 * @alg: enum tpm2_plat_hash_alg
 * @data: bytes
 * @len: number of bytes
 * @out: digest, tpm2_plat_hash_size() bytes
 *
 * Return: 0, or a negative errno.
 */
int tpm2_plat_hash(struct tpm2_plat_crypto *pc, unsigned int alg,
		   const void *data, size_t len, u8 *out);

/**
 * tpm2_plat_hmac() - HMAC of one buffer
 * @pc: transforms
 * @alg: enum tpm2_plat_hash_alg
 * @key: HMAC key
 * @key_len: bytes in @key, at most TPM2_PLAT_MAX_HMAC_KEY
 * @data: bytes
 * @len: number of bytes
 * @out: HMAC, tpm2_plat_hash_size() bytes
 *
 * Return: 0, or a negative errno.
 */
int tpm2_plat_hmac(struct tpm2_plat_crypto *pc, unsigned int alg,
		   const void *key, size_t key_len, const void *data,
		   size_t len, u8 *out);

#endif /* _HTPM_TPM2_PLATFORM_H */
