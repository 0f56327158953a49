/* SPDX-License-Identifier: GPL-2.0 */
/* MLFQ's per-thread state, shared by mlfq.c and its ktests only. */
#ifndef _KERNEL_SCHED_MLFQ_H
#define _KERNEL_SCHED_MLFQ_H

#include <mosaic/sched_policy.h>

struct mlfq_entity {
	u64 slice_used;		/* units run in the current quantum */
	u64 allot_used;		/* units run at this level */
	u32 boost_gen;		/* boost generation last seen */
	u8 level;		/* queue level, 0 = highest priority */
	bool expired;		/* demoted while running: reschedule */
};

static inline const struct mlfq_entity *
mlfq_entity_of(const struct sched_entity *se)
{
	return sched_entity_priv_const(se);
}

#endif
