// SPDX-License-Identifier: GPL-2.0
/*
 * Loading an ELF64 executable into a new address space: the checks of
 * fs/elf.c first, then each PT_LOAD as a private file mapping with its
 * protection plus anonymous zero pages for the bss, then the initial
 * stack as the x86-64 psABI lays it out (argc, argv, envp, auxv, the
 * strings above; rsp 16-byte aligned). The address space is the current
 * thread's while this runs (exec_prepare() loads it), so the stack is
 * written with copy_to_user like any other user memory.
 */
#include <asm/elf.h>
#include <mosaic/cred.h>
#include <mosaic/crng.h>
#include <mosaic/elf.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/kmalloc.h>
#include <mosaic/mmap.h>
#include <mosaic/page.h>
#include <mosaic/string.h>
#include <mosaic/uaccess.h>
#include <mosaic/vfs.h>

#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define STACK_TOP TASK_SIZE
#define AUXV_MAX 20

static unsigned long prot_from_pflags(u32 pf)
{
	return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
	       ((pf & PF_X) ? PROT_EXEC : 0);
}

static int map_fixed(struct mm *mm, unsigned long start, unsigned long len,
		     unsigned long prot, struct file *f, u64 off)
{
	unsigned long flags = MAP_PRIVATE | MAP_FIXED |
			      (f ? 0 : MAP_ANONYMOUS);
	long r = vm_mmap(mm, start, len, prot, flags, f, off);

	if (r < 0)
		return (int)r;
	return (unsigned long)r == start ? 0 : -ENOMEM;
}

/* File bytes, the zeroed rest of their last page, then zero pages. */
static int map_segment(struct mm *mm, struct file *f,
		       const struct elf_segment *s, unsigned long bias)
{
	unsigned long start = (s->vaddr + bias) & PAGE_MASK;
	unsigned long file_end = s->vaddr + bias + s->filesz;
	unsigned long mem_end = PAGE_UP(s->vaddr + bias + s->memsz);
	unsigned long prot = prot_from_pflags(s->prot);
	unsigned long anon = start;
	int err;

	if (s->filesz) {
		anon = PAGE_UP(file_end);
		err = map_fixed(mm, start, anon - start, prot, f,
				s->offset & PAGE_MASK);
		if (err)
			return err;
		/* The page holds file bytes past p_filesz: they are bss. */
		if (s->memsz > s->filesz && (file_end & ~PAGE_MASK) &&
		    (prot & PROT_WRITE) &&
		    clear_user((void __user *)file_end, anon - file_end))
			return -EFAULT;
	}
	if (mem_end > anon)
		return map_fixed(mm, anon, mem_end - anon, prot, NULL, 0);
	return 0;
}

/* Copy n bytes below *p on the new stack, return their address. */
static unsigned long push_bytes(unsigned long *p, const void *src, size_t n,
				int *err)
{
	*p -= n;
	if (!*err && copy_to_user((void __user *)*p, src, n))
		*err = -EFAULT;
	return *p;
}

struct stack_info {
	const struct elf_layout *lay;
	unsigned long bias;
	const char *execfn;
	struct mm *mm;		/* gets the strings' range (arg_start ...) */
};

static unsigned int fill_auxv(u64 *v, const struct stack_info *si,
			      unsigned long random, unsigned long platform,
			      unsigned long execfn)
{
	unsigned int n = 0;
	struct cred c;

	current_cred_ids(&c);
#define AUX(type, val) do { v[n++] = (type); v[n++] = (val); } while (0)
	AUX(AT_PHDR, si->lay->phdr_vaddr + si->bias);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, si->lay->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, si->lay->entry + si->bias);
	AUX(AT_UID, c.uid);
	AUX(AT_EUID, c.euid);
	AUX(AT_GID, c.gid);
	AUX(AT_EGID, c.egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP, arch_elf_hwcap());
	AUX(AT_CLKTCK, USER_HZ);
	AUX(AT_PLATFORM, platform);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

/*
 * From the top: the file name, the argument and environment strings,
 * 16 random bytes, the platform string; then, 16-byte aligned, argc,
 * argv[], NULL, envp[], NULL and the auxiliary vector.
 */
