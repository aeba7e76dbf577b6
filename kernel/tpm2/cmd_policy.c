// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 23, Enhanced Authorization: the policy commands.
 *
 * Each command adds its condition to the policyDigest of a policy session
 * (with the session's hash H):
 *
 *   policyDigest = H(policyDigest || TPM_CC || arguments)
 *
 * and, in a real (not trial) policy session, first checks the condition
 * holds now or records what a later command must satisfy (cpHash, command
 * code, locality, authValue...). The authorizations of PolicySigned and
 * PolicySecret add the Name of the authorizing entity and a policyRef:
 *
 *   policyDigest = H(H(policyDigest || TPM_CC || Name) || policyRef)
 *
 * and may return a ticket that PolicyTicket later takes in their place.
 * The tickets are this TPM's own:
 *
 *   HMAC-SHA256(proof of the hierarchy, tag || timeout || [epoch] ||
 *		 cpHashA || policyRef || authName)
 *
 * where epoch, the power-on epoch, is there when the timeout counts from a
 * session's nonceTPM, in TPM Time that starts again at each _TPM_Init; the
 * returned timeout says so in its bit 63.
 */
#include "keys.h"
#include "pcr.h"
#include "session.h"

/* Bit 63 of a TPM2B_TIMEOUT: the ticket is only good in its epoch. */
#define TPM2E_TIMEOUT_ON_RESET	0x8000000000000000ULL

/* Most pieces one policy hash takes */
#define TPM2E_POLICY_MAX_PARTS	8

/* One piece of the data hashed into a digest */
struct tpm2_part {
	const void *p;
	u32 n;
};

/* @out = H(@parts...) */
static int tpm2_policy_hash(struct tpm2_engine *e,
			    const struct tpm2_hash_alg *h,
			    const struct tpm2_part *parts, unsigned int n,
			    u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	unsigned int i;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	for (i = 0; i < n && !rc; i++)
		if (parts[i].n)
			rc = tpm2_plat_hash_update(ctx, parts[i].p, parts[i].n);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/* policyDigest = H(policyDigest || @cc || @parts...) */
static u32 tpm2_policy_extend(struct tpm2_engine *e, struct tpm2_session *s,
			      u32 cc, const struct tpm2_part *parts,
			      unsigned int n)
{
	struct tpm2_part all[TPM2E_POLICY_MAX_PARTS];
	u8 code[4];
	unsigned int i;

	if (n > TPM2E_POLICY_MAX_PARTS - 2)
		return TPM2E_RC_FAILURE;
	put_unaligned_be32(cc, code);
	all[0] = (struct tpm2_part){ s->digest, s->hash->size };
	all[1] = (struct tpm2_part){ code, sizeof(code) };
	for (i = 0; i < n; i++)
		all[i + 2] = parts[i];
	return tpm2_rc_errno(tpm2_policy_hash(e, s->hash, all, n + 2,
					      s->digest));
}

/**
 * tpm2_policy_extend_data() - extend a policy session's policyDigest
 * @e: engine
 * @s: a policy or trial session
 * @cc: the policy command's code
 * @a: first data, or NULL
 * @a_size: its bytes
 * @b: second data, or NULL
 * @b_size: its bytes
 *
 * policyDigest = H(policyDigest || @cc || @a || @b), with the session's
 * hash: the update of TPM2_PolicyNV (args, nvIndexName) and
 * TPM2_PolicyAuthorizeNV (nvIndexName).
 *
 * Return: TPM_RC_SUCCESS or a platform error.
 */
u32 tpm2_policy_extend_data(struct tpm2_engine *e, struct tpm2_session *s,
			    u32 cc, const u8 *a, u16 a_size, const u8 *b,
			    u16 b_size)
{
	struct tpm2_part p[2] = { { a, a_size }, { b, b_size } };

	return tpm2_policy_extend(e, s, cc, p, 2);
}

/* PolicyUpdate() of Part 3: the Name, then always the policyRef */
static u32 tpm2_policy_update(struct tpm2_engine *e, struct tpm2_session *s,
			      u32 cc, const u8 *name, u16 name_size,
			      const u8 *ref, u16 ref_size)
{
	struct tpm2_part p[2] = { { name, name_size } };
	u32 rc;

	rc = tpm2_policy_extend(e, s, cc, p, 1);
	if (rc)
		return rc;
	p[0] = (struct tpm2_part){ s->digest, s->hash->size };
	p[1] = (struct tpm2_part){ ref, ref_size };
	return tpm2_rc_errno(tpm2_policy_hash(e, s->hash, p, 2, s->digest));
}

static bool tpm2_is_trial(const struct tpm2_session *s)
{
	return s->type == TPM2E_SE_TRIAL;
}

/*
 * The policy session a handle names; the handle area let only loaded
 * policy and trial sessions through.
 */
static struct tpm2_session *tpm2_policy_session(struct tpm2_engine *e,
						const struct tpm2_cmd *c,
						unsigned int n)
{
	return tpm2_session_get(e, c->handles[n]);
}

/*
 * May a cpHash be recorded: the session holds none, or the same one (not
 * a nameHash or templateHash)?
 */
static bool tpm2_cp_hash_fits(const struct tpm2_session *s, const u8 *cp,
			      u16 size)
{
	if (!s->cp_hash_size)
		return true;
	return (s->flags & TPM2E_SF_CP_HASH) && s->cp_hash_size == size &&
	       !memcmp(s->cp_hash, cp, size);
}

/* The TPM Time (ms) an authorization expires at; 0 for never */
static u64 tpm2_auth_timeout(const struct tpm2_session *s, s32 expiration,
			     bool nonce)
{
	u64 t;

	if (!expiration)
		return 0;
	t = (u64)(expiration < 0 ? -(s64)expiration : expiration) * 1000;
	/* Without nonceTPM the expiration is absolute TPM Time (seconds). */
	return nonce ? t + s->start_time : t;
}

/*
 * PolicyParameterChecks() of Part 3: nonceTPM, the time limit and cpHashA
 * of PolicySigned, PolicySecret and PolicyTicket; @p_* number their
 * parameters.
 */
static u32 tpm2_policy_check_params(struct tpm2_engine *e,
				    const struct tpm2_session *s, u64 timeout,
				    const u8 *cp, u16 cp_size, const u8 *nonce,
				    u16 nonce_size, unsigned int p_nonce,
				    unsigned int p_cp, unsigned int p_exp)
{
	if (nonce_size &&
	    (nonce_size != s->nonce_size ||
	     tpm2_plat_memneq(nonce, s->nonce_tpm, nonce_size)))
		return tpm2_rc_param(TPM2E_RC_NONCE, p_nonce);
	if (timeout &&
	    (timeout < tpm2_time_now(e) || s->epoch != e->power_epoch))
		return tpm2_rc_param(TPM2E_RC_EXPIRED, p_exp);
	if (cp_size) {
		if (cp_size != s->hash->size)
			return tpm2_rc_param(TPM2E_RC_SIZE, p_cp);
		if (!tpm2_cp_hash_fits(s, cp, cp_size))
			return TPM2E_RC_CPHASH;
	}
	return TPM2E_RC_SUCCESS;
}

/* PolicyContextUpdate() of Part 3 */
static u32 tpm2_policy_context_update(struct tpm2_engine *e,
				      struct tpm2_session *s, u32 cc,
				      const u8 *name, u16 name_size,
				      const u8 *ref, u16 ref_size,
				      const u8 *cp, u16 cp_size, u64 timeout)
{
	u32 rc;

	rc = tpm2_policy_update(e, s, cc, name, name_size, ref, ref_size);
	if (rc)
		return rc;
	if (cp_size) {
		memcpy(s->cp_hash, cp, cp_size);
		s->cp_hash_size = cp_size;
		s->flags |= TPM2E_SF_CP_HASH;
	}
	if (timeout && (!s->timeout || s->timeout > timeout))
		s->timeout = timeout;
	return TPM2E_RC_SUCCESS;
}

/*
 * The HMAC of a TPMT_TK_AUTH (see the top of this file) into @out;
 * TPM_RC_FAILURE for a hierarchy without a proof.
 */
static u32 tpm2_auth_ticket(struct tpm2_engine *e, u16 tag, u32 hierarchy,
			    u64 timeout, bool on_reset, const u8 *cp,
			    u16 cp_size, const u8 *ref, u16 ref_size,
			    const u8 *name, u16 name_size, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, hierarchy);
	u8 hdr[2 + 8 + 4];
	u32 hdr_size = 2 + 8;
	int rc;

	if (!proof)
		return TPM2E_RC_FAILURE;
	put_unaligned_be16(tag, hdr);
	put_unaligned_be64(timeout, hdr + 2);
	if (on_reset) {
		put_unaligned_be32(e->power_epoch, hdr + hdr_size);
		hdr_size += 4;
	}
	rc = tpm2_plat_hmac_init(e->crypto, ctx, TPM2_PLAT_SHA256, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return TPM2E_RC_FAILURE;
	rc = tpm2_plat_hash_update(ctx, hdr, hdr_size);
	if (!rc && cp_size)
		rc = tpm2_plat_hash_update(ctx, cp, cp_size);
	if (!rc && ref_size)
		rc = tpm2_plat_hash_update(ctx, ref, ref_size);
	if (!rc && name_size)
		rc = tpm2_plat_hash_update(ctx, name, name_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	return tpm2_plat_hash_final(ctx, out) ? TPM2E_RC_FAILURE :
						TPM2E_RC_SUCCESS;
}

/*
 * The timeout and ticket of PolicySigned and PolicySecret: a real one for
 * a negative expiration in a policy session, else the null ticket.
 */
static u32 tpm2_policy_auth_result(struct tpm2_engine *e,
				   const struct tpm2_session *s, u16 tag,
				   u32 hierarchy,
				   const struct tpm2_policy_auth_in *a,
				   u64 timeout, const u8 *name, u16 name_size,
				   struct tpm2_policy_auth_out *o)
{
	bool on_reset = a->nonce_size != 0;
	u32 rc;

	o->timeout_size = 0;
	o->ticket.tag = tag;
	o->ticket.hierarchy = TPM2E_RH_NULL;
	o->ticket.size = 0;
	if (a->expiration >= 0 || tpm2_is_trial(s) ||
	    !tpm2_hierarchy_proof(e, hierarchy))
		return TPM2E_RC_SUCCESS;
	rc = tpm2_auth_ticket(e, tag, hierarchy, timeout, on_reset,
			      a->cp_hash, a->cp_hash_size, a->ref, a->ref_size,
			      name, name_size, o->ticket.digest);
	if (rc)
		return rc;
	o->ticket.hierarchy = hierarchy;
	o->ticket.size = 32;
	put_unaligned_be64(timeout | (on_reset ? TPM2E_TIMEOUT_ON_RESET : 0),
			   o->timeout);
	o->timeout_size = TPM2E_POLICY_TIMEOUT_SIZE;
	return TPM2E_RC_SUCCESS;
}

/* nonceTPM, cpHashA, policyRef, expiration */
static u32 tpm2_rd_policy_auth(struct tpm2_rd *rd, struct tpm2_policy_auth_in *a)
{
	u32 exp;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, a->nonce, sizeof(a->nonce), &a->nonce_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, a->cp_hash, sizeof(a->cp_hash),
			   &a->cp_hash_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, a->ref, sizeof(a->ref), &a->ref_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	rc = tpm2_rd_u32(rd, &exp);
	a->expiration = (s32)exp;
	return tpm2_rc_param(rc, 4);
}

u32 tpm2_policy_signed_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_policy_signed_in *i = &in->policy_signed;
	u32 rc;

	rc = tpm2_rd_policy_auth(rd, &i->a);
	if (rc)
		return rc;
	return tpm2_rc_param(tpm2_rd_signature(rd, &i->sig), 5);
}

/* H_sig(nonceTPM || expiration || cpHashA || policyRef) */
static int tpm2_policy_signed_ahash(struct tpm2_engine *e,
				    const struct tpm2_hash_alg *h,
				    const struct tpm2_policy_auth_in *a,
				    u8 *out)
{
	u8 exp[4];
	struct tpm2_part p[4] = {
		{ a->nonce, a->nonce_size },
		{ exp, sizeof(exp) },
		{ a->cp_hash, a->cp_hash_size },
		{ a->ref, a->ref_size },
	};

	put_unaligned_be32((u32)a->expiration, exp);
	return tpm2_policy_hash(e, h, p, ARRAY_SIZE(p), out);
}

/* The signature check of PolicySigned */
static u32 tpm2_policy_check_signature(struct tpm2_engine *e,
				       const struct tpm2_object *obj,
				       const struct tpm2_policy_signed_in *i)
{
	const struct tpm2_public *p = &obj->key.pub;
	u8 ahash[TPM2E_MAX_DIGEST_SIZE];
	const struct tpm2_hash_alg *h;
	int rc;

	if (!tpm2_sig_alg_fits(p->type, i->sig.alg))
		return tpm2_rc_param(TPM2E_RC_SCHEME, 5);
	h = tpm2_hash_find(i->sig.hash);
	if (!h)
		return tpm2_rc_param(TPM2E_RC_HASH, 5);
	rc = tpm2_policy_signed_ahash(e, h, &i->a, ahash);
	if (rc)
		return tpm2_rc_errno(rc);
	rc = tpm2_verify_digest(e, &obj->key, ahash, h->size, &i->sig);
	if (rc == -EBADMSG || rc == -EINVAL)
		return tpm2_rc_param(TPM2E_RC_SIGNATURE, 5);
	return tpm2_rc_errno(rc);
}

u32 tpm2_policy_signed_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_policy_signed_in *i = &in->policy_signed;
	const struct tpm2_policy_auth_in *a = &i->a;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_session *s = tpm2_policy_session(e, c, 1);
	u8 name[TPM2E_MAX_NAME];
	u64 timeout = 0;
	u16 name_size;
	u32 rc;

	if (!obj || !s)
		return TPM2E_RC_FAILURE;
	if (!tpm2_is_trial(s)) {
		const struct tpm2_public *p = &obj->key.pub;

		if (obj->kind != TPM2E_OBJ_KEY || !(p->attrs & TPM2E_OA_SIGN))
			return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
		/* An HMAC is checked with the key itself. */
		if (p->type == TPM2E_ALG_KEYEDHASH && obj->key.public_only)
			return tpm2_rc_handle(TPM2E_RC_HANDLE, 1);
		timeout = tpm2_auth_timeout(s, a->expiration, a->nonce_size);
		rc = tpm2_policy_check_params(e, s, timeout, a->cp_hash,
					      a->cp_hash_size, a->nonce,
					      a->nonce_size, 1, 2, 4);
		if (rc)
			return rc;
		rc = tpm2_policy_check_signature(e, obj, i);
		if (rc)
			return rc;
	}
	tpm2_entity_name(e, c->handles[0], name, &name_size);
	rc = tpm2_policy_context_update(e, s, TPM2E_CC_POLICY_SIGNED, name,
					name_size, a->ref, a->ref_size,
					a->cp_hash, a->cp_hash_size, timeout);
	if (rc)
		return rc;
	return tpm2_policy_auth_result(e, s, TPM2E_ST_AUTH_SIGNED,
				       obj->hierarchy, a, timeout, name,
				       name_size, &out->policy_auth);
}

u32 tpm2_policy_secret_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rd_policy_auth(rd, &in->policy_secret);
}

