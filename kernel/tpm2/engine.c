// SPDX-License-Identifier: GPL-2.0
/*
 * One TPM: its life cycle and the execution of a command, from the bytes a
 * container wrote to the bytes it reads back. The order of the checks is the
 * one TPM 2.0 Part 3 (and the reference implementation's ExecuteCommand)
 * gives, so every malformed command earns the response code a hardware TPM
 * would give it.
 */
#include "object.h"
#include "session.h"

static void tpm2_engine_power_on(struct tpm2_engine *e)
{
	e->started = false;
	tpm2_objects_flush_all(e);
	tpm2_sessions_power_on(e);
	tpm2_clock_power_on(e);
}

/**
 * tpm2_engine_create() - a new TPM, powered on, before TPM2_Startup
 * @cfg: configuration; copied
 *
 * Return: the engine, or NULL when memory is short.
 */
struct tpm2_engine *tpm2_engine_create(const struct tpm2_engine_config *cfg)
{
	struct tpm2_engine *e;
	unsigned int i;

	e = tpm2_plat_zalloc(sizeof(*e));
	if (!e)
		return NULL;
	memcpy(e->secret, cfg->secret, sizeof(e->secret));
	e->nv_quota = cfg->nv_quota ? cfg->nv_quota : TPM2E_NV_QUOTA_DEFAULT;
	e->crypto = tpm2_plat_crypto_create();
	if (!e->crypto || tpm2_engine_derive_proofs(e)) {
		tpm2_engine_destroy(e);
		return NULL;
	}
	e->shutdown_type = -1;
	e->clock_stamp = tpm2_plat_time_ms();
	e->clock_safe = true;
	/* SHA-1, SHA-256 and SHA-384 allocated; SHA-512 possible */
	e->n_pcr_banks = TPM2E_PCR_BANKS;
	for (i = 0; i < TPM2E_PCR_BANKS; i++) {
		e->pcr_banks[i].hash = tpm2_hash_algs[i].alg;
		if (tpm2_hash_algs[i].alg != TPM2E_ALG_SHA512)
			memset(e->pcr_banks[i].select, 0xff,
			       sizeof(e->pcr_banks[i].select));
	}
	for (i = 0; i < TPM2E_NR_HIER; i++)
		e->hier_policy_alg[i] = TPM2E_ALG_NULL;
	e->max_auth_fail = 3;
	e->lockout_interval = 1000;
	e->lockout_recovery = 1000;
	tpm2_audit_init(e);
	tpm2_engine_power_on(e);
	return e;
}

/**
 * tpm2_engine_destroy() - free an engine, zeroizing every secret it held
 * @e: engine, or NULL
 */
void tpm2_engine_destroy(struct tpm2_engine *e)
{
	if (!e)
		return;
	tpm2_objects_flush_all(e);
	tpm2_persistent_free_all(e);
	tpm2_nv_free_all(e);
	tpm2_plat_free_sensitive(e->saved_pcr, sizeof(*e->saved_pcr));
	tpm2_sessions_startup(e, TPM2E_SU_CLEAR);
	tpm2_plat_crypto_destroy(e->crypto);
	tpm2_plat_free_sensitive(e, sizeof(*e));
}

/**
 * tpm2_engine_init() - _TPM_Init: reset the TPM as a power cycle would
 * @e: engine
 *
 * Volatile state is lost; the next command must be TPM2_Startup.
 */
void tpm2_engine_init(struct tpm2_engine *e)
{
	tpm2_engine_power_on(e);
}

/**
 * tpm2_parse_header() - unmarshal and check a command header
 * @rd: reader over the whole command, clamped to TPM2_MAX_COMMAND_SIZE + 1
 *	bytes; left after the header
 * @hdr: the header
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_INSUFFICIENT for a truncated header;
 * TPM_RC_BAD_TAG; TPM_RC_COMMAND_SIZE when commandSize is not the number of
 * bytes received or is over the maximum.
 */
u32 tpm2_parse_header(struct tpm2_rd *rd, struct tpm2_hdr *hdr)
{
	u32 received = rd->left;
	u32 rc;

	rc = tpm2_rd_u16(rd, &hdr->tag);
	if (rc)
		return rc;
	if (hdr->tag != TPM2E_ST_NO_SESSIONS && hdr->tag != TPM2E_ST_SESSIONS)
		return TPM2E_RC_BAD_TAG;
	rc = tpm2_rd_u32(rd, &hdr->size);
	if (rc)
		return rc;
	if (hdr->size != received || hdr->size > TPM2_MAX_COMMAND_SIZE)
		return TPM2E_RC_COMMAND_SIZE;
	return tpm2_rd_u32(rd, &hdr->cc);
}

