// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space test suite: what a static program sees of the kernel
 * (argv, envp, auxv), bad pointers given to system calls (EFAULT with
 * the kernel alive), brk and mmap. It passes on Linux too: run as init
 * there (scripts/linux-user-test) it prints a whole KTAP document and
 * powers off; `--nested` (the kernel's `user` ktest suite) prints its
 * suite one level in, under the kernel case that ran it.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"

#define PAGE 4096UL
#define ARCH_GET_FS 0x1003

static char *ro_page, *hole_page;

/* Pointers every call must refuse with EFAULT. */
static const struct {
	const char *what;
	uintptr_t addr;
} bad_ptrs[] = {
	{ "NULL", 0 },
	{ "kernel", 0xffffffff81000000UL },
	{ "non-canonical", 0x0000800000000000UL },
	{ "top of the user half", 0x00007ffffffff000UL },
};

static long efault(long r)
{
	return r == -1 && errno == EFAULT;
}

static void test_argv_envp(int argc, char **argv)
{
	const char *home = getenv("HOME");
	const char *execfn = (const char *)getauxval(AT_EXECFN);

	/* Started by the kernel: argv[0] is the path it executed. */
	KTAP_EXPECT("argv0", argc >= 1 && argv[0][0] == '/' && execfn &&
			     !strcmp(argv[0], execfn));
	KTAP_EXPECT("argv_terminated", argv[argc] == NULL);
	KTAP_EXPECT("envp_home", home && !strcmp(home, "/"));
}

static void test_auxv(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	unsigned long phdr = getauxval(AT_PHDR);
	int zeros = 0;

	KTAP_EXPECT("auxv_pagesz", getauxval(AT_PAGESZ) == PAGE);
	KTAP_EXPECT("auxv_phent", getauxval(AT_PHENT) == 56);
	KTAP_EXPECT("auxv_phdr", phdr && getauxval(AT_PHNUM) >= 2 &&
			  *(const uint32_t *)phdr != 0xffffffff);
	KTAP_EXPECT("auxv_entry", getauxval(AT_ENTRY) != 0);
	KTAP_EXPECT("auxv_ids", getauxval(AT_UID) == 0 &&
			  getauxval(AT_EUID) == 0 && getauxval(AT_GID) == 0 &&
			  getauxval(AT_EGID) == 0 && getauxval(AT_SECURE) == 0);
	KTAP_EXPECT("auxv_clktck", getauxval(AT_CLKTCK) == 100);
	KTAP_EXPECT("auxv_execfn", execfn && execfn[0] == '/' &&
				   !access(execfn, X_OK));
	for (int i = 0; rnd && i < 16; i++)
		zeros += rnd[i] == 0;
	KTAP_EXPECT("auxv_random", rnd && zeros < 8);
}

static void make_bad_pages(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	memset(p, 'r', PAGE);
	mprotect(p, PAGE, PROT_READ);
	munmap(p + PAGE, PAGE);
	ro_page = p;
	hole_page = p + PAGE;
}

/* The kernel reads from the pointer: write(2), writev(2)'s vector. */
static void test_efault_reads(void)
{
	bool ok = true;

	for (size_t i = 0; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
		void *p = (void *)bad_ptrs[i].addr;

		if (!efault(syscall(SYS_write, 1, p, 1)) ||
		    !efault(syscall(SYS_writev, 1, p, 1))) {
			ktap_diag("write/writev from %s", bad_ptrs[i].what);
			ok = false;
		}
	}
	KTAP_EXPECT("efault_bad_addresses_read", ok);
	KTAP_EXPECT("efault_unmapped_read",
		    hole_page && efault(syscall(SYS_write, 1, hole_page, 1)));
	/* Reading from a read-only page is fine: 0 bytes written there. */
	KTAP_EXPECT("readonly_page_is_readable",
		    ro_page && syscall(SYS_write, 1, ro_page, 0) == 0);
}

/* The kernel writes to the pointer: rt_sigprocmask's old set. */
static void test_efault_writes(void)
{
	bool ok = true;

	for (size_t i = 1; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
		void *p = (void *)bad_ptrs[i].addr;

		if (!efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, p, 8)) ||
		    !efault(syscall(SYS_arch_prctl, ARCH_GET_FS, p))) {
			ktap_diag("old set / fs base to %s", bad_ptrs[i].what);
			ok = false;
		}
	}
	KTAP_EXPECT("efault_bad_addresses_write", ok);
	KTAP_EXPECT("efault_null_write",
		    efault(syscall(SYS_arch_prctl, ARCH_GET_FS, NULL)));
	KTAP_EXPECT("efault_unmapped_write",
		    hole_page && efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK,
						NULL, hole_page, 8)));
	KTAP_EXPECT("efault_readonly_write",
		    ro_page && efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK,
					      NULL, ro_page, 8)) &&
		    ro_page[0] == 'r');
}

