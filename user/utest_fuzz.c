// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded random system-call fuzzer in the spirit of trinity: child
 * processes make BATCH_CALLS calls each with random numbers and random
 * arguments (small integers, fds, lengths, flag words, and pointers into
 * good, read-only, unmapped, kernel and non-canonical memory), for a
 * fixed seed. A child may die of what it does to itself (a signal, an
 * unmapped stack) or hang (an alarm ends it); the kernel must not. After
 * the run the system still forks, execs and waits, and its free memory
 * is back. Then a process takes memory until it is refused or killed,
 * and all of it must come back too. The kernel's case that runs this
 * suite (ktest user_fuzz) also checks that every frame is back.
 *
 * `utest_fuzz --seed N --batches B` runs another seed or length.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"

#define PAGE 4096UL
#define BATCH_CALLS 2000
#define NR_MAX 460

/* Calls that would end the run rather than test the kernel with it. */
static const int denied[] = {
	SYS_exit, SYS_exit_group, SYS_fork, SYS_vfork, SYS_clone,
	SYS_execve, SYS_kill, SYS_tkill, SYS_tgkill, SYS_reboot,
	SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_setsid,
	SYS_ptrace, SYS_chroot, SYS_mount, SYS_umount2, SYS_pivot_root,
	SYS_swapon, SYS_swapoff, SYS_settimeofday, SYS_clock_settime,
	SYS_adjtimex, SYS_clock_adjtime, SYS_sethostname,
	SYS_setdomainname, SYS_init_module, SYS_delete_module,
	SYS_kexec_load, SYS_acct, SYS_quotactl, SYS_execveat,
	SYS_clone3, SYS_pidfd_send_signal, SYS_process_vm_writev,
	SYS_unlink, SYS_unlinkat, SYS_rmdir, SYS_rename, SYS_renameat,
	SYS_renameat2, SYS_chmod, SYS_fchmodat, SYS_chown, SYS_lchown,
	SYS_fchownat, SYS_truncate, SYS_link, SYS_linkat, SYS_symlink,
	SYS_symlinkat, SYS_mknod, SYS_mknodat, SYS_setrlimit,
	SYS_prlimit64,
	/* Self-destruction, which only shortens the run: TLS, the stack. */
	SYS_rt_sigreturn, SYS_arch_prctl, SYS_munmap, SYS_mremap,
	SYS_mprotect, SYS_madvise, SYS_brk, SYS_seccomp, SYS_prctl,
	SYS_personality, SYS_rseq, SYS_set_robust_list,
	/* Waits only a signal ends, and what would stop our alarm. */
	SYS_pause, SYS_rt_sigsuspend, SYS_alarm, SYS_setitimer,
	SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_sigaltstack,
	SYS_timer_create, SYS_timer_settime,
};

static uint64_t rng_state;

/* xorshift64*: a fixed sequence per seed, the same on every kernel. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static bool is_denied(long nr)
{
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		if (denied[i] == nr)
			return true;
	}
	return false;
}

static char *good, *ro, *hole;
/* Calls made, in memory the parent shares: the run's real length. */
static volatile unsigned long *calls_made;

/* Memory for pointer arguments: random bytes, read-only, unmapped. */
static void make_pages(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(3);
	for (size_t i = 0; i < 2 * PAGE; i++)
		p[i] = (char)rnd();
	good = p;
	ro = p + 2 * PAGE;
	hole = p + 3 * PAGE;
	mprotect(ro, PAGE, PROT_READ);
	munmap(hole, PAGE);
}

static long random_arg(void)
{
	switch (rnd() % 12) {
	case 0:
		return (long)(rnd() % 8);
	case 1:
		return (long)(rnd() % 24);		/* an fd */
	case 2:
		return (long)(good + rnd() % (2 * PAGE - 64));
	case 3:
		return (long)ro;
	case 4:
		return (long)hole;
	case 5:
		return 0;
	case 6:
		return (long)0xffffffff81000000UL;	/* the kernel */
	case 7:
		return (long)0x0000800000000000UL;	/* non-canonical */
	case 8:
		return (long)(1UL << (rnd() % 64));	/* one flag bit */
	case 9:
		return -1;
	case 10:
		return (long)(rnd() % (4 * PAGE));	/* a length */
	default:
		return (long)rnd();
	}
}

