/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parameters and results of each command, and its three steps: unmarshal
 * the parameters, execute, marshal the results. Grouped as TPM 2.0 Part 3
 * groups them; the command table in dispatch.c ties them together.
 */
#ifndef _HTPM_TPM2_COMMANDS_H
#define _HTPM_TPM2_COMMANDS_H

#include "marshal.h"
#include "public.h"
#include "rsa.h"
#include "ecc.h"
#include "policy.h"
#include "nv.h"
#include "audit.h"
#include "cmd_nv.h"
#include "attest.h"
#include "cred.h"

struct tpm2_engine;
struct tpm2_cmd;

/* Part 3 chapter 9: Start-up */
struct tpm2_startup_in {
	u16 startup_type;
};

struct tpm2_shutdown_in {
	u16 shutdown_type;
};

/* Part 3 chapter 24: Hierarchy Commands */
struct tpm2_hierarchy_control_in {
	u32 enable;
	u8 state;
};

struct tpm2_change_auth_in {
	u16 size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_clear_control_in {
	u8 disable;
};

/* Part 3 chapter 10: Testing */
struct tpm2_self_test_in {
	u8 full_test;
};

struct tpm2_alg_list {
	u32 count;
	u16 algs[TPM2E_MAX_ALG_LIST_SIZE];
};

struct tpm2_get_test_result_out {
	u16 out_size;
	u32 test_result;
};

/* Part 3 chapter 16: Random Number Generator */
struct tpm2_get_random_in {
	u16 bytes_requested;
};

struct tpm2_get_random_out {
	u16 size;
	u8 bytes[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_stir_random_in {
	u16 size;
	u8 data[TPM2E_MAX_SYM_DATA];
};

/* Part 3 chapter 15: Hash/HMAC/Event Sequences (TPM2_Hash) */
struct tpm2_hash_in {
	u16 data_size;
	u8 data[TPM2E_MAX_DIGEST_BUFFER];
	u16 hash_alg;
	u32 hierarchy;
};

struct tpm2_hash_out {
	u16 digest_size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	u32 hierarchy;
	u16 ticket_size;
	u8 ticket[TPM2E_MAX_DIGEST_SIZE];
};

/* Part 3 chapter 17: Hash/HMAC/Event Sequences */
struct tpm2_hash_seq_start_in {
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	u16 hash_alg;
};

struct tpm2_seq_update_in {
	u16 size;
	u8 data[TPM2E_MAX_DIGEST_BUFFER];
	u32 hierarchy;
};

/* Part 3 chapter 25: Dictionary Attack Functions */
struct tpm2_da_parameters_in {
	u32 max_tries;
	u32 recovery_time;
	u32 lockout_recovery;
};

/* Part 3 chapter 11: Session Commands */
struct tpm2_start_session_in {
	u16 nonce_size;
	u8 nonce[TPM2E_MAX_DIGEST_SIZE];
	u16 salt_size;
	u8 salt[TPM2E_MAX_SECRET_SIZE];
	u8 type;
	u16 sym_alg;
	u16 sym_bits;
	u16 sym_mode;
	u16 auth_hash;
};

struct tpm2_start_session_out {
	u16 nonce_size;
	u8 nonce[TPM2E_MAX_DIGEST_SIZE];
};

/* Part 3 chapter 28: Context Management */
struct tpm2_context {
	u64 sequence;
	u32 saved_handle;
	u32 hierarchy;
	u16 blob_size;
	u8 blob[TPM2E_MAX_CONTEXT_BLOB];
};

struct tpm2_flush_context_in {
	u32 handle;
};

/* Part 3 chapter 12: Object Commands */
struct tpm2_sensitive_create {
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	u16 data_size;
	u8 data[TPM2E_MAX_SYM_DATA];
};

struct tpm2_create_out {
	u16 private_size;
	u8 private[TPM2E_MAX_PRIVATE];
	struct tpm2_public pub;
	u16 cdata_size;
	u8 cdata[TPM2E_MAX_CREATION_DATA];
	u16 chash_size;
	u8 chash[TPM2E_MAX_DIGEST_SIZE];
	u32 ticket_hierarchy;
	u16 ticket_size;
	u8 ticket[TPM2E_MAX_DIGEST_SIZE];
	u16 name_size;
	u8 name[TPM2E_MAX_NAME];
	u16 qn_size;
	u8 qn[TPM2E_MAX_NAME];
};

struct tpm2_load_in {
	u16 private_size;
	u8 private[TPM2E_MAX_PRIVATE];
	struct tpm2_public pub;
};

struct tpm2_data_out {
	u16 size;
	u8 data[TPM2E_MAX_SYM_DATA];
};

struct tpm2_hmac_in {
	u16 size;
	u8 data[TPM2E_MAX_DIGEST_BUFFER];
	u16 hash_alg;
};

struct tpm2_cipher_in {
	u16 size;
	u8 data[TPM2E_MAX_DIGEST_BUFFER];
	u8 decrypt;
	u16 mode;
	u16 iv_size;
	u8 iv[TPM2_PLAT_AES_BLOCK];
};

struct tpm2_cipher_out {
	u16 size;
	u8 data[TPM2E_MAX_DIGEST_BUFFER];
	u16 iv_size;
	u8 iv[TPM2_PLAT_AES_BLOCK];
};

/* Part 3 chapter 12: TPM2_LoadExternal, TPM2_ObjectChangeAuth */
struct tpm2_load_external_in {
	bool has_private;
	u16 sens_type;
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
	u16 seed_size;
	u8 seed[TPM2E_MAX_DIGEST_SIZE];
	u16 sens_size;
	u8 sens[TPM2E_RSA_MAX_PRIME];
	struct tpm2_public pub;
	u32 hierarchy;
};

/* Part 3 chapter 14: Asymmetric Primitives */
struct tpm2_rsa_crypt_in {
	u16 size;
	u8 data[TPM2E_MAX_RSA_KEY_BYTES];
	struct tpm2_scheme scheme;
	u16 label_size;
	u8 label[TPM2E_MAX_LABEL];
};

struct tpm2_rsa_crypt_out {
	u16 size;
	u8 data[TPM2E_MAX_RSA_KEY_BYTES];
};

/* TPMS_ECC_POINT; coordinates as they came, or of the curve's size */
struct tpm2_ecc_point {
	u16 x_size;
	u8 x[TPM2E_MAX_ECC_KEY_BYTES];
	u16 y_size;
	u8 y[TPM2E_MAX_ECC_KEY_BYTES];
};

struct tpm2_ecdh_out {
	struct tpm2_ecc_point z;
	struct tpm2_ecc_point pub;
};

/* TPM2_ECC_Parameters and TPM2_EC_Ephemeral: a TPMI_ECC_CURVE */
struct tpm2_ecc_curve_in {
	u16 curve;
};

/* TPMS_ALGORITHM_DETAIL_ECC, kdf and sign TPM_ALG_NULL */
struct tpm2_ecc_parameters_out {
	u16 curve;
	struct tpm2_ecc_domain dom;
};

struct tpm2_ec_ephemeral_out {
	struct tpm2_ecc_point q;
	u16 counter;
};

struct tpm2_zgen_2phase_in {
	struct tpm2_ecc_point qs_b;
	struct tpm2_ecc_point qe_b;
	u16 scheme;
	u16 counter;
};

struct tpm2_zgen_2phase_out {
	struct tpm2_ecc_point z1;
	struct tpm2_ecc_point z2;
};

/* Part 3 chapter 20: Signing and Signature Verification */

struct tpm2_sign_in {
	u16 digest_size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_scheme scheme;
	u32 ticket_hierarchy;
	u16 ticket_size;
	u8 ticket[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_verify_in {
	u16 digest_size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_signature sig;
};

struct tpm2_verify_out {
	u32 hierarchy;
	u16 size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
};

/* Part 3 chapter 28: TPM2_EvictControl */
struct tpm2_evict_in {
	u32 persistent;
};

/* Part 3 chapter 22: Integrity Collection (PCR) */
struct tpm2_pcr_selection {
	u16 hash;
	u8 size_of_select;
	u8 select[TPM2E_PCR_SELECT_SIZE];
};

struct tpm2_pcr_selection_list {
	u32 count;
	struct tpm2_pcr_selection sel[TPM2E_PCR_BANKS];
};

/* TPM2_Create and TPM2_CreatePrimary (Part 3 chapters 12 and 24) */
struct tpm2_create_in {
	struct tpm2_sensitive_create sens;
	struct tpm2_public pub;
	u16 outside_size;
	u8 outside[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_pcr_selection_list pcrs;
};

struct tpm2_ha {
	u16 alg;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_digest_values {
	u32 count;
	struct tpm2_ha d[TPM2E_PCR_BANKS];
};

struct tpm2_pcr_read_out {
	u32 update_counter;
	struct tpm2_pcr_selection_list sel;
	u32 count;
	u16 sizes[TPM2E_MAX_PCR_DIGESTS];
	u8 digests[TPM2E_MAX_PCR_DIGESTS][TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_pcr_event_in {
	u16 size;
	u8 data[TPM2E_MAX_EVENT_SIZE];
};

struct tpm2_pcr_set_auth_in {
	u16 size;
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	u16 hash_alg;
	u32 pcr;
};

struct tpm2_pcr_allocate_out {
	u8 success;
	u32 max_pcr;
	u32 size_needed;
	u32 size_available;
};

/* Part 3 chapter 29: Clocks and Timers */
struct tpm2_time_info {
	u64 time;
	u64 clock;
	u32 reset_count;
	u32 restart_count;
	u8 safe;
};

struct tpm2_clock_set_in {
	u64 new_time;
};

struct tpm2_clock_rate_adjust_in {
	s8 rate_adjust;
};

/* Part 3 chapter 30: Capability Commands */
struct tpm2_get_capability_in {
	u32 capability;
	u32 property;
	u32 property_count;
};

struct tpm2_tagged_property {
	u32 property;
	u32 value;
};

struct tpm2_alg_property {
	u16 alg;
	u32 attrs;
};

struct tpm2_tagged_pcr_select {
	u32 tag;
	u8 select[TPM2E_PCR_SELECT_SIZE];
};

struct tpm2_get_capability_out {
	u8 more_data;
	u32 capability;
	u32 count;
	union {
		u32 command_attrs[TPM2E_MAX_CAP_CC];
		u32 handles[TPM2E_MAX_CAP_HANDLES];
		struct tpm2_alg_property algs[TPM2E_MAX_CAP_ALGS];
		struct tpm2_tagged_pcr_select pcr_props[TPM2E_MAX_PCR_PROPERTIES];
		struct tpm2_tagged_property props[TPM2E_MAX_TPM_PROPERTIES];
		struct tpm2_pcr_selection pcrs[TPM2E_PCR_BANKS];
		u16 curves[TPM2E_MAX_CAP_CURVES];
	};
};

union tpm2_cmd_in {
	struct tpm2_startup_in startup;
	struct tpm2_shutdown_in shutdown;
	struct tpm2_self_test_in self_test;
	struct tpm2_alg_list incremental_self_test;
	struct tpm2_get_random_in get_random;
	struct tpm2_stir_random_in stir_random;
	struct tpm2_get_capability_in get_capability;
	struct tpm2_hash_in hash;
	struct tpm2_pcr_selection_list pcr_sel;
	struct tpm2_digest_values pcr_extend;
	struct tpm2_pcr_event_in pcr_event;
	struct tpm2_clock_set_in clock_set;
	struct tpm2_clock_rate_adjust_in clock_rate_adjust;
	struct tpm2_hash_seq_start_in hash_seq_start;
	struct tpm2_seq_update_in seq;
	struct tpm2_context context;
	struct tpm2_flush_context_in flush_context;
	struct tpm2_pcr_set_auth_in pcr_set_auth;
	struct tpm2_start_session_in start_session;
	struct tpm2_hierarchy_control_in hierarchy_control;
	struct tpm2_change_auth_in change_auth;
	struct tpm2_clear_control_in clear_control;
	struct tpm2_create_in create;
	struct tpm2_load_in load;
	struct tpm2_hmac_in hmac;
	struct tpm2_cipher_in cipher;
	struct tpm2_load_external_in load_external;
	struct tpm2_rsa_crypt_in rsa_crypt;
	struct tpm2_ecc_point ecc_point;
	struct tpm2_ecc_curve_in ecc_curve;
	struct tpm2_zgen_2phase_in zgen_2phase;
	struct tpm2_sign_in sign;
	struct tpm2_verify_in verify;
	struct tpm2_evict_in evict;
	struct tpm2_da_parameters_in da_parameters;
	/* The policy commands' (policy.h) */
	struct tpm2_policy_signed_in policy_signed;
	struct tpm2_policy_auth_in policy_secret;
	struct tpm2_policy_ticket_in policy_ticket;
	struct tpm2_policy_or_in policy_or;
	struct tpm2_policy_pcr_in policy_pcr;
	struct tpm2_policy_counter_timer_in policy_counter_timer;
	struct tpm2_policy_digest_in policy_digest;
	struct tpm2_policy_dup_select_in policy_dup_select;
	struct tpm2_policy_authorize_in policy_authorize;
	struct tpm2_policy_value_in policy_value;
	/* cmd_nv.h, attest.h, cred.h */
	struct tpm2_set_audit_in set_audit;
	union tpm2_nv_in nv;
	union tpm2_attest_in attest;
	union tpm2_cred_in cred;
};

union tpm2_cmd_out {
	struct tpm2_alg_list incremental_self_test;
	struct tpm2_get_test_result_out get_test_result;
	struct tpm2_get_random_out get_random;
	struct tpm2_get_capability_out get_capability;
	struct tpm2_hash_out hash;
	struct tpm2_pcr_read_out pcr_read;
	struct tpm2_digest_values pcr_event;
	struct tpm2_pcr_allocate_out pcr_allocate;
	struct tpm2_time_info read_clock;
	struct tpm2_context context;
	struct tpm2_start_session_out start_session;
	struct tpm2_create_out create;
	struct tpm2_data_out data;
	struct tpm2_cipher_out cipher;
	struct tpm2_rsa_crypt_out rsa_crypt;
	struct tpm2_ecdh_out ecdh;
	struct tpm2_ecc_parameters_out ecc_parameters;
	struct tpm2_ec_ephemeral_out ec_ephemeral;
	struct tpm2_zgen_2phase_out zgen_2phase;
	struct tpm2_signature signature;
	struct tpm2_verify_out verify;
	/* The policy commands' (policy.h) */
	struct tpm2_policy_auth_out policy_auth;
	struct tpm2_policy_get_digest_out policy_get_digest;
	/* cmd_nv.h, attest.h, cred.h */
	union tpm2_nv_out nv;
	union tpm2_attest_out attest;
	union tpm2_cred_out cred;
};

u32 tpm2_startup_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_startup_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_shutdown_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_shutdown_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_self_test_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_self_test_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_incremental_self_test_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_incremental_self_test_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_incremental_self_test_marshal(const union tpm2_cmd_out *out,
					struct tpm2_wr *wr);

u32 tpm2_get_test_result_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_test_result_marshal(const union tpm2_cmd_out *out,
				  struct tpm2_wr *wr);

u32 tpm2_get_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_get_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_random_marshal(const union tpm2_cmd_out *out,
			     struct tpm2_wr *wr);

u32 tpm2_stir_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_stir_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_get_capability_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_get_capability_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_capability_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr);

u32 tpm2_hash_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_hash_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_hash_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_create_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_create_primary_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);
void tpm2_create_primary_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr);
u32 tpm2_create_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_create_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_create_loaded_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_create_loaded_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
void tpm2_create_loaded_marshal(const union tpm2_cmd_out *out,
				struct tpm2_wr *wr);

u32 tpm2_load_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_load_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_name_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_read_public_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
void tpm2_read_public_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr);

u32 tpm2_unseal_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_unseal_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_hmac_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_hmac_start_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_hmac_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_encrypt_decrypt_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_encrypt_decrypt2_unmarshal(struct tpm2_rd *rd,
				    union tpm2_cmd_in *in);
u32 tpm2_encrypt_decrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out);
u32 tpm2_encrypt_decrypt2_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			       const union tpm2_cmd_in *in,
			       union tpm2_cmd_out *out);
void tpm2_cipher_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);
void tpm2_digest_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_hierarchy_control_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in);
u32 tpm2_hierarchy_control_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);

