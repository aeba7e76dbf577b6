// SPDX-License-Identifier: GPL-2.0
/*
 * Command-level tests of command audit (kernel/tpm2/audit.c):
 * TPM2_SetCommandCodeAuditStatus, TPM_CAP_AUDIT_COMMANDS and the audit
 * counter. The test keeps its own model of the audit digest, extended with
 * OpenSSL from the bytes of each audited command and response, and
 * compares it with what TPM2_GetCommandAuditDigest reports when the engine
 * implements that command. One line per test, "PASS: name" or
 * "FAIL: name: reason", then "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>

#include "engine_int.h"

#define RSP_MAX TPM2_MAX_RESPONSE_SIZE
#define CC_GET_RANDOM		0x017B
#define CC_READ_CLOCK		0x0181
#define CC_STIR_RANDOM		0x0146
#define RC_VALUE_P1		(TPM2E_RC_VALUE + 0x040 + 0x100)

static struct tpm2_engine *eng;
static u8 rsp[RSP_MAX];
static size_t rsp_len;
static char fail_msg[512];
static unsigned int passed, failed;

/* The audit trail as the test computes it */
static struct {
	const EVP_MD *md;
	unsigned int size;
	u8 digest[64];
	bool started;
	u64 counter;
} model;

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

#define EXPECT_RC(expr, want) do {					\
	u32 __rc = (expr);						\
	EXPECT(__rc == (u32)(want), "line %d: %s: rc %#x, want %#x",	\
	       __LINE__, #expr, __rc, (u32)(want));			\
} while (0)

struct cmdbuf {
	u8 b[4096];
	u32 len;
	u32 params_at;	/* where the parameter area starts */
	u32 n_handles;
	u32 handles[3];
};

static void cb_u8(struct cmdbuf *c, u8 v)
{
	c->b[c->len++] = v;
}

static void cb_u16(struct cmdbuf *c, u16 v)
{
	put_unaligned_be16(v, c->b + c->len);
	c->len += 2;
}

static void cb_u32(struct cmdbuf *c, u32 v)
{
	put_unaligned_be32(v, c->b + c->len);
	c->len += 4;
}

