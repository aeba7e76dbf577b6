// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 18, Attestation Commands: TPM2_Certify,
 * TPM2_CertifyCreation, TPM2_Quote, TPM2_GetSessionAuditDigest and
 * TPM2_GetTime, and TPM2_NV_Certify (chapter 31), which works the same way.
 *
 * Each builds a TPMS_ATTEST: TPM_GENERATED_VALUE, a type tag, the
 * qualified name of the signing key, the caller's qualifyingData, the
 * clock, the firmware version and what is attested; then signs
 * H_scheme(marshaled TPMS_ATTEST) with the signing key. The TPM made every
 * byte of it and the magic value starts it, so even a restricted key may
 * sign it: no external digest can pass for one (TPM2_Hash refuses to
 * ticket data that starts with TPM_GENERATED_VALUE).
 *
 * Privacy (Part 1, "Privacy" and Part 3 FillInAttestInfo): resetCount,
 * restartCount and firmwareVersion would let keys of the storage
 * hierarchy be correlated with one TPM; unless the signing key is in the
 * endorsement or platform hierarchy, they are offset by
 * KDFa(SHA-256, shProof, "OBFUSCATE", qualifiedSigner, "", 128): the same
 * offsets for the same key until TPM2_Clear renews shProof, so a verifier
 * may still compare two attestations of one key.
 */
#include "keys.h"
#include "object.h"
#include "pcr.h"
#include "session.h"

/* qualifyingData and inScheme, the first two parameters of most */
static u32 tpm2_rd_attest_params(struct tpm2_rd *rd,
				 struct tpm2_attest_params *p,
				 unsigned int scheme_param)
{
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, p->data, sizeof(p->data), &p->data_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_sig_scheme(rd, &p->scheme),
			     scheme_param);
}

u32 tpm2_attest_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rd_attest_params(rd, &in->attest.common, 2);
}

u32 tpm2_quote_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_quote_in *i = &in->attest.quote;
	struct tpm2_pcr_selection_list l;
	struct tpm2_rd start;
	u32 rc;

	rc = tpm2_rd_attest_params(rd, &i->p, 2);
	if (rc)
		return rc;
	start = *rd;
	rc = tpm2_rd_pcr_selection_list(rd, &l);
	if (rc)
		return tpm2_rc_param(rc, 3);
	/* Kept as it came; exec reads it again (no room for l here). */
	if (start.left - rd->left > sizeof(i->pcrs))
		return tpm2_rc_param(TPM2E_RC_SIZE, 3);
	i->pcrs_size = start.left - rd->left;
	memcpy(i->pcrs, start.p, i->pcrs_size);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_certify_creation_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in)
{
	struct tpm2_certify_creation_in *i = &in->attest.certify_creation;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->p.data, sizeof(i->p.data), &i->p.data_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->hash, sizeof(i->hash), &i->hash_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_sig_scheme(rd, &i->p.scheme);
	if (rc)
		return tpm2_rc_param(rc, 3);
	rc = tpm2_rd_ticket(rd, TPM2E_ST_CREATION, &i->ticket_hierarchy,
			    i->ticket, sizeof(i->ticket), &i->ticket_size);
	return tpm2_rc_param(rc, 4);
}

u32 tpm2_nv_certify_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_certify_in *i = &in->attest.nv_certify;
	u32 rc;

	rc = tpm2_rd_attest_params(rd, &i->p, 2);
	if (rc)
		return rc;
	rc = tpm2_rd_u16(rd, &i->size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_u16(rd, &i->offset), 4);
}

/**
 * struct tpm2_attest_ctx - one attestation being made
 * @key: the signing key, NULL for TPM_RH_NULL
 * @scheme: the scheme it signs with (TPM_ALG_NULL without a key)
 * @h: the scheme's hash, NULL without a key
 * @wr: the TPMS_ATTEST being written into the result
 * @time: Time and the clock, as TPM2_ReadClock would give them now
 */
struct tpm2_attest_ctx {
	const struct tpm2_object *key;
	struct tpm2_scheme scheme;
	const struct tpm2_hash_alg *h;
	struct tpm2_wr wr;
	struct tpm2_time_info time;
};

/*
 * The signing key at handle index @n and its scheme, as every attestation
 * command checks them first: TPM_RC_KEY for anything that cannot sign
 * (an object without sign, a symmetric key, a public key alone),
 * TPM_RC_SCHEME (parameter @scheme_param) for a scheme the key refuses.
 */
