// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 28, Context Management: TPM2_ContextSave,
 * TPM2_ContextLoad, TPM2_FlushContext and TPM2_EvictControl.
 *
 * A saved context leaves the TPM, so its blob is sealed with keys only this
 * TPM has (derived from the instance secret, itself anchored to the host's
 * root):
 *
 *   contextBlob = TPM2B_DIGEST integrity || sealed state
 *   sealed state = AES-256-CFB(sequence || object state)
 *   integrity   = HMAC-SHA256(resets || sequence || savedHandle ||
 *                             hierarchy || sealed state)
 *
 * The AES key and IV are derived for each blob from its sequence number and
 * savedHandle, and sequence numbers never repeat within a TPM. A blob from
 * another TPM, one altered in any byte, or one saved before the last TPM
 * Reset fails the integrity check: "resets" counts every TPM Reset since
 * the engine was made (unlike resetCount, which TPM2_Clear sets back).
 */
#include "keys.h"
#include "session.h"

#define TPM2E_CONTEXT_INTEGRITY		32
/* integrity (TPM2B) and the sequence fingerprint */
#define TPM2E_CONTEXT_OVERHEAD		(2 + TPM2E_CONTEXT_INTEGRITY + 8)

/* Object state, inside the encryption: a version, then the object */
#define TPM2E_CONTEXT_VERSION		3
/* kind of a session context; objects use enum tpm2_object_kind */
#define TPM2E_CONTEXT_SESSION		0x80
#define TPM2E_SEQF_FIRST_BLOCK		BIT(0)
#define TPM2E_SEQF_TICKET_SAFE		BIT(1)
#define TPM2E_SEQF_HMAC			BIT(2)

/* AES key and IV of one blob */
static int tpm2_context_cipher(struct tpm2_engine *e, u64 sequence,
			       u32 saved_handle, struct tpm2_plat_aes *aes,
			       u8 *iv)
{
	u8 msg[1 + 8 + 4];
	u8 out[TPM2E_CONTEXT_KEY_SIZE];
	int rc;

	put_unaligned_be64(sequence, msg + 1);
	put_unaligned_be32(saved_handle, msg + 9);
	msg[0] = 'K';
	rc = tpm2_plat_hmac(e->crypto, TPM2_PLAT_SHA256, e->context_key[1],
			    TPM2E_CONTEXT_KEY_SIZE, msg, sizeof(msg), out);
	if (!rc)
		rc = tpm2_plat_aes_setkey(aes, out, sizeof(out));
	msg[0] = 'I';
	if (!rc)
		rc = tpm2_plat_hmac(e->crypto, TPM2_PLAT_SHA256,
				    e->context_key[1], TPM2E_CONTEXT_KEY_SIZE,
				    msg, sizeof(msg), out);
	if (!rc)
		memcpy(iv, out, TPM2_PLAT_AES_BLOCK);
	tpm2_plat_zeroize(out, sizeof(out));
	return rc;
}

