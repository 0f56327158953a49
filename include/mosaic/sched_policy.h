/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler policy interface. Exactly one policy is linked into the
 * kernel (Kconfig choice "Scheduler": kernel/sched/rr.c or mlfq.c), so the
 * operations have fixed names, as in Zephyr; no function pointers.
 *
 * A policy only sees struct sched_entity, which the core embeds in every
 * thread. It never touches the thread itself, so the very same policy file
 * compiles into the kernel and into the host simulator (tools/sched/).
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
 *  - All calls are made with interrupts disabled; policies take no locks.
 */
#ifndef _MOSAIC_SCHED_POLICY_H
#define _MOSAIC_SCHED_POLICY_H

#include <mosaic/list.h>
#include <mosaic/types.h>

/* Sub-tick resolution of CPU-time charging. */
#define SCHED_TICK_UNITS 1024U

/* Why a thread is handed to the policy. */
enum sched_enqueue_reason {
	SCHED_ENQ_NEW,		/* just created: MLFQ puts it at the top */
	SCHED_ENQ_WAKEUP,	/* was blocked (sleep, wait queue) */
	SCHED_ENQ_PREEMPT,	/* tick() asked for preemption */
	SCHED_ENQ_YIELD,	/* gave up the CPU voluntarily, still runnable */
};

/* Per-thread policy state, embedded in the thread. */
struct sched_entity {
	struct list_head rq_node;	/* link in the policy's run queue */
	u64 slice_used;		/* units run in the current quantum */
	u64 allot_used;		/* units run at this level (MLFQ) */
	u32 boost_gen;		/* MLFQ: boost generation last seen */
	u8 level;		/* queue level, 0 = highest priority */
	bool on_rq;		/* queued (not running, not blocked) */
	bool expired;		/* demoted while running: reschedule */
};

/* Reset all policy state (the kernel calls it once; tests call it often). */
void sched_policy_init(void);
/* Set up a new entity; then enqueue(se, SCHED_ENQ_NEW) makes it runnable. */
void sched_policy_init_entity(struct sched_entity *se);
void sched_policy_enqueue(struct sched_entity *se,
			  enum sched_enqueue_reason why);
/* Remove a queued entity (e.g. a runnable thread being killed). */
void sched_policy_dequeue(struct sched_entity *se);
/* Remove and return the next entity to run, or NULL if none is runnable. */
struct sched_entity *sched_policy_pick_next(void);
/* Charge units of CPU time to se (running or just stopped). */
void sched_policy_charge(struct sched_entity *se, u64 units);
/* Timer tick; curr is the running entity or NULL (idle). */
bool sched_policy_tick(struct sched_entity *curr);
/* The running entity blocks (sleep, wait queue); it is not queued. */
void sched_policy_block(struct sched_entity *se);

/* Introspection for the core's dump, tests and benchmarks. */
extern const char sched_policy_name[];
unsigned int sched_policy_nr_queued(void);
unsigned int sched_policy_nr_levels(void);
/* Quantum at a level in units; the policy preempts at the first tick after. */
u64 sched_policy_quantum(unsigned int level);
/* Allotment at a level in units; 0 means unlimited (never demoted). */
u64 sched_policy_allotment(unsigned int level);
/* Ticks between priority boosts; 0 if the policy does not boost. */
u64 sched_policy_boost_ticks(void);

#endif /* _MOSAIC_SCHED_POLICY_H */
