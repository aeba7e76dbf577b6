// SPDX-License-Identifier: GPL-2.0
/*
 * The authorization area of a command and of its response. Sessions are
 * parsed and checked in the order TPM 2.0 Part 1 gives; errors name the
 * session by its position (TPM_RC_S + TPM_RC_n).
 */
#include "object.h"

static bool tpm2_session_handle_valid(u32 h)
{
	u32 type = h >> TPM2E_HT_SHIFT;
	u32 index = h & ((1U << TPM2E_HT_SHIFT) - 1);

	if (h == TPM2E_RS_PW)
		return true;
	if (type != TPM2E_HT_HMAC_SESSION && type != TPM2E_HT_POLICY_SESSION)
		return false;
	return index < TPM2E_MAX_ACTIVE_SESSIONS;
}

/* One session; @n is its 1-based position, for the response code. */
static u32 tpm2_session_parse(struct tpm2_session_in *s,
			      struct tpm2_rd *rd, unsigned int n)
{
	const u8 pw_forbidden = TPM2E_SA_ENCRYPT | TPM2E_SA_DECRYPT |
		TPM2E_SA_AUDIT | TPM2E_SA_AUDIT_EXCLUSIVE |
		TPM2E_SA_AUDIT_RESET;
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
		if (s->attrs & pw_forbidden)
			return tpm2_rc_session(TPM2E_RC_ATTRIBUTES, n);
		if (s->nonce_size)
			return tpm2_rc_session(TPM2E_RC_NONCE, n);
		return TPM2E_RC_SUCCESS;
	}
	/* No HMAC or policy session can be loaded yet. */
	return TPM2E_RC_REFERENCE_S0 + n - 1;
}

/*
 * The authValue of the entity a handle names, zero-padded to the size of a
 * password: a loaded object's own. PCRs have the empty authValue (PC
 * Client profile: no PCR has an authorization group); so do the
 * hierarchies until TPM2_HierarchyChangeAuth exists.
 */
static void tpm2_entity_auth(const struct tpm2_engine *e, u32 handle,
			     u8 auth[TPM2E_MAX_DIGEST_SIZE])
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);

	memset(auth, 0, TPM2E_MAX_DIGEST_SIZE);
	if (obj)
		memcpy(auth, obj->auth, obj->auth_size);
}

/*
 * A password against the authValue. Trailing zeros are not significant
 * (TPM 2.0 Part 1, authValue), and both are zero-padded to the same size,
 * so one constant-time comparison of the padded buffers decides.
 */
static u32 tpm2_check_password(const struct tpm2_engine *e,
			       const struct tpm2_cmd *c,
			       const struct tpm2_session_in *s)
{
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	unsigned long neq;

	static_assert(sizeof(s->hmac) == TPM2E_MAX_DIGEST_SIZE);
	tpm2_entity_auth(e, c->handles[s->auth_handle], auth);
	neq = tpm2_plat_memneq(auth, s->hmac, sizeof(auth));
	tpm2_plat_zeroize(auth, sizeof(auth));
	return neq ? TPM2E_RC_AUTH_FAIL : TPM2E_RC_SUCCESS;
}

/**
 * tpm2_auth_parse() - parse and check the sessions of a command
 * @e: engine
 * @c: command, its handles parsed
 * @rd: reader over exactly the authorization area (its size excluded)
 *
 * Return: TPM_RC_SUCCESS or the response code for the command.
 */
u32 tpm2_auth_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
		    struct tpm2_rd *rd)
{
	struct tpm2_session_in *s;
	unsigned int i;
	u32 rc;

	for (i = 0; rd->left; i++) {
		if (i == TPM2E_MAX_SESSION_NUM)
			return tpm2_rc_session(TPM2E_RC_SIZE, i + 1);
		rc = tpm2_session_parse(&c->sessions[i], rd, i + 1);
		if (rc)
			return rc;
		c->n_sessions = i + 1;
	}

	/* The first sessions authorize the handles that need it, in order. */
	for (i = 0; i < c->desc->n_auth && i < c->n_handles; i++) {
		if (i >= c->n_sessions)
			return TPM2E_RC_AUTH_MISSING;
		c->sessions[i].auth_handle = i;
	}

	for (i = 0; i < c->n_sessions; i++) {
		s = &c->sessions[i];
		if (s->handle != TPM2E_RS_PW)
			continue;
		/* A password only ever authorizes a handle. */
		if (s->auth_handle < 0)
			return tpm2_rc_session(TPM2E_RC_HANDLE, i + 1);
		rc = tpm2_check_password(e, c, s);
		if (rc)
			return tpm2_rc_session(rc, i + 1);
	}
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_auth_marshal_response() - the response's authorization area
 * @c: the command, executed successfully
 * @wr: writer, after the response parameters
 */
void tpm2_auth_marshal_response(const struct tpm2_cmd *c,
				struct tpm2_wr *wr)
{
	unsigned int i;

	for (i = 0; i < c->n_sessions; i++) {
		/* A password session: empty nonceTPM, continueSession, no HMAC */
		tpm2_wr_u16(wr, 0);
		tpm2_wr_u8(wr, TPM2E_SA_CONTINUE_SESSION);
		tpm2_wr_u16(wr, 0);
	}
}
