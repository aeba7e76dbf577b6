// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 30, Capability Commands: TPM2_GetCapability for
 * algorithms, handles, commands, PCR allocation and properties, TPM
 * properties, ECC curves, and the (empty) physical presence and audit
 * lists; TPM2_TestParms.
 */
#include "object.h"
#include "session.h"
#include "pcr.h"

/* Identity of this TPM. REVISION 159 is specification revision 1.59. */
#define HTPM_SPEC_FAMILY	0x322E3000	/* "2.0" */
#define HTPM_SPEC_LEVEL		0
#define HTPM_SPEC_REVISION	159
#define HTPM_SPEC_DAY_OF_YEAR	312
#define HTPM_SPEC_YEAR		2019
#define HTPM_MANUFACTURER	0x4854504D	/* "HTPM" */
#define HTPM_VENDOR_STRING_1	0x6874706D	/* "htpm" */
#define HTPM_VENDOR_STRING_2	0x2D6E6574	/* "-net" */
#define HTPM_VENDOR_STRING_3	0x6E730000	/* "ns" */
#define HTPM_VENDOR_STRING_4	0
#define HTPM_VENDOR_TPM_TYPE	1
#define HTPM_PS_FAMILY_PC	1		/* TPM_PS_PC */
#define HTPM_PS_LEVEL		0
#define HTPM_PS_REVISION	105		/* PC Client PTP 1.05 */
#define HTPM_PS_DAY_OF_YEAR	0
#define HTPM_PS_YEAR		0
/* Saved sessions are tracked by full sequence number: no gap limit. */
#define HTPM_CONTEXT_GAP_MAX	0xFFFFFFFF
#define HTPM_CLOCK_UPDATE	4096		/* ms between NV clock saves */
#define HTPM_CONTEXT_SYM_BITS	256
#define HTPM_ORDERLY_COUNT	255
#define HTPM_MAX_OBJECT_CONTEXT	TPM2E_MAX_CONTEXT_BLOB
#define HTPM_MAX_SESSION_CONTEXT 512

u32 tpm2_get_capability_unmarshal(struct tpm2_rd *rd,
				  union tpm2_cmd_in *in)
{
	struct tpm2_get_capability_in *i = &in->get_capability;
	u32 rc;

	rc = tpm2_rd_u32(rd, &i->capability);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_u32(rd, &i->property);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_u32(rd, &i->property_count), 3);
}

