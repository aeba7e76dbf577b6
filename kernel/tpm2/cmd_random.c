// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 16, Random Number Generator. Random bytes come from
 * the host's cryptographic RNG.
 */
#include "engine_int.h"

u32 tpm2_get_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_u16(rd, &in->get_random.bytes_requested),
			     1);
}

u32 tpm2_get_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in,
			 union tpm2_cmd_out *out)
{
	struct tpm2_get_random_out *o = &out->get_random;

	/* At most one digest of the largest hash (TPM_PT_MAX_DIGEST). */
	o->size = min_t(u16, in->get_random.bytes_requested, sizeof(o->bytes));
	tpm2_plat_get_random(o->bytes, o->size);
	return TPM2E_RC_SUCCESS;
}

void tpm2_get_random_marshal(const union tpm2_cmd_out *out,
			     struct tpm2_wr *wr)
{
	const struct tpm2_get_random_out *o = &out->get_random;

	tpm2_wr_tpm2b(wr, o->bytes, min_t(u16, o->size, sizeof(o->bytes)));
}

u32 tpm2_stir_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_stir_random_in *i = &in->stir_random;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->data, sizeof(i->data),
					   &i->size), 1);
}

u32 tpm2_stir_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	/*
	 * The host RNG is not the container's to stir: a virtual TPM must
	 * not feed the host's entropy pool. The input is accepted and
	 * dropped; the scratch area holding it is zeroized after the command.
	 */
	return TPM2E_RC_SUCCESS;
}
