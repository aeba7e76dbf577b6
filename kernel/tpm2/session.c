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
#include "ecc.h"
#include "keys.h"
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
 * A loaded object, an NV index and a hierarchy have their own. PCRs have
 * the empty authValue (PC Client profile: no PCR has an authorization
 * group).
 */
void tpm2_entity_auth(const struct tpm2_engine *e, u32 handle,
		      u8 auth[TPM2E_MAX_DIGEST_SIZE], u16 *size)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);
	int h = tpm2_hier_index(handle);

	memset(auth, 0, TPM2E_MAX_DIGEST_SIZE);
	*size = 0;
	if (obj) {
		memcpy(auth, obj->auth, obj->auth_size);
		*size = obj->auth_size;
	} else if (nv) {
		memcpy(auth, nv->auth, nv->auth_size);
		*size = nv->auth_size;
	} else if (h >= 0) {
		memcpy(auth, e->hier_auth[h], e->hier_auth_size[h]);
		*size = e->hier_auth_size[h];
	}
}

/**
 * tpm2_entity_name() - the Name of the entity a handle names
 * @e: engine
 * @handle: a handle the handle area let through
 * @name: the Name
 * @size: its size
 *
 * TPM 2.0 Part 1, "Names": nameAlg || H(public area) for a key object or
 * an NV index, the Empty Buffer for a sequence object, the handle for the
 * others (PCRs, permanent handles, sessions).
 */
void tpm2_entity_name(const struct tpm2_engine *e, u32 handle,
		      u8 name[TPM2E_MAX_NAME], u16 *size)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);

	*size = 0;
	if (obj && obj->kind == TPM2E_OBJ_KEY) {
		memcpy(name, obj->key.name, obj->key.name_size);
		*size = obj->key.name_size;
	} else if (nv) {
		memcpy(name, nv->name, nv->name_size);
		*size = nv->name_size;
	} else if (!obj) {
		put_unaligned_be32(handle, name);
		*size = 4;
	}
}

/**
 * tpm2_entity_hierarchy() - the hierarchy an entity belongs to
 * @e: engine
 * @handle: a handle the handle area let through
 *
 * Return: TPM_RH_OWNER, _ENDORSEMENT, _PLATFORM or _NULL: an object's own
 * hierarchy; an NV index's (platform for PLATFORMCREATE, else owner); a
 * hierarchy (lockout counts as owner) itself; TPM_RH_NULL for PCRs and
 * the rest. The hierarchy decides which proof keys a ticket.
 */
u32 tpm2_entity_hierarchy(const struct tpm2_engine *e, u32 handle)
{
	const struct tpm2_object *obj = tpm2_object_get(e, handle);
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);

	if (obj)
		return obj->hierarchy;
	if (nv)
		return nv->attrs & TPM2E_NV_PLATFORMCREATE ? TPM2E_RH_PLATFORM :
		       TPM2E_RH_OWNER;
	switch (handle) {
	case TPM2E_RH_OWNER:
	case TPM2E_RH_LOCKOUT:
		return TPM2E_RH_OWNER;
	case TPM2E_RH_ENDORSEMENT:
	case TPM2E_RH_PLATFORM:
		return handle;
	}
	return TPM2E_RH_NULL;
}

/**
 * tpm2_time_now() - TPM Time: milliseconds since _TPM_Init
 * @e: engine
 *
 * Return: the time, as TPMS_TIME_INFO.time reports it.
 */
u64 tpm2_time_now(struct tpm2_engine *e)
{
	return tpm2_plat_time_ms() - e->time_origin;
}

/**
 * tpm2_policy_reset() - a policy session back to its start
 * @e: engine
 * @s: a policy or trial session
 *
 * What PolicyRestart does and every use of a policy session that goes on
 * does (TPM 2.0 Part 1): policyDigest back to zeros, every condition
 * recorded by the policy commands forgotten, and a new time interval.
 */
void tpm2_policy_reset(struct tpm2_engine *e, struct tpm2_session *s)
{
	s->flags &= ~TPM2E_SF_POLICY_STATE;
	memset(s->digest, 0, sizeof(s->digest));
	memset(s->cp_hash, 0, sizeof(s->cp_hash));
	s->cp_hash_size = 0;
	s->command_code = 0;
	s->locality = 0;
	s->pcr_counter = 0;
	s->timeout = 0;
	s->start_time = tpm2_time_now(e);
	s->epoch = e->power_epoch;
}

/*
 * KDFa's output, stored into @out (@xor false) or XORed onto it: the
 * blocks HMAC(key, i || label || 0 || u || v || bits) for i = 1, 2...
 */
