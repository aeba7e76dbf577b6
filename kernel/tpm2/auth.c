// SPDX-License-Identifier: GPL-2.0
/*
 * The authorization area of a command and of its response (TPM 2.0 Part 1,
 * "Authorizations" and "Session-based Encryption"). Sessions are parsed and
 * checked in the order the reference implementation checks them; errors
 * name the session by its position (TPM_RC_S + TPM_RC_n).
 *
 * A password (TPM_RS_PW) is compared with the entity's authValue. An HMAC
 * session proves knowledge of it instead:
 *
 *   cpHash = H(commandCode || names of the handles || parameters)
 *   hmac   = HMAC(sessionKey || authValue,
 *                 cpHash || nonceCaller || nonceTPM || [nonceTPM of a
 *                 separate decrypt session] || [... of a separate encrypt
 *                 session] || sessionAttributes)
 *
 * and the response carries, with a fresh nonceTPM,
 *
 *   rpHash = H(responseCode || commandCode || parameters)
 *   hmac   = HMAC(sessionKey || authValue,
 *                 rpHash || nonceTPM || nonceCaller || sessionAttributes)
 *
 * The authValue is left out of the key when the session is bound to the
 * very entity it authorizes (the sessionKey already holds it), and for a
 * policy session unless TPM2_PolicyAuthValue asked for it. A policy session
 * is checked against the entity's authPolicy and against every condition
 * the policy commands recorded in it.
 *
 * One session may decrypt the first command parameter and one encrypt the
 * first response parameter (AES-CFB or XOR with a key from sessionKey ||
 * authValue and the two nonces); one HMAC session may audit the command.
 */
#include "keys.h"
#include "object.h"
#include "session.h"

/* An error of a session: format-one codes name it, others cannot. */
static u32 tpm2_rc_safe_session(u32 rc, unsigned int n)
{
	return rc & TPM2E_RC_FMT1 ? tpm2_rc_session(rc, n) : rc;
}

static bool tpm2_session_handle_valid(u32 h)
{
	u32 index = h & ((1U << TPM2E_HT_SHIFT) - 1);

	if (h == TPM2E_RS_PW)
		return true;
	return tpm2_handle_is_session(h) && index < TPM2E_MAX_ACTIVE_SESSIONS;
}

/*
 * The decrypt, encrypt and audit roles of session @n (1-based) of @c:
 * each at most once, only for commands whose first parameter can be
 * encrypted, only with a symmetric algorithm; audit only by HMAC sessions.
 */
static u32 tpm2_session_roles(struct tpm2_engine *e, struct tpm2_cmd *c,
			      struct tpm2_session_in *si, unsigned int n)
{
	const struct tpm2_session *s = si->s;

	if (si->attrs & TPM2E_SA_DECRYPT) {
		if (!(c->desc->flags & TPM2E_CMDF_DECRYPT) ||
		    c->decrypt_idx >= 0)
			return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
		if (s->sym_alg == TPM2E_ALG_NULL)
			return tpm2_rc_session(TPM2E_RC_SYMMETRIC, n);
		c->decrypt_idx = n - 1;
	}
	if (si->attrs & TPM2E_SA_ENCRYPT) {
		if (!(c->desc->flags & TPM2E_CMDF_ENCRYPT) ||
		    c->encrypt_idx >= 0)
			return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
		if (s->sym_alg == TPM2E_ALG_NULL)
			return tpm2_rc_session(TPM2E_RC_SYMMETRIC, n);
		c->encrypt_idx = n - 1;
	}
	if (si->attrs & TPM2E_SA_AUDIT) {
		if (c->audit_idx >= 0 || s->type != TPM2E_SE_HMAC)
			return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
		/*
		 * Only the first use or a reset may claim exclusivity it does
		 * not have.
		 */
		if (!(si->attrs & TPM2E_SA_AUDIT_RESET) &&
		    (s->flags & TPM2E_SF_AUDIT) &&
		    (si->attrs & TPM2E_SA_AUDIT_EXCLUSIVE) &&
		    e->exclusive_audit != si->handle)
			return TPM2E_RC_EXCLUSIVE;
		c->audit_idx = n - 1;
	}
	return TPM2E_RC_SUCCESS;
}

/* One session; @n is its 1-based position, for the response code. */
static u32 tpm2_session_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
			      struct tpm2_session_in *s, struct tpm2_rd *rd,
			      unsigned int n)
{
	const u8 audit = TPM2E_SA_AUDIT | TPM2E_SA_AUDIT_EXCLUSIVE |
		TPM2E_SA_AUDIT_RESET;
	const u8 crypt = TPM2E_SA_ENCRYPT | TPM2E_SA_DECRYPT;
	unsigned int j;
	u32 rc;

	s->auth_handle = -1;
	rc = tpm2_rd_u32(rd, &s->handle);
	if (!rc && !tpm2_session_handle_valid(s->handle))
		rc = TPM2E_RC_VALUE;
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->nonce, sizeof(s->nonce),
				   &s->nonce_size);
	if (!rc) {
		rc = tpm2_rd_u8(rd, &s->attrs);
		if (!rc && (s->attrs & TPM2E_SA_RESERVED))
			rc = TPM2E_RC_RESERVED_BITS;
	}
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->hmac, sizeof(s->hmac),
				   &s->hmac_size);
	if (rc)
		return tpm2_rc_session(rc, n);

	if (s->handle == TPM2E_RS_PW) {
		if (s->attrs & (audit | crypt))
			return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
		if (s->nonce_size)
			return tpm2_rc_session(TPM2E_RC_NONCE, n);
		return TPM2E_RC_SUCCESS;
	}
	s->s = tpm2_session_get(e, s->handle);
	if (!s->s)
		return TPM2E_RC_REFERENCE_S0 + n - 1;
	for (j = 0; j + 1 < n; j++)
		if (c->sessions[j].handle == s->handle)
			return tpm2_rc_session(TPM2E_RC_HANDLE, n);
	return tpm2_session_roles(e, c, s, n);
}

