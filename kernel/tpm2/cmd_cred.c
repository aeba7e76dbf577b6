// SPDX-License-Identifier: GPL-2.0
/*
 * Credential protection and key transport (TPM 2.0 Part 1 "Protected
 * Storage", "Credential Protection", "Duplication"; Part 3 chapters 12 and
 * 13): TPM2_MakeCredential, TPM2_ActivateCredential, TPM2_Duplicate,
 * TPM2_Rewrap and TPM2_Import.
 *
 * Each protects data with a seed sent to a key by secret sharing (RSA-OAEP,
 * or ECDH and KDFe, with a label) and an outer wrapper keyed from it, in
 * the nameAlg and symmetric algorithm of the key:
 *
 *   symKey  = KDFa(nameAlg, seed, "STORAGE", name, -, symmetric key bits)
 *   hmacKey = KDFa(nameAlg, seed, "INTEGRITY", -, -, digest bits)
 *   enc     = AES-CFB(symKey, IV 0, data)
 *   blob    = TPM2B(HMAC(hmacKey, enc || name)) || enc
 *
 * A credential's data is TPM2B_DIGEST(credential), its name the objectName
 * the credential is for. A duplicate's is TPM2B_SENSITIVE, first under an
 * optional inner wrapper: AES-CFB(innerKey, IV 0, TPM2B(H_nameAlg(sens ||
 * name)) || sens); without a new parent there is no outer wrapper. Import
 * opens a duplicate and seals it again as TPM2_Create seals a child
 * (keys.c tpm2_key_wrap()), so TPM2_Load takes its outPrivate.
 */
#include "keys.h"
#include "object.h"
#include "session.h"

static const struct tpm2_hash_alg *tpm2_cred_hash(const struct tpm2_key *k)
{
	return tpm2_hash_find(k->pub.name_alg);
}

/* A format-one code with parameter @n; other codes as they are */
static u32 tpm2_cred_param(u32 rc, unsigned int n)
{
	return rc & TPM2E_RC_FMT1 ? tpm2_rc_param(rc, n) : rc;
}

/* ... with handle @n */
static u32 tpm2_cred_handle(u32 rc, unsigned int n)
{
	return rc & TPM2E_RC_FMT1 ? tpm2_rc_handle(rc, n) : rc;
}

/* An RSA or ECC restricted decryption key: what protects credentials */
static bool tpm2_is_protector(const struct tpm2_object *obj)
{
	const struct tpm2_public *p = &obj->key.pub;

	return obj->kind == TPM2E_OBJ_KEY &&
	       (p->type == TPM2E_ALG_RSA || p->type == TPM2E_ALG_ECC) &&
	       (p->attrs & (TPM2E_OA_RESTRICTED | TPM2E_OA_DECRYPT |
			    TPM2E_OA_SIGN)) ==
	       (TPM2E_OA_RESTRICTED | TPM2E_OA_DECRYPT) &&
	       p->sym.alg == TPM2E_ALG_AES && tpm2_hash_find(p->name_alg);
}

/* A seed sent to an RSA key: a random digest of nameAlg, OAEP-encrypted */
static u32 tpm2_secret_rsa_encrypt(struct tpm2_engine *e,
				   const struct tpm2_key *k, const char *label,
				   u8 *seed, u16 *seed_size, u8 *secret,
				   u16 *secret_size)
{
	const struct tpm2_hash_alg *h = tpm2_cred_hash(k);
	struct tpm2_rsa_key rsa;
	int err;

	if (k->pub.scheme.alg != TPM2E_ALG_NULL &&
	    k->pub.scheme.alg != TPM2E_ALG_OAEP)
		return TPM2E_RC_SCHEME;
	tpm2_key_rsa(k, &rsa);
	if (rsa.n_len > TPM2E_MAX_SECRET_SIZE)
		return TPM2E_RC_KEY;
	tpm2_plat_get_random(seed, h->size);
	err = tpm2_rsa_encrypt(e->crypto, &rsa, TPM2E_RSA_PAD_OAEP, h->plat,
			       (const u8 *)label, strlen(label) + 1, seed,
			       h->size, secret);
	if (err) {
		tpm2_plat_zeroize(seed, h->size);
		return err == -EINVAL ? TPM2E_RC_VALUE : tpm2_rc_errno(err);
	}
	*seed_size = h->size;
	*secret_size = rsa.n_len;
	return TPM2E_RC_SUCCESS;
}

