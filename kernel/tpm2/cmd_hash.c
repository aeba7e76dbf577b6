// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 15, Hash/HMAC/Event Sequences: TPM2_Hash, with
 * its TPMT_TK_HASHCHECK ticket.
 */
#include "engine_int.h"

/* TPMI_RH_HIERARCHY+ */
static u32 tpm2_rd_hierarchy(struct tpm2_rd *rd, u32 *h)
{
	u32 rc = tpm2_rd_u32(rd, h);

	if (rc)
		return rc;
	switch (*h) {
	case TPM2E_RH_OWNER:
	case TPM2E_RH_PLATFORM:
	case TPM2E_RH_ENDORSEMENT:
	case TPM2E_RH_NULL:
		return TPM2E_RC_SUCCESS;
	}
	return TPM2E_RC_VALUE;
}

u32 tpm2_hash_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_hash_in *i = &in->hash;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->data, sizeof(i->data), &i->data_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_alg_hash(rd, &i->hash_alg);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_hierarchy(rd, &i->hierarchy), 3);
}

/*
 * The ticket: HMAC with the hierarchy's proof, in the hash of the command,
 * over TPM_ST_HASHCHECK || hashAlg || digest. None (a NULL ticket) for the
 * NULL hierarchy, or when the data could pass for a structure the TPM
 * produced: it begins with TPM_GENERATED_VALUE.
 */
static u32 tpm2_hash_ticket(struct tpm2_engine *e, const struct tpm2_hash_in *i,
			    const struct tpm2_hash_alg *h,
			    struct tpm2_hash_out *o)
{
	struct tpm2_plat_hash_ctx *ctx = &e->scratch.hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, i->hierarchy);
	u8 hdr[4];
	int rc;

	o->hierarchy = TPM2E_RH_NULL;
	if (!proof)
		return TPM2E_RC_SUCCESS;
	if (i->data_size >= 4 &&
	    get_unaligned_be32(i->data) == TPM2E_GENERATED_VALUE)
		return TPM2E_RC_SUCCESS;
	o->hierarchy = i->hierarchy;
	put_unaligned_be16(TPM2E_ST_HASHCHECK, hdr);
	put_unaligned_be16(h->alg, hdr + 2);
	rc = tpm2_plat_hmac_init(e->crypto, ctx, h->plat, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return TPM2E_RC_FAILURE;
	rc = tpm2_plat_hash_update(ctx, hdr, sizeof(hdr));
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, o->digest, o->digest_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	if (tpm2_plat_hash_final(ctx, o->ticket))
		return TPM2E_RC_FAILURE;
	o->ticket_size = h->size;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_hash_in *i = &in->hash;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->hash_alg);
	struct tpm2_hash_out *o = &out->hash;

	if (tpm2_plat_hash(e->crypto, h->plat, i->data, i->data_size,
			   o->digest))
		return TPM2E_RC_FAILURE;
	o->digest_size = h->size;
	return tpm2_hash_ticket(e, i, h, o);
}

void tpm2_hash_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_hash_out *o = &out->hash;

	tpm2_wr_tpm2b(wr, o->digest, o->digest_size);
	tpm2_wr_u16(wr, TPM2E_ST_HASHCHECK);
	tpm2_wr_u32(wr, o->hierarchy);
	tpm2_wr_tpm2b(wr, o->ticket, o->ticket_size);
}
