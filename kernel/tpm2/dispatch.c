// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: one entry per implemented command, in command code
 * order. It drives dispatch and TPM2_GetCapability(TPM_CAP_COMMANDS), so the
 * attributes the kernel's resource manager reads are the ones the engine
 * acts on.
 */
#include "engine_int.h"

/* TPMA_CC: the command code and the attribute bits of TPM 2.0 Part 2 */
#define TPMA_CC(cc, flags, handles) \
	((cc) | (flags) | ((handles) << TPM2E_CCA_CHANDLES_SHIFT))

static const struct tpm2_cmd_desc tpm2_cmds[] = {
	{
		.attrs = TPMA_CC(TPM2E_CC_NV_UNDEFINE_SPACE_SPECIAL,
				 TPM2E_CCA_NV, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_ADMIN,
		.h = { TPM2E_HANDLE_NV_INDEX, TPM2E_HANDLE_PLATFORM },
		.exec = tpm2_nv_undefine_space_special_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_EVICT_CONTROL, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION, TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_evict_unmarshal,
		.exec = tpm2_evict_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HIERARCHY_CONTROL,
				 TPM2E_CCA_NV | TPM2E_CCA_EXTENSIVE, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_HIERARCHY },
		.unmarshal = tpm2_hierarchy_control_unmarshal,
		.exec = tpm2_hierarchy_control_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_UNDEFINE_SPACE, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION, TPM2E_HANDLE_NV_INDEX },
		.exec = tpm2_nv_undefine_space_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CHANGE_EPS,
				 TPM2E_CCA_NV | TPM2E_CCA_EXTENSIVE, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PLATFORM },
		.exec = tpm2_change_eps_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CHANGE_PPS,
				 TPM2E_CCA_NV | TPM2E_CCA_EXTENSIVE, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PLATFORM },
		.exec = tpm2_change_pps_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CLEAR,
				 TPM2E_CCA_NV | TPM2E_CCA_EXTENSIVE, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_CLEAR },
		.exec = tpm2_clear_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CLEAR_CONTROL, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_CLEAR },
		.unmarshal = tpm2_clear_control_unmarshal,
		.exec = tpm2_clear_control_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CLOCK_SET, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION },
		.unmarshal = tpm2_clock_set_unmarshal,
		.exec = tpm2_clock_set_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HIERARCHY_CHANGE_AUTH, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_HIERARCHY_AUTH },
		.unmarshal = tpm2_change_auth_unmarshal,
		.exec = tpm2_hierarchy_change_auth_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_DEFINE_SPACE, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_PROVISION },
		.unmarshal = tpm2_nv_define_space_unmarshal,
		.exec = tpm2_nv_define_space_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_ALLOCATE, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PLATFORM },
		.unmarshal = tpm2_pcr_selection_unmarshal,
		.exec = tpm2_pcr_allocate_exec,
		.marshal = tpm2_pcr_allocate_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_SET_AUTH_POLICY, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_PLATFORM },
		.unmarshal = tpm2_pcr_set_auth_policy_unmarshal,
		.exec = tpm2_pcr_set_auth_policy_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SET_PRIMARY_POLICY, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_HIERARCHY_AUTH },
		.unmarshal = tpm2_policy_unmarshal,
		.exec = tpm2_set_primary_policy_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CLOCK_RATE_ADJUST, 0, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION },
		.unmarshal = tpm2_clock_rate_adjust_unmarshal,
		.exec = tpm2_clock_rate_adjust_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CREATE_PRIMARY, TPM2E_CCA_RHANDLE, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_LONG | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_HIERARCHY_NULL },
		.unmarshal = tpm2_create_unmarshal,
		.exec = tpm2_create_primary_exec,
		.marshal = tpm2_create_primary_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_GLOBAL_WRITE_LOCK, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION },
		.exec = tpm2_nv_global_write_lock_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_COMMAND_AUDIT_DIGEST,
				 TPM2E_CCA_NV, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_ENDORSEMENT, TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_attest_unmarshal,
		.exec = tpm2_get_command_audit_digest_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_INCREMENT, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.exec = tpm2_nv_increment_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_SET_BITS, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_set_bits_unmarshal,
		.exec = tpm2_nv_set_bits_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_EXTEND, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_extend_unmarshal,
		.exec = tpm2_nv_extend_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_WRITE, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_write_unmarshal,
		.exec = tpm2_nv_write_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_WRITE_LOCK, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.exec = tpm2_nv_write_lock_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_DICTIONARY_ATTACK_LOCK_RESET,
				 TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_LOCKOUT },
		.exec = tpm2_da_lock_reset_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_DICTIONARY_ATTACK_PARAMETERS,
				 TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_LOCKOUT },
		.unmarshal = tpm2_da_parameters_unmarshal,
		.exec = tpm2_da_parameters_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_CHANGE_AUTH, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_ADMIN | TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_change_auth_unmarshal,
		.exec = tpm2_nv_change_auth_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_EVENT, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_PCR_NULL },
		.unmarshal = tpm2_pcr_event_unmarshal,
		.exec = tpm2_pcr_event_exec,
		.marshal = tpm2_pcr_event_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_RESET, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PCR },
		.exec = tpm2_pcr_reset_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SEQUENCE_COMPLETE, TPM2E_CCA_FLUSHED, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_seq_complete_unmarshal,
		.exec = tpm2_seq_complete_exec,
		.marshal = tpm2_hash_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
				 TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PROVISION },
		.unmarshal = tpm2_set_audit_unmarshal,
		.exec = tpm2_set_audit_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_INCREMENTAL_SELF_TEST,
				 TPM2E_CCA_NV, 0),
		.unmarshal = tpm2_incremental_self_test_unmarshal,
		.exec = tpm2_incremental_self_test_exec,
		.marshal = tpm2_incremental_self_test_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SELF_TEST, TPM2E_CCA_NV, 0),
		.unmarshal = tpm2_self_test_unmarshal,
		.exec = tpm2_self_test_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_STARTUP, TPM2E_CCA_NV, 0),
		.flags = TPM2E_CMDF_NO_SESSIONS,
		.unmarshal = tpm2_startup_unmarshal,
		.exec = tpm2_startup_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SHUTDOWN, TPM2E_CCA_NV, 0),
		.unmarshal = tpm2_shutdown_unmarshal,
		.exec = tpm2_shutdown_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_STIR_RANDOM, TPM2E_CCA_NV, 0),
		.flags = TPM2E_CMDF_DECRYPT,
		.unmarshal = tpm2_stir_random_unmarshal,
		.exec = tpm2_stir_random_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ACTIVATE_CREDENTIAL, 0, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_ADMIN | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT, TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_activate_credential_unmarshal,
		.exec = tpm2_activate_credential_exec,
		.marshal = tpm2_cred_buf_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CERTIFY, 0, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_ADMIN | TPM2E_CMDF_DECRYPT |
			 TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT, TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_attest_unmarshal,
		.exec = tpm2_certify_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_NV, 0, 3),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX,
		       TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_counter_timer_unmarshal,
		.exec = tpm2_policy_nv_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CERTIFY_CREATION, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT_NULL, TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_certify_creation_unmarshal,
		.exec = tpm2_certify_creation_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		/* objectHandle in the DUP role: cmd_cred.c wants a policy */
		.attrs = TPMA_CC(TPM2E_CC_DUPLICATE, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DUP | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT, TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_duplicate_unmarshal,
		.exec = tpm2_duplicate_exec,
		.marshal = tpm2_duplicate_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_TIME, 0, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_ENDORSEMENT, TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_attest_unmarshal,
		.exec = tpm2_get_time_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_SESSION_AUDIT_DIGEST, 0, 3),
		.n_auth = 2,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_ENDORSEMENT, TPM2E_HANDLE_OBJECT_NULL,
		       TPM2E_HANDLE_HMAC_SESSION },
		.unmarshal = tpm2_attest_unmarshal,
		.exec = tpm2_get_session_audit_digest_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_READ, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_read_unmarshal,
		.exec = tpm2_nv_read_exec,
		.marshal = tpm2_nv_read_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_READ_LOCK, TPM2E_CCA_NV, 2),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX },
		.exec = tpm2_nv_read_lock_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_OBJECT_CHANGE_AUTH, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_ADMIN | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT, TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_change_auth_unmarshal,
		.exec = tpm2_object_change_auth_exec,
		.marshal = tpm2_private_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_SECRET, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_ENTITY, TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_secret_unmarshal,
		.exec = tpm2_policy_secret_exec,
		.marshal = tpm2_policy_auth_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_REWRAP, 0, 2),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT_NULL, TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_rewrap_unmarshal,
		.exec = tpm2_rewrap_exec,
		.marshal = tpm2_rewrap_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CREATE, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_LONG | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_create_unmarshal,
		.exec = tpm2_create_exec,
		.marshal = tpm2_create_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ECDH_ZGEN, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_ecc_point_unmarshal,
		.exec = tpm2_ecdh_zgen_exec,
		.marshal = tpm2_ecdh_zgen_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HMAC, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_hmac_unmarshal,
		.exec = tpm2_hmac_exec,
		.marshal = tpm2_digest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_IMPORT, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_import_unmarshal,
		.exec = tpm2_import_exec,
		.marshal = tpm2_cred_buf_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_LOAD, TPM2E_CCA_RHANDLE, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_load_unmarshal,
		.exec = tpm2_load_exec,
		.marshal = tpm2_name_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_QUOTE, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT_NULL },
		.unmarshal = tpm2_quote_unmarshal,
		.exec = tpm2_quote_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_RSA_DECRYPT, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_rsa_crypt_unmarshal,
		.exec = tpm2_rsa_decrypt_exec,
		.marshal = tpm2_rsa_crypt_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HMAC_START, TPM2E_CCA_RHANDLE, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		/* auth and hashAlg+, as HashSequenceStart */
		.unmarshal = tpm2_hash_seq_start_unmarshal,
		.exec = tpm2_hmac_start_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SEQUENCE_UPDATE, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_seq_update_unmarshal,
		.exec = tpm2_seq_update_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_SIGN, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_sign_unmarshal,
		.exec = tpm2_sign_exec,
		.marshal = tpm2_sign_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_UNSEAL, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.exec = tpm2_unseal_exec,
		.marshal = tpm2_unseal_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_SIGNED, 0, 2),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT, TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_signed_unmarshal,
		.exec = tpm2_policy_signed_exec,
		.marshal = tpm2_policy_auth_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CONTEXT_LOAD, TPM2E_CCA_RHANDLE, 0),
		.unmarshal = tpm2_context_load_unmarshal,
		.exec = tpm2_context_load_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CONTEXT_SAVE, 0, 1),
		.h = { TPM2E_HANDLE_CONTEXT },
		.exec = tpm2_context_save_exec,
		.marshal = tpm2_context_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ECDH_KEYGEN, 0, 1),
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.exec = tpm2_ecdh_keygen_exec,
		.marshal = tpm2_ecdh_keygen_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ENCRYPT_DECRYPT, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_encrypt_decrypt_unmarshal,
		.exec = tpm2_encrypt_decrypt_exec,
		.marshal = tpm2_cipher_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_FLUSH_CONTEXT, 0, 0),
		.unmarshal = tpm2_flush_context_unmarshal,
		.exec = tpm2_flush_context_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_LOAD_EXTERNAL, TPM2E_CCA_RHANDLE, 0),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.unmarshal = tpm2_load_external_unmarshal,
		.exec = tpm2_load_external_exec,
		.marshal = tpm2_name_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_MAKE_CREDENTIAL, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_make_credential_unmarshal,
		.exec = tpm2_make_credential_exec,
		.marshal = tpm2_make_credential_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_READ_PUBLIC, 0, 1),
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_NV_INDEX },
		.exec = tpm2_nv_read_public_exec,
		.marshal = tpm2_nv_read_public_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_AUTHORIZE, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_authorize_unmarshal,
		.exec = tpm2_policy_authorize_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_AUTH_VALUE, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_auth_value_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_COMMAND_CODE, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_command_code_unmarshal,
		.exec = tpm2_policy_command_code_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_COUNTER_TIMER, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_counter_timer_unmarshal,
		.exec = tpm2_policy_counter_timer_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_CP_HASH, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_digest_unmarshal,
		.exec = tpm2_policy_cp_hash_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_LOCALITY, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_locality_unmarshal,
		.exec = tpm2_policy_locality_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_NAME_HASH, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_digest_unmarshal,
		.exec = tpm2_policy_name_hash_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_OR, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_or_unmarshal,
		.exec = tpm2_policy_or_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_TICKET, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_ticket_unmarshal,
		.exec = tpm2_policy_ticket_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_READ_PUBLIC, 0, 1),
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.exec = tpm2_read_public_exec,
		.marshal = tpm2_read_public_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_RSA_ENCRYPT, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_rsa_crypt_unmarshal,
		.exec = tpm2_rsa_encrypt_exec,
		.marshal = tpm2_rsa_crypt_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_START_AUTH_SESSION, TPM2E_CCA_RHANDLE,
				 2),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT_NULL, TPM2E_HANDLE_ENTITY_NULL },
		.unmarshal = tpm2_start_session_unmarshal,
		.exec = tpm2_start_session_exec,
		.marshal = tpm2_start_session_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_VERIFY_SIGNATURE, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_verify_unmarshal,
		.exec = tpm2_verify_exec,
		.marshal = tpm2_verify_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ECC_PARAMETERS, 0, 0),
		.unmarshal = tpm2_ecc_curve_unmarshal,
		.exec = tpm2_ecc_parameters_exec,
		.marshal = tpm2_ecc_parameters_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_CAPABILITY, 0, 0),
		.unmarshal = tpm2_get_capability_unmarshal,
		.exec = tpm2_get_capability_exec,
		.marshal = tpm2_get_capability_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_RANDOM, 0, 0),
		.flags = TPM2E_CMDF_ENCRYPT,
		.unmarshal = tpm2_get_random_unmarshal,
		.exec = tpm2_get_random_exec,
		.marshal = tpm2_get_random_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_GET_TEST_RESULT, 0, 0),
		.flags = TPM2E_CMDF_ENCRYPT,
		.exec = tpm2_get_test_result_exec,
		.marshal = tpm2_get_test_result_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HASH, 0, 0),
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.unmarshal = tpm2_hash_unmarshal,
		.exec = tpm2_hash_exec,
		.marshal = tpm2_hash_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_READ, 0, 0),
		.unmarshal = tpm2_pcr_selection_unmarshal,
		.exec = tpm2_pcr_read_exec,
		.marshal = tpm2_pcr_read_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_PCR, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_pcr_unmarshal,
		.exec = tpm2_policy_pcr_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_RESTART, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_restart_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_READ_CLOCK, 0, 0),
		.exec = tpm2_read_clock_exec,
		.marshal = tpm2_read_clock_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_EXTEND, TPM2E_CCA_NV, 1),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_PCR_NULL },
		.unmarshal = tpm2_pcr_extend_unmarshal,
		.exec = tpm2_pcr_extend_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_PCR_SET_AUTH_VALUE, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_PCR },
		.unmarshal = tpm2_pcr_set_auth_value_unmarshal,
		.exec = tpm2_pcr_set_auth_value_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_NV_CERTIFY, 0, 3),
		.n_auth = 2,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT_NULL, TPM2E_HANDLE_NV_AUTH,
		       TPM2E_HANDLE_NV_INDEX },
		.unmarshal = tpm2_nv_certify_unmarshal,
		.exec = tpm2_nv_certify_exec,
		.marshal = tpm2_attest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_EVENT_SEQUENCE_COMPLETE,
				 TPM2E_CCA_NV | TPM2E_CCA_FLUSHED, 2),
		.n_auth = 2,
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_PCR_NULL, TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_seq_update_unmarshal,
		.exec = tpm2_event_seq_complete_exec,
		.marshal = tpm2_pcr_event_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_HASH_SEQUENCE_START,
				 TPM2E_CCA_RHANDLE, 0),
		.flags = TPM2E_CMDF_DECRYPT,
		.unmarshal = tpm2_hash_seq_start_unmarshal,
		.exec = tpm2_hash_seq_start_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_PHYSICAL_PRESENCE, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_physical_presence_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_DUPLICATION_SELECT, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_dup_select_unmarshal,
		.exec = tpm2_policy_dup_select_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_GET_DIGEST, 0, 1),
		.flags = TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_get_digest_exec,
		.marshal = tpm2_policy_get_digest_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_TEST_PARMS, 0, 0),
		.unmarshal = tpm2_test_parms_unmarshal,
		.exec = tpm2_test_parms_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_PASSWORD, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_password_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ZGEN_2PHASE, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_zgen_2phase_unmarshal,
		.exec = tpm2_zgen_2phase_exec,
		.marshal = tpm2_zgen_2phase_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_EC_EPHEMERAL, 0, 0),
		.flags = TPM2E_CMDF_ENCRYPT,
		.unmarshal = tpm2_ecc_curve_unmarshal,
		.exec = tpm2_ec_ephemeral_exec,
		.marshal = tpm2_ec_ephemeral_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_NV_WRITTEN, 0, 1),
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_nv_written_unmarshal,
		.exec = tpm2_policy_nv_written_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_TEMPLATE, 0, 1),
		.flags = TPM2E_CMDF_DECRYPT,
		.h = { TPM2E_HANDLE_POLICY_SESSION },
		.unmarshal = tpm2_policy_digest_unmarshal,
		.exec = tpm2_policy_template_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_CREATE_LOADED, TPM2E_CCA_RHANDLE, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_LONG | TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_PARENT },
		.unmarshal = tpm2_create_loaded_unmarshal,
		.exec = tpm2_create_loaded_exec,
		.marshal = tpm2_create_loaded_marshal,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_POLICY_AUTHORIZE_NV, 0, 3),
		.n_auth = 1,
		.h = { TPM2E_HANDLE_NV_AUTH, TPM2E_HANDLE_NV_INDEX,
		       TPM2E_HANDLE_POLICY_SESSION },
		.exec = tpm2_policy_authorize_nv_exec,
	}, {
		.attrs = TPMA_CC(TPM2E_CC_ENCRYPT_DECRYPT2, 0, 1),
		.n_auth = 1,
		.flags = TPM2E_CMDF_DECRYPT | TPM2E_CMDF_ENCRYPT,
		.h = { TPM2E_HANDLE_OBJECT },
		.unmarshal = tpm2_encrypt_decrypt2_unmarshal,
		.exec = tpm2_encrypt_decrypt2_exec,
		.marshal = tpm2_cipher_marshal,
	},
};

