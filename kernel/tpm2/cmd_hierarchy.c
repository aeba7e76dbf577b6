// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 24, Hierarchy Commands: TPM2_HierarchyControl,
 * TPM2_SetPrimaryPolicy, TPM2_ChangePPS, TPM2_ChangeEPS, TPM2_Clear,
 * TPM2_ClearControl and TPM2_HierarchyChangeAuth, and what TPM2_Startup
 * does to the platform hierarchy.
 *
 * Renewing a hierarchy renews its primary seed (its primaries change) and
 * its proof (its tickets and saved contexts stop verifying).
 */
#include "object.h"
#include "session.h"

/**
 * tpm2_hier_index() - the enum tpm2_hier index of a hierarchy handle
 * @handle: any handle
 *
 * Return: the index, or -1 when @handle is no hierarchy with an authValue.
 */
int tpm2_hier_index(u32 handle)
{
	switch (handle) {
	case TPM2E_RH_PLATFORM:
		return TPM2E_HIER_PLATFORM;
	case TPM2E_RH_OWNER:
		return TPM2E_HIER_OWNER;
	case TPM2E_RH_ENDORSEMENT:
		return TPM2E_HIER_ENDORSEMENT;
	case TPM2E_RH_LOCKOUT:
		return TPM2E_HIER_LOCKOUT;
	}
	return -1;
}

static void tpm2_hier_set_auth(struct tpm2_engine *e, int h, const u8 *auth,
			       u16 size)
{
	tpm2_plat_zeroize(e->hier_auth[h], sizeof(e->hier_auth[h]));
	size = tpm2_auth_trim(auth, size);
	if (size)
		memcpy(e->hier_auth[h], auth, size);
	e->hier_auth_size[h] = size;
}

static void tpm2_hier_clear_policy(struct tpm2_engine *e, int h)
{
	memset(e->hier_policy[h], 0, sizeof(e->hier_policy[h]));
	e->hier_policy_size[h] = 0;
	e->hier_policy_alg[h] = TPM2E_ALG_NULL;
}

/* A new random proof: tickets and contexts made with the old one die. */
static void tpm2_hier_new_proof(struct tpm2_engine *e, int h)
{
	tpm2_plat_get_random(e->proof[h], sizeof(e->proof[h]));
}

/* A new primary seed too: the hierarchy's primaries change. */
static void tpm2_hier_renew(struct tpm2_engine *e, int h)
{
	tpm2_hier_new_proof(e, h);
	tpm2_plat_get_random(e->seed[h], sizeof(e->seed[h]));
}

/**
 * tpm2_hierarchy_startup() - TPM2_Startup's effect on the hierarchies
 * @e: engine
 * @type: TPM_SU_CLEAR or TPM_SU_STATE
 * @restart: a TPM2_Startup(CLEAR) after TPM2_Shutdown(STATE)
 *
 * platformAuth and platformPolicy are state-clear data: empty again after
 * a TPM Reset or Restart; a TPM Reset also gives a new null seed.
 */
void tpm2_hierarchy_startup(struct tpm2_engine *e, u16 type, bool restart)
{
	if (type == TPM2E_SU_STATE)
		return;
	/* The null hierarchy lives for one TPM Reset. */
	if (!restart)
		tpm2_plat_get_random(e->seed[TPM2E_SEED_NULL], TPM2E_SEED_SIZE);
	tpm2_hier_set_auth(e, TPM2E_HIER_PLATFORM, NULL, 0);
	tpm2_hier_clear_policy(e, TPM2E_HIER_PLATFORM);
}

u32 tpm2_hierarchy_control_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in)
{
	struct tpm2_hierarchy_control_in *i = &in->hierarchy_control;
	u32 rc;

	rc = tpm2_rd_u32(rd, &i->enable);
	if (!rc && i->enable != TPM2E_RH_OWNER &&
	    i->enable != TPM2E_RH_ENDORSEMENT &&
	    i->enable != TPM2E_RH_PLATFORM && i->enable != TPM2E_RH_PLATFORM_NV)
		rc = TPM2E_RC_VALUE;
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_yes_no(rd, &i->state), 2);
}

/*
 * Only the platform enables; the owner and the endorsement hierarchies
 * may disable themselves. A disabled hierarchy loses its loaded objects.
 * phEnable comes back with the next TPM2_Startup of any kind.
 */
