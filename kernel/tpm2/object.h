/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transient objects: the TPM's few object slots, and what lives in them.
 * Hash and event sequences for now; keys come with the hierarchies.
 */
#ifndef _HTPM_TPM2_OBJECT_H
#define _HTPM_TPM2_OBJECT_H

#include "engine_int.h"

/* struct tpm2_object.kind */
enum tpm2_object_kind {
	TPM2E_OBJ_HASH_SEQ = 1,		/* TPM2_HashSequenceStart(hashAlg) */
	TPM2E_OBJ_EVENT_SEQ,		/* TPM2_HashSequenceStart(NULL) */
};

/**
 * struct tpm2_seq - a hash or event sequence in progress
 * @first_block: a first block of data has been seen
 * @ticket_safe: that block cannot pass for a TPM-generated structure, so
 *	SequenceComplete may produce a ticket
 * @n_hash: hashes in progress in @hash: 1, or TPM2E_NR_HASH for an event
 *	sequence (index i is tpm2_hash_algs[i])
 * @alg: TPM_ALG_ID of a hash sequence
 * @hash: the hashes
 */
struct tpm2_seq {
	bool first_block;
	bool ticket_safe;
	u8 n_hash;
	u16 alg;
	struct tpm2_plat_hash_ctx hash[TPM2E_NR_HASH];
};

/**
 * struct tpm2_object - a loaded transient object
 * @kind: enum tpm2_object_kind
 * @hierarchy: hierarchy it belongs to (TPM_RH_NULL for sequences)
 * @auth_size: bytes in @auth
 * @auth: authValue
 * @seq: state of a sequence object
 */
struct tpm2_object {
	u8 kind;
	u32 hierarchy;
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_seq seq;
};

static inline bool tpm2_handle_is_transient(u32 h)
{
	return h >> TPM2E_HT_SHIFT == TPM2E_HT_TRANSIENT;
}

u32 tpm2_object_alloc(struct tpm2_engine *e, struct tpm2_object **obj,
		      u32 *handle);
struct tpm2_object *tpm2_object_get(const struct tpm2_engine *e, u32 handle);
void tpm2_object_flush(struct tpm2_engine *e, u32 handle);
void tpm2_objects_flush_all(struct tpm2_engine *e);
void tpm2_objects_flush_hierarchy(struct tpm2_engine *e, u32 hierarchy);
u32 tpm2_objects_loaded(const struct tpm2_engine *e);

#endif /* _HTPM_TPM2_OBJECT_H */
