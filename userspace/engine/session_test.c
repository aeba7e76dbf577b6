// SPDX-License-Identifier: GPL-2.0
/*
 * Authorization sessions of the engine (kernel/tpm2/) seen from outside:
 * this file is an independent TPM 2.0 client written with OpenSSL only. It
 * computes session keys (KDFa, salts through RSA-OAEP and ECDH/KDFe),
 * command and response HMACs, parameter encryption (AES-CFB, XOR) and
 * policy digests from the TPM 2.0 Part 1 formulas, and checks that the
 * engine agrees: a command whose HMAC the engine computed otherwise fails,
 * a response whose HMAC this client cannot reproduce fails the test.
 *
 * Prints "PASS: name" or "FAIL: name: reason" per check, then
 * "N passed, N failed"; exits non-zero on any failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "engine.h"

/* ---- Constants of TPM 2.0 Part 2, written out here on purpose ---- */

#define ST_NO_SESSIONS	0x8001
#define ST_SESSIONS	0x8002

#define CC_HIER_CHANGE_AUTH	0x0129
#define CC_CREATE_PRIMARY	0x0131
#define CC_DA_LOCK_RESET	0x0139
#define CC_DA_PARAMETERS	0x013A
#define CC_STARTUP		0x0144
#define CC_CREATE		0x0153
#define CC_LOAD			0x0157
#define CC_UNSEAL		0x015E
#define CC_CONTEXT_LOAD		0x0161
#define CC_CONTEXT_SAVE		0x0162
#define CC_FLUSH		0x0165
#define CC_POLICY_AUTH_VALUE	0x016B
#define CC_POLICY_CC		0x016C
#define CC_POLICY_OR		0x0171
#define CC_READ_PUBLIC		0x0173
#define CC_START_AUTH_SESSION	0x0176
#define CC_GET_CAPABILITY	0x017A
#define CC_GET_RANDOM		0x017B
#define CC_HASH			0x017D
#define CC_PCR_READ		0x017E
#define CC_POLICY_PCR		0x017F
#define CC_PCR_EXTEND		0x0182
#define CC_POLICY_GET_DIGEST	0x0189
#define CC_POLICY_PASSWORD	0x018C

#define RH_OWNER	0x40000001
#define RH_NULL		0x40000007
#define RS_PW		0x40000009
#define RH_LOCKOUT	0x4000000A

#define ALG_RSA		0x0001
#define ALG_SHA1	0x0004
#define ALG_AES		0x0006
#define ALG_KEYEDHASH	0x0008
#define ALG_XOR		0x000A
#define ALG_SHA256	0x000B
#define ALG_SHA384	0x000C
#define ALG_NULL	0x0010
#define ALG_ECC		0x0023
#define ALG_CFB		0x0043
#define ECC_P256	0x0003

#define SE_HMAC		0
#define SE_POLICY	1
#define SE_TRIAL	3
#define SE_PASSWORD	0xFF	/* client-side marker: TPM_RS_PW */

#define SA_CONTINUE	0x01
#define SA_DECRYPT	0x20
#define SA_ENCRYPT	0x40

/* objectAttributes */
#define OA_FIXED_TPM	0x00000002
#define OA_FIXED_PARENT	0x00000010
#define OA_SENS_ORIGIN	0x00000020
#define OA_USER_WITH_AUTH 0x00000040
#define OA_NO_DA	0x00000400
#define OA_RESTRICTED	0x00010000
#define OA_DECRYPT	0x00020000

#define RC_VALUE	0x084
#define RC_SIZE		0x095
#define RC_POLICY_FAIL	0x09D
#define RC_AUTH_FAIL	0x08E
#define RC_BAD_AUTH	0x0A2
#define RC_LOCKOUT	0x921
#define RC_P		0x040
#define RC_S		0x800
#define RC_N1		0x100

#define PT_LOCKOUT_COUNTER	0x020E
#define PT_MAX_AUTH_FAIL	0x020F

/* The client's own codes, never a TPM's */
#define RC_CLIENT_RSP_HMAC	0xFFFF0001
#define RC_CLIENT_MALFORMED	0xFFFF0002

#define MAXD	64

/* ---- Test harness ---- */

static int n_pass, n_fail;
static char why[600];
static char rsp_why[300];	/* detail of the last client-side failure */

static bool fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return false;
}

#define CHECK(cond, ...) do { if (!(cond)) return fail(__VA_ARGS__); } while (0)
/* A command must succeed */
#define OK(expr) do {							\
	u32 rc_ = (expr);						\
	if (rc_)							\
		return fail("%s: rc %#x %s", #expr, rc_,		\
			    rc_ >= 0xFFFF0000 ? rsp_why : "");		\
} while (0)

/* Sessions a test started: flushed after it, whatever happened */
static u32 started[16];
static int n_started;
static void flush(u32 h);

static void track(u32 h)
{
	if (n_started < 16)
		started[n_started++] = h;
}

/* @h outlives the test that loaded it */
static void keep(u32 h)
{
	int i;

	for (i = 0; i < n_started; i++)
		if (started[i] == h)
			started[i] = 0;
}

static void run(const char *name, bool (*fn)(void))
{
	bool ok;

	why[0] = 0;
	n_started = 0;
	ok = fn();
	while (n_started)
		flush(started[--n_started]);
	if (ok && !why[0]) {
		printf("PASS: %s\n", name);
		n_pass++;
	} else {
		printf("FAIL: %s: %s\n", name, why[0] ? why : "failed");
		n_fail++;
	}
	fflush(stdout);
}

static void ossl_die(int line)
{
	fprintf(stderr, "session_test.c:%d: OpenSSL failed\n", line);
	ERR_print_errors_fp(stderr);
	exit(2);
}

#define OSSL(x) do { if (!(x)) ossl_die(__LINE__); } while (0)

/* ---- Marshaling ---- */

struct buf {
	u8 b[TPM2_MAX_COMMAND_SIZE + 256];
	size_t n;
};

static void p8(struct buf *b, u8 v)
{
	if (b->n < sizeof(b->b))
		b->b[b->n++] = v;
}

static void p16(struct buf *b, u16 v)
{
	p8(b, v >> 8);
	p8(b, v & 0xFF);
}

static void p32(struct buf *b, u32 v)
{
	p16(b, v >> 16);
	p16(b, v & 0xFFFF);
}

static void pbytes(struct buf *b, const void *p, size_t n)
{
	if (n > sizeof(b->b) - b->n)
		n = sizeof(b->b) - b->n;
	if (n)
		memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void p2b(struct buf *b, const void *p, size_t n)
{
	p16(b, (u16)n);
	pbytes(b, p, n);
}

static void w16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xFF;
}

static void w32(u8 *p, u32 v)
{
	w16(p, v >> 16);
	w16(p + 2, v & 0xFFFF);
}

static u16 r16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 r32(const u8 *p)
{
	return (u32)r16(p) << 16 | r16(p + 2);
}

struct rd {
	const u8 *p;
	size_t n, off;
	bool bad;
};