/*
 * A password against the authValue. Trailing zeros are not significant
 * (TPM 2.0 Part 1, authValue), and both are zero-padded to the same size,
 * so one constant-time comparison of the padded buffers decides.
 */
static u32 tpm2_check_password(const struct tpm2_session_in *s)
{
	static_assert(sizeof(s->hmac) == sizeof(s->auth));
	return tpm2_plat_memneq(s->auth, s->hmac, sizeof(s->auth)) ?
	       TPM2E_RC_AUTH_FAIL : TPM2E_RC_SUCCESS;
}

static void tpm2_hash_name(const struct tpm2_engine *e,
			   struct tpm2_plat_hash_ctx *ctx, u32 handle, int *rc)
{
	u8 name[TPM2E_MAX_NAME];
	u16 size;

	if (*rc)
		return;
	tpm2_entity_name(e, handle, name, &size);
	*rc = tpm2_plat_hash_update(ctx, name, size);
}

/**
 * tpm2_phash() - cpHash, nameHash or rpHash of a command
 * @e: engine
 * @c: the command, its handles parsed
 * @h: the hash
 * @response: the rpHash of its response: H(TPM_RC_SUCCESS || commandCode ||
 *	@params)
 * @names_only: the nameHash: H(the Names of its handles)
 * @params: the parameter area (of the command, or of the response)
 * @params_size: its bytes
 * @out: the digest
 *
 * Otherwise the cpHash: H(commandCode || the Names || @params).
 *
 * Return: 0, or a negative errno.
 */
