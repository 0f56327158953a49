// SPDX-License-Identifier: GPL-2.0
/*
 * EEVDF: Earliest Eligible Virtual Deadline First (Stoica and Abdel-Wahab,
 * 1995), the algorithm Linux's fair class uses since 6.6.
 *
 * Every thread has a weight, from its nice level (Linux's table: 1024 at
 * nice 0, about 1.25x per level). Its virtual runtime v advances by the
 * CPU time it gets divided by its weight, so a thread with twice the
 * weight ages half as fast. V, the weighted average of v over the
 * runnable threads (queued and running), is where an ideal fluid
 * scheduler would have every thread. A thread's lag, V - v (in virtual
 * time), is the service it is owed; it is *eligible* when its lag is
 * >= 0. Each thread asks for a slice r (CONFIG_SCHED_EEVDF_SLICE_MS) and
 * gets the virtual deadline v + r / weight when it starts one. The
 * scheduler runs the eligible thread with the earliest virtual deadline.
 * A slice used up at a tick gives the thread its next deadline and a
 * reschedule (at once if a woken thread is the better pick).
 *
 * Lag survives sleeping: a blocking thread remembers it, and on wakeup it
 * is placed at V - lag, so sleeping neither earns nor forgives service.
 * As in Linux, the remembered lag is clamped to the service of two slices
 * or one tick, whichever is more, so a long sleeper cannot bank an
 * unbounded claim, and on wakeup it is scaled by (W + w) / W so that
 * adding the thread moves V by just as much as keeps its lag exact.
 * A new thread starts with lag 0.
 *
 * Virtual times are in charge units << EEVDF_VSHIFT divided by the
 * weight relative to nice 0, kept as u64 and compared through signed
 * differences. The run queue is an unsorted list scanned at each pick:
 * O(queued), fine for a kernel with tens of threads; Linux keeps an
 * augmented red-black tree for O(log n).
 */
#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/panic.h>
#include <mosaic/sched_policy.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>

#define NICE_0_WEIGHT 1024U
#define EEVDF_VSHIFT 10

struct eevdf_entity {
	u64 vruntime;
	u64 deadline;
	s64 vlag;		/* V - vruntime when it stopped being runnable */
	bool slice_done;	/* deadline passed at a charge: reschedule */
};

struct eevdf_rq {
	struct list_head queue;	/* runnable, not running; unsorted */
	unsigned int nr_queued;
	struct sched_entity *curr;	/* running, or NULL */
	u64 vclock;		/* V at the last look: used when empty */
};

SCHED_POLICY_PRIV_FITS(struct eevdf_entity, struct eevdf_rq);

/*
 * Linux's sched_prio_to_weight[]: the weight of nice -20 .. 19. Each step
 * is about 1.25x, so one nice level moves about 10% of the CPU between
 * two otherwise equal threads. Also read by the EEVDF tests.
 */
extern const u32 eevdf_nice_weight[SCHED_NICE_MAX - SCHED_NICE_MIN + 1];
const u32 eevdf_nice_weight[SCHED_NICE_MAX - SCHED_NICE_MIN + 1] = {
	88761, 71755, 56483, 46273, 36291,
	29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906,
	3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423,
	335, 272, 215, 172, 137,
	110, 87, 70, 56, 45,
	36, 29, 23, 18, 15,
};

static u64 eevdf_slice;		/* units; a parameter, the same for every rq */

static struct eevdf_entity *ee(struct sched_entity *se)
{
	return sched_entity_priv(se);
}

static struct eevdf_rq *eevdf_rq(struct rq *rq)
{
	return sched_rq_priv(rq);
}

static u32 nice_weight(int nice)
{
	return eevdf_nice_weight[nice - SCHED_NICE_MIN];
}

static u32 weight_of(const struct sched_entity *se)
{
	return nice_weight(se->nice);
}

/* Virtual time for units of real service at weight w. */
static u64 to_virtual(u64 units, u32 w)
{
	return (units << EEVDF_VSHIFT) * NICE_0_WEIGHT / w;
}

static u64 vslice(const struct sched_entity *se)
{
	return to_virtual(eevdf_slice, weight_of(se));
}

/*
 * Largest lag, either way, a thread keeps: Linux's limit, the service of
 * two slices or one tick, whichever is more, at the thread's weight.
 */