static const u8 *gbytes(struct rd *r, size_t n)
{
	const u8 *p;

	if (r->bad || n > r->n - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

static u8 g8(struct rd *r)
{
	const u8 *p = gbytes(r, 1);

	return p ? p[0] : 0;
}

static u16 g16(struct rd *r)
{
	const u8 *p = gbytes(r, 2);

	return p ? r16(p) : 0;
}

static u32 g32(struct rd *r)
{
	const u8 *p = gbytes(r, 4);

	return p ? r32(p) : 0;
}

/* A TPM2B: its bytes copied to @out (up to @max), its size returned */
static size_t g2b(struct rd *r, u8 *out, size_t max)
{
	size_t n = g16(r);
	const u8 *p = gbytes(r, n);

	if (!p || n > max) {
		r->bad = true;
		return 0;
	}
	if (out && n)
		memcpy(out, p, n);
	return n;
}

static void rd_init(struct rd *r, const u8 *p, size_t n)
{
	r->p = p;
	r->n = n;
	r->off = 0;
	r->bad = false;
}

/* ---- Crypto helpers: hashing, HMAC (written out), KDFa, KDFe ---- */

static const EVP_MD *md_of(u16 alg)
{
	switch (alg) {
	case ALG_SHA1: return EVP_sha1();
	case ALG_SHA256: return EVP_sha256();
	case ALG_SHA384: return EVP_sha384();
	}
	return NULL;
}

struct hash {
	EVP_MD_CTX *c;
};

static void h_init(struct hash *h, const EVP_MD *md)
{
	OSSL(h->c = EVP_MD_CTX_new());
	OSSL(EVP_DigestInit_ex(h->c, md, NULL));
}

static void h_upd(struct hash *h, const void *p, size_t n)
{
	if (n)
		OSSL(EVP_DigestUpdate(h->c, p, n));
}

static void h_u32(struct hash *h, u32 v)
{
	u8 b[4];

	w32(b, v);
	h_upd(h, b, 4);
}

static size_t h_final(struct hash *h, u8 *out)
{
	unsigned int n = 0;

	OSSL(EVP_DigestFinal_ex(h->c, out, &n));
	EVP_MD_CTX_free(h->c);
	return n;
}

static size_t digest(const EVP_MD *md, const void *p, size_t n, u8 *out)
{
	struct hash h;

	h_init(&h, md);
	h_upd(&h, p, n);
	return h_final(&h, out);
}

/* HMAC from its definition (RFC 2104): works with empty keys too */
struct mac {
	struct hash in;
	const EVP_MD *md;
	u8 opad[256];
};

static void mac_init(struct mac *m, const EVP_MD *md, const u8 *key,
		     size_t kl)
{
	size_t bs = (size_t)EVP_MD_get_block_size(md);
	u8 k[256] = { 0 }, ipad[256];
	size_t i;

	if (kl > bs)
		kl = digest(md, key, kl, k);
	else if (kl)
		memcpy(k, key, kl);
	for (i = 0; i < bs; i++) {
		ipad[i] = k[i] ^ 0x36;
		m->opad[i] = k[i] ^ 0x5C;
	}
	m->md = md;
	h_init(&m->in, md);
	h_upd(&m->in, ipad, bs);
}

static void mac_upd(struct mac *m, const void *p, size_t n)
{
	h_upd(&m->in, p, n);
}

static size_t mac_final(struct mac *m, u8 *out)
{
	u8 inner[MAXD];
	size_t n = h_final(&m->in, inner);
	struct hash o;

	h_init(&o, m->md);
	h_upd(&o, m->opad, (size_t)EVP_MD_get_block_size(m->md));
	h_upd(&o, inner, n);
	return h_final(&o, out);
}

/* KDFa of SP 800-108 counter mode as TPM 2.0 Part 1 11.4.10.2 gives it */
static void kdfa(const EVP_MD *md, const u8 *key, size_t kl,
		 const char *label, const u8 *u, size_t ul, const u8 *v,
		 size_t vl, u32 bits, u8 *out)
{
	size_t need = (bits + 7) / 8, got = 0;
	u32 i;

	for (i = 1; got < need; i++) {
		u8 blk[MAXD], b4[4];
		struct mac m;
		size_t n;

		mac_init(&m, md, key, kl);
		w32(b4, i);
		mac_upd(&m, b4, 4);
		mac_upd(&m, label, strlen(label) + 1);
		mac_upd(&m, u, ul);
		mac_upd(&m, v, vl);
		w32(b4, bits);
		mac_upd(&m, b4, 4);
		n = mac_final(&m, blk);
		if (n > need - got)
			n = need - got;
		memcpy(out + got, blk, n);
		got += n;
	}
}

/* KDFe of SP 800-56A (single-step, hash) as Part 1 11.4.10.3 gives it */
static void kdfe(const EVP_MD *md, const u8 *z, size_t zl, const char *label,
		 const u8 *pu, size_t pul, const u8 *pv, size_t pvl, u32 bits,
		 u8 *out)
{
	size_t need = (bits + 7) / 8, got = 0;
	u32 i;

	for (i = 1; got < need; i++) {
		u8 blk[MAXD];
		struct hash h;
		size_t n;

		h_init(&h, md);
		h_u32(&h, i);
		h_upd(&h, z, zl);
		h_upd(&h, label, strlen(label) + 1);
		h_upd(&h, pu, pul);
		h_upd(&h, pv, pvl);
		n = h_final(&h, blk);
		if (n > need - got)
			n = need - got;
		memcpy(out + got, blk, n);
		got += n;
	}
}

/* ---- The engine under test ---- */

static struct tpm2_engine *eng;
static u8 rsp[TPM2_MAX_RESPONSE_SIZE];
static size_t rsp_len;

static struct tpm2_engine *new_engine(u8 fill)
{
	struct tpm2_engine_config cfg;
	struct tpm2_engine *e;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, fill, sizeof(cfg.secret));
	e = tpm2_engine_create(&cfg);
	if (!e) {
		fprintf(stderr, "tpm2_engine_create failed\n");
		exit(2);
	}
	return e;
}

static u32 exec_raw(const struct buf *c)
{
	u8 cmd[sizeof(c->b)];

	memcpy(cmd, c->b, c->n);
	w32(cmd + 2, (u32)c->n);
	rsp_len = tpm2_engine_execute(eng, cmd, c->n, rsp, sizeof(rsp), NULL);
	if (rsp_len < 10 || r32(rsp + 2) != rsp_len)
		return RC_CLIENT_MALFORMED;
	return r32(rsp + 6);
}

/* ---- Client-side sessions ---- */

struct sess {
	u32 h;
	u8 type;		/* SE_* */
	u16 alg;
	const EVP_MD *md;
	size_t dsz;
	u8 nc[MAXD], nt[MAXD];	/* nonceCaller, nonceTPM (latest) */
	size_t ncl, ntl;
	u8 key[MAXD];		/* sessionKey */
	size_t keyl;
	u16 sym, sym_bits, sym_mode;	/* XOR: sym_mode is the hash */
	bool bound;
	u8 bname[MAXD + 2], bauth[MAXD];
	size_t bnl, bal;
	bool pol_authvalue, pol_password;
};

/* How one session is used in one command */
struct use {
	struct sess *s;
	u8 attrs;
	const u8 *auth;		/* authValue of the entity it authorizes */
	size_t authl;
	bool rsp_auth_set;	/* the response HMAC uses another authValue */
	const u8 *rsp_auth;
	size_t rsp_authl;
	bool bad_hmac;		/* send a corrupted HMAC */
	bool crypt_noauth;	/* authValue not available: not in crypt key */
	const u8 *name;		/* Name of the entity (NULL: the handle) */
	size_t namel;
};

static struct sess pw_sess = { .h = RS_PW, .type = SE_PASSWORD };

static struct use pw(const void *auth, size_t n)
{
	struct use u = { .s = &pw_sess, .attrs = SA_CONTINUE,
			 .auth = auth, .authl = n };
	return u;
}

static struct use with(struct sess *s, u8 attrs, const void *auth, size_t n)
{
	struct use u = { .s = s, .attrs = attrs, .auth = auth, .authl = n };
	return u;
}

struct cmdspec {
	u32 cc;
	u32 h[3];
	const u8 *hname[3];	/* Name of handle i (NULL: the handle) */
	size_t hnamel[3];
	int nh;
	int nauth;		/* leading handles that take authorization */
	int nrh;		/* handles in the response */
};

struct result {
	u32 rh;
	u8 p[TPM2_MAX_RESPONSE_SIZE];	/* response parameters, decrypted */
	size_t pn;
};

/* Was @u's session bound to the entity it authorizes now? */
static bool bound_to(const struct use *u, const u8 *name, size_t nl)
{
	const struct sess *s = u->s;

	return s->bound && s->bnl == nl && !memcmp(s->bname, name, nl) &&
	       s->bal == u->authl &&
	       (!u->authl || !memcmp(s->bauth, u->auth, u->authl));
}

/*
 * The HMAC key of session use @i: sessionKey, then the authValue when the
 * session authorizes a handle and the rules want it.
 */
static size_t hmac_key(const struct use *u, bool authorizes, const u8 *name,
		       size_t nl, const u8 *auth, size_t al, u8 *key)
{
	const struct sess *s = u->s;
	bool with_auth = false;

	memcpy(key, s->key, s->keyl);
	if (authorizes) {
		if (s->type == SE_HMAC)
			with_auth = !bound_to(u, name, nl);
		else
			with_auth = s->pol_authvalue;
	}
	if (with_auth) {
		if (al)
			memcpy(key + s->keyl, auth, al);
		return s->keyl + al;
	}
	return s->keyl;
}

/* Parameter encryption of a TPM2B's bytes, Part 1 21.2 and 21.3 */
static void param_crypt(const struct sess *s, const u8 *extra, size_t el,
			const u8 *newer, size_t nwl, const u8 *older,
			size_t ol, u8 *data, size_t n, bool enc)
{
	u8 key[2 * MAXD], km[64];
	size_t kl = s->keyl + el;

	memcpy(key, s->key, s->keyl);
	if (el)
		memcpy(key + s->keyl, extra, el);
	if (s->sym == ALG_AES) {
		const EVP_CIPHER *ci = s->sym_bits == 256 ? EVP_aes_256_cfb128() :
			s->sym_bits == 192 ? EVP_aes_192_cfb128() :
			EVP_aes_128_cfb128();
		size_t kb = s->sym_bits / 8;
		EVP_CIPHER_CTX *c;
		int ol1 = 0, ol2 = 0;
		u8 out[TPM2_MAX_RESPONSE_SIZE];

		kdfa(s->md, key, kl, "CFB", newer, nwl, older, ol,
		     s->sym_bits + 128, km);
		OSSL(c = EVP_CIPHER_CTX_new());
		OSSL(EVP_CipherInit_ex(c, ci, NULL, km, km + kb, enc));
		OSSL(EVP_CipherUpdate(c, out, &ol1, data, (int)n));
		OSSL(EVP_CipherFinal_ex(c, out + ol1, &ol2));
		EVP_CIPHER_CTX_free(c);
		memcpy(data, out, n);
	} else if (s->sym == ALG_XOR) {
		u8 mask[TPM2_MAX_RESPONSE_SIZE];
		size_t i;

		kdfa(md_of(s->sym_mode), key, kl, "XOR", newer, nwl, older, ol,
		     (u32)n * 8, mask);
		for (i = 0; i < n; i++)
			data[i] ^= mask[i];
	}
}

static void name_of_handle(const struct cmdspec *cs, int i, u8 *name,
			   size_t *nl)
{
	if (cs->hname[i]) {
		memcpy(name, cs->hname[i], cs->hnamel[i]);
		*nl = cs->hnamel[i];
	} else {
		w32(name, cs->h[i]);
		*nl = 4;
	}
}

/*
 * Send one command with the sessions @u[0..nu-1] (the first cs->nauth of
 * them authorize the first handles, in order) and check the response's
 * session area. Returns the TPM's response code, or a RC_CLIENT_* code
 * when the response does not verify (reason in rsp_why).
 */
static u32 tpm_cmd(const struct cmdspec *cs, const u8 *params, size_t pn,
		   struct use *u, int nu, struct result *res)
{
	static struct result scratch;
	u8 pp[TPM2_MAX_COMMAND_SIZE];
	u8 names[3][MAXD + 2];
	size_t namel[3];
	int dec = -1, enc = -1, i;
	struct buf c, auth;
	struct rd r;
	u32 rc, psize;
	const u8 *rp;

	if (!res)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	rsp_why[0] = 0;
	if (pn)
		memcpy(pp, params, pn);
	for (i = 0; i < cs->nh; i++)
		name_of_handle(cs, i, names[i], &namel[i]);

	for (i = 0; i < nu; i++) {
		struct sess *s = u[i].s;

		if (s->type != SE_PASSWORD) {
			s->ncl = s->dsz;
			OSSL(RAND_bytes(s->nc, (int)s->ncl));
		}
		if (u[i].attrs & SA_DECRYPT)
			dec = i;
		if (u[i].attrs & SA_ENCRYPT)
			enc = i;
	}
	if (dec >= 0 && pn >= 2) {
		const struct use *d = &u[dec];
		size_t n = r16(pp);

		if (n + 2 <= pn)
			param_crypt(d->s, d->auth,
				    dec < cs->nauth && !d->crypt_noauth ?
				    d->authl : 0,
				    d->s->nc, d->s->ncl, d->s->nt, d->s->ntl,
				    pp + 2, n, true);
	}

	auth.n = 0;
	for (i = 0; i < nu; i++) {
		struct sess *s = u[i].s;
		u8 hmac[MAXD], key[2 * MAXD], cp[MAXD];
		size_t hl = 0, kl;
		struct hash h;
		struct mac m;
		int k;

		p32(&auth, s->h);
		p2b(&auth, s->type == SE_PASSWORD ? NULL : s->nc,
		    s->type == SE_PASSWORD ? 0 : s->ncl);
		p8(&auth, u[i].attrs);
		if (s->type == SE_PASSWORD || s->pol_password) {
			p2b(&auth, u[i].auth, u[i].authl);
			continue;
		}
		h_init(&h, s->md);
		h_u32(&h, cs->cc);
		for (k = 0; k < cs->nh; k++)
			h_upd(&h, names[k], namel[k]);
		h_upd(&h, pp, pn);
		h_final(&h, cp);
		kl = i < cs->nauth ?
			hmac_key(&u[i], true, names[i], namel[i], u[i].auth,
				 u[i].authl, key) :
			hmac_key(&u[i], false, NULL, 0, NULL, 0, key);
		if (s->type != SE_HMAC && !kl) {
			/* a policy session without key: empty HMAC */
			p2b(&auth, NULL, 0);
			continue;
		}
		mac_init(&m, s->md, key, kl);
		mac_upd(&m, cp, s->dsz);
		mac_upd(&m, s->nc, s->ncl);
		mac_upd(&m, s->nt, s->ntl);
		if (i == 0 && cs->nauth > 0) {
			if (dec > 0)
				mac_upd(&m, u[dec].s->nt, u[dec].s->ntl);
			if (enc > 0 && enc != dec)
				mac_upd(&m, u[enc].s->nt, u[enc].s->ntl);
		}
		mac_upd(&m, &u[i].attrs, 1);
		hl = mac_final(&m, hmac);
		if (u[i].bad_hmac)
			hmac[0] ^= 0x80;
		p2b(&auth, hmac, hl);
	}

	c.n = 0;
	p16(&c, nu ? ST_SESSIONS : ST_NO_SESSIONS);
	p32(&c, 0);
	p32(&c, cs->cc);
	for (i = 0; i < cs->nh; i++)
		p32(&c, cs->h[i]);
	if (nu) {
		p32(&c, (u32)auth.n);
		pbytes(&c, auth.b, auth.n);
	}
	pbytes(&c, pp, pn);
	rc = exec_raw(&c);
	if (rc)
		return rc;

	rd_init(&r, rsp, rsp_len);
	gbytes(&r, 10);
	if (r16(rsp) != (nu ? ST_SESSIONS : ST_NO_SESSIONS)) {
		snprintf(rsp_why, sizeof(rsp_why), "response tag %#x",
			 r16(rsp));
		return RC_CLIENT_MALFORMED;
	}
	if (cs->nrh)
		res->rh = g32(&r);
	psize = nu ? g32(&r) : (u32)(rsp_len - r.off);
	rp = gbytes(&r, psize);
	if (!rp) {
		snprintf(rsp_why, sizeof(rsp_why), "parameterSize %u", psize);
		return RC_CLIENT_MALFORMED;
	}
	memcpy(res->p, rp, psize);
	res->pn = psize;

	for (i = 0; i < nu; i++) {
		struct sess *s = u[i].s;
		u8 nt[MAXD], hm[MAXD], want[MAXD], key[2 * MAXD], rph[MAXD];
		size_t ntl, hml, kl;
		const u8 *a = u[i].auth;
		size_t al = u[i].authl;
		struct hash h;
		struct mac m;
		u8 attrs;

		ntl = g2b(&r, nt, sizeof(nt));
		attrs = g8(&r);
		hml = g2b(&r, hm, sizeof(hm));
		if (r.bad) {
			snprintf(rsp_why, sizeof(rsp_why),
				 "response session %d malformed", i + 1);
			return RC_CLIENT_MALFORMED;
		}
		/* continueSession, decrypt, encrypt are echoed */
		if (attrs != u[i].attrs) {
			snprintf(rsp_why, sizeof(rsp_why),
				 "response attributes %#x of session %d, sent %#x",
				 attrs, i + 1, u[i].attrs);
			return RC_CLIENT_MALFORMED;
		}
		if (s->type == SE_PASSWORD) {
			if (ntl || hml) {
				snprintf(rsp_why, sizeof(rsp_why),
					 "password session %d: nonce %zu, hmac %zu bytes",
					 i + 1, ntl, hml);
				return RC_CLIENT_RSP_HMAC;
			}
			continue;
		}
		memcpy(s->nt, nt, ntl);
		s->ntl = ntl;
		if (s->pol_password) {
			/* PolicyPassword: a new nonceTPM, an empty HMAC */
			if (ntl != s->dsz || hml) {
				snprintf(rsp_why, sizeof(rsp_why),
					 "PolicyPassword session %d: nonce %zu, hmac %zu bytes",
					 i + 1, ntl, hml);
				return RC_CLIENT_RSP_HMAC;
			}
			continue;
		}
		if (u[i].rsp_auth_set) {
			a = u[i].rsp_auth;
			al = u[i].rsp_authl;
		}
		h_init(&h, s->md);
		h_u32(&h, 0);
		h_u32(&h, cs->cc);
		h_upd(&h, rp, psize);
		h_final(&h, rph);
		kl = i < cs->nauth ?
			hmac_key(&u[i], true, names[i], namel[i], a, al, key) :
			hmac_key(&u[i], false, NULL, 0, NULL, 0, key);
		mac_init(&m, s->md, key, kl);
		mac_upd(&m, rph, s->dsz);
		mac_upd(&m, s->nt, s->ntl);
		mac_upd(&m, s->nc, s->ncl);
		mac_upd(&m, &attrs, 1);
		mac_final(&m, want);
		if (s->type != SE_HMAC && !kl && !hml)
			continue;	/* tolerated: empty key, empty HMAC */
		if (hml != s->dsz || memcmp(hm, want, hml)) {
			snprintf(rsp_why, sizeof(rsp_why),
				 "response HMAC of session %d (%zu bytes) does not verify",
				 i + 1, hml);
			return RC_CLIENT_RSP_HMAC;
		}
	}
	if (r.off != rsp_len) {
		snprintf(rsp_why, sizeof(rsp_why), "%zu trailing bytes",
			 rsp_len - r.off);
		return RC_CLIENT_MALFORMED;
	}
	if (enc >= 0 && res->pn >= 2) {
		const struct use *e = &u[enc];
		size_t n = r16(res->p);

		if (n + 2 <= res->pn)
			param_crypt(e->s, e->auth,
				    enc < cs->nauth && !e->crypt_noauth ?
				    e->authl : 0,
				    e->s->nt, e->s->ntl, e->s->nc, e->s->ncl,
				    res->p + 2, n, false);
	}
	return 0;
}

/* ---- Objects ---- */

struct key {
	u32 h;
	u8 pub[1024];		/* TPMT_PUBLIC */
	size_t publ;
	u8 name[MAXD + 2];
	size_t namel;
	u16 type, name_alg;
	u8 n[512];		/* RSA modulus */
	size_t nl;
	u8 x[MAXD], y[MAXD];	/* ECC point */
	size_t xl, yl;
	u8 priv[1024];		/* TPM2B_PRIVATE from Create, with size */
	size_t privl;
	u8 auth[MAXD];
	size_t authl;
};

static void key_name(struct key *k)
{
	w16(k->name, k->name_alg);
	k->namel = 2 + digest(md_of(k->name_alg), k->pub, k->publ,
			      k->name + 2);
}

/* Read a TPMT_PUBLIC of @n bytes into @k (unique fields for RSA/ECC) */
static bool parse_public(struct key *k, const u8 *p, size_t n)
{
	struct rd r;
	u16 sym;

	CHECK(n <= sizeof(k->pub), "public of %zu bytes", n);
	memcpy(k->pub, p, n);
	k->publ = n;
	rd_init(&r, p, n);
	k->type = g16(&r);
	k->name_alg = g16(&r);
	g32(&r);
	g2b(&r, NULL, MAXD);
	CHECK(md_of(k->name_alg), "nameAlg %#x", k->name_alg);
	if (k->type == ALG_RSA || k->type == ALG_ECC) {
		sym = g16(&r);
		if (sym != ALG_NULL) {
			g16(&r);
			g16(&r);
		}
		CHECK(g16(&r) == ALG_NULL, "scheme not NULL");
		if (k->type == ALG_RSA) {
			g16(&r);
			g32(&r);
			k->nl = g2b(&r, k->n, sizeof(k->n));
		} else {
			CHECK(g16(&r) == ECC_P256, "curve not P-256");
			CHECK(g16(&r) == ALG_NULL, "kdf not NULL");
			k->xl = g2b(&r, k->x, sizeof(k->x));
			k->yl = g2b(&r, k->y, sizeof(k->y));
		}
	} else if (k->type == ALG_KEYEDHASH) {
		u16 scheme = g16(&r);

		if (scheme != ALG_NULL)
			g16(&r);
		g2b(&r, NULL, MAXD);
	}
	CHECK(!r.bad && r.off == n, "public area malformed");
	key_name(k);
	return true;
}

/* TPMT_PUBLIC of a storage key as tpm2-tools' default primary */
static void srk_template(struct buf *b, u16 type)
{
	p16(b, type);
	p16(b, ALG_SHA256);
	p32(b, OA_FIXED_TPM | OA_FIXED_PARENT | OA_SENS_ORIGIN |
	       OA_USER_WITH_AUTH | OA_NO_DA | OA_RESTRICTED | OA_DECRYPT);
	p16(b, 0);		/* authPolicy */
	p16(b, ALG_AES);
	p16(b, 128);
	p16(b, ALG_CFB);
	p16(b, ALG_NULL);	/* scheme */
	if (type == ALG_RSA) {
		p16(b, 2048);
		p32(b, 0);
		p16(b, 0);
	} else {
		p16(b, ECC_P256);
		p16(b, ALG_NULL);
		p16(b, 0);
		p16(b, 0);
	}
}

/* TPMT_PUBLIC of a sealed data object */
static void sealed_template(struct buf *b, u32 attrs, const u8 *policy,
			    size_t pl)
{
	p16(b, ALG_KEYEDHASH);
	p16(b, ALG_SHA256);
	p32(b, attrs);
	p2b(b, policy, pl);
	p16(b, ALG_NULL);
	p16(b, 0);
}

static u8 owner_auth[MAXD];
static size_t owner_authl;

static u32 create_primary(u16 type, struct key *k)
{
	struct cmdspec cs = { .cc = CC_CREATE_PRIMARY, .h = { RH_OWNER },
			      .nh = 1, .nauth = 1, .nrh = 1 };
	struct use u = pw(owner_auth, owner_authl);
	static struct result res;
	struct buf p = { .n = 0 }, t = { .n = 0 };
	u8 name[MAXD + 2];
	size_t publ, nl;
	struct rd r;
	u32 rc;

	memset(k, 0, sizeof(*k));
	srk_template(&t, type);
	p16(&p, 4);		/* inSensitive: empty userAuth, data */
	p16(&p, 0);
	p16(&p, 0);
	p2b(&p, t.b, t.n);
	p16(&p, 0);		/* outsideInfo */
	p32(&p, 0);		/* creationPCR */
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, &res);
	if (rc)
		return rc;
	k->h = res.rh;
	track(k->h);
	rd_init(&r, res.p, res.pn);
	publ = g16(&r);
	if (!gbytes(&r, publ) ||
	    !parse_public(k, res.p + 2, publ)) {
		snprintf(rsp_why, sizeof(rsp_why), "outPublic: %.200s", why);
		why[0] = 0;
		return RC_CLIENT_MALFORMED;
	}
	g2b(&r, NULL, sizeof(res.p));	/* creationData */
	g2b(&r, NULL, MAXD);		/* creationHash */
	g16(&r);
	g32(&r);
	g2b(&r, NULL, MAXD);		/* creationTicket */
	nl = g2b(&r, name, sizeof(name));
	if (r.bad || nl != k->namel || memcmp(name, k->name, nl)) {
		snprintf(rsp_why, sizeof(rsp_why),
			 "name in response differs from nameAlg||H(public)");
		return RC_CLIENT_MALFORMED;
	}
	return 0;
}

