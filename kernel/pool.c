// SPDX-License-Identifier: GPL-2.0
/*
 * The HTPM worker pool: kernel threads that execute TPM commands for all
 * LTPMs, apart from the callers. A worker takes the LTPM at the head of its
 * runqueue, executes one of its requests and puts it back at the tail, so
 * LTPMs are served round-robin and one container cannot starve another.
 *
 * Commands that may generate a key (seconds of RSA prime search) go to a
 * second set of workers with their own runqueue, at the lowest priority:
 * the patent's "RSA work at lower priority". A short command never waits
 * behind one of them for a worker, and when both kinds compete for a CPU
 * the scheduler gives the short ones nearly all of it.
 *
 * The short workers are bound one to each CPU, and a submitter wakes the
 * worker of its own CPU when that one is idle: the caller goes to sleep in
 * recv() right after, so the command runs where its bytes were just
 * written, with two context switches and no cross-CPU wake-up. (Under
 * emulation a wake-up on another virtual CPU costs milliseconds.) Busy
 * local workers leave the wake-up to any idle worker.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "htpm.h"

/**
 * struct htpm_worker - one worker thread
 * @task: the thread
 * @pc: its class
 * @cpu: the CPU it is bound to, or -1
 * @idle: waiting for work
 */
struct htpm_worker {
	struct task_struct *task;
	struct htpm_pool_class *pc;
	int cpu;
	bool idle;
};

/**
 * struct htpm_pool_class - one set of workers and the LTPMs it serves
 * @rq: LTPMs with a request of this class waiting
 * @wq: where idle workers of the class wait
 * @workers: the workers
 * @nr_workers: how many were started
 * @nice: their nice level
 * @bound: its workers are bound to CPUs, and woken on the submitter's
 * @name: thread name prefix
 */
struct htpm_pool_class {
	struct htpm_runqueue rq;
	wait_queue_head_t wq;
	struct htpm_worker *workers;
	unsigned int nr_workers;
	int nice;
	bool bound;
	const char *name;
};

/*
 * Short commands run slightly below ordinary tasks; key generation at the
 * lowest priority there is for a normal thread (weight 15 against 335).
 */
static struct htpm_pool_class htpm_classes[] = {
	[HTPM_POOL_SHORT] = { .nice = 5, .bound = true, .name = "htpm" },
	[HTPM_POOL_LONG] = { .nice = MAX_NICE, .name = "htpm-long" },
};

/* The short worker bound to each CPU, if any */
static DEFINE_PER_CPU(struct htpm_worker *, htpm_local_worker);

static bool htpm_pool_wait_done(struct htpm_pool_class *pc)
{
	return !htpm_runqueue_empty(&pc->rq) || kthread_should_stop();
}

/*
 * A worker lends its engine working memory to each command it runs (without
 * it, the engine takes some for each command itself).
 */
static int htpm_worker(void *data)
{
	struct tpm2_scratch *scratch = tpm2_scratch_create();
	struct htpm_worker *w = data;
	struct htpm_pool_class *pc = w->pc;
	struct htpm_queue *q;

	set_user_nice(current, pc->nice);
	for (;;) {
		q = htpm_runqueue_next(&pc->rq);
		if (q) {
			htpm_ltpm_run(q, scratch);
			cond_resched();
			continue;
		}
		/* Stop only with nothing left to run: requests hold LTPMs. */
		if (kthread_should_stop())
			break;
		WRITE_ONCE(w->idle, true);
		wait_event_interruptible_exclusive(pc->wq,
						   htpm_pool_wait_done(pc));
		WRITE_ONCE(w->idle, false);
	}
	tpm2_scratch_destroy(scratch);
	return 0;
}

/**
 * htpm_pool_submit() - queue a request and get a worker to run it
 * @q: the LTPM's queue
 * @node: the request's link
 * @class: enum htpm_pool_class_id: the workers that should run it
 *
 * The class decides only when this push schedules @q; an LTPM has at most
 * one command in flight (the TPM core serialises them), so that is the
 * class of its next request.
 */