/**
 * tpm2_hierarchy_enabled() - is a hierarchy enabled?
 * @e: engine
 * @h: TPM_RH_PLATFORM, TPM_RH_OWNER, TPM_RH_ENDORSEMENT or TPM_RH_NULL
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_HIERARCHY.
 */
u32 tpm2_hierarchy_enabled(const struct tpm2_engine *e, u32 h)
{
	u32 bit;

	switch (h) {
	case TPM2E_RH_PLATFORM:
		bit = TPM2E_SC_PH_ENABLE;
		break;
	case TPM2E_RH_OWNER:
		bit = TPM2E_SC_SH_ENABLE;
		break;
	case TPM2E_RH_ENDORSEMENT:
		bit = TPM2E_SC_EH_ENABLE;
		break;
	default:
		return TPM2E_RC_SUCCESS;
	}
	return e->startup_clear & bit ? TPM2E_RC_SUCCESS : TPM2E_RC_HIERARCHY;
}

/*
 * An NV index: defined, and reachable (NvIndexIsAccessible of TPM 2.0
 * Part 4): a platform index while phEnableNV is set, another while the
 * owner hierarchy is enabled. TPM_RC_HANDLE otherwise.
 */
static u32 tpm2_check_nv_index(const struct tpm2_engine *e, u32 h)
{
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, h);
	u32 rc;

	rc = tpm2_nv_check_handle(e, h);
	if (rc)
		return rc;
	if (!(nv->attrs & TPM2E_NV_PLATFORMCREATE) &&
	    !(e->startup_clear & TPM2E_SC_SH_ENABLE))
		return TPM2E_RC_HANDLE;
	return TPM2E_RC_SUCCESS;
}

/*
 * A loadable entity: the handle's type first (TPM_RC_VALUE), then whether
 * it is loaded (TPM_RC_REFERENCE_H0 for a transient object or a session,
 * TPM_RC_HANDLE for a persistent object).
 * @n is the handle's 0-based position.
 */
static u32 tpm2_check_loaded(const struct tpm2_engine *e, u8 type, u32 h,
			     unsigned int n)
{
	if (h == TPM2E_RH_NULL && type == TPM2E_HANDLE_OBJECT_NULL)
		return TPM2E_RC_SUCCESS;
	switch (h >> TPM2E_HT_SHIFT) {
	case TPM2E_HT_TRANSIENT:
		if (tpm2_object_get(e, h))
			return TPM2E_RC_SUCCESS;
		return TPM2E_RC_REFERENCE_H0 + n;
	case TPM2E_HT_PERSISTENT:
		if (type == TPM2E_HANDLE_CONTEXT)
			break;
		if (tpm2_object_get(e, h))
			return TPM2E_RC_SUCCESS;
		return tpm2_rc_handle(TPM2E_RC_HANDLE, n + 1);
	case TPM2E_HT_HMAC_SESSION:
		if (type != TPM2E_HANDLE_CONTEXT &&
		    type != TPM2E_HANDLE_HMAC_SESSION)
			break;
		if (tpm2_session_get(e, h))
			return TPM2E_RC_SUCCESS;
		return TPM2E_RC_REFERENCE_H0 + n;
	case TPM2E_HT_POLICY_SESSION:
		if (type != TPM2E_HANDLE_CONTEXT &&
		    type != TPM2E_HANDLE_POLICY_SESSION)
			break;
		if (tpm2_session_get(e, h))
			return TPM2E_RC_SUCCESS;
		return TPM2E_RC_REFERENCE_H0 + n;
	}
	return tpm2_rc_handle(TPM2E_RC_VALUE, n + 1);
}

/*
 * The interface type of a handle, then whether its hierarchy is enabled or
 * the entity is loaded. Returns the complete response code.
 */
