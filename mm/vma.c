// SPDX-License-Identifier: GPL-2.0
/*
 * The areas of an address space: a red-black tree ordered by start
 * address (lookups O(log n)), splitting, unmapping a range, and finding
 * room for a new area. Every function runs under mm->mmap_lock.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mm.h>
#include <mosaic/vfs.h>

#include "vma.h"

static struct vm_area *vma_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area, rb) : NULL;
}

struct vm_area *vma_alloc(struct mm *mm, unsigned long start, unsigned long end,
			  unsigned long vm_flags, struct file *file, u64 pgoff)
{
	struct vm_area *vma = kzalloc(sizeof(*vma));

	if (!vma)
		return NULL;
	vma->start = start;
	vma->end = end;
	vma->vm_flags = vm_flags;
	vma->file = file ? get_file(file) : NULL;
	vma->pgoff = pgoff;
	vma->mm = mm;
	return vma;
}

struct vm_area *vma_dup(struct mm *mm, const struct vm_area *vma)
{
	return vma_alloc(mm, vma->start, vma->end, vma->vm_flags, vma->file,
			 vma->pgoff);
}

void vma_free(struct vm_area *vma)
{
	if (vma->file)
		fput(vma->file);
	kfree(vma);
}

int vma_insert(struct mm *mm, struct vm_area *vma)
{
	struct rb_node **link = &mm->areas.node, *parent = NULL;

	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	while (*link) {
		parent = *link;
		if (vma->start < vma_of(parent)->start)
			link = &parent->left;
		else
			link = &parent->right;
	}
	rb_link_node(&vma->rb, parent, link);
	rb_insert_color(&vma->rb, &mm->areas);
	mm->map_count++;
	return 0;
}

void vma_remove(struct mm *mm, struct vm_area *vma)
{
	rb_erase(&vma->rb, &mm->areas);
	mm->map_count--;
}

struct vm_area *vma_find(struct mm *mm, unsigned long addr)
{
	struct rb_node *node = mm->areas.node;
	struct vm_area *best = NULL;

	while (node) {
		struct vm_area *vma = vma_of(node);

		if (vma->end > addr) {
			best = vma;
			if (vma->start <= addr)
				break;
			node = node->left;
		} else {
			node = node->right;
		}
	}
	return best;
}

struct vm_area *vma_lookup(struct mm *mm, unsigned long addr)
{
	struct vm_area *vma = vma_find(mm, addr);

	return vma && vma->start <= addr ? vma : NULL;
}

struct vm_area *vma_first(struct mm *mm)
{
	return vma_of(rb_first(&mm->areas));
}

struct vm_area *vma_last(struct mm *mm)
{
	return vma_of(rb_last(&mm->areas));
}

struct vm_area *vma_next(struct vm_area *vma)
{
	return vma_of(rb_next(&vma->rb));
}

struct vm_area *vma_prev(struct vm_area *vma)
{
	return vma_of(rb_prev(&vma->rb));
}

int vma_split(struct mm *mm, struct vm_area *vma, unsigned long addr)
{
	struct vm_area *upper;

	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	upper = vma_dup(mm, vma);
	if (!upper)
		return -ENOMEM;
	upper->start = addr;
	if (vma->file)
		upper->pgoff += (addr - vma->start) >> PAGE_SHIFT;
	vma->end = addr;
	/* Cannot fail: the count was checked above. */
	return vma_insert(mm, upper);
}

bool range_is_free(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vm_area *vma = vma_find(mm, start);

	return !vma || vma->start >= end;
}

/* Split the areas crossing start and end so none straddles either. */
int split_range(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vm_area *vma = vma_lookup(mm, start);
	int ret;

	if (vma && vma->start < start) {
		ret = vma_split(mm, vma, start);
		if (ret)
			return ret;
	}
	vma = vma_lookup(mm, end);
	if (vma && vma->start < end)
		return vma_split(mm, vma, end);
	return 0;
}

int unmap_range(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vm_area *vma;
	int ret = split_range(mm, start, end);

	if (ret)
		return ret;
	while ((vma = vma_find(mm, start)) && vma->start < end) {
		zap_range(mm, vma->start, vma->end);
		vma_remove(mm, vma);
		vma_free(vma);
	}
	return 0;
}

/* The gap an area leaves below itself: a stack keeps its guard free. */
static unsigned long gap_top(const struct vm_area *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->start;
	return vma->start > STACK_GUARD_GAP ? vma->start - STACK_GUARD_GAP : 0;
}

/* Top-down from mmap_base, as Linux's default layout: the highest gap. */
static long top_down_area(struct mm *mm, unsigned long len)
{
	unsigned long top = mm->mmap_base;
	struct vm_area *vma;

	for (vma = vma_last(mm);; vma = vma_prev(vma)) {
		unsigned long low = vma ? vma->end : MMAP_MIN_ADDR;

		if (low < top && top - low >= len)
			return (long)(top - len);
		if (!vma)
			return -ENOMEM;
		if (gap_top(vma) < top)
			top = gap_top(vma);
	}
}

/* Does [addr, addr + len) fit, clear of areas and of a stack's guard? */
static bool hint_fits(struct mm *mm, unsigned long addr, unsigned long len)
{
	struct vm_area *next;

	if (addr < MMAP_MIN_ADDR || addr > TASK_SIZE - len)
		return false;
	next = vma_find(mm, addr);
	return !next || gap_top(next) >= addr + len;
}

long get_unmapped_area(struct mm *mm, unsigned long hint, unsigned long len)
{
	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	hint = ALIGN_UP(hint, PAGE_SIZE);
	if (hint && hint_fits(mm, hint, len))
		return (long)hint;
	return top_down_area(mm, len);
}
