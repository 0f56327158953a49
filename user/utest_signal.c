// SPDX-License-Identifier: GPL-2.0
/*
 * Signals, as Linux delivers them: rt_sigaction and its flags, masks and
 * pending sets, siginfo from kill, tgkill and sigqueue, the order of
 * delivery, a sigreturn that restores every register and the FPU/SSE
 * state, faults (SIGSEGV, SIGFPE, SIGILL, SIGTRAP) with their si_code,
 * si_addr and sigcontext, the alternate stack, alarm and interval
 * timers, sigsuspend, rt_sigtimedwait, interrupted and restarted system calls, SIGPIPE,
 * SIGCHLD, default actions seen from a parent (terminate, stop,
 * continue), kill's errors, and how nanosleep, poll, select, ppoll and
 * futex waits end when a signal comes.
 *
 * Under Linux this runs as init, which no default action can kill: every
 * test that needs one runs in a child. `utest_signal --exec-check` is the
 * program the execve test starts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "ktap.h"

#define NR_TESTS 88
#define PAGE 4096UL
#define SA_UNSUPPORTED 0x00000400
#define SA_RESTORER 0x04000000
#define TRAP_PF 14
#define TRAP_UD 6
#define TRAP_BP 3
#define PF_PROT 1
#define PF_WRITE 2
#define PF_USER 4
#define UC_FP_XSTATE 1
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U
#define FUTEX_WAIT_PRIVATE 128	/* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */

/* struct sigaction as the kernel takes it (not libc's). */
struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static long raw_sigaction(int sig, const struct k_sigaction *act,
			  struct k_sigaction *oact, size_t size)
{
	return syscall(SYS_rt_sigaction, sig, act, oact, size);
}

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

static int fails_with(long r, int err)
{
	return r == -1 && errno == err;
}

/* ------------------------------------------------------------ helpers */

static volatile sig_atomic_t hits;
static volatile int last_sig;
static siginfo_t last_info;

static void on_sig(int sig)
{
	hits++;
	last_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	hits++;
	last_sig = sig;
	last_info = *si;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void handle_info(int sig, void (*fn)(int, siginfo_t *, void *),
			int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void set_mask(int how, int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

static int blocked_now(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

/* Arm ITIMER_REAL once after @us microseconds (0 disarms). */
static int arm_timer(long us, long interval_us)
{
	struct itimerval it = {
		.it_value = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 },
		.it_interval = { .tv_sec = interval_us / 1000000,
				 .tv_usec = interval_us % 1000000 },
	};

	return setitimer(ITIMER_REAL, &it, NULL);
}

/* Fork a child that runs fn and exits with its value; its wait status. */
static int run_child(int (*fn)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig &&
	       !WCOREDUMP(status);
}

/* ------------------------------------------------------- rt_sigaction */

static void test_sigaction_roundtrip(void)
{
	struct sigaction sa;
	struct k_sigaction k, unknown;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGKILL);	/* silently dropped */
	sigaction(SIGUSR1, &sa, NULL);
	memset(&k, 0, sizeof(k));
	KTAP_EXPECT("sigaction_reads_back",
		    raw_sigaction(SIGUSR1, NULL, &k, 8) == 0 &&
		    k.handler == (void *)on_sig &&
		    (k.flags & ~SA_RESTORER) == (SA_RESTART | SA_NODEFER) &&
		    (k.flags & SA_RESTORER) && k.restorer &&
		    k.mask == bit(SIGUSR2));
	/* Flags the kernel does not know read back as unset (Linux 5.11+). */
	unknown = k;
	unknown.flags |= SA_UNSUPPORTED;
	KTAP_EXPECT("sigaction_drops_unknown_flags",
		    raw_sigaction(SIGUSR1, &unknown, NULL, 8) == 0 &&
		    raw_sigaction(SIGUSR1, NULL, &k, 8) == 0 &&
		    !(k.flags & SA_UNSUPPORTED) && (k.flags & SA_RESTART));
	handle(SIGUSR1, SIG_DFL, 0);
}

static void test_sigaction_errors(void)
{
	struct k_sigaction k = { .handler = (void *)on_sig,
				 .flags = SA_RESTORER };

	KTAP_EXPECT("sigaction_kill_stop_einval",
		    fails_with(raw_sigaction(SIGKILL, &k, NULL, 8), EINVAL) &&
		    fails_with(raw_sigaction(SIGSTOP, &k, NULL, 8), EINVAL) &&
		    raw_sigaction(SIGKILL, NULL, &k, 8) == 0 &&
		    k.handler == SIG_DFL);
	KTAP_EXPECT("sigaction_bad_number_size_einval",
		    fails_with(raw_sigaction(0, NULL, &k, 8), EINVAL) &&
		    fails_with(raw_sigaction(65, NULL, &k, 8), EINVAL) &&
		    fails_with(raw_sigaction(SIGUSR1, NULL, &k, 4), EINVAL));
	KTAP_EXPECT("sigaction_efault",
		    fails_with(raw_sigaction(SIGUSR1, (void *)8, NULL, 8),
			       EFAULT) &&
		    fails_with(raw_sigaction(SIGUSR1, NULL, (void *)8, 8),
			       EFAULT));
}

/* ------------------------------------------------ masks and pending */

static void test_mask_and_pending(void)
{
	sigset_t pend;
	int ok;

	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	set_mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	ok = hits == 0 && sigismember(&pend, SIGUSR1);
	KTAP_EXPECT("blocked_signal_pends", ok);
	/* Unblocking delivers it before sigprocmask returns: once. */
	set_mask(SIG_UNBLOCK, SIGUSR1);
	sigpending(&pend);
	KTAP_EXPECT("unblock_delivers_once",
		    hits == 1 && !sigismember(&pend, SIGUSR1));
	handle(SIGUSR1, SIG_DFL, 0);
}

static void test_sigprocmask_rules(void)
{
	uint64_t all = ~0ULL, cur = 0, old;
	int ok;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &old, 8);
	ok = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8) == 0 &&
	     syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &cur, 8) == 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
	KTAP_EXPECT("kill_stop_unblockable",
		    ok && cur == (all & ~(bit(SIGKILL) | bit(SIGSTOP))));
	KTAP_EXPECT("sigprocmask_einval",
		    fails_with(syscall(SYS_rt_sigprocmask, 99, &all, NULL, 8),
			       EINVAL) &&
		    fails_with(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all,
				       NULL, 4), EINVAL) &&
		    fails_with(syscall(SYS_rt_sigpending, &cur, 16), EINVAL));
	/* A bad how is refused before the old mask is written. */
	cur = 0x1234;
	KTAP_EXPECT("sigprocmask_bad_how_keeps_oldset",
		    fails_with(syscall(SYS_rt_sigprocmask, 99, &all, &cur, 8),
			       EINVAL) && cur == 0x1234);
}

/* ------------------------------------------------------------ siginfo */