/*
 * A seed agreed with an ECC key: an ephemeral key de, Qe = de * G,
 * Z = de * Qs, seed = KDFe(nameAlg, Z.x, label, Qe.x, Qs.x); the secret is
 * Qe as a TPMS_ECC_POINT.
 */
static u32 tpm2_secret_ecc_encrypt(struct tpm2_engine *e,
				   const struct tpm2_key *k, const char *label,
				   u8 *seed, u16 *seed_size, u8 *secret,
				   u16 *secret_size)
{
	const struct tpm2_hash_alg *h = tpm2_cred_hash(k);
	const struct tpm2_bn_rng rng = { .fill = tpm2_key_rng_random };
	const struct tpm2_public *p = &k->pub;
	unsigned int size = tpm2_ecc_bytes(p->curve);
	u8 d[TPM2E_ECC_MAX_BYTES];
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	u8 zx[TPM2E_ECC_MAX_BYTES], zy[TPM2E_ECC_MAX_BYTES];
	struct tpm2_wr wr;
	int err;

	if (!size || p->unique_size != size || p->unique_y_size != size)
		return TPM2E_RC_KEY;
	err = tpm2_ecc_generate(p->curve, &rng, d, x, y);
	if (!err)
		err = tpm2_ecc_mul(p->curve, d, p->unique, p->unique_y, zx,
				   zy);
	if (!err)
		err = tpm2_kdfe(e, h, zx, size, label, x, size, p->unique,
				size, seed, h->size);
	tpm2_plat_zeroize(d, sizeof(d));
	tpm2_plat_zeroize(zx, sizeof(zx));
	tpm2_plat_zeroize(zy, sizeof(zy));
	if (err) {
		tpm2_plat_zeroize(seed, h->size);
		/* The key's point is not on its curve. */
		return err == -EINVAL ? TPM2E_RC_KEY : tpm2_rc_errno(err);
	}
	tpm2_wr_init(&wr, secret, TPM2E_MAX_SECRET_SIZE);
	tpm2_wr_tpm2b(&wr, x, size);
	tpm2_wr_tpm2b(&wr, y, size);
	*seed_size = h->size;
	*secret_size = wr.len;
	return TPM2E_RC_SUCCESS;
}

/*
 * The seed of secret sharing with @k and what carries it to the key's
 * owner (TPM 2.0 Part 1, "Secret Sharing"). @seed has
 * TPM2E_MAX_DIGEST_SIZE bytes, @secret TPM2E_MAX_SECRET_SIZE. Returns
 * TPM_RC_SUCCESS, TPM_RC_KEY (a public key unfit), TPM_RC_SCHEME or
 * TPM_RC_VALUE without their handle number, or a platform error.
 */
static u32 tpm2_secret_encrypt(struct tpm2_engine *e, const struct tpm2_key *k,
			       const char *label, u8 *seed, u16 *seed_size,
			       u8 *secret, u16 *secret_size)
{
	if (k->pub.type == TPM2E_ALG_RSA)
		return tpm2_secret_rsa_encrypt(e, k, label, seed, seed_size,
					       secret, secret_size);
	if (k->pub.type == TPM2E_ALG_ECC)
		return tpm2_secret_ecc_encrypt(e, k, label, seed, seed_size,
					       secret, secret_size);
	return TPM2E_RC_KEY;
}

/* The seed sent to @k: its size as the key's type allows, then decrypted */
static u32 tpm2_cred_seed(struct tpm2_engine *e, const struct tpm2_key *k,
			  const char *label, const u8 *secret, u16 secret_size,
			  u8 *seed, u16 *seed_size)
{
	/* An RSA secret is one block of the modulus's size. */
	if (k->pub.type == TPM2E_ALG_RSA && secret_size != k->pub.key_bits / 8)
		return TPM2E_RC_SIZE;
	return tpm2_secret_decrypt(e, k, label, secret, secret_size, seed,
				   seed_size);
}

/**
 * struct tpm2_outer - the keys of an outer wrapper
 * @h: the protector's nameAlg
 * @aes: symKey, expanded
 * @hmac_key: hmacKey, @h->size bytes
 */
struct tpm2_outer {
	const struct tpm2_hash_alg *h;
	struct tpm2_plat_aes aes;
	u8 hmac_key[TPM2E_MAX_DIGEST_SIZE];
};

