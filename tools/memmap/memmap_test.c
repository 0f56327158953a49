// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for mm/memmap.c: crafted multiboot2 memory maps (a QEMU
 * one, unsorted, overlapping, unaligned, reserved inside available,
 * entries at the top of the address space, more regions than fit) and
 * random maps checked page by page against a model, plus the early
 * page-table allocator.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/memmap.h>
#include <mosaic/page.h>
#include <mosaic/random.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

#define KiB 1024ULL
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

/* Kernel image, boot information: where a test does not care, far away. */
#define KSTART (1 * MiB)
#define KEND (3 * MiB)

static struct bootinfo bi;
static struct frame_region r[FRAME_MAX_REGIONS];

static void map_reset(void)
{
	memset(&bi, 0, sizeof(bi));
	bi.info_start = 4 * MiB;
	bi.info_end = 4 * MiB + 4 * KiB;
	host_printk_reset();
}

static void entry(u64 base, u64 length, u32 type)
{
	bi.mmap[bi.mmap_count].base = base;
	bi.mmap[bi.mmap_count].length = length;
	bi.mmap[bi.mmap_count].type = type;
	bi.mmap_count++;
}

static int build(int max)
{
	return memmap_build(&bi, KSTART, KEND, r, max);
}

#define CHECK_REGION(i, b, e)                                               \
	do {                                                                \
		CHECK_EQ(r[i].base, (b));                                   \
		CHECK_EQ(r[i].base + r[i].size, (e));                       \
	} while (0)

/* Sorted, disjoint, page-aligned, non-empty. */
static void check_well_formed(int n)
{
	for (int i = 0; i < n; i++) {
		CHECK(r[i].size > 0);
		CHECK_EQ(r[i].base % PAGE_SIZE, 0);
		CHECK_EQ(r[i].size % PAGE_SIZE, 0);
		if (i)
			CHECK(r[i - 1].base + r[i - 1].size <= r[i].base);
	}
}

/* What QEMU's SeaBIOS reports for -m 512M. */
static void qemu_map(void)
{
	entry(0, 0x9fc00, BOOTINFO_MEM_AVAILABLE);
	entry(0x9fc00, 0x400, BOOTINFO_MEM_RESERVED);
	entry(0xf0000, 0x10000, BOOTINFO_MEM_RESERVED);
	entry(0x100000, 0x1fee0000, BOOTINFO_MEM_AVAILABLE);
	entry(0x1ffe0000, 0x20000, BOOTINFO_MEM_RESERVED);
	entry(0xfffc0000, 0x40000, BOOTINFO_MEM_RESERVED);
}

HOSTTEST(qemu_map_minus_kernel_and_info)
{
	int n;

	map_reset();
	qemu_map();
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 2);
	check_well_formed(n);
	CHECK_REGION(0, KEND, 4 * MiB);
	CHECK_REGION(1, 4 * MiB + 4 * KiB, 0x1ffe0000);
}

HOSTTEST(unsorted_map_gives_sorted_regions)
{
	struct frame_region sorted[4];
	int n;

	map_reset();
	qemu_map();
	entry(2 * GiB, 1 * GiB, BOOTINFO_MEM_AVAILABLE);
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 3);
	memcpy(sorted, r, sizeof(sorted));
	map_reset();
	entry(2 * GiB, 1 * GiB, BOOTINFO_MEM_AVAILABLE);
	entry(0xfffc0000, 0x40000, BOOTINFO_MEM_RESERVED);
	entry(0x100000, 0x1fee0000, BOOTINFO_MEM_AVAILABLE);
	entry(0x9fc00, 0x400, BOOTINFO_MEM_RESERVED);
	entry(0x1ffe0000, 0x20000, BOOTINFO_MEM_RESERVED);
	entry(0, 0x9fc00, BOOTINFO_MEM_AVAILABLE);
	CHECK_EQ(build(FRAME_MAX_REGIONS), 3);
	check_well_formed(3);
	CHECK(memcmp(sorted, r, sizeof(sorted)) == 0);
}