static u32 tpm2_attest_signer(struct tpm2_engine *e, struct tpm2_cmd *c,
			      unsigned int n, const struct tpm2_scheme *in,
			      unsigned int scheme_param,
			      struct tpm2_attest_ctx *a)
{
	const struct tpm2_object *obj;
	u32 rc;

	memset(a, 0, sizeof(*a));
	a->scheme.alg = TPM2E_ALG_NULL;
	a->scheme.hash = TPM2E_ALG_NULL;
	if (c->handles[n] == TPM2E_RH_NULL)
		return TPM2E_RC_SUCCESS;
	obj = tpm2_object_get(e, c->handles[n]);
	if (!obj || obj->kind != TPM2E_OBJ_KEY ||
	    !(obj->key.pub.attrs & TPM2E_OA_SIGN) ||
	    obj->key.pub.type == TPM2E_ALG_SYMCIPHER || obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_KEY, n + 1);
	rc = tpm2_sig_scheme_select(&obj->key.pub, in, &a->scheme);
	if (rc)
		return tpm2_rc_param(rc, scheme_param);
	a->h = tpm2_hash_find(a->scheme.hash);
	if (!a->h)
		return tpm2_rc_param(TPM2E_RC_SCHEME, scheme_param);
	a->key = obj;
	return TPM2E_RC_SUCCESS;
}

/*
 * resetCount, restartCount and firmwareVersion as a key outside the
 * endorsement and platform hierarchies may show them (see the top).
 */
static u32 tpm2_attest_obfuscate(struct tpm2_engine *e,
				 const struct tpm2_attest_ctx *a,
				 const u8 *qs, u16 qs_size, u32 *reset,
				 u32 *restart, u64 *fw)
{
	static const char label[] = "OBFUSCATE";
	const u8 *sh_proof = tpm2_hierarchy_proof(e, TPM2E_RH_OWNER);
	u8 ob[16];
	int rc;

	if (a->key && (a->key->hierarchy == TPM2E_RH_ENDORSEMENT ||
		       a->key->hierarchy == TPM2E_RH_PLATFORM))
		return TPM2E_RC_SUCCESS;
	rc = tpm2_kdfa(e, tpm2_hash_find(TPM2E_ALG_SHA256), sh_proof,
		       TPM2E_PROOF_SIZE, label, qs, qs_size, NULL, 0, ob,
		       sizeof(ob));
	if (rc)
		return tpm2_rc_errno(rc);
	*fw += get_unaligned_be64(ob);
	*reset += get_unaligned_be32(ob + 8);
	*restart += get_unaligned_be32(ob + 12);
	tpm2_plat_zeroize(ob, sizeof(ob));
	return TPM2E_RC_SUCCESS;
}

static void tpm2_wr_clock_info(struct tpm2_wr *wr, u64 clock, u32 reset,
			       u32 restart, u8 safe)
{
	tpm2_wr_u64(wr, clock);
	tpm2_wr_u32(wr, reset);
	tpm2_wr_u32(wr, restart);
	tpm2_wr_u8(wr, safe);
}

/*
 * The common fields of a TPMS_ATTEST of type @type, into the result in
 * @out; the caller writes the attested part after them through @a->wr.
 */
static u32 tpm2_attest_begin(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out,
			     const struct tpm2_attest_params *p, u16 type,
			     struct tpm2_attest_ctx *a)
{
	u64 fw = (u64)TPM2E_FIRMWARE_V1 << 32 |
		 TPM2E_FIRMWARE_V2;
	struct tpm2_attest_result *o;
	u8 qs[TPM2E_MAX_NAME];
	u32 reset, restart;
	u16 qs_size;
	u32 rc;

	tpm2_clock_read(e, &a->time);
	o = &out->attest.result;
	memset(o, 0, sizeof(*o));
	o->sig.alg = TPM2E_ALG_NULL;

	if (a->key) {
		qs_size = a->key->key.qn_size;
		memcpy(qs, a->key->key.qn, qs_size);
	} else {
		/* The Name of TPM_RH_NULL is its handle. */
		qs_size = 4;
		put_unaligned_be32(TPM2E_RH_NULL, qs);
	}
	reset = a->time.reset_count;
	restart = a->time.restart_count;
	rc = tpm2_attest_obfuscate(e, a, qs, qs_size, &reset, &restart, &fw);
	if (rc)
		return rc;