static void test_brk(void)
{
	char *cur = (char *)syscall(SYS_brk, 0);
	char *grown = (char *)syscall(SYS_brk, cur + 3 * PAGE);
	bool ok = grown == cur + 3 * PAGE;

	if (ok) {
		memset(cur, 0x5a, 3 * PAGE);
		ok = cur[3 * PAGE - 1] == 0x5a;
	}
	KTAP_EXPECT("brk_grows", ok);
	KTAP_EXPECT("brk_shrinks", (char *)syscall(SYS_brk, cur) == cur);
}

static void test_mmap(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool zero = true;

	KTAP_EXPECT("mmap_anonymous", p != MAP_FAILED &&
			  ((uintptr_t)p & (PAGE - 1)) == 0);
	if (p == MAP_FAILED)
		return;
	for (size_t i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	KTAP_EXPECT("mmap_zeroed", zero);
	memset(p, 'x', 3 * PAGE);
	KTAP_EXPECT("mmap_munmap_middle", munmap(p + PAGE, PAGE) == 0 &&
			  p[0] == 'x' && p[2 * PAGE] == 'x');
	KTAP_EXPECT("mmap_bad_length", mmap(NULL, 0, PROT_READ,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1,
					    0) == MAP_FAILED && errno == EINVAL);
	munmap(p, 3 * PAGE);
}

/* access(2) on the program itself, and a bad path pointer. */
static void test_access(void)
{
	const char *self = (const char *)getauxval(AT_EXECFN);

	KTAP_EXPECT("access_self", self && access(self, R_OK | X_OK) == 0);
	KTAP_EXPECT("access_missing", access("/no/such/file", F_OK) == -1 &&
			  errno == ENOENT);
	KTAP_EXPECT("access_bad_mode", access("/", 0x40) == -1 &&
			  errno == EINVAL);
	KTAP_EXPECT("access_efault", efault(syscall(SYS_access, NULL, F_OK)) &&
			  efault(syscall(SYS_access, hole_page, F_OK)) &&
			  efault(syscall(SYS_access, 0xffffffff81000000UL,
					 F_OK)));
}

static void test_ids(void)
{
	KTAP_EXPECT("getpid", getpid() > 0);
	KTAP_EXPECT("gettid_is_pid", syscall(SYS_gettid) == getpid());
	KTAP_EXPECT("ids_root", getuid() == 0 && geteuid() == 0 &&
			  getgid() == 0 && getegid() == 0);
}

/* reboot(2) refuses a bad magic number or command: nothing happens. */
static void test_reboot_checks(void)
{
	const long magic1 = 0xfee1dead, magic2 = 672274793;

	KTAP_EXPECT("reboot_refuses_bad_input",
		    syscall(SYS_reboot, 0x12345678L, magic2,
			    RB_POWER_OFF, NULL) == -1 && errno == EINVAL &&
		    syscall(SYS_reboot, magic1, 42L, RB_POWER_OFF, NULL) ==
				    -1 && errno == EINVAL &&
		    syscall(SYS_reboot, magic1, magic2, 0x1111L, NULL) ==
				    -1 && errno == EINVAL &&
		    syscall(SYS_reboot, magic1, magic2, RB_DISABLE_CAD,
			    NULL) == 0);
}

/* Privilege comes first: EPERM even with bad magic numbers. */
static void test_reboot_unprivileged(void)
{
	const long magic1 = 0xfee1dead, magic2 = 672274793;
	pid_t pid = fork();
	int st = -1;

	if (pid == 0) {
		if (setuid(1000))
			_exit(2);
		_exit(syscall(SYS_reboot, magic1, magic2, RB_POWER_OFF, NULL) ==
				      -1 && errno == EPERM &&
			      syscall(SYS_reboot, 1L, 2L, 3L, NULL) == -1 &&
			      errno == EPERM ?
		      0 :
		      1);
	}
	KTAP_EXPECT("reboot_eperm_unprivileged",
		    pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
	/* RESTART2 reads its command string first: EFAULT, no restart. */
	KTAP_EXPECT("reboot_restart2_bad_string_efault",
		    syscall(SYS_reboot, magic1, magic2, 0xa1b2c3d4L,
			    (void *)8) == -1 && errno == EFAULT);
}

#define NR_TESTS 34

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");
	ktap_start("user", NR_TESTS, nested);
	test_argv_envp(argc, argv);
	test_auxv();
	make_bad_pages();
	test_efault_reads();
	test_efault_writes();
	test_brk();
	test_mmap();
	test_access();
	test_ids();
	test_reboot_checks();
	test_reboot_unprivileged();
	return ktap_finish();
}
