// SPDX-License-Identifier: GPL-2.0
/*
 * bench=pager: what the page-fault policy costs, measured on an mm of
 * its own with the MMU's part played by vmm_translate(): a page that is
 * not mapped is handed to vm_fault() as a user access would be. Under
 * -icount the figures repeat exactly.
 *
 *  anon_touch    map 256 anonymous pages, write each once, unmap
 *  sparse_touch  map 4096 pages, write one in 64 (frames: what it kept)
 *  fork_write    fork a 256-page mm, the child writes every page
 */
#include <mosaic/bench.h>
#include <mosaic/frame.h>
#include <mosaic/mmap.h>
#include <mosaic/pager_policy.h>
#include <mosaic/timer.h>
#include <mosaic/vmm.h>

#define BENCH_BASE 0x10000000UL

static u64 faults;

/* A user write to va: fault only when the MMU would. */
static int touch(struct mm *mm, unsigned long va)
{
	unsigned long flags;
	phys_addr_t pa;

	if (!vmm_translate(mm, va, &pa, &flags) && (flags & VMM_WRITE))
		return 0;
	faults++;
	return vm_fault(mm, va, FAULT_WRITE | FAULT_USER);
}

static void emit(const char *name, u64 pages, u64 map, u64 use, u64 unmap,
		 u64 frames, u64 failures)
{
	bench_emit(
		"\"family\":\"pager\",\"policy\":\"%s\",\"name\":\"%s\",\"ops\":%llu,\"cycles_per_page\":%llu,\"map_cycles\":%llu,\"touch_cycles\":%llu,\"unmap_cycles\":%llu,\"faults\":%llu,\"frames\":%llu,\"failures\":%llu",
		pager_selected_policy->name, name, (unsigned long long)pages,
		(unsigned long long)((map + use + unmap) / pages),
		(unsigned long long)map, (unsigned long long)use,
		(unsigned long long)unmap, (unsigned long long)faults,
		(unsigned long long)frames, (unsigned long long)failures);
}

/* Map pages, write every stride-th, unmap; one BENCH line. */
static void map_touch(const char *name, unsigned long pages,
		      unsigned long stride)
{
	u64 t0, t1, t2, t3, failures = 0, frames;
	struct mm *mm = mm_create();
	long a;

	if (!mm)
		return;
	faults = 0;
	t0 = rdtsc();
	a = vm_mmap(mm, BENCH_BASE, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	t1 = rdtsc();
	if (IS_ERR_VALUE(a))
		failures++;
	for (unsigned long i = 0; !failures && i < pages; i += stride)
		failures += touch(mm, BENCH_BASE + i * PAGE_SIZE) != 0;
	t2 = rdtsc();
	frames = mm_rss(mm);
	vm_munmap(mm, BENCH_BASE, pages * PAGE_SIZE);
	t3 = rdtsc();
	mm_put(mm);
	emit(name, pages, t1 - t0, t2 - t1, t3 - t2, frames, failures);
}

static void fork_write(unsigned long pages)
{
	u64 t0, t1, t2, t3, failures = 0, frames = 0;
	struct mm *mm = mm_create(), *child = NULL;

	if (!mm)
		return;
	if (IS_ERR_VALUE(vm_mmap(
		    mm, BENCH_BASE, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE,
		    NULL, 0)))
		failures++;
	faults = 0;
	t0 = rdtsc();
	if (!failures)
		child = mm_fork(mm);
	t1 = rdtsc();
	failures += !child;
	for (unsigned long i = 0; child && i < pages; i++)
		failures += touch(child, BENCH_BASE + i * PAGE_SIZE) != 0;
	t2 = rdtsc();
	if (child) {
		frames = mm_rss(child);
		mm_put(child);
	}
	t3 = rdtsc();
	mm_put(mm);
	emit("fork_write", pages, t1 - t0, t2 - t1, t3 - t2, frames, failures);
}

static void pager_bench(void)
{
	map_touch("anon_touch", 256, 1);
	map_touch("sparse_touch", 4096, 64);
	fork_write(256);
}
BENCH_REGISTER(pager, pager_bench);
