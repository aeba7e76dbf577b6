/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key and data objects: what keys.c shares with the rest of the engine
 * (contexts, authorization, the commands that use keys).
 */
#ifndef _HTPM_TPM2_KEYS_H
#define _HTPM_TPM2_KEYS_H

#include "object.h"

bool tpm2_key_is_storage(const struct tpm2_object *obj);
u32 tpm2_check_public(const struct tpm2_public *p,
		      const struct tpm2_object *parent);
u32 tpm2_check_public_key(const struct tpm2_public *p);
u32 tpm2_key_binding(struct tpm2_engine *e, struct tpm2_object *obj,
		     unsigned int n);
void tpm2_key_rsa(const struct tpm2_key *k, struct tpm2_rsa_key *rsa);
int tpm2_key_qn(struct tpm2_engine *e, struct tpm2_key *k, const u8 *pqn,
		u16 pqn_size);
const struct tpm2_object *tpm2_parent(struct tpm2_engine *e, u32 h);
int tpm2_key_rng_random(void *priv, u8 *buf, size_t len);
int tpm2_key_unique(struct tpm2_engine *e, struct tpm2_key *k);
int tpm2_key_names(struct tpm2_engine *e, struct tpm2_object *obj,
		   const struct tpm2_object *parent, u32 hierarchy);
void tpm2_wr_sensitive2b(struct tpm2_wr *wr, const struct tpm2_object *o);
int tpm2_key_wrap(struct tpm2_engine *e, const struct tpm2_object *parent,
		  const struct tpm2_object *obj, u8 *out, u16 *size);
bool tpm2_sig_alg_fits(u16 type, u16 alg);
int tpm2_verify_digest(struct tpm2_engine *e, const struct tpm2_key *k,
		       const u8 *digest, u16 digest_size,
		       const struct tpm2_signature *s);

#endif /* _HTPM_TPM2_KEYS_H */
