// SPDX-License-Identifier: GPL-2.0
/*
 * ABI test of the htpm control device /dev/htpm (uapi/linux/htpm.h).
 *
 * Runs as root in a guest where htpm.ko is loaded, devtmpfs is mounted on
 * /dev and nothing else creates or destroys LTPMs meanwhile. Prints
 * "PASS: abi_<name>" or "FAIL: abi_<name>: <reason>" per check (and
 * "SKIP: ..." for a check the machine cannot run, never counted as passed);
 * exits 1 if anything failed. Every LTPM it creates is destroyed again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/htpm.h>

#define CTL_PATH	"/dev/" HTPM_DEVICE_NAME
#define STEP_TIMEOUT	30	/* seconds any one check may take */
#define NODE_TIMEOUT_MS	5000	/* for device nodes to come and go */
#define NETNS_EXIT_MS	15000	/* for a dead namespace's LTPM to go */
#define MAX_CREATED	64
#define NOBODY		65534

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int ctl = -1;
static int failures;
static const char *volatile step_name = "start";

static __u32 created[MAX_CREATED];	/* ids to destroy at the end */
static int nr_created;

/* ---- reporting --------------------------------------------------------- */

static void on_alarm(int sig)
{
	char buf[160];
	int n;

	(void)sig;
	n = snprintf(buf, sizeof(buf),
		     "FAIL: abi_%s: timed out after %d s (ioctl or device blocked?)\n",
		     step_name, STEP_TIMEOUT);
	if (write(STDOUT_FILENO, buf, n) < 0)
		_exit(2);
	_exit(1);
}

/* Start a check: name it for the timeout message and arm the timer. */
static void step(const char *name)
{
	step_name = name;
	alarm(STEP_TIMEOUT);
}

static void pass(const char *name)
{
	printf("PASS: abi_%s\n", name);
	fflush(stdout);
}

static void __attribute__((format(printf, 2, 3)))
fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL: abi_%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	failures++;
}