/* The authorization of authHandle was checked before. */
u32 tpm2_policy_secret_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_policy_auth_in *a = &in->policy_secret;
	struct tpm2_session *s = tpm2_policy_session(e, c, 1);
	u8 name[TPM2E_MAX_NAME];
	u64 timeout = 0;
	u16 name_size;
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	if (!tpm2_is_trial(s)) {
		timeout = tpm2_auth_timeout(s, a->expiration, a->nonce_size);
		rc = tpm2_policy_check_params(e, s, timeout, a->cp_hash,
					      a->cp_hash_size, a->nonce,
					      a->nonce_size, 1, 2, 4);
		if (rc)
			return rc;
	}
	tpm2_entity_name(e, c->handles[0], name, &name_size);
	rc = tpm2_policy_context_update(e, s, TPM2E_CC_POLICY_SECRET, name,
					name_size, a->ref, a->ref_size,
					a->cp_hash, a->cp_hash_size, timeout);
	if (rc)
		return rc;
	return tpm2_policy_auth_result(e, s, TPM2E_ST_AUTH_SECRET,
				       tpm2_entity_hierarchy(e, c->handles[0]),
				       a, timeout, name, name_size,
				       &out->policy_auth);
}

void tpm2_policy_auth_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr)
{
	const struct tpm2_policy_auth_out *o = &out->policy_auth;

	tpm2_wr_tpm2b(wr, o->timeout, o->timeout_size);
	tpm2_wr_u16(wr, o->ticket.tag);
	tpm2_wr_u32(wr, o->ticket.hierarchy);
	tpm2_wr_tpm2b(wr, o->ticket.digest, o->ticket.size);
}

