// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace side of the TPM engine's platform interface
 * (kernel/tpm2/platform.h), for tests and fuzzers.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

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
