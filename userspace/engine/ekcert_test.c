// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of htpmctl's EK certificate provisioning (userspace/ekcert.c) run
 * in-process against the engine: a CA made here with OpenSSL certifies
 * the EKs, and each certificate is then read back from NV with commands
 * marshalled here, parsed and verified with OpenSSL, and its public key
 * compared with the EK this test creates itself from the templates of the
 * TCG EK Credential Profile (written out below from the profile, not
 * taken from ekcert.c). With tpm2-tools installed, the EK tpm2_createek
 * makes through engine_serve (the same engine secret) is compared too.
 * One line per test, "PASS: name", "FAIL: name: reason" or "SKIP: name:
 * reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "engine.h"

/* The code under test, compiled into this binary */
#include "../ekcert.c"

/* Part 2 constants, written out here for the test's own commands */
#define T_ST_NO_SESSIONS	0x8001
#define T_ST_SESSIONS		0x8002
#define T_CC_HIERARCHY_CHANGE_AUTH 0x0129
#define T_CC_NV_UNDEFINE_SPACE	0x0122
#define T_CC_NV_DEFINE_SPACE	0x012A
#define T_CC_CREATE_PRIMARY	0x0131
#define T_CC_NV_WRITE		0x0137
#define T_CC_STARTUP		0x0144
#define T_CC_NV_READ		0x014E
#define T_CC_FLUSH_CONTEXT	0x0165
#define T_CC_NV_READ_PUBLIC	0x0169
#define T_CC_GET_CAPABILITY	0x017A
#define T_RH_OWNER		0x40000001u
#define T_RS_PW			0x40000009u
#define T_RH_ENDORSEMENT	0x4000000Bu
#define T_RH_PLATFORM		0x4000000Cu
#define T_NV_RSA		0x01c00002u
#define T_NV_ECC		0x01c0000au
#define T_RC_NV_LOCKED		0x148
#define T_RC_NV_RANGE		0x146
#define T_PT_MANUFACTURER	0x105

/*
 * TPMA_NV the profile recommends for EK certificate indices: PPWRITE (0),
 * WRITEDEFINE (13), PPREAD (16), OWNERREAD (17), AUTHREAD (18), NO_DA
 * (25), PLATFORMCREATE (30); once written and locked also WRITTEN (29)
 * and WRITELOCKED (11).
 */
#define T_NV_ATTRS_LOCKED	(0x1u | 1u << 13 | 1u << 16 | 1u << 17 | \
				 1u << 18 | 1u << 25 | 1u << 30 | \
				 1u << 29 | 1u << 11)

/* The secret engine_serve gives its engine, so tpm2_createek agrees */
#define T_SECRET_BYTE		0x5A

static struct tpm2_engine *eng;
static u8 rsp[TPM2_MAX_RESPONSE_SIZE];
static size_t rsp_len;
static char fail_msg[1024];
static unsigned int passed, failed;

/* What the transport does to NV_Write commands (fault injection) */
static bool fail_nv_write;

static bool failf(const char *fmt, ...)
{
	char buf[sizeof(fail_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(fail_msg, buf, sizeof(buf));
	return false;
}

#define EXPECT(cond, ...) \
	do { if (!(cond)) return failf(__VA_ARGS__); } while (0)

static void run(const char *name, bool (*fn)(void))
{
	fail_msg[0] = '\0';
	if (fn()) {
		printf("PASS: %s\n", name);
		passed++;
	} else {
		printf("FAIL: %s: %s\n", name, fail_msg);
		failed++;
	}
	fflush(stdout);
}

/* ---- the test's own commands ---- */

struct tcmd {
	u8 b[TPM2_MAX_COMMAND_SIZE];
	u32 len;
};

static void t_u8(struct tcmd *c, u8 v)
{
	c->b[c->len++] = v;
}

static void t_u16(struct tcmd *c, u16 v)
{
	t_u8(c, v >> 8);
	t_u8(c, v);
}

static void t_u32(struct tcmd *c, u32 v)
{
	t_u16(c, v >> 16);
	t_u16(c, v);
}

static void t_bytes(struct tcmd *c, const void *p, size_t n)
{
	memcpy(c->b + c->len, p, n);
	c->len += n;
}

/* Header and handles; with @pw an empty password session for h0 */
static void t_start(struct tcmd *c, u32 cc, bool pw, int nh, u32 h0, u32 h1)
{
	c->len = 0;
	t_u16(c, pw ? T_ST_SESSIONS : T_ST_NO_SESSIONS);
	t_u32(c, 0);
	t_u32(c, cc);
	if (nh > 0)
		t_u32(c, h0);
	if (nh > 1)
		t_u32(c, h1);
	if (pw) {
		t_u32(c, 9);
		t_u32(c, T_RS_PW);
		t_u16(c, 0);
		t_u8(c, 0);
		t_u16(c, 0);
	}
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u16 be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 t_exec(struct tcmd *c)
{
	c->b[2] = c->len >> 24;
	c->b[3] = c->len >> 16;
	c->b[4] = c->len >> 8;
	c->b[5] = c->len;
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, c->b, c->len, rsp, sizeof(rsp),
				      NULL);
	if (rsp_len < 10 || be32(rsp + 2) != rsp_len)
		return 0xFFFFFFFF;
	return be32(rsp + 6);
}

/* Where the parameters of the last response start, after @nh handles */
static const u8 *t_params(int nh)
{
	const u8 *p = rsp + 10 + 4 * nh;

	return be16(rsp) == T_ST_SESSIONS ? p + 4 : p;
}

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;
	struct tcmd c;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, T_SECRET_BYTE, sizeof(cfg.secret));
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	t_start(&c, T_CC_STARTUP, false, 0, 0, 0);
	t_u16(&c, 0);	/* TPM_SU_CLEAR */
	if (t_exec(&c)) {
		fprintf(stderr, "Startup failed\n");
		exit(2);
	}
}

