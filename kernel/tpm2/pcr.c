// SPDX-License-Identifier: GPL-2.0
/*
 * Platform Configuration Registers: their values in each bank, what
 * TPM2_Startup and TPM2_Shutdown do to them, and the PC Client profile's
 * attributes of each PCR (which localities may extend and reset it, and
 * which survive TPM2_Shutdown(STATE)).
 */
#include "engine_int.h"
#include "pcr.h"

/* Localities as bits: bit n is locality n */
#define LOC_ALL		0x1F
#define LOC_0_3		0x0F

/**
 * struct tpm2_pcr_attrs - PC Client attributes of one PCR
 * @reset: localities that may TPM2_PCR_Reset it
 * @extend: localities that may extend it
 */
struct tpm2_pcr_attrs {
	u8 reset;
	u8 extend;
};

static const struct tpm2_pcr_attrs tpm2_pcr_attrs[TPM2E_PCR_COUNT] = {
	[0 ... 15] = { 0, LOC_ALL },	/* static RTM; state saved */
	[16] = { LOC_0_3, LOC_ALL },	/* debug */
	[17] = { 0x10, 0x1C },		/* DRTM, locality 4 */
	[18] = { 0x10, 0x1C },		/* locality 3 */
	[19] = { 0x10, 0x0C },		/* locality 2 */
	[20] = { 0x14, 0x0E },		/* locality 1 */
	[21] = { 0x14, 0x04 },		/* dynamic OS */
	[22] = { 0x14, 0x04 },
	[23] = { LOC_0_3, LOC_ALL },	/* application */
};

static bool tpm2_locality_in(u8 locality, u8 bits)
{
	return locality < 5 && (bits & (1U << locality));
}

/**
 * tpm2_pcr_extend_allowed() - may this locality extend a PCR
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 * @locality: command locality
 *
 * Return: true when it may.
 */
bool tpm2_pcr_extend_allowed(u32 pcr, u8 locality)
{
	return tpm2_locality_in(locality, tpm2_pcr_attrs[pcr].extend);
}

/**
 * tpm2_pcr_reset_allowed() - may this locality reset a PCR
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 * @locality: command locality
 *
 * Return: true when it may.
 */
bool tpm2_pcr_reset_allowed(u32 pcr, u8 locality)
{
	return tpm2_locality_in(locality, tpm2_pcr_attrs[pcr].reset);
}

/**
 * tpm2_pcr_allocated() - is a PCR allocated in a bank
 * @e: engine
 * @bank: bank index
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 *
 * Return: true when it is.
 */
bool tpm2_pcr_allocated(const struct tpm2_engine *e, unsigned int bank,
			u32 pcr)
{
	return e->pcr_banks[bank].select[pcr / 8] & (1U << (pcr % 8));
}

/*
 * A change of a PCR counts in pcrUpdateCounter unless the PCR is in the
 * TCB group (PCRs 20-22), as the reference implementation counts.
 */
static void tpm2_pcr_changed(struct tpm2_engine *e, u32 pcr)
{
	if (pcr < 20 || pcr > 22)
		e->pcr_counter++;
}

/* Where each bank's values start in struct tpm2_engine.pcr */
static const u16 tpm2_pcr_bank_at[TPM2E_PCR_BANKS] = {
	0,
	TPM2E_PCR_COUNT * 20,
	TPM2E_PCR_COUNT * (20 + 32),
	TPM2E_PCR_COUNT * (20 + 32 + 48),
};

/**
 * tpm2_pcr_value() - where the value of one PCR in one bank is kept
 * @e: engine
 * @bank: index into tpm2_hash_algs[]
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 *
 * Return: the value, tpm2_hash_algs[@bank].size bytes.
 */
u8 *tpm2_pcr_value(struct tpm2_engine *e, unsigned int bank, u32 pcr)
{
	return e->pcr + tpm2_pcr_bank_at[bank] +
	       pcr * tpm2_hash_algs[bank].size;
}

/**
 * tpm2_pcr_extend() - extend one bank of a PCR, when it is allocated
 * @e: engine
 * @bank: bank index
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 * @digest: digest of the bank's size
 *
 * Return: 0, or a negative errno from the platform's hash.
 */
int tpm2_pcr_extend(struct tpm2_engine *e, unsigned int bank, u32 pcr,
		    const u8 *digest)
{
	const struct tpm2_hash_alg *h = &tpm2_hash_algs[bank];
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	u8 *v = tpm2_pcr_value(e, bank, pcr);
	int rc;

	if (!tpm2_pcr_allocated(e, bank, pcr))
		return 0;
	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, v, h->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, digest, h->size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	rc = tpm2_plat_hash_final(ctx, v);
	if (!rc)
		tpm2_pcr_changed(e, pcr);
	return rc;
}

/**
 * tpm2_pcr_reset() - TPM2_PCR_Reset's action: a PCR to zero in every bank
 * @e: engine
 * @pcr: PCR index, < TPM2E_PCR_COUNT
 */
void tpm2_pcr_reset(struct tpm2_engine *e, u32 pcr)
{
	unsigned int i;

	for (i = 0; i < TPM2E_PCR_BANKS; i++)
		memset(tpm2_pcr_value(e, i, pcr), 0, tpm2_hash_algs[i].size);
	tpm2_pcr_changed(e, pcr);
}

/**
 * tpm2_pcr_startup() - the PCRs at TPM2_Startup
 * @e: engine, @e->startup_locality set
 * @type: TPM_SU_CLEAR (TPM Reset or Restart) or TPM_SU_STATE (Resume)
 * @restart: a TPM2_Startup(CLEAR) after TPM2_Shutdown(STATE)
 *
 * A pending TPM2_PCR_Allocate takes effect (it makes TPM2_Shutdown(STATE)
 * fail, so it never meets a Resume). PCRs 0-15 come back on Resume; every
 * other PCR gets its reset value: all ones for PCRs 17-22, whose reset
 * locality is 4, zero for the rest, but PCR 0 holds the startup locality
 * in its last byte (H-CRTM convention of the PC Client profile).
 */
