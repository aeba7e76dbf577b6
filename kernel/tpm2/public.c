// SPDX-License-Identifier: GPL-2.0
/*
 * TPMT_PUBLIC (TPM 2.0 Part 2): unmarshaled with each interface type's
 * checks, so that a public area past this point names only algorithms,
 * sizes and curves the TPM implements; marshaled back byte for byte; and
 * hashed into the object's Name.
 */
#include "engine_int.h"
#include "public.h"

static bool tpm2_is_hash(u16 alg)
{
	return tpm2_hash_find(alg);
}

/**
 * tpm2_rd_sym_object() - unmarshal a TPMT_SYM_DEF_OBJECT
 * @rd: reader
 * @s: the definition: AES of 128 or 256 bits in a mode the engine has
 * @null: TPM_ALG_NULL is allowed (TPMT_SYM_DEF_OBJECT+)
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_SYMMETRIC, _KEY_SIZE or _MODE for what the
 * engine does not implement, or an unmarshaling error.
 */
u32 tpm2_rd_sym_object(struct tpm2_rd *rd, struct tpm2_sym_def *s, bool null)
{
	u32 rc = tpm2_rd_u16(rd, &s->alg);

	if (rc)
		return rc;
	if (s->alg == TPM2E_ALG_NULL)
		return null ? TPM2E_RC_SUCCESS : TPM2E_RC_SYMMETRIC;
	if (s->alg != TPM2E_ALG_AES)
		return TPM2E_RC_SYMMETRIC;
	rc = tpm2_rd_u16(rd, &s->bits);
	if (!rc && s->bits != 128 && s->bits != 256)
		rc = TPM2E_RC_KEY_SIZE;
	if (!rc)
		rc = tpm2_rd_u16(rd, &s->mode);
	if (rc)
		return rc;
	switch (s->mode) {
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

/* A scheme's hashAlg (TPM_ALG_NULL refused) */
static u32 tpm2_rd_scheme_hash(struct tpm2_rd *rd, struct tpm2_scheme *s)
{
	u32 rc = tpm2_rd_u16(rd, &s->hash);

	return !rc && !tpm2_is_hash(s->hash) ? TPM2E_RC_HASH : rc;
}

/* TPMT_KDF_SCHEME+ */
static u32 tpm2_rd_kdf(struct tpm2_rd *rd, struct tpm2_scheme *s)
{
	u32 rc = tpm2_rd_u16(rd, &s->alg);

	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_NULL:
		return TPM2E_RC_SUCCESS;
	case TPM2E_ALG_MGF1:
	case TPM2E_ALG_KDF1_SP800_56A:
	case TPM2E_ALG_KDF2:
	case TPM2E_ALG_KDF1_SP800_108:
		return tpm2_rd_scheme_hash(rd, s);
	}
	return TPM2E_RC_KDF;
}

static u32 tpm2_rd_keyedhash_parms(struct tpm2_rd *rd, struct tpm2_public *p)
{
	struct tpm2_scheme *s = &p->scheme;
	u32 rc = tpm2_rd_u16(rd, &s->alg);

	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_NULL:
		return TPM2E_RC_SUCCESS;
	case TPM2E_ALG_HMAC:
		return tpm2_rd_scheme_hash(rd, s);
	case TPM2E_ALG_XOR:
		rc = tpm2_rd_scheme_hash(rd, s);
		if (!rc)
			rc = tpm2_rd_u16(rd, &s->kdf);
		if (!rc && s->kdf != TPM2E_ALG_KDF1_SP800_108 &&
		    s->kdf != TPM2E_ALG_NULL)
			rc = TPM2E_RC_KDF;
		return rc;
	}
	return TPM2E_RC_VALUE;
}

static u32 tpm2_rd_rsa_parms(struct tpm2_rd *rd, struct tpm2_public *p)
{
	struct tpm2_scheme *s = &p->scheme;
	u32 rc;

	rc = tpm2_rd_sym_object(rd, &p->sym, true);
	if (!rc)
		rc = tpm2_rd_u16(rd, &s->alg);
	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_NULL:
	case TPM2E_ALG_RSAES:
		break;
	case TPM2E_ALG_RSASSA:
	case TPM2E_ALG_RSAPSS:
	case TPM2E_ALG_OAEP:
		rc = tpm2_rd_scheme_hash(rd, s);
		break;
	default:
		rc = TPM2E_RC_VALUE;
	}
	if (!rc)
		rc = tpm2_rd_u16(rd, &p->key_bits);
	if (!rc && p->key_bits != 1024 && p->key_bits != 2048 &&
	    p->key_bits != 3072)
		rc = TPM2E_RC_VALUE;
	if (!rc)
		rc = tpm2_rd_u32(rd, &p->exponent);
	return rc;
}