/* A command without sessions and without handles */
static void cb_start(struct cmdbuf *c, u32 cc)
{
	memset(c, 0, sizeof(*c));
	cb_u16(c, TPM2E_ST_NO_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	c->params_at = c->len;
}

/* A command on @h with an empty password for it */
static void cb_start_pw(struct cmdbuf *c, u32 cc, u32 h)
{
	memset(c, 0, sizeof(*c));
	cb_u16(c, TPM2E_ST_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	cb_u32(c, h);
	c->n_handles = 1;
	c->handles[0] = h;
	cb_u32(c, 9);
	cb_u32(c, TPM2E_RS_PW);
	cb_u16(c, 0);
	cb_u8(c, 0);
	cb_u16(c, 0);
	c->params_at = c->len;
}

static void model_reset(const EVP_MD *md)
{
	model.md = md;
	model.size = EVP_MD_get_size(md);
	model.started = false;
}

static void hash_parts(const u8 *a, size_t an, const u8 *b, size_t bn,
		       const u8 *c, size_t cn, u8 *out)
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();

	EVP_DigestInit_ex(x, model.md, NULL);
	EVP_DigestUpdate(x, a, an);
	EVP_DigestUpdate(x, b, bn);
	EVP_DigestUpdate(x, c, cn);
	EVP_DigestFinal_ex(x, out, NULL);
	EVP_MD_CTX_free(x);
}

/*
 * The model's step for a successful audited command: cpHash over the
 * command code, the handles (their Names: permanent handles here) and the
 * parameters; rpHash over the response code, the command code and the
 * response parameters.
 */
static void model_extend(const struct cmdbuf *c)
{
	u8 head[4 + 12], cp[64], rp[64], rhead[8], d[64];
	u32 cc = get_unaligned_be32(c->b + 6), i, rp_at, rp_len;

	put_unaligned_be32(cc, head);
	for (i = 0; i < c->n_handles; i++)
		put_unaligned_be32(c->handles[i], head + 4 + 4 * i);
	hash_parts(head, 4 + 4 * c->n_handles, c->b + c->params_at,
		   c->len - c->params_at, NULL, 0, cp);
	put_unaligned_be32(0, rhead);
	put_unaligned_be32(cc, rhead + 4);
	if (get_unaligned_be16(rsp) == TPM2E_ST_SESSIONS) {
		rp_len = get_unaligned_be32(rsp + 10);
		rp_at = 14;
	} else {
		rp_at = 10;
		rp_len = rsp_len - 10;
	}
	hash_parts(rhead, 8, rsp + rp_at, rp_len, NULL, 0, rp);
	if (!model.started) {
		memset(model.digest, 0, sizeof(model.digest));
		model.started = true;
		model.counter++;
	}
	hash_parts(model.digest, model.size, cp, model.size, rp, model.size,
		   d);
	memcpy(model.digest, d, model.size);
}

static u32 exec_cb(struct cmdbuf *c)
{
	put_unaligned_be32(c->len, c->b + 2);
	memset(rsp, 0xAA, sizeof(rsp));
	rsp_len = tpm2_engine_execute(eng, c->b, c->len, rsp, sizeof(rsp),
				      NULL);
	if (rsp_len < 10)
		return 0xFFFFFFFF;
	return get_unaligned_be32(rsp + 6);
}

static struct cmdbuf last_cmd;

/* Execute; on success extend the model when @audited */
static u32 run(struct cmdbuf *c, bool audited)
{
	u32 rc = exec_cb(c);

	last_cmd = *c;
	if (!rc && audited)
		model_extend(c);
	return rc;
}

static void fresh_engine(void)
{
	struct tpm2_engine_config cfg;
	struct cmdbuf c;

	memset(&cfg, 0, sizeof(cfg));
	memset(cfg.secret, 0x4D, sizeof(cfg.secret));
	tpm2_engine_destroy(eng);
	eng = tpm2_engine_create(&cfg);
	if (!eng) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	cb_start(&c, TPM2E_CC_STARTUP);
	cb_u16(&c, TPM2E_SU_CLEAR);
	exec_cb(&c);
	memset(&model, 0, sizeof(model));
	model_reset(EVP_sha256());
}

/* The model's step for the command run() executed last (rsp unchanged) */
static void model_extend_last(void)
{
	model_extend(&last_cmd);
}

static u32 get_random(u16 n, bool audited)
{
	struct cmdbuf c;

	cb_start(&c, CC_GET_RANDOM);
	cb_u16(&c, n);
	return run(&c, audited);
}

/* SetCommandCodeAuditStatus(owner, alg, set, clear) */
static u32 set_audit(u16 alg, const u32 *set, u32 n_set, const u32 *clr,
		     u32 n_clr, bool audited)
{
	struct cmdbuf c;
	u32 i;

	cb_start_pw(&c, TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
		    TPM2E_RH_OWNER);
	cb_u16(&c, alg);
	cb_u32(&c, n_set);
	for (i = 0; i < n_set; i++)
		cb_u32(&c, set[i]);
	cb_u32(&c, n_clr);
	for (i = 0; i < n_clr; i++)
		cb_u32(&c, clr[i]);
	return run(&c, audited);
}

/* The TPM_CAP_AUDIT_COMMANDS list from @first on */
static bool audit_list(u32 first, u32 *list, u32 *n, u8 *more)
{
	struct cmdbuf c;
	u32 i;

	cb_start(&c, 0x017A);
	cb_u32(&c, TPM2E_CAP_AUDIT_COMMANDS);
	cb_u32(&c, first);
	cb_u32(&c, 64);
	if (exec_cb(&c) || rsp_len < 19)
		return false;
	*more = rsp[10];
	if (get_unaligned_be32(rsp + 11) != TPM2E_CAP_AUDIT_COMMANDS)
		return false;
	*n = get_unaligned_be32(rsp + 15);
	if (*n > 64 || rsp_len != 19 + 4 * *n)
		return false;
	for (i = 0; i < *n; i++)
		list[i] = get_unaligned_be32(rsp + 19 + 4 * i);
	return true;
}

/* TPM_PT_AUDIT_COUNTER_0 and _1 as one number */
static bool audit_counter(u64 *v)
{
	struct cmdbuf c;

	cb_start(&c, 0x017A);
	cb_u32(&c, TPM2E_CAP_TPM_PROPERTIES);
	cb_u32(&c, TPM2E_PT_AUDIT_COUNTER_0);
	cb_u32(&c, 2);
	if (exec_cb(&c) || rsp_len != 19 + 16 ||
	    get_unaligned_be32(rsp + 19) != TPM2E_PT_AUDIT_COUNTER_0 ||
	    get_unaligned_be32(rsp + 27) != TPM2E_PT_AUDIT_COUNTER_1)
		return false;
	*v = (u64)get_unaligned_be32(rsp + 23) << 32 |
	     get_unaligned_be32(rsp + 31);
	return true;
}

#define EXPECT_COUNTER(want) do {					\
	u64 __v;							\
	EXPECT(audit_counter(&__v), "line %d: counter unreadable",	\
	       __LINE__);						\
	EXPECT(__v == (want), "line %d: audit counter %llu, want %llu",\
	       __LINE__, (unsigned long long)__v,			\
	       (unsigned long long)(want));				\
} while (0)

