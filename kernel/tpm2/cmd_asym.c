// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 14, Asymmetric Primitives: TPM2_RSA_Encrypt,
 * TPM2_RSA_Decrypt (raw, RSAES-PKCS1-v1_5 and OAEP), TPM2_ECDH_KeyGen,
 * TPM2_ECDH_ZGen, TPM2_ECC_Parameters and TPM2_ZGen_2Phase (ECDH only);
 * and TPM2_EC_Ephemeral of chapter 19. Only unrestricted keys decrypt
 * (RSA_Decrypt, ECDH_ZGen, ZGen_2Phase): a restricted decryption key
 * guards the secrets of the TPM's own protocols. Encryption and
 * ECDH_KeyGen use the public key alone.
 */
#include "keys.h"
#include "object.h"
#include "session.h"

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
static u32 tpm2_rd_ecc_point(struct tpm2_rd *rd, struct tpm2_ecc_point *pt)
{
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
	return rc;
}

u32 tpm2_ecc_point_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_ecc_point(rd, &in->ecc_point), 1);
}

/*
 * A coordinate, a number of at most @size bytes however many leading
 * zeros it comes with, left-padded to @size
 */
static bool tpm2_ecc_coord(u8 *out, unsigned int size, const u8 *in,
			   u16 in_size)
{
	while (in_size > size && !*in) {
		in++;
		in_size--;
	}
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

/* TPMI_ECC_CURVE: an implemented curve, else TPM_RC_CURVE */
u32 tpm2_ecc_curve_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	u16 *curve = &in->ecc_curve.curve;
	u32 rc;

	rc = tpm2_rd_u16(rd, curve);
	if (!rc && !tpm2_ecc_bytes(*curve))
		rc = TPM2E_RC_CURVE;
	return tpm2_rc_param(rc, 1);
}

u32 tpm2_ecc_parameters_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	struct tpm2_ecc_parameters_out *o = &out->ecc_parameters;

	o->curve = in->ecc_curve.curve;
	if (tpm2_ecc_domain(o->curve, &o->dom))
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	return TPM2E_RC_SUCCESS;
}

/* A TPM2B of a number without its leading zero bytes */
static void tpm2_wr_tpm2b_min(struct tpm2_wr *wr, const u8 *num,
			      unsigned int size)
{
	while (size && !*num) {
		num++;
		size--;
	}
	tpm2_wr_tpm2b(wr, num, size);
}

/*
 * TPMS_ALGORITHM_DETAIL_ECC as the reference implementation gives it: p
 * and G at the curve's size, a, b, n and h without leading zeros (h is
 * one byte). The curves ask for no KDF and no signing scheme: kdf and
 * sign are TPM_ALG_NULL, without details.
 */
void tpm2_ecc_parameters_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr)
{
	const struct tpm2_ecc_parameters_out *o = &out->ecc_parameters;
	const struct tpm2_ecc_domain *d = &o->dom;

	tpm2_wr_u16(wr, o->curve);
	tpm2_wr_u16(wr, d->bytes * 8);
	tpm2_wr_u16(wr, TPM2E_ALG_NULL);
	tpm2_wr_u16(wr, TPM2E_ALG_NULL);
	tpm2_wr_tpm2b(wr, d->p, d->bytes);
	tpm2_wr_tpm2b_min(wr, d->a, d->bytes);
	tpm2_wr_tpm2b_min(wr, d->b, d->bytes);
	tpm2_wr_tpm2b(wr, d->gx, d->bytes);
	tpm2_wr_tpm2b(wr, d->gy, d->bytes);
	tpm2_wr_tpm2b_min(wr, d->n, d->bytes);
	tpm2_wr_tpm2b_min(wr, &d->h, 1);
}

