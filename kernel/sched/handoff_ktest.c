// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of a policy's handoff() operation (the direct switch of IPC's
 * fastpath, <mosaic/sched_policy.h>), shared by the policies' suites:
 *
 *  - kt_handoff_reference(): on run queues of the test's own, handoff()
 *    must decide and account exactly as the block(), enqueue() and
 *    pick_next() it stands for, and change nothing when it says no;
 *  - kt_pair_run(): two threads on the live scheduler that pass the CPU
 *    to each other with sched_handoff_unlock(), for the suites' checks
 *    of direct switches, charging and the policies' guarantees.
 */
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/random.h>
#include <mosaic/sched.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>

#include "policy_ktest.h"

#define HO_ENTS 4

enum ho_state { HO_QUEUED, HO_BLOCKED, HO_RUNNING };

/* A run queue of the test's own and entities in thread structs (the
 * policies' trace events read the tid through the entity). */
struct ho_world {
	struct rq rq;
	struct thread th[HO_ENTS];
	enum ho_state st[HO_ENTS];
	int running;
};

static struct sched_entity *ho_se(struct ho_world *w, int i)
{
	return &w->th[i].se;
}

static int ho_index(struct ho_world *w, struct sched_entity *se)
{
	for (int i = 0; i < HO_ENTS; i++)
		if (se == ho_se(w, i))
			return i;
	return -1;
}

/* pick_next(), and the picked entity marked running. */
static void ho_pick(struct ho_world *w)
{
	int i = ho_index(w, sched_policy->pick_next(&w->rq));

	BUG_ON(i < 0);
	w->st[i] = HO_RUNNING;
	w->running = i;
}

static int ho_random_in(struct ho_world *w, struct prng *rng, enum ho_state s)
{
	int n = 0, i;

	for (i = 0; i < HO_ENTS; i++)
		n += w->st[i] == s;
	if (!n)
		return -1;
	n = (int)prng_below(rng, (u64)n);
	for (i = 0; i < HO_ENTS; i++)
		if (w->st[i] == s && n-- == 0)
			return i;
	return -1;
}

static void ho_wake(struct ho_world *w, int i)
{
	sched_policy->enqueue(&w->rq, ho_se(w, i), SCHED_ENQ_WAKEUP);
	w->st[i] = HO_QUEUED;
}

/* The running entity stops: blocked, or back in the queue. */
static void ho_stop_running(struct ho_world *w, bool block,
			    enum sched_enqueue_reason why)
{
	int r = w->running;

	if (block) {
		sched_policy->block(&w->rq, ho_se(w, r));
		w->st[r] = HO_BLOCKED;
	} else {
		sched_policy->enqueue(&w->rq, ho_se(w, r), why);
		w->st[r] = HO_QUEUED;
	}
	/* Someone must run: the first blocked entity wakes. */
	for (int i = 0; !sched_policy->nr_queued(&w->rq); i++)
		if (w->st[i] == HO_BLOCKED)
			ho_wake(w, i);
	ho_pick(w);
}

/*
 * A random history from seed: charges, ticks (MLFQ's boosts and
 * demotions, EEVDF's deadlines), preemptions, yields, blocks and
 * wakeups. The same seed builds the same world.
 */
static void ho_build(struct ho_world *w, u64 seed)
{
	struct prng rng;
	int i, steps;

	prng_seed(&rng, seed);
	memset(w, 0, sizeof(*w));
	sched_policy->init_rq(&w->rq);
	for (i = 0; i < HO_ENTS; i++) {
		w->th[i].tid = 9000 + i;
		sched_policy->init_entity(&w->rq, ho_se(w, i));
		/* Set before the first enqueue, as thread_set_nice would. */
		w->th[i].se.nice = sched_policy->reweight ?
			(s8)((int)prng_below(&rng, 11) - 5) : 0;
		sched_policy->enqueue(&w->rq, ho_se(w, i), SCHED_ENQ_NEW);
		w->st[i] = HO_QUEUED;
	}
	ho_pick(w);
	steps = (int)prng_range(&rng, 1, 400);
	while (steps--) {
		u64 act = prng_below(&rng, 8);

		sched_policy->charge(&w->rq, ho_se(w, w->running),
				     prng_range(&rng, 1, U));
		if (prng_below(&rng, 2) &&
		    sched_policy->tick(&w->rq, ho_se(w, w->running)))
			ho_stop_running(w, false, SCHED_ENQ_PREEMPT);
		if (act < 3)
			ho_stop_running(w, true, SCHED_ENQ_WAKEUP);
		else if (act == 3)
			ho_stop_running(w, false, SCHED_ENQ_YIELD);
		else if (act < 6 && (i = ho_random_in(w, &rng, HO_BLOCKED)) >= 0)
			ho_wake(w, i);
	}
	/* handoff() needs a blocked entity to wake. */
	if (ho_random_in(w, &rng, HO_BLOCKED) < 0)
		ho_stop_running(w, true, SCHED_ENQ_WAKEUP);
}

static bool ho_same_entities(struct ho_world *a, struct ho_world *b)
{
	for (int i = 0; i < HO_ENTS; i++)
		if (memcmp(ho_se(a, i)->priv, ho_se(b, i)->priv,
			   sizeof(ho_se(a, i)->priv)) ||
		    ho_se(a, i)->on_rq != ho_se(b, i)->on_rq)
			return false;
	return sched_policy->nr_queued(&a->rq) ==
	       sched_policy->nr_queued(&b->rq);
}

