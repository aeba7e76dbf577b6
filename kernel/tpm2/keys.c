// SPDX-License-Identifier: GPL-2.0
/*
 * Key and data objects (TPM 2.0 Part 3 chapters 12 and 24): CreatePrimary,
 * Create, CreateLoaded, Load, ReadPublic, Unseal, and the checks on public
 * areas they share, for KEYEDHASH, SYMCIPHER, RSA and ECC objects.
 *
 * A primary's sensitive values come from its hierarchy's seed and its
 * template, so the same template gives the same key for the life of the
 * seed: RSA primes and ECC scalars are searched for in a stream of KDFa
 * output keyed by the primary's drbg value. Other objects get fresh random
 * values. A child leaves the TPM as a
 * TPM2B_PRIVATE sealed with keys from its parent's seedValue (Part 1,
 * "Protected Storage"):
 *
 *   symKey    = KDFa(pNameAlg, seedValue, "STORAGE", name, -, keyBits)
 *   hmacKey   = KDFa(pNameAlg, seedValue, "INTEGRITY", -, -, digest bits)
 *   encrypted = AES-CFB(symKey, IV 0, TPM2B_SENSITIVE)
 *   private   = TPM2B(HMAC(hmacKey, encrypted || name)) || encrypted
 */
#include "keys.h"
#include "object.h"
#include "pcr.h"
#include "session.h"

#define TPM2E_RC_SEQUENCE		(TPM2E_RC_VER1 + 0x003)

static const struct tpm2_hash_alg *tpm2_key_hash(const struct tpm2_public *p)
{
	return tpm2_hash_find(p->name_alg);
}

/* The seed of a hierarchy handle (TPMI_RH_HIERARCHY+) */
static const u8 *tpm2_hierarchy_seed(const struct tpm2_engine *e, u32 h)
{
	int i = tpm2_hier_index(h);

	return e->seed[i >= 0 && i < TPM2E_SEED_NULL ? i : TPM2E_SEED_NULL];
}

/**
 * tpm2_key_is_storage() - may an object be the parent of others?
 * @obj: a loaded object
 *
 * Return: true for a restricted decryption key (SYMCIPHER, RSA or ECC) with
 * its sensitive area.
 */
bool tpm2_key_is_storage(const struct tpm2_object *obj)
{
	const struct tpm2_public *p = &obj->key.pub;

	return obj->kind == TPM2E_OBJ_KEY && p->type != TPM2E_ALG_KEYEDHASH &&
	       !obj->key.public_only &&
	       (p->attrs & (TPM2E_OA_RESTRICTED | TPM2E_OA_DECRYPT |
			    TPM2E_OA_SIGN)) ==
	       (TPM2E_OA_RESTRICTED | TPM2E_OA_DECRYPT);
}

/* Is @alg a signing (else a decryption) scheme of an asymmetric key? */
static bool tpm2_asym_sign_scheme(u16 alg)
{
	return alg == TPM2E_ALG_RSASSA || alg == TPM2E_ALG_RSAPSS ||
	       alg == TPM2E_ALG_ECDSA;
}

/*
 * The attribute and scheme rules of an RSA or ECC key (TPM 2.0 Part 2,
 * TPMT_PUBLIC_PARMS): a storage key has a symmetric algorithm in CFB mode
 * and no scheme; any other key no symmetric algorithm, and a scheme (if
 * any) that fits its use. Only the schemes the engine implements pass.
 */
static u32 tpm2_check_asym(const struct tpm2_public *p)
{
	bool sign = p->attrs & TPM2E_OA_SIGN, decrypt = p->attrs &
		TPM2E_OA_DECRYPT;
	bool restricted = p->attrs & TPM2E_OA_RESTRICTED;
	u16 s = p->scheme.alg;

	if (p->type == TPM2E_ALG_RSA && p->exponent &&
	    !tpm2_rsa_exponent_ok(p->exponent))
		return TPM2E_RC_VALUE;
	if (p->type == TPM2E_ALG_ECC && p->kdf.alg != TPM2E_ALG_NULL)
		return TPM2E_RC_KDF;
	if (!sign && !decrypt)
		return TPM2E_RC_ATTRIBUTES;
	if (restricted && decrypt) {
		if (sign)
			return TPM2E_RC_ATTRIBUTES;
		if (s != TPM2E_ALG_NULL)
			return TPM2E_RC_SCHEME;
		if (p->sym.alg == TPM2E_ALG_NULL)
			return TPM2E_RC_SYMMETRIC;
		return p->sym.mode == TPM2E_ALG_CFB ? TPM2E_RC_SUCCESS :
		       TPM2E_RC_MODE;
	}
	if (p->sym.alg != TPM2E_ALG_NULL)
		return TPM2E_RC_SYMMETRIC;
	if (s == TPM2E_ALG_NULL)
		return restricted ? TPM2E_RC_SCHEME : TPM2E_RC_SUCCESS;
	if (sign && decrypt)
		return TPM2E_RC_SCHEME;
	switch (s) {
	case TPM2E_ALG_RSASSA:
	case TPM2E_ALG_RSAPSS:
	case TPM2E_ALG_RSAES:
	case TPM2E_ALG_OAEP:
		if (p->type != TPM2E_ALG_RSA)
			return TPM2E_RC_SCHEME;
		break;
	case TPM2E_ALG_ECDSA:
	case TPM2E_ALG_ECDH:
		if (p->type != TPM2E_ALG_ECC)
			return TPM2E_RC_SCHEME;
		break;
	default:
		return TPM2E_RC_SCHEME;
	}
	return tpm2_asym_sign_scheme(s) == sign ? TPM2E_RC_SUCCESS :
	       TPM2E_RC_SCHEME;
}

