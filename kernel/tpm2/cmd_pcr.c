// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 22, Integrity Collection (PCR): TPM2_PCR_Extend,
 * TPM2_PCR_Event, TPM2_PCR_Read, TPM2_PCR_Allocate and TPM2_PCR_Reset.
 */
#include "engine_int.h"
#include "pcr.h"

static int tpm2_bank_index(u16 alg)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(alg);

	return h ? (int)(h - tpm2_hash_algs) : -1;
}

/**
 * tpm2_rd_pcr_selection_list() - unmarshal a TPML_PCR_SELECTION
 * @rd: reader
 * @l: the list
 *
 * Return: TPM_RC_SUCCESS or a format-one code without its position.
 */
u32 tpm2_rd_pcr_selection_list(struct tpm2_rd *rd,
			       struct tpm2_pcr_selection_list *l)
{
	u32 rc;
	u32 i;

	rc = tpm2_rd_u32(rd, &l->count);
	if (rc)
		return rc;
	if (l->count > ARRAY_SIZE(l->sel))
		return TPM2E_RC_SIZE;
	for (i = 0; i < l->count; i++) {
		struct tpm2_pcr_selection *s = &l->sel[i];

		rc = tpm2_rd_alg_hash(rd, &s->hash);
		if (!rc)
			rc = tpm2_rd_u8(rd, &s->size_of_select);
		if (!rc && s->size_of_select != TPM2E_PCR_SELECT_SIZE)
			rc = TPM2E_RC_VALUE;
		if (!rc)
			rc = tpm2_rd_bytes(rd, s->select, s->size_of_select);
		if (rc)
			return rc;
	}
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_wr_pcr_selection_list() - marshal a TPML_PCR_SELECTION
 * @wr: writer
 * @l: the list
 */
void tpm2_wr_pcr_selection_list(struct tpm2_wr *wr,
				const struct tpm2_pcr_selection_list *l)
{
	u32 i;

	tpm2_wr_u32(wr, l->count);
	for (i = 0; i < l->count && i < ARRAY_SIZE(l->sel); i++) {
		tpm2_wr_u16(wr, l->sel[i].hash);
		tpm2_wr_u8(wr, l->sel[i].size_of_select);
		tpm2_wr_bytes(wr, l->sel[i].select, l->sel[i].size_of_select);
	}
}

/* TPML_DIGEST_VALUES */
static u32 tpm2_rd_digest_values(struct tpm2_rd *rd,
				 struct tpm2_digest_values *v)
{
	u32 rc;
	u32 i;

	rc = tpm2_rd_u32(rd, &v->count);
	if (rc)
		return rc;
	if (v->count > ARRAY_SIZE(v->d))
		return TPM2E_RC_SIZE;
	for (i = 0; i < v->count; i++) {
		rc = tpm2_rd_alg_hash(rd, &v->d[i].alg);
		if (!rc)
			rc = tpm2_rd_bytes(rd, v->d[i].digest,
					   tpm2_hash_find(v->d[i].alg)->size);
		if (rc)
			return rc;
	}
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_pcr_selection_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_pcr_selection_list(rd, &in->pcr_sel), 1);
}

u32 tpm2_pcr_extend_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_digest_values(rd, &in->pcr_extend), 1);
}

u32 tpm2_pcr_extend_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_digest_values *v = &in->pcr_extend;
	u32 pcr = c->handles[0];
	u32 i;

	if (pcr == TPM2E_RH_NULL)
		return TPM2E_RC_SUCCESS;
	if (!tpm2_pcr_extend_allowed(pcr, c->locality))
		return TPM2E_RC_LOCALITY;
	for (i = 0; i < v->count; i++)
		if (tpm2_pcr_extend(e, tpm2_bank_index(v->d[i].alg), pcr,
				    v->d[i].digest))
			return TPM2E_RC_FAILURE;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_pcr_event_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_pcr_event_in *i = &in->pcr_event;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->data, sizeof(i->data),
					   &i->size), 1);
}

