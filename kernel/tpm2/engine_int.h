/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the engine's parts share: the state of one TPM, one command as parsed
 * from its header, handle and authorization areas, and the command table.
 */
#ifndef _HTPM_TPM2_ENGINE_INT_H
#define _HTPM_TPM2_ENGINE_INT_H

#include "engine.h"
#include "marshal.h"
#include "commands.h"
#include "nv.h"
#include "audit.h"

#define TPM2E_HEADER_SIZE	10
/* Entries in the command table (dispatch.c) */
#define TPM2E_NR_COMMANDS	(80 + TPM2E_NR_NV_COMMANDS + \
				 TPM2E_NR_ATTEST_COMMANDS + \
				 TPM2E_NR_CRED_COMMANDS)

/**
 * struct tpm2_session_in - one session of a command's authorization area
 * @handle: session handle (TPM_RS_PW for a password)
 * @attrs: TPMA_SESSION
 * @nonce_size: bytes in @nonce
 * @hmac_size: bytes in @hmac
 * @nonce: nonceCaller
 * @hmac: the HMAC, or the password for TPM_RS_PW
 * @auth_handle: index of the handle it authorizes, or -1
 * @s: the loaded session, NULL for TPM_RS_PW
 * @bound: @s is bound to the entity it authorizes
 * @auth_size: bytes in @auth
 * @auth: authValue of that entity when the command was checked
 */
