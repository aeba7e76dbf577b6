// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the per-LTPM queues and the round-robin runqueue.
 */

#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "../queue.h"

struct item {
	struct llist_node node;
	int owner;
	int seq;
};

static struct item *pop_item(struct htpm_queue *q)
{
	struct llist_node *n = htpm_queue_pop(q);

	return n ? container_of(n, struct item, node) : NULL;
}

/* One queue: requests come out in the order they went in. */
static void htpm_queue_fifo(struct kunit *test)
{
	struct htpm_runqueue rq;
	struct htpm_queue q;
	struct item items[8];
	struct item *it;
	int i;

	htpm_runqueue_init(&rq);
	htpm_queue_init(&q);
	KUNIT_EXPECT_NULL(test, htpm_queue_pop(&q));

	for (i = 0; i < 8; i++) {
		items[i].seq = i;
		/* Only the first push schedules the queue. */
		KUNIT_EXPECT_EQ(test, htpm_queue_push(&rq, &q, &items[i].node),
				i == 0);
		/* Interleave pops with pushes: order must still hold. */
		if (i == 3) {
			it = pop_item(&q);
			KUNIT_ASSERT_NOT_NULL(test, it);
			KUNIT_EXPECT_EQ(test, it->seq, 0);
		}
	}
	for (i = 1; i < 8; i++) {
		it = pop_item(&q);
		KUNIT_ASSERT_NOT_NULL(test, it);
		KUNIT_EXPECT_EQ(test, it->seq, i);
	}
	KUNIT_EXPECT_NULL(test, htpm_queue_pop(&q));
}

/* A queue is on the runqueue once, however many requests it has. */
static void htpm_runqueue_once(struct kunit *test)
{
	struct htpm_runqueue rq;
	struct htpm_queue q;
	struct item items[3];
	int i;

	htpm_runqueue_init(&rq);
	htpm_queue_init(&q);
	KUNIT_EXPECT_TRUE(test, htpm_runqueue_empty(&rq));
	KUNIT_EXPECT_NULL(test, htpm_runqueue_next(&rq));

	for (i = 0; i < 3; i++)
		htpm_queue_push(&rq, &q, &items[i].node);
	KUNIT_EXPECT_EQ(test, rq.nr, 1U);
	KUNIT_EXPECT_PTR_EQ(test, htpm_runqueue_next(&rq), &q);
	KUNIT_EXPECT_NULL(test, htpm_runqueue_next(&rq));

	/* Pushing while a worker owns the queue does not schedule it. */
	KUNIT_EXPECT_FALSE(test, htpm_queue_push(&rq, &q, &items[0].node));
	KUNIT_EXPECT_TRUE(test, htpm_runqueue_empty(&rq));
}

/*
 * Three busy queues and a single worker: each gets one request served per
 * round, in round-robin order, until all are drained.
 */
static void htpm_runqueue_round_robin(struct kunit *test)
{
	static const int counts[3] = { 3, 1, 2 };
	/* owner, seq, whether the queue goes back on the runqueue */
	static const int expect[][3] = {
		{ 0, 0, 1 }, { 1, 0, 0 }, { 2, 0, 1 },
		{ 0, 1, 1 }, { 2, 1, 0 },
		{ 0, 2, 0 },
	};
	struct item items[3][3];
	struct htpm_runqueue rq;
	struct htpm_queue q[3];
	struct htpm_queue *cur;
	struct item *it;
	int i, j;

	htpm_runqueue_init(&rq);
	for (i = 0; i < 3; i++) {
		htpm_queue_init(&q[i]);
		for (j = 0; j < counts[i]; j++) {
			items[i][j].owner = i;
			items[i][j].seq = j;
			htpm_queue_push(&rq, &q[i], &items[i][j].node);
		}
	}

	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		cur = htpm_runqueue_next(&rq);
		KUNIT_ASSERT_NOT_NULL(test, cur);
		it = pop_item(cur);
		KUNIT_ASSERT_NOT_NULL(test, it);
		KUNIT_EXPECT_EQ(test, it->owner, expect[i][0]);
		KUNIT_EXPECT_EQ(test, it->seq, expect[i][1]);
		KUNIT_EXPECT_EQ(test, htpm_runqueue_done(&rq, cur),
				(bool)expect[i][2]);
	}
	KUNIT_EXPECT_TRUE(test, htpm_runqueue_empty(&rq));
	KUNIT_EXPECT_NULL(test, htpm_runqueue_next(&rq));
}