u32 tpm2_policy_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_set_primary_policy_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out);

u32 tpm2_change_eps_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_change_pps_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
u32 tpm2_clear_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_clear_control_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_clear_control_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);

u32 tpm2_change_auth_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_hierarchy_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				    const union tpm2_cmd_in *in,
				    union tpm2_cmd_out *out);

u32 tpm2_da_lock_reset_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
u32 tpm2_da_parameters_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_da_parameters_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);

u32 tpm2_start_session_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_start_session_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);
void tpm2_start_session_marshal(const union tpm2_cmd_out *out,
				struct tpm2_wr *wr);

u32 tpm2_hash_seq_start_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_hash_seq_start_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);

u32 tpm2_seq_update_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_seq_update_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_seq_complete_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_seq_complete_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);

u32 tpm2_event_seq_complete_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out);

u32 tpm2_context_save_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);
void tpm2_context_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_context_load_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_context_load_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);

u32 tpm2_flush_context_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_flush_context_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);

u32 tpm2_pcr_set_auth_value_unmarshal(struct tpm2_rd *rd,
				      union tpm2_cmd_in *in);
u32 tpm2_pcr_set_auth_value_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out);

u32 tpm2_pcr_set_auth_policy_unmarshal(struct tpm2_rd *rd,
				       union tpm2_cmd_in *in);
