// SPDX-License-Identifier: GPL-2.0
/*
 * The NV indices of one TPM (TPM 2.0 Part 1 chapter 37). Each defined index
 * is one allocation: struct tpm2_nv_index and its data, kept in handle order
 * in struct tpm2_engine.nv. They survive _TPM_Init and TPM2_Startup, not the
 * engine; each costs TPM2E_NV_INDEX_COST bytes plus its data size against
 * the engine's NV quota.
 *
 * The Name of an index is nameAlg || H(TPMS_NV_PUBLIC), the attributes with
 * TPMA_NV_WRITTEN and the locks included, so it changes when they do: every
 * change of @attrs is followed by tpm2_nv_update_name().
 */
#include "engine_int.h"
#include "session.h"

/* Largest marshaled TPMS_NV_PUBLIC */
#define TPM2E_NV_PUBLIC_MAX	(4 + 2 + 4 + 2 + TPM2E_MAX_DIGEST_SIZE + 2)

/* Slot of @handle in e->nv, or -1 */
static int tpm2_nv_slot(const struct tpm2_engine *e, u32 handle)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++) {
		if (e->nv[i]->handle == handle)
			return i;
		if (e->nv[i]->handle > handle)
			break;
	}
	return -1;
}

static u32 tpm2_nv_cost(u16 data_size)
{
	return TPM2E_NV_INDEX_COST + data_size;
}

/**
 * tpm2_nv_get() - the defined index of a handle
 * @e: engine
 * @handle: any handle; untrusted
 *
 * Return: the index, whatever the state of the hierarchies, or NULL when
 * none has @handle.
 */
struct tpm2_nv_index *tpm2_nv_get(const struct tpm2_engine *e, u32 handle)
{
	int i = tpm2_nv_slot(e, handle);

	return i < 0 ? NULL : e->nv[i];
}

/**
 * tpm2_nv_check_handle() - may a command name an index?
 * @e: engine
 * @handle: a handle of TPM_HT_NV_INDEX; untrusted
 *
 * As ms-tpm-20-ref's NvIndexIsAccessible(): an index the platform defined
 * is hidden while phEnableNV is CLEAR, and one the owner defined while
 * shEnable is CLEAR.
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_HANDLE when no such index is defined
 * or it is hidden.
 */
u32 tpm2_nv_check_handle(const struct tpm2_engine *e, u32 handle)
{
	const struct tpm2_nv_index *nv = tpm2_nv_get(e, handle);
	u32 bit;

	if (!nv)
		return TPM2E_RC_HANDLE;
	bit = nv->attrs & TPM2E_NV_PLATFORMCREATE ? TPM2E_SC_PH_ENABLE_NV :
						    TPM2E_SC_SH_ENABLE;
	return e->startup_clear & bit ? TPM2E_RC_SUCCESS : TPM2E_RC_HANDLE;
}

/**
 * tpm2_nv_auth_write() - does a command authorize with an index for writing?
 * @cc: command code
 *
 * The write operations of ms-tpm-20-ref's IsWriteOperation(): their USER
 * authorization with the index itself needs TPMA_NV_AUTHWRITE (authValue)
 * or TPMA_NV_POLICYWRITE (policy). Every other command naming an index as
 * its authorization (NV_Read, NV_ReadLock, PolicyNV, PolicyAuthorizeNV,
 * NV_Certify) reads: TPMA_NV_AUTHREAD or TPMA_NV_POLICYREAD. The ADMIN
 * commands (NV_ChangeAuth, NV_UndefineSpaceSpecial) always need a policy.
 *
 * Return: true for NV_Write, NV_Increment, NV_SetBits, NV_Extend and
 * NV_WriteLock.
 */
bool tpm2_nv_auth_write(u32 cc)
{
	switch (cc) {
	case TPM2E_CC_NV_WRITE:
	case TPM2E_CC_NV_INCREMENT:
	case TPM2E_CC_NV_SET_BITS:
	case TPM2E_CC_NV_EXTEND:
	case TPM2E_CC_NV_WRITE_LOCK:
		return true;
	}
	return false;
}

/**
 * tpm2_nv_public_of() - the public area of an index
 * @nv: the index
 * @pub: its TPMS_NV_PUBLIC
 */
