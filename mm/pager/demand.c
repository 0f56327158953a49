// SPDX-License-Identifier: GPL-2.0
/*
 * Demand pager: a new range maps nothing; vm_fault() allocates, fills
 * and maps each page at its first touch, so untouched pages cost no
 * frame. Creating an area is O(1) whatever its size.
 */
#include <mosaic/pager_policy.h>

static int demand_area_added(struct mm *mm, struct vm_area *vma,
			     unsigned long start, unsigned long end)
{
	return 0;
}

extern const struct pager_policy pager_policy_demand;
const struct pager_policy pager_policy_demand = {
	.name = "demand",
	.area_added = demand_area_added,
};

POLICY_SELECT(pager, demand);