int tpm2_phash(struct tpm2_engine *e, const struct tpm2_cmd *c,
	       const struct tpm2_hash_alg *h, bool response, bool names_only,
	       const u8 *params, u32 params_size, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 hdr[8];
	u32 i;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	if (response) {
		put_unaligned_be32(TPM2E_RC_SUCCESS, hdr);
		put_unaligned_be32(c->cc, hdr + 4);
		rc = tpm2_plat_hash_update(ctx, hdr, 8);
	} else {
		put_unaligned_be32(c->cc, hdr);
		if (!names_only)
			rc = tpm2_plat_hash_update(ctx, hdr, 4);
		for (i = 0; i < c->n_handles; i++)
			tpm2_hash_name(e, ctx, c->handles[i], &rc);
	}
	if (!rc && !names_only)
		rc = tpm2_plat_hash_update(ctx, params, params_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/*
 * Does the HMAC (or the parameter encryption key) of session @si hold the
 * authValue of the entity it authorizes? Not for a session that
 * authorizes nothing, not for a policy session without PolicyAuthValue,
 * not for an HMAC session bound to that entity.
 */
static bool tpm2_hmac_has_auth(const struct tpm2_session_in *si)
{
	const struct tpm2_session *s = si->s;

	if (si->auth_handle < 0)
		return false;
	if (s->type != TPM2E_SE_HMAC)
		return s->flags & TPM2E_SF_AUTH_VALUE;
	return !si->bound;
}

/*
 * The HMAC of a session over a pHash and two nonces, newer first:
 * nonceCaller then nonceTPM for a command, the reverse for a response;
 * then up to two more nonces (@extra). With an empty key, an empty HMAC
 * given makes an empty HMAC (@out_size 0): in a command, or in the response
 * of a policy session (@may_be_empty).
 */
static int tpm2_session_hmac(struct tpm2_engine *e,
			     const struct tpm2_session_in *si,
			     const u8 *phash, const u8 *newer, u16 newer_size,
			     const u8 *older, u16 older_size,
			     const struct tpm2_session *extra[2],
			     bool may_be_empty, u8 *out, u16 *out_size)
{
	const struct tpm2_session *s = si->s;
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 key[2 * TPM2E_MAX_DIGEST_SIZE];
	u16 key_size = s->key_size;
	unsigned int i;
	int rc;

	static_assert(sizeof(key) <= TPM2_PLAT_MAX_HMAC_KEY);
	memcpy(key, s->key, s->key_size);
	if (tpm2_hmac_has_auth(si)) {
		memcpy(key + key_size, si->auth, si->auth_size);
		key_size += si->auth_size;
	}
	*out_size = 0;
	if (!key_size && !si->hmac_size && may_be_empty)
		return 0;
	rc = tpm2_plat_hmac_init(e->crypto, ctx, s->hash->plat, key, key_size);
	tpm2_plat_zeroize(key, sizeof(key));
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, phash, s->hash->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, newer, newer_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, older, older_size);
	for (i = 0; extra && i < 2 && !rc; i++)
		if (extra[i])
			rc = tpm2_plat_hash_update(ctx, extra[i]->nonce_tpm,
						   extra[i]->nonce_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, &si->attrs, 1);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	*out_size = s->hash->size;
	return tpm2_plat_hash_final(ctx, out);
}

/*
 * Is the HMAC session bound to the entity it authorizes? Only while that
 * entity has the Name and the authValue the sessionKey was made with.
 */
static void tpm2_session_bound(const struct tpm2_engine *e,
			       struct tpm2_session_in *si, u32 handle)
{
	const struct tpm2_session *s = si->s;
	u8 name[TPM2E_MAX_NAME];
	u16 name_size;

	si->bound = false;
	if (!(s->flags & TPM2E_SF_BOUND))
		return;
	tpm2_entity_name(e, handle, name, &name_size);
	si->bound = name_size == s->bind_name_size &&
		    !memcmp(name, s->bind_name, name_size) &&
		    s->bind_auth_size == si->auth_size &&
		    !tpm2_plat_memneq(s->bind_auth, si->auth, sizeof(si->auth));
}

/* The command HMAC of an HMAC or policy session */
static u32 tpm2_check_hmac(struct tpm2_engine *e, const struct tpm2_cmd *c,
			   struct tpm2_session_in *si, const u8 *cp_hash)
{
	const struct tpm2_session *extra[2] = {};
	const struct tpm2_session *s = si->s;
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	u32 rc = TPM2E_RC_SUCCESS;
	u16 mac_size;

	/*
	 * The first session, when it authorizes, also covers the nonces of
	 * separate decrypt and encrypt sessions (TPM 2.0 Part 1).
	 */
	if (si == &c->sessions[0] && si->auth_handle >= 0) {
		if (c->decrypt_idx > 0)
			extra[0] = c->sessions[c->decrypt_idx].s;
		if (c->encrypt_idx > 0 && c->encrypt_idx != c->decrypt_idx)
			extra[1] = c->sessions[c->encrypt_idx].s;
	}
	if (tpm2_session_hmac(e, si, cp_hash, si->nonce, si->nonce_size,
			      s->nonce_tpm, s->nonce_size, extra, true, mac,
			      &mac_size))
		rc = TPM2E_RC_FAILURE;
	else if (si->hmac_size != mac_size ||
		 tpm2_plat_memneq(mac, si->hmac, mac_size))
		rc = TPM2E_RC_AUTH_FAIL;
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}

/**
 * tpm2_da_protected() - do failed authorizations of an entity count?
 * @e: engine
 * @handle: a handle the handle area let through
 *
 * TPM 2.0 Part 1, "Dictionary Attack Protection": every permanent handle
 * but TPM_RH_LOCKOUT, PCRs, sequence objects and noDA objects are exempt
 * (their failures give TPM_RC_BAD_AUTH); failures of the rest count
 * (TPM_RC_AUTH_FAIL).
 *
 * Return: true for a protected entity.
 */
bool tpm2_da_protected(const struct tpm2_engine *e, u32 handle)
{
	const struct tpm2_nv_index *nv;
	const struct tpm2_object *obj;

	switch (handle >> TPM2E_HT_SHIFT) {
	case TPM2E_HT_PERMANENT:
		return handle == TPM2E_RH_LOCKOUT;
	case TPM2E_HT_PCR:
		return false;
	case TPM2E_HT_NV_INDEX:
		nv = tpm2_nv_get(e, handle);
		return nv && !(nv->attrs & TPM2E_NV_NO_DA);
	case TPM2E_HT_TRANSIENT:
	case TPM2E_HT_PERSISTENT:
		obj = tpm2_object_get(e, handle);
		/* Sequence objects are noDA. */
		return obj && obj->kind == TPM2E_OBJ_KEY &&
		       !(obj->key.pub.attrs & TPM2E_OA_NO_DA);
	}
	return true;
}

/* An authorization failure: counted, or not (TPM_RC_BAD_AUTH) */
static u32 tpm2_auth_failed(struct tpm2_engine *e,
			    const struct tpm2_session_in *si, u32 handle)
{
	const struct tpm2_session *s = si->s;
	bool lockout = handle == TPM2E_RH_LOCKOUT;

	/* A session bound to lockoutAuth or to a protected entity counts. */
	if (s && (s->flags & TPM2E_SF_LOCKOUT_BOUND))
		lockout = true;
	if (!lockout && !(s && (s->flags & TPM2E_SF_DA_BOUND)) &&
	    !tpm2_da_protected(e, handle))
		return TPM2E_RC_BAD_AUTH;
	tpm2_da_failure(e, lockout);
	return TPM2E_RC_AUTH_FAIL;
}

/* The role of the handle a session authorizes */
static bool tpm2_role_admin(const struct tpm2_cmd *c,
			    const struct tpm2_session_in *si)
{
	return si->auth_handle == 0 && (c->desc->flags & TPM2E_CMDF_ADMIN);
}

/* The DUP role: a policy session naming the command, always */
static bool tpm2_role_dup(const struct tpm2_cmd *c,
			  const struct tpm2_session_in *si)
{
	return si->auth_handle == 0 && (c->desc->flags & TPM2E_CMDF_DUP);
}

/*
 * IsPolicySessionRequired of TPM 2.0 Part 4: the ADMIN role of a
 * permanent entity or an NV index, or of an object with adminWithPolicy.
 */
static bool tpm2_policy_required(const struct tpm2_engine *e,
				 const struct tpm2_cmd *c,
				 const struct tpm2_session_in *si, u32 handle)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);

	if (tpm2_role_dup(c, si))
		return true;
	if (!tpm2_role_admin(c, si))
		return false;
	return !obj || (obj->kind == TPM2E_OBJ_KEY &&
			(obj->key.pub.attrs & TPM2E_OA_ADMIN_WITH_POLICY));
}

