// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 31, NV Storage: the NV commands, and TPM2_PolicyNV
 * and TPM2_PolicyAuthorizeNV of chapter 23, which read an index.
 *
 * The handle area has checked that each handle names a visible index and
 * the authorization area that the authorization of the first handle
 * succeeded in the way its role allows (authValue or authPolicy of the
 * index, ownerAuth or platformAuth). What is left here are the access
 * checks of Part 3 (NvWriteAccessChecks() and NvReadAccessChecks() of
 * ms-tpm-20-ref): which of owner, platform or the index itself may write
 * or read, the locks, and whether the index was written.
 */
#include "engine_int.h"
#include "session.h"

/* Largest marshaled TPMS_NV_PUBLIC */
#define TPM2E_NV_PUBLIC_SIZE_MAX	(4 + 2 + 4 + 2 + TPM2E_MAX_DIGEST_SIZE + 2)

/*
 * The index a command names in handle @n; the handle area let only defined
 * indices through.
 */
static struct tpm2_nv_index *tpm2_cmd_nv(struct tpm2_engine *e,
					 const struct tpm2_cmd *c,
					 unsigned int n)
{
	return tpm2_nv_get(e, c->handles[n]);
}

/*
 * May @auth, which authorized the command, write (@write) or read @nv?
 * Owner and platform need their attribute; the index itself had its
 * authorization checked with its AUTH and POLICY attributes already.
 */
static bool tpm2_nv_may(const struct tpm2_nv_index *nv, u32 auth, bool write)
{
	if (auth == TPM2E_RH_OWNER)
		return nv->attrs & (write ? TPM2E_NV_OWNERWRITE :
					    TPM2E_NV_OWNERREAD);
	if (auth == TPM2E_RH_PLATFORM)
		return nv->attrs & (write ? TPM2E_NV_PPWRITE : TPM2E_NV_PPREAD);
	return auth == nv->handle;
}

/*
 * NvWriteAccessChecks(): may @auth write @nv now?
 * Return: TPM_RC_SUCCESS, TPM_RC_NV_LOCKED or TPM_RC_NV_AUTHORIZATION.
 */
static u32 tpm2_nv_write_access(const struct tpm2_nv_index *nv, u32 auth)
{
	if (nv->attrs & TPM2E_NV_WRITELOCKED)
		return TPM2E_RC_NV_LOCKED;
	if (!tpm2_nv_may(nv, auth, true))
		return TPM2E_RC_NV_AUTHORIZATION;
	return TPM2E_RC_SUCCESS;
}

/*
 * NvReadAccessChecks(): may @auth read @nv now, and was it written?
 * Return: TPM_RC_SUCCESS, TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION or
 * TPM_RC_NV_UNINITIALIZED, in that order of precedence.
 */
u32 tpm2_nv_read_access(const struct tpm2_nv_index *nv, u32 auth)
{
	if (nv->attrs & TPM2E_NV_READLOCKED)
		return TPM2E_RC_NV_LOCKED;
	if (!tpm2_nv_may(nv, auth, false))
		return TPM2E_RC_NV_AUTHORIZATION;
	if (!(nv->attrs & TPM2E_NV_WRITTEN))
		return TPM2E_RC_NV_UNINITIALIZED;
	return TPM2E_RC_SUCCESS;
}

/* @out = H(@a || @b) with hash @h */
static int tpm2_nv_hash2(struct tpm2_engine *e, const struct tpm2_hash_alg *h,
			 const u8 *a, u32 a_size, const u8 *b, u32 b_size,
			 u8 *out)
{
	struct tpm2_plat_hash_ctx *ctx = &e->hash_ctx;
	int rc;

	rc = tpm2_plat_hash_init(e->crypto, ctx, h->plat);
	if (rc)
		return rc;
	if (a_size)
		rc = tpm2_plat_hash_update(ctx, a, a_size);
	if (!rc && b_size)
		rc = tpm2_plat_hash_update(ctx, b, b_size);
	if (rc) {
		tpm2_plat_hash_final(ctx, NULL);
		return rc;
	}
	return tpm2_plat_hash_final(ctx, out);
}