/* _TPM_Init and Startup(CLEAR): a TPM Reset */
static u32 tpm_reset(void)
{
	struct tcmd c;

	tpm2_engine_init(eng);
	t_start(&c, T_CC_STARTUP, false, 0, 0, 0);
	t_u16(&c, 0);
	return t_exec(&c);
}

/* The transport of ekcert.c: the engine, in-process */
static int engine_xfer(void *priv, const uint8_t *cmd, size_t len,
		       uint8_t *out, size_t *out_len)
{
	if (fail_nv_write && len >= 10 && be32(cmd + 6) == T_CC_NV_WRITE) {
		/* an NV_Write the TPM refuses: TPM_RC_NV_RANGE */
		static const u8 err[10] = { 0x80, 0x01, 0, 0, 0, 10,
					    0, 0, 0x01, 0x46 };

		memcpy(out, err, sizeof(err));
		*out_len = sizeof(err);
		return 0;
	}
	*out_len = tpm2_engine_execute(eng, cmd, len, out, *out_len, NULL);
	return 0;
}

static struct htpm_ekcert_tpm tpm = { .xfer = engine_xfer };

/* NV_ReadPublic: attributes, dataSize, and the Name's check */
struct nvpub {
	u32 index, attrs;
	u16 name_alg, policy_size, size;
	bool name_ok;
};

static u32 nv_read_public(u32 index, struct nvpub *p)
{
	const u8 *q, *pub;
	struct tcmd c;
	u8 md[32];
	u16 psize, nsize;
	u32 rc;

	memset(p, 0, sizeof(*p));
	t_start(&c, T_CC_NV_READ_PUBLIC, false, 1, index, 0);
	rc = t_exec(&c);
	if (rc)
		return rc;
	q = t_params(0);
	psize = be16(q);
	pub = q + 2;
	if (psize < 14 || (size_t)psize + 4 > rsp_len - 10)
		return 0xFFFFFFFE;
	p->index = be32(pub);
	p->name_alg = be16(pub + 4);
	p->attrs = be32(pub + 6);
	p->policy_size = be16(pub + 10);
	if (psize != 14 + p->policy_size)
		return 0xFFFFFFFE;
	p->size = be16(pub + 12 + p->policy_size);
	/* nvName = nameAlg || SHA-256(TPMS_NV_PUBLIC) */
	nsize = be16(pub + psize);
	SHA256(pub, psize, md);
	p->name_ok = nsize == 34 && be16(pub + psize + 2) == 0x000B &&
		     !memcmp(pub + psize + 4, md, 32);
	return 0;
}

/*
 * NV_Read of the whole index, in chunks of 512 (not ekcert.c's 1024), by
 * @auth (the index itself: AUTHREAD; or the owner: OWNERREAD).
 */
static u32 nv_read_all(u32 auth, u32 index, u8 *out, u16 size)
{
	struct tcmd c;
	u16 off, n;
	const u8 *q;
	u32 rc;

	for (off = 0; off < size; off += n) {
		n = size - off < 512 ? size - off : 512;
		t_start(&c, T_CC_NV_READ, true, 2, auth, index);
		t_u16(&c, n);
		t_u16(&c, off);
		rc = t_exec(&c);
		if (rc)
			return rc;
		q = t_params(0);
		if (be16(q) != n)
			return 0xFFFFFFFE;
		memcpy(out + off, q + 2, n);
	}
	return 0;
}

static u32 nv_write(u32 auth, u32 index, const void *data, u16 n, u16 off)
{
	struct tcmd c;

	t_start(&c, T_CC_NV_WRITE, true, 2, auth, index);
	t_u16(&c, n);
	t_bytes(&c, data, n);
	t_u16(&c, off);
	return t_exec(&c);
}