/**
 * tpm2_check_public() - the consistency rules of a public area
 * @p: the public area
 * @parent: the parent it is to live under, NULL for a primary or an
 *	external object
 *
 * TPM 2.0 Part 1, "Object Attributes"; Part 3, TPM2_Create and TPM2_Load.
 *
 * Return: TPM_RC_SUCCESS, or a format-one code for the public area's
 * parameter, without its position.
 */
u32 tpm2_check_public(const struct tpm2_public *p,
		      const struct tpm2_object *parent)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(p);
	u32 a = p->attrs;
	bool sdo = a & TPM2E_OA_SENSITIVE_DATA_ORIGIN;
	bool sign = a & TPM2E_OA_SIGN, decrypt = a & TPM2E_OA_DECRYPT;
	bool restricted = a & TPM2E_OA_RESTRICTED;

	if (!h)
		return TPM2E_RC_HASH;
	if (p->policy_size && p->policy_size != h->size)
		return TPM2E_RC_SIZE;
	if ((a & TPM2E_OA_FIXED_TPM) && !(a & TPM2E_OA_FIXED_PARENT))
		return TPM2E_RC_ATTRIBUTES;
	if (parent && (a & TPM2E_OA_FIXED_TPM) &&
	    !(parent->key.pub.attrs & TPM2E_OA_FIXED_TPM))
		return TPM2E_RC_ATTRIBUTES;

	if (p->type == TPM2E_ALG_RSA || p->type == TPM2E_ALG_ECC)
		return tpm2_check_asym(p);
	if (p->type == TPM2E_ALG_KEYEDHASH) {
		if (!sign && !decrypt) {
			/* A sealed data object */
			if (p->scheme.alg != TPM2E_ALG_NULL)
				return TPM2E_RC_SCHEME;
			if (sdo || restricted)
				return TPM2E_RC_ATTRIBUTES;
			return TPM2E_RC_SUCCESS;
		}
		if (decrypt || p->scheme.alg == TPM2E_ALG_XOR)
			return TPM2E_RC_SCHEME;
		if (restricted && p->scheme.alg != TPM2E_ALG_HMAC)
			return TPM2E_RC_SCHEME;
	} else {
		if (restricted && (sign || !decrypt))
			return TPM2E_RC_ATTRIBUTES;
		if (restricted && p->sym.mode != TPM2E_ALG_CFB)
			return TPM2E_RC_MODE;
		if (!sign && !decrypt)
			return TPM2E_RC_ATTRIBUTES;
	}
	return TPM2E_RC_SUCCESS;
}

/*
 * The rules of TPM2_Create and TPM2_CreatePrimary: those of the public
 * area, then where a key's material comes from: the TPM
 * (sensitiveDataOrigin) or the caller's data, never both or neither.
 * Returns the complete code: the public area is parameter 2, the sensitive
 * data parameter 1.
 */
