/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Signals as Linux x86-64 user space sees them through the raw system
 * calls: the numbers, struct sigaction as rt_sigaction(2) takes it, the
 * alternate stack, siginfo_t (128 bytes) and its si_code values.
 */
#ifndef _UAPI_LINUX_SIGNAL_H
#define _UAPI_LINUX_SIGNAL_H

#include <stdint.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
/* Real-time signals: queued, one entry per send. */
#define SIGRTMIN 32
#define SIGRTMAX 64
#define _NSIG 64

/* The kernel's sigset_t: one bit per signal, bit (sig - 1). */
#define SIGSET_SIZE 8

/* rt_sigaction sa_flags. */
#define SA_NOCLDSTOP 0x00000001U
#define SA_NOCLDWAIT 0x00000002U
#define SA_SIGINFO 0x00000004U
#define SA_UNSUPPORTED 0x00000400U	/* never accepted: probes for support */
#define SA_EXPOSE_TAGBITS 0x00000800U
#define SA_RESTORER 0x04000000U
#define SA_ONSTACK 0x08000000U
#define SA_RESTART 0x10000000U
#define SA_NODEFER 0x40000000U
#define SA_RESETHAND 0x80000000U

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SIG_DFL 0UL
#define SIG_IGN 1UL

/* struct sigaction as the x86-64 kernel takes it (not libc's). */
struct sigaction {
	uint64_t sa_handler;
	uint64_t sa_flags;
	uint64_t sa_restorer;
	uint64_t sa_mask;
};

/* sigaltstack(2). */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

typedef struct sigaltstack {
	uint64_t ss_sp;
	int ss_flags;
	uint64_t ss_size;
} stack_t;

/* si_code: who sent it (<= 0: user space), or why the kernel did. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_MESGQ (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO (-5)
#define SI_TKILL (-6)

#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8

#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8

#define SEGV_MAPERR 1
#define SEGV_ACCERR 2

#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3

#define TRAP_BRKPT 1
#define TRAP_TRACE 2

#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/*
 * The part of siginfo_t after si_signo, si_errno, si_code and padding:
 * one layout per kind of sender, 32 bytes on x86-64 (what the kernel
 * keeps of a queued signal).
 */
union __sifields {
	struct {		/* kill, tgkill */
		int32_t pid;
		uint32_t uid;
	} kill;
	struct {		/* POSIX timers */
		int32_t tid;
		int32_t overrun;
		uint64_t sigval;
	} timer;
	struct {		/* sigqueue, rt_sigqueueinfo */
		int32_t pid;
		uint32_t uid;
		uint64_t sigval;
	} rt;
	struct {		/* SIGCHLD */
		int32_t pid;
		uint32_t uid;
		int32_t status;
		int64_t utime;
		int64_t stime;
	} sigchld;
	struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		uint64_t addr;
		int16_t addr_lsb;
	} sigfault;
	struct {		/* SIGIO */
		int64_t band;
		int32_t fd;
	} sigpoll;
	uint64_t raw[4];
};

#define __SIGINFO_HEAD                                                   \
	int32_t si_signo;                                                \
	int32_t si_errno;                                                \
	int32_t si_code;                                                 \
	int32_t __pad0

#define SI_MAX_SIZE 128

typedef struct siginfo {
	__SIGINFO_HEAD;
	union {
		union __sifields f;
		int32_t pad[(SI_MAX_SIZE - 16) / 4];
	};
} siginfo_t;

#endif /* _UAPI_LINUX_SIGNAL_H */