/* TPM_PT_FIXED, in property order: the same for every instance and boot */
static const struct tpm2_tagged_property tpm2_fixed_props[] = {
	{ TPM2E_PT_FAMILY_INDICATOR, HTPM_SPEC_FAMILY },
	{ TPM2E_PT_LEVEL, HTPM_SPEC_LEVEL },
	{ TPM2E_PT_REVISION, HTPM_SPEC_REVISION },
	{ TPM2E_PT_DAY_OF_YEAR, HTPM_SPEC_DAY_OF_YEAR },
	{ TPM2E_PT_YEAR, HTPM_SPEC_YEAR },
	{ TPM2E_PT_MANUFACTURER, HTPM_MANUFACTURER },
	{ TPM2E_PT_VENDOR_STRING_1, HTPM_VENDOR_STRING_1 },
	{ TPM2E_PT_VENDOR_STRING_2, HTPM_VENDOR_STRING_2 },
	{ TPM2E_PT_VENDOR_STRING_3, HTPM_VENDOR_STRING_3 },
	{ TPM2E_PT_VENDOR_STRING_4, HTPM_VENDOR_STRING_4 },
	{ TPM2E_PT_VENDOR_TPM_TYPE, HTPM_VENDOR_TPM_TYPE },
	{ TPM2E_PT_FIRMWARE_VERSION_1, TPM2E_FIRMWARE_V1 },
	{ TPM2E_PT_FIRMWARE_VERSION_2, TPM2E_FIRMWARE_V2 },
	{ TPM2E_PT_INPUT_BUFFER, TPM2E_MAX_DIGEST_BUFFER },
	{ TPM2E_PT_HR_TRANSIENT_MIN, TPM2E_MAX_LOADED_OBJECTS },
	{ TPM2E_PT_HR_PERSISTENT_MIN, TPM2E_MIN_EVICT_OBJECTS },
	{ TPM2E_PT_HR_LOADED_MIN, TPM2E_MAX_LOADED_SESSIONS },
	{ TPM2E_PT_ACTIVE_SESSIONS_MAX, TPM2E_MAX_ACTIVE_SESSIONS },
	{ TPM2E_PT_PCR_COUNT, TPM2E_PCR_COUNT },
	{ TPM2E_PT_PCR_SELECT_MIN, TPM2E_PCR_SELECT_SIZE },
	{ TPM2E_PT_CONTEXT_GAP_MAX, HTPM_CONTEXT_GAP_MAX },
	{ TPM2E_PT_NV_COUNTERS_MAX, 0 },
	{ TPM2E_PT_NV_INDEX_MAX, TPM2E_MAX_NV_INDEX_SIZE },
	{ TPM2E_PT_MEMORY,
	  TPM2E_MEM_SHARED_NV | TPM2E_MEM_OBJECT_COPIED_TO_RAM },
	{ TPM2E_PT_CLOCK_UPDATE, HTPM_CLOCK_UPDATE },
	{ TPM2E_PT_CONTEXT_HASH, TPM2E_ALG_SHA256 },
	{ TPM2E_PT_CONTEXT_SYM, TPM2E_ALG_AES },
	{ TPM2E_PT_CONTEXT_SYM_SIZE, HTPM_CONTEXT_SYM_BITS },
	{ TPM2E_PT_ORDERLY_COUNT, HTPM_ORDERLY_COUNT },
	{ TPM2E_PT_MAX_COMMAND_SIZE, TPM2_MAX_COMMAND_SIZE },
	{ TPM2E_PT_MAX_RESPONSE_SIZE, TPM2_MAX_RESPONSE_SIZE },
	{ TPM2E_PT_MAX_DIGEST, TPM2E_MAX_DIGEST_SIZE },
	{ TPM2E_PT_MAX_OBJECT_CONTEXT, HTPM_MAX_OBJECT_CONTEXT },
	{ TPM2E_PT_MAX_SESSION_CONTEXT, HTPM_MAX_SESSION_CONTEXT },
	{ TPM2E_PT_PS_FAMILY_INDICATOR, HTPM_PS_FAMILY_PC },
	{ TPM2E_PT_PS_LEVEL, HTPM_PS_LEVEL },
	{ TPM2E_PT_PS_REVISION, HTPM_PS_REVISION },
	{ TPM2E_PT_PS_DAY_OF_YEAR, HTPM_PS_DAY_OF_YEAR },
	{ TPM2E_PT_PS_YEAR, HTPM_PS_YEAR },
	{ TPM2E_PT_SPLIT_MAX, 0 },
	{ TPM2E_PT_TOTAL_COMMANDS, TPM2E_NR_COMMANDS },
	{ TPM2E_PT_LIBRARY_COMMANDS, TPM2E_NR_COMMANDS },
	{ TPM2E_PT_VENDOR_COMMANDS, 0 },
	{ TPM2E_PT_NV_BUFFER_MAX, TPM2E_MAX_NV_BUFFER_SIZE },
	{ TPM2E_PT_MODES, 0 },
	{ TPM2E_PT_MAX_CAP_BUFFER, TPM2E_MAX_CAP_BUFFER },
};

/*
 * Copy the properties of @props (sorted, one group) from @pt on, at most
 * @count of them in all; moreData says the group has more.
 */
static void tpm2_cap_props_from(const struct tpm2_tagged_property *props,
				u32 n, u32 pt, u32 count,
				struct tpm2_get_capability_out *o)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (props[i].property < pt)
			continue;
		if (o->count == count) {
			o->more_data = 1;
			return;
		}
		o->props[o->count++] = props[i];
	}
}

