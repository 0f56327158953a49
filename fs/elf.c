// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 header and program-header checks (<mosaic/elf.h>). Freestanding:
 * no allocation, no I/O, only the two header tables given, so the very
 * same file runs in the kernel and under ASan/UBSan and libFuzzer in
 * tools/elf/. Every arithmetic step on a file value is checked for
 * overflow before it is used.
 */
#include <mosaic/elf.h>
#include <mosaic/errno.h>
#include <mosaic/string.h>

#define PAGE_OFF(x) ((x) & (ELF_PAGE_SIZE - 1))
#define PAGE_DOWN(x) ((x) & ~(ELF_PAGE_SIZE - 1))

int elf_check_ehdr(const Elf64_Ehdr *eh, u64 file_size)
{
	u64 ph_bytes;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT || eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_ehsize < sizeof(*eh) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHNUM)
		return -ENOEXEC;
	ph_bytes = (u64)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > file_size || ph_bytes > file_size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

/* One PT_LOAD on its own: sizes, alignment, file range, address range. */
static int check_load(const Elf64_Phdr *p, u64 file_size)
{
	if (p->p_filesz > p->p_memsz)
		return -EINVAL;
	if (p->p_memsz == 0)
		return 0;
	if (p->p_memsz > ELF_USER_TOP)
		return -ENOMEM;
	if (PAGE_OFF(p->p_vaddr) != PAGE_OFF(p->p_offset))
		return -EINVAL;
	if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
		return -EINVAL;
	/* Below the (page-aligned) top, so rounding the end up stays below. */
	if (p->p_vaddr >= ELF_USER_TOP ||
	    p->p_memsz > ELF_USER_TOP - p->p_vaddr)
		return -EINVAL;
	return 0;
}

static u32 prot_of(u32 p_flags)
{
	return p_flags & (PF_R | PF_W | PF_X);
}

static int add_load(struct elf_layout *out, const Elf64_Phdr *p,
		    u64 file_size)
{
	struct elf_segment *s;
	int err = check_load(p, file_size);

	if (err)
		return err;
	if (p->p_memsz == 0)
		return 0;
	if (out->nr_loads == ELF_MAX_LOADS)
		return -ENOEXEC;
	/* gABI: PT_LOADs ascend by p_vaddr; overlapping ones are nonsense. */
	if (out->nr_loads) {
		const struct elf_segment *prev = &out->loads[out->nr_loads - 1];

		if (p->p_vaddr < prev->vaddr + prev->memsz)
			return -EINVAL;
	}
	s = &out->loads[out->nr_loads++];
	s->vaddr = p->p_vaddr;
	s->memsz = p->p_memsz;
	s->offset = p->p_offset;
	s->filesz = p->p_filesz;
	s->prot = prot_of(p->p_flags);
	return 0;
}

static bool in_some_load(const struct elf_layout *l, u64 va)
{
	for (unsigned int i = 0; i < l->nr_loads; i++)
		if (va >= l->loads[i].vaddr &&
		    va - l->loads[i].vaddr < l->loads[i].memsz)
			return true;
	return false;
}

/* Linux's fallback for AT_PHDR: the PT_LOAD that maps e_phoff. */
static u64 phdr_from_loads(const struct elf_layout *l, u64 phoff)
{
	for (unsigned int i = 0; i < l->nr_loads; i++) {
		const struct elf_segment *s = &l->loads[i];

		if (phoff >= s->offset && phoff - s->offset < s->filesz)
			return s->vaddr + (phoff - s->offset);
	}
	return 0;
}

static int finish_layout(const Elf64_Ehdr *eh, struct elf_layout *out,
			 bool have_phdr)
{
	const struct elf_segment *last;

	if (!out->nr_loads)
		return -ENOEXEC;
	last = &out->loads[out->nr_loads - 1];
	out->lo = PAGE_DOWN(out->loads[0].vaddr);
	/* check_load() made sure this rounds up without passing the top. */
	out->hi = PAGE_DOWN(last->vaddr + last->memsz + ELF_PAGE_SIZE - 1);
	if (eh->e_type == ET_EXEC && out->lo == 0)
		return -EINVAL;	/* a fixed image at page 0 */
	if (!in_some_load(out, eh->e_entry))
		return -EINVAL;
	out->entry = eh->e_entry;
	if (!have_phdr)
		out->phdr_vaddr = phdr_from_loads(out, eh->e_phoff);
	out->phnum = eh->e_phnum;
	out->type = eh->e_type;
	return 0;
}

int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
		    u64 file_size, struct elf_layout *out)
{
	bool have_phdr = false;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		int err = 0;

		switch (p->p_type) {
		case PT_LOAD:
			err = add_load(out, p, file_size);
			break;
		case PT_INTERP:
		case PT_DYNAMIC:
			/* No dynamic linker; static PIE has PT_DYNAMIC
			 * but relocates itself, so only PT_INTERP refuses. */
			if (p->p_type == PT_INTERP)
				err = -ENOEXEC;
			break;
		case PT_PHDR:
			out->phdr_vaddr = p->p_vaddr;
			have_phdr = true;
			break;
		case PT_GNU_STACK:
			out->exec_stack = p->p_flags & PF_X;
			break;
		default:
			break;
		}
		if (err)
			return err;
	}
	return finish_layout(eh, out, have_phdr);
}

int elf_parse(const void *image, size_t len, u64 file_size,
	      struct elf_layout *out)
{
	const Elf64_Ehdr *eh = image;
	int err;

	if (len < sizeof(*eh) || file_size < len)
		return -ENOEXEC;
	err = elf_check_ehdr(eh, file_size);
	if (err)
		return err;
	/*
	 * The table must lie in the bytes given and be aligned for its
	 * type (linkers put it right after the 64-byte header).
	 */
	if (eh->e_phoff > len ||
	    (u64)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff ||
	    (((unsigned long)image + eh->e_phoff) & 7))
		return -ENOEXEC;
	return elf_check_phdrs(eh,
			       (const Elf64_Phdr *)((const char *)image +
						    eh->e_phoff),
			       file_size, out);
}
