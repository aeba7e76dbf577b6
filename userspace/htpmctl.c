// SPDX-License-Identifier: GPL-2.0
/*
 * htpmctl: manage the logical TPMs (LTPMs) of htpm.ko through /dev/htpm.
 *
 * Every network namespace (container) can have one LTPM, which shows up as
 * /dev/tpmN and /dev/tpmrmN. This tool creates, lists, describes and
 * destroys them, and can put the two device nodes into a container.
 *
 * Exit status: 0 success, 1 the operation failed, 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/nsfs.h>
#include <linux/htpm.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "ekcert.h"

#ifndef HTPMCTL_VERSION
#define HTPMCTL_VERSION "0.1"
#endif

#define CTL_PATH	"/dev/" HTPM_DEVICE_NAME

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static const char *prog = "htpmctl";
static const char *cmd_name;	/* the sub-command being run, for messages */

static void __attribute__((format(printf, 1, 2))) err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	if (cmd_name)
		fprintf(stderr, "%s: ", cmd_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- parsing ----------------------------------------------------------- */

static bool parse_ulong(const char *s, unsigned long max, unsigned long *out,
			int base)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_id(const char *s, __u32 *id)
{
	unsigned long v;

	if (!parse_ulong(s, UINT32_MAX, &v, 10) || v == 0) {
		err("invalid LTPM id '%s' (a positive number)", s);
		return false;
	}
	*id = v;
	return true;
}

static bool parse_pid(const char *s, pid_t *pid)
{
	unsigned long v;

	if (!parse_ulong(s, INT_MAX, &v, 10) || v == 0) {
		err("invalid pid '%s'", s);
		return false;
	}
	*pid = v;
	return true;
}

static bool parse_mode(const char *s, mode_t *mode)
{
	unsigned long v;

	if (!parse_ulong(s, 0777, &v, 8)) {
		err("invalid mode '%s' (octal, at most 0777)", s);
		return false;
	}
	*mode = v;
	return true;
}

/* ---- output ------------------------------------------------------------ */

static void format_uuid(const __u8 uuid[16], char out[37])
{
	static const int dash[] = { 4, 6, 8, 10 };
	int i, j = 0, d = 0;

	for (i = 0; i < 16; i++) {
		if (d < 4 && i == dash[d]) {
			out[j++] = '-';
			d++;
		}
		j += sprintf(out + j, "%02x", uuid[i]);
	}
	out[j] = '\0';
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* What we print about one LTPM, from either CREATE or INFO. */
struct ltpm_view {
	__u32 id;
	__u32 tpm_index;
	__u8 uuid[16];
	__u32 tpm_major, tpm_minor, tpmrm_major, tpmrm_minor;
	__u64 netns_ino;
	__u64 commands;
	bool has_commands;
};

static void view_from_info(struct ltpm_view *v, const struct htpm_info *in)
{
	memset(v, 0, sizeof(*v));
	v->id = in->id;
	v->tpm_index = in->tpm_index;
	memcpy(v->uuid, in->uuid, sizeof(v->uuid));
	v->tpm_major = in->tpm_major;
	v->tpm_minor = in->tpm_minor;
	v->tpmrm_major = in->tpmrm_major;
	v->tpmrm_minor = in->tpmrm_minor;
	v->netns_ino = in->netns_ino;
	v->commands = in->commands;
	v->has_commands = true;
}

static void view_from_create(struct ltpm_view *v, const struct htpm_create *c,
			     __u64 netns_ino)
{
	memset(v, 0, sizeof(*v));
	v->id = c->id;
	v->tpm_index = c->tpm_index;
	memcpy(v->uuid, c->uuid, sizeof(v->uuid));
	v->tpm_major = c->tpm_major;
	v->tpm_minor = c->tpm_minor;
	v->tpmrm_major = c->tpmrm_major;
	v->tpmrm_minor = c->tpmrm_minor;
	v->netns_ino = netns_ino;
}

/* "ltpm <id> <uuid> /dev/tpm<N> /dev/tpmrm<N>", no newline */
static void print_ltpm(const struct ltpm_view *v)
{
	char uuid[37];

	format_uuid(v->uuid, uuid);
	printf("ltpm %u %s /dev/tpm%u /dev/tpmrm%u", v->id, uuid,
	       v->tpm_index, v->tpm_index);
}

/* JSON members of one LTPM, without the braces */
static void print_ltpm_json(const struct ltpm_view *v)
{
	char uuid[37];

	format_uuid(v->uuid, uuid);
	printf("\"id\": %u, \"uuid\": \"%s\", \"tpm_index\": %u, ",
	       v->id, uuid, v->tpm_index);
	printf("\"tpm\": \"/dev/tpm%u\", \"tpmrm\": \"/dev/tpmrm%u\", ",
	       v->tpm_index, v->tpm_index);
	printf("\"tpm_dev\": \"%u:%u\", \"tpmrm_dev\": \"%u:%u\", ",
	       v->tpm_major, v->tpm_minor, v->tpmrm_major, v->tpmrm_minor);
	printf("\"netns_ino\": %llu", (unsigned long long)v->netns_ino);
	if (v->has_commands)
		printf(", \"commands\": %llu", (unsigned long long)v->commands);
}

/* ---- the control device ------------------------------------------------ */

static int ctl_open(void)
{
	int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0 && errno == EACCES)
		fd = open(CTL_PATH, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		err("htpm module not loaded (no %s)", CTL_PATH);
	else if (errno == EACCES || errno == EPERM)
		err("cannot open %s: permission denied (run as root)",
		    CTL_PATH);
	else if (errno == ENXIO || errno == ENODEV)
		err("cannot open %s: no driver behind it (htpm module unloaded?)",
		    CTL_PATH);
	else
		err("cannot open %s: %s", CTL_PATH, strerror(errno));
	return -1;
}

static const char *ioc_name(unsigned long req)
{
	switch (req) {
	case HTPM_IOC_VERSION: return "HTPM_IOC_VERSION";
	case HTPM_IOC_CREATE: return "HTPM_IOC_CREATE";
	case HTPM_IOC_DESTROY: return "HTPM_IOC_DESTROY";
	case HTPM_IOC_INFO: return "HTPM_IOC_INFO";
	case HTPM_IOC_LIST: return "HTPM_IOC_LIST";
	}
	return "ioctl";
}

/*
 * Explain an ioctl failure with the causes common to every request; the
 * callers handle the request-specific ones (EEXIST, ENOENT, ...) first.
 */
static void ioc_error(int ctl, unsigned long req, int e)
{
	struct htpm_version ver;

	switch (e) {
	case EPERM:
	case EACCES:
		err("permission denied: needs CAP_SYS_ADMIN in the initial user namespace");
		break;
	case ENOSPC:
		memset(&ver, 0, sizeof(ver));
		if (!ioctl(ctl, HTPM_IOC_VERSION, &ver))
			err("max_ltpms reached: the module allows %u live LTPMs and %u exist",
			    ver.max_ltpms, ver.nr_ltpms);
		else
			err("max_ltpms reached: no room for another LTPM");
		break;
	case ENOTTY:
		err("%s not supported by the loaded module (htpmctl speaks ABI %d; see 'htpmctl version')",
		    ioc_name(req), HTPM_ABI_VERSION);
		break;
	case EINVAL:
		err("%s: invalid argument (htpmctl ABI %d may not match the module's; see 'htpmctl version')",
		    ioc_name(req), HTPM_ABI_VERSION);
		break;
	case ENOMEM:
		err("%s: the kernel is out of memory", ioc_name(req));
		break;
	default:
		err("%s: %s", ioc_name(req), strerror(e));
	}
}

/*
 * Open a network namespace: PATH (a /proc/PID/ns/net or a bind mount of
 * it) or, with PATH NULL, that of PID (or our own when PID is 0). Checks
 * that it is a network namespace so the error can say so.
 */
static int netns_open(const char *path, pid_t pid, char *name, size_t len)
{
	struct stat st;
	int fd, type;

	if (path)
		snprintf(name, len, "%s", path);
	else if (pid)
		snprintf(name, len, "/proc/%d/ns/net", (int)pid);
	else
		snprintf(name, len, "/proc/self/ns/net");

	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && !path)
			err("no process with pid %d", (int)pid);
		else
			err("cannot open %s: %s", name, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		err("cannot stat %s: %s", name, strerror(errno));
		goto fail;
	}
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0 && errno == ENOTTY) {
		err("%s is not a namespace file (expected /proc/PID/ns/net or a bind mount of it)",
		    name);
		goto fail;
	}
	if (type >= 0 && type != CLONE_NEWNET) {
		err("%s is a namespace, but not a network namespace", name);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

static __u64 fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

/* HTPM_IOC_INFO by id, or by namespace when nsfd >= 0; returns errno */
static int ltpm_info(int ctl, __u32 id, int nsfd, struct htpm_info *info)
{
	memset(info, 0, sizeof(*info));
	if (nsfd >= 0) {
		info->flags = HTPM_INFO_BY_NETNS;
		info->netns_fd = nsfd;
	} else {
		info->id = id;
	}
	return ioctl(ctl, HTPM_IOC_INFO, info) ? errno : 0;
}

/*
 * Create the LTPM of the namespace open at nsfd. With find_existing, an
 * existing one is looked up and *created set to false; otherwise EEXIST is
 * an error. Returns 0 or an exit status.
 */
static int ltpm_create(int ctl, int nsfd, const char *nsname,
		       bool find_existing, struct ltpm_view *v, bool *created)
{
	struct htpm_create c;
	struct htpm_info info;
	int e;

	memset(&c, 0, sizeof(c));
	c.netns_fd = nsfd;
	*created = false;
	if (!ioctl(ctl, HTPM_IOC_CREATE, &c)) {
		view_from_create(v, &c, fd_ino(nsfd));
		*created = true;
		return 0;
	}
	if (errno != EEXIST) {
		e = errno;
		if (e == EBADF || e == EINVAL)
			err("the module refused %s as a network namespace (%s)",
			    nsname, strerror(e));
		else
			ioc_error(ctl, HTPM_IOC_CREATE, e);
		return EXIT_FAIL;
	}

	e = ltpm_info(ctl, 0, nsfd, &info);
	if (!find_existing) {
		if (!e)
			err("network namespace already has an LTPM (id %u)",
			    info.id);
		else
			err("network namespace already has an LTPM");
		return EXIT_FAIL;
	}
	if (e) {
		/* destroyed between the two calls, or a real error */
		if (e == ENOENT)
			err("the LTPM of %s vanished while being looked up; retry",
			    nsname);
		else
			ioc_error(ctl, HTPM_IOC_INFO, e);
		return EXIT_FAIL;
	}
	view_from_info(v, &info);
	return 0;
}

/* ---- sub-commands ------------------------------------------------------ */

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct command *find_command(const char *name);

static int usage_error(void)
{
	fprintf(stderr, "Try '%s %s --help'.\n", prog,
		cmd_name ? cmd_name : "");
	return EXIT_USAGE;
}

static void command_help(const struct command *c, FILE *f)
{
	fprintf(f, "Usage: %s %s %s\n\n%s", prog, c->name, c->args, c->help);
}

/* --help on a sub-command, or an unknown option / stray argument */
#define HELP_OPT { "help", no_argument, NULL, 'h' }

static int opt_common(int opt)
{
	if (opt == 'h') {
		command_help(find_command(cmd_name), stdout);
		return EXIT_OK;
	}
	return usage_error();
}

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "pid", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	const char *netns = NULL;
	char nsname[PATH_MAX];
	struct ltpm_view v;
	bool json = false, created;
	pid_t pid = 0;
	int opt, ctl, nsfd, ret;

	while ((opt = getopt_long(argc, argv, "n:p:jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': netns = optarg; break;
		case 'p':
			if (!parse_pid(optarg, &pid))
				return usage_error();
			break;
		case 'j': json = true; break;
		default: return opt_common(opt);
		}
	}
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}
	if (netns && pid) {
		err("--netns and --pid exclude each other");
		return usage_error();
	}

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	nsfd = netns_open(netns, pid, nsname, sizeof(nsname));
	if (nsfd < 0) {
		close(ctl);
		return EXIT_FAIL;
	}
	ret = ltpm_create(ctl, nsfd, nsname, false, &v, &created);
	if (!ret) {
		if (json) {
			putchar('{');
			print_ltpm_json(&v);
			puts("}");
		} else {
			print_ltpm(&v);
			putchar('\n');
		}
	}
	close(nsfd);
	close(ctl);
	return ret;
}

/* All live ids, ascending; NULL on failure (reported). */
static __u32 *ltpm_list(int ctl, __u32 *count)
{
	struct htpm_list l;
	__u32 cap = 64, *ids = NULL, *n;
	int tries;

	for (tries = 0; tries < 16; tries++) {
		n = realloc(ids, (size_t)(cap ? cap : 1) * sizeof(*ids));
		if (!n) {
			err("out of memory");
			break;
		}
		ids = n;
		memset(&l, 0, sizeof(l));
		l.ids = (uintptr_t)ids;
		l.count = cap;
		if (ioctl(ctl, HTPM_IOC_LIST, &l)) {
			ioc_error(ctl, HTPM_IOC_LIST, errno);
			break;
		}
		if (l.count <= cap) {
			*count = l.count;
			return ids;
		}
		/* more LTPMs than room: grow, with slack for new ones */
		cap = l.count > UINT32_MAX - 64 ? UINT32_MAX : l.count + 64;
	}
	if (tries == 16)
		err("the number of LTPMs keeps growing faster than the list");
	free(ids);
	return NULL;
}

static int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	struct htpm_info info;
	struct ltpm_view v;
	bool json = false, first = true;
	__u32 *ids, count, i;
	int opt, ctl, e, ret = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (opt == 'j')
			json = true;
		else
			return opt_common(opt);
	}
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	ids = ltpm_list(ctl, &count);
	if (!ids) {
		close(ctl);
		return EXIT_FAIL;
	}
	if (json)
		putchar('[');
	for (i = 0; i < count; i++) {
		e = ltpm_info(ctl, ids[i], -1, &info);
		if (e == ENOENT)	/* destroyed since the list was taken */
			continue;
		if (e) {
			ioc_error(ctl, HTPM_IOC_INFO, e);
			ret = EXIT_FAIL;
			break;
		}
		view_from_info(&v, &info);
		if (json) {
			printf("%s\n  {", first ? "" : ",");
			print_ltpm_json(&v);
			putchar('}');
		} else {
			print_ltpm(&v);
			printf(" netns:[%llu]\n",
			       (unsigned long long)v.netns_ino);
		}
		first = false;
	}
	if (json)
		puts(first ? "]" : "\n]");
	free(ids);
	close(ctl);
	return ret;
}

