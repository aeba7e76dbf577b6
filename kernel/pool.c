// SPDX-License-Identifier: GPL-2.0
/*
 * The HTPM worker pool: kernel threads that execute TPM commands for all
 * LTPMs, apart from the callers. A worker takes the LTPM at the head of the
 * runqueue, executes one of its requests and puts it back at the tail, so
 * LTPMs are served round-robin and one container cannot starve another.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "htpm.h"

/* Workers run at a slightly lower priority than ordinary tasks. */
#define HTPM_WORKER_NICE	5

static struct htpm_runqueue htpm_rq;
static DECLARE_WAIT_QUEUE_HEAD(htpm_pool_wq);
static struct task_struct **htpm_workers;
static unsigned int htpm_nr_workers;

static bool htpm_pool_wait_done(void)
{
	return !htpm_runqueue_empty(&htpm_rq) || kthread_should_stop();
}

static int htpm_worker(void *data)
{
	struct htpm_queue *q;

	set_user_nice(current, HTPM_WORKER_NICE);
	for (;;) {
		q = htpm_runqueue_next(&htpm_rq);
		if (q) {
			htpm_ltpm_run(q);
			cond_resched();
			continue;
		}
		/* Stop only with nothing left to run: requests hold LTPMs. */
		if (kthread_should_stop())
			break;
		wait_event_interruptible_exclusive(htpm_pool_wq,
						   htpm_pool_wait_done());
	}
	return 0;
}

/**
 * htpm_pool_submit() - queue a request and get a worker to run it
 * @q: the LTPM's queue
 * @node: the request's link
 */
void htpm_pool_submit(struct htpm_queue *q, struct llist_node *node)
{
	if (htpm_queue_push(&htpm_rq, q, node))
		wake_up(&htpm_pool_wq);
}

/**
 * htpm_pool_done() - give an LTPM's queue back after running one request
 * @q: queue taken off the runqueue by the calling worker
 *
 * The caller must hold a reference on what embeds @q.
 */
void htpm_pool_done(struct htpm_queue *q)
{
	if (htpm_runqueue_done(&htpm_rq, q))
		wake_up(&htpm_pool_wq);
}

/**
 * htpm_pool_workers() - number of worker threads
 *
 * Return: the number of workers started by htpm_pool_init().
 */
unsigned int htpm_pool_workers(void)
{
	return htpm_nr_workers;
}

/**
 * htpm_pool_init() - start the workers
 * @nr_workers: how many; 0 means one per online CPU
 *
 * Return: 0 or a negative errno.
 */
int htpm_pool_init(unsigned int nr_workers)
{
	struct task_struct *t;
	unsigned int i;

	htpm_runqueue_init(&htpm_rq);
	if (!nr_workers)
		nr_workers = num_online_cpus();
	htpm_workers = kcalloc(nr_workers, sizeof(*htpm_workers), GFP_KERNEL);
	if (!htpm_workers)
		return -ENOMEM;

	for (i = 0; i < nr_workers; i++) {
		t = kthread_run(htpm_worker, NULL, "htpm/%u", i);
		if (IS_ERR(t)) {
			pr_err("cannot start worker %u (%ld)\n", i, PTR_ERR(t));
			htpm_pool_exit();
			return PTR_ERR(t);
		}
		htpm_workers[i] = t;
		htpm_nr_workers = i + 1;
	}
	return 0;
}

/**
 * htpm_pool_exit() - stop the workers once every queued request has run
 */
void htpm_pool_exit(void)
{
	unsigned int i;

	for (i = 0; i < htpm_nr_workers; i++)
		kthread_stop(htpm_workers[i]);
	kfree(htpm_workers);
	htpm_workers = NULL;
	htpm_nr_workers = 0;
}
