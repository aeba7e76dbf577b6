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

static const u32 tpm2_proof_hierarchies[3] = {
	TPM2E_RH_PLATFORM, TPM2E_RH_OWNER, TPM2E_RH_ENDORSEMENT,
};

/*
 * KDFa (TPM 2.0 Part 1, SP 800-108 counter mode with HMAC-SHA256) of the
 * instance secret, label "HTPM PROOF", contextU the hierarchy handle, one
 * block of 256 bits.
 */
static int tpm2_derive_proof(struct tpm2_engine *e, u32 hierarchy, u8 *out)
{
	static const char label[] = "HTPM PROOF";
	u8 msg[4 + sizeof(label) + 4 + 4];
	u8 *p = msg;
	int rc;

	put_unaligned_be32(1, p);
	p += 4;
	memcpy(p, label, sizeof(label));	/* with its terminating 0 */
	p += sizeof(label);
	put_unaligned_be32(hierarchy, p);
	p += 4;
	put_unaligned_be32(TPM2E_PROOF_SIZE * 8, p);
	rc = tpm2_plat_hmac(e->crypto, TPM2_PLAT_SHA256, e->secret,
			    sizeof(e->secret), msg, sizeof(msg), out);
	tpm2_plat_zeroize(msg, sizeof(msg));
	return rc;
}

/**
 * tpm2_engine_derive_proofs() - derive the hierarchies' proof values
 * @e: engine, its secret and crypto set
 *
 * Return: 0, or a negative errno.
 */
int tpm2_engine_derive_proofs(struct tpm2_engine *e)
{
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(tpm2_proof_hierarchies); i++) {
		rc = tpm2_derive_proof(e, tpm2_proof_hierarchies[i],
				       e->proof[i]);
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