static int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "pid", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	const char *netns = NULL;
	char nsname[PATH_MAX];
	struct htpm_info info;
	struct ltpm_view v;
	bool json = false;
	pid_t pid = 0;
	__u32 id = 0;
	int opt, ctl, nsfd = -1, e;

	while ((opt = getopt_long(argc, argv, "n:p:jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': netns = optarg; break;
		case 'p':
			if (!parse_pid(optarg, &pid))
				return usage_error();
			break;
		case 'j': json = true; break;
		default: return opt_common(opt);
		}
	}
	if (optind < argc && !parse_id(argv[optind++], &id))
		return usage_error();
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}
	if (!!id + !!netns + !!pid != 1) {
		err("give exactly one of ID, --pid PID, --netns PATH");
		return usage_error();
	}

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	if (!id) {
		nsfd = netns_open(netns, pid, nsname, sizeof(nsname));
		if (nsfd < 0) {
			close(ctl);
			return EXIT_FAIL;
		}
	}
	e = ltpm_info(ctl, id, nsfd, &info);
	if (e == ENOENT && id)
		err("no LTPM with id %u", id);
	else if (e == ENOENT)
		err("network namespace %s has no LTPM", nsname);
	else if ((e == EBADF || e == EINVAL) && !id)
		err("the module refused %s as a network namespace (%s)",
		    nsname, strerror(e));
	else if (e)
		ioc_error(ctl, HTPM_IOC_INFO, e);
	if (!e) {
		view_from_info(&v, &info);
		if (json) {
			putchar('{');
			print_ltpm_json(&v);
			puts("}");
		} else {
			print_ltpm(&v);
			printf(" netns:[%llu] commands:%llu\n",
			       (unsigned long long)v.netns_ino,
			       (unsigned long long)v.commands);
		}
	}
	if (nsfd >= 0)
		close(nsfd);
	close(ctl);
	return e ? EXIT_FAIL : EXIT_OK;
}

