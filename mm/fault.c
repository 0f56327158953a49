// SPDX-License-Identifier: GPL-2.0
/*
 * What a page of an area holds and how a fault on it is resolved, for
 * both pagers: a zeroed frame for anonymous memory, the file's bytes
 * (read with vfs_pread, the tail past the end zero) for a private file
 * mapping, and copy-on-write for pages fork() left shared. Every frame
 * mapped into user space is a counted struct page; unmapping drops the
 * reference, so the last mapper frees the frame.
 */
#include <mosaic/errno.h>
#include <mosaic/fs.h>
#include <mosaic/mm.h>
#include <mosaic/pager_policy.h>
#include <mosaic/string.h>
#include <mosaic/trace.h>
#include <mosaic/vfs.h>
#include <mosaic/vmm.h>

#include "vma.h"

struct page *alloc_user_page(void)
{
	struct page *page = alloc_page();

	if (page)
		clear_pages(phys_to_virt(page_to_phys(page)), 1);
	return page;
}

/* A new frame holding a copy of src, or NULL. */
struct page *dup_user_page(struct page *src)
{
	struct page *page = alloc_page();

	if (page)
		copy_pages(phys_to_virt(page_to_phys(page)),
			   phys_to_virt(page_to_phys(src)), 1);
	return page;
}

/*
 * x86 cannot map a user page without read access: pages of an area
 * without any access (PROT_NONE) are mapped supervisor-only and
 * read-only, so every user access faults and vm_fault refuses it.
 */
unsigned long vma_pte_flags(const struct vm_area *vma, bool writable)
{
	unsigned long flags = 0;

	if (vma->vm_flags & VM_PROT_MASK)
		flags |= VMM_USER;
	if ((vma->vm_flags & VM_WRITE) && writable)
		flags |= VMM_WRITE;
	if (!(vma->vm_flags & VM_EXEC))
		flags |= VMM_NX;
	return flags;
}

int map_user_page(struct mm *mm, unsigned long va, struct page *page,
		  unsigned long flags)
{
	int ret = vmm_map_page(mm, va, page_to_phys(page), flags);

	if (!ret && ++mm->rss > mm->hiwater_rss)
		mm->hiwater_rss = mm->rss;
	return ret;
}

/*
 * Pages zap_range() unmaps per vmm_unmap_range(): the emptied tables are
 * looked for once per batch, not once per page (a scan of up to 512
 * entries each time: half of munmap's cost when it went page by page).
 */
#define ZAP_BATCH 64

/* Unmap [va, va + pages) and drop the references of the frames mapped. */
static void zap_batch(struct mm *mm, unsigned long va, unsigned int pages)
{
	phys_addr_t pas[ZAP_BATCH];

	if (vmm_unmap_range(mm, va, pages, pas) <= 0)
		return;
	for (unsigned int i = 0; i < pages; i++) {
		struct page *page;

		if (!pas[i])
			continue;
		mm->rss--;
		page = phys_to_page(pas[i]);
		if (page)
			put_page(page);
	}
}

void zap_range(struct mm *mm, unsigned long start, unsigned long end)
{
	unsigned long va = vmm_next_mapped(mm, start, end);

	while (va < end) {
		unsigned int pages = MIN((end - va) >> PAGE_SHIFT, ZAP_BATCH);

		zap_batch(mm, va, pages);
		va = vmm_next_mapped(mm, va + pages * PAGE_SIZE, end);
	}
}

/* Shared memory, or only this mapping holds the page: no copy needed. */
bool vma_page_writable(const struct vm_area *vma, const struct page *page)
{
	return (vma->vm_flags & VM_SHARED) ||
	       (page && page->refcount == 1 && page->mapcount == 1);
}

/* The file's bytes for va; -EIO if the page lies wholly past the end. */
static int fill_from_file(const struct vm_area *vma, unsigned long va,
			  struct page *page)
{
	u64 off = (vma->pgoff << PAGE_SHIFT) + (va - vma->start);
	ssize_t n;

	if (off >= vma->file->f_inode->i_size)
		return -EIO;
	n = vfs_pread(vma->file, phys_to_virt(page_to_phys(page)), PAGE_SIZE,
		      (s64)off);
	return n < 0 ? -EIO : 0;
}

/* A new private page for va: zero, or the file's bytes. */
static int fault_in(struct mm *mm, struct vm_area *vma, unsigned long va)
{
	struct page *page = alloc_user_page();
	int ret;

	if (!page)
		return -ENOMEM;
	ret = vma->file ? fill_from_file(vma, va, page) : 0;
	if (!ret)
		ret = map_user_page(mm, va, page, vma_pte_flags(vma, true));
	if (ret)
		put_page(page);
	return ret;
}

/* Replace the shared page at va with a private, writable copy. */
static int break_cow(struct mm *mm, struct vm_area *vma, unsigned long va,
		     struct page *old)
{
	unsigned long old_flags = vma_pte_flags(vma, false);
	struct page *copy = dup_user_page(old);
	int ret;

	if (!copy)
		return -ENOMEM;
	vmm_unmap_page(mm, va, NULL);
	ret = vmm_map_page(mm, va, page_to_phys(copy),
			   vma_pte_flags(vma, true));
	if (ret) {
		/* The table went with the old leaf and none is left now. */
		put_page(copy);
		if (vmm_map_page(mm, va, page_to_phys(old), old_flags)) {
			mm->rss--;
			put_page(old);
		}
		return -ENOMEM;
	}
	put_page(old);
	return 0;
}

/*
 * A fault on a present page: copy a shared page on write, else bring
 * the entry in line with the area (another thread got here first, or
 * the page became exclusive).
 */