void tpm2_nv_public_of(const struct tpm2_nv_index *nv,
		       struct tpm2_nv_public *pub)
{
	pub->handle = nv->handle;
	pub->name_alg = nv->name_alg;
	pub->attrs = nv->attrs;
	pub->policy_size = nv->policy_size;
	memcpy(pub->policy, nv->policy, nv->policy_size);
	pub->data_size = nv->data_size;
}

/**
 * tpm2_wr_nv_public() - marshal a TPMS_NV_PUBLIC
 * @wr: writer
 * @pub: the public area
 */
void tpm2_wr_nv_public(struct tpm2_wr *wr, const struct tpm2_nv_public *pub)
{
	tpm2_wr_u32(wr, pub->handle);
	tpm2_wr_u16(wr, pub->name_alg);
	tpm2_wr_u32(wr, pub->attrs);
	tpm2_wr_tpm2b(wr, pub->policy, pub->policy_size);
	tpm2_wr_u16(wr, pub->data_size);
}

/**
 * tpm2_nv_wr_public() - marshal the TPMS_NV_PUBLIC of an index
 * @wr: writer
 * @nv: the index
 */
void tpm2_nv_wr_public(struct tpm2_wr *wr, const struct tpm2_nv_index *nv)
{
	tpm2_wr_u32(wr, nv->handle);
	tpm2_wr_u16(wr, nv->name_alg);
	tpm2_wr_u32(wr, nv->attrs);
	tpm2_wr_tpm2b(wr, nv->policy, nv->policy_size);
	tpm2_wr_u16(wr, nv->data_size);
}

/**
 * tpm2_nv_update_name() - compute the Name of an index again
 * @e: engine
 * @nv: the index, its public area as it is now
 *
 * Name = nameAlg || H_nameAlg(TPMS_NV_PUBLIC).
 *
 * Return: 0, or a negative errno (the Name is then left as it was).
 */
int tpm2_nv_update_name(struct tpm2_engine *e, struct tpm2_nv_index *nv)
{
	const struct tpm2_hash_alg *h = tpm2_hash_find(nv->name_alg);
	u8 buf[TPM2E_NV_PUBLIC_MAX];
	u8 digest[TPM2E_MAX_DIGEST_SIZE];
	struct tpm2_wr wr;
	int rc;

	if (!h)
		return -EINVAL;
	tpm2_wr_init(&wr, buf, sizeof(buf));
	tpm2_nv_wr_public(&wr, nv);
	if (wr.overflow)
		return -EOVERFLOW;
	rc = tpm2_plat_hash(e->crypto, h->plat, buf, wr.len, digest);
	if (rc)
		return rc;
	put_unaligned_be16(h->alg, nv->name);
	memcpy(nv->name + 2, digest, h->size);
	nv->name_size = 2 + h->size;
	return 0;
}

/**
 * tpm2_nv_count() - number of defined indices
 * @e: engine
 *
 * Return: the count, hidden ones included (TPM_PT_HR_NV_INDEX).
 */
u32 tpm2_nv_count(const struct tpm2_engine *e)
{
	u32 n;

	for (n = 0; n < TPM2E_MAX_NV_INDICES && e->nv[n]; n++)
		;
	return n;
}

/**
 * tpm2_nv_handles() - handles of the defined indices from one on, in order
 * @e: engine
 * @first: the smallest handle wanted
 * @out: output, room for @max handles
 * @max: most handles wanted
 * @more: set when handles beyond the last one returned exist
 *
 * Like ms-tpm-20-ref's NvCapGetIndex(), every defined index is listed,
 * whatever the state of the hierarchies.
 *
 * Return: handles written.
 */
u32 tpm2_nv_handles(const struct tpm2_engine *e, u32 first, u32 *out,
		    u32 max, bool *more)
{
	unsigned int i;
	u32 n = 0;

	*more = false;
	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++) {
		if (e->nv[i]->handle < first)
			continue;
		if (n == max) {
			*more = true;
			break;
		}
		out[n++] = e->nv[i]->handle;
	}
	return n;
}