static void test_siginfo_senders(void)
{
	union sigval v = { .sival_int = 42 };
	int ok;

	handle_info(SIGUSR2, on_info, 0);
	memset(&last_info, 0, sizeof(last_info));
	kill(getpid(), SIGUSR2);
	KTAP_EXPECT("siginfo_kill",
		    last_info.si_signo == SIGUSR2 &&
		    last_info.si_code == SI_USER &&
		    last_info.si_pid == getpid() && last_info.si_uid == 0);
	memset(&last_info, 0, sizeof(last_info));
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
	KTAP_EXPECT("siginfo_tgkill", last_info.si_code == SI_TKILL &&
					      last_info.si_pid == getpid());
	memset(&last_info, 0, sizeof(last_info));
	ok = sigqueue(getpid(), SIGUSR2, v) == 0;
	KTAP_EXPECT("siginfo_sigqueue",
		    ok && last_info.si_code == SI_QUEUE &&
		    last_info.si_value.sival_int == 42 &&
		    last_info.si_pid == getpid());
	handle(SIGUSR2, SIG_DFL, 0);
}

static int seen[8], nseen;

static void record(int sig, siginfo_t *si, void *uc)
{
	if (nseen < 8)
		seen[nseen++] = si->si_code == SI_QUEUE ? si->si_value.sival_int
							: sig;
}

static void test_queueing(void)
{
	int rt = SIGRTMIN + 2;
	sigset_t set;

	/* Real-time signals queue every instance, in order. */
	handle_info(rt, record, 0);
	nseen = 0;
	set_mask(SIG_BLOCK, rt);
	for (int i = 1; i <= 3; i++)
		sigqueue(getpid(), rt, (union sigval){ .sival_int = i });
	set_mask(SIG_UNBLOCK, rt);
	KTAP_EXPECT("rt_signals_queue_in_order",
		    nseen == 3 && seen[0] == 1 && seen[1] == 2 && seen[2] == 3);
	handle(rt, SIG_DFL, 0);
	/*
	 * Both unblocked at once: the lower is taken first, and its
	 * handler's frame is under the higher's, so that runs first.
	 */
	handle_info(SIGUSR1, record, 0);
	handle_info(SIGUSR2, record, 0);
	nseen = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	KTAP_EXPECT("two_pending_nest_lowest_first",
		    nseen == 2 && seen[0] == SIGUSR2 && seen[1] == SIGUSR1);
	handle(SIGUSR1, SIG_DFL, 0);
	handle(SIGUSR2, SIG_DFL, 0);
}

/* --------------------------------------- flags: RESETHAND, NODEFER, mask */

static volatile int in_handler_blocked, in_handler_other_blocked;
static volatile int depth, max_depth;

static void note_mask(int sig)
{
	in_handler_blocked = blocked_now(sig);
	in_handler_other_blocked = blocked_now(SIGUSR2);
	hits++;
}

static void nest(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (hits++ == 0)
		kill(getpid(), sig);	/* a second one, now or after */
	depth--;
}