/* The keys of an outer wrapper from a seed (see the top of the file) */
static int tpm2_outer_keys(struct tpm2_engine *e, const struct tpm2_key *k,
			   const u8 *seed, u16 seed_size, const u8 *name,
			   u16 name_size, struct tpm2_outer *o)
{
	u8 sym[TPM2_PLAT_AES_MAX_KEY];
	u16 bytes = k->pub.sym.bits / 8;
	int rc;

	o->h = tpm2_cred_hash(k);
	if (!o->h || !bytes || bytes > sizeof(sym))
		return -EINVAL;
	rc = tpm2_kdfa(e, o->h, seed, seed_size, "STORAGE", name, name_size,
		       NULL, 0, sym, bytes);
	if (!rc)
		rc = tpm2_plat_aes_setkey(&o->aes, sym, bytes);
	if (!rc)
		rc = tpm2_kdfa(e, o->h, seed, seed_size, "INTEGRITY", NULL, 0,
			       NULL, 0, o->hmac_key, o->h->size);
	tpm2_plat_zeroize(sym, sizeof(sym));
	return rc;
}

/* HMAC(hmacKey, enc || name) */
static int tpm2_outer_hmac(struct tpm2_engine *e, const struct tpm2_outer *o,
			   const u8 *enc, u32 enc_size, const u8 *name,
			   u16 name_size, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hmac_init(e->crypto, ctx, o->h->plat, o->hmac_key,
				 o->h->size);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, enc, enc_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, name, name_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/*
 * Wrap @len bytes of data at @buf + 2 + digest size in place: encrypt them
 * and put the TPM2B of their HMAC before them. Returns the blob's size, or
 * a negative errno.
 */
static int tpm2_outer_wrap(struct tpm2_engine *e, const struct tpm2_key *k,
			   const u8 *seed, u16 seed_size, const u8 *name,
			   u16 name_size, u8 *buf, u32 len)
{
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	struct tpm2_outer o;
	u8 *enc;
	int rc;

	rc = tpm2_outer_keys(e, k, seed, seed_size, name, name_size, &o);
	if (!rc) {
		enc = buf + 2 + o.h->size;
		tpm2_aes_cfb(&o.aes, iv, enc, len, true);
		put_unaligned_be16(o.h->size, buf);
		rc = tpm2_outer_hmac(e, &o, enc, len, name, name_size,
				     buf + 2);
	}
	if (!rc)
		rc = 2 + o.h->size + len;
	tpm2_plat_zeroize(&o, sizeof(o));
	return rc;
}

/*
 * Open an outer wrapper: check the HMAC of the blob of @size bytes at @buf
 * and decrypt what follows it in place. Returns TPM_RC_SUCCESS with the
 * data's offset in @at, TPM_RC_INTEGRITY or TPM_RC_SIZE without a
 * parameter number, or TPM_RC_FAILURE.
 */
static u32 tpm2_outer_unwrap(struct tpm2_engine *e, const struct tpm2_key *k,
			     const u8 *seed, u16 seed_size, const u8 *name,
			     u16 name_size, u8 *buf, u32 size, u32 *at)
{
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_outer o;
	u32 rc = TPM2E_RC_SUCCESS;
	u16 mac_size;
	u32 enc;

	if (size < 2)
		return TPM2E_RC_SIZE;
	mac_size = get_unaligned_be16(buf);
	if (mac_size > TPM2E_MAX_DIGEST_SIZE || mac_size > size - 2)
		return TPM2E_RC_SIZE;
	enc = 2 + mac_size;
	if (tpm2_outer_keys(e, k, seed, seed_size, name, name_size, &o) ||
	    tpm2_outer_hmac(e, &o, buf + enc, size - enc, name, name_size,
			    mac)) {
		rc = TPM2E_RC_FAILURE;
		goto out;
	}
	if (mac_size != o.h->size ||
	    tpm2_plat_memneq(mac, buf + 2, mac_size)) {
		rc = TPM2E_RC_INTEGRITY;
		goto out;
	}
	tpm2_aes_cfb(&o.aes, iv, buf + enc, size - enc, false);
	*at = enc;
out:
	tpm2_plat_zeroize(&o, sizeof(o));
	tpm2_plat_zeroize(mac, sizeof(mac));
	return rc;
}

/* ---- TPM2_MakeCredential ---- */

u32 tpm2_make_credential_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_make_credential_in *i = &in->cred.make;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->cred, sizeof(i->cred), &i->cred_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->name, sizeof(i->name),
					   &i->name_size), 2);
}