/*
 * The commit mechanism of Part 1 ("Commit" and "EC_Ephemeral"), which the
 * reference's CryptGenerateR implements: the ephemeral private key r of
 * count c (struct tpm2_engine.commit_counter when it was made) is
 * KDFa(SHA-256, commitNonce, "ECDAA Commit", contextV = c as a UINT64),
 * so that the TPM keeps no key, only which counts are outstanding.
 *
 * commitNonce is the null seed, used as a KDF key under this label only:
 * both are secret, random, renewed at every TPM Reset and kept through a
 * Restart or Resume, so it costs no state of its own. The KDF gives the
 * curve size + 8 bytes, and r = that mod (n - 1) + 1
 * (tpm2_ecc_generate), where the reference draws again until r < n.
 */
struct tpm2_commit_rng {
	struct tpm2_engine *e;
	u8 count[8];
};

static int tpm2_commit_rng_fill(void *priv, u8 *buf, size_t len)
{
	struct tpm2_commit_rng *r = priv;

	if (len > 0xFFFF)
		return -EINVAL;
	return tpm2_kdfa(r->e, tpm2_hash_find(TPM2E_ALG_SHA256),
			 r->e->seed[TPM2E_SEED_NULL], TPM2E_SEED_SIZE,
			 "ECDAA Commit", NULL, 0, r->count, sizeof(r->count),
			 buf, len);
}

/* r of @count on @curve; with @x and @y, also rG */
static int tpm2_commit_key(struct tpm2_engine *e, u16 curve, u64 count,
			   u8 *r, u8 *x, u8 *y)
{
	struct tpm2_commit_rng cr = { .e = e };
	const struct tpm2_bn_rng rng = {
		.fill = tpm2_commit_rng_fill,
		.priv = &cr,
	};

	put_unaligned_be64(count, cr.count);
	return tpm2_ecc_generate(curve, &rng, r, x, y);
}

/*
 * The full count of @counter, a count EC_Ephemeral returned (its low 16
 * bits), if it is still outstanding: one of the last TPM2E_COMMIT_SLOTS
 * counts handed out, its bit set. As the reference, which takes the
 * distance back from the current count to be below the array's size.
 */
static bool tpm2_commit_find(const struct tpm2_engine *e, u16 counter,
			     u64 *count)
{
	u64 now = e->commit_counter;
	u16 back = (u16)((u16)now - counter);

	if (!back || back > TPM2E_COMMIT_SLOTS || back > now)
		return false;
	*count = now - back;
	return e->commit_array & (1ULL << (*count % TPM2E_COMMIT_SLOTS));
}

u32 tpm2_ec_ephemeral_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	struct tpm2_ec_ephemeral_out *o = &out->ec_ephemeral;
	u16 curve = in->ecc_curve.curve;
	unsigned int size = tpm2_ecc_bytes(curve);
	u64 count = e->commit_counter;
	u8 r[TPM2E_ECC_MAX_BYTES];
	int err;

	err = tpm2_commit_key(e, curve, count, r, o->q.x, o->q.y);
	tpm2_plat_zeroize(r, sizeof(r));
	if (err)
		return tpm2_rc_errno(err);
	/* Commit the count only once its key was made. */
	e->commit_array |= 1ULL << (count % TPM2E_COMMIT_SLOTS);
	e->commit_counter = count + 1;
	o->q.x_size = size;
	o->q.y_size = size;
	o->counter = (u16)count;
	return TPM2E_RC_SUCCESS;
}

void tpm2_ec_ephemeral_marshal(const union tpm2_cmd_out *out,
			       struct tpm2_wr *wr)
{
	tpm2_wr_ecc_point(wr, &out->ec_ephemeral.q);
	tpm2_wr_u16(wr, out->ec_ephemeral.counter);
}

/*
 * inQsB, inQeB, inScheme (TPMI_ECC_KEY_EXCHANGE, no NULL: ECDH, the only
 * key exchange implemented; ECMQV and SM2 get TPM_RC_SCHEME as from a
 * TPM without them), counter
 */
u32 tpm2_zgen_2phase_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_zgen_2phase_in *i = &in->zgen_2phase;
	u32 rc;

	rc = tpm2_rd_ecc_point(rd, &i->qs_b);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_ecc_point(rd, &i->qe_b);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_u16(rd, &i->scheme);
	if (!rc && i->scheme != TPM2E_ALG_ECDH)
		rc = TPM2E_RC_SCHEME;
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_u16(rd, &i->counter), 4);
}

