/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command audit (TPM 2.0 Part 1 chapter 20, Part 3 TPM2_SetCommandCodeAuditStatus
 * and TPM2_GetCommandAuditDigest): the list of audited commands, the audit
 * digest and the audit counter.
 */
#ifndef _HTPM_TPM2_AUDIT_H
#define _HTPM_TPM2_AUDIT_H

#include "marshal.h"

struct tpm2_engine;
struct tpm2_cmd;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* Command codes TPM2E_CC_FIRST on that the audit list can hold */
#define TPM2E_AUDIT_CC_BYTES	32
/* The audit digest is being started over with a new hash (see audit.c) */
#define TPM2E_AUDIT_RESTART	1

/**
 * struct tpm2_audit - the command audit state of one TPM
 * @alg: auditHashAlg
 * @digest_size: bytes in @digest: 0 when no audited command ran since the
 *	digest was last reset, TPM2E_AUDIT_RESTART right after @alg changed
 * @digest: commandAuditDigest
 * @counter: auditCounter: one more each time a digest starts
 * @cc: the audited commands, one bit per command code from TPM2E_CC_FIRST
 */
struct tpm2_audit {
	u16 alg;
	u16 digest_size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	u64 counter;
	u8 cc[TPM2E_AUDIT_CC_BYTES];
};

/**
 * struct tpm2_set_audit_in - TPM2_SetCommandCodeAuditStatus's parameters
 * @alg: auditAlg, TPM_ALG_NULL to keep it
 * @n_set: entries in @set
 * @set: setList
 * @n_clear: entries in @clear
 * @clear: clearList
 */
struct tpm2_set_audit_in {
	u16 alg;
	u32 n_set;
	u32 set[TPM2E_MAX_CAP_CC];
	u32 n_clear;
	u32 clear[TPM2E_MAX_CAP_CC];
};

void tpm2_audit_init(struct tpm2_engine *e);
void tpm2_audit_startup(struct tpm2_engine *e, bool reset);
bool tpm2_audit_required(const struct tpm2_engine *e, u32 cc);
int tpm2_audit_cp_hash(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const u8 *params, u32 params_size);
int tpm2_audit_record(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const u8 *params, u32 params_size);
u32 tpm2_audit_list(const struct tpm2_engine *e, u32 cc, u32 *out, u32 max,
		    bool *more);
int tpm2_audit_commands_digest(struct tpm2_engine *e, u8 *out);

u32 tpm2_set_audit_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_set_audit_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

#endif /* _HTPM_TPM2_AUDIT_H */