/* TPMS_NV_PUBLIC; format-one codes without their position */
static u32 tpm2_rd_nv_public(struct tpm2_rd *rd, struct tpm2_nv_public *pub)
{
	u32 rc;

	rc = tpm2_rd_u32(rd, &pub->handle);
	if (rc)
		return rc;
	if (pub->handle < TPM2E_NV_INDEX_FIRST ||
	    pub->handle > TPM2E_NV_INDEX_LAST)
		return TPM2E_RC_VALUE;
	rc = tpm2_rd_alg_hash(rd, &pub->name_alg);
	if (rc)
		return rc;
	rc = tpm2_rd_u32(rd, &pub->attrs);
	if (rc)
		return rc;
	if (pub->attrs & (TPM2E_NV_RESERVED | TPM2E_NV_RESERVED_LOW))
		return TPM2E_RC_RESERVED_BITS;
	rc = tpm2_rd_tpm2b(rd, pub->policy, sizeof(pub->policy),
			   &pub->policy_size);
	if (rc)
		return rc;
	rc = tpm2_rd_u16(rd, &pub->data_size);
	if (rc)
		return rc;
	return pub->data_size > TPM2E_MAX_NV_INDEX_SIZE ? TPM2E_RC_SIZE :
							  TPM2E_RC_SUCCESS;
}

/* TPM2B_NV_PUBLIC: its size that of the TPMS_NV_PUBLIC, and not zero */
static u32 tpm2_rd_nv_public2b(struct tpm2_rd *rd, struct tpm2_nv_public *pub)
{
	struct tpm2_rd sub;
	u32 rc;

	rc = tpm2_rd_sized(rd, &sub);
	if (rc)
		return rc;
	rc = tpm2_rd_nv_public(&sub, pub);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	return rc;
}

u32 tpm2_nv_define_space_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_define_in *i = &in->nv.define;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->auth, sizeof(i->auth), &i->auth_size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_nv_public2b(rd, &i->pub), 2);
}

/* The TPMA_NV rules of TPM2_NV_DefineSpace that concern the type */
static u32 tpm2_nv_check_type(const struct tpm2_nv_public *pub, u16 digest)
{
	u32 attrs = pub->attrs;
	u32 type = tpm2_nv_type(attrs);

	switch (type) {
	case TPM2E_NT_ORDINARY:
		/* dataSize was checked against MAX_NV_INDEX_SIZE. */
		break;
	case TPM2E_NT_EXTEND:
		if (pub->data_size != digest)
			return tpm2_rc_param(TPM2E_RC_SIZE, 2);
		break;
	case TPM2E_NT_COUNTER:
	case TPM2E_NT_BITS:
	case TPM2E_NT_PIN_FAIL:
	case TPM2E_NT_PIN_PASS:
		if (pub->data_size != 8)
			return tpm2_rc_param(TPM2E_RC_SIZE, 2);
		break;
	default:
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	}
	/* Counters are never reset. */
	if (type == TPM2E_NT_COUNTER && (attrs & TPM2E_NV_CLEAR_STCLEAR))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	/* A PIN_FAIL index is its own dictionary-attack protection. */
	if (type == TPM2E_NT_PIN_FAIL && !(attrs & TPM2E_NV_NO_DA))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	/*
	 * The authValue of a PIN index is unavailable until it is written,
	 * so AUTHWRITE could never write it; and it may not be locked.
	 */
	if ((type == TPM2E_NT_PIN_FAIL || type == TPM2E_NT_PIN_PASS) &&
	    (attrs & (TPM2E_NV_AUTHWRITE | TPM2E_NV_GLOBALLOCK |
		      TPM2E_NV_WRITEDEFINE)))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	return TPM2E_RC_SUCCESS;
}