u32 tpm2_hierarchy_control_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	const struct tpm2_hierarchy_control_in *i = &in->hierarchy_control;
	u32 auth = c->handles[0];
	u32 bit;

	switch (i->enable) {
	case TPM2E_RH_OWNER:
		bit = TPM2E_SC_SH_ENABLE;
		break;
	case TPM2E_RH_ENDORSEMENT:
		bit = TPM2E_SC_EH_ENABLE;
		break;
	case TPM2E_RH_PLATFORM:
		bit = TPM2E_SC_PH_ENABLE;
		break;
	default:
		bit = TPM2E_SC_PH_ENABLE_NV;
		break;
	}
	/*
	 * The owner or endorsement may act on its own enable only, and only
	 * disable it: "enabling" it while enabled changes nothing and is
	 * allowed, as in the reference code (disabled, it cannot authorize).
	 */
	if (auth != TPM2E_RH_PLATFORM &&
	    (auth != i->enable || (i->state && !(e->startup_clear & bit))))
		return TPM2E_RC_AUTH_TYPE;
	if (i->state) {
		e->startup_clear |= bit;
	} else if (e->startup_clear & bit) {
		e->startup_clear &= ~bit;
		if (i->enable != TPM2E_RH_PLATFORM_NV)
			tpm2_objects_flush_hierarchy(e, i->enable);
	}
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_set_primary_policy_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out)
{
	const struct tpm2_pcr_set_auth_in *i = &in->pcr_set_auth;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->hash_alg);
	int hier = tpm2_hier_index(c->handles[0]);

	/* An empty policy goes with TPM_ALG_NULL, a digest with its hash. */
	if (i->size != (h ? h->size : 0))
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	tpm2_hier_clear_policy(e, hier);
	memcpy(e->hier_policy[hier], i->digest, i->size);
	e->hier_policy_size[hier] = i->size;
	e->hier_policy_alg[hier] = i->hash_alg;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_change_pps_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	tpm2_hier_renew(e, TPM2E_HIER_PLATFORM);
	tpm2_hier_clear_policy(e, TPM2E_HIER_PLATFORM);
	tpm2_objects_flush_hierarchy(e, TPM2E_RH_PLATFORM);
	tpm2_persistent_flush_hierarchy(e, TPM2E_RH_PLATFORM);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_change_eps_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	tpm2_hier_renew(e, TPM2E_HIER_ENDORSEMENT);
	e->startup_clear |= TPM2E_SC_EH_ENABLE;
	tpm2_hier_set_auth(e, TPM2E_HIER_ENDORSEMENT, NULL, 0);
	tpm2_hier_clear_policy(e, TPM2E_HIER_ENDORSEMENT);
	tpm2_objects_flush_hierarchy(e, TPM2E_RH_ENDORSEMENT);
	tpm2_persistent_flush_hierarchy(e, TPM2E_RH_ENDORSEMENT);
	return TPM2E_RC_SUCCESS;
}

/*
 * The owner goes: new storage seed, new storage and endorsement proofs
 * (the endorsement seed stays), empty owner, endorsement and lockout
 * authorizations and policies, both hierarchies
 * enabled, their objects (transient and persistent) flushed, Clock and the reset and restart counts
 * back to zero.
 */
u32 tpm2_clear_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		    const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	int h;

	if (e->disable_clear)
		return TPM2E_RC_DISABLED;
	tpm2_hier_renew(e, TPM2E_HIER_OWNER);
	/* The endorsement seed stays: the EK outlives its owners. */
	tpm2_hier_new_proof(e, TPM2E_HIER_ENDORSEMENT);
	e->startup_clear |= TPM2E_SC_SH_ENABLE | TPM2E_SC_EH_ENABLE;
	for (h = TPM2E_HIER_OWNER; h < TPM2E_NR_HIER; h++) {
		tpm2_hier_set_auth(e, h, NULL, 0);
		tpm2_hier_clear_policy(e, h);
	}
	tpm2_objects_flush_hierarchy(e, TPM2E_RH_OWNER);
	tpm2_objects_flush_hierarchy(e, TPM2E_RH_ENDORSEMENT);
	tpm2_persistent_flush_hierarchy(e, TPM2E_RH_OWNER);
	tpm2_persistent_flush_hierarchy(e, TPM2E_RH_ENDORSEMENT);
	tpm2_nv_clear(e);
	tpm2_clock_clear(e);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_clear_control_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_yes_no(rd, &in->clear_control.disable),
			     1);
}

/* Lockout may forbid TPM2_Clear; only the platform may allow it again. */
u32 tpm2_clear_control_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	bool disable = in->clear_control.disable;

	if (c->handles[0] == TPM2E_RH_LOCKOUT && !disable)
		return TPM2E_RC_AUTH_FAIL;
	e->disable_clear = disable;
	return TPM2E_RC_SUCCESS;
}

/* TPM2B_AUTH */
u32 tpm2_change_auth_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_change_auth_in *i = &in->change_auth;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->auth, sizeof(i->auth),
					   &i->size), 1);
}

/*
 * The new authValue may be as long as the longest digest the TPM makes
 * (TPM2B_AUTH enforces that); the response of this command is authorized
 * with it.
 */
u32 tpm2_hierarchy_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				    const union tpm2_cmd_in *in,
				    union tpm2_cmd_out *out)
{
	const struct tpm2_change_auth_in *i = &in->change_auth;

	tpm2_hier_set_auth(e, tpm2_hier_index(c->handles[0]), i->auth,
			   i->size);
	return TPM2E_RC_SUCCESS;
}