static void flush(u32 h)
{
	struct cmdspec cs = { .cc = CC_FLUSH };
	u8 p[4];

	if (!h)
		return;
	w32(p, h);
	tpm_cmd(&cs, p, 4, NULL, 0, NULL);
}

/* Parameters of TPM2_Create of a sealed data object */
static void create_params(struct buf *p, const u8 *uauth, size_t ual,
			  const u8 *data, size_t dl, u32 attrs,
			  const u8 *policy, size_t pl)
{
	struct buf t = { .n = 0 };

	sealed_template(&t, attrs, policy, pl);
	p->n = 0;
	p16(p, (u16)(4 + ual + dl));
	p2b(p, uauth, ual);
	p2b(p, data, dl);
	p2b(p, t.b, t.n);
	p16(p, 0);
	p32(p, 0);
}

/* Take outPrivate and outPublic of a Create response into @k */
static bool take_created(struct key *k, const struct result *res)
{
	struct rd r;
	size_t privl, publ;
	const u8 *pub;

	rd_init(&r, res->p, res->pn);
	privl = g16(&r);
	CHECK(gbytes(&r, privl) && privl + 2 <= sizeof(k->priv),
	      "outPrivate malformed");
	memcpy(k->priv, res->p, privl + 2);
	k->privl = privl + 2;
	publ = g16(&r);
	pub = gbytes(&r, publ);
	CHECK(pub, "outPublic malformed");
	return parse_public(k, pub, publ);
}

static u32 load(const struct key *parent, struct key *k)
{
	struct cmdspec cs = { .cc = CC_LOAD, .h = { parent->h }, .nh = 1,
			      .nauth = 1, .nrh = 1 };
	struct use u = pw(parent->auth, parent->authl);
	struct result res;
	struct buf p = { .n = 0 };
	u8 name[MAXD + 2];
	struct rd r;
	size_t nl;
	u32 rc;

	pbytes(&p, k->priv, k->privl);
	p2b(&p, k->pub, k->publ);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, &res);
	if (rc)
		return rc;
	k->h = res.rh;
	track(k->h);
	rd_init(&r, res.p, res.pn);
	nl = g2b(&r, name, sizeof(name));
	if (r.bad || nl != k->namel || memcmp(name, k->name, nl)) {
		snprintf(rsp_why, sizeof(rsp_why),
			 "Load: name differs from nameAlg||H(public)");
		return RC_CLIENT_MALFORMED;
	}
	return 0;
}

/* Create and Load a sealed object under @parent with password sessions */
static u32 make_sealed(const struct key *parent, struct key *k,
		       const char *uauth, const u8 *data, size_t dl, u32 attrs,
		       const u8 *policy, size_t pl)
{
	struct cmdspec cs = { .cc = CC_CREATE, .h = { parent->h }, .nh = 1,
			      .nauth = 1 };
	struct use u = pw(parent->auth, parent->authl);
	static struct result res;
	struct buf p;
	u32 rc;

	memset(k, 0, sizeof(*k));
	k->authl = strlen(uauth);
	memcpy(k->auth, uauth, k->authl);
	create_params(&p, k->auth, k->authl, data, dl, attrs, policy, pl);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, &res);
	if (rc)
		return rc;
	if (!take_created(k, &res)) {
		snprintf(rsp_why, sizeof(rsp_why), "Create: %.200s", why);
		why[0] = 0;
		return RC_CLIENT_MALFORMED;
	}
	return load(parent, k);
}

static u32 unseal(const struct key *k, struct use *u, int nu, u8 *out,
		  size_t *outl)
{
	struct cmdspec cs = { .cc = CC_UNSEAL, .h = { k->h },
			      .hname = { k->name }, .hnamel = { k->namel },
			      .nh = 1, .nauth = 1 };
	static struct result res;
	struct rd r;
	u32 rc;

	rc = tpm_cmd(&cs, NULL, 0, u, nu, &res);
	if (rc)
		return rc;
	rd_init(&r, res.p, res.pn);
	*outl = g2b(&r, out, 128);
	if (r.bad || r.off != res.pn)
		return RC_CLIENT_MALFORMED;
	return 0;
}

/* ---- StartAuthSession, with salts computed here ---- */

static EVP_PKEY *rsa_pub(const struct key *k)
{
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *par;
	EVP_PKEY_CTX *c;
	EVP_PKEY *pk = NULL;
	BIGNUM *n, *e;

	OSSL(n = BN_bin2bn(k->n, (int)k->nl, NULL));
	OSSL(e = BN_new());
	OSSL(BN_set_word(e, 65537));
	OSSL(bld = OSSL_PARAM_BLD_new());
	OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n));
	OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e));
	OSSL(par = OSSL_PARAM_BLD_to_param(bld));
	OSSL(c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL));
	OSSL(EVP_PKEY_fromdata_init(c) > 0);
	OSSL(EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, par) > 0);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pk;
}

/* encryptedSalt for an RSA tpmKey: OAEP, label "SECRET\0" */
static size_t salt_rsa(const struct key *k, u8 *salt, size_t sl, u8 *out)
{
	const EVP_MD *md = md_of(k->name_alg);
	EVP_PKEY *pk = rsa_pub(k);
	EVP_PKEY_CTX *c;
	size_t ol = 512;
	void *label;

	OSSL(c = EVP_PKEY_CTX_new(pk, NULL));
	OSSL(EVP_PKEY_encrypt_init(c) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_oaep_md(c, md) > 0);
	OSSL(EVP_PKEY_CTX_set_rsa_mgf1_md(c, md) > 0);
	OSSL(label = OPENSSL_memdup("SECRET", 7));
	OSSL(EVP_PKEY_CTX_set0_rsa_oaep_label(c, label, 7) > 0);
	OSSL(EVP_PKEY_encrypt(c, out, &ol, salt, sl) > 0);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	return ol;
}

static void bn_out(const EVP_PKEY *pk, const char *which, u8 *out)
{
	BIGNUM *bn = NULL;

	OSSL(EVP_PKEY_get_bn_param(pk, which, &bn));
	OSSL(BN_bn2binpad(bn, out, 32) == 32);
	BN_free(bn);
}

/*
 * encryptedSalt for an ECC tpmKey: a TPMS_ECC_POINT Qe; the salt is KDFe
 * over the x coordinate of de * Q_tpmKey.
 */
static size_t salt_ecc(const struct key *k, u8 *salt, u8 *out)
{
	u8 pt[65], z[32], qx[32], qy[32];
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *par;
	EVP_PKEY_CTX *c;
	EVP_PKEY *peer = NULL, *eph;
	size_t zl = sizeof(z);
	struct buf b = { .n = 0 };

	pt[0] = 4;
	memcpy(pt + 1, k->x, 32);
	memcpy(pt + 33, k->y, 32);
	OSSL(bld = OSSL_PARAM_BLD_new());
	OSSL(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0));
	OSSL(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      pt, sizeof(pt)));
	OSSL(par = OSSL_PARAM_BLD_to_param(bld));
	OSSL(c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL));
	OSSL(EVP_PKEY_fromdata_init(c) > 0);
	OSSL(EVP_PKEY_fromdata(c, &peer, EVP_PKEY_PUBLIC_KEY, par) > 0);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(par);
	OSSL_PARAM_BLD_free(bld);

	OSSL(eph = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	OSSL(c = EVP_PKEY_CTX_new(eph, NULL));
	OSSL(EVP_PKEY_derive_init(c) > 0);
	OSSL(EVP_PKEY_derive_set_peer(c, peer) > 0);
	OSSL(EVP_PKEY_derive(c, z, &zl) > 0 && zl == 32);
	EVP_PKEY_CTX_free(c);
	bn_out(eph, OSSL_PKEY_PARAM_EC_PUB_X, qx);
	bn_out(eph, OSSL_PKEY_PARAM_EC_PUB_Y, qy);
	EVP_PKEY_free(eph);
	EVP_PKEY_free(peer);

	kdfe(md_of(k->name_alg), z, 32, "SECRET", qx, 32, k->x, 32,
	     (u32)EVP_MD_get_size(md_of(k->name_alg)) * 8, salt);
	p2b(&b, qx, 32);
	p2b(&b, qy, 32);
	memcpy(out, b.b, b.n);
	return b.n;
}

struct start {
	u8 type;
	u16 alg;
	const struct key *tpm_key;	/* NULL: unsalted */
	u32 bind;			/* 0: TPM_RH_NULL */
	const u8 *bname, *bauth;
	size_t bnl, bal;
	u16 sym, sym_bits, sym_mode;
	bool bad_salt;			/* send a salt the TPM cannot use */
};

