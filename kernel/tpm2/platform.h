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

#endif /* _HTPM_TPM2_PLATFORM_H */