static void __attribute__((format(printf, 2, 3)))
skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("SKIP: abi_%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static const char *errname(int e)
{
	static char buf[32];

	switch (e) {
	case 0: return "success";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case EEXIST: return "EEXIST";
	case ENOSPC: return "ENOSPC";
	case EPIPE: return "EPIPE";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EBUSY: return "EBUSY";
	case EIO: return "EIO";
	case EINTR: return "EINTR";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* ioctl on the control device: 0 or the errno */
static int ioc(unsigned long req, void *arg)
{
	return ioctl(ctl, req, arg) ? errno : 0;
}

/* Check that a call ended with errno want (0 = success); report it. */
static bool expect(const char *name, int got, int want, const char *what)
{
	if (got == want) {
		pass(name);
		return true;
	}
	fail(name, "%s: got %s, want %s", what, errname(got), errname(want));
	return false;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- bookkeeping of what we created ------------------------------------ */

static void track(__u32 id)
{
	if (nr_created < MAX_CREATED)
		created[nr_created++] = id;
}

static void untrack(__u32 id)
{
	int i;

	for (i = 0; i < nr_created; i++) {
		if (created[i] == id) {
			created[i] = created[--nr_created];
			return;
		}
	}
}

static int destroy_id(__u32 id)
{
	struct htpm_destroy d = { .id = id };
	int e = ioc(HTPM_IOC_DESTROY, &d);

	if (!e || e == ENOENT)
		untrack(id);
	return e;
}

/* Destroy everything still tracked; returns how many could not be. */
static int cleanup(void)
{
	int bad = 0, e;

	while (nr_created) {
		__u32 id = created[nr_created - 1];

		e = destroy_id(id);
		if (e && e != ENOENT) {
			printf("# could not destroy LTPM %u: %s\n", id,
			       errname(e));
			untrack(id);
			bad++;
		}
	}
	return bad;
}

/* ---- network namespaces held by child processes ------------------------ */

struct nschild {
	pid_t pid;
	int hold;	/* write end; closing it ends the child */
	int nsfd;	/* the child's /proc/PID/ns/net */
	__u64 ino;
};

/*
 * In a child: keep only stdio and the two pipe ends, so that the children
 * do not hold each other's pipes open.
 */
static void close_all_but(int a, int b)
{
	int fd;

	for (fd = 3; fd < 1024; fd++)
		if (fd != a && fd != b)
			close(fd);
}

/* A child in a fresh network namespace, which lives until nschild_stop. */
static bool nschild_start(struct nschild *c, const char *name)
{
	int ready[2], hold[2];
	char path[64], b;
	struct stat st;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	c->nsfd = -1;
	c->hold = -1;
	if (pipe2(ready, O_CLOEXEC) || pipe2(hold, O_CLOEXEC)) {
		fail(name, "pipe: %s", strerror(errno));
		return false;
	}
	fflush(stdout);
	c->pid = fork();
	if (c->pid < 0) {
		fail(name, "fork: %s", strerror(errno));
		return false;
	}
	if (!c->pid) {
		close_all_but(ready[1], hold[0]);
		if (unshare(CLONE_NEWNET))
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		while (read(hold[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	c->hold = hold[1];
	n = read(ready[0], &b, 1);
	close(ready[0]);
	if (n != 1) {
		fail(name, "child could not unshare(CLONE_NEWNET)");
		close(c->hold);
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
		return false;
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)c->pid);
	c->nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->nsfd < 0 || fstat(c->nsfd, &st)) {
		fail(name, "open %s: %s", path, strerror(errno));
		return false;
	}
	c->ino = st.st_ino;
	return true;
}

/* End the child and drop our reference: the namespace can exit. */
static void nschild_stop(struct nschild *c)
{
	if (c->nsfd >= 0)
		close(c->nsfd);
	c->nsfd = -1;
	if (c->hold >= 0)
		close(c->hold);
	c->hold = -1;
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	c->pid = 0;
}

/* ---- device nodes ------------------------------------------------------ */

/* Wait until path is a char device dev (or, with dev 0, gone); errno or 0. */
static int wait_node(const char *path, dev_t dev, char *why, size_t len)
{
	long end = now_ms() + NODE_TIMEOUT_MS;
	struct stat st;
	int r;

	for (;;) {
		r = stat(path, &st);
		if (dev && !r && S_ISCHR(st.st_mode) && st.st_rdev == dev)
			return 0;
		if (!dev && r && errno == ENOENT)
			return 0;
		if (now_ms() > end)
			break;
		sleep_ms(50);
	}
	if (dev && r)
		snprintf(why, len, "%s: %s", path, strerror(errno));
	else if (dev && !S_ISCHR(st.st_mode))
		snprintf(why, len, "%s is not a character device", path);
	else if (dev)
		snprintf(why, len, "%s is %u:%u, the ioctl said %u:%u", path,
			 major(st.st_rdev), minor(st.st_rdev),
			 major(dev), minor(dev));
	else
		snprintf(why, len, "%s still exists", path);
	return -1;
}

/* ---- the checks -------------------------------------------------------- */

static bool all_zero(const void *p, size_t len)
{
	const __u8 *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

static void check_version(struct htpm_version *start)
{
	struct htpm_version v;
	int e;

	step("version");
	memset(&v, 0xa5, sizeof(v));
	e = ioc(HTPM_IOC_VERSION, &v);
	if (e) {
		fail("version", "HTPM_IOC_VERSION: %s", errname(e));
		memset(start, 0, sizeof(*start));
		return;
	}
	*start = v;
	if (v.abi != HTPM_ABI_VERSION)
		fail("version", "abi %u, want %d", v.abi, HTPM_ABI_VERSION);
	else if (!v.max_ltpms || !v.workers || v.nr_ltpms > v.max_ltpms)
		fail("version", "implausible: max_ltpms %u nr_ltpms %u workers %u",
		     v.max_ltpms, v.nr_ltpms, v.workers);
	else
		pass("version");
	printf("# abi %u max_ltpms %u nr_ltpms %u workers %u\n",
	       v.abi, v.max_ltpms, v.nr_ltpms, v.workers);

	step("version_reserved_zeroed");
	if (all_zero(v.reserved, sizeof(v.reserved)))
		pass("version_reserved_zeroed");
	else
		fail("version_reserved_zeroed",
		     "reserved[] not cleared by the kernel (left as %#x...)",
		     v.reserved[0]);
}

static void check_enotty(void)
{
	struct too_big { __u8 b[sizeof(struct htpm_create) + 8]; };
	__u8 buf[256];	/* room for any size encoded below */
	static const struct {
		const char *name;
		unsigned long req;
	} bad[] = {
		{ "enotty_magic", _IOR(HTPM_IOC_MAGIC + 1, 0x00, struct htpm_version) },
		{ "enotty_magic_create", _IOWR(0x54, 0x01, struct htpm_create) },
		{ "enotty_nr", _IOR(HTPM_IOC_MAGIC, 0x05, struct htpm_version) },
		{ "enotty_nr_high", _IOWR(HTPM_IOC_MAGIC, 0xff, struct htpm_info) },
		{ "enotty_size", _IOR(HTPM_IOC_MAGIC, 0x00, __u64) },
		{ "enotty_size_create", _IOWR(HTPM_IOC_MAGIC, 0x01, struct too_big) },
		{ "enotty_size_info", _IOWR(HTPM_IOC_MAGIC, 0x03, struct htpm_create) },
		{ "enotty_dir", _IOW(HTPM_IOC_MAGIC, 0x00, struct htpm_version) },
		{ "enotty_none", _IO(HTPM_IOC_MAGIC, 0x00) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		step(bad[i].name);
		memset(buf, 0, sizeof(buf));
		expect(bad[i].name, ioctl(ctl, bad[i].req, buf) ? errno : 0,
		       ENOTTY, "ioctl with a wrong number");
	}
}

static const struct {
	const char *name;
	unsigned long req;
} all_iocs[] = {
	{ "version", HTPM_IOC_VERSION },
	{ "create", HTPM_IOC_CREATE },
	{ "destroy", HTPM_IOC_DESTROY },
	{ "info", HTPM_IOC_INFO },
	{ "list", HTPM_IOC_LIST },
	{ "init", HTPM_IOC_INIT },
};

static void check_efault(void)
{
	char name[64];
	void *page;
	size_t i;

	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < ARRAY_SIZE(all_iocs); i++) {
		snprintf(name, sizeof(name), "efault_null_%s", all_iocs[i].name);
		step(name);
		expect(name, ioc(all_iocs[i].req, NULL), EFAULT, "NULL pointer");

		snprintf(name, sizeof(name), "efault_unmapped_%s",
			 all_iocs[i].name);
		step(name);
		if (page == MAP_FAILED) {
			fail(name, "mmap: %s", strerror(errno));
			continue;
		}
		expect(name, ioc(all_iocs[i].req, page), EFAULT,
		       "pointer to a PROT_NONE page");
	}
	if (page != MAP_FAILED)
		munmap(page, 4096);
}

/* CREATE / INFO BY_NETNS with a descriptor that is not a network namespace */
static void check_bad_netns_fd(void)
{
	static const char *const files[] = { "/proc/self/exe", "/proc/self/ns/mnt" };
	static const char *const kinds[] = { "regular_file", "mntns" };
	struct htpm_create c;
	struct htpm_info in;
	char name[64];
	int fd, e, i, closed;

	step("create_ebadf");
	memset(&c, 0, sizeof(c));
	c.netns_fd = -1;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e)
		track(c.id);
	expect("create_ebadf", e, EBADF, "CREATE netns_fd -1");

	step("info_netns_ebadf");
	memset(&in, 0, sizeof(in));
	in.flags = HTPM_INFO_BY_NETNS;
	in.netns_fd = -1;
	expect("info_netns_ebadf", ioc(HTPM_IOC_INFO, &in), EBADF,
	       "INFO BY_NETNS netns_fd -1");

	step("create_closed_fd_ebadf");
	closed = dup(STDIN_FILENO);
	if (closed < 0)
		closed = 1000;
	else
		close(closed);
	memset(&c, 0, sizeof(c));
	c.netns_fd = closed;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e)
		track(c.id);
	expect("create_closed_fd_ebadf", e, EBADF, "CREATE with a closed fd");

	for (i = 0; i < 2; i++) {
		fd = open(files[i], O_RDONLY | O_CLOEXEC);
		snprintf(name, sizeof(name), "create_%s_einval", kinds[i]);
		step(name);
		if (fd < 0) {
			fail(name, "open %s: %s", files[i], strerror(errno));
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.netns_fd = fd;
		e = ioc(HTPM_IOC_CREATE, &c);
		if (!e)
			track(c.id);
		expect(name, e, EINVAL, files[i]);

		snprintf(name, sizeof(name), "info_%s_einval", kinds[i]);
		step(name);
		memset(&in, 0, sizeof(in));
		in.flags = HTPM_INFO_BY_NETNS;
		in.netns_fd = fd;
		expect(name, ioc(HTPM_IOC_INFO, &in), EINVAL, files[i]);
		close(fd);
	}
}

/* CREATE with flags or one reserved word set: EINVAL, and nothing made */
static void check_create_einval(const struct nschild *ns)
{
	struct htpm_create c;
	unsigned int i;
	int e;

	step("create_flags_einval");
	memset(&c, 0, sizeof(c));
	c.netns_fd = ns->nsfd;
	c.flags = 1;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e)
		track(c.id);
	expect("create_flags_einval", e, EINVAL, "CREATE flags 1");

	step("create_flags_high_einval");
	c.flags = 1U << 31;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e)
		track(c.id);
	expect("create_flags_high_einval", e, EINVAL, "CREATE flags 1<<31");

	step("create_reserved_einval");
	for (i = 0; i < ARRAY_SIZE(c.reserved); i++) {
		memset(&c, 0, sizeof(c));
		c.netns_fd = ns->nsfd;
		c.reserved[i] = 1;
		e = ioc(HTPM_IOC_CREATE, &c);
		if (!e)
			track(c.id);
		if (e != EINVAL)
			break;
	}
	if (i == ARRAY_SIZE(c.reserved))
		pass("create_reserved_einval");
	else
		fail("create_reserved_einval", "reserved[%u] = 1: got %s, want EINVAL",
		     i, errname(e));
}

static bool uuid_is_v4(const __u8 u[16])
{
	return (u[6] >> 4) == 4 && (u[8] & 0xc0) == 0x80;
}

static void format_uuid(const __u8 u[16], char out[37])
{
	int i, j = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		j += sprintf(out + j, "%02x", u[i]);
	}
	out[j] = '\0';
}

/* CREATE for ns; checks the answer. Returns false if nothing was made. */
static bool check_create(const struct nschild *ns, struct htpm_create *c,
			 const char *label)
{
	char name[64], path[64], why[256], uuid[37];
	int e;

	snprintf(name, sizeof(name), "create_%s", label);
	step(name);
	memset(c, 0, sizeof(*c));
	c->netns_fd = ns->nsfd;
	e = ioc(HTPM_IOC_CREATE, c);
	if (e) {
		fail(name, "CREATE in a fresh network namespace: %s", errname(e));
		return false;
	}
	track(c->id);
	format_uuid(c->uuid, uuid);
	printf("# %s: id %u tpm%u %s tpm %u:%u tpmrm %u:%u netns:[%llu]\n",
	       label, c->id, c->tpm_index, uuid, c->tpm_major, c->tpm_minor,
	       c->tpmrm_major, c->tpmrm_minor, (unsigned long long)ns->ino);
	if (!c->id)
		fail(name, "id is 0");
	else if (!all_zero(c->reserved, sizeof(c->reserved)))
		fail(name, "reserved[] not zero on return");
	else if (c->tpm_major == c->tpmrm_major && c->tpm_minor == c->tpmrm_minor)
		fail(name, "/dev/tpm and /dev/tpmrm have the same device number");
	else
		pass(name);

	snprintf(name, sizeof(name), "create_%s_uuid_v4", label);
	if (uuid_is_v4(c->uuid))
		pass(name);
	else
		fail(name, "uuid %s is not RFC 4122 version 4", uuid);

	snprintf(name, sizeof(name), "create_%s_devnodes", label);
	step(name);
	snprintf(path, sizeof(path), "/dev/tpm%u", c->tpm_index);
	if (wait_node(path, makedev(c->tpm_major, c->tpm_minor), why, sizeof(why))) {
		fail(name, "%s", why);
		return true;
	}
	snprintf(path, sizeof(path), "/dev/tpmrm%u", c->tpm_index);
	if (wait_node(path, makedev(c->tpmrm_major, c->tpmrm_minor), why, sizeof(why)))
		fail(name, "%s", why);
	else
		pass(name);
	return true;
}

static void check_eexist(const struct nschild *ns, const struct htpm_create *a)
{
	struct htpm_create c;
	int e;

	step("create_eexist");
	memset(&c, 0, sizeof(c));
	c.netns_fd = ns->nsfd;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e) {
		track(c.id);
		fail("create_eexist", "second CREATE succeeded (id %u after %u)",
		     c.id, a->id);
		return;
	}
	expect("create_eexist", e, EEXIST, "second CREATE in one namespace");
}

static int info_id(__u32 id, struct htpm_info *in)
{
	memset(in, 0, sizeof(*in));
	in->id = id;
	return ioc(HTPM_IOC_INFO, in);
}

static int info_netns(int nsfd, struct htpm_info *in)
{
	memset(in, 0, sizeof(*in));
	in->flags = HTPM_INFO_BY_NETNS;
	in->netns_fd = nsfd;
	return ioc(HTPM_IOC_INFO, in);
}

/* Does INFO describe the LTPM CREATE made? "" if so, else what differs. */
static const char *info_mismatch(const struct htpm_info *in,
				 const struct htpm_create *c, __u64 ino)
{
	if (in->id != c->id)
		return "id";
	if (in->tpm_index != c->tpm_index)
		return "tpm_index";
	if (memcmp(in->uuid, c->uuid, sizeof(c->uuid)))
		return "uuid";
	if (in->netns_ino != ino)
		return "netns_ino";
	if (in->tpm_major != c->tpm_major || in->tpm_minor != c->tpm_minor)
		return "tpm device number";
	if (in->tpmrm_major != c->tpmrm_major || in->tpmrm_minor != c->tpmrm_minor)
		return "tpmrm device number";
	if (!all_zero(in->reserved, sizeof(in->reserved)))
		return "reserved[] (not zero)";
	return "";
}

static void check_info(const struct nschild *ns, const struct htpm_create *c)
{
	struct htpm_info a, b;
	const char *bad;
	int e;

	step("info_by_id");
	e = info_id(c->id, &a);
	if (e) {
		fail("info_by_id", "INFO id %u: %s", c->id, errname(e));
	} else {
		bad = info_mismatch(&a, c, ns->ino);
		if (*bad)
			fail("info_by_id", "%s differs from CREATE's answer", bad);
		else
			pass("info_by_id");
	}

	step("info_by_netns");
	e = info_netns(ns->nsfd, &b);
	if (e) {
		fail("info_by_netns", "INFO BY_NETNS: %s", errname(e));
		return;
	}
	bad = info_mismatch(&b, c, ns->ino);
	if (*bad)
		fail("info_by_netns", "%s differs from CREATE's answer", bad);
	else
		pass("info_by_netns");
}

static void check_info_einval(const struct nschild *ns, __u32 id)
{
	struct htpm_info in;
	unsigned int i;
	int e = 0;

	step("info_flags_einval");
	memset(&in, 0, sizeof(in));
	in.id = id;
	in.flags = 2;
	expect("info_flags_einval", ioc(HTPM_IOC_INFO, &in), EINVAL,
	       "INFO flags 2");

	step("info_netns_fd_without_flag_einval");
	memset(&in, 0, sizeof(in));
	in.id = id;
	in.netns_fd = ns->nsfd;
	expect("info_netns_fd_without_flag_einval", ioc(HTPM_IOC_INFO, &in),
	       EINVAL, "INFO by id with netns_fd set");

	step("info_reserved_einval");
	for (i = 0; i < ARRAY_SIZE(in.reserved); i++) {
		memset(&in, 0, sizeof(in));
		in.id = id;
		in.reserved[i] = 1;
		e = ioc(HTPM_IOC_INFO, &in);
		if (e != EINVAL)
			break;
	}
	if (i == ARRAY_SIZE(in.reserved))
		pass("info_reserved_einval");
	else
		fail("info_reserved_einval", "reserved[%u] = 1: got %s, want EINVAL",
		     i, errname(e));
}

/* DESTROY with bad flags/reserved: EINVAL, and the LTPM must survive */
static void check_destroy_einval(__u32 id)
{
	struct htpm_destroy d;
	struct htpm_info in;
	unsigned int i;
	int e = 0;

	step("destroy_flags_einval");
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.flags = 1;
	expect("destroy_flags_einval", ioc(HTPM_IOC_DESTROY, &d), EINVAL,
	       "DESTROY flags 1");

	step("destroy_reserved_einval");
	for (i = 0; i < ARRAY_SIZE(d.reserved); i++) {
		memset(&d, 0, sizeof(d));
		d.id = id;
		d.reserved[i] = 1;
		e = ioc(HTPM_IOC_DESTROY, &d);
		if (e != EINVAL)
			break;
	}
	if (i == ARRAY_SIZE(d.reserved))
		pass("destroy_reserved_einval");
	else
		fail("destroy_reserved_einval",
		     "reserved[%u] = 1: got %s, want EINVAL", i, errname(e));

	step("destroy_einval_kept_ltpm");
	e = info_id(id, &in);
	expect("destroy_einval_kept_ltpm", e, 0,
	       "INFO after refused DESTROYs");
}

/* LIST into a buffer of cap ids; 0 or errno; *count = what the kernel said */
static int list(__u32 *ids, __u32 cap, __u32 *count)
{
	struct htpm_list l;
	int e;

	memset(&l, 0, sizeof(l));
	l.ids = (uintptr_t)ids;
	l.count = cap;
	e = ioc(HTPM_IOC_LIST, &l);
	*count = l.count;
	return e;
}

static void check_list(const struct htpm_create *a, const struct htpm_create *b,
		       const struct htpm_version *start)
{
	__u32 ids[MAX_CREATED * 4 + 2], total, n, i;
	struct htpm_version v;
	struct htpm_list l;
	void *page;
	bool seen_a = false, seen_b = false;
	int e;

	step("list_count0");
	e = list(NULL, 0, &total);
	if (e) {
		fail("list_count0", "LIST with ids NULL, count 0: %s", errname(e));
		return;
	}
	if (total != start->nr_ltpms + 2)
		fail("list_count0", "count %u, want %u (%u before + 2 created)",
		     total, start->nr_ltpms + 2, start->nr_ltpms);
	else
		pass("list_count0");

	step("version_nr_ltpms");
	memset(&v, 0, sizeof(v));
	e = ioc(HTPM_IOC_VERSION, &v);
	if (e)
		fail("version_nr_ltpms", "VERSION: %s", errname(e));
	else if (v.nr_ltpms != total)
		fail("version_nr_ltpms", "nr_ltpms %u but LIST counts %u",
		     v.nr_ltpms, total);
	else
		pass("version_nr_ltpms");

	step("list_ascending");
	if (total + 1 > ARRAY_SIZE(ids)) {
		fail("list_ascending", "%u LTPMs alive: too many for this test",
		     total);
		return;
	}
	memset(ids, 0xff, sizeof(ids));
	e = list(ids, ARRAY_SIZE(ids), &n);
	if (e || n != total) {
		fail("list_ascending", "LIST: %s, count %u (want %u)",
		     errname(e), n, total);
		return;
	}
	for (i = 0; i < n; i++) {
		seen_a |= ids[i] == a->id;
		seen_b |= ids[i] == b->id;
		if (!ids[i] || (i && ids[i] <= ids[i - 1]))
			break;
	}
	if (i < n)
		fail("list_ascending", "ids[%u] = %u after %u", i, ids[i],
		     i ? ids[i - 1] : 0);
	else if (!seen_a || !seen_b)
		fail("list_ascending", "ids %u and %u not both listed",
		     a->id, b->id);
	else if (ids[n] != 0xffffffff)
		fail("list_ascending", "wrote past the %u ids it reported", n);
	else
		pass("list_ascending");

	step("list_short_buffer");
	memset(ids, 0xff, sizeof(ids));
	e = list(ids, 1, &n);
	if (e)
		fail("list_short_buffer", "LIST count 1: %s", errname(e));
	else if (n != total)
		fail("list_short_buffer", "count %u, want the total %u", n, total);
	else if (ids[1] != 0xffffffff)
		fail("list_short_buffer", "wrote more than the 1 id room given");
	else if (!ids[0] || ids[0] == 0xffffffff)
		fail("list_short_buffer", "first id not filled in");
	else
		pass("list_short_buffer");

	step("list_efault_ids");
	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		fail("list_efault_ids", "mmap: %s", strerror(errno));
	} else {
		memset(&l, 0, sizeof(l));
		l.ids = (uintptr_t)page;
		l.count = total;
		expect("list_efault_ids", ioc(HTPM_IOC_LIST, &l), EFAULT,
		       "LIST ids pointing to a PROT_NONE page");
		munmap(page, 4096);
	}

	step("list_flags_einval");
	memset(&l, 0, sizeof(l));
	l.ids = (uintptr_t)ids;
	l.count = ARRAY_SIZE(ids);
	l.flags = 1;
	expect("list_flags_einval", ioc(HTPM_IOC_LIST, &l), EINVAL,
	       "LIST flags 1");

	step("list_reserved_einval");
	for (i = 0; i < ARRAY_SIZE(l.reserved); i++) {
		memset(&l, 0, sizeof(l));
		l.ids = (uintptr_t)ids;
		l.count = ARRAY_SIZE(ids);
		l.reserved[i] = 1;
		e = ioc(HTPM_IOC_LIST, &l);
		if (e != EINVAL)
			break;
	}
	if (i == ARRAY_SIZE(l.reserved))
		pass("list_reserved_einval");
	else
		fail("list_reserved_einval", "reserved[%u] = 1: got %s, want EINVAL",
		     i, errname(e));
}

#define MAX_LTPMS_PARAM "/sys/module/htpm/parameters/max_ltpms"

static bool write_param(const char *path, unsigned int val)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fprintf(f, "%u\n", val) > 0;
	return !fclose(f) && ok;
}

