// SPDX-License-Identifier: GPL-2.0
/*
 * Symmetric operations with loaded keys (TPM 2.0 Part 3 chapters 14 and
 * 15): TPM2_EncryptDecrypt, TPM2_EncryptDecrypt2 and TPM2_HMAC.
 */
#include "keys.h"
#include "object.h"

u32 tpm2_hmac_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_hmac_in *i = &in->hmac;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->data, sizeof(i->data), &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_alg_hash_null(rd, &i->hash_alg);
	return tpm2_rc_param(rc, 2);
}

/*
 * The key of TPM2_HMAC and TPM2_HMAC_Start: an unrestricted KEYEDHASH
 * signing key. Its scheme's hash is used unless the scheme is NULL, then
 * the command's (@alg, parameter @pn); naming another is an error.
 */
static u32 tpm2_hmac_key(struct tpm2_engine *e, struct tpm2_cmd *c, u16 alg,
			 unsigned int pn, const struct tpm2_object **key,
			 const struct tpm2_hash_alg **h)
{
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p;

	if (!obj || obj->kind != TPM2E_OBJ_KEY ||
	    obj->key.pub.type != TPM2E_ALG_KEYEDHASH)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	p = &obj->key.pub;
	/* Not a signing key: TPM_RC_KEY; a restricted one: ATTRIBUTES */
	if (!(p->attrs & TPM2E_OA_SIGN))
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	if (p->attrs & TPM2E_OA_RESTRICTED)
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if (p->scheme.alg == TPM2E_ALG_HMAC) {
		if (alg != TPM2E_ALG_NULL && alg != p->scheme.hash)
			return tpm2_rc_param(TPM2E_RC_VALUE, pn);
		alg = p->scheme.hash;
	} else if (alg == TPM2E_ALG_NULL) {
		return tpm2_rc_param(TPM2E_RC_VALUE, pn);
	}
	*key = obj;
	*h = tpm2_hash_find(alg);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_hmac_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_hmac_in *i = &in->hmac;
	struct tpm2_hash_out *o = &out->hash;
	const struct tpm2_object *obj;
	const struct tpm2_hash_alg *h;
	u32 rc;

	rc = tpm2_hmac_key(e, c, i->hash_alg, 2, &obj, &h);
	if (rc)
		return rc;
	if (tpm2_plat_hmac(e->crypto, h->plat, obj->key.sens,
			   obj->key.sens_size, i->data, i->size, o->digest))
		return TPM2E_RC_FAILURE;
	o->digest_size = h->size;
	return TPM2E_RC_SUCCESS;
}

/*
 * An HMAC sequence: a hash sequence over (key ^ ipad) || data, that keeps
 * key ^ opad for the outer hash at TPM2_SequenceComplete (RFC 2104).
 */
u32 tpm2_hmac_start_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_hash_seq_start_in *i = &in->hash_seq_start;
	u8 pad[TPM2E_MAX_HASH_BLOCK] = { 0 };
	const struct tpm2_object *key;
	const struct tpm2_hash_alg *h;
	struct tpm2_object *obj;
	struct tpm2_seq *seq;
	u32 handle;
	u8 block, n;
	u32 rc;

	rc = tpm2_hmac_key(e, c, i->hash_alg, 2, &key, &h);
	if (rc)
		return rc;
	rc = tpm2_object_alloc(e, &obj, &handle);
	if (rc)
		return rc;
	obj->kind = TPM2E_OBJ_HASH_SEQ;
	obj->hierarchy = TPM2E_RH_NULL;
	tpm2_object_set_auth(obj, i->auth, i->auth_size);
	seq = &obj->seq;
	seq->alg = h->alg;
	seq->hmac = true;
	block = h->size > 32 ? 128 : 64;
	seq->hmac_key_size = block;
	/* A key longer than a block is hashed first. */
	rc = TPM2E_RC_FAILURE;
	if (key->key.sens_size > block) {
		if (tpm2_plat_hash(e->crypto, h->plat, key->key.sens,
				   key->key.sens_size, pad))
			goto flush;
	} else {
		memcpy(pad, key->key.sens, key->key.sens_size);
	}
	for (n = 0; n < block; n++) {
		seq->hmac_key[n] = pad[n] ^ 0x5c;
		pad[n] ^= 0x36;
	}
	if (tpm2_plat_hash_init(e->crypto, &seq->hash[0], h->plat))
		goto flush;
	seq->n_hash = 1;
	if (tpm2_plat_hash_update(&seq->hash[0], pad, block))
		goto flush;
	c->rsp_handle = handle;
	rc = TPM2E_RC_SUCCESS;
	goto out;