/* HMAC binding the encrypted state to this TPM, this reset and the header */
static int tpm2_context_integrity(struct tpm2_engine *e,
				  const struct tpm2_context *ctx,
				  const u8 *enc, u32 enc_len, u8 *out)
{
	struct tpm2_plat_hash_ctx *h = &e->hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, ctx->hierarchy);
	u8 hdr[8 + 8 + 4 + 4];
	int rc;

	put_unaligned_be64(e->reset_epoch, hdr);
	put_unaligned_be64(ctx->sequence, hdr + 8);
	put_unaligned_be32(ctx->saved_handle, hdr + 16);
	put_unaligned_be32(ctx->hierarchy, hdr + 20);
	rc = tpm2_plat_hmac_init(e->crypto, h, TPM2_PLAT_SHA256,
				 e->context_key[0], TPM2E_CONTEXT_KEY_SIZE);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(h, hdr, sizeof(hdr));
	/* A hierarchy's objects die with its proof (TPM2_Clear, Change*PS). */
	if (!rc && proof)
		rc = tpm2_plat_hash_update(h, proof, TPM2E_PROOF_SIZE);
	if (!rc)
		rc = tpm2_plat_hash_update(h, enc, enc_len);
	if (rc) {
		tpm2_plat_hash_final(h, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(h, out);
}

/* The state of a sequence object */
static int tpm2_context_put_seq(struct tpm2_seq *seq, struct tpm2_wr *wr)
{
	u8 state[TPM2_PLAT_MAX_HASH_EXPORT];
	unsigned int n;
	int len = 0;

	tpm2_wr_u8(wr, (seq->first_block ? TPM2E_SEQF_FIRST_BLOCK : 0) |
		   (seq->ticket_safe ? TPM2E_SEQF_TICKET_SAFE : 0) |
		   (seq->hmac ? TPM2E_SEQF_HMAC : 0));
	tpm2_wr_u16(wr, seq->alg);
	tpm2_wr_u8(wr, seq->n_hash);
	if (seq->hmac)
		tpm2_wr_tpm2b(wr, seq->hmac_key, seq->hmac_key_size);
	for (n = 0; n < seq->n_hash; n++) {
		len = tpm2_plat_hash_export(&seq->hash[n], state);
		if (len < 0)
			break;
		tpm2_wr_tpm2b(wr, state, len);
	}
	tpm2_plat_zeroize(state, sizeof(state));
	return len < 0 ? len : 0;
}

/* A key object: its public area, names and sensitive values */
static void tpm2_context_put_key(const struct tpm2_key *k, struct tpm2_wr *wr)
{
	tpm2_wr_public2b(wr, &k->pub);
	tpm2_wr_tpm2b(wr, k->name, k->name_size);
	tpm2_wr_tpm2b(wr, k->qn, k->qn_size);
	tpm2_wr_u8(wr, k->public_only);
	tpm2_wr_tpm2b(wr, k->seed, k->seed_size);
	tpm2_wr_tpm2b(wr, k->sens, k->sens_size);
}

static u32 tpm2_context_get_key(struct tpm2_rd *rd, struct tpm2_key *k)
{
	u8 public_only = 0;
	u32 rc;

	rc = tpm2_rd_public2b(rd, &k->pub, false);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, k->name, sizeof(k->name), &k->name_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, k->qn, sizeof(k->qn), &k->qn_size);
	if (!rc)
		rc = tpm2_rd_yes_no(rd, &public_only);
	k->public_only = public_only;
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, k->seed, sizeof(k->seed), &k->seed_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, k->sens, sizeof(k->sens), &k->sens_size);
	return rc;
}

/* The state of a session */
static void tpm2_context_put_session(const struct tpm2_session *s,
				     struct tpm2_wr *wr)
{
	tpm2_wr_u8(wr, s->type);
	tpm2_wr_u16(wr, s->hash->alg);
	tpm2_wr_u16(wr, s->sym_alg);
	tpm2_wr_u16(wr, s->sym_bits);
	tpm2_wr_u16(wr, s->sym_hash);
	tpm2_wr_u32(wr, s->flags);
	tpm2_wr_tpm2b(wr, s->bind_name, s->bind_name_size);
	tpm2_wr_tpm2b(wr, s->bind_auth, s->bind_auth_size);
	tpm2_wr_tpm2b(wr, s->key, s->key_size);
	tpm2_wr_tpm2b(wr, s->nonce_tpm, s->nonce_size);
	tpm2_wr_tpm2b(wr, s->digest, s->hash->size);
	tpm2_wr_tpm2b(wr, s->cp_hash, s->cp_hash_size);
	tpm2_wr_u32(wr, s->command_code);
	tpm2_wr_u8(wr, s->locality);
	tpm2_wr_u32(wr, s->pcr_counter);
	tpm2_wr_u64(wr, s->start_time);
	tpm2_wr_u64(wr, s->timeout);
	tpm2_wr_u32(wr, s->epoch);
}