/*
 * With the max_ltpms parameter lowered to the number alive, CREATE must
 * fail with ENOSPC (and VERSION report the new limit).
 */
static void check_enospc(void)
{
	struct htpm_version v;
	struct htpm_create c;
	struct nschild ns;
	unsigned int old;
	FILE *f;
	int e, n;

	step("create_enospc");
	f = fopen(MAX_LTPMS_PARAM, "r");
	if (!f) {
		skip("create_enospc", "%s: %s", MAX_LTPMS_PARAM, strerror(errno));
		return;
	}
	n = fscanf(f, "%u", &old);
	fclose(f);
	memset(&v, 0, sizeof(v));
	e = ioc(HTPM_IOC_VERSION, &v);
	if (n != 1 || e) {
		fail("create_enospc", "cannot read max_ltpms (%s)", errname(e));
		return;
	}
	if (!nschild_start(&ns, "create_enospc"))
		return;
	if (!write_param(MAX_LTPMS_PARAM, v.nr_ltpms)) {
		skip("create_enospc", "cannot write %s: %s", MAX_LTPMS_PARAM,
		     strerror(errno));
		nschild_stop(&ns);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.netns_fd = ns.nsfd;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (!e)
		track(c.id);
	if (e == ENOSPC && !ioc(HTPM_IOC_VERSION, &v) &&
	    v.max_ltpms != v.nr_ltpms)
		fail("create_enospc", "VERSION max_ltpms %u, parameter set to %u",
		     v.max_ltpms, v.nr_ltpms);
	else
		expect("create_enospc", e, ENOSPC,
		       "CREATE with max_ltpms LTPMs alive");
	if (!write_param(MAX_LTPMS_PARAM, old))
		fail("create_enospc", "could not restore max_ltpms %u: %s",
		     old, strerror(errno));
	nschild_stop(&ns);
}

static __u32 be32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

/*
 * One TPM2_GetRandom through /dev/tpmN must be answered with a well-formed
 * response and count as exactly one command in INFO.
 */
static void check_commands(const struct htpm_create *c)
{
	static const __u8 get_random[] = {
		0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,	/* NO_SESSIONS, 12 */
		0x00, 0x00, 0x01, 0x7b, 0x00, 0x08,	/* GetRandom(8) */
	};
	struct htpm_info before, after;
	__u8 rsp[4096];
	char path[64];
	ssize_t n;
	int fd, e;

	step("info_commands");
	e = info_id(c->id, &before);
	if (e) {
		fail("info_commands", "INFO: %s", errname(e));
		return;
	}
	snprintf(path, sizeof(path), "/dev/tpm%u", c->tpm_index);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail("info_commands", "open %s: %s", path, strerror(errno));
		return;
	}
	n = write(fd, get_random, sizeof(get_random));
	if (n != (ssize_t)sizeof(get_random)) {
		fail("info_commands", "write GetRandom to %s: %s", path,
		     n < 0 ? strerror(errno) : "short write");
		close(fd);
		return;
	}
	n = read(fd, rsp, sizeof(rsp));
	close(fd);
	if (n < 10) {
		fail("info_commands", "read response from %s: %s", path,
		     n < 0 ? strerror(errno) : "shorter than a header");
		return;
	}
	if ((rsp[0] != 0x80 || (rsp[1] != 0x01 && rsp[1] != 0x02)) ||
	    be32(rsp + 2) != (__u32)n) {
		fail("info_commands", "malformed response: tag %02x%02x size %u, read %zd",
		     rsp[0], rsp[1], be32(rsp + 2), n);
		return;
	}
	printf("# GetRandom on %s: rc %#x, %zd bytes\n", path, be32(rsp + 6), n);
	e = info_id(c->id, &after);
	if (e)
		fail("info_commands", "INFO after the command: %s", errname(e));
	else if (after.commands != before.commands + 1)
		fail("info_commands",
		     "commands went %llu -> %llu for one command (hwrng reading the LTPM?)",
		     (unsigned long long)before.commands,
		     (unsigned long long)after.commands);
	else
		pass("info_commands");
}