/* The one argument of "destroy" and "reset": an LTPM id. */
static int parse_id_command(int argc, char **argv, __u32 *id)
{
	static const struct option opts[] = { HELP_OPT, { 0 } };
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return opt_common(opt);
	if (optind >= argc) {
		err("missing LTPM id");
		return usage_error();
	}
	if (!parse_id(argv[optind++], id))
		return usage_error();
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}
	return -1;
}

/* Run an ioctl whose argument starts with an LTPM id and has no output. */
static int id_ioctl(unsigned long req, void *arg, __u32 id)
{
	int ctl, e = 0;

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	if (ioctl(ctl, req, arg)) {
		e = errno;
		if (e == ENOENT)
			err("no LTPM with id %u", id);
		else
			ioc_error(ctl, req, e);
	}
	close(ctl);
	return e ? EXIT_FAIL : EXIT_OK;
}

static int cmd_destroy(int argc, char **argv)
{
	struct htpm_destroy d;
	__u32 id;
	int rc;

	rc = parse_id_command(argc, argv, &id);
	if (rc >= 0)
		return rc;
	memset(&d, 0, sizeof(d));
	d.id = id;
	return id_ioctl(HTPM_IOC_DESTROY, &d, id);
}

static int cmd_reset(int argc, char **argv)
{
	struct htpm_init in;
	__u32 id;
	int rc;

	rc = parse_id_command(argc, argv, &id);
	if (rc >= 0)
		return rc;
	memset(&in, 0, sizeof(in));
	in.id = id;
	return id_ioctl(HTPM_IOC_INIT, &in, id);
}