/* A command on two permanent handles with empty passwords for both */
static void cb_start_pw2(struct cmdbuf *c, u32 cc, u32 h0, u32 h1)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	cb_u16(c, TPM2E_ST_SESSIONS);
	cb_u32(c, 0);
	cb_u32(c, cc);
	cb_u32(c, h0);
	cb_u32(c, h1);
	c->n_handles = 2;
	c->handles[0] = h0;
	c->handles[1] = h1;
	cb_u32(c, 18);
	for (i = 0; i < 2; i++) {
		cb_u32(c, TPM2E_RS_PW);
		cb_u16(c, 0);
		cb_u8(c, 0);
		cb_u16(c, 0);
	}
	c->params_at = c->len;
}

/* What TPM2_GetCommandAuditDigest (unsigned) reports */
struct audit_info {
	u64 counter;
	u16 alg;
	u16 digest_size;
	u8 digest[64];
	u16 commands_size;
	u8 commands[64];
};

static bool get_audit_digest(struct audit_info *ai, bool audited)
{
	struct cmdbuf c;
	const u8 *p, *end;
	u16 n;

	cb_start_pw2(&c, TPM2E_CC_GET_COMMAND_AUDIT_DIGEST,
		     TPM2E_RH_ENDORSEMENT, TPM2E_RH_NULL);
	cb_u16(&c, 4);
	cb_u32(&c, 0x01020304);
	cb_u16(&c, TPM2E_ALG_NULL);
	if (run(&c, audited))
		return failf("GetCommandAuditDigest: rc %#x",
			     get_unaligned_be32(rsp + 6));
	p = rsp + 14;
	end = rsp + 14 + get_unaligned_be32(rsp + 10);
	n = get_unaligned_be16(p);
	p += 2;
	if (p + n > end || n < 4 + 2)
		return failf("attest size %u", n);
	end = p + n;
	if (get_unaligned_be32(p) != 0xff544347 ||
	    get_unaligned_be16(p + 4) != 0x8015)
		return failf("magic/type %#x/%#x", get_unaligned_be32(p),
			     get_unaligned_be16(p + 4));
	p += 6;
	/* qualifiedSigner: TPM_RH_NULL's Name; extraData as given */
	if (get_unaligned_be16(p) != 4 || get_unaligned_be32(p + 2) !=
	    TPM2E_RH_NULL)
		return failf("qualifiedSigner");
	p += 6;
	if (get_unaligned_be16(p) != 4 || get_unaligned_be32(p + 2) !=
	    0x01020304)
		return failf("extraData");
	p += 6 + 17 + 8;
	if (p + 8 + 2 + 2 > end)
		return failf("short attest");
	ai->counter = get_unaligned_be64(p);
	ai->alg = get_unaligned_be16(p + 8);
	ai->digest_size = get_unaligned_be16(p + 10);
	p += 12;
	if (ai->digest_size > 64 || p + ai->digest_size + 2 > end)
		return failf("auditDigest size %u", ai->digest_size);
	memcpy(ai->digest, p, ai->digest_size);
	p += ai->digest_size;
	ai->commands_size = get_unaligned_be16(p);
	p += 2;
	if (ai->commands_size > 64 || p + ai->commands_size != end)
		return failf("commandDigest size %u", ai->commands_size);
	memcpy(ai->commands, p, ai->commands_size);
	/* no key, no signature: TPM_ALG_NULL */
	if (get_unaligned_be16(end) != TPM2E_ALG_NULL)
		return failf("signature alg %#x", get_unaligned_be16(end));
	return true;
}