/* May the entity be authorized with its authValue in this role? */
static bool tpm2_auth_value_available(const struct tpm2_engine *e,
				      const struct tpm2_cmd *c,
				      const struct tpm2_session_in *si,
				      u32 handle)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);
	u32 attrs;

	if (tpm2_role_dup(c, si))
		return false;
	/*
	 * An index: for reading or writing, as its attributes allow; a PIN
	 * index's for reading whenever it may be used (tpm2_nv_pin_auth()).
	 */
	if (nv) {
		u32 type = tpm2_nv_type(nv->attrs);

		if (tpm2_nv_auth_write(c->cc))
			return nv->attrs & TPM2E_NV_AUTHWRITE;
		return (nv->attrs & TPM2E_NV_AUTHREAD) ||
		       type == TPM2E_NT_PIN_PASS || type == TPM2E_NT_PIN_FAIL;
	}
	if (!obj)
		return true;
	if (obj->kind != TPM2E_OBJ_KEY)
		return true;
	if (obj->key.public_only)
		return false;
	attrs = obj->key.pub.attrs;
	if (tpm2_role_admin(c, si))
		return !(attrs & TPM2E_OA_ADMIN_WITH_POLICY);
	return attrs & TPM2E_OA_USER_WITH_AUTH;
}

/*
 * May an NV index be authorized with a policy here? In the ADMIN role
 * always; otherwise for reading or writing, as its attributes allow. Any
 * other entity: yes.
 */
static bool tpm2_nv_policy_available(const struct tpm2_engine *e,
				     const struct tpm2_cmd *c,
				     const struct tpm2_session_in *si,
				     u32 handle)
{
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);

	if (!nv || tpm2_role_admin(c, si))
		return true;
	return nv->attrs & (tpm2_nv_auth_write(c->cc) ? TPM2E_NV_POLICYWRITE :
			    TPM2E_NV_POLICYREAD);
}

/*
 * The authPolicy of an entity: an object's, an NV index's, a hierarchy's
 * (SetPrimaryPolicy); PCRs have none here (no PCR is in a policy group).
 * Return: its hash, or NULL when the entity has no policy to satisfy.
 */
static const struct tpm2_hash_alg *
tpm2_entity_policy(const struct tpm2_engine *e, u32 handle, const u8 **policy,
		   u16 *size)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);
	int h = tpm2_hier_index(handle);

	if (nv) {
		*policy = nv->policy;
		*size = nv->policy_size;
		return tpm2_hash_find(nv->name_alg);
	}
	if (obj) {
		if (obj->kind != TPM2E_OBJ_KEY || obj->key.public_only)
			return NULL;
		*policy = obj->key.pub.policy;
		*size = obj->key.pub.policy_size;
		return tpm2_hash_find(obj->key.pub.name_alg);
	}
	if (h < 0 || !e->hier_policy_size[h])
		return NULL;
	*policy = e->hier_policy[h];
	*size = e->hier_policy_size[h];
	return tpm2_hash_find(e->hier_policy_alg[h]);
}

/*
 * PolicyTemplate: the templateHash is H(inPublic) of CreatePrimary, Create
 * or CreateLoaded: the second parameter's contents, after inSensitive.
 */
static u32 tpm2_check_template(struct tpm2_engine *e, const struct tpm2_cmd *c,
			       const struct tpm2_session *s, const u8 *params,
			       u32 params_size)
{
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_rd rd, sens;
	u16 size;
	int rc;

	if (c->cc != TPM2E_CC_CREATE_PRIMARY && c->cc != TPM2E_CC_CREATE &&
	    c->cc != TPM2E_CC_CREATE_LOADED)
		return TPM2E_RC_POLICY_FAIL;
	tpm2_rd_init(&rd, params, params_size);
	if (tpm2_rd_u16(&rd, &size) || tpm2_rd_split(&rd, size, &sens) ||
	    tpm2_rd_u16(&rd, &size) || size > rd.left)
		return TPM2E_RC_POLICY_FAIL;
	rc = tpm2_plat_hash(e->crypto, s->hash->plat, rd.p, size, digest);
	if (rc)
		return TPM2E_RC_FAILURE;
	if (s->cp_hash_size != s->hash->size ||
	    memcmp(digest, s->cp_hash, s->hash->size))
		return TPM2E_RC_POLICY_FAIL;
	return TPM2E_RC_SUCCESS;
}