static s64 lag_limit(const struct sched_entity *se)
{
	return (s64)to_virtual(MAX(2 * eevdf_slice, (u64)SCHED_TICK_UNITS),
			       weight_of(se));
}

static s64 clamp_lag(const struct sched_entity *se, s64 lag)
{
	s64 limit = lag_limit(se);

	return lag > limit ? limit : lag < -limit ? -limit : lag;
}

/*
 * The weighted sums over the runnable threads, taken relative to ref so
 * that they stay small: *load = sum w, return sum w * (v - ref).
 */
static s64 weighted_key_sum(struct eevdf_rq *erq, u64 ref, s64 *load)
{
	struct sched_entity *se;
	s64 sum = 0, w = 0;

	list_for_each_entry(se, &erq->queue, rq_node) {
		sum += (s64)weight_of(se) * (s64)(ee(se)->vruntime - ref);
		w += weight_of(se);
	}
	if (erq->curr) {
		sum += (s64)weight_of(erq->curr) *
		       (s64)(ee(erq->curr)->vruntime - ref);
		w += weight_of(erq->curr);
	}
	*load = w;
	return sum;
}

/* Any runnable thread's vruntime, to measure the others against. */
static u64 reference_v(struct eevdf_rq *erq)
{
	struct sched_entity *se;

	if (erq->curr)
		return ee(erq->curr)->vruntime;
	se = list_first_entry_or_null(&erq->queue, struct sched_entity,
				      rq_node);
	return se ? ee(se)->vruntime : erq->vclock;
}

/* V: the load-weighted average vruntime of the runnable threads. */
static u64 avg_vruntime(struct eevdf_rq *erq)
{
	u64 ref = reference_v(erq);
	s64 load, sum = weighted_key_sum(erq, ref, &load);

	if (!load)
		return erq->vclock;
	/* Round towards minus infinity: never call a thread eligible early. */
	if (sum < 0)
		sum -= load - 1;
	erq->vclock = ref + (u64)(sum / load);
	return erq->vclock;
}

/*
 * lag >= 0, i.e. v <= V, without dividing: sum w_i (v_i - ref) >=
 * (v - ref) * sum w_i.
 */
static bool eligible(struct eevdf_rq *erq, const struct sched_entity *se)
{
	u64 ref = reference_v(erq);
	s64 load, sum = weighted_key_sum(erq, ref, &load);

	return sum >= (s64)(ee((struct sched_entity *)se)->vruntime - ref) *
		      load;
}

static bool earlier_deadline(struct sched_entity *a, struct sched_entity *b)
{
	return (s64)(ee(a)->deadline - ee(b)->deadline) < 0;
}

/*
 * The eligible thread with the earliest virtual deadline, among the
 * queued ones and, if with_curr, the running one. Some runnable thread is
 * always eligible (not all can be above their average); should rounding
 * leave none, the earliest deadline wins.
 */
static struct sched_entity *pick_eevdf(struct eevdf_rq *erq, bool with_curr)
{
	struct sched_entity *se, *best = NULL, *first = NULL;

	if (with_curr && erq->curr && eligible(erq, erq->curr))
		best = erq->curr;
	list_for_each_entry(se, &erq->queue, rq_node) {
		if (!first || earlier_deadline(se, first))
			first = se;
		if ((!best || earlier_deadline(se, best)) && eligible(erq, se))
			best = se;
	}
	return best ? best : first;
}

static void eevdf_init_rq(struct rq *rq)
{
	struct eevdf_rq *erq = eevdf_rq(rq);
	u64 ticks = ms_to_ticks(CONFIG_SCHED_EEVDF_SLICE_MS);

	INIT_LIST_HEAD(&erq->queue);
	erq->nr_queued = 0;
	erq->curr = NULL;
	erq->vclock = 0;
	eevdf_slice = (ticks ? ticks : 1) * SCHED_TICK_UNITS;
}

static void eevdf_init_entity(struct rq *rq __maybe_unused,
			      struct sched_entity *se)
{
	struct eevdf_entity *e = ee(se);

	INIT_LIST_HEAD(&se->rq_node);
	se->on_rq = false;
	e->vruntime = 0;
	e->deadline = 0;
	e->vlag = 0;
	e->slice_done = false;
}