/* H(the audited codes, ascending, as UINT32) with the model's hash */
static void model_commands(const u32 *ccs, unsigned int n, u8 *out)
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	u8 b[4];
	unsigned int i;

	EVP_DigestInit_ex(x, model.md, NULL);
	for (i = 0; i < n; i++) {
		put_unaligned_be32(ccs[i], b);
		EVP_DigestUpdate(x, b, 4);
	}
	EVP_DigestFinal_ex(x, out, NULL);
	EVP_MD_CTX_free(x);
}

static bool check_audit(const u32 *ccs, unsigned int n, u16 alg,
			bool audited)
{
	u8 want_cmds[64];
	struct audit_info ai;

	if (!get_audit_digest(&ai, audited))
		return false;
	model_commands(ccs, n, want_cmds);
	EXPECT(ai.alg == alg, "digestAlg %#x, want %#x", ai.alg, alg);
	EXPECT(ai.counter == model.counter, "auditCounter %llu, want %llu",
	       (unsigned long long)ai.counter,
	       (unsigned long long)model.counter);
	EXPECT(ai.commands_size == model.size &&
	       !memcmp(ai.commands, want_cmds, model.size),
	       "commandDigest differs");
	if (!model.started)
		EXPECT(ai.digest_size == 0, "auditDigest of %u bytes, want "
		       "none", ai.digest_size);
	else
		EXPECT(ai.digest_size == model.size &&
		       !memcmp(ai.digest, model.digest, model.size),
		       "auditDigest differs from the model");
	/* The trail ends with it. */
	model.started = false;
	return true;
}

static bool test_audit_digest(void)
{
	const u32 set[] = { CC_GET_RANDOM, CC_STIR_RANDOM };
	const u32 list[] = { TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
			     CC_STIR_RANDOM, CC_GET_RANDOM };
	struct cmdbuf c;

	/* No audited command yet: an empty digest, counter 0 */
	if (!check_audit(list, 1, TPM2E_ALG_SHA256, false))
		return false;
	EXPECT_RC(set_audit(TPM2E_ALG_NULL, set, 2, NULL, 0, true), 0);
	EXPECT_RC(get_random(12, true), 0);
	cb_start(&c, CC_STIR_RANDOM);
	cb_u16(&c, 3);
	cb_u8(&c, 1);
	cb_u8(&c, 2);
	cb_u8(&c, 3);
	EXPECT_RC(run(&c, true), 0);
	/* A command not in the list is not in the digest */
	cb_start(&c, CC_READ_CLOCK);
	EXPECT_RC(run(&c, false), 0);
	EXPECT_RC(get_random(40, true), 0);
	if (!check_audit(list, 3, TPM2E_ALG_SHA256, false))
		return false;
	EXPECT_COUNTER(1);
	/* Reported once: the next audited command starts trail 2 */
	if (!check_audit(list, 3, TPM2E_ALG_SHA256, false))
		return false;
	EXPECT_RC(get_random(5, true), 0);
	EXPECT_COUNTER(2);
	if (!check_audit(list, 3, TPM2E_ALG_SHA256, false))
		return false;
	return true;
}