static void test_handler_flags(void)
{
	struct k_sigaction k;
	struct sigaction sa;

	hits = 0;
	handle(SIGUSR1, note_mask, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	raw_sigaction(SIGUSR1, NULL, &k, 8);
	KTAP_EXPECT("sa_resethand", hits == 1 && k.handler == SIG_DFL &&
					    !blocked_now(SIGUSR1));
	handle(SIGUSR1, note_mask, SA_NODEFER);
	kill(getpid(), SIGUSR1);
	KTAP_EXPECT("sa_nodefer_leaves_unblocked", !in_handler_blocked);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_mask;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	KTAP_EXPECT("handler_blocks_itself_and_sa_mask",
		    in_handler_blocked && in_handler_other_blocked &&
		    !blocked_now(SIGUSR1) && !blocked_now(SIGUSR2));
	/* A signal raised in its own handler: nested with NODEFER only. */
	hits = depth = max_depth = 0;
	handle(SIGUSR1, nest, 0);
	kill(getpid(), SIGUSR1);
	KTAP_EXPECT("deferred_without_nodefer", hits == 2 && max_depth == 1);
	hits = depth = max_depth = 0;
	handle(SIGUSR1, nest, SA_NODEFER);
	kill(getpid(), SIGUSR1);
	KTAP_EXPECT("nested_with_nodefer", hits == 2 && max_depth == 2);
	handle(SIGUSR1, SIG_DFL, 0);
}

/* ------------------------------------------------ sigreturn: registers */

/*
 * regs_roundtrip() (assembly below) loads every general register, the
 * flags, xmm0-15, MXCSR, the x87 control word and st(0) with patterns,
 * executes ud2, and stores them all after the SIGILL handler returned.
 * The handler moves rip past the ud2 and changes r12 and xmm5 in its
 * frame: sigreturn must put those back, and everything else as it was.
 */
struct regs_out {
	uint64_t gpr[15];	/* rax rbx rcx rdx rsi rdi rbp r8..r15 */
	uint64_t rsp_before, rsp_after, flags;
	uint32_t mxcsr;
	uint16_t fcw;
	uint16_t pad;
	double st0;
	unsigned char xmm[16][16];
};

struct regs_out regs_out;
unsigned char xmm_in[16][16];
uint32_t mxcsr_in = 0x7f80;	/* round toward zero, all masked */
uint16_t fcw_in = 0x0f7f;	/* x87 round toward zero */
double st0_in = 1.25;
extern char ill_insn[];
void regs_roundtrip(void);

#define GPR_PATTERN(i) (0x1111111111111111ULL * (uint64_t)((i) + 1))
#define FLAGS_SET 0xcd5UL	/* CF PF AF ZF SF DF OF */

__asm__(".text\n"
	".globl regs_roundtrip\n"
	"regs_roundtrip:\n"
	"	push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
	"	movdqu xmm_in+0(%rip), %xmm0\n"
	"	movdqu xmm_in+16(%rip), %xmm1\n"
	"	movdqu xmm_in+32(%rip), %xmm2\n"
	"	movdqu xmm_in+48(%rip), %xmm3\n"
	"	movdqu xmm_in+64(%rip), %xmm4\n"
	"	movdqu xmm_in+80(%rip), %xmm5\n"
	"	movdqu xmm_in+96(%rip), %xmm6\n"
	"	movdqu xmm_in+112(%rip), %xmm7\n"
	"	movdqu xmm_in+128(%rip), %xmm8\n"
	"	movdqu xmm_in+144(%rip), %xmm9\n"
	"	movdqu xmm_in+160(%rip), %xmm10\n"
	"	movdqu xmm_in+176(%rip), %xmm11\n"
	"	movdqu xmm_in+192(%rip), %xmm12\n"
	"	movdqu xmm_in+208(%rip), %xmm13\n"
	"	movdqu xmm_in+224(%rip), %xmm14\n"
	"	movdqu xmm_in+240(%rip), %xmm15\n"
	"	ldmxcsr mxcsr_in(%rip)\n"
	"	fninit\n"
	"	fldcw fcw_in(%rip)\n"
	"	fldl st0_in(%rip)\n"
	"	mov %rsp, regs_out+120(%rip)\n"
	"	pushq $0xcd5\n"
	"	popfq\n"
	"	movabs $0x1111111111111111, %rax\n"
	"	movabs $0x2222222222222222, %rbx\n"
	"	movabs $0x3333333333333333, %rcx\n"
	"	movabs $0x4444444444444444, %rdx\n"
	"	movabs $0x5555555555555555, %rsi\n"
	"	movabs $0x6666666666666666, %rdi\n"
	"	movabs $0x7777777777777777, %rbp\n"
	"	movabs $0x8888888888888888, %r8\n"
	"	movabs $0x9999999999999999, %r9\n"
	"	movabs $0xaaaaaaaaaaaaaaaa, %r10\n"
	"	movabs $0xbbbbbbbbbbbbbbbb, %r11\n"
	"	movabs $0xcccccccccccccccc, %r12\n"
	"	movabs $0xdddddddddddddddd, %r13\n"
	"	movabs $0xeeeeeeeeeeeeeeee, %r14\n"
	"	movabs $0xffffffffffffffff, %r15\n"
	".globl ill_insn\n"
	"ill_insn:\n"
	"	ud2\n"
	"	pushfq\n"
	"	popq regs_out+136(%rip)\n"
	"	cld\n"
	"	mov %rsp, regs_out+128(%rip)\n"
	"	mov %rax, regs_out+0(%rip)\n"
	"	mov %rbx, regs_out+8(%rip)\n"
	"	mov %rcx, regs_out+16(%rip)\n"
	"	mov %rdx, regs_out+24(%rip)\n"
	"	mov %rsi, regs_out+32(%rip)\n"
	"	mov %rdi, regs_out+40(%rip)\n"
	"	mov %rbp, regs_out+48(%rip)\n"
	"	mov %r8, regs_out+56(%rip)\n"
	"	mov %r9, regs_out+64(%rip)\n"
	"	mov %r10, regs_out+72(%rip)\n"
	"	mov %r11, regs_out+80(%rip)\n"
	"	mov %r12, regs_out+88(%rip)\n"
	"	mov %r13, regs_out+96(%rip)\n"
	"	mov %r14, regs_out+104(%rip)\n"
	"	mov %r15, regs_out+112(%rip)\n"
	"	stmxcsr regs_out+144(%rip)\n"
	"	fnstcw regs_out+148(%rip)\n"
	"	fstpl regs_out+152(%rip)\n"
	"	movdqu %xmm0, regs_out+160(%rip)\n"
	"	movdqu %xmm1, regs_out+176(%rip)\n"
	"	movdqu %xmm2, regs_out+192(%rip)\n"
	"	movdqu %xmm3, regs_out+208(%rip)\n"
	"	movdqu %xmm4, regs_out+224(%rip)\n"
	"	movdqu %xmm5, regs_out+240(%rip)\n"
	"	movdqu %xmm6, regs_out+256(%rip)\n"
	"	movdqu %xmm7, regs_out+272(%rip)\n"
	"	movdqu %xmm8, regs_out+288(%rip)\n"
	"	movdqu %xmm9, regs_out+304(%rip)\n"
	"	movdqu %xmm10, regs_out+320(%rip)\n"
	"	movdqu %xmm11, regs_out+336(%rip)\n"
	"	movdqu %xmm12, regs_out+352(%rip)\n"
	"	movdqu %xmm13, regs_out+368(%rip)\n"
	"	movdqu %xmm14, regs_out+384(%rip)\n"
	"	movdqu %xmm15, regs_out+400(%rip)\n"
	"	fninit\n"
	"	pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
	"	ret\n");

_Static_assert(__builtin_offsetof(struct regs_out, rsp_before) == 120, "");
_Static_assert(__builtin_offsetof(struct regs_out, flags) == 136, "");
_Static_assert(__builtin_offsetof(struct regs_out, mxcsr) == 144, "");
_Static_assert(__builtin_offsetof(struct regs_out, fcw) == 148, "");
_Static_assert(__builtin_offsetof(struct regs_out, st0) == 152, "");
_Static_assert(__builtin_offsetof(struct regs_out, xmm) == 160, "");

/* The FXSAVE image the frame's fpstate points at (Linux's struct _fpstate). */
struct fxsave {
	uint16_t cwd, swd, twd, fop;
	uint64_t rip, rdp;
	uint32_t mxcsr, mxcsr_mask;
	unsigned char st[8][16];
	unsigned char xmm[16][16];
	uint32_t reserved[12];
	uint32_t sw_magic1, sw_extended_size;
	uint64_t sw_xfeatures;
	uint32_t sw_xstate_size, sw_padding[7];
};
_Static_assert(sizeof(struct fxsave) == 512, "fxsave");

static struct {
	int code, trapno, err;
	void *addr;
	uint64_t rip, oldmask, uc_sigmask;
	uint32_t frame_mxcsr, handler_mxcsr;
	uint16_t handler_fcw;
	int magic_ok;
	int ill_blocked;
} ill;

#define XMM5_NEW 0x5a

static void on_ill(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	struct fxsave *fx = (struct fxsave *)uc->uc_mcontext.fpregs;
	unsigned char junk[16];

	/* The handler starts with the FPU in its initial state. */
	__asm__ volatile("stmxcsr %0; fnstcw %1"
			 : "=m"(ill.handler_mxcsr), "=m"(ill.handler_fcw));
	/* And may use it freely: sigreturn puts the program's back. */
	memset(junk, 0xee, sizeof(junk));
	__asm__ volatile("movdqu %0, %%xmm0; movdqu %0, %%xmm5; movdqu %0, %%xmm15"
			 : : "m"(junk) : "xmm0", "xmm5", "xmm15");
	ill.code = si->si_code;
	ill.addr = si->si_addr;
	ill.trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
	ill.err = (int)uc->uc_mcontext.gregs[REG_ERR];
	ill.rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	ill.oldmask = (uint64_t)uc->uc_mcontext.gregs[REG_OLDMASK];
	memcpy(&ill.uc_sigmask, &uc->uc_sigmask, 8);
	ill.ill_blocked = blocked_now(SIGILL);
	ill.frame_mxcsr = fx ? fx->mxcsr : 0;
	ill.magic_ok = 1;
	if (fx && (uc->uc_flags & UC_FP_XSTATE))
		ill.magic_ok = fx->sw_magic1 == FP_XSTATE_MAGIC1 &&
			       *(uint32_t *)((char *)fx + fx->sw_xstate_size) ==
				       FP_XSTATE_MAGIC2;
	/* Edit the frame: the program sees it. */
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	uc->uc_mcontext.gregs[REG_R12] = 0x4242;
	if (fx)
		memset(fx->xmm[5], XMM5_NEW, 16);
}

static int xmm_ok(void)
{
	unsigned char want[16];

	for (int i = 0; i < 16; i++) {
		if (i == 5) {
			memset(want, XMM5_NEW, 16);
			if (memcmp(regs_out.xmm[i], want, 16))
				return 0;
		} else if (memcmp(regs_out.xmm[i], xmm_in[i], 16)) {
			return 0;
		}
	}
	return 1;
}

static void test_sigreturn_registers(void)
{
	int gpr_ok = 1;

	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 16; j++)
			xmm_in[i][j] = (unsigned char)(i * 16 + j + 1);
	handle_info(SIGILL, on_ill, 0);
	set_mask(SIG_BLOCK, SIGUSR2);
	regs_roundtrip();
	set_mask(SIG_UNBLOCK, SIGUSR2);
	for (int i = 0; i < 15; i++) {
		uint64_t want = i == 11 ? 0x4242 : GPR_PATTERN(i);

		if (regs_out.gpr[i] != want) {
			ktap_diag("register %d: %llx", i,
				  (unsigned long long)regs_out.gpr[i]);
			gpr_ok = 0;
		}
	}
	KTAP_EXPECT("sigreturn_restores_gprs",
		    gpr_ok && regs_out.rsp_after == regs_out.rsp_before);
	/* The pattern, and no TF: only what the program set comes back. */
	KTAP_EXPECT("sigreturn_restores_flags",
		    (regs_out.flags & (FLAGS_SET | 0x100)) == FLAGS_SET);
	KTAP_EXPECT("sigreturn_restores_sse_x87",
		    xmm_ok() && regs_out.mxcsr == mxcsr_in &&
		    regs_out.fcw == fcw_in && regs_out.st0 == st0_in);
	KTAP_EXPECT("handler_starts_with_clean_fpu",
		    ill.handler_mxcsr == 0x1f80 && ill.handler_fcw == 0x037f &&
		    ill.frame_mxcsr == mxcsr_in && ill.magic_ok);
	KTAP_EXPECT("sigill_ud2_siginfo",
		    ill.code == ILL_ILLOPN && ill.addr == ill_insn &&
		    ill.rip == (uint64_t)ill_insn && ill.trapno == TRAP_UD &&
		    ill.err == 0);
	KTAP_EXPECT("frame_masks", ill.ill_blocked &&
					   (ill.uc_sigmask & bit(SIGUSR2)) &&
					   !(ill.uc_sigmask & bit(SIGILL)) &&
					   ill.oldmask == ill.uc_sigmask);
	handle(SIGILL, SIG_DFL, 0);
}

