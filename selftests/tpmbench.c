// SPDX-License-Identifier: GPL-2.0
/*
 * tpmbench: raw TPM 2.0 command loops for `make bench` (run in the test
 * guest by selftests/guest/bench.sh, against an LTPM and against swtpm).
 *
 * Every loop writes one command to an open /dev/tpmN (or /dev/tpmrmN) and
 * reads its response, in one process, nothing else: what is measured is the
 * kernel TPM core plus the TPM behind it. Every response is checked (size
 * field, response code, and the shape of the result where cheap).
 *
 * With two devices, the measurements alternate between them in short
 * slices (A B B A A B ...), so that a slow phase of the host (under QEMU
 * TCG on a shared machine there are many) hits both alike, and the
 * per-round ratio A/B is the robust figure.
 *
 *   tpmbench rate OP SLICE ROUNDS DEV [DEV2]
 *	OP: getrandom (GetRandom(32)), extend (PCR_Extend, SHA-256, PCR 16),
 *	sign-rsa (RSASSA-SHA256, RSA-2048), sign-ecc (ECDSA-SHA256, P-256),
 *	quote-ecc (TPM2_Quote of SHA-256 PCRs 0-7, ECDSA P-256), nv-read
 *	(TPM2_NV_Read of 64 bytes, index authorization by password).
 *	The sign loops first create an unrestricted signing primary in the
 *	null hierarchy and flush it at the end; every TPM2_Sign signs the same
 *	digest with the key's scheme and a null ticket. quote-ecc does the
 *	same with a restricted signing primary. nv-read defines an ordinary
 *	index of 64 bytes (TPMA_NV_AUTHREAD | AUTHWRITE | NO_DA, owner
 *	hierarchy) at NV_BENCH_INDEX, writes it once, and undefines it at
 *	the end. ROUNDS slices of
 *	SLICE seconds on each device. Prints per device
 *	  "tpmK ok RATE OPS SECONDS" (RATE: the median slice, commands/s)
 *	and, for two devices, "ratio MEDIAN MIN MAX" of the per-round
 *	rate(DEV) / rate(DEV2).
 *   tpmbench primary rsa|ecc N MAXSECONDS DEV [DEV2]
 *	N times TPM2_CreatePrimary in the owner hierarchy (the same signing
 *	template, a different unique field each time, so that no cache can
 *	answer), each key flushed, alternating between the devices; stops
 *	early after MAXSECONDS. Prints per device
 *	  "tpmK ok N MEDIAN_MS P99_MS MIN_MS MAX_MS"
 *	(P99 is the nearest-rank 99th percentile, the maximum for N < 100).
 *   tpmbench spawn wait|kill TIMEOUT CMD [ARG...]
 *	The time from fork() of CMD until a TPM device that was not there
 *	before (/sys/class/tpm/tpmN) answers a GetRandom. wait: CMD exits by
 *	itself (htpmctl create), its exit status must be 0; kill: CMD is a
 *	daemon (swtpm), it gets SIGTERM afterwards and is reaped.
 *	Prints "ok MS /dev/tpmN".
 *   tpmbench getrandom DEV
 *	One GetRandom(32); prints "ok".
 *
 * A device whose TPM returns an error prints "tpmK rc 0xRC STEP" instead
 * (a row the TPM cannot do yet), the other goes on; the exit status is
 * then 2. Any other failure prints "error ..." and exits 1. Each command
 * has a timeout (SIGALRM ends the program).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ST_NO_SESSIONS	0x8001
#define ST_SESSIONS	0x8002
#define ST_HASHCHECK	0x8024
#define RS_PW		0x40000009
#define RH_OWNER	0x40000001
#define RH_NULL		0x40000007
#define CC_NV_UNDEFINE	0x122
#define CC_NV_DEFINE	0x12A
#define CC_CREATE_PRIMARY 0x131
#define CC_NV_WRITE	0x137
#define CC_NV_READ	0x14E
#define CC_QUOTE	0x158
#define CC_SIGN		0x15D
#define CC_FLUSH	0x165
#define CC_GET_RANDOM	0x17B
#define CC_PCR_EXTEND	0x182
#define ALG_RSA		0x0001
#define ALG_SHA256	0x000B
#define ALG_NULL	0x0010
#define ALG_RSASSA	0x0014
#define ALG_ECDSA	0x0018
#define ALG_ECC		0x0023
#define ECC_NIST_P256	0x0003
/* fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | sign */
#define SIGN_ATTRS	0x00040072
/* ... | restricted */
#define RESTRICTED_SIGN_ATTRS	0x00050072
/* TPMA_NV_AUTHWRITE | AUTHREAD | NO_DA, ordinary */
#define NV_BENCH_ATTRS	0x02040004
#define NV_BENCH_INDEX	0x01500BE0
#define NV_BENCH_SIZE	64
#define ATTEST_MAGIC	0xFF544347