u32 tpm2_context_save_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	struct tpm2_context *o = &out->context;
	u32 handle = c->handles[0];
	struct tpm2_object *obj = tpm2_object_get(e, handle);
	struct tpm2_session_slot *slot = tpm2_session_slot(e, handle);
	u8 iv[TPM2_PLAT_AES_BLOCK];
	struct tpm2_plat_aes aes;
	struct tpm2_wr wr;
	u8 *enc = o->blob + 2 + TPM2E_CONTEXT_INTEGRITY;
	int rc = 0;

	/* Sequence numbers never repeat; a wrap would take 2^64 saves. */
	o->sequence = ++e->context_counter;
	o->hierarchy = TPM2E_RH_NULL;
	tpm2_wr_init(&wr, enc, sizeof(o->blob) - 2 - TPM2E_CONTEXT_INTEGRITY);
	tpm2_wr_u64(&wr, o->sequence);
	tpm2_wr_u8(&wr, TPM2E_CONTEXT_VERSION);
	if (obj) {
		o->hierarchy = obj->hierarchy;
		tpm2_wr_u8(&wr, obj->kind);
		tpm2_wr_tpm2b(&wr, obj->auth, obj->auth_size);
		if (obj->kind == TPM2E_OBJ_KEY) {
			o->saved_handle =
				obj->key.pub.attrs & TPM2E_OA_ST_CLEAR ?
				TPM2E_SAVED_STCLEAR : TPM2E_SAVED_OBJECT;
			tpm2_context_put_key(&obj->key, &wr);
		} else {
			o->saved_handle = TPM2E_SAVED_SEQUENCE;
			rc = tpm2_context_put_seq(&obj->seq, &wr);
		}
	} else if (slot && slot->state == TPM2E_SESSION_LOADED) {
		o->saved_handle = handle;
		tpm2_wr_u8(&wr, TPM2E_CONTEXT_SESSION);
		tpm2_context_put_session(slot->s, &wr);
	} else {
		/* The handle area let through loaded entities only. */
		return TPM2E_RC_FAILURE;
	}
	if (rc || wr.overflow)
		return TPM2E_RC_FAILURE;

	rc = tpm2_context_cipher(e, o->sequence, o->saved_handle, &aes, iv);
	if (!rc) {
		tpm2_aes_cfb(&aes, iv, enc, wr.len, true);
		rc = tpm2_context_integrity(e, o, enc, wr.len, o->blob + 2);
	}
	tpm2_plat_zeroize(&aes, sizeof(aes));
	if (rc)
		return TPM2E_RC_FAILURE;
	put_unaligned_be16(TPM2E_CONTEXT_INTEGRITY, o->blob);
	o->blob_size = 2 + TPM2E_CONTEXT_INTEGRITY + wr.len;

	/* A saved session leaves memory; only this context brings it back. */
	if (slot) {
		tpm2_plat_free_sensitive(slot->s, sizeof(*slot->s));
		slot->s = NULL;
		slot->state = TPM2E_SESSION_SAVED;
		slot->sequence = o->sequence;
	}
	return TPM2E_RC_SUCCESS;
}

void tpm2_context_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_context *o = &out->context;

	tpm2_wr_u64(wr, o->sequence);
	tpm2_wr_u32(wr, o->saved_handle);
	tpm2_wr_u32(wr, o->hierarchy);
	tpm2_wr_tpm2b(wr, o->blob, o->blob_size);
}

/* TPMS_CONTEXT: every field of it is parameter 1 */
u32 tpm2_context_load_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_context *i = &in->context;
	u32 h;
	u32 rc;

	rc = tpm2_rd_u64(rd, &i->sequence);
	if (!rc)
		rc = tpm2_rd_u32(rd, &i->saved_handle);
	if (!rc) {
		/* TPMI_DH_SAVED */
		h = i->saved_handle >> TPM2E_HT_SHIFT;
		if ((i->saved_handle < TPM2E_SAVED_OBJECT ||
		     i->saved_handle > TPM2E_SAVED_STCLEAR) &&
		    h != TPM2E_HT_HMAC_SESSION && h != TPM2E_HT_POLICY_SESSION)
			rc = TPM2E_RC_VALUE;
	}
	if (!rc)
		rc = tpm2_rd_hierarchy(rd, &i->hierarchy);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, i->blob, sizeof(i->blob), &i->blob_size);
	return tpm2_rc_param(rc, 1);
}