struct tpm2_session_in {
	u32 handle;
	u8 attrs;
	u16 nonce_size;
	u16 hmac_size;
	u8 nonce[TPM2E_MAX_DIGEST_SIZE];
	u8 hmac[TPM2E_MAX_DIGEST_SIZE];
	int auth_handle;
	struct tpm2_session *s;
	bool bound;
	u16 auth_size;
	u8 auth[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_cmd_desc;
struct tpm2_object;
struct tpm2_session;

/**
 * struct tpm2_cmd - one command being executed
 * @tag: TPM_ST_SESSIONS or TPM_ST_NO_SESSIONS
 * @cc: command code
 * @desc: its table entry
 * @n_handles: handles in @handles
 * @handles: the handle area
 * @n_sessions: sessions in @sessions
 * @sessions: the authorization area
 * @locality: locality of the command
 * @ctx: host's context (never NULL)
 * @rsp_handle: the response handle, for commands that return one
 * @decrypt_idx: index in @sessions of the session that decrypts the first
 *	parameter, or -1
 * @encrypt_idx: ditto, that encrypts the first response parameter
 * @audit_idx: ditto, that audits the command
 * @audit_cp_hash: cpHash of the command with the audit session's hash
 * @audited: the command is in the command audit list (audit.c)
 * @cmd_audit_cp_hash: its cpHash with auditHashAlg, as it arrived
 */
struct tpm2_cmd {
	u16 tag;
	u32 cc;
	const struct tpm2_cmd_desc *desc;
	u32 n_handles;
	u32 handles[TPM2E_MAX_HANDLES];
	u32 n_sessions;
	struct tpm2_session_in sessions[TPM2E_MAX_SESSION_NUM];
	u8 locality;
	const struct tpm2_exec_ctx *ctx;
	u32 rsp_handle;
	int decrypt_idx;
	int encrypt_idx;
	int audit_idx;
	u8 audit_cp_hash[TPM2E_MAX_DIGEST_SIZE];
	bool audited;
	u8 cmd_audit_cp_hash[TPM2E_MAX_DIGEST_SIZE];
};

/* struct tpm2_cmd_desc.flags */
#define TPM2E_CMDF_NO_SESSIONS	BIT(0)	/* ST_SESSIONS is refused */
#define TPM2E_CMDF_ADMIN	BIT(1)	/* the first handle's role is ADMIN */
#define TPM2E_CMDF_LONG		BIT(2)	/* may take seconds: key generation */
#define TPM2E_CMDF_DECRYPT	BIT(3)	/* the first parameter is a TPM2B */
#define TPM2E_CMDF_ENCRYPT	BIT(4)	/* the first response parameter is one */
#define TPM2E_CMDF_DUP		BIT(5)	/* the first handle's role is DUP */

/* struct tpm2_cmd_desc.h1: what the first handle may be */
enum tpm2_handle_type {
	TPM2E_HANDLE_ANY,
	TPM2E_HANDLE_PCR,	/* TPMI_DH_PCR */
	TPM2E_HANDLE_PCR_NULL,	/* TPMI_DH_PCR+ */
	TPM2E_HANDLE_PLATFORM,	/* TPMI_RH_PLATFORM */
	TPM2E_HANDLE_PROVISION,	/* TPMI_RH_PROVISION */
	TPM2E_HANDLE_OBJECT,	/* TPMI_DH_OBJECT, loaded */
	TPM2E_HANDLE_CONTEXT,	/* TPMI_DH_CONTEXT, loaded */
	TPM2E_HANDLE_OBJECT_NULL, /* TPMI_DH_OBJECT+, loaded */
	TPM2E_HANDLE_ENTITY_NULL, /* TPMI_DH_ENTITY+, loaded */
	TPM2E_HANDLE_HIERARCHY,	/* TPMI_RH_HIERARCHY */
	TPM2E_HANDLE_HIERARCHY_AUTH, /* TPMI_RH_HIERARCHY_AUTH and _POLICY */
	TPM2E_HANDLE_CLEAR,	/* TPMI_RH_CLEAR */
	TPM2E_HANDLE_HIERARCHY_NULL, /* TPMI_RH_HIERARCHY+ */
	TPM2E_HANDLE_PARENT,	/* TPMI_DH_PARENT+: an object or a hierarchy */
	TPM2E_HANDLE_ENTITY,	/* TPMI_DH_ENTITY, loaded */
	TPM2E_HANDLE_LOCKOUT,	/* TPMI_RH_LOCKOUT */
	TPM2E_HANDLE_POLICY_SESSION, /* TPMI_SH_POLICY, loaded */
	TPM2E_HANDLE_NV_AUTH,	/* TPMI_RH_NV_AUTH: owner, platform, an index */
	TPM2E_HANDLE_NV_INDEX,	/* TPMI_RH_NV_INDEX, defined */
	TPM2E_HANDLE_ENDORSEMENT, /* TPMI_RH_ENDORSEMENT */
	TPM2E_HANDLE_HMAC_SESSION, /* TPMI_SH_HMAC, loaded */
};

/* Index of a hierarchy in struct tpm2_engine's per-hierarchy arrays */
enum tpm2_hier {
	TPM2E_HIER_PLATFORM,
	TPM2E_HIER_OWNER,
	TPM2E_HIER_ENDORSEMENT,
	TPM2E_HIER_LOCKOUT,
	TPM2E_NR_HIER,
};

/**
 * struct tpm2_session_slot - one of the TPM's active sessions
 * @state: enum tpm2_session_state (session.h)
 * @policy: a policy (or trial) session: its handle is in
 *	TPM_HT_POLICY_SESSION
 * @sequence: when saved, the sequence number of the only context that may
 *	load it again
 * @s: the session while loaded
 */
struct tpm2_session_slot {
	u8 state;
	bool policy;
	u64 sequence;
	struct tpm2_session *s;
};

/**
 * struct tpm2_cmd_desc - one implemented command
 * @attrs: TPMA_CC exactly as GetCapability reports it; holds the command
 *	code, the number of handles (cHandles) and whether one is returned
 * @n_auth: how many of the leading handles need authorization
 * @flags: TPM2E_CMDF_*
 * @h: enum tpm2_handle_type of each handle
 * @unmarshal: parse the parameter area into the input struct, giving
 *	format-one errors with the parameter number; NULL when none
 * @exec: the command's actions
 * @marshal: write the output struct as the response parameters; NULL when
 *	none
 */
struct tpm2_cmd_desc {
	u32 attrs;
	u8 n_auth;
	u8 flags;
	u8 h[TPM2E_MAX_HANDLES];
	u32 (*unmarshal)(struct tpm2_rd *rd, union tpm2_cmd_in *in);
	u32 (*exec)(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
	void (*marshal)(const union tpm2_cmd_out *out, struct tpm2_wr *wr);
};

/**
 * struct tpm2_pcr_bank - one PCR bank (TPMS_PCR_SELECTION); one per
 *	implemented hash, in the order of tpm2_hash_algs[]
 * @hash: TPM_ALG_ID of the bank
 * @select: PCRs allocated in it; none when the bank is unallocated
 */
struct tpm2_pcr_bank {
	u16 hash;
	u8 select[TPM2E_PCR_SELECT_SIZE];
};

/**
 * struct tpm2_hash_alg - an implemented hash algorithm
 * @alg: TPM_ALG_ID
 * @plat: enum tpm2_plat_hash_alg
 * @size: digest size
 */
struct tpm2_hash_alg {
	u16 alg;
	u8 plat;
	u8 size;
};

/*
 * Ephemeral keys of TPM2_EC_Ephemeral that may be outstanding at once: the
 * bits of struct tpm2_engine.commit_array. The key of count c is
 * re-derivable while c is one of the last TPM2E_COMMIT_SLOTS counts handed
 * out and its bit is set.
 */
#define TPM2E_COMMIT_SLOTS	64

/* Implemented hashes, in TPM_ALG_ID order; index i is PCR bank i. */
#define TPM2E_NR_HASH	4
/* The bytes of one value of every PCR in every bank: SHA-1/256/384/512 */
#define TPM2E_PCR_STORE	(TPM2E_PCR_COUNT * (20 + 32 + 48 + 64))
extern const struct tpm2_hash_alg tpm2_hash_algs[TPM2E_NR_HASH];

/**
 * struct tpm2_scratch - per-command working memory, zeroized after each
 * @cmd: the command
 * @in: its parsed parameters
 * @out: its results
 * @buf: a context blob, a public area or a private area being made or
 *	opened
 * @params: the parameter area, decrypted, when a session encrypted it
 *
 * Not part of an engine: the host lends one for each command (one per
 * worker thread serves every engine), so an idle TPM does not keep it.
 */
struct tpm2_scratch {
	struct tpm2_cmd cmd;
	union tpm2_cmd_in in;
	union tpm2_cmd_out out;
	u8 buf[TPM2E_MAX_CONTEXT_BLOB];
	u8 params[TPM2_MAX_COMMAND_SIZE];
};

/**
 * struct tpm2_saved_pcrs - the PCRs TPM2_Shutdown(STATE) saves
 * @pcr: all the PCR values as struct tpm2_engine.pcr holds them; only
 *	those of PCRs 0-15 come back
 */
struct tpm2_saved_pcrs {
	u8 pcr[TPM2E_PCR_STORE];
};

/**
 * struct tpm2_engine - all the state of one TPM
 * @secret: per-instance secret from the host
 * @started: TPM2_Startup has succeeded since _TPM_Init
 * @shutdown_type: type of the last TPM2_Shutdown, or -1 when the TPM was
 *	not shut down in an orderly way since the last Startup
 * @prev_orderly: the Startup found an orderly shutdown before it
 * @startup_clear: TPMA_STARTUP_CLEAR hierarchy enables
 * @n_pcr_banks: banks in @pcr_banks
 * @pcr_banks: PCR allocation
 * @max_auth_fail: dictionary-attack parameters: maxTries
 * @lockout_interval: ditto, recoveryTime in seconds (0: no DA counting)
 * @lockout_recovery: ditto, lockoutRecovery in seconds
 * @failed_tries: the DA failure counter (TPM_PT_LOCKOUT_COUNTER)
 * @lockout_disabled: lockoutAuth failed and may not be tried until
 *	@lockout_recovery seconds after @lockout_stamp
 * @da_stamp: platform ms from which the next failure is forgiven
 * @lockout_stamp: platform ms of the last lockoutAuth failure
 * @exclusive_audit: handle of the exclusive audit session, or 0
 * @audit: command audit (audit.c)
 * @nv: the defined NV indices in handle order, NULL after the last
 * @nv_quota: bytes of NV the indices may take (struct tpm2_engine_config)
 * @nv_used: bytes they take (TPM2E_NV_INDEX_COST each, plus their data)
 * @nv_global_lock: TPM2_NV_GlobalWriteLock was run since the last
 *	TPM2_Startup(CLEAR)
 * @nv_max_count: highest value a deleted NV counter held; new counters
 *	start above it (kept through TPM Resets and TPM2_Clear)
 * @crypto: the platform's hash and HMAC transforms
 * @proof: per-hierarchy proof values (platform, owner, endorsement), derived
 *	from @secret, random once TPM2_Clear, ChangeEPS or ChangePPS renewed
 *	them; the HMAC keys of tickets
 * @seed: primary seeds (enum tpm2_hier order, then TPM2E_SEED_NULL): from
 *	@secret until Clear, ChangeEPS or ChangePPS renews them; the null
 *	seed is random at every TPM Reset
 * @hier_auth_size: bytes in each @hier_auth (enum tpm2_hier)
 * @hier_auth: authValue of each hierarchy, trailing zeros removed
 * @hier_policy_alg: hashAlg of each hierarchy's authPolicy
 * @hier_policy_size: bytes in each @hier_policy
 * @hier_policy: authPolicy of each hierarchy
 * @disable_clear: TPMA_PERMANENT.disableClear
 * @startup_locality: locality of the last TPM2_Startup
 * @pcr_counter: pcrUpdateCounter
 * @pcr: PCR values, bank after bank, each PCR of its bank's digest size
 *	(tpm2_pcr_value() finds one)
 * @pcr_realloc: a TPM2_PCR_Allocate awaits the next TPM2_Startup
 * @pcr_next: the allocation it asked for
 * @saved_pcr_counter: @pcr_counter at TPM2_Shutdown(STATE)
 * @saved_pcr: PCRs 0-15 at TPM2_Shutdown(STATE), until the next
 *	TPM2_Startup; NULL otherwise
 * @booted: a TPM2_Startup has succeeded since the engine was made
 * @time_origin: platform ms at _TPM_Init; TPMS_TIME_INFO.time counts from it
 * @power_epoch: _TPM_Init count; a session's times hold only in its epoch
 * @clock: TPMS_CLOCK_INFO.clock at @clock_stamp
 * @clock_stamp: platform ms when @clock was last brought up to date
 * @clock_safe: TPMS_CLOCK_INFO.safe
 * @reset_count: TPMS_CLOCK_INFO.resetCount
 * @reset_epoch: TPM Resets since the engine was made; never goes back
 * @restart_count: TPMS_CLOCK_INFO.restartCount
 * @clock_adjust: ClockRateAdjust's correction, in 1/TPM2E_CLOCK_NOMINAL
 *	parts of the nominal rate
 * @objects: transient object slots; NULL when free
 * @persistent: persistent objects in handle order, NULL after the last
 * @sessions: session slots
 * @commit_counter: TPM2_EC_Ephemeral's commit count: how many ephemeral
 *	keys it made since the last TPM Reset (the reference's commitCounter)
 * @commit_array: bit (count % TPM2E_COMMIT_SLOTS) set while the key of
 *	that count may still be used by TPM2_ZGen_2Phase (commitArray).
 *	Both are cleared at a TPM Reset. The commit nonce of the
 *	specification is not stored: the null seed stands for it, random at
 *	every TPM Reset and at no other time, the lifetime the reference
 *	implementation gives commitNonce (cmd_asym.c)
 * @context_counter: sequence number of the last saved context
 * @context_key: keys of context blobs, from @secret: integrity (HMAC) and
 *	encryption
 * @hash_ctx: a hash or HMAC in progress, inside one function call
 * @scratch: working memory of the command in progress; NULL between
 *	commands
 */
struct tpm2_engine {
	u8 secret[TPM2_ENGINE_SECRET_SIZE];
	bool started;
	int shutdown_type;
	bool prev_orderly;
	u32 startup_clear;
	u32 n_pcr_banks;
	struct tpm2_pcr_bank pcr_banks[TPM2E_PCR_BANKS];
	u32 max_auth_fail;
	u32 lockout_interval;
	u32 lockout_recovery;
	u32 failed_tries;
	bool lockout_disabled;
	u64 da_stamp;
	u64 lockout_stamp;
	u32 exclusive_audit;
	struct tpm2_audit audit;
	struct tpm2_nv_index *nv[TPM2E_MAX_NV_INDICES];
	u32 nv_quota;
	u32 nv_used;
	bool nv_global_lock;
	u64 nv_max_count;
	struct tpm2_plat_crypto *crypto;
	u8 proof[3][TPM2E_PROOF_SIZE];
	u8 seed[TPM2E_NR_SEEDS][TPM2E_SEED_SIZE];
	u16 hier_auth_size[TPM2E_NR_HIER];
	u8 hier_auth[TPM2E_NR_HIER][TPM2E_MAX_DIGEST_SIZE];
	u16 hier_policy_alg[TPM2E_NR_HIER];
	u16 hier_policy_size[TPM2E_NR_HIER];
	u8 hier_policy[TPM2E_NR_HIER][TPM2E_MAX_DIGEST_SIZE];
	bool disable_clear;
	u8 startup_locality;
	u32 pcr_counter;
	u8 pcr[TPM2E_PCR_STORE];
	bool pcr_realloc;
	struct tpm2_pcr_bank pcr_next[TPM2E_PCR_BANKS];
	u32 saved_pcr_counter;
	struct tpm2_saved_pcrs *saved_pcr;
	bool booted;
	u64 time_origin;
	u32 power_epoch;
	u64 clock;
	u64 clock_stamp;
	bool clock_safe;
	u32 reset_count;
	u32 restart_count;
	u64 reset_epoch;
	s32 clock_adjust;
	struct tpm2_object *objects[TPM2E_MAX_LOADED_OBJECTS];
	struct tpm2_object *persistent[TPM2E_MIN_EVICT_OBJECTS];
	struct tpm2_session_slot sessions[TPM2E_MAX_ACTIVE_SESSIONS];
	u64 commit_counter;
	u64 commit_array;
	u64 context_counter;
	u8 context_key[2][TPM2E_CONTEXT_KEY_SIZE];
	struct tpm2_plat_hash_ctx hash_ctx;
	struct tpm2_scratch *scratch;
};

/**
 * struct tpm2_hdr - a command header
 * @tag: TPMI_ST_COMMAND_TAG
 * @size: commandSize
 * @cc: commandCode
 */
struct tpm2_hdr {
	u16 tag;
	u32 size;
	u32 cc;
};

u32 tpm2_parse_header(struct tpm2_rd *rd, struct tpm2_hdr *hdr);
u32 tpm2_auth_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
		    struct tpm2_rd *rd, struct tpm2_rd *params);
void tpm2_auth_no_sessions(struct tpm2_engine *e, const struct tpm2_cmd *c);
int tpm2_phash(struct tpm2_engine *e, const struct tpm2_cmd *c,
	       const struct tpm2_hash_alg *h, bool response, bool names_only,
	       const u8 *params, u32 params_size, u8 *out);
u32 tpm2_auth_marshal_response(struct tpm2_engine *e, struct tpm2_cmd *c,
			       struct tpm2_wr *wr, u32 params_at);

const struct tpm2_cmd_desc *tpm2_cmd_lookup(u32 cc);
u32 tpm2_cmd_count(void);
u32 tpm2_cmd_attrs_from(u32 cc, u32 *attrs, u32 max, bool *more);

const struct tpm2_hash_alg *tpm2_hash_find(u16 alg);
u32 tpm2_rd_alg_hash(struct tpm2_rd *rd, u16 *alg);
u32 tpm2_rd_alg_hash_null(struct tpm2_rd *rd, u16 *alg);
u32 tpm2_rd_hierarchy(struct tpm2_rd *rd, u32 *h);
u32 tpm2_hierarchy_enabled(const struct tpm2_engine *e, u32 h);
int tpm2_hier_index(u32 handle);
void tpm2_hierarchy_startup(struct tpm2_engine *e, u16 type, bool restart);
int tpm2_engine_derive_key(struct tpm2_engine *e, const char *label,
			   size_t label_size, u32 context, u8 *out);
int tpm2_engine_derive_proofs(struct tpm2_engine *e);
u32 tpm2_hashcheck_ticket(struct tpm2_engine *e, u32 hierarchy,
			  const struct tpm2_hash_alg *h, const u8 *digest,
			  u8 *ticket, u16 *ticket_size);
bool tpm2_ticket_is_safe(const u8 *data, u16 size);
void tpm2_aes_cfb(const struct tpm2_plat_aes *aes, u8 *iv, u8 *buf, u32 len,
		  bool encrypt);
int tpm2_aes_mode(const struct tpm2_plat_aes *aes, u16 mode, u8 *iv,
		  u8 *buf, u32 len, bool encrypt);
const u8 *tpm2_hierarchy_proof(const struct tpm2_engine *e, u32 hierarchy);

void tpm2_pcr_startup(struct tpm2_engine *e, u16 type, bool restart);
u32 tpm2_pcr_shutdown(struct tpm2_engine *e, u16 type);

u32 tpm2_da_locked_out(struct tpm2_engine *e, bool lockout);
bool tpm2_da_in_lockout(struct tpm2_engine *e);
void tpm2_da_failure(struct tpm2_engine *e, bool lockout);
void tpm2_da_startup(struct tpm2_engine *e, bool reset, bool orderly);

void tpm2_clock_power_on(struct tpm2_engine *e);
void tpm2_clock_startup(struct tpm2_engine *e, u16 type, bool restart);
void tpm2_clock_clear(struct tpm2_engine *e);
struct tpm2_time_info;
void tpm2_clock_read(struct tpm2_engine *e, struct tpm2_time_info *o);

/*
 * Trailing zeros of an authValue are not significant (TPM 2.0 Part 1):
 * the size of @auth without them.
 */
static inline u16 tpm2_auth_trim(const u8 *auth, u16 size)
{
	while (size && !auth[size - 1])
		size--;
	return size;
}

/* A platform error (0 or a negative errno) as a response code */
static inline u32 tpm2_rc_errno(int err)
{
	switch (err) {
	case 0:
		return TPM2E_RC_SUCCESS;
	case -ECANCELED:
		return TPM2E_RC_CANCELED;
	case -ENOMEM:
		return TPM2E_RC_MEMORY;
	}
	return TPM2E_RC_FAILURE;
}

static inline u32 tpm2_cmd_desc_handles(const struct tpm2_cmd_desc *d)
{
	return (d->attrs & TPM2E_CCA_CHANDLES_MASK) >> TPM2E_CCA_CHANDLES_SHIFT;
}

#endif /* _HTPM_TPM2_ENGINE_INT_H */