/*
 * Put a thread that becomes runnable at V - lag. Adding its weight w to
 * the load W already there moves V towards it; scaling the lag by
 * (W + w) / W first makes its lag right after the placement the one it
 * had (Linux's place_entity).
 */
static void place_entity(struct eevdf_rq *erq, struct sched_entity *se)
{
	u64 V = avg_vruntime(erq);
	s64 lag = ee(se)->vlag, load;

	weighted_key_sum(erq, V, &load);
	if (load)
		lag = lag * (load + weight_of(se)) / load;
	ee(se)->vruntime = V - (u64)lag;
	ee(se)->deadline = ee(se)->vruntime + vslice(se);
}

static void queue_entity(struct eevdf_rq *erq, struct sched_entity *se)
{
	se->on_rq = true;
	list_add_tail(&se->rq_node, &erq->queue);
	erq->nr_queued++;
}

static void eevdf_enqueue(struct rq *rq, struct sched_entity *se,
			  enum sched_enqueue_reason why)
{
	struct eevdf_rq *erq = eevdf_rq(rq);

	BUG_ON(se->on_rq);
	ee(se)->slice_done = false;
	switch (why) {
	case SCHED_ENQ_NEW:
		ee(se)->vlag = 0;
		place_entity(erq, se);
		break;
	case SCHED_ENQ_WAKEUP:
		place_entity(erq, se);
		break;
	case SCHED_ENQ_YIELD:
	case SCHED_ENQ_PREEMPT:
		/* Linux's yield gives up the rest of this request. */
		if (why == SCHED_ENQ_YIELD)
			ee(se)->deadline += vslice(se);
		/* It was running: v and the deadline carry on. */
		if (erq->curr == se)
			erq->curr = NULL;
		break;
	}
	queue_entity(erq, se);
}

/* Remember the lag of a thread that stops being runnable. */
static void save_lag(struct eevdf_rq *erq, struct sched_entity *se)
{
	ee(se)->vlag = clamp_lag(se, (s64)(avg_vruntime(erq) -
					   ee(se)->vruntime));
}

static void eevdf_dequeue(struct rq *rq, struct sched_entity *se)
{
	struct eevdf_rq *erq = eevdf_rq(rq);

	if (!se->on_rq)
		return;
	save_lag(erq, se);
	list_del_init(&se->rq_node);
	se->on_rq = false;
	erq->nr_queued--;
}

static struct sched_entity *eevdf_pick_next(struct rq *rq)
{
	struct eevdf_rq *erq = eevdf_rq(rq);
	struct sched_entity *se = pick_eevdf(erq, false);

	if (!se)
		return NULL;
	trace_event(eevdf_pick, sched_entity_tid(se), ee(se)->deadline,
		    ee(se)->vruntime);
	list_del_init(&se->rq_node);
	se->on_rq = false;
	erq->nr_queued--;
	erq->curr = se;
	return se;
}

static void eevdf_charge(struct rq *rq __maybe_unused,
			 struct sched_entity *se, u64 units)
{
	struct eevdf_entity *e = ee(se);

	e->vruntime += to_virtual(units, weight_of(se));
	/* Request used up: the next one starts where this one ended. */
	if ((s64)(e->vruntime - e->deadline) >= 0) {
		e->deadline = e->vruntime + vslice(se);
		e->slice_done = true;
	}
}

static bool eevdf_tick(struct rq *rq, struct sched_entity *curr)
{
	struct eevdf_rq *erq = eevdf_rq(rq);

	if (!curr || !ee(curr)->slice_done)
		return false;
	ee(curr)->slice_done = false;
	/* Alone: the next request starts, no useless switch. */
	return erq->nr_queued && pick_eevdf(erq, true) != curr;
}

/* The running thread sleeps, waits or exits: it keeps its lag. */
static void eevdf_block(struct rq *rq, struct sched_entity *se)
{
	struct eevdf_rq *erq = eevdf_rq(rq);

	save_lag(erq, se);
	ee(se)->slice_done = false;
	if (erq->curr == se)
		erq->curr = NULL;
}

/* A woken thread preempts when it is now the one EEVDF would pick. */
static bool eevdf_wakeup_preempt(struct rq *rq, struct sched_entity *curr,
				 struct sched_entity *se)
{
	return pick_eevdf(eevdf_rq(rq), true) == se && curr != se;
}