/* ymm's upper halves (AVX), where the CPU and kernel have them. */
static int have_avx(void)
{
	unsigned int a, b, c, d, lo, hi;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	if (!(c & (1U << 27)) || !(c & (1U << 28)))
		return 0;	/* no OSXSAVE or no AVX */
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

static void clobber_ymm(int sig)
{
	__asm__ volatile("vpxor %%ymm1, %%ymm1, %%ymm1" : : : "xmm1");
	hits++;
}

static void test_sigreturn_ymm(void)
{
	unsigned char in[32], out[32];

	if (!have_avx()) {
		ktap_result(1, "sigreturn_restores_ymm # SKIP no AVX", "%s",
			    "");
		return;
	}
	for (int i = 0; i < 32; i++)
		in[i] = (unsigned char)(0xa0 + i);
	handle(SIGUSR1, clobber_ymm, 0);
	hits = 0;
	__asm__ volatile("vmovdqu %2, %%ymm1\n\t"
			 "mov %3, %%edi\n\t"
			 "mov %4, %%esi\n\t"
			 "mov %5, %%eax\n\t"
			 "syscall\n\t"
			 "vmovdqu %%ymm1, %0"
			 : "=m"(out), "+m"(hits)
			 : "m"(in), "r"(getpid()), "i"(SIGUSR1),
			   "i"(SYS_kill)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "xmm1",
			   "memory");
	__asm__ volatile("vzeroupper");
	KTAP_EXPECT("sigreturn_restores_ymm",
		    hits == 1 && !memcmp(in, out, sizeof(in)));
	handle(SIGUSR1, SIG_DFL, 0);
}

/* --------------------------------------------------------------- faults */

static sigjmp_buf fault_jmp;
static struct {
	int sig, code, trapno;
	long err;
	void *addr;
	uint64_t cr2, rip;
} fault;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	fault.sig = sig;
	fault.code = si->si_code;
	fault.addr = si->si_addr;
	fault.trapno = (int)uc->uc_mcontext.gregs[REG_TRAPNO];
	fault.err = uc->uc_mcontext.gregs[REG_ERR];
	fault.cr2 = (uint64_t)uc->uc_mcontext.gregs[REG_CR2];
	fault.rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	siglongjmp(fault_jmp, 1);
}

/* Run fn under a SIGSEGV/SIGBUS/SIGFPE/SIGTRAP handler that jumps out. */
static int faulted(void (*fn)(void *), void *arg)
{
	memset(&fault, 0, sizeof(fault));
	if (sigsetjmp(fault_jmp, 1))
		return 1;
	fn(arg);
	return 0;
}

static void write_at(void *p)
{
	*(volatile int *)p = 1;
}

static void read_at(void *p)
{
	(void)*(volatile char *)p;
}

extern char fpe_insn[];
void divide_by(unsigned int d);
__asm__(".text\n"
	".globl divide_by\n"
	"divide_by:\n"
	"	mov $7, %eax\n"
	"	xor %edx, %edx\n"
	".globl fpe_insn\n"
	"fpe_insn:\n"
	"	divl %edi\n"
	"	ret\n");

static void divide_zero(void *arg)
{
	divide_by(0);
}

static void test_segv(void)
{
	char *ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *kaddr = (char *)0xffffffff81000000UL;

	handle_info(SIGSEGV, on_fault, 0);
	KTAP_EXPECT("sigsegv_null_write",
		    faulted(write_at, NULL) && fault.sig == SIGSEGV &&
		    fault.code == SEGV_MAPERR && fault.addr == NULL &&
		    fault.trapno == TRAP_PF && fault.cr2 == 0 &&
		    (fault.err & (PF_WRITE | PF_USER)) == (PF_WRITE | PF_USER));
	KTAP_EXPECT("handler_jumped_out_unblocked", !blocked_now(SIGSEGV));
	/* Present (touched) and read-only: a protection fault. */
	if (ro != MAP_FAILED)
		ro[0] = 1;
	mprotect(ro, PAGE, PROT_READ);
	KTAP_EXPECT("sigsegv_readonly_accerr",
		    ro != MAP_FAILED && faulted(write_at, ro + 8) &&
		    fault.code == SEGV_ACCERR && fault.addr == ro + 8 &&
		    fault.cr2 == (uint64_t)(ro + 8) &&
		    (fault.err & (PF_PROT | PF_WRITE)) == (PF_PROT | PF_WRITE));
	KTAP_EXPECT("sigsegv_kernel_address",
		    faulted(read_at, kaddr) && fault.code == SEGV_MAPERR &&
		    fault.addr == kaddr && (fault.err & PF_PROT) &&
		    !(fault.err & PF_WRITE));
	handle(SIGSEGV, SIG_DFL, 0);
	munmap(ro, PAGE);
	handle_info(SIGFPE, on_fault, 0);
	KTAP_EXPECT("sigfpe_divide_by_zero",
		    faulted(divide_zero, NULL) && fault.sig == SIGFPE &&
		    fault.code == FPE_INTDIV && fault.addr == fpe_insn &&
		    fault.rip == (uint64_t)fpe_insn && fault.trapno == 0);
	handle(SIGFPE, SIG_DFL, 0);
}

static volatile uint64_t trap_rip;
static volatile int trap_code;
extern char after_int3[];

static void on_trap(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	trap_code = si->si_code;
	trap_rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	hits++;
}

static void test_sigtrap(void)
{
	handle_info(SIGTRAP, on_trap, 0);
	hits = 0;
	__asm__ volatile("int3\n\t"
			 ".globl after_int3\n"
			 "after_int3:" ::: "memory");
	/* Linux reports int3 as SI_KERNEL, with rip past the instruction. */
	KTAP_EXPECT("sigtrap_int3", hits == 1 && trap_code == SI_KERNEL &&
					    trap_rip == (uint64_t)after_int3);
	handle(SIGTRAP, SIG_DFL, 0);
}

/* A fault whose signal is blocked or ignored kills anyway, as Linux. */
static int segv_blocked_child(void)
{
	handle_info(SIGSEGV, on_fault, 0);
	set_mask(SIG_BLOCK, SIGSEGV);
	write_at(NULL);
	return 0;
}

static int segv_ignored_child(void)
{
	handle(SIGSEGV, SIG_IGN, 0);
	write_at(NULL);
	return 0;
}

