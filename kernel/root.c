// SPDX-License-Identifier: GPL-2.0
/*
 * The HTPM root secret. Every LTPM's seeds and state keys are derived from
 * it and the LTPM's identity, so LTPM state is anchored to the host.
 *
 * The root comes from a kernel keyring key named by the root_key module
 * parameter: a "logon" key, or else an "encrypted" key (which on kernels
 * with trusted keys can be sealed to the hardware TPM). Without one, the
 * root is random for this load of the module.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <keys/encrypted-type.h>
#include <keys/user-type.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/random.h>
#include <linux/string.h>

#include "htpm.h"

/* Shortest key payload accepted as root material. */
#define HTPM_ROOT_KEY_MIN	32

static u8 htpm_root[HTPM_ROOT_SIZE];
static struct crypto_shash *htpm_hmac;

static int htpm_root_extract(const u8 *ikm, size_t len)
{
	static const char salt[] = "htpm root v1";
	SHASH_DESC_ON_STACK(desc, htpm_hmac);
	int rc;

	rc = crypto_shash_setkey(htpm_hmac, salt, sizeof(salt) - 1);
	if (rc)
		return rc;
	desc->tfm = htpm_hmac;
	rc = crypto_shash_digest(desc, ikm, len, htpm_root);
	shash_desc_zero(desc);
	return rc;
}

static int htpm_root_from_payload(struct key *key)
{
	const struct encrypted_key_payload *ep;
	const struct user_key_payload *up;
	int rc = -EKEYREVOKED;

	down_read(&key->sem);
	if (key->type == &key_type_logon) {
		up = user_key_payload_locked(key);
		if (up && up->datalen < HTPM_ROOT_KEY_MIN)
			rc = -EINVAL;
		else if (up)
			rc = htpm_root_extract(up->data, up->datalen);
	} else {
		ep = dereference_key_locked(key);
		if (ep && ep->decrypted_datalen < HTPM_ROOT_KEY_MIN)
			rc = -EINVAL;
		else if (ep)
			rc = htpm_root_extract(ep->decrypted_data,
					       ep->decrypted_datalen);
	}
	up_read(&key->sem);
	return rc;
}

static int htpm_root_from_key(const char *desc)
{
	struct key *key;
	int rc;

	key = request_key(&key_type_logon, desc, NULL);
	if (IS_ERR(key) && PTR_ERR(key) == -ENOKEY)
		key = request_key(&key_type_encrypted, desc, NULL);
	if (IS_ERR(key)) {
		rc = PTR_ERR(key);
		pr_err("root_key \"%s\": no logon or encrypted key of that name in the loader's keyrings (%d)\n",
		       desc, rc);
		return rc;
	}
	rc = htpm_root_from_payload(key);
	key_put(key);
	if (rc == -EINVAL)
		pr_err("root_key \"%s\": payload shorter than %d bytes\n",
		       desc, HTPM_ROOT_KEY_MIN);
	else if (rc)
		pr_err("root_key \"%s\": cannot read it (%d)\n", desc, rc);
	return rc;
}

/**
 * htpm_root_init() - establish the root secret
 * @key_desc: description of the keyring key holding the root material, or
 *	NULL/empty for a random root
 *
 * Return: 0, or a negative errno (the key is missing, revoked or short).
 */
int htpm_root_init(const char *key_desc)
{
	int rc;

	htpm_hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(htpm_hmac)) {
		rc = PTR_ERR(htpm_hmac);
		htpm_hmac = NULL;
		pr_err("hmac(sha256) unavailable (%d)\n", rc);
		return rc;
	}

	if (key_desc && *key_desc) {
		rc = htpm_root_from_key(key_desc);
		if (rc)
			goto err;
		pr_info("root secret from key \"%s\"\n", key_desc);
	} else {
		get_random_bytes(htpm_root, sizeof(htpm_root));
		pr_warn("no root_key given: using a random root secret; LTPM state will not survive a reload of the module\n");
	}

	/* From here on the transform is keyed by the root, for good. */
	rc = crypto_shash_setkey(htpm_hmac, htpm_root, sizeof(htpm_root));
	if (!rc)
		return 0;
err:
	htpm_root_exit();
	return rc;
}

/**
 * htpm_root_exit() - forget the root secret
 */
void htpm_root_exit(void)
{
	memzero_explicit(htpm_root, sizeof(htpm_root));
	if (htpm_hmac)
		crypto_free_shash(htpm_hmac);
	htpm_hmac = NULL;
}

/**
 * htpm_root_derive() - derive key material from the root secret
 * @label: what the material is for; distinct uses need distinct labels
 * @context: binds the material to an instance, e.g. an LTPM's UUID
 * @context_len: bytes in @context
 * @out: output
 * @out_len: bytes wanted
 *
 * A counter-mode KDF (NIST SP 800-108) with HMAC-SHA-256 keyed by the root:
 * block i = HMAC(root, be32(i) || label || 0x00 || context || be32(bits)).
 * The transform was keyed once by htpm_root_init(), so concurrent callers
 * are safe.
 *
 * Return: 0 or a negative errno.
 */
int htpm_root_derive(const char *label, const void *context,
		     size_t context_len, u8 *out, size_t out_len)
{
	u8 block[HTPM_ROOT_SIZE];
	__be32 counter, bits;
	size_t done, n;
	int rc;

	if (!htpm_hmac || out_len > 0xffff)
		return -EINVAL;

	rc = 0;
	bits = cpu_to_be32(out_len * 8);
	for (done = 0, n = 1; done < out_len; n++) {
		SHASH_DESC_ON_STACK(desc, htpm_hmac);

		desc->tfm = htpm_hmac;
		counter = cpu_to_be32(n);
		rc = crypto_shash_init(desc) ?:
		     crypto_shash_update(desc, (u8 *)&counter, sizeof(counter)) ?:
		     crypto_shash_update(desc, label, strlen(label) + 1) ?:
		     crypto_shash_update(desc, context, context_len) ?:
		     crypto_shash_update(desc, (u8 *)&bits, sizeof(bits)) ?:
		     crypto_shash_final(desc, block);
		shash_desc_zero(desc);
		if (rc)
			break;
		memcpy(out + done, block, min(out_len - done, sizeof(block)));
		done += min(out_len - done, sizeof(block));
	}
	memzero_explicit(block, sizeof(block));
	if (rc)
		memzero_explicit(out, out_len);
	return rc;
}
