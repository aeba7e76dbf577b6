// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 29, Clocks and Timers: TPM2_ReadClock,
 * TPM2_ClockSet and TPM2_ClockRateAdjust, and what TPM2_Startup does to
 * Clock, resetCount and restartCount.
 *
 * Time counts milliseconds since _TPM_Init. Clock counts milliseconds
 * while the engine exists, moves forward only, and is "saved" whenever it
 * crosses a multiple of 2^12 ms (TPM_PT_CLOCK_UPDATE), as a TPM saves it
 * to NV: that is when it becomes safe again after a Startup that followed
 * no orderly Shutdown.
 */
#include "engine_int.h"

/* Clock to @v at platform time @now */
static void tpm2_clock_to(struct tpm2_engine *e, u64 v, u64 now)
{
	if ((v >> TPM2E_CLOCK_UPDATE_SHIFT) >
	    (e->clock >> TPM2E_CLOCK_UPDATE_SHIFT))
		e->clock_safe = true;
	e->clock = v;
	e->clock_stamp = now;
}

/*
 * TPM2_ClockRateAdjust's steps and limit, in parts of TPM2E_CLOCK_NOMINAL:
 * fine 1/30000, medium 0.1 %, coarse 1 %, never beyond 15 %.
 */
#define TPM2E_CLOCK_NOMINAL	30000
#define TPM2E_CLOCK_LIMIT	4500
static const s32 tpm2_clock_steps[4] = { 0, 1, 30, 300 };

/*
 * Bring Clock up to date at the adjusted rate; the platform's clock is
 * monotonic. Time is not adjusted: it stays the platform's.
 */
static void tpm2_clock_update(struct tpm2_engine *e)
{
	u64 now = tpm2_plat_time_ms();
	u64 ms = now - e->clock_stamp;

	/* Integral ms only; the remainder waits for the next update. */
	ms = div_u64(ms * (TPM2E_CLOCK_NOMINAL + e->clock_adjust),
		     TPM2E_CLOCK_NOMINAL);
	if (!ms)
		return;
	if (e->clock_adjust)
		now = e->clock_stamp +
		      div_u64(ms * TPM2E_CLOCK_NOMINAL,
			      TPM2E_CLOCK_NOMINAL + e->clock_adjust);
	tpm2_clock_to(e, min_t(u64, e->clock + ms, TPM2E_CLOCK_MAX), now);
}

/**
 * tpm2_clock_power_on() - _TPM_Init: Time starts again, Clock goes on
 * @e: engine; a new one has Clock 0, safe, stamped with the platform time
 */
void tpm2_clock_power_on(struct tpm2_engine *e)
{
	tpm2_clock_update(e);
	e->time_origin = e->clock_stamp;
	e->power_epoch++;
}

/**
 * tpm2_clock_startup() - TPM2_Startup's effect on the clock and counters
 * @e: engine, @e->shutdown_type still that of the Shutdown before
 * @type: TPM_SU_CLEAR or TPM_SU_STATE
 * @restart: a TPM2_Startup(CLEAR) after TPM2_Shutdown(STATE)
 *
 * A TPM Reset counts in resetCount and clears restartCount; a Restart or
 * a Resume counts in restartCount. Without an orderly Shutdown before,
 * Clock is not safe.
 */
void tpm2_clock_startup(struct tpm2_engine *e, u16 type, bool restart)
{
	tpm2_clock_update(e);
	if (e->booted && e->shutdown_type < 0)
		e->clock_safe = false;
	if (type == TPM2E_SU_STATE || restart) {
		e->restart_count++;
	} else {
		e->reset_count++;
		e->reset_epoch++;
		e->restart_count = 0;
	}
	e->booted = true;
}

/**
 * tpm2_clock_clear() - TPM2_Clear's effect: Clock and the counts restart
 * @e: engine
 *
 * Clock goes back to zero (and is safe), resetCount and restartCount too;
 * Time, which counts from _TPM_Init, goes on.
 */
void tpm2_clock_clear(struct tpm2_engine *e)
{
	tpm2_clock_update(e);
	e->clock = 0;
	e->clock_safe = true;
	e->reset_count = 0;
	e->restart_count = 0;
}

/**
 * tpm2_clock_read() - TPMS_TIME_INFO now, as TPM2_ReadClock reports it
 * @e: engine
 * @o: time, clock, resetCount, restartCount and safe; Clock is brought up
 *	to date first
 */
void tpm2_clock_read(struct tpm2_engine *e, struct tpm2_time_info *o)
{
	tpm2_clock_update(e);
	o->time = e->clock_stamp - e->time_origin;
	o->clock = e->clock;
	o->reset_count = e->reset_count;
	o->restart_count = e->restart_count;
	o->safe = e->clock_safe;
}

u32 tpm2_read_clock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	tpm2_clock_read(e, &out->read_clock);
	return TPM2E_RC_SUCCESS;
}

void tpm2_read_clock_marshal(const union tpm2_cmd_out *out,
			     struct tpm2_wr *wr)
{
	const struct tpm2_time_info *o = &out->read_clock;

	tpm2_wr_u64(wr, o->time);
	tpm2_wr_u64(wr, o->clock);
	tpm2_wr_u32(wr, o->reset_count);
	tpm2_wr_u32(wr, o->restart_count);
	tpm2_wr_u8(wr, o->safe);
}

u32 tpm2_clock_set_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_u64(rd, &in->clock_set.new_time), 1);
}

/* Clock may only move forward, and not past TPM2E_CLOCK_MAX. */
u32 tpm2_clock_set_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	u64 v = in->clock_set.new_time;

	tpm2_clock_update(e);
	if (v > TPM2E_CLOCK_MAX || v < e->clock)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	tpm2_clock_to(e, v, e->clock_stamp);
	return TPM2E_RC_SUCCESS;
}

/* TPM_CLOCK_ADJUST: -3 (coarse slower) to 3 (coarse faster) */
u32 tpm2_clock_rate_adjust_unmarshal(struct tpm2_rd *rd,
				     union tpm2_cmd_in *in)
{
	u8 v;
	u32 rc;

	rc = tpm2_rd_u8(rd, &v);
	if (!rc && (s8)v >= -3 && (s8)v <= 3)
		in->clock_rate_adjust.rate_adjust = (s8)v;
	else if (!rc)
		rc = TPM2E_RC_VALUE;
	return tpm2_rc_param(rc, 1);
}

/* Each command moves the rate of Clock one step; kept within the limit. */
u32 tpm2_clock_rate_adjust_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	s8 v = in->clock_rate_adjust.rate_adjust;
	s32 adj;

	tpm2_clock_update(e);
	adj = e->clock_adjust + (v < 0 ? -tpm2_clock_steps[-v] :
					 tpm2_clock_steps[v]);
	e->clock_adjust = clamp_t(s32, adj, -TPM2E_CLOCK_LIMIT,
				  TPM2E_CLOCK_LIMIT);
	return TPM2E_RC_SUCCESS;
}