/* One child's share of calls; it exits 0 if it got through them all. */
static int fuzz_batch(uint64_t seed)
{
	int fd = open("/dev/null", O_RDWR);

	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	/* Quiet, and nothing to block on: stdin, stdout, stderr are null. */
	for (int i = 0; fd >= 0 && i < 3; i++)
		dup2(fd, i);
	make_pages();
	/* A call that blocks for good (a read of our own pipe) ends here. */
	alarm(2);
	for (int i = 0; i < BATCH_CALLS; i++) {
		long nr = (long)(rnd() % NR_MAX);
		long a[6];

		for (int j = 0; j < 6; j++)
			a[j] = random_arg();
		if (is_denied(nr))
			continue;
		(*calls_made)++;
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	return 0;
}

static unsigned long free_kib(void)
{
	struct sysinfo si;

	return sysinfo(&si) ? 0 : (unsigned long)(si.freeram * si.mem_unit >> 10);
}

static unsigned long total_kib(void)
{
	struct sysinfo si;

	return sysinfo(&si) ? 0 :
			      (unsigned long)(si.totalram * si.mem_unit >> 10);
}

/*
 * Wait for a batch, killing it after WATCHDOG_MS: the child may have
 * blocked or ignored its own alarm. Its wait status, or -1.
 */
#define WATCHDOG_MS 5000

static int wait_watched(pid_t pid)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status;

	for (int ms = 0; ms < WATCHDOG_MS; ms += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	return waitpid(pid, &status, 0) == pid ? status : -1;
}

/* Run the batches; how many children finished or were killed. */
static void run_batches(uint64_t seed, int batches, int *done, int *killed)
{
	*done = *killed = 0;
	for (int b = 0; b < batches; b++) {
		pid_t pid = fork();
		int status;

		if (pid == 0)
			_exit(fuzz_batch(seed + (uint64_t)b));
		if (pid < 0)
			continue;
		status = wait_watched(pid);
		if (status == -1)
			continue;
		if (WIFEXITED(status))
			(*done)++;
		else if (WIFSIGNALED(status))
			(*killed)++;
	}
}

static char *self;

static int exit_code(char *path)
{
	char *argv[] = { path, "--exit", NULL };
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execve(path, argv, NULL);
		_exit(99);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
		       WEXITSTATUS(status) : -1;
}

/*
 * A process that takes memory until it is refused (mmap fails) or killed
 * (out of memory): afterwards the system runs and the memory is back.
 */
#define HOG_CHUNK (1UL << 20)
#define HOG_MAX (4UL << 30)

static int hog(void *arg)
{
	(void)arg;
	for (unsigned long got = 0; got < HOG_MAX; got += HOG_CHUNK) {
		char *p = mmap(NULL, HOG_CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return errno == ENOMEM ? 0 : 3;
		for (unsigned long off = 0; off < HOG_CHUNK; off += 4096)
			p[off] = 1;
	}
	return 2;	/* never refused: more memory than the test can fill */
}

static void test_memory_hog(void)
{
	unsigned long before = free_kib(), after;
	pid_t pid = fork();
	int status = -1;

	if (pid == 0)
		_exit(hog(NULL));
	waitpid(pid, &status, 0);
	after = free_kib();
	ktap_diag("hog: status %#x, free %lu KiB before, %lu KiB after", status,
		  before, after);
	KTAP_EXPECT("memory_hog_refused_or_killed",
		    (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
			    (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
	/* Within 2% of all memory: caches may keep a little. */
	KTAP_EXPECT("memory_back_after_hog",
		    before && after + total_kib() / 50 >= before);
	KTAP_EXPECT("fork_works_after_hog", exit_code(self) == 7);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");
	uint64_t seed = 1;
	int batches = 8, done, killed;
	unsigned long before, after;

	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 7;
	for (int i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--batches"))
			batches = atoi(argv[i + 1]);
	}
	self = argv[0];
	ktap_start("fuzz", 6, nested);
	calls_made = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (calls_made == MAP_FAILED)
		return 2;
	before = free_kib();
	run_batches(seed, batches, &done, &killed);
	after = free_kib();
	ktap_diag("seed %llu: %d batches of %d calls: %d finished, %d killed,"
		  " %lu calls made", (unsigned long long)seed, batches,
		  BATCH_CALLS, done, killed, *calls_made);
	KTAP_EXPECT("fuzz_children_all_ended", done + killed == batches);
	KTAP_EXPECT("fuzz_system_still_runs_programs",
		    exit_code(argv[0]) == 7);
	/* Within 2% of all memory: caches may keep a little. */
	ktap_diag("free %lu KiB before, %lu KiB after", before, after);
	KTAP_EXPECT("fuzz_memory_back",
		    before && after + total_kib() / 50 >= before);
	test_memory_hog();
	return ktap_finish();
}