static int fault_present(struct mm *mm, struct vm_area *vma, unsigned long va,
			 phys_addr_t pa, unsigned int flags)
{
	struct page *page = phys_to_page(pa);
	bool writable = vma_page_writable(vma, page);

	if ((flags & FAULT_WRITE) && !writable && page)
		return break_cow(mm, vma, va, page);
	vmm_protect(mm, va, vma_pte_flags(vma, writable));
	return 0;
}

static int resolve(struct mm *mm, struct vm_area *vma, unsigned long va,
		   unsigned int flags)
{
	phys_addr_t pa;

	if (!vmm_translate(mm, va, &pa, NULL))
		return fault_present(mm, vma, va, pa & PAGE_MASK, flags);
	return fault_in(mm, vma, va);
}

static int check_access(const struct vm_area *vma, unsigned int flags)
{
	if ((flags & FAULT_WRITE) && !(vma->vm_flags & VM_WRITE))
		return -EACCES;
	if ((flags & FAULT_EXEC) && !(vma->vm_flags & VM_EXEC))
		return -EACCES;
	if (!(vma->vm_flags & VM_PROT_MASK))
		return -EACCES;
	return 0;
}

/*
 * Grow a stack area down to cover addr: within its rlimit, and never
 * closer than the guard gap to the area below.
 */
static int grow_stack(struct mm *mm, struct vm_area *vma, unsigned long addr)
{
	unsigned long start = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vm_area *prev = vma_prev(vma);

	if (start < MMAP_MIN_ADDR || vma->end - start > mm->stack_rlimit)
		return -EFAULT;
	if (prev && prev->end + STACK_GUARD_GAP > start)
		return -EFAULT;
	return vma_extend(mm, vma, start, vma->end);
}

int vm_fault(struct mm *mm, unsigned long addr, unsigned int flags)
{
	struct vm_area *vma;
	int ret = 0;

	if (addr >= TASK_SIZE)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	vma = vma_find(mm, addr);
	if (!vma)
		ret = -EFAULT;
	else if (addr < vma->start)
		ret = (vma->vm_flags & VM_GROWSDOWN) ?
			      grow_stack(mm, vma, addr) :
			      -EFAULT;
	if (!ret)
		ret = check_access(vma, flags);
	if (!ret)
		ret = resolve(mm, vma, ALIGN_DOWN(addr, PAGE_SIZE), flags);
	mutex_unlock(&mm->mmap_lock);
	trace_event(page_fault, flags, addr, ret);
	return ret;
}

/*
 * Another address space's bytes, as Linux's access_remote_vm() reads
 * them for /proc/<pid>/cmdline: page by page through the direct map,
 * a page not present yet faulted in as a read would. mmap_lock keeps
 * every frame mapped meanwhile (frames are unmapped only under it).
 */
size_t access_remote_vm(struct mm *mm, unsigned long addr, void *buf,
			size_t len)
{
	size_t done = 0;

	mutex_lock(&mm->mmap_lock);
	while (done < len) {
		unsigned long va = addr + done;
		size_t n = MIN(len - done, PAGE_SIZE - (va & ~PAGE_MASK));
		struct vm_area *vma;
		phys_addr_t pa;

		if (va < addr || va >= TASK_SIZE)
			break;
		vma = vma_lookup(mm, va);
		if (!vma || !(vma->vm_flags & VM_READ))
			break;
		if (vmm_translate(mm, va, &pa, NULL) &&
		    (resolve(mm, vma, ALIGN_DOWN(va, PAGE_SIZE), 0) ||
		     vmm_translate(mm, va, &pa, NULL)))
			break;
		memcpy((char *)buf + done, phys_to_virt(pa), n);
		done += n;
	}
	mutex_unlock(&mm->mmap_lock);
	return done;
}

int vm_shared_page(struct mm *mm, unsigned long addr, struct page **page,
		   phys_addr_t *pa)
{
	struct vm_area *vma;
	unsigned long va = ALIGN_DOWN(addr, PAGE_SIZE);
	int ret = 0;

	if (addr >= TASK_SIZE)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	vma = vma_lookup(mm, addr);
	if (!vma || !(vma->vm_flags & VM_READ))
		ret = -EFAULT;
	else if (!(vma->vm_flags & VM_SHARED))
		ret = 1;
	else if (vmm_translate(mm, va, pa, NULL) &&
		 (resolve(mm, vma, va, 0) || vmm_translate(mm, va, pa, NULL)))
		ret = -EFAULT;
	if (!ret) {
		*pa += addr - va;
		*page = phys_to_page(*pa);
		get_page(*page);
	}
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

int vm_populate(struct mm *mm, struct vm_area *vma, unsigned long start,
		unsigned long end)
{
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		phys_addr_t pa;
		int ret;

		if (!vmm_translate(mm, va, &pa, NULL))
			continue;
		ret = fault_in(mm, vma, va);
		/* Past the end of the file: left for a fault to report. */
		if (ret && ret != -EIO)
			return ret;
	}
	return 0;
}

int vma_extend(struct mm *mm, struct vm_area *vma, unsigned long start,
	       unsigned long end)
{
	unsigned long old_start = vma->start, old_end = vma->end;
	int ret = 0;

	vma->start = start;
	vma->end = end;
	if (start < old_start)
		ret = pager_area_added(mm, vma, start, old_start);
	if (!ret && end > old_end)
		ret = pager_area_added(mm, vma, old_end, end);
	if (ret) {
		zap_range(mm, start, old_start);
		zap_range(mm, old_end, end);
		vma->start = old_start;
		vma->end = old_end;
	}
	return ret;
}

int pager_area_added(struct mm *mm, struct vm_area *vma, unsigned long start,
		     unsigned long end)
{
	return pager_selected_policy->area_added(mm, vma, start, end);
}
