/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-LTPM request queues and the runqueue that the worker pool serves.
 *
 * Each LTPM owns one htpm_queue: a lock-free multi-producer FIFO (an llist
 * that producers push onto, drained in order by the one worker that owns
 * the queue at a time). A queue with pending requests sits on the
 * runqueue exactly once; a worker takes the queue at the head, runs one
 * request and puts the queue back at the tail if more are pending. So
 * requests of one LTPM run one at a time in FIFO order, and busy LTPMs
 * share the workers round-robin.
 *
 * This file has no dependency on the TPM core, so KUnit tests it alone.
 */
#ifndef _HTPM_QUEUE_H
#define _HTPM_QUEUE_H

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/spinlock.h>

/**
 * struct htpm_queue - one LTPM's request FIFO
 * @in: where producers push, newest first (lock-free)
 * @fifo: requests taken from @in, oldest first; owned by the worker that
 *	took this queue off the runqueue
 * @rq_node: link on the runqueue while scheduled
 * @scheduled: bit 0 set while the queue is on the runqueue or being run
 */
struct htpm_queue {
	struct llist_head in;
	struct llist_node *fifo;
	struct list_head rq_node;
	unsigned long scheduled;
};

/**
 * struct htpm_runqueue - queues with pending requests, served round-robin
 * @lock: protects @list and @nr
 * @list: scheduled queues, next to serve first
 * @nr: number of queues on @list
 */
struct htpm_runqueue {
	spinlock_t lock;		/* protects list and nr */
	struct list_head list;
	unsigned int nr;
};

void htpm_queue_init(struct htpm_queue *q);
bool htpm_queue_push(struct htpm_runqueue *rq, struct htpm_queue *q,
		     struct llist_node *node);
struct llist_node *htpm_queue_pop(struct htpm_queue *q);

void htpm_runqueue_init(struct htpm_runqueue *rq);
struct htpm_queue *htpm_runqueue_next(struct htpm_runqueue *rq);
bool htpm_runqueue_done(struct htpm_runqueue *rq, struct htpm_queue *q);
bool htpm_runqueue_empty(struct htpm_runqueue *rq);

#endif /* _HTPM_QUEUE_H */