/**
 * tpm2_nv_define() - define a new index
 * @e: engine
 * @pub: its public area, checked by the caller; the handle is not in use
 * @auth: its authValue
 * @auth_size: bytes in @auth, at most the digest size of the nameAlg
 *	once trailing zeros are removed
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_NV_SPACE when every slot is taken or the
 * index does not fit in what is left of the quota; TPM_RC_MEMORY; or
 * TPM_RC_FAILURE when its Name cannot be computed.
 */
u32 tpm2_nv_define(struct tpm2_engine *e, const struct tpm2_nv_public *pub,
		   const u8 *auth, u16 auth_size)
{
	u32 cost = tpm2_nv_cost(pub->data_size);
	struct tpm2_nv_index *nv;
	unsigned int n, i;
	int rc;

	n = tpm2_nv_count(e);
	if (n == TPM2E_MAX_NV_INDICES || e->nv_used > e->nv_quota ||
	    cost > e->nv_quota - e->nv_used)
		return TPM2E_RC_NV_SPACE;
	if (pub->policy_size > sizeof(nv->policy))
		return TPM2E_RC_FAILURE;
	auth_size = tpm2_auth_trim(auth, auth_size);
	if (auth_size > sizeof(nv->auth))
		return TPM2E_RC_FAILURE;
	nv = tpm2_plat_zalloc(sizeof(*nv) + pub->data_size);
	if (!nv)
		return TPM2E_RC_MEMORY;
	nv->handle = pub->handle;
	nv->name_alg = pub->name_alg;
	nv->attrs = pub->attrs;
	nv->policy_size = pub->policy_size;
	memcpy(nv->policy, pub->policy, pub->policy_size);
	nv->data_size = pub->data_size;
	nv->auth_size = auth_size;
	memcpy(nv->auth, auth, auth_size);
	rc = tpm2_nv_update_name(e, nv);
	if (rc) {
		tpm2_plat_free_sensitive(nv, sizeof(*nv) + nv->data_size);
		return tpm2_rc_errno(rc);
	}
	for (i = n; i && e->nv[i - 1]->handle > nv->handle; i--)
		e->nv[i] = e->nv[i - 1];
	e->nv[i] = nv;
	e->nv_used += cost;
	return TPM2E_RC_SUCCESS;
}

static u64 tpm2_nv_u64(const struct tpm2_nv_index *nv)
{
	return get_unaligned_be64(nv->data);
}

static bool tpm2_nv_is_counter(const struct tpm2_nv_index *nv)
{
	return tpm2_nv_type(nv->attrs) == TPM2E_NT_COUNTER &&
	       nv->data_size == 8;
}

/* Remove and free the index of slot @i, keeping the others in order */
static void tpm2_nv_remove(struct tpm2_engine *e, unsigned int i)
{
	struct tpm2_nv_index *nv = e->nv[i];
	u32 cost = tpm2_nv_cost(nv->data_size);

	/*
	 * A counter may never go back, not even through a new index: its
	 * value is what the next new counter starts from (NvDeleteIndex()).
	 */
	if (tpm2_nv_is_counter(nv) && (nv->attrs & TPM2E_NV_WRITTEN) &&
	    tpm2_nv_u64(nv) > e->nv_max_count)
		e->nv_max_count = tpm2_nv_u64(nv);
	e->nv_used = e->nv_used > cost ? e->nv_used - cost : 0;
	tpm2_plat_free_sensitive(nv, sizeof(*nv) + nv->data_size);
	for (; i + 1 < TPM2E_MAX_NV_INDICES; i++)
		e->nv[i] = e->nv[i + 1];
	e->nv[i] = NULL;
}

/**
 * tpm2_nv_undefine() - remove an index
 * @e: engine
 * @handle: its handle; nothing happens when no index has it
 *
 * Its memory is zeroized and its cost returned to the quota.
 */
void tpm2_nv_undefine(struct tpm2_engine *e, u32 handle)
{
	int i = tpm2_nv_slot(e, handle);

	if (i >= 0)
		tpm2_nv_remove(e, i);
}

/**
 * tpm2_nv_counter_start() - the value a counter takes before its first
 * increment
 * @e: engine
 *
 * The largest value any counter index of this TPM holds or held, so that
 * a new counter never repeats a count (TPM 2.0 Part 3, TPM2_NV_Increment).
 *
 * Return: the value; 0 when no counter was ever incremented.
 */
