// SPDX-License-Identifier: GPL-2.0
/*
 * The hash algorithms the engine implements, the TPMI_ALG_HASH type, and the
 * proof values derived from the instance secret (TPM 2.0 Part 1, "proof
 * values"): the HMAC keys of the tickets each hierarchy issues.
 */
#include "engine_int.h"

const struct tpm2_hash_alg tpm2_hash_algs[TPM2E_NR_HASH] = {
	{ TPM2E_ALG_SHA1, TPM2_PLAT_SHA1, 20 },
	{ TPM2E_ALG_SHA256, TPM2_PLAT_SHA256, 32 },
	{ TPM2E_ALG_SHA384, TPM2_PLAT_SHA384, 48 },
	{ TPM2E_ALG_SHA512, TPM2_PLAT_SHA512, 64 },
};

/*
 * The one-shot digest and HMAC of platform.h, for both builds: built on the
 * streaming calls each platform implements.
 */
int tpm2_plat_hash(struct tpm2_plat_crypto *pc, unsigned int alg,
		   const void *data, size_t len, u8 *out)
{
	struct tpm2_plat_hash_ctx ctx;
	int rc;

	rc = tpm2_plat_hash_init(pc, &ctx, alg);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(&ctx, data, len);
	if (rc) {
		tpm2_plat_hash_final(&ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(&ctx, out);
}

int tpm2_plat_hmac(struct tpm2_plat_crypto *pc, unsigned int alg,
		   const void *key, size_t key_len, const void *data,
		   size_t len, u8 *out)
{
	struct tpm2_plat_hash_ctx ctx;
	int rc;

	rc = tpm2_plat_hmac_init(pc, &ctx, alg, key, key_len);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(&ctx, data, len);
	if (rc) {
		tpm2_plat_hash_final(&ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(&ctx, out);
}

/**
 * tpm2_hash_find() - an implemented hash algorithm
 * @alg: TPM_ALG_ID; untrusted
 *
 * Return: its entry in tpm2_hash_algs[], or NULL.
 */
const struct tpm2_hash_alg *tpm2_hash_find(u16 alg)
{
	unsigned int i;

	for (i = 0; i < TPM2E_NR_HASH; i++)
		if (tpm2_hash_algs[i].alg == alg)
			return &tpm2_hash_algs[i];
	return NULL;
}

/**
 * tpm2_rd_alg_hash() - unmarshal a TPMI_ALG_HASH (TPM_ALG_NULL refused)
 * @rd: reader
 * @alg: the algorithm
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_INSUFFICIENT or TPM_RC_HASH.
 */
u32 tpm2_rd_alg_hash(struct tpm2_rd *rd, u16 *alg)
{
	u32 rc = tpm2_rd_u16(rd, alg);

	if (rc)
		return rc;
	return tpm2_hash_find(*alg) ? TPM2E_RC_SUCCESS : TPM2E_RC_HASH;
}

/**
 * tpm2_rd_alg_hash_null() - unmarshal a TPMI_ALG_HASH+ (TPM_ALG_NULL allowed)
 * @rd: reader
 * @alg: the algorithm
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_INSUFFICIENT or TPM_RC_HASH.
 */
u32 tpm2_rd_alg_hash_null(struct tpm2_rd *rd, u16 *alg)
{
	u32 rc = tpm2_rd_u16(rd, alg);

	if (rc || *alg == TPM2E_ALG_NULL)
		return rc;
	return tpm2_hash_find(*alg) ? TPM2E_RC_SUCCESS : TPM2E_RC_HASH;
}

static const u32 tpm2_proof_hierarchies[3] = {
	TPM2E_RH_PLATFORM, TPM2E_RH_OWNER, TPM2E_RH_ENDORSEMENT,
};

/**
 * tpm2_engine_derive_key() - derive 256 bits from the instance secret
 * @e: engine, its secret and crypto set
 * @label: label, NUL-terminated
 * @label_size: bytes of @label with its NUL
 * @context: contextU, a handle or 0
 * @out: 32 bytes
 *
 * KDFa (TPM 2.0 Part 1; SP 800-108 counter mode with HMAC-SHA256) of the
 * secret, one block: HMAC(secret, 1 || label || 0 || context || 256).
 *
 * Return: 0, or a negative errno.
 */
int tpm2_engine_derive_key(struct tpm2_engine *e, const char *label,
			   size_t label_size, u32 context, u8 *out)
{
	u8 msg[4 + 32 + 4 + 4];
	u8 *p = msg;
	int rc;

	if (label_size > 32)
		return -EINVAL;
	put_unaligned_be32(1, p);
	p += 4;
	memcpy(p, label, label_size);
	p += label_size;
	put_unaligned_be32(context, p);
	p += 4;
	put_unaligned_be32(256, p);
	p += 4;
	rc = tpm2_plat_hmac(e->crypto, TPM2_PLAT_SHA256, e->secret,
			    sizeof(e->secret), msg, p - msg, out);
	tpm2_plat_zeroize(msg, sizeof(msg));
	return rc;
}

/**
 * tpm2_engine_derive_proofs() - derive the hierarchies' proof values and
 * primary seeds, and the context keys
 * @e: engine, its secret and crypto set
 *
 * Return: 0, or a negative errno.
 */
int tpm2_engine_derive_proofs(struct tpm2_engine *e)
{
	static const char proof_label[] = "HTPM PROOF";
	static const char context_label[] = "HTPM CONTEXT";
	static const char seed_label[] = "HTPM SEED";
	unsigned int i;
	int rc;

	static_assert(TPM2E_PROOF_SIZE == 32 && TPM2E_CONTEXT_KEY_SIZE == 32);
	for (i = 0; i < ARRAY_SIZE(tpm2_proof_hierarchies); i++) {
		rc = tpm2_engine_derive_key(e, proof_label, sizeof(proof_label),
					    tpm2_proof_hierarchies[i],
					    e->proof[i]);
		if (rc)
			return rc;
	}
	for (i = 0; i < ARRAY_SIZE(tpm2_proof_hierarchies); i++) {
		rc = tpm2_engine_derive_key(e, seed_label, sizeof(seed_label),
					    tpm2_proof_hierarchies[i],
					    e->seed[i]);
		if (rc)
			return rc;
	}
	tpm2_plat_get_random(e->seed[TPM2E_SEED_NULL], TPM2E_SEED_SIZE);
	for (i = 0; i < ARRAY_SIZE(e->context_key); i++) {
		rc = tpm2_engine_derive_key(e, context_label,
					    sizeof(context_label), i,
					    e->context_key[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/**
 * tpm2_hierarchy_proof() - the proof value of a hierarchy
 * @e: engine
 * @hierarchy: TPM_RH_PLATFORM, TPM_RH_OWNER or TPM_RH_ENDORSEMENT
 *
 * Return: TPM2E_PROOF_SIZE bytes, or NULL for any other handle.
 */
const u8 *tpm2_hierarchy_proof(const struct tpm2_engine *e, u32 hierarchy)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tpm2_proof_hierarchies); i++)
		if (tpm2_proof_hierarchies[i] == hierarchy)
			return e->proof[i];
	return NULL;
}

/**
 * tpm2_ticket_is_safe() - may a ticket vouch for data that begins so?
 * @data: the first block of data given to a sequence
 * @size: its bytes
 *
 * A ticket must never vouch for data that could pass for a structure the
 * TPM made, which begins with TPM_GENERATED_VALUE; a first block too short
 * to tell counts as unsafe.
 *
 * Return: true when a ticket may be made.
 */
bool tpm2_ticket_is_safe(const u8 *data, u16 size)
{
	return size >= 4 && get_unaligned_be32(data) != TPM2E_GENERATED_VALUE;
}

/**
 * tpm2_hashcheck_ticket() - the TPMT_TK_HASHCHECK digest of a digest
 * @e: engine
 * @hierarchy: hierarchy of the ticket; not TPM_RH_NULL
 * @h: hash of the digest
 * @digest: @h->size bytes
 * @ticket: the ticket's HMAC, @h->size bytes
 * @ticket_size: set to @h->size
 *
 * HMAC with the hierarchy's proof, in @h, over TPM_ST_HASHCHECK || hashAlg
 * || digest.
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_FAILURE.
 */
u32 tpm2_hashcheck_ticket(struct tpm2_engine *e, u32 hierarchy,
			  const struct tpm2_hash_alg *h, const u8 *digest,
			  u8 *ticket, u16 *ticket_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const u8 *proof = tpm2_hierarchy_proof(e, hierarchy);
	u8 hdr[4];
	int rc;

	if (!proof)
		return TPM2E_RC_FAILURE;
	put_unaligned_be16(TPM2E_ST_HASHCHECK, hdr);
	put_unaligned_be16(h->alg, hdr + 2);
	rc = tpm2_plat_hmac_init(e->crypto, ctx, h->plat, proof,
				 TPM2E_PROOF_SIZE);
	if (rc)
		return TPM2E_RC_FAILURE;
	rc = tpm2_plat_hash_update(ctx, hdr, sizeof(hdr));
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, digest, h->size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return TPM2E_RC_FAILURE;
	}
	if (tpm2_plat_hash_final(ctx, ticket))
		return TPM2E_RC_FAILURE;
	*ticket_size = h->size;
	return TPM2E_RC_SUCCESS;
}
