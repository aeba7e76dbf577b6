// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapters 15 and 17: TPM2_Hash, with its TPMT_TK_HASHCHECK
 * ticket, and the hash and event sequences (TPM2_HashSequenceStart,
 * TPM2_SequenceUpdate, TPM2_SequenceComplete, TPM2_EventSequenceComplete).
 */
#include "object.h"
#include "pcr.h"

/**
 * tpm2_rd_hierarchy() - unmarshal a TPMI_RH_HIERARCHY+ (TPM_RH_NULL allowed)
 * @rd: reader
 * @h: the handle
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_INSUFFICIENT or TPM_RC_VALUE.
 */
u32 tpm2_rd_hierarchy(struct tpm2_rd *rd, u32 *h)
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
 * The ticket: none (a NULL ticket) for the NULL hierarchy, or when the data
 * could pass for a structure the TPM produced: it begins with
 * TPM_GENERATED_VALUE. Data shorter than that value is safe here, unlike
 * in a sequence (TPM 2.0 Part 3, TPM2_Hash).
 */
static u32 tpm2_hash_ticket(struct tpm2_engine *e, const struct tpm2_hash_in *i,
			    const struct tpm2_hash_alg *h,
			    struct tpm2_hash_out *o)
{
	o->hierarchy = TPM2E_RH_NULL;
	if (i->hierarchy == TPM2E_RH_NULL)
		return TPM2E_RC_SUCCESS;
	if (i->data_size >= 4 && !tpm2_ticket_is_safe(i->data, i->data_size))
		return TPM2E_RC_SUCCESS;
	o->hierarchy = i->hierarchy;
	return tpm2_hashcheck_ticket(e, i->hierarchy, h, o->digest, o->ticket,
				     &o->ticket_size);
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

u32 tpm2_hash_seq_start_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_hash_seq_start_in *i = &in->hash_seq_start;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->auth, sizeof(i->auth), &i->auth_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_alg_hash_null(rd, &i->hash_alg);
	return tpm2_rc_param(rc, 2);
}

u32 tpm2_hash_seq_start_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	const struct tpm2_hash_seq_start_in *i = &in->hash_seq_start;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->hash_alg);
	struct tpm2_object *obj;
	struct tpm2_seq *seq;
	u32 handle;
	u32 rc;

	rc = tpm2_object_alloc(e, &obj, &handle);
	if (rc)
		return rc;
	obj->hierarchy = TPM2E_RH_NULL;
	tpm2_object_set_auth(obj, i->auth, i->auth_size);

	seq = &obj->seq;
	if (h) {
		obj->kind = TPM2E_OBJ_HASH_SEQ;
		seq->alg = h->alg;
		if (!tpm2_plat_hash_init(e->crypto, &seq->hash[0], h->plat))
			seq->n_hash = 1;
	} else {
		obj->kind = TPM2E_OBJ_EVENT_SEQ;
		seq->alg = TPM2E_ALG_NULL;
		while (seq->n_hash < TPM2E_NR_HASH &&
		       !tpm2_plat_hash_init(e->crypto,
					    &seq->hash[seq->n_hash],
					    tpm2_hash_algs[seq->n_hash].plat))
			seq->n_hash++;
	}
	if (seq->n_hash != (h ? 1 : TPM2E_NR_HASH)) {
		tpm2_object_flush(e, handle);
		return TPM2E_RC_FAILURE;
	}
	c->rsp_handle = handle;
	return TPM2E_RC_SUCCESS;
}

/* TPM2B_MAX_BUFFER, the data of SequenceUpdate and both completions */
u32 tpm2_seq_update_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_seq_update_in *i = &in->seq;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->data, sizeof(i->data),
					   &i->size), 1);
}

/* Add data to every hash of a sequence; on failure the sequence is lost. */
static u32 tpm2_seq_add(struct tpm2_engine *e, u32 handle,
			struct tpm2_seq *seq, const u8 *data, u16 size)
{
	unsigned int n;

	if (!seq->first_block) {
		seq->first_block = true;
		seq->ticket_safe = tpm2_ticket_is_safe(data, size);
	}
	for (n = 0; n < seq->n_hash; n++) {
		if (tpm2_plat_hash_update(&seq->hash[n], data, size)) {
			tpm2_object_flush(e, handle);
			return TPM2E_RC_FAILURE;
		}
	}
	return TPM2E_RC_SUCCESS;
}

/* The sequence object a handle names, of the kind a command wants */
static struct tpm2_object *tpm2_seq_get(struct tpm2_engine *e, u32 handle,
					u8 kind)
{
	struct tpm2_object *obj = tpm2_object_get(e, handle);

	return obj && obj->kind == kind ? obj : NULL;
}