static u32 tpm2_check_template(const struct tpm2_public *p,
			       const struct tpm2_sensitive_create *sens,
			       const struct tpm2_object *parent)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(p->name_alg);
	bool sdo = p->attrs & TPM2E_OA_SENSITIVE_DATA_ORIGIN;
	u16 data_size = sens->data_size;
	bool data_object = p->type == TPM2E_ALG_KEYEDHASH &&
		!(p->attrs & (TPM2E_OA_SIGN | TPM2E_OA_DECRYPT));
	u32 rc;

	rc = tpm2_check_public(p, parent);
	if (rc)
		return tpm2_rc_param(rc, 2);
	/* userAuth: at most a digest of nameAlg, trailing zeros aside */
	if (!h || tpm2_auth_trim(sens->auth, sens->auth_size) > h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (data_object)
		return TPM2E_RC_SUCCESS;
	/* An asymmetric key is always the TPM's own. */
	if ((p->type == TPM2E_ALG_RSA || p->type == TPM2E_ALG_ECC) &&
	    data_size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (!data_size != sdo)
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if (p->type == TPM2E_ALG_SYMCIPHER && data_size &&
	    data_size != p->sym.bits / 8)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	return TPM2E_RC_SUCCESS;
}

/**
 * struct tpm2_key_rng - the random bits of a new asymmetric key
 * @e: engine
 * @c: the command, for its cancel hook
 * @h: nameAlg of the key
 * @drbg: a primary's drbg value (the KDFa key of the stream), or NULL for
 *	the platform RNG
 * @drbg_size: bytes in @drbg
 * @counter: blocks of the stream taken so far
 */
struct tpm2_key_rng {
	struct tpm2_engine *e;
	const struct tpm2_cmd *c;
	const struct tpm2_hash_alg *h;
	const u8 *drbg;
	u16 drbg_size;
	u32 counter;
};

/**
 * tpm2_key_rng_random() - struct tpm2_bn_rng.fill from the platform RNG
 * @priv: unused
 * @buf: output
 * @len: bytes wanted
 *
 * Return: 0.
 */
int tpm2_key_rng_random(void *priv, u8 *buf, size_t len)
{
	tpm2_plat_get_random(buf, len);
	return 0;
}

/* struct tpm2_bn_rng.fill: KDFa(nameAlg, drbg, "KEYGEN", counter) */
static int tpm2_key_rng_fill(void *priv, u8 *buf, size_t len)
{
	struct tpm2_key_rng *r = priv;
	u8 ctr[4];

	if (!r->drbg)
		return tpm2_key_rng_random(NULL, buf, len);
	if (len > 0xFFFF)
		return -EINVAL;
	put_unaligned_be32(++r->counter, ctr);
	return tpm2_kdfa(r->e, r->h, r->drbg, r->drbg_size, "KEYGEN", ctr,
			 sizeof(ctr), NULL, 0, buf, len);
}

static bool tpm2_key_rng_cancelled(void *priv)
{
	const struct tpm2_exec_ctx *ctx = ((struct tpm2_key_rng *)priv)->c->ctx;

	return ctx->cancelled && ctx->cancelled(ctx->priv);
}

/*
 * A new RSA or ECC key pair into @k: unique takes the public key (the
 * modulus, or the point), sens the private part (one prime, or the scalar).
 */
static int tpm2_make_asym(struct tpm2_engine *e, const struct tpm2_cmd *c,
			  struct tpm2_key *k, const u8 *drbg, u16 drbg_size)
{
	struct tpm2_public *p = &k->pub;
	struct tpm2_key_rng r = {
		.e = e, .c = c, .h = tpm2_key_hash(p), .drbg = drbg,
		.drbg_size = drbg_size,
	};
	const struct tpm2_bn_rng rng = {
		.fill = tpm2_key_rng_fill,
		.cancelled = tpm2_key_rng_cancelled,
		.priv = &r,
	};
	u16 size;

	if (p->type == TPM2E_ALG_RSA) {
		p->unique_size = p->key_bits / 8;
		k->sens_size = p->key_bits / 16;
		return tpm2_rsa_generate(p->key_bits, p->exponent ? p->exponent :
					 TPM2E_RSA_DEFAULT_E, &rng, p->unique,
					 k->sens);
	}
	size = tpm2_ecc_bytes(p->curve);
	p->unique_size = size;
	p->unique_y_size = size;
	k->sens_size = size;
	return tpm2_ecc_generate(p->curve, &rng, k->sens, p->unique,
				 p->unique_y);
}

/*
 * The sensitive values of a new object: the seedValue and the key, from
 * @drbg (a primary: KDFa of the seed and template) or from the RNG. Then
 * the public unique field that binds the public area to them: the public
 * key of an asymmetric key, else unique = H(seedValue || key). Returns a
 * response code.
 */
static u32 tpm2_make_sensitive(struct tpm2_engine *e, const struct tpm2_cmd *c,
			       struct tpm2_key *k,
			       const struct tpm2_sensitive_create *sc,
			       const u8 *drbg, u16 drbg_size)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&k->pub);
	bool asym = k->pub.type == TPM2E_ALG_RSA ||
		    k->pub.type == TPM2E_ALG_ECC;
	u16 key_size;
	int rc = 0;

	if (k->pub.type == TPM2E_ALG_SYMCIPHER)
		key_size = k->pub.sym.bits / 8;
	else
		key_size = h->size;
	k->seed_size = h->size;
	if (sc->data_size) {
		memcpy(k->sens, sc->data, sc->data_size);
		k->sens_size = sc->data_size;
	} else {
		k->sens_size = key_size;
	}
	if (drbg) {
		rc = tpm2_kdfa(e, h, drbg, drbg_size, "seed", NULL, 0, NULL, 0,
			       k->seed, k->seed_size);
		if (!rc && !sc->data_size && !asym)
			rc = tpm2_kdfa(e, h, drbg, drbg_size, "key", NULL, 0,
				       NULL, 0, k->sens, k->sens_size);
	} else {
		tpm2_plat_get_random(k->seed, k->seed_size);
		if (!sc->data_size && !asym)
			tpm2_plat_get_random(k->sens, k->sens_size);
	}
	if (!rc)
		rc = asym ? tpm2_make_asym(e, c, k, drbg, drbg_size) :
		     tpm2_key_unique(e, k);
	return tpm2_rc_errno(rc);
}

/**
 * tpm2_key_unique() - unique = H_nameAlg(seedValue || key) of a KEYEDHASH
 * or SYMCIPHER object
 * @e: engine
 * @k: the key; its public unique field is set
 *
 * Return: 0, or a negative errno.
 */
int tpm2_key_unique(struct tpm2_engine *e, struct tpm2_key *k)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&k->pub);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, k->seed, k->seed_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, k->sens, k->sens_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	k->pub.unique_size = h->size;
	return tpm2_plat_hash_final(ctx, k->pub.unique);
}

/**
 * tpm2_key_qn() - qualifiedName = nameAlg || H(parent's QN || name)
 * @e: engine
 * @k: the key, its Name set; its qualified name is set
 * @pqn: the parent's qualified name (a hierarchy's: its handle)
 * @pqn_size: bytes in @pqn
 *
 * Return: 0, or a negative errno.
 */
int tpm2_key_qn(struct tpm2_engine *e, struct tpm2_key *k, const u8 *pqn,
		u16 pqn_size)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&k->pub);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, pqn, pqn_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, k->name, k->name_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	put_unaligned_be16(h->alg, k->qn);
	k->qn_size = 2 + h->size;
	return tpm2_plat_hash_final(ctx, k->qn + 2);
}

/**
 * tpm2_key_names() - the Name and qualified name of a key object
 * @e: engine
 * @obj: the object, its public area set
 * @parent: its parent, or NULL for a primary
 * @hierarchy: the hierarchy of a primary
 *
 * Return: 0, or a negative errno.
 */