/*
 * Would pick_next() choose erq->curr if it were queued last? It takes
 * the eligible thread with the earliest deadline, the first in queue
 * order on a tie: curr must be eligible and strictly earlier than every
 * eligible queued thread. (The no-one-eligible rounding case says no:
 * the core's own pick then decides.)
 */
static bool curr_picked_first(struct eevdf_rq *erq)
{
	struct sched_entity *c = erq->curr, *se;

	if (!eligible(erq, c))
		return false;
	list_for_each_entry(se, &erq->queue, rq_node)
		if (!earlier_deadline(c, se) && eligible(erq, se))
			return false;
	return true;
}

/*
 * prev blocks (keeping its lag) and next is placed as a wakeup would
 * place it; next runs at once only if it is then the pick. Otherwise
 * every field touched is put back, so the core's block(), enqueue()
 * and pick_next() start from the state they would have found.
 */
static bool eevdf_handoff(struct rq *rq, struct sched_entity *prev,
			  struct sched_entity *next)
{
	struct eevdf_rq *erq = eevdf_rq(rq);
	struct eevdf_entity prev_was = *ee(prev), next_was = *ee(next);
	struct sched_entity *curr_was = erq->curr;
	u64 vclock_was = erq->vclock;

	eevdf_block(rq, prev);
	ee(next)->slice_done = false;
	place_entity(erq, next);
	erq->curr = next;
	if (curr_picked_first(erq)) {
		trace_event(eevdf_pick, sched_entity_tid(next),
			    ee(next)->deadline, ee(next)->vruntime);
		return true;
	}
	*ee(prev) = prev_was;
	*ee(next) = next_was;
	erq->curr = curr_was;
	erq->vclock = vclock_was;
	return false;
}

/*
 * New weight, same lag in real service: the virtual lag and the rest of
 * the request scale by old/new weight (Linux's reweight_entity).
 */
static void eevdf_reweight(struct rq *rq, struct sched_entity *se,
			   int old_nice)
{
	struct eevdf_rq *erq = eevdf_rq(rq);
	s64 old_w = nice_weight(old_nice), new_w = weight_of(se);
	struct eevdf_entity *e = ee(se);
	int new_nice = se->nice;
	s64 lag, rest;
	u64 V;

	if (!se->on_rq && erq->curr != se) {
		e->vlag = clamp_lag(se, e->vlag * old_w / new_w);
		return;
	}
	/* V and the remaining request, with the old weight still counted. */
	se->nice = (s8)old_nice;
	V = avg_vruntime(erq);
	se->nice = (s8)new_nice;
	lag = (s64)(V - e->vruntime);
	rest = (s64)(e->deadline - e->vruntime);
	e->vruntime = V - (u64)(lag * old_w / new_w);
	e->deadline = e->vruntime + (u64)(rest * old_w / new_w);
}

static unsigned int eevdf_nr_queued(struct rq *rq)
{
	return eevdf_rq(rq)->nr_queued;
}

static u64 eevdf_quantum(unsigned int level __maybe_unused)
{
	return eevdf_slice;
}

extern const struct sched_policy sched_policy_eevdf;
const struct sched_policy sched_policy_eevdf = {
	.name = "eevdf",
	.init_rq = eevdf_init_rq,
	.init_entity = eevdf_init_entity,
	.enqueue = eevdf_enqueue,
	.dequeue = eevdf_dequeue,
	.pick_next = eevdf_pick_next,
	.charge = eevdf_charge,
	.tick = eevdf_tick,
	.block = eevdf_block,
	.reweight = eevdf_reweight,
	.wakeup_preempt = eevdf_wakeup_preempt,
	.handoff = eevdf_handoff,
	.nr_queued = eevdf_nr_queued,
	.quantum = eevdf_quantum,
};

POLICY_FAST_CALL(sched, enqueue, eevdf_enqueue);
POLICY_FAST_CALL(sched, pick_next, eevdf_pick_next);
POLICY_FAST_CALL(sched, charge, eevdf_charge);
POLICY_FAST_CALL(sched, tick, eevdf_tick);
POLICY_SELECT(sched, eevdf);