/* The state of a sequence object, from a blob this TPM sealed */
static u32 tpm2_context_get_seq(struct tpm2_engine *e, struct tpm2_rd *rd,
				struct tpm2_object *obj)
{
	const struct tpm2_hash_alg *h = NULL;
	struct tpm2_seq *seq = &obj->seq;
	u8 state[TPM2_PLAT_MAX_HASH_EXPORT];
	u16 state_len;
	u8 flags, n;
	u32 rc;

	rc = tpm2_rd_u8(rd, &flags);
	if (!rc)
		rc = tpm2_rd_u16(rd, &seq->alg);
	if (!rc)
		rc = tpm2_rd_u8(rd, &n);
	if (rc)
		return rc;
	seq->first_block = flags & TPM2E_SEQF_FIRST_BLOCK;
	seq->ticket_safe = flags & TPM2E_SEQF_TICKET_SAFE;
	seq->hmac = flags & TPM2E_SEQF_HMAC;
	if (seq->hmac) {
		u16 size;

		rc = tpm2_rd_tpm2b(rd, seq->hmac_key, sizeof(seq->hmac_key),
				   &size);
		if (rc || obj->kind != TPM2E_OBJ_HASH_SEQ)
			return TPM2E_RC_INTEGRITY;
		seq->hmac_key_size = size;
	}
	if (obj->kind == TPM2E_OBJ_HASH_SEQ) {
		h = tpm2_hash_find(seq->alg);
		if (!h || n != 1)
			return TPM2E_RC_INTEGRITY;
	} else if (seq->alg != TPM2E_ALG_NULL || n != TPM2E_NR_HASH) {
		return TPM2E_RC_INTEGRITY;
	}
	while (seq->n_hash < n) {
		u8 plat = h ? h->plat : tpm2_hash_algs[seq->n_hash].plat;

		rc = tpm2_rd_tpm2b(rd, state, sizeof(state), &state_len);
		if (!rc && tpm2_plat_hash_import(e->crypto,
						 &seq->hash[seq->n_hash],
						 plat, state, state_len))
			rc = TPM2E_RC_INTEGRITY;
		if (rc)
			break;
		seq->n_hash++;
	}
	tpm2_plat_zeroize(state, sizeof(state));
	return rc;
}

/* Rebuild a session from the decrypted state in @rd into its slot */
static u32 tpm2_context_get_session(struct tpm2_engine *e, struct tpm2_rd *rd,
				    struct tpm2_session_slot *slot)
{
	struct tpm2_session *s;
	u16 alg, digest_size;
	u8 kind;
	u32 rc;

	rc = tpm2_rd_u8(rd, &kind);
	if (rc || kind != TPM2E_CONTEXT_SESSION)
		return TPM2E_RC_INTEGRITY;
	if (tpm2_sessions_loaded(e) >= TPM2E_MAX_LOADED_SESSIONS)
		return TPM2E_RC_SESSION_MEMORY;
	s = tpm2_plat_zalloc(sizeof(*s));
	if (!s)
		return TPM2E_RC_MEMORY;
	rc = tpm2_rd_u8(rd, &s->type);
	if (!rc)
		rc = tpm2_rd_u16(rd, &alg);
	if (!rc) {
		s->hash = tpm2_hash_find(alg);
		rc = tpm2_rd_u16(rd, &s->sym_alg);
	}
	if (!rc)
		rc = tpm2_rd_u16(rd, &s->sym_bits);
	if (!rc)
		rc = tpm2_rd_u16(rd, &s->sym_hash);
	if (!rc)
		rc = tpm2_rd_u32(rd, &s->flags);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->bind_name, sizeof(s->bind_name),
				   &s->bind_name_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->bind_auth, sizeof(s->bind_auth),
				   &s->bind_auth_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->key, sizeof(s->key), &s->key_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->nonce_tpm, sizeof(s->nonce_tpm),
				   &s->nonce_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->digest, sizeof(s->digest),
				   &digest_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, s->cp_hash, sizeof(s->cp_hash),
				   &s->cp_hash_size);
	if (!rc)
		rc = tpm2_rd_u32(rd, &s->command_code);
	if (!rc)
		rc = tpm2_rd_u8(rd, &s->locality);
	if (!rc)
		rc = tpm2_rd_u32(rd, &s->pcr_counter);
	if (!rc)
		rc = tpm2_rd_u64(rd, &s->start_time);
	if (!rc)
		rc = tpm2_rd_u64(rd, &s->timeout);
	if (!rc)
		rc = tpm2_rd_u32(rd, &s->epoch);
	/* The blob is the TPM's own (its integrity held): sizes are sound. */
	if (rc || rd->left || !s->hash || digest_size != s->hash->size) {
		tpm2_plat_free_sensitive(s, sizeof(*s));
		return TPM2E_RC_INTEGRITY;
	}
	slot->s = s;
	slot->state = TPM2E_SESSION_LOADED;
	slot->sequence = 0;
	return TPM2E_RC_SUCCESS;
}

