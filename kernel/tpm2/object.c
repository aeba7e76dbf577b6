// SPDX-License-Identifier: GPL-2.0
/*
 * The transient object slots and the persistent objects. An object's memory
 * is allocated when it is loaded (or made persistent) and zeroized when it
 * is flushed (or evicted), so an idle TPM holds none; the handle of slot i
 * is TPM2E_TRANSIENT_FIRST + i. Persistent objects are kept in handle
 * order, at most TPM2E_MIN_EVICT_OBJECTS of them; they survive _TPM_Init
 * and TPM2_Startup, not the engine.
 */
#include "object.h"

/* Release whatever the object holds, then the object. */
static void tpm2_object_free(struct tpm2_object *obj)
{
	unsigned int i;

	if (!obj)
		return;
	if (obj->kind == TPM2E_OBJ_HASH_SEQ || obj->kind == TPM2E_OBJ_EVENT_SEQ)
		for (i = 0; i < obj->seq.n_hash; i++)
			tpm2_plat_hash_final(&obj->seq.hash[i], NULL);
	tpm2_plat_free_sensitive(obj, sizeof(*obj));
}

/**
 * tpm2_object_alloc() - take a free slot for a new object
 * @e: engine
 * @obj: the new object, zeroed, its kind still to be set
 * @handle: its handle
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_OBJECT_MEMORY when every slot is taken;
 * TPM_RC_MEMORY when the host is out of memory.
 */
u32 tpm2_object_alloc(struct tpm2_engine *e, struct tpm2_object **obj,
		      u32 *handle)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_LOADED_OBJECTS; i++)
		if (!e->objects[i])
			break;
	if (i == TPM2E_MAX_LOADED_OBJECTS)
		return TPM2E_RC_OBJECT_MEMORY;
	*obj = tpm2_plat_zalloc(sizeof(**obj));
	if (!*obj)
		return TPM2E_RC_MEMORY;
	e->objects[i] = *obj;
	*handle = TPM2E_TRANSIENT_FIRST + i;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_object_set_auth() - set an object's authValue
 * @obj: the object
 * @auth: the value
 * @size: its bytes, at most TPM2E_MAX_DIGEST_SIZE
 *
 * Trailing zeros of an authValue are not significant: they are dropped.
 */
void tpm2_object_set_auth(struct tpm2_object *obj, const u8 *auth, u16 size)
{
	size = tpm2_auth_trim(auth, size);
	memcpy(obj->auth, auth, size);
	obj->auth_size = size;
}

/* The persistent object of a handle, whatever the state of its hierarchy */
static int tpm2_persistent_index(const struct tpm2_engine *e, u32 handle)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MIN_EVICT_OBJECTS && e->persistent[i]; i++)
		if (e->persistent[i]->evict_handle == handle)
			return i;
	return -1;
}

/**
 * tpm2_object_get() - the loaded object a handle names
 * @e: engine
 * @handle: any handle; untrusted
 *
 * A persistent object counts as loaded while its hierarchy is enabled and
 * so is the hierarchy of its handle's range: the platform's (phEnable) or
 * the owner's (shEnable), as in ms-tpm-20-ref's ObjectLoadEvict().
 *
 * Return: the object, or NULL when @handle names no loaded object.
 */
struct tpm2_object *tpm2_object_get(const struct tpm2_engine *e, u32 handle)
{
	u32 i = handle - TPM2E_TRANSIENT_FIRST;
	u32 range = handle >= TPM2E_PERSISTENT_PLATFORM ? TPM2E_RH_PLATFORM :
		    TPM2E_RH_OWNER;
	int p;

	if (handle >> TPM2E_HT_SHIFT == TPM2E_HT_PERSISTENT) {
		p = tpm2_persistent_index(e, handle);
		if (p < 0 || tpm2_hierarchy_enabled(e, range) ||
		    tpm2_hierarchy_enabled(e, e->persistent[p]->hierarchy))
			return NULL;
		return e->persistent[p];
	}
	if (!tpm2_handle_is_transient(handle) || i >= TPM2E_MAX_LOADED_OBJECTS)
		return NULL;
	return e->objects[i];
}

/**
 * tpm2_persistent_add() - make a copy of a transient object persistent
 * @e: engine
 * @obj: the object
 * @handle: its persistent handle, not in use
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_NV_SPACE when every place is taken, or
 * TPM_RC_MEMORY.
 */