#define BUF_MAX		4096
#define CMD_TIMEOUT	120	/* seconds; RSA key generation under TCG */
#define MAX_RUNS	1000
#define MAX_DEVS	2

struct buf {
	uint8_t b[BUF_MAX];
	size_t n;
};

static void put(struct buf *c, const void *p, size_t n)
{
	if (c->n + n > sizeof(c->b)) {
		fprintf(stderr, "tpmbench: command too large\n");
		exit(1);
	}
	memcpy(c->b + c->n, p, n);
	c->n += n;
}

static void put8(struct buf *c, uint8_t v)
{
	put(c, &v, 1);
}

static void put16(struct buf *c, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v };

	put(c, b, 2);
}

static void put32(struct buf *c, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	put(c, b, 4);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Patch a big-endian size field at OFF: SIZE16 bytes follow it. */
static void patch16(struct buf *c, size_t off)
{
	size_t n = c->n - off - 2;

	c->b[off] = n >> 8;
	c->b[off + 1] = n;
}

static void begin(struct buf *c, uint16_t tag, uint32_t cc)
{
	c->n = 0;
	put16(c, tag);
	put32(c, 0);
	put32(c, cc);
}

static void finish(struct buf *c)
{
	c->b[2] = c->n >> 24;
	c->b[3] = c->n >> 16;
	c->b[4] = c->n >> 8;
	c->b[5] = c->n;
}

/* An authorization area with one empty password session (TPM_RS_PW). */
static void put_pw(struct buf *c)
{
	put32(c, 9);
	put32(c, RS_PW);
	put16(c, 0);	/* nonce */
	put8(c, 0);	/* session attributes */
	put16(c, 0);	/* hmac: the empty password */
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	printf("error %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * One command, one response: returns the response code; the response is in
 * rsp (its size checked against the bytes read). OS errors end the program.
 */
static uint32_t transact(int fd, const struct buf *c, struct buf *rsp)
{
	ssize_t n;

	alarm(CMD_TIMEOUT);
	n = write(fd, c->b, c->n);
	if (n < 0)
		die("write");
	if ((size_t)n != c->n) {
		printf("error short write %zd of %zu\n", n, c->n);
		exit(1);
	}
	n = read(fd, rsp->b, sizeof(rsp->b));
	if (n < 0)
		die("read");
	alarm(0);
	rsp->n = n;
	if (n < 10 || get32(rsp->b + 2) != (uint32_t)n) {
		printf("error malformed response (%zd bytes)\n", n);
		exit(1);
	}
	return get32(rsp->b + 6);
}

enum op {
	OP_GETRANDOM, OP_EXTEND, OP_SIGN_RSA, OP_SIGN_ECC, OP_QUOTE_ECC,
	OP_NV_READ, OP_LAST = OP_NV_READ
};

/* One device under test. */
struct dut {
	const char *dev;
	int fd;
	uint32_t key;		/* the signing key, 0 if none */
	int nv;			/* NV_BENCH_INDEX defined */
	uint32_t rc;		/* the TPM error that stopped it, 0 if none */
	const char *step;	/* and where */
	double v[MAX_RUNS];	/* slice rates, or CreatePrimary ms */
	int n;
	unsigned long ops;
	double secs;
};

/* Records the first TPM error of a device; the device is not used again. */
static int dut_fail(struct dut *d, uint32_t rc, const char *step)
{
	if (!d->rc) {
		d->rc = rc;
		d->step = step;
	}
	return -1;
}

static void getrandom_cmd(struct buf *c)
{
	begin(c, ST_NO_SESSIONS, CC_GET_RANDOM);
	put16(c, 32);
	finish(c);
}

static int getrandom_ok(const struct buf *r)
{
	return r->n == 12 + 32 && get16(r->b + 10) == 32;
}

static void extend_cmd(struct buf *c)
{
	int i;

	begin(c, ST_SESSIONS, CC_PCR_EXTEND);
	put32(c, 16);
	put_pw(c);
	put32(c, 1);		/* TPML_DIGEST_VALUES.count */
	put16(c, ALG_SHA256);
	for (i = 0; i < 32; i++)
		put8(c, i);
	finish(c);
}

/*
 * TPM2B_PUBLIC of an unrestricted signing key: RSA-2048 RSASSA-SHA256 or
 * ECC P-256 ECDSA-SHA256; SEED goes into the unique field.
 */
static void put_sign_template(struct buf *c, int rsa, int restricted,
			      uint32_t seed)
{
	size_t off = c->n, ulen, i, j;

	put16(c, 0);
	put16(c, rsa ? ALG_RSA : ALG_ECC);
	put16(c, ALG_SHA256);
	put32(c, restricted ? RESTRICTED_SIGN_ATTRS : SIGN_ATTRS);
	put16(c, 0);		/* authPolicy */
	put16(c, ALG_NULL);	/* symmetric */
	put16(c, rsa ? ALG_RSASSA : ALG_ECDSA);
	put16(c, ALG_SHA256);
	if (rsa) {
		put16(c, 2048);
		put32(c, 0);	/* exponent: the default 65537 */
		ulen = 256;
	} else {
		put16(c, ECC_NIST_P256);
		put16(c, ALG_NULL);	/* kdf */
		ulen = 32;
	}
	/* unique: RSA n, or ECC x and y, of ulen bytes each, seed in front */
	for (i = 0; i < (rsa ? 1u : 2u); i++) {
		put16(c, ulen);
		put32(c, seed);
		for (j = 4; j < ulen; j++)
			put8(c, 0);
	}
	patch16(c, off);
}

static void create_primary_cmd(struct buf *c, uint32_t hier, int rsa,
			       int restricted, uint32_t seed)
{
	begin(c, ST_SESSIONS, CC_CREATE_PRIMARY);
	put32(c, hier);
	put_pw(c);
	put16(c, 4);		/* inSensitive: empty userAuth and data */
	put16(c, 0);
	put16(c, 0);
	put_sign_template(c, rsa, restricted, seed);
	put16(c, 0);		/* outsideInfo */
	put32(c, 0);		/* creationPCR: no selection */
	finish(c);
}

/* The handle of a CreatePrimary response (rc 0); malformed ones end it. */
static uint32_t primary_handle(const struct buf *r)
{
	if (r->n < 14) {
		printf("error CreatePrimary response of %zu bytes\n", r->n);
		exit(1);
	}
	return get32(r->b + 10);
}

static int flush(struct dut *d, uint32_t h)
{
	struct buf c, r;
	uint32_t rc;

	begin(&c, ST_NO_SESSIONS, CC_FLUSH);
	put32(&c, h);
	finish(&c);
	rc = transact(d->fd, &c, &r);
	return rc ? dut_fail(d, rc, "FlushContext") : 0;
}

static void sign_cmd(struct buf *c, uint32_t key)
{
	int i;

	begin(c, ST_SESSIONS, CC_SIGN);
	put32(c, key);
	put_pw(c);
	put16(c, 32);		/* digest */
	for (i = 0; i < 32; i++)
		put8(c, 0xA5 ^ i);
	put16(c, ALG_NULL);	/* inScheme: the key's */
	put16(c, ST_HASHCHECK);	/* validation: the null ticket */
	put32(c, RH_NULL);
	put16(c, 0);
	finish(c);
}

/* TPM2_Quote of SHA-256 PCRs 0-7 with 16 bytes of qualifying data */
static void quote_cmd(struct buf *c, uint32_t key)
{
	int i;

	begin(c, ST_SESSIONS, CC_QUOTE);
	put32(c, key);
	put_pw(c);
	put16(c, 16);		/* qualifyingData */
	for (i = 0; i < 16; i++)
		put8(c, 0x5A ^ i);
	put16(c, ALG_NULL);	/* inScheme: the key's */
	put32(c, 1);		/* TPML_PCR_SELECTION */
	put16(c, ALG_SHA256);
	put8(c, 3);
	put8(c, 0xFF);
	put8(c, 0);
	put8(c, 0);
	finish(c);
}

/* Handles: authHandle, nvIndex, both NV_BENCH_INDEX (its password) */
static void nv_begin(struct buf *c, uint32_t cc, uint32_t auth)
{
	begin(c, ST_SESSIONS, cc);
	put32(c, auth);
	put32(c, NV_BENCH_INDEX);
	put_pw(c);
}

static void nv_read_cmd(struct buf *c)
{
	nv_begin(c, CC_NV_READ, NV_BENCH_INDEX);
	put16(c, NV_BENCH_SIZE);
	put16(c, 0);		/* offset */
	finish(c);
}

static int nv_undefine(struct dut *d)
{
	struct buf c, r;

	nv_begin(&c, CC_NV_UNDEFINE, RH_OWNER);
	finish(&c);
	return transact(d->fd, &c, &r);
}

/* Define and write NV_BENCH_INDEX, one left from an earlier run removed */
static int nv_setup(struct dut *d)
{
	struct buf c, r;
	size_t off;
	uint32_t rc;
	int i;

	nv_undefine(d);
	begin(&c, ST_SESSIONS, CC_NV_DEFINE);
	put32(&c, RH_OWNER);
	put_pw(&c);
	put16(&c, 0);		/* auth: empty */
	off = c.n;
	put16(&c, 0);		/* TPM2B_NV_PUBLIC */
	put32(&c, NV_BENCH_INDEX);
	put16(&c, ALG_SHA256);
	put32(&c, NV_BENCH_ATTRS);
	put16(&c, 0);		/* authPolicy */
	put16(&c, NV_BENCH_SIZE);
	patch16(&c, off);
	finish(&c);
	rc = transact(d->fd, &c, &r);
	if (rc)
		return dut_fail(d, rc, "NV_DefineSpace");
	d->nv = 1;
	nv_begin(&c, CC_NV_WRITE, NV_BENCH_INDEX);
	put16(&c, NV_BENCH_SIZE);
	for (i = 0; i < NV_BENCH_SIZE; i++)
		put8(&c, i);
	put16(&c, 0);		/* offset */
	finish(&c);
	rc = transact(d->fd, &c, &r);
	return rc ? dut_fail(d, rc, "NV_Write") : 0;
}

/*
 * Response of TPM2_Sign: header, parameterSize, TPMT_SIGNATURE (sigAlg,
 * hash, then the signature): the algorithm must be the key's. TPM2_Quote:
 * parameterSize, TPM2B_ATTEST (TPM_GENERATED_VALUE first). NV_Read:
 * parameterSize, the TPM2B of the index's 64 bytes (0, 1, 2, ...).
 */
static int rsp_ok(enum op op, const struct buf *r)
{
	switch (op) {
	case OP_GETRANDOM:
		return getrandom_ok(r);
	case OP_SIGN_RSA:
	case OP_SIGN_ECC:
		return r->n > 18 && get16(r->b + 14) ==
			(op == OP_SIGN_RSA ? ALG_RSASSA : ALG_ECDSA);
	case OP_QUOTE_ECC:
		return r->n > 20 && get32(r->b + 16) == ATTEST_MAGIC;
	case OP_NV_READ:
		return r->n >= 16 + NV_BENCH_SIZE &&
		       get16(r->b + 14) == NV_BENCH_SIZE &&
		       r->b[16 + NV_BENCH_SIZE - 1] == NV_BENCH_SIZE - 1;
	default:
		return 1;
	}
}

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		printf("error open %s: %s\n", dev, strerror(errno));
		exit(1);
	}
	return fd;
}

/* The command an OP loops on; the sign ops make their key first. */
static int op_setup(struct dut *d, enum op op, struct buf *c)
{
	struct buf r;
	uint32_t rc;

	switch (op) {
	case OP_GETRANDOM:
		getrandom_cmd(c);
		return 0;
	case OP_EXTEND:
		extend_cmd(c);
		return 0;
	case OP_NV_READ:
		nv_read_cmd(c);
		return nv_setup(d);
	default:
		create_primary_cmd(c, RH_NULL, op == OP_SIGN_RSA,
				   op == OP_QUOTE_ECC, 0x62656e63);
		rc = transact(d->fd, c, &r);
		if (rc)
			return dut_fail(d, rc, "CreatePrimary");
		d->key = primary_handle(&r);
		if (op == OP_QUOTE_ECC)
			quote_cmd(c, d->key);
		else
			sign_cmd(c, d->key);
		return 0;
	}
}

static const char *const op_names[] = {
	[OP_GETRANDOM] = "getrandom", [OP_EXTEND] = "extend",
	[OP_SIGN_RSA] = "sign-rsa", [OP_SIGN_ECC] = "sign-ecc",
	[OP_QUOTE_ECC] = "quote-ecc", [OP_NV_READ] = "nv-read",
};

/* One slice: OP for SECS seconds; records its rate. */
static int run_slice(struct dut *d, enum op op, const struct buf *c, double secs)
{
	unsigned long ops = 0;
	double t0 = now(), t;
	struct buf r;
	uint32_t rc;

	do {
		rc = transact(d->fd, c, &r);
		if (rc)
			return dut_fail(d, rc, op_names[op]);
		if (!rsp_ok(op, &r)) {
			printf("error %s on %s: unexpected response of %zu bytes\n",
			       op_names[op], d->dev, r.n);
			exit(1);
		}
		ops++;
		t = now() - t0;
	} while (t < secs);
	d->v[d->n++] = ops / t;
	d->ops += ops;
	d->secs += t;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts v. */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Open DEVs; returns how many. */
static int open_duts(struct dut *d, int argc, char **argv)
{
	int i;

	if (argc < 1 || argc > MAX_DEVS)
		return 0;
	memset(d, 0, sizeof(*d) * MAX_DEVS);
	for (i = 0; i < argc; i++) {
		d[i].dev = argv[i];
		d[i].fd = open_dev(argv[i]);
	}
	return argc;
}

/* "tpmK rc 0xRC STEP" for the failed ones; 2 if any, else 0. */
static int report_failures(const struct dut *d, int n)
{
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		if (!d[i].rc)
			continue;
		printf("tpm%d rc 0x%03x %s\n", i, d[i].rc, d[i].step);
		bad = 2;
	}
	return bad;
}

/* Round R's device order: A B, B A, A B, ... */
static int nth(int r, int i, int n)
{
	return r % 2 ? n - 1 - i : i;
}

static int do_rate(int argc, char **argv)
{
	static struct dut d[MAX_DEVS];
	double slice, ratio[MAX_RUNS], r0, r1;
	struct buf c[MAX_DEVS];
	int rounds, n, r, i, k, nr = 0;
	enum op op;

	if (argc < 4)
		return -1;
	for (op = OP_GETRANDOM; op <= OP_LAST; op++)
		if (!strcmp(argv[0], op_names[op]))
			break;
	slice = atof(argv[1]);
	rounds = atoi(argv[2]);
	if (op > OP_LAST || slice <= 0 || rounds < 1 || rounds > MAX_RUNS)
		return -1;
	n = open_duts(d, argc - 3, argv + 3);
	if (!n)
		return -1;
	for (i = 0; i < n; i++)
		op_setup(&d[i], op, &c[i]);

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			k = nth(r, i, n);
			if (!d[k].rc)
				run_slice(&d[k], op, &c[k], slice);
		}
		if (n == 2 && !d[0].rc && !d[1].rc) {
			r0 = d[0].v[d[0].n - 1];
			r1 = d[1].v[d[1].n - 1];
			ratio[nr++] = r0 / r1;
		}
	}
	/* Also after an error: a key left loaded would fill the TPM's slots. */
	for (i = 0; i < n; i++) {
		if (d[i].key)
			flush(&d[i], d[i].key);
		if (d[i].nv)
			nv_undefine(&d[i]);
	}
	for (i = 0; i < n; i++)
		if (!d[i].rc)
			printf("tpm%d ok %.1f %lu %.3f\n", i,
			       median(d[i].v, d[i].n), d[i].ops, d[i].secs);
	if (n == 2 && !d[0].rc && !d[1].rc) {
		/* median() sorts: min and max are the ends */
		r0 = median(ratio, nr);
		printf("ratio %.3f %.3f %.3f\n", r0, ratio[0], ratio[nr - 1]);
	}
	return report_failures(d, n);
}

