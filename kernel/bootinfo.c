// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot2 information parser.
 *
 * The loader's structure is untrusted input: every size is checked
 * before anything behind it is read, so a malformed structure produces a
 * message in bi->error (the caller panics with it) instead of a fault.
 * This file is freestanding; tools/bootinfo compiles it natively and
 * feeds it crafted good and bad structures.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/cmdline.h>
#include <mosaic/compiler.h>
#include <mosaic/ctype.h>
#include <mosaic/errno.h>
#include <mosaic/multiboot2.h>
#include <mosaic/page.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>
#include <stdarg.h>

static int __printf(3, 4) fail(struct bootinfo *bi, int err,
			       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bi->error, sizeof(bi->error), fmt, ap);
	va_end(ap);
	return err;
}

/* Minimum size of each tag type we read; 8 (the header) for the rest. */
static u32 tag_min_size(u32 type)
{
	switch (type) {
	case MULTIBOOT2_TAG_CMDLINE:
	case MULTIBOOT2_TAG_BOOTLOADER_NAME:
		return 9;		/* header + NUL */
	case MULTIBOOT2_TAG_MODULE:
		return 17;		/* header + start + end + NUL */
	case MULTIBOOT2_TAG_BASIC_MEMINFO:
	case MULTIBOOT2_TAG_MMAP:
		return 16;
	case MULTIBOOT2_TAG_FRAMEBUFFER:
		return MULTIBOOT2_FB_MIN_SIZE;
	case MULTIBOOT2_TAG_ACPI_OLD:
		return 8 + 20;
	case MULTIBOOT2_TAG_ACPI_NEW:
		return 8 + 36;
	case MULTIBOOT2_TAG_LOAD_BASE_ADDR:
	case MULTIBOOT2_TAG_EFI32:
		return 12;
	case MULTIBOOT2_TAG_EFI64:
		return 16;
	default:
		return 8;
	}
}

/* Tags that may appear once; a second copy means a confused loader. */
static bool tag_is_single(u32 type)
{
	switch (type) {
	case MULTIBOOT2_TAG_CMDLINE:
	case MULTIBOOT2_TAG_BOOTLOADER_NAME:
	case MULTIBOOT2_TAG_BASIC_MEMINFO:
	case MULTIBOOT2_TAG_MMAP:
	case MULTIBOOT2_TAG_FRAMEBUFFER:
	case MULTIBOOT2_TAG_ACPI_OLD:
	case MULTIBOOT2_TAG_ACPI_NEW:
	case MULTIBOOT2_TAG_LOAD_BASE_ADDR:
	case MULTIBOOT2_TAG_EFI32:
	case MULTIBOOT2_TAG_EFI64:
		return true;
	default:
		return false;
	}
}

