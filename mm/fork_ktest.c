// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "fork": mm_fork() copies every area; with CONFIG_FORK_COW
 * private pages are shared read-only until a write copies them (or finds
 * the page has one mapper left and keeps it), without it they are copied
 * at once. Isolation both ways, shared memory staying shared, and every
 * frame back after the last mm_put() whichever side goes first.
 */
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/mm.h>
#include <mosaic/mmap.h>
#include <mosaic/vmm.h>

#include "mmap_ktest.h"

#ifdef CONFIG_FORK_COW
static const bool fork_cow = true;
#else
static const bool fork_cow;
#endif

#define PG PAGE_SIZE
#define BASE 0x500000000UL

static phys_addr_t frame_of(struct mm *mm, unsigned long va,
			    unsigned long *flags)
{
	phys_addr_t pa;

	if (vmm_translate(mm, va, &pa, flags))
		return 0;
	return pa & PAGE_MASK;
}

/* A parent with three written pages at BASE and a read-only page. */
static struct mm *make_parent(struct ktest *t)
{
	struct mm *mm = mm_create();

	if (!mm)
		return NULL;
	if (vm_mmap(mm, BASE, 3 * PG, MT_RW, MT_ANON | MAP_FIXED, NULL, 0) !=
		    (long)BASE ||
	    vm_mmap(mm, BASE + 8 * PG, PG, PROT_READ, MT_ANON | MAP_FIXED, NULL,
		    0) != (long)(BASE + 8 * PG)) {
		mm_put(mm);
		return NULL;
	}
	for (int i = 0; i < 3; i++)
		mt_write(mm, BASE + i * PG, 0x10 + i);
	mt_read(mm, BASE + 8 * PG);
	mm->start_brk = mm->brk = BASE + 20 * PG;
	return mm;
}