static bool caps_dropped(void)
{
	char line[256];
	bool ok = false;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			ok = strtoull(line + 7, NULL, 16) == 0;
	fclose(f);
	return ok;
}

/* In a child: every privileged ioctl must give EPERM, VERSION must work. */
static int unpriv_checks(const char *prefix, int nsfd, __u32 id)
{
	struct htpm_version v;
	struct htpm_create c;
	struct htpm_destroy d;
	struct htpm_init init;
	struct htpm_info in;
	struct htpm_list l;
	__u32 ids[8];
	char name[64];
	int e;

#define UNPRIV(what, req, arg) do {					\
		snprintf(name, sizeof(name), "%s_%s", prefix, what);	\
		e = ioc(req, arg);					\
		expect(name, e, EPERM, what);				\
	} while (0)

	memset(&c, 0, sizeof(c));
	c.netns_fd = nsfd;
	UNPRIV("create", HTPM_IOC_CREATE, &c);
	memset(&d, 0, sizeof(d));
	d.id = id;
	UNPRIV("destroy", HTPM_IOC_DESTROY, &d);
	memset(&init, 0, sizeof(init));
	init.id = id;
	UNPRIV("init", HTPM_IOC_INIT, &init);
	memset(&in, 0, sizeof(in));
	in.id = id;
	UNPRIV("info", HTPM_IOC_INFO, &in);
	memset(&in, 0, sizeof(in));
	in.flags = HTPM_INFO_BY_NETNS;
	in.netns_fd = nsfd;
	UNPRIV("info_by_netns", HTPM_IOC_INFO, &in);
	memset(&l, 0, sizeof(l));
	l.ids = (uintptr_t)ids;
	l.count = ARRAY_SIZE(ids);
	UNPRIV("list", HTPM_IOC_LIST, &l);
