// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 20, Signing and Signature Verification:
 * TPM2_Sign and TPM2_VerifySignature with RSASSA, RSAPSS, ECDSA and HMAC,
 * and the TPMT_SIGNATURE both share.
 *
 * A restricted signing key signs only digests the TPM computed itself,
 * proven by a hashcheck ticket (TPM2_Hash, TPM2_SequenceComplete). A
 * verified signature yields a TPMT_TK_VERIFIED:
 *
 *   HMAC(proof of the key's hierarchy, TPM_ST_VERIFIED || digest || keyName)
 */
#include "keys.h"
#include "object.h"

/* Is @alg a signing scheme the engine implements? */
static bool tpm2_sig_alg_known(u16 alg)
{
	switch (alg) {
	case TPM2E_ALG_RSASSA:
	case TPM2E_ALG_RSAPSS:
	case TPM2E_ALG_ECDSA:
	case TPM2E_ALG_HMAC:
		return true;
	}
	return false;
}

/**
 * tpm2_rd_sig_scheme() - unmarshal a TPMT_SIG_SCHEME
 * @rd: reader
 * @s: the scheme
 *
 * TPMT_SIG_SCHEME+: TPM_ALG_NULL allowed, TPM_RC_SCHEME for an unknown
 * scheme.
 *
 * Return: TPM_RC_SUCCESS or an unmarshaling error.
 */
u32 tpm2_rd_sig_scheme(struct tpm2_rd *rd, struct tpm2_scheme *s)
{
	u32 rc = tpm2_rd_u16(rd, &s->alg);

	s->hash = TPM2E_ALG_NULL;
	if (rc || s->alg == TPM2E_ALG_NULL)
		return rc;
	if (!tpm2_sig_alg_known(s->alg))
		return TPM2E_RC_SCHEME;
	return tpm2_rd_alg_hash(rd, &s->hash);
}

/**
 * tpm2_rd_ticket() - unmarshal a TPMT_TK_HASHCHECK, _CREATION or _VERIFIED
 * @rd: reader
 * @tag: the tag the ticket must have (TPM_RC_TAG otherwise)
 * @hierarchy: its hierarchy, TPMI_RH_HIERARCHY+
 * @digest: its HMAC, room for @max bytes
 * @max: TPM2E_MAX_DIGEST_SIZE
 * @size: bytes in @digest
 *
 * Return: TPM_RC_SUCCESS or an unmarshaling error.
 */
u32 tpm2_rd_ticket(struct tpm2_rd *rd, u16 tag, u32 *hierarchy, u8 *digest,
		   u16 max, u16 *size)
{
	u16 t;
	u32 rc;

	rc = tpm2_rd_u16(rd, &t);
	if (!rc && t != tag)
		rc = TPM2E_RC_TAG;
	if (!rc)
		rc = tpm2_rd_hierarchy(rd, hierarchy);
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, digest, max, size);
	return rc;
}

u32 tpm2_sign_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_sign_in *i = &in->sign;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest), &i->digest_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_sig_scheme(rd, &i->scheme);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_ticket(rd, TPM2E_ST_HASHCHECK, &i->ticket_hierarchy,
			    i->ticket, sizeof(i->ticket), &i->ticket_size);
	return tpm2_rc_param(rc, 3);
}

/**
 * tpm2_sig_alg_fits() - can a key of a type sign with a scheme
 * @type: TPMI_ALG_PUBLIC of the key
 * @alg: the signature scheme
 *
 * Return: true when it can.
 */
bool tpm2_sig_alg_fits(u16 type, u16 alg)
{
	switch (type) {
	case TPM2E_ALG_RSA:
		return alg == TPM2E_ALG_RSASSA || alg == TPM2E_ALG_RSAPSS;
	case TPM2E_ALG_ECC:
		return alg == TPM2E_ALG_ECDSA;
	case TPM2E_ALG_KEYEDHASH:
		return alg == TPM2E_ALG_HMAC;
	}
	return false;
}

