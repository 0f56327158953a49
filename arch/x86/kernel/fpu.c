// SPDX-License-Identifier: GPL-2.0
/*
 * FPU/SSE/AVX state for user code: detection and enabling at boot, and
 * the per-thread save area. The kernel itself never uses these
 * registers (-mgeneral-regs-only), so nothing here runs on a kernel
 * path; only the instructions that save and restore them do.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

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

static bool use_xsave;
static u64 xfeatures;
static size_t state_size = FXSAVE_SIZE;

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

void fpu_init(void)
{
	struct cpuid_regs id = cpuid(1, 0);

	/* Every x86-64 CPU has x87, SSE2 and FXSAVE. x87 present and native errors, no emulation, no lazy-switch trap. */
	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	xfeatures = XFEATURE_X87 | XFEATURE_SSE;
	if (id.ecx & CPUID1_ECX_XSAVE)
		enable_xsave(id.ecx);
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
