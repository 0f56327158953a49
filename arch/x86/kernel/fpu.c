// SPDX-License-Identifier: GPL-2.0
/*
 * FPU/SSE/AVX state for user code: detection and enabling at boot, and
 * the per-thread save area. The kernel itself never uses these
 * registers (-mgeneral-regs-only), so nothing here runs on a kernel
 * path; only the instructions that save and restore them do.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/sigframe.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/uaccess.h>

#define CR0_MP (1UL << 1)
#define CR0_EM (1UL << 2)
#define CR0_TS (1UL << 3)
#define CR0_NE (1UL << 5)
#define CR4_OSFXSR (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_OSXSAVE (1UL << 18)
#define CPUID1_ECX_XSAVE (1U << 26)
#define CPUID1_ECX_AVX (1U << 28)
#define CPUID_LEAF_XSTATE 0xd
#define FXSAVE_SIZE 512
/* Reset values (Intel SDM, FINIT and power-up MXCSR). */
#define FCW_INIT 0x037f
#define MXCSR_INIT 0x1f80

/* The legacy region both FXSAVE and XSAVE start with. */
struct fxregs_head {
	u16 fcw, fsw;
	u8 ftw, reserved;
	u16 fop;
	u64 fip, fdp;
	u32 mxcsr, mxcsr_mask;
};

/* The XSAVE header, after the 512-byte legacy region. */
struct xsave_header {
	u64 xstate_bv;
	u64 xcomp_bv;
	u64 reserved[6];
};

#define XSAVE_HEADER_OFFSET FXSAVE_SIZE
/* What MXCSR_MASK reads as 0 means (Intel SDM 11.6.6). */
#define MXCSR_DEFAULT_MASK 0xffbf

static bool use_xsave;
static u64 xfeatures;
static size_t state_size = FXSAVE_SIZE;
/* MXCSR bits the CPU accepts; a 1 elsewhere makes FXRSTOR/XRSTOR #GP. */
static u32 mxcsr_mask = MXCSR_DEFAULT_MASK;

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static struct cpuid_regs cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			     : "a"(leaf), "c"(subleaf));
	return r;
}

static void xsetbv(u32 index, u64 val)
{
	__asm__ __volatile__("xsetbv"
			     :
			     : "c"(index), "a"((u32)val), "d"((u32)(val >> 32)));
}

static void enable_xsave(u32 ecx1)
{
	struct cpuid_regs d = cpuid(CPUID_LEAF_XSTATE, 0);
	u64 supported = ((u64)d.edx << 32) | d.eax;

	xfeatures = XFEATURE_X87 | XFEATURE_SSE;
	if ((ecx1 & CPUID1_ECX_AVX) && (supported & XFEATURE_AVX))
		xfeatures |= XFEATURE_AVX;
	write_cr4(read_cr4() | CR4_OSXSAVE);
	xsetbv(0, xfeatures);
	/* EBX: the area for what XCR0 now enables. */
	state_size = cpuid(CPUID_LEAF_XSTATE, 0).ebx;
	use_xsave = true;
}

static void find_mxcsr_mask(void)
{
	static u8 area[FXSAVE_SIZE] __aligned(16);
	const struct fxregs_head *head = (const struct fxregs_head *)area;

	__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
	if (head->mxcsr_mask)
		mxcsr_mask = head->mxcsr_mask;
}

void fpu_init(void)
{
	struct cpuid_regs id = cpuid(1, 0);

	/* Every x86-64 CPU has x87, SSE2 and FXSAVE. x87 present and native errors, no emulation, no lazy-switch trap. */
	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	xfeatures = XFEATURE_X87 | XFEATURE_SSE;
	if (id.ecx & CPUID1_ECX_XSAVE)
		enable_xsave(id.ecx);
	find_mxcsr_mask();
	pr_info("fpu: %s, features 0x%llx, %zu-byte state\n",
		use_xsave ? "xsave" : "fxsave", (unsigned long long)xfeatures,
		state_size);
}

size_t fpu_state_size(void)
{
	return state_size;
}

bool fpu_uses_xsave(void)
{
	return use_xsave;
}

