/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 signal frame, byte for byte as Linux builds it (its uapi
 * asm/sigcontext.h and asm/ucontext.h, and rt_sigframe): what glibc's
 * and musl's ucontext_t read, what their restorer hands rt_sigreturn.
 *
 *   handler's rsp -> pretcode (the restorer: the handler's return address)
 *                    struct ucontext   uc
 *                    siginfo_t         info   (SA_SIGINFO)
 *                    ...
 *   uc.uc_mcontext.fpstate -> XSAVE/FXSAVE area, 64-byte aligned, with
 *                    struct fpx_sw_bytes in its unused bytes 464..511
 *                    and FP_XSTATE_MAGIC2 right after it (XSAVE only)
 */
#ifndef _ASM_X86_SIGFRAME_H
#define _ASM_X86_SIGFRAME_H

#include <mosaic/signal_types.h>
#include <mosaic/types.h>
#include <uapi/linux/signal.h>

/* uc_flags */
#define UC_FP_XSTATE 0x1		/* fpstate is an XSAVE area */
#define UC_SIGCONTEXT_SS 0x2		/* sigcontext.ss is meaningful */
#define UC_STRICT_RESTORE_SS 0x4	/* and sigreturn restores it */

/* The software-reserved bytes of the FXSAVE image: XSAVE's description. */
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U
#define FP_XSTATE_MAGIC2_SIZE 4
#define FPX_SW_BYTES_OFFSET 464

struct fpx_sw_bytes {
	u32 magic1;		/* FP_XSTATE_MAGIC1 */
	u32 extended_size;	/* xstate_size + FP_XSTATE_MAGIC2_SIZE */
	u64 xfeatures;		/* the components in the area (XCR0) */
	u32 xstate_size;	/* bytes of the XSAVE area */
	u32 padding[7];
};

struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	u64 rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err;		/* the last fault's error code */
	u64 trapno;		/* and vector */
	u64 oldmask;
	u64 cr2;		/* and address (page faults) */
	u64 fpstate;		/* user pointer to the FPU area; 0: none */
	u64 reserved1[8];
};

struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;	/* the kernel's 8 bytes */
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext uc;
	siginfo_t info;
};

/* glibc and musl read these offsets (REG_R8 .. REG_CR2, uc_sigmask). */
_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext");
_Static_assert(__builtin_offsetof(struct ucontext, uc_mcontext) == 40,
	       "uc_mcontext");
_Static_assert(__builtin_offsetof(struct ucontext, uc_sigmask) == 296,
	       "uc_sigmask");
_Static_assert(__builtin_offsetof(struct rt_sigframe, info) == 312,
	       "rt_sigframe.info");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t");
_Static_assert(sizeof(stack_t) == 24, "stack_t");
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "fpx_sw_bytes");

#endif /* _ASM_X86_SIGFRAME_H */