u32 tpm2_make_credential_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	const struct tpm2_make_credential_in *i = &in->cred.make;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_credential *o = &out->cred.make;
	const struct tpm2_hash_alg *h;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	u16 seed_size;
	u8 *data;
	u32 rc;
	int len;

	if (!obj || !tpm2_is_protector(obj))
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	h = tpm2_cred_hash(&obj->key);
	if (i->cred_size > h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	rc = tpm2_secret_encrypt(e, &obj->key, "IDENTITY", seed, &seed_size,
				 o->secret, &o->secret_size);
	if (rc)
		return tpm2_cred_handle(rc, 1);

	/* TPM2B_DIGEST(credential) after the room of the HMAC */
	data = o->blob + 2 + h->size;
	put_unaligned_be16(i->cred_size, data);
	memcpy(data + 2, i->cred, i->cred_size);
	len = tpm2_outer_wrap(e, &obj->key, seed, seed_size, i->name,
			      i->name_size, o->blob, 2 + i->cred_size);
	tpm2_plat_zeroize(seed, sizeof(seed));
	if (len < 0) {
		tpm2_plat_zeroize(o, sizeof(*o));
		return tpm2_rc_errno(len);
	}
	o->blob_size = len;
	return TPM2E_RC_SUCCESS;
}

void tpm2_make_credential_marshal(const union tpm2_cmd_out *out,
				  struct tpm2_wr *wr)
{
	const struct tpm2_credential *o = &out->cred.make;

	tpm2_wr_tpm2b(wr, o->blob, o->blob_size);
	tpm2_wr_tpm2b(wr, o->secret, o->secret_size);
}

/* ---- TPM2_ActivateCredential ---- */

u32 tpm2_activate_credential_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in)
{
	struct tpm2_credential *i = &in->cred.activate;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->blob, sizeof(i->blob), &i->blob_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->secret, sizeof(i->secret),
					   &i->secret_size), 2);
}

u32 tpm2_activate_credential_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out)
{
	const struct tpm2_credential *i = &in->cred.activate;
	const struct tpm2_object *act = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_object *key = tpm2_object_get(e, c->handles[1]);
	struct tpm2_cred_buf *o = &out->cred.buf;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	u8 blob[TPM2E_MAX_ID_OBJECT];
	u16 seed_size, size;
	u32 rc, at;

	if (!act || act->kind != TPM2E_OBJ_KEY)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	if (!key || !tpm2_is_protector(key) || key->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 2);
	rc = tpm2_cred_seed(e, &key->key, "IDENTITY", i->secret,
			    i->secret_size, seed, &seed_size);
	if (rc == TPM2E_RC_KEY)
		return TPM2E_RC_FAILURE;
	if (rc)
		return tpm2_cred_param(rc, 2);

	memcpy(blob, i->blob, i->blob_size);
	rc = tpm2_outer_unwrap(e, &key->key, seed, seed_size, act->key.name,
			       act->key.name_size, blob, i->blob_size, &at);
	tpm2_plat_zeroize(seed, sizeof(seed));
	if (rc)
		goto out;
	/* A TPM2B_DIGEST, exactly what is left */
	rc = TPM2E_RC_SIZE;
	if (i->blob_size - at < 2)
		goto out;
	size = get_unaligned_be16(blob + at);
	if (size > TPM2E_MAX_DIGEST_SIZE || size != i->blob_size - at - 2)
		goto out;
	memcpy(o->buf, blob + at + 2, size);
	o->size = size;
	rc = TPM2E_RC_SUCCESS;
out:
	tpm2_plat_zeroize(blob, sizeof(blob));
	return tpm2_cred_param(rc, 1);
}

void tpm2_cred_buf_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->cred.buf.buf, out->cred.buf.size);
}

/* ---- TPM2_Duplicate and TPM2_Import ---- */

/* TPMT_SYM_DEF_OBJECT+ of an inner wrapper: NULL, or AES in CFB mode */
static u32 tpm2_rd_inner_sym(struct tpm2_rd *rd, struct tpm2_sym_def *s)
{
	u32 rc = tpm2_rd_sym_object(rd, s, true);

	if (rc || s->alg == TPM2E_ALG_NULL) {
		s->bits = 0;
		s->mode = TPM2E_ALG_NULL;
		return rc;
	}
	return s->mode == TPM2E_ALG_CFB ? TPM2E_RC_SUCCESS : TPM2E_RC_MODE;
}