static int do_primary(int argc, char **argv)
{
	static struct dut d[MAX_DEVS];
	double maxs, t_all, t, p99;
	int rsa, runs, n, i, k, r, idx;
	struct buf c, rsp;
	uint32_t rc, seed;

	if (argc < 4)
		return -1;
	rsa = !strcmp(argv[0], "rsa");
	if (!rsa && strcmp(argv[0], "ecc"))
		return -1;
	runs = atoi(argv[1]);
	maxs = atof(argv[2]);
	if (runs < 1 || runs > MAX_RUNS)
		return -1;
	n = open_duts(d, argc - 3, argv + 3);
	if (!n)
		return -1;
	/* A different unique field in every run, and in every invocation. */
	seed = (uint32_t)time(NULL) * 2654435761u ^ (uint32_t)getpid() << 16;

	t_all = now();
	for (r = 0; r < runs && now() - t_all < maxs; r++) {
		for (i = 0; i < n; i++) {
			k = nth(r, i, n);
			if (d[k].rc)
				continue;
			create_primary_cmd(&c, RH_OWNER, rsa, 0, seed + r);
			t = now();
			rc = transact(d[k].fd, &c, &rsp);
			t = (now() - t) * 1e3;
			if (rc) {
				dut_fail(&d[k], rc, "CreatePrimary");
				continue;
			}
			d[k].v[d[k].n++] = t;
			flush(&d[k], primary_handle(&rsp));
		}
	}
	for (i = 0; i < n; i++) {
		if (d[i].rc || !d[i].n)
			continue;
		/* nearest rank: the ceil(0.99 n)-th smallest */
		t = median(d[i].v, d[i].n);
		idx = (99 * d[i].n + 99) / 100 - 1;
		p99 = d[i].v[idx];
		printf("tpm%d ok %d %.1f %.1f %.1f %.1f\n", i, d[i].n, t, p99,
		       d[i].v[0], d[i].v[d[i].n - 1]);
	}
	return report_failures(d, n);
}