static bool test_audit_digest_sha384(void)
{
	const u32 set[] = { CC_GET_RANDOM, TPM2E_CC_GET_COMMAND_AUDIT_DIGEST };
	const u32 list[] = { TPM2E_CC_GET_COMMAND_AUDIT_DIGEST,
			     TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
			     CC_GET_RANDOM };

	EXPECT_RC(set_audit(TPM2E_ALG_SHA384, NULL, 0, NULL, 0, false), 0);
	model_reset(EVP_sha384());
	EXPECT_RC(set_audit(TPM2E_ALG_NULL, set, 2, NULL, 0, true), 0);
	EXPECT_RC(get_random(9, true), 0);
	/*
	 * GetCommandAuditDigest audited itself: it reports the trail, ends
	 * it, then starts the next one with its own entry.
	 */
	if (!check_audit(list, 3, TPM2E_ALG_SHA384, false))
		return false;
	model_extend_last();
	EXPECT_COUNTER(2);
	EXPECT_RC(get_random(2, true), 0);
	if (!check_audit(list, 3, TPM2E_ALG_SHA384, false))
		return false;
	return true;
}

static bool test_default_list(void)
{
	u32 list[64], n;
	u8 more;

	EXPECT(audit_list(0, list, &n, &more), "GetCapability failed");
	EXPECT(n == 1 && list[0] == TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS &&
	       !more, "default list: %u entries, first %#x", n,
	       n ? list[0] : 0);
	EXPECT_COUNTER(0);
	/* unaudited commands leave the counter alone */
	EXPECT_RC(get_random(8, false), 0);
	EXPECT_COUNTER(0);
	return true;
}

static bool test_set_clear(void)
{
	const u32 set[] = { CC_GET_RANDOM, TPM2E_CC_SHUTDOWN, 0x01FF,
			    CC_READ_CLOCK, 0x20000001 };
	const u32 clr[] = { TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
			    CC_READ_CLOCK };
	u32 list[64], n;
	u8 more;

	EXPECT_RC(set_audit(TPM2E_ALG_NULL, set, ARRAY_SIZE(set), NULL, 0,
			    true), 0);
	EXPECT(audit_list(0, list, &n, &more), "GetCapability failed");
	/* Shutdown and unimplemented codes are not taken; sorted */
	EXPECT(n == 3 && list[0] == TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS &&
	       list[1] == CC_GET_RANDOM && list[2] == CC_READ_CLOCK,
	       "list after set: %u entries", n);
	EXPECT(audit_list(CC_GET_RANDOM + 1, list, &n, &more),
	       "GetCapability failed");
	EXPECT(n == 1 && list[0] == CC_READ_CLOCK, "paged list: %u", n);
	/* SetCommandCodeAuditStatus itself cannot be taken off */
	EXPECT_RC(set_audit(TPM2E_ALG_NULL, NULL, 0, clr, ARRAY_SIZE(clr),
			    true), 0);
	EXPECT(audit_list(0, list, &n, &more), "GetCapability failed");
	EXPECT(n == 2 && list[0] == TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS &&
	       list[1] == CC_GET_RANDOM, "list after clear: %u entries", n);
	return true;
}

static bool test_counter(void)
{
	const u32 set[] = { CC_GET_RANDOM };
	struct cmdbuf c;

	/* The first audited command starts a trail: counter 1 */
	EXPECT_RC(set_audit(TPM2E_ALG_NULL, set, 1, NULL, 0, true), 0);
	EXPECT_COUNTER(1);
	EXPECT_RC(get_random(16, true), 0);
	EXPECT_RC(get_random(1, true), 0);
	EXPECT_COUNTER(1);
	/* A failed audited command is not logged */
	cb_start(&c, CC_GET_RANDOM);
	cb_u16(&c, 8);
	cb_u8(&c, 0);
	EXPECT_RC(run(&c, true), TPM2E_RC_SIZE);
	/* TPM Restart keeps the trail */
	cb_start(&c, TPM2E_CC_SHUTDOWN);
	cb_u16(&c, TPM2E_SU_STATE);
	EXPECT_RC(exec_cb(&c), 0);
	tpm2_engine_init(eng);
	cb_start(&c, TPM2E_CC_STARTUP);
	cb_u16(&c, TPM2E_SU_CLEAR);
	EXPECT_RC(exec_cb(&c), 0);
	EXPECT_RC(get_random(4, true), 0);
	EXPECT_COUNTER(1);
	/* TPM Reset ends it: the next audited command starts trail 2 */
	cb_start(&c, TPM2E_CC_SHUTDOWN);
	cb_u16(&c, TPM2E_SU_CLEAR);
	EXPECT_RC(exec_cb(&c), 0);
	tpm2_engine_init(eng);
	cb_start(&c, TPM2E_CC_STARTUP);
	cb_u16(&c, TPM2E_SU_CLEAR);
	EXPECT_RC(exec_cb(&c), 0);
	model.started = false;
	EXPECT_COUNTER(1);
	EXPECT_RC(get_random(4, true), 0);
	EXPECT_COUNTER(2);
	return true;
}