int tpm2_key_names(struct tpm2_engine *e, struct tpm2_object *obj,
		   const struct tpm2_object *parent, u32 hierarchy)
{
	struct tpm2_key *k = &obj->key;
	u8 hqn[4];
	int rc;

	rc = tpm2_public_name(e, &k->pub, k->name, &k->name_size);
	if (rc)
		return rc;
	if (parent)
		return tpm2_key_qn(e, k, parent->key.qn, parent->key.qn_size);
	/* The qualified name of a hierarchy is its handle. */
	put_unaligned_be32(hierarchy, hqn);
	return tpm2_key_qn(e, k, hqn, sizeof(hqn));
}

/* TPM2B_SENSITIVE_CREATE */
static u32 tpm2_rd_sensitive_create(struct tpm2_rd *rd,
				    struct tpm2_sensitive_create *s)
{
	struct tpm2_rd sub;
	u16 size;
	u32 rc;

	rc = tpm2_rd_u16(rd, &size);
	if (!rc)
		rc = tpm2_rd_split(rd, size, &sub);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, s->auth, sizeof(s->auth),
				   &s->auth_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, s->data, sizeof(s->data),
				   &s->data_size);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	return rc;
}

u32 tpm2_create_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_create_in *i = &in->create;
	u32 rc;

	rc = tpm2_rd_sensitive_create(rd, &i->sens);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_public2b(rd, &i->pub, false);
	if (rc)
		return tpm2_rc_param(rc, 2);
	rc = tpm2_rd_tpm2b(rd, i->outside, sizeof(i->outside),
			   &i->outside_size);
	if (rc)
		return tpm2_rc_param(rc, 3);
	return tpm2_rc_param(tpm2_rd_pcr_selection_list(rd, &i->pcrs), 4);
}

/*
 * TPMS_CREATION_DATA into o->cdata, creationHash and the creation ticket.
 * @pname/@pqn: the parent's Name and qualified name (a primary: its
 * hierarchy handle for both).
 */
static u32 tpm2_creation_data(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const struct tpm2_create_in *i,
			      struct tpm2_create_out *o, u16 pname_alg,
			      const u8 *pname, u16 pname_size,
			      const u8 *pqn, u16 pqn_size, u32 hierarchy)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&o->pub);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, hierarchy);
	u8 pcr_digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_wr wr;
	u8 hdr[2];
	int rc;

	rc = tpm2_pcr_digest(e, &i->pcrs, h, pcr_digest);
	if (rc)
		return TPM2E_RC_FAILURE;
	tpm2_wr_init(&wr, o->cdata, sizeof(o->cdata));
	tpm2_wr_pcr_selection_list(&wr, &i->pcrs);
	tpm2_wr_tpm2b(&wr, pcr_digest, h->size);
	tpm2_wr_u8(&wr, BIT(c->locality));
	tpm2_wr_u16(&wr, pname_alg);
	tpm2_wr_tpm2b(&wr, pname, pname_size);
	tpm2_wr_tpm2b(&wr, pqn, pqn_size);
	tpm2_wr_tpm2b(&wr, i->outside, i->outside_size);
	if (wr.overflow)
		return TPM2E_RC_FAILURE;
	o->cdata_size = wr.len;
	if (tpm2_plat_hash(e->crypto, h->plat, o->cdata, o->cdata_size,
			   o->chash))
		return TPM2E_RC_FAILURE;
	o->chash_size = h->size;

	/* HMAC(proof, TPM_ST_CREATION || name || creationHash) */
	o->ticket_hierarchy = proof ? hierarchy : TPM2E_RH_NULL;
	o->ticket_size = 0;
	if (!proof)
		return TPM2E_RC_SUCCESS;
	put_unaligned_be16(TPM2E_ST_CREATION, hdr);
	rc = tpm2_plat_hmac_init(e->crypto, ctx, TPM2_PLAT_SHA256, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return TPM2E_RC_FAILURE;
	rc = tpm2_plat_hash_update(ctx, hdr, sizeof(hdr));
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, o->name, o->name_size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, o->chash, o->chash_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	if (tpm2_plat_hash_final(ctx, o->ticket))
		return TPM2E_RC_FAILURE;
	o->ticket_size = 32;
	return TPM2E_RC_SUCCESS;
}

/*
 * A primary object in a free slot, from the hierarchy's seed and the
 * template: its handle in @handle, the new public area and Name in @o.
 */
