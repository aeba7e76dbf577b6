// SPDX-License-Identifier: GPL-2.0
/*
 * Authorization sessions (TPM 2.0 Part 1, "Authorization Sessions"): the
 * TPM2_StartAuthSession command and the session slots.
 *
 * An engine has TPM2E_MAX_ACTIVE_SESSIONS slots; slot i is session handle
 * TPM_HT_HMAC_SESSION.i or TPM_HT_POLICY_SESSION.i. At most
 * TPM2E_MAX_LOADED_SESSIONS are loaded (their state in memory); the others
 * are saved: their state is in a context blob outside, and the slot keeps
 * only the sequence number of that blob, so that it loads once and an
 * older copy never does.
 */
#include "object.h"
#include "session.h"

#define TPM2E_SESSION_HANDLE_MASK	0x00FFFFFF

static u32 tpm2_session_handle(const struct tpm2_engine *e,
			       const struct tpm2_session_slot *slot)
{
	u32 type = slot->policy ? TPM2E_HT_POLICY_SESSION :
				  TPM2E_HT_HMAC_SESSION;

	return type << TPM2E_HT_SHIFT | (u32)(slot - e->sessions);
}

/**
 * tpm2_session_slot() - the active session a handle names
 * @e: engine
 * @h: any handle; untrusted
 *
 * Return: the slot, loaded or saved, or NULL when @h names no active
 * session of its type.
 */
struct tpm2_session_slot *tpm2_session_slot(struct tpm2_engine *e, u32 h)
{
	u32 i = h & TPM2E_SESSION_HANDLE_MASK;
	struct tpm2_session_slot *slot;

	if (!tpm2_handle_is_session(h) || i >= TPM2E_MAX_ACTIVE_SESSIONS)
		return NULL;
	slot = &e->sessions[i];
	if (slot->state == TPM2E_SESSION_FREE ||
	    slot->policy != (h >> TPM2E_HT_SHIFT == TPM2E_HT_POLICY_SESSION))
		return NULL;
	return slot;
}

/**
 * tpm2_session_get() - the loaded session a handle names
 * @e: engine
 * @h: any handle; untrusted
 *
 * Return: the session, or NULL when @h names no loaded session.
 */
struct tpm2_session *tpm2_session_get(const struct tpm2_engine *e, u32 h)
{
	struct tpm2_session_slot *slot;

	slot = tpm2_session_slot((struct tpm2_engine *)e, h);
	return slot && slot->state == TPM2E_SESSION_LOADED ? slot->s : NULL;
}

/**
 * tpm2_sessions_loaded() - number of loaded sessions (TPM_PT_HR_LOADED)
 * @e: engine
 *
 * Return: the count.
 */
u32 tpm2_sessions_loaded(const struct tpm2_engine *e)
{
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < TPM2E_MAX_ACTIVE_SESSIONS; i++)
		n += e->sessions[i].state == TPM2E_SESSION_LOADED;
	return n;
}

/**
 * tpm2_sessions_active() - number of active sessions, loaded or saved
 * @e: engine
 *
 * Return: the count.
 */
u32 tpm2_sessions_active(const struct tpm2_engine *e)
{
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < TPM2E_MAX_ACTIVE_SESSIONS; i++)
		n += e->sessions[i].state != TPM2E_SESSION_FREE;
	return n;
}

/**
 * tpm2_session_alloc() - take a slot for a new loaded session
 * @e: engine
 * @policy: a policy or trial session
 * @s: the new session, zeroed
 * @handle: its handle
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_SESSION_MEMORY when TPM2E_MAX_LOADED_SESSIONS
 * are loaded; TPM_RC_SESSION_HANDLES when every slot is active;
 * TPM_RC_MEMORY when the host is out of memory.
 */
u32 tpm2_session_alloc(struct tpm2_engine *e, bool policy,
		       struct tpm2_session **s, u32 *handle)
{
	struct tpm2_session_slot *slot = NULL;
	unsigned int i;

	if (tpm2_sessions_loaded(e) >= TPM2E_MAX_LOADED_SESSIONS)
		return TPM2E_RC_SESSION_MEMORY;
	for (i = 0; i < TPM2E_MAX_ACTIVE_SESSIONS && !slot; i++)
		if (e->sessions[i].state == TPM2E_SESSION_FREE)
			slot = &e->sessions[i];
	if (!slot)
		return TPM2E_RC_SESSION_HANDLES;
	*s = tpm2_plat_zalloc(sizeof(**s));
	if (!*s)
		return TPM2E_RC_MEMORY;
	slot->state = TPM2E_SESSION_LOADED;
	slot->policy = policy;
	slot->sequence = 0;
	slot->s = *s;
	*handle = tpm2_session_handle(e, slot);
	return TPM2E_RC_SUCCESS;
}