/* @pt at the curve's @size in @x and @y; false unless on the curve */
static bool tpm2_ecc_point_on(u16 curve, unsigned int size,
			      const struct tpm2_ecc_point *pt,
			      u8 *x, u8 *y)
{
	return tpm2_ecc_coord(x, size, pt->x, pt->x_size) &&
	       tpm2_ecc_coord(y, size, pt->y, pt->y_size) &&
	       !tpm2_ecc_point_check(curve, x, y);
}

/*
 * ZGen_2Phase with ECDH, the C(2e, 2s, ECC CDH) scheme of SP 800-56A:
 * outZ1 = dA QsB (the static key's), outZ2 = r QeB (the ephemeral key's).
 * The checks in the reference's order: the key (handle 1), the scheme
 * (parameter 3), the points (1, 2), the counter (4). The count is used
 * up only when both products were made.
 */
u32 tpm2_zgen_2phase_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	const struct tpm2_zgen_2phase_in *i = &in->zgen_2phase;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_public *p = &obj->key.pub;
	struct tpm2_zgen_2phase_out *o = &out->zgen_2phase;
	unsigned int size = tpm2_ecc_bytes(p->curve);
	u8 xs[TPM2E_ECC_MAX_BYTES], ys[TPM2E_ECC_MAX_BYTES];
	u8 xe[TPM2E_ECC_MAX_BYTES], ye[TPM2E_ECC_MAX_BYTES];
	u8 r[TPM2E_ECC_MAX_BYTES];
	u64 count;
	u32 rc;
	int err;

	/*
	 * A key without its private part cannot be authorized (auth.c); as
	 * TPM2_Sign, it would not be a key here either.
	 */
	if (obj->kind != TPM2E_OBJ_KEY || p->type != TPM2E_ALG_ECC ||
	    obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_KEY, 1);
	if ((p->attrs & TPM2E_OA_RESTRICTED) || !(p->attrs & TPM2E_OA_DECRYPT))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	/* The key's scheme, if any, is the only one it may be used with. */
	if (p->scheme.alg != TPM2E_ALG_NULL && p->scheme.alg != i->scheme)
		return tpm2_rc_param(TPM2E_RC_SCHEME, 3);
	if (!tpm2_ecc_point_on(p->curve, size, &i->qs_b, xs, ys))
		return tpm2_rc_param(TPM2E_RC_ECC_POINT, 1);
	if (!tpm2_ecc_point_on(p->curve, size, &i->qe_b, xe, ye))
		return tpm2_rc_param(TPM2E_RC_ECC_POINT, 2);
	if (!tpm2_commit_find(e, i->counter, &count))
		return tpm2_rc_param(TPM2E_RC_VALUE, 4);

	err = tpm2_ecc_mul(p->curve, obj->key.sens, xs, ys, o->z1.x, o->z1.y);
	rc = err == -EINVAL ? tpm2_rc_param(TPM2E_RC_ECC_POINT, 1) :
			      tpm2_rc_errno(err);
	if (!rc) {
		err = tpm2_commit_key(e, p->curve, count, r, NULL, NULL);
		if (!err)
			err = tpm2_ecc_mul(p->curve, r, xe, ye, o->z2.x,
					   o->z2.y);
		tpm2_plat_zeroize(r, sizeof(r));
		rc = err == -EINVAL ? tpm2_rc_param(TPM2E_RC_ECC_POINT, 2) :
				      tpm2_rc_errno(err);
	}
	if (rc)
		return rc;
	e->commit_array &= ~(1ULL << (count % TPM2E_COMMIT_SLOTS));
	o->z1.x_size = size;
	o->z1.y_size = size;
	o->z2.x_size = size;
	o->z2.y_size = size;
	return TPM2E_RC_SUCCESS;
}

void tpm2_zgen_2phase_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr)
{
	tpm2_wr_ecc_point(wr, &out->zgen_2phase.z1);
	tpm2_wr_ecc_point(wr, &out->zgen_2phase.z2);
}