u32 tpm2_pcr_set_auth_policy_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out);

u32 tpm2_pcr_extend_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_pcr_extend_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_pcr_event_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_pcr_event_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_pcr_event_marshal(const union tpm2_cmd_out *out,
			    struct tpm2_wr *wr);

u32 tpm2_pcr_selection_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_pcr_read_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_pcr_read_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_pcr_allocate_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_pcr_allocate_marshal(const union tpm2_cmd_out *out,
			       struct tpm2_wr *wr);

u32 tpm2_pcr_reset_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_read_clock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_read_clock_marshal(const union tpm2_cmd_out *out,
			     struct tpm2_wr *wr);

u32 tpm2_clock_set_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_clock_set_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_clock_rate_adjust_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in);
u32 tpm2_clock_rate_adjust_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out);

u32 tpm2_load_external_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_load_external_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out);

u32 tpm2_object_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out);
void tpm2_private_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_rsa_crypt_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_rsa_encrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
u32 tpm2_rsa_decrypt_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
void tpm2_rsa_crypt_marshal(const union tpm2_cmd_out *out,
			    struct tpm2_wr *wr);

u32 tpm2_ecdh_keygen_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
void tpm2_ecdh_keygen_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr);
u32 tpm2_ecc_point_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_ecdh_zgen_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_ecdh_zgen_marshal(const union tpm2_cmd_out *out,
			    struct tpm2_wr *wr);
u32 tpm2_ecc_curve_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_ecc_parameters_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out);
void tpm2_ecc_parameters_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr);
u32 tpm2_ec_ephemeral_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out);
void tpm2_ec_ephemeral_marshal(const union tpm2_cmd_out *out,
			       struct tpm2_wr *wr);
u32 tpm2_zgen_2phase_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_zgen_2phase_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out);
void tpm2_zgen_2phase_marshal(const union tpm2_cmd_out *out,
			      struct tpm2_wr *wr);

u32 tpm2_sign_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_sign_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		   const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_sign_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_verify_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_verify_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_verify_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr);

u32 tpm2_evict_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_evict_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_test_parms_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_test_parms_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

#endif /* _HTPM_TPM2_COMMANDS_H */
