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

/**
 * struct tpm2_session - a loaded authorization session
 * @type: TPM_SE
 * @hash: its authHash
 * @symmetric: algorithm of parameter encryption (TPM_ALG_NULL)
 * @bind: the bind entity, or TPM_RH_NULL
 * @bind_auth_size: bytes in @bind_auth
 * @bind_auth: authValue of @bind when the session started
 * @key_size: bytes in @key (0 for an unbound, unsalted session)
 * @key: sessionKey
 * @nonce_size: bytes in @nonce_tpm (the digest size of @hash)
 * @nonce_tpm: the TPM's current nonce
 */
struct tpm2_session {
	u8 type;
	const struct tpm2_hash_alg *hash;
	u16 symmetric;
	u32 bind;
	u16 bind_auth_size;
	u8 bind_auth[TPM2E_MAX_DIGEST_SIZE];
	u16 key_size;
	u8 key[TPM2E_MAX_DIGEST_SIZE];
	u16 nonce_size;
	u8 nonce_tpm[TPM2E_MAX_DIGEST_SIZE];
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

int tpm2_kdfa(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
	      const u8 *key, u16 key_size, const char *label,
	      const u8 *u, u16 u_size, const u8 *v, u16 v_size,
	      u8 *out, u16 out_size);

#endif /* _HTPM_TPM2_SESSION_H */
