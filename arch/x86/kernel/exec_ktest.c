// SPDX-License-Identifier: GPL-2.0
/*
 * execve from files in ramfs: a small ET_EXEC (user_prog_exec in
 * user_ktest_progs.S, which checks its initial stack and bss from ring
 * 3), broken variants of it that must fail with execve's errno while
 * the caller lives on, and #! scripts.
 */
#include <mosaic/elf.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/mmap.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

extern const char user_prog_exec[], user_prog_exec_end[];

#define PROG_SIZE 0x2000
#define PROG_PATH "/exec_ktest_prog"

static u8 *build_prog(void)
{
	u8 *img = kzalloc(PROG_SIZE);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
	u64 data = 0x1122334455667788ULL;

	if (!img)
		return NULL;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x400100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
			      .p_vaddr = 0x400000, .p_filesz = 0x1000,
			      .p_memsz = 0x1000, .p_align = 0x1000 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
			      .p_offset = 0x1800, .p_vaddr = 0x401800,
			      .p_filesz = 8, .p_memsz = 0x1000,
			      .p_align = 0x1000 };
	memcpy(img + 0x100, user_prog_exec,
	       (size_t)(user_prog_exec_end - user_prog_exec));
	memcpy(img + 0x1800, &data, sizeof(data));
	/* Past p_filesz: must not show through as bss. */
	memset(img + 0x1808, 0xaa, PROG_SIZE - 0x1808);
	return img;
}

static int write_file(const char *path, const void *buf, size_t n, u32 mode)
{
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path,
				  O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t w;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	w = vfs_write(f, buf, n);
	fput(f);
	return w == (ssize_t)n ? 0 : -EIO;
}

static const char *const prog_argv[] = { "prog", "arg1", NULL };
static const char *const prog_envp[] = { "K=V", NULL };

static int exec_thread_fn(void *arg)
{
	return kernel_execve(arg, prog_argv, prog_envp);
}

/* exec path in a new thread: its wait status (or the execve error). */
static int run_exec(const char *path)
{
	struct thread *th = thread_create(exec_thread_fn, (void *)path,
					  "exec_ktest");
	int status = -ENOMEM;

	if (th && thread_join(th, &status))
		status = -EINVAL;
	return status;
}

static void test_exec_runs_program(struct ktest *t)
{
	u8 *img = build_prog();

	KT_ASSERT(t, img);
	KT_EXPECT_EQ(t, write_file(PROG_PATH, img, PROG_SIZE, 0755), 0);
	KT_EXPECT_EQ(t, run_exec(PROG_PATH), W_EXITCODE(0));
	/* Twice: nothing of the first run is left to trip the second. */
	KT_EXPECT_EQ(t, run_exec(PROG_PATH), W_EXITCODE(0));
	vfs_unlink(vfs_kernel_fs(), NULL, PROG_PATH);
	kfree(img);
}

/* A broken copy of the program fails execve with err; caller unchanged. */
static void expect_exec_error(struct ktest *t, const u8 *img, size_t n,
			      u32 mode, int err)
{
	KT_EXPECT_EQ(t, write_file("/exec_ktest_bad", img, n, mode), 0);
	KT_EXPECT_EQ(t, kernel_execve("/exec_ktest_bad", prog_argv,
				      prog_envp), err);
	KT_EXPECT(t, current()->mm == NULL);
	vfs_unlink(vfs_kernel_fs(), NULL, "/exec_ktest_bad");
}

