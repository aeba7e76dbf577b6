// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 14, Asymmetric Primitives: TPM2_RSA_Encrypt,
 * TPM2_RSA_Decrypt (raw, RSAES-PKCS1-v1_5 and OAEP), TPM2_ECDH_KeyGen and
 * TPM2_ECDH_ZGen. Only unrestricted keys decrypt (RSA_Decrypt, ECDH_ZGen):
 * a restricted decryption key guards the secrets of the TPM's own
 * protocols. Encryption and ECDH_KeyGen use the public key alone.
 */
#include "keys.h"
#include "object.h"

/* TPMT_RSA_DECRYPT+: NULL, RSAES, or OAEP with its hash */
static u32 tpm2_rd_rsa_decrypt_scheme(struct tpm2_rd *rd,
				      struct tpm2_scheme *s)
{
	u32 rc = tpm2_rd_u16(rd, &s->alg);

	s->hash = TPM2E_ALG_NULL;
	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_NULL:
	case TPM2E_ALG_RSAES:
		return TPM2E_RC_SUCCESS;
	case TPM2E_ALG_OAEP:
		return tpm2_rd_alg_hash(rd, &s->hash);
	}
	return TPM2E_RC_VALUE;
}

u32 tpm2_rsa_crypt_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_rsa_crypt_in *i = &in->rsa_crypt;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->data, sizeof(i->data), &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_rsa_decrypt_scheme(rd, &i->scheme);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->label, sizeof(i->label),
					   &i->label_size), 3);
}

/*
 * The RSA key of RSA_Encrypt or RSA_Decrypt (@decrypt), its padding and
 * hash: the key's scheme, which the caller may only repeat, else the
 * caller's. A
 * label must be a NUL-terminated string (it is used with its NUL).
 */
static u32 tpm2_rsa_crypt_setup(const struct tpm2_object *obj,
				const struct tpm2_rsa_crypt_in *i, bool decrypt,
				enum tpm2_rsa_pad *pad, unsigned int *hash)
{
	const struct tpm2_public *p = &obj->key.pub;
	const struct tpm2_scheme *s = &i->scheme;
	const struct tpm2_hash_alg *h;

	if (obj->kind != TPM2E_OBJ_KEY || p->type != TPM2E_ALG_RSA)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	/* Only an unrestricted key decrypts (Part 3, TPM2_RSA_Decrypt). */
	if (!(p->attrs & TPM2E_OA_DECRYPT) ||
	    (decrypt && (p->attrs & TPM2E_OA_RESTRICTED)))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if (i->label_size && i->label[i->label_size - 1])
		return tpm2_rc_param(TPM2E_RC_VALUE, 3);
	if (p->scheme.alg != TPM2E_ALG_NULL) {
		if (s->alg != TPM2E_ALG_NULL &&
		    (s->alg != p->scheme.alg || s->hash != p->scheme.hash))
			return tpm2_rc_param(TPM2E_RC_SCHEME, 2);
		s = &p->scheme;
	}
	switch (s->alg) {
	case TPM2E_ALG_RSAES:
		*pad = TPM2E_RSA_PAD_PKCS1;
		break;
	case TPM2E_ALG_OAEP:
		*pad = TPM2E_RSA_PAD_OAEP;
		break;
	default:
		*pad = TPM2E_RSA_PAD_NONE;
		break;
	}
	h = tpm2_hash_find(s->hash);
	*hash = h ? h->plat : TPM2_PLAT_SHA256;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_rsa_encrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	const struct tpm2_rsa_crypt_in *i = &in->rsa_crypt;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_rsa_crypt_out *o = &out->rsa_crypt;
	struct tpm2_rsa_key rsa;
	enum tpm2_rsa_pad pad;
	unsigned int hash;
	u32 rc;
	int err;

	rc = tpm2_rsa_crypt_setup(obj, i, false, &pad, &hash);
	if (rc)
		return rc;
	tpm2_key_rsa(&obj->key, &rsa);
	err = tpm2_rsa_encrypt(e->crypto, &rsa, pad, hash, i->label,
			       i->label_size, i->data, i->size, o->data);
	if (err == -EINVAL)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	o->size = rsa.n_len;
	return tpm2_rc_errno(err);
}

u32 tpm2_rsa_decrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	const struct tpm2_rsa_crypt_in *i = &in->rsa_crypt;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_rsa_crypt_out *o = &out->rsa_crypt;
	struct tpm2_rsa_key rsa;
	enum tpm2_rsa_pad pad;
	unsigned int hash;
	size_t len;
	u32 rc;
	int err;

	rc = tpm2_rsa_crypt_setup(obj, i, true, &pad, &hash);
	if (rc)
		return rc;
	tpm2_key_rsa(&obj->key, &rsa);
	if (i->size != rsa.n_len)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	err = tpm2_rsa_decrypt(e->crypto, &rsa, pad, hash, i->label,
			       i->label_size, i->data, i->size, o->data, &len);
	if (err == -EINVAL || err == -EBADMSG)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	o->size = len;
	return tpm2_rc_errno(err);
}