/**
 * tpm2_sig_scheme_select() - the scheme a key signs with
 * @p: public area of a signing key
 * @in: the scheme the caller asked for (TPM_ALG_NULL for none)
 * @out: the scheme to use
 *
 * The key's own scheme, which the caller may only repeat, or the caller's
 * when the key has none.
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_SCHEME (the caller adds the parameter
 * number).
 */
u32 tpm2_sig_scheme_select(const struct tpm2_public *p,
			   const struct tpm2_scheme *in,
			   struct tpm2_scheme *out)
{
	const struct tpm2_scheme *key = &p->scheme;

	if (key->alg != TPM2E_ALG_NULL) {
		if (in->alg != TPM2E_ALG_NULL &&
		    (in->alg != key->alg || in->hash != key->hash))
			return TPM2E_RC_SCHEME;
		*out = *key;
	} else {
		*out = *in;
	}
	if (!tpm2_sig_alg_fits(p->type, out->alg))
		return TPM2E_RC_SCHEME;
	return TPM2E_RC_SUCCESS;
}

static enum tpm2_rsa_pad tpm2_sig_pad(u16 alg)
{
	return alg == TPM2E_ALG_RSAPSS ? TPM2E_RSA_PAD_PSS :
	       TPM2E_RSA_PAD_PKCS1;
}

/**
 * tpm2_sign_digest() - sign a digest
 * @e: engine
 * @k: a signing key with its private part
 * @s: the scheme, from tpm2_sig_scheme_select()
 * @h: the scheme's hash
 * @digest: the digest
 * @digest_size: its bytes
 * @o: the signature
 *
 * Return: 0, or a negative errno.
 */
int tpm2_sign_digest(struct tpm2_engine *e, const struct tpm2_key *k,
		     const struct tpm2_scheme *s,
		     const struct tpm2_hash_alg *h, const u8 *digest,
		     u16 digest_size, struct tpm2_signature *o)
{
	const struct tpm2_public *p = &k->pub;
	struct tpm2_rsa_key rsa;

	o->alg = s->alg;
	o->hash = s->hash;
	switch (p->type) {
	case TPM2E_ALG_RSA:
		tpm2_key_rsa(k, &rsa);
		o->size = rsa.n_len;
		return tpm2_rsa_sign(e->crypto, &rsa, tpm2_sig_pad(s->alg),
				     h->plat, digest, digest_size, o->sig);
	case TPM2E_ALG_ECC:
		o->size = tpm2_ecc_bytes(p->curve);
		o->s_size = o->size;
		return tpm2_ecdsa_sign(p->curve, k->sens, digest, digest_size,
				       o->sig, o->s);
	}
	o->size = h->size;
	return tpm2_plat_hmac(e->crypto, h->plat, k->sens, k->sens_size,
			      digest, digest_size, o->sig);
}

u32 tpm2_sign_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_sign_in *i = &in->sign;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p = &obj->key.pub;
	u8 ticket[TPM2E_MAX_DIGEST_SIZE];
	const struct tpm2_hash_alg *h;
	struct tpm2_scheme s;
	u16 ticket_size;
	u32 rc;

	if (obj->kind != TPM2E_OBJ_KEY || !(p->attrs & TPM2E_OA_SIGN) ||
	    obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	rc = tpm2_sig_scheme_select(p, &i->scheme, &s);
	if (rc)
		return tpm2_rc_param(rc, 2);
	h = tpm2_hash_find(s.hash);

	/*
	 * A ticket given, or needed, must be the TPM's for this digest; it
	 * vouches for the digest's size too. Without one, the digest must
	 * at least have the size of the scheme's hash.
	 */
	if (i->ticket_size || (p->attrs & TPM2E_OA_RESTRICTED)) {
		if (i->ticket_hierarchy == TPM2E_RH_NULL ||
		    i->digest_size != h->size)
			return tpm2_rc_param(TPM2E_RC_TICKET, 3);
		rc = tpm2_hashcheck_ticket(e, i->ticket_hierarchy, h,
					   i->digest, ticket, &ticket_size);
		if (rc)
			return rc;
		if (ticket_size != i->ticket_size ||
		    tpm2_plat_memneq(ticket, i->ticket, ticket_size))
			return tpm2_rc_param(TPM2E_RC_TICKET, 3);
	} else if (i->digest_size != h->size) {
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	}
	return tpm2_rc_errno(tpm2_sign_digest(e, &obj->key, &s, h, i->digest,
					      i->digest_size,
					      &out->signature));
}

