// SPDX-License-Identifier: GPL-2.0
/*
 * Eager pager: every page of a new range is allocated, filled and mapped
 * before the call that created the range returns, so a program that
 * stays inside its areas never takes a page fault for them (KeOS's
 * eager pager). The work is the shared vm_populate().
 */
#include <mosaic/pager_policy.h>

static int eager_area_added(struct mm *mm, struct vm_area *vma,
			    unsigned long start, unsigned long end)
{
	return vm_populate(mm, vma, start, end);
}

extern const struct pager_policy pager_policy_eager;
const struct pager_policy pager_policy_eager = {
	.name = "eager",
	.area_added = eager_area_added,
};

POLICY_SELECT(pager, eager);