/*
 * The inner wrapper, in place: @len bytes of TPM2B_SENSITIVE at
 * @buf + 2 + digest size of @h become TPM2B(H(sens || name)) || sens,
 * encrypted with @key. Returns the new length, or a negative errno.
 */
static int tpm2_inner_wrap(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
			   const u8 *key, u16 key_size, const u8 *name,
			   u16 name_size, u8 *buf, u32 len)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	struct tpm2_plat_aes aes;
	u32 total = 2 + h->size + len;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, buf + 2 + h->size, len);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, name, name_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	rc = tpm2_plat_hash_final(ctx, buf + 2);
	put_unaligned_be16(h->size, buf);
	if (!rc)
		rc = tpm2_plat_aes_setkey(&aes, key, key_size);
	if (!rc)
		tpm2_aes_cfb(&aes, iv, buf, total, true);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	return rc ? rc : (int)total;
}

/* The rules of TPM2_Duplicate's handles and parameters, with their codes */
static u32 tpm2_duplicate_check(const struct tpm2_cmd *c,
				const struct tpm2_object *obj,
				const struct tpm2_object *np,
				const struct tpm2_duplicate_in *i)
{
	const struct tpm2_session_in *si = &c->sessions[0];
	u32 attrs;

	/*
	 * The DUP role: only a policy session authorizes it, and its
	 * policy names the command (the ADMIN rules of auth.c check that).
	 */
	if (!c->n_sessions || !si->s || si->s->type != TPM2E_SE_POLICY)
		return TPM2E_RC_AUTH_TYPE;
	if (obj->kind != TPM2E_OBJ_KEY || obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	attrs = obj->key.pub.attrs;
	if (attrs & TPM2E_OA_FIXED_PARENT)
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if (c->handles[1] != TPM2E_RH_NULL &&
	    (!np || !tpm2_is_protector(np)))
		return tpm2_rc_handle(TPM2E_RC_TYPE, 2);
	if (attrs & TPM2E_OA_ENCRYPTED_DUPLICATION) {
		if (i->sym.alg == TPM2E_ALG_NULL)
			return tpm2_rc_param(TPM2E_RC_SYMMETRIC, 2);
		if (c->handles[1] == TPM2E_RH_NULL)
			return tpm2_rc_handle(TPM2E_RC_HIERARCHY, 2);
	}
	if (i->key_size && (i->sym.alg == TPM2E_ALG_NULL ||
			    i->key_size != i->sym.bits / 8))
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_duplicate_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_duplicate_in *i = &in->cred.dup;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->key, sizeof(i->key), &i->key_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_inner_sym(rd, &i->sym), 2);
}

u32 tpm2_duplicate_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_duplicate_in *i = &in->cred.dup;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_object *np = tpm2_object_get(e, c->handles[1]);
	struct tpm2_duplicate_out *o = &out->cred.dup;
	const struct tpm2_hash_alg *h, *ph = NULL;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	u8 key[TPM2_PLAT_AES_MAX_KEY];
	const u8 *inner_key = i->key;
	u16 seed_size = 0;
	u32 rc, skip = 0;
	struct tpm2_wr wr;
	int len;

	if (!obj)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	rc = tpm2_duplicate_check(c, obj, np, i);
	if (rc)
		return rc;
	h = tpm2_cred_hash(&obj->key);
	if (!h)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	o->seed_size = 0;
	if (c->handles[1] != TPM2E_RH_NULL) {
		ph = tpm2_cred_hash(&np->key);
		rc = tpm2_secret_encrypt(e, &np->key, "DUPLICATE", seed,
					 &seed_size, o->seed, &o->seed_size);
		if (rc)
			return tpm2_cred_handle(rc, 2);
		skip = 2 + ph->size;
	}
	if (i->sym.alg != TPM2E_ALG_NULL)
		skip += 2 + h->size;

	/* TPM2B_SENSITIVE after the room of the wrappers' integrity */
	tpm2_wr_init(&wr, o->dup + skip, sizeof(o->dup) - skip);
	tpm2_wr_sensitive2b(&wr, obj);
	len = wr.overflow ? -EOVERFLOW : (int)wr.len;
	skip = ph ? 2 + ph->size : 0;
	o->key_size = 0;
	if (len >= 0 && i->sym.alg != TPM2E_ALG_NULL) {
		if (!i->key_size) {
			/* The TPM's own key, returned */
			o->key_size = i->sym.bits / 8;
			tpm2_plat_get_random(o->key, o->key_size);
			inner_key = o->key;
		}
		memcpy(key, inner_key, i->sym.bits / 8);
		len = tpm2_inner_wrap(e, h, key, i->sym.bits / 8,
				      obj->key.name, obj->key.name_size,
				      o->dup + skip, len);
	}
	if (len >= 0 && ph)
		len = tpm2_outer_wrap(e, &np->key, seed, seed_size,
				      obj->key.name, obj->key.name_size,
				      o->dup, len);
	tpm2_plat_zeroize(seed, sizeof(seed));
	tpm2_plat_zeroize(key, sizeof(key));
	if (len < 0) {
		tpm2_plat_zeroize(o, sizeof(*o));
		return tpm2_rc_errno(len);
	}
	o->dup_size = len;
	return TPM2E_RC_SUCCESS;
}