u32 tpm2_seq_update_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_seq_update_in *i = &in->seq;
	u32 handle = c->handles[0];
	struct tpm2_object *obj = tpm2_object_get(e, handle);

	if (!obj || (obj->kind != TPM2E_OBJ_HASH_SEQ &&
		     obj->kind != TPM2E_OBJ_EVENT_SEQ))
		return tpm2_rc_handle(TPM2E_RC_MODE, 1);
	return tpm2_seq_add(e, handle, &obj->seq, i->data, i->size);
}

u32 tpm2_seq_complete_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	u32 rc = tpm2_seq_update_unmarshal(rd, in);

	if (rc)
		return rc;
	return tpm2_rc_param(tpm2_rd_hierarchy(rd, &in->seq.hierarchy), 2);
}

/* Finish every hash of a sequence into @d, then flush it. */
static u32 tpm2_seq_finish(struct tpm2_engine *e, u32 handle,
			   struct tpm2_seq *seq, struct tpm2_ha *d)
{
	int rc = 0;

	while (seq->n_hash) {
		seq->n_hash--;
		rc |= tpm2_plat_hash_final(&seq->hash[seq->n_hash],
					   d[seq->n_hash].digest);
	}
	tpm2_object_flush(e, handle);
	return rc ? TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
}

/* The outer hash of an HMAC: H(@opad || @inner) into @out */
static int tpm2_hmac_outer(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
			   const u8 *opad, u8 block, const u8 *inner, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, opad, block);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, inner, h->size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

u32 tpm2_seq_complete_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	const struct tpm2_seq_update_in *i = &in->seq;
	struct tpm2_hash_out *o = &out->hash;
	u32 handle = c->handles[0];
	struct tpm2_object *obj = tpm2_seq_get(e, handle, TPM2E_OBJ_HASH_SEQ);
	const struct tpm2_hash_alg *h;
	u8 opad[TPM2E_MAX_HASH_BLOCK];
	struct tpm2_ha d[1];
	bool safe, hmac;
	u8 block;
	u32 rc;

	if (!obj)
		return tpm2_rc_handle(TPM2E_RC_MODE, 1);
	h = tpm2_hash_find(obj->seq.alg);
	rc = tpm2_seq_add(e, handle, &obj->seq, i->data, i->size);
	if (rc)
		return rc;
	safe = obj->seq.ticket_safe;
	hmac = obj->seq.hmac;
	if (hmac)
		memcpy(opad, obj->seq.hmac_key, obj->seq.hmac_key_size);
	block = obj->seq.hmac_key_size;
	rc = tpm2_seq_finish(e, handle, &obj->seq, d);
	/* HMAC: H((key ^ opad) || inner digest) */
	if (!rc && hmac &&
	    tpm2_hmac_outer(e, h, opad, block, d[0].digest, d[0].digest))
		rc = TPM2E_RC_FAILURE;
	tpm2_plat_zeroize(opad, sizeof(opad));
	if (rc)
		return rc;
	memcpy(o->digest, d[0].digest, h->size);
	o->digest_size = h->size;
	tpm2_plat_zeroize(d, sizeof(d));

	/* No ticket for an HMAC, as none for unsafe data */
	o->hierarchy = TPM2E_RH_NULL;
	if (i->hierarchy == TPM2E_RH_NULL || !safe || hmac)
		return TPM2E_RC_SUCCESS;
	o->hierarchy = i->hierarchy;
	return tpm2_hashcheck_ticket(e, i->hierarchy, h, o->digest, o->ticket,
				     &o->ticket_size);
}

u32 tpm2_event_seq_complete_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out)
{
	const struct tpm2_seq_update_in *i = &in->seq;
	struct tpm2_digest_values *o = &out->pcr_event;
	u32 pcr = c->handles[0];
	u32 handle = c->handles[1];
	struct tpm2_object *obj = tpm2_seq_get(e, handle, TPM2E_OBJ_EVENT_SEQ);
	unsigned int b;
	u32 rc;

	if (pcr != TPM2E_RH_NULL && !tpm2_pcr_extend_allowed(pcr, c->locality))
		return TPM2E_RC_LOCALITY;
	if (!obj)
		return tpm2_rc_handle(TPM2E_RC_MODE, 2);
	rc = tpm2_seq_add(e, handle, &obj->seq, i->data, i->size);
	if (rc)
		return rc;
	rc = tpm2_seq_finish(e, handle, &obj->seq, o->d);
	if (rc)
		return rc;
	/* A digest of every implemented hash; allocated banks extended */
	for (b = 0; b < TPM2E_NR_HASH; b++) {
		o->d[b].alg = tpm2_hash_algs[b].alg;
		if (pcr != TPM2E_RH_NULL &&
		    tpm2_pcr_extend(e, b, pcr, o->d[b].digest))
			return TPM2E_RC_FAILURE;
	}
	o->count = TPM2E_NR_HASH;
	return TPM2E_RC_SUCCESS;
}