static u32 start_session(struct sess *s, const struct start *st)
{
	struct cmdspec cs = { .cc = CC_START_AUTH_SESSION, .nh = 2, .nrh = 1 };
	u8 salt[MAXD], es[600], kin[2 * MAXD];
	size_t sl = 0, esl = 0;
	struct result res;
	struct buf p = { .n = 0 };
	struct rd r;
	u32 rc;

	memset(s, 0, sizeof(*s));
	s->type = st->type;
	s->alg = st->alg;
	s->md = md_of(st->alg);
	s->dsz = (size_t)EVP_MD_get_size(s->md);
	s->sym = st->sym ? st->sym : ALG_NULL;
	s->sym_bits = st->sym_bits;
	s->sym_mode = st->sym_mode;
	s->ncl = s->dsz;
	OSSL(RAND_bytes(s->nc, (int)s->ncl));
	cs.h[0] = st->tpm_key ? st->tpm_key->h : RH_NULL;
	cs.h[1] = st->bind ? st->bind : RH_NULL;
	if (st->tpm_key) {
		const struct key *k = st->tpm_key;

		sl = (size_t)EVP_MD_get_size(md_of(k->name_alg));
		if (k->type == ALG_RSA) {
			OSSL(RAND_bytes(salt, (int)sl));
			esl = salt_rsa(k, salt, sl, es);
		} else {
			esl = salt_ecc(k, salt, es);
		}
		if (st->bad_salt)
			es[esl / 2] ^= 1;
	}
	p2b(&p, s->nc, s->ncl);
	p2b(&p, es, esl);
	p8(&p, st->type);
	p16(&p, s->sym);
	if (s->sym == ALG_AES) {
		p16(&p, s->sym_bits);
		p16(&p, s->sym_mode);
	} else if (s->sym == ALG_XOR) {
		p16(&p, s->sym_mode);
	}
	p16(&p, st->alg);
	rc = tpm_cmd(&cs, p.b, p.n, NULL, 0, &res);
	if (rc)
		return rc;
	s->h = res.rh;
	track(s->h);
	rd_init(&r, res.p, res.pn);
	s->ntl = g2b(&r, s->nt, sizeof(s->nt));
	if (r.bad || r.off != res.pn || s->ntl != s->dsz) {
		snprintf(rsp_why, sizeof(rsp_why), "nonceTPM of %zu bytes",
			 s->ntl);
		return RC_CLIENT_MALFORMED;
	}
	if (st->bind) {
		s->bound = true;
		memcpy(s->bname, st->bname, st->bnl);
		s->bnl = st->bnl;
		memcpy(s->bauth, st->bauth, st->bal);
		s->bal = st->bal;
		memcpy(kin, st->bauth, st->bal);
	}
	memcpy(kin + s->bal, salt, sl);
	if (s->bal + sl) {
		s->keyl = s->dsz;
		kdfa(s->md, kin, s->bal + sl, "ATH", s->nt, s->ntl, s->nc,
		     s->ncl, (u32)s->dsz * 8, s->key);
	}
	return 0;
}

static u32 hmac_session(struct sess *s, u16 alg, const struct key *salt_key,
			u16 sym, u16 bits, u16 mode)
{
	struct start st = { .type = SE_HMAC, .alg = alg, .tpm_key = salt_key,
			    .sym = sym, .sym_bits = bits, .sym_mode = mode };

	return start_session(s, &st);
}

static u32 policy_session(struct sess *s, u8 type, const struct key *salt)
{
	struct start st = { .type = type, .alg = ALG_SHA256, .tpm_key = salt };

	return start_session(s, &st);
}

/* ---- Small commands ---- */

static const u8 pcr16_sel[] = { 0, 0, 0, 1, 0x00, 0x0B, 3, 0, 0, 1 };
static u8 pcr16[32];		/* the model of sha256 PCR 16 */
static u8 pcr23[32];

static u32 pcr_extend(u32 pcr, struct use *u, const u8 *d)
{
	struct cmdspec cs = { .cc = CC_PCR_EXTEND, .h = { pcr }, .nh = 1,
			      .nauth = 1 };
	struct buf p = { .n = 0 };
	u8 *model = pcr == 16 ? pcr16 : pcr23;
	u8 cat[64];
	u32 rc;

	p32(&p, 1);
	p16(&p, ALG_SHA256);
	pbytes(&p, d, 32);
	rc = tpm_cmd(&cs, p.b, p.n, u, 1, NULL);
	if (!rc) {
		memcpy(cat, model, 32);
		memcpy(cat + 32, d, 32);
		digest(EVP_sha256(), cat, 64, model);
	}
	return rc;
}

static u32 get_prop(u32 prop, u32 *val)
{
	struct cmdspec cs = { .cc = CC_GET_CAPABILITY };
	struct buf p = { .n = 0 };
	struct result res;
	u32 rc;

	p32(&p, 6);		/* TPM_CAP_TPM_PROPERTIES */
	p32(&p, prop);
	p32(&p, 1);
	rc = tpm_cmd(&cs, p.b, p.n, NULL, 0, &res);
	if (rc)
		return rc;
	if (res.pn < 17 || r32(res.p + 5) != 1 || r32(res.p + 9) != prop)
		return RC_CLIENT_MALFORMED;
	*val = r32(res.p + 13);
	return 0;
}

static u32 startup_clear(void)
{
	struct cmdspec cs = { .cc = CC_STARTUP };
	u8 p[2] = { 0, 0 };

	return tpm_cmd(&cs, p, 2, NULL, 0, NULL);
}

/* ---- Shared state of the tests ---- */

static struct key srk;		/* RSA-2048 primary, stays loaded */
static const u8 seal_data[] = "sealed by session_test, 32 bytes";

/* ---- 0. The client's own primitives against OpenSSL's ---- */

static bool t_client_hmac(void)
{
	static const u8 key[] = "a key of some length", msg[] = "message";
	u8 mine[MAXD], ref[MAXD];
	unsigned int rl = 0;
	struct mac m;
	u8 longkey[200];

	mac_init(&m, EVP_sha256(), key, sizeof(key));
	mac_upd(&m, msg, sizeof(msg));
	CHECK(mac_final(&m, mine) == 32, "size");
	OSSL(HMAC(EVP_sha256(), key, sizeof(key), msg, sizeof(msg), ref, &rl));
	CHECK(rl == 32 && !memcmp(mine, ref, 32), "HMAC-SHA256 differs");
	memset(longkey, 0x61, sizeof(longkey));
	mac_init(&m, EVP_sha384(), longkey, sizeof(longkey));
	mac_upd(&m, msg, sizeof(msg));
	mac_final(&m, mine);
	OSSL(HMAC(EVP_sha384(), longkey, sizeof(longkey), msg, sizeof(msg),
		  ref, &rl));
	CHECK(rl == 48 && !memcmp(mine, ref, 48), "HMAC-SHA384 differs");
	return true;
}

/* KDFa is SP 800-108 counter mode: OpenSSL's KBKDF computes the same */
static bool t_client_kdfa(void)
{
	static const u8 key[] = "kdfa key", u[] = "party u", v[] = "party v";
	u8 ctx[sizeof(u) + sizeof(v)], mine[80], ref[80];
	char label[] = "ATH";
	OSSL_PARAM par[7], *p = par;
	EVP_KDF_CTX *c;
	EVP_KDF *kdf;

	memcpy(ctx, u, sizeof(u));
	memcpy(ctx + sizeof(u), v, sizeof(v));
	kdfa(EVP_sha256(), key, sizeof(key), label, u, sizeof(u), v,
	     sizeof(v), 80 * 8, mine);
	OSSL(kdf = EVP_KDF_fetch(NULL, "KBKDF", NULL));
	OSSL(c = EVP_KDF_CTX_new(kdf));
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE,
						"counter", 0);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, "HMAC", 0);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						"SHA256", 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)key, sizeof(key));
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, label,
						 3);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, ctx,
						 sizeof(ctx));
	*p = OSSL_PARAM_construct_end();
	OSSL(EVP_KDF_derive(c, ref, sizeof(ref), par) > 0);
	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	CHECK(!memcmp(mine, ref, sizeof(ref)), "KDFa differs from KBKDF");
	return true;
}

/* KDFe is the SP 800-56A one-step KDF: OpenSSL's SSKDF computes it too */
static bool t_client_kdfe(void)
{
	static const u8 z[32] = { 1, 2, 3 }, pu[32] = { 4 }, pv[32] = { 5 };
	u8 info[7 + 64], mine[48], ref[48];
	OSSL_PARAM par[4], *p = par;
	EVP_KDF_CTX *c;
	EVP_KDF *kdf;

	memcpy(info, "SECRET", 7);
	memcpy(info + 7, pu, 32);
	memcpy(info + 39, pv, 32);
	kdfe(EVP_sha256(), z, 32, "SECRET", pu, 32, pv, 32, 48 * 8, mine);
	OSSL(kdf = EVP_KDF_fetch(NULL, "SSKDF", NULL));
	OSSL(c = EVP_KDF_CTX_new(kdf));
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						"SHA256", 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)z, 32);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
						 sizeof(info));
	*p = OSSL_PARAM_construct_end();
	OSSL(EVP_KDF_derive(c, ref, sizeof(ref), par) > 0);
	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	CHECK(!memcmp(mine, ref, sizeof(ref)), "KDFe differs from SSKDF");
	return true;
}

/* ---- 1. StartAuthSession and session keys ---- */

static bool t_startup(void)
{
	OK(startup_clear());
	return true;
}

static bool t_create_primary_rsa(void)
{
	OK(create_primary(ALG_RSA, &srk));
	keep(srk.h);
	CHECK(srk.nl == 256, "modulus of %zu bytes", srk.nl);
	return true;
}

/* An authorized command with an unsalted, unbound session: key = auth */
static bool t_hmac_unsalted(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 1 };

	OK(hmac_session(&s, ALG_SHA256, NULL, 0, 0, 0));
	CHECK(s.keyl == 0, "key");
	u = with(&s, SA_CONTINUE, NULL, 0);
	OK(pcr_extend(23, &u, d));
	/* continued: the next nonceTPM is used */
	OK(pcr_extend(23, &u, d));
	flush(s.h);
	return true;
}

static bool t_hmac_wrong_rejected(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 2 };
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, NULL, 0, 0, 0));
	u = with(&s, SA_CONTINUE, NULL, 0);
	u.bad_hmac = true;
	rc = pcr_extend(23, &u, d);
	flush(s.h);
	/* a PCR is not DA-protected: TPM_RC_BAD_AUTH of session 1 */
	CHECK(rc == (RC_BAD_AUTH | RC_S | RC_N1), "rc %#x, want %#x", rc,
	      RC_BAD_AUTH | RC_S | RC_N1);
	return true;
}

static bool t_hmac_sha1_sha384(void)
{
	static const u16 algs[] = { ALG_SHA1, ALG_SHA384 };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct sess s;
		struct use u;
		u8 d[32] = { 3 };
		u32 rc;

		OK(hmac_session(&s, algs[i], &srk, 0, 0, 0));
		u = with(&s, SA_CONTINUE, NULL, 0);
		rc = pcr_extend(23, &u, d);
		flush(s.h);
		CHECK(!rc, "authHash %#x: rc %#x %s", algs[i], rc, rsp_why);
	}
	return true;
}

static bool t_session_ends(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 4 };
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, NULL, 0, 0, 0));
	u = with(&s, 0, NULL, 0);	/* continueSession clear */
	OK(pcr_extend(23, &u, d));
	rc = pcr_extend(23, &u, d);
	CHECK(rc, "session used after a command without continueSession");
	return true;
}

static bool t_salted_rsa(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 5 };

	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	CHECK(s.keyl == 32, "no session key");
	u = with(&s, SA_CONTINUE, NULL, 0);
	OK(pcr_extend(23, &u, d));
	OK(pcr_extend(23, &u, d));
	flush(s.h);
	return true;
}

static bool t_salted_rsa_bad_salt(void)
{
	struct start st = { .type = SE_HMAC, .alg = ALG_SHA256,
			    .tpm_key = &srk, .bad_salt = true };
	struct sess s;
	u32 rc = start_session(&s, &st);

	if (!rc)
		flush(s.h);
	/* OAEP decoding fails: TPM_RC_VALUE of parameter 2 */
	CHECK(rc == (RC_VALUE | RC_P | 0x200), "rc %#x, want %#x", rc,
	      RC_VALUE | RC_P | 0x200);
	return true;
}

static bool t_salted_ecc(void)
{
	struct key ek;
	struct sess s;
	struct use u;
	u8 d[32] = { 6 };
	u32 rc;

	OK(create_primary(ALG_ECC, &ek));
	rc = hmac_session(&s, ALG_SHA256, &ek, 0, 0, 0);
	flush(ek.h);
	OK(rc);
	u = with(&s, SA_CONTINUE, NULL, 0);
	rc = pcr_extend(23, &u, d);
	if (!rc)
		rc = pcr_extend(23, &u, d);
	flush(s.h);
	OK(rc);
	return true;
}

/* A session bound to a sealed object: its authValue is in the key */
static bool t_bound(void)
{
	struct key k;
	struct sess s;
	struct start st = { .type = SE_HMAC, .alg = ALG_SHA256,
			    .sym = ALG_AES, .sym_bits = 128,
			    .sym_mode = ALG_CFB };
	struct use u;
	u8 out[128];
	size_t ol;
	u8 d[32] = { 7 };
	u32 rc;

	OK(make_sealed(&srk, &k, "bindpw", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		       OA_NO_DA, NULL, 0));
	st.bind = k.h;
	st.bname = k.name;
	st.bnl = k.namel;
	st.bauth = k.auth;
	st.bal = k.authl;
	rc = start_session(&s, &st);
	if (rc)
		flush(k.h);
	OK(rc);
	/*
	 * The bound entity: authValue left out of the HMAC key, but part of
	 * the key that encrypts outData.
	 */
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, k.auth, k.authl);
	rc = unseal(&k, &u, 1, out, &ol);
	if (!rc && (ol != 32 || memcmp(out, seal_data, 32)))
		rc = fail("unsealed data differ");
	/* another entity (PCR 23, empty auth): its authValue in the key */
	if (!rc) {
		u = with(&s, SA_CONTINUE, NULL, 0);
		rc = pcr_extend(23, &u, d);
	}
	flush(s.h);
	flush(k.h);
	OK(rc);
	return true;
}