void tpm2_duplicate_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_duplicate_out *o = &out->cred.dup;

	tpm2_wr_tpm2b(wr, o->key, o->key_size);
	tpm2_wr_tpm2b(wr, o->dup, o->dup_size);
	tpm2_wr_tpm2b(wr, o->seed, o->seed_size);
}

u32 tpm2_rewrap_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_rewrap_in *i = &in->cred.rewrap;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->dup, sizeof(i->dup), &i->dup_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_tpm2b(rd, i->name, sizeof(i->name), &i->name_size);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->seed, sizeof(i->seed),
					   &i->seed_size), 3);
}

/*
 * Take the outer wrapper of the old parent off @o->dup (a copy of the
 * duplicate): the data left at @o->dup + *@at, *@len bytes.
 */
static u32 tpm2_rewrap_open(struct tpm2_engine *e,
			    const struct tpm2_rewrap_in *i,
			    const struct tpm2_object *old,
			    struct tpm2_duplicate_out *o, u32 *at, u32 *len)
{
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	u16 seed_size;
	u32 rc;

	*at = 0;
	*len = i->dup_size;
	memcpy(o->dup, i->dup, i->dup_size);
	if (!old)
		return TPM2E_RC_SUCCESS;
	rc = tpm2_cred_seed(e, &old->key, "DUPLICATE", i->seed, i->seed_size,
			    seed, &seed_size);
	if (rc)
		return rc & TPM2E_RC_FMT1 ?
		       tpm2_rc_param(TPM2E_RC_VALUE, 3) : rc;
	rc = tpm2_outer_unwrap(e, &old->key, seed, seed_size, i->name,
			       i->name_size, o->dup, i->dup_size, at);
	tpm2_plat_zeroize(seed, sizeof(seed));
	if (!rc)
		*len -= *at;
	return tpm2_cred_param(rc, 1);
}

/*
 * TPM2_Rewrap: a duplicate passes from the outer wrapper of one parent to
 * that of another; either may be TPM_RH_NULL (no outer wrapper).
 */
u32 tpm2_rewrap_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_rewrap_in *i = &in->cred.rewrap;
	const struct tpm2_object *old = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_object *np = tpm2_object_get(e, c->handles[1]);
	struct tpm2_duplicate_out *o = &out->cred.dup;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	bool no_old = c->handles[0] == TPM2E_RH_NULL;
	u16 seed_size, room;
	u32 rc, at, len;
	int size;

	/* A seed comes with an old parent, and only with one. */
	if (!i->seed_size != no_old)
		return tpm2_rc_handle(TPM2E_RC_HANDLE, 1);
	if (!no_old &&
	    (!old || !tpm2_is_protector(old) || old->key.public_only))
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	rc = tpm2_rewrap_open(e, i, old, o, &at, &len);
	if (rc)
		goto fail;
	o->key_size = 0;
	o->seed_size = 0;
	if (c->handles[1] == TPM2E_RH_NULL) {
		memmove(o->dup, o->dup + at, len);
		o->dup_size = len;
		return TPM2E_RC_SUCCESS;
	}
	rc = tpm2_rc_handle(TPM2E_RC_TYPE, 2);
	if (!np || !tpm2_is_protector(np))
		goto fail;
	room = 2 + tpm2_cred_hash(&np->key)->size;
	rc = tpm2_rc_param(TPM2E_RC_VALUE, 1);
	if (len + room > sizeof(o->dup))
		goto fail;
	rc = tpm2_secret_encrypt(e, &np->key, "DUPLICATE", seed, &seed_size,
				 o->seed, &o->seed_size);
	if (rc) {
		rc = tpm2_cred_handle(rc, 2);
		goto fail;
	}
	memmove(o->dup + room, o->dup + at, len);
	size = tpm2_outer_wrap(e, &np->key, seed, seed_size, i->name,
			       i->name_size, o->dup, len);
	tpm2_plat_zeroize(seed, sizeof(seed));
	rc = tpm2_rc_errno(size < 0 ? size : 0);
	if (rc)
		goto fail;
	o->dup_size = size;
	return TPM2E_RC_SUCCESS;
