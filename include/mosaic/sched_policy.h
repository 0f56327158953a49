/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler policy interface: struct sched_policy, bound the way every
 * policy family is (<mosaic/policy.h>, Documentation/policy.md). Each
 * member file (kernel/sched/rr.c, mlfq.c, eevdf.c) defines one instance,
 * sched_policy_<member>, and ends with POLICY_SELECT(sched, <member>); the
 * Kconfig choice "Scheduler" links exactly one into the kernel, while the
 * host simulator (tools/sched/) links them all and picks one at run time.
 *
 * Like Linux's and uCore's sched_class, every operation gets the run
 * queue. The core owns struct rq (kernel/sched/sched.h; this_rq()); its
 * first member is an area the policy owns (sched_rq_priv()), where the
 * policy keeps its queues. Each thread embeds a small common
 * struct sched_entity with an area for the policy's per-thread state
 * (sched_entity_priv()). A policy never touches the thread or the rest of
 * the rq, so the same file builds into the kernel and the simulator.
 *
 * Protocol (the core follows it; the simulator checks it):
 *  - The running thread is NOT on the run queue. pick_next() removes the
 *    entity it returns.
 *  - Every runnable thread that is not running was handed to enqueue()
 *    exactly once, with the reason it became runnable.
 *  - CPU time is charged in sub-tick units (SCHED_TICK_UNITS per tick)
 *    with charge(): at every tick for the running thread, and when a
 *    thread stops running (yield, block, preemption, exit). Precise
 *    charging means a thread that always gives up the CPU just before a
 *    tick still pays for the time it used (tick sampling would miss it).
 *  - tick() is called on every timer tick after charge(), with the running
 *    entity or NULL when the CPU is idle; true means "preempt curr now".
 *  - se->nice is written only by the core, with reweight() called after
 *    it when the policy has one. Policies that ignore nice need none.
 *  - All calls are made with the run-queue lock held (interrupts off);
 *    policies take no locks.
 */
#ifndef _MOSAIC_SCHED_POLICY_H
#define _MOSAIC_SCHED_POLICY_H

#include <mosaic/compiler.h>
#include <mosaic/list.h>
#include <mosaic/policy.h>
#include <mosaic/types.h>

/* Sub-tick resolution of CPU-time charging. */
#define SCHED_TICK_UNITS 1024U

/* Nice levels, as in Linux: -20 (most CPU) .. 19 (least); 0 by default. */
#define SCHED_NICE_MIN (-20)
#define SCHED_NICE_MAX 19

/* Why a thread is handed to the policy. */
enum sched_enqueue_reason {
	SCHED_ENQ_NEW,		/* just created */
	SCHED_ENQ_WAKEUP,	/* was blocked (sleep, wait queue) */
	SCHED_ENQ_PREEMPT,	/* tick() asked for preemption */
	SCHED_ENQ_YIELD,	/* gave up the CPU voluntarily, still runnable */
};

/*
 * Room for a policy's private state. Each policy checks at build time that
 * its structs fit (SCHED_POLICY_PRIV_FITS), so growing one is a one-line
 * change here, never a silent overflow.
 */
#define SCHED_ENTITY_PRIV_BYTES 64
#define SCHED_RQ_PRIV_BYTES 256

/* Per-thread scheduling state, embedded in the thread. */
struct sched_entity {
	struct list_head rq_node;	/* link in the policy's run queue */
	bool on_rq;			/* queued (not running, not blocked) */
	s8 nice;			/* SCHED_NICE_MIN..MAX, core-owned */
	u64 priv[SCHED_ENTITY_PRIV_BYTES / sizeof(u64)];
};

/* The thread id behind an entity, for policies' trace events. */
int sched_entity_tid(const struct sched_entity *se);

/* The policy's part of a run queue; struct rq begins with it. */
struct sched_rq_area {
	u64 priv[SCHED_RQ_PRIV_BYTES / sizeof(u64)];
};

struct rq;

static inline void *sched_entity_priv(struct sched_entity *se)
{
	return se->priv;
}

static inline const void *sched_entity_priv_const(const struct sched_entity *se)
{
	return se->priv;
}

/* The core puts the area first in struct rq (checked in core.c). */
static inline void *sched_rq_priv(struct rq *rq)
{
	return ((struct sched_rq_area *)(void *)rq)->priv;
}

