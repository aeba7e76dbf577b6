/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials and key transport (TPM 2.0 Part 3 chapters 12 and 13:
 * MakeCredential, ActivateCredential, Duplicate, Rewrap, Import): their
 * parameters and results.
 */
#ifndef _HTPM_TPM2_CRED_H
#define _HTPM_TPM2_CRED_H

#include "marshal.h"
#include "public.h"

struct tpm2_engine;
struct tpm2_cmd;
union tpm2_cmd_in;
union tpm2_cmd_out;

/* Entries these commands have in the command table (dispatch.c) */
#define TPM2E_NR_CRED_COMMANDS	5

/* TPM2B_ID_OBJECT: TPMS_ID_OBJECT, two TPM2B_DIGESTs */
#define TPM2E_MAX_ID_OBJECT	(2 * (2 + TPM2E_MAX_DIGEST_SIZE))

/**
 * struct tpm2_make_credential_in - TPM2_MakeCredential's parameters
 * @cred_size: bytes in @cred
 * @cred: credential (TPM2B_DIGEST)
 * @name_size: bytes in @name
 * @name: objectName (TPM2B_NAME)
 */
struct tpm2_make_credential_in {
	u16 cred_size;
	u8 cred[TPM2E_MAX_DIGEST_SIZE];
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
};

/**
 * struct tpm2_credential - TPM2_MakeCredential's results, and
 *	TPM2_ActivateCredential's parameters
 * @blob_size: bytes in @blob
 * @blob: credentialBlob (TPM2B_ID_OBJECT)
 * @secret_size: bytes in @secret
 * @secret: secret (TPM2B_ENCRYPTED_SECRET)
 */
struct tpm2_credential {
	u16 blob_size;
	u8 blob[TPM2E_MAX_ID_OBJECT];
	u16 secret_size;
	u8 secret[TPM2E_MAX_SECRET_SIZE];
};

/**
 * struct tpm2_duplicate_in - TPM2_Duplicate's parameters
 * @key_size: bytes in @key
 * @key: encryptionKeyIn (TPM2B_DATA)
 * @sym: symmetricAlg (TPMT_SYM_DEF_OBJECT+)
 */
struct tpm2_duplicate_in {
	u16 key_size;
	u8 key[TPM2E_MAX_DATA];
	struct tpm2_sym_def sym;
};

/**
 * struct tpm2_duplicate_out - TPM2_Duplicate's results
 * @key_size: bytes in @key
 * @key: encryptionKeyOut (TPM2B_DATA)
 * @dup_size: bytes in @dup
 * @dup: duplicate (TPM2B_PRIVATE)
 * @seed_size: bytes in @seed
 * @seed: outSymSeed (TPM2B_ENCRYPTED_SECRET)
 */
struct tpm2_duplicate_out {
	u16 key_size;
	u8 key[TPM2E_MAX_DATA];
	u16 dup_size;
	u8 dup[TPM2E_MAX_PRIVATE];
	u16 seed_size;
	u8 seed[TPM2E_MAX_SECRET_SIZE];
};

/**
 * struct tpm2_import_in - TPM2_Import's parameters
 * @key_size: bytes in @key
 * @key: encryptionKey (TPM2B_DATA)
 * @pub: objectPublic
 * @dup_size: bytes in @dup
 * @dup: duplicate (TPM2B_PRIVATE)
 * @seed_size: bytes in @seed
 * @seed: inSymSeed (TPM2B_ENCRYPTED_SECRET)
 * @sym: symmetricAlg (TPMT_SYM_DEF_OBJECT+)
 */
struct tpm2_import_in {
	u16 key_size;
	u8 key[TPM2E_MAX_DATA];
	struct tpm2_public pub;
	u16 dup_size;
	u8 dup[TPM2E_MAX_PRIVATE];
	u16 seed_size;
	u8 seed[TPM2E_MAX_SECRET_SIZE];
	struct tpm2_sym_def sym;
};

/**
 * struct tpm2_rewrap_in - TPM2_Rewrap's parameters
 * @dup_size: bytes in @dup
 * @dup: inDuplicate (TPM2B_PRIVATE)
 * @name_size: bytes in @name
 * @name: name of the object (TPM2B_NAME)
 * @seed_size: bytes in @seed
 * @seed: inSymSeed (TPM2B_ENCRYPTED_SECRET)
 */
struct tpm2_rewrap_in {
	u16 dup_size;
	u8 dup[TPM2E_MAX_PRIVATE];
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
	u16 seed_size;
	u8 seed[TPM2E_MAX_SECRET_SIZE];
};

/**
 * struct tpm2_cred_buf - a result that is one TPM2B
 * @size: bytes in @buf
 * @buf: certInfo (ActivateCredential), outPrivate (Import)
 */
struct tpm2_cred_buf {
	u16 size;
	u8 buf[TPM2E_MAX_PRIVATE];
};

/* Their parameters, a member of union tpm2_cmd_in */
union tpm2_cred_in {
	struct tpm2_make_credential_in make;
	struct tpm2_credential activate;
	struct tpm2_duplicate_in dup;
	struct tpm2_import_in import;
	struct tpm2_rewrap_in rewrap;
};

/* Their results, a member of union tpm2_cmd_out */
union tpm2_cred_out {
	struct tpm2_credential make;
	struct tpm2_cred_buf buf;
	struct tpm2_duplicate_out dup;
};

u32 tpm2_make_credential_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_make_credential_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);
void tpm2_make_credential_marshal(const union tpm2_cmd_out *out,
				  struct tpm2_wr *wr);

u32 tpm2_activate_credential_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in);
u32 tpm2_activate_credential_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out);

u32 tpm2_duplicate_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_duplicate_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_duplicate_marshal(const union tpm2_cmd_out *out,
			    struct tpm2_wr *wr);

u32 tpm2_import_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_import_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_rewrap_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_rewrap_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_rewrap_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

/* certInfo of ActivateCredential, outPrivate of Import */
void tpm2_cred_buf_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

/* Command codes tpm2_types.h lacks */
#define TPM2E_CC_ACTIVATE_CREDENTIAL	0x0147
#define TPM2E_CC_REWRAP			0x0152
#define TPM2E_CC_IMPORT			0x0156
#define TPM2E_CC_MAKE_CREDENTIAL	0x0168

#endif /* _HTPM_TPM2_CRED_H */
