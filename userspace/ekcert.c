// SPDX-License-Identifier: GPL-2.0
/*
 * EK certificates for an LTPM (see ekcert.h).
 *
 * The TPM commands are marshalled here by hand, big-endian as TPM 2.0
 * Part 1 clause 18 says, and every response is parsed with its lengths
 * checked: the TPM is a device whose answers are not trusted. The
 * certificate is made with OpenSSL; the CA key never leaves this process.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "ekcert.h"

/* TPM 2.0 Part 2 constants, the few used here */
#define EKC_ST_NO_SESSIONS	0x8001
#define EKC_ST_SESSIONS		0x8002

#define EKC_CC_NV_UNDEFINE_SPACE 0x0122
#define EKC_CC_NV_DEFINE_SPACE	0x012A
#define EKC_CC_CREATE_PRIMARY	0x0131
#define EKC_CC_NV_WRITE		0x0137
#define EKC_CC_NV_WRITE_LOCK	0x0138
#define EKC_CC_NV_READ		0x014E
#define EKC_CC_FLUSH_CONTEXT	0x0165
#define EKC_CC_NV_READ_PUBLIC	0x0169
#define EKC_CC_GET_CAPABILITY	0x017A

#define EKC_RH_OWNER		0x40000001u
#define EKC_RS_PW		0x40000009u
#define EKC_RH_ENDORSEMENT	0x4000000Bu
#define EKC_RH_PLATFORM		0x4000000Cu

#define EKC_ALG_RSA		0x0001
#define EKC_ALG_AES		0x0006
#define EKC_ALG_SHA256		0x000B
#define EKC_ALG_NULL		0x0010
#define EKC_ALG_ECC		0x0023
#define EKC_ALG_CFB		0x0043
#define EKC_ECC_NIST_P256	0x0003

#define EKC_CAP_TPM_PROPERTIES	6
#define EKC_PT_MANUFACTURER	0x105
#define EKC_PT_VENDOR_STRING_1	0x106
#define EKC_PT_FIRMWARE_VERSION_1 0x10B
#define EKC_PT_NV_INDEX_MAX	0x117
#define EKC_PT_NV_BUFFER_MAX	0x12C

#define EKC_NV_POLICY_DELETE	(1u << 10)
#define EKC_NV_PLATFORMCREATE	(1u << 30)

/* Response codes the messages explain */
#define EKC_RC_INITIALIZE	0x100
#define EKC_RC_NV_LOCKED	0x148
#define EKC_RC_NV_AUTHORIZATION	0x149
#define EKC_RC_NV_SPACE		0x14B
#define EKC_RC_NV_DEFINED	0x14C
#define EKC_RC_FMT1		0x080
#define EKC_RC_HIERARCHY	0x085	/* format one, without the number */
#define EKC_RC_AUTH_FAIL	0x08E
#define EKC_RC_HANDLE		0x08B
#define EKC_RC_BAD_AUTH		0x0A2

/* Largest chunk of an NV_Write or NV_Read (TPM_PT_NV_BUFFER_MAX at most) */
#define EKC_NV_CHUNK		1024

/* TPM2_PolicySecret(TPM_RH_ENDORSEMENT): the EK templates' authPolicy */
static const uint8_t ekc_policy_a[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8,
	0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
	0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64,
	0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};

/*
 * fixedTPM, fixedParent, sensitiveDataOrigin, adminWithPolicy, restricted,
 * decrypt
 */
#define EKC_EK_ATTRS		0x000300B2u