	tpm2_wr_init(&a->wr, o->attest, sizeof(o->attest));
	tpm2_wr_u32(&a->wr, TPM2E_GENERATED_VALUE);
	tpm2_wr_u16(&a->wr, type);
	tpm2_wr_tpm2b(&a->wr, qs, qs_size);
	tpm2_wr_tpm2b(&a->wr, p->data, p->data_size);
	tpm2_wr_clock_info(&a->wr, a->time.clock, reset, restart,
			   a->time.safe);
	tpm2_wr_u64(&a->wr, fw);
	return TPM2E_RC_SUCCESS;
}

/* Sign what tpm2_attest_begin() and the caller wrote. */
static u32 tpm2_attest_sign(struct tpm2_engine *e,
			    struct tpm2_attest_ctx *a,
			    union tpm2_cmd_out *out)
{
	struct tpm2_attest_result *o = &out->attest.result;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	int rc;

	if (a->wr.overflow)
		return TPM2E_RC_FAILURE;
	o->size = a->wr.len;
	if (!a->key)
		return TPM2E_RC_SUCCESS;
	rc = tpm2_plat_hash(e->crypto, a->h->plat, o->attest, o->size,
			    digest);
	if (!rc)
		rc = tpm2_sign_digest(e, &a->key->key, &a->scheme, a->h,
				      digest, a->h->size, &o->sig);
	if (rc) {
		memset(&o->sig, 0, sizeof(o->sig));
		o->sig.alg = TPM2E_ALG_NULL;
	}
	return tpm2_rc_errno(rc);
}

/* Handles: signHandle. Parameters: qualifyingData, inScheme, PCRselect. */
u32 tpm2_quote_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_quote_in *i = &in->attest.quote;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_pcr_selection_list l;
	struct tpm2_attest_ctx a;
	struct tpm2_rd rd;
	u32 n, pcr;
	u32 rc;

	rc = tpm2_attest_signer(e, c, 0, &i->p.scheme, 2, &a);
	if (rc)
		return rc;
	/* Without a key there is no hash to digest the PCRs with. */
	if (!a.key)
		return tpm2_rc_param(TPM2E_RC_SCHEME, 2);
	tpm2_rd_init(&rd, i->pcrs, i->pcrs_size);
	if (tpm2_rd_pcr_selection_list(&rd, &l))
		return TPM2E_RC_FAILURE;
	/* The quote names only the PCRs allocated, those it digests. */
	for (n = 0; n < l.count; n++) {
		const struct tpm2_hash_alg *bh = tpm2_hash_find(l.sel[n].hash);
		unsigned int bank = bh - tpm2_hash_algs;

		for (pcr = 0; pcr < TPM2E_PCR_COUNT; pcr++)
			if (!tpm2_pcr_allocated(e, bank, pcr))
				l.sel[n].select[pcr / 8] &= ~BIT(pcr % 8);
	}
	if (tpm2_pcr_digest(e, &l, a.h, digest))
		return TPM2E_RC_FAILURE;
	rc = tpm2_attest_begin(e, c, in, out, &i->p, TPM2E_ST_ATTEST_QUOTE,
			       &a);
	if (rc)
		return rc;
	tpm2_wr_pcr_selection_list(&a.wr, &l);
	tpm2_wr_tpm2b(&a.wr, digest, a.h->size);
	return tpm2_attest_sign(e, &a, out);
}

/* The Name and qualified name of a loaded object; empty for a sequence */
static void tpm2_attest_wr_names(struct tpm2_wr *wr,
				 const struct tpm2_object *obj, bool qn)
{
	bool key = obj->kind == TPM2E_OBJ_KEY;

	tpm2_wr_tpm2b(wr, obj->key.name, key ? obj->key.name_size : 0);
	if (qn)
		tpm2_wr_tpm2b(wr, obj->key.qn, key ? obj->key.qn_size : 0);
}

/*
 * Handles: objectHandle (ADMIN role), signHandle. Parameters:
 * qualifyingData, inScheme.
 */
u32 tpm2_certify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_attest_params *p = &in->attest.common;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_attest_ctx a;
	u32 rc;

	rc = tpm2_attest_signer(e, c, 1, &p->scheme, 2, &a);
	if (rc)
		return rc;
	if (!obj)
		return TPM2E_RC_FAILURE;
	rc = tpm2_attest_begin(e, c, in, out, p, TPM2E_ST_ATTEST_CERTIFY, &a);
	if (rc)
		return rc;
	tpm2_attest_wr_names(&a.wr, obj, true);
	return tpm2_attest_sign(e, &a, out);
}