/* The tpmN entries of /sys/class/tpm as a bitmap (N < 4096). */
#define MAX_TPMS 4096
static void tpm_set(unsigned char *set)
{
	struct dirent *e;
	DIR *dir;
	int n;

	memset(set, 0, MAX_TPMS / 8);
	dir = opendir("/sys/class/tpm");
	if (!dir)
		return;
	while ((e = readdir(dir))) {
		if (sscanf(e->d_name, "tpm%d", &n) == 1 && n >= 0 && n < MAX_TPMS)
			set[n / 8] |= 1 << (n % 8);
	}
	closedir(dir);
}

/* The new device answers a GetRandom: 1; not there (yet): 0. */
static int try_device(const char *dev)
{
	struct buf c, r;
	int fd = open(dev, O_RDWR), ok;

	if (fd < 0)
		return 0;
	getrandom_cmd(&c);
	ok = transact(fd, &c, &r) == 0 && getrandom_ok(&r);
	close(fd);
	return ok;
}

static int do_spawn(int argc, char **argv)
{
	unsigned char before[MAX_TPMS / 8], cur[MAX_TPMS / 8];
	struct timespec pause = { 0, 1000000 };
	double timeout, t0, t;
	char dev[32] = "";
	int kill_it, status, i, rc = 1;
	pid_t pid, w;

	if (argc < 3)
		return -1;
	kill_it = !strcmp(argv[0], "kill");
	if (!kill_it && strcmp(argv[0], "wait"))
		return -1;
	timeout = atof(argv[1]);

	tpm_set(before);
	t0 = now();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 1);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	for (;;) {
		t = now() - t0;
		if (t > timeout) {
			printf("error no new TPM answered within %.0f s\n", timeout);
			goto out;
		}
		if (!dev[0]) {
			tpm_set(cur);
			for (i = 0; i < MAX_TPMS; i++) {
				if ((cur[i / 8] & ~before[i / 8]) & (1 << (i % 8))) {
					snprintf(dev, sizeof(dev), "/dev/tpm%d", i);
					break;
				}
			}
		}
		if (dev[0] && try_device(dev))
			break;
		if (!kill_it && !dev[0]) {
			w = waitpid(pid, &status, WNOHANG);
			if (w == pid && (!WIFEXITED(status) || WEXITSTATUS(status))) {
				printf("error %s exited with status 0x%x\n",
				       argv[2], status);
				return 1;
			}
		}
		nanosleep(&pause, NULL);
	}
	t = now() - t0;
	rc = 0;
