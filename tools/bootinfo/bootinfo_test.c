// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for kernel/bootinfo.c: build Multiboot2 information
 * structures byte by byte, valid and malformed, and check what the parser
 * returns and the exact message it leaves for the panic.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/errno.h>
#include <mosaic/multiboot2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosttest.h"

/* Kernel services the parser uses; printk() is the harness's. */
void *phys_to_virt(phys_addr_t pa) { return (void *)(uintptr_t)pa; }
phys_addr_t virt_to_phys(const void *va) { return (uintptr_t)va; }

#define CHECK_ERR(ret, bi, eret, emsg)                                       \
	do {                                                                 \
		CHECK((ret) == (eret));                                      \
		if (strcmp((bi)->error, emsg))                               \
			hosttest_fail(__FILE__, __LINE__,                    \
				      "message\n  got  \"%s\"\n  want \"%s\"", \
				      (bi)->error, emsg);                    \
	} while (0)

/* Parse the blob B: expect the error eret and exactly the message emsg. */
#define CHECK_PARSE_ERR(eret, emsg)                                          \
	CHECK_ERR(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC), &BI, \
		  eret, emsg)

/* ---- blob builder ---- */

struct blob {
	_Alignas(8) unsigned char buf[65536];
	uint32_t len;
};

static void put(struct blob *b, const void *p, size_t n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += (uint32_t)n;
}

static void put32(struct blob *b, uint32_t v) { put(b, &v, 4); }
static void put64(struct blob *b, uint64_t v) { put(b, &v, 8); }
static void put8(struct blob *b, uint8_t v) { put(b, &v, 1); }

static void blob_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

static uint32_t tag_begin(struct blob *b, uint32_t type)
{
	uint32_t off = b->len;

	put32(b, type);
	put32(b, 0);
	return off;
}

static void tag_end(struct blob *b, uint32_t off)
{
	uint32_t size = b->len - off;

	memcpy(b->buf + off + 4, &size, 4);
	b->len = (b->len + 7) & ~7U;
}

static void set_total(struct blob *b, uint32_t total)
{
	memcpy(b->buf, &total, 4);
}

static void finish(struct blob *b)
{
	tag_end(b, tag_begin(b, MULTIBOOT2_TAG_END));
	set_total(b, b->len);
}

static void add_string(struct blob *b, uint32_t type, const char *s)
{
	uint32_t off = tag_begin(b, type);

	put(b, s, strlen(s) + 1);
	tag_end(b, off);
}

struct ent { uint64_t base, len; uint32_t type; };

static void add_mmap(struct blob *b, const struct ent *e, int n,
		     uint32_t entry_size)
{
	uint32_t off = tag_begin(b, MULTIBOOT2_TAG_MMAP);
	int i;

	put32(b, entry_size);
	put32(b, 0);
	for (i = 0; i < n; i++) {
		put64(b, e[i].base);
		put64(b, e[i].len);
		put32(b, e[i].type);
		put32(b, 0);
		for (uint32_t k = 24; k < entry_size; k++)
			put8(b, 0xee);
	}
	tag_end(b, off);
}

static const struct ent std_map[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0x7ee0000, 1 },
	{ 0x7fe0000, 0x20000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
};

static void add_module(struct blob *b, uint32_t start, uint32_t end,
		       const char *s)
{
	uint32_t off = tag_begin(b, MULTIBOOT2_TAG_MODULE);

	put32(b, start);
	put32(b, end);
	put(b, s, strlen(s) + 1);
	tag_end(b, off);
}

static void add_rsdp(struct blob *b, int v2)
{
	uint32_t off = tag_begin(b, v2 ? MULTIBOOT2_TAG_ACPI_NEW :
				     MULTIBOOT2_TAG_ACPI_OLD);
	unsigned char r[36] = "RSD PTR ";

	memcpy(r + 9, v2 ? "BOCHS2" : "BOCHS1", 6);
	r[15] = v2 ? 2 : 0;
	put(b, r, v2 ? 36 : 20);
	tag_end(b, off);
}