static u32 tpm2_primary_make(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const struct tpm2_create_in *i, u32 hierarchy,
			     struct tpm2_create_out *o, u32 *handle)
{
	const struct tpm2_hash_alg *h;
	u8 drbg[TPM2E_MAX_DIGEST_SIZE];
	u8 tmpl[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_object *obj;
	struct tpm2_wr wr;
	u32 rc;

	rc = tpm2_check_template(&i->pub, &i->sens, NULL);
	if (rc)
		return rc;
	h = tpm2_key_hash(&i->pub);

	/*
	 * drbg = KDFa(nameAlg, seed, "Primary Object Creation",
	 *             H(template), data): the same template (with its unique
	 * field) and data give the same object for the life of the seed.
	 */
	tpm2_wr_init(&wr, e->scratch->buf, sizeof(e->scratch->buf));
	tpm2_wr_public(&wr, &i->pub);
	if (wr.overflow ||
	    tpm2_plat_hash(e->crypto, h->plat, e->scratch->buf, wr.len, tmpl) ||
	    tpm2_kdfa(e, h, tpm2_hierarchy_seed(e, hierarchy),
		      TPM2E_SEED_SIZE, "Primary Object Creation", tmpl,
		      h->size, i->sens.data, i->sens.data_size, drbg, h->size))
		return TPM2E_RC_FAILURE;

	rc = tpm2_object_alloc(e, &obj, handle);
	if (rc)
		goto out;
	obj->kind = TPM2E_OBJ_KEY;
	obj->hierarchy = hierarchy;
	tpm2_object_set_auth(obj, i->sens.auth, i->sens.auth_size);
	obj->key.pub = i->pub;
	rc = tpm2_make_sensitive(e, c, &obj->key, &i->sens, drbg, h->size);
	if (!rc && tpm2_key_names(e, obj, NULL, hierarchy))
		rc = TPM2E_RC_FAILURE;
	if (rc) {
		tpm2_object_flush(e, *handle);
		goto out;
	}
	o->pub = obj->key.pub;
	memcpy(o->name, obj->key.name, obj->key.name_size);
	o->name_size = obj->key.name_size;
out:
	tpm2_plat_zeroize(drbg, sizeof(drbg));
	return rc;
}

u32 tpm2_create_primary_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	const struct tpm2_create_in *i = &in->create;
	struct tpm2_create_out *o = &out->create;
	u32 hierarchy = c->handles[0];
	u8 hqn[4];
	u32 handle;
	u32 rc;

	rc = tpm2_primary_make(e, c, i, hierarchy, o, &handle);
	if (rc)
		return rc;
	put_unaligned_be32(hierarchy, hqn);
	rc = tpm2_creation_data(e, c, i, o, TPM2E_ALG_NULL, hqn, 4, hqn, 4,
				hierarchy);
	if (rc)
		tpm2_object_flush(e, handle);
	else
		c->rsp_handle = handle;
	return rc;
}

void tpm2_create_primary_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr)
{
	const struct tpm2_create_out *o = &out->create;

	tpm2_wr_public2b(wr, &o->pub);
	tpm2_wr_tpm2b(wr, o->cdata, o->cdata_size);
	tpm2_wr_tpm2b(wr, o->chash, o->chash_size);
	tpm2_wr_u16(wr, TPM2E_ST_CREATION);
	tpm2_wr_u32(wr, o->ticket_hierarchy);
	tpm2_wr_tpm2b(wr, o->ticket, o->ticket_size);
	tpm2_wr_tpm2b(wr, o->name, o->name_size);
}

/**
 * tpm2_parent() - the parent a handle names
 * @e: engine
 * @h: the parent handle of Create, Load or ObjectChangeAuth
 *
 * Return: the loaded storage key, or NULL when @h names none.
 */
const struct tpm2_object *tpm2_parent(struct tpm2_engine *e, u32 h)
{
	const struct tpm2_object *obj = tpm2_object_get(e, h);

	return obj && tpm2_key_is_storage(obj) ? obj : NULL;
}

/* The two keys a parent protects a child with (see the top of the file) */
static int tpm2_storage_keys(struct tpm2_engine *e,
			     const struct tpm2_object *parent,
			     const u8 *name, u16 name_size,
			     struct tpm2_plat_aes *aes, u8 *hmac_key)
{
	const struct tpm2_key *p = &parent->key;
	const struct tpm2_hash_alg *h = tpm2_key_hash(&p->pub);
	u8 sym[TPM2_PLAT_AES_MAX_KEY];
	int rc;

	rc = tpm2_kdfa(e, h, p->seed, p->seed_size, "STORAGE", name,
		       name_size, NULL, 0, sym, p->pub.sym.bits / 8);
	if (!rc)
		rc = tpm2_plat_aes_setkey(aes, sym, p->pub.sym.bits / 8);
	if (!rc)
		rc = tpm2_kdfa(e, h, p->seed, p->seed_size, "INTEGRITY", NULL,
			       0, NULL, 0, hmac_key, h->size);
	tpm2_plat_zeroize(sym, sizeof(sym));
	return rc;
}

/* HMAC(hmacKey, encrypted || name), in the parent's nameAlg */
static int tpm2_private_hmac(struct tpm2_engine *e,
			     const struct tpm2_object *parent,
			     const u8 *hmac_key, const u8 *enc, u16 enc_size,
			     const u8 *name, u16 name_size, u8 *out)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&parent->key.pub);
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hmac_init(e->crypto, ctx, h->plat, hmac_key, h->size);
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

/**
 * tpm2_wr_sensitive2b() - marshal a key's TPM2B_SENSITIVE
 * @wr: writer
 * @o: a key object
 *
 * TPMT_SENSITIVE (type, authValue, seedValue, the private key), with the
 * TPM2B size before it: what a private area and a duplicate wrap.
 */
void tpm2_wr_sensitive2b(struct tpm2_wr *wr, const struct tpm2_object *o)
{
	u32 at = wr->len;

	tpm2_wr_u16(wr, 0);
	tpm2_wr_u16(wr, o->key.pub.type);
	tpm2_wr_tpm2b(wr, o->auth, o->auth_size);
	tpm2_wr_tpm2b(wr, o->key.seed, o->key.seed_size);
	tpm2_wr_tpm2b(wr, o->key.sens, o->key.sens_size);
	if (!wr->overflow)
		put_unaligned_be16(wr->len - at - 2, wr->buf + at);
}

/**
 * tpm2_key_wrap() - a child's TPM2B_PRIVATE buffer (its size excluded)
 * @e: engine
 * @parent: its parent
 * @obj: the child, names set
 * @out: TPM2E_MAX_PRIVATE bytes
 * @size: bytes written
 *
 * Return: 0, or a negative errno.
 */