static int build_stack(const struct exec_args *args,
		       const struct stack_info *si, unsigned long *sp_out)
{
	unsigned int nptr = 1 + args->argc + 1 + args->envc + 1;
	unsigned long p = STACK_TOP, strings, random, platform, execfn, sp;
	size_t words = nptr + 2 * AUXV_MAX, argv_bytes = args->used;
	u8 rnd[16];
	u64 *tab;
	int err = 0;
	const char *s = args->buf;

	tab = kmalloc(words * sizeof(u64));
	if (!tab)
		return -ENOMEM;
	execfn = push_bytes(&p, si->execfn, strlen(si->execfn) + 1, &err);
	strings = push_bytes(&p, args->buf, args->used, &err);
	get_random_bytes(rnd, sizeof(rnd));
	random = push_bytes(&p, rnd, sizeof(rnd), &err);
	platform = push_bytes(&p, ELF_PLATFORM, sizeof(ELF_PLATFORM), &err);
	tab[0] = args->argc;
	for (unsigned int i = 0, w = 1; i < args->argc + args->envc; i++) {
		if (i == args->argc) {
			tab[w++] = 0;	/* end of argv */
			argv_bytes = (size_t)(s - args->buf);
		}
		tab[w++] = strings + (unsigned long)(s - args->buf);
		s += strlen(s) + 1;
	}
	tab[args->argc + 1] = 0;	/* end of argv (no envp: not set above) */
	tab[nptr - 1] = 0;		/* end of envp */
	si->mm->arg_start = strings;
	si->mm->arg_end = si->mm->env_start = strings + argv_bytes;
	si->mm->env_end = strings + args->used;
	words = nptr + fill_auxv(tab + nptr, si, random, platform, execfn);
	sp = (p - words * sizeof(u64)) & ~15UL;
	if (!err && copy_to_user((void __user *)sp, tab, words * sizeof(u64)))
		err = -EFAULT;
	kfree(tab);
	*sp_out = sp;
	return err;
}

/*
 * Linux's code and data bounds: code from the lowest to the highest
 * end of file bytes of the executable segments; data from the highest
 * segment start to the highest end of file bytes of any.
 */
static void set_code_data(struct mm *mm, const struct elf_layout *lay,
			  unsigned long bias)
{
	unsigned long start_code = ~0UL, end_code = 0, start_data = 0,
		      end_data = 0;

	for (unsigned int i = 0; i < lay->nr_loads; i++) {
		const struct elf_segment *s = &lay->loads[i];
		unsigned long end = s->vaddr + s->filesz;

		if ((s->prot & PF_X) && s->vaddr < start_code)
			start_code = s->vaddr;
		if ((s->prot & PF_X) && end > end_code)
			end_code = end;
		start_data = MAX(start_data, s->vaddr);
		end_data = MAX(end_data, end);
	}
	mm->start_code = start_code + bias;
	mm->end_code = end_code + bias;
	mm->start_data = start_data + bias;
	mm->end_data = end_data + bias;
}

static int read_headers(struct file *f, u64 size, Elf64_Ehdr *eh,
			Elf64_Phdr **ph)
{
	size_t n;
	int err;

	if (vfs_pread(f, eh, sizeof(*eh), 0) != (ssize_t)sizeof(*eh))
		return -ENOEXEC;
	err = elf_check_ehdr(eh, size);
	if (err)
		return err;
	n = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	*ph = kmalloc(n);
	if (!*ph)
		return -ENOMEM;
	if (vfs_pread(f, *ph, n, (s64)eh->e_phoff) != (ssize_t)n) {
		kfree(*ph);
		return -ENOEXEC;
	}
	return 0;
}

static int load_layout(struct file *f, u64 size, struct elf_layout *lay)
{
	Elf64_Phdr *ph;
	Elf64_Ehdr eh;
	int err = read_headers(f, size, &eh, &ph);

	if (err)
		return err;
	err = elf_check_phdrs(&eh, ph, size, lay);
	kfree(ph);
	return err;
}

int elf_load(struct file *f, u64 size, struct mm *mm, struct exec_args *args,
	     const char *execfn, struct exec_image *img)
{
	struct elf_layout *lay = kmalloc(sizeof(*lay));
	struct stack_info si = { .lay = lay, .execfn = execfn, .mm = mm };
	int err;

	if (!lay)
		return -ENOMEM;
	err = load_layout(f, size, lay);
	if (err)
		goto out;
	if (lay->type == ET_DYN) {
		si.bias = ELF_ET_DYN_BASE - lay->lo;
		if (lay->hi - lay->lo > STACK_TOP - STACK_RLIMIT_DEFAULT -
					       ELF_ET_DYN_BASE) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (unsigned int i = 0; !err && i < lay->nr_loads; i++)
		err = map_segment(mm, f, &lay->loads[i], si.bias);
	if (err)
		goto out;
	mm->start_brk = mm->brk = PAGE_UP(lay->hi + si.bias);
	set_code_data(mm, lay, si.bias);
	/*
	 * The stack area grows down on faults up to RLIMIT_STACK, keeping
	 * its guard gap; PT_GNU_STACK asking for it makes it executable.
	 */
	err = vm_setup_stack(mm, STACK_TOP, STACK_RLIMIT_DEFAULT);
	if (!err && lay->exec_stack)
		err = vm_mprotect(mm, STACK_TOP - STACK_INITIAL_SIZE,
				  STACK_INITIAL_SIZE,
				  PROT_READ | PROT_WRITE | PROT_EXEC);
	if (err)
		goto out;
	err = build_stack(args, &si, &img->sp);
	img->entry = lay->entry + si.bias;
out:
	kfree(lay);
	return err;
}
