/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Objects: the TPM's few transient slots, the persistent objects, and what
 * lives in them: hash and event sequences, and keys (KEYEDHASH, SYMCIPHER,
 * RSA and ECC).
 */
#ifndef _HTPM_TPM2_OBJECT_H
#define _HTPM_TPM2_OBJECT_H

#include "engine_int.h"
#include "ecc.h"
#include "rsa.h"

/* The largest sensitive value: sealed data, a symmetric key, an RSA prime */
#define TPM2E_MAX_KEY_SENS	TPM2E_RSA_MAX_PRIME
static_assert(TPM2E_MAX_KEY_SENS >= TPM2E_MAX_SYM_DATA);
static_assert(TPM2E_MAX_KEY_SENS >= TPM2E_ECC_MAX_BYTES);

/* struct tpm2_object.kind */
enum tpm2_object_kind {
	TPM2E_OBJ_HASH_SEQ = 1,		/* TPM2_HashSequenceStart(hashAlg) */
	TPM2E_OBJ_EVENT_SEQ,		/* TPM2_HashSequenceStart(NULL) */
	TPM2E_OBJ_KEY,			/* an object with a public area */
};

/**
 * struct tpm2_seq - a hash or event sequence in progress
 * @first_block: a first block of data has been seen
 * @ticket_safe: that block cannot pass for a TPM-generated structure, so
 *	SequenceComplete may produce a ticket
 * @n_hash: hashes in progress in @hash: 1, or TPM2E_NR_HASH for an event
 *	sequence (index i is tpm2_hash_algs[i])
 * @alg: TPM_ALG_ID of a hash sequence
 * @hmac: an HMAC sequence (TPM2_HMAC_Start): @hash[0] is the inner hash
 * @hmac_key_size: bytes in @hmac_key, the hash's block size
 * @hmac_key: the HMAC key padded to a block, XORed with opad
 * @hash: the hashes
 */
struct tpm2_seq {
	bool first_block;
	bool ticket_safe;
	u8 n_hash;
	u16 alg;
	bool hmac;
	u8 hmac_key_size;
	u8 hmac_key[TPM2E_MAX_HASH_BLOCK];
	struct tpm2_plat_hash_ctx hash[TPM2E_NR_HASH];
};

/**
 * struct tpm2_key - an object with public and sensitive areas
 * @pub: the public area
 * @name_size: bytes in @name
 * @name: Name: nameAlg || H(public area)
 * @qn_size: bytes in @qn
 * @qn: qualified name: nameAlg || H(parent's qualified name || @name)
 * @seed_size: bytes in @seed
 * @seed: seedValue: the obfuscation value of the key, and the seed that
 *	protects a storage key's children
 * @public_only: loaded by TPM2_LoadExternal without a sensitive area; @seed
 *	and @sens are empty
 * @sens_size: bytes in @sens
 * @sens: the key (SYMCIPHER, KEYEDHASH keys), the sealed data, one prime
 *	of an RSA key or the private scalar of an ECC key
 */
struct tpm2_key {
	struct tpm2_public pub;
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
	u16 qn_size;
	u8 qn[TPM2E_MAX_NAME];
	u16 seed_size;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	bool public_only;
	u16 sens_size;
	u8 sens[TPM2E_MAX_KEY_SENS];
};

/**
 * struct tpm2_object - a loaded transient object
 * @kind: enum tpm2_object_kind
 * @hierarchy: hierarchy it belongs to (TPM_RH_NULL for sequences)
 * @evict_handle: the persistent handle of a persistent object, else 0
 * @auth_size: bytes in @auth
 * @auth: authValue
 * @seq: state of a sequence object
 * @key: a key or data object
 */
struct tpm2_object {
	u8 kind;
	u32 hierarchy;
	u32 evict_handle;
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	union {
		struct tpm2_seq seq;
		struct tpm2_key key;
	};
};

static inline bool tpm2_handle_is_transient(u32 h)
{
	return h >> TPM2E_HT_SHIFT == TPM2E_HT_TRANSIENT;
}

u32 tpm2_object_alloc(struct tpm2_engine *e, struct tpm2_object **obj,
		      u32 *handle);
struct tpm2_object *tpm2_object_get(const struct tpm2_engine *e, u32 handle);
void tpm2_object_set_auth(struct tpm2_object *obj, const u8 *auth, u16 size);
void tpm2_object_flush(struct tpm2_engine *e, u32 handle);
void tpm2_objects_flush_all(struct tpm2_engine *e);
void tpm2_objects_flush_hierarchy(struct tpm2_engine *e, u32 hierarchy);
u32 tpm2_objects_loaded(const struct tpm2_engine *e);
u32 tpm2_persistent_add(struct tpm2_engine *e, const struct tpm2_object *obj,
			u32 handle);
bool tpm2_persistent_exists(const struct tpm2_engine *e, u32 handle);
void tpm2_persistent_evict(struct tpm2_engine *e, u32 handle);
u32 tpm2_persistent_count(const struct tpm2_engine *e);
u32 tpm2_persistent_handles(const struct tpm2_engine *e, u32 first, u32 *out,
			    u32 max, bool *more);
void tpm2_persistent_flush_hierarchy(struct tpm2_engine *e, u32 hierarchy);
void tpm2_persistent_free_all(struct tpm2_engine *e);

#endif /* _HTPM_TPM2_OBJECT_H */
