// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `multiboot2`: checks the boot information the kernel was
 * actually given (boot_info, parsed by kernel init before tests run),
 * then runs the parser over a few small structures built here, so the
 * freestanding parser is exercised in the kernel build too.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/multiboot2.h>
#include <mosaic/string.h>

#define MiB (1ULL << 20)

static const struct bootinfo *bi = &boot_info;

static void test_mmap_has_ram_above_1mib(struct ktest *t)
{
	unsigned int i;
	u64 above = 0;

	KT_ASSERT(t, bi->mmap_count > 0);
	for (i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		if (e->type == BOOTINFO_MEM_AVAILABLE &&
		    e->base + e->length > MiB)
			above += e->base + e->length - MAX(e->base, MiB);
	}
	ktest_log(t, "%llu KiB available above 1 MiB",
		  (unsigned long long)(above >> 10));
	KT_EXPECT(t, above >= MiB);
}

static void test_total_ram_sane(struct ktest *t)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOTINFO_MEM_AVAILABLE)
			sum += bi->mmap[i].length;
	KT_EXPECT_EQ(t, sum, bi->mem_available);
	/* The kernel's own minimum (it would not have booted) to a large
	 * workstation. */
	KT_EXPECT(t, sum >= BOOTINFO_MIN_RAM_ABOVE_1MIB);
	KT_EXPECT(t, bootinfo_ram_above_1mib(bi) <= sum);
	KT_EXPECT(t, sum <= (16ULL << 40));
	/* The basic meminfo tag counts KiB from 1 MiB to the first hole. */
	if (bi->has_meminfo)
		KT_EXPECT(t, sum >= (u64)bi->mem_upper_kib << 10);
}

static void test_available_regions_disjoint(struct ktest *t)
{
	unsigned int i, j;

	for (i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *a = &bi->mmap[i];

		KT_EXPECT(t, a->length > 0);
		for (j = i + 1; j < bi->mmap_count; j++) {
			const struct bootinfo_mmap_entry *b = &bi->mmap[j];

			if (a->base < b->base + b->length &&
			    b->base < a->base + a->length)
				ktest_fail_at(t, __FILE__, __LINE__,
					      "regions %u and %u overlap", i, j);
		}
	}
}

static void test_cmdline_has_ktest(struct ktest *t)
{
	/* This suite runs because the command line asked for ktest=. */
	KT_EXPECT(t, strstr(bi->cmdline, "ktest=") != NULL);
	KT_EXPECT(t, strlen(bi->cmdline) < BOOTINFO_CMDLINE_MAX);
	/* A line too long (make check boots one) was cut before a word. */
	if (bi->cmdline_truncated) {
		KT_EXPECT(t, bi->cmdline_given >= BOOTINFO_CMDLINE_MAX);
		KT_EXPECT(t, bi->cmdline_cut[0] != '\0');
		KT_EXPECT(t, !isspace(bi->cmdline_cut[0]));
	}
}

static void test_info_range(struct ktest *t)
{
	unsigned int i;
	bool in_ram = false;

	KT_EXPECT(t, bi->info_end > bi->info_start);
	KT_EXPECT(t, IS_ALIGNED(bi->info_start, 8));
	KT_EXPECT(t, bi->info_end - bi->info_start <= BOOTINFO_INFO_MAX);
	KT_EXPECT(t, bi->tag_count >= 2);	/* memory map + end */
	/* GRUB places it in memory it reports as usable. */
	for (i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		if (e->type == BOOTINFO_MEM_AVAILABLE &&
		    bi->info_start >= e->base &&
		    bi->info_end <= e->base + e->length)
			in_ram = true;
	}
	KT_EXPECT(t, in_ram);
}

