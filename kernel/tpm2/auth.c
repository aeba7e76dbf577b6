// SPDX-License-Identifier: GPL-2.0
/*
 * The authorization area of a command and of its response. Sessions are
 * parsed and checked in the order TPM 2.0 Part 1 gives; errors name the
 * session by its position (TPM_RC_S + TPM_RC_n).
 *
 * A password (TPM_RS_PW) is compared with the entity's authValue. An HMAC
 * session proves knowledge of it instead:
 *
 *   cpHash = H(commandCode || names of the handles || parameters)
 *   hmac   = HMAC(sessionKey || authValue,
 *                 cpHash || nonceCaller || nonceTPM || sessionAttributes)
 *
 * and the response carries, with a fresh nonceTPM,
 *
 *   rpHash = H(responseCode || commandCode || parameters)
 *   hmac   = HMAC(sessionKey || authValue,
 *                 rpHash || nonceTPM || nonceCaller || sessionAttributes)
 *
 * The authValue is left out of the key when the session is bound to the
 * very entity it authorizes: the sessionKey already holds it.
 */
#include "object.h"
#include "session.h"

static bool tpm2_session_handle_valid(u32 h)
{
	u32 index = h & ((1U << TPM2E_HT_SHIFT) - 1);

	if (h == TPM2E_RS_PW)
		return true;
	return tpm2_handle_is_session(h) && index < TPM2E_MAX_ACTIVE_SESSIONS;
}

/* One session; @n is its 1-based position, for the response code. */
static u32 tpm2_session_parse(struct tpm2_engine *e,
			      struct tpm2_session_in *s, struct tpm2_rd *rd,
			      unsigned int n)
{
	const u8 audit = TPM2E_SA_AUDIT | TPM2E_SA_AUDIT_EXCLUSIVE |
		TPM2E_SA_AUDIT_RESET;
	const u8 crypt = TPM2E_SA_ENCRYPT | TPM2E_SA_DECRYPT;
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
	/* No parameter encryption without a symmetric algorithm */
	if ((s->attrs & crypt) && s->s->symmetric == TPM2E_ALG_NULL)
		return tpm2_rc_session(TPM2E_RC_SYMMETRIC, n);
	/* Audit sessions come with command audit. */
	if (s->attrs & audit)
		return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
	return TPM2E_RC_SUCCESS;
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

/*
 * The Name of an entity (TPM 2.0 Part 1, "Names"): nameAlg || H(public
 * area) for a key object, the Empty Buffer for a sequence object, the
 * handle for the others (PCRs, permanent handles).
 */
static void tpm2_hash_name(const struct tpm2_engine *e,
			   struct tpm2_plat_hash_ctx *ctx, u32 handle, int *rc)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	u8 name[4];

	if (*rc)
		return;
	if (obj && obj->kind == TPM2E_OBJ_KEY) {
		*rc = tpm2_plat_hash_update(ctx, obj->key.name,
					    obj->key.name_size);
		return;
	}
	if (obj)
		return;
	put_unaligned_be32(handle, name);
	*rc = tpm2_plat_hash_update(ctx, name, sizeof(name));
}

/* cpHash (@rc_or_cc is the command code) or rpHash of a command */
static int tpm2_phash(struct tpm2_engine *e, const struct tpm2_cmd *c,
		      const struct tpm2_hash_alg *h, bool response,
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
		rc = tpm2_plat_hash_update(ctx, hdr, 4);
		for (i = 0; i < c->n_handles; i++)
			tpm2_hash_name(e, ctx, c->handles[i], &rc);
	}
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, params, params_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/*
 * The HMAC of a session over a pHash and two nonces, newer first:
 * nonceCaller then nonceTPM for a command, the reverse for a response.
 */