/* CheckPolicyAuthSession of TPM 2.0 Part 4: the policy's conditions */
static u32 tpm2_check_policy(struct tpm2_engine *e, const struct tpm2_cmd *c,
			     const struct tpm2_session_in *si, u32 handle,
			     const u8 *cp_hash, const u8 *name_hash,
			     const u8 *params, u32 params_size)
{
	const struct tpm2_session *s = si->s;
	const struct tpm2_hash_alg *h;
	const u8 *policy = NULL;
	u16 policy_size = 0;
	u8 loc = c->locality;

	if (c->cc == TPM2E_CC_POLICY_SECRET &&
	    !(s->flags & (TPM2E_SF_PASSWORD | TPM2E_SF_AUTH_VALUE)))
		return TPM2E_RC_MODE;
	if ((s->flags & TPM2E_SF_PCR) && s->pcr_counter != e->pcr_counter)
		return TPM2E_RC_PCR_CHANGED;
	h = tpm2_entity_policy(e, handle, &policy, &policy_size);
	if (h != s->hash || policy_size != s->hash->size ||
	    memcmp(policy, s->digest, policy_size))
		return TPM2E_RC_POLICY_FAIL;
	if (s->timeout && (s->epoch != e->power_epoch ||
			   s->timeout < tpm2_time_now(e)))
		return TPM2E_RC_EXPIRED;
	if (s->command_code ? s->command_code != c->cc :
	    tpm2_role_admin(c, si) || tpm2_role_dup(c, si))
		return s->command_code ? TPM2E_RC_POLICY_CC :
					 TPM2E_RC_POLICY_FAIL;
	if (s->locality && (s->locality > 31 ? s->locality != loc :
			    loc > 4 || !(s->locality & BIT(loc))))
		return TPM2E_RC_LOCALITY;
	/* Physical presence cannot be asserted in a container. */
	if (s->flags & TPM2E_SF_PP)
		return TPM2E_RC_PP;
	if (s->flags & TPM2E_SF_CP_HASH) {
		if (memcmp(s->cp_hash, cp_hash, s->hash->size))
			return TPM2E_RC_POLICY_FAIL;
	} else if (s->flags & TPM2E_SF_TEMPLATE) {
		return tpm2_check_template(e, c, s, params, params_size);
	} else if (s->flags & TPM2E_SF_NAME_HASH) {
		if (memcmp(s->cp_hash, name_hash, s->hash->size))
			return TPM2E_RC_POLICY_FAIL;
	}
	/* PolicyNvWritten: the index's TPMA_NV_WRITTEN as the policy wants */
	if (s->flags & TPM2E_SF_NV_WRITTEN) {
		const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);

		if (!nv || !(nv->attrs & TPM2E_NV_WRITTEN) !=
		    !(s->flags & TPM2E_SF_NV_WRITTEN_SET))
			return TPM2E_RC_POLICY_FAIL;
	}
	return TPM2E_RC_SUCCESS;
}

/*
 * CheckAuthSession of TPM 2.0 Part 4: does session @si authorize the
 * handle it is associated with?
 */
static u32 tpm2_check_auth(struct tpm2_engine *e, const struct tpm2_cmd *c,
			   struct tpm2_session_in *si, const u8 *cp_hash,
			   const u8 *name_hash, const u8 *params,
			   u32 params_size)
{
	const struct tpm2_session *s = si->s;
	u32 handle = c->handles[si->auth_handle];
	bool policy = s && s->type != TPM2E_SE_HMAC;
	struct tpm2_nv_index *nv;
	u32 rc;

	/* An authValue to try: not while the TPM is in lockout. */
	if ((!policy || (s->flags & (TPM2E_SF_AUTH_VALUE |
				     TPM2E_SF_PASSWORD))) &&
	    tpm2_da_protected(e, handle)) {
		rc = tpm2_da_locked_out(e, handle == TPM2E_RH_LOCKOUT);
		if (rc)
			return rc;
	}
	if (tpm2_policy_required(e, c, si, handle) && !policy)
		return TPM2E_RC_AUTH_TYPE;
	if (policy) {
		const u8 *p;
		u16 size;

		if (!tpm2_entity_policy(e, handle, &p, &size) ||
		    !tpm2_nv_policy_available(e, c, si, handle))
			return TPM2E_RC_AUTH_UNAVAILABLE;
		rc = tpm2_check_policy(e, c, si, handle, cp_hash, name_hash,
				       params, params_size);
		if (rc)
			return rc;
	} else if (!tpm2_auth_value_available(e, c, si, handle)) {
		return TPM2E_RC_AUTH_UNAVAILABLE;
	}
	if (!s || (policy && (s->flags & TPM2E_SF_PASSWORD)))
		rc = tpm2_check_password(si);
	else
		rc = tpm2_check_hmac(e, c, si, cp_hash);
	/* A PIN index counts its authValue's uses or failures itself. */
	nv = tpm2_nv_get(e, handle);
	if (nv && (!policy || (s->flags & (TPM2E_SF_AUTH_VALUE |
					   TPM2E_SF_PASSWORD))) &&
	    (tpm2_nv_type(nv->attrs) == TPM2E_NT_PIN_PASS ||
	     tpm2_nv_type(nv->attrs) == TPM2E_NT_PIN_FAIL) &&
	    (rc == TPM2E_RC_SUCCESS || rc == TPM2E_RC_AUTH_FAIL)) {
		u32 pin = tpm2_nv_pin_auth(e, nv, rc == TPM2E_RC_SUCCESS);

		if (pin)
			return pin;
	}
	if (rc == TPM2E_RC_AUTH_FAIL)
		rc = tpm2_auth_failed(e, si, handle);
	return rc;
}