#undef UNPRIV

	snprintf(name, sizeof(name), "%s_version", prefix);
	memset(&v, 0, sizeof(v));
	e = ioc(HTPM_IOC_VERSION, &v);
	if (e)
		fail(name, "VERSION: %s", errname(e));
	else if (v.abi != HTPM_ABI_VERSION)
		fail(name, "abi %u", v.abi);
	else
		pass(name);
	return failures;
}

/* Run fn in a child after it gave up privilege; fold its failures in. */
static void in_child(const char *name, int how, int nsfd, __u32 id)
{
	pid_t pid;
	int status;

	step(name);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fail(name, "fork: %s", strerror(errno));
		return;
	}
	if (!pid) {
		failures = 0;
		if (how == 0) {
			if (setgroups(0, NULL) ||
			    setresgid(NOBODY, NOBODY, NOBODY) ||
			    setresuid(NOBODY, NOBODY, NOBODY)) {
				fail(name, "cannot become uid %d: %s", NOBODY,
				     strerror(errno));
				_exit(1);
			}
			if (!caps_dropped()) {
				fail(name, "capabilities still effective after setresuid");
				_exit(1);
			}
		} else if (unshare(CLONE_NEWUSER)) {
			skip(name, "unshare(CLONE_NEWUSER): %s", strerror(errno));
			_exit(0);
		}
		_exit(unpriv_checks(name, nsfd, id) ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		fail(name, "waitpid: %s", strerror(errno));
	} else if (!WIFEXITED(status)) {
		fail(name, "child died of signal %d", WTERMSIG(status));
	} else if (WEXITSTATUS(status)) {
		failures++;	/* the child printed what failed */
	}
}