/* Overlapping available entries: each page once, never twice. */
HOSTTEST(overlapping_available_entries_merge)
{
	int n;

	map_reset();
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);
	entry(20 * MiB, 4 * MiB, BOOTINFO_MEM_AVAILABLE);	/* inside */
	entry(24 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);	/* straddles */
	entry(40 * MiB, 8 * MiB, BOOTINFO_MEM_AVAILABLE);	/* touches */
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);	/* duplicate */
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 1);
	CHECK_REGION(0, 16 * MiB, 48 * MiB);
}

/* Two unaligned halves of one page make the whole page available. */
HOSTTEST(page_shared_by_two_entries_is_usable)
{
	map_reset();
	entry(16 * MiB + 0x123, 0x1000 - 0x123, BOOTINFO_MEM_AVAILABLE);
	entry(16 * MiB + 0x1000, 0x1800, BOOTINFO_MEM_AVAILABLE);
	CHECK_EQ(build(FRAME_MAX_REGIONS), 1);
	/* The first partial page and the last half page are not whole. */
	CHECK_REGION(0, 16 * MiB + 0x1000, 16 * MiB + 0x2000);
	map_reset();
	entry(16 * MiB, 0x800, BOOTINFO_MEM_AVAILABLE);
	entry(16 * MiB + 0x800, 0x800, BOOTINFO_MEM_AVAILABLE);
	CHECK_EQ(build(FRAME_MAX_REGIONS), 1);
	CHECK_REGION(0, 16 * MiB, 16 * MiB + 0x1000);
}

/* The restrictive type wins where firmware lists a range twice. */
HOSTTEST(reserved_inside_available_is_a_hole)
{
	int n;

	map_reset();
	entry(16 * MiB, 32 * MiB, BOOTINFO_MEM_AVAILABLE);
	entry(20 * MiB + 0x10, 0x20, BOOTINFO_MEM_RESERVED);	/* one page */
	entry(30 * MiB, 1 * MiB, BOOTINFO_MEM_ACPI_RECLAIMABLE);
	entry(40 * MiB - 0x800, 0x1000, BOOTINFO_MEM_NVS);	/* two pages */
	entry(47 * MiB, 2 * MiB, BOOTINFO_MEM_BAD);		/* past the end */
	entry(44 * MiB, 4 * KiB, 17);				/* unknown type */
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 5);
	check_well_formed(n);
	CHECK_REGION(0, 16 * MiB, 20 * MiB);
	CHECK_REGION(1, 20 * MiB + 4 * KiB, 30 * MiB);
	CHECK_REGION(2, 31 * MiB, 40 * MiB - 4 * KiB);
	CHECK_REGION(3, 40 * MiB + 4 * KiB, 44 * MiB);
	CHECK_REGION(4, 44 * MiB + 4 * KiB, 47 * MiB);
}

HOSTTEST(unaligned_and_tiny_entries)
{
	map_reset();
	entry(16 * MiB + 1, 3 * PAGE_SIZE, BOOTINFO_MEM_AVAILABLE);
	entry(32 * MiB + 8, 100, BOOTINFO_MEM_AVAILABLE);	/* no whole page */
	CHECK_EQ(build(FRAME_MAX_REGIONS), 1);
	CHECK_REGION(0, 16 * MiB + PAGE_SIZE, 16 * MiB + 3 * PAGE_SIZE);
}

HOSTTEST(nothing_usable)
{
	map_reset();
	CHECK_EQ(build(FRAME_MAX_REGIONS), -ENOMEM);
	/* Only the first MiB and the kernel image are available. */
	entry(0, 0x9fc00, BOOTINFO_MEM_AVAILABLE);
	entry(KSTART, KEND - KSTART, BOOTINFO_MEM_AVAILABLE);
	CHECK_EQ(build(FRAME_MAX_REGIONS), -ENOMEM);
	map_reset();
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_RESERVED);
	CHECK_EQ(build(FRAME_MAX_REGIONS), -ENOMEM);
}