/* NV indices of type counter defined */
static u32 tpm2_nv_counters(const struct tpm2_engine *e)
{
	u32 i, n = 0;

	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++)
		if (tpm2_nv_type(e->nv[i]->attrs) == TPM2E_NT_COUNTER)
			n++;
	return n;
}

/*
 * Counters that could still be defined: free index slots, as far as the
 * NV quota has room for them (an index costs TPM2E_NV_INDEX_COST bytes
 * plus its data).
 */
static u32 tpm2_nv_counters_avail(const struct tpm2_engine *e)
{
	u32 slots = TPM2E_MAX_NV_INDICES - tpm2_nv_count(e);
	u32 room = e->nv_quota > e->nv_used ? e->nv_quota - e->nv_used : 0;

	return min_t(u32, slots, room / (TPM2E_NV_INDEX_COST + 8));
}

/*
 * Properties from @pt on within @pt's group only, paged as the reference
 * implementation pages them.
 */
static void tpm2_cap_properties(struct tpm2_engine *e, u32 pt,
				u32 count, struct tpm2_get_capability_out *o)
{
	u32 startup_clear = e->startup_clear |
			    (e->prev_orderly ? TPM2E_SC_ORDERLY : 0);
	u32 permanent =
		(e->hier_auth_size[TPM2E_HIER_OWNER] ?
		 TPM2E_PERM_OWNER_AUTH_SET : 0) |
		(e->hier_auth_size[TPM2E_HIER_ENDORSEMENT] ?
		 TPM2E_PERM_ENDORSEMENT_AUTH_SET : 0) |
		(e->hier_auth_size[TPM2E_HIER_LOCKOUT] ?
		 TPM2E_PERM_LOCKOUT_AUTH_SET : 0) |
		(e->disable_clear ? TPM2E_PERM_DISABLE_CLEAR : 0) |
		(tpm2_da_in_lockout(e) ? TPM2E_PERM_IN_LOCKOUT : 0);
	u32 loaded = tpm2_sessions_loaded(e);
	u32 active = tpm2_sessions_active(e);
	/* TPM_PT_VAR, in property order: this instance's state now */
	const struct tpm2_tagged_property var[] = {
		{ TPM2E_PT_PERMANENT, permanent },
		{ TPM2E_PT_STARTUP_CLEAR, startup_clear },
		{ TPM2E_PT_HR_NV_INDEX, tpm2_nv_count(e) },
		{ TPM2E_PT_HR_LOADED, loaded },
		{ TPM2E_PT_HR_LOADED_AVAIL,
		  min_t(u32, TPM2E_MAX_LOADED_SESSIONS - loaded,
			TPM2E_MAX_ACTIVE_SESSIONS - active) },
		{ TPM2E_PT_HR_ACTIVE, active },
		{ TPM2E_PT_HR_ACTIVE_AVAIL, TPM2E_MAX_ACTIVE_SESSIONS - active },
		{ TPM2E_PT_HR_TRANSIENT_AVAIL,
		  TPM2E_MAX_LOADED_OBJECTS - tpm2_objects_loaded(e) },
		{ TPM2E_PT_HR_PERSISTENT, tpm2_persistent_count(e) },
		{ TPM2E_PT_HR_PERSISTENT_AVAIL,
		  TPM2E_MIN_EVICT_OBJECTS - tpm2_persistent_count(e) },
		{ TPM2E_PT_NV_COUNTERS, tpm2_nv_counters(e) },
		{ TPM2E_PT_NV_COUNTERS_AVAIL, tpm2_nv_counters_avail(e) },
		{ TPM2E_PT_ALGORITHM_SET, 0 },
		{ TPM2E_PT_LOADED_CURVES, 0 },
		{ TPM2E_PT_LOCKOUT_COUNTER, e->failed_tries },
		{ TPM2E_PT_MAX_AUTH_FAIL, e->max_auth_fail },
		{ TPM2E_PT_LOCKOUT_INTERVAL, e->lockout_interval },
		{ TPM2E_PT_LOCKOUT_RECOVERY, e->lockout_recovery },
		{ TPM2E_PT_NV_WRITE_RECOVERY, 0 },
		{ TPM2E_PT_AUDIT_COUNTER_0, (u32)(e->audit.counter >> 32) },
		{ TPM2E_PT_AUDIT_COUNTER_1, (u32)e->audit.counter },
	};

	count = min_t(u32, count, TPM2E_MAX_TPM_PROPERTIES);
	if (pt < TPM2E_PT_VAR)
		tpm2_cap_props_from(tpm2_fixed_props,
				    ARRAY_SIZE(tpm2_fixed_props), pt, count, o);
	else if (pt < TPM2E_PT_VAR + TPM2E_PT_GROUP)
		tpm2_cap_props_from(var, ARRAY_SIZE(var), pt, count, o);
}