out:
	if (kill_it)
		kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) == pid && !kill_it &&
	    (!WIFEXITED(status) || WEXITSTATUS(status))) {
		printf("error %s exited with status 0x%x\n", argv[2], status);
		return 1;
	}
	if (!rc)
		printf("ok %.1f %s\n", t * 1e3, dev);
	return rc;
}

static int do_getrandom(int argc, char **argv)
{
	struct buf c, r;
	uint32_t rc;
	int fd;

	if (argc != 1)
		return -1;
	fd = open_dev(argv[0]);
	getrandom_cmd(&c);
	rc = transact(fd, &c, &r);
	if (rc) {
		printf("rc 0x%03x GetRandom\n", rc);
		return 2;
	}
	if (!getrandom_ok(&r)) {
		printf("error GetRandom: %zu-byte response\n", r.n);
		return 1;
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "rate", do_rate }, { "primary", do_primary },
		{ "spawn", do_spawn }, { "getrandom", do_getrandom },
	};
	unsigned int i;
	int rc = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc >= 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			rc = cmds[i].fn(argc - 2, argv + 2);
			break;
		}
	}
	if (rc < 0) {
		fprintf(stderr,
			"usage: tpmbench rate getrandom|extend|sign-rsa|sign-ecc SLICE ROUNDS DEV [DEV2]\n"
			"       tpmbench primary rsa|ecc N MAXSECONDS DEV [DEV2]\n"
			"       tpmbench spawn wait|kill TIMEOUT CMD [ARG...]\n"
			"       tpmbench getrandom DEV\n");
		return 1;
	}
	return rc;
}