/* TPMT_TK_AUTH (@verified false) or TPMT_TK_VERIFIED */
static u32 tpm2_rd_policy_ticket(struct tpm2_rd *rd,
				 struct tpm2_policy_ticket *t, bool verified)
{
	u32 rc;

	rc = tpm2_rd_u16(rd, &t->tag);
	if (rc)
		return rc;
	if (verified && t->tag != TPM2E_ST_VERIFIED)
		return TPM2E_RC_TAG;
	if (!verified && t->tag != TPM2E_ST_AUTH_SIGNED &&
	    t->tag != TPM2E_ST_AUTH_SECRET)
		return TPM2E_RC_VALUE;
	rc = tpm2_rd_hierarchy(rd, &t->hierarchy);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, t->digest, sizeof(t->digest), &t->size);
	return rc;
}

u32 tpm2_policy_ticket_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_policy_ticket_in *i = &in->policy_ticket;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->timeout, sizeof(i->timeout),
			   &i->timeout_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->cp_hash, sizeof(i->cp_hash),
			   &i->cp_hash_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, i->ref, sizeof(i->ref), &i->ref_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	rc = tpm2_rd_tpm2b(rd, i->name, sizeof(i->name), &i->name_size);
	if (rc)
		return tpm2_rc_param(rc, 4);
	return tpm2_rc_param(tpm2_rd_policy_ticket(rd, &i->ticket, false), 5);
}