static u32 nv_undefine(u32 auth, u32 index)
{
	struct tcmd c;

	t_start(&c, T_CC_NV_UNDEFINE_SPACE, true, 2, auth, index);
	return t_exec(&c);
}

/* The EK Credential Profile's templates L-1 and L-2, as TPMT_PUBLIC */
static const u8 policy_a[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC,
	0x8D, 0x46, 0xA5, 0xD7, 0x24, 0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52,
	0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA,
};

static void profile_template(struct tcmd *c, bool ecc)
{
	static const u8 zeros[256];

	t_u16(c, ecc ? 0x0023 : 0x0001);	/* TPM_ALG_ECC / RSA */
	t_u16(c, 0x000B);			/* SHA-256 */
	t_u32(c, 0x000300B2);
	t_u16(c, 32);
	t_bytes(c, policy_a, 32);
	t_u16(c, 0x0006);			/* AES */
	t_u16(c, 128);
	t_u16(c, 0x0043);			/* CFB */
	t_u16(c, 0x0010);			/* scheme NULL */
	if (ecc) {
		t_u16(c, 0x0003);		/* NIST P-256 */
		t_u16(c, 0x0010);		/* kdf NULL */
		t_u16(c, 32);
		t_bytes(c, zeros, 32);
		t_u16(c, 32);
		t_bytes(c, zeros, 32);
	} else {
		t_u16(c, 2048);
		t_u32(c, 0);
		t_u16(c, 256);
		t_bytes(c, zeros, 256);
	}
}

/*
 * The EK from the test's own CreatePrimary: the RSA modulus (256 bytes)
 * or the ECC point x || y (64 bytes) into @out.
 */
static u32 own_ek(bool ecc, u8 *out)
{
	struct tcmd c, t;
	const u8 *q, *u;
	u16 size, tlen;
	u32 rc, h;

	t.len = 0;
	profile_template(&t, ecc);
	tlen = t.len - (ecc ? 68 : 258);	/* up to unique */
	t_start(&c, T_CC_CREATE_PRIMARY, true, 1, T_RH_ENDORSEMENT, 0);
	t_u16(&c, 4);
	t_u16(&c, 0);
	t_u16(&c, 0);
	t_u16(&c, t.len);
	t_bytes(&c, t.b, t.len);
	t_u16(&c, 0);
	t_u32(&c, 0);
	rc = t_exec(&c);
	if (rc)
		return rc;
	h = be32(rsp + 10);
	q = t_params(1);
	size = be16(q);
	rc = 0;
	if (size != t.len || memcmp(q + 2, t.b, tlen))
		rc = 0xFFFFFFFD;	/* not the template's public area */
	u = q + 2 + tlen;
	if (!rc && ecc) {
		if (be16(u) != 32 || be16(u + 34) != 32)
			rc = 0xFFFFFFFD;
		memcpy(out, u + 2, 32);
		memcpy(out + 32, u + 36, 32);
	} else if (!rc) {
		if (be16(u) != 256)
			rc = 0xFFFFFFFD;
		memcpy(out, u + 2, 256);
	}
	t_start(&c, T_CC_FLUSH_CONTEXT, false, 0, 0, 0);
	t_u32(&c, h);
	t_exec(&c);
	return rc;
}

/* ---- a CA made here ---- */

struct ca {
	EVP_PKEY *key;
	X509 *cert;
};

static struct ca rsa_ca, ec_ca, other_ca;

static bool add_ext(X509 *x, X509 *issuer, int nid, const char *v)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	bool ok;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_nconf_nid(NULL, &ctx, nid, v);
	if (!e)
		return false;
	ok = X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok;
}

static void make_ca(struct ca *ca, bool ec, const char *cn)
{
	X509_NAME *name;
	X509 *x;

	ca->key = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
	x = X509_new();
	name = X509_NAME_new();
	if (!ca->key || !x || !name ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)cn, -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					(const unsigned char *)"htpm test",
					-1, -1, 0) ||
	    !X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), 1) ||
	    !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(x, name) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365) ||
	    !X509_set_pubkey(x, ca->key) ||
	    !add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") ||
	    !add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign") ||
	    !add_ext(x, x, NID_subject_key_identifier, "hash") ||
	    X509_sign(x, ca->key, EVP_sha256()) <= 0) {
		fprintf(stderr, "making the test CA failed\n");
		ERR_print_errors_fp(stderr);
		exit(2);
	}
	X509_NAME_free(name);
	ca->cert = x;
}

static void opts_of(struct htpm_ekcert_opts *o, const struct ca *ca)
{
	memset(o, 0, sizeof(*o));
	o->ca_key = ca->key;
	o->ca_cert = ca->cert;
	o->days = 30;
}

/* ---- checks of one stored certificate ---- */

static u8 der[2][4096];
static u16 der_len[2];
static char serial[2][48];