static_assert(ARRAY_SIZE(tpm2_cmds) == TPM2E_NR_COMMANDS);

static u32 tpm2_desc_cc(const struct tpm2_cmd_desc *d)
{
	return d->attrs & (TPM2E_CCA_INDEX_MASK | TPM2E_CCA_V);
}

/**
 * tpm2_cmd_lookup() - the table entry of a command code
 * @cc: TPM_CC from a command header; untrusted
 *
 * Return: the entry, or NULL when the command is not implemented.
 */
const struct tpm2_cmd_desc *tpm2_cmd_lookup(u32 cc)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(tpm2_cmds);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		u32 mcc = tpm2_desc_cc(&tpm2_cmds[mid]);

		if (mcc == cc)
			return &tpm2_cmds[mid];
		if (mcc < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * tpm2_cmd_count() - number of implemented commands (TPM_PT_TOTAL_COMMANDS)
 *
 * Return: the count; all of them are library commands.
 */
u32 tpm2_cmd_count(void)
{
	return TPM2E_NR_COMMANDS;
}

/**
 * tpm2_cmd_attrs_from() - TPMA_CC of the commands from a command code on
 * @cc: first command code wanted (TPM_CAP_COMMANDS property)
 * @attrs: output, room for @max entries
 * @max: most entries wanted
 * @more: set when commands beyond the last one returned exist
 *
 * Return: entries written.
 */
u32 tpm2_cmd_attrs_from(u32 cc, u32 *attrs, u32 max, bool *more)
{
	u32 n = 0;
	unsigned int i;

	*more = false;
	/* Only 16-bit library command codes; no vendor commands exist. */
	if (cc & ~TPM2E_CCA_INDEX_MASK)
		return 0;
	for (i = 0; i < ARRAY_SIZE(tpm2_cmds); i++) {
		if (tpm2_desc_cc(&tpm2_cmds[i]) < cc)
			continue;
		if (n == max) {
			*more = true;
			break;
		}
		attrs[n++] = tpm2_cmds[i].attrs;
	}
	return n;
}