u32 tpm2_pcr_event_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_pcr_event_in *i = &in->pcr_event;
	struct tpm2_digest_values *o = &out->pcr_event;
	u32 pcr = c->handles[0];
	unsigned int b;

	if (pcr != TPM2E_RH_NULL && !tpm2_pcr_extend_allowed(pcr, c->locality))
		return TPM2E_RC_LOCALITY;
	/* A digest of every implemented hash; allocated banks extended */
	for (b = 0; b < TPM2E_NR_HASH; b++) {
		o->d[b].alg = tpm2_hash_algs[b].alg;
		if (tpm2_plat_hash(e->crypto, tpm2_hash_algs[b].plat, i->data,
				   i->size, o->d[b].digest))
			return TPM2E_RC_FAILURE;
		if (pcr != TPM2E_RH_NULL &&
		    tpm2_pcr_extend(e, b, pcr, o->d[b].digest))
			return TPM2E_RC_FAILURE;
	}
	o->count = TPM2E_NR_HASH;
	return TPM2E_RC_SUCCESS;
}

void tpm2_pcr_event_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_digest_values *o = &out->pcr_event;
	u32 i;

	tpm2_wr_u32(wr, o->count);
	for (i = 0; i < o->count && i < ARRAY_SIZE(o->d); i++) {
		tpm2_wr_u16(wr, o->d[i].alg);
		tpm2_wr_bytes(wr, o->d[i].digest,
			      tpm2_hash_find(o->d[i].alg)->size);
	}
}

/*
 * PCR_Read: each selection is narrowed to the allocated PCRs; at most
 * eight digests fit in a TPML_DIGEST, and the selection out drops every
 * PCR from the first one that did not fit on.
 */
u32 tpm2_pcr_read_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	struct tpm2_pcr_read_out *o = &out->pcr_read;
	bool full = false;
	u32 i, pcr;

	o->sel = in->pcr_sel;
	for (i = 0; i < o->sel.count; i++) {
		struct tpm2_pcr_selection *s = &o->sel.sel[i];
		int b = tpm2_bank_index(s->hash);
		u8 size = tpm2_hash_algs[b].size;

		for (pcr = 0; pcr < TPM2E_PCR_COUNT; pcr++) {
			u8 bit = 1U << (pcr % 8);

			if (!tpm2_pcr_allocated(e, b, pcr))
				s->select[pcr / 8] &= ~bit;
			if (!(s->select[pcr / 8] & bit))
				continue;
			if (full || o->count == TPM2E_MAX_PCR_DIGESTS) {
				full = true;
				s->select[pcr / 8] &= ~bit;
				continue;
			}
			o->sizes[o->count] = size;
			memcpy(o->digests[o->count], tpm2_pcr_value(e, b, pcr),
			       size);
			o->count++;
		}
	}
	o->update_counter = e->pcr_counter;
	return TPM2E_RC_SUCCESS;
}

void tpm2_pcr_read_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_pcr_read_out *o = &out->pcr_read;
	u32 i;

	tpm2_wr_u32(wr, o->update_counter);
	tpm2_wr_pcr_selection_list(wr, &o->sel);
	tpm2_wr_u32(wr, o->count);
	for (i = 0; i < o->count && i < TPM2E_MAX_PCR_DIGESTS; i++)
		tpm2_wr_tpm2b(wr, o->digests[i], o->sizes[i]);
}

/*
 * PCR_Allocate: banks not named keep their allocation, a bank named twice
 * takes the last; the result waits for the next TPM2_Startup. PCR 0, the
 * H-CRTM PCR, must stay allocated in some bank.
 */