static u32 tpm2_check_handle(const struct tpm2_engine *e, u8 type, u32 h,
			     unsigned int n)
{
	u32 rc = TPM2E_RC_SUCCESS;

	switch (type) {
	case TPM2E_HANDLE_OBJECT:
	case TPM2E_HANDLE_OBJECT_NULL:
	case TPM2E_HANDLE_CONTEXT:
	case TPM2E_HANDLE_POLICY_SESSION:
	case TPM2E_HANDLE_HMAC_SESSION:
		return tpm2_check_loaded(e, type, h, n);
	case TPM2E_HANDLE_ENDORSEMENT:
		if (h != TPM2E_RH_ENDORSEMENT)
			rc = TPM2E_RC_VALUE;
		else
			rc = tpm2_hierarchy_enabled(e, h);
		break;
	case TPM2E_HANDLE_PARENT:
		if (h >> TPM2E_HT_SHIFT != TPM2E_HT_PERMANENT)
			return tpm2_check_loaded(e, TPM2E_HANDLE_OBJECT, h, n);
		fallthrough;
	case TPM2E_HANDLE_HIERARCHY_NULL:
		if (h == TPM2E_RH_NULL)
			break;
		type = TPM2E_HANDLE_HIERARCHY;
		fallthrough;
	case TPM2E_HANDLE_HIERARCHY:
	case TPM2E_HANDLE_HIERARCHY_AUTH:
	case TPM2E_HANDLE_CLEAR:
		if (h == TPM2E_RH_LOCKOUT ? type == TPM2E_HANDLE_HIERARCHY :
		    h != TPM2E_RH_PLATFORM && (type == TPM2E_HANDLE_CLEAR ||
		    (h != TPM2E_RH_OWNER && h != TPM2E_RH_ENDORSEMENT)))
			rc = TPM2E_RC_VALUE;
		else
			rc = tpm2_hierarchy_enabled(e, h);
		break;
	case TPM2E_HANDLE_ENTITY:
	case TPM2E_HANDLE_ENTITY_NULL:
		/* TPMI_DH_ENTITY(+): the entities that exist yet */
		if (h == TPM2E_RH_NULL) {
			if (type == TPM2E_HANDLE_ENTITY)
				rc = TPM2E_RC_VALUE;
			break;
		}
		if (h < TPM2E_PCR_COUNT || h == TPM2E_RH_LOCKOUT)
			break;
		if (h == TPM2E_RH_OWNER || h == TPM2E_RH_ENDORSEMENT ||
		    h == TPM2E_RH_PLATFORM) {
			rc = tpm2_hierarchy_enabled(e, h);
			break;
		}
		if (h >> TPM2E_HT_SHIFT == TPM2E_HT_NV_INDEX) {
			rc = tpm2_check_nv_index(e, h);
			break;
		}
		return tpm2_check_loaded(e, TPM2E_HANDLE_OBJECT, h, n);
	case TPM2E_HANDLE_NV_AUTH:
		if (h == TPM2E_RH_OWNER || h == TPM2E_RH_PLATFORM) {
			rc = tpm2_hierarchy_enabled(e, h);
			break;
		}
		fallthrough;
	case TPM2E_HANDLE_NV_INDEX:
		if (h >> TPM2E_HT_SHIFT != TPM2E_HT_NV_INDEX)
			rc = TPM2E_RC_VALUE;
		else
			rc = tpm2_check_nv_index(e, h);
		break;
	case TPM2E_HANDLE_PCR_NULL:
		if (h == TPM2E_RH_NULL)
			break;
		fallthrough;
	case TPM2E_HANDLE_PCR:
		if (h >= TPM2E_PCR_COUNT)
			rc = TPM2E_RC_VALUE;
		break;
	case TPM2E_HANDLE_LOCKOUT:
		if (h != TPM2E_RH_LOCKOUT)
			rc = TPM2E_RC_VALUE;
		break;
	case TPM2E_HANDLE_PROVISION:
		if (h == TPM2E_RH_OWNER) {
			rc = tpm2_hierarchy_enabled(e, h);
			break;
		}
		fallthrough;
	case TPM2E_HANDLE_PLATFORM:
		if (h != TPM2E_RH_PLATFORM)
			rc = TPM2E_RC_VALUE;
		else
			rc = tpm2_hierarchy_enabled(e, h);
		break;
	}
	return tpm2_rc_handle(rc, n + 1);
}

static u32 tpm2_parse_handles(struct tpm2_engine *e, struct tpm2_cmd *c,
			      struct tpm2_rd *rd)
{
	u32 n = tpm2_cmd_desc_handles(c->desc);
	u32 rc;
	u32 i;