static void check_unprivileged(const struct nschild *ns, __u32 id)
{
	struct htpm_info in;

	in_child("unpriv", 0, ns->nsfd, id);
	in_child("userns_root", 1, ns->nsfd, id);

	step("unpriv_kept_ltpm");
	expect("unpriv_kept_ltpm", info_id(id, &in), 0,
	       "INFO after the unprivileged DESTROY");
}

/*
 * One command on /dev/tpm<index>: its response code, or -1 (and a FAIL line
 * for @name) when the device does not answer with a well-formed response.
 */
static long tpm_rc(const char *name, __u32 index, const __u8 *cmd, size_t len)
{
	__u8 rsp[4096];
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/dev/tpm%u", index);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail(name, "open %s: %s", path, strerror(errno));
		return -1;
	}
	n = write(fd, cmd, len);
	if (n == (ssize_t)len)
		n = read(fd, rsp, sizeof(rsp));
	else if (n >= 0)
		n = -1;
	close(fd);
	if (n < 10 || be32(rsp + 2) != (__u32)n) {
		fail(name, "%s: no well-formed response (%zd)", path, n);
		return -1;
	}
	return be32(rsp + 6);
}

/*
 * INIT: argument checks, then a real power cycle: the LTPM answers
 * TPM_RC_INITIALIZE until TPM2_Startup, and works again after it.
 */