static u32 tpm2_rd_ecc_parms(struct tpm2_rd *rd, struct tpm2_public *p)
{
	struct tpm2_scheme *s = &p->scheme;
	u32 rc;

	rc = tpm2_rd_sym_object(rd, &p->sym, true);
	if (!rc)
		rc = tpm2_rd_u16(rd, &s->alg);
	if (rc)
		return rc;
	switch (s->alg) {
	case TPM2E_ALG_NULL:
		break;
	case TPM2E_ALG_ECDAA:
		rc = tpm2_rd_scheme_hash(rd, s);
		if (!rc)
			rc = tpm2_rd_u16(rd, &s->kdf);
		break;
	case TPM2E_ALG_ECDSA:
	case TPM2E_ALG_ECDH:
	case TPM2E_ALG_SM2:
	case TPM2E_ALG_ECSCHNORR:
		rc = tpm2_rd_scheme_hash(rd, s);
		break;
	default:
		rc = TPM2E_RC_SCHEME;
	}
	if (!rc)
		rc = tpm2_rd_u16(rd, &p->curve);
	if (!rc && p->curve != TPM2E_ECC_NIST_P256 &&
	    p->curve != TPM2E_ECC_NIST_P384)
		rc = TPM2E_RC_CURVE;
	if (!rc)
		rc = tpm2_rd_kdf(rd, &p->kdf);
	return rc;
}

/* TPMU_PUBLIC_PARMS of @p->type */
static u32 tpm2_rd_parms(struct tpm2_rd *rd, struct tpm2_public *p)
{
	switch (p->type) {
	case TPM2E_ALG_KEYEDHASH:
		return tpm2_rd_keyedhash_parms(rd, p);
	case TPM2E_ALG_SYMCIPHER:
		return tpm2_rd_sym_object(rd, &p->sym, false);
	case TPM2E_ALG_RSA:
		return tpm2_rd_rsa_parms(rd, p);
	}
	return tpm2_rd_ecc_parms(rd, p);
}

/**
 * tpm2_rd_public_parms() - unmarshal a TPMT_PUBLIC_PARMS (TPM2_TestParms)
 * @rd: reader
 * @pub: its type and parameters go here; zeroed first
 *
 * Return: TPM_RC_SUCCESS or a format-one code without its position.
 */
u32 tpm2_rd_public_parms(struct tpm2_rd *rd, struct tpm2_public *pub)
{
	u32 rc;

	memset(pub, 0, sizeof(*pub));
	rc = tpm2_rd_u16(rd, &pub->type);
	if (rc)
		return rc;
	if (pub->type != TPM2E_ALG_RSA && pub->type != TPM2E_ALG_KEYEDHASH &&
	    pub->type != TPM2E_ALG_ECC && pub->type != TPM2E_ALG_SYMCIPHER)
		return TPM2E_RC_TYPE;
	return tpm2_rd_parms(rd, pub);
}

/**
 * tpm2_rd_public() - unmarshal a TPMT_PUBLIC
 * @rd: reader
 * @pub: the public area; zeroed first
 * @name_alg_null: TPM_ALG_NULL is a valid nameAlg here (TPMI_ALG_HASH+)
 *
 * Return: TPM_RC_SUCCESS or a format-one code without its position.
 */
u32 tpm2_rd_public(struct tpm2_rd *rd, struct tpm2_public *pub,
		   bool name_alg_null)
{
	u32 rc;

	memset(pub, 0, sizeof(*pub));
	rc = tpm2_rd_u16(rd, &pub->type);
	if (rc)
		return rc;
	if (pub->type != TPM2E_ALG_RSA && pub->type != TPM2E_ALG_KEYEDHASH &&
	    pub->type != TPM2E_ALG_ECC && pub->type != TPM2E_ALG_SYMCIPHER)
		return TPM2E_RC_TYPE;
	rc = tpm2_rd_u16(rd, &pub->name_alg);
	if (!rc && !tpm2_is_hash(pub->name_alg) &&
	    !(name_alg_null && pub->name_alg == TPM2E_ALG_NULL))
		rc = TPM2E_RC_HASH;
	if (!rc)
		rc = tpm2_rd_u32(rd, &pub->attrs);
	if (!rc && (pub->attrs & TPM2E_OA_RESERVED))
		rc = TPM2E_RC_RESERVED_BITS;
	if (!rc)
		rc = tpm2_rd_tpm2b(rd, pub->policy, sizeof(pub->policy),
				   &pub->policy_size);
	if (rc)
		return rc;

	rc = tpm2_rd_parms(rd, pub);
	if (rc)
		return rc;

	switch (pub->type) {
	case TPM2E_ALG_ECC:
		rc = tpm2_rd_tpm2b(rd, pub->unique, TPM2E_MAX_ECC_KEY_BYTES,
				   &pub->unique_size);
		if (!rc)
			rc = tpm2_rd_tpm2b(rd, pub->unique_y,
					   sizeof(pub->unique_y),
					   &pub->unique_y_size);
		return rc;
	case TPM2E_ALG_RSA:
		return tpm2_rd_tpm2b(rd, pub->unique, sizeof(pub->unique),
				     &pub->unique_size);
	}
	return tpm2_rd_tpm2b(rd, pub->unique, TPM2E_MAX_DIGEST_SIZE,
			     &pub->unique_size);
}