static int segv_default_child(void)
{
	write_at(NULL);
	return 0;
}

static void test_fatal_faults(void)
{
	KTAP_EXPECT("sigsegv_default_kills_no_core",
		    killed_by(run_child(segv_default_child), SIGSEGV));
	KTAP_EXPECT("sigsegv_blocked_still_kills",
		    killed_by(run_child(segv_blocked_child), SIGSEGV));
	KTAP_EXPECT("sigsegv_ignored_still_kills",
		    killed_by(run_child(segv_ignored_child), SIGSEGV));
}

/* ------------------------------------------------------ alternate stack */

static char *alt_base;
static size_t alt_size;
static volatile int on_alt, alt_flags_inside, alt_eperm;

static int addr_on_alt(const void *p)
{
	return (const char *)p >= alt_base && (const char *)p < alt_base + alt_size;
}

static void on_altstack(int sig)
{
	stack_t cur, other = { .ss_sp = alt_base, .ss_size = alt_size };
	int local;

	on_alt = addr_on_alt(&local);
	sigaltstack(NULL, &cur);
	alt_flags_inside = cur.ss_flags;
	alt_eperm = fails_with(sigaltstack(&other, NULL), EPERM);
	hits++;
}

static void test_sigaltstack(void)
{
	stack_t ss, old;
	int ok;

	alt_size = 4 * SIGSTKSZ;
	alt_base = malloc(alt_size);
	KTAP_EXPECT("sigaltstack_initially_disabled",
		    sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE &&
		    old.ss_size == 0);
	/* The raw call: libc checks some of these itself. */
	ss = (stack_t){ .ss_sp = alt_base, .ss_size = 1024 };
	ok = fails_with(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM);
	ss = (stack_t){ .ss_sp = alt_base, .ss_size = alt_size,
			.ss_flags = 42 };
	KTAP_EXPECT("sigaltstack_errors",
		    ok && fails_with(syscall(SYS_sigaltstack, &ss, NULL), EINVAL) &&
		    fails_with(syscall(SYS_sigaltstack, (void *)8, NULL),
			       EFAULT));
	ss.ss_flags = 0;
	ok = sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 &&
	     old.ss_sp == alt_base && old.ss_size == alt_size &&
	     old.ss_flags == 0;
	handle(SIGUSR1, on_altstack, SA_ONSTACK);
	hits = 0;
	kill(getpid(), SIGUSR1);
	KTAP_EXPECT("sa_onstack_runs_on_altstack",
		    ok && hits == 1 && on_alt && alt_flags_inside == SS_ONSTACK &&
		    alt_eperm);
	/* SS_AUTODISARM: gone while the handler runs, back after it. */
	ss.ss_flags = (int)SS_AUTODISARM;
	sigaltstack(&ss, NULL);
	kill(getpid(), SIGUSR1);
	ok = sigaltstack(NULL, &old) == 0;
	KTAP_EXPECT("ss_autodisarm",
		    ok && on_alt && alt_flags_inside == SS_DISABLE &&
		    old.ss_flags == (int)SS_AUTODISARM &&
		    old.ss_size == alt_size);
	handle(SIGUSR1, SIG_DFL, 0);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	free(alt_base);
}

/* Endless recursion into the guard gap; a handler on the alt stack. */
static volatile int never;

static int recurse(int n)
{
	volatile char pad[1024];

	if (never)
		return 0;
	pad[0] = (char)n;
	return recurse(n + 1) + pad[0];
}

static void overflow_handler(int sig)
{
	int local;

	_exit(addr_on_alt(&local) ? 42 : 1);
}

static int overflow_child(void)
{
	stack_t ss;

	alt_size = 4 * SIGSTKSZ;
	alt_base = malloc(alt_size);
	ss = (stack_t){ .ss_sp = alt_base, .ss_size = alt_size };
	sigaltstack(&ss, NULL);
	handle(SIGSEGV, overflow_handler, SA_ONSTACK);
	return recurse(0);
}

static int overflow_no_altstack_child(void)
{
	handle(SIGSEGV, overflow_handler, 0);
	return recurse(0);
}

static void test_stack_overflow(void)
{
	int st = run_child(overflow_child);

	KTAP_EXPECT("stack_overflow_handled_on_altstack",
		    st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 42);
	/* No room for the frame: SIGSEGV's default action instead. */
	KTAP_EXPECT("stack_overflow_without_altstack_kills",
		    killed_by(run_child(overflow_no_altstack_child), SIGSEGV));
}

/* ---------------------------------------------------- alarm and timers */

static volatile int alarms;

static void on_alarm(int sig)
{
	alarms++;
}

static void test_alarm_pause(void)
{
	struct itimerval it;
	unsigned int left;
	long us;
	int r;

	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	KTAP_EXPECT("alarm_none_before", alarm(1) == 0);
	r = pause();
	KTAP_EXPECT("pause_returns_eintr_after_alarm",
		    r == -1 && errno == EINTR && alarms == 1);
	alarm(5);
	getitimer(ITIMER_REAL, &it);
	us = it.it_value.tv_sec * 1000000L + it.it_value.tv_usec;
	left = alarm(0);
	KTAP_EXPECT("alarm_reports_time_left",
		    left == 5 && us > 4000000 && us <= 5000000 &&
		    it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 0);
	getitimer(ITIMER_REAL, &it);
	KTAP_EXPECT("alarm_zero_disarms",
		    it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0);
	/* An interval timer: a SIGALRM every 20 ms until disarmed. */
	alarms = 0;
	arm_timer(20000, 20000);
	while (alarms < 3)
		pause();
	arm_timer(0, 0);
	getitimer(ITIMER_REAL, &it);
	KTAP_EXPECT("itimer_interval_repeats",
		    alarms == 3 && it.it_value.tv_sec == 0 &&
		    it.it_value.tv_usec == 0);
	it = (struct itimerval){ .it_value = { .tv_usec = 1000000 } };
	KTAP_EXPECT("setitimer_einval",
		    fails_with(setitimer(ITIMER_REAL, &it, NULL), EINVAL) &&
		    fails_with(syscall(SYS_setitimer, 7, &it, NULL), EINVAL) &&
		    fails_with(syscall(SYS_getitimer, ITIMER_REAL, (void *)8),
			       EFAULT));
	handle(SIGALRM, SIG_DFL, 0);
}

static void test_sigsuspend(void)
{
	sigset_t none;
	int r;

	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	set_mask(SIG_BLOCK, SIGALRM);
	arm_timer(20000, 0);
	sigemptyset(&none);
	r = sigsuspend(&none);
	KTAP_EXPECT("sigsuspend_waits_with_its_mask",
		    r == -1 && errno == EINTR && alarms == 1 &&
		    blocked_now(SIGALRM));
	/* Pending already and let in by the mask: at once. */
	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	set_mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	r = sigsuspend(&none);
	KTAP_EXPECT("sigsuspend_takes_pending",
		    r == -1 && errno == EINTR && hits == 1 &&
		    blocked_now(SIGUSR1));
	set_mask(SIG_UNBLOCK, SIGUSR1);
	set_mask(SIG_UNBLOCK, SIGALRM);
	handle(SIGUSR1, SIG_DFL, 0);
	handle(SIGALRM, SIG_DFL, 0);
}

/* ------------------------------------------------------ rt_sigtimedwait */