fail:
	tpm2_plat_zeroize(o, sizeof(*o));
	return rc;
}

void tpm2_rewrap_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_duplicate_out *o = &out->cred.dup;

	tpm2_wr_tpm2b(wr, o->dup, o->dup_size);
	tpm2_wr_tpm2b(wr, o->seed, o->seed_size);
}

u32 tpm2_import_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_import_in *i = &in->cred.import;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->key, sizeof(i->key), &i->key_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_public2b(rd, &i->pub, false);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, i->dup, sizeof(i->dup), &i->dup_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	rc = tpm2_rd_tpm2b(rd, i->seed, sizeof(i->seed), &i->seed_size);
	if (rc)
		return tpm2_rc_param(rc, 4);
	return tpm2_rc_param(tpm2_rd_inner_sym(rd, &i->sym), 5);
}

/**
 * struct tpm2_import_work - what TPM2_Import opens, off the stack
 * @obj: the object being imported, never loaded
 * @plain: the duplicate, unwrapped in place
 */
struct tpm2_import_work {
	struct tpm2_object obj;
	u8 plain[TPM2E_MAX_PRIVATE];
};

/* The rules of TPM2_Import's parameters that need no cryptography */
static u32 tpm2_import_check(const struct tpm2_import_in *i,
			     const struct tpm2_object *parent)
{
	u32 attrs = i->pub.attrs;
	u32 rc;

	if (attrs & (TPM2E_OA_FIXED_TPM | TPM2E_OA_FIXED_PARENT))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if (!parent)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	if (i->sym.alg != TPM2E_ALG_NULL) {
		if (i->key_size != i->sym.bits / 8)
			return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	} else {
		if (i->key_size)
			return tpm2_rc_param(TPM2E_RC_SIZE, 1);
		if (attrs & TPM2E_OA_ENCRYPTED_DUPLICATION)
			return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 1);
	}
	if (i->seed_size) {
		/* An outer wrapper needs a key exchange. */
		if (parent->key.pub.type == TPM2E_ALG_SYMCIPHER)
			return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	} else if (attrs & TPM2E_OA_ENCRYPTED_DUPLICATION) {
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 4);
	}
	rc = tpm2_check_public(&i->pub, parent);
	if (!rc)
		rc = tpm2_check_public_key(&i->pub);
	return tpm2_rc_param(rc, 2);
}

/* Open the inner wrapper of @len bytes at @buf in place */
static u32 tpm2_inner_unwrap(struct tpm2_engine *e,
			     const struct tpm2_import_in *i,
			     const struct tpm2_key *k, u8 *buf, u32 len)
{
	const struct tpm2_hash_alg *h = tpm2_cred_hash(k);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_plat_aes aes;
	u32 rc = TPM2E_RC_FAILURE;

	if (tpm2_plat_aes_setkey(&aes, i->key, i->key_size))
		return TPM2E_RC_FAILURE;
	tpm2_aes_cfb(&aes, iv, buf, len, false);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	if (len < 2U + h->size || get_unaligned_be16(buf) != h->size)
		return TPM2E_RC_INTEGRITY;
	if (tpm2_plat_hash_init(e->crypto, ctx, h->plat))
		return TPM2E_RC_FAILURE;
	if (tpm2_plat_hash_update(ctx, buf + 2 + h->size, len - 2 - h->size) ||
	    tpm2_plat_hash_update(ctx, k->name, k->name_size)) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	if (!tpm2_plat_hash_final(ctx, digest))
		rc = tpm2_plat_memneq(digest, buf + 2, h->size) ?
		     TPM2E_RC_INTEGRITY : TPM2E_RC_SUCCESS;
	tpm2_plat_zeroize(digest, sizeof(digest));
	return rc;
}

