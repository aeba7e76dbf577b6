/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy commands (TPM 2.0 Part 3 chapter 23, Enhanced Authorization):
 * their parameters and results, and their three steps.
 */
#ifndef _HTPM_TPM2_POLICY_H
#define _HTPM_TPM2_POLICY_H

#include "marshal.h"
#include "public.h"

struct tpm2_engine;
struct tpm2_cmd;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* TPM2B_TIMEOUT of this TPM: a UINT64 */
#define TPM2E_POLICY_TIMEOUT_SIZE	8
/* Bytes of a marshaled TPMS_TIME_INFO */
#define TPM2E_TIME_INFO_SIZE		25
/* Largest TPML_PCR_SELECTION the engine accepts, marshaled */
#define TPM2E_POLICY_MAX_PCRS		(4 + TPM2E_PCR_BANKS * \
					 (2 + 1 + TPM2E_PCR_SELECT_SIZE))
/* TPML_DIGEST of TPM2_PolicyOR: 2 to 8 digests */
#define TPM2E_POLICY_OR_MIN		2
#define TPM2E_POLICY_OR_MAX		8

/* TPM_EO: operations of TPM2_PolicyCounterTimer and TPM2_PolicyNV */
enum tpm2_eo {
	TPM2E_EO_EQ,
	TPM2E_EO_NEQ,
	TPM2E_EO_SIGNED_GT,
	TPM2E_EO_UNSIGNED_GT,
	TPM2E_EO_SIGNED_LT,
	TPM2E_EO_UNSIGNED_LT,
	TPM2E_EO_SIGNED_GE,
	TPM2E_EO_UNSIGNED_GE,
	TPM2E_EO_SIGNED_LE,
	TPM2E_EO_UNSIGNED_LE,
	TPM2E_EO_BITSET,
	TPM2E_EO_BITCLEAR,
	TPM2E_NR_EO,
};

/**
 * struct tpm2_policy_auth_in - what TPM2_PolicySigned and TPM2_PolicySecret
 *	share
 * @nonce_size: bytes in @nonce
 * @nonce: nonceTPM
 * @cp_hash_size: bytes in @cp_hash
 * @cp_hash: cpHashA
 * @ref_size: bytes in @ref
 * @ref: policyRef
 * @expiration: expiration in seconds; negative asks for a ticket
 */
struct tpm2_policy_auth_in {
	u16 nonce_size;
	u8 nonce[TPM2E_MAX_DIGEST_SIZE];
	u16 cp_hash_size;
	u8 cp_hash[TPM2E_MAX_DIGEST_SIZE];
	u16 ref_size;
	u8 ref[TPM2E_MAX_DIGEST_SIZE];
	s32 expiration;
};

/**
 * struct tpm2_policy_signed_in - TPM2_PolicySigned's parameters
 * @a: nonceTPM, cpHashA, policyRef and expiration
 * @sig: auth
 */
struct tpm2_policy_signed_in {
	struct tpm2_policy_auth_in a;
	struct tpm2_signature sig;
};

/**
 * struct tpm2_policy_ticket - TPMT_TK_AUTH or TPMT_TK_VERIFIED
 * @tag: TPM_ST_AUTH_SIGNED, TPM_ST_AUTH_SECRET or TPM_ST_VERIFIED
 * @hierarchy: TPMI_RH_HIERARCHY+
 * @size: bytes in @digest
 * @digest: the HMAC
 */
struct tpm2_policy_ticket {
	u16 tag;
	u32 hierarchy;
	u16 size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
};

/**
 * struct tpm2_policy_auth_out - results of TPM2_PolicySigned and
 *	TPM2_PolicySecret
 * @timeout_size: bytes in @timeout: 0 or TPM2E_POLICY_TIMEOUT_SIZE
 * @timeout: TPM2B_TIMEOUT
 * @ticket: policyTicket
 */
struct tpm2_policy_auth_out {
	u16 timeout_size;
	u8 timeout[TPM2E_POLICY_TIMEOUT_SIZE];
	struct tpm2_policy_ticket ticket;
};

/**
 * struct tpm2_policy_ticket_in - TPM2_PolicyTicket's parameters
 * @timeout_size: bytes in @timeout
 * @timeout: TPM2B_TIMEOUT as TPM2_PolicySigned or _PolicySecret gave it
 * @cp_hash_size: bytes in @cp_hash
 * @cp_hash: cpHashA
 * @ref_size: bytes in @ref
 * @ref: policyRef
 * @name_size: bytes in @name
 * @name: authName
 * @ticket: TPMT_TK_AUTH
 */
struct tpm2_policy_ticket_in {
	u16 timeout_size;
	u8 timeout[TPM2E_POLICY_TIMEOUT_SIZE];
	u16 cp_hash_size;
	u8 cp_hash[TPM2E_MAX_DIGEST_SIZE];
	u16 ref_size;
	u8 ref[TPM2E_MAX_DIGEST_SIZE];
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
	struct tpm2_policy_ticket ticket;
};

/**
 * struct tpm2_policy_or_in - TPM2_PolicyOR's pHashList
 * @count: digests in the list
 * @sizes: bytes in each digest
 * @digests: the digests
 */
struct tpm2_policy_or_in {
	u32 count;
	u16 sizes[TPM2E_POLICY_OR_MAX];
	u8 digests[TPM2E_POLICY_OR_MAX][TPM2E_MAX_DIGEST_SIZE];
};

