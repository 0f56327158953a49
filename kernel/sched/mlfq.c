// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-level feedback queue, following the rules in Arpaci-Dusseau's
 * OSTEP (chapter 8):
 *  1. A thread at a higher level (lower number) runs before any lower one.
 *  2. Threads at the same level run round-robin, each for the level's
 *     quantum, which grows with depth (base * growth%^level).
 *  3. A new thread starts at the top level.
 *  4. Once a thread has used its allotment at a level, however many times
 *     it gave up the CPU in between, it moves down one level. Because the
 *     allotment survives yields and sleeps, and time is charged precisely
 *     (not sampled at ticks), yielding just before the quantum or the tick
 *     ends does not keep a thread at the top.
 *  5. Every CONFIG_SCHED_MLFQ_BOOST_MS all threads go back to the top.
 *
 * Blocked threads are not on any queue; rather than walking every thread
 * at a boost, a boost bumps a generation number and a thread that wakes
 * with an old generation is treated as boosted. Boosts are O(queued).
 */
#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/panic.h>
#include <mosaic/sched_policy.h>
#include <mosaic/timer.h>

#define NR_LEVELS CONFIG_SCHED_MLFQ_LEVELS
#define BOTTOM (NR_LEVELS - 1)

BUILD_BUG_ON(NR_LEVELS < 2 || NR_LEVELS > 255);

const char sched_policy_name[] = "mlfq";

static struct list_head mlfq_queue[NR_LEVELS];
static unsigned int mlfq_nr_queued;
static u64 mlfq_quantum[NR_LEVELS];	/* units */
static u64 mlfq_allot[NR_LEVELS];	/* units; bottom level unlimited */
static u64 mlfq_boost_ticks;
static u64 mlfq_ticks_to_boost;
static u32 mlfq_boost_gen;

static void mlfq_init_params(void)
{
	u64 q = ms_to_ticks(CONFIG_SCHED_MLFQ_BASE_QUANTUM_MS);
	unsigned int l;

	q = (q ? q : 1) * SCHED_TICK_UNITS;
	for (l = 0; l < NR_LEVELS; l++) {
		/* Quanta are whole ticks: preemption can only happen then. */
		u64 ticks = DIV_ROUND_UP(q, SCHED_TICK_UNITS);

		mlfq_quantum[l] = ticks * SCHED_TICK_UNITS;
		mlfq_allot[l] = l == BOTTOM ? 0 :
			mlfq_quantum[l] * CONFIG_SCHED_MLFQ_ALLOTMENT_QUANTA;
		q = q * CONFIG_SCHED_MLFQ_QUANTUM_GROWTH_PCT / 100;
	}
	mlfq_boost_ticks = ms_to_ticks(CONFIG_SCHED_MLFQ_BOOST_MS);
	if (!mlfq_boost_ticks)
		mlfq_boost_ticks = 1;
}

void sched_policy_init(void)
{
	unsigned int l;

	for (l = 0; l < NR_LEVELS; l++)
		INIT_LIST_HEAD(&mlfq_queue[l]);
	mlfq_nr_queued = 0;
	mlfq_boost_gen = 0;
	mlfq_init_params();
	mlfq_ticks_to_boost = mlfq_boost_ticks;
}

static void mlfq_reset_to_top(struct sched_entity *se)
{
	se->level = 0;
	se->allot_used = 0;
	se->boost_gen = mlfq_boost_gen;
}

void sched_policy_init_entity(struct sched_entity *se)
{
	INIT_LIST_HEAD(&se->rq_node);
	se->slice_used = 0;
	se->on_rq = false;
	se->expired = false;
	mlfq_reset_to_top(se);
}

void sched_policy_enqueue(struct sched_entity *se,
			  enum sched_enqueue_reason why)
{
	BUG_ON(se->on_rq);
	BUG_ON(se->level > BOTTOM);
	/* Rule 3, and rule 5 for threads that slept through a boost. */
	if (why == SCHED_ENQ_NEW || se->boost_gen != mlfq_boost_gen)
		mlfq_reset_to_top(se);
	/* A fresh quantum per dispatch; the allotment is kept (rule 4). */
	se->slice_used = 0;
	se->expired = false;
	se->on_rq = true;
	list_add_tail(&se->rq_node, &mlfq_queue[se->level]);
	mlfq_nr_queued++;
}

void sched_policy_dequeue(struct sched_entity *se)
{
	if (!se->on_rq)
		return;
	list_del_init(&se->rq_node);
	se->on_rq = false;
	mlfq_nr_queued--;
}

/* Highest non-empty level, or NR_LEVELS if nothing is queued. */
static unsigned int mlfq_top_level(void)
{
	unsigned int l;

	for (l = 0; l < NR_LEVELS; l++)
		if (!list_empty(&mlfq_queue[l]))
			return l;
	return NR_LEVELS;
}

struct sched_entity *sched_policy_pick_next(void)
{
	unsigned int l = mlfq_top_level();
	struct sched_entity *se;

	if (l == NR_LEVELS)
		return NULL;
	se = list_first_entry(&mlfq_queue[l], struct sched_entity, rq_node);
	sched_policy_dequeue(se);
	return se;
}

void sched_policy_charge(struct sched_entity *se, u64 units)
{
	se->slice_used += units;
	if (se->level == BOTTOM)
		return;
	se->allot_used += units;
	if (se->allot_used >= mlfq_allot[se->level]) {
		/* Rule 4: down one level with a fresh allotment. */
		se->level++;
		se->allot_used = 0;
		se->expired = true;
	}
}

/* Rule 5: everything goes back to the top, queued threads in level order. */
static void mlfq_boost(struct sched_entity *curr)
{
	struct sched_entity *se, *n;
	unsigned int l;

	mlfq_boost_gen++;
	/* Level 0 first so the queue order stays: old top, then the rest. */
	for (l = 0; l < NR_LEVELS; l++) {
		list_for_each_entry_safe(se, n, &mlfq_queue[l], rq_node) {
			if (l)
				list_move_tail(&se->rq_node, &mlfq_queue[0]);
			mlfq_reset_to_top(se);
		}
	}
	if (curr)
		mlfq_reset_to_top(curr);
}

bool sched_policy_tick(struct sched_entity *curr)
{
	unsigned int top;

	if (--mlfq_ticks_to_boost == 0) {
		mlfq_ticks_to_boost = mlfq_boost_ticks;
		mlfq_boost(curr);
	}
	if (!curr)
		return false;
	top = mlfq_top_level();
	/* Rule 1: a thread at a higher level is waiting. */
	if (top < curr->level)
		return true;
	if (curr->expired || curr->slice_used >= mlfq_quantum[curr->level]) {
		curr->expired = false;
		/* Rule 2: round-robin with the threads of the same level. */
		if (top <= curr->level)
			return true;
		/* Nobody at this level or above: keep running, new quantum. */
		curr->slice_used = 0;
	}
	return false;
}

void sched_policy_block(struct sched_entity *se)
{
	/* The allotment is deliberately kept across blocking (rule 4). */
	se->expired = false;
}

unsigned int sched_policy_nr_queued(void)
{
	return mlfq_nr_queued;
}

unsigned int sched_policy_nr_levels(void)
{
	return NR_LEVELS;
}

u64 sched_policy_quantum(unsigned int level)
{
	return level < NR_LEVELS ? mlfq_quantum[level] : 0;
}

u64 sched_policy_allotment(unsigned int level)
{
	return level < NR_LEVELS ? mlfq_allot[level] : 0;
}

u64 sched_policy_boost_ticks(void)
{
	return mlfq_boost_ticks;
}