u32 tpm2_policy_ticket_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_policy_ticket_in *i = &in->policy_ticket;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	bool on_reset;
	u64 timeout;
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	/* A trial policy takes the authorization itself, not its ticket. */
	if (tpm2_is_trial(s))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if (i->timeout_size != TPM2E_POLICY_TIMEOUT_SIZE)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	timeout = get_unaligned_be64(i->timeout);
	on_reset = timeout & TPM2E_TIMEOUT_ON_RESET;
	timeout &= ~TPM2E_TIMEOUT_ON_RESET;
	rc = tpm2_policy_check_params(e, s, timeout, i->cp_hash,
				      i->cp_hash_size, NULL, 0, 0, 2, 1);
	if (rc)
		return rc;
	if (!tpm2_hierarchy_proof(e, i->ticket.hierarchy) ||
	    i->ticket.size != 32)
		return tpm2_rc_param(TPM2E_RC_TICKET, 5);
	rc = tpm2_auth_ticket(e, i->ticket.tag, i->ticket.hierarchy, timeout,
			      on_reset, i->cp_hash, i->cp_hash_size, i->ref,
			      i->ref_size, i->name, i->name_size, mac);
	if (rc)
		return rc;
	rc = tpm2_plat_memneq(mac, i->ticket.digest, 32) ?
	     tpm2_rc_param(TPM2E_RC_TICKET, 5) : TPM2E_RC_SUCCESS;
	tpm2_plat_zeroize(mac, sizeof(mac));
	if (rc)
		return rc;
	return tpm2_policy_context_update(e, s,
					  i->ticket.tag == TPM2E_ST_AUTH_SIGNED ?
					  TPM2E_CC_POLICY_SIGNED :
					  TPM2E_CC_POLICY_SECRET,
					  i->name, i->name_size, i->ref,
					  i->ref_size, i->cp_hash,
					  i->cp_hash_size, timeout);
}

