// SPDX-License-Identifier: GPL-2.0
/*
 * The life of an address space: mm_create() (arch/x86/mm/paging.c)
 * calls mm_init_areas(); the last mm_put() frees areas, frames and
 * tables.
 */
#include <mosaic/errno.h>
#include <mosaic/mm.h>
#include <mosaic/panic.h>
#include <mosaic/vmm.h>

#include "vma.h"

void mm_init_areas(struct mm *mm)
{
	mutex_init(&mm->mmap_lock, "mm.mmap_lock");
	mm->areas = RB_ROOT;
	mm->mmap_base = MMAP_BASE_DEFAULT;
	mm->stack_rlimit = STACK_RLIMIT_DEFAULT;
	mm->users = 1;
}

unsigned long mm_rss(struct mm *mm)
{
	return READ_ONCE(mm->rss);
}

void mm_get(struct mm *mm)
{
	if (__atomic_add_fetch(&mm->users, 1, __ATOMIC_RELAXED) <= 1)
		panic("mm_get: %p has no users", mm);
}

void mm_drop_areas(struct mm *mm)
{
	struct vm_area *vma;

	mutex_lock(&mm->mmap_lock);
	while ((vma = vma_first(mm))) {
		zap_range(mm, vma->start, vma->end);
		vma_remove(mm, vma);
		vma_free(vma);
	}
	mutex_unlock(&mm->mmap_lock);
}

void mm_put(struct mm *mm)
{
	int left = __atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL);

	if (left < 0)
		panic("mm_put: %p put more often than taken", mm);
	if (left)
		return;
	mm_drop_areas(mm);
	if (mm->rss)
		panic("mm_put: %lu user frames still counted", mm->rss);
	mm_destroy(mm);
}