static void tpm2_cap_pcrs(const struct tpm2_engine *e, u32 count,
			  struct tpm2_get_capability_out *o)
{
	u32 i;

	/* The allocation is one list: all of it, or nothing and more. */
	if (!count) {
		o->more_data = 1;
		return;
	}
	for (i = 0; i < e->n_pcr_banks && i < ARRAY_SIZE(o->pcrs); i++) {
		o->pcrs[i].hash = e->pcr_banks[i].hash;
		o->pcrs[i].size_of_select = TPM2E_PCR_SELECT_SIZE;
		memcpy(o->pcrs[i].select, e->pcr_banks[i].select,
		       TPM2E_PCR_SELECT_SIZE);
	}
	o->count = i;
}

/* TPMA_ALGORITHM bits */
#define ALGA_ASYMMETRIC		BIT(0)
#define ALGA_SYMMETRIC		BIT(1)
#define ALGA_HASH		BIT(2)
#define ALGA_OBJECT		BIT(3)
#define ALGA_SIGNING		BIT(8)
#define ALGA_ENCRYPTING		BIT(9)
#define ALGA_METHOD		BIT(10)

/* The implemented algorithms, in TPM_ALG_ID order */
static const struct tpm2_alg_property tpm2_algs[] = {
	{ TPM2E_ALG_RSA, ALGA_ASYMMETRIC | ALGA_OBJECT },
	{ TPM2E_ALG_SHA1, ALGA_HASH },
	{ TPM2E_ALG_HMAC, ALGA_HASH | ALGA_SIGNING },
	{ TPM2E_ALG_AES, ALGA_SYMMETRIC },
	{ TPM2E_ALG_MGF1, ALGA_HASH | ALGA_METHOD },
	{ TPM2E_ALG_KEYEDHASH, ALGA_HASH | ALGA_OBJECT | ALGA_SIGNING },
	{ TPM2E_ALG_SHA256, ALGA_HASH },
	{ TPM2E_ALG_SHA384, ALGA_HASH },
	{ TPM2E_ALG_SHA512, ALGA_HASH },
	{ TPM2E_ALG_NULL, 0 },
	{ TPM2E_ALG_RSASSA, ALGA_ASYMMETRIC | ALGA_SIGNING },
	{ TPM2E_ALG_RSAES, ALGA_ASYMMETRIC | ALGA_ENCRYPTING },
	{ TPM2E_ALG_RSAPSS, ALGA_ASYMMETRIC | ALGA_SIGNING },
	{ TPM2E_ALG_OAEP, ALGA_ASYMMETRIC | ALGA_ENCRYPTING | ALGA_HASH },
	{ TPM2E_ALG_ECDSA, ALGA_ASYMMETRIC | ALGA_SIGNING },
	{ TPM2E_ALG_ECDH, ALGA_ASYMMETRIC | ALGA_METHOD },
	{ TPM2E_ALG_KDF1_SP800_108, ALGA_HASH | ALGA_METHOD },
	{ TPM2E_ALG_ECC, ALGA_ASYMMETRIC | ALGA_OBJECT },
	{ TPM2E_ALG_SYMCIPHER, ALGA_OBJECT },
	{ TPM2E_ALG_CTR, ALGA_SYMMETRIC | ALGA_ENCRYPTING },
	{ TPM2E_ALG_OFB, ALGA_SYMMETRIC | ALGA_ENCRYPTING },
	{ TPM2E_ALG_CBC, ALGA_SYMMETRIC | ALGA_ENCRYPTING },
	{ TPM2E_ALG_CFB, ALGA_SYMMETRIC | ALGA_ENCRYPTING },
	{ TPM2E_ALG_ECB, ALGA_SYMMETRIC | ALGA_ENCRYPTING },
};

