// SPDX-License-Identifier: GPL-2.0
/*
 * TPM 2.0 Part 3 chapter 12, the Object Commands that bring keys in from
 * outside or re-seal them: TPM2_LoadExternal (a public area alone in any
 * hierarchy, or with its sensitive area in the null hierarchy only) and
 * TPM2_ObjectChangeAuth (the same object under its parent, with a new
 * authValue).
 */
#include "keys.h"
#include "object.h"

/* The most bytes TPMU_SENSITIVE_COMPOSITE holds for an object type */
static u16 tpm2_sens_max(u16 type)
{
	switch (type) {
	case TPM2E_ALG_RSA:
		return TPM2E_RSA_MAX_PRIME;
	case TPM2E_ALG_ECC:
		return TPM2E_ECC_MAX_BYTES;
	case TPM2E_ALG_SYMCIPHER:
		return TPM2_PLAT_AES_MAX_KEY;
	}
	return TPM2E_MAX_SYM_DATA;
}

/* TPM2B_SENSITIVE, which may be empty */
static u32 tpm2_rd_sensitive2b(struct tpm2_rd *rd,
			       struct tpm2_load_external_in *i)
{
	struct tpm2_rd sub;
	u16 size;
	u32 rc;

	rc = tpm2_rd_u16(rd, &size);
	if (rc || !size)
		return rc;
	i->has_private = true;
	rc = tpm2_rd_split(rd, size, &sub);
	if (!rc)
		rc = tpm2_rd_u16(&sub, &i->sens_type);
	if (!rc && i->sens_type != TPM2E_ALG_RSA &&
	    i->sens_type != TPM2E_ALG_ECC &&
	    i->sens_type != TPM2E_ALG_KEYEDHASH &&
	    i->sens_type != TPM2E_ALG_SYMCIPHER)
		rc = TPM2E_RC_TYPE;
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, i->auth, sizeof(i->auth),
				   &i->auth_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, i->seed, sizeof(i->seed),
				   &i->seed_size);
	if (!rc)
		rc = tpm2_rd_tpm2b(&sub, i->sens, tpm2_sens_max(i->sens_type),
				   &i->sens_size);
	if (!rc && sub.left)
		rc = TPM2E_RC_SIZE;
	return rc;
}

u32 tpm2_load_external_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in)
{
	struct tpm2_load_external_in *i = &in->load_external;
	u32 rc;

	rc = tpm2_rd_sensitive2b(rd, i);
	if (rc)
		return tpm2_rc_param(rc, 1);
	rc = tpm2_rd_public2b(rd, &i->pub, false);
	if (rc)
		return tpm2_rc_param(rc, 2);
	return tpm2_rc_param(tpm2_rd_hierarchy(rd, &i->hierarchy), 3);
}

/* Left-pad the private scalar of an ECC key to @size bytes */
static void tpm2_ecc_pad_scalar(struct tpm2_key *k, unsigned int size)
{
	unsigned int pad = size - k->sens_size;

	memmove(k->sens + pad, k->sens, k->sens_size);
	memset(k->sens, 0, pad);
	k->sens_size = size;
}

/* The rules of TPM2_LoadExternal; returns the complete code */
static u32 tpm2_load_external_check(const struct tpm2_engine *e,
				    const struct tpm2_load_external_in *i)
{
	const struct tpm2_public *p = &i->pub;
	const struct tpm2_hash_alg *h = tpm2_hash_find(p->name_alg);
	u32 rc;

	/* Nothing to do without a free slot (ms-tpm-20-ref checks it first) */
	if (tpm2_objects_loaded(e) == TPM2E_MAX_LOADED_OBJECTS)
		return TPM2E_RC_OBJECT_MEMORY;
	if (tpm2_hierarchy_enabled(e, i->hierarchy))
		return tpm2_rc_param(TPM2E_RC_HIERARCHY, 3);
	if (i->has_private) {
		/* A key the caller knows is nobody's but the null's. */
		if (i->hierarchy != TPM2E_RH_NULL)
			return tpm2_rc_param(TPM2E_RC_HIERARCHY, 3);
		/* ... and must not pass for one this TPM made or vouches for */
		if (p->attrs & (TPM2E_OA_FIXED_TPM | TPM2E_OA_FIXED_PARENT |
				TPM2E_OA_RESTRICTED))
			return tpm2_rc_param(TPM2E_RC_ATTRIBUTES, 2);
		if (i->sens_type != p->type)
			return tpm2_rc_param(TPM2E_RC_TYPE, 1);
		if (i->seed_size > h->size)
			return tpm2_rc_param(TPM2E_RC_KEY_SIZE, 1);
		if (tpm2_auth_trim(i->auth, i->auth_size) > h->size)
			return tpm2_rc_param(TPM2E_RC_SIZE, 1);
		/* one prime of keyBits / 2 bits, its top bit set */
		if (p->type == TPM2E_ALG_RSA &&
		    (i->sens_size != p->key_bits / 16 || i->sens[0] < 0x80))
			return tpm2_rc_param(TPM2E_RC_KEY_SIZE, 1);
		if (p->type == TPM2E_ALG_ECC &&
		    (!i->sens_size || i->sens_size > tpm2_ecc_bytes(p->curve)))
			return tpm2_rc_param(TPM2E_RC_KEY_SIZE, 1);
	} else if (p->type == TPM2E_ALG_KEYEDHASH ||
		   p->type == TPM2E_ALG_SYMCIPHER) {
		/* unique = H(seedValue || key) has the nameAlg's size */
		if (p->unique_size != h->size)
			return tpm2_rc_param(TPM2E_RC_KEY, 2);
	}
	rc = tpm2_check_public(p, NULL);
	if (!rc)
		rc = tpm2_check_public_key(p);
	return tpm2_rc_param(rc, 2);
}