/**
 * tpm2_wr_signature() - marshal a TPMT_SIGNATURE
 * @wr: writer
 * @s: the signature
 */
void tpm2_wr_signature(struct tpm2_wr *wr, const struct tpm2_signature *s)
{
	tpm2_wr_u16(wr, s->alg);
	tpm2_wr_u16(wr, s->hash);
	if (s->alg == TPM2E_ALG_HMAC) {
		/* TPMT_HA: the digest has the hash's size, no size field */
		tpm2_wr_bytes(wr, s->sig, s->size);
		return;
	}
	tpm2_wr_tpm2b(wr, s->sig, s->size);
	if (s->alg == TPM2E_ALG_ECDSA)
		tpm2_wr_tpm2b(wr, s->s, s->s_size);
}

void tpm2_sign_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_signature(wr, &out->signature);
}

/**
 * tpm2_rd_signature() - unmarshal a TPMT_SIGNATURE the engine can check
 * @rd: reader
 * @s: the signature
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_SCHEME for a scheme not implemented,
 * TPM_RC_HASH for a hash not implemented, or an unmarshaling error.
 */
u32 tpm2_rd_signature(struct tpm2_rd *rd, struct tpm2_signature *s)
{
	const struct tpm2_hash_alg *h;
	u32 rc;

	rc = tpm2_rd_u16(rd, &s->alg);
	if (rc)
		return rc;
	if (!tpm2_sig_alg_known(s->alg))
		return TPM2E_RC_SCHEME;
	rc = tpm2_rd_alg_hash(rd, &s->hash);
	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_HMAC:
		h = tpm2_hash_find(s->hash);
		s->size = h->size;
		return tpm2_rd_bytes(rd, s->sig, h->size);
	case TPM2E_ALG_ECDSA:
		rc = tpm2_rd_tpm2b(rd, s->sig, TPM2E_MAX_ECC_KEY_BYTES,
				   &s->size);
		if (!rc)
			rc = tpm2_rd_tpm2b(rd, s->s, sizeof(s->s), &s->s_size);
		return rc;
	}
	return tpm2_rd_tpm2b(rd, s->sig, sizeof(s->sig), &s->size);
}

u32 tpm2_verify_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_verify_in *i = &in->verify;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->digest, sizeof(i->digest), &i->digest_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_signature(rd, &i->sig), 2);
}

/**
 * tpm2_verify_digest() - check a signature of a digest
 * @e: engine
 * @k: the key that signed it; its type fits the scheme of @s
 * @digest: the digest
 * @digest_size: its bytes
 * @s: the signature, of a scheme and hash the engine implements
 *
 * Return: 0 for a genuine signature, -EBADMSG (or -EINVAL) for another, or
 * a negative errno.
 */
int tpm2_verify_digest(struct tpm2_engine *e, const struct tpm2_key *k,
		       const u8 *digest, u16 digest_size,
		       const struct tpm2_signature *s)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(s->hash);
	const struct tpm2_public *p = &k->pub;
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_rsa_key rsa;
	int rc;

	switch (p->type) {
	case TPM2E_ALG_RSA:
		tpm2_key_rsa(k, &rsa);
		return tpm2_rsa_verify(e->crypto, &rsa, tpm2_sig_pad(s->alg),
				       h->plat, digest, digest_size, s->sig,
				       s->size);
	case TPM2E_ALG_ECC:
		return tpm2_ecdsa_verify(p->curve, p->unique, p->unique_y,
					 digest, digest_size, s->sig, s->size,
					 s->s, s->s_size);
	}
	/* A key with a scheme verifies only its own (no weaker hash). */
	if (p->scheme.alg != TPM2E_ALG_NULL && p->scheme.hash != s->hash)
		return -EBADMSG;
	rc = tpm2_plat_hmac(e->crypto, h->plat, k->sens, k->sens_size, digest,
			    digest_size, mac);
	if (!rc && tpm2_plat_memneq(mac, s->sig, h->size))
		rc = -EBADMSG;
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}

