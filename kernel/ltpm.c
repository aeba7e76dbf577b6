// SPDX-License-Identifier: GPL-2.0
/*
 * LTPM lifecycle: an LTPM is created for one network namespace, registered
 * with the TPM core, and torn down by DESTROY, by the namespace's exit or by
 * module unload, whichever comes first. The registry (ids and the per-netns
 * slot) is protected by htpm_lock; whoever removes an LTPM from it owns its
 * teardown.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/unaligned.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "htpm.h"
#include "tpm_core.h"

/**
 * struct htpm_net - per network namespace data
 * @ltpm: the namespace's LTPM, or NULL; protected by htpm_lock
 * @retired: the chip of the namespace's last destroyed LTPM, held so that
 *	the TPM core does not give its tpmN number to another LTPM while this
 *	namespace lives: its containers may still hold device nodes with that
 *	number. Protected by htpm_lock.
 */
struct htpm_net {
	struct htpm_ltpm *ltpm;
	struct tpm_chip *retired;
};

static unsigned int htpm_net_id __read_mostly;
static DEFINE_MUTEX(htpm_lock);
static DEFINE_XARRAY_ALLOC1(htpm_ltpms);
static u32 htpm_next_id;
static unsigned int htpm_nr_ltpms;

static void htpm_ltpm_free(struct kref *ref)
{
	struct htpm_ltpm *ltpm = container_of(ref, struct htpm_ltpm, ref);

	tpm2_engine_destroy(ltpm->engine);
	if (ltpm->chip)
		put_device(&ltpm->chip->dev);
	kfree_sensitive(ltpm);
}

/**
 * htpm_ltpm_put() - drop a reference on an LTPM
 * @ltpm: LTPM
 */
void htpm_ltpm_put(struct htpm_ltpm *ltpm)
{
	kref_put(&ltpm->ref, htpm_ltpm_free);
}

static bool htpm_request_cancelled(void *priv)
{
	struct htpm_request *req = priv;

	return READ_ONCE(req->cancelled);
}

/**
 * htpm_ltpm_run() - execute the next request of an LTPM (worker context)
 * @q: the LTPM's queue, taken off the runqueue by the calling worker
 * @scratch: the worker's working memory for the engine, or NULL
 */
void htpm_ltpm_run(struct htpm_queue *q, struct tpm2_scratch *scratch)
{
	struct htpm_ltpm *ltpm = container_of(q, struct htpm_ltpm, queue);
	struct htpm_request *req;
	struct llist_node *node;
	struct tpm2_exec_ctx ctx = {
		.locality = 0,
		.cancelled = htpm_request_cancelled,
		.scratch = scratch,
	};

	node = htpm_queue_pop(q);
	if (WARN_ON_ONCE(!node)) {
		htpm_pool_done(q);
		return;
	}
	req = container_of(node, struct htpm_request, node);
	ctx.priv = req;

	if (req->init) {
		tpm2_engine_init(ltpm->engine);
	} else {
		/*
		 * Even a cancelled command runs: it may be the resource
		 * manager's; the engine stops long work when cancelled.
		 */
		req->rsp_len = tpm2_engine_execute(ltpm->engine, req->cmd,
						   req->cmd_len, req->rsp,
						   sizeof(req->rsp), &ctx);
		atomic64_inc(&ltpm->commands);
	}

	/* req holds ltpm (and so q) until the put below. */
	htpm_pool_done(q);
	complete(&req->done);
	htpm_request_put(req);
}

static int htpm_ltpm_derive_secret(struct htpm_ltpm *ltpm,
				   struct tpm2_engine_config *cfg)
{
	return htpm_root_derive("htpm ltpm secret", &ltpm->uuid,
				sizeof(ltpm->uuid), cfg->secret,
				sizeof(cfg->secret));
}

/*
 * Do what platform firmware does before the OS runs: TPM2_Startup(CLEAR).
 * The TPM core then finds a started TPM (its SelfTest succeeds) instead of
 * logging a TPM_RC_INITIALIZE error for every LTPM it registers.
 */
