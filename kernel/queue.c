// SPDX-License-Identifier: GPL-2.0
/*
 * Per-LTPM lock-free request queues and the round-robin runqueue.
 * See queue.h for the protocol.
 */

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/export.h>

#include "queue.h"

#define HTPM_QUEUE_SCHEDULED	0

/**
 * htpm_queue_init() - initialise an empty, unscheduled queue
 * @q: queue
 */
void htpm_queue_init(struct htpm_queue *q)
{
	init_llist_head(&q->in);
	q->fifo = NULL;
	INIT_LIST_HEAD(&q->rq_node);
	q->scheduled = 0;
}

static void htpm_runqueue_add(struct htpm_runqueue *rq, struct htpm_queue *q)
{
	spin_lock(&rq->lock);
	list_add_tail(&q->rq_node, &rq->list);
	rq->nr++;
	spin_unlock(&rq->lock);
}

/**
 * htpm_queue_push() - append a request to a queue; schedule the queue
 * @rq: runqueue the queue is served from
 * @q: queue
 * @node: the request's link
 *
 * Safe against concurrent pushes and a concurrent worker.
 *
 * Return: true if this push put @q on @rq, so a worker must be woken.
 */
bool htpm_queue_push(struct htpm_runqueue *rq, struct htpm_queue *q,
		     struct llist_node *node)
{
	llist_add(node, &q->in);
	/* Pairs with the barrier in htpm_runqueue_done(). */
	smp_mb__before_atomic();
	if (test_and_set_bit(HTPM_QUEUE_SCHEDULED, &q->scheduled))
		return false;
	htpm_runqueue_add(rq, q);
	return true;
}

/**
 * htpm_queue_pop() - take the oldest request of a queue
 * @q: queue, owned by the caller (taken with htpm_runqueue_next())
 *
 * Return: the request's link, or NULL if the queue is empty.
 */
struct llist_node *htpm_queue_pop(struct htpm_queue *q)
{
	struct llist_node *node;

	if (!q->fifo)
		q->fifo = llist_reverse_order(llist_del_all(&q->in));
	node = q->fifo;
	if (node)
		q->fifo = node->next;
	return node;
}

/**
 * htpm_runqueue_init() - initialise an empty runqueue
 * @rq: runqueue
 */
void htpm_runqueue_init(struct htpm_runqueue *rq)
{
	spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->list);
	rq->nr = 0;
}

/**
 * htpm_runqueue_next() - take the queue to serve next
 * @rq: runqueue
 *
 * The caller owns the returned queue until htpm_runqueue_done(): no other
 * worker pops from it meanwhile.
 *
 * Return: the queue at the head of @rq, or NULL if @rq is empty.
 */
struct htpm_queue *htpm_runqueue_next(struct htpm_runqueue *rq)
{
	struct htpm_queue *q;

	spin_lock(&rq->lock);
	q = list_first_entry_or_null(&rq->list, struct htpm_queue, rq_node);
	if (q) {
		list_del_init(&q->rq_node);
		rq->nr--;
	}
	spin_unlock(&rq->lock);
	return q;
}

/**
 * htpm_runqueue_done() - give a queue back after serving one request
 * @rq: runqueue
 * @q: queue taken with htpm_runqueue_next()
 *
 * Puts @q back at the tail of @rq if requests are pending, so other queues
 * are served first; otherwise unschedules it. After this the caller must
 * not touch @q (nor what embeds it) unless it holds a reference of its own.
 *
 * Return: true if @q went back on @rq.
 */
bool htpm_runqueue_done(struct htpm_runqueue *rq, struct htpm_queue *q)
{
	if (q->fifo || !llist_empty(&q->in)) {
		htpm_runqueue_add(rq, q);
		return true;
	}
	clear_bit(HTPM_QUEUE_SCHEDULED, &q->scheduled);
	/*
	 * A producer that pushed after our check saw the bit still set and
	 * left scheduling to us: look again now that the bit is clear.
	 */
	smp_mb__after_atomic();
	if (llist_empty(&q->in) ||
	    test_and_set_bit(HTPM_QUEUE_SCHEDULED, &q->scheduled))
		return false;
	htpm_runqueue_add(rq, q);
	return true;
}

/**
 * htpm_runqueue_empty() - whether no queue waits to be served
 * @rq: runqueue
 *
 * Return: true if @rq is empty at the time of the call.
 */
bool htpm_runqueue_empty(struct htpm_runqueue *rq)
{
	return !READ_ONCE(rq->nr);
}