/* A request pushed while the worker finishes is not lost. */
static void htpm_runqueue_done_rechecks(struct kunit *test)
{
	struct htpm_runqueue rq;
	struct htpm_queue q;
	struct item a, b;

	htpm_runqueue_init(&rq);
	htpm_queue_init(&q);
	htpm_queue_push(&rq, &q, &a.node);
	KUNIT_ASSERT_PTR_EQ(test, htpm_runqueue_next(&rq), &q);
	KUNIT_ASSERT_PTR_EQ(test, pop_item(&q), &a);
	/* Arrives after the pop, before done(): push sees it scheduled. */
	KUNIT_EXPECT_FALSE(test, htpm_queue_push(&rq, &q, &b.node));
	KUNIT_EXPECT_TRUE(test, htpm_runqueue_done(&rq, &q));
	KUNIT_ASSERT_PTR_EQ(test, htpm_runqueue_next(&rq), &q);
	KUNIT_EXPECT_PTR_EQ(test, pop_item(&q), &b);
	KUNIT_EXPECT_FALSE(test, htpm_runqueue_done(&rq, &q));
	/* Unscheduled now: the next push schedules it again. */
	KUNIT_EXPECT_TRUE(test, htpm_queue_push(&rq, &q, &a.node));
}

#define STRESS_PRODUCERS	4
#define STRESS_PER_PRODUCER	2000

struct stress {
	struct htpm_runqueue rq;
	struct htpm_queue q;
	struct item *items;
	atomic_t started;
};

static int stress_producer(void *data)
{
	struct item *base = data;
	struct stress *s = (void *)base[0].node.next;
	int i;

	atomic_inc(&s->started);
	for (i = 0; i < STRESS_PER_PRODUCER; i++)
		htpm_queue_push(&s->rq, &s->q, &base[i + 1].node);
	return 0;
}

/*
 * Concurrent producers against one consumer: every request comes out
 * exactly once, and each producer's requests in the order it pushed them.
 */
static void htpm_queue_concurrent(struct kunit *test)
{
	int last[STRESS_PRODUCERS], got = 0, i;
	bool ok = true;
	struct task_struct *t[STRESS_PRODUCERS];
	struct item *slots[STRESS_PRODUCERS];
	struct htpm_queue *cur;
	struct stress *s;
	struct item *it;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	htpm_runqueue_init(&s->rq);
	htpm_queue_init(&s->q);

	for (i = 0; i < STRESS_PRODUCERS; i++) {
		int j;

		slots[i] = kunit_kcalloc(test, STRESS_PER_PRODUCER + 1,
					 sizeof(struct item), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, slots[i]);
		/* Slot 0 carries the shared state to the thread. */
		slots[i][0].node.next = (void *)s;
		for (j = 1; j <= STRESS_PER_PRODUCER; j++) {
			slots[i][j].owner = i;
			slots[i][j].seq = j - 1;
		}
		last[i] = -1;
	}
	for (i = 0; i < STRESS_PRODUCERS; i++) {
		t[i] = kthread_create(stress_producer, slots[i],
				      "htpm-kunit-%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
		get_task_struct(t[i]);
		wake_up_process(t[i]);
	}

	while (ok && got < STRESS_PRODUCERS * STRESS_PER_PRODUCER) {
		cur = htpm_runqueue_next(&s->rq);
		if (!cur) {
			cond_resched();
			continue;
		}
		it = pop_item(cur);
		ok = cur == &s->q && it && it->seq == last[it->owner] + 1;
		if (ok) {
			last[it->owner] = it->seq;
			got++;
		}
		htpm_runqueue_done(&s->rq, cur);
	}
	/* Producers do not stop early: this waits for all their pushes. */
	for (i = 0; i < STRESS_PRODUCERS; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	KUNIT_EXPECT_TRUE(test, ok);
	KUNIT_EXPECT_EQ(test, got, STRESS_PRODUCERS * STRESS_PER_PRODUCER);
	KUNIT_EXPECT_TRUE(test, htpm_runqueue_empty(&s->rq));
	KUNIT_EXPECT_NULL(test, htpm_queue_pop(&s->q));
}

static struct kunit_case htpm_queue_cases[] = {
	KUNIT_CASE(htpm_queue_fifo),
	KUNIT_CASE(htpm_runqueue_once),
	KUNIT_CASE(htpm_runqueue_round_robin),
	KUNIT_CASE(htpm_runqueue_done_rechecks),
	KUNIT_CASE(htpm_queue_concurrent),
	{}
};

static struct kunit_suite htpm_queue_suite = {
	.name = "htpm_queue",
	.test_cases = htpm_queue_cases,
};

kunit_test_suite(htpm_queue_suite);

MODULE_LICENSE("GPL");