u64 fpu_xfeatures(void)
{
	return xfeatures;
}

void fpu_state_reset(struct fpu_state *st)
{
	struct fxregs_head *head = (struct fxregs_head *)st;

	/*
	 * Zero is every component's initial state for XRSTOR (an all-zero
	 * header); the legacy words XRSTOR and FXRSTOR still read get
	 * their reset values.
	 */
	memset(head, 0, state_size);
	head->fcw = FCW_INIT;
	head->mxcsr = MXCSR_INIT;
}

struct fpu_state *fpu_state_alloc(void)
{
	struct fpu_state *st = kmalloc_aligned(state_size, FPU_STATE_ALIGN);

	if (st)
		fpu_state_reset(st);
	return st;
}

void fpu_state_free(struct fpu_state *st)
{
	kfree(st);
}

void fpu_save(struct fpu_state *st)
{
	if (use_xsave)
		__asm__ __volatile__("xsave64 (%0)"
				     :
				     : "r"(st), "a"((u32)xfeatures),
				       "d"((u32)(xfeatures >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 (%0)" : : "r"(st) : "memory");
}

void fpu_restore(const struct fpu_state *st)
{
	if (use_xsave)
		__asm__ __volatile__("xrstor64 (%0)"
				     :
				     : "r"(st), "a"((u32)xfeatures),
				       "d"((u32)(xfeatures >> 32))
				     : "memory");
	else
		__asm__ __volatile__("fxrstor64 (%0)" : : "r"(st) : "memory");
}

/* ---------------------------------------------------- signal frames */

size_t fpu_sigframe_size(void)
{
	return state_size + (use_xsave ? FP_XSTATE_MAGIC2_SIZE : 0);
}

/*
 * Write t's user FPU state to a signal frame at @buf (64-byte aligned,
 * fpu_sigframe_size() bytes), as Linux's copy_fpstate_to_sigframe: the
 * area itself, then in the frame only the software bytes describing it,
 * the closing magic, and the header's x87 and SSE bits set, so that a
 * program that edits the legacy image has it loaded back. The kernel's
 * own area stays as XSAVE wrote it: a switch while a copy faults in a
 * page saves the same registers there again.
 */
int fpu_save_to_sigframe(struct thread *t, void __user *buf)
{
	const u8 *area = (const u8 *)t->arch.fpu;
	u8 __user *ubuf = buf;
	struct fpx_sw_bytes sw;
	u32 magic2 = FP_XSTATE_MAGIC2;
	u64 xstate_bv;

	/* The registers are the truth: the kernel never touches them. */
	local_irq_disable();
	fpu_save(t->arch.fpu);
	local_irq_enable();
	if (copy_to_user(ubuf, area, state_size))
		return -EFAULT;
	/* XSAVE and FXSAVE leave bytes 464..511 alone: ours to describe. */
	memset(&sw, 0, sizeof(sw));
	if (use_xsave) {
		sw.magic1 = FP_XSTATE_MAGIC1;
		sw.extended_size = (u32)fpu_sigframe_size();
		sw.xfeatures = xfeatures;
		sw.xstate_size = (u32)state_size;
	}
	if (copy_to_user(ubuf + FPX_SW_BYTES_OFFSET, &sw, sizeof(sw)))
		return -EFAULT;
	if (!use_xsave)
		return 0;
	xstate_bv = ((const struct xsave_header *)(area + XSAVE_HEADER_OFFSET))
			    ->xstate_bv | XFEATURE_X87 | XFEATURE_SSE;
	if (copy_to_user(ubuf + XSAVE_HEADER_OFFSET, &xstate_bv,
			 sizeof(xstate_bv)) ||
	    copy_to_user(ubuf + state_size, &magic2, sizeof(magic2)))
		return -EFAULT;
	return 0;
}

/*
 * A frame's area describes a whole XSAVE image (Linux's
 * check_xstate_in_sigframe); otherwise only its legacy FXSAVE part is
 * taken and the rest starts from its initial state.
 */
static bool sigframe_has_xstate(const u8 *area, const void __user *buf)
{
	const struct fpx_sw_bytes *sw =
		(const struct fpx_sw_bytes *)(area + FPX_SW_BYTES_OFFSET);
	u32 magic2;

	if (!use_xsave || sw->magic1 != FP_XSTATE_MAGIC1 ||
	    sw->xstate_size != state_size ||
	    sw->extended_size != fpu_sigframe_size())
		return false;
	if (copy_from_user(&magic2, (const u8 __user *)buf + state_size,
			   sizeof(magic2)))
		return false;
	return magic2 == FP_XSTATE_MAGIC2;
}

/*
 * What FXRSTOR/XRSTOR would refuse with #GP, checked first: user space
 * wrote this memory, and the kernel must not fault on it. Linux turns
 * the same faults into a failed sigreturn.
 */
static bool fpu_image_valid(const u8 *area)
{
	const struct fxregs_head *head = (const struct fxregs_head *)area;
	const struct xsave_header *h =
		(const struct xsave_header *)(area + XSAVE_HEADER_OFFSET);

	if (head->mxcsr & ~mxcsr_mask)
		return false;
	if (!use_xsave)
		return true;
	if ((h->xstate_bv & ~xfeatures) || h->xcomp_bv)
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(h->reserved); i++)
		if (h->reserved[i])
			return false;
	return true;
}

int fpu_restore_from_sigframe(struct thread *t, const void __user *buf)
{
	u8 *area;
	int err = 0;

	if (!t->arch.fpu)
		return 0;
	area = kmalloc_aligned(state_size, FPU_STATE_ALIGN);
	if (!area)
		return -ENOMEM;
	memset(area, 0, state_size);
	if (!buf) {
		/* No FPU context in the frame: the initial state, as Linux. */
		fpu_state_reset((struct fpu_state *)area);
	} else if (copy_from_user(area, buf, FXSAVE_SIZE)) {
		err = -EFAULT;
	} else if (sigframe_has_xstate(area, buf)) {
		const struct fpx_sw_bytes *sw = (const struct fpx_sw_bytes *)
			(area + FPX_SW_BYTES_OFFSET);
		struct xsave_header *h;
		u64 wanted = sw->xfeatures;

		if (copy_from_user(area, buf, state_size))
			err = -EFAULT;
		h = (struct xsave_header *)(area + XSAVE_HEADER_OFFSET);
		/* Components the frame does not claim start afresh. */
		h->xstate_bv &= wanted | ~xfeatures;
	} else if (use_xsave) {
		struct xsave_header *h =
			(struct xsave_header *)(area + XSAVE_HEADER_OFFSET);

		/* A legacy image: x87 and SSE from it, the rest initial. */
		h->xstate_bv = XFEATURE_X87 | XFEATURE_SSE;
	}
	if (!err && !fpu_image_valid(area))
		err = -EINVAL;
	if (!err) {
		/* Not preemptible: a switch would save the old registers. */
		local_irq_disable();
		memcpy(t->arch.fpu, area, state_size);
		fpu_restore(t->arch.fpu);
		local_irq_enable();
	}
	kfree(area);
	return err;
}

void fpu_reset_for_handler(struct thread *t)
{
	if (!t->arch.fpu)
		return;
	local_irq_disable();
	fpu_state_reset(t->arch.fpu);
	fpu_restore(t->arch.fpu);
	local_irq_enable();
}

int fpu_exception_code(struct thread *t, bool simd)
{
	const struct fxregs_head *head;
	u32 err;

	if (!t->arch.fpu)
		return 0;
	local_irq_disable();
	fpu_save(t->arch.fpu);
	local_irq_enable();
	head = (const struct fxregs_head *)t->arch.fpu;
	/* The exceptions that are flagged and not masked. */
	if (simd)
		err = head->mxcsr & ~(head->mxcsr >> 7) & 0x3f;
	else
		err = head->fsw & ~head->fcw & 0x3f;
	if (err & 0x01)
		return FPE_FLTINV;
	if (err & 0x04)
		return FPE_FLTDIV;
	if (err & 0x08)
		return FPE_FLTOVF;
	if (err & 0x12)
		return FPE_FLTUND;
	if (err & 0x20)
		return FPE_FLTRES;
	return 0;
}