flush:
	tpm2_object_flush(e, handle);
out:
	tpm2_plat_zeroize(pad, sizeof(pad));
	return rc;
}

/* TPMI_ALG_CIPHER_MODE+ */
static u32 tpm2_rd_cipher_mode(struct tpm2_rd *rd, u16 *mode)
{
	u32 rc = tpm2_rd_u16(rd, mode);

	if (rc)
		return rc;
	switch (*mode) {
	case TPM2E_ALG_CTR:
	case TPM2E_ALG_OFB:
	case TPM2E_ALG_CBC:
	case TPM2E_ALG_CFB:
	case TPM2E_ALG_ECB:
	case TPM2E_ALG_NULL:
		return TPM2E_RC_SUCCESS;
	}
	return TPM2E_RC_MODE;
}

/* keyHandle, decrypt, mode, ivIn, inData */
u32 tpm2_encrypt_decrypt_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_cipher_in *i = &in->cipher;
	u32 rc;

	rc = tpm2_rd_yes_no(rd, &i->decrypt);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_cipher_mode(rd, &i->mode);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, i->iv, sizeof(i->iv), &i->iv_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->data, sizeof(i->data),
					   &i->size), 4);
}

/* keyHandle, inData, decrypt, mode, ivIn */
u32 tpm2_encrypt_decrypt2_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in)
{
	struct tpm2_cipher_in *i = &in->cipher;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->data, sizeof(i->data), &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_yes_no(rd, &i->decrypt);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_cipher_mode(rd, &i->mode);
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->iv, sizeof(i->iv),
					   &i->iv_size), 4);
}

/*
 * The common actions; @pn holds the parameter numbers of mode, ivIn and
 * inData in the command at hand.
 */
static u32 tpm2_cipher(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const struct tpm2_cipher_in *i, struct tpm2_cipher_out *o,
		       const u8 pn[3])
{
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_plat_aes aes;
	const struct tpm2_public *p;
	u16 mode;
	int rc;

	if (!obj || obj->kind != TPM2E_OBJ_KEY ||
	    obj->key.pub.type != TPM2E_ALG_SYMCIPHER)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	p = &obj->key.pub;
	if ((p->attrs & TPM2E_OA_RESTRICTED) ||
	    !(p->attrs & (i->decrypt ? TPM2E_OA_DECRYPT : TPM2E_OA_SIGN)))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	mode = p->sym.mode;
	if (mode == TPM2E_ALG_NULL)
		mode = i->mode;
	else if (i->mode != TPM2E_ALG_NULL && i->mode != mode)
		return tpm2_rc_param(TPM2E_RC_MODE, pn[0]);
	if (mode == TPM2E_ALG_NULL)
		return tpm2_rc_param(TPM2E_RC_MODE, pn[0]);
	if (i->iv_size != (mode == TPM2E_ALG_ECB ? 0 : TPM2_PLAT_AES_BLOCK))
		return tpm2_rc_param(TPM2E_RC_SIZE, pn[1]);
	if ((mode == TPM2E_ALG_CBC || mode == TPM2E_ALG_ECB) &&
	    i->size % TPM2_PLAT_AES_BLOCK)
		return tpm2_rc_param(TPM2E_RC_SIZE, pn[2]);

	memcpy(o->data, i->data, i->size);
	o->size = i->size;
	memcpy(o->iv, i->iv, i->iv_size);
	o->iv_size = i->iv_size;
	rc = tpm2_plat_aes_setkey(&aes, obj->key.sens, obj->key.sens_size);
	if (!rc)
		rc = tpm2_aes_mode(&aes, mode, o->iv, o->data, o->size,
				   !i->decrypt);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	return rc ? TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
}

u32 tpm2_encrypt_decrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	static const u8 pn[3] = { 2, 3, 4 };

	return tpm2_cipher(e, c, &in->cipher, &out->cipher, pn);
}

u32 tpm2_encrypt_decrypt2_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out)
{
	static const u8 pn[3] = { 3, 4, 1 };

	return tpm2_cipher(e, c, &in->cipher, &out->cipher, pn);
}

void tpm2_cipher_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_cipher_out *o = &out->cipher;

	tpm2_wr_tpm2b(wr, o->data, o->size);
	tpm2_wr_tpm2b(wr, o->iv, o->iv_size);
}

void tpm2_digest_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->hash.digest, out->hash.digest_size);
}
