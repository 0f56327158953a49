/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the boot loader told us, parsed once into fixed-size storage.
 *
 * bootinfo_parse() validates the raw Multiboot2 structure and copies
 * everything the kernel needs into a struct bootinfo, so later code never
 * touches loader memory (which the frame allocator may reuse once the
 * range [info_start, info_end) is released) and never has to re-check it.
 *
 * The kernel keeps the result in the global boot_info (defined and filled
 * by kernel init before any test or subsystem runs).
 */
#ifndef _MOSAIC_BOOTINFO_H
#define _MOSAIC_BOOTINFO_H

#include <mosaic/cmdline.h>
#include <mosaic/types.h>

#define BOOTINFO_CMDLINE_MAX COMMAND_LINE_SIZE
#define BOOTINFO_CUT_SHOWN 32	/* how much of a dropped word to keep */
#define BOOTINFO_LOADER_MAX 64
#define BOOTINFO_MMAP_MAX 128
#define BOOTINFO_MODULES_MAX 16
#define BOOTINFO_MODSTR_MAX 128
#define BOOTINFO_ERROR_MAX 128
#define BOOTINFO_RSDP_MAX 36		/* ACPI 2.0+ RSDP length */
/* Sanity limit for total_size: GRUB's structure is a few KiB. */
#define BOOTINFO_INFO_MAX (1U << 20)

/* Memory region types: the Multiboot2 values, which match E820. */
enum bootinfo_mem_type {
	BOOTINFO_MEM_AVAILABLE = 1,
	BOOTINFO_MEM_RESERVED = 2,
	BOOTINFO_MEM_ACPI_RECLAIMABLE = 3,
	BOOTINFO_MEM_NVS = 4,
	BOOTINFO_MEM_BAD = 5,
};

struct bootinfo_mmap_entry {
	phys_addr_t base;
	u64 length;		/* never 0; base + length does not wrap */
	u32 type;		/* enum bootinfo_mem_type, or another reserved value */
};

struct bootinfo_module {
	phys_addr_t start;	/* inclusive */
	phys_addr_t end;	/* exclusive */
	char string[BOOTINFO_MODSTR_MAX];	/* truncated if longer */
};

struct bootinfo_framebuffer {
	bool present;
	u8 type;		/* MULTIBOOT2_FRAMEBUFFER_TYPE_* */
	u8 bpp;
	phys_addr_t addr;
	u32 pitch;		/* bytes per line */
	u32 width;		/* pixels, or columns for EGA text */
	u32 height;		/* pixels, or rows for EGA text */
	/* RGB only: bit position and size of each channel */
	u8 red_pos, red_size;
	u8 green_pos, green_size;
	u8 blue_pos, blue_size;
	u16 palette_colors;	/* indexed only */
};

struct bootinfo {
	/* The raw structure's physical range, for the memory code to reserve. */
	phys_addr_t info_start;
	phys_addr_t info_end;	/* exclusive; info_start + total_size */

	/* Always NUL-terminated; "" when the loader passed none. */
	char cmdline[BOOTINFO_CMDLINE_MAX];
	/*
	 * Set when the loader's line did not fit: cmdline then ends before
	 * the word the cut went through (never half a word), that word's
	 * start is in cmdline_cut and cmdline_given is the full length.
	 */
	bool cmdline_truncated;
	char cmdline_cut[BOOTINFO_CUT_SHOWN];
	u32 cmdline_given;
	char bootloader[BOOTINFO_LOADER_MAX];

	bool has_meminfo;
	u32 mem_lower_kib;
	u32 mem_upper_kib;

	/* In loader order; adjacent regions of the same type are merged. */
	unsigned int mmap_count;
	struct bootinfo_mmap_entry mmap[BOOTINFO_MMAP_MAX];
	u64 mem_available;	/* sum of BOOTINFO_MEM_AVAILABLE lengths */

	unsigned int module_count;
	struct bootinfo_module modules[BOOTINFO_MODULES_MAX];

	struct bootinfo_framebuffer fb;

	/* 0: no RSDP tag; 1: ACPI 1.0 RSDP (20 bytes); 2: ACPI 2.0+ (36). */
	unsigned int rsdp_version;
	unsigned int rsdp_len;	/* bytes valid in rsdp[] */
	u8 rsdp[BOOTINFO_RSDP_MAX];	/* copy of the loader's copy */

	bool has_load_base;
	phys_addr_t load_base;

	/* Booted from UEFI: the loader passed an EFI system table (tag 11/12). */
	bool efi_boot;
	phys_addr_t efi_systab;

	unsigned int tag_count;	/* all tags seen, including unknown ones */
	/* Set when bootinfo_parse() fails: a message to panic with. */
	char error[BOOTINFO_ERROR_MAX];
};

/*
 * Parse the Multiboot2 information at @mbi (a kernel virtual address of
 * the structure: its direct-map alias, phys_to_virt(%ebx)) that came with
 * @magic (%eax). Fills @bi and returns 0, or returns a negative errno and
 * leaves a one-line explanation in bi->error:
 *   -EINVAL     bad magic, misaligned or malformed structure or tag
 *   -ENOENT     a required tag (memory map) is missing
 *   -E2BIG      more memory map entries or modules than fit in @bi
 */
int bootinfo_parse(struct bootinfo *bi, const void *mbi, u32 magic);

/*
 * The least RAM above 1 MiB the kernel runs in: its image (about 1.3 MiB
 * with bss), the kernel half's 256 page-directory-pointer tables (1 MiB),
 * the struct page array, stacks and heap pages. GRUB itself needs a 7 MiB
 * machine to load it (Documentation/boot.md); 8 MiB is the stated minimum.
 */
#define BOOTINFO_MIN_RAM_ABOVE_1MIB (4ULL << 20)

/* Bytes of available RAM at or above 1 MiB in the memory map. */
u64 bootinfo_ram_above_1mib(const struct bootinfo *bi);

/*
 * Is there enough RAM to run (BOOTINFO_MIN_RAM_ABOVE_1MIB)? Returns 0,
 * or -ENOMEM with a message saying how much is needed in bi->error.
 */
int bootinfo_check_ram(struct bootinfo *bi);

/* Print a readable summary with printk (KERN_INFO). */
void bootinfo_print(const struct bootinfo *bi);

/* Name of a memory region type ("available", "ACPI NVS", ...). */
const char *bootinfo_mem_type_name(u32 type);

/* The kernel's parsed boot information (kernel init defines and fills it). */
extern struct bootinfo boot_info;

#endif /* _MOSAIC_BOOTINFO_H */
