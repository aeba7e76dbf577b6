// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 10, Testing. The engine's algorithms are tested
 * when they are first used by the host's own self-tests, so every test the
 * TPM could run has already passed.
 */
#include "engine_int.h"

u32 tpm2_self_test_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_yes_no(rd, &in->self_test.full_test), 1);
}

u32 tpm2_self_test_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	return TPM2E_RC_SUCCESS;
}

/* TPML_ALG */
static u32 tpm2_rd_alg_list(struct tpm2_rd *rd, struct tpm2_alg_list *l)
{
	u32 rc;
	u32 i;

	rc = tpm2_rd_u32(rd, &l->count);
	if (rc)
		return rc;
	if (l->count > TPM2E_MAX_ALG_LIST_SIZE)
		return TPM2E_RC_SIZE;
	for (i = 0; i < l->count; i++) {
		rc = tpm2_rd_u16(rd, &l->algs[i]);
		if (rc)
			return rc;
	}
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_incremental_self_test_unmarshal(struct tpm2_rd *rd,
					 union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_alg_list(rd, &in->incremental_self_test),
			     1);
}

u32 tpm2_incremental_self_test_exec(struct tpm2_engine *e,
				    struct tpm2_cmd *c,
				    const union tpm2_cmd_in *in,
				    union tpm2_cmd_out *out)
{
	/* Nothing is left to test: the toDoList is empty. */
	out->incremental_self_test.count = 0;
	return TPM2E_RC_SUCCESS;
}

void tpm2_incremental_self_test_marshal(const union tpm2_cmd_out *out,
					struct tpm2_wr *wr)
{
	const struct tpm2_alg_list *l = &out->incremental_self_test;
	u32 i;

	tpm2_wr_u32(wr, l->count);
	for (i = 0; i < l->count && i < TPM2E_MAX_ALG_LIST_SIZE; i++)
		tpm2_wr_u16(wr, l->algs[i]);
}

u32 tpm2_get_test_result_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	out->get_test_result.out_size = 0;
	out->get_test_result.test_result = TPM2E_RC_SUCCESS;
	return TPM2E_RC_SUCCESS;
}

void tpm2_get_test_result_marshal(const union tpm2_cmd_out *out,
				  struct tpm2_wr *wr)
{
	/* outData: an empty TPM2B_MAX_BUFFER */
	tpm2_wr_u16(wr, 0);
	tpm2_wr_u32(wr, out->get_test_result.test_result);
}