#define SCHED_POLICY_PRIV_FITS(entity_type, rq_type)			\
	BUILD_BUG_ON(sizeof(entity_type) > SCHED_ENTITY_PRIV_BYTES ||	\
		     sizeof(rq_type) > SCHED_RQ_PRIV_BYTES ||		\
		     _Alignof(entity_type) > _Alignof(u64) ||		\
		     _Alignof(rq_type) > _Alignof(u64))

struct sched_policy {
	const char *name;
	/* Reset the run queue's policy area (boot; tests call it often). */
	void (*init_rq)(struct rq *rq);
	/* Set up a new entity; then enqueue(SCHED_ENQ_NEW) makes it runnable. */
	void (*init_entity)(struct rq *rq, struct sched_entity *se);
	void (*enqueue)(struct rq *rq, struct sched_entity *se,
			enum sched_enqueue_reason why);
	/* Remove a queued entity (e.g. a runnable thread being killed). */
	void (*dequeue)(struct rq *rq, struct sched_entity *se);
	/* Remove and return the next entity to run, or NULL. */
	struct sched_entity *(*pick_next)(struct rq *rq);
	/* Charge units of CPU time to se (running or just stopped). */
	void (*charge)(struct rq *rq, struct sched_entity *se, u64 units);
	/* Timer tick; curr is the running entity or NULL (idle). */
	bool (*tick)(struct rq *rq, struct sched_entity *curr);
	/* The running entity stops being runnable (sleep, wait, exit). */
	void (*block)(struct rq *rq, struct sched_entity *se);
	/* Optional: se->nice changed from old_nice (se in any state). */
	void (*reweight)(struct rq *rq, struct sched_entity *se, int old_nice);
	/* Optional: should a just-woken se preempt curr at once? */
	bool (*wakeup_preempt)(struct rq *rq, struct sched_entity *curr,
			       struct sched_entity *se);
	/*
	 * Optional: the running prev blocks and hands the CPU to next, a
	 * blocked entity it wakes (IPC's direct switch; prev was charged
	 * already). If the policy would run next right after prev blocks,
	 * it accounts for both exactly as block(prev), enqueue(next,
	 * SCHED_ENQ_WAKEUP) and a pick_next() returning next would, leaves
	 * next off the queue, and returns true. Otherwise it changes
	 * nothing and returns false; the core then makes those calls.
	 */
	bool (*handoff)(struct rq *rq, struct sched_entity *prev,
			struct sched_entity *next);

	/* Introspection for the core's dump, tests and benchmarks. */
	unsigned int (*nr_queued)(struct rq *rq);
	/* Quantum at a level in units (the slice, for one-level policies). */
	u64 (*quantum)(unsigned int level);
	/*
	 * Optional, for policies with levels (read them through the
	 * sched_*() helpers below, which give a one-level policy's
	 * answers): the ps LVL column, the number of levels, the allotment
	 * at a level in units (0: unlimited, never demoted), the ticks
	 * between priority boosts (0: no boosts).
	 */
	unsigned int (*level)(const struct sched_entity *se);
	unsigned int (*nr_levels)(void);
	u64 (*allotment)(unsigned int level);
	u64 (*boost_ticks)(void);
};

static inline unsigned int sched_nr_levels(const struct sched_policy *p)
{
	return p->nr_levels ? p->nr_levels() : 1;
}

static inline unsigned int sched_level(const struct sched_policy *p,
				       const struct sched_entity *se)
{
	return p->level ? p->level(se) : 0;
}

static inline u64 sched_allotment(const struct sched_policy *p,
				  unsigned int level)
{
	return p->allotment ? p->allotment(level) : 0;
}

static inline u64 sched_boost_ticks(const struct sched_policy *p)
{
	return p->boost_ticks ? p->boost_ticks() : 0;
}

/* The kernel's policy (POLICY_SELECT in the member file). */
extern const struct sched_policy *const sched_selected_policy;

/*
 * The operations every context switch makes, called directly: each
 * member file exports them with POLICY_FAST_CALL(sched, <op>, ...). The
 * yield ping-pong under -icount measured the three indirect calls per
 * switch at about 7 instructions, 3-4% of a switch
 * (Documentation/sched.md).
 */
void sched_selected_enqueue(struct rq *rq, struct sched_entity *se,
			    enum sched_enqueue_reason why);
struct sched_entity *sched_selected_pick_next(struct rq *rq);
void sched_selected_charge(struct rq *rq, struct sched_entity *se,
			   u64 units);
bool sched_selected_tick(struct rq *rq, struct sched_entity *curr);

#endif /* _MOSAIC_SCHED_POLICY_H */
