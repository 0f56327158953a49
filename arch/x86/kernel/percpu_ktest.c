// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU area: GS reaches it, its self pointer and the MSRs agree,
 * current() is the running thread, and a field written is read back.
 */
#include <asm/msr.h>
#include <mosaic/ktest.h>
#include <mosaic/percpu.h>
#include <mosaic/sched.h>

static void test_percpu_self_matches_gs_base(struct ktest *t)
{
	struct percpu *pc = this_cpu_ptr();

	KT_ASSERT(t, pc != NULL);
	KT_EXPECT_EQ(t, (u64)pc, rdmsr(MSR_GS_BASE));
	KT_EXPECT_EQ(t, (u64)pc->self, (u64)pc);
	/* Kernel half: the rule the paranoid (IST) entries rely on. */
	KT_EXPECT(t, (s64)rdmsr(MSR_GS_BASE) < 0);
	/* No ring 3 has run: swapgs has nothing but 0 to hand over. */
	KT_EXPECT_EQ(t, rdmsr(MSR_KERNEL_GS_BASE), 0);
	KT_EXPECT_EQ(t, smp_processor_id(), 0);
	KT_EXPECT(t, !in_interrupt());
}

static void test_percpu_current_is_running_thread(struct ktest *t)
{
	struct thread *me = current();

	KT_ASSERT(t, me != NULL);
	KT_EXPECT_EQ(t, (u64)this_cpu_ptr()->current, (u64)me);
	KT_EXPECT_EQ(t, me->state, THREAD_RUNNING);
	/* Still us after a switch away and back. */
	yield();
	KT_EXPECT_EQ(t, (u64)current(), (u64)me);
}

static void test_percpu_write_read_back(struct ktest *t)
{
	unsigned long saved = this_cpu_read(user_rsp_scratch);

	this_cpu_write(user_rsp_scratch, 0x1234567890abcdefUL);
	KT_EXPECT_EQ(t, this_cpu_ptr()->user_rsp_scratch, 0x1234567890abcdefUL);
	this_cpu_ptr()->user_rsp_scratch = 42;
	KT_EXPECT_EQ(t, this_cpu_read(user_rsp_scratch), 42);
	this_cpu_write(user_rsp_scratch, saved);
}

static struct ktest_case percpu_cases[] = {
	KTEST_CASE(test_percpu_self_matches_gs_base),
	KTEST_CASE(test_percpu_current_is_running_thread),
	KTEST_CASE(test_percpu_write_read_back),
	{}
};
KTEST_SUITE(percpu, percpu_cases);
