/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NV commands (TPM 2.0 Part 3 chapter 31) and PolicyNV/PolicyAuthorizeNV:
 * their parameters and results.
 */
#ifndef _HTPM_TPM2_CMD_NV_H
#define _HTPM_TPM2_CMD_NV_H

#include "marshal.h"
#include "public.h"

struct tpm2_engine;
struct tpm2_cmd;
struct tpm2_nv_index;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* Entries these commands have in the command table (dispatch.c) */
#define TPM2E_NR_NV_COMMANDS	15

/**
 * struct tpm2_nv_public - TPMS_NV_PUBLIC
 * @handle: nvIndex
 * @name_alg: nameAlg
 * @attrs: attributes (TPMA_NV)
 * @policy_size: bytes in @policy
 * @policy: authPolicy
 * @data_size: dataSize
 */
struct tpm2_nv_public {
	u32 handle;
	u16 name_alg;
	u32 attrs;
	u16 policy_size;
	u8 policy[TPM2E_MAX_DIGEST_SIZE];
	u16 data_size;
};

/**
 * struct tpm2_nv_define_in - TPM2_NV_DefineSpace's parameters
 * @auth_size: bytes in @auth
 * @auth: auth, the authValue of the new index
 * @pub: publicInfo
 */
struct tpm2_nv_define_in {
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_nv_public pub;
};

/**
 * struct tpm2_nv_write_in - TPM2_NV_Write's and TPM2_NV_Extend's parameters
 * @size: bytes in @data
 * @data: data, a TPM2B_MAX_NV_BUFFER
 * @offset: offset (NV_Write only)
 */
struct tpm2_nv_write_in {
	u16 size;
	u8 data[TPM2E_MAX_NV_BUFFER_SIZE];
	u16 offset;
};

/**
 * struct tpm2_nv_read_in - TPM2_NV_Read's parameters
 * @size: bytes wanted
 * @offset: where they start in the index
 */
struct tpm2_nv_read_in {
	u16 size;
	u16 offset;
};

/**
 * struct tpm2_nv_auth_in - TPM2_NV_ChangeAuth's newAuth
 * @size: bytes in @auth
 * @auth: the new authValue
 */
struct tpm2_nv_auth_in {
	u16 size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
};

/* Their parameters, a member of union tpm2_cmd_in */
union tpm2_nv_in {
	struct tpm2_nv_define_in define;
	struct tpm2_nv_write_in write;
	struct tpm2_nv_read_in read;
	struct tpm2_nv_auth_in change_auth;
	u64 bits;
};

/**
 * struct tpm2_nv_read_public_out - TPM2_NV_ReadPublic's results
 * @pub: nvPublic
 * @name_size: bytes in @name
 * @name: nvName
 */
struct tpm2_nv_read_public_out {
	struct tpm2_nv_public pub;
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
};

/**
 * struct tpm2_nv_read_out - TPM2_NV_Read's result
 * @size: bytes in @data
 * @data: data
 */
struct tpm2_nv_read_out {
	u16 size;
	u8 data[TPM2E_MAX_NV_BUFFER_SIZE];
};

/* Their results, a member of union tpm2_cmd_out */
union tpm2_nv_out {
	struct tpm2_nv_read_public_out read_public;
	struct tpm2_nv_read_out read;
};

void tpm2_nv_public_of(const struct tpm2_nv_index *nv,
		       struct tpm2_nv_public *pub);
void tpm2_wr_nv_public(struct tpm2_wr *wr, const struct tpm2_nv_public *pub);
u32 tpm2_nv_define(struct tpm2_engine *e, const struct tpm2_nv_public *pub,
		   const u8 *auth, u16 auth_size);
void tpm2_nv_undefine(struct tpm2_engine *e, u32 handle);
u32 tpm2_nv_write_data(struct tpm2_engine *e, struct tpm2_nv_index *nv,
		       u16 offset, const u8 *data, u16 size);
u64 tpm2_nv_counter_start(const struct tpm2_engine *e);
void tpm2_nv_global_lock(struct tpm2_engine *e);
u32 tpm2_nv_read_access(const struct tpm2_nv_index *nv, u32 auth);
u32 tpm2_nv_pin_auth(struct tpm2_engine *e, struct tpm2_nv_index *nv,
		     bool ok);

u32 tpm2_nv_define_space_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_define_space_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);
u32 tpm2_nv_undefine_space_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);
u32 tpm2_nv_undefine_space_special_exec(struct tpm2_engine *e,
					struct tpm2_cmd *c,
					const union tpm2_cmd_in *in,
					union tpm2_cmd_out *out);
u32 tpm2_nv_read_public_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);
void tpm2_nv_read_public_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr);
u32 tpm2_nv_write_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_write_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_nv_increment_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);
u32 tpm2_nv_extend_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_extend_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_nv_set_bits_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_set_bits_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
u32 tpm2_nv_write_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
u32 tpm2_nv_global_write_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				   const union tpm2_cmd_in *in,
				   union tpm2_cmd_out *out);
u32 tpm2_nv_read_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_read_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_nv_read_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);
u32 tpm2_nv_read_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);
u32 tpm2_nv_change_auth_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_nv_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);
u32 tpm2_policy_nv_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_policy_authorize_nv_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out);

/*
 * Constants tpm2_types.h lacks
 */

/* TPM_CC of these commands */
#define TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL	0x011F
#define TPM2E_CC_NV_UNDEFINE_SPACE		0x0122
#define TPM2E_CC_NV_DEFINE_SPACE		0x012A
#define TPM2E_CC_NV_GLOBAL_WRITE_LOCK		0x0132
#define TPM2E_CC_NV_INCREMENT			0x0134
#define TPM2E_CC_NV_SET_BITS			0x0135
#define TPM2E_CC_NV_EXTEND			0x0136
#define TPM2E_CC_NV_WRITE			0x0137
#define TPM2E_CC_NV_WRITE_LOCK			0x0138
#define TPM2E_CC_NV_CHANGE_AUTH			0x013B
#define TPM2E_CC_POLICY_NV			0x0149
#define TPM2E_CC_NV_READ			0x014E
#define TPM2E_CC_NV_READ_LOCK			0x014F
#define TPM2E_CC_NV_READ_PUBLIC			0x0169
#define TPM2E_CC_POLICY_AUTHORIZE_NV		0x0192

/* TPM_RC: format-zero NV codes */

/* TPMI_RH_NV_INDEX: the range of TPM_HT_NV_INDEX */
#define TPM2E_NV_INDEX_FIRST		0x01000000
#define TPM2E_NV_INDEX_LAST		0x01FFFFFF

/* TPMA_NV bits 8 and 9, reserved besides TPM2E_NV_RESERVED */
#define TPM2E_NV_RESERVED_LOW		(BIT(8) | BIT(9))

/* TPMS_NV_PIN_COUNTER_PARAMETERS: pinCount, then pinLimit (UINT32 each) */
#define TPM2E_NV_PIN_SIZE		8

#endif /* _HTPM_TPM2_CMD_NV_H */