/* The valid structure most tests start from. */
static void std_blob(struct blob *b, bool with_end)
{
	uint32_t off;

	blob_init(b);
	add_string(b, MULTIBOOT2_TAG_CMDLINE, "ktest=all loglevel=7");
	add_string(b, MULTIBOOT2_TAG_BOOTLOADER_NAME, "GRUB 2.06");
	add_module(b, 0x200000, 0x201234, "initrd.img arg");
	off = tag_begin(b, MULTIBOOT2_TAG_BASIC_MEMINFO);
	put32(b, 639);
	put32(b, 129920);
	tag_end(b, off);
	add_mmap(b, std_map, 6, 24);
	off = tag_begin(b, MULTIBOOT2_TAG_FRAMEBUFFER);
	put64(b, 0xfd000000);
	put32(b, 4096);
	put32(b, 1024);
	put32(b, 768);
	put8(b, 32);
	put8(b, 1);
	put8(b, 0);
	put8(b, 0);
	put8(b, 16); put8(b, 8); put8(b, 8); put8(b, 8); put8(b, 0); put8(b, 8);
	tag_end(b, off);
	add_rsdp(b, 0);
	add_rsdp(b, 1);
	off = tag_begin(b, 9);	/* ELF sections: not parsed, must be skipped */
	put32(b, 0); put32(b, 0); put32(b, 0);
	tag_end(b, off);
	off = tag_begin(b, MULTIBOOT2_TAG_LOAD_BASE_ADDR);
	put32(b, 0x100000);
	tag_end(b, off);
	if (with_end)
		finish(b);
	else
		set_total(b, b->len);
}

static struct blob B;
static struct bootinfo BI;

/* ---- tests ---- */

HOSTTEST(valid)
{
	int ret;

	std_blob(&B, true);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0);
	CHECK(BI.error[0] == '\0');
	CHECK(!strcmp(BI.cmdline, "ktest=all loglevel=7"));
	CHECK(!BI.cmdline_truncated);
	CHECK(!strcmp(BI.bootloader, "GRUB 2.06"));
	CHECK(BI.has_meminfo && BI.mem_lower_kib == 639 &&
	      BI.mem_upper_kib == 129920);
	CHECK(BI.mmap_count == 6);
	CHECK(BI.mmap[3].base == 0x100000 && BI.mmap[3].length == 0x7ee0000 &&
	      BI.mmap[3].type == BOOTINFO_MEM_AVAILABLE);
	CHECK(BI.mem_available == 0x9fc00 + 0x7ee0000);
	CHECK(BI.module_count == 1);
	CHECK(BI.modules[0].start == 0x200000 && BI.modules[0].end == 0x201234);
	CHECK(!strcmp(BI.modules[0].string, "initrd.img arg"));
	CHECK(BI.fb.present && BI.fb.type == 1 && BI.fb.bpp == 32);
	CHECK(BI.fb.addr == 0xfd000000 && BI.fb.pitch == 4096);
	CHECK(BI.fb.width == 1024 && BI.fb.height == 768);
	CHECK(BI.fb.red_pos == 16 && BI.fb.red_size == 8);
	CHECK(BI.fb.green_pos == 8 && BI.fb.blue_pos == 0 && BI.fb.blue_size == 8);
	CHECK(BI.rsdp_version == 2 && BI.rsdp_len == 36);
	CHECK(!memcmp(BI.rsdp, "RSD PTR ", 8) && !memcmp(BI.rsdp + 9, "BOCHS2", 6));
	CHECK(BI.has_load_base && BI.load_base == 0x100000);
	CHECK(!BI.efi_boot);
	CHECK(BI.tag_count == 11);
	CHECK(BI.info_start == (uintptr_t)B.buf);
	CHECK(BI.info_end == (uintptr_t)B.buf + B.len);
}