static void tpm2_cap_algs(u32 first, u32 count,
			  struct tpm2_get_capability_out *o)
{
	u32 i;

	count = min_t(u32, count, TPM2E_MAX_CAP_ALGS);
	for (i = 0; i < ARRAY_SIZE(tpm2_algs); i++) {
		if (tpm2_algs[i].alg < first)
			continue;
		if (o->count == count) {
			o->more_data = 1;
			return;
		}
		o->algs[o->count++] = tpm2_algs[i];
	}
}

/* The implemented curves, in TPM_ECC_CURVE order */
static const u16 tpm2_curves[] = {
	TPM2E_ECC_NIST_P256, TPM2E_ECC_NIST_P384,
};

static void tpm2_cap_curves(u32 first, u32 count,
			    struct tpm2_get_capability_out *o)
{
	u32 i;

	count = min_t(u32, count, TPM2E_MAX_CAP_CURVES);
	for (i = 0; i < ARRAY_SIZE(tpm2_curves); i++) {
		if (tpm2_curves[i] < first)
			continue;
		if (o->count == count) {
			o->more_data = 1;
			return;
		}
		o->curves[o->count++] = tpm2_curves[i];
	}
}

/* Permanent handles, in order */
static const u32 tpm2_permanent_handles[] = {
	TPM2E_RH_OWNER, TPM2E_RH_NULL, TPM2E_RS_PW, TPM2E_RH_LOCKOUT,
	TPM2E_RH_ENDORSEMENT, TPM2E_RH_PLATFORM, TPM2E_RH_PLATFORM_NV,
};

static void tpm2_cap_add_handle(u32 h, u32 count,
				struct tpm2_get_capability_out *o)
{
	if (o->more_data)
		return;
	if (o->count == count)
		o->more_data = 1;
	else
		o->handles[o->count++] = h;
}