/* Read the certificate at @index back (AUTHREAD) into der[@i] */
static bool read_cert(int i, u32 index)
{
	struct nvpub p;
	u32 rc;

	rc = nv_read_public(index, &p);
	EXPECT(!rc, "NV_ReadPublic(0x%08x): rc %#x", index, rc);
	EXPECT(p.size && p.size <= sizeof(der[i]), "dataSize %u", p.size);
	rc = nv_read_all(index, index, der[i], p.size);
	EXPECT(!rc, "NV_Read(0x%08x) with its empty authValue: rc %#x",
	       index, rc);
	der_len[i] = p.size;
	return true;
}

static X509 *parse(int i)
{
	const unsigned char *p = der[i];
	X509 *x = d2i_X509(NULL, &p, der_len[i]);

	if (x && p != der[i] + der_len[i]) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* 1 if @x verifies under @ca alone, as `openssl verify -CAfile` does */
static int verify_with(X509 *x, const struct ca *ca)
{
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok = -1;

	if (st && ctx && X509_STORE_add_cert(st, ca->cert) == 1 &&
	    X509_STORE_CTX_init(ctx, st, x, NULL) == 1)
		ok = X509_verify_cert(ctx);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	ERR_clear_error();
	return ok;
}

/* The certificate's key equals the EK the test creates itself */
static bool same_key(X509 *x, bool ecc)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	u8 ek[256], got[256];
	BIGNUM *n = NULL, *e = NULL;
	size_t len;
	u32 rc;

	EXPECT(k, "no public key in the certificate");
	rc = own_ek(ecc, ek);
	EXPECT(!rc, "the test's own CreatePrimary: rc %#x", rc);
	if (ecc) {
		u8 pt[65];

		EXPECT(EVP_PKEY_is_a(k, "EC"), "not an EC key");
		EXPECT(EVP_PKEY_get_octet_string_param(k,
						OSSL_PKEY_PARAM_PUB_KEY,
						pt, sizeof(pt), &len) &&
		       len == 65 && pt[0] == 4, "no uncompressed point");
		EXPECT(!memcmp(pt + 1, ek, 64),
		       "EC point differs from the EK's");
		EXPECT(EVP_PKEY_get_bits(k) == 256, "EC key of %d bits",
		       EVP_PKEY_get_bits(k));
		return true;
	}
	EXPECT(EVP_PKEY_is_a(k, "RSA"), "not an RSA key");
	EXPECT(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n) &&
	       EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e),
	       "no RSA parameters");
	len = BN_bn2binpad(n, got, sizeof(got));
	rc = BN_is_word(e, 65537);
	BN_free(n);
	BN_free(e);
	EXPECT(len == 256 && !memcmp(got, ek, 256),
	       "modulus differs from the EK's");
	EXPECT(rc, "public exponent is not 65537");
	return true;
}

/* keyUsage, basicConstraints, validity, signature, SAN */
static bool fields_ok(X509 *x, bool ecc, const struct ca *ca, int days,
		      bool empty_subject)
{
	const X509_ALGOR *alg;
	GENERAL_NAMES *gens;
	const GENERAL_NAME *gn;
	char want[16], got[64];
	int crit = -1, pday, psec, sig;
	X509_NAME *dn;
	struct tcmd c;
	BIGNUM *sn;
	u32 rc;

	EXPECT(X509_get_version(x) == 2, "not X.509 v3");
	EXPECT(!X509_NAME_cmp(X509_get_issuer_name(x),
			      X509_get_subject_name(ca->cert)),
	       "issuer is not the CA's subject");
	EXPECT((X509_get_key_usage(x) & 0xFFFF) ==
	       (u32)(ecc ? KU_KEY_AGREEMENT : KU_KEY_ENCIPHERMENT),
	       "keyUsage %#x", X509_get_key_usage(x));
	EXPECT(!(X509_get_extension_flags(x) & EXFLAG_CA),
	       "the EK certificate is a CA");
	EXPECT(!X509_check_ca(x), "X509_check_ca says CA");
	sn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	sig = sn && !BN_is_zero(sn) && !BN_is_negative(sn) &&
	      BN_num_bytes(sn) <= 20;
	BN_free(sn);
	EXPECT(sig, "serial not positive or longer than 20 octets");
	EXPECT(ASN1_TIME_diff(&pday, &psec, NULL, X509_get0_notAfter(x)) &&
	       pday >= days - 1 && pday <= days, "notAfter %d days away",
	       pday);
	EXPECT(ASN1_TIME_diff(&pday, &psec, X509_get0_notBefore(x), NULL) &&
	       pday == 0 && psec >= 0 && psec < 3600,
	       "notBefore %d days %d s ago", pday, psec);
	X509_get0_signature(NULL, &alg, x);
	sig = OBJ_obj2nid(alg->algorithm);
	EXPECT(sig == (EVP_PKEY_is_a(ca->key, "EC") ?
		       NID_ecdsa_with_SHA256 : NID_sha256WithRSAEncryption),
	       "signature algorithm %s", OBJ_nid2sn(sig));
	EXPECT(empty_subject == !X509_NAME_entry_count(X509_get_subject_name(x)),
	       "subject %s", empty_subject ? "not empty" : "empty");

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, NULL);
	EXPECT(gens && sk_GENERAL_NAME_num(gens) == 1, "no subjectAltName");
	EXPECT(crit == (empty_subject ? 1 : 0),
	       "subjectAltName critical %d, subject %s", crit,
	       empty_subject ? "empty" : "set");
	gn = sk_GENERAL_NAME_value(gens, 0);
	dn = gn->type == GEN_DIRNAME ? gn->d.directoryName : NULL;
	got[0] = '\0';
	if (dn) {
		ASN1_OBJECT *o = OBJ_txt2obj("2.23.133.2.1", 1);
		int at = X509_NAME_get_index_by_OBJ(dn, o, -1);

		if (at >= 0) {
			ASN1_STRING *s = X509_NAME_ENTRY_get_data(
					X509_NAME_get_entry(dn, at));

			snprintf(got, sizeof(got), "%.*s",
				 ASN1_STRING_length(s),
				 (const char *)ASN1_STRING_get0_data(s));
		}
		ASN1_OBJECT_free(o);
	}
	GENERAL_NAMES_free(gens);
	/* the manufacturer the TPM reports, read here */
	t_start(&c, T_CC_GET_CAPABILITY, false, 0, 0, 0);
	t_u32(&c, 6);
	t_u32(&c, T_PT_MANUFACTURER);
	t_u32(&c, 1);
	rc = t_exec(&c);
	EXPECT(!rc && be32(rsp + 15) == 1 &&
	       be32(rsp + 19) == T_PT_MANUFACTURER, "GetCapability: rc %#x",
	       rc);
	snprintf(want, sizeof(want), "id:%08X", be32(rsp + 23));
	EXPECT(!strcmp(got, want), "tpmManufacturer '%s', TPM says %s", got,
	       want);
	return true;
}

