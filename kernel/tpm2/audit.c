// SPDX-License-Identifier: GPL-2.0
/*
 * Command audit. Each audited command that succeeds extends
 *
 *   commandAuditDigest = H(commandAuditDigest || cpHash || rpHash)
 *
 * with auditHashAlg, cpHash taken over the command as it arrived (before
 * parameter decryption) and rpHash over the response as it leaves. The
 * first audited command after the digest was reset (TPM Reset,
 * TPM2_GetCommandAuditDigest) starts it from zeros and counts one more in
 * auditCounter, so that a digest and its counter value name one audit
 * trail. TPM2_SetCommandCodeAuditStatus is always audited, except when it
 * changes the hash: that resets the digest without starting a new one.
 */
#include "engine_int.h"
#include "audit.h"

static bool tpm2_audit_bit(u32 cc, unsigned int *byte, u8 *mask)
{
	u32 i;

	if (cc < TPM2E_CC_FIRST || cc >= TPM2E_CC_FIRST +
	    8 * TPM2E_AUDIT_CC_BYTES)
		return false;
	i = cc - TPM2E_CC_FIRST;
	*byte = i / 8;
	*mask = BIT(i % 8);
	return true;
}

/**
 * tpm2_audit_required() - is a command in the audit list?
 * @e: engine
 * @cc: command code
 *
 * Return: true when its successful runs extend the audit digest.
 */
bool tpm2_audit_required(const struct tpm2_engine *e, u32 cc)
{
	unsigned int byte;
	u8 mask;

	return tpm2_audit_bit(cc, &byte, &mask) &&
	       (e->audit.cc[byte] & mask);
}

static void tpm2_audit_set(struct tpm2_engine *e, u32 cc, bool set)
{
	unsigned int byte;
	u8 mask;

	/* Only implemented commands; Shutdown is never audited. */
	if (!tpm2_cmd_lookup(cc) || !tpm2_audit_bit(cc, &byte, &mask))
		return;
	if (set && cc != TPM2E_CC_SHUTDOWN)
		e->audit.cc[byte] |= mask;
	else if (!set && cc != TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS)
		e->audit.cc[byte] &= ~mask;
}

/**
 * tpm2_audit_init() - the audit state of a new TPM
 * @e: engine
 *
 * Only TPM2_SetCommandCodeAuditStatus is audited, with SHA-256; the
 * counter is 0 and no digest is started.
 */
void tpm2_audit_init(struct tpm2_engine *e)
{
	memset(&e->audit, 0, sizeof(e->audit));
	e->audit.alg = TPM2E_ALG_SHA256;
	tpm2_audit_set(e, TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS, true);
}

/**
 * tpm2_audit_startup() - TPM2_Startup's effect on command audit
 * @e: engine
 * @reset: the Startup is a TPM Reset
 *
 * A TPM Reset ends the audit trail; Restart and Resume keep it.
 */
void tpm2_audit_startup(struct tpm2_engine *e, bool reset)
{
	if (reset)
		e->audit.digest_size = 0;
}

/**
 * tpm2_audit_cp_hash() - the cpHash an audited command will be logged with
 * @e: engine
 * @c: the command, its handles parsed
 * @params: its parameter area as it arrived
 * @params_size: bytes in @params
 *
 * Sets @c->audited and @c->cmd_audit_cp_hash for an audited command; does
 * nothing for the others.
 *
 * Return: 0, or a negative errno.
 */
int tpm2_audit_cp_hash(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const u8 *params, u32 params_size)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(e->audit.alg);

	c->audited = false;
	if (!tpm2_audit_required(e, c->cc) || !h)
		return 0;
	c->audited = true;
	return tpm2_phash(e, c, h, false, false, params, params_size,
			  c->cmd_audit_cp_hash);
}

/**
 * tpm2_audit_record() - log a successful audited command
 * @e: engine
 * @c: the command; nothing happens unless tpm2_audit_cp_hash() found it
 *	audited
 * @params: the response parameters as sent
 * @params_size: bytes in @params
 *
 * Return: 0, or a negative errno.
 */
