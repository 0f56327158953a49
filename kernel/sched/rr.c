// SPDX-License-Identifier: GPL-2.0
/*
 * Round-robin: one FIFO run queue; a thread runs until it blocks, yields
 * or has used CONFIG_SCHED_RR_TIMESLICE_MS of CPU, then goes to the tail.
 * The slice is rounded up to whole ticks because preemption happens on a
 * tick; a thread dispatched between ticks keeps running until the first
 * tick at which its slice is used up. Nice levels are ignored.
 */
#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/panic.h>
#include <mosaic/sched_policy.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>

struct rr_entity {
	u64 slice_used;		/* units run in the current slice */
};

struct rr_rq {
	struct list_head queue;
	unsigned int nr_queued;
};

SCHED_POLICY_PRIV_FITS(struct rr_entity, struct rr_rq);

static u64 rr_slice;		/* units; a parameter, the same for every rq */

static struct rr_entity *rr_se(struct sched_entity *se)
{
	return sched_entity_priv(se);
}

static struct rr_rq *rr_rq(struct rq *rq)
{
	return sched_rq_priv(rq);
}

static void rr_init_rq(struct rq *rq)
{
	u64 ticks = ms_to_ticks(CONFIG_SCHED_RR_TIMESLICE_MS);

	INIT_LIST_HEAD(&rr_rq(rq)->queue);
	rr_rq(rq)->nr_queued = 0;
	rr_slice = (ticks ? ticks : 1) * SCHED_TICK_UNITS;
}

static void rr_init_entity(struct rq *rq __maybe_unused,
			   struct sched_entity *se)
{
	INIT_LIST_HEAD(&se->rq_node);
	se->on_rq = false;
	rr_se(se)->slice_used = 0;
}

static void rr_enqueue(struct rq *rq, struct sched_entity *se,
		       enum sched_enqueue_reason why __maybe_unused)
{
	BUG_ON(se->on_rq);
	/* Every reason is treated alike: tail of the queue, fresh slice. */
	rr_se(se)->slice_used = 0;
	se->on_rq = true;
	list_add_tail(&se->rq_node, &rr_rq(rq)->queue);
	rr_rq(rq)->nr_queued++;
}

static void rr_dequeue(struct rq *rq, struct sched_entity *se)
{
	if (!se->on_rq)
		return;
	list_del_init(&se->rq_node);
	se->on_rq = false;
	rr_rq(rq)->nr_queued--;
}

static struct sched_entity *rr_pick_next(struct rq *rq)
{
	struct sched_entity *se;

	se = list_first_entry_or_null(&rr_rq(rq)->queue, struct sched_entity,
				      rq_node);
	if (se)
		rr_dequeue(rq, se);
	return se;
}

static void rr_charge(struct rq *rq __maybe_unused, struct sched_entity *se,
		      u64 units)
{
	rr_se(se)->slice_used += units;
}

static bool rr_tick(struct rq *rq, struct sched_entity *curr)
{
	if (!curr || rr_se(curr)->slice_used < rr_slice)
		return false;
	if (rr_rq(rq)->nr_queued) {
		trace_event(rr_slice_expired, sched_entity_tid(curr),
			    rr_se(curr)->slice_used, 0);
		return true;
	}
	/* Alone: a new slice starts at this tick, no useless switch. */
	rr_se(curr)->slice_used = 0;
	return false;
}

static void rr_block(struct rq *rq __maybe_unused,
		     struct sched_entity *se __maybe_unused)
{
	/* Nothing to remember: the next wakeup starts a fresh slice. */
}

/*
 * A woken thread goes to the tail, so it runs next only when nobody is
 * queued: then with the fresh slice enqueue() would have given it.
 */
static bool rr_handoff(struct rq *rq, struct sched_entity *prev,
		       struct sched_entity *next)
{
	if (rr_rq(rq)->nr_queued)
		return false;
	rr_block(rq, prev);
	rr_se(next)->slice_used = 0;
	return true;
}

static unsigned int rr_nr_queued(struct rq *rq)
{
	return rr_rq(rq)->nr_queued;
}

static u64 rr_quantum(unsigned int level __maybe_unused)
{
	return rr_slice;
}

extern const struct sched_policy sched_policy_rr;
const struct sched_policy sched_policy_rr = {
	.name = "rr",
	.init_rq = rr_init_rq,
	.init_entity = rr_init_entity,
	.enqueue = rr_enqueue,
	.dequeue = rr_dequeue,
	.pick_next = rr_pick_next,
	.charge = rr_charge,
	.tick = rr_tick,
	.block = rr_block,
	.handoff = rr_handoff,
	.nr_queued = rr_nr_queued,
	.quantum = rr_quantum,
};

POLICY_FAST_CALL(sched, enqueue, rr_enqueue);
POLICY_FAST_CALL(sched, pick_next, rr_pick_next);
POLICY_FAST_CALL(sched, charge, rr_charge);
POLICY_FAST_CALL(sched, tick, rr_tick);
POLICY_SELECT(sched, rr);