static void test_fork_copies_areas_and_data(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *p, *c;
	struct vm_area *pv, *cv;

	ktest_mem_snapshot(&b);
	p = make_parent(t);
	KT_ASSERT(t, p);
	c = mm_fork(p);
	KT_ASSERT(t, c);
	KT_EXPECT_EQ(t, mt_count_areas(c), mt_count_areas(p));
	for (pv = vma_first(p), cv = vma_first(c); pv && cv;
	     pv = vma_next(pv), cv = vma_next(cv)) {
		KT_EXPECT_EQ(t, cv->start, pv->start);
		KT_EXPECT_EQ(t, cv->end, pv->end);
		KT_EXPECT_EQ(t, cv->vm_flags, pv->vm_flags);
		KT_EXPECT(t, cv->mm == c);
	}
	KT_EXPECT_EQ(t, c->brk, p->brk);
	KT_EXPECT_EQ(t, c->start_brk, p->start_brk);
	KT_EXPECT_EQ(t, mm_rss(c), mm_rss(p));
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, mt_read(c, BASE + i * PG), 0x10 + i);
	KT_EXPECT_EQ(t, vm_fault(c, BASE + 8 * PG, FAULT_WRITE), -EACCES);
	mm_put(p);
	mm_put(c);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fork_isolation(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *p, *c;

	ktest_mem_snapshot(&b);
	p = make_parent(t);
	KT_ASSERT(t, p);
	c = mm_fork(p);
	KT_ASSERT(t, c);
	/* Child writes: the parent keeps its bytes. */
	KT_EXPECT_EQ(t, mt_write(c, BASE, 0xc0), 0);
	KT_EXPECT_EQ(t, mt_read(p, BASE), 0x10);
	KT_EXPECT_EQ(t, mt_read(c, BASE), 0xc0);
	/* Parent writes: the child keeps its bytes. */
	KT_EXPECT_EQ(t, mt_write(p, BASE + PG, 0xa1), 0);
	KT_EXPECT_EQ(t, mt_read(c, BASE + PG), 0x11);
	KT_EXPECT_EQ(t, mt_read(p, BASE + PG), 0xa1);
	/* Both write the same page. */
	KT_EXPECT_EQ(t, mt_write(p, BASE + 2 * PG, 1), 0);
	KT_EXPECT_EQ(t, mt_write(c, BASE + 2 * PG, 2), 0);
	KT_EXPECT_EQ(t, mt_read(p, BASE + 2 * PG), 1);
	KT_EXPECT_EQ(t, mt_read(c, BASE + 2 * PG), 2);
	KT_EXPECT(t, frame_of(p, BASE, NULL) != frame_of(c, BASE, NULL));
	/* Unmapping in one leaves the other's pages. */
	KT_EXPECT_EQ(t, vm_munmap(c, BASE, 3 * PG), 0);
	KT_EXPECT_EQ(t, mt_read(p, BASE + 2 * PG), 1);
	mm_put(c);
	KT_EXPECT_EQ(t, mt_read(p, BASE), 0x10);
	mm_put(p);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fork_sharing_mode(struct ktest *t)
{
	unsigned long pf, cf;
	struct ktest_mem_snapshot b;
	phys_addr_t pa, ca;
	struct page *page;
	struct mm *p, *c;

	ktest_mem_snapshot(&b);
	p = make_parent(t);
	KT_ASSERT(t, p);
	c = mm_fork(p);
	KT_ASSERT(t, c);
	pa = frame_of(p, BASE, &pf);
	ca = frame_of(c, BASE, &cf);
	KT_ASSERT(t, pa && ca);
	page = phys_to_page(pa);
	if (fork_cow) {
		/* One frame, read-only on both sides, two holders. */
		KT_EXPECT_EQ(t, pa, ca);
		KT_EXPECT(t, !(pf & VMM_WRITE) && !(cf & VMM_WRITE));
		KT_EXPECT_EQ(t, page->refcount, 2);
		KT_EXPECT_EQ(t, page->mapcount, 2);
		/* The child's write copies; the parent's frame loses one. */
		KT_EXPECT_EQ(t, mt_write(c, BASE, 5), 0);
		ca = frame_of(c, BASE, &cf);
		KT_EXPECT(t, ca != pa && (cf & VMM_WRITE));
		KT_EXPECT_EQ(t, page->refcount, 1);
		KT_EXPECT_EQ(t, page->mapcount, 1);
		/* The parent is the last mapper: it writes in place. */
		KT_EXPECT_EQ(t, mt_write(p, BASE, 6), 0);
		KT_EXPECT_EQ(t, frame_of(p, BASE, &pf), pa);
		KT_EXPECT(t, pf & VMM_WRITE);
	} else {
		/* Copied at fork: distinct frames, each writable and alone. */
		KT_EXPECT(t, pa != ca);
		KT_EXPECT(t, (pf & VMM_WRITE) && (cf & VMM_WRITE));
		KT_EXPECT_EQ(t, page->refcount, 1);
		KT_EXPECT_EQ(t, phys_to_page(ca)->refcount, 1);
		KT_EXPECT_EQ(t, mt_write(c, BASE, 5), 0);
		KT_EXPECT_EQ(t, frame_of(c, BASE, NULL), ca);
	}
	KT_EXPECT_EQ(t, mt_read(p, BASE), fork_cow ? 6 : 0x10);
	KT_EXPECT_EQ(t, mt_read(c, BASE), 5);
	/* The child goes first this time. */
	mm_put(c);
	mm_put(p);
	ktest_expect_mem_baseline(t, &b);
}

static void test_fork_shared_anon_stays_shared(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *p, *c;
	long a;

	ktest_mem_snapshot(&b);
	p = mm_create();
	KT_ASSERT(t, p);
	a = vm_mmap(p, 0, 2 * PG, MT_RW, MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	KT_ASSERT(t, !IS_ERR_VALUE(a));
	c = mm_fork(p);
	KT_ASSERT(t, c);
	KT_EXPECT_EQ(t, mt_write(c, a + 5, 0x99), 0);
	KT_EXPECT_EQ(t, mt_read(p, a + 5), 0x99);
	KT_EXPECT_EQ(t, mt_write(p, a + PG, 0x42), 0);
	KT_EXPECT_EQ(t, mt_read(c, a + PG), 0x42);
	mm_put(p);
	KT_EXPECT_EQ(t, mt_read(c, a + 5), 0x99);
	mm_put(c);
	ktest_expect_mem_baseline(t, &b);
}

/* Three generations; each writes; the middle one goes first. */
static void test_fork_chain(struct ktest *t)
{
	struct mm *gen[3];
	struct ktest_mem_snapshot b;

	ktest_mem_snapshot(&b);
	gen[0] = make_parent(t);
	KT_ASSERT(t, gen[0]);
	gen[1] = mm_fork(gen[0]);
	KT_ASSERT(t, gen[1]);
	gen[2] = mm_fork(gen[1]);
	KT_ASSERT(t, gen[2]);
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, mt_write(gen[i], BASE + PG, 0x70 + i), 0);
	for (int i = 0; i < 3; i++) {
		KT_EXPECT_EQ(t, mt_read(gen[i], BASE + PG), 0x70 + i);
		KT_EXPECT_EQ(t, mt_read(gen[i], BASE), 0x10);
	}
	mm_put(gen[1]);
	KT_EXPECT_EQ(t, mt_read(gen[2], BASE + 2 * PG), 0x12);
	KT_EXPECT_EQ(t, mt_write(gen[0], BASE + 2 * PG, 1), 0);
	KT_EXPECT_EQ(t, mt_read(gen[2], BASE + 2 * PG), 0x12);
	mm_put(gen[0]);
	mm_put(gen[2]);
	ktest_expect_mem_baseline(t, &b);
}

/* mm_get keeps an mm alive past its creator's put. */
static void test_mm_get_put(struct ktest *t)
{
	struct ktest_mem_snapshot b;
	struct mm *p;

	ktest_mem_snapshot(&b);
	p = make_parent(t);
	KT_ASSERT(t, p);
	mm_get(p);
	mm_put(p);
	KT_EXPECT_EQ(t, mt_read(p, BASE), 0x10);
	KT_EXPECT_EQ(t, mm_rss(p), 4);
	mm_put(p);
	ktest_expect_mem_baseline(t, &b);
}

static struct ktest_case fork_cases[] = {
	KTEST_CASE(test_fork_copies_areas_and_data),
	KTEST_CASE(test_fork_isolation),
	KTEST_CASE(test_fork_sharing_mode),
	KTEST_CASE(test_fork_shared_anon_stays_shared),
	KTEST_CASE(test_fork_chain),
	KTEST_CASE(test_mm_get_put),
	{}
};

KTEST_SUITE(fork, fork_cases);
