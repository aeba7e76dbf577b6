/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCR values and attributes (pcr.c), for the PCR commands and Startup.
 */
#ifndef _HTPM_TPM2_PCR_H
#define _HTPM_TPM2_PCR_H

#include "engine_int.h"

u8 *tpm2_pcr_value(struct tpm2_engine *e, unsigned int bank, u32 pcr);
bool tpm2_pcr_extend_allowed(u32 pcr, u8 locality);
bool tpm2_pcr_reset_allowed(u32 pcr, u8 locality);
bool tpm2_pcr_allocated(const struct tpm2_engine *e, unsigned int bank,
			u32 pcr);
int tpm2_pcr_extend(struct tpm2_engine *e, unsigned int bank, u32 pcr,
		    const u8 *digest);
void tpm2_pcr_reset(struct tpm2_engine *e, u32 pcr);
bool tpm2_pcr_property(u32 tag, u8 *select);
u32 tpm2_rd_pcr_selection_list(struct tpm2_rd *rd,
			       struct tpm2_pcr_selection_list *l);
void tpm2_wr_pcr_selection_list(struct tpm2_wr *wr,
				const struct tpm2_pcr_selection_list *l);
int tpm2_pcr_digest(struct tpm2_engine *e,
		    const struct tpm2_pcr_selection_list *l,
		    const struct tpm2_hash_alg *h, u8 *out);

#endif /* _HTPM_TPM2_PCR_H */
