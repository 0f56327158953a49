/* SPDX-License-Identifier: GPL-2.0 */
/*
 * execve: replace the calling thread's program (fs/exec.c, the ELF part
 * in fs/binfmt_elf.c). The argument and environment strings are copied
 * into the kernel first (struct exec_args), the new image is built in a
 * fresh address space, and only when all of it succeeded does the thread
 * switch to it: a failed execve leaves the caller exactly as it was.
 */
#ifndef _MOSAIC_EXEC_H
#define _MOSAIC_EXEC_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct fs_struct;
struct file;
struct mm;

/* Bytes of argument and environment strings (E2BIG beyond). */
#define EXEC_ARG_MAX (128UL << 10)
/* #! lines: the longest one, and how deep interpreters may nest. */
#define EXEC_SHEBANG_MAX 256
#define EXEC_SHEBANG_DEPTH 4
/* Where a static PIE is placed (Linux's ELF_ET_DYN_BASE on x86-64). */
#define ELF_ET_DYN_BASE 0x555555554000UL

/* argv then envp strings, each NUL-terminated, back to back. */
struct exec_args {
	char *buf;
	size_t used;
	unsigned int argc, envc;
};

int exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
/* Append one string to argv (before any envp) or envp. */
int exec_args_push_arg(struct exec_args *a, const char *s);
int exec_args_push_env(struct exec_args *a, const char *s);
/* Insert strings in front of argv[0..drop-1] replaced: for #!. */
int exec_args_replace_head(struct exec_args *a, unsigned int drop,
			   const char *const head[], unsigned int n);

/* The program the thread continues with. */
struct exec_image {
	struct mm *mm;
	unsigned long entry;
	unsigned long sp;
	char comm[16];		/* the file's base name, for messages */
	struct file *file;	/* the program (a reference), for /proc */
};

/*
 * Build the image of path (relative to fs's cwd) in a new address space
 * with the initial stack made from args. 0 with *img filled in, or
 * -ENOENT, -EACCES, -ENOEXEC, -EINVAL, -ENOMEM, -E2BIG, -ELOOP ... with
 * nothing changed. The caller commits with exec_commit().
 */
int exec_prepare(struct fs_struct *fs, const char *path,
		 struct exec_args *args, struct exec_image *img);
/*
 * Make img the current thread's program: its mm replaces the old one,
 * and the process (if any) takes the name and the file. Every image
 * exec_prepare() made must be committed.
 */
void exec_commit(struct exec_image *img);

/* The ELF part (binfmt_elf.c): map the image into img->mm. */
int elf_load(struct file *f, u64 size, struct mm *mm, struct exec_args *args,
	     const char *execfn, struct exec_image *img);

/*
 * From a kernel thread (init, tests): exec path and enter user mode.
 * Returns only on failure, with -errno.
 */
int kernel_execve(const char *path, const char *const argv[],
		  const char *const envp[]);

#endif /* _MOSAIC_EXEC_H */