/**
 * tpm2_rd_public2b() - unmarshal a TPM2B_PUBLIC
 * @rd: reader
 * @pub: the public area
 * @name_alg_null: as for tpm2_rd_public()
 *
 * The size must be that of the TPMT_PUBLIC exactly, and not zero.
 *
 * Return: TPM_RC_SUCCESS or a format-one code without its position.
 */
u32 tpm2_rd_public2b(struct tpm2_rd *rd, struct tpm2_public *pub,
		     bool name_alg_null)
{
	struct tpm2_rd sub;
	u32 rc;

	rc = tpm2_rd_sized(rd, &sub);
	if (rc)
		return rc;
	rc = tpm2_rd_public(&sub, pub, name_alg_null);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	return rc;
}

static void tpm2_wr_sym_object(struct tpm2_wr *wr, const struct tpm2_sym_def *s)
{
	tpm2_wr_u16(wr, s->alg);
	if (s->alg == TPM2E_ALG_NULL)
		return;
	tpm2_wr_u16(wr, s->bits);
	tpm2_wr_u16(wr, s->mode);
}

/* A scheme: its algorithm, then whatever details it has */
static void tpm2_wr_scheme(struct tpm2_wr *wr, const struct tpm2_scheme *s,
			   bool kdf)
{
	tpm2_wr_u16(wr, s->alg);
	if (s->alg == TPM2E_ALG_NULL || s->alg == TPM2E_ALG_RSAES)
		return;
	tpm2_wr_u16(wr, s->hash);
	if (kdf)
		tpm2_wr_u16(wr, s->kdf);
}

/**
 * tpm2_wr_public() - marshal a TPMT_PUBLIC
 * @wr: writer
 * @pub: a public area tpm2_rd_public() accepted, or the TPM made
 */
void tpm2_wr_public(struct tpm2_wr *wr, const struct tpm2_public *pub)
{
	tpm2_wr_u16(wr, pub->type);
	tpm2_wr_u16(wr, pub->name_alg);
	tpm2_wr_u32(wr, pub->attrs);
	tpm2_wr_tpm2b(wr, pub->policy, pub->policy_size);
	switch (pub->type) {
	case TPM2E_ALG_KEYEDHASH:
		tpm2_wr_scheme(wr, &pub->scheme,
			       pub->scheme.alg == TPM2E_ALG_XOR);
		break;
	case TPM2E_ALG_SYMCIPHER:
		tpm2_wr_sym_object(wr, &pub->sym);
		break;
	case TPM2E_ALG_RSA:
		tpm2_wr_sym_object(wr, &pub->sym);
		tpm2_wr_scheme(wr, &pub->scheme, false);
		tpm2_wr_u16(wr, pub->key_bits);
		tpm2_wr_u32(wr, pub->exponent);
		break;
	default:
		tpm2_wr_sym_object(wr, &pub->sym);
		tpm2_wr_scheme(wr, &pub->scheme,
			       pub->scheme.alg == TPM2E_ALG_ECDAA);
		tpm2_wr_u16(wr, pub->curve);
		tpm2_wr_scheme(wr, &pub->kdf, false);
		break;
	}
	tpm2_wr_tpm2b(wr, pub->unique, pub->unique_size);
	if (pub->type == TPM2E_ALG_ECC)
		tpm2_wr_tpm2b(wr, pub->unique_y, pub->unique_y_size);
}

/**
 * tpm2_wr_public2b() - marshal a TPM2B_PUBLIC
 * @wr: writer
 * @pub: the public area
 */
void tpm2_wr_public2b(struct tpm2_wr *wr, const struct tpm2_public *pub)
{
	u32 at = wr->len;

	tpm2_wr_u16(wr, 0);
	tpm2_wr_public(wr, pub);
	if (!wr->overflow)
		put_unaligned_be16(wr->len - at - 2, wr->buf + at);
}

/**
 * tpm2_public_name() - the Name of an object: nameAlg || H(TPMT_PUBLIC)
 * @e: engine
 * @pub: its public area; nameAlg not TPM_ALG_NULL
 * @name: 2 + TPM2E_MAX_DIGEST_SIZE bytes
 * @size: bytes written
 *
 * Return: 0, or a negative errno.
 */
int tpm2_public_name(struct tpm2_engine *e, const struct tpm2_public *pub,
		     u8 *name, u16 *size)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(pub->name_alg);
	u8 *buf = e->scratch->buf;
	struct tpm2_wr wr;
	int rc;

	if (!h)
		return -EINVAL;
	tpm2_wr_init(&wr, buf, sizeof(e->scratch->buf));
	tpm2_wr_public(&wr, pub);
	if (wr.overflow)
		return -EOVERFLOW;
	put_unaligned_be16(h->alg, name);
	rc = tpm2_plat_hash(e->crypto, h->plat, buf, wr.len, name + 2);
	*size = 2 + h->size;
	return rc;
}