/* Copy a string that must end inside [s, s + len); truncate to @size. */
static int copy_tag_string(char *dst, size_t size, const char *s, size_t len,
			   bool *truncated)
{
	size_t n = 0;

	while (n < len && s[n] != '\0')
		n++;
	if (n == len)
		return -EINVAL;	/* no NUL inside the tag */
	if (truncated)
		*truncated = n >= size;
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int parse_string(struct bootinfo *bi, const struct multiboot2_tag *tag,
			u32 off, char *dst, size_t size, bool *truncated)
{
	const struct multiboot2_tag_string *t = (const void *)tag;

	if (copy_tag_string(dst, size, t->string, tag->size - 8, truncated))
		return fail(bi, -EINVAL,
			    "multiboot2: tag %u at offset 0x%x: string not NUL-terminated",
			    tag->type, off);
	return 0;
}

/*
 * The command line, cut at a word boundary if it does not fit: a half
 * word would be parsed as a different parameter or value.
 */
static int parse_cmdline(struct bootinfo *bi, const struct multiboot2_tag *tag,
			 u32 off)
{
	const struct multiboot2_tag_string *t = (const void *)tag;
	size_t keep, from;
	int err;

	err = parse_string(bi, tag, off, bi->cmdline, sizeof(bi->cmdline),
			   &bi->cmdline_truncated);
	if (err || !bi->cmdline_truncated)
		return err;
	bi->cmdline_given = (u32)strlen(t->string);
	keep = cmdline_drop_cut_word(bi->cmdline, t->string[sizeof(bi->cmdline) - 1]);
	for (from = keep; from < bi->cmdline_given && isspace(t->string[from]);)
		from++;
	copy_tag_string(bi->cmdline_cut, sizeof(bi->cmdline_cut),
			t->string + from, tag->size - 8 - from, NULL);
	return 0;
}

static int parse_module(struct bootinfo *bi, const struct multiboot2_tag *tag,
			u32 off)
{
	const struct multiboot2_tag_module *t = (const void *)tag;
	struct bootinfo_module *m;

	if (bi->module_count >= BOOTINFO_MODULES_MAX)
		return fail(bi, -E2BIG,
			    "multiboot2: more than %u modules (tag at offset 0x%x)",
			    BOOTINFO_MODULES_MAX, off);
	if (t->mod_end < t->mod_start)
		return fail(bi, -EINVAL,
			    "multiboot2: module at offset 0x%x ends (0x%x) before it starts (0x%x)",
			    off, t->mod_end, t->mod_start);
	m = &bi->modules[bi->module_count];
	if (copy_tag_string(m->string, sizeof(m->string), t->string,
			    tag->size - 16, NULL))
		return fail(bi, -EINVAL,
			    "multiboot2: tag %u at offset 0x%x: string not NUL-terminated",
			    tag->type, off);
	m->start = t->mod_start;
	m->end = t->mod_end;
	bi->module_count++;
	return 0;
}

static int add_region(struct bootinfo *bi, u64 base, u64 len, u32 type)
{
	struct bootinfo_mmap_entry *prev;

	if (bi->mmap_count) {
		prev = &bi->mmap[bi->mmap_count - 1];
		/* Firmware often splits one range; merging saves slots. */
		if (prev->type == type && prev->base + prev->length == base) {
			prev->length += len;
			return 0;
		}
	}
	if (bi->mmap_count >= BOOTINFO_MMAP_MAX)
		return -E2BIG;
	bi->mmap[bi->mmap_count].base = base;
	bi->mmap[bi->mmap_count].length = len;
	bi->mmap[bi->mmap_count].type = type;
	bi->mmap_count++;
	return 0;
}

static int parse_mmap(struct bootinfo *bi, const struct multiboot2_tag *tag,
		      u32 off)
{
	const struct multiboot2_tag_mmap *t = (const void *)tag;
	const u8 *p = (const u8 *)tag + sizeof(*t);
	u32 bytes = tag->size - sizeof(*t);
	u32 i, n;

	if (t->entry_size < sizeof(struct multiboot2_mmap_entry) ||
	    t->entry_size % 8)
		return fail(bi, -EINVAL,
			    "multiboot2: memory map at offset 0x%x has entry_size %u (need a multiple of 8, >= %zu)",
			    off, t->entry_size,
			    sizeof(struct multiboot2_mmap_entry));
	if (bytes % t->entry_size)
		return fail(bi, -EINVAL,
			    "multiboot2: memory map at offset 0x%x: %u bytes of entries is not a multiple of entry_size %u",
			    off, bytes, t->entry_size);
	n = bytes / t->entry_size;
	for (i = 0; i < n; i++, p += t->entry_size) {
		const struct multiboot2_mmap_entry *e = (const void *)p;

		if (e->length == 0)
			continue;
		if (e->base_addr + e->length < e->base_addr)
			return fail(bi, -EINVAL,
				    "multiboot2: memory map entry %u (base 0x%llx, length 0x%llx) wraps past 2^64",
				    i, (unsigned long long)e->base_addr,
				    (unsigned long long)e->length);
		if (add_region(bi, e->base_addr, e->length, e->type))
			return fail(bi, -E2BIG,
				    "multiboot2: memory map has more than %u distinct regions (%u entries)",
				    BOOTINFO_MMAP_MAX, n);
		if (e->type == MULTIBOOT2_MEMORY_AVAILABLE)
			bi->mem_available += e->length;
	}
	return 0;
}

static void parse_framebuffer(struct bootinfo *bi,
			      const struct multiboot2_tag *tag)
{
	const struct multiboot2_tag_framebuffer *t = (const void *)tag;
	const u8 *color = (const u8 *)tag + MULTIBOOT2_FB_COLOR_OFFSET;
	u32 color_bytes = tag->size > MULTIBOOT2_FB_COLOR_OFFSET ?
			  tag->size - MULTIBOOT2_FB_COLOR_OFFSET : 0;
	struct bootinfo_framebuffer *fb = &bi->fb;

	fb->present = true;
	fb->addr = t->framebuffer_addr;
	fb->pitch = t->framebuffer_pitch;
	fb->width = t->framebuffer_width;
	fb->height = t->framebuffer_height;
	fb->bpp = t->framebuffer_bpp;
	fb->type = t->framebuffer_type;
	if (fb->type == MULTIBOOT2_FRAMEBUFFER_TYPE_RGB && color_bytes >= 6) {
		fb->red_pos = color[0];
		fb->red_size = color[1];
		fb->green_pos = color[2];
		fb->green_size = color[3];
		fb->blue_pos = color[4];
		fb->blue_size = color[5];
	} else if (fb->type == MULTIBOOT2_FRAMEBUFFER_TYPE_INDEXED &&
		   color_bytes >= 2) {
		fb->palette_colors = (u16)(color[0] | color[1] << 8);
	}
}

static void parse_acpi(struct bootinfo *bi, const struct multiboot2_tag *tag)
{
	const struct multiboot2_tag_acpi *t = (const void *)tag;
	unsigned int version = tag->type == MULTIBOOT2_TAG_ACPI_NEW ? 2 : 1;
	unsigned int len = version == 2 ? 36 : 20;

	/* GRUB passes both on ACPI 2.0 machines; keep the newer one. */
	if (bi->rsdp_version > version)
		return;
	bi->rsdp_version = version;
	bi->rsdp_len = len;
	memcpy(bi->rsdp, t->rsdp, len);
}

static int parse_tag(struct bootinfo *bi, const struct multiboot2_tag *tag,
		     u32 off)
{
	switch (tag->type) {
	case MULTIBOOT2_TAG_CMDLINE:
		return parse_cmdline(bi, tag, off);
	case MULTIBOOT2_TAG_BOOTLOADER_NAME:
		return parse_string(bi, tag, off, bi->bootloader,
				    sizeof(bi->bootloader), NULL);
	case MULTIBOOT2_TAG_MODULE:
		return parse_module(bi, tag, off);
	case MULTIBOOT2_TAG_BASIC_MEMINFO: {
		const struct multiboot2_tag_basic_meminfo *t = (const void *)tag;

		bi->has_meminfo = true;
		bi->mem_lower_kib = t->mem_lower;
		bi->mem_upper_kib = t->mem_upper;
		return 0;
	}
	case MULTIBOOT2_TAG_MMAP:
		return parse_mmap(bi, tag, off);
	case MULTIBOOT2_TAG_FRAMEBUFFER:
		parse_framebuffer(bi, tag);
		return 0;
	case MULTIBOOT2_TAG_ACPI_OLD:
	case MULTIBOOT2_TAG_ACPI_NEW:
		parse_acpi(bi, tag);
		return 0;
	case MULTIBOOT2_TAG_LOAD_BASE_ADDR: {
		const struct multiboot2_tag_load_base_addr *t = (const void *)tag;

		bi->has_load_base = true;
		bi->load_base = t->load_base_addr;
		return 0;
	}
	case MULTIBOOT2_TAG_EFI32:
		bi->efi_boot = true;
		bi->efi_systab = ((const struct multiboot2_tag_efi32 *)tag)->pointer;
		return 0;
	case MULTIBOOT2_TAG_EFI64:
		bi->efi_boot = true;
		bi->efi_systab = ((const struct multiboot2_tag_efi64 *)tag)->pointer;
		return 0;
	default:
		return 0;	/* not needed (yet): skip */
	}
}

static int check_header(struct bootinfo *bi, const void *mbi, u32 magic)
{
	const struct multiboot2_info *info = mbi;

	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return fail(bi, -EINVAL,
			    "multiboot2: bad magic 0x%08x (expected 0x%08x): not booted by a Multiboot2 loader?",
			    magic, MULTIBOOT2_BOOTLOADER_MAGIC);
	if (!mbi)
		return fail(bi, -EINVAL, "multiboot2: no information structure");
	if ((uintptr_t)mbi % MULTIBOOT2_TAG_ALIGN)
		return fail(bi, -EINVAL,
			    "multiboot2: information structure at %p is not 8-byte aligned",
			    mbi);
	if (info->total_size < sizeof(*info) + sizeof(struct multiboot2_tag))
		return fail(bi, -EINVAL,
			    "multiboot2: total_size %u is too small (< 16)",
			    info->total_size);
	if (info->total_size > BOOTINFO_INFO_MAX)
		return fail(bi, -EINVAL,
			    "multiboot2: total_size %u is implausibly large (> %u)",
			    info->total_size, BOOTINFO_INFO_MAX);
	return 0;
}

int bootinfo_parse(struct bootinfo *bi, const void *mbi, u32 magic)
{
	const u8 *base = mbi;
	u32 total, off, seen = 0;
	bool ended = false;
	int ret;

	memset(bi, 0, sizeof(*bi));
	ret = check_header(bi, mbi, magic);
	if (ret)
		return ret;
	total = ((const struct multiboot2_info *)mbi)->total_size;

	for (off = sizeof(struct multiboot2_info);
	     off + sizeof(struct multiboot2_tag) <= total;
	     off += ALIGN_UP(((const struct multiboot2_tag *)(base + off))->size,
			     (u32)MULTIBOOT2_TAG_ALIGN)) {
		const struct multiboot2_tag *tag = (const void *)(base + off);
		u32 min = tag_min_size(tag->type);

		if (tag->size < min)
			return fail(bi, -EINVAL,
				    "multiboot2: tag %u at offset 0x%x has size %u (< %u)",
				    tag->type, off, tag->size, min);
		if (tag->size > total - off)
			return fail(bi, -EINVAL,
				    "multiboot2: tag %u at offset 0x%x (size %u) extends past total_size %u",
				    tag->type, off, tag->size, total);
		bi->tag_count++;
		if (tag->type == MULTIBOOT2_TAG_END) {
			ended = true;
			break;
		}
		if (tag_is_single(tag->type) && tag->type < 32) {
			if (seen & (1U << tag->type))
				return fail(bi, -EINVAL,
					    "multiboot2: duplicate tag %u at offset 0x%x",
					    tag->type, off);
			seen |= 1U << tag->type;
		}
		ret = parse_tag(bi, tag, off);
		if (ret)
			return ret;
	}
	if (!ended)
		return fail(bi, -EINVAL,
			    "multiboot2: no end tag within total_size %u", total);
	if (!(seen & (1U << MULTIBOOT2_TAG_MMAP)))
		return fail(bi, -ENOENT,
			    "multiboot2: no memory map tag (type 6)");

	bi->info_start = virt_to_phys(mbi);
	bi->info_end = bi->info_start + total;
	return 0;
}

u64 bootinfo_ram_above_1mib(const struct bootinfo *bi)
{
	const phys_addr_t one_mib = 1ULL << 20;
	u64 sum = 0;

	for (unsigned int i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];
		phys_addr_t end = e->base + e->length;

		if (e->type == BOOTINFO_MEM_AVAILABLE && end > one_mib)
			sum += end - (e->base > one_mib ? e->base : one_mib);
	}
	return sum;
}

