// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "mmap": user address spaces without user mode. Each case
 * makes an mm with mm_create(), calls vm_mmap/vm_fault/..., checks the
 * page tables with vmm_translate() and the frames through the direct
 * map, and ends with mm_put() and the frame and heap statistics back at
 * the baseline taken before it.
 */
#include <asm/processor.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/mm.h>
#include <mosaic/mmap.h>
#include <mosaic/pager_policy.h>
#include <mosaic/random.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>
#include <mosaic/vmm.h>

#include "mmap_ktest.h"

unsigned long mt_mapped(struct mm *mm, unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		phys_addr_t pa;

		if (!vmm_translate(mm, va, &pa, NULL))
			n++;
	}
	return n;
}

u8 *mt_kva(struct mm *mm, unsigned long va)
{
	phys_addr_t pa;

	if (vmm_translate(mm, va, &pa, NULL))
		return NULL;
	return phys_to_virt(pa);
}

int mt_write(struct mm *mm, unsigned long va, u8 val)
{
	int ret = vm_fault(mm, va, FAULT_WRITE | FAULT_USER);
	u8 *p;

	if (ret)
		return ret;
	p = mt_kva(mm, va);
	if (!p)
		return -ENOENT;
	*p = val;
	return 0;
}

int mt_read(struct mm *mm, unsigned long va)
{
	int ret = vm_fault(mm, va, FAULT_USER);
	u8 *p;

	if (ret)
		return ret;
	p = mt_kva(mm, va);
	return p ? *p : -ENOENT;
}

bool mt_eager(void)
{
	return strcmp(pager_selected_policy->name, "eager") == 0;
}

bool mt_fixed(struct mm *mm, unsigned long addr, unsigned long len,
	      unsigned long prot)
{
	return vm_mmap(mm, addr, len, prot, MT_ANON | MAP_FIXED, NULL, 0) ==
	       (long)addr;
}

unsigned long mt_count_areas(struct mm *mm)
{
	unsigned long n = 0;

	for (struct vm_area *v = vma_first(mm); v; v = vma_next(v))
		n++;
	return n;
}

#define PG PAGE_SIZE
#define BASE 0x400000000UL /* 16 GiB: far from the hints and mmap_base */

