// SPDX-License-Identifier: GPL-2.0
/*
 * The calls behind mmap(2), munmap, mprotect, mremap, brk, madvise
 * (MADV_DONTNEED) and the stack, with Linux's argument checks and errno
 * values. Each takes mm->mmap_lock for its whole length; the pager
 * (mm/pager/) decides whether a new range is filled now or on faults.
 */
#include <mosaic/errno.h>
#include <mosaic/fs.h>
#include <mosaic/mm.h>
#include <mosaic/pager_policy.h>
#include <mosaic/vmm.h>
#include <uapi/linux/stat.h>

#include "vma.h"

#define PROT_ACCESS (PROT_READ | PROT_WRITE | PROT_EXEC)
/* Every flag Linux x86-64 knows; MAP_SHARED_VALIDATE refuses others. */
#define MAP_KNOWN                                                           \
	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN | \
	 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE |      \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC | \
	 MAP_FIXED_NOREPLACE)
/* MAP_32BIT areas lie below 2 GiB, as on Linux x86-64. */
#define MAP_32BIT_TOP (2UL << 30)
#define VM_MAY_ALL (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define BRK_FLAGS (VM_READ | VM_WRITE | VM_MAY_ALL)
#define STACK_FLAGS (VM_READ | VM_WRITE | VM_MAY_ALL | VM_GROWSDOWN)

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* A length rounded up to pages, 0 if that wraps. */
static unsigned long page_len(unsigned long len)
{
	return len > -PAGE_SIZE ? 0 : ALIGN_UP(len, PAGE_SIZE);
}

/*
 * What a file mapping may be. Without a page cache a shared mapping
 * cannot write back, so it is read-only for good (no VM_MAYWRITE).
 */
static int check_file(struct file *file, unsigned long flags,
		      unsigned long prot, unsigned long *vm_flags)
{
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;

	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (!S_ISREG(file->f_inode->i_mode))
		return -ENODEV;
	if (shared && (prot & PROT_WRITE))
		return (file->f_mode & FMODE_WRITE) ? -ENODEV : -EACCES;
	if (shared)
		*vm_flags &= ~VM_MAYWRITE;
	return 0;
}

/* The flags of an mmap(2) request, or a negative errno. */
static long mmap_vm_flags(unsigned long prot, unsigned long flags,
			  struct file *file)
{
	unsigned long type = flags & MAP_TYPE, vm_flags;
	int ret;

	if (prot & ~PROT_ACCESS)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (flags & MAP_HUGETLB)
		return -EINVAL; /* no huge pages for user space */
	vm_flags = prot_to_vm(prot) | VM_MAY_ALL;
	if (type != MAP_PRIVATE)
		vm_flags |= VM_SHARED;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	if (file) {
		ret = check_file(file, flags, prot, &vm_flags);
		if (ret)
			return ret;
	}
	return (long)vm_flags;
}

/* Where the new area goes: MAP_FIXED* as asked, else a free range. */
static long place_area(struct mm *mm, unsigned long addr, unsigned long len,
		       unsigned long flags)
{
	int ret;

	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		if ((flags & MAP_32BIT) && !addr)
			addr = MAP_32BIT_TOP - len > MMAP_MIN_ADDR ?
				       MAP_32BIT_TOP - len :
				       0;
		return get_unmapped_area(mm, addr, len);
	}
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;
	if (flags & MAP_FIXED_NOREPLACE)
		return range_is_free(mm, addr, addr + len) ? (long)addr :
							     -EEXIST;
	ret = unmap_range(mm, addr, addr + len);
	return ret ? ret : (long)addr;
}

/* A new area [start, start + len), filled now if populate, else by the pager. */
static long map_new_area(struct mm *mm, unsigned long start, unsigned long len,
			 unsigned long vm_flags, struct file *file, u64 pgoff,
			 bool populate)
{
	struct vm_area *vma =
		vma_alloc(mm, start, start + len, vm_flags, file, pgoff);
	int ret;

	if (!vma)
		return -ENOMEM;
	ret = vma_insert(mm, vma);
	if (ret) {
		vma_free(vma);
		return ret;
	}
	ret = populate ? vm_populate(mm, vma, start, start + len) :
			 pager_area_added(mm, vma, start, start + len);
	if (ret) {
		unmap_range(mm, start, start + len);
		return ret;
	}
	return (long)start;
}