static void tpm2_session_slot_free(struct tpm2_session_slot *slot)
{
	tpm2_plat_free_sensitive(slot->s, sizeof(*slot->s));
	memset(slot, 0, sizeof(*slot));
}

/**
 * tpm2_session_flush() - end an active session, loaded or saved
 * @e: engine
 * @h: its handle; nothing happens when it names no active session
 */
void tpm2_session_flush(struct tpm2_engine *e, u32 h)
{
	struct tpm2_session_slot *slot = tpm2_session_slot(e, h);

	if (slot)
		tpm2_session_slot_free(slot);
}

/**
 * tpm2_sessions_power_on() - _TPM_Init: loaded sessions are lost
 * @e: engine
 *
 * Saved sessions stay until TPM2_Startup decides (a TPM Resume keeps them).
 */
void tpm2_sessions_power_on(struct tpm2_engine *e)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_ACTIVE_SESSIONS; i++)
		if (e->sessions[i].state == TPM2E_SESSION_LOADED)
			tpm2_session_slot_free(&e->sessions[i]);
}

/**
 * tpm2_sessions_startup() - TPM2_Startup: only a Resume keeps sessions
 * @e: engine
 * @type: TPM_SU_CLEAR (TPM Reset or Restart) or TPM_SU_STATE (Resume)
 */
void tpm2_sessions_startup(struct tpm2_engine *e, u16 type)
{
	unsigned int i;

	if (type == TPM2E_SU_STATE)
		return;
	for (i = 0; i < TPM2E_MAX_ACTIVE_SESSIONS; i++)
		tpm2_session_slot_free(&e->sessions[i]);
}

/**
 * tpm2_entity_auth() - the authValue of the entity a handle names
 * @e: engine
 * @handle: a handle the command area let through
 * @auth: the authValue, zero-padded to TPM2E_MAX_DIGEST_SIZE bytes
 * @size: its size, trailing zeros excluded
 *
 * A loaded object and a hierarchy have their own. PCRs have the empty
 * authValue (PC Client profile: no PCR has an authorization group).
 */
void tpm2_entity_auth(const struct tpm2_engine *e, u32 handle,
		      u8 auth[TPM2E_MAX_DIGEST_SIZE], u16 *size)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	int h = tpm2_hier_index(handle);

	memset(auth, 0, TPM2E_MAX_DIGEST_SIZE);
	*size = 0;
	if (obj) {
		memcpy(auth, obj->auth, obj->auth_size);
		*size = obj->auth_size;
	} else if (h >= 0) {
		memcpy(auth, e->hier_auth[h], e->hier_auth_size[h]);
		*size = e->hier_auth_size[h];
	}
}

/**
 * tpm2_kdfa() - KDFa of TPM 2.0 Part 1 (SP 800-108 counter mode, HMAC)
 * @e: engine
 * @h: hash of the HMAC
 * @key: HMAC key
 * @key_size: bytes in @key, at most TPM2_PLAT_MAX_HMAC_KEY
 * @label: label, NUL-terminated; the NUL is part of the input
 * @u: contextU
 * @u_size: bytes in @u
 * @v: contextV
 * @v_size: bytes in @v
 * @out: output
 * @out_size: bytes wanted
 *
 * Return: 0, or a negative errno.
 */
int tpm2_kdfa(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
	      const u8 *key, u16 key_size, const char *label,
	      const u8 *u, u16 u_size, const u8 *v, u16 v_size,
	      u8 *out, u16 out_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 block[TPM2_PLAT_MAX_DIGEST];
	u8 be[4], bits[4];
	u32 counter = 0;
	u16 n;
	int rc = 0;

	put_unaligned_be32((u32)out_size * 8, bits);
	while (out_size && !rc) {
		put_unaligned_be32(++counter, be);
		rc = tpm2_plat_hmac_init(e->crypto, ctx, h->plat, key,
					 key_size);
		if (rc)
			break;
		rc = tpm2_plat_hash_update(ctx, be, 4);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, label,
						   strlen(label) + 1);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, u, u_size);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, v, v_size);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, bits, 4);
		if (rc) {
			tpm2_plat_hash_final(ctx, NULL);
			break;
		}
		rc = tpm2_plat_hash_final(ctx, block);
		n = min_t(u16, out_size, h->size);
		memcpy(out, block, n);
		out += n;
		out_size -= n;
	}
	tpm2_plat_zeroize(block, sizeof(block));
	return rc;
}