/* TPM2B_SENSITIVE, exactly @len bytes, into the object being imported */
static u32 tpm2_rd_sens2b(const u8 *buf, u32 len, struct tpm2_object *obj)
{
	const struct tpm2_hash_alg *h = tpm2_cred_hash(&obj->key);
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_rd rd, sub;
	u16 size, type, auth_size;
	u32 rc;

	tpm2_rd_init(&rd, buf, len);
	rc = tpm2_rd_u16(&rd, &size);
	if (!rc)
		rc = tpm2_rd_split(&rd, size, &sub);
	if (!rc && rd.left)
		rc = TPM2E_RC_SIZE;
	if (!rc)
		rc = tpm2_rd_u16(&sub, &type);
	if (!rc && type != obj->key.pub.type)
		rc = TPM2E_RC_TYPE;
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, auth, sizeof(auth), &auth_size);
	if (!rc && tpm2_auth_trim(auth, auth_size) > h->size)
		rc = TPM2E_RC_SIZE;
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, obj->key.seed, sizeof(obj->key.seed),
				   &obj->key.seed_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, obj->key.sens, sizeof(obj->key.sens),
				   &obj->key.sens_size);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	if (!rc)
		tpm2_object_set_auth(obj, auth, auth_size);
	tpm2_plat_zeroize(auth, sizeof(auth));
	return rc;
}

/*
 * The duplicate opened into @w->obj (public area and names set): the outer
 * wrapper with the seed, the inner one with the key, the sensitive area.
 * Format-one codes come without their parameter number.
 */
static u32 tpm2_import_open(struct tpm2_engine *e,
			    const struct tpm2_import_in *i,
			    const struct tpm2_object *parent,
			    const u8 *seed, u16 seed_size,
			    struct tpm2_import_work *w)
{
	struct tpm2_key *k = &w->obj.key;
	u32 at = 0, len = i->dup_size;
	u8 *buf = w->plain;
	u32 rc;

	memcpy(buf, i->dup, len);
	if (i->seed_size) {
		rc = tpm2_outer_unwrap(e, &parent->key, seed, seed_size,
				       k->name, k->name_size, buf, len, &at);
		if (rc)
			return rc;
		buf += at;
		len -= at;
	}
	if (i->sym.alg != TPM2E_ALG_NULL) {
		rc = tpm2_inner_unwrap(e, i, k, buf, len);
		if (rc)
			return rc;
		at = 2 + tpm2_cred_hash(k)->size;
		buf += at;
		len -= at;
	}
	return tpm2_rd_sens2b(buf, len, &w->obj);
}

u32 tpm2_import_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_import_in *i = &in->cred.import;
	const struct tpm2_object *parent = tpm2_parent(e, c->handles[0]);
	struct tpm2_cred_buf *o = &out->cred.buf;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_import_work *w;
	u16 seed_size = 0;
	u32 rc;

	rc = tpm2_import_check(i, parent);
	if (rc)
		return rc;
	if (i->seed_size) {
		rc = tpm2_cred_seed(e, &parent->key, "DUPLICATE", i->seed,
				    i->seed_size, seed, &seed_size);
		if (rc)
			return tpm2_cred_param(rc, 4);
	}

	w = tpm2_plat_zalloc(sizeof(*w));
	if (!w) {
		rc = TPM2E_RC_MEMORY;
		goto out;
	}
	w->obj.kind = TPM2E_OBJ_KEY;
	w->obj.hierarchy = parent->hierarchy;
	w->obj.key.pub = i->pub;
	if (tpm2_key_names(e, &w->obj, parent, 0)) {
		rc = TPM2E_RC_FAILURE;
		goto out;
	}
	rc = tpm2_import_open(e, i, parent, seed, seed_size, w);
	if (rc) {
		rc = tpm2_cred_param(rc, 3);
		goto out;
	}
	/* The sensitive area must be that of the public area. */
	rc = tpm2_key_binding(e, &w->obj, 2);
	if (!rc && tpm2_key_wrap(e, parent, &w->obj, o->buf, &o->size))
		rc = TPM2E_RC_FAILURE;
out:
	tpm2_plat_zeroize(seed, sizeof(seed));
	if (w)
		tpm2_plat_free_sensitive(w, sizeof(*w));
	return rc;
}