static void check_init(const struct htpm_create *c)
{
	static const __u8 get_random[] = {
		0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,	/* NO_SESSIONS, 12 */
		0x00, 0x00, 0x01, 0x7b, 0x00, 0x08,	/* GetRandom(8) */
	};
	static const __u8 startup_clear[] = {
		0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,	/* NO_SESSIONS, 12 */
		0x00, 0x00, 0x01, 0x44, 0x00, 0x00,	/* Startup(CLEAR) */
	};
	struct htpm_init in;
	unsigned int i;
	long rc;
	int e = 0;

	step("init_flags_einval");
	memset(&in, 0, sizeof(in));
	in.id = c->id;
	in.flags = 1;
	expect("init_flags_einval", ioc(HTPM_IOC_INIT, &in), EINVAL,
	       "INIT flags 1");

	step("init_reserved_einval");
	for (i = 0; i < ARRAY_SIZE(in.reserved); i++) {
		memset(&in, 0, sizeof(in));
		in.id = c->id;
		in.reserved[i] = 1;
		e = ioc(HTPM_IOC_INIT, &in);
		if (e != EINVAL)
			break;
	}
	if (i == ARRAY_SIZE(in.reserved))
		pass("init_reserved_einval");
	else
		fail("init_reserved_einval",
		     "reserved[%u] = 1: got %s, want EINVAL", i, errname(e));

	step("init_unknown_enoent");
	memset(&in, 0, sizeof(in));
	in.id = UINT32_MAX - 1;
	expect("init_unknown_enoent", ioc(HTPM_IOC_INIT, &in), ENOENT,
	       "INIT of an unknown id");

	step("init_power_cycle");
	memset(&in, 0, sizeof(in));
	in.id = c->id;
	if (!expect("init_ok", ioc(HTPM_IOC_INIT, &in), 0, "INIT"))
		return;
	rc = tpm_rc("init_power_cycle", c->tpm_index, get_random,
		    sizeof(get_random));
	if (rc >= 0 && rc != 0x100) {
		fail("init_power_cycle",
		     "GetRandom after INIT: rc %#lx, want TPM_RC_INITIALIZE", rc);
		return;
	}
	if (rc < 0)
		return;
	rc = tpm_rc("init_power_cycle", c->tpm_index, startup_clear,
		    sizeof(startup_clear));
	if (rc > 0)
		fail("init_power_cycle", "Startup(CLEAR) after INIT: rc %#lx", rc);
	if (rc)
		return;
	rc = tpm_rc("init_power_cycle", c->tpm_index, get_random,
		    sizeof(get_random));
	if (rc > 0)
		fail("init_power_cycle", "GetRandom after Startup: rc %#lx", rc);
	else if (!rc)
		pass("init_power_cycle");
}

static void check_enoent(const struct nschild *fresh)
{
	struct htpm_destroy d;
	struct htpm_info in;

	step("destroy_unknown_enoent");
	memset(&d, 0, sizeof(d));
	d.id = UINT32_MAX - 1;
	expect("destroy_unknown_enoent", ioc(HTPM_IOC_DESTROY, &d), ENOENT,
	       "DESTROY of an unknown id");

	step("destroy_id0_enoent");
	d.id = 0;
	expect("destroy_id0_enoent", ioc(HTPM_IOC_DESTROY, &d), ENOENT,
	       "DESTROY id 0");

	step("info_unknown_enoent");
	expect("info_unknown_enoent", info_id(UINT32_MAX - 1, &in), ENOENT,
	       "INFO of an unknown id");

	step("info_netns_without_ltpm_enoent");
	expect("info_netns_without_ltpm_enoent", info_netns(fresh->nsfd, &in),
	       ENOENT, "INFO BY_NETNS of a namespace without LTPM");
}

/*
 * DESTROY while a client holds /dev/tpmN open: it must return, the client
 * must get EPIPE, and the nodes must go.
 */