static int tpm2_kdfa_out(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
			 const u8 *key, u16 key_size, const char *label,
			 const u8 *u, u16 u_size, const u8 *v, u16 v_size,
			 u8 *out, u32 out_size, bool xor)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 block[TPM2_PLAT_MAX_DIGEST];
	u8 be[4], bits[4];
	u32 counter = 0;
	u32 n, j;
	int rc = 0;

	if (!h)
		return -EINVAL;
	put_unaligned_be32(out_size * 8, bits);
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
		n = min_t(u32, out_size, h->size);
		if (xor)
			for (j = 0; j < n; j++)
				out[j] ^= block[j];
		else
			memcpy(out, block, n);
		out += n;
		out_size -= n;
	}
	tpm2_plat_zeroize(block, sizeof(block));
	return rc;
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
	return tpm2_kdfa_out(e, h, key, key_size, label, u, u_size, v, v_size,
			     out, out_size, false);
}

/**
 * tpm2_kdfa_xor() - XOR KDFa's output of @len bytes onto @buf
 * @e: engine
 * @h: hash of the HMAC
 * @key: HMAC key
 * @key_size: bytes in @key, at most TPM2_PLAT_MAX_HMAC_KEY
 * @label: label, NUL-terminated
 * @u: contextU
 * @u_size: bytes in @u
 * @v: contextV
 * @v_size: bytes in @v
 * @buf: data, masked in place
 * @len: bytes in @buf, under 2^29
 *
 * The XOR obfuscation of TPM 2.0 Part 1 ("XOR Obfuscation").
 *
 * Return: 0, or a negative errno.
 */
int tpm2_kdfa_xor(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
		  const u8 *key, u16 key_size, const char *label,
		  const u8 *u, u16 u_size, const u8 *v, u16 v_size,
		  u8 *buf, u32 len)
{
	return tpm2_kdfa_out(e, h, key, key_size, label, u, u_size, v, v_size,
			     buf, len, true);
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

/**
 * tpm2_kdfe() - KDFe of TPM 2.0 Part 1 (SP 800-56A concatenation KDF)
 * @e: engine
 * @h: hash
 * @z: the shared secret (x coordinate of the ECDH point)
 * @z_size: bytes in @z
 * @label: label, NUL-terminated; the NUL is part of the input
 * @u: partyUInfo
 * @u_size: bytes in @u
 * @v: partyVInfo
 * @v_size: bytes in @v
 * @out: output
 * @out_size: bytes wanted
 *
 * Return: 0, or a negative errno.
 */
int tpm2_kdfe(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
	      const u8 *z, u16 z_size, const char *label,
	      const u8 *u, u16 u_size, const u8 *v, u16 v_size,
	      u8 *out, u16 out_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 block[TPM2_PLAT_MAX_DIGEST];
	u32 counter = 0;
	u8 be[4];
	u16 n;
	int rc = 0;

	while (out_size && !rc) {
		put_unaligned_be32(++counter, be);
		rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
		if (rc)
			break;
		rc = tpm2_plat_hash_update(ctx, be, 4);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, z, z_size);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, label,
						   strlen(label) + 1);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, u, u_size);
		if (!rc)
			rc = tpm2_plat_hash_update(ctx, v, v_size);
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

/*
 * A seed sent to an RSA key: RSAES-OAEP with the key's nameAlg and @label,
 * its terminating zero included (TPM 2.0 Part 1, "Secret Sharing"), at
 * most a digest of that hash.
 */
static u32 tpm2_secret_rsa(struct tpm2_engine *e, const struct tpm2_key *k,
			   const char *label, const u8 *secret,
			   u16 secret_size, u8 *seed, u16 *seed_size)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(k->pub.name_alg);
	struct tpm2_rsa_key rsa;
	size_t len;
	int err;

	if (!h)
		return TPM2E_RC_KEY;
	if (k->pub.scheme.alg != TPM2E_ALG_NULL &&
	    k->pub.scheme.alg != TPM2E_ALG_OAEP)
		return TPM2E_RC_SCHEME;
	tpm2_key_rsa(k, &rsa);
	if (secret_size != rsa.n_len)
		return TPM2E_RC_VALUE;
	err = tpm2_rsa_decrypt(e->crypto, &rsa, TPM2E_RSA_PAD_OAEP, h->plat,
			       (const u8 *)label, strlen(label) + 1, secret,
			       secret_size, e->scratch->buf, &len);
	if (err == -EINVAL || err == -EBADMSG || (!err && len > h->size))
		return TPM2E_RC_VALUE;
	if (err)
		return tpm2_rc_errno(err);
	memcpy(seed, e->scratch->buf, len);
	tpm2_plat_zeroize(e->scratch->buf, len);
	*seed_size = len;
	return TPM2E_RC_SUCCESS;
}