/* The rest of its TPMA_NV rules */
static u32 tpm2_nv_check_attrs(const struct tpm2_nv_public *pub, u32 auth)
{
	u32 attrs = pub->attrs;
	bool platform = auth == TPM2E_RH_PLATFORM;

	if (attrs & (TPM2E_NV_WRITTEN | TPM2E_NV_WRITELOCKED |
		     TPM2E_NV_READLOCKED))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if (!(attrs & (TPM2E_NV_OWNERREAD | TPM2E_NV_PPREAD |
		       TPM2E_NV_AUTHREAD | TPM2E_NV_POLICYREAD)))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if (!(attrs & (TPM2E_NV_OWNERWRITE | TPM2E_NV_PPWRITE |
		       TPM2E_NV_AUTHWRITE | TPM2E_NV_POLICYWRITE)))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if ((attrs & TPM2E_NV_CLEAR_STCLEAR) && (attrs & TPM2E_NV_WRITEDEFINE))
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	/* Whoever defines an index must be able to delete it. */
	if (!(attrs & TPM2E_NV_PLATFORMCREATE) != !platform)
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	if ((attrs & TPM2E_NV_POLICY_DELETE) && !platform)
		return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
	if ((attrs & TPM2E_NV_WRITEALL) &&
	    pub->data_size > TPM2E_MAX_NV_BUFFER_SIZE)
		return tpm2_rc_param(TPM2E_RC_SIZE, 2);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_nv_define_space_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in,
			      union tpm2_cmd_out *out)
{
	const struct tpm2_nv_define_in *i = &in->nv.define;
	const struct tpm2_hash_alg *h = tpm2_hash_find(i->pub.name_alg);
	u32 auth = c->handles[0];
	u32 rc;

	if (!h)
		return TPM2E_RC_FAILURE;
	if (i->pub.policy_size && i->pub.policy_size != h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 2);
	if (tpm2_auth_trim(i->auth, i->auth_size) > h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	/* Platform authorization does not reach here with phEnable CLEAR. */
	if (auth == TPM2E_RH_PLATFORM &&
	    !(e->startup_clear & TPM2E_SC_PH_ENABLE_NV))
		return tpm2_rc_handle(TPM2E_RC_HIERARCHY, 1);
	rc = tpm2_nv_check_type(&i->pub, h->size);
	if (!rc)
		rc = tpm2_nv_check_attrs(&i->pub, auth);
	if (rc)
		return rc;
	if (tpm2_nv_get(e, i->pub.handle))
		return TPM2E_RC_NV_DEFINED;
	return tpm2_nv_define(e, &i->pub, i->auth, i->auth_size);
}

u32 tpm2_nv_undefine_space_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				const union tpm2_cmd_in *in,
				union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);

	if (!nv)
		return TPM2E_RC_FAILURE;
	/* Only TPM2_NV_UndefineSpaceSpecial, with its policy, deletes it. */
	if (nv->attrs & TPM2E_NV_POLICY_DELETE)
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	/* The owner may only delete what the owner defined. */
	if (c->handles[0] == TPM2E_RH_OWNER &&
	    (nv->attrs & TPM2E_NV_PLATFORMCREATE))
		return TPM2E_RC_NV_AUTHORIZATION;
	tpm2_nv_undefine(e, nv->handle);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_nv_undefine_space_special_exec(struct tpm2_engine *e,
					struct tpm2_cmd *c,
					const union tpm2_cmd_in *in,
					union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 0);

	if (!nv)
		return TPM2E_RC_FAILURE;
	if (!(nv->attrs & TPM2E_NV_POLICY_DELETE))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 1);
	tpm2_nv_undefine(e, nv->handle);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_nv_read_public_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	struct tpm2_nv_read_public_out *o = &out->nv.read_public;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 0);

	if (!nv)
		return TPM2E_RC_FAILURE;
	tpm2_nv_public_of(nv, &o->pub);
	o->name_size = nv->name_size;
	memcpy(o->name, nv->name, nv->name_size);
	return TPM2E_RC_SUCCESS;
}