/* Session @si may fail only because the TPM is in lockout. */
static u32 tpm2_check_da_bound(struct tpm2_engine *e,
			       const struct tpm2_session_in *si)
{
	const struct tpm2_session *s = si->s;

	if (!s || !(s->flags & TPM2E_SF_DA_BOUND))
		return TPM2E_RC_SUCCESS;
	return tpm2_da_locked_out(e, s->flags & TPM2E_SF_LOCKOUT_BOUND);
}

/**
 * tpm2_param_crypt() - parameter encryption of a session, in place
 * @e: engine
 * @si: the session
 * @with_auth: the authValue in @si goes into the key
 * @newer: nonceCaller for a command, the new nonceTPM for a response
 * @newer_size: bytes in @newer
 * @older: the other nonce
 * @older_size: bytes in @older
 * @buf: the data of the first parameter (its size field excluded)
 * @len: bytes in @buf
 * @encrypt: encrypt (a response) rather than decrypt (a command)
 *
 * TPM 2.0 Part 1, "Session-based encryption": AES in CFB mode with key and
 * IV from KDFa(sessionHash, sessionKey || authValue, "CFB", newer, older),
 * or XOR with the mask KDFa(hash, sessionKey || authValue, "XOR", newer,
 * older) of the data's size.
 *
 * Return: 0, or a negative errno.
 */
static int tpm2_param_crypt(struct tpm2_engine *e,
			    const struct tpm2_session_in *si, bool with_auth,
			    const u8 *newer, u16 newer_size, const u8 *older,
			    u16 older_size, u8 *buf, u32 len, bool encrypt)
{
	const struct tpm2_session *s = si->s;
	u8 key[2 * TPM2E_MAX_DIGEST_SIZE];
	u8 sym[32 + TPM2_PLAT_AES_BLOCK];
	struct tpm2_plat_aes aes;
	u16 key_size = s->key_size;
	u16 bytes;
	int rc;

	memcpy(key, s->key, s->key_size);
	if (with_auth) {
		memcpy(key + key_size, si->auth, si->auth_size);
		key_size += si->auth_size;
	}
	if (s->sym_alg == TPM2E_ALG_XOR) {
		rc = tpm2_kdfa_xor(e, tpm2_hash_find(s->sym_hash), key,
				   key_size, "XOR", newer, newer_size, older,
				   older_size, buf, len);
		goto out;
	}
	bytes = s->sym_bits / 8;
	rc = tpm2_kdfa(e, s->hash, key, key_size, "CFB", newer, newer_size,
		       older, older_size, sym, bytes + TPM2_PLAT_AES_BLOCK);
	if (!rc)
		rc = tpm2_plat_aes_setkey(&aes, sym, bytes);
	if (!rc)
		tpm2_aes_cfb(&aes, sym + bytes, buf, len, encrypt);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	tpm2_plat_zeroize(sym, sizeof(sym));
out:
	tpm2_plat_zeroize(key, sizeof(key));
	return rc;
}

/*
 * The parameter encryption key holds the authValue of the entity the
 * session authorizes, bound or not, when that authValue may be used.
 */
static bool tpm2_crypt_with_auth(const struct tpm2_engine *e,
				 const struct tpm2_cmd *c,
				 const struct tpm2_session_in *si)
{
	return si->auth_handle >= 0 &&
	       tpm2_auth_value_available(e, c, si,
					 c->handles[si->auth_handle]);
}

/*
 * Decrypt the first parameter in the copy of the parameter area the
 * scratch memory holds, and read the parameters from there on.
 */
static u32 tpm2_decrypt_params(struct tpm2_engine *e, struct tpm2_cmd *c,
			       struct tpm2_rd *params)
{
	struct tpm2_session_in *si = &c->sessions[c->decrypt_idx];
	u8 *copy = e->scratch->params;
	u16 size;
	u32 rc;

	static_assert(sizeof(e->scratch->params) >= TPM2_MAX_COMMAND_SIZE);
	if (params->left > sizeof(e->scratch->params))
		return TPM2E_RC_FAILURE;
	memcpy(copy, params->p, params->left);
	tpm2_rd_init(params, copy, params->left);
	/* The size field is in clear; it must cover what is there. */
	if (params->left < 2)
		return tpm2_rc_session(TPM2E_RC_SIZE, c->decrypt_idx + 1);
	size = get_unaligned_be16(copy);
	if (size > params->left - 2)
		return tpm2_rc_session(TPM2E_RC_SIZE, c->decrypt_idx + 1);
	rc = tpm2_param_crypt(e, si, tpm2_crypt_with_auth(e, c, si),
			      si->nonce, si->nonce_size, si->s->nonce_tpm,
			      si->s->nonce_size, copy + 2, size, false) ?
	     TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
	return rc;
}

/**
 * tpm2_auth_parse() - parse and check the sessions of a command
 * @e: engine
 * @c: command, its handles parsed
 * @rd: reader over exactly the authorization area (its size excluded)
 * @params: reader over the parameter area, raw, for cpHash; afterwards
 *	over the parameters to unmarshal (decrypted, when a session asks)
 *
 * Return: TPM_RC_SUCCESS or the response code for the command.
 */