HOSTTEST(print)
{
	std_blob(&B, true);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	host_printk_reset();
	bootinfo_print(&BI);
	CHECK(strstr(host_printk_buf, "cmdline \"ktest=all loglevel=7\"") != NULL);
	CHECK(strstr(host_printk_buf, "0x0000000000100000-0x0000000007fdffff available") != NULL);
	CHECK(strstr(host_printk_buf, "127 MiB available in 6 regions") != NULL);
	CHECK(strstr(host_printk_buf, "framebuffer RGB 1024x768 32bpp") != NULL);
	CHECK(strstr(host_printk_buf, "RSDP v2 (36 bytes, OEM \"BOCHS2\")") != NULL);
	CHECK(strstr(host_printk_buf, "module 0x200000-0x201234 \"initrd.img arg\"") != NULL);
	if (!hosttest_ok())
		fprintf(stderr, "%s", host_printk_buf);
}

HOSTTEST(no_cmdline_acpi_v1)
{
	blob_init(&B);
	add_mmap(&B, std_map, 6, 24);
	add_rsdp(&B, 0);
	finish(&B);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(BI.cmdline[0] == '\0');
	CHECK(!BI.fb.present && !BI.has_meminfo && BI.module_count == 0);
	CHECK(BI.rsdp_version == 1 && BI.rsdp_len == 20);
}

HOSTTEST(bad_magic)
{
	int ret;

	std_blob(&B, true);
	ret = bootinfo_parse(&BI, B.buf, 0x2badb002);
	CHECK_ERR(ret, &BI, -EINVAL,
		  "multiboot2: bad magic 0x2badb002 (expected 0x36d76289): not booted by a Multiboot2 loader?");
}

HOSTTEST(null_and_misaligned)
{
	int ret;

	ret = bootinfo_parse(&BI, NULL, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK_ERR(ret, &BI, -EINVAL, "multiboot2: no information structure");
	std_blob(&B, true);
	memmove(B.buf + 4, B.buf, B.len);
	ret = bootinfo_parse(&BI, B.buf + 4, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == -EINVAL);
	CHECK(strstr(BI.error, "is not 8-byte aligned") != NULL);
}

HOSTTEST(total_size)
{
	std_blob(&B, true);
	set_total(&B, 8);
	CHECK_PARSE_ERR(-EINVAL, "multiboot2: total_size 8 is too small (< 16)");
	set_total(&B, 0x7fffffff);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: total_size 2147483647 is implausibly large (> 1048576)");
}

/* total_size cuts the memory map tag in half. */
HOSTTEST(truncated)
{
	blob_init(&B);
	add_string(&B, MULTIBOOT2_TAG_CMDLINE, "abc");	/* 0x8..0x14 -> 0x18 */
	add_mmap(&B, std_map, 6, 24);			/* 0x18, size 160 */
	finish(&B);
	set_total(&B, 0x18 + 64);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 6 at offset 0x18 (size 160) extends past total_size 88");
}

HOSTTEST(zero_size_tag)
{
	blob_init(&B);
	add_mmap(&B, std_map, 2, 24);			/* 0x8, size 64 */
	put32(&B, 77);					/* at 0x48 */
	put32(&B, 0);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 77 at offset 0x48 has size 0 (< 8)");
}

HOSTTEST(short_typed_tag)
{
	uint32_t off;
	blob_init(&B);
	add_string(&B, MULTIBOOT2_TAG_CMDLINE, "x");	/* 0x8, size 10 */
	off = tag_begin(&B, MULTIBOOT2_TAG_MMAP);	/* 0x18 */
	put32(&B, 24);
	tag_end(&B, off);				/* size 12 */
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 6 at offset 0x18 has size 12 (< 16)");

	blob_init(&B);
	off = tag_begin(&B, MULTIBOOT2_TAG_ACPI_NEW);	/* v2 RSDP cut to v1 */
	put(&B, "RSD PTR 0123456789ab", 20);
	tag_end(&B, off);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 15 at offset 0x8 has size 28 (< 44)");
}

HOSTTEST(missing_end)
{
	int ret;

	std_blob(&B, false);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == -EINVAL);
	CHECK(!strncmp(BI.error, "multiboot2: no end tag within total_size ", 41));

	/* Trailing bytes too few for a tag header are not an end tag either. */
	std_blob(&B, false);
	set_total(&B, B.len + 4);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == -EINVAL && strstr(BI.error, "no end tag") != NULL);
}