	for (i = 0; i < n && i < TPM2E_MAX_HANDLES; i++) {
		rc = tpm2_rd_u32(rd, &c->handles[i]);
		if (rc)
			return tpm2_rc_handle(rc, i + 1);
		rc = tpm2_check_handle(e, c->desc->h[i], c->handles[i], i);
		if (rc)
			return rc;
		c->n_handles = i + 1;
	}
	return TPM2E_RC_SUCCESS;
}

/*
 * The authorization area: its size, then the sessions. What is left in @rd
 * afterwards is the parameter area.
 */
static u32 tpm2_parse_auth_area(struct tpm2_engine *e, struct tpm2_cmd *c,
				struct tpm2_rd *rd)
{
	struct tpm2_rd auth, params;
	u32 size;
	u32 rc;

	if (c->tag == TPM2E_ST_NO_SESSIONS) {
		if (c->desc->n_auth)
			return TPM2E_RC_AUTH_MISSING;
		return tpm2_audit_cp_hash(e, c, rd->p, rd->left) ?
		       TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
	}

	rc = tpm2_rd_u32(rd, &size);
	if (rc)
		return rc;
	/* The smallest session is 9 bytes. */
	if (size < 9 || size > rd->left)
		return TPM2E_RC_SIZE;
	if (c->desc->flags & TPM2E_CMDF_NO_SESSIONS)
		return TPM2E_RC_AUTH_CONTEXT;
	rc = tpm2_rd_split(rd, size, &auth);
	if (rc)
		return rc;
	params = *rd;
	/* What follows is the parameter area, which cpHash covers. */
	rc = tpm2_auth_parse(e, c, &auth, rd);
	if (rc)
		return rc;
	/* Command audit logs the parameters as they came, before decryption. */
	return tpm2_audit_cp_hash(e, c, params.p, params.left) ?
	       TPM2E_RC_FAILURE : TPM2E_RC_SUCCESS;
}

/* Everything before the command's own actions; fills @c and @in. */
static u32 tpm2_cmd_parse(struct tpm2_engine *e, struct tpm2_cmd *c,
			  union tpm2_cmd_in *in, struct tpm2_rd *rd,
			  u16 *tag)
{
	struct tpm2_hdr hdr = {};
	u32 rc;

	rc = tpm2_parse_header(rd, &hdr);
	*tag = hdr.tag;
	if (rc)
		return rc;
	c->tag = hdr.tag;
	c->cc = hdr.cc;
	c->desc = tpm2_cmd_lookup(hdr.cc);
	if (!c->desc)
		return TPM2E_RC_COMMAND_CODE;
	/* Only Startup before Startup, and Startup only once. */
	if (!e->started && hdr.cc != TPM2E_CC_STARTUP)
		return TPM2E_RC_INITIALIZE;
	if (e->started && hdr.cc == TPM2E_CC_STARTUP)
		return TPM2E_RC_INITIALIZE;
	rc = tpm2_parse_handles(e, c, rd);
	if (rc)
		return rc;
	rc = tpm2_parse_auth_area(e, c, rd);
	if (rc)
		return rc;
	if (c->desc->unmarshal) {
		rc = c->desc->unmarshal(rd, in);
		if (rc)
			return rc;
	}
	return rd->left ? TPM2E_RC_SIZE : TPM2E_RC_SUCCESS;
}

/* Response parameters and sessions after the header; 0 on success. */
static u32 tpm2_cmd_respond(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_out *out,
			    struct tpm2_wr *wr)
{
	u32 param_size_at = 0, params_at, params_end;

	if (c->desc->attrs & TPM2E_CCA_RHANDLE)
		tpm2_wr_u32(wr, c->rsp_handle);
	if (c->tag == TPM2E_ST_SESSIONS) {
		param_size_at = wr->len;
		tpm2_wr_u32(wr, 0);
	}
	params_at = wr->len;
	if (c->desc->marshal)
		c->desc->marshal(out, wr);
	params_end = wr->len;
	if (c->tag == TPM2E_ST_SESSIONS) {
		tpm2_wr_patch_u32(wr, param_size_at,
				  wr->len - param_size_at - 4);
		if (tpm2_auth_marshal_response(e, c, wr, param_size_at + 4))
			return TPM2E_RC_FAILURE;
	} else {
		tpm2_auth_no_sessions(e, c);
	}
	if (wr->overflow)
		return TPM2E_RC_FAILURE;
	/* The parameters as sent: encrypted by now, if a session asked */
	if (tpm2_audit_record(e, c, wr->buf + params_at, params_end - params_at))
		return TPM2E_RC_FAILURE;
	return TPM2E_RC_SUCCESS;
}

