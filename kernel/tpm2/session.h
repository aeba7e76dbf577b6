/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authorization sessions: the session slots, their loaded and saved
 * states, and the HMACs that authorize a command and its response.
 */
#ifndef _HTPM_TPM2_SESSION_H
#define _HTPM_TPM2_SESSION_H

#include "engine_int.h"

/* TPM_SE */
#define TPM2E_SE_HMAC		0x00
#define TPM2E_SE_POLICY		0x01
#define TPM2E_SE_TRIAL		0x03

/* struct tpm2_session.flags */
#define TPM2E_SF_BOUND		BIT(0)	/* HMAC session bound to @bind_name */
#define TPM2E_SF_DA_BOUND	BIT(1)	/* ... to a DA-protected entity */
#define TPM2E_SF_LOCKOUT_BOUND	BIT(2)	/* ... to TPM_RH_LOCKOUT */
#define TPM2E_SF_AUDIT		BIT(3)	/* @digest is an audit digest */
#define TPM2E_SF_AUTH_VALUE	BIT(4)	/* PolicyAuthValue: HMAC with authValue */
#define TPM2E_SF_PASSWORD	BIT(5)	/* PolicyPassword: authValue in clear */
#define TPM2E_SF_PP		BIT(6)	/* PolicyPhysicalPresence */
#define TPM2E_SF_CP_HASH	BIT(7)	/* @cp_hash holds a cpHash */
#define TPM2E_SF_NAME_HASH	BIT(8)	/* @cp_hash holds a nameHash */
#define TPM2E_SF_TEMPLATE	BIT(9)	/* @cp_hash holds a templateHash */
#define TPM2E_SF_NV_WRITTEN	BIT(10)	/* PolicyNvWritten: check TPMA_NV_WRITTEN */
#define TPM2E_SF_NV_WRITTEN_SET	BIT(11)	/* ... wanting it SET */
#define TPM2E_SF_PCR		BIT(12)	/* PolicyPCR: @pcr_counter must hold */

/* The policy state PolicyRestart and every use of the session reset */
#define TPM2E_SF_POLICY_STATE	(TPM2E_SF_AUTH_VALUE | TPM2E_SF_PASSWORD | \
				 TPM2E_SF_PP | TPM2E_SF_CP_HASH | \
				 TPM2E_SF_NAME_HASH | TPM2E_SF_TEMPLATE | \
				 TPM2E_SF_NV_WRITTEN | TPM2E_SF_NV_WRITTEN_SET | \
				 TPM2E_SF_PCR)

/**
 * struct tpm2_session - a loaded authorization session
 * @type: TPM_SE (HMAC, POLICY or TRIAL)
 * @hash: its authHash; every digest below has its size
 * @sym_alg: algorithm of parameter encryption: TPM_ALG_NULL, AES or XOR
 * @sym_bits: AES key bits
 * @sym_hash: XOR's hash (TPM_ALG_ID)
 * @flags: TPM2E_SF_*
 * @bind_name_size: bytes in @bind_name
 * @bind_name: Name of the entity an HMAC session is bound to
 * @bind_auth_size: bytes in @bind_auth
 * @bind_auth: authValue of that entity when the session started
 * @key_size: bytes in @key (0 for an unbound, unsalted session)
 * @key: sessionKey
 * @nonce_size: bytes in @nonce_tpm (the digest size of @hash)
 * @nonce_tpm: the TPM's current nonce
 * @digest: policyDigest of a policy or trial session; auditDigest of an
 *	HMAC session used for audit (TPM2E_SF_AUDIT)
 * @cp_hash_size: bytes in @cp_hash; 0 when none was set
 * @cp_hash: cpHash, nameHash or templateHash a policy requires
 * @command_code: the command a policy is limited to, or 0
 * @locality: TPMA_LOCALITY a policy is limited to, or 0
 * @pcr_counter: pcrUpdateCounter when PolicyPCR checked the PCRs
 * @start_time: TPM Time (ms) when the session started or its nonce last
 *	rolled; expirations relative to nonceTPM count from it
 * @timeout: TPM Time (ms) after which the policy fails, 0 for none
 * @epoch: engine's power-on epoch for @start_time and @timeout
 */