u32 tpm2_persistent_add(struct tpm2_engine *e, const struct tpm2_object *obj,
			u32 handle)
{
	struct tpm2_object *copy;
	unsigned int n, i;

	for (n = 0; n < TPM2E_MIN_EVICT_OBJECTS && e->persistent[n]; n++)
		;
	if (n == TPM2E_MIN_EVICT_OBJECTS)
		return TPM2E_RC_NV_SPACE;
	copy = tpm2_plat_zalloc(sizeof(*copy));
	if (!copy)
		return TPM2E_RC_MEMORY;
	*copy = *obj;
	copy->evict_handle = handle;
	for (i = n; i && e->persistent[i - 1]->evict_handle > handle; i--)
		e->persistent[i] = e->persistent[i - 1];
	e->persistent[i] = copy;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_persistent_exists() - is a persistent handle in use?
 * @e: engine
 * @handle: a persistent handle
 *
 * Return: true when an object has it, enabled hierarchy or not.
 */
bool tpm2_persistent_exists(const struct tpm2_engine *e, u32 handle)
{
	return tpm2_persistent_index(e, handle) >= 0;
}

/* Remove persistent object @i, keeping the others in order */
static void tpm2_persistent_remove(struct tpm2_engine *e, unsigned int i)
{
	tpm2_plat_free_sensitive(e->persistent[i], sizeof(*e->persistent[i]));
	for (; i + 1 < TPM2E_MIN_EVICT_OBJECTS; i++)
		e->persistent[i] = e->persistent[i + 1];
	e->persistent[i] = NULL;
}

/**
 * tpm2_persistent_evict() - remove a persistent object
 * @e: engine
 * @handle: its handle; nothing happens when no object has it
 */
void tpm2_persistent_evict(struct tpm2_engine *e, u32 handle)
{
	int i = tpm2_persistent_index(e, handle);

	if (i >= 0)
		tpm2_persistent_remove(e, i);
}

/**
 * tpm2_persistent_flush_hierarchy() - remove the persistent objects of a
 * hierarchy
 * @e: engine
 * @hierarchy: TPM_RH_PLATFORM, TPM_RH_OWNER or TPM_RH_ENDORSEMENT
 *
 * What TPM2_Clear, ChangeEPS and ChangePPS do to them.
 */
void tpm2_persistent_flush_hierarchy(struct tpm2_engine *e, u32 hierarchy)
{
	unsigned int i = 0;

	while (i < TPM2E_MIN_EVICT_OBJECTS && e->persistent[i]) {
		if (e->persistent[i]->hierarchy == hierarchy)
			tpm2_persistent_remove(e, i);
		else
			i++;
	}
}

/**
 * tpm2_persistent_free_all() - free every persistent object
 * @e: engine, being destroyed
 */
void tpm2_persistent_free_all(struct tpm2_engine *e)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MIN_EVICT_OBJECTS; i++) {
		tpm2_plat_free_sensitive(e->persistent[i],
					 sizeof(*e->persistent[i]));
		e->persistent[i] = NULL;
	}
}

/**
 * tpm2_persistent_count() - number of persistent objects
 * @e: engine
 *
 * Return: the count, enabled hierarchies or not (TPM_PT_HR_PERSISTENT).
 */
u32 tpm2_persistent_count(const struct tpm2_engine *e)
{
	u32 n;

	for (n = 0; n < TPM2E_MIN_EVICT_OBJECTS && e->persistent[n]; n++)
		;
	return n;
}

/**
 * tpm2_persistent_handles() - persistent handles from one on, in order
 * @e: engine
 * @first: the smallest handle wanted
 * @out: output, room for @max handles
 * @max: most handles wanted
 * @more: set when handles beyond the last one returned exist
 *
 * Return: handles written.
 */
u32 tpm2_persistent_handles(const struct tpm2_engine *e, u32 first, u32 *out,
			    u32 max, bool *more)
{
	unsigned int i;
	u32 n = 0;

	*more = false;
	for (i = 0; i < TPM2E_MIN_EVICT_OBJECTS && e->persistent[i]; i++) {
		if (e->persistent[i]->evict_handle < first)
			continue;
		if (n == max) {
			*more = true;
			break;
		}
		out[n++] = e->persistent[i]->evict_handle;
	}
	return n;
}

/**
 * tpm2_object_flush() - flush a loaded object from its slot
 * @e: engine
 * @handle: handle of a loaded object (tpm2_object_get() is not NULL)
 */
void tpm2_object_flush(struct tpm2_engine *e, u32 handle)
{
	u32 i = handle - TPM2E_TRANSIENT_FIRST;

	if (!tpm2_handle_is_transient(handle) || !tpm2_object_get(e, handle))
		return;
	tpm2_object_free(e->objects[i]);
	e->objects[i] = NULL;
}

/**
 * tpm2_objects_flush_all() - flush every transient object
 * @e: engine
 *
 * What _TPM_Init and TPM2_Startup do: no object survives either.
 */
void tpm2_objects_flush_all(struct tpm2_engine *e)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_LOADED_OBJECTS; i++) {
		tpm2_object_free(e->objects[i]);
		e->objects[i] = NULL;
	}
}

/**
 * tpm2_objects_flush_hierarchy() - flush the transient objects of a hierarchy
 * @e: engine
 * @hierarchy: TPM_RH_PLATFORM, TPM_RH_OWNER or TPM_RH_ENDORSEMENT
 *
 * What disabling or renewing a hierarchy does to its loaded objects.
 */
void tpm2_objects_flush_hierarchy(struct tpm2_engine *e, u32 hierarchy)
{
	unsigned int i;

	for (i = 0; i < TPM2E_MAX_LOADED_OBJECTS; i++) {
		if (e->objects[i] && e->objects[i]->hierarchy == hierarchy) {
			tpm2_object_free(e->objects[i]);
			e->objects[i] = NULL;
		}
	}
}

/**
 * tpm2_objects_loaded() - number of loaded transient objects
 * @e: engine
 *
 * Return: the count.
 */
u32 tpm2_objects_loaded(const struct tpm2_engine *e)
{
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < TPM2E_MAX_LOADED_OBJECTS; i++)
		n += !!e->objects[i];
	return n;
}
