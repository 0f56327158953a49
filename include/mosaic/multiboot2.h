/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 boot information, as handed over by GRUB2 (Multiboot2
 * specification, version 2.0, section 3.6). The loader passes the magic
 * below in %eax and the physical address of the information structure in
 * %ebx. The structure starts with an 8-byte header, followed by tags,
 * each starting on an 8-byte boundary and ending with a tag of type 0.
 *
 * Only layouts are described here; kernel/bootinfo.c validates and copies
 * them into a struct bootinfo that the rest of the kernel uses.
 */
#ifndef _MOSAIC_MULTIBOOT2_H
#define _MOSAIC_MULTIBOOT2_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

/* Value in %eax when a Multiboot2 loader jumps to the kernel. */
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289U
/* Value at the start of the Multiboot2 header in the kernel image. */
#define MULTIBOOT2_HEADER_MAGIC 0xe85250d6U

#define MULTIBOOT2_TAG_ALIGN 8

/* Tag types of the boot information. */
#define MULTIBOOT2_TAG_END 0
#define MULTIBOOT2_TAG_CMDLINE 1
#define MULTIBOOT2_TAG_BOOTLOADER_NAME 2
#define MULTIBOOT2_TAG_MODULE 3
#define MULTIBOOT2_TAG_BASIC_MEMINFO 4
#define MULTIBOOT2_TAG_BOOTDEV 5
#define MULTIBOOT2_TAG_MMAP 6
#define MULTIBOOT2_TAG_VBE 7
#define MULTIBOOT2_TAG_FRAMEBUFFER 8
#define MULTIBOOT2_TAG_ELF_SECTIONS 9
#define MULTIBOOT2_TAG_APM 10
#define MULTIBOOT2_TAG_EFI32 11
#define MULTIBOOT2_TAG_EFI64 12
#define MULTIBOOT2_TAG_SMBIOS 13
#define MULTIBOOT2_TAG_ACPI_OLD 14
#define MULTIBOOT2_TAG_ACPI_NEW 15
#define MULTIBOOT2_TAG_NETWORK 16
#define MULTIBOOT2_TAG_EFI_MMAP 17
#define MULTIBOOT2_TAG_EFI_BS 18
#define MULTIBOOT2_TAG_EFI32_IH 19
#define MULTIBOOT2_TAG_EFI64_IH 20
#define MULTIBOOT2_TAG_LOAD_BASE_ADDR 21

/* Memory map entry types. Anything else is reserved. */
#define MULTIBOOT2_MEMORY_AVAILABLE 1
#define MULTIBOOT2_MEMORY_RESERVED 2
#define MULTIBOOT2_MEMORY_ACPI_RECLAIMABLE 3
#define MULTIBOOT2_MEMORY_NVS 4
#define MULTIBOOT2_MEMORY_BADRAM 5

/* Framebuffer types. */
#define MULTIBOOT2_FRAMEBUFFER_TYPE_INDEXED 0
#define MULTIBOOT2_FRAMEBUFFER_TYPE_RGB 1
#define MULTIBOOT2_FRAMEBUFFER_TYPE_EGA_TEXT 2

struct multiboot2_info {
	u32 total_size;		/* including this header and the end tag */
	u32 reserved;
} __packed;

struct multiboot2_tag {
	u32 type;
	u32 size;		/* including this header, excluding padding */
} __packed;

/* Types 1 (command line) and 2 (boot loader name). */
struct multiboot2_tag_string {
	u32 type;
	u32 size;
	char string[];		/* NUL-terminated */
} __packed;

struct multiboot2_tag_module {
	u32 type;
	u32 size;
	u32 mod_start;		/* physical, inclusive */
	u32 mod_end;		/* physical, exclusive */
	char string[];		/* NUL-terminated */
} __packed;

struct multiboot2_tag_basic_meminfo {
	u32 type;
	u32 size;
	u32 mem_lower;		/* KiB below 1 MiB */
	u32 mem_upper;		/* KiB from 1 MiB to the first hole */
} __packed;

struct multiboot2_mmap_entry {
	u64 base_addr;
	u64 length;
	u32 type;
	u32 reserved;
} __packed;

struct multiboot2_tag_mmap {
	u32 type;
	u32 size;
	u32 entry_size;		/* a multiple of 8; >= 24 */
	u32 entry_version;	/* 0 */
	/* entries of entry_size bytes follow */
} __packed;

/*
 * The specification text shows a u8 `reserved` after framebuffer_type,
 * but GRUB (the loader we use) lays out a u16, so colour information
 * starts 32 bytes into the tag. The fields up to framebuffer_type are
 * the same in both readings.
 */
struct multiboot2_tag_framebuffer {
	u32 type;
	u32 size;
	u64 framebuffer_addr;
	u32 framebuffer_pitch;	/* bytes per line */
	u32 framebuffer_width;	/* pixels, or characters for EGA text */
	u32 framebuffer_height;
	u8 framebuffer_bpp;
	u8 framebuffer_type;
	u16 reserved;
	/* colour info follows, depending on framebuffer_type */
} __packed;

#define MULTIBOOT2_FB_MIN_SIZE 30	/* through framebuffer_type */
#define MULTIBOOT2_FB_COLOR_OFFSET 32

/* framebuffer_type == RGB: colour info */
struct multiboot2_fb_rgb {
	u8 red_field_position;
	u8 red_mask_size;
	u8 green_field_position;
	u8 green_mask_size;
	u8 blue_field_position;
	u8 blue_mask_size;
} __packed;

/* Types 14 and 15: a copy of the ACPI RSDP (v1: 20 bytes, v2: 36). */
struct multiboot2_tag_acpi {
	u32 type;
	u32 size;
	u8 rsdp[];
} __packed;

/* Types 11 and 12: physical address of the EFI system table. */
struct multiboot2_tag_efi32 {
	u32 type;
	u32 size;
	u32 pointer;
} __packed;

struct multiboot2_tag_efi64 {
	u32 type;
	u32 size;
	u64 pointer;
} __packed;

struct multiboot2_tag_load_base_addr {
	u32 type;
	u32 size;
	u32 load_base_addr;
} __packed;

#endif /* _MOSAIC_MULTIBOOT2_H */