static void check_destroy(const struct nschild *ns, const struct htpm_create *c)
{
	static const __u8 get_random[] = {
		0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,
		0x00, 0x00, 0x01, 0x7b, 0x00, 0x08,
	};
	char path[64], pathrm[64], why[256];
	struct htpm_info in;
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "/dev/tpm%u", c->tpm_index);
	snprintf(pathrm, sizeof(pathrm), "/dev/tpmrm%u", c->tpm_index);
	fd = open(path, O_RDWR | O_CLOEXEC);

	step("destroy");
	e = destroy_id(c->id);
	if (!expect("destroy", e, 0, "DESTROY"))
		goto out;

	step("destroy_info_enoent");
	e = info_id(c->id, &in);
	if (e == ENOENT)
		e = info_netns(ns->nsfd, &in);
	expect("destroy_info_enoent", e, ENOENT,
	       "INFO by id, then by netns, after DESTROY");

	step("destroy_open_client_epipe");
	if (fd < 0) {
		fail("destroy_open_client_epipe", "open %s before DESTROY: %s",
		     path, strerror(errno));
	} else {
		n = write(fd, get_random, sizeof(get_random));
		expect("destroy_open_client_epipe", n < 0 ? errno : 0, EPIPE,
		       "write to /dev/tpmN opened before DESTROY");
	}

	step("destroy_devnodes_gone");
	if (wait_node(path, 0, why, sizeof(why)) ||
	    wait_node(pathrm, 0, why, sizeof(why)))
		fail("destroy_devnodes_gone", "%s %d ms after DESTROY", why,
		     NODE_TIMEOUT_MS);
	else
		pass("destroy_devnodes_gone");
out:
	if (fd >= 0)
		close(fd);
}

/* A namespace that exits takes its LTPM with it. */
static void check_netns_exit(struct nschild *ns, const struct htpm_create *old)
{
	struct htpm_create c;
	struct htpm_info in;
	long end;
	int e;

	step("recreate_new_id");
	memset(&c, 0, sizeof(c));
	c.netns_fd = ns->nsfd;
	e = ioc(HTPM_IOC_CREATE, &c);
	if (e) {
		fail("recreate_new_id", "CREATE after DESTROY: %s", errname(e));
		return;
	}
	track(c.id);
	if (c.id == old->id || !c.id)
		fail("recreate_new_id", "id %u reused", c.id);
	else
		pass("recreate_new_id");

	step("netns_exit_destroys");
	nschild_stop(ns);
	end = now_ms() + NETNS_EXIT_MS;
	while ((e = info_id(c.id, &in)) == 0 && now_ms() < end)
		sleep_ms(100);
	if (e == ENOENT) {
		char path[64], why[256];

		untrack(c.id);
		snprintf(path, sizeof(path), "/dev/tpm%u", c.tpm_index);
		if (wait_node(path, 0, why, sizeof(why)))
			fail("netns_exit_destroys", "LTPM gone but %s", why);
		else
			pass("netns_exit_destroys");
	} else {
		fail("netns_exit_destroys",
		     "LTPM %u still there (%s) %d ms after its namespace exited",
		     c.id, errname(e), NETNS_EXIT_MS);
	}
}

static void check_distinct(const struct htpm_create *a, const struct htpm_create *b)
{
	if (a->id == b->id)
		fail("create_distinct", "two LTPMs share id %u", a->id);
	else if (a->tpm_index == b->tpm_index)
		fail("create_distinct", "two LTPMs share tpm%u", a->tpm_index);
	else if (!memcmp(a->uuid, b->uuid, sizeof(a->uuid)))
		fail("create_distinct", "two LTPMs share a uuid");
	else
		pass("create_distinct");
}

static void check_final(const struct htpm_version *start)
{
	struct htpm_version v;
	int bad, e;

	step("cleanup");
	bad = cleanup();
	memset(&v, 0, sizeof(v));
	e = ioc(HTPM_IOC_VERSION, &v);
	if (bad)
		fail("cleanup", "%d LTPMs could not be destroyed", bad);
	else if (e)
		fail("cleanup", "VERSION: %s", errname(e));
	else if (v.nr_ltpms != start->nr_ltpms)
		fail("cleanup", "nr_ltpms %u at the end, %u at the start",
		     v.nr_ltpms, start->nr_ltpms);
	else
		pass("cleanup");
}

int main(void)
{
	struct nschild nsa = { .hold = -1, .nsfd = -1 };
	struct nschild nsb = nsa, fresh = nsa;
	struct htpm_create a, b;
	struct htpm_version start;
	bool have_a = false, have_b = false;

	signal(SIGALRM, on_alarm);
	setvbuf(stdout, NULL, _IOLBF, 0);

	step("open");
	ctl = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fail("open", "%s: %s%s", CTL_PATH, strerror(errno),
		     errno == ENOENT ? " (htpm.ko not loaded?)" : "");
		return 1;
	}
	pass("open");
	if (geteuid())
		fail("root", "must run as root (euid %d)", (int)geteuid());

	check_version(&start);
	check_enotty();
	check_efault();
	check_bad_netns_fd();

	if (nschild_start(&nsa, "netns_a")) {
		check_create_einval(&nsa);
		have_a = check_create(&nsa, &a, "a");
	}
	if (have_a) {
		check_eexist(&nsa, &a);
		check_info(&nsa, &a);
		check_info_einval(&nsa, a.id);
		check_destroy_einval(a.id);
	}
	if (have_a && nschild_start(&nsb, "netns_b")) {
		have_b = check_create(&nsb, &b, "b");
		if (have_b) {
			check_distinct(&a, &b);
			check_list(&a, &b, &start);
			check_enospc();
		}
	}
	if (have_a) {
		check_commands(&a);
		check_init(&a);
		check_unprivileged(&nsa, a.id);
	}
	if (nschild_start(&fresh, "netns_fresh")) {
		check_enoent(&fresh);
		nschild_stop(&fresh);
	}
	if (have_a) {
		check_destroy(&nsa, &a);
		check_netns_exit(&nsa, &a);
	}
	nschild_stop(&nsa);
	nschild_stop(&nsb);
	check_final(&start);

	alarm(0);
	printf("# abi_test: %d failed\n", failures);
	return failures ? 1 : 0;
}