static void test_anon_map_and_fault(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;
	long addr;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	addr = vm_mmap(mm, 0, 3 * PG, MT_RW, MT_ANON, NULL, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(addr));
	KT_EXPECT(t, IS_ALIGNED(addr, PG));
	KT_EXPECT(t, addr >= (long)MMAP_MIN_ADDR &&
			     addr + 3 * PG <= MMAP_BASE_DEFAULT);
	KT_EXPECT_EQ(t, mt_mapped(mm, addr, addr + 3 * PG), mt_eager() ? 3 : 0);
	KT_EXPECT_EQ(t, mm_rss(mm), mt_eager() ? 3 : 0);
	for (int i = 0; i < 3; i++) {
		KT_EXPECT_EQ(t, mt_read(mm, addr + i * PG + 100), 0);
		KT_EXPECT_EQ(t, mt_write(mm, addr + i * PG + 7, 0x40 + i), 0);
	}
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, mt_read(mm, addr + i * PG + 7), 0x40 + i);
	KT_EXPECT_EQ(t, mt_mapped(mm, addr, addr + 3 * PG), 3);
	KT_EXPECT_EQ(t, mm_rss(mm), 3);
	/* Distinct frames. */
	KT_EXPECT(t, mt_kva(mm, addr) != mt_kva(mm, addr + PG));
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fault_errors(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	long ro, rx, none, rw;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	rw = vm_mmap(mm, BASE, PG, MT_RW, MT_ANON | MAP_FIXED, NULL, 0);
	ro = vm_mmap(mm, BASE + 2 * PG, PG, PROT_READ, MT_ANON | MAP_FIXED,
		     NULL, 0);
	rx = vm_mmap(mm, BASE + 4 * PG, PG, PROT_READ | PROT_EXEC,
		     MT_ANON | MAP_FIXED, NULL, 0);
	none = vm_mmap(mm, BASE + 6 * PG, PG, PROT_NONE, MT_ANON | MAP_FIXED,
		       NULL, 0);
	KT_ASSERT(t, rw == (long)BASE && ro == (long)(BASE + 2 * PG));
	KT_ASSERT(t,
		  rx == (long)(BASE + 4 * PG) && none == (long)(BASE + 6 * PG));
	/* Outside every area: the gaps, below, above, the kernel half. */
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + PG, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE - 1, FAULT_WRITE), -EFAULT);
	KT_EXPECT_EQ(t, vm_fault(mm, 0, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, vm_fault(mm, TASK_SIZE, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, vm_fault(mm, 0xffff800000001000UL, FAULT_USER),
		     -EFAULT);
	KT_EXPECT_EQ(t, vm_fault(mm, ~0UL, FAULT_WRITE), -EFAULT);
	/* Protection. */
	KT_EXPECT_EQ(t, vm_fault(mm, ro, FAULT_WRITE | FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_fault(mm, ro, FAULT_EXEC | FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_fault(mm, rw, FAULT_EXEC | FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_fault(mm, none, FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_fault(mm, rx, FAULT_WRITE | FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_fault(mm, ro, FAULT_USER), 0);
	KT_EXPECT_EQ(t, vm_fault(mm, rx + 5, FAULT_EXEC | FAULT_USER), 0);
	KT_EXPECT_EQ(t, vm_fault(mm, rw + PG - 1, FAULT_WRITE | FAULT_USER), 0);
	/* A write fault on a present read-only page is still refused. */
	KT_EXPECT_EQ(t, vm_fault(mm, ro, FAULT_WRITE | FAULT_PRESENT), -EACCES);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static unsigned long pte_flags(struct mm *mm, unsigned long va)
{
	unsigned long flags = 0;
	phys_addr_t pa;

	if (vmm_translate(mm, va, &pa, &flags))
		return ~0UL;
	return flags;
}

static void test_pte_protection_bits(struct ktest *t)
{
	unsigned long nx = vmm_has_nx() ? VMM_NX : 0;
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, PG, MT_RW));
	KT_ASSERT(t, mt_fixed(mm, BASE + PG, PG, PROT_READ));
	KT_ASSERT(t, mt_fixed(mm, BASE + 2 * PG, PG, PROT_READ | PROT_EXEC));
	for (int i = 0; i < 3; i++)
		KT_ASSERT(t, vm_fault(mm, BASE + i * PG, FAULT_USER) == 0);
	KT_EXPECT_EQ(t, pte_flags(mm, BASE), VMM_USER | VMM_WRITE | nx);
	KT_EXPECT_EQ(t, pte_flags(mm, BASE + PG), VMM_USER | nx);
	KT_EXPECT_EQ(t, pte_flags(mm, BASE + 2 * PG), VMM_USER);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_hint_and_placement(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	long a, c, d;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	/* A free hint is taken as is (rounded up to a page). */
	a = vm_mmap(mm, BASE + 10, 2 * PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT_EQ(t, a, BASE + PG);
	/* An occupied hint: somewhere else, not overlapping. */
	c = vm_mmap(mm, BASE + PG, 2 * PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT(t, !IS_ERR_VALUE(c) && c != a);
	KT_EXPECT(t, c + 2 * (long)PG <= a || c >= a + 2 * (long)PG);
	/* Hints below mmap_min_addr or past the user half are ignored. */
	d = vm_mmap(mm, PG, PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT(t, !IS_ERR_VALUE(d) && d >= (long)MMAP_MIN_ADDR);
	d = vm_mmap(mm, TASK_SIZE, PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT(t, !IS_ERR_VALUE(d) && d + PG <= TASK_SIZE);
	/* Top-down: the next hintless area sits right below the last. */
	a = vm_mmap(mm, 0, PG, MT_RW, MT_ANON, NULL, 0);
	c = vm_mmap(mm, 0, PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT_EQ(t, c, a - PG);
	KT_EXPECT_EQ(t, mm->map_count, mt_count_areas(mm));
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fixed_replaces(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 3 * PG, MT_RW));
	for (int i = 0; i < 3; i++)
		KT_ASSERT(t, mt_write(mm, BASE + i * PG, 0x11 * (i + 1)) == 0);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, BASE + PG, PG, PROT_READ, MT_ANON | MAP_FIXED,
			     NULL, 0),
		     BASE + PG);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 3);
	KT_EXPECT_EQ(t, mt_read(mm, BASE), 0x11);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + PG), 0); /* a new, zero page */
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 2 * PG), 0x33);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + PG, FAULT_WRITE), -EACCES);
	KT_EXPECT_EQ(t, mm_rss(mm), 3);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fixed_noreplace(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, vm_mmap(mm, BASE, 2 * PG, MT_RW,
			     MT_ANON | MAP_FIXED_NOREPLACE, NULL,
			     0) == (long)BASE);
	KT_ASSERT(t, mt_write(mm, BASE, 0x5a) == 0);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, BASE + PG, 2 * PG, MT_RW,
			     MT_ANON | MAP_FIXED_NOREPLACE, NULL, 0),
		     -EEXIST);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, BASE - PG, 2 * PG, MT_RW,
			     MT_ANON | MAP_FIXED_NOREPLACE | MAP_FIXED, NULL,
			     0),
		     -EEXIST);
	KT_EXPECT_EQ(t, mt_read(mm, BASE), 0x5a);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, BASE + 2 * PG, PG, MT_RW,
			     MT_ANON | MAP_FIXED_NOREPLACE, NULL, 0),
		     BASE + 2 * PG);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_mmap_bad_input(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, 0, MT_RW, MT_ANON, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, MT_RW, MAP_ANONYMOUS, NULL, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, MT_RW, MAP_ANONYMOUS | 0xf, NULL, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, 0x80, MT_ANON, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, 0, PG, MT_RW,
			     MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x4000000,
			     NULL, 0),
		     -EOPNOTSUPP);
	KT_EXPECT_EQ(
		t,
		vm_mmap(mm, BASE + 1, PG, MT_RW, MT_ANON | MAP_FIXED, NULL, 0),
		-EINVAL);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, MT_RW, MAP_PRIVATE, NULL, 0),
		     -EBADF);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, ~0UL, MT_RW, MT_ANON, NULL, 0), -ENOMEM);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, TASK_SIZE + PG, MT_RW, MT_ANON, NULL, 0),
		     -ENOMEM);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, 1UL << 62, MT_RW, MT_ANON, NULL, 0),
		     -ENOMEM);
	/* MAP_FIXED at the kernel half, past the top, wrapping, too low. */
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, 0xffff800000000000UL, PG, MT_RW,
			     MT_ANON | MAP_FIXED, NULL, 0),
		     -ENOMEM);
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, TASK_SIZE - PG, 2 * PG, MT_RW,
			     MT_ANON | MAP_FIXED, NULL, 0),
		     -ENOMEM);
	KT_EXPECT_EQ(
		t,
		vm_mmap(mm, -PG, 2 * PG, MT_RW, MT_ANON | MAP_FIXED, NULL, 0),
		-ENOMEM);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, MT_RW, MT_ANON | MAP_FIXED, NULL, 0),
		     -EPERM);
	/* An almost-full user half: placement finds no room. */
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, TASK_SIZE - PG, MT_RW, MT_ANON, NULL, 0),
		     -ENOMEM);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 0);
	KT_EXPECT_EQ(t, mm_rss(mm), 0);
	/* A big demand area costs nothing until touched; eager is refused. */
	if (!mt_eager()) {
		long big = vm_mmap(mm, 0, 1UL << 40, MT_RW,
				   MT_ANON | MAP_NORESERVE, NULL, 0);

		KT_EXPECT(t, !IS_ERR_VALUE(big));
		KT_EXPECT_EQ(t, mt_write(mm, big + (1UL << 39), 1), 0);
		KT_EXPECT_EQ(t, mm_rss(mm), 1);
	} else {
		KT_EXPECT_EQ(t,
			     vm_mmap(mm, 0, 1UL << 40, MT_RW, MT_ANON, NULL, 0),
			     -ENOMEM);
		KT_EXPECT_EQ(t, mt_count_areas(mm), 0);
		KT_EXPECT_EQ(t, mm_rss(mm), 0);
	}
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_munmap_splits_in_three(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct vm_area *v;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 5 * PG, MT_RW));
	for (int i = 0; i < 5; i++)
		KT_ASSERT(t, mt_write(mm, BASE + i * PG, i + 1) == 0);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE + PG, 2 * PG), 0);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	v = vma_first(mm);
	KT_ASSERT(t, v && v->start == BASE && v->end == BASE + PG);
	v = vma_next(v);
	KT_ASSERT(t, v && v->start == BASE + 3 * PG && v->end == BASE + 5 * PG);
	KT_EXPECT_EQ(t, mt_mapped(mm, BASE, BASE + 5 * PG), 3);
	KT_EXPECT_EQ(t, mm_rss(mm), 3);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + PG, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, mt_read(mm, BASE), 1);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 3 * PG), 4);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 4 * PG), 5);
	/* Unmapping a hole, or across the hole, is fine. */
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE + PG, PG), 0);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE, 4 * PG), 0);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, mm_rss(mm), 1);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_munmap_bad_input(struct ktest *t)
{
	struct mm *mm = mm_create();

	KT_ASSERT(t, mm);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE + 1, PG), -EINVAL);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_munmap(mm, 0xffff800000000000UL, PG), -EINVAL);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE, ~0UL), -EINVAL);
	KT_EXPECT_EQ(t, vm_munmap(mm, TASK_SIZE - PG, 2 * PG), -EINVAL);
	KT_EXPECT_EQ(t, vm_munmap(mm, BASE, PG), 0);
	mm_put(mm);
}

