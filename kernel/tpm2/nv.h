/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NV indices (TPM 2.0 Part 1 chapter 37, Part 3 chapter 31): the defined
 * spaces of one TPM, their public areas, data and the rules on their use.
 */
#ifndef _HTPM_TPM2_NV_H
#define _HTPM_TPM2_NV_H

#include "marshal.h"
#include "public.h"

struct tpm2_engine;
struct tpm2_cmd;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* TPMA_NV (TPM 2.0 Part 2, 13.4) */
#define TPM2E_NV_PPWRITE	BIT(0)
#define TPM2E_NV_OWNERWRITE	BIT(1)
#define TPM2E_NV_AUTHWRITE	BIT(2)
#define TPM2E_NV_POLICYWRITE	BIT(3)
#define TPM2E_NV_TYPE_SHIFT	4
#define TPM2E_NV_TYPE_MASK	(0xfU << TPM2E_NV_TYPE_SHIFT)
#define TPM2E_NV_POLICY_DELETE	BIT(10)
#define TPM2E_NV_WRITELOCKED	BIT(11)
#define TPM2E_NV_WRITEALL	BIT(12)
#define TPM2E_NV_WRITEDEFINE	BIT(13)
#define TPM2E_NV_WRITE_STCLEAR	BIT(14)
#define TPM2E_NV_GLOBALLOCK	BIT(15)
#define TPM2E_NV_PPREAD		BIT(16)
#define TPM2E_NV_OWNERREAD	BIT(17)
#define TPM2E_NV_AUTHREAD	BIT(18)
#define TPM2E_NV_POLICYREAD	BIT(19)
#define TPM2E_NV_RESERVED	(0x1fU << 20)
#define TPM2E_NV_NO_DA		BIT(25)
#define TPM2E_NV_ORDERLY	BIT(26)
#define TPM2E_NV_CLEAR_STCLEAR	BIT(27)
#define TPM2E_NV_READLOCKED	BIT(28)
#define TPM2E_NV_WRITTEN	BIT(29)
#define TPM2E_NV_PLATFORMCREATE	BIT(30)
#define TPM2E_NV_READ_STCLEAR	BIT(31)

/* TPM_NT: the type of an index, in TPMA_NV bits 4-7 */
#define TPM2E_NT_ORDINARY	0x0
#define TPM2E_NT_COUNTER	0x1
#define TPM2E_NT_BITS		0x2
#define TPM2E_NT_EXTEND		0x4
#define TPM2E_NT_PIN_FAIL	0x8
#define TPM2E_NT_PIN_PASS	0x9

/* Indices one TPM may hold at most (TPM_PT_NV_INDEX_MAX is per index) */
#define TPM2E_MAX_NV_INDICES	64
/*
 * Default NV quota of one TPM, in bytes: each index costs its data size
 * plus TPM2E_NV_INDEX_COST (public area, authValue, bookkeeping).
 */
#define TPM2E_NV_QUOTA_DEFAULT	(32 * 1024)
#define TPM2E_NV_INDEX_COST	128

/**
 * struct tpm2_nv_index - one defined NV index
 * @handle: nvIndex, in TPM_HT_NV_INDEX
 * @name_alg: nameAlg
 * @attrs: TPMA_NV, as NV_ReadPublic reports it (WRITTEN and the locks
 *	included)
 * @policy_size: bytes in @policy
 * @policy: authPolicy
 * @data_size: dataSize
 * @auth_size: bytes in @auth, trailing zeros removed
 * @auth: authValue
 * @name_size: bytes in @name
 * @name: nameAlg || H(TPMS_NV_PUBLIC); kept up to date with @attrs by
 *	tpm2_nv_update_name()
 * @data: @data_size bytes; for counter, bits and PIN indices the 8-byte
 *	big-endian value (TPMS_NV_PIN_COUNTER_PARAMETERS for PIN indices)
 */
struct tpm2_nv_index {
	u32 handle;
	u16 name_alg;
	u32 attrs;
	u16 policy_size;
	u8 policy[TPM2E_MAX_DIGEST_SIZE];
	u16 data_size;
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
	u8 data[];
};

static inline u32 tpm2_nv_type(u32 attrs)
{
	return (attrs & TPM2E_NV_TYPE_MASK) >> TPM2E_NV_TYPE_SHIFT;
}

struct tpm2_nv_index *tpm2_nv_get(const struct tpm2_engine *e, u32 handle);
u32 tpm2_nv_check_handle(const struct tpm2_engine *e, u32 handle);
bool tpm2_nv_auth_write(u32 cc);
int tpm2_nv_update_name(struct tpm2_engine *e, struct tpm2_nv_index *nv);
void tpm2_nv_wr_public(struct tpm2_wr *wr, const struct tpm2_nv_index *nv);
u32 tpm2_nv_count(const struct tpm2_engine *e);
u32 tpm2_nv_handles(const struct tpm2_engine *e, u32 first, u32 *out,
		    u32 max, bool *more);
void tpm2_nv_startup(struct tpm2_engine *e, bool clear);
void tpm2_nv_clear(struct tpm2_engine *e);
void tpm2_nv_free_all(struct tpm2_engine *e);

#endif /* _HTPM_TPM2_NV_H */