void tpm2_nv_read_public_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr)
{
	const struct tpm2_nv_read_public_out *o = &out->nv.read_public;
	u8 buf[TPM2E_NV_PUBLIC_SIZE_MAX];
	struct tpm2_wr pub;

	tpm2_wr_init(&pub, buf, sizeof(buf));
	tpm2_wr_nv_public(&pub, &o->pub);
	if (pub.overflow) {
		wr->overflow = true;
		return;
	}
	tpm2_wr_tpm2b(wr, buf, pub.len);
	tpm2_wr_tpm2b(wr, o->name, o->name_size);
}

u32 tpm2_nv_write_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_write_in *i = &in->nv.write;
	u32 rc;

	rc = tpm2_rd_tpm2b(rd, i->data, sizeof(i->data), &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_u16(rd, &i->offset), 2);
}

u32 tpm2_nv_write_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_nv_write_in *i = &in->nv.write;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u32 type, rc;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_write_access(nv, c->handles[0]);
	if (rc)
		return rc;
	/* Counters, bit fields and extend indices have their own commands. */
	type = tpm2_nv_type(nv->attrs);
	if (type == TPM2E_NT_COUNTER || type == TPM2E_NT_BITS ||
	    type == TPM2E_NT_EXTEND)
		return TPM2E_RC_ATTRIBUTES;
	if (i->offset > nv->data_size)
		return tpm2_rc_param(TPM2E_RC_VALUE, 2);
	if (i->size > nv->data_size - i->offset)
		return TPM2E_RC_NV_RANGE;
	/* With the range checked, a full-size write is at offset 0. */
	if ((nv->attrs & TPM2E_NV_WRITEALL) && i->size < nv->data_size)
		return TPM2E_RC_NV_RANGE;
	return tpm2_nv_write_data(e, nv, i->offset, i->data, i->size);
}

/*
 * The 8-byte index of type @type that NV_Increment or NV_SetBits writes,
 * once authHandle may write it; @v its value (@unwritten until written).
 */
static u32 tpm2_nv_u64_index(struct tpm2_engine *e, struct tpm2_cmd *c,
			     u32 type, u64 unwritten,
			     struct tpm2_nv_index **nvp, u64 *v)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u32 rc;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_write_access(nv, c->handles[0]);
	if (rc)
		return rc;
	if (tpm2_nv_type(nv->attrs) != type || nv->data_size != sizeof(*v))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	*v = nv->attrs & TPM2E_NV_WRITTEN ? get_unaligned_be64(nv->data) :
	     unwritten;
	*nvp = nv;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_nv_increment_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv;
	u8 be[8];
	u64 v;
	u32 rc;

	/* A new counter starts above every count this TPM has given. */
	rc = tpm2_nv_u64_index(e, c, TPM2E_NT_COUNTER,
			       tpm2_nv_counter_start(e), &nv, &v);
	if (rc)
		return rc;
	put_unaligned_be64(v + 1, be);
	return tpm2_nv_write_data(e, nv, 0, be, sizeof(be));
}

u32 tpm2_nv_extend_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_write_in *i = &in->nv.write;

	i->offset = 0;
	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->data, sizeof(i->data),
					   &i->size), 1);
}

u32 tpm2_nv_extend_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_nv_write_in *i = &in->nv.write;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u8 old[TPM2E_MAX_DIGEST_SIZE];
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	const struct tpm2_hash_alg *h;
	u32 rc;
	int err;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_write_access(nv, c->handles[0]);
	if (rc)
		return rc;
	if (tpm2_nv_type(nv->attrs) != TPM2E_NT_EXTEND)
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	h = tpm2_hash_find(nv->name_alg);
	if (!h || nv->data_size != h->size)
		return TPM2E_RC_FAILURE;
	/* new = H(old || data); an unwritten index counts as zeros */
	memset(old, 0, sizeof(old));
	if (nv->attrs & TPM2E_NV_WRITTEN)
		memcpy(old, nv->data, h->size);
	err = tpm2_nv_hash2(e, h, old, h->size, i->data, i->size, digest);
	if (err)
		return tpm2_rc_errno(err);
	return tpm2_nv_write_data(e, nv, 0, digest, h->size);
}