/* The raw call: musl's sigtimedwait retries EINTR, which we test. */
static long timedwait(const uint64_t *set, siginfo_t *info,
		      const struct timespec *ts, size_t size)
{
	return syscall(SYS_rt_sigtimedwait, set, info, ts, size);
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static int is_pending(int sig)
{
	sigset_t set;

	sigpending(&set);
	return sigismember(&set, sig);
}

/* Pending signals of the set are taken at once, with their siginfo. */
static void test_sigtimedwait_pending(void)
{
	struct timespec zero = { 0, 0 };
	int rt = SIGRTMIN + 3;
	uint64_t set = bit(SIGUSR1) | bit(rt);
	siginfo_t si;
	long r1, r2, r3;

	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	set_mask(SIG_BLOCK, SIGUSR1);
	set_mask(SIG_BLOCK, rt);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 7 });
	memset(&si, 0xff, sizeof(si));
	r1 = timedwait(&set, &si, &zero, 8);
	KTAP_EXPECT("sigtimedwait_takes_pending_with_siginfo",
		    r1 == SIGUSR1 && si.si_signo == SIGUSR1 &&
		    si.si_code == SI_QUEUE && si.si_pid == getpid() &&
		    si.si_uid == getuid() && si.si_value.sival_int == 7 &&
		    si.si_errno == 0 && hits == 0 && !is_pending(SIGUSR1));
	/* Real-time ones one instance at a time, in order; NULL info. */
	sigqueue(getpid(), rt, (union sigval){ .sival_int = 1 });
	sigqueue(getpid(), rt, (union sigval){ .sival_int = 2 });
	r1 = timedwait(&set, &si, &zero, 8);
	r2 = timedwait(&set, NULL, &zero, 8);
	r3 = timedwait(&set, &si, &zero, 8);
	KTAP_EXPECT("sigtimedwait_rt_in_order",
		    r1 == rt && si.si_value.sival_int == 1 && r2 == rt &&
		    fails_with(r3, EAGAIN) && !is_pending(rt));
	set_mask(SIG_UNBLOCK, rt);
	set_mask(SIG_UNBLOCK, SIGUSR1);
	handle(SIGUSR1, SIG_DFL, 0);
}

static int exit_after_20ms(void)
{
	usleep(20000);
	return 5;
}

/* Waiting: for the time given, or without end until a signal comes. */
static void test_sigtimedwait_waits(void)
{
	struct timespec ts = { 0, 30 * 1000000L }, t0;
	uint64_t set = bit(SIGALRM);
	siginfo_t si;
	pid_t pid;
	long r, ms;
	int st;

	set_mask(SIG_BLOCK, SIGALRM);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = timedwait(&set, &si, &ts, 8);
	ms = elapsed_ms(&t0);
	KTAP_EXPECT("sigtimedwait_timeout_eagain",
		    fails_with(r, EAGAIN) && ms >= 30 && ms < 1000);
	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	arm_timer(20000, 0);
	memset(&si, 0, sizeof(si));
	r = timedwait(&set, &si, NULL, 8);
	KTAP_EXPECT("sigtimedwait_null_timeout_waits",
		    r == SIGALRM && si.si_code == SI_KERNEL && alarms == 0 &&
		    blocked_now(SIGALRM) && !is_pending(SIGALRM));
	set_mask(SIG_UNBLOCK, SIGALRM);
	handle(SIGALRM, SIG_DFL, 0);
	/*
	 * SIGCHLD is ignored by default, yet blocked it is not dropped:
	 * the wait takes it (busybox init waits for its children so).
	 */
	set_mask(SIG_BLOCK, SIGCHLD);
	set = bit(SIGCHLD);
	pid = fork();
	if (pid == 0)
		_exit(exit_after_20ms());
	memset(&si, 0, sizeof(si));
	ts = (struct timespec){ .tv_sec = 5 };
	r = timedwait(&set, &si, &ts, 8);
	KTAP_EXPECT("sigtimedwait_takes_default_ignored_sigchld",
		    r == SIGCHLD && si.si_code == CLD_EXITED &&
		    si.si_pid == pid && si.si_status == 5 &&
		    waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 5);
	set_mask(SIG_UNBLOCK, SIGCHLD);
}

/* A signal that kills by default, waited for: taken, nobody dies. */
static int wait_for_usr2(void)
{
	struct timespec five = { .tv_sec = 5 };
	uint64_t set = bit(SIGUSR2);
	siginfo_t si;

	handle(SIGUSR2, SIG_DFL, 0);
	set_mask(SIG_BLOCK, SIGUSR2);
	return timedwait(&set, &si, &five, 8) == SIGUSR2 &&
			       si.si_code == SI_USER && si.si_pid == getppid() ?
		       0 :
		       1;
}

static void test_sigtimedwait_fatal_default(void)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0)
		_exit(wait_for_usr2());
	usleep(50000);	/* most likely waiting by now; if not, pending */
	kill(pid, SIGUSR2);
	KTAP_EXPECT("sigtimedwait_takes_a_fatal_by_default_signal",
		    pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
}

/* A handled signal outside the set ends the wait: EINTR, no restart. */
static void test_sigtimedwait_eintr(void)
{
	struct timespec two = { .tv_sec = 2 };
	uint64_t set = bit(SIGUSR1);
	long r1, r2;

	set_mask(SIG_BLOCK, SIGUSR1);
	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	arm_timer(20000, 0);
	r1 = timedwait(&set, NULL, &two, 8);
	handle(SIGALRM, on_alarm, SA_RESTART);
	arm_timer(20000, 0);
	r2 = timedwait(&set, NULL, NULL, 8);
	KTAP_EXPECT("sigtimedwait_eintr_even_with_sa_restart",
		    fails_with(r1, EINTR) && fails_with(r2, EINTR) &&
		    alarms == 2 && blocked_now(SIGUSR1) && !blocked_now(SIGALRM));
	handle(SIGALRM, SIG_DFL, 0);
	set_mask(SIG_UNBLOCK, SIGUSR1);
}

static void test_sigtimedwait_errors(void)
{
	struct timespec zero = { 0, 0 }, bad_ns = { 0, 1000000000L },
			neg = { -1, 0 };
	uint64_t set = bit(SIGUSR2);
	long r;

	KTAP_EXPECT("sigtimedwait_bad_args",
		    fails_with(timedwait(&set, NULL, &zero, 4), EINVAL) &&
		    fails_with(timedwait(&set, NULL, &zero, 16), EINVAL) &&
		    fails_with(timedwait(NULL, NULL, &zero, 8), EFAULT) &&
		    fails_with(timedwait((void *)PAGE, NULL, &zero, 8), EFAULT) &&
		    fails_with(timedwait(&set, NULL, (void *)8, 8), EFAULT) &&
		    fails_with(timedwait(&set, NULL, &bad_ns, 8), EINVAL) &&
		    fails_with(timedwait(&set, NULL, &neg, 8), EINVAL));
	/* The signal is taken before the siginfo is written: it is gone. */
	set_mask(SIG_BLOCK, SIGUSR2);
	kill(getpid(), SIGUSR2);
	r = timedwait(&set, (void *)8, &zero, 8);
	KTAP_EXPECT("sigtimedwait_bad_info_efault_consumes",
		    fails_with(r, EFAULT) && !is_pending(SIGUSR2));
	set_mask(SIG_UNBLOCK, SIGUSR2);
}

/* ----------------------------------------- interrupted system calls */

static int pipe_fds[2];