/* HMAC(proof(hierarchy), TPM_ST_CREATION || name || creationHash) */
static u32 tpm2_creation_ticket_check(struct tpm2_engine *e,
				      const struct tpm2_object *obj,
				      const struct tpm2_certify_creation_in *i)
{
	const u8 *proof = tpm2_hierarchy_proof(e, i->ticket_hierarchy);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	u8 tag[2];
	u32 ret;
	int rc;

	/*
	 * A hierarchy without a proof (TPM_RH_NULL) gets the null ticket,
	 * which proves nothing; a sequence object was never created.
	 */
	if (!proof || obj->kind != TPM2E_OBJ_KEY || i->ticket_size != 32)
		return tpm2_rc_param(TPM2E_RC_TICKET, 4);
	put_unaligned_be16(TPM2E_ST_CREATION, tag);
	rc = tpm2_plat_hmac_init(e->crypto, ctx, TPM2_PLAT_SHA256, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return tpm2_rc_errno(rc);
	rc = tpm2_plat_hash_update(ctx, tag, sizeof(tag));
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, obj->key.name,
					   obj->key.name_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, i->hash, i->hash_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return tpm2_rc_errno(rc);
	}
	rc = tpm2_plat_hash_final(ctx, mac);
	if (rc)
		return tpm2_rc_errno(rc);
	ret = TPM2E_RC_SUCCESS;
	if (tpm2_plat_memneq(mac, i->ticket, 32))
		ret = tpm2_rc_param(TPM2E_RC_TICKET, 4);
	tpm2_plat_zeroize(mac, sizeof(mac));
	return ret;
}

/*
 * Handles: signHandle, objectHandle (no authorization). Parameters:
 * qualifyingData, creationHash, inScheme, creationTicket.
 */
u32 tpm2_certify_creation_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out)
{
	const struct tpm2_certify_creation_in *i = &in->attest.certify_creation;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[1]);
	struct tpm2_attest_ctx a;
	u32 rc;

	rc = tpm2_attest_signer(e, c, 0, &i->p.scheme, 3, &a);
	if (rc)
		return rc;
	if (!obj)
		return TPM2E_RC_FAILURE;
	rc = tpm2_creation_ticket_check(e, obj, i);
	if (rc)
		return rc;
	rc = tpm2_attest_begin(e, c, in, out, &i->p, TPM2E_ST_ATTEST_CREATION,
			       &a);
	if (rc)
		return rc;
	tpm2_attest_wr_names(&a.wr, obj, false);
	tpm2_wr_tpm2b(&a.wr, i->hash, i->hash_size);
	return tpm2_attest_sign(e, &a, out);
}

/*
 * Handles: privacyAdminHandle (endorsement), signHandle. Parameters:
 * qualifyingData, inScheme. The time and clock it attests are not
 * obfuscated: the privacy administrator allowed them to be seen.
 */
u32 tpm2_get_time_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_attest_params *p = &in->attest.common;
	struct tpm2_attest_ctx a;
	u32 rc;

	rc = tpm2_attest_signer(e, c, 1, &p->scheme, 2, &a);
	if (!rc)
		rc = tpm2_attest_begin(e, c, in, out, p, TPM2E_ST_ATTEST_TIME,
				       &a);
	if (rc)
		return rc;
	/* TPMS_TIME_ATTEST_INFO: TPMS_TIME_INFO, firmwareVersion */
	tpm2_wr_u64(&a.wr, a.time.time);
	tpm2_wr_clock_info(&a.wr, a.time.clock, a.time.reset_count,
			   a.time.restart_count, a.time.safe);
	tpm2_wr_u64(&a.wr, (u64)TPM2E_FIRMWARE_V1 << 32 |
		    TPM2E_FIRMWARE_V2);
	return tpm2_attest_sign(e, &a, out);
}

/*
 * Handles: privacyAdminHandle (endorsement), signHandle. Parameters:
 * qualifyingData, inScheme. TPMS_COMMAND_AUDIT_INFO of the command audit
 * trail (audit.c); a successful run ends the trail, so the next audited
 * command starts one with the next auditCounter.
 */