/* TPML_DIGEST of 2 to 8 digests */
u32 tpm2_policy_or_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_policy_or_in *i = &in->policy_or;
	u32 rc, n;

	rc = tpm2_rd_u32(rd, &i->count);
	if (!rc && (i->count < TPM2E_POLICY_OR_MIN ||
		    i->count > TPM2E_POLICY_OR_MAX))
		rc = TPM2E_RC_SIZE;
	for (n = 0; !rc && n < i->count; n++)
		rc = tpm2_rd_tpm2b(rd, i->digests[n], sizeof(i->digests[n]),
				   &i->sizes[n]);
	return tpm2_rc_param(rc, 1);
}

u32 tpm2_policy_or_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_policy_or_in *i = &in->policy_or;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	bool found = false;
	u8 code[4];
	u32 n;
	int rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	for (n = 0; n < i->count; n++)
		if (i->sizes[n] == s->hash->size &&
		    !memcmp(i->digests[n], s->digest, s->hash->size))
			found = true;
	if (!found && !tpm2_is_trial(s))
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	/* H(zeros || TPM_CC_PolicyOR || digest 1 || ... || digest n) */
	memset(s->digest, 0, sizeof(s->digest));
	put_unaligned_be32(TPM2E_CC_POLICY_OR, code);
	rc = tpm2_plat_hash_init(e->crypto, ctx, s->hash->plat);
	if (rc)
		return tpm2_rc_errno(rc);
	rc = tpm2_plat_hash_update(ctx, s->digest, s->hash->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, code, sizeof(code));
	for (n = 0; n < i->count && !rc; n++)
		if (i->sizes[n])
			rc = tpm2_plat_hash_update(ctx, i->digests[n],
						   i->sizes[n]);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return tpm2_rc_errno(rc);
	}
	return tpm2_rc_errno(tpm2_plat_hash_final(ctx, s->digest));
}

u32 tpm2_policy_pcr_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_policy_pcr_in *i = &in->policy_pcr;
	struct tpm2_pcr_selection_list l;
	struct tpm2_rd start;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest), &i->digest_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	start = *rd;
	rc = tpm2_rd_pcr_selection_list(rd, &l);
	if (rc)
		return tpm2_rc_param(rc, 2);
	/* Kept as marshaled: the policy hashes these very bytes. */
	if (start.left - rd->left > sizeof(i->pcrs))
		return tpm2_rc_param(TPM2E_RC_SIZE, 2);
	i->pcrs_size = start.left - rd->left;
	memcpy(i->pcrs, start.p, i->pcrs_size);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_pcr_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_policy_pcr_in *i = &in->policy_pcr;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	struct tpm2_pcr_selection_list l;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_part p[2];
	u16 digest_size;
	struct tpm2_rd rd;
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	tpm2_rd_init(&rd, i->pcrs, i->pcrs_size);
	if (tpm2_rd_pcr_selection_list(&rd, &l))
		return TPM2E_RC_FAILURE;
	rc = tpm2_rc_errno(tpm2_pcr_digest(e, &l, s->hash, digest));
	if (rc)
		return rc;
	digest_size = s->hash->size;
	if (!tpm2_is_trial(s)) {
		if ((s->flags & TPM2E_SF_PCR) &&
		    s->pcr_counter != e->pcr_counter)
			return TPM2E_RC_PCR_CHANGED;
		if (i->digest_size &&
		    (i->digest_size != digest_size ||
		     memcmp(i->digest, digest, digest_size)))
			return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	} else if (i->digest_size) {
		/* A trial policy may name PCR values other than these. */
		memcpy(digest, i->digest, i->digest_size);
		digest_size = i->digest_size;
	}
	p[0] = (struct tpm2_part){ i->pcrs, i->pcrs_size };
	p[1] = (struct tpm2_part){ digest, digest_size };
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_PCR, p, 2);
	if (rc)
		return rc;
	if (!tpm2_is_trial(s)) {
		s->pcr_counter = e->pcr_counter;
		s->flags |= TPM2E_SF_PCR;
	}
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_locality_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	u8 v;
	u32 rc;

	rc = tpm2_rd_u8(rd, &v);
	in->policy_value.v = v;
	return tpm2_rc_param(rc, 1);
}

