/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FPU/SSE/AVX registers user code will use. The kernel is built
 * -mgeneral-regs-only and never touches them, so a thread's user state
 * stays in the registers across kernel code; the return-to-user path
 * (and a switch between two user threads) saves and restores it with
 * fpu_save()/fpu_restore(): XSAVE where the CPU has it (x87, SSE, AVX as
 * present), FXSAVE otherwise. See Documentation/x86.md.
 */
#ifndef _ASM_X86_FPU_H
#define _ASM_X86_FPU_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

#define XFEATURE_X87 (1ULL << 0)
#define XFEATURE_SSE (1ULL << 1)
#define XFEATURE_AVX (1ULL << 2)
#define FPU_STATE_ALIGN 64

/* An XSAVE or FXSAVE area, fpu_state_size() bytes, 64-byte aligned. */
struct fpu_state;

/* Boot: detect, enable (CR0, CR4, XCR0), size the area. */
void fpu_init(void);
size_t fpu_state_size(void);
bool fpu_uses_xsave(void);
/* The XCR0 components saved (x87 and SSE at least). */
u64 fpu_xfeatures(void);

/* A new area in the initial state (what a fresh process starts with). */
struct fpu_state *fpu_state_alloc(void);
void fpu_state_free(struct fpu_state *st);
/* Back to the initial state (execve). */
void fpu_state_reset(struct fpu_state *st);
void fpu_save(struct fpu_state *st);
void fpu_restore(const struct fpu_state *st);

/*
 * Signal frames (arch/x86/kernel/signal.c): the bytes the FPU area takes
 * in a frame, writing t's live state there, and loading it back on
 * rt_sigreturn (NULL: the initial state) after checking what XRSTOR
 * would fault on: 0, -EFAULT, -EINVAL (then the registers are
 * untouched), -ENOMEM. A handler starts with the initial state.
 */
struct thread;
size_t fpu_sigframe_size(void);
int fpu_save_to_sigframe(struct thread *t, void __user *buf);
int fpu_restore_from_sigframe(struct thread *t, const void __user *buf);
void fpu_reset_for_handler(struct thread *t);
/* si_code of an x87 (#MF) or SIMD (#XM) exception of t, 0 if none. */
int fpu_exception_code(struct thread *t, bool simd);

#endif /* _ASM_X86_FPU_H */