static void alarm_writes(int sig)
{
	alarms++;
	write(pipe_fds[1], "x", 1);
}

static void test_eintr_restart(void)
{
	char c = 0;
	ssize_t n;

	pipe(pipe_fds);
	handle(SIGALRM, on_alarm, 0);
	alarms = 0;
	arm_timer(20000, 0);
	n = read(pipe_fds[0], &c, 1);
	KTAP_EXPECT("read_interrupted_eintr",
		    n == -1 && errno == EINTR && alarms == 1);
	/* SA_RESTART: the read goes on and gets what the handler wrote. */
	handle(SIGALRM, alarm_writes, SA_RESTART);
	alarms = 0;
	arm_timer(20000, 0);
	n = read(pipe_fds[0], &c, 1);
	KTAP_EXPECT("read_restarted_sa_restart",
		    n == 1 && c == 'x' && alarms == 1);
	handle(SIGALRM, SIG_DFL, 0);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

/*
 * The other sleeps, with a SA_RESTART handler: nanosleep, poll and
 * select end in EINTR anyway (Linux never restarts them after a
 * handler), nanosleep telling what was left; a futex wait without a
 * timeout restarts, and finds the word changed by the handler; with a
 * timeout it is EINTR.
 */
static uint32_t futex_word;

static void alarm_bumps_word(int sig)
{
	alarms++;
	futex_word++;
}

static long futex_wait_for(uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, val, ts,
		       NULL, 0);
}

static void test_other_sleeps_interrupted(void)
{
	struct timespec two = { .tv_sec = 2 }, left = { 0, 0 };
	struct pollfd pfd;
	fd_set set;
	int fds[2], r;

	pipe(fds);
	handle(SIGALRM, alarm_bumps_word, SA_RESTART);
	alarms = 0;
	arm_timer(20000, 0);
	r = nanosleep(&two, &left);
	KTAP_EXPECT("nanosleep_eintr_with_time_left",
		    r == -1 && errno == EINTR && alarms == 1 &&
		    left.tv_sec == 1 && left.tv_nsec > 0);
	pfd = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	arm_timer(20000, 0);
	r = poll(&pfd, 1, 2000);
	KTAP_EXPECT("poll_eintr_despite_sa_restart",
		    r == -1 && errno == EINTR && alarms == 2);
	FD_ZERO(&set);
	FD_SET(fds[0], &set);
	arm_timer(20000, 0);
	r = select(fds[0] + 1, &set, NULL, NULL, NULL);
	KTAP_EXPECT("select_eintr_despite_sa_restart",
		    r == -1 && errno == EINTR && alarms == 3);
	futex_word = 0;
	arm_timer(20000, 0);
	r = (int)futex_wait_for(0, NULL);
	KTAP_EXPECT("futex_wait_restarts_and_sees_new_value",
		    r == -1 && errno == EAGAIN && alarms == 4);
	arm_timer(20000, 0);
	r = (int)futex_wait_for(futex_word, &two);
	KTAP_EXPECT("futex_timed_wait_eintr",
		    r == -1 && errno == EINTR && alarms == 5);
	handle(SIGALRM, on_alarm, 0);
	arm_timer(20000, 0);
	r = (int)futex_wait_for(futex_word, NULL);
	KTAP_EXPECT("futex_wait_eintr_without_sa_restart",
		    r == -1 && errno == EINTR && alarms == 6);
	handle(SIGALRM, SIG_DFL, 0);
	close(fds[0]);
	close(fds[1]);
}

/* ppoll waits with its own mask and puts the caller's back after. */
static void test_ppoll_mask(void)
{
	struct timespec two = { .tv_sec = 2 };
	sigset_t none;
	int r;

	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	set_mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigemptyset(&none);
	r = ppoll(NULL, 0, &two, &none);
	KTAP_EXPECT("ppoll_takes_signal_its_mask_lets_in",
		    r == -1 && errno == EINTR && hits == 1 &&
		    blocked_now(SIGUSR1));
	KTAP_EXPECT("ppoll_bad_sigset_size",
		    fails_with(syscall(SYS_ppoll, NULL, 0, &two, &none, 4),
			       EINVAL));
	set_mask(SIG_UNBLOCK, SIGUSR1);
	handle(SIGUSR1, SIG_DFL, 0);
}

/* A stop and SIGCONT in the middle of a sleep: it sleeps on, no EINTR. */
static int sleep_through_stop_child(void)
{
	struct timespec t = { .tv_nsec = 300000000 };

	return nanosleep(&t, NULL) == 0 ? 0 : 1;
}

static void test_sleep_survives_stop(void)
{
	pid_t pid = fork();
	int st = -1;

	if (pid == 0)
		_exit(sleep_through_stop_child());
	usleep(50000);
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	KTAP_EXPECT("nanosleep_restarts_after_stop",
		    waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
}

/* -------------------------------------------------------------- SIGPIPE */

static int write_to_closed_pipe(void)
{
	int fds[2];
	ssize_t n;

	pipe(fds);
	close(fds[0]);
	n = write(fds[1], "x", 1);
	close(fds[1]);
	return n == -1 && errno == EPIPE;
}

static int sigpipe_child(void)
{
	write_to_closed_pipe();
	return 0;
}

static void test_sigpipe(void)
{
	int ok;

	handle(SIGPIPE, SIG_IGN, 0);
	KTAP_EXPECT("sigpipe_ignored_epipe", write_to_closed_pipe());
	handle_info(SIGPIPE, on_info, 0);
	hits = 0;
	memset(&last_info, 0, sizeof(last_info));
	ok = write_to_closed_pipe();
	KTAP_EXPECT("sigpipe_handled_epipe",
		    ok && hits == 1 && last_info.si_signo == SIGPIPE &&
		    last_info.si_code == SI_USER &&
		    last_info.si_pid == getpid());
	handle(SIGPIPE, SIG_DFL, 0);
	KTAP_EXPECT("sigpipe_default_kills",
		    killed_by(run_child(sigpipe_child), SIGPIPE));
}

/* ----------------------------------------------------------------- kill */

static int exit_now(void)
{
	return 0;
}

static void test_kill_errors(void)
{
	pid_t gone = fork();
	long tid = syscall(SYS_gettid);

	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	KTAP_EXPECT("kill_zero_checks_existence",
		    kill(getpid(), 0) == 0 && fails_with(kill(gone, 0), ESRCH));
	/* The number is looked at only once a target exists. */
	KTAP_EXPECT("kill_einval_esrch",
		    fails_with(kill(getpid(), -1), EINVAL) &&
		    fails_with(kill(getpid(), 65), EINVAL) &&
		    fails_with(kill(gone, 65), ESRCH) &&
		    fails_with(kill(INT_MIN, 0), ESRCH));
	KTAP_EXPECT("tgkill_checks",
		    syscall(SYS_tgkill, getpid(), tid, 0) == 0 &&
		    fails_with(syscall(SYS_tgkill, 0, tid, 0), EINVAL) &&
		    fails_with(syscall(SYS_tgkill, getpid(), 0, 0), EINVAL) &&
		    fails_with(syscall(SYS_tgkill, gone, tid, 0), ESRCH) &&
		    fails_with(syscall(SYS_tgkill, getpid(), tid, 65),
			       EINVAL) &&
		    fails_with(syscall(SYS_tkill, -3, 0), EINVAL));
	/* Posing as the kernel or kill() to another process is refused. */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = SI_USER;
	KTAP_EXPECT("sigqueueinfo_eperm",
		    fails_with(syscall(SYS_rt_sigqueueinfo, gone, SIGUSR1, &si),
			       EPERM));
	(void)exit_now;
}

/* ------------------------------------------------------ children, SIGCHLD */

static siginfo_t chld_info;
static volatile int chld_count;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	chld_info = *si;
	chld_count++;
}

