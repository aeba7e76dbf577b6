// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the engine must answer any byte string with a
 * well-formed response. The input is split into commands at 0xFE 0xFF
 * markers so that sequences (Startup, then more) are reached too.
 */
#include <stdlib.h>

#include "engine_int.h"

static u8 rsp[TPM2_MAX_RESPONSE_SIZE];

static void check(size_t len)
{
	if (len < 10 || len > sizeof(rsp) ||
	    get_unaligned_be32(rsp + 2) != len)
		abort();
	if (get_unaligned_be32(rsp + 6) && len != 10)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct tpm2_engine_config cfg = { { 0 } };
	struct tpm2_engine *e = tpm2_engine_create(&cfg);
	size_t start = 0, i;

	if (!e)
		return 0;
	for (i = 0; i + 1 < size; i++) {
		if (data[i] == 0xFE && data[i + 1] == 0xFF) {
			check(tpm2_engine_execute(e, data + start, i - start,
						  rsp, sizeof(rsp), NULL));
			start = i + 2;
			i++;
		}
	}
	check(tpm2_engine_execute(e, data + start, size - start, rsp,
				  sizeof(rsp), NULL));
	tpm2_engine_destroy(e);
	return 0;
}