/*
 * Localities 0-4 as a bit field, or one extended locality (32-255); a
 * policy narrows the former and may not mix the two kinds.
 */
u32 tpm2_policy_locality_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 loc = in->policy_value.v;
	struct tpm2_part p = { &loc, 1 };
	bool extended = loc >= 32, was_extended;
	u8 prev, next;
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	prev = s->locality;
	was_extended = prev >= 32;
	if (!loc || (prev && extended != was_extended))
		return tpm2_rc_param(TPM2E_RC_RANGE, 1);
	if (!extended) {
		next = (prev ? prev : 0x1F) & loc;
		if (!next)
			return tpm2_rc_param(TPM2E_RC_RANGE, 1);
	} else {
		if (prev && prev != loc)
			return tpm2_rc_param(TPM2E_RC_RANGE, 1);
		next = loc;
	}
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_LOCALITY, &p, 1);
	if (!rc)
		s->locality = next;
	return rc;
}

/**
 * tpm2_policy_compare() - the comparison of PolicyCounterTimer and PolicyNV
 * @operation: TPM_EO
 * @a: operand A: bytes of the TPM's data, big-endian
 * @b: operand B: the caller's, as many bytes
 * @size: bytes in each
 *
 * Signed comparisons take each operand as a two's complement number of
 * @size bytes.
 *
 * Return: true when "A operation B" holds; false for an unknown operation.
 */
bool tpm2_policy_compare(u16 operation, const u8 *a, const u8 *b, u16 size)
{
	int ucmp = size ? memcmp(a, b, size) : 0;
	int scmp = ucmp;
	u16 n;

	/* Different signs: the negative one is the lesser. */
	if (size && ((a[0] ^ b[0]) & 0x80))
		scmp = (a[0] & 0x80) ? -1 : 1;
	switch (operation) {
	case TPM2E_EO_EQ:
		return !ucmp;
	case TPM2E_EO_NEQ:
		return ucmp;
	case TPM2E_EO_SIGNED_GT:
		return scmp > 0;
	case TPM2E_EO_UNSIGNED_GT:
		return ucmp > 0;
	case TPM2E_EO_SIGNED_LT:
		return scmp < 0;
	case TPM2E_EO_UNSIGNED_LT:
		return ucmp < 0;
	case TPM2E_EO_SIGNED_GE:
		return scmp >= 0;
	case TPM2E_EO_UNSIGNED_GE:
		return ucmp >= 0;
	case TPM2E_EO_SIGNED_LE:
		return scmp <= 0;
	case TPM2E_EO_UNSIGNED_LE:
		return ucmp <= 0;
	case TPM2E_EO_BITSET:
		for (n = 0; n < size; n++)
			if ((a[n] & b[n]) != b[n])
				return false;
		return true;
	case TPM2E_EO_BITCLEAR:
		for (n = 0; n < size; n++)
			if (a[n] & b[n])
				return false;
		return true;
	}
	return false;
}

u32 tpm2_policy_counter_timer_unmarshal(struct tpm2_rd *rd,
					union tpm2_cmd_in *in)
{
	struct tpm2_policy_counter_timer_in *i = &in->policy_counter_timer;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->operand, sizeof(i->operand),
			   &i->operand_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_u16(rd, &i->offset);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_u16(rd, &i->operation);
	if (!rc && i->operation >= TPM2E_NR_EO)
		rc = TPM2E_RC_VALUE;
	return tpm2_rc_param(rc, 3);
}

/* TPMS_TIME_INFO as marshaled, as TPM2_ReadClock would return it now */
static void tpm2_time_info(struct tpm2_engine *e, struct tpm2_cmd *c,
			   union tpm2_cmd_out *out, u8 *info)
{
	struct tpm2_wr wr;

	tpm2_read_clock_exec(e, c, NULL, out);
	tpm2_wr_init(&wr, info, TPM2E_TIME_INFO_SIZE);
	tpm2_read_clock_marshal(out, &wr);
}

u32 tpm2_policy_counter_timer_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				   const union tpm2_cmd_in *in,
				   union tpm2_cmd_out *out)
{
	const struct tpm2_policy_counter_timer_in *i = &in->policy_counter_timer;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 info[TPM2E_TIME_INFO_SIZE];
	u8 args[TPM2E_MAX_DIGEST_SIZE];
	u8 tail[4];
	struct tpm2_part p[2] = {
		{ i->operand, i->operand_size },
		{ tail, sizeof(tail) },
	};
	int rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	if (!tpm2_is_trial(s)) {
		if ((u32)i->offset + i->operand_size > TPM2E_TIME_INFO_SIZE)
			return tpm2_rc_param(TPM2E_RC_RANGE, 2);
		tpm2_time_info(e, c, out, info);
		if (!tpm2_policy_compare(i->operation, info + i->offset,
					 i->operand, i->operand_size))
			return TPM2E_RC_POLICY;
	}
	/* args = H(operandB || offset || operation) */
	put_unaligned_be16(i->offset, tail);
	put_unaligned_be16(i->operation, tail + 2);
	rc = tpm2_policy_hash(e, s->hash, p, ARRAY_SIZE(p), args);
	if (rc)
		return tpm2_rc_errno(rc);
	p[0] = (struct tpm2_part){ args, s->hash->size };
	return tpm2_policy_extend(e, s, TPM2E_CC_POLICY_COUNTER_TIMER, p, 1);
}

