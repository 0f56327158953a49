/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking an ELF64 executable before anything is mapped (fs/elf.c,
 * freestanding: tools/elf/ tests and fuzzes the same file). The loader
 * (fs/binfmt_elf.c) reads the header and program headers, asks
 * elf_parse() for a layout, and maps only what it describes.
 *
 * Errors, as Linux's execve: -ENOEXEC for what is not an x86-64 ELF
 * executable we can run (magic, class, byte order, version, machine,
 * type, header sizes, no PT_LOAD, a PT_INTERP: dynamic linking is not
 * supported); -EINVAL for a malformed one (segments out of order or
 * overlapping, p_filesz > p_memsz, misaligned offsets, file ranges past
 * the end, an entry point outside every segment, addresses in or
 * wrapping into the kernel half); -ENOMEM for sizes no address space
 * can hold.
 */
#ifndef _MOSAIC_ELF_H
#define _MOSAIC_ELF_H

#include <mosaic/types.h>
#include <uapi/linux/elf.h>

#define ELF_PAGE_SIZE 4096UL
/* Limits: a static executable has 2-6 PT_LOADs and ~10 headers. */
#define ELF_MAX_PHNUM 64
#define ELF_MAX_LOADS 16
/* The user address space an image (and its load bias) must fit in. */
#define ELF_USER_TOP 0x00007ffffffff000UL

struct elf_segment {
	u64 vaddr;		/* unbiased (ET_DYN: relative to the base) */
	u64 memsz;
	u64 offset;		/* in the file */
	u64 filesz;		/* bytes from the file; the rest is zero */
	u32 prot;		/* PF_R | PF_W | PF_X */
};

struct elf_layout {
	u16 type;		/* ET_EXEC or ET_DYN (static PIE) */
	u64 entry;		/* unbiased */
	u64 lo, hi;		/* page-rounded span of the PT_LOADs */
	u64 phdr_vaddr;		/* where the headers are mapped (AT_PHDR) */
	u16 phnum;
	bool exec_stack;	/* PT_GNU_STACK with PF_X; absent: not, as x86-64 Linux */
	unsigned int nr_loads;
	struct elf_segment loads[ELF_MAX_LOADS];
};

/* 0 if the file header is one we can run (file_size: the whole file). */
int elf_check_ehdr(const Elf64_Ehdr *eh, u64 file_size);
/*
 * Fill *out from the program headers ph[eh->e_phnum] of a file of
 * file_size bytes whose header passed elf_check_ehdr(). 0 or -errno.
 */
int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
		    u64 file_size, struct elf_layout *out);
/* Both, on an image of len bytes holding the header and the phdrs. */
int elf_parse(const void *image, size_t len, u64 file_size,
	      struct elf_layout *out);

#endif /* _MOSAIC_ELF_H */