u32 tpm2_get_command_audit_digest_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out)
{
	const struct tpm2_attest_params *p = &in->attest.common;
	const struct tpm2_hash_alg *h = tpm2_hash_find(e->audit.alg);
	u8 commands[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_attest_ctx a;
	u16 size;
	u32 rc;

	if (!h)
		return TPM2E_RC_FAILURE;
	rc = tpm2_attest_signer(e, c, 1, &p->scheme, 2, &a);
	if (!rc)
		rc = tpm2_rc_errno(tpm2_audit_commands_digest(e, commands));
	if (!rc)
		rc = tpm2_attest_begin(e, c, in, out, p,
				       TPM2E_ST_ATTEST_COMMAND_AUDIT, &a);
	if (rc)
		return rc;
	/* auditCounter, digestAlg, auditDigest, commandDigest */
	size = e->audit.digest_size == h->size ? h->size : 0;
	tpm2_wr_u64(&a.wr, e->audit.counter);
	tpm2_wr_u16(&a.wr, e->audit.alg);
	tpm2_wr_tpm2b(&a.wr, e->audit.digest, size);
	tpm2_wr_tpm2b(&a.wr, commands, h->size);
	rc = tpm2_attest_sign(e, &a, out);
	if (!rc)
		e->audit.digest_size = 0;
	return rc;
}

/*
 * Handles: privacyAdminHandle (endorsement), signHandle, sessionHandle
 * (an HMAC session, no authorization). Parameters: qualifyingData,
 * inScheme. The session must have audited a command: TPM_RC_TYPE
 * otherwise.
 */
u32 tpm2_get_session_audit_digest_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out)
{
	const struct tpm2_attest_params *p = &in->attest.common;
	u32 h = c->handles[2];
	const struct tpm2_session *s;
	struct tpm2_attest_ctx a;
	u32 rc;

	s = tpm2_session_get(e, h);
	if (!s)
		return TPM2E_RC_FAILURE;
	rc = tpm2_attest_signer(e, c, 1, &p->scheme, 2, &a);
	if (rc)
		return rc;
	if (s->type != TPM2E_SE_HMAC || !(s->flags & TPM2E_SF_AUDIT))
		return tpm2_rc_handle(TPM2E_RC_TYPE, 3);
	rc = tpm2_attest_begin(e, c, in, out, p,
			       TPM2E_ST_ATTEST_SESSION_AUDIT, &a);
	if (rc)
		return rc;
	/* TPMS_SESSION_AUDIT_INFO: exclusiveSession, sessionDigest */
	tpm2_wr_u8(&a.wr, e->exclusive_audit == h);
	tpm2_wr_tpm2b(&a.wr, s->digest, s->hash->size);
	return tpm2_attest_sign(e, &a, out);
}

/*
 * Handles: signHandle, authHandle, nvIndex. Parameters: qualifyingData,
 * inScheme, size, offset. Size and offset 0 certify a digest of the
 * whole index (TPMS_NV_DIGEST_CERTIFY_INFO, with the scheme's hash).
 */
u32 tpm2_nv_certify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_nv_certify_in *i = &in->attest.nv_certify;
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, c->handles[2]);
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	bool whole = !i->size && !i->offset;
	struct tpm2_attest_ctx a;
	u16 type = whole ? TPM2E_ST_ATTEST_NV_DIGEST : TPM2E_ST_ATTEST_NV;
	u32 rc;

	rc = tpm2_attest_signer(e, c, 0, &i->p.scheme, 2, &a);
	if (rc)
		return rc;
	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_read_access(nv, c->handles[1]);
	if (rc)
		return rc;
	if ((u32)i->size + i->offset > nv->data_size)
		return TPM2E_RC_NV_RANGE;
	if (i->size > TPM2E_MAX_NV_BUFFER_SIZE)
		return tpm2_rc_param(TPM2E_RC_VALUE, 3);
	/* No key, no hash: the digest is empty. */
	if (whole && a.h &&
	    tpm2_plat_hash(e->crypto, a.h->plat, nv->data, nv->data_size,
			   digest))
		return TPM2E_RC_FAILURE;
	rc = tpm2_attest_begin(e, c, in, out, &i->p, type, &a);
	if (rc)
		return rc;
	tpm2_wr_tpm2b(&a.wr, nv->name, nv->name_size);
	if (whole) {
		tpm2_wr_tpm2b(&a.wr, digest, a.h ? a.h->size : 0);
	} else {
		tpm2_wr_u16(&a.wr, i->offset);
		tpm2_wr_tpm2b(&a.wr, nv->data + i->offset, i->size);
	}
	return tpm2_attest_sign(e, &a, out);
}

/* TPM2B_ATTEST, then TPMT_SIGNATURE (the algorithm alone when NULL) */
void tpm2_attest_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_attest_result *o = &out->attest.result;

	tpm2_wr_tpm2b(wr, o->attest, o->size);
	if (o->sig.alg == TPM2E_ALG_NULL)
		tpm2_wr_u16(wr, TPM2E_ALG_NULL);
	else
		tpm2_wr_signature(wr, &o->sig);
}
