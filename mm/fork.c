// SPDX-License-Identifier: GPL-2.0
/*
 * The life of an address space: mm_create() (arch/x86/mm/paging.c)
 * calls mm_init_areas(); mm_fork() copies one, sharing private pages
 * copy-on-write under CONFIG_FORK_COW or copying them now; the last
 * mm_put() frees areas, frames and tables.
 */
#include <mosaic/errno.h>
#include <mosaic/mm.h>
#include <mosaic/panic.h>
#include <mosaic/vmm.h>

#include "vma.h"

#ifdef CONFIG_FORK_COW
#define FORK_COPY_ON_WRITE true
#else
#define FORK_COPY_ON_WRITE false
#endif

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

unsigned long mm_hiwater_rss(struct mm *mm)
{
	return READ_ONCE(mm->hiwater_rss);
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

/* One more mapping of page in dst; the reference goes with it. */
static int share_page(struct mm *dst, unsigned long va, struct page *page,
		      unsigned long flags)
{
	int ret;

	get_page(page);
	ret = map_user_page(dst, va, page, flags);
	if (ret)
		put_page(page);
	return ret;
}

/* A private page after fork: shared read-only, or copied now. */
static int fork_private_page(struct mm *src, struct mm *dst, unsigned long va,
			     struct page *page, unsigned long flags)
{
	struct page *copy;
	int ret;

	if (FORK_COPY_ON_WRITE) {
		if (flags & VMM_WRITE)
			vmm_protect(src, va, flags & ~VMM_WRITE);
		return share_page(dst, va, page, flags & ~VMM_WRITE);
	}
	copy = dup_user_page(page);
	if (!copy)
		return -ENOMEM;
	ret = map_user_page(dst, va, copy, flags);
	if (ret)
		put_page(copy);
	return ret;
}

static int fork_area_pages(struct mm *src, struct mm *dst,
			   const struct vm_area *vma)
{
	unsigned long va;

	for (va = vmm_next_mapped(src, vma->start, vma->end); va < vma->end;
	     va = vmm_next_mapped(src, va + PAGE_SIZE, vma->end)) {
		unsigned long flags;
		struct page *page;
		phys_addr_t pa;
		int ret;

		if (vmm_translate(src, va, &pa, &flags))
			continue;
		page = phys_to_page(pa);
		if (!page)
			continue;
		flags &= ~VMM_HUGE;
		if (vma->vm_flags & VM_SHARED)
			ret = share_page(dst, va, page, flags);
		else
			ret = fork_private_page(src, dst, va, page, flags);
		if (ret)
			return ret;
	}
	return 0;
}

static int fork_areas(struct mm *src, struct mm *dst)
{
	struct vm_area *vma;

	for (vma = vma_first(src); vma; vma = vma_next(vma)) {
		struct vm_area *copy = vma_dup(dst, vma);
		int ret;

		if (!copy)
			return -ENOMEM;
		ret = vma_insert(dst, copy);
		if (ret) {
			vma_free(copy);
			return ret;
		}
		ret = fork_area_pages(src, dst, vma);
		if (ret)
			return ret;
	}
	return 0;
}

struct mm *mm_fork(struct mm *src)
{
	struct mm *dst = mm_create();
	int ret;

	if (!dst)
		return NULL;
	mutex_lock(&src->mmap_lock);
	dst->start_brk = src->start_brk;
	dst->brk = src->brk;
	dst->start_stack = src->start_stack;
	dst->stack_rlimit = src->stack_rlimit;
	dst->mmap_base = src->mmap_base;
	dst->start_code = src->start_code;
	dst->end_code = src->end_code;
	dst->start_data = src->start_data;
	dst->end_data = src->end_data;
	dst->arg_start = src->arg_start;
	dst->arg_end = src->arg_end;
	dst->env_start = src->env_start;
	dst->env_end = src->env_end;
	ret = fork_areas(src, dst);
	mutex_unlock(&src->mmap_lock);
	if (ret) {
		mm_put(dst);
		return NULL;
	}
	return dst;
}