static void test_mprotect_splits(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 4 * PG, MT_RW));
	for (int i = 0; i < 4; i++)
		KT_ASSERT(t, mt_write(mm, BASE + i * PG, 9) == 0);
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE + PG, 2 * PG, PROT_READ), 0);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 3);
	KT_EXPECT(t, !(pte_flags(mm, BASE + PG) & VMM_WRITE));
	KT_EXPECT(t, !(pte_flags(mm, BASE + 2 * PG) & VMM_WRITE));
	KT_EXPECT(t, pte_flags(mm, BASE) & VMM_WRITE);
	KT_EXPECT(t, pte_flags(mm, BASE + 3 * PG) & VMM_WRITE);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + PG, FAULT_WRITE | FAULT_PRESENT),
		     -EACCES);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 2 * PG), 9);
	/* PROT_NONE: no user access at all; back to RW keeps the data. */
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE + PG, PG, PROT_NONE), 0);
	KT_EXPECT(t, !(pte_flags(mm, BASE + PG) & VMM_USER));
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + PG, FAULT_USER), -EACCES);
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, 4 * PG, MT_RW), 0);
	KT_EXPECT_EQ(t, pte_flags(mm, BASE + PG) & (VMM_USER | VMM_WRITE),
		     VMM_USER | VMM_WRITE);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + PG), 9);
	KT_EXPECT_EQ(t, mm_rss(mm), 4);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_mprotect_bad_input(struct ktest *t)
{
	struct mm *mm = mm_create();

	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, PG, MT_RW));
	KT_ASSERT(t, mt_fixed(mm, BASE + 2 * PG, PG, MT_RW));
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE + 1, PG, PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, PG, 0x80), -EINVAL);
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, 0, PROT_READ), 0);
	/* A hole in the range: nothing changes. */
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, 3 * PG, PROT_READ), -ENOMEM);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	KT_EXPECT_EQ(t, vma_first(mm)->vm_flags & VM_PROT_MASK,
		     VM_READ | VM_WRITE);
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, ~0UL, PROT_READ), -ENOMEM);
	KT_EXPECT_EQ(t, vm_mprotect(mm, 0xffff800000000000UL, PG, PROT_READ),
		     -ENOMEM);
	mm_put(mm);
}

#define MT_FILE "/mmap_ktest_file"
#define MT_FILE_LEN 5000

/* The byte the test file holds at off. */
static u8 file_byte(unsigned long off)
{
	return (u8)(off * 7 + 3);
}

static struct file *make_file(struct ktest *t, int flags)
{
	static u8 buf[MT_FILE_LEN];
	struct file *f;