int htpm_ekcert_errf(struct htpm_ekcert_tpm *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->err, sizeof(t->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* OpenSSL's last error after "what: " */
static int ekc_ossl_err(struct htpm_ekcert_tpm *t, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256];

	if (e) {
		ERR_error_string_n(e, buf, sizeof(buf));
		htpm_ekcert_errf(t, "%s: %s", what, buf);
	} else {
		htpm_ekcert_errf(t, "%s failed", what);
	}
	ERR_clear_error();
	return -1;
}

const char *htpm_ekcert_type_name(enum htpm_ek_type type)
{
	return type == HTPM_EK_ECC ? "ecc" : "rsa";
}

uint32_t htpm_ekcert_nv_index(enum htpm_ek_type type)
{
	return type == HTPM_EK_ECC ? HTPM_EKCERT_NV_ECC : HTPM_EKCERT_NV_RSA;
}

/* ---- marshalling -------------------------------------------------------- */

struct ekc_cmd {
	uint8_t b[HTPM_EKCERT_BUF_MAX];
	size_t len;
	bool over;
};

static uint8_t *ekc_room(struct ekc_cmd *c, size_t n)
{
	uint8_t *p;

	if (c->over || n > sizeof(c->b) - c->len) {
		c->over = true;
		return NULL;
	}
	p = c->b + c->len;
	c->len += n;
	return p;
}

static void ekc_u8(struct ekc_cmd *c, uint8_t v)
{
	uint8_t *p = ekc_room(c, 1);

	if (p)
		p[0] = v;
}

static void ekc_u16(struct ekc_cmd *c, uint16_t v)
{
	uint8_t *p = ekc_room(c, 2);

	if (p) {
		p[0] = v >> 8;
		p[1] = v;
	}
}

static void ekc_u32(struct ekc_cmd *c, uint32_t v)
{
	uint8_t *p = ekc_room(c, 4);

	if (p) {
		p[0] = v >> 24;
		p[1] = v >> 16;
		p[2] = v >> 8;
		p[3] = v;
	}
}

static void ekc_bytes(struct ekc_cmd *c, const void *d, size_t n)
{
	uint8_t *p = ekc_room(c, n);

	if (p && n)
		memcpy(p, d, n);
}

/* n zero bytes */
static void ekc_zeros(struct ekc_cmd *c, size_t n)
{
	uint8_t *p = ekc_room(c, n);

	if (p && n)
		memset(p, 0, n);
}

static uint32_t ekc_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * The header and handles of a command; with @auth, an authorization area
 * holding one empty password session (TPM_RS_PW) for the first handle.
 */
static void ekc_start(struct ekc_cmd *c, uint32_t cc, bool auth,
		      int nr_handles, uint32_t h0, uint32_t h1)
{
	c->len = 0;
	c->over = false;
	ekc_u16(c, auth ? EKC_ST_SESSIONS : EKC_ST_NO_SESSIONS);
	ekc_u32(c, 0);		/* commandSize, set by ekc_exec() */
	ekc_u32(c, cc);
	if (nr_handles > 0)
		ekc_u32(c, h0);
	if (nr_handles > 1)
		ekc_u32(c, h1);
	if (auth) {
		ekc_u32(c, 9);	/* authorizationSize */
		ekc_u32(c, EKC_RS_PW);
		ekc_u16(c, 0);	/* nonce */
		ekc_u8(c, 0);	/* sessionAttributes */
		ekc_u16(c, 0);	/* hmac: the empty password */
	}
}

/* A bounded reader of response parameters */
struct ekc_rd {
	const uint8_t *p;
	size_t left;
	bool bad;
};

static const uint8_t *ekc_take(struct ekc_rd *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->left) {
		r->bad = true;
		return NULL;
	}
	p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static uint8_t ekc_rd8(struct ekc_rd *r)
{
	const uint8_t *p = ekc_take(r, 1);

	return p ? p[0] : 0;
}

static uint16_t ekc_rd16(struct ekc_rd *r)
{
	const uint8_t *p = ekc_take(r, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static uint32_t ekc_rd32(struct ekc_rd *r)
{
	const uint8_t *p = ekc_take(r, 4);

	return p ? ekc_get32(p) : 0;
}

/* A TPM2B: its size into *n, a pointer to its bytes (NULL when short) */
static const uint8_t *ekc_rd2b(struct ekc_rd *r, uint16_t *n)
{
	*n = ekc_rd16(r);
	return ekc_take(r, *n);
}

struct ekc_rsp {
	uint8_t b[HTPM_EKCERT_BUF_MAX];
	size_t len;
	uint32_t rc;
	uint32_t handle;	/* the first response handle, if any */
	struct ekc_rd params;	/* the response parameters, when rc is 0 */
};

/* "TPM_RC_..." for the codes an administrator may meet, else "" */
static const char *ekc_rc_name(uint32_t rc)
{
	if (rc & EKC_RC_FMT1) {
		switch (rc & 0xBF) {
		case EKC_RC_HIERARCHY: return " (TPM_RC_HIERARCHY)";
		case EKC_RC_AUTH_FAIL: return " (TPM_RC_AUTH_FAIL)";
		case EKC_RC_BAD_AUTH: return " (TPM_RC_BAD_AUTH)";
		case EKC_RC_HANDLE: return " (TPM_RC_HANDLE)";
		}
		return "";
	}
	switch (rc) {
	case EKC_RC_INITIALIZE: return " (TPM_RC_INITIALIZE)";
	case EKC_RC_NV_LOCKED: return " (TPM_RC_NV_LOCKED)";
	case EKC_RC_NV_AUTHORIZATION: return " (TPM_RC_NV_AUTHORIZATION)";
	case EKC_RC_NV_SPACE: return " (TPM_RC_NV_SPACE)";
	case EKC_RC_NV_DEFINED: return " (TPM_RC_NV_DEFINED)";
	case 0x143: return " (TPM_RC_COMMAND_CODE: the TPM lacks the command)";
	case 0x902: return " (TPM_RC_OBJECT_MEMORY)";
	}
	return "";
}

static bool ekc_rc_is(uint32_t rc, uint32_t fmt1)
{
	return (rc & EKC_RC_FMT1) && (rc & 0xBF) == fmt1;
}

/* What the administrator can do about @rc, or "" */
static const char *ekc_rc_hint(uint32_t rc, uint32_t hierarchy)
{
	if (rc == EKC_RC_INITIALIZE)
		return "; the TPM awaits TPM2_Startup (tpm2_startup -c)";
	if (ekc_rc_is(rc, EKC_RC_HIERARCHY))
		return "; the hierarchy is disabled (TPM2_HierarchyControl): a TPM Reset (htpmctl reset, then tpm2_startup -c) enables it again";
	if ((ekc_rc_is(rc, EKC_RC_AUTH_FAIL) ||
	     ekc_rc_is(rc, EKC_RC_BAD_AUTH)) &&
	    hierarchy == EKC_RH_ENDORSEMENT)
		return "; the endorsement hierarchy has a password, and ekcert needs it empty";
	if ((ekc_rc_is(rc, EKC_RC_AUTH_FAIL) ||
	     ekc_rc_is(rc, EKC_RC_BAD_AUTH)) &&
	    hierarchy == EKC_RH_PLATFORM)
		return "; the platform hierarchy has a password (set since the last Startup(CLEAR)): a TPM Reset clears it";
	if (rc == EKC_RC_NV_SPACE)
		return "; the TPM's NV storage is full";
	return "";
}

/* An error for a TPM response code; returns -1 */
static int ekc_rc_err(struct htpm_ekcert_tpm *t, const char *what,
		      uint32_t rc, uint32_t hierarchy)
{
	return htpm_ekcert_errf(t, "%s: TPM response code 0x%03x%s%s", what,
				rc, ekc_rc_name(rc),
				ekc_rc_hint(rc, hierarchy));
}

/*
 * Send @c, receive into @r and check the response's framing: header,
 * its size, @nr_handles response handles and, for a response with
 * sessions, parameterSize. Returns -1 for a transport or framing error
 * (@t->err says why), else 0 with @r->rc set and, when it is 0, @r->params
 * bounded to the response parameters.
 */
static int ekc_exec(struct htpm_ekcert_tpm *t, struct ekc_cmd *c,
		    const char *what, int nr_handles, struct ekc_rsp *r)
{
	char keep[sizeof(t->err)];
	struct ekc_rd rd;
	uint16_t tag;
	uint32_t psize;
	int i;

	if (c->over || c->len < 10)
		return htpm_ekcert_errf(t, "%s: command too long", what);
	c->b[2] = c->len >> 24;
	c->b[3] = c->len >> 16;
	c->b[4] = c->len >> 8;
	c->b[5] = c->len;

	memset(r, 0, sizeof(*r));
	r->len = sizeof(r->b);
	/* an earlier error stays unless the transport reports its own */
	memcpy(keep, t->err, sizeof(keep));
	t->err[0] = '\0';
	if (t->xfer(t->priv, c->b, c->len, r->b, &r->len)) {
		if (!t->err[0])
			htpm_ekcert_errf(t, "%s: the TPM did not answer",
					 what);
		return -1;
	}
	memcpy(t->err, keep, sizeof(keep));
	if (r->len < 10 || r->len > sizeof(r->b) ||
	    ekc_get32(r->b + 2) != r->len)
		return htpm_ekcert_errf(t, "%s: malformed response (%zu bytes)",
					what, r->len);
	tag = (uint16_t)(r->b[0] << 8 | r->b[1]);
	r->rc = ekc_get32(r->b + 6);
	if (tag != EKC_ST_SESSIONS && tag != EKC_ST_NO_SESSIONS)
		return htpm_ekcert_errf(t, "%s: response tag 0x%04x",
					what, tag);
	if (r->rc)
		return 0;

	rd.p = r->b + 10;
	rd.left = r->len - 10;
	rd.bad = false;
	for (i = 0; i < nr_handles; i++) {
		uint32_t h = ekc_rd32(&rd);

		if (!i)
			r->handle = h;
	}
	if (tag == EKC_ST_SESSIONS) {
		psize = ekc_rd32(&rd);
		if (!rd.bad && psize > rd.left)
			rd.bad = true;
		rd.left = psize;
	}
	if (rd.bad)
		return htpm_ekcert_errf(t, "%s: response too short (%zu bytes)",
					what, r->len);
	r->params = rd;
	return 0;
}

/* ---- capabilities ----------------------------------------------------- */

/*
 * TPM_PT properties first .. first + n - 1 into vals[] (have[] says which
 * the TPM reported). Returns 0 or -1.
 */
static int ekc_props(struct htpm_ekcert_tpm *t, uint32_t first, uint32_t n,
		     uint32_t *vals, bool *have)
{
	struct ekc_cmd c;
	struct ekc_rsp r;
	uint32_t count, i, prop, val;

	memset(have, 0, n * sizeof(*have));
	ekc_start(&c, EKC_CC_GET_CAPABILITY, false, 0, 0, 0);
	ekc_u32(&c, EKC_CAP_TPM_PROPERTIES);
	ekc_u32(&c, first);
	ekc_u32(&c, n);
	if (ekc_exec(t, &c, "TPM2_GetCapability", 0, &r))
		return -1;
	if (r.rc)
		return ekc_rc_err(t, "TPM2_GetCapability", r.rc, 0);
	ekc_rd8(&r.params);	/* moreData */
	if (ekc_rd32(&r.params) != EKC_CAP_TPM_PROPERTIES && !r.params.bad)
		return htpm_ekcert_errf(t, "TPM2_GetCapability: answered another capability");
	count = ekc_rd32(&r.params);
	if (r.params.bad || count > r.params.left / 8)
		return htpm_ekcert_errf(t, "TPM2_GetCapability: malformed response");
	for (i = 0; i < count; i++) {
		prop = ekc_rd32(&r.params);
		val = ekc_rd32(&r.params);
		if (prop >= first && prop - first < n) {
			vals[prop - first] = val;
			have[prop - first] = true;
		}
	}
	return 0;
}

/* One property, or @dflt when the TPM does not report it */
static int ekc_prop(struct htpm_ekcert_tpm *t, uint32_t prop, uint32_t dflt,
		    uint32_t *val)
{
	bool have;

	if (ekc_props(t, prop, 1, val, &have))
		return -1;
	if (!have)
		*val = dflt;
	return 0;
}

/* ---- the endorsement key ---------------------------------------------- */

/*
 * The TPMT_PUBLIC of the EK Credential Profile's template L-1 (RSA 2048)
 * or L-2 (ECC NIST P-256); *unique_off is where its unique field starts.
 */
static void ekc_template(struct ekc_cmd *c, enum htpm_ek_type type,
			 size_t *unique_off)
{
	size_t start = c->len;

	ekc_u16(c, type == HTPM_EK_ECC ? EKC_ALG_ECC : EKC_ALG_RSA);
	ekc_u16(c, EKC_ALG_SHA256);		/* nameAlg */
	ekc_u32(c, EKC_EK_ATTRS);
	ekc_u16(c, sizeof(ekc_policy_a));
	ekc_bytes(c, ekc_policy_a, sizeof(ekc_policy_a));
	ekc_u16(c, EKC_ALG_AES);		/* symmetric */
	ekc_u16(c, 128);
	ekc_u16(c, EKC_ALG_CFB);
	ekc_u16(c, EKC_ALG_NULL);		/* scheme */
	if (type == HTPM_EK_ECC) {
		ekc_u16(c, EKC_ECC_NIST_P256);
		ekc_u16(c, EKC_ALG_NULL);	/* kdf */
		*unique_off = c->len - start;
		ekc_u16(c, 32);
		ekc_zeros(c, 32);
		ekc_u16(c, 32);
		ekc_zeros(c, 32);
	} else {
		ekc_u16(c, 2048);		/* keyBits */
		ekc_u32(c, 0);			/* exponent: 2^16 + 1 */
		*unique_off = c->len - start;
		ekc_u16(c, 256);
		ekc_zeros(c, 256);
	}
}

static EVP_PKEY *ekc_pkey_fromdata(struct htpm_ekcert_tpm *t,
				   const char *alg, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *pkey = NULL;

	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
		ekc_ossl_err(t, "the EK's public key");
		pkey = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *ekc_rsa_pub(struct htpm_ekcert_tpm *t, const uint8_t *n,
			     size_t n_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n, (int)n_len, NULL), *e = BN_new();
	EVP_PKEY *pkey = NULL;

	if (!bld || !bn || !e || !BN_set_word(e, 65537) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		ekc_ossl_err(t, "the EK's public key");
	else
		pkey = ekc_pkey_fromdata(t, "RSA", bld);
	BN_free(bn);
	BN_free(e);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/* P-256 point from coordinates of at most 32 bytes each */
static EVP_PKEY *ekc_ecc_pub(struct htpm_ekcert_tpm *t, const uint8_t *x,
			     uint16_t x_len, const uint8_t *y, uint16_t y_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	uint8_t pt[65];
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx;

	memset(pt, 0, sizeof(pt));
	pt[0] = 0x04;		/* uncompressed */
	memcpy(pt + 1 + 32 - x_len, x, x_len);
	memcpy(pt + 33 + 32 - y_len, y, y_len);
	if (!bld ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      pt, sizeof(pt)))
		ekc_ossl_err(t, "the EK's public key");
	else
		pkey = ekc_pkey_fromdata(t, "EC", bld);
	OSSL_PARAM_BLD_free(bld);
	if (!pkey)
		return NULL;
	/* the point came from the TPM: it must be on the curve */
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (!ctx || EVP_PKEY_public_check(ctx) != 1) {
		htpm_ekcert_errf(t, "the TPM's ECC EK is not a point of P-256");
		ERR_clear_error();
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/*
 * The public key in a TPMT_PUBLIC the TPM returned for the template
 * @tmpl (@tmpl_len bytes, unique at @unique_off): all but unique must be
 * the template's.
 */
static EVP_PKEY *ekc_parse_ek(struct htpm_ekcert_tpm *t,
			      enum htpm_ek_type type, const uint8_t *pub,
			      uint16_t pub_len, const uint8_t *tmpl,
			      size_t unique_off)
{
	struct ekc_rd rd;
	const uint8_t *a, *b;
	uint16_t a_len, b_len;

	if (pub_len < unique_off || memcmp(pub, tmpl, unique_off)) {
		htpm_ekcert_errf(t, "TPM2_CreatePrimary: the key's public area differs from the EK template");
		return NULL;
	}
	rd.p = pub + unique_off;
	rd.left = pub_len - unique_off;
	rd.bad = false;
	a = ekc_rd2b(&rd, &a_len);
	if (type == HTPM_EK_ECC) {
		b = ekc_rd2b(&rd, &b_len);
		if (rd.bad || rd.left || !a_len || a_len > 32 || !b_len ||
		    b_len > 32) {
			htpm_ekcert_errf(t, "TPM2_CreatePrimary: malformed ECC public key");
			return NULL;
		}
		return ekc_ecc_pub(t, a, a_len, b, b_len);
	}
	if (rd.bad || rd.left || a_len != 256 || !(a[0] & 0x80)) {
		htpm_ekcert_errf(t, "TPM2_CreatePrimary: malformed RSA public key (%u bytes)",
				 a_len);
		return NULL;
	}
	return ekc_rsa_pub(t, a, a_len);
}

static void ekc_flush(struct htpm_ekcert_tpm *t, uint32_t handle)
{
	struct ekc_cmd c;
	struct ekc_rsp r;
	char keep[sizeof(t->err)];

	/* a failing flush must not hide the error that came before */
	memcpy(keep, t->err, sizeof(keep));
	ekc_start(&c, EKC_CC_FLUSH_CONTEXT, false, 0, 0, 0);
	ekc_u32(&c, handle);
	if (ekc_exec(t, &c, "TPM2_FlushContext", 0, &r))
		memcpy(t->err, keep, sizeof(keep));
}

EVP_PKEY *htpm_ekcert_create_ek(struct htpm_ekcert_tpm *t,
				enum htpm_ek_type type)
{
	struct ekc_cmd c, tmpl;
	struct ekc_rsp r;
	const uint8_t *pub;
	size_t unique_off = 0;
	uint16_t pub_len;
	EVP_PKEY *pkey;

	tmpl.len = 0;
	tmpl.over = false;
	ekc_template(&tmpl, type, &unique_off);

	ekc_start(&c, EKC_CC_CREATE_PRIMARY, true, 1, EKC_RH_ENDORSEMENT, 0);
	ekc_u16(&c, 4);		/* inSensitive: empty userAuth and data */
	ekc_u16(&c, 0);
	ekc_u16(&c, 0);
	ekc_u16(&c, tmpl.len);	/* inPublic */
	ekc_bytes(&c, tmpl.b, tmpl.len);
	ekc_u16(&c, 0);		/* outsideInfo */
	ekc_u32(&c, 0);		/* creationPCR: none */
	if (ekc_exec(t, &c, "TPM2_CreatePrimary", 1, &r))
		return NULL;
	if (r.rc) {
		ekc_rc_err(t, "TPM2_CreatePrimary (endorsement hierarchy)",
			   r.rc, EKC_RH_ENDORSEMENT);
		return NULL;
	}
	pub = ekc_rd2b(&r.params, &pub_len);
	if (r.params.bad) {
		htpm_ekcert_errf(t, "TPM2_CreatePrimary: response too short");
		pkey = NULL;
	} else {
		pkey = ekc_parse_ek(t, type, pub, pub_len, tmpl.b,
				    unique_off);
	}
	ekc_flush(t, r.handle);
	return pkey;
}

/* ---- the certificate -------------------------------------------------- */

/* "/KEY=VALUE/KEY=VALUE" (backslash escapes the next character) */
static X509_NAME *ekc_parse_subject(struct htpm_ekcert_tpm *t,
				    const char *s)
{
	X509_NAME *name = X509_NAME_new();
	char buf[1024], *key, *val, *o;

	if (!name) {
		ekc_ossl_err(t, "subject");
		return NULL;
	}
	if (*s != '/') {
		htpm_ekcert_errf(t, "subject '%s': expected /KEY=VALUE/...", s);
		goto fail;
	}
	while (*s == '/') {
		s++;
		o = buf;
		key = buf;
		val = NULL;
		while (*s && *s != '/') {
			if (o - buf >= (long)sizeof(buf) - 1) {
				htpm_ekcert_errf(t, "subject: too long");
				goto fail;
			}
			if (*s == '\\' && s[1]) {
				s++;
			} else if (*s == '=' && !val) {
				*o++ = '\0';
				val = o;
				s++;
				continue;
			}
			*o++ = *s++;
		}
		*o = '\0';
		if (!val || !*key || !*val) {
			htpm_ekcert_errf(t, "subject: '%s' is not KEY=VALUE",
					 key);
			goto fail;
		}
		if (!X509_NAME_add_entry_by_txt(name, key, MBSTRING_UTF8,
						(const unsigned char *)val, -1,
						-1, 0)) {
			ERR_clear_error();
			htpm_ekcert_errf(t, "subject: unknown attribute '%s'",
					 key);
			goto fail;
		}
	}
	return name;
fail:
	X509_NAME_free(name);
	return NULL;
}

/*
 * The subjectAltName of the EK Credential Profile: a directoryName with
 * tcg-at-tpmManufacturer, tcg-at-tpmModel and tcg-at-tpmVersion.
 */
static int ekc_add_san(struct htpm_ekcert_tpm *t, X509 *x, bool critical)
{
	static const char *const oids[3] = {
		"2.23.133.2.1", "2.23.133.2.2", "2.23.133.2.3",
	};
	uint32_t v[7];
	bool have[7];
	char vals[3][40], *m;
	GENERAL_NAMES *gens = NULL;
	GENERAL_NAME *gen = NULL;
	X509_NAME *dn = NULL;
	ASN1_OBJECT *obj;
	int i, j, ret = -1;

	/* manufacturer, vendor strings 1-4, vendor type, firmware 1 */
	if (ekc_props(t, EKC_PT_MANUFACTURER, 7, v, have))
		return -1;
	snprintf(vals[0], sizeof(vals[0]), "id:%08X",
		 have[0] ? v[0] : 0);
	m = vals[1];
	for (i = 1; i <= 4; i++) {
		for (j = 3; have[i] && j >= 0; j--) {
			unsigned char ch = v[i] >> (8 * j);

			if (ch >= 0x20 && ch < 0x7f)
				*m++ = ch;
		}
	}
	while (m > vals[1] && m[-1] == ' ')
		m--;
	*m = '\0';
	if (!vals[1][0])
		snprintf(vals[1], sizeof(vals[1]), "unknown");
	snprintf(vals[2], sizeof(vals[2]), "id:%08X",
		 have[6] ? v[6] : 0);

	dn = X509_NAME_new();
	if (!dn)
		goto ossl;
	for (i = 0; i < 3; i++) {
		obj = OBJ_txt2obj(oids[i], 1);
		if (!obj)
			goto ossl;
		/* one multi-valued RDN, as TPM vendors' certificates have */
		if (!X509_NAME_add_entry_by_OBJ(dn, obj, MBSTRING_UTF8,
						(unsigned char *)vals[i], -1,
						-1, i ? -1 : 0)) {
			ASN1_OBJECT_free(obj);
			goto ossl;
		}
		ASN1_OBJECT_free(obj);
	}
	gens = GENERAL_NAMES_new();
	gen = GENERAL_NAME_new();
	if (!gens || !gen)
		goto ossl;
	GENERAL_NAME_set0_value(gen, GEN_DIRNAME, dn);
	dn = NULL;
	if (!sk_GENERAL_NAME_push(gens, gen))
		goto ossl;
	gen = NULL;
	if (X509_add1_ext_i2d(x, NID_subject_alt_name, gens, critical,
			      X509V3_ADD_REPLACE) != 1)
		goto ossl;
	ret = 0;
	goto out;
ossl:
	ekc_ossl_err(t, "subjectAltName");
out:
	X509_NAME_free(dn);
	GENERAL_NAME_free(gen);
	GENERAL_NAMES_free(gens);
	return ret;
}

static int ekc_add_ext(struct htpm_ekcert_tpm *t, X509 *x, X509V3_CTX *ctx,
		       int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	int ok;

	if (!ext)
		return ekc_ossl_err(t, value);
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : ekc_ossl_err(t, value);
}

int htpm_ekcert_build(struct htpm_ekcert_tpm *t, enum htpm_ek_type type,
		      EVP_PKEY *ek, const struct htpm_ekcert_opts *o,
		      uint8_t **der, size_t *der_len, char *serial,
		      size_t serial_len)
{
	X509 *x = NULL;
	X509_NAME *subj = NULL;
	X509V3_CTX ctx;
	BIGNUM *sn = NULL;
	uint8_t rnd[16];
	unsigned char *out = NULL;
	char *hex;
	int len, ret = -1;

	*der = NULL;
	*der_len = 0;
	if (!o->days)
		return htpm_ekcert_errf(t, "validity of 0 days");
	if (X509_check_private_key(o->ca_cert, o->ca_key) != 1) {
		ERR_clear_error();
		return htpm_ekcert_errf(t, "the CA key does not belong to the CA certificate");
	}
	if (o->subject) {
		subj = ekc_parse_subject(t, o->subject);
		if (!subj)
			return -1;
	}

	x = X509_new();
	if (!x || !X509_set_version(x, 2))
		goto ossl;
	/* a positive 127-bit random serial (RFC 5280: at most 20 octets) */
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto ossl;
	rnd[0] = (rnd[0] & 0x7f) | 0x40;
	sn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	if (!sn || !BN_to_ASN1_INTEGER(sn, X509_get_serialNumber(x)))
		goto ossl;
	if (!X509_set_issuer_name(x, X509_get_subject_name(o->ca_cert)) ||
	    (subj && !X509_set_subject_name(x, subj)))
		goto ossl;
	/* five minutes back, for verifiers whose clocks are a little behind */
	if (!X509_gmtime_adj(X509_getm_notBefore(x), -300) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), (int)o->days, 0, NULL))
		goto ossl;
	if (!X509_set_pubkey(x, ek))
		goto ossl;

	X509V3_set_ctx(&ctx, o->ca_cert, x, NULL, NULL, 0);
	if (ekc_add_ext(t, x, &ctx, NID_basic_constraints,
			"critical,CA:FALSE") ||
	    ekc_add_ext(t, x, &ctx, NID_key_usage,
			type == HTPM_EK_ECC ? "critical,keyAgreement" :
					      "critical,keyEncipherment") ||
	    /* tcg-kp-EKCertificate */
	    ekc_add_ext(t, x, &ctx, NID_ext_key_usage, "2.23.133.8.1") ||
	    (X509_get0_subject_key_id(o->ca_cert) &&
	     ekc_add_ext(t, x, &ctx, NID_authority_key_identifier,
			 "keyid:always")) ||
	    ekc_add_san(t, x, !subj))
		goto out;

	if (X509_sign(x, o->ca_key, EVP_sha256()) <= 0)
		goto ossl;
	/* what a verifier will do, before it goes into the TPM */
	if (X509_verify(x, X509_get0_pubkey(o->ca_cert)) != 1)
		goto ossl;
	len = i2d_X509(x, &out);
	if (len <= 0)
		goto ossl;
	*der = out;
	*der_len = (size_t)len;
	if (serial && serial_len) {
		hex = BN_bn2hex(sn);
		snprintf(serial, serial_len, "%s", hex ? hex : "?");
		OPENSSL_free(hex);
	}
	ret = 0;
	goto out;
ossl:
	ekc_ossl_err(t, "making the certificate");
out:
	BN_free(sn);
	X509_NAME_free(subj);
	X509_free(x);
	return ret;
}

/* ---- NV --------------------------------------------------------------- */

/* NV_UndefineSpace of @index with @auth's empty password */
static int ekc_nv_undefine(struct htpm_ekcert_tpm *t, uint32_t auth,
			   uint32_t index, uint32_t *rc)
{
	struct ekc_cmd c;
	struct ekc_rsp r;

	ekc_start(&c, EKC_CC_NV_UNDEFINE_SPACE, true, 2, auth, index);
	if (ekc_exec(t, &c, "TPM2_NV_UndefineSpace", 0, &r))
		return -1;
	*rc = r.rc;
	return 0;
}

/*
 * Undefine @index if it exists: a platform index with platform
 * authorization, an owner index with the owner's (empty) one.
 */
static int ekc_nv_clear(struct htpm_ekcert_tpm *t, uint32_t index,
			bool *replaced)
{
	struct ekc_cmd c;
	struct ekc_rsp r;
	uint16_t size;
	uint32_t attrs, rc;
	const char *who;

	*replaced = false;
	ekc_start(&c, EKC_CC_NV_READ_PUBLIC, false, 1, index, 0);
	if (ekc_exec(t, &c, "TPM2_NV_ReadPublic", 0, &r))
		return -1;
	if (ekc_rc_is(r.rc, EKC_RC_HANDLE))
		return 0;	/* not defined */
	if (r.rc)
		return ekc_rc_err(t, "TPM2_NV_ReadPublic", r.rc, 0);
	size = ekc_rd16(&r.params);
	if (ekc_rd32(&r.params) != index || r.params.bad || size < 10)
		return htpm_ekcert_errf(t, "TPM2_NV_ReadPublic: malformed response");
	ekc_rd16(&r.params);	/* nameAlg */
	attrs = ekc_rd32(&r.params);
	if (r.params.bad)
		return htpm_ekcert_errf(t, "TPM2_NV_ReadPublic: malformed response");
	if (attrs & EKC_NV_POLICY_DELETE)
		return htpm_ekcert_errf(t, "NV index 0x%08x exists and can only be deleted by its policy (TPMA_NV_POLICY_DELETE); remove it with TPM2_NV_UndefineSpaceSpecial first",
					index);
	who = attrs & EKC_NV_PLATFORMCREATE ? "platform" : "owner";
	if (ekc_nv_undefine(t, attrs & EKC_NV_PLATFORMCREATE ?
			    EKC_RH_PLATFORM : EKC_RH_OWNER, index, &rc))
		return -1;
	if (rc)
		return htpm_ekcert_errf(t, "NV index 0x%08x exists (defined by the %s) and TPM2_NV_UndefineSpace failed: TPM response code 0x%03x%s%s",
					index, who, rc, ekc_rc_name(rc),
					ekc_rc_hint(rc, attrs &
						    EKC_NV_PLATFORMCREATE ?
						    EKC_RH_PLATFORM :
						    EKC_RH_OWNER));
	*replaced = true;
	return 0;
}

static int ekc_nv_define(struct htpm_ekcert_tpm *t, uint32_t index,
			 uint16_t size)
{
	struct ekc_cmd c;
	struct ekc_rsp r;

	ekc_start(&c, EKC_CC_NV_DEFINE_SPACE, true, 1, EKC_RH_PLATFORM, 0);
	ekc_u16(&c, 0);			/* auth: none */
	ekc_u16(&c, 14);		/* publicInfo */
	ekc_u32(&c, index);
	ekc_u16(&c, EKC_ALG_SHA256);
	ekc_u32(&c, HTPM_EKCERT_NV_ATTRS);
	ekc_u16(&c, 0);			/* authPolicy: none */
	ekc_u16(&c, size);
	if (ekc_exec(t, &c, "TPM2_NV_DefineSpace", 0, &r))
		return -1;
	if (r.rc)
		return ekc_rc_err(t, "TPM2_NV_DefineSpace (platform)", r.rc,
				  EKC_RH_PLATFORM);
	return 0;
}

/* NV_Write of everything, NV_WriteLock, then NV_Read to compare */
static int ekc_nv_fill(struct htpm_ekcert_tpm *t, uint32_t index,
		       const uint8_t *der, size_t der_len, size_t chunk)
{
	struct ekc_cmd c;
	struct ekc_rsp r;
	const uint8_t *got;
	uint16_t got_len;
	size_t off, n;

	for (off = 0; off < der_len; off += n) {
		n = der_len - off < chunk ? der_len - off : chunk;
		ekc_start(&c, EKC_CC_NV_WRITE, true, 2, EKC_RH_PLATFORM,
			  index);
		ekc_u16(&c, n);
		ekc_bytes(&c, der + off, n);
		ekc_u16(&c, off);
		if (ekc_exec(t, &c, "TPM2_NV_Write", 0, &r))
			return -1;
		if (r.rc)
			return ekc_rc_err(t, "TPM2_NV_Write", r.rc,
					  EKC_RH_PLATFORM);
	}
	ekc_start(&c, EKC_CC_NV_WRITE_LOCK, true, 2, EKC_RH_PLATFORM, index);
	if (ekc_exec(t, &c, "TPM2_NV_WriteLock", 0, &r))
		return -1;
	if (r.rc)
		return ekc_rc_err(t, "TPM2_NV_WriteLock", r.rc,
				  EKC_RH_PLATFORM);

	for (off = 0; off < der_len; off += n) {
		n = der_len - off < chunk ? der_len - off : chunk;
		ekc_start(&c, EKC_CC_NV_READ, true, 2, EKC_RH_PLATFORM,
			  index);
		ekc_u16(&c, n);
		ekc_u16(&c, off);
		if (ekc_exec(t, &c, "TPM2_NV_Read", 0, &r))
			return -1;
		if (r.rc)
			return ekc_rc_err(t, "TPM2_NV_Read", r.rc,
					  EKC_RH_PLATFORM);
		got = ekc_rd2b(&r.params, &got_len);
		if (r.params.bad || got_len != n)
			return htpm_ekcert_errf(t, "TPM2_NV_Read: malformed response");
		if (memcmp(got, der + off, n))
			return htpm_ekcert_errf(t, "NV index 0x%08x: the TPM returned other bytes at offset %zu than were written",
						index, off);
	}
	return 0;
}

int htpm_ekcert_store(struct htpm_ekcert_tpm *t, uint32_t nv_index,
		      const uint8_t *der, size_t der_len, bool *replaced)
{
	uint32_t buf_max, index_max, rc;
	size_t chunk;

	*replaced = false;
	if (!der_len)
		return htpm_ekcert_errf(t, "empty certificate");
	if (ekc_prop(t, EKC_PT_NV_BUFFER_MAX, EKC_NV_CHUNK, &buf_max) ||
	    ekc_prop(t, EKC_PT_NV_INDEX_MAX, UINT16_MAX, &index_max))
		return -1;
	if (der_len > index_max || der_len > UINT16_MAX)
		return htpm_ekcert_errf(t, "the certificate has %zu bytes, and the TPM's NV indices hold at most %u (TPM_PT_NV_INDEX_MAX)",
					der_len, index_max);
	chunk = buf_max < EKC_NV_CHUNK ? buf_max : EKC_NV_CHUNK;
	if (!chunk)
		return htpm_ekcert_errf(t, "the TPM reports TPM_PT_NV_BUFFER_MAX 0");

	if (ekc_nv_clear(t, nv_index, replaced) ||
	    ekc_nv_define(t, nv_index, (uint16_t)der_len))
		return -1;
	if (!ekc_nv_fill(t, nv_index, der, der_len, chunk))
		return 0;
	/* leave no half-written certificate behind */
	if (!ekc_nv_undefine(t, EKC_RH_PLATFORM, nv_index, &rc) && rc) {
		size_t l = strlen(t->err);

		snprintf(t->err + l, sizeof(t->err) - l,
			 "; undefining the index again failed too (0x%03x)",
			 rc);
	}
	return -1;
}

int htpm_ekcert_provision(struct htpm_ekcert_tpm *t, enum htpm_ek_type type,
			  const struct htpm_ekcert_opts *o,
			  struct htpm_ekcert_result *res)
{
	EVP_PKEY *ek;
	uint8_t *der = NULL;
	size_t der_len = 0;
	int ret;

	memset(res, 0, sizeof(*res));
	res->nv_index = htpm_ekcert_nv_index(type);
	/* before the TPM spends seconds on an RSA key */
	if (X509_check_private_key(o->ca_cert, o->ca_key) != 1) {
		ERR_clear_error();
		return htpm_ekcert_errf(t, "the CA key does not belong to the CA certificate");
	}
	ek = htpm_ekcert_create_ek(t, type);
	if (!ek)
		return -1;
	ret = htpm_ekcert_build(t, type, ek, o, &der, &der_len, res->serial,
				sizeof(res->serial));
	EVP_PKEY_free(ek);
	if (ret)
		return -1;
	ret = htpm_ekcert_store(t, res->nv_index, der, der_len,
				&res->replaced);
	OPENSSL_free(der);
	if (!ret)
		res->size = der_len;
	return ret;
}
