/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User address spaces: the areas of a struct mm and the calls behind
 * mmap(2), munmap, mprotect, mremap, brk, madvise(MADV_DONTNEED), the
 * stack, page faults and fork. Kernel pointers only; every function
 * returns a negative errno with Linux's value where Linux has one.
 * Documentation/mm/address-space.md describes the semantics and the
 * locking, Documentation/mm/pager.md the page-fault policies.
 */
#ifndef _MOSAIC_MMAP_H
#define _MOSAIC_MMAP_H

#include <mosaic/err.h>
#include <mosaic/mm_types.h>
#include <mosaic/page.h>
#include <mosaic/rbtree.h>
#include <mosaic/types.h>
#include <uapi/linux/mman.h>

struct file;

/* The user half: areas live in [MMAP_MIN_ADDR, TASK_SIZE). */
#define TASK_SIZE 0x00007ffffffff000UL
/* Linux's vm.mmap_min_addr default: the lowest pages stay unmapped. */
#define MMAP_MIN_ADDR 0x10000UL
/* Where top-down placement starts when no stack lowers it. */
#define MMAP_BASE_DEFAULT 0x00007f0000000000UL
/* Linux's stack_guard_gap: kept free below a stack that grows down. */
#define STACK_GUARD_GAP (256 * PAGE_SIZE)
/* RLIMIT_STACK's default, and the stack area's initial size. */
#define STACK_RLIMIT_DEFAULT (8UL << 20)
#define STACK_INITIAL_SIZE (128UL << 10)
/* Linux's vm.max_map_count: more areas than this is ENOMEM. */
#define MAX_MAP_COUNT 65530

/* vm_area.vm_flags, Linux's values. */
#define VM_READ 0x1UL
#define VM_WRITE 0x2UL
#define VM_EXEC 0x4UL
#define VM_SHARED 0x8UL
#define VM_MAYREAD 0x10UL
#define VM_MAYWRITE 0x20UL
#define VM_MAYEXEC 0x40UL
#define VM_GROWSDOWN 0x100UL
#define VM_NORESERVE 0x200000UL
#define VM_PROT_MASK (VM_READ | VM_WRITE | VM_EXEC)

/* struct vm_area: one virtual memory area of a user address space */
struct vm_area {
	unsigned long start, end; /* [start, end), page aligned */
	unsigned long vm_flags;	  /* VM_* */
	struct file *file;	  /* NULL: anonymous; else a reference */
	u64 pgoff;		  /* file offset of start, bytes/4096 */
	struct rb_node rb;	  /* in mm->areas, ordered by start */
	struct mm *mm;
};

/* vm_fault() flags, from the x86 page-fault error code. */
#define FAULT_PRESENT 0x1U /* the page was present: a protection fault */
#define FAULT_WRITE 0x2U
#define FAULT_USER 0x4U
#define FAULT_EXEC 0x10U

/*
 * mmap(2): PROT_*, MAP_PRIVATE|MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED|
 * MAP_FIXED_NOREPLACE|MAP_GROWSDOWN|MAP_STACK|MAP_NORESERVE|MAP_POPULATE;
 * addr is a hint without MAP_FIXED. Returns the address or a negative
 * errno (IS_ERR_VALUE style). file: a reference the area takes its own
 * of (get_file); ignored with MAP_ANONYMOUS.
 */
long vm_mmap(struct mm *mm, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, struct file *file,
	     u64 offset);
int vm_munmap(struct mm *mm, unsigned long addr, unsigned long len);
int vm_mprotect(struct mm *mm, unsigned long addr, unsigned long len,
		unsigned long prot);
/* flags: MREMAP_MAYMOVE, MREMAP_FIXED (new_addr). */
long vm_mremap(struct mm *mm, unsigned long old, unsigned long old_len,
	       unsigned long new_len, unsigned long flags,
	       unsigned long new_addr);
/* sys_brk: the new break, or the old one when it cannot move. */
unsigned long vm_brk(struct mm *mm, unsigned long brk);
int vm_madvise_dontneed(struct mm *mm, unsigned long addr, unsigned long len);
/*
 * madvise(2): MADV_DONTNEED (and _LOCKED), MADV_FREE (done at once, as
 * DONTNEED: private anonymous areas only, else -EINVAL), and the hints
 * that change nothing visible (NORMAL, RANDOM, SEQUENTIAL, WILLNEED,
 * COLD, PAGEOUT, [NO]HUGEPAGE, [UN]MERGEABLE, DONTDUMP, DODUMP), which
 * only check the range. Other advice is -EINVAL: REMOVE, the fork
 * advice (DONTFORK, WIPEONFORK: fork would not honour them), POPULATE_*,
 * COLLAPSE, HWPOISON.
 */
int vm_madvise(struct mm *mm, unsigned long addr, unsigned long len,
	       int advice);

/* The initial stack area below top, growing down to rlimit bytes. */
int vm_setup_stack(struct mm *mm, unsigned long top, unsigned long rlimit);

/*
 * Page-fault resolution for a user address in mm. May sleep (mmap_lock).
 * Returns 0 when resolved, -EFAULT when no area covers addr (SIGSEGV
 * SEGV_MAPERR), -EACCES on a protection violation (SIGSEGV SEGV_ACCERR),
 * -ENOMEM when memory ran out (OOM), -EIO for a file page wholly past
 * the end of its file (SIGBUS, as Linux).
 */
int vm_fault(struct mm *mm, unsigned long addr, unsigned int flags);

/*
 * Copy len bytes at user address addr of mm (any address space, not
 * just the running one) into buf, faulting pages in as a read would.
 * Returns the bytes copied: short at the first page not readable.
 * May sleep (mmap_lock); the caller holds a reference on mm.
 */
size_t access_remote_vm(struct mm *mm, unsigned long addr, void *buf,
			size_t len);

/*
 * The frame behind user address addr of mm when a shared mapping covers
 * it (a shared futex is keyed by it, as Linux keys one by its page, so
 * that processes mapping it at different addresses meet): 0 with *pa
 * (the frame's address plus addr's offset in it) and *page, a reference
 * the caller drops with put_page(). 1 when a private area covers addr,
 * -EFAULT when no readable one does. May sleep (mmap_lock).
 */
int vm_shared_page(struct mm *mm, unsigned long addr, struct page **page,
		   phys_addr_t *pa);

/*
 * fork(): a copy of every area; copy-on-write under CONFIG_FORK_COW,
 * else every page copied now. NULL when memory runs out.
 */
struct mm *mm_fork(struct mm *src);
void mm_get(struct mm *mm);
/* The last put frees the areas, the user frames, the tables, the mm. */
void mm_put(struct mm *mm);
/* exec: drop every user area (frames included) of an mm not running. */
void mm_drop_areas(struct mm *mm);
/* User frames mapped in mm, and the most there have been (getrusage). */
unsigned long mm_rss(struct mm *mm);
unsigned long mm_hiwater_rss(struct mm *mm);

/* The area containing addr, or NULL. Caller holds mm->mmap_lock. */
struct vm_area *vma_lookup(struct mm *mm, unsigned long addr);
/* The first area ending above addr, or NULL. Caller holds mmap_lock. */
struct vm_area *vma_find(struct mm *mm, unsigned long addr);
struct vm_area *vma_first(struct mm *mm);
struct vm_area *vma_next(struct vm_area *vma);

/* mm_create() calls this: no areas, default layout, one user. */
void mm_init_areas(struct mm *mm);

#endif /* _MOSAIC_MMAP_H */