	for (int i = 0; i < MT_FILE_LEN; i++)
		buf[i] = file_byte(i);
	f = vfs_open(vfs_kernel_fs(), NULL, MT_FILE, O_CREAT | O_RDWR, 0644);
	if (IS_ERR(f))
		return f;
	if (vfs_pwrite(f, buf, MT_FILE_LEN, 0) != MT_FILE_LEN) {
		fput(f);
		return ERR_PTR(-EIO);
	}
	if (flags != O_RDWR) {
		fput(f);
		f = vfs_open(vfs_kernel_fs(), NULL, MT_FILE, flags, 0);
	}
	return f;
}

static void drop_file(struct ktest *t, struct file *f)
{
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(vfs_kernel_fs(), NULL, MT_FILE), 0);
}

static void test_file_private_mapping(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;
	struct file *f;
	long a, c;
	u8 byte;

	ktest_mem_snapshot(&b);
	f = make_file(t, O_RDONLY);
	KT_ASSERT(t, !IS_ERR(f));
	mm = mm_create();
	KT_ASSERT(t, mm);
	a = vm_mmap(mm, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(a));
	KT_EXPECT_EQ(t, mt_read(mm, a), 3);
	KT_EXPECT_EQ(t, mt_read(mm, a + 100), file_byte(100));
	KT_EXPECT_EQ(t, mt_read(mm, a + PG + 10), file_byte(PG + 10));
	KT_EXPECT_EQ(t, mt_read(mm, a + MT_FILE_LEN - 1),
		     file_byte(MT_FILE_LEN - 1));
	/* The tail of the last page past the end of the file is zero. */
	KT_EXPECT_EQ(t, mt_read(mm, a + MT_FILE_LEN), 0);
	KT_EXPECT_EQ(t, mt_read(mm, a + 2 * PG - 1), 0);
	/* A page wholly past the end: SIGBUS, as Linux. */
	KT_EXPECT_EQ(t, vm_fault(mm, a + 2 * PG, FAULT_USER), -EIO);
	/* Private: a write changes the mapping, not the file. */
	KT_EXPECT_EQ(t, mt_write(mm, a + 1, 0xee), 0);
	KT_EXPECT_EQ(t, mt_read(mm, a + 1), 0xee);
	KT_EXPECT_EQ(t, vfs_pread(f, &byte, 1, 1), 1);
	KT_EXPECT_EQ(t, byte, 10);
	/* An offset: the second file page at the start. */
	c = vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, f, PG);
	KT_ASSERT(t, !IS_ERR_VALUE(c));
	KT_EXPECT_EQ(t, mt_read(mm, c + 1), file_byte(PG + 1));
	mm_put(mm);
	drop_file(t, f);
	ktest_expect_mem_baseline(t, &b);
}

static void test_file_mapping_refusals(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct file *f, *w;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	f = make_file(t, O_RDONLY);
	KT_ASSERT(t, !IS_ERR(f));
	w = vfs_open(vfs_kernel_fs(), NULL, MT_FILE, O_WRONLY, 0);
	KT_ASSERT(t, !IS_ERR(w));
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, w, 0),
		     -EACCES);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, MT_RW, MAP_SHARED, f, 0), -EACCES);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, f, 1),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, f, -PG),
		     -EOVERFLOW);
	/* Read-only shared: allowed, but never writable. */
	KT_EXPECT(t, !IS_ERR_VALUE(vm_mmap(mm, BASE, PG, PROT_READ,
					   MAP_SHARED | MAP_FIXED, f, 0)));
	KT_EXPECT_EQ(t, vm_mprotect(mm, BASE, PG, MT_RW), -EACCES);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 2), 17);
	mm_put(mm);
	fput(w);
	drop_file(t, f);
	ktest_expect_mem_baseline(t, &b);
}