/* Wait (pausing) until a SIGCHLD has come since @before. */
static void wait_chld(int before)
{
	sigset_t none;

	sigemptyset(&none);
	set_mask(SIG_BLOCK, SIGCHLD);
	while (chld_count == before)
		sigsuspend(&none);
	set_mask(SIG_UNBLOCK, SIGCHLD);
}

static int exit_3(void)
{
	return 3;
}

static pid_t spawn_pauser(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void test_sigchld(void)
{
	int st = -1, before;
	pid_t pid;

	handle_info(SIGCHLD, on_chld, SA_RESTART);
	chld_count = 0;
	pid = fork();
	if (pid == 0)
		_exit(exit_3());
	wait_chld(0);
	KTAP_EXPECT("sigchld_exited",
		    chld_info.si_signo == SIGCHLD &&
		    chld_info.si_code == CLD_EXITED &&
		    chld_info.si_pid == pid && chld_info.si_status == 3 &&
		    waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 3);
	before = chld_count;
	pid = fork();
	if (pid == 0)
		write_at(NULL);
	wait_chld(before);
	KTAP_EXPECT("sigchld_killed_by_segv",
		    chld_info.si_code == CLD_KILLED &&
		    chld_info.si_status == SIGSEGV &&
		    chld_info.si_pid == pid && waitpid(pid, &st, 0) == pid &&
		    killed_by(st, SIGSEGV));
	pid = spawn_pauser();
	before = chld_count;
	kill(pid, SIGTERM);
	wait_chld(before);
	KTAP_EXPECT("kill_child_sigterm",
		    chld_info.si_code == CLD_KILLED &&
		    chld_info.si_status == SIGTERM &&
		    waitpid(pid, &st, 0) == pid && killed_by(st, SIGTERM));
	handle(SIGCHLD, SIG_DFL, 0);
}

static void test_stop_continue(void)
{
	pid_t pid;
	int st = -1, before, ok;

	handle_info(SIGCHLD, on_chld, SA_RESTART);
	chld_count = 0;
	pid = spawn_pauser();
	kill(pid, SIGSTOP);
	ok = waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) &&
	     WSTOPSIG(st) == SIGSTOP;
	wait_chld(0);
	KTAP_EXPECT("sigstop_stops_child",
		    ok && chld_info.si_code == CLD_STOPPED &&
		    chld_info.si_status == SIGSTOP && chld_info.si_pid == pid &&
		    waitpid(pid, &st, WUNTRACED | WNOHANG) == 0);
	before = chld_count;
	kill(pid, SIGCONT);
	ok = waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st);
	wait_chld(before);
	KTAP_EXPECT("sigcont_continues_child",
		    ok && chld_info.si_code == CLD_CONTINUED &&
		    chld_info.si_status == SIGCONT);
	/* While stopped, SIGTERM waits; SIGCONT lets it kill. */
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGTERM);
	ok = waitpid(pid, &st, WNOHANG) == 0;
	kill(pid, SIGCONT);
	KTAP_EXPECT("sigterm_waits_for_sigcont",
		    ok && waitpid(pid, &st, 0) == pid && killed_by(st, SIGTERM));
	/* SIGKILL ends a stopped process at once. */
	pid = spawn_pauser();
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGKILL);
	KTAP_EXPECT("sigkill_ends_stopped_child",
		    waitpid(pid, &st, 0) == pid && killed_by(st, SIGKILL));
	/* SA_NOCLDSTOP: no SIGCHLD for the stop; wait4 still sees it. */
	handle_info(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDSTOP);
	pid = spawn_pauser();
	before = chld_count;
	kill(pid, SIGSTOP);
	ok = waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	wait_chld(before);	/* the one for the kill */
	KTAP_EXPECT("sa_nocldstop",
		    ok && chld_count == before + 1 &&
		    chld_info.si_code == CLD_KILLED);
	handle(SIGCHLD, SIG_DFL, 0);
}

static void test_sigchld_ignored(void)
{
	pid_t pid;
	int st;

	/* POSIX: ignoring SIGCHLD leaves no zombies; wait4 finds none. */
	handle(SIGCHLD, SIG_IGN, 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	KTAP_EXPECT("sigchld_ignored_autoreaps",
		    pid > 0 && fails_with(waitpid(pid, &st, 0), ECHILD));
	/* SA_NOCLDWAIT with a handler: reaped, and the handler runs. */
	handle_info(SIGCHLD, on_chld, SA_NOCLDWAIT | SA_RESTART);
	chld_count = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);
	wait_chld(0);
	KTAP_EXPECT("sa_nocldwait",
		    chld_info.si_pid == pid &&
		    fails_with(waitpid(pid, &st, 0), ECHILD));
	handle(SIGCHLD, SIG_DFL, 0);
}

/* ------------------------------------------------------------- execve */

/* The program execve started: handlers reset, ignored stays, mask kept. */
static int exec_check(void)
{
	struct k_sigaction k1, k2;

	raw_sigaction(SIGUSR1, NULL, &k1, 8);
	raw_sigaction(SIGUSR2, NULL, &k2, 8);
	return k1.handler == SIG_DFL && k2.handler == SIG_IGN &&
			       blocked_now(SIGINT) ? 0 : 1;
}

static const char *self;

static int exec_child(void)
{
	char *const argv[] = { (char *)self, "--exec-check", NULL };
	char *const envp[] = { NULL };

	handle(SIGUSR1, on_sig, 0);
	handle(SIGUSR2, SIG_IGN, 0);
	set_mask(SIG_BLOCK, SIGINT);
	execve(self, argv, envp);
	return 99;
}

static void test_exec_resets(void)
{
	int st = run_child(exec_child);

	KTAP_EXPECT("execve_resets_handlers",
		    st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	bool nested = argc > 1 && !strcmp(argv[1], "--nested");

	if (argc > 1 && !strcmp(argv[1], "--exec-check"))
		return exec_check();
	self = (const char *)getauxval(AT_EXECFN);
	ktap_start("signal", NR_TESTS, nested);
	test_sigaction_roundtrip();
	test_sigaction_errors();
	test_mask_and_pending();
	test_sigprocmask_rules();
	test_siginfo_senders();
	test_queueing();
	test_handler_flags();
	test_sigreturn_registers();
	test_sigreturn_ymm();
	test_segv();
	test_sigtrap();
	test_fatal_faults();
	test_sigaltstack();
	test_stack_overflow();
	test_alarm_pause();
	test_sigsuspend();
	test_sigtimedwait_pending();
	test_sigtimedwait_waits();
	test_sigtimedwait_fatal_default();
	test_sigtimedwait_eintr();
	test_sigtimedwait_errors();
	test_eintr_restart();
	test_other_sleeps_interrupted();
	test_ppoll_mask();
	test_sleep_survives_stop();
	test_sigpipe();
	test_kill_errors();
	test_sigchld();
	test_stop_continue();
	test_sigchld_ignored();
	test_exec_resets();
	return ktap_finish();
}
