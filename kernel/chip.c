// SPDX-License-Identifier: GPL-2.0
/*
 * The seam between an LTPM and the kernel TPM core: tpm_class_ops.
 *
 * The core serialises commands per chip (tpm_mutex) and, because the chip
 * has TPM_CHIP_FLAG_IRQ, calls recv() straight after send() instead of
 * polling status(). send() queues the command for the worker pool; recv()
 * sleeps until a worker has executed it.
 */

#include <linux/slab.h>
#include <linux/string.h>

#include "htpm.h"
#include "tpm_core.h"

#define HTPM_STS_DONE		BIT(0)
#define HTPM_STS_CANCELED	BIT(1)

static struct kmem_cache *htpm_request_cache;

static void htpm_request_free(struct kref *ref)
{
	struct htpm_request *req = container_of(ref, struct htpm_request, ref);
	struct htpm_ltpm *ltpm = req->ltpm;

	/* Commands and responses can carry secrets. */
	memzero_explicit(req->cmd, req->cmd_len);
	memzero_explicit(req->rsp, req->rsp_len);
	kmem_cache_free(htpm_request_cache, req);
	htpm_ltpm_put(ltpm);
}

/**
 * htpm_request_put() - drop a reference on a request
 * @req: request
 */
void htpm_request_put(struct htpm_request *req)
{
	kref_put(&req->ref, htpm_request_free);
}

/**
 * htpm_request_alloc() - a new request for an LTPM
 * @ltpm: the LTPM; the request takes a reference on it
 *
 * The request starts with two references: the submitter's and the queue's.
 *
 * Return: the request, or NULL when memory is short.
 */
struct htpm_request *htpm_request_alloc(struct htpm_ltpm *ltpm)
{
	struct htpm_request *req;

	req = kmem_cache_alloc(htpm_request_cache, GFP_KERNEL);
	if (!req)
		return NULL;
	kref_init(&req->ref);
	kref_get(&req->ref);
	init_completion(&req->done);
	kref_get(&ltpm->ref);
	req->ltpm = ltpm;
	req->cancelled = false;
	req->init = false;
	req->cmd_len = 0;
	req->rsp_len = 0;
	return req;
}

static struct htpm_ltpm *htpm_chip_ltpm(struct tpm_chip *chip)
{
	return dev_get_drvdata(&chip->dev);
}

static int htpm_chip_send(struct tpm_chip *chip, u8 *buf, size_t len)
{
	struct htpm_ltpm *ltpm = htpm_chip_ltpm(chip);
	struct htpm_request *req;

	if (READ_ONCE(ltpm->dead))
		return -EPIPE;
	if (len > TPM2_MAX_COMMAND_SIZE)
		return -E2BIG;
	if (WARN_ON_ONCE(ltpm->cur))
		return -EBUSY;

	/* One reference for recv(), one for the queue. */
	req = htpm_request_alloc(ltpm);
	if (!req)
		return -ENOMEM;
	req->cmd_len = len;
	memcpy(req->cmd, buf, len);

	ltpm->cur = req;
	htpm_pool_submit(&ltpm->queue, &req->node,
			 tpm2_engine_cmd_is_long(req->cmd, len) ?
			 HTPM_POOL_LONG : HTPM_POOL_SHORT);
	return 0;
}

static int htpm_chip_recv(struct tpm_chip *chip, u8 *buf, size_t len)
{
	struct htpm_ltpm *ltpm = htpm_chip_ltpm(chip);
	struct htpm_request *req = ltpm->cur;
	int rc;

	if (!req)
		return -EIO;

	/*
	 * A fatal signal marks the command cancelled, which stops a long
	 * operation at its next cancel point with TPM_RC_CANCELED; then the
	 * wait goes on. Every command is executed and its real response
	 * returned: the kernel's resource manager keeps sending its own
	 * ContextLoad, ContextSave and FlushContext for a dying process, and
	 * it must see them done (and see the objects a command created), or
	 * the LTPM keeps objects no one will flush and the core logs errors
	 * a container could repeat at will.
	 */
	if (wait_for_completion_killable(&req->done)) {
		WRITE_ONCE(req->cancelled, true);
		wait_for_completion(&req->done);
	}
	if (req->rsp_len > len) {
		rc = -EIO;
	} else {
		memcpy(buf, req->rsp, req->rsp_len);
		rc = req->rsp_len;
	}
	ltpm->cur = NULL;
	htpm_request_put(req);
	return rc;
}

static void htpm_chip_cancel(struct tpm_chip *chip)
{
	struct htpm_request *req = htpm_chip_ltpm(chip)->cur;

	if (req)
		WRITE_ONCE(req->cancelled, true);
}

static u8 htpm_chip_status(struct tpm_chip *chip)
{
	struct htpm_request *req = htpm_chip_ltpm(chip)->cur;
	u8 sts = 0;

	if (!req || completion_done(&req->done))
		sts |= HTPM_STS_DONE;
	if (req && READ_ONCE(req->cancelled))
		sts |= HTPM_STS_CANCELED;
	return sts;
}

static bool htpm_chip_req_canceled(struct tpm_chip *chip, u8 status)
{
	return status & HTPM_STS_CANCELED;
}

static const struct tpm_class_ops htpm_chip_ops = {
	.flags = TPM_OPS_AUTO_STARTUP,
	.req_complete_mask = HTPM_STS_DONE,
	.req_complete_val = HTPM_STS_DONE,
	.req_canceled = htpm_chip_req_canceled,
	.recv = htpm_chip_recv,
	.send = htpm_chip_send,
	.cancel = htpm_chip_cancel,
	.status = htpm_chip_status,
};

/**
 * htpm_chip_alloc() - allocate, but do not register, an LTPM's chip
 * @ltpm: the LTPM the chip's commands go to
 *
 * Return: the chip (release with put_device(&chip->dev)) or an ERR_PTR.
 */
struct tpm_chip *htpm_chip_alloc(struct htpm_ltpm *ltpm)
{
	struct tpm_chip *chip;

	chip = tpm_chip_alloc(NULL, &htpm_chip_ops);
	if (IS_ERR(chip))
		return chip;
	/*
	 * A virtual TPM 2.0 that signals completion itself and must not feed
	 * the host's entropy pool with numbers a container can observe.
	 */
	chip->flags |= TPM_CHIP_FLAG_TPM2 | TPM_CHIP_FLAG_VIRTUAL |
		       TPM_CHIP_FLAG_IRQ | TPM_CHIP_FLAG_HWRNG_DISABLED;
	dev_set_drvdata(&chip->dev, ltpm);
	return chip;
}

/**
 * htpm_chip_init() - create the request cache
 *
 * Return: 0 or -ENOMEM.
 */
int htpm_chip_init(void)
{
	htpm_request_cache = KMEM_CACHE(htpm_request, 0);
	return htpm_request_cache ? 0 : -ENOMEM;
}

/**
 * htpm_chip_exit() - destroy the request cache; every request is freed
 */
void htpm_chip_exit(void)
{
	kmem_cache_destroy(htpm_request_cache);
}