u32 tpm2_policy_command_code_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_u32(rd, &in->policy_value.v), 1);
}

u32 tpm2_policy_command_code_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u32 code = in->policy_value.v;
	u8 be[4];
	struct tpm2_part p = { be, sizeof(be) };
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	if (s->command_code && s->command_code != code)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	if (!tpm2_cmd_lookup(code))
		return tpm2_rc_param(TPM2E_RC_POLICY_CC, 1);
	put_unaligned_be32(code, be);
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_COMMAND_CODE, &p, 1);
	if (!rc)
		s->command_code = code;
	return rc;
}

u32 tpm2_policy_physical_presence_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_PHYSICAL_PRESENCE,
				NULL, 0);
	if (!rc)
		s->flags |= TPM2E_SF_PP;
	return rc;
}

u32 tpm2_policy_digest_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_policy_digest_in *i = &in->policy_digest;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest),
					   &i->size), 1);
}

/* Record a cpHash, nameHash or templateHash (@flag) and extend by it. */
static u32 tpm2_policy_set_cp_hash(struct tpm2_engine *e,
				   struct tpm2_session *s, u32 cc,
				   const struct tpm2_policy_digest_in *i,
				   u32 flag)
{
	struct tpm2_part p = { i->digest, i->size };
	u32 rc;

	rc = tpm2_policy_extend(e, s, cc, &p, 1);
	if (rc)
		return rc;
	memcpy(s->cp_hash, i->digest, i->size);
	s->cp_hash_size = i->size;
	s->flags |= flag;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_cp_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	const struct tpm2_policy_digest_in *i = &in->policy_digest;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);

	if (!s)
		return TPM2E_RC_FAILURE;
	if (i->size != s->hash->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (!tpm2_cp_hash_fits(s, i->digest, i->size))
		return TPM2E_RC_CPHASH;
	return tpm2_policy_set_cp_hash(e, s, TPM2E_CC_POLICY_CP_HASH, i,
				       TPM2E_SF_CP_HASH);
}

u32 tpm2_policy_name_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out)
{
	const struct tpm2_policy_digest_in *i = &in->policy_digest;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);

	if (!s)
		return TPM2E_RC_FAILURE;
	if (i->size != s->hash->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (s->cp_hash_size)
		return TPM2E_RC_CPHASH;
	return tpm2_policy_set_cp_hash(e, s, TPM2E_CC_POLICY_NAME_HASH, i,
				       TPM2E_SF_NAME_HASH);
}

u32 tpm2_policy_template_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	const struct tpm2_policy_digest_in *i = &in->policy_digest;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);

	if (!s)
		return TPM2E_RC_FAILURE;
	if (s->flags & TPM2E_SF_TEMPLATE) {
		if (i->size != s->cp_hash_size ||
		    memcmp(i->digest, s->cp_hash, i->size))
			return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	} else if (s->cp_hash_size) {
		return TPM2E_RC_CPHASH;
	}
	if (i->size != s->hash->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	return tpm2_policy_set_cp_hash(e, s, TPM2E_CC_POLICY_TEMPLATE, i,
				       TPM2E_SF_TEMPLATE);
}

u32 tpm2_policy_dup_select_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in)
{
	struct tpm2_policy_dup_select_in *i = &in->policy_dup_select;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->object, sizeof(i->object), &i->object_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->parent, sizeof(i->parent), &i->parent_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_yes_no(rd, &i->include), 3);
}

u32 tpm2_policy_dup_select_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	const struct tpm2_policy_dup_select_in *i = &in->policy_dup_select;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 name_hash[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_part p[3] = {
		{ i->object, i->object_size },
		{ i->parent, i->parent_size },
	};
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	if (s->cp_hash_size)
		return TPM2E_RC_CPHASH;
	if (s->command_code)
		return TPM2E_RC_COMMAND_CODE;
	/* nameHash = H(objectName || newParentName) */
	rc = tpm2_rc_errno(tpm2_policy_hash(e, s->hash, p, 2, name_hash));
	if (rc)
		return rc;
	/* ... || [objectName] || newParentName || includeObject */
	if (!i->include)
		p[0].n = 0;
	p[2] = (struct tpm2_part){ &i->include, 1 };
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_DUPLICATION_SELECT, p,
				3);
	if (rc)
		return rc;
	memcpy(s->cp_hash, name_hash, s->hash->size);
	s->cp_hash_size = s->hash->size;
	s->flags |= TPM2E_SF_NAME_HASH;
	s->command_code = TPM2E_CC_DUPLICATE;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_authorize_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in)
{
	struct tpm2_policy_authorize_in *i = &in->policy_authorize;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->approved, sizeof(i->approved),
			   &i->approved_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->ref, sizeof(i->ref), &i->ref_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, i->key, sizeof(i->key), &i->key_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_policy_ticket(rd, &i->ticket, true), 4);
}