u64 tpm2_nv_counter_start(const struct tpm2_engine *e)
{
	u64 top = e->nv_max_count;
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++) {
		const struct tpm2_nv_index *nv = e->nv[i];

		if (tpm2_nv_is_counter(nv) && (nv->attrs & TPM2E_NV_WRITTEN) &&
		    tpm2_nv_u64(nv) > top)
			top = tpm2_nv_u64(nv);
	}
	return top;
}

/* Set or clear attribute bits; the Name follows. */
static int tpm2_nv_set_attrs(struct tpm2_engine *e, struct tpm2_nv_index *nv,
			     u32 attrs)
{
	if (attrs == nv->attrs)
		return 0;
	nv->attrs = attrs;
	return tpm2_nv_update_name(e, nv);
}

/**
 * tpm2_nv_write_data() - write bytes of an index, setting TPMA_NV_WRITTEN
 * @e: engine
 * @nv: the index
 * @offset: where the bytes go; @offset + @size within its data size
 * @data: the bytes
 * @size: their number
 *
 * The first write of an ordinary index clears what it held before (after
 * a TPMA_NV_CLEAR_STCLEAR reset), as ms-tpm-20-ref's NvWriteIndexData().
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_FAILURE.
 */
u32 tpm2_nv_write_data(struct tpm2_engine *e, struct tpm2_nv_index *nv,
		       u16 offset, const u8 *data, u16 size)
{
	if ((u32)offset + size > nv->data_size)
		return TPM2E_RC_FAILURE;
	if (!(nv->attrs & TPM2E_NV_WRITTEN) &&
	    tpm2_nv_type(nv->attrs) == TPM2E_NT_ORDINARY)
		memset(nv->data, 0, nv->data_size);
	memcpy(nv->data + offset, data, size);
	if (tpm2_nv_set_attrs(e, nv, nv->attrs | TPM2E_NV_WRITTEN))
		return TPM2E_RC_FAILURE;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_nv_global_lock() - TPM2_NV_GlobalWriteLock's action
 * @e: engine
 *
 * Sets TPMA_NV_WRITELOCKED in every index with TPMA_NV_GLOBALLOCK, as
 * ms-tpm-20-ref's NvSetGlobalLock(); the next TPM2_Startup(CLEAR) clears
 * it again unless the index is TPMA_NV_WRITEDEFINE and written.
 */
void tpm2_nv_global_lock(struct tpm2_engine *e)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++)
		if (e->nv[i]->attrs & TPM2E_NV_GLOBALLOCK)
			tpm2_nv_set_attrs(e, e->nv[i],
					  e->nv[i]->attrs |
					  TPM2E_NV_WRITELOCKED);
	e->nv_global_lock = true;
}

/* The attributes of an index after a TPM Reset or TPM Restart */
static u32 tpm2_nv_startup_attrs(u32 attrs, bool reset)
{
	attrs &= ~TPM2E_NV_READLOCKED;
	/*
	 * Back to unwritten: CLEAR_STCLEAR indices, and on TPM Reset those
	 * ORDERLY ones (counters excepted) whose data only an orderly
	 * shutdown would keep, as ms-tpm-20-ref's NvSetStartupAttributes().
	 */
	if (tpm2_nv_type(attrs) != TPM2E_NT_COUNTER &&
	    ((attrs & TPM2E_NV_CLEAR_STCLEAR) ||
	     (reset && (attrs & TPM2E_NV_ORDERLY))))
		attrs &= ~TPM2E_NV_WRITTEN;
	/* A WRITEDEFINE lock of a written index is forever. */
	if (!(attrs & TPM2E_NV_WRITTEN) || !(attrs & TPM2E_NV_WRITEDEFINE))
		attrs &= ~TPM2E_NV_WRITELOCKED;
	return attrs;
}

/**
 * tpm2_nv_startup() - what TPM2_Startup does to the indices
 * @e: engine; e->shutdown_type still that of the last TPM2_Shutdown
 * @clear: TPM2_Startup(CLEAR), a TPM Reset or TPM Restart; false for a
 *	TPM Resume, which changes nothing
 *
 * Clears TPMA_NV_READLOCKED, TPMA_NV_WRITELOCKED (but not the lock of a
 * written TPMA_NV_WRITEDEFINE index), TPMA_NV_WRITTEN of the
 * TPMA_NV_CLEAR_STCLEAR indices (and on a TPM Reset of the orderly
 * non-counter ones) and the global lock.
 */