void htpm_pool_submit(struct htpm_queue *q, struct llist_node *node,
		      unsigned int class)
{
	struct htpm_pool_class *pc = &htpm_classes[class];
	struct htpm_worker *w;

	if (!htpm_queue_push(&pc->rq, q, node))
		return;
	if (pc->bound) {
		w = this_cpu_read(htpm_local_worker);
		if (w && READ_ONCE(w->idle) && wake_up_process(w->task))
			return;
	}
	wake_up(&pc->wq);
}

/**
 * htpm_pool_done() - give an LTPM's queue back after running one request
 * @q: queue taken off a runqueue by the calling worker
 *
 * Requests still pending go to the short workers. The caller must hold a
 * reference on what embeds @q.
 */
void htpm_pool_done(struct htpm_queue *q)
{
	struct htpm_pool_class *pc = &htpm_classes[HTPM_POOL_SHORT];

	if (htpm_runqueue_done(&pc->rq, q))
		wake_up(&pc->wq);
}

/**
 * htpm_pool_workers() - number of worker threads for short commands
 *
 * Return: the number of short-command workers htpm_pool_init() started;
 * as many run key generations.
 */
unsigned int htpm_pool_workers(void)
{
	return htpm_classes[HTPM_POOL_SHORT].nr_workers;
}

/*
 * Worker @i of a bound class goes to the i-th online CPU (round and round
 * when there are more workers than CPUs); the first one there is the one
 * its submitters wake. CPUs that come online later have none of their own.
 */
static int htpm_worker_cpu(unsigned int i)
{
	unsigned int n = i % num_online_cpus();
	int cpu;

	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return -1;
}

static int htpm_pool_class_start(struct htpm_pool_class *pc, unsigned int n)
{
	struct htpm_worker *w;
	struct task_struct *t;
	unsigned int i;

	htpm_runqueue_init(&pc->rq);
	init_waitqueue_head(&pc->wq);
	pc->workers = kcalloc(n, sizeof(*pc->workers), GFP_KERNEL);
	if (!pc->workers)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		w = &pc->workers[i];
		w->pc = pc;
		w->cpu = pc->bound ? htpm_worker_cpu(i) : -1;
		t = kthread_create(htpm_worker, w, "%s/%u", pc->name, i);
		if (IS_ERR(t)) {
			pr_err("cannot start worker %s/%u (%ld)\n", pc->name, i,
			       PTR_ERR(t));
			return PTR_ERR(t);
		}
		if (w->cpu >= 0) {
			kthread_bind(t, w->cpu);
			if (!per_cpu(htpm_local_worker, w->cpu))
				per_cpu(htpm_local_worker, w->cpu) = w;
		}
		w->task = t;
		pc->nr_workers = i + 1;
		wake_up_process(t);
	}
	return 0;
}

static void htpm_pool_class_stop(struct htpm_pool_class *pc)
{
	unsigned int i;
	int cpu;

	if (pc->bound)
		for_each_possible_cpu(cpu)
			per_cpu(htpm_local_worker, cpu) = NULL;
	/* No submitter runs now: nothing can wake a worker being stopped. */
	for (i = 0; i < pc->nr_workers; i++)
		kthread_stop(pc->workers[i].task);
	kfree(pc->workers);
	pc->workers = NULL;
	pc->nr_workers = 0;
}

/**
 * htpm_pool_init() - start the workers
 * @nr_workers: how many of each class; 0 means one per online CPU
 *
 * Return: 0 or a negative errno.
 */
int htpm_pool_init(unsigned int nr_workers)
{
	unsigned int i;
	int rc;

	if (!nr_workers)
		nr_workers = num_online_cpus();
	for (i = 0; i < ARRAY_SIZE(htpm_classes); i++) {
		rc = htpm_pool_class_start(&htpm_classes[i], nr_workers);
		if (rc) {
			htpm_pool_exit();
			return rc;
		}
	}
	return 0;
}

/**
 * htpm_pool_exit() - stop the workers once every queued request has run
 *
 * The long workers stop first: a request they still run may leave its LTPM
 * with more requests for the short ones.
 */
void htpm_pool_exit(void)
{
	htpm_pool_class_stop(&htpm_classes[HTPM_POOL_LONG]);
	htpm_pool_class_stop(&htpm_classes[HTPM_POOL_SHORT]);
}
