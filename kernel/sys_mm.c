// SPDX-License-Identifier: GPL-2.0
/*
 * The memory system calls on the calling thread's address space; the
 * semantics (flags, errors, placement) are the mm layer's
 * (<mosaic/mmap.h>).
 */
#include <mosaic/errno.h>
#include <mosaic/mmap.h>
#include <mosaic/page.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/vfs.h>

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm *mm = current()->mm;

	return mm ? (long)vm_brk(mm, brk) : -ENOMEM;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags, int, fd,
		unsigned long, off)
{
	struct process *p = current_process();
	struct mm *mm = current()->mm;
	struct file *f = NULL;
	long r;

	if (!mm)
		return -ENOMEM;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		if (!p || !p->files)
			return -EBADF;
		f = fd_get(p->files, fd);
		if (IS_ERR(f))
			return PTR_ERR(f);
	}
	r = vm_mmap(mm, addr, len, prot, flags, f, off);
	if (f)
		fput(f);
	return r;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	struct mm *mm = current()->mm;

	return mm ? vm_munmap(mm, addr, len) : -EINVAL;
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, unsigned long, len,
		unsigned long, prot)
{
	struct mm *mm = current()->mm;

	return mm ? vm_mprotect(mm, addr, len, prot) : -ENOMEM;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags,
		unsigned long, new_addr)
{
	struct mm *mm = current()->mm;

	return mm ? vm_mremap(mm, addr, old_len, new_len, flags, new_addr) :
		    -EFAULT;
}

SYSCALL_DEFINE3(madvise, unsigned long, addr, unsigned long, len, int, advice)
{
	struct mm *mm = current()->mm;

	return mm ? vm_madvise(mm, addr, len, advice) : -ENOMEM;
}