/**
 * struct tpm2_policy_pcr_in - TPM2_PolicyPCR's parameters
 * @digest_size: bytes in @digest
 * @digest: pcrDigest
 * @pcrs_size: bytes in @pcrs
 * @pcrs: the TPML_PCR_SELECTION exactly as marshaled in the command
 */
struct tpm2_policy_pcr_in {
	u16 digest_size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	u16 pcrs_size;
	u8 pcrs[TPM2E_POLICY_MAX_PCRS];
};

/**
 * struct tpm2_policy_counter_timer_in - TPM2_PolicyCounterTimer's and
 *	TPM2_PolicyNV's parameters
 * @operand_size: bytes in @operand
 * @operand: operandB
 * @offset: offset in TPMS_TIME_INFO, or in the NV index
 * @operation: TPM_EO
 */
struct tpm2_policy_counter_timer_in {
	u16 operand_size;
	u8 operand[TPM2E_MAX_DIGEST_SIZE];
	u16 offset;
	u16 operation;
};

/**
 * struct tpm2_policy_digest_in - the one TPM2B_DIGEST of TPM2_PolicyCpHash,
 *	_PolicyNameHash and _PolicyTemplate
 * @size: bytes in @digest
 * @digest: cpHashA, nameHash or templateHash
 */
struct tpm2_policy_digest_in {
	u16 size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
};

/**
 * struct tpm2_policy_dup_select_in - TPM2_PolicyDuplicationSelect's
 *	parameters
 * @object_size: bytes in @object
 * @object: objectName
 * @parent_size: bytes in @parent
 * @parent: newParentName
 * @include: includeObject
 */
struct tpm2_policy_dup_select_in {
	u16 object_size;
	u8 object[TPM2E_MAX_NAME];
	u16 parent_size;
	u8 parent[TPM2E_MAX_NAME];
	u8 include;
};

/**
 * struct tpm2_policy_authorize_in - TPM2_PolicyAuthorize's parameters
 * @approved_size: bytes in @approved
 * @approved: approvedPolicy
 * @ref_size: bytes in @ref
 * @ref: policyRef
 * @key_size: bytes in @key
 * @key: keySign, a Name
 * @ticket: checkTicket, a TPMT_TK_VERIFIED
 */
struct tpm2_policy_authorize_in {
	u16 approved_size;
	u8 approved[TPM2E_MAX_DIGEST_SIZE];
	u16 ref_size;
	u8 ref[TPM2E_MAX_DIGEST_SIZE];
	u16 key_size;
	u8 key[TPM2E_MAX_NAME];
	struct tpm2_policy_ticket ticket;
};

/**
 * struct tpm2_policy_value_in - a parameter of one byte or word
 * @v: TPMA_LOCALITY (PolicyLocality), TPM_CC (PolicyCommandCode) or
 *	TPMI_YES_NO (PolicyNvWritten)
 */
struct tpm2_policy_value_in {
	u32 v;
};

/**
 * struct tpm2_policy_get_digest_out - TPM2_PolicyGetDigest's result
 * @size: bytes in @digest
 * @digest: policyDigest
 */
struct tpm2_policy_get_digest_out {
	u16 size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
};

bool tpm2_policy_compare(u16 operation, const u8 *a, const u8 *b, u16 size);
struct tpm2_session;
u32 tpm2_policy_extend_data(struct tpm2_engine *e, struct tpm2_session *s,
			    u32 cc, const u8 *a, u16 a_size, const u8 *b,
			    u16 b_size);
u32 tpm2_verified_ticket_digest(struct tpm2_engine *e, u32 hierarchy,
				const u8 *digest, u16 digest_size,
				const u8 *name, u16 name_size, u8 *out,
				u16 *out_size);

u32 tpm2_policy_signed_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_signed_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
u32 tpm2_policy_secret_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_secret_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
void tpm2_policy_auth_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr);

u32 tpm2_policy_ticket_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_ticket_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);

u32 tpm2_policy_or_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_or_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_policy_pcr_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_pcr_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_policy_locality_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_locality_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);

u32 tpm2_policy_counter_timer_unmarshal(struct tpm2_rd *rd,
					union tpm2_cmd_in *in);
u32 tpm2_policy_counter_timer_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				   const union tpm2_cmd_in *in,
				   union tpm2_cmd_out *out);

u32 tpm2_policy_command_code_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in);
u32 tpm2_policy_command_code_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out);

u32 tpm2_policy_physical_presence_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out);

u32 tpm2_policy_digest_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_policy_cp_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);
u32 tpm2_policy_name_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out);
u32 tpm2_policy_template_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);

u32 tpm2_policy_dup_select_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in);
u32 tpm2_policy_dup_select_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);

u32 tpm2_policy_authorize_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in);
u32 tpm2_policy_authorize_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out);

u32 tpm2_policy_auth_value_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);
u32 tpm2_policy_password_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);

u32 tpm2_policy_get_digest_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);
void tpm2_policy_get_digest_marshal(const union tpm2_cmd_out *out,
				    struct tpm2_wr *wr);

u32 tpm2_policy_nv_written_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in);
u32 tpm2_policy_nv_written_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);

u32 tpm2_policy_restart_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);

#endif /* _HTPM_TPM2_POLICY_H */