long vm_mmap(struct mm *mm, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, struct file *file,
	     u64 offset)
{
	long vm_flags, ret;
	bool populate;

	if (flags & MAP_ANONYMOUS)
		file = NULL;
	else if (!file)
		return -EBADF;
	vm_flags = mmap_vm_flags(prot, flags, file);
	if (vm_flags < 0)
		return vm_flags;
	if (!len || (offset & ~PAGE_MASK))
		return -EINVAL;
	len = page_len(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (file && offset + len < offset)
		return -EOVERFLOW;
	/* Shared anonymous pages must exist before fork() can share them. */
	populate = (flags & MAP_POPULATE) || (!file && (vm_flags & VM_SHARED));
	mutex_lock(&mm->mmap_lock);
	ret = place_area(mm, addr, len, flags);
	if (ret >= 0)
		ret = map_new_area(mm, (unsigned long)ret, len,
				   (unsigned long)vm_flags, file,
				   offset >> PAGE_SHIFT, populate);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* [addr, addr + len) as a page range inside the user half, or -EINVAL. */
static int user_range(unsigned long addr, unsigned long len, unsigned long *end)
{
	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = page_len(len);
	if (!len || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	*end = addr + len;
	return 0;
}

int vm_munmap(struct mm *mm, unsigned long addr, unsigned long len)
{
	unsigned long end;
	int ret = user_range(addr, len, &end);

	if (ret)
		return ret;
	mutex_lock(&mm->mmap_lock);
	ret = unmap_range(mm, addr, end);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* Give every mapped page of vma the entry its new protection implies. */
static void reprotect_pages(struct mm *mm, struct vm_area *vma)
{
	unsigned long va;

	for (va = vmm_next_mapped(mm, vma->start, vma->end); va < vma->end;
	     va = vmm_next_mapped(mm, va + PAGE_SIZE, vma->end)) {
		phys_addr_t pa;

		if (vmm_translate(mm, va, &pa, NULL))
			continue;
		vmm_protect(mm, va,
			    vma_pte_flags(vma, vma_page_writable(
						       vma, phys_to_page(pa))));
	}
}

/* Areas cover [start, end) without a hole and allow want: 0, -ENOMEM, -EACCES. */
static int check_covered(struct mm *mm, unsigned long start, unsigned long end,
			 unsigned long want)
{
	unsigned long pos = start;
	struct vm_area *vma;

	for (vma = vma_find(mm, start); pos < end; vma = vma_next(vma)) {
		if (!vma || vma->start > pos)
			return -ENOMEM;
		if ((want << 4) & ~vma->vm_flags & VM_MAY_ALL)
			return -EACCES;
		pos = vma->end;
	}
	return 0;
}

int vm_mprotect(struct mm *mm, unsigned long addr, unsigned long len,
		unsigned long prot)
{
	unsigned long want = prot_to_vm(prot), end;
	struct vm_area *vma;
	int ret;

	if ((addr & ~PAGE_MASK) ||
	    (prot & ~(PROT_ACCESS | PROT_GROWSDOWN | PROT_GROWSUP)) ||
	    ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP)))
		return -EINVAL;
	if (!len)
		return 0;
	len = page_len(len);
	if (!len || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -ENOMEM;
	end = addr + len;
	mutex_lock(&mm->mmap_lock);
	ret = check_covered(mm, addr, end, want);
	if (!ret)
		ret = split_range(mm, addr, end);
	for (vma = vma_find(mm, addr); !ret && vma && vma->start < end;
	     vma = vma_next(vma)) {
		vma->vm_flags = (vma->vm_flags & ~VM_PROT_MASK) | want;
		reprotect_pages(mm, vma);
	}
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* The brk area's end moves from old to new (page aligned, growing). */
static int grow_brk(struct mm *mm, unsigned long old, unsigned long new)
{
	struct vm_area *prev = old ? vma_lookup(mm, old - 1) : NULL;

	if (!prev || prev->end != old || prev->file ||
	    prev->vm_flags != BRK_FLAGS ||
	    prev->start < ALIGN_DOWN(mm->start_brk, PAGE_SIZE)) {
		long r = map_new_area(mm, old, new - old, BRK_FLAGS, NULL, 0,
				      false);

		return r < 0 ? (int)r : 0;
	}
	return vma_extend(mm, prev, prev->start, new);
}

unsigned long vm_brk(struct mm *mm, unsigned long brk)
{
	unsigned long old, new, ret;
	struct vm_area *next;

	mutex_lock(&mm->mmap_lock);
	ret = mm->brk;
	if (!mm->start_brk || brk < mm->start_brk || brk > TASK_SIZE)
		goto out;
	old = ALIGN_UP(mm->brk, PAGE_SIZE);
	new = ALIGN_UP(brk, PAGE_SIZE);
	if (new < old && unmap_range(mm, new, old))
		goto out;
	if (new > old) {
		next = vma_find(mm, old);
		if (next && next->start < new + PAGE_SIZE)
			goto out; /* Linux keeps a page free above brk */
		if (grow_brk(mm, old, new))
			goto out;
	}
	mm->brk = brk;
	ret = brk;
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* May vma's end move up to new_end? */
static bool can_expand(struct mm *mm, struct vm_area *vma,
		       unsigned long new_end)
{
	struct vm_area *next = vma_next(vma);

	if (new_end > TASK_SIZE)
		return false;
	if (!next)
		return true;
	if (next->vm_flags & VM_GROWSDOWN)
		return next->start >= STACK_GUARD_GAP &&
		       next->start - STACK_GUARD_GAP >= new_end;
	return next->start >= new_end;
}

/* Move the mapped pages of [old, old + len) to dest, keeping their entries. */
static void move_pages(struct mm *mm, unsigned long old, unsigned long len,
		       unsigned long dest)
{
	unsigned long va, end = old + len;

	for (va = vmm_next_mapped(mm, old, end); va < end;
	     va = vmm_next_mapped(mm, va + PAGE_SIZE, end)) {
		unsigned long flags;
		phys_addr_t pa;

		if (vmm_translate(mm, va, &pa, &flags))
			continue;
		vmm_unmap_page(mm, va, NULL);
		if (vmm_map_page(mm, dest + (va - old), pa & PAGE_MASK,
				 flags & ~VMM_HUGE)) {
			/* No frame for a table: the page is lost, not leaked. */
			mm->rss--;
			put_page(phys_to_page(pa));
		}
	}
}

/*
 * Move [old, old + old_len) to a new area of new_len bytes at dest (0:
 * anywhere free). The grown tail is set up before anything moves, so a
 * failure leaves the old area as it was.
 */
static long move_area(struct mm *mm, unsigned long old, unsigned long old_len,
		      unsigned long new_len, unsigned long dest, bool fixed)
{
	struct vm_area *vma, *moved;
	long ret;

	if (fixed) {
		if ((dest & ~PAGE_MASK) || dest > TASK_SIZE - new_len ||
		    dest < MMAP_MIN_ADDR)
			return -EINVAL;
		if (dest < old + old_len && old < dest + new_len)
			return -EINVAL;
		ret = unmap_range(mm, dest, dest + new_len);
	} else {
		ret = get_unmapped_area(mm, 0, new_len);
		dest = (unsigned long)ret;
	}
	if (ret < 0)
		return ret;
	ret = 0;
	if (new_len < old_len) {
		ret = unmap_range(mm, old + new_len, old + old_len);
		old_len = new_len;
	}
	if (!ret)
		ret = split_range(mm, old, old + old_len);
	if (ret)
		return ret;
	vma = vma_lookup(mm, old);
	moved = vma_dup(mm, vma);
	if (!moved)
		return -ENOMEM;
	moved->start = dest;
	moved->end = dest + new_len;
	ret = vma_insert(mm, moved);
	if (ret) {
		vma_free(moved);
		return ret;
	}
	ret = new_len > old_len ? pager_area_added(mm, moved, dest + old_len,
						   dest + new_len) :
				  0;
	if (ret) {
		unmap_range(mm, dest, dest + new_len);
		return ret;
	}
	move_pages(mm, old, old_len, dest);
	vma_remove(mm, vma);
	vma_free(vma);
	return (long)dest;
}

long vm_mremap(struct mm *mm, unsigned long old, unsigned long old_len,
	       unsigned long new_len, unsigned long flags,
	       unsigned long new_addr)
{
	struct vm_area *vma;
	long ret;

	/* MREMAP_DONTUNMAP is not supported: refused, not half done. */
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (old & ~PAGE_MASK)
		return -EINVAL;
	old_len = page_len(old_len);
	new_len = page_len(new_len);
	if (!new_len || !old_len)
		return -EINVAL;
	if (old > TASK_SIZE || old_len > TASK_SIZE - old)
		return -EFAULT;
	if (new_len > TASK_SIZE)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	vma = vma_lookup(mm, old);
	if (!vma || old + old_len > vma->end)
		ret = -EFAULT;
	else if (flags & MREMAP_FIXED)
		ret = move_area(mm, old, old_len, new_len, new_addr, true);
	else if (new_len <= old_len)
		ret = unmap_range(mm, old + new_len, old + old_len) ?:
								      (long)old;
	else if (old + old_len == vma->end &&
		 can_expand(mm, vma, old + new_len))
		ret = vma_extend(mm, vma, vma->start, old + new_len) ?
			      -ENOMEM :
			      (long)old;
	else if (flags & MREMAP_MAYMOVE)
		ret = move_area(mm, old, old_len, new_len, 0, false);
	else
		ret = -ENOMEM;
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* What madvise does to the areas of a range. */
enum madv_action {
	MADV_ACT_NONE,		/* a hint: only the range is checked */
	MADV_ACT_DONTNEED,	/* drop private pages: they read back anew */
	MADV_ACT_FREE,		/* the same, for private anonymous areas only */
};

/*
 * Every area of [addr, end) in turn; -ENOMEM if a hole is in the range
 * (after the areas around it were done, as Linux), -EINVAL for
 * MADV_FREE on an area with a file or shared.
 */
static int madvise_walk(struct mm *mm, unsigned long addr, unsigned long end,
			enum madv_action act)
{
	unsigned long pos = addr;
	struct vm_area *vma;
	int ret = 0;

	for (vma = vma_find(mm, addr); vma && vma->start < end;
	     vma = vma_next(vma)) {
		if (vma->start > pos)
			ret = -ENOMEM;
		pos = vma->end;
		if (act == MADV_ACT_FREE &&
		    (vma->file || (vma->vm_flags & VM_SHARED)))
			return -EINVAL;
		/* Shared pages are the data itself: they stay. */
		if (act != MADV_ACT_NONE && !(vma->vm_flags & VM_SHARED))
			zap_range(mm, MAX(vma->start, addr),
				  MIN(vma->end, end));
	}
	return pos < end ? -ENOMEM : ret;
}

static int madvise_range(struct mm *mm, unsigned long addr, unsigned long len,
			 enum madv_action act)
{
	unsigned long end;
	int ret;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	if (user_range(addr, len, &end))
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = madvise_walk(mm, addr, end, act);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

int vm_madvise_dontneed(struct mm *mm, unsigned long addr, unsigned long len)
{
	return madvise_range(mm, addr, len, MADV_ACT_DONTNEED);
}

/*
 * The advice Linux 6.1 accepts that changes nothing a program can see
 * here: access-pattern and reclaim hints, huge pages, merging, dumps.
 */
static bool madvise_is_hint(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		return true;
	default:
		return false;
	}
}

int vm_madvise(struct mm *mm, unsigned long addr, unsigned long len,
	       int advice)
{
	enum madv_action act;

	if (advice == MADV_DONTNEED || advice == MADV_DONTNEED_LOCKED)
		act = MADV_ACT_DONTNEED;
	else if (advice == MADV_FREE)
		act = MADV_ACT_FREE;
	else if (madvise_is_hint(advice))
		act = MADV_ACT_NONE;
	else
		return -EINVAL;
	return madvise_range(mm, addr, len, act);
}

int vm_setup_stack(struct mm *mm, unsigned long top, unsigned long rlimit)
{
	unsigned long size;
	long ret;

	if ((top & ~PAGE_MASK) || top > TASK_SIZE ||
	    top < MMAP_MIN_ADDR + PAGE_SIZE || rlimit < PAGE_SIZE)
		return -EINVAL;
	rlimit = MIN(ALIGN_DOWN(rlimit, PAGE_SIZE), top - MMAP_MIN_ADDR);
	size = MIN(STACK_INITIAL_SIZE, rlimit);
	mutex_lock(&mm->mmap_lock);
	ret = -ENOMEM;
	if (!range_is_free(mm, top - size, top))
		goto out;
	mm->stack_rlimit = rlimit;
	mm->start_stack = top;
	/* Room to grow: top-down placement starts below the limit and gap. */
	if (top - rlimit > MMAP_MIN_ADDR + STACK_GUARD_GAP &&
	    top - rlimit - STACK_GUARD_GAP < mm->mmap_base)
		mm->mmap_base = top - rlimit - STACK_GUARD_GAP;
	ret = map_new_area(mm, top - size, size, STACK_FLAGS, NULL, 0, false);
out:
	mutex_unlock(&mm->mmap_lock);
	return ret < 0 ? (int)ret : 0;
}