static u32 tpm2_cap_handles(const struct tpm2_engine *e, u32 first,
			    u32 count, struct tpm2_get_capability_out *o)
{
	bool more;
	u32 i;

	count = min_t(u32, count, TPM2E_MAX_CAP_HANDLES);
	switch (first >> TPM2E_HT_SHIFT) {
	case TPM2E_HT_PCR:
		for (i = first; i < TPM2E_PCR_COUNT; i++)
			tpm2_cap_add_handle(i, count, o);
		break;
	case TPM2E_HT_PERMANENT:
		for (i = 0; i < ARRAY_SIZE(tpm2_permanent_handles); i++)
			if (tpm2_permanent_handles[i] >= first)
				tpm2_cap_add_handle(tpm2_permanent_handles[i],
						    count, o);
		break;
	case TPM2E_HT_TRANSIENT:
		for (i = 0; i < TPM2E_MAX_LOADED_OBJECTS; i++)
			if (e->objects[i] && TPM2E_TRANSIENT_FIRST + i >= first)
				tpm2_cap_add_handle(TPM2E_TRANSIENT_FIRST + i,
						    count, o);
		break;
	case TPM2E_HT_HMAC_SESSION:
	case TPM2E_HT_POLICY_SESSION:
		/* TPM_HT_LOADED_SESSION and TPM_HT_SAVED_SESSION */
		for (i = first & 0xFFFFFF; i < TPM2E_MAX_ACTIVE_SESSIONS; i++) {
			const struct tpm2_session_slot *slot = &e->sessions[i];
			u32 ht = slot->policy ? TPM2E_HT_POLICY_SESSION :
						TPM2E_HT_HMAC_SESSION;

			if (slot->state != (first >> TPM2E_HT_SHIFT ==
					    TPM2E_HT_HMAC_SESSION ?
					    TPM2E_SESSION_LOADED :
					    TPM2E_SESSION_SAVED))
				continue;
			tpm2_cap_add_handle(ht << TPM2E_HT_SHIFT | i, count, o);
		}
		break;
	case TPM2E_HT_PERSISTENT:
		o->count = tpm2_persistent_handles(e, first, o->handles, count,
						   &more);
		o->more_data = more;
		break;
	case TPM2E_HT_NV_INDEX:
		o->count = tpm2_nv_handles(e, first, o->handles, count, &more);
		o->more_data = more;
		break;
	default:
		return tpm2_rc_param(TPM2E_RC_VALUE, 2);
	}
	return TPM2E_RC_SUCCESS;
}

/*
 * As the reference pages them: once the list is full, "more" is set when
 * any tag follows, implemented or not.
 */
static void tpm2_cap_pcr_properties(u32 first, u32 count,
				    struct tpm2_get_capability_out *o)
{
	u32 tag;

	count = min_t(u32, count, TPM2E_MAX_PCR_PROPERTIES);
	for (tag = first; tag <= TPM2E_PT_PCR_LAST; tag++) {
		if (o->count == count) {
			o->more_data = 1;
			return;
		}
		if (tpm2_pcr_property(tag, o->pcr_props[o->count].select))
			o->pcr_props[o->count++].tag = tag;
	}
}

u32 tpm2_get_capability_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	const struct tpm2_get_capability_in *i = &in->get_capability;
	struct tpm2_get_capability_out *o = &out->get_capability;
	bool more;

	o->capability = i->capability;
	switch (i->capability) {
	case TPM2E_CAP_ALGS:
		tpm2_cap_algs(i->property, i->property_count, o);
		break;
	case TPM2E_CAP_HANDLES:
		return tpm2_cap_handles(e, i->property, i->property_count, o);
	case TPM2E_CAP_PP_COMMANDS:
		/* an empty list: no command needs physical presence */
		break;
	case TPM2E_CAP_AUDIT_COMMANDS:
		o->count = tpm2_audit_list(e, i->property, o->command_attrs,
					   min_t(u32, i->property_count,
						 TPM2E_MAX_CAP_CC), &more);
		o->more_data = more;
		break;
	case TPM2E_CAP_ECC_CURVES:
		tpm2_cap_curves(i->property, i->property_count, o);
		break;
	case TPM2E_CAP_PCR_PROPERTIES:
		tpm2_cap_pcr_properties(i->property, i->property_count, o);
		break;
	case TPM2E_CAP_COMMANDS:
		o->count = tpm2_cmd_attrs_from(i->property, o->command_attrs,
					       min_t(u32, i->property_count,
						     TPM2E_MAX_CAP_CC),
					       &more);
		o->more_data = more;
		break;
	case TPM2E_CAP_PCRS:
		if (i->property)
			return tpm2_rc_param(TPM2E_RC_VALUE, 2);
		tpm2_cap_pcrs(e, i->property_count, o);
		break;
	case TPM2E_CAP_TPM_PROPERTIES:
		tpm2_cap_properties(e, i->property, i->property_count, o);
		break;
	default:
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	}
	return TPM2E_RC_SUCCESS;
}