void tpm2_rsa_crypt_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->rsa_crypt.data, out->rsa_crypt.size);
}

/*
 * The key of ECDH_KeyGen: any ECC key, as only its public point is used;
 * that of ECDH_ZGen (@zgen) also unrestricted, for decryption
 * (TPM_RC_ATTRIBUTES), and of scheme NULL or ECDH (TPM_RC_SCHEME).
 */
static u32 tpm2_ecdh_key(const struct tpm2_object *obj, bool zgen)
{
	const struct tpm2_public *p = &obj->key.pub;

	if (obj->kind != TPM2E_OBJ_KEY || p->type != TPM2E_ALG_ECC)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	if (!zgen)
		return TPM2E_RC_SUCCESS;
	if ((p->attrs & TPM2E_OA_RESTRICTED) || !(p->attrs & TPM2E_OA_DECRYPT))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if (p->scheme.alg != TPM2E_ALG_NULL && p->scheme.alg != TPM2E_ALG_ECDH)
		return tpm2_rc_handle(TPM2E_RC_SCHEME, 1);
	return TPM2E_RC_SUCCESS;
}

static void tpm2_wr_ecc_point(struct tpm2_wr *wr,
			      const struct tpm2_ecc_point *pt)
{
	u32 at = wr->len;

	tpm2_wr_u16(wr, 0);
	tpm2_wr_tpm2b(wr, pt->x, pt->x_size);
	tpm2_wr_tpm2b(wr, pt->y, pt->y_size);
	if (!wr->overflow)
		put_unaligned_be16(wr->len - at - 2, wr->buf + at);
}

u32 tpm2_ecdh_keygen_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p = &obj->key.pub;
	struct tpm2_ecdh_out *o = &out->ecdh;
	const struct tpm2_bn_rng rng = { .fill = tpm2_key_rng_random };
	u8 d[TPM2E_ECC_MAX_BYTES];
	unsigned int size = tpm2_ecc_bytes(p->curve);
	u32 rc;
	int err;

	rc = tpm2_ecdh_key(obj, false);
	if (rc)
		return rc;
	err = tpm2_ecc_generate(p->curve, &rng, d, o->pub.x, o->pub.y);
	if (!err)
		err = tpm2_ecc_mul(p->curve, d, p->unique, p->unique_y,
				   o->z.x, o->z.y);
	tpm2_plat_zeroize(d, sizeof(d));
	/* The key's point is not on its curve. */
	if (err == -EINVAL)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	o->pub.x_size = size;
	o->pub.y_size = size;
	o->z.x_size = size;
	o->z.y_size = size;
	return tpm2_rc_errno(err);
}

void tpm2_ecdh_keygen_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr)
{
	tpm2_wr_ecc_point(wr, &out->ecdh.z);
	tpm2_wr_ecc_point(wr, &out->ecdh.pub);
}

/* TPM2B_ECC_POINT: a non-empty TPMS_ECC_POINT, exactly its size */
u32 tpm2_ecc_point_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_ecc_point *pt = &in->ecc_point;
	struct tpm2_rd sub;
	u16 size;
	u32 rc;

	rc = tpm2_rd_u16(rd, &size);
	if (!rc && !size)
		rc = TPM2E_RC_SIZE;
	if (!rc)
		rc = tpm2_rd_split(rd, size, &sub);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, pt->x, sizeof(pt->x), &pt->x_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, pt->y, sizeof(pt->y), &pt->y_size);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	return tpm2_rc_param(rc, 1);
}

/* A coordinate of at most @size bytes, left-padded to @size */
static bool tpm2_ecc_coord(u8 *out, unsigned int size, const u8 *in,
			   u16 in_size)
{
	if (in_size > size)
		return false;
	memset(out, 0, size - in_size);
	memcpy(out + size - in_size, in, in_size);
	return true;
}

u32 tpm2_ecdh_zgen_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_ecc_point *pt = &in->ecc_point;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p = &obj->key.pub;
	struct tpm2_ecc_point *o = &out->ecdh.z;
	unsigned int size = tpm2_ecc_bytes(p->curve);
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	u32 rc;
	int err;

	rc = tpm2_ecdh_key(obj, true);
	if (rc)
		return rc;
	if (!tpm2_ecc_coord(x, size, pt->x, pt->x_size) ||
	    !tpm2_ecc_coord(y, size, pt->y, pt->y_size))
		return tpm2_rc_param(TPM2E_RC_ECC_POINT, 1);
	err = tpm2_ecc_mul(p->curve, obj->key.sens, x, y, o->x, o->y);
	if (err == -EINVAL)
		return tpm2_rc_param(TPM2E_RC_ECC_POINT, 1);
	o->x_size = size;
	o->y_size = size;
	return tpm2_rc_errno(err);
}

void tpm2_ecdh_zgen_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_ecc_point(wr, &out->ecdh.z);
}