static int tpm2_session_hmac(struct tpm2_engine *e,
			     const struct tpm2_session_in *si,
			     const u8 *phash, const u8 *newer, u16 newer_size,
			     const u8 *older, u16 older_size, u8 *out)
{
	const struct tpm2_session *s = si->s;
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 key[2 * TPM2E_MAX_DIGEST_SIZE];
	u16 key_size = s->key_size;
	int rc;

	static_assert(sizeof(key) <= TPM2_PLAT_MAX_HMAC_KEY);
	memcpy(key, s->key, s->key_size);
	if (!si->bound) {
		memcpy(key + key_size, si->auth, si->auth_size);
		key_size += si->auth_size;
	}
	rc = tpm2_plat_hmac_init(e->crypto, ctx, s->hash->plat, key, key_size);
	tpm2_plat_zeroize(key, sizeof(key));
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, phash, s->hash->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, newer, newer_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, older, older_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, &si->attrs, 1);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/*
 * Is the session bound to the entity it authorizes? Only while that
 * entity's authValue is still the one the sessionKey was made with.
 */
static void tpm2_session_bound(struct tpm2_session_in *si, u32 handle)
{
	const struct tpm2_session *s = si->s;

	si->bound = s->bind == handle && s->bind_auth_size == si->auth_size &&
		    !tpm2_plat_memneq(s->bind_auth, si->auth, sizeof(si->auth));
}

/* The command HMAC of an HMAC session */
static u32 tpm2_check_hmac(struct tpm2_engine *e, const struct tpm2_cmd *c,
			   struct tpm2_session_in *si, const u8 *params,
			   u32 params_size)
{
	const struct tpm2_session *s = si->s;
	u8 phash[TPM2E_MAX_DIGEST_SIZE];
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	u32 rc = TPM2E_RC_SUCCESS;

	tpm2_session_bound(si, c->handles[si->auth_handle]);
	if (tpm2_phash(e, c, s->hash, false, params, params_size, phash) ||
	    tpm2_session_hmac(e, si, phash, si->nonce, si->nonce_size,
			      s->nonce_tpm, s->nonce_size, mac))
		rc = TPM2E_RC_FAILURE;
	else if (si->hmac_size != s->hash->size ||
		 tpm2_plat_memneq(mac, si->hmac, s->hash->size))
		rc = TPM2E_RC_AUTH_FAIL;
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}

/*
 * Whether failed authorizations of an entity escape dictionary-attack
 * protection: every permanent handle but TPM_RH_LOCKOUT, PCRs, sequence
 * objects and noDA objects do (TPM_RC_BAD_AUTH); the rest count as attacks
 * (TPM_RC_AUTH_FAIL).
 */
static bool tpm2_da_exempt(const struct tpm2_engine *e, u32 handle)
{
	const struct tpm2_object *obj;

	switch (handle >> TPM2E_HT_SHIFT) {
	case TPM2E_HT_PERMANENT:
		return handle != TPM2E_RH_LOCKOUT;
	case TPM2E_HT_PCR:
		return true;
	case TPM2E_HT_TRANSIENT:
		obj = tpm2_object_get(e, handle);
		/* Sequence objects are noDA. */
		return obj && (obj->kind != TPM2E_OBJ_KEY ||
			       (obj->key.pub.attrs & TPM2E_OA_NO_DA));
	}
	return false;
}

/**
 * tpm2_auth_parse() - parse and check the sessions of a command
 * @e: engine
 * @c: command, its handles parsed
 * @rd: reader over exactly the authorization area (its size excluded)
 * @params: the parameter area, raw, for cpHash
 * @params_size: its size
 *
 * Return: TPM_RC_SUCCESS or the response code for the command.
 */
u32 tpm2_auth_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
		    struct tpm2_rd *rd, const u8 *params, u32 params_size)
{
	struct tpm2_session_in *s;
	unsigned int i, j;
	u32 rc;

	for (i = 0; rd->left; i++) {
		if (i == TPM2E_MAX_SESSION_NUM)
			return tpm2_rc_session(TPM2E_RC_SIZE, i + 1);
		rc = tpm2_session_parse(e, &c->sessions[i], rd, i + 1);
		if (rc)
			return rc;
		for (j = 0; j < i; j++)
			if (c->sessions[i].s &&
			    c->sessions[j].handle == c->sessions[i].handle)
				return tpm2_rc_session(TPM2E_RC_HANDLE, i + 1);
		c->n_sessions = i + 1;
	}

