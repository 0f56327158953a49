/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Futexes (kernel/futex.c): threads sleep on a 32-bit word of user
 * memory until another thread wakes that word. These functions name a
 * futex by its address space and user address (a private futex), right
 * for the threads of one process (CLONE_VM); futex(2) without
 * FUTEX_PRIVATE_FLAG keys a word in a MAP_SHARED mapping by its frame
 * instead (kernel/futex.c), so processes sharing the page meet. The
 * kernel calls futex_wake() itself for CLONE_CHILD_CLEARTID when a
 * thread exits.
 */
#ifndef _MOSAIC_FUTEX_H
#define _MOSAIC_FUTEX_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct mm;

/* Boot: the hash buckets. Before sched_start(), after the heap. */
void futex_init(void);

/*
 * Sleep on @uaddr in @mm (the caller's address space: it reads the
 * word) while it holds @val: -EAGAIN at once if it does not, else until
 * a wake with a bitset sharing a bit with @bitset (0), monotonic time
 * @end_ns (0: none; -ETIMEDOUT), or a signal (-ERESTARTSYS, or with a
 * timeout -ERESTART_RESTARTBLOCK: Documentation/signals.md). -EINVAL for an
 * unaligned address or a zero bitset, -EFAULT if the word is unreadable.
 */
int futex_wait(struct mm *mm, u32 __user *uaddr, u32 val, u64 end_ns,
	       u32 bitset);
/*
 * Wake up to @nr (at least one, as Linux) of the threads waiting on
 * @uaddr in @mm whose bitset shares a bit with @bitset; returns how many,
 * or -EINVAL for an unaligned address or a zero bitset.
 */
int futex_wake_bitset(struct mm *mm, u32 __user *uaddr, int nr, u32 bitset);
/* futex_wake_bitset() for any waiter: what thread exit calls. */
int futex_wake(struct mm *mm, u32 __user *uaddr, int nr);
/*
 * FUTEX_REQUEUE, or FUTEX_CMP_REQUEUE when @cmp is not NULL (then
 * -EAGAIN unless *@uaddr holds *@cmp): wake @nr_wake waiters of @uaddr,
 * move up to @nr_requeue more to @uaddr2; returns how many were woken
 * or moved. -EINVAL for a negative count or an unaligned address.
 */
long futex_requeue(struct mm *mm, u32 __user *uaddr, u32 __user *uaddr2,
		   int nr_wake, int nr_requeue, const u32 *cmp);

#endif /* _MOSAIC_FUTEX_H */