u32 tpm2_auth_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
		    struct tpm2_rd *rd, struct tpm2_rd *params)
{
	u8 cp_hash[TPM2E_MAX_DIGEST_SIZE], name_hash[TPM2E_MAX_DIGEST_SIZE];
	const struct tpm2_hash_alg *cp_alg = NULL;
	struct tpm2_session_in *s;
	unsigned int i;
	u32 rc;

	c->decrypt_idx = -1;
	c->encrypt_idx = -1;
	c->audit_idx = -1;
	for (i = 0; rd->left; i++) {
		if (i == TPM2E_MAX_SESSION_NUM)
			return tpm2_rc_session(TPM2E_RC_SIZE, i + 1);
		rc = tpm2_session_parse(e, c, &c->sessions[i], rd, i + 1);
		if (rc)
			return rc;
		c->n_sessions = i + 1;
	}

	/* The first sessions authorize the handles that need it, in order. */
	for (i = 0; i < c->desc->n_auth && i < c->n_handles; i++) {
		if (i >= c->n_sessions)
			return TPM2E_RC_AUTH_MISSING;
		s = &c->sessions[i];
		s->auth_handle = i;
		tpm2_entity_auth(e, c->handles[i], s->auth, &s->auth_size);
		if (s->s && s->s->type == TPM2E_SE_HMAC)
			tpm2_session_bound(e, s, c->handles[i]);
	}

	for (i = 0; i < c->n_sessions; i++) {
		s = &c->sessions[i];
		if (!s->s) {
			if (s->auth_handle < 0)
				return tpm2_rc_session(TPM2E_RC_HANDLE, i + 1);
		} else {
			/* A trial session only computes a digest. */
			if (s->s->type == TPM2E_SE_TRIAL)
				return tpm2_rc_session(TPM2E_RC_ATTRIBUTES,
						       i + 1);
			rc = tpm2_check_da_bound(e, s);
			if (rc)
				return rc;
			if (cp_alg != s->s->hash) {
				cp_alg = s->s->hash;
				if (tpm2_phash(e, c, cp_alg, false, false,
					       params->p, params->left,
					       cp_hash) ||
				    tpm2_phash(e, c, cp_alg, false, true,
					       NULL, 0, name_hash))
					return TPM2E_RC_FAILURE;
			}
			if (s->attrs & TPM2E_SA_AUDIT)
				memcpy(c->audit_cp_hash, cp_hash, cp_alg->size);
		}
		if (s->auth_handle >= 0) {
			rc = tpm2_check_auth(e, c, s, cp_hash, name_hash,
					     params->p, params->left);
		} else {
			/* Only there to encrypt or audit: its HMAC all the same */
			if (!(s->attrs & (TPM2E_SA_AUDIT | TPM2E_SA_ENCRYPT |
					  TPM2E_SA_DECRYPT)))
				return tpm2_rc_session(TPM2E_RC_ATTRIBUTES,
						       i + 1);
			rc = tpm2_check_hmac(e, c, s, cp_hash);
			if (rc == TPM2E_RC_AUTH_FAIL)
				rc = TPM2E_RC_BAD_AUTH;
		}
		if (rc)
			return tpm2_rc_safe_session(rc, i + 1);
	}
	if (c->decrypt_idx >= 0)
		return tpm2_decrypt_params(e, c, params);
	return TPM2E_RC_SUCCESS;
}

/* Encrypt the first response parameter (@params, @params_size bytes) */
static int tpm2_encrypt_response(struct tpm2_engine *e, struct tpm2_cmd *c,
				 u8 *params, u32 params_size)
{
	struct tpm2_session_in *si = &c->sessions[c->encrypt_idx];
	u16 size;

	if (params_size < 2)
		return 0;
	size = get_unaligned_be16(params);
	if (size > params_size - 2)
		return -EINVAL;
	return tpm2_param_crypt(e, si, tpm2_crypt_with_auth(e, c, si),
				si->s->nonce_tpm, si->s->nonce_size,
				si->nonce, si->nonce_size, params + 2, size,
				true);
}

/*
 * The audit session's digest: auditDigest = H(auditDigest || cpHash ||
 * rpHash). Its first use or an auditReset starts it over and makes it the
 * exclusive audit session; any command without it ends exclusivity.
 */