/* mkdir -p of the directory part of path; errors are left to mknod */
static void make_parents(const char *path)
{
	char dir[PATH_MAX], *p;

	snprintf(dir, sizeof(dir), "%s", path);
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return;
		*p = '/';
	}
}

/*
 * Refuse to write into the filesystem of our own /dev (host_dev): a
 * container that shares the host's devtmpfs would have us replace the
 * host's device nodes. Checks the nearest existing ancestor of path.
 */
static int check_not_host(const char *path, dev_t host_dev)
{
	char dir[PATH_MAX], *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		slash = strrchr(dir, '/');
		if (!slash)
			return 0;
		if (slash == dir)
			dir[1] = '\0';	/* keep "/" itself */
		else
			*slash = '\0';
		if (!stat(dir, &st))
			break;
		if (slash == dir)
			return 0;
	}
	if (st.st_dev != host_dev)
		return 0;
	fprintf(stderr, "%s: attach: %s in the container is on the same filesystem as this /dev (shared with the host?); refusing to create %s there (--force to do it anyway)\n",
		prog, dir, path);
	return -1;
}

/* Replace whatever is at path (but a directory) with a char device node. */
static int place_node(const char *path, mode_t mode, dev_t dev,
		      dev_t host_dev)
{
	struct stat st;

	if (host_dev && check_not_host(path, host_dev))
		return -1;
	make_parents(path);
	if (!lstat(path, &st)) {
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: attach: %s is a directory\n",
				prog, path);
			return -1;
		}
		if (unlink(path)) {
			fprintf(stderr, "%s: attach: cannot remove old %s: %s\n",
				prog, path, strerror(errno));
			return -1;
		}
	}
	if (mknod(path, S_IFCHR | mode, dev)) {
		fprintf(stderr, "%s: attach: cannot create %s: %s\n",
			prog, path, strerror(errno));
		return -1;
	}
	if (chmod(path, mode)) {
		fprintf(stderr, "%s: attach: cannot chmod %s: %s\n",
			prog, path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * In a child that joined the mount namespace open at mntfd, create the two
 * device nodes. Returns 0 when the child succeeded.
 */
static int make_nodes(int mntfd, pid_t pid, const char *path,
		      const char *pathrm, mode_t mode,
		      const struct ltpm_view *v, bool force)
{
	struct stat st;
	dev_t host_dev = 0;
	int status;
	pid_t child;

	if (!force && !stat("/dev", &st))
		host_dev = st.st_dev;

	fflush(NULL);
	child = fork();
	if (child < 0) {
		err("fork: %s", strerror(errno));
		return -1;
	}
	if (!child) {
		umask(0);
		if (setns(mntfd, CLONE_NEWNS)) {
			fprintf(stderr, "%s: attach: cannot join the mount namespace of pid %d: %s\n",
				prog, (int)pid, strerror(errno));
			_exit(1);
		}
		if (chdir("/"))
			_exit(1);
		if (place_node(path, mode, makedev(v->tpm_major, v->tpm_minor),
			       host_dev) ||
		    place_node(pathrm, mode,
			       makedev(v->tpmrm_major, v->tpmrm_minor),
			       host_dev))
			_exit(1);
		_exit(0);
	}
	if (waitpid(child, &status, 0) < 0) {
		err("waitpid: %s", strerror(errno));
		return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int cmd_attach(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "path", required_argument, NULL, 't' },
		{ "pathrm", required_argument, NULL, 'r' },
		{ "mode", required_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	const char *path = "/dev/tpm0", *pathrm = "/dev/tpmrm0";
	char nsname[PATH_MAX], mntname[64];
	struct htpm_destroy d;
	struct ltpm_view v;
	bool json = false, force = false, created;
	mode_t mode = 0660;
	pid_t pid = 0;
	int opt, ctl, nsfd, mntfd, ret;

	while ((opt = getopt_long(argc, argv, "p:t:r:m:fjh", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (!parse_pid(optarg, &pid))
				return usage_error();
			break;
		case 't': path = optarg; break;
		case 'r': pathrm = optarg; break;
		case 'm':
			if (!parse_mode(optarg, &mode))
				return usage_error();
			break;
		case 'f': force = true; break;
		case 'j': json = true; break;
		default: return opt_common(opt);
		}
	}
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}
	if (!pid) {
		err("--pid PID is required");
		return usage_error();
	}
	if (path[0] != '/' || pathrm[0] != '/' || !strcmp(path, pathrm)) {
		err("--path and --pathrm must be two different absolute paths");
		return usage_error();
	}

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	nsfd = netns_open(NULL, pid, nsname, sizeof(nsname));
	if (nsfd < 0) {
		close(ctl);
		return EXIT_FAIL;
	}
	snprintf(mntname, sizeof(mntname), "/proc/%d/ns/mnt", (int)pid);
	mntfd = open(mntname, O_RDONLY | O_CLOEXEC);
	if (mntfd < 0) {
		err("cannot open %s: %s", mntname, strerror(errno));
		close(nsfd);
		close(ctl);
		return EXIT_FAIL;
	}

	ret = ltpm_create(ctl, nsfd, nsname, true, &v, &created);
	if (!ret && make_nodes(mntfd, pid, path, pathrm, mode, &v, force)) {
		ret = EXIT_FAIL;
		if (created) {	/* leave things as they were */
			memset(&d, 0, sizeof(d));
			d.id = v.id;
			if (ioctl(ctl, HTPM_IOC_DESTROY, &d) && errno != ENOENT)
				err("could not destroy LTPM %u again: %s",
				    v.id, strerror(errno));
		}
	}
	if (!ret && json) {
		putchar('{');
		print_ltpm_json(&v);
		printf(", \"created\": %s, \"pid\": %d, \"path\": ",
		       created ? "true" : "false", (int)pid);
		json_string(path);
		printf(", \"pathrm\": ");
		json_string(pathrm);
		puts("}");
	} else if (!ret) {
		print_ltpm(&v);
		printf(" %s %s\n", path, pathrm);
	}
	close(mntfd);
	close(nsfd);
	close(ctl);
	return ret;
}

/* ---- ekcert ----------------------------------------------------------- */

/* The raw device of an LTPM as an htpm_ekcert transport */
struct tpm_dev {
	int fd;
	char path[32];
	struct htpm_ekcert_tpm *t;
};

static int tpm_dev_xfer(void *priv, const uint8_t *cmd, size_t len,
			uint8_t *rsp, size_t *rsp_len)
{
	struct tpm_dev *d = priv;
	ssize_t n;

	do
		n = write(d->fd, cmd, len);
	while (n < 0 && errno == EINTR);
	if (n < 0 || (size_t)n != len)
		return htpm_ekcert_errf(d->t, "write to %s: %s", d->path,
					n < 0 ? strerror(errno) : "short write");
	do
		n = read(d->fd, rsp, *rsp_len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return htpm_ekcert_errf(d->t, "read from %s: %s", d->path,
					strerror(errno));
	*rsp_len = (size_t)n;
	return 0;
}

/* Open /dev/tpm<N> of the LTPM, checking it is that LTPM's device node. */
static int tpm_dev_open(struct tpm_dev *d, const struct htpm_info *info)
{
	struct stat st;

	snprintf(d->path, sizeof(d->path), "/dev/tpm%u", info->tpm_index);
	d->fd = open(d->path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		if (errno == EBUSY)
			err("%s is busy: another process (in the container?) has the raw device open; ekcert needs it for a moment",
			    d->path);
		else
			err("cannot open %s: %s", d->path, strerror(errno));
		return -1;
	}
	if (fstat(d->fd, &st) || !S_ISCHR(st.st_mode) ||
	    major(st.st_rdev) != info->tpm_major ||
	    minor(st.st_rdev) != info->tpm_minor) {
		err("%s is not the device of LTPM %u (expected character device %u:%u)",
		    d->path, info->id, info->tpm_major, info->tpm_minor);
		close(d->fd);
		d->fd = -1;
		return -1;
	}
	return 0;
}

/* Read the CA's key and certificate (PEM); errors reported. */
static int ca_load(const char *key_path, const char *cert_path,
		   EVP_PKEY **key, X509 **cert)
{
	FILE *f;

	*key = NULL;
	*cert = NULL;
	f = fopen(key_path, "r");
	if (!f) {
		err("cannot open %s: %s", key_path, strerror(errno));
		return -1;
	}
	*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!*key) {
		err("%s: no PEM private key (or a wrong passphrase)",
		    key_path);
		ERR_clear_error();
		return -1;
	}
	f = fopen(cert_path, "r");
	if (!f) {
		err("cannot open %s: %s", cert_path, strerror(errno));
		return -1;
	}
	*cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!*cert) {
		err("%s: no PEM certificate", cert_path);
		ERR_clear_error();
		return -1;
	}
	return 0;
}

static int cmd_ekcert(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "pid", required_argument, NULL, 'p' },
		{ "rsa", no_argument, NULL, 'R' },
		{ "ecc", no_argument, NULL, 'E' },
		{ "both", no_argument, NULL, 'B' },
		{ "ca-key", required_argument, NULL, 'k' },
		{ "ca-cert", required_argument, NULL, 'c' },
		{ "days", required_argument, NULL, 'd' },
		{ "subject", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	const char *netns = NULL, *key_path = NULL, *cert_path = NULL;
	struct htpm_ekcert_opts o = { .days = HTPM_EKCERT_DAYS };
	struct htpm_ekcert_tpm t = { .xfer = tpm_dev_xfer };
	struct htpm_ekcert_result res;
	struct tpm_dev dev = { .fd = -1, .t = &t };
	enum htpm_ek_type types[2];
	int nr_types = 0, i, opt, ctl = -1, nsfd = -1, e, ret = EXIT_FAIL;
	bool want_rsa = false, want_ecc = false, json = false;
	char nsname[PATH_MAX];
	struct htpm_info info;
	unsigned long days;
	pid_t pid = 0;
	__u32 id = 0;

	while ((opt = getopt_long(argc, argv, "n:p:REBk:c:d:s:jh", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'n': netns = optarg; break;
		case 'p':
			if (!parse_pid(optarg, &pid))
				return usage_error();
			break;
		case 'R': want_rsa = true; break;
		case 'E': want_ecc = true; break;
		case 'B': want_rsa = want_ecc = true; break;
		case 'k': key_path = optarg; break;
		case 'c': cert_path = optarg; break;
		case 'd':
			if (!parse_ulong(optarg, 100000, &days, 10) || !days) {
				err("invalid --days '%s' (1 to 100000)",
				    optarg);
				return usage_error();
			}
			o.days = days;
			break;
		case 's': o.subject = optarg; break;
		case 'j': json = true; break;
		default: return opt_common(opt);
		}
	}
	if (optind < argc && !parse_id(argv[optind++], &id))
		return usage_error();
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}
	if (!!id + !!netns + !!pid != 1) {
		err("give exactly one of ID, --pid PID, --netns PATH");
		return usage_error();
	}
	if (!key_path || !cert_path) {
		err("--ca-key KEY.pem and --ca-cert CA.pem are required");
		return usage_error();
	}
	if (!want_rsa && !want_ecc)
		want_rsa = want_ecc = true;
	if (want_rsa)
		types[nr_types++] = HTPM_EK_RSA;
	if (want_ecc)
		types[nr_types++] = HTPM_EK_ECC;

	if (ca_load(key_path, cert_path, &o.ca_key, &o.ca_cert))
		goto out;
	ctl = ctl_open();
	if (ctl < 0)
		goto out;
	if (!id) {
		nsfd = netns_open(netns, pid, nsname, sizeof(nsname));
		if (nsfd < 0)
			goto out;
	}
	e = ltpm_info(ctl, id, nsfd, &info);
	if (e == ENOENT && id)
		err("no LTPM with id %u", id);
	else if (e == ENOENT)
		err("network namespace %s has no LTPM", nsname);
	else if ((e == EBADF || e == EINVAL) && !id)
		err("the module refused %s as a network namespace (%s)",
		    nsname, strerror(e));
	else if (e)
		ioc_error(ctl, HTPM_IOC_INFO, e);
	if (e || tpm_dev_open(&dev, &info))
		goto out;

	t.priv = &dev;
	if (json)
		printf("{\"id\": %u, \"tpm\": \"%s\", \"certs\": [", info.id,
		       dev.path);
	for (i = 0; i < nr_types; i++) {
		if (htpm_ekcert_provision(&t, types[i], &o, &res)) {
			if (json)
				puts("]}");
			err("LTPM %u, %s EK: %s", info.id,
			    htpm_ekcert_type_name(types[i]), t.err);
			goto out;
		}
		if (json)
			printf("%s{\"type\": \"%s\", \"nv_index\": \"0x%08x\", \"size\": %zu, \"serial\": \"%s\", \"replaced\": %s}",
			       i ? ", " : "", htpm_ekcert_type_name(types[i]),
			       res.nv_index, res.size, res.serial,
			       res.replaced ? "true" : "false");
		else
			printf("ekcert %s 0x%08x size:%zu serial:%s%s\n",
			       htpm_ekcert_type_name(types[i]), res.nv_index,
			       res.size, res.serial,
			       res.replaced ? " replaced" : "");
		fflush(stdout);
	}
	if (json)
		puts("]}");
	ret = EXIT_OK;
out:
	if (dev.fd >= 0)
		close(dev.fd);
	if (nsfd >= 0)
		close(nsfd);
	if (ctl >= 0)
		close(ctl);
	EVP_PKEY_free(o.ca_key);
	X509_free(o.ca_cert);
	return ret;
}

static int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		HELP_OPT, { 0 }
	};
	struct htpm_version ver;
	bool json = false;
	int opt, ctl, e;

	while ((opt = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (opt == 'j')
			json = true;
		else
			return opt_common(opt);
	}
	if (optind < argc) {
		err("unexpected argument '%s'", argv[optind]);
		return usage_error();
	}

	ctl = ctl_open();
	if (ctl < 0)
		return EXIT_FAIL;
	memset(&ver, 0, sizeof(ver));
	e = ioctl(ctl, HTPM_IOC_VERSION, &ver) ? errno : 0;
	if (e)
		ioc_error(ctl, HTPM_IOC_VERSION, e);
	close(ctl);
	if (e)
		return EXIT_FAIL;
	if (json) {
		printf("{\"abi\": %u, \"htpmctl_abi\": %d, \"max_ltpms\": %u, \"nr_ltpms\": %u, \"workers\": %u}\n",
		       ver.abi, HTPM_ABI_VERSION, ver.max_ltpms,
		       ver.nr_ltpms, ver.workers);
	} else {
		printf("abi %u\nmax_ltpms %u\nnr_ltpms %u\nworkers %u\n",
		       ver.abi, ver.max_ltpms, ver.nr_ltpms, ver.workers);
	}
	if (ver.abi != HTPM_ABI_VERSION) {
		err("the module speaks ABI %u, htpmctl ABI %d",
		    ver.abi, HTPM_ABI_VERSION);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "create", cmd_create, "[--netns PATH | --pid PID] [--json]",
	  "Create the LTPM of a network namespace: the one at PATH (an open\n"
	  "/proc/PID/ns/net or a bind mount of it), that of process PID, or by\n"
	  "default the caller's own. Prints\n"
	  "  ltpm <id> <uuid> /dev/tpm<N> /dev/tpmrm<N>\n" },
	{ "list", cmd_list, "[--json]",
	  "One line per live LTPM:\n"
	  "  ltpm <id> <uuid> /dev/tpm<N> /dev/tpmrm<N> netns:[<inode>]\n"
	  "--json adds the device numbers and the count of commands executed.\n" },
	{ "info", cmd_info, "ID | --pid PID | --netns PATH [--json]",
	  "Describe one LTPM, by id or by the network namespace it belongs to:\n"
	  "  ltpm <id> <uuid> /dev/tpm<N> /dev/tpmrm<N> netns:[<inode>] commands:<n>\n" },
	{ "destroy", cmd_destroy, "ID",
	  "Destroy an LTPM; clients that have its devices open get errors.\n"
	  "(An LTPM also dies with its network namespace.)\n" },
	{ "reset", cmd_reset, "ID",
	  "Power-cycle an LTPM as a platform reset would (_TPM_Init): its\n"
	  "volatile state goes, state saved by TPM2_Shutdown(STATE) stays, and\n"
	  "it accepts only TPM2_Startup next: send Startup(CLEAR) for a TPM\n"
	  "Reset or Startup(STATE) for a Resume (tpm2_startup [-c]).\n" },
	{ "attach", cmd_attach,
	  "--pid PID [--path PATH] [--pathrm PATH] [--mode MODE] [--force] [--json]",
	  "Give the container of process PID its TPM: create the LTPM of its\n"
	  "network namespace (or find the one it has) and create the device\n"
	  "nodes inside its mount namespace, replacing existing ones:\n"
	  "  --path PATH     node of /dev/tpm<N> (default /dev/tpm0)\n"
	  "  --pathrm PATH   node of /dev/tpmrm<N> (default /dev/tpmrm0)\n"
	  "  --mode MODE     octal permissions of both (default 0660)\n"
	  "  --force         write even where the container's directory is on\n"
	  "                  the same filesystem as our own /dev (a /dev shared\n"
	  "                  with the host), which is refused otherwise\n"
	  "Prints\n"
	  "  ltpm <id> <uuid> /dev/tpm<N> /dev/tpmrm<N> <path> <pathrm>\n"
	  "The container's device cgroup must allow the devices (see --json\n"
	  "for their numbers). An LTPM created here is destroyed again if the\n"
	  "nodes cannot be made.\n" },
	{ "ekcert", cmd_ekcert,
	  "ID | --pid PID | --netns PATH [--rsa | --ecc | --both]\n"
	  "           --ca-key KEY.pem --ca-cert CA.pem [--days N] [--subject STR] [--json]",
	  "Give an LTPM endorsement key (EK) certificates signed by your CA:\n"
	  "create its EK from the default template of the TCG EK Credential\n"
	  "Profile (RSA 2048 and/or ECC NIST P-256, the keys tpm2_createek\n"
	  "makes), certify the public key with the CA, and store the DER in\n"
	  "the profile's NV index, 0x01c00002 (RSA) or 0x01c0000a (ECC),\n"
	  "defined by the platform and write-locked; an index already there\n"
	  "is replaced. Talks to the LTPM's raw /dev/tpm<N>, which must not be\n"
	  "open elsewhere; its endorsement and platform passwords must be\n"
	  "empty (the platform's is after every TPM Reset).\n"
	  "  --rsa, --ecc, --both  which EKs (default: both)\n"
	  "  --ca-key KEY.pem      the CA's private key (RSA or EC, PEM)\n"
	  "  --ca-cert CA.pem      the CA's certificate (PEM): the issuer\n"
	  "  --days N              validity (default 3650)\n"
	  "  --subject STR         subject as /CN=.../O=... (default: empty,\n"
	  "                        as the profile has it, with the TPM in a\n"
	  "                        critical subjectAltName)\n"
	  "Prints for each certificate\n"
	  "  ekcert <rsa|ecc> <nv-index> size:<bytes> serial:<hex> [replaced]\n" },
	{ "version", cmd_version, "[--json]",
	  "The loaded module's ABI version and limits.\n" },
	{ "help", cmd_help, "[COMMAND]", "Help on htpmctl or one command.\n" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; name && i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void main_help(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [--help] [--version] COMMAND [ARGS]\n\n"
		"Manage htpm's logical TPMs: one TPM 2.0 per network namespace.\n\n"
		"Commands:\n", prog);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].args);
	fprintf(f, "\n'%s help COMMAND' or '%s COMMAND --help' tells more.\n"
		"Exit status: 0 ok, 1 the operation failed, 2 usage error.\n",
		prog, prog);
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		if (argc == 2 && (!strcmp(argv[1], "--help") ||
				  !strcmp(argv[1], "-h"))) {
			command_help(find_command("help"), stdout);
			return EXIT_OK;
		}
		err("takes at most one COMMAND");
		return usage_error();
	}
	if (argc < 2) {
		main_help(stdout);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		err("unknown command '%s'", argv[1]);
		return usage_error();
	}
	command_help(c, stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	static char sub_argv0[64];
	const struct command *c;
	int opt;

	while ((opt = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			main_help(stdout);
			return EXIT_OK;
		case 'V':
			printf("htpmctl %s (htpm ABI %d)\n", HTPMCTL_VERSION,
			       HTPM_ABI_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		main_help(stderr);
		return EXIT_USAGE;
	}
	c = find_command(argv[optind]);
	if (!c) {
		err("unknown command '%s'", argv[optind]);
		fprintf(stderr, "Try '%s --help'.\n", prog);
		return EXIT_USAGE;
	}
	cmd_name = c->name;
	argc -= optind;
	argv += optind;
	/* getopt's own messages then read "htpmctl create: ..." */
	snprintf(sub_argv0, sizeof(sub_argv0), "%s %s", prog, c->name);
	argv[0] = sub_argv0;
	optind = 0;	/* restart getopt on the command's arguments */
	return c->run(argc, argv);
}