/*
 * The policy approvedPolicy stands for, once keySign's signature of
 * H(approvedPolicy || policyRef) was verified (checkTicket).
 */
u32 tpm2_policy_authorize_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out)
{
	const struct tpm2_policy_authorize_in *i = &in->policy_authorize;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 ahash[TPM2E_MAX_DIGEST_SIZE], mac[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_part p[2] = {
		{ i->approved, i->approved_size },
		{ i->ref, i->ref_size },
	};
	const struct tpm2_hash_alg *h;
	u16 mac_size;
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	/* keySign is the Name of a key: nameAlg || digest */
	if (i->key_size < 2)
		return tpm2_rc_param(TPM2E_RC_SIZE, 3);
	h = tpm2_hash_find(get_unaligned_be16(i->key));
	if (!h)
		return tpm2_rc_param(TPM2E_RC_HASH, 3);
	if (i->key_size - 2 != h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 3);
	if (!tpm2_is_trial(s)) {
		if (i->approved_size != s->hash->size ||
		    memcmp(i->approved, s->digest, s->hash->size))
			return tpm2_rc_param(TPM2E_RC_VALUE, 1);
		rc = tpm2_rc_errno(tpm2_policy_hash(e, h, p, 2, ahash));
		if (rc)
			return rc;
		rc = tpm2_verified_ticket_digest(e, i->ticket.hierarchy, ahash,
						 h->size, i->key, i->key_size,
						 mac, &mac_size);
		if (rc)
			return rc;
		if (!mac_size || mac_size != i->ticket.size ||
		    tpm2_plat_memneq(mac, i->ticket.digest, mac_size))
			rc = tpm2_rc_param(TPM2E_RC_VALUE, 4);
		tpm2_plat_zeroize(mac, sizeof(mac));
		if (rc)
			return rc;
	}
	memset(s->digest, 0, sizeof(s->digest));
	return tpm2_policy_update(e, s, TPM2E_CC_POLICY_AUTHORIZE, i->key,
				  i->key_size, i->ref, i->ref_size);
}

u32 tpm2_policy_auth_value_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_AUTH_VALUE, NULL, 0);
	if (rc)
		return rc;
	s->flags |= TPM2E_SF_AUTH_VALUE;
	s->flags &= ~TPM2E_SF_PASSWORD;
	return TPM2E_RC_SUCCESS;
}

/* The same policy as PolicyAuthValue; only the session's HMAC differs. */
u32 tpm2_policy_password_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_AUTH_VALUE, NULL, 0);
	if (rc)
		return rc;
	s->flags |= TPM2E_SF_PASSWORD;
	s->flags &= ~TPM2E_SF_AUTH_VALUE;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_get_digest_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	struct tpm2_policy_get_digest_out *o = &out->policy_get_digest;
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);

	if (!s)
		return TPM2E_RC_FAILURE;
	o->size = s->hash->size;
	memcpy(o->digest, s->digest, o->size);
	return TPM2E_RC_SUCCESS;
}

void tpm2_policy_get_digest_marshal(const union tpm2_cmd_out *out,
				    struct tpm2_wr *wr)
{
	const struct tpm2_policy_get_digest_out *o = &out->policy_get_digest;

	tpm2_wr_tpm2b(wr, o->digest, o->size);
}

u32 tpm2_policy_nv_written_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in)
{
	u8 v;
	u32 rc;

	rc = tpm2_rd_yes_no(rd, &v);
	in->policy_value.v = v;
	return tpm2_rc_param(rc, 1);
}

u32 tpm2_policy_nv_written_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);
	u8 set = in->policy_value.v;
	struct tpm2_part p = { &set, 1 };
	u32 rc;

	if (!s)
		return TPM2E_RC_FAILURE;
	if ((s->flags & TPM2E_SF_NV_WRITTEN) &&
	    !(s->flags & TPM2E_SF_NV_WRITTEN_SET) != !set)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	rc = tpm2_policy_extend(e, s, TPM2E_CC_POLICY_NV_WRITTEN, &p, 1);
	if (rc)
		return rc;
	s->flags |= TPM2E_SF_NV_WRITTEN;
	if (set)
		s->flags |= TPM2E_SF_NV_WRITTEN_SET;
	else
		s->flags &= ~TPM2E_SF_NV_WRITTEN_SET;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_restart_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	struct tpm2_session *s = tpm2_policy_session(e, c, 0);

	if (!s)
		return TPM2E_RC_FAILURE;
	tpm2_policy_reset(e, s);
	return TPM2E_RC_SUCCESS;
}
