/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * htpm: logical TPM 2.0 devices, one per network namespace.
 *
 * User ABI of the control device /dev/htpm. Every ioctl takes a pointer to
 * a fixed-size structure whose size is encoded in the ioctl number; a
 * structure that grows gets a new number, so old binaries keep working.
 * All "flags" and "reserved" fields must be zero on input: anything else is
 * refused with EINVAL, which leaves room to give them a meaning later.
 *
 * Every ioctl except HTPM_IOC_VERSION needs CAP_SYS_ADMIN in the initial
 * user namespace.
 */
#ifndef _UAPI_LINUX_HTPM_H
#define _UAPI_LINUX_HTPM_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Version of this ABI, as returned by HTPM_IOC_VERSION. */
#define HTPM_ABI_VERSION	1

#define HTPM_DEVICE_NAME	"htpm"
#define HTPM_IOC_MAGIC		0xB7

/**
 * struct htpm_version - HTPM_IOC_VERSION
 * @abi: out: HTPM_ABI_VERSION of the running module
 * @max_ltpms: out: the module's limit on live LTPMs
 * @nr_ltpms: out: LTPMs alive now
 * @workers: out: worker threads executing TPM commands
 * @reserved: must be zero
 */
struct htpm_version {
	__u32 abi;
	__u32 max_ltpms;
	__u32 nr_ltpms;
	__u32 workers;
	__u32 reserved[4];
};

/**
 * struct htpm_create - HTPM_IOC_CREATE: create the LTPM of a network namespace
 * @netns_fd: in: file descriptor of the network namespace the LTPM is bound
 *	to (an open /proc/PID/ns/net or a bind mount of it)
 * @flags: in: must be zero
 * @id: out: LTPM id, unique for the module's lifetime, never 0
 * @tpm_index: out: N of /dev/tpmN and /dev/tpmrmN
 * @uuid: out: the LTPM's identity (RFC 4122 version 4)
 * @tpm_major: out: device number of /dev/tpmN
 * @tpm_minor: out: device number of /dev/tpmN
 * @tpmrm_major: out: device number of /dev/tpmrmN
 * @tpmrm_minor: out: device number of /dev/tpmrmN
 * @reserved: must be zero
 *
 * A namespace has at most one LTPM: a second create fails with EEXIST.
 * The LTPM does not hold the namespace: it is destroyed when the
 * namespace exits. ENOSPC means max_ltpms LTPMs are alive.
 */
struct htpm_create {
	__s32 netns_fd;
	__u32 flags;
	__u32 id;
	__u32 tpm_index;
	__u8  uuid[16];
	__u32 tpm_major;
	__u32 tpm_minor;
	__u32 tpmrm_major;
	__u32 tpmrm_minor;
	__u32 reserved[8];
};

/**
 * struct htpm_destroy - HTPM_IOC_DESTROY: destroy an LTPM by id
 * @id: in: LTPM id (ENOENT if no such LTPM)
 * @flags: in: must be zero
 * @reserved: must be zero
 *
 * Returns once the devices are gone; clients with the devices open get
 * errors (EPIPE) from then on.
 */
struct htpm_destroy {
	__u32 id;
	__u32 flags;
	__u32 reserved[6];
};

/* htpm_info.flags (in): look the LTPM up by @netns_fd instead of @id */
#define HTPM_INFO_BY_NETNS	0x1U

/**
 * struct htpm_info - HTPM_IOC_INFO: describe one LTPM
 * @id: in: LTPM id; out: LTPM id
 * @flags: in: 0 or HTPM_INFO_BY_NETNS
 * @netns_fd: in: with HTPM_INFO_BY_NETNS, the namespace whose LTPM to describe
 *	(ENOENT if it has none); otherwise must be zero
 * @tpm_index: out: N of /dev/tpmN and /dev/tpmrmN
 * @uuid: out: the LTPM's identity
 * @netns_ino: out: inode number of the bound network namespace (as
 *	stat() on /proc/PID/ns/net reports it)
 * @tpm_major: out: device number of /dev/tpmN
 * @tpm_minor: out: device number of /dev/tpmN
 * @tpmrm_major: out: device number of /dev/tpmrmN
 * @tpmrm_minor: out: device number of /dev/tpmrmN
 * @commands: out: TPM commands executed so far
 * @reserved: must be zero
 */
struct htpm_info {
	__u32 id;
	__u32 flags;
	__s32 netns_fd;
	__u32 tpm_index;
	__u8  uuid[16];
	__u64 netns_ino;
	__u32 tpm_major;
	__u32 tpm_minor;
	__u32 tpmrm_major;
	__u32 tpmrm_minor;
	__u64 commands;
	__u32 reserved[8];
};

/**
 * struct htpm_list - HTPM_IOC_LIST: ids of the live LTPMs
 * @ids: in: user pointer to an array of __u32 with room for @count ids
 * @count: in: capacity of @ids; out: number of live LTPMs, which may be
 *	larger than the capacity given (then only that many were copied)
 * @flags: in: must be zero
 * @reserved: must be zero
 *
 * Ids are returned in ascending order.
 */
struct htpm_list {
	__u64 ids;
	__u32 count;
	__u32 flags;
	__u32 reserved[4];
};

/**
 * struct htpm_init - HTPM_IOC_INIT: power-cycle an LTPM (_TPM_Init)
 * @id: in: LTPM id (ENOENT if no such LTPM)
 * @flags: in: must be zero
 * @reserved: must be zero
 *
 * What a platform reset does to a TPM: queued after the commands already
 * sent to the LTPM, it discards the LTPM's volatile state; state saved by
 * a TPM2_Shutdown(STATE) survives. The next command the LTPM accepts is
 * TPM2_Startup (everything else gets TPM_RC_INITIALIZE): the caller sends
 * it, Startup(CLEAR) for a TPM Reset, Startup(STATE) for a TPM Resume.
 */
struct htpm_init {
	__u32 id;
	__u32 flags;
	__u32 reserved[6];
};

#define HTPM_IOC_VERSION	_IOR(HTPM_IOC_MAGIC, 0x00, struct htpm_version)
#define HTPM_IOC_CREATE		_IOWR(HTPM_IOC_MAGIC, 0x01, struct htpm_create)
#define HTPM_IOC_DESTROY	_IOW(HTPM_IOC_MAGIC, 0x02, struct htpm_destroy)
#define HTPM_IOC_INFO		_IOWR(HTPM_IOC_MAGIC, 0x03, struct htpm_info)
#define HTPM_IOC_LIST		_IOWR(HTPM_IOC_MAGIC, 0x04, struct htpm_list)
#define HTPM_IOC_INIT		_IOW(HTPM_IOC_MAGIC, 0x05, struct htpm_init)

#endif /* _UAPI_LINUX_HTPM_H */