int bootinfo_check_ram(struct bootinfo *bi)
{
	u64 have = bootinfo_ram_above_1mib(bi);

	if (have >= BOOTINFO_MIN_RAM_ABOVE_1MIB)
		return 0;
	return fail(bi, -ENOMEM,
		    "Mosaic needs %llu KiB of RAM above 1 MiB, this machine has %llu KiB: give it 8 MiB or more",
		    (unsigned long long)(BOOTINFO_MIN_RAM_ABOVE_1MIB >> 10),
		    (unsigned long long)(have >> 10));
}

const char *bootinfo_mem_type_name(u32 type)
{
	switch (type) {
	case BOOTINFO_MEM_AVAILABLE:
		return "available";
	case BOOTINFO_MEM_RESERVED:
		return "reserved";
	case BOOTINFO_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case BOOTINFO_MEM_NVS:
		return "ACPI NVS";
	case BOOTINFO_MEM_BAD:
		return "bad RAM";
	default:
		return "reserved (other)";
	}
}

static const char *fb_type_name(u8 type)
{
	switch (type) {
	case MULTIBOOT2_FRAMEBUFFER_TYPE_INDEXED:
		return "indexed";
	case MULTIBOOT2_FRAMEBUFFER_TYPE_RGB:
		return "RGB";
	case MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT:
		return "EGA text";
	default:
		return "unknown";
	}
}