/* Rebuild the object from the decrypted state in @rd */
static u32 tpm2_context_get_object(struct tpm2_engine *e, struct tpm2_rd *rd,
				   const struct tpm2_context *i, u32 *handle)
{
	struct tpm2_object *obj;
	u8 kind;
	u32 rc;

	rc = tpm2_rd_u8(rd, &kind);
	if (rc)
		return TPM2E_RC_INTEGRITY;
	if (kind == TPM2E_OBJ_KEY ? i->saved_handle == TPM2E_SAVED_SEQUENCE :
	    (kind != TPM2E_OBJ_HASH_SEQ && kind != TPM2E_OBJ_EVENT_SEQ) ||
	    i->saved_handle != TPM2E_SAVED_SEQUENCE)
		return TPM2E_RC_INTEGRITY;

	rc = tpm2_object_alloc(e, &obj, handle);
	if (rc)
		return rc;
	obj->kind = kind;
	obj->hierarchy = i->hierarchy;
	rc = tpm2_rd_tpm2b(rd, obj->auth, sizeof(obj->auth), &obj->auth_size);
	if (!rc && kind == TPM2E_OBJ_KEY)
		rc = tpm2_context_get_key(rd, &obj->key);
	else if (!rc)
		rc = tpm2_context_get_seq(e, rd, obj);
	if (!rc && rd->left)
		rc = TPM2E_RC_INTEGRITY;
	if (rc) {
		tpm2_object_flush(e, *handle);
		return TPM2E_RC_INTEGRITY;
	}
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_context_load_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	const struct tpm2_context *i = &in->context;
	u8 mac[TPM2E_CONTEXT_INTEGRITY];
	u8 iv[TPM2_PLAT_AES_BLOCK];
	u8 *plain = e->scratch->buf;
	struct tpm2_session_slot *slot;
	struct tpm2_plat_aes aes;
	struct tpm2_rd rd;
	u64 fingerprint;
	u8 version;
	u32 enc_len;
	u32 handle;
	u32 rc;
	int err;

	if (i->blob_size < TPM2E_CONTEXT_OVERHEAD ||
	    get_unaligned_be16(i->blob) != TPM2E_CONTEXT_INTEGRITY)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	rc = tpm2_hierarchy_enabled(e, i->hierarchy);
	if (rc)
		return tpm2_rc_param(rc, 1);

	enc_len = i->blob_size - 2 - TPM2E_CONTEXT_INTEGRITY;
	memcpy(plain, i->blob + 2 + TPM2E_CONTEXT_INTEGRITY, enc_len);
	if (tpm2_context_integrity(e, i, plain, enc_len, mac))
		return TPM2E_RC_FAILURE;
	if (tpm2_plat_memneq(mac, i->blob + 2, sizeof(mac)))
		return tpm2_rc_param(TPM2E_RC_INTEGRITY, 1);

	err = tpm2_context_cipher(e, i->sequence, i->saved_handle, &aes, iv);
	if (!err)
		tpm2_aes_cfb(&aes, iv, plain, enc_len, false);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	if (err)
		return TPM2E_RC_FAILURE;

	tpm2_rd_init(&rd, plain, enc_len);
	rc = tpm2_rd_u64(&rd, &fingerprint);
	if (!rc)
		rc = tpm2_rd_u8(&rd, &version);
	if (rc || fingerprint != i->sequence ||
	    version != TPM2E_CONTEXT_VERSION)
		return tpm2_rc_param(TPM2E_RC_INTEGRITY, 1);
	if (tpm2_handle_is_session(i->saved_handle)) {
		/* Only the last context saved of a session still saved */
		slot = tpm2_session_slot(e, i->saved_handle);
		if (!slot || slot->state != TPM2E_SESSION_SAVED ||
		    slot->sequence != i->sequence)
			return tpm2_rc_param(TPM2E_RC_HANDLE, 1);
		handle = i->saved_handle;
		rc = tpm2_context_get_session(e, &rd, slot);
	} else {
		rc = tpm2_context_get_object(e, &rd, i, &handle);
	}
	if (rc == TPM2E_RC_INTEGRITY)
		return tpm2_rc_param(rc, 1);
	if (rc)
		return rc;
	c->rsp_handle = handle;
	return TPM2E_RC_SUCCESS;
}