/* Bound to the owner hierarchy (with an authValue) and salted */
static bool t_bound_salted_owner(void)
{
	static const u8 oa[] = "owner-bind";
	struct cmdspec cs = { .cc = CC_HIER_CHANGE_AUTH, .h = { RH_OWNER },
			      .nh = 1, .nauth = 1 };
	struct start st = { .type = SE_HMAC, .alg = ALG_SHA256,
			    .tpm_key = &srk, .bind = RH_OWNER, .bauth = oa,
			    .bal = sizeof(oa) - 1, .bnl = 4 };
	u8 bname[4], newauth[2] = { 0, 0 };
	struct sess s;
	struct use u;
	u32 rc;
	struct buf p = { .n = 0 };

	/* owner auth := "owner-bind" (password session) */
	p2b(&p, oa, sizeof(oa) - 1);
	u = pw(owner_auth, owner_authl);
	OK(tpm_cmd(&cs, p.b, p.n, &u, 1, NULL));
	memcpy(owner_auth, oa, sizeof(oa) - 1);
	owner_authl = sizeof(oa) - 1;

	w32(bname, RH_OWNER);
	st.bname = bname;
	OK(start_session(&s, &st));
	CHECK(s.keyl == 32, "no session key");
	/* back to empty, authorized by the bound session (auth left out) */
	u = with(&s, SA_CONTINUE, owner_auth, owner_authl);
	u.rsp_auth_set = true;		/* the response: new (empty) auth */
	u.rsp_auth = newauth;
	u.rsp_authl = 0;
	p.n = 0;
	p2b(&p, NULL, 0);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, NULL);
	flush(s.h);
	if (!rc)
		owner_authl = 0;
	OK(rc);
	return true;
}

/* nonceCaller shorter than 16 bytes: TPM_RC_SIZE of parameter 1 */
static bool t_short_nonce(void)
{
	struct cmdspec cs = { .cc = CC_START_AUTH_SESSION, .nh = 2, .nrh = 1,
			      .h = { RH_NULL, RH_NULL } };
	struct buf p = { .n = 0 };
	struct result res;
	u8 nonce[15] = { 0 };
	u32 rc;

	p2b(&p, nonce, sizeof(nonce));
	p16(&p, 0);
	p8(&p, SE_HMAC);
	p16(&p, ALG_NULL);
	p16(&p, ALG_SHA256);
	rc = tpm_cmd(&cs, p.b, p.n, NULL, 0, &res);
	if (!rc)
		flush(res.rh);
	CHECK(rc == (RC_SIZE | RC_P | RC_N1), "rc %#x, want %#x", rc,
	      RC_SIZE | RC_P | RC_N1);
	return true;
}

/*
 * Trailing zeros of an authValue are not part of it: an object made with
 * userAuth "tz\0\0" takes HMACs keyed with "tz".
 */
static bool t_auth_trailing_zeros(void)
{
	struct cmdspec cs = { .cc = CC_CREATE, .h = { srk.h }, .nh = 1,
			      .nauth = 1 };
	static const u8 tz[] = { 't', 'z', 0, 0 };
	static struct result res;
	struct use u = pw(NULL, 0);
	struct sess s;
	struct key k;
	struct buf p;
	u8 out[128];
	size_t ol;

	memset(&k, 0, sizeof(k));
	create_params(&p, tz, sizeof(tz), seal_data, 32,
		      OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		      OA_NO_DA, NULL, 0);
	OK(tpm_cmd(&cs, p.b, p.n, &u, 1, &res));
	CHECK(take_created(&k, &res), "Create response");
	OK(load(&srk, &k));
	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	u = with(&s, SA_CONTINUE, tz, 2);
	OK(unseal(&k, &u, 1, out, &ol));
	CHECK(ol == 32 && !memcmp(out, seal_data, 32), "unsealed data differ");
	return true;
}

/* TPM2_Create: a userAuth longer than the nameAlg digest: TPM_RC_SIZE */
static bool t_create_auth_too_long(void)
{
	struct cmdspec cs = { .cc = CC_CREATE, .h = { srk.h }, .nh = 1,
			      .nauth = 1 };
	struct use u = pw(NULL, 0);
	struct buf p;
	u8 ua[33];
	u32 rc;

	memset(ua, 'a', sizeof(ua));
	create_params(&p, ua, sizeof(ua), seal_data, 32,
		      OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		      OA_NO_DA, NULL, 0);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, NULL);
	CHECK(rc == (RC_SIZE | RC_P | RC_N1), "rc %#x, want %#x", rc,
	      RC_SIZE | RC_P | RC_N1);
	return true;
}

/* A trial session cannot authorize: TPM_RC_ATTRIBUTES of session 1 */
static bool t_trial_cannot_authorize(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 0x11 };
	u32 rc;

	OK(policy_session(&s, SE_TRIAL, NULL));
	u = with(&s, SA_CONTINUE, NULL, 0);
	rc = pcr_extend(23, &u, d);
	CHECK(rc == (0x082 | RC_S | RC_N1), "rc %#x, want %#x", rc,
	      0x082 | RC_S | RC_N1);
	return true;
}

/* A refused HMAC changes nothing: the session goes on with its nonce */
static bool t_usable_after_failure(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 0x12 };
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	u = with(&s, 0, NULL, 0);	/* not even continueSession */
	u.bad_hmac = true;
	rc = pcr_extend(23, &u, d);
	CHECK(rc == (RC_BAD_AUTH | RC_S | RC_N1), "bad HMAC: rc %#x", rc);
	u.bad_hmac = false;
	u.attrs = SA_CONTINUE;
	OK(pcr_extend(23, &u, d));
	return true;
}

/*
 * Bound to the owner while its authValue was A; after a change to B the
 * session is no longer bound to it: B goes into the HMAC key.
 */
static bool t_bound_auth_changed(void)
{
	struct cmdspec cs = { .cc = CC_HIER_CHANGE_AUTH, .h = { RH_OWNER },
			      .nh = 1, .nauth = 1 };
	struct start st = { .type = SE_HMAC, .alg = ALG_SHA256,
			    .bind = RH_OWNER, .bnl = 4 };
	struct buf p = { .n = 0 };
	u8 bname[4];
	struct sess s;
	struct use u;

	p2b(&p, "bind-A", 6);
	u = pw(owner_auth, owner_authl);
	OK(tpm_cmd(&cs, p.b, p.n, &u, 1, NULL));
	memcpy(owner_auth, "bind-A", 6);
	owner_authl = 6;
	w32(bname, RH_OWNER);
	st.bname = bname;
	st.bauth = owner_auth;
	st.bal = owner_authl;
	OK(start_session(&s, &st));
	p.n = 0;
	p2b(&p, "bind-B", 6);
	u = pw(owner_auth, owner_authl);
	OK(tpm_cmd(&cs, p.b, p.n, &u, 1, NULL));
	memcpy(owner_auth, "bind-B", 6);
	/* back to empty with the session: key = sessionKey || "bind-B" */
	u = with(&s, SA_CONTINUE, owner_auth, owner_authl);
	u.rsp_auth_set = true;
	u.rsp_auth = NULL;
	u.rsp_authl = 0;
	p.n = 0;
	p2b(&p, NULL, 0);
	OK(tpm_cmd(&cs, p.b, p.n, &u, 1, NULL));
	owner_authl = 0;
	return true;
}

/* ---- 3. Parameter encryption ---- */

/* decrypt where the first parameter is no TPM2B (PCR_Extend) */
static bool t_decrypt_not_allowed(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 0x13 };
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	u = with(&s, SA_CONTINUE | SA_DECRYPT, NULL, 0);
	rc = pcr_extend(23, &u, d);
	CHECK(rc == (0x082 | RC_S | RC_N1), "decrypt: rc %#x", rc);
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, NULL, 0);
	rc = pcr_extend(23, &u, d);
	CHECK(rc == (0x082 | RC_S | RC_N1), "encrypt: rc %#x", rc);
	return true;
}

/* Two decrypt sessions: TPM_RC_ATTRIBUTES of the second */
static bool t_two_decrypt_sessions(void)
{
	struct cmdspec cs = { .cc = CC_HASH };
	struct buf p = { .n = 0 };
	struct sess a, b;
	struct use u[2];
	u32 rc;

	OK(hmac_session(&a, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	OK(hmac_session(&b, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	p2b(&p, "data", 4);
	p16(&p, ALG_SHA256);
	p32(&p, RH_NULL);
	u[0] = with(&a, SA_CONTINUE | SA_DECRYPT, NULL, 0);
	u[1] = with(&b, SA_CONTINUE | SA_DECRYPT, NULL, 0);
	rc = tpm_cmd(&cs, p.b, p.n, u, 2, NULL);
	CHECK(rc == (0x082 | RC_S | 0x200), "rc %#x, want %#x", rc,
	      0x082 | RC_S | 0x200);
	return true;
}

static u32 get_random(struct use *u, int nu, u16 n, u8 *out, size_t *ol)
{
	struct cmdspec cs = { .cc = CC_GET_RANDOM };
	struct result res;
	u8 p[2];
	struct rd r;
	u32 rc;

	w16(p, n);
	rc = tpm_cmd(&cs, p, 2, u, nu, &res);
	if (rc)
		return rc;
	rd_init(&r, res.p, res.pn);
	*ol = g2b(&r, out, 64);
	return r.bad || r.off != res.pn ? RC_CLIENT_MALFORMED : 0;
}

static bool t_getrandom_plain(void)
{
	u8 out[64], out2[64];
	size_t ol, ol2;

	OK(get_random(NULL, 0, 32, out, &ol));
	OK(get_random(NULL, 0, 32, out2, &ol2));
	CHECK(ol == 32 && ol2 == 32, "%zu bytes", ol);
	CHECK(memcmp(out, out2, 32), "the same bytes twice");
	return true;
}

/* A session that neither authorizes, encrypts nor audits: refused */
static bool t_session_without_role(void)
{
	struct sess s;
	struct use u;
	u8 out[64];
	size_t ol;
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, NULL, ALG_AES, 128, ALG_CFB));
	u = with(&s, SA_CONTINUE, NULL, 0);
	rc = get_random(&u, 1, 32, out, &ol);
	CHECK(rc == (0x082 | RC_S | RC_N1), "rc %#x, want TPM_RC_ATTRIBUTES",
	      rc);
	return true;
}

/* The client notices a response HMAC it cannot reproduce */
static bool t_client_catches_bad_rsp_hmac(void)
{
	struct sess s;
	struct use u;
	u8 d[32] = { 8 };
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	u = with(&s, SA_CONTINUE, NULL, 0);
	u.rsp_auth_set = true;
	u.rsp_auth = (const u8 *)"x";
	u.rsp_authl = 1;
	rc = pcr_extend(23, &u, d);
	CHECK(rc == RC_CLIENT_RSP_HMAC, "rc %#x", rc);
	return true;
}

/*
 * GetRandom with an encrypt session: what arrives differs from the
 * decrypted bytes exactly by the XOR mask this client computes.
 */
static bool t_getrandom_encrypt_xor(void)
{
	struct sess s;
	struct use u;
	u8 out[64], mask[64], raw[64];
	size_t ol, i;
	struct rd r;

	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_XOR, 0, ALG_SHA256));
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, NULL, 0);
	OK(get_random(&u, 1, 32, out, &ol));
	CHECK(ol == 32, "%zu bytes", ol);
	/* the raw response parameter, kept by the last exec */
	rd_init(&r, rsp, rsp_len);
	gbytes(&r, 14);
	CHECK(g16(&r) == 32, "raw size");
	memcpy(raw, gbytes(&r, 32), 32);
	kdfa(EVP_sha256(), s.key, s.keyl, "XOR", s.nt, s.ntl, s.nc, s.ncl,
	     32 * 8, mask);
	for (i = 0; i < 32; i++)
		CHECK((raw[i] ^ out[i]) == mask[i], "byte %zu not masked", i);
	CHECK(memcmp(raw, out, 32), "response not encrypted");
	flush(s.h);
	return true;
}

static bool t_getrandom_encrypt_cfb(void)
{
	struct sess s;
	struct use u;
	u8 out[64];
	size_t ol;

	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, NULL, 0);
	OK(get_random(&u, 1, 32, out, &ol));
	CHECK(ol == 32 && memcmp(rsp + 16, out, 32), "not encrypted");
	flush(s.h);
	return true;
}

/* TPM2_Hash of data sent encrypted (and outHash returned encrypted) */
static bool hash_crypt(u16 sym, u16 bits, u16 mode, u8 attrs)
{
	struct cmdspec cs = { .cc = CC_HASH };
	static const u8 data[] = "parameter encryption of TPM2_Hash's data";
	struct buf p = { .n = 0 };
	struct result res;
	struct sess s;
	struct use u;
	u8 want[32];
	struct rd r;
	u8 got[64];
	size_t gl;
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, &srk, sym, bits, mode));
	p2b(&p, data, sizeof(data));
	p16(&p, ALG_SHA256);
	p32(&p, RH_OWNER);
	u = with(&s, SA_CONTINUE | attrs, NULL, 0);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, &res);
	flush(s.h);
	OK(rc);
	digest(EVP_sha256(), data, sizeof(data), want);
	rd_init(&r, res.p, res.pn);
	gl = g2b(&r, got, sizeof(got));
	CHECK(gl == 32 && !memcmp(got, want, 32),
	      "outHash is not SHA-256 of the plaintext");
	return true;
}

static bool t_decrypt_hash_cfb(void)
{
	return hash_crypt(ALG_AES, 128, ALG_CFB, SA_DECRYPT);
}

static bool t_decrypt_hash_xor(void)
{
	return hash_crypt(ALG_XOR, 0, ALG_SHA256, SA_DECRYPT);
}

static bool t_decrypt_encrypt_hash_cfb(void)
{
	return hash_crypt(ALG_AES, 128, ALG_CFB, SA_DECRYPT | SA_ENCRYPT);
}

static bool t_encrypt_hash_xor(void)
{
	return hash_crypt(ALG_XOR, 0, ALG_SHA256, SA_ENCRYPT);
}

/* ReadPublic's outPublic encrypted equals the one read in clear */
static bool t_encrypt_readpublic(void)
{
	struct cmdspec cs = { .cc = CC_READ_PUBLIC, .h = { srk.h }, .nh = 1,
			      .hname = { srk.name }, .hnamel = { srk.namel } };
	static struct result plain, enc;
	struct sess s;
	struct use u;

	OK(tpm_cmd(&cs, NULL, 0, NULL, 0, &plain));
	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, NULL, 0);
	OK(tpm_cmd(&cs, NULL, 0, &u, 1, &enc));
	flush(s.h);
	CHECK(plain.pn == enc.pn && !memcmp(plain.p, enc.p, plain.pn),
	      "decrypted outPublic differs");
	CHECK(r16(plain.p) == srk.publ && !memcmp(plain.p + 2, srk.pub,
						  srk.publ),
	      "outPublic differs from CreatePrimary's");
	return true;
}