/* TPMT_SYM_DEF: NULL, AES (keyBits, mode) or XOR (hash) */
static u32 tpm2_rd_sym_def(struct tpm2_rd *rd, struct tpm2_start_session_in *i)
{
	u32 rc = tpm2_rd_u16(rd, &i->sym_alg);

	if (rc)
		return rc;
	switch (i->sym_alg) {
	case TPM2E_ALG_NULL:
		return TPM2E_RC_SUCCESS;
	case TPM2E_ALG_AES:
		rc = tpm2_rd_u16(rd, &i->sym_bits);
		if (!rc && i->sym_bits != 128 && i->sym_bits != 256)
			rc = TPM2E_RC_KEY_SIZE;
		if (!rc)
			rc = tpm2_rd_u16(rd, &i->sym_mode);
		if (!rc && i->sym_mode != TPM2E_ALG_CFB)
			rc = TPM2E_RC_MODE;
		return rc;
	case TPM2E_ALG_XOR:
		return tpm2_rd_alg_hash(rd, &i->sym_mode);
	}
	return TPM2E_RC_SYMMETRIC;
}

u32 tpm2_start_session_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_start_session_in *i = &in->start_session;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->nonce, sizeof(i->nonce), &i->nonce_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->salt, sizeof(i->salt), &i->salt_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_u8(rd, &i->type);
	if (!rc && i->type != TPM2E_SE_HMAC && i->type != TPM2E_SE_POLICY &&
	    i->type != TPM2E_SE_TRIAL)
		rc = TPM2E_RC_VALUE;
	if (rc)
		return tpm2_rc_param(rc, 3);
	rc = tpm2_rd_sym_def(rd, i);
	if (rc)
		return tpm2_rc_param(rc, 4);
	return tpm2_rc_param(tpm2_rd_alg_hash(rd, &i->auth_hash), 5);
}

/*
 * TPM2_StartAuthSession. Implemented so far: HMAC sessions, bound or not,
 * without salt and without parameter encryption. A salt needs a decryption
 * key (tpmKey), and none can be loaded yet; policy and trial sessions and
 * parameter encryption come with the policy commands.
 */
u32 tpm2_start_session_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_start_session_in *i = &in->start_session;
	struct tpm2_start_session_out *o = &out->start_session;
	u32 tpm_key = c->handles[0];
	u32 bind = c->handles[1];
	struct tpm2_session *s;
	u32 handle;
	u32 rc;

	if (tpm_key != TPM2E_RH_NULL)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	if (i->nonce_size < 16)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (i->salt_size)
		return tpm2_rc_param(TPM2E_RC_VALUE, 2);
	if (i->type != TPM2E_SE_HMAC)
		return tpm2_rc_param(TPM2E_RC_VALUE, 3);
	if (i->sym_alg != TPM2E_ALG_NULL)
		return tpm2_rc_param(TPM2E_RC_SYMMETRIC, 4);

	rc = tpm2_session_alloc(e, false, &s, &handle);
	if (rc)
		return rc;
	s->type = i->type;
	s->hash = tpm2_hash_find(i->auth_hash);
	s->symmetric = i->sym_alg;
	s->bind = bind;
	s->nonce_size = s->hash->size;
	tpm2_plat_get_random(s->nonce_tpm, s->nonce_size);
	/*
	 * sessionKey = KDFa(authHash, bind authValue || salt, "ATH",
	 * nonceTPM, nonceCaller); empty when neither a bind entity nor a
	 * salt key was given.
	 */
	if (bind != TPM2E_RH_NULL) {
		tpm2_entity_auth(e, bind, s->bind_auth, &s->bind_auth_size);
		s->key_size = s->hash->size;
		if (tpm2_kdfa(e, s->hash, s->bind_auth, s->bind_auth_size,
			      "ATH", s->nonce_tpm, s->nonce_size, i->nonce,
			      i->nonce_size, s->key, s->key_size)) {
			tpm2_session_flush(e, handle);
			return TPM2E_RC_FAILURE;
		}
	}
	c->rsp_handle = handle;
	o->nonce_size = s->nonce_size;
	memcpy(o->nonce, s->nonce_tpm, s->nonce_size);
	return TPM2E_RC_SUCCESS;
}

void tpm2_start_session_marshal(const union tpm2_cmd_out *out,
				struct tpm2_wr *wr)
{
	const struct tpm2_start_session_out *o = &out->start_session;

	tpm2_wr_tpm2b(wr, o->nonce, o->nonce_size);
}