/**
 * tpm2_verified_ticket_digest() - the HMAC of a TPMT_TK_VERIFIED
 * @e: engine
 * @hierarchy: hierarchy of the key that verified the signature
 * @digest: the digest that was signed
 * @digest_size: its bytes
 * @name: Name of the key
 * @name_size: its bytes
 * @out: the HMAC, TPM2E_MAX_DIGEST_SIZE bytes of room
 * @out_size: its bytes: 0 for a hierarchy without a proof (TPM_RH_NULL),
 *	whose ticket is the null ticket
 *
 * HMAC(proof, TPM_ST_VERIFIED || digest || keyName), what
 * TPM2_VerifySignature returns and TPM2_PolicyAuthorize checks.
 *
 * Return: TPM_RC_SUCCESS or TPM_RC_FAILURE.
 */
u32 tpm2_verified_ticket_digest(struct tpm2_engine *e, u32 hierarchy,
				const u8 *digest, u16 digest_size,
				const u8 *name, u16 name_size, u8 *out,
				u16 *out_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, hierarchy);
	u8 tag[2];
	int rc;

	*out_size = 0;
	if (!proof)
		return TPM2E_RC_SUCCESS;
	put_unaligned_be16(TPM2E_ST_VERIFIED, tag);
	rc = tpm2_plat_hmac_init(e->crypto, ctx, TPM2_PLAT_SHA256, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return TPM2E_RC_FAILURE;
	rc = tpm2_plat_hash_update(ctx, tag, sizeof(tag));
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, digest, digest_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, name, name_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	if (tpm2_plat_hash_final(ctx, out))
		return TPM2E_RC_FAILURE;
	*out_size = 32;
	return TPM2E_RC_SUCCESS;
}

/* HMAC(proof, TPM_ST_VERIFIED || digest || keyName) */
static u32 tpm2_verified_ticket(struct tpm2_engine *e,
				const struct tpm2_object *obj,
				const struct tpm2_verify_in *i,
				struct tpm2_verify_out *o)
{
	o->hierarchy = tpm2_hierarchy_proof(e, obj->hierarchy) ?
		       obj->hierarchy : TPM2E_RH_NULL;
	return tpm2_verified_ticket_digest(e, obj->hierarchy, i->digest,
					   i->digest_size, obj->key.name,
					   obj->key.name_size, o->digest,
					   &o->size);
}

u32 tpm2_verify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_verify_in *i = &in->verify;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p = &obj->key.pub;
	int rc;

	if (obj->kind != TPM2E_OBJ_KEY || !(p->attrs & TPM2E_OA_SIGN))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	/* An HMAC is checked with the key itself. */
	if (p->type == TPM2E_ALG_KEYEDHASH && obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_HANDLE, 1);
	if (!tpm2_sig_alg_fits(p->type, i->sig.alg))
		return tpm2_rc_param(TPM2E_RC_SCHEME, 2);
	rc = tpm2_verify_digest(e, &obj->key, i->digest, i->digest_size,
				&i->sig);
	if (rc == -EBADMSG || rc == -EINVAL)
		return tpm2_rc_param(TPM2E_RC_SIGNATURE, 2);
	if (rc)
		return tpm2_rc_errno(rc);
	return tpm2_verified_ticket(e, obj, i, &out->verify);
}

void tpm2_verify_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_verify_out *o = &out->verify;

	tpm2_wr_u16(wr, TPM2E_ST_VERIFIED);
	tpm2_wr_u32(wr, o->hierarchy);
	tpm2_wr_tpm2b(wr, o->digest, o->size);
}
