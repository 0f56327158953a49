/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-fault policy (pager) interface, bound the way every policy
 * family is (<mosaic/policy.h>, Documentation/policy.md). The Kconfig
 * choice "Page-fault policy" links one member: mm/pager/eager.c maps and
 * fills every page of an area when the area is created; mm/pager/demand.c
 * maps nothing then and lets the first touch fault each page in.
 *
 * The shared logic (what a page of an area holds, how a fault is
 * resolved, copy-on-write) is mm/fault.c's and both members use it:
 * even under eager a fault happens, after madvise(MADV_DONTNEED), on a
 * copy-on-write page or when the stack grows.
 */
#ifndef _MOSAIC_PAGER_POLICY_H
#define _MOSAIC_PAGER_POLICY_H

#include <mosaic/policy.h>
#include <mosaic/types.h>

struct mm;
struct vm_area;

struct pager_policy {
	const char *name;
	/*
	 * [start, end) of vma was just created (mmap, brk growth, mremap
	 * growth, a stack's growth). Called with mm->mmap_lock held.
	 * Returns 0 or -ENOMEM (then the caller undoes the area).
	 */
	int (*area_added)(struct mm *mm, struct vm_area *vma,
			  unsigned long start, unsigned long end);
};

extern const struct pager_policy *const pager_selected_policy;

/*
 * Shared, for the policies: map and fill every page of [start, end) of
 * vma that is not mapped yet (mm/fault.c). 0 or -ENOMEM.
 */
int vm_populate(struct mm *mm, struct vm_area *vma, unsigned long start,
		unsigned long end);

#endif /* _MOSAIC_PAGER_POLICY_H */
