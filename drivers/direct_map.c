// SPDX-License-Identifier: GPL-2.0
/*
 * Device and firmware memory at its direct-map alias (<mosaic/direct_map.h>),
 * for the framebuffer console and the ACPI tables.
 */
#include <mosaic/direct_map.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/vmm.h>

void *direct_map_range(phys_addr_t pa, u64 size, unsigned long flags)
{
	phys_addr_t cur, end = pa + size;

	if (end < pa)
		return NULL;
	for (cur = pa & PAGE_MASK; cur < end; cur += PAGE_SIZE) {
		unsigned long va = (unsigned long)phys_to_virt(cur);
		unsigned long have_flags;
		phys_addr_t have;
		int err;

		/* RAM, and what an earlier call mapped, are there already. */
		if (!vmm_translate(&init_mm, va, &have, &have_flags) &&
		    have == cur)
			continue;
		err = vmm_map_page(&init_mm, va, cur, flags);
		if (err) {
			pr_err("direct_map: cannot map 0x%llx: error %d\n",
			       (unsigned long long)cur, err);
			return NULL;
		}
	}
	return phys_to_virt(pa);
}
