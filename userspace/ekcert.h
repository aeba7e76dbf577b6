/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EK certificates for an LTPM: create the endorsement key from the default
 * template of the TCG EK Credential Profile, certify its public key with a
 * CA the administrator holds, and store the certificate in the TPM's NV
 * index where the profile says clients look for it (0x01c00002 for RSA
 * 2048, 0x01c0000a for ECC NIST P-256).
 *
 * The TPM is reached through a transport callback only, so the same code
 * drives a raw /dev/tpmN (htpmctl ekcert) and an engine in-process (the
 * userspace tests).
 */
#ifndef _HTPM_USERSPACE_EKCERT_H
#define _HTPM_USERSPACE_EKCERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* The EK Credential Profile's low-range indices (clause 2.2.1.4) */
#define HTPM_EKCERT_NV_RSA	0x01c00002u
#define HTPM_EKCERT_NV_ECC	0x01c0000au

/*
 * TPMA_NV of the certificate indices: PPWRITE, WRITEDEFINE, PPREAD,
 * OWNERREAD, AUTHREAD, NO_DA, PLATFORMCREATE (an ordinary index anyone may
 * read with an empty password, which only the platform may write, and
 * then only once: NV_WriteLock sets WRITELOCKED until it is undefined).
 */
#define HTPM_EKCERT_NV_ATTRS	0x42072001u

/* Default validity of a certificate, in days */
#define HTPM_EKCERT_DAYS	3650

/* Largest command and response exchanged */
#define HTPM_EKCERT_BUF_MAX	4096

/**
 * typedef htpm_ekcert_xfer_t - send one command, receive its response
 * @priv: the transport's own data
 * @cmd: the command, @len bytes
 * @len: its length
 * @rsp: room for the response
 * @rsp_len: in: the room in @rsp (HTPM_EKCERT_BUF_MAX); out: its length
 *
 * Return: 0, or -1 when the command could not be exchanged (the transport
 * then wrote why to the htpm_ekcert_tpm's @err with htpm_ekcert_errf()).
 */
typedef int (*htpm_ekcert_xfer_t)(void *priv, const uint8_t *cmd,
				   size_t len, uint8_t *rsp, size_t *rsp_len);

/**
 * struct htpm_ekcert_tpm - a TPM to provision
 * @xfer: its transport
 * @priv: passed to @xfer
 * @err: why the last call failed, for the user
 */
struct htpm_ekcert_tpm {
	htpm_ekcert_xfer_t xfer;
	void *priv;
	char err[512];
};

/* The two EK kinds of the profile's low range */
enum htpm_ek_type {
	HTPM_EK_RSA,		/* RSA 2048, template L-1 */
	HTPM_EK_ECC,		/* ECC NIST P-256, template L-2 */
};

/**
 * struct htpm_ekcert_opts - how to make a certificate
 * @ca_key: the CA's private key (RSA or EC); signs with SHA-256
 * @ca_cert: the CA's certificate; its subject becomes the issuer
 * @days: validity from now, in days (1 or more)
 * @subject: NULL for the profile's empty subject (the subjectAltName then
 *	is critical), or "/KEY=VALUE/..." as openssl's -subj takes it
 */
struct htpm_ekcert_opts {
	EVP_PKEY *ca_key;
	X509 *ca_cert;
	unsigned int days;
	const char *subject;
};

/**
 * struct htpm_ekcert_result - what htpm_ekcert_provision() stored
 * @nv_index: the NV index
 * @size: bytes of DER there
 * @serial: the certificate's serial number, in hex
 * @replaced: an index was there before and was undefined first
 */
struct htpm_ekcert_result {
	uint32_t nv_index;
	size_t size;
	char serial[48];
	bool replaced;
};

/**
 * htpm_ekcert_errf() - say why an operation on @t failed
 * @t: the TPM
 * @fmt: printf format
 *
 * Return: -1, for "return htpm_ekcert_errf(...)".
 */
int htpm_ekcert_errf(struct htpm_ekcert_tpm *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * htpm_ekcert_type_name() - "rsa" or "ecc"
 * @type: the EK kind
 *
 * Return: its name.
 */
const char *htpm_ekcert_type_name(enum htpm_ek_type type);

/**
 * htpm_ekcert_nv_index() - the NV index of an EK kind's certificate
 * @type: the EK kind
 *
 * Return: HTPM_EKCERT_NV_RSA or HTPM_EKCERT_NV_ECC.
 */
uint32_t htpm_ekcert_nv_index(enum htpm_ek_type type);

/**
 * htpm_ekcert_create_ek() - the EK's public key
 * @t: the TPM; endorsement authorization must be empty
 * @type: which template
 *
 * TPM2_CreatePrimary in the endorsement hierarchy with the profile's
 * default template, then TPM2_FlushContext of the new object.
 *
 * Return: the public key, or NULL (@t->err says why).
 */
EVP_PKEY *htpm_ekcert_create_ek(struct htpm_ekcert_tpm *t,
				enum htpm_ek_type type);

/**
 * htpm_ekcert_build() - an EK certificate for a public key
 * @t: the TPM, for its manufacturer, model and firmware version
 *	(TPM2_GetCapability), and for errors
 * @type: the EK kind (sets keyUsage)
 * @ek: the EK's public key
 * @o: CA and validity
 * @der: out: the DER, to be freed with OPENSSL_free()
 * @der_len: out: its length
 * @serial: out: the serial number in hex, or NULL
 * @serial_len: room in @serial
 *
 * Return: 0, or -1 (@t->err says why).
 */
int htpm_ekcert_build(struct htpm_ekcert_tpm *t, enum htpm_ek_type type,
		      EVP_PKEY *ek, const struct htpm_ekcert_opts *o,
		      uint8_t **der, size_t *der_len, char *serial,
		      size_t serial_len);

/**
 * htpm_ekcert_store() - put a certificate into its NV index
 * @t: the TPM; platform authorization must be empty
 * @nv_index: the index; an index already there is undefined first
 * @der: the certificate
 * @der_len: its length
 * @replaced: out: whether an index was undefined first
 *
 * NV_DefineSpace (platform), NV_Write in chunks, NV_WriteLock, and
 * NV_Read to compare what the TPM kept with what was written. If a step
 * after NV_DefineSpace fails the index is undefined again.
 *
 * Return: 0, or -1 (@t->err says why).
 */
int htpm_ekcert_store(struct htpm_ekcert_tpm *t, uint32_t nv_index,
		      const uint8_t *der, size_t der_len, bool *replaced);

/**
 * htpm_ekcert_provision() - all three steps for one EK kind
 * @t: the TPM
 * @type: the EK kind
 * @o: CA and validity
 * @res: out: what was stored
 *
 * Return: 0, or -1 (@t->err says why).
 */
int htpm_ekcert_provision(struct htpm_ekcert_tpm *t, enum htpm_ek_type type,
			  const struct htpm_ekcert_opts *o,
			  struct htpm_ekcert_result *res);

#endif /* _HTPM_USERSPACE_EKCERT_H */