struct tpm2_session {
	u8 type;
	const struct tpm2_hash_alg *hash;
	u16 sym_alg;
	u16 sym_bits;
	u16 sym_hash;
	u32 flags;
	u16 bind_name_size;
	u8 bind_name[TPM2E_MAX_NAME];
	u16 bind_auth_size;
	u8 bind_auth[TPM2E_MAX_DIGEST_SIZE];
	u16 key_size;
	u8 key[TPM2E_MAX_DIGEST_SIZE];
	u16 nonce_size;
	u8 nonce_tpm[TPM2E_MAX_DIGEST_SIZE];
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	u16 cp_hash_size;
	u8 cp_hash[TPM2E_MAX_DIGEST_SIZE];
	u32 command_code;
	u8 locality;
	u32 pcr_counter;
	u64 start_time;
	u64 timeout;
	u32 epoch;
};

/* struct tpm2_session_slot.state */
enum tpm2_session_state {
	TPM2E_SESSION_FREE,
	TPM2E_SESSION_LOADED,
	TPM2E_SESSION_SAVED,
};

static inline bool tpm2_handle_is_session(u32 h)
{
	u32 type = h >> TPM2E_HT_SHIFT;

	return type == TPM2E_HT_HMAC_SESSION || type == TPM2E_HT_POLICY_SESSION;
}

struct tpm2_session_slot *tpm2_session_slot(struct tpm2_engine *e, u32 h);
struct tpm2_session *tpm2_session_get(const struct tpm2_engine *e, u32 h);
u32 tpm2_session_alloc(struct tpm2_engine *e, bool policy,
		       struct tpm2_session **s, u32 *handle);
void tpm2_session_flush(struct tpm2_engine *e, u32 h);
void tpm2_sessions_power_on(struct tpm2_engine *e);
void tpm2_sessions_startup(struct tpm2_engine *e, u16 type);
u32 tpm2_sessions_loaded(const struct tpm2_engine *e);
u32 tpm2_sessions_active(const struct tpm2_engine *e);

void tpm2_entity_auth(const struct tpm2_engine *e, u32 handle,
		      u8 auth[TPM2E_MAX_DIGEST_SIZE], u16 *size);
void tpm2_entity_name(const struct tpm2_engine *e, u32 handle,
		      u8 name[TPM2E_MAX_NAME], u16 *size);
u32 tpm2_entity_hierarchy(const struct tpm2_engine *e, u32 handle);
u64 tpm2_time_now(struct tpm2_engine *e);
void tpm2_policy_reset(struct tpm2_engine *e, struct tpm2_session *s);

int tpm2_kdfa(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
	      const u8 *key, u16 key_size, const char *label,
	      const u8 *u, u16 u_size, const u8 *v, u16 v_size,
	      u8 *out, u16 out_size);

int tpm2_kdfa_xor(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
		  const u8 *key, u16 key_size, const char *label,
		  const u8 *u, u16 u_size, const u8 *v, u16 v_size,
		  u8 *buf, u32 len);
int tpm2_kdfe(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
	      const u8 *z, u16 z_size, const char *label,
	      const u8 *u, u16 u_size, const u8 *v, u16 v_size,
	      u8 *out, u16 out_size);
struct tpm2_key;
bool tpm2_da_protected(const struct tpm2_engine *e, u32 handle);
u32 tpm2_secret_decrypt(struct tpm2_engine *e, const struct tpm2_key *k,
			const char *label, const u8 *secret, u16 secret_size,
			u8 *seed, u16 *seed_size);

#endif /* _HTPM_TPM2_SESSION_H */