/*
 * Create a sealed object with inSensitive encrypted, Unseal with outData
 * encrypted; the parent / object authValues are part of the keys.
 */
static bool t_create_unseal_encrypted(void)
{
	struct cmdspec cs = { .cc = CC_CREATE, .h = { srk.h }, .nh = 1,
			      .hname = { srk.name }, .hnamel = { srk.namel },
			      .nauth = 1 };
	static const u8 data[] = "a secret crossing the bus encrypted";
	static struct result res;
	struct sess s;
	struct use u;
	struct key k;
	struct buf p;
	u8 out[128];
	size_t ol;
	u32 rc;

	memset(&k, 0, sizeof(k));
	memcpy(k.auth, "objpw", 5);
	k.authl = 5;
	create_params(&p, k.auth, k.authl, data, sizeof(data),
		      OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		      OA_NO_DA, NULL, 0);
	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	u = with(&s, SA_CONTINUE | SA_DECRYPT, srk.auth, srk.authl);
	rc = tpm_cmd(&cs, p.b, p.n, &u, 1, &res);
	if (rc)
		flush(s.h);
	OK(rc);
	if (!take_created(&k, &res)) {
		flush(s.h);
		return false;
	}
	rc = load(&srk, &k);
	if (rc)
		flush(s.h);
	OK(rc);
	u = with(&s, SA_CONTINUE | SA_ENCRYPT, k.auth, k.authl);
	rc = unseal(&k, &u, 1, out, &ol);
	flush(s.h);
	flush(k.h);
	OK(rc);
	CHECK(ol == sizeof(data) && !memcmp(out, data, ol),
	      "unsealed data differ");
	CHECK(memcmp(rsp + 16, data, 8), "outData not encrypted");
	return true;
}

/*
 * A separate decrypt+encrypt session next to the authorizing one: its
 * nonceTPM is part of the first session's HMAC.
 */
static bool t_separate_crypt_session(void)
{
	struct cmdspec cs = { .cc = CC_CREATE, .h = { srk.h }, .nh = 1,
			      .hname = { srk.name }, .hnamel = { srk.namel },
			      .nauth = 1 };
	static const u8 data[] = "two sessions";
	static struct result res;
	struct sess a, c;
	struct use u[2];
	struct key k;
	struct buf p;
	u8 out[128];
	size_t ol;
	u32 rc;

	memset(&k, 0, sizeof(k));
	create_params(&p, NULL, 0, data, sizeof(data),
		      OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		      OA_NO_DA, NULL, 0);
	OK(hmac_session(&a, ALG_SHA256, NULL, 0, 0, 0));
	rc = hmac_session(&c, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB);
	if (rc)
		flush(a.h);
	OK(rc);
	u[0] = with(&a, SA_CONTINUE, NULL, 0);
	u[1] = with(&c, SA_CONTINUE | SA_DECRYPT | SA_ENCRYPT, NULL, 0);
	rc = tpm_cmd(&cs, p.b, p.n, u, 2, &res);
	if (!rc && !take_created(&k, &res))
		rc = RC_CLIENT_MALFORMED;
	if (!rc)
		rc = load(&srk, &k);
	if (!rc) {
		u[0] = with(&a, SA_CONTINUE, NULL, 0);
		u[1] = with(&c, SA_CONTINUE | SA_ENCRYPT, NULL, 0);
		rc = unseal(&k, u, 2, out, &ol);
		if (!rc && (ol != sizeof(data) || memcmp(out, data, ol)))
			rc = fail("unsealed data differ");
	}
	flush(a.h);
	flush(c.h);
	flush(k.h);
	OK(rc);
	return true;
}

/*
 * HierarchyChangeAuth(owner) in session @u, the response HMAC with the new
 * authValue; owner_auth follows on success.
 */
static u32 change_owner(struct use *u, const char *na)
{
	struct cmdspec cs = { .cc = CC_HIER_CHANGE_AUTH, .h = { RH_OWNER },
			      .nh = 1, .nauth = 1 };
	struct buf p = { .n = 0 };
	size_t nl = strlen(na);
	u32 rc;

	p2b(&p, na, nl);
	u->rsp_auth_set = true;
	u->rsp_auth = (const u8 *)na;
	u->rsp_authl = nl;
	rc = tpm_cmd(&cs, p.b, p.n, u, 1, NULL);
	if (!rc) {
		memcpy(owner_auth, na, nl);
		owner_authl = nl;
	}
	return rc;
}

/* HierarchyChangeAuth with newAuth encrypted, then the new auth works */
static bool t_change_auth_encrypted(void)
{
	struct sess s;
	struct use u;
	struct key k;

	OK(hmac_session(&s, ALG_SHA256, &srk, ALG_AES, 128, ALG_CFB));
	/* empty -> "new owner auth": the CFB key is the session key only */
	u = with(&s, SA_CONTINUE | SA_DECRYPT, owner_auth, owner_authl);
	OK(change_owner(&u, "new owner auth"));
	/* the new auth in clear (password session) */
	OK(create_primary(ALG_ECC, &k));
	flush(k.h);
	/* -> "second": the CFB key is sessionKey || "new owner auth" */
	u = with(&s, SA_CONTINUE | SA_DECRYPT, owner_auth, owner_authl);
	OK(change_owner(&u, "second"));
	OK(create_primary(ALG_ECC, &k));
	flush(k.h);
	/* back to empty in the HMAC session, with the XOR ... of nothing */
	u = with(&s, SA_CONTINUE, owner_auth, owner_authl);
	OK(change_owner(&u, ""));
	return true;
}

/* XOR obfuscation of newAuth keyed with the old owner authValue */
static bool t_change_auth_xor(void)
{
	struct sess s;
	struct use u;
	struct key k;

	OK(hmac_session(&s, ALG_SHA256, NULL, ALG_XOR, 0, ALG_SHA256));
	u = with(&s, SA_CONTINUE, owner_auth, owner_authl);
	OK(change_owner(&u, "xor-1"));
	u = with(&s, SA_CONTINUE | SA_DECRYPT, owner_auth, owner_authl);
	OK(change_owner(&u, "xor-2"));
	OK(create_primary(ALG_ECC, &k));
	flush(k.h);
	u = with(&s, SA_CONTINUE, owner_auth, owner_authl);
	OK(change_owner(&u, ""));
	return true;
}

/* ---- 4. Policy sessions ---- */

static void pol_extend(u8 *d, u32 cc, const u8 *a, size_t al, const u8 *b,
		       size_t bl)
{
	struct hash h;

	h_init(&h, EVP_sha256());
	h_upd(&h, d, 32);
	h_u32(&h, cc);
	h_upd(&h, a, al);
	h_upd(&h, b, bl);
	h_final(&h, d);
}

static u32 policy_simple(const struct sess *s, u32 cc)
{
	struct cmdspec cs = { .cc = cc, .h = { s->h }, .nh = 1 };

	return tpm_cmd(&cs, NULL, 0, NULL, 0, NULL);
}

static u32 policy_cc(const struct sess *s, u32 code)
{
	struct cmdspec cs = { .cc = CC_POLICY_CC, .h = { s->h }, .nh = 1 };
	u8 p[4];

	w32(p, code);
	return tpm_cmd(&cs, p, 4, NULL, 0, NULL);
}

static u32 policy_pcr(const struct sess *s, const u8 *pd, size_t pdl)
{
	struct cmdspec cs = { .cc = CC_POLICY_PCR, .h = { s->h }, .nh = 1 };
	struct buf p = { .n = 0 };

	p2b(&p, pd, pdl);
	pbytes(&p, pcr16_sel, sizeof(pcr16_sel));
	return tpm_cmd(&cs, p.b, p.n, NULL, 0, NULL);
}

static u32 policy_or(const struct sess *s, u8 (*list)[32], int n)
{
	struct cmdspec cs = { .cc = CC_POLICY_OR, .h = { s->h }, .nh = 1 };
	struct buf p = { .n = 0 };
	int i;

	p32(&p, (u32)n);
	for (i = 0; i < n; i++)
		p2b(&p, list[i], 32);
	return tpm_cmd(&cs, p.b, p.n, NULL, 0, NULL);
}

static u32 policy_digest(const struct sess *s, u8 *d)
{
	struct cmdspec cs = { .cc = CC_POLICY_GET_DIGEST, .h = { s->h },
			      .nh = 1 };
	struct result res;
	u32 rc = tpm_cmd(&cs, NULL, 0, NULL, 0, &res);

	if (rc)
		return rc;
	if (res.pn != 34 || r16(res.p) != 32)
		return RC_CLIENT_MALFORMED;
	memcpy(d, res.p + 2, 32);
	return 0;
}

/* The policy digest the TPM reports equals @want */
static bool same_digest(const struct sess *s, const u8 *want,
			const char *what)
{
	u8 got[32];

	OK(policy_digest(s, got));
	CHECK(!memcmp(got, want, 32), "%s: policyDigest differs", what);
	return true;
}

static u8 pol_pcr[32];		/* PolicyPCR over sha256:16 as it is now */

static bool t_policy_trial_digests(void)
{
	u8 want[32] = { 0 };
	struct sess s;
	bool ok;

	OK(policy_session(&s, SE_TRIAL, NULL));
	ok = same_digest(&s, want, "fresh");
	if (ok) {
		u32 rc = policy_cc(&s, CC_UNSEAL);
		u8 code[4];

		w32(code, CC_UNSEAL);
		pol_extend(want, CC_POLICY_CC, code, 4, NULL, 0);
		ok = rc ? fail("PolicyCommandCode: rc %#x", rc) :
			same_digest(&s, want, "PolicyCommandCode");
	}
	if (ok) {
		u32 rc = policy_simple(&s, CC_POLICY_AUTH_VALUE);

		pol_extend(want, CC_POLICY_AUTH_VALUE, NULL, 0, NULL, 0);
		ok = rc ? fail("PolicyAuthValue: rc %#x", rc) :
			same_digest(&s, want, "PolicyAuthValue");
	}
	if (ok) {
		u32 rc = policy_simple(&s, CC_POLICY_PASSWORD);

		/* PolicyPassword extends with TPM_CC_PolicyAuthValue */
		pol_extend(want, CC_POLICY_AUTH_VALUE, NULL, 0, NULL, 0);
		ok = rc ? fail("PolicyPassword: rc %#x", rc) :
			same_digest(&s, want, "PolicyPassword");
	}
	flush(s.h);
	return ok;
}

static bool t_policy_trial_pcr(void)
{
	u8 want[32] = { 0 }, pd[32];
	struct sess s;
	u32 rc;
	bool ok;

	digest(EVP_sha256(), pcr16, 32, pd);
	OK(policy_session(&s, SE_TRIAL, NULL));
	/* empty pcrDigest: the TPM takes the current PCR values */
	rc = policy_pcr(&s, NULL, 0);
	pol_extend(want, CC_POLICY_PCR, pcr16_sel, sizeof(pcr16_sel), pd, 32);
	ok = rc ? fail("PolicyPCR: rc %#x", rc) :
		same_digest(&s, want, "PolicyPCR");
	flush(s.h);
	memcpy(pol_pcr, want, 32);
	return ok;
}

static bool t_pcr_read_model(void)
{
	struct cmdspec cs = { .cc = CC_PCR_READ };
	struct result res;
	struct rd r;
	u8 v[32];

	OK(tpm_cmd(&cs, pcr16_sel, sizeof(pcr16_sel), NULL, 0, &res));
	rd_init(&r, res.p, res.pn);
	g32(&r);
	CHECK(gbytes(&r, sizeof(pcr16_sel)), "selection");
	CHECK(g32(&r) == 1, "digest count");
	CHECK(g2b(&r, v, 32) == 32 && !r.bad, "digest");
	CHECK(!memcmp(v, pcr16, 32), "PCR 16 differs from the model");
	return true;
}

static bool t_policy_or(void)
{
	u8 list[2][32], want[32] = { 0 }, code[4];
	struct hash h;
	struct sess s;
	u32 rc;
	bool ok = true;

	memset(list, 0, sizeof(list));
	w32(code, CC_UNSEAL);
	pol_extend(list[0], CC_POLICY_CC, code, 4, NULL, 0);
	memset(list[1], 0x42, 32);
	OK(policy_session(&s, SE_POLICY, NULL));
	rc = policy_cc(&s, CC_UNSEAL);
	if (!rc)
		rc = policy_or(&s, list, 2);
	if (rc)
		ok = fail("PolicyCommandCode/PolicyOR: rc %#x", rc);
	h_init(&h, EVP_sha256());
	h_upd(&h, want, 32);
	h_u32(&h, CC_POLICY_OR);
	h_upd(&h, list, sizeof(list));
	h_final(&h, want);
	if (ok)
		ok = same_digest(&s, want, "PolicyOR");
	/* the digest is now in neither list entry */
	if (ok) {
		rc = policy_or(&s, list, 2);
		if (rc != (RC_VALUE | RC_P | RC_N1))
			ok = fail("PolicyOR without a match: rc %#x, want %#x",
				  rc, RC_VALUE | RC_P | RC_N1);
	}
	flush(s.h);
	return ok;
}

static struct key pcr_obj;	/* sealed to pol_pcr */

static bool t_policy_seal_pcr(void)
{
	struct sess s;
	struct use u;
	u8 out[128];
	size_t ol;
	u32 rc;

	OK(make_sealed(&srk, &pcr_obj, "", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol_pcr, 32));
	keep(pcr_obj.h);
	OK(policy_session(&s, SE_POLICY, NULL));
	rc = policy_pcr(&s, NULL, 0);
	if (!rc) {
		u = with(&s, SA_CONTINUE, NULL, 0);
		rc = unseal(&pcr_obj, &u, 1, out, &ol);
	}
	flush(s.h);
	OK(rc);
	CHECK(ol == 32 && !memcmp(out, seal_data, 32), "unsealed data differ");
	return true;
}

static bool t_policy_needs_session(void)
{
	struct use u = pw("", 0);
	u8 out[128];
	size_t ol;
	u32 rc = unseal(&pcr_obj, &u, 1, out, &ol);

	/* no userWithAuth: a password cannot authorize the user role */
	CHECK(rc == 0x12F, "Unseal with a password: rc %#x, want %#x", rc,
	      0x12F);
	return true;
}