	/* The first sessions authorize the handles that need it, in order. */
	for (i = 0; i < c->desc->n_auth && i < c->n_handles; i++) {
		const struct tpm2_object *obj = tpm2_object_get(e, c->handles[i]);

		if (i >= c->n_sessions)
			return TPM2E_RC_AUTH_MISSING;
		/*
		 * The USER role: an object without userWithAuth takes only a
		 * policy, and no policy session exists yet; the ADMIN role
		 * likewise with adminWithPolicy. A public area alone has no
		 * authValue to prove.
		 */
		if (obj && obj->kind == TPM2E_OBJ_KEY &&
		    (obj->key.public_only ||
		     (i == 0 && (c->desc->flags & TPM2E_CMDF_ADMIN) ?
		      obj->key.pub.attrs & TPM2E_OA_ADMIN_WITH_POLICY :
		      !(obj->key.pub.attrs & TPM2E_OA_USER_WITH_AUTH))))
			return TPM2E_RC_AUTH_UNAVAILABLE;
		s = &c->sessions[i];
		s->auth_handle = i;
		tpm2_entity_auth(e, c->handles[i], s->auth, &s->auth_size);
	}

	for (i = 0; i < c->n_sessions; i++) {
		s = &c->sessions[i];
		/*
		 * A session that authorizes nothing would only be there for
		 * encryption or audit, neither of which exists yet.
		 */
		if (s->auth_handle < 0)
			return tpm2_rc_session(s->s ? TPM2E_RC_ATTRIBUTES :
					       TPM2E_RC_HANDLE, i + 1);
		if (s->s)
			rc = tpm2_check_hmac(e, c, s, params, params_size);
		else
			rc = tpm2_check_password(s);
		if (rc == TPM2E_RC_FAILURE)
			return rc;
		if (rc == TPM2E_RC_AUTH_FAIL &&
		    tpm2_da_exempt(e, c->handles[s->auth_handle]))
			rc = TPM2E_RC_BAD_AUTH;
		if (rc)
			return tpm2_rc_session(rc, i + 1);
	}
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_auth_marshal_response() - the response's authorization area
 * @e: engine
 * @c: the command, executed successfully
 * @wr: writer, after the response parameters
 * @params_at: offset in @wr of the response parameters
 *
 * HMAC sessions get a new nonceTPM; those without continueSession end.
 * A hierarchy whose authValue the command changed is authorized with the
 * new one (TPM 2.0 Part 1); objects keep the value they were checked with
 * (a sequence object may be gone by now).
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_FAILURE.
 */
u32 tpm2_auth_marshal_response(struct tpm2_engine *e, struct tpm2_cmd *c,
			       struct tpm2_wr *wr, u32 params_at)
{
	const u8 *params = wr->buf + params_at;
	u32 params_size = wr->len - params_at;
	u8 phash[TPM2E_MAX_DIGEST_SIZE];
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_session_in *si;
	struct tpm2_session *s;
	unsigned int i;
	u32 rc = TPM2E_RC_SUCCESS;

	if (wr->overflow)
		return TPM2E_RC_FAILURE;
	for (i = 0; i < c->n_sessions; i++) {
		si = &c->sessions[i];
		s = si->s;
		if (!s) {
			/* A password: empty nonceTPM, continueSession, no HMAC */
			tpm2_wr_u16(wr, 0);
			tpm2_wr_u8(wr, TPM2E_SA_CONTINUE_SESSION);
			tpm2_wr_u16(wr, 0);
			continue;
		}
		if (tpm2_hier_index(c->handles[si->auth_handle]) >= 0) {
			tpm2_entity_auth(e, c->handles[si->auth_handle],
					 si->auth, &si->auth_size);
			tpm2_session_bound(si, c->handles[si->auth_handle]);
		}
		tpm2_plat_get_random(s->nonce_tpm, s->nonce_size);
		if (tpm2_phash(e, c, s->hash, true, params, params_size,
			       phash) ||
		    tpm2_session_hmac(e, si, phash, s->nonce_tpm,
				      s->nonce_size, si->nonce, si->nonce_size,
				      mac))
			rc = TPM2E_RC_FAILURE;
		tpm2_wr_tpm2b(wr, s->nonce_tpm, s->nonce_size);
		tpm2_wr_u8(wr, si->attrs);
		tpm2_wr_tpm2b(wr, mac, s->hash->size);
		if (!(si->attrs & TPM2E_SA_CONTINUE_SESSION))
			tpm2_session_flush(e, si->handle);
		si->s = NULL;
	}
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}
