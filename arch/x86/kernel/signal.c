// SPDX-License-Identifier: GPL-2.0
/*
 * Signal delivery on x86-64: on the way back to user mode, the handler's
 * frame (<asm/sigframe.h>, Linux's layout) on the user stack or the
 * alternate one, the registers that enter the handler, the turn of an
 * interrupted system call into EINTR or a restart, and rt_sigreturn,
 * which puts every register back from the frame.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/sigframe.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>

#define X86_EFLAGS_CF (1UL << 0)
#define X86_EFLAGS_PF (1UL << 2)
#define X86_EFLAGS_AF (1UL << 4)
#define X86_EFLAGS_ZF (1UL << 6)
#define X86_EFLAGS_SF (1UL << 7)
#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_DF (1UL << 10)
#define X86_EFLAGS_OF (1UL << 11)
#define X86_EFLAGS_RF (1UL << 16)
#define X86_EFLAGS_AC (1UL << 18)

/* The flags a frame may change (IF, IOPL and the rest stay the kernel's). */
#define FIX_EFLAGS                                                         \
	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF |   \
	 X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF |   \
	 X86_EFLAGS_CF | X86_EFLAGS_RF)

/* Below the interrupted rsp: the ABI's red zone, which leaf code uses. */
#define RED_ZONE 128
/* The handler's rsp + 8 is 16-byte aligned, as after a call. */
#define FRAME_ALIGN 16

/* A system call's frame whose result may still say "restart". */
static bool in_syscall(const struct pt_regs *regs)
{
	return regs->vector == SYSCALL_FRAME_VECTOR &&
	       regs->error_code != ~0ULL;
}

static void restart_syscall_regs(struct pt_regs *regs)
{
	regs->rax = regs->error_code;	/* the call number again */
	regs->rip -= 2;			/* the syscall instruction */
}

/*
 * Where the frame goes: below the red zone, or at the top of the
 * alternate stack for SA_ONSTACK; the FPU area first, 64-byte aligned,
 * then the frame. A frame that would not fit on the alternate stack is
 * a bogus address, so writing it fails and SIGSEGV follows, as Linux.
 */
static unsigned long get_sigframe(const struct ksignal *ksig,
				  const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = regs->rsp - RED_ZONE, top;
	bool nested = on_sig_stack(regs->rsp), entering = false;

	if (ksig->ka.sa_flags & SA_ONSTACK) {
		top = sigaltstack_top(sp);
		if (top) {
			sp = top;
			entering = true;
		}
	}
	sp = ALIGN_DOWN(sp - fpu_sigframe_size(), 64UL);
	*fpstate = sp;
	sp = ALIGN_DOWN(sp - sizeof(struct rt_sigframe), FRAME_ALIGN) - 8;
	if ((nested || entering) && !altstack_contains(sp)) {
		pr_info("%s[%d] overflowed sigaltstack\n", current()->name,
			current_process() ? current_process()->pid : 0);
		return ~0UL;
	}
	return sp;
}

static void setup_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			     unsigned long fpstate, sigset_t mask)
{
	const struct thread *t = current();

	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->rdi = regs->rdi;
	sc->rsi = regs->rsi;
	sc->rbp = regs->rbp;
	sc->rbx = regs->rbx;
	sc->rdx = regs->rdx;
	sc->rax = regs->rax;
	sc->rcx = regs->rcx;
	sc->rsp = regs->rsp;
	sc->rip = regs->rip;
	sc->eflags = regs->rflags;
	sc->cs = (u16)regs->cs;
	sc->ss = (u16)regs->ss;
	sc->err = t->arch.error_code;
	sc->trapno = t->arch.trap_nr;
	sc->oldmask = mask;
	sc->cr2 = t->arch.cr2;
	sc->fpstate = t->arch.fpu ? fpstate : 0;
}

