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
#include <mosaic/trace.h>

#include "mlfq.h"

#define NR_LEVELS CONFIG_SCHED_MLFQ_LEVELS
#define BOTTOM (NR_LEVELS - 1)

BUILD_BUG_ON(NR_LEVELS < 2 || NR_LEVELS > 255);

struct mlfq_rq {
	struct list_head queue[NR_LEVELS];
	unsigned int nr_queued;
	u64 ticks_to_boost;
	u32 boost_gen;
};

SCHED_POLICY_PRIV_FITS(struct mlfq_entity, struct mlfq_rq);

/* Parameters from Kconfig, the same for every rq. */
static u64 mlfq_quantum[NR_LEVELS];	/* units */
static u64 mlfq_allot[NR_LEVELS];	/* units; bottom level unlimited */
static u64 mlfq_boost_ticks;

static struct mlfq_entity *mlfq_se(struct sched_entity *se)
{
	return sched_entity_priv(se);
}

static struct mlfq_rq *mlfq_rq(struct rq *rq)
{
	return sched_rq_priv(rq);
}

static void mlfq_init_params(void)
{
	u64 q = ms_to_ticks(CONFIG_SCHED_MLFQ_BASE_QUANTUM_MS);
	u64 qmax = ms_to_ticks(CONFIG_SCHED_MLFQ_MAX_QUANTUM_MS);
	u64 sum_allot = 0, min_boost;
	unsigned int l;

	q = (q ? q : 1) * SCHED_TICK_UNITS;
	qmax = MAX(qmax * SCHED_TICK_UNITS, q);
	for (l = 0; l < NR_LEVELS; l++) {
		/* Quanta are whole ticks: preemption can only happen then. */
		u64 ticks = DIV_ROUND_UP(MIN(q, qmax), SCHED_TICK_UNITS);

		mlfq_quantum[l] = ticks * SCHED_TICK_UNITS;
		mlfq_allot[l] = l == BOTTOM ? 0 :
			mlfq_quantum[l] * CONFIG_SCHED_MLFQ_ALLOTMENT_QUANTA;
		sum_allot += mlfq_allot[l];
		q = MIN(q * CONFIG_SCHED_MLFQ_QUANTUM_GROWTH_PCT / 100, qmax);
	}
	/*
	 * A boost period shorter than the way down would keep every thread
	 * at the upper levels, and MLFQ would be round robin with extra
	 * steps: the period is at least twice the allotments plus a top
	 * quantum, so a hog reaches the bottom within one.
	 */
	min_boost = (2 * sum_allot + mlfq_quantum[0]) / SCHED_TICK_UNITS;
	mlfq_boost_ticks = MAX(ms_to_ticks(CONFIG_SCHED_MLFQ_BOOST_MS),
			       min_boost);
}

static void mlfq_init_rq(struct rq *rq)
{
	struct mlfq_rq *mrq = mlfq_rq(rq);
	unsigned int l;

	for (l = 0; l < NR_LEVELS; l++)
		INIT_LIST_HEAD(&mrq->queue[l]);
	mrq->nr_queued = 0;
	mrq->boost_gen = 0;
	mlfq_init_params();
	mrq->ticks_to_boost = mlfq_boost_ticks;
}

static void mlfq_reset_to_top(struct mlfq_rq *mrq, struct mlfq_entity *me)
{
	me->level = 0;
	me->allot_used = 0;
	me->boost_gen = mrq->boost_gen;
}

static void mlfq_init_entity(struct rq *rq, struct sched_entity *se)
{
	struct mlfq_entity *me = mlfq_se(se);

	INIT_LIST_HEAD(&se->rq_node);
	se->on_rq = false;
	me->slice_used = 0;
	me->expired = false;
	mlfq_reset_to_top(mlfq_rq(rq), me);
}

/* A thread becomes runnable: its level and quantum from now on. */
static void mlfq_make_ready(struct mlfq_rq *mrq, struct mlfq_entity *me,
			    bool is_new)
{
	/* Rule 3, and rule 5 for threads that slept through a boost. */
	if (is_new || me->boost_gen != mrq->boost_gen)
		mlfq_reset_to_top(mrq, me);
	/* A fresh quantum per dispatch; the allotment is kept (rule 4). */
	me->slice_used = 0;
	me->expired = false;
}

static void mlfq_enqueue(struct rq *rq, struct sched_entity *se,
			 enum sched_enqueue_reason why)
{
	struct mlfq_rq *mrq = mlfq_rq(rq);
	struct mlfq_entity *me = mlfq_se(se);

	/* Not BUG_ON: sparse mis-reads a do-while here under __typeof__. */
	if (unlikely(se->on_rq || me->level > BOTTOM))
		panic("mlfq: bad enqueue (on_rq %d, level %u)", se->on_rq,
		      me->level);
	mlfq_make_ready(mrq, me, why == SCHED_ENQ_NEW);
	se->on_rq = true;
	list_add_tail(&se->rq_node, &mrq->queue[me->level]);
	mrq->nr_queued++;
}

static void mlfq_dequeue(struct rq *rq, struct sched_entity *se)
{
	if (!se->on_rq)
		return;
	list_del_init(&se->rq_node);
	se->on_rq = false;
	mlfq_rq(rq)->nr_queued--;
}

/* Highest non-empty level, or NR_LEVELS if nothing is queued. */
static unsigned int mlfq_top_level(struct mlfq_rq *mrq)
{
	unsigned int l;

	for (l = 0; l < NR_LEVELS; l++)
		if (!list_empty(&mrq->queue[l]))
			return l;
	return NR_LEVELS;
}