void tpm2_nv_startup(struct tpm2_engine *e, bool clear)
{
	bool reset = e->shutdown_type != TPM2E_SU_STATE;
	unsigned int i;

	if (!clear)
		return;
	for (i = 0; i < TPM2E_MAX_NV_INDICES && e->nv[i]; i++)
		tpm2_nv_set_attrs(e, e->nv[i],
				  tpm2_nv_startup_attrs(e->nv[i]->attrs,
							reset));
	e->nv_global_lock = false;
}

/**
 * tpm2_nv_clear() - what TPM2_Clear does to the indices
 * @e: engine
 *
 * Removes every index the owner defined (TPMA_NV_PLATFORMCREATE clear).
 */
void tpm2_nv_clear(struct tpm2_engine *e)
{
	unsigned int i = 0;

	while (i < TPM2E_MAX_NV_INDICES && e->nv[i]) {
		if (!(e->nv[i]->attrs & TPM2E_NV_PLATFORMCREATE))
			tpm2_nv_remove(e, i);
		else
			i++;
	}
}

/**
 * tpm2_nv_free_all() - free every index
 * @e: engine, being destroyed
 */
void tpm2_nv_free_all(struct tpm2_engine *e)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_NV_INDICES; i++) {
		if (e->nv[i])
			tpm2_plat_free_sensitive(e->nv[i], sizeof(*e->nv[i]) +
						 e->nv[i]->data_size);
		e->nv[i] = NULL;
	}
	e->nv_used = 0;
}

/**
 * tpm2_nv_pin_auth() - the pinCount of a PIN index used with its authValue
 * @e: engine
 * @nv: the index whose authValue was checked (any index)
 * @ok: the authValue (password or HMAC) was right
 *
 * For the authorization process, once it has compared the authValue of @nv
 * (a password, an HMAC session including it, or a policy session with
 * PolicyAuthValue or PolicyPassword) and before it counts a failure for
 * dictionary-attack protection. As ms-tpm-20-ref's CheckAuthSession() and
 * IsAuthValueAvailable():
 *
 * - the authValue of a PIN index (TPM_NT_PIN_PASS or TPM_NT_PIN_FAIL) is
 *   only available while the index is written and pinCount < pinLimit;
 *   otherwise the command fails with TPM_RC_AUTH_UNAVAILABLE, whatever the
 *   value given, and nothing is counted (no DA failure either);
 * - PIN_FAIL: a failure increments pinCount, a success resets it to 0 (the
 *   failure itself still fails the command with TPM_RC_AUTH_FAIL or
 *   TPM_RC_BAD_AUTH; PIN_FAIL indices are TPMA_NV_NO_DA);
 * - PIN_PASS: a success increments pinCount (each use is counted), a
 *   failure changes nothing.
 *
 * Return: TPM_RC_SUCCESS when the authorization process should go on with
 * its own verdict (@ok or its failure code); TPM_RC_AUTH_UNAVAILABLE to
 * fail the command with that code instead.
 */
u32 tpm2_nv_pin_auth(struct tpm2_engine *e, struct tpm2_nv_index *nv,
		     bool ok)
{
	u32 type = tpm2_nv_type(nv->attrs);
	u32 count, limit;

	if (type != TPM2E_NT_PIN_PASS && type != TPM2E_NT_PIN_FAIL)
		return TPM2E_RC_SUCCESS;
	if (!(nv->attrs & TPM2E_NV_WRITTEN) ||
	    nv->data_size < TPM2E_NV_PIN_SIZE)
		return TPM2E_RC_AUTH_UNAVAILABLE;
	count = get_unaligned_be32(nv->data);
	limit = get_unaligned_be32(nv->data + 4);
	if (count >= limit)
		return TPM2E_RC_AUTH_UNAVAILABLE;
	if (type == TPM2E_NT_PIN_FAIL)
		count = ok ? 0 : count + 1;
	else if (ok)
		count++;
	put_unaligned_be32(count, nv->data);
	return TPM2E_RC_SUCCESS;
}