u32 tpm2_load_external_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			    const union tpm2_cmd_in *in,
			    union tpm2_cmd_out *out)
{
	const struct tpm2_load_external_in *i = &in->load_external;
	struct tpm2_create_out *o = &out->create;
	struct tpm2_object *obj;
	struct tpm2_key *k;
	u32 handle;
	u32 rc;

	rc = tpm2_load_external_check(e, i);
	if (rc)
		return rc;
	rc = tpm2_object_alloc(e, &obj, &handle);
	if (rc)
		return rc;
	k = &obj->key;
	obj->kind = TPM2E_OBJ_KEY;
	obj->hierarchy = i->hierarchy;
	k->pub = i->pub;
	k->public_only = !i->has_private;
	if (i->has_private) {
		tpm2_object_set_auth(obj, i->auth, i->auth_size);
		memcpy(k->seed, i->seed, i->seed_size);
		k->seed_size = i->seed_size;
		memcpy(k->sens, i->sens, i->sens_size);
		k->sens_size = i->sens_size;
		/* A scalar may come without its leading zero bytes. */
		if (k->pub.type == TPM2E_ALG_ECC)
			tpm2_ecc_pad_scalar(k, tpm2_ecc_bytes(k->pub.curve));
		rc = tpm2_key_binding(e, obj, 2);
		if (rc)
			goto flush;
	}
	rc = TPM2E_RC_FAILURE;
	if (tpm2_key_names(e, obj, NULL, i->hierarchy))
		goto flush;
	memcpy(o->name, k->name, k->name_size);
	o->name_size = k->name_size;
	c->rsp_handle = handle;
	return TPM2E_RC_SUCCESS;
flush:
	tpm2_object_flush(e, handle);
	return rc;
}

u32 tpm2_object_change_auth_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				 const union tpm2_cmd_in *in,
				 union tpm2_cmd_out *out)
{
	const struct tpm2_change_auth_in *i = &in->change_auth;
	const struct tpm2_object *obj = tpm2_object_get(e, c->handles[0]);
	const struct tpm2_object *parent = tpm2_parent(e, c->handles[1]);
	struct tpm2_create_out *o = &out->create;
	struct tpm2_object *copy;
	u32 rc = TPM2E_RC_FAILURE;

	if (obj->kind != TPM2E_OBJ_KEY || obj->key.public_only)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 1);
	if (tpm2_auth_trim(i->auth, i->size) >
	    tpm2_hash_find(obj->key.pub.name_alg)->size)
		return tpm2_rc_param(TPM2E_RC_SIZE, 1);
	if (!parent)
		return tpm2_rc_handle(TPM2E_RC_TYPE, 2);

	copy = tpm2_plat_zalloc(sizeof(*copy));
	if (!copy)
		return TPM2E_RC_MEMORY;
	*copy = *obj;
	/* parentHandle must be the object's parent: its QN says so. */
	if (tpm2_key_qn(e, &copy->key, parent->key.qn, parent->key.qn_size))
		goto out;
	if (copy->key.qn_size != obj->key.qn_size ||
	    tpm2_plat_memneq(copy->key.qn, obj->key.qn, obj->key.qn_size)) {
		rc = tpm2_rc_handle(TPM2E_RC_TYPE, 2);
		goto out;
	}
	tpm2_object_set_auth(copy, i->auth, i->size);
	if (!tpm2_key_wrap(e, parent, copy, o->private, &o->private_size))
		rc = TPM2E_RC_SUCCESS;
out:
	tpm2_plat_free_sensitive(copy, sizeof(*copy));
	return rc;
}

void tpm2_private_marshal(const union tpm2_cmd_out *out, struct tpm2_wr *wr)
{
	tpm2_wr_tpm2b(wr, out->create.private, out->create.private_size);
}