void bootinfo_print(const struct bootinfo *bi)
{
	unsigned int i;

	pr_info("bootinfo: loader \"%s\", info at 0x%llx-0x%llx (%u tags)\n",
		bi->bootloader[0] ? bi->bootloader : "?",
		(unsigned long long)bi->info_start,
		(unsigned long long)bi->info_end, bi->tag_count);
	pr_info("bootinfo: cmdline \"%s\"%s\n", bi->cmdline,
		bi->cmdline_truncated ? " (truncated)" : "");
	if (bi->cmdline_truncated)
		pr_err("bootinfo: WARNING: the kernel command line is %u bytes, longer than COMMAND_LINE_SIZE (%u): everything from byte %zu ('%s...') was IGNORED\n",
		       bi->cmdline_given, BOOTINFO_CMDLINE_MAX,
		       strlen(bi->cmdline), bi->cmdline_cut);
	if (bi->has_meminfo)
		pr_info("bootinfo: lower %u KiB, upper %u KiB\n",
			bi->mem_lower_kib, bi->mem_upper_kib);
	for (i = 0; i < bi->mmap_count; i++) {
		const struct bootinfo_mmap_entry *e = &bi->mmap[i];

		pr_info("bootinfo: mem 0x%016llx-0x%016llx %s\n",
			(unsigned long long)e->base,
			(unsigned long long)(e->base + e->length - 1),
			bootinfo_mem_type_name(e->type));
	}
	pr_info("bootinfo: %llu MiB available in %u regions\n",
		(unsigned long long)(bi->mem_available >> 20), bi->mmap_count);
	for (i = 0; i < bi->module_count; i++)
		pr_info("bootinfo: module 0x%llx-0x%llx \"%s\"\n",
			(unsigned long long)bi->modules[i].start,
			(unsigned long long)bi->modules[i].end,
			bi->modules[i].string);
	if (bi->fb.present)
		pr_info("bootinfo: framebuffer %s %ux%u %ubpp pitch %u at 0x%llx\n",
			fb_type_name(bi->fb.type), bi->fb.width, bi->fb.height,
			bi->fb.bpp, bi->fb.pitch,
			(unsigned long long)bi->fb.addr);
	if (bi->rsdp_version)
		pr_info("bootinfo: ACPI RSDP v%u (%u bytes, OEM \"%.6s\")\n",
			bi->rsdp_version, bi->rsdp_len,
			(const char *)bi->rsdp + 9);
	if (bi->has_load_base)
		pr_info("bootinfo: loaded at 0x%llx\n",
			(unsigned long long)bi->load_base);
	if (bi->efi_boot)
		pr_info("bootinfo: UEFI boot, system table at 0x%llx\n",
			(unsigned long long)bi->efi_systab);
}