static bool test_hash_change(void)
{
	const u32 set[] = { CC_GET_RANDOM };

	/* The hash changes alone, or not at all */
	EXPECT_RC(set_audit(TPM2E_ALG_SHA384, set, 1, NULL, 0, false),
		  RC_VALUE_P1);
	EXPECT_RC(set_audit(TPM2E_ALG_SHA384, NULL, 0, set, 1, false),
		  RC_VALUE_P1);
	EXPECT_COUNTER(0);
	EXPECT_RC(set_audit(TPM2E_ALG_NULL, set, 1, NULL, 0, true), 0);
	EXPECT_COUNTER(1);
	/* The change itself ends the trail and is not logged. */
	EXPECT_RC(set_audit(TPM2E_ALG_SHA384, NULL, 0, NULL, 0, false), 0);
	EXPECT_COUNTER(1);
	model_reset(EVP_sha384());
	EXPECT_RC(get_random(8, true), 0);
	EXPECT_COUNTER(2);
	/* The same hash again is no change: logged as usual */
	EXPECT_RC(set_audit(TPM2E_ALG_SHA384, NULL, 0, NULL, 0, true), 0);
	EXPECT_COUNTER(2);
	/* An unknown hash: TPM_RC_HASH for parameter 1 */
	EXPECT_RC(set_audit(0x0099, NULL, 0, NULL, 0, false),
		  TPM2E_RC_HASH + 0x040 + 0x100);
	return true;
}

static bool test_bad_lists(void)
{
	struct cmdbuf c;
	u32 i;

	/* More codes than a TPML_CC holds: TPM_RC_SIZE for parameter 2 */
	cb_start_pw(&c, TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
		    TPM2E_RH_OWNER);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u32(&c, TPM2E_MAX_CAP_CC + 1);
	for (i = 0; i <= TPM2E_MAX_CAP_CC; i++)
		cb_u32(&c, CC_GET_RANDOM);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_SIZE + 0x040 + 0x200);
	/* A list shorter than its count */
	cb_start_pw(&c, TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
		    TPM2E_RH_OWNER);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u32(&c, 0);
	cb_u32(&c, 2);
	cb_u32(&c, CC_GET_RANDOM);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_INSUFFICIENT + 0x040 + 0x300);
	/* Only owner or platform may change the list */
	cb_start_pw(&c, TPM2E_CC_SET_COMMAND_CODE_AUDIT_STATUS,
		    TPM2E_RH_ENDORSEMENT);
	cb_u16(&c, TPM2E_ALG_NULL);
	cb_u32(&c, 0);
	cb_u32(&c, 0);
	EXPECT_RC(exec_cb(&c), TPM2E_RC_VALUE + 0x100);
	EXPECT_COUNTER(0);
	return true;
}

static const struct {
	const char *name;
	bool (*fn)(void);
} tests[] = {
	{ "audit_default_list", test_default_list },
	{ "audit_set_clear", test_set_clear },
	{ "audit_counter", test_counter },
	{ "audit_hash_change", test_hash_change },
	{ "audit_bad_lists", test_bad_lists },
	{ "audit_digest", test_audit_digest },
	{ "audit_digest_sha384", test_audit_digest_sha384 },
};

int main(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		fresh_engine();
		fail_msg[0] = 0;
		if (tests[i].fn()) {
			printf("PASS: %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL: %s: %s\n", tests[i].name, fail_msg);
			failed++;
		}
	}
	tpm2_engine_destroy(eng);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