static struct sched_entity *mlfq_pick_next(struct rq *rq)
{
	struct mlfq_rq *mrq = mlfq_rq(rq);
	unsigned int l = mlfq_top_level(mrq);
	struct sched_entity *se;

	if (l == NR_LEVELS)
		return NULL;
	se = list_first_entry(&mrq->queue[l], struct sched_entity, rq_node);
	mlfq_dequeue(rq, se);
	return se;
}

static void mlfq_charge(struct rq *rq __maybe_unused,
			struct sched_entity *se, u64 units)
{
	struct mlfq_entity *me = mlfq_se(se);

	me->slice_used += units;
	if (me->level == BOTTOM)
		return;
	me->allot_used += units;
	if (me->allot_used >= mlfq_allot[me->level]) {
		/* Rule 4: down one level with a fresh allotment. */
		me->level++;
		trace_event(mlfq_demote, sched_entity_tid(se), me->level, 0);
		me->allot_used = 0;
		me->expired = true;
	}
}

/* Rule 5: everything goes back to the top, queued threads in level order. */
static void mlfq_boost(struct mlfq_rq *mrq, struct sched_entity *curr)
{
	struct sched_entity *se, *n;
	unsigned int l;

	mrq->boost_gen++;
	trace_event(mlfq_boost, mrq->nr_queued, mrq->boost_gen, 0);
	/* Level 0 first so the queue order stays: old top, then the rest. */
	for (l = 0; l < NR_LEVELS; l++) {
		list_for_each_entry_safe(se, n, &mrq->queue[l], rq_node) {
			if (l)
				list_move_tail(&se->rq_node, &mrq->queue[0]);
			mlfq_reset_to_top(mrq, mlfq_se(se));
		}
	}
	if (curr)
		mlfq_reset_to_top(mrq, mlfq_se(curr));
}

static bool mlfq_tick(struct rq *rq, struct sched_entity *curr)
{
	struct mlfq_rq *mrq = mlfq_rq(rq);
	struct mlfq_entity *me;
	unsigned int top;

	if (--mrq->ticks_to_boost == 0) {
		mrq->ticks_to_boost = mlfq_boost_ticks;
		mlfq_boost(mrq, curr);
	}
	if (!curr)
		return false;
	me = mlfq_se(curr);
	top = mlfq_top_level(mrq);
	/* Rule 1: a thread at a higher level is waiting. */
	if (top < me->level)
		return true;
	if (me->expired || me->slice_used >= mlfq_quantum[me->level]) {
		me->expired = false;
		/* Rule 2: round-robin with the threads of the same level. */
		if (top <= me->level)
			return true;
		/* Nobody at this level or above: keep running, new quantum. */
		me->slice_used = 0;
	}
	return false;
}

static void mlfq_block(struct rq *rq __maybe_unused, struct sched_entity *se)
{
	/* The allotment is deliberately kept across blocking (rule 4). */
	mlfq_se(se)->expired = false;
}

/*
 * The woken thread would go to the tail of its level's queue (the top,
 * if it slept through a boost), so it runs next only when no queued
 * thread is at that level or above (rules 1 and 2).
 */
static bool mlfq_handoff(struct rq *rq, struct sched_entity *prev,
			 struct sched_entity *next)
{
	struct mlfq_rq *mrq = mlfq_rq(rq);
	struct mlfq_entity *me = mlfq_se(next);
	unsigned int level = me->boost_gen != mrq->boost_gen ? 0 : me->level;

	if (mlfq_top_level(mrq) <= level)
		return false;
	mlfq_block(rq, prev);
	mlfq_make_ready(mrq, me, false);
	return true;
}

static unsigned int mlfq_nr_queued(struct rq *rq)
{
	return mlfq_rq(rq)->nr_queued;
}

static unsigned int mlfq_level(const struct sched_entity *se)
{
	return mlfq_entity_of(se)->level;
}

static unsigned int mlfq_nr_levels(void)
{
	return NR_LEVELS;
}

static u64 mlfq_level_quantum(unsigned int level)
{
	return level < NR_LEVELS ? mlfq_quantum[level] : 0;
}

static u64 mlfq_allotment(unsigned int level)
{
	return level < NR_LEVELS ? mlfq_allot[level] : 0;
}

static u64 mlfq_boost_period(void)
{
	return mlfq_boost_ticks;
}

extern const struct sched_policy sched_policy_mlfq;
const struct sched_policy sched_policy_mlfq = {
	.name = "mlfq",
	.init_rq = mlfq_init_rq,
	.init_entity = mlfq_init_entity,
	.enqueue = mlfq_enqueue,
	.dequeue = mlfq_dequeue,
	.pick_next = mlfq_pick_next,
	.charge = mlfq_charge,
	.tick = mlfq_tick,
	.block = mlfq_block,
	.handoff = mlfq_handoff,
	.nr_queued = mlfq_nr_queued,
	.level = mlfq_level,
	.nr_levels = mlfq_nr_levels,
	.quantum = mlfq_level_quantum,
	.allotment = mlfq_allotment,
	.boost_ticks = mlfq_boost_period,
};

POLICY_FAST_CALL(sched, enqueue, mlfq_enqueue);
POLICY_FAST_CALL(sched, pick_next, mlfq_pick_next);
POLICY_FAST_CALL(sched, charge, mlfq_charge);
POLICY_FAST_CALL(sched, tick, mlfq_tick);
POLICY_SELECT(sched, mlfq);