static void test_brk_grow_shrink(struct ktest *t)
{
	unsigned long start = BASE + 100;
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	/* No heap set up: brk cannot move. */
	KT_EXPECT_EQ(t, vm_brk(mm, BASE + PG), 0);
	/* The loader's end of bss shares a page with the data. */
	KT_ASSERT(t, mt_fixed(mm, BASE, PG, MT_RW));
	mm->start_brk = mm->brk = start;
	KT_EXPECT_EQ(t, vm_brk(mm, 0), start);
	KT_EXPECT_EQ(t, vm_brk(mm, start - 1), start);
	KT_EXPECT_EQ(t, vm_brk(mm, start + 3 * PG), start + 3 * PG);
	KT_EXPECT_EQ(t, mt_write(mm, start + 3 * PG - 1, 4), 0);
	KT_EXPECT_EQ(t, mt_write(mm, BASE + PG, 5), 0);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + 5 * PG, FAULT_USER), -EFAULT);
	/*
	 * The heap grows the area below it when that is compatible
	 * anonymous memory (here the data page, as Linux merges them).
	 */
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, vm_brk(mm, start + 5 * PG), start + 5 * PG);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, vma_first(mm)->end, BASE + 6 * PG);
	KT_EXPECT_EQ(t, mt_write(mm, start + 5 * PG - 1, 6), 0);
	KT_EXPECT_EQ(t, mt_read(mm, start + 3 * PG - 1), 4);
	/* Shrink: the frames above go back, the rest stay. */
	KT_EXPECT_EQ(t, vm_brk(mm, start + PG), start + PG);
	KT_EXPECT_EQ(t, vm_fault(mm, start + 3 * PG, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, mt_mapped(mm, BASE + 2 * PG, BASE + 6 * PG), 0);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + PG), 5);
	/* Growth into another area is refused. */
	KT_ASSERT(t, mt_fixed(mm, BASE + 8 * PG, PG, MT_RW));
	KT_EXPECT_EQ(t, vm_brk(mm, BASE + 9 * PG), start + PG);
	KT_EXPECT_EQ(t, vm_brk(mm, ~0UL), start + PG);
	KT_EXPECT_EQ(t, vm_brk(mm, start), start);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_madvise_dontneed(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 3 * PG, MT_RW));
	for (int i = 0; i < 3; i++)
		KT_ASSERT(t, mt_write(mm, BASE + i * PG, 0x77) == 0);
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, BASE, 2 * PG), 0);
	KT_EXPECT_EQ(t, mt_mapped(mm, BASE, BASE + 3 * PG), 1);
	KT_EXPECT_EQ(t, mm_rss(mm), 1);
	KT_EXPECT_EQ(t, mt_read(mm, BASE), 0);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 2 * PG), 0x77);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, BASE + 1, PG), -EINVAL);
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, BASE, ~0UL), -EINVAL);
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, BASE, 0), 0);
	/* Partly unmapped: the mapped part is dropped, ENOMEM reported. */
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, BASE + 2 * PG, 2 * PG),
		     -ENOMEM);
	KT_EXPECT_EQ(t, mt_mapped(mm, BASE + 2 * PG, BASE + 3 * PG), 0);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_mremap_grow_in_place(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 2 * PG, MT_RW));
	KT_ASSERT(t, mt_write(mm, BASE + PG, 0x31) == 0);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, 2 * PG, 4 * PG, 0, 0), BASE);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, vma_first(mm)->end, BASE + 4 * PG);
	KT_EXPECT_EQ(t, mt_mapped(mm, BASE + 2 * PG, BASE + 4 * PG),
		     mt_eager() ? 2 : 0);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + PG), 0x31);
	KT_EXPECT_EQ(t, mt_write(mm, BASE + 3 * PG, 1), 0);
	/* Shrinking frees the tail. */
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, 4 * PG, PG + 1, 0, 0), BASE);
	KT_EXPECT_EQ(t, vma_first(mm)->end, BASE + 2 * PG);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE + 3 * PG, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + PG), 0x31);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_mremap_move(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	unsigned long rss;
	struct mm *mm;
	long moved;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 2 * PG, MT_RW));
	KT_ASSERT(t, mt_fixed(mm, BASE + 2 * PG, PG, MT_RW));
	KT_ASSERT(t, mt_write(mm, BASE, 0x51) == 0);
	KT_ASSERT(t, mt_write(mm, BASE + PG, 0x52) == 0);
	KT_ASSERT(t, mt_write(mm, BASE + 2 * PG, 0x53) == 0);
	rss = mm_rss(mm);
	/* Blocked above, and not allowed to move. */
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, 2 * PG, 3 * PG, 0, 0), -ENOMEM);
	KT_EXPECT_EQ(t, mt_read(mm, BASE), 0x51);
	moved = vm_mremap(mm, BASE, 2 * PG, 3 * PG, MREMAP_MAYMOVE, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(moved) && moved != (long)BASE);
	KT_EXPECT_EQ(t, mt_read(mm, moved), 0x51);
	KT_EXPECT_EQ(t, mt_read(mm, moved + PG), 0x52);
	KT_EXPECT_EQ(t, mt_read(mm, moved + 2 * PG), 0);
	KT_EXPECT_EQ(t, vm_fault(mm, BASE, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 2 * PG), 0x53);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	KT_EXPECT_EQ(t, mm_rss(mm), rss + 1);
	/* To a fixed place, replacing what was there. */
	KT_ASSERT(t, mt_fixed(mm, BASE + 10 * PG, PG, MT_RW));
	KT_EXPECT_EQ(t,
		     vm_mremap(mm, moved, 3 * PG, 2 * PG,
			       MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 10 * PG),
		     BASE + 10 * PG);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 10 * PG + PG), 0x52);
	KT_EXPECT_EQ(t, vm_fault(mm, moved, FAULT_USER), -EFAULT);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 2);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_mremap_bad_input(struct ktest *t)
{
	struct mm *mm = mm_create();

	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, 2 * PG, MT_RW));
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE + 1, PG, 2 * PG, 0, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, PG, 0, 0, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, PG, 2 * PG, 0x80, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, PG, 2 * PG, MREMAP_FIXED, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE + 4 * PG, PG, 2 * PG, 0, 0),
		     -EFAULT);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, 3 * PG, 4 * PG, MREMAP_MAYMOVE, 0),
		     -EFAULT);
	KT_EXPECT_EQ(t,
		     vm_mremap(mm, BASE, PG, 2 * PG,
			       MREMAP_MAYMOVE | MREMAP_FIXED, BASE - PG),
		     -EINVAL);
	KT_EXPECT_EQ(t,
		     vm_mremap(mm, BASE, PG, 2 * PG,
			       MREMAP_MAYMOVE | MREMAP_FIXED, BASE + 5),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, PG, ~0UL, MREMAP_MAYMOVE, 0),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_mremap(mm, BASE, PG, 1UL << 62, MREMAP_MAYMOVE, 0),
		     -ENOMEM);
	KT_EXPECT_EQ(t, vm_mremap(mm, 0xffff800000000000UL, PG, 2 * PG, 0, 0),
		     -EFAULT);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	KT_EXPECT_EQ(t, vma_first(mm)->end, BASE + 2 * PG);
	mm_put(mm);
}

