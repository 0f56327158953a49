// SPDX-License-Identifier: GPL-2.0
/*
 * Round-robin: one FIFO run queue; a thread runs until it blocks, yields
 * or has used CONFIG_SCHED_RR_TIMESLICE_MS of CPU, then goes to the tail.
 * The slice is rounded up to whole ticks because preemption happens on a
 * tick; a thread dispatched between ticks keeps running until the first
 * tick at which its slice is used up.
 */
#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/panic.h>
#include <mosaic/sched_policy.h>
#include <mosaic/timer.h>

const char sched_policy_name[] = "rr";

static struct list_head rr_queue;
static unsigned int rr_nr_queued;
static u64 rr_slice;		/* units */

void sched_policy_init(void)
{
	u64 ticks = ms_to_ticks(CONFIG_SCHED_RR_TIMESLICE_MS);

	INIT_LIST_HEAD(&rr_queue);
	rr_nr_queued = 0;
	rr_slice = (ticks ? ticks : 1) * SCHED_TICK_UNITS;
}

void sched_policy_init_entity(struct sched_entity *se)
{
	INIT_LIST_HEAD(&se->rq_node);
	se->slice_used = 0;
	se->allot_used = 0;
	se->boost_gen = 0;
	se->level = 0;
	se->on_rq = false;
	se->expired = false;
}

void sched_policy_enqueue(struct sched_entity *se,
			  enum sched_enqueue_reason why __maybe_unused)
{
	BUG_ON(se->on_rq);
	/* Every reason is treated alike: tail of the queue, fresh slice. */
	se->slice_used = 0;
	se->on_rq = true;
	list_add_tail(&se->rq_node, &rr_queue);
	rr_nr_queued++;
}

void sched_policy_dequeue(struct sched_entity *se)
{
	if (!se->on_rq)
		return;
	list_del_init(&se->rq_node);
	se->on_rq = false;
	rr_nr_queued--;
}

struct sched_entity *sched_policy_pick_next(void)
{
	struct sched_entity *se;

	se = list_first_entry_or_null(&rr_queue, struct sched_entity, rq_node);
	if (se)
		sched_policy_dequeue(se);
	return se;
}

void sched_policy_charge(struct sched_entity *se, u64 units)
{
	se->slice_used += units;
}

bool sched_policy_tick(struct sched_entity *curr)
{
	if (!curr || curr->slice_used < rr_slice)
		return false;
	if (rr_nr_queued)
		return true;
	/* Alone: a new slice starts at this tick, no useless switch. */
	curr->slice_used = 0;
	return false;
}

void sched_policy_block(struct sched_entity *se __maybe_unused)
{
	/* Nothing to remember: the next wakeup starts a fresh slice. */
}

unsigned int sched_policy_nr_queued(void)
{
	return rr_nr_queued;
}

unsigned int sched_policy_nr_levels(void)
{
	return 1;
}

u64 sched_policy_quantum(unsigned int level __maybe_unused)
{
	return rr_slice;
}

u64 sched_policy_allotment(unsigned int level __maybe_unused)
{
	return 0;
}

u64 sched_policy_boost_ticks(void)
{
	return 0;
}
