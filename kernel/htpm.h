/* SPDX-License-Identifier: GPL-2.0 */
/*
 * htpm internal interfaces: the HTPM core (root secret, worker pool,
 * registry of LTPMs) and the logical TPMs it serves.
 */
#ifndef _HTPM_H
#define _HTPM_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/llist.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/wait.h>

#include "queue.h"
#include "tpm2/engine.h"

struct net;
struct tpm_chip;
struct task_struct;

#define HTPM_ROOT_SIZE		32

/* Module parameters (main.c). */
extern unsigned int htpm_max_ltpms;
extern unsigned int htpm_nv_quota;

/**
 * struct htpm_request - one TPM command on its way through an LTPM
 * @node: link on the LTPM's queue
 * @ref: held by the submitter until it has the response, and by the queue
 *	until a worker has executed the command
 * @done: completed by the worker once @rsp is ready
 * @ltpm: the LTPM; the request holds a reference on it
 * @cancelled: set by tpm_class_ops.cancel or by a killed submitter; long
 *	operations stop at their next cancel point when they see it
 * @init: not a command: _TPM_Init, the LTPM's power cycle
 * @cmd_len: bytes in @cmd
 * @rsp_len: bytes in @rsp
 * @cmd: the command
 * @rsp: the response
 */
struct htpm_request {
	struct llist_node node;
	struct kref ref;
	struct completion done;
	struct htpm_ltpm *ltpm;
	bool cancelled;
	bool init;
	size_t cmd_len;
	size_t rsp_len;
	u8 cmd[TPM2_MAX_COMMAND_SIZE];
	u8 rsp[TPM2_MAX_RESPONSE_SIZE];
};

/**
 * struct htpm_ltpm - a logical TPM, bound to one network namespace
 * @ref: held by the registry while the LTPM is alive, and by every request
 * @id: id in the registry (uapi: htpm_create.id)
 * @uuid: identity; the LTPM's secrets are derived from it and the root
 * @net: the bound namespace, not counted (the LTPM must not keep it alive);
 *	valid while the LTPM is in the registry, which the namespace's exit
 *	removes it from; protected by htpm_lock
 * @netns_ino: inode number of @net, kept for reporting
 * @chip: the kernel TPM chip: /dev/tpmN and /dev/tpmrmN
 * @engine: the TPM 2.0 state; used only by the worker running @queue
 * @queue: requests waiting for a worker
 * @cur: request sent to the chip and not yet received; protected by the
 *	chip's tpm_mutex, which the TPM core holds around send and recv
 * @dead: set once teardown starts: no new request is accepted
 * @commands: commands executed
 */
struct htpm_ltpm {
	struct kref ref;
	u32 id;
	uuid_t uuid;
	struct net *net;
	u64 netns_ino;
	struct tpm_chip *chip;
	struct tpm2_engine *engine;
	struct htpm_queue queue;
	struct htpm_request *cur;
	bool dead;
	atomic64_t commands;
};

/* root.c: the HTPM root secret and what is derived from it */
int htpm_root_init(const char *key_desc);
void htpm_root_exit(void);
int htpm_root_derive(const char *label, const void *context,
		     size_t context_len, u8 *out, size_t out_len);

/* pool.c: worker threads serving the runqueues */
enum htpm_pool_class_id {
	HTPM_POOL_SHORT,	/* every command but these: */
	HTPM_POOL_LONG,		/* key generation, at the lowest priority */
};

int htpm_pool_init(unsigned int nr_workers);
void htpm_pool_exit(void);
unsigned int htpm_pool_workers(void);
void htpm_pool_submit(struct htpm_queue *q, struct llist_node *node,
		      unsigned int class);
void htpm_pool_done(struct htpm_queue *q);

/* ltpm.c: lifecycle and registry */
int htpm_ltpm_init(void);
void htpm_ltpm_exit(void);
int htpm_ltpm_destroy_id(u32 id);
int htpm_ltpm_init_id(u32 id);
void htpm_ltpm_put(struct htpm_ltpm *ltpm);
void htpm_ltpm_run(struct htpm_queue *q, struct tpm2_scratch *scratch);
unsigned int htpm_ltpm_count(void);

/**
 * struct htpm_ltpm_info - a snapshot of an LTPM for the control device
 * @id: LTPM id
 * @uuid: identity
 * @netns_ino: bound namespace's inode number
 * @tpm_index: N of /dev/tpmN
 * @tpm_devt: device number of /dev/tpmN
 * @tpmrm_devt: device number of /dev/tpmrmN
 * @commands: commands executed
 */
struct htpm_ltpm_info {
	u32 id;
	uuid_t uuid;
	u64 netns_ino;
	u32 tpm_index;
	dev_t tpm_devt;
	dev_t tpmrm_devt;
	u64 commands;
};

int htpm_ltpm_create(struct net *net, struct htpm_ltpm_info *info);
int htpm_ltpm_info_id(u32 id, struct htpm_ltpm_info *info);
int htpm_ltpm_info_net(struct net *net, struct htpm_ltpm_info *info);
u32 htpm_ltpm_list(u32 *ids, u32 max);

/* chip.c: the TPM core glue */
int htpm_chip_init(void);
void htpm_chip_exit(void);
struct tpm_chip *htpm_chip_alloc(struct htpm_ltpm *ltpm);
struct htpm_request *htpm_request_alloc(struct htpm_ltpm *ltpm);
void htpm_request_put(struct htpm_request *req);

/* ctl.c: /dev/htpm */
int htpm_ctl_init(void);
void htpm_ctl_exit(void);

#endif /* _HTPM_H */
