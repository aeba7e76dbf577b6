/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attestation commands (TPM 2.0 Part 3 chapter 18) and TPM2_NV_Certify:
 * their parameters and results.
 */
#ifndef _HTPM_TPM2_ATTEST_H
#define _HTPM_TPM2_ATTEST_H

#include "marshal.h"
#include "public.h"

struct tpm2_engine;
struct tpm2_cmd;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* Entries these commands have in the command table (dispatch.c) */
#define TPM2E_NR_ATTEST_COMMANDS	6

/* Largest TPML_PCR_SELECTION the engine accepts, marshaled */
#define TPM2E_ATTEST_MAX_PCRS	(4 + TPM2E_PCR_BANKS * \
				 (2 + 1 + TPM2E_PCR_SELECT_SIZE))

/*
 * Largest marshaled TPMS_ATTEST: magic, type, qualifiedSigner, extraData,
 * clockInfo and firmwareVersion, then the largest attested part, that of
 * TPM2_NV_Certify (indexName, offset, nvContents).
 */
#define TPM2E_ATTEST_HEADER_MAX	(4 + 2 + 2 + TPM2E_MAX_NAME + 2 + \
				 TPM2E_MAX_DATA + 17 + 8)
#define TPM2E_MAX_ATTEST	(TPM2E_ATTEST_HEADER_MAX + 2 + \
				 TPM2E_MAX_NAME + 2 + 2 + \
				 TPM2E_MAX_NV_BUFFER_SIZE)

/**
 * struct tpm2_attest_params - what every attestation command has:
 *	qualifyingData and inScheme
 * @data_size: bytes in @data
 * @data: qualifyingData, the caller's nonce, copied into extraData
 * @scheme: inScheme; TPM_ALG_NULL to take the signing key's
 */
struct tpm2_attest_params {
	u16 data_size;
	u8 data[TPM2E_MAX_DATA];
	struct tpm2_scheme scheme;
};

/**
 * struct tpm2_quote_in - TPM2_Quote's parameters
 * @p: qualifyingData and inScheme
 * @pcrs_size: bytes in @pcrs
 * @pcrs: PCRselect, the TPML_PCR_SELECTION as it came (checked)
 */
struct tpm2_quote_in {
	struct tpm2_attest_params p;
	u16 pcrs_size;
	u8 pcrs[TPM2E_ATTEST_MAX_PCRS];
};

/**
 * struct tpm2_certify_creation_in - TPM2_CertifyCreation's parameters
 * @p: qualifyingData and inScheme
 * @hash_size: bytes in @hash
 * @hash: creationHash
 * @ticket_hierarchy: creationTicket.hierarchy
 * @ticket_size: bytes in @ticket
 * @ticket: creationTicket.digest
 */
struct tpm2_certify_creation_in {
	struct tpm2_attest_params p;
	u16 hash_size;
	u8 hash[TPM2E_MAX_DIGEST_SIZE];
	u32 ticket_hierarchy;
	u16 ticket_size;
	u8 ticket[TPM2E_MAX_DIGEST_SIZE];
};

/**
 * struct tpm2_nv_certify_in - TPM2_NV_Certify's parameters
 * @p: qualifyingData and inScheme
 * @size: bytes of the index to certify; 0 with @offset 0 certifies a
 *	digest of all its data
 * @offset: where they start
 */
struct tpm2_nv_certify_in {
	struct tpm2_attest_params p;
	u16 size;
	u16 offset;
};

/* Their parameters, a member of union tpm2_cmd_in */
union tpm2_attest_in {
	struct tpm2_attest_params common;	/* Certify, GetTime, ... */
	struct tpm2_quote_in quote;
	struct tpm2_certify_creation_in certify_creation;
	struct tpm2_nv_certify_in nv_certify;
};

/**
 * struct tpm2_attest_result - what every attestation command returns
 * @size: bytes in @attest
 * @attest: the marshaled TPMS_ATTEST (TPM2B_ATTEST)
 * @sig: its signature; sigAlg TPM_ALG_NULL for signHandle TPM_RH_NULL
 */
struct tpm2_attest_result {
	u16 size;
	u8 attest[TPM2E_MAX_ATTEST];
	struct tpm2_signature sig;
};

/* Their results, a member of union tpm2_cmd_out */
union tpm2_attest_out {
	struct tpm2_attest_result result;
};

u32 tpm2_attest_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_quote_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_certify_creation_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in);
u32 tpm2_nv_certify_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_quote_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_certify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_certify_creation_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out);
u32 tpm2_get_time_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_get_command_audit_digest_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out);
u32 tpm2_get_session_audit_digest_exec(struct tpm2_engine *e,
				       struct tpm2_cmd *c,
				       const union tpm2_cmd_in *in,
				       union tpm2_cmd_out *out);
u32 tpm2_nv_certify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_attest_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

/* Constants tpm2_types.h does not have (yet) */

/* TPM_CC */
#define TPM2E_CC_CERTIFY		0x0148
#define TPM2E_CC_CERTIFY_CREATION	0x014A
#define TPM2E_CC_GET_TIME		0x014C
#define TPM2E_CC_GET_SESSION_AUDIT_DIGEST 0x014D
#define TPM2E_CC_QUOTE			0x0158
#define TPM2E_CC_NV_CERTIFY		0x0184

/* TPMI_ST_ATTEST */
#define TPM2E_ST_ATTEST_NV		0x8014
#define TPM2E_ST_ATTEST_COMMAND_AUDIT	0x8015
#define TPM2E_ST_ATTEST_SESSION_AUDIT	0x8016
#define TPM2E_ST_ATTEST_CERTIFY		0x8017
#define TPM2E_ST_ATTEST_QUOTE		0x8018
#define TPM2E_ST_ATTEST_TIME		0x8019
#define TPM2E_ST_ATTEST_CREATION	0x801A
#define TPM2E_ST_ATTEST_NV_DIGEST	0x801C

#endif /* _HTPM_TPM2_ATTEST_H */