HOSTTEST(missing_mmap)
{
	blob_init(&B);
	add_string(&B, MULTIBOOT2_TAG_CMDLINE, "ktest=all");
	finish(&B);
	CHECK_PARSE_ERR(-ENOENT, "multiboot2: no memory map tag (type 6)");
}

static struct ent many[400];

HOSTTEST(mmap_limits)
{
	int i, ret;

	/* Exactly the capacity, alternating types so nothing merges. */
	for (i = 0; i < BOOTINFO_MMAP_MAX; i++)
		many[i] = (struct ent){ (uint64_t)i << 20, 1 << 20, 1 + (i & 1) };
	blob_init(&B);
	add_mmap(&B, many, BOOTINFO_MMAP_MAX, 24);
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0 && BI.mmap_count == BOOTINFO_MMAP_MAX);
	CHECK(BI.mem_available == (uint64_t)BOOTINFO_MMAP_MAX / 2 << 20);

	/* One more does not fit. */
	for (i = 0; i < 200; i++)
		many[i] = (struct ent){ (uint64_t)i << 20, 1 << 20, 1 + (i & 1) };
	blob_init(&B);
	add_mmap(&B, many, 200, 24);
	finish(&B);
	CHECK_PARSE_ERR(-E2BIG,
			"multiboot2: memory map has more than 128 distinct regions (200 entries)");

	/* 400 adjacent same-type entries merge into one; gaps do not merge. */
	for (i = 0; i < 400; i++)
		many[i] = (struct ent){ (uint64_t)i << 12, 1 << 12, 1 };
	many[399].base += 0x1000;
	blob_init(&B);
	add_mmap(&B, many, 400, 24);
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0 && BI.mmap_count == 2);
	CHECK(BI.mmap[0].base == 0 && BI.mmap[0].length == 399 << 12);
	CHECK(BI.mem_available == 400 << 12);
}

HOSTTEST(mmap_entries)
{
	struct ent e[3] = {
		{ 0x100000, 0x100000, 1 },
		{ 0x300000, 0, 1 },			/* empty: dropped */
		{ 0x400000, 0x1000, 7 },		/* unknown type kept */
	};
	int ret;

	/* A larger entry_size (a future entry version) is stepped over. */
	blob_init(&B);
	add_mmap(&B, e, 3, 40);
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0 && BI.mmap_count == 2);
	CHECK(BI.mmap[1].base == 0x400000 && BI.mmap[1].type == 7);
	CHECK(!strcmp(bootinfo_mem_type_name(7), "reserved (other)"));

	blob_init(&B);
	add_mmap(&B, e, 3, 24);
	memcpy(B.buf + 8 + 8, &(uint32_t){ 20 }, 4);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: memory map at offset 0x8 has entry_size 20 (need a multiple of 8, >= 24)");

	blob_init(&B);
	add_mmap(&B, e, 3, 24);
	memcpy(B.buf + 8 + 8, &(uint32_t){ 32 }, 4);	/* 72 bytes / 32 */
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: memory map at offset 0x8: 72 bytes of entries is not a multiple of entry_size 32");

	e[0].base = 0xfffffffffff00000ULL;
	e[0].len = 0x200000;
	blob_init(&B);
	add_mmap(&B, e, 3, 24);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: memory map entry 0 (base 0xfffffffffff00000, length 0x200000) wraps past 2^64");
}

/* Parse a structure with just @cmdline and a memory map. */
static int parse_with_cmdline(const char *cmdline)
{
	blob_init(&B);
	add_string(&B, MULTIBOOT2_TAG_CMDLINE, cmdline);
	add_mmap(&B, std_map, 1, 24);
	finish(&B);
	return bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
}