HOSTTEST(modules_are_kept_out)
{
	int n;

	map_reset();
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);
	bi.module_count = 2;
	bi.modules[0].start = 20 * MiB + 10;		/* unaligned both ends */
	bi.modules[0].end = 21 * MiB + 10;
	bi.modules[1].start = 31 * MiB;
	bi.modules[1].end = 40 * MiB;			/* past the region */
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 2);
	CHECK_REGION(0, 16 * MiB, 20 * MiB);
	CHECK_REGION(1, 21 * MiB + PAGE_SIZE, 31 * MiB);
}

/* Entries up to the top of the physical address space do not wrap. */
HOSTTEST(entries_at_the_top)
{
	int n;

	map_reset();
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);
	entry(~0ULL - 64 * KiB + 1, 64 * KiB, BOOTINFO_MEM_AVAILABLE);
	entry(~0ULL - 8 * KiB + 1, 8 * KiB, BOOTINFO_MEM_RESERVED);
	n = build(FRAME_MAX_REGIONS);
	CHECK_EQ(n, 2);
	check_well_formed(n);
	CHECK_REGION(0, 16 * MiB, 32 * MiB);
	CHECK_REGION(1, ~0ULL - 64 * KiB + 1, ~0ULL - 8 * KiB + 1);
}

/* More regions than fit: a warning, and never a range that must be kept out. */
HOSTTEST(more_regions_than_fit)
{
	int n;

	map_reset();
	for (int i = 0; i < 8; i++)
		entry((16 + 2 * i) * MiB, 1 * MiB, BOOTINFO_MEM_AVAILABLE);
	n = build(4);
	CHECK_EQ(n, 4);
	check_well_formed(n);
	CHECK(strstr(host_printk_buf, "memmap: more than 4 regions") != NULL);
	/* A split that does not fit loses the upper part, not the hole. */
	map_reset();
	entry(16 * MiB, 16 * MiB, BOOTINFO_MEM_AVAILABLE);
	entry(20 * MiB, 4 * KiB, BOOTINFO_MEM_RESERVED);
	n = build(1);
	CHECK_EQ(n, 1);
	CHECK_REGION(0, 16 * MiB, 20 * MiB);
}

/* ---- random maps against a page-by-page model ---- */

#define MODEL_PAGES 4096	/* 16 MiB */
#define MODEL_END ((u64)MODEL_PAGES * PAGE_SIZE)

/* The tree's PRNG, fixed seed: every run checks the same maps. */
static struct prng rng = { 0x6d656d6d6170ULL };

static u64 rnd(void)
{
	return prng_next(&rng);
}

/* An address in the model: page-aligned half the time, any byte else. */
static u64 rnd_addr(void)
{
	u64 a = rnd() % MODEL_END;

	return rnd() & 1 ? a & PAGE_MASK : a;
}

static bool overlaps(u64 s, u64 e, u64 ps, u64 pe)
{
	return s < pe && ps < e;
}

/* Is page p usable by the rules memmap_build documents? */
static bool model_usable(u64 p, u64 ks, u64 ke)
{
	u64 ps = p * PAGE_SIZE, pe = ps + PAGE_SIZE;
	bool byte_ok[PAGE_SIZE / 64] = { 0 };	/* 64-byte granules */

	if (pe <= 1 * MiB || overlaps(ks, ke, ps, pe) ||
	    overlaps(bi.info_start, bi.info_end, ps, pe))
		return false;
	for (unsigned int i = 0; i < bi.module_count; i++)
		if (overlaps(bi.modules[i].start, bi.modules[i].end, ps, pe))
			return false;
	for (unsigned int i = 0; i < bi.mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi.mmap[i];
		u64 end = e->base + e->length;

		if (!overlaps(e->base, end, ps, pe))
			continue;
		if (e->type != BOOTINFO_MEM_AVAILABLE)
			return false;
		for (u64 g = 0; g < PAGE_SIZE / 64; g++)
			if (e->base <= ps + g * 64 && ps + (g + 1) * 64 <= end)
				byte_ok[g] = true;
	}
	for (u64 g = 0; g < PAGE_SIZE / 64; g++)
		if (!byte_ok[g])
			return false;
	return true;
}