static struct ho_world ho_a, ho_b, ho_saved;

/*
 * For many random worlds, built twice: handoff() on one, block(),
 * enqueue(WAKEUP) and pick_next() on the other. They must agree on
 * whether next runs, and leave every entity in the same state; a "no"
 * must have changed nothing. Returns how many said yes, and *no how
 * many said no, so a suite can check that both were seen.
 */
int kt_handoff_reference(struct ktest *t, int worlds, int *no)
{
	int yes = 0, bad = 0;

	*no = 0;
	for (int s = 1; s <= worlds; s++) {
		struct sched_entity *prev, *next;
		bool direct, ref;
		int nexti;
		struct prng rng;

		ho_build(&ho_a, (u64)s);
		ho_build(&ho_b, (u64)s);
		prng_seed(&rng, (u64)s * 7919);
		nexti = ho_random_in(&ho_a, &rng, HO_BLOCKED);
		memcpy(&ho_saved, &ho_a, sizeof(ho_saved));
		prev = ho_se(&ho_a, ho_a.running);
		next = ho_se(&ho_a, nexti);
		direct = sched_policy->handoff(&ho_a.rq, prev, next);
		if (!direct) {
			if (memcmp(&ho_saved, &ho_a, sizeof(ho_saved)) &&
			    bad++ < 5)
				ktest_log(t, "world %d: a refused handoff changed the state", s);
			sched_policy->block(&ho_a.rq, prev);
			ho_wake(&ho_a, nexti);
			ho_pick(&ho_a);
		}
		sched_policy->block(&ho_b.rq, ho_se(&ho_b, ho_b.running));
		ho_wake(&ho_b, nexti);
		ho_pick(&ho_b);
		ref = ho_b.running == nexti;
		if (direct != ref || (!direct && ho_a.running != ho_b.running) ||
		    !ho_same_entities(&ho_a, &ho_b)) {
			if (bad++ < 5)
				ktest_log(t, "world %d: handoff %d, reference picks %d (next %d)",
					  s, direct, ho_b.running, nexti);
		}
		if (direct)
			yes++;
		else
			(*no)++;
	}
	KT_EXPECT_EQ(t, bad, 0);
	ktest_log(t, "%d worlds: %d direct, %d refused", worlds, yes, *no);
	return yes;
}

/* ------------------------------------------------------------------ */

static DEFINE_SPINLOCK(pair_lock);

/* Block (or pass the CPU to @to) and hold pair_lock again on return. */
static void pair_sleep(struct thread *to) __must_hold(&pair_lock)
{
	if (to)
		sched_handoff_unlock(to, &pair_lock);
	else
		sched_block_unlock(&pair_lock);
	spin_lock(&pair_lock);
}

/*
 * One side of the pair: wait for its turn, spin, pass the turn on. A
 * turn ends in sched_handoff_unlock() when the other side is blocked
 * waiting (always, once both run), else in a plain block.
 */
static int pair_side(void *arg)
{
	struct kt_pair_side *side = arg;
	struct kt_pair *p = side->pair;
	int me = side->me;
	unsigned long flags = spin_lock_irqsave(&pair_lock);

	while (!p->stop && p->done[me] < p->turns) {
		struct thread *other = p->th[!me];

		while (p->turn != me && !p->stop)
			pair_sleep(NULL);
		if (p->stop)
			break;
		spin_unlock_irqrestore(&pair_lock, flags);
		kt_spin_permille(p->spin_permille[me]);
		flags = spin_lock_irqsave(&pair_lock);
		p->done[me]++;
		p->turn = !me;
		if (p->done[me] == p->turns)
			break;
		if (other->state == THREAD_BLOCKED) {
			p->handoffs++;
			pair_sleep(other);
		} else {
			pair_sleep(NULL);
		}
	}
	/* The other side may be waiting for a turn that never comes. */
	p->turn = !me;
	if (p->th[!me]->state == THREAD_BLOCKED)
		sched_wake_thread(p->th[!me]);
	spin_unlock_irqrestore(&pair_lock, flags);
	return 0;
}

int kt_pair_start(struct kt_pair *p)
{
	unsigned long flags;

	p->stop = false;
	p->turn = 0;
	p->done[0] = p->done[1] = 0;
	p->handoffs = 0;
	p->direct_at_start = sched_nr_handoffs();
	for (int i = 0; i < 2; i++) {
		p->side[i].pair = p;
		p->side[i].me = i;
	}
	/* Neither side may look at the other before both exist. */
	flags = spin_lock_irqsave(&pair_lock);
	p->th[0] = thread_create(pair_side, &p->side[0], "pair0");
	p->th[1] = p->th[0] ? thread_create(pair_side, &p->side[1], "pair1") :
			      NULL;
	if (!p->th[1])
		p->stop = true;
	spin_unlock_irqrestore(&pair_lock, flags);
	return p->th[1] ? 0 : -1;
}

void kt_pair_stop(struct kt_pair *p)
{
	unsigned long flags = spin_lock_irqsave(&pair_lock);

	p->stop = true;
	for (int i = 0; i < 2; i++)
		if (p->th[i] && p->th[i]->state == THREAD_BLOCKED)
			sched_wake_thread(p->th[i]);
	spin_unlock_irqrestore(&pair_lock, flags);
}

u64 kt_pair_direct(const struct kt_pair *p)
{
	return sched_nr_handoffs() - p->direct_at_start;
}