HOSTTEST(strings)
{
	static char longcmd[3000];
	uint32_t off;

	/* One endless word: nothing of it may be kept. */
	memset(longcmd, 'a', sizeof(longcmd) - 1);
	CHECK(parse_with_cmdline(longcmd) == 0 && BI.cmdline_truncated);
	CHECK(strcmp(BI.cmdline, "") == 0);
	CHECK(BI.cmdline_given == sizeof(longcmd) - 1);
	CHECK(strncmp(BI.cmdline_cut, "aaaa", 4) == 0);

	/* Words of 10 bytes: the cut one (at 2047) and all after it go. */
	for (size_t i = 0; i + 10 < sizeof(longcmd); i += 10)
		memcpy(longcmd + i, i == 2040 ? "cutme=123 " : "key00=123 ", 10);
	longcmd[sizeof(longcmd) - 1] = '\0';
	CHECK(parse_with_cmdline(longcmd) == 0 && BI.cmdline_truncated);
	CHECK(strlen(BI.cmdline) == 2039);
	CHECK(strcmp(BI.cmdline + 2030, "key00=123") == 0);
	CHECK(strncmp(BI.cmdline_cut, "cutme=123 key00", 15) == 0);
	CHECK(BOOTINFO_CMDLINE_MAX == 2048);

	blob_init(&B);
	off = tag_begin(&B, MULTIBOOT2_TAG_CMDLINE);
	put(&B, "no-nul", 6);
	tag_end(&B, off);
	add_mmap(&B, std_map, 1, 24);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 1 at offset 0x8: string not NUL-terminated");
}

HOSTTEST(minimum_ram)
{
	/* 2 MiB - 4 KiB above 1 MiB (one region straddles it); the RAM
	 * below 1 MiB does not count. */
	static const struct ent small[] = {
		{ 0x0, 0x9fc00, 1 },
		{ 0xf0000, 0x90000, 1 },
		{ 0x200000, 0x17f000, 1 },
	};
	int ret;

	blob_init(&B);
	add_mmap(&B, std_map, 6, 24);
	finish(&B);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(bootinfo_check_ram(&BI) == 0);
	CHECK(bootinfo_ram_above_1mib(&BI) == 0x7ee0000);

	blob_init(&B);
	add_mmap(&B, small, 3, 24);
	finish(&B);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(bootinfo_ram_above_1mib(&BI) == (2 << 20) - 0x1000);
	ret = bootinfo_check_ram(&BI);
	CHECK(ret == -ENOMEM);
	CHECK(strcmp(BI.error, "Mosaic needs 4096 KiB of RAM above 1 MiB, this machine has 2044 KiB: give it 8 MiB or more") == 0);
}

HOSTTEST(duplicates)
{
	blob_init(&B);
	add_mmap(&B, std_map, 2, 24);
	add_mmap(&B, std_map, 2, 24);
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL, "multiboot2: duplicate tag 6 at offset 0x48");
}

HOSTTEST(modules)
{
	char name[200];
	int i, ret;

	blob_init(&B);
	add_mmap(&B, std_map, 1, 24);
	for (i = 0; i < BOOTINFO_MODULES_MAX; i++) {
		snprintf(name, sizeof(name), "mod%d", i);
		add_module(&B, 0x1000000 + i * 0x1000, 0x1000800 + i * 0x1000, name);
	}
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0 && BI.module_count == BOOTINFO_MODULES_MAX);
	CHECK(!strcmp(BI.modules[15].string, "mod15"));
	CHECK(BI.modules[15].start == 0x100f000);

	B.len -= 8;	/* drop the end tag, add a 17th module */
	add_module(&B, 0, 0, "extra");
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == -E2BIG && strstr(BI.error, "more than 16 modules") != NULL);

	memset(name, 'm', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	blob_init(&B);
	add_mmap(&B, std_map, 1, 24);
	add_module(&B, 0x2000, 0x1000, "backwards");	/* at 0x30 */
	finish(&B);
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: module at offset 0x30 ends (0x1000) before it starts (0x2000)");

	blob_init(&B);
	add_mmap(&B, std_map, 1, 24);
	add_module(&B, 0x1000, 0x2000, name);	/* long string: truncated */
	finish(&B);
	ret = bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC);
	CHECK(ret == 0 && strlen(BI.modules[0].string) == BOOTINFO_MODSTR_MAX - 1);
}