static u8 checksum(const u8 *p, unsigned int len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static void test_rsdp(struct ktest *t)
{
	/* QEMU (SeaBIOS and OVMF) has ACPI and GRUB passes the RSDP. */
	KT_ASSERT(t, bi->rsdp_version == 1 || bi->rsdp_version == 2);
	KT_EXPECT(t, memcmp(bi->rsdp, "RSD PTR ", 8) == 0);
	KT_EXPECT_EQ(t, checksum(bi->rsdp, 20), 0);
	if (bi->rsdp_version == 2) {
		KT_EXPECT_EQ(t, bi->rsdp_len, 36);
		KT_EXPECT(t, bi->rsdp[15] >= 2);	/* revision */
		KT_EXPECT_EQ(t, checksum(bi->rsdp, 36), 0);
	}
}

static void test_framebuffer(struct ktest *t)
{
	const struct bootinfo_framebuffer *fb = &bi->fb;

	if (!fb->present) {
		ktest_skip(t, "loader passed no framebuffer tag");
		return;
	}
	KT_EXPECT(t, fb->width > 0 && fb->height > 0);
	if (fb->type == MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT) {
		KT_EXPECT_EQ(t, fb->pitch, 2 * fb->width);
	} else {
		KT_EXPECT(t, fb->bpp >= 8);
		KT_EXPECT(t, fb->pitch >= fb->width * (fb->bpp / 8));
	}
}

/* A minimal structure: header, memory map with one entry, end tag. */
static u32 blob[16] __aligned(8);

static void build_blob(void)
{
	memset(blob, 0, sizeof(blob));
	blob[0] = 64;				/* total_size */
	blob[2] = MULTIBOOT2_TAG_MMAP;
	blob[3] = 16 + 24;
	blob[4] = 24;				/* entry_size */
	blob[6] = 0x100000;			/* base (low half) */
	blob[8] = 0x100000;			/* length (low half) */
	blob[10] = MULTIBOOT2_MEMORY_AVAILABLE;
	blob[12] = MULTIBOOT2_TAG_END;
	blob[13] = 8;
}

static void test_parser_on_crafted_info(struct ktest *t)
{
	static struct bootinfo tmp;

	build_blob();
	KT_EXPECT_EQ(t, bootinfo_parse(&tmp, blob, MULTIBOOT2_BOOTLOADER_MAGIC), 0);
	KT_EXPECT_EQ(t, tmp.mmap_count, 1);
	KT_EXPECT_EQ(t, tmp.mem_available, MiB);
	KT_EXPECT_STREQ(t, tmp.cmdline, "");

	KT_EXPECT_EQ(t, bootinfo_parse(&tmp, blob, 0x2badb002), -EINVAL);
	KT_EXPECT(t, strstr(tmp.error, "bad magic 0x2badb002") != NULL);

	blob[3] = 4;				/* mmap tag size < 16 */
	KT_EXPECT_EQ(t, bootinfo_parse(&tmp, blob, MULTIBOOT2_BOOTLOADER_MAGIC),
		     -EINVAL);
	KT_EXPECT_STREQ(t, tmp.error,
			"multiboot2: tag 6 at offset 0x8 has size 4 (< 16)");

	build_blob();
	blob[0] = 48;				/* cuts off the end tag */
	KT_EXPECT_EQ(t, bootinfo_parse(&tmp, blob, MULTIBOOT2_BOOTLOADER_MAGIC),
		     -EINVAL);
	KT_EXPECT_STREQ(t, tmp.error,
			"multiboot2: no end tag within total_size 48");

	build_blob();
	blob[2] = 99;				/* unknown tag: no memory map */
	KT_EXPECT_EQ(t, bootinfo_parse(&tmp, blob, MULTIBOOT2_BOOTLOADER_MAGIC),
		     -ENOENT);
}

static struct ktest_case multiboot2_cases[] = {
	KTEST_CASE(test_mmap_has_ram_above_1mib),
	KTEST_CASE(test_total_ram_sane),
	KTEST_CASE(test_available_regions_disjoint),
	KTEST_CASE(test_cmdline_has_ktest),
	KTEST_CASE(test_info_range),
	KTEST_CASE(test_rsdp),
	KTEST_CASE(test_framebuffer),
	KTEST_CASE(test_parser_on_crafted_info),
	{},
};
KTEST_SUITE(multiboot2, multiboot2_cases);
