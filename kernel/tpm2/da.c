// SPDX-License-Identifier: GPL-2.0
/*
 * Dictionary-attack protection (TPM 2.0 Part 1, "Dictionary Attack
 * Protection"; Part 3 chapter 25): the failure counter of one TPM, its
 * self-healing, the lockout of lockoutAuth, and the two commands that
 * manage them.
 *
 * Every authorization failure of a DA-protected entity adds one to
 * failedTries; at maxTries the TPM is in lockout and refuses every
 * authValue-based authorization of such an entity with TPM_RC_LOCKOUT.
 * One failure is forgiven every recoveryTime seconds after the last one. A
 * failure of lockoutAuth itself disables lockoutAuth for lockoutRecovery
 * seconds (until the next TPM Reset when that is 0). A recoveryTime of 0
 * turns the counting off.
 *
 * All of it is per engine: one container's guessing never locks another.
 */
#include "session.h"

/* Forgive what recoveryTime has healed, re-enable lockoutAuth when due. */
static void tpm2_da_heal(struct tpm2_engine *e)
{
	u64 now = tpm2_plat_time_ms();
	u64 step = (u64)e->lockout_interval * 1000;
	u64 n;

	if (!e->failed_tries || !step) {
		e->da_stamp = now;
	} else if (now - e->da_stamp >= step) {
		n = div64_u64(now - e->da_stamp, step);
		if (n >= e->failed_tries) {
			e->failed_tries = 0;
			e->da_stamp = now;
		} else {
			e->failed_tries -= n;
			e->da_stamp += n * step;
		}
	}
	if (e->lockout_disabled && e->lockout_recovery &&
	    now - e->lockout_stamp >= (u64)e->lockout_recovery * 1000)
		e->lockout_disabled = false;
}

/**
 * tpm2_da_locked_out() - may an authValue of a DA-protected entity be tried?
 * @e: engine
 * @lockout: the entity is TPM_RH_LOCKOUT (or the session is bound to it)
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_LOCKOUT.
 */
u32 tpm2_da_locked_out(struct tpm2_engine *e, bool lockout)
{
	tpm2_da_heal(e);
	if (lockout ? e->lockout_disabled : e->failed_tries >= e->max_auth_fail)
		return TPM2E_RC_LOCKOUT;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_da_in_lockout() - TPMA_PERMANENT.inLockout
 * @e: engine
 *
 * Return: true while failedTries is at maxTries.
 */
bool tpm2_da_in_lockout(struct tpm2_engine *e)
{
	tpm2_da_heal(e);
	return e->failed_tries >= e->max_auth_fail;
}

/**
 * tpm2_da_failure() - count one failed authorization of a protected entity
 * @e: engine
 * @lockout: it was lockoutAuth
 */
void tpm2_da_failure(struct tpm2_engine *e, bool lockout)
{
	u64 now = tpm2_plat_time_ms();

	tpm2_da_heal(e);
	if (lockout) {
		e->lockout_disabled = true;
		e->lockout_stamp = now;
		return;
	}
	if (!e->lockout_interval)
		return;
	if (e->failed_tries != ~0U)
		e->failed_tries++;
	/* The recovery interval starts again at each failure. */
	e->da_stamp = now;
}

/**
 * tpm2_da_startup() - TPM2_Startup's part in dictionary-attack protection
 * @e: engine
 * @reset: a TPM Reset
 * @orderly: the TPM was shut down in an orderly way before (or never ran)
 *
 * A Startup without an orderly Shutdown before it counts as one failure
 * (power cycles are not free guesses); a TPM Reset ends a lockout of
 * lockoutAuth that has no recovery time.
 */
void tpm2_da_startup(struct tpm2_engine *e, bool reset, bool orderly)
{
	if (reset && !e->lockout_recovery)
		e->lockout_disabled = false;
	if (!orderly && e->lockout_interval &&
	    e->failed_tries < e->max_auth_fail)
		e->failed_tries++;
	e->da_stamp = tpm2_plat_time_ms();
	e->lockout_stamp = e->da_stamp;
}

u32 tpm2_da_lock_reset_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	e->failed_tries = 0;
	e->da_stamp = tpm2_plat_time_ms();
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_da_parameters_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_da_parameters_in *i = &in->da_parameters;
	u32 rc;

	rc = tpm2_rd_u32(rd, &i->max_tries);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_u32(rd, &i->recovery_time);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_u32(rd, &i->lockout_recovery), 3);
}

u32 tpm2_da_parameters_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_da_parameters_in *i = &in->da_parameters;

	e->max_auth_fail = i->max_tries;
	e->lockout_interval = i->recovery_time;
	e->lockout_recovery = i->lockout_recovery;
	e->failed_tries = 0;
	e->da_stamp = tpm2_plat_time_ms();
	return TPM2E_RC_SUCCESS;
}