void tpm2_get_capability_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr)
{
	const struct tpm2_get_capability_out *o = &out->get_capability;
	u32 i;

	tpm2_wr_u8(wr, o->more_data);
	tpm2_wr_u32(wr, o->capability);
	tpm2_wr_u32(wr, o->count);
	switch (o->capability) {
	case TPM2E_CAP_ALGS:
		for (i = 0; i < o->count && i < TPM2E_MAX_CAP_ALGS; i++) {
			tpm2_wr_u16(wr, o->algs[i].alg);
			tpm2_wr_u32(wr, o->algs[i].attrs);
		}
		break;
	case TPM2E_CAP_HANDLES:
		for (i = 0; i < o->count && i < TPM2E_MAX_CAP_HANDLES; i++)
			tpm2_wr_u32(wr, o->handles[i]);
		break;
	case TPM2E_CAP_ECC_CURVES:
		for (i = 0; i < o->count && i < TPM2E_MAX_CAP_CURVES; i++)
			tpm2_wr_u16(wr, o->curves[i]);
		break;
	case TPM2E_CAP_PCR_PROPERTIES:
		for (i = 0; i < o->count && i < TPM2E_MAX_PCR_PROPERTIES; i++) {
			tpm2_wr_u32(wr, o->pcr_props[i].tag);
			tpm2_wr_u8(wr, TPM2E_PCR_SELECT_SIZE);
			tpm2_wr_bytes(wr, o->pcr_props[i].select,
				      TPM2E_PCR_SELECT_SIZE);
		}
		break;
	case TPM2E_CAP_COMMANDS:
	case TPM2E_CAP_AUDIT_COMMANDS:
		for (i = 0; i < o->count && i < TPM2E_MAX_CAP_CC; i++)
			tpm2_wr_u32(wr, o->command_attrs[i]);
		break;
	case TPM2E_CAP_PCRS:
		for (i = 0; i < o->count && i < ARRAY_SIZE(o->pcrs); i++) {
			tpm2_wr_u16(wr, o->pcrs[i].hash);
			tpm2_wr_u8(wr, o->pcrs[i].size_of_select);
			tpm2_wr_bytes(wr, o->pcrs[i].select,
				      o->pcrs[i].size_of_select);
		}
		break;
	case TPM2E_CAP_TPM_PROPERTIES:
		for (i = 0; i < o->count && i < TPM2E_MAX_TPM_PROPERTIES; i++) {
			tpm2_wr_u32(wr, o->props[i].property);
			tpm2_wr_u32(wr, o->props[i].value);
		}
		break;
	}
}

/*
 * TPM2_TestParms: no public key or object type is implemented yet, so
 * TPMI_ALG_PUBLIC refuses every type and unmarshaling ends the command.
 */
/*
 * KEYEDHASH and SYMCIPHER parameters the TPM implements pass; RSA and ECC
 * keys do not exist yet, whatever their parameters.
 */
u32 tpm2_test_parms_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_public *p = &in->create.pub;
	u32 rc;

	rc = tpm2_rd_public_parms(rd, p);
	if (!rc && p->type == TPM2E_ALG_RSA && p->exponent &&
	    !tpm2_rsa_exponent_ok(p->exponent))
		rc = TPM2E_RC_VALUE;
	if (!rc && p->type == TPM2E_ALG_ECC) {
		if (p->scheme.alg != TPM2E_ALG_NULL &&
		    p->scheme.alg != TPM2E_ALG_ECDSA &&
		    p->scheme.alg != TPM2E_ALG_ECDH)
			rc = TPM2E_RC_SCHEME;
		else if (p->kdf.alg != TPM2E_ALG_NULL)
			rc = TPM2E_RC_KDF;
	}
	/* The XOR obfuscation scheme is parsed but not implemented. */
	if (!rc && p->type == TPM2E_ALG_KEYEDHASH &&
	    p->scheme.alg == TPM2E_ALG_XOR)
		rc = TPM2E_RC_VALUE;
	return tpm2_rc_param(rc, 1);
}

u32 tpm2_test_parms_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	return TPM2E_RC_SUCCESS;
}
