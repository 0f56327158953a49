// SPDX-License-Identifier: GPL-2.0
/*
 * User FPU state: the CPU features are enabled as detected, a save,
 * clobber and restore brings back every xmm register (and ymm0's upper
 * half where AVX is on) and MXCSR, a new area restores the initial
 * state, a thread prepared for user code gets one aligned area (freed
 * with it), and every thread's kernel stack top is what the switch puts
 * in the TSS and the per-CPU area.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/ktest.h>
#include <mosaic/percpu.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>

#define XMM_BYTES (8 * 16)
#define CR4_OSFXSR (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_OSXSAVE (1UL << 18)
#define MXCSR_INIT 0x1f80

void fpu_test_load_xmm(const u8 *src);
void fpu_test_store_xmm(u8 *dst);
void fpu_test_clobber_xmm(void);
u32 fpu_test_read_mxcsr(void);
void fpu_test_load_ymm0(const u8 *src);
void fpu_test_store_ymm0(u8 *dst);
void fpu_test_clobber_ymm0(void);

static void test_fpu_enabled_as_detected(struct ktest *t)
{
	u64 cr4 = read_cr4();

	KT_EXPECT(t, cr4 & CR4_OSFXSR);
	KT_EXPECT(t, cr4 & CR4_OSXMMEXCPT);
	KT_EXPECT_EQ(t, !!(cr4 & CR4_OSXSAVE), fpu_uses_xsave());
	KT_EXPECT_EQ(t, fpu_xfeatures() & 3, 3);	/* x87 and SSE */
	/* Legacy region, plus the XSAVE header and any AVX component. */
	KT_EXPECT(t, fpu_state_size() >= (fpu_uses_xsave() ? 576 : 512));
	ktest_log(t, "%s, features 0x%llx, %zu bytes",
		  fpu_uses_xsave() ? "xsave" : "fxsave",
		  (unsigned long long)fpu_xfeatures(), fpu_state_size());
}

static void test_fpu_save_clobber_restore(struct ktest *t)
{
	static u8 pattern[XMM_BYTES], got[XMM_BYTES], ones[XMM_BYTES];
	struct fpu_state *st = fpu_state_alloc();
	u32 mxcsr;

	KT_ASSERT(t, st != NULL);
	KT_EXPECT_EQ(t, (unsigned long)st % FPU_STATE_ALIGN, 0);
	for (int i = 0; i < XMM_BYTES; i++)
		pattern[i] = (u8)(i * 7 + 1);
	memset(ones, 0xff, sizeof(ones));
	fpu_test_load_xmm(pattern);
	mxcsr = fpu_test_read_mxcsr();
	fpu_save(st);
	fpu_test_clobber_xmm();
	fpu_test_store_xmm(got);
	/* The clobber really changed them, or the check below proves nothing. */
	KT_EXPECT(t, !memcmp(got, ones, sizeof(got)));
	KT_EXPECT(t, fpu_test_read_mxcsr() != mxcsr);
	fpu_restore(st);
	fpu_test_store_xmm(got);
	KT_EXPECT(t, !memcmp(got, pattern, sizeof(got)));
	KT_EXPECT_EQ(t, fpu_test_read_mxcsr(), mxcsr);
	fpu_state_free(st);
}

static void test_fpu_avx_upper_half(struct ktest *t)
{
	static u8 pattern[32], got[32];
	struct fpu_state *st;

	if (!(fpu_xfeatures() & XFEATURE_AVX)) {
		ktest_skip(t, "CPU without AVX (QEMU: -cpu max)");
		return;
	}
	st = fpu_state_alloc();
	KT_ASSERT(t, st != NULL);
	for (int i = 0; i < 32; i++)
		pattern[i] = (u8)(0xa0 + i);
	fpu_test_load_ymm0(pattern);
	fpu_save(st);
	fpu_test_clobber_ymm0();
	fpu_restore(st);
	fpu_test_store_ymm0(got);
	KT_EXPECT(t, !memcmp(got, pattern, sizeof(got)));
	fpu_state_free(st);
}

static void test_fpu_new_state_is_initial(struct ktest *t)
{
	static u8 got[XMM_BYTES], zeros[XMM_BYTES];
	struct fpu_state *st = fpu_state_alloc(), *saved = fpu_state_alloc();

	KT_ASSERT(t, st && saved);
	fpu_save(saved);
	fpu_test_clobber_xmm();
	fpu_restore(st);
	fpu_test_store_xmm(got);
	KT_EXPECT(t, !memcmp(got, zeros, sizeof(got)));
	KT_EXPECT_EQ(t, fpu_test_read_mxcsr(), MXCSR_INIT);
	fpu_restore(saved);
	fpu_state_free(st);
	fpu_state_free(saved);
}

struct seen_stack {
	unsigned long sp0, percpu_top, tss_top;
	void *fpu_before, *fpu;
	int prepared;
	bool prepared_again;
};

static int record_stack(void *arg)
{
	struct seen_stack *s = arg;
	struct thread *me = current();

	s->sp0 = me->arch.sp0;
	s->percpu_top = this_cpu_read(kernel_stack_top);
	s->tss_top = tss_kernel_stack();
	s->fpu_before = me->arch.fpu;
	s->prepared = thread_fpu_prepare(me);
	s->fpu = me->arch.fpu;
	/* Twice: the same area, not a second one. */
	s->prepared_again = thread_fpu_prepare(me) == 0 && me->arch.fpu == s->fpu;
	return 0;
}

static void test_thread_stack_top_in_tss(struct ktest *t)
{
	struct seen_stack seen = { 0 };
	struct thread *th = thread_create(record_stack, &seen, "stacktop");
	unsigned long top;

	KT_ASSERT(t, th != NULL);
	top = (unsigned long)th->stack + THREAD_STACK_SIZE;
	KT_EXPECT_EQ(t, thread_join(th, NULL), 0);
	KT_EXPECT_EQ(t, seen.sp0, top);
	KT_EXPECT_EQ(t, seen.percpu_top, top);
	KT_EXPECT_EQ(t, seen.tss_top, top);
	/* A kernel thread has no area until it is prepared for user code. */
	KT_EXPECT(t, seen.fpu_before == NULL);
	KT_EXPECT_EQ(t, seen.prepared, 0);
	KT_EXPECT(t, seen.fpu != NULL);
	KT_EXPECT(t, seen.prepared_again);
	KT_EXPECT_EQ(t, (unsigned long)seen.fpu % FPU_STATE_ALIGN, 0);
	/* Back here, the switch put our own stack top back. */
	KT_EXPECT_EQ(t, tss_kernel_stack(), current()->arch.sp0);
	KT_EXPECT_EQ(t, this_cpu_read(kernel_stack_top), current()->arch.sp0);
}

static struct ktest_case fpu_cases[] = {
	KTEST_CASE(test_fpu_enabled_as_detected),
	KTEST_CASE(test_fpu_save_clobber_restore),
	KTEST_CASE(test_fpu_avx_upper_half),
	KTEST_CASE(test_fpu_new_state_is_initial),
	KTEST_CASE(test_thread_stack_top_in_tss),
	{}
};
KTEST_SUITE(fpu, fpu_cases);
