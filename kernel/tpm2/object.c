// SPDX-License-Identifier: GPL-2.0
/*
 * The transient object slots. An object's memory is allocated when it is
 * loaded and zeroized when it is flushed, so an idle TPM holds none; the
 * handle of slot i is TPM2E_TRANSIENT_FIRST + i.
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

/**
 * tpm2_object_get() - the loaded object a handle names
 * @e: engine
 * @handle: any handle; untrusted
 *
 * Return: the object, or NULL when @handle names no loaded object.
 */
struct tpm2_object *tpm2_object_get(const struct tpm2_engine *e, u32 handle)
{
	u32 i = handle - TPM2E_TRANSIENT_FIRST;

	if (!tpm2_handle_is_transient(handle) || i >= TPM2E_MAX_LOADED_OBJECTS)
		return NULL;
	return e->objects[i];
}

/**
 * tpm2_object_flush() - flush a loaded object from its slot
 * @e: engine
 * @handle: handle of a loaded object (tpm2_object_get() is not NULL)
 */
void tpm2_object_flush(struct tpm2_engine *e, u32 handle)
{
	u32 i = handle - TPM2E_TRANSIENT_FIRST;

	if (!tpm2_object_get(e, handle))
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