int tpm2_key_wrap(struct tpm2_engine *e, const struct tpm2_object *parent,
		  const struct tpm2_object *obj, u8 *out, u16 *size)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&parent->key.pub);
	u8 hmac_key[TPM2E_MAX_DIGEST_SIZE];
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	struct tpm2_plat_aes aes;
	struct tpm2_wr wr;
	u8 *enc = out + 2 + h->size;
	int rc;

	tpm2_wr_init(&wr, enc, TPM2E_MAX_PRIVATE - 2 - h->size);
	tpm2_wr_sensitive2b(&wr, obj);
	if (wr.overflow)
		return -EOVERFLOW;
	rc = tpm2_storage_keys(e, parent, obj->key.name, obj->key.name_size,
			       &aes, hmac_key);
	if (!rc) {
		tpm2_aes_cfb(&aes, iv, enc, wr.len, true);
		rc = tpm2_private_hmac(e, parent, hmac_key, enc, wr.len,
				       obj->key.name, obj->key.name_size,
				       out + 2);
	}
	put_unaligned_be16(h->size, out);
	*size = 2 + h->size + wr.len;
	tpm2_plat_zeroize(&aes, sizeof(aes));
	tpm2_plat_zeroize(hmac_key, sizeof(hmac_key));
	return rc;
}

/*
 * A new child of @parent into @obj (zeroed): its sensitive values, names,
 * and in @o its TPM2B_PRIVATE, public area and Name.
 */
static u32 tpm2_child_make(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const struct tpm2_object *parent,
			   const struct tpm2_create_in *i,
			   struct tpm2_object *obj, struct tpm2_create_out *o)
{
	u32 rc;

	obj->kind = TPM2E_OBJ_KEY;
	obj->hierarchy = parent->hierarchy;
	tpm2_object_set_auth(obj, i->sens.auth, i->sens.auth_size);
	obj->key.pub = i->pub;
	rc = tpm2_make_sensitive(e, c, &obj->key, &i->sens, NULL, 0);
	if (rc)
		return rc;
	if (tpm2_key_names(e, obj, parent, 0) ||
	    tpm2_key_wrap(e, parent, obj, o->private, &o->private_size))
		return TPM2E_RC_FAILURE;
	o->pub = obj->key.pub;
	memcpy(o->name, obj->key.name, obj->key.name_size);
	o->name_size = obj->key.name_size;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_create_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_create_in *i = &in->create;
	struct tpm2_create_out *o = &out->create;
	const struct tpm2_object *parent = tpm2_parent(e, c->handles[0]);
	struct tpm2_object *obj;
	u32 rc;

	if (!parent)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	rc = tpm2_check_template(&i->pub, &i->sens, parent);
	if (rc)
		return rc;

	/* Built in scratch memory, never loaded */
	obj = tpm2_plat_zalloc(sizeof(*obj));
	if (!obj)
		return TPM2E_RC_MEMORY;
	rc = tpm2_child_make(e, c, parent, i, obj, o);
	if (!rc)
		rc = tpm2_creation_data(e, c, i, o, parent->key.pub.name_alg,
					parent->key.name, parent->key.name_size,
					parent->key.qn, parent->key.qn_size,
					parent->hierarchy);
	tpm2_plat_free_sensitive(obj, sizeof(*obj));
	return rc;
}

u32 tpm2_create_loaded_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_create_in *i = &in->create;
	u32 rc;

	rc = tpm2_rd_sensitive_create(rd, &i->sens);
	if (rc)
		return tpm2_rc_param(rc, 1);
	/* TPM2B_TEMPLATE: a TPMT_PUBLIC, no derivation parameters yet */
	return tpm2_rc_param(tpm2_rd_public2b(rd, &i->pub, false), 2);
}

/*
 * TPM2_CreateLoaded: a primary when the parent is a hierarchy, else an
 * ordinary object made and loaded at once, its private area returned as
 * Create returns it. Derivation parents do not exist yet.
 */
u32 tpm2_create_loaded_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_create_in *i = &in->create;
	struct tpm2_create_out *o = &out->create;
	u32 ph = c->handles[0], handle;
	const struct tpm2_object *parent;
	struct tpm2_object *obj;
	u32 rc;

	if (ph >> TPM2E_HT_SHIFT == TPM2E_HT_PERMANENT) {
		rc = tpm2_primary_make(e, c, i, ph, o, &handle);
		o->private_size = 0;
	} else {
		parent = tpm2_parent(e, ph);
		if (!parent)
			return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
		rc = tpm2_check_template(&i->pub, &i->sens, parent);
		if (!rc)
			rc = tpm2_object_alloc(e, &obj, &handle);
		if (rc)
			return rc;
		rc = tpm2_child_make(e, c, parent, i, obj, o);
		if (rc)
			tpm2_object_flush(e, handle);
	}
	if (!rc)
		c->rsp_handle = handle;
	return rc;
}

void tpm2_create_loaded_marshal(const union tpm2_cmd_out *out,
				struct tpm2_wr *wr)
{
	const struct tpm2_create_out *o = &out->create;

	tpm2_wr_tpm2b(wr, o->private, o->private_size);
	tpm2_wr_public2b(wr, &o->pub);
	tpm2_wr_tpm2b(wr, o->name, o->name_size);
}