/*
 * A seed agreed with an ECC key: the sender's ephemeral point Qe in the
 * secret, Z = d * Qe, seed = KDFe(nameAlg, Z.x, @label, Qe.x, Qs.x) of the
 * digest size.
 */
static u32 tpm2_secret_ecc(struct tpm2_engine *e, const struct tpm2_key *k,
			   const char *label, const u8 *secret,
			   u16 secret_size, u8 *seed, u16 *seed_size)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(k->pub.name_alg);
	unsigned int size = tpm2_ecc_bytes(k->pub.curve);
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	u8 px[TPM2E_ECC_MAX_BYTES], py[TPM2E_ECC_MAX_BYTES];
	u8 zx[TPM2E_ECC_MAX_BYTES], zy[TPM2E_ECC_MAX_BYTES];
	u16 px_size, py_size;
	struct tpm2_rd rd;
	int err;

	if (!h || !size)
		return TPM2E_RC_KEY;
	/* TPMS_ECC_POINT: x and y as TPM2Bs, filling the secret exactly */
	tpm2_rd_init(&rd, secret, secret_size);
	if (tpm2_rd_tpm2b(&rd, px, size, &px_size) ||
	    tpm2_rd_tpm2b(&rd, py, size, &py_size) || rd.left)
		return TPM2E_RC_VALUE;
	memset(x, 0, size - px_size);
	memcpy(x + size - px_size, px, px_size);
	memset(y, 0, size - py_size);
	memcpy(y + size - py_size, py, py_size);
	err = tpm2_ecc_mul(k->pub.curve, k->sens, x, y, zx, zy);
	if (err == -EINVAL)
		return TPM2E_RC_VALUE;
	if (!err)
		err = tpm2_kdfe(e, h, zx, size, label, x, size,
				k->pub.unique, k->pub.unique_size, seed,
				h->size);
	tpm2_plat_zeroize(zx, sizeof(zx));
	tpm2_plat_zeroize(zy, sizeof(zy));
	if (err)
		return tpm2_rc_errno(err);
	*seed_size = h->size;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_secret_decrypt() - the seed a secret sent to a key carries
 * @e: engine
 * @k: an RSA or ECC key with its private part
 * @label: "SECRET", "IDENTITY" or "DUPLICATE"
 * @secret: encryptedSalt, TPM2B_ENCRYPTED_SECRET's bytes or inSymSeed
 * @secret_size: its bytes
 * @seed: the seed, TPM2E_MAX_DIGEST_SIZE bytes of room
 * @seed_size: its bytes
 *
 * TPM 2.0 Part 1, "Secret Sharing": RSAES-OAEP with the label for an RSA
 * key, ECDH and KDFe with it for an ECC key. The caller checks that @k
 * may decrypt.
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_VALUE for a secret that does not decrypt,
 * TPM_RC_KEY or TPM_RC_SCHEME for a key that cannot do it (the caller
 * adds the parameter or handle number), or a platform error.
 */
u32 tpm2_secret_decrypt(struct tpm2_engine *e, const struct tpm2_key *k,
			const char *label, const u8 *secret, u16 secret_size,
			u8 *seed, u16 *seed_size)
{
	*seed_size = 0;
	if (k->pub.type == TPM2E_ALG_RSA)
		return tpm2_secret_rsa(e, k, label, secret, secret_size, seed,
				       seed_size);
	if (k->pub.type == TPM2E_ALG_ECC)
		return tpm2_secret_ecc(e, k, label, secret, secret_size, seed,
				       seed_size);
	return TPM2E_RC_KEY;
}