static int tpm2_audit_update(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const u8 *params, u32 params_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 rp_hash[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_session_in *si;
	struct tpm2_session *s;
	int rc;

	if (c->audit_idx < 0) {
		if (!(c->desc->flags & TPM2E_CMDF_NO_SESSIONS))
			e->exclusive_audit = 0;
		return 0;
	}
	si = &c->sessions[c->audit_idx];
	s = si->s;
	if (!(s->flags & TPM2E_SF_AUDIT) ||
	    (si->attrs & TPM2E_SA_AUDIT_RESET)) {
		s->flags |= TPM2E_SF_AUDIT;
		s->flags &= ~(TPM2E_SF_BOUND | TPM2E_SF_DA_BOUND |
			      TPM2E_SF_LOCKOUT_BOUND);
		memset(s->digest, 0, sizeof(s->digest));
		e->exclusive_audit = si->handle;
	} else if (e->exclusive_audit != si->handle) {
		e->exclusive_audit = 0;
	}
	if (e->exclusive_audit == si->handle)
		si->attrs |= TPM2E_SA_AUDIT_EXCLUSIVE;
	else
		si->attrs &= ~TPM2E_SA_AUDIT_EXCLUSIVE;

	rc = tpm2_phash(e, c, s->hash, true, false, params, params_size,
			rp_hash);
	if (!rc)
		rc = tpm2_plat_hash_init(e->crypto, ctx, s->hash->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, s->digest, s->hash->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, c->audit_cp_hash,
					   s->hash->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, rp_hash, s->hash->size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, s->digest);
}

/**
 * tpm2_auth_no_sessions() - a command without an authorization area ran
 * @e: engine
 * @c: the command, executed successfully
 *
 * It ends the exclusivity of an audit session, as any command that could
 * have had sessions but has none does.
 */
void tpm2_auth_no_sessions(struct tpm2_engine *e, const struct tpm2_cmd *c)
{
	if (!(c->desc->flags & TPM2E_CMDF_NO_SESSIONS))
		e->exclusive_audit = 0;
}

/* One session of the response */
static int tpm2_session_respond(struct tpm2_engine *e, struct tpm2_cmd *c,
				struct tpm2_session_in *si,
				const u8 *rp_hash_in, struct tpm2_wr *wr)
{
	struct tpm2_session *s = si->s;
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	u16 mac_size = 0;
	int rc = 0;

	if (!s) {
		/* A password: empty nonceTPM, continueSession, no HMAC */
		tpm2_wr_u16(wr, 0);
		tpm2_wr_u8(wr, TPM2E_SA_CONTINUE_SESSION);
		tpm2_wr_u16(wr, 0);
		return 0;
	}
	/* PolicyPassword: the password went in clear, nothing comes back. */
	if (s->type == TPM2E_SE_HMAC || !(s->flags & TPM2E_SF_PASSWORD))
		rc = tpm2_session_hmac(e, si, rp_hash_in, s->nonce_tpm,
				       s->nonce_size, si->nonce,
				       si->nonce_size, NULL,
				       s->type != TPM2E_SE_HMAC, mac,
				       &mac_size);
	tpm2_wr_tpm2b(wr, s->nonce_tpm, s->nonce_size);
	tpm2_wr_u8(wr, si->attrs);
	tpm2_wr_tpm2b(wr, mac, mac_size);
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}

/**
 * tpm2_auth_marshal_response() - the response's authorization area
 * @e: engine
 * @c: the command, executed successfully
 * @wr: writer, after the response parameters
 * @params_at: offset in @wr of the response parameters
 *
 * Every session gets a new nonceTPM; then the first response parameter is
 * encrypted, the audit digest extended, and the HMACs computed over the
 * parameters as sent. Sessions without continueSession end; policy
 * sessions that go on start over. A hierarchy or an NV index whose
 * authValue the command changed is authorized with the new one (TPM 2.0
 * Part 1); objects keep the value they were checked with (a sequence
 * object may be gone by now).
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_FAILURE.
 */
u32 tpm2_auth_marshal_response(struct tpm2_engine *e, struct tpm2_cmd *c,
			       struct tpm2_wr *wr, u32 params_at)
{
	u8 *params = wr->buf + params_at;
	u32 params_size = wr->len - params_at;
	u8 rp_hash[TPM2E_MAX_DIGEST_SIZE];
	const struct tpm2_hash_alg *rp_alg = NULL;
	struct tpm2_session_in *si;
	unsigned int i;
	int rc = 0;

	if (wr->overflow)
		return TPM2E_RC_FAILURE;
	for (i = 0; i < c->n_sessions; i++) {
		si = &c->sessions[i];
		if (!si->s)
			continue;
		tpm2_plat_get_random(si->s->nonce_tpm, si->s->nonce_size);
		if (si->auth_handle >= 0 &&
		    (tpm2_hier_index(c->handles[si->auth_handle]) >= 0 ||
		     c->handles[si->auth_handle] >> TPM2E_HT_SHIFT ==
		     TPM2E_HT_NV_INDEX)) {
			tpm2_entity_auth(e, c->handles[si->auth_handle],
					 si->auth, &si->auth_size);
			if (si->s->type == TPM2E_SE_HMAC)
				tpm2_session_bound(e, si,
						   c->handles[si->auth_handle]);
		}
	}
	if (c->encrypt_idx >= 0)
		rc = tpm2_encrypt_response(e, c, params, params_size);
	if (!rc)
		rc = tpm2_audit_update(e, c, params, params_size);
	for (i = 0; i < c->n_sessions && !rc; i++) {
		si = &c->sessions[i];
		if (si->s && rp_alg != si->s->hash) {
			rp_alg = si->s->hash;
			rc = tpm2_phash(e, c, rp_alg, true, false, params,
					params_size, rp_hash);
		}
		if (!rc)
			rc = tpm2_session_respond(e, c, si, rp_hash, wr);
	}
	for (i = 0; i < c->n_sessions; i++) {
		si = &c->sessions[i];
		if (!si->s)
			continue;
		if (!(si->attrs & TPM2E_SA_CONTINUE_SESSION))
			tpm2_session_flush(e, si->handle);
		else if (si->s->type != TPM2E_SE_HMAC)
			tpm2_policy_reset(e, si->s);
		si->s = NULL;
	}
	tpm2_plat_zeroize(rp_hash, sizeof(rp_hash));
	return rc ? TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
}