u32 tpm2_nv_set_bits_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	return tpm2_rc_param(tpm2_rd_u64(rd, &in->nv.bits), 1);
}

u32 tpm2_nv_set_bits_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in,
			  union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv;
	u8 be[8];
	u64 v;
	u32 rc;

	rc = tpm2_nv_u64_index(e, c, TPM2E_NT_BITS, 0, &nv, &v);
	if (rc)
		return rc;
	put_unaligned_be64(v | in->nv.bits, be);
	return tpm2_nv_write_data(e, nv, 0, be, sizeof(be));
}

u32 tpm2_nv_write_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u32 rc;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_write_access(nv, c->handles[0]);
	/* Locking what is locked already is no error. */
	if (rc == TPM2E_RC_NV_LOCKED)
		return TPM2E_RC_SUCCESS;
	if (rc)
		return rc;
	if (!(nv->attrs & (TPM2E_NV_WRITEDEFINE | TPM2E_NV_WRITE_STCLEAR)))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	nv->attrs |= TPM2E_NV_WRITELOCKED;
	return tpm2_rc_errno(tpm2_nv_update_name(e, nv));
}

u32 tpm2_nv_global_write_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				   const union tpm2_cmd_in *in,
				   union tpm2_cmd_out *out)
{
	tpm2_nv_global_lock(e);
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_nv_read_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_read_in *i = &in->nv.read;
	u32 rc;

	rc = tpm2_rd_u16(rd, &i->size);
	if (rc)
		return tpm2_rc_param(rc, 1);
	return tpm2_rc_param(tpm2_rd_u16(rd, &i->offset), 2);
}

u32 tpm2_nv_read_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_nv_read_in *i = &in->nv.read;
	struct tpm2_nv_read_out *o = &out->nv.read;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u32 rc;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_read_access(nv, c->handles[0]);
	if (rc)
		return rc;
	if (i->size > TPM2E_MAX_NV_BUFFER_SIZE)
		return tpm2_rc_param(TPM2E_RC_VALUE, 1);
	if (i->offset > nv->data_size)
		return tpm2_rc_param(TPM2E_RC_VALUE, 2);
	if (i->size > nv->data_size - i->offset)
		return TPM2E_RC_NV_RANGE;
	o->size = i->size;
	memcpy(o->data, nv->data + i->offset, i->size);
	return TPM2E_RC_SUCCESS;
}

void tpm2_nv_read_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	const struct tpm2_nv_read_out *o = &out->nv.read;

	tpm2_wr_tpm2b(wr, o->data, o->size);
}

u32 tpm2_nv_read_lock_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			   const union tpm2_cmd_in *in,
			   union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	u32 rc;

	if (!nv)
		return TPM2E_RC_FAILURE;
	rc = tpm2_nv_read_access(nv, c->handles[0]);
	/* Locked already: no error. Unwritten: it may still be locked. */
	if (rc == TPM2E_RC_NV_LOCKED)
		return TPM2E_RC_SUCCESS;
	if (rc == TPM2E_RC_NV_AUTHORIZATION)
		return rc;
	if (!(nv->attrs & TPM2E_NV_READ_STCLEAR))
		return tpm2_rc_handle(TPM2E_RC_ATTRIBUTES, 2);
	nv->attrs |= TPM2E_NV_READLOCKED;
	return tpm2_rc_errno(tpm2_nv_update_name(e, nv));
}

u32 tpm2_nv_change_auth_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_nv_auth_in *i = &in->nv.change_auth;

	return tpm2_rc_param(tpm2_rd_tpm2b(rd, i->auth, sizeof(i->auth),
					   &i->size), 1);
}