/* The salt of a session with a tpmKey (TPM 2.0 Part 3, StartAuthSession) */
static u32 tpm2_session_salt(struct tpm2_engine *e, u32 tpm_key,
			     const struct tpm2_start_session_in *i, u8 *salt,
			     u16 *salt_size)
{
	const struct tpm2_object *obj = tpm2_object_get(e, tpm_key);
	const struct tpm2_key *k;
	u32 rc;

	*salt_size = 0;
	if (!obj) {
		if (i->salt_size)
			return tpm2_rc_param(TPM2E_RC_VALUE, 2);
		return TPM2E_RC_SUCCESS;
	}
	if (!i->salt_size)
		return tpm2_rc_param(TPM2E_RC_VALUE, 2);
	k = &obj->key;
	if (obj->kind != TPM2E_OBJ_KEY ||
	    (k->pub.type != TPM2E_ALG_RSA && k->pub.type != TPM2E_ALG_ECC))
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	/* The sensitive area decrypts; this command needs no auth for it. */
	if (k->public_only)
		return tpm2_rc_handle(TPM2E_RC_HANDLE, 1);
	if (!(k->pub.attrs & TPM2E_OA_DECRYPT))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	rc = tpm2_secret_decrypt(e, k, "SECRET", i->salt, i->salt_size, salt,
				 salt_size);
	if (rc == TPM2E_RC_KEY || rc == TPM2E_RC_SCHEME)
		return tpm2_rc_handle(rc, 1);
	if (rc == TPM2E_RC_VALUE)
		return tpm2_rc_param(rc, 2);
	return rc;
}

/*
 * TPM2_StartAuthSession: HMAC, policy and trial sessions, bound to an
 * entity or not, salted by an RSA or ECC tpmKey or not, with AES-CFB or
 * XOR parameter encryption or none.
 */
u32 tpm2_start_session_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_start_session_in *i = &in->start_session;
	struct tpm2_start_session_out *o = &out->start_session;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->auth_hash);
	u8 secret[2 * TPM2E_MAX_DIGEST_SIZE];
	u32 tpm_key = c->handles[0];
	u32 bind = c->handles[1];
	const struct tpm2_object *obj = tpm2_object_get(e, bind);
	u16 salt_size, auth_size;
	struct tpm2_session *s;
	u32 handle;
	u32 rc;

	if (i->nonce_size < 16)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	/* A public area alone has no authValue to bind to. */
	if (obj && obj->kind == TPM2E_OBJ_KEY && obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_HANDLE, 2);
	rc = tpm2_session_salt(e, tpm_key, i, secret + TPM2E_MAX_DIGEST_SIZE,
			       &salt_size);
	if (rc)
		goto out;

	rc = tpm2_session_alloc(e, i->type != TPM2E_SE_HMAC, &s, &handle);
	if (rc)
		goto out;
	s->type = i->type;
	s->hash = h;
	s->sym_alg = i->sym_alg;
	s->sym_bits = i->sym_alg == TPM2E_ALG_AES ? i->sym_bits : 0;
	s->sym_hash = i->sym_alg == TPM2E_ALG_XOR ? i->sym_mode : 0;
	s->nonce_size = h->size;
	tpm2_plat_get_random(s->nonce_tpm, s->nonce_size);
	tpm2_policy_reset(e, s);

	/*
	 * sessionKey = KDFa(authHash, bind authValue || salt, "ATH",
	 * nonceTPM, nonceCaller), even of an empty authValue and salt;
	 * empty when neither a bind entity nor a salt key was given.
	 */
	auth_size = 0;
	if (bind != TPM2E_RH_NULL) {
		tpm2_entity_auth(e, bind, s->bind_auth, &s->bind_auth_size);
		auth_size = s->bind_auth_size;
		memcpy(secret, s->bind_auth, auth_size);
		if (s->type == TPM2E_SE_HMAC) {
			s->flags |= TPM2E_SF_BOUND;
			tpm2_entity_name(e, bind, s->bind_name,
					 &s->bind_name_size);
			if (tpm2_da_protected(e, bind))
				s->flags |= TPM2E_SF_DA_BOUND;
			if (bind == TPM2E_RH_LOCKOUT)
				s->flags |= TPM2E_SF_LOCKOUT_BOUND;
		}
	}
	memmove(secret + auth_size, secret + TPM2E_MAX_DIGEST_SIZE, salt_size);
	if (bind != TPM2E_RH_NULL || tpm_key != TPM2E_RH_NULL) {
		s->key_size = h->size;
		if (tpm2_kdfa(e, h, secret, auth_size + salt_size, "ATH",
			      s->nonce_tpm, s->nonce_size, i->nonce,
			      i->nonce_size, s->key, s->key_size)) {
			tpm2_session_flush(e, handle);
			rc = TPM2E_RC_FAILURE;
			goto out;
		}
	}
	c->rsp_handle = handle;
	o->nonce_size = s->nonce_size;
	memcpy(o->nonce, s->nonce_tpm, s->nonce_size);
out:
	tpm2_plat_zeroize(secret, sizeof(secret));
	return rc;
}

void tpm2_start_session_marshal(const union tpm2_cmd_out *out,
				struct tpm2_wr *wr)
{
	const struct tpm2_start_session_out *o = &out->start_session;

	tpm2_wr_tpm2b(wr, o->nonce, o->nonce_size);
}