/* 0, or -EFAULT: the frame could not be written. */
static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	struct thread *t = current();
	struct rt_sigframe kframe, *kf = &kframe;
	unsigned long fpstate, frame;

	/* x86-64 has no return trampoline of its own: libc's is a must. */
	if (!(ksig->ka.sa_flags & SA_RESTORER))
		return -EFAULT;
	frame = get_sigframe(ksig, regs, &fpstate);
	if (frame >= TASK_SIZE_MAX || !access_ok((void __user *)frame,
						  sizeof(*kf)))
		return -EFAULT;
	memset(kf, 0, sizeof(*kf));
	if (t->arch.fpu && fpu_save_to_sigframe(t, (void __user *)fpstate))
		return -EFAULT;
	kf->pretcode = ksig->ka.sa_restorer;
	kf->uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
			  (fpu_uses_xsave() ? UC_FP_XSTATE : 0);
	save_altstack(&kf->uc.uc_stack);
	setup_sigcontext(&kf->uc.uc_mcontext, regs, fpstate,
			 sigmask_to_save());
	kf->uc.uc_sigmask = sigmask_to_save();
	/* Without SA_SIGINFO Linux leaves the siginfo part unwritten. */
	if (copy_to_user((void __user *)frame, kf,
			 offsetof(struct rt_sigframe, info)))
		return -EFAULT;
	if (ksig->ka.sa_flags & SA_SIGINFO) {
		siginfo_to_external(&kf->info, &ksig->info);
		if (copy_to_user((u8 __user *)frame +
					 offsetof(struct rt_sigframe, info),
				 &kf->info, sizeof(kf->info)))
			return -EFAULT;
	}
	regs->rdi = (u64)ksig->sig;
	regs->rax = 0;	/* for handlers declared without a prototype */
	regs->rsi = frame + offsetof(struct rt_sigframe, info);
	regs->rdx = frame + offsetof(struct rt_sigframe, uc);
	regs->rip = ksig->ka.sa_handler;
	regs->rsp = frame;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	return 0;
}

/* Before the handler: an interrupted call fails or comes back later. */
static void syscall_restart_with_handler(struct pt_regs *regs,
					 const struct ksignal *ksig)
{
	switch ((long)regs->rax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		regs->rax = (u64)-EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ksig->ka.sa_flags & SA_RESTART)) {
			regs->rax = (u64)-EINTR;
			break;
		}
		fallthrough;
	case -ERESTARTNOINTR:
		restart_syscall_regs(regs);
		break;
	}
}

/* No handler ran (ignored, stopped and continued): every kind restarts. */
static void syscall_restart_no_handler(struct pt_regs *regs)
{
	switch ((long)regs->rax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		restart_syscall_regs(regs);
		break;
	case -ERESTART_RESTARTBLOCK:
		regs->error_code = NR_restart_syscall;
		restart_syscall_regs(regs);
		break;
	}
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	int failed;

	if (in_syscall(regs))
		syscall_restart_with_handler(regs, ksig);
	/* Once: a second signal's frame must not rewind rip again. */
	regs->error_code = ~0ULL;
	failed = setup_rt_frame(ksig, regs);
	if (!failed) {
		/* The ABI's function entry: DF clear; no single-step inside. */
		regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF |
				  X86_EFLAGS_TF);
		fpu_reset_for_handler(current());
	}
	signal_setup_done(failed, ksig);
}

void arch_do_signal(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	if (in_syscall(regs)) {
		syscall_restart_no_handler(regs);
		regs->error_code = ~0ULL;
	}
	restore_saved_sigmask();
}

/* ------------------------------------------------------ rt_sigreturn */

static int restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->rdi = sc->rdi;
	regs->rsi = sc->rsi;
	regs->rbp = sc->rbp;
	regs->rbx = sc->rbx;
	regs->rdx = sc->rdx;
	regs->rax = sc->rax;
	regs->rcx = sc->rcx;
	regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	/* Only 64-bit user code here: no other selector makes sense. */
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	/* What rax holds now is a value, never a call to restart. */
	regs->error_code = ~0ULL;
	return fpu_restore_from_sigframe(current(),
					 (const void __user *)sc->fpstate);
}

/*
 * The handler returned into its restorer, which made this call with rsp
 * just past pretcode. A frame that cannot be read back is SIGSEGV.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = current_user_regs();
	unsigned long frame = regs->rsp - 8;
	struct rt_sigframe __user *uf = (struct rt_sigframe __user *)frame;
	struct ucontext uc;

	if (copy_from_user(&uc, &uf->uc, sizeof(uc)))
		goto badframe;
	set_current_blocked(uc.uc_sigmask);
	if (restore_sigcontext(regs, &uc.uc_mcontext))
		goto badframe;
	if (restore_altstack(&uf->uc.uc_stack, regs->rsp))
		goto badframe;
	return (long)regs->rax;
badframe:
	pr_info("%s[%d] bad frame in rt_sigreturn frame:%016lx ip:%llx sp:%llx\n",
		current()->name, current_process() ? current_process()->pid : 0,
		frame, regs->rip, regs->rsp);
	force_sig(SIGSEGV);
	return 0;
}