/* Everything about the certificate of @ecc's index, signed by @ca */
static bool cert_ok(bool ecc, const struct ca *ca, int days, bool empty)
{
	u32 index = ecc ? T_NV_ECC : T_NV_RSA;
	struct nvpub p;
	X509 *x;
	bool ok;
	u32 rc;

	rc = nv_read_public(index, &p);
	EXPECT(!rc, "NV_ReadPublic: rc %#x", rc);
	EXPECT(p.index == index && p.name_alg == 0x000B &&
	       p.attrs == T_NV_ATTRS_LOCKED && !p.policy_size,
	       "index %#x nameAlg %#x attributes %#x (want %#x) policy %u",
	       p.index, p.name_alg, p.attrs, T_NV_ATTRS_LOCKED,
	       p.policy_size);
	EXPECT(p.name_ok, "nvName is not nameAlg || SHA-256(nvPublic)");
	if (!read_cert(ecc, index))
		return false;
	x = parse(ecc);
	EXPECT(x, "NV data (%u bytes) is not one DER certificate",
	       der_len[ecc]);
	ok = verify_with(x, ca) == 1;
	if (!ok)
		failf("does not verify under its CA");
	else if (verify_with(x, &other_ca) == 1)
		ok = failf("verifies under another CA");
	else
		ok = same_key(x, ecc) && fields_ok(x, ecc, ca, days, empty);
	X509_free(x);
	return ok;
}

/* ---- the tests ---- */

static struct htpm_ekcert_result res[2];

static bool provision(bool ecc, const struct ca *ca, const char *subject)
{
	struct htpm_ekcert_opts o;

	opts_of(&o, ca);
	o.subject = subject;
	EXPECT(!htpm_ekcert_provision(&tpm, ecc ? HTPM_EK_ECC : HTPM_EK_RSA,
				      &o, &res[ecc]),
	       "htpm_ekcert_provision: %s", tpm.err);
	EXPECT(res[ecc].nv_index == (ecc ? T_NV_ECC : T_NV_RSA),
	       "stored at %#x", res[ecc].nv_index);
	EXPECT(res[ecc].size > 300 && res[ecc].serial[0],
	       "size %zu serial '%s'", res[ecc].size, res[ecc].serial);
	return true;
}

static bool test_rsa_provision(void)
{
	if (!provision(false, &rsa_ca, NULL))
		return false;
	EXPECT(!res[0].replaced, "replaced an index on a fresh TPM");
	snprintf(serial[0], sizeof(serial[0]), "%s", res[0].serial);
	return true;
}

static bool test_rsa_cert(void)
{
	if (!cert_ok(false, &rsa_ca, 30, true))
		return false;
	EXPECT(der_len[0] == res[0].size, "dataSize %u, stored %zu",
	       der_len[0], res[0].size);
	return true;
}