void tpm2_pcr_startup(struct tpm2_engine *e, u16 type, bool restart)
{
	bool resume = type == TPM2E_SU_STATE;
	unsigned int b;
	u32 pcr;

	if (e->pcr_realloc && !resume) {
		memcpy(e->pcr_banks, e->pcr_next, sizeof(e->pcr_banks));
		e->pcr_realloc = false;
	}
	e->pcr_counter = resume || restart ? e->saved_pcr_counter : 0;
	for (pcr = 0; pcr < TPM2E_PCR_COUNT; pcr++) {
		bool saved = resume && pcr < TPM2E_PCR_SAVED;

		for (b = 0; b < TPM2E_PCR_BANKS; b++) {
			u8 *v = tpm2_pcr_value(e, b, pcr);
			u8 size = tpm2_hash_algs[b].size;

			if (saved) {
				memcpy(v, e->saved_pcr->pcr + (v - e->pcr),
				       size);
				continue;
			}
			memset(v, 0, size);
			if (tpm2_pcr_attrs[pcr].reset & 0x10)
				memset(v, 0xFF, size);
			else if (pcr == 0)
				v[size - 1] = e->startup_locality;
		}
		if (!saved)
			tpm2_pcr_changed(e, pcr);
	}
	tpm2_plat_free_sensitive(e->saved_pcr, sizeof(*e->saved_pcr));
	e->saved_pcr = NULL;
	e->saved_pcr_counter = 0;
}

/**
 * tpm2_pcr_shutdown() - save the PCRs TPM2_Shutdown(STATE) preserves
 * @e: engine
 * @type: TPM_SU_CLEAR or TPM_SU_STATE
 *
 * The saved PCRs take memory only from TPM2_Shutdown(STATE) to the next
 * TPM2_Startup.
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_MEMORY.
 */
u32 tpm2_pcr_shutdown(struct tpm2_engine *e, u16 type)
{
	if (type != TPM2E_SU_STATE)
		return TPM2E_RC_SUCCESS;
	if (!e->saved_pcr)
		e->saved_pcr = tpm2_plat_zalloc(sizeof(*e->saved_pcr));
	if (!e->saved_pcr)
		return TPM2E_RC_MEMORY;
	e->saved_pcr_counter = e->pcr_counter;
	memcpy(e->saved_pcr->pcr, e->pcr, sizeof(e->pcr));
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_pcr_property() - one TPM_PT_PCR property as a PCR bitmap
 * @tag: TPM_PT_PCR
 * @select: TPM2E_PCR_SELECT_SIZE bytes of output
 *
 * There are no PCR authorization or policy groups (TPM_PT_PCR_AUTH,
 * TPM_PT_PCR_POLICY): those, and the reserved tags, are not implemented.
 *
 * Return: true when @tag is implemented.
 */
bool tpm2_pcr_property(u32 tag, u8 *select)
{
	u32 pcr;

	memset(select, 0, TPM2E_PCR_SELECT_SIZE);
	if (tag > TPM2E_PT_PCR_RESET_L4 && tag != TPM2E_PT_PCR_NO_INCREMENT &&
	    tag != TPM2E_PT_PCR_DRTM_RESET)
		return false;
	for (pcr = 0; pcr < TPM2E_PCR_COUNT; pcr++) {
		const struct tpm2_pcr_attrs *a = &tpm2_pcr_attrs[pcr];
		/* EXTEND_Ln = 2n + 1, RESET_Ln = 2n + 2 */
		u32 loc = (tag - TPM2E_PT_PCR_EXTEND_L0) / 2;
		bool set;

		if (tag == TPM2E_PT_PCR_SAVE)
			set = pcr < TPM2E_PCR_SAVED;
		else if (tag == TPM2E_PT_PCR_NO_INCREMENT)
			set = pcr >= 20 && pcr <= 22;
		else if (tag == TPM2E_PT_PCR_DRTM_RESET)
			set = a->reset & 0x10;
		else if (tag % 2)
			set = a->extend & (1U << loc);
		else
			set = a->reset & (1U << loc);
		if (set)
			select[pcr / 8] |= 1U << (pcr % 8);
	}
	return true;
}

/**
 * tpm2_pcr_digest() - digest of the PCR values a selection names
 * @e: engine
 * @l: the selection; banks in list order, PCRs in increasing order
 * @h: hash of the digest
 * @out: @h->size bytes
 *
 * What TPMS_CREATION_DATA.pcrDigest holds; PCRs not allocated in a bank
 * contribute nothing.
 *
 * Return: 0, or a negative errno.
 */
int tpm2_pcr_digest(struct tpm2_engine *e,
		    const struct tpm2_pcr_selection_list *l,
		    const struct tpm2_hash_alg *h, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const struct tpm2_hash_alg *bh;
	unsigned int bank;
	u32 i, pcr;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	for (i = 0; i < l->count && !rc; i++) {
		bh = tpm2_hash_find(l->sel[i].hash);
		bank = bh - tpm2_hash_algs;
		for (pcr = 0; pcr < TPM2E_PCR_COUNT && !rc; pcr++) {
			if (!(l->sel[i].select[pcr / 8] & BIT(pcr % 8)) ||
			    !tpm2_pcr_allocated(e, bank, pcr))
				continue;
			rc = tpm2_plat_hash_update(ctx,
						   tpm2_pcr_value(e, bank, pcr),
						   bh->size);
		}
	}
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}