u32 tpm2_pcr_allocate_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	const struct tpm2_pcr_selection_list *l = &in->pcr_sel;
	struct tpm2_pcr_allocate_out *o = &out->pcr_allocate;
	struct tpm2_pcr_bank next[TPM2E_PCR_BANKS];
	bool hcrtm = false;
	u32 i, pcr;

	memcpy(next, e->pcr_realloc ? e->pcr_next : e->pcr_banks,
	       sizeof(next));
	for (i = 0; i < l->count; i++)
		memcpy(next[tpm2_bank_index(l->sel[i].hash)].select,
		       l->sel[i].select, TPM2E_PCR_SELECT_SIZE);

	o->max_pcr = TPM2E_PCR_COUNT;
	for (i = 0; i < TPM2E_PCR_BANKS; i++) {
		hcrtm |= next[i].select[0] & 1;
		for (pcr = 0; pcr < TPM2E_PCR_COUNT; pcr++)
			if (next[i].select[pcr / 8] & (1U << (pcr % 8)))
				o->size_needed += tpm2_hash_algs[i].size;
		o->size_available += TPM2E_PCR_COUNT * tpm2_hash_algs[i].size;
	}
	if (!hcrtm)
		return TPM2E_RC_PCR;
	memcpy(e->pcr_next, next, sizeof(next));
	e->pcr_realloc = true;
	/* A state saved under the old allocation cannot be resumed. */
	e->shutdown_type = -1;
	o->success = 1;
	return TPM2E_RC_SUCCESS;
}

void tpm2_pcr_allocate_marshal(const union tpm2_cmd_out *out,
			       struct tpm2_wr *wr)
{
	const struct tpm2_pcr_allocate_out *o = &out->pcr_allocate;

	tpm2_wr_u8(wr, o->success);
	tpm2_wr_u32(wr, o->max_pcr);
	tpm2_wr_u32(wr, o->size_needed);
	tpm2_wr_u32(wr, o->size_available);
}

u32 tpm2_pcr_reset_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	u32 pcr = c->handles[0];

	if (!tpm2_pcr_reset_allowed(pcr, c->locality))
		return TPM2E_RC_LOCALITY;
	tpm2_pcr_reset(e, pcr);
	return TPM2E_RC_SUCCESS;
}

/*
 * TPM2_PCR_SetAuthValue and TPM2_PCR_SetAuthPolicy. The PC Client profile
 * puts no PCR in an authorization or policy group
 * (TPM_PT_PCR_AUTH/TPM_PT_PCR_POLICY list none), so both only check their
 * parameters and refuse every PCR.
 */
u32 tpm2_pcr_set_auth_value_unmarshal(struct tpm2_rd *rd,
				      union tpm2_cmd_in *in)
{
	struct tpm2_pcr_set_auth_in *i = &in->pcr_set_auth;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest),
					   &i->size), 1);
}

u32 tpm2_pcr_set_auth_value_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out)
{
	/* As the reference implementation answers: no handle number */
	return TPM2E_RC_VALUE;
}

/**
 * tpm2_policy_unmarshal() - authPolicy TPM2B_DIGEST, hashAlg TPMI_ALG_HASH+
 * @rd: reader
 * @in: into in->pcr_set_auth
 *
 * The first two parameters of TPM2_PCR_SetAuthPolicy, and all of
 * TPM2_SetPrimaryPolicy's.
 *
 * Return: TPM_RC_SUCCESS or a code with its parameter number.
 */
u32 tpm2_policy_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_pcr_set_auth_in *i = &in->pcr_set_auth;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest), &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_alg_hash_null(rd, &i->hash_alg), 2);
}

u32 tpm2_pcr_set_auth_policy_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in)
{
	struct tpm2_pcr_set_auth_in *i = &in->pcr_set_auth;
	u32 rc;

	rc = tpm2_policy_unmarshal(rd, in);
	if (rc)
		return rc;
	rc = tpm2_rd_u32(rd, &i->pcr);
	if (!rc && i->pcr >= TPM2E_PCR_COUNT)
		rc = TPM2E_RC_VALUE;
	return tpm2_rc_param(rc, 3);
}

u32 tpm2_pcr_set_auth_policy_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out)
{
	const struct tpm2_pcr_set_auth_in *i = &in->pcr_set_auth;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->hash_alg);

	if (i->size != (h ? h->size : 0))
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	return tpm2_rc_param(TPM2E_RC_VALUE, 3);
}