static void test_exec_bad_files(struct ktest *t)
{
	u8 *img = build_prog(), *bad = kmalloc(PROG_SIZE);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)bad;
	Elf64_Phdr *ph = (Elf64_Phdr *)(bad + sizeof(*eh));

	KT_ASSERT(t, img && bad);
	KT_EXPECT_EQ(t, kernel_execve("/no/such/file", prog_argv, prog_envp),
		     -ENOENT);
	memcpy(bad, img, PROG_SIZE);
	expect_exec_error(t, bad, PROG_SIZE, 0644, -EACCES);
	expect_exec_error(t, bad, 40, 0755, -ENOEXEC);		/* truncated */
	bad[0] = 'X';
	expect_exec_error(t, bad, PROG_SIZE, 0755, -ENOEXEC);
	memcpy(bad, img, PROG_SIZE);
	eh->e_machine = 3;
	expect_exec_error(t, bad, PROG_SIZE, 0755, -ENOEXEC);
	memcpy(bad, img, PROG_SIZE);
	ph[1].p_filesz = 0x2000;
	expect_exec_error(t, bad, PROG_SIZE, 0755, -EINVAL);
	memcpy(bad, img, PROG_SIZE);
	ph[1].p_vaddr = 0xffff800000001800ULL;
	expect_exec_error(t, bad, PROG_SIZE, 0755, -EINVAL);
	memcpy(bad, img, PROG_SIZE);
	eh->e_entry = 0x10;
	expect_exec_error(t, bad, PROG_SIZE, 0755, -EINVAL);
	memcpy(bad, img, PROG_SIZE);
	ph[1].p_memsz = ~0ULL >> 1;
	expect_exec_error(t, bad, PROG_SIZE, 0755, -ENOMEM);
	kfree(bad);
	kfree(img);
}

static void test_exec_shebang(struct ktest *t)
{
	static const char script[] = "#!  /exec_ktest_prog  one arg \n echo\n";
	static const char loop[] = "#!/exec_ktest_loop\n";
	struct exec_image img;
	struct exec_args args;
	u8 *prog = build_prog();
	const char *s;

	KT_ASSERT(t, prog);
	KT_ASSERT(t, exec_args_init(&args) == 0);
	KT_EXPECT_EQ(t, write_file(PROG_PATH, prog, PROG_SIZE, 0755), 0);
	KT_EXPECT_EQ(t, write_file("/exec_ktest_sh", script, sizeof(script) - 1,
				   0755), 0);
	exec_args_push_arg(&args, "sh-name");
	exec_args_push_arg(&args, "x");
	exec_args_push_env(&args, "K=V");
	KT_EXPECT_EQ(t, exec_prepare(vfs_kernel_fs(), "/exec_ktest_sh", &args,
				     &img), 0);
	/* argv: interpreter, its one argument, the script, then argv[1..]. */
	KT_EXPECT_EQ(t, args.argc, 4);
	KT_EXPECT_EQ(t, args.envc, 1);
	s = args.buf;
	KT_EXPECT(t, !strcmp(s, "/exec_ktest_prog"));
	s += strlen(s) + 1;
	KT_EXPECT(t, !strcmp(s, "one arg"));
	s += strlen(s) + 1;
	KT_EXPECT(t, !strcmp(s, "/exec_ktest_sh"));
	s += strlen(s) + 1;
	KT_EXPECT(t, !strcmp(s, "x"));
	if (img.mm)
		mm_put(img.mm);
	exec_args_free(&args);
	/* The script's interpreter runs the script itself: a loop. */
	KT_EXPECT_EQ(t, write_file("/exec_ktest_loop", loop, sizeof(loop) - 1,
				   0755), 0);
	KT_EXPECT_EQ(t, kernel_execve("/exec_ktest_loop", prog_argv,
				      prog_envp), -ELOOP);
	vfs_unlink(vfs_kernel_fs(), NULL, "/exec_ktest_loop");
	vfs_unlink(vfs_kernel_fs(), NULL, "/exec_ktest_sh");
	vfs_unlink(vfs_kernel_fs(), NULL, PROG_PATH);
	kfree(prog);
}

static struct ktest_case exec_cases[] = {
	KTEST_CASE(test_exec_runs_program),
	KTEST_CASE(test_exec_bad_files),
	KTEST_CASE(test_exec_shebang),
	{}
};
KTEST_SUITE(exec, exec_cases);