/* A valid map plus one EFI system-table tag holding a 32- or 64-bit pointer. */
static void efi_blob(uint32_t tag, int bits, uint64_t systab)
{
	uint32_t off;

	blob_init(&B);
	add_mmap(&B, std_map, 1, 24);		/* 0x8, size 40 */
	off = tag_begin(&B, tag);
	if (bits == 64)
		put64(&B, systab);
	else
		put32(&B, (uint32_t)systab);
	tag_end(&B, off);
	finish(&B);
}

HOSTTEST(efi)
{
	efi_blob(MULTIBOOT2_TAG_EFI64, 64, 0x1f9ee018);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(BI.efi_boot && BI.efi_systab == 0x1f9ee018);

	efi_blob(MULTIBOOT2_TAG_EFI32, 32, 0x7f00);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(BI.efi_boot && BI.efi_systab == 0x7f00);

	efi_blob(MULTIBOOT2_TAG_EFI64, 32, 0x7f00);	/* 32-bit pointer only */
	CHECK_PARSE_ERR(-EINVAL,
			"multiboot2: tag 12 at offset 0x30 has size 12 (< 16)");
}

HOSTTEST(ega_text)
{
	uint32_t off;

	blob_init(&B);
	add_mmap(&B, std_map, 1, 24);
	off = tag_begin(&B, MULTIBOOT2_TAG_FRAMEBUFFER);
	put64(&B, 0xb8000);
	put32(&B, 160);
	put32(&B, 80);
	put32(&B, 25);
	put8(&B, 16);
	put8(&B, 2);
	put8(&B, 0);
	put8(&B, 0);
	tag_end(&B, off);
	finish(&B);
	CHECK(bootinfo_parse(&BI, B.buf, MULTIBOOT2_BOOTLOADER_MAGIC) == 0);
	CHECK(BI.fb.present && BI.fb.type == MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT);
	CHECK(BI.fb.addr == 0xb8000 && BI.fb.width == 80 && BI.fb.height == 25);
	CHECK(BI.fb.red_size == 0);
}

/*
 * Property: random corruption of a valid structure (total_size kept)
 * never makes the parser read outside it (ASan watches the exact-size
 * heap copy) and every outcome is either success with sane contents or
 * a failure with a message.
 */
HOSTTEST(random_corruption)
{
	unsigned int seed = 12345, iter, nerr = 0;

	std_blob(&B, true);
	for (iter = 0; iter < 20000 && hosttest_ok(); iter++) {
		unsigned char *copy = aligned_alloc(8, (B.len + 7) & ~7U);
		unsigned int k, flips = 1 + iter % 4;
		int ret;

		memcpy(copy, B.buf, B.len);
		for (k = 0; k < flips; k++) {
			seed = seed * 1103515245 + 12345;
			copy[8 + (seed >> 8) % (B.len - 8)] = (unsigned char)(seed >> 20);
		}
		ret = bootinfo_parse(&BI, copy, MULTIBOOT2_BOOTLOADER_MAGIC);
		if (ret) {
			nerr++;
			CHECK(BI.error[0] != '\0');
		} else {
			CHECK(BI.mmap_count <= BOOTINFO_MMAP_MAX);
			CHECK(BI.module_count <= BOOTINFO_MODULES_MAX);
			CHECK(strlen(BI.cmdline) < BOOTINFO_CMDLINE_MAX);
			CHECK(BI.info_end - BI.info_start == B.len);
		}
		free(copy);
	}
	/* Both outcomes must occur, or the corruption is not exercising much. */
	CHECK(nerr > 0 && nerr < iter);
}


int main(int argc, char **argv)
{
	return hosttest_main("bootinfo", argc, argv);
}