static bool test_ecc_provision_ec_ca(void)
{
	if (!provision(true, &ec_ca, NULL))
		return false;
	return !res[1].replaced || failf("replaced an index");
}

static bool test_ecc_cert(void)
{
	return cert_ok(true, &ec_ca, 30, true);
}

static bool test_owner_read(void)
{
	u8 buf[4096];
	u32 rc;

	rc = nv_read_all(T_RH_OWNER, T_NV_RSA, buf, der_len[0]);
	EXPECT(!rc, "NV_Read by the owner: rc %#x", rc);
	EXPECT(!memcmp(buf, der[0], der_len[0]), "owner read other bytes");
	return true;
}

static bool test_locked(void)
{
	static const u8 junk[4] = { 1, 2, 3, 4 };
	u32 rc;

	rc = nv_write(T_RH_PLATFORM, T_NV_RSA, junk, sizeof(junk), 0);
	EXPECT(rc == T_RC_NV_LOCKED, "NV_Write(platform) RSA: rc %#x", rc);
	rc = nv_write(T_RH_PLATFORM, T_NV_ECC, junk, sizeof(junk), 0);
	EXPECT(rc == T_RC_NV_LOCKED, "NV_Write(platform) ECC: rc %#x", rc);
	return true;
}

static bool test_rsa_replace(void)
{
	u8 old[4096];
	u16 old_len = der_len[0];

	memcpy(old, der[0], old_len);
	if (!provision(false, &ec_ca, NULL))
		return false;
	EXPECT(res[0].replaced, "not reported as replaced");
	EXPECT(strcmp(res[0].serial, serial[0]), "same serial again");
	if (!cert_ok(false, &ec_ca, 30, true))
		return false;
	EXPECT(der_len[0] != old_len || memcmp(old, der[0], old_len),
	       "NV still holds the first certificate");
	return true;
}

static bool test_subject(void)
{
	X509 *x;
	char cn[64] = "";

	if (!provision(true, &rsa_ca, "/CN=ltpm\\/7/O=htpm test"))
		return false;
	if (!cert_ok(true, &rsa_ca, 30, false))
		return false;
	x = parse(1);
	EXPECT(x, "no certificate");
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName,
				  cn, sizeof(cn));
	X509_free(x);
	EXPECT(!strcmp(cn, "ltpm/7"), "CN '%s'", cn);
	return true;
}

static bool test_bad_subject(void)
{
	struct htpm_ekcert_opts o;

	opts_of(&o, &rsa_ca);
	o.subject = "/NOSUCHATTR=x";
	EXPECT(htpm_ekcert_provision(&tpm, HTPM_EK_ECC, &o, &res[1]),
	       "accepted an unknown subject attribute");
	o.subject = "CN=x";
	EXPECT(htpm_ekcert_provision(&tpm, HTPM_EK_ECC, &o, &res[1]),
	       "accepted a subject without /");
	/* the certificate from before is still there, still good */
	return cert_ok(true, &rsa_ca, 30, false);
}

static bool test_wrong_ca_key(void)
{
	struct htpm_ekcert_opts o;
	u8 before[4096];
	u16 before_len = der_len[0];

	memcpy(before, der[0], before_len);
	opts_of(&o, &rsa_ca);
	o.ca_key = ec_ca.key;	/* not the key of rsa_ca's certificate */
	EXPECT(htpm_ekcert_provision(&tpm, HTPM_EK_RSA, &o, &res[0]),
	       "signed with a key that is not the CA certificate's");
	EXPECT(strstr(tpm.err, "does not belong"), "error '%s'", tpm.err);
	if (!read_cert(0, T_NV_RSA))
		return false;
	EXPECT(der_len[0] == before_len &&
	       !memcmp(der[0], before, before_len),
	       "NV changed after a refused CA key");
	return true;
}

static bool test_days(void)
{
	struct htpm_ekcert_opts o;

	opts_of(&o, &rsa_ca);
	o.days = 3650;
	EXPECT(!htpm_ekcert_provision(&tpm, HTPM_EK_RSA, &o, &res[0]),
	       "provision: %s", tpm.err);
	return cert_ok(false, &rsa_ca, 3650, true);
}

static bool test_write_failure_cleans_up(void)
{
	struct htpm_ekcert_opts o;
	struct nvpub p;
	int r;
	u32 rc;

	opts_of(&o, &rsa_ca);
	fail_nv_write = true;
	r = htpm_ekcert_provision(&tpm, HTPM_EK_RSA, &o, &res[0]);
	fail_nv_write = false;
	EXPECT(r, "provisioning succeeded although NV_Write failed");
	EXPECT(strstr(tpm.err, "NV_Write") && strstr(tpm.err, "0x146"),
	       "error '%s'", tpm.err);
	rc = nv_read_public(T_NV_RSA, &p);
	EXPECT((rc & 0xBF) == 0x8B, "the half-written index is still there (NV_ReadPublic rc %#x)",
	       rc);
	return provision(false, &rsa_ca, NULL) &&
	       cert_ok(false, &rsa_ca, 30, true);
}