void tpm2_create_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_create_out *o = &out->create;

	tpm2_wr_tpm2b(wr, o->private, o->private_size);
	tpm2_wr_public2b(wr, &o->pub);
	tpm2_wr_tpm2b(wr, o->cdata, o->cdata_size);
	tpm2_wr_tpm2b(wr, o->chash, o->chash_size);
	tpm2_wr_u16(wr, TPM2E_ST_CREATION);
	tpm2_wr_u32(wr, o->ticket_hierarchy);
	tpm2_wr_tpm2b(wr, o->ticket, o->ticket_size);
}

u32 tpm2_load_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_load_in *i = &in->load;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->private, sizeof(i->private),
			   &i->private_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_public2b(rd, &i->pub, false), 2);
}

/* Open a TPM2B_PRIVATE into @obj (its public area and names set) */
static u32 tpm2_key_unwrap(struct tpm2_engine *e,
			   const struct tpm2_object *parent,
			   const struct tpm2_load_in *i, struct tpm2_object *obj)
{
	const struct tpm2_hash_alg *h = tpm2_key_hash(&parent->key.pub);
	u8 hmac_key[TPM2E_MAX_DIGEST_SIZE];
	u8 mac[TPM2E_MAX_DIGEST_SIZE];
	u8 iv[TPM2_PLAT_AES_BLOCK] = { 0 };
	u8 *plain = e->scratch->buf;
	struct tpm2_plat_aes aes;
	struct tpm2_rd rd, sub;
	u16 enc_size, type, size;
	u32 rc = TPM2E_RC_SUCCESS;

	if (i->private_size < 2 + h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (get_unaligned_be16(i->private) != h->size)
		return tpm2_rc_param(TPM2E_RC_INTEGRITY, 1);
	enc_size = i->private_size - 2 - h->size;
	memcpy(plain, i->private + 2 + h->size, enc_size);
	if (tpm2_storage_keys(e, parent, obj->key.name, obj->key.name_size,
			      &aes, hmac_key) ||
	    tpm2_private_hmac(e, parent, hmac_key, plain, enc_size,
			      obj->key.name, obj->key.name_size, mac)) {
		rc = TPM2E_RC_FAILURE;
		goto out;
	}
	if (tpm2_plat_memneq(mac, i->private + 2, h->size)) {
		rc = tpm2_rc_param(TPM2E_RC_INTEGRITY, 1);
		goto out;
	}
	tpm2_aes_cfb(&aes, iv, plain, enc_size, false);

	/* Sealed by this TPM, yet parsed as strictly as anything else */
	tpm2_rd_init(&rd, plain, enc_size);
	if (tpm2_rd_u16(&rd, &size) || tpm2_rd_split(&rd, size, &sub) ||
	    rd.left || tpm2_rd_u16(&sub, &type) ||
	    type != obj->key.pub.type ||
	    tpm2_rd_tpm2b(&sub, obj->auth, sizeof(obj->auth),
			  &obj->auth_size) ||
	    tpm2_rd_tpm2b(&sub, obj->key.seed, sizeof(obj->key.seed),
			  &obj->key.seed_size) ||
	    tpm2_rd_tpm2b(&sub, obj->key.sens, sizeof(obj->key.sens),
			  &obj->key.sens_size) || sub.left)
		rc = tpm2_rc_param(TPM2E_RC_INTEGRITY, 1);
out:
	tpm2_plat_zeroize(plain, enc_size);
	tpm2_plat_zeroize(&aes, sizeof(aes));
	tpm2_plat_zeroize(hmac_key, sizeof(hmac_key));
	return rc;
}

/**
 * tpm2_key_rsa() - the RSA key of an object
 * @k: an RSA key object; its modulus as long as its keyBits say
 * @rsa: filled in, pointing into @k; no private part for a public-only key
 */
void tpm2_key_rsa(const struct tpm2_key *k, struct tpm2_rsa_key *rsa)
{
	rsa->n = k->pub.unique;
	rsa->n_len = k->pub.key_bits / 8;
	rsa->e = k->pub.exponent ? k->pub.exponent : TPM2E_RSA_DEFAULT_E;
	rsa->p = k->public_only ? NULL : k->sens;
}

/**
 * tpm2_check_public_key() - is the public key of a public area well formed?
 * @p: the public area of an RSA or ECC key being loaded
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_KEY for a modulus of the wrong size or a
 * coordinate of the wrong size; TPM_RC_ECC_POINT for a point off the curve.
 */
u32 tpm2_check_public_key(const struct tpm2_public *p)
{
	unsigned int size;

	if (p->type == TPM2E_ALG_RSA)
		return p->unique_size == p->key_bits / 8 && p->unique[0] & 0x80 ?
		       TPM2E_RC_SUCCESS : TPM2E_RC_KEY;
	if (p->type != TPM2E_ALG_ECC)
		return TPM2E_RC_SUCCESS;
	size = tpm2_ecc_bytes(p->curve);
	if (p->unique_size != size || p->unique_y_size != size)
		return TPM2E_RC_KEY;
	return tpm2_ecc_point_check(p->curve, p->unique, p->unique_y) ?
	       TPM2E_RC_ECC_POINT : TPM2E_RC_SUCCESS;
}

/*
 * The public key of an asymmetric key must be that of its private part:
 * the prime divides the modulus, the scalar gives the point.
 */
static int tpm2_asym_binding(const struct tpm2_key *k)
{
	const struct tpm2_public *p = &k->pub;
	u8 x[TPM2E_ECC_MAX_BYTES], y[TPM2E_ECC_MAX_BYTES];
	struct tpm2_rsa_key rsa;
	unsigned int size;
	int rc;

	if (p->type == TPM2E_ALG_RSA) {
		tpm2_key_rsa(k, &rsa);
		if (k->sens_size != p->key_bits / 16)
			return -EINVAL;
		return tpm2_rsa_check_private(&rsa);
	}
	size = tpm2_ecc_bytes(p->curve);
	if (k->sens_size != size)
		return -EINVAL;
	rc = tpm2_ecc_public(p->curve, k->sens, x, y);
	if (!rc && (tpm2_plat_memneq(x, p->unique, size) ||
		    tpm2_plat_memneq(y, p->unique_y, size)))
		rc = -EINVAL;
	return rc;
}

/**
 * tpm2_key_binding() - is the public area that of the sensitive area?
 * @e: engine
 * @obj: a key with both areas
 * @n: parameter number of the public area, for the response code
 *
 * unique must be H(seedValue || key), or the public key of the private
 * part of an asymmetric key.
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_BINDING + @n, or TPM_RC_MEMORY or
 * TPM_RC_FAILURE.
 */
u32 tpm2_key_binding(struct tpm2_engine *e, struct tpm2_object *obj,
		     unsigned int n)
{
	struct tpm2_key *k = &obj->key;
	u8 unique[TPM2E_MAX_DIGEST_SIZE];
	u16 size = k->pub.unique_size;
	u32 rc = TPM2E_RC_SUCCESS;
	int err;

	if (k->pub.type == TPM2E_ALG_RSA || k->pub.type == TPM2E_ALG_ECC) {
		err = tpm2_asym_binding(k);
		if (err == -ENOMEM)
			return TPM2E_RC_MEMORY;
		return err ? tpm2_rc_param(TPM2E_RC_BINDING, n) : rc;
	}
	/* Sealed data and keys fit where Unseal and the ciphers take them. */
	if (k->sens_size > TPM2E_MAX_SYM_DATA ||
	    (k->pub.type == TPM2E_ALG_SYMCIPHER &&
	     k->sens_size != k->pub.sym.bits / 8))
		return tpm2_rc_param(TPM2E_RC_BINDING, n);

	if (size > sizeof(unique))
		return tpm2_rc_param(TPM2E_RC_BINDING, n);
	memcpy(unique, k->pub.unique, size);
	if (tpm2_key_unique(e, k))
		rc = TPM2E_RC_FAILURE;
	else if (k->pub.unique_size != size ||
		 tpm2_plat_memneq(k->pub.unique, unique, size))
		rc = tpm2_rc_param(TPM2E_RC_BINDING, n);
	return rc;
}

u32 tpm2_load_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_load_in *i = &in->load;
	const struct tpm2_object *parent = tpm2_parent(e, c->handles[0]);
	struct tpm2_create_out *o = &out->create;
	struct tpm2_object *obj;
	u32 handle;
	u32 rc;

	if (!parent)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	/* The origin of its material was checked at creation. */
	rc = tpm2_check_public(&i->pub, parent);
	if (!rc)
		rc = tpm2_check_public_key(&i->pub);
	if (rc)
		return tpm2_rc_param(rc, 2);

	rc = tpm2_object_alloc(e, &obj, &handle);
	if (rc)
		return rc;
	obj->kind = TPM2E_OBJ_KEY;
	obj->hierarchy = parent->hierarchy;
	obj->key.pub = i->pub;
	rc = TPM2E_RC_FAILURE;
	if (tpm2_key_names(e, obj, parent, 0))
		goto flush;
	rc = tpm2_key_unwrap(e, parent, i, obj);
	if (!rc)
		rc = tpm2_key_binding(e, obj, 2);
	if (rc)
		goto flush;
	memcpy(o->name, obj->key.name, obj->key.name_size);
	o->name_size = obj->key.name_size;
	c->rsp_handle = handle;
	return TPM2E_RC_SUCCESS;
flush:
	tpm2_object_flush(e, handle);
	return rc;
}