static bool t_policy_pcr_changed(void)
{
	u8 d[32], old[32], pd[32], out[128];
	struct sess s;
	struct use u;
	size_t ol;
	u32 rc;

	memset(d, 0x16, sizeof(d));
	memcpy(old, pcr16, 32);
	u = pw("", 0);
	OK(pcr_extend(16, &u, d));
	CHECK(memcmp(old, pcr16, 32), "model unchanged");
	/* the old pcrDigest given: PolicyPCR refuses it */
	digest(EVP_sha256(), old, 32, pd);
	OK(policy_session(&s, SE_POLICY, NULL));
	rc = policy_pcr(&s, pd, 32);
	CHECK(rc == (RC_VALUE | RC_P | RC_N1), "PolicyPCR old digest: rc %#x",
	      rc);
	/* empty pcrDigest: PolicyPCR takes the new values, Unseal fails */
	rc = policy_pcr(&s, NULL, 0);
	if (!rc) {
		u = with(&s, SA_CONTINUE, NULL, 0);
		rc = unseal(&pcr_obj, &u, 1, out, &ol);
		rc = rc == (RC_POLICY_FAIL | RC_S | RC_N1) ? 0 :
			fail("Unseal: rc %#x, want %#x", rc,
			     RC_POLICY_FAIL | RC_S | RC_N1);
	} else {
		fail("PolicyPCR empty digest: rc %#x", rc);
	}
	flush(s.h);
	return !rc;
}

/* PCRs that change after PolicyPCR: the session's use fails */
static bool t_policy_pcr_changed_later(void)
{
	u8 pol[32] = { 0 }, pd[32], d[32], out[128];
	struct sess s;
	struct use u;
	struct key k;
	size_t ol;
	u32 rc;

	digest(EVP_sha256(), pcr16, 32, pd);
	pol_extend(pol, CC_POLICY_PCR, pcr16_sel, sizeof(pcr16_sel), pd, 32);
	OK(make_sealed(&srk, &k, "", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol, 32));
	OK(policy_session(&s, SE_POLICY, NULL));
	OK(policy_pcr(&s, pd, 32));
	memset(d, 0x61, sizeof(d));
	u = pw("", 0);
	OK(pcr_extend(16, &u, d));
	u = with(&s, SA_CONTINUE, NULL, 0);
	rc = unseal(&k, &u, 1, out, &ol);
	/* TPM_RC_PCR_CHANGED */
	CHECK(rc == 0x128, "rc %#x, want 0x128", rc);
	return true;
}

/* PolicyPCR + PolicyPassword: the password in clear in the hmac field */
static struct key pw_obj;

static bool t_policy_pcr_password(void)
{
	u8 pol[32] = { 0 }, pd[32], out[128];
	struct sess s;
	struct use u;
	size_t ol;
	u32 rc;

	digest(EVP_sha256(), pcr16, 32, pd);
	pol_extend(pol, CC_POLICY_PCR, pcr16_sel, sizeof(pcr16_sel), pd, 32);
	pol_extend(pol, CC_POLICY_AUTH_VALUE, NULL, 0, NULL, 0);
	OK(make_sealed(&srk, &pw_obj, "pcr+pw", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol, 32));
	keep(pw_obj.h);
	OK(policy_session(&s, SE_POLICY, NULL));
	rc = policy_pcr(&s, pd, 32);
	if (!rc)
		rc = policy_simple(&s, CC_POLICY_PASSWORD);
	if (!rc) {
		s.pol_password = true;
		u = with(&s, SA_CONTINUE, pw_obj.auth, pw_obj.authl);
		rc = unseal(&pw_obj, &u, 1, out, &ol);
	}
	flush(s.h);
	OK(rc);
	CHECK(ol == 32 && !memcmp(out, seal_data, 32), "unsealed data differ");
	return true;
}

static u32 pw_policy_unseal(const u8 *pass, size_t pl)
{
	u8 pd[32], out[128];
	struct sess s;
	struct use u;
	size_t ol;
	u32 rc;

	digest(EVP_sha256(), pcr16, 32, pd);
	rc = policy_session(&s, SE_POLICY, NULL);
	if (rc)
		return rc;
	rc = policy_pcr(&s, pd, 32);
	if (!rc)
		rc = policy_simple(&s, CC_POLICY_PASSWORD);
	if (!rc) {
		s.pol_password = true;
		u = with(&s, SA_CONTINUE, pass, pl);
		rc = unseal(&pw_obj, &u, 1, out, &ol);
	}
	flush(s.h);
	return rc;
}

static bool t_policy_password_wrong(void)
{
	u32 rc = pw_policy_unseal((const u8 *)"pcr+pX", 6);

	CHECK(rc == (RC_AUTH_FAIL | RC_S | RC_N1) ||
	      rc == (RC_BAD_AUTH | RC_S | RC_N1), "rc %#x", rc);
	return true;
}

/* A password longer than any authValue of the object: refused */
static bool t_policy_password_longer_than_digest(void)
{
	u8 pass[40];
	u32 rc;

	memset(pass, 'p', sizeof(pass));
	rc = pw_policy_unseal(pass, sizeof(pass));
	CHECK(rc == (RC_SIZE | RC_S | RC_N1) ||
	      rc == (RC_BAD_AUTH | RC_S | RC_N1) ||
	      rc == (RC_AUTH_FAIL | RC_S | RC_N1), "rc %#x", rc);
	return true;
}

/* Longer than a TPM2B_AUTH (sizeof(TPMU_HA) = 64): TPM_RC_SIZE of S1 */
static bool t_policy_password_too_long(void)
{
	u8 pass[65];
	u32 rc;

	memset(pass, 'p', sizeof(pass));
	rc = pw_policy_unseal(pass, sizeof(pass));
	CHECK(rc == (RC_SIZE | RC_S | RC_N1), "rc %#x, want %#x", rc,
	      RC_SIZE | RC_S | RC_N1);
	return true;
}

/* PolicyAuthValue: the HMAC key is sessionKey || authValue (salted) */
static bool t_policy_auth_value_hmac(void)
{
	u8 pol[32] = { 0 }, out[128];
	struct sess s;
	struct use u;
	struct key k;
	size_t ol;
	u32 rc;

	pol_extend(pol, CC_POLICY_AUTH_VALUE, NULL, 0, NULL, 0);
	OK(make_sealed(&srk, &k, "av-secret", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol, 32));
	rc = policy_session(&s, SE_POLICY, &srk);
	if (!rc)
		rc = policy_simple(&s, CC_POLICY_AUTH_VALUE);
	if (!rc) {
		s.pol_authvalue = true;
		u = with(&s, SA_CONTINUE, k.auth, k.authl);
		rc = unseal(&k, &u, 1, out, &ol);
		if (!rc && (ol != 32 || memcmp(out, seal_data, 32)))
			rc = fail("unsealed data differ");
	}
	/* a wrong authValue in the key fails */
	if (!rc)
		rc = policy_simple(&s, CC_POLICY_AUTH_VALUE);
	if (!rc) {
		u = with(&s, SA_CONTINUE, (const u8 *)"av-secreX", 9);
		rc = unseal(&k, &u, 1, out, &ol);
		if (rc != (RC_BAD_AUTH | RC_S | RC_N1))
			fail("wrong authValue: rc %#x, want %#x", rc,
			     RC_BAD_AUTH | RC_S | RC_N1);
		rc = 0;
	}
	flush(s.h);
	flush(k.h);
	OK(rc);
	return true;
}

/* A salted policy session without PolicyAuthValue: key = sessionKey */
static bool t_policy_salted_hmac(void)
{
	struct start st = { .type = SE_POLICY, .alg = ALG_SHA256,
			    .tpm_key = &srk, .sym = ALG_AES, .sym_bits = 128,
			    .sym_mode = ALG_CFB };
	u8 pol[32] = { 0 }, code[4], out[128];
	struct sess s;
	struct use u;
	struct key k;
	size_t ol;
	u32 rc;

	w32(code, CC_UNSEAL);
	pol_extend(pol, CC_POLICY_CC, code, 4, NULL, 0);
	OK(make_sealed(&srk, &k, "unused", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol, 32));
	rc = start_session(&s, &st);
	if (!rc && !s.keyl)
		rc = fail("no session key");
	if (!rc)
		rc = policy_cc(&s, CC_UNSEAL);
	if (!rc) {
		/*
		 * No userWithAuth: the authValue is not available for the
		 * user role, so it is not part of the encryption key.
		 */
		u = with(&s, SA_CONTINUE | SA_ENCRYPT, k.auth, k.authl);
		u.crypt_noauth = true;
		rc = unseal(&k, &u, 1, out, &ol);
		if (!rc && (ol != 32 || memcmp(out, seal_data, 32)))
			rc = fail("unsealed data differ");
	}
	flush(s.h);
	flush(k.h);
	OK(rc);
	return true;
}

/*
 * A policy session on an object with userWithAuth: its authValue is
 * available, so it is part of the key that encrypts outData.
 */
static bool t_policy_encrypt_auth_available(void)
{
	struct start st = { .type = SE_POLICY, .alg = ALG_SHA256,
			    .sym = ALG_AES, .sym_bits = 128,
			    .sym_mode = ALG_CFB };
	u8 pol[32] = { 0 }, code[4], out[128];
	struct sess s;
	struct use u;
	struct key k;
	size_t ol;
	u32 rc;

	w32(code, CC_UNSEAL);
	pol_extend(pol, CC_POLICY_CC, code, 4, NULL, 0);
	OK(make_sealed(&srk, &k, "available", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		       OA_NO_DA, pol, 32));
	rc = start_session(&s, &st);
	if (!rc)
		rc = policy_cc(&s, CC_UNSEAL);
	if (!rc) {
		u = with(&s, SA_CONTINUE | SA_ENCRYPT, k.auth, k.authl);
		rc = unseal(&k, &u, 1, out, &ol);
		if (!rc && (ol != 32 || memcmp(out, seal_data, 32)))
			rc = fail("unsealed data differ");
	}
	flush(s.h);
	flush(k.h);
	OK(rc);
	return true;
}

/* PolicyCommandCode of another command: TPM_RC_POLICY_CC */
static bool t_policy_cc_mismatch(void)
{
	u8 pol[32] = { 0 }, code[4], out[128];
	struct sess s;
	struct use u;
	struct key k;
	size_t ol;
	u32 rc;

	/* the policy digest matches; the command is another one */
	w32(code, CC_LOAD);
	pol_extend(pol, CC_POLICY_CC, code, 4, NULL, 0);
	OK(make_sealed(&srk, &k, "", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_NO_DA, pol, 32));
	rc = policy_session(&s, SE_POLICY, NULL);
	if (!rc)
		rc = policy_cc(&s, CC_LOAD);
	if (!rc) {
		u = with(&s, SA_CONTINUE, NULL, 0);
		rc = unseal(&k, &u, 1, out, &ol);
		/* TPM_RC_POLICY_CC of session 1 */
		rc = rc == (0x0A4 | RC_S | RC_N1) ? 0 :
			fail("rc %#x, want %#x", rc, 0x0A4 | RC_S | RC_N1);
	} else {
		fail("PolicyCommandCode: rc %#x", rc);
	}
	flush(s.h);
	flush(k.h);
	return !why[0];
}

/* PolicyOR takes 2 to 8 digests: one is TPM_RC_SIZE of parameter 1 */
static bool t_policy_or_one(void)
{
	u8 list[1][32];
	struct sess s;
	u32 rc;

	memset(list, 0, sizeof(list));
	OK(policy_session(&s, SE_POLICY, NULL));
	rc = policy_or(&s, list, 1);
	CHECK(rc == (RC_SIZE | RC_P | RC_N1), "rc %#x, want %#x", rc,
	      RC_SIZE | RC_P | RC_N1);
	return true;
}

/* ---- 6. Sessions as contexts ---- */

static bool t_context_session(void)
{
	struct cmdspec save = { .cc = CC_CONTEXT_SAVE, .nh = 1 };
	struct cmdspec ld = { .cc = CC_CONTEXT_LOAD, .nrh = 1 };
	static struct result blob, blob2, res;
	struct sess s;
	struct use u;
	u8 d[32] = { 9 };
	u32 rc, h;

	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	u = with(&s, SA_CONTINUE, NULL, 0);
	OK(pcr_extend(23, &u, d));
	save.h[0] = s.h;
	OK(tpm_cmd(&save, NULL, 0, NULL, 0, &blob));
	CHECK(pcr_extend(23, &u, d), "a saved session still works");
	OK(tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, &res));
	h = res.rh;
	CHECK(h == s.h, "loaded as %#x, saved %#x", h, s.h);
	rc = pcr_extend(23, &u, d);
	CHECK(!rc, "HMAC after ContextLoad: rc %#x %s", rc, rsp_why);
	/* the same blob again: refused (session already loaded) */
	rc = tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, NULL);
	CHECK(rc, "the same context loaded twice");
	/* save again, then the first (stale) blob is refused too */
	OK(tpm_cmd(&save, NULL, 0, NULL, 0, &blob2));
	rc = tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, NULL);
	CHECK(rc, "a stale session context loaded");
	OK(tpm_cmd(&ld, blob2.p, blob2.pn, NULL, 0, &res));
	rc = pcr_extend(23, &u, d);
	CHECK(!rc, "HMAC after the second ContextLoad: rc %#x", rc);
	/* a flushed session cannot come back */
	OK(tpm_cmd(&save, NULL, 0, NULL, 0, &blob2));
	flush(s.h);
	rc = tpm_cmd(&ld, blob2.p, blob2.pn, NULL, 0, &res);
	CHECK(rc, "a flushed session was loaded again");
	OK(hmac_session(&s, ALG_SHA256, &srk, 0, 0, 0));
	u = with(&s, SA_CONTINUE, NULL, 0);
	save.h[0] = s.h;
	/* a modified blob: TPM_RC_INTEGRITY */
	OK(tpm_cmd(&save, NULL, 0, NULL, 0, &blob));
	blob.p[blob.pn - 3] ^= 0x01;
	rc = tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, NULL);
	CHECK((rc & 0x8BF) == 0x09F, "modified context: rc %#x", rc);
	blob.p[blob.pn - 3] ^= 0x01;
	OK(tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, &res));
	OK(pcr_extend(23, &u, d));
	return true;
}

