// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 9, Start-up: TPM2_Startup and TPM2_Shutdown.
 */
#include "session.h"

/* TPM_SU: CLEAR or STATE */
static u32 tpm2_rd_su(struct tpm2_rd *rd, u16 *su)
{
	u32 rc;

	rc = tpm2_rd_u16(rd, su);
	if (rc)
		return rc;
	if (*su != TPM2E_SU_CLEAR && *su != TPM2E_SU_STATE)
		return TPM2E_RC_VALUE;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_startup_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_su(rd, &in->startup.startup_type), 1);
}

u32 tpm2_startup_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	u16 type = in->startup.startup_type;
	bool restart;

	/* The PC Client profile allows Startup from localities 0 and 3. */
	if (c->locality != 0 && c->locality != 3)
		return TPM2E_RC_LOCALITY;
	/* Resume and restart need the state a Shutdown(STATE) saved. */
	if (type == TPM2E_SU_STATE && e->shutdown_type != TPM2E_SU_STATE)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);

	restart = type == TPM2E_SU_CLEAR && e->shutdown_type == TPM2E_SU_STATE;
	e->startup_locality = c->locality;
	/* A new engine was never shut down: its first Startup is orderly. */
	tpm2_da_startup(e, type == TPM2E_SU_CLEAR && !restart,
			e->shutdown_type >= 0 || !e->booted);
	tpm2_pcr_startup(e, type, restart);
	tpm2_clock_startup(e, type, restart);
	tpm2_sessions_startup(e, type);
	tpm2_hierarchy_startup(e, type, restart);
	/* With the new null seed, EC_Ephemeral's keys are gone (cmd_asym.c). */
	if (type == TPM2E_SU_CLEAR && !restart) {
		e->commit_counter = 0;
		e->commit_array = 0;
	}
	tpm2_nv_startup(e, type == TPM2E_SU_CLEAR);
	tpm2_audit_startup(e, type == TPM2E_SU_CLEAR && !restart);
	e->prev_orderly = e->shutdown_type >= 0;
	e->shutdown_type = -1;
	if (type == TPM2E_SU_CLEAR)
		e->startup_clear = TPM2E_SC_PH_ENABLE | TPM2E_SC_SH_ENABLE |
				   TPM2E_SC_EH_ENABLE | TPM2E_SC_PH_ENABLE_NV;
	else
		/* phEnable is set by every Startup, even a Resume. */
		e->startup_clear |= TPM2E_SC_PH_ENABLE;
	e->started = true;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_shutdown_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_su(rd, &in->shutdown.shutdown_type), 1);
}

u32 tpm2_shutdown_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	u16 type = in->shutdown.shutdown_type;
	u32 rc;

	/* A new PCR allocation needs a TPM Reset. */
	if (type == TPM2E_SU_STATE && e->pcr_realloc)
		return tpm2_rc_param(TPM2E_RC_TYPE, 1);
	rc = tpm2_pcr_shutdown(e, type);
	if (!rc)
		e->shutdown_type = type;
	return rc;
}