void tpm2_name_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->create.name, out->create.name_size);
}

u32 tpm2_read_public_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_create_out *o = &out->create;

	if (!obj || obj->kind != TPM2E_OBJ_KEY)
		return TPM2E_RC_SEQUENCE;
	o->pub = obj->key.pub;
	memcpy(o->name, obj->key.name, obj->key.name_size);
	o->name_size = obj->key.name_size;
	memcpy(o->qn, obj->key.qn, obj->key.qn_size);
	o->qn_size = obj->key.qn_size;
	return TPM2E_RC_SUCCESS;
}

void tpm2_read_public_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr)
{
	const struct tpm2_create_out *o = &out->create;

	tpm2_wr_public2b(wr, &o->pub);
	tpm2_wr_tpm2b(wr, o->name, o->name_size);
	tpm2_wr_tpm2b(wr, o->qn, o->qn_size);
}

u32 tpm2_unseal_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	struct tpm2_data_out *o = &out->data;

	if (!obj || obj->kind != TPM2E_OBJ_KEY ||
	    obj->key.pub.type != TPM2E_ALG_KEYEDHASH)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	if (obj->key.pub.attrs & (TPM2E_OA_SIGN | TPM2E_OA_DECRYPT |
				  TPM2E_OA_RESTRICTED))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	memcpy(o->data, obj->key.sens, obj->key.sens_size);
	o->size = obj->key.sens_size;
	return TPM2E_RC_SUCCESS;
}

void tpm2_unseal_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->data.data, out->data.size);
}