/* A saved and loaded policy session keeps its policyDigest */
static bool t_context_policy(void)
{
	struct cmdspec save = { .cc = CC_CONTEXT_SAVE, .nh = 1 };
	struct cmdspec ld = { .cc = CC_CONTEXT_LOAD, .nrh = 1 };
	static struct result blob, res;
	u8 want[32] = { 0 }, code[4];
	struct sess s;

	OK(policy_session(&s, SE_POLICY, NULL));
	OK(policy_cc(&s, CC_UNSEAL));
	w32(code, CC_UNSEAL);
	pol_extend(want, CC_POLICY_CC, code, 4, NULL, 0);
	save.h[0] = s.h;
	OK(tpm_cmd(&save, NULL, 0, NULL, 0, &blob));
	CHECK(policy_digest(&s, want), "PolicyGetDigest of a saved session");
	OK(tpm_cmd(&ld, blob.p, blob.pn, NULL, 0, &res));
	CHECK(res.rh == s.h, "loaded as %#x", res.rh);
	return same_digest(&s, want, "after ContextLoad");
}

/* ---- 5. Dictionary attack ---- */

static u8 lockout_auth[MAXD];
static size_t lockout_authl;

static u32 da_parameters(u32 max_tries, u32 recovery, u32 lockout_rec)
{
	struct cmdspec cs = { .cc = CC_DA_PARAMETERS, .h = { RH_LOCKOUT },
			      .nh = 1, .nauth = 1 };
	struct use u = pw(lockout_auth, lockout_authl);
	struct buf p = { .n = 0 };

	p32(&p, max_tries);
	p32(&p, recovery);
	p32(&p, lockout_rec);
	return tpm_cmd(&cs, p.b, p.n, &u, 1, NULL);
}

static u32 da_reset(struct use *u)
{
	struct cmdspec cs = { .cc = CC_DA_LOCK_RESET, .h = { RH_LOCKOUT },
			      .nh = 1, .nauth = 1 };

	return tpm_cmd(&cs, NULL, 0, u, 1, NULL);
}

static struct key da_obj, noda_obj;

static u32 unseal_pw(const struct key *k, const char *pass)
{
	struct use u = pw(pass, strlen(pass));
	u8 out[128];
	size_t ol;

	return unseal(k, &u, 1, out, &ol);
}

static bool t_da_parameters(void)
{
	u32 v;

	OK(da_parameters(2, 1000, 1000));
	OK(get_prop(PT_MAX_AUTH_FAIL, &v));
	CHECK(v == 2, "TPM_PT_MAX_AUTH_FAIL %u", v);
	return true;
}

static struct sess da_bound;	/* bound to da_obj, started before lockout */

static bool t_da_lockout(void)
{
	struct start st = { .type = SE_HMAC, .alg = ALG_SHA256 };
	u8 pol[32] = { 0 }, code[4];
	u32 rc, v;

	/* DA-protected, password or policy PolicyCommandCode(Unseal) */
	w32(code, CC_UNSEAL);
	pol_extend(pol, CC_POLICY_CC, code, 4, NULL, 0);
	OK(make_sealed(&srk, &da_obj, "da-pass", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH,
		       pol, 32));
	keep(da_obj.h);
	st.bind = da_obj.h;
	st.bname = da_obj.name;
	st.bnl = da_obj.namel;
	st.bauth = da_obj.auth;
	st.bal = da_obj.authl;
	OK(start_session(&da_bound, &st));
	keep(da_bound.h);
	OK(unseal_pw(&da_obj, "da-pass"));
	rc = unseal_pw(&da_obj, "da-wrong");
	CHECK(rc == (RC_AUTH_FAIL | RC_S | RC_N1), "1st failure: rc %#x", rc);
	rc = unseal_pw(&da_obj, "da-wrong");
	CHECK(rc == (RC_AUTH_FAIL | RC_S | RC_N1), "2nd failure: rc %#x", rc);
	rc = unseal_pw(&da_obj, "da-pass");
	CHECK(rc == RC_LOCKOUT, "correct password in lockout: rc %#x", rc);
	OK(get_prop(PT_LOCKOUT_COUNTER, &v));
	CHECK(v == 2, "TPM_PT_LOCKOUT_COUNTER %u", v);
	return true;
}

/* In lockout an HMAC session with the right HMAC is refused too */
static bool t_da_lockout_hmac(void)
{
	struct sess s;
	struct use u;
	u8 out[128];
	size_t ol;
	u32 rc;

	OK(hmac_session(&s, ALG_SHA256, NULL, 0, 0, 0));
	u = with(&s, SA_CONTINUE, da_obj.auth, da_obj.authl);
	rc = unseal(&da_obj, &u, 1, out, &ol);
	flush(s.h);
	CHECK(rc == RC_LOCKOUT, "HMAC session in lockout: rc %#x", rc);
	return true;
}

/*
 * A session bound to a DA-protected object is refused in lockout, even
 * for another entity (PCR 23, not DA-protected).
 */
static bool t_da_bound_in_lockout(void)
{
	struct use u = with(&da_bound, SA_CONTINUE, NULL, 0);
	u8 d[32] = { 0x0D };
	u32 rc = pcr_extend(23, &u, d);

	CHECK(rc == RC_LOCKOUT, "rc %#x, want %#x", rc, RC_LOCKOUT);
	return true;
}

/* A policy without PolicyAuthValue/PolicyPassword works in lockout */
static bool t_da_policy_in_lockout(void)
{
	struct sess s;
	struct use u;
	u8 out[128];
	size_t ol;

	OK(policy_session(&s, SE_POLICY, NULL));
	OK(policy_cc(&s, CC_UNSEAL));
	u = with(&s, SA_CONTINUE, NULL, 0);
	OK(unseal(&da_obj, &u, 1, out, &ol));
	CHECK(ol == 32 && !memcmp(out, seal_data, 32), "unsealed data differ");
	return true;
}

static bool t_da_second_engine(void)
{
	struct tpm2_engine *a = eng;
	struct use u = pw(lockout_auth, lockout_authl);
	u32 rc1, rc2 = 0, v = 99;

	eng = new_engine(0x3C);
	rc1 = startup_clear();
	if (!rc1)
		rc2 = get_prop(PT_LOCKOUT_COUNTER, &v);
	if (!rc1 && !rc2)
		rc2 = da_reset(&u);
	tpm2_engine_destroy(eng);
	eng = a;
	CHECK(!rc1, "Startup of engine B: %#x", rc1);
	CHECK(!rc2, "engine B: rc %#x", rc2);
	CHECK(v == 0, "engine B lockout counter %u", v);
	/* engine A is still locked out */
	rc1 = unseal_pw(&da_obj, "da-pass");
	CHECK(rc1 == RC_LOCKOUT, "engine A: rc %#x", rc1);
	return true;
}

static bool t_da_lock_reset(void)
{
	struct use u = pw(lockout_auth, lockout_authl);
	u32 v;

	struct use b = with(&da_bound, SA_CONTINUE, NULL, 0);
	u8 d[32] = { 0x0E };

	OK(da_reset(&u));
	OK(get_prop(PT_LOCKOUT_COUNTER, &v));
	CHECK(v == 0, "TPM_PT_LOCKOUT_COUNTER %u after reset", v);
	OK(unseal_pw(&da_obj, "da-pass"));
	/* the DA-bound session works again */
	OK(pcr_extend(23, &b, d));
	track(da_bound.h);
	return true;
}

static bool t_da_noda_not_counted(void)
{
	u32 rc, v;
	int i;

	OK(make_sealed(&srk, &noda_obj, "noda-pass", seal_data, 32,
		       OA_FIXED_TPM | OA_FIXED_PARENT | OA_USER_WITH_AUTH |
		       OA_NO_DA, NULL, 0));
	for (i = 0; i < 3; i++) {
		rc = unseal_pw(&noda_obj, "noda-wrong");
		CHECK(rc == (RC_BAD_AUTH | RC_S | RC_N1), "failure %d: rc %#x",
		      i + 1, rc);
	}
	OK(get_prop(PT_LOCKOUT_COUNTER, &v));
	CHECK(v == 0, "TPM_PT_LOCKOUT_COUNTER %u", v);
	OK(unseal_pw(&noda_obj, "noda-pass"));
	OK(unseal_pw(&da_obj, "da-pass"));
	flush(noda_obj.h);
	return true;
}

/* A failed lockout authorization locks the lockout hierarchy */
static bool t_da_lockout_auth_fail(void)
{
	struct use bad = pw("wrong", 5), good = pw(lockout_auth, lockout_authl);
	u32 rc;

	rc = da_reset(&bad);
	CHECK(rc == (RC_AUTH_FAIL | RC_S | RC_N1), "wrong lockout auth: rc %#x",
	      rc);
	rc = da_reset(&good);
	CHECK(rc == RC_LOCKOUT, "lockout auth after a failure: rc %#x", rc);
	rc = da_parameters(3, 1000, 1000);
	CHECK(rc == RC_LOCKOUT, "DA parameters after a failure: rc %#x", rc);
	/* objects are not affected by the lockout hierarchy's lock */
	OK(unseal_pw(&da_obj, "da-pass"));
	flush(da_obj.h);
	return true;
}

int main(void)
{
	eng = new_engine(0x5A);

	run("client_hmac_matches_openssl", t_client_hmac);
	run("client_kdfa_matches_kbkdf", t_client_kdfa);
	run("client_kdfe_matches_sskdf", t_client_kdfe);
	run("session_startup", t_startup);
	run("session_create_primary_rsa_name", t_create_primary_rsa);
	run("session_hmac_unsalted_unbound", t_hmac_unsalted);
	run("session_hmac_wrong_is_bad_auth", t_hmac_wrong_rejected);
	run("session_hmac_sha1_sha384", t_hmac_sha1_sha384);
	run("session_ends_without_continue", t_session_ends);
	run("session_salted_rsa_key", t_salted_rsa);
	run("session_salted_rsa_bad_salt", t_salted_rsa_bad_salt);
	run("session_salted_ecc_key", t_salted_ecc);
	run("session_bound_object", t_bound);
	run("session_bound_salted_owner", t_bound_salted_owner);
	run("session_nonce_too_short", t_short_nonce);
	run("session_auth_trailing_zeros", t_auth_trailing_zeros);
	run("session_create_auth_too_long", t_create_auth_too_long);
	run("session_trial_cannot_authorize", t_trial_cannot_authorize);
	run("session_usable_after_failure", t_usable_after_failure);
	run("session_bound_auth_changed", t_bound_auth_changed);
	run("crypt_not_allowed_for_command", t_decrypt_not_allowed);
	run("crypt_two_decrypt_sessions", t_two_decrypt_sessions);

	run("session_client_catches_bad_rsp_hmac",
	    t_client_catches_bad_rsp_hmac);
	run("session_without_role_is_attributes", t_session_without_role);
	run("crypt_getrandom_plain", t_getrandom_plain);
	run("crypt_getrandom_encrypt_xor_mask", t_getrandom_encrypt_xor);
	run("crypt_getrandom_encrypt_cfb", t_getrandom_encrypt_cfb);
	run("crypt_hash_decrypt_cfb", t_decrypt_hash_cfb);
	run("crypt_hash_decrypt_xor", t_decrypt_hash_xor);
	run("crypt_hash_decrypt_encrypt_cfb", t_decrypt_encrypt_hash_cfb);
	run("crypt_hash_encrypt_xor", t_encrypt_hash_xor);
	run("crypt_readpublic_encrypt_cfb", t_encrypt_readpublic);
	run("crypt_create_unseal_encrypted", t_create_unseal_encrypted);
	run("crypt_separate_session_nonces", t_separate_crypt_session);
	run("crypt_hierarchy_change_auth_cfb", t_change_auth_encrypted);
	run("crypt_hierarchy_change_auth_xor", t_change_auth_xor);

	run("policy_trial_cc_authvalue_password", t_policy_trial_digests);
	run("policy_trial_pcr", t_policy_trial_pcr);
	run("policy_pcr_read_matches_model", t_pcr_read_model);
	run("policy_or", t_policy_or);
	run("policy_or_one_digest", t_policy_or_one);
	run("policy_seal_pcr_unseal", t_policy_seal_pcr);
	run("policy_seal_pcr_no_password", t_policy_needs_session);
	run("policy_pcr_changed", t_policy_pcr_changed);
	run("policy_pcr_changed_after_policy", t_policy_pcr_changed_later);
	run("policy_pcr_password_unseal", t_policy_pcr_password);
	run("policy_password_wrong", t_policy_password_wrong);
	run("policy_password_longer_than_digest",
	    t_policy_password_longer_than_digest);
	run("policy_password_too_long", t_policy_password_too_long);
	flush(pcr_obj.h);
	flush(pw_obj.h);
	run("policy_auth_value_hmac", t_policy_auth_value_hmac);
	run("policy_salted_hmac_encrypt", t_policy_salted_hmac);
	run("policy_encrypt_auth_available", t_policy_encrypt_auth_available);
	run("policy_command_code_mismatch", t_policy_cc_mismatch);

	run("context_session_save_load", t_context_session);
	run("context_policy_session_digest", t_context_policy);

	run("da_parameters", t_da_parameters);
	run("da_lockout_after_max_tries", t_da_lockout);
	run("da_lockout_hmac_session", t_da_lockout_hmac);
	run("da_bound_session_in_lockout", t_da_bound_in_lockout);
	run("da_policy_session_in_lockout", t_da_policy_in_lockout);
	run("da_second_engine_unaffected", t_da_second_engine);
	run("da_lock_reset", t_da_lock_reset);
	run("da_noda_bad_auth_not_counted", t_da_noda_not_counted);
	run("da_lockout_auth_failure", t_da_lockout_auth_fail);

	flush(srk.h);
	tpm2_engine_destroy(eng);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