/* Addresses on 64-byte granules, so the model's granules are exact. */
static u64 granule(u64 a)
{
	return a & ~63ULL;
}

HOSTTEST(random_maps_match_the_model)
{
	static const u32 types[] = { BOOTINFO_MEM_AVAILABLE, BOOTINFO_MEM_AVAILABLE,
				     BOOTINFO_MEM_AVAILABLE, BOOTINFO_MEM_RESERVED,
				     BOOTINFO_MEM_ACPI_RECLAIMABLE, BOOTINFO_MEM_NVS,
				     BOOTINFO_MEM_BAD, 9 };
	static bool got[MODEL_PAGES];

	for (int round = 0; round < 2000 && hosttest_ok(); round++) {
		u64 ks = granule(rnd_addr()), ke = ks + granule(rnd() % (2 * MiB));
		int n, entries = 1 + rnd() % 12;

		map_reset();
		for (int i = 0; i < entries; i++) {
			u64 base = granule(rnd_addr());
			u64 len = 64 + granule(rnd() % (MODEL_END / 2));

			entry(base, len, types[rnd() % 8]);
		}
		bi.info_start = granule(rnd_addr());
		bi.info_end = bi.info_start + 64 + granule(rnd() % (64 * KiB));
		bi.module_count = rnd() % 3;
		for (unsigned int i = 0; i < bi.module_count; i++) {
			bi.modules[i].start = granule(rnd_addr());
			bi.modules[i].end = bi.modules[i].start + 64 +
					    granule(rnd() % MiB);
		}
		n = memmap_build(&bi, ks, ke, r, FRAME_MAX_REGIONS);
		memset(got, 0, sizeof(got));
		if (n > 0) {
			check_well_formed(n);
			for (int i = 0; i < n; i++)
				for (u64 a = r[i].base; a < r[i].base + r[i].size;
				     a += PAGE_SIZE)
					if (a < MODEL_END)
						got[a / PAGE_SIZE] = true;
		} else {
			CHECK_EQ(n, -ENOMEM);
		}
		for (u64 p = 0; p < MODEL_PAGES && hosttest_ok(); p++)
			if (got[p] != model_usable(p, ks, ke))
				hosttest_fail(__FILE__, __LINE__,
					      "round %d page %#llx: got %d, model %d",
					      round, (unsigned long long)p,
					      got[p], !got[p]);
	}
}

/* ---- memmap_early_alloc ---- */

HOSTTEST(early_alloc_takes_low_pages_below_4g)
{
	struct frame_region regs[3] = {
		{ 2 * MiB, PAGE_SIZE },
		{ 4 * GiB - PAGE_SIZE, PAGE_SIZE },
		{ 4 * GiB, 16 * MiB },
	};

	CHECK_EQ(memmap_early_alloc(regs, 3), 2 * MiB);
	CHECK_EQ(regs[0].size, 0);
	/* The last page below 4 GiB still fits... */
	CHECK_EQ(memmap_early_alloc(regs, 3), 4 * GiB - PAGE_SIZE);
	/* ...but the boot tables cannot reach above it. */
	CHECK_EQ(memmap_early_alloc(regs, 3), 0);
	CHECK_EQ(regs[2].base, 4 * GiB);
	CHECK_EQ(regs[2].size, 16 * MiB);
}

int main(int argc, char **argv)
{
	return hosttest_main("memmap", argc, argv);
}