#define TOP 0x7fff00000000UL

static void test_stack_grows_down_to_rlimit(struct ktest *t)
{
	unsigned long low = TOP - STACK_INITIAL_SIZE;
	struct ktest_mem_snapshot b;
	struct vm_area *v;
	struct mm *mm;
	long a;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, vm_setup_stack(mm, TOP, 1UL << 20) == 0);
	v = vma_first(mm);
	KT_ASSERT(t, v && v->start == low && v->end == TOP);
	KT_EXPECT(t, v->vm_flags & VM_GROWSDOWN);
	KT_EXPECT_EQ(t, mm->start_stack, TOP);
	KT_EXPECT_EQ(t, mt_write(mm, TOP - 8, 0x5c), 0);
	/* Below the area: it grows down to the faulting page. */
	KT_EXPECT_EQ(t, mt_write(mm, low - 8, 0x5d), 0);
	KT_EXPECT_EQ(t, vma_first(mm)->start, low - PG);
	KT_EXPECT_EQ(t, mt_write(mm, TOP - (1UL << 20), 0x5e), 0);
	KT_EXPECT_EQ(t, vma_first(mm)->start, TOP - (1UL << 20));
	KT_EXPECT_EQ(t, mt_mapped(mm, TOP - (1UL << 20), low - PG),
		     mt_eager() ?
			     (1UL << 20) / PG - STACK_INITIAL_SIZE / PG - 1 :
			     1);
	/* One byte past the limit: SIGSEGV, the area unchanged. */
	KT_EXPECT_EQ(t, vm_fault(mm, TOP - (1UL << 20) - 1, FAULT_WRITE),
		     -EFAULT);
	KT_EXPECT_EQ(t, vma_first(mm)->start, TOP - (1UL << 20));
	KT_EXPECT_EQ(t, mt_read(mm, low - 8), 0x5d);
	KT_EXPECT_EQ(t, mt_read(mm, TOP - 8), 0x5c);
	/* Placement stays below the stack's limit and guard gap. */
	a = vm_mmap(mm, 0, PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT(t, a + PG <= (long)(TOP - (1UL << 20) - STACK_GUARD_GAP));
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_stack_guard_gap(struct ktest *t)
{
	unsigned long low = TOP - STACK_INITIAL_SIZE;
	unsigned long below = low - STACK_GUARD_GAP - 4 * PG;
	struct ktest_mem_snapshot b;
	struct mm *mm;
	long a;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, vm_setup_stack(mm, TOP, 8UL << 20) == 0);
	KT_ASSERT(t, mt_fixed(mm, below - PG, PG, MT_RW));
	/* Four pages of growth keep the gap; a fifth would eat into it. */
	KT_EXPECT_EQ(t, vm_fault(mm, low - 4 * PG, FAULT_WRITE), 0);
	KT_EXPECT_EQ(t, vm_fault(mm, low - 5 * PG, FAULT_WRITE), -EFAULT);
	KT_EXPECT_EQ(t, vma_next(vma_first(mm))->start, low - 4 * PG);
	/* A hint inside the gap is not taken; MAP_FIXED may still go there. */
	a = vm_mmap(mm, low - 10 * PG, PG, MT_RW, MT_ANON, NULL, 0);
	KT_EXPECT(t, !IS_ERR_VALUE(a) && a != (long)(low - 10 * PG));
	KT_EXPECT_EQ(t,
		     vm_mmap(mm, low - 10 * PG, PG, MT_RW, MT_ANON | MAP_FIXED,
			     NULL, 0),
		     low - 10 * PG);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_stack_bad_input(struct ktest *t)
{
	struct mm *mm = mm_create();

	KT_ASSERT(t, mm);
	KT_EXPECT_EQ(t, vm_setup_stack(mm, TOP + 8, 1UL << 20), -EINVAL);
	KT_EXPECT_EQ(t, vm_setup_stack(mm, TASK_SIZE + PG, 1UL << 20), -EINVAL);
	KT_EXPECT_EQ(t, vm_setup_stack(mm, 0xffff800000000000UL, 1UL << 20),
		     -EINVAL);
	KT_EXPECT_EQ(t, vm_setup_stack(mm, TOP, 0), -EINVAL);
	KT_EXPECT_EQ(t, vm_setup_stack(mm, PG, 1UL << 20), -EINVAL);
	KT_ASSERT(t, mt_fixed(mm, TOP - PG, PG, MT_RW));
	KT_EXPECT_EQ(t, vm_setup_stack(mm, TOP, 1UL << 20), -ENOMEM);
	KT_EXPECT_EQ(t, mt_count_areas(mm), 1);
	/* An unlimited stack (RLIM_INFINITY) is clamped, not wrapped. */
	KT_EXPECT_EQ(t, vm_setup_stack(mm, TOP - 16 * PG, ~0UL), 0);
	KT_EXPECT_EQ(t, mt_write(mm, TOP - 16 * PG - STACK_INITIAL_SIZE - 8, 1),
		     0);
	mm_put(mm);
}

/* Pages with an entry anywhere in [start, end), by their tables. */
static unsigned long count_mapped(struct mm *mm, unsigned long start,
				  unsigned long end)
{
	unsigned long n = 0;

	for (unsigned long va = vmm_next_mapped(mm, start, end); va < end;
	     va = vmm_next_mapped(mm, va + PG, end))
		n++;
	return n;
}

/*
 * The tree is ordered and counted, and the RSS is exactly the pages
 * mapped, all of them inside areas.
 */
static void mt_expect_consistent(struct ktest *t, struct mm *mm)
{
	unsigned long prev_end = 0, n = 0, inside = 0;

	for (struct vm_area *v = vma_first(mm); v; v = vma_next(v)) {
		KT_EXPECT(t, v->start >= prev_end && v->start < v->end);
		KT_EXPECT(t, v->end <= TASK_SIZE && v->start >= MMAP_MIN_ADDR);
		KT_EXPECT(t, IS_ALIGNED(v->start | v->end, PG));
		inside += count_mapped(mm, v->start, v->end);
		prev_end = v->end;
		n++;
	}
	KT_EXPECT_EQ(t, n, mm->map_count);
	KT_EXPECT_EQ(t, inside, mm_rss(mm));
	KT_EXPECT_EQ(t, count_mapped(mm, 0, TASK_SIZE), mm_rss(mm));
}

/* An address a random call gets: in a small window, or anything. */
static unsigned long random_addr(struct prng *rng)
{
	static const unsigned long odd[] = {
		0,	   PG,	      MMAP_MIN_ADDR,	    TASK_SIZE - PG,
		TASK_SIZE, 1UL << 47, 0xffff800000000000UL, -PG,
		~0UL,
	};

	switch (prng_below(rng, 4)) {
	case 0:
		return odd[prng_below(rng, ARRAY_SIZE(odd))];
	case 1:
		return prng_next(rng);
	default:
		return BASE + prng_below(rng, 64) * PG +
		       (prng_below(rng, 8) ? 0 : prng_below(rng, PG));
	}
}

static unsigned long random_len(struct prng *rng)
{
	switch (prng_below(rng, 4)) {
	case 0:
		return prng_next(rng);
	case 1:
		return prng_below(rng, 3) ? ~0UL - prng_below(rng, 2 * PG) : 0;
	default:
		return prng_range(rng, 1, 8 * PG);
	}
}

/*
 * A fixed-seed storm of every call with random, often absurd arguments:
 * every result is a success or an errno, the tree stays ordered and
 * counted, the RSS matches the page tables, and everything comes back.
 */
static void test_random_calls_never_crash(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct prng rng;
	struct mm *mm, *child = NULL;

	ktest_mem_snapshot(&b);
	prng_seed(&rng, 0x6d6d6170);
	mm = mm_create();
	KT_ASSERT(t, mm);
	mm->start_brk = mm->brk = BASE + 70 * PG;
	for (int i = 0; i < 3000 && !t->failed; i++) {
		unsigned long a = random_addr(&rng), l = random_len(&rng);
		unsigned long p = prng_below(&rng, 16), f = prng_next(&rng);
		unsigned long n;
		long r = 0;

		switch (prng_below(&rng, 9)) {
		case 0:
			f = (f & (MAP_FIXED | MAP_FIXED_NOREPLACE |
				  MAP_POPULATE | MAP_GROWSDOWN | 0xf)) |
			    MAP_ANONYMOUS;
			/* Filling a huge area only measures the OOM path. */
			if (l > 64 * PG)
				f &= ~MAP_POPULATE;
			if (!mt_eager() || l <= 64 * PG)
				r = vm_mmap(mm, a, l, p & 7, f, NULL, 0);
			break;
		case 1:
			r = vm_munmap(mm, a, l);
			break;
		case 2:
			r = vm_mprotect(mm, a, l, p);
			break;
		case 3:
			n = random_len(&rng);
			if (!mt_eager() || n <= 64 * PG)
				r = vm_mremap(mm, a, l, n, f & 3,
					      random_addr(&rng));
			break;
		case 4:
			r = vm_madvise_dontneed(mm, a, l);
			break;
		case 5:
			vm_brk(mm, BASE + 70 * PG + prng_below(&rng, 8 * PG));
			break;
		case 6:
			r = vm_fault(mm, a, (unsigned int)p);
			KT_EXPECT(t, r == 0 || r == -EFAULT || r == -EACCES ||
					     r == -ENOMEM);
			break;
		case 7:
			if (!child)
				child = mm_fork(mm);
			break;
		default:
			if (child)
				mm_put(child);
			child = NULL;
			break;
		}
		KT_EXPECT(t, r >= 0 || r >= -MAX_ERRNO);
	}
	mt_expect_consistent(t, mm);
	if (child)
		mt_expect_consistent(t, child);
	if (child)
		mm_put(child);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

/* Many areas: lookups through the tree find each, in order. */
static void test_many_areas_tree(struct ktest *t)
{
	const int n = 300;
	unsigned long prev_end = 0;
	struct ktest_mem_snapshot b;
	struct mm *mm;
	int i, found = 0;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	/* Placed in a shuffled order, a gap page between each. */
	for (i = 0; i < n; i++) {
		unsigned long a =
			BASE + (unsigned long)((i * 113) % n) * 2 * PG;

		KT_ASSERT(t, vm_mmap(mm, a, PG, MT_RW,
				     MT_ANON | MAP_FIXED_NOREPLACE, NULL,
				     0) == (long)a);
	}
	KT_EXPECT_EQ(t, mm->map_count, n);
	for (struct vm_area *v = vma_first(mm); v; v = vma_next(v)) {
		KT_EXPECT(t, v->start >= prev_end);
		prev_end = v->end;
		found++;
	}
	KT_EXPECT_EQ(t, found, n);
	mutex_lock(&mm->mmap_lock);
	for (i = 0; i < n; i++) {
		unsigned long a = BASE + (unsigned long)i * 2 * PG;
		struct vm_area *v = vma_lookup(mm, a + 17);

		KT_EXPECT(t, v && v->start == a);
		KT_EXPECT(t, vma_lookup(mm, a + PG) == NULL);
	}
	mutex_unlock(&mm->mmap_lock);
	for (i = 0; i < n; i += 2)
		KT_EXPECT_EQ(
			t,
			vm_munmap(mm,
				  BASE + (unsigned long)((i * 7) % n) * 2 * PG,
				  PG),
			0);
	KT_EXPECT_EQ(t, mm->map_count, mt_count_areas(mm));
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_pager_policy(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;
	long a;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	a = vm_mmap(mm, 0, 16 * PG, MT_RW, MT_ANON, NULL, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(a));
	KT_EXPECT_EQ(t, mt_mapped(mm, a, a + 16 * PG), mt_eager() ? 16 : 0);
	/* Eager pages are filled: zero, writable, no fault needed. */
	if (mt_eager()) {
		u8 *p = mt_kva(mm, a + 5 * PG);

		KT_ASSERT(t, p);
		KT_EXPECT_EQ(t, p[123], 0);
		KT_EXPECT(t, pte_flags(mm, a) & VMM_WRITE);
	}
	KT_EXPECT_EQ(t, mt_write(mm, a + 5 * PG, 1), 0);
	KT_EXPECT_EQ(t, mt_mapped(mm, a, a + 16 * PG), mt_eager() ? 16 : 1);
	/* MAP_POPULATE fills the area under either pager. */
	a = vm_mmap(mm, 0, 4 * PG, MT_RW, MT_ANON | MAP_POPULATE, NULL, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(a));
	KT_EXPECT_EQ(t, mt_mapped(mm, a, a + 4 * PG), 4);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static void test_shared_anon(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *mm;
	long a;

	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	a = vm_mmap(mm, 0, 2 * PG, MT_RW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(a));
	KT_EXPECT_EQ(t, mt_mapped(mm, a, a + 2 * PG), 2);
	KT_EXPECT_EQ(t, mt_write(mm, a, 3), 0);
	/* DONTNEED keeps shared data (it is the object itself). */
	KT_EXPECT_EQ(t, vm_madvise_dontneed(mm, a, 2 * PG), 0);
	KT_EXPECT_EQ(t, mt_read(mm, a), 3);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

/*
 * The MMU itself: with CR3 on the new mm, the kernel reads and writes
 * the user page (CR0.WP makes the read-only page refuse the write path
 * just as for user mode, so only readable/writable pages are touched).
 */
static void test_access_through_mmu(struct ktest *t)
{
	volatile u8 *user;
	unsigned long irqflags;
	struct ktest_mem_snapshot b;
	struct mm *mm;
	u8 seen;

	if (read_cr4() & (1UL << 21)) {
		ktest_skip(t, "SMAP on: the kernel may not touch user pages");
		return;
	}
	ktest_mem_snapshot(&b);
	mm = mm_create();
	KT_ASSERT(t, mm);
	KT_ASSERT(t, mt_fixed(mm, BASE, PG, MT_RW));
	KT_ASSERT(t, mt_write(mm, BASE + 8, 0xab) == 0);
	user = (volatile u8 *)BASE;
	irqflags = local_irq_save();
	mm_activate(mm);
	seen = user[8];
	user[9] = 0xcd;
	mm_activate(&init_mm);
	local_irq_restore(irqflags);
	KT_EXPECT_EQ(t, seen, 0xab);
	KT_EXPECT_EQ(t, mt_read(mm, BASE + 9), 0xcd);
	mm_put(mm);
	ktest_expect_mem_baseline(t, &b);
}

static struct ktest_case mmap_cases[] = {
	KTEST_CASE(test_anon_map_and_fault),
	KTEST_CASE(test_fault_errors),
	KTEST_CASE(test_pte_protection_bits),
	KTEST_CASE(test_hint_and_placement),
	KTEST_CASE(test_fixed_replaces),
	KTEST_CASE(test_fixed_noreplace),
	KTEST_CASE(test_mmap_bad_input),
	KTEST_CASE(test_munmap_splits_in_three),
	KTEST_CASE(test_munmap_bad_input),
	KTEST_CASE(test_mprotect_splits),
	KTEST_CASE(test_mprotect_bad_input),
	KTEST_CASE(test_file_private_mapping),
	KTEST_CASE(test_file_mapping_refusals),
	KTEST_CASE(test_brk_grow_shrink),
	KTEST_CASE(test_madvise_dontneed),
	KTEST_CASE(test_mremap_grow_in_place),
	KTEST_CASE(test_mremap_move),
	KTEST_CASE(test_mremap_bad_input),
	KTEST_CASE(test_stack_grows_down_to_rlimit),
	KTEST_CASE(test_stack_guard_gap),
	KTEST_CASE(test_stack_bad_input),
	KTEST_CASE(test_many_areas_tree),
	KTEST_CASE(test_pager_policy),
	KTEST_CASE(test_shared_anon),
	KTEST_CASE(test_access_through_mmu),
	KTEST_CASE(test_random_calls_never_crash),
	{}
};

static struct ktest_mem_snapshot suite_start;

static int mmap_suite_init(struct ktest *t)
{
	ktest_mem_snapshot(&suite_start);
	return 0;
}

static void mmap_suite_exit(struct ktest *t)
{
	ktest_expect_mem_baseline(t, &suite_start);
}

KTEST_SUITE_FULL(mmap, mmap_cases, mmap_suite_init, mmap_suite_exit, 0);