int tpm2_audit_record(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const u8 *params, u32 params_size)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const struct tpm2_hash_alg *h = tpm2_hash_find(e->audit.alg);
	u8 rp_hash[TPM2E_MAX_DIGEST_SIZE];
	int rc;

	if (!c->audited || !h)
		return 0;
	/* The hash just changed: the digest starts with the next command. */
	if (e->audit.digest_size == TPM2E_AUDIT_RESTART) {
		e->audit.digest_size = 0;
		return 0;
	}
	if (!e->audit.digest_size) {
		memset(e->audit.digest, 0, sizeof(e->audit.digest));
		e->audit.digest_size = h->size;
		e->audit.counter++;
	}
	rc = tpm2_phash(e, c, h, true, false, params, params_size, rp_hash);
	if (!rc)
		rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	rc = tpm2_plat_hash_update(ctx, e->audit.digest, h->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, c->cmd_audit_cp_hash, h->size);
	if (!rc)
		rc = tpm2_plat_hash_update(ctx, rp_hash, h->size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, e->audit.digest);
}

/**
 * tpm2_audit_list() - the audited commands from a command code on
 * @e: engine
 * @cc: first command code wanted (TPM_CAP_AUDIT_COMMANDS property)
 * @out: room for @max command codes
 * @max: most wanted
 * @more: set when more audited commands follow the last one returned
 *
 * Return: entries written.
 */
u32 tpm2_audit_list(const struct tpm2_engine *e, u32 cc, u32 *out, u32 max,
		    bool *more)
{
	u32 n = 0, i;

	*more = false;
	if (cc < TPM2E_CC_FIRST)
		cc = TPM2E_CC_FIRST;
	for (i = cc; i < TPM2E_CC_FIRST + 8 * TPM2E_AUDIT_CC_BYTES; i++) {
		if (!tpm2_audit_required(e, i))
			continue;
		if (n == max) {
			*more = true;
			break;
		}
		out[n++] = i;
	}
	return n;
}

/**
 * tpm2_audit_commands_digest() - commandDigest of TPMS_COMMAND_AUDIT_INFO
 * @e: engine
 * @out: H(the audited command codes, as UINT32, ascending) with
 *	auditHashAlg
 *
 * Return: 0, or a negative errno.
 */
int tpm2_audit_commands_digest(struct tpm2_engine *e, u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	const struct tpm2_hash_alg *h = tpm2_hash_find(e->audit.alg);
	u8 code[4];
	u32 cc;
	int rc;

	if (!h)
		return -EINVAL;
	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	for (cc = TPM2E_CC_FIRST;
	     cc < TPM2E_CC_FIRST + 8 * TPM2E_AUDIT_CC_BYTES && !rc; cc++) {
		if (!tpm2_audit_required(e, cc))
			continue;
		put_unaligned_be32(cc, code);
		rc = tpm2_plat_hash_update(ctx, code, sizeof(code));
	}
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/* TPML_CC: at most TPM2E_MAX_CAP_CC codes */
static u32 tpm2_rd_cc_list(struct tpm2_rd *rd, u32 *list, u32 *n)
{
	u32 rc, i;

	rc = tpm2_rd_u32(rd, n);
	if (rc)
		return rc;
	if (*n > TPM2E_MAX_CAP_CC)
		return TPM2E_RC_SIZE;
	for (i = 0; i < *n && !rc; i++)
		rc = tpm2_rd_u32(rd, &list[i]);
	return rc;
}

u32 tpm2_set_audit_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_set_audit_in *i = &in->set_audit;
	u32 rc;

	rc = tpm2_rd_alg_hash_null(rd, &i->alg);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_cc_list(rd, i->set, &i->n_set);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_cc_list(rd, i->clear, &i->n_clear), 3);
}

/*
 * TPM2_SetCommandCodeAuditStatus: a new audit hash (alone: the lists must
 * then be empty), or commands in and out of the list. Codes of commands
 * not implemented are ignored.
 */
u32 tpm2_set_audit_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_set_audit_in *i = &in->set_audit;
	u32 k;

	if (i->alg != TPM2E_ALG_NULL && i->alg != e->audit.alg) {
		if (i->n_set || i->n_clear)
			return tpm2_rc_param(TPM2E_RC_VALUE, 1);
		e->audit.alg = i->alg;
		e->audit.digest_size = TPM2E_AUDIT_RESTART;
		return TPM2E_RC_SUCCESS;
	}
	for (k = 0; k < i->n_set; k++)
		tpm2_audit_set(e, i->set[k], true);
	for (k = 0; k < i->n_clear; k++)
		tpm2_audit_set(e, i->clear[k], false);
	return TPM2E_RC_SUCCESS;
}