static void tpm2_put_header(u8 *rsp, u16 tag, u32 size, u32 rc)
{
	put_unaligned_be16(tag, rsp);
	put_unaligned_be32(size, rsp + 2);
	put_unaligned_be32(rc, rsp + 6);
}

/**
 * tpm2_engine_execute() - execute one command
 * @e: engine
 * @cmd: command bytes, as a TPM would receive them; untrusted
 * @cmd_len: number of bytes in @cmd (any value, including 0)
 * @rsp: buffer for the response
 * @rsp_max: size of @rsp; at least TPM2_MAX_RESPONSE_SIZE
 * @ctx: per-command context, or NULL (locality 0, never cancelled)
 *
 * Return: length of the response written to @rsp (>= 10), or 0 when
 * @rsp_max is under 10 bytes.
 */
size_t tpm2_engine_execute(struct tpm2_engine *e, const u8 *cmd,
			   size_t cmd_len, u8 *rsp, size_t rsp_max,
			   const struct tpm2_exec_ctx *ctx)
{
	static const struct tpm2_exec_ctx no_ctx;
	struct tpm2_scratch *own = NULL, *s;
	struct tpm2_cmd *c;
	struct tpm2_rd rd;
	struct tpm2_wr wr;
	u16 tag = 0;
	u32 rc;

	if (rsp_max < TPM2E_HEADER_SIZE)
		return 0;
	s = ctx ? ctx->scratch : NULL;
	if (!s) {
		own = tpm2_scratch_create();
		if (!own) {
			tpm2_put_header(rsp, TPM2E_ST_NO_SESSIONS,
					TPM2E_HEADER_SIZE, TPM2E_RC_MEMORY);
			return TPM2E_HEADER_SIZE;
		}
		s = own;
	}
	c = &s->cmd;
	e->scratch = s;
	if (rsp_max > TPM2_MAX_RESPONSE_SIZE)
		rsp_max = TPM2_MAX_RESPONSE_SIZE;
	/* Anything longer than the maximum only needs to be seen as such. */
	if (cmd_len > TPM2_MAX_COMMAND_SIZE)
		cmd_len = TPM2_MAX_COMMAND_SIZE + 1;
	tpm2_rd_init(&rd, cmd, cmd_len);

	memset(s, 0, sizeof(*s));
	c->ctx = ctx ? ctx : &no_ctx;
	c->locality = c->ctx->locality;

	rc = tpm2_cmd_parse(e, c, &s->in, &rd, &tag);
	if (!rc)
		rc = c->desc->exec(e, c, &s->in, &s->out);
	if (!rc) {
		tpm2_wr_init(&wr, rsp + TPM2E_HEADER_SIZE,
			     rsp_max - TPM2E_HEADER_SIZE);
		rc = tpm2_cmd_respond(e, c, &s->out, &wr);
	}
	/* The next command may be another engine's. */
	tpm2_plat_zeroize(s, sizeof(*s));
	e->scratch = NULL;
	tpm2_scratch_destroy(own);

	if (rc == TPM2E_RC_BAD_TAG) {
		/* The family is unknown: answer as a TPM 1.2 would. */
		tpm2_put_header(rsp, TPM2E_ST_RSP_COMMAND, TPM2E_HEADER_SIZE, rc);
		return TPM2E_HEADER_SIZE;
	}
	if (rc) {
		tpm2_put_header(rsp, TPM2E_ST_NO_SESSIONS, TPM2E_HEADER_SIZE, rc);
		return TPM2E_HEADER_SIZE;
	}
	tpm2_put_header(rsp, tag, TPM2E_HEADER_SIZE + wr.len, rc);
	return TPM2E_HEADER_SIZE + wr.len;
}

struct tpm2_scratch *tpm2_scratch_create(void)
{
	return tpm2_plat_zalloc(sizeof(struct tpm2_scratch));
}

void tpm2_scratch_destroy(struct tpm2_scratch *s)
{
	tpm2_plat_free_sensitive(s, sizeof(*s));
}

bool tpm2_engine_cmd_is_long(const u8 *cmd, size_t cmd_len)
{
	const struct tpm2_cmd_desc *d;

	if (cmd_len < TPM2E_HEADER_SIZE)
		return false;
	d = tpm2_cmd_lookup(get_unaligned_be32(cmd + 6));
	return d && (d->flags & TPM2E_CMDF_LONG);
}