static bool test_owner_index_replaced(void)
{
	static const u8 junk[16] = "not a cert";
	struct tcmd c;
	u32 rc;

	/* what a container might do: its own index at the EK cert's place */
	rc = nv_undefine(T_RH_PLATFORM, T_NV_RSA);
	EXPECT(!rc, "NV_UndefineSpace(platform): rc %#x", rc);
	t_start(&c, T_CC_NV_DEFINE_SPACE, true, 1, T_RH_OWNER, 0);
	t_u16(&c, 0);
	t_u16(&c, 14);
	t_u32(&c, T_NV_RSA);
	t_u16(&c, 0x000B);
	t_u32(&c, 0x2 | 1u << 17 | 1u << 18 | 1u << 25);
	t_u16(&c, 0);
	t_u16(&c, sizeof(junk));
	rc = t_exec(&c);
	EXPECT(!rc, "NV_DefineSpace(owner): rc %#x", rc);
	rc = nv_write(T_RH_OWNER, T_NV_RSA, junk, sizeof(junk), 0);
	EXPECT(!rc, "NV_Write(owner): rc %#x", rc);
	if (!provision(false, &rsa_ca, NULL))
		return false;
	EXPECT(res[0].replaced, "owner index not reported as replaced");
	return cert_ok(false, &rsa_ca, 30, true);
}

static bool test_survives_reset(void)
{
	u8 old[2][4096];
	u16 len[2] = { der_len[0], der_len[1] };
	u32 rc;

	if (!read_cert(0, T_NV_RSA) || !read_cert(1, T_NV_ECC))
		return false;
	memcpy(old[0], der[0], der_len[0]);
	memcpy(old[1], der[1], der_len[1]);
	len[0] = der_len[0];
	len[1] = der_len[1];
	rc = tpm_reset();
	EXPECT(!rc, "Startup(CLEAR) after _TPM_Init: rc %#x", rc);
	if (!cert_ok(false, &rsa_ca, 30, true) ||
	    !cert_ok(true, &rsa_ca, 30, false))
		return false;
	EXPECT(der_len[0] == len[0] && !memcmp(der[0], old[0], len[0]) &&
	       der_len[1] == len[1] && !memcmp(der[1], old[1], len[1]),
	       "certificates changed across a TPM Reset");
	return test_locked();
}

static bool test_platform_auth_set(void)
{
	static const u8 pw[8] = "platpw!";
	struct htpm_ekcert_opts o;
	struct tcmd c;
	u32 rc;

	/* the container sets a platform password ... */
	t_start(&c, T_CC_HIERARCHY_CHANGE_AUTH, true, 1, T_RH_PLATFORM, 0);
	t_u16(&c, sizeof(pw));
	t_bytes(&c, pw, sizeof(pw));
	rc = t_exec(&c);
	EXPECT(!rc, "HierarchyChangeAuth(platform): rc %#x", rc);
	opts_of(&o, &rsa_ca);
	EXPECT(htpm_ekcert_provision(&tpm, HTPM_EK_RSA, &o, &res[0]),
	       "provisioned with a wrong platform password");
	EXPECT(strstr(tpm.err, "platform hierarchy has a password"),
	       "error '%s'", tpm.err);
	/* ... the certificate stays, and a TPM Reset empties it again */
	if (!cert_ok(false, &rsa_ca, 30, true))
		return false;
	rc = tpm_reset();
	EXPECT(!rc, "TPM Reset: rc %#x", rc);
	return provision(false, &rsa_ca, NULL) &&
	       cert_ok(false, &rsa_ca, 30, true);
}

/*
 * What the CA protects: with the empty platform auth a container can
 * undefine the index and put its own certificate there, but it cannot
 * make one that verifies under the CA.
 */
static bool test_forgery_does_not_verify(void)
{
	struct htpm_ekcert_opts o;
	X509 *x;
	int v;

	opts_of(&o, &other_ca);	/* the container's own "CA" */
	EXPECT(!htpm_ekcert_provision(&tpm, HTPM_EK_RSA, &o, &res[0]),
	       "provision: %s", tpm.err);
	if (!read_cert(0, T_NV_RSA))
		return false;
	x = parse(0);
	EXPECT(x, "no certificate");
	v = verify_with(x, &rsa_ca);
	X509_free(x);
	EXPECT(v != 1, "a certificate of another CA verifies under the host CA");
	/* and the host makes it right again */
	return provision(false, &rsa_ca, NULL) &&
	       cert_ok(false, &rsa_ca, 30, true);
}