/* TPMI_DH_CONTEXT */
u32 tpm2_flush_context_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	u32 h;
	u32 rc;

	rc = tpm2_rd_u32(rd, &in->flush_context.handle);
	if (rc)
		return tpm2_rc_param(rc, 1);
	h = in->flush_context.handle >> TPM2E_HT_SHIFT;
	if (h != TPM2E_HT_TRANSIENT && h != TPM2E_HT_HMAC_SESSION &&
	    h != TPM2E_HT_POLICY_SESSION)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_flush_context_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	u32 handle = in->flush_context.handle;

	if (tpm2_object_get(e, handle))
		tpm2_object_flush(e, handle);
	else if (tpm2_session_slot(e, handle))
		tpm2_session_flush(e, handle);
	else
		return tpm2_rc_param(TPM2E_RC_HANDLE, 1);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_evict_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	u32 *h = &in->evict.persistent;
	u32 rc;

	rc = tpm2_rd_u32(rd, h);
	if (!rc && *h >> TPM2E_HT_SHIFT != TPM2E_HT_PERSISTENT)
		rc = TPM2E_RC_VALUE;
	return tpm2_rc_param(rc, 1);
}

/*
 * Make a transient object persistent, or remove a persistent one. The
 * owner works in the owner's range with objects of the storage and
 * endorsement hierarchies, the platform in its own range with its own
 * objects, and may remove any persistent object.
 */
u32 tpm2_evict_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	u32 handle = in->evict.persistent;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[1]);
	bool platform_range = handle >= TPM2E_PERSISTENT_PLATFORM;
	bool platform_obj = obj->hierarchy == TPM2E_RH_PLATFORM;
	bool platform = c->handles[0] == TPM2E_RH_PLATFORM;

	if (obj->kind != TPM2E_OBJ_KEY || obj->key.public_only ||
	    obj->hierarchy == TPM2E_RH_NULL ||
	    (obj->key.pub.attrs & TPM2E_OA_ST_CLEAR))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	if (obj->evict_handle && obj->evict_handle != handle)
		return tpm2_rc_handle(TPM2E_RC_HANDLE, 2);
	if (!platform && platform_obj)
		return tpm2_rc_handle(TPM2E_RC_HIERARCHY, 2);
	if (obj->evict_handle) {
		tpm2_persistent_evict(e, handle);
		return TPM2E_RC_SUCCESS;
	}
	if (platform && !platform_obj)
		return tpm2_rc_handle(TPM2E_RC_HIERARCHY, 2);
	if (platform_range != platform)
		return tpm2_rc_param(TPM2E_RC_RANGE, 1);
	if (tpm2_persistent_exists(e, handle))
		return TPM2E_RC_NV_DEFINED;
	return tpm2_persistent_add(e, obj, handle);
}
