/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key and data objects: what keys.c and sym_cmds.c share with the rest of
 * the engine (contexts, authorization).
 */
#ifndef _HTPM_TPM2_KEYS_H
#define _HTPM_TPM2_KEYS_H

#include "object.h"

bool tpm2_key_is_storage(const struct tpm2_object *obj);
int tpm2_key_unique(struct tpm2_engine *e, struct tpm2_key *k);
int tpm2_key_names(struct tpm2_engine *e, struct tpm2_object *obj,
		   const struct tpm2_object *parent, u32 hierarchy);
int tpm2_key_wrap(struct tpm2_engine *e, const struct tpm2_object *parent,
		  const struct tpm2_object *obj, u8 *out, u16 *size);

#endif /* _HTPM_TPM2_KEYS_H */