u32 tpm2_nv_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in,
			     union tpm2_cmd_out *out)
{
	const struct tpm2_nv_auth_in *i = &in->nv.change_auth;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 0);
	const struct tpm2_hash_alg *h;
	u16 size = tpm2_auth_trim(i->auth, i->size);

	if (!nv)
		return TPM2E_RC_FAILURE;
	h = tpm2_hash_find(nv->name_alg);
	if (!h)
		return TPM2E_RC_FAILURE;
	if (size > h->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	tpm2_plat_zeroize(nv->auth, sizeof(nv->auth));
	memcpy(nv->auth, i->auth, size);
	nv->auth_size = size;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_nv_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out)
{
	const struct tpm2_policy_counter_timer_in *i =
		&in->policy_counter_timer;
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	struct tpm2_session *s = tpm2_session_get(e, c->handles[2]);
	u8 tail[4];
	u8 args[TPM2E_MAX_DIGEST_SIZE];
	u32 rc;
	int err;

	if (!nv || !s)
		return TPM2E_RC_FAILURE;
	/* A trial session only computes the digest. */
	if (s->type != TPM2E_SE_TRIAL) {
		rc = tpm2_nv_read_access(nv, c->handles[0]);
		if (rc)
			return rc;
		if (i->offset > nv->data_size)
			return tpm2_rc_param(TPM2E_RC_VALUE, 2);
		if (nv->data_size - i->offset < i->operand_size)
			return tpm2_rc_param(TPM2E_RC_SIZE, 1);
		if (!tpm2_policy_compare(i->operation, nv->data + i->offset,
					 i->operand, i->operand_size))
			return TPM2E_RC_POLICY;
	}
	/* args = H(operandB || offset || operation) */
	put_unaligned_be16(i->offset, tail);
	put_unaligned_be16(i->operation, tail + 2);
	err = tpm2_nv_hash2(e, s->hash, i->operand, i->operand_size, tail,
			    sizeof(tail), args);
	if (err)
		return tpm2_rc_errno(err);
	/* policyDigest = H(policyDigest || TPM_CC_PolicyNV || args || Name) */
	return tpm2_policy_extend_data(e, s, TPM2E_CC_POLICY_NV, args,
				       s->hash->size, nv->name, nv->name_size);
}

/*
 * The TPMT_HA an index holds, as PolicyAuthorizeNV reads it: a hashAlg and
 * a digest of its size at the start of the data; more bytes may follow.
 */
static u32 tpm2_nv_policy_ha(const struct tpm2_nv_index *nv, u16 *alg,
			     const u8 **digest)
{
	const struct tpm2_hash_alg *h;

	if (nv->data_size < 2)
		return TPM2E_RC_INSUFFICIENT;
	*alg = get_unaligned_be16(nv->data);
	h = tpm2_hash_find(*alg);
	if (!h)
		return TPM2E_RC_HASH;
	if (nv->data_size < 2 + h->size)
		return TPM2E_RC_INSUFFICIENT;
	*digest = nv->data + 2;
	return TPM2E_RC_SUCCESS;
}

u32 tpm2_policy_authorize_nv_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				  const union tpm2_cmd_in *in,
				  union tpm2_cmd_out *out)
{
	struct tpm2_nv_index *nv = tpm2_cmd_nv(e, c, 1);
	struct tpm2_session *s = tpm2_session_get(e, c->handles[2]);
	const u8 *digest;
	u16 alg;
	u32 rc;

	if (!nv || !s)
		return TPM2E_RC_FAILURE;
	if (s->type != TPM2E_SE_TRIAL) {
		rc = tpm2_nv_read_access(nv, c->handles[0]);
		if (rc)
			return rc;
		rc = tpm2_nv_policy_ha(nv, &alg, &digest);
		if (rc)
			return rc;
		if (alg != s->hash->alg)
			return TPM2E_RC_HASH;
		if (tpm2_plat_memneq(digest, s->digest, s->hash->size))
			return TPM2E_RC_VALUE;
	}
	/* policyDigest = H(zeros || TPM_CC_PolicyAuthorizeNV || Name) */
	memset(s->digest, 0, sizeof(s->digest));
	return tpm2_policy_extend_data(e, s, TPM2E_CC_POLICY_AUTHORIZE_NV,
				       nv->name, nv->name_size, NULL, 0);
}