/* A transport that fails and one that answers garbage */
static int bad_xfer(void *priv, const uint8_t *cmd, size_t len,
		    uint8_t *out, size_t *out_len)
{
	int mode = *(int *)priv;

	if (mode == 0)
		return htpm_ekcert_errf(&tpm, "transport down");
	/*
	 * mode 1: a header that claims more bytes than it has; mode 2:
	 * success, but without the response handle and parameters
	 */
	memset(out, 0, 10);
	out[0] = 0x80;
	out[1] = 0x01;
	out[5] = mode == 1 ? 200 : 10;
	*out_len = 10;
	return 0;
}

static bool test_bad_transport(void)
{
	struct htpm_ekcert_tpm save = tpm;
	EVP_PKEY *k;
	int mode;

	tpm.xfer = bad_xfer;
	for (mode = 0; mode < 3; mode++) {
		tpm.priv = &mode;
		k = htpm_ekcert_create_ek(&tpm, HTPM_EK_RSA);
		if (k) {
			EVP_PKEY_free(k);
			tpm = save;
			return failf("mode %d: an EK from a broken TPM", mode);
		}
		if (!tpm.err[0]) {
			tpm = save;
			return failf("mode %d: no error message", mode);
		}
	}
	tpm = save;
	return true;
}

/* tpm2_createek through engine_serve makes the same EK (if installed) */
static int createek_check(bool ecc, const char *dir)
{
	char cmd[1024], path[512];
	EVP_PKEY *k;
	FILE *f;
	X509 *x;
	int ok;

	snprintf(path, sizeof(path), "%s/ek-%s.pem", dir, ecc ? "ecc" : "rsa");
	snprintf(cmd, sizeof(cmd),
		 "tpm2_createek -T 'cmd:./engine_serve --startup-clear' -G %s -c %s/ek.ctx -u %s -f pem -Q >%s/log 2>&1",
		 ecc ? "ecc" : "rsa", dir, path, dir);
	if (system(cmd))
		return -1;
	f = fopen(path, "r");
	if (!f)
		return -1;
	k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		return -1;
	x = parse(ecc);
	ok = x && EVP_PKEY_eq(k, X509_get0_pubkey(x)) == 1;
	X509_free(x);
	EVP_PKEY_free(k);
	return ok;
}

static void test_createek(void)
{
	char dir[] = "/tmp/ekcert_test.XXXXXX", cmd[128];
	int i, r;

	if (system("command -v tpm2_createek >/dev/null 2>&1") ||
	    access("./engine_serve", X_OK)) {
		printf("SKIP: createek_same_key: tpm2_createek or ./engine_serve missing\n");
		return;
	}
	if (!mkdtemp(dir)) {
		printf("SKIP: createek_same_key: mkdtemp failed\n");
		return;
	}
	for (i = 0; i < 2; i++) {
		r = createek_check(i, dir);
		if (r < 0) {
			printf("SKIP: createek_same_key_%s: tpm2_createek through engine_serve failed (see its log)\n",
			       i ? "ecc" : "rsa");
		} else if (r) {
			printf("PASS: createek_same_key_%s\n",
			       i ? "ecc" : "rsa");
			passed++;
		} else {
			printf("FAIL: createek_same_key_%s: tpm2_createek's EK differs from the certificate's key\n",
			       i ? "ecc" : "rsa");
			failed++;
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
	fresh_engine();
	make_ca(&rsa_ca, false, "htpm test RSA CA");
	make_ca(&ec_ca, true, "htpm test EC CA");
	make_ca(&other_ca, true, "htpm test other CA");

	run("rsa_provision", test_rsa_provision);
	run("rsa_cert", test_rsa_cert);
	run("ecc_provision_ec_ca", test_ecc_provision_ec_ca);
	run("ecc_cert", test_ecc_cert);
	run("owner_read", test_owner_read);
	run("nv_write_locked", test_locked);
	run("rsa_replace", test_rsa_replace);
	run("subject", test_subject);
	run("bad_subject", test_bad_subject);
	run("wrong_ca_key", test_wrong_ca_key);
	run("days", test_days);
	run("write_failure_cleans_up", test_write_failure_cleans_up);
	run("owner_index_replaced", test_owner_index_replaced);
	run("survives_tpm_reset", test_survives_reset);
	run("platform_auth_set", test_platform_auth_set);
	run("forgery_does_not_verify", test_forgery_does_not_verify);
	run("bad_transport", test_bad_transport);
	/* the certificates in der[] are the current ones from here on */
	if (read_cert(0, T_NV_RSA) && read_cert(1, T_NV_ECC))
		test_createek();
	else
		printf("SKIP: createek_same_key: %s\n", fail_msg);

	tpm2_engine_destroy(eng);
	EVP_PKEY_free(rsa_ca.key);
	EVP_PKEY_free(ec_ca.key);
	EVP_PKEY_free(other_ca.key);
	X509_free(rsa_ca.cert);
	X509_free(ec_ca.cert);
	X509_free(other_ca.cert);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