static int htpm_ltpm_power_on(struct htpm_ltpm *ltpm)
{
	static const u8 startup_clear[] = {
		0x80, 0x01,		/* TPM_ST_NO_SESSIONS */
		0x00, 0x00, 0x00, 0x0c,	/* commandSize */
		0x00, 0x00, 0x01, 0x44,	/* TPM_CC_Startup */
		0x00, 0x00,		/* TPM_SU_CLEAR */
	};
	size_t len;
	u8 *rsp;
	int rc;

	rsp = kmalloc(TPM2_MAX_RESPONSE_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;
	len = tpm2_engine_execute(ltpm->engine, startup_clear,
				  sizeof(startup_clear), rsp,
				  TPM2_MAX_RESPONSE_SIZE, NULL);
	rc = len >= 10 && !get_unaligned_be32(rsp + 6) ? 0 : -EIO;
	kfree(rsp);
	return rc;
}

static struct htpm_ltpm *htpm_ltpm_alloc(void)
{
	struct tpm2_engine_config cfg;
	struct htpm_ltpm *ltpm;
	int rc;

	ltpm = kzalloc(sizeof(*ltpm), GFP_KERNEL);
	if (!ltpm)
		return ERR_PTR(-ENOMEM);
	kref_init(&ltpm->ref);
	uuid_gen(&ltpm->uuid);
	htpm_queue_init(&ltpm->queue);
	atomic64_set(&ltpm->commands, 0);

	memset(&cfg, 0, sizeof(cfg));
	/* 0 would mean the engine's default; keep at least one index's room */
	cfg.nv_quota = max(READ_ONCE(htpm_nv_quota), 1U);
	rc = htpm_ltpm_derive_secret(ltpm, &cfg);
	if (!rc) {
		ltpm->engine = tpm2_engine_create(&cfg);
		rc = ltpm->engine ? htpm_ltpm_power_on(ltpm) : -ENOMEM;
	}
	memzero_explicit(&cfg, sizeof(cfg));
	if (!rc) {
		ltpm->chip = htpm_chip_alloc(ltpm);
		if (IS_ERR(ltpm->chip)) {
			rc = PTR_ERR(ltpm->chip);
			ltpm->chip = NULL;
		}
	}
	if (rc) {
		htpm_ltpm_put(ltpm);
		return ERR_PTR(rc);
	}
	return ltpm;
}

/*
 * Take an LTPM out of the registry; htpm_lock held. With @retire, its
 * namespace lives on and keeps the chip's number reserved; the chip retired
 * before, if any, is returned for the caller to put.
 */
static struct tpm_chip *htpm_ltpm_unlink(struct htpm_ltpm *ltpm, bool retire)
{
	struct htpm_net *hn = net_generic(ltpm->net, htpm_net_id);
	struct tpm_chip *old = NULL;

	if (retire) {
		old = hn->retired;
		get_device(&ltpm->chip->dev);
		hn->retired = ltpm->chip;
	}
	hn->ltpm = NULL;
	xa_erase(&htpm_ltpms, ltpm->id);
	ltpm->net = NULL;
	htpm_nr_ltpms--;
	return old;
}

/* Tear down an LTPM taken out of the registry; htpm_lock not held. */
static void htpm_ltpm_teardown(struct htpm_ltpm *ltpm)
{
	/*
	 * New commands fail with -EPIPE from here on; the one in flight, if
	 * any, completes on the workers while unregister waits for it.
	 */
	WRITE_ONCE(ltpm->dead, true);
	tpm_chip_unregister(ltpm->chip);
	htpm_ltpm_put(ltpm);
}

static void htpm_ltpm_fill_info(struct htpm_ltpm *ltpm,
				struct htpm_ltpm_info *info)
{
	info->id = ltpm->id;
	uuid_copy(&info->uuid, &ltpm->uuid);
	info->netns_ino = ltpm->netns_ino;
	info->tpm_index = ltpm->chip->dev_num;
	info->tpm_devt = ltpm->chip->dev.devt;
	info->tpmrm_devt = ltpm->chip->devs.devt;
	info->commands = atomic64_read(&ltpm->commands);
}

/**
 * htpm_ltpm_create() - create and register the LTPM of a network namespace
 * @net: the namespace; the caller holds a reference for the call's duration
 * @info: filled with the new LTPM's description
 *
 * Return: 0, -EEXIST if @net has an LTPM, -ENOSPC at max_ltpms, -ENOMEM,
 * or the TPM core's error from registration.
 */
int htpm_ltpm_create(struct net *net, struct htpm_ltpm_info *info)
{
	struct htpm_net *hn = net_generic(net, htpm_net_id);
	struct htpm_ltpm *ltpm;
	int rc;

	mutex_lock(&htpm_lock);
	if (hn->ltpm) {
		rc = -EEXIST;
		goto out_unlock;
	}
	if (htpm_nr_ltpms >= htpm_max_ltpms) {
		rc = -ENOSPC;
		goto out_unlock;
	}

	ltpm = htpm_ltpm_alloc();
	if (IS_ERR(ltpm)) {
		rc = PTR_ERR(ltpm);
		goto out_unlock;
	}
	rc = xa_alloc_cyclic(&htpm_ltpms, &ltpm->id, ltpm, xa_limit_32b,
			     &htpm_next_id, GFP_KERNEL);
	if (rc < 0)
		goto out_put;

	/*
	 * Registration runs Startup and the capability queries on the
	 * workers; nothing on that path takes htpm_lock.
	 */
	rc = tpm_chip_register(ltpm->chip);
	if (rc) {
		pr_err("registering an LTPM with the TPM core failed (%d)\n",
		       rc);
		xa_erase(&htpm_ltpms, ltpm->id);
		goto out_put;
	}

	ltpm->net = net;
	ltpm->netns_ino = net->ns.inum;
	hn->ltpm = ltpm;
	htpm_nr_ltpms++;
	htpm_ltpm_fill_info(ltpm, info);
	mutex_unlock(&htpm_lock);
	return 0;

out_put:
	WRITE_ONCE(ltpm->dead, true);
	htpm_ltpm_put(ltpm);
out_unlock:
	mutex_unlock(&htpm_lock);
	return rc;
}

/**
 * htpm_ltpm_destroy_id() - destroy an LTPM by id
 * @id: LTPM id
 *
 * Return: 0 once its devices are gone, or -ENOENT.
 */
int htpm_ltpm_destroy_id(u32 id)
{
	struct tpm_chip *old = NULL;
	struct htpm_ltpm *ltpm;

	mutex_lock(&htpm_lock);
	ltpm = xa_load(&htpm_ltpms, id);
	if (ltpm)
		old = htpm_ltpm_unlink(ltpm, true);
	mutex_unlock(&htpm_lock);
	if (old)
		put_device(&old->dev);
	if (!ltpm)
		return -ENOENT;
	htpm_ltpm_teardown(ltpm);
	return 0;
}

/**
 * htpm_ltpm_init_id() - power-cycle an LTPM (_TPM_Init)
 * @id: LTPM id
 *
 * Queued behind the commands already sent, like any command, so it cannot
 * land in the middle of one.
 *
 * Return: 0 once done, -ENOENT, -EPIPE if the LTPM is being destroyed,
 * -ENOMEM, or -EINTR on a fatal signal (the power cycle still happens).
 */
int htpm_ltpm_init_id(u32 id)
{
	struct htpm_request *req = NULL;
	struct htpm_ltpm *ltpm;
	int rc = 0;

	mutex_lock(&htpm_lock);
	ltpm = xa_load(&htpm_ltpms, id);
	if (!ltpm)
		rc = -ENOENT;
	else if (READ_ONCE(ltpm->dead))
		rc = -EPIPE;
	else
		req = htpm_request_alloc(ltpm);
	if (ltpm && !rc && !req)
		rc = -ENOMEM;
	if (req) {
		req->init = true;
		htpm_pool_submit(&ltpm->queue, &req->node, HTPM_POOL_SHORT);
	}
	mutex_unlock(&htpm_lock);
	if (!req)
		return rc;

	if (wait_for_completion_killable(&req->done))
		rc = -EINTR;
	htpm_request_put(req);
	return rc;
}

/**
 * htpm_ltpm_info_id() - describe an LTPM by id
 * @id: LTPM id
 * @info: filled in
 *
 * Return: 0 or -ENOENT.
 */
int htpm_ltpm_info_id(u32 id, struct htpm_ltpm_info *info)
{
	struct htpm_ltpm *ltpm;

	mutex_lock(&htpm_lock);
	ltpm = xa_load(&htpm_ltpms, id);
	if (ltpm)
		htpm_ltpm_fill_info(ltpm, info);
	mutex_unlock(&htpm_lock);
	return ltpm ? 0 : -ENOENT;
}

/**
 * htpm_ltpm_info_net() - describe the LTPM of a network namespace
 * @net: the namespace, referenced by the caller
 * @info: filled in
 *
 * Return: 0 or -ENOENT.
 */
int htpm_ltpm_info_net(struct net *net, struct htpm_ltpm_info *info)
{
	struct htpm_net *hn = net_generic(net, htpm_net_id);
	struct htpm_ltpm *ltpm;

	mutex_lock(&htpm_lock);
	ltpm = hn->ltpm;
	if (ltpm)
		htpm_ltpm_fill_info(ltpm, info);
	mutex_unlock(&htpm_lock);
	return ltpm ? 0 : -ENOENT;
}

/**
 * htpm_ltpm_list() - ids of the live LTPMs, ascending
 * @ids: output array
 * @max: room in @ids
 *
 * Return: the number of live LTPMs (may exceed @max; then @max were stored).
 */
u32 htpm_ltpm_list(u32 *ids, u32 max)
{
	struct htpm_ltpm *ltpm;
	unsigned long id;
	u32 n = 0;

	mutex_lock(&htpm_lock);
	xa_for_each(&htpm_ltpms, id, ltpm) {
		if (n < max)
			ids[n] = id;
		n++;
	}
	mutex_unlock(&htpm_lock);
	return n;
}

/**
 * htpm_ltpm_count() - number of live LTPMs
 *
 * Return: the count at the time of the call.
 */
unsigned int htpm_ltpm_count(void)
{
	return READ_ONCE(htpm_nr_ltpms);
}

static int __net_init htpm_net_init(struct net *net)
{
	struct htpm_net *hn = net_generic(net, htpm_net_id);

	hn->ltpm = NULL;
	hn->retired = NULL;
	return 0;
}

/* The namespace is going away: so is its LTPM. */
static void __net_exit htpm_net_exit(struct net *net)
{
	struct htpm_net *hn = net_generic(net, htpm_net_id);
	struct tpm_chip *retired;
	struct htpm_ltpm *ltpm;

	mutex_lock(&htpm_lock);
	ltpm = hn->ltpm;
	if (ltpm)
		htpm_ltpm_unlink(ltpm, false);
	retired = hn->retired;
	hn->retired = NULL;
	mutex_unlock(&htpm_lock);
	if (retired)
		put_device(&retired->dev);
	if (ltpm)
		htpm_ltpm_teardown(ltpm);
}

static struct pernet_operations htpm_net_ops = {
	.init = htpm_net_init,
	.exit = htpm_net_exit,
	.id = &htpm_net_id,
	.size = sizeof(struct htpm_net),
};

/**
 * htpm_ltpm_init() - start following network namespaces
 *
 * Return: 0 or a negative errno.
 */
int htpm_ltpm_init(void)
{
	return register_pernet_subsys(&htpm_net_ops);
}

/**
 * htpm_ltpm_exit() - destroy every LTPM (each namespace's exit hook runs)
 */
void htpm_ltpm_exit(void)
{
	unregister_pernet_subsys(&htpm_net_ops);
	WARN_ON(!xa_empty(&htpm_ltpms));
	xa_destroy(&htpm_ltpms);
}
