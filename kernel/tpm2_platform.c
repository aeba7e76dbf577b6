// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of the TPM engine's platform interface (tpm2/platform.h).
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <crypto/algapi.h>

#include "tpm2/platform.h"

void *tpm2_plat_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

void tpm2_plat_free_sensitive(void *ptr, size_t size)
{
	kfree_sensitive(ptr);
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
